//! Timestamps: RFC 3339 text and Unix epoch numbers to milliseconds since 1970 (UTC), and back.
//! Hand-written: the input has millions of them and they all look alike.

use std::fmt;

use crate::model::date::{civil_from_days, days_from_civil};

const MS_PER_SECOND: i64 = 1_000;
const MS_PER_DAY: i64 = 86_400_000;
/// 0000-01-01T00:00:00Z, the earliest instant RFC 3339 can write.
const MIN_MS: i64 = -62_167_219_200_000;
/// 9999-12-31T23:59:59.999Z, the latest.
const MAX_MS: i64 = 253_402_300_799_999;
/// Epoch numbers whose integer part has this many digits or more are milliseconds.
const MILLIS_FROM: u64 = 100_000_000_000;

/// Why a timestamp could not be read; shown after the quoted value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeError {
    /// Neither RFC 3339 nor an epoch number.
    Unrecognised,
    /// A field of an RFC 3339 timestamp out of its range.
    Field(&'static str),
    /// A day the month does not have.
    NoSuchDay {
        /// The year.
        year: i64,
        /// The month, 1 to 12.
        month: i64,
        /// The day.
        day: i64,
    },
    /// Before year 0000 or after 9999.
    OutOfRange,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeError::Unrecognised => write!(
                f,
                "is not RFC 3339 (2026-03-01T09:30:00+07:00) or a Unix epoch number"
            ),
            TimeError::Field(what) => write!(f, "has {what}"),
            TimeError::NoSuchDay { year, month, day } => {
                write!(f, "has day {day}, which {year:04}-{month:02} does not have")
            }
            TimeError::OutOfRange => write!(f, "is outside the years 0000 to 9999"),
        }
    }
}

/// Reads a timestamp: RFC 3339 (`T` or a space between date and time, seconds and fractions
/// optional, `Z` or `±HH:MM`, no offset meaning UTC, a date alone meaning its midnight) or a
/// Unix epoch number (seconds; an integer part of 12 digits or more means milliseconds;
/// decimals allowed). Surrounding spaces are ignored. Fractions below the millisecond are
/// dropped (rounded down).
pub fn parse(text: &[u8]) -> Result<i64, TimeError> {
    let text = text.trim_ascii();
    if text.len() >= 10 && text[4] == b'-' {
        parse_rfc3339(text)
    } else {
        parse_epoch(text)
    }
}

/// An epoch number from JSON: an integer, seconds or (12 digits or more) milliseconds.
pub fn from_epoch_integer(n: i128) -> Result<i64, TimeError> {
    let ms = if n.unsigned_abs() >= u128::from(MILLIS_FROM) {
        n
    } else {
        n * i128::from(MS_PER_SECOND)
    };
    i64::try_from(ms)
        .ok()
        .filter(|ms| (MIN_MS..=MAX_MS).contains(ms))
        .ok_or(TimeError::OutOfRange)
}

