//! The policy the command line asks for: a preset or a policy file,
//! `--lossy`, and the link
//! limit the JSONL summary counts against.

use comment_sanitizer::{InvalidUtf8, Policy};

use crate::args::Args;

/// The sanitizer's policy and the link limit of the summary.
pub struct Chosen {
    /// The policy to clean with.
    pub policy: Policy,
    /// Records with more links than this are over the link limit.
    pub max_links: usize,
}

/// The policy for `args`: the `--policy` file, or the preset; or a
/// message (exit code 1).
pub fn choose(args: &Args) -> Result<Chosen, String> {
    let base = match &args.policy {
        Some(path) => Policy::from_file(path).map_err(|e| format!("{}: {e}", path.display()))?,
        // clap allows only the names of `Policy::PRESET_NAMES`.
        None => Policy::preset(&args.preset).ok_or_else(|| format!("no preset {:?}", args.preset))?,
    };
    finish(base, args)
}

/// Apply `--lossy`; in JSONL mode, take the policy's link limit into the
/// summary instead, so that a record over it is still cleaned, written and
/// counted rather than failed.
fn finish(base: Policy, args: &Args) -> Result<Chosen, String> {
    let limits = base.limits().clone();
    let policy_links = limits.max_links;
    let mut builder = base.to_builder();
    if args.lossy {
        builder = builder.invalid_utf8(InvalidUtf8::Replace);
    }
    if args.jsonl {
        builder = builder.limits(limits.with_max_links(None));
    }
    let policy = builder.build().map_err(|e| format!("the policy does not build: {e}"))?;
    Ok(Chosen {
        policy,
        max_links: args.max_links.or(policy_links).unwrap_or(1),
    })
}
