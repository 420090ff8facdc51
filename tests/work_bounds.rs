//! The work per token does not grow with the depth of the stack of open
//! elements where the tree builder can avoid it: for inputs that keep a
//! full stack (512 elements), the stack entries visited by the step that
//! runs after every token while content is held, and by the lookups of
//! elements (by name, in scope), stay a small constant per token. Deterministic (counted, not timed); the `dos` fuzz target times
//! the same patterns.

use comment_sanitizer::internals::{lookup_steps, settle_steps};

/// Entries `settle` may visit per token, on average: the short walks below
/// 32 entries it takes instead of looking elements up, and a few more.
const PER_TOKEN: f64 = 40.0;

#[track_caller]
fn assert_bounded(prefix: &str, pattern: &str) {
    assert_per_token(settle_steps, PER_TOKEN, prefix, pattern);
}

/// `prefix`, then `pattern` repeated: the entries `count` counts stay
/// within `bound` per token.
#[track_caller]
fn assert_per_token(count: fn(&str) -> (usize, u64), bound: f64, prefix: &str, pattern: &str) {
    let input = format!("{prefix}{}", pattern.repeat(2000));
    let (tokens, steps) = count(&input);
    let per_token = steps as f64 / tokens as f64;
    assert!(
        per_token <= bound,
        "{per_token:.1} entries per token (over {tokens} tokens) after a {} byte prefix, then {pattern:?} repeated",
        prefix.len()
    );
}

#[test]
fn formatting_elements_around_blocks() {
    assert_bounded("", "<b><div>");
    assert_bounded("", "<b><p>x");
    assert_bounded("", "<b><li>");
}

#[test]
fn a_held_paragraph_under_a_full_stack_of_formatting_elements() {
    assert_bounded(&"<b>".repeat(512), "<p>x");
}

#[test]
fn a_held_paragraph_far_above_its_formatting_element() {
    assert_bounded(&format!("<b>{}", "<y>".repeat(510)), "<p>x");
    assert_bounded(&format!("<object><b>{}", "<span>".repeat(500)), "<p>x");
}

#[test]
fn content_far_above_a_held_special_element() {
    assert_bounded(&format!("<b><p>{}", "<y>".repeat(505)), "x<!-- -->");
}

#[test]
fn content_far_above_a_held_table() {
    assert_bounded(&format!("<table>{}", "<y>".repeat(505)), "</td>");
    assert_bounded(&format!("<table>{}", "<y>".repeat(505)), "x<!-- -->");
}

/// Entries the tree builder may visit looking elements up (an end tag's
/// element, an element in scope), per token on average: the short walk
/// it takes before looking an element up by name (8 entries, 32 right
/// after the adoption agency moved elements), the
/// same-named elements passed (none in these inputs), and the ones closed,
/// each of which a token opened. A walk to the nearest boundary visits
/// 300 or more here.
const LOOKUPS_PER_TOKEN: f64 = 40.0;

#[track_caller]
fn assert_lookups_bounded(prefix: &str, pattern: &str) {
    assert_per_token(lookup_steps, LOOKUPS_PER_TOKEN, prefix, pattern);
}

#[test]
fn stray_end_tags_under_a_full_stack() {
    // Nothing of that name is open: the walk went down to `body`.
    assert_lookups_bounded("", "<y></z></z></z>");
    assert_lookups_bounded("", "<y></span></span>");
    // Open, but below a special element, where the walk stopped.
    assert_lookups_bounded("<x><div>", "<y></x></x>");
    assert_lookups_bounded("<b><div>", "<y></b>");
    // In foreign content, past the foreign elements to the HTML ones.
    assert_lookups_bounded("<svg>", "<y></z></z>");
    assert_lookups_bounded("<math><mi>", "<y></z></z>");
}

#[test]
fn end_tags_that_close_their_element_far_below() {
    // Each closes the elements opened since: linear in what was opened.
    assert_lookups_bounded("", "<x><y><y><y><y></x>");
    assert_lookups_bounded("<svg>", "<x><y><y><y><y></x>");
}

#[test]
fn elements_open_below_a_boundary_under_a_full_stack() {
    // Open, but out of scope (or out of reach of a list item) below an
    // `object`, with 510 elements above it.
    let deep = |open: &str| format!("{open}<object>{}", "<y>".repeat(510));
    assert_lookups_bounded(&deep("<p>"), "<div></div>");
    assert_lookups_bounded(&deep("<p>"), "</p>");
    assert_lookups_bounded(&deep("<h1>"), "</h2>");
    assert_lookups_bounded(&deep("<button>"), "<button>");
    assert_lookups_bounded(&deep("<li>"), "<li>");
    assert_lookups_bounded(&deep("<dd>"), "<dt>");
    assert_lookups_bounded(&deep("<ul><li>"), "</li>");
    assert_lookups_bounded(&format!("<table><td>{}", "<y>".repeat(505)), "</tbody>");
}

#[test]
fn a_template_open_far_above_the_bottom() {
    // A form start tag asks whether a template is open anywhere.
    let deep = format!("{}<template>", "<y>".repeat(500));
    assert_lookups_bounded(&deep, "<form>");
    assert_lookups_bounded(&deep, "<form></form>");
}

#[test]
fn content_fostered_out_of_a_table_far_above_the_bottom() {
    // Each fostered node asks for the last template and the last table.
    let deep = format!("{}<table>", "<y>".repeat(500));
    assert_lookups_bounded(&deep, "x<br>");
    assert_lookups_bounded(&deep, "<b>x");
    assert_lookups_bounded(&deep, "<a>x</a>");
}

#[test]
fn tables_closed_far_above_the_bottom() {
    // Closing a table, template or caption resets the insertion mode from
    // the elements still open.
    let deep = "<y>".repeat(500);
    assert_lookups_bounded(&deep, "<table></table>");
    assert_lookups_bounded(&deep, "<template></template>");
    assert_lookups_bounded(&deep, "<table><caption></caption></table>");
}

#[test]
fn formatting_end_tags_out_of_scope_under_a_full_stack() {
    // The formatting element is listed and open, but below an HTML
    // integration point (a boundary that puts no marker on the list): the
    // adoption agency's scope check ignores each end tag.
    let deep = |open: &str| format!("{open}<svg><desc>{}", "<y>".repeat(505));
    assert_lookups_bounded(&deep("<b>"), "</b>");
    assert_lookups_bounded(&deep("<a>"), "</a>");
    assert_lookups_bounded(&deep("<b>"), "</b></z>");
    assert_lookups_bounded(&format!("<b><math><mi>{}", "<y>".repeat(505)), "</b>");
}
