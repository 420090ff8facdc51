//! html5ever's tree builder as an independent judge of our output.
//!
//! The output is parsed as a fragment in a `<body>` context, with scripting
//! enabled, exactly as `div.innerHTML = output` would parse it in a browser.

use html5ever::serialize::{SerializeOpts, TraversalScope};
use html5ever::tendril::TendrilSink;
use html5ever::{local_name, ns, parse_fragment, serialize, ParseOpts, QualName};
use markup5ever_rcdom::{Handle, NodeData, RcDom, SerializableHandle};

/// A parsed fragment. The `RcDom` must stay alive while the tree is used:
/// dropping it detaches every node's children.
pub struct Parsed {
    _dom: RcDom,
    /// The fragment root (html5ever puts the fragment's nodes under an
    /// `<html>` element).
    pub root: Handle,
}

/// Parse `html` as the children of a `<body>`.
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
    let opts = SerializeOpts {
        traversal_scope: TraversalScope::ChildrenOnly(None),
        ..Default::default()
    };
    serialize(&mut bytes, &SerializableHandle::from(root.clone()), opts).expect("writing to a Vec");
    String::from_utf8(bytes).expect("html5ever writes UTF-8")
}

/// Parse and serialize again: a stable output comes back byte for byte.
///
/// A parser drops a line break right after `<pre>`, `<listing>` or
/// `<textarea>`, and `innerHTML` does not write it back (the standard's
/// serializer no longer does), so a `pre` whose text starts with a line
/// break does not survive `innerHTML` twice. This writes that line break
/// back, as a serializer must for its output to parse to the same tree.
pub fn reserialize(html: &str) -> String {
    let parsed = parse(html);
    restore_leading_line_breaks(&parsed.root);
    serialize_children(&parsed.root)
}

fn restore_leading_line_breaks(root: &Handle) {
    let mut stack = vec![root.clone()];
    while let Some(node) = stack.pop() {
        if let NodeData::Element { name, .. } = &node.data {
            let eats_break = name.ns == ns!(html) && matches!(&*name.local, "pre" | "listing" | "textarea");
            if eats_break {
                if let Some(first) = node.children.borrow().first() {
                    if let NodeData::Text { contents } = &first.data {
                        let mut text = contents.borrow_mut();
                        if text.starts_with('\n') {
                            let doubled = format!("\n{}", &**text);
                            *text = doubled.into();
                        }
                    }
                }
            }
        }
        stack.extend(node.children.borrow().iter().cloned());
    }
}

/// One element of the parsed tree, for allowlist checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub namespace: String,
    pub name: String,
    /// (name, value); a namespaced attribute's name is `namespace:local`,
    /// so no allowlist can match it by accident.
    pub attrs: Vec<(String, String)>,
    /// 1 for a child of the fragment root.
    pub depth: usize,
}

/// Everything in the parsed tree: elements (pre-order), comments, and
/// whether any other non-text node appeared.
#[derive(Debug, Default)]
pub struct Census {
    pub elements: Vec<Element>,
    pub comments: usize,
    pub other_nodes: usize,
    pub text: String,
    /// The deepest element's depth.
    pub max_depth: usize,
}

/// Walk the tree under `root` (iteratively: outputs can be deep).
pub fn census(root: &Handle) -> Census {
    let mut census = Census::default();
    let mut stack: Vec<(Handle, usize)> = root.children.borrow().iter().rev().map(|h| (h.clone(), 1)).collect();
    while let Some((node, depth)) = stack.pop() {
        match &node.data {
            NodeData::Element {
                name,
                attrs,
                template_contents,
                ..
            } => {
                census.max_depth = census.max_depth.max(depth);
                census.elements.push(Element {
                    namespace: name.ns.to_string(),
                    name: name.local.to_string(),
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
                    depth,
                });
                if let Some(contents) = template_contents.borrow().as_ref() {
                    stack.push((contents.clone(), depth + 1));
                }
            }
            NodeData::Text { contents } => census.text.push_str(&contents.borrow()),
            NodeData::Comment { .. } => census.comments += 1,
            _ => census.other_nodes += 1,
        }
        stack.extend(node.children.borrow().iter().rev().map(|h| (h.clone(), depth + 1)));
    }
    census
}

/// The text a reader sees in `html`: the text nodes of the parsed tree,
/// leaving out the subtrees of `dropped` elements (by local name).
pub fn visible_text(html: &str, dropped: &dyn Fn(&str) -> bool) -> String {
    let parsed = parse(html);
    let root = &parsed.root;
    let mut text = String::new();
    let mut stack: Vec<Handle> = root.children.borrow().iter().rev().cloned().collect();
    while let Some(node) = stack.pop() {
        match &node.data {
            NodeData::Element { name, .. } if dropped(&name.local) => continue,
            NodeData::Text { contents } => text.push_str(&contents.borrow()),
            _ => {}
        }
        stack.extend(node.children.borrow().iter().rev().cloned());
    }
    text
}
