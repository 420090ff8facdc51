//! Property checks shared by the property, corpus and differential tests.
//!
//! Every checker returns `Result<(), String>` (the error says what is wrong
//! and shows the output), so a caller can either collect failures (the
//! corpus test) or turn them into a proptest failure / panic
//! ([`assert_ok`]).
//!
//! * [`check_safe`]: the output, parsed the way a browser parses
//!   `div.innerHTML = output`, holds only allowlisted HTML elements with
//!   allowlisted attributes (plus the link `rel` and forced attributes, with
//!   exactly the policy's values), no comments, no other node kinds, no
//!   nesting deeper than `max_depth`, no value longer than its limit, and
//!   every URL attribute passes the scheme rule as a browser reads it. The
//!   scheme reading is implemented here again, independently of `src/url.rs`.
//!
//! The fuzz targets use this file too (`fuzz/src/lib.rs` includes it with
//! `#[path]`), so there is one judge of safety.
//! * [`check_stable`]: parsing and serializing the output gives it back byte
//!   for byte.
//! * [`check_idempotent`]: cleaning the output again changes nothing.
//! * [`check_all`]: the three above.

use comment_sanitizer::{AttrKind, Policy, Sanitizer};

use super::oracle;

/// What a policy writes on its own (the link `rel` value, forced
/// attributes) and its value lists, read from the public accessors (see
/// [`Extras::of`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extras {
    /// `rel` written on `<a>` elements that keep a URL attribute.
    pub link_rel: Option<String>,
    /// `target` written on external links.
    pub link_target: Option<String>,
    /// (element, attribute, value) written on every kept instance.
    pub forced: Vec<(String, String, String)>,
    /// (element, attribute, allowed values, ASCII case-insensitive).
    pub values: Vec<(String, String, Vec<String>)>,
    /// Whether a relative URL may appear (the policy does not deny them).
    /// The policy has no accessor for it: [`Extras::of`] assumes true, and
    /// a caller that built a denying policy says so.
    pub relative_allowed: bool,
    /// The base URL relative URLs are resolved against, when the policy
    /// resolves them (no accessor either: the caller says so).
    pub resolve_base: Option<String>,
}

impl Extras {
    /// Read the extras of `policy` through its public accessors.
    pub fn of(policy: &Policy) -> Extras {
        let mut forced = Vec::new();
        let mut values = Vec::new();
        for element in policy.elements() {
            for (attr, value) in policy.forced_attributes(element) {
                forced.push((element.to_string(), attr.to_string(), value.to_string()));
            }
            for (attr, _) in policy.allowed_attributes(element) {
                if let Some(list) = policy.attribute_values(element, attr) {
                    values.push((
                        element.to_string(),
                        attr.to_string(),
                        list.map(str::to_string).collect(),
                    ));
                }
            }
        }
        Extras {
            link_rel: policy.link_rel().map(str::to_string),
            link_target: policy.link_target().map(str::to_string),
            forced,
            values,
            relative_allowed: true,
            resolve_base: None,
        }
    }
}

/// The scheme of a URL as a browser's URL parser reads it (lowercase), or
/// `None` when it has none (a relative URL). Written from the WHATWG URL
/// standard, not from the crate's code:
///
/// 1. strip leading and trailing C0 control or space (U+0000..=U+0020);
/// 2. remove all ASCII tab or newline (U+0009, U+000A, U+000D);
/// 3. "scheme start state": an ASCII alpha starts a scheme, anything else
///    means "no scheme" (the parser goes to the no-scheme state);
/// 4. "scheme state": ASCII alphanumeric, `+`, `-`, `.` continue it, `:`
///    ends it, anything else (or the end of input) means "no scheme".
pub fn browser_scheme(url: &str) -> Option<String> {
    let is_c0_space = |c: char| (c as u32) <= 0x20;
    let trimmed = url.trim_start_matches(is_c0_space).trim_end_matches(is_c0_space);
    let cleaned: Vec<char> = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let mut chars = cleaned.into_iter();
    let first = chars.next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let mut scheme = String::from(first.to_ascii_lowercase());
    for c in chars {
        if c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.' {
            scheme.push(c.to_ascii_lowercase());
        } else if c == ':' {
            return Some(scheme);
        } else {
            return None;
        }
    }
    None
}

/// Whether `text` matches `pattern`, `*` standing for one or more
/// characters: tried at every split, the naive way (the crate walks it
/// once).
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, tail)) => {
            let Some(rest) = text.strip_prefix(head) else {
                return false;
            };
            rest.char_indices()
                .skip(1)
                .map(|(i, _)| i)
                .chain([rest.len()])
                .filter(|&n| n > 0)
                .any(|n| wildcard_match(tail, &rest[n..]))
        }
    }
}

