//! The service over real HTTP: the router runs on 127.0.0.1 on a free port
//! inside the test, and a small hand-written HTTP/1.1 client (a `TcpStream`,
//! no client crate) talks to it. Hostile comments must come back exactly as
//! the library cleans them, and bad requests must get the documented 4xx.

use std::net::SocketAddr;
use std::time::Duration;

use comment_sanitizer_service::{app, sanitizer, ReportJson, MAX_BODY_BYTES, MAX_COMMENT_BYTES};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

// ---------------------------------------------------------------- server ---

/// Start the service on an ephemeral port; it runs until the test's
/// runtime ends.
async fn start() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        axum::serve(listener, app()).await.expect("serve");
    });
    addr
}

// ---------------------------------------------------------------- client ---

#[derive(Debug)]
struct HttpResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl HttpResponse {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("the body is UTF-8")
    }

    fn json(&self) -> Value {
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "not a JSON response: {self:?}"
        );
        serde_json::from_slice(&self.body).expect("the body is JSON")
    }
}

/// Send `head` (the request line and headers, without the blank line) and
/// `body`, with `Connection: close`, and read the whole response.
///
/// The request is written while the response is read: a server may answer
/// (413) and close before it has read a body, and then the rest of the
/// write fails, which is expected.
async fn send(addr: SocketAddr, head: &str, body: &[u8]) -> HttpResponse {
    let stream = TcpStream::connect(addr).await.expect("connect");
    let (mut reader, mut writer) = stream.into_split();
    let mut request = format!("{head}\r\nHost: {addr}\r\nConnection: close\r\n\r\n").into_bytes();
    request.extend_from_slice(body);
    let write = tokio::spawn(async move {
        let _ = writer.write_all(&request).await;
        // Kept open until the response is read: closing it could end the
        // request early.
        writer
    });
    let mut raw = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), async {
        let mut buf = [0u8; 16 * 1024];
        loop {
            match reader.read(&mut buf).await {
                Ok(0) => return,
                Ok(n) => raw.extend_from_slice(&buf[..n]),
                // A reset after the response (the server did not read the
                // whole body): the response is what was read before it.
                Err(_) => return,
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no complete response within 20 s to {head:?}");
    write.abort();
    parse_response(&raw).unwrap_or_else(|e| panic!("{e}; response to {head:?}: {:?}", String::from_utf8_lossy(&raw)))
}

fn parse_response(raw: &[u8]) -> Result<HttpResponse, String> {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no end of headers")?;
    let head = std::str::from_utf8(&raw[..end]).map_err(|_| "headers are not UTF-8")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or("no status line")?;
    let status = status_line
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let rest = &raw[end + 4..];
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let body = if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        decode_chunked(rest)?
    } else if let Some(length) = find("content-length") {
        let length: usize = length.parse().map_err(|_| "bad content-length")?;
        if rest.len() < length {
            return Err(format!("body cut short: {} of {length} bytes", rest.len()));
        }
        rest[..length].to_vec()
    } else {
        rest.to_vec()
    };
    Ok(HttpResponse { status, headers, body })
}

fn decode_chunked(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n").ok_or("chunk size line")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).map_err(|_| "chunk size")?;
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| format!("bad chunk size {size_text:?}"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if rest.len() < size + 2 {
            return Err("chunk cut short".into());
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

async fn get(addr: SocketAddr, path: &str) -> HttpResponse {
    send(addr, &format!("GET {path} HTTP/1.1"), b"").await
}

async fn post(addr: SocketAddr, content_type: Option<&str>, body: &[u8]) -> HttpResponse {
    let mut head = format!("POST /comments HTTP/1.1\r\nContent-Length: {}", body.len());
    if let Some(content_type) = content_type {
        head.push_str(&format!("\r\nContent-Type: {content_type}"));
    }
    send(addr, &head, body).await
}

async fn post_json(addr: SocketAddr, comment: &str) -> HttpResponse {
    let body = serde_json::to_vec(&json!({ "comment": comment })).expect("serialize");
    post(addr, Some("application/json"), &body).await
}

async fn post_form(addr: SocketAddr, comment: &str) -> HttpResponse {
    let body = format!("comment={}", form_encode(comment));
    post(addr, Some("application/x-www-form-urlencoded"), body.as_bytes()).await
}

/// `application/x-www-form-urlencoded` encoding, as a browser's form does.
fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(char::from(b)),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

// ------------------------------------------------------------ expectations ---

/// What the library itself answers for `comment`, as the service's JSON.
fn expected(comment: &str) -> Result<Value, String> {
    match sanitizer().clean_with_report(comment) {
        Ok((html, report)) => Ok(json!({ "html": html, "report": ReportJson::from(&report) })),
        Err(e) => Err(e.to_string()),
    }
}

const ALLOWED: &[(&str, &[&str])] = &[
    ("a", &["href", "title", "rel"]),
    ("abbr", &["title"]),
    ("acronym", &["title"]),
    ("b", &[]),
    ("blockquote", &["cite"]),
    ("cite", &[]),
    ("code", &[]),
    ("del", &["datetime"]),
    ("em", &[]),
    ("i", &[]),
    ("q", &["cite"]),
    ("s", &[]),
    ("strike", &[]),
    ("strong", &[]),
];

/// An independent look at the cleaned HTML: every `<` opens or closes an
/// allowlisted element, with allowlisted, double-quoted attributes, and no
/// URL that runs script.
fn assert_inert(html: &str, input: &str) {
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let tag_end = rest[at..].find('>').map(|e| at + e).unwrap_or_else(|| {
            panic!("unterminated tag in {html:?} (input {input:?})");
        });
        let tag = &rest[at + 1..tag_end];
        rest = &rest[tag_end + 1..];
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let name_end = tag.find(' ').unwrap_or(tag.len());
        let name = &tag[..name_end];
        let Some((_, attrs)) = ALLOWED.iter().find(|(n, _)| *n == name) else {
            panic!("<{name}> is not allowlisted, in {html:?} (input {input:?})");
        };
        let mut attr_text = &tag[name_end..];
        while let Some(after_space) = attr_text.strip_prefix(' ') {
            let (attr, value_and_rest) = after_space
                .split_once("=\"")
                .unwrap_or_else(|| panic!("attribute without a quoted value in {html:?}"));
            let (value, next) = value_and_rest
                .split_once('"')
                .unwrap_or_else(|| panic!("unterminated value in {html:?}"));
            assert!(
                attrs.contains(&attr),
                "{attr} on <{name}> is not allowlisted, in {html:?} (input {input:?})"
            );
            if matches!(attr, "href" | "cite") {
                let scheme = url_scheme(&unescape(value));
                assert!(
                    scheme
                        .as_deref()
                        .is_none_or(|s| ["http", "https", "mailto"].contains(&s)),
                    "{attr}={value:?} has the scheme {scheme:?}, in {html:?} (input {input:?})"
                );
            }
            attr_text = next;
        }
        assert!(attr_text.is_empty(), "junk in tag <{tag}> of {html:?}");
    }
}

/// An attribute value as the browser reads it (the serializer writes only
/// these references).
fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{A0}")
        .replace("&amp;", "&")
}

/// The scheme of `url` as the WHATWG URL parser finds it: leading and
/// trailing C0 controls and spaces trimmed, tabs and newlines removed
/// anywhere; `None` for a relative URL.
fn url_scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// POST `comment` both ways and require the library's exact answer.
async fn check_both_ways(addr: SocketAddr, comment: &str) {
    for (how, response) in [
        ("json", post_json(addr, comment).await),
        ("form", post_form(addr, comment).await),
    ] {
        check_response(how, comment, &response);
    }
}

fn check_response(how: &str, comment: &str, response: &HttpResponse) {
    match expected(comment) {
        Ok(want) => {
            assert_eq!(response.status, 200, "{how} post of {comment:?}: {}", response.text());
            let got = response.json();
            assert_eq!(got, want, "{how} post of {comment:?}");
            assert_inert(got["html"].as_str().expect("html is a string"), comment);
        }
        Err(message) => {
            assert_eq!(response.status, 422, "{how} post of a comment the library refuses");
            assert_eq!(
                response.json(),
                json!({ "error": "comment_rejected", "message": message })
            );
        }
    }
}

// ------------------------------------------------------------------ tests ---

#[tokio::test]
async fn the_page_and_its_files_are_served() {
    let addr = start().await;

    let page = get(addr, "/").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    let csp = page.header("content-security-policy").expect("the page has a CSP");
    assert!(
        csp.contains("script-src 'self'") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    for needle in [
        r#"<textarea id="comment""#,
        r#"<div id="preview""#,
        r#"<script src="/static/preview.js""#,
    ] {
        assert!(page.text().contains(needle), "the page lacks {needle}");
    }

    let script = get(addr, "/static/preview.js").await;
    assert_eq!(script.status, 200);
    assert_eq!(script.header("content-type"), Some("text/javascript; charset=utf-8"));
    assert!(script.text().contains("preview.innerHTML = body.html;"));
    // The cleaned HTML is the only thing the page inserts as HTML.
    assert_eq!(script.text().matches("innerHTML").count(), 1);

    let style = get(addr, "/static/style.css").await;
    assert_eq!(style.status, 200);
    assert_eq!(style.header("content-type"), Some("text/css; charset=utf-8"));

    assert_eq!(get(addr, "/nothing-here").await.status, 404);
}

#[tokio::test]
async fn a_json_post_answers_with_the_cleaned_html_and_the_report() {
    let addr = start().await;
    let response = post_json(
        addr,
        r#"<b onclick="steal()">hi</b><script>alert(1)</script> <a href="javascript:alert(2)">x</a> <a href="https://example.com/">y</a>"#,
    )
    .await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    // The documented shape, spelled out.
    assert_eq!(
        response.json(),
        json!({
            "html": "<b>hi</b> <a>x</a> <a href=\"https://example.com/\" rel=\"nofollow ugc\">y</a>",
            "report": {
                "removed": [
                    { "kind": "attribute", "element": "b", "name": "onclick",
                      "reason": "not_allowed", "reason_text": "attribute not allowed", "count": 1 },
                    { "kind": "element", "name": "script", "content_dropped": true, "count": 1 },
                    { "kind": "attribute", "element": "a", "name": "href",
                      "reason": "disallowed_scheme", "reason_text": "URL scheme not allowed", "count": 1 },
                ],
                "other_removals": 0,
                "links": 1,
            },
        })
    );
}

#[tokio::test]
async fn a_form_post_answers_like_a_json_post() {
    let addr = start().await;
    let comment = "<p>I <3 this & <em>that</em></p><!-- hidden --><img src=x onerror=alert(1)>";
    let response = post_form(addr, comment).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json(), expected(comment).expect("accepted"));
    assert_eq!(response.json()["html"], "I &lt;3 this &amp; <em>that</em>");

    // A charset parameter, other fields, and `+` for spaces.
    let body = b"name=someone&comment=%3Cb%3Ehello+there%3C%2Fb%3E";
    let response = post(addr, Some("application/x-www-form-urlencoded; charset=UTF-8"), body).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["html"], "<b>hello there</b>");

    // A form is never malformed: a bad escape stays, bad UTF-8 becomes U+FFFD.
    let response = post(addr, Some("application/x-www-form-urlencoded"), b"comment=%ZZ%ff+<b>x").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["html"], "%ZZ\u{FFFD} <b>x</b>");

    // JSON with a charset parameter and other fields.
    let body = br#"{"author": "someone", "comment": "<i>ok</i>"}"#;
    let response = post(addr, Some("application/json; charset=utf-8"), body).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["html"], "<i>ok</i>");
}

