//! Policy files: a [`Policy`] read from TOML or JSON, and written back.
//!
//! Available with the `serde` feature. [`Policy::from_toml`],
//! [`Policy::from_json`] and [`Policy::from_file`] read a file;
//! [`Policy::to_toml`] and [`Policy::to_json`] write one. A file is turned
//! into [`PolicyBuilder`] calls and built with
//! [`build`](PolicyBuilder::build), so a file can say nothing the builder
//! would refuse, and every refusal names the key it is about
//! (`elements.b.onclick: attribute "onclick" cannot be allowed: event
//! handler attributes run script`). Unknown keys are errors too. Writing a
//! policy and reading it back gives an equal policy.
//!
//! # The schema
//!
//! TOML and JSON files have the same keys. Every key is optional: an empty
//! file is [`Policy::builder`]'s empty policy, which allows no element.
//!
//! | key | value | builder call |
//! |---|---|---|
//! | `preset` | `"wordpress-comments"` or `"markdown-comments"`: the policy to start from (see [`Policy::PRESET_NAMES`]); the other keys change it | [`Policy::preset`] |
//! | `disallowed` | `"strip"` (the default) or `"escape"` | [`PolicyBuilder::disallowed`] |
//! | `url_schemes` | the allowed URL schemes, replacing the list (default `["http", "https", "mailto"]`) | [`PolicyBuilder::url_schemes`] |
//! | `drop_content` | the whole list of elements removed together with their content (default: [`default_dropped_content`](crate::default_dropped_content)); an element of the default list left out keeps its text | [`PolicyBuilder::drop_content`], [`PolicyBuilder::keep_content`] |
//! | `assume_no_attribute_frameworks` | `true` to allow the attribute names that Alpine.js, htmx, Vue, Angular and Knockout run as code | [`PolicyBuilder::assume_no_attribute_frameworks`] |
//! | `invalid_utf8` | `"error"` (the default) or `"replace"` | [`PolicyBuilder::invalid_utf8`] |
//! | `relative_urls` | `"allow"` (the default), `"deny"`, or `{ resolve = "https://blog.example/" }` (needs the `resolve-urls` feature) | [`PolicyBuilder::relative_urls`] |
//! | `links` | a table: `rel` (a string, or `false` for none; default `"nofollow ugc"`), `target` (`"_blank"`, ...), `internal_hosts` (a list of host names), `id_prefix` (such as `"user-content-"`) | [`PolicyBuilder::link_rel`], [`link_target`](PolicyBuilder::link_target), [`internal_hosts`](PolicyBuilder::internal_hosts), [`id_prefix`](PolicyBuilder::id_prefix) |
//! | `limits` | a table with any of the fields of [`Limits`] (`max_depth`, `max_input_bytes`, `max_attr_value_len`, `max_url_len`, `max_pending_tag_bytes`, `max_tag_bytes`, `max_attributes_per_tag`, `max_links`, `max_held_bytes`); those not given keep their default | [`PolicyBuilder::limits`] |
//! | `elements` | a table: each kept element's name, to a table of its attributes | see below |
//!
//! Under `elements`, each key is an element to keep ([`PolicyBuilder::allow_element`]),
//! and its value is a table of the attributes kept on it, `{}` for none.
//! The element `"*"` holds the attributes kept on every element (it keeps no
//! element itself). An attribute name ending in `-*` (`"data-*"`) is a name
//! prefix. Each attribute is either its kind, as a string:
//!
//! * `"text"`, `"url"`, `"datetime"`, `"integer"` or `"srcset"` (see
//!   [`AttrKind`]), as [`PolicyBuilder::allow_attribute`];
//!
//! or a table of its rules:
//!
//! * `kind`: the kind, as above;
//! * `values`: the values kept, `*` standing for one or more characters
//!   ([`PolicyBuilder::allow_attribute_values`]);
//! * `tokens`: the whitespace-separated tokens kept, such as class names
//!   (`["language-*"]`, [`PolicyBuilder::allow_attribute_tokens`]);
//! * `schemes`: the URL schemes of this attribute, instead of `url_schemes`
//!   ([`PolicyBuilder::attribute_url_schemes`]);
//! * `force`: a value written on every kept instance of the element, instead
//!   of anything from the input ([`PolicyBuilder::force_attribute`]); it
//!   takes none of the other keys.
//!
//! A table without `kind` (and without `force`) adds rules to an attribute
//! that `"*"` keeps, such as `tokens` for one element's `class`.
//!
//! With a `preset`, an element listed under `elements` gets exactly the
//! attributes listed there (the preset's rules for it are replaced), and an
//! element not listed keeps the preset's rules; to keep fewer elements than
//! a preset, list them all without a `preset`. The other keys replace the
//! preset's setting (each field of `links` and `limits` on its own).
//!
//! # Example
//!
//! A complete file, with every key:
//!
//! ```toml
//! preset = "markdown-comments"
//! disallowed = "escape"
//! url_schemes = ["https", "mailto"]
//! drop_content = ["script", "style", "template", "title", "noscript", "iframe",
//!                 "noembed", "noframes", "select", "datalist", "svg", "math", "aside"]
//! assume_no_attribute_frameworks = false
//! invalid_utf8 = "replace"
//! relative_urls = "deny"
//!
//! [links]
//! rel = "nofollow ugc"
//! target = "_blank"
//! internal_hosts = ["blog.example", "www.blog.example"]
//! id_prefix = "user-content-"
//!
//! [limits]
//! max_depth = 64
//! max_input_bytes = 65525
//! max_links = 5
//!
//! [elements."*"]
//! lang = "text"
//! "data-*" = "text"
//!
//! [elements]
//! span = { class = { kind = "text", tokens = ["highlight", "lang-*"] } }
//! h2 = { id = "text" }
//! bdo = { dir = { kind = "text", values = ["ltr", "rtl"] } }
//! img = { src = { kind = "url", schemes = ["https"] }, alt = "text", loading = { force = "lazy" } }
//! ```
//!
//! The same in JSON:
//!
//! ```json
//! {
//!   "preset": "markdown-comments",
//!   "disallowed": "escape",
//!   "url_schemes": ["https", "mailto"],
//!   "relative_urls": "deny",
//!   "links": { "rel": "nofollow ugc", "target": "_blank", "id_prefix": "user-content-" },
//!   "limits": { "max_depth": 64 },
//!   "elements": {
//!     "*": { "lang": "text" },
//!     "img": { "src": { "kind": "url", "schemes": ["https"] }, "alt": "text" }
//!   }
//! }
//! ```
//!
//! Loaded:
//!
//! ```
//! use comment_sanitizer::{Policy, Sanitizer};
//!
//! let policy = Policy::from_toml(r#"
//!     preset = "wordpress-comments"
//!     url_schemes = ["https"]
//!     [links]
//!     target = "_blank"
//!     [elements]
//!     p = {}
//!     bdo = { dir = { kind = "text", values = ["ltr", "rtl"] } }
//! "#).unwrap();
//! let out = Sanitizer::new(policy).clean(r#"<p><a href="https://x.example">x</a> <bdo dir="rtl">y</bdo></p>"#).unwrap();
//! assert_eq!(
//!     out,
//!     r#"<p><a href="https://x.example" target="_blank" rel="nofollow ugc noopener">x</a> <bdo dir="rtl">y</bdo></p>"#
//! );
//! ```
//!
//! The repository's `examples/policies/` holds commented files for both
//! presets.
//!
//! # Writing
//!
//! [`Policy::to_toml`] and [`Policy::to_json`] write every setting
//! explicitly, without a `preset`, elements and attributes in name order. A
//! policy with an [attribute filter](PolicyBuilder::attribute_filter) (a
//! Rust closure) cannot be written: that is an error, not a file that would
//! silently load as a different policy.

