//! The DOCTYPE states.
//!
//! A DOCTYPE is dropped by the pipeline, so outside [`Flavor::Spec`] its
//! fields are not kept at all; the states still run, because they decide
//! where it ends (a `>` inside a quoted identifier ends it too, as
//! "abrupt"). The `PUBLIC` and `SYSTEM` keywords, which the standard reads
//! by looking ahead six characters, are matched a character at a time in
//! `temp`, so they may be split across chunks.

use memchr::memchr;

use super::bytes::{char_at, is_ws};
use super::interface::{Doctype, Flavor, Sink};
use super::machine::Machine;
use super::states::State;

/// Which DOCTYPE field a character goes to.
#[derive(Clone, Copy)]
enum Field {
    Name,
    Public,
    System,
}

impl Machine {
    fn doctype_push(&mut self, field: Field, ch: char) {
        if self.flavor != Flavor::Spec {
            return;
        }
        let slot = match field {
            Field::Name => &mut self.doctype.name,
            Field::Public => &mut self.doctype.public_id,
            Field::System => &mut self.doctype.system_id,
        };
        slot.get_or_insert_with(String::new).push(ch);
    }

    /// Start a (possibly empty) DOCTYPE field.
    fn doctype_open(&mut self, field: Field) {
        if self.flavor != Flavor::Spec {
            return;
        }
        let slot = match field {
            Field::Name => &mut self.doctype.name,
            Field::Public => &mut self.doctype.public_id,
            Field::System => &mut self.doctype.system_id,
        };
        *slot = Some(String::new());
    }

    pub(super) fn emit_doctype(&mut self, sink: &mut impl Sink) {
        if self.escaping() {
            self.doctype = Doctype::default();
            return;
        }
        sink.doctype(&self.doctype);
        self.doctype = Doctype::default();
        self.state = State::Data;
    }

    /// Force quirks, then reconsume in the bogus DOCTYPE state.
    fn bogus_doctype(&mut self, i: usize) -> usize {
        self.doctype.force_quirks = true;
        self.state = State::BogusDoctype;
        i
    }

    /// Force quirks and emit (a `>` where an identifier was expected).
    fn doctype_abrupt(&mut self, i: usize, sink: &mut impl Sink) -> usize {
        self.doctype.force_quirks = true;
        self.emit_doctype(sink);
        i + 1
    }

