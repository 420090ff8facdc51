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
//! tree builder switches it to RCDATA. [`TreeSim`] does that switching from
//! [`elements::info`](crate::elements::info), exactly as the
//! html5ever adapter's sink (`src/tokenize/html5ever_backend.rs`) does, including its tracking
//! of SVG/MathML foreign content, which is also what decides whether
//! `<![CDATA[` opens a CDATA section.
//!
//! # Two flavors
//!
//! [`Flavor::Sanitizer`] is what the pipeline uses, and it adds the
//! behaviours of `src/tokenize/html5ever_backend.rs` on top of the standard: a tag left
//! unterminated at the end of the input is given back as text (its source
//! from the `<`, or [`Token::UnterminatedTag`] past
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

mod char_ref;
mod doctype;
mod eof;
mod fast;
mod machine;
mod markup;
mod script;
mod states;
mod tag;

use crate::elements::{self, ContentModel};
use crate::event::{CommentKind, Token};
use crate::policy::Facts;

use self::machine::Machine;
pub(crate) use self::states::State;

/// Bounds on the token being read. Input past a cap is not kept: names and
/// attribute values are truncated (at a character boundary) and counted in
/// [`Tokenizer::truncations`]; attributes past `max_attrs` are dropped.
///
/// Every cap is far above what the filter keeps (see
/// [`Limits`](crate::Limits)), so a truncated value is still long enough for
/// the filter to refuse it as too long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Caps {
    /// Source bytes of a tag kept to give an unterminated tag back as text.
    ///
    /// ### Default
    /// 65,536, as [`Limits::max_pending_tag_bytes`](crate::Limits::max_pending_tag_bytes).
    pub(crate) max_pending_tag_bytes: usize,
    /// Bytes of a tag or attribute name.
    ///
    /// ### Default
    /// 1,024: the longest standard name is 25 bytes.
    pub(crate) max_name_bytes: usize,
    /// Bytes of one attribute value, after character references are decoded.
    ///
    /// ### Default
    /// 65,536: thirty times the longest URL the default policy keeps.
    pub(crate) max_attr_value_bytes: usize,
    /// Bytes of all attribute names and values of one tag together.
    ///
    /// ### Default
    /// 262,144.
    pub(crate) max_tag_bytes: usize,
    /// Attributes kept on one tag.
    ///
    /// ### Default
    /// 1,024, four times the filter's default
    /// [`Limits::max_attributes_per_tag`](crate::Limits::max_attributes_per_tag).
    pub(crate) max_attrs: usize,
}

impl Default for Caps {
    fn default() -> Caps {
        Caps {
            max_pending_tag_bytes: 64 * 1024,
            max_name_bytes: 1024,
            max_attr_value_bytes: 64 * 1024,
            max_tag_bytes: 256 * 1024,
            max_attrs: 1024,
        }
    }
}

/// Which tokenizer: the pipeline's, or the standard's (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    Sanitizer,
    Spec,
}

/// A DOCTYPE token's fields, kept only in [`Flavor::Spec`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Doctype {
    pub(crate) name: Option<String>,
    pub(crate) public_id: Option<String>,
    pub(crate) system_id: Option<String>,
    pub(crate) force_quirks: bool,
}

/// Where tokens go. The pipeline passes a closure; the conformance runner
/// also wants comment data and DOCTYPE fields.
pub(crate) trait Sink {
    fn token(&mut self, token: Token<'_>);

    /// A comment; `data` is complete only in [`Flavor::Spec`] (otherwise it
    /// is the first few bytes, enough for the [`CommentKind`]).
    fn comment(&mut self, kind: CommentKind, data: &str) {
        let _ = data;
        self.token(Token::Comment(kind));
    }

    /// A DOCTYPE; its fields are kept only in [`Flavor::Spec`].
    fn doctype(&mut self, doctype: &Doctype) {
        let _ = doctype;
        self.token(Token::Doctype);
    }

    /// The [`Facts`] of a tag name, for its token: the sink that holds a
    /// policy answers with it, in one lookup. Without one, the element
    /// tables' answer.
    fn facts(&mut self, name: &str) -> Facts {
        Facts::tables(name)
    }

    /// Asked once the name of a start tag is read, before its attributes
    /// (`facts` are the name's): whether the sink will look at them. If
    /// not, the tokenizer still reads them (the syntax is the same) but
    /// keeps none, which spares a removed element's attributes the copying,
    /// lowercasing and de-duplication.
    fn wants_attributes(&mut self, facts: &Facts) -> bool {
        let _ = facts;
        true
    }
}

/// A closure as a [`Sink`].
#[cfg(any(test, feature = "_internals"))]
pub(crate) struct FnSink<F>(pub(crate) F);

#[cfg(any(test, feature = "_internals"))]
impl<F: FnMut(Token<'_>)> Sink for FnSink<F> {
    #[inline]
    fn token(&mut self, token: Token<'_>) {
        (self.0)(token)
    }
}

/// The tree builder's part in tokenizing: which start tags switch the
/// tokenizer to RCDATA, RAWTEXT, script data or PLAINTEXT, and whether the
/// adjusted current node is in foreign content (for `<![CDATA[`). The same
/// rules as the html5ever adapter's sink in `src/tokenize/html5ever_backend.rs`, whose module
/// docs say which tree-construction cases are left undecided and why that is
/// safe.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TreeSim {
    /// Off in [`Flavor::Spec`]: the html5lib tests have no tree builder.
    enabled: bool,
    /// Foreign content: the root (`svg` is true, `math` false) and its
    /// nesting depth.
    foreign: Option<(bool, u32)>,
}

