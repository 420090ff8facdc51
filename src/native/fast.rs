//! Fast paths for whole, simple constructs.
//!
//! Most markup in comments is short and plain: `<b>`, `</em>`,
//! `<a href="https://..." title="...">`, `<!-- note -->`, the `</script>`
//! that ends a script. The state machine reads them one state at a time,
//! returning to its dispatch loop between states. These functions read such
//! a construct in one go instead, with the same buffer operations the
//! states use (`new_tag`, `push_attr_name`, `finish_attr_name`,
//! `push_attr_value`, `emit_tag`, `comment_push`, `emit_comment`), so the
//! token and the state that follows are the same.
//!
//! They handle only what is unambiguous: ASCII names, values without NUL
//! and without character references other than the few common ones that
//! decode on sight (`&amp;`, `&lt;`, ...: see
//! `common_refs::common_reference`), whitespace, `/>` at the end, and the
//! whole construct inside the current chunk, within every cap. On anything
//! else they give up *before emitting anything*, and the state machine
//! reads the construct from its `<` as if the fast path did not exist (the
//! tag buffers a fast path filled are cleared when the state machine starts
//! the tag). The one exception is another character reference in a quoted
//! attribute value, common in hostile input: there the fast path stops
//! where the state machine would be after the same characters, and hands
//! the tag over in that state. The html5lib suite, the differential tests
//! against html5ever and the `tokenizer_diff` fuzz target run through both
//! paths.

use memchr::memchr3;

use super::bytes::{is_ws, slice};
use super::common_refs::common_reference;
use super::interface::{Flavor, Sink};
use super::machine::Machine;
use super::states::State;

/// What the fast path accepts where, one table lookup per byte.
const TAG_NAME: u8 = 1;
const ATTR_NAME: u8 = 2;
const UNQUOTED_VALUE: u8 = 4;

/// The classes of every byte (bits `TAG_NAME`, `ATTR_NAME`,
/// `UNQUOTED_VALUE`).
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let mut class = 0;
        // Lowercase only: the token borrows a tag name from the input.
        if b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' {
            class |= TAG_NAME;
        }
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.') {
            class |= ATTR_NAME;
        }
        // Unquoted values stop at whitespace or `>`; the characters that
        // are parse errors there (and `&`, NUL) go the slow way.
        let ws = matches!(b, b'\t' | b'\n' | 0x0C | b' ' | b'\r');
        if !ws && !matches!(b, b'>' | b'&' | 0 | b'"' | b'\'' | b'<' | b'=' | b'`') {
            class |= UNQUOTED_VALUE;
        }
        table[i] = class;
        i += 1;
    }
    table
};

/// A byte the fast path accepts in a tag name: lowercase, so the name can
/// be emitted as a slice of the input.
#[inline]
fn is_tag_name_byte(b: u8) -> bool {
    CLASS[usize::from(b)] & TAG_NAME != 0
}

/// A byte the fast path accepts in an attribute name.
#[inline]
fn is_attr_name_byte(b: u8) -> bool {
    CLASS[usize::from(b)] & ATTR_NAME != 0
}

/// A byte the fast path accepts in an unquoted attribute value.
#[inline]
fn is_unquoted_value_byte(b: u8) -> bool {
    CLASS[usize::from(b)] & UNQUOTED_VALUE != 0
}

/// The end of the run of bytes from `from` that satisfy `keep`.
#[inline]
fn run_end(bytes: &[u8], from: usize, keep: impl Fn(u8) -> bool) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| !keep(b)))
        .map_or(bytes.len(), |n| from + n)
}

/// The first position at or after `from` that is not whitespace.
fn skip_ws(bytes: &[u8], from: usize) -> usize {
    run_end(bytes, from, is_ws)
}

