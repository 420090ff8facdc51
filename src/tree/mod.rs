//! The tree stage: a streaming simulation of the WHATWG tree builder.
//!
//! A browser does not show tokens, it shows the tree its tree builder
//! builds from them (<https://html.spec.whatwg.org/multipage/parsing.html#tree-construction>):
//! `<p>` closes an open paragraph, `<td>` outside a row opens an implied
//! row, `</b>` with a block still open inside the `<b>` moves the block out
//! of it, text inside a table that is not in a cell goes before the table,
//! `<b>` inside `<svg>` ends the SVG. Where an element's content ends, what
//! a removed element contains and which text a reader sees all follow from
//! those rules, so this stage runs them: it keeps the stack of open
//! elements, the list of active formatting elements and the insertion mode
//! as a browser's tree builder does, and hands on [`TreeEvent`]s, the tree
//! in document order, every element closed. It also tells the tokenizer
//! what the tree builder tells a browser's: which state to continue in
//! after a start tag ([`TreeBuilder::next_content`]) and whether
//! `<![CDATA[` opens a CDATA section ([`TreeBuilder::in_foreign_content`]).
//!
//! The rules are those of html5ever's tree builder, the oracle the crate is
//! tested against (which follows the standard's customizable-`<select>`
//! parsing, as Chromium does), for a fragment parsed in a `<body>`, with
//! scripting enabled and no quirks. Their code is split by insertion mode:
//! `body.rs` (in body, text, and the in-head rules body uses), `table.rs`
//! (the table modes and in template), `foreign.rs` (SVG and MathML),
//! `adoption.rs` (reconstructing formatting elements and the adoption
//! agency), and `fast.rs`, the common case of text and phrasing elements in
//! one step.
//!
//! # Held content
//!
//! A stream cannot take back what it has written, but the tree builder
//! moves content it has built: foster parenting puts content before a
//! table, and the adoption agency moves a block out of a formatting
//! element. So from the start of any table, and of any special element
//! opened inside a formatting element, the stage holds what it builds in a
//! small tree (`held.rs`) and hands it on once nothing in it can move.
//! Typical comments never hold anything.
//!
//! # Bounds, and where the result departs from a browser's
//!
//! Memory is bounded, whatever the input, and every departure is a
//! [`TreeEvent::Approximated`] event, which the report shows:
//!
//! * Held content is bounded by
//!   [`Limits::max_held_bytes`](crate::Limits::max_held_bytes). Past it,
//!   everything held is handed on, elements still open are closed and
//!   opened again (copies), and content a browser would move before a table
//!   or out of a formatting element stays where it arrives. The text is
//!   kept; its order may differ from a browser's.
//! * The stack holds at most [`MAX_OPEN`] elements (browsers stop nesting
//!   at 512 too); deeper elements are closed at once and their content goes
//!   to their parent.
//! * The list of active formatting elements holds at most 32 entries, and
//!   formatting elements are opened again only while the copies' attributes
//!   add up to less than the input read so far, so output stays linear in
//!   the input (a browser opens a long link again in every paragraph).

mod adoption;
mod body;
mod fast;
mod foreign;
mod formatting;
mod held;
mod stack;
mod table;

use crate::elements::{flag, ContentModel, Tag};
use crate::event::{Attrs, Element, Ns, Origin, StartTag, Token, TreeEvent, TreeSink};
use crate::policy::Facts;
use crate::report::Departure;

use self::formatting::Formatting;
use self::held::{Held, Note, NONE};
use self::stack::{Entry, Node, Stack};

/// The most elements the stack holds. Browsers flatten a tree deeper than
/// 512 elements; deeper elements are closed at once here.
pub(crate) const MAX_OPEN: usize = 512;

/// The levels a table takes with its parts: table, row group, row, cell.
const TABLE_LEVELS: usize = 4;

/// How many bytes the copies of formatting elements may write beyond the
/// input read so far. Copies are charged what they can write at most (see
/// `charge_copy` in `adoption.rs`), so the output they add stays below the
/// input's size plus this.
const REOPEN_SLACK: u64 = 4 * 1024;

/// What a copy is charged for the attributes a policy adds to an element
/// (`rel` on links, forced attributes), beyond its own.
const COPY_EXTRA: usize = 32;

