//! [`PolicyBuilder::build`]: the caller's rules, checked and compiled into
//! the form the stages read ([`PolicyInner`]).
//!
//! `build` is a short sequence of steps, one function each below, in a
//! fixed order: the elements, the attributes kept from input, their value
//! lists, the forced attributes, the URL schemes, the relative-URL rule,
//! the link `rel`, then the checks of the content and limit settings, and
//! last the name table the tokenizer asks. Each step says what it refuses
//! and why; the fixed order means a builder with several mistakes always
//! reports the same one. What no policy may allow at all (script-running
//! attributes and schemes, elements the balancer does not model) is stated
//! in `rules.rs`; the steps apply those rules.
//!
//! The compiled form's capabilities are made here and nowhere else: an
//! [`AllowedTag`] for each admitted element (in [`facts_table`]) and an
//! [`AllowedAttr`] for each admitted attribute name ([`AttrNames::intern`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::builder::{AttrKind, PolicyBuilder, RelativeUrls};
use super::compiled::{
    AllowedAttr, AllowedPrefix, AllowedTag, AttrRule, ElementRule, Facts, PolicyInner, RelativeRule, RuleName,
};
use super::limits::Limits;
use super::rules::{self, DEFAULT_DROP_CONTENT, MUST_DROP_CONTENT};
use super::Policy;
use crate::elements;
use crate::error::PolicyError;
use crate::name_table::NameTable;

impl PolicyBuilder {
    /// Check every rule and build the policy.
    ///
    /// # Errors
    ///
    /// A [`PolicyError`] for an invalid name, an element the balancer cannot
    /// keep safely, an attribute that can run script (`on*`, `style`, ...), a
    /// URL attribute not declared as [`AttrKind::Url`], a rule on an element
    /// that is not allowed, a scheme that runs script, an unusable base URL,
    /// conflicting rules, or a zero limit.
    ///
    /// ```
    /// # use comment_sanitizer::{Policy, PolicyError};
    /// let err = Policy::builder().allow_element("script").build().unwrap_err();
    /// assert!(matches!(err, PolicyError::UnsupportedElement { .. }));
    /// ```
    pub fn build(self) -> Result<Policy, PolicyError> {
        let mut attr_names = AttrNames::default();
        let mut prefixes = Prefixes::default();
        let mut elements = compile_elements(&self.elements, &self.drop_content)?;
        // Rules for every element ("*") become rules of each kept element
        // that has none of its own for that attribute.
        let attributes = for_each_element(&self.attributes, &elements);
        let values = for_each_element(
            &self
                .values
                .iter()
                .map(|(e, a, v)| ((e.clone(), a.clone()), v.clone()))
                .collect(),
            &elements,
        );
        let tokens = for_each_element(&self.tokens, &elements);
        let attribute_schemes = for_each_element(&self.attribute_schemes, &elements);
        check_generic_rules(&self)?;
        compile_attributes(
            &mut elements,
            &mut attr_names,
            &mut prefixes,
            &attributes,
            self.link_rel.is_some() || self.link_target.is_some(),
            self.no_attribute_frameworks,
            self.id_prefix.is_some(),
        )?;
        compile_values(&mut elements, &values)?;
        compile_tokens(&mut elements, &tokens)?;
        compile_forced(&mut elements, &mut attr_names, &self.forced)?;
        let schemes = compile_schemes(&self.schemes)?;
        compile_attribute_schemes(&mut elements, &attribute_schemes, &schemes)?;
        let relative = compile_relative(&self.relative, &schemes)?;
        let (link_rel, link_target) = compile_links(
            self.link_rel.as_deref(),
            self.link_target.as_deref(),
            &self.internal_hosts,
            &elements,
            &mut attr_names,
        )?;
        let id_prefix = compile_id_prefix(self.id_prefix.as_deref())?;
        check_keep_content(&self.keep_content)?;
        check_limits(&self.limits)?;
        let facts = facts_table(&elements, &self.drop_content);
        let (attr_names, attr_prefixes) = attr_names.finish();
        Ok(Policy {
            inner: Arc::new(PolicyInner {
                facts,
                elements,
                attr_names,
                attr_prefixes,
                prefix_spellings: prefixes.finish(),
                schemes,
                relative,
                link_rel,
                link_target,
                internal_hosts: self.internal_hosts.iter().map(|h| h.as_str().into()).collect(),
                id_prefix,
                no_attribute_frameworks: self.no_attribute_frameworks,
                filter: self.filter.clone(),
                disallowed: self.disallowed,
                limits: self.limits.clone(),
                invalid_utf8: self.invalid_utf8,
                source: self,
            }),
        })
    }
}

