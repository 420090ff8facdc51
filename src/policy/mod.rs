//! The policy: which elements and attributes survive, and the limits.
//!
//! A [`Policy`] is built once by a [`PolicyBuilder`], which checks every rule
//! and returns a [`PolicyError`] for anything that cannot be enforced safely.
//! After that the policy is immutable and cheap to share (an `Arc` inside),
//! and sanitizing has no configuration error left to report.
//!
//! # Rules of thumb
//!
//! * Everything is denied by default: [`Policy::builder`] allows nothing.
//! * The order of builder calls does not matter, except that a later call for
//!   the same setting replaces an earlier one.
//! * Names are ASCII case-insensitive and stored lowercase.
//!
//! This module also mints the two capability types the serializer accepts,
//! [`AllowedTag`] and [`AllowedAttr`] (defined with the compiled form, in
//! `compiled.rs`): their field is private to this module and its files, and
//! only `build` makes them, so nothing can hand the serializer a name the
//! policy did not admit.

mod builder;
mod compiled;
mod limits;
mod rules;
mod wordpress;

pub use self::builder::{AttrKind, InvalidUtf8, PolicyBuilder, RelativeUrls};
use self::compiled::AttrRule;
pub(crate) use self::compiled::{AllowedAttr, AllowedTag, ElementRule, Facts, PolicyInner, RelativeRule};
pub(crate) use self::limits::too_long;
pub use self::limits::Limits;
pub use self::rules::default_dropped_content;
use self::rules::{DEFAULT_DROP_CONTENT, MUST_DROP_CONTENT};

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::elements;
use crate::error::PolicyError;
use crate::name_table::NameTable;

/// A validated sanitizing policy. Immutable, `Send + Sync`, cheap to clone.
///
/// Start from [`Policy::wordpress_comments`] (the default) or from an empty
/// [`Policy::builder`].
///
/// ```
/// use comment_sanitizer::{Policy, Sanitizer};
///
/// let policy = Policy::wordpress_comments();
/// let out = Sanitizer::new(policy).clean("<b onclick=x>hi</b>").unwrap();
/// assert_eq!(out, "<b>hi</b>");
/// ```
#[derive(Debug, Clone)]
pub struct Policy {
    inner: Arc<PolicyInner>,
}

impl Policy {
    /// The compiled form the stages read.
    #[inline]
    pub(crate) fn compiled(&self) -> &PolicyInner {
        &self.inner
    }

    /// An empty builder: nothing is allowed until you allow it.
    ///
    /// The builder starts with the default URL schemes (`http`, `https`,
    /// `mailto`), relative URLs allowed, `rel="nofollow ugc"` on links,
    /// [`Limits::default`], and the default list of elements removed together
    /// with their content (see [`PolicyBuilder::drop_content`]).
    ///
    /// ```
    /// use comment_sanitizer::{Policy, Sanitizer};
    ///
    /// let policy = Policy::builder().allow_element("em").build().unwrap();
    /// let out = Sanitizer::new(policy).clean("<em>yes</em> <b>no</b>").unwrap();
    /// assert_eq!(out, "<em>yes</em> no");
    /// ```
    pub fn builder() -> PolicyBuilder {
        PolicyBuilder::new()
    }

    /// A builder holding this policy's rules, to derive a variant.
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// let no_rel = Policy::wordpress_comments().to_builder().link_rel(None).build().unwrap();
    /// # let _ = no_rel;
    /// ```
    pub fn to_builder(&self) -> PolicyBuilder {
        self.inner.source.clone()
    }

    /// Whether an element is kept, by name (ASCII case-insensitive).
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// let policy = Policy::wordpress_comments();
    /// assert!(policy.allows_element("STRONG"));
    /// assert!(!policy.allows_element("img"));
    /// ```
    pub fn allows_element(&self, name: &str) -> bool {
        self.inner.element(&name.to_ascii_lowercase()).is_some()
    }

    /// The kind of an attribute kept on an element, or `None` if it is not
    /// kept there. Forced attributes and the link `rel` are not "allowed"
    /// from input and return `None`.
    ///
    /// ```
    /// use comment_sanitizer::{AttrKind, Policy};
    ///
    /// let policy = Policy::wordpress_comments();
    /// assert_eq!(policy.attribute_kind("a", "href"), Some(AttrKind::Url));
    /// assert_eq!(policy.attribute_kind("a", "onclick"), None);
    /// ```
    pub fn attribute_kind(&self, element: &str, attribute: &str) -> Option<AttrKind> {
        let (_, rule) = self.inner.element(&element.to_ascii_lowercase())?;
        let attribute = attribute.to_ascii_lowercase();
        rule.attribute(&attribute).map(AttrRule::kind)
    }

