//! The `comment-sanitize` binary, run as a process on real files (written
//! under the target directory only), its output checked against the
//! library's own `clean`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use comment_sanitizer::{clean, Policy, Sanitizer};

const BIN: &str = env!("CARGO_BIN_EXE_comment-sanitize");

/// A fresh file under the target directory's scratch space.
fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-tests");
    std::fs::create_dir_all(&dir).expect("target dir is writable");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("target dir is writable");
    path
}

/// Run the binary with `args`, `stdin` as its input.
fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut pipe = child.stdin.take().expect("piped");
    let input = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        // The binary may exit before reading everything (a usage error).
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().expect("the binary finishes");
    feeder.join().expect("the feeder thread");
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_readme_command_cleans_the_example_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/comment.html");
    let input = std::fs::read_to_string(path).expect("the example exists");
    let output = run(&[path], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), clean(&input));
    assert!(!stdout(&output).contains("<script"));
}

#[test]
fn stdin_to_stdout_and_several_files_in_order() {
    let input = "<b onclick=x()>hi</b><script>evil()</script> I <3 it";
    let output = run(&[], input.as_bytes());
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "<b>hi</b> I &lt;3 it");
    let a = temp_file("a.html", b"<i>one");
    let b = temp_file("b.html", b"<p>two</p>");
    let a = a.to_str().expect("UTF-8 path");
    let b = b.to_str().expect("UTF-8 path");
    // Each file is a comment of its own: the <i> is closed before the next.
    let output = run(&[a, "-", b], b"<em>mid");
    assert_eq!(stdout(&output), "<i>one</i><em>mid</em>two");
}

#[test]
fn a_large_input_streams_in_chunks_with_the_same_output() {
    let piece = "<p>caf\u{e9} <b>bold</b> <a href=\"https://x.example\" onclick=y>l</a><script>z</script></p>\n";
    let input = piece.repeat(20_000); // about 1.7 MB, many 64 KiB chunks
    let path = temp_file("large.html", input.as_bytes());
    let output = run(&[path.to_str().expect("UTF-8 path")], b"");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), clean(&input));
}

#[test]
fn markdown_preset() {
    let input =
        "<table><tr><td align=left>x</td></tr></table><pre><code class=\"language-rust\">fn</code></pre><div>d</div>";
    let output = run(&["--preset", "markdown-comments"], input.as_bytes());
    assert_eq!(output.status.code(), Some(0));
    let expected = Sanitizer::new(Policy::markdown_comments())
        .clean(input)
        .expect("no limit");
    assert_eq!(stdout(&output), expected);
    assert!(expected.contains("<table>") && !clean(input).contains("<table>"));
    let output = run(&["--preset", "nonsense"], b"");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn invalid_utf8_fails_unless_lossy() {
    let input = b"<b>ok \xff\xfe bad</b>";
    let output = run(&[], input);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("UTF-8"), "{}", stderr(&output));
    // What was written is a balanced prefix.
    assert_eq!(stdout(&output), "<b>ok </b>");
    let output = run(&["--lossy"], input);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "<b>ok \u{fffd}\u{fffd} bad</b>");
}

#[test]
fn report_is_json_on_stderr() {
    let output = run(&["--report"], b"<a href=https://a.example onclick=x>a</a><!-- c -->");
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_str(stderr(&output).trim()).expect("JSON on stderr");
    assert_eq!(report["links"], 1);
    let text = report.to_string();
    assert!(text.contains("onclick") && text.contains("comment"), "{text}");
}

#[test]
fn usage_errors_exit_2_and_version_exits_0() {
    for args in [
        &["--bogus"][..],
        &["--field", "body"],
        &["--jsonl"],
        &["--jsonl", "--field", "b", "--on-error", "maybe"],
    ] {
        let output = run(args, b"");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = stderr(&output);
        assert!(
            err.contains("Usage: comment-sanitize") || err.contains("invalid value"),
            "{args:?}: {err}"
        );
        assert!(output.stdout.is_empty());
    }
    let output = run(&["--version"], b"");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output).trim(),
        concat!("comment-sanitize ", env!("CARGO_PKG_VERSION"))
    );
    let output = run(&["--help"], b"");
    assert!(stdout(&output).contains("Exit codes:"));
}

