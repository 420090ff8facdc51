//! Re-clean many comments on a thread pool, as an operator re-sanitizing a
//! comment database would, and show that memory stays flat.
//!
//! ```text
//! cargo run --release --example bulk -- [COUNT] [THREADS]
//! ```
//!
//! COUNT defaults to 10,000,000 generated comments, THREADS to the number
//! of CPUs. Every second it prints progress, throughput and the process's
//! peak resident memory (VmHWM from /proc/self/status on Linux).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use comment_sanitizer::Sanitizer;

/// Comment fragments, mixed deterministically into distinct comments.
const PIECES: &[&str] = &[
    "Great post! ",
    "I <3 this &amp; that. ",
    "<b>Bold claim</b> ",
    "<a href=\"https://example.com/x\" onclick=\"steal()\">a link</a> ",
    "<script>alert(1)</script>",
    "<p>A paragraph of text that goes on for a while.</p>",
    "<i>caf\u{e9}</i> ",
    "<img src=x onerror=alert(1)>",
    "<blockquote cite=\"javascript:x\">quoted</blockquote>",
    "日本語のコメント。",
];

fn comment(i: u64) -> String {
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = String::new();
    for _ in 0..(3 + i % 8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push_str(PIECES[(x % PIECES.len() as u64) as usize]);
    }
    out
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let count: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000_000);
    let threads: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get() as u64));
    let sanitizer = Sanitizer::default();
    let done = AtomicU64::new(0);
    let bytes_in = AtomicU64::new(0);
    let start = Instant::now();
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (sanitizer, done, bytes_in) = (&sanitizer, &done, &bytes_in);
            scope.spawn(move || {
                let mut i = t;
                while i < count {
                    let input = comment(i);
                    let out = sanitizer.clean(&input).expect("no limit is set");
                    assert!(!out.contains("<script"), "comment {i} kept a script");
                    bytes_in.fetch_add(input.len() as u64, Ordering::Relaxed);
                    done.fetch_add(1, Ordering::Relaxed);
                    i += threads;
                }
            });
        }
        let mut last = 0;
        while done.load(Ordering::Relaxed) < count {
            std::thread::sleep(Duration::from_millis(200));
            let secs = start.elapsed().as_secs();
            if secs > last {
                last = secs;
                let n = done.load(Ordering::Relaxed);
                eprintln!(
                    "{:>4}s {:>10} comments {:>8.0} comments/s peak RSS {} KiB",
                    secs,
                    n,
                    n as f64 / start.elapsed().as_secs_f64(),
                    peak_rss_kib().unwrap_or(0)
                );
            }
        }
    });
    let secs = start.elapsed().as_secs_f64();
    let bytes = bytes_in.load(Ordering::Relaxed) as f64;
    println!(
        "{count} comments on {threads} threads in {secs:.1} s: {:.0} comments/s, {:.1} MB/s, peak RSS {} KiB",
        count as f64 / secs,
        bytes / secs / 1e6,
        peak_rss_kib().map_or("unknown".to_string(), |k| k.to_string())
    );
}