impl Machine {
    /// Read the whole tag whose `<` is just before `i`, emit it and return
    /// the position after its `>`; or `None`, having emitted nothing, if the
    /// tag is not one the fast path reads. At a character reference in a
    /// quoted value it hands over to the state machine instead (see
    /// [`resume_at_reference`](Self::resume_at_reference)).
    pub(super) fn fast_tag(&mut self, input: &str, i: usize, sink: &mut impl Sink) -> Option<usize> {
        let bytes = input.as_bytes();
        let end = bytes.get(i) == Some(&b'/');
        let name_start = if end { i + 1 } else { i };
        if !bytes.get(name_start)?.is_ascii_lowercase() {
            return None;
        }
        // Lowercase names only: the token borrows the name from the input.
        let name_end = run_end(bytes, name_start, is_tag_name_byte);
        if name_end - name_start > self.caps.max_name_bytes {
            return None;
        }
        if end {
            // `</name>` only; whitespace or attributes go the slow way.
            if bytes.get(name_end) != Some(&b'>') {
                return None;
            }
            self.new_tag(true);
            self.emit_tag_named(Some(slice(input, name_start, name_end)), sink);
            return Some(name_end + 1);
        }
        if !matches!(bytes.get(name_end), Some(&b) if is_ws(b) || b == b'/' || b == b'>') {
            return None;
        }
        self.new_tag(false);
        let name = slice(input, name_start, name_end);
        let facts = sink.facts(name);
        if bytes.get(name_end) != Some(&b'>') {
            self.tag.keep_attrs = sink.wants_attributes(&facts);
        }
        self.tag.facts = Some(facts);
        let mut j = name_end;
        loop {
            j = skip_ws(bytes, j);
            match *bytes.get(j)? {
                b'>' => {
                    self.emit_tag_named(Some(name), sink);
                    return Some(j + 1);
                }
                b'/' => {
                    if bytes.get(j + 1) != Some(&b'>') {
                        return None;
                    }
                    self.tag.self_closing = true;
                    self.emit_tag_named(Some(name), sink);
                    return Some(j + 2);
                }
                b if b.is_ascii_alphabetic() => {}
                _ => return None,
            }
            // An attribute name.
            let attr_start = j;
            j = run_end(bytes, j, is_attr_name_byte);
            if j - attr_start > self.caps.max_name_bytes || self.tag.attrs_len() >= self.caps.max_attrs {
                return None;
            }
            if !matches!(bytes.get(j), Some(&b) if is_ws(b) || matches!(b, b'/' | b'>' | b'=')) {
                return None;
            }
            self.new_attr();
            self.push_attr_name(slice(input, attr_start, j));
            self.finish_attr_name();
            j = skip_ws(bytes, j);
            if bytes.get(j) != Some(&b'=') {
                continue;
            }
            // A value with no character reference or NUL in it.
            j = skip_ws(bytes, j + 1);
            let quote = *bytes.get(j)?;
            let (value_start, value_end, next) = if quote == b'"' || quote == b'\'' {
                let mut from = j + 1;
                loop {
                    let close = from + memchr3(quote, b'&', 0, bytes.get(from..)?)?;
                    if bytes[close] != b'&' {
                        if bytes[close] != quote {
                            return None;
                        }
                        break (from, close, close + 1);
                    }
                    // `&amp;` and the like: decoded here, and on.
                    if let Some((text, len)) = common_reference(&bytes[close + 1..]) {
                        if !self.value_fits(close - from + text.len()) {
                            return None;
                        }
                        self.push_attr_value(slice(input, from, close));
                        self.push_attr_value(text);
                        from = close + 1 + len;
                        continue;
                    }
                    // The state machine will emit from the tag buffer.
                    self.push_tag_name(name);
                    return self.resume_at_reference(input, i - 1, from, close, quote);
                }
            } else {
                // Unquoted, up to whitespace or `>`; the characters that are
                // parse errors there go the slow way.
                let end = run_end(bytes, j, is_unquoted_value_byte);
                if end == j || !matches!(bytes.get(end), Some(&b) if is_ws(b) || b == b'>') {
                    return None;
                }
                (j, end, end)
            };
            if !self.value_fits(value_end - value_start) {
                return None;
            }
            self.push_attr_value(slice(input, value_start, value_end));
            j = next;
            if !matches!(bytes.get(j), Some(&b) if is_ws(b) || b == b'/' || b == b'>') {
                return None;
            }
        }
    }

    /// A character reference in a quoted value (at `amp`): hand the tag
    /// over to the state machine there, in the state it would be in, with
    /// the name and the value so far in the tag buffer. The tag's `<` is at `lt`. Returns where the
    /// state machine continues.
    fn resume_at_reference(
        &mut self,
        input: &str,
        lt: usize,
        value_start: usize,
        amp: usize,
        quote: u8,
    ) -> Option<usize> {
        if !self.value_fits(amp - value_start) {
            return None;
        }
        self.push_attr_value(slice(input, value_start, amp));
        self.state = if quote == b'"' {
            State::AttributeValueDoubleQuoted
        } else {
            State::AttributeValueSingleQuoted
        };
        self.track_raw(lt);
        Some(amp)
    }

    /// At a `<` in RCDATA, RAWTEXT or script data (not escaped): if `</`,
    /// the last start tag's name and `>` follow, emit that end tag and
    /// return the position after it. That is what the less-than-sign, end
    /// tag open and end tag name states do with those characters.
    pub(super) fn fast_raw_end_tag(&mut self, input: &str, at: usize, sink: &mut impl Sink) -> Option<usize> {
        let bytes = input.as_bytes();
        let name = self.last_start_tag.as_bytes();
        let end = at + 2 + name.len();
        if name.is_empty() || bytes.get(at + 1) != Some(&b'/') || bytes.get(end) != Some(&b'>') {
            return None;
        }
        if !bytes.get(at + 2..end)?.eq_ignore_ascii_case(name) {
            return None;
        }
        self.new_tag(true);
        self.tag.name.push_str(&self.last_start_tag);
        self.emit_tag(sink);
        Some(end + 1)
    }

    /// At a `<` in the data state: if a plain comment follows (`<!--`, data
    /// without `<`, `-` or NUL, `-->`), emit it and return the position after
    /// it. Only in the sanitizer flavor, which keeps no comment data.
    pub(super) fn fast_comment(&mut self, input: &str, i: usize, sink: &mut impl Sink) -> Option<usize> {
        let bytes = input.as_bytes();
        if self.flavor != Flavor::Sanitizer || !bytes.get(i..)?.starts_with(b"!--") {
            return None;
        }
        let start = i + 3;
        // `<!-->` and `<!--->` are the comment start states' business.
        if matches!(bytes.get(start), Some(b'>' | b'-') | None) {
            return None;
        }
        let at = start + memchr3(b'<', b'-', 0, bytes.get(start..)?)?;
        if bytes.get(at..at + 3) != Some(b"-->") {
            return None;
        }
        self.comment.clear();
        self.comment_push(slice(input, start, at));
        self.emit_comment(sink);
        Some(at + 3)
    }
}
