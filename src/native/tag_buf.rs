//! The buffer of the tag being read.
//!
//! The machine holds it, and the tag states, the raw-text end tag states
//! and the fast paths all fill it; it is defined apart from all of them so
//! that none of those files depends on another for it.

use std::collections::HashSet;

use crate::event::AttrSpan;
use crate::policy::Facts;

/// The tag being read, kept between chunks. The operations on it are
/// `Machine` methods in `tag.rs`, since they also need the caps and the
/// truncation count.
#[derive(Debug, Default)]
pub(super) struct TagBuf {
    pub(super) end: bool,
    /// Lowercased.
    pub(super) name: String,
    /// Every kept attribute's name and value, side by side.
    pub(super) buf: String,
    /// Where each kept attribute is in `buf`.
    pub(super) attrs: Vec<AttrSpan>,
    /// The attribute being read is not kept: a duplicate, one past
    /// `max_attrs`, on an end tag, or on a tag whose attributes the sink
    /// does not want.
    pub(super) skip_attr: bool,
    /// The sink wants this start tag's attributes (see
    /// [`Sink::wants_attributes`](super::interface::Sink::wants_attributes)).
    pub(super) keep_attrs: bool,
    /// The start tag's [`Facts`], once its name is complete.
    pub(super) facts: Option<Facts>,
    pub(super) self_closing: bool,
    /// Attribute names seen, once a tag has more than [`LINEAR_DEDUP`]:
    /// keeps duplicate detection linear in the number of attributes.
    pub(super) names: HashSet<Box<str>>,
}

/// Up to this many attributes, a duplicate is found by comparing names one
/// by one (cheaper than hashing for the few attributes real tags have).
pub(super) const LINEAR_DEDUP: usize = 8;

impl TagBuf {
    /// Attributes kept so far.
    pub(super) fn attrs_len(&self) -> usize {
        self.attrs.len()
    }

    /// Bytes held in buffers.
    pub(super) fn capacity(&self) -> usize {
        self.name.capacity()
            + self.buf.capacity()
            + self.attrs.capacity() * std::mem::size_of::<AttrSpan>()
            + self.names.iter().map(|n| n.len() + 32).sum::<usize>()
    }
}
