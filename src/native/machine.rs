//! The state machine: its state and buffers, the dispatch loop, and the
//! text states (data, RCDATA, RAWTEXT, script data and PLAINTEXT, with
//! their less-than-sign and end tag states). The other families of states
//! add to [`Machine`] from files of their own (see the
//! [module docs](super)).
//!
//! # Invariants
//!
//! - `i`, the position in the chunk, is always on a character boundary: the
//!   machine stops only at ASCII bytes (found by `memchr` or a byte loop)
//!   and otherwise advances by whole characters or to the end of the chunk.
//! - Text to emit unchanged is a *run*: `run` is where it starts in the
//!   current chunk, and it is emitted as one borrowed slice when something
//!   else must be emitted, or at the end of the chunk ([`Machine::flush`]).
//!   Only the data, RCDATA, RAWTEXT, script data, PLAINTEXT and CDATA
//!   states (and the script states that emit what they consume) extend a
//!   run; every other state finds `run` empty.
//! - Between chunks nothing refers to the old chunk: the run is flushed,
//!   and a tag started in the data state has its source so far copied into
//!   `raw` (for the end-of-input rule), capped.
//! - Every buffer is bounded: `tag` by [`Caps`], `temp` by the longest
//!   keyword or last start tag name it is compared with, `comment` by
//!   [`COMMENT_PREFIX`] bytes outside [`Flavor::Spec`], `doctype` is empty
//!   outside [`Flavor::Spec`], `raw` by `max_pending_tag_bytes`, and the
//!   character reference name by the longest entity name.

use memchr::{memchr, memchr2, memchr3};

#[cfg(feature = "_internals")]
use super::bytes::push_capped;
use super::bytes::{is_ws, slice};
use super::char_ref_buf::CharRef;
use super::common_refs::common_reference;
use super::interface::{Caps, Doctype, Flavor, Sink};
use super::states::State;
use super::tag_buf::TagBuf;
use crate::event::Token;

/// Bytes of comment data kept outside [`Flavor::Spec`]: enough to tell
/// `?` (a processing instruction) and `[CDATA[` from other comments.
pub(super) const COMMENT_PREFIX: usize = 8;

/// Where the current chunk is in the input as the caller fed it, so that a
/// token's position can be given in the caller's bytes: the chunk starts at
/// `base`, and one input byte (the LF of a CR LF) was dropped before each
/// position in `dropped` (ascending). Bounded by the chunk's length.
#[derive(Debug, Default)]
pub(crate) struct Offsets {
    pub(crate) base: u64,
    pub(crate) dropped: Vec<usize>,
}

impl Offsets {
    /// The input offset of position `at` of the preprocessed chunk.
    #[inline]
    fn of(&self, at: usize) -> u64 {
        let shift = if self.dropped.is_empty() {
            0
        } else {
            self.dropped.partition_point(|&d| d <= at)
        };
        self.base + (at + shift) as u64
    }
}

pub(super) struct Machine {
    pub(super) state: State,
    pub(super) flavor: Flavor,
    pub(super) caps: Caps,
    /// Start, in the current chunk, of text consumed but not yet emitted.
    pub(super) run: Option<usize>,
    /// The tag being read.
    pub(super) tag: TagBuf,
    /// For "appropriate end tag token" in RCDATA, RAWTEXT and script data.
    pub(super) last_start_tag: String,
    /// The standard's "temporary buffer", also the lookahead of the markup
    /// declaration open state and of the DOCTYPE `PUBLIC`/`SYSTEM` keywords.
    pub(super) temp: String,
    /// A tag started in the data state is being read (`<` seen).
    pub(super) raw_tracking: bool,
    /// Where that tag's `<` is in the current chunk (0 if in an earlier one).
    pub(super) raw_from: Option<usize>,
    /// That tag's source from earlier chunks.
    pub(super) raw: String,
    /// `raw` grew past `max_pending_tag_bytes` and was dropped.
    pub(super) raw_overflow: bool,
    /// The sink escapes markup it does not keep ([`Sink::escapes`]): the
    /// source of every construct started in the data state is tracked, not
    /// only of tags.
    pub(super) escape: bool,
    /// The construct just read is to be written as its source text: set
    /// where the token would have been emitted, and carried out by the
    /// dispatch loop once the step returns the position after its `>`.
    pub(super) escape_pending: bool,
    /// See [`Offsets`].
    pub(super) offsets: Offsets,
    pub(super) comment: String,
    pub(super) doctype: Doctype,
    pub(super) cref: CharRef,
    pub(super) truncations: u64,
}

