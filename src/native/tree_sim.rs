//! The tree builder's part in tokenizing, simulated (see [`TreeSim`]).

use super::states::State;
use crate::elements::{self, ContentModel};

/// The tree builder's part in tokenizing: which start tags switch the
/// tokenizer to RCDATA, RAWTEXT, script data or PLAINTEXT, and whether the
/// adjusted current node is in foreign content (for `<![CDATA[`). The same
/// rules as the html5ever adapter's sink in
/// `src/tokenize/html5ever_backend.rs`, whose module docs say which
/// tree-construction cases are left undecided and why that is safe.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TreeSim {
    /// Off in [`Flavor::Spec`](super::interface::Flavor::Spec): the
    /// html5lib tests have no tree builder.
    enabled: bool,
    /// Foreign content: the root (`svg` is true, `math` false) and its
    /// nesting depth.
    foreign: Option<(bool, u32)>,
}

impl TreeSim {
    /// The pipeline's: on, outside foreign content.
    pub(super) const SANITIZER: TreeSim = TreeSim {
        enabled: true,
        foreign: None,
    };

    /// The standard's tokenizer's: off (the html5lib tests have no tree
    /// builder).
    #[cfg(feature = "_internals")]
    pub(super) const SPEC: TreeSim = TreeSim {
        enabled: false,
        foreign: None,
    };

    fn track_foreign(&mut self, name: &str, root: bool, start: bool, self_closing: bool) {
        if !root && self.foreign.is_none() {
            return;
        }
        let is_svg = name == "svg";
        self.foreign = match (self.foreign, start) {
            (None, true) if root && !self_closing => Some((is_svg, 1)),
            (Some((svg, depth)), true) if svg == is_svg && root && !self_closing => Some((svg, depth + 1)),
            (Some((svg, depth)), false) if svg == is_svg && root => (depth > 1).then_some((svg, depth - 1)),
            (state, _) => state,
        };
    }

    /// A start tag was emitted (`info` is [`elements::info`] of its name):
    /// the state the tokenizer continues in.
    pub(crate) fn start_tag(&mut self, name: &str, info: elements::Info, self_closing: bool) -> State {
        if !self.enabled {
            return State::Data;
        }
        let in_foreign = self.foreign.is_some();
        self.track_foreign(name, info.foreign_root, true, self_closing);
        if in_foreign {
            return State::Data;
        }
        match info.content {
            ContentModel::Markup => State::Data,
            ContentModel::Rcdata => State::Rcdata,
            ContentModel::Rawtext => State::Rawtext,
            ContentModel::ScriptData => State::ScriptData,
            ContentModel::Plaintext => State::Plaintext,
        }
    }

    /// An end tag was emitted.
    pub(crate) fn end_tag(&mut self, name: &str, info: elements::Info) {
        if self.enabled && self.foreign.is_some() {
            self.track_foreign(name, info.foreign_root, false, false);
        }
    }

    /// The end of the input: the next input starts outside foreign content
    /// (whether the simulation is on does not change).
    #[inline]
    pub(super) fn reset(&mut self) {
        self.foreign = None;
    }

    /// "adjusted current node is not an element in the HTML namespace".
    pub(crate) fn in_foreign_content(&self) -> bool {
        self.foreign.is_some()
    }
}
