//! What the HTML standard says about element names, as tables.
//!
//! Every stage needs some HTML knowledge: the tree builder must know which
//! elements are "special", which are formatting elements, which bound a
//! scope and which start tags switch the tokenizer into RAWTEXT or RCDATA;
//! the filter which removed elements were blocks (to keep words apart); the
//! output guard which elements are void. Those facts live here, in one
//! place, each table citing the part of the standard it comes from, so that
//! no stage grows its own slightly different list.
//!
//! A name is looked up once per tag ([`info`], one hash probe); the answer,
//! an [`Info`], names the element ([`Tag`], for the tree builder's rules
//! that single out elements by name) and carries its categories as bits.
//!
//! The lists follow the WHATWG standard as html5ever implements it, since
//! html5ever's tree builder is the oracle this crate is tested against
//! (where the two differ, the comment says so).
//!
//! All names are lowercase ASCII, as the tokenizer reports them.

use crate::name_table::NameTable;

/// How the tokenizer must read an element's content, per the tree
/// construction rules for "in body" start tags
/// (<https://html.spec.whatwg.org/multipage/parsing.html#parsing-main-inbody>),
/// with scripting enabled, as in any browser that shows the comment. Only
/// an element inserted in the HTML namespace switches the tokenizer.
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

/// The element names the tree builder's rules single out, one variant
/// each; every other name is [`Tag::Other`]. (`Image` is the `<image>`
/// start tag, which the tree builder reads as `<img>`.)
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Tag {
    Other,
    A,
    Address,
    AnnotationXml,
    Applet,
    Area,
    Article,
    Aside,
    B,
    Base,
    Basefont,
    Bgsound,
    Big,
    Blockquote,
    Body,
    Br,
    Button,
    Caption,
    Center,
    Code,
    Col,
    Colgroup,
    Dd,
    Desc,
    Details,
    Dialog,
    Dir,
    Div,
    Dl,
    Dt,
    Em,
    Embed,
    Fieldset,
    Figcaption,
    Figure,
    Font,
    Footer,
    ForeignObject,
    Form,
    Frame,
    Frameset,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    Head,
    Header,
    Hgroup,
    Hr,
    Html,
    I,
    Iframe,
    Image,
    Img,
    Input,
    Keygen,
    Li,
    Link,
    Listing,
    Main,
    Malignmark,
    Marquee,
    Math,
    Menu,
    Meta,
    Mglyph,
    Mi,
    Mn,
    Mo,
    Ms,
    Mtext,
    Nav,
    Nobr,
    Noembed,
    Noframes,
    Noscript,
    Object,
    Ol,
    Optgroup,
    Option,
    P,
    Param,
    Plaintext,
    Pre,
    Rb,
    Rp,
    Rt,
    Rtc,
    Ruby,
    S,
    Script,
    Search,
    Section,
    Select,
    Small,
    Source,
    Span,
    Strike,
    Strong,
    Style,
    Sub,
    Summary,
    Sup,
    Svg,
    Table,
    Tbody,
    Td,
    Template,
    Textarea,
    Tfoot,
    Th,
    Thead,
    Title,
    Tr,
    Track,
    Tt,
    U,
    Ul,
    Var,
    Wbr,
    Xmp,
}