/// The first `<`, `&` or NUL at or after `from`. The text between tags is
/// often a few bytes (a space, a word): a plain loop over the first 16
/// bytes beats setting up the SIMD search, which takes the rest.
#[inline]
fn find_data_special(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let head = rest.len().min(16);
    if let Some(n) = rest[..head].iter().position(|&b| matches!(b, b'<' | b'&' | 0)) {
        return Some(from + n);
    }
    memchr3(b'<', b'&', 0, &rest[head..]).map(|n| from + head + n)
}

impl Machine {
    pub(super) fn new(flavor: Flavor, caps: Caps, state: State) -> Machine {
        Machine {
            state,
            flavor,
            caps,
            run: None,
            tag: TagBuf::default(),
            last_start_tag: String::new(),
            temp: String::new(),
            raw_tracking: false,
            raw_from: None,
            raw: String::new(),
            raw_overflow: false,
            escape: false,
            escape_pending: false,
            offsets: Offsets::default(),
            comment: String::new(),
            doctype: Doctype::default(),
            cref: CharRef::default(),
            truncations: 0,
        }
    }

    /// Back to the state of a new machine in the sanitizer flavor, keeping
    /// the buffers' allocations. (Every field is named, so a new one cannot
    /// be forgotten here.)
    pub(super) fn recycle(&mut self, new_caps: Caps) {
        let Machine {
            state,
            flavor,
            caps,
            run,
            tag,
            last_start_tag,
            temp,
            raw_tracking,
            raw_from,
            raw,
            raw_overflow,
            escape,
            escape_pending,
            offsets,
            comment,
            doctype,
            cref,
            truncations,
        } = self;
        *state = State::Data;
        *flavor = Flavor::Sanitizer;
        *caps = new_caps;
        *run = None;
        // `new_tag` clears the tag buffers when the next tag starts.
        let _ = tag;
        last_start_tag.clear();
        temp.clear();
        *raw_tracking = false;
        *raw_from = None;
        raw.clear();
        *raw_overflow = false;
        *escape = false;
        *escape_pending = false;
        offsets.base = 0;
        offsets.dropped.clear();

        comment.clear();
        if *doctype != Doctype::default() {
            *doctype = Doctype::default();
        }
        cref.recycle();
        *truncations = 0;
    }

    /// Bytes held in buffers.
    pub(super) fn capacity(&self) -> usize {
        self.tag.capacity()
            + self.last_start_tag.capacity()
            + self.temp.capacity()
            + self.raw.capacity()
            + self.comment.capacity()
            + self.cref.capacity()
            + self.offsets.dropped.capacity() * std::mem::size_of::<usize>()
    }

    #[cfg(feature = "_internals")]
    pub(super) fn set_last_start_tag(&mut self, name: &str) {
        self.last_start_tag.clear();
        push_capped(&mut self.last_start_tag, name, self.caps.max_name_bytes);
    }

    /// Tokenize one preprocessed chunk.
    pub(super) fn run(&mut self, input: &str, sink: &mut impl Sink) {
        if self.raw_tracking {
            self.raw_from = Some(0);
        }
        self.escape = self.flavor == Flavor::Sanitizer && sink.escapes();
        let mut i = 0;
        while i < input.len() {
            i = self.step(input, i, sink);
            if self.escape_pending {
                self.emit_escaped(input, i, sink);
            }
        }
        self.flush(input, input.len(), sink);
        if let (true, Some(from)) = (self.raw_tracking, self.raw_from) {
            self.save_raw(slice(input, from, input.len()));
        }
        self.raw_from = None;
    }

    /// Emit the pending run, up to `at`.
    #[inline]
    pub(super) fn flush(&mut self, input: &str, at: usize, sink: &mut impl Sink) {
        if let Some(from) = self.run.take() {
            if from < at {
                sink.token(Token::Text(slice(input, from, at)));
            }
        }
    }

    /// Extend (or start) the run with the byte at `i`.
    #[inline]
    pub(super) fn verbatim(&mut self, i: usize) -> usize {
        self.run.get_or_insert(i);
        i + 1
    }

