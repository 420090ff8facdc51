//! The list of active formatting elements
//! (<https://html.spec.whatwg.org/multipage/parsing.html#list-of-active-formatting-elements>).
//!
//! Each element entry keeps what is needed to open the element again: its
//! name's [`Facts`] (formatting elements all have a [`Tag`], so no name is
//! stored) and a copy of its attributes. The list is bounded: at most
//! [`MAX_ENTRIES`] element entries (the oldest goes first, as the Noah's Ark
//! clause already does for identical ones) and [`MAX_ATTR_BYTES`] of
//! attributes in all; an element that arrives past the latter is listed
//! without its attributes, so it is opened again bare.

use crate::elements::Tag;
use crate::event::{Attr, AttrSpan, Attrs};
use crate::policy::Facts;

/// Element entries kept at most. Browsers keep any number, and a page of
/// `<p><b class=1></p><p><b class=2></p>...` makes them open every one again
/// at each paragraph, which is quadratic; a comment needs no more than this.
pub(super) const MAX_ENTRIES: usize = 32;

/// Bytes of attribute names and values kept for all entries together.
pub(super) const MAX_ATTR_BYTES: usize = 16 * 1024;

/// One entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Entry {
    Marker,
    Element(Listed),
}

/// A listed formatting element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Listed {
    /// The stack entry's identity; its element is open while an entry with
    /// this id is live on the stack.
    pub(super) id: u64,
    pub(super) facts: Facts,
    /// Where its attributes are in [`Formatting::spans`].
    pub(super) attrs: (u32, u32),
    /// Listed without its attributes (see the module docs).
    pub(super) bare: bool,
    /// Where its element was last found on the stack: checked before it
    /// is trusted, since entries move when the adoption agency inserts or
    /// removes one. [`GONE`]: its element was found closed; an identity is
    /// never open again once closed, so the stack is not searched again
    /// (whatever gives the entry a new `id` sets this too).
    pub(super) at: u32,
}

/// [`Listed::at`] of an element found closed.
pub(super) const GONE: u32 = u32::MAX;

impl Listed {
    #[inline]
    pub(super) fn tag(&self) -> Tag {
        self.facts.info.tag
    }
}

/// The list, with its attribute store.
#[derive(Debug, Default)]
pub(super) struct Formatting {
    entries: Vec<Entry>,
    /// Attribute names and values of the entries, side by side.
    buf: String,
    spans: Vec<AttrSpan>,
}

impl Formatting {
    pub(super) fn clear(&mut self) {
        self.entries.clear();
        self.buf.clear();
        self.spans.clear();
    }

    pub(super) fn capacity(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<Entry>()
            + self.buf.capacity()
            + self.spans.capacity() * std::mem::size_of::<AttrSpan>()
    }

    #[inline]
    pub(super) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    #[inline]
    pub(super) fn entries_mut(&mut self) -> &mut Vec<Entry> {
        &mut self.entries
    }

