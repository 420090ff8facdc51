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
//! The stack also counts its HTML entries by tag, so the common question
//! "is such an element open at all?" is answered without a walk. And it
//! links each entry to the next one below it of the same name (see
//! [`Key`]), keeps the topmost of each name, and keeps the positions of
//! its special entries and of the starts of its runs of foreign ones. An end tag without a rule of its own
//! ends the topmost element of its name above the topmost special element
//! ([`Stack::named_above_special`]), or in foreign content the topmost
//! foreign one above the topmost HTML element ([`Stack::foreign_end`]):
//! both are found among the elements of that name only, as is an element
//! in scope ([`Stack::any_in_scope`]; the adoption agency's formatting
//! element, [`Stack::in_default_scope_at`]), the last table or template
//! ([`Stack::last_live`]) and the element that sets the insertion mode
//! ([`Stack::topmost_of_any`]), after a short walk from the top
//! (which on the shallow stacks of real comments decides). The walks the
//! rules ask for stop at scope boundaries and special elements, which a
//! stack of unknown elements need not have: without these, every stray end
//! tag under [`MAX_OPEN`](super::MAX_OPEN) unknown elements would visit all
//! of them. Inserting or removing an entry in the middle moves the
//! positions above it; the links are then rebuilt when next asked.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::elements::{flag, tag_name, Tag};
use crate::event::Ns;
use crate::policy::{AllowedTag, Facts};

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
    /// Where its name is in [`Stack::names`] (start and end), or
    /// `(TAG_NAME, 0)` for an HTML element named as its tag.
    pub(super) name: (u32, u32),
    /// The position of the next entry below it with the same [`Key`]
    /// ([`NONE`] if none); set by the stack.
    pub(super) below: u32,
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

    /// Bounds `scope`.
    #[inline]
    fn bounds(&self, scope: Scope) -> bool {
        match scope {
            Scope::Default => self.default_scope_boundary(),
            Scope::ListItem => self.default_scope_boundary() || self.is(Tag::Ol) || self.is(Tag::Ul),
            Scope::Button => self.default_scope_boundary() || self.is(Tag::Button),
            Scope::Table => self.is(Tag::Html) || self.is(Tag::Table) || self.is(Tag::Template),
        }
    }

    /// A special element other than `address`, `div` and `p`.
    #[inline]
    fn stops_item_search(&self) -> bool {
        self.special() && !matches!(self.tag(), Tag::Address | Tag::Div | Tag::P)
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

/// An entry's [`Entry::name`] start for a name that is its tag's
/// ([`tag_name`]), not stored.
const TAG_NAME: u32 = u32::MAX;

/// The name of `entry`, whose name if stored is in `names`.
#[inline]
fn stored_name<'s>(names: &'s str, entry: &Entry) -> &'s str {
    if entry.name.0 == TAG_NAME {
        return tag_name(entry.tag()).unwrap_or_default();
    }
    names
        .get(entry.name.0 as usize..entry.name.1 as usize)
        .unwrap_or_default()
}

/// Past this many bytes of stored names, the store is compacted.
const COMPACT_NAMES: usize = 16 * 1024;

/// How many tags have their own count.
const TAGS: usize = Tag::Xmp as usize + 1;

/// What an entry is linked by: an HTML element's tag; for an HTML element
/// of no tag of its own, the policy's index of its name if the policy
/// keeps it, else its name; a foreign element's name in ASCII lowercase
/// (as end tags in foreign content match it).
enum Key<'n> {
    Tag(Tag),
    Kept(usize),
    Named(&'n str),
    Foreign(Cow<'n, str>),
}

impl Key<'_> {
    fn of<'n>(entry: &Entry, name: &'n str) -> Key<'n> {
        Key::html(entry.ns, entry.tag(), entry.facts.kept, name)
    }

    /// The key of an element in `ns` of `tag`, which the policy keeps as
    /// `kept`, named `name`.
    fn html(ns: Ns, tag: Tag, kept: Option<AllowedTag>, name: &str) -> Key<'_> {
        match (ns, tag) {
            (Ns::Html, Tag::Other) => match kept {
                Some(kept) => Key::Kept(kept.index()),
                None => Key::Named(name),
            },
            (Ns::Html, tag) => Key::Tag(tag),
            _ => Key::foreign(name),
        }
    }

    /// The key of foreign elements named `name` in any ASCII case.
    fn foreign(name: &str) -> Key<'_> {
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            Key::Foreign(Cow::Owned(name.to_ascii_lowercase()))
        } else {
            Key::Foreign(Cow::Borrowed(name))
        }
    }
}

