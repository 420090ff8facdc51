//! Errors through the public API: policy validation, limits, bad bytes,
//! failing writers. Sanitizing itself never panics.

use std::io::{self, Write};

use comment_sanitizer::{AttrKind, ErrorKind, Limits, Policy, PolicyError, Sanitizer};

#[test]
fn unsafe_or_unsupported_policies_are_refused_at_build() {
    let cases: Vec<(Result<Policy, PolicyError>, &str)> = vec![
        (Policy::builder().allow_element("script").build(), "UnsupportedElement"),
        (Policy::builder().allow_element("select").build(), "UnsupportedElement"),
        (
            Policy::builder().allow_element("annotation-xml").build(),
            "UnsupportedElement",
        ),
        (Policy::builder().allow_element("tr").build(), "Conflict"),
        (Policy::builder().allow_element("b c").build(), "InvalidName"),
        (
            Policy::builder()
                .allow_element("b")
                .allow_attribute("b", "onclick", AttrKind::Text)
                .build(),
            "UnsafeAttribute",
        ),
        (
            Policy::builder()
                .allow_element("b")
                .allow_attribute("b", "style", AttrKind::Text)
                .build(),
            "UnsafeAttribute",
        ),
        (
            Policy::builder()
                .allow_element("a")
                .allow_attribute("a", "href", AttrKind::Text)
                .build(),
            "UnsafeAttribute",
        ),
        (
            Policy::builder().allow_attribute("i", "title", AttrKind::Text).build(),
            "ElementNotAllowed",
        ),
        (Policy::builder().url_schemes(["javascript"]).build(), "InvalidScheme"),
        (Policy::builder().url_schemes(["ht tp"]).build(), "InvalidScheme"),
        #[cfg(feature = "resolve-urls")]
        (
            Policy::builder()
                .relative_urls(comment_sanitizer::RelativeUrls::Resolve("not a url".into()))
                .build(),
            "InvalidBaseUrl",
        ),
        #[cfg(feature = "resolve-urls")]
        (
            Policy::builder()
                .relative_urls(comment_sanitizer::RelativeUrls::Resolve("ftp://x.example/".into()))
                .build(),
            "InvalidBaseUrl",
        ),
        (Policy::builder().keep_content("math").build(), "ContentMustBeDropped"),
        (
            Policy::builder().limits(Limits::default().with_max_depth(0)).build(),
            "InvalidLimit",
        ),
        // Browsers flatten nesting past 512: such output would not read
        // back as written.
        (
            Policy::builder().limits(Limits::default().with_max_depth(513)).build(),
            "InvalidLimit",
        ),
        (
            Policy::builder()
                .allow_element("a")
                .allow_attribute("a", "rel", AttrKind::Text)
                .build(),
            "Conflict",
        ),
        (
            Policy::builder()
                .allow_element("a")
                .force_attribute("a", "href", "/")
                .build(),
            "Conflict",
        ),
    ];
    for (result, expected) in cases {
        let err = result.expect_err(expected);
        assert!(format!("{err:?}").starts_with(expected), "{err:?} is not {expected}");
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn error_messages_say_what_to_do() {
    let err = Policy::builder()
        .allow_attribute("i", "title", AttrKind::Text)
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("allow_element(\"i\")"), "{err}");
}

fn limited(max: usize) -> Sanitizer {
    Sanitizer::new(
        Policy::wordpress_comments()
            .to_builder()
            .limits(Limits::default().with_max_input_bytes(Some(max)))
            .build()
            .unwrap(),
    )
}

#[test]
fn input_over_the_maximum_size_is_an_error() {
    let err = limited(10).clean("<b>0123456789</b>").unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::InputTooLarge { limit: 10 });
    assert_eq!(err.offset(), Some(10));
    assert!(limited(10).clean("0123456789").is_ok());
}

#[test]
fn a_stream_over_the_limit_fails_closed() {
    let mut writer = limited(13).writer(Vec::new());
    writer.feed("<b>bold <i>it").unwrap();
    let err = writer.feed("alic and more").unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::InputTooLarge { limit: 13 });
    // The elements it had opened are closed, and nothing more is written.
    assert_eq!(writer.get_ref().as_slice(), b"<b>bold <i>it</i></b>");
    assert_eq!(writer.feed("x").unwrap_err().kind(), &ErrorKind::Poisoned);
    assert_eq!(writer.finish().unwrap_err().kind(), &ErrorKind::Poisoned);
}

#[test]
fn invalid_utf8_is_an_error_with_its_offset() {
    let mut writer = Sanitizer::default().writer(Vec::new());
    writer.write_all(b"<b>ok ").unwrap();
    let err = writer.write_all(b"bad \xff byte").unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    let inner = err
        .into_inner()
        .unwrap()
        .downcast::<comment_sanitizer::Error>()
        .unwrap();
    assert_eq!(inner.kind(), &ErrorKind::InvalidUtf8 { offset: 10 });
    assert_eq!(writer.get_ref().as_slice(), b"<b>ok bad </b>");
}

#[test]
fn input_ending_inside_a_utf8_sequence_is_an_error() {
    let mut writer = Sanitizer::default().writer(Vec::new());
    writer.write_all(b"<i>caf\xc3").unwrap();
    let err = writer.finish().unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::InvalidUtf8 { offset: 6 });
}

/// A writer that fails after `n` bytes.
struct FailAfter(usize, Vec<u8>);

