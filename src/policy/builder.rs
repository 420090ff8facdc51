//! [`PolicyBuilder`]: the rules of a policy as the caller states them, and
//! the public choices they are made of ([`AttrKind`], [`RelativeUrls`],
//! [`InvalidUtf8`]).
//!
//! The builder only records: names are lowercased, a later call for the
//! same setting replaces an earlier one, and nothing is checked until
//! [`build`](PolicyBuilder::build) (in `compile.rs`) compiles the rules into
//! a [`Policy`](super::Policy) or refuses them with a
//! [`PolicyError`](crate::PolicyError). A policy keeps the builder it came
//! from, so [`Policy::to_builder`](super::Policy::to_builder) hands the
//! rules back as recorded.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use super::limits::Limits;
use super::rules::DEFAULT_DROP_CONTENT;

/// How an allowed attribute's value is checked.
///
/// ```
/// use comment_sanitizer::{AttrKind, Policy};
///
/// let policy = Policy::builder()
///     .allow_element("a")
///     .allow_attribute("a", "href", AttrKind::Url)
///     .allow_attribute("a", "title", AttrKind::Text)
///     .build()
///     .unwrap();
/// # let _ = policy;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AttrKind {
    /// Any text, up to [`Limits::max_attr_value_len`] characters.
    Text,
    /// A URL: kept only when it is relative (see [`RelativeUrls`]) or its
    /// scheme is allowed (see [`PolicyBuilder::url_schemes`]), judged as a
    /// browser reads it; at most [`Limits::max_url_len`] characters.
    Url,
    /// A valid HTML date, time, local date-time or global date-time string
    /// (`2024-05-01`, `10:30`, `2024-05-01T10:30:00Z`, ...).
    Datetime,
    /// A valid integer: an optional `-`, then 1 to 10 ASCII digits (`start`
    /// on `<ol>`, `width` on `<img>`).
    Integer,
    /// A `srcset`: image candidates separated by commas, each a URL and an
    /// optional width or density descriptor. Kept only when *every*
    /// candidate's URL passes the URL check, as for [`AttrKind::Url`].
    /// `srcset` must be allowed with this kind: checked as one URL, only its
    /// first candidate would be.
    Srcset,
}

/// What to do with a relative URL (one with no scheme, such as `/page`,
/// `#top`, `?q=1` or `//example.com/x`).
///
/// ```
/// use comment_sanitizer::{Policy, RelativeUrls, Sanitizer};
///
/// let policy = Policy::wordpress_comments()
///     .to_builder()
///     .relative_urls(RelativeUrls::Deny)
///     .build()
///     .unwrap();
/// let out = Sanitizer::new(policy).clean(r#"<a href="../2">next</a>"#).unwrap();
/// assert_eq!(out, "<a>next</a>");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RelativeUrls {
    /// Keep relative URLs as written. The default.
    #[default]
    Allow,
    /// Drop attributes whose URL is relative.
    Deny,
    /// Resolve relative URLs against this absolute base URL (WHATWG URL
    /// rules) and write the absolute result. Needs the `resolve-urls`
    /// feature.
    ///
    /// ```
    /// use comment_sanitizer::{Policy, RelativeUrls, Sanitizer};
    ///
    /// let policy = Policy::wordpress_comments()
    ///     .to_builder()
    ///     .relative_urls(RelativeUrls::Resolve("https://blog.example/post/1".into()))
    ///     .link_rel(None)
    ///     .build()
    ///     .unwrap();
    /// let out = Sanitizer::new(policy).clean(r#"<a href="../2">next</a>"#).unwrap();
    /// assert_eq!(out, r#"<a href="https://blog.example/2">next</a>"#);
    /// ```
    #[cfg(feature = "resolve-urls")]
    Resolve(String),
}

