//! A native streaming HTML tokenizer, written for what a sanitizer meets.
//!
//! # Why not html5ever's tokenizer
//!
//! html5ever reads one character at a time through a `BufferQueue` of
//! reference-counted tendrils, interns every tag and attribute name as an
//! atom, and talks to its sink through a `&self` API. For a sanitizer that
//! mostly sees plain text and short inline tags, that is most of the cost.
//! This tokenizer works on the bytes of each `&str` chunk, skips text with
//! `memchr`, and hands plain text runs to the sink as slices of the chunk:
//! text that needs no change is never copied.
//!
//! # What it implements
//!
//! The tokenization states of the WHATWG standard
//! (<https://html.spec.whatwg.org/multipage/parsing.html#tokenization>),
//! named as the standard names them ([`State`]; every state's code carries a
//! `//§ state-name` marker): data, RCDATA, RAWTEXT, script data with its
//! escaped and double-escaped states, PLAINTEXT, tags and attributes,
//! comments, DOCTYPE, bogus comments, CDATA sections (only in foreign
//! content), and character references in text and attribute values. The
//! input stream is preprocessed as the standard says (CR and CRLF become LF,
//! also across chunk boundaries). Parse errors are not reported: a
//! sanitizer has no use for them.
//!
//! # The tree builder's part
//!
//! A tokenizer alone stays in the data state after `<textarea>`; a browser's
//! tree builder switches it to RCDATA. The sink does that here: after each
//! start tag the tokenizer asks it for the next content model
//! ([`Sink::next_content`]), and at `<![CDATA[` whether the current node
//! is in foreign content ([`Sink::in_foreign_content`]). The pipeline's
//! sink answers from the tree stage (`src/tree/`), the tree builder's
//! simulation.
//!
//! # Two flavors
//!
//! [`Flavor::Sanitizer`] is what the pipeline uses, and it adds the
//! behaviours of `src/tokenize/html5ever_backend.rs` on top of the
//! standard: a tag left unterminated at the end of the input is given back
//! as text (its source from the `<`, or
//! [`Token::UnterminatedTag`](crate::event::Token::UnterminatedTag) past
//! [`Caps::max_pending_tag_bytes`]); a NUL in the data state is dropped (the
//! "in body" insertion mode ignores it); only the U+FEFF at the very start of
//! the input is dropped; comment data and DOCTYPE fields are not kept. In
//! [`Flavor::Spec`] it is the standard's tokenizer, with no tree builder,
//! keeping comment data and DOCTYPE fields for the html5lib conformance
//! runner (`tests/html5lib_tokenizer.rs`).
//!
//! # Streaming and memory
//!
//! Chunks may be split anywhere: inside a tag, an attribute value, a
//! character reference, a comment, a `</script` end tag, or a CRLF pair. The
//! tokens are the same, after adjacent text tokens are merged, however the
//! input was split (the html5lib runner and `tests/tokenizer_diff.rs` check
//! this). Between chunks the tokenizer keeps only the state and the token
//! being read, and every buffer has a cap ([`Caps`]), so memory does not grow
//! with the input.
//!
//! # Files
//!
//! [`Machine`] (`machine.rs`) holds the state and the buffers, and runs the
//! dispatch loop and the text states. Every other family of states is an
//! `impl Machine` block in a file of its own: `tag.rs`, `char_ref.rs`,
//! `markup.rs` (comments and CDATA), `doctype.rs`, `script.rs`, `eof.rs`
//! (the end of input) and `fast.rs` (whole simple constructs in one go).
//! What they share is in leaf files, which import nothing from here but
//! [`State`] (`states.rs`, itself a leaf): the interface types
//! (`interface.rs`), byte helpers (`bytes.rs`), the buffers of the token
//! being read (`tag_buf.rs`, `char_ref_buf.rs`), the references decoded on
//! sight (`common_refs.rs`). A
//! state file imports only `machine.rs` and leaves, never another state
//! file, so it can be read with just those beside it (its methods may still
//! call those of other state files: they are all methods of one
//! [`Machine`]).

mod bytes;
mod char_ref;
mod char_ref_buf;
mod common_refs;
mod doctype;
mod eof;
mod fast;
mod interface;
mod machine;
mod markup;
mod script;
mod states;
mod tag;
mod tag_buf;

#[cfg(test)]
use crate::event::Token;

#[cfg(feature = "_internals")]
pub(crate) use self::interface::Doctype;
pub(crate) use self::interface::{Caps, Flavor, Sink};
use self::machine::{Machine, Offsets};
pub(crate) use self::states::State;

/// The native tokenizer, with the same interface as
/// `crate::tokenize::html5ever_backend::Tokenizer`.
pub(crate) struct Tokenizer {
    machine: Machine,
    /// The last chunk ended with CR: a LF starting the next one is dropped.
    after_cr: bool,
    /// No non-empty chunk has been fed yet (for the byte-order mark).
    at_start: bool,
    /// Reused buffer for chunks that contain a CR.
    scratch: String,
    /// Bytes of input before the current chunk, as the caller fed them.
    fed: u64,
}

