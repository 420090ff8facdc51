//! [`Limits`]: the caps on the work and the memory one input can cost, and
//! [`too_long`], the character-count test the filter and the URL check
//! share for the length limits.
//!
//! A leaf: it imports nothing from the crate, so the filter and the URL
//! check can both use the test without importing each other.

/// Limits that bound the work and the memory one input can cost.
///
/// ```
/// use comment_sanitizer::Limits;
///
/// let limits = Limits { max_depth: 32, ..Limits::default() };
/// assert_eq!(limits.max_url_len, 2048);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Maximum nesting depth of kept elements. Deeper opening tags are
    /// removed (their text is kept) and reported.
    ///
    /// ### Default
    /// 256, the figure OWASP's java-html-sanitizer uses; browsers stop at
    /// 512 and more, so output within this cap parses the same everywhere.
    pub max_depth: usize,
    /// Maximum input size in bytes; `None` for no limit. Longer input is an
    /// [`ErrorKind::InputTooLarge`](crate::ErrorKind::InputTooLarge) error.
    ///
    /// ### Default
    /// `None`: a streaming caller decides; a service taking comments from a
    /// form would set something like WordPress's 65,525 characters.
    pub max_input_bytes: Option<usize>,
    /// Maximum length, in characters, of a kept `Text` or `Datetime`
    /// attribute value (such as `title`). Longer values are dropped and
    /// reported.
    ///
    /// ### Default
    /// 1024: enough for any tooltip, small enough that a title cannot carry
    /// a hidden essay.
    pub max_attr_value_len: usize,
    /// Maximum length, in characters, of a kept URL. Longer URLs are dropped
    /// and reported.
    ///
    /// ### Default
    /// 2048, the length beyond which URLs stop working in common software.
    pub max_url_len: usize,
    /// Maximum bytes kept of a tag that is still being read. Only a tag left
    /// unterminated at the end of the input needs them (it is written back
    /// as text); past this size it is dropped and reported instead.
    ///
    /// ### Default
    /// 65,536 bytes.
    pub max_pending_tag_bytes: usize,
    /// Maximum bytes of attribute names and values kept while one tag is
    /// read. Past it, further attribute text of that tag is not kept (one
    /// value is also cut at a quarter of this, and a name at 1 KiB), so a
    /// 100 MB attribute costs no memory; what was cut is far longer than any
    /// value the filter keeps, so it is dropped and reported as too long.
    /// Comments, doctypes and the content of dropped raw-text elements are
    /// never buffered at all.
    ///
    /// ### Default
    /// 262,144 bytes.
    pub max_tag_bytes: usize,
    /// Maximum attributes examined per start tag. Attributes past this many
    /// are dropped and reported ([`Reason::TooMany`](crate::Reason::TooMany)),
    /// so a tag with thousands of attributes costs no more than this.
    ///
    /// ### Default
    /// 32: no policy keeps more than a handful per element.
    pub max_attributes_per_tag: usize,
    /// Maximum links (`<a>` keeping a URL) in one comment; `None` to only
    /// count them in [`Report::links`](crate::Report::links). Past the
    /// limit, sanitizing stops with
    /// [`ErrorKind::TooManyLinks`](crate::ErrorKind::TooManyLinks), so a
    /// service can refuse the comment or hold it for moderation.
    ///
    /// ### Default
    /// `None` (report only). WordPress holds comments with 2 or more links
    /// for moderation; a service doing that reads `Report::links`.
    pub max_links: Option<usize>,
    /// Maximum bytes held back while content could still move. A browser
    /// puts text and elements that arrive inside a table outside its cells
    /// *before* the table, and moves a block out of a formatting element
    /// that ends while the block is open; a stream cannot take back what it
    /// wrote, so from the start of a table (or of a block inside a
    /// formatting element) until nothing can move any more, the sanitizer
    /// holds what it parsed. Past this many bytes it hands everything on,
    /// closes what is open and opens it again, and lets later content stay
    /// where it arrives: the text is kept, its order may then differ from a
    /// browser's, and the report says so
    /// ([`Departure::HeldContentOverflow`](crate::Departure::HeldContentOverflow)).
    ///
    /// ### Default
    /// 262,144 bytes: a comment's tables are far smaller.
    pub max_held_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_depth: 256,
            max_input_bytes: None,
            max_attr_value_len: 1024,
            max_url_len: 2048,
            max_pending_tag_bytes: 64 * 1024,
            max_tag_bytes: 256 * 1024,
            max_attributes_per_tag: 32,
            max_links: None,
            max_held_bytes: 256 * 1024,
        }
    }
}

/// More than `max` characters? (Counted only when the bytes say it may be.)
///
/// Limits on values count characters, as a reader would; a string of at
/// most `max` bytes has at most `max` characters, so the count is skipped
/// for it.
pub(crate) fn too_long(value: &str, max: usize) -> bool {
    value.len() > max && value.chars().count() > max
}