/// What the streaming writer does with byte input that is not UTF-8.
///
/// ```
/// use std::io::Write;
/// use comment_sanitizer::{InvalidUtf8, Policy, Sanitizer};
///
/// let policy = Policy::wordpress_comments().to_builder().invalid_utf8(InvalidUtf8::Replace).build().unwrap();
/// let mut w = Sanitizer::new(policy).writer(Vec::new());
/// w.write_all(b"caf\xe9!").unwrap();
/// let (out, _) = w.finish().unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "caf\u{FFFD}!");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum InvalidUtf8 {
    /// Stop with [`ErrorKind::InvalidUtf8`](crate::ErrorKind::InvalidUtf8),
    /// which says at which byte. The default: a comment database with
    /// broken encoding is better found than silently altered.
    #[default]
    Error,
    /// Replace each invalid sequence with U+FFFD REPLACEMENT CHARACTER, as
    /// a browser decoding the bytes would (WHATWG Encoding, UTF-8 decoder).
    Replace,
}

/// What happens to markup the policy does not allow.
///
/// ```
/// use comment_sanitizer::{Disallowed, Policy, Sanitizer};
///
/// let policy = Policy::wordpress_comments().to_builder().disallowed(Disallowed::Escape).build().unwrap();
/// let out = Sanitizer::new(policy).clean("Use Vec<T> and <b>bold</b>, mail <me@example.com>").unwrap();
/// assert_eq!(out, "Use Vec&lt;T&gt; and <b>bold</b>, mail &lt;me@example.com&gt;");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Disallowed {
    /// Remove it: disallowed tags, comments and doctypes go, the text of
    /// removed elements stays (except for elements removed with their
    /// content). The default.
    #[default]
    Strip,
    /// Show it: disallowed tags, comments, doctypes and CDATA sections
    /// become visible text, exactly as typed, and so does the content of
    /// `script`, `style` and every other disallowed element, so nothing a
    /// commenter wrote disappears. Allowed elements are still kept, with
    /// their allowed attributes; a stray end tag of an allowed element is
    /// still removed (and reported), as in strip mode.
    ///
    /// The tokenizer decides, so a disallowed `<script>`, `<textarea>`,
    /// `<svg>` or `<table>` never switches it out of reading ordinary
    /// markup: what follows is read as if the tag were text, which it now
    /// is. Line breaks are normalized (CR LF to LF) and NUL characters
    /// dropped, as in all text. A construct longer than
    /// [`Limits::max_pending_tag_bytes`](crate::Limits::max_pending_tag_bytes)
    /// cannot be shown without holding it whole; it is removed and
    /// reported as [`Removed::TooLongToEscape`](crate::Removed::TooLongToEscape),
    /// never shown cut short. Cleaning the output again changes nothing.
    Escape,
}

/// The signature of an attribute filter: `(element, attribute, value)` to
/// the value to write, or `None` to remove the attribute.
type FilterFn = dyn for<'v> Fn(&str, &str, &'v str) -> Option<Cow<'v, str>> + Send + Sync;

/// A caller's attribute filter (see [`PolicyBuilder::attribute_filter`]),
/// shared by the policies built with it. Two filters are equal only when
/// they are the same one.
#[derive(Clone)]
pub(crate) struct AttrFilter(pub(crate) Arc<FilterFn>);

impl fmt::Debug for AttrFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AttrFilter(..)")
    }
}

