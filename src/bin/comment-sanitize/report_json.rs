//! A report as JSON: what was removed and how many links the output holds.

use comment_sanitizer::{Removed, Report};
use serde_json::{json, Value};

/// `report` as a JSON object: `links`, `removals` (each with its `kind`,
/// names, reason and `count`) and `other_removals`.
pub fn to_json(report: &Report) -> Value {
    let removals: Vec<Value> = report
        .removals()
        .iter()
        .map(|r| {
            let mut entry = match &r.what {
                Removed::Element { name, content_dropped } => {
                    json!({"kind": "element", "name": name.as_str(), "content_dropped": content_dropped})
                }
                Removed::EndTag { name } => json!({"kind": "end_tag", "name": name.as_str()}),
                Removed::TooDeep { name } => json!({"kind": "too_deep", "name": name.as_str()}),
                Removed::Attribute { element, name, reason } => json!({
                    "kind": "attribute",
                    "element": element.as_str(),
                    "name": name.as_str(),
                    "reason": reason.to_string(),
                }),
                Removed::Comment => json!({"kind": "comment"}),
                Removed::Doctype => json!({"kind": "doctype"}),
                Removed::ProcessingInstruction => json!({"kind": "processing_instruction"}),
                Removed::CdataSection => json!({"kind": "cdata_section"}),
                Removed::UnterminatedTag => json!({"kind": "unterminated_tag"}),
                Removed::Misplaced { name } => json!({"kind": "misplaced", "name": name.as_str()}),
                Removed::Departure(departure) => json!({"kind": "departure", "reason": departure.to_string()}),
                other => json!({"kind": format!("{other:?}")}),
            };
            entry["count"] = json!(r.count);
            entry
        })
        .collect();
    json!({
        "links": report.links(),
        "removals": removals,
        "other_removals": report.other_removals(),
    })
}
