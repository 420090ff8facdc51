//! Browsers, not html5ever, decide what a reader's page does.
//!
//! Cleans every vector of `tests/data/xss_corpus.json` and a few thousand
//! deterministically generated hostile inputs, then has headless Chromium
//! (`tests/browser/check.mjs`, driven by `playwright-core`) parse every output
//! the way a reader's page does (`innerHTML`, and as part of a served
//! document under a strict CSP) and require: only allowlisted elements and
//! attributes in the DOM, only allowed URL schemes as the browser parses
//! them, `innerHTML` equal to our output byte for byte, and no script run,
//! request made or CSP violation raised. See `tests/browser/README.md`.
//!
//! Needs `/usr/bin/chromium`, Node.js and `tests/browser/node_modules`,
//! which `tests/browser/setup.sh` installs (Debian's `chromium` with
//! apt-get, `playwright-core` with `npm ci`); `.ci/run` calls it before the
//! tests. The test itself installs nothing. When they are missing:
//! * with the `CI` environment variable set (to anything but `""`, `0` or
//!   `false`), this test FAILS;
//! * otherwise it prints one line saying the check was skipped and passes,
//!   so the rest of `cargo test` still runs.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use comment_sanitizer::{AttrKind, Disallowed, Policy, Sanitizer};
use serde_json::{json, Value};

#[allow(dead_code)]
#[path = "support/commonmark.rs"]
mod commonmark;

/// How many generated inputs join the corpus.
const GENERATED: usize = 3000;
/// The generator's fixed seed: change it only on purpose (the cases change).
const SEED: u64 = 0x5EED_C0DE_2024_0001;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn ci() -> bool {
    matches!(std::env::var("CI"), Ok(v) if !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// Run `cmd` with stdout to `stdout_to` (or inherited), killing it after
/// `limit`. Returns the exit status, or an error text.
fn run_with_limit(
    mut cmd: Command,
    stdout_to: Option<&Path>,
    limit: Duration,
) -> Result<std::process::ExitStatus, String> {
    cmd.stdin(Stdio::null());
    if let Some(path) = stdout_to {
        let file = fs::File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        cmd.stdout(file);
    }
    let mut child = cmd.spawn().map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{cmd:?} did not finish within {} s and was killed",
                    limit.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => return Err(format!("waiting for {cmd:?}: {e}")),
        }
    }
}

// ------------------------------------------------------------ generator ---

