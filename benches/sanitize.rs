//! This crate against ammonia, configured with the same policy, in the same
//! criterion run. Every corpus is generated deterministically and every
//! contender's output is checked before anything is timed.
//!
//! ```text
//! cargo bench --bench sanitize
//! ```

use std::collections::{HashMap, HashSet};
use std::hint::black_box;

use comment_sanitizer::Sanitizer;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// ammonia with the comment-form allowlist of `Policy::wordpress_comments`.
fn ammonia_builder() -> ammonia::Builder<'static> {
    let tags: HashSet<&str> = [
        "a",
        "abbr",
        "acronym",
        "b",
        "blockquote",
        "cite",
        "code",
        "del",
        "em",
        "i",
        "q",
        "s",
        "strike",
        "strong",
    ]
    .into_iter()
    .collect();
    let mut attrs: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (tag, attr) in [
        ("a", "href"),
        ("a", "title"),
        ("abbr", "title"),
        ("acronym", "title"),
        ("blockquote", "cite"),
        ("del", "datetime"),
        ("q", "cite"),
    ] {
        attrs.entry(tag).or_default().insert(attr);
    }
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(tags)
        .tag_attributes(attrs)
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("nofollow ugc"))
        .clean_content_tags(["script", "style"].into_iter().collect());
    builder
}

/// A typical comment: about 300 bytes, a little allowed markup.
fn typical_comment() -> String {
    "<p>Thanks for the write-up! I tried the <code>--release</code> flag and it was <b>much</b> faster. \
     See <a href=\"https://example.com/notes\" title=\"my notes\">my notes</a> &amp; the \
     <em>follow-up</em> thread. <q>Measure first</q>, as they say.</p>"
        .to_string()
}

/// Deterministic pseudo-random numbers (xorshift), so corpora never change.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// About 8 KB mixing allowed and disallowed markup.
fn mixed_comment(seed: u64) -> String {
    let pieces = [
        "Some ordinary words of a comment, ",
        "<b>bold</b> ",
        "<i>italic</i> ",
        "<a href=\"https://example.com/a?b=c&amp;d=e\" title=\"t\">a link</a> ",
        "<div class=\"x\">a div</div>",
        "<span style=\"color:red\">span</span> ",
        "<script>alert(1)</script>",
        "<p>a paragraph</p>",
        "<img src=x onerror=alert(1)>",
        "caf\u{e9} &amp; cr\u{e8}me ",
        "<blockquote cite=\"https://x.example\">quoted <em>text</em></blockquote>",
        "<!-- a comment -->",
        "<a href=\"javascript:alert(1)\">bad</a> ",
    ];
    let mut rng = Rng(seed);
    let mut out = String::new();
    while out.len() < 8 * 1024 {
        out.push_str(rng.pick(&pieces));
    }
    out
}

fn bench_corpus(c: &mut Criterion, name: &str, input: &str) {
    let ours = Sanitizer::default();
    let theirs = ammonia_builder();
    // Verify before timing: both produce non-empty output, script is gone.
    let our_out = ours.clean(input).expect("no input limit");
    let their_out = theirs.clean(input).to_string();
    for out in [&our_out, &their_out] {
        assert!(!out.is_empty() && !out.contains("<script") && !out.contains("onerror"));
    }
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.bench_function("comment-sanitizer", |b| b.iter(|| ours.clean(black_box(input))));
    group.bench_function("ammonia", |b| b.iter(|| theirs.clean(black_box(input)).to_string()));
    group.finish();
}

/// Inputs that try to make the cost per byte grow, at n, 10n and 100n
/// repetitions: if the cost is linear, throughput stays flat across sizes.
fn pathological(c: &mut Criterion) {
    let ours = Sanitizer::default();
    type Make = fn(usize) -> String;
    let cases: [(&str, Make); 8] = [
        ("deep-nesting", |n| "<b>".repeat(n)),
        ("unclosed-links", |n| "<a href=/x>".repeat(n)),
        ("misnested", |n| "<b><i>x</b>".repeat(n)),
        ("repeated-attributes", |n| format!("<b{}>x", " a=1".repeat(n))),
        ("distinct-attributes", |n| {
            format!("<b{}>x", (0..n).map(|i| format!(" a{i}=1")).collect::<String>())
        }),
        ("entity-run", |n| "&amp;&lt;&#x41;&".repeat(n)),
        ("lt-run", |n| "<".repeat(n)),
        ("nested-svg", |n| "<svg>".repeat(n)),
    ];
    for (name, make) in cases {
        let mut group = c.benchmark_group(format!("pathological/{name}"));
        group.sample_size(10);
        for n in [100, 1_000, 10_000] {
            let input = make(n);
            // Verify before timing: the output is balanced and bounded.
            let out = ours.clean(&input).expect("no input limit");
            assert!(out.len() <= input.len() * 6 + 64, "{name}: output unexpectedly large");
            group.throughput(Throughput::Bytes(input.len() as u64));
            group.bench_function(format!("n={n}"), |b| b.iter(|| ours.clean(black_box(&input))));
        }
        group.finish();
    }
}

fn benches(c: &mut Criterion) {
    bench_corpus(c, "typical-300B", &typical_comment());
    bench_corpus(c, "mixed-8KB", &mixed_comment(0x5eed));
    pathological(c);
}

criterion_group!(sanitize, benches);
criterion_main!(sanitize);
