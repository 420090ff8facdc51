//! The policy: which elements and attributes survive, and the limits.
//!
//! A [`Policy`] is built once by a [`PolicyBuilder`], which checks every rule
//! and returns a [`PolicyError`](crate::PolicyError) for anything that cannot
//! be enforced safely. After that the policy is immutable and cheap to share
//! (an `Arc` inside), and sanitizing has no configuration error left to
//! report.
//!
//! # Rules of thumb
//!
//! * Everything is denied by default: [`Policy::builder`] allows nothing.
//! * The order of builder calls does not matter, except that a later call for
//!   the same setting replaces an earlier one.
//! * Names are ASCII case-insensitive and stored lowercase.
//!
//! # Files
//!
//! Checking the rules (once, in `build`) and reading them (for every tag,
//! while sanitizing) are different jobs, so, as in regex-automata, the
//! builder that records rules, the compiler that checks them and the
//! compiled form the stages read are separate files. Each file imports only
//! files listed after it:
//!
//! * `config/` (feature `serde`): policy files, turned into builder calls
//!   and written back from a policy's builder;
//! * `compile.rs`: [`PolicyBuilder::build`], the rules checked and compiled
//!   step by step;
//! * `wordpress.rs` and `markdown.rs`: the presets,
//!   [`Policy::wordpress_comments`] and [`Policy::markdown_comments`];
//! * this file: [`Policy`] and its public accessors;
//! * `compiled.rs`: the compiled form the stages read ([`PolicyInner`]),
//!   through methods, and the capabilities it hands out;
//! * `builder.rs`: [`PolicyBuilder`], which only records the rules, and the
//!   public enums its setters take;
//! * `rules.rs`: what no policy may allow, and why;
//! * `limits.rs`: [`Limits`] and the length test the stages share.
//!
//! This module also mints the two capability types the serializer accepts,
//! [`AllowedTag`] and [`AllowedAttr`](compiled::AllowedAttr) (defined with the compiled form): their
//! field is private to the policy module, and only `build` makes them, so
//! nothing can hand the serializer a name the policy did not admit.

mod builder;
mod compile;
mod compiled;
#[cfg(feature = "serde")]
pub mod config;
mod limits;
mod markdown;
mod rules;
mod wordpress;

use std::sync::Arc;

pub use self::builder::{AttrKind, Disallowed, InvalidUtf8, PolicyBuilder, RelativeUrls};
pub(crate) use self::compiled::{AllowedTag, AttrName, AttrRule, ElementRule, Facts, PolicyInner, RelativeRule};
pub(crate) use self::limits::too_long;
pub use self::limits::Limits;
pub use self::rules::default_dropped_content;

