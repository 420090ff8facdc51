//! The tag states: tag open, end tag open, tag name, the attribute states
//! and self-closing start tag.
//!
//! The tag being read lives in one [`TagBuf`](super::tag_buf::TagBuf): the
//! lowercased name, and all attribute names and values side by side in one
//! string, addressed by offsets, so a tag costs no allocation once the
//! buffers have grown. A duplicate attribute is removed as soon as its name
//! is complete, as the standard says ("the first one wins"). Names, values,
//! the whole tag and the attribute count are capped
//! ([`Caps`](super::interface::Caps)).

use memchr::memchr3;

use super::bytes::{is_ws, push_capped, slice};
use super::interface::{Flavor, Sink};
use super::machine::Machine;
use super::states::State;
use super::tag_buf::LINEAR_DEDUP;
use crate::elements::ContentModel;
use crate::event::{AttrSpan, Attrs, StartTag, Token};

impl Machine {
    pub(super) fn new_tag(&mut self, end: bool) {
        let tag = &mut self.tag;
        tag.end = end;
        tag.name.clear();
        tag.buf.clear();
        tag.attrs.clear();
        tag.skip_attr = false;
        tag.self_closing = false;
        tag.keep_attrs = true;
        tag.facts = None;
        if !tag.names.is_empty() {
            tag.names.clear();
        }
    }

    pub(super) fn push_tag_name(&mut self, s: &str) {
        let start = self.tag.name.len();
        if !push_capped(&mut self.tag.name, s, self.caps.max_name_bytes) {
            self.truncations += 1;
        }
        self.tag.name[start..].make_ascii_lowercase();
    }

    pub(super) fn new_attr(&mut self) {
        let tag = &mut self.tag;
        let over = tag.attrs.len() >= self.caps.max_attrs;
        tag.skip_attr = tag.end || !tag.keep_attrs || over;
        if tag.skip_attr {
            self.truncations += u64::from(over && !tag.end && tag.keep_attrs);
            return;
        }
        let at = tag.buf.len();
        tag.attrs.push(AttrSpan {
            name_start: at,
            name_end: at,
            value_end: at,
            cut: false,
        });
    }

    pub(super) fn push_attr_name(&mut self, s: &str) {
        let tag = &mut self.tag;
        let Some(span) = tag.attrs.last_mut().filter(|_| !tag.skip_attr) else {
            return;
        };
        let cap = (span.name_start + self.caps.max_name_bytes).min(self.caps.max_tag_bytes);
        let start = tag.buf.len();
        if !push_capped(&mut tag.buf, s, cap) {
            self.truncations += 1;
            span.cut = true;
        }
        tag.buf[start..].make_ascii_lowercase();
        span.name_end = tag.buf.len();
        span.value_end = tag.buf.len();
    }

    /// "When the user agent leaves the attribute name state": drop a
    /// duplicate.
    pub(super) fn finish_attr_name(&mut self) {
        let tag = &mut self.tag;
        if tag.skip_attr {
            return;
        }
        let Some((last, before)) = tag.attrs.split_last() else {
            return;
        };
        let name = slice(&tag.buf, last.name_start, last.name_end);
        let duplicate = if before.len() < LINEAR_DEDUP {
            before.iter().any(|a| slice(&tag.buf, a.name_start, a.name_end) == name)
        } else {
            if tag.names.is_empty() {
                tag.names
                    .extend(before.iter().map(|a| slice(&tag.buf, a.name_start, a.name_end).into()));
            }
            !tag.names.insert(name.into())
        };
        if duplicate {
            tag.buf.truncate(last.name_start);
            tag.attrs.pop();
            tag.skip_attr = true;
        }
    }

    /// Whether a value of `len` bytes for the current attribute fits its
    /// caps whole (the fast path takes only those).
    pub(super) fn value_fits(&self, len: usize) -> bool {
        let tag = &self.tag;
        let start = tag.attrs.last().map_or(tag.buf.len(), |span| span.name_end);
        tag.buf.len() + len <= (start + self.caps.max_attr_value_bytes).min(self.caps.max_tag_bytes)
    }

    pub(super) fn push_attr_value(&mut self, s: &str) {
        let tag = &mut self.tag;
        let Some(span) = tag.attrs.last_mut().filter(|_| !tag.skip_attr) else {
            return;
        };
        let cap = (span.name_end + self.caps.max_attr_value_bytes).min(self.caps.max_tag_bytes);
        if !push_capped(&mut tag.buf, s, cap) {
            self.truncations += 1;
            span.cut = true;
        }
        span.value_end = tag.buf.len();
    }

