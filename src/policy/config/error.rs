//! [`ConfigError`]: why a policy file could not be read, loaded or written,
//! naming the key (and, for TOML and JSON syntax, the line).
//!
//! A leaf: it imports nothing from the crate but the [`PolicyError`] it may
//! carry as its source.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::PolicyError;

/// A policy file that could not be read, parsed or built, or a policy that
/// could not be written to one.
///
/// Its [`Display`](fmt::Display) names the file (for
/// [`Policy::from_file`](crate::Policy::from_file)), the key
/// (`elements.a.href`), what is wrong with it, and the line and column when
/// the parser knows them. A policy the builder refused has the
/// [`PolicyError`] as its [`source`](std::error::Error::source), and a file
/// that could not be read the `io::Error`.
///
/// ```
/// use comment_sanitizer::Policy;
///
/// let err = Policy::from_toml("[elements.b]\nonclick = \"text\"\n").unwrap_err();
/// assert_eq!(err.key(), Some("elements.b.onclick"));
/// assert!(err.to_string().starts_with("elements.b.onclick: attribute \"onclick\" cannot be allowed"));
/// ```
#[derive(Debug)]
pub struct ConfigError {
    path: Option<PathBuf>,
    key: Option<String>,
    message: String,
    /// Line and column (from 1) in the file, when the parser knows them.
    position: Option<(usize, usize)>,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl ConfigError {
    /// The key the error is about, as a dotted path (`elements.a.href`,
    /// `limits.max_depth`); `None` for an error about the whole file (bad
    /// syntax, a missing file).
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// let err = Policy::from_json(r#"{"limits": {"max_depth": 0}}"#).unwrap_err();
    /// assert_eq!(err.key(), Some("limits.max_depth"));
    /// ```
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The line (from 1) of the file where the parser found the error, when
    /// it knows: for syntax errors and values of the wrong type, not for
    /// rules the builder refused.
    ///
    /// ```
    /// use comment_sanitizer::Policy;
    ///
    /// let err = Policy::from_toml("preset = \"wordpress-comments\"\ndisallowed = \"hide\"\n").unwrap_err();
    /// assert_eq!(err.line(), Some(2));
    /// assert_eq!(err.key(), Some("disallowed"));
    /// ```
    pub fn line(&self) -> Option<usize> {
        self.position.map(|(line, _)| line)
    }

    /// An error about `key` (or the whole file), with no source.
    pub(crate) fn new(key: Option<String>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            path: None,
            key,
            message: message.into(),
            position: None,
            source: None,
        }
    }

    /// The builder's refusal of the rules at `key`.
    pub(crate) fn policy(key: Option<String>, err: PolicyError) -> ConfigError {
        ConfigError {
            message: err.to_string(),
            source: Some(Box::new(err)),
            ..ConfigError::new(key, "")
        }
    }

    /// A file that could not be read or written.
    pub(crate) fn io(path: &Path, doing: &str, err: std::io::Error) -> ConfigError {
        ConfigError {
            path: Some(path.to_path_buf()),
            message: format!("cannot {doing} the file: {err}"),
            source: Some(Box::new(err)),
            ..ConfigError::new(None, "")
        }
    }

    /// This error, at `position` (line, column) in the file.
    pub(crate) fn at(mut self, position: Option<(usize, usize)>) -> ConfigError {
        self.position = position;
        self
    }

    /// This error, about the file at `path`.
    pub(crate) fn in_file(mut self, path: &Path) -> ConfigError {
        self.path = Some(path.to_path_buf());
        self
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}: ", path.display())?;
        }
        if let Some(key) = &self.key {
            write!(f, "{key}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some((line, column)) = self.position {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}