/// A validated sanitizing policy. Immutable, `Send + Sync`, cheap to clone.
///
/// Start from [`Policy::wordpress_comments`] (the default), from a preset
/// by name ([`Policy::preset`]) or from an empty [`Policy::builder`]. Two
/// policies are equal when their rules are (see
/// [`PartialEq`](#impl-PartialEq-for-Policy)).
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
    /// The names of the presets [`Policy::preset`] knows:
    /// `wordpress-comments` ([`Policy::wordpress_comments`]) and
    /// `markdown-comments` ([`Policy::markdown_comments`]).
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// for name in Policy::PRESET_NAMES {
    ///     assert!(Policy::preset(name).is_some());
    /// }
    /// ```
    pub const PRESET_NAMES: &'static [&'static str] = &["wordpress-comments", "markdown-comments"];

    /// A preset by name (one of [`PRESET_NAMES`](Self::PRESET_NAMES), exactly
    /// as spelled there), or `None`. Each preset is compiled once per
    /// process; this clones a reference.
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// assert!(Policy::preset("markdown-comments").unwrap() == Policy::markdown_comments());
    /// assert!(Policy::preset("wordpress").is_none());
    /// ```
    pub fn preset(name: &str) -> Option<Policy> {
        match name {
            "wordpress-comments" => Some(Policy::wordpress_comments()),
            "markdown-comments" => Some(Policy::markdown_comments()),
            _ => None,
        }
    }

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
        // A forced attribute is the policy's own, even where a prefix rule
        // matches its name.
        if rule.forced().any(|(attr, _)| self.inner.attr_name(attr) == attribute) {
            return None;
        }
        let found = rule.attribute(&attribute)?;
        // A prefix rule does not keep the names frameworks run as code.
        let gadget = found.name() != attribute
            && !self.inner.allows_framework_attributes()
            && self.inner.is_script_gadget(&attribute);
        (!gadget).then(|| found.kind())
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

    /// The `target` written on external links, if any (see
    /// [`PolicyBuilder::link_target`]).
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// let policy = Policy::wordpress_comments().to_builder().link_target(Some("_blank")).build().unwrap();
    /// assert_eq!(policy.link_target(), Some("_blank"));
    /// assert_eq!(policy.link_rel(), Some("nofollow ugc noopener"));
    /// ```
    pub fn link_target(&self) -> Option<&str> {
        self.inner.link_target().map(|(_, target)| target)
    }

    /// The site's own hosts (see [`PolicyBuilder::internal_hosts`]),
    /// lowercase.
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// let policy = Policy::wordpress_comments().to_builder().internal_hosts(["Blog.example"]).build().unwrap();
    /// assert_eq!(policy.internal_hosts().collect::<Vec<_>>(), ["blog.example"]);
    /// ```
    pub fn internal_hosts(&self) -> impl Iterator<Item = &str> + '_ {
        self.inner.internal_hosts.iter().map(|h| &**h)
    }

    /// The prefix written before `id`, `name` and `for` values, if any (see
    /// [`PolicyBuilder::id_prefix`]).
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// assert_eq!(Policy::wordpress_comments().id_prefix(), None);
    /// ```
    pub fn id_prefix(&self) -> Option<&str> {
        self.inner.id_prefix()
    }

    /// What happens to markup the policy does not allow.
    ///
    /// ```
    /// use comment_sanitizer::{Disallowed, Policy};
    ///
    /// assert_eq!(Policy::wordpress_comments().disallowed(), Disallowed::Strip);
    /// ```
    pub fn disallowed(&self) -> Disallowed {
        self.inner.disallowed()
    }

    /// The `rel` written on links that keep a URL, if any (with
    /// `noopener` when there is a [`link_target`](Self::link_target)).
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
        self.inner.schemes().iter().map(|s| &**s)
    }

    /// The URL schemes a URL attribute of an element allows: its own list
    /// (see [`PolicyBuilder::attribute_url_schemes`]) or the policy-wide
    /// one; `None` when the attribute is not kept there as a URL.
    ///
    /// ```
    /// use comment_sanitizer::{AttrKind, Policy};
    ///
    /// let policy = Policy::builder()
    ///     .allow_element("img")
    ///     .allow_attribute("img", "src", AttrKind::Url)
    ///     .build()
    ///     .unwrap();
    /// let schemes: Vec<_> = policy.attribute_url_schemes("img", "src").unwrap().collect();
    /// assert_eq!(schemes, ["http", "https"]);
    /// ```
    pub fn attribute_url_schemes(&self, element: &str, attribute: &str) -> Option<impl Iterator<Item = &str> + '_> {
        let (_, rule) = self.inner.element(&element.to_ascii_lowercase())?;
        let rule = rule.attribute(&attribute.to_ascii_lowercase())?;
        if !matches!(rule.kind(), AttrKind::Url | AttrKind::Srcset) {
            return None;
        }
        Some(rule.schemes().unwrap_or(self.inner.schemes()).iter().map(|s| &**s))
    }

    /// The token patterns of an attribute (see
    /// [`PolicyBuilder::allow_attribute_tokens`]); `None` when the attribute
    /// is not kept there or keeps its whole value.
    ///
    /// ```
    /// let policy = comment_sanitizer::Policy::markdown_comments();
    /// let patterns: Vec<_> = policy.attribute_tokens("code", "class").unwrap().collect();
    /// assert_eq!(patterns, ["language-*"]);
    /// assert!(policy.attribute_tokens("a", "href").is_none());
    /// ```
    pub fn attribute_tokens(&self, element: &str, attribute: &str) -> Option<impl Iterator<Item = &str> + '_> {
        let (_, rule) = self.inner.element(&element.to_ascii_lowercase())?;
        let rule = rule.attribute(&attribute.to_ascii_lowercase())?;
        Some(rule.tokens()?.iter().map(|s| &**s))
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

/// Policies are equal when the rules they were built from are: the same
/// elements, attributes and rules, schemes, link settings, content list,
/// limits and modes, whatever order the builder calls came in. Two policies
/// with an attribute filter are equal only when it is the same filter (one
/// [`PolicyBuilder::attribute_filter`] call, shared by cloning).
///
/// ```
/// use comment_sanitizer::Policy;
///
/// let a = Policy::builder().allow_element("b").allow_element("i").build().unwrap();
/// let b = Policy::builder().allow_element("i").allow_element("b").build().unwrap();
/// assert!(a == b);
/// assert!(a != Policy::wordpress_comments());
/// ```
impl PartialEq for Policy {
    fn eq(&self, other: &Policy) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner) || self.inner.source.same_rules(&other.inner.source)
    }
}

impl Eq for Policy {}

impl Default for Policy {
    /// [`Policy::wordpress_comments`].
    fn default() -> Policy {
        Policy::wordpress_comments()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Policy>();
    }
}
