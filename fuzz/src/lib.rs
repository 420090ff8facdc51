//! Shared support for the fuzz targets: the policy variants, and the test
//! suite's html5ever oracle and property checks (`tests/support/`).
//!
//! Every check panics with a message naming the property it found broken, so
//! that libFuzzer records the input as a crash.

use std::sync::OnceLock;

use std::borrow::Cow;

use comment_sanitizer::{AttrKind, Disallowed, Limits, Policy, RelativeUrls, Sanitizer};

// ---------------------------------------------------------------------------
// Policy variants
// ---------------------------------------------------------------------------

/// One policy under test, with the facts the checks need about it.
pub struct Variant {
    /// Short name, for panic messages.
    pub name: &'static str,
    pub sanitizer: Sanitizer,
    /// The `rel` written on links that keep their `href`.
    pub link_rel: Option<&'static str>,
    /// Whether a relative URL may appear in the output.
    pub relative_allowed: bool,
}

/// The `max_depth` of the small-depth variant.
pub const SMALL_DEPTH: usize = 3;
/// The base URL of the resolving variant.
pub const BASE_URL: &str = "https://blog.example/post/1";

fn build_variants() -> Vec<Variant> {
    let wp = Policy::wordpress_comments;
    let mk = |name, policy: Result<Policy, comment_sanitizer::PolicyError>, link_rel, relative_allowed| Variant {
        name,
        sanitizer: Sanitizer::new(policy.unwrap_or_else(|e| panic!("variant {name} must build: {e}"))),
        link_rel,
        relative_allowed,
    };
    vec![
        mk("wordpress", Ok(wp()), Some("nofollow ugc"), true),
        mk("link_rel_none", wp().to_builder().link_rel(None).build(), None, true),
        mk(
            "relative_deny",
            wp().to_builder().relative_urls(RelativeUrls::Deny).build(),
            Some("nofollow ugc"),
            false,
        ),
        mk("https_only", wp().to_builder().url_schemes(["https"]).build(), Some("nofollow ugc"), true),
        mk(
            "extra_elements",
            wp().to_builder()
                .allow_element("p")
                .allow_element("div")
                .allow_element("span")
                .allow_element("br")
                .allow_attribute("span", "title", AttrKind::Text)
                .build(),
            Some("nofollow ugc"),
            true,
        ),
        mk(
            "small_depth",
            wp().to_builder()
                .allow_element("p")
                .allow_element("br")
                .limits(Limits::default().with_max_depth(SMALL_DEPTH).with_max_attr_value_len(16).with_max_url_len(40))
                .build(),
            Some("nofollow ugc"),
            true,
        ),
        mk("markdown", Ok(Policy::markdown_comments()), Some("nofollow ugc"), true),
        mk(
            "tables_and_lists",
            wp().to_builder()
                .allow_element("p")
                .allow_element("ul")
                .allow_element("ol")
                .allow_element("li")
                .allow_element("pre")
                .allow_element("h2")
                .allow_element("hr")
                .allow_element("table")
                .allow_element("caption")
                .allow_element("colgroup")
                .allow_element("col")
                .allow_element("thead")
                .allow_element("tbody")
                .allow_element("tr")
                .allow_element("th")
                .allow_element("td")
                .allow_element("img")
                .allow_attribute("img", "src", AttrKind::Url)
                .allow_attribute("img", "srcset", AttrKind::Srcset)
                .allow_attribute("ol", "start", AttrKind::Integer)
                .build(),
            Some("nofollow ugc"),
            true,
        ),
        mk(
            "escape",
            wp().to_builder().disallowed(Disallowed::Escape).build(),
            Some("nofollow ugc"),
            true,
        ),
        mk(
            "markdown_escape",
            Policy::markdown_comments().to_builder().disallowed(Disallowed::Escape).build(),
            Some("nofollow ugc"),
            true,
        ),
        mk(
            "attribute_rules",
            Policy::markdown_comments()
                .to_builder()
                .allow_element("span")
                .allow_attribute("*", "data-*", AttrKind::Text)
                .allow_attribute("*", "class", AttrKind::Text)
                .allow_attribute_tokens("*", "class", ["hl-*", "note"])
                .allow_attribute("span", "title", AttrKind::Text)
                .allow_attribute_values("span", "title", ["tip: *"])
                .allow_attribute("*", "id", AttrKind::Text)
                .id_prefix("user-content-")
                .link_target(Some("_blank"))
                .internal_hosts(["blog.example"])
                .attribute_filter(no_evil)
                .build(),
            Some("nofollow ugc"),
            true,
        ),
        mk(
            "resolve",
            wp().to_builder()
                .relative_urls(RelativeUrls::Resolve(BASE_URL.into()))
                .link_rel(Some("nofollow"))
                .build(),
            Some("nofollow"),
            false,
        ),
    ]
}

