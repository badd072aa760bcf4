//! Fuzzing the workspace loader with proptest (stable Rust; no libFuzzer).
//!
//! Inputs are real workspace files (the demo, the templates, two small hand-made ones) changed
//! the way files get damaged or hand-edited: the JSON tree edited (values replaced by other
//! types, huge or tiny numbers, hostile strings, deep nesting; keys removed or added; array
//! elements and ids duplicated), then the text damaged (bytes flipped, cut short, junk and
//! invalid UTF-8 inserted, lines duplicated or dropped, numbers and strings replaced, BOMs).
//!
//! For every input, `store::parse`:
//! - never panics;
//! - when it refuses, says where with a line and column inside the text;
//! - when it accepts, gives a valid workspace that `to_json` then `parse` gives back equal, with
//!   the same text when written again.
//!
//! `cargo test --test integration loader_fuzz::` runs 256 cases in a few seconds. A long run:
//! `PROPTEST_CASES=200000 cargo test --release --test integration loader_fuzz::`. A failure is shrunk, and
//! the smallest input is written to `target/tmp/loader_fuzz/` and printed.

use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use serde_json::{Value, json};

use cjm::model::validate;
use cjm::store::{self, LoadError};

const DEFAULT_CASES: u32 = 256;

// ---------------------------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------------------------

/// The smallest workspace.
const EMPTY: &str = r#"{"format":"cjm-workspace","version":1,"journeys":[]}"#;

/// One of everything: every record kind, optional fields, unknown fields, non-ASCII text.
const SMALL: &str = r#"{
  "format": "cjm-workspace",
  "version": 1,
  "personas": [
    {"id": "pe-1", "name": "Sari", "goals": ["Hemat waktu"], "x-note": {"a": [1, 2.5, null]}}
  ],
  "journeys": [
    {
      "id": "jo-1",
      "name": "Belanja 比较 🛒",
      "owner": "Tim CX",
      "last_reviewed": "2024-01-05",
      "state": "future",
      "variant_of": "jo-1",
      "personas": ["pe-1"],
      "channels": ["Web", "Toko fisik"],
      "stages": [
        {
          "id": "st-1",
          "name": "Kesadaran",
          "goal": "Tahu promo",
          "kpis": [
            {"id": "kp-1", "name": "NPS", "kind": "nps", "target": 40, "direction": "higher",
             "measurements": [{"date": "2024-01-05", "promoters": 120, "passives": 40,
                               "detractors": 30}]},
            {"id": "kp-2", "name": "Waktu", "kind": "value", "unit": "min", "target": 2.5,
             "direction": "lower", "measurements": [{"date": "2024-02-01", "value": 3.25}]}
          ],
          "touchpoints": [
            {"id": "tp-1", "title": "Lihat iklan ⚡", "channel": "Web", "emotion": -2,
             "thoughts": "Diskon?\nCepat", "pain_points": ["Syarat tidak jelas"],
             "opportunities": [{"title": "Sisa stok", "impact": 4, "effort": 2,
                                "status": "planned", "owner": "Ana"}],
             "tags": ["promo"], "personas": ["pe-1"], "sentiment_source": "survey"}
          ]
        },
        {"id": "st-2", "name": "Pembelian"}
      ]
    }
  ],
  "theme": "dark"
}
"#;

/// Seed texts, smallest first (shrinking moves towards the first).
fn seed_texts() -> [&'static str; 7] {
    [
        EMPTY,
        SMALL,
        cjm::demo::DEMO_JSON,
        include_str!("../../assets/templates/smartphone.json"),
        include_str!("../../assets/templates/omnichannel-retail.json"),
        include_str!("../../assets/templates/saas-onboarding.json"),
        include_str!("../../assets/templates/b2b-ordering.json"),
    ]
}

fn seed_values() -> &'static [Value] {
    static VALUES: OnceLock<Vec<Value>> = OnceLock::new();
    VALUES.get_or_init(|| {
        seed_texts()
            .iter()
            .map(|text| serde_json::from_str(text).expect("seeds are JSON"))
            .collect()
    })
}

// ---------------------------------------------------------------------------------------------
// Mutations of the JSON tree
// ---------------------------------------------------------------------------------------------

