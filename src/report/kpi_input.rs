//! KPIs and their measurements typed on one line, and the short texts that show their figures.
//!
//! A measurement is typed as the raw counts its kind needs, optionally after a date:
//!
//! | kind    | type                                   | e.g.                      |
//! |---------|----------------------------------------|---------------------------|
//! | `nps`   | promoters passives detractors          | `120 40 30`               |
//! | `csat`  | how many answered 1 2 3 4 5            | `3 5 10 40 42`            |
//! | `ces`   | score respondents                      | `5.2 87`                  |
//! | `ratio` | numerator/denominator (or two numbers) | `412/780`, `412 780`      |
//! | `value` | the value                              | `41.5`                    |
//!
//! with `2026-02-02 120 40 30` for a date other than today. An NPS, CSAT or CES can also be
//! typed as the score a team reports, without counts: `score 32` or the kind's name, `NPS 32`,
//! `CSAT 81`, `CES 5.2` (kept in the measurement's `score`). A KPI is typed as
//! `name: kind [unit] [>= or <= target]`, e.g. `Checkout conversion: ratio % >= 65`.
//! Errors say exactly what is missing, for the status line.

use crate::model::{Direction, Kpi, KpiKind, Measurement, Stage, date, new_id};
use crate::number::number;

/// Why a typed KPI or measurement was refused, in words for the status line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InputError(String);

impl InputError {
    fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// The syntax of a KPI definition, for hints.
pub const KPI_SYNTAX: &str = "name: nps|csat|ces|ratio|value [unit] [>= or <= target]";

/// An example KPI definition, for the prompt's placeholder.
pub const KPI_EXAMPLE: &str = "Checkout conversion: ratio % >= 65";

/// The kind's name as people write it: `NPS`, `CSAT`, `CES`, `ratio`, `value`.
pub fn kind_name(kind: KpiKind) -> &'static str {
    match kind {
        KpiKind::Nps => "NPS",
        KpiKind::Csat => "CSAT",
        KpiKind::Ces => "CES",
        KpiKind::Ratio => "ratio",
        KpiKind::Value => "value",
    }
}

/// What to type for a measurement of `kind`, e.g. `promoters passives detractors`.
pub fn measurement_syntax(kind: KpiKind) -> &'static str {
    match kind {
        KpiKind::Nps => "promoters passives detractors",
        KpiKind::Csat => "answers 1 2 3 4 5",
        KpiKind::Ces => "score respondents",
        KpiKind::Ratio => "numerator/denominator",
        KpiKind::Value => "value",
    }
}

/// An example measurement of `kind`, e.g. `120 40 30`.
pub fn measurement_example(kind: KpiKind) -> &'static str {
    match kind {
        KpiKind::Nps => "120 40 30",
        KpiKind::Csat => "3 5 10 40 42",
        KpiKind::Ces => "5.2 87",
        KpiKind::Ratio => "412/780",
        KpiKind::Value => "41.5",
    }
}

/// What to type and an example, for a prompt: `promoters passives detractors, e.g. 120 40 30`.
pub fn measurement_hint(kind: KpiKind) -> String {
    format!(
        "{}, e.g. {}",
        measurement_syntax(kind),
        measurement_example(kind)
    )
}

/// What a measurement of `kind` needs, as the error for a wrong number of fields.
fn needs(kind: KpiKind) -> InputError {
    InputError::new(match kind {
        KpiKind::Nps => {
            "NPS needs three counts: promoters passives detractors, e.g. 120 40 30 \
             (or a score: NPS 32)"
        }
        KpiKind::Csat => {
            "CSAT needs five counts: answers 1 2 3 4 5, e.g. 3 5 10 40 42 (or a score: CSAT 81)"
        }
        KpiKind::Ces => "CES needs a score and its respondents, e.g. 5.2 87",
        KpiKind::Ratio => "a ratio needs numerator/denominator, e.g. 412/780",
        KpiKind::Value => "a value needs one number, e.g. 41.5",
    })
}