/// `rules` with each rule for every element (`"*"`) turned into a rule of
/// each kept element that has no rule of its own for that attribute.
fn for_each_element<V: Clone>(
    rules: &BTreeMap<(String, String), V>,
    elements: &[ElementRule],
) -> BTreeMap<(String, String), V> {
    let mut out: BTreeMap<(String, String), V> = rules
        .iter()
        .filter(|((element, _), _)| element != "*")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for ((_, attribute), value) in rules.iter().filter(|((element, _), _)| element == "*") {
        for element in elements {
            out.entry((element.name.to_string(), attribute.clone()))
                .or_insert_with(|| value.clone());
        }
    }
    out
}

/// Refuses a value, token or scheme rule for every element (`"*"`) about an
/// attribute no element-wide rule allows: it would never apply.
fn check_generic_rules(builder: &PolicyBuilder) -> Result<(), PolicyError> {
    let generic = |attribute: &str| {
        builder
            .attributes
            .contains_key(&("*".to_string(), attribute.to_string()))
    };
    let rules = builder
        .values
        .iter()
        .map(|(e, a, _)| (e, a))
        .chain(builder.tokens.keys().map(|(e, a)| (e, a)))
        .chain(builder.attribute_schemes.keys().map(|(e, a)| (e, a)));
    for (element, attribute) in rules {
        if element == "*" && !generic(attribute) {
            return Err(PolicyError::Conflict {
                reason: format!(
                    "a rule for {attribute:?} on every element, which is not allowed on every element; \
                     call allow_attribute(\"*\", {attribute:?}, ...) first"
                ),
            });
        }
    }
    Ok(())
}

/// The attribute-name prefixes (`data-`), numbered, each spelled ` prefix`
/// once for the serializer.
#[derive(Default)]
struct Prefixes {
    names: Vec<Box<str>>,
}

impl Prefixes {
    fn intern(&mut self, prefix: &str) -> Result<AllowedPrefix, PolicyError> {
        if let Some(i) = self.names.iter().position(|n| **n == *prefix) {
            return Ok(AllowedPrefix(i as u16));
        }
        let i = u16::try_from(self.names.len()).map_err(|_| PolicyError::Conflict {
            reason: "too many attribute-name prefixes".into(),
        })?;
        self.names.push(prefix.into());
        Ok(AllowedPrefix(i))
    }

    fn finish(self) -> Vec<Box<str>> {
        self.names.iter().map(|n| format!(" {n}").into()).collect()
    }
}

/// The attribute-name table being built: every distinct attribute name the
/// policy writes, numbered in the order first met.
#[derive(Default)]
struct AttrNames {
    names: Vec<Box<str>>,
    index: HashMap<Box<str>, AllowedAttr>,
}

impl AttrNames {
    /// The number of `name`, a new one if the name is new. Refuses more
    /// distinct names than an [`AllowedAttr`] (a `u16`) can number.
    fn intern(&mut self, name: &str) -> Result<AllowedAttr, PolicyError> {
        if let Some(attr) = self.index.get(name) {
            return Ok(*attr);
        }
        let attr = AllowedAttr(u16::try_from(self.names.len()).map_err(|_| PolicyError::Conflict {
            reason: format!("more than {} distinct attribute names", u32::from(u16::MAX) + 1),
        })?);
        self.names.push(name.into());
        self.index.insert(name.into(), attr);
        Ok(attr)
    }

    /// The name of an interned attribute.
    fn name(&self, attr: AllowedAttr) -> &str {
        self.names.get(usize::from(attr.0)).map_or("", |n| &**n)
    }

    /// The names, and ` name="` for each: the serializer writes those as
    /// they are, so they are spelled once, here, from validated names.
    fn finish(self) -> (Vec<Box<str>>, Vec<Box<str>>) {
        let prefixes = self.names.iter().map(|n| format!(" {n}=\"").into()).collect();
        (self.names, prefixes)
    }
}

