//! The formatting-element algorithms: "reconstruct the active formatting
//! elements" and "the adoption agency algorithm"
//! (<https://html.spec.whatwg.org/multipage/parsing.html#adoption-agency-algorithm>).
//!
//! Reconstruction is lazy, as in a browser: a formatting element closed
//! early (by `</p>`, a misnested end tag, a table cell) is opened again
//! only when text or an element follows, so `<b>` x254, a link, then
//! `</b>` x254 writes nothing more. The copies carry the original's
//! attributes; [`REOPEN_SLACK`] bounds how much of
//! that they may write, so output stays linear in the input: all the copies
//! together write at most as many bytes as the input has, plus the slack.
//!
//! The adoption agency moves the block it finds (the "furthest block")
//! out of the formatting element. That block was opened inside an open
//! formatting element, so it is held (see `held.rs`) and moves in the held
//! tree; the elements it leaves, if already handed on, are closed there.

use super::formatting::{Entry as Listed, GONE};
use super::held::NONE;
use super::stack::{Entry, Node};
use super::{NewElement, Place, TreeBuilder, COPY_EXTRA, REOPEN_SLACK};
use crate::elements::Tag;
use crate::event::{AttrSpan, Attrs, Ns, Origin, TreeEvent, TreeSink};
use crate::report::Departure;

impl TreeBuilder {
    /// The stack index of the open element of the list entry at `index`
    /// (`None`: closed, or a marker). The entry remembers where its element
    /// was found, and that it was found closed, so that asking again does
    /// not search the stack.
    pub(super) fn listed_open(&mut self, index: usize) -> Option<usize> {
        let Some(Listed::Element(l)) = self.formatting.entries().get(index).copied() else {
            return None;
        };
        if l.at == GONE {
            return None;
        }
        if self
            .stack
            .entries()
            .get(l.at as usize)
            .is_some_and(|e| e.id == l.id && !e.zombie)
        {
            return Some(l.at as usize);
        }
        let found = self.stack.position_of(l.id);
        if let Some(Listed::Element(m)) = self.formatting.entries_mut().get_mut(index) {
            match found {
                Some(at) => m.at = at as u32,
                None => m.at = GONE,
            }
        }
        found
    }

    /// Whether the list entry at `index` is a marker or an open element.
    fn marker_or_open(&mut self, index: usize) -> bool {
        match self.formatting.entries().get(index) {
            Some(Listed::Element(_)) => self.listed_open(index).is_some(),
            _ => true,
        }
    }

    /// Copy a listed element's attributes into the scratch buffer.
    fn copy_attrs(&mut self, index: usize) -> (String, Vec<AttrSpan>) {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.0.clear();
        scratch.1.clear();
        if let Some(Listed::Element(listed)) = self.formatting.entries().get(index) {
            for attr in self.formatting.attrs(listed).iter() {
                let name_start = scratch.0.len();
                scratch.0.push_str(attr.name);
                let name_end = scratch.0.len();
                scratch.0.push_str(attr.value);
                scratch.1.push(AttrSpan {
                    name_start,
                    name_end,
                    value_end: scratch.0.len(),
                    cut: attr.cut,
                });
            }
        }
        scratch
    }

    /// Charge a copy of `name` with the attributes in `scratch` to the
    /// reopening budget: the most it can write (tags, each attribute
    /// escaped, and [`COPY_EXTRA`] for what a policy adds to an element).
    /// `false`, and nothing charged, when it does not fit.
    fn charge_copy(&mut self, scratch: &(String, Vec<AttrSpan>), name: &str) -> bool {
        let escaped: usize = scratch.0.bytes().map(crate::escape::attribute_len).sum();
        let cost = (escaped + 4 * scratch.1.len() + 2 * name.len() + 5 + COPY_EXTRA) as u64;
        if self.reopened + cost > self.read + REOPEN_SLACK {
            return false;
        }
        self.reopened += cost;
        true
    }

    //§ reconstruct-the-active-formatting-elements
    pub(super) fn reconstruct(&mut self, out: &mut impl TreeSink) {
        let Some(mut first) = self.formatting.entries().len().checked_sub(1) else {
            return;
        };
        if self.marker_or_open(first) {
            return;
        }
        while first > 0 && !self.marker_or_open(first - 1) {
            first -= 1;
        }
        for index in first..self.formatting.entries().len() {
            let Some(Listed::Element(listed)) = self.formatting.entries().get(index).copied() else {
                continue;
            };
            let scratch = self.copy_attrs(index);
            let name = crate::elements::tag_name(listed.tag()).unwrap_or("span");
            if !self.charge_copy(&scratch, name) {
                self.scratch = scratch;
                self.approximated(Departure::ReopeningLimit, out);
                return;
            }
            let at = self.insert(
                NewElement {
                    name,
                    facts: listed.facts,
                    attrs: Attrs::Spans {
                        buf: &scratch.0,
                        spans: &scratch.1,
                    },
                    ns: Ns::Html,
                    origin: Origin::Copy,
                },
                true,
                None,
                out,
            );
            self.scratch = scratch;
            let Some(at) = at else { return };
            let id = self.stack.entries()[at].id;
            if let Some(Listed::Element(l)) = self.formatting.entries_mut().get_mut(index) {
                l.id = id;
                l.at = at as u32;
            }
        }
    }