mod error;

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::{self, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

pub use self::error::ConfigError;
use super::builder::{AttrKind, Disallowed, InvalidUtf8, PolicyBuilder, RelativeUrls};
use super::limits::Limits;
use super::Policy;
use crate::error::PolicyError;

/// A policy file, as read and written. Field order is the order written:
/// TOML needs plain values before tables.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    preset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    disallowed: Option<DisallowedName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url_schemes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    drop_content: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    assume_no_attribute_frameworks: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    invalid_utf8: Option<Utf8Name>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    relative_urls: Option<RelativeName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    links: Option<Links>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    limits: Option<LimitsFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    elements: Option<BTreeMap<String, BTreeMap<String, AttrEntry>>>,
}

/// [`Disallowed`], by name.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum DisallowedName {
    Strip,
    Escape,
}

/// [`InvalidUtf8`], by name.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Utf8Name {
    Error,
    Replace,
}

/// [`RelativeUrls`], by name; `resolve` is in the schema with or without
/// the `resolve-urls` feature, so a file means the same everywhere.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RelativeName {
    Allow,
    Deny,
    Resolve(String),
}

/// [`AttrKind`], by name.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum KindName {
    Text,
    Url,
    Datetime,
    Integer,
    Srcset,
}

/// The `links` table.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Links {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rel: Option<Rel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    internal_hosts: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id_prefix: Option<String>,
}

