//! Held content: the part of the document that may still move.
//!
//! A browser's tree builder moves content it has already built in two
//! cases. Foster parenting puts content that arrives inside a table (text,
//! a `<b>`, a `<div>`) *before* the table. The adoption agency, when a
//! formatting element ends while a block opened inside it is still open,
//! moves that block out of it. A stream cannot take back what it wrote, so
//! from the start of an element that may be moved or moved before (a table;
//! a special element opened inside a formatting element), the tree builder
//! builds a small tree here instead of handing events on, and hands the
//! tree on, in document order, once nothing in it can move any more.
//!
//! The held tree hangs under a virtual root: the innermost element already
//! handed on when holding began. Its nodes live in one arena (`nodes`),
//! their text, stored names and attributes in one string (`text`), so
//! holding allocates nothing per node once the buffers have grown; and it
//! is bounded: [`Held::bytes`] counts what it holds, and the tree builder
//! stops holding past [`Limits::max_held_bytes`](crate::Limits::max_held_bytes).

use crate::event::{AttrSpan, Attrs, CommentKind, Element, Ns, Origin, TreeEvent, TreeSink};
use crate::policy::Facts;
use crate::report::Departure;

/// No node: the end of a sibling list, or the virtual root as a parent.
pub(super) const NONE: u32 = u32::MAX;

/// The parent of a node that hangs nowhere (just made, or taken out).
const DETACHED: u32 = u32::MAX - 1;

/// What one node costs against the bound, besides its text: its size.
const NODE_BYTES: usize = std::mem::size_of::<Node>();

/// An element's name.
#[derive(Debug, Clone, Copy)]
pub(super) enum Name {
    Static(&'static str),
    /// A range of `text`.
    Stored(u32, u32),
}

/// Something the report wants, in document order, that is no node.
#[derive(Debug, Clone, Copy)]
pub(super) enum Note {
    Comment(CommentKind),
    Doctype,
    UnterminatedTag,
    Overlong,
    /// An ignored tag; its name is a range of `text`.
    Ignored(u32, u32, bool),
    Approximated(Departure),
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Element {
        name: Name,
        facts: Facts,
        ns: Ns,
        origin: Origin,
        /// A range of `spans`.
        attrs: (u32, u32),
        /// Closed, and whether by its own end tag.
        closed: Option<bool>,
    },
    Text(u32, u32),
    Note(Note),
}

#[derive(Debug, Clone, Copy)]
struct Node {
    kind: Kind,
    parent: u32,
    first: u32,
    last: u32,
    next: u32,
    prev: u32,
}

/// The held tree.
#[derive(Debug)]
pub(super) struct Held {
    nodes: Vec<Node>,
    text: String,
    spans: Vec<AttrSpan>,
    /// The children of the virtual root.
    top_first: u32,
    top_last: u32,
    bytes: usize,
    /// Scratch for the walk in [`flush`](Self::flush).
    walk: Vec<(u32, bool)>,
}

impl Default for Held {
    fn default() -> Held {
        Held {
            nodes: Vec::new(),
            text: String::new(),
            spans: Vec::new(),
            top_first: NONE,
            top_last: NONE,
            bytes: 0,
            walk: Vec::new(),
        }
    }
}

impl Held {
    /// Whether anything is held.
    #[inline]
    pub(super) fn is_empty(&self) -> bool {
        self.top_first == NONE
    }

    /// What is held, as counted against the bound.
    #[inline]
    pub(super) fn bytes(&self) -> usize {
        self.bytes
    }

    pub(super) fn capacity(&self) -> usize {
        self.nodes.capacity() * std::mem::size_of::<Node>()
            + self.text.capacity()
            + self.spans.capacity() * std::mem::size_of::<AttrSpan>()
            + self.walk.capacity() * 8
    }

    pub(super) fn clear(&mut self) {
        self.nodes.clear();
        self.text.clear();
        self.spans.clear();
        self.top_first = NONE;
        self.top_last = NONE;
        self.bytes = 0;
    }