/// Every name [`Tag`] singles out.
const TAGS: &[(&str, Tag)] = &[
    ("a", Tag::A),
    ("address", Tag::Address),
    ("annotation-xml", Tag::AnnotationXml),
    ("applet", Tag::Applet),
    ("area", Tag::Area),
    ("article", Tag::Article),
    ("aside", Tag::Aside),
    ("b", Tag::B),
    ("base", Tag::Base),
    ("basefont", Tag::Basefont),
    ("bgsound", Tag::Bgsound),
    ("big", Tag::Big),
    ("blockquote", Tag::Blockquote),
    ("body", Tag::Body),
    ("br", Tag::Br),
    ("button", Tag::Button),
    ("caption", Tag::Caption),
    ("center", Tag::Center),
    ("code", Tag::Code),
    ("col", Tag::Col),
    ("colgroup", Tag::Colgroup),
    ("dd", Tag::Dd),
    ("desc", Tag::Desc),
    ("details", Tag::Details),
    ("dialog", Tag::Dialog),
    ("dir", Tag::Dir),
    ("div", Tag::Div),
    ("dl", Tag::Dl),
    ("dt", Tag::Dt),
    ("em", Tag::Em),
    ("embed", Tag::Embed),
    ("fieldset", Tag::Fieldset),
    ("figcaption", Tag::Figcaption),
    ("figure", Tag::Figure),
    ("font", Tag::Font),
    ("footer", Tag::Footer),
    ("foreignobject", Tag::ForeignObject),
    ("form", Tag::Form),
    ("frame", Tag::Frame),
    ("frameset", Tag::Frameset),
    ("h1", Tag::H1),
    ("h2", Tag::H2),
    ("h3", Tag::H3),
    ("h4", Tag::H4),
    ("h5", Tag::H5),
    ("h6", Tag::H6),
    ("head", Tag::Head),
    ("header", Tag::Header),
    ("hgroup", Tag::Hgroup),
    ("hr", Tag::Hr),
    ("html", Tag::Html),
    ("i", Tag::I),
    ("iframe", Tag::Iframe),
    ("image", Tag::Image),
    ("img", Tag::Img),
    ("input", Tag::Input),
    ("keygen", Tag::Keygen),
    ("li", Tag::Li),
    ("link", Tag::Link),
    ("listing", Tag::Listing),
    ("main", Tag::Main),
    ("malignmark", Tag::Malignmark),
    ("marquee", Tag::Marquee),
    ("math", Tag::Math),
    ("menu", Tag::Menu),
    ("meta", Tag::Meta),
    ("mglyph", Tag::Mglyph),
    ("mi", Tag::Mi),
    ("mn", Tag::Mn),
    ("mo", Tag::Mo),
    ("ms", Tag::Ms),
    ("mtext", Tag::Mtext),
    ("nav", Tag::Nav),
    ("nobr", Tag::Nobr),
    ("noembed", Tag::Noembed),
    ("noframes", Tag::Noframes),
    ("noscript", Tag::Noscript),
    ("object", Tag::Object),
    ("ol", Tag::Ol),
    ("optgroup", Tag::Optgroup),
    ("option", Tag::Option),
    ("p", Tag::P),
    ("param", Tag::Param),
    ("plaintext", Tag::Plaintext),
    ("pre", Tag::Pre),
    ("rb", Tag::Rb),
    ("rp", Tag::Rp),
    ("rt", Tag::Rt),
    ("rtc", Tag::Rtc),
    ("ruby", Tag::Ruby),
    ("s", Tag::S),
    ("script", Tag::Script),
    ("search", Tag::Search),
    ("section", Tag::Section),
    ("select", Tag::Select),
    ("small", Tag::Small),
    ("source", Tag::Source),
    ("span", Tag::Span),
    ("strike", Tag::Strike),
    ("strong", Tag::Strong),
    ("style", Tag::Style),
    ("sub", Tag::Sub),
    ("summary", Tag::Summary),
    ("sup", Tag::Sup),
    ("svg", Tag::Svg),
    ("table", Tag::Table),
    ("tbody", Tag::Tbody),
    ("td", Tag::Td),
    ("template", Tag::Template),
    ("textarea", Tag::Textarea),
    ("tfoot", Tag::Tfoot),
    ("th", Tag::Th),
    ("thead", Tag::Thead),
    ("title", Tag::Title),
    ("tr", Tag::Tr),
    ("track", Tag::Track),
    ("tt", Tag::Tt),
    ("u", Tag::U),
    ("ul", Tag::Ul),
    ("var", Tag::Var),
    ("wbr", Tag::Wbr),
    ("xmp", Tag::Xmp),
];

/// The name of each [`Tag`], by its discriminant: the first name in
/// [`TAGS`] that singles it out.
static TAG_NAMES: [Option<&str>; Tag::Xmp as usize + 1] = {
    let mut names = [None; Tag::Xmp as usize + 1];
    let mut i = 0;
    while i < TAGS.len() {
        let (name, tag) = TAGS[i];
        if names[tag as usize].is_none() {
            names[tag as usize] = Some(name);
        }
        i += 1;
    }
    names
};

/// The name of a [`Tag`] (`None` for [`Tag::Other`]).
pub(crate) fn tag_name(tag: Tag) -> Option<&'static str> {
    TAG_NAMES.get(tag as usize).copied().flatten()
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
    "basefont", "bgsound", "frame", "keygen", "param", "image",
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
    "option",
    "optgroup",
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
    "xmp",
];

/// The "special" category
/// (<https://html.spec.whatwg.org/multipage/parsing.html#special>), HTML
/// elements only, as html5ever lists it (the standard also names `search`
/// and the MathML and SVG integration points).
const SPECIAL: &[&str] = &[
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "base",
    "basefont",
    "bgsound",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "img",
    "input",
    "isindex",
    "li",
    "link",
    "listing",
    "main",
    "marquee",
    "menu",
    "meta",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "p",
    "param",
    "plaintext",
    "pre",
    "script",
    "section",
    "select",
    "source",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    "wbr",
    "xmp",
];

/// Formatting elements
/// (<https://html.spec.whatwg.org/multipage/parsing.html#formatting>): the
/// list of active formatting elements holds them, and the adoption agency
/// repairs their misnesting.
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// HTML elements that bound the default scope
/// (<https://html.spec.whatwg.org/multipage/parsing.html#has-an-element-in-scope>);
/// the HTML integration points of SVG and MathML bound it too (checked by
/// namespace). `select` is html5ever's, after the customizable `<select>`
/// change to the standard.
const SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "select", "template",
];

