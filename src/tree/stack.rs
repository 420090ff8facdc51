//! The stack of open elements
//! (<https://html.spec.whatwg.org/multipage/parsing.html#the-stack-of-open-elements>)
//! and the scope queries the rules ask of it.
//!
//! An entry says where its element is: already handed downstream
//! ([`Node::Emitted`]: only a `Close` can follow) or still held in the tree
//! builder's arena ([`Node::Held`]: it may move). Emitted entries are
//! always below held ones, since a region of held content starts at one
//! element and holds everything inserted after it.
//!
//! An element the tree builder removes from the middle of the stack (a
//! `</form>`, a formatting element the adoption agency moves) stays in the
//! vector as a *zombie* while elements opened inside it are still open: the
//! rules no longer see it, but its `Close` must follow theirs. A zombie is
//! dropped as soon as it is on top.
//!
//! The stack also counts its HTML entries by tag (and `Tag::Other` ones by
//! a hash of the name), so the common question "is such an element open at
//! all?" is answered without a walk. The walks the rules ask for stop at
//! scope boundaries and special elements, which a stack of unknown
//! elements need not have: without the counts, every stray end tag under
//! [`MAX_OPEN`](super::MAX_OPEN) unknown elements would visit all of them.

use crate::elements::{flag, Tag};
use crate::event::Ns;
use crate::policy::Facts;

/// Where an open element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Node {
    /// Its `Open` went downstream.
    Emitted,
    /// In the held arena, at this index.
    Held(u32),
}

/// One open element.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    /// Identity, for the list of active formatting elements.
    pub(super) id: u64,
    pub(super) facts: Facts,
    pub(super) ns: Ns,
    /// Where its name is in [`Stack::names`].
    pub(super) name: (u32, u32),
    /// For an unknown HTML element, the [`name_hash`] of its name (set by
    /// the stack), so walks compare names only where the hashes agree.
    pub(super) hash: u32,
    pub(super) node: Node,
    /// Removed by the rules, still open downstream (see the module docs).
    pub(super) zombie: bool,
    /// A MathML `annotation-xml` whose `encoding` makes it an HTML
    /// integration point.
    pub(super) html_annotation: bool,
}

impl Entry {
    #[inline]
    pub(super) fn tag(&self) -> Tag {
        self.facts.info.tag
    }

    /// An HTML element named `tag`.
    #[inline]
    pub(super) fn is(&self, tag: Tag) -> bool {
        self.ns == Ns::Html && self.facts.info.tag == tag
    }

    /// An HTML element with all the [`flag`] bits in `bits`.
    #[inline]
    pub(super) fn html_with(&self, bits: u16) -> bool {
        self.ns == Ns::Html && self.facts.info.is(bits)
    }

    /// An element that puts a marker on the list of active formatting
    /// elements.
    #[inline]
    pub(super) fn is_marker(&self) -> bool {
        // Every marker element bounds the default scope: the flag rules
        // out most elements at once.
        self.html_with(flag::SCOPE) && MARKERS.contains(&self.tag())
    }

    /// In the "special" category.
    #[inline]
    pub(super) fn special(&self) -> bool {
        self.html_with(flag::SPECIAL)
    }

    /// A MathML text integration point.
    #[inline]
    pub(super) fn mathml_text_point(&self) -> bool {
        self.ns == Ns::MathMl && matches!(self.tag(), Tag::Mi | Tag::Mo | Tag::Mn | Tag::Ms | Tag::Mtext)
    }

    /// Bounds the default scope: as html5ever has it, the HTML scope
    /// elements and the SVG and MathML integration points (not
    /// `annotation-xml`).
    #[inline]
    fn default_scope_boundary(&self) -> bool {
        self.html_with(flag::SCOPE)
            || self.mathml_text_point()
            || (self.ns == Ns::Svg && matches!(self.tag(), Tag::ForeignObject | Tag::Desc | Tag::Title))
    }
}

/// Past this many bytes of stored names, the store is compacted.
const COMPACT_NAMES: usize = 16 * 1024;

/// How many tags have their own count.
const TAGS: usize = Tag::Xmp as usize + 1;

/// Buckets of the names of `Tag::Other` entries.
const OTHER_BUCKETS: usize = 64;

/// A hash of an unknown element's name (FNV-1a).
#[inline]
pub(super) fn name_hash(name: &str) -> u32 {
    name.bytes()
        .fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// The count bucket of a [`name_hash`].
#[inline]
fn bucket(hash: u32) -> usize {
    (hash >> 26) as usize % OTHER_BUCKETS
}

/// The scopes of "has an element in ... scope".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    Default,
    ListItem,
    Button,
    Table,
}

