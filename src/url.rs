//! URL checks for `href`, `cite` and other [`AttrKind::Url`](crate::AttrKind::Url)
//! attributes, judged the way a browser reads the URL.
//!
//! Filter evasion lives in the gap between what a sanitizer thinks a URL's
//! scheme is and what the browser's URL parser decides. So the check follows
//! the WHATWG URL standard's steps, on the attribute value *after* the
//! tokenizer has decoded character references (`&#106;avascript:` is
//! `javascript:` by now):
//!
//! 1. strip leading and trailing C0 controls and spaces
//!    (<https://url.spec.whatwg.org/#concept-basic-url-parser>, first step);
//! 2. remove every ASCII tab and newline, anywhere (second step), so
//!    `java\tscript:` is `javascript:`;
//! 3. read the scheme as the "scheme start state" and "scheme state" do:
//!    an ASCII letter, then letters, digits, `+`, `-` or `.`, up to a `:`.
//!    Anything else means there is no scheme and the URL is relative
//!    (`java\u{FFFD}script:x` is a relative path, as it is in a browser);
//! 4. compare the scheme ASCII case-insensitively with the allowlist.
//!
//! The value written to the output is the value as given (only re-escaped),
//! except that a relative URL under [`RelativeUrls::Resolve`](crate::RelativeUrls::Resolve)
//! is written resolved. A browser reading the output applies the same steps
//! to the same value, so it reaches the same verdict.

use std::borrow::Cow;

use crate::policy::{too_long, PolicyInner, RelativeRule};
use crate::report::Reason;

/// The scheme of `url` as a browser reads it, as the bytes of `url` that
/// spell it (tabs and newlines still in, case as written), or `None` for a
/// relative URL. No allocation: [`scheme_is`] compares it.
fn scheme_source(url: &str) -> Option<&str> {
    // Only the leading C0 controls and spaces matter: trailing ones come
    // after the scheme's `:`, or there is no scheme. They are ASCII, and no
    // byte of a multi-byte character is, so the first byte above U+0020
    // starts the rest.
    let start = url.bytes().position(|b| b > b' ').unwrap_or(url.len());
    let trimmed = url.get(start..).unwrap_or_default();
    let mut empty = true;
    for (i, b) in trimmed.bytes().enumerate() {
        match SCHEME[usize::from(b)] {
            Class::Skipped => {}
            Class::Colon => return if empty { None } else { trimmed.get(..i) },
            Class::Letter => empty = false,
            Class::Later if !empty => {}
            _ => return None,
        }
    }
    None
}

/// What a byte is to the "scheme start state" and "scheme state".
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Ends the scheme: it is no scheme after all.
    Other,
    /// An ASCII letter.
    Letter,
    /// A digit, `+`, `-` or `.`: allowed after the first letter.
    Later,
    /// ASCII tab or newline, which the URL parser removes first.
    Skipped,
    Colon,
}

/// [`Class`] of every byte, as a table: one load per byte.
static SCHEME: [Class; 256] = {
    let mut table = [Class::Other; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphabetic() {
            Class::Letter
        } else if c.is_ascii_digit() || c == b'+' || c == b'-' || c == b'.' {
            Class::Later
        } else if c == b'\t' || c == b'\n' || c == b'\r' {
            Class::Skipped
        } else if c == b':' {
            Class::Colon
        } else {
            Class::Other
        };
        b += 1;
    }
    table
};

/// Whether the scheme `source` spells is `scheme` (lowercase).
fn scheme_is(source: &str, scheme: &str) -> bool {
    if source.len() == scheme.len() {
        // No tab or newline in it (the usual case): compare directly.
        return source.eq_ignore_ascii_case(scheme);
    }
    let spelled = source.bytes().filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'));
    spelled.map(|b| b.to_ascii_lowercase()).eq(scheme.bytes())
}

/// The scheme of `url` as a browser reads it, lowercase, or `None` for a
/// relative URL.
#[cfg(test)]
fn scheme(url: &str) -> Option<String> {
    let source = scheme_source(url)?;
    let spelled = source.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    Some(spelled.map(|c| c.to_ascii_lowercase()).collect())
}

/// Check a URL attribute value against the policy: the value to write, or
/// the reason it is dropped.
pub(crate) fn check<'a>(value: &'a str, policy: &PolicyInner, schemes: &[Box<str>]) -> Result<Cow<'a, str>, Reason> {
    if too_long(value, policy.limits().max_url_len) {
        return Err(Reason::TooLong);
    }
    let relative = match scheme_source(value) {
        Some(scheme) if !schemes.iter().any(|s| scheme_is(scheme, s)) => return Err(Reason::DisallowedScheme),
        // A special scheme with no `//` after it is relative to a page of
        // the same scheme (`https:/admin` on an https page is that page's
        // /admin); only a policy that keeps relative URLs as written can
        // keep it without knowing the page.
        Some(scheme) => !matches!(policy.relative_rule(), RelativeRule::Allow) && special_relative(value, scheme),
        None => true,
    };
    if !relative {
        return Ok(Cow::Borrowed(value));
    }
    {
        match policy.relative_rule() {
            RelativeRule::Allow => Ok(Cow::Borrowed(value)),
            RelativeRule::Deny => Err(Reason::RelativeUrl),
            #[cfg(feature = "resolve-urls")]
            RelativeRule::Resolve(base) => {
                let resolved = base.join(value).map_err(|_| Reason::UnresolvableUrl)?;
                if !schemes.iter().any(|s| &**s == resolved.scheme()) {
                    return Err(Reason::DisallowedScheme);
                }
                let resolved = String::from(resolved);
                if too_long(&resolved, policy.limits().max_url_len) {
                    return Err(Reason::TooLong);
                }
                Ok(Cow::Owned(resolved))
            }
        }
    }
}

