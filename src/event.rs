//! The events that pass between the pipeline's stages.
//!
//! ```text
//! tokenize --Token--> filter --Clean--> balance --calls--> serialize
//! ```
//!
//! [`Token`] is what any tokenizer reports, with names lowercased and
//! character references decoded; nothing about it says it came from
//! html5ever, so the tokenizer can be replaced without touching later stages.
//! [`Clean`] is what survived the policy: only allowlisted tags and
//! attributes, as the [`AllowedTag`]/[`AllowedAttr`] capabilities the policy
//! mints, and text.

use std::borrow::Cow;

use crate::policy::{AllowedAttr, AllowedTag};

/// One attribute of a start tag, as the tokenizer read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Attr<'a> {
    /// Lowercase name.
    pub(crate) name: &'a str,
    /// Value with character references decoded.
    pub(crate) value: &'a str,
}

/// A start tag, as the tokenizer read it. Duplicate attributes are already
/// gone (the first one wins, as in the HTML standard).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StartTag<'a> {
    /// Lowercase name.
    pub(crate) name: &'a str,
    pub(crate) attrs: Vec<Attr<'a>>,
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    StartTag(StartTag<'a>),
    EndTag {
        /// Lowercase name.
        name: &'a str,
    },
    /// Text, with character references decoded and NUL characters of the
    /// data state already removed.
    Text(&'a str),
    Comment(CommentKind),
    Doctype,
    /// A tag was left unterminated at the end of the input and was too long
    /// to be written back as text.
    UnterminatedTag,
}

/// An event that passed the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Clean<'a> {
    /// Open a kept element (or write a kept void element).
    Open {
        tag: AllowedTag,
        attrs: Vec<(AllowedAttr, Cow<'a, str>)>,
        /// An `<a>` that keeps a URL: counted as a link when written.
        link: bool,
    },
    /// Close a kept element, if it is open.
    Close(AllowedTag),
    /// Text to write, escaped by the serializer.
    Text(Cow<'a, str>),
}
