//! Custom policies built with the builder.

use crate::support::assert_sanitizes_with;
use comment_sanitizer::{AttrKind, Policy, PolicyError, Sanitizer};

#[test]
fn an_empty_builder_allows_nothing() {
    let sanitizer = Sanitizer::new(Policy::builder().build().unwrap());
    assert_sanitizes_with(&sanitizer, "<b>x</b><a href=/y>y</a>", "xy");
}

#[test]
fn value_lists_and_forced_attributes() {
    let policy = Policy::builder()
        .allow_element("span")
        .allow_attribute("span", "dir", AttrKind::Text)
        .allow_attribute_values("span", "dir", ["ltr", "rtl"])
        .allow_element("a")
        .allow_attribute("a", "href", AttrKind::Url)
        .force_attribute("a", "target", "_blank")
        .link_rel(Some("nofollow noopener"))
        .build()
        .unwrap();
    let sanitizer = Sanitizer::new(policy);
    assert_sanitizes_with(
        &sanitizer,
        r#"<span dir="rtl">a</span><span dir="x">b</span>"#,
        r#"<span dir="rtl">a</span><span>b</span>"#,
    );
    assert_sanitizes_with(
        &sanitizer,
        r#"<a href="/x" target="_self">x</a><a>y</a>"#,
        r#"<a href="/x" target="_blank" rel="nofollow noopener">x</a><a target="_blank">y</a>"#,
    );
}

#[test]
fn dropped_content_is_configurable() {
    let policy = Policy::wordpress_comments()
        .to_builder()
        .drop_content("aside")
        .keep_content("noscript")
        .build()
        .unwrap();
    let sanitizer = Sanitizer::new(policy);
    assert_sanitizes_with(&sanitizer, "a<aside>ad <b>x</b></aside>b", "ab");
    // noscript is still read as raw text, so its markup stays text.
    assert_sanitizes_with(&sanitizer, "<noscript><b>x</b></noscript>", "&lt;b&gt;x&lt;/b&gt;");
}

#[test]
fn extra_elements_can_be_kept() {
    let policy = Policy::wordpress_comments()
        .to_builder()
        .allow_element("p")
        .allow_element("br")
        .allow_element("span")
        .allow_attribute("span", "lang", AttrKind::Text)
        .build()
        .unwrap();
    let sanitizer = Sanitizer::new(policy);
    assert_sanitizes_with(
        &sanitizer,
        "<p>a<br>b</p><span lang=fr>c</span>",
        r#"<p>a<br>b</p><span lang="fr">c</span>"#,
    );
    // A parser reads `</br>` as `<br>`.
    assert_sanitizes_with(&sanitizer, "<br/><br></br>", "<br><br><br>");
}

#[test]
fn to_builder_round_trips() {
    let policy = Policy::wordpress_comments();
    let again = policy.to_builder().build().unwrap();
    assert_eq!(
        policy.elements().collect::<Vec<_>>(),
        again.elements().collect::<Vec<_>>()
    );
    assert_eq!(
        policy.url_schemes().collect::<Vec<_>>(),
        again.url_schemes().collect::<Vec<_>>()
    );
    assert_eq!(policy.limits(), again.limits());
}

/// Regression: attribute names are numbered with 16 bits; a policy with more
/// distinct names than that used to wrap around and write another name.
#[test]
fn more_attribute_names_than_the_tables_hold_is_an_error() {
    let mut builder = Policy::builder().allow_element("b");
    for i in 0..=u16::MAX as usize + 1 {
        builder = builder.allow_attribute("b", &format!("data-x{i}"), AttrKind::Text);
    }
    let err = builder.build().unwrap_err();
    assert!(matches!(err, PolicyError::Conflict { .. }), "{err}");
}
