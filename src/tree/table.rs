//! The table insertion modes ("in table", "in table text", "in caption",
//! "in column group", "in table body", "in row", "in cell") and "in
//! template" (<https://html.spec.whatwg.org/multipage/parsing.html#parsing-main-intable>
//! and the sections after it).
//!
//! Content that arrives in a table where it cannot go (text, a `<b>`, a
//! `<div>` outside a cell) is *foster parented*: the in-body rules run with
//! foster parenting on, and `TreeBuilder::place` puts it before the table,
//! in the held tree.

use super::stack::{Entry, Scope};
use super::{is_space, Mode, Step, Tok, TreeBuilder};
use crate::elements::Tag;
use crate::event::{Ns, TreeSink};

/// Whether an entry is one of the HTML elements `tags`.
fn is_any(e: &Entry, tags: &[Tag]) -> bool {
    e.ns == Ns::Html && tags.contains(&e.tag())
}

impl TreeBuilder {
    /// Process `tok` with the in-body rules, foster parenting on.
    fn foster_in_body(&mut self, tok: Tok<'_>, out: &mut impl TreeSink) -> Step {
        let was = std::mem::replace(&mut self.foster, true);
        let step = self.in_body(tok, out);
        self.foster = was;
        step
    }

    /// "Clear the stack back to a table context" and its kin: pop until the
    /// current node is one of `tags`, `template` or `html`.
    fn clear_back_to(&mut self, tags: &[Tag], out: &mut impl TreeSink) {
        self.pop_while(|e| !(is_any(e, tags) || e.is(Tag::Template) || e.is(Tag::Html)), out);
    }

    //§ parsing-main-intable
    pub(super) fn in_table(&mut self, tok: Tok<'_>, out: &mut impl TreeSink) -> Step {
        match tok {
            Tok::Text(_) => {
                let table_like = self
                    .stack
                    .current()
                    .is_some_and(|e| is_any(e, &[Tag::Table, Tag::Tbody, Tag::Tfoot, Tag::Thead, Tag::Tr]));
                if table_like {
                    self.table_text.clear();
                    self.table_text_solid = false;
                    self.original = self.mode;
                    return Step::Again(Mode::InTableText);
                }
                self.foster_in_body(tok, out)
            }
            Tok::Start(tag) => match tag.facts.info.tag {
                Tag::Caption => {
                    self.clear_back_to(&[Tag::Table], out);
                    if self.insert_tag(&tag, true, out).is_some() {
                        self.formatting.push_marker();
                        self.mode = Mode::InCaption;
                    }
                    Step::Done
                }
                Tag::Colgroup => {
                    self.clear_back_to(&[Tag::Table], out);
                    if self.insert_tag(&tag, true, out).is_some() {
                        self.mode = Mode::InColumnGroup;
                    }
                    Step::Done
                }
                Tag::Col => {
                    self.clear_back_to(&[Tag::Table], out);
                    // Too deep to open (only inside a template can it
                    // be): the token goes with it.
                    match self.insert_implied("colgroup", out) {
                        Some(_) => Step::Again(Mode::InColumnGroup),
                        None => Step::Done,
                    }
                }
                Tag::Tbody | Tag::Tfoot | Tag::Thead => {
                    self.clear_back_to(&[Tag::Table], out);
                    if self.insert_tag(&tag, true, out).is_some() {
                        self.mode = Mode::InTableBody;
                    }
                    Step::Done
                }
                Tag::Td | Tag::Th | Tag::Tr => {
                    self.clear_back_to(&[Tag::Table], out);
                    // Too deep to open (only inside a template can it
                    // be): the token goes with it.
                    match self.insert_implied("tbody", out) {
                        Some(_) => Step::Again(Mode::InTableBody),
                        None => Step::Done,
                    }
                }
                Tag::Table => {
                    self.ignored(tag.name, false, out);
                    if self.stack.has_in_scope(Scope::Table, Tag::Table) {
                        self.pop_until_tag(Tag::Table, false, out);
                        Step::Again(self.reset_mode())
                    } else {
                        Step::Done
                    }
                }
                Tag::Style | Tag::Script | Tag::Template => self.start_in_head(tag, out),
                Tag::Input if super::attribute(tag.attrs, "type").is_some_and(|t| t.eq_ignore_ascii_case("hidden")) => {
                    self.insert_tag(&tag, false, out);
                    Step::Done
                }
                Tag::Form => {
                    if !self.stack.contains(Tag::Template) && self.form.is_none() {
                        // Inserted and popped at once: the pointer names
                        // an element that holds nothing.
                        self.insert_tag(&tag, false, out);
                        self.form = Some(u64::MAX);
                    } else {
                        self.ignored(tag.name, false, out);
                    }
                    Step::Done
                }
                _ => self.foster_in_body(tok, out),
            },
            Tok::End { name, facts } => match facts.info.tag {
                Tag::Table => {
                    if self.stack.has_in_scope(Scope::Table, Tag::Table) {
                        self.pop_until_tag(Tag::Table, true, out);
                        self.mode = self.reset_mode();
                    } else {
                        self.ignored(name, true, out);
                    }
                    Step::Done
                }
                Tag::Body
                | Tag::Caption
                | Tag::Col
                | Tag::Colgroup
                | Tag::Html
                | Tag::Tbody
                | Tag::Td
                | Tag::Tfoot
                | Tag::Th
                | Tag::Thead
                | Tag::Tr => {
                    self.ignored(name, true, out);
                    Step::Done
                }
                Tag::Template => {
                    self.end_template(name, out);
                    Step::Done
                }
                _ => self.foster_in_body(tok, out),
            },
            Tok::Eof => self.in_body(tok, out),
        }
    }