impl TreeSim {
    /// The pipeline's: on, outside foreign content.
    const SANITIZER: TreeSim = TreeSim {
        enabled: true,
        foreign: None,
    };

    fn track_foreign(&mut self, name: &str, root: bool, start: bool, self_closing: bool) {
        if !root && self.foreign.is_none() {
            return;
        }
        let is_svg = name == "svg";
        self.foreign = match (self.foreign, start) {
            (None, true) if root && !self_closing => Some((is_svg, 1)),
            (Some((svg, depth)), true) if svg == is_svg && root && !self_closing => Some((svg, depth + 1)),
            (Some((svg, depth)), false) if svg == is_svg && root => (depth > 1).then_some((svg, depth - 1)),
            (state, _) => state,
        };
    }

    /// A start tag was emitted (`info` is [`elements::info`] of its name):
    /// the state the tokenizer continues in.
    pub(crate) fn start_tag(&mut self, name: &str, info: elements::Info, self_closing: bool) -> State {
        if !self.enabled {
            return State::Data;
        }
        let in_foreign = self.foreign.is_some();
        self.track_foreign(name, info.foreign_root, true, self_closing);
        if in_foreign {
            return State::Data;
        }
        match info.content {
            ContentModel::Markup => State::Data,
            ContentModel::Rcdata => State::Rcdata,
            ContentModel::Rawtext => State::Rawtext,
            ContentModel::ScriptData => State::ScriptData,
            ContentModel::Plaintext => State::Plaintext,
        }
    }

    /// An end tag was emitted.
    pub(crate) fn end_tag(&mut self, name: &str, info: elements::Info) {
        if self.enabled && self.foreign.is_some() {
            self.track_foreign(name, info.foreign_root, false, false);
        }
    }

    /// "adjusted current node is not an element in the HTML namespace".
    pub(crate) fn in_foreign_content(&self) -> bool {
        self.foreign.is_some()
    }
}

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
        Tokenizer::build(Machine::new(Flavor::Sanitizer, caps, TreeSim::SANITIZER, State::Data))
    }

    /// Back to the state of [`with_caps`](Self::with_caps), keeping the
    /// buffers' allocations.
    pub(crate) fn reset(&mut self, caps: Caps) {
        self.machine.recycle(caps, TreeSim::SANITIZER);
        self.after_cr = false;
        self.at_start = true;
        self.scratch.clear();
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
        let tree = TreeSim {
            enabled: false,
            foreign: None,
        };
        let mut machine = Machine::new(Flavor::Spec, Caps::default(), tree, initial);
        machine.set_last_start_tag(last_start_tag.unwrap_or(""));
        Tokenizer::build(machine)
    }

    fn build(machine: Machine) -> Tokenizer {
        Tokenizer {
            machine,
            after_cr: false,
            at_start: true,
            scratch: String::new(),
        }
    }

    /// Tokenize a chunk, handing every complete token to `emit`.
    #[cfg(test)]
    pub(crate) fn feed(&mut self, chunk: &str, emit: &mut impl FnMut(Token<'_>)) {
        self.feed_sink(chunk, &mut FnSink(emit));
    }

    /// End of input: flush everything, giving a pending tag back as text.
    #[cfg(test)]
    pub(crate) fn finish(&mut self, emit: &mut impl FnMut(Token<'_>)) {
        self.finish_sink(&mut FnSink(emit));
    }

    pub(crate) fn feed_sink(&mut self, chunk: &str, sink: &mut impl Sink) {
        let mut chunk = chunk;
        if self.at_start && !chunk.is_empty() {
            self.at_start = false;
            if self.machine.flavor == Flavor::Sanitizer {
                chunk = chunk.strip_prefix('\u{FEFF}').unwrap_or(chunk);
            }
        }
        let input = preprocess(chunk, &mut self.after_cr, &mut self.scratch);
        self.machine.run(input, sink);
    }

    pub(crate) fn finish_sink(&mut self, sink: &mut impl Sink) {
        self.machine.eof(sink);
        self.after_cr = false;
        self.at_start = true;
    }

    /// How many names and attribute values were truncated, and attributes
    /// dropped, because of a [`Caps`] bound.
    // For the pipeline to report once this tokenizer is wired in; the unit
    // tests read it now.
    #[allow(dead_code)]
    pub(crate) fn truncations(&self) -> u64 {
        self.machine.truncations
    }
}

/// "Preprocessing the input stream": CR LF and lone CR become LF. A chunk
/// with no CR is passed through borrowed; `after_cr` carries a CR at the end
/// of one chunk over to a LF at the start of the next.
fn preprocess<'c>(chunk: &'c str, after_cr: &mut bool, scratch: &'c mut String) -> &'c str {
    let mut chunk = chunk;
    if *after_cr && !chunk.is_empty() {
        *after_cr = false;
        chunk = chunk.strip_prefix('\n').unwrap_or(chunk);
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
        rest = rest.strip_prefix('\n').unwrap_or(rest);
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