impl Tokenizer {
    #[cfg(test)]
    pub(crate) fn new(max_pending_tag_bytes: usize) -> Tokenizer {
        Tokenizer::with_caps(Caps {
            max_pending_tag_bytes,
            ..Caps::default()
        })
    }

    pub(crate) fn with_caps(caps: Caps) -> Tokenizer {
        Tokenizer::build(Machine::new(Flavor::Sanitizer, caps, State::Data))
    }

    /// Back to the state of [`with_caps`](Self::with_caps), keeping the
    /// buffers' allocations.
    pub(crate) fn reset(&mut self, caps: Caps) {
        self.machine.recycle(caps);
        self.after_cr = false;
        self.at_start = true;
        self.scratch.clear();
        self.fed = 0;
    }

    /// Bytes held in buffers.
    pub(crate) fn capacity(&self) -> usize {
        self.machine.capacity() + self.scratch.capacity()
    }

    /// The standard's tokenizer with no tree builder, starting in `initial`
    /// with `last_start_tag` as the last start tag emitted (for the
    /// html5lib tests).
    #[cfg(feature = "_internals")]
    pub(crate) fn spec(initial: State, last_start_tag: Option<&str>) -> Tokenizer {
        let mut machine = Machine::new(Flavor::Spec, Caps::default(), initial);
        machine.set_last_start_tag(last_start_tag.unwrap_or(""));
        Tokenizer::build(machine)
    }

    fn build(machine: Machine) -> Tokenizer {
        Tokenizer {
            machine,
            after_cr: false,
            at_start: true,
            scratch: String::new(),
            fed: 0,
        }
    }

    /// Tokenize a chunk, handing every complete token to `emit`.
    #[cfg(test)]
    pub(crate) fn feed(&mut self, chunk: &str, emit: &mut impl FnMut(Token<'_>)) {
        self.feed_sink(chunk, &mut interface::FnSink(emit));
    }

    pub(crate) fn feed_sink(&mut self, chunk: &str, sink: &mut impl Sink) {
        let whole = chunk.len();
        let mut chunk = chunk;
        if self.at_start && !chunk.is_empty() {
            self.at_start = false;
            if self.machine.flavor == Flavor::Sanitizer {
                chunk = chunk.strip_prefix('\u{FEFF}').unwrap_or(chunk);
            }
        }
        let mut offsets = Offsets {
            base: self.fed + (whole - chunk.len()) as u64,
            dropped: std::mem::take(&mut self.machine.offsets.dropped),
        };
        offsets.dropped.clear();
        let input = preprocess(chunk, &mut self.after_cr, &mut self.scratch, &mut offsets);
        self.machine.offsets = offsets;
        self.machine.run(input, sink);
        self.fed += whole as u64;
    }

    pub(crate) fn finish_sink(&mut self, sink: &mut impl Sink) {
        self.machine.eof(sink);
        self.after_cr = false;
        self.at_start = true;
    }

    /// How many names and attribute values were truncated, and attributes
    /// dropped, because of a [`Caps`] bound. Only the unit tests read it;
    /// the pipeline has no use for it, since a cap cuts only what is far
    /// past what the filter keeps, and the filter reports what it refuses.
    #[cfg(test)]
    pub(crate) fn truncations(&self) -> u64 {
        self.machine.truncations
    }
}

/// "Preprocessing the input stream": CR LF and lone CR become LF. A chunk
/// with no CR is passed through borrowed; `after_cr` carries a CR at the end
/// of one chunk over to a LF at the start of the next. Every byte dropped
/// is noted in `offsets`, so positions in the result map back to the input.
fn preprocess<'c>(chunk: &'c str, after_cr: &mut bool, scratch: &'c mut String, offsets: &mut Offsets) -> &'c str {
    let mut chunk = chunk;
    if *after_cr && !chunk.is_empty() {
        *after_cr = false;
        if let Some(rest) = chunk.strip_prefix('\n') {
            chunk = rest;
            offsets.base += 1;
        }
    }
    let Some(first) = memchr::memchr(b'\r', chunk.as_bytes()) else {
        return chunk;
    };
    let out = scratch;
    out.clear();
    out.reserve(chunk.len());
    let mut rest = chunk;
    let mut at = first;
    loop {
        out.push_str(&rest[..at]);
        out.push('\n');
        rest = &rest[at + 1..];
        if rest.is_empty() {
            *after_cr = true;
            break;
        }
        if let Some(after) = rest.strip_prefix('\n') {
            rest = after;
            offsets.dropped.push(out.len());
        }
        match memchr::memchr(b'\r', rest.as_bytes()) {
            Some(next) => at = next,
            None => {
                out.push_str(rest);
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
