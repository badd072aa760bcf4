//! `--by COLUMN`: which segment each customer is in (the value of the column on their first
//! mapped event in the window, docs/analytics.md §4), the values numbered as the reading
//! threads meet them, and the cap on how many segments are shown.

use std::sync::Mutex;

use super::matching::FastMap;

/// The label of an empty value, as GA4 labels a dimension without one.
pub const NOT_SET: &str = "(not set)";
/// The label of the segments past the cap, as GA4 labels the rows past a report's limit.
pub const OTHER: &str = "(other)";
/// How many segments are shown unless told.
pub const DEFAULT_TOP: usize = 10;

/// What the customers are segmented by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum By {
    /// The channel of the first mapped event as the analysis sees it (the event's own, else
    /// its card's, else `(none)`).
    Channel,
    /// Another column of the events (CSV) or key (JSON Lines), found by name in any case.
    Column(String),
}

impl By {
    /// `--by NAME`: `channel` (any case) is the channel; any other name a column.
    pub fn new(name: &str) -> By {
        let name = name.trim();
        if name.eq_ignore_ascii_case("channel") {
            By::Channel
        } else {
            By::Column(name.to_string())
        }
    }

    /// The name as the reports show it.
    pub fn name(&self) -> &str {
        match self {
            By::Channel => "channel",
            By::Column(name) => name,
        }
    }

    /// The column the reader looks for, if any.
    pub fn column(&self) -> Option<&str> {
        match self {
            By::Channel => None,
            By::Column(name) => Some(name),
        }
    }
}

/// The values met so far, numbered in the order they were met.
#[derive(Debug, Default)]
pub struct Values {
    /// Every value, by id, empty ones as [`NOT_SET`].
    pub names: Vec<Box<str>>,
    ids: FastMap<Box<[u8]>, u32>,
}

impl Values {
    fn intern(&mut self, value: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(value) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names
            .push(String::from_utf8_lossy(value).into_owned().into());
        self.ids.insert(value.into(), id);
        id
    }

    /// Each value's place when the values are sorted byte by byte, by id.
    pub fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.names.len() as u32).collect();
        order.sort_by(|&a, &b| self.names[a as usize].cmp(&self.names[b as usize]));
        let mut ranks = vec![0; order.len()];
        for (rank, id) in order.into_iter().enumerate() {
            ranks[id as usize] = rank as u32;
        }
        ranks
    }
}

/// A reading thread's numbering: its own cache in front of the shared values, so the lock is
/// taken once per distinct value and thread.
pub struct Interner<'a> {
    shared: &'a Mutex<Values>,
    cache: FastMap<Box<[u8]>, u32>,
}

impl<'a> Interner<'a> {
    /// An interner with an empty cache.
    pub fn new(shared: &'a Mutex<Values>) -> Self {
        Self {
            shared,
            cache: FastMap::default(),
        }
    }

    /// The id of `value` (trimmed; empty is [`NOT_SET`]).
    pub fn id(&mut self, value: &[u8]) -> u32 {
        let value = value.trim_ascii();
        let value = if value.is_empty() {
            NOT_SET.as_bytes()
        } else {
            value
        };
        if let Some(&id) = self.cache.get(value) {
            return id;
        }
        let id = self
            .shared
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .intern(value);
        self.cache.insert(value.into(), id);
        id
    }
}

/// Which segments are shown: given each value's customers (by value, the values in byte
/// order), the `top` with the most customers (ties to the first name) keep their name and
/// the others become [`OTHER`]. Returns each value's group, and the groups' names in the
/// order they are reported: by their best value's place, `(other)` last. A value that is
/// itself named `(other)` joins that group, as a `GROUP BY` on the label would.
pub fn groups(customers: &[u64], names: &[&str], top: usize) -> (Vec<usize>, Vec<String>) {
    let mut order: Vec<usize> = (0..customers.len()).collect();
    order.sort_by(|&a, &b| customers[b].cmp(&customers[a]).then(a.cmp(&b)));
    let mut labels: Vec<String> = Vec::new();
    let mut group_of = vec![0; customers.len()];
    let mut other: Option<usize> = None;
    for (place, &value) in order.iter().enumerate() {
        let label = if place < top { names[value] } else { OTHER };
        group_of[value] = if label == OTHER {
            *other.get_or_insert_with(|| {
                labels.push(OTHER.to_string());
                labels.len() - 1
            })
        } else {
            labels.push(label.to_string());
            labels.len() - 1
        };
    }
    // `(other)` goes last: renumber the groups after it.
    if let Some(other) = other {
        let last = labels.len() - 1;
        let label = labels.remove(other);
        labels.push(label);
        for group in &mut group_of {
            *group = match (*group).cmp(&other) {
                std::cmp::Ordering::Equal => last,
                std::cmp::Ordering::Greater => *group - 1,
                std::cmp::Ordering::Less => *group,
            };
        }
    }
    (group_of, labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_keep_their_names_and_the_rest_are_other_last() {
        let names = ["a", "b", "c", "d"];
        let (group_of, labels) = groups(&[5, 9, 5, 1], &names, 2);
        assert_eq!(labels, ["b", "a", "(other)"]);
        assert_eq!(group_of, [1, 0, 2, 2]);
        let (group_of, labels) = groups(&[5, 9, 5, 1], &names, 10);
        assert_eq!(labels, ["b", "a", "c", "d"]);
        assert_eq!(group_of, [1, 0, 2, 3]);
        // A value named (other) among the top joins the group of the rest.
        let (group_of, labels) = groups(&[9, 1, 1], &["(other)", "x", "y"], 2);
        assert_eq!(labels, ["x", "(other)"]);
        assert_eq!(group_of, [1, 0, 1]);
        assert_eq!(groups(&[], &[], 3), (vec![], vec![]));
    }

    #[test]
    fn empty_values_are_not_set_and_channel_is_the_channel() {
        let shared = Mutex::new(Values::default());
        let mut interner = Interner::new(&shared);
        assert_eq!(interner.id(b"  "), interner.id(b"(not set)"));
        assert_eq!(interner.id(b" mobile "), interner.id(b"mobile"));
        let values = shared.into_inner().unwrap();
        assert_eq!(&*values.names[0], NOT_SET);
        assert_eq!(values.ranks(), vec![0, 1]);
        assert_eq!(By::new(" Channel "), By::Channel);
        assert_eq!(By::new("device").column(), Some("device"));
    }
}
