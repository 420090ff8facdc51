//! Batch mode: clean one string field of every record of a JSONL export.
//!
//! Lines are read in batches (a number of lines, and at most
//! [`BATCH_BYTES`] of them), each batch is cleaned on every core with
//! rayon, and the results are written in input order before the next batch
//! is read, so memory holds one batch however long the export is. A record
//! the sanitizer leaves unchanged is written back byte for byte; a changed
//! one gets only its field's value replaced (see `record.rs`).

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Write};

use comment_sanitizer::{Report, Sanitizer};
use rayon::prelude::*;

use crate::args::OnError;
use crate::html::Failure;
use crate::input::Input;
use crate::progress::Progress;
use crate::record;
use crate::report_json;
use crate::summary::Summary;

/// A batch ends after this many bytes of lines, whatever its line count.
const BATCH_BYTES: usize = 16 * 1024 * 1024;

/// What the JSONL mode needs from the command line.
pub struct Options<'a> {
    /// The field to clean.
    pub field: &'a str,
    /// Where each record's report goes, if anywhere.
    pub report_field: Option<&'a str>,
    /// Stop at a malformed line, or skip it.
    pub on_error: OnError,
    /// Lines per batch.
    pub batch: usize,
    /// Replace invalid UTF-8 in a line instead of calling it malformed.
    pub lossy: bool,
}

/// One line's result.
enum Outcome {
    /// Written back as it was.
    Unchanged(Report),
    /// Written as this text (and the line's own line ending).
    Rewritten {
        line: String,
        changed: bool,
        report: Report,
    },
    /// Not a record: why.
    Malformed(String),
}

/// Clean every record of every input into `out`, counting into `summary`.
///
/// # Errors
///
/// The first malformed line under `--on-error stop`, an input that cannot
/// be read, or an output error.
pub fn run(
    inputs: &[Input],
    sanitizer: &Sanitizer,
    options: &Options<'_>,
    out: &mut dyn Write,
    summary: &mut Summary,
) -> Result<(), Failure> {
    let total = inputs.iter().map(Input::size).sum::<Option<u64>>();
    let progress = Progress::new(total);
    let result = inputs
        .iter()
        .try_for_each(|input| one(input, sanitizer, options, out, summary, &progress));
    progress.finish();
    result
}

fn one(
    input: &Input,
    sanitizer: &Sanitizer,
    options: &Options<'_>,
    out: &mut dyn Write,
    summary: &mut Summary,
    progress: &Progress,
) -> Result<(), Failure> {
    let name = input.name();
    let mut reader = BufReader::with_capacity(1 << 20, input.open().map_err(Failure::Input)?);
    // One batch: the lines back to back, and where each ends.
    let mut buf: Vec<u8> = Vec::new();
    let mut ends: Vec<usize> = Vec::with_capacity(options.batch);
    let mut line_no: u64 = 0;
    loop {
        buf.clear();
        ends.clear();
        while ends.len() < options.batch && buf.len() < BATCH_BYTES {
            let n = reader
                .read_until(b'\n', &mut buf)
                .map_err(|e| Failure::Input(format!("{name}: cannot read: {e}")))?;
            if n == 0 {
                break;
            }
            ends.push(buf.len());
        }
        if ends.is_empty() {
            return Ok(());
        }
        let outcomes: Vec<Outcome> = (0..ends.len())
            .into_par_iter()
            .with_min_len(64)
            .map(|i| {
                let start = if i == 0 { 0 } else { ends[i - 1] };
                let line = buf.get(start..ends[i]).unwrap_or_default();
                clean_line(line, sanitizer, options)
            })
            .collect();
        for (i, outcome) in outcomes.into_iter().enumerate() {
            line_no += 1;
            summary.read += 1;
            let start = if i == 0 { 0 } else { ends[i - 1] };
            let line = buf.get(start..ends[i]).unwrap_or_default();
            let written = match outcome {
                Outcome::Unchanged(report) => {
                    summary.record(false, &report);
                    out.write_all(line)
                }
                Outcome::Rewritten {
                    line: text,
                    changed,
                    report,
                } => {
                    summary.record(changed, &report);
                    let ending: &[u8] = if line.ends_with(b"\n") { b"\n" } else { b"" };
                    out.write_all(text.as_bytes()).and_then(|()| out.write_all(ending))
                }
                Outcome::Malformed(why) => {
                    let message = format!("{name}:{line_no}: {why}");
                    if options.on_error == OnError::Stop {
                        return Err(Failure::Input(message));
                    }
                    progress.println(&format!("comment-sanitize: {message} (skipped)"));
                    summary.skipped += 1;
                    Ok(())
                }
            };
            written.map_err(|e| Failure::Output(format!("cannot write the output: {e}")))?;
        }
        progress.advance(buf.len() as u64, summary.read);
    }
}

/// Clean one line (with its line ending, if any).
fn clean_line(line: &[u8], sanitizer: &Sanitizer, options: &Options<'_>) -> Outcome {
    let body = line.strip_suffix(b"\n").unwrap_or(line);
    let text: Cow<'_, str> = match simdutf8::basic::from_utf8(body) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) if options.lossy => Cow::Owned(String::from_utf8_lossy(body).into_owned()),
        Err(_) => match std::str::from_utf8(body) {
            // The standard library's error says where.
            Err(e) => return Outcome::Malformed(format!("invalid UTF-8 ({e})")),
            Ok(text) => Cow::Borrowed(text),
        },
    };
    let located = match record::locate(&text, options.field, options.report_field) {
        Ok(located) => located,
        Err(why) => return Outcome::Malformed(why),
    };
    let (cleaned, report) = match sanitizer.clean_with_report(&located.value) {
        Ok(result) => result,
        Err(e) => return Outcome::Malformed(format!("field {:?}: {e}", options.field)),
    };
    let changed = cleaned != located.value;
    let lossy_fix = matches!(text, Cow::Owned(_));
    if !changed && !lossy_fix && options.report_field.is_none() {
        return Outcome::Unchanged(report);
    }
    let report_json = options
        .report_field
        .map(|name| (name, report_json::to_json(&report).to_string()));
    let rewritten = record::rewrite(
        &text,
        &located,
        changed.then_some(cleaned.as_str()),
        report_json.as_ref().map(|(name, json)| (*name, json.as_str())),
    );
    match rewritten {
        Ok(line) => Outcome::Rewritten { line, changed, report },
        Err(why) => Outcome::Malformed(why),
    }
}