impl PartialEq for AttrFilter {
    fn eq(&self, other: &AttrFilter) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Builds a [`Policy`](super::Policy); every rule is checked once, in [`build`](Self::build).
///
/// ```
/// use comment_sanitizer::{AttrKind, Policy, Sanitizer};
///
/// let policy = Policy::builder()
///     .allow_element("a")
///     .allow_attribute("a", "href", AttrKind::Url)
///     .force_attribute("a", "target", "_blank")
///     .url_schemes(["https"])
///     .build()
///     .unwrap();
/// let out = Sanitizer::new(policy)
///     .clean(r#"<a href="https://example.com">x</a> <a href="http://example.com">y</a>"#)
///     .unwrap();
/// assert_eq!(
///     out,
///     r#"<a href="https://example.com" target="_blank" rel="nofollow ugc">x</a> <a target="_blank">y</a>"#
/// );
/// ```
#[derive(Debug, Clone)]
pub struct PolicyBuilder {
    // Read by `compile.rs`, which checks them all.
    /// Allowed elements, lowercase, in the order first allowed.
    pub(super) elements: Vec<String>,
    /// Kind by (element, attribute): a map, so that allowing many
    /// attributes stays linear.
    pub(super) attributes: BTreeMap<(String, String), AttrKind>,
    /// (element, attribute, allowed values).
    pub(super) values: Vec<(String, String, Vec<String>)>,
    /// (element, attribute, value) written on every kept instance.
    pub(super) forced: Vec<(String, String, String)>,
    /// Allowed URL schemes, lowercase.
    pub(super) schemes: Vec<String>,
    pub(super) relative: RelativeUrls,
    pub(super) link_rel: Option<String>,
    /// Elements removed with their content.
    pub(super) drop_content: BTreeSet<String>,
    /// Elements whose content the caller asked to keep.
    pub(super) keep_content: BTreeSet<String>,
    pub(super) limits: Limits,
    pub(super) invalid_utf8: InvalidUtf8,
    /// URL schemes of one attribute, by (element, attribute).
    pub(super) attribute_schemes: BTreeMap<(String, String), Vec<String>>,
    /// Token patterns of one attribute, by (element, attribute).
    pub(super) tokens: BTreeMap<(String, String), Vec<String>>,
    /// The caller promised that no framework reading attributes as code
    /// runs where comments are shown.
    pub(super) no_attribute_frameworks: bool,
    pub(super) filter: Option<AttrFilter>,
    /// `target` written on external links.
    pub(super) link_target: Option<String>,
    /// The site's own hosts, lowercase: links to them are internal.
    pub(super) internal_hosts: Vec<String>,
    /// Prepended to every `id`, `name` and `for` value.
    pub(super) id_prefix: Option<String>,
    pub(super) disallowed: Disallowed,
}

impl PartialEq for PolicyBuilder {
    fn eq(&self, other: &PolicyBuilder) -> bool {
        // Element order does not change what a policy does.
        let sorted = |v: &[String]| {
            let mut v = v.to_vec();
            v.sort();
            v
        };
        let sorted_values = |v: &[(String, String, Vec<String>)]| {
            let mut v = v.to_vec();
            v.sort();
            v
        };
        let sorted_forced = |v: &[(String, String, String)]| {
            let mut v = v.to_vec();
            v.sort();
            v
        };
        sorted(&self.elements) == sorted(&other.elements)
            && self.attributes == other.attributes
            && sorted_values(&self.values) == sorted_values(&other.values)
            && sorted_forced(&self.forced) == sorted_forced(&other.forced)
            && self.schemes == other.schemes
            && self.relative == other.relative
            && self.link_rel == other.link_rel
            && self.drop_content == other.drop_content
            && self.keep_content == other.keep_content
            && self.limits == other.limits
            && self.invalid_utf8 == other.invalid_utf8
            && self.attribute_schemes == other.attribute_schemes
            && self.tokens == other.tokens
            && self.no_attribute_frameworks == other.no_attribute_frameworks
            && self.filter == other.filter
            && self.link_target == other.link_target
            && sorted(&self.internal_hosts) == sorted(&other.internal_hosts)
            && self.id_prefix == other.id_prefix
            && self.disallowed == other.disallowed
    }
}

impl PolicyBuilder {
    /// Whether the two builders build policies with the same rules: equal,
    /// but for the elements whose content the caller asked to keep
    /// ([`keep_content`](Self::keep_content)), which only decide whether
    /// `build` succeeds (their effect is already in `drop_content`).
    pub(super) fn same_rules(&self, other: &PolicyBuilder) -> bool {
        let (mut a, mut b) = (self.clone(), other.clone());
        a.keep_content.clear();
        b.keep_content.clear();
        a == b
    }
}

/// The same as [`Policy::builder`](super::Policy::builder): nothing allowed,
/// the default URL schemes, link `rel`, content-dropping list and limits.
///
/// ```
/// use comment_sanitizer::PolicyBuilder;
///
/// let policy = PolicyBuilder::default().allow_element("b").build().unwrap();
/// assert!(policy.allows_element("b"));
/// ```
impl Default for PolicyBuilder {
    fn default() -> PolicyBuilder {
        PolicyBuilder::new()
    }
}

impl PolicyBuilder {
    /// The starting point of [`Policy::builder`](super::Policy::builder),
    /// which documents the defaults.
    pub(super) fn new() -> PolicyBuilder {
        PolicyBuilder {
            elements: Vec::new(),
            attributes: BTreeMap::new(),
            values: Vec::new(),
            forced: Vec::new(),
            schemes: vec!["http".into(), "https".into(), "mailto".into()],
            relative: RelativeUrls::Allow,
            link_rel: Some("nofollow ugc".into()),
            drop_content: DEFAULT_DROP_CONTENT.iter().map(|(n, _)| n.to_string()).collect(),
            keep_content: BTreeSet::new(),
            limits: Limits::default(),
            invalid_utf8: InvalidUtf8::Error,
            attribute_schemes: BTreeMap::new(),
            tokens: BTreeMap::new(),
            no_attribute_frameworks: false,
            filter: None,
            link_target: None,
            internal_hosts: Vec::new(),
            id_prefix: None,
            disallowed: Disallowed::Strip,
        }
    }

