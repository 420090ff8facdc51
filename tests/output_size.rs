//! Output size is linear in the input: at most 7 bytes per input byte plus
//! 8 KiB, and the attributes a policy adds on its own (`link_rel`, forced
//! attributes) once per element written. The crate docs state the bound;
//! these tests hold it against the inputs that grow output the most:
//! escaping, implied elements, added `rel`, and formatting elements a
//! parser reopens over and over (`<p><b title=...>x</p>` repeated).

use crate::support::clean_chunks;
use comment_sanitizer::{Policy, Sanitizer};

/// The stated bound, for a policy adding `added` bytes per element.
fn bound(input: &str, elements: usize, added: usize) -> usize {
    7 * input.len() + 8 * 1024 + elements * added
}

/// Clean whole and in chunks (chunking must not change the output).
fn clean(sanitizer: &Sanitizer, input: &str) -> String {
    let whole = sanitizer.clean(input).expect("no input limit");
    let mut chunks = Vec::new();
    let mut rest = input;
    while !rest.is_empty() {
        let mut at = rest.len().min(4093);
        while !rest.is_char_boundary(at) {
            at -= 1;
        }
        let (a, b) = rest.split_at(at);
        chunks.push(a);
        rest = b;
    }
    let (chunked, _) = clean_chunks(sanitizer, &chunks);
    assert_eq!(chunked, whole, "chunking changed the output");
    whole
}

/// Inputs of about 20 KB that grow the output the most, each after a
/// prefix that leaves formatting elements with long attributes open.
fn hostile_inputs() -> Vec<(String, String)> {
    let quotes = "\"".repeat(1000);
    let patterns = [
        "&".to_string(),
        "<".to_string(),
        "\u{a0}".to_string(),
        "<a href=#>".to_string(),
        "<a href>x</a>".to_string(),
        "<b>".to_string(),
        format!("<p><a title='{quotes}'>x</p>"),
        format!("<abbr title='{quotes}'>"),
        "<p>x</p>".to_string(),
        "</p>x<p>".to_string(),
        "<b><i><em><strong><s><strike><code><cite>".to_string(),
        "<table><td>".to_string(),
        "<td>x".to_string(),
        "<li>x".to_string(),
        "<b>x</p>y</b>".to_string(),
        "<a title=x><p>y</a>".to_string(),
    ];
    let prefix = format!(
        "<p><a href='https://x.example/{}' title='{quotes}'><b title='{quotes}'><i><em><strong><s><strike><code><cite>",
        "\"".repeat(1900)
    );
    let mut inputs = Vec::new();
    for pattern in &patterns {
        for pre in ["", prefix.as_str()] {
            let input = pre.to_string() + &pattern.repeat(20_000 / pattern.len());
            inputs.push((pattern.clone(), input));
        }
    }
    inputs
}

fn wide_policy() -> Policy {
    let mut builder = Policy::markdown_comments().to_builder();
    for element in [
        "b", "i", "cite", "abbr", "strike", "div", "span", "dl", "dt", "dd", "colgroup", "col",
    ] {
        builder = builder.allow_element(element);
    }
    builder
        .allow_attribute("b", "title", comment_sanitizer::AttrKind::Text)
        .allow_attribute("abbr", "title", comment_sanitizer::AttrKind::Text)
        .build()
        .unwrap()
}

#[test]
fn output_is_linear_in_the_input_with_the_presets() {
    for (name, policy) in [
        ("wordpress", Policy::wordpress_comments()),
        ("markdown", Policy::markdown_comments()),
        ("wide", wide_policy()),
    ] {
        let sanitizer = Sanitizer::new(policy);
        for (pattern, input) in hostile_inputs() {
            let out = clean(&sanitizer, &input);
            assert!(
                out.len() <= bound(&input, 0, 0),
                "{name}, {pattern:?}: {} bytes in, {} out",
                input.len(),
                out.len()
            );
        }
    }
}

#[test]
fn reopened_links_are_bounded_by_the_input() {
    // Before lazy reopening, 4.9 KB of this wrote 4.7 MB.
    let input = "<b>".repeat(254)
        + &format!(
            "<a href=\"https://x.example/{}\" title=\"{}\">x",
            "a".repeat(2000),
            "t".repeat(1000)
        )
        + &"</b>".repeat(254);
    let sanitizer = Sanitizer::default();
    let out = clean(&sanitizer, &input);
    assert!(
        out.len() <= bound(&input, 0, 0),
        "{} bytes in, {} out",
        input.len(),
        out.len()
    );
    assert_eq!(out.matches("<a ").count(), 1);
}

#[test]
fn added_attributes_count_once_per_element() {
    let policy = Policy::wordpress_comments()
        .to_builder()
        .force_attribute("b", "data-kind", "emphasis-from-a-comment")
        .force_attribute("i", "data-kind", "emphasis-from-a-comment")
        .build()
        .unwrap();
    let added = " data-kind=\"emphasis-from-a-comment\"".len();
    let sanitizer = Sanitizer::new(policy);
    for (pattern, input) in hostile_inputs() {
        let out = clean(&sanitizer, &input);
        let elements = out.matches("<b").count() + out.matches("<i").count();
        assert!(
            out.len() <= bound(&input, elements, added),
            "{pattern:?}: {} bytes in, {} out",
            input.len(),
            out.len()
        );
    }
}
