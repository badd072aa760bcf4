//! Deserializing records while keeping the fields this build does not know.
//!
//! `#[serde(flatten)]` would keep them too, but it buffers the whole object before reading it:
//! errors then point at the object's end instead of the bad value, and loading is slower. The
//! [`record`] macro writes a visitor that reads known fields in place and collects the rest.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// An object key, borrowed from the input when it has no escapes.
pub(crate) struct Key<'de>(pub Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Implements `Deserialize` for a record with `Default`, named `required` and `optional`
/// fields (JSON names equal to the Rust names) and an `extra` map for anything else.
/// Repeated keys are an error, as with serde's derive. `then: f` calls `f(&mut record)` on
/// each record read, while it is fresh in the processor's caches.
macro_rules! record {
    ($ty:ident, $expecting:literal, required: [$($req:ident),*], optional: [$($opt:ident),*]
        $(, then: $then:path)? $(,)?) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct RecordVisitor;
                impl<'de> serde::de::Visitor<'de> for RecordVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$ty, A::Error> {
                        use serde::de::Error as _;
                        let mut record = <$ty>::default();
                        $(let mut $req = None;)*
                        $(let mut $opt = false;)*
                        while let Some(crate::model::record::Key(key)) = map.next_key()? {
                            match key.as_ref() {
                                $(stringify!($req) => {
                                    if $req.is_some() {
                                        return Err(A::Error::duplicate_field(stringify!($req)));
                                    }
                                    $req = Some(map.next_value()?);
                                })*
                                $(stringify!($opt) => {
                                    if std::mem::replace(&mut $opt, true) {
                                        return Err(A::Error::duplicate_field(stringify!($opt)));
                                    }
                                    record.$opt = map.next_value()?;
                                })*
                                _ => {
                                    let value: serde_json::Value = map.next_value()?;
                                    record.extra.insert(key.into_owned(), value);
                                }
                            }
                        }
                        $(record.$req =
                            $req.ok_or_else(|| A::Error::missing_field(stringify!($req)))?;)*
                        $($then(&mut record);)?
                        Ok(record)
                    }
                }
                deserializer.deserialize_map(RecordVisitor)
            }
        }
    };
}

pub(crate) use record;
