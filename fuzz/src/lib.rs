//! Shared support for the fuzz targets: the policy variants, an html5ever
//! tree-builder oracle (as in `tests/support/oracle.rs`), and the checks.
//!
//! Every check panics with a message naming the property it found broken, so
//! that libFuzzer records the input as a crash.

use std::sync::OnceLock;

use comment_sanitizer::{AttrKind, Limits, Policy, RelativeUrls, Sanitizer};
use html5ever::serialize::{SerializeOpts, TraversalScope};
use html5ever::tendril::TendrilSink;
use html5ever::{local_name, ns, parse_fragment, serialize, ParseOpts, QualName};
use markup5ever_rcdom::{Handle, NodeData, RcDom, SerializableHandle};

// ---------------------------------------------------------------------------
// Policy variants
// ---------------------------------------------------------------------------

/// One policy under test, with the facts the checks need about it.
pub struct Variant {
    /// Short name, for panic messages.
    pub name: &'static str,
    pub sanitizer: Sanitizer,
    /// The `rel` written on links that keep their `href`.
    pub link_rel: Option<&'static str>,
    /// Whether a relative URL may appear in the output.
    pub relative_allowed: bool,
}

/// The `max_depth` of the small-depth variant.
pub const SMALL_DEPTH: usize = 3;
/// The base URL of the resolving variant.
pub const BASE_URL: &str = "https://blog.example/post/1";

fn build_variants() -> Vec<Variant> {
    let wp = Policy::wordpress_comments;
    let mk = |name, policy: Result<Policy, comment_sanitizer::PolicyError>, link_rel, relative_allowed| Variant {
        name,
        sanitizer: Sanitizer::new(policy.unwrap_or_else(|e| panic!("variant {name} must build: {e}"))),
        link_rel,
        relative_allowed,
    };
    vec![
        mk("wordpress", Ok(wp()), Some("nofollow ugc"), true),
        mk("link_rel_none", wp().to_builder().link_rel(None).build(), None, true),
        mk(
            "relative_deny",
            wp().to_builder().relative_urls(RelativeUrls::Deny).build(),
            Some("nofollow ugc"),
            false,
        ),
        mk("https_only", wp().to_builder().url_schemes(["https"]).build(), Some("nofollow ugc"), true),
        mk(
            "extra_elements",
            wp().to_builder()
                .allow_element("p")
                .allow_element("div")
                .allow_element("span")
                .allow_element("br")
                .allow_attribute("span", "title", AttrKind::Text)
                .build(),
            Some("nofollow ugc"),
            true,
        ),
        mk(
            "small_depth",
            wp().to_builder()
                .allow_element("p")
                .allow_element("br")
                .limits(Limits { max_depth: SMALL_DEPTH, max_attr_value_len: 16, max_url_len: 40, ..Limits::default() })
                .build(),
            Some("nofollow ugc"),
            true,
        ),
        mk(
            "resolve",
            wp().to_builder()
                .relative_urls(RelativeUrls::Resolve(BASE_URL.into()))
                .link_rel(Some("nofollow"))
                .build(),
            Some("nofollow"),
            false,
        ),
    ]
}

/// All policy variants, built once.
pub fn variants() -> &'static [Variant] {
    static VARIANTS: OnceLock<Vec<Variant>> = OnceLock::new();
    VARIANTS.get_or_init(build_variants)
}

/// The variant a selector byte picks.
pub fn variant(selector: u8) -> &'static Variant {
    let all = variants();
    &all[usize::from(selector) % all.len()]
}

// ---------------------------------------------------------------------------
// The html5ever oracle (same as tests/support/oracle.rs)
// ---------------------------------------------------------------------------

/// A parsed fragment; the `RcDom` must outlive the use of `root`.
pub struct Parsed {
    _dom: RcDom,
    pub root: Handle,
}

/// Parse `html` as the children of a `<body>` (like `body.innerHTML = html`).
pub fn parse(html: &str) -> Parsed {
    let dom = parse_fragment(
        RcDom::default(),
        ParseOpts::default(),
        QualName::new(None, ns!(html), local_name!("body")),
        Vec::new(),
        false,
    )
    .one(html);
    let root = dom.document.children.borrow()[0].clone();
    Parsed { _dom: dom, root }
}

/// Serialize the children of `root` as `innerHTML` does.
pub fn serialize_children(root: &Handle) -> String {
    let mut bytes = Vec::new();
    let opts = SerializeOpts { traversal_scope: TraversalScope::ChildrenOnly(None), ..Default::default() };
    serialize(&mut bytes, &SerializableHandle::from(root.clone()), opts).expect("writing to a Vec");
    String::from_utf8(bytes).expect("html5ever writes UTF-8")
}

