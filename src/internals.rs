//! Crate-private machinery, opened up for the test runners in `tests/`
//! (`html5lib_tokenizer.rs`, `tokenizer_diff.rs`). Hidden from the docs and
//! **not** part of the public API: anything here may change at any time.
#![doc(hidden)]

use crate::elements::ContentModel;
use crate::event::{CommentKind, Token, TreeEvent, TreeSink};
use crate::native::{self, Doctype, Sink, State};
use crate::policy::Facts;
#[cfg(feature = "_internals")]
use crate::tokenize::html5ever_backend::Tokenizer as Html5ever;
use crate::tokenize::Tokenize;
use crate::tree::TreeBuilder;

/// A pipeline `Token`, owned, so both tokenizers can be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnedToken {
    /// Lowercase name, attributes (name, value) in order, self-closing flag.
    StartTag {
        /// Lowercase name.
        name: String,
        /// (name, value) pairs, duplicates removed.
        attrs: Vec<(String, String)>,
        /// `<x/>`.
        self_closing: bool,
    },
    /// Lowercase name.
    EndTag(String),
    /// Text; adjacent text tokens are merged.
    Text(String),
    /// `"comment"`, `"pi"` or `"cdata"` (the `CommentKind`).
    Comment(&'static str),
    /// A DOCTYPE.
    Doctype,
    /// A tag cut off by the end of input, too long to give back as text.
    UnterminatedTag,
    /// In escape mode, markup too long to give back as text.
    Overlong,
}

fn push_owned(out: &mut Vec<OwnedToken>, token: Token<'_>) {
    let owned = match token {
        Token::Text(text) => {
            if let Some(OwnedToken::Text(last)) = out.last_mut() {
                last.push_str(text);
                return;
            }
            if text.is_empty() {
                return;
            }
            OwnedToken::Text(text.to_owned())
        }
        Token::StartTag(tag) => OwnedToken::StartTag {
            name: tag.name.to_owned(),
            attrs: tag
                .attrs
                .iter()
                .map(|a| (a.name.to_owned(), a.value.to_owned()))
                .collect(),
            self_closing: tag.self_closing,
        },
        Token::EndTag { name, .. } => OwnedToken::EndTag(name.to_owned()),
        Token::Comment(kind) => OwnedToken::Comment(match kind {
            CommentKind::Comment => "comment",
            CommentKind::ProcessingInstruction => "pi",
            CommentKind::CdataSection => "cdata",
        }),
        Token::Doctype => OwnedToken::Doctype,
        Token::UnterminatedTag => OwnedToken::UnterminatedTag,
        Token::Overlong => OwnedToken::Overlong,
    };
    out.push(owned);
}

/// A sink with a tree builder, as the pipeline's: it hands each token to
/// `inner` and answers the tokenizer's questions (the state after a start
/// tag, CDATA) from the tree builder, which sees the same tokens.
struct WithTree<F> {
    tree: TreeBuilder,
    inner: F,
}

/// The tree builder's events go nowhere here.
struct Nowhere;

