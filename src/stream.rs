//! The streaming front: [`SanitizeWriter`].
//!
//! Chunk boundaries are handled in two places: a UTF-8 sequence split across
//! byte writes is carried here (at most 3 bytes), and everything else split
//! across chunks (a tag, an attribute value, a character reference, a
//! comment, a CR LF pair) is carried by the tokenizer. The stages after it
//! see whole tokens. After each chunk, the output decided so far is written
//! to the inner writer, so nothing waits for the end of input that does not
//! have to.
//!
//! # Failing closed
//!
//! When a limit or invalid UTF-8 stops sanitizing, the writer closes the
//! elements it had opened, writes those end tags, and returns the error;
//! what reached the inner writer is then a safe, balanced prefix of the
//! output. When the inner writer itself fails, nothing more can be written:
//! what reached it is a safe prefix, possibly with elements left open. In
//! both cases every later call returns [`ErrorKind::Poisoned`].

use std::io;

use crate::error::{Error, ErrorKind};
use crate::pipeline::Pipeline;
use crate::policy::InvalidUtf8;
use crate::report::Report;

/// Sanitizes a stream of input chunks into an [`io::Write`].
///
/// Made by [`Sanitizer::writer`](crate::Sanitizer::writer). Feed `&str`
/// chunks with [`feed`](Self::feed), or bytes through its `io::Write`
/// implementation (a UTF-8 sequence may be split across writes), then call
/// [`finish`](Self::finish). The output is byte-identical however the input
/// is split.
///
/// ```
/// use std::io::Write;
/// use comment_sanitizer::Sanitizer;
///
/// let mut w = Sanitizer::default().writer(Vec::new());
/// let input = "<i>caf\u{e9}</i>".as_bytes();
/// w.write_all(&input[..7]).unwrap(); // splits the é
/// w.write_all(&input[7..]).unwrap();
/// let (out, _) = w.finish().unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "<i>caf\u{e9}</i>");
/// ```
pub struct SanitizeWriter<W: io::Write> {
    pipeline: Pipeline<'static>,
    out: W,
    /// Input bytes accepted so far.
    consumed: u64,
    /// The start of a UTF-8 sequence cut off by the end of a byte write.
    carry: [u8; 4],
    carry_len: usize,
    poisoned: bool,
}

impl<W: io::Write> std::fmt::Debug for SanitizeWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SanitizeWriter")
            .field("consumed", &self.consumed)
            .field("poisoned", &self.poisoned)
            .finish_non_exhaustive()
    }
}

impl<W: io::Write> SanitizeWriter<W> {
    pub(crate) fn new(pipeline: Pipeline<'static>, out: W) -> SanitizeWriter<W> {
        SanitizeWriter {
            pipeline,
            out,
            consumed: 0,
            carry: [0; 4],
            carry_len: 0,
            poisoned: false,
        }
    }

    /// Sanitize a chunk of input and write the output decided so far.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] if the inner writer fails,
    /// [`ErrorKind::InputTooLarge`] past
    /// [`Limits::max_input_bytes`](crate::Limits::max_input_bytes),
    /// [`ErrorKind::InvalidUtf8`] if a byte write left an incomplete UTF-8
    /// sequence before this chunk (unless the policy replaces invalid UTF-8), [`ErrorKind::Poisoned`] after an earlier
    /// error. After any error the writer has closed its open elements and
    /// writes nothing more.
    ///
    /// ```
    /// # use comment_sanitizer::Sanitizer;
    /// let mut w = Sanitizer::default().writer(Vec::new());
    /// w.feed("<a href='https://x.example'>x").unwrap();
    /// assert_eq!(w.get_ref().as_slice(), br#"<a href="https://x.example" rel="nofollow ugc">x"#);
    /// ```
    pub fn feed(&mut self, chunk: &str) -> Result<(), Error> {
        self.check_usable()?;
        if self.carry_len > 0 {
            // A byte write left an incomplete UTF-8 sequence before this chunk.
            let carried = self.carry;
            let len = std::mem::take(&mut self.carry_len);
            self.accept_bytes(&carried[..len], false)?;
        }
        self.accept(chunk)
    }

