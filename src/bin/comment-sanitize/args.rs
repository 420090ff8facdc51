//! The command line: one clap struct, with the exit codes in `--help`.

use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{Parser, ValueEnum};
use comment_sanitizer::Policy;

/// What `--help` prints after the options.
const AFTER_HELP: &str = "\
Exit codes:
  0  success (with --on-error skip, also when lines were skipped: the summary counts them)
  1  an input or output error: a file that cannot be read or written, invalid UTF-8
     without --lossy, a malformed JSONL line under --on-error stop, a policy file
     that does not load (the message names the key), a limit of the policy that
     stopped sanitizing
  2  a usage error: an unknown option, a missing or invalid value";

/// Sanitize untrusted comment HTML: files (or stdin) to stdout, or the
/// string field of every record of a JSONL export.
#[derive(Debug, Parser)]
#[command(name = "comment-sanitize", version, about, after_help = AFTER_HELP)]
pub struct Args {
    /// Files to sanitize, each a comment, one after the other to the
    /// output; stdin without any (or for `-`).
    pub files: Vec<PathBuf>,

    /// The built-in policy to apply.
    #[arg(long, value_name = "NAME", default_value = "wordpress-comments",
          value_parser = PossibleValuesParser::new(Policy::PRESET_NAMES))]
    pub preset: String,

    /// A policy file instead of a preset: TOML, or JSON for a `.json` file
    /// (see examples/policies/ in the source).
    #[arg(long, value_name = "FILE", conflicts_with = "preset")]
    pub policy: Option<PathBuf>,

    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    #[arg(long)]
    pub lossy: bool,

    /// Print the report of each input (what was removed, how many links)
    /// as one line of JSON on stderr.
    #[arg(long, conflicts_with = "jsonl")]
    pub report: bool,

    /// Batch mode: the input is JSONL (one JSON object per line); clean the
    /// string field given by --field in every record, leaving every other
    /// byte of the line as it is. Runs on every core; output keeps the
    /// input order. Prints a summary on stderr.
    #[arg(long, requires = "field")]
    pub jsonl: bool,

    /// The string field to clean in each JSONL record.
    #[arg(long, value_name = "NAME", requires = "jsonl")]
    pub field: Option<String>,

    /// Write the output here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// What to do with a malformed JSONL line (not a JSON object, or the
    /// field missing or not a string): stop the run, or report it on
    /// stderr and leave it out of the output.
    #[arg(long, value_enum, default_value_t = OnError::Stop, requires = "jsonl")]
    pub on_error: OnError,

    /// Add each record's report (a JSON object) to it under this name
    /// (replacing a field of that name).
    #[arg(long, value_name = "NAME", requires = "jsonl")]
    pub report_field: Option<String>,

    /// Records with more links than this are counted in the summary as
    /// over the link limit (they are still cleaned and written). Default:
    /// the policy's max_links, else 1 (WordPress holds a comment with 2 or
    /// more links for moderation).
    #[arg(long, value_name = "N", requires = "jsonl")]
    pub max_links: Option<usize>,

    /// JSONL records handed to the threads at once (memory holds about two
    /// batches).
    #[arg(long, value_name = "LINES", default_value_t = 4096, value_parser = clap::value_parser!(u32).range(1..), requires = "jsonl")]
    pub batch: u32,
}

/// What a malformed JSONL line does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnError {
    /// Report it and stop (exit code 1).
    Stop,
    /// Report it, leave it out, go on (counted in the summary).
    Skip,
}
