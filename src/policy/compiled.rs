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

use super::builder::{AttrKind, InvalidUtf8, PolicyBuilder};
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

/// A kept attribute name, as an index into the policy's attribute-name table.
///
/// Only the policy module can make one, as for [`AllowedTag`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AllowedAttr(pub(super) u16);

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

/// One allowed attribute of one element.
#[derive(Debug)]
pub(crate) struct AttrRule {
    pub(super) name: Box<str>,
    pub(super) attr: AllowedAttr,
    pub(super) kind: AttrKind,
    /// When set, the value must equal one of these (ASCII case-insensitive).
    pub(super) values: Option<Vec<Box<str>>>,
    /// The URL schemes of this attribute, when not the policy-wide list.
    pub(super) schemes: Option<Vec<Box<str>>>,
    /// When set, only the space-separated tokens matching one of these
    /// patterns stay (see [`token_matches`]).
    pub(super) tokens: Option<Vec<Box<str>>>,
}

/// Whether `token` matches `pattern`, where `*` stands for one or more
/// ASCII letters, digits or `-_+#.` (case-sensitive).
pub(super) fn token_matches(pattern: &str, token: &str) -> bool {
    fn wild(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b"-_+#.".contains(&b)
    }
    fn go(p: &[u8], t: &[u8]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some((b'*', rest)) => {
                // One or more wildcard bytes, then the rest.
                let run = t.iter().take_while(|&&b| wild(b)).count();
                (1..=run).rev().any(|n| go(rest, &t[n..]))
            }
            Some((&c, rest)) => t.first() == Some(&c) && go(rest, &t[1..]),
        }
    }
    go(pattern.as_bytes(), token.as_bytes())
}

impl AttrRule {
    /// The attribute, to write.
    #[inline]
    pub(crate) fn attr(&self) -> AllowedAttr {
        self.attr
    }

    /// How its value is checked.
    #[inline]
    pub(crate) fn kind(&self) -> AttrKind {
        self.kind
    }

    /// Whether `value` is one of the allowed values (ASCII
    /// case-insensitive), or any value is allowed.
    #[inline]
    pub(crate) fn allows_value(&self, value: &str) -> bool {
        match &self.values {
            Some(values) => values.iter().any(|v| v.eq_ignore_ascii_case(value)),
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
            .filter(|t| !t.is_empty() && patterns.iter().any(|p| token_matches(p, t)))
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

    /// The rule for an attribute kept from input, by lowercase name.
    #[inline]
    pub(crate) fn attribute(&self, name: &str) -> Option<&AttrRule> {
        self.attrs.iter().find(|a| &*a.name == name)
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
    /// `rel` value for `<a>` elements that keep a URL attribute.
    pub(super) link_rel: Option<(AllowedAttr, Box<str>)>,
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