/// `links.rel`: a value, or `false` for none.
#[derive(Debug, Clone, PartialEq)]
struct Rel(Option<String>);

/// The `limits` table: every field optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitsFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_depth: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_input_bytes: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_attr_value_len: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_url_len: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_pending_tag_bytes: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_tag_bytes: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_attributes_per_tag: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_links: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_held_bytes: Option<usize>,
}

/// One attribute under an element: its kind, or a table of its rules.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
enum AttrEntry {
    Kind(KindName),
    Rules(AttrRules),
}

/// The rules of one attribute.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AttrRules {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<KindName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    values: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tokens: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    schemes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    force: Option<String>,
}

impl<'de> Deserialize<'de> for AttrEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<AttrEntry, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = AttrEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "an attribute kind (\"text\", \"url\", \"datetime\", \"integer\" or \"srcset\") \
                     or a table of the attribute's rules",
                )
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<AttrEntry, E> {
                KindName::deserialize(value.into_deserializer()).map(AttrEntry::Kind)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<AttrEntry, A::Error> {
                AttrRules::deserialize(de::value::MapAccessDeserializer::new(map)).map(AttrEntry::Rules)
            }
        }
        deserializer.deserialize_any(EntryVisitor)
    }
}

impl Serialize for Rel {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Some(rel) => serializer.serialize_str(rel),
            None => serializer.serialize_bool(false),
        }
    }
}

impl<'de> Deserialize<'de> for Rel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Rel, D::Error> {
        struct RelVisitor;
        impl Visitor<'_> for RelVisitor {
            type Value = Rel;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("the rel value written on links, or false for none")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Rel, E> {
                Ok(Rel(Some(value.to_string())))
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Rel, E> {
                match value {
                    false => Ok(Rel(None)),
                    true => Err(E::invalid_value(de::Unexpected::Bool(true), &self)),
                }
            }
        }
        deserializer.deserialize_any(RelVisitor)
    }
}

impl From<KindName> for AttrKind {
    fn from(kind: KindName) -> AttrKind {
        match kind {
            KindName::Text => AttrKind::Text,
            KindName::Url => AttrKind::Url,
            KindName::Datetime => AttrKind::Datetime,
            KindName::Integer => AttrKind::Integer,
            KindName::Srcset => AttrKind::Srcset,
        }
    }
}

impl From<AttrKind> for KindName {
    fn from(kind: AttrKind) -> KindName {
        match kind {
            AttrKind::Text => KindName::Text,
            AttrKind::Url => KindName::Url,
            AttrKind::Datetime => KindName::Datetime,
            AttrKind::Integer => KindName::Integer,
            AttrKind::Srcset => KindName::Srcset,
        }
    }
}

/// The dotted key of an attribute under `elements`.
fn attr_key(element: &str, attribute: &str) -> String {
    format!("elements.{element}.{attribute}")
}

