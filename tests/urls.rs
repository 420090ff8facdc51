//! href and cite: the scheme rule, judged as a browser reads the URL.

use crate::support::{assert_sanitizes, assert_sanitizes_with};
use comment_sanitizer::{Policy, RelativeUrls, Sanitizer};

fn link(href: &str) -> String {
    format!("<a href=\"{href}\">x</a>")
}

#[test]
fn allowed_schemes_and_relative_urls_are_kept() {
    for href in [
        "http://example.com/",
        "https://example.com/?q=1&amp;r=2#f",
        "mailto:someone@example.com",
        "HTTPS://EXAMPLE.COM",
        "/relative/path",
        "page.html",
        "#top",
        "?q=x",
        "//example.com/protocol-relative",
        "",
    ] {
        let expected = format!("<a href=\"{href}\" rel=\"nofollow ugc\">x</a>");
        assert_sanitizes(&link(href), &expected);
    }
}

#[test]
fn script_schemes_are_dropped_however_they_are_hidden() {
    for href in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "\u{1}\u{2}javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java&#x09;script:alert(1)",
        "java&#9;script:alert(1)",
        "java&Tab;script:alert(1)",
        "java&NewLine;script:alert(1)",
        "java&#13;script:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "&#0000106&#0000097vascript:alert(1)",
        "javascript&colon;alert(1)",
        "&#x20;&#x01;javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
        "ftp://example.com",
        "c:\\windows",
    ] {
        assert_sanitizes(&link(href), "<a>x</a>");
    }
}

#[test]
fn a_scheme_broken_by_a_non_scheme_character_is_a_relative_path() {
    // U+FFFD (from a NUL) and a non-breaking space stop the scheme state: a
    // browser reads these as relative paths, which cannot run script.
    assert_sanitizes(
        &link("java\0script:alert(1)"),
        "<a href=\"java\u{FFFD}script:alert(1)\" rel=\"nofollow ugc\">x</a>",
    );
    assert_sanitizes(
        &link("&nbsp;javascript:x"),
        "<a href=\"&nbsp;javascript:x\" rel=\"nofollow ugc\">x</a>",
    );
}

#[test]
fn cite_is_checked_too() {
    assert_sanitizes(r#"<q cite="javascript:alert(1)">q</q>"#, "<q>q</q>");
    assert_sanitizes(
        r#"<blockquote cite=" data:x">q</blockquote>"#,
        "<blockquote>q</blockquote>",
    );
    assert_sanitizes(
        r#"<q cite="https://ok.example">q</q>"#,
        r#"<q cite="https://ok.example">q</q>"#,
    );
}

#[test]
fn duplicate_attributes_keep_the_first() {
    assert_sanitizes(
        r#"<a href="https://ok.example" href="javascript:alert(1)">x</a>"#,
        r#"<a href="https://ok.example" rel="nofollow ugc">x</a>"#,
    );
    assert_sanitizes(
        r#"<a href="javascript:alert(1)" href="https://ok.example">x</a>"#,
        "<a>x</a>",
    );
}

#[test]
fn link_rel_replaces_input_rel_and_can_be_switched_off() {
    assert_sanitizes(
        r#"<a rel="me" href="/x">x</a>"#,
        r#"<a href="/x" rel="nofollow ugc">x</a>"#,
    );
    assert_sanitizes(r#"<a rel="nofollow">no href</a>"#, "<a>no href</a>");
    let off = Sanitizer::new(
        Policy::wordpress_comments()
            .to_builder()
            .link_rel(None)
            .build()
            .unwrap(),
    );
    assert_sanitizes_with(&off, r#"<a href="/x">x</a>"#, r#"<a href="/x">x</a>"#);
}

#[test]
fn schemes_are_configurable() {
    let https_only = Sanitizer::new(
        Policy::wordpress_comments()
            .to_builder()
            .url_schemes(["https"])
            .build()
            .unwrap(),
    );
    assert_sanitizes_with(&https_only, &link("http://x.example"), "<a>x</a>");
    assert_sanitizes_with(&https_only, &link("mailto:a@b"), "<a>x</a>");
    let tel = Sanitizer::new(
        Policy::wordpress_comments()
            .to_builder()
            .url_schemes(["https", "tel"])
            .build()
            .unwrap(),
    );
    assert_sanitizes_with(
        &tel,
        &link("tel:+123"),
        "<a href=\"tel:+123\" rel=\"nofollow ugc\">x</a>",
    );
}

#[test]
fn relative_urls_can_be_denied_or_resolved() {
    let deny = Sanitizer::new(
        Policy::wordpress_comments()
            .to_builder()
            .relative_urls(RelativeUrls::Deny)
            .build()
            .unwrap(),
    );
    assert_sanitizes_with(&deny, &link("/x"), "<a>x</a>");
    assert_sanitizes_with(&deny, &link("//evil.example"), "<a>x</a>");
    assert_sanitizes_with(
        &deny,
        &link("https://ok.example"),
        "<a href=\"https://ok.example\" rel=\"nofollow ugc\">x</a>",
    );
    // A special scheme without `//` is relative to a page of that scheme
    // (WHATWG URL, "special relative or authority state"): a browser on
    // https://blog.example reads `https:/internal/admin` as
    // https://blog.example/internal/admin.
    for url in [
        "https:/internal/admin",
        "https:evil",
        "HTTP:\\\\x",
        "http:\t/x",
        "https:\\evil",
    ] {
        let expected = if url.starts_with("HTTP:\\\\") {
            format!("<a href=\"{url}\" rel=\"nofollow ugc\">x</a>")
        } else {
            "<a>x</a>".to_string()
        };
        assert_sanitizes_with(&deny, &link(url), &expected);
    }

    #[cfg(feature = "resolve-urls")]
    check_resolved_urls();
}

#[cfg(feature = "resolve-urls")]
fn check_resolved_urls() {
    let resolve = Sanitizer::new(
        Policy::wordpress_comments()
            .to_builder()
            .relative_urls(RelativeUrls::Resolve("https://blog.example/2024/post/".into()))
            .build()
            .unwrap(),
    );
    assert_sanitizes_with(
        &resolve,
        &link("../other?x=1"),
        "<a href=\"https://blog.example/2024/other?x=1\" rel=\"nofollow ugc\">x</a>",
    );
    assert_sanitizes_with(
        &resolve,
        r##"<q cite="#c1">q</q>"##,
        r##"<q cite="https://blog.example/2024/post/#c1">q</q>"##,
    );
    // Relative to the base when the scheme is the base's, as a browser
    // reads it; absolute otherwise.
    assert_sanitizes_with(
        &resolve,
        &link("https:/internal/admin"),
        "<a href=\"https://blog.example/internal/admin\" rel=\"nofollow ugc\">x</a>",
    );
    assert_sanitizes_with(
        &resolve,
        &link("https:evil"),
        "<a href=\"https://blog.example/2024/post/evil\" rel=\"nofollow ugc\">x</a>",
    );
    assert_sanitizes_with(
        &resolve,
        &link("http:evil"),
        "<a href=\"http://evil/\" rel=\"nofollow ugc\">x</a>",
    );
}

#[test]
fn overlong_urls_are_dropped() {
    let long = format!("https://x.example/{}", "a".repeat(2100));
    assert_sanitizes(&link(&long), "<a>x</a>");
}