/// Whether a browser resolves `url` against a base of its own scheme: a
/// special scheme (http, https, ws, wss, ftp, file) with no `//` (or `\\`)
/// after the `:` (WHATWG URL, "special relative or authority state").
pub fn special_relative(url: &str) -> bool {
    let Some(scheme) = browser_scheme(url) else {
        return false;
    };
    if !["http", "https", "ws", "wss", "ftp", "file"].contains(&scheme.as_str()) {
        return false;
    }
    let after: String = url
        .split_once(':')
        .map(|(_, rest)| rest.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect())
        .unwrap_or_default();
    !(after.starts_with("//") || after.starts_with("\\\\") || after.starts_with("/\\") || after.starts_with("\\/"))
}

/// Whether a URL may appear in an attribute of the output: relative, or a
/// scheme that attribute allows.
pub fn url_allowed(policy: &Policy, element: &str, attr: &str, url: &str) -> bool {
    match browser_scheme(url) {
        None => true,
        Some(scheme) => policy
            .attribute_url_schemes(element, attr)
            .is_some_and(|mut schemes| schemes.any(|s| s == scheme)),
    }
}

/// The URLs of a `srcset` value, as the HTML standard's "parse a srcset
/// attribute" splits it: skip whitespace and commas; a URL is a run of
/// non-whitespace (trailing commas removed); its descriptors run to the
/// next comma outside parentheses.
pub fn srcset_urls(value: &str) -> Vec<&str> {
    let ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r');
    let mut urls = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c| ws(c) || c == ',');
        if rest.is_empty() {
            return urls;
        }
        let url_end = rest.find(ws).unwrap_or(rest.len());
        let url = &rest[..url_end];
        rest = &rest[url_end..];
        if url.ends_with(',') {
            urls.push(url.trim_end_matches(','));
            continue;
        }
        urls.push(url);
        let mut parens = false;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            if c == '(' {
                parens = true;
            } else if c == ')' {
                parens = false;
            } else if c == ',' && !parens {
                end = i + 1;
                break;
            }
        }
        rest = &rest[end..];
    }
}

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// Elements that are written as a start tag only: they open nothing, so
/// one may sit a level below the deepest kept element.
const VOID: &[&str] = &["area", "br", "col", "hr", "img", "wbr"];

/// Whether a `datetime` value uses only the characters of HTML dates and
/// times (a loose check: the exact syntax is `src/datetime.rs`'s business).
fn datetime_chars_ok(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| c.is_ascii_digit() || "-:.+TZtz ".contains(c))
}

/// Safety, with the policy's extras read by [`Extras::of`].
pub fn check_safe(policy: &Policy, output: &str) -> Result<(), String> {
    check_safe_with(policy, &Extras::of(policy), output)
}