    /// Keep this element (its disallowed attributes are still removed).
    ///
    /// ```
    /// # use comment_sanitizer::Policy;
    /// let policy = Policy::builder().allow_element("b").build().unwrap();
    /// assert!(policy.allows_element("b"));
    /// ```
    pub fn allow_element(mut self, name: &str) -> Self {
        let name = name.to_ascii_lowercase();
        if !self.elements.contains(&name) {
            self.elements.push(name);
        }
        self
    }

    /// Keep this attribute on this element, checked as `kind`.
    ///
    /// The element `"*"` means every kept element (a rule for a named
    /// element wins over it). An attribute ending in `-*` is a name prefix:
    /// `data-*` keeps `data-id`, `data-user-name`, ... (the rest of the name
    /// must be ASCII letters, digits and `-`).
    ///
    /// Attribute names that frameworks read as code (`x-*` and `:`/`@`
    /// names for Alpine.js, `hx-*` and `data-hx-*` for htmx, `v-*` for Vue,
    /// `ng-*` and `data-ng-*` for Angular, `data-bind` for Knockout) are
    /// refused, and removed when a prefix such as `data-*` would match
    /// them, unless [`assume_no_attribute_frameworks`](Self::assume_no_attribute_frameworks)
    /// says none runs where comments are shown.
    ///
    /// ```
    /// # use comment_sanitizer::{AttrKind, Policy, Sanitizer};
    /// let policy = Policy::builder()
    ///     .allow_element("abbr")
    ///     .allow_element("span")
    ///     .allow_attribute("abbr", "title", AttrKind::Text)
    ///     .allow_attribute("*", "lang", AttrKind::Text)
    ///     .allow_attribute("*", "data-*", AttrKind::Text)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(policy.attribute_kind("abbr", "title"), Some(AttrKind::Text));
    /// let out = Sanitizer::new(policy)
    ///     .clean(r#"<span lang="fr" data-id="7" data-bind="click: steal" onclick="x">salut</span>"#)
    ///     .unwrap();
    /// assert_eq!(out, r#"<span lang="fr" data-id="7">salut</span>"#);
    /// ```
    pub fn allow_attribute(mut self, element: &str, attribute: &str, kind: AttrKind) -> Self {
        let (element, attribute) = (element.to_ascii_lowercase(), attribute.to_ascii_lowercase());
        self.attributes.insert((element, attribute), kind);
        self
    }

