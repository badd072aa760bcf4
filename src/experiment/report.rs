//! An experiment's figures from each arm's funnel (the `cjm analyze` engine run per arm):
//! per arm customers, reach per stage and overall conversion; per treatment against the
//! control the difference in each rate with its interval, p-value (Holm-adjusted over every
//! comparison), chance to beat control and verdict; and the sample ratio mismatch test.
//! Output as a table, JSON or CSV.

use serde::Serialize;

use super::{
    ALPHA, MeanTest, RankTest, RateTest, SRM_ALPHA, SrmTest, chance_to_beat, holm, mann_whitney,
    p_text, quantile, sample_ratio_mismatch, two_proportions, verdict, welch,
};
use crate::analytics::Analysis;
use crate::number::round_text;

/// One arm's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Arm {
    /// The arm's name as in the arm column.
    pub name: String,
    /// Customers with a mapped event.
    pub customers: u64,
    /// Customers who reached the conversion stage.
    pub conversions: u64,
    /// The mean of each customer's summed `value`; `None` without values.
    pub value_per_customer: Option<f64>,
    /// Per stage: customers who reached it, and the median and 90th-percentile hours to the
    /// next stage over those who went on.
    pub stages: Vec<ArmStage>,
    /// Median hours from a converted customer's first event to their first conversion.
    pub median_hours_to_convert: Option<f64>,
    /// The 90th percentile of the same.
    pub p90_hours_to_convert: Option<f64>,
}

/// One stage of one arm.
#[derive(Debug, Clone, Serialize)]
pub struct ArmStage {
    /// The stage's name.
    pub stage: String,
    /// Customers who reached it.
    pub reached: u64,
    /// Median hours to the next stage.
    pub median_hours: Option<f64>,
    /// 90th percentile hours to the next stage.
    pub p90_hours: Option<f64>,
}

/// One treatment against the control on one rate.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The treatment arm.
    pub treatment: String,
    /// `conversion`, or `reach: STAGE`.
    pub metric: String,
    /// The test.
    pub test: RateTest,
    /// The p-value after Holm over every comparison of the report.
    pub adjusted_p: f64,
    /// P(treatment's rate > control's).
    pub chance_to_beat: f64,
    /// What it shows, in words.
    pub verdict: String,
}

/// One treatment against the control on value per customer (Welch's t).
#[derive(Debug, Clone, Serialize)]
pub struct ValueComparison {
    /// The treatment arm.
    pub treatment: String,
    /// The test.
    pub test: MeanTest,
    /// The p-value after Holm over every comparison of the report.
    pub adjusted_p: f64,
}

/// One treatment against the control on time to convert (Mann–Whitney U over the converted
/// customers' hours).
#[derive(Debug, Clone, Serialize)]
pub struct TimeComparison {
    /// The treatment arm.
    pub treatment: String,
    /// The control's median hours to convert.
    pub control_median_hours: f64,
    /// The treatment's median hours to convert.
    pub treatment_median_hours: f64,
    /// The test.
    pub test: RankTest,
    /// The p-value after Holm over every comparison of the report.
    pub adjusted_p: f64,
}

/// The whole experiment.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The journey.
    pub journey: String,
    /// The conversion stage.
    pub conversion_stage: String,
    /// The control arm's name.
    pub control: String,
    /// Every arm, control first.
    pub arms: Vec<Arm>,
    /// The intended split, one weight per arm in the order of `arms`.
    pub split: Vec<f64>,
    /// The sample ratio mismatch test; `None` without customers.
    pub srm: Option<SrmTest>,
    /// Every treatment against the control.
    pub comparisons: Vec<Comparison>,
    /// Every treatment against the control on value per customer, when the events have values.
    pub value_comparisons: Vec<ValueComparison>,
    /// Every treatment against the control on time to convert, when both arms have
    /// conversions.
    pub time_comparisons: Vec<TimeComparison>,
    /// What could not be computed, in words.
    pub notes: Vec<String>,
}

impl Report {
    /// Whether the split is broken (SRM p below 0.001).
    pub fn mismatch(&self) -> bool {
        self.srm.is_some_and(|s| s.p_value < SRM_ALPHA)
    }
}

