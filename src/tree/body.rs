//! The "in body" insertion mode
//! (<https://html.spec.whatwg.org/multipage/parsing.html#parsing-main-inbody>),
//! the "text" mode raw-text elements use, and the "in head" rules that
//! body content reaches (`<script>`, `<style>`, `<template>`, ...).

use super::stack::Scope;
use super::{Mode, Step, Tok, TreeBuilder};
use crate::elements::{flag, ContentModel, Tag};
use crate::event::{Attrs, Ns, Origin, StartTag, TreeSink};

/// The heading elements.
const HEADINGS: [Tag; 6] = [Tag::H1, Tag::H2, Tag::H3, Tag::H4, Tag::H5, Tag::H6];

impl TreeBuilder {
    //§ parsing-main-inbody
    pub(super) fn in_body(&mut self, tok: Tok<'_>, out: &mut impl TreeSink) -> Step {
        match tok {
            Tok::Text(text) => {
                self.reconstruct(out);
                self.insert_text(text, out);
                Step::Done
            }
            Tok::Start(tag) => self.start_in_body(tag, out),
            Tok::End { name, facts } => {
                self.end_in_body(name, facts.info.tag, out);
                Step::Done
            }
            Tok::Eof => {
                if !self.templates.is_empty() {
                    return self.in_template(tok, out);
                }
                Step::Done
            }
        }
    }