const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<b onmouseover=alert(1)>hover</b>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"java&#x09;script:alert(1)\">x</a>",
    "<a href=\" &#106;avascript:alert(1)\">x</a>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
    "<blockquote cite=\"vbscript:msgbox(1)\">q</blockquote>",
    "<svg onload=alert(1)><script>alert(2)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<b>unclosed <i>tags <a href=\"/x\">everywhere",
    "<a href=\"/1\"><a href=\"/2\">nested</a></a>",
    "<b><i>mis</b>nested</i>",
    "<style>*{background:url(javascript:alert(1))}</style>text",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<textarea></textarea><img src=x onerror=alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
    "<abbr title=\"&quot;><img src=x onerror=alert(1)>\">a</abbr>",
    "<del datetime=\"javascript:alert(1)\">d</del>",
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    "<a href=\"https://ok.example/\" target=_blank rel=opener>ok</a>",
    "<b",
    "<a href=\"",
    "I <3 this & that",
    "\u{0}<scr\u{0}ipt>alert(1)</script>",
    "",
];

#[tokio::test]
async fn hostile_comments_come_back_exactly_as_the_library_cleans_them() {
    let addr = start().await;
    for comment in HOSTILE {
        check_both_ways(addr, comment).await;
    }
}

#[tokio::test]
async fn the_xss_corpus_comes_back_exactly_as_the_library_cleans_it() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/xss_corpus.json");
    let text = std::fs::read_to_string(path).expect("read the library's XSS corpus");
    let corpus: Vec<Value> = serde_json::from_str(&text).expect("the corpus is a JSON array");
    let addr = start().await;
    let (mut ok, mut refused, mut too_large) = (0, 0, 0);
    for entry in &corpus {
        let comment = entry["input"].as_str().expect("an input string");
        let body = serde_json::to_vec(&json!({ "comment": comment })).expect("serialize");
        let response = post(addr, Some("application/json"), &body).await;
        if body.len() > MAX_BODY_BYTES {
            assert_eq!(response.status, 413, "{}", entry["id"]);
            too_large += 1;
            continue;
        }
        check_response("json", comment, &response);
        if response.status == 200 {
            ok += 1;
        } else {
            refused += 1;
        }
    }
    eprintln!("xss corpus over HTTP: {ok} cleaned, {refused} refused (422), {too_large} too large (413)");
    assert!(ok > 500, "most of the corpus fits the limits");
}