/// The report for `arms` (name and its funnel), `values` each arm's value per customer (in
/// the order of `arms`; empty when the events have none), `control` naming the control
/// (default: the first arm) and `split` the intended weights in the order of `arms` (default:
/// equal).
pub fn build(
    arms: &[(String, Analysis)],
    values: &[Vec<f64>],
    control: Option<&str>,
    split: Option<&[f64]>,
) -> Result<Report, String> {
    match arms {
        [] => return Err("no arms: the events have no rows".to_string()),
        [(only, _)] => {
            return Err(format!(
                "only one arm, “{only}”: an experiment needs a control and at least one treatment"
            ));
        }
        _ => {}
    }
    let control_at = match control {
        Some(name) => arms.iter().position(|(a, _)| a == name).ok_or_else(|| {
            let names: Vec<&str> = arms.iter().map(|(a, _)| a.as_str()).collect();
            format!("no arm “{name}” (arms: {})", names.join(", "))
        })?,
        None => 0,
    };
    let mut order: Vec<usize> = vec![control_at];
    order.extend((0..arms.len()).filter(|i| *i != control_at));
    let split = match split {
        Some(s) if s.len() != arms.len() => {
            return Err(format!(
                "--split gives {} weights for {} arms",
                s.len(),
                arms.len()
            ));
        }
        Some(s) => order.iter().map(|i| s[*i]).collect(),
        None => vec![1.0; arms.len()],
    };
    let value_of = |i: usize| values.get(i).map_or(&[][..], Vec::as_slice);
    let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    let arm_of = |i: usize| Arm {
        name: arms[i].0.clone(),
        customers: arms[i].1.customers,
        conversions: arms[i].1.conversions,
        value_per_customer: mean(value_of(i)),
        stages: arms[i]
            .1
            .stages
            .iter()
            .map(|s| ArmStage {
                stage: s.stage.clone(),
                reached: s.reached,
                median_hours: s.median_hours,
                p90_hours: s.p90_hours,
            })
            .collect(),
        median_hours_to_convert: quantile(&arms[i].1.hours_to_convert, 0.5),
        p90_hours_to_convert: quantile(&arms[i].1.hours_to_convert, 0.9),
    };
    let list: Vec<Arm> = order.iter().map(|i| arm_of(*i)).collect();
    // Time to convert, over the customers who converted: a rank test, since such times are
    // skewed (a few take weeks).
    let hours = |i: usize| arms[i].1.hours_to_convert.as_slice();
    let time_tests: Vec<(String, f64, f64, RankTest)> = order[1..]
        .iter()
        .filter_map(|i| {
            let test = mann_whitney(hours(order[0]), hours(*i))?;
            let control = quantile(hours(order[0]), 0.5)?;
            let treatment = quantile(hours(*i), 0.5)?;
            Some((arms[*i].0.clone(), control, treatment, test))
        })
        .collect();
    let has_values = values.iter().flatten().any(|v| *v != 0.0);
    let value_tests: Vec<(String, MeanTest)> = if has_values {
        order[1..]
            .iter()
            .filter_map(|i| {
                let test = welch(value_of(order[0]), value_of(*i), 0.95)?;
                Some((arms[*i].0.clone(), test))
            })
            .collect()
    } else {
        Vec::new()
    };
    let observed: Vec<u64> = list.iter().map(|a| a.customers).collect();
    let srm = sample_ratio_mismatch(&observed, &split);
    let mut notes = Vec::new();
    let conversion_stage = arms[0].1.conversion_stage.clone();
    let control_arm = &list[0];
    let mut tests: Vec<(String, String, RateTest, f64, u64)> = Vec::new();
    for arm in &list[1..] {
        let mut rates = vec![(
            "conversion".to_string(),
            (control_arm.conversions, arm.conversions),
        )];
        // A stage's reach is compared unless it is the conversion stage (that is
        // `conversion`) or every customer of both arms, or none, reached it: nothing to test,
        // and it would only weaken Holm's correction of the others.
        let (nc, nt) = (control_arm.customers, arm.customers);
        for (c, t) in control_arm.stages.iter().zip(&arm.stages) {
            let flat = (c.reached == 0 && t.reached == 0) || (c.reached == nc && t.reached == nt);
            if c.stage != conversion_stage && !flat {
                rates.push((format!("reach: {}", c.stage), (c.reached, t.reached)));
            }
        }
        for (metric, (xc, xt)) in rates {
            let (nc, nt) = (control_arm.customers, arm.customers);
            match two_proportions(xc, nc, xt, nt, 0.95) {
                Some(test) => {
                    let beat = chance_to_beat(xc, nc, xt, nt).unwrap_or(0.5);
                    tests.push((arm.name.clone(), metric, test, beat, nc.min(nt)));
                }
                None => notes.push(format!(
                    "{} against {}: {metric} cannot be compared, an arm has no customers",
                    arm.name, control_arm.name
                )),
            }
        }
    }
    let p_values: Vec<f64> = tests
        .iter()
        .map(|t| t.2.p_value)
        .chain(value_tests.iter().map(|t| t.1.p_value))
        .chain(time_tests.iter().map(|t| t.3.p_value))
        .collect();
    let mut adjusted = holm(&p_values);
    let time_adjusted = adjusted.split_off(tests.len() + value_tests.len());
    let time_comparisons = time_tests
        .into_iter()
        .zip(time_adjusted)
        .map(
            |((treatment, control, median, test), adjusted_p)| TimeComparison {
                treatment,
                control_median_hours: control,
                treatment_median_hours: median,
                test,
                adjusted_p,
            },
        )
        .collect();
    let value_adjusted = adjusted.split_off(tests.len());
    let value_comparisons = value_tests
        .into_iter()
        .zip(value_adjusted)
        .map(|((treatment, test), adjusted_p)| ValueComparison {
            treatment,
            test,
            adjusted_p,
        })
        .collect();
    let comparisons = tests
        .into_iter()
        .zip(adjusted)
        .map(
            |((treatment, metric, test, beat, n), adjusted_p)| Comparison {
                verdict: verdict(&test, adjusted_p, n),
                treatment,
                metric,
                test,
                adjusted_p,
                chance_to_beat: beat,
            },
        )
        .collect();
    let journey = arms[0].1.journey.clone();
    Ok(Report {
        journey,
        conversion_stage,
        control: control_arm.name.clone(),
        arms: list,
        split,
        srm,
        comparisons,
        value_comparisons,
        time_comparisons,
        notes,
    })
}

