//! The tokenizer stage, behind one trait so that a backend can be replaced
//! without touching the later stages.
//!
//! Two backends produce the same [`Token`] stream (the whole sanitizer's
//! output is required to be byte-identical with either; see
//! `tests/backends.rs` and `tests/tokenizer_diff.rs`):
//!
//! * [`crate::native::Tokenizer`], the default: our own streaming tokenizer,
//!   with spec-named states, memchr text skipping and capped tokens, so
//!   memory does not grow with the input;
//! * [`html5ever_backend::Tokenizer`] (feature `html5ever-tokenizer`):
//!   html5ever's tokenizer with an adapter, kept as a reference
//!   implementation to test the native one against.
//!
//! Both switch into RAWTEXT, RCDATA, script data and PLAINTEXT where a
//! browser's tree builder would, track foreign content for CDATA, drop only
//! the input's first byte-order mark, and give a tag cut off by the end of
//! the input back as text.

#[cfg(feature = "_internals")]
pub(crate) mod html5ever_backend;

#[cfg(feature = "_internals")]
use crate::event::Token;
pub(crate) use crate::native::Sink;
use crate::policy::Limits;

/// A tokenizer backend: input chunks in, [`Token`]s out, as soon as each is
/// complete.
pub(crate) trait Tokenize {
    /// A tokenizer whose buffers respect `limits`.
    fn with_limits(limits: &Limits) -> Self;

    /// Back to the state of [`with_limits`](Self::with_limits) for a new
    /// input; a backend may keep its buffers' allocations.
    fn reset(&mut self, limits: &Limits);

    /// Bytes the backend holds in buffers kept between inputs.
    fn capacity(&self) -> usize;

    /// Tokenize a chunk, handing every complete token to `sink`.
    fn feed(&mut self, chunk: &str, sink: &mut impl Sink);

    /// End of input: flush everything, giving a pending tag back as text.
    fn finish(&mut self, sink: &mut impl Sink);
}

/// The native tokenizer's caps for `limits`.
fn native_caps(limits: &Limits) -> crate::native::Caps {
    crate::native::Caps {
        max_pending_tag_bytes: limits.max_pending_tag_bytes,
        max_tag_bytes: limits.max_tag_bytes,
        max_attr_value_bytes: (limits.max_tag_bytes / 4)
            .max(limits.max_url_len)
            .max(limits.max_attr_value_len)
            + 1,
        max_attrs: limits.max_attributes_per_tag.max(1024),
        ..crate::native::Caps::default()
    }
}

impl Tokenize for crate::native::Tokenizer {
    fn with_limits(limits: &Limits) -> Self {
        crate::native::Tokenizer::with_caps(native_caps(limits))
    }

    fn reset(&mut self, limits: &Limits) {
        crate::native::Tokenizer::reset(self, native_caps(limits))
    }

    fn capacity(&self) -> usize {
        crate::native::Tokenizer::capacity(self)
    }

    fn feed(&mut self, chunk: &str, sink: &mut impl Sink) {
        crate::native::Tokenizer::feed_sink(self, chunk, sink)
    }

    fn finish(&mut self, sink: &mut impl Sink) {
        crate::native::Tokenizer::finish_sink(self, sink)
    }
}

#[cfg(feature = "_internals")]
impl Tokenize for html5ever_backend::Tokenizer {
    /// html5ever keeps whole tokens; the adapter applies the pending-tag
    /// cap and marks the attributes the native tokenizer would cut.
    fn with_limits(limits: &Limits) -> Self {
        let caps = native_caps(limits);
        html5ever_backend::Tokenizer::new(limits.max_pending_tag_bytes).with_attr_caps(
            caps.max_name_bytes,
            caps.max_attr_value_bytes,
            caps.max_tag_bytes,
        )
    }

    fn reset(&mut self, limits: &Limits) {
        *self = Self::with_limits(limits);
    }

    fn capacity(&self) -> usize {
        0
    }

    /// html5ever keeps every attribute; `wants_attributes` is not asked.
    fn feed(&mut self, chunk: &str, sink: &mut impl Sink) {
        html5ever_backend::Tokenizer::feed(self, chunk, &mut |token: Token<'_>| {
            let token = with_facts(token, sink);
            sink.token(token)
        })
    }

    fn finish(&mut self, sink: &mut impl Sink) {
        html5ever_backend::Tokenizer::finish(self, &mut |token: Token<'_>| {
            let token = with_facts(token, sink);
            sink.token(token)
        })
    }
}

/// `token` with the facts of its tag name as `sink` gives them (the
/// html5ever adapter fills in the element tables' facts only).
#[cfg(feature = "_internals")]
fn with_facts<'t>(token: Token<'t>, sink: &mut impl Sink) -> Token<'t> {
    match token {
        Token::StartTag(tag) => Token::StartTag(crate::event::StartTag {
            facts: sink.facts(tag.name),
            ..tag
        }),
        Token::EndTag { name, .. } => Token::EndTag {
            name,
            facts: sink.facts(name),
        },
        other => other,
    }
}
