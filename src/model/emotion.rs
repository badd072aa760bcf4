//! The customer's feeling at a touchpoint, from -2 (very negative) to +2 (very positive).

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
        let value = i64::deserialize(deserializer)?;
        Emotion::new(value).ok_or_else(|| {
            de::Error::custom(format_args!(
                "emotion {value} is out of range: use an integer from -2 to 2"
            ))
        })
    }
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
}
