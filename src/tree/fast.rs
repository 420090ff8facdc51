//! The common case in one step: text, phrasing elements and their end tags
//! in the "in body" mode, with nothing held, nothing to open again and no
//! foreign content.
//!
//! Most of a typical comment is text between `<b>`, `<em>`, `<a>` and
//! `<span>` tags (and the odd comment or `<script>` a spammer adds). For those tokens the rules come down to a few lines: text
//! is handed on, an ordinary start tag opens an element (and lists a
//! formatting element), an end tag that names the current node closes it.
//! This file does exactly that when it can tell cheaply that nothing else
//! applies, and leaves every other token to the full rules, which give the
//! same result for these tokens (the tree fidelity property runs both).

use super::formatting::Entry as Listed;
use super::stack::{Entry, Node, Scope};
use super::{Mode, TreeBuilder, MAX_OPEN};
use crate::elements::{flag, ContentModel, Tag};
use crate::event::{Element, Ns, Origin, StartTag, Token, TreeEvent, TreeSink};

impl TreeBuilder {
    /// Handle `token` if it is one of the common cases above; `false`
    /// leaves it, untouched, to [`token`](Self::token)'s full rules.
    #[inline]
    pub(super) fn fast(&mut self, token: &Token<'_>, out: &mut impl TreeSink) -> bool {
        if self.holding || self.foster || self.ignore_lf {
            return false;
        }
        let in_text = match self.mode {
            Mode::InBody => false,
            Mode::Text => true,
            _ => return false,
        };
        let Some(current) = self.stack.entries().last() else {
            return false;
        };
        if current.ns != Ns::Html || current.zombie || current.node != Node::Emitted {
            return false;
        }
        if in_text {
            // The text of a raw-text element, and the end tag that ends it.
            return match *token {
                Token::Text(text) => {
                    self.read += text.len() as u64;
                    out.event(TreeEvent::Text(text));
                    true
                }
                Token::EndTag { name, .. } => {
                    self.read += (name.len() + 3) as u64;
                    self.next_content = ContentModel::Markup;
                    self.pop(true, out);
                    self.mode = self.original;
                    true
                }
                _ => false,
            };
        }
        match *token {
            Token::Comment(kind) => {
                out.event(TreeEvent::Comment(kind));
                true
            }
            Token::Doctype => {
                out.event(TreeEvent::Doctype);
                true
            }
            Token::Text(text) => {
                if !self.nothing_to_reopen() {
                    return false;
                }
                self.read += text.len() as u64;
                out.event(TreeEvent::Text(text));
                true
            }
            Token::StartTag(ref tag) => self.fast_start(tag, out),
            Token::EndTag { name, facts } => {
                let info = facts.info;
                if current.facts.info.tag != info.tag {
                    return false;
                }
                // When the current node is the element named, "any other
                // end tag", the block and `</p>` rules and the adoption
                // agency all close just it.
                let closes = if info.tag == Tag::Other {
                    info.flags == 0 && self.stack.name(current) == name
                } else if info.is(flag::FORMATTING) {
                    self.listed_last_is_current(info.tag)
                } else {
                    closes_current(info.tag)
                };
                if !closes {
                    return false;
                }
                self.read += (name.len() + 3) as u64;
                if info.is(flag::FORMATTING) {
                    let id = current.id;
                    let entries = self.formatting.entries_mut();
                    if entries
                        .last()
                        .is_some_and(|e| matches!(e, Listed::Element(l) if l.id == id))
                    {
                        entries.pop();
                    } else if let Some(i) = self.formatting.position_of(id) {
                        self.formatting.entries_mut().remove(i);
                    }
                }
                self.pop_current(out);
                true
            }
            _ => false,
        }
    }

    /// [`pop`](TreeBuilder::pop) for what [`fast`](Self::fast) checked
    /// first: the top entry is live, emitted and not the root, and nothing
    /// is held.
    #[inline]
    fn pop_current(&mut self, out: &mut impl TreeSink) {
        if let Some(top) = self.stack.entries().last() {
            out.event(TreeEvent::Close {
                name: self.stack.name(top),
                explicit: true,
            });
        }
        self.stack.pop_raw();
        while self.stack.entries().last().is_some_and(|e| e.zombie) {
            self.pop_entry(false, out);
        }
    }