    /// The attributes kept from input on `element`, with their kinds, in
    /// name order.
    ///
    /// ```
    /// use comment_sanitizer::{AttrKind, Policy};
    ///
    /// let policy = Policy::wordpress_comments();
    /// let attrs: Vec<_> = policy.allowed_attributes("a").collect();
    /// assert_eq!(attrs, [("href", AttrKind::Url), ("title", AttrKind::Text)]);
    /// ```
    pub fn allowed_attributes(&self, element: &str) -> impl Iterator<Item = (&str, AttrKind)> + '_ {
        self.inner
            .element(&element.to_ascii_lowercase())
            .into_iter()
            .flat_map(|(_, rule)| rule.attrs.iter())
            .map(|a| (&*a.name, a.kind))
    }

    /// The `rel` written on links that keep a URL, if any.
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// assert_eq!(Policy::wordpress_comments().link_rel(), Some("nofollow ugc"));
    /// ```
    pub fn link_rel(&self) -> Option<&str> {
        self.inner.link_rel().map(|(_, rel)| rel)
    }

    /// The attributes written with a fixed value on every kept instance of
    /// `element`, as `(name, value)`.
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// let policy = Policy::builder().allow_element("a").force_attribute("a", "target", "_blank").build().unwrap();
    /// assert_eq!(policy.forced_attributes("a").collect::<Vec<_>>(), [("target", "_blank")]);
    /// ```
    pub fn forced_attributes(&self, element: &str) -> impl Iterator<Item = (&str, &str)> + '_ {
        let inner = &self.inner;
        inner
            .element(&element.to_ascii_lowercase())
            .into_iter()
            .flat_map(|(_, rule)| rule.forced())
            .map(move |(attr, value)| (inner.attr_name(attr), value))
    }

    /// The values an attribute is restricted to on an element, or `None`
    /// when any value of its kind is kept (or it is not kept at all).
    ///
    /// ```
    /// use comment_sanitizer::{AttrKind, Policy};
    ///
    /// let policy = Policy::builder()
    ///     .allow_element("bdo")
    ///     .allow_attribute("bdo", "dir", AttrKind::Text)
    ///     .allow_attribute_values("bdo", "dir", ["ltr", "rtl"])
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(policy.attribute_values("bdo", "dir").unwrap().collect::<Vec<_>>(), ["ltr", "rtl"]);
    /// assert!(policy.attribute_values("bdo", "lang").is_none());
    /// ```
    pub fn attribute_values(&self, element: &str, attribute: &str) -> Option<impl Iterator<Item = &str> + '_> {
        let (_, rule) = self.inner.element(&element.to_ascii_lowercase())?;
        let attribute = attribute.to_ascii_lowercase();
        let values = rule.attribute(&attribute)?.values.as_ref()?;
        Some(values.iter().map(|v| &**v))
    }

    /// The names of the kept elements, in the order they were allowed.
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// assert_eq!(Policy::wordpress_comments().elements().count(), 14);
    /// ```
    pub fn elements(&self) -> impl Iterator<Item = &str> + '_ {
        self.inner.elements.iter().map(ElementRule::name)
    }

    /// The allowed URL schemes, lowercase.
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// let policy = Policy::wordpress_comments();
    /// let schemes: Vec<_> = policy.url_schemes().collect();
    /// assert_eq!(schemes, ["http", "https", "mailto"]);
    /// ```
    pub fn url_schemes(&self) -> impl Iterator<Item = &str> + '_ {
        self.inner.schemes()
    }

    /// The limits in force.
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// assert_eq!(Policy::wordpress_comments().limits().max_depth, 256);
    /// ```
    pub fn limits(&self) -> &Limits {
        self.inner.limits()
    }
}

