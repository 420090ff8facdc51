//! The compiled policy: the form the stages read while sanitizing.
//!
//! [`PolicyBuilder::build`] (in `compile.rs`) checks the builder's rules and
//! turns them into a [`PolicyInner`]: kept elements numbered, each with its
//! attribute rules, attribute names interned once, `<name`, `</name>` and
//! ` name="` spelled once from the validated names, and one [`NameTable`]
//! that answers everything about a tag name in one probe ([`Facts`]).
//!
//! Its fields are private to the policy module. The stages ask it what they
//! need through methods (`limits`, `schemes`, `relative_rule`, `link_rel`,
//! `rule`, `tag_name`, ...), each a field read, an index or the search the
//! stages made themselves before, so reading through them costs what
//! reading the fields did.
//!
//! # The capabilities
//!
//! This is also where the two capability types the serializer accepts live,
//! [`AllowedTag`] and [`AllowedAttr`]: indexes into this policy's tables
//! whose field is private to the policy module. Outside `policy/` one can
//! only be copied from an answer the policy gave ([`Facts::kept`],
//! [`PolicyInner::element`], [`AttrRule::attr`], [`ElementRule::forced`],
//! [`PolicyInner::link_rel`]); inside, only `compile.rs` makes them, for
//! names it validated. So nothing can hand the serializer a name the policy
//! did not admit.

use super::builder::{AttrFilter, AttrKind, Disallowed, InvalidUtf8, PolicyBuilder};
use super::limits::Limits;
use crate::elements::{self, Info};
use crate::name_table::NameTable;

/// A kept element, as an index into the policy's element table.
///
/// Only the policy module can make one (from `build`, for the elements it
/// admitted), so holding an `AllowedTag` proves the policy admitted the
/// name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AllowedTag(pub(super) u16);

impl AllowedTag {
    /// Its position in the policy's element table: a small number.
    pub(crate) fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// A kept attribute name, as an index into the policy's attribute-name table.
///
/// Only the policy module can make one, as for [`AllowedTag`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AllowedAttr(pub(super) u16);

/// A kept attribute-name prefix (`data-`), as an index into the policy's
/// prefix table. The rest of such a name comes from the input; the
/// serializer checks it (see `serialize.rs`).
///
/// Only the policy module can make one, as for [`AllowedTag`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AllowedPrefix(pub(super) u16);

/// How the serializer writes a kept attribute's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AttrName<'t> {
    /// A name of the policy's table.
    Fixed(AllowedAttr),
    /// A prefix of the policy's table, then the rest of the input's name.
    Prefixed(AllowedPrefix, &'t str),
}

/// How a rule names its attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleName {
    Fixed(AllowedAttr),
    Prefix(AllowedPrefix),
}

/// Everything the pipeline asks about one element name, answered by one
/// lookup ([`PolicyInner::facts`]): what the element tables say, whether the
/// policy keeps the element, and whether it removes its content. The
/// tokenizer looks a tag's name up once and the token carries the answer to
/// the filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Facts {
    pub(crate) info: elements::Info,
    /// The policy keeps the element.
    pub(crate) kept: Option<AllowedTag>,
    /// The policy removes the element with its content: the index of its
    /// name in the policy's list of such elements.
    pub(crate) drops: Option<u32>,
}

impl Facts {
    /// The facts of a name that neither the element tables nor the policy
    /// list.
    pub(super) const UNLISTED: Facts = Facts {
        info: elements::Info::ORDINARY,
        kept: None,
        drops: None,
    };

    /// What the element tables alone say (for a tokenizer run without a
    /// policy).
    pub(crate) fn tables(name: &str) -> Facts {
        Facts {
            info: elements::info(name),
            ..Facts::UNLISTED
        }
    }
}

/// One allowed attribute of one element, or one allowed name prefix.
#[derive(Debug)]
pub(crate) struct AttrRule {
    /// The attribute name, or the prefix (`data-`) for a prefix rule.
    pub(super) name: Box<str>,
    pub(super) attr: RuleName,
    pub(super) kind: AttrKind,
    /// When set, the value must match one of these patterns
    /// ([`pattern_matches`]).
    pub(super) values: Option<Vec<Box<str>>>,
    /// The URL schemes of this attribute, when not the policy-wide list.
    pub(super) schemes: Option<Vec<Box<str>>>,
    /// When set, only the whitespace-separated tokens matching one of these
    /// patterns stay.
    pub(super) tokens: Option<Vec<Box<str>>>,
}

