//! The pipeline: wires tokenize -> tree -> filter -> balance -> serialize.
//!
//! [`Pipeline`] owns one instance of every stage and passes each token
//! through them as soon as the tokenizer reports it, so output is decided
//! token by token and memory holds only the stages' own state (the
//! open-element stack, the tag being read) plus output not yet handed on.
//!
//! Long input goes to the tokenizer in blocks of about 16 KiB, cut before a
//! tag ([`block_end`]), so that the later stages' passes over the same text
//! read from the first-level cache. A thread keeps the stages of its last
//! one-shot run ([`Pipeline::reusing`], [`Pipeline::recycle`]) for their
//! buffers, while they are small.

use std::borrow::Cow;
use std::cell::Cell;

use crate::balance::Balancer;
use crate::elements::ContentModel;
use crate::error::ErrorKind;
use crate::event::{Token, TreeEvent, TreeSink};
use crate::filter::Filter;
use crate::native;
use crate::policy::{Disallowed, Facts, PolicyInner};
use crate::policy::{Limits, Policy};
use crate::report::Report;
use crate::serialize::{Passed, Serializer};
use crate::tokenize::{Sink, Tokenize};
use crate::tree::TreeBuilder;

/// The stages, without a policy: what a thread keeps between runs.
struct Stages<T: Tokenize> {
    tokenizer: T,
    tree: TreeBuilder,
    rest: AfterTree,
}

/// The stages after the tree builder, which receive its events.
struct AfterTree {
    filter: Filter,
    balancer: Balancer,
    out: Serializer,
}

/// Where the tokenizer's tokens go: the tree builder, which hands its
/// events to the rest ([`Downstream`]) and tells the tokenizer what it
/// reads next.
struct StageSink<'a> {
    policy: &'a PolicyInner,
    report: &'a mut Report,
    tree: &'a mut TreeBuilder,
    rest: &'a mut AfterTree,
}

/// Where the tree builder's events go: filter, then balance, then
/// serialize.
struct Downstream<'a> {
    policy: &'a PolicyInner,
    report: &'a mut Report,
    rest: &'a mut AfterTree,
}

impl TreeSink for Downstream<'_> {
    #[inline]
    fn event(&mut self, event: TreeEvent<'_>) {
        let AfterTree { filter, balancer, out } = &mut *self.rest;
        if balancer.halted().is_none() {
            let policy = self.policy;
            filter.event(policy, event, self.report, &mut |clean, report| {
                balancer.event(policy, clean, out, report)
            })
        }
    }

    #[inline]
    fn facts(&mut self, name: &str) -> Facts {
        self.policy.facts(name)
    }
}

impl Sink for StageSink<'_> {
    #[inline]
    fn token(&mut self, token: Token<'_>) {
        let mut downstream = Downstream {
            policy: self.policy,
            report: self.report,
            rest: self.rest,
        };
        self.tree.token(token, &mut downstream);
    }

    #[inline]
    fn facts(&mut self, name: &str) -> Facts {
        self.policy.facts(name)
    }

    #[inline]
    fn wants_attributes(&mut self, facts: &Facts) -> bool {
        facts.kept.is_some() || TreeBuilder::wants_attributes(facts)
    }

    #[inline]
    fn next_content(&mut self) -> ContentModel {
        self.tree.next_content()
    }

    #[inline]
    fn position(&mut self, offset: u64) {
        self.report.at(offset);
    }

    #[inline]
    fn escapes(&mut self) -> bool {
        self.policy.disallowed() == Disallowed::Escape
    }

    #[inline]
    fn in_foreign_content(&mut self) -> bool {
        self.tree.in_foreign_content()
    }

    fn wants_nul(&mut self) -> bool {
        self.tree.wants_nul()
    }
}

impl<T: Tokenize> Stages<T> {
    fn new(limits: &Limits) -> Stages<T> {
        Stages {
            tokenizer: T::with_limits(limits),
            tree: TreeBuilder::new(limits.max_held_bytes),
            rest: AfterTree {
                filter: Filter::new(),
                balancer: Balancer::default(),
                out: Serializer::default(),
            },
        }
    }