/// xorshift64*: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const ALLOWED_TAGS: &[&str] = &[
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
];
const HOSTILE_TAGS: &[&str] = &[
    "script",
    "style",
    "img",
    "svg",
    "math",
    "iframe",
    "noscript",
    "textarea",
    "title",
    "xmp",
    "plaintext",
    "noembed",
    "noframes",
    "template",
    "select",
    "option",
    "table",
    "tr",
    "td",
    "caption",
    "p",
    "div",
    "form",
    "input",
    "button",
    "object",
    "embed",
    "base",
    "meta",
    "link",
    "details",
    "summary",
    "marquee",
    "video",
    "audio",
    "source",
    "body",
    "html",
    "head",
    "frameset",
    "frame",
    "annotation-xml",
    "foreignObject",
    "mglyph",
    "malignmark",
    "mtext",
    "mi",
    "desc",
    "image",
    "isindex",
    "keygen",
    "listing",
    "pre",
    "ul",
    "ol",
    "dl",
    "dt",
    "thead",
    "tbody",
    "th",
    "colgroup",
    "col",
    "hr",
    "br",
    "h2",
    "applet",
    "nobr",
    "font",
    "u",
    "tt",
    "h1",
    "li",
    "dd",
    "selectedcontent",
    "search",
    "slot",
    "dialog",
    "a:b",
    "x-y",
    "sCrIpT",
    "scr\0ipt",
    "animate",
    "set",
    "use",
];
const ATTRS: &[&str] = &[
    "href",
    "title",
    "cite",
    "datetime",
    "rel",
    "onclick",
    "onmouseover",
    "onerror",
    "onload",
    "onfocus",
    "autofocus",
    "style",
    "id",
    "name",
    "class",
    "src",
    "srcdoc",
    "xlink:href",
    "xmlns",
    "formaction",
    "action",
    "target",
    "ping",
    "data-x",
    "tabindex",
    "is",
    "popover",
    "shadowrootmode",
    "nonce",
    "dir",
    "lang",
    "background",
    "contenteditable",
    "encoding",
    "values",
    "attributeName",
    "from",
    "to",
    "HREF",
    "Title",
    "on\u{0}click",
    "href\u{0}",
    "/onclick",
];
const URLS: &[&str] = &[
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java&#x09;script:alert(1)",
    "java&#9;script:alert(1)",
    "jav&Tab;ascript:alert(1)",
    "&NewLine;javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A&#x61vascript:alert(1)",
    "&#0000106&#0000097vascript:alert(1)",
    "javascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    " javascript:alert(1)",
    "\u{1}javascript:alert(1)",
    "\u{0}javascript:alert(1)",
    "java\u{0}script:alert(1)",
    "\u{FEFF}javascript:alert(1)",
    "\u{A0}javascript:alert(1)",
    "javascript://%0aalert(1)",
    "%6Aavascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:,x",
    "vbscript:msgbox(1)",
    "feed:javascript:alert(1)",
    "jar:https://x.example/!/",
    "https://ok.example/",
    "HTTPS://OK.EXAMPLE/path?q=1&amp;r=2",
    "http://ok.example/\"onmouseover=alert(1)",
    "https://ok.example/<script>",
    "http:\\\\evil.example",
    "https:/\\evil.example",
    "ht\ntp://x.example",
    "//evil.example/x",
    "\\\\evil.example",
    "/relative?a=1&b=2",
    "#top",
    "?q=<script>",
    "mailto:a@b.example",
    "mailto:a@b.example?subject=%0d%0a",
    "  https://spaced.example  ",
    "&#104;ttps://ent.example",
    "javascript\u{2028}:alert(1)",
    "jav\u{AD}ascript:alert(1)",
    "",
];
const TEXTS: &[&str] = &[
    "hello",
    "x",
    " ",
    "\n",
    "<",
    ">",
    "&",
    "&amp;",
    "&lt;script&gt;",
    "&nbsp;",
    "\u{A0}",
    "&#0;",
    "&#x0;",
    "\u{0}",
    "\r\n",
    "\r",
    "&notin",
    "&notit;",
    "&amp",
    "&#128;",
    "&#x110000;",
    "&#xD800;",
    "\u{1F600}",
    "\u{200B}",
    "\u{2028}",
    "]]>",
    "--!>",
    "</",
    "<!",
    "<?",
    "`",
    "'",
    "\"",
    "=",
    "/",
    "\\",
    "alert(1)",
    "&#60;script&#62;",
    "&lt",
    "&gt",
    "&quot;",
    "&apos;",
    "\u{FEFF}",
    "\u{FFFD}",
    "\u{C}",
    "\u{B}",
    "\u{7F}",
    "\u{85}",
    "&#13;",
    "&#x0d;",
];
const MARKUP: &[&str] = &[
    "<!--x-->",
    "<!-->",
    "<!--->",
    "<!-- --!>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<!-- <script>alert(1)</script> -->",
    "<!--",
    "-->",
    "<!",
    "<!-",
    "<?php echo 1 ?>",
    "<?xml version=\"1.0\"?>",
    "<!x>",
    "<!DOCTYPE html>",
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
    "<![CDATA[",
    "</>",
    "< b>",
    "<b <i>",
    "<b/>",
    "</b foo=bar>",
    "</a href=x>",
    "<\u{0}b>",
    "<a<b>",
    "<<a>>",
    "<script>alert(1)</script>",
    "<script>alert(1)",
    "<script><!--<script></script>alert(1)</script>",
    "<style>*{x:expression(alert(1))}</style>",
    "<style><img src=x onerror=alert(1)></style>",
    "<textarea></textarea><img src=x onerror=alert(1)>",
    "<title><img src=x onerror=alert(1)></title>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<plaintext><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<noembed><img src=x onerror=alert(1)></noembed>",
    "<noframes><img src=x onerror=alert(1)></noframes>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<template><img src=x onerror=alert(1)></template>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<svg><foreignObject><b>x</b></foreignObject></svg>",
    "<svg></p><style><a title=\"</style><img src onerror=alert(1)>\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math><mi><b>x</b></mi></math>",
    "<math><annotation-xml encoding=\"text/html\"><style><img src=x onerror=alert(1)></style></annotation-xml></math>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "<table><b>x</table>",
    "<table><a href=\"/x\">y</a><td>z</td></table>",
    "<select><b>x</b><option>y</select>",
    "<p><b><p>x",
    "<a href=\"/1\"><a href=\"/2\">nested</a></a>",
    "<b><i>mis</b>nested</i>",
    "<a href=\"/x\"><b>a</a>b</b>",
    "<blockquote><q><blockquote>",
    "<img src=x onerror=alert(1)>",
    "<img/src/onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<base href=\"javascript:alert(1)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=import href=x>",
    "<a href=\"#\" onclick=alert(1)>x</a>",
    "<b title=\"a\" title=\"b\">dup</b>",
    "<a title='x\"y' href='/z'>q</a>",
    "<a title=`x`>y</a>",
    "<a href=/x title=a\u{0}b>z</a>",
    "<div id=x name=y class=z><b>text</b></div>",
    "<s>x</strike>",
    "<strike><s></strike></s>",
    "<cite><code><del datetime=\"2024-05-01\">x</del></code></cite>",
    "<del datetime=\"javascript:alert(1)\">d</del>",
    "<del datetime=\"2024-05-01T10:00:00Z\" onmouseover=alert(1)>d</del>",
    "<abbr title=\"&quot;><img src=x onerror=alert(1)>\">a</abbr>",
    "<q cite=\"javascript:alert(1)\">q</q>",
    "<blockquote cite=\"data:text/html,x\">b</blockquote>",
];

