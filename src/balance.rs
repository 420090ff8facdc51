//! The balance stage: write only what a browser reads back the same.
//!
//! The tree stage hands on a tree, and the filter keeps part of it: every
//! kept element still opens and closes in order. But removing the elements
//! in between can leave a kept element where a browser would not put it if
//! it read the output: a `<li>` directly inside a kept `<li>` once the
//! `<ul>` between them is gone (a browser closes the first), a `<div>`
//! inside a kept `<p>` once the `<button>` between them is gone, a `<tr>`
//! right inside a `<table>` (a browser adds a `<tbody>`), text in a table
//! outside any cell (a browser moves it before the table). Mutation XSS
//! lives in such gaps between what a sanitizer wrote and what a parser
//! reads. So before writing a start tag, this stage asks what an HTML
//! parser would do with it, given the elements the output has open, and
//! writes it only if the parser would simply open it there:
//!
//! * a table part is written where the table rules put it; a `<tbody>` or
//!   `<tr>` a parser would imply is written explicitly, when the policy keeps
//!   it;
//! * text or an element that a parser would move out of a table (anything
//!   but whitespace and table parts, outside a cell) ends the table there:
//!   its open elements are closed, and what follows comes after it;
//! * any other start tag a parser would not open where it stands (one that
//!   closes a `<p>`, a list item, a heading, a link, or a table part outside
//!   a table) is not written: its element is reported as
//!   [`Removed::Misplaced`](crate::Removed::Misplaced) and its content
//!   stays where it is;
//! * past [`Limits::max_depth`](crate::Limits::max_depth) open elements, a
//!   start tag is not written and is reported
//!   ([`Removed::TooDeep`](crate::Removed::TooDeep)); its text stays. Void
//!   elements open nothing and count only for the table parts a parser
//!   implies above them (the `<colgroup>` of a `<col>`);
//! * an `<a>` that kept a URL is a link, counted in
//!   [`Report::links`](crate::Report::links) when it is written. Past
//!   [`Limits::max_links`](crate::Limits::max_links), the balancer does not
//!   write the link but records [`ErrorKind::TooManyLinks`] in
//!   [`halted`](Balancer::halted); the pipeline then passes it nothing more,
//!   closes the open elements and returns that error, so the output ends,
//!   balanced, before that link;
//! * a parser drops a line break that comes right after a `<pre>` or
//!   `<listing>` start tag, so when the first thing written in one is text
//!   that starts with a line break (what was around it in the input was
//!   removed), a second line break is written before it, for the parser to
//!   drop;
//! * at the end of input, or when sanitizing stops, every open element is
//!   closed ([`close_all`](Balancer::close_all)).
//!
//! Memory is the stack of kept elements, whose depth the tree stage bounds;
//! the work per tag is at most proportional to it.

use std::borrow::Cow;

use crate::elements::{flag, Info, Tag};
use crate::error::ErrorKind;
use crate::event::Clean;
use crate::policy::{AllowedTag, AttrName, PolicyInner};
use crate::report::{Entry, Report};
use crate::serialize::Serializer;

/// A kept element the filter opened, and what became of it.
#[derive(Debug, Clone, Copy)]
struct Open {
    tag: AllowedTag,
    info: Info,
    /// Written and still open in the output.
    live: bool,
    /// Opened by this stage for the element above it (an implied
    /// `<tbody>`), not by the filter: closed with its parent.
    implied: bool,
}

/// The balance stage.
#[derive(Debug, Default)]
pub(crate) struct Balancer {
    stack: Vec<Open>,
    /// A limit stopped sanitizing: nothing more may be written.
    halted: Option<ErrorKind>,
    /// The last thing written is a `<pre>` or `<listing>` start tag.
    after_pre: bool,
    /// The stack positions of the elements the output has open (live,
    /// non-void entries), so that the output's current node is found
    /// without walking the entries not written above it. Its length is the
    /// output's depth.
    written: Vec<u32>,
}

/// What a parser does with a start tag, given the output's open elements.
enum Verdict {
    /// Opens it as a child of the current node.
    Open,
    /// Needs these elements opened first (implied table parts).
    After(&'static [&'static str]),
    /// Ends the table first.
    EndTable,
    /// Does something else: do not write it.
    Misplaced,
}

/// Table elements whose content model is table parts only: a parser moves
/// anything else out of them ("foster parenting").
fn table_context(info: Info) -> bool {
    matches!(info.tag, Tag::Table | Tag::Tbody | Tag::Thead | Tag::Tfoot | Tag::Tr)
}

