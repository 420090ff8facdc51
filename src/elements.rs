//! What the HTML standard says about element names, as tables.
//!
//! Every stage needs a little HTML knowledge: the tokenizer adapter must know
//! which start tags switch the tokenizer into RAWTEXT or RCDATA, the filter
//! which removed elements were blocks (to keep words apart) and which were
//! void, the policy which elements the balancer can keep without the output
//! re-parsing differently. Those facts live here, in one place, each table
//! citing the part of the standard it comes from, so that no stage grows its
//! own slightly different list.
//!
//! All names are lowercase ASCII, as the tokenizer reports them.

use crate::name_table::NameTable;

/// How the tokenizer must read an element's content, per the tree
/// construction rules for "in body" start tags
/// (<https://html.spec.whatwg.org/multipage/parsing.html#parsing-main-inbody>),
/// with scripting enabled, as in any browser that shows the comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ContentModel {
    /// Ordinary markup.
    Markup,
    /// RCDATA: text and character references, until the matching end tag
    /// (<https://html.spec.whatwg.org/multipage/parsing.html#rcdata-state>).
    Rcdata,
    /// RAWTEXT: text only, until the matching end tag
    /// (<https://html.spec.whatwg.org/multipage/parsing.html#rawtext-state>).
    Rawtext,
    /// Script data, with its escaped states
    /// (<https://html.spec.whatwg.org/multipage/parsing.html#script-data-state>).
    ScriptData,
    /// PLAINTEXT: everything to the end of the input is text
    /// (<https://html.spec.whatwg.org/multipage/parsing.html#plaintext-state>).
    Plaintext,
}

/// Start tags that switch the tokenizer out of the data state.
const RAW_TEXT: &[(&str, ContentModel)] = &[
    // "A start tag whose tag name is one of: "textarea"" / "title" (in head).
    ("textarea", ContentModel::Rcdata),
    ("title", ContentModel::Rcdata),
    // "style", "xmp", "iframe", "noembed", "noframes", and "noscript" if
    // the scripting flag is enabled: the generic raw text element algorithm.
    ("style", ContentModel::Rawtext),
    ("xmp", ContentModel::Rawtext),
    ("iframe", ContentModel::Rawtext),
    ("noembed", ContentModel::Rawtext),
    ("noframes", ContentModel::Rawtext),
    ("noscript", ContentModel::Rawtext),
    ("script", ContentModel::ScriptData),
    ("plaintext", ContentModel::Plaintext),
];

/// Void elements: they have no end tag and no content
/// (<https://html.spec.whatwg.org/multipage/syntax.html#void-elements>).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    // Obsolete, but still parsed as void by browsers.
    "basefont", "bgsound", "frame", "keygen", "param",
];

/// Elements whose start tag leaves foreign content namespaces (SVG, MathML).
const FOREIGN_ROOTS: &[&str] = &["svg", "math"];

/// Elements that a browser renders as a block (or as a table part, list item
/// or line of its own): removing one must not glue the words on either side
/// together. From the rendering section's "display: block" defaults
/// (<https://html.spec.whatwg.org/multipage/rendering.html#flow-content-3>)
/// plus tables and lists.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "legend",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "plaintext",
    "pre",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Everything the tables above say about one element name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Info {
    pub(crate) content: ContentModel,
    pub(crate) void: bool,
    pub(crate) block: bool,
    pub(crate) foreign_root: bool,
}

impl Info {
    /// A name none of the tables lists.
    pub(crate) const ORDINARY: Info = Info {
        content: ContentModel::Markup,
        void: false,
        block: false,
        foreign_root: false,
    };
}

/// Every name the tables above list (some more than once).
pub(crate) fn names() -> impl Iterator<Item = &'static str> {
    RAW_TEXT
        .iter()
        .map(|(n, _)| *n)
        .chain(VOID.iter().chain(FOREIGN_ROOTS).chain(BLOCK).copied())
}