impl Default for Policy {
    /// [`Policy::wordpress_comments`].
    fn default() -> Policy {
        Policy::wordpress_comments()
    }
}

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
        let mut attr_names: Vec<Box<str>> = Vec::new();
        let mut attr_index: HashMap<Box<str>, AllowedAttr> = HashMap::new();
        let mut intern = |name: &str| -> Result<AllowedAttr, PolicyError> {
            if let Some(attr) = attr_index.get(name) {
                return Ok(*attr);
            }
            let attr = AllowedAttr(u16::try_from(attr_names.len()).map_err(|_| PolicyError::Conflict {
                reason: format!("more than {} distinct attribute names", u32::from(u16::MAX) + 1),
            })?);
            attr_names.push(name.into());
            attr_index.insert(name.into(), attr);
            Ok(attr)
        };

        let mut elements = Vec::new();
        for name in &self.elements {
            if !rules::is_valid_name(name) {
                return Err(PolicyError::InvalidName {
                    what: "element",
                    name: name.clone(),
                });
            }
            let class = elements::balance_class(name).ok_or_else(|| PolicyError::UnsupportedElement {
                name: name.clone(),
                reason: rules::refusal_reason(name),
            })?;
            if self.drop_content.contains(name) && DEFAULT_DROP_CONTENT.iter().all(|(n, _)| n != name) {
                return Err(PolicyError::Conflict {
                    reason: format!("<{name}> is both allowed and listed in drop_content"),
                });
            }
            elements.push(ElementRule {
                name: name.as_str().into(),
                open: format!("<{name}").into(),
                close: format!("</{name}>").into(),
                class,
                attrs: Vec::new(),
                forced: Vec::new(),
            });
        }
        if elements.len() > usize::from(u16::MAX) {
            return Err(PolicyError::Conflict {
                reason: "too many elements".into(),
            });
        }
        let find = |elements: &mut Vec<ElementRule>, element: &str, attribute: &str| {
            elements
                .iter()
                .position(|e| &*e.name == element)
                .ok_or_else(|| PolicyError::ElementNotAllowed {
                    element: element.to_string(),
                    attribute: attribute.to_string(),
                })
        };
        let check_attr = |attribute: &str| -> Result<(), PolicyError> {
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
        };

        for ((element, attribute), kind) in &self.attributes {
            check_attr(attribute)?;
            if rules::is_url_attribute(attribute) && *kind != AttrKind::Url {
                return Err(PolicyError::UnsafeAttribute {
                    name: attribute.clone(),
                    reason: "its value is a URL; allow it with AttrKind::Url so the scheme is checked",
                });
            }
            if *element == "a" && attribute == "rel" && self.link_rel.is_some() {
                return Err(PolicyError::Conflict {
                    reason: "rel on <a> is written by link_rel; call link_rel(None) to allow it from input".into(),
                });
            }
            let i = find(&mut elements, element, attribute)?;
            let attr = intern(attribute)?;
            elements[i].attrs.push(AttrRule {
                name: attribute.as_str().into(),
                attr,
                kind: *kind,
                values: None,
            });
        }
        for (element, attribute, values) in &self.values {
            let i = find(&mut elements, element, attribute)?;
            let rule = elements[i].attrs.iter_mut().find(|a| *a.name == **attribute).ok_or_else(|| {
                PolicyError::Conflict {
                    reason: format!("allowed values are set for {attribute:?} on <{element}>, but the attribute is not allowed there"),
                }
            })?;
            rule.values = Some(values.iter().map(|v| v.as_str().into()).collect());
        }
        for (element, attribute, value) in &self.forced {
            check_attr(attribute)?;
            if rules::is_url_attribute(attribute) || attribute == "rel" && *element == "a" {
                return Err(PolicyError::Conflict {
                    reason: format!("{attribute:?} cannot be forced: URL attributes come from input and pass the URL check, and rel on <a> is set by link_rel"),
                });
            }
            let i = find(&mut elements, element, attribute)?;
            if elements[i].attrs.iter().any(|a| *a.name == **attribute) {
                return Err(PolicyError::Conflict {
                    reason: format!("{attribute:?} on <{element}> is both allowed from input and forced"),
                });
            }
            let attr = intern(attribute)?;
            elements[i].forced.push((attr, value.as_str().into()));
        }

        let mut schemes: Vec<Box<str>> = Vec::new();
        for scheme in &self.schemes {
            if let Some(reason) = rules::refused_scheme(scheme) {
                return Err(PolicyError::InvalidScheme {
                    scheme: scheme.clone(),
                    reason,
                });
            }
            if !schemes.iter().any(|s| **s == **scheme) {
                schemes.push(scheme.as_str().into());
            }
        }

        let relative = match &self.relative {
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
        };

        let link_rel = match &self.link_rel {
            Some(rel) if elements.iter().any(|e| &*e.name == "a") => Some((intern("rel")?, rel.as_str().into())),
            _ => None,
        };

        for name in &self.keep_content {
            if let Some((_, reason)) = MUST_DROP_CONTENT.iter().find(|(n, _)| n == name) {
                return Err(PolicyError::ContentMustBeDropped {
                    name: name.clone(),
                    reason,
                });
            }
        }

        let limits = &self.limits;
        for (name, value) in [
            ("max_depth", limits.max_depth),
            ("max_attr_value_len", limits.max_attr_value_len),
            ("max_url_len", limits.max_url_len),
            ("max_attributes_per_tag", limits.max_attributes_per_tag),
            ("max_tag_bytes", limits.max_tag_bytes),
        ] {
            if value == 0 {
                return Err(PolicyError::InvalidLimit {
                    name,
                    value,
                    reason: "zero would remove everything it limits; use a small positive value",
                });
            }
        }

        Ok(Policy {
            inner: Arc::new(PolicyInner {
                facts: facts_table(&elements, &self.drop_content),
                elements,
                attr_prefixes: attr_names.iter().map(|n| format!(" {n}=\"").into()).collect(),
                attr_names,
                schemes,
                relative,
                link_rel,
                limits: self.limits.clone(),
                invalid_utf8: self.invalid_utf8,
                source: self,
            }),
        })
    }
}

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

    #[test]
    fn policy_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Policy>();
    }
}