impl PolicyFile {
    /// The builder this file describes, not yet built. Refuses what the
    /// builder cannot be told: an unknown preset, an attribute table that
    /// says nothing or mixes `force` with other rules, and `resolve`
    /// without the `resolve-urls` feature.
    fn to_builder(&self) -> Result<PolicyBuilder, ConfigError> {
        let mut b = match &self.preset {
            None => Policy::builder(),
            Some(name) => Policy::preset(name)
                .ok_or_else(|| {
                    ConfigError::new(
                        Some("preset".into()),
                        format!(
                            "unknown preset {name:?}; the presets are {}",
                            Policy::PRESET_NAMES.join(", ")
                        ),
                    )
                })?
                .to_builder(),
        };
        if let Some(mode) = self.disallowed {
            b = b.disallowed(match mode {
                DisallowedName::Strip => Disallowed::Strip,
                DisallowedName::Escape => Disallowed::Escape,
            });
        }
        if let Some(schemes) = &self.url_schemes {
            b = b.url_schemes(schemes);
        }
        if let Some(list) = &self.drop_content {
            let list: Vec<String> = list.iter().map(|e| e.to_ascii_lowercase()).collect();
            for element in b.drop_content.clone() {
                if !list.contains(&element) {
                    b = b.keep_content(&element);
                }
            }
            for element in &list {
                b = b.drop_content(element);
            }
        }
        if let Some(assume) = self.assume_no_attribute_frameworks {
            b.no_attribute_frameworks = assume;
        }
        if let Some(mode) = self.invalid_utf8 {
            b = b.invalid_utf8(match mode {
                Utf8Name::Error => InvalidUtf8::Error,
                Utf8Name::Replace => InvalidUtf8::Replace,
            });
        }
        if let Some(relative) = &self.relative_urls {
            b = b.relative_urls(relative_urls(relative)?);
        }
        if let Some(links) = &self.links {
            if let Some(Rel(rel)) = &links.rel {
                b = b.link_rel(rel.as_deref());
            }
            if let Some(target) = &links.target {
                b = b.link_target(Some(target));
            }
            if let Some(hosts) = &links.internal_hosts {
                b = b.internal_hosts(hosts);
            }
            if let Some(prefix) = &links.id_prefix {
                b = b.id_prefix(prefix);
            }
        }
        if let Some(limits) = &self.limits {
            b.limits = limits.apply(b.limits.clone());
        }
        for (element, attributes) in self.elements.iter().flatten() {
            b = without_rules_for(b, &element.to_ascii_lowercase());
            if element != "*" {
                b = b.allow_element(element);
            }
            for (attribute, entry) in attributes {
                b = apply_attribute(b, element, attribute, entry)?;
            }
        }
        Ok(b)
    }

    /// The policy this file describes; a refusal names the key it is about.
    fn build(&self) -> Result<Policy, ConfigError> {
        let err = match self.to_builder()?.build() {
            Ok(policy) => return Ok(policy),
            Err(err) => err,
        };
        let key = self.culprit(&err);
        Err(ConfigError::policy(key, err))
    }

    /// The key behind the builder's refusal `err`: the first key (the most
    /// specific first: attributes, then elements, then the other settings)
    /// without which the builder no longer refuses the file with `err`.
    /// Only run for a file that was refused, so it may build many times.
    fn culprit(&self, err: &PolicyError) -> Option<String> {
        let mut candidates: Vec<(String, PolicyFile)> = Vec::new();
        for (element, attributes) in self.elements.iter().flatten() {
            for attribute in attributes.keys() {
                let mut file = self.clone();
                if let Some(attrs) = file.elements.as_mut().and_then(|e| e.get_mut(element)) {
                    attrs.remove(attribute);
                }
                candidates.push((attr_key(element, attribute), file));
            }
        }
        for element in self.elements.iter().flat_map(BTreeMap::keys) {
            let mut file = self.clone();
            if let Some(elements) = file.elements.as_mut() {
                elements.remove(element);
            }
            candidates.push((format!("elements.{element}"), file));
        }
        let mut without = |key: &str, clear: fn(&mut PolicyFile)| {
            let mut file = self.clone();
            clear(&mut file);
            candidates.push((key.to_string(), file));
        };
        without("links.target", |f| f.links.iter_mut().for_each(|l| l.target = None));
        without("links.rel", |f| f.links.iter_mut().for_each(|l| l.rel = None));
        without("links.id_prefix", |f| {
            f.links.iter_mut().for_each(|l| l.id_prefix = None)
        });
        without("links.internal_hosts", |f| {
            f.links.iter_mut().for_each(|l| l.internal_hosts = None)
        });
        without("relative_urls", |f| f.relative_urls = None);
        without("url_schemes", |f| f.url_schemes = None);
        without("drop_content", |f| f.drop_content = None);
        without("assume_no_attribute_frameworks", |f| {
            f.assume_no_attribute_frameworks = None
        });
        for field in LimitsFile::FIELDS {
            let mut file = self.clone();
            if let Some(limits) = file.limits.as_mut() {
                if limits.clear(field) {
                    candidates.push((format!("limits.{field}"), file));
                }
            }
        }
        candidates
            .into_iter()
            .find(|(_, file)| match file.to_builder().map(PolicyBuilder::build) {
                Ok(Err(other)) => other != *err,
                _ => true,
            })
            .map(|(key, _)| key)
    }