    /// Keep this attribute only when its whole value matches one of
    /// `values`, case-sensitively. In a value, `*` stands for one or more
    /// characters (the only wildcard), so `https://example.com/*` keeps any
    /// page of that site; a value without `*` is matched exactly. The
    /// attribute must also be allowed with
    /// [`allow_attribute`](Self::allow_attribute).
    ///
    /// ```
    /// # use comment_sanitizer::{AttrKind, Policy, Sanitizer};
    /// let policy = Policy::builder()
    ///     .allow_element("bdo")
    ///     .allow_attribute("bdo", "dir", AttrKind::Text)
    ///     .allow_attribute_values("bdo", "dir", ["ltr", "rtl"])
    ///     .build()
    ///     .unwrap();
    /// let out = Sanitizer::new(policy).clean(r#"<bdo dir="rtl">a</bdo><bdo dir="up">b</bdo>"#).unwrap();
    /// assert_eq!(out, r#"<bdo dir="rtl">a</bdo><bdo>b</bdo>"#);
    /// ```
    pub fn allow_attribute_values<I, S>(mut self, element: &str, attribute: &str, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let (element, attribute) = (element.to_ascii_lowercase(), attribute.to_ascii_lowercase());
        self.values.retain(|(e, a, _)| !(*e == element && *a == attribute));
        let values = values.into_iter().map(|v| v.as_ref().to_string()).collect();
        self.values.push((element, attribute, values));
        self
    }

    /// Keep only the whitespace-separated tokens of this attribute's value
    /// that match one of `patterns`, each token on its own, case-sensitively
    /// (as browsers read `class`); the attribute goes when no token is
    /// left. In a pattern, `*` stands for one or more characters, so
    /// `language-*` keeps `language-rust` and `language-c++`. The attribute
    /// must also be allowed, as [`AttrKind::Text`].
    ///
    /// ```
    /// # use comment_sanitizer::{AttrKind, Policy, Sanitizer};
    /// let policy = Policy::builder()
    ///     .allow_element("code")
    ///     .allow_attribute("code", "class", AttrKind::Text)
    ///     .allow_attribute_tokens("code", "class", ["language-*"])
    ///     .build()
    ///     .unwrap();
    /// let out = Sanitizer::new(policy).clean(r#"<code class="hljs language-rust x">fn</code>"#).unwrap();
    /// assert_eq!(out, r#"<code class="language-rust">fn</code>"#);
    /// ```
    pub fn allow_attribute_tokens<I, S>(mut self, element: &str, attribute: &str, patterns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let (element, attribute) = (element.to_ascii_lowercase(), attribute.to_ascii_lowercase());
        let patterns = patterns.into_iter().map(|p| p.as_ref().to_string()).collect();
        self.tokens.insert((element, attribute), patterns);
        self
    }

    /// The URL schemes allowed in one URL attribute, instead of the
    /// policy-wide list of [`url_schemes`](Self::url_schemes) (for example
    /// `https` only for images). The attribute must be allowed as
    /// [`AttrKind::Url`] or [`AttrKind::Srcset`]. Without a list of its own,
    /// an attribute uses the policy-wide list, except `src` and `srcset` on
    /// `<img>`, which use `http` and `https` (those the policy-wide list
    /// has). Relative URLs follow [`relative_urls`](Self::relative_urls)
    /// everywhere.
    ///
    /// ```
    /// # use comment_sanitizer::{AttrKind, Policy, Sanitizer};
    /// let policy = Policy::builder()
    ///     .allow_element("img")
    ///     .allow_attribute("img", "src", AttrKind::Url)
    ///     .attribute_url_schemes("img", "src", ["https"])
    ///     .build()
    ///     .unwrap();
    /// let s = Sanitizer::new(policy);
    /// assert_eq!(s.clean(r#"<img src="http://x.example/a.png">"#).unwrap(), "<img>");
    /// assert_eq!(s.clean(r#"<img src="https://x.example/a.png">"#).unwrap(), r#"<img src="https://x.example/a.png">"#);
    /// ```
    pub fn attribute_url_schemes<I, S>(mut self, element: &str, attribute: &str, schemes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let (element, attribute) = (element.to_ascii_lowercase(), attribute.to_ascii_lowercase());
        let schemes = schemes.into_iter().map(|s| s.as_ref().to_ascii_lowercase()).collect();
        self.attribute_schemes.insert((element, attribute), schemes);
        self
    }

