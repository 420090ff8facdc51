//! The public entry points: [`Sanitizer`], and the one-call [`clean`] and
//! [`clean_with_report`] with the default policy.
//!
//! A `Sanitizer` holds a validated [`Policy`]; each call runs one
//! [`Pipeline`] (the stages, in `pipeline.rs`) over the input, or hands one
//! to a [`SanitizeWriter`] for streaming.

use std::io;
use std::sync::OnceLock;

use crate::error::{Error, ErrorKind};
use crate::pipeline::Pipeline;
use crate::policy::Policy;
use crate::report::Report;
use crate::stream::SanitizeWriter;

fn default_sanitizer() -> &'static Sanitizer {
    static DEFAULT: OnceLock<Sanitizer> = OnceLock::new();
    DEFAULT.get_or_init(Sanitizer::default)
}

/// Sanitize a comment with [`Policy::wordpress_comments`].
///
/// ```
/// assert_eq!(comment_sanitizer::clean("<b>hi</b><img src=x onerror=alert(1)>"), "<b>hi</b>");
/// ```
pub fn clean(input: &str) -> String {
    // As in `clean_with_report`; nobody reads this report.
    default_sanitizer()
        .run(input, Report::links_only())
        .unwrap_or_default()
        .0
}

/// Sanitize a comment with [`Policy::wordpress_comments`], and report what
/// was removed.
///
/// ```
/// let (html, report) = comment_sanitizer::clean_with_report("<div>x</div>");
/// assert_eq!(html, "x");
/// assert_eq!(report.total_removals(), 1); // the <div>, start and end tag
/// assert_eq!(report.removals()[0].offset, 0); // where it starts
/// ```
pub fn clean_with_report(input: &str) -> (String, Report) {
    // The default policy sets no limit that can fail; were that to change,
    // an empty comment is the safe result.
    default_sanitizer().run(input, Report::default()).unwrap_or_default()
}

/// Cleans comments with one [`Policy`]. Build it once and share it:
/// `Sanitizer` is `Send + Sync` and cheap to clone.
///
/// ```
/// use comment_sanitizer::{Policy, Sanitizer};
///
/// let sanitizer = Sanitizer::new(Policy::wordpress_comments());
/// let html = sanitizer.clean(r#"<p>Hi <b onmouseover="x()">all</b><script>evil()</script></p>"#).unwrap();
/// assert_eq!(html, "Hi <b>all</b>");
/// ```
#[derive(Debug, Clone)]
pub struct Sanitizer {
    policy: Policy,
}

impl Default for Sanitizer {
    /// A sanitizer with [`Policy::wordpress_comments`].
    fn default() -> Sanitizer {
        Sanitizer::new(Policy::wordpress_comments())
    }
}

impl Sanitizer {
    /// A sanitizer for `policy`.
    ///
    /// ```
    /// # use comment_sanitizer::{Policy, Sanitizer};
    /// let sanitizer = Sanitizer::new(Policy::wordpress_comments());
    /// # let _ = sanitizer;
    /// ```
    pub fn new(policy: Policy) -> Sanitizer {
        Sanitizer { policy }
    }

    /// The policy in force.
    ///
    /// ```
    /// # use comment_sanitizer::Sanitizer;
    /// assert!(Sanitizer::default().policy().allows_element("a"));
    /// ```
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Sanitize a whole comment. No report is built (links are still
    /// counted for [`Limits::max_links`](crate::Limits::max_links)), which
    /// makes this the cheaper call when nobody reads one; see
    /// [`clean_with_report`](Self::clean_with_report).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputTooLarge`] when the input is longer than
    /// [`Limits::max_input_bytes`](crate::Limits::max_input_bytes), and
    /// [`ErrorKind::TooManyLinks`] past
    /// [`Limits::max_links`](crate::Limits::max_links); nothing else can
    /// fail. With the default limits, nothing can.
    ///
    /// ```
    /// # use comment_sanitizer::Sanitizer;
    /// let out = Sanitizer::default().clean("I <3 this & that <b>bold").unwrap();
    /// assert_eq!(out, "I &lt;3 this &amp; that <b>bold</b>");
    /// ```
    pub fn clean(&self, input: &str) -> Result<String, Error> {
        self.check_size(input)?;
        // Nobody reads the report: count links (for the limit) and no more.
        self.run(input, Report::links_only()).map(|(html, _)| html)
    }

    /// Sanitize a whole comment, and report what was removed.
    ///
    /// # Errors
    ///
    /// As [`clean`](Self::clean).
    ///
    /// ```
    /// # use comment_sanitizer::{Removed, Sanitizer};
    /// let (html, report) = Sanitizer::default().clean_with_report("<!-- hi -->ok").unwrap();
    /// assert_eq!(html, "ok");
    /// assert_eq!(report.removals()[0].what, Removed::Comment);
    /// ```
    pub fn clean_with_report(&self, input: &str) -> Result<(String, Report), Error> {
        self.check_size(input)?;
        self.run(input, Report::default())
    }

    /// [`ErrorKind::InputTooLarge`] if `input` is over the limit.
    fn check_size(&self, input: &str) -> Result<(), Error> {
        match self.policy.limits().max_input_bytes {
            Some(limit) if input.len() > limit => {
                Err(Error::new(ErrorKind::InputTooLarge { limit }, Some(limit as u64)))
            }
            _ => Ok(()),
        }
    }

    /// Sanitize without the input-size check (the caller did it), into
    /// `report`.
    fn run(&self, input: &str, report: Report) -> Result<(String, Report), Error> {
        let mut pipeline = Pipeline::reusing(&self.policy, report);
        let result = pipeline.feed(input).and_then(|()| pipeline.finish());
        let html = std::mem::take(pipeline.output());
        let report = pipeline.take_report();
        pipeline.recycle();
        match result {
            Ok(()) => Ok((html, report)),
            Err(kind) => Err(Error::new(kind, None)),
        }
    }

    /// A streaming writer: feed it chunks (`&str` with
    /// [`feed`](SanitizeWriter::feed), or bytes through [`io::Write`]) and
    /// it writes sanitized output to `out` as soon as it is decided.
    ///
    /// ```
    /// # use comment_sanitizer::Sanitizer;
    /// let mut w = Sanitizer::default().writer(Vec::new());
    /// w.feed("<b>bo").unwrap();
    /// w.feed("ld</b> <scr").unwrap();
    /// w.feed("ipt>x</script>").unwrap();
    /// let (out, _report) = w.finish().unwrap();
    /// assert_eq!(out, b"<b>bold</b> ");
    /// ```
    pub fn writer<W: io::Write>(&self, out: W) -> SanitizeWriter<W> {
        SanitizeWriter::new(Pipeline::reusing_owned(self.policy.clone()), out)
    }
}
