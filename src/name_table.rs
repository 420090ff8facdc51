//! [`NameTable`]: element names to values, in one hash probe.
//!
//! Every stage asks something about every tag by name: is it kept by the
//! policy, is it void, a block, a raw-text element, one whose content goes?
//! A string comparison per candidate name adds up when most of a comment
//! is tags. This table hashes the name once, as [`name_key`] (its length
//! and first seven bytes, one integer), and probes an open-addressing array
//! at most a quarter full, so a lookup is usually one multiplication and one
//! or two integer comparisons. Names of eight bytes or more share keys with
//! their prefixes, so for them the stored name is compared too.

/// A name as one integer: its first seven bytes and its length. Equal names
/// have equal keys, and for names shorter than eight bytes equal keys mean
/// equal names. Only the empty name has key 0.
#[inline]
pub(crate) fn name_key(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let len = bytes.len().min(255) as u64;
    (load_le(bytes) & 0x00FF_FFFF_FFFF_FFFF) | len << 56
}

/// The first eight bytes of `bytes` as a little-endian integer, zero-padded
/// if there are fewer: two overlapping loads instead of a byte loop.
#[inline]
pub(crate) fn load_le(bytes: &[u8]) -> u64 {
    if let Some(first) = bytes.first_chunk::<8>() {
        return u64::from_le_bytes(*first);
    }
    let n = bytes.len();
    match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        // 4 to 7 bytes: the first four, and the last four moved to their
        // place; the bytes both hold are equal, so OR keeps them.
        (Some(lo), Some(hi)) => {
            u64::from(u32::from_le_bytes(*lo)) | u64::from(u32::from_le_bytes(*hi)) << ((n - 4) * 8)
        }
        // 0 to 3 bytes, each at its place.
        _ => match *bytes {
            [a] => u64::from(a),
            [a, b] => u64::from(a) | u64::from(b) << 8,
            [a, b, c] => u64::from(a) | u64::from(b) << 8 | u64::from(c) << 16,
            _ => 0,
        },
    }
}

/// An immutable map from names to `V`, built once.
#[derive(Debug, Clone)]
pub(crate) struct NameTable<V> {
    /// [`name_key`] of the name in each slot; 0 for an empty slot.
    keys: Vec<u64>,
    names: Vec<Box<str>>,
    values: Vec<Option<V>>,
}

impl<V: Copy> NameTable<V> {
    /// A table of `entries`; for a name given twice, the first value wins.
    /// The empty name is never found.
    pub(crate) fn new<'a>(entries: impl IntoIterator<Item = (&'a str, V)>) -> NameTable<V> {
        let entries: Vec<(&str, V)> = entries.into_iter().filter(|(name, _)| !name.is_empty()).collect();
        let slots = (entries.len() * 4).next_power_of_two().max(16);
        let mut table = NameTable {
            keys: vec![0; slots],
            names: vec![Box::from(""); slots],
            values: vec![None; slots],
        };
        for (name, value) in entries {
            let key = name_key(name);
            let mut slot = table.home(key);
            while table.keys[slot] != 0 {
                if &*table.names[slot] == name {
                    break;
                }
                slot = (slot + 1) & (slots - 1);
            }
            if table.keys[slot] == 0 {
                table.keys[slot] = key;
                table.names[slot] = name.into();
                table.values[slot] = Some(value);
            }
        }
        table
    }

    /// The first slot to probe for `key`.
    fn home(&self, key: u64) -> usize {
        // Fibonacci hashing: the multiplication mixes every byte of the key
        // into the high bits, which pick the slot.
        let bits = self.keys.len().trailing_zeros();
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    /// The value for `name`, if the table has it.
    #[inline]
    pub(crate) fn get(&self, name: &str) -> Option<V> {
        let key = name_key(name);
        if key == 0 {
            return None;
        }
        let mask = self.keys.len() - 1;
        let mut slot = self.home(key);
        loop {
            let k = *self.keys.get(slot)?;
            if k == key && (name.len() < 8 || &*self.names[slot] == name) {
                return self.values[slot];
            }
            if k == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_it_holds_and_nothing_else() {
        let names = [
            "a",
            "abbr",
            "blockquote",
            "blockquotes",
            "plaintext",
            "p",
            "x-custom-element-name",
        ];
        let table = NameTable::new(names.iter().enumerate().map(|(i, n)| (*n, i)));
        for (i, n) in names.iter().enumerate() {
            assert_eq!(table.get(n), Some(i), "{n}");
        }
        for n in [
            "",
            "b",
            "blockquot",
            "blockquotex",
            "plaintexts",
            "A",
            "x-custom-element-nam",
        ] {
            assert_eq!(table.get(n), None, "{n}");
        }
    }

    #[test]
    fn the_first_value_wins_and_the_empty_name_is_ignored() {
        let table = NameTable::new([("b", 1), ("b", 2), ("", 3)]);
        assert_eq!(table.get("b"), Some(1));
        assert_eq!(table.get(""), None);
    }

    #[test]
    fn loads_are_little_endian_and_zero_padded() {
        for n in 0..=10 {
            let bytes: Vec<u8> = (1..=n as u8).collect();
            let mut padded = [0u8; 8];
            let m = n.min(8);
            padded[..m].copy_from_slice(&bytes[..m]);
            assert_eq!(load_le(&bytes), u64::from_le_bytes(padded), "{n} bytes");
        }
    }

    #[test]
    fn keys_tell_short_names_apart() {
        assert_ne!(name_key("ab"), name_key("ba"));
        assert_ne!(name_key("a"), name_key("a\0"));
        assert_eq!(name_key("abcdefgh1"), name_key("abcdefgh2"));
        assert_eq!(name_key(""), 0);
    }
}