/// The kept elements, numbered in the order they were allowed, with `<name`
/// and `</name>` spelled once. Refuses a name that is not a plain HTML name
/// (the serializer writes it as it is); an element no policy may keep
/// ([`rules::keepable`] says why); a table part without the table parts a
/// browser puts around it ([`rules::TABLE_NEEDS`]); an element
/// both allowed and added to `drop_content` (the rules contradict; the
/// default list is exempt, as it only says what goes when not allowed); and
/// more elements than an [`AllowedTag`] can number.
fn compile_elements(names: &[String], drop_content: &BTreeSet<String>) -> Result<Vec<ElementRule>, PolicyError> {
    let mut elements = Vec::new();
    for name in names {
        if !rules::is_valid_name(name) {
            return Err(PolicyError::InvalidName {
                what: "element",
                name: name.clone(),
            });
        }
        rules::keepable(name).map_err(|reason| PolicyError::UnsupportedElement {
            name: name.clone(),
            reason,
        })?;
        if let Some((_, needs)) = rules::TABLE_NEEDS.iter().find(|(part, _)| part == name) {
            if let Some(missing) = needs.iter().find(|n| !names.iter().any(|a| a == *n)) {
                return Err(PolicyError::Conflict {
                    reason: format!(
                        "<{name}> is allowed but <{missing}> is not: a browser puts every table part inside \
                         the ones above it, so allow {} too",
                        needs.join(", ")
                    ),
                });
            }
        }
        if drop_content.contains(name) && DEFAULT_DROP_CONTENT.iter().all(|(n, _)| n != name) {
            return Err(PolicyError::Conflict {
                reason: format!("<{name}> is both allowed and listed in drop_content"),
            });
        }
        elements.push(ElementRule {
            name: name.as_str().into(),
            open: format!("<{name}").into(),
            close: format!("</{name}>").into(),
            info: elements::info(name),
            attrs: Vec::new(),
            prefixes: Vec::new(),
            forced: Vec::new(),
        });
    }
    if elements.len() > usize::from(u16::MAX) {
        return Err(PolicyError::Conflict {
            reason: "too many elements".into(),
        });
    }
    Ok(elements)
}

/// The index of `element`'s rule, for a rule about its `attribute`.
/// Refuses a rule on an element that is not allowed: it would never apply,
/// and most likely an `allow_element` call is missing.
fn element_index(elements: &[ElementRule], element: &str, attribute: &str) -> Result<usize, PolicyError> {
    elements
        .iter()
        .position(|e| &*e.name == element)
        .ok_or_else(|| PolicyError::ElementNotAllowed {
            element: element.to_string(),
            attribute: attribute.to_string(),
        })
}

/// Refuses an attribute name that is not a plain HTML name (the serializer
/// writes it as it is) or that no policy may allow
/// ([`rules::unsafe_attribute`]: it runs script, submits data, ...).
fn check_attribute_name(attribute: &str) -> Result<(), PolicyError> {
    if !rules::is_valid_name(attribute) {
        return Err(PolicyError::InvalidName {
            what: "attribute",
            name: attribute.to_string(),
        });
    }
    if let Some(reason) = rules::unsafe_attribute(attribute) {
        return Err(PolicyError::UnsafeAttribute {
            name: attribute.to_string(),
            reason,
        });
    }
    Ok(())
}

