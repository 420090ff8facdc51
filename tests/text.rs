//! The honest text of a comment: minimal escaping, nothing lost, one
//! canonical form.

use crate::support::assert_sanitizes;

#[test]
fn text_is_escaped_minimally() {
    assert_sanitizes("Tom & Jerry's \"show\" = 5 @ 10", "Tom &amp; Jerry's \"show\" = 5 @ 10");
    assert_sanitizes("a < b > c", "a &lt; b &gt; c");
    assert_sanitizes("non\u{a0}breaking", "non&nbsp;breaking");
    assert_sanitizes("ünïcödé — “quotes” 日本語 🎉", "ünïcödé — “quotes” 日本語 🎉");
}

#[test]
fn entities_are_decoded_and_re_escaped_canonically() {
    assert_sanitizes(
        "&lt;b&gt; &amp; &quot; &#39; &apos; &#x41; &eacute; &nbsp;",
        "&lt;b&gt; &amp; \" ' ' A é &nbsp;",
    );
    assert_sanitizes("&copy &amp &lt", "© &amp; &lt;");
    // `&not` is a legacy entity, decoded even without its semicolon in text.
    assert_sanitizes("&notanentity; &# &#x; &;", "¬anentity; &amp;# &amp;#x; &amp;;");
    assert_sanitizes("&xyz; &bogus", "&amp;xyz; &amp;bogus");
    assert_sanitizes("&#0; &#xD800; &#x110000; &#128;", "\u{FFFD} \u{FFFD} \u{FFFD} €");
    assert_sanitizes("AT&T", "AT&amp;T");
    assert_sanitizes("&notit; &notin;", "¬it; ∉");
}

#[test]
fn entities_in_attributes_follow_the_attribute_rule() {
    // In attribute values a legacy entity followed by '=' or an alphanumeric
    // is not decoded.
    assert_sanitizes(
        r#"<a title="&copy=x &copyx &copy;">x</a>"#,
        r#"<a title="&amp;copy=x &amp;copyx ©">x</a>"#,
    );
    assert_sanitizes(
        "<abbr title='a\"b&lt;c'>x</abbr>",
        r#"<abbr title="a&quot;b&lt;c">x</abbr>"#,
    );
}

#[test]
fn a_lone_less_than_sign_stays_text() {
    assert_sanitizes("I <3 this", "I &lt;3 this");
    assert_sanitizes("a < b", "a &lt; b");
    assert_sanitizes("x<", "x&lt;");
    assert_sanitizes("<<b>x</b>", "&lt;<b>x</b>");
    assert_sanitizes("1 <2 and 3> 2", "1 &lt;2 and 3&gt; 2");
    assert_sanitizes("<>", "&lt;&gt;");
}

#[test]
fn a_tag_cut_off_by_the_end_of_input_stays_text() {
    assert_sanitizes("a<b", "a&lt;b");
    assert_sanitizes("see <http://example.com", "see &lt;http://example.com");
    assert_sanitizes("<b>bold</b> and <i", "<b>bold</b> and &lt;i");
    assert_sanitizes("x <a href=\"unfinished", "x &lt;a href=\"unfinished");
    assert_sanitizes("x <a title='t>", "x &lt;a title='t&gt;");
    assert_sanitizes("x </b", "x &lt;/b");
    assert_sanitizes("x </", "x &lt;/");
    assert_sanitizes("x <!-- never closed", "x ");
}

#[test]
fn a_cut_off_tag_is_preprocessed_like_other_text() {
    // Regressions found by tests/properties.rs: the raw text kept for a tag
    // cut off by the end of input skipped the input-stream preprocessing, so
    // a NUL was written raw (a parser drops it: unstable, not idempotent) and
    // CR LF became two line feeds.
    assert_sanitizes("<b\0", "&lt;b");
    assert_sanitizes("x<y\0z", "x&lt;yz");
    assert_sanitizes("x <a\r\nb", "x &lt;a\nb");
    assert_sanitizes("x <a\rb\r", "x &lt;a\nb\n");
}

#[test]
fn characters_a_parser_changes_are_normalized() {
    // A CR from a reference would be read back as LF: write LF.
    assert_sanitizes("a&#13;b&#x0d;&#10;c", "a\nb\n\nc");
    assert_sanitizes("a\r\nb\rc", "a\nb\nc");
    // NUL in text is dropped, as the tree builder drops it.
    assert_sanitizes("a\0b", "ab");
    assert_sanitizes(r#"<abbr title="a&#13;b">x</abbr>"#, "<abbr title=\"a\nb\">x</abbr>");
    // A byte-order mark at the very start is dropped; elsewhere it is text.
    assert_sanitizes("\u{FEFF}a\u{FEFF}b", "a\u{FEFF}b");
    assert_sanitizes("&#xFEFF;a", "a");
    // Regression: html5ever drops a U+FEFF at the start of every chunk it is
    // fed, so a BOM right after a chunk boundary vanished (found by the
    // every-way split helper on the input above).
    assert_sanitizes("ab\u{FEFF}\u{FEFF}c", "ab\u{FEFF}\u{FEFF}c");
}

#[test]
fn whitespace_is_kept() {
    assert_sanitizes("  two  spaces\n\nand\tlines  ", "  two  spaces\n\nand\tlines  ");
}

#[test]
fn benign_comments_in_many_languages_come_out_unchanged() {
    let data = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/benign_comments.json"))
        .expect("benign corpus");
    let comments: Vec<serde_json::Value> = serde_json::from_str(&data).expect("valid JSON");
    assert!(comments.len() >= 40);
    for comment in &comments {
        let input = comment["input"].as_str().expect("input is a string");
        assert_sanitizes(input, input);
    }
}

#[test]
fn unusual_characters_are_handled_as_a_browser_does() {
    // Numeric references: NUL, surrogates and out-of-range values become
    // U+FFFD; 0x80-0x9F map through windows-1252, as the standard says.
    assert_sanitizes(
        "&#0;&#xD800;&#xDFFF;&#x110000;&#99999999999;",
        "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}",
    );
    assert_sanitizes("&#x80;&#x9F;&#x81;", "€Ÿ\u{81}");
    // Noncharacters and C0/C1 controls other than NUL and CR are kept: a
    // browser inserts them as text too (they are parse errors, not markup).
    assert_sanitizes(
        "&#xFDD0;&#xFFFE;&#x1;&#x7F;\u{1}\u{7f}\u{85}",
        "\u{FDD0}\u{FFFE}\u{1}\u{7F}\u{1}\u{7f}\u{85}",
    );
    // In attribute values a raw NUL becomes U+FFFD.
    assert_sanitizes("<abbr title=\"a\0b\">x</abbr>", "<abbr title=\"a\u{FFFD}b\">x</abbr>");
}
