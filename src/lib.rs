//! Turn untrusted, user-written comment HTML into HTML that is safe to show
//! to every other reader, in one streaming pass.
//!
//! # Overview
//!
//! Blogs tell their commenters:
//!
//! ```text
//! You may use these HTML tags and attributes: <a href="" title=""> <abbr title="">
//! <acronym title=""> <b> <blockquote cite=""> <cite> <code> <del datetime="">
//! <em> <i> <q cite=""> <s> <strike> <strong>
//! ```
//!
//! This crate enforces exactly that policy by default
//! ([`Policy::wordpress_comments`]), offers a second preset for services that
//! render comments from Markdown ([`Policy::markdown_comments`]), lets a
//! service change either ([`PolicyBuilder`]), and reports what it removed
//! ([`Report`]) for moderation.
//!
//! It is a pipeline of small stages that pass events:
//!
//! ```text
//! input chunks -> tokenize -> tree -> filter -> balance -> serialize -> output
//! ```
//!
//! The tree stage follows the HTML standard's tree-construction rules as a
//! browser does (implied end tags, lists, tables and foster parenting,
//! misnested formatting, foreign content, `select`, `template`), without
//! building the tree: the output is the document a browser would build from
//! the comment, with the policy applied, so the text a reader would see is
//! kept where the reader would see it.
//!
//! Input may arrive in chunks split anywhere (inside a tag, an entity, a
//! UTF-8 sequence); output leaves as soon as it is decided, and is
//! byte-identical however the input was split. Memory holds the open
//! elements, the tag being read and, while a kept table is open, what a
//! browser could still move before it (at most
//! [`Limits::max_held_bytes`]), never the whole comment.
//!
//! Each thread keeps the buffers of its last run (while they hold at most
//! 64 KiB), so cleaning a typical comment allocates once with
//! [`clean`] (the output string) and twice with [`clean_with_report`] (and
//! the report's list); `tests/allocations.rs` asserts both. `clean` builds
//! no report at all, so it is the cheaper call when nobody reads one.
//!
//! # Examples
//!
//! The one-call form, with the default policy:
//!
//! ```
//! let html = comment_sanitizer::clean(
//!     r#"<p>Nice post! <a href="javascript:alert(1)" onclick="steal()">me</a>
//!        <script>alert(1)</script><b>I <3 it</b></p>"#,
//! );
//! assert_eq!(html, "Nice post! <a>me</a>\n       <b>I &lt;3 it</b>");
//! ```
//!
//! A shared [`Sanitizer`] with a report, for moderation:
//!
//! ```
//! use comment_sanitizer::{Policy, Sanitizer};
//!
//! let sanitizer = Sanitizer::new(Policy::wordpress_comments());
//! let (html, report) = sanitizer
//!     .clean_with_report(r#"<a href="https://a.example">a</a> <a href="https://b.example">b</a>"#)
//!     .unwrap();
//! assert_eq!(report.links(), 2); // WordPress holds comments with 2+ links
//! # let _ = html;
//! ```
//!
//! Streaming into any [`std::io::Write`]:
//!
//! ```
//! use std::io::Write;
//! use comment_sanitizer::Sanitizer;
//!
//! let mut writer = Sanitizer::default().writer(Vec::new());
//! writer.write_all(b"<em>streamed <sty").unwrap();
//! writer.write_all(b"le>p{}</style>text</em>").unwrap();
//! let (out, _report) = writer.finish().unwrap();
//! assert_eq!(out, b"<em>streamed text</em>");
//! ```
//!
//! # Safety argument
//!
//! The serializer (`src/serialize.rs`) is the only code that writes output,
//! and it can write only three things: start and end tags of allowlisted
//! elements with allowlisted attributes, whose names come from the policy's
//! own validated tables (never from the input); attribute values, always
//! double-quoted and escaped (`&` `"` `<` `>` U+00A0); and text, escaped
//! (`&` `<` `>` U+00A0) so it can never start markup. The elements a policy
//! may keep are ordinary elements that put no HTML parser into a raw-text or
//! foreign state, and the balancer writes them well nested, so every HTML5
//! parser reads the output as the same tree. What the earlier stages get
//! wrong can only change *which* allowlisted things survive, never let
//! anything else through. URLs are judged the way a browser's URL parser
//! reads them (see [`AttrKind::Url`]).
//!
//! The [`Report`] is advisory: an empty report is **not** a safety verdict.
//! Only the output is safe. The threat model, what is not protected against,
//! and how to report a vulnerability are in [`security`] (the repository's
//! `SECURITY.md`).
//!
//! # The default policy
//!
//! [`Policy::wordpress_comments`] keeps the 14 elements above with the
//! listed attributes; every other attribute (`id`, `class`, `style`, `on*`)
//! goes. Other elements are removed and their text kept, except those whose
//! content is not reader text ([`default_dropped_content`]: `script`,
//! `style`, `template`, `iframe`, `svg`, `math`, ...), which go with their
//! content. `href` and `cite` keep only relative, `http`, `https` and
//! `mailto` URLs; links get `rel="nofollow ugc"`; `del datetime` must be a
//! valid date or time. A removed block (`<p>`, `<div>`, ...) leaves a blank
//! line and a removed `<br>` a line break, so words never run together. A
//! lone `<` and a tag cut off by the end of the input stay as text.
//!
//! # Limits
//!
//! [`Limits`] bounds nesting depth (256), attribute value length (1024),
//! URL length (2048), the tag kept pending at the end of input (64 KiB), the
//! table content held back (256 KiB) and, optionally, input size. Each is
//! documented with its default and reason. Where a bound makes the output
//! depart from the document a browser would build, the report says so
//! ([`Removed::Departure`]).
//!
//! Output size is linear in the input: at most 7 bytes per input byte plus
//! 8 KiB, and the attributes a policy writes on its own (`rel`, forced
//! attributes) once per element written. (A browser can copy a formatting
//! element's attributes into every paragraph that follows; the copies
//! together write at most as much as the input, then stop and are
//! reported.)
//!
//! # Features
//!
//! None is on by default, so the default build depends only on `memchr`,
//! `thiserror` and `web_atoms`.
//!
//! * `resolve-urls`: `RelativeUrls::Resolve`, which resolves relative
//!   URLs against a base URL with the `url` crate.
//! * `serde`: policies from TOML and JSON files and back
//!   (`Policy::from_toml`, `from_json`, `from_file`, `to_toml`, `to_json`;
//!   the schema is in the `config` module), and `Serialize` for [`Report`],
//!   with `serde`, `toml`, `serde_json` and `serde_path_to_error`.
//! * `simd-utf8`: the bytes written to a [`SanitizeWriter`] are validated
//!   as UTF-8 with SIMD instructions (the `simdutf8` crate).
//! * `cli`: the `comment-sanitize` binary (clap, rayon and indicatif, none
//!   of which the library uses); turns on `serde` and `simd-utf8`.
//! * `_internals`: unstable, for this crate's own tests and fuzz targets
//!   only (the tokenizer conformance runner, and html5ever's tokenizer as a
//!   reference backend). Not part of the public API.

