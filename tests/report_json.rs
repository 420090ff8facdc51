//! The report as JSON (feature `serde`): the documented shape, and the
//! stable reason codes.

use comment_sanitizer::{clean_with_report, Departure, Reason};
use serde_json::json;

#[test]
fn a_report_serializes_in_the_documented_shape() {
    let (_, report) = clean_with_report(
        r#"<!--x--><script>a</script><a href="javascript:x" onclick="y">l</a><a href="https://ok.example">k</a>"#,
    );
    let value = serde_json::to_value(&report).unwrap();
    assert_eq!(value["links"], 1);
    assert_eq!(value["total_removals"], report.total_removals());
    assert_eq!(value["other_removals"], 0);
    let removals = value["removals"].as_array().unwrap();
    assert_eq!(removals.len(), report.removals().len());
    assert!(
        removals.contains(&json!({"kind": "comment", "count": 1, "offset": 0})),
        "{value}"
    );
    assert!(
        removals
            .contains(&json!({"kind": "element", "name": "script", "content_dropped": true, "count": 1, "offset": 8})),
        "{value}"
    );
    assert!(
        removals.contains(&json!({
            "kind": "attribute", "element": "a", "name": "href",
            "reason": {"code": "disallowed_scheme", "message": "URL scheme not allowed"}, "count": 1, "offset": 26
        })),
        "{value}"
    );
    assert!(
        removals.contains(&json!({
            "kind": "attribute", "element": "a", "name": "onclick",
            "reason": {"code": "not_allowed", "message": "attribute not allowed"}, "count": 1, "offset": 26
        })),
        "{value}"
    );
}

#[test]
fn every_removal_has_a_kind_a_count_and_an_offset() {
    let input = "<!DOCTYPE html><?xml x?><![CDATA[x]]></u><li><li>x";
    let (_, report) = clean_with_report(input);
    let value = serde_json::to_value(&report).unwrap();
    for removal in value["removals"].as_array().unwrap() {
        assert!(removal["kind"].is_string(), "{removal}");
        assert!(removal["count"].is_u64(), "{removal}");
        assert!(removal["offset"].is_u64(), "{removal}");
    }
}

#[test]
fn reason_and_departure_codes_are_distinct_snake_case() {
    let reasons = [
        Reason::NotAllowed,
        Reason::DisallowedScheme,
        Reason::RelativeUrl,
        Reason::UnresolvableUrl,
        Reason::InvalidDatetime,
        Reason::ValueNotAllowed,
        Reason::InvalidNumber,
        Reason::TooLong,
        Reason::TooMany,
        Reason::Overridden,
        Reason::ScriptGadget,
        Reason::Filtered,
    ];
    let departures = [
        Departure::HeldContentOverflow,
        Departure::ReopeningLimit,
        Departure::NestingTooDeep,
    ];
    let codes: Vec<&str> = reasons
        .iter()
        .map(Reason::code)
        .chain(departures.iter().map(Departure::code))
        .collect();
    for code in &codes {
        assert!(code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{code}");
    }
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), codes.len());
    for reason in reasons {
        let value = serde_json::to_value(reason).unwrap();
        assert_eq!(value, json!({"code": reason.code(), "message": reason.to_string()}));
    }
    let value = serde_json::to_value(Departure::HeldContentOverflow).unwrap();
    assert_eq!(value["code"], "held_content_overflow");
}