    /// Ready for a new input under `limits`, keeping the allocations.
    fn reset(&mut self, limits: &Limits) {
        self.tokenizer.reset(limits);
        self.tree.reset(limits.max_held_bytes);
        let rest = &mut self.rest;
        rest.filter.reset();
        rest.balancer.reset();
        rest.out.buffer().clear();
    }

    /// Bytes held in buffers.
    fn capacity(&self) -> usize {
        let rest = &self.rest;
        self.tokenizer.capacity()
            + self.tree.capacity()
            + rest.out.capacity()
            + rest.balancer.capacity()
            + rest.filter.capacity()
    }

    /// The tokenizer's sink.
    fn sink<'a>(
        tree: &'a mut TreeBuilder,
        rest: &'a mut AfterTree,
        policy: &'a PolicyInner,
        report: &'a mut Report,
    ) -> StageSink<'a> {
        StageSink {
            policy,
            report,
            tree,
            rest,
        }
    }
}

/// About how much input is handed to the tokenizer at once (see
/// [`Pipeline::feed`] and [`block_end`]).
const BLOCK_BYTES: usize = 16 * 1024;

/// Where the first block of `rest` (longer than [`BLOCK_BYTES`]) ends.
/// A tag cut by a block boundary takes the tokenizer's slow path, so:
/// before the last `<` in the block's last [`BLOCK_TAIL_BYTES`] (no tag up
/// to that long is cut there); if there is none and the block starts with
/// `<`, after the block's last `>` (a short tag before long text), or with
/// no `>` either, up to the next `<` (a tag longer than a block goes
/// whole); else at the block's end, on a character boundary. Only the tail is searched
/// backwards, so text costs a small fraction of a pass more.
fn block_end(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let head = bytes.get(..BLOCK_BYTES).unwrap_or(bytes);
    let tail = head.len().saturating_sub(BLOCK_TAIL_BYTES);
    match memchr::memrchr(b'<', head.get(tail..).unwrap_or_default()) {
        // `<` is ASCII: a character boundary.
        Some(at) if tail + at > 0 => tail + at,
        // A tag, then no `<` till the tail: after the block's last `>`
        // (a short tag, then long text), or if there is none, up to the
        // next `<`. `>` is ASCII too.
        _ if bytes.first() == Some(&b'<') => match memchr::memrchr(b'>', head) {
            Some(at) => at + 1,
            None => bytes
                .get(1..)
                .and_then(|after| memchr::memchr(b'<', after))
                .map_or(bytes.len(), |at| at + 1),
        },
        _ => {
            let mut cut = head.len();
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            cut
        }
    }
}

/// How far back from a block's end [`block_end`] looks for a `<`.
const BLOCK_TAIL_BYTES: usize = 2 * 1024;

/// A thread keeps the buffers of its last [`Sanitizer::clean`](crate::Sanitizer::clean) only while
/// they hold at most this many bytes, so that one huge comment does not pin
/// memory in every thread that saw one.
const SPARE_MAX_BYTES: usize = 64 * 1024;

thread_local! {
    /// The stages of this thread's last finished run, kept for their
    /// buffers: a typical comment then costs one allocation with `clean`
    /// (the output) and two with `clean_with_report` (and the report's
    /// list).
    static SPARE: Cell<Option<Box<Stages<native::Tokenizer>>>> = const { Cell::new(None) };
}

/// One sanitizing run: the four stages and the report, with the native
/// tokenizer unless a test asks for another backend.
pub(crate) struct Pipeline<'p, T: Tokenize = native::Tokenizer> {
    /// Borrowed for a one-shot run: no reference count to touch, which
    /// threads sharing one `Sanitizer` would otherwise contend on.
    policy: Cow<'p, Policy>,
    /// Boxed, so that taking them from the thread and giving them back
    /// moves a pointer, not the stages.
    stages: Box<Stages<T>>,
    report: Report,
}

