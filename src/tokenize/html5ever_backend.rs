//! The reference tokenizer backend: html5ever's tokenizer behind the same
//! interface as the native one, chunks in and [`Token`]s pushed to a callback
//! (feature `_internals`; only tests use it).
//!
//! This is the only module that knows html5ever. Its `TokenSink` takes
//! `&self`, so the sink here queues html5ever's tokens in a `RefCell` and
//! hands them to a `&mut` closure after each piece of input: the later
//! stages stay plain `&mut self` code, whichever tokenizer feeds them.
//!
//! # Strip mode only
//!
//! html5ever's tokens carry no source positions, so this backend cannot
//! give a disallowed tag back as the text it was typed as: it always
//! strips, whatever the policy's [`Disallowed`](crate::Disallowed) mode.
//! The tests that compare the backends use strip policies.
//!
//! # Tokenizer states the tree builder would switch
//!
//! A bare tokenizer stays in the data state after `<textarea>` or `<style>`,
//! so `<textarea><b>` would be read as a `<b>` tag where a browser reads
//! text. A browser's tree builder switches the tokenizer when it inserts
//! such an element, and only where it inserts it (not inside `select`, nor
//! in foreign content, where CDATA sections are allowed instead:
//! <https://html.spec.whatwg.org/multipage/parsing.html#markup-declaration-open-state>).
//! The sink here feeds a private [`TreeBuilder`], the same one the pipeline
//! runs, with every token, and switches html5ever's tokenizer to the state
//! it asks for (RCDATA, RAWTEXT, script data, PLAINTEXT) and tells it
//! whether the current node is foreign. So both backends ask the same tree
//! builder, and a difference between them is a tokenizer difference.
//!
//! # A tag cut off by the end of the input
//!
//! The standard (and html5ever) drop a tag that the input ends inside of:
//! `a<b` reads as `a`. Commenters type `a<b` and `x <y` and mean the text, so
//! this adapter gives it back as text. It splits the input after every `>`
//! (a tag can only end there), remembers the raw text from the first `<` that
//! starts a tag (`<` + letter, or `</` + letter) since the last tag, comment or
//! doctype token, and at the end feeds a sentinel, `>">'>`, that ends a tag
//! in any tag state (a bare `>` would be swallowed by a quoted attribute
//! value). If the sentinel produces a tag, a tag was pending: its raw text is
//! emitted as text. Otherwise the sentinel's own characters are stripped.
//! The remembered text is the tag being read, capped by
//! [`Limits::max_pending_tag_bytes`](crate::Limits::max_pending_tag_bytes).

