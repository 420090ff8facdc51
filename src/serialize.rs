//! The serializer: the only code that writes output.
//!
//! # Safety argument
//!
//! Whatever the input was, the output is made of exactly three things, and
//! this module is the only place that produces any of them:
//!
//! 1. **Start and end tags of allowlisted elements.** The element and
//!    attribute names come from the policy's own tables, through the
//!    [`AllowedTag`], `AllowedAttr` and `AllowedPrefix` capabilities that only
//!    the policy can mint (their field is private to `src/policy/`, and
//!    only `PolicyBuilder::build` makes them), and `build` admits only plain
//!    ASCII names (`[a-z][a-z0-9-]*`) of elements that parse as ordinary
//!    elements and attributes that cannot run script (the rules in
//!    `src/policy/rules.rs`). The one part of a name that comes from the
//!    input, the rest of an attribute name after an allowed prefix such as
//!    `data-`, is written only when this module finds it plain
//!    (`[a-z0-9-]+`): the written name is then the prefix and plain
//!    characters, which no parser reads as anything but that one name.
//! 2. **Attribute values**, always double-quoted and escaped with
//!    [`escape::attribute`], so a value can neither end its quotes nor the
//!    tag. Which values reach here is the filter's business (URL schemes,
//!    dates); that a value cannot break out of its attribute is this
//!    module's.
//! 3. **Text**, escaped with [`escape::text`], so it can never start a tag,
//!    comment or character reference, in any HTML parser.
//!
//! A streaming writer may have long text written to its destination
//! straight from the input chunk instead of through the buffer
//! ([`Serializer::pass_through`]): only a run that [`escape::text`] would
//! copy unchanged (its verbatim prefix), so the bytes written are the same
//! escaped text either way; the buffer records where the run goes.
//!
//! None of the kept elements switch a parser into a raw-text, RCDATA or
//! foreign-content state, so a browser reads this output as the same
//! elements, attributes and text: there is no parser state in which the
//! escaped text could mean markup. The balancer writes tags well nested,
//! and a start tag only where a parser opens it as a child of the current
//! element, so the parser's error recovery never runs either, and the tree
//! it builds is the one the tags spell.
//!
//! Everything before this stage (tokenizer, tree builder, filter, balancer)
//! decides *what*
//! survives; a bug there can drop or keep the wrong allowlisted thing, but it
//! cannot make this module write a tag or attribute that is not on the
//! allowlist.

use crate::escape;
use crate::policy::{AllowedTag, AttrName, PolicyInner};

/// Writes allowlisted markup and escaped text into a buffer.
#[derive(Debug, Default)]
pub(crate) struct Serializer {
    out: String,
    /// While a streaming writer's chunk is sanitized, its address range:
    /// escaped text that lies in it is passed through, not copied.
    chunk: Option<(usize, usize)>,
    /// Runs of the chunk passed through, in output order.
    passed: Vec<Passed>,
}

/// A run of the input chunk that belongs in the output, as it is, where the
/// buffer has reached `at`: bytes `start..end` of the chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Passed {
    pub(crate) at: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// The shortest run passed through: below it a copy costs less than a
/// separate write to the destination.
const PASS_MIN: usize = 512;

fn is_plain_name(name: &str) -> bool {
    name.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl Serializer {
    /// TCB: writes `<name attr="escaped">` from the policy's name tables.
    /// The rest of a prefixed name comes from the input: it is written only
    /// when it is plain (`[a-z0-9-]+`), checked here, whatever the filter
    /// did.
    pub(crate) fn start_tag<'v>(
        &mut self,
        policy: &PolicyInner,
        tag: AllowedTag,
        attrs: impl IntoIterator<Item = (AttrName<'v>, &'v str)>,
    ) {
        // `<name` and ` name="` are spelled once, by the policy, from the
        // validated names.
        let rule = policy.rule(tag);
        debug_assert!(is_plain_name(rule.name()) && rule.open().strip_prefix('<') == Some(rule.name()));
        self.out.push_str(rule.open());
        for (name, value) in attrs {
            match name {
                AttrName::Fixed(attr) => {
                    let prefix = policy.attr_prefix(attr);
                    debug_assert!(
                        prefix.strip_prefix(' ').and_then(|p| p.strip_suffix("=\"")) == Some(policy.attr_name(attr))
                    );
                    debug_assert!(is_plain_name(policy.attr_name(attr)));
                    self.out.push_str(prefix);
                }
                AttrName::Prefixed(prefix, rest) => {
                    if rest.is_empty() || !is_plain_name(rest) {
                        continue;
                    }
                    self.out.push_str(policy.prefix_spelling(prefix));
                    self.out.push_str(rest);
                    self.out.push_str("=\"");
                }
            }
            escape::attribute(value, &mut self.out);
            self.out.push('"');
        }
        self.out.push('>');
    }

    /// TCB: writes `</name>` from the policy's name table.
    pub(crate) fn end_tag(&mut self, policy: &PolicyInner, tag: AllowedTag) {
        let close = policy.rule(tag).close();
        debug_assert!(close.strip_prefix("</").and_then(|c| c.strip_suffix('>')) == Some(policy.tag_name(tag)));
        self.out.push_str(close);
    }

    /// TCB: writes escaped text. Under [`pass_through`](Self::pass_through),
    /// a long verbatim prefix of text that lies in the chunk is recorded as
    /// a [`Passed`] run instead of copied: it is the same bytes
    /// [`escape::text`] would write.
    #[inline]
    pub(crate) fn text(&mut self, text: &str) {
        if let Some((base, len)) = self.chunk {
            let start = (text.as_ptr() as usize).wrapping_sub(base);
            if text.len() >= PASS_MIN && start < len && len - start >= text.len() {
                let verbatim = escape::verbatim_prefix(text);
                if verbatim >= PASS_MIN {
                    self.passed.push(Passed {
                        at: self.out.len(),
                        start,
                        end: start + verbatim,
                    });
                    escape::text(text.get(verbatim..).unwrap_or_default(), &mut self.out);
                    return;
                }
            }
        }
        escape::text(text, &mut self.out);
    }

    /// Pass long verbatim text of `chunk` through (`Some`), or copy all
    /// text into the buffer again (`None`). The runs passed are offsets
    /// into `chunk`, to be written with it before the next chunk.
    pub(crate) fn pass_through(&mut self, chunk: Option<&str>) {
        self.chunk = chunk.map(|c| (c.as_ptr() as usize, c.len()));
    }

    /// The buffer and the runs passed through since it was last taken.
    pub(crate) fn parts(&mut self) -> (&mut String, &mut Vec<Passed>) {
        (&mut self.out, &mut self.passed)
    }

    /// The output written so far and not yet taken.
    pub(crate) fn buffer(&mut self) -> &mut String {
        &mut self.out
    }

    /// Bytes held for reuse.
    pub(crate) fn capacity(&self) -> usize {
        self.out.capacity() + self.passed.capacity() * std::mem::size_of::<Passed>()
    }
}