/// Milliseconds since 1970 as RFC 3339 UTC: `2026-03-01T09:00:00Z`, with `.123` only when the
/// milliseconds are not zero.
pub fn format_time(ms: i64) -> String {
    let days = ms.div_euclid(MS_PER_DAY);
    let in_day = ms.rem_euclid(MS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let seconds = in_day / MS_PER_SECOND;
    let millis = in_day % MS_PER_SECOND;
    let (hour, minute, second) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut out = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
    if millis != 0 {
        out.push_str(&format!(".{millis:03}"));
    }
    out.push('Z');
    out
}

/// `YYYY-MM-DD[(T| )HH:MM[:SS[.fff…]]][ ][Z|±HH[:MM]]`.
fn parse_rfc3339(b: &[u8]) -> Result<i64, TimeError> {
    let mut at = Cursor { b, i: 0 };
    let year = at.digits(4)?;
    at.expect(b'-')?;
    let month = at.digits(2)?;
    at.expect(b'-')?;
    let day = at.digits(2)?;
    if !(1..=12).contains(&month) {
        return Err(TimeError::Field("no month 1 to 12"));
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err(TimeError::NoSuchDay { year, month, day });
    }
    let mut ms = days_from_civil(year, month, day) * MS_PER_DAY;
    if at.done() {
        return Ok(ms);
    }
    if !matches!(at.next(), Some(b'T' | b't' | b' ')) {
        return Err(TimeError::Unrecognised);
    }
    let hour = at.digits(2)?;
    at.expect(b':')?;
    let minute = at.digits(2)?;
    let mut second = 0;
    if at.peek() == Some(b':') {
        at.i += 1;
        second = at.digits(2)?;
        if at.peek() == Some(b'.') || at.peek() == Some(b',') {
            at.i += 1;
            ms += at.fraction_ms()?;
        }
    }
    if hour > 23 {
        return Err(TimeError::Field("an hour past 23"));
    }
    if minute > 59 {
        return Err(TimeError::Field("a minute past 59"));
    }
    if second > 60 {
        return Err(TimeError::Field("a second past 60"));
    }
    ms += ((hour * 60 + minute) * 60 + second) * MS_PER_SECOND;
    if at.peek() == Some(b' ') {
        at.i += 1;
    }
    match at.next() {
        None => {}
        Some(b'Z' | b'z') => {}
        Some(sign @ (b'+' | b'-')) => {
            let hours = at.digits(2)?;
            if at.peek() == Some(b':') {
                at.i += 1;
            }
            let minutes = if at.done() { 0 } else { at.digits(2)? };
            if hours > 23 || minutes > 59 {
                return Err(TimeError::Field("an offset beyond ±23:59"));
            }
            let offset = (hours * 60 + minutes) * 60 * MS_PER_SECOND;
            ms += if sign == b'+' { -offset } else { offset };
        }
        Some(_) => return Err(TimeError::Unrecognised),
    }
    if !at.done() {
        return Err(TimeError::Unrecognised);
    }
    if !(MIN_MS..=MAX_MS).contains(&ms) {
        return Err(TimeError::OutOfRange);
    }
    Ok(ms)
}

/// `[-+]DIGITS[.DIGITS]`: seconds, or milliseconds from 12 integer digits on.
fn parse_epoch(b: &[u8]) -> Result<i64, TimeError> {
    let (negative, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let (int, frac) = match b.iter().position(|&c| c == b'.') {
        Some(dot) => (&b[..dot], &b[dot + 1..]),
        None => (b, &b[..0]),
    };
    if (int.is_empty() && frac.is_empty())
        || !int.iter().chain(frac).all(u8::is_ascii_digit)
        || (b.contains(&b'.') && frac.is_empty())
    {
        return Err(TimeError::Unrecognised);
    }
    let int = &int[int.iter().take_while(|&&c| c == b'0').count()..];
    if int.len() > 18 {
        return Err(TimeError::OutOfRange);
    }
    let whole = int.iter().fold(0u64, |n, &c| n * 10 + u64::from(c - b'0'));
    let millis = whole >= MILLIS_FROM;
    // The digits of the fraction that make whole milliseconds, and whether any finer one is set.
    let keep = if millis { 0 } else { 3 };
    let mut ms = i128::from(whole) * if millis { 1 } else { 1000 };
    let mut scale = 100;
    for &c in frac.iter().take(keep) {
        ms += i128::from(c - b'0') * scale;
        scale /= 10;
    }
    let finer = frac.iter().skip(keep).any(|&c| c != b'0');
    let ms = if negative {
        -ms - i128::from(finer)
    } else {
        ms
    };
    i64::try_from(ms)
        .ok()
        .filter(|ms| (MIN_MS..=MAX_MS).contains(ms))
        .ok_or(TimeError::OutOfRange)
}

/// A position in the bytes of an RFC 3339 timestamp.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn done(&self) -> bool {
        self.i >= self.b.len()
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        self.i += 1;
        c
    }

    fn expect(&mut self, wanted: u8) -> Result<(), TimeError> {
        match self.next() {
            Some(c) if c == wanted => Ok(()),
            _ => Err(TimeError::Unrecognised),
        }
    }

    /// Exactly `count` ASCII digits.
    fn digits(&mut self, count: usize) -> Result<i64, TimeError> {
        let digits = self
            .b
            .get(self.i..self.i + count)
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .ok_or(TimeError::Unrecognised)?;
        self.i += count;
        Ok(digits.iter().fold(0, |n, &c| n * 10 + i64::from(c - b'0')))
    }

    /// One or more digits of a fraction of a second, as whole milliseconds.
    fn fraction_ms(&mut self) -> Result<i64, TimeError> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let digits = &self.b[start..self.i];
        if digits.is_empty() {
            return Err(TimeError::Unrecognised);
        }
        Ok(digits
            .iter()
            .chain(std::iter::repeat(&b'0'))
            .take(3)
            .fold(0, |n, &c| n * 10 + i64::from(c - b'0')))
    }
}