/// The topmost positions by [`Key`]. Names stay in the maps with no
/// position ([`NONE`]) until there are many, so that the names of a
/// comment's elements are stored once, not once per element.
#[derive(Debug)]
struct Tops {
    tags: [u32; TAGS],
    kept: Vec<u32>,
    named: HashMap<Box<str>, u32>,
    foreign: HashMap<Box<str>, u32>,
    /// The size of a map past which its names with no position go.
    purge_at: usize,
}

/// The least [`Tops::purge_at`].
const PURGE_AT: usize = 64;

impl Tops {
    fn new() -> Tops {
        Tops {
            tags: [NONE; TAGS],
            kept: Vec::new(),
            named: HashMap::new(),
            foreign: HashMap::new(),
            purge_at: PURGE_AT,
        }
    }

    fn clear(&mut self) {
        self.tags = [NONE; TAGS];
        self.kept.iter_mut().for_each(|top| *top = NONE);
        self.named.values_mut().for_each(|top| *top = NONE);
        self.foreign.values_mut().for_each(|top| *top = NONE);
    }

    /// Bytes held, about.
    fn capacity(&self) -> usize {
        let map = |m: &HashMap<Box<str>, u32>| m.capacity() * (std::mem::size_of::<(Box<str>, u32)>() + 16);
        self.kept.capacity() * 4 + map(&self.named) + map(&self.foreign)
    }

    fn get(&self, key: &Key<'_>) -> u32 {
        match key {
            Key::Tag(tag) => self.tags.get(*tag as usize).copied(),
            Key::Kept(i) => self.kept.get(*i).copied(),
            Key::Named(name) => self.named.get(*name).copied(),
            Key::Foreign(name) => self.foreign.get(name.as_ref()).copied(),
        }
        .unwrap_or(NONE)
    }

    /// Make `at` the topmost of `key`; returns the one below it.
    #[inline(never)]
    fn link(&mut self, key: &Key<'_>, at: u32) -> u32 {
        let (map, name) = match key {
            Key::Tag(tag) => {
                return self
                    .tags
                    .get_mut(*tag as usize)
                    .map_or(NONE, |top| std::mem::replace(top, at));
            }
            Key::Kept(i) => {
                if self.kept.len() <= *i {
                    self.kept.resize(i + 1, NONE);
                }
                return self.kept.get_mut(*i).map_or(NONE, |top| std::mem::replace(top, at));
            }
            Key::Named(name) => (&mut self.named, *name),
            Key::Foreign(name) => (&mut self.foreign, name.as_ref()),
        };
        if let Some(top) = map.get_mut(name) {
            return std::mem::replace(top, at);
        }
        if map.len() >= self.purge_at {
            map.retain(|_, top| *top != NONE);
            self.purge_at = PURGE_AT.max(2 * map.len());
        }
        map.insert(name.into(), at);
        NONE
    }

    /// The topmost of `key` goes; `below` becomes the topmost.
    #[inline(never)]
    fn unlink(&mut self, key: &Key<'_>, below: u32) {
        let top = match key {
            Key::Tag(tag) => self.tags.get_mut(*tag as usize),
            Key::Kept(i) => self.kept.get_mut(*i),
            Key::Named(name) => self.named.get_mut(*name),
            Key::Foreign(name) => self.foreign.get_mut(name.as_ref()),
        };
        if let Some(top) = top {
            *top = below;
        }
    }
}

/// Where an end tag in foreign content goes ([`Stack::foreign_end`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ForeignEnd {
    /// The element at this position ends, with everything above it.
    Found(usize),
    /// To the rules of the insertion mode.
    Html,
    /// Ignored: no element of that name is open.
    Ignore,
    /// The stack is empty.
    Nothing,
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
    /// The positions of the entries, zombies included, that are
    /// [`MARKERS`], bottom first.
    markers: Vec<u32>,
    /// The positions of the special entries, zombies included, bottom
    /// first.
    specials: Vec<u32>,
    /// The positions of the entries that bound the default scope, zombies
    /// included, bottom first.
    bounds: Vec<u32>,
    /// The positions of the special entries other than `address`, `div`
    /// and `p` (where a list item's start tag stops looking for an open
    /// one), zombies included, bottom first.
    item_stops: Vec<u32>,
    /// The positions of the foreign entries, zombies included, right above
    /// an HTML one (or at the bottom), bottom first: where each run of
    /// foreign elements starts.
    runs: Vec<u32>,
    /// The position of the topmost entry of each [`Key`].
    tops: Tops,
    /// An entry was inserted or removed in the middle (the adoption
    /// agency, `</form>`), which moves the positions above it: `specials`,
    /// `runs`, the entries' `below` and `tops` are rebuilt when next asked.
    stale: bool,
    /// How many entries, zombies included, are HTML elements of each tag.
    counts: [u32; TAGS],
    /// Entries visited looking elements up, for the work-bound tests.
    #[cfg(feature = "_internals")]
    steps: std::cell::Cell<u64>,
}

