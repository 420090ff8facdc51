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
#[derive(Clone)]
pub(crate) struct NameTable<V> {
    /// Open addressing, at most a quarter full; a power of two long.
    slots: Box<[Slot<V>]>,
    /// The name in each slot, compared only for names of eight bytes or
    /// more (shorter names are told apart by their keys).
    names: Box<[Box<str>]>,
    /// `64 - log2(slots.len())`: the shift that turns a hash into a slot.
    shift: u32,
}

#[derive(Debug, Clone, Copy)]
struct Slot<V> {
    /// [`name_key`] of the name here, or [`EMPTY`].
    key: u64,
    value: Option<V>,
}

/// The key of an empty slot. No name has it: it would take a length of
/// 255 and seven 0xFF bytes, which UTF-8 never contains.
const EMPTY: u64 = u64::MAX;

/// The names held and the size, not every slot: a policy's `Debug` output
/// stays readable.
impl<V> std::fmt::Debug for NameTable<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let held = self.slots.iter().filter(|s| s.key != EMPTY).count();
        f.debug_struct("NameTable")
            .field("names", &held)
            .field("slots", &self.slots.len())
            .finish()
    }
}

impl<V: Copy> NameTable<V> {
    /// A table of `entries`; for a name given twice, the first value wins.
    /// The empty name is never found.
    pub(crate) fn new<'a>(entries: impl IntoIterator<Item = (&'a str, V)>) -> NameTable<V> {
        let entries: Vec<(&str, V)> = entries.into_iter().filter(|(name, _)| !name.is_empty()).collect();
        let len = (entries.len() * 4).next_power_of_two().max(16);
        let mut table = NameTable {
            slots: vec![
                Slot {
                    key: EMPTY,
                    value: None
                };
                len
            ]
            .into(),
            names: vec![Box::from(""); len].into(),
            shift: 64 - len.trailing_zeros(),
        };
        for (name, value) in entries {
            let key = name_key(name);
            let mut slot = table.home(key);
            while table.slots[slot].key != EMPTY {
                if &*table.names[slot] == name {
                    break;
                }
                slot = (slot + 1) & (len - 1);
            }
            if table.slots[slot].key == EMPTY {
                table.slots[slot] = Slot {
                    key,
                    value: Some(value),
                };
                table.names[slot] = name.into();
            }
        }
        table
    }

    /// The first slot to probe for `key`.
    #[inline]
    fn home(&self, key: u64) -> usize {
        // Fibonacci hashing: the multiplication mixes every byte of the key
        // into the high bits, which pick the slot.
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The value for `name`, if the table has it.
    #[inline]
    pub(crate) fn get(&self, name: &str) -> Option<V> {
        // The empty name's key, 0, is in no slot: the probe ends at an
        // empty one.
        let key = name_key(name);
        let mask = self.slots.len() - 1;
        let mut slot = self.home(key);
        loop {
            let here = self.slots.get(slot)?;
            if here.key == key {
                if name.len() < 8 || self.names.get(slot).is_some_and(|n| **n == *name) {
                    return here.value;
                }
            } else if here.key == EMPTY {
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
