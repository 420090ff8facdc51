//! Batch mode: clean one string field of every record of a JSONL export.
//!
//! Lines are read in batches (a number of lines, and at most
//! [`BATCH_BYTES`] of them), each batch is cleaned on every core with
//! rayon while the batch before it is written in input order, so memory
//! holds two batches however long the export is. A record
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
    out: &mut (dyn Write + Send),
    summary: &mut Summary,
) -> Result<(), Failure> {
    let total = inputs.iter().map(Input::size).sum::<Option<u64>>();
    let progress = Progress::new(total);
    let result = inputs
        .iter()
        .try_for_each(|input| one(input, sanitizer, options, &mut *out, summary, &progress));
    progress.finish();
    result
}

/// One batch of lines, back to back in one buffer.
#[derive(Default)]
struct Batch {
    buf: Vec<u8>,
    /// Where each line ends in `buf` (after its `\n`, if it has one).
    ends: Vec<usize>,
    /// The line number of its first line, minus one.
    lines_before: u64,
}

impl Batch {
    /// Line `i`, with its line ending.
    fn line(&self, i: usize) -> &[u8] {
        let start = match i.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.buf.get(start..end).unwrap_or_default()
    }

    /// Read the next batch from `reader` (empty at the end of input).
    fn read(&mut self, reader: &mut dyn BufRead, lines: usize, lines_before: u64) -> std::io::Result<()> {
        self.buf.clear();
        self.ends.clear();
        self.lines_before = lines_before;
        while self.ends.len() < lines && self.buf.len() < BATCH_BYTES {
            if reader.read_until(b'\n', &mut self.buf)? == 0 {
                break;
            }
            self.ends.push(self.buf.len());
        }
        Ok(())
    }
}

/// Everything the writing side of a run needs.
struct Sink<'a> {
    name: &'a str,
    on_error: OnError,
    out: &'a mut (dyn Write + Send),
    summary: &'a mut Summary,
    progress: &'a Progress,
}

impl Sink<'_> {
    /// Write a cleaned batch in order and count it.
    fn emit(&mut self, batch: &Batch, outcomes: Vec<Outcome>) -> Result<(), Failure> {
        for (i, outcome) in outcomes.into_iter().enumerate() {
            let line_no = batch.lines_before + i as u64 + 1;
            self.summary.read += 1;
            let line = batch.line(i);
            let written = match outcome {
                Outcome::Unchanged(report) => {
                    self.summary.record(false, &report);
                    self.out.write_all(line)
                }
                Outcome::Rewritten {
                    line: text,
                    changed,
                    report,
                } => {
                    self.summary.record(changed, &report);
                    let ending: &[u8] = if line.ends_with(b"\n") { b"\n" } else { b"" };
                    self.out
                        .write_all(text.as_bytes())
                        .and_then(|()| self.out.write_all(ending))
                }
                Outcome::Malformed(why) => {
                    let message = format!("{}:{line_no}: {why}", self.name);
                    if self.on_error == OnError::Stop {
                        return Err(Failure::Input(message));
                    }
                    self.progress.println(&format!("comment-sanitize: {message} (skipped)"));
                    self.summary.skipped += 1;
                    Ok(())
                }
            };
            written.map_err(|e| Failure::Output(format!("cannot write the output: {e}")))?;
        }
        self.progress.advance(batch.buf.len() as u64, self.summary.read);
        Ok(())
    }
}

/// Clean every line of `batch` on the thread pool, results in order.
fn clean_batch(batch: &Batch, sanitizer: &Sanitizer, options: &Options<'_>) -> Vec<Outcome> {
    (0..batch.ends.len())
        .into_par_iter()
        .with_min_len(64)
        .map(|i| clean_line(batch.line(i), sanitizer, options))
        .collect()
}

/// One input: while batch n is cleaned on the pool, batch n - 1 is
/// written and counted, then batch n + 1 is read.
fn one(
    input: &Input,
    sanitizer: &Sanitizer,
    options: &Options<'_>,
    out: &mut (dyn Write + Send),
    summary: &mut Summary,
    progress: &Progress,
) -> Result<(), Failure> {
    let name = input.name();
    let mut reader = BufReader::with_capacity(1 << 20, input.open().map_err(Failure::Input)?);
    let mut sink = Sink {
        name: &name,
        on_error: options.on_error,
        out,
        summary,
        progress,
    };
    let (mut current, mut previous) = (Batch::default(), Batch::default());
    let mut previous_outcomes = Vec::new();
    let mut lines: u64 = 0;
    loop {
        current
            .read(&mut reader, options.batch, lines)
            .map_err(|e| Failure::Input(format!("{name}: cannot read: {e}")))?;
        lines += current.ends.len() as u64;
        let done = std::mem::take(&mut previous_outcomes);
        let (outcomes, emitted) = rayon::join(
            || clean_batch(&current, sanitizer, options),
            || sink.emit(&previous, done),
        );
        emitted?;
        if current.ends.is_empty() {
            return Ok(());
        }
        previous_outcomes = outcomes;
        std::mem::swap(&mut current, &mut previous);
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
    let report_json = match options.report_field {
        Some(name) => match serde_json::to_string(&report) {
            Ok(json) => Some((name, json)),
            Err(e) => return Outcome::Malformed(format!("the report: {e}")),
        },
        None => None,
    };
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