const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-0.0",
    "-1",
    "1.5",
    "3",
    "-3",
    "6",
    "255",
    "256",
    "4294967295",
    "4294967296",
    "9007199254740993",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "1e308",
    "1e309",
    "-1e309",
    "1.7976931348623157e308",
    "2.2250738585072014e-308",
    "4.9e-324",
    "1e-400",
    "0.30000000000000004",
    "123456789012345678901234567890",
    "1E2",
    "0.1e1",
    "01",
    "+1",
    "1.",
    ".5",
    "NaN",
    "Infinity",
    "true",
    "null",
    "\"2\"",
];

const STRINGS: &[&str] = &[
    "",
    " ",
    "\\u0000",
    "\\ud800",
    "\\udc00",
    "\\ud83d\\ude00",
    "\\\"",
    "\\",
    "\u{1b}[31m",
    "\t",
    "日本語の旅",
    "e\u{301}",
    "\u{202e}",
    "pe-0tr3p6zzw47j",
    "cjm-workspace",
    "2024-02-30",
    "9999-99-99",
    "nps",
    "future",
    "done",
];

/// A JSON value to put somewhere: every type, edge numbers, hostile strings, deep nesting.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        select(NUMBERS).prop_filter_map("a JSON number", |n| {
            serde_json::from_str::<serde_json::Number>(n)
                .ok()
                .map(Value::Number)
        }),
        select(STRINGS).prop_map(|s| {
            serde_json::from_str::<String>(&format!("\"{s}\"")).map_or(Value::from(s), Value::from)
        }),
        any::<String>().prop_map(Value::from),
        (1usize..200, any::<bool>()).prop_map(|(depth, object)| nested(depth, object)),
        (0usize..50_000).prop_map(|n| Value::from("ä".repeat(n))),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec((select(KEYS), inner), 0..4).prop_map(|pairs| Value::Object(
                pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

fn nested(depth: usize, object: bool) -> Value {
    let mut value = json!(0);
    for _ in 0..depth {
        value = if object {
            json!({ "a": value })
        } else {
            json!([value])
        };
    }
    value
}

/// Keys to add: unknown ones, known ones, odd ones.
const KEYS: &[&str] = &[
    "x-custom",
    "",
    " ",
    "extra",
    "ID",
    "id",
    "name",
    "title",
    "format",
    "version",
    "journeys",
    "personas",
    "stages",
    "touchpoints",
    "emotion",
    "kpis",
    "measurements",
    "opportunities",
    "impact",
    "buckets",
    "target",
    "state",
    "\u{0}",
    "日本",
    "😀",
];

#[derive(Clone)]
enum TreeOp {
    /// Replace a node with a value.
    Replace(Index, Value),
    /// Remove a node from its object or array.
    Remove(Index),
    /// Set a key on the object at (or holding) a node.
    SetKey(Index, &'static str, Value),
    /// Duplicate an element of the array at (or holding) a node.
    DupElement(Index, Index),
    /// Give a record the id of another record.
    CopyId(Index, Index),
}

impl fmt::Debug for TreeOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let short = |v: &Value| {
            let text = v.to_string();
            if text.chars().count() > 80 {
                let head: String = text.chars().take(80).collect();
                format!("{head}… ({} bytes)", text.len())
            } else {
                text
            }
        };
        match self {
            TreeOp::Replace(at, v) => write!(f, "Replace({at:?}, {})", short(v)),
            TreeOp::Remove(at) => write!(f, "Remove({at:?})"),
            TreeOp::SetKey(at, k, v) => write!(f, "SetKey({at:?}, {k:?}, {})", short(v)),
            TreeOp::DupElement(at, i) => write!(f, "DupElement({at:?}, {i:?})"),
            TreeOp::CopyId(from, to) => write!(f, "CopyId({from:?}, {to:?})"),
        }
    }
}

fn tree_op() -> impl Strategy<Value = TreeOp> {
    prop_oneof![
        4 => (any::<Index>(), json_value()).prop_map(|(at, v)| TreeOp::Replace(at, v)),
        2 => any::<Index>().prop_map(TreeOp::Remove),
        2 => (any::<Index>(), select(KEYS), json_value()).prop_map(|(at, k, v)| TreeOp::SetKey(at, k, v)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(at, i)| TreeOp::DupElement(at, i)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| TreeOp::CopyId(a, b)),
    ]
}

#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    At(usize),
}