    /// A tag started in the data state at `at` (its `<`): keep its source,
    /// for the end-of-input rule.
    pub(super) fn track_raw(&mut self, at: usize) {
        self.raw_tracking = true;
        self.raw_from = Some(at);
        self.raw.clear();
        self.raw_overflow = false;
    }

    /// Write the construct that ends at `end` as its source text (see
    /// [`Sink::escapes`]), or report it if it outgrew
    /// `max_pending_tag_bytes`, so that it is never written cut short.
    fn emit_escaped(&mut self, input: &str, end: usize, sink: &mut impl Sink) {
        self.escape_pending = false;
        self.raw_tracking = false;
        let from = self.raw_from.take().unwrap_or(0);
        let tail = slice(input, from, end);
        if !self.raw_overflow && self.raw.len() + tail.len() > self.caps.max_pending_tag_bytes {
            self.raw_overflow = true;
        }
        if self.raw_overflow {
            sink.token(Token::Overlong);
        } else {
            let text = if self.raw.is_empty() {
                tail
            } else {
                self.raw.push_str(tail);
                &self.raw
            };
            // As text, it follows the data state's NUL rule.
            if memchr(0, text.as_bytes()).is_some() {
                sink.token(Token::Text(&text.replace('\0', "")));
            } else if !text.is_empty() {
                sink.token(Token::Text(text));
            }
        }
        self.raw.clear();
        self.raw_overflow = false;
    }

    /// Where a token would be emitted: in escape mode, write its source
    /// instead (see `escape_pending`). Returns whether it did.
    #[inline]
    pub(super) fn escaping(&mut self) -> bool {
        if self.escape && self.raw_tracking {
            self.escape_pending = true;
            self.state = State::Data;
            return true;
        }
        false
    }

    fn save_raw(&mut self, source: &str) {
        if self.raw_overflow {
            return;
        }
        if self.raw.len() + source.len() > self.caps.max_pending_tag_bytes {
            self.raw_overflow = true;
            self.raw = String::new();
        } else {
            self.raw.push_str(source);
        }
    }

