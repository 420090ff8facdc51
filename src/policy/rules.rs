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

/// The elements a policy may keep: ammonia's default set, which covers what
/// comment and Markdown renderers emit, plus `big`. Each parses as an
/// ordinary element (none puts a parser into a raw-text or foreign state,
/// runs script, loads a document or submits data), and the balancer knows
/// where a parser puts each of them, so kept output reads back the same.
#[rustfmt::skip]
const KEEPABLE: &[&str] = &[
    "a", "abbr", "acronym", "area", "article", "aside", "b", "bdi", "bdo", "big", "blockquote", "br", "caption",
    "center", "cite", "code", "col", "colgroup", "data", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "i", "img",
    "ins", "kbd", "li", "map", "mark", "nav", "ol", "p", "pre", "q", "rp", "rt", "rtc", "ruby", "s", "samp",
    "small", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "tt", "u", "ul", "var", "wbr",
];

/// Names with a hyphen that the HTML standard reserves: they are not
/// custom elements (<https://html.spec.whatwg.org/multipage/custom-elements.html#valid-custom-element-name>).
const RESERVED_HYPHENATED: &[&str] = &[
    "annotation-xml",
    "color-profile",
    "font-face",
    "font-face-src",
    "font-face-uri",
    "font-face-format",
    "font-face-name",
    "missing-glyph",
];

/// Whether a policy may keep the element `name` (a valid name), and if
/// not, why.
///
/// Beside [`KEEPABLE`], custom elements (names with a hyphen): they parse
/// as ordinary elements. A page that defines one runs its code on every
/// instance, so allow one only when the page's definition is meant for
/// comment content.
pub(crate) fn keepable(name: &str) -> Result<(), &'static str> {
    if KEEPABLE.contains(&name) {
        return Ok(());
    }
    if name.contains('-') && !RESERVED_HYPHENATED.contains(&name) {
        return Ok(());
    }
    Err(match name {
        "script" | "style" | "iframe" | "object" | "embed" | "applet" | "frame" | "frameset" | "base" | "link"
        | "meta" | "form" | "input" | "button" | "textarea" | "select" | "option" | "optgroup" | "datalist"
        | "template" | "svg" | "math" | "noscript" | "noembed" | "noframes" | "xmp" | "plaintext" | "title"
        | "video" | "audio" | "source" | "track" | "picture" | "portal" | "canvas" | "slot" | "dialog" => {
            "it runs script, loads resources or documents, submits data, or changes how what follows is parsed"
        }
        "annotation-xml" | "color-profile" | "font-face" | "font-face-src" | "font-face-uri" | "font-face-format"
        | "font-face-name" | "missing-glyph" => "this name belongs to SVG or MathML, not to a custom element",
        _ => "it is not an element comment markup needs (the elements a policy may keep are ammonia's default set and custom elements)",
    })
}

/// The table elements that need others to be kept at all, and which: a
/// browser puts every row in a row group and every cell in a row, so a
/// policy that keeps a table part but not its parents could never write it.
pub(crate) const TABLE_NEEDS: &[(&str, &[&str])] = &[
    ("caption", &["table"]),
    ("colgroup", &["table"]),
    ("col", &["table", "colgroup"]),
    ("thead", &["table", "tr"]),
    ("tbody", &["table", "tr"]),
    ("tfoot", &["table", "tr"]),
    ("tr", &["table", "tbody"]),
    ("td", &["table", "tbody", "tr"]),
    ("th", &["table", "tbody", "tr"]),
    ("table", &["tbody", "tr"]),
];

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

/// Why an attribute name (or a name prefix such as `hx-`) is one that a
/// front-end framework reads as code, or `None`.
///
/// Why: with Alpine.js on the page, `<b x-init="...">` in a comment runs
/// script, though no `on*` attribute or `javascript:` URL is in sight; the
/// same holds for htmx, Vue, Angular(JS) and Knockout with their
/// attributes. (Names starting with `:` or `@`, Alpine's and Vue's
/// shorthands, are not valid names in a policy at all.) A policy keeps
/// them only when its author says no such framework runs where comments
/// are shown.
pub(crate) fn script_gadget(name: &str) -> Option<&'static str> {
    const ALPINE: &str =
        "Alpine.js runs x-* attributes as code; call assume_no_attribute_frameworks() if no page runs it";
    const HTMX: &str =
        "htmx acts on hx-* and data-hx-* attributes; call assume_no_attribute_frameworks() if no page runs it";
    const VUE: &str = "Vue runs v-* attributes as code; call assume_no_attribute_frameworks() if no page runs it";
    const ANGULAR: &str =
        "AngularJS runs ng-* and data-ng-* attributes as code; call assume_no_attribute_frameworks() if no page runs it";
    const KNOCKOUT: &str = "Knockout runs data-bind as code; call assume_no_attribute_frameworks() if no page runs it";
    const PREFIXES: &[(&str, &str)] = &[
        ("x-", ALPINE),
        ("hx-", HTMX),
        ("data-hx-", HTMX),
        ("v-", VUE),
        ("ng-", ANGULAR),
        ("data-ng-", ANGULAR),
    ];
    if name == "data-bind" {
        return Some(KNOCKOUT);
    }
    PREFIXES.iter().find(|(p, _)| name.starts_with(p)).map(|(_, why)| *why)
}

/// Whether an attribute names an element the page can look up by it: `id`,
/// `name` and `for` (a label's target).
///
/// Why: a comment's `<b id="login">` or `<a name="config">` becomes
/// `window.login` and `document.config`, shadowing the page's own globals
/// and elements its script looks up ("DOM clobbering"). With a prefix on
/// every value (`user-content-login`) the names cannot collide.
pub(crate) fn needs_id_prefix(name: &str) -> bool {
    matches!(name, "id" | "name" | "for")
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

/// Elements removed together with their content, by default, and why: the
/// content of each is something a reader does not see as text.
///
/// Elements whose content a reader does see keep it when they are removed:
/// `textarea` (shown in its box), `xmp`, `listing` and `plaintext` (shown as
/// preformatted text), `object` and `applet` (their fallback content is what
/// shows when they cannot run, as here).
#[rustfmt::skip]
pub(crate) const DEFAULT_DROP_CONTENT: &[(&str, &str)] = &[
    ("script", "program code, not reader text"),
    ("style", "CSS, not reader text"),
    ("template", "inert markup the page never shows"),
    ("title", "document metadata, never shown in the page"),
    ("noscript", "shown only when script is off, and readers' browsers run script"),
    ("iframe", "fallback text for a nested document, which browsers do not show"),
    ("noembed", "legacy fallback, parsed as raw text and not shown"),
    ("noframes", "legacy fallback, parsed as raw text and not shown"),
    ("select", "a form control: a browser shows one option as its label, never the text around the options"),
    ("datalist", "input suggestions, never shown as text"),
    ("svg", "foreign content: drawing instructions, parsed under different rules"),
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