use std::cell::{Cell, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{self as h5, BufferQueue, TagKind, TokenSink, TokenSinkResult, TokenizerOpts};

use crate::elements::ContentModel;
use crate::event::{Attr, Attrs, CommentKind, StartTag, Token, TreeEvent, TreeSink};
use crate::policy::{Facts, Limits};
use crate::tree::TreeBuilder;

/// Ends a pending tag in every tag state; see the module docs.
const SENTINEL: &str = ">\">'>";

/// A token as html5ever handed it over, kept until the piece is done.
enum Owned {
    Start(h5::Tag),
    End(h5::Tag),
    Text(StrTendril),
    Comment(CommentKind),
    Doctype,
}

/// html5ever's `TokenSink` (a `&self` API, hence the cells; they stay in
/// this module).
struct Sink {
    tokens: RefCell<Vec<Owned>>,
    /// A tree builder of its own, fed the same tokens as the pipeline's, to
    /// answer html5ever's tokenizer the same questions (which state after a
    /// start tag, whether `<![CDATA[` opens a CDATA section) at once, inside
    /// `process_token`.
    tree: RefCell<TreeBuilder>,
    /// The tokenizer was put into RCDATA/RAWTEXT/script data/PLAINTEXT and
    /// has not yet emitted the end tag that leaves it.
    raw: Cell<bool>,
    /// The last token was a tag, comment or doctype (not text).
    last_was_markup: Cell<bool>,
    /// The end-of-input sentinel is being fed.
    sentinel: Cell<bool>,
    /// In sentinel mode: a tag came out, so one was pending.
    sentinel_tag: Cell<bool>,
    /// In sentinel mode: some token other than text came out.
    sentinel_markup: Cell<bool>,
    /// In sentinel mode: the characters that came out.
    sentinel_text: RefCell<String>,
}

impl Default for Sink {
    fn default() -> Sink {
        Sink {
            tokens: RefCell::default(),
            tree: RefCell::new(TreeBuilder::new(Limits::default().max_held_bytes)),
            raw: Cell::default(),
            last_was_markup: Cell::default(),
            sentinel: Cell::default(),
            sentinel_tag: Cell::default(),
            sentinel_markup: Cell::default(),
            sentinel_text: RefCell::default(),
        }
    }
}

/// The private tree builder's events go nowhere.
struct Nowhere;

impl TreeSink for Nowhere {
    fn event(&mut self, _: TreeEvent<'_>) {}

    fn facts(&mut self, name: &str) -> Facts {
        Facts::tables(name)
    }
}

impl Sink {
    /// Feed the private tree builder.
    fn tree(&self, token: Token<'_>) {
        self.tree.borrow_mut().token(token, &mut Nowhere);
    }

    fn start_tag(&self, tag: h5::Tag) -> TokenSinkResult<()> {
        let attrs: Vec<Attr<'_>> = tag
            .attrs
            .iter()
            .map(|a| Attr {
                name: &a.name.local,
                value: &a.value,
                cut: false,
            })
            .collect();
        self.tree(Token::StartTag(StartTag {
            name: &tag.name,
            facts: Facts::tables(&tag.name),
            attrs: Attrs::List(&attrs),
            self_closing: tag.self_closing,
        }));
        drop(attrs);
        let result = match self.tree.borrow().next_content() {
            ContentModel::Markup => TokenSinkResult::Continue,
            ContentModel::Rcdata => TokenSinkResult::RawData(RawKind::Rcdata),
            ContentModel::Rawtext => TokenSinkResult::RawData(RawKind::Rawtext),
            ContentModel::ScriptData => TokenSinkResult::RawData(RawKind::ScriptData),
            ContentModel::Plaintext => TokenSinkResult::Plaintext,
        };
        if !matches!(result, TokenSinkResult::Continue) {
            self.raw.set(true);
        }
        self.tokens.borrow_mut().push(Owned::Start(tag));
        result
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: h5::Token, _line: u64) -> TokenSinkResult<()> {
        let sentinel = self.sentinel.get();
        match token {
            h5::TagToken(_) if sentinel => {
                self.sentinel_tag.set(true);
                self.sentinel_markup.set(true);
            }
            h5::TagToken(tag) => {
                self.last_was_markup.set(true);
                match tag.kind {
                    TagKind::StartTag => return self.start_tag(tag),
                    TagKind::EndTag => {
                        // In a raw state the tokenizer only emits the end tag
                        // that leaves it.
                        self.raw.set(false);
                        self.tree(Token::EndTag {
                            name: &tag.name,
                            facts: Facts::tables(&tag.name),
                        });
                        self.tokens.borrow_mut().push(Owned::End(tag));
                    }
                }
            }
            h5::CharacterTokens(text) if sentinel => self.sentinel_text.borrow_mut().push_str(&text),
            h5::CharacterTokens(text) => {
                self.last_was_markup.set(false);
                self.tree(Token::Text(&text));
                self.tokens.borrow_mut().push(Owned::Text(text));
            }
            // A NUL in the data state: the tree builder ignores it "in body",
            // and ends the column group "in column group" (see
            // `Sink::wants_nul`).
            h5::NullCharacterToken => {
                self.last_was_markup.set(false);
                if self.tree.borrow().wants_nul() {
                    self.tree(Token::Text("\0"));
                    self.tokens.borrow_mut().push(Owned::Text(StrTendril::from_slice("\0")));
                }
            }
            h5::CommentToken(data) => {
                self.last_was_markup.set(true);
                self.sentinel_markup.set(sentinel);
                let kind = if data.starts_with('?') {
                    CommentKind::ProcessingInstruction
                } else if data.starts_with("[CDATA[") {
                    CommentKind::CdataSection
                } else {
                    CommentKind::Comment
                };
                self.tokens.borrow_mut().push(Owned::Comment(kind));
            }
            h5::DoctypeToken(_) => {
                self.last_was_markup.set(true);
                self.sentinel_markup.set(sentinel);
                self.tokens.borrow_mut().push(Owned::Doctype);
            }
            h5::EOFToken | h5::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.tree.borrow().in_foreign_content()
    }
}

/// Where the raw text of a possibly unterminated tag starts; see the module docs.
#[derive(Debug, PartialEq, Eq)]
enum Pending {
    /// No tag has started since the last markup token.
    Idle,
    /// The input so far ends with `<`.
    Lt,
    /// The input so far ends with `</`.
    LtSlash,
    /// A tag started; its raw text so far.
    Tag(String),
    /// A tag started and grew past the cap.
    Overflow,
}

/// The html5ever tokenizer with the pending-tag tracking around it.
pub(crate) struct Tokenizer {
    inner: h5::Tokenizer<Sink>,
    queue: BufferQueue,
    pending: Pending,
    max_pending: usize,
    /// Bytes of one attribute name, one value, and all of a tag's names and
    /// values together, as the native tokenizer bounds them: an attribute
    /// past them is marked cut, as the native tokenizer marks it.
    attr_caps: (usize, usize, usize),
    /// No input has been fed yet (a leading byte-order mark is dropped).
    at_start: bool,
}

impl Tokenizer {
    pub(crate) fn new(max_pending_tag_bytes: usize) -> Tokenizer {
        Tokenizer {
            // html5ever's own `discard_bom` drops a U+FEFF at the start of
            // *every* `feed`, which would make the output depend on where the
            // input was split; the adapter drops only the first one.
            inner: h5::Tokenizer::new(
                Sink::default(),
                TokenizerOpts {
                    discard_bom: false,
                    ..Default::default()
                },
            ),
            queue: BufferQueue::default(),
            pending: Pending::Idle,
            max_pending: max_pending_tag_bytes,
            attr_caps: (usize::MAX, usize::MAX, usize::MAX),
            at_start: true,
        }
    }

    /// Mark attributes past these bounds cut (see `attr_caps`).
    pub(crate) fn with_attr_caps(mut self, name: usize, value: usize, tag: usize) -> Tokenizer {
        self.attr_caps = (name, value, tag);
        self
    }

    /// Tokenize a chunk, handing every complete token to `emit`.
    pub(crate) fn feed(&mut self, chunk: &str, emit: &mut impl FnMut(Token<'_>)) {
        let mut rest = chunk;
        if self.at_start && !rest.is_empty() {
            self.at_start = false;
            rest = rest.strip_prefix('\u{FEFF}').unwrap_or(rest);
        }
        while !rest.is_empty() {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let (piece, after) = rest.split_at(end);
            rest = after;
            if !self.inner.sink.raw.get() {
                self.track_pending(piece);
            }
            self.inner.sink.last_was_markup.set(false);
            self.queue.push_back(StrTendril::from_slice(piece));
            let _ = self.inner.feed(&self.queue);
            if self.inner.sink.last_was_markup.get() {
                // The piece ended with the `>` of a tag, comment or doctype.
                self.pending = Pending::Idle;
            }
            self.drain(emit);
        }
    }

    /// End of input: flush everything, giving a pending tag back as text.
    pub(crate) fn finish(&mut self, emit: &mut impl FnMut(Token<'_>)) {
        let sink = &self.inner.sink;
        sink.sentinel.set(true);
        self.queue.push_back(StrTendril::from_slice(SENTINEL));
        let _ = self.inner.feed(&self.queue);
        self.inner.end();
        self.drain(emit);

        let sink = &self.inner.sink;
        if sink.sentinel_tag.get() {
            match std::mem::replace(&mut self.pending, Pending::Idle) {
                Pending::Tag(raw) => emit(Token::Text(&preprocess(&raw))),
                Pending::Overflow => emit(Token::UnterminatedTag),
                // A raw-text end tag such as `</style` inside dropped content.
                Pending::Idle | Pending::Lt | Pending::LtSlash => {}
            }
        }
        let text = std::mem::take(&mut *sink.sentinel_text.borrow_mut());
        if let Some(before) = text.strip_suffix(SENTINEL) {
            if !before.is_empty() {
                emit(Token::Text(before));
            }
        } else if text == SENTINEL[1..] && !sink.sentinel_markup.get() {
            // Only the end tag open state eats the sentinel's first `>`
            // without a token: the input ended with `</`, which a browser
            // shows as text.
            emit(Token::Text("</"));
        } else if let Some(before) = text.strip_suffix(&SENTINEL[1..]) {
            if !before.is_empty() {
                emit(Token::Text(before));
            }
        }
    }

    fn drain(&mut self, emit: &mut impl FnMut(Token<'_>)) {
        let tokens = std::mem::take(&mut *self.inner.sink.tokens.borrow_mut());
        let mut attrs = Vec::new();
        for token in &tokens {
            match token {
                Owned::Start(tag) => {
                    attrs.clear();
                    let (max_name, max_value, max_tag) = self.attr_caps;
                    let mut used = 0usize;
                    attrs.extend(tag.attrs.iter().map(|a| {
                        let (name, value): (&str, &str) = (&a.name.local, &a.value);
                        let name_room = max_name.min(max_tag.saturating_sub(used));
                        let name_kept = name.len().min(name_room);
                        used += name_kept;
                        let value_room = max_value.min(max_tag.saturating_sub(used));
                        let value_kept = value.len().min(value_room);
                        used += value_kept;
                        Attr {
                            name,
                            value,
                            cut: name_kept < name.len() || value_kept < value.len(),
                        }
                    }));
                    emit(Token::StartTag(StartTag {
                        name: &tag.name,
                        // The adapter knows no policy: see `Tokenize::feed`.
                        facts: Facts::tables(&tag.name),
                        attrs: Attrs::List(&attrs),
                        self_closing: tag.self_closing,
                    }));
                }
                Owned::End(tag) => emit(Token::EndTag {
                    name: &tag.name,
                    facts: Facts::tables(&tag.name),
                }),
                Owned::Text(text) => emit(Token::Text(text)),
                Owned::Comment(kind) => emit(Token::Comment(*kind)),
                Owned::Doctype => emit(Token::Doctype),
            }
        }
        // Give the allocation back for the next piece.
        let mut tokens = tokens;
        tokens.clear();
        let mut slot = self.inner.sink.tokens.borrow_mut();
        if slot.is_empty() {
            *slot = tokens;
        }
    }

    /// Advance the pending-tag tracking over a piece about to be fed in the
    /// data state.
    fn track_pending(&mut self, piece: &str) {
        let bytes = piece.as_bytes();
        let mut from = 0;
        // Resolve a `<` or `</` left at the end of the previous piece.
        match self.pending {
            Pending::Lt => {
                self.pending = match bytes.first() {
                    Some(b) if b.is_ascii_alphabetic() => Pending::Tag("<".into()),
                    Some(b'/') => match bytes.get(1) {
                        Some(b) if b.is_ascii_alphabetic() => Pending::Tag("<".into()),
                        None => Pending::LtSlash,
                        _ => Pending::Idle,
                    },
                    _ => Pending::Idle,
                };
            }
            Pending::LtSlash => {
                self.pending = match bytes.first() {
                    Some(b) if b.is_ascii_alphabetic() => Pending::Tag("</".into()),
                    _ => Pending::Idle,
                };
            }
            _ => {}
        }
        if self.pending == Pending::Idle {
            while let Some(i) = piece[from..].find('<').map(|i| from + i) {
                let next = bytes.get(i + 1);
                let after = bytes.get(i + 2);
                match (next, after) {
                    (Some(b), _) if b.is_ascii_alphabetic() => {
                        from = i;
                        self.pending = Pending::Tag(String::new());
                        break;
                    }
                    (Some(b'/'), Some(b)) if b.is_ascii_alphabetic() => {
                        from = i;
                        self.pending = Pending::Tag(String::new());
                        break;
                    }
                    (None, _) => {
                        self.pending = Pending::Lt;
                        return;
                    }
                    (Some(b'/'), None) => {
                        self.pending = Pending::LtSlash;
                        return;
                    }
                    _ => from = i + 1,
                }
            }
        }
        if let Pending::Tag(raw) = &mut self.pending {
            let piece = &piece[from..];
            if raw.len() + piece.len() > self.max_pending {
                self.pending = Pending::Overflow;
            } else {
                raw.push_str(piece);
            }
        }
    }
}

/// The input-stream preprocessing and data-state NUL rule, for raw text
/// that did not go through the tokenizer: CR LF and CR become LF
/// (<https://html.spec.whatwg.org/multipage/parsing.html#preprocessing-the-input-stream>),
/// NUL goes (the tree builder ignores it in body text).
fn preprocess(raw: &str) -> String {
    raw.replace("\r\n", "\n").replace('\r', "\n").replace('\0', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens as debug strings, input fed in one piece.
    fn tokens(input: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut t = Tokenizer::new(1024);
        let mut emit = |tok: Token<'_>| out.push(format!("{tok:?}"));
        t.feed(input, &mut emit);
        t.finish(&mut emit);
        out
    }

    fn texts(input: &str) -> String {
        let mut out = String::new();
        let mut t = Tokenizer::new(1024);
        let mut emit = |tok: Token<'_>| {
            if let Token::Text(s) = tok {
                out.push_str(s)
            }
        };
        for c in input.chars() {
            t.feed(c.encode_utf8(&mut [0; 4]), &mut emit);
        }
        t.finish(&mut emit);
        out
    }

    #[test]
    fn textarea_content_is_text() {
        let toks = tokens("<textarea><b>x</b></textarea>");
        assert!(
            toks.iter().filter(|t| t.starts_with("StartTag")).count() == 1,
            "{toks:?}"
        );
        assert!(
            toks.last().is_some_and(|t| t.contains("EndTag { name: \"textarea\", ")),
            "{toks:?}"
        );
    }

    #[test]
    fn unterminated_tags_come_back_as_text() {
        assert_eq!(texts("a<b"), "a<b");
        assert_eq!(texts("a<b c=\"d>e"), "a<b c=\"d>e");
        assert_eq!(texts("x</y"), "x</y");
        assert_eq!(texts("x</"), "x</");
        assert_eq!(texts("x<"), "x<");
        assert_eq!(texts("I <3 this"), "I <3 this");
        assert_eq!(texts("a<b>c"), "ac");
        assert_eq!(texts("a<!-- <b -->c<d e='>"), "ac<d e='>");
        assert_eq!(texts("&amp"), "&");
        assert_eq!(texts("q<a href="), "q<a href=");
    }

    #[test]
    fn unterminated_comment_is_not_text() {
        assert_eq!(texts("a<!-- b"), "a");
        assert_eq!(texts("a<!"), "a");
    }

    #[test]
    fn long_pending_tag_is_reported() {
        let mut t = Tokenizer::new(4);
        let mut seen = Vec::new();
        let mut emit = |tok: Token<'_>| seen.push(format!("{tok:?}"));
        t.feed("<abcdefgh", &mut emit);
        t.finish(&mut emit);
        assert_eq!(seen, ["UnterminatedTag"]);
    }

    #[test]
    fn cdata_only_in_foreign_content() {
        let toks = tokens("<![CDATA[x]]>");
        assert!(toks[0].contains("CdataSection"), "{toks:?}");
        let toks = tokens("<svg><![CDATA[x]]></svg>");
        assert!(toks[1].contains("Text(\"x\")"), "{toks:?}");
    }
}