// Also the lints table of Cargo.toml; this one stays here, where an
// auditor looks for it, and covers only the library (tests need `unsafe` for
// a counting allocator).
#![forbid(unsafe_code)]

mod balance;
mod datetime;
mod elements;
mod error;
mod escape;
mod event;
mod filter;
#[cfg(feature = "_internals")]
pub mod internals;
mod name_table;
mod native;
mod pipeline;
mod policy;
mod report;
mod sanitizer;
mod serialize;
mod stream;
mod tokenize;
mod tree;
mod url;

pub use crate::error::{Error, ErrorKind, PolicyError};
#[cfg(feature = "serde")]
pub use crate::policy::config::{self, ConfigError};
pub use crate::policy::{
    default_dropped_content, AttrKind, Disallowed, InvalidUtf8, Limits, Policy, PolicyBuilder, RelativeUrls,
};
pub use crate::report::{Departure, Name, Reason, Removal, Removed, Report};
pub use crate::sanitizer::{clean, clean_with_report, Sanitizer};
pub use crate::stream::SanitizeWriter;

/// The security policy: threat model, safety argument, what is not protected
/// against, limits, how unusual characters are handled, how it is tested,
/// and how to report a vulnerability (the repository's `SECURITY.md`).
pub mod security {
    #![doc = include_str!("../SECURITY.md")]
}

/// The README's examples, compiled and run as doctests so they stay true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