/// Safety: see the module docs.
pub fn check_safe_with(policy: &Policy, extras: &Extras, output: &str) -> Result<(), String> {
    let parsed = oracle::parse(output);
    let census = oracle::census(&parsed.root);
    let mut errors = Vec::new();
    if census.comments != 0 {
        errors.push(format!("{} comment node(s)", census.comments));
    }
    if census.other_nodes != 0 {
        errors.push(format!(
            "{} node(s) that are neither elements, text nor comments",
            census.other_nodes
        ));
    }
    let limits = policy.limits();
    let deepest = census
        .elements
        .iter()
        .filter(|e| !VOID.contains(&e.name.as_str()))
        .map(|e| e.depth)
        .max()
        .unwrap_or(0);
    if deepest > limits.max_depth {
        errors.push(format!(
            "nesting depth {deepest} exceeds max_depth {}",
            limits.max_depth
        ));
    }
    for el in &census.elements {
        if el.namespace != HTML_NS {
            errors.push(format!("element <{}> in namespace {}", el.name, el.namespace));
            continue;
        }
        if !policy.allows_element(&el.name) {
            errors.push(format!("element <{}> is not allowlisted", el.name));
            continue;
        }
        let has_url_attr = el
            .attrs
            .iter()
            .any(|(n, _)| policy.attribute_kind(&el.name, n) == Some(AttrKind::Url));
        for (name, value) in &el.attrs {
            match policy.attribute_kind(&el.name, name) {
                Some(kind) => {
                    let len = value.chars().count();
                    let urls = match kind {
                        AttrKind::Url => vec![value.as_str()],
                        AttrKind::Srcset => srcset_urls(value),
                        _ => Vec::new(),
                    };
                    for url in urls {
                        if !url_allowed(policy, &el.name, name, url) {
                            errors.push(format!(
                                "<{} {name}={value:?}>: scheme {:?} is not allowed",
                                el.name,
                                browser_scheme(url)
                            ));
                        }
                        if !extras.relative_allowed && browser_scheme(url).is_none() {
                            errors.push(format!("<{} {name}={value:?}>: relative URLs are denied", el.name));
                        }
                    }
                    if kind == AttrKind::Integer {
                        let digits = value.strip_prefix('-').unwrap_or(value);
                        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                            errors.push(format!("<{} {name}={value:?}>: not an integer", el.name));
                        }
                    }
                    let max = if matches!(kind, AttrKind::Url | AttrKind::Srcset) {
                        limits.max_url_len
                    } else {
                        limits.max_attr_value_len
                    };
                    if len > max {
                        errors.push(format!(
                            "<{} {name}=...>: {len} characters, over the limit {max}",
                            el.name
                        ));
                    }
                    if kind == AttrKind::Datetime && !datetime_chars_ok(value) {
                        errors.push(format!("<{} {name}={value:?}>: not a date or time", el.name));
                    }
                    if let Some((_, _, allowed)) = extras.values.iter().find(|(e, a, _)| *e == el.name && a == name) {
                        if !allowed.iter().any(|v| wildcard_match(v, value)) {
                            errors.push(format!("<{} {name}={value:?}>: value not in {allowed:?}", el.name));
                        }
                    }
                }
                None => {
                    let forced = extras.forced.iter().find(|(e, a, _)| *e == el.name && a == name);
                    if let Some((_, _, v)) = forced {
                        if v != value {
                            errors.push(format!("<{} {name}={value:?}>: forced value is {v:?}", el.name));
                        }
                    } else if el.name == "a" && name == "target" && extras.link_target.is_some() {
                        if extras.link_target.as_deref() != Some(value.as_str()) {
                            errors.push(format!("<a target={value:?}>: link_target is {:?}", extras.link_target));
                        }
                        if !has_url_attr {
                            errors.push(format!("<a target={value:?}> on a link without a kept URL attribute"));
                        }
                    } else if el.name == "a" && name == "rel" && extras.link_rel.is_some() {
                        if extras.link_rel.as_deref() != Some(value.as_str()) {
                            errors.push(format!("<a rel={value:?}>: link_rel is {:?}", extras.link_rel));
                        }
                        if !has_url_attr {
                            errors.push(format!("<a rel={value:?}> on a link without a kept URL attribute"));
                        }
                    } else {
                        errors.push(format!(
                            "attribute {name}={value:?} on <{}> is not allowlisted",
                            el.name
                        ));
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("UNSAFE output {output:?}:\n  {}", errors.join("\n  ")))
    }
}

/// Stability: the browser's reading of the output serializes back to it.
pub fn check_stable(output: &str) -> Result<(), String> {
    let again = oracle::reserialize(output);
    if again == output {
        Ok(())
    } else {
        Err(format!(
            "UNSTABLE output:\n  output:       {output:?}\n  reserialized: {again:?}"
        ))
    }
}

/// Idempotence: cleaning the output again gives the same bytes.
pub fn check_idempotent(sanitizer: &Sanitizer, output: &str) -> Result<(), String> {
    let again = sanitizer
        .clean(output)
        .map_err(|e| format!("cleaning the output again failed: {e}"))?;
    if again == output {
        Ok(())
    } else {
        Err(format!(
            "NOT IDEMPOTENT:\n  output:        {output:?}\n  cleaned again: {again:?}"
        ))
    }
}

/// Safety, stability and idempotence; all failures, joined.
pub fn check_all(sanitizer: &Sanitizer, output: &str) -> Result<(), String> {
    check_all_with(sanitizer, &Extras::of(sanitizer.policy()), output)
}

/// As [`check_all`], with the extras already read.
pub fn check_all_with(sanitizer: &Sanitizer, extras: &Extras, output: &str) -> Result<(), String> {
    let errors: Vec<String> = [
        check_safe_with(sanitizer.policy(), extras, output),
        check_stable(output),
        check_idempotent(sanitizer, output),
    ]
    .into_iter()
    .filter_map(Result::err)
    .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

/// Panic with the message of a failed check.
#[track_caller]
pub fn assert_ok(result: Result<(), String>, input: &str) {
    if let Err(e) = result {
        panic!("input {input:?}\n{e}");
    }
}