/// The stack of open elements.
#[derive(Debug)]
pub(super) struct Stack {
    entries: Vec<Entry>,
    /// The entries' names.
    names: String,
    /// The size of `names` at which it is compacted next.
    compact_at: usize,
    /// How many entries, zombies included, are HTML elements of each tag.
    counts: [u32; TAGS],
    /// How many entries, zombies included, are unknown HTML elements, by
    /// [`bucket`] of their name.
    others: [u32; OTHER_BUCKETS],
    /// The positions of the entries, zombies included, that are
    /// [`MARKERS`], bottom first.
    markers: Vec<u32>,
}

/// The elements that put a marker on the list of active formatting
/// elements: the adoption agency cannot reach past them.
const MARKERS: [Tag; 7] = [
    Tag::Td,
    Tag::Th,
    Tag::Caption,
    Tag::Applet,
    Tag::Marquee,
    Tag::Object,
    Tag::Template,
];

impl Default for Stack {
    fn default() -> Stack {
        Stack {
            entries: Vec::new(),
            names: String::new(),
            compact_at: 0,
            counts: [0; TAGS],
            others: [0; OTHER_BUCKETS],
            markers: Vec::new(),
        }
    }
}

impl Stack {
    pub(super) fn clear(&mut self) {
        if !self.entries.is_empty() {
            self.counts = [0; TAGS];
            self.others = [0; OTHER_BUCKETS];
        }
        self.entries.clear();
        self.names.clear();
        self.compact_at = 0;
        self.markers.clear();
    }

    /// The position of the highest entry at or below `at` that is an open
    /// marker element (not a zombie).
    pub(super) fn marker_at_or_below(&self, at: usize) -> Option<usize> {
        self.markers
            .iter()
            .rev()
            .map(|&m| m as usize)
            .filter(|&m| m <= at)
            .find(|&m| self.entries.get(m).is_some_and(|e| !e.zombie))
    }

    /// The count an entry is in, if any (its `hash` set).
    #[inline]
    fn count_of(&mut self, entry: &Entry) -> Option<&mut u32> {
        if entry.ns != Ns::Html {
            return None;
        }
        match entry.tag() {
            Tag::Other => self.others.get_mut(bucket(entry.hash)),
            tag => self.counts.get_mut(tag as usize),
        }
    }

    /// Set the hash of an entry named `name` and count it in.
    #[inline]
    fn count_in(&mut self, entry: &mut Entry, name: &str) {
        entry.hash = if entry.ns == Ns::Html && entry.tag() == Tag::Other {
            name_hash(name)
        } else {
            0
        };
        if let Some(count) = self.count_of(entry) {
            *count = count.saturating_add(1);
        }
    }

    /// Count an entry out.
    #[inline]
    fn count_out(&mut self, entry: &Entry) {
        if let Some(count) = self.count_of(entry) {
            *count = count.saturating_sub(1);
        }
    }

    /// Whether an HTML element `tag` may be open: false means none is,
    /// zombies included, so no walk can find one.
    #[inline]
    pub(super) fn may_hold(&self, tag: Tag) -> bool {
        self.counts.get(tag as usize).is_none_or(|&n| n > 0)
    }

    /// Whether an HTML element of any of `tags` may be open: false means
    /// none is.
    #[inline]
    pub(super) fn may_hold_any(&self, tags: &[Tag]) -> bool {
        tags.iter().any(|&tag| self.may_hold(tag))
    }

    /// Whether an unknown HTML element whose name has this [`name_hash`]
    /// may be open: false means none is.
    #[inline]
    pub(super) fn may_hold_other(&self, hash: u32) -> bool {
        self.others.get(bucket(hash)).is_none_or(|&n| n > 0)
    }

    pub(super) fn capacity(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<Entry>() + self.names.capacity()
    }

    /// Entries, zombies included, bottom first.
    #[inline]
    pub(super) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Entries to change in place: callers change neither `facts` nor
    /// `ns` (the counts depend on them; `remove` and `insert` do).
    #[inline]
    pub(super) fn entries_mut(&mut self) -> &mut [Entry] {
        &mut self.entries
    }