    /// The file that describes `builder`, every setting written out.
    fn of(builder: &PolicyBuilder) -> Result<PolicyFile, ConfigError> {
        if builder.filter.is_some() {
            return Err(ConfigError::new(
                None,
                "the policy has an attribute filter, a Rust closure no file can hold; \
                 write the policy without it and set the filter again after loading",
            ));
        }
        let mut elements: Rules = builder.elements.iter().map(|e| (e.clone(), BTreeMap::new())).collect();
        type Rules = BTreeMap<String, BTreeMap<String, AttrRules>>;
        fn rules<'r>(elements: &'r mut Rules, element: &str, attribute: &str) -> &'r mut AttrRules {
            elements
                .entry(element.to_string())
                .or_default()
                .entry(attribute.to_string())
                .or_default()
        }
        for ((element, attribute), kind) in &builder.attributes {
            rules(&mut elements, element, attribute).kind = Some((*kind).into());
        }
        for (element, attribute, values) in &builder.values {
            rules(&mut elements, element, attribute).values = Some(values.clone());
        }
        for ((element, attribute), tokens) in &builder.tokens {
            rules(&mut elements, element, attribute).tokens = Some(tokens.clone());
        }
        for ((element, attribute), schemes) in &builder.attribute_schemes {
            rules(&mut elements, element, attribute).schemes = Some(schemes.clone());
        }
        for (element, attribute, value) in &builder.forced {
            rules(&mut elements, element, attribute).force = Some(value.clone());
        }
        let elements = elements
            .into_iter()
            .map(|(element, attributes)| {
                let attributes = attributes
                    .into_iter()
                    .map(|(name, rules)| {
                        let entry = match rules {
                            AttrRules {
                                kind: Some(kind),
                                values: None,
                                tokens: None,
                                schemes: None,
                                force: None,
                            } => AttrEntry::Kind(kind),
                            rules => AttrEntry::Rules(rules),
                        };
                        (name, entry)
                    })
                    .collect();
                (element, attributes)
            })
            .collect();
        let l = &builder.limits;
        Ok(PolicyFile {
            preset: None,
            disallowed: Some(match builder.disallowed {
                Disallowed::Strip => DisallowedName::Strip,
                Disallowed::Escape => DisallowedName::Escape,
            }),
            url_schemes: Some(builder.schemes.clone()),
            drop_content: Some(builder.drop_content.iter().cloned().collect()),
            assume_no_attribute_frameworks: Some(builder.no_attribute_frameworks),
            invalid_utf8: Some(match builder.invalid_utf8 {
                InvalidUtf8::Error => Utf8Name::Error,
                InvalidUtf8::Replace => Utf8Name::Replace,
            }),
            relative_urls: Some(match &builder.relative {
                RelativeUrls::Allow => RelativeName::Allow,
                RelativeUrls::Deny => RelativeName::Deny,
                #[cfg(feature = "resolve-urls")]
                RelativeUrls::Resolve(base) => RelativeName::Resolve(base.clone()),
            }),
            links: Some(Links {
                rel: Some(Rel(builder.link_rel.clone())),
                target: builder.link_target.clone(),
                internal_hosts: Some(builder.internal_hosts.clone()),
                id_prefix: builder.id_prefix.clone(),
            }),
            limits: Some(LimitsFile {
                max_depth: Some(l.max_depth),
                max_input_bytes: l.max_input_bytes,
                max_attr_value_len: Some(l.max_attr_value_len),
                max_url_len: Some(l.max_url_len),
                max_pending_tag_bytes: Some(l.max_pending_tag_bytes),
                max_tag_bytes: Some(l.max_tag_bytes),
                max_attributes_per_tag: Some(l.max_attributes_per_tag),
                max_links: l.max_links,
                max_held_bytes: Some(l.max_held_bytes),
            }),
            elements: Some(elements),
        })
    }
}

