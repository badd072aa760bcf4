//! `--emit-sql --paths`: the paths of docs/analytics.md §4 (everyone's, as cjm reports them),
//! as CTEs and result rows: each customer's stages and channels before their first
//! conversion, repeats back to back once, the most common of them, the steps between stages,
//! where customers leave, loops and moves backwards.

use super::{Dialect, Emitter};
use crate::analytics::output::LEFT;
use crate::analytics::paths::{CONVERSION_FIRST, MAX_STEPS, MORE, SEPARATOR};
use crate::analytics::rules::NO_CHANNEL;

/// A named CTE: (name, (comment, body)).
type Cte = (&'static str, (&'static str, String));

impl Emitter<'_> {
    fn top_paths(&self) -> usize {
        self.paths
            .expect("paths CTEs are emitted with --paths only")
    }

    /// `column`'s values of a customer's rows joined by ` > ` in the order of `step`, those
    /// past [`MAX_STEPS`] left out (their NULL is skipped).
    fn joined(&self, column: &str) -> String {
        let d = self.d;
        let kept = format!("CASE WHEN step <= {MAX_STEPS} THEN {column} END");
        let separator = d.literal(SEPARATOR);
        match d {
            Dialect::DuckDb | Dialect::Postgres | Dialect::BigQuery => {
                format!("STRING_AGG({kept}, {separator} ORDER BY step)")
            }
            Dialect::Spark => format!(
                "array_join(transform(array_sort(collect_list(CASE WHEN step <= {MAX_STEPS} THEN \
                 named_struct('k', step, 'v', {column}) END)), s -> s.v), {separator})"
            ),
        }
    }

    /// The text of each customer's path of `steps` (a CTE of customer, step, name), as
    /// `paths::Counts` writes it.
    fn path_texts(&self, steps: &str) -> String {
        let d = self.d;
        format!(
            "  SELECT c.customer, c.converted, COALESCE(p.path, {first}) AS path\n  \
             FROM path_customers AS c\n  \
             LEFT JOIN (\n    \
             SELECT customer, {joined} || CASE WHEN COUNT(*) > {MAX_STEPS} THEN {more} ELSE '' END AS path\n    \
             FROM {steps}\n    \
             GROUP BY customer\n  \
             ) AS p ON p.customer = c.customer",
            first = d.literal(CONVERSION_FIRST),
            joined = self.joined("name"),
            more = d.literal(&format!("{SEPARATOR}{MORE}")),
        )
    }

    /// Paths of one kind by customers, most first, ties by the path byte by byte.
    fn path_counts(&self, texts: &str) -> String {
        format!(
            "  SELECT path, COUNT(*) AS customers, SUM(converted) AS converted,\n    \
             ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, {}) AS path_rank\n  \
             FROM {texts}\n  \
             GROUP BY path",
            self.d.bytewise("path"),
        )
    }

    /// The CTEs of paths, after the figures'.
    pub(super) fn paths_ctes(&self) -> Vec<Cte> {
        let d = self.d;
        let everyone = if self.by.is_some() {
            " AND o.seg = ''"
        } else {
            ""
        };
        let none = d.literal(NO_CHANNEL);
        let keep_none = if self.credit_direct {
            "1 = 1"
        } else {
            "channeled = 0"
        };
        let stages = self.journey.stages.len();
        vec![
            (
                "path_customers",
                (
                    "Paths: each customer, and their first conversion if any.",
                    format!(
                        "  SELECT o.customer, MIN(CASE WHEN o.stage = {conversion} THEN o.seq END) AS first_conversion,\n    \
                         MAX(CASE WHEN o.stage = {conversion} THEN 1 ELSE 0 END) AS converted\n  \
                         FROM ordered AS o\n  \
                         WHERE 1 = 1{everyone}\n  \
                         GROUP BY o.customer",
                        conversion = self.conversion,
                    ),
                ),
            ),
            (
                "path_events",
                (
                    "Each customer's events before their first conversion (all of them without one).",
                    format!(
                        "  SELECT o.customer, o.seq, o.stage, o.channel, c.converted\n  \
                         FROM ordered AS o\n  \
                         JOIN path_customers AS c ON c.customer = o.customer\n  \
                         WHERE (c.first_conversion IS NULL OR o.seq < c.first_conversion){everyone}"
                    ),
                ),
            ),
            (
                "stage_steps",
                (
                    "Their stages, one repeated back to back once, numbered.",
                    "  SELECT customer, seq, stage, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY seq) AS step\n  \
                     FROM (\n    \
                     SELECT customer, seq, stage, LAG(stage) OVER (PARTITION BY customer ORDER BY seq) AS previous\n    \
                     FROM path_events\n  \
                     ) AS s\n  \
                     WHERE previous IS NULL OR previous <> stage"
                        .to_string(),
                ),
            ),
            (
                "channel_steps",
                (
                    "Their channels, (none) only when there is no other (or with --credit-direct), \
                     one repeated back to back once, numbered.",
                    format!(
                        "  SELECT customer, seq, channel AS name, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY seq) AS step\n  \
                         FROM (\n    \
                         SELECT customer, seq, channel, LAG(channel) OVER (PARTITION BY customer ORDER BY seq) AS previous\n    \
                         FROM (\n      \
                         SELECT customer, seq, channel,\n        \
                         SUM(CASE WHEN channel <> {none} THEN 1 ELSE 0 END) OVER (PARTITION BY customer) AS channeled\n      \
                         FROM path_events\n    \
                         ) AS counted\n    \
                         WHERE channel <> {none} OR {keep_none}\n  \
                         ) AS s\n  \
                         WHERE previous IS NULL OR previous <> channel"
                    ),
                ),
            ),
            (
                "stage_path_texts",
                (
                    "Each customer's stage path as text.",
                    self.path_texts(
                        "(SELECT s.customer, s.step, n.stage_name AS name FROM stage_steps AS s \
                         JOIN stage_names AS n ON n.stage = s.stage) AS named",
                    ),
                ),
            ),
            (
                "channel_path_texts",
                (
                    "Each customer's channel path as text.",
                    self.path_texts("channel_steps"),
                ),
            ),
            (
                "stage_path_counts",
                ("The stage paths by customers.", self.path_counts("stage_path_texts")),
            ),
            (
                "channel_path_counts",
                (
                    "The channel paths by customers.",
                    self.path_counts("channel_path_texts"),
                ),
            ),
            (
                "flow_steps",
                (
                    "The steps of the flows: the stage path, then the first conversion.",
                    format!(
                        "  SELECT customer, seq, stage FROM stage_steps\n  \
                         UNION ALL\n  \
                         SELECT customer, first_conversion, {} FROM path_customers WHERE first_conversion IS NOT NULL",
                        self.conversion
                    ),
                ),
            ),
            (
                "flow_pairs",
                (
                    "Each step a customer makes, once: to the next stage, or (for a customer who \
                     does not convert) from the last one to nowhere, numbered as the stages.",
                    format!(
                        "  SELECT DISTINCT f.customer, f.stage AS from_stage, COALESCE(f.next_stage, {stages}) AS to_stage\n  \
                         FROM (\n    \
                         SELECT customer, stage, LEAD(stage) OVER (PARTITION BY customer ORDER BY seq) AS next_stage\n    \
                         FROM flow_steps\n  \
                         ) AS f\n  \
                         JOIN path_customers AS c ON c.customer = f.customer\n  \
                         WHERE f.next_stage IS NOT NULL OR c.converted = 0"
                    ),
                ),
            ),
            (
                "flows",
                (
                    "Customers per step.",
                    format!(
                        "  SELECT p.from_stage, p.to_stage, COUNT(*) AS customers,\n    \
                         a.stage_name || {separator} || COALESCE(b.stage_name, {left}) AS flow\n  \
                         FROM flow_pairs AS p\n  \
                         JOIN stage_names AS a ON a.stage = p.from_stage\n  \
                         LEFT JOIN stage_names AS b ON b.stage = p.to_stage\n  \
                         GROUP BY p.from_stage, p.to_stage, a.stage_name, b.stage_name",
                        separator = d.literal(SEPARATOR),
                        left = d.literal(LEFT),
                    ),
                ),
            ),
            (
                "leaving",
                (
                    "The channel of the last event of each customer who does not convert.",
                    "  SELECT channel, COUNT(*) AS customers\n  \
                     FROM (\n    \
                     SELECT channel, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY seq DESC) AS r\n    \
                     FROM path_events\n    \
                     WHERE converted = 0\n  \
                     ) AS last_events\n  \
                     WHERE r = 1\n  \
                     GROUP BY channel"
                        .to_string(),
                ),
            ),
            (
                "path_summary",
                (
                    "Customers, how many paths of each kind, customers with a loop (a stage again \
                     after another) and with a step back.",
                    "  SELECT\n    \
                     (SELECT COUNT(*) FROM path_customers) AS customers,\n    \
                     (SELECT COUNT(*) FROM stage_path_counts) AS distinct_stage_paths,\n    \
                     (SELECT COUNT(*) FROM channel_path_counts) AS distinct_channel_paths,\n    \
                     (SELECT COUNT(*) FROM (\n      \
                     SELECT customer FROM flow_steps GROUP BY customer HAVING COUNT(*) > COUNT(DISTINCT stage)\n    \
                     ) AS l) AS looped,\n    \
                     (SELECT COUNT(DISTINCT customer) FROM flow_pairs WHERE to_stage < from_stage) AS backward"
                        .to_string(),
                ),
            ),
        ]
    }

    /// The result rows of paths, in cjm's order after retention's.
    pub(super) fn paths_rows(&self) -> Vec<String> {
        let d = self.d;
        let text = |expr: &str| d.to_text(expr);
        let seg = if self.by.is_some() { "'', " } else { "" };
        let top = self.top_paths();
        let mut rows = Vec::new();
        for (i, metric) in [
            "customers",
            "distinct_stage_paths",
            "distinct_channel_paths",
            "looped",
            "backward",
        ]
        .into_iter()
        .enumerate()
        {
            rows.push(format!(
                "SELECT {seg}8, 0, '', {i}, 'paths', '', '{metric}', {} FROM path_summary",
                text(metric)
            ));
        }
        for (section, (key, counts)) in [
            ("stage_path", (9, "stage_path_counts")),
            ("channel_path", (10, "channel_path_counts")),
        ] {
            for (i, metric) in ["customers", "converted"].into_iter().enumerate() {
                rows.push(format!(
                    "SELECT {seg}{key}, path_rank, '', {i}, '{section}', path, '{metric}', {} \
                     FROM {counts} WHERE path_rank <= {top}",
                    text(metric)
                ));
            }
        }
        rows.push(format!(
            "SELECT {seg}11, from_stage * {} + to_stage, '', 0, 'flow', flow, 'customers', {} FROM flows",
            self.journey.stages.len() + 1,
            text("customers")
        ));
        rows.push(format!(
            "SELECT {seg}12, -customers, channel, 0, 'leaving', channel, 'customers', {} FROM leaving",
            text("customers")
        ));
        rows
    }
}
