//! Unit tests for what the html5lib suite and the differential test do not
//! reach: the sanitizer flavor's own rules, caps, and borrowing.

use super::*;
use crate::elements::ContentModel;
use crate::event::{TreeEvent, TreeSink};
use crate::policy::Facts;
use crate::tree::TreeBuilder;

/// A sink that switches states as the pipeline's does, from a tree builder
/// fed the same tokens.
struct Switching<F> {
    tree: TreeBuilder,
    emit: F,
}

struct Nowhere;

impl TreeSink for Nowhere {
    fn event(&mut self, _: TreeEvent<'_>) {}

    fn facts(&mut self, name: &str) -> Facts {
        Facts::tables(name)
    }
}

impl<F: FnMut(Token<'_>)> Sink for Switching<F> {
    fn token(&mut self, token: Token<'_>) {
        self.tree.token(token, &mut Nowhere);
        (self.emit)(token);
    }

    fn next_content(&mut self) -> ContentModel {
        self.tree.next_content()
    }

    fn in_foreign_content(&mut self) -> bool {
        self.tree.in_foreign_content()
    }

    fn wants_nul(&mut self) -> bool {
        self.tree.wants_nul()
    }
}

/// Tokens as debug strings, texts merged, input fed in the given chunks.
fn tokens_with(chunks: &[&str], caps: Caps) -> (Vec<String>, u64) {
    let mut out: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut t = Tokenizer::with_caps(caps);
    let mut sink = Switching {
        tree: TreeBuilder::new(1 << 20),
        emit: |tok: Token<'_>| match tok {
            Token::Text(s) => text.push_str(s),
            other => {
                if !text.is_empty() {
                    out.push(format!("Text({text:?})"));
                    text.clear();
                }
                out.push(format!("{other:?}"));
            }
        },
    };
    for c in chunks {
        t.feed_sink(c, &mut sink);
    }
    t.finish_sink(&mut sink);
    drop(sink);
    if !text.is_empty() {
        out.push(format!("Text({text:?})"));
    }
    (out, t.truncations())
}

fn tokens(input: &str) -> Vec<String> {
    tokens_with(&[input], Caps::default()).0
}

#[test]
fn unterminated_tags_come_back_as_text() {
    assert_eq!(tokens("a<b c=\"d>e"), ["Text(\"a<b c=\\\"d>e\")"]);
    assert_eq!(tokens("x</"), ["Text(\"x</\")"]);
    assert_eq!(tokens("x<"), ["Text(\"x<\")"]);
    assert_eq!(tokens("I <3 this"), ["Text(\"I <3 this\")"]);
    assert_eq!(tokens("&amp"), ["Text(\"&\")"]);
    let split = tokens_with(&["q<a hr", "ef=", "\"x&am", "p;"], Caps::default()).0;
    assert_eq!(split, ["Text(\"q<a href=\\\"x&amp;\")"]);
}

#[test]
fn long_pending_tag_is_reported() {
    let caps = Caps {
        max_pending_tag_bytes: 4,
        ..Caps::default()
    };
    assert_eq!(tokens_with(&["<ab", "cdefgh"], caps).0, ["UnterminatedTag"]);
}

#[test]
fn nul_and_bom() {
    assert_eq!(tokens("\u{FEFF}a\0b\u{FEFF}"), ["Text(\"ab\\u{feff}\")"]);
    assert_eq!(tokens_with(&["", "\u{FEFF}x"], Caps::default()).0, ["Text(\"x\")"]);
}

#[test]
fn crlf_across_chunks() {
    let (toks, _) = tokens_with(&["a\r", "\nb\r", "c\r\r\n"], Caps::default());
    assert_eq!(toks, ["Text(\"a\\nb\\nc\\n\\n\")"]);
}

#[test]
fn raw_text_elements_switch() {
    let toks = tokens("<textarea><b>&amp;</textarea><b>");
    assert_eq!(toks.len(), 4, "{toks:?}");
    assert_eq!(toks[1], "Text(\"<b>&\")");
    let toks = tokens("<script><!--<script></script>x</script>y");
    assert_eq!(toks[1], "Text(\"<!--<script></script>x\")", "{toks:?}");
    let toks = tokens("<svg><style><b></b></style></svg>");
    assert!(toks.iter().filter(|t| t.contains("\"b\"")).count() == 2, "{toks:?}");
}

#[test]
fn cdata_only_in_foreign_content() {
    assert_eq!(tokens("<![CDATA[x]]>"), ["Comment(CdataSection)"]);
    // Regression (fuzz target tokenizer_diff): the NUL becomes U+FFFD, which
    // did not fit the 8-byte prefix kept for classification; the later `[`
    // then completed a false `[CDATA[`.
    assert_eq!(tokens("<![CDATA\0[x>"), ["Comment(Comment)"]);
    let toks = tokens("<svg><![CDATA[x<y]]></svg>");
    assert_eq!(toks[1], "Text(\"x<y\")", "{toks:?}");
    assert_eq!(tokens("<?php x ?>"), ["Comment(ProcessingInstruction)"]);
}

#[test]
fn caps_truncate_and_count() {
    let caps = Caps {
        max_name_bytes: 4,
        max_attr_value_bytes: 3,
        max_attrs: 1,
        ..Caps::default()
    };
    let (toks, truncations) = tokens_with(&["<abcdefé x=\"1234\" y=2>"], caps);
    assert_eq!(toks.len(), 1);
    assert!(toks[0].contains("name: \"abcd\""), "{toks:?}");
    assert!(toks[0].contains("value: \"123\""), "{toks:?}");
    assert!(!toks[0].contains("\"y\""), "{toks:?}");
    assert_eq!(truncations, 3);
}

#[test]
fn plain_text_is_borrowed_in_one_piece() {
    let input = "just some text, with no markup at all";
    let mut seen = Vec::new();
    let mut t = Tokenizer::new(1024);
    t.feed(input, &mut |tok: Token<'_>| {
        if let Token::Text(s) = tok {
            seen.push(s.as_ptr() == input.as_ptr() && s.len() == input.len());
        }
    });
    assert_eq!(seen, [true]);
}

#[test]
fn legacy_entities_in_attributes() {
    let toks = tokens("<a href=\"?a=1&copy=2&copy;&notit;&#x80;&#0;&#xD800;\">&notit;");
    assert!(toks[0].contains("?a=1&copy=2©&notit;€\u{FFFD}\u{FFFD}"), "{toks:?}");
    assert_eq!(toks[1], "Text(\"¬it;\")");
}

/// Each fast path gives the same tokens as the state machine, which is what
/// reads the same input split before every byte (no fast path can take a
/// construct that is not whole in one chunk).
#[test]
fn fast_paths_match_the_state_machine() {
    for input in [
        // Found by tests/backends.rs: a reference in a quoted value hands
        // the tag over to the state machine, which emitted it with no name.
        "<abbr title='t&quot;'>x",
        "<a href=\"a&amp;b\" title=x>y</a>",
        "<b>x</b><i class=y>z</i><br/>",
        "<img src=x onerror=alert(1)>",
        "<!-- plain comment --><!--?x--><!---->",
        "<script>a</script><style>b</STYLE><title>c</title>",
        "<textarea>d</textareax></textarea>",
        "<a b c=\"1\" b=\"2\" C='3'>",
    ] {
        let bytewise: Vec<&str> = input.split_inclusive(|_| true).collect();
        let whole = tokens(input);
        assert_eq!(whole, tokens_with(&bytewise, Caps::default()).0, "{input}");
        assert!(!whole.iter().any(|t| t.contains("name: \"\"")), "{input}: {whole:?}");
    }
}