fn random_case(rng: &mut Rng, s: &str) -> String {
    match rng.below(4) {
        0 => s.to_ascii_uppercase(),
        1 => s
            .chars()
            .map(|c| if rng.chance(2) { c.to_ascii_uppercase() } else { c })
            .collect(),
        _ => s.to_string(),
    }
}

fn separator(rng: &mut Rng) -> &'static str {
    ["", " ", " ", "  ", "\t", "\n", "\u{C}", "/", " / ", "\r\n"][rng.below(10)]
}

fn attribute(rng: &mut Rng) -> String {
    let name = rng.pick(ATTRS);
    let name = random_case(rng, name);
    let value = match rng.below(3) {
        0 => rng.pick(URLS).to_string(),
        1 => rng.pick(TEXTS).to_string(),
        _ => format!("{}{}", rng.pick(TEXTS), rng.pick(URLS)),
    };
    let value = if rng.chance(4) {
        value.replace('"', "&quot;")
    } else {
        value
    };
    match rng.below(7) {
        0 => name,
        1 => format!("{name}={}", value.replace([' ', '>', '\t', '\n'], "")),
        2 => format!("{name}='{value}'"),
        3 => format!("{name} = \"{value}\""),
        4 => format!("{name}=\"{value}"),
        _ => format!("{name}=\"{value}\""),
    }
}

fn start_tag(rng: &mut Rng) -> String {
    let tag = if rng.chance(2) {
        rng.pick(ALLOWED_TAGS)
    } else {
        rng.pick(HOSTILE_TAGS)
    };
    let tag = random_case(rng, tag);
    let mut out = format!("<{tag}");
    for _ in 0..rng.below(4) {
        out.push_str([" ", " ", "\t", "\n", "/", "\u{C}", "  "][rng.below(7)]);
        out.push_str(&attribute(rng));
    }
    out.push_str(separator(rng));
    if !rng.chance(12) {
        out.push('>');
    }
    out
}

fn end_tag(rng: &mut Rng) -> String {
    let tag = if rng.chance(3) {
        rng.pick(HOSTILE_TAGS)
    } else {
        rng.pick(ALLOWED_TAGS)
    };
    let junk = if rng.chance(6) {
        format!(" {}", attribute(rng))
    } else {
        String::new()
    };
    let tag = random_case(rng, tag);
    format!("</{tag}{junk}{}>", separator(rng))
}

fn generate(rng: &mut Rng) -> String {
    let mut out = String::new();
    let pieces = 1 + rng.below(12);
    for _ in 0..pieces {
        match rng.below(10) {
            0..=2 => out.push_str(&start_tag(rng)),
            3 | 4 => out.push_str(&end_tag(rng)),
            5 | 6 => out.push_str(rng.pick(TEXTS)),
            _ => out.push_str(rng.pick(MARKUP)),
        }
    }
    out
}

// ----------------------------------------------------------------- test ---

