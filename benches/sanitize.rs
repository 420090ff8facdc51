//! This crate against ammonia (configured with the same policy) and
//! lol_html (doing as much of the job as a rewriter can), in the same
//! criterion run, next to two references: a memchr scan for `<` and `&`,
//! the least work that reads the input, and a copy of the input into a new
//! string, the least any sanitizer that returns a string does. Every corpus
//! is generated deterministically and every contender's output is checked
//! before anything is timed.
//!
//! ```text
//! cargo bench --bench sanitize
//! ```

use std::collections::{HashMap, HashSet};
use std::hint::black_box;
use std::io::Write;

use std::sync::OnceLock;

use comment_sanitizer::{Policy, Sanitizer};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lol_html::{doc_comments, element, HtmlRewriter, Settings};

#[path = "support/corpus.rs"]
mod corpus;

use corpus::{hostile_comment, markdown_comment, mixed_comment, plain_text, typical_comment};

/// The default policy, shared by every contender: ammonia and lol_html are
/// configured from its accessors, so the allowlist is written once.
fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(Policy::wordpress_comments)
}

/// The kept attributes of a kept element, or `None` if it is not kept.
fn allowed_attributes(element: &str) -> Option<Vec<&'static str>> {
    let policy = policy();
    policy
        .allows_element(element)
        .then(|| policy.allowed_attributes(element).map(|(a, _)| a).collect())
}

const DROP_CONTENT: &[&str] = &[
    "script", "style", "template", "iframe", "object", "embed", "noscript", "noembed", "noframes", "xmp", "textarea",
    "title", "select", "svg", "math",
];

fn url_ok(url: &str) -> bool {
    let url: String = url
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    match url.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// lol_html doing the same job as far as a rewriter can: remove disallowed
/// elements (keeping their text, or with their content for DROP_CONTENT),
/// strip attributes off the allowlist, check href/cite schemes, add rel to
/// links, remove comments. It does not balance tags, re-escape text or
/// decode entities in attribute values, so it does less work than a
/// sanitizer must.
fn lol_clean(input: &[u8], chunk: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut rewriter = HtmlRewriter::new(
        Settings::new()
            .append_element_content_handler(element!("*", |el| {
                let name = el.tag_name();
                if DROP_CONTENT.contains(&name.as_str()) {
                    el.remove();
                    return Ok(());
                }
                let Some(attrs) = allowed_attributes(&name) else {
                    el.remove_and_keep_content();
                    return Ok(());
                };
                let names: Vec<String> = el.attributes().iter().map(|a| a.name()).collect();
                for attr in names {
                    let keep = attrs.contains(&attr.as_str())
                        && (!matches!(attr.as_str(), "href" | "cite")
                            || el.get_attribute(&attr).is_some_and(|v| url_ok(&v)));
                    if !keep {
                        el.remove_attribute(&attr);
                    }
                }
                if name == "a" && el.has_attribute("href") {
                    el.set_attribute("rel", "nofollow ugc")?;
                }
                Ok(())
            }))
            .append_document_content_handler(doc_comments!(|c| {
                c.remove();
                Ok(())
            })),
        |c: &[u8]| out.extend_from_slice(c),
    );
    for piece in input.chunks(chunk.max(1)) {
        if rewriter.write(piece).is_err() {
            break;
        }
    }
    let _ = rewriter.end();
    out
}

/// The ceiling: find every `<` and `&`, the least any sanitizer must do.
fn memchr_scan(input: &[u8]) -> usize {
    memchr::memchr2_iter(b'<', b'&', input).count()
}

/// ammonia with the comment-form allowlist of `Policy::wordpress_comments`.
fn ammonia_builder() -> ammonia::Builder<'static> {
    let policy = policy();
    let tags: HashSet<&str> = policy.elements().collect();
    let mut attrs: HashMap<&str, HashSet<&str>> = HashMap::new();
    for tag in policy.elements() {
        attrs
            .entry(tag)
            .or_default()
            .extend(policy.allowed_attributes(tag).map(|(a, _)| a));
    }
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(tags)
        .tag_attributes(attrs)
        .url_schemes(policy.url_schemes().collect())
        .link_rel(policy.link_rel())
        .clean_content_tags(["script", "style"].into_iter().collect());
    builder
}

