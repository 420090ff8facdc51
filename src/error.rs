//! Errors: what went wrong while sanitizing, and what was wrong with a policy.
//!
//! Sanitizing never panics. Problems with the *input* (bad markup, hostile
//! URLs, deep nesting) are not errors: they become a safe result plus an entry
//! in the [`Report`](crate::Report). What is left for [`Error`] is what the
//! sanitizer cannot decide safely on its own: the writer failed, a configured
//! limit was crossed, byte input was not UTF-8, or a writer was used after an
//! earlier error. Policy mistakes are caught once, by
//! [`PolicyBuilder::build`](crate::PolicyBuilder::build), as a [`PolicyError`].

use std::fmt;
use std::io;

/// An error that stopped sanitizing.
///
/// The type is opaque so that it can grow without breaking callers; ask it
/// [`kind`](Error::kind) what happened and [`offset`](Error::offset) where.
/// When a streaming writer returns an `Error`, everything it wrote before is
/// safe and balanced (see [`SanitizeWriter`](crate::SanitizeWriter)).
///
/// # Example
///
/// ```
/// use comment_sanitizer::{ErrorKind, Limits, Policy, Sanitizer};
///
/// let policy = Policy::wordpress_comments()
///     .to_builder()
///     .limits(Limits::default().with_max_input_bytes(Some(8)))
///     .build()
///     .unwrap();
/// let err = Sanitizer::new(policy).clean("a comment that is too long").unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::InputTooLarge { limit: 8 }));
/// assert_eq!(err.offset(), Some(8));
/// ```
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    kind: ErrorKind,
    offset: Option<u64>,
    #[source]
    source: Option<io::Error>,
}

/// What kind of [`Error`] happened.
///
/// # Example
///
/// ```
/// use comment_sanitizer::ErrorKind;
///
/// let kind = ErrorKind::InvalidUtf8 { offset: 3 };
/// assert_eq!(kind.to_string(), "input is not valid UTF-8 at byte 3");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Writing the sanitized output failed; the underlying `io::Error` is the
    /// [`source`](std::error::Error::source).
    Io,
    /// The input is longer than [`Limits::max_input_bytes`](crate::Limits::max_input_bytes).
    InputTooLarge {
        /// The configured limit, in bytes.
        limit: usize,
    },
    /// Byte input (through `io::Write`) was not valid UTF-8.
    InvalidUtf8 {
        /// Offset of the first invalid byte from the start of the input.
        offset: u64,
    },
    /// The output would hold more links than
    /// [`Limits::max_links`](crate::Limits::max_links).
    TooManyLinks {
        /// The configured limit.
        limit: usize,
    },
    /// A writer was used again after it had returned an error.
    Poisoned,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Io => f.write_str("writing the sanitized output failed"),
            ErrorKind::InputTooLarge { limit } => write!(
                f,
                "input is larger than the configured maximum of {limit} bytes \
                 (reject the comment, or raise Limits::max_input_bytes)"
            ),
            ErrorKind::InvalidUtf8 { offset } => {
                write!(f, "input is not valid UTF-8 at byte {offset}")
            }
            ErrorKind::TooManyLinks { limit } => write!(
                f,
                "the comment holds more than {limit} links (hold it for moderation, or raise Limits::max_links)"
            ),
            ErrorKind::Poisoned => f.write_str(
                "the sanitizing writer was used after it returned an error; \
                 its output ends at the point of that error",
            ),
        }
    }
}

impl Error {
    /// What happened.
    ///
    /// ```
    /// # use comment_sanitizer::{ErrorKind, Limits, Policy, Sanitizer};
    /// # let policy = Policy::wordpress_comments().to_builder()
    /// #     .limits(Limits::default().with_max_input_bytes(Some(1))).build().unwrap();
    /// let err = Sanitizer::new(policy).clean("ab").unwrap_err();
    /// assert_eq!(err.kind(), &ErrorKind::InputTooLarge { limit: 1 });
    /// ```
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The input byte offset at which the error was detected, when there is one.
    ///
    /// ```
    /// # use comment_sanitizer::{Limits, Policy, Sanitizer};
    /// # let policy = Policy::wordpress_comments().to_builder()
    /// #     .limits(Limits::default().with_max_input_bytes(Some(1))).build().unwrap();
    /// let err = Sanitizer::new(policy).clean("ab").unwrap_err();
    /// assert_eq!(err.offset(), Some(1));
    /// ```
    pub fn offset(&self) -> Option<u64> {
        self.offset
    }

    pub(crate) fn new(kind: ErrorKind, offset: Option<u64>) -> Error {
        Error {
            kind,
            offset,
            source: None,
        }
    }