    /// End of input: close open elements, write the rest, flush, and return
    /// the inner writer and the report.
    ///
    /// # Errors
    ///
    /// As [`feed`](Self::feed); also [`ErrorKind::InvalidUtf8`] if the byte
    /// input ended inside a UTF-8 sequence.
    ///
    /// ```
    /// # use comment_sanitizer::Sanitizer;
    /// let mut w = Sanitizer::default().writer(Vec::new());
    /// w.feed("<b>never closed").unwrap();
    /// let (out, report) = w.finish().unwrap();
    /// assert_eq!(out, b"<b>never closed</b>");
    /// assert!(report.is_empty());
    /// ```
    pub fn finish(mut self) -> Result<(W, Report), Error> {
        self.check_usable()?;
        if self.carry_len > 0 {
            // The input ended inside a UTF-8 sequence.
            let carried = self.carry;
            let len = std::mem::take(&mut self.carry_len);
            self.accept_bytes(&carried[..len], false)?;
        }
        if let Err(kind) = self.pipeline.finish() {
            let offset = self.consumed;
            self.fail(Error::new(kind, Some(offset)))?;
        }
        self.write_out()?;
        if let Err(e) = self.out.flush() {
            return Err(Error::io(e, self.consumed));
        }
        let report = self.pipeline.take_report();
        // The buffers go back to the thread, for its next writer or `clean`.
        self.pipeline.recycle_owned();
        Ok((self.out, report))
    }

    /// The report so far.
    ///
    /// ```
    /// # use comment_sanitizer::Sanitizer;
    /// let mut w = Sanitizer::default().writer(Vec::new());
    /// w.feed("<!-- x -->").unwrap();
    /// assert_eq!(w.report().total_removals(), 1);
    /// ```
    pub fn report(&self) -> &Report {
        self.pipeline.report()
    }

    /// The inner writer.
    ///
    /// ```
    /// # use comment_sanitizer::Sanitizer;
    /// let w = Sanitizer::default().writer(Vec::<u8>::new());
    /// assert!(w.get_ref().is_empty());
    /// ```
    pub fn get_ref(&self) -> &W {
        &self.out
    }

    /// The inner writer, mutably. Writing to it directly puts bytes into
    /// the output between the sanitizer's own, which the sanitizer cannot
    /// vouch for.
    ///
    /// ```
    /// # use comment_sanitizer::Sanitizer;
    /// let mut w = Sanitizer::default().writer(Vec::<u8>::new());
    /// w.feed("<b>x").unwrap();
    /// w.get_mut().clear();
    /// assert!(w.get_ref().is_empty());
    /// ```
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// Give up on the input and return the inner writer as it is: elements
    /// the output opened stay open (what reached the writer is a safe
    /// prefix of the output). [`finish`](Self::finish) ends the input
    /// properly.
    ///
    /// ```
    /// # use comment_sanitizer::Sanitizer;
    /// let mut w = Sanitizer::default().writer(Vec::new());
    /// w.feed("<b>x").unwrap();
    /// assert_eq!(w.into_inner(), b"<b>x");
    /// ```
    pub fn into_inner(self) -> W {
        self.out
    }

    fn check_usable(&self) -> Result<(), Error> {
        if self.poisoned {
            Err(Error::new(ErrorKind::Poisoned, Some(self.consumed)))
        } else {
            Ok(())
        }
    }

    /// Stop for good: close open elements, try to write them, keep `err`.
    fn fail(&mut self, err: Error) -> Result<(), Error> {
        self.poisoned = true;
        if err.kind() != &ErrorKind::Io {
            self.pipeline.abort();
            let _ = self.write_out_raw();
        }
        Err(err)
    }

    fn accept(&mut self, chunk: &str) -> Result<(), Error> {
        self.accept_counted(chunk, chunk.len() as u64)
    }

    /// [`accept`](Self::accept) `chunk`, which stands for `input_bytes` bytes
    /// of input (a U+FFFD for the invalid bytes it replaces).
    fn accept_counted(&mut self, chunk: &str, input_bytes: u64) -> Result<(), Error> {
        if let Some(limit) = self.pipeline.max_input_bytes() {
            if self.consumed + input_bytes > limit as u64 {
                return self.fail(Error::new(ErrorKind::InputTooLarge { limit }, Some(limit as u64)));
            }
        }
        let result = self.pipeline.feed_passing(chunk);
        self.consumed += input_bytes;
        // What was decided goes out now, while the runs of `chunk` passed
        // through can still be read; then the error, if any.
        let written = self.write_out_passing(chunk);
        if let Err(kind) = result {
            let offset = self.consumed;
            return self.fail(Error::new(kind, Some(offset)));
        }
        written.or_else(|e| {
            let offset = self.consumed;
            self.fail(Error::io(e, offset))
        })
    }

