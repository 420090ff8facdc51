//! The filter stage: apply the policy to each token.
//!
//! Input: [`Token`]s from the tokenizer. Output: [`Clean`] events holding
//! only what the policy admits. The filter decides, per token:
//!
//! * a start tag of a kept element passes with its kept attributes, each
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
//! * a start tag of any other element is removed, with its attributes
//!   unread. If the element drops its content (and is not void), the filter
//!   enters a dropping state until the element's end: for raw-text elements
//!   (`script`, `style`, `textarea`, ...) that is the end tag the tokenizer
//!   will report; for elements with markup content (`template`, `select`,
//!   `svg`, `math`, `object`, ...) the filter counts nested elements of the
//!   same name (`<svg/>` and `<math/>` are empty);
//! * an end tag of a kept element passes (the balancer decides what it
//!   closes); any other end tag is removed. `</br>` is read as `<br>`, as a
//!   parser reads it;
//! * text passes as it is: the serializer escapes it, and writes a carriage
//!   return as a line feed. Only byte-order marks before anything was
//!   written go, since a parser drops one at the start of its input;
//! * comments, doctypes, processing instructions, CDATA sections and a tag
//!   left unterminated at the end of the input that was too long to write
//!   back as text go.
//!
//! Words must not run together where a block was removed: a removed block
//! start or end tag leaves a pending paragraph break, a removed `<br>` a line
//! break (an element removed with its content leaves none). Several pending
//! breaks make one, the larger. It is passed on as the text `\n\n` or `\n`
//! before the next text or kept start tag, unless nothing was written yet,
//! the last text written ended with whitespace, or the next text starts with
//! it; a break not needed there is forgotten.
//!
//! Every removal is recorded in the [`Report`]: a removed element once, by
//! name (when its content went, nothing inside it, not even its end tag, is
//! listed); each removed end tag, attribute (with the reason), comment,
//! doctype and the like. The balancer records what it removes itself.

use std::borrow::Cow;

use crate::datetime;
use crate::elements::ContentModel;
use crate::event::{Attrs, Clean, CommentKind, StartTag, Token};
use crate::policy::{too_long, AllowedAttr, AttrKind, ElementRule, Facts, PolicyInner};
use crate::report::{Reason, Removed, Report};
use crate::url;

/// What the filter is doing with the tokens it receives.
#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    /// Deciding token by token.
    Normal,
    /// Inside a removed raw-text element: everything until its end tag goes.
    /// (`name` is the element's [`Facts::drops`], an index in the policy's
    /// drop-content list: a tag has the same name exactly when its facts
    /// have the same index.)
    DropRaw { name: u32 },
    /// Inside a removed element with markup content: everything goes until
    /// the end tag that balances its start tag.
    DropNested { name: u32, depth: u32 },
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
    state: State,
    pending: Break,
    /// Something was written already.
    started: bool,
    /// The last character written was whitespace.
    last_ws: bool,
    /// The kept attributes' buffer, empty between tags: kept for its
    /// allocation (see [`recycle`]).
    kept: Vec<KeptAttr<'static>>,
}

type KeptAttr<'a> = (AllowedAttr, Cow<'a, str>);