impl Balancer {
    /// Handle one filtered event, writing through `out`.
    #[inline]
    pub(crate) fn event(&mut self, policy: &PolicyInner, event: Clean<'_>, out: &mut Serializer, report: &mut Report) {
        match event {
            Clean::Text(text) => {
                // The line break owed after `<pre>` is owed until something
                // is written: an element not written (too deep, misplaced)
                // writes nothing.
                if self.after_pre && !text.is_empty() {
                    self.after_pre = false;
                    // A carriage return is written as a line feed (see
                    // `escape::text`).
                    if text.starts_with(['\n', '\r']) {
                        out.text("\n");
                    }
                }
                self.text(policy, &text, out);
            }
            Clean::Open { tag, attrs, link } => self.open(policy, tag, attrs, link, out, report),
            Clean::Close(_) => {
                // Implied elements above close first: they are inside it.
                while self.stack.last().is_some_and(|o| o.implied) {
                    self.close_top(policy, out);
                }
                self.close_top(policy, out);
            }
        }
    }

    fn close_top(&mut self, policy: &PolicyInner, out: &mut Serializer) {
        if let Some(open) = self.stack.pop() {
            if open.live && !open.info.void() {
                self.written.pop();
                self.after_pre = false;
                out.end_tag(policy, open.tag);
            }
        }
    }

    /// The limit that stopped sanitizing, if one did.
    pub(crate) fn halted(&self) -> Option<&ErrorKind> {
        self.halted.as_ref()
    }

    /// Close every open element (end of input, or an error that stops
    /// sanitizing).
    pub(crate) fn close_all(&mut self, policy: &PolicyInner, out: &mut Serializer) {
        while let Some(open) = self.stack.pop() {
            if open.live && !open.info.void() {
                out.end_tag(policy, open.tag);
            }
        }
        self.written.clear();
    }

    /// Bytes held in buffers.
    pub(crate) fn capacity(&self) -> usize {
        self.stack.capacity() * std::mem::size_of::<Open>() + self.written.capacity() * std::mem::size_of::<u32>()
    }

    /// Back to an empty stack, keeping its allocation.
    pub(crate) fn reset(&mut self) {
        self.stack.clear();
        self.halted = None;
        self.after_pre = false;
        self.written.clear();
    }

