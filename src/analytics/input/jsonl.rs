//! JSON Lines events: one object a line, with the same keys as CSV's columns.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::chunker::Chunk;
use super::{Problem, Row, shown, text, time, timestamp_of, transaction_of, value_of};

/// A JSON string or number, as it came.
enum Scalar<'a> {
    Text(Cow<'a, str>),
    Integer(i128),
    Float(f64),
    Other,
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for ScalarVisitor<'a> {
            type Value = Scalar<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Scalar::Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Scalar::Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Scalar::Text(Cow::Owned(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Scalar::Integer(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Scalar::Integer(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Scalar::Other)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Scalar::Other)
            }
        }
        deserializer.deserialize_any(ScalarVisitor(std::marker::PhantomData))
    }
}

/// The keys of a JSON Lines event; others are ignored.
#[derive(Deserialize)]
struct JsonRow<'a> {
    #[serde(borrow, default)]
    customer_id: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    timestamp: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    event: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    channel: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    value: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    transaction_id: Option<Scalar<'a>>,
}

/// The value of one key of a JSON object, `None` when it has no such key; the others skipped.
struct KeyOf<'k>(&'k str);

impl<'de, 'k> de::DeserializeSeed<'de> for KeyOf<'k> {
    type Value = Option<Scalar<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, 'k> Visitor<'de> for KeyOf<'k> {
    type Value = Option<Scalar<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == self.0 {
                found = map.next_value::<Option<Scalar<'de>>>()?;
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// Whether the JSON object `line` has the key `key` (`--by`); else what is wrong, naming
/// the keys it has.
pub(super) fn has_key(line: &[u8], key: &str) -> Result<(), String> {
    let Ok(object) = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(line)
    else {
        // A broken first line is counted as a problem row when it is read.
        return Ok(());
    };
    if object.contains_key(key) {
        return Ok(());
    }
    let keys: Vec<String> = object
        .keys()
        .map(|k| format!("{:?}", shown(k.as_bytes())))
        .collect();
    Err(format!(
        "the first event has no key {:?} to segment by (--by); its keys are {}; or --by \
         channel for the events' channel",
        shown(key.as_bytes()),
        keys.join(", ")
    ))
}

/// The text of a segment's JSON value: a string as it is, a number as written; anything
/// else is empty, so `(not set)`.
fn segment_text<'a>(value: &'a Scalar<'_>, number: &'a mut String) -> &'a [u8] {
    match value {
        Scalar::Text(text) => text.as_bytes(),
        Scalar::Integer(n) => {
            number.clear();
            number.push_str(&n.to_string());
            number.as_bytes()
        }
        Scalar::Float(x) => {
            number.clear();
            number.push_str(&x.to_string());
            number.as_bytes()
        }
        Scalar::Other => b"",
    }
}

/// Parses a chunk of JSON Lines into rows; `segment` is the `--by` key.
pub(super) fn parse(
    chunk: &Chunk,
    segment: Option<&str>,
    on_row: &mut impl FnMut(u64, Result<Row<'_>, Problem<'_>>),
) {
    let mut number = String::new();
    let mut segment_number = String::new();
    for (index, line) in chunk.bytes.split(|&b| b == b'\n').enumerate() {
        if line.trim_ascii().is_empty() {
            continue;
        }
        let at = chunk.first_line + index as u64;
        if line.trim_ascii_start().first() != Some(&b'{') {
            on_row(at, Err(Problem::NotObject));
            continue;
        }
        let row = match serde_json::from_slice::<JsonRow<'_>>(line) {
            Err(e) => {
                on_row(at, Err(Problem::Json(e)));
                continue;
            }
            Ok(row) => row,
        };
        let value = segment.and_then(|key| {
            let mut json = serde_json::Deserializer::from_slice(line);
            de::DeserializeSeed::deserialize(KeyOf(key), &mut json).ok()?
        });
        let row = json_row(&row, &mut number).map(|mut row| {
            row.segment = value
                .as_ref()
                .map(|value| segment_text(value, &mut segment_number));
            row
        });
        on_row(at, row);
    }
}

/// Checks a JSON event; `number` holds a numeric customer id's text.
fn json_row<'a>(row: &'a JsonRow<'_>, number: &'a mut String) -> Result<Row<'a>, Problem<'a>> {
    let customer = match &row.customer_id {
        None => return Err(Problem::NoKey("customer_id")),
        Some(Scalar::Text(text)) => text.as_bytes(),
        Some(Scalar::Integer(n)) => {
            number.clear();
            number.push_str(&n.to_string());
            number.as_bytes()
        }
        Some(Scalar::Float(x)) => {
            number.clear();
            number.push_str(&x.to_string());
            number.as_bytes()
        }
        Some(Scalar::Other) => return Err(Problem::Kind("customer_id", "text or a number")),
    };
    let time = match &row.timestamp {
        None => return Err(Problem::NoKey("timestamp")),
        Some(Scalar::Text(text)) => timestamp_of(text.as_bytes())?,
        Some(Scalar::Integer(n)) => {
            time::from_epoch_integer(*n).map_err(|e| Problem::TimestampNumber(n.to_string(), e))?
        }
        Some(Scalar::Float(x)) => {
            // The shortest text that reads back as `x` is what the file said.
            let text = x.to_string();
            time::parse(text.as_bytes()).map_err(|e| Problem::TimestampNumber(text, e))?
        }
        Some(Scalar::Other) => return Err(Problem::Kind("timestamp", "text or a number")),
    };
    let event = match &row.event {
        None => return Err(Problem::NoKey("event")),
        Some(Scalar::Text(text)) => text.as_bytes(),
        Some(_) => return Err(Problem::Kind("event", "text")),
    };
    let channel = match &row.channel {
        None => b"".as_slice(),
        Some(Scalar::Text(text)) => text.as_bytes(),
        Some(_) => return Err(Problem::Kind("channel", "text")),
    };
    let transaction = match &row.transaction_id {
        Some(Scalar::Text(text)) => transaction_of(text.as_bytes()),
        Some(Scalar::Integer(n)) => transaction_of(n.to_string().as_bytes()),
        _ => 0,
    };
    let (value, bad_value) = match &row.value {
        None => (f64::NAN, None),
        Some(Scalar::Text(text)) => value_of(text.as_bytes()),
        Some(Scalar::Integer(n)) => (*n as f64, None),
        Some(Scalar::Float(x)) if x.is_finite() => (*x, None),
        Some(Scalar::Float(_)) => (f64::NAN, Some(b"".as_slice())),
        Some(Scalar::Other) => (f64::NAN, Some(b"".as_slice())),
    };
    Ok(Row {
        customer: text(customer, "customer_id")?,
        time,
        event: text(event, "event")?,
        channel: channel.trim_ascii(),
        value,
        bad_value,
        transaction,
        segment: None,
    })
}
