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

#[cfg(feature = "html5ever-tokenizer")]
pub(crate) mod html5ever_backend;

use crate::event::Token;

/// A tokenizer backend: input chunks in, [`Token`]s out, as soon as each is
/// complete.
pub(crate) trait Tokenize {
    /// A tokenizer whose pending-tag buffer holds at most this many bytes.
    fn with_pending_cap(max_pending_tag_bytes: usize) -> Self;

    /// Tokenize a chunk, handing every complete token to `emit`.
    fn feed(&mut self, chunk: &str, emit: &mut impl FnMut(Token<'_>));

    /// End of input: flush everything, giving a pending tag back as text.
    fn finish(&mut self, emit: &mut impl FnMut(Token<'_>));
}

impl Tokenize for crate::native::Tokenizer {
    fn with_pending_cap(max_pending_tag_bytes: usize) -> Self {
        crate::native::Tokenizer::new(max_pending_tag_bytes)
    }

    fn feed(&mut self, chunk: &str, emit: &mut impl FnMut(Token<'_>)) {
        crate::native::Tokenizer::feed(self, chunk, emit)
    }

    fn finish(&mut self, emit: &mut impl FnMut(Token<'_>)) {
        crate::native::Tokenizer::finish(self, emit)
    }
}

#[cfg(feature = "html5ever-tokenizer")]
impl Tokenize for html5ever_backend::Tokenizer {
    fn with_pending_cap(max_pending_tag_bytes: usize) -> Self {
        html5ever_backend::Tokenizer::new(max_pending_tag_bytes)
    }

    fn feed(&mut self, chunk: &str, emit: &mut impl FnMut(Token<'_>)) {
        html5ever_backend::Tokenizer::feed(self, chunk, emit)
    }

    fn finish(&mut self, emit: &mut impl FnMut(Token<'_>)) {
        html5ever_backend::Tokenizer::finish(self, emit)
    }
}