#[tokio::test]
async fn bad_requests_get_a_clear_4xx_with_a_json_body() {
    let addr = start().await;

    // 415: not JSON, not a form.
    for content_type in [
        Some("text/plain"),
        Some("multipart/form-data; boundary=x"),
        Some("text/html"),
        None,
    ] {
        let response = post(addr, content_type, b"comment=hi").await;
        assert_eq!(response.status, 415, "{content_type:?}");
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        let body = response.json();
        assert_eq!(body["error"], "unsupported_media_type");
        assert!(body["message"].as_str().is_some_and(|m| m.contains("application/json")));
    }

    // 400: not JSON.
    for body in [
        &b"{\"comment\": \"x\""[..],
        b"comment=x",
        b"",
        b"{\"comment\": \"\xff\"}",
    ] {
        let response = post(addr, Some("application/json"), body).await;
        assert_eq!(response.status, 400, "{body:?}");
        let json = response.json();
        assert_eq!(json["error"], "malformed_json", "{body:?}");
        assert!(json["message"].as_str().is_some_and(|m| !m.is_empty()));
    }

    // 422: JSON or a form, but no comment string.
    for (content_type, body, says) in [
        ("application/json", &b"{}"[..], "missing field `comment`"),
        ("application/json", b"{\"text\": \"hi\"}", "missing field `comment`"),
        ("application/json", b"{\"comment\": 5}", "invalid type"),
        ("application/json", b"{\"comment\": null}", "invalid type"),
        (
            "application/x-www-form-urlencoded",
            b"text=hi",
            "missing field `comment`",
        ),
        ("application/x-www-form-urlencoded", b"", "missing field `comment`"),
        (
            "application/x-www-form-urlencoded",
            b"comment=a&comment=b",
            "duplicate field `comment`",
        ),
    ] {
        let response = post(addr, Some(content_type), body).await;
        assert_eq!(response.status, 422, "{body:?}");
        let json = response.json();
        assert_eq!(json["error"], "invalid_comment", "{body:?}");
        let message = json["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{body:?}: {message}");
    }

    // 405: the endpoint only takes POST.
    assert_eq!(get(addr, "/comments").await.status, 405);
}