/// The attributes kept from input, onto their elements' rules. Refuses, as
/// well as what [`check_attribute_name`] refuses: a URL attribute not
/// allowed as [`AttrKind::Url`], whose scheme would go unchecked; `rel` on
/// `<a>` while the policy writes it (`managed_rel`); a name frameworks read
/// as code, unless `frameworks_ok` ([`rules::script_gadget`]); `id`, `name`
/// and `for` without an `id_prefix` ([`rules::needs_id_prefix`]); and a rule
/// on an element that is not allowed. A name ending in `-*` is a prefix
/// rule: the prefix must be a valid name ending in `-`.
fn compile_attributes(
    elements: &mut [ElementRule],
    attr_names: &mut AttrNames,
    prefixes: &mut Prefixes,
    attributes: &BTreeMap<(String, String), AttrKind>,
    managed_rel: bool,
    frameworks_ok: bool,
    has_id_prefix: bool,
) -> Result<(), PolicyError> {
    for ((element, attribute), kind) in attributes {
        let prefix = attribute.strip_suffix('*');
        let checked_name = prefix.map_or(attribute.as_str(), |p| p.trim_end_matches('-'));
        if let Some(p) = prefix {
            if !p.ends_with('-') {
                return Err(PolicyError::InvalidName {
                    what: "attribute prefix",
                    name: attribute.clone(),
                });
            }
        }
        check_attribute_name(checked_name)?;
        if !frameworks_ok {
            if let Some(reason) = rules::script_gadget(prefix.unwrap_or(attribute)) {
                return Err(PolicyError::UnsafeAttribute {
                    name: attribute.clone(),
                    reason,
                });
            }
        }
        if prefix.is_none() && !has_id_prefix && rules::needs_id_prefix(attribute) {
            return Err(PolicyError::Conflict {
                reason: format!(
                    "{attribute:?} names elements of the page a comment must not reach (DOM clobbering); \
                     set id_prefix(\"user-content-\") to allow it"
                ),
            });
        }
        if prefix.is_none() && rules::needs_id_prefix(attribute) && *kind != AttrKind::Text {
            return Err(PolicyError::Conflict {
                reason: format!("{attribute:?} takes the id_prefix before its value, so allow it as AttrKind::Text"),
            });
        }
        if attribute == "srcset" && *kind != AttrKind::Srcset {
            return Err(PolicyError::UnsafeAttribute {
                name: attribute.clone(),
                reason: "its value is a list of URLs; allow it with AttrKind::Srcset so every URL is checked",
            });
        }
        if attribute != "srcset" && *kind == AttrKind::Srcset {
            return Err(PolicyError::Conflict {
                reason: format!("AttrKind::Srcset is for srcset attributes, not {attribute:?}"),
            });
        }
        if rules::is_url_attribute(attribute) && attribute != "srcset" && *kind != AttrKind::Url {
            return Err(PolicyError::UnsafeAttribute {
                name: attribute.clone(),
                reason: "its value is a URL; allow it with AttrKind::Url so the scheme is checked",
            });
        }
        if *element == "a" && attribute == "rel" && managed_rel {
            return Err(PolicyError::Conflict {
                reason: "rel on <a> is written by link_rel (and holds noopener with link_target); \
                         call link_rel(None) without link_target to allow it from input"
                    .into(),
            });
        }
        let i = element_index(elements, element, attribute)?;
        match prefix {
            None => {
                let attr = attr_names.intern(attribute)?;
                elements[i].attrs.push(AttrRule {
                    name: attribute.as_str().into(),
                    attr: RuleName::Fixed(attr),
                    kind: *kind,
                    values: None,
                    schemes: None,
                    tokens: None,
                });
            }
            Some(prefix) => {
                let attr = prefixes.intern(prefix)?;
                elements[i].prefixes.push(AttrRule {
                    name: prefix.into(),
                    attr: RuleName::Prefix(attr),
                    kind: *kind,
                    values: None,
                    schemes: None,
                    tokens: None,
                });
                // The longest prefix that matches wins.
                elements[i].prefixes.sort_by_key(|p| std::cmp::Reverse(p.name.len()));
            }
        }
    }
    Ok(())
}

/// The allowed-value patterns, onto their attribute rules. Refuses a list
/// for an attribute that is not allowed on that element (it would never
/// apply), and an empty list (nothing could match).
fn compile_values(
    elements: &mut [ElementRule],
    lists: &BTreeMap<(String, String), Vec<String>>,
) -> Result<(), PolicyError> {
    for ((element, attribute), values) in lists {
        let i = element_index(elements, element, attribute)?;
        let rule = rule_mut(&mut elements[i], attribute).ok_or_else(|| PolicyError::Conflict {
            reason: format!(
                "allowed values are set for {attribute:?} on <{element}>, but the attribute is not allowed there"
            ),
        })?;
        if values.is_empty() {
            return Err(PolicyError::Conflict {
                reason: format!("the allowed values of {attribute:?} on <{element}> are an empty list"),
            });
        }
        rule.values = Some(values.iter().map(|v| v.as_str().into()).collect());
    }
    Ok(())
}