/// Whether `text` matches `pattern`, case-sensitively, where `*` stands for
/// one or more characters (the only wildcard).
///
/// The classic glob walk, which goes back only to the last `*` seen: time
/// proportional to the product of the lengths at worst, whatever the
/// pattern, so a policy's patterns cannot make a long value costly.
pub(crate) fn pattern_matches(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    // After the last `*`: where in the pattern to resume, and the text
    // position its run ends at so far.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            // At least one character for the star.
            star = Some((pi + 1, ti + 1));
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((resume, end)) = star {
            pi = resume;
            ti = end + 1;
            star = Some((resume, end + 1));
        } else {
            return false;
        }
    }
    // A star at the very end of the text has no character left for it.
    pi == p.len()
}

impl AttrRule {
    /// How the attribute's name is written: `name` is the input's name
    /// (the rest of it follows a prefix).
    #[inline]
    pub(crate) fn write_as<'t>(&self, name: &'t str) -> AttrName<'t> {
        match self.attr {
            RuleName::Fixed(attr) => AttrName::Fixed(attr),
            RuleName::Prefix(prefix) => AttrName::Prefixed(prefix, name.get(self.name.len()..).unwrap_or_default()),
        }
    }

    /// The attribute name, or the prefix of a prefix rule.
    #[inline]
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// How its value is checked.
    #[inline]
    pub(crate) fn kind(&self) -> AttrKind {
        self.kind
    }

    /// Whether `value` matches one of the allowed value patterns, or any
    /// value is allowed.
    #[inline]
    pub(crate) fn allows_value(&self, value: &str) -> bool {
        match &self.values {
            Some(values) => values.iter().any(|v| pattern_matches(v, value)),
            None => true,
        }
    }

    /// The URL schemes of this attribute, if it has a list of its own.
    #[inline]
    pub(crate) fn schemes(&self) -> Option<&[Box<str>]> {
        self.schemes.as_deref()
    }

    /// The token patterns of this attribute, if it has any.
    #[inline]
    pub(crate) fn tokens(&self) -> Option<&[Box<str>]> {
        self.tokens.as_deref()
    }

    /// The value with only its allowed tokens, joined by single spaces, or
    /// `None` when none is left; the value itself when the attribute has no
    /// token rule.
    pub(crate) fn filter_tokens<'v>(&self, value: std::borrow::Cow<'v, str>) -> Option<std::borrow::Cow<'v, str>> {
        let Some(patterns) = &self.tokens else {
            return Some(value);
        };
        let is_ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r');
        let kept: Vec<&str> = value
            .split(is_ws)
            .filter(|t| !t.is_empty() && patterns.iter().any(|p| pattern_matches(p, t)))
            .collect();
        if kept.is_empty() {
            return None;
        }
        let joined = kept.join(" ");
        if joined == value {
            Some(value)
        } else {
            Some(std::borrow::Cow::Owned(joined))
        }
    }
}

/// Everything the pipeline needs to know about one kept element.
#[derive(Debug)]
pub(crate) struct ElementRule {
    pub(super) name: Box<str>,
    /// `<name`, written as it is (TCB: from a validated name).
    pub(super) open: Box<str>,
    /// `</name>`, written as it is (TCB: from a validated name).
    pub(super) close: Box<str>,
    pub(super) info: Info,
    pub(super) attrs: Vec<AttrRule>,
    /// Attribute-name prefixes (`data-`), longest first.
    pub(super) prefixes: Vec<AttrRule>,
    /// Attributes written on every instance, whatever the input said.
    pub(super) forced: Vec<(AllowedAttr, Box<str>)>,
}

impl ElementRule {
    /// The element's name (TCB: only names validated by `build`).
    #[inline]
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// `<name`, to write as it is (TCB: from a validated name).
    #[inline]
    pub(crate) fn open(&self) -> &str {
        &self.open
    }

    /// `</name>`, to write as it is (TCB: from a validated name).
    #[inline]
    pub(crate) fn close(&self) -> &str {
        &self.close
    }

    /// What the element tables say about the element.
    #[inline]
    pub(crate) fn info(&self) -> Info {
        self.info
    }

