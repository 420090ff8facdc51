//! `clean`: arbitrary bytes under one of several policies must never panic,
//! and the output must be (1) safe, (2) stable under parse+serialize and
//! (3) idempotent. See fuzz/README.md.
//!
//! Input layout (arbitrary derive, so a seed is easy to write by hand):
//! byte 0 = policy variant, byte 1 = mode, the rest = the comment bytes.
#![no_main]

use std::io::Write;

use arbitrary::Arbitrary;
use fuzz_support::{check_idempotent, check_safe, check_stable, variant};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    /// Which policy variant (modulo the number of variants).
    policy: u8,
    /// Bit 0: feed the raw bytes through `io::Write` instead of cleaning
    /// `String::from_utf8_lossy(bytes)`.
    mode: u8,
    /// The comment (last field: takes the rest of the input).
    bytes: &'a [u8],
}

fuzz_target!(|input: Input<'_>| {
    let variant = variant(input.policy);
    if input.mode & 1 == 0 {
        let text = String::from_utf8_lossy(input.bytes);
        let output = variant.sanitizer.clean(&text).expect("no input limit is set");
        check_safe(variant, &output, &text);
        check_stable(variant, &output, &text);
        check_idempotent(variant, &output, &text);
    } else {
        let mut writer = variant.sanitizer.writer(Vec::new());
        let written = writer.write_all(input.bytes);
        let text = String::from_utf8_lossy(input.bytes).into_owned();
        match (written, std::str::from_utf8(input.bytes)) {
            (Ok(()), Ok(valid)) => {
                let (out, _report) = writer.finish().expect("valid UTF-8 input cannot fail");
                let output = String::from_utf8(out).expect("the sanitizer writes UTF-8");
                let expected = variant.sanitizer.clean(valid).expect("no input limit is set");
                assert_eq!(output, expected, "io::Write output differs from clean() [{}]", variant.name);
                check_safe(variant, &output, valid);
                check_stable(variant, &output, valid);
                check_idempotent(variant, &output, valid);
            }
            (Ok(()), Err(_)) => {
                // Only an incomplete sequence at the very end may be accepted
                // by write(); finish() must then report it.
                let partial = String::from_utf8(writer.get_ref().clone()).expect("the sanitizer writes UTF-8");
                assert!(writer.finish().is_err(), "finish() accepted input that is not UTF-8 [{}]", variant.name);
                check_safe(variant, &partial, &text);
            }
            (Err(_), Ok(_)) => panic!("io::Write rejected valid UTF-8 [{}]", variant.name),
            (Err(_), Err(_)) => {
                // Failed closed: what was written must still be safe and balanced.
                let partial = String::from_utf8(writer.get_ref().clone()).expect("the sanitizer writes UTF-8");
                check_safe(variant, &partial, &text);
                check_stable(variant, &partial, &text);
            }
        }
    }
});