fn policy_json(policy: &Policy) -> Value {
    let mut elements = BTreeMap::new();
    let mut url_attributes = BTreeMap::new();
    let mut attribute_schemes = BTreeMap::new();
    for element in policy.elements() {
        let mut attrs = Vec::new();
        let mut urls = Vec::new();
        for (attr, kind) in policy.allowed_attributes(element) {
            attrs.push(attr);
            if kind == AttrKind::Url {
                urls.push(attr);
                if let Some(schemes) = policy.attribute_url_schemes(element, attr) {
                    attribute_schemes.insert(format!("{element} {attr}"), schemes.collect::<Vec<_>>());
                }
            }
        }
        elements.insert(element.to_string(), attrs);
        if !urls.is_empty() {
            url_attributes.insert(element.to_string(), urls);
        }
    }
    json!({
        "elements": elements,
        "url_attributes": url_attributes,
        "attribute_schemes": attribute_schemes,
        "url_schemes": policy.url_schemes().collect::<Vec<_>>(),
        "link_rel": policy.link_rel(),
    })
}

/// A policy that keeps lists, tables, headings, preformatted text, images
/// and plain containers besides the WordPress elements.
fn tables_and_lists() -> Policy {
    let mut builder = Policy::wordpress_comments().to_builder();
    for element in [
        "p", "br", "hr", "h1", "h2", "ul", "ol", "li", "dl", "dt", "dd", "pre", "table", "caption", "colgroup", "col",
        "thead", "tbody", "tr", "th", "td", "img", "div", "span", "u", "x-note",
    ] {
        builder = builder.allow_element(element);
    }
    builder
        .allow_attribute("img", "src", AttrKind::Url)
        .allow_attribute("img", "alt", AttrKind::Text)
        .allow_attribute("td", "colspan", AttrKind::Integer)
        .allow_attribute("span", "class", AttrKind::Text)
        .allow_attribute_tokens("span", "class", ["note-*"])
        .build()
        .expect("the tables-and-lists policy builds")
}

/// Whether Chromium, Node.js and playwright-core are there.
fn browser_ready(browser_dir: &Path) -> Result<(), String> {
    if !Path::new("/usr/bin/chromium").is_file() {
        return Err("/usr/bin/chromium is missing".into());
    }
    let node = Command::new("node").arg("--version").stdout(Stdio::null()).status();
    if !node.is_ok_and(|s| s.success()) {
        return Err("Node.js (`node`) is not on the PATH".into());
    }
    if !browser_dir.join("node_modules/playwright-core/package.json").is_file() {
        return Err("tests/browser/node_modules/playwright-core is missing".into());
    }
    Ok(())
}

#[test]
fn chromium_agrees_that_output_is_inert_allowlisted_and_stable() {
    let browser_dir = manifest_dir().join("tests/browser");

    // (a) Chromium and playwright-core, set up beforehand by
    // tests/browser/setup.sh (.ci/run calls it); a test installs nothing.
    if let Err(why) = browser_ready(&browser_dir) {
        if ci() {
            panic!("the browser check cannot run in CI: {why}; run `bash tests/browser/setup.sh` first");
        }
        // Straight to stderr, past the test harness's capture, so the skip
        // is seen even when the test passes.
        let _ = writeln!(
            std::io::stderr(),
            "browser check SKIPPED: {why}; `bash tests/browser/setup.sh` installs it (CI=true makes this a failure)"
        );
        return;
    }

    // (b) The corpus and the generated inputs, cleaned.
    let corpus_text =
        fs::read_to_string(manifest_dir().join("tests/data/xss_corpus.json")).expect("read the XSS corpus");
    let corpus: Vec<Value> = serde_json::from_str(&corpus_text).expect("the XSS corpus is a JSON array");
    let mut inputs: Vec<(String, String)> = corpus
        .iter()
        .map(|v| {
            let id = v["id"].as_str().expect("corpus entry has an id");
            let input = v["input"].as_str().expect("corpus entry has an input");
            (format!("corpus:{id}"), input.to_string())
        })
        .collect();
    let mut rng = Rng(SEED);
    for n in 0..GENERATED {
        inputs.push((format!("gen:{n:04}"), generate(&mut rng)));
    }

    let rendered: Vec<(String, String)> = commonmark::all_examples()
        .into_iter()
        .map(|e| (format!("commonmark:{}:{}", e.file, e.line), e.html))
        .collect();

    // (c) Each policy: its outputs, judged by Chromium.
    let mut failed = Vec::new();
    for (name, policy) in [
        ("wordpress", Policy::wordpress_comments()),
        ("markdown", Policy::markdown_comments()),
        ("tables-and-lists", tables_and_lists()),
        (
            "wordpress-escape",
            Policy::wordpress_comments()
                .to_builder()
                .disallowed(Disallowed::Escape)
                .build()
                .expect("the escape policy builds"),
        ),
    ] {
        let mut all = inputs.clone();
        if name == "markdown" {
            all.extend(rendered.iter().cloned());
        }
        if !check_policy(&browser_dir, name, &policy, &all) {
            failed.push(name);
        }
    }
    assert!(
        failed.is_empty(),
        "Chromium disagrees with the sanitizer's output (or the check could not run) for {failed:?}; \
         the reports are under {}",
        work_dir().display()
    );
}

