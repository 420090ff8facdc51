//! Escape mode ([`Disallowed::Escape`]): what the policy does not keep is
//! shown as the text the user typed. The properties (safety, stability,
//! idempotence, chunk invariance, fidelity against a naive oracle) are in
//! `properties.rs`; these are the cases by name.

use crate::support::{assert_sanitizes_with, sanitize_every_way};
use comment_sanitizer::{Disallowed, Limits, Policy, Removed, Sanitizer};

fn escaping(policy: Policy) -> Sanitizer {
    Sanitizer::new(policy.to_builder().disallowed(Disallowed::Escape).build().unwrap())
}

fn wordpress() -> Sanitizer {
    escaping(Policy::wordpress_comments())
}

#[test]
fn angle_brackets_in_prose_stay() {
    let s = wordpress();
    assert_sanitizes_with(&s, "Use Vec<T> here", "Use Vec&lt;T&gt; here");
    assert_sanitizes_with(&s, "mail <me@example.com>", "mail &lt;me@example.com&gt;");
    assert_sanitizes_with(&s, "a <-> b, x<y>z", "a &lt;-&gt; b, x&lt;y&gt;z");
}

#[test]
fn kept_elements_are_kept_and_filtered() {
    let s = wordpress();
    assert_sanitizes_with(
        &s,
        r#"<b onclick="x()">hi</b> <a href="javascript:x">l</a>"#,
        r#"<b>hi</b> <a>l</a>"#,
    );
}

#[test]
fn script_and_style_are_shown_with_their_content() {
    let s = wordpress();
    assert_sanitizes_with(&s, "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    assert_sanitizes_with(&s, "<style>p{}</style>x", "&lt;style&gt;p{}&lt;/style&gt;x");
    // No raw-text state: the tags inside are read as tags.
    assert_sanitizes_with(
        &s,
        "<textarea><b>x</b></textarea>",
        "&lt;textarea&gt;<b>x</b>&lt;/textarea&gt;",
    );
}

#[test]
fn comments_declarations_and_bogus_comments_are_shown() {
    let s = wordpress();
    assert_sanitizes_with(
        &s,
        "<!-- note --><!DOCTYPE html><?xml v?><![CDATA[x]]></ x></>",
        "&lt;!-- note --&gt;&lt;!DOCTYPE html&gt;&lt;?xml v?&gt;&lt;![CDATA[x]]&gt;&lt;/ x&gt;&lt;/&gt;",
    );
}

#[test]
fn source_is_shown_exactly_as_typed() {
    let s = wordpress();
    // Case, quotes, character references and attributes as typed.
    assert_sanitizes_with(
        &s,
        r#"<DIV Class='a' title="&amp;&lt;">x</DIV>"#,
        r#"&lt;DIV Class='a' title="&amp;amp;&amp;lt;"&gt;x&lt;/DIV&gt;"#,
    );
}

#[test]
fn foreign_content_and_tables_are_text_so_nothing_after_them_is_lost() {
    let s = wordpress();
    assert_sanitizes_with(
        &s,
        "<svg><b>x</b></svg><table><td>y</table><select>z",
        "&lt;svg&gt;<b>x</b>&lt;/svg&gt;&lt;table&gt;&lt;td&gt;y&lt;/table&gt;&lt;select&gt;z",
    );
}

#[test]
fn stray_end_tags_of_kept_elements_are_removed_and_reported() {
    let s = wordpress();
    let (out, report) = sanitize_every_way(&s, "a</b>c");
    assert_eq!(out, "ac");
    assert_eq!(report.removals()[0].what, Removed::EndTag { name: "b".into() });
}

#[test]
fn markup_cut_off_by_the_end_is_shown() {
    let s = wordpress();
    assert_sanitizes_with(&s, "x <!-- never closed", "x &lt;!-- never closed");
    assert_sanitizes_with(&s, "x <div title=\"a", "x &lt;div title=\"a");
    assert_sanitizes_with(&s, "x <!DOCTYPE", "x &lt;!DOCTYPE");
}

#[test]
fn line_breaks_and_nul_follow_the_text_rules() {
    let s = wordpress();
    assert_sanitizes_with(&s, "<div\r\nid=x>", "&lt;div\nid=x&gt;");
    assert_sanitizes_with(&s, "<d\0iv>", "&lt;div&gt;");
}

#[test]
fn markup_too_long_to_show_is_removed_whole_and_reported() {
    let policy = Policy::wordpress_comments()
        .to_builder()
        .disallowed(Disallowed::Escape)
        .limits(Limits::default().with_max_pending_tag_bytes(64))
        .build()
        .unwrap();
    let s = Sanitizer::new(policy);
    let long = "y".repeat(100);
    let (out, report) = sanitize_every_way(&s, &format!("a<div title=\"{long}\">b<!--{long}-->c<i>d</i>"));
    assert_eq!(out, "abc<i>d</i>");
    assert_eq!(report.removals()[0].what, Removed::TooLongToEscape);
    assert_eq!(report.removals()[0].count, 2);
}

#[test]
fn escaped_output_cleans_to_itself() {
    let s = wordpress();
    let out = s.clean("<p>Hi <b>there</b><script>x</script><!-- c --></p>").unwrap();
    assert_eq!(s.clean(&out).unwrap(), out);
}

#[test]
fn markdown_preset_keeps_its_elements_and_shows_the_rest() {
    let s = escaping(Policy::markdown_comments());
    assert_sanitizes_with(
        &s,
        "<ul><li>a<li>b</ul><span>c</span>",
        "<ul><li>a</li><li>b</li></ul>&lt;span&gt;c&lt;/span&gt;",
    );
}