impl<'p> Pipeline<'p> {
    /// A pipeline with this thread's spare buffers, if it has some,
    /// writing to `report`.
    pub(crate) fn reusing(policy: &'p Policy, report: Report) -> Pipeline<'p> {
        let stages = spare_stages(policy.limits());
        Pipeline {
            policy: Cow::Borrowed(policy),
            stages,
            report,
        }
    }

    /// Give the buffers back to the thread, if they are small enough.
    pub(crate) fn recycle(self) {
        recycle_stages(self.stages);
    }
}

/// A thread's spare stages reset for `limits`, or new ones.
fn spare_stages(limits: &Limits) -> Box<Stages<native::Tokenizer>> {
    match SPARE.try_with(Cell::take) {
        Ok(Some(mut stages)) => {
            stages.reset(limits);
            stages
        }
        _ => Box::new(Stages::new(limits)),
    }
}

/// Keep `stages` as this thread's spare, if they are small enough.
fn recycle_stages(stages: Box<Stages<native::Tokenizer>>) {
    if stages.capacity() <= SPARE_MAX_BYTES {
        let _ = SPARE.try_with(|spare| spare.set(Some(stages)));
    }
}

impl Pipeline<'static> {
    /// A pipeline that owns a handle on `policy` (for a writer), with this
    /// thread's spare buffers if it has some: a writer pays no setup that
    /// a one-shot [`Sanitizer::clean`](crate::Sanitizer::clean) does not.
    pub(crate) fn reusing_owned(policy: Policy) -> Pipeline<'static> {
        let stages = spare_stages(policy.limits());
        Pipeline {
            policy: Cow::Owned(policy),
            stages,
            report: Report::default(),
        }
    }

    /// [`recycle`](Self::recycle) for a writer's pipeline.
    pub(crate) fn recycle_owned(self) {
        recycle_stages(self.stages);
    }
}

impl<T: Tokenize> Pipeline<'static, T> {
    /// A pipeline that owns a handle on `policy`, with new buffers (for a
    /// test's other tokenizer backend).
    #[cfg(feature = "_internals")]
    pub(crate) fn new(policy: Policy) -> Pipeline<'static, T> {
        let stages = Box::new(Stages::new(policy.limits()));
        Pipeline {
            policy: Cow::Owned(policy),
            stages,
            report: Report::default(),
        }
    }
}

