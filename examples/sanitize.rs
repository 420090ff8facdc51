//! Sanitize HTML from stdin (or a file) to stdout with the default policy.
//!
//! ```text
//! cargo run --example sanitize < examples/comment.html
//! cargo run --example sanitize -- --report examples/comment.html
//! ```
//!
//! The input is streamed in 64 KiB chunks, so it may be of any size. With
//! `--report`, the report is printed to stderr as one line of JSON. Exit code
//! 0 on success; on error, 1 and a one-line message on stderr.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

use comment_sanitizer::{Removed, Report, Sanitizer};
use serde_json::json;

const CHUNK: usize = 64 * 1024;

fn main() -> ExitCode {
    let mut report_wanted = false;
    let mut path = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--report" => report_wanted = true,
            "-h" | "--help" => {
                println!("usage: sanitize [--report] [FILE]   (reads stdin without FILE)");
                return ExitCode::SUCCESS;
            }
            _ if path.is_none() => path = Some(arg),
            _ => {
                eprintln!("sanitize: unexpected argument {arg:?} (usage: sanitize [--report] [FILE])");
                return ExitCode::from(2);
            }
        }
    }
    match run(path.as_deref()) {
        Ok(report) => {
            if report_wanted {
                eprintln!("{}", report_json(&report));
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("sanitize: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: Option<&str>) -> Result<Report, String> {
    let mut input: Box<dyn Read> = match path {
        Some(path) => Box::new(File::open(path).map_err(|e| format!("cannot open {path}: {e}"))?),
        None => Box::new(io::stdin().lock()),
    };
    let stdout = BufWriter::new(io::stdout().lock());
    let mut writer = Sanitizer::default().writer(stdout);
    let mut buf = vec![0; CHUNK];
    loop {
        let n = input.read(&mut buf).map_err(|e| format!("cannot read input: {e}"))?;
        if n == 0 {
            break;
        }
        writer.write_all(&buf[..n]).map_err(|e| e.to_string())?;
    }
    let (mut stdout, report) = writer.finish().map_err(|e| e.to_string())?;
    stdout.flush().map_err(|e| format!("cannot write output: {e}"))?;
    Ok(report)
}

fn report_json(report: &Report) -> serde_json::Value {
    let removals: Vec<_> = report
        .removals()
        .iter()
        .map(|r| {
            let mut entry = match &r.what {
                Removed::Element { name, content_dropped } => {
                    json!({"kind": "element", "name": name.as_str(), "content_dropped": content_dropped})
                }
                Removed::EndTag { name } => json!({"kind": "end_tag", "name": name.as_str()}),
                Removed::TooDeep { name } => json!({"kind": "too_deep", "name": name.as_str()}),
                Removed::Attribute { element, name, reason } => {
                    json!({"kind": "attribute", "element": element.as_str(), "name": name.as_str(), "reason": reason.to_string()})
                }
                Removed::Comment => json!({"kind": "comment"}),
                Removed::Doctype => json!({"kind": "doctype"}),
                Removed::ProcessingInstruction => json!({"kind": "processing_instruction"}),
                Removed::CdataSection => json!({"kind": "cdata_section"}),
                Removed::UnterminatedTag => json!({"kind": "unterminated_tag"}),
                Removed::TooLongToEscape => json!({"kind": "too_long_to_escape"}),
                other => json!({"kind": format!("{other:?}")}),
            };
            entry["count"] = json!(r.count);
            entry
        })
        .collect();
    json!({
        "links": report.links(),
        "removals": removals,
        "other_removals": report.other_removals(),
    })
}