/// Whether `url`, whose scheme `scheme` (as spelled) is special, has no
/// authority (`//`, or `\\`, which special URLs read the same), so that a
/// browser resolves it against a base of the same scheme
/// (<https://url.spec.whatwg.org/#special-relative-or-authority-state>).
fn special_relative(url: &str, scheme: &str) -> bool {
    let special = ["http", "https", "ws", "wss", "ftp", "file"];
    if !special.iter().any(|s| scheme_is(scheme, s)) {
        return false;
    }
    // `scheme` is a prefix of `url` after its leading C0 controls and
    // spaces; the `:` follows it.
    let Some(at) = url.find(':') else {
        return false;
    };
    let mut rest = url[at + 1..].bytes().filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'));
    let slash = |b: Option<u8>| matches!(b, Some(b'/' | b'\\'));
    !(slash(rest.next()) && slash(rest.next()))
}

/// The image candidates of a `srcset` value, as a browser splits them
/// ("parse a srcset attribute",
/// <https://html.spec.whatwg.org/multipage/images.html#parse-a-srcset-attribute>):
/// `(url, descriptors)` pairs. A URL is a run of non-whitespace; trailing
/// commas end it and the candidate; otherwise the descriptors run to the
/// next comma outside parentheses.
fn srcset_candidates(value: &str) -> Vec<(&str, &str)> {
    let is_ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r');
    let mut out = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| is_ws(c) || c == ',');
        if rest.is_empty() {
            return out;
        }
        let end = rest.find(is_ws).unwrap_or(rest.len());
        let (url, after) = rest.split_at(end);
        if url.ends_with(',') {
            out.push((url.trim_end_matches(','), ""));
            rest = after;
            continue;
        }
        // Descriptors: up to a comma not inside parentheses (which do not
        // nest: the first `)` ends them).
        let mut in_parens = false;
        let mut stop = after.len();
        for (i, c) in after.char_indices() {
            match c {
                '(' => in_parens = true,
                ')' => in_parens = false,
                ',' if !in_parens => {
                    stop = i;
                    break;
                }
                _ => {}
            }
        }
        out.push((url, after[..stop].trim_matches(is_ws)));
        rest = after.get(stop + 1..).unwrap_or_default();
    }
}

/// Check a `srcset` value: every candidate URL as [`check`] checks a URL.
/// The value is written as given, or rebuilt when a URL was resolved.
pub(crate) fn check_srcset<'a>(
    value: &'a str,
    policy: &PolicyInner,
    schemes: &[Box<str>],
) -> Result<Cow<'a, str>, Reason> {
    if too_long(value, policy.limits().max_url_len) {
        return Err(Reason::TooLong);
    }
    let candidates = srcset_candidates(value);
    let mut rebuilt: Option<String> = None;
    for (i, (url, descriptors)) in candidates.iter().enumerate() {
        let checked = check(url, policy, schemes)?;
        if let (Cow::Owned(resolved), None) = (&checked, &rebuilt) {
            let _ = resolved;
            // Rebuild from here on: the candidates so far, as they were.
            let mut s = String::new();
            for (u, d) in &candidates[..i] {
                push_candidate(&mut s, u, d);
            }
            rebuilt = Some(s);
        }
        if let Some(s) = rebuilt.as_mut() {
            push_candidate(s, &checked, descriptors);
        }
    }
    Ok(match rebuilt {
        Some(s) => Cow::Owned(s),
        None => Cow::Borrowed(value),
    })
}

fn push_candidate(out: &mut String, url: &str, descriptors: &str) {
    if !out.is_empty() {
        out.push_str(", ");
    }
    out.push_str(url);
    if !descriptors.is_empty() {
        out.push(' ');
        out.push_str(descriptors);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_like_a_browser() {
        assert_eq!(scheme("https://x").as_deref(), Some("https"));
        assert_eq!(scheme("  JaVaScRiPt:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(scheme("java\tscr\nipt:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("\u{1}\u{1f} javascript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("/path:x"), None);
        assert_eq!(scheme("?a:b"), None);
        assert_eq!(scheme("java\u{FFFD}script:x"), None);
        assert_eq!(scheme("1http:x"), None);
        assert_eq!(scheme(":x"), None);
        assert_eq!(scheme(""), None);
        assert_eq!(scheme("a+b-c.d:x").as_deref(), Some("a+b-c.d"));
        // A non-breaking space is not a C0 control: no scheme, a relative path.
        assert_eq!(scheme("\u{a0}javascript:x"), None);
    }

    #[test]
    fn srcset_is_split_as_a_browser_splits_it() {
        assert_eq!(srcset_candidates("a.png"), [("a.png", "")]);
        assert_eq!(
            srcset_candidates(" a.png 1x, b.png 2x ,c.png"),
            [("a.png", "1x"), ("b.png", "2x"), ("c.png", "")]
        );
        assert_eq!(
            srcset_candidates("a.png,, b.png 100w"),
            [("a.png", ""), ("b.png", "100w")]
        );
        // A URL runs to whitespace, commas included.
        assert_eq!(srcset_candidates("x,javascript:y 2x"), [("x,javascript:y", "2x")]);
        assert_eq!(
            srcset_candidates("x, javascript:y 2x"),
            [("x", ""), ("javascript:y", "2x")]
        );
        assert_eq!(
            srcset_candidates("a (1, (2), 3) 1x, b"),
            [("a", "(1, (2)"), ("3)", "1x"), ("b", "")]
        );
        assert_eq!(
            srcset_candidates("a.png (1, 2) 1x, b"),
            [("a.png", "(1, 2) 1x"), ("b", "")]
        );
    }
}