/// The insertion mode (<https://html.spec.whatwg.org/multipage/parsing.html#insertion-mode>),
/// for a fragment parsed in a `<body>`: the modes before "in body" never
/// apply, and those after it only to documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    InBody,
    Text,
    InTable,
    InTableText,
    InCaption,
    InColumnGroup,
    InTableBody,
    InRow,
    InCell,
    InTemplate,
}

/// A token as the rules see it.
#[derive(Debug, Clone, Copy)]
enum Tok<'a> {
    Start(StartTag<'a>),
    End { name: &'a str, facts: Facts },
    Text(&'a str),
    Eof,
}

/// What a rule did with a token.
enum Step {
    Done,
    /// Process the token again in this mode.
    Again(Mode),
}

/// Where a new node goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Hand it on now.
    Emit,
    /// Into the held tree, under `parent` (`NONE`: the virtual root),
    /// before `before` (`NONE`: at the end).
    Held { parent: u32, before: u32 },
}

/// An element to insert.
#[derive(Debug, Clone, Copy)]
struct NewElement<'a> {
    name: &'a str,
    facts: Facts,
    attrs: Attrs<'a>,
    ns: Ns,
    origin: Origin,
}

/// The tree stage.
#[derive(Debug)]
pub(crate) struct TreeBuilder {
    stack: Stack,
    formatting: Formatting,
    held: Held,
    /// Content is being held (see the module docs).
    holding: bool,
    /// What kept content held at the last [`settle`](Self::settle).
    keeper: Keeper,
    /// Stack entries `settle` has visited, for the work-bound tests.
    #[cfg(feature = "_internals")]
    settle_steps: u64,
    mode: Mode,
    /// The mode to go back to after "text" and "in table text".
    original: Mode,
    /// "The stack of template insertion modes".
    templates: Vec<Mode>,
    /// "Pending table character tokens", and whether they hold anything
    /// but whitespace.
    table_text: String,
    table_text_solid: bool,
    /// A newline right after `<pre>`, `<listing>` or `<textarea>` goes.
    ignore_lf: bool,
    /// "The form element pointer": the form's identity.
    form: Option<u64>,
    /// Foster parenting is on (while a table mode's "anything else" runs
    /// the in-body rules).
    foster: bool,
    /// The tokenizer's state after the start tag just processed.
    next_content: ContentModel,
    next_id: u64,
    /// Bytes of input the stage has seen, and of attributes reopening
    /// wrote again (see [`REOPEN_SLACK`]).
    read: u64,
    reopened: u64,
    max_held: usize,
    /// Departures already reported (a bit per kind).
    noted: u8,
    /// Attributes copied out of the formatting list, while an element is
    /// opened again.
    scratch: (String, Vec<crate::event::AttrSpan>),
    /// The facts of the fragment's root, looked up once.
    root: Facts,
}

impl TreeBuilder {
    /// A tree builder for a fragment in `<body>`; content held for moving
    /// is bounded by `max_held` bytes.
    pub(crate) fn new(max_held: usize) -> TreeBuilder {
        let mut tree = TreeBuilder {
            stack: Stack::default(),
            formatting: Formatting::default(),
            held: Held::default(),
            holding: false,
            keeper: Keeper::None,
            #[cfg(feature = "_internals")]
            settle_steps: 0,
            mode: Mode::InBody,
            original: Mode::InBody,
            templates: Vec::new(),
            table_text: String::new(),
            table_text_solid: false,
            ignore_lf: false,
            form: None,
            foster: false,
            next_content: ContentModel::Markup,
            next_id: 1,
            read: 0,
            reopened: 0,
            max_held,
            noted: 0,
            scratch: (String::new(), Vec::new()),
            root: Facts::tables("html"),
        };
        tree.reset(max_held);
        tree
    }

    /// Back to the state of [`new`](Self::new), keeping the buffers.
    pub(crate) fn reset(&mut self, max_held: usize) {
        self.stack.clear();
        self.formatting.clear();
        self.held.clear();
        self.holding = false;
        self.keeper = Keeper::None;
        self.mode = Mode::InBody;
        self.original = Mode::InBody;
        self.templates.clear();
        self.table_text.clear();
        self.table_text_solid = false;
        self.ignore_lf = false;
        self.form = None;
        self.foster = false;
        self.next_content = ContentModel::Markup;
        self.next_id = 1;
        self.read = 0;
        self.reopened = 0;
        self.max_held = max_held.max(1);
        self.noted = 0;
        // The fragment's root, never handed on and never popped.
        let root = Entry {
            id: 0,
            facts: self.root,
            ns: Ns::Html,
            name: (0, 0),
            below: 0,
            node: Node::Emitted,
            zombie: false,
            html_annotation: false,
        };
        self.stack.push(root, "html");
    }