/// The rule of `attribute` (a name, or a prefix rule's `prefix-*`).
fn rule_mut<'e>(element: &'e mut ElementRule, attribute: &str) -> Option<&'e mut AttrRule> {
    match attribute.strip_suffix('*') {
        Some(prefix) => element.prefixes.iter_mut().find(|a| *a.name == *prefix),
        None => element.attrs.iter_mut().find(|a| *a.name == *attribute),
    }
}

/// The token patterns, onto their attribute rules. Refuses patterns for an
/// attribute that is not allowed as text on that element (they would never
/// apply), an empty pattern, and one with whitespace (a token has none).
fn compile_tokens(
    elements: &mut [ElementRule],
    tokens: &BTreeMap<(String, String), Vec<String>>,
) -> Result<(), PolicyError> {
    for ((element, attribute), patterns) in tokens {
        let i = element_index(elements, element, attribute)?;
        let rule = rule_mut(&mut elements[i], attribute)
            .filter(|a| a.kind == AttrKind::Text)
            .ok_or_else(|| PolicyError::Conflict {
                reason: format!(
                    "token patterns are set for {attribute:?} on <{element}>, but the attribute is not allowed there as AttrKind::Text"
                ),
            })?;
        if let Some(bad) = patterns
            .iter()
            .find(|p| p.is_empty() || p.chars().any(char::is_whitespace))
        {
            return Err(PolicyError::Conflict {
                reason: format!("the token pattern {bad:?} is empty or holds whitespace; a token has neither"),
            });
        }
        rule.tokens = Some(patterns.iter().map(|p| p.as_str().into()).collect());
    }
    Ok(())
}

/// The URL schemes of single attributes, onto their rules; and `img`'s
/// `src` and `srcset` get `http` and `https` (those of them the policy-wide
/// list has: a default never widens what a policy narrowed). Refuses a list for an attribute not allowed as a URL on
/// that element, and what [`compile_schemes`] refuses.
fn compile_attribute_schemes(
    elements: &mut [ElementRule],
    lists: &BTreeMap<(String, String), Vec<String>>,
    policy_wide: &[Box<str>],
) -> Result<(), PolicyError> {
    for ((element, attribute), schemes) in lists {
        let compiled = compile_schemes(schemes)?;
        let i = element_index(elements, element, attribute)?;
        let rule = rule_mut(&mut elements[i], attribute)
            .filter(|a| matches!(a.kind, AttrKind::Url | AttrKind::Srcset))
            .ok_or_else(|| PolicyError::Conflict {
                reason: format!(
                    "URL schemes are set for {attribute:?} on <{element}>, but it is not allowed there as a URL"
                ),
            })?;
        rule.schemes = Some(compiled);
    }
    for element in elements.iter_mut().filter(|e| &*e.name == "img") {
        for rule in element.attrs.iter_mut() {
            if matches!(&*rule.name, "src" | "srcset") && rule.schemes.is_none() {
                rule.schemes = Some(
                    policy_wide
                        .iter()
                        .filter(|s| matches!(&***s, "http" | "https"))
                        .cloned()
                        .collect(),
                );
            }
        }
    }
    Ok(())
}

/// The attributes written on every instance, onto their elements' rules.
/// Refuses, as well as what [`check_attribute_name`] refuses: a URL
/// attribute (URLs come from input and pass the URL check; a forced one
/// would skip it) and `rel` on `<a>` (`link_rel` writes it); an attribute
/// also allowed from input, as the two contradict; and a rule on an element
/// that is not allowed.
fn compile_forced(
    elements: &mut [ElementRule],
    attr_names: &mut AttrNames,
    forced: &[(String, String, String)],
) -> Result<(), PolicyError> {
    for (element, attribute, value) in forced {
        check_attribute_name(attribute)?;
        if rules::is_url_attribute(attribute) || attribute == "rel" && *element == "a" {
            return Err(PolicyError::Conflict {
                reason: format!("{attribute:?} cannot be forced: URL attributes come from input and pass the URL check, and rel on <a> is set by link_rel"),
            });
        }
        let i = element_index(elements, element, attribute)?;
        if elements[i].attrs.iter().any(|a| *a.name == **attribute) {
            return Err(PolicyError::Conflict {
                reason: format!("{attribute:?} on <{element}> is both allowed from input and forced"),
            });
        }
        let attr = attr_names.intern(attribute)?;
        elements[i].forced.push((attr, value.as_str().into()));
    }
    Ok(())
}