    //§ parsing-main-intabletext
    pub(super) fn in_table_text(&mut self, tok: Tok<'_>, out: &mut impl TreeSink) -> Step {
        if let Tok::Text(text) = tok {
            self.table_text_solid |= !text.chars().all(is_space);
            self.table_text.push_str(text);
            if self.table_text.len() > self.max_held {
                // Bounded: decide on what is pending now. Fostered text
                // stays in order either way; only whitespace that later
                // text would have fostered too stays in the table.
                self.flush_table_text(out);
            }
            return Step::Done;
        }
        self.flush_table_text(out);
        Step::Again(self.original)
    }

    /// Insert the pending table text: before the table if any of it is not
    /// whitespace, else where it is.
    fn flush_table_text(&mut self, out: &mut impl TreeSink) {
        let text = std::mem::take(&mut self.table_text);
        if !text.is_empty() {
            if self.table_text_solid {
                let was = std::mem::replace(&mut self.foster, true);
                self.reconstruct(out);
                self.insert_text(&text, out);
                self.foster = was;
            } else {
                self.insert_text(&text, out);
            }
        }
        self.table_text = text;
        self.table_text.clear();
    }

    //§ parsing-main-incaption
    pub(super) fn in_caption(&mut self, tok: Tok<'_>, out: &mut impl TreeSink) -> Step {
        let (tag, end, name) = match tok {
            Tok::Start(t) => (t.facts.info.tag, false, t.name),
            Tok::End { name, facts } => (facts.info.tag, true, name),
            _ => return self.in_body(tok, out),
        };
        let closes = match (tag, end) {
            (Tag::Caption | Tag::Table, true) => true,
            (
                Tag::Caption
                | Tag::Col
                | Tag::Colgroup
                | Tag::Tbody
                | Tag::Td
                | Tag::Tfoot
                | Tag::Th
                | Tag::Thead
                | Tag::Tr,
                false,
            ) => true,
            (
                Tag::Body
                | Tag::Col
                | Tag::Colgroup
                | Tag::Html
                | Tag::Tbody
                | Tag::Td
                | Tag::Tfoot
                | Tag::Th
                | Tag::Thead
                | Tag::Tr,
                true,
            ) => {
                self.ignored(name, true, out);
                return Step::Done;
            }
            _ => return self.in_body(tok, out),
        };
        debug_assert!(closes);
        if !self.stack.has_in_scope(Scope::Table, Tag::Caption) {
            self.ignored(name, end, out);
            return Step::Done;
        }
        self.implied_end_tags(None, out);
        let explicit = end && tag == Tag::Caption;
        self.pop_until_tag(Tag::Caption, explicit, out);
        self.formatting.clear_to_marker();
        if explicit {
            self.mode = Mode::InTable;
            Step::Done
        } else {
            Step::Again(Mode::InTable)
        }
    }

