//! A KPI with its measurements as a form.

use crate::model::{Direction, Kpi, KpiKind, Measurement};
use crate::report::kpi_input::{kind_name, parse_measurement};

use super::FormError;
use super::syntax::{error, fields, list, scalar};

const KPI_LABELS: [&str; 6] = [
    "Name",
    "Kind",
    "Unit",
    "Target",
    "Direction",
    "Measurements",
];

/// A KPI as a form: its settings, then one `- DATE COUNTS` line per measurement, typed as the
/// KPI view's `m` takes them.
pub fn kpi_form(kpi: &Kpi) -> String {
    let mut form = String::new();
    scalar(&mut form, "Name", &kpi.name);
    scalar(&mut form, "Kind", kind_name(kpi.kind));
    scalar(&mut form, "Unit", &kpi.unit);
    let target = kpi.target.map_or(String::new(), |t| t.to_string());
    scalar(&mut form, "Target", &target);
    let direction = match kpi.direction {
        Direction::Higher => "higher",
        Direction::Lower => "lower",
    };
    scalar(&mut form, "Direction", direction);
    let lines: Vec<String> = kpi
        .measurements
        .iter()
        .map(|m| measurement_text(kpi.kind, m))
        .collect();
    list(&mut form, "Measurements", &lines);
    form
}

/// A measurement as the text `m` takes: its date, then its kind's counts.
fn measurement_text(kind: KpiKind, m: &Measurement) -> String {
    let n = |v: Option<u64>| v.map_or("?".to_string(), |v| v.to_string());
    let x = |v: Option<f64>| v.map_or("?".to_string(), |v| v.to_string());
    let scored = match kind {
        KpiKind::Nps => m.promoters.is_none(),
        KpiKind::Csat => m.buckets.is_none(),
        KpiKind::Ces => m.value.is_none(),
        KpiKind::Ratio | KpiKind::Value => false,
    };
    if let (true, Some(score)) = (scored, m.score) {
        return format!("{} score {score}", m.date);
    }
    let counts = match kind {
        KpiKind::Nps => format!("{} {} {}", n(m.promoters), n(m.passives), n(m.detractors)),
        KpiKind::Csat => m.buckets.map_or("? ? ? ? ?".into(), |b| {
            b.iter().map(u64::to_string).collect::<Vec<_>>().join(" ")
        }),
        KpiKind::Ces => format!("{} {}", x(m.value), n(m.respondents)),
        KpiKind::Ratio => format!("{}/{}", n(m.numerator), n(m.denominator)),
        KpiKind::Value => x(m.value),
    };
    format!("{} {counts}", m.date)
}

/// Reads a KPI form into a copy of `base` (id and unknown fields kept). A measurement line
/// left as it was keeps its measurement as stored; changed and new lines are read as the
/// KPI view's `m` reads them.
pub fn parse_kpi_form(text: &str, base: &Kpi) -> Result<Kpi, FormError> {
    let mut kpi = base.clone();
    let mut lines = Vec::new();
    for field in fields(text, &KPI_LABELS)? {
        let line = field.line;
        match field.label {
            "Name" => kpi.name = field.scalar()?,
            "Kind" => {
                let value = field.scalar()?.to_lowercase();
                kpi.kind = [
                    KpiKind::Nps,
                    KpiKind::Csat,
                    KpiKind::Ces,
                    KpiKind::Ratio,
                    KpiKind::Value,
                ]
                .into_iter()
                .find(|k| kind_name(*k).to_lowercase() == value)
                .ok_or_else(|| error(line, "the kind is nps, csat, ces, ratio or value"))?;
            }
            "Unit" => kpi.unit = field.scalar()?,
            "Target" => {
                let value = field.scalar()?;
                kpi.target = if value.is_empty() {
                    None
                } else {
                    let target = value.parse::<f64>().ok().filter(|t| t.is_finite());
                    Some(target.ok_or_else(|| error(line, "the target is a number, e.g. 65"))?)
                };
            }
            "Direction" => {
                kpi.direction = match field.scalar()?.to_lowercase().as_str() {
                    "" | "higher" => Direction::Higher,
                    "lower" => Direction::Lower,
                    _ => {
                        return Err(error(
                            line,
                            "the direction is \"higher\" or \"lower\" (is better)",
                        ));
                    }
                }
            }
            _ => lines = field.items.into_iter().map(|item| (line, item)).collect(),
        }
    }
    if kpi.name.trim().is_empty() {
        return Err(error(1, "a KPI needs a name: write it after \"Name:\""));
    }
    let mut old: Vec<&Measurement> = base.measurements.iter().collect();
    kpi.measurements = lines
        .into_iter()
        .map(|(line, item)| {
            let same = old
                .iter()
                .position(|m| base.kind == kpi.kind && measurement_text(base.kind, m) == item);
            match same {
                Some(i) => Ok(old.remove(i).clone()),
                None => match parse_measurement(&kpi, &item, "") {
                    Ok(m) if m.date.is_empty() => Err(error(
                        line,
                        format!("{item:?}: start with the date, YYYY-MM-DD"),
                    )),
                    Ok(m) => Ok(m),
                    Err(e) => Err(error(line, format!("{item:?}: {e}"))),
                },
            }
        })
        .collect::<Result<_, _>>()?;
    Ok(kpi)
}
