//! The XSS corpus (tests/data/xss_corpus.json, ~560 vectors) and the benign
//! comments (tests/data/benign_comments.json).
//!
//! * Every XSS vector, with the default policy: safety, stability and
//!   idempotence (`support::checks`), and chunk invariance
//!   (`support::sanitize_every_way`; for inputs over 8 KB, 16 evenly spread
//!   2-way splits, a 3-way split through `clean_chunks` and one bytewise run
//!   instead, since every split costs a full sanitization).
//! * Every benign comment comes out byte for byte unchanged, however split
//!   (`support::assert_sanitizes(input, input)`).
//!
//! All failures are collected and reported together, with the vector ids.
//!
//! Run: `cargo test --test main xss_corpus::`.

use crate::support;
use std::panic::{catch_unwind, AssertUnwindSafe};

use comment_sanitizer::Sanitizer;
use serde_json::Value;

use crate::support::checks::{self, Extras};
use crate::support::{clean_bytewise, clean_chunks};

/// Inputs longer than this get [`chunk_check_big`] instead of
/// `sanitize_every_way` (up to 700 full sanitizations each), which keeps the
/// file within about a minute in a debug build; 14 vectors are this big.
const BIG: usize = 8 * 1024;

fn load(path: &str) -> Vec<Value> {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("reading {full}: {e}"));
    match serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {full}: {e}")) {
        Value::Array(items) => items,
        other => panic!("{full}: expected an array, got {other:?}"),
    }
}

fn field<'a>(item: &'a Value, name: &str) -> &'a str {
    item[name]
        .as_str()
        .unwrap_or_else(|| panic!("entry without string {name:?}: {item}"))
}

/// Run `f`, turning a panic into an error message.
fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into())
    })
}

/// Chunk invariance for a big input: a few splits, and bytewise.
fn chunk_check_big(sanitizer: &Sanitizer, input: &str, whole: &str) -> Result<(), String> {
    let len = input.len();
    let mut points: Vec<usize> = [1, 7, len - 3, len - 1]
        .into_iter()
        .chain((1..12).map(|k| len * k / 12))
        .map(|mut i| {
            i = i.min(len);
            while !input.is_char_boundary(i) {
                i -= 1;
            }
            i
        })
        .collect();
    points.sort_unstable();
    points.dedup();
    for &p in &points {
        let (out, _) = clean_chunks(sanitizer, &[&input[..p], &input[p..]]);
        if out != whole {
            return Err(format!("split at byte {p} changes the output"));
        }
    }
    let (a, b) = (points[0], points[points.len() / 2]);
    let (out, _) = clean_chunks(sanitizer, &[&input[..a], &input[a..b], &input[b..]]);
    if out != whole {
        return Err(format!("split at bytes {a} and {b} changes the output"));
    }
    if clean_bytewise(sanitizer, input) != whole {
        return Err("bytewise io::Write changes the output".into());
    }
    Ok(())
}

fn short(s: &str) -> String {
    if s.len() <= 300 {
        format!("{s:?}")
    } else {
        let mut end = 300;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{:?}... ({} bytes)", &s[..end], s.len())
    }
}

#[test]
fn xss_corpus_is_safe_stable_idempotent_and_chunk_invariant() {
    let corpus = load("tests/data/xss_corpus.json");
    assert!(corpus.len() > 500, "the corpus has {} vectors", corpus.len());
    let sanitizer = Sanitizer::default();
    let extras = Extras::of(sanitizer.policy());
    // Keep the default panic hook quiet while failures are collected.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut failures = Vec::new();
    for item in &corpus {
        let (id, class, input) = (field(item, "id"), field(item, "class"), field(item, "input"));
        let mut errors = Vec::new();
        let output = sanitizer.clean(input).expect("no input limit");
        if let Err(e) = checks::check_all_with(&sanitizer, &extras, &output) {
            errors.push(e);
        }
        let chunked = if input.len() > BIG {
            chunk_check_big(&sanitizer, input, &output)
        } else {
            catch(|| {
                support::sanitize_every_way(&sanitizer, input);
            })
        };
        if let Err(e) = chunked {
            errors.push(format!("CHUNK VARIANCE: {}", short(&e)));
        }
        if !errors.is_empty() {
            failures.push(format!(
                "[{id}] ({class}) input {}\n  output {}\n  {}",
                short(input),
                short(&output),
                errors.join("\n  ")
            ));
        }
    }
    std::panic::set_hook(hook);
    assert!(
        failures.is_empty(),
        "{} of {} vectors fail:\n\n{}",
        failures.len(),
        corpus.len(),
        failures.join("\n\n")
    );
}

#[test]
fn benign_comments_come_out_unchanged() {
    let comments = load("tests/data/benign_comments.json");
    assert!(!comments.is_empty());
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut failures = Vec::new();
    for item in &comments {
        let (id, input) = (field(item, "id"), field(item, "input"));
        if let Err(e) = catch(|| support::assert_sanitizes(input, input)) {
            let out = comment_sanitizer::clean(input);
            failures.push(format!("[{id}] input {input:?}\n  output {out:?}\n  {}", short(&e)));
        }
    }
    std::panic::set_hook(hook);
    assert!(
        failures.is_empty(),
        "{} of {} benign comments change:\n\n{}",
        failures.len(),
        comments.len(),
        failures.join("\n\n")
    );
}
