//! The text of emotion marks in each style. Every mark is four terminal columns wide and every
//! mean symbol two, whatever the style, so layouts do not change with the setting.

use super::EmotionMarks;

impl EmotionMarks {
    /// The mark for an emotion score (-2..=2), four columns wide: `▼▼-2`, `😣-2`, ` --2`;
    /// ` ·  ` (` .  ` in ASCII) for no score.
    pub fn mark(self, value: Option<i8>) -> String {
        let Some(value) = value else {
            return match self {
                Self::Ascii => " .  ".into(),
                Self::Arrows | Self::Faces => " ·  ".into(),
            };
        };
        let number = match value {
            0 => " 0".to_string(),
            v => format!("{v:+}"),
        };
        let symbol = match (self, value) {
            (Self::Ascii, v) if v <= -2 => " -",
            (Self::Ascii, v) if v >= 2 => " +",
            (Self::Ascii, _) => "  ",
            (style, v) => style.symbol(v),
        };
        format!("{symbol}{number}")
    }

    /// A two-column symbol for a mean emotion, rounded to the nearest score: `▼▼` .. `▲▲`,
    /// a face, or blank in ASCII (the number beside it says it all).
    pub fn mean_symbol(self, mean: f64) -> &'static str {
        match self {
            Self::Ascii => "  ",
            style => style.symbol(mean.round().clamp(-2.0, 2.0) as i8),
        }
    }

    /// The two-column symbol of a whole score in the arrows and faces styles.
    fn symbol(self, value: i8) -> &'static str {
        let faces = self == Self::Faces;
        match value {
            i8::MIN..=-2 if faces => "😣",
            i8::MIN..=-2 => "▼▼",
            -1 if faces => "😟",
            -1 => "▼ ",
            0 if faces => "😐",
            0 => "● ",
            1 if faces => "🙂",
            1 => "▲ ",
            _ if faces => "😄",
            _ => "▲▲",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Terminal columns, as unicode-width counts them (emoji are two).
    fn columns(text: &str) -> usize {
        unicode_width::UnicodeWidthStr::width(text)
    }

    #[test]
    fn the_arrows_are_the_board_marks_of_before() {
        let marks: Vec<String> = (-2..=2)
            .map(|v| EmotionMarks::Arrows.mark(Some(v)))
            .collect();
        assert_eq!(marks, ["▼▼-2", "▼ -1", "●  0", "▲ +1", "▲▲+2"]);
        assert_eq!(EmotionMarks::Arrows.mark(None), " ·  ");
    }

    #[test]
    fn faces_and_ascii_marks() {
        let faces: Vec<String> = (-2..=2)
            .map(|v| EmotionMarks::Faces.mark(Some(v)))
            .collect();
        assert_eq!(faces, ["😣-2", "😟-1", "😐 0", "🙂+1", "😄+2"]);
        let ascii: Vec<String> = (-2..=2)
            .map(|v| EmotionMarks::Ascii.mark(Some(v)))
            .collect();
        assert_eq!(ascii, [" --2", "  -1", "   0", "  +1", " ++2"]);
        assert!(ascii.iter().all(|m| m.is_ascii()));
        assert!(EmotionMarks::Ascii.mark(None).is_ascii());
    }

    #[test]
    fn every_mark_is_four_columns_and_every_symbol_two() {
        for style in EmotionMarks::ALL {
            for value in [None, Some(-2), Some(-1), Some(0), Some(1), Some(2)] {
                let mark = style.mark(value);
                assert_eq!(columns(&mark), 4, "{style:?} {value:?}: {mark:?}");
            }
            for mean in [-2.0, -1.2, -0.4, 0.0, 0.6, 1.5, 9.0, f64::NAN] {
                let symbol = style.mean_symbol(mean);
                assert_eq!(columns(symbol), 2, "{style:?} {mean}: {symbol:?}");
            }
        }
    }
}
