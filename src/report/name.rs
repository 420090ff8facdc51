//! [`Name`]: an element or attribute name in a report, stored inline.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// An element or attribute name in a [`Report`](crate::Report): lowercase,
/// as the tokenizer read it, cut to [`Name::MAX_LEN`] bytes at a character
/// boundary.
///
/// The bytes are stored inline, so recording a removal never allocates and
/// a report's size is bounded. It reads as a `&str` (through `Deref`) and
/// compares with strings.
///
/// ```
/// use comment_sanitizer::{clean_with_report, Name, Removed};
///
/// let (_, report) = clean_with_report("<marquee>hi</marquee>");
/// let Removed::Element { name, .. } = &report.removals()[0].what else { panic!() };
/// assert_eq!(name, "marquee");
/// assert_eq!(name.len(), 7);
/// assert_eq!(Name::from("x".repeat(100).as_str()).len(), Name::MAX_LEN);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Name {
    len: u8,
    bytes: [u8; Name::MAX_LEN],
}

impl Name {
    /// Names are cut to this many bytes.
    ///
    /// ```
    /// # use comment_sanitizer::Name;
    /// assert_eq!(Name::MAX_LEN, 64);
    /// ```
    pub const MAX_LEN: usize = 64;

    /// The name as a string slice.
    ///
    /// ```
    /// # use comment_sanitizer::Name;
    /// assert_eq!(Name::from("abbr").as_str(), "abbr");
    /// ```
    pub fn as_str(&self) -> &str {
        // Always valid: `from` copies whole characters only.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl Name {
    /// The name's bytes (no UTF-8 check, unlike [`as_str`](Self::as_str)).
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

impl From<&str> for Name {
    /// The first [`Name::MAX_LEN`] bytes of `name`, cut at a character
    /// boundary.
    fn from(name: &str) -> Name {
        let mut end = name.len().min(Name::MAX_LEN);
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        let mut bytes = [0; Name::MAX_LEN];
        bytes[..end].copy_from_slice(&name.as_bytes()[..end]);
        // `end` is at most MAX_LEN (64), so it fits.
        Name { len: end as u8, bytes }
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::Name;

    #[test]
    fn long_names_are_cut_on_a_char_boundary() {
        let name = "é".repeat(40);
        let cut = Name::from(name.as_str());
        assert!(cut.len() <= Name::MAX_LEN);
        assert!(cut.chars().all(|c| c == 'é'));
        assert_eq!(cut.len(), 64);
    }

    #[test]
    fn compares_and_hashes_as_its_text() {
        use std::collections::hash_map::DefaultHasher;
        use std::hash::{Hash, Hasher};
        let hash = |h: &dyn Fn(&mut DefaultHasher)| {
            let mut s = DefaultHasher::new();
            h(&mut s);
            s.finish()
        };
        let name = Name::from("title");
        assert_eq!(name, "title");
        assert_eq!(hash(&|s| name.hash(s)), hash(&|s| "title".hash(s)));
        assert_eq!(format!("{name} {name:?}"), "title \"title\"");
    }
}