    fn start_in_body(&mut self, tag: StartTag<'_>, out: &mut impl TreeSink) -> Step {
        let info = tag.facts.info;
        match info.tag {
            // A fragment's `<html>`, `<body>` and `<frameset>` change nothing.
            Tag::Html | Tag::Body | Tag::Frameset | Tag::Head => self.ignored(tag.name, false, out),
            Tag::Base
            | Tag::Basefont
            | Tag::Bgsound
            | Tag::Link
            | Tag::Meta
            | Tag::Noframes
            | Tag::Script
            | Tag::Style
            | Tag::Template
            | Tag::Title => return self.start_in_head(tag, out),
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
            | Tag::Ul => {
                self.close_p_in_button_scope(out);
                self.insert_tag(&tag, true, out);
            }
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6 => {
                self.close_p_in_button_scope(out);
                if self.stack.current().is_some_and(|e| e.html_with(flag::HEADING)) {
                    self.pop(false, out);
                }
                self.insert_tag(&tag, true, out);
            }
            Tag::Pre | Tag::Listing => {
                self.close_p_in_button_scope(out);
                self.insert_tag(&tag, true, out);
                self.ignore_lf = true;
            }
            Tag::Form => {
                if self.form.is_some() && !self.stack.contains(Tag::Template) {
                    self.ignored(tag.name, false, out);
                } else {
                    self.close_p_in_button_scope(out);
                    let at = self.insert_tag(&tag, true, out);
                    if !self.stack.contains(Tag::Template) {
                        self.form = at.and_then(|i| self.stack.entries().get(i)).map(|e| e.id);
                    }
                }
            }
            Tag::Li | Tag::Dd | Tag::Dt => {
                let tags: &[Tag] = match info.tag {
                    Tag::Li => &[Tag::Li],
                    _ => &[Tag::Dd, Tag::Dt],
                };
                let to_close = if self.stack.may_hold_any(tags) {
                    self.stack.item_to_close(tags)
                } else {
                    None
                };
                if let Some(t) = to_close {
                    self.implied_end_tags(Some(t), out);
                    self.pop_until_tag(t, false, out);
                }
                self.close_p_in_button_scope(out);
                self.insert_tag(&tag, true, out);
            }
            Tag::Plaintext => {
                self.close_p_in_button_scope(out);
                self.insert_tag(&tag, true, out);
                self.next_content = ContentModel::Plaintext;
            }
            Tag::Button => {
                if self.stack.has_in_scope(Scope::Default, Tag::Button) {
                    self.implied_end_tags(None, out);
                    self.pop_until_tag(Tag::Button, false, out);
                }
                self.reconstruct(out);
                self.insert_tag(&tag, true, out);
            }
            Tag::A => {
                let open_a = self
                    .formatting
                    .after_marker_rev()
                    .find(|(_, l)| l.tag() == Tag::A)
                    .map(|(_, l)| l.id);
                if let Some(id) = open_a {
                    self.adoption(Tag::A, "a", out);
                    // Where the adoption agency dropped the element from the
                    // list, it also took it off the stack (or found it off).
                    if let Some(i) = self.formatting.position_of(id) {
                        let at = self.listed_open(i);
                        self.formatting.remove(i);
                        if let Some(at) = at {
                            self.remove_from_stack(at, out);
                        }
                    }
                }
                self.reconstruct(out);
                self.insert_formatting(&tag, out);
            }
            Tag::B
            | Tag::Big
            | Tag::Code
            | Tag::Em
            | Tag::Font
            | Tag::I
            | Tag::S
            | Tag::Small
            | Tag::Strike
            | Tag::Strong
            | Tag::Tt
            | Tag::U => {
                self.reconstruct(out);
                self.insert_formatting(&tag, out);
            }
            Tag::Nobr => {
                self.reconstruct(out);
                if self.stack.has_in_scope(Scope::Default, Tag::Nobr) {
                    self.adoption(Tag::Nobr, "nobr", out);
                    self.reconstruct(out);
                }
                self.insert_formatting(&tag, out);
            }
            Tag::Applet | Tag::Marquee | Tag::Object => {
                self.reconstruct(out);
                // An element too deep to open was closed at once: nothing
                // of what it starts applies (here and below).
                if self.insert_tag(&tag, true, out).is_some() {
                    self.formatting.push_marker();
                }
            }
            Tag::Table => {
                self.close_p_in_button_scope(out);
                if self.insert_tag(&tag, true, out).is_some() {
                    self.mode = Mode::InTable;
                }
            }
            Tag::Area | Tag::Br | Tag::Embed | Tag::Img | Tag::Keygen | Tag::Wbr => {
                self.reconstruct(out);
                self.insert_tag(&tag, false, out);
            }
            Tag::Input => {
                if self.stack.has_in_scope(Scope::Default, Tag::Select) {
                    self.pop_until_tag(Tag::Select, false, out);
                }
                self.reconstruct(out);
                self.insert_tag(&tag, false, out);
            }
            Tag::Param | Tag::Source | Tag::Track => {
                self.insert_tag(&tag, false, out);
            }
            Tag::Hr => {
                self.close_p_in_button_scope(out);
                if self.stack.has_in_scope(Scope::Default, Tag::Select) {
                    self.implied_end_tags(None, out);
                }
                self.insert_tag(&tag, false, out);
            }
            Tag::Image => {
                // "Change the token's tag name to "img" and reprocess it."
                let facts = out.facts("img");
                let img = StartTag {
                    name: "img",
                    facts,
                    ..tag
                };
                return self.start_in_body(img, out);
            }
            Tag::Textarea => {
                self.raw(&tag, ContentModel::Rcdata, out);
                self.ignore_lf = true;
            }
            Tag::Xmp => {
                self.close_p_in_button_scope(out);
                self.reconstruct(out);
                self.raw(&tag, ContentModel::Rawtext, out);
            }
            Tag::Iframe | Tag::Noembed | Tag::Noscript => self.raw(&tag, ContentModel::Rawtext, out),
            Tag::Select if self.stack.has_in_scope(Scope::Default, Tag::Select) => {
                self.ignored(tag.name, false, out);
                self.pop_until_tag(Tag::Select, false, out);
            }
            Tag::Select => {
                self.reconstruct(out);
                self.insert_tag(&tag, true, out);
            }
            Tag::Option => {
                if self.stack.has_in_scope(Scope::Default, Tag::Select) {
                    self.implied_end_tags(Some(Tag::Optgroup), out);
                } else if self.stack.current_is(Tag::Option) {
                    self.pop(false, out);
                }
                self.reconstruct(out);
                self.insert_tag(&tag, true, out);
            }
            Tag::Optgroup => {
                if self.stack.has_in_scope(Scope::Default, Tag::Select) {
                    self.implied_end_tags(None, out);
                } else if self.stack.current_is(Tag::Option) {
                    self.pop(false, out);
                }
                self.reconstruct(out);
                self.insert_tag(&tag, true, out);
            }
            Tag::Rb | Tag::Rtc => {
                if self.stack.has_in_scope(Scope::Default, Tag::Ruby) {
                    self.implied_end_tags(None, out);
                }
                self.insert_tag(&tag, true, out);
            }
            Tag::Rp | Tag::Rt => {
                if self.stack.has_in_scope(Scope::Default, Tag::Ruby) {
                    self.implied_end_tags(Some(Tag::Rtc), out);
                }
                self.insert_tag(&tag, true, out);
            }
            Tag::Math | Tag::Svg => {
                self.reconstruct(out);
                let ns = if info.tag == Tag::Svg { Ns::Svg } else { Ns::MathMl };
                self.insert_foreign(&tag, ns, out);
            }
            Tag::Caption
            | Tag::Col
            | Tag::Colgroup
            | Tag::Frame
            | Tag::Tbody
            | Tag::Td
            | Tag::Tfoot
            | Tag::Th
            | Tag::Thead
            | Tag::Tr => self.ignored(tag.name, false, out),
            _ => {
                self.reconstruct(out);
                self.insert_tag(&tag, true, out);
            }
        }
        Step::Done
    }