    /// Write this attribute with this value on every kept instance of the
    /// element, replacing whatever the input said (for example a fixed
    /// `target`).
    ///
    /// ```
    /// # use comment_sanitizer::{Policy, Sanitizer};
    /// let policy = Policy::builder()
    ///     .allow_element("span")
    ///     .force_attribute("span", "class", "comment-span")
    ///     .build()
    ///     .unwrap();
    /// let out = Sanitizer::new(policy).clean(r#"<span class="x">hi</span>"#).unwrap();
    /// assert_eq!(out, r#"<span class="comment-span">hi</span>"#);
    /// ```
    pub fn force_attribute(mut self, element: &str, attribute: &str, value: &str) -> Self {
        let (element, attribute) = (element.to_ascii_lowercase(), attribute.to_ascii_lowercase());
        self.forced.retain(|(e, a, _)| !(*e == element && *a == attribute));
        self.forced.push((element, attribute, value.to_string()));
        self
    }

    /// Allow the attribute names that frameworks read as code (see
    /// [`allow_attribute`](Self::allow_attribute)). Call it only if no page
    /// that shows comments runs Alpine.js, htmx, Vue, Angular or Knockout:
    /// with one of them, such an attribute in a comment runs script.
    ///
    /// ```
    /// # use comment_sanitizer::{AttrKind, Policy};
    /// let refused = Policy::builder().allow_element("div").allow_attribute("div", "x-data", AttrKind::Text).build();
    /// assert!(refused.is_err());
    /// let policy = Policy::builder()
    ///     .allow_element("div")
    ///     .allow_attribute("div", "x-data", AttrKind::Text)
    ///     .assume_no_attribute_frameworks()
    ///     .build()
    ///     .unwrap();
    /// # let _ = policy;
    /// ```
    pub fn assume_no_attribute_frameworks(mut self) -> Self {
        self.no_attribute_frameworks = true;
        self
    }

    /// Run `filter` on every attribute that passed the policy's own checks:
    /// `filter(element, attribute, value)` returns the value to write
    /// (`Cow::Borrowed(value)` to keep it), or `None` to remove the
    /// attribute. A value it returns goes through the same checks again, so
    /// a filter can narrow what is kept but never widen it. A policy with a
    /// filter cannot be saved to a file.
    ///
    /// ```
    /// # use std::borrow::Cow;
    /// # use comment_sanitizer::{AttrKind, Policy, Sanitizer};
    /// let policy = Policy::wordpress_comments()
    ///     .to_builder()
    ///     .attribute_filter(|element, attribute, value| match (element, attribute) {
    ///         ("a", "href") if value.contains("tracker.example") => None,
    ///         ("abbr", "title") => Some(Cow::Owned(value.to_uppercase())),
    ///         _ => Some(Cow::Borrowed(value)),
    ///     })
    ///     .build()
    ///     .unwrap();
    /// let out = Sanitizer::new(policy)
    ///     .clean(r#"<a href="https://tracker.example/x">x</a> <abbr title="html">HTML</abbr>"#)
    ///     .unwrap();
    /// assert_eq!(out, r#"<a>x</a> <abbr title="HTML">HTML</abbr>"#);
    /// ```
    pub fn attribute_filter<F>(mut self, filter: F) -> Self
    where
        F: for<'v> Fn(&str, &str, &'v str) -> Option<Cow<'v, str>> + Send + Sync + 'static,
    {
        self.filter = Some(AttrFilter(Arc::new(filter)));
        self
    }