    /// The rule for an attribute kept from input, by lowercase name: its
    /// own rule, or that of the longest prefix it starts with (and some
    /// more after it).
    #[inline]
    pub(crate) fn attribute(&self, name: &str) -> Option<&AttrRule> {
        self.attrs.iter().find(|a| &*a.name == name).or_else(|| {
            self.prefixes
                .iter()
                .find(|p| name.len() > p.name.len() && name.starts_with(&*p.name))
        })
    }

    /// Whether some attribute is written on every instance.
    #[inline]
    pub(crate) fn forces_attributes(&self) -> bool {
        !self.forced.is_empty()
    }

    /// The attributes written on every instance, with their values.
    #[inline]
    pub(crate) fn forced(&self) -> impl Iterator<Item = (AllowedAttr, &str)> + '_ {
        self.forced.iter().map(|(attr, value)| (*attr, &**value))
    }
}

/// The validated, immutable policy behind [`Policy`](super::Policy).
#[derive(Debug)]
pub(crate) struct PolicyInner {
    pub(super) elements: Vec<ElementRule>,
    /// The [`Facts`] of every name the element tables, `elements` or the
    /// builder's list of elements removed with their content name.
    pub(super) facts: NameTable<Facts>,
    pub(super) attr_names: Vec<Box<str>>,
    /// ` name="` for each attribute name (TCB: from validated names).
    pub(super) attr_prefixes: Vec<Box<str>>,
    pub(super) schemes: Vec<Box<str>>,
    pub(super) relative: RelativeRule,
    /// ` prefix` for each attribute-name prefix (TCB: from validated
    /// names; the serializer writes the rest of the name after it).
    pub(super) prefix_spellings: Vec<Box<str>>,
    /// `rel` value for external `<a>` elements that keep a URL attribute
    /// (with `noopener` when there is a target).
    pub(super) link_rel: Option<(AllowedAttr, Box<str>)>,
    /// `target` for external links.
    pub(super) link_target: Option<(AllowedAttr, Box<str>)>,
    /// The site's hosts, lowercase (see [`PolicyInner::is_internal`]).
    pub(super) internal_hosts: Vec<Box<str>>,
    /// Prepended to `id`, `name` and `for` values.
    pub(super) id_prefix: Option<Box<str>>,
    /// Attribute names frameworks read as code may be kept.
    pub(super) no_attribute_frameworks: bool,
    pub(super) filter: Option<AttrFilter>,
    pub(super) disallowed: Disallowed,
    pub(super) limits: Limits,
    pub(super) invalid_utf8: InvalidUtf8,
    /// The builder this policy came from, for
    /// [`Policy::to_builder`](super::Policy::to_builder).
    pub(super) source: PolicyBuilder,
}

/// [`RelativeUrls`](super::RelativeUrls) with the base URL parsed.
#[derive(Debug)]
pub(crate) enum RelativeRule {
    Allow,
    Deny,
    #[cfg(feature = "resolve-urls")]
    Resolve(url::Url),
}

impl PolicyInner {
    /// The rule for a kept element, by lowercase name.
    pub(crate) fn element(&self, name: &str) -> Option<(AllowedTag, &ElementRule)> {
        let tag = self.facts(name).kept?;
        Some((tag, self.elements.get(usize::from(tag.0))?))
    }

    /// Everything about an element name, by lowercase name, in one lookup.
    #[inline]
    pub(crate) fn facts(&self, name: &str) -> Facts {
        self.facts.get(name).unwrap_or(Facts::UNLISTED)
    }

    /// The rule for a kept element, by tag.
    pub(crate) fn rule(&self, tag: AllowedTag) -> &ElementRule {
        &self.elements[usize::from(tag.0)]
    }

    /// The name of a kept element (TCB: only names validated by `build`).
    pub(crate) fn tag_name(&self, tag: AllowedTag) -> &str {
        &self.elements[usize::from(tag.0)].name
    }

    /// The name of a kept attribute (TCB: only names validated by `build`).
    pub(crate) fn attr_name(&self, attr: AllowedAttr) -> &str {
        &self.attr_names[usize::from(attr.0)]
    }

    /// ` name="` for a kept attribute (TCB: only names validated by `build`).
    pub(crate) fn attr_prefix(&self, attr: AllowedAttr) -> &str {
        &self.attr_prefixes[usize::from(attr.0)]
    }

