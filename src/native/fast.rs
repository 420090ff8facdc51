//! A fast path for whole, simple tags.
//!
//! Most tags in comments are short and plain: `<b>`, `</em>`,
//! `<a href="https://..." title="...">`. The state machine reads them one
//! state at a time, returning to its dispatch loop between states. When the
//! data state meets a `<`, [`Machine::fast_tag`] tries instead to read the
//! whole tag in one go, with the same buffer operations the tag states use
//! (`new_tag`, `push_tag_name`, `new_attr`, `push_attr_name`,
//! `finish_attr_name`, `push_attr_value`, `emit_tag`), so the token and the
//! state that follows are the same.
//!
//! It handles only what is unambiguous: ASCII names, double- or
//! single-quoted values without character references or NUL, whitespace,
//! `/>` at the end, and the whole tag inside the current chunk, within every
//! cap. On anything else it gives up *before emitting anything*, and the
//! state machine reads the tag from its `<` as if the fast path did not
//! exist (the tag buffers it filled are cleared when the state machine
//! starts the tag). The html5lib suite, the differential tests against
//! html5ever and the `tokenizer_diff` fuzz target run through both paths.

use memchr::memchr3;

use super::machine::{is_ws, slice, Machine};
use super::Sink;

/// A byte the fast path accepts in a tag name: lowercase, so the name can
/// be emitted as a slice of the input.
fn is_tag_name_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'
}

/// A byte the fast path accepts in an attribute name.
fn is_attr_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')
}

/// The end of the run of bytes from `from` that satisfy `keep`.
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
    /// tag is not one the fast path reads.
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
            // A quoted value, with no character reference or NUL in it.
            j = skip_ws(bytes, j + 1);
            let quote = *bytes.get(j)?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            let value_start = j + 1;
            let close = value_start + memchr3(quote, b'&', 0, bytes.get(value_start..)?)?;
            if bytes[close] != quote || !self.value_fits(close - value_start) {
                return None;
            }
            self.push_attr_value(slice(input, value_start, close));
            j = close + 1;
            if !matches!(bytes.get(j), Some(&b) if is_ws(b) || b == b'/' || b == b'>') {
                return None;
            }
        }
    }
}
