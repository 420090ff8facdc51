//! An HTTP service around `comment-sanitizer`, to start a real one from.
//!
//! * `POST /comments` takes a comment (`application/json`:
//!   `{"comment": "..."}`, or `application/x-www-form-urlencoded`:
//!   `comment=...`) and answers `200` with the cleaned HTML and the report:
//!   `{"html": "...", "report": {"removed": [...], "other_removals": 0, "links": 0}}`
//!   (see [`Cleaned`] and [`RemovalJson`]). Bad input gets a 4xx with a JSON
//!   [`ErrorBody`] that says what is wrong; nothing a client sends can make
//!   a handler panic.
//! * `GET /` serves a page with a comment box and a live preview of the
//!   cleaned comment (`static/`), which calls `POST /comments` as the reader
//!   types.
//!
//! One [`Sanitizer`] is built at start-up and shared by every request (it
//! is `Send + Sync`, and cloning it clones an `Arc`). Sizes:
//! [`MAX_BODY_BYTES`] bounds what is read from a request,
//! [`MAX_COMMENT_BYTES`] the comment itself (the policy's
//! `Limits::max_input_bytes`). The README beside this crate documents the
//! endpoints, the JSON shapes and the status codes.

use axum::extract::rejection::{FormRejection, JsonRejection};
use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use comment_sanitizer::{Limits, Policy, Removal, Removed, Report, Sanitizer};
use serde::{Deserialize, Serialize};

/// The largest request body read, in bytes (64 KiB); a longer body is
/// refused with `413` before it is parsed.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The largest comment accepted, in bytes of UTF-8 after decoding the body
/// (16 KiB); a longer one is refused with `422` by the sanitizer's own
/// limit.
///
/// The body limit leaves room for encoding: a form body spends up to three
/// bytes per comment byte (`%3C`), so any comment within this limit fits in
/// a body within [`MAX_BODY_BYTES`], form or JSON (unless the JSON escapes
/// most of it as `\u0000`).
pub const MAX_COMMENT_BYTES: usize = 16 * 1024;

// Every comment the sanitizer accepts must fit in a body the service reads.
const _: () = assert!(MAX_BODY_BYTES >= 3 * MAX_COMMENT_BYTES + 1024);

/// The policy: the blog comment-form allowlist, with the input limited to
/// [`MAX_COMMENT_BYTES`].
pub fn policy() -> Policy {
    Policy::wordpress_comments()
        .to_builder()
        .limits(Limits::default().with_max_input_bytes(Some(MAX_COMMENT_BYTES)))
        .build()
        // The preset with one more limit, fixed at compile time: a failure
        // here is a bug in this file, found by the first test that runs.
        .expect("the WordPress preset with an input limit is a valid policy")
}

/// The sanitizer every request shares.
pub fn sanitizer() -> Sanitizer {
    Sanitizer::new(policy())
}

/// The service with the default [`sanitizer`].
pub fn app() -> Router {
    router(sanitizer())
}

/// The service's routes, sharing `sanitizer`.
pub fn router(sanitizer: Sanitizer) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/static/preview.js", get(script))
        .route("/static/style.css", get(style))
        .route("/comments", post(post_comment))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(sanitizer)
}

// ---------------------------------------------------------------- page ---

const INDEX_HTML: &str = include_str!("../static/index.html");
const PREVIEW_JS: &str = include_str!("../static/preview.js");
const STYLE_CSS: &str = include_str!("../static/style.css");

/// What the page may load and run: its own script and style, requests to
/// its own origin, nothing else. The preview inserts only HTML the
/// sanitizer cleaned; should that ever be wrong, this still refuses inline
/// script and event handlers, and any image, frame or plugin.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
     img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// A static file with the headers every page resource gets.
fn static_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_SECURITY_POLICY, PAGE_CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

async fn index() -> Response {
    static_file("text/html; charset=utf-8", INDEX_HTML)
}

async fn script() -> Response {
    static_file("text/javascript; charset=utf-8", PREVIEW_JS)
}