    /// The in-body rules for an end tag (`tag` is its name's [`Tag`]).
    pub(super) fn end_in_body(&mut self, name: &str, tag: Tag, out: &mut impl TreeSink) {
        match tag {
            Tag::Template => self.end_template(name, out),
            Tag::Body | Tag::Html => self.ignored(name, true, out),
            Tag::Address
            | Tag::Article
            | Tag::Aside
            | Tag::Blockquote
            | Tag::Button
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
            | Tag::Listing
            | Tag::Main
            | Tag::Menu
            | Tag::Nav
            | Tag::Ol
            | Tag::Pre
            | Tag::Search
            | Tag::Section
            | Tag::Select
            | Tag::Summary
            | Tag::Ul => {
                if self.stack.has_in_scope(Scope::Default, tag) {
                    self.implied_end_tags(None, out);
                    self.pop_until_tag(tag, true, out);
                } else {
                    self.ignored(name, true, out);
                }
            }
            Tag::Form => {
                if self.stack.contains(Tag::Template) {
                    if self.stack.has_in_scope(Scope::Default, Tag::Form) {
                        self.implied_end_tags(None, out);
                        self.pop_until_tag(Tag::Form, true, out);
                    } else {
                        self.ignored(name, true, out);
                    }
                    return;
                }
                let form = self.form.take();
                let at = form.and_then(|id| self.stack.in_scope(Scope::Default, |e| e.id == id));
                match at {
                    Some(_) => {
                        self.implied_end_tags(None, out);
                        if let Some(i) = form.and_then(|id| self.stack.position_of(id)) {
                            if i + 1 == self.stack.len() {
                                self.pop(true, out);
                            } else {
                                self.remove_from_stack(i, out);
                            }
                        }
                    }
                    None => self.ignored(name, true, out),
                }
            }
            Tag::P => {
                if !self.stack.has_in_scope(Scope::Button, Tag::P) {
                    // "Insert an HTML element for a "p" start tag token
                    // with no attributes" and close it.
                    self.insert_implied("p", out);
                }
                self.close_p(true, out);
            }
            Tag::Li => {
                if self.stack.has_in_scope(Scope::ListItem, Tag::Li) {
                    self.implied_end_tags(Some(Tag::Li), out);
                    self.pop_until_tag(Tag::Li, true, out);
                } else {
                    self.ignored(name, true, out);
                }
            }
            Tag::Dd | Tag::Dt => {
                if self.stack.has_in_scope(Scope::Default, tag) {
                    self.implied_end_tags(Some(tag), out);
                    self.pop_until_tag(tag, true, out);
                } else {
                    self.ignored(name, true, out);
                }
            }
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6 => {
                if self.stack.may_hold_any(&HEADINGS) && self.stack.any_in_scope(Scope::Default, &HEADINGS).is_some() {
                    self.implied_end_tags(None, out);
                    let explicit = self.stack.current_is(tag);
                    self.pop_until(|e| e.html_with(flag::HEADING), explicit, out);
                } else {
                    self.ignored(name, true, out);
                }
            }
            Tag::A
            | Tag::B
            | Tag::Big
            | Tag::Code
            | Tag::Em
            | Tag::Font
            | Tag::I
            | Tag::Nobr
            | Tag::S
            | Tag::Small
            | Tag::Strike
            | Tag::Strong
            | Tag::Tt
            | Tag::U => self.adoption(tag, name, out),
            Tag::Applet | Tag::Marquee | Tag::Object => {
                if self.stack.has_in_scope(Scope::Default, tag) {
                    self.implied_end_tags(None, out);
                    self.pop_until_tag(tag, true, out);
                    self.formatting.clear_to_marker();
                } else {
                    self.ignored(name, true, out);
                }
            }
            Tag::Br => {
                // "Parse error. Drop the attributes from the token, and act
                // as described in the next entry", a `<br>` start tag.
                let facts = out.facts("br");
                self.reconstruct(out);
                self.insert(
                    super::NewElement {
                        name: "br",
                        facts,
                        attrs: Attrs::NONE,
                        ns: Ns::Html,
                        origin: Origin::Parsed,
                    },
                    false,
                    None,
                    out,
                );
            }
            _ => self.any_other_end_tag(name, tag, out),
        }
    }

