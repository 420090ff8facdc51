//! `dos`: no input makes the cost per byte grow (pulldown-cmark's
//! dos-fuzzer idea). A fuzzed pattern is repeated to about 256 KB and
//! cleaned, and to a quarter of that. The target fails when the cost per
//! byte of the whole is more than three times that of the quarter (a
//! superlinear path: a quadratic balancer, attribute de-duplication, entity
//! decoding, ...; a quadratic one makes it four times), or when the whole takes longer than a linear ceiling (a linear path
//! with an unreasonable constant, such as a walk of the whole stack of open
//! elements after every tag).
//!
//! The fuzzer's build runs this code 20 to 40 times slower than a release
//! build, and loops of comparisons far slower still (it traces every
//! comparison), so the ceiling is set from timings in that build:
//!
//! * short patterns: the slowest known is `<b><p>x` repeated, where every
//!   paragraph closes the formatting elements and the next one opens
//!   copies of them again: about 3.5 ms per KB here (0.1 ms per KB in
//!   release, 0.6 in ammonia), well inside the ceiling;
//! * stray end tags under a full stack of open elements (`<y></z></z>`,
//!   also in foreign content): a walk of the whole stack per tag would
//!   pass the ceiling; the stack finds an element among those of its name,
//!   and 256 KB of them take a few hundred milliseconds here;
//! * formatting end tags whose element is open but out of scope, under
//!   hundreds of elements (`<b><svg><desc>`, `<y>` 400 times, `</b>` 400
//!   times): the scope check finds the nearest boundary from its position,
//!   not by a walk; the seed takes about half a second here. So are the
//!   last table and template, where content is fostered (`x<br>` in a
//!   table above hundreds of elements).
//!
//! Input layout: byte 0 = policy variant, byte 1 = scale (repetitions grow
//! with it), the rest = the pattern (lossy UTF-8).
#![no_main]

use std::time::Instant;

use comment_sanitizer::Sanitizer;
use fuzz_support::variant;
use libfuzzer_sys::fuzz_target;

/// Linear ceiling: fixed start-up plus a per-KB allowance.
const BASE_MS: f64 = 100.0;
const MS_PER_KB: f64 = 8.0;
/// How much the cost per byte may grow from a quarter of the input to all
/// of it, and the time below which growth is noise (under the sanitizer
/// build, timings of a hundred milliseconds vary by 2x from run to run).
const GROWTH: f64 = 3.0;
const NOISE_MS: f64 = 250.0;

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let pattern = String::from_utf8_lossy(&data[2..]);
    let target = 4 * 1024 * (1 + usize::from(data[1] % 64));
    let repeat = target / pattern.len().max(1) + 1;
    let input = pattern.repeat(repeat);
    let quarter = pattern.repeat(repeat.div_ceil(4));
    let sanitizer: &Sanitizer = &variant(data[0]).sanitizer;
    let time = |input: &str| {
        let start = Instant::now();
        let _ = sanitizer.clean(input);
        start.elapsed().as_secs_f64() * 1e3
    };
    let ceiling = BASE_MS + MS_PER_KB * input.len() as f64 / 1024.0;
    let ratio = input.len() as f64 / quarter.len() as f64;
    let fails = |whole: f64, part: f64| whole > ceiling || (whole > NOISE_MS && whole > GROWTH * ratio * part);
    let mut part = time(&quarter);
    let mut whole = time(&input);
    for _ in 0..2 {
        if !fails(whole, part) {
            break;
        }
        // Again before failing, keeping the best times: a busy machine (a
        // build next to the fuzzer) can stall one run; a superlinear path
        // is slow every time.
        part = part.min(time(&quarter));
        whole = whole.min(time(&input));
    }
    assert!(
        !fails(whole, part),
        "{} KB took {whole:.0} ms (ceiling {ceiling:.0} ms), a quarter of it {part:.0} ms; pattern {pattern:?}",
        input.len() / 1024
    );
});
