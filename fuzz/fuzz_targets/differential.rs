//! `differential`: compare what survives our default policy with what
//! survives ammonia 4 configured with the same allowlist.
//!
//! Both outputs are reparsed with html5ever's tree builder and compared as
//! sets of element names and of (element, attribute) pairs. Differences
//! that are intended are listed in `explain` below (and in fuzz/README.md);
//! anything else panics.
//!
//! Input: the raw bytes, read as lossy UTF-8.
#![no_main]

use std::collections::{BTreeSet, HashMap, HashSet};

use comment_sanitizer::default_dropped_content;
use fuzz_support::{browser_scheme, census, parse, variant, Census};
use libfuzzer_sys::fuzz_target;

const TAGS: &[&str] = &[
    "a", "abbr", "acronym", "b", "blockquote", "cite", "code", "del", "em", "i", "q", "s", "strike", "strong",
];

fn ammonia_clean(input: &str) -> String {
    let drop: HashSet<&'static str> = default_dropped_content().map(|(name, _)| name).collect();
    let mut attrs: HashMap<&str, HashSet<&str>> = HashMap::new();
    attrs.insert("a", ["href", "title"].into_iter().collect());
    attrs.insert("abbr", ["title"].into_iter().collect());
    attrs.insert("acronym", ["title"].into_iter().collect());
    attrs.insert("blockquote", ["cite"].into_iter().collect());
    attrs.insert("del", ["datetime"].into_iter().collect());
    attrs.insert("q", ["cite"].into_iter().collect());
    ammonia::Builder::empty()
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(drop)
        .tag_attributes(attrs)
        .tag_attribute_values(HashMap::new())
        .set_tag_attribute_values(HashMap::new())
        .generic_attributes(HashSet::new())
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("nofollow ugc"))
        .strip_comments(true)
        .clean(input)
        .to_string()
}

type Pair = (String, String);

fn sets(c: &Census) -> (BTreeSet<String>, BTreeSet<Pair>) {
    let mut elements = BTreeSet::new();
    let mut pairs = BTreeSet::new();
    for el in &c.elements {
        elements.insert(el.name.clone());
        for (attr, _) in &el.attrs {
            pairs.insert((el.name.clone(), attr.clone()));
        }
    }
    (elements, pairs)
}

/// The values of `attr` on `element` in a census.
fn values<'a>(c: &'a Census, element: &'a str, attr: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    c.elements
        .iter()
        .filter(move |e| e.name == element)
        .flat_map(move |e| e.attrs.iter().filter(move |(a, _)| a == attr).map(|(_, v)| v.as_str()))
}

/// Would our default policy drop this URL (scheme or length)?
fn we_drop_url(value: &str) -> bool {
    value.chars().count() > 2048
        || matches!(browser_scheme(value), Some(s) if !["http", "https", "mailto"].contains(&s.as_str()))
}

/// Does the input contain a start tag of an element whose content either
/// side drops (script, style, select, svg, math, head, ...)? The tree
/// builder and our token-level matching can end such a region in different
/// places (`<select><input>`, `<svg><b>` breakout, an ignored `<head>`, a
/// `</table>` closing an `<object>`...), so element sets may differ there.
fn has_dropped_region(input_lc: &str) -> bool {
    default_dropped_content().any(|(name, _)| input_lc.contains(&format!("<{name}")))
}

/// The all-lowercase SVG and MathML element names of ammonia 4.2's
/// `is_svg_tag`/`is_mathml_tag`, less the names HTML shares (`a`, `font`,
/// `script`, `span`, `style`, `title`). ammonia's `check_expected_namespace`
/// removes an *HTML* element with one of these names together with all its
/// content (`<stop>text<b>x</b>` loses everything).
const FOREIGN_NAMES: &[&str] = &["abs","and","animate","annotation","annotation-xml","apply","approx","arccos","arccosh","arccot","arccoth","arccsc","arccsch","arcsec","arcsech","arcsin","arcsinh","arctan","arctanh","arg","bind","bvar","card","cartesianproduct","cbytes","ceiling","cerror","ci","circle","cn","codomain","complexes","compose","condition","conjugate","cos","cosh","cot","coth","cs","csc","csch","csymbol","curl","declare","defs","degree","desc","determinant","diff","discard","divergence","divide","domain","domainofapplication","ellipse","emptyset","eq","equivalent","eulergamma","exists","exp","exponentiale","factorial","factorof","false","filter","floor","fn","forall","g","gcd","geq","grad","gt","ident","image","imaginary","imaginaryi","implies","in","infinity","int","integers","intersect","interval","inverse","lambda","laplacian","lcm","leq","limit","line","list","ln","log","logbase","lowlimit","lt","maction","maligngroup","malignmark","marker","mask","math","matrix","matrixrow","max","mean","median","menclose","merror","metadata","mfenced","mfrac","mglyph","mi","min","minus","mlabeledtr","mlongdiv","mmultiscripts","mn","mo","mode","moment","momentabout","mover","mpadded","mpath","mphantom","mprescripts","mroot","mrow","ms","mscarries","mscarry","msgroup","msline","mspace","msqrt","msrow","mstack","mstyle","msub","msubsup","msup","mtable","mtd","mtext","mtr","munder","munderover","naturalnumbers","neq","none","not","notanumber","notin","notprsubset","notsubset","or","otherwise","outerproduct","partialdiff","path","pattern","pi","piece","piecewise","plus","polygon","polyline","power","primes","product","prsubset","quotient","rationals","real","reals","rect","reln","rem","root","scalarproduct","sdev","sec","sech","selector","semantics","sep","set","setdiff","share","sin","sinh","stop","subset","sum","svg","switch","symbol","tan","tanh","tendsto","text","times","transpose","true","tspan","union","uplimit","use","variance","vector","vectorproduct","view","xor"];

