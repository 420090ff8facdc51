//! The report: what sanitizing removed, for moderation.
//!
//! A [`Report`] is advisory. It tells a moderator what a commenter tried
//! (scripts, event handlers, `javascript:` links) and how many links the
//! comment holds; WordPress, for one, holds a comment for moderation at two
//! links. **An empty report is not a safety verdict**: it does not mean the
//! input was safe to show as it was. Only the sanitized output is safe.
//!
//! Memory stays bounded whatever the input: the report counts repeats of
//! the same removal in one entry, keeps at most [`Report::MAX_ENTRIES`]
//! distinct entries (later distinct ones are counted in
//! [`Report::other_removals`]), and cuts names to 64 bytes.

#[cfg(feature = "serde")]
mod json;
mod name;

use std::collections::HashMap;
use std::fmt;

use crate::name_table::load_le;

pub use self::name::Name;

/// Why an attribute was removed.
///
/// ```
/// use comment_sanitizer::Reason;
///
/// assert_eq!(Reason::DisallowedScheme.to_string(), "URL scheme not allowed");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// The policy does not allow this attribute on this element.
    NotAllowed,
    /// A URL whose scheme is not allowed (`javascript:`, `data:`, ...).
    DisallowedScheme,
    /// A relative URL, and the policy denies relative URLs.
    RelativeUrl,
    /// A relative URL that could not be resolved against the base URL.
    UnresolvableUrl,
    /// Not a valid date, time or date-time string.
    InvalidDatetime,
    /// Not one of the values the policy allows for this attribute (or, for
    /// an attribute with token patterns, no token left).
    ValueNotAllowed,
    /// Not a valid integer.
    InvalidNumber,
    /// Longer than the limit for this kind of attribute.
    TooLong,
    /// Past [`Limits::max_attributes_per_tag`](crate::Limits::max_attributes_per_tag).
    TooMany,
    /// Replaced by a value the policy writes itself (`rel` on links, forced
    /// attributes) and the input value differed.
    Overridden,
    /// A name a front-end framework reads as code (`data-bind`,
    /// `data-ng-*`, ...), matched by an allowed prefix such as `data-*`.
    ScriptGadget,
    /// Removed by the policy's attribute filter, or the value the filter
    /// returned did not pass the policy's checks.
    Filtered,
}

impl Reason {
    /// A stable, machine-readable name of the reason, in snake case (the
    /// [`Display`](fmt::Display) text is English for people and may be
    /// reworded): `not_allowed`, `disallowed_scheme`, `relative_url`,
    /// `unresolvable_url`, `invalid_datetime`, `value_not_allowed`,
    /// `invalid_number`, `too_long`, `too_many`, `overridden`,
    /// `script_gadget`, `filtered`.
    ///
    /// ```
    /// use comment_sanitizer::Reason;
    ///
    /// assert_eq!(Reason::DisallowedScheme.code(), "disallowed_scheme");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Reason::NotAllowed => "not_allowed",
            Reason::DisallowedScheme => "disallowed_scheme",
            Reason::RelativeUrl => "relative_url",
            Reason::UnresolvableUrl => "unresolvable_url",
            Reason::InvalidDatetime => "invalid_datetime",
            Reason::ValueNotAllowed => "value_not_allowed",
            Reason::InvalidNumber => "invalid_number",
            Reason::TooLong => "too_long",
            Reason::TooMany => "too_many",
            Reason::Overridden => "overridden",
            Reason::ScriptGadget => "script_gadget",
            Reason::Filtered => "filtered",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reason::NotAllowed => "attribute not allowed",
            Reason::DisallowedScheme => "URL scheme not allowed",
            Reason::RelativeUrl => "relative URL not allowed",
            Reason::UnresolvableUrl => "relative URL could not be resolved",
            Reason::InvalidDatetime => "not a valid date or time",
            Reason::ValueNotAllowed => "value not allowed",
            Reason::InvalidNumber => "not a valid integer",
            Reason::TooLong => "value too long",
            Reason::TooMany => "too many attributes on one tag",
            Reason::Overridden => "replaced by the policy's own value",
            Reason::ScriptGadget => "a name frameworks run as code",
            Reason::Filtered => "removed by the policy's attribute filter",
        })
    }
}