    //§ parsing-main-incolgroup
    pub(super) fn in_column_group(&mut self, tok: Tok<'_>, out: &mut impl TreeSink) -> Step {
        match tok {
            Tok::Text(text) => {
                let spaces = text.len() - text.trim_start_matches(is_space).len();
                if spaces > 0 {
                    self.insert_text(&text[..spaces], out);
                }
                if spaces == text.len() {
                    return Step::Done;
                }
                // The rest is "anything else": close the column group and
                // process it in the table, where a NUL (the tokenizer hands
                // one on here alone) is ignored.
                let rest = &text[spaces..];
                if !self.stack.current_is(Tag::Colgroup) {
                    return Step::Done;
                }
                self.pop(false, out);
                self.mode = Mode::InTable;
                let rest = rest.trim_start_matches('\0');
                if !rest.is_empty() {
                    self.process(Tok::Text(rest), out);
                }
                Step::Done
            }
            Tok::Start(tag) if tag.facts.info.tag == Tag::Col => {
                self.insert_tag(&tag, false, out);
                Step::Done
            }
            Tok::Start(tag) if tag.facts.info.tag == Tag::Template => self.start_in_head(tag, out),
            Tok::Start(tag) if tag.facts.info.tag == Tag::Html => self.in_body(tok, out),
            Tok::End { name, facts } if facts.info.tag == Tag::Colgroup => {
                if self.stack.current_is(Tag::Colgroup) {
                    self.pop(true, out);
                    self.mode = Mode::InTable;
                } else {
                    self.ignored(name, true, out);
                }
                Step::Done
            }
            Tok::End { name, facts } if facts.info.tag == Tag::Col => {
                self.ignored(name, true, out);
                Step::Done
            }
            Tok::End { name, facts } if facts.info.tag == Tag::Template => {
                self.end_template(name, out);
                Step::Done
            }
            Tok::Eof => self.in_body(tok, out),
            _ => {
                if self.stack.current_is(Tag::Colgroup) {
                    self.pop(false, out);
                    Step::Again(Mode::InTable)
                } else {
                    if let Tok::Start(t) = tok {
                        self.ignored(t.name, false, out);
                    } else if let Tok::End { name, .. } = tok {
                        self.ignored(name, true, out);
                    }
                    Step::Done
                }
            }
        }
    }

