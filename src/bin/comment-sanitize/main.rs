//! `comment-sanitize`: the library on the command line.
//!
//! ```text
//! comment-sanitize [OPTIONS] [FILE...]                  # HTML, each file a comment, to stdout
//! comment-sanitize --jsonl --field body export.jsonl    # clean one field of every record
//! ```
//!
//! One job per file: `args.rs` the command line, `settings.rs` the policy it
//! asks for, `input.rs` the inputs, `html.rs` streaming HTML through the
//! library's writer, `jsonl.rs` the batch mode, `record.rs` one JSONL
//! record, `summary.rs` the counts of a batch run, `progress.rs` its
//! progress bar. Reports are written as JSON with the library's
//! `Serialize` (feature `serde`).

#![forbid(unsafe_code)]

mod args;
mod html;
mod input;
mod jsonl;
mod progress;
mod record;
mod settings;
mod summary;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;
use comment_sanitizer::Sanitizer;

use crate::args::Args;
use crate::html::Failure;
use crate::input::Input;
use crate::summary::Summary;

/// Exit code of an input or output error (clap exits with 2 on a usage
/// error, and 0 after `--help` and `--version`).
const INPUT_ERROR: u8 = 1;

fn main() -> ExitCode {
    let args = Args::parse();
    let failures = run(&args);
    for failure in &failures {
        let (Failure::Input(message) | Failure::Output(message)) = failure;
        eprintln!("comment-sanitize: {message}");
    }
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(INPUT_ERROR)
    }
}

/// Run the command; the failures, if any.
fn run(args: &Args) -> Vec<Failure> {
    let chosen = match settings::choose(args) {
        Ok(chosen) => chosen,
        Err(message) => return vec![Failure::Input(message)],
    };
    let sanitizer = Sanitizer::new(chosen.policy);
    let inputs = Input::all(&args.files);
    // `Send`, so that a JSONL batch is written while the next is cleaned.
    let mut out: Box<dyn Write + Send> = match &args.output {
        Some(path) => match File::create(path) {
            Ok(file) => Box::new(BufWriter::with_capacity(1 << 16, file)),
            Err(e) => return vec![Failure::Output(format!("{}: cannot create: {e}", path.display()))],
        },
        None => Box::new(BufWriter::with_capacity(1 << 16, io::stdout())),
    };
    let mut failures = match &args.field {
        Some(field) if args.jsonl => {
            let options = jsonl::Options {
                field,
                report_field: args.report_field.as_deref(),
                on_error: args.on_error,
                batch: args.batch as usize,
                lossy: args.lossy,
            };
            let mut summary = Summary::new(chosen.max_links);
            let result = jsonl::run(&inputs, &sanitizer, &options, &mut out, &mut summary);
            // What was done, also when a malformed line stopped the run.
            eprintln!("{summary}");
            result.err().into_iter().collect()
        }
        _ => html::run(&inputs, &sanitizer, &mut out, args.report),
    };
    if let Err(e) = out.flush() {
        failures.push(Failure::Output(format!("cannot write the output: {e}")));
    }
    failures
}
