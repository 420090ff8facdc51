//! `chunked`: the output is byte-identical however the input is split.
//!
//! The same text is fed (a) as `&str` chunks through `SanitizeWriter::feed`
//! and (b) as byte chunks through `io::Write` (splits may fall inside UTF-8
//! sequences), and both must equal `Sanitizer::clean` of the whole text.
//!
//! Input layout (arbitrary derive): byte 0 = policy variant, bytes 1..=8 =
//! `&str` chunk lengths, bytes 9..=16 = byte chunk lengths (each list used
//! cyclically; a length of 0 feeds an empty chunk), the rest = the comment
//! (lossy UTF-8).
#![no_main]

use std::io::Write;

use arbitrary::Arbitrary;
use fuzz_support::variant;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    policy: u8,
    str_chunks: [u8; 8],
    byte_chunks: [u8; 8],
    bytes: &'a [u8],
}

/// Split points from cyclic chunk lengths: `(start, end)` pairs covering
/// `0..len` (a zero length gives an empty chunk, at most once in a row).
fn spans(len: usize, lengths: &[u8; 8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut at = 0;
    let mut i = 0;
    let mut last_empty = false;
    while at < len {
        let mut n = usize::from(lengths[i % lengths.len()]);
        i += 1;
        if n == 0 {
            if last_empty {
                n = 1;
            } else {
                last_empty = true;
                spans.push((at, at));
                continue;
            }
        }
        last_empty = false;
        let end = (at + n).min(len);
        spans.push((at, end));
        at = end;
    }
    spans
}

fuzz_target!(|input: Input<'_>| {
    let variant = variant(input.policy);
    let text = String::from_utf8_lossy(input.bytes).into_owned();
    let expected = variant.sanitizer.clean(&text).expect("no input limit is set");

    // (a) &str chunks, each end moved forward to a char boundary.
    let mut writer = variant.sanitizer.writer(Vec::new());
    let mut chunks = Vec::new();
    let mut from = 0;
    for (_, end) in spans(text.len(), &input.str_chunks) {
        let mut end = end.max(from);
        while !text.is_char_boundary(end) {
            end += 1;
        }
        chunks.push(&text[from..end]);
        writer.feed(&text[from..end]).expect("feed cannot fail without limits");
        from = end;
    }
    if from < text.len() {
        chunks.push(&text[from..]);
        writer.feed(&text[from..]).expect("feed cannot fail without limits");
    }
    let (out, _) = writer.finish().expect("finish cannot fail on whole chars");
    let fed = String::from_utf8(out).expect("the sanitizer writes UTF-8");
    assert!(
        fed == expected,
        "CHUNKING VIOLATION [{}] (feed): output depends on the split\nchunks:   {chunks:?}\nexpected: {expected:?}\nactual:   {fed:?}",
        variant.name
    );

    // (b) byte chunks through io::Write, splitting UTF-8 sequences anywhere.
    let bytes = text.as_bytes();
    let mut writer = variant.sanitizer.writer(Vec::new());
    let byte_spans = spans(bytes.len(), &input.byte_chunks);
    for &(start, end) in &byte_spans {
        writer.write_all(&bytes[start..end]).expect("write cannot fail on valid UTF-8");
    }
    let (out, _) = writer.finish().expect("finish cannot fail on valid UTF-8");
    let written = String::from_utf8(out).expect("the sanitizer writes UTF-8");
    if written != expected {
        let chunks: Vec<&[u8]> = byte_spans.iter().map(|&(s, e)| &bytes[s..e]).collect();
        panic!(
            "CHUNKING VIOLATION [{}] (io::Write): output depends on the split\nchunks:   {chunks:?}\nexpected: {expected:?}\nactual:   {written:?}",
            variant.name
        );
    }
});
