//! The default mode: each input, a comment, streamed through the library's
//! writer in 64 KiB chunks to the output, so an input of any size takes the
//! same memory.

use std::io::Write;

use comment_sanitizer::{Report, Sanitizer};

use crate::input::{read_some, Input};

/// Bytes read from an input at once.
const CHUNK: usize = 64 * 1024;

/// Why a run stopped or failed.
pub enum Failure {
    /// An input failed (it is named in the message); the others went on.
    Input(String),
    /// The output failed; nothing more can be written.
    Output(String),
}

/// Sanitize every input into `out`, one after the other; with `report`,
/// print each input's report as a line of JSON on stderr. Returns the
/// messages of the inputs that failed (their output stops at a safe,
/// balanced prefix); an output error stops the run.
pub fn run(inputs: &[Input], sanitizer: &Sanitizer, out: &mut dyn Write, report: bool) -> Vec<Failure> {
    let mut failures = Vec::new();
    let mut buf = vec![0; CHUNK];
    for input in inputs {
        match one(input, sanitizer, &mut *out, &mut buf) {
            Ok(r) => {
                if report {
                    match serde_json::to_string(&r) {
                        Ok(json) => eprintln!("{json}"),
                        Err(e) => failures.push(Failure::Input(format!("{}: the report: {e}", input.name()))),
                    }
                }
            }
            Err(failure @ Failure::Output(_)) => {
                failures.push(failure);
                break;
            }
            Err(failure) => failures.push(failure),
        }
    }
    failures
}

fn one(input: &Input, sanitizer: &Sanitizer, out: &mut dyn Write, buf: &mut [u8]) -> Result<Report, Failure> {
    let name = input.name();
    let mut reader = input.open().map_err(Failure::Input)?;
    let mut writer = sanitizer.writer(out);
    loop {
        let n = read_some(&mut reader, buf).map_err(|e| Failure::Input(format!("{name}: cannot read: {e}")))?;
        let Some(chunk) = buf.get(..n).filter(|c| !c.is_empty()) else {
            break;
        };
        if let Err(e) = writer.write_all(chunk) {
            return Err(classify(&name, e));
        }
    }
    match writer.finish() {
        Ok((_, report)) => Ok(report),
        Err(e) => Err(classify(&name, e.into())),
    }
}

/// The writer's error as a failure of the input (invalid UTF-8, a limit)
/// or of the output.
fn classify(name: &str, e: std::io::Error) -> Failure {
    let is_sanitizer = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<comment_sanitizer::Error>())
        .map(|err| !matches!(err.kind(), comment_sanitizer::ErrorKind::Io));
    match is_sanitizer {
        Some(true) => Failure::Input(format!("{name}: {e}")),
        _ => Failure::Output(format!("cannot write the output: {e}")),
    }
}
