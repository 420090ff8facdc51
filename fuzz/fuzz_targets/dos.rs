//! `dos`: no input makes the cost per byte grow (pulldown-cmark's
//! dos-fuzzer idea). A fuzzed pattern is repeated to about 256 KB and
//! cleaned; if that takes longer than a generous linear budget, the target
//! fails, pointing at a superlinear path (a quadratic balancer, attribute
//! de-duplication, entity decoding, ...).
//!
//! Input layout: byte 0 = policy variant, byte 1 = scale (repetitions grow
//! with it), the rest = the pattern (lossy UTF-8).
#![no_main]

use std::time::Instant;

use comment_sanitizer::Sanitizer;
use fuzz_support::variant;
use libfuzzer_sys::fuzz_target;

/// Budget: fixed start-up plus a per-KB allowance about 50 times what the
/// slowest benchmarked input costs under the fuzzer's sanitizer build.
const BASE_MS: f64 = 100.0;
const MS_PER_KB: f64 = 2.0;

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let pattern = String::from_utf8_lossy(&data[2..]);
    let target = 4 * 1024 * (1 + usize::from(data[1] % 64));
    let repeat = target / pattern.len().max(1) + 1;
    let input = pattern.repeat(repeat);
    let sanitizer: &Sanitizer = &variant(data[0]).sanitizer;
    let budget = BASE_MS + MS_PER_KB * input.len() as f64 / 1024.0;
    let time = || {
        let start = Instant::now();
        let _ = sanitizer.clean(&input);
        start.elapsed().as_secs_f64() * 1e3
    };
    let mut ms = time();
    if ms > budget {
        // Once more before failing: a busy machine (a build next to the
        // fuzzer) can stall one run; a superlinear path is slow every time.
        ms = ms.min(time());
    }
    assert!(ms <= budget, "{} KB took {ms:.0} ms (budget {budget:.0} ms); pattern {pattern:?}", input.len() / 1024);
});
