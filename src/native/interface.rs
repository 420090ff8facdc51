//! The tokenizer's interface: what it is configured with ([`Caps`],
//! [`Flavor`]) and what it hands its tokens to ([`Sink`], with a DOCTYPE's
//! fields in [`Doctype`]).
//!
//! These types depend on nothing else in the tokenizer, so the state
//! machine, every state file and the rest of the crate can all name them
//! without depending on each other, as html5ever's `tokenizer/interface.rs`
//! does for its tokenizer.

use crate::elements::ContentModel;
use crate::event::{CommentKind, Token};
use crate::policy::Facts;

/// Bounds on the token being read. Input past a cap is not kept: names and
/// attribute values are truncated (at a character boundary) and attributes
/// past `max_attrs` are dropped, each counted in the machine's
/// `truncations` (for the unit tests).
///
/// Every cap is far above what the filter keeps (see
/// [`Limits`](crate::Limits)), so a truncated value is still long enough for
/// the filter to refuse it as too long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Caps {
    /// Source bytes of a tag kept to give an unterminated tag back as text.
    ///
    /// ### Default
    /// 65,536, as [`Limits::max_pending_tag_bytes`](crate::Limits::max_pending_tag_bytes).
    pub(crate) max_pending_tag_bytes: usize,
    /// Bytes of a tag or attribute name.
    ///
    /// ### Default
    /// 1,024: the longest standard name is 25 bytes.
    pub(crate) max_name_bytes: usize,
    /// Bytes of one attribute value, after character references are decoded.
    ///
    /// ### Default
    /// 65,536: thirty times the longest URL the default policy keeps.
    pub(crate) max_attr_value_bytes: usize,
    /// Bytes of all attribute names and values of one tag together.
    ///
    /// ### Default
    /// 262,144.
    pub(crate) max_tag_bytes: usize,
    /// Attributes kept on one tag.
    ///
    /// ### Default
    /// 1,024, four times the filter's default
    /// [`Limits::max_attributes_per_tag`](crate::Limits::max_attributes_per_tag).
    pub(crate) max_attrs: usize,
}

impl Default for Caps {
    fn default() -> Caps {
        Caps {
            max_pending_tag_bytes: 64 * 1024,
            max_name_bytes: 1024,
            max_attr_value_bytes: 64 * 1024,
            max_tag_bytes: 256 * 1024,
            max_attrs: 1024,
        }
    }
}

/// Which tokenizer: the pipeline's, or the standard's (see the
/// [tokenizer's module docs](super)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    Sanitizer,
    Spec,
}

/// A DOCTYPE token's fields, kept only in [`Flavor::Spec`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Doctype {
    pub(crate) name: Option<String>,
    pub(crate) public_id: Option<String>,
    pub(crate) system_id: Option<String>,
    pub(crate) force_quirks: bool,
}

/// Where tokens go: the pipeline's sink, which also answers
/// [`facts`](Sink::facts) and [`wants_attributes`](Sink::wants_attributes)
/// from its policy; the conformance runner's, which also wants comment data
/// and DOCTYPE fields; and a closure (`FnSink`) in the tests.
pub(crate) trait Sink {
    fn token(&mut self, token: Token<'_>);

    /// A comment; `data` is complete only in [`Flavor::Spec`] (otherwise it
    /// is the first few bytes, enough for the [`CommentKind`]).
    fn comment(&mut self, kind: CommentKind, data: &str) {
        let _ = data;
        self.token(Token::Comment(kind));
    }

    /// A DOCTYPE; its fields are kept only in [`Flavor::Spec`].
    fn doctype(&mut self, doctype: &Doctype) {
        let _ = doctype;
        self.token(Token::Doctype);
    }

    /// The [`Facts`] of a tag name, for its token: the sink that holds a
    /// policy answers with it, in one lookup. Without one, the element
    /// tables' answer.
    fn facts(&mut self, name: &str) -> Facts {
        Facts::tables(name)
    }

    /// Asked once the name of a start tag is read, before its attributes
    /// (`facts` are the name's): whether the sink will look at them. If
    /// not, the tokenizer still reads them (the syntax is the same) but
    /// keeps none, which spares a removed element's attributes the copying,
    /// lowercasing and de-duplication.
    fn wants_attributes(&mut self, facts: &Facts) -> bool {
        let _ = facts;
        true
    }

    /// Asked right after a start tag was handed to [`token`](Sink::token):
    /// the content model the tree builder switches the tokenizer to
    /// (RCDATA after `<textarea>`, ...). Without a tree builder (the
    /// html5lib tests), none.
    fn next_content(&mut self) -> ContentModel {
        ContentModel::Markup
    }

    /// Where the markup whose token comes next starts: the byte offset of
    /// its `<` in the input as fed (before line breaks are normalized).
    /// Told at each `<` read in the data state.
    #[inline]
    fn position(&mut self, offset: u64) {
        let _ = offset;
    }

    /// Whether the policy escapes what it does not keep
    /// ([`Disallowed::Escape`](crate::Disallowed::Escape)): then a start or
    /// end tag whose [`Facts`] say the element is not kept, a comment, a
    /// DOCTYPE and every other markup declaration reach [`token`](Sink::token)
    /// as [`Token::Text`] holding their source exactly as typed, and the
    /// tokenizer stays in the data state after them. Asked once per chunk.
    fn escapes(&mut self) -> bool {
        false
    }

    /// Whether `<![CDATA[` opens a CDATA section here: "the adjusted
    /// current node is not an element in the HTML namespace". Without a
    /// tree builder, never.
    fn in_foreign_content(&mut self) -> bool {
        false
    }

    /// Whether a NUL read in the data state reaches [`token`](Sink::token)
    /// (as [`Token::Text`] `"\0"`) in the sanitizer flavor, which otherwise
    /// drops it. The tree builder ignores a NUL in the modes of a comment's
    /// content but one: "in column group", where it ends the column group
    /// (its content is dropped in foreign content, where it would be
    /// U+FFFD). Asked at each NUL; without a tree builder, never.
    fn wants_nul(&mut self) -> bool {
        false
    }
}

/// A closure as a [`Sink`].
#[cfg(test)]
pub(crate) struct FnSink<F>(pub(crate) F);

#[cfg(test)]
impl<F: FnMut(Token<'_>)> Sink for FnSink<F> {
    #[inline]
    fn token(&mut self, token: Token<'_>) {
        (self.0)(token)
    }
}
