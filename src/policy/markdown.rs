//! The Markdown preset: what CommonMark and GitHub Flavored Markdown
//! renderers emit for user comments.
//!
//! A service that renders comments from Markdown (with pulldown-cmark,
//! comrak, cmark-gfm, markdown-it, ...) and lets raw HTML through the
//! renderer needs the renderer's output kept and everything else cleaned:
//! paragraphs, headings, lists, quotes, code blocks with their language
//! class, links, images and tables. Each element below is listed with the
//! reason it is allowed; after them, what is deliberately refused.

use super::{AttrKind, Policy};

impl Policy {
    /// The Markdown-comment allowlist.
    ///
    /// | element | attributes | why it is allowed |
    /// |---|---|---|
    /// | `p`, `br`, `hr` | none | paragraphs, hard line breaks, thematic breaks |
    /// | `h1` to `h6` | none | ATX and setext headings |
    /// | `blockquote` | `cite` (URL) | block quotes |
    /// | `ul`, `ol`, `li` | `start` on `ol` (integer) | lists, numbered from `start` |
    /// | `pre`, `code` | `class` on `code`: only tokens `language-` followed by one or more characters | code blocks and spans, with the fence's language for highlighters |
    /// | `em`, `strong`, `del`, `s` | none | emphasis, strikethrough (GFM) |
    /// | `a` | `href` (URL), `title` | links; `rel="nofollow ugc"` is added to every link that keeps its `href` |
    /// | `img` | `src` (URL: `http`, `https` or relative), `alt`, `title` | images |
    /// | `table`, `thead`, `tbody`, `tr`, `th`, `td` | `align` on `th` and `td`: `left`, `center` or `right` | GFM tables |
    /// | `sup`, `sub` | none | footnote references and the like |
    ///
    /// `href` and `cite` are checked as in
    /// [`wordpress_comments`](Policy::wordpress_comments): relative, `http`,
    /// `https` and `mailto` URLs only. Refused on purpose: `style`, `id` and
    /// every other `class` (renderer and highlighter classes are styling the
    /// site adds itself), `srcset`, `width` and `height` on images (the site
    /// sizes them), task-list checkboxes (`<input>` is a form control), and
    /// raw HTML beyond this list. Images load from the reader's browser, so
    /// a comment can show remote images: a site that does not want that uses
    /// [`wordpress_comments`](Policy::wordpress_comments) or removes `img`.
    ///
    /// ```
    /// use comment_sanitizer::{Policy, Sanitizer};
    ///
    /// let clean = Sanitizer::new(Policy::markdown_comments());
    /// assert_eq!(
    ///     clean.clean(r#"<pre><code class="language-rust hljs">fn main() {}</code></pre><p onclick=x>ok</p>"#).unwrap(),
    ///     r#"<pre><code class="language-rust">fn main() {}</code></pre><p>ok</p>"#
    /// );
    /// ```
    pub fn markdown_comments() -> Policy {
        // Compiled once per process; each call clones a reference.
        static MARKDOWN: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
        MARKDOWN.get_or_init(Policy::build_markdown_comments).clone()
    }

    /// The preset's rules, compiled.
    fn build_markdown_comments() -> Policy {
        let mut builder = Policy::builder();
        for element in [
            "p",
            "br",
            "hr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "ul",
            "ol",
            "li",
            "pre",
            "code",
            "em",
            "strong",
            "del",
            "s",
            "a",
            "img",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "sup",
            "sub",
        ] {
            builder = builder.allow_element(element);
        }
        let built = builder
            .allow_attribute("blockquote", "cite", AttrKind::Url)
            .allow_attribute("ol", "start", AttrKind::Integer)
            .allow_attribute("code", "class", AttrKind::Text)
            .allow_attribute_tokens("code", "class", ["language-*"])
            .allow_attribute("a", "href", AttrKind::Url)
            .allow_attribute("a", "title", AttrKind::Text)
            .allow_attribute("img", "src", AttrKind::Url)
            .allow_attribute("img", "alt", AttrKind::Text)
            .allow_attribute("img", "title", AttrKind::Text)
            .allow_attribute("th", "align", AttrKind::Text)
            .allow_attribute_values("th", "align", ["left", "center", "right"])
            .allow_attribute("td", "align", AttrKind::Text)
            .allow_attribute_values("td", "align", ["left", "center", "right"])
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
    use crate::Sanitizer;

    #[test]
    fn preset_builds_and_keeps_what_renderers_emit() {
        let policy = Policy::markdown_comments();
        assert_eq!(policy.elements().count(), 29);
        assert_eq!(policy.attribute_kind("ol", "start"), Some(AttrKind::Integer));
        assert_eq!(
            policy.attribute_url_schemes("img", "src").unwrap().collect::<Vec<_>>(),
            ["http", "https"]
        );
        let clean = Sanitizer::new(policy);
        let html = "<table>\n<thead>\n<tr>\n<th align=\"center\">a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td align=\"right\">b</td>\n</tr>\n</tbody>\n</table>\n";
        assert_eq!(clean.clean(html).unwrap(), html);
        let html = "<ol start=\"3\">\n<li>x</li>\n</ol>\n<p><img src=\"/a.png\" alt=\"a\" /></p>";
        assert_eq!(
            clean.clean(html).unwrap(),
            "<ol start=\"3\">\n<li>x</li>\n</ol>\n<p><img src=\"/a.png\" alt=\"a\"></p>"
        );
        assert_eq!(clean.clean("<img src=\"mailto:x@y\">").unwrap(), "<img>");
    }
}
