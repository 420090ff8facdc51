//! The events that pass between the pipeline's stages.
//!
//! ```text
//! tokenize --Token--> tree --TreeEvent--> filter --Clean--> balance --calls--> serialize
//! ```
//!
//! [`Token`] is what any tokenizer reports, with names lowercased and
//! character references decoded; nothing about it says it came from
//! html5ever, so the tokenizer can be replaced without touching later stages.
//! [`TreeEvent`] is the document the tree builder built from the tokens, in
//! document order: every element opened is closed, where a browser's tree
//! builder would put it. [`Clean`] is what survived the policy: only
//! allowlisted tags and attributes, as the [`AllowedTag`]/[`AttrName`]
//! capabilities the policy mints, and text.

use std::borrow::Cow;

use crate::policy::{AllowedTag, AttrName, Facts};
use crate::report::Departure;

/// One attribute of a start tag, as the tokenizer read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Attr<'a> {
    /// Lowercase name.
    pub(crate) name: &'a str,
    /// Value with character references decoded.
    pub(crate) value: &'a str,
    /// The tokenizer did not keep all of the name or value (past
    /// [`Limits::max_tag_bytes`](crate::Limits::max_tag_bytes)): the
    /// attribute is removed whole, never written cut short.
    pub(crate) cut: bool,
}

/// Where one attribute is in a tokenizer's attribute buffer:
/// `buf[name_start..name_end]` is its name and `buf[name_end..value_end]`
/// its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AttrSpan {
    pub(crate) name_start: usize,
    pub(crate) name_end: usize,
    pub(crate) value_end: usize,
    /// See [`Attr::cut`].
    pub(crate) cut: bool,
}

/// The attributes of a start tag, borrowed from the tokenizer: a tag costs
/// no allocation on its way through the pipeline.
#[derive(Clone, Copy)]
pub(crate) enum Attrs<'a> {
    /// Names and values side by side in one buffer (the native tokenizer).
    Spans { buf: &'a str, spans: &'a [AttrSpan] },
    /// A list (the html5ever backend, and hand-made tokens in tests).
    List(&'a [Attr<'a>]),
}

impl<'a> Attrs<'a> {
    /// No attributes.
    pub(crate) const NONE: Attrs<'static> = Attrs::List(&[]);

    pub(crate) fn len(&self) -> usize {
        match self {
            Attrs::Spans { spans, .. } => spans.len(),
            Attrs::List(list) => list.len(),
        }
    }

    /// The attributes in source order.
    pub(crate) fn iter(&self) -> AttrIter<'a> {
        AttrIter { attrs: *self, next: 0 }
    }
}

/// The iterator of [`Attrs::iter`].
pub(crate) struct AttrIter<'a> {
    attrs: Attrs<'a>,
    next: usize,
}

impl<'a> Iterator for AttrIter<'a> {
    type Item = Attr<'a>;

    #[inline]
    fn next(&mut self) -> Option<Attr<'a>> {
        let i = self.next;
        self.next += 1;
        match self.attrs {
            Attrs::Spans { buf, spans } => {
                let s = spans.get(i)?;
                let at = |from: usize, to: usize| buf.get(from..to).unwrap_or_default();
                Some(Attr {
                    name: at(s.name_start, s.name_end),
                    value: at(s.name_end, s.value_end),
                    cut: s.cut,
                })
            }
            Attrs::List(list) => list.get(i).copied(),
        }
    }
}

impl std::fmt::Debug for Attrs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Attrs<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Attrs<'_> {}

/// A start tag, as the tokenizer read it. Duplicate attributes are already
/// gone (the first one wins, as in the HTML standard).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StartTag<'a> {
    /// Lowercase name.
    pub(crate) name: &'a str,
    /// What the element tables and the policy say about `name`, looked up
    /// once by the tokenizer (which needs the tables' part too) for every
    /// later stage.
    pub(crate) facts: Facts,
    pub(crate) attrs: Attrs<'a>,
    pub(crate) self_closing: bool,
}