impl TreeSink for Nowhere {
    fn event(&mut self, _: TreeEvent<'_>) {}

    fn facts(&mut self, name: &str) -> Facts {
        Facts::tables(name)
    }
}

impl<F: FnMut(Token<'_>)> Sink for WithTree<F> {
    fn token(&mut self, token: Token<'_>) {
        self.tree.token(token, &mut Nowhere);
        (self.inner)(token);
    }

    fn next_content(&mut self) -> ContentModel {
        self.tree.next_content()
    }

    fn in_foreign_content(&mut self) -> bool {
        self.tree.in_foreign_content()
    }

    fn wants_nul(&mut self) -> bool {
        self.tree.wants_nul()
    }
}

fn tokens_with<T: Tokenize>(chunks: &[&str], max_pending_tag_bytes: usize) -> Vec<OwnedToken> {
    let mut out = Vec::new();
    let limits = crate::Limits::default().with_max_pending_tag_bytes(max_pending_tag_bytes);
    let mut tokenizer = T::with_limits(&limits);
    let mut emit = WithTree {
        tree: TreeBuilder::new(limits.max_held_bytes),
        inner: |token: Token<'_>| push_owned(&mut out, token),
    };
    for chunk in chunks {
        tokenizer.feed(chunk, &mut emit);
    }
    tokenizer.finish(&mut emit);
    out
}

fn count_with<T: Tokenize>(input: &str) -> usize {
    let mut n = 0;
    let limits = crate::Limits::default();
    let mut tokenizer = T::with_limits(&limits);
    let mut emit = WithTree {
        tree: TreeBuilder::new(limits.max_held_bytes),
        inner: |_: Token<'_>| n += 1,
    };
    tokenizer.feed(input, &mut emit);
    tokenizer.finish(&mut emit);
    n
}

/// For `input` fed in one piece: how many tokens the tree builder saw, and
/// how many stack entries its `settle` step visited (after every token
/// while content is held) in all. Deterministic, so a test can bound the
/// work per token where a timing could only suggest it.
#[cfg(feature = "_internals")]
pub fn settle_steps(input: &str) -> (usize, u64) {
    let (tokens, tree) = tree_after(input);
    (tokens, tree.settle_steps())
}

/// For `input` fed in one piece: how many tokens the tree builder saw, and
/// how many stack entries it visited looking elements up in all: the
/// element an end tag without a rule of its own ends ("any other end tag",
/// in body and in foreign content), and "has an element in scope".
/// Deterministic, as [`settle_steps`].
#[cfg(feature = "_internals")]
pub fn lookup_steps(input: &str) -> (usize, u64) {
    let (tokens, tree) = tree_after(input);
    (tokens, tree.lookup_steps())
}

/// The tree builder after `input` fed in one piece, and how many tokens it
/// saw.
#[cfg(feature = "_internals")]
fn tree_after(input: &str) -> (usize, TreeBuilder) {
    let mut n = 0;
    let limits = crate::Limits::default();
    let mut tokenizer = <native::Tokenizer as Tokenize>::with_limits(&limits);
    let mut emit = WithTree {
        tree: TreeBuilder::new(limits.max_held_bytes),
        inner: |_: Token<'_>| n += 1,
    };
    Tokenize::feed(&mut tokenizer, input, &mut emit);
    Tokenize::finish(&mut tokenizer, &mut emit);
    let tree = emit.tree;
    (n, tree)
}

/// The native tokenizer's tokens for `chunks` fed in order, then the end.
pub fn native_tokens(chunks: &[&str], max_pending_tag_bytes: usize) -> Vec<OwnedToken> {
    tokens_with::<native::Tokenizer>(chunks, max_pending_tag_bytes)
}

/// Count the tokens of `input` fed in one piece, without keeping them (for
/// timing the native tokenizer alone).
pub fn native_count(input: &str) -> usize {
    count_with::<native::Tokenizer>(input)
}

/// The html5ever adapter's tokens for `chunks` fed in order, then the end.
#[cfg(feature = "_internals")]
pub fn html5ever_tokens(chunks: &[&str], max_pending_tag_bytes: usize) -> Vec<OwnedToken> {
    tokens_with::<Html5ever>(chunks, max_pending_tag_bytes)
}

/// As [`native_count`], with the html5ever adapter.
#[cfg(feature = "_internals")]
pub fn html5ever_count(input: &str) -> usize {
    count_with::<Html5ever>(input)
}

/// The whole sanitizer with html5ever's tokenizer in place of the native
/// one, for `chunks` fed in order: the output and the report.
#[cfg(feature = "_internals")]
pub fn clean_with_html5ever(policy: &crate::Policy, chunks: &[&str]) -> (String, crate::Report) {
    crate::pipeline::clean_chunks::<Html5ever>(policy, chunks)
}

/// The whole sanitizer with the native tokenizer (what [`crate::Sanitizer`]
/// uses), for `chunks` fed in order: the output and the report.
pub fn clean_with_native(policy: &crate::Policy, chunks: &[&str]) -> (String, crate::Report) {
    crate::pipeline::clean_chunks::<native::Tokenizer>(policy, chunks)
}

/// Feed `chunks` to one pipeline, taking the output after each, and return
/// the most bytes its buffers held after any chunk (the output buffer
/// included): the sanitizer's own memory, which must not grow with the
/// input.
#[cfg(feature = "_internals")]
pub fn peak_buffer_bytes<'c>(policy: &crate::Policy, chunks: impl IntoIterator<Item = &'c str>) -> usize {
    let mut pipeline = crate::pipeline::Pipeline::<native::Tokenizer>::new(policy.clone());
    let mut peak = 0;
    for chunk in chunks {
        if pipeline.feed(chunk).is_err() {
            break;
        }
        pipeline.output().clear();
        peak = peak.max(pipeline.buffered_bytes());
    }
    let _ = pipeline.finish();
    peak.max(pipeline.buffered_bytes())
}