    /// Emit the tag and let the tree builder (the sink) pick the next
    /// state.
    pub(super) fn emit_tag(&mut self, sink: &mut impl Sink) {
        self.emit_tag_named(None, sink);
    }

    /// [`emit_tag`](Self::emit_tag), with the tag's (lowercase) name given
    /// as a slice of the input instead of in the tag buffer.
    pub(super) fn emit_tag_named(&mut self, name: Option<&str>, sink: &mut impl Sink) {
        if self.escape && self.raw_tracking {
            let facts = match self.tag.facts {
                Some(facts) => facts,
                None => sink.facts(name.unwrap_or(&self.tag.name)),
            };
            if facts.kept.is_none() && self.escaping() {
                return;
            }
            self.tag.facts = Some(facts);
        }
        let Machine {
            tag,
            state,
            last_start_tag,
            flavor,
            raw_tracking,
            ..
        } = self;
        *raw_tracking = false;
        let name = name.unwrap_or(&tag.name);
        let facts = match tag.facts.take() {
            Some(facts) => facts,
            None => sink.facts(name),
        };
        if tag.end {
            sink.token(Token::EndTag { name, facts });
            *state = State::Data;
            return;
        }
        sink.token(Token::StartTag(StartTag {
            name,
            facts,
            attrs: Attrs::Spans {
                buf: &tag.buf,
                spans: &tag.attrs,
            },
            self_closing: tag.self_closing,
        }));
        *state = match sink.next_content() {
            ContentModel::Markup => State::Data,
            ContentModel::Rcdata => State::Rcdata,
            ContentModel::Rawtext => State::Rawtext,
            ContentModel::ScriptData => State::ScriptData,
            ContentModel::Plaintext => State::Plaintext,
        };
        // Only the raw-text states look for an "appropriate end tag"; the
        // tree builder enters them only right after a start tag.
        if *state != State::Data || *flavor == Flavor::Spec {
            last_start_tag.clear();
            last_start_tag.push_str(name);
        }
    }