/// `v`, emptied, as a vector of another lifetime with the same allocation:
/// the standard library collects in place when the element layouts match,
/// so a tag's kept attributes cost no allocation once the buffer has grown.
// `filter` cannot change the lifetime; `filter_map` can.
#[allow(clippy::unnecessary_filter_map)]
fn recycle<'b>(v: Vec<KeptAttr<'_>>) -> Vec<KeptAttr<'b>> {
    v.into_iter().filter_map(|_| None).collect()
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
            state: State::Normal,
            pending: Break::None,
            started: false,
            last_ws: false,
            kept: Vec::new(),
        }
    }

    /// Bytes held in buffers.
    pub(crate) fn capacity(&self) -> usize {
        self.kept.capacity() * std::mem::size_of::<KeptAttr<'_>>()
    }

    /// Back to the state of [`Filter::new`], keeping the buffer.
    pub(crate) fn reset(&mut self) {
        let kept = std::mem::take(&mut self.kept);
        *self = Filter {
            kept: recycle(kept),
            ..Filter::new()
        };
    }

    /// Whether the attributes of a start tag with these `facts`, arriving
    /// now, will be looked at: only a kept element's are. (A removed
    /// element's start tag is reported by name alone.)
    pub(crate) fn wants_attributes(&self, facts: &Facts) -> bool {
        self.state == State::Normal && facts.kept.is_some()
    }

    /// Handle one token, passing what survives to `out`.
    pub(crate) fn token<'t>(
        &mut self,
        policy: &'t PolicyInner,
        token: Token<'t>,
        report: &mut Report,
        out: &mut impl FnMut(Clean<'_>, &mut Report),
    ) {
        match &mut self.state {
            State::Normal => {}
            State::DropRaw { name } => {
                if matches!(token, Token::EndTag { facts, .. } if facts.drops == Some(*name)) {
                    self.state = State::Normal;
                }
                return;
            }
            State::DropNested { name, depth } => {
                match token {
                    // Foreign content honours `/>`; HTML ignores it.
                    Token::StartTag(tag)
                        if tag.facts.drops == Some(*name) && !(tag.self_closing && tag.facts.info.foreign_root) =>
                    {
                        *depth += 1;
                    }
                    Token::EndTag { facts, .. } if facts.drops == Some(*name) => {
                        *depth -= 1;
                        if *depth == 0 {
                            self.state = State::Normal;
                        }
                    }
                    _ => {}
                }
                return;
            }
        }
        match token {
            Token::StartTag(tag) => match tag.facts.kept.map(|allowed| (allowed, policy.rule(allowed))) {
                // The common `<b>`: nothing to check, keep or add.
                Some((allowed, rule)) if tag.attrs.len() == 0 && !rule.forces_attributes() => {
                    self.flush_break(false, report, out);
                    self.started = true;
                    let open = Clean::Open {
                        tag: allowed,
                        attrs: &[],
                        link: false,
                    };
                    out(open, report);
                }
                Some((allowed, rule)) => {
                    let mut kept = recycle(std::mem::take(&mut self.kept));
                    let link = attributes(policy, rule, &tag, report, &mut kept);
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
                }
                None => self.remove_start(&tag, report),
            },
            Token::EndTag { name: "br", facts } => {
                // "An end tag whose tag name is "br"": a parser reads <br>.
                let br = StartTag {
                    name: "br",
                    facts,
                    attrs: Attrs::NONE,
                    self_closing: false,
                };
                self.token(policy, Token::StartTag(br), report, out);
            }
            Token::EndTag { name, facts } => match facts.kept {
                Some(allowed) => out(Clean::Close(allowed), report),
                None => {
                    report.end_tag(name);
                    if facts.info.block {
                        self.owe(Break::Paragraph);
                    }
                }
            },
            Token::Text(text) => self.text(text, report, out),
            Token::Comment(kind) => report.remove(match kind {
                CommentKind::Comment => Removed::Comment,
                CommentKind::ProcessingInstruction => Removed::ProcessingInstruction,
                CommentKind::CdataSection => Removed::CdataSection,
            }),
            Token::Doctype => report.remove(Removed::Doctype),
            Token::UnterminatedTag => report.remove(Removed::UnterminatedTag),
        }
    }

    /// A start tag of an element the policy does not keep.
    fn remove_start(&mut self, tag: &StartTag<'_>, report: &mut Report) {
        let name = tag.name;
        let info = tag.facts.info;
        let drops = if info.void { None } else { tag.facts.drops };
        report.element(name, drops.is_some());
        if let Some(index) = drops {
            self.state = if info.content != ContentModel::Markup {
                // The tokenizer is now in a raw-text state for this element
                // and reports only text until its end tag.
                State::DropRaw { name: index }
            } else if tag.self_closing && info.foreign_root {
                // `<svg/>` is an empty SVG element.
                State::Normal
            } else {
                State::DropNested { name: index, depth: 1 }
            };
        } else if name == "br" {
            self.owe(Break::Line);
        } else if info.block {
            self.owe(Break::Paragraph);
        }
    }

    /// Text passes as it is; the serializer escapes it and writes a
    /// carriage return as a line feed.
    fn text(&mut self, text: &str, report: &mut Report, out: &mut impl FnMut(Clean<'_>, &mut Report)) {
        let mut text = text;
        if !self.started {
            // A parser drops a byte-order mark at the start of its input, so
            // one written there would not survive a second cleaning.
            text = text.trim_start_matches('\u{FEFF}');
        }
        let Some(first) = text.chars().next() else { return };
        self.flush_break(is_html_ws(first), report, out);
        self.started = true;
        self.last_ws = text.chars().next_back().is_some_and(is_html_ws);
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
    tag: &StartTag<'t>,
    report: &mut Report,
    kept: &mut Vec<KeptAttr<'t>>,
) -> bool {
    let element = rule.name();
    let is_anchor = element == "a";
    let mut link = false;
    let max = policy.limits().max_attributes_per_tag;
    if tag.attrs.len() > max {
        for attr in tag.attrs.iter().skip(max) {
            report.attribute(element, attr.name, Reason::TooMany);
        }
    }
    for attr in tag.attrs.iter().take(max) {
        let Some(attr_rule) = rule.attribute(attr.name) else {
            let forced = rule.forced().find(|&(a, _)| policy.attr_name(a) == attr.name);
            let managed = match (forced, policy.link_rel()) {
                (Some((_, value)), _) => Some(value),
                (None, Some((_, rel))) if is_anchor && attr.name == "rel" => Some(rel),
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
        let value = normalize(attr.value);
        let checked = match attr_rule.kind() {
            AttrKind::Url => match value {
                Cow::Borrowed(value) => url::check(value, policy),
                Cow::Owned(value) => url::check(&value, policy).map(|v| Cow::Owned(v.into_owned())),
            },
            AttrKind::Text if too_long(&value, policy.limits().max_attr_value_len) => Err(Reason::TooLong),
            AttrKind::Text => Ok(value),
            AttrKind::Datetime if value.len() > policy.limits().max_attr_value_len => Err(Reason::TooLong),
            AttrKind::Datetime if datetime::is_valid(&value) => Ok(value),
            AttrKind::Datetime => Err(Reason::InvalidDatetime),
        };
        let checked = checked.and_then(|value| {
            if attr_rule.allows_value(&value) {
                Ok(value)
            } else {
                Err(Reason::ValueNotAllowed)
            }
        });
        match checked {
            Ok(value) => {
                link |= is_anchor && attr_rule.kind() == AttrKind::Url;
                kept.push((attr_rule.attr(), value));
            }
            Err(reason) => report.attribute(element, attr.name, reason),
        }
    }
    kept.extend(rule.forced().map(|(attr, value)| (attr, Cow::Borrowed(value))));
    if let (true, Some((rel, value))) = (link, policy.link_rel()) {
        kept.push((rel, Cow::Borrowed(value)));
    }
    link
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Attr;
    use crate::policy::Policy;

    /// Run hand-made tokens through the filter; events as debug strings.
    fn run(tokens: Vec<Token<'_>>) -> (Vec<String>, Report) {
        let policy = Policy::wordpress_comments();
        let mut filter = Filter::new();
        let mut report = Report::default();
        let mut events = Vec::new();
        for token in tokens {
            filter.token(policy.compiled(), token, &mut report, &mut |ev, _| {
                events.push(format!("{ev:?}"))
            });
        }
        (events, report)
    }

    /// The facts the tokenizer gets for `name` under the policy of `run`.
    fn facts(name: &str) -> Facts {
        Policy::wordpress_comments().compiled().facts(name)
    }

    fn end(name: &str) -> Token<'_> {
        Token::EndTag {
            name,
            facts: facts(name),
        }
    }

    fn start<'a>(name: &'a str, attrs: &[(&'a str, &'a str)]) -> Token<'a> {
        let attrs: Vec<Attr<'a>> = attrs.iter().map(|&(name, value)| Attr { name, value }).collect();
        Token::StartTag(StartTag {
            name,
            facts: facts(name),
            attrs: Attrs::List(attrs.leak()),
            self_closing: false,
        })
    }

    #[test]
    fn script_content_is_dropped_until_its_end_tag() {
        let (events, report) = run(vec![
            start("script", &[]),
            Token::Text("alert(1)"),
            end("script"),
            Token::Text("after"),
        ]);
        assert_eq!(events, [r#"Text("after")"#]);
        assert_eq!(
            report.removals()[0].what,
            Removed::Element {
                name: "script".into(),
                content_dropped: true
            }
        );
    }

    #[test]
    fn nested_template_is_counted() {
        let (events, _) = run(vec![
            start("template", &[]),
            start("template", &[]),
            end("template"),
            Token::Text("inside"),
            end("template"),
            Token::Text("outside"),
        ]);
        assert_eq!(events, [r#"Text("outside")"#]);
    }

    #[test]
    fn removed_blocks_leave_a_blank_line() {
        let (events, _) = run(vec![
            start("p", &[]),
            Token::Text("one"),
            end("p"),
            start("p", &[]),
            Token::Text("two"),
        ]);
        assert_eq!(events, [r#"Text("one")"#, r#"Text("\n\n")"#, r#"Text("two")"#]);
    }

    #[test]
    fn no_break_where_whitespace_is() {
        let (events, _) = run(vec![Token::Text("one "), start("br", &[]), Token::Text("two")]);
        assert_eq!(events, [r#"Text("one ")"#, r#"Text("two")"#]);
    }

    #[test]
    fn javascript_href_is_dropped_and_link_is_not_counted() {
        let (events, report) = run(vec![start("a", &[("href", " JAVA\tSCRIPT:x"), ("title", "t")])]);
        assert_eq!(events.len(), 1);
        assert!(events[0].contains("link: false"), "{events:?}");
        assert!(report.removals().iter().any(|r| matches!(
            &r.what,
            Removed::Attribute {
                reason: Reason::DisallowedScheme,
                ..
            }
        )));
    }

    #[test]
    fn text_passes_unchanged_for_the_serializer_to_escape() {
        let (events, _) = run(vec![Token::Text("\u{FEFF}a\rb<")]);
        assert_eq!(events, [r#"Text("a\rb<")"#]);
    }
}