/// Every node's path, in document order (the root first).
fn paths(value: &Value) -> Vec<Vec<Seg>> {
    fn walk(value: &Value, path: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
        out.push(path.clone());
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    path.push(Seg::Key(k.clone()));
                    walk(v, path, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    path.push(Seg::At(i));
                    walk(v, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

fn node<'a>(value: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(k.as_str()),
        Seg::At(i) => v.get_mut(*i),
    })
}

/// The path of the nearest node at or above `path` for which `pick` holds.
fn nearest(root: &Value, path: &[Seg], pick: impl Fn(&Value) -> bool) -> Option<Vec<Seg>> {
    let mut root = root.clone();
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| node(&mut root, p).is_some_and(|v| pick(v)))
}

fn apply_tree(value: &mut Value, op: &TreeOp) {
    let all = paths(value);
    match op {
        TreeOp::Replace(at, with) => {
            if let Some(v) = node(value, &all[at.index(all.len())]) {
                *v = with.clone();
            }
        }
        TreeOp::Remove(at) => {
            let path = &all[at.index(all.len())];
            let Some((last, parent)) = path.split_last() else {
                return;
            };
            match (node(value, parent), last) {
                (Some(Value::Object(map)), Seg::Key(k)) => {
                    map.remove(k);
                }
                (Some(Value::Array(items)), Seg::At(i)) => {
                    items.remove(*i);
                }
                _ => {}
            }
        }
        TreeOp::SetKey(at, key, with) => {
            let path = &all[at.index(all.len())];
            if let Some(p) = nearest(value, path, Value::is_object)
                && let Some(Value::Object(map)) = node(value, &p)
            {
                map.insert(key.to_string(), with.clone());
            }
        }
        TreeOp::DupElement(at, which) => {
            let path = &all[at.index(all.len())];
            if let Some(p) = nearest(value, path, |v| v.as_array().is_some_and(|a| !a.is_empty()))
                && let Some(Value::Array(items)) = node(value, &p)
            {
                let i = which.index(items.len());
                let copy = items[i].clone();
                items.insert(i + 1, copy);
            }
        }
        TreeOp::CopyId(from, to) => {
            let records: Vec<&Vec<Seg>> = all
                .iter()
                .filter(|p| {
                    node(&mut value.clone(), p)
                        .is_some_and(|v| v.get("id").is_some_and(Value::is_string))
                })
                .collect();
            if records.is_empty() {
                return;
            }
            let source = records[from.index(records.len())].clone();
            let target = records[to.index(records.len())].clone();
            let id = node(value, &source).and_then(|v| v.get("id").cloned());
            if let (Some(id), Some(Value::Object(map))) = (id, node(value, &target)) {
                map.insert("id".into(), id);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations of the text
// ---------------------------------------------------------------------------------------------

const JUNK: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\"",
    b"\\",
    b"null",
    b"-0",
    b"1e999",
    b"NaN",
    b"\"\\ud800\"",
    b"\"\\u0000\"",
    b"\xEF\xBB\xBF",
    b"\xff",
    b"\xc0\x80",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xe6\x97",
    b"\x00",
    b"\t",
    b"\r\n",
    b"\n\n\n",
    b"//",
    b"/*",
    b"\"id\": \"x\",",
    b"\"id\": \"pe-0tr3p6zzw47j\",",
    b"\"format\": \"cjm-workspace\",",
    b"\"version\": 2,",
    b"\"version\": 0,",
    b"\"emotion\": 3,",
    b"\"x\": 1,",
    "😀".as_bytes(),
    "比较".as_bytes(),
];

#[derive(Clone)]
enum ByteOp {
    /// Replace the byte at a place.
    Set(Index, u8),
    /// Flip one bit of the byte at a place.
    Flip(Index, u8),
    /// Cut the text at a place.
    Truncate(Index),
    /// Insert bytes at a place.
    Insert(Index, Vec<u8>),
    /// Remove up to n bytes from a place.
    Delete(Index, usize),
    /// Copy a line to before another line (repeated keys, repeated records).
    DupLine(Index, Index),
    /// Remove a line.
    DeleteLine(Index),
    /// Replace the nth number with other text.
    Number(Index, &'static str),
    /// Replace the nth string's content (escapes included) with other text.
    Str(Index, String),
    /// Replace the nth number with a value nested this deep in arrays (or objects).
    Nest(Index, usize, bool),
    /// Wrap the whole text in this many arrays.
    Wrap(usize),
    /// Put this prefix first: BOMs, UTF-16 BOMs, spaces.
    Prefix(&'static [u8]),
}

impl fmt::Debug for ByteOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ByteOp::Set(at, b) => write!(f, "Set({at:?}, {b:#04x})"),
            ByteOp::Flip(at, bit) => write!(f, "Flip({at:?}, bit {bit})"),
            ByteOp::Truncate(at) => write!(f, "Truncate({at:?})"),
            ByteOp::Insert(at, bytes) => {
                write!(f, "Insert({at:?}, {:?})", String::from_utf8_lossy(bytes))
            }
            ByteOp::Delete(at, n) => write!(f, "Delete({at:?}, {n})"),
            ByteOp::DupLine(a, b) => write!(f, "DupLine({a:?}, {b:?})"),
            ByteOp::DeleteLine(a) => write!(f, "DeleteLine({a:?})"),
            ByteOp::Number(at, n) => write!(f, "Number({at:?}, {n:?})"),
            ByteOp::Str(at, s) => write!(f, "Str({at:?}, {s:?})"),
            ByteOp::Nest(at, depth, object) => write!(f, "Nest({at:?}, {depth}, object: {object})"),
            ByteOp::Wrap(depth) => write!(f, "Wrap({depth})"),
            ByteOp::Prefix(p) => write!(f, "Prefix({p:?})"),
        }
    }
}

const PREFIXES: &[&[u8]] = &[
    b"\xEF\xBB\xBF",
    b"\xEF\xBB\xBF\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"  \n",
    b"\xEF\xBB",
];

fn byte_op() -> impl Strategy<Value = ByteOp> {
    prop_oneof![
        2 => (any::<Index>(), any::<u8>()).prop_map(|(at, b)| ByteOp::Set(at, b)),
        2 => (any::<Index>(), 0u8..8).prop_map(|(at, bit)| ByteOp::Flip(at, bit)),
        2 => any::<Index>().prop_map(ByteOp::Truncate),
        3 => (any::<Index>(), prop_oneof![
            3 => select(JUNK).prop_map(<[u8]>::to_vec),
            1 => vec(any::<u8>(), 1..8),
        ]).prop_map(|(at, bytes)| ByteOp::Insert(at, bytes)),
        1 => (any::<Index>(), 1usize..64).prop_map(|(at, n)| ByteOp::Delete(at, n)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| ByteOp::DupLine(a, b)),
        1 => any::<Index>().prop_map(ByteOp::DeleteLine),
        3 => (any::<Index>(), select(NUMBERS)).prop_map(|(at, n)| ByteOp::Number(at, n)),
        2 => (any::<Index>(), prop_oneof![
            3 => select(STRINGS).prop_map(str::to_string),
            1 => any::<String>(),
            1 => (1usize..20_000).prop_map(|n| "a".repeat(n)),
        ]).prop_map(|(at, s)| ByteOp::Str(at, s)),
        1 => (any::<Index>(), prop_oneof![1usize..140, 1usize..20_000], any::<bool>())
            .prop_map(|(at, d, o)| ByteOp::Nest(at, d, o)),
        1 => prop_oneof![1usize..140, 1usize..20_000].prop_map(ByteOp::Wrap),
        1 => select(PREFIXES).prop_map(ByteOp::Prefix),
    ]
}

/// Byte ranges, start to end.
type Ranges = Vec<(usize, usize)>;

/// Byte ranges of the numbers and of the string contents in `text`, in order.
fn tokens(text: &[u8]) -> (Ranges, Ranges) {
    let (mut numbers, mut strings) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < text.len() && text[i] != b'"' {
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
                strings.push((start, i.min(text.len())));
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < text.len()
                    && matches!(text[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                numbers.push((start, i));
            }
            _ => i += 1,
        }
    }
    (numbers, strings)
}

fn line_ranges(text: &[u8]) -> Ranges {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.iter().enumerate() {
        if *b == b'\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

fn splice(text: &mut Vec<u8>, (start, end): (usize, usize), with: &[u8]) {
    text.splice(start..end, with.iter().copied());
}

fn apply_bytes(text: &mut Vec<u8>, op: &ByteOp) {
    let at = |i: &Index, text: &Vec<u8>| i.index(text.len() + 1);
    match op {
        ByteOp::Set(i, b) if !text.is_empty() => {
            let n = i.index(text.len());
            text[n] = *b;
        }
        ByteOp::Flip(i, bit) if !text.is_empty() => {
            let n = i.index(text.len());
            text[n] ^= 1 << bit;
        }
        ByteOp::Truncate(i) => {
            let n = at(i, text);
            text.truncate(n);
        }
        ByteOp::Insert(i, bytes) => {
            let n = at(i, text);
            splice(text, (n, n), bytes);
        }
        ByteOp::Delete(i, len) => {
            let n = at(i, text);
            let end = (n + len).min(text.len());
            text.drain(n..end);
        }
        ByteOp::DupLine(a, b) => {
            let lines = line_ranges(text);
            if lines.is_empty() {
                return;
            }
            let (s, e) = lines[a.index(lines.len())];
            let line = text[s..e].to_vec();
            let to = lines[b.index(lines.len())].0;
            splice(text, (to, to), &line);
        }
        ByteOp::DeleteLine(a) => {
            let lines = line_ranges(text);
            if !lines.is_empty() {
                let range = lines[a.index(lines.len())];
                splice(text, range, b"");
            }
        }
        ByteOp::Number(i, with) => {
            let (numbers, _) = tokens(text);
            if !numbers.is_empty() {
                splice(text, numbers[i.index(numbers.len())], with.as_bytes());
            }
        }
        ByteOp::Str(i, with) => {
            let (_, strings) = tokens(text);
            if !strings.is_empty() {
                splice(text, strings[i.index(strings.len())], with.as_bytes());
            }
        }
        ByteOp::Nest(i, depth, object) => {
            let (numbers, _) = tokens(text);
            if !numbers.is_empty() {
                let (open, close): (&[u8], &[u8]) = if *object {
                    (b"{\"a\":", b"}")
                } else {
                    (b"[", b"]")
                };
                let mut nested = open.repeat(*depth);
                nested.push(b'0');
                nested.extend(close.repeat(*depth));
                splice(text, numbers[i.index(numbers.len())], &nested);
            }
        }
        ByteOp::Wrap(depth) => {
            let mut wrapped = b"[".repeat(*depth);
            wrapped.append(text);
            wrapped.extend(b"]".repeat(*depth));
            *text = wrapped;
        }
        ByteOp::Prefix(prefix) => {
            splice(text, (0, 0), prefix);
        }
        ByteOp::Set(..) | ByteOp::Flip(..) => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

#[derive(Clone)]
struct Input {
    seed: usize,
    tree: Vec<TreeOp>,
    pretty: bool,
    bytes: Vec<ByteOp>,
}

impl fmt::Debug for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Input")
            .field("seed", &self.seed)
            .field("tree", &self.tree)
            .field("pretty", &self.pretty)
            .field("bytes", &self.bytes)
            .finish()
    }
}

impl Input {
    fn text(&self) -> Vec<u8> {
        let mut text = if self.tree.is_empty() && self.pretty {
            // The file exactly as shipped.
            seed_texts()[self.seed].as_bytes().to_vec()
        } else {
            let mut value = seed_values()[self.seed].clone();
            for op in &self.tree {
                apply_tree(&mut value, op);
            }
            if self.pretty {
                serde_json::to_vec_pretty(&value)
            } else {
                serde_json::to_vec(&value)
            }
            .expect("a JSON value serializes")
        };
        for op in &self.bytes {
            apply_bytes(&mut text, op);
        }
        text
    }
}

fn input() -> impl Strategy<Value = Input> {
    (
        0..seed_texts().len(),
        vec(tree_op(), 0..4),
        any::<bool>(),
        vec(byte_op(), 0..4),
    )
        .prop_map(|(seed, tree, pretty, bytes)| Input {
            seed,
            tree,
            pretty,
            bytes,
        })
}

// ---------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------

/// What `parse` must do with `bytes`.
fn check(bytes: &[u8]) -> Result<(), String> {
    let path = Path::new("fuzz.json");
    let parsed = std::panic::catch_unwind(|| store::parse(path, bytes))
        .map_err(|_| "store::parse panicked".to_string())?;
    match parsed {
        Err(LoadError::Invalid {
            line,
            column,
            message,
            ..
        }) => {
            check_place(bytes, line, column)?;
            if message.trim().is_empty() {
                return Err(format!("empty error message at {line}:{column}"));
            }
            Ok(())
        }
        Err(other) => Err(format!("parse gave a non-positional error: {other}")),
        Ok((workspace, read_only)) => {
            validate(&workspace).map_err(|e| format!("accepted an invalid workspace: {e}"))?;
            let text = store::to_json(&workspace);
            let (again, read_only_again) = store::parse(path, text.as_bytes())
                .map_err(|e| format!("accepted, but its saved form does not load: {e}"))?;
            if read_only_again != read_only {
                return Err(format!(
                    "read-only changed by a round trip: {read_only:?} then {read_only_again:?}"
                ));
            }
            if again != workspace {
                return Err(format!(
                    "accepted, but save then load changes it: {}",
                    first_difference(&to_value(&workspace), &to_value(&again))
                ));
            }
            if store::to_json(&again) != text {
                return Err("accepted, but saving it twice gives different text".into());
            }
            Ok(())
        }
    }
}

/// An error's line must exist, and its column must be on that line or just after its end,
/// counted in characters (invalid bytes one each), as `store` counts them and editors show:
/// a line ends at `\n`, or at a `\r` not followed by one (old Mac line endings).
fn check_place(bytes: &[u8], line: usize, column: usize) -> Result<(), String> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut lines: Vec<&[u8]> = Vec::new();
    let mut start = 0;
    for (i, b) in text.iter().enumerate() {
        if *b == b'\n' || (*b == b'\r' && text.get(i + 1) != Some(&b'\n')) {
            lines.push(&text[start..i]);
            start = i + 1;
        }
    }
    lines.push(&text[start..]);
    if line == 0 || line > lines.len() {
        return Err(format!(
            "error at line {line}, but the text has {} lines",
            lines.len()
        ));
    }
    let here = lines[line - 1];
    let chars = String::from_utf8_lossy(here).chars().count();
    if column == 0 || column > chars + 1 {
        return Err(format!(
            "error at {line}:{column}, but line {line} has {chars} characters ({} bytes)",
            here.len()
        ));
    }
    Ok(())
}

fn to_value(workspace: &cjm::model::Workspace) -> Value {
    serde_json::to_value(workspace).unwrap_or(Value::Null)
}

fn first_difference(a: &Value, b: &Value) -> String {
    fn walk(path: String, a: &Value, b: &Value) -> Option<String> {
        match (a, b) {
            _ if a == b => None,
            (Value::Object(x), Value::Object(y)) => x
                .keys()
                .chain(y.keys())
                .find_map(|k| {
                    walk(
                        format!("{path}.{k}"),
                        x.get(k).unwrap_or(&Value::Null),
                        y.get(k).unwrap_or(&Value::Null),
                    )
                })
                .or_else(|| Some(format!("{path}: keys differ"))),
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
                .iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (u, v))| walk(format!("{path}[{i}]"), u, v)),
            _ => Some(format!("{path}: {a} then {b}")),
        }
    }
    walk("$".into(), a, b).unwrap_or_else(|| "equal as JSON (a float that prints the same?)".into())
}

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    Config {
        cases,
        failure_persistence: None,
        source_file: Some(file!()),
        ..Config::default()
    }
}

