//! Character references, in text and in attribute values.
//!
//! Named references come from servo's `web_atoms::NAMED_ENTITIES` (the
//! table html5ever's tokenizer reads too, through `markup5ever::data`),
//! which maps every entity name *and every prefix of one* (to `(0, 0)`)
//! without the `&`. That is what makes streaming easy: a name is read one
//! character at a time, for as long as it is still a prefix of some entity,
//! and the longest full match seen is remembered; so `&notit;` decodes
//! `&not` and leaves `it;`, as the standard's "maximum number of
//! characters" rule says. The name is at most as long as the longest entity
//! (33 bytes).
//!
//! In an attribute value a match that does not end in `;` and is followed
//! by `=` or an alphanumeric is left as written (`href="?a=1&copy=2"`), the
//! standard's rule for legacy entities. Numeric references go through the
//! standard's replacements: 0, surrogates and values past U+10FFFF become
//! U+FFFD; 0x80 to 0x9F use the Windows-1252 table.
//!
//! The standard's *ambiguous ampersand state* is folded into the return
//! state: after an unknown name it passes alphanumerics and `;` through
//! unchanged, as the return states themselves do.

use web_atoms::{C1_REPLACEMENTS, NAMED_ENTITIES};

use super::bytes::slice;
use super::interface::Sink;
use super::machine::Machine;
use super::states::State;
use crate::event::Token;

/// Past any code point: values are capped here so they cannot overflow.
const TOO_BIG: u32 = 0x11_0000;

impl Machine {
    /// An `&` was consumed in `return_state`.
    pub(super) fn begin_char_ref(&mut self, return_state: State) {
        self.cref.return_state = return_state;
        self.state = State::CharacterReference;
    }

    /// Output for the reference: text, or the attribute value.
    fn cref_out(&mut self, s: &str, sink: &mut impl Sink) {
        if s.is_empty() {
            return;
        }
        if self.cref.return_state.is_attribute_value() {
            self.push_attr_value(s);
        } else {
            sink.token(Token::Text(s));
        }
    }

    fn cref_out_char(&mut self, code: u32, sink: &mut impl Sink) {
        if let Some(c) = char::from_u32(code) {
            let mut buf = [0; 4];
            self.cref_out(c.encode_utf8(&mut buf), sink);
        }
    }

    /// "Flush code points consumed as a character reference" of a named
    /// reference, given the character after the name (`None` at the end of
    /// the input), then return.
    fn resolve_named(&mut self, next: Option<u8>, sink: &mut impl Sink) {
        let name = std::mem::take(&mut self.cref.name);
        let attr = self.cref.return_state.is_attribute_value();
        match self.cref.best.take() {
            Some((len, first, second)) => {
                let semicolon = name.as_bytes().get(len.wrapping_sub(1)) == Some(&b';');
                let after = name.as_bytes().get(len).copied().or(next);
                let legacy_kept = attr && !semicolon && after.is_some_and(|c| c == b'=' || c.is_ascii_alphanumeric());
                if legacy_kept {
                    self.cref_out("&", sink);
                    self.cref_out(&name, sink);
                } else {
                    self.cref_out_char(first, sink);
                    if second != 0 {
                        self.cref_out_char(second, sink);
                    }
                    self.cref_out(name.get(len..).unwrap_or_default(), sink);
                }
            }
            //§ ambiguous-ampersand-state
            // Folded into the return state (see the module docs).
            None => {
                self.cref_out("&", sink);
                self.cref_out(&name, sink);
            }
        }
        self.cref.name = name;
        self.cref.name.clear();
        self.state = self.cref.return_state;
    }

    //§ numeric-character-reference-end-state
    fn resolve_numeric(&mut self, sink: &mut impl Sink) {
        let code = match self.cref.number {
            0 | 0xD800..=0xDFFF | TOO_BIG.. => 0xFFFD,
            n @ 0x80..=0x9F => C1_REPLACEMENTS
                .get((n - 0x80) as usize)
                .copied()
                .flatten()
                .map_or(n, u32::from),
            n => n,
        };
        self.cref_out_char(code, sink);
        self.state = self.cref.return_state;
    }