    /// Bytes held in buffers.
    pub(crate) fn capacity(&self) -> usize {
        self.stack.capacity()
            + self.formatting.capacity()
            + self.held.capacity()
            + self.templates.capacity()
            + self.table_text.capacity()
            + self.scratch.0.capacity()
            + self.scratch.1.capacity() * std::mem::size_of::<crate::event::AttrSpan>()
    }

    /// The content model the tokenizer reads after the start tag just
    /// processed.
    #[inline]
    pub(crate) fn next_content(&self) -> ContentModel {
        self.next_content
    }

    /// "The adjusted current node is not an element in the HTML namespace".
    #[inline]
    pub(crate) fn in_foreign_content(&self) -> bool {
        self.stack.current().is_some_and(|e| e.ns != Ns::Html)
    }

    /// Whether a NUL in the data state does something here (see
    /// [`Sink::wants_nul`](crate::native::Sink::wants_nul)): "in column
    /// group", it ends the column group.
    pub(crate) fn wants_nul(&self) -> bool {
        self.mode == Mode::InColumnGroup
    }

    /// Whether the tree builder reads the attributes of a start tag with
    /// these facts (a downstream stage may want them anyway): formatting
    /// elements (to open them again), `input` (`type=hidden` in a table),
    /// `annotation-xml` (`encoding`), and `image`, which becomes an `img`.
    #[inline]
    pub(crate) fn wants_attributes(facts: &Facts) -> bool {
        facts.info.is(flag::FORMATTING) || matches!(facts.info.tag, Tag::Input | Tag::AnnotationXml | Tag::Image)
    }

    /// Process one token, handing what is decided to `out`.
    #[inline]
    pub(crate) fn token(&mut self, token: Token<'_>, out: &mut impl TreeSink) {
        if !self.fast(&token, out) {
            self.full(token, out);
        }
    }

    /// [`token`](Self::token) by the full rules: kept out of line, so the
    /// common case does not pay for its stack frame.
    #[inline(never)]
    fn full(&mut self, token: Token<'_>, out: &mut impl TreeSink) {
        self.next_content = ContentModel::Markup;
        if !matches!(token, Token::Text(_)) {
            // Only the very next token after a `<pre>` or `<listing>` start
            // tag may be the line feed it ignores: a comment in between is
            // a token too.
            self.ignore_lf = false;
        }
        let tok = match token {
            Token::StartTag(tag) => {
                self.read += (tag.name.len() + 2) as u64
                    + tag
                        .attrs
                        .iter()
                        .map(|a| a.name.len() + a.value.len() + 4)
                        .sum::<usize>() as u64;
                Tok::Start(tag)
            }
            Token::EndTag { name, facts } => {
                self.read += (name.len() + 3) as u64;
                Tok::End { name, facts }
            }
            Token::Text(text) => {
                self.read += text.len() as u64;
                let text = if std::mem::take(&mut self.ignore_lf) {
                    text.strip_prefix('\n').unwrap_or(text)
                } else {
                    text
                };
                if text.is_empty() {
                    // The newline was all of it: the flag is spent.
                    return;
                }
                Tok::Text(text)
            }
            Token::Comment(kind) => {
                self.note(Note::Comment(kind), out);
                return;
            }
            Token::Doctype => {
                self.note(Note::Doctype, out);
                return;
            }
            Token::UnterminatedTag => {
                self.note(Note::UnterminatedTag, out);
                return;
            }
            Token::Overlong => {
                self.note(Note::Overlong, out);
                return;
            }
        };
        self.process(tok, out);
        self.settle(out);
    }

    /// End of input: close everything, hand everything on.
    pub(crate) fn finish(&mut self, out: &mut impl TreeSink) {
        // The end of input "in body" outside a template does nothing: the
        // common case skips the rules' code.
        if self.mode != Mode::InBody || !self.templates.is_empty() {
            self.process(Tok::Eof, out);
        }
        while self.stack.len() > 1 {
            self.pop(false, out);
        }
        if !self.held.is_empty() || self.holding {
            self.held.flush(out, true);
            self.holding = false;
        }
    }