fn work_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-check")
}

/// Clean `inputs` with `policy` and have Chromium judge the distinct
/// outputs; prints a digest of the failures and returns whether all passed.
fn check_policy(browser_dir: &Path, name: &str, policy: &Policy, inputs: &[(String, String)]) -> bool {
    // Identical outputs are checked once; the report names the first input
    // and how many others gave the same output.
    let sanitizer = Sanitizer::new(policy.clone());
    let mut by_output: BTreeMap<String, usize> = BTreeMap::new();
    let mut cases: Vec<Value> = Vec::new();
    for (id, input) in inputs {
        let output = sanitizer.clean(input).expect("no input limit is set");
        match by_output.get(&output) {
            Some(&i) => {
                let also = cases[i]["same_output_as"].as_array_mut().expect("array");
                also.push(json!(id));
            }
            None => {
                by_output.insert(output.clone(), cases.len());
                cases.push(json!({ "id": id, "input": input, "output": output, "same_output_as": [] }));
            }
        }
    }

    let work = work_dir().join(name);
    fs::create_dir_all(&work).expect("create the work directory");
    let cases_file = work.join("cases.json");
    let report_file = work.join("report.json");
    let doc = json!({ "policy": policy_json(policy), "cases": cases });
    fs::write(&cases_file, serde_json::to_vec(&doc).expect("serialize")).expect("write the cases");
    eprintln!(
        "browser check [{name}]: {} inputs, {} distinct outputs -> {}",
        inputs.len(),
        cases.len(),
        cases_file.display()
    );

    let started = Instant::now();
    let mut node = Command::new("node");
    node.arg(browser_dir.join("check.mjs"))
        .arg(&cases_file)
        .current_dir(browser_dir);
    let status = run_with_limit(node, Some(&report_file), Duration::from_secs(900)).unwrap_or_else(|e| panic!("{e}"));
    let report = fs::read_to_string(&report_file).unwrap_or_default();
    let summary = serde_json::from_str::<Value>(&report)
        .ok()
        .map(|r| r["summary"].clone());
    eprintln!(
        "browser check [{name}]: node exited with {status} after {:.1} s; summary: {}",
        started.elapsed().as_secs_f64(),
        summary.map_or_else(|| "(none)".to_string(), |s| s.to_string())
    );
    if !status.success() {
        eprintln!("{}", digest(&report));
    }
    status.success()
}

/// The report's failures, one line each (long strings shortened), or the
/// report itself when it is not the expected JSON.
fn digest(report: &str) -> String {
    const MAX_LINES: usize = 60;
    let Ok(value) = serde_json::from_str::<Value>(report) else {
        return report.chars().take(20_000).collect();
    };
    let short = |v: &Value| -> Value {
        match v.as_str() {
            Some(s) if s.chars().count() > 300 => json!(format!("{}...", s.chars().take(300).collect::<String>())),
            _ => v.clone(),
        }
    };
    let mut out = String::new();
    for key in ["harness_error", "harness_broken"] {
        if !value[key].is_null() {
            out.push_str(&format!("{key}: {}\n", value[key]));
        }
    }
    let failures = value["failures"].as_array().cloned().unwrap_or_default();
    for failure in failures.iter().take(MAX_LINES) {
        let line = json!({
            "id": failure["id"],
            "mode": failure["mode"],
            "problems": failure["problems"],
            "input": short(&failure["input"]),
            "output": short(&failure["output"]),
            "browser_innerHTML": short(&failure["browser_innerHTML"]),
        });
        out.push_str(&format!("FAIL {line}\n"));
    }
    if failures.len() > MAX_LINES {
        out.push_str(&format!("... and {} more failures\n", failures.len() - MAX_LINES));
    }
    out
}
