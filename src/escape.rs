//! Escaping, one function per context, as the HTML fragment serialization
//! algorithm does it
//! (<https://html.spec.whatwg.org/multipage/parsing.html#escapingString>).
//!
//! Minimal on purpose: only the characters that the algorithm escapes are
//! rewritten (and a carriage return in text, see [`text`]), so `'`, `@`, `=` and all non-ASCII text come out as they went
//! in, and parsing the output and serializing it again (html5ever's
//! serializer, or a browser's `innerHTML`) gives the same bytes.

/// Append `text` escaped for a text node (not inside a raw-text element):
/// `&` `<` `>` and U+00A0 NO-BREAK SPACE. A carriage return (only a
/// character reference can put one in text) is written as the line feed a
/// parser would read it as, so cleaning the output again changes nothing.
///
/// TCB: after this, the text cannot start a tag, a comment or a character
/// reference.
pub(crate) fn text(text: &str, out: &mut String) {
    // Long text mostly needs no escaping at all: find the first byte that
    // may, with two SIMD scans, and copy everything before it in one go.
    // For the short runs between tags the table loop is cheaper.
    if text.len() < 64 {
        escape(text, out, &TEXT);
        return;
    }
    let first = verbatim_prefix(text);
    out.push_str(text.get(..first).unwrap_or_default());
    if first < text.len() {
        escape(text.get(first..).unwrap_or_default(), out, &TEXT);
    }
}

/// How many leading bytes of `text` [`text`] writes as they are: those
/// before the first byte that may need a replacement (an `&`, `<`, `>`,
/// CR, or the first byte of a character from U+0080 to U+00BF, which may
/// be U+00A0), found with two SIMD scans. Always a character boundary.
pub(crate) fn verbatim_prefix(text: &str) -> usize {
    let bytes = text.as_bytes();
    match (
        memchr::memchr3(b'&', b'<', b'>', bytes),
        memchr::memchr2(0xC2, b'\r', bytes),
    ) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => bytes.len(),
    }
}

/// Append `value` escaped for a double-quoted attribute value: `&` `"` `<`
/// `>` and U+00A0 NO-BREAK SPACE.
///
/// TCB: after this, the value cannot end the attribute or the tag.
pub(crate) fn attribute(value: &str, out: &mut String) {
    escape(value, out, &ATTRIBUTE);
}

/// At most how many bytes [`attribute`] writes for this byte of a value
/// (an upper bound: the first byte of U+00A0 counts for its
/// replacement, the second for itself).
pub(crate) fn attribute_len(byte: u8) -> usize {
    match byte {
        b'"' => "&quot;".len(),
        b'&' => "&amp;".len(),
        b'<' | b'>' => "&lt;".len(),
        0xC2 => "&nbsp;".len() - 1,
        _ => 1,
    }
}

/// A table of the bytes that may need a replacement.
const fn table(special: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < special.len() {
        t[special[i] as usize] = true;
        i += 1;
    }
    t
}

/// Text: `&` `<` `>`, CR, and 0xC2, the first byte of U+00A0.
static TEXT: [bool; 256] = table(b"&<>\r\xC2");

/// Attribute values: `&` `<` `>` `"`, and 0xC2, the first byte of U+00A0.
static ATTRIBUTE: [bool; 256] = table(b"&<>\"\xC2");

/// The first position at or after `from` whose byte `special` marks.
#[inline]
fn find(bytes: &[u8], from: usize, special: &[bool; 256]) -> Option<usize> {
    let rest = bytes.get(from..)?;
    // Eight bytes at a time, without a branch per byte: special bytes are
    // rare, so most blocks are passed over after one test.
    let mut blocks = rest.chunks_exact(8);
    let mut at = from;
    for block in &mut blocks {
        if block.iter().fold(false, |any, &b| any | special[usize::from(b)]) {
            break;
        }
        at += 8;
    }
    let tail = bytes.get(at..)?;
    tail.iter().position(|&b| special[usize::from(b)]).map(|n| at + n)
}

/// Copy `s` to `out`, replacing the characters whose first byte `special`
/// marks. Every such character is ASCII, or U+00A0 (0xC2 0xA0), so the
/// positions found are character boundaries and the runs in between are
/// copied whole.
fn escape(s: &str, out: &mut String, special: &[bool; 256]) {
    let bytes = s.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while let Some(at) = find(bytes, i, special) {
        let (replacement, len) = match bytes[at] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\r' => ("\n", 1),
            0xC2 if bytes.get(at + 1) == Some(&0xA0) => ("&nbsp;", 2),
            _ => {
                i = at + 1;
                continue;
            }
        };
        out.push_str(s.get(copied..at).unwrap_or_default());
        out.push_str(replacement);
        copied = at + len;
        i = copied;
    }
    out.push_str(s.get(copied..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_escapes_the_minimal_set() {
        let mut out = String::new();
        super::text("a&b<c>d\u{a0}e\"f'g=h@ü", &mut out);
        assert_eq!(out, "a&amp;b&lt;c&gt;d&nbsp;e\"f'g=h@ü");
    }

    #[test]
    fn runs_between_escapes_are_copied_whole() {
        let mut out = String::new();
        super::text("\u{a0}\u{a0}x\u{c2}y<\u{a0}>\"", &mut out);
        assert_eq!(out, "&nbsp;&nbsp;x\u{c2}y&lt;&nbsp;&gt;\"");
        let mut out = String::new();
        super::attribute(">\"<&\u{a0}", &mut out);
        assert_eq!(out, "&gt;&quot;&lt;&amp;&nbsp;");
    }

    #[test]
    fn long_text_takes_the_scan_path_and_escapes_the_same() {
        let long = format!("{}a&b<c>d\u{a0}é\"", "x".repeat(100));
        let mut fast = String::new();
        super::text(&long, &mut fast);
        let mut slow = String::new();
        super::escape(&long, &mut slow, &super::TEXT);
        assert_eq!(fast, slow);
        assert!(fast.ends_with("a&amp;b&lt;c&gt;d&nbsp;é\""));
        let mut plain = String::new();
        super::text(&"y".repeat(100), &mut plain);
        assert_eq!(plain, "y".repeat(100));
    }

    #[test]
    fn the_verbatim_prefix_is_what_text_copies_unchanged() {
        for text in ["plain", "a<b", "caf\u{e9} \u{a0}x", "x\ry", "\u{a9} &", ""] {
            let n = super::verbatim_prefix(text);
            assert!(text.is_char_boundary(n));
            let mut out = String::new();
            super::text(text, &mut out);
            assert!(out.starts_with(&text[..n]), "{text:?}");
            assert!(n == text.len() || super::TEXT[usize::from(text.as_bytes()[n])]);
        }
    }

    #[test]
    fn carriage_returns_in_text_become_line_feeds() {
        for text in ["a\rb", &format!("{}\r\n", "x".repeat(100))] {
            let mut out = String::new();
            super::text(text, &mut out);
            assert_eq!(out, text.replace('\r', "\n"));
        }
    }

    #[test]
    fn attribute_escapes_quotes_too() {
        let mut out = String::new();
        super::attribute("a\"b'c<>&\u{a0}", &mut out);
        assert_eq!(out, "a&quot;b'c&lt;&gt;&amp;&nbsp;");
    }
}