/// An html5lib tokenizer test's initial state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitialState {
    /// "Data state"
    Data,
    /// "PLAINTEXT state"
    Plaintext,
    /// "RCDATA state"
    Rcdata,
    /// "RAWTEXT state"
    Rawtext,
    /// "Script data state"
    ScriptData,
    /// "CDATA section state"
    CdataSection,
}

/// A token as the html5lib tests spell it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecToken {
    /// `["StartTag", name, {attributes}, self_closing?]`
    StartTag {
        /// Lowercase name.
        name: String,
        /// (name, value) pairs in order.
        attrs: Vec<(String, String)>,
        /// `<x/>`.
        self_closing: bool,
    },
    /// `["EndTag", name]`
    EndTag(String),
    /// `["Character", data]`, merged.
    Character(String),
    /// `["Comment", data]`
    Comment(String),
    /// `["DOCTYPE", name, public_id, system_id, correctness]`
    Doctype {
        /// The name, if any.
        name: Option<String>,
        /// The public identifier, if any.
        public_id: Option<String>,
        /// The system identifier, if any.
        system_id: Option<String>,
        /// Not force-quirks.
        correct: bool,
    },
}

struct SpecSink(Vec<SpecToken>);

impl Sink for SpecSink {
    fn token(&mut self, token: Token<'_>) {
        let spec = match token {
            Token::Text(text) => {
                if let Some(SpecToken::Character(last)) = self.0.last_mut() {
                    last.push_str(text);
                    return;
                }
                if text.is_empty() {
                    return;
                }
                SpecToken::Character(text.to_owned())
            }
            Token::StartTag(tag) => SpecToken::StartTag {
                name: tag.name.to_owned(),
                attrs: tag
                    .attrs
                    .iter()
                    .map(|a| (a.name.to_owned(), a.value.to_owned()))
                    .collect(),
                self_closing: tag.self_closing,
            },
            Token::EndTag { name, .. } => SpecToken::EndTag(name.to_owned()),
            // Comments and DOCTYPEs arrive through the methods below.
            Token::Comment(_) | Token::Doctype | Token::UnterminatedTag | Token::Overlong => return,
        };
        self.0.push(spec);
    }

    fn comment(&mut self, _kind: CommentKind, data: &str) {
        self.0.push(SpecToken::Comment(data.to_owned()));
    }

    fn doctype(&mut self, doctype: &Doctype) {
        self.0.push(SpecToken::Doctype {
            name: doctype.name.clone(),
            public_id: doctype.public_id.clone(),
            system_id: doctype.system_id.clone(),
            correct: !doctype.force_quirks,
        });
    }
}

/// The native tokenizer as the standard's tokenizer (no tree builder,
/// comment data and DOCTYPE fields kept), starting in `initial`, with
/// `last_start_tag` as the last start tag emitted.
pub fn spec_tokens(chunks: &[&str], initial: InitialState, last_start_tag: Option<&str>) -> Vec<SpecToken> {
    let state = match initial {
        InitialState::Data => State::Data,
        InitialState::Plaintext => State::Plaintext,
        InitialState::Rcdata => State::Rcdata,
        InitialState::Rawtext => State::Rawtext,
        InitialState::ScriptData => State::ScriptData,
        InitialState::CdataSection => State::CdataSection,
    };
    let mut tokenizer = native::Tokenizer::spec(state, last_start_tag);
    let mut sink = SpecSink(Vec::new());
    for chunk in chunks {
        tokenizer.feed_sink(chunk, &mut sink);
    }
    tokenizer.finish_sink(&mut sink);
    sink.0
}
