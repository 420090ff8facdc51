//! What no policy may allow, and why.
//!
//! [`PolicyBuilder::build`](crate::PolicyBuilder::build) refuses a policy
//! that breaks one of these rules, so a mistake in a policy is an error when
//! it is built, never an unsafe output later. Each rule carries its reason,
//! which the [`PolicyError`](crate::PolicyError) repeats to whoever wrote the
//! policy.
//!
//! The rules are about security: which names can be written safely, which
//! elements, attributes and URL schemes can run script, load resources or
//! change how the output is parsed, and which elements' content is not
//! reader text. What the HTML standard says about element names (void,
//! block, raw text, which elements the balancer models) is in
//! [`crate::elements`]; this module decides what follows from it.
//!
//! A leaf: it imports nothing from the crate.

/// Whether `name` can be an element or attribute name in a policy: an ASCII
/// lowercase letter, then lowercase letters, digits and `-`
/// (`[a-z][a-z0-9-]*`; the builder lowercases names first).
///
/// Why: the serializer writes a kept name as it is, from the policy's
/// tables (`<name`, ` name="`). A name of this shape is read as that name by
/// every HTML parser, in every state the output can put it in; a `/`, `=`,
/// quote, space or `:` could end the name early or start something else.
pub(crate) fn is_valid_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Why an element cannot be kept by any policy, for the error message.
///
/// Only the elements the balancer models can be kept at all
/// ([`balance_class`](crate::elements::balance_class)); this says why a
/// name outside that list is refused.
pub(crate) fn refusal_reason(name: &str) -> &'static str {
    match name {
        "script" | "style" | "iframe" | "object" | "embed" | "applet" | "frame" | "frameset" | "base" | "link"
        | "meta" | "form" | "input" | "button" | "textarea" | "select" | "option" | "template" | "svg" | "math"
        | "noscript" | "noembed" | "noframes" | "xmp" | "plaintext" | "title" | "img" | "video" | "audio"
        | "source" | "portal" => {
            "it runs script, loads resources, submits data, or its content is not parsed as markup"
        }
        _ => {
            "the tag balancer does not model its parsing rules (implied end tags, foster \
             parenting, void or special content), so the output could re-parse differently"
        }
    }
}

/// Attributes that no policy may allow, with the reason.
pub(crate) fn unsafe_attribute(name: &str) -> Option<&'static str> {
    if name.starts_with("on") {
        return Some("event handler attributes run script");
    }
    match name {
        "style" => Some("CSS can hide, overlay or exfiltrate content; this crate has no CSS sanitizer"),
        "srcdoc" => Some("it holds a whole HTML document"),
        "is" => Some("it upgrades the element to a custom element defined by the page"),
        "xmlns" => Some("namespace declarations change how markup is read"),
        "formaction" | "action" | "form" => Some("it submits data elsewhere"),
        "http-equiv" => Some("it changes how the page behaves"),
        _ => None,
    }
}

/// Attributes whose value is a URL: a policy must allow them as
/// [`AttrKind::Url`](crate::AttrKind::Url) so that the scheme is checked.
///
/// Why: allowed as text, `href="javascript:..."` would pass unchecked.
pub(crate) fn is_url_attribute(name: &str) -> bool {
    matches!(
        name,
        "href"
            | "src"
            | "cite"
            | "action"
            | "formaction"
            | "data"
            | "poster"
            | "background"
            | "longdesc"
            | "usemap"
            | "codebase"
            | "manifest"
            | "icon"
            | "ping"
            | "srcset"
            | "xlink:href"
    )
}

/// Whether `scheme` is a URL scheme as the URL standard spells one, in
/// lowercase (the builder lowercases schemes first): an ASCII letter, then
/// letters, digits, `+`, `-` or `.`
/// (<https://url.spec.whatwg.org/#scheme-state>).
///
/// Why: the URL check compares the scheme a browser reads with this list;
/// an entry no browser could read as a scheme would only make the list lie.
fn is_valid_scheme(scheme: &str) -> bool {
    let mut bytes = scheme.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+-.".contains(&b))
}

/// Why a URL scheme (lowercase) cannot be allowed, or `None` if it can.
pub(crate) fn refused_scheme(scheme: &str) -> Option<&'static str> {
    if !is_valid_scheme(scheme) {
        return Some("a scheme is an ASCII letter followed by letters, digits, '+', '-' or '.'");
    }
    match scheme {
        // `javascript:` runs the rest of the URL as script in the page;
        // `livescript:` and `mocha:` are its names in early Netscape
        // versions; `vbscript:` is the same in old Internet Explorer.
        // `data:` carries a whole document (HTML with script, SVG) in the
        // URL; `blob:` names one that script made.
        "javascript" | "vbscript" | "data" | "livescript" | "mocha" | "blob" => {
            Some("URLs with this scheme can run script or carry a whole document")
        }
        _ => None,
    }
}

/// Elements removed together with their content, by default, and why.
pub(crate) const DEFAULT_DROP_CONTENT: &[(&str, &str)] = &[
    ("script", "program code, not reader text"),
    ("style", "CSS, not reader text"),
    ("template", "inert markup the page never shows"),
    ("iframe", "fallback text for a nested document"),
    ("object", "fallback content of a plugin or embedded document"),
    ("applet", "fallback content of a plugin"),
    ("embed", "a plugin; void, listed for completeness"),
    (
        "noscript",
        "shown only when script is off; a classic mutation-XSS carrier",
    ),
    ("noembed", "legacy fallback, parsed as raw text"),
    ("noframes", "legacy fallback, parsed as raw text"),
    ("xmp", "legacy raw-text element; a known mutation-XSS carrier"),
    ("textarea", "form field content, not comment text"),
    ("title", "document metadata"),
    ("select", "form options, not reader text"),
    ("datalist", "form options, never shown"),
    ("svg", "foreign content: parsed under different rules"),
    ("math", "foreign content: parsed under different rules"),
];

/// Elements whose content must always go (see
/// [`PolicyError::ContentMustBeDropped`](crate::PolicyError::ContentMustBeDropped)).
pub(crate) const MUST_DROP_CONTENT: &[(&str, &str)] = &[
    ("svg", "foreign content is tokenized differently (CDATA, self-closing tags, breakout), so its text cannot be carried over faithfully"),
    ("math", "foreign content is tokenized differently (CDATA, self-closing tags, breakout), so its text cannot be carried over faithfully"),
];

/// The list of elements removed with their content by default, with the
/// reason for each. Exposed for documentation and tools.
///
/// ```
/// let names: Vec<_> = comment_sanitizer::default_dropped_content().map(|(n, _)| n).collect();
/// assert!(names.contains(&"script") && names.contains(&"svg"));
/// ```
pub fn default_dropped_content() -> impl Iterator<Item = (&'static str, &'static str)> {
    DEFAULT_DROP_CONTENT.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_validated() {
        assert!(is_valid_name("h1"));
        assert!(is_valid_name("data-x"));
        assert!(!is_valid_name("1a"));
        assert!(!is_valid_name("a b"));
        assert!(!is_valid_name(""));
    }

    #[test]
    fn event_handlers_are_unsafe() {
        assert!(unsafe_attribute("onclick").is_some());
        assert!(unsafe_attribute("title").is_none());
    }
}
