//! One JSONL record: find the field to clean in the line, and write the
//! line back with only that field's value (and the report field) replaced,
//! so every other byte of the record, key order and number formats
//! included, stays as it was.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

/// Where the fields that matter are in a line that holds one JSON object.
#[derive(Debug)]
pub struct Located<'a> {
    /// The decoded string value of the field to clean.
    pub value: Cow<'a, str>,
    /// The bytes of that value (quotes included) in the line.
    pub value_span: Range<usize>,
    /// The bytes of the report field's value, if the record has one.
    pub report_span: Option<Range<usize>>,
    /// Where a new last field goes: the object's closing `}`.
    pub close_at: usize,
    /// Whether the object has any field (a new one then needs a comma).
    pub has_fields: bool,
}

/// Find `field` (and `report_field`) in `line`, a JSON object.
///
/// # Errors
///
/// A message saying what is wrong: not JSON, not an object, the field
/// missing, not a string, or present twice.
pub fn locate<'a>(line: &'a str, field: &str, report_field: Option<&str>) -> Result<Located<'a>, String> {
    let mut de = serde_json::Deserializer::from_str(line);
    let found = de
        .deserialize_map(FindFields {
            field,
            report_field,
            line,
        })
        .map_err(|e| format!("not a JSON object with a string field {field:?}: {e}"))?;
    de.end().map_err(|e| format!("not one JSON object: {e}"))?;
    let (raw, span) = found.value.ok_or_else(|| format!("no field {field:?}"))?;
    let value = serde_json::from_str::<Text<'a>>(raw)
        .map_err(|_| format!("field {field:?} is not a string"))?
        .0;
    let trimmed = line.trim_end();
    // A JSON object that parsed ends with its `}`.
    let close_at = trimmed
        .len()
        .checked_sub(1)
        .filter(|&at| trimmed.as_bytes().get(at) == Some(&b'}'))
        .ok_or_else(|| "not a JSON object".to_string())?;
    Ok(Located {
        value,
        value_span: span,
        report_span: found.report.map(|(_, span)| span),
        close_at,
        has_fields: found.fields > 0,
    })
}

/// `line` with the field's value replaced by `cleaned` (when `Some`) and,
/// when `report` is given, the report field's value replaced or, if the
/// record has none, the field added at the end.
pub fn rewrite(
    line: &str,
    located: &Located<'_>,
    cleaned: Option<&str>,
    report: Option<(&str, &str)>,
) -> Result<String, String> {
    let mut edits: Vec<(Range<usize>, String)> = Vec::with_capacity(2);
    if let Some(cleaned) = cleaned {
        let json = serde_json::to_string(cleaned).map_err(|e| e.to_string())?;
        edits.push((located.value_span.clone(), json));
    }
    if let Some((name, json)) = report {
        match &located.report_span {
            Some(span) => edits.push((span.clone(), json.to_string())),
            None => {
                let name = serde_json::to_string(name).map_err(|e| e.to_string())?;
                let comma = if located.has_fields { "," } else { "" };
                edits.push((located.close_at..located.close_at, format!("{comma}{name}:{json}")));
            }
        }
    }
    edits.sort_by_key(|(span, _)| span.start);
    let mut out = String::with_capacity(line.len() + edits.iter().map(|(_, s)| s.len()).sum::<usize>());
    let mut at = 0;
    for (span, text) in &edits {
        out.push_str(line.get(at..span.start).ok_or("overlapping fields")?);
        out.push_str(text);
        at = span.end;
    }
    out.push_str(line.get(at..).ok_or("overlapping fields")?);
    Ok(out)
}

/// A raw value and its byte range in the line.
type Spanned<'a> = (&'a str, Range<usize>);

/// What [`FindFields`] found.
struct Found<'a> {
    value: Option<Spanned<'a>>,
    report: Option<Spanned<'a>>,
    fields: usize,
}

/// Walks the top-level object once, keeping the raw values of the two
/// fields and skipping the others.
struct FindFields<'f, 'a> {
    field: &'f str,
    report_field: Option<&'f str>,
    line: &'a str,
}

impl<'f, 'a> FindFields<'f, 'a> {
    /// `raw`'s byte range in the line (it is a slice of it).
    fn span(&self, raw: &'a RawValue) -> Option<Range<usize>> {
        let text = raw.get();
        let start = (text.as_ptr() as usize).checked_sub(self.line.as_ptr() as usize)?;
        let span = start..start + text.len();
        (self.line.get(span.clone()) == Some(text)).then_some(span)
    }
}

impl<'de: 'a, 'f, 'a> Visitor<'de> for FindFields<'f, 'a> {
    type Value = Found<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Found<'a>, M::Error> {
        let mut found = Found {
            value: None,
            report: None,
            fields: 0,
        };
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            found.fields += 1;
            let slot = if key == self.field {
                &mut found.value
            } else if Some(key.as_ref()) == self.report_field {
                &mut found.report
            } else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if slot.is_some() {
                return Err(de::Error::custom(format_args!("field {key:?} appears twice")));
            }
            let raw: &'de RawValue = map.next_value()?;
            let span = self
                .span(raw)
                .ok_or_else(|| de::Error::custom("a value outside the line"))?;
            *slot = Some((raw.get(), span));
        }
        Ok(found)
    }
}

/// A JSON string, borrowed from the line when it has no escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de> de::Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text<'de>, D::Error> {
        deserializer.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(v.to_owned())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_field_changes() {
        let line = r#"{"id": 1.50, "body":"<b>x</b><i>", "z" : [1,2]}"#;
        let found = locate(line, "body", None).unwrap();
        assert_eq!(found.value, "<b>x</b><i>");
        let out = rewrite(line, &found, Some("<b>x</b><i></i>"), None).unwrap();
        assert_eq!(out, r#"{"id": 1.50, "body":"<b>x</b><i></i>", "z" : [1,2]}"#);
    }

    #[test]
    fn the_report_field_is_added_or_replaced() {
        let line = r#"{"body":"a"}"#;
        let found = locate(line, "body", Some("r")).unwrap();
        assert_eq!(
            rewrite(line, &found, None, Some(("r", "{}"))).unwrap(),
            r#"{"body":"a","r":{}}"#
        );
        let line = r#"{"r":null,"body":"a\u0041"} "#;
        let found = locate(line, "body", Some("r")).unwrap();
        assert_eq!(found.value, "aA");
        assert_eq!(
            rewrite(line, &found, Some("b"), Some(("r", "{}"))).unwrap(),
            r#"{"r":{},"body":"b"} "#
        );
    }

    #[test]
    fn malformed_lines_say_why() {
        for (line, why) in [
            ("", "EOF"),
            ("[1]", "expected a JSON object"),
            (r#"{"a":"x"}"#, "no field"),
            (r#"{"body":1}"#, "not a string"),
            (r#"{"body":"a","body":"b"}"#, "twice"),
            (r#"{"body":"a"} x"#, "trailing"),
            (r#"{"body":"a""#, "EOF"),
        ] {
            let err = locate(line, "body", None).unwrap_err();
            assert!(err.contains(why), "{line}: {err}");
        }
    }
}