/// One kind of thing that was removed.
///
/// ```
/// use comment_sanitizer::{clean_with_report, Removed};
///
/// let (_, report) = clean_with_report("<script>x</script>");
/// assert_eq!(report.removals()[0].what, Removed::Element { name: "script".into(), content_dropped: true });
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Removed {
    /// A start tag of an element the policy does not allow. When
    /// `content_dropped` is true, everything inside it went too; otherwise its
    /// text was kept.
    Element {
        /// Lowercase element name (at most 64 bytes).
        name: Name,
        /// Whether the element's content was removed with it.
        content_dropped: bool,
    },
    /// An end tag that closed nothing the output keeps: the end tag of a
    /// removed element, or a stray end tag.
    EndTag {
        /// Lowercase element name (at most 64 bytes).
        name: Name,
    },
    /// A start tag of an allowed element removed because kept elements were
    /// already nested [`Limits::max_depth`](crate::Limits::max_depth) deep.
    TooDeep {
        /// Lowercase element name.
        name: Name,
    },
    /// An attribute, with the reason.
    Attribute {
        /// The element it was on.
        element: Name,
        /// Lowercase attribute name (at most 64 bytes).
        name: Name,
        /// Why it was removed.
        reason: Reason,
    },
    /// An HTML comment (`<!-- -->`) or bogus comment.
    Comment,
    /// A `<!DOCTYPE>`.
    Doctype,
    /// A processing instruction (`<?xml ...?>`).
    ProcessingInstruction,
    /// A CDATA section outside SVG and MathML.
    CdataSection,
    /// A tag left unterminated at the end of the input that was too long to
    /// be written back as text (see
    /// [`Limits::max_pending_tag_bytes`](crate::Limits::max_pending_tag_bytes)).
    UnterminatedTag,
    /// In escape mode ([`Disallowed::Escape`](crate::Disallowed::Escape)),
    /// a tag, comment or other markup longer than
    /// [`Limits::max_pending_tag_bytes`](crate::Limits::max_pending_tag_bytes):
    /// removed whole rather than written as text cut short.
    TooLongToEscape,
    /// An allowed element removed (its text kept) because a browser would
    /// not read it back where it stands once the elements around it were
    /// removed: a list item directly inside another list item, a table row
    /// outside a table, a block inside a paragraph.
    Misplaced {
        /// Lowercase element name.
        name: Name,
    },
    /// The document departs from the one a browser builds, for a bound that
    /// keeps memory and output linear; the text is kept.
    Departure(Departure),
}

/// Where, and why, the sanitized document departs from a browser's.
///
/// ```
/// use comment_sanitizer::Departure;
///
/// assert_eq!(Departure::HeldContentOverflow.to_string(), "content past the held-content limit stays where it arrived");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Departure {
    /// More input than
    /// [`Limits::max_held_bytes`](crate::Limits::max_held_bytes) arrived
    /// while content could still move (an open table, whose stray content a
    /// browser puts before it; a block inside a formatting element, which
    /// a browser moves out of it when the formatting element ends): what
    /// was open was closed and opened again, and later content stays where
    /// it arrived.
    HeldContentOverflow,
    /// Formatting elements a browser would open again (a `<b>` closed by a
    /// paragraph's end, continued in the next) were not: their copies
    /// would have written more than the input is long.
    ReopeningLimit,
    /// Elements nested deeper than the tree builder follows (512, where
    /// browsers stop too): their content went to their parent.
    NestingTooDeep,
}

impl Departure {
    /// A stable, machine-readable name of the departure, in snake case:
    /// `held_content_overflow`, `reopening_limit`, `nesting_too_deep`.
    ///
    /// ```
    /// use comment_sanitizer::Departure;
    ///
    /// assert_eq!(Departure::NestingTooDeep.code(), "nesting_too_deep");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Departure::HeldContentOverflow => "held_content_overflow",
            Departure::ReopeningLimit => "reopening_limit",
            Departure::NestingTooDeep => "nesting_too_deep",
        }
    }
}

impl fmt::Display for Departure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Departure::HeldContentOverflow => "content past the held-content limit stays where it arrived",
            Departure::ReopeningLimit => "formatting not reopened: the copies would outgrow the input",
            Departure::NestingTooDeep => "elements nested past 512 went to their parent",
        })
    }
}