/// One element of a parsed tree.
#[derive(Debug, Clone)]
pub struct Element {
    pub namespace: String,
    pub name: String,
    /// (namespace, local name, value)
    pub attrs: Vec<(String, String, String)>,
    /// 1 for a child of the fragment root.
    pub depth: usize,
}

/// Everything in a parsed tree.
#[derive(Debug, Default)]
pub struct Census {
    pub elements: Vec<Element>,
    pub comments: usize,
    pub other_nodes: usize,
    pub max_depth: usize,
}

/// Walk the tree under `root` iteratively (outputs can be deep).
pub fn census(root: &Handle) -> Census {
    let mut census = Census::default();
    let mut stack: Vec<(Handle, usize)> = root.children.borrow().iter().rev().map(|h| (h.clone(), 1)).collect();
    while let Some((node, depth)) = stack.pop() {
        match &node.data {
            NodeData::Element { name, attrs, template_contents, .. } => {
                census.max_depth = census.max_depth.max(depth);
                census.elements.push(Element {
                    namespace: name.ns.to_string(),
                    name: name.local.to_string(),
                    attrs: attrs
                        .borrow()
                        .iter()
                        .map(|a| (a.name.ns.to_string(), a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                    depth,
                });
                if let Some(contents) = template_contents.borrow().as_ref() {
                    stack.push((contents.clone(), depth + 1));
                }
            }
            NodeData::Text { .. } => {}
            NodeData::Comment { .. } => census.comments += 1,
            _ => census.other_nodes += 1,
        }
        stack.extend(node.children.borrow().iter().rev().map(|h| (h.clone(), depth + 1)));
    }
    census
}

// ---------------------------------------------------------------------------
// A browser's reading of a URL's scheme (WHATWG URL standard), written
// independently of src/url.rs.
// ---------------------------------------------------------------------------

/// The scheme a browser's basic URL parser finds in `url` (lowercase), or
/// `None` when it takes the "no scheme" path (a relative URL).
///
/// 1. Strip leading and trailing C0 control or space (U+0000..=U+0020).
/// 2. Remove every ASCII tab or newline (U+0009, U+000A, U+000D).
/// 3. Scheme start state: an ASCII alpha starts a scheme, anything else is
///    "no scheme". Scheme state: ASCII alphanumeric, `+`, `-`, `.` continue;
///    `:` ends the scheme; anything else (or the end of input) means "no
///    scheme" and the parser starts over as a relative URL.
pub fn browser_scheme(url: &str) -> Option<String> {
    let is_c0_or_space = |c: char| ('\u{0}'..='\u{20}').contains(&c);
    let input: Vec<char> = url
        .trim_start_matches(is_c0_or_space)
        .trim_end_matches(is_c0_or_space)
        .chars()
        .filter(|&c| c != '\t' && c != '\n' && c != '\r')
        .collect();
    let mut buffer = String::new();
    let mut chars = input.into_iter();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() => buffer.push(c.to_ascii_lowercase()),
        _ => return None,
    }
    for c in chars {
        if c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.' {
            buffer.push(c.to_ascii_lowercase());
        } else if c == ':' {
            return Some(buffer);
        } else {
            return None;
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

fn datetime_chars_ok(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| c.is_ascii_digit() || "-:.+TZtz ".contains(c))
}

/// Property 1, safety: `output` reparsed holds only what `variant` allows.
pub fn check_safe(variant: &Variant, output: &str, input: &str) {
    let policy = variant.sanitizer.policy();
    let limits = policy.limits();
    let parsed = parse(output);
    let census = census(&parsed.root);
    let fail = |what: String| -> ! {
        panic!(
            "SAFETY VIOLATION [{}]: {what}\ninput:  {input:?}\noutput: {output:?}",
            variant.name
        )
    };
    if census.comments > 0 {
        fail(format!("{} comment node(s) in the reparsed output", census.comments));
    }
    if census.other_nodes > 0 {
        fail(format!("{} non-element, non-text node(s) in the reparsed output", census.other_nodes));
    }
    // max_depth bounds the open-element stack: a void element (`<br>`) opens
    // nothing, so it may sit one level below the deepest kept element.
    let deepest = census.elements.iter().filter(|e| e.name != "br").map(|e| e.depth).max().unwrap_or(0);
    if deepest > limits.max_depth {
        fail(format!("nesting depth {deepest} exceeds max_depth {}", limits.max_depth));
    }
    let allowed_schemes: Vec<&str> = policy.url_schemes().collect();
    for el in &census.elements {
        if el.namespace != HTML_NS {
            fail(format!("element <{}> in namespace {}", el.name, el.namespace));
        }
        if !policy.allows_element(&el.name) {
            fail(format!("element <{}> is not allowlisted", el.name));
        }
        let mut has_href = false;
        let mut rel = None;
        for (ns, name, value) in &el.attrs {
            if !ns.is_empty() {
                fail(format!("namespaced attribute {ns}:{name} on <{}>", el.name));
            }
            if el.name == "a" && name == "rel" {
                if let Some(expected) = variant.link_rel {
                    if value != expected {
                        fail(format!("<a rel={value:?}>, expected {expected:?}"));
                    }
                    rel = Some(value.clone());
                    continue;
                }
            }
            let kind = match policy.attribute_kind(&el.name, name) {
                Some(kind) => kind,
                None => fail(format!("attribute {name}={value:?} on <{}> is not allowlisted", el.name)),
            };
            let len = value.chars().count();
            match kind {
                AttrKind::Url => {
                    if el.name == "a" && name == "href" {
                        has_href = true;
                    }
                    if len > limits.max_url_len {
                        fail(format!("URL {name} of {len} chars exceeds max_url_len"));
                    }
                    match browser_scheme(value) {
                        Some(scheme) if allowed_schemes.contains(&scheme.as_str()) => {}
                        Some(scheme) => fail(format!("{name}={value:?} has disallowed scheme {scheme:?}")),
                        None if variant.relative_allowed => {}
                        None => fail(format!("{name}={value:?} is relative, which this policy forbids")),
                    }
                }
                AttrKind::Text => {
                    if len > limits.max_attr_value_len {
                        fail(format!("{name} of {len} chars exceeds max_attr_value_len"));
                    }
                }
                AttrKind::Datetime => {
                    if len > limits.max_attr_value_len || !datetime_chars_ok(value) {
                        fail(format!("{name}={value:?} is not a date/time"));
                    }
                }
                _ => fail(format!("unknown attribute kind {kind:?}")),
            }
        }
        if el.name == "a" {
            if let Some(expected) = variant.link_rel {
                if has_href && rel.is_none() {
                    fail(format!("<a href> without rel={expected:?}"));
                }
            }
        }
    }
}

/// Property 2, stability: parsing and serializing `output` gives it back.
pub fn check_stable(variant: &Variant, output: &str, input: &str) {
    let again = serialize_children(&parse(output).root);
    if again != output {
        panic!(
            "STABILITY VIOLATION [{}]: parse+serialize changed the output\ninput:       {input:?}\noutput:      {output:?}\nreserialized: {again:?}",
            variant.name
        );
    }
}

/// Property 3, idempotence: cleaning `output` again gives it back.
pub fn check_idempotent(variant: &Variant, output: &str, input: &str) {
    let again = variant.sanitizer.clean(output).expect("no input limit is set");
    if again != output {
        panic!(
            "IDEMPOTENCE VIOLATION [{}]: clean(output) != output\ninput:  {input:?}\noutput: {output:?}\nclean(output): {again:?}",
            variant.name
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_scheme_follows_whatwg() {
        assert_eq!(browser_scheme("https://x").as_deref(), Some("https"));
        assert_eq!(browser_scheme(" \u{1}JaVa\tScRiPt:x").as_deref(), Some("javascript"));
        assert_eq!(browser_scheme("java\u{fffd}script:x"), None);
        assert_eq!(browser_scheme("\u{a0}javascript:x"), None);
        assert_eq!(browser_scheme("1a:x"), None);
        assert_eq!(browser_scheme("/a:b"), None);
        assert_eq!(browser_scheme("abc"), None);
        assert_eq!(browser_scheme("a.b+c-d:x").as_deref(), Some("a.b+c-d"));
    }

    #[test]
    fn variants_build_and_pass_a_smoke_test() {
        for v in variants() {
            let input = r#"<p><a href="javascript:x" title=t>x</a><q cite="/r">q</q><!-- c --><del datetime="2024-01-01">d</del>"#;
            let out = v.sanitizer.clean(input).unwrap();
            check_safe(v, &out, input);
            check_stable(v, &out, input);
            check_idempotent(v, &out, input);
        }
    }
}