    /// The live entry just below `index`.
    fn below(&self, index: usize) -> Option<usize> {
        self.stack.entries()[..index].iter().rposition(|e| !e.zombie)
    }

    //§ adoption-agency-algorithm
    /// For an end tag `name` of formatting element `subject` (or a misnested
    /// `<a>` or `<nobr>` start tag).
    pub(super) fn adoption(&mut self, subject: Tag, name: &str, out: &mut impl TreeSink) {
        if let Some(current) = self.stack.current() {
            if current.is(subject) && self.formatting.position_of(current.id).is_none() {
                self.pop(true, out);
                return;
            }
        }
        for _ in 0..8 {
            let Some((fe_index, fe)) = self
                .formatting
                .after_marker_rev()
                .find(|(_, l)| l.tag() == subject)
                .map(|(i, l)| (i, *l))
            else {
                self.any_other_end_tag(name, subject, out);
                return;
            };
            let Some(fe_pos) = self.listed_open(fe_index) else {
                self.formatting.remove(fe_index);
                return;
            };
            if !self.stack.in_default_scope_at(fe_pos) {
                self.ignored(name, true, out);
                return;
            }
            let fb_pos = (fe_pos + 1..self.stack.len()).find(|&i| {
                let e = &self.stack.entries()[i];
                !e.zombie && e.special()
            });
            let Some(fb_pos) = fb_pos else {
                self.pop_until(|e| e.id == fe.id, true, out);
                if let Some(i) = self.formatting.position_of(fe.id) {
                    self.formatting.remove(i);
                }
                return;
            };
            let fb = self.stack.entries()[fb_pos];
            let Node::Held(fb_node) = fb.node else {
                // The block was handed on (past the held bound): it cannot
                // move; end the formatting element where it is.
                self.approximated(Departure::HeldContentOverflow, out);
                self.pop_until(|e| e.id == fe.id, true, out);
                if let Some(i) = self.formatting.position_of(fe.id) {
                    self.formatting.remove(i);
                }
                return;
            };
            let Some(ca_pos) = self.below(fe_pos) else { return };
            let ca_id = self.stack.entries()[ca_pos].id;

            // The inner loop: elements between the formatting element and
            // the block are left behind (closed) or replaced by copies that
            // wrap the block.
            let mut bookmark_after: Option<u64> = None;
            let mut left: Vec<Entry> = Vec::new();
            let mut node_pos = fb_pos;
            let mut last = fb_node;
            let mut last_is_fb = true;
            let mut counter = 0;
            loop {
                counter += 1;
                let Some(p) = self.below(node_pos) else { break };
                node_pos = p;
                if node_pos == fe_pos {
                    break;
                }
                let node = self.stack.entries()[node_pos];
                let mut listed = self.formatting.position_of(node.id);
                if counter > 3 {
                    if let Some(li) = listed.take() {
                        self.formatting.remove(li);
                    }
                }
                let Some(li) = listed else {
                    left.push(node);
                    if let Some(e) = self.stack.entries_mut().get_mut(node_pos) {
                        e.zombie = true;
                    }
                    continue;
                };
                let Some(Listed::Element(entry)) = self.formatting.entries().get(li).copied() else {
                    continue;
                };
                let copy = self.copy_held(li, entry.facts, out);
                let id = self.id();
                left.push(node);
                if let Some(e) = self.stack.entries_mut().get_mut(node_pos) {
                    *e = Entry {
                        id,
                        node: Node::Held(copy),
                        zombie: false,
                        html_annotation: false,
                        name: (0, 0),
                        below: 0,
                        ..node
                    };
                }
                if let Some(Listed::Element(l)) = self.formatting.entries_mut().get_mut(li) {
                    l.id = id;
                    l.at = node_pos as u32;
                }
                if last_is_fb {
                    bookmark_after = Some(id);
                }
                self.held.attach(copy, NONE, last);
                last = copy;
                last_is_fb = false;
            }

            // The elements left behind close; those handed on close in the
            // events, after what is held inside them.
            self.held.detach(last);
            let fe_entry = self.stack.entries()[fe_pos];
            let handed_on = fe_entry.node == Node::Emitted || left.iter().any(|e| e.node == Node::Emitted);
            if handed_on {
                self.held.flush_top(out);
                for e in &left {
                    if e.node == Node::Emitted {
                        out.event(TreeEvent::Close {
                            name: self.stack.name(e),
                            explicit: false,
                        });
                    }
                }
                if fe_entry.node == Node::Emitted {
                    out.event(TreeEvent::Close {
                        name: self.stack.name(&fe_entry),
                        explicit: true,
                    });
                }
            }
            for e in &left {
                if let Node::Held(h) = e.node {
                    self.held.close(h, false);
                }
            }
            if let Node::Held(h) = fe_entry.node {
                self.held.close(h, true);
            }

            // Put the moved block (or the copies around it) where the
            // common ancestor takes content.
            // Nothing below the formatting element has moved.
            let ca_pos = if self
                .stack
                .entries()
                .get(ca_pos)
                .is_some_and(|e| e.id == ca_id && !e.zombie)
            {
                ca_pos
            } else {
                self.stack.position_of(ca_id).unwrap_or(0)
            };
            match self.place(Some(ca_pos)) {
                Place::Held { parent, before } => self.held.attach(parent, before, last),
                Place::Emit => self.held.attach(NONE, NONE, last),
            }
            self.holding = true;

            // A copy of the formatting element takes the block's children.
            let copy = self.copy_held(fe_index, fe.facts, out);
            self.held.move_children(fb_node, copy);
            self.held.attach(fb_node, NONE, copy);
            let copy_id = self.id();

            // The list: the copy replaces the formatting element, at the
            // bookmark.
            let copy_listed = super::formatting::Listed {
                id: copy_id,
                at: 0,
                ..fe
            };
            match bookmark_after.and_then(|id| self.formatting.position_of(id)) {
                Some(after) => {
                    let at = (after + 1).min(self.formatting.entries().len());
                    self.formatting.entries_mut().insert(at, Listed::Element(copy_listed));
                    if let Some(old) = self.formatting.position_of(fe.id) {
                        self.formatting.entries_mut().remove(old);
                    }
                }
                None => {
                    if let Some(old) = self.formatting.position_of(fe.id) {
                        if let Some(slot) = self.formatting.entries_mut().get_mut(old) {
                            *slot = Listed::Element(copy_listed);
                        }
                    }
                }
            }

            // The stack: the formatting element and the elements left
            // behind go; the copy goes just above the block. They are all
            // between the formatting element and the block, which have not
            // moved since they were found.
            let mut removed = 0;
            for i in (fe_pos.max(1)..fb_pos).rev() {
                let Some(e) = self.stack.entries().get(i).copied() else {
                    continue;
                };
                if e.id == fe.id || (e.zombie && left.iter().any(|l| l.id == e.id)) {
                    self.stack.remove(i);
                    removed += 1;
                }
            }
            let after_fb = match fb_pos.checked_sub(removed) {
                Some(p) if self.stack.entries().get(p).is_some_and(|e| e.id == fb.id) => p + 1,
                _ => self.stack.position_of(fb.id).map_or(self.stack.len(), |p| p + 1),
            };
            let copy_name = crate::elements::tag_name(fe.facts.info.tag).unwrap_or("span");
            self.stack.insert(
                after_fb,
                Entry {
                    id: copy_id,
                    facts: fe.facts,
                    ns: Ns::Html,
                    name: (0, 0),
                    below: 0,
                    node: Node::Held(copy),
                    zombie: false,
                    html_annotation: false,
                },
                copy_name,
            );
            self.check_bound(out);
        }
    }

    /// A detached held copy of the listed element at `index`.
    /// Past the reopening budget the copy has no attributes (the adoption
    /// agency cannot stop half-way), and the departure is reported.
    fn copy_held(&mut self, index: usize, facts: crate::policy::Facts, out: &mut impl TreeSink) -> u32 {
        let mut scratch = self.copy_attrs(index);
        let name = crate::elements::tag_name(facts.info.tag).unwrap_or("span");
        if !self.charge_copy(&scratch, name) {
            scratch.0.clear();
            scratch.1.clear();
            self.approximated(Departure::ReopeningLimit, out);
            // The bare tags still count.
            self.reopened += (2 * name.len() + 5 + COPY_EXTRA) as u64;
        }
        let copy = self.held.add_element(
            NONE,
            NONE,
            Ok(name),
            facts,
            Ns::Html,
            Origin::Copy,
            Attrs::Spans {
                buf: &scratch.0,
                spans: &scratch.1,
            },
        );
        self.held.detach(copy);
        self.scratch = scratch;
        copy
    }
}
