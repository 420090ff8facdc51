//! Policy files (feature `serde`): the example files load as the policies
//! the builder makes, every key of the schema reaches the builder, a policy
//! written and read back is equal, and every refusal names its key.

use std::path::{Path, PathBuf};

use comment_sanitizer::{AttrKind, Disallowed, InvalidUtf8, Limits, Policy, PolicyBuilder, RelativeUrls, Sanitizer};
use proptest::prelude::*;

use crate::properties::{build_policy, spec_strategy};
use crate::support::assert_sanitizes_with;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/policies")
        .join(name)
}

fn built(builder: PolicyBuilder) -> Policy {
    builder
        .build()
        .unwrap_or_else(|e| panic!("the builder refused the policy: {e}"))
}

/// Loaded from TOML or JSON (as `text` is), written in both formats, and
/// read back: equal every time.
fn assert_round_trips(policy: &Policy) {
    let toml = policy.to_toml().unwrap();
    let from_toml = Policy::from_toml(&toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
    assert!(from_toml == *policy, "TOML did not round-trip:\n{toml}");
    assert_eq!(from_toml.to_toml().unwrap(), toml, "writing is deterministic");
    let json = policy.to_json().unwrap();
    let from_json = Policy::from_json(&json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    assert!(from_json == *policy, "JSON did not round-trip:\n{json}");
}

fn toml_error(text: &str) -> (Option<String>, String) {
    let err = Policy::from_toml(text).expect_err("the file must be refused");
    (err.key().map(str::to_string), err.to_string())
}

fn json_error(text: &str) -> (Option<String>, String) {
    let err = Policy::from_json(text).expect_err("the file must be refused");
    (err.key().map(str::to_string), err.to_string())
}

fn wordpress_example() -> Policy {
    built(
        Policy::wordpress_comments()
            .to_builder()
            .disallowed(Disallowed::Strip)
            .link_rel(Some("nofollow ugc"))
            .internal_hosts(["blog.example", "www.blog.example"])
            .limits(
                Limits::default()
                    .with_max_input_bytes(Some(65525))
                    .with_max_links(Some(10))
                    .with_max_depth(32),
            ),
    )
}

fn markdown_example() -> Policy {
    let mut b = Policy::markdown_comments()
        .to_builder()
        .relative_urls(RelativeUrls::Deny)
        .link_target(Some("_blank"))
        .internal_hosts(["docs.example"])
        .limits(
            Limits::default()
                .with_max_input_bytes(Some(100_000))
                .with_max_attr_value_len(300),
        )
        .allow_element("kbd");
    b = b
        .allow_attribute("img", "src", AttrKind::Url)
        .attribute_url_schemes("img", "src", ["https"])
        .allow_attribute("img", "alt", AttrKind::Text)
        .allow_attribute("img", "title", AttrKind::Text)
        .force_attribute("img", "loading", "lazy");
    built(b)
}

fn escape_example() -> Policy {
    built(
        Policy::wordpress_comments()
            .to_builder()
            .disallowed(Disallowed::Escape)
            .limits(Limits::default().with_max_input_bytes(Some(65525))),
    )
}

/// `examples/policies/forum.toml`: every key of the schema.
fn forum_example() -> Policy {
    let mut b = Policy::builder()
        .disallowed(Disallowed::Escape)
        .url_schemes(["https", "http", "mailto"])
        .drop_content("aside")
        .invalid_utf8(InvalidUtf8::Replace)
        .relative_urls(RelativeUrls::Allow)
        .link_rel(Some("nofollow ugc"))
        .link_target(Some("_blank"))
        .internal_hosts(["forum.example"])
        .id_prefix("user-content-")
        .limits(
            Limits::default()
                .with_max_depth(64)
                .with_max_input_bytes(Some(200_000))
                .with_max_attr_value_len(512)
                .with_max_attributes_per_tag(16)
                .with_max_links(Some(20)),
        );
    for e in [
        "p",
        "br",
        "b",
        "i",
        "em",
        "strong",
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "code",
        "a",
        "h2",
        "h3",
        "bdo",
        "img",
        "span",
        "del",
    ] {
        b = b.allow_element(e);
    }
    b = b
        .allow_attribute("*", "lang", AttrKind::Text)
        .allow_attribute("*", "data-*", AttrKind::Text)
        .allow_attribute("*", "title", AttrKind::Text)
        .allow_attribute("ol", "start", AttrKind::Integer)
        .allow_attribute("blockquote", "cite", AttrKind::Url)
        .allow_attribute("code", "class", AttrKind::Text)
        .allow_attribute_tokens("code", "class", ["language-*"])
        .allow_attribute("a", "href", AttrKind::Url)
        .allow_attribute("h2", "id", AttrKind::Text)
        .allow_attribute("h3", "id", AttrKind::Text)
        .allow_attribute("bdo", "dir", AttrKind::Text)
        .allow_attribute_values("bdo", "dir", ["ltr", "rtl"])
        .allow_attribute("img", "src", AttrKind::Url)
        .attribute_url_schemes("img", "src", ["https"])
        .allow_attribute("img", "alt", AttrKind::Text)
        .allow_attribute("img", "width", AttrKind::Integer)
        .allow_attribute("img", "height", AttrKind::Integer)
        .allow_attribute("span", "class", AttrKind::Text)
        .allow_attribute_tokens("span", "class", ["spoiler", "mention"])
        .allow_attribute("del", "datetime", AttrKind::Datetime);
    built(b)
}

#[test]
fn every_example_file_is_the_policy_the_builder_makes() {
    let expected = [
        ("wordpress-comments.toml", wordpress_example()),
        ("markdown-comments.toml", markdown_example()),
        ("escape.json", escape_example()),
        ("forum.toml", forum_example()),
    ];
    let mut on_disk: Vec<String> = std::fs::read_dir(example(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut named: Vec<String> = expected.iter().map(|(n, _)| n.to_string()).collect();
    named.sort();
    assert_eq!(on_disk, named, "every example file is checked here");
    for (name, policy) in &expected {
        let loaded = Policy::from_file(example(name)).unwrap_or_else(|e| panic!("{e}"));
        assert!(loaded == *policy, "{name} is not the expected policy");
        assert_round_trips(&loaded);
    }
}

#[test]
fn the_example_policies_clean_as_described() {
    let wordpress = Sanitizer::new(Policy::from_file(example("wordpress-comments.toml")).unwrap());
    assert_sanitizes_with(
        &wordpress,
        r#"<a href="https://blog.example/x">in</a> <a href="https://else.example/">out</a>"#,
        r#"<a href="https://blog.example/x">in</a> <a href="https://else.example/" rel="nofollow ugc">out</a>"#,
    );
    let markdown = Sanitizer::new(Policy::from_file(example("markdown-comments.toml")).unwrap());
    assert_sanitizes_with(
        &markdown,
        r#"<p><img src="http://x.example/a.png" alt="a"><img src="https://x.example/b.png"><a href="/rel">r</a><kbd>K</kbd></p>"#,
        r#"<p><img alt="a" loading="lazy"><img src="https://x.example/b.png" loading="lazy"><a>r</a><kbd>K</kbd></p>"#,
    );
    let escape = Sanitizer::new(Policy::from_file(example("escape.json")).unwrap());
    assert_sanitizes_with(
        &escape,
        "Use Vec<T> <b>now</b><script>x()</script>",
        "Use Vec&lt;T&gt; <b>now</b>&lt;script&gt;x()&lt;/script&gt;",
    );
}

#[test]
fn presets_round_trip() {
    for name in Policy::PRESET_NAMES {
        let preset = Policy::preset(name).unwrap();
        assert_round_trips(&preset);
        let from_file = Policy::from_toml(&format!("preset = {name:?}")).unwrap();
        assert!(from_file == preset, "{name}");
        let from_json = Policy::from_json(&format!("{{\"preset\": {name:?}}}")).unwrap();
        assert!(from_json == preset, "{name}");
    }
    assert!(Policy::preset("wordpress").is_none());
    assert!(Policy::preset("Markdown-Comments").is_none());
}

#[test]
fn a_rich_policy_round_trips() {
    assert_round_trips(&forum_example());
    assert_round_trips(&markdown_example());
    // Rules for an attribute kept on every element, on one element; a
    // framework name with the opt-in; no link rel.
    let policy = built(
        Policy::builder()
            .allow_element("code")
            .allow_element("div")
            .allow_element("a")
            .allow_attribute("*", "class", AttrKind::Text)
            .allow_attribute_tokens("code", "class", ["language-*"])
            .allow_attribute_values("*", "class", ["x", "y*"])
            .allow_attribute("div", "x-data", AttrKind::Text)
            .assume_no_attribute_frameworks()
            .allow_attribute("a", "href", AttrKind::Url)
            .allow_attribute("a", "rel", AttrKind::Text)
            .link_rel(None)
            .keep_content("textarea")
            .force_attribute("div", "role", "note"),
    );
    assert_round_trips(&policy);
    let toml = policy.to_toml().unwrap();
    assert!(toml.contains("rel = false"), "{toml}");
    assert!(
        toml.contains("[elements.code.class]\ntokens = [\"language-*\"]"),
        "{toml}"
    );
}

#[test]
fn the_escape_preset_file_is_the_preset_in_escape_mode() {
    let policy = Policy::from_toml("preset = \"wordpress-comments\"\ndisallowed = \"escape\"\n").unwrap();
    assert!(policy == built(Policy::wordpress_comments().to_builder().disallowed(Disallowed::Escape)));
    assert_eq!(policy.disallowed(), Disallowed::Escape);
    let strip = Policy::from_json(r#"{"preset": "wordpress-comments", "disallowed": "strip"}"#).unwrap();
    assert!(strip == Policy::wordpress_comments());
    assert!(strip != policy);
}

#[test]
fn every_top_level_key_reaches_the_builder() {
    let base = Policy::wordpress_comments().to_builder();
    let cases: Vec<(&str, PolicyBuilder)> = vec![
        ("disallowed = \"escape\"", base.clone().disallowed(Disallowed::Escape)),
        ("url_schemes = [\"https\"]", base.clone().url_schemes(["https"])),
        ("relative_urls = \"deny\"", base.clone().relative_urls(RelativeUrls::Deny)),
        (
            "drop_content = [\"script\", \"style\", \"template\", \"title\", \"noscript\", \"iframe\", \"noembed\", \
             \"noframes\", \"select\", \"datalist\", \"svg\", \"math\", \"aside\"]",
            base.clone().drop_content("aside"),
        ),
        (
            "drop_content = [\"script\", \"style\", \"template\", \"title\", \"iframe\", \"noembed\", \
             \"noframes\", \"select\", \"datalist\", \"svg\", \"math\"]",
            base.clone().keep_content("noscript"),
        ),
        ("invalid_utf8 = \"replace\"", base.clone().invalid_utf8(InvalidUtf8::Replace)),
        (
            "assume_no_attribute_frameworks = true\n[elements.b]\n\"x-text\" = \"text\"",
            base.clone()
                .assume_no_attribute_frameworks()
                .allow_attribute("b", "x-text", AttrKind::Text),
        ),
        (
            "[links]\nrel = \"nofollow\"\ntarget = \"_blank\"\ninternal_hosts = [\"Blog.example\"]\nid_prefix = \"uc-\"",
            base.clone()
                .link_rel(Some("nofollow"))
                .link_target(Some("_blank"))
                .internal_hosts(["blog.example"])
                .id_prefix("uc-"),
        ),
        ("[links]\nrel = false", base.clone().link_rel(None)),
        (
            "[limits]\nmax_depth = 10\nmax_input_bytes = 1000\nmax_attr_value_len = 20\nmax_url_len = 30\n\
             max_pending_tag_bytes = 40\nmax_tag_bytes = 50\nmax_attributes_per_tag = 6\nmax_links = 7\n\
             max_held_bytes = 80",
            base.clone().limits(
                Limits::default()
                    .with_max_depth(10)
                    .with_max_input_bytes(Some(1000))
                    .with_max_attr_value_len(20)
                    .with_max_url_len(30)
                    .with_max_pending_tag_bytes(40)
                    .with_max_tag_bytes(50)
                    .with_max_attributes_per_tag(6)
                    .with_max_links(Some(7))
                    .with_max_held_bytes(80),
            ),
        ),
        (
            // A listed element gets exactly the attributes listed.
            "[elements]\na = { href = { kind = \"url\", schemes = [\"https\"] } }\np = {}",
            {
                let mut b = Policy::builder();
                for e in Policy::wordpress_comments().elements() {
                    b = b.allow_element(e);
                }
                for e in Policy::wordpress_comments().elements().filter(|e| *e != "a") {
                    for (attr, kind) in Policy::wordpress_comments().allowed_attributes(e) {
                        b = b.allow_attribute(e, attr, kind);
                    }
                }
                b.allow_attribute("a", "href", AttrKind::Url)
                    .attribute_url_schemes("a", "href", ["https"])
                    .allow_element("p")
            },
        ),
    ];
    for (text, builder) in cases {
        let text = format!("preset = \"wordpress-comments\"\n{text}\n");
        let loaded = Policy::from_toml(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert!(loaded == built(builder), "{text}");
        assert_round_trips(&loaded);
    }
}

#[test]
#[cfg(feature = "resolve-urls")]
fn relative_urls_resolve_against_a_base() {
    let text = "preset = \"wordpress-comments\"\n[relative_urls]\nresolve = \"https://blog.example/post/\"\n";
    let policy = Policy::from_toml(text).unwrap();
    let expected = Policy::wordpress_comments()
        .to_builder()
        .relative_urls(RelativeUrls::Resolve("https://blog.example/post/".into()));
    assert!(policy == built(expected));
    assert_round_trips(&policy);
    let (key, _) = toml_error("[relative_urls]\nresolve = \"not a url\"\n");
    assert_eq!(key.as_deref(), Some("relative_urls"));
}

#[test]
#[cfg(not(feature = "resolve-urls"))]
fn resolving_needs_the_feature() {
    let (key, message) = toml_error("[relative_urls]\nresolve = \"https://blog.example/\"\n");
    assert_eq!(key.as_deref(), Some("relative_urls"));
    assert!(message.contains("resolve-urls"), "{message}");
}

#[test]
fn unknown_keys_are_refused_by_name() {
    for (text, key, unknown) in [
        ("presett = \"wordpress-comments\"", "presett", "presett"),
        ("[links]\ntraget = \"_blank\"", "links.traget", "traget"),
        ("[limits]\nmax_dept = 3", "limits.max_dept", "max_dept"),
        (
            "[elements.a]\nhref = { kind = \"url\", scheme = [\"https\"] }",
            "elements.a.href.scheme",
            "scheme",
        ),
    ] {
        let (got, message) = toml_error(text);
        assert_eq!(got.as_deref(), Some(key), "{message}");
        assert!(message.contains(&format!("unknown field `{unknown}`")), "{message}");
    }
    let (got, message) = json_error(r#"{"links": {"rell": "x"}}"#);
    assert_eq!(got.as_deref(), Some("links.rell"), "{message}");
}

#[test]
fn refusals_name_the_key_with_the_builders_message() {
    // (file, key, a part of the message)
    let cases = [
        (
            "[elements.b]\nonclick = \"text\"",
            "elements.b.onclick",
            "attribute \"onclick\" cannot be allowed: event handler attributes run script",
        ),
        ("[elements.b]\nstyle = \"text\"", "elements.b.style", "no CSS sanitizer"),
        (
            "[elements.a]\nhref = \"text\"",
            "elements.a.href",
            "allow it with AttrKind::Url",
        ),
        (
            "[elements.a]\nhref = { kind = \"url\", schemes = [\"javascript\"] }",
            "elements.a.href",
            "URL scheme \"javascript\" cannot be allowed",
        ),
        (
            "url_schemes = [\"https\", \"data\"]",
            "url_schemes",
            "URL scheme \"data\" cannot be allowed",
        ),
        (
            "url_schemes = [\"ht tp\"]",
            "url_schemes",
            "a scheme is an ASCII letter",
        ),
        (
            "[elements]\nscript = {}",
            "elements.script",
            "element <script> cannot be allowed",
        ),
        ("[elements]\ntr = {}", "elements.tr", "allow table, tbody too"),
        (
            "[elements.div]\n\"x-data\" = \"text\"",
            "elements.div.x-data",
            "Alpine.js",
        ),
        ("[elements.h2]\nid = \"text\"", "elements.h2.id", "id_prefix"),
        (
            "[limits]\nmax_depth = 0",
            "limits.max_depth",
            "limit max_depth = 0 is not usable",
        ),
        ("[limits]\nmax_depth = 600", "limits.max_depth", "512"),
        (
            "[limits]\nmax_held_bytes = 0",
            "limits.max_held_bytes",
            "limit max_held_bytes = 0",
        ),
        ("[links]\ntarget = \"_new\"", "links.target", "link_target \"_new\""),
        ("[links]\nid_prefix = \"\"", "links.id_prefix", "id_prefix \"\""),
        (
            "[links]\ninternal_hosts = [\"a/b\"]",
            "links.internal_hosts",
            "is not a host name",
        ),
        ("drop_content = [\"script\"]", "drop_content", "the content of <"),
        ("preset = \"wordpress\"", "preset", "unknown preset \"wordpress\""),
        (
            "[elements.b]\ntitle = {}",
            "elements.b.title",
            "give the attribute's kind",
        ),
        (
            "[elements.b]\ntitle = { kind = \"text\", force = \"x\" }",
            "elements.b.title",
            "a forced attribute",
        ),
        (
            "[elements.b]\nclass = { tokens = [\"x\"] }",
            "elements.b.class",
            "not allowed there as AttrKind::Text",
        ),
        (
            "[elements.a]\ntarget = \"text\"\n[links]\ntarget = \"_blank\"",
            "elements.a.target",
            "written by link_target",
        ),
    ];
    for (text, key, part) in cases {
        let (got, message) = toml_error(text);
        assert_eq!(got.as_deref(), Some(key), "{text}: {message}");
        assert!(message.starts_with(&format!("{key}: ")), "{message}");
        assert!(message.contains(part), "{text}: {message}");
    }
}

#[test]
fn wrong_types_and_syntax_name_the_key_and_line() {
    let err = Policy::from_toml("preset = \"wordpress-comments\"\n\n[limits]\nmax_depth = -1\n").unwrap_err();
    assert_eq!(err.key(), Some("limits.max_depth"));
    assert_eq!(err.line(), Some(4));
    assert!(err.to_string().contains("(line 4, column"), "{err}");
    let err = Policy::from_toml("disallowed = \"hide\"").unwrap_err();
    assert_eq!(err.key(), Some("disallowed"));
    assert!(err.to_string().contains("expected `strip` or `escape`"), "{err}");
    let err = Policy::from_toml("[elements.a]\nhref = \"uri\"").unwrap_err();
    assert!(err.to_string().contains("unknown variant `uri`"), "{err}");
    let err = Policy::from_toml("[links]\nrel = true").unwrap_err();
    assert_eq!(err.key(), Some("links.rel"));
    let err = Policy::from_toml("x = [").unwrap_err();
    assert_eq!((err.key(), err.line()), (None, Some(1)));
    let err = Policy::from_json("{\n  \"limits\": {\"max_links\": \"many\"}\n}").unwrap_err();
    assert_eq!((err.key(), err.line()), (Some("limits.max_links"), Some(2)));
    let err = Policy::from_json("{} {}").unwrap_err();
    assert_eq!(err.key(), None);
}

#[test]
fn a_policy_with_a_filter_cannot_be_written() {
    let policy = built(
        Policy::wordpress_comments()
            .to_builder()
            .attribute_filter(|_, _, v| Some(v.into())),
    );
    for err in [policy.to_toml().unwrap_err(), policy.to_json().unwrap_err()] {
        assert!(err.to_string().contains("attribute filter"), "{err}");
        assert_eq!(err.key(), None);
    }
}

#[test]
fn files_are_read_by_extension_and_errors_name_the_path() {
    let err = Policy::from_file(example("missing.toml")).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("missing.toml: cannot read the file"), "{message}");
    assert!(std::error::Error::source(&err).is_some());
    let err = Policy::from_file(example("wordpress-comments.yaml")).unwrap_err();
    assert!(err.to_string().contains(".toml or .json"), "{err}");
    // A refusal inside a file names the file and the key.
    let err = Policy::from_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("Cargo.toml: ") && message.contains(": unknown field `"),
        "{message}"
    );
}

#[test]
fn a_builder_refusal_is_the_source() {
    let err = Policy::from_toml("[elements.b]\nonclick = \"text\"").unwrap_err();
    let source = std::error::Error::source(&err).expect("the builder's error");
    assert!(source.downcast_ref::<comment_sanitizer::PolicyError>().is_some());
}

#[test]
fn policies_compare_by_rules() {
    assert!(Policy::wordpress_comments() == Policy::wordpress_comments());
    assert!(Policy::wordpress_comments() != Policy::markdown_comments());
    let a = built(Policy::builder().allow_element("b").keep_content("noscript"));
    let b = built(Policy::builder().allow_element("b").keep_content("noscript"));
    assert!(a == b);
    assert!(a != built(Policy::builder().allow_element("b")));
    // Keeping the content of an element whose content is kept anyway
    // changes nothing.
    assert!(built(Policy::builder().keep_content("aside")) == built(Policy::builder()));
    // Two filters are the same only when they are one.
    let f = Policy::builder().attribute_filter(|_, _, v| Some(v.into()));
    assert!(built(f.clone()) == built(f));
    let g = Policy::builder().attribute_filter(|_, _, v| Some(v.into()));
    let h = Policy::builder().attribute_filter(|_, _, v| Some(v.into()));
    assert!(built(g) != built(h));
}

proptest! {
    #![proptest_config(crate::support::proptest_config(64))]

    /// Any policy the builder makes is written and read back as an equal
    /// policy, in both formats; one with a filter is refused.
    #[test]
    fn random_policies_round_trip(spec in spec_strategy()) {
        let policy = build_policy(&spec);
        match policy.to_toml() {
            Err(err) => {
                prop_assert!(spec.filter.is_some(), "{}", err);
                prop_assert!(policy.to_json().is_err());
            }
            Ok(toml) => {
                prop_assert!(spec.filter.is_none());
                let loaded = Policy::from_toml(&toml).map_err(|e| TestCaseError::fail(format!("{e}\n{toml}")))?;
                prop_assert!(loaded == policy, "{}", toml);
                let json = policy.to_json().unwrap();
                let loaded = Policy::from_json(&json).map_err(|e| TestCaseError::fail(format!("{e}\n{json}")))?;
                prop_assert!(loaded == policy, "{}", json);
            }
        }
    }
}