    /// One step from `i`: consume at least one byte or change state.
    fn step(&mut self, input: &str, i: usize, sink: &mut impl Sink) -> usize {
        use State as S;
        match self.state {
            S::Data => self.data(input, i, sink),
            S::Rcdata => self.rcdata(input, i, sink),
            S::Rawtext => self.rawtext_or_script(input, i, sink, S::RawtextLessThanSign),
            S::ScriptData => self.rawtext_or_script(input, i, sink, S::ScriptDataLessThanSign),
            S::Plaintext => self.plaintext(input, i, sink),
            S::RcdataLessThanSign => self.raw_less_than_sign(input, i, sink, S::RcdataEndTagOpen, S::Rcdata),
            S::RawtextLessThanSign => self.raw_less_than_sign(input, i, sink, S::RawtextEndTagOpen, S::Rawtext),
            S::RcdataEndTagOpen => self.raw_end_tag_open(input, i, sink, S::RcdataEndTagName, S::Rcdata),
            S::RawtextEndTagOpen => self.raw_end_tag_open(input, i, sink, S::RawtextEndTagName, S::Rawtext),
            S::ScriptDataEndTagOpen => self.raw_end_tag_open(input, i, sink, S::ScriptDataEndTagName, S::ScriptData),
            S::ScriptDataEscapedEndTagOpen => {
                self.raw_end_tag_open(input, i, sink, S::ScriptDataEscapedEndTagName, S::ScriptDataEscaped)
            }
            S::RcdataEndTagName => self.raw_end_tag_name(input, i, sink, S::Rcdata),
            S::RawtextEndTagName => self.raw_end_tag_name(input, i, sink, S::Rawtext),
            S::ScriptDataEndTagName => self.raw_end_tag_name(input, i, sink, S::ScriptData),
            S::ScriptDataEscapedEndTagName => self.raw_end_tag_name(input, i, sink, S::ScriptDataEscaped),
            S::ScriptDataLessThanSign
            | S::ScriptDataEscapeStart
            | S::ScriptDataEscapeStartDash
            | S::ScriptDataEscaped
            | S::ScriptDataEscapedDash
            | S::ScriptDataEscapedDashDash
            | S::ScriptDataEscapedLessThanSign
            | S::ScriptDataDoubleEscapeStart
            | S::ScriptDataDoubleEscaped
            | S::ScriptDataDoubleEscapedDash
            | S::ScriptDataDoubleEscapedDashDash
            | S::ScriptDataDoubleEscapedLessThanSign
            | S::ScriptDataDoubleEscapeEnd => self.script_step(input, i, sink),
            S::TagOpen
            | S::EndTagOpen
            | S::TagName
            | S::BeforeAttributeName
            | S::AttributeName
            | S::AfterAttributeName
            | S::BeforeAttributeValue
            | S::AttributeValueDoubleQuoted
            | S::AttributeValueSingleQuoted
            | S::AttributeValueUnquoted
            | S::AfterAttributeValueQuoted
            | S::SelfClosingStartTag => self.tag_step(input, i, sink),
            S::BogusComment
            | S::MarkupDeclarationOpen
            | S::CommentStart
            | S::CommentStartDash
            | S::Comment
            | S::CommentLessThanSign
            | S::CommentLessThanSignBang
            | S::CommentLessThanSignBangDash
            | S::CommentLessThanSignBangDashDash
            | S::CommentEndDash
            | S::CommentEnd
            | S::CommentEndBang
            | S::CdataSection
            | S::CdataSectionBracket
            | S::CdataSectionEnd => self.markup_step(input, i, sink),
            S::Doctype
            | S::BeforeDoctypeName
            | S::DoctypeName
            | S::AfterDoctypeName
            | S::AfterDoctypePublicKeyword
            | S::BeforeDoctypePublicIdentifier
            | S::DoctypePublicIdentifierDoubleQuoted
            | S::DoctypePublicIdentifierSingleQuoted
            | S::AfterDoctypePublicIdentifier
            | S::BetweenDoctypePublicAndSystemIdentifiers
            | S::AfterDoctypeSystemKeyword
            | S::BeforeDoctypeSystemIdentifier
            | S::DoctypeSystemIdentifierDoubleQuoted
            | S::DoctypeSystemIdentifierSingleQuoted
            | S::AfterDoctypeSystemIdentifier
            | S::BogusDoctype => self.doctype_step(input, i, sink),
            S::CharacterReference
            | S::NamedCharacterReference
            | S::NumericCharacterReference
            | S::HexadecimalCharacterReferenceStart
            | S::DecimalCharacterReferenceStart
            | S::HexadecimalCharacterReference
            | S::DecimalCharacterReference
            | S::NumericCharacterReferenceEnd => self.char_ref_step(input, i, sink),
        }
    }

    //§ data-state
    fn data(&mut self, input: &str, i: usize, sink: &mut impl Sink) -> usize {
        let bytes = input.as_bytes();
        self.run.get_or_insert(i);
        let Some(at) = find_data_special(bytes, i) else {
            return bytes.len();
        };
        self.flush(input, at, sink);
        match bytes[at] {
            b'<' => {
                // Where the markup starts, for the report.
                sink.position(self.offsets.of(at));
                if self.escape {
                    self.track_raw(at);
                }
                if let Some(next) = self.fast_tag(input, at + 1, sink) {
                    return next;
                }
                if let Some(next) = self.fast_comment(input, at + 1, sink) {
                    return next;
                }
                self.state = State::TagOpen;
                self.track_raw(at);
            }
            b'&' => {
                if let Some((text, len)) = common_reference(&bytes[at + 1..]) {
                    sink.token(Token::Text(text));
                    return at + 1 + len;
                }
                self.begin_char_ref(State::Data)
            }
            // NUL: the spec tokenizer emits it; "in body" ignores it, "in
            // column group" does not.
            _ => {
                if self.flavor == Flavor::Spec || sink.wants_nul() {
                    sink.token(Token::Text("\0"));
                }
            }
        }
        at + 1
    }