/// Reads a measurement of `kpi` typed as its kind's counts, optionally after a `YYYY-MM-DD`
/// date; without one it is dated `today`. A measurement that would have no figure (no
/// respondents, nothing to divide by) is refused, so every typed measurement counts.
pub fn parse_measurement(kpi: &Kpi, text: &str, today: &str) -> Result<Measurement, InputError> {
    let text = text.replace('\u{2212}', "-");
    let mut rest = text.trim();
    let mut day = today.to_string();
    if let Some(first) = rest.split_whitespace().next()
        && looks_like_date(first)
    {
        if date::parse_day(first).is_none() {
            return Err(InputError::new(format!(
                "“{first}” is not a date: use YYYY-MM-DD, e.g. {today}"
            )));
        }
        day = first.to_string();
        rest = rest[first.len()..].trim_start();
    }
    if matches!(kpi.kind, KpiKind::Value | KpiKind::Ces) {
        let unit = kpi.unit.trim();
        if !unit.is_empty()
            && let Some(stripped) = rest.strip_suffix(unit)
        {
            rest = stripped.trim_end();
        }
    }
    let mut m = Measurement {
        date: day,
        ..Measurement::default()
    };
    let kind = kpi.kind;
    if let Some(score) = score_entry(kind, rest)? {
        m.score = Some(score);
        return Ok(m);
    }
    match kind {
        KpiKind::Nps => {
            let [p, n, d] = counts::<3>(rest, kind)?;
            if p == 0 && n == 0 && d == 0 {
                return Err(InputError::new(
                    "no respondents: promoters, passives and detractors add up to 0",
                ));
            }
            (m.promoters, m.passives, m.detractors) = (Some(p), Some(n), Some(d));
        }
        KpiKind::Csat => {
            let buckets = counts::<5>(rest, kind)?;
            if buckets.iter().all(|b| *b == 0) {
                return Err(InputError::new("no answers: the five counts add up to 0"));
            }
            m.buckets = Some(buckets);
        }
        KpiKind::Ces => {
            let words: Vec<&str> = rest.split_whitespace().collect();
            let [score, respondents] = words[..] else {
                return Err(needs(kind));
            };
            m.value = Some(decimal(score)?);
            let respondents = count(respondents)?;
            if respondents == 0 {
                return Err(InputError::new(
                    "no respondents: a CES needs at least one, e.g. 5.2 87",
                ));
            }
            m.respondents = Some(respondents);
        }
        KpiKind::Ratio => {
            let [numerator, denominator] = match rest.split_once('/') {
                Some((n, d)) if one_word(n) && one_word(d) && !d.contains('/') => {
                    [count(n.trim())?, count(d.trim())?]
                }
                Some(_) => return Err(needs(kind)),
                None => counts::<2>(rest, kind)?,
            };
            if denominator == 0 {
                return Err(InputError::new(
                    "nothing to divide by: the denominator is 0",
                ));
            }
            (m.numerator, m.denominator) = (Some(numerator), Some(denominator));
        }
        KpiKind::Value => {
            let words: Vec<&str> = rest.split_whitespace().collect();
            let [value] = words[..] else {
                return Err(needs(kind));
            };
            m.value = Some(decimal(value)?);
        }
    }
    if m.figure(kind, &kpi.unit).is_none() {
        return Err(InputError::new("these counts are too large to add up"));
    }
    Ok(m)
}

/// A score typed instead of counts, `score 32` or `NPS 32` (any case), checked against the
/// kind's range; `None` when `text` is not a score entry. Only NPS, CSAT and CES take one.
fn score_entry(kind: KpiKind, text: &str) -> Result<Option<f64>, InputError> {
    let mut words = text.split_whitespace();
    let Some(first) = words.next() else {
        return Ok(None);
    };
    let first = first.to_lowercase();
    let named = first == "score" || first == kind_name(kind).to_lowercase();
    if !named || !matches!(kind, KpiKind::Nps | KpiKind::Csat | KpiKind::Ces) {
        return Ok(None);
    }
    let rest: Vec<&str> = words.collect();
    let example = match kind {
        KpiKind::Nps => "NPS 32",
        KpiKind::Csat => "CSAT 81",
        _ => "CES 5.2",
    };
    let [word] = rest[..] else {
        return Err(InputError::new(format!(
            "a score is one number after the word, e.g. {example}"
        )));
    };
    let score = decimal(word.trim_end_matches('%'))?;
    let (low, high, message) = match kind {
        KpiKind::Nps => (-100.0, 100.0, "an NPS is between -100 and 100"),
        KpiKind::Csat => (0.0, 100.0, "a CSAT is between 0 and 100 %"),
        _ => (f64::MIN, f64::MAX, ""),
    };
    if !(low..=high).contains(&score) {
        return Err(InputError::new(message));
    }
    Ok(Some(score))
}

