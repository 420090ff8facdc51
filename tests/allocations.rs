//! Heap allocations per comment, counted with a counting global allocator.
//!
//! Allocation counts are deterministic, so unlike timings they can be
//! asserted in a test. The counter is per thread, so tests running side by
//! side do not disturb each other.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use comment_sanitizer::{clean_with_report, Policy, Sanitizer};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: the thread may be tearing its locals down.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: forwards every call to the system allocator unchanged; it only
// counts calls in a const-initialized thread-local `Cell`, which itself
// never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations (and reallocations) made by `f` on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let before = ALLOCATIONS.with(Cell::get);
    let result = f();
    (ALLOCATIONS.with(Cell::get) - before, result)
}

/// The typical comment of `benches/sanitize.rs`: about 300 bytes, a removed
/// paragraph, a link with a title, inline formatting, an entity.
const TYPICAL: &str =
    "<p>Thanks for the write-up! I tried the <code>--release</code> flag and it was <b>much</b> faster. \
     See <a href=\"https://example.com/notes\" title=\"my notes\">my notes</a> &amp; the \
     <em>follow-up</em> thread. <q>Measure first</q>, as they say.</p>";

#[test]
fn a_typical_comment_costs_at_most_two_allocations() {
    let sanitizer = Sanitizer::default();
    // The first call on a thread grows the buffers it then keeps.
    let first = sanitizer.clean_with_report(TYPICAL).unwrap();
    let (n, (html, report)) = allocations(|| sanitizer.clean_with_report(TYPICAL).unwrap());
    assert_eq!((&html, &report), (&first.0, &first.1));
    assert!(!report.is_empty(), "the paragraph was removed and reported");
    // The output string and the report's list of removals.
    assert_eq!(n, 2, "allocations for a typical comment with its report");
    // Without the report, only the output string.
    let (n, html) = allocations(|| sanitizer.clean(TYPICAL).unwrap());
    assert_eq!(html, first.0);
    assert_eq!(n, 1, "allocations for a typical comment without its report");
}

#[test]
fn plain_text_costs_one_allocation() {
    let sanitizer = Sanitizer::default();
    let text = "Just words, no markup at all, in a comment of ordinary length. ".repeat(5);
    sanitizer.clean(&text).unwrap();
    let (n, html) = allocations(|| sanitizer.clean(&text).unwrap());
    assert_eq!(html, text);
    assert_eq!(n, 1, "the output string only");
}

#[test]
fn misnested_formatting_and_removed_content_cost_no_more() {
    let sanitizer = Sanitizer::default();
    let input = "<b><i><a href=\"https://x.example\">x</b> y</i></a> <script>evil()</script> \
                 <div onclick=\"x\">z</div> &lt;3";
    let first = sanitizer.clean_with_report(input).unwrap();
    let (n, result) = allocations(|| sanitizer.clean_with_report(input).unwrap());
    assert_eq!(result, first);
    // The output and the report's list: the formatting a browser opens
    // again (the link, twice, each with the `rel` the policy adds) fits the
    // room reserved for additions, and the tree builder's and the report's
    // buffers were grown by the first call.
    assert_eq!(n, 2, "{}", result.0);
}

#[test]
fn the_free_functions_reuse_buffers_too() {
    clean_with_report(TYPICAL);
    let (n, _) = allocations(|| clean_with_report(TYPICAL));
    assert_eq!(n, 2);
    let (n, _) = allocations(|| comment_sanitizer::clean(TYPICAL));
    assert_eq!(n, 1);
}

#[test]
fn presets_are_compiled_once() {
    // The first call compiles each preset; later calls share it.
    let _ = (
        Policy::wordpress_comments(),
        Policy::markdown_comments(),
        Sanitizer::default(),
    );
    let (n, _) = allocations(|| {
        (
            Policy::wordpress_comments(),
            Policy::markdown_comments(),
            Sanitizer::default(),
        )
    });
    assert_eq!(n, 0, "a preset or the default sanitizer after the first");
}