    /// Run the rules for a token until one is done with it.
    fn process(&mut self, tok: Tok<'_>, out: &mut impl TreeSink) {
        let mut mode = self.mode;
        let mut rounds = 0;
        loop {
            rounds += 1;
            if rounds > 64 {
                // Every "process again" changes the mode or the stack, and
                // no chain of them is this long; never loop on a bug.
                return;
            }
            let step = if self.is_foreign(&tok) {
                self.foreign(tok, out)
            } else {
                self.step(mode, tok, out)
            };
            match step {
                Step::Done => return,
                Step::Again(next) => {
                    self.mode = next;
                    mode = next;
                }
            }
        }
    }

    /// The rules of `mode` for `tok`.
    fn step(&mut self, mode: Mode, tok: Tok<'_>, out: &mut impl TreeSink) -> Step {
        match mode {
            Mode::InBody => self.in_body(tok, out),
            Mode::Text => self.text_mode(tok, out),
            Mode::InTable => self.in_table(tok, out),
            Mode::InTableText => self.in_table_text(tok, out),
            Mode::InCaption => self.in_caption(tok, out),
            Mode::InColumnGroup => self.in_column_group(tok, out),
            Mode::InTableBody => self.in_table_body(tok, out),
            Mode::InRow => self.in_row(tok, out),
            Mode::InCell => self.in_cell(tok, out),
            Mode::InTemplate => self.in_template(tok, out),
        }
    }

    // ----------------------------------------------------------- nodes ---

    /// A fresh identity.
    fn id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// "The appropriate place for inserting a node", with `target` (a
    /// stack index) overriding the current node.
    fn place(&mut self, target: Option<usize>) -> Place {
        let Some(t) = target.or_else(|| self.stack.current_index()) else {
            return Place::Emit;
        };
        let Some(entry) = self.stack.entries().get(t) else {
            return Place::Emit;
        };
        let foster_target =
            entry.ns == Ns::Html && matches!(entry.tag(), Tag::Table | Tag::Tbody | Tag::Tfoot | Tag::Thead | Tag::Tr);
        if self.foster && foster_target {
            match (self.stack.last_live(Tag::Template), self.stack.last_live(Tag::Table)) {
                (Some(template), table) if table.is_none_or(|table| template > table) => {
                    return self.place_in(template);
                }
                (_, Some(table)) => {
                    if let Some(Node::Held(h)) = self.stack.entries().get(table).map(|e| e.node) {
                        return Place::Held {
                            parent: self.held.parent(h),
                            before: h,
                        };
                    }
                    // The table was handed on (past the bound): the
                    // content stays where it arrives.
                }
                _ => return self.place_in(0),
            }
        }
        self.place_in(t)
    }

    /// Inside the element at stack index `i`, at the end.
    fn place_in(&self, i: usize) -> Place {
        match self.stack.entries().get(i).map(|e| e.node) {
            Some(Node::Held(h)) => Place::Held {
                parent: h,
                before: NONE,
            },
            _ if self.holding => Place::Held {
                parent: NONE,
                before: NONE,
            },
            _ => Place::Emit,
        }
    }

    /// Whether a formatting element that the adoption agency could still
    /// reach (in the list after its last marker, and open) is open.
    fn formatting_open(&mut self) -> bool {
        let mut i = self.formatting.entries().len();
        while i > 0 {
            i -= 1;
            match self.formatting.entries().get(i) {
                Some(formatting::Entry::Element(_)) => {
                    if self.listed_open(i).is_some() {
                        return true;
                    }
                }
                _ => return false,
            }
        }
        false
    }