/// Whether a word is meant as a date: four digits and a hyphen.
fn looks_like_date(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.len() > 4 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-'
}

fn one_word(text: &str) -> bool {
    text.split_whitespace().count() == 1
}

/// Exactly `N` counts separated by spaces.
fn counts<const N: usize>(text: &str, kind: KpiKind) -> Result<[u64; N], InputError> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() != N {
        return Err(needs(kind));
    }
    let mut out = [0; N];
    for (slot, word) in out.iter_mut().zip(words) {
        *slot = count(word)?;
    }
    Ok(out)
}

/// A count: a whole number ≥ 0.
fn count(word: &str) -> Result<u64, InputError> {
    word.parse::<u64>()
        .map_err(|_| InputError::new(format!("“{word}” is not a count: use a whole number ≥ 0")))
}

/// A finite decimal number.
fn decimal(word: &str) -> Result<f64, InputError> {
    match word.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ if word.contains(',') => Err(InputError::new(format!(
            "“{word}” is not a number: use a dot for decimals, e.g. 41.5"
        ))),
        _ => Err(InputError::new(format!("“{word}” is not a number"))),
    }
}

/// Reads a KPI typed as `name: kind [unit] [>= or <= target]` (also `≥`, `≤`), with a new id
/// and no measurements. `ratio` and `csat` are in `%` unless another unit is given (a ratio
/// with another unit is a plain fraction); the unit may also follow the target
/// (`>= 65 %`).
pub fn parse_kpi(text: &str) -> Result<Kpi, InputError> {
    let text = text.replace('\u{2212}', "-");
    let Some((name, rest)) = text.rsplit_once(':') else {
        return Err(InputError::new(format!(
            "a KPI is typed as {KPI_SYNTAX}, e.g. {KPI_EXAMPLE}"
        )));
    };
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(InputError::new(format!(
            "a KPI needs a name before the colon, e.g. {KPI_EXAMPLE}"
        )));
    }
    let rest = rest.trim();
    let word_end = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    let kind = match rest[..word_end].to_lowercase().as_str() {
        "nps" => KpiKind::Nps,
        "csat" => KpiKind::Csat,
        "ces" => KpiKind::Ces,
        "ratio" => KpiKind::Ratio,
        "value" => KpiKind::Value,
        "" => {
            return Err(InputError::new(
                "say which kind after the colon: nps, csat, ces, ratio or value",
            ));
        }
        other => {
            return Err(InputError::new(format!(
                "“{other}” is not a kind: use nps, csat, ces, ratio or value"
            )));
        }
    };
    let rest = &rest[word_end..];
    let comparators = [
        (">=", Direction::Higher),
        ("≥", Direction::Higher),
        ("<=", Direction::Lower),
        ("≤", Direction::Lower),
    ];
    let found = comparators
        .iter()
        .filter_map(|(symbol, direction)| Some((rest.find(symbol)?, *symbol, *direction)))
        .min_by_key(|(at, ..)| *at);
    let (unit, target, direction) = match found {
        Some((at, symbol, direction)) => {
            let (target, unit_after) = parse_target(rest[at + symbol.len()..].trim(), symbol)?;
            let unit_before = rest[..at].trim();
            let unit = match (unit_before, unit_after.as_str()) {
                (before, "") => before.to_string(),
                ("", after) => after.to_string(),
                (before, after) if before == after => before.to_string(),
                (before, after) => {
                    return Err(InputError::new(format!(
                        "the unit is given twice: “{before}” and “{after}”"
                    )));
                }
            };
            (unit, Some(target), direction)
        }
        None if rest.contains(['<', '>', '=']) => {
            return Err(InputError::new(
                "write the target as >= 65 (higher is better) or <= 8 (lower is better)",
            ));
        }
        None => (rest.trim().to_string(), None, Direction::Higher),
    };
    let unit = match kind {
        KpiKind::Csat if !unit.is_empty() && unit != "%" => {
            return Err(InputError::new(
                "a CSAT is a share in %: leave the unit out or write %",
            ));
        }
        KpiKind::Csat | KpiKind::Ratio if unit.is_empty() => "%".to_string(),
        _ => unit,
    };
    let range = match kind {
        KpiKind::Nps => Some((-100.0, 100.0, "an NPS target is between -100 and 100")),
        KpiKind::Csat => Some((0.0, 100.0, "a CSAT target is between 0 and 100 %")),
        _ => None,
    };
    if let (Some(target), Some((low, high, message))) = (target, range)
        && !(low..=high).contains(&target)
    {
        return Err(InputError::new(message));
    }
    Ok(Kpi {
        id: new_id("kp"),
        name,
        kind,
        unit,
        target,
        direction,
        ..Kpi::default()
    })
}

