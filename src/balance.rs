//! The balance stage: every element opened is closed, in order.
//!
//! The filter passes kept start and end tags as the input had them, which
//! can be anything: `<b><i></b></i>`, `<a>` inside `<a>`, end tags without a
//! start, elements never closed. A browser repairs such markup with the
//! tree builder's error recovery (the adoption agency algorithm, "reconstruct
//! the active formatting elements"), and mutation XSS lives in the gap
//! between that repair and what a sanitizer believed. So the balancer repairs
//! first and writes only well-nested tags, which every HTML parser reads as
//! exactly the tree they spell.
//!
//! Rules, for the elements a policy can keep
//! (see [`BalanceClass`]):
//!
//! * an end tag closes the innermost open element of its name, closing the
//!   elements opened inside it first; formatting elements among those
//!   (`b`, `i`, `a`, ...) are opened again right after, as a browser would
//!   reconstruct them, so `<b><i>x</b>y</i>` keeps `y` italic;
//! * an end tag with no open element of its name is dropped and reported;
//! * an `<a>` start tag closes an open `<a>` (links never nest), and a block
//!   start tag (`p`, `div`, `blockquote`) closes an open `<p>`, as the
//!   "in body" insertion mode does; the formatting elements inside are
//!   reopened as for an end tag;
//! * past [`Limits::max_depth`](crate::Limits::max_depth) open elements, a
//!   start tag is dropped and reported; its text stays. (Its end tag then
//!   closes the nearest open element of the same name, if any, or is
//!   reported as above.) `<br>` opens nothing and is never dropped for
//!   depth;
//! * an `<a>` that kept a URL is a link, counted in
//!   [`Report::links`](crate::Report::links) when it is written (a link
//!   dropped for depth is not). Past
//!   [`Limits::max_links`](crate::Limits::max_links), the balancer does not
//!   write the link but records [`ErrorKind::TooManyLinks`] in
//!   [`halted`](Balancer::halted); the pipeline then passes it nothing more,
//!   closes the open elements and returns that error, so the output ends,
//!   balanced, before that link;
//! * at the end of input, or when sanitizing stops, every open element is
//!   closed ([`close_all`](Balancer::close_all)).
//!
//! So the balancer reports stray end tags
//! ([`Removed::EndTag`](crate::Removed::EndTag)), start tags past the depth
//! limit ([`Removed::TooDeep`](crate::Removed::TooDeep)) and the links it
//! writes. Closing elements early and reopening them is not reported: it
//! changes where elements end, not what is kept.
//!
//! Memory is the open-element stack, at most `max_depth` entries, and the
//! serializer's copies of the start tags it may reopen; the work per tag is
//! at most proportional to `max_depth` (and to those copies' length).

use std::borrow::Cow;

use crate::elements::BalanceClass;
use crate::error::ErrorKind;
use crate::event::Clean;
use crate::policy::{AllowedAttr, AllowedTag, PolicyInner};
use crate::report::{Entry, Report};
use crate::serialize::{Saved, Serializer};

/// An open element, with its start tag as written when it may have to be
/// reopened (formatting elements and links).
#[derive(Debug)]
struct Open {
    tag: AllowedTag,
    class: BalanceClass,
    saved: Option<Saved>,
}

fn reopenable(class: BalanceClass) -> bool {
    matches!(class, BalanceClass::Formatting | BalanceClass::Anchor)
}

/// The balance stage.
#[derive(Debug, Default)]
pub(crate) struct Balancer {
    stack: Vec<Open>,
    /// A limit stopped sanitizing: nothing more may be written.
    halted: Option<ErrorKind>,
}

impl Balancer {
    /// Handle one filtered event, writing through `out`.
    pub(crate) fn event(&mut self, policy: &PolicyInner, event: Clean<'_>, out: &mut Serializer, report: &mut Report) {
        match event {
            Clean::Text(text) => out.text(&text),
            Clean::Open { tag, attrs, link } => self.open(policy, tag, attrs, link, out, report),
            Clean::Close(tag) => match self.stack.iter().rposition(|open| open.tag == tag) {
                Some(i) => self.close_from(policy, i, out),
                None => report.end_tag(policy.tag_name(tag)),
            },
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
            out.end_tag(policy, open.tag);
        }
        out.forget_all();
    }

    /// Bytes held in buffers.
    pub(crate) fn capacity(&self) -> usize {
        self.stack.capacity() * std::mem::size_of::<Open>()
    }

