//! The native tokenizer against the html5lib-tests suite and against
//! html5ever's tokenizer, and the whole sanitizer on both tokenizers. These
//! reach crate-private machinery, so they need the unstable `_internals`
//! feature: `cargo test --features _internals` (or `--all-features`).

mod support;

mod backends;
mod html5lib_tokenizer;
mod memory_bounds;
mod tokenizer_diff;
mod work_bounds;
