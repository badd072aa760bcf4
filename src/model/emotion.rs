//! The customer's feeling at a touchpoint, from -2 (very negative) to +2 (very positive).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, de};

/// An emotion score in -2..=2. Mermaid's 1..5 journey score is `value() + 3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Emotion(i8);

impl Emotion {
    /// The lowest score.
    pub const MIN: i8 = -2;
    /// The highest score.
    pub const MAX: i8 = 2;

    /// The emotion for `value`, or `None` when it is outside -2..=2.
    pub fn new(value: i64) -> Option<Self> {
        (i64::from(Self::MIN)..=i64::from(Self::MAX))
            .contains(&value)
            .then_some(Self(value as i8))
    }

    /// The score, -2..=2.
    pub fn value(self) -> i8 {
        self.0
    }

    /// One step up or down, clamped to the range.
    pub fn step(self, delta: i8) -> Self {
        Self(self.0.saturating_add(delta).clamp(Self::MIN, Self::MAX))
    }

    /// A short label: "very negative" .. "very positive".
    pub fn label(self) -> &'static str {
        match self.0 {
            -2 => "very negative",
            -1 => "negative",
            0 => "neutral",
            1 => "positive",
            _ => "very positive",
        }
    }
}

impl<'de> Deserialize<'de> for Emotion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_i64(EmotionVisitor)
    }
}

/// Reads an emotion from an integer. serde_json reads JSON's `-0` as the float -0.0 (and
/// cannot tell it from `0.0` or `-0.0`), so a float zero is the emotion 0; any other float is
/// refused, `1.0` included, as the schema does.
struct EmotionVisitor;

impl de::Visitor<'_> for EmotionVisitor {
    type Value = Emotion;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer from -2 to 2")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Emotion, E> {
        Emotion::new(value).ok_or_else(|| out_of_range(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Emotion, E> {
        i64::try_from(value).map_or_else(|_| Err(out_of_range(value)), |v| self.visit_i64(v))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Emotion, E> {
        if value == 0.0 {
            Ok(Emotion(0))
        } else {
            Err(E::invalid_type(de::Unexpected::Float(value), &self))
        }
    }
}

fn out_of_range<E: de::Error>(value: impl fmt::Display) -> E {
    E::custom(format_args!(
        "emotion {value} is out of range: use an integer from -2 to 2"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_is_enforced() {
        assert_eq!(Emotion::new(-2).map(Emotion::value), Some(-2));
        assert_eq!(Emotion::new(2).map(Emotion::value), Some(2));
        assert!(Emotion::new(3).is_none());
        assert!(Emotion::new(-3).is_none());
    }

    #[test]
    fn step_clamps() {
        let e = Emotion::new(2).unwrap();
        assert_eq!(e.step(1).value(), 2);
        assert_eq!(e.step(-1).value(), 1);
        assert_eq!(Emotion::new(-2).unwrap().step(-1).value(), -2);
    }

    #[test]
    fn out_of_range_is_a_parse_error() {
        let err = serde_json::from_str::<Emotion>("5").unwrap_err();
        assert!(err.to_string().contains("out of range"), "{err}");
        assert_eq!(serde_json::from_str::<Emotion>("-1").unwrap().value(), -1);
    }

    #[test]
    fn minus_zero_reads_as_zero_and_other_floats_are_refused() {
        for json in ["-0", "0", "-0.0", "0.0"] {
            let read = serde_json::from_str::<Emotion>(json).map(Emotion::value);
            assert_eq!(read.ok(), Some(0), "{json}");
        }
        for (json, says) in [
            (
                "1.5",
                "invalid type: floating point `1.5`, expected an integer from -2 to 2",
            ),
            ("1.0", "invalid type: floating point `1.0`"),
            (
                "18446744073709551615",
                "emotion 18446744073709551615 is out of range",
            ),
            (
                "\"happy\"",
                "invalid type: string \"happy\", expected an integer from -2 to 2",
            ),
        ] {
            let err = serde_json::from_str::<Emotion>(json)
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(says), "{json}: {err}");
        }
    }
}