    pub(crate) fn io(source: io::Error, offset: u64) -> Error {
        Error {
            kind: ErrorKind::Io,
            offset: Some(offset),
            source: Some(source),
        }
    }
}

/// The error a [`SanitizeWriter`](crate::SanitizeWriter) returned through
/// `io::Write`: the sanitizer's own [`Error`] when it is one, otherwise an
/// [`ErrorKind::Io`] error around it (whose offset is unknown).
///
/// ```
/// use std::io::Write;
/// use comment_sanitizer::{Error, ErrorKind, Sanitizer};
///
/// let mut w = Sanitizer::default().writer(Vec::new());
/// let io_err = w.write_all(b"\xff").unwrap_err();
/// let err = Error::from(io_err);
/// assert_eq!(err.kind(), &ErrorKind::InvalidUtf8 { offset: 0 });
/// ```
impl From<io::Error> for Error {
    fn from(err: io::Error) -> Error {
        if err.get_ref().is_some_and(|inner| inner.is::<Error>()) {
            if let Some(inner) = err.into_inner() {
                if let Ok(ours) = inner.downcast::<Error>() {
                    return *ours;
                }
            }
            // Not reached: the check above found an `Error` inside.
            return Error::new(ErrorKind::Io, None);
        }
        Error {
            kind: ErrorKind::Io,
            offset: None,
            source: Some(err),
        }
    }
}

impl From<Error> for io::Error {
    fn from(err: Error) -> io::Error {
        let kind = match err.kind {
            ErrorKind::InvalidUtf8 { .. } => io::ErrorKind::InvalidData,
            ErrorKind::InputTooLarge { .. } => io::ErrorKind::InvalidInput,
            _ => io::ErrorKind::Other,
        };
        io::Error::new(kind, err)
    }
}

/// A policy that [`PolicyBuilder::build`](crate::PolicyBuilder::build) refused.
///
/// Every way a policy can be wrong is caught here, once, so that sanitizing
/// itself never has a configuration error to report.
///
/// # Example
///
/// ```
/// use comment_sanitizer::{AttrKind, Policy, PolicyError};
///
/// let err = Policy::builder()
///     .allow_element("b")
///     .allow_attribute("b", "onclick", AttrKind::Text)
///     .build()
///     .unwrap_err();
/// assert!(matches!(err, PolicyError::UnsafeAttribute { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// An element or attribute name is not a plain ASCII HTML name.
    #[error("{what} name {name:?} is not a valid HTML name (ASCII letters, digits and '-', starting with a letter)")]
    InvalidName {
        /// "element" or "attribute".
        what: &'static str,
        /// The name as given.
        name: String,
    },
    /// The element cannot be kept safely, or its parsing rules are not
    /// modelled by the tag balancer, so the output could re-parse differently.
    #[error("element <{name}> cannot be allowed: {reason}")]
    UnsupportedElement {
        /// The element name.
        name: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// An attribute that can run script or change how the page loads.
    #[error("attribute {name:?} cannot be allowed: {reason}")]
    UnsafeAttribute {
        /// The attribute name.
        name: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// An attribute rule names an element that the policy does not allow.
    #[error("attribute {attribute:?} is configured on <{element}>, which the policy does not allow; call allow_element({element:?}) first")]
    ElementNotAllowed {
        /// The element named by the rule.
        element: String,
        /// The attribute named by the rule.
        attribute: String,
    },
    /// A URL scheme is not a valid scheme name, or is one that runs script.
    #[error("URL scheme {scheme:?} cannot be allowed: {reason}")]
    InvalidScheme {
        /// The scheme as given.
        scheme: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// The base URL for resolving relative URLs is not an absolute URL with
    /// an allowed scheme.
    #[error("base URL {url:?} is not usable: {reason}")]
    InvalidBaseUrl {
        /// The base URL as given.
        url: String,
        /// Why it is refused.
        reason: String,
    },
    /// An element's content must be dropped, but the policy asked to keep it.
    #[error("the content of <{name}> is always dropped: {reason}")]
    ContentMustBeDropped {
        /// The element name.
        name: String,
        /// Why.
        reason: &'static str,
    },
    /// Two rules contradict each other.
    #[error("conflicting policy rules: {reason}")]
    Conflict {
        /// Which rules, and how to resolve it.
        reason: String,
    },
    /// A limit was set to a value that cannot work (for example zero depth).
    #[error("limit {name} = {value} is not usable: {reason}")]
    InvalidLimit {
        /// The field of [`Limits`](crate::Limits).
        name: &'static str,
        /// The value given.
        value: usize,
        /// Why it is refused.
        reason: &'static str,
    },
}