    /// Back to an empty stack, keeping its allocation.
    pub(crate) fn reset(&mut self) {
        self.stack.clear();
        self.halted = None;
    }

    fn open(
        &mut self,
        policy: &PolicyInner,
        tag: AllowedTag,
        attrs: &[(AllowedAttr, Cow<'_, str>)],
        link: bool,
        out: &mut Serializer,
        report: &mut Report,
    ) {
        let class = policy.rule(tag).class();
        let closes = match class {
            BalanceClass::Anchor => self.stack.iter().rposition(|o| o.class == BalanceClass::Anchor),
            BalanceClass::ClosesP => self.stack.iter().rposition(|o| policy.tag_name(o.tag) == "p"),
            _ => None,
        };
        if let Some(i) = closes {
            self.close_from(policy, i, out);
        }
        if class != BalanceClass::Void && self.stack.len() >= policy.limits().max_depth {
            report.record(Entry::TooDeep {
                name: policy.tag_name(tag),
            });
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
        let attrs = attrs.iter().map(|(a, v)| (*a, &**v));
        if reopenable(class) {
            let saved = Some(out.start_tag_saved(policy, tag, attrs));
            self.stack.push(Open { tag, class, saved });
        } else {
            out.start_tag(policy, tag, attrs);
            if class != BalanceClass::Void {
                self.stack.push(Open {
                    tag,
                    class,
                    saved: None,
                });
            }
        }
    }

    /// Close the element at stack index `i` and everything opened inside
    /// it, then reopen the formatting elements among the latter.
    fn close_from(&mut self, policy: &PolicyInner, i: usize, out: &mut Serializer) {
        if i + 1 == self.stack.len() {
            // The innermost element (well-nested input): nothing to reopen.
            if let Some(open) = self.stack.pop() {
                out.end_tag(policy, open.tag);
                if let Some(saved) = open.saved {
                    out.forget(saved, []);
                }
            }
            return;
        }
        if i >= self.stack.len() {
            return;
        }
        for open in self.stack[i..].iter().rev() {
            out.end_tag(policy, open.tag);
        }
        let target = self.stack.remove(i);
        // Keep, in order, the inner elements to reopen.
        let mut kept = i;
        for j in i..self.stack.len() {
            if reopenable(self.stack[j].class) {
                self.stack.swap(kept, j);
                kept += 1;
            }
        }
        self.stack.truncate(kept);
        let inner = &mut self.stack[i..];
        if let Some(saved) = target.saved {
            out.forget(saved, inner.iter_mut().filter_map(|o| o.saved.as_mut()));
        }
        for open in inner {
            if let Some(saved) = open.saved {
                out.reopen(saved);
            }
        }
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
            .limits(crate::Limits {
                max_depth: 4,
                ..Default::default()
            })
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
    fn misnested_formatting_is_closed_and_reopened() {
        let (html, _) = run(&[("b", true), ("i", true), ("b", false), ("i", false)]);
        assert_eq!(html, "<b><i></i></b><i></i>");
    }

    #[test]
    fn anchors_do_not_nest() {
        let (html, _) = run(&[("a", true), ("b", true), ("a", true)]);
        assert_eq!(html, "<a><b></b></a><b><a></a></b>");
    }

    #[test]
    fn block_closes_paragraph() {
        let (html, _) = run(&[("p", true), ("blockquote", true)]);
        assert_eq!(html, "<p></p><blockquote></blockquote>");
    }

    #[test]
    fn stray_end_tag_is_reported() {
        let (html, report) = run(&[("b", false)]);
        assert_eq!(html, "");
        assert_eq!(report.total_removals(), 1);
    }

    #[test]
    fn depth_is_capped() {
        let (html, report) = run(&[("b", true), ("b", true), ("b", true), ("b", true), ("b", true)]);
        assert_eq!(html, "<b><b><b><b></b></b></b></b>");
        assert_eq!(report.removals()[0].what, Removed::TooDeep { name: "b".into() });
    }

    #[test]
    fn non_formatting_elements_are_not_reopened() {
        let (html, _) = run(&[("abbr", true), ("b", true), ("abbr", false)]);
        assert_eq!(html, "<abbr><b></b></abbr><b></b>");
        let (html, _) = run(&[("b", true), ("abbr", true), ("b", false)]);
        assert_eq!(html, "<b><abbr></abbr></b>");
    }
}