async fn style() -> Response {
    static_file("text/css; charset=utf-8", STYLE_CSS)
}

// ---------------------------------------------------------------- API ---

/// The body of `POST /comments`, as JSON or as a form. Other fields are
/// ignored.
#[derive(Debug, Deserialize)]
struct CommentInput {
    comment: String,
}

/// The answer to `POST /comments`: the cleaned HTML, safe to insert into a
/// page as it is, and what was removed.
#[derive(Debug, Serialize)]
pub struct Cleaned {
    /// The cleaned comment.
    pub html: String,
    /// What sanitizing removed, for moderation.
    pub report: ReportJson,
}

/// The report as JSON. Advisory: an empty report does not mean the comment
/// was safe as it was sent; only `html` is safe.
#[derive(Debug, Serialize)]
pub struct ReportJson {
    /// One entry per kind of removal, in the order each was first seen.
    pub removed: Vec<RemovalJson>,
    /// Removals not listed because the report already lists its maximum of
    /// distinct entries (`Report::MAX_ENTRIES`).
    pub other_removals: u64,
    /// How many links (`<a>` that keep a URL) the cleaned HTML holds.
    pub links: u64,
}

/// One entry of [`ReportJson::removed`]. Fields that do not apply to a
/// `kind` are left out of the JSON.
///
/// | `kind` | meaning | fields |
/// |---|---|---|
/// | `element` | a start tag of an element not allowed | `name`, `content_dropped` |
/// | `end_tag` | an end tag that closed nothing kept | `name` |
/// | `too_deep` | an allowed start tag past the nesting limit | `name` |
/// | `attribute` | an attribute | `element`, `name`, `reason`, `reason_text` |
/// | `comment`, `doctype`, `processing_instruction`, `cdata_section`, `unterminated_tag` | that construct | |
///
/// Every entry has `count`, how many times it happened.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct RemovalJson {
    /// What kind of thing was removed (see the table above).
    pub kind: &'static str,
    /// The element or attribute name, lowercase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// For an attribute: the element it was on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<String>,
    /// For an element: whether its content went with it (`script`, `style`,
    /// `svg`, ...) or its text was kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_dropped: Option<bool>,
    /// For an attribute: why, as the library's stable code
    /// (`Reason::code`: `not_allowed`, `disallowed_scheme`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    /// For an attribute: why, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_text: Option<String>,
    /// How many times.
    pub count: u64,
}

impl From<&Report> for ReportJson {
    fn from(report: &Report) -> ReportJson {
        ReportJson {
            removed: report.removals().iter().map(RemovalJson::from).collect(),
            other_removals: report.other_removals(),
            links: report.links(),
        }
    }
}

impl From<&Removal> for RemovalJson {
    fn from(removal: &Removal) -> RemovalJson {
        let mut entry = RemovalJson {
            kind: "",
            name: None,
            element: None,
            content_dropped: None,
            reason: None,
            reason_text: None,
            count: removal.count,
        };
        match &removal.what {
            Removed::Element { name, content_dropped } => {
                entry.kind = "element";
                entry.name = Some(name.to_string());
                entry.content_dropped = Some(*content_dropped);
            }
            Removed::EndTag { name } => {
                entry.kind = "end_tag";
                entry.name = Some(name.to_string());
            }
            Removed::TooDeep { name } => {
                entry.kind = "too_deep";
                entry.name = Some(name.to_string());
            }
            Removed::Attribute { element, name, reason } => {
                entry.kind = "attribute";
                entry.name = Some(name.to_string());
                entry.element = Some(element.to_string());
                entry.reason = Some(reason.code());
                entry.reason_text = Some(reason.to_string());
            }
            Removed::Comment => entry.kind = "comment",
            Removed::Doctype => entry.kind = "doctype",
            Removed::ProcessingInstruction => entry.kind = "processing_instruction",
            Removed::CdataSection => entry.kind = "cdata_section",
            Removed::UnterminatedTag => entry.kind = "unterminated_tag",
            Removed::TooLongToEscape => entry.kind = "too_long_to_escape",
            // A kind added by a later version of the library.
            _ => entry.kind = "other",
        }
        entry
    }
}