/// `relative_urls` as the builder takes it.
fn relative_urls(relative: &RelativeName) -> Result<RelativeUrls, ConfigError> {
    match relative {
        RelativeName::Allow => Ok(RelativeUrls::Allow),
        RelativeName::Deny => Ok(RelativeUrls::Deny),
        #[cfg(feature = "resolve-urls")]
        RelativeName::Resolve(base) => Ok(RelativeUrls::Resolve(base.clone())),
        #[cfg(not(feature = "resolve-urls"))]
        RelativeName::Resolve(_) => Err(ConfigError::new(
            Some("relative_urls".into()),
            "resolving relative URLs needs this crate's resolve-urls feature",
        )),
    }
}

/// `b` without the rules it has for the attributes of `element`: an
/// element listed in a file gets the attributes the file lists.
fn without_rules_for(mut b: PolicyBuilder, element: &str) -> PolicyBuilder {
    b.attributes.retain(|(e, _), _| e != element);
    b.values.retain(|(e, _, _)| e != element);
    b.tokens.retain(|(e, _), _| e != element);
    b.attribute_schemes.retain(|(e, _), _| e != element);
    b.forced.retain(|(e, _, _)| e != element);
    b
}

/// The builder calls for one attribute of `elements.<element>`.
fn apply_attribute(
    mut b: PolicyBuilder,
    element: &str,
    attribute: &str,
    entry: &AttrEntry,
) -> Result<PolicyBuilder, ConfigError> {
    let rules = match entry {
        AttrEntry::Kind(kind) => return Ok(b.allow_attribute(element, attribute, (*kind).into())),
        AttrEntry::Rules(rules) => rules,
    };
    let refuse = |message: &str| Err(ConfigError::new(Some(attr_key(element, attribute)), message));
    if let Some(value) = &rules.force {
        if rules.kind.is_some() || rules.values.is_some() || rules.tokens.is_some() || rules.schemes.is_some() {
            return refuse(
                "a forced attribute is written by the policy, never taken from input, \
                 so it takes no kind, values, tokens or schemes",
            );
        }
        return Ok(b.force_attribute(element, attribute, value));
    }
    if rules.kind.is_none() && rules.values.is_none() && rules.tokens.is_none() && rules.schemes.is_none() {
        return refuse("give the attribute's kind (\"text\", \"url\", ...), its rules, or force = \"value\"");
    }
    if let Some(kind) = rules.kind {
        b = b.allow_attribute(element, attribute, kind.into());
    }
    if let Some(values) = &rules.values {
        b = b.allow_attribute_values(element, attribute, values);
    }
    if let Some(tokens) = &rules.tokens {
        b = b.allow_attribute_tokens(element, attribute, tokens);
    }
    if let Some(schemes) = &rules.schemes {
        b = b.attribute_url_schemes(element, attribute, schemes);
    }
    Ok(b)
}

impl LimitsFile {
    /// The field names, for naming a refused limit.
    const FIELDS: [&'static str; 9] = [
        "max_depth",
        "max_input_bytes",
        "max_attr_value_len",
        "max_url_len",
        "max_pending_tag_bytes",
        "max_tag_bytes",
        "max_attributes_per_tag",
        "max_links",
        "max_held_bytes",
    ];