#[test]
fn a_missing_file_is_an_input_error() {
    let output = run(&["/nonexistent/comment.html"], b"");
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("/nonexistent/comment.html"));
}

/// Comment bodies, mixed deterministically.
const PIECES: &[&str] = &[
    "Great post! ",
    "I <3 this &amp; that. ",
    "<b>Bold claim</b> ",
    "<a href=\"https://example.com/x\" onclick=\"steal()\">a link</a> ",
    "<script>alert(1)</script>",
    "<p>A paragraph.</p>",
    "<i>caf\u{e9}</i> ",
    "<img src=x onerror=alert(1)>",
    "<blockquote cite=\"javascript:x\">quoted</blockquote>",
    "\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{30b3}\u{30e1}\u{30f3}\u{30c8}\u{3002}",
    "quotes \" and \\ and a tab\t",
    "<b>unclosed ",
];

fn xorshift(x: &mut u64) -> u64 {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    *x
}

/// Record `i`: the line, and the line expected back (byte-exact).
fn record(i: u64) -> (String, String) {
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut body = String::new();
    for _ in 0..(1 + i % 6) {
        body.push_str(PIECES[(xorshift(&mut x) % PIECES.len() as u64) as usize]);
    }
    // Some bodies written with \u escapes, which an unchanged record keeps.
    let raw_body = if i % 7 == 0 {
        body.chars()
            .map(|c| match c {
                '<' => "\\u003c".to_string(),
                '"' => "\\\"".to_string(),
                '\\' => "\\\\".to_string(),
                '\t' => "\\t".to_string(),
                c => c.to_string(),
            })
            .collect::<String>()
    } else {
        serde_json::to_string(&body)
            .expect("a string")
            .trim_matches('"')
            .to_string()
    };
    let raw_body = format!("\"{raw_body}\"");
    // Other fields in varied order and spacing, numbers written as given.
    let before = match i % 3 {
        0 => format!("{{\"id\": {i}, \"score\": 1.50e0, "),
        1 => format!("{{ \"z\":[1, {{\"a\":null}}],\"id\":{i},"),
        _ => "{".to_string(),
    };
    let after = match i % 4 {
        0 => format!(", \"author\": \"\\u00e9ve {i}\"}}"),
        1 => ",\"nested\":{\"body\":\"<script>not this one</script>\"}}".to_string(),
        2 => " }".to_string(),
        _ => ",\"t\":true,\"n\":-0}".to_string(),
    };
    let line = format!("{before}\"body\":{raw_body}{after}");
    let cleaned = clean(&body);
    let expected = if cleaned == body {
        line.clone()
    } else {
        format!(
            "{before}\"body\":{}{after}",
            serde_json::to_string(&cleaned).expect("a string")
        )
    };
    (line, expected)
}