impl Write for FailAfter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.1.len() + buf.len() > self.0 {
            return Err(io::Error::other("disk full"));
        }
        self.1.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_writer_is_an_io_error_and_poisons() {
    let mut writer = Sanitizer::default().writer(FailAfter(5, Vec::new()));
    writer.feed("<b>ok</b>").unwrap_err();
    let err = writer.feed("more").unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Poisoned);
    let mut writer = Sanitizer::default().writer(FailAfter(5, Vec::new()));
    let err = writer.feed("<b>ok</b>").unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Io);
    assert!(std::error::Error::source(&err).is_some());
    assert!(err.to_string().contains("writing"));
}

#[test]
fn hostile_input_never_panics() {
    let pieces = [
        "<", ">", "&", "#", "x", "\"", "'", "/", "=", "!", "-", "?", "[", "]", "\0", "\r", "é", "a", "b", " ",
    ];
    // Every string of length 4 over these pieces.
    let n = pieces.len();
    for k in 0..n.pow(4) {
        let s: String = (0..4).map(|d| pieces[(k / n.pow(d)) % n]).collect();
        let _ = comment_sanitizer::clean(&s);
    }
}

#[test]
fn invalid_utf8_can_be_replaced_instead() {
    use comment_sanitizer::InvalidUtf8;
    let policy = Policy::wordpress_comments()
        .to_builder()
        .invalid_utf8(InvalidUtf8::Replace)
        .build()
        .unwrap();
    let sanitizer = Sanitizer::new(policy);
    for (input, expected) in [
        (&b"a\xffb"[..], "a\u{FFFD}b"),
        (b"a\xc3(b", "a\u{FFFD}(b"),
        (b"<b>\xe2\x82</b>", "<b>\u{FFFD}</b>"),
        (b"end\xf0\x9f", "end\u{FFFD}"),
        (b"\xed\xa0\x80", "\u{FFFD}\u{FFFD}\u{FFFD}"),
    ] {
        // Whole, and split at every byte.
        for split in 0..=input.len() {
            let mut writer = sanitizer.writer(Vec::new());
            writer.write_all(&input[..split]).unwrap();
            writer.write_all(&input[split..]).unwrap();
            let (out, _) = writer.finish().unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{input:?} split at {split}");
        }
    }
}

#[test]
fn too_many_links_is_an_error_when_configured() {
    let policy = Policy::wordpress_comments()
        .to_builder()
        .limits(Limits::default().with_max_links(Some(1)))
        .build()
        .unwrap();
    let sanitizer = Sanitizer::new(policy);
    assert!(sanitizer.clean(r#"<a href="/1">one</a> <a>no href</a>"#).is_ok());
    let err = sanitizer
        .clean(r#"<a href="/1">one</a> <a href="/2">two</a>"#)
        .unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::TooManyLinks { limit: 1 });
    // Streaming fails closed: the output stops before the second link.
    let mut writer = sanitizer.writer(Vec::new());
    let err = writer
        .feed(r#"<b><a href="/1">one</a> <a href="/2">two</a> after</b>"#)
        .unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::TooManyLinks { limit: 1 });
    assert_eq!(
        writer.get_ref().as_slice(),
        br#"<b><a href="/1" rel="nofollow ugc">one</a> </b>"#
    );
}

#[test]
fn attributes_past_the_per_tag_limit_are_dropped_and_reported() {
    let many: String = (0..100).map(|i| format!(" data-{i}=x")).collect();
    let input = format!("<a{many} href=\"/x\">x</a>");
    let (out, report) = comment_sanitizer::clean_with_report(&input);
    assert_eq!(out, "<a>x</a>");
    assert!(report.removals().iter().any(|r| matches!(
        &r.what,
        comment_sanitizer::Removed::Attribute {
            reason: comment_sanitizer::Reason::TooMany,
            ..
        }
    )));
}

#[test]
fn many_distinct_attributes_cost_linear_work() {
    // Regression: html5ever finds duplicate attributes by comparing each new
    // name with every earlier one, so 100,000 distinct attributes took
    // seconds. The native tokenizer hashes names past a handful; this input
    // must be handled, and duplicates still removed (first one wins).
    let many: String = (0..1000).map(|i| format!(" a{i}=1 a{i}=2")).collect();
    let input = format!("<b{many} title=x>t</b>");
    let (out, report) = comment_sanitizer::clean_with_report(&input);
    assert_eq!(out, "<b>t</b>");
    assert!(report.total_removals() >= 32);
}

/// `max_input_bytes` counts the bytes given, not what replacing invalid
/// UTF-8 makes of them (U+FFFD takes three bytes for one).
#[test]
fn replaced_invalid_utf8_counts_as_the_bytes_given() {
    use std::io::Write;
    let policy = Policy::wordpress_comments()
        .to_builder()
        .invalid_utf8(comment_sanitizer::InvalidUtf8::Replace)
        .limits(Limits::default().with_max_input_bytes(Some(3)))
        .build()
        .unwrap();
    let sanitizer = Sanitizer::new(policy);
    let mut writer = sanitizer.writer(Vec::new());
    writer.write_all(b"ab\xff").unwrap();
    let (out, _) = writer.finish().unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "ab\u{FFFD}");
    let mut writer = sanitizer.writer(Vec::new());
    let err = writer.write_all(b"ab\xffc").unwrap_err();
    let err = comment_sanitizer::Error::from(err);
    assert_eq!(err.kind(), &ErrorKind::InputTooLarge { limit: 3 });
}