    /// "Insert an element" at the appropriate place (`target` overrides
    /// the current node); pushed unless `push` is false. Returns its stack
    /// index when pushed.
    fn insert(
        &mut self,
        element: NewElement<'_>,
        push: bool,
        target: Option<usize>,
        out: &mut impl TreeSink,
    ) -> Option<usize> {
        let mut place = self.place(target);
        if place == Place::Emit && push && element.ns == Ns::Html {
            let info = element.facts.info;
            // A table part right in a template's content is a table of its
            // own: content fostered there goes after it.
            let template_table = is_table_part(info.tag) && self.stack.current().is_some_and(|e| e.is(Tag::Template));
            let moves = info.tag == Tag::Table || template_table || (info.is(flag::SPECIAL) && self.formatting_open());
            if moves {
                self.holding = true;
                place = Place::Held {
                    parent: NONE,
                    before: NONE,
                };
            }
        }
        let node = match place {
            Place::Emit => {
                out.event(TreeEvent::Open(Element {
                    name: element.name,
                    facts: element.facts,
                    attrs: element.attrs,
                    ns: element.ns,
                    origin: element.origin,
                }));
                Node::Emitted
            }
            Place::Held { parent, before } => {
                let name = match static_name(element.facts.info.tag) {
                    Some(name) if element.ns == Ns::Html && name == element.name => Ok(name),
                    _ => Err(element.name),
                };
                Node::Held(self.held.add_element(
                    parent,
                    before,
                    name,
                    element.facts,
                    element.ns,
                    element.origin,
                    element.attrs,
                ))
            }
        };
        let raw = element.ns == Ns::Html && element.facts.info.content != ContentModel::Markup;
        // A table opens only with room for its parts (a body, a row and a
        // cell) below the bound, so its parts always open inside it.
        let levels = if element.ns == Ns::Html && element.facts.info.tag == Tag::Table {
            TABLE_LEVELS
        } else {
            1
        };
        let pushed = if push && (self.stack.len() + levels <= MAX_OPEN || raw) {
            let id = self.id();
            self.stack.push(
                Entry {
                    id,
                    facts: element.facts,
                    ns: element.ns,
                    name: (0, 0),
                    below: 0,
                    node,
                    zombie: false,
                    html_annotation: false,
                },
                element.name,
            );
            Some(self.stack.len() - 1)
        } else {
            if push {
                self.approximated(Departure::NestingTooDeep, out);
            }
            match node {
                Node::Emitted => out.event(TreeEvent::Close {
                    name: element.name,
                    explicit: false,
                }),
                Node::Held(h) => self.held.close(h, false),
            }
            None
        };
        self.check_bound(out);
        pushed
    }

    /// Insert an element made from a start tag.
    fn insert_tag(&mut self, tag: &StartTag<'_>, push: bool, out: &mut impl TreeSink) -> Option<usize> {
        self.insert(
            NewElement {
                name: tag.name,
                facts: tag.facts,
                attrs: tag.attrs,
                ns: Ns::Html,
                origin: Origin::Parsed,
            },
            push,
            None,
            out,
        )
    }

    /// Insert an element the tree builder makes itself (an implied
    /// `<tbody>`), named `name`.
    fn insert_implied(&mut self, name: &'static str, out: &mut impl TreeSink) -> Option<usize> {
        let facts = out.facts(name);
        self.insert(
            NewElement {
                name,
                facts,
                attrs: Attrs::NONE,
                ns: Ns::Html,
                origin: Origin::Implied,
            },
            true,
            None,
            out,
        )
    }

    /// "Insert a character" (a run of them).
    fn insert_text(&mut self, text: &str, out: &mut impl TreeSink) {
        match self.place(None) {
            Place::Emit => out.event(TreeEvent::Text(text)),
            Place::Held { parent, before } => {
                // Past the bound at exactly the same byte however the text
                // arrived in pieces: the first part is held, then the rest
                // is handed on.
                let room = (self.max_held + 1).saturating_sub(self.held.bytes());
                if text.len() <= room {
                    self.held.add_text(parent, before, text);
                    self.check_bound(out);
                    return;
                }
                let mut cut = room;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                let (first, rest) = text.split_at(cut);
                if !first.is_empty() {
                    self.held.add_text(parent, before, first);
                }
                self.overflow(out);
                if !rest.is_empty() {
                    self.insert_text(rest, out);
                }
            }
        }
    }

    /// A note for the report, where the current node is.
    fn note(&mut self, note: Note, out: &mut impl TreeSink) {
        match self.place(None) {
            Place::Emit => out.event(match note {
                Note::Comment(kind) => TreeEvent::Comment(kind),
                Note::Doctype => TreeEvent::Doctype,
                Note::UnterminatedTag => TreeEvent::UnterminatedTag,
                Note::Overlong => TreeEvent::Overlong,
                Note::Approximated(why) => TreeEvent::Approximated(why),
                // Names of ignored tags go through `ignored`.
                Note::Ignored(..) => return,
            }),
            Place::Held { parent, .. } => self.held.add_note(parent, note),
        }
    }

    /// A tag the rules ignored, for the report.
    fn ignored(&mut self, name: &str, end: bool, out: &mut impl TreeSink) {
        match self.place(None) {
            Place::Emit => out.event(TreeEvent::Ignored { name, end }),
            Place::Held { parent, .. } => self.held.ignored(parent, name, end),
        }
    }