/// The allowed URL schemes, each once, in the order given. Refuses what
/// [`rules::refused_scheme`] refuses: a name no browser reads as a scheme,
/// and the schemes that run script or carry a whole document.
fn compile_schemes(schemes: &[String]) -> Result<Vec<Box<str>>, PolicyError> {
    let mut compiled: Vec<Box<str>> = Vec::new();
    for scheme in schemes {
        if let Some(reason) = rules::refused_scheme(scheme) {
            return Err(PolicyError::InvalidScheme {
                scheme: scheme.clone(),
                reason,
            });
        }
        if !compiled.iter().any(|s| **s == **scheme) {
            compiled.push(scheme.as_str().into());
        }
    }
    Ok(compiled)
}

/// The relative-URL rule, with its base URL parsed. Refuses a base URL that
/// does not parse, that cannot be a base (nothing resolves against it), or
/// whose scheme is not among the allowed `schemes` (every URL resolved
/// against it would then be dropped).
#[cfg_attr(not(feature = "resolve-urls"), allow(unused_variables))]
fn compile_relative(relative: &RelativeUrls, schemes: &[Box<str>]) -> Result<RelativeRule, PolicyError> {
    Ok(match relative {
        RelativeUrls::Allow => RelativeRule::Allow,
        RelativeUrls::Deny => RelativeRule::Deny,
        #[cfg(feature = "resolve-urls")]
        RelativeUrls::Resolve(base) => {
            let parsed = url::Url::parse(base).map_err(|e| PolicyError::InvalidBaseUrl {
                url: base.clone(),
                reason: e.to_string(),
            })?;
            if !schemes.iter().any(|s| **s == *parsed.scheme()) || parsed.cannot_be_a_base() {
                return Err(PolicyError::InvalidBaseUrl {
                    url: base.clone(),
                    reason: "its scheme must be one of the allowed URL schemes and it must be a hierarchical URL"
                        .into(),
                });
            }
            RelativeRule::Resolve(parsed)
        }
    })
}

/// An attribute the policy writes itself, with its value.
type Written = (AllowedAttr, Box<str>);

/// The `rel` and `target` written on external links, when `<a>` is kept
/// (with no `<a>` there are no links, and they stay out of the attribute
/// table); with a target, `rel` holds `noopener`. Refuses a target that is
/// not a browsing-context name or keyword, a target also allowed from input
/// or forced on `<a>`, and a host name that is empty or holds characters no
/// host has.
fn compile_links(
    rel: Option<&str>,
    target: Option<&str>,
    internal_hosts: &[String],
    elements: &[ElementRule],
    attr_names: &mut AttrNames,
) -> Result<(Option<Written>, Option<Written>), PolicyError> {
    if let Some(bad) = internal_hosts
        .iter()
        .find(|h| h.is_empty() || h.chars().any(|c| c.is_whitespace() || "/\\?#@:".contains(c)))
    {
        return Err(PolicyError::Conflict {
            reason: format!("internal host {bad:?} is not a host name (give names such as \"blog.example\")"),
        });
    }
    if let Some(target) = target {
        let keyword = matches!(target, "_blank" | "_self" | "_parent" | "_top");
        let name = !target.starts_with('_')
            && !target.is_empty()
            && target
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !keyword && !name {
            return Err(PolicyError::Conflict {
                reason: format!("link_target {target:?} is not _blank, _self, _parent, _top or a plain name"),
            });
        }
        if let Some(a) = elements.iter().find(|e| &*e.name == "a") {
            if a.attrs.iter().any(|r| &*r.name == "target")
                || a.forced.iter().any(|(attr, _)| attr_names.name(*attr) == "target")
            {
                return Err(PolicyError::Conflict {
                    reason: "target on <a> is written by link_target; do not also allow or force it".into(),
                });
            }
        }
    }
    let Some(_) = elements.iter().find(|e| &*e.name == "a") else {
        return Ok((None, None));
    };
    let rel = match (rel, target) {
        (Some(rel), Some(_)) if rel.split_ascii_whitespace().any(|t| t == "noopener") => Some(rel.to_string()),
        (Some(rel), Some(_)) => Some(format!("{rel} noopener")),
        (None, Some(_)) => Some("noopener".to_string()),
        (rel, None) => rel.map(str::to_string),
    };
    let rel = match rel {
        Some(rel) => Some((attr_names.intern("rel")?, rel.into())),
        None => None,
    };
    let target = match target {
        Some(target) => Some((attr_names.intern("target")?, target.into())),
        None => None,
    };
    Ok((rel, target))
}