    /// The `target` written on external links (for example `"_blank"`);
    /// whenever it is set, `noopener` joins the link `rel`, so the opened
    /// page cannot reach back into the comment's page. Default `None`.
    ///
    /// ```
    /// # use comment_sanitizer::{Policy, Sanitizer};
    /// let policy = Policy::wordpress_comments()
    ///     .to_builder()
    ///     .link_target(Some("_blank"))
    ///     .internal_hosts(["blog.example"])
    ///     .build()
    ///     .unwrap();
    /// let out = Sanitizer::new(policy)
    ///     .clean(r#"<a href="https://other.example/">out</a> <a href="/about">in</a>"#)
    ///     .unwrap();
    /// assert_eq!(
    ///     out,
    ///     r#"<a href="https://other.example/" target="_blank" rel="nofollow ugc noopener">out</a> <a href="/about">in</a>"#
    /// );
    /// ```
    pub fn link_target(mut self, target: Option<&str>) -> Self {
        self.link_target = target.map(str::to_string);
        self
    }

    /// The site's own hosts (`blog.example`, `www.blog.example`): links to
    /// them, and relative links, are internal and get neither the link
    /// `rel` nor the `target`. Hosts are compared ASCII case-insensitively
    /// and exactly (a subdomain is another host). With no hosts named (the
    /// default) every link is external, relative ones included.
    ///
    /// ```
    /// # use comment_sanitizer::{Policy, Sanitizer};
    /// let policy = Policy::wordpress_comments().to_builder().internal_hosts(["blog.example"]).build().unwrap();
    /// let out = Sanitizer::new(policy).clean(r#"<a href="https://BLOG.example/x">x</a>"#).unwrap();
    /// assert_eq!(out, r#"<a href="https://BLOG.example/x">x</a>"#);
    /// ```
    pub fn internal_hosts<I, S>(mut self, hosts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.internal_hosts = hosts.into_iter().map(|h| h.as_ref().to_ascii_lowercase()).collect();
        self
    }

    /// The prefix written before every `id`, `name` and `for` value, which a
    /// policy may allow only with one: a comment's `id="login"` must not
    /// name (and shadow) the page's own elements and globals ("DOM
    /// clobbering"). GitHub uses `user-content-`. A value that already
    /// starts with the prefix keeps it once, so cleaning output again
    /// changes nothing.
    ///
    /// ```
    /// # use comment_sanitizer::{AttrKind, Policy, Sanitizer};
    /// let refused = Policy::builder().allow_element("h2").allow_attribute("h2", "id", AttrKind::Text).build();
    /// assert!(refused.is_err());
    /// let policy = Policy::builder()
    ///     .allow_element("h2")
    ///     .allow_attribute("h2", "id", AttrKind::Text)
    ///     .id_prefix("user-content-")
    ///     .build()
    ///     .unwrap();
    /// let out = Sanitizer::new(policy).clean(r#"<h2 id="intro">Intro</h2>"#).unwrap();
    /// assert_eq!(out, r#"<h2 id="user-content-intro">Intro</h2>"#);
    /// ```
    pub fn id_prefix(mut self, prefix: &str) -> Self {
        self.id_prefix = Some(prefix.to_string());
        self
    }

    /// What happens to markup the policy does not allow (default
    /// [`Disallowed::Strip`]).
    ///
    /// ```
    /// # use comment_sanitizer::{Disallowed, Policy, Sanitizer};
    /// let policy = Policy::wordpress_comments().to_builder().disallowed(Disallowed::Escape).build().unwrap();
    /// let out = Sanitizer::new(policy).clean("<script>alert(1)</script>").unwrap();
    /// assert_eq!(out, "&lt;script&gt;alert(1)&lt;/script&gt;");
    /// ```
    pub fn disallowed(mut self, mode: Disallowed) -> Self {
        self.disallowed = mode;
        self
    }

    /// Replace the allowed URL schemes (default `http`, `https`, `mailto`).
    ///
    /// ```
    /// # use comment_sanitizer::Policy;
    /// let policy = Policy::wordpress_comments().to_builder().url_schemes(["https"]).build().unwrap();
    /// assert_eq!(policy.url_schemes().collect::<Vec<_>>(), ["https"]);
    /// ```
    pub fn url_schemes<I, S>(mut self, schemes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.schemes = schemes.into_iter().map(|s| s.as_ref().to_ascii_lowercase()).collect();
        self
    }