    /// Report an approximation, once per kind.
    fn approximated(&mut self, why: Departure, out: &mut impl TreeSink) {
        let bit = 1 << (why as u8);
        if self.noted & bit == 0 {
            self.noted |= bit;
            self.note(Note::Approximated(why), out);
        }
    }

    // ------------------------------------------------------------ pops ---

    /// Pop the current node (never the root), then any zombie left on top.
    fn pop(&mut self, explicit: bool, out: &mut impl TreeSink) {
        while self.stack.entries().last().is_some_and(|e| e.zombie) {
            self.pop_entry(false, out);
        }
        self.pop_entry(explicit, out);
        while self.stack.entries().last().is_some_and(|e| e.zombie) {
            self.pop_entry(false, out);
        }
    }

    /// Take the top entry off the stack and close its element.
    fn pop_entry(&mut self, explicit: bool, out: &mut impl TreeSink) {
        if self.stack.len() <= 1 {
            return;
        }
        let Some(entry) = self.stack.entries().last().copied() else {
            return;
        };
        match entry.node {
            Node::Held(h) => self.held.close(h, explicit),
            Node::Emitted => {
                // Held content is all inside this element: it goes first.
                if self.holding {
                    self.release(out);
                }
                out.event(TreeEvent::Close {
                    name: self.stack.name(&entry),
                    explicit,
                });
            }
        }
        self.stack.pop_raw();
    }

    /// Pop until an element matching `target` has been popped; it closes
    /// with `explicit`.
    fn pop_until(&mut self, target: impl Fn(&Entry) -> bool, explicit: bool, out: &mut impl TreeSink) {
        while let Some(current) = self.stack.current().copied() {
            if self.stack.len() <= 1 {
                return;
            }
            let hit = target(&current);
            self.pop(hit && explicit, out);
            if hit {
                return;
            }
        }
    }

    /// Pop until the HTML element `tag` has been popped.
    fn pop_until_tag(&mut self, tag: Tag, explicit: bool, out: &mut impl TreeSink) {
        self.pop_until(|e| e.is(tag), explicit, out);
    }

    /// Pop while the current node matches `pred`.
    fn pop_while(&mut self, pred: impl Fn(&Entry) -> bool, out: &mut impl TreeSink) {
        while self.stack.len() > 1 && self.stack.current().is_some_and(&pred) {
            self.pop(false, out);
        }
    }

    /// "Generate implied end tags", except for the HTML element `except`.
    fn implied_end_tags(&mut self, except: Option<Tag>, out: &mut impl TreeSink) {
        self.pop_while(
            |e| e.html_with(flag::IMPLIED_END) && except.is_none_or(|t| !e.is(t)),
            out,
        );
    }

    /// "Generate all implied end tags thoroughly".
    fn implied_end_tags_thoroughly(&mut self, out: &mut impl TreeSink) {
        self.pop_while(
            |e| {
                e.html_with(flag::IMPLIED_END)
                    || (e.ns == Ns::Html
                        && matches!(
                            e.tag(),
                            Tag::Caption
                                | Tag::Colgroup
                                | Tag::Tbody
                                | Tag::Td
                                | Tag::Tfoot
                                | Tag::Th
                                | Tag::Thead
                                | Tag::Tr
                        ))
            },
            out,
        );
    }

    /// Remove the entry at `index` from the stack: a zombie while elements
    /// opened inside it are open (see `stack.rs`).
    fn remove_from_stack(&mut self, index: usize, out: &mut impl TreeSink) {
        if index + 1 == self.stack.len() {
            self.pop(false, out);
        } else if let Some(entry) = self.stack.entries_mut().get_mut(index) {
            entry.zombie = true;
        }
    }

    // ---------------------------------------------------- held content ---

    /// Hand all held content on; elements still open stay open, now
    /// handed on.
    fn release(&mut self, out: &mut impl TreeSink) {
        self.held.flush(out, false);
        // Emitted entries are all below held ones (see `stack`).
        for entry in self.stack.entries_mut().iter_mut().rev() {
            if entry.node == Node::Emitted {
                break;
            }
            entry.node = Node::Emitted;
        }
        self.holding = false;
    }