    fn node(&self, i: u32) -> Option<&Node> {
        self.nodes.get(i as usize)
    }

    fn node_mut(&mut self, i: u32) -> Option<&mut Node> {
        self.nodes.get_mut(i as usize)
    }

    /// The parent of a node (`NONE` for the virtual root).
    pub(super) fn parent(&self, i: u32) -> u32 {
        self.node(i).map_or(NONE, |n| n.parent)
    }

    /// The first and last child of `parent`.
    fn children(&self, parent: u32) -> (u32, u32) {
        if parent == NONE {
            (self.top_first, self.top_last)
        } else {
            self.node(parent).map_or((NONE, NONE), |n| (n.first, n.last))
        }
    }

    fn set_children(&mut self, parent: u32, first: u32, last: u32) {
        if parent == NONE {
            self.top_first = first;
            self.top_last = last;
        } else if let Some(n) = self.node_mut(parent) {
            n.first = first;
            n.last = last;
        }
    }

    /// Link a detached node into `parent`, before `before` (a child of
    /// `parent`) or at the end.
    fn link(&mut self, parent: u32, before: u32, i: u32) {
        let (first, last) = self.children(parent);
        let prev = if before == NONE {
            last
        } else {
            self.node(before).map_or(NONE, |n| n.prev)
        };
        if let Some(n) = self.node_mut(i) {
            n.parent = parent;
            n.prev = prev;
            n.next = before;
        }
        if prev == NONE {
            let last = if before == NONE { i } else { last };
            self.set_children(parent, i, last);
        } else if let Some(p) = self.node_mut(prev) {
            p.next = i;
        }
        if before == NONE {
            let first = if prev == NONE { i } else { first };
            self.set_children(parent, first, i);
        } else if let Some(b) = self.node_mut(before) {
            b.prev = i;
        }
    }

    /// Take a node out of its parent (it keeps its children).
    pub(super) fn detach(&mut self, i: u32) {
        let Some(&Node { parent, prev, next, .. }) = self.node(i) else {
            return;
        };
        if parent == DETACHED {
            return;
        }
        let (mut first, mut last) = self.children(parent);
        if prev == NONE {
            first = next;
        } else if let Some(p) = self.node_mut(prev) {
            p.next = next;
        }
        if next == NONE {
            last = prev;
        } else if let Some(n) = self.node_mut(next) {
            n.prev = prev;
        }
        self.set_children(parent, first, last);
        if let Some(n) = self.node_mut(i) {
            n.parent = DETACHED;
            n.prev = NONE;
            n.next = NONE;
        }
    }

    /// Move a node to the end of `parent`'s children.
    pub(super) fn append(&mut self, parent: u32, i: u32) {
        self.detach(i);
        self.link(parent, NONE, i);
    }

    /// Link a detached node under `parent`, before `before` (or at the
    /// end).
    pub(super) fn attach(&mut self, parent: u32, before: u32, i: u32) {
        self.detach(i);
        self.link(parent, before, i);
    }

    /// Move all children of `from` to the end of `to`'s.
    pub(super) fn move_children(&mut self, from: u32, to: u32) {
        let (mut child, _) = self.children(from);
        while child != NONE {
            let next = self.node(child).map_or(NONE, |n| n.next);
            self.append(to, child);
            child = next;
        }
    }

    fn add(&mut self, kind: Kind, parent: u32, before: u32) -> u32 {
        let i = self.nodes.len() as u32;
        self.nodes.push(Node {
            kind,
            parent: DETACHED,
            first: NONE,
            last: NONE,
            next: NONE,
            prev: NONE,
        });
        self.bytes += NODE_BYTES;
        self.link(parent, before, i);
        i
    }

    fn store(&mut self, s: &str) -> (u32, u32) {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        self.bytes += s.len();
        (start, self.text.len() as u32)
    }

