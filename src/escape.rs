//! Escaping, one function per context, as the HTML fragment serialization
//! algorithm does it
//! (<https://html.spec.whatwg.org/multipage/parsing.html#escapingString>).
//!
//! Minimal on purpose: only the characters that the algorithm escapes are
//! rewritten, so `'`, `@`, `=` and all non-ASCII text come out as they went
//! in, and parsing the output and serializing it again (html5ever's
//! serializer, or a browser's `innerHTML`) gives the same bytes.

/// Append `text` escaped for a text node (not inside a raw-text element):
/// `&` `<` `>` and U+00A0 NO-BREAK SPACE.
///
/// TCB: after this, the text cannot start a tag, a comment or a character
/// reference.
pub(crate) fn text(text: &str, out: &mut String) {
    // Long text mostly needs no escaping at all: find the first character
    // that may, with two SIMD scans, and copy everything before it in one
    // go. For the short runs between tags the plain loop is cheaper.
    let bytes = text.as_bytes();
    if bytes.len() < 64 {
        escape(text, out, text_replacement);
        return;
    }
    let first = match (memchr::memchr3(b'&', b'<', b'>', bytes), memchr::memchr(0xC2, bytes)) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => {
            out.push_str(text);
            return;
        }
    };
    out.push_str(&text[..first]);
    escape(&text[first..], out, text_replacement);
}

/// The text-node replacements.
fn text_replacement(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '\u{a0}' => Some("&nbsp;"),
        _ => None,
    }
}

/// Append `value` escaped for a double-quoted attribute value: `&` `"` `<`
/// `>` and U+00A0 NO-BREAK SPACE.
///
/// TCB: after this, the value cannot end the attribute or the tag.
pub(crate) fn attribute(value: &str, out: &mut String) {
    escape(value, out, |c| match c {
        '&' => Some("&amp;"),
        '"' => Some("&quot;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '\u{a0}' => Some("&nbsp;"),
        _ => None,
    });
}

/// Copy `s` to `out`, replacing the characters `replace` names. The scan is
/// over bytes: every character that can be replaced is ASCII, or U+00A0,
/// whose UTF-8 form starts with 0xC2, so the runs in between are copied
/// whole. (Comment text runs are short: a plain loop beat `memchr` here.)
fn escape(s: &str, out: &mut String, replace: impl Fn(char) -> Option<&'static str>) {
    let bytes = s.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'&' | b'<' | b'>' | b'"' | 0xC2) {
            let c = if b == 0xC2 {
                s[i..].chars().next().unwrap_or('\u{FFFD}')
            } else {
                char::from(b)
            };
            if let Some(rep) = replace(c) {
                out.push_str(&s[copied..i]);
                out.push_str(rep);
                copied = i + c.len_utf8();
            }
            i += c.len_utf8();
        } else {
            i += 1;
        }
    }
    out.push_str(&s[copied..]);
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
        super::escape(&long, &mut slow, super::text_replacement);
        assert_eq!(fast, slow);
        assert!(fast.ends_with("a&amp;b&lt;c&gt;d&nbsp;é\""));
        let mut plain = String::new();
        super::text(&"y".repeat(100), &mut plain);
        assert_eq!(plain, "y".repeat(100));
    }

    #[test]
    fn attribute_escapes_quotes_too() {
        let mut out = String::new();
        super::attribute("a\"b'c<>&\u{a0}", &mut out);
        assert_eq!(out, "a&quot;b'c&lt;&gt;&amp;&nbsp;");
    }
}