    //§ rcdata-state
    fn rcdata(&mut self, input: &str, i: usize, sink: &mut impl Sink) -> usize {
        let bytes = input.as_bytes();
        self.run.get_or_insert(i);
        let Some(at) = memchr3(b'<', b'&', 0, &bytes[i..]).map(|n| i + n) else {
            return bytes.len();
        };
        self.flush(input, at, sink);
        match bytes[at] {
            b'<' => {
                if let Some(next) = self.fast_raw_end_tag(input, at, sink) {
                    return next;
                }
                self.state = State::RcdataLessThanSign
            }
            b'&' => self.begin_char_ref(State::Rcdata),
            _ => sink.token(Token::Text("\u{FFFD}")),
        }
        at + 1
    }

    //§ rawtext-state script-data-state
    fn rawtext_or_script(&mut self, input: &str, i: usize, sink: &mut impl Sink, less_than: State) -> usize {
        let bytes = input.as_bytes();
        self.run.get_or_insert(i);
        let Some(at) = memchr2(b'<', 0, &bytes[i..]).map(|n| i + n) else {
            return bytes.len();
        };
        self.flush(input, at, sink);
        match bytes[at] {
            b'<' => {
                if let Some(next) = self.fast_raw_end_tag(input, at, sink) {
                    return next;
                }
                self.state = less_than
            }
            _ => sink.token(Token::Text("\u{FFFD}")),
        }
        at + 1
    }

    //§ plaintext-state
    fn plaintext(&mut self, input: &str, i: usize, sink: &mut impl Sink) -> usize {
        let bytes = input.as_bytes();
        self.run.get_or_insert(i);
        let Some(at) = memchr(0, &bytes[i..]).map(|n| i + n) else {
            return bytes.len();
        };
        self.flush(input, at, sink);
        sink.token(Token::Text("\u{FFFD}"));
        at + 1
    }

    //§ rcdata-less-than-sign-state rawtext-less-than-sign-state
    fn raw_less_than_sign(&mut self, input: &str, i: usize, sink: &mut impl Sink, open: State, text: State) -> usize {
        if input.as_bytes()[i] == b'/' {
            self.temp.clear();
            self.state = open;
            return i + 1;
        }
        sink.token(Token::Text("<"));
        self.state = text;
        i
    }

    //§ rcdata-end-tag-open-state rawtext-end-tag-open-state script-data-end-tag-open-state
    //§ script-data-escaped-end-tag-open-state
    fn raw_end_tag_open(&mut self, input: &str, i: usize, sink: &mut impl Sink, name: State, text: State) -> usize {
        if input.as_bytes()[i].is_ascii_alphabetic() {
            self.new_tag(true);
            self.state = name;
        } else {
            sink.token(Token::Text("</"));
            self.state = text;
        }
        i
    }

    /// The temporary buffer names the last start tag: an "appropriate end
    /// tag token".
    pub(super) fn appropriate(&self) -> bool {
        !self.last_start_tag.is_empty() && self.temp.eq_ignore_ascii_case(&self.last_start_tag)
    }

    //§ rcdata-end-tag-name-state rawtext-end-tag-name-state script-data-end-tag-name-state
    //§ script-data-escaped-end-tag-name-state
    /// The standard keeps appending letters until a delimiter and only then
    /// asks whether the tag is appropriate; once the letters are no longer a
    /// prefix of the last start tag's name the answer can only be no, so
    /// this gives them back as text at once, which keeps `temp` bounded.
    fn raw_end_tag_name(&mut self, input: &str, i: usize, sink: &mut impl Sink, text: State) -> usize {
        let c = input.as_bytes()[i];
        if (is_ws(c) || c == b'/' || c == b'>') && self.appropriate() {
            self.tag.name.clear();
            self.tag.name.push_str(&self.temp);
            self.tag.name.make_ascii_lowercase();
            match c {
                b'/' => self.state = State::SelfClosingStartTag,
                b'>' => self.emit_tag(sink),
                _ => self.state = State::BeforeAttributeName,
            }
            return i + 1;
        }
        if c.is_ascii_alphabetic() {
            self.temp.push(char::from(c));
            let last = self.last_start_tag.as_bytes();
            let prefix =
                last.len() >= self.temp.len() && last[..self.temp.len()].eq_ignore_ascii_case(self.temp.as_bytes());
            if prefix {
                return i + 1;
            }
            sink.token(Token::Text("</"));
            sink.token(Token::Text(&self.temp));
            self.state = text;
            return i + 1;
        }
        sink.token(Token::Text("</"));
        sink.token(Token::Text(&self.temp));
        self.state = text;
        i
    }
}
