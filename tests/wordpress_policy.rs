//! The default policy, element by element and refusal by refusal.

use crate::support::assert_sanitizes;

#[test]
fn every_allowed_element_is_kept() {
    for name in [
        "a",
        "abbr",
        "acronym",
        "b",
        "blockquote",
        "cite",
        "code",
        "del",
        "em",
        "i",
        "q",
        "s",
        "strike",
        "strong",
    ] {
        let input = format!("x<{name}>y</{name}>z");
        assert_sanitizes(&input, &input);
    }
}

#[test]
fn names_match_case_insensitively_and_are_written_lowercase() {
    assert_sanitizes(
        "<STRONG>a</Strong><BlockQuote CITE='/x'>q</BLOCKQUOTE>",
        r#"<strong>a</strong><blockquote cite="/x">q</blockquote>"#,
    );
}

#[test]
fn listed_attributes_are_kept() {
    assert_sanitizes(
        r#"<a href="https://e.example/" title="T">l</a>"#,
        r#"<a href="https://e.example/" title="T" rel="nofollow ugc">l</a>"#,
    );
    assert_sanitizes(
        r#"<abbr title="HyperText">HTML</abbr>"#,
        r#"<abbr title="HyperText">HTML</abbr>"#,
    );
    assert_sanitizes(
        r#"<acronym title="NATO">N</acronym>"#,
        r#"<acronym title="NATO">N</acronym>"#,
    );
    assert_sanitizes(
        r#"<blockquote cite="https://x.example">q</blockquote>"#,
        r#"<blockquote cite="https://x.example">q</blockquote>"#,
    );
    assert_sanitizes(r#"<q cite="/src">q</q>"#, r#"<q cite="/src">q</q>"#);
    assert_sanitizes(
        r#"<del datetime="2024-05-01T10:00:00Z">d</del>"#,
        r#"<del datetime="2024-05-01T10:00:00Z">d</del>"#,
    );
}

#[test]
fn every_other_attribute_is_dropped() {
    assert_sanitizes(
        r#"<b id="x" class="y" style="color:red" onclick="alert(1)" onmouseover=alert(1) data-x=1 title="t">b</b>"#,
        "<b>b</b>",
    );
    assert_sanitizes(
        r#"<a name="top" target="_blank" href="/x" ping="/p">x</a>"#,
        r#"<a href="/x" rel="nofollow ugc">x</a>"#,
    );
    assert_sanitizes(r#"<abbr title="t" lang="en">a</abbr>"#, r#"<abbr title="t">a</abbr>"#);
    assert_sanitizes(r#"<code title="t">c</code>"#, "<code>c</code>");
}

#[test]
fn other_elements_are_removed_and_their_text_kept() {
    assert_sanitizes("<div>hi</div>", "hi");
    assert_sanitizes("<span class=x>a</span><font color=red>b</font><u>c</u>", "abc");
    assert_sanitizes("<img src=x onerror=alert(1)>after", "after");
    assert_sanitizes("<custom-element>t</custom-element>", "t");
}

#[test]
fn elements_whose_content_is_not_reader_text_go_with_it() {
    for (input, expected) in [
        ("a<script>alert(1)</script>b", "ab"),
        ("a<style>b{color:red}</style>b", "ab"),
        ("a<template><b>t</b></template>b", "ab"),
        ("a<iframe src=x>fallback <b>x</b></iframe>b", "ab"),
        ("a<embed src=x>b", "ab"),
        ("a<noscript><b>x</b></noscript>b", "ab"),
        ("a<noembed>x</noembed>b", "ab"),
        ("a<noframes>x</noframes>b", "ab"),
        ("a<title>x</title>b", "ab"),
        ("a<select><option>x</option></select>b", "ab"),
        ("a<svg><text>x</text></svg>b", "ab"),
        ("a<math><mi>x</mi></math>b", "ab"),
    ] {
        assert_sanitizes(input, expected);
    }
}

#[test]
fn elements_whose_content_a_reader_sees_keep_it() {
    for (input, expected) in [
        // Fallback content: what shows when the object cannot run.
        ("a<object data=x><b>fallback</b></object>b", "a<b>fallback</b>b"),
        ("a<applet code=x>fallback</applet>b", "afallbackb"),
        // Shown as text, in a box or preformatted.
        ("a<textarea><b>x</b></textarea>b", "a&lt;b&gt;x&lt;/b&gt;b"),
        ("a<xmp><b>x</b></xmp>b", "a\n\n&lt;b&gt;x&lt;/b&gt;\n\nb"),
        ("a<listing>x</listing>b", "a\n\nx\n\nb"),
        // A textarea's first newline is not shown.
        ("<textarea>\nx</textarea>", "x"),
    ] {
        assert_sanitizes(input, expected);
    }
}

#[test]
fn raw_text_elements_hide_markup_from_the_tokenizer() {
    // Read as text inside the element, so the end tag inside is not an end tag.
    assert_sanitizes("<textarea></b><b>x</textarea>y", "&lt;/b&gt;&lt;b&gt;xy");
    assert_sanitizes("<style><a href=x>s</a></style>y", "y");
    assert_sanitizes("<script>if (a<b) document.write('</scr'+'ipt>')</script>y", "y");
    assert_sanitizes("<script><!--<script></script>x</script>y", "y");
    assert_sanitizes("<title><!--</title>--><b>x</b>", "--&gt;<b>x</b>");
    assert_sanitizes(
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "\"&gt;",
    );
}

#[test]
fn nested_dropped_elements_are_counted() {
    assert_sanitizes("<template><template></template>in</template>out", "out");
    assert_sanitizes("<svg><svg></svg>in</svg>out", "out");
    assert_sanitizes("<svg/>out", "out");
}

#[test]
fn plaintext_keeps_the_rest_as_text() {
    assert_sanitizes("a<plaintext><b>x</b>", "a\n\n&lt;b&gt;x&lt;/b&gt;");
}

#[test]
fn removed_blocks_leave_a_blank_line_and_br_a_newline() {
    assert_sanitizes("<p>one</p><p>two</p>", "one\n\ntwo");
    assert_sanitizes("<div>one</div><div>two</div>", "one\n\ntwo");
    assert_sanitizes("one<br>two<br/>three</br>four", "one\ntwo\nthree\nfour");
    assert_sanitizes("<ul><li>a</li><li>b</li></ul>", "a\n\nb");
    assert_sanitizes("<h1>Title</h1>Body", "Title\n\nBody");
    assert_sanitizes("<table><tr><td>a</td><td>b</td></tr></table>", "a\n\nb");
    assert_sanitizes("one<p><b>two</b></p>", "one\n\n<b>two</b>");
    assert_sanitizes("<b>one</b><p>two</p>", "<b>one</b>\n\ntwo");
}

#[test]
fn no_break_where_whitespace_already_is() {
    assert_sanitizes("<p>one</p>\n<p>two</p>", "one\ntwo");
    assert_sanitizes("one <br> two", "one  two");
    assert_sanitizes("<p>start</p>", "start");
    assert_sanitizes("<p></p><p>x</p><p></p>", "x");
    assert_sanitizes("a<span>b</span>c", "abc");
}

#[test]
fn comments_doctypes_processing_instructions_and_cdata_are_removed() {
    assert_sanitizes("a<!-- c -->b", "ab");
    assert_sanitizes("a<!-->b", "ab");
    assert_sanitizes("a<!--->b", "ab");
    assert_sanitizes("a<!-- x --!>b", "ab");
    assert_sanitizes("<!DOCTYPE html>a", "a");
    assert_sanitizes("<?xml version=\"1.0\"?>a", "a");
    // In HTML content a CDATA section is a bogus comment that ends at the first `>`.
    assert_sanitizes("a<![CDATA[<b>x</b>]]>b", "ax]]&gt;b");
    assert_sanitizes("a<! bogus >b</ bogus>c", "abc");
}

#[test]
fn datetime_must_be_a_valid_date_or_time() {
    for valid in ["2024-05-01", "10:30", "2024-05-01 10:30", "2024-05-01T10:30:00.5+01:00"] {
        let input = format!(r#"<del datetime="{valid}">x</del>"#);
        assert_sanitizes(&input, &input);
    }
    for invalid in ["yesterday", "2024-02-30", "javascript:alert(1)", ""] {
        assert_sanitizes(&format!(r#"<del datetime="{invalid}">x</del>"#), "<del>x</del>");
    }
}

#[test]
fn title_is_capped() {
    let ok = "t".repeat(1024);
    let input = format!(r#"<abbr title="{ok}">a</abbr>"#);
    assert_sanitizes(&input, &input);
    let too_long = format!(r#"<abbr title="{}">a</abbr>"#, "t".repeat(1025));
    assert_sanitizes(&too_long, "<abbr>a</abbr>");
}

#[test]
fn tags_a_browser_ignores_in_a_comment_keep_their_text() {
    // In body content a browser ignores <head>, <frameset>, <html> and
    // <body> start tags and shows what follows.
    assert_sanitizes("a<head>b</head>c", "abc");
    assert_sanitizes("a<frameset>b</frameset>c", "abc");
    assert_sanitizes("<html><body>a</body></html>", "a");
}
