//! The time zone reporting days are counted in (`--tz`): UTC, a fixed offset (`+07:00`), or a
//! zone of the IANA time zone database by name (`Asia/Jakarta`, `Europe/London`), whose
//! offset follows its rules at each instant, daylight saving time included. The database is
//! bundled in cjm (jiff's copy of it), so every machine counts the same days.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

const MS_PER_DAY: i64 = 86_400_000;

/// A time zone for counting days.
#[derive(Debug, Clone)]
pub enum Zone {
    /// A fixed offset from UTC, in minutes (UTC is 0).
    Fixed(i32),
    /// A zone of the IANA database.
    Named {
        /// Its name as the database spells it.
        name: String,
        /// Its rules.
        tz: TimeZone,
    },
}

impl PartialEq for Zone {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Zone::Fixed(a), Zone::Fixed(b)) => a == b,
            (Zone::Named { name: a, .. }, Zone::Named { name: b, .. }) => a == b,
            _ => false,
        }
    }
}

impl Default for Zone {
    fn default() -> Self {
        Zone::Fixed(0)
    }
}

impl Zone {
    /// UTC.
    pub const UTC: Zone = Zone::Fixed(0);

    /// The zone `text` names: `UTC`, `Z`, an offset (`+07:00`, `-0530`, `+7`) or an IANA name
    /// in any case (`Asia/Jakarta`); `None` when it names none.
    pub fn parse(text: &str) -> Option<Zone> {
        if let Some(minutes) = super::parse_offset(text) {
            return Some(Zone::Fixed(minutes));
        }
        let text = text.trim();
        // The database also knows fixed names ("EST", "Etc/GMT+7"); they are zones like any.
        let tz = TimeZone::get(text).ok()?;
        let name = tz.iana_name().unwrap_or(text).to_string();
        Some(Zone::Named { name, tz })
    }

    /// The offset from UTC at the instant `ms` (milliseconds since 1970), in milliseconds.
    pub fn offset_ms_at(&self, ms: i64) -> i64 {
        match self {
            Zone::Fixed(minutes) => i64::from(*minutes) * 60_000,
            Zone::Named { tz, .. } => Timestamp::from_millisecond(ms)
                .map_or(0, |at| i64::from(tz.to_offset(at).seconds()) * 1000),
        }
    }

    /// The local day (days since 1970-01-01) holding the instant `ms`.
    pub fn day_of(&self, ms: i64) -> i64 {
        (ms + self.offset_ms_at(ms)).div_euclid(MS_PER_DAY)
    }

    /// The instant the local day `day` (days since 1970-01-01) starts: its midnight, or the
    /// first instant after it when a change of offset skips midnight.
    pub fn day_start(&self, day: i64) -> i64 {
        match self {
            Zone::Fixed(minutes) => day * MS_PER_DAY - i64::from(*minutes) * 60_000,
            Zone::Named { tz, .. } => {
                let (year, month, date) = crate::model::date::civil_from_days(day);
                let start = i16::try_from(year)
                    .ok()
                    .and_then(|y| Date::new(y, month as i8, date as i8).ok())
                    .and_then(|d| {
                        tz.to_ambiguous_timestamp(d.at(0, 0, 0, 0))
                            .compatible()
                            .ok()
                    });
                match start {
                    Some(at) => at.as_millisecond(),
                    // Beyond the years a date can have: as UTC.
                    None => day * MS_PER_DAY,
                }
            }
        }
    }

    /// The zone as `--tz` would take it back: `UTC`, `+07:00`, `Asia/Jakarta`.
    pub fn name(&self) -> String {
        match self {
            Zone::Fixed(0) => "UTC".to_string(),
            Zone::Fixed(minutes) => {
                let sign = if *minutes < 0 { '-' } else { '+' };
                let m = minutes.unsigned_abs();
                format!("{sign}{:02}:{:02}", m / 60, m % 60)
            }
            Zone::Named { name, .. } => name.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-03-29T00:59:59.999Z and the millisecond after: London's clocks go forward at 01:00
    /// UTC on the last Sunday of March.
    const BEFORE_BST: i64 = 1_774_745_999_999;

    #[test]
    fn names_offsets_and_utc_are_zones() {
        assert_eq!(Zone::parse("UTC"), Some(Zone::UTC));
        assert_eq!(Zone::parse("+07:00"), Some(Zone::Fixed(420)));
        assert_eq!(Zone::parse("asia/jakarta").unwrap().name(), "Asia/Jakarta");
        assert_eq!(Zone::parse("Mars/Olympus"), None);
        assert_eq!(Zone::parse(""), None);
        assert_eq!(Zone::Fixed(-330).name(), "-05:30");
    }

    #[test]
    fn jakarta_is_seven_hours_ahead_all_year() {
        let jakarta = Zone::parse("Asia/Jakarta").unwrap();
        for ms in [0, BEFORE_BST, BEFORE_BST + 200 * MS_PER_DAY] {
            assert_eq!(jakarta.offset_ms_at(ms), 7 * 3_600_000);
        }
        // 1 April 2026 in Jakarta starts at 17:00 UTC on 31 March.
        let april_1 = crate::model::date::days_from_civil(2026, 4, 1);
        assert_eq!(
            jakarta.day_start(april_1),
            april_1 * MS_PER_DAY - 7 * 3_600_000
        );
        assert_eq!(
            jakarta.day_of(april_1 * MS_PER_DAY - 7 * 3_600_000),
            april_1
        );
        assert_eq!(
            jakarta.day_of(april_1 * MS_PER_DAY - 7 * 3_600_000 - 1),
            april_1 - 1
        );
    }

    #[test]
    fn london_follows_daylight_saving_time() {
        let london = Zone::parse("Europe/London").unwrap();
        assert_eq!(london.offset_ms_at(BEFORE_BST), 0);
        assert_eq!(london.offset_ms_at(BEFORE_BST + 1), 3_600_000);
        // 1 July starts at 23:00 UTC on 30 June; 1 January at midnight UTC.
        let july_1 = crate::model::date::days_from_civil(2026, 7, 1);
        assert_eq!(london.day_start(july_1), july_1 * MS_PER_DAY - 3_600_000);
        let january_1 = crate::model::date::days_from_civil(2026, 1, 1);
        assert_eq!(london.day_start(january_1), january_1 * MS_PER_DAY);
        // 23:30 UTC on 30 June is already 1 July in London.
        assert_eq!(london.day_of(july_1 * MS_PER_DAY - 1_800_000), july_1);
    }
}