/// A removal and how many times it happened.
///
/// ```
/// use comment_sanitizer::{clean_with_report, Removed};
///
/// let (_, report) = clean_with_report("<!--a--><!--b-->");
/// assert_eq!(report.removals()[0].what, Removed::Comment);
/// assert_eq!(report.removals()[0].count, 2);
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct Removal {
    /// What was removed.
    pub what: Removed,
    /// How many times.
    pub count: u64,
    /// The byte offset in the input of the first occurrence: where the
    /// markup that caused it starts (its `<`). Offsets count the bytes the
    /// caller fed, line breaks as typed (with
    /// [`InvalidUtf8::Replace`](crate::InvalidUtf8::Replace), the input
    /// after invalid bytes became U+FFFD). A removal decided after more
    /// input was read (content a table held back, elements closed at the
    /// end of the input) has the offset of the markup being read then.
    pub offset: u64,
    /// [`Entry::key`] of `what`: a repeat is found by comparing integers first.
    key: u64,
}

/// Equal when `what` and `count` are (the offset is where the removal was
/// first seen, not what it is).
impl PartialEq for Removal {
    fn eq(&self, other: &Removal) -> bool {
        self.what == other.what && self.count == other.count
    }
}

impl Eq for Removal {}

impl fmt::Debug for Removal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Removal")
            .field("what", &self.what)
            .field("count", &self.count)
            .field("offset", &self.offset)
            .finish()
    }
}

/// A removal as the stages describe it, with borrowed names: a repeat is
/// counted without building a [`Removed`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Entry<'a> {
    Element {
        name: &'a str,
        content_dropped: bool,
    },
    EndTag {
        name: &'a str,
    },
    TooDeep {
        name: &'a str,
    },
    Misplaced {
        name: &'a str,
    },
    Attribute {
        element: &'a str,
        name: &'a str,
        reason: Reason,
    },
    /// A removal without names.
    Plain(&'a Removed),
}

/// `name` as a [`Name`] would keep it: cut to [`Name::MAX_LEN`] bytes at a
/// character boundary.
fn cut(name: &str) -> &str {
    let mut end = name.len().min(Name::MAX_LEN);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name.get(..end).unwrap_or_default()
}

/// Whether `name` is what `kept` keeps of it.
fn same(name: &str, kept: &Name) -> bool {
    cut(name).as_bytes() == kept.as_bytes()
}

