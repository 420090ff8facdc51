//! Markup declarations: comments, bogus comments and CDATA sections
//! (DOCTYPEs are in [`doctype`](super::doctype)).
//!
//! Outside [`Flavor::Spec`] a comment keeps only its first
//! [`COMMENT_PREFIX`] bytes (enough for its [`CommentKind`]) and a DOCTYPE
//! keeps nothing: the pipeline drops both, so they cost no memory however
//! long they are. The states still run in full, because they decide where
//! the comment or DOCTYPE ends.

use memchr::{memchr2, memchr3};

use super::bytes::{push_capped, slice};
use super::interface::{Doctype, Flavor, Sink};
use super::machine::{Machine, COMMENT_PREFIX};
use super::states::State;
use crate::event::{CommentKind, Token};

impl Machine {
    pub(super) fn comment_push(&mut self, s: &str) {
        if self.flavor == Flavor::Spec {
            self.comment.push_str(s);
        } else if self.comment.len() < COMMENT_PREFIX && !push_capped(&mut self.comment, s, COMMENT_PREFIX) {
            // A character that did not fit ends the prefix: fill it, so that
            // nothing later can extend it into `[CDATA[` (found by the
            // tokenizer_diff fuzz target on `<![CDATA\0[`).
            while self.comment.len() < COMMENT_PREFIX {
                self.comment.push(' ');
            }
        }
    }

    pub(super) fn emit_comment(&mut self, sink: &mut impl Sink) {
        if self.escaping() {
            self.comment.clear();
            return;
        }
        let kind = if self.comment.starts_with('?') {
            CommentKind::ProcessingInstruction
        } else if self.comment.starts_with("[CDATA[") {
            CommentKind::CdataSection
        } else {
            CommentKind::Comment
        };
        sink.comment(kind, &self.comment);
        self.comment.clear();
        self.state = State::Data;
    }