    /// "Any other end tag" in body: from the current node down, the first
    /// HTML element of that name ends, unless a special element comes
    /// first. The stack finds it among the elements of that name.
    pub(super) fn any_other_end_tag(&mut self, name: &str, tag: Tag, out: &mut impl TreeSink) {
        // An element with no tag of its own that the policy keeps is
        // looked up by the policy's index of its name.
        let kept = if tag == Tag::Other { out.facts(name).kept } else { None };
        let target = self.stack.named_above_special(tag, kept, name);
        let Some(i) = target else {
            self.ignored(name, true, out);
            return;
        };
        let id = self.stack.entries()[i].id;
        self.pop_while(
            |e| {
                e.id != id
                    && e.html_with(flag::IMPLIED_END)
                    && !(e.ns == Ns::Html && e.tag() == tag && tag != Tag::Other)
            },
            out,
        );
        self.pop_until(|e| e.id == id, true, out);
    }

    /// "Close a p element", if one is in button scope.
    fn close_p_in_button_scope(&mut self, out: &mut impl TreeSink) {
        if self.stack.has_in_scope(Scope::Button, Tag::P) {
            self.close_p(false, out);
        }
    }

    /// "Close a p element".
    fn close_p(&mut self, explicit: bool, out: &mut impl TreeSink) {
        self.implied_end_tags(Some(Tag::P), out);
        self.pop_until_tag(Tag::P, explicit, out);
    }

    /// "Insert an HTML element" for a formatting element and list it.
    fn insert_formatting(&mut self, tag: &StartTag<'_>, out: &mut impl TreeSink) {
        if let Some(i) = self.insert_tag(tag, true, out) {
            let id = self.stack.entries()[i].id;
            self.formatting.push_element(id, tag.facts, tag.attrs);
        }
    }