/// The tables as one [`NameTable`], built on first use.
#[inline]
fn table() -> &'static NameTable<Info> {
    static TABLE: std::sync::OnceLock<NameTable<Info>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        NameTable::new(names().map(|name| {
            let info = Info {
                content: RAW_TEXT
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map_or(ContentModel::Markup, |(_, c)| *c),
                void: VOID.contains(&name),
                block: BLOCK.contains(&name),
                foreign_root: FOREIGN_ROOTS.contains(&name),
            };
            (name, info)
        }))
    })
}

/// What the tables say about `name`.
#[inline]
pub(crate) fn info(name: &str) -> Info {
    table().get(name).unwrap_or(Info::ORDINARY)
}

/// Whether `name` is a void element.
#[cfg(test)]
pub(crate) fn is_void(name: &str) -> bool {
    info(name).void
}

/// Whether `name` is `svg` or `math`.
#[cfg(any(test, feature = "_internals"))]
pub(crate) fn is_foreign_root(name: &str) -> bool {
    info(name).foreign_root
}

/// Whether removing `name` must leave a paragraph break.
#[cfg(test)]
pub(crate) fn is_block(name: &str) -> bool {
    info(name).block
}

/// How the tag balancer must treat an element that a policy keeps. Only the
/// elements listed in [`balance_class`] can be kept: for them, well-nested
/// output (every element closed in order) parses into exactly the tree it
/// spells, which is what makes the output stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BalanceClass {
    /// A formatting element
    /// (<https://html.spec.whatwg.org/multipage/parsing.html#formatting>):
    /// when misnesting forces the balancer to close it early, it is opened
    /// again afterwards, as a browser's "reconstruct the active formatting
    /// elements" would.
    Formatting,
    /// `<a>`: formatting, and never nested (a start tag closes an open `<a>`,
    /// as the "in body" rule for "a" start tags does).
    Anchor,
    /// An ordinary element with no parsing side effects.
    Ordinary,
    /// A block whose start tag closes an open `<p>`
    /// ("If the stack of open elements has a p element in button scope,
    /// close a p element").
    ClosesP,
    /// A void element: written as a start tag only.
    Void,
}

/// The balance class of an element a policy may keep, or `None` when the
/// balancer does not model the element's parsing rules.
pub(crate) fn balance_class(name: &str) -> Option<BalanceClass> {
    Some(match name {
        "a" => BalanceClass::Anchor,
        "b" | "big" | "code" | "em" | "i" | "s" | "small" | "strike" | "strong" | "tt" | "u" => {
            BalanceClass::Formatting
        }
        "abbr" | "acronym" | "bdi" | "bdo" | "cite" | "del" | "dfn" | "ins" | "kbd" | "mark" | "q" | "samp"
        | "span" | "sub" | "sup" | "time" | "var" => BalanceClass::Ordinary,
        "blockquote" | "div" | "p" => BalanceClass::ClosesP,
        "br" => BalanceClass::Void,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lookup_table_agrees_with_the_lists() {
        for &(name, content) in RAW_TEXT {
            assert_eq!(info(name).content, content, "{name}");
        }
        for &name in VOID {
            assert!(is_void(name) && !is_block(name) || name == "hr", "{name}");
        }
        for &name in BLOCK {
            assert!(is_block(name), "{name}");
        }
        assert!(is_foreign_root("svg") && is_foreign_root("math"));
        for name in [
            "b",
            "a",
            "x-custom",
            "blockquotex",
            "plaintex",
            "plaintexts",
            "",
            "svgg",
            "scrip",
        ] {
            assert_eq!(info(name), Info::ORDINARY, "{name}");
        }
    }

    #[test]
    fn raw_text_elements_are_classified() {
        assert_eq!(info("textarea").content, ContentModel::Rcdata);
        assert_eq!(info("noscript").content, ContentModel::Rawtext);
        assert_eq!(info("script").content, ContentModel::ScriptData);
        assert_eq!(info("plaintext").content, ContentModel::Plaintext);
        assert_eq!(info("b").content, ContentModel::Markup);
    }

    #[test]
    fn kept_elements_have_a_class_and_others_do_not() {
        assert_eq!(balance_class("a"), Some(BalanceClass::Anchor));
        assert_eq!(balance_class("blockquote"), Some(BalanceClass::ClosesP));
        assert_eq!(balance_class("li"), None);
        assert_eq!(balance_class("script"), None);
    }
}