/// No position.
const NONE: u32 = u32::MAX;

/// How many entries [`Stack::short_walk`] visits at most: more when the
/// links are stale, since looking up with them then costs a rebuild.
const SHORT_WALK: usize = 8;
const SHORT_WALK_STALE: usize = 32;

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
            markers: Vec::new(),
            specials: Vec::new(),
            bounds: Vec::new(),
            item_stops: Vec::new(),
            runs: Vec::new(),
            tops: Tops::new(),
            stale: false,
            counts: [0; TAGS],
            #[cfg(feature = "_internals")]
            steps: std::cell::Cell::new(0),
        }
    }
}

impl Stack {
    pub(super) fn clear(&mut self) {
        if self.stale || !self.entries.is_empty() {
            self.tops.clear();
            self.counts = [0; TAGS];
        }
        self.stale = false;
        self.entries.clear();
        self.names.clear();
        self.compact_at = 0;
        self.markers.clear();
        self.specials.clear();
        self.bounds.clear();
        self.item_stops.clear();
        self.runs.clear();
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

    pub(super) fn capacity(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<Entry>()
            + self.names.capacity()
            + (self.markers.capacity()
                + self.specials.capacity()
                + self.bounds.capacity()
                + self.item_stops.capacity()
                + self.runs.capacity())
                * 4
            + self.tops.capacity()
    }

    /// Entries, zombies included, bottom first.
    #[inline]
    pub(super) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Entries to change in place: callers change neither `facts` nor
    /// `ns` (the links depend on them; `remove` and `insert` do).
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
        stored_name(&self.names, entry)
    }