fn pct(rate: f64) -> String {
    format!("{} %", round_text(100.0 * rate, 1))
}

fn points(difference: f64) -> String {
    let text = round_text(100.0 * difference, 1);
    if difference > 0.0 && text != "0" {
        format!("+{text} pp")
    } else {
        format!("{text} pp")
    }
}

fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        "n/a".into()
    } else {
        pct(part as f64 / whole as f64)
    }
}

fn hours(h: Option<f64>) -> String {
    h.map_or("–".into(), |h| format!("{} h", round_text(h, 1)))
}

/// The report as text for a terminal. Marks read without colour: `*` significant after Holm,
/// `!` a sample ratio mismatch.
pub fn to_table(report: &Report) -> String {
    let mut out = String::new();
    if let Some(srm) = report.srm
        && report.mismatch()
    {
        out.push_str(&format!(
            "! SAMPLE RATIO MISMATCH: the arms' customers do not fit the intended split \
             (chi-square {}, p {}). Assignment or logging is broken; do not trust the figures \
             below.\n\n",
            round_text(srm.chi_square, 2),
            p_text(srm.p_value)
        ));
    }
    out.push_str(&format!(
        "Experiment on {} (conversion: {}), control {}\n\n",
        report.journey, report.conversion_stage, report.control
    ));
    out.push_str("Arm                  Customers  Conversion  Value/customer\n");
    for arm in &report.arms {
        let value = arm
            .value_per_customer
            .map_or("–".to_string(), |v| round_text(v, 2));
        out.push_str(&format!(
            "{:<20} {:>9}  {:>10}  {:>14}\n",
            arm.name,
            arm.customers,
            share(arm.conversions, arm.customers),
            value
        ));
    }
    out.push_str("\nReach per stage (median / p90 hours to the next stage)\n");
    for (i, stage) in report.arms[0].stages.iter().enumerate() {
        out.push_str(&format!("  {}\n", stage.stage));
        for arm in &report.arms {
            if let Some(s) = arm.stages.get(i) {
                out.push_str(&format!(
                    "    {:<18} {:>8}  {} / {}\n",
                    arm.name,
                    share(s.reached, arm.customers),
                    hours(s.median_hours),
                    hours(s.p90_hours)
                ));
            }
        }
    }
    out.push_str("\nTime to convert (median / p90 hours, converted customers)\n");
    for arm in &report.arms {
        out.push_str(&format!(
            "    {:<18} {} / {}\n",
            arm.name,
            hours(arm.median_hours_to_convert),
            hours(arm.p90_hours_to_convert)
        ));
    }
    out.push_str("\nAgainst the control (95 % intervals; p after Holm; * significant)\n");
    for c in &report.comparisons {
        let mark = if c.adjusted_p < ALPHA { "*" } else { " " };
        let relative = match (c.test.relative, c.test.relative_interval) {
            (Some(r), Some(i)) => format!(
                ", {}{} % [{} %, {} %]",
                if r > 0.0 { "+" } else { "" },
                round_text(100.0 * r, 1),
                round_text(100.0 * i.low, 1),
                round_text(100.0 * i.high, 1)
            ),
            _ => String::new(),
        };
        out.push_str(&format!(
            "{mark} {} {}: {} → {}, {} [{}, {}]{relative}; p {}; chance to beat {}\n    {}\n",
            c.treatment,
            c.metric,
            pct(c.test.control),
            pct(c.test.treatment),
            points(c.test.difference),
            points(c.test.interval.low),
            points(c.test.interval.high),
            p_text(c.adjusted_p),
            pct(c.chance_to_beat),
            c.verdict
        ));
    }
    for c in &report.value_comparisons {
        let mark = if c.adjusted_p < ALPHA { "*" } else { " " };
        let t = &c.test;
        let signed = |v: f64| {
            let text = round_text(v, 2);
            if v > 0.0 && text != "0" {
                format!("+{text}")
            } else {
                text
            }
        };
        out.push_str(&format!(
            "{mark} {} value per customer: {} → {}, {} [{}, {}]; p {} (Welch)\n",
            c.treatment,
            round_text(t.control, 2),
            round_text(t.treatment, 2),
            signed(t.difference),
            signed(t.interval.low),
            signed(t.interval.high),
            p_text(c.adjusted_p)
        ));
    }
    for c in &report.time_comparisons {
        let mark = if c.adjusted_p < ALPHA { "*" } else { " " };
        out.push_str(&format!(
            "{mark} {} time to convert: median {} → {}; p {} (Mann–Whitney)\n",
            c.treatment,
            hours(Some(c.control_median_hours)),
            hours(Some(c.treatment_median_hours)),
            p_text(c.adjusted_p)
        ));
    }
    if let Some(srm) = report.srm
        && !report.mismatch()
    {
        out.push_str(&format!(
            "\nSample ratio: fits the intended split (chi-square {}, p {})\n",
            round_text(srm.chi_square, 2),
            p_text(srm.p_value)
        ));
    }
    for note in &report.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out
}

