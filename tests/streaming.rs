//! Chunk boundaries anywhere give byte-identical output, and output leaves
//! as soon as it is decided.

use std::io::Write;

use crate::support::{assert_sanitizes, clean_chunks};
use comment_sanitizer::Sanitizer;

#[test]
fn splits_inside_every_kind_of_token() {
    // assert_sanitizes tries every 2-way split, 3-way splits and bytewise.
    assert_sanitizes(
        r#"<a href="https://x.example/?a=1&amp;b=2" title='t&eacute;'>link</a>"#,
        r#"<a href="https://x.example/?a=1&amp;b=2" title="té" rel="nofollow ugc">link</a>"#,
    );
    assert_sanitizes("a&amp;b&#x41;&#66;&eacute;&notin;", "a&amp;bABé∉");
    assert_sanitizes("<!-- a -- b -->x<![CDATA[y]]>", "x");
    assert_sanitizes("<script>a</scr</script>b", "b");
    assert_sanitizes("<textarea>&lt;/textarea&gt;</textarea>c", "&lt;/textarea&gt;c");
    assert_sanitizes("日本語<b>🎉👩‍👩‍👧</b>é", "日本語<b>🎉👩‍👩‍👧</b>é");
    assert_sanitizes("x\r\ny\rz", "x\ny\nz");
}

#[test]
fn output_is_written_as_soon_as_it_is_decided() {
    let mut writer = Sanitizer::default().writer(Vec::new());
    writer.feed("<b>hello ").unwrap();
    assert_eq!(writer.get_ref().as_slice(), b"<b>hello ");
    writer.feed("wor").unwrap();
    assert_eq!(writer.get_ref().as_slice(), b"<b>hello wor");
    writer.feed("ld</b><i").unwrap();
    // The `<i` may still become a tag: it waits.
    assert_eq!(writer.get_ref().as_slice(), b"<b>hello world</b>");
    let (out, _) = writer.finish().unwrap();
    assert_eq!(out, b"<b>hello world</b>&lt;i");
}

#[test]
fn io_write_accepts_utf8_split_anywhere() {
    let input = "é日🎉<b>ü</b>";
    let bytes = input.as_bytes();
    for i in 0..bytes.len() {
        for j in i..bytes.len() {
            let mut writer = Sanitizer::default().writer(Vec::new());
            writer.write_all(&bytes[..i]).unwrap();
            writer.write_all(&bytes[i..j]).unwrap();
            writer.write_all(&bytes[j..]).unwrap();
            let (out, _) = writer.finish().unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), input);
        }
    }
}

#[test]
fn empty_chunks_are_harmless() {
    let (out, _) = clean_chunks(&Sanitizer::default(), &["", "<b>", "", "x", ""]);
    assert_eq!(out, "<b>x</b>");
}

#[test]
fn a_long_stream_keeps_memory_flat() {
    // 4 MB of text through 64 KiB chunks: the writer's buffer is emptied
    // after every chunk, so the output reaches the sink incrementally.
    struct Counting(usize, usize);
    impl Write for Counting {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            self.1 = self.1.max(buf.len());
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let chunk = "<p>Some <b>comment</b> text &amp; more.</p>\n".repeat(1500);
    let mut writer = Sanitizer::default().writer(Counting(0, 0));
    for _ in 0..64 {
        writer.feed(&chunk).unwrap();
    }
    let (sink, _) = writer.finish().unwrap();
    assert!(sink.0 > 2_000_000);
    assert!(sink.1 < 2 * chunk.len(), "largest single write {} bytes", sink.1);
}

#[test]
fn sanitizer_is_send_sync_and_shared_across_threads() {
    fn check<T: Send + Sync>() {}
    check::<Sanitizer>();
    let sanitizer = Sanitizer::default();
    let inputs: Vec<String> = (0..64)
        .map(|i| format!("<b>{i}</b><script>{i}</script><a href=/x{i}>l</a>"))
        .collect();
    let expected: Vec<String> = inputs.iter().map(|i| sanitizer.clean(i).unwrap()).collect();
    std::thread::scope(|scope| {
        for t in 0..8 {
            let (sanitizer, inputs, expected) = (&sanitizer, &inputs, &expected);
            scope.spawn(move || {
                for (k, input) in inputs.iter().enumerate().skip(t) {
                    assert_eq!(&sanitizer.clean(input).unwrap(), &expected[k]);
                }
            });
        }
    });
}

#[test]
fn long_input_cut_into_blocks_inside_is_the_same() {
    // `clean` hands long input to the tokenizer in 16 KiB blocks: a block
    // boundary inside a character, a tag, a character reference or a CR LF
    // pair changes nothing.
    let s = Sanitizer::default();
    for pad in 16 * 1024 - 40..16 * 1024 + 2 {
        for (tail, want) in [
            ("é<b>x</b>", "é<b>x</b>"),
            (
                "<a href=\"https://e.example/\" title=\"t\">x</a>",
                "<a href=\"https://e.example/\" title=\"t\" rel=\"nofollow ugc\">x</a>",
            ),
            ("a&eacute;&#x1F389;b", "aé🎉b"),
            ("x\r\ny<!-- c -->", "x\ny"),
        ] {
            let input = format!("{}{tail}", "a".repeat(pad));
            let out = s.clean(&input).unwrap();
            assert_eq!(&out[pad..], want, "padding {pad}");
        }
    }
}

#[test]
fn long_text_written_straight_from_the_input_is_the_same() {
    // The writer passes long text that needs no escaping from the input
    // chunk to its destination without copying it into its buffer; the
    // output is byte-for-byte `clean`'s, whatever the chunks, escapes,
    // tags and removed content around and inside the runs.
    let long = "plain words of a long comment, ".repeat(40);
    let pieces = [
        long.clone(),
        format!("{long}<b>{long}</b>"),
        format!("<p>{long}&amp;{long}<i>x</i>{long}&lt;"),
        format!("{long}<script>{long}</script>{long}"),
        format!("{long}\u{a0}{long}\r\n{long}caf\u{e9}"),
        format!("<a href='https://e.example/'>{long}</a><svg>{long}</svg>{long}"),
        format!("<table><tr><td>{long}</td></tr>{long}</table>"),
        format!("<b>{long}<div>{long}</b>{long}"),
    ];
    let s = Sanitizer::default();
    for input in &pieces {
        let want = s.clean(input).unwrap();
        for chunk in [1, 7, 511, 512, 513, 1000, 4096, 16 * 1024, 64 * 1024] {
            let mut w = s.writer(Vec::new());
            for part in input.as_bytes().chunks(chunk) {
                w.write_all(part).unwrap();
            }
            let (out, _) = w.finish().unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), want, "chunks of {chunk}");
        }
    }
}