#[test]
fn jsonl_100000_records_match_clean_byte_for_byte() {
    let count = 100_000;
    let mut input = String::new();
    let mut expected = String::new();
    for i in 0..count {
        let (line, want) = record(i);
        input.push_str(&line);
        input.push('\n');
        expected.push_str(&want);
        expected.push('\n');
    }
    let in_path = temp_file("records.jsonl", input.as_bytes());
    let out_path = temp_file("records.out.jsonl", b"");
    let output = run(
        &[
            "--jsonl",
            "--field",
            "body",
            "--output",
            out_path.to_str().expect("UTF-8 path"),
            in_path.to_str().expect("UTF-8 path"),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let got = std::fs::read_to_string(&out_path).expect("the output file");
    let mut lines = 0;
    for (n, (got, want)) in got.lines().zip(expected.lines()).enumerate() {
        assert_eq!(got, want, "record {n}");
        lines += 1;
    }
    assert_eq!(lines, count);
    assert_eq!(got.len(), expected.len());
    let summary = stderr(&output);
    assert!(summary.contains(&format!("records read: {count}")), "{summary}");
    assert!(summary.contains("skipped (malformed): 0"), "{summary}");
    assert!(summary.contains("script "), "{summary}");
    assert!(summary.contains("onclick "), "{summary}");
}

#[test]
fn jsonl_fields_decode_to_clean_of_the_input() {
    // The same records, judged as JSON values: every key and its order.
    let input: Vec<String> = (0..2_000).map(|i| record(i).0).collect();
    let output = run(&["--jsonl", "--field", "body"], (input.join("\n") + "\n").as_bytes());
    assert_eq!(output.status.code(), Some(0));
    for (line_in, line_out) in input.iter().zip(stdout(&output).lines()) {
        let a: serde_json::Value = serde_json::from_str(line_in).expect("JSON in");
        let b: serde_json::Value = serde_json::from_str(line_out).expect("JSON out");
        let body = a["body"].as_str().expect("a string");
        assert_eq!(b["body"].as_str(), Some(clean(body).as_str()));
        let keys = |line: &str| -> Vec<String> {
            let mut keys = Vec::new();
            // Keys in order, read with a streaming tokenizer of our own:
            // the top-level keys are the strings followed by ':' at depth 1.
            let (mut depth, mut in_str, mut esc, mut start) = (0, false, false, 0);
            for (at, c) in line.char_indices() {
                if in_str {
                    if esc {
                        esc = false;
                    } else if c == '\\' {
                        esc = true;
                    } else if c == '"' {
                        in_str = false;
                        let rest = line[at + 1..].trim_start();
                        if depth == 1 && rest.starts_with(':') {
                            keys.push(line[start..at].to_string());
                        }
                    }
                    continue;
                }
                match c {
                    '"' => {
                        in_str = true;
                        start = at + 1;
                    }
                    '{' | '[' => depth += 1,
                    '}' | ']' => depth -= 1,
                    _ => {}
                }
            }
            keys
        };
        assert_eq!(keys(line_in), keys(line_out));
        for (key, value) in a.as_object().expect("an object") {
            if key != "body" {
                assert_eq!(&b[key], value);
            }
        }
    }
}

/// Three records around three malformed lines.
const WITH_BAD_LINES: &str = concat!(
    "{\"body\":\"<b onclick=x>1</b>\"}\n",
    "{\"body\": not json}\n",
    "{\"body\":\"<i>2\",\"n\":1}\n",
    "{\"other\":\"x\"}\n",
    "{\"body\":42}\n",
    "{\"body\":\"3\"}",
);

#[test]
fn malformed_lines_stop_the_run_by_default() {
    let output = run(&["--jsonl", "--field", "body"], WITH_BAD_LINES.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    // The record before the bad line was written; nothing after it.
    assert_eq!(stdout(&output), "{\"body\":\"<b>1</b>\"}\n");
    let err = stderr(&output);
    assert!(err.contains("<stdin>:2:"), "{err}");
    assert!(!err.contains("<stdin>:4:"), "{err}");
}

#[test]
fn malformed_lines_are_reported_and_counted_when_skipped() {
    let path = temp_file("bad.jsonl", WITH_BAD_LINES.as_bytes());
    let path = path.to_str().expect("UTF-8 path");
    let output = run(&["--jsonl", "--field", "body", "--on-error", "skip", path], b"");
    assert_eq!(output.status.code(), Some(0));
    // The last line had no newline, and gets none.
    assert_eq!(
        stdout(&output),
        "{\"body\":\"<b>1</b>\"}\n{\"body\":\"<i>2</i>\",\"n\":1}\n{\"body\":\"3\"}"
    );
    let err = stderr(&output);
    for line in [2, 4, 5] {
        assert!(err.contains(&format!("bad.jsonl:{line}:")), "{err}");
    }
    assert!(err.contains("no field \"body\""), "{err}");
    assert!(
        err.contains("records read: 6, changed: 2, skipped (malformed): 3"),
        "{err}"
    );
}

#[test]
fn jsonl_lossy_and_invalid_utf8() {
    let input = b"{\"body\":\"<b>caf\xe9</b>\"}\n{\"body\":\"ok\"}\n";
    let output = run(&["--jsonl", "--field", "body"], input);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("<stdin>:1: invalid UTF-8"),
        "{}",
        stderr(&output)
    );
    let output = run(&["--jsonl", "--field", "body", "--lossy"], input);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "{\"body\":\"<b>caf\u{fffd}</b>\"}\n{\"body\":\"ok\"}\n"
    );
}

#[test]
fn jsonl_report_field_and_link_limit() {
    let input = concat!(
        "{\"id\":1,\"body\":\"<a href=https://a.example>a</a> <a href=https://b.example>b</a>\"}\n",
        "{\"body\":\"<script>x</script>hi\",\"r\":\"old\"}\n",
        "{\"body\":\"plain\"}\n",
    );
    let output = run(&["--jsonl", "--field", "body", "--report-field", "r"], input.as_bytes());
    assert_eq!(output.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines[0]["r"]["links"], 2);
    assert_eq!(lines[1]["body"], "hi");
    assert!(lines[1]["r"]["removals"].to_string().contains("script"));
    assert_eq!(lines[2]["r"]["removals"], serde_json::json!([]));
    assert!(stdout(&output).starts_with("{\"id\":1,\"body\":"));
    let err = stderr(&output);
    assert!(err.contains("over the link limit (more than 1 links): 1"), "{err}");
    let output = run(&["--jsonl", "--field", "body", "--max-links", "2"], input.as_bytes());
    assert!(stderr(&output).contains("over the link limit (more than 2 links): 0"));
}

#[test]
fn jsonl_with_the_markdown_preset() {
    let input = "{\"body\":\"<ul><li>x</li></ul><div>y</div>\"}\n";
    let output = run(
        &["--jsonl", "--field", "body", "--preset", "markdown-comments"],
        input.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "{\"body\":\"<ul><li>x</li></ul>\\n\\ny\"}\n");
}

#[test]
fn policy_files_toml_and_json() {
    let input = "<table><tr><td>x</td></tr></table><pre><code class=\"language-rust\">fn</code></pre><div>d</div> a<b";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/policies/markdown-comments.toml");
    let output = run(&["--policy", path], input.as_bytes());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let expected = Sanitizer::new(Policy::from_file(path).expect("the example loads"))
        .clean(input)
        .expect("no limit");
    assert_eq!(stdout(&output), expected);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/policies/escape.json");
    let output = run(&["--policy", path], input.as_bytes());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let expected = Sanitizer::new(Policy::from_file(path).expect("the example loads"))
        .clean(input)
        .expect("no limit");
    assert_eq!(stdout(&output), expected);
    // In JSONL mode too.
    let record = format!("{{\"body\":{}}}\n", serde_json::to_string(input).expect("a string"));
    let output = run(&["--jsonl", "--field", "body", "--policy", path], record.as_bytes());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let line: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(line["body"].as_str(), Some(expected.as_str()));
}

#[test]
fn a_bad_policy_file_is_an_input_error_and_preset_with_policy_a_usage_error() {
    let path = temp_file("bad-policy.toml", b"[elements]\nscript = []\n");
    let path = path.to_str().expect("UTF-8 path");
    let output = run(&["--policy", path], b"x");
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("bad-policy.toml"), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let output = run(&["--policy", "/nonexistent/policy.toml"], b"x");
    assert_eq!(output.status.code(), Some(1));
    let output = run(&["--policy", path, "--preset", "markdown-comments"], b"x");
    assert_eq!(output.status.code(), Some(2));
}
