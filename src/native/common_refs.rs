//! The character references decoded on sight, without the reference
//! states: the data state and the fast paths both look them up, so they
//! live in a file of their own rather than in either.

/// The references comments use most, with what they stand for. Each ends
/// in `;`, which no entity name goes on past, so each is the longest match
/// wherever it appears, and the legacy rule for attribute values (which
/// concerns names without `;`) never applies: a reference in this list can
/// be decoded on sight, without the reference states or the entity table.
/// (A test checks each against the table.)
const COMMON: [(&[u8], &str); 6] = [
    (b"amp;", "&"),
    (b"lt;", "<"),
    (b"gt;", ">"),
    (b"quot;", "\""),
    (b"apos;", "'"),
    (b"nbsp;", "\u{a0}"),
];

/// If `after` (the bytes after an `&`) starts with one of the [`COMMON`]
/// references: what it stands for, and its length without the `&`.
#[inline]
pub(super) fn common_reference(after: &[u8]) -> Option<(&'static str, usize)> {
    // Every name in the list starts with one of these letters.
    if !matches!(after.first(), Some(b'a' | b'l' | b'g' | b'q' | b'n')) {
        return None;
    }
    COMMON
        .iter()
        .find(|(name, _)| after.starts_with(name))
        .map(|(name, text)| (*text, name.len()))
}

#[cfg(test)]
mod tests {
    use web_atoms::NAMED_ENTITIES;

    use super::*;

    #[test]
    fn common_references_agree_with_the_entity_table() {
        for (name, text) in COMMON {
            let name = std::str::from_utf8(name).unwrap();
            let &(first, second) = NAMED_ENTITIES.get(name).unwrap();
            let mut expected = String::new();
            expected.extend(char::from_u32(first));
            if second != 0 {
                expected.extend(char::from_u32(second));
            }
            assert_eq!(text, expected, "{name}");
            assert_eq!(
                common_reference(format!("{name}x").as_bytes()),
                Some((text, name.len()))
            );
        }
        assert_eq!(common_reference(b"amp"), None);
        assert_eq!(common_reference(b"ampx;"), None);
        assert_eq!(common_reference(b"nbsp"), None);
        assert_eq!(common_reference(b""), None);
    }
}
