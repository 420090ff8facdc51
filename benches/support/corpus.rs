//! The benchmark corpora, generated deterministically (a fixed seed), shared
//! by `benches/sanitize.rs` and `examples/profile.rs`.

/// A typical comment: about 300 bytes, a little allowed markup.
pub fn typical_comment() -> String {
    "<p>Thanks for the write-up! I tried the <code>--release</code> flag and it was <b>much</b> faster. \
     See <a href=\"https://example.com/notes\" title=\"my notes\">my notes</a> &amp; the \
     <em>follow-up</em> thread. <q>Measure first</q>, as they say.</p>"
        .to_string()
}

/// Deterministic pseudo-random numbers (xorshift), so corpora never change.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// The pieces the mixed corpus is drawn from: the constructs of real
/// comments, allowed and not.
pub const MIXED_PIECES: [&str; 13] = [
    "Some ordinary words of a comment, ",
    "<b>bold</b> ",
    "<i>italic</i> ",
    "<a href=\"https://example.com/a?b=c&amp;d=e\" title=\"t\">a link</a> ",
    "<div class=\"x\">a div</div>",
    "<span style=\"color:red\">span</span> ",
    "<script>alert(1)</script>",
    "<p>a paragraph</p>",
    "<img src=x onerror=alert(1)>",
    "caf\u{e9} &amp; cr\u{e8}me ",
    "<blockquote cite=\"https://x.example\">quoted <em>text</em></blockquote>",
    "<!-- a comment -->",
    "<a href=\"javascript:alert(1)\">bad</a> ",
];

/// About 8 KB mixing allowed and disallowed markup.
pub fn mixed_comment(seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut out = String::new();
    while out.len() < 8 * 1024 {
        out.push_str(rng.pick(&MIXED_PIECES));
    }
    out
}

/// 8 KB of dense hostile markup: nearly every byte is inside a tag.
pub fn hostile_comment() -> String {
    let pieces = [
        "<img src=x onerror=alert(1)>",
        "<a href=\"jav&#x09;ascript:alert(1)\" onclick=x>",
        "<b><i><u>",
        "</b></i>",
        "<svg><script>alert(1)</script></svg>",
        "<div style=\"x\" class=y id=z>",
        "<!--x-->",
        "<p title='&lt;&gt;&amp;'>",
        "<q cite=javascript:x>",
    ];
    let mut rng = Rng(0xbad);
    let mut out = String::new();
    while out.len() < 8 * 1024 {
        out.push_str(rng.pick(&pieces));
    }
    out
}

/// 1 MB of plain text: the common case of a comment with no markup.
pub fn plain_text() -> String {
    "Plain comment text, with words, numbers 1234 and punctuation; nothing to escape here. ".repeat(12_200)
}

/// The pieces the Markdown corpus is drawn from: what a CommonMark/GFM
/// renderer emits for comments (paragraphs, lists, code blocks with a
/// language class, quotes, tables, images), and now and then raw HTML a
/// commenter typed, which the renderer passed through.
pub const MARKDOWN_PIECES: [&str; 12] = [
    "<p>Some text with <em>emphasis</em>, <strong>strong words</strong> and <code>inline_code()</code>.</p>\n",
    "<ul>\n<li>first item</li>\n<li>second item, with <a href=\"https://example.com/docs?page=2&amp;x=1\">a link</a></li>\n<li>third</li>\n</ul>\n",
    "<ol start=\"3\">\n<li>step three</li>\n<li>step four</li>\n</ol>\n",
    "<pre><code class=\"language-rust\">fn main() {\n    let v = vec![1, 2, 3];\n    println!(&quot;{:?} &lt;done&gt;&quot;, v);\n}\n</code></pre>\n",
    "<blockquote>\n<p>Quoted from the post: <em>measure first</em>.</p>\n</blockquote>\n",
    "<table>\n<thead>\n<tr>\n<th align=\"left\">crate</th>\n<th align=\"right\">MB/s</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td align=\"left\">one</td>\n<td align=\"right\">120</td>\n</tr>\n<tr>\n<td align=\"left\">two</td>\n<td align=\"right\">950</td>\n</tr>\n</tbody>\n</table>\n",
    "<h2>A heading</h2>\n",
    "<p><img src=\"https://example.com/diagram.png\" alt=\"a diagram\" title=\"Figure 1\" /></p>\n",
    "<hr />\n",
    "<p>Text with <del>struck</del> words<sup>1</sup> and a line<br />\nbreak.</p>\n",
    "<p>Plain paragraph text of an ordinary comment, a sentence or two long, with nothing special in it at all.</p>\n",
    "<p>raw <span style=\"color:red\">html</span> <script>alert(1)</script><img src=x onerror=alert(1)></p>\n",
];

/// About 8 KB of rendered Markdown comments.
pub fn markdown_comment(seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut out = String::new();
    while out.len() < 8 * 1024 {
        out.push_str(rng.pick(&MARKDOWN_PIECES));
    }
    out
}