    //§ parsing-main-intbody
    pub(super) fn in_table_body(&mut self, tok: Tok<'_>, out: &mut impl TreeSink) -> Step {
        let body_context = [Tag::Tbody, Tag::Tfoot, Tag::Thead];
        match tok {
            Tok::Start(tag) => match tag.facts.info.tag {
                Tag::Tr => {
                    self.clear_back_to(&body_context, out);
                    if self.insert_tag(&tag, true, out).is_some() {
                        self.mode = Mode::InRow;
                    }
                    Step::Done
                }
                Tag::Th | Tag::Td => {
                    self.clear_back_to(&body_context, out);
                    // Too deep to open (only inside a template can it
                    // be): the token goes with it.
                    match self.insert_implied("tr", out) {
                        Some(_) => Step::Again(Mode::InRow),
                        None => Step::Done,
                    }
                }
                Tag::Caption | Tag::Col | Tag::Colgroup | Tag::Tbody | Tag::Tfoot | Tag::Thead => {
                    self.leave_table_body(tag.name, false, out)
                }
                _ => self.in_table(tok, out),
            },
            Tok::End { name, facts } => match facts.info.tag {
                t @ (Tag::Tbody | Tag::Tfoot | Tag::Thead) => {
                    if self.stack.has_in_scope(Scope::Table, t) {
                        self.clear_back_to(&body_context, out);
                        self.pop(true, out);
                        self.mode = Mode::InTable;
                    } else {
                        self.ignored(name, true, out);
                    }
                    Step::Done
                }
                Tag::Table => self.leave_table_body(name, true, out),
                Tag::Body | Tag::Caption | Tag::Col | Tag::Colgroup | Tag::Html | Tag::Td | Tag::Th | Tag::Tr => {
                    self.ignored(name, true, out);
                    Step::Done
                }
                _ => self.in_table(tok, out),
            },
            _ => self.in_table(tok, out),
        }
    }

    /// In table body, a tag that ends the row group and goes to the table.
    fn leave_table_body(&mut self, name: &str, end: bool, out: &mut impl TreeSink) -> Step {
        let parts = [Tag::Tbody, Tag::Thead, Tag::Tfoot];
        let in_scope = self.stack.may_hold_any(&parts) && self.stack.any_in_scope(Scope::Table, &parts).is_some();
        if !in_scope {
            self.ignored(name, end, out);
            return Step::Done;
        }
        self.clear_back_to(&[Tag::Tbody, Tag::Tfoot, Tag::Thead], out);
        self.pop(false, out);
        Step::Again(Mode::InTable)
    }

    //§ parsing-main-intr
    pub(super) fn in_row(&mut self, tok: Tok<'_>, out: &mut impl TreeSink) -> Step {
        match tok {
            Tok::Start(tag) => match tag.facts.info.tag {
                Tag::Th | Tag::Td => {
                    self.clear_back_to(&[Tag::Tr], out);
                    if self.insert_tag(&tag, true, out).is_some() {
                        self.mode = Mode::InCell;
                        self.formatting.push_marker();
                    }
                    Step::Done
                }
                Tag::Caption | Tag::Col | Tag::Colgroup | Tag::Tbody | Tag::Tfoot | Tag::Thead | Tag::Tr => {
                    self.leave_row(tag.name, false, false, out)
                }
                _ => self.in_table(tok, out),
            },
            Tok::End { name, facts } => match facts.info.tag {
                Tag::Tr => self.leave_row(name, true, true, out),
                Tag::Table => self.leave_row(name, true, false, out),
                t @ (Tag::Tbody | Tag::Tfoot | Tag::Thead) => {
                    if !self.stack.has_in_scope(Scope::Table, t) {
                        self.ignored(name, true, out);
                        return Step::Done;
                    }
                    if !self.stack.has_in_scope(Scope::Table, Tag::Tr) {
                        return Step::Done;
                    }
                    self.clear_back_to(&[Tag::Tr], out);
                    self.pop(false, out);
                    Step::Again(Mode::InTableBody)
                }
                Tag::Body | Tag::Caption | Tag::Col | Tag::Colgroup | Tag::Html | Tag::Td | Tag::Th => {
                    self.ignored(name, true, out);
                    Step::Done
                }
                _ => self.in_table(tok, out),
            },
            _ => self.in_table(tok, out),
        }
    }