    /// A new element, under `parent` before `before` (or at the end).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn add_element(
        &mut self,
        parent: u32,
        before: u32,
        name: Result<&'static str, &str>,
        facts: Facts,
        ns: Ns,
        origin: Origin,
        attrs: Attrs<'_>,
    ) -> u32 {
        let name = match name {
            Ok(name) => Name::Static(name),
            Err(name) => {
                let (a, b) = self.store(name);
                Name::Stored(a, b)
            }
        };
        let start = self.spans.len() as u32;
        for attr in attrs.iter() {
            let name_start = self.text.len();
            self.text.push_str(attr.name);
            let name_end = self.text.len();
            self.text.push_str(attr.value);
            self.bytes += attr.name.len() + attr.value.len() + std::mem::size_of::<AttrSpan>();
            self.spans.push(AttrSpan {
                name_start,
                name_end,
                value_end: self.text.len(),
                cut: attr.cut,
            });
        }
        let kind = Kind::Element {
            name,
            facts,
            ns,
            origin,
            attrs: (start, self.spans.len() as u32),
            closed: None,
        };
        self.add(kind, parent, before)
    }

    /// Text, under `parent` before `before` (or at the end); joined to the
    /// text node before it when that one ends where this starts.
    pub(super) fn add_text(&mut self, parent: u32, before: u32, text: &str) {
        let prev = if before == NONE {
            self.children(parent).1
        } else {
            self.node(before).map_or(NONE, |n| n.prev)
        };
        let end = self.text.len() as u32;
        let joins = matches!(self.node(prev), Some(Node { kind: Kind::Text(_, last), .. }) if *last == end);
        if joins {
            self.text.push_str(text);
            self.bytes += text.len();
            let new_end = self.text.len() as u32;
            if let Some(Node {
                kind: Kind::Text(_, last),
                ..
            }) = self.node_mut(prev)
            {
                *last = new_end;
            }
            return;
        }
        let (a, b) = self.store(text);
        self.add(Kind::Text(a, b), parent, before);
    }

    /// A note for the report, under `parent` at the end.
    pub(super) fn add_note(&mut self, parent: u32, note: Note) {
        self.add(Kind::Note(note), parent, NONE);
    }

    /// An ignored tag's note.
    pub(super) fn ignored(&mut self, parent: u32, name: &str, end: bool) {
        let (a, b) = self.store(name);
        self.add_note(parent, Note::Ignored(a, b, end));
    }

    /// Mark an element closed.
    pub(super) fn close(&mut self, i: u32, explicit: bool) {
        if let Some(Node {
            kind: Kind::Element { closed, .. },
            ..
        }) = self.node_mut(i)
        {
            *closed = Some(explicit);
        }
    }