/// "Generate implied end tags": the elements an end tag of an enclosing
/// element closes silently.
const IMPLIED_END: &[&str] = &["dd", "dt", "li", "option", "optgroup", "p", "rb", "rp", "rt", "rtc"];

/// The start tags that end foreign content
/// (<https://html.spec.whatwg.org/multipage/parsing.html#parsing-main-inforeign>):
/// "A start tag whose tag name is one of: ..." (and `font` with `color`,
/// `face` or `size`, which the tree builder checks itself).
const BREAKOUT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// The bits of [`Info::flags`].
pub(crate) mod flag {
    /// A void element.
    pub(crate) const VOID: u16 = 1;
    /// Rendered as a block: removing it leaves a paragraph break.
    pub(crate) const BLOCK: u16 = 1 << 1;
    /// `svg` or `math`.
    pub(crate) const FOREIGN_ROOT: u16 = 1 << 2;
    /// In the "special" category.
    pub(crate) const SPECIAL: u16 = 1 << 3;
    /// A formatting element.
    pub(crate) const FORMATTING: u16 = 1 << 4;
    /// Bounds the default scope (as an HTML element).
    pub(crate) const SCOPE: u16 = 1 << 5;
    /// Closed by "generate implied end tags".
    pub(crate) const IMPLIED_END: u16 = 1 << 6;
    /// Ends foreign content.
    pub(crate) const BREAKOUT: u16 = 1 << 7;
    /// `h1` to `h6`.
    pub(crate) const HEADING: u16 = 1 << 8;
}

/// Everything the tables above say about one element name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Info {
    pub(crate) tag: Tag,
    pub(crate) content: ContentModel,
    /// The [`flag`] bits.
    pub(crate) flags: u16,
}

impl Info {
    /// A name none of the tables lists.
    pub(crate) const ORDINARY: Info = Info {
        tag: Tag::Other,
        content: ContentModel::Markup,
        flags: 0,
    };

    /// Whether all of the [`flag`] bits in `bits` are set.
    #[inline]
    pub(crate) fn is(self, bits: u16) -> bool {
        self.flags & bits == bits
    }

    /// A void element.
    #[inline]
    pub(crate) fn void(self) -> bool {
        self.is(flag::VOID)
    }

    /// Rendered as a block.
    #[inline]
    pub(crate) fn block(self) -> bool {
        self.is(flag::BLOCK)
    }
}

/// Every name the tables above list (some more than once).
pub(crate) fn names() -> impl Iterator<Item = &'static str> {
    TAGS.iter().map(|(n, _)| *n).chain(
        RAW_TEXT
            .iter()
            .map(|(n, _)| *n)
            .chain(VOID.iter().chain(FOREIGN_ROOTS).chain(BLOCK).chain(SPECIAL).copied()),
    )
}

/// What the tables say about `name`, computed (for the lookup table).
fn compute(name: &str) -> Info {
    let bit = |list: &[&str], bit: u16| if list.contains(&name) { bit } else { 0 };
    let tag = TAGS.iter().find(|(n, _)| *n == name).map_or(Tag::Other, |(_, t)| *t);
    let heading = if matches!(tag, Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6) {
        flag::HEADING
    } else {
        0
    };
    Info {
        tag,
        content: RAW_TEXT
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(ContentModel::Markup, |(_, c)| *c),
        flags: bit(VOID, flag::VOID)
            | bit(BLOCK, flag::BLOCK)
            | bit(FOREIGN_ROOTS, flag::FOREIGN_ROOT)
            | bit(SPECIAL, flag::SPECIAL)
            | bit(FORMATTING, flag::FORMATTING)
            | bit(SCOPE, flag::SCOPE)
            | bit(IMPLIED_END, flag::IMPLIED_END)
            | bit(BREAKOUT, flag::BREAKOUT)
            | heading,
    }
}

/// The tables as one [`NameTable`], built on first use.
#[inline]
fn table() -> &'static NameTable<Info> {
    static TABLE: std::sync::OnceLock<NameTable<Info>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| NameTable::new(names().map(|name| (name, compute(name)))))
}

/// What the tables say about `name`.
#[inline]
pub(crate) fn info(name: &str) -> Info {
    table().get(name).unwrap_or(Info::ORDINARY)
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
            assert!(info(name).void(), "{name}");
        }
        for &name in BLOCK {
            assert!(info(name).block(), "{name}");
        }
        for &(name, tag) in TAGS {
            assert_eq!(info(name).tag, tag, "{name}");
        }
        for &name in SPECIAL {
            assert!(info(name).is(flag::SPECIAL), "{name}");
        }
        assert!(info("svg").is(flag::FOREIGN_ROOT) && info("math").is(flag::FOREIGN_ROOT));
        assert!(info("h3").is(flag::HEADING | flag::SPECIAL | flag::BREAKOUT));
        for name in ["x-custom", "blockquotex", "plaintex", "plaintexts", "", "svgg", "scrip"] {
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
}