    /// Past the bound: hand everything on, closing what is open, and open
    /// the stack's held elements again as copies, so that handed-on events
    /// stay a tree (see the module docs).
    fn overflow(&mut self, out: &mut impl TreeSink) {
        self.approximated(Departure::HeldContentOverflow, out);
        // Copies of the open held elements, read before the arena empties.
        let mut copies = std::mem::take(&mut self.scratch);
        copies.0.clear();
        copies.1.clear();
        let mut reopen: Vec<(usize, u32, u32, u32, u32)> = Vec::new();
        for (i, entry) in self.stack.entries().iter().enumerate() {
            if let (Node::Held(h), false) = (entry.node, entry.zombie) {
                if let Some(element) = self.held.element(h) {
                    let name_start = copies.0.len() as u32;
                    copies.0.push_str(element.name);
                    let name_end = copies.0.len() as u32;
                    let attr_start = copies.1.len() as u32;
                    for attr in element.attrs.iter() {
                        let a = copies.0.len();
                        copies.0.push_str(attr.name);
                        let b = copies.0.len();
                        copies.0.push_str(attr.value);
                        copies.1.push(crate::event::AttrSpan {
                            name_start: a,
                            name_end: b,
                            value_end: copies.0.len(),
                            cut: attr.cut,
                        });
                    }
                    reopen.push((i, name_start, name_end, attr_start, copies.1.len() as u32));
                }
            }
        }
        self.held.flush(out, true);
        self.holding = false;
        // Held zombies were closed by the flush: they leave the stack.
        let mut i = self.stack.len();
        while i > 1 {
            i -= 1;
            let entry = self.stack.entries()[i];
            if entry.zombie && matches!(entry.node, Node::Held(_)) {
                self.stack.remove(i);
                for r in reopen.iter_mut().filter(|r| r.0 > i) {
                    r.0 -= 1;
                }
            }
        }
        for &(i, name_start, name_end, attr_start, attr_end) in &reopen {
            let Some(entry) = self.stack.entries().get(i).copied() else {
                continue;
            };
            out.event(TreeEvent::Open(Element {
                name: copies.0.get(name_start as usize..name_end as usize).unwrap_or_default(),
                facts: entry.facts,
                attrs: Attrs::Spans {
                    buf: &copies.0,
                    spans: copies.1.get(attr_start as usize..attr_end as usize).unwrap_or_default(),
                },
                ns: entry.ns,
                origin: Origin::Copy,
            }));
            if let Some(entry) = self.stack.entries_mut().get_mut(i) {
                entry.node = Node::Emitted;
            }
        }
        self.scratch = copies;
    }

    /// Past the bound?
    fn check_bound(&mut self, out: &mut impl TreeSink) {
        if self.holding && self.held.bytes() > self.max_held {
            self.overflow(out);
        }
    }

    /// After a token: hand held content on if nothing in it can move any
    /// more (no open held table, no open held special element inside an
    /// open formatting element the adoption agency could reach).
    ///
    /// This runs after every token while content is held, so it must not
    /// walk the whole stack each time (a stack may hold [`MAX_OPEN`]
    /// elements). Three things keep it short:
    ///
    /// * What kept content held last time (the [`Keeper`]) is checked
    ///   first, and usually still does.
    /// * Emitted entries are all below held ones, and only a held one can
    ///   keep content held: below the held entries, only a formatting
    ///   element under a held special element still matters, and the walk
    ///   stops at the first emitted entry when there is none.
    /// * Below a held special element, in a long run of emitted entries,
    ///   the open elements of the list of active formatting elements and
    ///   the stack's markers are looked up from the positions they keep
    ///   instead of walked to.
    fn settle(&mut self, out: &mut impl TreeSink) {
        if !self.holding || self.keeper_holds() {
            return;
        }
        self.keeper = Keeper::None;
        // From the top down, so that what keeps content held (usually near
        // the top) is found after a few entries.
        let mut special_above = None;
        let mut i = self.stack.len();
        while i > 0 {
            i -= 1;
            #[cfg(feature = "_internals")]
            {
                self.settle_steps += 1;
            }
            let Some(&entry) = self.stack.entries().get(i) else {
                break;
            };
            if entry.zombie {
                continue;
            }
            let held = matches!(entry.node, Node::Held(_));
            if !held {
                let Some(special) = special_above else {
                    break;
                };
                if i >= SHORT_REST {
                    // The walk would stop at the highest open element of
                    // the list at or below `i` (content stays held), or at
                    // a marker above it (content goes).
                    let marker = self.stack.marker_at_or_below(i);
                    match self.highest_listed(i) {
                        Some(at) if marker.is_none_or(|m| at > m) => {
                            self.keep_by_formatting(special, at);
                            return;
                        }
                        _ => break,
                    }
                }
            }
            if entry.is(Tag::Table) && held {
                self.keeper = Keeper::Table { at: i, id: entry.id };
                return;
            }
            // A table part right in a template (see `insert`).
            if held
                && entry.ns == Ns::Html
                && is_table_part(entry.tag())
                && self.stack.entries()[..i]
                    .iter()
                    .rev()
                    .find(|e| !e.zombie)
                    .is_some_and(|e| e.is(Tag::Template))
            {
                return;
            }
            if entry.is_marker() {
                // A marker: the adoption agency cannot reach past it.
                special_above = None;
                continue;
            }
            if entry.html_with(flag::FORMATTING) {
                if let Some(special) = special_above {
                    if self.formatting.position_of(entry.id).is_some() {
                        self.keep_by_formatting(special, i);
                        return;
                    }
                }
            } else if held && entry.special() {
                special_above = Some(i);
            }
        }
        self.release(out);
    }