    pub(super) fn markup_step(&mut self, input: &str, i: usize, sink: &mut impl Sink) -> usize {
        let bytes = input.as_bytes();
        let c = bytes[i];
        match self.state {
            //§ markup-declaration-open-state
            // The standard looks ahead for `--`, `DOCTYPE` (any case) or
            // `[CDATA[`; across chunks the characters matched so far wait in
            // `temp`. On a mismatch they become the bogus comment's data
            // (none of them is `>` or NUL), and the mismatching character is
            // reconsumed in the bogus comment state.
            State::MarkupDeclarationOpen => {
                if c.is_ascii() {
                    self.temp.push(char::from(c));
                    let t = self.temp.as_str();
                    if t == "--" {
                        self.comment.clear();
                        self.state = State::CommentStart;
                        return i + 1;
                    }
                    if t.eq_ignore_ascii_case("DOCTYPE") {
                        self.doctype = Doctype::default();
                        self.state = State::Doctype;
                        return i + 1;
                    }
                    if t == "[CDATA[" {
                        self.comment.clear();
                        if sink.in_foreign_content() {
                            self.state = State::CdataSection;
                        } else {
                            self.comment_push("[CDATA[");
                            self.state = State::BogusComment;
                        }
                        return i + 1;
                    }
                    let doctype = "DOCTYPE".get(..t.len()).is_some_and(|d| d.eq_ignore_ascii_case(t));
                    if "--".starts_with(t) || "[CDATA[".starts_with(t) || doctype {
                        return i + 1;
                    }
                    self.temp.pop();
                }
                self.comment.clear();
                let matched = std::mem::take(&mut self.temp);
                self.comment_push(&matched);
                self.temp = matched;
                self.state = State::BogusComment;
                i
            }
            //§ bogus-comment-state
            State::BogusComment => {
                let Some(at) = memchr2(b'>', 0, &bytes[i..]).map(|n| i + n) else {
                    self.comment_push(slice(input, i, bytes.len()));
                    return bytes.len();
                };
                self.comment_push(slice(input, i, at));
                if bytes[at] == b'>' {
                    self.emit_comment(sink);
                } else {
                    self.comment_push("\u{FFFD}");
                }
                at + 1
            }
            //§ comment-start-state comment-start-dash-state
            State::CommentStart | State::CommentStartDash => match c {
                b'-' => {
                    self.state = if self.state == State::CommentStart {
                        State::CommentStartDash
                    } else {
                        State::CommentEnd
                    };
                    i + 1
                }
                b'>' => {
                    self.emit_comment(sink);
                    i + 1
                }
                _ => {
                    if self.state == State::CommentStartDash {
                        self.comment_push("-");
                    }
                    self.state = State::Comment;
                    i
                }
            },
            //§ comment-state
            State::Comment => {
                let Some(at) = memchr3(b'<', b'-', 0, &bytes[i..]).map(|n| i + n) else {
                    self.comment_push(slice(input, i, bytes.len()));
                    return bytes.len();
                };
                self.comment_push(slice(input, i, at));
                match bytes[at] {
                    b'<' => {
                        self.comment_push("<");
                        self.state = State::CommentLessThanSign;
                    }
                    b'-' => self.state = State::CommentEndDash,
                    _ => self.comment_push("\u{FFFD}"),
                }
                at + 1
            }
            //§ comment-less-than-sign-state
            State::CommentLessThanSign => match c {
                b'!' => {
                    self.comment_push("!");
                    self.state = State::CommentLessThanSignBang;
                    i + 1
                }
                b'<' => {
                    self.comment_push("<");
                    i + 1
                }
                _ => {
                    self.state = State::Comment;
                    i
                }
            },
            //§ comment-less-than-sign-bang-state
            State::CommentLessThanSignBang => {
                if c == b'-' {
                    self.state = State::CommentLessThanSignBangDash;
                    return i + 1;
                }
                self.state = State::Comment;
                i
            }
            //§ comment-less-than-sign-bang-dash-state
            State::CommentLessThanSignBangDash => {
                if c == b'-' {
                    self.state = State::CommentLessThanSignBangDashDash;
                    return i + 1;
                }
                self.state = State::CommentEndDash;
                i
            }
            //§ comment-less-than-sign-bang-dash-dash-state
            // (`>` or not, only the parse error differs.)
            State::CommentLessThanSignBangDashDash => {
                self.state = State::CommentEnd;
                i
            }
            //§ comment-end-dash-state
            State::CommentEndDash => {
                if c == b'-' {
                    self.state = State::CommentEnd;
                    return i + 1;
                }
                self.comment_push("-");
                self.state = State::Comment;
                i
            }
            //§ comment-end-state
            State::CommentEnd => match c {
                b'>' => {
                    self.emit_comment(sink);
                    i + 1
                }
                b'!' => {
                    self.state = State::CommentEndBang;
                    i + 1
                }
                b'-' => {
                    self.comment_push("-");
                    i + 1
                }
                _ => {
                    self.comment_push("--");
                    self.state = State::Comment;
                    i
                }
            },
            //§ comment-end-bang-state
            State::CommentEndBang => match c {
                b'-' => {
                    self.comment_push("--!");
                    self.state = State::CommentEndDash;
                    i + 1
                }
                b'>' => {
                    self.emit_comment(sink);
                    i + 1
                }
                _ => {
                    self.comment_push("--!");
                    self.state = State::Comment;
                    i
                }
            },
            //§ cdata-section-state
            // The standard emits a NUL here as it is; the tree builder then
            // reads it as U+FFFD in foreign content. The sanitizer drops it,
            // as the html5ever adapter does (html5ever reports it as a NUL
            // token), since the pipeline drops foreign content anyway.
            State::CdataSection => {
                self.run.get_or_insert(i);
                let nul = if self.flavor == Flavor::Spec { b']' } else { 0 };
                let Some(at) = memchr2(b']', nul, &bytes[i..]).map(|n| i + n) else {
                    return bytes.len();
                };
                self.flush(input, at, sink);
                if bytes[at] == b']' {
                    self.state = State::CdataSectionBracket;
                }
                at + 1
            }
            //§ cdata-section-bracket-state
            State::CdataSectionBracket => {
                if c == b']' {
                    self.state = State::CdataSectionEnd;
                    return i + 1;
                }
                sink.token(Token::Text("]"));
                self.state = State::CdataSection;
                i
            }
            //§ cdata-section-end-state
            State::CdataSectionEnd => match c {
                b']' => {
                    sink.token(Token::Text("]"));
                    i + 1
                }
                b'>' => {
                    self.state = State::Data;
                    i + 1
                }
                _ => {
                    sink.token(Token::Text("]]"));
                    self.state = State::CdataSection;
                    i
                }
            },
            // Only the states above are dispatched here.
            _ => {
                self.state = State::Data;
                i
            }
        }
    }
}