/// What kind of comment-like construct the tokenizer skipped over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CommentKind {
    /// `<!-- ... -->` or a bogus comment such as `<! x>` or `</ x>`.
    Comment,
    /// `<?target ...>`, which HTML reads as a bogus comment.
    ProcessingInstruction,
    /// `<![CDATA[ ... ]]>` outside foreign content, a bogus comment in HTML.
    CdataSection,
}

/// A token from the tokenizer stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    StartTag(StartTag<'a>),
    EndTag {
        /// Lowercase name.
        name: &'a str,
        /// As [`StartTag::facts`].
        facts: Facts,
    },
    /// Text, with character references decoded and NUL characters of the
    /// data state already removed.
    Text(&'a str),
    Comment(CommentKind),
    Doctype,
    /// A tag was left unterminated at the end of the input and was too long
    /// to be written back as text.
    UnterminatedTag,
    /// In escape mode, markup that was to be written as its source text
    /// but grew past `max_pending_tag_bytes`.
    Overlong,
}

/// The namespace an element was inserted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    Html,
    Svg,
    MathMl,
}

/// Why an element is in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A start tag of the input.
    Parsed,
    /// The tree builder made it with no start tag of its own: an implied
    /// `<tbody>`, `<tr>` or `<colgroup>` in a table, the empty `<p>` a
    /// stray `</p>` makes, an `<img>` read from `<image>`.
    Implied,
    /// A copy of a formatting element the tree builder opened again, or a
    /// continuation of an element split where content could no longer be
    /// held (see the tree builder's module docs). Its start tag was already
    /// reported.
    Copy,
}

/// An element, as the tree builder inserted it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Element<'a> {
    /// Lowercase name.
    pub(crate) name: &'a str,
    /// As [`StartTag::facts`].
    pub(crate) facts: Facts,
    pub(crate) attrs: Attrs<'a>,
    pub(crate) ns: Ns,
    pub(crate) origin: Origin,
}

/// A node of the document the tree builder builds, in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TreeEvent<'a> {
    /// An element starts; every `Open` is followed, after its content, by
    /// one `Close` (at once for a void element).
    Open(Element<'a>),
    /// The innermost open element, named `name`, ends. `explicit` when its
    /// own end tag ended it (for the report: the input had that end tag).
    Close {
        name: &'a str,
        explicit: bool,
    },
    /// Text (never empty).
    Text(&'a str),
    /// A comment or comment-like construct, which the document does not
    /// keep either way.
    Comment(CommentKind),
    Doctype,
    /// A tag cut off by the end of input, too long to give back as text.
    UnterminatedTag,
    /// See [`Token::Overlong`].
    Overlong,
    /// A tag the tree builder ignored (a parse error that drops the token:
    /// `<tr>` outside a table, a stray end tag, a second `<body>`).
    Ignored {
        name: &'a str,
        end: bool,
    },
    /// Content the tree builder could not put where a browser would,
    /// because it was past a bound (see the tree builder's module docs).
    Approximated(Departure),
}

/// Where the tree builder's events go.
pub(crate) trait TreeSink {
    fn event(&mut self, event: TreeEvent<'_>);

    /// The [`Facts`] of an element the tree builder makes without a start
    /// tag of its own (an implied `<tbody>`): the sink that holds the
    /// policy answers with it.
    fn facts(&mut self, name: &str) -> Facts;
}

/// An event that passed the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Clean<'a> {
    /// Open a kept element (or write a kept void element).
    Open {
        tag: AllowedTag,
        attrs: &'a [(AttrName<'a>, Cow<'a, str>)],
        /// An `<a>` that keeps a URL: counted as a link when written.
        link: bool,
    },
    /// Close a kept element, if it is open.
    Close(AllowedTag),
    /// Text to write, escaped by the serializer.
    Text(Cow<'a, str>),
}
