//! `--paths` in each output format: the most common paths, the flows between stages, where
//! customers leave, loops and moves backwards.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{cells, percent, table};
use crate::analytics::paths::{Flow, PathFigures, Paths, SEPARATOR};
use crate::number::thousands;
use crate::text::{cut, cut_end, one_line};

/// The flow target of customers who left, in CSV, SQL and tables.
pub const LEFT: &str = "(left)";

/// The widest a path is shown in a table; longer ones are cut with `…`.
const PATH_WIDTH: usize = 46;

/// Paths as JSON (docs/analytics.md §4).
pub fn json(p: &Paths) -> Value {
    let rows = |rows: &[PathFigures]| -> Vec<Value> {
        rows.iter()
            .map(|r| {
                json!({
                    "path": r.path,
                    "customers": r.customers,
                    "converted": r.converted,
                    "share": r.customers as f64 / p.customers.max(1) as f64,
                    "conversion_rate": r.converted as f64 / r.customers.max(1) as f64,
                })
            })
            .collect()
    };
    let flows: Vec<Value> = p
        .flows
        .iter()
        .map(|f| json!({"from": f.from, "to": f.to, "customers": f.customers}))
        .collect();
    let leaving: Vec<Value> = p
        .leaving_channels
        .iter()
        .map(|l| json!({"channel": l.channel, "customers": l.customers}))
        .collect();
    json!({
        "customers": p.customers,
        "stage_paths": rows(&p.stage_paths),
        "distinct_stage_paths": p.distinct_stage_paths,
        "channel_paths": rows(&p.channel_paths),
        "distinct_channel_paths": p.distinct_channel_paths,
        "flows": flows,
        "leaving_channels": leaving,
        "looped": p.looped,
        "backward": p.backward,
    })
}

/// The name of a flow's row: `from > to`, `to` being [`LEFT`] for leaving.
pub fn flow_name(f: &Flow) -> String {
    format!("{}{SEPARATOR}{}", f.from, f.to.as_deref().unwrap_or(LEFT))
}

/// Paths as (section, name, metric, value) rows: `paths,,customers` and the other totals,
/// `stage_path` and `channel_path` rows (`customers`, `converted`), `flow` rows
/// (`from > to`, `customers`) and `leaving` rows (channel, `customers`).
pub fn csv_rows(p: &Paths) -> Vec<[String; 4]> {
    let mut rows: Vec<[String; 4]> = Vec::new();
    let mut row = |section: &str, name: &str, metric: &str, value: u64| {
        rows.push([
            section.into(),
            name.into(),
            metric.into(),
            value.to_string(),
        ]);
    };
    for (metric, value) in [
        ("customers", p.customers),
        ("distinct_stage_paths", p.distinct_stage_paths),
        ("distinct_channel_paths", p.distinct_channel_paths),
        ("looped", p.looped),
        ("backward", p.backward),
    ] {
        row("paths", "", metric, value);
    }
    for (section, paths) in [
        ("stage_path", &p.stage_paths),
        ("channel_path", &p.channel_paths),
    ] {
        for r in paths {
            row(section, &r.path, "customers", r.customers);
            row(section, &r.path, "converted", r.converted);
        }
    }
    for f in &p.flows {
        row("flow", &flow_name(f), "customers", f.customers);
    }
    for l in &p.leaving_channels {
        row("leaving", &l.channel, "customers", l.customers);
    }
    rows
}

/// Paths as text tables fitting 80 columns.
pub fn table_text(out: &mut String, p: &Paths) {
    let _ = writeln!(
        out,
        "\nPaths to the first conversion ({} customers; {} stage paths, {} channel paths)",
        thousands(p.customers),
        thousands(p.distinct_stage_paths),
        thousands(p.distinct_channel_paths),
    );
    for (title, rows) in [
        ("Stage path", &p.stage_paths),
        ("Channel path", &p.channel_paths),
    ] {
        out.push('\n');
        let mut lines = vec![cells(&[title, "Customers", "Share", "Converting"])];
        for r in rows {
            lines.push(vec![
                shortened(&r.path),
                thousands(r.customers),
                percent(r.customers as f64, p.customers as f64),
                percent(r.converted as f64, r.customers as f64),
            ]);
        }
        table(out, &lines);
    }
    let leaving = p.leaving();
    let biggest = p.leaving_stages().map(|(_, n)| n).max().unwrap_or(0);
    out.push('\n');
    let mut lines = vec![cells(&["Step", "Customers", ""])];
    for f in &p.flows {
        let mark = match (&f.to, f.is_backward()) {
            (None, _) if f.customers == biggest => "biggest leak",
            (None, _) => "leak",
            (Some(_), true) => "back",
            _ => "",
        };
        lines.push(vec![
            shortened(&flow_name(f)),
            thousands(f.customers),
            mark.to_string(),
        ]);
    }
    table(out, &lines);
    if leaving > 0 {
        let channels: Vec<String> = p
            .top_leaving_channels(3)
            .map(|(channel, share)| format!("{} {}", one_line(channel), percent(share, 1.0)))
            .collect();
        let _ = writeln!(
            out,
            "\n{} customers left without converting; last channel: {}",
            thousands(leaving),
            channels.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "Loops: {} customers came back to a stage they had left.\n\
         Backward: {} customers stepped back to an earlier stage.",
        thousands(p.looped),
        thousands(p.backward),
    );
}

/// `text` on one line, at most [`PATH_WIDTH`] wide: a longer path keeps its start and its
/// end, `…` between, so that paths differing late still read differently.
fn shortened(text: &str) -> String {
    let text = one_line(text);
    if cut(&text, PATH_WIDTH).len() == text.len() {
        return text;
    }
    let start = cut(&text, PATH_WIDTH / 2);
    let end = cut_end(&text, PATH_WIDTH - PATH_WIDTH / 2 - 1);
    format!("{start}…{end}")
}