    /// Where the name of `entry`, named `name`, is kept: an HTML element
    /// named as its tag is, by the tag ([`TAG_NAME`]), which costs no copy
    /// (most elements); any other name is stored.
    #[inline]
    fn keep_name(&mut self, entry: &Entry, name: &str) -> (u32, u32) {
        if entry.ns == Ns::Html && tag_name(entry.tag()) == Some(name) {
            (TAG_NAME, 0)
        } else {
            self.store(name)
        }
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
        for entry in self.entries.iter_mut().filter(|e| e.name.0 != TAG_NAME) {
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
        entry.name = self.keep_name(&entry, name);
        if entry.is_marker() {
            self.marker_pushed();
        }
        self.count(&entry, true);
        let at = self.entries.len() as u32;
        entry.below = if self.stale {
            NONE
        } else {
            self.note_position(&entry, at);
            if entry.ns == Ns::Html {
                if entry.tag() != Tag::Other {
                    // The common case, in line.
                    self.tops
                        .tags
                        .get_mut(entry.tag() as usize)
                        .map_or(NONE, |top| std::mem::replace(top, at))
                } else {
                    self.tops.link(&Key::of(&entry, name), at)
                }
            } else {
                if self.entries.last().is_none_or(|e| e.ns == Ns::Html) {
                    self.runs.push(at);
                }
                self.tops.link(&Key::of(&entry, name), at)
            }
        };
        self.entries.push(entry);
    }

    /// One entry visited looking an element up (counted for the tests).
    #[inline]
    fn step(&self) {
        #[cfg(feature = "_internals")]
        self.steps.set(self.steps.get() + 1);
    }

    /// Entries visited looking elements up since the stack was made.
    #[cfg(feature = "_internals")]
    pub(super) fn lookup_steps(&self) -> u64 {
        self.steps.get()
    }

    /// Count an entry in (`true`) or out.
    #[inline]
    fn count(&mut self, entry: &Entry, add: bool) {
        if entry.ns != Ns::Html {
            return;
        }
        if let Some(count) = self.counts.get_mut(entry.tag() as usize) {
            *count = if add {
                count.saturating_add(1)
            } else {
                count.saturating_sub(1)
            };
        }
    }

    /// The answer of a walk from the current node down, if `decide` gives
    /// it within [`SHORT_WALK`] live entries, or [`SHORT_WALK_STALE`]
    /// (`decide` says found,
    /// `Some(Some(i))`, not found, `Some(None)`, or go on, `None`).
    /// Otherwise `None`: the caller looks the element up with the links,
    /// rebuilding them first if they are stale. On the shallow stacks of
    /// real comments the walk is the cheaper of the two, and right after
    /// the adoption agency moved elements it saves a rebuild.
    fn short_walk(&self, decide: impl Fn(usize, &Entry) -> Option<Option<usize>>) -> Option<Option<usize>> {
        let limit = if self.stale { SHORT_WALK_STALE } else { SHORT_WALK };
        let mut visited = 0;
        for (i, e) in self.live_rev().take(limit) {
            self.step();
            visited += 1;
            if let Some(answer) = decide(i, e) {
                return Some(answer);
            }
        }
        // The bottom was reached within the walk: nothing found.
        (visited < limit).then_some(None)
    }

    /// Rebuild what [`stale`](Self::stale) says is out of date.
    #[inline]
    fn fresh(&mut self) {
        if self.stale {
            self.relink();
            self.stale = false;
        }
    }

    /// Take the entry at `at` (which nothing above links to) off its
    /// name's links: the topmost of its name becomes the one below it.
    #[inline]
    fn unlink_top(&mut self, at: usize) {
        let Some(&entry) = self.entries.get(at) else {
            return;
        };
        let below = entry.below;
        if entry.ns == Ns::Html && entry.tag() != Tag::Other {
            // The common case, in line.
            if let Some(top) = self.tops.tags.get_mut(entry.tag() as usize) {
                *top = below;
            }
            return;
        }
        let name = stored_name(&self.names, &entry);
        self.tops.unlink(&Key::of(&entry, name), below);
    }

    /// Keep the position `at` of `entry` in the lists it belongs to (the
    /// special entries, those that stop a list item's search, the default
    /// scope's boundaries).
    #[inline]
    fn note_position(&mut self, entry: &Entry, at: u32) {
        if entry.special() {
            self.specials.push(at);
            if entry.stops_item_search() {
                self.item_stops.push(at);
            }
        }
        if entry.default_scope_boundary() {
            self.bounds.push(at);
        }
    }

    /// Rebuild the links, the topmost positions and the special and HTML
    /// positions after an entry was inserted or removed in the middle (the
    /// adoption agency, `</form>`): positions above it moved.
    fn relink(&mut self) {
        self.tops.clear();
        self.specials.clear();
        self.bounds.clear();
        self.item_stops.clear();
        self.runs.clear();
        let mut html_below = true;
        let mut entries = std::mem::take(&mut self.entries);
        for (at, entry) in entries.iter_mut().enumerate() {
            let at = at as u32;
            self.note_position(entry, at);
            let html = entry.ns == Ns::Html;
            if !html && html_below {
                self.runs.push(at);
            }
            html_below = html;
            let name = stored_name(&self.names, entry);
            entry.below = self.tops.link(&Key::of(entry, name), at);
        }
        self.entries = entries;
    }

    /// The topmost live HTML element named `name` (of `tag`, kept by the
    /// policy as `kept`) at or above
    /// the topmost live special element, and above the root: the element
    /// an end tag without a rule of its own ends ("any other end tag").
    /// Visits only the entries of that name.
    pub(super) fn named_above_special(&mut self, tag: Tag, kept: Option<AllowedTag>, name: &str) -> Option<usize> {
        let same = |stack: &Stack, e: &Entry| {
            e.ns == Ns::Html && e.tag() == tag && (tag != Tag::Other || stack.name(e) == name)
        };
        // Most often the current node, found without the links.
        let current = self.current_index()?;
        if current > 0 && self.entries.get(current).is_some_and(|e| same(self, e)) {
            self.step();
            return Some(current);
        }
        let key = Key::html(Ns::Html, tag, kept, name);
        self.lookup(
            |stack, i, e| i > 0 && same(stack, e),
            Entry::special,
            |stack| stack.topmost_live_from(stack.tops.get(&key)),
            |stack| stack.topmost_live_at(&stack.specials).max(1),
        )
    }

    /// A lookup the rules ask for: from the current node down, the first
    /// entry `target` accepts, unless one `stop` accepts comes first (an
    /// entry both accept is found). A [short walk](Self::short_walk)
    /// decides on shallow stacks; otherwise the links do, with `topmost`,
    /// the topmost live target's position, and `floor`, the topmost live
    /// stop's.
    fn lookup(
        &mut self,
        target: impl Fn(&Stack, usize, &Entry) -> bool,
        stop: impl Fn(&Entry) -> bool,
        topmost: impl FnOnce(&Stack) -> Option<usize>,
        floor: impl FnOnce(&Stack) -> usize,
    ) -> Option<usize> {
        let walked = self.short_walk(|i, e| {
            if target(self, i, e) {
                Some(Some(i))
            } else if stop(e) {
                Some(None)
            } else {
                None
            }
        });
        if let Some(answer) = walked {
            return answer;
        }
        self.fresh();
        let found = topmost(self)?;
        (found >= floor(self)).then_some(found)
    }

    /// The topmost live entry of these positions (0 if none).
    fn topmost_live_at(&self, positions: &[u32]) -> usize {
        positions
            .iter()
            .rev()
            .map(|&p| p as usize)
            .find(|&p| self.entries.get(p).is_some_and(|e| !e.zombie))
            .unwrap_or(0)
    }

    /// The first live entry of a chain of links from `at` down.
    fn topmost_live_from(&self, mut at: u32) -> Option<usize> {
        while at != NONE {
            self.step();
            let entry = self.entries.get(at as usize)?;
            if !entry.zombie {
                return Some(at as usize);
            }
            at = entry.below;
        }
        None
    }

    /// A marker element comes on top (out of line: rare, and `push` is hot).
    #[cold]
    #[inline(never)]
    fn marker_pushed(&mut self) {
        self.markers.push(self.entries.len() as u32);
    }

    /// Where an end tag named `name` in foreign content goes: from the
    /// current node down, the element whose name matches in any ASCII case
    /// ends, and an HTML element reached below the current node hands the
    /// token to the HTML rules. The stack finds the match among the
    /// elements of that name only.
    pub(super) fn foreign_end(&mut self, name: &str) -> ForeignEnd {
        let Some(current) = self.current_index() else {
            return ForeignEnd::Nothing;
        };
        self.step();
        if current == 0 {
            return ForeignEnd::Ignore;
        }
        let matches = |e: &Entry| self.name(e).eq_ignore_ascii_case(name);
        if self.entries.get(current).is_some_and(matches) {
            return ForeignEnd::Found(current);
        }
        self.fresh();
        // The HTML element the walk would reach: below it, nothing matters.
        // The topmost run of foreign elements at or below the current node
        // reaches up to it (an HTML element above the run's start, under a
        // foreign one, would start a run of its own), so it is the one
        // right below that start, unless that one is a zombie.
        let start = self
            .runs
            .iter()
            .rev()
            .map(|&r| r as usize)
            .find(|&r| r <= current)
            .unwrap_or(0);
        let mut html = 0;
        for i in (0..start).rev() {
            self.step();
            if self.entries.get(i).is_some_and(|e| e.ns == Ns::Html && !e.zombie) {
                html = i;
                break;
            }
        }
        // Between it and the current node, every live entry is foreign.
        let mut at = self.tops.get(&Key::foreign(name));
        while at != NONE && at as usize > html {
            self.step();
            let i = at as usize;
            let Some(entry) = self.entries.get(i) else {
                break;
            };
            if i < current && !entry.zombie {
                return ForeignEnd::Found(i);
            }
            at = entry.below;
        }
        if html == 0 {
            ForeignEnd::Ignore
        } else {
            ForeignEnd::Html
        }
    }

    /// Insert an entry named `name` at `index` (the adoption agency's new
    /// element).
    pub(super) fn insert(&mut self, index: usize, mut entry: Entry, name: &str) {
        entry.name = self.keep_name(&entry, name);
        let index = index.min(self.entries.len());
        for m in self.markers.iter_mut().filter(|m| **m as usize >= index) {
            *m += 1;
        }
        if entry.is_marker() {
            let at = self.markers.partition_point(|&m| (m as usize) < index);
            self.markers.insert(at, index as u32);
        }
        self.count(&entry, true);
        self.entries.insert(index, entry);
        self.stale = true;
    }

    /// Remove the entry at `index` (its stored name stays until the
    /// entries above it are popped).
    pub(super) fn remove(&mut self, index: usize) -> Option<Entry> {
        let entry = (index < self.entries.len()).then(|| self.entries.remove(index))?;
        self.markers.retain(|&m| m as usize != index);
        for m in self.markers.iter_mut().filter(|m| **m as usize > index) {
            *m -= 1;
        }
        self.count(&entry, false);
        self.stale = true;
        Some(entry)
    }

    /// Remove and return the top entry (zombie or not).
    #[inline]
    pub(super) fn pop_raw(&mut self) -> Option<Entry> {
        let top = self.entries.len().checked_sub(1)?;
        if !self.stale {
            self.unlink_top(top);
            if self.specials.last().is_some_and(|&s| s as usize == top) {
                self.specials.pop();
            }
            if self.bounds.last().is_some_and(|&b| b as usize == top) {
                self.bounds.pop();
            }
            if self.item_stops.last().is_some_and(|&b| b as usize == top) {
                self.item_stops.pop();
            }
            if self.runs.last().is_some_and(|&r| r as usize == top) {
                self.runs.pop();
            }
        }
        let entry = self.entries.pop()?;
        self.count(&entry, false);
        if self.markers.last().is_some_and(|&m| m as usize == self.entries.len()) {
            self.markers.pop();
        }
        if entry.name.0 != TAG_NAME && entry.name.1 as usize == self.names.len() {
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

    /// The position of the topmost live HTML element `tag` (the last table
    /// or template, where content is fostered): found among the elements
    /// of that tag, not by a walk.
    pub(super) fn last_live(&mut self, tag: Tag) -> Option<usize> {
        if !self.may_hold(tag) {
            return None;
        }
        self.fresh();
        self.topmost_live(tag)
    }

    /// The position of the topmost live HTML element of any of `tags`:
    /// after a short walk, found among the elements of those tags.
    pub(super) fn topmost_of_any(&mut self, tags: &[Tag]) -> Option<usize> {
        if !self.may_hold_any(tags) {
            return None;
        }
        self.lookup(
            |_, _, e| tags.iter().any(|&tag| e.is(tag)),
            |_| false,
            |stack| tags.iter().filter_map(|&tag| stack.topmost_live(tag)).max(),
            |_| 0,
        )
    }

    /// Whether a live HTML element `tag` is open anywhere: found among
    /// the elements of that tag (from the topmost), not by a walk.
    pub(super) fn contains(&mut self, tag: Tag) -> bool {
        self.last_live(tag).is_some()
    }

    /// The index of the topmost live entry with this identity.
    pub(super) fn position_of(&self, id: u64) -> Option<usize> {
        self.entries.iter().rposition(|e| e.id == id && !e.zombie)
    }

    /// "Has an element in scope": the topmost live entry matching `target`
    /// before a boundary of `scope`, as an index.
    pub(super) fn in_scope(&self, scope: Scope, target: impl Fn(&Entry) -> bool) -> Option<usize> {
        for (i, e) in self.live_rev() {
            self.step();
            if target(e) {
                return Some(i);
            }
            if e.bounds(scope) {
                return None;
            }
        }
        None
    }

    /// "Has an element in scope" for the HTML element `tag`.
    #[inline]
    pub(super) fn has_in_scope(&mut self, scope: Scope, tag: Tag) -> bool {
        self.may_hold(tag) && self.any_in_scope(scope, &[tag]).is_some()
    }

    /// "Has an element in scope" for the HTML elements of `tags`: the
    /// topmost live one, if it is at or above the topmost live boundary of
    /// `scope`. Found from the topmost of each tag and the boundaries'
    /// positions, without a walk (as [`in_scope`](Self::in_scope) with a
    /// target matching those tags).
    pub(super) fn any_in_scope(&mut self, scope: Scope, tags: &[Tag]) -> Option<usize> {
        let topmost_of = |stack: &Stack, of: &[Tag]| of.iter().filter_map(|&tag| stack.topmost_live(tag)).max();
        self.lookup(
            |_, _, e| tags.iter().any(|&tag| e.is(tag)),
            |e| e.bounds(scope),
            |stack| topmost_of(stack, tags),
            |stack| match scope {
                Scope::Table => topmost_of(stack, &[Tag::Html, Tag::Table, Tag::Template]).unwrap_or(0),
                Scope::ListItem => stack
                    .topmost_live_at(&stack.bounds)
                    .max(topmost_of(stack, &[Tag::Ol, Tag::Ul]).unwrap_or(0)),
                Scope::Button => stack
                    .topmost_live_at(&stack.bounds)
                    .max(topmost_of(stack, &[Tag::Button]).unwrap_or(0)),
                Scope::Default => stack.topmost_live_at(&stack.bounds),
            },
        )
    }

    /// Whether the live entry at `at` is in the default scope: no live
    /// boundary above it. Found as [`any_in_scope`](Self::any_in_scope)
    /// finds elements (a short walk, then the boundaries' positions), for
    /// an element known by its position (the adoption agency's formatting
    /// element) rather than by its tag.
    pub(super) fn in_default_scope_at(&mut self, at: usize) -> bool {
        self.lookup(
            |_, i, _| i == at,
            |e| e.bounds(Scope::Default),
            |_| Some(at),
            |stack| stack.topmost_live_at(&stack.bounds),
        )
        .is_some()
    }

    /// For a list item's start tag, the open element of `tags` it closes:
    /// from the current node down, the first of them, unless a special
    /// element other than `address`, `div` and `p` comes first. Found as
    /// [`any_in_scope`](Self::any_in_scope) finds elements.
    pub(super) fn item_to_close(&mut self, tags: &[Tag]) -> Option<Tag> {
        let found = self.lookup(
            |_, _, e| tags.iter().any(|&tag| e.is(tag)),
            Entry::stops_item_search,
            |stack| tags.iter().filter_map(|&tag| stack.topmost_live(tag)).max(),
            |stack| stack.topmost_live_at(&stack.item_stops),
        )?;
        self.entries.get(found).map(Entry::tag)
    }

    /// The position of the topmost live HTML element `tag` (not
    /// `Tag::Other`), from the links (which must be fresh).
    fn topmost_live(&self, tag: Tag) -> Option<usize> {
        self.topmost_live_from(self.tops.get(&Key::Tag(tag)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> Entry {
        Entry {
            id: 0,
            facts: Facts::tables(name),
            ns: Ns::Html,
            name: (0, 0),
            below: 0,
            node: Node::Emitted,
            zombie: false,
            html_annotation: false,
        }
    }

    /// The positions of the entries that `keep` accepts, bottom first.
    fn positions(stack: &Stack, keep: fn(&Entry) -> bool) -> Vec<u32> {
        (0..stack.entries.len() as u32)
            .filter(|&at| stack.entries.get(at as usize).is_some_and(keep))
            .collect()
    }

    /// After entries are removed from and inserted into the middle, the
    /// rebuilt positions are those of the entries as they now stand.
    #[test]
    fn rebuilt_positions_follow_the_entries() {
        let mut stack = Stack::default();
        for name in ["html", "b", "ul", "div", "table", "y"] {
            stack.push(entry(name), name);
        }
        stack.remove(1);
        stack.insert(2, entry("li"), "li");
        stack.fresh();
        stack.remove(0);
        stack.fresh();
        stack.push(entry("object"), "object");
        assert_eq!(stack.specials, positions(&stack, Entry::special));
        assert_eq!(stack.item_stops, positions(&stack, Entry::stops_item_search));
        assert_eq!(stack.bounds, positions(&stack, Entry::default_scope_boundary));
    }

    /// Names kept by tag and stored names read back the same, after
    /// entries were moved and the store compacted.
    #[test]
    fn names_read_back_as_pushed() {
        let mut stack = Stack::default();
        let mut foreign = entry("foreignObject");
        foreign.ns = Ns::Svg;
        stack.push(entry("html"), "html");
        stack.push(entry("b"), "b");
        stack.push(entry("my-widget"), "my-widget");
        stack.push(foreign, "foreignObject");
        stack.insert(1, entry("em"), "em");
        stack.insert(1, entry("x-y"), "x-y");
        assert_eq!(stack.entries[0].name.0, TAG_NAME);
        assert_ne!(stack.entries[1].name.0, TAG_NAME);
        stack.compact();
        let names: Vec<&str> = stack.entries.iter().map(|e| stack.name(e)).collect();
        assert_eq!(names, ["html", "x-y", "em", "b", "my-widget", "foreignObject"]);
        while stack.pop_raw().is_some() {}
        assert!(stack.names.is_empty());
    }

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