/// Does the input contain a start tag named like an SVG/MathML element?
fn has_foreign_named_tag(input_lc: &str) -> bool {
    input_lc.split('<').skip(1).any(|rest| {
        let name: String = rest
            .chars()
            .take_while(|c| !c.is_ascii_whitespace() && *c != '/' && *c != '>')
            .collect();
        FOREIGN_NAMES.contains(&name.as_str())
    })
}

/// Why *any* difference (an element or an attribute on one side only) is
/// intended: whole regions of the input that one side removes and the other
/// does not (everything inside them goes, attributes included).
fn explain_region(ours: &Census, theirs: &Census, theirs_html: &str, input_lc: &str) -> Option<&'static str> {
    if fuzz_support::oracle::reserialize(theirs_html) != theirs_html {
        return Some(
            "ammonia's output does not read back as the tree it wrote (a link in a link, a list item in a list \
             item once the list is gone): we leave such a misplaced element out and keep its text",
        );
    }
    if has_foreign_named_tag(input_lc) {
        return Some("ammonia removes an HTML element named like an SVG/MathML element, with its content");
    }
    if has_dropped_region(input_lc) {
        return Some("content-dropped region ends differently (token matching vs tree builder)");
    }
    if theirs.max_depth > 200 || ours.max_depth >= 250 {
        return Some("our max_depth (256) removes deeper opening tags");
    }
    None
}

/// Why an (element, attribute) pair only ammonia kept is intended.
fn explain_only_theirs(pair: &Pair, ours: &Census, theirs: &Census) -> Option<&'static str> {
    let (el, attr) = (pair.0.as_str(), pair.1.as_str());
    match attr {
        "rel" if el == "a" => {
            // ammonia adds rel to every <a>; we add it only to links that keep href.
            (!values(ours, "a", "href").any(|_| true)).then_some("rel only on <a> with href")
        }
        "href" | "cite" => values(theirs, el, attr)
            .any(we_drop_url)
            .then_some("we judge the URL as a browser does (and cite too); ammonia parses with the url crate"),
        "datetime" => Some("we validate datetime; ammonia keeps any value"),
        "title" => values(theirs, el, attr)
            .any(|v| v.chars().count() > 1024)
            .then_some("max_attr_value_len 1024"),
        _ => None,
    }
}

/// Why an (element, attribute) pair only we kept is intended.
fn explain_only_ours(pair: &Pair, ours: &Census) -> Option<&'static str> {
    let (el, attr) = (pair.0.as_str(), pair.1.as_str());
    match attr {
        "href" => values(ours, el, attr)
            .any(|v| matches!(url::Url::parse(v), Err(e) if e != url::ParseError::RelativeUrlWithoutBase))
            .then_some("ammonia drops an http(s)/mailto URL the url crate cannot parse; a browser shows it as a link"),
        _ => None,
    }
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let ours_html = variant(0).sanitizer.clean(&input).expect("no input limit is set");
    let theirs_html = ammonia_clean(&input);
    let ours = census(&parse(&ours_html).root);
    let theirs = census(&parse(&theirs_html).root);
    let (our_elements, our_pairs) = sets(&ours);
    let (their_elements, their_pairs) = sets(&theirs);
    let input_lc = input.to_ascii_lowercase();

    if explain_region(&ours, &theirs, &theirs_html, &input_lc).is_some() {
        return;
    }
    let mut unexplained = Vec::new();
    for name in our_elements.symmetric_difference(&their_elements) {
        let side = if our_elements.contains(name) { "only ours" } else { "only ammonia" };
        unexplained.push(format!("element <{name}>: {side}"));
    }
    for pair in their_pairs.difference(&our_pairs) {
        // An attribute on an element we do not have at all is covered by the element check.
        if our_elements.contains(&pair.0) && explain_only_theirs(pair, &ours, &theirs).is_none() {
            unexplained.push(format!("attribute {}@{}: only ammonia", pair.0, pair.1));
        }
    }
    for pair in our_pairs.difference(&their_pairs) {
        if their_elements.contains(&pair.0) && explain_only_ours(pair, &ours).is_none() {
            unexplained.push(format!("attribute {}@{}: only ours", pair.0, pair.1));
        }
    }
    if !unexplained.is_empty() {
        panic!(
            "DIFFERENTIAL MISMATCH vs ammonia: {unexplained:?}\ninput:   {input:?}\nours:    {ours_html:?}\nammonia: {theirs_html:?}"
        );
    }
});
