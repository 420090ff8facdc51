//! The filter stage: apply the policy to the document.
//!
//! Input: the tree stage's [`TreeEvent`]s, the document in order, every
//! element closed. Output: [`Clean`] events holding only what the policy
//! admits. The filter decides, per element:
//!
//! * an HTML element the policy keeps passes with its kept attributes, each
//!   checked by kind (text: length; URL: scheme and length, see
//!   [`url::check`]; date: syntax and length; and the value list, if the
//!   policy has one), followed by the forced attributes and, on an `<a>`
//!   that kept a URL, the policy's `rel`. Attributes past
//!   [`Limits::max_attributes_per_tag`](crate::Limits::max_attributes_per_tag)
//!   are dropped unchecked (and reported). An input value for a forced
//!   attribute or the link `rel` goes (reported only when it differs from
//!   the policy's). In a value, a carriage return (only a character
//!   reference can put one there) becomes a line feed, as a parser would
//!   read it back, so that cleaning the output again changes nothing;
//! * an element whose content the policy drops (`script`, `style`, `svg`,
//!   ...) goes with everything inside it, up to its `Close`, wherever the
//!   tree builder put that;
//! * any other element is removed and its content kept;
//! * text passes as it is: the serializer escapes it, and writes a carriage
//!   return as a line feed. Only byte-order marks before anything was
//!   written go, since a parser drops one at the start of its input;
//! * comments, doctypes, processing instructions, CDATA sections and a tag
//!   left unterminated at the end of the input that was too long to write
//!   back as text go.
//!
//! Words must not run together where a block was removed: a removed block's
//! start and end leave a pending paragraph break, a removed `<br>` a line
//! break (an element removed with its content leaves none). Several pending
//! breaks make one, the larger. It is passed on as the text `\n\n` or `\n`
//! before the next text or kept start tag, unless nothing was written yet,
//! the last text written ended with whitespace, or the next text starts with
//! it; a break not needed there is forgotten.
//!
//! Every removal is recorded in the [`Report`]: a removed element once, by
//! name, and its end tag if the input had one (inside dropped content,
//! nothing is listed); each removed attribute (with the reason), comment,
//! doctype, ignored tag and departure from a browser's document. Elements
//! the tree builder made itself (an implied `<tbody>`, a reopened `<b>`)
//! are not listed: the input did not write them. The balancer records what
//! it removes itself.

use std::borrow::Cow;

use crate::datetime;
use crate::event::{Clean, CommentKind, Element, Ns, Origin, TreeEvent};
use crate::policy::{too_long, AllowedTag, AttrKind, AttrName, AttrRule, ElementRule, PolicyInner};
use crate::report::{Reason, Removed, Report};
use crate::url;

/// What the filter did with an open element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Kept(AllowedTag),
    /// Removed, content kept; whether a break is owed at its end, and
    /// whether its start tag was reported (one removal covers the start
    /// tag and the end tag that closes it).
    Removed {
        block: bool,
        reported: bool,
    },
    /// Inside content that goes (or the element whose content goes).
    Dropped,
}

/// A break owed to the reader where a block or `<br>` was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    None,
    Line,
    Paragraph,
}

/// The filter stage.
#[derive(Debug)]
pub(crate) struct Filter {
    /// One decision per open element.
    open: Vec<Decision>,
    /// How many open elements are [`Decision::Dropped`].
    dropping: u32,
    pending: Break,
    /// Something was written already.
    started: bool,
    /// The last character written was whitespace.
    last_ws: bool,
    /// The kept attributes' buffer, empty between tags: kept for its
    /// allocation (see [`recycle`]).
    kept: Vec<KeptAttr<'static>>,
}

type KeptAttr<'a> = (AttrName<'a>, Cow<'a, str>);

/// `v`, emptied, as a vector of another lifetime with the same allocation:
/// the standard library collects in place when the element layouts match,
/// so a tag's kept attributes cost no allocation once the buffer has grown.
// `filter` cannot change the lifetime; `filter_map` can.
#[allow(clippy::unnecessary_filter_map)]
fn recycle<'b>(v: Vec<KeptAttr<'_>>) -> Vec<KeptAttr<'b>> {
    v.into_iter().filter_map(|_| None).collect()
}