    /// Stack entries [`settle`](Self::settle) has visited since the tree
    /// builder was made.
    #[cfg(feature = "_internals")]
    pub(crate) fn settle_steps(&self) -> u64 {
        self.settle_steps
    }

    /// Stack entries visited looking elements up (by name, and in scope)
    /// since the tree builder was made.
    #[cfg(feature = "_internals")]
    pub(crate) fn lookup_steps(&self) -> u64 {
        self.stack.lookup_steps()
    }

    /// Whether what kept content held at the last `settle` still does. It
    /// is checked by identity where it was: an element that moved is
    /// simply looked for again. Between a held special element and the
    /// formatting element below it, no marker can have come (elements come
    /// on top, or are formatting copies the adoption agency puts back), so
    /// the two still being where they were is enough.
    fn keeper_holds(&self) -> bool {
        let entries = self.stack.entries();
        let open = |at: usize, id: u64| entries.get(at).filter(|e| e.id == id && !e.zombie);
        match self.keeper {
            Keeper::None => false,
            Keeper::Table { at, id } => open(at, id).is_some_and(|e| matches!(e.node, Node::Held(_))),
            Keeper::Formatting { special, formatting } => {
                open(special.0, special.1).is_some_and(|e| matches!(e.node, Node::Held(_)))
                    && open(formatting.0, formatting.1).is_some()
                    && self.formatting.position_of(formatting.1).is_some()
            }
        }
    }

    /// Remember that the held special element at `special` is inside the
    /// listed formatting element at `formatting`.
    fn keep_by_formatting(&mut self, special: usize, formatting: usize) {
        let entries = self.stack.entries();
        if let (Some(s), Some(f)) = (entries.get(special), entries.get(formatting)) {
            self.keeper = Keeper::Formatting {
                special: (special, s.id),
                formatting: (formatting, f.id),
            };
        }
    }

    /// The highest stack position, at most `at`, of an open element of the
    /// list of active formatting elements.
    fn highest_listed(&mut self, at: usize) -> Option<usize> {
        let mut highest = None;
        for index in 0..self.formatting.entries().len() {
            if let Some(pos) = self.listed_open(index) {
                if pos <= at && highest.is_none_or(|h| pos > h) {
                    highest = Some(pos);
                }
            }
        }
        highest
    }
}

/// What kept content held at the last `settle`, by stack position and
/// identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keeper {
    None,
    /// An open held table.
    Table {
        at: usize,
        id: u64,
    },
    /// An open held special element inside an open formatting element of
    /// the list.
    Formatting {
        special: (usize, u64),
        formatting: (usize, u64),
    },
}

/// Below this many entries, `settle` walks the rest of the stack rather
/// than look the list's elements up.
const SHORT_REST: usize = 32;

/// The parts of a table that may stand right in a template's content.
fn is_table_part(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Caption | Tag::Colgroup | Tag::Tbody | Tag::Thead | Tag::Tfoot | Tag::Tr | Tag::Td | Tag::Th
    )
}

/// The name of a [`Tag`] (`None` for [`Tag::Other`]).
fn static_name(tag: Tag) -> Option<&'static str> {
    crate::elements::tag_name(tag)
}

/// The value of attribute `name`.
fn attribute<'a>(attrs: Attrs<'a>, name: &str) -> Option<&'a str> {
    attrs.iter().find(|a| a.name == name).map(|a| a.value)
}

/// HTML whitespace (after input preprocessing, no CR).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r')
}