/// The `id`/`name`/`for` prefix. Refuses an empty one (it would prefix
/// nothing) and one with whitespace (an `id` has none).
fn compile_id_prefix(prefix: Option<&str>) -> Result<Option<Box<str>>, PolicyError> {
    match prefix {
        Some(p) if p.is_empty() || p.chars().any(|c| c.is_ascii_whitespace()) => Err(PolicyError::Conflict {
            reason: format!("id_prefix {p:?} must be non-empty text without whitespace, such as \"user-content-\""),
        }),
        Some(p) => Ok(Some(p.into())),
        None => Ok(None),
    }
}

/// Refuses keeping the content of an element whose content must always go
/// ([`MUST_DROP_CONTENT`], with the reason: `svg` and `math` are tokenized
/// under other rules, so their text cannot be carried over faithfully).
fn check_keep_content(keep_content: &BTreeSet<String>) -> Result<(), PolicyError> {
    for name in keep_content {
        if let Some((_, reason)) = MUST_DROP_CONTENT.iter().find(|(n, _)| n == name) {
            return Err(PolicyError::ContentMustBeDropped {
                name: name.clone(),
                reason,
            });
        }
    }
    Ok(())
}

/// Refuses zero for the limits where zero would remove everything they
/// limit: depth, attribute value and URL length, attributes per tag, and
/// tag bytes.
fn check_limits(limits: &Limits) -> Result<(), PolicyError> {
    for (name, value) in [
        ("max_depth", limits.max_depth),
        ("max_attr_value_len", limits.max_attr_value_len),
        ("max_url_len", limits.max_url_len),
        ("max_attributes_per_tag", limits.max_attributes_per_tag),
        ("max_tag_bytes", limits.max_tag_bytes),
        ("max_held_bytes", limits.max_held_bytes),
    ] {
        if value == 0 {
            return Err(PolicyError::InvalidLimit {
                name,
                value,
                reason: "zero would remove everything it limits; use a small positive value",
            });
        }
    }
    if limits.max_depth > MAX_DEPTH {
        return Err(PolicyError::InvalidLimit {
            name: "max_depth",
            value: limits.max_depth,
            reason:
                "browsers flatten nesting past 512, so deeper output would not read back as written; use 512 or less",
        });
    }
    Ok(())
}

/// The deepest nesting a policy may keep: browsers stop nesting at 512.
const MAX_DEPTH: usize = 512;

/// The [`Facts`] of every name that has any: the element tables' names,
/// the kept elements and the elements whose content goes.
fn facts_table(elements: &[ElementRule], drop_content: &BTreeSet<String>) -> NameTable<Facts> {
    let drop_content: Vec<&str> = drop_content.iter().map(String::as_str).collect();
    let mut names: Vec<&str> = elements::names().collect();
    names.extend(elements.iter().map(|e| &*e.name));
    names.extend(&drop_content);
    NameTable::new(names.into_iter().map(|name| {
        let facts = Facts {
            info: elements::info(name),
            kept: elements
                .iter()
                .position(|e| &*e.name == name)
                .map(|i| AllowedTag(i as u16)),
            // (No policy lists 2^32 names: it would not fit in memory.)
            drops: drop_content
                .iter()
                .position(|n| *n == name)
                .and_then(|i| u32::try_from(i).ok()),
        };
        (name, facts)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_attribute_must_be_declared_as_url() {
        let err = Policy::builder()
            .allow_element("a")
            .allow_attribute("a", "href", AttrKind::Text)
            .build()
            .unwrap_err();
        assert!(matches!(err, PolicyError::UnsafeAttribute { .. }));
    }

    #[test]
    fn svg_content_cannot_be_kept() {
        let err = Policy::builder().keep_content("svg").build().unwrap_err();
        assert!(matches!(err, PolicyError::ContentMustBeDropped { .. }));
    }

    #[test]
    fn script_schemes_are_refused() {
        let err = Policy::builder()
            .url_schemes(["https", "JavaScript"])
            .build()
            .unwrap_err();
        assert!(matches!(err, PolicyError::InvalidScheme { .. }));
    }
}