/// A valid integer, as [`AttrKind::Integer`] reads it.
fn is_integer(value: &str) -> bool {
    let digits = value.strip_prefix('-').unwrap_or(value);
    (1..=10).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_html_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r')
}

/// Replace the characters that would not survive a round trip through an
/// HTML parser: a carriage return (only a character reference can produce
/// one) is read back as a line feed. (In text, the serializer does this.)
fn normalize(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        Cow::Owned(text.replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

impl Filter {
    pub(crate) fn new() -> Filter {
        Filter {
            open: Vec::new(),
            dropping: 0,
            pending: Break::None,
            started: false,
            last_ws: false,
            kept: Vec::new(),
        }
    }

    /// Bytes held in buffers.
    pub(crate) fn capacity(&self) -> usize {
        self.kept.capacity() * std::mem::size_of::<KeptAttr<'_>>() + self.open.capacity()
    }

    /// Back to the state of [`Filter::new`], keeping the buffers.
    pub(crate) fn reset(&mut self) {
        let kept = std::mem::take(&mut self.kept);
        let mut open = std::mem::take(&mut self.open);
        open.clear();
        *self = Filter {
            kept: recycle(kept),
            open,
            ..Filter::new()
        };
    }

    /// Handle one event, passing what survives to `out`.
    #[inline]
    pub(crate) fn event<'t>(
        &mut self,
        policy: &'t PolicyInner,
        event: TreeEvent<'t>,
        report: &mut Report,
        out: &mut impl FnMut(Clean<'_>, &mut Report),
    ) {
        match event {
            TreeEvent::Open(element) => self.open(policy, element, report, out),
            TreeEvent::Close { name, explicit } => match self.open.pop() {
                Some(Decision::Dropped) => self.dropping = self.dropping.saturating_sub(1),
                Some(Decision::Kept(tag)) => out(Clean::Close(tag), report),
                Some(Decision::Removed { block, reported }) => {
                    if explicit && !reported {
                        report.end_tag(name);
                    }
                    if block {
                        self.owe(Break::Paragraph);
                    }
                }
                None => {}
            },
            _ if self.dropping > 0 => {}
            TreeEvent::Text(text) => self.text(text, report, out),
            TreeEvent::Comment(kind) => report.remove(match kind {
                CommentKind::Comment => Removed::Comment,
                CommentKind::ProcessingInstruction => Removed::ProcessingInstruction,
                CommentKind::CdataSection => Removed::CdataSection,
            }),
            TreeEvent::Doctype => report.remove(Removed::Doctype),
            TreeEvent::UnterminatedTag => report.remove(Removed::UnterminatedTag),
            TreeEvent::Overlong => report.remove(Removed::TooLongToEscape),
            TreeEvent::Ignored { name, end: true } => report.end_tag(name),
            TreeEvent::Ignored { name, end: false } => report.element(name, false),
            TreeEvent::Approximated(why) => report.remove(Removed::Departure(why)),
        }
    }

    /// An element starts.
    fn open<'t>(
        &mut self,
        policy: &'t PolicyInner,
        element: Element<'t>,
        report: &mut Report,
        out: &mut impl FnMut(Clean<'_>, &mut Report),
    ) {
        if self.dropping > 0 {
            self.dropping += 1;
            self.open.push(Decision::Dropped);
            return;
        }
        let facts = element.facts;
        let parsed = element.origin == Origin::Parsed;
        let kept = if element.ns == Ns::Html { facts.kept } else { None };
        match kept.map(|allowed| (allowed, policy.rule(allowed))) {
            // The common `<b>`: nothing to check, keep or add.
            Some((allowed, rule)) if element.attrs.len() == 0 && !rule.forces_attributes() => {
                self.flush_break(false, report, out);
                self.started = true;
                let open = Clean::Open {
                    tag: allowed,
                    attrs: &[],
                    link: false,
                };
                out(open, report);
                self.open.push(Decision::Kept(allowed));
            }
            Some((allowed, rule)) => {
                let mut kept = recycle(std::mem::take(&mut self.kept));
                let link = attributes(policy, rule, &element, report, &mut kept);
                self.flush_break(false, report, out);
                self.started = true;
                out(
                    Clean::Open {
                        tag: allowed,
                        attrs: &kept,
                        link,
                    },
                    report,
                );
                self.kept = recycle(kept);
                self.open.push(Decision::Kept(allowed));
            }
            None => {
                let info = facts.info;
                let drops = facts.drops.is_some() && !info.void();
                if parsed {
                    report.element(element.name, drops);
                }
                if drops {
                    self.dropping = 1;
                    self.open.push(Decision::Dropped);
                    return;
                }
                if element.name == "br" {
                    self.owe(Break::Line);
                } else if info.block() {
                    self.owe(Break::Paragraph);
                }
                self.open.push(Decision::Removed {
                    block: info.block(),
                    reported: parsed || element.origin == Origin::Copy,
                });
            }
        }
    }

    /// Text passes as it is; the serializer escapes it and writes a
    /// carriage return as a line feed.
    #[inline]
    fn text(&mut self, text: &str, report: &mut Report, out: &mut impl FnMut(Clean<'_>, &mut Report)) {
        let mut text = text;
        if !self.started {
            // A parser drops a byte-order mark at the start of its input, so
            // one written there would not survive a second cleaning.
            text = text.trim_start_matches('\u{FEFF}');
        }
        // HTML whitespace is ASCII: the first and last bytes tell.
        let (Some(&first), Some(&last)) = (text.as_bytes().first(), text.as_bytes().last()) else {
            return;
        };
        self.flush_break(is_html_ws(char::from(first)), report, out);
        self.started = true;
        self.last_ws = is_html_ws(char::from(last));
        out(Clean::Text(Cow::Borrowed(text)), report);
    }

    fn owe(&mut self, brk: Break) {
        self.pending = self.pending.max(brk);
    }

    /// Write the break owed, if it is still needed before content that
    /// starts with whitespace (`next_ws`) or not.
    fn flush_break(&mut self, next_ws: bool, report: &mut Report, out: &mut impl FnMut(Clean<'_>, &mut Report)) {
        let brk = std::mem::replace(&mut self.pending, Break::None);
        if !self.started || self.last_ws || next_ws {
            return;
        }
        let text = match brk {
            Break::None => return,
            Break::Line => "\n",
            Break::Paragraph => "\n\n",
        };
        self.last_ws = true;
        out(Clean::Text(Cow::Borrowed(text)), report);
    }
}

/// The attributes a kept element keeps, into `kept`; and whether it is
/// a link.
fn attributes<'t>(
    policy: &'t PolicyInner,
    rule: &'t ElementRule,
    tag: &Element<'t>,
    report: &mut Report,
    kept: &mut Vec<KeptAttr<'t>>,
) -> bool {
    // The copies the tree builder makes carry attributes already reported.
    let report_removals = tag.origin == Origin::Parsed;
    let mut scratch = Report::links_only();
    let report = if report_removals { report } else { &mut scratch };
    let element = rule.name();
    let is_anchor = element == "a";
    let mut link = false;
    let max = policy.limits().max_attributes_per_tag;
    if tag.attrs.len() > max {
        for attr in tag.attrs.iter().skip(max) {
            report.attribute(element, attr.name, Reason::TooMany);
        }
    }
    let mut link_url: Option<Cow<'t, str>> = None;
    for attr in tag.attrs.iter().take(max) {
        if attr.cut {
            // Past the tag's byte bound: never written cut short.
            report.attribute(element, attr.name, Reason::TooLong);
            continue;
        }
        // A forced attribute is the policy's, even where a prefix rule would
        // keep the input's.
        let forced = rule.forced().find(|&(a, _)| policy.attr_name(a) == attr.name);
        let Some(attr_rule) = rule.attribute(attr.name).filter(|_| forced.is_none()) else {
            let managed = match (forced, policy.link_rel(), policy.link_target()) {
                (Some((_, value)), _, _) => Some(value),
                (None, Some((_, rel)), _) if is_anchor && attr.name == "rel" => Some(rel),
                (None, _, Some((_, target))) if is_anchor && attr.name == "target" => Some(target),
                _ => None,
            };
            match managed {
                // The policy writes its own value; the same value in the
                // input is no loss worth reporting.
                Some(value) if value == attr.value => {}
                Some(_) => report.attribute(element, attr.name, Reason::Overridden),
                None => report.attribute(element, attr.name, Reason::NotAllowed),
            }
            continue;
        };
        let name = attr_rule.write_as(attr.name);
        if let AttrName::Prefixed(_, rest) = name {
            // The rest of the name comes from the input: plain characters
            // only (the serializer checks it again), and not a name a
            // framework reads as code.
            if !rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                report.attribute(element, attr.name, Reason::NotAllowed);
                continue;
            }
            if !policy.allows_framework_attributes() && policy.is_script_gadget(attr.name) {
                report.attribute(element, attr.name, Reason::ScriptGadget);
                continue;
            }
        }
        let checked = check_value(policy, attr_rule, normalize(attr.value)).and_then(|value| match policy.filter() {
            None => Ok(value),
            Some(filter) => match (filter.0)(element, attr.name, &value) {
                None => Err(Reason::Filtered),
                Some(Cow::Borrowed(same)) if same == &*value => Ok(value),
                // What the filter made goes through the checks again: it may
                // narrow the value, never widen it.
                Some(other) => {
                    let other = other.into_owned();
                    check_value(policy, attr_rule, Cow::Owned(other)).map_err(|_| Reason::Filtered)
                }
            },
        });
        let checked = checked.and_then(|value| match policy.id_prefix() {
            Some(prefix) if policy.needs_id_prefix(attr_rule.name()) => {
                if value.is_empty() {
                    Err(Reason::ValueNotAllowed)
                } else if value.starts_with(prefix) {
                    // Already prefixed (cleaned before): cleaning again
                    // changes nothing.
                    Ok(value)
                } else {
                    Ok(Cow::Owned(format!("{prefix}{value}")))
                }
            }
            _ => Ok(value),
        });
        match checked {
            Ok(value) => {
                if is_anchor && attr_rule.kind() == AttrKind::Url && link_url.is_none() {
                    link = true;
                    link_url = Some(value.clone());
                }
                kept.push((name, value));
            }
            Err(reason) => report.attribute(element, attr.name, reason),
        }
    }
    kept.extend(
        rule.forced()
            .map(|(attr, value)| (AttrName::Fixed(attr), Cow::Borrowed(value))),
    );
    let external = link_url.is_some_and(|url| !policy.is_internal(&url));
    if external {
        if let Some((target, value)) = policy.link_target() {
            kept.push((AttrName::Fixed(target), Cow::Borrowed(value)));
        }
        if let Some((rel, value)) = policy.link_rel() {
            kept.push((AttrName::Fixed(rel), Cow::Borrowed(value)));
        }
    }
    link
}

/// The value an attribute is kept with, by the checks of its rule (kind,
/// allowed values, tokens), or why it is not.
fn check_value<'t>(policy: &PolicyInner, attr_rule: &AttrRule, value: Cow<'t, str>) -> Result<Cow<'t, str>, Reason> {
    let schemes = attr_rule.schemes().unwrap_or(policy.schemes());
    let checked = match attr_rule.kind() {
        AttrKind::Url => match value {
            Cow::Borrowed(value) => url::check(value, policy, schemes),
            Cow::Owned(value) => url::check(&value, policy, schemes).map(|v| Cow::Owned(v.into_owned())),
        },
        AttrKind::Srcset => match value {
            Cow::Borrowed(value) => url::check_srcset(value, policy, schemes),
            Cow::Owned(value) => url::check_srcset(&value, policy, schemes).map(|v| Cow::Owned(v.into_owned())),
        },
        AttrKind::Integer if is_integer(&value) => Ok(value),
        AttrKind::Integer => Err(Reason::InvalidNumber),
        AttrKind::Text if too_long(&value, policy.limits().max_attr_value_len) => Err(Reason::TooLong),
        AttrKind::Text => Ok(value),
        AttrKind::Datetime if value.len() > policy.limits().max_attr_value_len => Err(Reason::TooLong),
        AttrKind::Datetime if datetime::is_valid(&value) => Ok(value),
        AttrKind::Datetime => Err(Reason::InvalidDatetime),
    };
    checked.and_then(|value| {
        if attr_rule.allows_value(&value) {
            attr_rule.filter_tokens(value).ok_or(Reason::ValueNotAllowed)
        } else {
            Err(Reason::ValueNotAllowed)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Attr, Attrs};
    use crate::policy::{Facts, Policy};

    /// Run hand-made events through the filter; its output as debug strings.
    fn run(events: Vec<TreeEvent<'_>>) -> (Vec<String>, Report) {
        let policy = Policy::wordpress_comments();
        let mut filter = Filter::new();
        let mut report = Report::default();
        let mut out = Vec::new();
        for event in events {
            filter.event(policy.compiled(), event, &mut report, &mut |ev, _| {
                out.push(format!("{ev:?}"))
            });
        }
        (out, report)
    }

    /// The facts the tokenizer gets for `name` under the policy of `run`.
    fn facts(name: &str) -> Facts {
        Policy::wordpress_comments().compiled().facts(name)
    }

    fn close(name: &str) -> TreeEvent<'_> {
        TreeEvent::Close { name, explicit: true }
    }

    fn open<'a>(name: &'a str, attrs: &[(&'a str, &'a str)]) -> TreeEvent<'a> {
        let attrs: Vec<Attr<'a>> = attrs
            .iter()
            .map(|&(name, value)| Attr {
                name,
                value,
                cut: false,
            })
            .collect();
        TreeEvent::Open(Element {
            name,
            facts: facts(name),
            attrs: Attrs::List(attrs.leak()),
            ns: Ns::Html,
            origin: Origin::Parsed,
        })
    }

    #[test]
    fn dropped_content_goes_to_the_close_of_its_element() {
        let (out, report) = run(vec![
            open("template", &[]),
            open("template", &[]),
            close("template"),
            TreeEvent::Text("inside"),
            open("b", &[]),
            close("b"),
            close("template"),
            TreeEvent::Text("outside"),
        ]);
        assert_eq!(out, [r#"Text("outside")"#]);
        assert_eq!(report.total_removals(), 1);
        assert_eq!(
            report.removals()[0].what,
            Removed::Element {
                name: "template".into(),
                content_dropped: true
            }
        );
    }

    #[test]
    fn removed_blocks_leave_a_blank_line() {
        let (out, _) = run(vec![
            open("p", &[]),
            TreeEvent::Text("one"),
            close("p"),
            open("p", &[]),
            TreeEvent::Text("two"),
        ]);
        assert_eq!(out, [r#"Text("one")"#, r#"Text("\n\n")"#, r#"Text("two")"#]);
    }

    #[test]
    fn no_break_where_whitespace_is() {
        let (out, _) = run(vec![
            TreeEvent::Text("one "),
            open("br", &[]),
            close("br"),
            TreeEvent::Text("two"),
        ]);
        assert_eq!(out, [r#"Text("one ")"#, r#"Text("two")"#]);
    }

    #[test]
    fn javascript_href_is_dropped_and_link_is_not_counted() {
        let (out, report) = run(vec![open("a", &[("href", " JAVA\tSCRIPT:x"), ("title", "t")])]);
        assert_eq!(out.len(), 1);
        assert!(out[0].contains("link: false"), "{out:?}");
        assert!(report.removals().iter().any(|r| matches!(
            &r.what,
            Removed::Attribute {
                reason: Reason::DisallowedScheme,
                ..
            }
        )));
    }

    #[test]
    fn copies_are_not_reported_again() {
        let copy = TreeEvent::Open(Element {
            name: "u",
            facts: facts("u"),
            attrs: Attrs::List(&[Attr {
                name: "onclick",
                value: "x",
                cut: false,
            }]),
            ns: Ns::Html,
            origin: Origin::Copy,
        });
        let (_, report) = run(vec![
            copy,
            TreeEvent::Close {
                name: "u",
                explicit: false,
            },
        ]);
        assert!(report.is_empty(), "{report:?}");
    }

    #[test]
    fn text_passes_unchanged_for_the_serializer_to_escape() {
        let (out, _) = run(vec![TreeEvent::Text("\u{FEFF}a\rb<")]);
        assert_eq!(out, [r#"Text("a\rb<")"#]);
    }
}
