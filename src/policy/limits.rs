//! [`Limits`]: the caps on the work and the memory one input can cost, and
//! [`too_long`], the character-count test the filter and the URL check
//! share for the length limits.
//!
//! A leaf: it imports nothing from the crate, so the filter and the URL
//! check can both use the test without importing each other.

/// Limits that bound the work and the memory one input can cost.
///
/// The fields are public to read; a `Limits` is made from
/// [`Limits::default`] and the `with_` methods, so that a release can add
/// a limit without breaking code that sets the others.
///
/// ```
/// use comment_sanitizer::Limits;
///
/// let limits = Limits::default().with_max_depth(32).with_max_links(Some(2));
/// assert_eq!(limits.max_depth, 32);
/// assert_eq!(limits.max_url_len, 2048);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Maximum nesting depth of kept elements. Deeper opening tags are
    /// removed (their text is kept) and reported. At most 512:
    /// [`build`](crate::PolicyBuilder::build) refuses more, since browsers
    /// flatten nesting past 512 and such output would not read back the
    /// same.
    ///
    /// ### Default
    /// 256, the figure OWASP's java-html-sanitizer uses.
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
    /// 100 MB attribute costs no memory. An attribute that was not kept
    /// whole is removed whole and reported
    /// ([`Reason::TooLong`](crate::Reason::TooLong)): never written cut short
    /// (a cut URL is another URL, a cut date another date). Comments,
    /// doctypes and the content of dropped raw-text elements are never
    /// buffered at all.
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

impl Limits {
    /// These limits with [`max_depth`](Self::max_depth) set to `value`.
    ///
    /// ```
    /// let limits = comment_sanitizer::Limits::default().with_max_depth(8);
    /// assert_eq!(limits.max_depth, 8);
    /// ```
    #[must_use]
    pub fn with_max_depth(mut self, value: usize) -> Limits {
        self.max_depth = value;
        self
    }

    /// These limits with [`max_input_bytes`](Self::max_input_bytes) set to `value`.
    ///
    /// ```
    /// let limits = comment_sanitizer::Limits::default().with_max_input_bytes(Some(65_525));
    /// assert_eq!(limits.max_input_bytes, Some(65_525));
    /// ```
    #[must_use]
    pub fn with_max_input_bytes(mut self, value: Option<usize>) -> Limits {
        self.max_input_bytes = value;
        self
    }

    /// These limits with [`max_attr_value_len`](Self::max_attr_value_len) set to `value`.
    ///
    /// ```
    /// let limits = comment_sanitizer::Limits::default().with_max_attr_value_len(256);
    /// assert_eq!(limits.max_attr_value_len, 256);
    /// ```
    #[must_use]
    pub fn with_max_attr_value_len(mut self, value: usize) -> Limits {
        self.max_attr_value_len = value;
        self
    }

    /// These limits with [`max_url_len`](Self::max_url_len) set to `value`.
    ///
    /// ```
    /// let limits = comment_sanitizer::Limits::default().with_max_url_len(512);
    /// assert_eq!(limits.max_url_len, 512);
    /// ```
    #[must_use]
    pub fn with_max_url_len(mut self, value: usize) -> Limits {
        self.max_url_len = value;
        self
    }

    /// These limits with [`max_pending_tag_bytes`](Self::max_pending_tag_bytes) set to `value`.
    ///
    /// ```
    /// let limits = comment_sanitizer::Limits::default().with_max_pending_tag_bytes(4096);
    /// assert_eq!(limits.max_pending_tag_bytes, 4096);
    /// ```
    #[must_use]
    pub fn with_max_pending_tag_bytes(mut self, value: usize) -> Limits {
        self.max_pending_tag_bytes = value;
        self
    }

    /// These limits with [`max_tag_bytes`](Self::max_tag_bytes) set to `value`.
    ///
    /// ```
    /// let limits = comment_sanitizer::Limits::default().with_max_tag_bytes(16 * 1024);
    /// assert_eq!(limits.max_tag_bytes, 16 * 1024);
    /// ```
    #[must_use]
    pub fn with_max_tag_bytes(mut self, value: usize) -> Limits {
        self.max_tag_bytes = value;
        self
    }

    /// These limits with [`max_attributes_per_tag`](Self::max_attributes_per_tag) set to `value`.
    ///
    /// ```
    /// let limits = comment_sanitizer::Limits::default().with_max_attributes_per_tag(8);
    /// assert_eq!(limits.max_attributes_per_tag, 8);
    /// ```
    #[must_use]
    pub fn with_max_attributes_per_tag(mut self, value: usize) -> Limits {
        self.max_attributes_per_tag = value;
        self
    }

    /// These limits with [`max_links`](Self::max_links) set to `value`.
    ///
    /// ```
    /// let limits = comment_sanitizer::Limits::default().with_max_links(Some(2));
    /// assert_eq!(limits.max_links, Some(2));
    /// ```
    #[must_use]
    pub fn with_max_links(mut self, value: Option<usize>) -> Limits {
        self.max_links = value;
        self
    }

    /// These limits with [`max_held_bytes`](Self::max_held_bytes) set to `value`.
    ///
    /// ```
    /// let limits = comment_sanitizer::Limits::default().with_max_held_bytes(64 * 1024);
    /// assert_eq!(limits.max_held_bytes, 64 * 1024);
    /// ```
    #[must_use]
    pub fn with_max_held_bytes(mut self, value: usize) -> Limits {
        self.max_held_bytes = value;
        self
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
