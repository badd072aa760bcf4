//! Events to stages: the journey's rules compiled once, a table of the distinct mapped events
//! shared by the reading threads, and each thread's cache in front of it, so that matching
//! costs one hash lookup per row.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::Mutex;

use super::rules::{NO_CHANNEL, Rule};

/// How many distinct unmapped event names each reading thread counts; rows of names past it
/// count only in the total.
pub const UNMAPPED_NAMES: usize = 10_000;

/// A `HashMap` with foldhash's fast hasher (fixed seed: the same figures every run), for
/// short trusted keys read by the million.
pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// An event name pattern.
#[derive(Debug)]
enum Pattern {
    Exact(String),
    Glob(Vec<char>),
}

/// One rule, ready to match.
#[derive(Debug)]
struct Compiled {
    pattern: Pattern,
    channel: Option<String>,
    stage: usize,
    /// The channel given to events without one.
    fallback_channel: String,
}

/// The journey's rules, in order.
#[derive(Debug)]
pub struct Rules {
    rules: Vec<Compiled>,
}

impl Rules {
    /// Compiles the resolved rules.
    pub fn new(rules: &[Rule]) -> Self {
        let rules = rules
            .iter()
            .map(|rule| Compiled {
                pattern: if rule.is_glob() {
                    Pattern::Glob(rule.event.chars().collect())
                } else {
                    Pattern::Exact(rule.event.clone())
                },
                channel: rule.channel.clone(),
                stage: rule.stage,
                fallback_channel: rule
                    .card_channel
                    .clone()
                    .unwrap_or_else(|| NO_CHANNEL.to_string()),
            })
            .collect();
        Self { rules }
    }

    /// The stage and the channel of an event with `channel` (possibly empty) under the first
    /// rule that matches it.
    pub fn find<'a>(&'a self, event: &str, channel: &'a str) -> Option<(usize, &'a str)> {
        self.rules
            .iter()
            .find(|rule| {
                rule.channel.as_deref().is_none_or(|c| c == channel)
                    && match &rule.pattern {
                        Pattern::Exact(name) => name == event,
                        Pattern::Glob(pattern) => glob(pattern, event),
                    }
            })
            .map(|rule| {
                let channel = if channel.is_empty() {
                    rule.fallback_channel.as_str()
                } else {
                    channel
                };
                (rule.stage, channel)
            })
    }
}

/// Whether the event name `event` matches a rule's `pattern`: the same name, or a glob where
/// `*` is any run of characters and `?` one.
pub fn event_matches(pattern: &str, event: &str) -> bool {
    let chars: Vec<char> = pattern.chars().collect();
    glob(&chars, event)
}

/// Whether `text` matches `pattern`, where `*` is any run of characters and `?` one.
fn glob(pattern: &[char], text: &str) -> bool {
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    // Where the last `*` was, and the text position it is tried against.
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == '?' || c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    star = Some((sp, st + 1));
                    p = sp + 1;
                    t = st + 1;
                }
                None => return false,
            },
        }
    }
    pattern[p.min(pattern.len())..].iter().all(|&c| c == '*')
}

/// One distinct mapped event: its name, stage and channel.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    /// The stage's position.
    pub stage: usize,
    /// The channel's id in [`Keys::channels`].
    pub channel: u32,
    /// The event name.
    pub event: Box<str>,
}

/// The distinct mapped events and their channels, numbered as they are met.
#[derive(Debug, Default)]
pub struct Keys {
    /// Every key, by id.
    pub keys: Vec<Key>,
    ids: FastMap<Key, u32>,
    /// Every channel name, by id.
    pub channels: Vec<Box<str>>,
    channel_ids: FastMap<Box<str>, u32>,
}

impl Keys {
    /// The id of the event `event` in `stage` and `channel`, numbered anew if it is new.
    fn intern(&mut self, stage: usize, channel: &str, event: &str) -> u32 {
        let channel = match self.channel_ids.get(channel) {
            Some(&id) => id,
            None => {
                let id = self.channels.len() as u32;
                self.channels.push(channel.into());
                self.channel_ids.insert(channel.into(), id);
                id
            }
        };
        let key = Key {
            stage,
            channel,
            event: event.into(),
        };
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.keys.push(key.clone());
        self.ids.insert(key, id);
        id
    }

    /// Each key's place in the order of events at the same time: by stage, channel name, then
    /// event name.
    pub fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.keys.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.keys[a as usize], &self.keys[b as usize]);
            (a.stage, &self.channels[a.channel as usize], &a.event).cmp(&(
                b.stage,
                &self.channels[b.channel as usize],
                &b.event,
            ))
        });
        let mut ranks = vec![0; order.len()];
        for (rank, &key) in order.iter().enumerate() {
            ranks[key as usize] = rank as u32;
        }
        ranks
    }
}

