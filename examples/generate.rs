//! Write benchmark inputs for the `comment-sanitize` binary to stdout,
//! deterministically (the same bytes on every run and machine).
//!
//! ```text
//! cargo run --release --example generate -- html 20 > mixed.html      # 20 MB of mixed comments
//! cargo run --release --example generate -- jsonl 1000000 > c.jsonl  # 1,000,000 comment records
//! ```
//!
//! `html MB`: comments of about 30 B to 1 KB drawn from the pieces of the
//! benchmark's mixed corpus (`benches/support/corpus.rs`, allowed and
//! disallowed markup, entities, non-ASCII text), one after the other.
//! `jsonl COUNT`: one JSON object per line, as a comment export has them:
//! `id`, `post_id`, `author`, `date`, the comment in `body`, `approved`.

#[path = "../benches/support/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use corpus::{Rng, MIXED_PIECES};

/// More pieces, for comments in other scripts and with quotes a JSON
/// string escapes.
const MORE_PIECES: [&str; 4] = [
    "\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{30b3}\u{30e1}\u{30f3}\u{30c8}\u{3002} ",
    "\"quoted\" and a back\\slash ",
    "I <3 this &amp; that. ",
    "<p>Line one<br>line two</p>\n",
];

/// A comment of 1 to 16 pieces (about 280 bytes on average).
fn comment(rng: &mut Rng) -> String {
    let pieces = 1 + rng.next() % 16;
    let mut out = String::new();
    for _ in 0..pieces {
        let k = rng.next() % (MIXED_PIECES.len() + MORE_PIECES.len()) as u64;
        let piece = match MIXED_PIECES.get(k as usize) {
            Some(piece) => piece,
            None => MORE_PIECES[k as usize - MIXED_PIECES.len()],
        };
        out.push_str(piece);
    }
    out
}

fn html(out: &mut dyn Write, megabytes: u64) -> io::Result<()> {
    let mut rng = Rng(0x5eed_c0de);
    let mut written = 0;
    while written < megabytes * 1_000_000 {
        let mut c = comment(&mut rng);
        c.push('\n');
        out.write_all(c.as_bytes())?;
        written += c.len() as u64;
    }
    Ok(())
}

fn jsonl(out: &mut dyn Write, count: u64) -> io::Result<()> {
    let mut rng = Rng(0x1d_c0de);
    for id in 1..=count {
        let body = comment(&mut rng);
        let post = 1 + rng.next() % 5000;
        let author = rng.next() % 100_000;
        let (day, second) = (1 + rng.next() % 28, rng.next() % 86_400);
        let approved = rng.next() % 4 != 0;
        writeln!(
            out,
            r#"{{"id":{id},"post_id":{post},"author":"user{author}","date":"2026-11-{day:02}T{:02}:{:02}:{:02}Z","body":{},"approved":{approved}}}"#,
            second / 3600,
            second / 60 % 60,
            second % 60,
            json_string(&body)
        )?;
    }
    Ok(())
}

/// `s` as a JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = match (
        args.first().map(String::as_str),
        args.get(1).and_then(|n| n.parse().ok()),
    ) {
        (Some("html"), Some(mb)) => html(&mut out, mb),
        (Some("jsonl"), Some(count)) => jsonl(&mut out, count),
        _ => {
            eprintln!("usage: generate html MEGABYTES | generate jsonl COUNT");
            return ExitCode::from(2);
        }
    };
    match result.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("generate: {e}");
            ExitCode::FAILURE
        }
    }
}
