//! The same job as `comment-sanitize FILE...` done with ammonia, for the
//! whole-process comparison in `benches/README.md`: ammonia configured
//! with the policy of `Policy::wordpress_comments` (as `benches/sanitize.rs`
//! configures it), each file (or stdin) read whole, cleaned, and written to
//! stdout. ammonia does not stream, so each input is held in memory.
//!
//! ```text
//! cargo build --release --example ammonia_cli
//! target/release/examples/ammonia_cli mixed.html > /dev/null
//! ```

use std::collections::{HashMap, HashSet};
use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

use comment_sanitizer::Policy;

/// ammonia with the allowlist, URL schemes and `rel` of the default policy.
fn builder(policy: &Policy) -> ammonia::Builder<'_> {
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
        .clean_content_tags(["script", "style"].into_iter().collect());
    builder
}

fn read(path: Option<&str>) -> io::Result<String> {
    let mut input = String::new();
    match path {
        None | Some("-") => io::stdin().read_to_string(&mut input)?,
        Some(path) => std::fs::File::open(path)?.read_to_string(&mut input)?,
    };
    Ok(input)
}

fn main() -> ExitCode {
    let policy = Policy::wordpress_comments();
    let cleaner = builder(&policy);
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let paths: Vec<Option<&str>> = if paths.is_empty() {
        vec![None]
    } else {
        paths.iter().map(|p| Some(p.as_str())).collect()
    };
    let mut out = BufWriter::new(io::stdout().lock());
    for path in paths {
        let result = read(path).and_then(|input| cleaner.clean(&input).write_to(&mut out));
        if let Err(e) = result {
            eprintln!("ammonia_cli: {}: {e}", path.unwrap_or("<stdin>"));
            return ExitCode::FAILURE;
        }
    }
    match out.flush() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ammonia_cli: {e}");
            ExitCode::FAILURE
        }
    }
}