    /// What to do with relative URLs (default [`RelativeUrls::Allow`]).
    ///
    /// ```
    /// # use comment_sanitizer::{Policy, RelativeUrls, Sanitizer};
    /// let policy = Policy::wordpress_comments().to_builder().relative_urls(RelativeUrls::Deny).build().unwrap();
    /// assert_eq!(Sanitizer::new(policy).clean(r#"<a href="/x">x</a>"#).unwrap(), "<a>x</a>");
    /// ```
    pub fn relative_urls(mut self, rule: RelativeUrls) -> Self {
        self.relative = rule;
        self
    }

    /// The `rel` value written on every external `<a>` that keeps its
    /// `href` (default `Some("nofollow ugc")`, what WordPress adds to
    /// comment links; see [`internal_hosts`](Self::internal_hosts)); `None`
    /// writes no `rel` (but `noopener` when there is a
    /// [`link_target`](Self::link_target)). An input `rel` is always
    /// replaced.
    ///
    /// ```
    /// # use comment_sanitizer::{Policy, Sanitizer};
    /// let policy = Policy::wordpress_comments().to_builder().link_rel(Some("nofollow")).build().unwrap();
    /// let out = Sanitizer::new(policy).clean(r#"<a href="https://x.example">x</a>"#).unwrap();
    /// assert_eq!(out, r#"<a href="https://x.example" rel="nofollow">x</a>"#);
    /// ```
    pub fn link_rel(mut self, rel: Option<&str>) -> Self {
        self.link_rel = rel.map(str::to_string);
        self
    }

    /// Remove this element together with all its content (when it is not
    /// allowed). The default list, with reasons, is
    /// [`default_dropped_content`](crate::default_dropped_content): script, style, template, iframe, object,
    /// applet, embed, noscript, noembed, noframes, xmp, textarea, title,
    /// select, datalist, svg, math. (`head` and `frameset` are not on the
    /// list: inside a comment a browser ignores those tags and shows what
    /// follows, so their text is kept.)
    ///
    /// ```
    /// # use comment_sanitizer::{Policy, Sanitizer};
    /// let policy = Policy::wordpress_comments().to_builder().drop_content("aside").build().unwrap();
    /// assert_eq!(Sanitizer::new(policy).clean("a<aside>ad</aside>b").unwrap(), "ab");
    /// ```
    pub fn drop_content(mut self, element: &str) -> Self {
        let element = element.to_ascii_lowercase();
        self.keep_content.remove(&element);
        self.drop_content.insert(element);
        self
    }

    /// Keep the text of this removed element instead of dropping it (undoes
    /// [`drop_content`](Self::drop_content)). `svg` and `math` cannot be
    /// kept: their content is parsed under different rules.
    ///
    /// ```
    /// # use comment_sanitizer::{Policy, Sanitizer};
    /// let policy = Policy::wordpress_comments().to_builder().keep_content("textarea").build().unwrap();
    /// assert_eq!(Sanitizer::new(policy).clean("<textarea><b>x</b></textarea>").unwrap(), "&lt;b&gt;x&lt;/b&gt;");
    /// ```
    pub fn keep_content(mut self, element: &str) -> Self {
        let element = element.to_ascii_lowercase();
        self.drop_content.remove(&element);
        self.keep_content.insert(element);
        self
    }

    /// Set the [`Limits`].
    ///
    /// ```
    /// # use comment_sanitizer::{Limits, Policy};
    /// let policy = Policy::builder().limits(Limits::default().with_max_depth(8)).build().unwrap();
    /// assert_eq!(policy.limits().max_depth, 8);
    /// ```
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// What the streaming writer does with invalid UTF-8 in byte input
    /// (default [`InvalidUtf8::Error`]).
    ///
    /// ```
    /// # use comment_sanitizer::{InvalidUtf8, Policy};
    /// let policy = Policy::builder().invalid_utf8(InvalidUtf8::Replace).build().unwrap();
    /// # let _ = policy;
    /// ```
    pub fn invalid_utf8(mut self, mode: InvalidUtf8) -> Self {
        self.invalid_utf8 = mode;
        self
    }
}
