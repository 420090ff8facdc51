//! The buffer of the character reference being read.
//!
//! The machine holds it and the reference states fill it; it is defined
//! apart from them, like the tag buffer, so that the machine does not
//! depend on a state file for its own fields.

use super::states::State;

/// The character reference being read, kept between chunks. The reference
/// states (`char_ref.rs`) read and write it.
#[derive(Debug)]
pub(super) struct CharRef {
    /// Data, RCDATA, or an attribute value state.
    pub(super) return_state: State,
    /// The name read so far (without the `&`).
    pub(super) name: String,
    /// Length of the longest full match in `name`, and its code points.
    pub(super) best: Option<(usize, u32, u32)>,
    /// The numeric value, saturated just past U+10FFFF.
    pub(super) number: u32,
    /// `x` or `X` of a hexadecimal reference.
    pub(super) x: char,
}

impl CharRef {
    /// A fresh one with this one's name buffer.
    pub(super) fn recycle(&mut self) {
        let mut name = std::mem::take(&mut self.name);
        name.clear();
        *self = CharRef {
            name,
            ..CharRef::default()
        };
    }

    pub(super) fn capacity(&self) -> usize {
        self.name.capacity()
    }
}

impl Default for CharRef {
    fn default() -> CharRef {
        CharRef {
            return_state: State::Data,
            name: String::new(),
            best: None,
            number: 0,
            x: 'x',
        }
    }
}
