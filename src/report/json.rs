//! `Serialize` for the [`Report`] and its parts (feature `serde`); the
//! shape is documented on the impl for [`Report`], where users see it.

use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

use super::{Departure, Name, Reason, Removal, Removed, Report};

/// A report serializes (feature `serde`) with a stable shape, meant for JSON
/// logs and moderation queues:
///
/// ```json
/// {
///   "links": 1,
///   "total_removals": 3,
///   "other_removals": 0,
///   "removals": [
///     { "kind": "element", "name": "script", "content_dropped": true, "count": 1, "offset": 0 },
///     { "kind": "attribute", "element": "a", "name": "onclick",
///       "reason": { "code": "not_allowed", "message": "attribute not allowed" }, "count": 2, "offset": 31 }
///   ]
/// }
/// ```
///
/// Each removal is an object with `kind`, `count`, `offset` (the byte
/// offset of its first occurrence in the input, see [`Removal::offset`]) and
/// the fields of its kind:
///
/// | `kind` | other fields |
/// |---|---|
/// | `element` | `name`, `content_dropped` |
/// | `end_tag`, `too_deep`, `misplaced` | `name` |
/// | `attribute` | `element`, `name`, `reason` |
/// | `comment`, `doctype`, `processing_instruction`, `cdata_section`, `unterminated_tag`, `too_long_to_escape` | none |
/// | `departure` | `departure` |
///
/// A [`Reason`] and a [`Departure`] are `{"code": ..., "message": ...}`:
/// `code` is [`Reason::code`] or [`Departure::code`], stable and meant for
/// programs; `message` is the English [`Display`](std::fmt::Display) text,
/// meant for people, and may be reworded. A [`Name`] is a string. Fields may
/// be added in a later release; none is renamed or removed.
///
/// ```
/// use comment_sanitizer::clean_with_report;
///
/// let (_, report) = clean_with_report(r#"<a href="javascript:x">x</a>"#);
/// let json = serde_json::to_value(&report).unwrap();
/// assert_eq!(json["links"], 0);
/// assert_eq!(json["removals"][0]["reason"]["code"], "disallowed_scheme");
/// ```
impl Serialize for Report {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Report", 4)?;
        s.serialize_field("links", &self.links)?;
        s.serialize_field("total_removals", &self.total_removals())?;
        s.serialize_field("other_removals", &self.other_removals)?;
        s.serialize_field("removals", &self.removals)?;
        s.end()
    }
}

/// ```
/// use comment_sanitizer::clean_with_report;
///
/// let (_, report) = clean_with_report("<!--a--><!--b-->");
/// let json = serde_json::to_string(&report.removals()[0]).unwrap();
/// assert_eq!(json, r#"{"kind":"comment","count":2,"offset":0}"#);
/// ```
impl Serialize for Removal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(fields(&self.what) + 2))?;
        write_removed(&mut map, &self.what)?;
        map.serialize_entry("count", &self.count)?;
        map.serialize_entry("offset", &self.offset)?;
        map.end()
    }
}

/// ```
/// use comment_sanitizer::Removed;
///
/// let what = Removed::Element { name: "script".into(), content_dropped: true };
/// let json = serde_json::to_string(&what).unwrap();
/// assert_eq!(json, r#"{"kind":"element","name":"script","content_dropped":true}"#);
/// ```
impl Serialize for Removed {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(fields(self)))?;
        write_removed(&mut map, self)?;
        map.end()
    }
}

/// The number of entries [`write_removed`] writes for `what`.
fn fields(what: &Removed) -> usize {
    match what {
        Removed::Element { .. } | Removed::Departure(_) => 3,
        Removed::EndTag { .. } | Removed::TooDeep { .. } | Removed::Misplaced { .. } => 2,
        Removed::Attribute { .. } => 4,
        Removed::Comment
        | Removed::Doctype
        | Removed::ProcessingInstruction
        | Removed::CdataSection
        | Removed::UnterminatedTag
        | Removed::TooLongToEscape => 1,
    }
}

/// `kind` and the fields of that kind.
fn write_removed<M: SerializeMap>(map: &mut M, what: &Removed) -> Result<(), M::Error> {
    match what {
        Removed::Element { name, content_dropped } => {
            map.serialize_entry("kind", "element")?;
            map.serialize_entry("name", name)?;
            map.serialize_entry("content_dropped", content_dropped)
        }
        Removed::EndTag { name } => {
            map.serialize_entry("kind", "end_tag")?;
            map.serialize_entry("name", name)
        }
        Removed::TooDeep { name } => {
            map.serialize_entry("kind", "too_deep")?;
            map.serialize_entry("name", name)
        }
        Removed::Misplaced { name } => {
            map.serialize_entry("kind", "misplaced")?;
            map.serialize_entry("name", name)
        }
        Removed::Attribute { element, name, reason } => {
            map.serialize_entry("kind", "attribute")?;
            map.serialize_entry("element", element)?;
            map.serialize_entry("name", name)?;
            map.serialize_entry("reason", reason)
        }
        Removed::Comment => map.serialize_entry("kind", "comment"),
        Removed::Doctype => map.serialize_entry("kind", "doctype"),
        Removed::ProcessingInstruction => map.serialize_entry("kind", "processing_instruction"),
        Removed::CdataSection => map.serialize_entry("kind", "cdata_section"),
        Removed::UnterminatedTag => map.serialize_entry("kind", "unterminated_tag"),
        Removed::TooLongToEscape => map.serialize_entry("kind", "too_long_to_escape"),
        Removed::Departure(departure) => {
            map.serialize_entry("kind", "departure")?;
            map.serialize_entry("departure", departure)
        }
    }
}

/// `code` and `message`.
fn code_and_message<S: Serializer>(
    serializer: S,
    name: &'static str,
    code: &'static str,
    message: &dyn std::fmt::Display,
) -> Result<S::Ok, S::Error> {
    let mut s = serializer.serialize_struct(name, 2)?;
    s.serialize_field("code", code)?;
    s.serialize_field("message", &message.to_string())?;
    s.end()
}

/// ```
/// use comment_sanitizer::Reason;
///
/// let json = serde_json::to_string(&Reason::TooLong).unwrap();
/// assert_eq!(json, r#"{"code":"too_long","message":"value too long"}"#);
/// ```
impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        code_and_message(serializer, "Reason", self.code(), self)
    }
}

/// ```
/// use comment_sanitizer::Departure;
///
/// let json = serde_json::to_value(Departure::ReopeningLimit).unwrap();
/// assert_eq!(json["code"], "reopening_limit");
/// ```
impl Serialize for Departure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        code_and_message(serializer, "Departure", self.code(), self)
    }
}

/// ```
/// use comment_sanitizer::Name;
///
/// assert_eq!(serde_json::to_string(&Name::from("abbr")).unwrap(), r#""abbr""#);
/// ```
impl Serialize for Name {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
