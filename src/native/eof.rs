//! The end of the input, state by state.
//!
//! What the standard emits at end of file in each state, plus the
//! sanitizer flavor's rules: a tag started in the data state and cut off is
//! given back as text, and an appropriate end tag cut off inside a raw-text
//! element is dropped (see [`Machine::eof`]).

use memchr::memchr;

use super::interface::{Doctype, Flavor, Sink};
use super::machine::Machine;
use super::states::State;
use crate::event::Token;

impl Machine {
    /// End of input: emit what the current state holds, then reset.
    pub(super) fn eof(&mut self, sink: &mut impl Sink) {
        use State as S;
        if self.escape && self.raw_tracking {
            // In escape mode every construct cut off by the end of the
            // input is given back as the text it was typed as.
            self.eof_in_tag(sink);
            self.reset();
            return;
        }
        match self.state {
            S::RcdataLessThanSign
            | S::RawtextLessThanSign
            | S::ScriptDataLessThanSign
            | S::ScriptDataEscapedLessThanSign => sink.token(Token::Text("<")),
            S::RcdataEndTagOpen | S::RawtextEndTagOpen | S::ScriptDataEndTagOpen | S::ScriptDataEscapedEndTagOpen => {
                sink.token(Token::Text("</"))
            }
            S::RcdataEndTagName | S::RawtextEndTagName | S::ScriptDataEndTagName | S::ScriptDataEscapedEndTagName => {
                // The html5ever adapter drops an appropriate end tag cut off
                // by the end of input (its sentinel completes it); the
                // standard gives it back as text. Either way it is the last
                // text of a raw-text element.
                if !(self.flavor == Flavor::Sanitizer && self.appropriate()) {
                    sink.token(Token::Text("</"));
                    sink.token(Token::Text(&self.temp));
                }
            }
            S::TagOpen => sink.token(Token::Text("<")),
            S::EndTagOpen => sink.token(Token::Text("</")),
            s if s.is_tag() => self.eof_in_tag(sink),
            S::CdataSectionBracket => sink.token(Token::Text("]")),
            S::CdataSectionEnd => sink.token(Token::Text("]]")),
            S::MarkupDeclarationOpen => {
                self.comment.clear();
                self.comment.push_str(&self.temp);
                self.emit_comment(sink);
            }
            S::BogusComment
            | S::CommentStart
            | S::CommentStartDash
            | S::Comment
            | S::CommentLessThanSign
            | S::CommentLessThanSignBang
            | S::CommentLessThanSignBangDash
            | S::CommentLessThanSignBangDashDash
            | S::CommentEndDash
            | S::CommentEnd
            | S::CommentEndBang => self.emit_comment(sink),
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
            | S::BogusDoctype
            | S::AfterDoctypeSystemIdentifier => {
                if self.state != S::BogusDoctype {
                    self.doctype.force_quirks = true;
                }
                self.emit_doctype(sink);
            }
            S::CharacterReference
            | S::NamedCharacterReference
            | S::NumericCharacterReference
            | S::HexadecimalCharacterReferenceStart
            | S::DecimalCharacterReferenceStart
            | S::HexadecimalCharacterReference
            | S::DecimalCharacterReference
            | S::NumericCharacterReferenceEnd => {
                if self.cref.return_state.is_attribute_value() {
                    self.eof_in_tag(sink);
                } else {
                    self.char_ref_eof(sink);
                }
            }
            S::Data
            | S::Rcdata
            | S::Rawtext
            | S::ScriptData
            | S::Plaintext
            | S::ScriptDataEscapeStart
            | S::ScriptDataEscapeStartDash
            | S::ScriptDataEscaped
            | S::ScriptDataEscapedDash
            | S::ScriptDataEscapedDashDash
            | S::ScriptDataDoubleEscapeStart
            | S::ScriptDataDoubleEscaped
            | S::ScriptDataDoubleEscapedDash
            | S::ScriptDataDoubleEscapedDashDash
            | S::ScriptDataDoubleEscapedLessThanSign
            | S::ScriptDataDoubleEscapeEnd
            | S::CdataSection
            | S::TagName
            | S::BeforeAttributeName
            | S::AttributeName
            | S::AfterAttributeName
            | S::BeforeAttributeValue
            | S::AttributeValueDoubleQuoted
            | S::AttributeValueSingleQuoted
            | S::AttributeValueUnquoted
            | S::AfterAttributeValueQuoted
            | S::SelfClosingStartTag => {}
        }
        self.reset();
    }

    /// The input ended inside a tag: the standard drops the tag; the
    /// sanitizer gives a tag started in the data state back as text (its
    /// preprocessed source from the `<`, with NULs dropped as in the data
    /// state), or [`Token::UnterminatedTag`] if it grew past
    /// `max_pending_tag_bytes` (counted after CR LF became LF).
    fn eof_in_tag(&mut self, sink: &mut impl Sink) {
        if self.flavor != Flavor::Sanitizer || !self.raw_tracking {
            return;
        }
        if self.raw_overflow {
            sink.token(Token::UnterminatedTag);
        } else if memchr(0, self.raw.as_bytes()).is_some() {
            // Given back as text, it follows the data state's NUL rule.
            sink.token(Token::Text(&self.raw.replace('\0', "")));
        } else if !self.raw.is_empty() {
            sink.token(Token::Text(&self.raw));
        }
    }

    fn reset(&mut self) {
        self.state = State::Data;
        self.run = None;
        self.last_start_tag.clear();
        self.temp.clear();
        self.raw_tracking = false;
        self.raw_from = None;
        self.raw.clear();
        self.raw_overflow = false;
        self.comment.clear();
        self.doctype = Doctype::default();
    }
}
