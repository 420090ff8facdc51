//! The sanitizer's buffers do not grow with the input: for each hostile
//! stream, the most bytes held after any chunk stays under a fixed bound
//! with default limits. Deterministic (buffer capacities, not RSS);
//! `examples/memory.rs` measures peak RSS on 100 MB of the same kinds.

use comment_sanitizer::internals::peak_buffer_bytes;
use comment_sanitizer::Policy;

/// Buffers the sanitizer may hold: the table content held back
/// (`Limits::max_held_bytes`, 256 KiB) and its bookkeeping, the stacks of
/// 512 open elements, the formatting list, one chunk of output.
const BOUND: usize = 1024 * 1024;

/// About `total` bytes: `prefix` `n` times, then `filler` repeated, in
/// 4 KiB chunks.
fn stream(prefix: &str, n: usize, filler: &str, total: usize) -> Vec<String> {
    let mut input = prefix.repeat(n);
    while input.len() < total {
        input.push_str(filler);
    }
    let mut chunks = Vec::new();
    let mut rest = input.as_str();
    while !rest.is_empty() {
        let mut at = rest.len().min(4096);
        while !rest.is_char_boundary(at) {
            at -= 1;
        }
        chunks.push(rest[..at].to_string());
        rest = &rest[at..];
    }
    chunks
}

#[track_caller]
fn assert_bounded(case: &str, policy: &Policy, prefix: &str, n: usize, filler: &str) {
    let chunks = stream(prefix, n, filler, 1 << 20);
    let peak = peak_buffer_bytes(policy, chunks.iter().map(String::as_str));
    assert!(peak <= BOUND, "{case}: {peak} bytes held, over {BOUND}");
}

/// Found by `examples/memory.rs`: a `<td>` too deep to open still put a
/// marker on the list of active formatting elements, and nothing took it
/// off, so 1M nested tables held 40 MB.
#[test]
fn nested_tables_past_the_depth_bound() {
    let markdown = Policy::markdown_comments();
    assert_bounded("nested tables", &markdown, "<table><tr><td>", 60_000, "cell ");
    assert_bounded("nested captions", &markdown, "<table><caption>", 60_000, "x ");
    assert_bounded("nested templates", &markdown, "<template>", 100_000, "x ");
    assert_bounded("nested objects", &markdown, "<object>", 100_000, "x ");
    assert_bounded("nested marquees", &markdown, "<marquee>", 100_000, "x ");
    assert_bounded("templates of rows", &markdown, "<template><tr><td>", 60_000, "x ");
}

#[test]
fn hostile_streams_hold_bounded_buffers() {
    let markdown = Policy::markdown_comments();
    let wordpress = Policy::wordpress_comments();
    for policy in [&wordpress, &markdown] {
        assert_bounded("nested lists", policy, "<ul><li>", 100_000, "item ");
        assert_bounded("nested b", policy, "<b>", 100_000, "text ");
        assert_bounded("unclosed links", policy, "<a href=/x>", 100_000, "text ");
        assert_bounded(
            "huge table",
            policy,
            "<table>",
            1,
            "<tr><td>cell</td><td align=left>x</td></tr>\n",
        );
        assert_bounded(
            "foster parenting",
            policy,
            "<table><tr><td>x</td></tr>",
            1,
            "moved <b>before</b> it ",
        );
        assert_bounded("tables in tables", policy, "", 0, "<table>text<table>more<em>x");
        assert_bounded(
            "reopened formatting",
            policy,
            "<a href=/x><b><i><em><strong><s><code>",
            1,
            "<p>x</p>",
        );
        assert_bounded("nested svg", policy, "<svg><foreignObject>", 100_000, "text ");
        assert_bounded("nested select", policy, "<select><option>", 100_000, "text ");
    }
}
