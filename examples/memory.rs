//! Stream 100 MB of hostile input of each kind through the sanitizer and
//! report the peak resident memory of the process: memory must not grow
//! with the input. Each case fails past 8 MiB of peak RSS, with default
//! limits (`Limits::max_held_bytes` among them: the tables held back while
//! content might still be moved before them).
//!
//! ```text
//! cargo run --release --example memory            # every case, each in its own process
//! cargo run --release --example memory -- CASE    # one case (see CASES)
//! ```
//!
//! Input is generated on the fly in 64 KiB chunks and output goes to a
//! counting sink, so the only memory that can grow is the sanitizer's own.
//! Peak RSS is VmHWM from /proc/self/status (Linux).

use std::io::{self, Write};
use std::process::{Command, ExitCode};

use comment_sanitizer::{Policy, Sanitizer};

const TOTAL: usize = 100 * 1024 * 1024;
const CHUNK: usize = 64 * 1024;
/// The most peak RSS a case may take.
const MAX_RSS_KIB: u64 = 8 * 1024;

/// (name, prefix generator, filler, suffix)
const CASES: &[&str] = &[
    "plain-text",
    "mixed-comments",
    "one-100MB-attribute-value",
    "one-100MB-comment",
    "1M-nested-b",
    "1M-unclosed-links",
    "1M-nested-lists",
    "1M-nested-tables",
    "huge-table",
    "endless-foster-parenting",
    "foster-parented-tables",
    "reopened-formatting",
    "1M-nested-svg",
];

/// The policy of a case: the Markdown preset keeps lists and tables, so
/// its cases hold table content back; the others use the default.
fn policy(case: &str) -> Policy {
    match case {
        "1M-nested-lists"
        | "1M-nested-tables"
        | "huge-table"
        | "endless-foster-parenting"
        | "foster-parented-tables"
        | "reopened-formatting" => Policy::markdown_comments(),
        _ => Policy::wordpress_comments(),
    }
}

/// Counts what is written and drops it.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The parts of a case: a prefix repeated `n` times, then `filler` repeated
/// up to 100 MB in all, then a suffix.
fn parts(case: &str) -> Option<(&'static str, usize, &'static str, &'static str)> {
    Some(match case {
        "plain-text" => ("", 0, "Plain comment text, with words and punctuation. ", ""),
        "mixed-comments" => (
            "",
            0,
            "<p>A <b>comment</b> with <a href=\"https://example.com/x\" onclick=\"x()\">links</a>, \
             <script>alert(1)</script><i>caf\u{e9}</i> &amp; <!-- c --> more.</p>\n",
            "",
        ),
        "one-100MB-attribute-value" => ("<a title=\"", 1, "xxxxxxxxxxxxxxxx", "\">link</a>"),
        "one-100MB-comment" => ("<!--", 1, "comment text ", "-->after"),
        "1M-nested-b" => ("<b>", 1_000_000, "text ", ""),
        "1M-unclosed-links" => ("<a href=\"https://example.com/\">", 1_000_000, "text ", ""),
        "1M-nested-lists" => ("<ul><li>", 1_000_000, "item ", ""),
        "1M-nested-tables" => ("<table><tr><td>", 1_000_000, "cell ", ""),
        "huge-table" => (
            "<table>",
            1,
            "<tr><td>cell</td><td align=left>x</td></tr>\n",
            "</table>",
        ),
        "endless-foster-parenting" => (
            "<table><tr><td>x</td></tr>",
            1,
            "moved <b>before</b> the table ",
            "</table>",
        ),
        "foster-parented-tables" => ("", 0, "<table>text<table>more<em>x", ""),
        "reopened-formatting" => (
            "<a href=\"https://example.com/\"><b><i><em><strong><s><code>",
            1,
            "<p>x</p>",
            "",
        ),
        "1M-nested-svg" => ("<svg><foreignObject>", 1_000_000, "text ", ""),
        _ => return None,
    })
}

fn run_case(case: &str) -> Result<(u64, u64), String> {
    let (prefix, n, filler, suffix) = parts(case).ok_or_else(|| format!("unknown case {case:?}"))?;
    let mut writer = Sanitizer::new(policy(case)).writer(Counter(0));
    let mut chunk = String::with_capacity(CHUNK + 256);
    let mut fed = 0usize;
    let mut feed = |chunk: &mut String, fed: &mut usize| -> Result<(), String> {
        *fed += chunk.len();
        writer.feed(chunk).map_err(|e| e.to_string())?;
        chunk.clear();
        Ok(())
    };
    for _ in 0..n {
        chunk.push_str(prefix);
        if chunk.len() >= CHUNK {
            feed(&mut chunk, &mut fed)?;
        }
    }
    while fed + chunk.len() + filler.len() + suffix.len() <= TOTAL {
        chunk.push_str(filler);
        if chunk.len() >= CHUNK {
            feed(&mut chunk, &mut fed)?;
        }
    }
    chunk.push_str(suffix);
    feed(&mut chunk, &mut fed)?;
    let (out, _report) = writer.finish().map_err(|e| e.to_string())?;
    Ok((fed as u64, out.0))
}

fn main() -> ExitCode {
    if let Some(case) = std::env::args().nth(1) {
        return match run_case(&case) {
            Ok((input, output)) => {
                let rss = peak_rss_kib().unwrap_or(0);
                println!(
                    "{case:28} input {:>5} MB  output {:>5} MB  peak RSS {rss:>6} KiB",
                    input >> 20,
                    output >> 20,
                );
                if rss > MAX_RSS_KIB {
                    eprintln!("memory: {case}: peak RSS {rss} KiB is over {MAX_RSS_KIB} KiB");
                    return ExitCode::FAILURE;
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("memory: {case}: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            eprintln!("memory: cannot find own executable: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut ok = true;
    for case in CASES {
        match Command::new(&exe).arg(case).status() {
            Ok(status) if status.success() => {}
            _ => ok = false,
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