/// What one (event, channel) pair came to.
#[derive(Debug, Clone, Copy)]
enum Seen {
    /// Mapped, to this key.
    Mapped(u32),
    /// Unmapped, counted under this index of the thread's names.
    Unmapped(u32),
}

/// The (event, channel) pairs a reading thread has met, in an open-addressing table looked up
/// with the row's bytes as they are (no key is built for a lookup).
#[derive(Debug, Default)]
struct PairCache {
    /// Indexes into `entries`, plus one; 0 is a free slot. A power of two long.
    slots: Vec<u32>,
    entries: Vec<Pair>,
}

/// A pair met: its hash, the event's length and the event and channel's bytes.
#[derive(Debug)]
struct Pair {
    hash: u64,
    event_len: usize,
    bytes: Box<[u8]>,
    seen: Seen,
}

impl PairCache {
    fn hash(event: &[u8], channel: &[u8]) -> u64 {
        let mut hasher = foldhash::fast::FixedState::default().build_hasher();
        hasher.write(event);
        hasher.write_usize(event.len());
        hasher.write(channel);
        hasher.finish()
    }

    fn get(&self, hash: u64, event: &[u8], channel: &[u8]) -> Option<Seen> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let entry = self.entries.get(self.slots[at].checked_sub(1)? as usize)?;
            if entry.hash == hash
                && entry.event_len == event.len()
                && entry.bytes[..entry.event_len] == *event
                && entry.bytes[entry.event_len..] == *channel
            {
                return Some(entry.seen);
            }
            at = (at + 1) & mask;
        }
    }

    fn insert(&mut self, hash: u64, event: &[u8], channel: &[u8], seen: Seen) {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.slots = vec![0; (self.slots.len() * 2).max(64)];
            for (index, entry) in self.entries.iter().enumerate() {
                Self::place(&mut self.slots, entry.hash, index);
            }
        }
        Self::place(&mut self.slots, hash, self.entries.len());
        self.entries.push(Pair {
            hash,
            event_len: event.len(),
            bytes: [event, channel].concat().into(),
            seen,
        });
    }

    fn place(slots: &mut [u32], hash: u64, index: usize) {
        let mask = slots.len() - 1;
        let mut at = hash as usize & mask;
        while slots[at] != 0 {
            at = (at + 1) & mask;
        }
        slots[at] = index as u32 + 1;
    }
}

/// One reading thread's matcher: a cache of the pairs it has seen before the shared table, and
/// its counts of unmapped event names.
pub struct Matcher<'a> {
    rules: &'a Rules,
    keys: &'a Mutex<Keys>,
    cache: PairCache,
    unmapped_ids: FastMap<Box<str>, u32>,
    /// The unmapped names counted so far, with their rows.
    pub unmapped: Vec<(Box<str>, u64)>,
    /// Rows no rule mapped, counted or not.
    pub unmapped_rows: u64,
}

impl<'a> Matcher<'a> {
    /// A matcher with an empty cache.
    pub fn new(rules: &'a Rules, keys: &'a Mutex<Keys>) -> Self {
        Self {
            rules,
            keys,
            cache: PairCache::default(),
            unmapped_ids: FastMap::default(),
            unmapped: Vec::new(),
            unmapped_rows: 0,
        }
    }

    /// The key of the event named `event` in `channel` (empty when it has none), or `None`
    /// when no rule maps it (then it is counted).
    pub fn key(&mut self, event: &[u8], channel: &[u8]) -> Option<u32> {
        let hash = PairCache::hash(event, channel);
        let seen = match self.cache.get(hash, event, channel) {
            Some(seen) => seen,
            None => match self.miss(event, channel) {
                Some(seen) => {
                    self.cache.insert(hash, event, channel, seen);
                    seen
                }
                None => {
                    self.unmapped_rows += 1;
                    return None;
                }
            },
        };
        match seen {
            Seen::Mapped(key) => Some(key),
            Seen::Unmapped(index) => {
                self.unmapped_rows += 1;
                self.unmapped[index as usize].1 += 1;
                None
            }
        }
    }

