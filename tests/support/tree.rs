//! The document a reader should get, from html5ever's tree builder: parse
//! the input as a browser does, then apply the policy to the tree (remove
//! disallowed elements keeping their children in place, remove elements
//! whose content goes with their subtrees, remove disallowed attributes,
//! add the attributes the policy writes). The sanitizer's output, parsed
//! again, must be that tree.
//!
//! Trees are compared in a canonical form (see [`canonical`]): element
//! names, attributes sorted by name, and text with ASCII whitespace left
//! out (the sanitizer writes line breaks where it removed blocks, which
//! changes only whitespace).

use std::borrow::Cow;

use comment_sanitizer::{AttrKind, Policy};
use markup5ever_rcdom::{Handle, NodeData};

use super::checks::{browser_scheme, special_relative, wildcard_match, Extras};
use super::oracle;

/// A tree node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element {
        name: String,
        attrs: Vec<(String, String)>,
        children: Vec<Node>,
    },
    Text(String),
}

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// An attribute filter, as a test gives the policy one.
pub type Filter = for<'v> fn(&str, &str, &'v str) -> Option<Cow<'v, str>>;

/// What the policy does with elements and attributes, for [`expected`].
pub struct Rules<'p> {
    pub policy: &'p Policy,
    pub extras: Extras,
    /// Elements removed with their content.
    pub dropped: Box<dyn Fn(&str) -> bool + 'p>,
    /// The attribute filter the policy was given, if any.
    pub filter: Option<Filter>,
}

impl<'p> Rules<'p> {
    /// The rules of `policy`, whose content-dropping list is `dropped`.
    pub fn new(policy: &'p Policy, extras: Extras, dropped: impl Fn(&str) -> bool + 'p) -> Rules<'p> {
        Rules {
            policy,
            extras,
            dropped: Box::new(dropped),
            filter: None,
        }
    }

    /// The value an attribute is written with, or `None` when the policy
    /// removes it: its checks, then its filter (whose result is checked
    /// again), then the `id` prefix.
    fn kept_value(&self, element: &str, attr: &str, kind: AttrKind, value: &str) -> Option<String> {
        let checked = self.checked_value(element, attr, kind, value)?;
        let filtered = match self.filter {
            None => checked,
            Some(filter) => match filter(element, attr, &checked)? {
                Cow::Borrowed(same) if same == checked => checked,
                other => self.checked_value(element, attr, kind, &other)?,
            },
        };
        match self.policy.id_prefix() {
            Some(prefix) if matches!(attr, "id" | "name" | "for") => match filtered {
                f if f.is_empty() => None,
                f if f.starts_with(prefix) => Some(f),
                f => Some(format!("{prefix}{f}")),
            },
            _ => Some(filtered),
        }
    }

    /// Whether a kept link goes to another site: with hosts named, a
    /// relative link or one to a named host is internal.
    fn external(&self, href: &str) -> bool {
        let hosts: Vec<&str> = self.policy.internal_hosts().collect();
        if hosts.is_empty() {
            return true;
        }
        let Ok(base) = url::Url::parse("https://relative.invalid/") else {
            return true;
        };
        match base.join(href) {
            Ok(url) => match url.host_str() {
                Some("relative.invalid") => false,
                Some(host) => !hosts.iter().any(|h| h.eq_ignore_ascii_case(host.trim_end_matches('.'))),
                None => true,
            },
            Err(_) => true,
        }
    }

    /// The value after the policy's own checks (kind, values, tokens).
    fn checked_value(&self, element: &str, attr: &str, kind: AttrKind, value: &str) -> Option<String> {
        let limits = self.policy.limits();
        let len = value.chars().count();
        // A URL as written: resolved against the base when the policy
        // resolves relative URLs; `None` when the policy removes it.
        let url = |url: &str| -> Option<String> {
            let relative = browser_scheme(url).is_none()
                || ((self.extras.resolve_base.is_some() || !self.extras.relative_allowed) && special_relative(url));
            let written = match (relative, &self.extras.resolve_base) {
                (true, Some(base)) => resolve(base, url)?,
                (true, None) => return self.extras.relative_allowed.then(|| url.to_string()),
                (false, _) => url.to_string(),
            };
            let scheme = browser_scheme(&written)?;
            let mut schemes = self.policy.attribute_url_schemes(element, attr)?;
            schemes.any(|s| s == scheme).then_some(written)
        };
        let value = match kind {
            AttrKind::Url if len <= limits.max_url_len => url(value)?,
            // The generators write candidates separated by `, ` with URLs
            // and descriptors free of commas and parentheses, which this
            // reads; every candidate's URL must pass, and a resolved URL
            // rewrites the value as `url descriptors, ...`.
            AttrKind::Srcset if len <= limits.max_url_len => {
                let mut resolved = false;
                let mut candidates = Vec::new();
                for candidate in value.split(',') {
                    let mut words = candidate.split_ascii_whitespace();
                    let Some(u) = words.next() else { continue };
                    let written = url(u)?;
                    resolved |= written != u;
                    let descriptors: Vec<&str> = words.collect();
                    candidates.push(if descriptors.is_empty() {
                        written
                    } else {
                        format!("{written} {}", descriptors.join(" "))
                    });
                }
                if resolved {
                    candidates.join(", ")
                } else {
                    value.to_string()
                }
            }
            AttrKind::Url | AttrKind::Srcset => return None,
            AttrKind::Datetime if len <= limits.max_attr_value_len && is_date(value) => value.to_string(),
            AttrKind::Datetime => return None,
            AttrKind::Integer => {
                let digits = value.strip_prefix('-').unwrap_or(value);
                if !(1..=10).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                value.to_string()
            }
            _ if len <= limits.max_attr_value_len => value.to_string(),
            _ => return None,
        };
        let value = value.as_str();
        if let Some(mut allowed) = self.policy.attribute_values(element, attr) {
            if !allowed.any(|v| wildcard_match(v, value)) {
                return None;
            }
        }
        match self.policy.attribute_tokens(element, attr) {
            None => Some(value.to_string()),
            Some(patterns) => {
                let patterns: Vec<&str> = patterns.collect();
                let kept: Vec<&str> = value
                    .split([' ', '\t', '\n', '\x0C', '\r'])
                    .filter(|t| patterns.iter().any(|p| wildcard_match(p, t)))
                    .collect();
                (!kept.is_empty()).then(|| kept.join(" "))
            }
        }
    }
}