/// The report as CSV: `section,arm,metric,field,value`, one figure a row.
pub fn to_csv(report: &Report) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut row = |fields: [&str; 5]| {
        let _ = writer.write_record(fields);
    };
    row(["section", "arm", "metric", "field", "value"]);
    for arm in &report.arms {
        row([
            "arm",
            &arm.name,
            "customers",
            "count",
            &arm.customers.to_string(),
        ]);
        row([
            "arm",
            &arm.name,
            "conversion",
            "count",
            &arm.conversions.to_string(),
        ]);
        if let Some(v) = arm.value_per_customer {
            row([
                "arm",
                &arm.name,
                "value per customer",
                "mean",
                &v.to_string(),
            ]);
        }
        for (field, value) in [
            ("median_hours", arm.median_hours_to_convert),
            ("p90_hours", arm.p90_hours_to_convert),
        ] {
            if let Some(v) = value {
                row(["arm", &arm.name, "time to convert", field, &v.to_string()]);
            }
        }
        for s in &arm.stages {
            let metric = format!("reach: {}", s.stage);
            row(["arm", &arm.name, &metric, "count", &s.reached.to_string()]);
            for (field, value) in [("median_hours", s.median_hours), ("p90_hours", s.p90_hours)] {
                if let Some(v) = value {
                    row(["arm", &arm.name, &metric, field, &v.to_string()]);
                }
            }
        }
    }
    for c in &report.comparisons {
        let t = &c.test;
        for (field, value) in [
            ("control", Some(t.control)),
            ("treatment", Some(t.treatment)),
            ("difference", Some(t.difference)),
            ("difference_low", Some(t.interval.low)),
            ("difference_high", Some(t.interval.high)),
            ("relative", t.relative),
            ("relative_low", t.relative_interval.map(|i| i.low)),
            ("relative_high", t.relative_interval.map(|i| i.high)),
            ("p_value", Some(t.p_value)),
            ("adjusted_p", Some(c.adjusted_p)),
            ("chance_to_beat", Some(c.chance_to_beat)),
        ] {
            if let Some(v) = value {
                row(["comparison", &c.treatment, &c.metric, field, &v.to_string()]);
            }
        }
        row(["comparison", &c.treatment, &c.metric, "verdict", &c.verdict]);
    }
    for c in &report.value_comparisons {
        let t = &c.test;
        for (field, value) in [
            ("control", t.control),
            ("treatment", t.treatment),
            ("difference", t.difference),
            ("difference_low", t.interval.low),
            ("difference_high", t.interval.high),
            ("p_value", t.p_value),
            ("adjusted_p", c.adjusted_p),
        ] {
            let v = value.to_string();
            row(["comparison", &c.treatment, "value per customer", field, &v]);
        }
    }
    for c in &report.time_comparisons {
        for (field, value) in [
            ("control_median_hours", c.control_median_hours),
            ("treatment_median_hours", c.treatment_median_hours),
            ("u", c.test.u),
            ("p_value", c.test.p_value),
            ("adjusted_p", c.adjusted_p),
        ] {
            let v = value.to_string();
            row(["comparison", &c.treatment, "time to convert", field, &v]);
        }
    }
    if let Some(srm) = report.srm {
        row(["srm", "", "", "chi_square", &srm.chi_square.to_string()]);
        row(["srm", "", "", "p_value", &srm.p_value.to_string()]);
    }
    String::from_utf8_lossy(&writer.into_inner().unwrap_or_default()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::StageFigures;

    fn arm(name: &str, customers: u64, conversions: u64, reached: &[u64]) -> (String, Analysis) {
        let stages = ["Visit", "Cart", "Purchase"]
            .iter()
            .zip(reached)
            .map(|(stage, reached)| StageFigures {
                stage: stage.to_string(),
                stage_id: stage.to_lowercase(),
                reached: *reached,
                converted: None,
                dropped: None,
                median_hours: None,
                p90_hours: None,
            })
            .collect();
        let analysis = Analysis {
            journey: "Shop".into(),
            conversion_stage: "Purchase".into(),
            customers,
            conversions,
            stages,
            ..Analysis::default()
        };
        (name.to_string(), analysis)
    }

    #[test]
    fn time_to_convert_is_compared_by_ranks_and_counted_in_holm() {
        let (mut a, mut b) = (arm("A", 10, 5, &[10, 8, 5]), arm("B", 10, 4, &[10, 7, 4]));
        // Converted customers' hours: B converts faster.
        a.1.hours_to_convert = vec![1.0, 2.0, 5.0, 5.0, 6.0];
        b.1.hours_to_convert = vec![0.5, 0.75, 1.0, 1.5];
        let report = build(&[a.clone(), b.clone()], &[], None, None).unwrap();
        assert_eq!(report.arms[0].median_hours_to_convert, Some(5.0));
        assert_eq!(report.arms[1].median_hours_to_convert, Some(0.875));
        let [time] = &report.time_comparisons[..] else {
            panic!("one time comparison: {:?}", report.time_comparisons);
        };
        let expected = mann_whitney(&a.1.hours_to_convert, &b.1.hours_to_convert).unwrap();
        assert_eq!(time.test, expected);
        assert_eq!(
            (time.control_median_hours, time.treatment_median_hours),
            (5.0, 0.875)
        );
        // Holm over the two rate comparisons (conversion, reach: Cart) and this one.
        let mut p: Vec<f64> = report.comparisons.iter().map(|c| c.test.p_value).collect();
        p.push(expected.p_value);
        assert_eq!(p.len(), 3);
        assert_eq!(time.adjusted_p, holm(&p)[2]);
        let table = to_table(&report);
        assert!(
            table.contains("B time to convert: median 5 h → 0.9 h"),
            "{table}"
        );
        assert!(to_csv(&report).contains("comparison,B,time to convert,u,"));
        // No conversions on one side: nothing to compare, nothing claimed.
        b.1.hours_to_convert.clear();
        let report = build(&[a, b], &[], None, None).unwrap();
        assert!(report.time_comparisons.is_empty());
        assert_eq!(report.arms[1].median_hours_to_convert, None);
    }

    #[test]
    fn an_empty_arm_is_a_note_not_a_figure() {
        let arms = [
            arm("A", 100, 10, &[100, 40, 10]),
            arm("B", 0, 0, &[0, 0, 0]),
        ];
        let report = build(&arms, &[], None, None).unwrap();
        assert!(report.comparisons.is_empty());
        assert_eq!(report.notes.len(), 2, "{:?}", report.notes);
        assert!(report.notes[0].contains("an arm has no customers"));
        assert!(to_table(&report).contains("note: B against A"));
    }

    #[test]
    fn zero_conversions_and_flat_stages_are_handled() {
        let arms = [arm("A", 50, 0, &[50, 0, 0]), arm("B", 50, 0, &[50, 3, 0])];
        let report = build(&arms, &[], Some("B"), Some(&[1.0, 1.0])).unwrap();
        assert_eq!(report.control, "B");
        // Conversion (0 against 0) and Cart's reach; Visit is flat, Purchase is conversion.
        let metrics: Vec<&str> = report
            .comparisons
            .iter()
            .map(|c| c.metric.as_str())
            .collect();
        assert_eq!(metrics, ["conversion", "reach: Cart"]);
        assert_eq!(report.comparisons[0].test.p_value, 1.0);
        assert_eq!(report.comparisons[0].test.relative, None);
        assert!(report.comparisons[0].verdict.starts_with("not significant"));
        assert!(!report.mismatch());
    }

    #[test]
    fn several_treatments_are_holm_adjusted_and_an_unequal_split_is_kept() {
        let arms = [
            arm("A", 1000, 100, &[1000, 500, 100]),
            arm("B", 2000, 300, &[2000, 1000, 300]),
            arm("C", 2000, 200, &[2000, 1000, 200]),
        ];
        let report = build(&arms, &[], None, Some(&[1.0, 2.0, 2.0])).unwrap();
        assert_eq!(report.srm.unwrap().chi_square, 0.0);
        let raw: Vec<f64> = report.comparisons.iter().map(|c| c.test.p_value).collect();
        let adjusted: Vec<f64> = report.comparisons.iter().map(|c| c.adjusted_p).collect();
        assert_eq!(adjusted, holm(&raw));
        assert!(report.comparisons[0].adjusted_p < ALPHA);
        assert!(to_table(&report).contains("* B conversion: 10 % → 15 %, +5 pp"));
        assert_eq!(
            build(&arms[..1], &[], None, None).unwrap_err(),
            "only one arm, “A”: an experiment needs a control and at least one treatment"
        );
    }
}