/// The number after a comparator and what follows it (a unit), e.g. `65 %` or `65%`.
fn parse_target(text: &str, symbol: &str) -> Result<(f64, String), InputError> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+')))
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(end);
    if digits.is_empty() {
        let word = text.split_whitespace().next().unwrap_or_default();
        return Err(InputError::new(if word.is_empty() {
            format!("a target is needed after {symbol}, e.g. {symbol} 65")
        } else {
            format!("“{word}” is not a number: the target is a number, e.g. {symbol} 65")
        }));
    }
    let target = decimal(digits)?;
    Ok((target, unit.trim().to_string()))
}

/// A figure with its unit (`57.6 %`), or `n/a` when there is none.
pub fn figure_text(value: Option<f64>, unit: &str) -> String {
    value.map_or_else(|| "n/a".to_string(), |v| number(v, unit))
}

/// A KPI's change from `from` to `to` as [`crate::number::kpi_change`] writes it everywhere
/// (`+2.9 pp` for shares, the KPI's unit otherwise), or `n/a` without both figures. `unit` is
/// the KPI's unit as shown beside its figures (a view may shorten a long one).
pub fn kpi_change_text(kind: KpiKind, unit: &str, from: Option<f64>, to: Option<f64>) -> String {
    crate::number::kpi_change(kind, unit, from, to).unwrap_or_else(|| "n/a".to_string())
}

/// The target with its direction (`≥ 65 %`, `≤ 8`), or `no target`.
pub fn target_text(kpi: &Kpi) -> String {
    match kpi.target {
        Some(target) => format!(
            "{} {}",
            direction_symbol(kpi.direction),
            number(target, &kpi.unit)
        ),
        None => "no target".to_string(),
    }
}

/// `≥` when higher is better, `≤` when lower is.
pub fn direction_symbol(direction: Direction) -> &'static str {
    match direction {
        Direction::Higher => "≥",
        Direction::Lower => "≤",
    }
}

/// A mark that reads without colour: `✓` on target, `✗` off target, `·` without a target or
/// a figure.
pub fn target_mark(on_target: Option<bool>) -> &'static str {
    match on_target {
        Some(true) => "✓",
        Some(false) => "✗",
        None => "·",
    }
}

