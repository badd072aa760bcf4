//! `--emit-sql --retention`: the cohorts, each period's CRR, its trend and the repeat-purchase
//! rate of docs/analytics.md §4 (everyone's, as cjm reports them), as CTEs and result rows.
//! Periods are numbered as `retention::Period` numbers them, with integer arithmetic and the
//! RFC 3339 text every dialect already writes, so the query needs no date function of its own.

use super::{Dialect, Emitter};
use crate::analytics::retention::Period;

/// A named CTE: (name, (comment, body)).
type Cte = (&'static str, (&'static str, String));

impl Emitter<'_> {
    /// ` AND seg = ''` with `--by`: retention is everyone's.
    fn everyone(&self) -> &'static str {
        if self.by.is_some() {
            " AND seg = ''"
        } else {
            ""
        }
    }

    fn options(&self) -> &crate::analytics::retention::Options {
        self.retention
            .as_ref()
            .expect("retention CTEs are emitted with --retention only")
    }

    /// The number of the period holding the instant `ms` (milliseconds), as
    /// `retention::Period::of` numbers it.
    fn period_of(&self, ms: &str) -> String {
        let d = self.d;
        let options = self.options();
        let local = d.local_ms(ms, &options.zone);
        match options.period {
            Period::Week => {
                // Dividends in parentheses: sqlglot's BigQuery to DuckDB writes `DIV(a - b, n)`
                // as `a - b // n`.
                let days = d.div(
                    &format!("({local} - {})", d.pmod(&local, 86_400_000)),
                    86_400_000,
                );
                let from_monday = format!("({days} - 4)");
                d.div(&format!("({from_monday} - {})", d.pmod(&from_monday, 7)), 7)
            }
            Period::Month => {
                let text = d.rfc3339(&local);
                format!(
                    "(CAST(substr({text}, 1, 4) AS BIGINT) * 12 + CAST(substr({text}, 6, 2) AS BIGINT) - 1)"
                )
            }
        }
    }

    /// The name of period `number`, as `retention::Period::label` writes it.
    fn period_label(&self, number: &str) -> String {
        let d = self.d;
        match self.options().period {
            Period::Week => format!(
                "substr({}, 1, 10)",
                d.rfc3339(&format!("((4 + 7 * {number}) * 86400000)"))
            ),
            Period::Month => {
                let month = d.pmod(number, 12);
                let year = d.div(&format!("({number} - {month})"), 12);
                format!(
                    "{} || '-' || lpad({}, 2, '0')",
                    d.to_text(&year),
                    d.to_text(&format!("{month} + 1"))
                )
            }
        }
    }

    /// The numbers 0 to `bound` (a scalar subquery; none when it is NULL or negative), as `k`.
    fn series(&self, bound: &str) -> String {
        let top = format!("GREATEST(COALESCE({bound}, -1), 0)");
        let all = match self.d {
            Dialect::DuckDb => format!("SELECT unnest(generate_series(0, {top})) AS k"),
            Dialect::Postgres => format!("SELECT generate_series(0, {top}) AS k"),
            Dialect::BigQuery => format!("SELECT k FROM UNNEST(GENERATE_ARRAY(0, {top})) AS k"),
            Dialect::Spark => format!("SELECT explode(sequence(0, {top})) AS k"),
        };
        format!("SELECT k FROM ({all}) AS numbers WHERE k <= COALESCE({bound}, -1)")
    }

    /// The CTEs of retention, after the figures'.
    pub(super) fn retention_ctes(&self) -> Vec<Cte> {
        let d = self.d;
        let options = self.options();
        let everyone = self.everyone();
        let conversions =
            format!("SELECT customer, conversion_t AS t FROM conversions WHERE 1 = 1{everyone}");
        let named = |name: &str| {
            format!(
                "SELECT customer, t FROM mapped WHERE event_name = {}{everyone}",
                d.literal(name)
            )
        };
        let cohort_source = options
            .cohort_event
            .as_deref()
            .map_or_else(|| conversions.clone(), named);
        let return_source = options
            .return_event
            .as_deref()
            .map_or_else(|| conversions.clone(), named);
        let end = self
            .until
            .map_or_else(|| "t.last_t".to_string(), |until| until.to_string());
        let double = d.double();
        vec![
            (
                "retention_cohorts",
                (
                    "Retention: each customer's cohort, the period of their first conversion (or \
                     cohort event).",
                    format!(
                        "  SELECT customer, cohort_t, {} AS cohort\n  \
                         FROM (SELECT customer, MIN(t) AS cohort_t FROM ({cohort_source}) AS c GROUP BY customer) AS firsts",
                        self.period_of("cohort_t")
                    ),
                ),
            ),
            (
                "retention_returns",
                (
                    "The periods each customer converts (returns) in, from their cohort event on.",
                    format!(
                        "  SELECT DISTINCT c.customer, c.cohort, {} AS p\n  \
                         FROM retention_cohorts AS c\n  \
                         JOIN ({return_source}) AS r ON r.customer = c.customer AND r.t >= c.cohort_t",
                        self.period_of("r.t")
                    ),
                ),
            ),
            (
                "retention_span",
                (
                    "The first cohort and the last complete period: before the one holding the \
                     data's end (--until, else the last event), and no later than the last event's.",
                    format!(
                        "  SELECT MIN(c.cohort) AS first_p, MAX(LEAST({} - 1, {})) AS last_p\n  \
                         FROM retention_cohorts AS c\n  \
                         CROSS JOIN (SELECT last_t FROM totals WHERE 1 = 1{everyone}) AS t",
                        self.period_of(&end),
                        self.period_of("t.last_t"),
                    ),
                ),
            ),
            (
                "retention_sizes",
                (
                    "Each cohort's customers.",
                    "  SELECT cohort, COUNT(*) AS customers FROM retention_cohorts GROUP BY cohort"
                        .to_string(),
                ),
            ),
            (
                "retention_cells",
                (
                    "Each cohort's customers converting in each period after it.",
                    "  SELECT cohort, p - cohort AS after_p, COUNT(*) AS customers\n  \
                     FROM retention_returns\n  \
                     GROUP BY cohort, p - cohort"
                        .to_string(),
                ),
            ),
            (
                "retention_active",
                (
                    "The customers converting in each period.",
                    "  SELECT p, COUNT(*) AS customers FROM retention_returns GROUP BY p"
                        .to_string(),
                ),
            ),
            (
                "retention_steps",
                (
                    "The periods from the first cohort's to the last complete one, counted from 0.",
                    format!(
                        "  {}",
                        self.series("(SELECT last_p - first_p FROM retention_span)")
                    ),
                ),
            ),
            (
                "retention_matrix",
                (
                    "Each complete cohort's customers converting in its period and each complete \
                     one after (0 when none).",
                    "  SELECT s.cohort, k.k AS after_p, COALESCE(c.customers, 0) AS active\n  \
                     FROM retention_sizes AS s\n  \
                     CROSS JOIN retention_span AS sp\n  \
                     CROSS JOIN retention_steps AS k\n  \
                     LEFT JOIN retention_cells AS c ON c.cohort = s.cohort AND c.after_p = k.k\n  \
                     WHERE s.cohort <= sp.last_p AND k.k <= sp.last_p - s.cohort"
                        .to_string(),
                ),
            ),
            (
                "retention_rates",
                (
                    "CRR = (E - N) / S of each complete period after the first cohort's: S the \
                     customers converting in the period before, E in this one, N this period's \
                     cohort's.",
                    format!(
                        "  SELECT p, s_count, e_count, n_count, x,\n    \
                         CASE WHEN s_count > 0 THEN CAST(e_count - n_count AS {double}) / s_count END AS crr\n  \
                         FROM (\n    \
                         SELECT sp.first_p + k.k AS p, CAST(k.k - 1 AS {double}) AS x,\n      \
                         COALESCE(a0.customers, 0) AS s_count, COALESCE(a1.customers, 0) AS e_count,\n      \
                         COALESCE(c.customers, 0) AS n_count\n    \
                         FROM retention_steps AS k\n    \
                         CROSS JOIN retention_span AS sp\n    \
                         LEFT JOIN retention_active AS a0 ON a0.p = sp.first_p + k.k - 1\n    \
                         LEFT JOIN retention_active AS a1 ON a1.p = sp.first_p + k.k\n    \
                         LEFT JOIN retention_cells AS c ON c.cohort = sp.first_p + k.k AND c.after_p = 0\n    \
                         WHERE k.k >= 1 AND sp.first_p + k.k <= sp.last_p\n  \
                         ) AS periods"
                    ),
                ),
            ),
            (
                "retention_summary",
                (
                    "The CRR trend (the least-squares slope a period) and the repeat-purchase rate.",
                    format!(
                        "  SELECT\n    \
                         (SELECT CASE WHEN COUNT(*) >= 2 AND VAR_POP(x) > 0 THEN COVAR_POP(x, crr) / VAR_POP(x) END\n     \
                         FROM retention_rates WHERE crr IS NOT NULL) AS crr_trend,\n    \
                         (SELECT CASE WHEN COUNT(*) > 0 THEN CAST(SUM(CASE WHEN n > 1 THEN 1 ELSE 0 END) AS {double}) / COUNT(*) END\n     \
                         FROM (SELECT customer, COUNT(*) AS n FROM conversions WHERE 1 = 1{everyone} GROUP BY customer) AS per_customer) AS repeat_rate"
                    ),
                ),
            ),
        ]
    }

    /// The result rows of retention, in cjm's order after the attribution's.
    pub(super) fn retention_rows(&self) -> Vec<String> {
        let d = self.d;
        let text = |expr: &str| d.to_text(expr);
        let seg = if self.by.is_some() { "'', " } else { "" };
        let mut rows = vec![
            format!(
                "SELECT {seg}5, s.cohort, '', 0, 'retention', {}, 'customers', {} \
                 FROM retention_sizes AS s CROSS JOIN retention_span AS sp WHERE s.cohort <= sp.last_p",
                self.period_label("s.cohort"),
                text("s.customers"),
            ),
            format!(
                "SELECT {seg}5, cohort, '', 1 + after_p, 'retention', {}, 'active_' || {}, {} \
                 FROM retention_matrix",
                self.period_label("cohort"),
                text("after_p"),
                text("active"),
            ),
        ];
        for (i, (metric, column)) in [
            ("start", "s_count"),
            ("end", "e_count"),
            ("new", "n_count"),
            ("crr", "crr"),
        ]
        .into_iter()
        .enumerate()
        {
            rows.push(format!(
                "SELECT {seg}6, p, '', {i}, 'crr', {}, '{metric}', {} FROM retention_rates",
                self.period_label("p"),
                text(column),
            ));
        }
        for (i, metric) in ["crr_trend", "repeat_rate"].into_iter().enumerate() {
            rows.push(format!(
                "SELECT {seg}7, 0, '', {i}, 'retention', '', '{metric}', {} FROM retention_summary",
                text(metric),
            ));
        }
        rows
    }
}