#[tokio::test]
async fn sizes_are_bounded_by_the_body_limit_and_the_comment_limit() {
    let addr = start().await;

    // A comment at the sanitizer's limit is cleaned; one byte more is
    // refused with the library's own message.
    let at_limit = "a".repeat(MAX_COMMENT_BYTES);
    let response = post_json(addr, &at_limit).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["html"], at_limit.as_str());

    let over = "a".repeat(MAX_COMMENT_BYTES + 1);
    let message = sanitizer().clean(&over).expect_err("over the limit").to_string();
    for response in [post_json(addr, &over).await, post_form(addr, &over).await] {
        assert_eq!(response.status, 422);
        assert_eq!(
            response.json(),
            json!({ "error": "comment_rejected", "message": message })
        );
    }

    // Any comment within the limit fits in the body limit, form-encoded.
    let heavy = "<".repeat(MAX_COMMENT_BYTES);
    assert_eq!(post_form(addr, &heavy).await.status, 200);

    // A body over the limit is refused before it is parsed: with its length
    // declared...
    let body = vec![b'a'; MAX_BODY_BYTES + 1];
    let too_large = json!({
        "error": "body_too_large",
        "message": format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
    });
    for content_type in ["application/json", "application/x-www-form-urlencoded"] {
        let response = post(addr, Some(content_type), &body).await;
        assert_eq!(response.status, 413, "{content_type}");
        assert_eq!(response.json(), too_large);
    }

    // ... and sent in chunks, with no length declared.
    let mut chunked = Vec::new();
    for piece in body.chunks(8 * 1024) {
        chunked.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        chunked.extend_from_slice(piece);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let head = "POST /comments HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked";
    let response = send(addr, head, &chunked).await;
    assert_eq!(response.status, 413);
    assert_eq!(response.json(), too_large);

    // A body exactly at the limit is read (and this comment is then too long).
    let padding = MAX_BODY_BYTES - br#"{"comment": ""}"#.len();
    let body = format!(r#"{{"comment": "{}"}}"#, "a".repeat(padding));
    assert_eq!(body.len(), MAX_BODY_BYTES);
    let response = post(addr, Some("application/json"), body.as_bytes()).await;
    assert_eq!(response.status, 422);
    assert_eq!(response.json()["error"], "comment_rejected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_share_one_sanitizer() {
    let addr = start().await;
    let mut tasks = Vec::new();
    for i in 0..64 {
        tasks.push(tokio::spawn(async move {
            let comment = format!(
                "<abbr title=\"{i}\">comment {i}</abbr><script>alert({i})</script>{}",
                HOSTILE[i % HOSTILE.len()]
            );
            let (how, response) = if i % 2 == 0 {
                ("json", post_json(addr, &comment).await)
            } else {
                ("form", post_form(addr, &comment).await)
            };
            check_response(how, &comment, &response);
            assert!(response.json()["html"]
                .as_str()
                .is_some_and(|html| html.starts_with(&format!("<abbr title=\"{i}\">comment {i}</abbr>"))));
        }));
    }
    for task in tasks {
        task.await.expect("a request task panicked");
    }
}
