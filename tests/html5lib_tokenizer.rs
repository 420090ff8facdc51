//! The html5lib tokenizer conformance suite, run against the native
//! tokenizer in its standard flavor (no tree builder; comment data and
//! DOCTYPE fields kept).
//!
//! The test files are copied from html5lib-tests (commit in
//! `tests/data/html5lib-tests/tokenizer/SOURCE`, MIT licence beside them);
//! the format is in the README there. Every test is run once per initial
//! state, with its `lastStartTag`, on the whole input and again on the input
//! split into chunks: at every character boundary into two pieces (inputs up
//! to 64 characters; longer ones at up to 64 evenly spread points), and one
//! character at a time. Every run must give the expected tokens, with
//! adjacent character tokens merged. Parse errors are not compared: the
//! tokenizer does not report them.
//!
//! # Skipped
//!
//! - `xmlViolation.test` (not copied): its expected output assumes the
//!   "coercing an HTML DOM into an infoset" tweaks, which are not
//!   tokenization.
//! - The four tests of `unicodeCharsProblematic.test` whose input holds a
//!   lone surrogate (`\uD800`, `\uDFFF`): the tokenizer reads `&str`, and a
//!   Rust string cannot hold a surrogate. They are detected and counted, not
//!   listed by hand.

use std::fs;
use std::path::Path;

use comment_sanitizer::internals::{spec_tokens, InitialState, SpecToken};
use serde_json::Value;

const DIR: &str = "tests/data/html5lib-tests/tokenizer";

/// Undo the extra `\uHHHH` escaping of `doubleEscaped` tests; `None` if the
/// result would hold a surrogate.
fn unescape(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("\\u") {
        out.push_str(&rest[..at]);
        let hex = rest.get(at + 2..at + 6)?;
        let code = u32::from_str_radix(hex, 16).ok()?;
        out.push(char::from_u32(code)?);
        rest = &rest[at + 6..];
    }
    out.push_str(rest);
    Some(out)
}

fn string(v: &Value, double_escaped: bool) -> Option<String> {
    let s = v.as_str()?;
    if double_escaped {
        unescape(s)
    } else {
        Some(s.to_owned())
    }
}

fn opt_string(v: &Value, double_escaped: bool) -> Option<Option<String>> {
    if v.is_null() {
        Some(None)
    } else {
        string(v, double_escaped).map(Some)
    }
}

/// The expected tokens, attributes sorted, characters merged.
fn expected(output: &Value, double_escaped: bool) -> Option<Vec<SpecToken>> {
    let mut tokens: Vec<SpecToken> = Vec::new();
    for token in output.as_array()? {
        let parts = token.as_array()?;
        let token = match parts.first()?.as_str()? {
            "StartTag" => {
                let mut attrs = Vec::new();
                for (name, value) in parts.get(2)?.as_object()? {
                    attrs.push((name.clone(), string(value, double_escaped)?));
                }
                attrs.sort();
                SpecToken::StartTag {
                    name: string(parts.get(1)?, double_escaped)?,
                    attrs,
                    self_closing: parts.get(3).and_then(Value::as_bool).unwrap_or(false),
                }
            }
            "EndTag" => SpecToken::EndTag(string(parts.get(1)?, double_escaped)?),
            "Comment" => SpecToken::Comment(string(parts.get(1)?, double_escaped)?),
            "Character" => {
                let data = string(parts.get(1)?, double_escaped)?;
                if let Some(SpecToken::Character(last)) = tokens.last_mut() {
                    last.push_str(&data);
                    continue;
                }
                SpecToken::Character(data)
            }
            "DOCTYPE" => SpecToken::Doctype {
                name: opt_string(parts.get(1)?, double_escaped)?,
                public_id: opt_string(parts.get(2)?, double_escaped)?,
                system_id: opt_string(parts.get(3)?, double_escaped)?,
                correct: parts.get(4)?.as_bool()?,
            },
            _ => return None,
        };
        tokens.push(token);
    }
    Some(tokens)
}

fn sorted(mut tokens: Vec<SpecToken>) -> Vec<SpecToken> {
    for token in &mut tokens {
        if let SpecToken::StartTag { attrs, .. } = token {
            attrs.sort();
        }
    }
    tokens
}

fn initial_state(name: &str) -> Option<InitialState> {
    Some(match name {
        "Data state" => InitialState::Data,
        "PLAINTEXT state" => InitialState::Plaintext,
        "RCDATA state" => InitialState::Rcdata,
        "RAWTEXT state" => InitialState::Rawtext,
        "Script data state" => InitialState::ScriptData,
        "CDATA section state" => InitialState::CdataSection,
        _ => return None,
    })
}

/// The chunkings each input is fed in: whole, 2-way splits, one char at a time.
fn chunkings(input: &str) -> Vec<Vec<&str>> {
    let mut out = vec![vec![input]];
    let bounds: Vec<usize> = input.char_indices().map(|(i, _)| i).skip(1).collect();
    let step = bounds.len().div_ceil(64).max(1);
    for &at in bounds.iter().step_by(step) {
        out.push(vec![&input[..at], &input[at..]]);
    }
    out.push(input.char_indices().map(|(i, c)| &input[i..i + c.len_utf8()]).collect());
    out
}

#[test]
fn html5lib_tokenizer_suite() {
    let mut files: Vec<_> = fs::read_dir(Path::new(DIR))
        .expect("test data directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "test"))
        .collect();
    files.sort();
    assert!(!files.is_empty());

    let (mut passed, mut runs, mut skipped) = (0usize, 0usize, Vec::new());
    let mut failures = Vec::new();
    for file in &files {
        let json: Value = serde_json::from_str(&fs::read_to_string(file).expect("read")).expect("json");
        let file_name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for test in json["tests"].as_array().expect("tests array") {
            let description = test["description"].as_str().unwrap_or("?");
            let double_escaped = test["doubleEscaped"].as_bool().unwrap_or(false);
            let input = string(&test["input"], double_escaped);
            let want = expected(&test["output"], double_escaped);
            let (Some(input), Some(want)) = (input, want) else {
                skipped.push(format!(
                    "{file_name}: {description} (lone surrogate: not representable in &str)"
                ));
                continue;
            };
            let states: Vec<&str> = match test["initialStates"].as_array() {
                Some(states) => states.iter().filter_map(Value::as_str).collect(),
                None => vec!["Data state"],
            };
            let last_start_tag = test["lastStartTag"].as_str();
            for state_name in states {
                let Some(state) = initial_state(state_name) else {
                    skipped.push(format!("{file_name}: {description} ({state_name} unsupported)"));
                    continue;
                };
                let mut ok = true;
                for chunks in chunkings(&input) {
                    runs += 1;
                    let got = sorted(spec_tokens(&chunks, state, last_start_tag));
                    if got != want {
                        ok = false;
                        failures.push(format!(
                            "{file_name}: {description} [{state_name}] chunks {chunks:?}\n  want {want:?}\n  got  {got:?}"
                        ));
                        break;
                    }
                }
                passed += usize::from(ok);
            }
        }
    }
    println!(
        "html5lib tokenizer: {passed} passed, {} failed, {} skipped ({runs} runs with chunkings)",
        failures.len(),
        skipped.len()
    );
    for s in &skipped {
        println!("skipped: {s}");
    }
    for f in failures.iter().take(30) {
        println!("FAIL {f}");
    }
    assert!(
        failures.is_empty(),
        "{} html5lib tokenizer tests failed",
        failures.len()
    );
    assert_eq!(
        skipped.len(),
        4,
        "only the four lone-surrogate tests are skipped: {skipped:?}"
    );
}