    /// Write the buffer with the runs of `chunk` passed through in between
    /// (long text that needed no escaping: one copy into the inner writer
    /// instead of two).
    fn write_out_passing(&mut self, chunk: &str) -> io::Result<()> {
        let (buffer, passed) = self.pipeline.output_parts();
        let mut result = Ok(());
        let mut from = 0;
        for run in passed.iter() {
            let before = buffer.as_bytes().get(from..run.at).unwrap_or_default();
            let text = chunk.as_bytes().get(run.start..run.end).unwrap_or_default();
            result = result
                .and_then(|()| self.out.write_all(before))
                .and_then(|()| self.out.write_all(text));
            from = run.at;
        }
        let rest = buffer.as_bytes().get(from..).unwrap_or_default();
        if !rest.is_empty() {
            result = result.and_then(|()| self.out.write_all(rest));
        }
        buffer.clear();
        passed.clear();
        result
    }

    fn write_out(&mut self) -> Result<(), Error> {
        match self.write_out_raw() {
            Ok(()) => Ok(()),
            Err(e) => {
                let offset = self.consumed;
                self.fail(Error::io(e, offset))
            }
        }
    }

    fn write_out_raw(&mut self) -> io::Result<()> {
        let buffer = self.pipeline.output();
        if buffer.is_empty() {
            return Ok(());
        }
        let result = self.out.write_all(buffer.as_bytes());
        buffer.clear();
        result
    }
}

impl<W: io::Write> io::Write for SanitizeWriter<W> {
    /// Accepts the whole buffer; a UTF-8 sequence cut at its end is kept for
    /// the next write. Invalid UTF-8 is an error, or U+FFFD under
    /// [`InvalidUtf8::Replace`].
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.check_usable()?;
        let mut input = buf;
        if self.carry_len > 0 {
            // Complete the carried sequence with bytes from this write.
            let want = utf8_len(self.carry[0]);
            while self.carry_len < want {
                match input.split_first() {
                    // A byte that cannot continue the sequence ends it.
                    Some((&b, rest)) if b & 0xC0 == 0x80 => {
                        self.carry[self.carry_len] = b;
                        self.carry_len += 1;
                        input = rest;
                    }
                    Some(_) => break,
                    None => return Ok(buf.len()),
                }
            }
            let carried = self.carry;
            let len = std::mem::take(&mut self.carry_len);
            self.accept_bytes(&carried[..len], false)?;
        }
        self.accept_bytes(input, true)?;
        Ok(buf.len())
    }

    /// Flushes the inner writer (output is written after every chunk already).
    fn flush(&mut self) -> io::Result<()> {
        self.check_usable()?;
        self.out.flush()
    }
}

impl<W: io::Write> SanitizeWriter<W> {
    /// Accept bytes: valid UTF-8 goes on, an incomplete sequence at the end
    /// is carried (when `may_carry`), invalid sequences are an error or
    /// U+FFFD.
    ///
    /// Long input goes in pieces of about [`PIECE_BYTES`], each validated
    /// and then sanitized and written out at once, so that the passes after
    /// the validation read it from the first-level cache (the pipeline cuts
    /// its input into blocks of the same size for the same reason).
    fn accept_bytes(&mut self, mut input: &[u8], may_carry: bool) -> Result<(), Error> {
        while input.len() > PIECE_BYTES {
            let (piece, rest) = input.split_at(piece_end(input));
            // Cut before a byte that starts a character: a sequence left
            // incomplete at the piece's end is invalid, never carried.
            self.accept_piece(piece, false)?;
            input = rest;
        }
        self.accept_piece(input, may_carry)
    }

    /// [`accept_bytes`](Self::accept_bytes) for one piece.
    fn accept_piece(&mut self, mut input: &[u8], may_carry: bool) -> Result<(), Error> {
        loop {
            match validate_utf8(input) {
                Ok(s) => return self.accept(s),
                Err((valid_up_to, error_len)) => {
                    let (valid, rest) = input.split_at(valid_up_to);
                    // `valid` is valid UTF-8 by construction.
                    self.accept(std::str::from_utf8(valid).unwrap_or_default())?;
                    let bad = match error_len {
                        None if may_carry => {
                            self.carry[..rest.len()].copy_from_slice(rest);
                            self.carry_len = rest.len();
                            return Ok(());
                        }
                        None => rest.len(),
                        Some(n) => n,
                    };
                    if self.pipeline.invalid_utf8() == InvalidUtf8::Error {
                        let offset = self.consumed;
                        return self.fail(Error::new(ErrorKind::InvalidUtf8 { offset }, Some(offset)));
                    }
                    // Offsets and the size limit count input bytes: the
                    // replacement stands for `bad` of them.
                    self.accept_counted("\u{FFFD}", bad as u64)?;
                    input = &rest[bad..];
                }
            }
        }
    }
}

/// About how many bytes [`SanitizeWriter::accept_bytes`] validates and
/// sanitizes at once.
const PIECE_BYTES: usize = 16 * 1024;

