//! The default policy: what a blog comment form allows.
//!
//! Comment forms print this under the text box:
//!
//! ```text
//! You may use these HTML tags and attributes: <a href="" title=""> <abbr title="">
//! <acronym title=""> <b> <blockquote cite=""> <cite> <code> <del datetime="">
//! <em> <i> <q cite=""> <s> <strike> <strong>
//! ```
//!
//! Each element below is listed with the reason it is allowed; after them,
//! what is deliberately refused and why.

use super::{AttrKind, Policy};

impl Policy {
    /// The comment-form allowlist: 14 elements and the attributes above.
    ///
    /// | element | attributes | why it is allowed |
    /// |---|---|---|
    /// | `a` | `href` (URL), `title` | links; `rel="nofollow ugc"` is added to every link that keeps its `href` |
    /// | `abbr`, `acronym` | `title` | the expansion shows as a tooltip |
    /// | `b`, `strong`, `i`, `em` | none | emphasis |
    /// | `blockquote`, `q` | `cite` (URL) | quoting another comment or page; `cite` is checked like `href` (ammonia does not check it) |
    /// | `cite` | none | the title of a work |
    /// | `code` | none | inline code |
    /// | `del` | `datetime` (date/time) | showing an edit |
    /// | `s`, `strike` | none | struck-out text |
    ///
    /// Refused on purpose: `style` and `class` (CSS can hide or overlay page
    /// content), every `on*` event handler (script), `id` and `name` (they
    /// clobber page globals through the DOM), `target` (tab-napping), images
    /// and media (tracking pixels and bandwidth), forms and form controls
    /// (phishing), and every URL scheme but `http`, `https` and `mailto`
    /// (`javascript:`, `vbscript:` and `data:` run script). Elements whose
    /// content is not reader text go with their content; see
    /// [`default_dropped_content`](crate::default_dropped_content).
    ///
    /// ```
    /// use comment_sanitizer::{Policy, Sanitizer};
    ///
    /// let clean = Sanitizer::new(Policy::wordpress_comments());
    /// assert_eq!(
    ///     clean.clean(r#"<a href="https://example.com" class="x">see</a>"#).unwrap(),
    ///     r#"<a href="https://example.com" rel="nofollow ugc">see</a>"#
    /// );
    /// ```
    pub fn wordpress_comments() -> Policy {
        // Compiled once per process; each call clones a reference.
        static WORDPRESS: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
        WORDPRESS.get_or_init(Policy::build_wordpress_comments).clone()
    }

    /// The preset's rules, compiled.
    fn build_wordpress_comments() -> Policy {
        let built = Policy::builder()
            .allow_element("a")
            .allow_attribute("a", "href", AttrKind::Url)
            .allow_attribute("a", "title", AttrKind::Text)
            .allow_element("abbr")
            .allow_attribute("abbr", "title", AttrKind::Text)
            .allow_element("acronym")
            .allow_attribute("acronym", "title", AttrKind::Text)
            .allow_element("b")
            .allow_element("blockquote")
            .allow_attribute("blockquote", "cite", AttrKind::Url)
            .allow_element("cite")
            .allow_element("code")
            .allow_element("del")
            .allow_attribute("del", "datetime", AttrKind::Datetime)
            .allow_element("em")
            .allow_element("i")
            .allow_element("q")
            .allow_attribute("q", "cite", AttrKind::Url)
            .allow_element("s")
            .allow_element("strike")
            .allow_element("strong")
            .build();
        match built {
            Ok(policy) => policy,
            // The rules above are constants that the unit test below builds;
            // this arm cannot be reached by any input.
            Err(err) => unreachable!("the built-in policy is valid: {err}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preset_builds_and_lists_the_fourteen_elements() {
        let policy = Policy::wordpress_comments();
        let names: Vec<_> = policy.elements().collect();
        assert_eq!(
            names,
            [
                "a",
                "abbr",
                "acronym",
                "b",
                "blockquote",
                "cite",
                "code",
                "del",
                "em",
                "i",
                "q",
                "s",
                "strike",
                "strong"
            ]
        );
        assert_eq!(policy.attribute_kind("q", "cite"), Some(AttrKind::Url));
        assert_eq!(policy.attribute_kind("del", "datetime"), Some(AttrKind::Datetime));
        assert_eq!(policy.attribute_kind("b", "class"), None);
    }
}