impl<'a> Entry<'a> {
    fn of(what: &'a Removed) -> Entry<'a> {
        match what {
            Removed::Element { name, content_dropped } => Entry::Element {
                name,
                content_dropped: *content_dropped,
            },
            Removed::EndTag { name } => Entry::EndTag { name },
            Removed::TooDeep { name } => Entry::TooDeep { name },
            Removed::Misplaced { name } => Entry::Misplaced { name },
            Removed::Attribute { element, name, reason } => Entry::Attribute {
                element,
                name,
                reason: *reason,
            },
            plain => Entry::Plain(plain),
        }
    }

    fn to_removed(self) -> Removed {
        match self {
            Entry::Element { name, content_dropped } => Removed::Element {
                name: name.into(),
                content_dropped,
            },
            Entry::EndTag { name } => Removed::EndTag { name: name.into() },
            Entry::TooDeep { name } => Removed::TooDeep { name: name.into() },
            Entry::Misplaced { name } => Removed::Misplaced { name: name.into() },
            Entry::Attribute { element, name, reason } => Removed::Attribute {
                element: element.into(),
                name: name.into(),
                reason,
            },
            Entry::Plain(what) => what.clone(),
        }
    }

    /// Whether this is the removal `what` records.
    fn is(self, what: &Removed) -> bool {
        match (self, what) {
            (
                Entry::Element { name, content_dropped },
                Removed::Element {
                    name: n,
                    content_dropped: d,
                },
            ) => content_dropped == *d && same(name, n),
            (Entry::EndTag { name }, Removed::EndTag { name: n }) => same(name, n),
            (Entry::TooDeep { name }, Removed::TooDeep { name: n }) => same(name, n),
            (Entry::Misplaced { name }, Removed::Misplaced { name: n }) => same(name, n),
            (
                Entry::Attribute { element, name, reason },
                Removed::Attribute {
                    element: e,
                    name: n,
                    reason: r,
                },
            ) => reason == *r && same(name, n) && same(element, e),
            (Entry::Plain(plain), what) => plain == what,
            _ => false,
        }
    }

    /// A cheap digest: equal removals have equal keys, and different ones
    /// almost always differ (ties are settled by [`is`](Self::is)).
    fn key(self) -> u64 {
        fn mix(h: u64, x: u64) -> u64 {
            (h ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29)
        }
        fn name(n: &str) -> u64 {
            let bytes = cut(n).as_bytes();
            let head = load_le(bytes);
            let tail = load_le(&bytes[bytes.len().saturating_sub(8)..]);
            mix(mix(head, tail), bytes.len() as u64)
        }
        match self {
            Entry::Element {
                name: n,
                content_dropped,
            } => mix(mix(1, name(n)), u64::from(content_dropped)),
            Entry::EndTag { name: n } => mix(2, name(n)),
            Entry::TooDeep { name: n } => mix(3, name(n)),
            Entry::Misplaced { name: n } => mix(10, name(n)),
            Entry::Attribute {
                element,
                name: n,
                reason,
            } => mix(mix(mix(4, name(element)), name(n)), reason as u64),
            Entry::Plain(plain) => match plain {
                Removed::Comment => 5,
                Removed::Doctype => 6,
                Removed::ProcessingInstruction => 7,
                Removed::CdataSection => 8,
                Removed::Departure(why) => 11 + *why as u64,
                _ => 9,
            },
        }
    }
}

/// What sanitizing removed, and how many links the output holds.
///
/// Advisory only: an empty report does not mean the input was safe as it
/// was; only the sanitized output is safe to show.
///
/// ```
/// use comment_sanitizer::clean_with_report;
///
/// let (html, report) = clean_with_report(
///     r#"<a href="https://a.example">a</a> <a href="javascript:alert(1)">b</a>"#,
/// );
/// assert_eq!(report.links(), 1);
/// assert!(!report.is_empty());
/// # let _ = html;
/// ```
#[derive(Debug, Clone, Default)]
pub struct Report {
    removals: Vec<Removal>,
    /// Where the listed removal with each key is in `removals`, once there
    /// are more than [`LINEAR_LOOKUP`], so counting a repeat costs one hash
    /// lookup, not a scan of up to `MAX_ENTRIES` entries.
    index: HashMap<u64, usize>,
    other_removals: u64,
    links: u64,
    /// Input offset of the markup being read (see [`Removal::offset`]).
    at: u64,
    /// Count links only, list no removals: for callers that drop the
    /// report ([`Sanitizer::clean`](crate::Sanitizer::clean)), which then
    /// do not pay for it.
    links_only: bool,
}

impl PartialEq for Report {
    fn eq(&self, other: &Report) -> bool {
        (self.removals == other.removals) && self.other_removals == other.other_removals && self.links == other.links
    }
}

impl Eq for Report {}

/// Up to this many distinct entries, a repeat is found by comparing the
/// entries one by one, which is cheaper than hashing (and the hash index
/// costs an allocation).
const LINEAR_LOOKUP: usize = 16;

impl Report {
    /// At most this many distinct removals are listed.
    ///
    /// ```
    /// # use comment_sanitizer::{clean_with_report, Report};
    /// let input: String = (0..300).map(|i| format!("<x-{i}>")).collect();
    /// let (_, report) = clean_with_report(&input);
    /// assert_eq!(report.removals().len(), Report::MAX_ENTRIES);
    /// assert_eq!(report.other_removals(), 300 - Report::MAX_ENTRIES as u64);
    /// ```
    pub const MAX_ENTRIES: usize = 256;

    /// The removals, in the order each kind was first seen.
    ///
    /// ```
    /// # use comment_sanitizer::clean_with_report;
    /// let (_, report) = clean_with_report("<b>fine</b>");
    /// assert!(report.removals().is_empty());
    /// ```
    pub fn removals(&self) -> &[Removal] {
        &self.removals
    }

    /// Removals not listed because [`MAX_ENTRIES`](Self::MAX_ENTRIES)
    /// distinct entries were already listed.
    ///
    /// ```
    /// # use comment_sanitizer::clean_with_report;
    /// let (_, report) = clean_with_report("<x-1></x-1>");
    /// assert_eq!(report.other_removals(), 0);
    /// ```
    pub fn other_removals(&self) -> u64 {
        self.other_removals
    }