/// Where the first piece of `input` (longer than [`PIECE_BYTES`]) ends:
/// before the last `<` in its last 2 KiB, so that no short tag is cut, or
/// else at [`PIECE_BYTES`], moved back to the first byte of the sequence
/// it falls in. A continuation byte with three more before it is a stray
/// one, which is invalid wherever the cut falls: the cut stays there. So
/// the pieces decode (and replace invalid bytes) exactly as the whole
/// input would. Never 0.
fn piece_end(input: &[u8]) -> usize {
    let head = input.get(..PIECE_BYTES).unwrap_or(input);
    let tail = head.len().saturating_sub(2 * 1024);
    if let Some(at) = memchr::memrchr(b'<', head.get(tail..).unwrap_or_default()) {
        if tail + at > 0 {
            return tail + at;
        }
    }
    let is_continuation = |at: usize| input.get(at).is_some_and(|b| b & 0xC0 == 0x80);
    let mut cut = head.len();
    if is_continuation(cut) {
        if let Some(start) = (cut.saturating_sub(3)..cut).rev().find(|&at| !is_continuation(at)) {
            cut = start;
        }
    }
    cut.max(1)
}

/// `input` as a `str`, or where its first invalid sequence starts and how
/// long it is (`None`: cut off by the end), as [`std::str::Utf8Error`] says.
/// With feature `simd-utf8`, validated with SIMD instructions by
/// `simdutf8` (several times the standard library's speed on long text).
#[cfg(feature = "simd-utf8")]
fn validate_utf8(input: &[u8]) -> Result<&str, (usize, Option<usize>)> {
    // The fastest check first; where it fails, the one that says where.
    simdutf8::basic::from_utf8(input)
        .or_else(|_| simdutf8::compat::from_utf8(input).map_err(|e| (e.valid_up_to(), e.error_len())))
}

/// See the `simd-utf8` version above.
#[cfg(not(feature = "simd-utf8"))]
fn validate_utf8(input: &[u8]) -> Result<&str, (usize, Option<usize>)> {
    std::str::from_utf8(input).map_err(|e| (e.valid_up_to(), e.error_len()))
}

/// The length of the UTF-8 sequence that `first` starts (1 for an invalid
/// first byte: it is then reported as invalid).
fn utf8_len(first: u8) -> usize {
    match first {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_end_before_a_tag_or_a_character() {
        let text = "a".repeat(PIECE_BYTES + 10);
        assert_eq!(piece_end(text.as_bytes()), PIECE_BYTES);
        let text = format!("{}<b>{}", "a".repeat(PIECE_BYTES - 5), "a".repeat(10));
        assert_eq!(piece_end(text.as_bytes()), PIECE_BYTES - 5);
        // Inside a 4-byte character: back to its first byte.
        let text = format!("{}\u{1F600}{}", "a".repeat(PIECE_BYTES - 2), "a".repeat(10));
        assert_eq!(piece_end(text.as_bytes()), PIECE_BYTES - 2);
        // A run of stray continuation bytes is cut anywhere.
        let mut bytes = vec![b'a'; PIECE_BYTES - 10];
        bytes.extend([0x80; 20]);
        assert_eq!(piece_end(&bytes), PIECE_BYTES);
    }

    #[test]
    fn invalid_bytes_near_a_piece_boundary_are_replaced_as_in_the_whole() {
        use std::io::Write;

        use crate::policy::{InvalidUtf8, Policy};
        use crate::sanitizer::Sanitizer;

        let policy = Policy::wordpress_comments()
            .to_builder()
            .invalid_utf8(InvalidUtf8::Replace)
            .build()
            .expect("a valid policy");
        let sanitizer = Sanitizer::new(policy);
        let garbage: [&[u8]; 5] = [
            b"\xF0\x9F\x98\x80\x80\x80\x80\x80",
            b"\xF0\x9F\x98",
            b"\xE2\x82<b>",
            b"\x80\x80\x80\x80\x80\x80",
            b"\xFF\xC3\xA9",
        ];
        for bad in garbage {
            for offset in PIECE_BYTES - 8..PIECE_BYTES + 2 {
                let mut input = vec![b'a'; offset];
                input.extend_from_slice(bad);
                input.extend_from_slice(&[b'z'; 40]);
                let mut writer = sanitizer.writer(Vec::new());
                writer.write_all(&input).expect("replaced, not refused");
                let (out, _) = writer.finish().expect("replaced, not refused");
                let expected = sanitizer.clean(&String::from_utf8_lossy(&input)).expect("no limit");
                assert_eq!(String::from_utf8(out).expect("UTF-8"), expected, "{bad:?} at {offset}");
            }
        }
    }
}
