//! The report: what was removed, and how many links the output holds.

use crate::support::sanitize_every_way;
use comment_sanitizer::{Reason, Removed};

fn report_of(input: &str) -> comment_sanitizer::Report {
    sanitize_every_way(&comment_sanitizer::Sanitizer::default(), input).1
}

#[test]
fn elements_attributes_urls_and_comments_are_reported() {
    let report = report_of(
        r#"<div onclick="x()">a<script>s</script><!--c--><a href="javascript:alert(1)" class=c>l</a><?pi?><!doctype html></div>"#,
    );
    let whats: Vec<_> = report.removals().iter().map(|r| (r.what.clone(), r.count)).collect();
    assert_eq!(
        whats,
        vec![
            (
                Removed::Element {
                    name: "div".into(),
                    content_dropped: false
                },
                1
            ),
            (
                Removed::Element {
                    name: "script".into(),
                    content_dropped: true
                },
                1
            ),
            (Removed::Comment, 1),
            (
                Removed::Attribute {
                    element: "a".into(),
                    name: "href".into(),
                    reason: Reason::DisallowedScheme
                },
                1
            ),
            (
                Removed::Attribute {
                    element: "a".into(),
                    name: "class".into(),
                    reason: Reason::NotAllowed
                },
                1
            ),
            (Removed::ProcessingInstruction, 1),
            (Removed::Doctype, 1),
        ]
    );
}

#[test]
fn an_element_is_one_removal_with_its_end_tag() {
    let report = report_of("<span>x</span> <u>y</u>");
    assert_eq!(report.total_removals(), 2);
    // An end tag that closes nothing is a removal of its own.
    let report = report_of("x</span>");
    assert_eq!(report.removals()[0].what, Removed::EndTag { name: "span".into() });
    assert_eq!(report.total_removals(), 1);
}

#[test]
fn each_removal_has_the_offset_of_its_first_occurrence() {
    let input = "ab <span>x</span> <b onclick=y>z</b><!--c--> <span>w</span>";
    let report = report_of(input);
    let offset = |what: &Removed| {
        report
            .removals()
            .iter()
            .find(|r| &r.what == what)
            .map(|r| r.offset)
            .unwrap_or_else(|| panic!("{what:?} reported"))
    };
    let span = Removed::Element {
        name: "span".into(),
        content_dropped: false,
    };
    assert_eq!(offset(&span), input.find("<span>").unwrap() as u64);
    let onclick = Removed::Attribute {
        element: "b".into(),
        name: "onclick".into(),
        reason: Reason::NotAllowed,
    };
    assert_eq!(offset(&onclick), input.find("<b ").unwrap() as u64);
    assert_eq!(offset(&Removed::Comment), input.find("<!--").unwrap() as u64);
}

#[test]
fn offsets_count_the_bytes_as_fed() {
    // CR LF counts two bytes, a leading byte-order mark three, and the
    // offsets do not depend on how the input was split.
    let input = "\u{FEFF}a\r\nb\r\n\r\n<span>x</span>\r<i>é</i><x-y>";
    let s = comment_sanitizer::Sanitizer::default();
    let whole = s.clean_with_report(input).unwrap().1;
    let offsets: Vec<u64> = whole.removals().iter().map(|r| r.offset).collect();
    assert_eq!(
        offsets,
        [
            input.find("<span>").unwrap() as u64,
            input.find("<x-y>").unwrap() as u64
        ]
    );
    for split in 0..=input.len() {
        if !input.is_char_boundary(split) {
            continue;
        }
        let (report, _) = {
            let mut w = s.writer(Vec::new());
            w.feed(&input[..split]).unwrap();
            w.feed(&input[split..]).unwrap();
            let (_, report) = w.finish().unwrap();
            (report, ())
        };
        let got: Vec<u64> = report.removals().iter().map(|r| r.offset).collect();
        assert_eq!(got, offsets, "split at {split}");
    }
}

