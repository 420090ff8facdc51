//! Small helpers on bytes and text, shared by the machine and the state
//! files.
//!
//! They are functions of their arguments alone, so they live apart from the
//! machine: a state file that needs `is_ws` depends on this file, not on
//! the machine's or another state file's.

/// ASCII whitespace as the tokenizer sees it (CR is gone after
/// preprocessing).
#[inline]
pub(super) fn is_ws(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | 0x0C | b' ')
}

/// `&input[from..to]`, never panicking (the bounds are character
/// boundaries by the [machine's invariants](super::machine); an empty
/// string if not).
#[inline]
pub(super) fn slice(input: &str, from: usize, to: usize) -> &str {
    debug_assert!(input.get(from..to).is_some(), "{from}..{to} not a char range");
    input.get(from..to).unwrap_or_default()
}

/// Push `s` to `dst` while `dst` stays within `cap` bytes, cutting at a
/// character boundary. Returns false if something was cut.
// `#[inline]`: without it the optimizer keeps this out of line, and then
// inlines less of the dispatch loop into `Machine::run` (5% more
// instructions on the benchmark corpora).
#[inline]
pub(super) fn push_capped(dst: &mut String, s: &str, cap: usize) -> bool {
    let room = cap.saturating_sub(dst.len());
    if s.len() <= room {
        dst.push_str(s);
        return true;
    }
    let mut end = room;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    dst.push_str(slice(s, 0, end));
    false
}

/// The character at `i`, if any.
#[inline]
pub(super) fn char_at(input: &str, i: usize) -> Option<char> {
    input.get(i..)?.chars().next()
}