/// The stage header's mark: `✓` when every KPI with a target and a figure meets it, `✗` when
/// one misses it, `None` when no KPI has both.
pub fn stage_kpi_mark(stage: &Stage) -> Option<&'static str> {
    let marks: Vec<bool> = stage
        .kpis
        .iter()
        .filter_map(|k| k.summary().on_target)
        .collect();
    match marks.is_empty() {
        true => None,
        false if marks.iter().all(|on| *on) => Some("✓"),
        false => Some("✗"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: &str = "2026-03-01";

    fn kpi(kind: KpiKind, unit: &str) -> Kpi {
        Kpi {
            id: "kp-test".into(),
            name: "Test".into(),
            kind,
            unit: unit.into(),
            ..Kpi::default()
        }
    }

    fn parse(kind: KpiKind, text: &str) -> Result<Measurement, String> {
        let unit = if kind == KpiKind::Ratio { "%" } else { "" };
        parse_measurement(&kpi(kind, unit), text, TODAY).map_err(|e| e.to_string())
    }

    #[test]
    fn nps_takes_promoters_passives_detractors() {
        let m = parse(KpiKind::Nps, "120 40 30").unwrap();
        assert_eq!(m.date, TODAY);
        assert_eq!(
            (m.promoters, m.passives, m.detractors),
            (Some(120), Some(40), Some(30))
        );
        assert_eq!(m.figure(KpiKind::Nps, "").map(|f| f.round()), Some(47.0));
        for bad in ["120 40", "120 40 30 1", "", "2026-02-02"] {
            assert_eq!(
                parse(KpiKind::Nps, bad).unwrap_err(),
                "NPS needs three counts: promoters passives detractors, e.g. 120 40 30 (or a score: NPS 32)",
                "{bad}"
            );
        }
        assert_eq!(
            parse(KpiKind::Nps, "120 4.5 30").unwrap_err(),
            "“4.5” is not a count: use a whole number ≥ 0"
        );
        assert_eq!(
            parse(KpiKind::Nps, "120 -4 30").unwrap_err(),
            "“-4” is not a count: use a whole number ≥ 0"
        );
        assert_eq!(
            parse(KpiKind::Nps, "0 0 0").unwrap_err(),
            "no respondents: promoters, passives and detractors add up to 0"
        );
    }

    #[test]
    fn nps_csat_and_ces_take_a_score_instead_of_counts() {
        let m = parse(KpiKind::Nps, "2026-02-02 NPS 32").unwrap();
        assert_eq!(
            (m.date.as_str(), m.score, m.promoters),
            ("2026-02-02", Some(32.0), None)
        );
        assert_eq!(m.figure(KpiKind::Nps, ""), Some(32.0));
        assert_eq!(
            parse(KpiKind::Nps, "score -12.5").unwrap().score,
            Some(-12.5)
        );
        assert_eq!(parse(KpiKind::Csat, "csat 81%").unwrap().score, Some(81.0));
        assert_eq!(
            parse(KpiKind::Ces, "score 5.2")
                .unwrap()
                .figure(KpiKind::Ces, ""),
            Some(5.2)
        );
        assert_eq!(
            parse(KpiKind::Nps, "NPS 132").unwrap_err(),
            "an NPS is between -100 and 100"
        );
        assert_eq!(
            parse(KpiKind::Csat, "score 101").unwrap_err(),
            "a CSAT is between 0 and 100 %"
        );
        assert_eq!(
            parse(KpiKind::Nps, "score").unwrap_err(),
            "a score is one number after the word, e.g. NPS 32"
        );
        assert_eq!(
            parse(KpiKind::Nps, "NPS x").unwrap_err(),
            "“x” is not a number"
        );
        assert!(parse(KpiKind::Ratio, "score 3").is_err());
        assert!(parse(KpiKind::Value, "score 3").is_err());
    }

    #[test]
    fn ratio_changes_read_in_percentage_points() {
        let mut k = kpi(KpiKind::Ratio, "%");
        assert_eq!(
            kpi_change_text(k.kind, &k.unit, Some(57.6), Some(60.5)),
            "+2.9 pp"
        );
        k.unit.clear();
        assert_eq!(
            kpi_change_text(k.kind, &k.unit, Some(0.604), Some(0.575)),
            "-2.9 pp"
        );
        assert_eq!(
            kpi_change_text(KpiKind::Nps, "", Some(6.0), Some(10.0)),
            "+4"
        );
        assert_eq!(
            kpi_change_text(KpiKind::Value, "days", Some(3.0), None),
            "n/a"
        );
        // As the exports and `cjm check` write it: at the precision of the larger figure.
        assert_eq!(
            kpi_change_text(KpiKind::Ratio, "%", Some(57.6), Some(59.94)),
            "+2.3 pp"
        );
    }

    #[test]
    fn csat_takes_five_buckets() {
        let m = parse(KpiKind::Csat, "3 5 10 40 42").unwrap();
        assert_eq!(m.buckets, Some([3, 5, 10, 40, 42]));
        assert_eq!(m.figure(KpiKind::Csat, "%"), Some(82.0));
        assert_eq!(
            parse(KpiKind::Csat, "3 5 10 40").unwrap_err(),
            "CSAT needs five counts: answers 1 2 3 4 5, e.g. 3 5 10 40 42 (or a score: CSAT 81)"
        );
        assert_eq!(
            parse(KpiKind::Csat, "0 0 0 0 0").unwrap_err(),
            "no answers: the five counts add up to 0"
        );
        assert_eq!(
            parse(KpiKind::Csat, "3 5 x 40 42").unwrap_err(),
            "“x” is not a count: use a whole number ≥ 0"
        );
    }

    #[test]
    fn ces_takes_a_score_and_its_respondents() {
        let m = parse(KpiKind::Ces, "5.2 87").unwrap();
        assert_eq!((m.value, m.respondents), (Some(5.2), Some(87)));
        assert_eq!(
            parse(KpiKind::Ces, "5.2").unwrap_err(),
            "CES needs a score and its respondents, e.g. 5.2 87"
        );
        assert_eq!(
            parse(KpiKind::Ces, "5.2 0").unwrap_err(),
            "no respondents: a CES needs at least one, e.g. 5.2 87"
        );
        assert_eq!(
            parse(KpiKind::Ces, "5,2 87").unwrap_err(),
            "“5,2” is not a number: use a dot for decimals, e.g. 41.5"
        );
        assert_eq!(
            parse(KpiKind::Ces, "NaN 87").unwrap_err(),
            "“NaN” is not a number"
        );
    }

    #[test]
    fn ratio_takes_a_slash_or_two_numbers() {
        for text in ["412/780", "412 / 780", "412 780", " 412/ 780 "] {
            let m = parse(KpiKind::Ratio, text).unwrap();
            assert_eq!(
                (m.numerator, m.denominator),
                (Some(412), Some(780)),
                "{text}"
            );
        }
        for bad in ["412", "412/780/3", "412 780 3", "4 12/780"] {
            assert_eq!(
                parse(KpiKind::Ratio, bad).unwrap_err(),
                "a ratio needs numerator/denominator, e.g. 412/780",
                "{bad}"
            );
        }
        assert_eq!(
            parse(KpiKind::Ratio, "412/0").unwrap_err(),
            "nothing to divide by: the denominator is 0"
        );
        assert_eq!(
            parse(KpiKind::Ratio, "41.2/780").unwrap_err(),
            "“41.2” is not a count: use a whole number ≥ 0"
        );
    }

    #[test]
    fn value_takes_one_number_with_or_without_its_unit() {
        assert_eq!(parse(KpiKind::Value, "41.5").unwrap().value, Some(41.5));
        assert_eq!(parse(KpiKind::Value, "−3").unwrap().value, Some(-3.0));
        let per = kpi(KpiKind::Value, "per 100 orders");
        let m = parse_measurement(&per, "12.6 per 100 orders", TODAY).unwrap();
        assert_eq!(m.value, Some(12.6));
        assert_eq!(
            parse(KpiKind::Value, "41.5 42").unwrap_err(),
            "a value needs one number, e.g. 41.5"
        );
        assert_eq!(
            parse(KpiKind::Value, "lots").unwrap_err(),
            "“lots” is not a number"
        );
        assert_eq!(
            parse(KpiKind::Value, "inf").unwrap_err(),
            "“inf” is not a number"
        );
    }

    #[test]
    fn a_leading_date_dates_the_measurement() {
        let m = parse(KpiKind::Value, "2026-02-02 41.5").unwrap();
        assert_eq!((m.date.as_str(), m.value), ("2026-02-02", Some(41.5)));
        let m = parse(KpiKind::Ratio, "2024-02-29 1/2").unwrap();
        assert_eq!(m.date, "2024-02-29");
        for bad in ["2026-02-30", "2026-2-3", "2026-13-01"] {
            assert_eq!(
                parse(KpiKind::Value, &format!("{bad} 41.5")).unwrap_err(),
                format!("“{bad}” is not a date: use YYYY-MM-DD, e.g. {TODAY}")
            );
        }
    }

    #[test]
    fn counts_too_large_to_add_are_refused() {
        let max = u64::MAX;
        assert_eq!(
            parse(KpiKind::Nps, &format!("{max} {max} 1")).unwrap_err(),
            "these counts are too large to add up"
        );
        assert_eq!(
            parse(KpiKind::Nps, "99999999999999999999999 1 1").unwrap_err(),
            "“99999999999999999999999” is not a count: use a whole number ≥ 0"
        );
    }

    #[test]
    fn hints_name_what_to_type() {
        assert_eq!(
            measurement_hint(KpiKind::Nps),
            "promoters passives detractors, e.g. 120 40 30"
        );
        assert_eq!(
            measurement_hint(KpiKind::Ratio),
            "numerator/denominator, e.g. 412/780"
        );
        for kind in [
            KpiKind::Nps,
            KpiKind::Csat,
            KpiKind::Ces,
            KpiKind::Ratio,
            KpiKind::Value,
        ] {
            let example = measurement_example(kind);
            let unit = if kind == KpiKind::Value { "" } else { "%" };
            assert!(parse_measurement(&kpi(kind, unit), example, TODAY).is_ok());
        }
    }

    #[test]
    fn kpis_are_typed_as_name_kind_unit_and_target() {
        let k = parse_kpi("Checkout conversion: ratio % >= 65").unwrap();
        assert!(k.id.starts_with("kp-"));
        assert_eq!(
            (
                k.name.as_str(),
                k.kind,
                k.unit.as_str(),
                k.target,
                k.direction
            ),
            (
                "Checkout conversion",
                KpiKind::Ratio,
                "%",
                Some(65.0),
                Direction::Higher
            )
        );
        assert!(k.measurements.is_empty());
        let k = parse_kpi("Support calls: value per 100 orders <= 8").unwrap();
        assert_eq!(
            (k.kind, k.unit.as_str(), k.target, k.direction),
            (
                KpiKind::Value,
                "per 100 orders",
                Some(8.0),
                Direction::Lower
            )
        );
        let k = parse_kpi("  Relationship   NPS :NPS ≥ 40").unwrap();
        assert_eq!(
            (k.name.as_str(), k.kind, k.unit.as_str(), k.target),
            ("Relationship NPS", KpiKind::Nps, "", Some(40.0))
        );
        let k = parse_kpi("Effort: ces ≤ 3.5").unwrap();
        assert_eq!(
            (k.kind, k.target, k.direction),
            (KpiKind::Ces, Some(3.5), Direction::Lower)
        );
        let k = parse_kpi("Step 2: payment: csat").unwrap();
        assert_eq!(
            (k.name.as_str(), k.kind, k.unit.as_str(), k.target),
            ("Step 2: payment", KpiKind::Csat, "%", None)
        );
    }

    #[test]
    fn kpi_units_default_by_kind_and_may_follow_the_target() {
        let unit = |text: &str| parse_kpi(text).unwrap().unit;
        assert_eq!(unit("Conversion: ratio >= 65"), "%");
        assert_eq!(unit("Conversion: ratio>=65%"), "%");
        assert_eq!(unit("Conversion: ratio >= 65 %"), "%");
        assert_eq!(unit("Conversion: ratio % >= 65 %"), "%");
        assert_eq!(unit("Items per order: ratio items"), "items");
        assert_eq!(unit("Satisfaction: csat >= 80"), "%");
        assert_eq!(unit("Queue: value min <= 5"), "min");
        assert_eq!(unit("Queue: value <= 5 min"), "min");
        assert_eq!(unit("Orders: value"), "");
        assert_eq!(parse_kpi("NPS: nps >= -10").unwrap().target, Some(-10.0));
        assert_eq!(parse_kpi("NPS: nps >= −10").unwrap().target, Some(-10.0));
    }

    #[test]
    fn kpi_errors_say_what_is_wrong() {
        let error = |text: &str| parse_kpi(text).unwrap_err().to_string();
        assert_eq!(
            error("Checkout conversion"),
            "a KPI is typed as name: nps|csat|ces|ratio|value [unit] [>= or <= target], e.g. \
             Checkout conversion: ratio % >= 65"
        );
        assert_eq!(
            error(": ratio"),
            "a KPI needs a name before the colon, e.g. Checkout conversion: ratio % >= 65"
        );
        assert_eq!(
            error("Conversion:"),
            "say which kind after the colon: nps, csat, ces, ratio or value"
        );
        assert_eq!(
            error("Conversion: rate % >= 65"),
            "“rate” is not a kind: use nps, csat, ces, ratio or value"
        );
        assert_eq!(
            error("Conversion: ratio % > 65"),
            "write the target as >= 65 (higher is better) or <= 8 (lower is better)"
        );
        assert_eq!(
            error("Conversion: ratio % >="),
            "a target is needed after >=, e.g. >= 65"
        );
        assert_eq!(
            error("Conversion: ratio % >= high"),
            "“high” is not a number: the target is a number, e.g. >= 65"
        );
        assert_eq!(
            error("Conversion: ratio % >= 6.5.1"),
            "“6.5.1” is not a number"
        );
        assert_eq!(
            error("Conversion: ratio % >= 65 pts"),
            "the unit is given twice: “%” and “pts”"
        );
        assert_eq!(
            error("Satisfaction: csat pts"),
            "a CSAT is a share in %: leave the unit out or write %"
        );
        assert_eq!(
            error("NPS: nps >= 120"),
            "an NPS target is between -100 and 100"
        );
        assert_eq!(
            error("CSAT: csat <= 101"),
            "a CSAT target is between 0 and 100 %"
        );
    }

    #[test]
    fn figures_read_n_a_when_missing_and_changes_carry_a_sign() {
        assert_eq!(figure_text(Some(57.62), "%"), "57.6 %");
        assert_eq!(figure_text(None, "%"), "n/a");
        let change = |from, to| kpi_change_text(KpiKind::Value, "pts", Some(from), Some(to));
        assert_eq!(change(1.0, 5.84), "+4.84 pts");
        assert_eq!(change(1.0, 15.84), "+14.8 pts");
        assert_eq!(change(3.0, 1.4), "-1.6 pts");
        assert_eq!(change(2.0, 2.0), "0 pts");
        assert_eq!(change(2.0, 1.999), "0 pts");
    }

    #[test]
    fn targets_and_marks_read_without_colour() {
        let mut k = kpi(KpiKind::Ratio, "%");
        assert_eq!(target_text(&k), "no target");
        k.target = Some(65.0);
        assert_eq!(target_text(&k), "≥ 65 %");
        k.direction = Direction::Lower;
        assert_eq!(target_text(&k), "≤ 65 %");
        assert_eq!(target_mark(Some(true)), "✓");
        assert_eq!(target_mark(Some(false)), "✗");
        assert_eq!(target_mark(None), "·");
    }

    #[test]
    fn the_stage_mark_is_a_tick_only_when_every_measured_target_is_met() {
        let measured = |target: f64, numerator: u64| Kpi {
            target: Some(target),
            measurements: vec![Measurement {
                date: "2026-01-01".into(),
                numerator: Some(numerator),
                denominator: Some(100),
                ..Measurement::default()
            }],
            ..kpi(KpiKind::Ratio, "%")
        };
        let mut stage = Stage::new("Purchase");
        assert_eq!(stage_kpi_mark(&stage), None);
        stage.kpis = vec![kpi(KpiKind::Ratio, "%")];
        assert_eq!(stage_kpi_mark(&stage), None);
        stage.kpis.push(measured(50.0, 60));
        assert_eq!(stage_kpi_mark(&stage), Some("✓"));
        stage.kpis.push(measured(50.0, 40));
        assert_eq!(stage_kpi_mark(&stage), Some("✗"));
        // Nothing to divide by: no figure, so no mark and no panic.
        let mut empty = measured(50.0, 0);
        empty.measurements[0].denominator = Some(0);
        stage.kpis = vec![empty];
        assert_eq!(stage_kpi_mark(&stage), None);
    }

    #[test]
    fn the_demo_kpis_have_marks() {
        let ws = crate::demo::workspace();
        let marks: Vec<Option<&str>> = ws.journeys[0].stages.iter().map(stage_kpi_mark).collect();
        assert_eq!(
            marks,
            [Some("✗"), None, Some("✗"), Some("✗"), Some("✗"), Some("✗")]
        );
    }
}
