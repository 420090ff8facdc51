//! Attribute rules a policy can state: value patterns, class tokens,
//! attributes on every element and name prefixes, the framework names
//! refused, the attribute filter, links to the site's own hosts, and the
//! `id` prefix. Every case goes through `assert_sanitizes_with`.

use std::borrow::Cow;

use crate::support::{assert_sanitizes_with, sanitize_every_way};
use comment_sanitizer::{AttrKind, Policy, PolicyError, Reason, Removed, Sanitizer};

fn sanitizer(policy: Result<Policy, PolicyError>) -> Sanitizer {
    Sanitizer::new(policy.expect("the policy builds"))
}

#[test]
fn value_patterns_match_whole_values_case_sensitively() {
    let s = sanitizer(
        Policy::builder()
            .allow_element("a")
            .allow_attribute("a", "href", AttrKind::Url)
            .allow_attribute_values("a", "href", ["https://docs.example/*", "/help"])
            .link_rel(None)
            .build(),
    );
    assert_sanitizes_with(
        &s,
        r#"<a href="https://docs.example/a/b">x</a>"#,
        r#"<a href="https://docs.example/a/b">x</a>"#,
    );
    // `*` stands for one or more characters.
    assert_sanitizes_with(&s, r#"<a href="https://docs.example/">x</a>"#, "<a>x</a>");
    assert_sanitizes_with(
        &s,
        r#"<a href="https://evil.example/https://docs.example/x">x</a>"#,
        "<a>x</a>",
    );
    assert_sanitizes_with(&s, r#"<a href="/help">x</a>"#, r#"<a href="/help">x</a>"#);
    assert_sanitizes_with(&s, r#"<a href="/HELP">x</a>"#, "<a>x</a>");
    assert_sanitizes_with(&s, r#"<a href="/help/more">x</a>"#, "<a>x</a>");
}

#[test]
fn class_tokens_are_kept_or_removed_one_by_one() {
    let s = sanitizer(
        Policy::builder()
            .allow_element("code")
            .allow_attribute("code", "class", AttrKind::Text)
            .allow_attribute_tokens("code", "class", ["language-*", "hl"])
            .build(),
    );
    assert_sanitizes_with(
        &s,
        r#"<code class="language-python hljs  hl">x</code>"#,
        r#"<code class="language-python hl">x</code>"#,
    );
    // Case-sensitive, as browsers match class names.
    assert_sanitizes_with(&s, r#"<code class="Language-python HL">x</code>"#, "<code>x</code>");
    let (_, report) = sanitize_every_way(&s, r#"<code class="hljs">x</code>"#);
    assert_eq!(
        report.removals()[0].what,
        Removed::Attribute {
            element: "code".into(),
            name: "class".into(),
            reason: Reason::ValueNotAllowed
        }
    );
}

#[test]
fn generic_attributes_and_prefixes_apply_to_every_kept_element() {
    let s = sanitizer(
        Policy::wordpress_comments()
            .to_builder()
            .allow_element("span")
            .allow_attribute("*", "lang", AttrKind::Text)
            .allow_attribute("*", "aria-*", AttrKind::Text)
            .allow_attribute("span", "data-*", AttrKind::Text)
            .allow_attribute("span", "lang", AttrKind::Text)
            .allow_attribute_values("span", "lang", ["en", "fr"])
            .build(),
    );
    assert_sanitizes_with(
        &s,
        r#"<b lang="de" aria-label="bold">x</b><span lang="de" data-user-id="7">y</span>"#,
        r#"<b lang="de" aria-label="bold">x</b><span data-user-id="7">y</span>"#,
    );
    // A prefix needs more name after it; names with other characters go.
    assert_sanitizes_with(
        &s,
        r#"<span data-="x" data-a.b="y" data-ok="z">y</span>"#,
        r#"<span data-ok="z">y</span>"#,
    );
    // Not on elements the policy does not keep.
    assert_sanitizes_with(&s, r#"<div aria-hidden="true">z</div>"#, "z");
}

#[test]
fn framework_attribute_names_are_refused_unless_the_site_runs_none() {
    for name in [
        "x-data",
        "hx-get",
        "data-hx-post",
        "v-html",
        "ng-click",
        "data-ng-init",
        "data-bind",
        "x-*",
        "hx-*",
    ] {
        let err = Policy::builder()
            .allow_element("b")
            .allow_attribute("b", name, AttrKind::Text)
            .build()
            .unwrap_err();
        assert!(matches!(err, PolicyError::UnsafeAttribute { .. }), "{name}: {err}");
        assert!(err.to_string().contains("assume_no_attribute_frameworks"), "{err}");
    }
    // Through a prefix they are removed and reported.
    let s = sanitizer(
        Policy::builder()
            .allow_element("b")
            .allow_attribute("b", "data-*", AttrKind::Text)
            .build(),
    );
    let (out, report) = sanitize_every_way(
        &s,
        r#"<b data-bind="html: x" data-ng-init="x" data-hx-get="/x" data-id="1">x</b>"#,
    );
    assert_eq!(out, r#"<b data-id="1">x</b>"#);
    assert_eq!(report.removals().len(), 3);
    assert!(report.removals().iter().all(|r| matches!(
        r.what,
        Removed::Attribute {
            reason: Reason::ScriptGadget,
            ..
        }
    )));
    // With the opt-in, they are kept.
    let s = sanitizer(
        Policy::builder()
            .allow_element("b")
            .allow_attribute("b", "data-*", AttrKind::Text)
            .allow_attribute("b", "x-data", AttrKind::Text)
            .assume_no_attribute_frameworks()
            .build(),
    );
    assert_sanitizes_with(
        &s,
        r#"<b data-bind="x" x-data="y">x</b>"#,
        r#"<b data-bind="x" x-data="y">x</b>"#,
    );
}

#[test]
fn the_attribute_filter_narrows_and_cannot_widen() {
    let s = sanitizer(
        Policy::wordpress_comments()
            .to_builder()
            .attribute_filter(|element, attribute, value| match (element, attribute) {
                // Rewrites to something the URL check refuses: removed.
                ("a", "href") if value.contains("evil") => Some(Cow::Borrowed("javascript:alert(1)")),
                ("a", "href") => Some(Cow::Owned(value.replace("http:", "https:"))),
                ("abbr", "title") => None,
                _ => Some(Cow::Borrowed(value)),
            })
            .build(),
    );
    assert_sanitizes_with(
        &s,
        r#"<a href="http://x.example/">x</a>"#,
        r#"<a href="https://x.example/" rel="nofollow ugc">x</a>"#,
    );
    let (out, report) = sanitize_every_way(&s, r#"<a href="https://evil.example/">x</a><abbr title="t">a</abbr>"#);
    assert_eq!(out, "<a>x</a><abbr>a</abbr>");
    assert!(report.removals().iter().all(|r| matches!(
        r.what,
        Removed::Attribute {
            reason: Reason::Filtered,
            ..
        }
    )));
    // The filter sees only what passed the policy's own checks.
    assert_sanitizes_with(&s, r#"<a href="javascript:evil()">x</a>"#, "<a>x</a>");
}

#[test]
fn rel_and_target_go_on_external_links_only() {
    let s = sanitizer(
        Policy::wordpress_comments()
            .to_builder()
            .link_target(Some("_blank"))
            .internal_hosts(["blog.example", "www.blog.example"])
            .build(),
    );
    let external = r#"target="_blank" rel="nofollow ugc noopener""#;
    for (href, internal) in [
        ("https://other.example/", false),
        ("https://blog.example/post", true),
        ("https://WWW.Blog.Example:443/x", true),
        ("https://user@blog.example/x", true),
        ("https://blog.example.evil.example/", false),
        ("https://evil.example/?blog.example", false),
        ("//blog.example/x", true),
        ("//other.example/x", false),
        ("/about", true),
        ("#top", true),
        ("mailto:me@blog.example", false),
    ] {
        let expected = if internal {
            format!(r#"<a href="{href}">x</a>"#)
        } else {
            format!(r#"<a href="{href}" {external}>x</a>"#)
        };
        assert_sanitizes_with(&s, &format!(r#"<a href="{href}">x</a>"#), &expected);
    }
    // Without hosts, every link is external (relative ones too).
    let s = sanitizer(
        Policy::wordpress_comments()
            .to_builder()
            .link_target(Some("_blank"))
            .link_rel(None)
            .build(),
    );
    assert_sanitizes_with(
        &s,
        r#"<a href="/x">x</a>"#,
        r#"<a href="/x" target="_blank" rel="noopener">x</a>"#,
    );
    // A target from the input is replaced.
    assert_sanitizes_with(
        &s,
        r#"<a href="/x" target="_self">x</a>"#,
        r#"<a href="/x" target="_blank" rel="noopener">x</a>"#,
    );
}

#[test]
fn link_rules_that_contradict_are_refused() {
    let base = || Policy::wordpress_comments().to_builder();
    for (result, what) in [
        (
            base()
                .link_target(Some("_blank"))
                .force_attribute("a", "target", "x")
                .build(),
            "forced target",
        ),
        (
            base()
                .link_target(Some("_blank"))
                .allow_attribute("a", "target", AttrKind::Text)
                .build(),
            "allowed target",
        ),
        (base().link_target(Some("bad name")).build(), "target name"),
        (
            base()
                .link_target(Some("_blank"))
                .link_rel(None)
                .allow_attribute("a", "rel", AttrKind::Text)
                .build(),
            "rel from input",
        ),
        (
            base().internal_hosts(["https://blog.example"]).build(),
            "host with a scheme",
        ),
    ] {
        assert!(result.is_err(), "{what} was accepted");
    }
}

#[test]
fn ids_names_and_labels_need_a_prefix() {
    for name in ["id", "name", "for"] {
        let err = Policy::builder()
            .allow_element("span")
            .allow_attribute("span", name, AttrKind::Text)
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("id_prefix"), "{err}");
    }
    let s = sanitizer(
        Policy::wordpress_comments()
            .to_builder()
            .allow_attribute("*", "id", AttrKind::Text)
            .allow_attribute("a", "name", AttrKind::Text)
            .id_prefix("user-content-")
            .build(),
    );
    assert_sanitizes_with(
        &s,
        r#"<b id="login">x</b><a name="config">y</a><i id="">z</i>"#,
        r#"<b id="user-content-login">x</b><a name="user-content-config">y</a><i>z</i>"#,
    );
    assert!(Policy::builder().id_prefix("").build().is_err());
}