/// Bytes as escaped text, cut after 600 characters.
fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let shown: String = text.chars().take(600).collect();
    if shown.len() < text.len() {
        format!("{shown:?}… ({} bytes in all)", bytes.len())
    } else {
        format!("{shown:?}")
    }
}

fn report(name: &str, input: &Input, reason: &str) -> String {
    let bytes = input.text();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("loader_fuzz");
    let file = dir.join(format!("{name}.json"));
    let saved = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&file, &bytes))
        .map_or_else(
            |e| format!("(could not save it: {e})"),
            |()| format!("saved in {}", file.display()),
        );
    format!(
        "{reason}\nminimal input: {input:?}\n{saved}\ntext: {}",
        excerpt(&bytes)
    )
}

#[test]
fn the_loader_survives_damaged_and_edited_workspaces() {
    let mut runner = TestRunner::new(config());
    let result = runner.run(&input(), |input| {
        check(&input.text()).map_err(TestCaseError::fail)
    });
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, input)) => {
            panic!("{}", report("damaged", &input, &reason.to_string()))
        }
        Err(e) => panic!("{e}"),
    }
}

/// SMALL with `number` as a KPI's target, a measurement's value and an unknown field's value.
fn with_float(number: f64) -> Vec<u8> {
    let mut value: Value = serde_json::from_str(SMALL).expect("SMALL is JSON");
    value["journeys"][0]["stages"][0]["kpis"][1]["target"] = json!(number);
    value["journeys"][0]["stages"][0]["kpis"][1]["measurements"][0]["value"] = json!(number);
    value["journeys"][0]["x-number"] = json!(number);
    serde_json::to_vec_pretty(&value).expect("serializes")
}