    /// "Insert a foreign element" for `<svg>` or `<math>` from HTML.
    fn insert_foreign(&mut self, tag: &StartTag<'_>, ns: Ns, out: &mut impl TreeSink) {
        self.insert(
            super::NewElement {
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
    }

    /// The generic raw text and RCDATA element parsing algorithms: insert
    /// the element, switch the tokenizer, and read its text in "text" mode.
    fn raw(&mut self, tag: &StartTag<'_>, content: ContentModel, out: &mut impl TreeSink) {
        self.insert_tag(tag, true, out);
        self.next_content = content;
        self.original = self.mode;
        self.mode = Mode::Text;
    }

    //§ parsing-main-incdata
    pub(super) fn text_mode(&mut self, tok: Tok<'_>, out: &mut impl TreeSink) -> Step {
        match tok {
            Tok::Text(text) => {
                self.insert_text(text, out);
                Step::Done
            }
            Tok::End { .. } => {
                self.pop(true, out);
                self.mode = self.original;
                Step::Done
            }
            Tok::Eof => {
                self.pop(false, out);
                Step::Again(self.original)
            }
            // The tokenizer reports no tags in a raw-text state.
            Tok::Start(_) => Step::Done,
        }
    }

    //§ parsing-main-inhead
    /// The "in head" rules for the start tags body content reaches.
    pub(super) fn start_in_head(&mut self, tag: StartTag<'_>, out: &mut impl TreeSink) -> Step {
        match tag.facts.info.tag {
            Tag::Base | Tag::Basefont | Tag::Bgsound | Tag::Link | Tag::Meta => {
                self.insert_tag(&tag, false, out);
            }
            Tag::Title => self.raw(&tag, ContentModel::Rcdata, out),
            Tag::Noframes | Tag::Style => self.raw(&tag, ContentModel::Rawtext, out),
            Tag::Script => self.raw(&tag, ContentModel::ScriptData, out),
            Tag::Template => {
                if self.insert_tag(&tag, true, out).is_some() {
                    self.formatting.push_marker();
                    self.templates.push(Mode::InTemplate);
                    self.mode = Mode::InTemplate;
                }
            }
            _ => {
                self.reconstruct(out);
                self.insert_tag(&tag, true, out);
            }
        }
        Step::Done
    }

    /// A `</template>` end tag ("in head").
    pub(super) fn end_template(&mut self, name: &str, out: &mut impl TreeSink) {
        if !self.stack.contains(Tag::Template) {
            self.ignored(name, true, out);
            return;
        }
        self.implied_end_tags_thoroughly(out);
        self.pop_until_tag(Tag::Template, true, out);
        self.formatting.clear_to_marker();
        self.templates.pop();
        self.mode = self.reset_mode();
    }

    /// "Reset the insertion mode appropriately", for a fragment in `<body>`.
    ///
    /// From the current node down, the first HTML element that sets a mode
    /// decides (the fragment's root, `<body>`, never does); found among the
    /// elements of those tags rather than by a walk.
    pub(super) fn reset_mode(&mut self) -> Mode {
        const SETS_MODE: [Tag; 10] = [
            Tag::Td,
            Tag::Th,
            Tag::Tr,
            Tag::Tbody,
            Tag::Thead,
            Tag::Tfoot,
            Tag::Caption,
            Tag::Colgroup,
            Tag::Table,
            Tag::Template,
        ];
        let found = self.stack.topmost_of_any(&SETS_MODE).filter(|&i| i > 0);
        match found.and_then(|i| self.stack.entries().get(i)).map(|e| e.tag()) {
            Some(Tag::Td | Tag::Th) => Mode::InCell,
            Some(Tag::Tr) => Mode::InRow,
            Some(Tag::Tbody | Tag::Thead | Tag::Tfoot) => Mode::InTableBody,
            Some(Tag::Caption) => Mode::InCaption,
            Some(Tag::Colgroup) => Mode::InColumnGroup,
            Some(Tag::Table) => Mode::InTable,
            Some(Tag::Template) => self.templates.last().copied().unwrap_or(Mode::InBody),
            _ => Mode::InBody,
        }
    }
}
