//! Clean one benchmark corpus many times with one `Sanitizer`, for a
//! profiler: instruction counts from valgrind's callgrind are repeatable,
//! whatever else the machine is doing.
//!
//! ```text
//! CARGO_PROFILE_RELEASE_DEBUG=1 cargo build --release --example profile
//! valgrind --tool=callgrind --callgrind-out-file=cg.out \
//!     target/release/examples/profile typical 2000
//! callgrind_annotate --inclusive=yes cg.out | head -40
//! ```
//!
//! The corpus is `typical`, `mixed`, `hostile`, `plain` or `markdown`
//! (those of `benches/sanitize.rs`; `markdown` with the Markdown preset), or `piece0` to `piece12`: one of the pieces the
//! mixed corpus is drawn from, repeated 1,000 times, to see what one
//! construct costs. The count is how many times to clean it (default 1000);
//! a third argument, `writer`, streams it through `Sanitizer::writer` (bytes
//! in 64 KiB chunks through `io::Write`) instead of calling `clean`.
//! It prints the instructions' divisor: the calls made (times 1,000 for a
//! piece).

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::io::Write;

use comment_sanitizer::{Policy, Sanitizer};

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "typical".into());
    let calls: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let input = match which.as_str() {
        "typical" => corpus::typical_comment(),
        "mixed" => corpus::mixed_comment(0x5eed),
        "hostile" => corpus::hostile_comment(),
        "plain" => corpus::plain_text(),
        "markdown" => corpus::markdown_comment(0x3d),
        other => match other
            .strip_prefix("piece")
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| corpus::MIXED_PIECES.get(n))
        {
            Some(piece) => piece.repeat(1000),
            None => {
                eprintln!(
                    "unknown corpus {other:?}: use typical, mixed, hostile, plain, markdown or piece0 to piece12"
                );
                std::process::exit(2);
            }
        },
    };
    let sanitizer = if which == "markdown" {
        Sanitizer::new(Policy::markdown_comments())
    } else {
        Sanitizer::default()
    };
    let writer = args.next().is_some_and(|a| a == "writer");
    let mut bytes = 0;
    for _ in 0..calls {
        bytes += if writer {
            let mut w = sanitizer.writer(Vec::with_capacity(input.len() + input.len() / 8 + 64));
            for chunk in black_box(input.as_bytes()).chunks(64 * 1024) {
                w.write_all(chunk).expect("a Vec cannot fail");
            }
            w.finish().map_or(0, |(out, _)| out.len())
        } else {
            sanitizer.clean(black_box(&input)).map_or(0, |html| html.len())
        };
    }
    println!(
        "{which}: {calls} calls, {} input bytes each, {bytes} output bytes in all",
        input.len()
    );
}