    pub(super) fn char_ref_step(&mut self, input: &str, i: usize, sink: &mut impl Sink) -> usize {
        let bytes = input.as_bytes();
        let c = bytes[i];
        match self.state {
            //§ character-reference-state
            State::CharacterReference => {
                if c.is_ascii_alphanumeric() {
                    self.cref.name.clear();
                    self.cref.best = None;
                    self.state = State::NamedCharacterReference;
                    return i;
                }
                if c == b'#' {
                    self.cref.number = 0;
                    self.state = State::NumericCharacterReference;
                    return i + 1;
                }
                self.cref_out("&", sink);
                self.state = self.cref.return_state;
                i
            }
            //§ named-character-reference-state
            State::NamedCharacterReference => {
                // Fast path for the usual `&name;`, all in this chunk: no
                // entity name goes on past a `;`, so if `name;` is one, it is
                // the longest match, found with one lookup instead of one
                // per character.
                if self.cref.name.is_empty() {
                    let run = bytes[i..]
                        .iter()
                        .take(40)
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .count();
                    if bytes.get(i + run) == Some(&b';') {
                        let candidate = slice(input, i, i + run + 1);
                        if let Some(&(first, second)) = NAMED_ENTITIES.get(candidate).filter(|v| v.0 != 0) {
                            self.cref.name.push_str(candidate);
                            self.cref.best = Some((candidate.len(), first, second));
                            self.resolve_named(None, sink);
                            return i + run + 1;
                        }
                    }
                }
                let mut i = i;
                while let Some(&c) = bytes.get(i) {
                    if !(c.is_ascii_alphanumeric() || c == b';') {
                        self.resolve_named(Some(c), sink);
                        return i;
                    }
                    self.cref.name.push(char::from(c));
                    match NAMED_ENTITIES.get(self.cref.name.as_str()) {
                        Some(&(first, second)) => {
                            if first != 0 {
                                self.cref.best = Some((self.cref.name.len(), first, second));
                            }
                            i += 1;
                            if c == b';' {
                                // No entity name goes on past a `;`.
                                self.resolve_named(None, sink);
                                return i;
                            }
                        }
                        None => {
                            self.cref.name.pop();
                            self.resolve_named(Some(c), sink);
                            return i;
                        }
                    }
                }
                i
            }
            //§ numeric-character-reference-state
            State::NumericCharacterReference => {
                if c == b'x' || c == b'X' {
                    self.cref.x = char::from(c);
                    self.state = State::HexadecimalCharacterReferenceStart;
                    return i + 1;
                }
                self.state = State::DecimalCharacterReferenceStart;
                i
            }
            //§ hexadecimal-character-reference-start-state decimal-character-reference-start-state
            State::HexadecimalCharacterReferenceStart | State::DecimalCharacterReferenceStart => {
                let hex = self.state == State::HexadecimalCharacterReferenceStart;
                if (hex && c.is_ascii_hexdigit()) || (!hex && c.is_ascii_digit()) {
                    self.state = if hex {
                        State::HexadecimalCharacterReference
                    } else {
                        State::DecimalCharacterReference
                    };
                } else {
                    self.numeric_absent(sink);
                }
                i
            }
            //§ hexadecimal-character-reference-state decimal-character-reference-state
            State::HexadecimalCharacterReference | State::DecimalCharacterReference => {
                let radix = if self.state == State::HexadecimalCharacterReference {
                    16
                } else {
                    10
                };
                let mut i = i;
                while let Some(&c) = bytes.get(i) {
                    match char::from(c).to_digit(radix) {
                        Some(d) => {
                            self.cref.number = self.cref.number.saturating_mul(radix).saturating_add(d).min(TOO_BIG);
                            i += 1;
                        }
                        None => {
                            self.state = State::NumericCharacterReferenceEnd;
                            return if c == b';' { i + 1 } else { i };
                        }
                    }
                }
                i
            }
            State::NumericCharacterReferenceEnd => {
                self.resolve_numeric(sink);
                i
            }
            // Only the states above are dispatched here.
            _ => {
                self.state = self.cref.return_state;
                i
            }
        }
    }

    /// `&#` or `&#x` with no digits: given back as written.
    fn numeric_absent(&mut self, sink: &mut impl Sink) {
        self.cref_out("&#", sink);
        if self.state == State::HexadecimalCharacterReferenceStart {
            let mut buf = [0; 4];
            let x = self.cref.x.encode_utf8(&mut buf);
            self.cref_out(x, sink);
        }
        self.state = self.cref.return_state;
    }

    /// The input ended inside a reference in text.
    pub(super) fn char_ref_eof(&mut self, sink: &mut impl Sink) {
        match self.state {
            State::CharacterReference => self.cref_out("&", sink),
            State::NamedCharacterReference => self.resolve_named(None, sink),
            State::NumericCharacterReference => self.cref_out("&#", sink),
            State::HexadecimalCharacterReferenceStart | State::DecimalCharacterReferenceStart => {
                self.numeric_absent(sink)
            }
            _ => self.resolve_numeric(sink),
        }
    }
}
