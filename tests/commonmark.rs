//! The HTML that CommonMark and GitHub Flavored Markdown renderers emit,
//! through the Markdown preset: the example outputs of the CommonMark spec
//! and of the GFM extension examples (tests/data/commonmark/, with their
//! licences and sources).
//!
//! An example whose HTML uses only what the preset allows must come back
//! as the same tree, whitespace included (html5ever parses both). Every
//! other example (raw HTML blocks with disallowed markup, task-list
//! checkboxes, `javascript:` links the spec shows a renderer passing)
//! must give the tree the policy makes of it, as in the tree fidelity
//! property.
//!
//! One accepted difference: a tag cut off by the end of the input (the spec
//! shows renderers passing `<div id="foo"` through) stays as text, where a
//! parser drops it; the crate documents that choice. Those examples are
//! compared by their text, the cut-off tag included.

use crate::support::commonmark::all_examples;
use crate::support::tree::{self, Node, Rules};
use crate::support::{checks, sanitize_every_way};
use comment_sanitizer::{Policy, Sanitizer};

fn dropped_by_default(name: &str) -> bool {
    comment_sanitizer::default_dropped_content().any(|(n, _)| n == name)
}

/// The tag cut off by the end of `html` that a parser drops, if any: from
/// the first `<` that starts a tag with no `>` after it, to the end.
fn cut_off_tag(html: &str) -> Option<&str> {
    let at = html.match_indices('<').map(|(i, _)| i).find(|&i| {
        let tail = &html[i..];
        tail[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') && !tail.contains('>')
    })?;
    (tree::parse(html) == tree::parse(&html[..at])).then_some(&html[at..])
}

/// The tree without `rel` on links, which the policy writes on its own.
fn without_rel(nodes: &[Node]) -> Vec<Node> {
    nodes
        .iter()
        .map(|node| match node {
            Node::Element { name, attrs, children } => Node::Element {
                name: name.clone(),
                attrs: attrs
                    .iter()
                    .filter(|(a, _)| !(name == "a" && a == "rel"))
                    .cloned()
                    .collect(),
                children: without_rel(children),
            },
            text => text.clone(),
        })
        .collect()
}

fn strip_ws(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r'))
        .collect()
}

#[test]
fn renderer_output_comes_back_as_the_same_tree() {
    let policy = Policy::markdown_comments();
    let extras = checks::Extras::of(&policy);
    let sanitizer = Sanitizer::new(policy.clone());
    let rules = Rules::new(&policy, extras, dropped_by_default);
    let all = all_examples();
    assert_eq!(all.len(), 655 + 28, "every example is read");
    let (mut same, mut cleaned, mut cut_off) = (0, 0, 0);
    for example in &all {
        let at = format!("{}:{}", example.file, example.line);
        let (out, _) = sanitize_every_way(&sanitizer, &example.html);
        checks::assert_ok(checks::check_all(&sanitizer, &out), &example.html);
        if let Some(tail) = cut_off_tag(&example.html) {
            let before = &example.html[..example.html.len() - tail.len()];
            let expected = tree::text(&tree::expected(before, &rules)) + &strip_ws(tail);
            assert_eq!(tree::text(&tree::parse(&out)), expected, "{at}: {:?}", example.html);
            cut_off += 1;
            continue;
        }
        let parsed = tree::parse(&example.html);
        let expected = tree::expected(&example.html, &rules);
        let got = tree::parse(&out);
        if without_rel(&expected) == parsed {
            // Only allowed markup: the same tree, whitespace and all (and
            // the `rel` the policy writes on links).
            assert_eq!(got, expected, "{at}: {:?}\noutput {out:?}", example.html);
            same += 1;
        } else {
            assert_eq!(
                tree::canonical(&got),
                tree::canonical(&expected),
                "{at}: {:?}\noutput {out:?}",
                example.html
            );
            cleaned += 1;
        }
    }
    // Most examples use only what renderers emit for plain Markdown.
    assert!(same > 9 * cleaned, "{same} unchanged, {cleaned} cleaned");
    assert!(cut_off < 10, "{cut_off} examples end in a cut-off tag");
}
