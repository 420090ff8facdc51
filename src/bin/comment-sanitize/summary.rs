//! The summary of a JSONL run, printed on stderr at the end: records read
//! and changed, lines skipped, records over the link limit, and what was
//! removed, by name.

use std::collections::HashMap;
use std::fmt;

use comment_sanitizer::{Removed, Report};

/// Counts over a whole run.
#[derive(Debug, Default)]
pub struct Summary {
    /// Lines read (records, and malformed lines).
    pub read: u64,
    /// Records whose field the sanitizer changed.
    pub changed: u64,
    /// Malformed lines left out (`--on-error skip`).
    pub skipped: u64,
    /// Records with more links than the limit.
    pub over_link_limit: u64,
    /// The link limit those were counted against.
    pub max_links: usize,
    /// Removed elements (start tags), by name.
    elements: HashMap<String, u64>,
    /// Removed attributes, by name.
    attributes: HashMap<String, u64>,
    /// Every other removal (comments, stray end tags, ...).
    other_removals: u64,
}

impl Summary {
    /// An empty summary counting links against `max_links`.
    pub fn new(max_links: usize) -> Summary {
        Summary {
            max_links,
            ..Summary::default()
        }
    }

    /// Count one cleaned record.
    pub fn record(&mut self, changed: bool, report: &Report) {
        self.changed += u64::from(changed);
        self.over_link_limit += u64::from(report.links() > self.max_links as u64);
        self.other_removals += report.other_removals();
        for removal in report.removals() {
            let (map, name) = match &removal.what {
                Removed::Element { name, .. } => (&mut self.elements, name.as_str()),
                Removed::Attribute { name, .. } => (&mut self.attributes, name.as_str()),
                _ => {
                    self.other_removals += removal.count;
                    continue;
                }
            };
            match map.get_mut(name) {
                Some(count) => *count += removal.count,
                None => {
                    map.insert(name.to_string(), removal.count);
                }
            }
        }
    }
}

/// Names by count, most first, then by name.
fn by_count(map: &HashMap<String, u64>) -> Vec<(&str, u64)> {
    let mut list: Vec<(&str, u64)> = map.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    list
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "records read: {}, changed: {}, skipped (malformed): {}, over the link limit (more than {} links): {}",
            self.read, self.changed, self.skipped, self.max_links, self.over_link_limit
        )?;
        for (title, map) in [("elements", &self.elements), ("attributes", &self.attributes)] {
            write!(f, "removed {title}:")?;
            let list = by_count(map);
            if list.is_empty() {
                write!(f, " none")?;
            }
            for (i, (name, count)) in list.iter().enumerate() {
                let sep = if i == 0 { " " } else { ", " };
                write!(f, "{sep}{name} {count}")?;
            }
            writeln!(f)?;
        }
        write!(
            f,
            "other removals (comments, stray end tags, ...): {}",
            self.other_removals
        )
    }
}