/// Every float an accepted file can hold comes back from a save unchanged. Without serde_json's
/// `float_roundtrip` feature this found floats read a unit off (about one in ten doubles with
/// all their digits, e.g. 41.199999999999996 came back as 41.2), moving up to two units over
/// two saves.
#[test]
fn every_float_round_trips() {
    let mut runner = TestRunner::new(config());
    let result = runner.run(&any::<f64>(), |number| {
        check(&with_float(number))
            .map_err(|e| TestCaseError::fail(format!("{number:e} ({:#x}): {e}", number.to_bits())))
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// The first case `every_float_round_trips` found: cjm read 2.2041546387089354e-219 a unit
/// low, wrote 2.204154638708935e-219, and read that back another unit low.
#[test]
fn a_kpi_target_comes_back_from_a_save_unchanged() {
    let text = with_float(2.2041546387089354e-219);
    let (ws, _) = store::parse(Path::new("ws.json"), &text).expect("loads");
    let target = ws.journeys[0].stages[0].kpis[1].target;
    let saved = store::to_json(&ws);
    let (again, _) = store::parse(Path::new("ws.json"), saved.as_bytes()).expect("loads");
    assert_eq!(again.journeys[0].stages[0].kpis[1].target, target);
    assert_eq!(again, ws);
}

/// Error columns count characters, as `store`'s own positions do and editors show them. The
/// fuzz found serde_json's byte columns passed on as they were: past the end of the line after
/// non-ASCII text, and a wrong-type value placed on the next line.
#[test]
fn error_columns_count_characters() {
    let place = |text: &str| match store::parse(Path::new("ws.json"), text.as_bytes()) {
        Err(LoadError::Invalid { line, column, .. }) => (line, column),
        other => panic!("expected an error, got {other:?}"),
    };
    // What the fuzz found first: a string cut short after one non-ASCII character (3 bytes),
    // was reported at 1:5, past the end of the 3-character line.
    assert_eq!(place("{\"\u{202e}"), (1, 3));
    // A syntax error after Chinese text: `oops` is character 46 of line 4 (byte 60).
    let text = "{\n  \"format\": \"cjm-workspace\",\n  \"version\": 1,\n  \"journeys\": \
                [{\"id\": \"j\", \"name\": \"比较价格和评论\" oops}]\n}\n";
    assert_eq!(place(text), (4, 46));
    // A value of the wrong type after Chinese text was placed on the next line (5:1).
    let text = "{\n  \"format\": \"cjm-workspace\",\n  \"version\": 1,\n  \"journeys\": \
                [{\"id\": \"j\", \"name\": \"比较价格和评论\", \"stages\": 7}]\n}\n";
    assert_eq!(place(text), (4, 57));
}

/// The seeds themselves load and round-trip: the fuzz starts from valid files.
#[test]
fn the_seeds_load() {
    for (i, text) in seed_texts().iter().enumerate() {
        let (ws, read_only) = store::parse(Path::new("seed.json"), text.as_bytes())
            .unwrap_or_else(|e| panic!("seed {i}: {e}"));
        assert!(read_only.is_none());
        check(text.as_bytes()).unwrap_or_else(|e| panic!("seed {i}: {e}"));
        assert!(!ws.journeys.is_empty() || i == 0);
    }
}

/// A lone `\r` ends a line for the loader as for an editor, and for this check too (the fuzz
/// found a damaged file starting `\r\x0e{` reported at line 2).
#[test]
fn a_lone_carriage_return_ends_a_line() {
    let text = b"\r\x0e{\"format\": 1}";
    let (line, column) = match cjm::store::parse(std::path::Path::new("w.json"), text) {
        Err(cjm::store::LoadError::Invalid { line, column, .. }) => (line, column),
        other => panic!("refused with a place: {other:?}"),
    };
    assert_eq!(line, 2);
    check_place(text, line, column).unwrap();
    assert!(check_place(b"a\r\nb", 2, 1).is_ok());
    assert!(
        check_place(b"a\r\nb", 3, 1).is_err(),
        "\\r\\n is one line break"
    );
}