    /// The attributes of a listed element.
    pub(super) fn attrs(&self, listed: &Listed) -> Attrs<'_> {
        Attrs::Spans {
            buf: &self.buf,
            spans: self
                .spans
                .get(listed.attrs.0 as usize..listed.attrs.1 as usize)
                .unwrap_or_default(),
        }
    }

    pub(super) fn push_marker(&mut self) {
        self.entries.push(Entry::Marker);
    }

    /// "Clear the list of active formatting elements up to the last marker".
    pub(super) fn clear_to_marker(&mut self) {
        while let Some(entry) = self.entries.pop() {
            if entry == Entry::Marker {
                break;
            }
        }
        self.compact();
    }

    /// Entries after the last marker, newest first, with their indices.
    pub(super) fn after_marker_rev(&self) -> impl Iterator<Item = (usize, &Listed)> + '_ {
        self.entries
            .iter()
            .enumerate()
            .rev()
            .take_while(|(_, e)| **e != Entry::Marker)
            .filter_map(|(i, e)| match e {
                Entry::Element(l) => Some((i, l)),
                Entry::Marker => None,
            })
    }

    /// The index of the entry for the element with this identity.
    pub(super) fn position_of(&self, id: u64) -> Option<usize> {
        self.entries
            .iter()
            .rposition(|e| matches!(e, Entry::Element(l) if l.id == id))
    }

    /// Push an element entry, applying the Noah's Ark clause (at most three
    /// identical entries after the last marker) and the bounds.
    pub(super) fn push_element(&mut self, id: u64, facts: Facts, attrs: Attrs<'_>) {
        let mut identical = 0;
        let mut earliest = None;
        for (i, listed) in self.after_marker_rev() {
            if listed.tag() == facts.info.tag && !listed.bare && self.same_attrs(listed, attrs) {
                identical += 1;
                earliest = Some(i);
            }
        }
        if identical >= 3 {
            if let Some(i) = earliest {
                self.entries.remove(i);
            }
        }
        // Fewer entries than the bound, markers included: no need to count.
        if self.entries.len() >= MAX_ENTRIES
            && self.entries.iter().filter(|e| **e != Entry::Marker).count() >= MAX_ENTRIES
        {
            if let Some(i) = self.entries.iter().position(|e| *e != Entry::Marker) {
                self.entries.remove(i);
            }
        }
        let listed = self.store(id, facts, attrs);
        self.entries.push(Entry::Element(listed));
    }

    /// A [`Listed`] for an element, with its attributes stored if they fit.
    pub(super) fn store(&mut self, id: u64, facts: Facts, attrs: Attrs<'_>) -> Listed {
        if attrs.len() == 0 {
            return Listed {
                id,
                facts,
                attrs: (0, 0),
                bare: false,
                at: 0,
            };
        }
        let bytes: usize = attrs.iter().map(|a| a.name.len() + a.value.len()).sum();
        if self.buf.len() + bytes > MAX_ATTR_BYTES {
            self.compact();
        }
        if self.buf.len() + bytes > MAX_ATTR_BYTES {
            return Listed {
                id,
                facts,
                attrs: (0, 0),
                bare: attrs.len() > 0,
                at: 0,
            };
        }
        let start = self.spans.len() as u32;
        for Attr { name, value, cut } in attrs.iter() {
            let name_start = self.buf.len();
            self.buf.push_str(name);
            let name_end = self.buf.len();
            self.buf.push_str(value);
            self.spans.push(AttrSpan {
                name_start,
                name_end,
                value_end: self.buf.len(),
                cut,
            });
        }
        Listed {
            id,
            facts,
            attrs: (start, self.spans.len() as u32),
            bare: false,
            at: 0,
        }
    }

    /// Whether a listed element has the same attributes as `attrs`, in any
    /// order ("same attributes ... compared as they were when the elements
    /// were created by the parser").
    fn same_attrs(&self, listed: &Listed, attrs: Attrs<'_>) -> bool {
        let mine = self.attrs(listed);
        mine.len() == attrs.len() && attrs.iter().all(|a| mine.iter().any(|m| m == a))
    }

    /// Drop the stored attributes no entry refers to any more (when the
    /// list empties, or before storing would overflow the bound).
    fn compact(&mut self) {
        if self.entries.iter().all(|e| *e == Entry::Marker) {
            self.buf.clear();
            self.spans.clear();
            return;
        }
        if self.buf.len() < MAX_ATTR_BYTES / 2 {
            return;
        }
        let mut buf = String::new();
        let mut spans = Vec::new();
        for entry in &mut self.entries {
            let Entry::Element(listed) = entry else { continue };
            let start = spans.len() as u32;
            for s in self
                .spans
                .get(listed.attrs.0 as usize..listed.attrs.1 as usize)
                .unwrap_or_default()
            {
                let base = buf.len();
                buf.push_str(self.buf.get(s.name_start..s.value_end).unwrap_or_default());
                spans.push(AttrSpan {
                    name_start: base,
                    name_end: base + (s.name_end - s.name_start),
                    value_end: buf.len(),
                    cut: s.cut,
                });
            }
            listed.attrs = (start, spans.len() as u32);
        }
        self.buf = buf;
        self.spans = spans;
    }

    /// Remove the entry at `index`; the store is compacted when the list
    /// holds no element any more.
    pub(super) fn remove(&mut self, index: usize) {
        if index < self.entries.len() {
            self.entries.remove(index);
        }
        if self.entries.iter().all(|e| *e == Entry::Marker) {
            self.buf.clear();
            self.spans.clear();
        }
    }
}