/// `url` resolved against `base` by the `url` crate (the WHATWG URL
/// standard), as a browser resolves it.
fn resolve(base: &str, url: &str) -> Option<String> {
    let base = url::Url::parse(base).ok()?;
    Some(base.join(url).ok()?.into())
}

/// A valid date string (`YYYY-MM-DD`): the only date the generators
/// write. (Other values given to a date attribute are not dates.)
fn is_date(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && matches!(
            &value[5..7],
            "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12"
        )
        && ("01".."29").contains(&&value[8..10])
}

/// The tree html5ever builds for `html` (as `body.innerHTML = html`).
pub fn parse(html: &str) -> Vec<Node> {
    let parsed = oracle::parse(html);
    children_of(&parsed.root)
}

/// The element and text children of a node; text on both sides of a
/// comment (which the tree leaves out) is one text.
fn children_of(handle: &Handle) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::new();
    for node in handle.children.borrow().iter().filter_map(to_node) {
        match (out.last_mut(), node) {
            (Some(Node::Text(last)), Node::Text(t)) => last.push_str(&t),
            (_, node) => out.push(node),
        }
    }
    out
}

fn to_node(handle: &Handle) -> Option<Node> {
    match &handle.data {
        NodeData::Element {
            name,
            attrs,
            template_contents,
            ..
        } => {
            let mut n = if *name.ns == *HTML_NS {
                name.local.to_string()
            } else {
                format!("{}:{}", name.ns, name.local)
            };
            n.make_ascii_lowercase();
            Some(Node::Element {
                name: n,
                attrs: attrs
                    .borrow()
                    .iter()
                    .map(|a| {
                        let name = if a.name.ns.is_empty() {
                            a.name.local.to_string()
                        } else {
                            format!("{}:{}", a.name.ns, a.name.local)
                        };
                        (name, a.value.to_string())
                    })
                    .collect(),
                // A template's content is a fragment of its own; a policy
                // that keeps the template's text reads it as children.
                children: match template_contents.borrow().as_ref() {
                    Some(contents) => children_of(contents),
                    None => children_of(handle),
                },
            })
        }
        NodeData::Text { contents } => Some(Node::Text(contents.borrow().to_string())),
        _ => None,
    }
}

/// The tree of `input` with the policy applied (see the module docs).
pub fn expected(input: &str, rules: &Rules<'_>) -> Vec<Node> {
    let mut out = Vec::new();
    for node in parse(input) {
        apply(node, rules, &mut out);
    }
    out
}