    /// The element at `i` as an event's [`Element`], with its attributes.
    pub(super) fn element(&self, i: u32) -> Option<Element<'_>> {
        match self.node(i)?.kind {
            Kind::Element {
                name,
                facts,
                ns,
                origin,
                attrs,
                ..
            } => Some(Element {
                name: self.name(name),
                facts,
                attrs: Attrs::Spans {
                    buf: &self.text,
                    spans: self.spans.get(attrs.0 as usize..attrs.1 as usize).unwrap_or_default(),
                },
                ns,
                origin,
            }),
            _ => None,
        }
    }

    fn name(&self, name: Name) -> &str {
        match name {
            Name::Static(name) => name,
            Name::Stored(a, b) => self.text.get(a as usize..b as usize).unwrap_or_default(),
        }
    }

    fn range(&self, a: u32, b: u32) -> &str {
        self.text.get(a as usize..b as usize).unwrap_or_default()
    }

    /// Hand everything held on, in document order. An element still open
    /// gets no `Close` unless `close_open`. The arena is emptied.
    pub(super) fn flush(&mut self, out: &mut impl TreeSink, close_open: bool) {
        self.emit(out, close_open);
        self.clear();
    }

    /// Hand on what hangs under the virtual root, all of it closed, and
    /// unhang it; detached nodes stay in the arena (the adoption agency
    /// re-attaches them under a new virtual root).
    pub(super) fn flush_top(&mut self, out: &mut impl TreeSink) {
        self.emit(out, true);
        self.top_first = NONE;
        self.top_last = NONE;
    }

    fn emit(&mut self, out: &mut impl TreeSink, close_open: bool) {
        let mut walk = std::mem::take(&mut self.walk);
        walk.clear();
        // (node, children done)
        let mut next = self.top_first;
        loop {
            if next != NONE {
                let Some(&node) = self.node(next) else { break };
                match node.kind {
                    Kind::Element { .. } => {
                        if let Some(element) = self.element(next) {
                            out.event(TreeEvent::Open(element));
                        }
                        walk.push((next, true));
                        next = node.first;
                        continue;
                    }
                    Kind::Text(a, b) => {
                        let text = self.range(a, b);
                        if !text.is_empty() {
                            out.event(TreeEvent::Text(text));
                        }
                    }
                    Kind::Note(note) => out.event(match note {
                        Note::Comment(kind) => TreeEvent::Comment(kind),
                        Note::Doctype => TreeEvent::Doctype,
                        Note::UnterminatedTag => TreeEvent::UnterminatedTag,
                        Note::Overlong => TreeEvent::Overlong,
                        Note::Ignored(a, b, end) => TreeEvent::Ignored {
                            name: self.range(a, b),
                            end,
                        },
                        Note::Approximated(why) => TreeEvent::Approximated(why),
                    }),
                }
                next = node.next;
                continue;
            }
            // The children of the innermost element on the walk are done.
            let Some((parent, _)) = walk.pop() else { break };
            if let Some(Node {
                kind: Kind::Element { closed, name, .. },
                next: after,
                ..
            }) = self.node(parent).copied()
            {
                let name = self.name(name);
                match closed {
                    Some(explicit) => out.event(TreeEvent::Close { name, explicit }),
                    None if close_open => out.event(TreeEvent::Close { name, explicit: false }),
                    None => {}
                }
                next = after;
            }
        }
        self.walk = walk;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Events(Vec<String>);

    impl TreeSink for Events {
        fn event(&mut self, event: TreeEvent<'_>) {
            self.0.push(match event {
                TreeEvent::Open(e) => format!("<{}>", e.name),
                TreeEvent::Close { .. } => "</>".into(),
                TreeEvent::Text(t) => t.to_string(),
                other => format!("{other:?}"),
            });
        }

        fn facts(&mut self, name: &str) -> Facts {
            Facts::tables(name)
        }
    }

    fn element(held: &mut Held, parent: u32, before: u32, name: &'static str) -> u32 {
        held.add_element(
            parent,
            before,
            Ok(name),
            Facts::tables(name),
            Ns::Html,
            Origin::Parsed,
            Attrs::NONE,
        )
    }

    #[test]
    fn foster_parented_content_comes_out_before_the_table() {
        let mut held = Held::default();
        let table = element(&mut held, NONE, NONE, "table");
        let tr = element(&mut held, table, NONE, "tr");
        held.add_text(tr, NONE, " ");
        held.add_text(NONE, table, "fostered");
        let b = element(&mut held, NONE, table, "b");
        held.add_text(b, NONE, "bold");
        held.close(b, true);
        held.close(tr, false);
        let mut out = Events(Vec::new());
        held.flush(&mut out, false);
        // The table is still open: no `Close` for it.
        assert_eq!(out.0, ["fostered", "<b>", "bold", "</>", "<table>", "<tr>", " ", "</>"]);
        assert!(held.is_empty());
    }

    #[test]
    fn children_move_and_text_joins() {
        let mut held = Held::default();
        let p = element(&mut held, NONE, NONE, "p");
        held.add_text(p, NONE, "a");
        held.add_text(p, NONE, "b");
        let b = element(&mut held, NONE, NONE, "b");
        held.move_children(p, b);
        held.append(p, b);
        held.close(b, false);
        held.close(p, true);
        let mut out = Events(Vec::new());
        held.flush(&mut out, true);
        assert_eq!(out.0, ["<p>", "<b>", "ab", "</>", "</>"]);
    }
}