    /// `limits` with the fields this table sets.
    fn apply(&self, mut limits: Limits) -> Limits {
        let set = |field: Option<usize>, value: &mut usize| {
            if let Some(v) = field {
                *value = v;
            }
        };
        set(self.max_depth, &mut limits.max_depth);
        set(self.max_attr_value_len, &mut limits.max_attr_value_len);
        set(self.max_url_len, &mut limits.max_url_len);
        set(self.max_pending_tag_bytes, &mut limits.max_pending_tag_bytes);
        set(self.max_tag_bytes, &mut limits.max_tag_bytes);
        set(self.max_attributes_per_tag, &mut limits.max_attributes_per_tag);
        set(self.max_held_bytes, &mut limits.max_held_bytes);
        if self.max_input_bytes.is_some() {
            limits.max_input_bytes = self.max_input_bytes;
        }
        if self.max_links.is_some() {
            limits.max_links = self.max_links;
        }
        limits
    }

    /// Unset `field`; whether it was set.
    fn clear(&mut self, field: &str) -> bool {
        let slot = match field {
            "max_depth" => &mut self.max_depth,
            "max_input_bytes" => &mut self.max_input_bytes,
            "max_attr_value_len" => &mut self.max_attr_value_len,
            "max_url_len" => &mut self.max_url_len,
            "max_pending_tag_bytes" => &mut self.max_pending_tag_bytes,
            "max_tag_bytes" => &mut self.max_tag_bytes,
            "max_attributes_per_tag" => &mut self.max_attributes_per_tag,
            "max_links" => &mut self.max_links,
            "max_held_bytes" => &mut self.max_held_bytes,
            _ => return false,
        };
        slot.take().is_some()
    }
}

/// Line and column (from 1) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The key of a path to an error, or `None` for the whole file.
fn key_of(path: &serde_path_to_error::Path) -> Option<String> {
    let key = path.to_string();
    (key != ".").then_some(key)
}

