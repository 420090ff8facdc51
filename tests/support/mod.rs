//! Shared test helpers.
//!
//! * [`assert_sanitizes`] / [`sanitize_every_way`]: every test input is
//!   cleaned whole, at every 2-way split, at a sample of 3-way splits, and
//!   byte by byte through `io::Write` (splitting UTF-8 sequences), and all
//!   results must be identical.
//! * [`oracle`]: an independent judge, html5ever's tree builder, that parses
//!   our output the way a browser would.

#![allow(dead_code)]

pub mod checks;
pub mod commonmark;
pub mod oracle;
pub mod tree;

use std::io::Write;

use comment_sanitizer::{Report, Sanitizer};

/// Cap on the number of split points tried per input, so long inputs stay
/// fast; the points are spread evenly, and always include the ends.
const MAX_SPLITS: usize = 400;
const MAX_3WAY: usize = 300;

fn char_boundaries(input: &str) -> Vec<usize> {
    let all: Vec<usize> = (1..input.len()).filter(|&i| input.is_char_boundary(i)).collect();
    if all.len() <= MAX_SPLITS {
        return all;
    }
    let step = all.len() as f64 / MAX_SPLITS as f64;
    (0..MAX_SPLITS).map(|k| all[(k as f64 * step) as usize]).collect()
}

/// Clean `chunks` in order through the streaming writer's `feed`.
pub fn clean_chunks(sanitizer: &Sanitizer, chunks: &[&str]) -> (String, Report) {
    let mut writer = sanitizer.writer(Vec::new());
    for chunk in chunks {
        writer.feed(chunk).expect("feeding a Vec cannot fail");
    }
    let (out, report) = writer.finish().expect("finishing a Vec cannot fail");
    (String::from_utf8(out).expect("output is UTF-8"), report)
}

/// Clean `input` one byte at a time through `io::Write`.
pub fn clean_bytewise(sanitizer: &Sanitizer, input: &str) -> String {
    let mut writer = sanitizer.writer(Vec::new());
    for byte in input.as_bytes() {
        writer
            .write_all(std::slice::from_ref(byte))
            .expect("writing a Vec cannot fail");
    }
    let (out, _) = writer.finish().expect("finishing a Vec cannot fail");
    String::from_utf8(out).expect("output is UTF-8")
}

/// Clean `input` whole, split at a third and two thirds, and bytewise, and
/// assert that the outputs agree: chunk invariance at a price a property
/// with thousands of cases can pay.
pub fn sanitize_few_ways(sanitizer: &Sanitizer, input: &str) -> String {
    let whole = sanitizer.clean(input).expect("no input limit is set");
    let points = char_boundaries(input);
    if !points.is_empty() {
        let (i, j) = (points[points.len() / 3], points[2 * points.len() / 3]);
        let (out, _) = clean_chunks(sanitizer, &[&input[..i], &input[i..j], &input[j..]]);
        assert_eq!(
            out, whole,
            "split at bytes {i} and {j} changes the output for {input:?}"
        );
    }
    assert_eq!(
        clean_bytewise(sanitizer, input),
        whole,
        "bytewise differs for {input:?}"
    );
    whole
}

/// Clean `input` every way (whole, all 2-way splits, sampled 3-way splits,
/// bytewise), assert that all outputs and reports agree, and return them.
pub fn sanitize_every_way(sanitizer: &Sanitizer, input: &str) -> (String, Report) {
    let (whole, report) = sanitizer.clean_with_report(input).expect("no input limit is set");
    let (streamed, streamed_report) = clean_chunks(sanitizer, &[input]);
    assert_eq!(
        streamed, whole,
        "feed() in one chunk differs from clean() for {input:?}"
    );
    assert_eq!(
        streamed_report, report,
        "report differs between feed() and clean() for {input:?}"
    );
    let points = char_boundaries(input);
    for &i in &points {
        let (out, _) = clean_chunks(sanitizer, &[&input[..i], &input[i..]]);
        assert_eq!(out, whole, "split at byte {i} changes the output for {input:?}");
    }
    let mut tried = 0;
    'outer: for (a, &i) in points.iter().enumerate() {
        for &j in points[a + 1..].iter().step_by(1 + points.len() / 17) {
            let (out, _) = clean_chunks(sanitizer, &[&input[..i], &input[i..j], &input[j..]]);
            assert_eq!(
                out, whole,
                "split at bytes {i} and {j} changes the output for {input:?}"
            );
            tried += 1;
            if tried >= MAX_3WAY {
                break 'outer;
            }
        }
    }
    assert_eq!(
        clean_bytewise(sanitizer, input),
        whole,
        "bytewise io::Write changes the output for {input:?}"
    );
    (whole, report)
}

/// Proptest configuration shared by the property files: `default_cases`
/// cases, or `PROPTEST_CASES=N` exactly, or 20 times the default with
/// `SANITIZER_DEEP=1`; failures are printed (shrunk), not persisted.
pub fn proptest_config(default_cases: u32) -> proptest::test_runner::Config {
    let cases = match std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()) {
        Some(n) => n,
        None if std::env::var("SANITIZER_DEEP").is_ok_and(|v| v == "1") => default_cases * 20,
        None => default_cases,
    };
    proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        ..Default::default()
    }
}

/// Assert that the default policy turns `input` into `expected`, however the
/// input is split.
#[track_caller]
pub fn assert_sanitizes(input: &str, expected: &str) {
    assert_sanitizes_with(&Sanitizer::default(), input, expected);
}

/// As [`assert_sanitizes`], with a given sanitizer.
#[track_caller]
pub fn assert_sanitizes_with(sanitizer: &Sanitizer, input: &str, expected: &str) {
    let (out, _) = sanitize_every_way(sanitizer, input);
    assert_eq!(out, expected, "input: {input:?}");
}