#[test]
fn links_are_counted_for_moderation() {
    let report =
        report_of(r#"<a href="https://a.example">1</a> <a href="/2">2</a> <a href="javascript:x">3</a> <a>4</a>"#);
    assert_eq!(report.links(), 2);
    // Misnesting repair that opens the link again writes two links, as a
    // browser makes two: both are counted.
    let report = report_of(r#"<b><a href="https://a.example">x</b>y</a>"#);
    assert_eq!(report.links(), 2);
}

#[test]
fn a_clean_comment_has_an_empty_report() {
    let report = report_of("<b>fine</b> &amp; <i>dandy</i>");
    assert!(report.is_empty());
    assert_eq!(report.total_removals(), 0);
}

#[test]
fn repeated_removals_are_counted_not_listed() {
    let report = report_of(&"<span>x</span>".repeat(100));
    assert_eq!(report.removals().len(), 1);
    assert_eq!(report.total_removals(), 100);
    let report = report_of(&"</span>".repeat(100));
    assert_eq!(report.removals().len(), 1);
    assert_eq!(report.total_removals(), 100);
}

#[test]
fn overridden_rel_is_reported_only_when_it_differs() {
    let report = report_of(r#"<a href="/x" rel="nofollow ugc">x</a>"#);
    assert!(report.is_empty());
    let report = report_of(r#"<a href="/x" rel="me">x</a>"#);
    assert_eq!(
        report.removals()[0].what,
        Removed::Attribute {
            element: "a".into(),
            name: "rel".into(),
            reason: Reason::Overridden
        }
    );
}

#[test]
fn stray_end_tags_and_dropped_datetimes_are_reported() {
    let report = report_of(r#"</b><del datetime="soon">x</del>"#);
    assert!(report
        .removals()
        .iter()
        .any(|r| r.what == Removed::EndTag { name: "b".into() }));
    assert!(report.removals().iter().any(|r| r.what
        == Removed::Attribute {
            element: "del".into(),
            name: "datetime".into(),
            reason: Reason::InvalidDatetime
        }));
}

#[test]
fn an_unterminated_tag_too_long_to_keep_is_reported() {
    let policy = comment_sanitizer::Policy::wordpress_comments()
        .to_builder()
        .limits(comment_sanitizer::Limits::default().with_max_pending_tag_bytes(16))
        .build()
        .unwrap();
    let sanitizer = comment_sanitizer::Sanitizer::new(policy);
    let (out, report) = sanitize_every_way(&sanitizer, "text <a title=\"this never ends and is long");
    assert_eq!(out, "text ");
    assert_eq!(report.removals()[0].what, Removed::UnterminatedTag);
}

/// An attribute the tokenizer could not keep whole (past
/// `Limits::max_tag_bytes`) is removed whole and reported, never written
/// cut short: `href="https://ex"` would be another, valid URL.
#[test]
fn attributes_past_the_tag_bound_are_removed_whole_and_reported() {
    use comment_sanitizer::{Limits, Policy, Sanitizer};
    let policy = Policy::wordpress_comments()
        .to_builder()
        .limits(Limits::default().with_max_tag_bytes(64))
        .build()
        .unwrap();
    let sanitizer = Sanitizer::new(policy);
    let input = format!(
        r#"<a data-junk="{}" href="https://example.com/some/long/path" title="World Health">x</a><del datetime="2024-05-01T10:30:00Z">d</del>"#,
        "j".repeat(40)
    );
    let (out, report) = sanitize_every_way(&sanitizer, &input);
    assert_eq!(out, "<a>x</a><del datetime=\"2024-05-01T10:30:00Z\">d</del>");
    let too_long: Vec<_> = report
        .removals()
        .iter()
        .filter(|r| {
            matches!(
                &r.what,
                Removed::Attribute {
                    reason: Reason::TooLong,
                    ..
                }
            )
        })
        .collect();
    assert_eq!(too_long.len(), 2, "{report:?}");
}
