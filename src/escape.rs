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
    escape(text, out, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '\u{a0}' => Some("&nbsp;"),
        _ => None,
    });
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

fn escape(s: &str, out: &mut String, replace: impl Fn(char) -> Option<&'static str>) {
    let mut copied = 0;
    for (i, c) in s.char_indices() {
        if let Some(rep) = replace(c) {
            out.push_str(&s[copied..i]);
            out.push_str(rep);
            copied = i + c.len_utf8();
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
    fn attribute_escapes_quotes_too() {
        let mut out = String::new();
        super::attribute("a\"b'c<>&\u{a0}", &mut out);
        assert_eq!(out, "a&quot;b'c&lt;&gt;&amp;&nbsp;");
    }
}