    /// A start tag that opens an element where the current node is, and no
    /// more: an ordinary one ("any other start tag"), a formatting one
    /// (`a` only when no `a` is listed), a void one, or a block that closes
    /// a `<p>` when there is none to close and no formatting element it
    /// could be moved out of.
    fn fast_start(&mut self, tag: &StartTag<'_>, out: &mut impl TreeSink) -> bool {
        let info = tag.facts.info;
        let formatting = info.is(flag::FORMATTING);
        let fits = if info.tag == Tag::Other {
            info.flags == 0 && info.content == ContentModel::Markup
        } else if formatting {
            match info.tag {
                Tag::Nobr => false,
                Tag::A => self.formatting.after_marker_rev().all(|(_, l)| l.tag() != Tag::A),
                _ => true,
            }
        } else if matches!(info.tag, Tag::Br | Tag::Img | Tag::Wbr) {
            true
        } else if matches!(info.tag, Tag::Script | Tag::Style | Tag::Noframes | Tag::Title) {
            // The "in head" rules: no formatting element is opened again.
            return self.fast_raw(tag, out);
        } else if opens_block(info.tag) {
            // Nothing after the last marker: no formatting element open
            // that the block could be moved out of.
            matches!(self.formatting.entries().last(), None | Some(Listed::Marker))
                && !self.stack.has_in_scope(Scope::Button, Tag::P)
        } else {
            false
        };
        if !fits || self.stack.len() >= MAX_OPEN || !self.nothing_to_reopen() {
            return false;
        }
        self.read += (tag.name.len() + 2) as u64
            + tag
                .attrs
                .iter()
                .map(|a| a.name.len() + a.value.len() + 4)
                .sum::<usize>() as u64;
        self.next_content = ContentModel::Markup;
        out.event(TreeEvent::Open(Element {
            name: tag.name,
            facts: tag.facts,
            attrs: tag.attrs,
            ns: Ns::Html,
            origin: Origin::Parsed,
        }));
        if info.void() {
            out.event(TreeEvent::Close {
                name: tag.name,
                explicit: false,
            });
            return true;
        }
        let id = self.id();
        self.stack.push(
            Entry {
                id,
                facts: tag.facts,
                ns: Ns::Html,
                name: (0, 0),
                below: 0,
                node: Node::Emitted,
                zombie: false,
                html_annotation: false,
            },
            tag.name,
        );
        if formatting {
            self.formatting.push_element(id, tag.facts, tag.attrs);
        }
        true
    }

    /// A raw-text or RCDATA element the "in head" rules insert: the
    /// tokenizer reads its text, in the "text" mode.
    fn fast_raw(&mut self, tag: &StartTag<'_>, out: &mut impl TreeSink) -> bool {
        if self.stack.len() >= MAX_OPEN {
            return false;
        }
        self.read += (tag.name.len() + 2) as u64
            + tag
                .attrs
                .iter()
                .map(|a| a.name.len() + a.value.len() + 4)
                .sum::<usize>() as u64;
        out.event(TreeEvent::Open(Element {
            name: tag.name,
            facts: tag.facts,
            attrs: tag.attrs,
            ns: Ns::Html,
            origin: Origin::Parsed,
        }));
        let id = self.id();
        self.stack.push(
            Entry {
                id,
                facts: tag.facts,
                ns: Ns::Html,
                name: (0, 0),
                below: 0,
                node: Node::Emitted,
                zombie: false,
                html_annotation: false,
            },
            tag.name,
        );
        self.next_content = tag.facts.info.content;
        self.original = self.mode;
        self.mode = Mode::Text;
        true
    }

    /// "Reconstruct the active formatting elements" has nothing to do: the
    /// list is empty, or its last entry is a marker or the current node.
    /// (Otherwise the full rules find out.)
    #[inline]
    fn nothing_to_reopen(&self) -> bool {
        match self.formatting.entries().last() {
            None | Some(Listed::Marker) => true,
            Some(Listed::Element(l)) => self.stack.entries().last().is_some_and(|e| e.id == l.id),
        }
    }

    /// The adoption agency for `tag` ends at its first steps: the current
    /// node is the last listed element of that name after the last marker,
    /// or is not listed at all.
    fn listed_last_is_current(&self, tag: Tag) -> bool {
        let Some(current) = self.stack.entries().last() else {
            return false;
        };
        match self.formatting.after_marker_rev().find(|(_, l)| l.tag() == tag) {
            Some((_, listed)) => listed.id == current.id,
            None => self.formatting.position_of(current.id).is_none(),
        }
    }
}

/// Blocks whose start tag closes a `<p>` and otherwise just opens them
/// (headings, `pre` and lists items have more rules).
fn opens_block(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Address
            | Tag::Article
            | Tag::Aside
            | Tag::Blockquote
            | Tag::Center
            | Tag::Details
            | Tag::Dialog
            | Tag::Dir
            | Tag::Div
            | Tag::Dl
            | Tag::Fieldset
            | Tag::Figcaption
            | Tag::Figure
            | Tag::Footer
            | Tag::Header
            | Tag::Hgroup
            | Tag::Main
            | Tag::Menu
            | Tag::Nav
            | Tag::Ol
            | Tag::P
            | Tag::Search
            | Tag::Section
            | Tag::Summary
            | Tag::Ul
    )
}

/// Elements whose end tag, with the element as the current node, closes
/// just it (the block rules, `</p>`, `</li>`, `</dd>`, `</dt>` and the
/// headings generate implied end tags first, and there are none above the
/// current node).
fn closes_current(tag: Tag) -> bool {
    opens_block(tag)
        || matches!(
            tag,
            Tag::Li
                | Tag::Dd
                | Tag::Dt
                | Tag::H1
                | Tag::H2
                | Tag::H3
                | Tag::H4
                | Tag::H5
                | Tag::H6
                | Tag::Pre
                | Tag::Listing
        )
}
