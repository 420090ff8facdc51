//! The sanitizer through its public API, one module per concern. Every
//! case goes through `support::assert_sanitizes` (or `sanitize_every_way`),
//! which cleans the input whole, split in two and three pieces, and byte by
//! byte, and requires the same output every time.
//!
//! One test binary, not one per file: every binary is another link step.

mod support;

mod attribute_rules;
mod balancing;
mod commonmark;
#[cfg(feature = "serde")]
mod config;
mod errors;
mod escape;
mod output_size;
mod policy_builder;
mod properties;
mod regressions;
mod report;
#[cfg(feature = "serde")]
mod report_json;
mod streaming;
mod text;
mod urls;
mod vs_ammonia;
mod wordpress_policy;
mod xss_corpus;