impl Policy {
    /// The policy a TOML file describes; the schema is in the
    /// [`config`](crate::config) module.
    ///
    /// # Errors
    ///
    /// A [`ConfigError`] naming the key (and line) of a syntax error, an
    /// unknown key, a value of the wrong type, or a rule the
    /// [`PolicyBuilder`] refuses.
    ///
    /// ```
    /// use comment_sanitizer::{Disallowed, Policy};
    ///
    /// let policy = Policy::from_toml("preset = \"wordpress-comments\"\ndisallowed = \"escape\"\n").unwrap();
    /// assert_eq!(policy.disallowed(), Disallowed::Escape);
    /// assert!(policy == Policy::wordpress_comments().to_builder().disallowed(Disallowed::Escape).build().unwrap());
    ///
    /// let err = Policy::from_toml("[elements.a]\nhref = \"uri\"\n").unwrap_err();
    /// assert!(err.to_string().starts_with("elements.a.href: unknown variant `uri`"), "{err}");
    /// ```
    pub fn from_toml(text: &str) -> Result<Policy, ConfigError> {
        let toml_error = |err: toml::de::Error, key: Option<String>| {
            let at = err.span().map(|span| position(text, span.start));
            ConfigError::new(key, err.message().trim_end()).at(at)
        };
        let deserializer = toml::Deserializer::parse(text).map_err(|e| toml_error(e, None))?;
        let file: PolicyFile = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let key = key_of(e.path());
            toml_error(e.into_inner(), key)
        })?;
        file.build()
    }

    /// The policy a JSON file describes, with the same schema as
    /// [`from_toml`](Self::from_toml) (see the [`config`](crate::config)
    /// module).
    ///
    /// # Errors
    ///
    /// As for [`from_toml`](Self::from_toml).
    ///
    /// ```
    /// use comment_sanitizer::{Policy, Sanitizer};
    ///
    /// let policy = Policy::from_json(r#"{"elements": {"b": {}, "a": {"href": "url"}}, "links": {"rel": false}}"#).unwrap();
    /// let out = Sanitizer::new(policy).clean(r#"<a href="https://x.example" onclick="x"><b>hi</b></a>"#).unwrap();
    /// assert_eq!(out, r#"<a href="https://x.example"><b>hi</b></a>"#);
    ///
    /// let err = Policy::from_json(r#"{"url_schemes": ["https", "javascript"]}"#).unwrap_err();
    /// assert_eq!(err.key(), Some("url_schemes"));
    /// ```
    pub fn from_json(text: &str) -> Result<Policy, ConfigError> {
        let json_error = |err: serde_json::Error, key: Option<String>| {
            let at = (err.line() > 0).then(|| (err.line(), err.column()));
            let message = err.to_string();
            let suffix = format!(" at line {} column {}", err.line(), err.column());
            let message = message.strip_suffix(&suffix).unwrap_or(&message).to_string();
            ConfigError::new(key, message).at(at)
        };
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let file: PolicyFile = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let key = key_of(e.path());
            json_error(e.into_inner(), key)
        })?;
        deserializer.end().map_err(|e| json_error(e, None))?;
        file.build()
    }

    /// The policy in a `.toml` or `.json` file, by its extension.
    ///
    /// # Errors
    ///
    /// A [`ConfigError`] naming the file, for a file that cannot be read,
    /// an extension other than `.toml` and `.json`, and everything
    /// [`from_toml`](Self::from_toml) refuses.
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// let err = Policy::from_file("no/such/policy.toml").unwrap_err();
    /// assert!(err.to_string().starts_with("no/such/policy.toml: cannot read the file"), "{err}");
    /// ```
    pub fn from_file(path: impl AsRef<Path>) -> Result<Policy, ConfigError> {
        let path = path.as_ref();
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let parse = match extension.as_deref() {
            Some("toml") => Policy::from_toml,
            Some("json") => Policy::from_json,
            _ => {
                return Err(ConfigError::new(
                    None,
                    "a policy file's name ends in .toml or .json, which says how to read it",
                )
                .in_file(path))
            }
        };
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::io(path, "read", e))?;
        parse(&text).map_err(|e| e.in_file(path))
    }

    /// This policy as a TOML file that [`from_toml`](Self::from_toml) reads
    /// back as an equal policy.
    ///
    /// # Errors
    ///
    /// A [`ConfigError`] for a policy with an
    /// [attribute filter](PolicyBuilder::attribute_filter), which no file
    /// can hold.
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// let policy = Policy::markdown_comments();
    /// let text = policy.to_toml().unwrap();
    /// assert!(text.contains("[elements.code.class]"));
    /// assert!(Policy::from_toml(&text).unwrap() == policy);
    ///
    /// let filtered = policy.to_builder().attribute_filter(|_, _, v| Some(v.into())).build().unwrap();
    /// assert!(filtered.to_toml().unwrap_err().to_string().contains("attribute filter"));
    /// ```
    pub fn to_toml(&self) -> Result<String, ConfigError> {
        let file = PolicyFile::of(&self.inner.source)?;
        toml::to_string(&file).map_err(|e| ConfigError::new(None, e.to_string()))
    }

    /// This policy as a JSON file that [`from_json`](Self::from_json) reads
    /// back as an equal policy.
    ///
    /// # Errors
    ///
    /// As for [`to_toml`](Self::to_toml).
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// let policy = Policy::wordpress_comments();
    /// let text = policy.to_json().unwrap();
    /// assert!(text.contains(r#""disallowed": "strip""#));
    /// assert!(Policy::from_json(&text).unwrap() == policy);
    /// ```
    pub fn to_json(&self) -> Result<String, ConfigError> {
        let file = PolicyFile::of(&self.inner.source)?;
        serde_json::to_string_pretty(&file).map_err(|e| ConfigError::new(None, e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        assert_eq!(position("ab\ncé\nx", 6), (2, 3));
        assert_eq!(position("x", 0), (1, 1));
    }

    #[test]
    fn a_refusal_names_the_most_specific_key() {
        let err = Policy::from_toml("[elements]\ntr = {}\n").unwrap_err();
        assert_eq!(err.key(), Some("elements.tr"));
        let err = Policy::from_toml("[limits]\nmax_depth = 1000\n").unwrap_err();
        assert_eq!(err.key(), Some("limits.max_depth"));
    }
}