    /// How many entries, zombies included.
    #[inline]
    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The name of an entry.
    #[inline]
    pub(super) fn name<'s>(&'s self, entry: &Entry) -> &'s str {
        self.names
            .get(entry.name.0 as usize..entry.name.1 as usize)
            .unwrap_or_default()
    }

    /// Store a name for an entry. Names of entries removed from the
    /// middle of the stack, or stored out of stack order, stay behind until
    /// the store is compacted, once it is large.
    fn store(&mut self, name: &str) -> (u32, u32) {
        if self.names.len() > self.compact_at.max(COMPACT_NAMES) {
            self.compact();
        }
        let start = self.names.len() as u32;
        self.names.push_str(name);
        (start, self.names.len() as u32)
    }

    /// Keep only the live entries' names.
    fn compact(&mut self) {
        let mut names = String::with_capacity(self.names.len() / 2);
        for entry in &mut self.entries {
            let start = names.len() as u32;
            names.push_str(
                self.names
                    .get(entry.name.0 as usize..entry.name.1 as usize)
                    .unwrap_or_default(),
            );
            entry.name = (start, names.len() as u32);
        }
        self.names = names;
        self.compact_at = 2 * self.names.len();
    }

    /// Push an element named `name`.
    #[inline]
    pub(super) fn push(&mut self, mut entry: Entry, name: &str) {
        self.count_in(&mut entry, name);
        entry.name = self.store(name);
        if entry.is_marker() {
            self.marker_pushed();
        }
        self.entries.push(entry);
    }

    /// A marker element comes on top (out of line: rare, and `push` is hot).
    #[cold]
    #[inline(never)]
    fn marker_pushed(&mut self) {
        self.markers.push(self.entries.len() as u32);
    }

    /// Insert an entry named `name` at `index` (the adoption agency's new
    /// element).
    pub(super) fn insert(&mut self, index: usize, mut entry: Entry, name: &str) {
        self.count_in(&mut entry, name);
        entry.name = self.store(name);
        let index = index.min(self.entries.len());
        for m in self.markers.iter_mut().filter(|m| **m as usize >= index) {
            *m += 1;
        }
        if entry.is_marker() {
            let at = self.markers.partition_point(|&m| (m as usize) < index);
            self.markers.insert(at, index as u32);
        }
        self.entries.insert(index, entry);
    }

    /// Remove the entry at `index` (its stored name stays until the
    /// entries above it are popped).
    pub(super) fn remove(&mut self, index: usize) -> Option<Entry> {
        let entry = (index < self.entries.len()).then(|| self.entries.remove(index))?;
        self.count_out(&entry);
        self.markers.retain(|&m| m as usize != index);
        for m in self.markers.iter_mut().filter(|m| **m as usize > index) {
            *m -= 1;
        }
        Some(entry)
    }

    /// Remove and return the top entry (zombie or not).
    #[inline]
    pub(super) fn pop_raw(&mut self) -> Option<Entry> {
        let entry = self.entries.pop()?;
        self.count_out(&entry);
        if self.markers.last().is_some_and(|&m| m as usize == self.entries.len()) {
            self.markers.pop();
        }
        if entry.name.1 as usize == self.names.len() {
            self.names.truncate(entry.name.0 as usize);
        }
        if self.entries.is_empty() {
            self.names.clear();
        }
        Some(entry)
    }

    /// The index of the current node (the top entry that is not a zombie).
    #[inline]
    pub(super) fn current_index(&self) -> Option<usize> {
        self.entries.iter().rposition(|e| !e.zombie)
    }

    /// The current node.
    #[inline]
    pub(super) fn current(&self) -> Option<&Entry> {
        self.entries.iter().rev().find(|e| !e.zombie)
    }

    /// Whether the current node is the HTML element `tag`.
    #[inline]
    pub(super) fn current_is(&self, tag: Tag) -> bool {
        self.current().is_some_and(|e| e.is(tag))
    }

    /// Live (non-zombie) entries, top first, with their indices.
    pub(super) fn live_rev(&self) -> impl Iterator<Item = (usize, &Entry)> + '_ {
        self.entries.iter().enumerate().rev().filter(|(_, e)| !e.zombie)
    }

    /// Whether a live HTML element `tag` is open anywhere.
    pub(super) fn contains(&self, tag: Tag) -> bool {
        self.may_hold(tag) && self.entries.iter().any(|e| !e.zombie && e.is(tag))
    }

    /// The index of the topmost live entry with this identity.
    pub(super) fn position_of(&self, id: u64) -> Option<usize> {
        self.entries.iter().rposition(|e| e.id == id && !e.zombie)
    }

    /// "Has an element in scope": the topmost live entry matching `target`
    /// before a boundary of `scope`, as an index.
    pub(super) fn in_scope(&self, scope: Scope, target: impl Fn(&Entry) -> bool) -> Option<usize> {
        for (i, e) in self.live_rev() {
            if target(e) {
                return Some(i);
            }
            let boundary = match scope {
                Scope::Default => e.default_scope_boundary(),
                Scope::ListItem => e.default_scope_boundary() || e.is(Tag::Ol) || e.is(Tag::Ul),
                Scope::Button => e.default_scope_boundary() || e.is(Tag::Button),
                Scope::Table => e.is(Tag::Html) || e.is(Tag::Table) || e.is(Tag::Template),
            };
            if boundary {
                return None;
            }
        }
        None
    }

    /// "Has an element in scope" for the HTML element `tag`.
    #[inline]
    pub(super) fn has_in_scope(&self, scope: Scope, tag: Tag) -> bool {
        self.may_hold(tag) && self.in_scope(scope, |e| e.is(tag)).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Entry::is_marker` tests the scope flag first.
    #[test]
    fn every_marker_element_bounds_the_default_scope() {
        for tag in MARKERS {
            let name = crate::elements::tag_name(tag).unwrap_or_default();
            let info = Facts::tables(name).info;
            assert_eq!(info.tag, tag, "{name}");
            assert!(info.is(flag::SCOPE), "{name}");
        }
    }
}