    /// Matches a pair met for the first time and caches what it came to; `None` for an
    /// unmapped event past the names counted.
    fn miss(&mut self, event: &[u8], channel: &[u8]) -> Option<Seen> {
        let event = String::from_utf8_lossy(event);
        let channel = String::from_utf8_lossy(channel);
        let seen = match self.rules.find(&event, &channel) {
            Some((stage, channel)) => {
                let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
                Seen::Mapped(keys.intern(stage, channel, &event))
            }
            None => match self.unmapped_ids.get(&*event) {
                Some(&index) => Seen::Unmapped(index),
                None if self.unmapped.len() < UNMAPPED_NAMES => {
                    let index = self.unmapped.len() as u32;
                    self.unmapped.push((event.as_ref().into(), 0));
                    self.unmapped_ids.insert(event.as_ref().into(), index);
                    Seen::Unmapped(index)
                }
                None => return None,
            },
        };
        Some(seen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(event: &str, channel: Option<&str>, stage: usize, card: Option<&str>) -> Rule {
        Rule {
            event: event.into(),
            channel: channel.map(Into::into),
            stage,
            card_channel: card.map(Into::into),
        }
    }

    #[test]
    fn globs_match_runs_and_single_characters() {
        let g = |p: &str, t: &str| glob(&p.chars().collect::<Vec<_>>(), t);
        assert!(g("view_*", "view_product"));
        assert!(g("view_*", "view_"));
        assert!(!g("view_*", "view"));
        assert!(g("*", ""));
        assert!(g("a?c", "abc"));
        assert!(g("a?c", "aéc"), "? is one character, not one byte");
        assert!(!g("a?c", "ac"));
        assert!(g("*_paid", "order_paid"));
        assert!(g("a*b*c", "axxbyyc"));
        assert!(!g("a*b*c", "axxbyy"));
        assert!(g("*a*a*a*", "aaa"));
        assert!(!g("Order*", "order_paid"), "case-sensitive");
        assert!(g("**", "x"));
    }

    #[test]
    fn the_first_matching_rule_wins_with_its_channel_condition() {
        let rules = Rules::new(&[
            rule("ad_click", Some("instagram"), 0, None),
            rule("ad_*", None, 1, Some("web")),
            rule("order_paid", None, 3, None),
        ]);
        assert_eq!(rules.find("ad_click", "instagram"), Some((0, "instagram")));
        assert_eq!(rules.find("ad_click", "email"), Some((1, "email")));
        assert_eq!(
            rules.find("ad_click", ""),
            Some((1, "web")),
            "no channel: the card's"
        );
        assert_eq!(rules.find("order_paid", ""), Some((3, NO_CHANNEL)));
        assert_eq!(rules.find("app_open", "app"), None);
    }

    #[test]
    fn the_matcher_caches_pairs_and_counts_unmapped_names() {
        let rules = Rules::new(&[rule("a*", None, 0, None), rule("b", None, 1, Some("web"))]);
        let keys = Mutex::new(Keys::default());
        let mut matcher = Matcher::new(&rules, &keys);
        let a = matcher.key(b"ab", b"app").unwrap();
        assert_eq!(matcher.key(b"ab", b"app"), Some(a));
        let b = matcher.key(b"b", b"").unwrap();
        assert_eq!(
            matcher.key(b"b", b"web"),
            Some(b),
            "the same event and channel"
        );
        assert_ne!(a, b);
        // The length prefix keeps ("ab", "") apart from ("a", "b").
        assert_ne!(matcher.key(b"a", b"b"), matcher.key(b"ab", b""));
        assert_eq!(matcher.key(b"x", b""), None);
        assert_eq!(matcher.key(b"x", b"app"), None);
        assert_eq!(matcher.key(b"y\xff", b""), None);
        assert_eq!(matcher.unmapped_rows, 3);
        assert_eq!(
            matcher.unmapped,
            vec![("x".into(), 2), ("y\u{fffd}".into(), 1)]
        );
        let keys = keys.into_inner().unwrap();
        assert_eq!(keys.channels.len(), 4, "app, web, b, (none)");
        // Ranks: by stage, then channel name, then event name.
        let ranks = keys.ranks();
        let rank_of = |event: &str, channel: &str| {
            let id = keys
                .keys
                .iter()
                .position(|k| &*k.event == event && &*keys.channels[k.channel as usize] == channel)
                .unwrap();
            ranks[id]
        };
        assert!(
            rank_of("ab", NO_CHANNEL) < rank_of("ab", "app"),
            "( before a"
        );
        assert!(rank_of("ab", "app") < rank_of("a", "b"), "app before b");
        assert!(rank_of("a", "b") < rank_of("b", "web"), "stage 0 first");
    }

    #[test]
    fn unmapped_names_are_counted_up_to_the_cap() {
        let rules = Rules::new(&[rule("a", None, 0, None)]);
        let keys = Mutex::new(Keys::default());
        let mut matcher = Matcher::new(&rules, &keys);
        for n in 0..UNMAPPED_NAMES + 5 {
            assert_eq!(matcher.key(format!("e{n}").as_bytes(), b""), None);
        }
        assert_eq!(matcher.key(b"e0", b""), None);
        assert_eq!(matcher.unmapped.len(), UNMAPPED_NAMES);
        assert_eq!(matcher.unmapped_rows, UNMAPPED_NAMES as u64 + 6);
        assert_eq!(matcher.unmapped[0].1, 2);
    }
}