/// The body of every error response: `{"error": CODE, "message": TEXT}`.
///
/// | status | `error` | when |
/// |---|---|---|
/// | 400 | `malformed_json` | the body is not JSON (or not UTF-8) |
/// | 413 | `body_too_large` | the body is over [`MAX_BODY_BYTES`] |
/// | 415 | `unsupported_media_type` | neither JSON nor a urlencoded form |
/// | 422 | `invalid_comment` | no `comment` string in the body (missing, not a string, repeated) |
/// | 422 | `comment_rejected` | the sanitizer refused the comment (over [`MAX_COMMENT_BYTES`]) |
/// | 400 | `bad_request` | the body could not be read (the client went away) |
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    /// A stable code for programs.
    pub error: &'static str,
    /// What is wrong, for people.
    pub message: String,
}

/// An error response.
struct ApiError {
    status: StatusCode,
    body: ErrorBody,
}

impl ApiError {
    fn new(status: StatusCode, error: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: ErrorBody {
                error,
                message: message.into(),
            },
        }
    }

    fn too_large() -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        match rejection {
            JsonRejection::JsonSyntaxError(e) => {
                ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", e.body_text())
            }
            JsonRejection::JsonDataError(e) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_comment", e.body_text())
            }
            other => ApiError::from_status(other.status(), other.body_text()),
        }
    }
}

impl From<FormRejection> for ApiError {
    fn from(rejection: FormRejection) -> ApiError {
        match rejection {
            FormRejection::FailedToDeserializeFormBody(e) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_comment", e.body_text())
            }
            other => ApiError::from_status(other.status(), other.body_text()),
        }
    }
}

impl ApiError {
    /// The other rejections, with their own status: mostly reading the
    /// body failed (over the limit, or the client went away).
    fn from_status(status: StatusCode, message: String) -> ApiError {
        match status {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::too_large(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::new(status, "unsupported_media_type", message),
            _ => ApiError::new(status, "bad_request", message),
        }
    }
}

/// The two body types `POST /comments` reads.
enum BodyType {
    Json,
    Form,
}

fn body_type(headers: &HeaderMap) -> Option<BodyType> {
    let value = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok())?;
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json")) {
        Some(BodyType::Json)
    } else if essence == "application/x-www-form-urlencoded" {
        Some(BodyType::Form)
    } else {
        None
    }
}

/// `POST /comments`: clean the comment, answer with the HTML and the report.
async fn post_comment(State(sanitizer): State<Sanitizer>, request: Request) -> Response {
    let mut response = match clean_request(&sanitizer, request).await {
        Ok(cleaned) => Json(cleaned).into_response(),
        Err(error) => error.into_response(),
    };
    // JSON is never to be read as anything else, whatever it holds.
    response
        .headers_mut()
        .insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

async fn clean_request(sanitizer: &Sanitizer, request: Request) -> Result<Cleaned, ApiError> {
    // A declared length over the limit is refused before anything is read.
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(ApiError::too_large());
    }
    let comment = match body_type(request.headers()) {
        Some(BodyType::Json) => Json::<CommentInput>::from_request(request, &()).await?.0.comment,
        Some(BodyType::Form) => Form::<CommentInput>::from_request(request, &()).await?.0.comment,
        None => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the comment as application/json ({\"comment\": \"...\"}) \
                 or as application/x-www-form-urlencoded (comment=...)",
            ))
        }
    };
    // A few microseconds per KiB: cheap enough to run on the async worker
    // at this size (see the README for larger limits).
    match sanitizer.clean_with_report(&comment) {
        Ok((html, report)) => Ok(Cleaned {
            html,
            report: ReportJson::from(&report),
        }),
        Err(error) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "comment_rejected",
            error.to_string(),
        )),
    }
}