    /// The output's open elements, innermost first.
    fn live(&self) -> impl Iterator<Item = &Open> + '_ {
        self.written.iter().rev().filter_map(|&i| self.stack.get(i as usize))
    }

    /// The output's current node.
    fn current(&self) -> Option<Info> {
        self.live().next().map(|o| o.info)
    }

    fn text(&mut self, policy: &PolicyInner, text: &str, out: &mut Serializer) {
        if self.current().is_some_and(table_context)
            && !text.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r'))
        {
            self.end_table(policy, out);
        }
        out.text(text);
    }

    /// Close the output's elements up to and including its innermost table.
    fn end_table(&mut self, policy: &PolicyInner, out: &mut Serializer) {
        while let Some(i) = self.written.pop() {
            let Some(open) = self.stack.get_mut(i as usize) else {
                continue;
            };
            out.end_tag(policy, open.tag);
            open.live = false;
            self.after_pre = false;
            if open.info.tag == Tag::Table {
                break;
            }
        }
    }

    /// What a parser does with a start tag of `info` here.
    fn verdict(&self, info: Info) -> Verdict {
        let current = self.current();
        // Phrasing content outside a table part (most tags): a parser opens
        // it where it stands. Only special elements, table parts, `a` and
        // the ruby parts have rules of their own.
        if !info.is(flag::SPECIAL)
            && !matches!(
                info.tag,
                Tag::A
                    | Tag::Rb
                    | Tag::Rtc
                    | Tag::Rp
                    | Tag::Rt
                    | Tag::Caption
                    | Tag::Colgroup
                    | Tag::Col
                    | Tag::Tbody
                    | Tag::Thead
                    | Tag::Tfoot
                    | Tag::Tr
                    | Tag::Td
                    | Tag::Th
            )
            && !current.is_some_and(|c| table_context(c) || c.tag == Tag::Colgroup)
        {
            return Verdict::Open;
        }
        let tag = info.tag;
        let in_table = current.is_some_and(table_context) || current.is_some_and(|c| c.tag == Tag::Colgroup);
        let table_part = matches!(
            tag,
            Tag::Caption
                | Tag::Colgroup
                | Tag::Col
                | Tag::Tbody
                | Tag::Thead
                | Tag::Tfoot
                | Tag::Tr
                | Tag::Td
                | Tag::Th
        );
        if in_table {
            let parent = current.map_or(Tag::Other, |c| c.tag);
            return match (parent, tag) {
                (Tag::Table, Tag::Caption | Tag::Colgroup | Tag::Tbody | Tag::Thead | Tag::Tfoot) => Verdict::Open,
                (Tag::Table, Tag::Col) => Verdict::After(&["colgroup"]),
                (Tag::Table, Tag::Tr) => Verdict::After(&["tbody"]),
                (Tag::Table, Tag::Td | Tag::Th) => Verdict::After(&["tbody", "tr"]),
                (Tag::Tbody | Tag::Thead | Tag::Tfoot, Tag::Tr) => Verdict::Open,
                (Tag::Tbody | Tag::Thead | Tag::Tfoot, Tag::Td | Tag::Th) => Verdict::After(&["tr"]),
                (Tag::Tr, Tag::Td | Tag::Th) => Verdict::Open,
                (Tag::Colgroup, Tag::Col) => Verdict::Open,
                (Tag::Colgroup, _) => Verdict::Misplaced,
                _ if table_part => Verdict::Misplaced,
                _ => Verdict::EndTable,
            };
        }
        if table_part {
            // Outside a table a parser ignores table parts.
            return Verdict::Misplaced;
        }
        let closes_p = matches!(
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
                | Tag::Pre
                | Tag::Listing
                | Tag::Table
                | Tag::Hr
                | Tag::Li
                | Tag::Dd
                | Tag::Dt
        ) || info.is(flag::HEADING);
        if closes_p && self.has_p_in_button_scope() {
            return Verdict::Misplaced;
        }
        if info.is(flag::HEADING) && current.is_some_and(|c| c.is(flag::HEADING)) {
            return Verdict::Misplaced;
        }
        match tag {
            Tag::Li | Tag::Dd | Tag::Dt => {
                for o in self.live() {
                    let closes = match tag {
                        Tag::Li => o.info.tag == Tag::Li,
                        _ => matches!(o.info.tag, Tag::Dd | Tag::Dt),
                    };
                    if closes {
                        return Verdict::Misplaced;
                    }
                    if o.info.is(flag::SPECIAL) && !matches!(o.info.tag, Tag::Address | Tag::Div | Tag::P) {
                        break;
                    }
                }
            }
            Tag::A => {
                for o in self.live() {
                    if matches!(o.info.tag, Tag::Td | Tag::Th | Tag::Caption) {
                        break;
                    }
                    if o.info.tag == Tag::A {
                        return Verdict::Misplaced;
                    }
                }
            }
            Tag::Rb | Tag::Rtc | Tag::Rp | Tag::Rt => {
                // "Has a ruby element in scope": a table cell, say, hides
                // the ruby around its table.
                let ruby = self
                    .live()
                    .find(|o| o.info.tag == Tag::Ruby || o.info.is(flag::SCOPE))
                    .is_some_and(|o| o.info.tag == Tag::Ruby);
                let implied = current.is_some_and(|c| {
                    c.is(flag::IMPLIED_END) && !(matches!(tag, Tag::Rp | Tag::Rt) && c.tag == Tag::Rtc)
                });
                if ruby && implied {
                    return Verdict::Misplaced;
                }
            }
            _ => {}
        }
        Verdict::Open
    }

    /// "Has a p element in button scope", in the output.
    fn has_p_in_button_scope(&self) -> bool {
        for o in self.live() {
            if o.info.tag == Tag::P {
                return true;
            }
            if o.info.is(flag::SCOPE) || matches!(o.info.tag, Tag::Button) {
                return false;
            }
        }
        false
    }

    fn open(
        &mut self,
        policy: &PolicyInner,
        tag: AllowedTag,
        attrs: &[(AttrName<'_>, Cow<'_, str>)],
        link: bool,
        out: &mut Serializer,
        report: &mut Report,
    ) {
        let info = policy.rule(tag).info();
        let mut verdict = self.verdict(info);
        if let Verdict::EndTable = verdict {
            self.end_table(policy, out);
            verdict = self.verdict(info);
        }
        let implied = match verdict {
            Verdict::Open => &[][..],
            Verdict::After(implied) => {
                let kept = implied.iter().all(|name| policy.element(name).is_some());
                if !kept {
                    self.skip(policy, tag, info, report, false);
                    return;
                }
                implied
            }
            Verdict::EndTable | Verdict::Misplaced => {
                self.skip(policy, tag, info, report, false);
                return;
            }
        };
        // The element's own level, unless it is void (it opens nothing),
        // and the levels of the table parts implied above it.
        let depth = self.written.len() + implied.len() + usize::from(!info.void());
        if depth > policy.limits().max_depth {
            self.skip(policy, tag, info, report, true);
            return;
        }
        if link {
            if let Some(limit) = policy.limits().max_links {
                if report.links() >= limit as u64 {
                    self.halted = Some(ErrorKind::TooManyLinks { limit });
                    return;
                }
            }
            report.link();
        }
        for name in implied {
            if let Some((implied_tag, rule)) = policy.element(name) {
                out.start_tag(policy, implied_tag, std::iter::empty());
                // It stays open for the element's siblings (a parser keeps
                // it open too), and closes before their parent.
                self.written.push(self.stack.len() as u32);
                self.stack.push(Open {
                    tag: implied_tag,
                    info: rule.info(),
                    live: true,
                    implied: true,
                });
            }
        }
        out.start_tag(policy, tag, attrs.iter().map(|(a, v)| (*a, &**v)));
        self.after_pre = matches!(info.tag, Tag::Pre | Tag::Listing);
        if !info.void() {
            self.written.push(self.stack.len() as u32);
        }
        self.stack.push(Open {
            tag,
            info,
            live: true,
            implied: false,
        });
    }

    /// Do not write a start tag; its `Close` will pop a dead entry.
    fn skip(&mut self, policy: &PolicyInner, tag: AllowedTag, info: Info, report: &mut Report, too_deep: bool) {
        let name = policy.tag_name(tag);
        report.record(if too_deep {
            Entry::TooDeep { name }
        } else {
            Entry::Misplaced { name }
        });
        self.stack.push(Open {
            tag,
            info,
            live: false,
            implied: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;
    use crate::report::Removed;

    /// Feed (name, open?) pairs; returns the output.
    fn run(events: &[(&str, bool)]) -> (String, Report) {
        let policy = Policy::wordpress_comments()
            .to_builder()
            .allow_element("p")
            .allow_element("ul")
            .allow_element("li")
            .allow_element("table")
            .allow_element("tbody")
            .allow_element("tr")
            .allow_element("td")
            .limits(crate::Limits::default().with_max_depth(4))
            .build()
            .unwrap();
        let inner = policy.compiled();
        let mut b = Balancer::default();
        let mut out = Serializer::default();
        let mut report = Report::default();
        for &(name, open) in events {
            let (tag, _) = inner.element(name).unwrap();
            let ev = if open {
                Clean::Open {
                    tag,
                    attrs: &[],
                    link: false,
                }
            } else {
                Clean::Close(tag)
            };
            b.event(inner, ev, &mut out, &mut report);
        }
        b.close_all(inner, &mut out);
        (std::mem::take(out.buffer()), report)
    }

    #[test]
    fn a_list_item_inside_a_list_item_is_not_written() {
        let (html, report) = run(&[("li", true), ("li", true), ("li", false), ("li", false)]);
        assert_eq!(html, "<li></li>");
        assert_eq!(report.removals()[0].what, Removed::Misplaced { name: "li".into() });
    }

    #[test]
    fn a_row_in_a_table_gets_its_tbody() {
        let (html, _) = run(&[
            ("table", true),
            ("tr", true),
            ("td", true),
            ("td", false),
            ("tr", false),
            ("table", false),
        ]);
        assert_eq!(html, "<table><tbody><tr><td></td></tr></tbody></table>");
    }

    #[test]
    fn a_block_inside_a_paragraph_is_not_written() {
        let (html, _) = run(&[("p", true), ("blockquote", true), ("blockquote", false), ("p", false)]);
        assert_eq!(html, "<p></p>");
    }

    #[test]
    fn depth_is_capped() {
        let (html, report) = run(&[("b", true), ("b", true), ("b", true), ("b", true), ("b", true)]);
        assert_eq!(html, "<b><b><b><b></b></b></b></b>");
        assert_eq!(report.removals()[0].what, Removed::TooDeep { name: "b".into() });
    }

    #[test]
    fn links_do_not_nest() {
        let (html, _) = run(&[
            ("a", true),
            ("b", true),
            ("a", true),
            ("a", false),
            ("b", false),
            ("a", false),
        ]);
        assert_eq!(html, "<a><b></b></a>");
    }
}