/// ammonia configured like `Policy::markdown_comments()`: what its options
/// cannot say (the `language-*` tokens of `code class`, the integer
/// `ol start`, the `align` values, `http`/`https` only for `img src`) is said
/// with its `attribute_filter`.
fn ammonia_markdown() -> ammonia::Builder<'static> {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    let policy = POLICY.get_or_init(Policy::markdown_comments);
    let mut attrs: HashMap<&str, HashSet<&str>> = HashMap::new();
    for tag in policy.elements() {
        attrs
            .entry(tag)
            .or_default()
            .extend(policy.allowed_attributes(tag).map(|(a, _)| a));
    }
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(policy.elements().collect())
        .tag_attributes(attrs)
        .url_schemes(policy.url_schemes().collect())
        .link_rel(policy.link_rel())
        .clean_content_tags(["script", "style"].into_iter().collect())
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("code", "class") => {
                let kept: Vec<&str> = value
                    .split_ascii_whitespace()
                    .filter(|t| t.strip_prefix("language-").is_some_and(|rest| !rest.is_empty()))
                    .collect();
                (!kept.is_empty()).then(|| kept.join(" ").into())
            }
            ("ol", "start") => {
                let digits = value.strip_prefix('-').unwrap_or(value);
                ((1..=10).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())).then_some(value.into())
            }
            ("th" | "td", "align") => ["left", "center", "right"].contains(&value).then_some(value.into()),
            ("img", "src") => {
                let scheme = value.split_once(':').map(|(s, _)| s.trim().to_ascii_lowercase());
                match scheme {
                    Some(s) if !s.contains(['/', '?', '#']) && s != "http" && s != "https" => None,
                    _ => Some(value.into()),
                }
            }
            _ => Some(value.into()),
        });
    builder
}

/// The Markdown preset on rendered Markdown comments, against ammonia with
/// the same policy (lol_html is left out: its job here would need the
/// attribute rules above written again).
fn bench_markdown(c: &mut Criterion) {
    let input = markdown_comment(0x3d);
    let ours = Sanitizer::new(Policy::markdown_comments());
    let theirs = ammonia_markdown();
    // Verify before timing: both kept the rendered markup and removed the
    // raw HTML's script.
    let our_out = ours.clean(&input).expect("no input limit");
    let their_out = theirs.clean(&input).to_string();
    for out in [&our_out, &their_out] {
        assert!(
            out.contains("<table>")
                && out.contains("<code class=\"language-rust\">")
                && out.contains("<ol start=\"3\">")
        );
        assert!(!out.contains("<script") && !out.contains("onerror") && !out.contains("<span"));
    }
    let mut group = c.benchmark_group("markdown-8KB");
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.bench_function("comment-sanitizer", |b| b.iter(|| ours.clean(black_box(&input))));
    group.bench_function("comment-sanitizer-with-report", |b| {
        b.iter(|| ours.clean_with_report(black_box(&input)))
    });
    assert_eq!(write_stream(&ours, input.as_bytes()), our_out.as_bytes());
    group.bench_function("comment-sanitizer-writer", |b| {
        b.iter(|| write_stream(&ours, black_box(input.as_bytes())))
    });
    group.bench_function("ammonia", |b| b.iter(|| theirs.clean(black_box(&input)).to_string()));
    group.bench_function("copy-floor", |b| b.iter(|| black_box(&input).to_owned()));
    group.finish();
}

/// The streaming writer over `input`: bytes in 64 KiB chunks through
/// `io::Write` (so UTF-8 is validated, with SIMD under feature
/// `simd-utf8`), into a `Vec` sized like the output `clean` returns.
fn write_stream(sanitizer: &Sanitizer, input: &[u8]) -> Vec<u8> {
    let mut writer = sanitizer.writer(Vec::with_capacity(input.len() + input.len() / 8 + 64));
    for chunk in input.chunks(64 * 1024) {
        writer.write_all(chunk).expect("a Vec cannot fail");
    }
    writer.finish().expect("no limit is set").0
}