    /// ` prefix` for a kept name prefix (TCB: only prefixes validated by
    /// `build`).
    pub(crate) fn prefix_spelling(&self, prefix: AllowedPrefix) -> &str {
        &self.prefix_spellings[usize::from(prefix.0)]
    }

    /// The `target` attribute and value written on an external link.
    #[inline]
    pub(crate) fn link_target(&self) -> Option<(AllowedAttr, &str)> {
        self.link_target.as_ref().map(|(attr, value)| (*attr, &**value))
    }

    /// Whether a kept link URL points into the site: relative, or to one of
    /// its hosts, once the policy names them. Anything this cannot read is
    /// external, which gets the `rel` and `target`: the cautious side.
    pub(crate) fn is_internal(&self, url: &str) -> bool {
        if self.internal_hosts.is_empty() {
            return false;
        }
        match link_host(url) {
            None => true,
            Some(Some(host)) => self.internal_hosts.iter().any(|h| h.eq_ignore_ascii_case(&host)),
            Some(None) => false,
        }
    }

    /// The prefix of `id`, `name` and `for` values.
    #[inline]
    pub(crate) fn id_prefix(&self) -> Option<&str> {
        self.id_prefix.as_deref()
    }

    /// Whether attribute names frameworks read as code may be kept.
    #[inline]
    pub(crate) fn allows_framework_attributes(&self) -> bool {
        self.no_attribute_frameworks
    }

    /// Whether a framework reads the attribute `name` as code.
    pub(crate) fn is_script_gadget(&self, name: &str) -> bool {
        super::rules::script_gadget(name).is_some()
    }

    /// Whether the attribute `name` takes the [`id_prefix`](Self::id_prefix).
    #[inline]
    pub(crate) fn needs_id_prefix(&self, name: &str) -> bool {
        super::rules::needs_id_prefix(name)
    }

    /// The caller's attribute filter.
    #[inline]
    pub(crate) fn filter(&self) -> Option<&AttrFilter> {
        self.filter.as_ref()
    }

    /// What happens to disallowed markup.
    #[inline]
    pub(crate) fn disallowed(&self) -> Disallowed {
        self.disallowed
    }

    /// The limits in force.
    #[inline]
    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The allowed URL schemes, lowercase.
    #[inline]
    pub(crate) fn schemes(&self) -> &[Box<str>] {
        &self.schemes
    }

    /// What to do with a relative URL.
    #[inline]
    pub(crate) fn relative_rule(&self) -> &RelativeRule {
        &self.relative
    }

    /// The `rel` attribute and value written on an `<a>` that keeps a URL,
    /// if any.
    #[inline]
    pub(crate) fn link_rel(&self) -> Option<(AllowedAttr, &str)> {
        self.link_rel.as_ref().map(|(attr, value)| (*attr, &**value))
    }

    /// What the streaming writer does with invalid UTF-8.
    #[inline]
    pub(crate) fn invalid_utf8(&self) -> InvalidUtf8 {
        self.invalid_utf8
    }
}

/// The host of a link URL, as far as a browser would read one: `None` for a
/// relative URL with no host (`/x`, `#top`, `?q`), `Some(Some(host))` for
/// `scheme://host...` or `//host...` (userinfo and port left out,
/// lowercase), `Some(None)` for an absolute URL with no host this can read
/// (`mailto:`), which counts as external.
fn link_host(url: &str) -> Option<Option<String>> {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let after_scheme = match url.split_once(':') {
        Some((scheme, rest))
            if scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            rest
        }
        Some(_) | None => {
            // Relative: a host only after `//` (or `\\`).
            let slashes =
                url.starts_with("//") || url.starts_with("\\\\") || url.starts_with("/\\") || url.starts_with("\\/");
            if !slashes {
                return None;
            }
            url.as_str()
        }
    };
    let Some(authority) = after_scheme
        .strip_prefix("//")
        .or_else(|| after_scheme.strip_prefix("\\\\"))
        .or_else(|| after_scheme.strip_prefix("/\\"))
        .or_else(|| after_scheme.strip_prefix("\\/"))
    else {
        return Some(None);
    };
    let authority = authority.split(['/', '\\', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = match host_port.strip_prefix('[') {
        // An IPv6 address: never a configured host name.
        Some(_) => return Some(None),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    Some((!host.is_empty()).then(|| host.to_ascii_lowercase()))
}
