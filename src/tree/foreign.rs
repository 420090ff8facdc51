//! Foreign content: SVG and MathML
//! (<https://html.spec.whatwg.org/multipage/parsing.html#parsing-main-inforeign>).
//!
//! Inside `<svg>` or `<math>`, tags make SVG or MathML elements, `/>`
//! closes an element and `<![CDATA[` opens a CDATA section, until a
//! *breakout* start tag (`<b>`, `<p>`, `<div>`, ...; `<font>` with `color`,
//! `face` or `size`) or a `</p>` or `</br>` pops back to HTML. At HTML
//! integration points (`foreignObject`, `desc` and `title` in SVG, an
//! `annotation-xml` whose `encoding` is HTML) and MathML text integration
//! points (`mi`, `mo`, `mn`, `ms`, `mtext`), the HTML rules apply again, so
//! a `<style>` there is a raw-text element. This decides where the SVG or
//! MathML element ends, and so where reader text starts again.

use super::stack::ForeignEnd;
use super::{attribute, NewElement, Step, Tok, TreeBuilder};
use crate::elements::{flag, Tag};
use crate::event::{Ns, Origin, StartTag, TreeSink};

impl TreeBuilder {
    /// Whether `tok` is processed by the rules for foreign content (the
    /// tree construction dispatcher).
    pub(super) fn is_foreign(&self, tok: &Tok<'_>) -> bool {
        let Some(current) = self.stack.current() else {
            return false;
        };
        if current.ns == Ns::Html || matches!(tok, Tok::Eof) {
            return false;
        }
        if current.mathml_text_point() {
            match tok {
                Tok::Text(_) => return false,
                Tok::Start(tag) if !matches!(tag.facts.info.tag, Tag::Mglyph | Tag::Malignmark) => return false,
                _ => {}
            }
        }
        if current.ns == Ns::Svg
            && matches!(current.tag(), Tag::ForeignObject | Tag::Desc | Tag::Title)
            && matches!(tok, Tok::Text(_) | Tok::Start(_))
        {
            return false;
        }
        if current.ns == Ns::MathMl && current.tag() == Tag::AnnotationXml {
            match tok {
                Tok::Start(tag) if tag.facts.info.tag == Tag::Svg => return false,
                Tok::Text(_) | Tok::Start(_) => return !current.html_annotation,
                _ => {}
            }
        }
        true
    }

    //§ parsing-main-inforeign
    pub(super) fn foreign(&mut self, tok: Tok<'_>, out: &mut impl TreeSink) -> Step {
        match tok {
            Tok::Text(text) => {
                self.insert_text(text, out);
                Step::Done
            }
            Tok::Start(tag) => {
                let info = tag.facts.info;
                let breakout = info.is(flag::BREAKOUT)
                    || (info.tag == Tag::Font
                        && ["color", "face", "size"]
                            .iter()
                            .any(|a| attribute(tag.attrs, a).is_some()));
                if breakout {
                    self.pop_while(
                        |e| {
                            !(e.ns == Ns::Html
                                || e.mathml_text_point()
                                || (e.ns == Ns::Svg && matches!(e.tag(), Tag::ForeignObject | Tag::Desc | Tag::Title)))
                        },
                        out,
                    );
                    // "Reprocess the token" with the current mode's rules,
                    // not the dispatcher's.
                    let mode = self.mode;
                    return match self.step(mode, tok, out) {
                        Step::Done => Step::Done,
                        again => again,
                    };
                }
                self.foreign_start(&tag, out);
                Step::Done
            }
            Tok::End { name, facts } => {
                if matches!(facts.info.tag, Tag::P | Tag::Br) {
                    // `</p>` and `</br>` end foreign content like a breakout
                    // start tag.
                    self.pop_while(
                        |e| {
                            !(e.ns == Ns::Html
                                || e.mathml_text_point()
                                || (e.ns == Ns::Svg && matches!(e.tag(), Tag::ForeignObject | Tag::Desc | Tag::Title)))
                        },
                        out,
                    );
                    let mode = self.mode;
                    return self.step(mode, tok, out);
                }
                // Up the stack: the element of that name (any case) ends,
                // with all inside it; reaching an HTML element hands the
                // token to the HTML rules.
                let end = self.stack.foreign_end(name);
                match end {
                    ForeignEnd::Found(i) => {
                        let id = self.stack.entries()[i].id;
                        self.pop_until(|e| e.id == id, true, out);
                    }
                    ForeignEnd::Html => {
                        let mode = self.mode;
                        return self.step(mode, tok, out);
                    }
                    ForeignEnd::Ignore => self.ignored(name, true, out),
                    ForeignEnd::Nothing => {}
                }
                Step::Done
            }
            Tok::Eof => Step::Done,
        }
    }

    /// A start tag in foreign content: an element of the adjusted current
    /// node's namespace, closed at once if self-closing.
    fn foreign_start(&mut self, tag: &StartTag<'_>, out: &mut impl TreeSink) {
        let ns = self.stack.current().map_or(Ns::Html, |e| e.ns);
        let pushed = self.insert(
            NewElement {
                name: tag.name,
                facts: tag.facts,
                attrs: tag.attrs,
                ns,
                origin: Origin::Parsed,
            },
            !tag.self_closing,
            None,
            out,
        );
        if let (Some(i), Ns::MathMl, Tag::AnnotationXml) = (pushed, ns, tag.facts.info.tag) {
            let html = attribute(tag.attrs, "encoding").is_some_and(|e| {
                e.eq_ignore_ascii_case("text/html") || e.eq_ignore_ascii_case("application/xhtml+xml")
            });
            if let Some(entry) = self.stack.entries_mut().get_mut(i) {
                entry.html_annotation = html;
            }
        }
    }
}