/// The attribute filter of the `attribute_rules` variant: drops values
/// that mention "evil" and upper-cases titles (a filter may rewrite; the
/// policy checks what it returns).
fn no_evil<'v>(_: &str, attribute: &str, value: &'v str) -> Option<Cow<'v, str>> {
    if value.contains("evil") {
        None
    } else if attribute == "title" {
        Some(Cow::Owned(value.to_uppercase()))
    } else {
        Some(Cow::Borrowed(value))
    }
}

/// All policy variants, built once.
pub fn variants() -> &'static [Variant] {
    static VARIANTS: OnceLock<Vec<Variant>> = OnceLock::new();
    VARIANTS.get_or_init(build_variants)
}

/// How many generated policies [`variant`] picks from.
pub const GENERATED: usize = 128;

/// The variant a selector byte picks: below 128 one of the fixed
/// [`variants`], from 128 one of [`GENERATED`] policies generated from the
/// byte (see [`generated`]).
pub fn variant(selector: u8) -> &'static Variant {
    if usize::from(selector) >= GENERATED {
        static BUILT: OnceLock<Vec<OnceLock<Variant>>> = OnceLock::new();
        let built = BUILT.get_or_init(|| (0..GENERATED).map(|_| OnceLock::new()).collect());
        let seed = usize::from(selector) - GENERATED;
        return built[seed].get_or_init(|| generated(seed as u64));
    }
    let all = variants();
    &all[usize::from(selector) % all.len()]
}

/// A policy generated from `seed`, using the attribute rules (generic
/// attributes, name prefixes, value patterns, class tokens, the attribute
/// filter, link target and internal hosts, id prefix), escape mode, extra
/// elements, URL schemes and relative URLs in random combinations.
pub fn generated(seed: u64) -> Variant {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut chance = |one_in: u64| next() % one_in == 0;
    let markdown = chance(2);
    let mut b = if markdown {
        Policy::markdown_comments().to_builder()
    } else {
        Policy::wordpress_comments().to_builder()
    };
    for element in ["p", "div", "span", "ul", "li", "pre", "h2", "hr", "img"] {
        if chance(3) {
            b = b.allow_element(element);
        }
    }
    if chance(3) {
        for element in ["table", "caption", "thead", "tbody", "tr", "th", "td"] {
            b = b.allow_element(element);
        }
    }
    if chance(2) {
        b = b.allow_attribute("*", "title", AttrKind::Text);
    }
    if chance(2) {
        b = b.allow_attribute("*", "data-*", AttrKind::Text);
    }
    if chance(3) {
        b = b.allow_attribute("*", "aria-*", AttrKind::Text);
    }
    if chance(2) {
        b = b
            .allow_attribute("*", "class", AttrKind::Text)
            .allow_attribute_tokens("*", "class", ["hl-*", "note", "language-*"]);
    }
    if chance(3) {
        b = b.allow_attribute("*", "id", AttrKind::Text).id_prefix("user-content-");
    }
    if chance(3) {
        b = b
            .allow_element("span")
            .allow_attribute("span", "lang", AttrKind::Text)
            .allow_attribute_values("span", "lang", ["en", "fr-*"]);
    }
    if chance(2) {
        b = b.link_target(Some("_blank"));
    }
    if chance(2) {
        b = b.internal_hosts(["blog.example", "ok.example"]);
    }
    if chance(3) {
        b = b.attribute_filter(no_evil);
    }
    if chance(2) {
        b = b.disallowed(Disallowed::Escape);
    }
    let https_only = chance(4);
    if https_only {
        b = b.url_schemes(["https"]);
    }
    let deny_relative = chance(4);
    if deny_relative {
        b = b.relative_urls(RelativeUrls::Deny);
    }
    if chance(4) {
        b = b.limits(Limits::default().with_max_depth(SMALL_DEPTH).with_max_pending_tag_bytes(64));
    }
    let policy = b.build().unwrap_or_else(|e| panic!("generated policy {seed} must build: {e}"));
    Variant {
        name: "generated",
        sanitizer: Sanitizer::new(policy),
        link_rel: Some("nofollow ugc"),
        relative_allowed: !deny_relative,
    }
}