    /// In row, a tag that ends the row: `</tr>` itself (`own`) is done,
    /// any other goes to the table body.
    fn leave_row(&mut self, name: &str, end: bool, own: bool, out: &mut impl TreeSink) -> Step {
        if !self.stack.has_in_scope(Scope::Table, Tag::Tr) {
            self.ignored(name, end, out);
            return Step::Done;
        }
        self.clear_back_to(&[Tag::Tr], out);
        self.pop(own, out);
        if own {
            self.mode = Mode::InTableBody;
            Step::Done
        } else {
            Step::Again(Mode::InTableBody)
        }
    }

    //§ parsing-main-intd
    pub(super) fn in_cell(&mut self, tok: Tok<'_>, out: &mut impl TreeSink) -> Step {
        match tok {
            Tok::End { name, facts } => match facts.info.tag {
                t @ (Tag::Td | Tag::Th) => {
                    if self.stack.has_in_scope(Scope::Table, t) {
                        self.implied_end_tags(None, out);
                        self.pop_until_tag(t, true, out);
                        self.formatting.clear_to_marker();
                        self.mode = Mode::InRow;
                    } else {
                        self.ignored(name, true, out);
                    }
                    Step::Done
                }
                Tag::Body | Tag::Caption | Tag::Col | Tag::Colgroup | Tag::Html => {
                    self.ignored(name, true, out);
                    Step::Done
                }
                t @ (Tag::Table | Tag::Tbody | Tag::Tfoot | Tag::Thead | Tag::Tr) => {
                    if self.stack.has_in_scope(Scope::Table, t) {
                        self.close_cell(out);
                        Step::Again(Mode::InRow)
                    } else {
                        self.ignored(name, true, out);
                        Step::Done
                    }
                }
                _ => self.in_body(tok, out),
            },
            Tok::Start(tag) => match tag.facts.info.tag {
                Tag::Caption
                | Tag::Col
                | Tag::Colgroup
                | Tag::Tbody
                | Tag::Td
                | Tag::Tfoot
                | Tag::Th
                | Tag::Thead
                | Tag::Tr => {
                    let in_cell = self.stack.may_hold_any(&[Tag::Td, Tag::Th])
                        && self.stack.any_in_scope(Scope::Table, &[Tag::Td, Tag::Th]).is_some();
                    if in_cell {
                        self.close_cell(out);
                        Step::Again(Mode::InRow)
                    } else {
                        self.ignored(tag.name, false, out);
                        Step::Done
                    }
                }
                _ => self.in_body(tok, out),
            },
            _ => self.in_body(tok, out),
        }
    }

    /// "Close the cell".
    fn close_cell(&mut self, out: &mut impl TreeSink) {
        self.implied_end_tags(None, out);
        self.pop_until(|e| is_any(e, &[Tag::Td, Tag::Th]), false, out);
        self.formatting.clear_to_marker();
    }

    //§ parsing-main-intemplate
    pub(super) fn in_template(&mut self, tok: Tok<'_>, out: &mut impl TreeSink) -> Step {
        match tok {
            Tok::Text(_) => self.in_body(tok, out),
            Tok::Start(tag) => {
                let next = match tag.facts.info.tag {
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
                    Tag::Caption | Tag::Colgroup | Tag::Tbody | Tag::Tfoot | Tag::Thead => Mode::InTable,
                    Tag::Col => Mode::InColumnGroup,
                    Tag::Tr => Mode::InTableBody,
                    Tag::Td | Tag::Th => Mode::InRow,
                    _ => Mode::InBody,
                };
                if let Some(top) = self.templates.last_mut() {
                    *top = next;
                }
                Step::Again(next)
            }
            Tok::End { name, facts } => {
                if facts.info.tag == Tag::Template {
                    self.end_template(name, out);
                } else {
                    self.ignored(name, true, out);
                }
                Step::Done
            }
            Tok::Eof => {
                if !self.stack.contains(Tag::Template) {
                    return Step::Done;
                }
                self.pop_until_tag(Tag::Template, false, out);
                self.formatting.clear_to_marker();
                self.templates.pop();
                Step::Again(self.reset_mode())
            }
        }
    }
}