    pub(super) fn tag_step(&mut self, input: &str, i: usize, sink: &mut impl Sink) -> usize {
        let bytes = input.as_bytes();
        let c = bytes[i];
        match self.state {
            //§ tag-open-state
            State::TagOpen => match c {
                b'!' => {
                    self.raw_tracking = self.escape;
                    self.temp.clear();
                    self.state = State::MarkupDeclarationOpen;
                    i + 1
                }
                b'/' => {
                    self.state = State::EndTagOpen;
                    i + 1
                }
                c if c.is_ascii_alphabetic() => {
                    self.new_tag(false);
                    self.state = State::TagName;
                    i
                }
                b'?' => {
                    self.raw_tracking = self.escape;
                    self.comment.clear();
                    self.state = State::BogusComment;
                    i
                }
                _ => {
                    self.raw_tracking = false;
                    sink.token(Token::Text("<"));
                    self.state = State::Data;
                    i
                }
            },
            //§ end-tag-open-state
            State::EndTagOpen => {
                if c.is_ascii_alphabetic() {
                    self.new_tag(true);
                    self.state = State::TagName;
                    return i;
                }
                if c == b'>' {
                    // `</>` is nothing, or its own text in escape mode.
                    if !self.escaping() {
                        self.raw_tracking = false;
                        self.state = State::Data;
                    }
                    return i + 1;
                }
                self.raw_tracking = self.escape;
                self.comment.clear();
                self.state = State::BogusComment;
                i
            }
            //§ tag-name-state
            State::TagName => {
                let end = scan(bytes, i, |c| is_ws(c) || matches!(c, b'/' | b'>' | 0));
                if end > i {
                    self.push_tag_name(slice(input, i, end));
                }
                match bytes.get(end) {
                    None => return end,
                    Some(b'>') => self.emit_tag(sink),
                    Some(0) => self.push_tag_name("\u{FFFD}"),
                    Some(&c) => {
                        // The name is complete, and attributes may follow.
                        if !self.tag.end {
                            let facts = sink.facts(&self.tag.name);
                            self.tag.keep_attrs = sink.wants_attributes(&facts);
                            self.tag.facts = Some(facts);
                        }
                        self.state = if c == b'/' {
                            State::SelfClosingStartTag
                        } else {
                            State::BeforeAttributeName
                        };
                    }
                }
                end + 1
            }
            //§ before-attribute-name-state
            State::BeforeAttributeName => match c {
                c if is_ws(c) => i + 1,
                b'/' | b'>' => {
                    self.state = State::AfterAttributeName;
                    i
                }
                b'=' => {
                    self.new_attr();
                    self.push_attr_name("=");
                    self.state = State::AttributeName;
                    i + 1
                }
                _ => {
                    self.new_attr();
                    self.state = State::AttributeName;
                    i
                }
            },
            //§ attribute-name-state
            State::AttributeName => {
                let end = scan(bytes, i, |c| is_ws(c) || matches!(c, b'/' | b'>' | b'=' | 0));
                if end > i {
                    self.push_attr_name(slice(input, i, end));
                }
                match bytes.get(end) {
                    None => end,
                    Some(0) => {
                        self.push_attr_name("\u{FFFD}");
                        end + 1
                    }
                    Some(b'=') => {
                        self.finish_attr_name();
                        self.state = State::BeforeAttributeValue;
                        end + 1
                    }
                    Some(_) => {
                        self.finish_attr_name();
                        self.state = State::AfterAttributeName;
                        end
                    }
                }
            }
            //§ after-attribute-name-state
            State::AfterAttributeName => match c {
                c if is_ws(c) => i + 1,
                b'/' => {
                    self.state = State::SelfClosingStartTag;
                    i + 1
                }
                b'=' => {
                    self.state = State::BeforeAttributeValue;
                    i + 1
                }
                b'>' => {
                    self.emit_tag(sink);
                    i + 1
                }
                _ => {
                    self.new_attr();
                    self.state = State::AttributeName;
                    i
                }
            },
            //§ before-attribute-value-state
            State::BeforeAttributeValue => match c {
                c if is_ws(c) => i + 1,
                b'"' => {
                    self.state = State::AttributeValueDoubleQuoted;
                    i + 1
                }
                b'\'' => {
                    self.state = State::AttributeValueSingleQuoted;
                    i + 1
                }
                b'>' => {
                    self.emit_tag(sink);
                    i + 1
                }
                _ => {
                    self.state = State::AttributeValueUnquoted;
                    i
                }
            },
            //§ attribute-value-(double-quoted)-state attribute-value-(single-quoted)-state
            State::AttributeValueDoubleQuoted | State::AttributeValueSingleQuoted => {
                let quote = if self.state == State::AttributeValueDoubleQuoted {
                    b'"'
                } else {
                    b'\''
                };
                let Some(at) = memchr3(quote, b'&', 0, &bytes[i..]).map(|n| i + n) else {
                    self.push_attr_value(slice(input, i, bytes.len()));
                    return bytes.len();
                };
                if at > i {
                    self.push_attr_value(slice(input, i, at));
                }
                match bytes[at] {
                    b'&' => self.begin_char_ref(self.state),
                    0 => self.push_attr_value("\u{FFFD}"),
                    _ => self.state = State::AfterAttributeValueQuoted,
                }
                at + 1
            }
            //§ attribute-value-(unquoted)-state
            State::AttributeValueUnquoted => {
                let end = scan(bytes, i, |c| is_ws(c) || matches!(c, b'&' | b'>' | 0));
                if end > i {
                    self.push_attr_value(slice(input, i, end));
                }
                match bytes.get(end) {
                    None => return end,
                    Some(b'&') => self.begin_char_ref(State::AttributeValueUnquoted),
                    Some(b'>') => self.emit_tag(sink),
                    Some(0) => self.push_attr_value("\u{FFFD}"),
                    Some(_) => self.state = State::BeforeAttributeName,
                }
                end + 1
            }
            //§ after-attribute-value-(quoted)-state
            State::AfterAttributeValueQuoted => match c {
                c if is_ws(c) => {
                    self.state = State::BeforeAttributeName;
                    i + 1
                }
                b'/' => {
                    self.state = State::SelfClosingStartTag;
                    i + 1
                }
                b'>' => {
                    self.emit_tag(sink);
                    i + 1
                }
                _ => {
                    self.state = State::BeforeAttributeName;
                    i
                }
            },
            //§ self-closing-start-tag-state
            State::SelfClosingStartTag => {
                if c == b'>' {
                    self.tag.self_closing = true;
                    self.emit_tag(sink);
                    return i + 1;
                }
                self.state = State::BeforeAttributeName;
                i
            }
            // Only the states above are dispatched here.
            _ => {
                self.state = State::Data;
                i
            }
        }
    }
}

/// The first position at or after `from` whose byte is a delimiter, or the
/// end. Delimiters are ASCII, so the result is a character boundary.
#[inline]
fn scan(bytes: &[u8], from: usize, delimiter: impl Fn(u8) -> bool) -> usize {
    bytes[from..]
        .iter()
        .position(|&c| delimiter(c))
        .map_or(bytes.len(), |n| from + n)
}
