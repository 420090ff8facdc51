//! The example outputs of the CommonMark spec and of the GFM extension
//! examples (tests/data/commonmark/, with their licences and sources): the
//! HTML renderers emit for Markdown. Read by `tests/commonmark.rs` and the
//! browser check.

/// One example: where it is, and the HTML a renderer emits for it.
pub struct Example {
    pub file: &'static str,
    pub line: usize,
    pub html: String,
}

/// The examples of a file in the spec's format: a block opened by a line of
/// 32 backticks and ` example`, the Markdown, a line with a single `.`, the
/// HTML, and a closing line of 32 backticks; `→` stands for a tab.
pub fn examples(file: &'static str, text: &str) -> Vec<Example> {
    let fence = "`".repeat(32);
    let open = format!("{fence} example");
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        if line != open {
            continue;
        }
        let mut html = None::<String>;
        for (_, line) in lines.by_ref() {
            if line == fence {
                break;
            }
            match html.as_mut() {
                None if line == "." => html = Some(String::new()),
                None => {}
                Some(h) => {
                    h.push_str(&line.replace('→', "\t"));
                    h.push('\n');
                }
            }
        }
        out.push(Example {
            file,
            line: n + 1,
            html: html.unwrap_or_default(),
        });
    }
    out
}

/// Every example of both files.
pub fn all_examples() -> Vec<Example> {
    let mut all = examples("spec.txt", include_str!("../data/commonmark/spec.txt"));
    all.extend(examples(
        "gfm-extensions.txt",
        include_str!("../data/commonmark/gfm-extensions.txt"),
    ));
    all
}