fn bench_corpus(c: &mut Criterion, name: &str, input: &str) {
    let ours = Sanitizer::default();
    let theirs = ammonia_builder();
    // Verify before timing: every contender did the job on this input.
    let our_out = ours.clean(input).expect("no input limit");
    let their_out = theirs.clean(input).to_string();
    let lol_out = String::from_utf8(lol_clean(input.as_bytes(), input.len())).expect("UTF-8");
    for out in [&our_out, &their_out, &lol_out] {
        assert!(!out.is_empty() && !out.contains("<script") && !out.contains("onerror"));
    }
    assert_eq!(memchr_scan(input.as_bytes()), input.matches(['<', '&']).count());
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(input.len() as u64));
    if input.len() > 100_000 {
        group.sample_size(10);
    }
    assert_eq!(write_stream(&ours, input.as_bytes()), our_out.as_bytes());
    group.bench_function("comment-sanitizer", |b| b.iter(|| ours.clean(black_box(input))));
    // The streaming writer (which builds the report), 64 KiB chunks.
    group.bench_function("comment-sanitizer-writer", |b| {
        b.iter(|| write_stream(&ours, black_box(input.as_bytes())))
    });
    // The same with the moderation report, which `clean` does not build.
    group.bench_function("comment-sanitizer-with-report", |b| {
        b.iter(|| ours.clean_with_report(black_box(input)))
    });
    group.bench_function("ammonia", |b| b.iter(|| theirs.clean(black_box(input)).to_string()));
    group.bench_function("lol_html", |b| {
        b.iter(|| lol_clean(black_box(input.as_bytes()), input.len()))
    });
    group.bench_function("memchr-ceiling", |b| {
        b.iter(|| memchr_scan(black_box(input.as_bytes())))
    });
    // The least any sanitizer that returns a new string does: copy the
    // input into it.
    group.bench_function("copy-floor", |b| b.iter(|| black_box(input).to_owned()));
    group.finish();
}

/// 10 MB of mixed comments streamed in 64 KiB chunks.
fn bench_stream(c: &mut Criterion) {
    let mut input = String::new();
    let mut seed = 1;
    while input.len() < 10 * 1024 * 1024 {
        input.push_str(&mixed_comment(seed));
        seed += 1;
    }
    let ours = Sanitizer::default();
    let stream_ours = |input: &str| -> u64 {
        let mut writer = ours.writer(std::io::sink());
        let mut rest = input;
        while !rest.is_empty() {
            let mut at = rest.len().min(64 * 1024);
            while !rest.is_char_boundary(at) {
                at -= 1;
            }
            writer.feed(&rest[..at]).expect("a sink cannot fail");
            rest = &rest[at..];
        }
        let (_, report) = writer.finish().expect("a sink cannot fail");
        report.total_removals()
    };
    // Verify: streaming removes exactly what cleaning the whole input does.
    assert_eq!(
        stream_ours(&input),
        ours.clean_with_report(&input).expect("no limit").1.total_removals()
    );
    assert_eq!(
        write_stream(&ours, input.as_bytes()),
        ours.clean(&input).expect("no limit").as_bytes()
    );
    let mut group = c.benchmark_group("stream-10MB-64KiB-chunks");
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.sample_size(10);
    group.bench_function("comment-sanitizer", |b| b.iter(|| stream_ours(black_box(&input))));
    // The whole input in one `clean`, and the writer fed bytes (64 KiB
    // chunks through `io::Write`), for the writer/clean ratio.
    group.bench_function("comment-sanitizer-clean", |b| b.iter(|| ours.clean(black_box(&input))));
    group.bench_function("comment-sanitizer-writer", |b| {
        b.iter(|| write_stream(&ours, black_box(input.as_bytes())))
    });
    group.bench_function("lol_html", |b| {
        b.iter(|| lol_clean(black_box(input.as_bytes()), 64 * 1024))
    });
    group.bench_function("memchr-ceiling", |b| {
        b.iter(|| memchr_scan(black_box(input.as_bytes())))
    });
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

/// Escape mode against strip mode, same policy otherwise, on the mixed
/// corpus: escape mode also tracks the source of every tag.
fn bench_escape(c: &mut Criterion) {
    let input = mixed_comment(0x5eed);
    let strip = Sanitizer::default();
    let escape = Sanitizer::new(
        Policy::wordpress_comments()
            .to_builder()
            .disallowed(comment_sanitizer::Disallowed::Escape)
            .build()
            .expect("the escape policy builds"),
    );
    let out = escape.clean(&input).expect("no input limit");
    assert!(out.contains("&lt;script") && !out.contains("<script"));
    let mut group = c.benchmark_group("mixed-8KB-escape");
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.bench_function("strip", |b| b.iter(|| strip.clean(black_box(&input))));
    group.bench_function("escape", |b| b.iter(|| escape.clean(black_box(&input))));
    group.finish();
}

fn benches(c: &mut Criterion) {
    bench_corpus(c, "typical-300B", &typical_comment());
    bench_corpus(c, "mixed-8KB", &mixed_comment(0x5eed));
    bench_corpus(c, "hostile-8KB", &hostile_comment());
    bench_corpus(c, "plain-1MB", &plain_text());
    bench_markdown(c);
    bench_escape(c);
    bench_stream(c);
    pathological(c);
}

criterion_group!(sanitize, benches);
criterion_main!(sanitize);