// ---------------------------------------------------------------------------
// The judges: the test suite's own html5ever oracle and property checks,
// included rather than copied, so the fuzz targets and the tests agree on
// what "safe", "stable" and "idempotent" mean.
// ---------------------------------------------------------------------------

#[allow(dead_code)]
#[path = "../../tests/support/oracle.rs"]
pub mod oracle;

#[allow(dead_code)]
#[path = "../../tests/support/checks.rs"]
pub mod checks;

pub use checks::browser_scheme;
pub use oracle::{census, parse, Census};

fn extras(variant: &Variant) -> checks::Extras {
    checks::Extras {
        relative_allowed: variant.relative_allowed,
        ..checks::Extras::of(variant.sanitizer.policy())
    }
}

fn fail(property: &str, variant: &Variant, input: &str, error: String) -> ! {
    panic!("{property} VIOLATION [{}]: {error}\ninput: {input:?}", variant.name)
}

/// Property 1, safety: `output` reparsed holds only what `variant` allows.
pub fn check_safe(variant: &Variant, output: &str, input: &str) {
    if let Err(e) = checks::check_safe_with(variant.sanitizer.policy(), &extras(variant), output) {
        fail("SAFETY", variant, input, e);
    }
}

/// Property 2, stability: parsing and serializing `output` gives it back.
pub fn check_stable(variant: &Variant, output: &str, input: &str) {
    if let Err(e) = checks::check_stable(output) {
        fail("STABILITY", variant, input, e);
    }
}

/// Property 3, idempotence: cleaning `output` again gives it back.
pub fn check_idempotent(variant: &Variant, output: &str, input: &str) {
    if let Err(e) = checks::check_idempotent(&variant.sanitizer, output) {
        fail("IDEMPOTENCE", variant, input, e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_scheme_follows_whatwg() {
        assert_eq!(browser_scheme("https://x").as_deref(), Some("https"));
        assert_eq!(browser_scheme(" \u{1}JaVa\tScRiPt:x").as_deref(), Some("javascript"));
        assert_eq!(browser_scheme("java\u{fffd}script:x"), None);
        assert_eq!(browser_scheme("\u{a0}javascript:x"), None);
        assert_eq!(browser_scheme("1a:x"), None);
        assert_eq!(browser_scheme("/a:b"), None);
        assert_eq!(browser_scheme("abc"), None);
        assert_eq!(browser_scheme("a.b+c-d:x").as_deref(), Some("a.b+c-d"));
    }

    #[test]
    fn generated_policies_build() {
        for selector in 128..=255u8 {
            let v = variant(selector);
            let out = v.sanitizer.clean("<b>x</b><script>y</script>").expect("no input limit");
            check_safe(v, &out, "");
        }
    }

    #[test]
    fn variants_build_and_pass_a_smoke_test() {
        for v in variants() {
            let input = r#"<p><a href="javascript:x" title=t>x</a><q cite="/r">q</q><!-- c --><del datetime="2024-01-01">d</del>"#;
            let out = v.sanitizer.clean(input).unwrap();
            check_safe(v, &out, input);
            check_stable(v, &out, input);
            check_idempotent(v, &out, input);
        }
    }
}