fn apply(node: Node, rules: &Rules<'_>, out: &mut Vec<Node>) {
    match node {
        Node::Text(t) => out.push(Node::Text(t)),
        Node::Element { name, attrs, children } => {
            let html = !name.contains(':');
            let local = name.rsplit(':').next().unwrap_or(&name).to_string();
            // Elements of other namespaces are inside `svg` or `math`, which
            // go with their content; an `svg` or `math` root itself is named
            // by its local name.
            if (rules.dropped)(&local) && (html || local == "svg" || local == "math") {
                return;
            }
            if !html {
                return;
            }
            if !rules.policy.allows_element(&name) {
                for child in children {
                    apply(child, rules, out);
                }
                return;
            }
            let exact: Vec<&str> = rules.policy.allowed_attributes(&name).map(|(a, _)| a).collect();
            let mut kept: Vec<(String, String)> = attrs
                .into_iter()
                .filter_map(|(a, v)| {
                    let kind = rules.policy.attribute_kind(&name, &a)?;
                    // A name matched by a prefix: plain characters only.
                    let plain = a
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                    if !exact.contains(&a.as_str()) && !plain {
                        return None;
                    }
                    let v = rules.kept_value(&name, &a, kind, &v)?;
                    Some((a, v))
                })
                .collect();
            let href = kept
                .iter()
                .find(|(a, _)| rules.policy.attribute_kind(&name, a) == Some(AttrKind::Url))
                .map(|(_, v)| v.clone());
            for (a, v) in rules.policy.forced_attributes(&name) {
                kept.push((a.to_string(), v.to_string()));
            }
            if href.is_some_and(|h| name == "a" && rules.external(&h)) {
                if let Some(target) = rules.policy.link_target() {
                    kept.push(("target".to_string(), target.to_string()));
                }
                if let Some(rel) = rules.policy.link_rel() {
                    kept.push(("rel".to_string(), rel.to_string()));
                }
            }
            let mut kids = Vec::new();
            for child in children {
                apply(child, rules, &mut kids);
            }
            out.push(Node::Element {
                name,
                attrs: kept,
                children: kids,
            });
        }
    }
}

/// The canonical form of a tree (see the module docs).
pub fn canonical(nodes: &[Node]) -> String {
    let mut out = String::new();
    write_canonical(nodes, &mut out);
    out
}

fn write_canonical(nodes: &[Node], out: &mut String) {
    let mut text = String::new();
    let flush = |text: &mut String, out: &mut String| {
        let solid: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r'))
            .collect();
        if !solid.is_empty() {
            out.push_str(&format!("{solid:?}"));
        }
        text.clear();
    };
    for node in nodes {
        match node {
            Node::Text(t) => text.push_str(t),
            Node::Element { name, attrs, children } => {
                flush(&mut text, out);
                let mut attrs = attrs.clone();
                attrs.sort();
                out.push('<');
                out.push_str(name);
                for (a, v) in &attrs {
                    out.push_str(&format!(" {a}={v:?}"));
                }
                out.push('>');
                write_canonical(children, out);
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
        }
    }
    flush(&mut text, out);
}

/// The text of a tree, ASCII whitespace left out.
pub fn text(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(t) => out.extend(t.chars().filter(|c| !matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r'))),
            Node::Element { children, .. } => out.push_str(&text(children)),
        }
    }
    out
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
];

/// HTML that spells the tree (as a serializer would write it).
pub fn serialize(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(t) => {
                for c in t.chars() {
                    match c {
                        '&' => out.push_str("&amp;"),
                        '<' => out.push_str("&lt;"),
                        '>' => out.push_str("&gt;"),
                        '\u{a0}' => out.push_str("&nbsp;"),
                        c => out.push(c),
                    }
                }
            }
            Node::Element { name, attrs, children } => {
                out.push('<');
                out.push_str(name);
                for (a, v) in attrs {
                    out.push(' ');
                    out.push_str(a);
                    out.push_str("=\"");
                    out.push_str(
                        &v.replace('&', "&amp;")
                            .replace('"', "&quot;")
                            .replace('\u{a0}', "&nbsp;"),
                    );
                    out.push('"');
                }
                out.push('>');
                if VOID.contains(&name.as_str()) {
                    continue;
                }
                if matches!(name.as_str(), "pre" | "textarea" | "listing")
                    && matches!(children.first(), Some(Node::Text(t)) if t.starts_with('\n'))
                {
                    out.push('\n');
                }
                out.push_str(&serialize(children));
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
        }
    }
    out
}

/// Whether a browser reads the tree's HTML back as the same tree: if not,
/// no output can be that tree (a list item directly inside a list item,
/// once the list between them is removed).
pub fn round_trips(nodes: &[Node]) -> bool {
    canonical(&parse(&serialize(nodes))) == canonical(nodes)
}