    /// The number of `<a>` start tags with a URL the output holds: each link
    /// a reader sees. A link a browser splits in two (`<a href>` around a
    /// paragraph it closes) is two links on the page and counts two;
    /// [`Limits::max_links`](crate::Limits::max_links) counts the same way.
    ///
    /// ```
    /// # use comment_sanitizer::clean_with_report;
    /// let (_, report) = clean_with_report(r#"<a href="/x">x</a><a>y</a>"#);
    /// assert_eq!(report.links(), 1);
    /// let (out, report) = clean_with_report(r#"<p><a href="/x">x</p>y"#);
    /// assert_eq!(out, "<a href=\"/x\" rel=\"nofollow ugc\">x</a>\n\n<a href=\"/x\" rel=\"nofollow ugc\">y</a>");
    /// assert_eq!(report.links(), 2);
    /// ```
    pub fn links(&self) -> u64 {
        self.links
    }

    /// Whether nothing was removed. Not a safety verdict (see [`Report`]).
    ///
    /// ```
    /// # use comment_sanitizer::clean_with_report;
    /// assert!(clean_with_report("plain text").1.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.removals.is_empty() && self.other_removals == 0
    }

    /// The total number of removals.
    ///
    /// ```
    /// # use comment_sanitizer::clean_with_report;
    /// assert_eq!(clean_with_report("<u>a</u>").1.total_removals(), 1);
    /// ```
    pub fn total_removals(&self) -> u64 {
        self.removals.iter().map(|r| r.count).sum::<u64>() + self.other_removals
    }

    pub(crate) fn remove(&mut self, what: Removed) {
        self.record(Entry::of(&what));
    }

    /// A report that counts links and lists nothing else, for a caller
    /// that will not read it.
    pub(crate) fn links_only() -> Report {
        Report {
            links_only: true,
            ..Report::default()
        }
    }

    /// Count a removal: one more of an entry already listed, or a new entry.
    pub(crate) fn record(&mut self, entry: Entry<'_>) {
        if self.links_only {
            return;
        }
        let key = entry.key();
        let scan = |removals: &[Removal]| removals.iter().position(|r| r.key == key && entry.is(&r.what));
        let found = if self.removals.len() <= LINEAR_LOOKUP {
            scan(&self.removals)
        } else {
            if self.index.is_empty() {
                for (i, r) in self.removals.iter().enumerate() {
                    self.index.entry(r.key).or_insert(i);
                }
            }
            match self.index.get(&key) {
                Some(&i) if entry.is(&self.removals[i].what) => Some(i),
                // Two removals with one key (rare): look at them all.
                Some(_) => scan(&self.removals),
                None => None,
            }
        };
        if let Some(i) = found {
            self.removals[i].count += 1;
        } else if self.removals.len() < Self::MAX_ENTRIES {
            if !self.index.is_empty() {
                self.index.entry(key).or_insert(self.removals.len());
            }
            self.removals.push(Removal {
                what: entry.to_removed(),
                count: 1,
                offset: self.at,
                key,
            });
        } else {
            self.other_removals += 1;
        }
    }

    pub(crate) fn element(&mut self, name: &str, content_dropped: bool) {
        self.record(Entry::Element { name, content_dropped });
    }

    pub(crate) fn end_tag(&mut self, name: &str) {
        self.record(Entry::EndTag { name });
    }

    pub(crate) fn attribute(&mut self, element: &str, name: &str, reason: Reason) {
        self.record(Entry::Attribute { element, name, reason });
    }

    /// The markup read next starts at input offset `offset`.
    #[inline]
    pub(crate) fn at(&mut self, offset: u64) {
        self.at = offset;
    }

    pub(crate) fn link(&mut self) {
        self.links += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_are_counted_in_one_entry() {
        let mut r = Report::default();
        r.element("div", false);
        r.element("div", false);
        r.remove(Removed::Comment);
        assert_eq!(r.removals().len(), 2);
        assert_eq!(r.removals()[0].count, 2);
        assert_eq!(r.total_removals(), 3);
    }

    #[test]
    fn distinct_entries_are_capped() {
        let mut r = Report::default();
        for i in 0..(Report::MAX_ENTRIES + 10) {
            r.element(&format!("x-{i}"), false);
        }
        assert_eq!(r.removals().len(), Report::MAX_ENTRIES);
        assert_eq!(r.other_removals(), 10);
    }

    #[test]
    fn many_distinct_entries_are_counted_through_the_index() {
        let mut r = Report::default();
        for round in 0..3 {
            for i in 0..100 {
                r.element(&format!("x-{i}"), round == 0 && i == 0);
            }
        }
        assert_eq!(r.removals().len(), 101);
        assert_eq!(r.removals()[1].count, 3);
        assert_eq!(r.removals()[100].count, 2);
        assert_eq!(r.total_removals(), 300);
    }
}