    pub(super) fn doctype_step(&mut self, input: &str, i: usize, sink: &mut impl Sink) -> usize {
        let Some(ch) = char_at(input, i) else {
            return input.len();
        };
        let next = i + ch.len_utf8();
        let c = input.as_bytes()[i];
        use State as S;
        match self.state {
            //§ doctype-state
            S::Doctype => {
                self.state = S::BeforeDoctypeName;
                if is_ws(c) {
                    next
                } else {
                    i
                }
            }
            //§ before-doctype-name-state
            S::BeforeDoctypeName => match c {
                c if is_ws(c) => next,
                b'>' => self.doctype_abrupt(i, sink),
                _ => {
                    self.doctype_open(Field::Name);
                    self.state = S::DoctypeName;
                    i
                }
            },
            //§ doctype-name-state
            S::DoctypeName => match c {
                c if is_ws(c) => {
                    self.temp.clear();
                    self.state = S::AfterDoctypeName;
                    next
                }
                b'>' => {
                    self.emit_doctype(sink);
                    next
                }
                0 => {
                    self.doctype_push(Field::Name, '\u{FFFD}');
                    next
                }
                _ => {
                    self.doctype_push(Field::Name, ch.to_ascii_lowercase());
                    next
                }
            },
            //§ after-doctype-name-state
            // `PUBLIC` or `SYSTEM` (any case) is matched a character at a
            // time in `temp`, so it may be split across chunks.
            S::AfterDoctypeName => {
                if self.temp.is_empty() {
                    if is_ws(c) {
                        return next;
                    }
                    if c == b'>' {
                        self.emit_doctype(sink);
                        return next;
                    }
                }
                self.temp.push(ch.to_ascii_uppercase());
                match self.temp.as_str() {
                    "PUBLIC" => self.state = S::AfterDoctypePublicKeyword,
                    "SYSTEM" => self.state = S::AfterDoctypeSystemKeyword,
                    t if "PUBLIC".starts_with(t) || "SYSTEM".starts_with(t) => {}
                    _ => {
                        self.temp.clear();
                        return self.bogus_doctype(i);
                    }
                }
                next
            }
            //§ after-doctype-public-keyword-state before-doctype-public-identifier-state
            //§ after-doctype-system-keyword-state before-doctype-system-identifier-state
            S::AfterDoctypePublicKeyword
            | S::BeforeDoctypePublicIdentifier
            | S::AfterDoctypeSystemKeyword
            | S::BeforeDoctypeSystemIdentifier => {
                let public = matches!(
                    self.state,
                    S::AfterDoctypePublicKeyword | S::BeforeDoctypePublicIdentifier
                );
                let (field, dq, sq) = if public {
                    (
                        Field::Public,
                        S::DoctypePublicIdentifierDoubleQuoted,
                        S::DoctypePublicIdentifierSingleQuoted,
                    )
                } else {
                    (
                        Field::System,
                        S::DoctypeSystemIdentifierDoubleQuoted,
                        S::DoctypeSystemIdentifierSingleQuoted,
                    )
                };
                match c {
                    c if is_ws(c) => {
                        self.state = match self.state {
                            S::AfterDoctypePublicKeyword => S::BeforeDoctypePublicIdentifier,
                            S::AfterDoctypeSystemKeyword => S::BeforeDoctypeSystemIdentifier,
                            s => s,
                        };
                        next
                    }
                    b'"' | b'\'' => {
                        self.doctype_open(field);
                        self.state = if c == b'"' { dq } else { sq };
                        next
                    }
                    b'>' => self.doctype_abrupt(i, sink),
                    _ => self.bogus_doctype(i),
                }
            }
            //§ doctype-public-identifier-(double-quoted)-state doctype-public-identifier-(single-quoted)-state
            //§ doctype-system-identifier-(double-quoted)-state doctype-system-identifier-(single-quoted)-state
            S::DoctypePublicIdentifierDoubleQuoted
            | S::DoctypePublicIdentifierSingleQuoted
            | S::DoctypeSystemIdentifierDoubleQuoted
            | S::DoctypeSystemIdentifierSingleQuoted => {
                let (field, quote, after) = match self.state {
                    S::DoctypePublicIdentifierDoubleQuoted => (Field::Public, b'"', S::AfterDoctypePublicIdentifier),
                    S::DoctypePublicIdentifierSingleQuoted => (Field::Public, b'\'', S::AfterDoctypePublicIdentifier),
                    S::DoctypeSystemIdentifierDoubleQuoted => (Field::System, b'"', S::AfterDoctypeSystemIdentifier),
                    _ => (Field::System, b'\'', S::AfterDoctypeSystemIdentifier),
                };
                match c {
                    c if c == quote => {
                        self.state = after;
                        next
                    }
                    b'>' => self.doctype_abrupt(i, sink),
                    0 => {
                        self.doctype_push(field, '\u{FFFD}');
                        next
                    }
                    _ => {
                        self.doctype_push(field, ch);
                        next
                    }
                }
            }
            //§ after-doctype-public-identifier-state between-doctype-public-and-system-identifiers-state
            S::AfterDoctypePublicIdentifier | S::BetweenDoctypePublicAndSystemIdentifiers => match c {
                c if is_ws(c) => {
                    self.state = S::BetweenDoctypePublicAndSystemIdentifiers;
                    next
                }
                b'>' => {
                    self.emit_doctype(sink);
                    next
                }
                b'"' | b'\'' => {
                    self.doctype_open(Field::System);
                    self.state = if c == b'"' {
                        S::DoctypeSystemIdentifierDoubleQuoted
                    } else {
                        S::DoctypeSystemIdentifierSingleQuoted
                    };
                    next
                }
                _ => self.bogus_doctype(i),
            },
            //§ after-doctype-system-identifier-state
            S::AfterDoctypeSystemIdentifier => match c {
                c if is_ws(c) => next,
                b'>' => {
                    self.emit_doctype(sink);
                    next
                }
                // Not a quirk: only an unexpected character.
                _ => {
                    self.state = S::BogusDoctype;
                    i
                }
            },
            //§ bogus-doctype-state
            S::BogusDoctype => match memchr(b'>', &input.as_bytes()[i..]) {
                Some(n) => {
                    self.emit_doctype(sink);
                    i + n + 1
                }
                None => input.len(),
            },
            // Only the states above are dispatched here.
            _ => {
                self.state = S::Data;
                i
            }
        }
    }
}