/// The days of `month` (1..=12) of `year`, from the calendar in [`crate::model::date`].
fn days_in_month(year: i64, month: i64) -> i64 {
    use crate::model::date::days_from_civil;
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    days_from_civil(next_year, next_month, 1) - days_from_civil(year, month, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-03-01T00:00:00Z: 20513 days after 1970-01-01.
    const MARCH_1: i64 = 20_513 * MS_PER_DAY;

    fn ok(text: &str) -> i64 {
        parse(text.as_bytes()).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn rfc3339_in_its_forms() {
        assert_eq!(ok("2026-03-01T00:00:00Z"), MARCH_1);
        assert_eq!(ok("2026-03-01"), MARCH_1, "a date alone is its midnight");
        assert_eq!(
            ok("2026-03-01T09:30:00Z"),
            MARCH_1 + 9 * 3_600_000 + 30 * 60_000
        );
        // 09:30 at +07:00 is 02:30 UTC; no offset means UTC; a space is as good as T.
        let half_past_two = MARCH_1 + 2 * 3_600_000 + 30 * 60_000;
        assert_eq!(ok("2026-03-01T09:30:00+07:00"), half_past_two);
        assert_eq!(ok("2026-03-01 02:30:00"), half_past_two);
        assert_eq!(ok("2026-03-01 02:30:00Z"), half_past_two);
        assert_eq!(ok("2026-03-01t02:30:00z"), half_past_two);
        assert_eq!(
            ok("2026-03-01T02:30"),
            half_past_two,
            "seconds are optional"
        );
        assert_eq!(ok("2026-03-01T09:30:00+0700"), half_past_two);
        assert_eq!(ok("2026-03-01 09:30:00 +07"), half_past_two);
        assert_eq!(ok("2026-02-28T21:30:00-05:00"), half_past_two);
        assert_eq!(ok("  2026-03-01T02:30:00Z "), half_past_two);
        // Fractions: milliseconds kept, anything finer dropped.
        assert_eq!(ok("2026-03-01T00:00:00.5Z"), MARCH_1 + 500);
        assert_eq!(ok("2026-03-01T00:00:00.123456789Z"), MARCH_1 + 123);
        assert_eq!(ok("1970-01-01T00:00:00Z"), 0);
        assert_eq!(ok("1969-12-31T23:59:59.999Z"), -1);
        assert_eq!(ok("2024-02-29T00:00:00Z"), 19_782 * MS_PER_DAY);
        assert_eq!(ok("0000-01-01T00:00:00Z"), MIN_MS);
        assert_eq!(ok("9999-12-31T23:59:59.999Z"), MAX_MS);
    }

    #[test]
    fn epoch_numbers_in_seconds_and_milliseconds() {
        assert_eq!(ok("1772323200"), MARCH_1, "seconds");
        assert_eq!(ok("1772323200000"), MARCH_1, "13 digits: milliseconds");
        assert_eq!(ok("1772323200.25"), MARCH_1 + 250);
        assert_eq!(ok("1772323200123.9"), MARCH_1 + 123);
        assert_eq!(ok("0"), 0);
        assert_eq!(
            ok("99999999999"),
            99_999_999_999_000,
            "11 digits are seconds"
        );
        assert_eq!(
            ok("100000000000"),
            100_000_000_000,
            "12 digits are milliseconds"
        );
        assert_eq!(ok("-1.5"), -1_500);
        assert_eq!(ok("-0.0001"), -1, "rounded down");
        assert_eq!(from_epoch_integer(1_772_323_200), Ok(MARCH_1));
        assert_eq!(from_epoch_integer(1_772_323_200_000), Ok(MARCH_1));
    }

    #[test]
    fn bad_timestamps_say_why() {
        let reason = |text: &str| parse(text.as_bytes()).unwrap_err().to_string();
        assert!(reason("yesterday").contains("not RFC 3339"));
        assert!(reason("").contains("not RFC 3339"));
        assert!(reason("12.").contains("not RFC 3339"));
        assert!(reason("2026-03-01T").contains("not RFC 3339"));
        assert!(reason("2026-03-01T09:30:00+07:00x").contains("not RFC 3339"));
        assert!(reason("2026-13-01").contains("month"));
        assert_eq!(
            reason("2026-02-29"),
            "has day 29, which 2026-02 does not have"
        );
        assert!(reason("2026-03-01T24:00:00Z").contains("hour"));
        assert!(reason("2026-03-01T10:60:00Z").contains("minute"));
        assert!(reason("2026-03-01T10:00:00+24:00").contains("offset"));
        assert!(reason("99999999999999999999").contains("outside"));
        assert!(reason("9999-12-31T23:59:59-01:00").contains("outside"));
        assert!(reason("2026-03-01T10:00:00\u{7}").contains("not RFC 3339"));
        assert!(reason("２０２６-03-01").contains("not RFC 3339"));
        assert_eq!(from_epoch_integer(i128::MAX), Err(TimeError::OutOfRange));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        #[test]
        fn any_text_parses_or_says_why_and_times_round_trip(
            text in "[0-9T:Zz+. -]{0,30}",
            ms in MIN_MS..=MAX_MS,
        ) {
            let _ = parse(text.as_bytes());
            proptest::prop_assert_eq!(parse(format_time(ms).as_bytes()), Ok(ms));
        }
    }

    #[test]
    fn format_time_writes_rfc3339_utc() {
        assert_eq!(format_time(MARCH_1 + 9 * 3_600_000), "2026-03-01T09:00:00Z");
        assert_eq!(format_time(MARCH_1 + 123), "2026-03-01T00:00:00.123Z");
        assert_eq!(format_time(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(format_time(MAX_MS), "9999-12-31T23:59:59.999Z");
        assert!(!format_time(i64::MIN).is_empty(), "never panics");
        assert!(!format_time(i64::MAX).is_empty());
        for ms in [
            0,
            MIN_MS,
            MAX_MS,
            951_782_400_000,
            4_107_542_400_000,
            -86_400_001,
        ] {
            assert_eq!(ok(&format_time(ms)), ms, "{}", format_time(ms));
        }
    }
}