impl<T: Tokenize> Pipeline<'_, T> {
    /// Sanitize a chunk; the output decided so far is in [`output`](Self::output).
    ///
    /// # Errors
    ///
    /// The limit that stopped sanitizing (see [`Balancer::halted`]); the
    /// output then ends at the point where it was hit, with nothing after.
    pub(crate) fn feed(&mut self, chunk: &str) -> Result<(), ErrorKind> {
        // Output is about as long as the input: one allocation up front
        // instead of a string that doubles its way there, with room for
        // what the policy adds (`rel` on links) and a few escapes.
        self.stages
            .rest
            .out
            .buffer()
            .reserve(chunk.len() + chunk.len() / 8 + 64);
        let Stages { tokenizer, tree, rest } = &mut *self.stages;
        let mut sink = Stages::<T>::sink(tree, rest, self.policy.compiled(), &mut self.report);
        // Every stage makes its own pass over long text (the tokenizer's
        // search for markup, the serializer's for characters to escape, the
        // copy). In blocks that fit the first-level cache, only the first
        // pass reads from memory. The tokenizer takes input in any pieces.
        let mut rest = chunk;
        while rest.len() > BLOCK_BYTES {
            let (block, after) = rest.split_at(block_end(rest));
            tokenizer.feed(block, &mut sink);
            rest = after;
        }
        tokenizer.feed(rest, &mut sink);
        self.check()
    }

    /// [`feed`](Self::feed), with long text that needs no escaping left in
    /// `chunk` (see [`Serializer::pass_through`]): the output is then the
    /// buffer with the runs of [`output_parts`](Self::output_parts)
    /// written in between, which the caller writes before the next call.
    ///
    /// # Errors
    ///
    /// As [`feed`](Self::feed).
    pub(crate) fn feed_passing(&mut self, chunk: &str) -> Result<(), ErrorKind> {
        self.stages.rest.out.pass_through(Some(chunk));
        let result = self.feed(chunk);
        self.stages.rest.out.pass_through(None);
        result
    }

    /// The output buffer and the runs of the last chunk passed through.
    pub(crate) fn output_parts(&mut self) -> (&mut String, &mut Vec<Passed>) {
        self.stages.rest.out.parts()
    }

    /// End of input: flush the tokenizer and close every open element.
    ///
    /// # Errors
    ///
    /// As [`feed`](Self::feed).
    pub(crate) fn finish(&mut self) -> Result<(), ErrorKind> {
        let Stages { tokenizer, tree, rest } = &mut *self.stages;
        let policy = self.policy.compiled();
        tokenizer.finish(&mut Stages::<T>::sink(tree, rest, policy, &mut self.report));
        tree.finish(&mut Downstream {
            policy,
            report: &mut self.report,
            rest,
        });
        rest.balancer.close_all(policy, &mut rest.out);
        self.check()
    }

    fn check(&self) -> Result<(), ErrorKind> {
        match self.stages.rest.balancer.halted() {
            Some(kind) => Err(kind.clone()),
            None => Ok(()),
        }
    }

    /// Stop early (an error): close every open element, so that what was
    /// written stays balanced, and take nothing more.
    pub(crate) fn abort(&mut self) {
        let AfterTree { balancer, out, .. } = &mut self.stages.rest;
        balancer.close_all(self.policy.compiled(), out);
    }

    /// Output decided and not yet taken.
    /// Bytes the stages hold in buffers, the output's included.
    #[cfg(feature = "_internals")]
    pub(crate) fn buffered_bytes(&self) -> usize {
        self.stages.capacity()
    }

    pub(crate) fn output(&mut self) -> &mut String {
        self.stages.rest.out.buffer()
    }

    pub(crate) fn report(&self) -> &Report {
        &self.report
    }

    /// The report, leaving an empty one.
    pub(crate) fn take_report(&mut self) -> Report {
        std::mem::take(&mut self.report)
    }

    pub(crate) fn invalid_utf8(&self) -> crate::policy::InvalidUtf8 {
        self.policy.compiled().invalid_utf8()
    }

    pub(crate) fn max_input_bytes(&self) -> Option<usize> {
        self.policy.limits().max_input_bytes
    }
}

/// Clean `chunks` fed in order with backend `T`, whatever the limits say
/// (for the backend comparison tests): the output so far and the report.
#[cfg(feature = "_internals")]
pub(crate) fn clean_chunks<T: Tokenize>(policy: &Policy, chunks: &[&str]) -> (String, Report) {
    let mut pipeline = Pipeline::<T>::new(policy.clone());
    let mut result = Ok(());
    for chunk in chunks {
        result = result.and_then(|()| pipeline.feed(chunk));
    }
    let _ = result.and_then(|()| pipeline.finish());
    let html = std::mem::take(pipeline.output());
    (html, pipeline.take_report())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_end_before_a_tag_and_never_cut_one_that_fits() {
        let text = "a".repeat(BLOCK_BYTES + 10);
        assert_eq!(block_end(&text), BLOCK_BYTES);
        // Inside a character: back to its start.
        let text = format!("{}é{}", "a".repeat(BLOCK_BYTES - 1), "a".repeat(10));
        assert_eq!(block_end(&text), BLOCK_BYTES - 1);
        // Before the last `<` of the block.
        let text = format!("{}<b>{}", "a".repeat(BLOCK_BYTES - 2), "a".repeat(10));
        assert_eq!(block_end(&text), BLOCK_BYTES - 2);
        // Not when it is further back than the tail.
        let text = format!("x<b>{}", "a".repeat(BLOCK_BYTES));
        assert_eq!(block_end(&text), BLOCK_BYTES);
        // A tag longer than a block goes whole, up to the next `<`.
        let tag = format!("<b{}>x<i>", " a=1".repeat(BLOCK_BYTES));
        assert_eq!(block_end(&tag), tag.len() - 3);
        let tag = format!("<b{}>x", " a=1".repeat(BLOCK_BYTES));
        assert_eq!(block_end(&tag), tag.len());
        // A short tag before long text: the text is still cut into blocks.
        let text = format!("<p>{}", "a".repeat(2 * BLOCK_BYTES));
        assert_eq!(block_end(&text), 3);
    }
}
