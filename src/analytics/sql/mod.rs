//! `cjm analyze --emit-sql`: one SQL query that computes, in a warehouse, what `cjm analyze`
//! computes on one machine (docs/analytics.md §3): the summary, the stages, the channels and
//! the five heuristic attribution models, as the `section,name,metric,value` rows of
//! `--format csv`. Markov attribution needs a linear solve and stays with cjm (§7).
//!
//! The query reads a table with the columns `customer_id`, `timestamp`, `event`, `channel`,
//! `value` and `transaction_id` (docs/analytics.md §7 gives the types each dialect expects). The journey's event
//! rules become one ordered `CASE`; globs become `LIKE` patterns; every name from the workspace
//! is quoted as a string literal or an identifier of the dialect, so no text in a map can change
//! the query. `--by` groups every figure by segment too; `--retention` adds the CTEs and rows
//! of `retention`.

use std::fmt::Write as _;

use crate::model::Journey;
use crate::text::one_line;

use super::retention::Options as RetentionOptions;
use super::rules::{self, NO_CHANNEL, Rule};
use super::segments::{By, NOT_SET, OTHER};
use super::{AnalyzeError, Model, Settings, Zone};

mod paths;
mod retention;

/// The SQL dialects `--emit-sql` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// DuckDB 0.10 or later.
    DuckDb,
    /// PostgreSQL 12 or later (`standard_conforming_strings` on, the default).
    Postgres,
    /// Google BigQuery, GoogleSQL (not legacy SQL).
    BigQuery,
    /// Spark SQL 3.1 or later, Databricks included (`spark.sql.parser.escapedStringLiterals`
    /// off, the default).
    Spark,
}

impl Dialect {
    /// Every dialect, in the order the help lists them.
    pub const ALL: [Dialect; 4] = [
        Dialect::DuckDb,
        Dialect::Postgres,
        Dialect::BigQuery,
        Dialect::Spark,
    ];

    /// The dialect's name on the command line: `duckdb`, `postgres`, `bigquery`, `spark`.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "duckdb",
            Dialect::Postgres => "postgres",
            Dialect::BigQuery => "bigquery",
            Dialect::Spark => "spark",
        }
    }

    /// The dialect named `name` (any case), if any.
    pub fn from_name(name: &str) -> Option<Dialect> {
        Dialect::ALL
            .into_iter()
            .find(|d| d.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The type of floating-point numbers.
    fn double(self) -> &'static str {
        match self {
            Dialect::DuckDb | Dialect::Spark => "DOUBLE",
            Dialect::Postgres => "DOUBLE PRECISION",
            Dialect::BigQuery => "FLOAT64",
        }
    }

    /// The type of text.
    fn text(self) -> &'static str {
        match self {
            Dialect::DuckDb => "VARCHAR",
            Dialect::Postgres => "TEXT",
            Dialect::BigQuery | Dialect::Spark => "STRING",
        }
    }

    /// `text` as a string literal.
    fn literal(self, text: &str) -> String {
        match self {
            // Standard SQL: a quote is doubled, nothing else is special.
            Dialect::DuckDb | Dialect::Postgres => format!("'{}'", text.replace('\'', "''")),
            // Backslash escapes; a doubled quote would be two adjacent literals in Spark.
            Dialect::BigQuery | Dialect::Spark => {
                let mut out = String::with_capacity(text.len() + 2);
                out.push('\'');
                for c in text.chars() {
                    match c {
                        '\\' => out.push_str("\\\\"),
                        '\'' => out.push_str("\\'"),
                        '\n' => out.push_str("\\n"),
                        '\r' => out.push_str("\\r"),
                        '\t' => out.push_str("\\t"),
                        c if c.is_control() => {
                            let _ = write!(out, "\\u{:04x}", u32::from(c));
                        }
                        c => out.push(c),
                    }
                }
                out.push('\'');
                out
            }
        }
    }

    /// `name` as a quoted identifier.
    fn ident(self, name: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::Postgres => format!("\"{}\"", name.replace('"', "\"\"")),
            Dialect::BigQuery => format!("`{}`", name.replace('\\', "\\\\").replace('`', "\\`")),
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
        }
    }

    /// `expr` cast to text.
    fn to_text(self, expr: &str) -> String {
        format!("CAST({expr} AS {})", self.text())
    }

    /// The number `n` as a floating-point expression.
    fn float(self, n: f64) -> String {
        format!("CAST({n:?} AS {})", self.double())
    }

    /// `expr` with byte-wise comparison, as cjm sorts names.
    fn bytewise(self, expr: &str) -> String {
        match self {
            // The database's default collation may follow a language.
            Dialect::Postgres => format!("{expr} COLLATE \"C\""),
            // DuckDB, BigQuery and Spark compare strings byte by byte unless told otherwise.
            Dialect::DuckDb | Dialect::BigQuery | Dialect::Spark => expr.to_string(),
        }
    }

    /// `a` modulo the positive integer `b`, never negative.
    fn pmod(self, a: &str, b: i64) -> String {
        match self {
            Dialect::DuckDb | Dialect::Postgres => format!("((({a}) % {b} + {b}) % {b})"),
            Dialect::BigQuery => format!("MOD(MOD({a}, {b}) + {b}, {b})"),
            Dialect::Spark => format!("pmod({a}, {b})"),
        }
    }

    /// The integer quotient of `a` by `b`, rounded towards zero.
    /// The instant `ms` (milliseconds since 1970) as local time in `zone`, in milliseconds
    /// since 1970 as if that local time were UTC: `ms` plus the zone's offset at that instant,
    /// found by the engine's own time zone database for a named zone.
    fn local_ms(self, ms: &str, zone: &Zone) -> String {
        let name = match zone {
            Zone::Fixed(_) => return format!("({ms} + {})", zone.offset_ms_at(0)),
            Zone::Named { name, .. } => self.literal(name),
        };
        match self {
            Dialect::DuckDb => format!(
                "epoch_ms(timezone({name}, TIMESTAMPTZ '1970-01-01 00:00:00+00' + to_milliseconds({ms})))"
            ),
            Dialect::Postgres => format!(
                "CAST(EXTRACT(EPOCH FROM (TIMESTAMPTZ 'epoch' + ({ms}) * INTERVAL '1 millisecond') AT TIME ZONE {name}) * 1000 AS BIGINT)"
            ),
            Dialect::BigQuery => {
                format!("UNIX_MILLIS(TIMESTAMP(DATETIME(TIMESTAMP_MILLIS({ms}), {name})))")
            }
            Dialect::Spark => {
                format!("unix_millis(from_utc_timestamp(timestamp_millis({ms}), {name}))")
            }
        }
    }

    fn div(self, a: &str, b: i64) -> String {
        match self {
            Dialect::DuckDb => format!("({a}) // {b}"),
            Dialect::Postgres => format!("({a}) / {b}"),
            Dialect::BigQuery => format!("DIV({a}, {b})"),
            Dialect::Spark => format!("({a}) DIV {b}"),
        }
    }

    /// The timestamp column `column` as whole milliseconds since 1970 (UTC), rounded down.
    fn millis(self, column: &str) -> String {
        match self {
            // `epoch_ms` rounds to the nearest millisecond; cjm drops the digits past it.
            Dialect::DuckDb => {
                let us = format!("epoch_us({column})");
                self.div(&format!("{us} - {}", self.pmod(&us, 1_000)), 1_000)
            }
            Dialect::Postgres => {
                format!("CAST(floor(extract(epoch FROM {column}) * 1000) AS BIGINT)")
            }
            Dialect::BigQuery => format!("UNIX_MILLIS({column})"),
            Dialect::Spark => format!("unix_millis({column})"),
        }
    }

    /// Milliseconds since 1970 as RFC 3339 UTC text, as `format_time` writes it:
    /// `2026-03-01T09:00:00Z`, with `.123` only when the milliseconds are not zero.
    fn rfc3339(self, ms: &str) -> String {
        let seconds = match self {
            Dialect::DuckDb => format!("strftime(epoch_ms({ms}), '%Y-%m-%dT%H:%M:%S')"),
            Dialect::Postgres => format!(
                "to_char(TIMESTAMP '1970-01-01 00:00:00' + {ms} * INTERVAL '1 millisecond', \
                 'YYYY-MM-DD\"T\"HH24:MI:SS')"
            ),
            Dialect::BigQuery => {
                format!("FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%S', TIMESTAMP_MILLIS({ms}), 'UTC')")
            }
            // Spark formats timestamps in the session's time zone: count days and seconds.
            Dialect::Spark => {
                let in_day = self.pmod(ms, 86_400_000);
                let days = self.div(&format!("{ms} - {in_day}"), 86_400_000);
                let two = |expr: String| format!("lpad(CAST({expr} AS STRING), 2, '0')");
                format!(
                    "CAST(date_add(DATE '1970-01-01', CAST({days} AS INT)) AS STRING) || 'T' \
                     || {} || ':' || {} || ':' || {}",
                    two(self.div(&in_day, 3_600_000)),
                    two(self.div(&self.pmod(ms, 3_600_000), 60_000)),
                    two(self.div(&self.pmod(ms, 60_000), 1_000)),
                )
            }
        };
        let millis = self.pmod(ms, 1_000);
        format!(
            "{seconds} || CASE WHEN {millis} = 0 THEN 'Z' ELSE '.' || lpad({}, 3, '0') || 'Z' END",
            self.to_text(&millis)
        )
    }

    /// Whether `expr` matches the glob `glob` (`*` any run of characters, `?` one).
    fn glob(self, expr: &str, glob: &str) -> String {
        // BigQuery's LIKE has no ESCAPE clause: its escape character is the backslash.
        let escape = match self {
            Dialect::BigQuery => '\\',
            Dialect::DuckDb | Dialect::Postgres | Dialect::Spark => '!',
        };
        let mut pattern = String::with_capacity(glob.len() + 4);
        for c in glob.chars() {
            match c {
                '*' => pattern.push('%'),
                '?' => pattern.push('_'),
                c if c == '%' || c == '_' || c == escape => {
                    pattern.push(escape);
                    pattern.push(c);
                }
                c => pattern.push(c),
            }
        }
        match self {
            Dialect::BigQuery => format!("{expr} LIKE {}", self.literal(&pattern)),
            _ => format!("{expr} LIKE {} ESCAPE '!'", self.literal(&pattern)),
        }
    }

    /// The linear-interpolation quantile `q` of `expr` as an aggregate; `None` for BigQuery,
    /// which only has it as a window function.
    fn quantile(self, expr: &str, q: f64) -> Option<String> {
        match self {
            Dialect::DuckDb => Some(format!("quantile_cont({expr}, {q:?})")),
            Dialect::Postgres => Some(format!(
                "percentile_cont({q:?}) WITHIN GROUP (ORDER BY {expr})"
            )),
            Dialect::Spark => Some(format!("percentile({expr}, {q:?})")),
            Dialect::BigQuery => None,
        }
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The models the SQL computes: all but Markov.
const SQL_MODELS: [Model; 5] = [
    Model::FirstTouch,
    Model::LastTouch,
    Model::Linear,
    Model::PositionBased,
    Model::TimeDecay,
];

/// Milliseconds in a day.
const MS_PER_DAY: f64 = 86_400_000.0;

/// One SQL query computing the summary, stages, channels and the heuristic attribution models
/// of docs/analytics.md over `table`, returning rows (section, name, metric, value).
///
/// `table` may name a schema or project too (`analytics.events`, `project.dataset.events`):
/// each part between dots is quoted. Values are text (counts as integers, figures as the
/// dialect writes a double, times as RFC 3339 UTC); a figure that does not exist (the last
/// stage's conversion, a median without converted customers) is `NULL`. Rows come in the
/// order of `cjm analyze --format csv`.
pub fn emit(
    journey: &Journey,
    settings: &Settings,
    dialect: Dialect,
    table: &str,
) -> Result<String, AnalyzeError> {
    let rules = rules::resolve(journey)?;
    let conversion = rules::conversion_stage(journey, settings)?;
    let half_life = settings.half_life_days;
    if !(half_life.is_finite() && half_life > 0.0) {
        return Err(AnalyzeError::Rules(format!(
            "the time-decay half-life must be a positive number of days, not {half_life}"
        )));
    }
    let lookback_ms = settings.lookback_ms()?;
    let table = table_name(dialect, table)?;
    Ok(Emitter {
        d: dialect,
        journey,
        rules: &rules,
        conversion,
        half_life_ms: half_life * MS_PER_DAY,
        credit_direct: settings.credit_direct,
        lookback_ms,
        since: settings.since,
        until: settings.until,
        by: settings.by.clone(),
        top: settings.top_segments,
        retention: settings.retention.clone(),
        paths: settings.paths,
        table,
    }
    .query())
}

/// `table` quoted part by part.
fn table_name(dialect: Dialect, table: &str) -> Result<String, AnalyzeError> {
    let parts: Vec<&str> = table.split('.').collect();
    if parts.iter().any(|p| p.trim().is_empty()) {
        return Err(AnalyzeError::Input {
            path: table.to_string(),
            message: "not a table name: give NAME, SCHEMA.NAME or PROJECT.DATASET.NAME".into(),
        });
    }
    Ok(parts
        .iter()
        .map(|p| dialect.ident(p))
        .collect::<Vec<_>>()
        .join("."))
}

/// What one query is made from: the dialect, the journey with its resolved rules and
/// conversion stage, the half-life and the quoted table.
struct Emitter<'a> {
    d: Dialect,
    journey: &'a Journey,
    rules: &'a [Rule],
    conversion: usize,
    half_life_ms: f64,
    credit_direct: bool,
    lookback_ms: i64,
    since: Option<i64>,
    until: Option<i64>,
    /// `--by`: every figure per segment too, grouped by `seg` ('' for the whole).
    by: Option<By>,
    top: usize,
    /// `--retention`: its figures of everyone too.
    retention: Option<RetentionOptions>,
    /// `--paths`: everyone's paths too, this many of each kind.
    paths: Option<usize>,
    table: String,
}

impl Emitter<'_> {
    /// `seg, ` before the columns of a customer's key with `--by`; nothing without.
    fn seg(&self) -> &'static str {
        if self.by.is_some() { "seg, " } else { "" }
    }

    /// ` AND a.seg = b.seg` with `--by`: a join keeps to one segment.
    fn same_seg(&self, a: &str, b: &str) -> String {
        if self.by.is_some() {
            format!(" AND {a}.seg = {b}.seg")
        } else {
            String::new()
        }
    }

    fn query(&self) -> String {
        let d = self.d;
        let mut q = String::new();
        self.header(&mut q);
        q.push_str("WITH\n");
        let mut ctes = vec![
            ("stage_names", self.stage_names()),
            ("events_in", self.events_in()),
            ("ruled", self.ruled()),
        ];
        if self.by.is_some() {
            ctes.extend([
                ("mapped_events", self.mapped()),
                ("customer_first", self.customer_first()),
                ("segment_sizes", self.segment_sizes()),
                ("segment_of", self.segment_of()),
                ("segment_positions", self.segment_positions()),
                ("mapped", self.mapped_by_segment()),
            ]);
        } else {
            ctes.push(("mapped", self.mapped()));
        }
        ctes.extend([
            ("ordered", self.ordered()),
            ("conversions", self.conversions()),
            ("paths", self.paths()),
            ("credits", self.credits()),
            ("attribution", self.attribution()),
            ("totals", self.totals()),
            ("firsts", self.firsts()),
            ("steps", self.steps()),
            ("step_figures", self.step_figures()),
            ("stage_figures", self.stage_figures()),
            ("channel_figures", self.channel_figures()),
        ]);
        if self.retention.is_some() {
            ctes.extend(self.retention_ctes());
        }
        if self.paths.is_some() {
            ctes.extend(self.paths_ctes());
        }
        ctes.push(("result_rows", self.result_rows()));
        let count = ctes.len();
        for (i, (name, (comment, body))) in ctes.into_iter().enumerate() {
            let _ = writeln!(q, "-- {comment}");
            let _ = write!(q, "{name} AS (\n{}\n)", body.trim_end());
            q.push_str(if i + 1 < count { ",\n" } else { "\n" });
        }
        let (segment, positions, position) = if self.by.is_some() {
            (
                format!("r.seg AS {}, ", d.ident("segment")),
                " AS r\nJOIN segment_positions AS p ON p.seg = r.seg",
                "p.seg_pos, ",
            )
        } else {
            (String::new(), "", "")
        };
        let _ = writeln!(
            q,
            "SELECT {segment}section_name AS {}, row_name AS {}, metric_name AS {}, metric_value AS {}\n\
             FROM result_rows{positions}\n\
             ORDER BY {position}k_section, k_pos, {}, k_metric;",
            d.ident("section"),
            d.ident("name"),
            d.ident("metric"),
            d.ident("value"),
            d.bytewise("k_name"),
        );
        q
    }

    fn header(&self, q: &mut String) {
        let stage = &self.journey.stages[self.conversion].name;
        let _ = writeln!(
            q,
            "-- cjm analyze --emit-sql {}: journey {}\n\
             -- Conversion stage: {}. Time-decay half-life: {} days.\n\
             -- (none) touches: {}. Lookback window: {} days.{}\n\
             -- Reads {}(customer_id, timestamp, event, channel, value, transaction_id); see docs/analytics.md §7.\n\
             -- Returns the section,name,metric,value rows of `cjm analyze --format csv`, without\n\
             -- Markov attribution: that needs a linear solve, which cjm does on the events.",
            self.d.name(),
            one_line(&self.journey.name),
            one_line(stage),
            self.half_life_ms / MS_PER_DAY,
            if self.credit_direct {
                "credited like any channel (--credit-direct)"
            } else {
                "credited only on paths without another channel"
            },
            self.lookback_ms as f64 / MS_PER_DAY,
            match (self.since, self.until) {
                (None, None) => String::new(),
                (since, until) => format!(
                    "\n-- Events from {} until {} (left out).",
                    since.map_or("the first".into(), super::format_time),
                    until.map_or("the last".into(), super::format_time),
                ),
            },
            one_line(&self.table),
        );
        if let Some(r) = &self.retention {
            let _ =
                writeln!(
                    q,
                    "-- Retention by {}, days in {}: cohorts by {}, returns by {}.",
                    r.period.name(),
                    one_line(&r.zone.name()),
                    r.cohort_event.as_deref().map_or(
                        "the first conversion".to_string(),
                        |e| format!("the first {}", one_line(e))
                    ),
                    r.return_event
                        .as_deref()
                        .map_or("a conversion".to_string(), one_line),
                );
        }
        if let Some(by) = &self.by {
            let _ = writeln!(
                q,
                "-- By {}: each customer in the segment of their first mapped event; the {} \
                 segments with the most\n-- customers (ties by name) are shown, the rest as \
                 (other). The rows' first column is the segment,\n-- '' for everyone.{}",
                one_line(by.name()),
                self.top,
                match by.column() {
                    Some(column) =>
                        format!(" The table also needs the column {}.", one_line(column)),
                    None => String::new(),
                },
            );
        }
    }

    fn stage_names(&self) -> (&'static str, String) {
        let lit = |s: &str| self.d.literal(s);
        let mut body = String::new();
        for (i, stage) in self.journey.stages.iter().enumerate() {
            if i == 0 {
                let _ = writeln!(
                    body,
                    "  SELECT 0 AS stage, {} AS stage_name",
                    lit(&stage.name)
                );
            } else {
                let _ = writeln!(body, "  UNION ALL SELECT {i}, {}", lit(&stage.name));
            }
        }
        ("The journey's stages, left to right.", body)
    }

    fn events_in(&self) -> (&'static str, String) {
        let d = self.d;
        let col = |name: &str| d.ident(name);
        let body = format!(
            "  SELECT\n    {customer} AS customer,\n    {t} AS t,\n    {event} AS event_name,\n    \
             NULLIF({channel}, '') AS src_channel,\n    CAST({value} AS {double}) AS amount,\n    \
             NULLIF({transaction}, '') AS txn{segment}\n  \
             FROM {table}\n  \
             WHERE {customer} IS NOT NULL AND {timestamp} IS NOT NULL AND {event} IS NOT NULL",
            customer = col("customer_id"),
            t = d.millis(&col("timestamp")),
            timestamp = col("timestamp"),
            event = col("event"),
            channel = col("channel"),
            value = col("value"),
            transaction = d.to_text(&col("transaction_id")),
            segment = match self.by.as_ref().and_then(By::column) {
                Some(column) => format!(
                    ",\n    COALESCE(NULLIF({}, ''), {}) AS seg_value",
                    d.to_text(&col(column)),
                    d.literal(NOT_SET)
                ),
                None => String::new(),
            },
            double = d.double(),
            table = self.table,
        );
        (
            "The events: times in milliseconds since 1970 (UTC); an empty channel is none.",
            body,
        )
    }

    fn ruled(&self) -> (&'static str, String) {
        let d = self.d;
        let column = if matches!(self.by, Some(By::Column(_))) {
            " seg_value,"
        } else {
            ""
        };
        let mut body = format!(
            "  SELECT\n    customer, t, event_name, src_channel, amount, txn,{column}\n    CASE\n",
        );
        for (i, rule) in self.rules.iter().enumerate() {
            let mut test = if rule.is_glob() {
                d.glob("event_name", &rule.event)
            } else {
                format!("event_name = {}", d.literal(&rule.event))
            };
            if let Some(channel) = &rule.channel {
                let _ = write!(test, " AND src_channel = {}", d.literal(channel));
            }
            let _ = writeln!(
                body,
                "      WHEN {test} THEN {}  -- {}{} -> {}",
                i + 1,
                one_line(&rule.event),
                rule.channel
                    .as_deref()
                    .map(|c| format!(" @ {}", one_line(c)))
                    .unwrap_or_default(),
                one_line(&self.journey.stages[rule.stage].name),
            );
        }
        body.push_str("    END AS rule_number\n  FROM events_in");
        (
            "The event rules, first match wins: the number of the rule each event matches.",
            body,
        )
    }

    fn mapped(&self) -> (&'static str, String) {
        let d = self.d;
        let mut stage = String::from("CASE rule_number");
        let mut card = String::from("CASE rule_number");
        let mut any_card = false;
        for (i, rule) in self.rules.iter().enumerate() {
            let _ = write!(stage, " WHEN {} THEN {}", i + 1, rule.stage);
            if let Some(channel) = &rule.card_channel {
                any_card = true;
                let _ = write!(card, " WHEN {} THEN {}", i + 1, d.literal(channel));
            }
        }
        stage.push_str(" END");
        card.push_str(" END");
        let mut window = String::new();
        if let Some(since) = self.since {
            let _ = write!(window, " AND t >= {since}");
        }
        if let Some(until) = self.until {
            let _ = write!(window, " AND t < {until}");
        }
        let channel = if any_card {
            format!("COALESCE(src_channel, {card}, {})", d.literal(NO_CHANNEL))
        } else {
            format!("COALESCE(src_channel, {})", d.literal(NO_CHANNEL))
        };
        let segment = match self.by {
            None => String::new(),
            Some(By::Channel) => format!(",\n    {channel} AS seg_value"),
            Some(By::Column(_)) => ",\n    seg_value".to_string(),
        };
        let body = format!(
            "  SELECT\n    customer, t, event_name, amount, txn,\n    {stage} AS stage,\n    \
             {channel} AS channel{segment}\n  FROM ruled\n  WHERE rule_number IS NOT NULL{window}"
        );
        (
            "Mapped events with their stage and channel: the event's own, else its rule's card's, \
             else (none).",
            body,
        )
    }

    /// The order of a customer's events (docs/analytics.md §3).
    fn event_order(&self) -> String {
        let d = self.d;
        format!(
            "t, stage, {}, {}, amount ASC NULLS LAST",
            d.bytewise("channel"),
            d.bytewise("event_name"),
        )
    }

    fn customer_first(&self) -> (&'static str, String) {
        let body = format!(
            "  SELECT customer, seg_value FROM (\n    \
             SELECT customer, seg_value,\n      \
             ROW_NUMBER() OVER (PARTITION BY customer ORDER BY {}, {}) AS r\n    \
             FROM mapped_events\n  \
             ) AS firsts_of_customers\n  \
             WHERE r = 1",
            self.event_order(),
            self.d.bytewise("seg_value"),
        );
        (
            "Each customer's segment: the value on their first mapped event (ties by the value).",
            body,
        )
    }

    fn segment_sizes(&self) -> (&'static str, String) {
        let body = format!(
            "  SELECT seg_value, COUNT(*) AS customers,\n    \
             ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, {}) AS seg_rank\n  \
             FROM customer_first\n  \
             GROUP BY seg_value",
            self.d.bytewise("seg_value"),
        );
        (
            "The values by customers, most first, ties by the value.",
            body,
        )
    }

    fn segment_of(&self) -> (&'static str, String) {
        let body = format!(
            "  SELECT f.customer, s.seg_rank,\n    \
             CASE WHEN s.seg_rank <= {top} THEN f.seg_value ELSE {other} END AS seg\n  \
             FROM customer_first AS f\n  \
             JOIN segment_sizes AS s ON s.seg_value = f.seg_value",
            top = self.top,
            other = self.d.literal(OTHER),
        );
        (
            "The segment each customer is reported in: their value when it is among the top, \
             else (other).",
            body,
        )
    }

    fn segment_positions(&self) -> (&'static str, String) {
        let other = self.d.literal(OTHER);
        let body = format!(
            "  SELECT '' AS seg, 0 AS seg_pos\n  \
             UNION ALL\n  \
             SELECT seg, CASE WHEN seg = {other} THEN {last} ELSE MIN(seg_rank) END\n  \
             FROM segment_of\n  \
             GROUP BY seg",
            last = self.top + 1,
        );
        (
            "Where each segment's rows go: everyone first, then by customers, (other) last.",
            body,
        )
    }

    fn mapped_by_segment(&self) -> (&'static str, String) {
        let columns = "customer, t, event_name, amount, txn, stage, channel";
        let body = format!(
            "  SELECT '' AS seg, {columns} FROM mapped_events\n  \
             UNION ALL\n  \
             SELECT s.seg, m.customer, m.t, m.event_name, m.amount, m.txn, m.stage, m.channel\n  \
             FROM mapped_events AS m\n  \
             JOIN segment_of AS s ON s.customer = m.customer",
        );
        (
            "The mapped events once for everyone (segment '') and once in their customer's segment.",
            body,
        )
    }

    fn ordered(&self) -> (&'static str, String) {
        let order = self.event_order();
        let conversion = self.conversion;
        let s = self.seg();
        let body = format!(
            "  SELECT\n    {s}customer, t, amount, stage, channel,\n    \
             ROW_NUMBER() OVER (PARTITION BY {s}customer ORDER BY {order}) AS seq,\n    \
             CASE WHEN stage = {conversion} AND txn IS NOT NULL AND ROW_NUMBER() OVER (\n      \
             PARTITION BY {s}customer, CASE WHEN stage = {conversion} THEN txn END ORDER BY {order}\n    \
             ) > 1 THEN 1 ELSE 0 END AS repeated\n  \
             FROM mapped",
        );
        (
            "Each customer's events in order: by time, then stage, channel, event name and value \
             (none last); a conversion repeating an earlier one's transaction_id is marked.",
            body,
        )
    }

    fn conversions(&self) -> (&'static str, String) {
        let body = format!(
            "  SELECT {s}customer, seq AS conversion_seq, t AS conversion_t, amount AS conversion_value,\n    \
             COALESCE(LAG(seq) OVER (PARTITION BY {s}customer ORDER BY seq), 0) AS previous_seq\n  \
             FROM ordered\n  \
             WHERE stage = {} AND repeated = 0",
            self.conversion,
            s = self.seg(),
        );
        (
            "Conversions: every event in the conversion stage but repeated transactions, with the \
             customer's previous one.",
            body,
        )
    }

    fn paths(&self) -> (&'static str, String) {
        let d = self.d;
        let age = format!("CAST(conversion_t - t AS {})", d.double());
        // `keep` says which events of the path are touches (docs/analytics.md §3).
        let none = d.literal(NO_CHANNEL);
        let direct = if self.credit_direct {
            "1 = 1".to_string()
        } else {
            "channeled = 0".to_string()
        };
        let body = format!(
            "  SELECT\n    {s}customer, channel, conversion_value,\n    \
             conversion_seq AS conversion,\n    ROW_NUMBER() OVER (PARTITION BY {s}customer, conversion_seq ORDER BY path_seq) AS seq,\n    \
             COUNT(*) OVER (PARTITION BY {s}customer, conversion_seq) AS n,\n    \
             CASE WHEN {age} > {limit} THEN {zero}\n      \
             ELSE POWER({two}, -{age} / {half_life}) END AS decay\n  \
             FROM (\n    \
             SELECT *,\n      \
             SUM(CASE WHEN eligible = 1 AND channel <> {none} THEN 1 ELSE 0 END) OVER (PARTITION BY {s}customer, conversion_seq) AS channeled,\n      \
             SUM(eligible) OVER (PARTITION BY {s}customer, conversion_seq) AS eligibles\n    \
             FROM (\n      \
             SELECT {os}o.customer, o.seq AS path_seq, o.t, o.channel, c.conversion_seq, c.conversion_t, c.conversion_value,\n        \
             CASE WHEN o.seq = c.conversion_seq AND o.channel = {none} THEN 0 ELSE 1 END AS eligible\n      \
             FROM ordered AS o\n      \
             JOIN conversions AS c ON c.customer = o.customer{same} AND o.seq > c.previous_seq AND o.seq <= c.conversion_seq AND o.repeated = 0\n        \
             AND c.conversion_t - o.t <= {lookback}\n    \
             ) AS path_events\n  \
             ) AS counted\n  \
             WHERE (eligible = 1 AND (channel <> {none} OR {direct}))\n    \
             OR (eligibles = 0 AND path_seq = conversion_seq)",
            // 2^-1074 is the smallest double; some engines fail rather than round to 0 below.
            limit = d.float(1074.0 * self.half_life_ms),
            zero = d.float(0.0),
            two = d.float(2.0),
            half_life = d.float(self.half_life_ms),
            lookback = self.lookback_ms,
            s = self.seg(),
            os = if self.by.is_some() { "o.seg, " } else { "" },
            same = self.same_seg("c", "o"),
        );
        (
            "Paths to conversion: the touches of each conversion, from the customer's events \
             after the previous conversion up to and including it, in the lookback window (the conversion only with a channel; (none) only when no \
             channel is left, or with --credit-direct; the conversion itself when nothing is \
             left), numbered again, with the time-decay weight 2^(-age / half-life).",
            body,
        )
    }

    fn credits(&self) -> (&'static str, String) {
        let d = self.d;
        let f = |n: f64| d.float(n);
        let n = format!("CAST(n AS {})", d.double());
        let body = format!(
            "  SELECT\n    {s}channel, conversion_value,\n    \
             CASE WHEN seq = 1 THEN {one} ELSE {zero} END AS first_touch,\n    \
             CASE WHEN seq = n THEN {one} ELSE {zero} END AS last_touch,\n    \
             {one} / {n} AS linear,\n    \
             CASE WHEN n = 1 THEN {one} WHEN n = 2 THEN {half}\n      \
             WHEN seq = 1 OR seq = n THEN {forty} ELSE {twenty} / ({n} - 2) END AS position_based,\n    \
             decay / SUM(decay) OVER (PARTITION BY {s}customer, conversion) AS time_decay\n  \
             FROM paths",
            s = self.seg(),
            one = f(1.0),
            zero = f(0.0),
            half = f(0.5),
            forty = f(0.4),
            twenty = f(0.2),
        );
        (
            "Each path event's credit under each model; a path's credits add up to 1.",
            body,
        )
    }

    fn attribution(&self) -> (&'static str, String) {
        let d = self.d;
        let mut body = String::new();
        for (i, model) in SQL_MODELS.iter().enumerate() {
            let pos = Model::ALL.iter().position(|m| m == model).unwrap_or(i);
            let column = model.name();
            let select = format!(
                "SELECT {s}{pos} AS model_pos, {} AS model, channel, SUM({column}) AS credit, \
                 SUM({column} * conversion_value) AS credit_value FROM credits GROUP BY {s}channel",
                d.literal(column),
                s = self.seg(),
            );
            if i == 0 {
                let _ = writeln!(body, "  {select}");
            } else {
                let _ = writeln!(body, "  UNION ALL {select}");
            }
        }
        ("Credit and revenue per model and channel.", body)
    }

    fn totals(&self) -> (&'static str, String) {
        if self.by.is_some() {
            // From the segments' list, so everyone's row is there even without events.
            let body = "  SELECT p.seg, COALESCE(m.customers, 0) AS customers, COALESCE(c.conversions, 0) AS conversions, \
                        COALESCE(c.valued, 0) AS valued, m.first_t, m.last_t\n  \
                        FROM segment_positions AS p\n  \
                        LEFT JOIN (SELECT seg, COUNT(DISTINCT customer) AS customers, MIN(t) AS first_t, MAX(t) AS last_t FROM mapped GROUP BY seg) AS m\n    \
                        ON m.seg = p.seg\n  \
                        LEFT JOIN (SELECT seg, COUNT(*) AS conversions, COUNT(conversion_value) AS valued FROM conversions GROUP BY seg) AS c\n    \
                        ON c.seg = p.seg"
                .to_string();
            return (
                "The summary of each segment, and how many conversions have a value.",
                body,
            );
        }
        let body = "  SELECT m.customers, c.conversions, c.valued, m.first_t, m.last_t\n  \
                    FROM (SELECT COUNT(DISTINCT customer) AS customers, MIN(t) AS first_t, MAX(t) AS last_t FROM mapped) AS m\n  \
                    CROSS JOIN (SELECT COUNT(*) AS conversions, COUNT(conversion_value) AS valued FROM conversions) AS c"
            .to_string();
        ("The summary, and how many conversions have a value.", body)
    }

    fn firsts(&self) -> (&'static str, String) {
        (
            "Each customer's first event in each stage they reached.",
            format!(
                "  SELECT {s}customer, stage, MIN(t) AS first_t FROM mapped GROUP BY {s}customer, stage",
                s = self.seg()
            ),
        )
    }

    fn steps(&self) -> (&'static str, String) {
        let body = format!(
            "  SELECT {as_}a.stage, CAST(b.first_t - a.first_t AS {}) / 3600000 AS hours\n  \
             FROM firsts AS a\n  \
             JOIN firsts AS b ON b.customer = a.customer{same} AND b.stage = a.stage + 1 AND b.first_t >= a.first_t",
            self.d.double(),
            as_ = if self.by.is_some() { "a.seg, " } else { "" },
            same = self.same_seg("b", "a"),
        );
        (
            "Conversions to the next stage: its first event at or after the stage's first, in hours.",
            body,
        )
    }

    fn step_figures(&self) -> (&'static str, String) {
        let d = self.d;
        let s = self.seg();
        let body = match (d.quantile("hours", 0.5), d.quantile("hours", 0.9)) {
            (Some(median), Some(p90)) => format!(
                "  SELECT {s}stage, COUNT(*) AS converted, {median} AS median_hours, {p90} AS p90_hours\n  \
                 FROM steps\n  \
                 GROUP BY {s}stage"
            ),
            _ => format!(
                "  SELECT {s}stage, COUNT(*) AS converted, MAX(median_hours) AS median_hours, MAX(p90_hours) AS p90_hours\n  \
                 FROM (\n    \
                 SELECT {s}stage,\n      \
                 PERCENTILE_CONT(hours, 0.5) OVER (PARTITION BY {s}stage) AS median_hours,\n      \
                 PERCENTILE_CONT(hours, 0.9) OVER (PARTITION BY {s}stage) AS p90_hours\n    \
                 FROM steps\n  \
                 ) AS quantiles\n  \
                 GROUP BY {s}stage"
            ),
        };
        (
            "Per stage: converted customers, the median and 90th percentile of their hours \
             (linear interpolation).",
            body,
        )
    }

    fn stage_figures(&self) -> (&'static str, String) {
        let last = self.journey.stages.len() - 1;
        let (segment, segments) = if self.by.is_some() {
            (
                "g.seg AS seg, ",
                "\n  CROSS JOIN (SELECT seg FROM totals) AS g",
            )
        } else {
            ("", "")
        };
        let s = self.seg();
        let body = format!(
            "  SELECT\n    {segment}s.stage, s.stage_name,\n    COALESCE(r.reached, 0) AS reached,\n    \
             CASE WHEN s.stage < {last} THEN COALESCE(f.converted, 0) END AS converted,\n    \
             CASE WHEN s.stage < {last} THEN COALESCE(r.reached, 0) - COALESCE(f.converted, 0) END AS dropped,\n    \
             f.median_hours, f.p90_hours\n  \
             FROM stage_names AS s{segments}\n  \
             LEFT JOIN (SELECT {s}stage, COUNT(*) AS reached FROM firsts GROUP BY {s}stage) AS r ON r.stage = s.stage{r_seg}\n  \
             LEFT JOIN step_figures AS f ON f.stage = s.stage{f_seg}",
            r_seg = self.same_seg("r", "g"),
            f_seg = self.same_seg("f", "g"),
        );
        (
            "The funnel; the last stage has no next stage, so no conversion.",
            body,
        )
    }

    fn channel_figures(&self) -> (&'static str, String) {
        let s = self.seg();
        let body = format!(
            "  SELECT {rs}r.channel, r.reached, COALESCE(c.conversions, 0) AS conversions\n  \
             FROM (SELECT {s}channel, COUNT(DISTINCT customer) AS reached FROM mapped GROUP BY {s}channel) AS r\n  \
             LEFT JOIN (SELECT {s}channel, COUNT(*) AS conversions FROM (SELECT DISTINCT {s}customer, conversion, channel FROM paths) AS p GROUP BY {s}channel) AS c\n    \
             ON c.channel = r.channel{same}",
            rs = if self.by.is_some() {
                "r.seg AS seg, "
            } else {
                ""
            },
            same = self.same_seg("c", "r"),
        );
        (
            "Channels: customers reached, and conversions with a touch in the channel.",
            body,
        )
    }

    fn result_rows(&self) -> (&'static str, String) {
        let d = self.d;
        let text = |expr: &str| d.to_text(expr);
        // The first row names the columns; the others follow it.
        let s = self.seg();
        let mut rows = vec![format!(
            "SELECT {s}0 AS k_section, 0 AS k_pos, '' AS k_name, 0 AS k_metric, 'summary' AS section_name, \
             '' AS row_name, 'customers' AS metric_name, {} AS metric_value FROM totals",
            text("customers")
        )];
        let mut row =
            |keys: &str, section: &str, name: &str, metric: &str, value: String, from: &str| {
                rows.push(format!(
                    "SELECT {s}{keys}, '{section}', {name}, {metric}, {value} FROM {from}"
                ));
            };
        // Each model's credit beside its segment's totals.
        let credited = if self.by.is_some() {
            "(SELECT a.*, t.conversions, t.valued FROM attribution AS a JOIN totals AS t ON t.seg = a.seg) AS credited"
        } else {
            "attribution CROSS JOIN totals"
        };
        row(
            "0, 0, '', 1",
            "summary",
            "''",
            "'conversions'",
            text("conversions"),
            "totals",
        );
        for (i, (metric, column)) in [
            (2, ("first_event", "first_t")),
            (3, ("last_event", "last_t")),
        ] {
            row(
                &format!("0, 0, '', {i}"),
                "summary",
                "''",
                &format!("'{metric}'"),
                d.rfc3339(column),
                &format!("totals WHERE {column} IS NOT NULL"),
            );
        }
        for (i, metric) in [
            "reached",
            "converted",
            "dropped",
            "median_hours",
            "p90_hours",
        ]
        .into_iter()
        .enumerate()
        {
            row(
                &format!("1, stage, '', {i}"),
                "stage",
                "stage_name",
                &format!("'{metric}'"),
                text(metric),
                "stage_figures",
            );
        }
        for (i, metric) in ["reached", "conversions"].into_iter().enumerate() {
            row(
                &format!("2, -reached, channel, {i}"),
                "channel",
                "channel",
                &format!("'{metric}'"),
                text(metric),
                "channel_figures",
            );
        }
        row(
            "3, model_pos, channel, 0",
            "attribution",
            "channel",
            "model",
            text(&format!("credit / CAST(conversions AS {})", d.double())),
            &format!("{credited} WHERE credit > 0"),
        );
        row(
            "4, model_pos, channel, 0",
            "attribution_value",
            "channel",
            "model",
            text(&format!("COALESCE(credit_value, {})", d.float(0.0))),
            &format!("{credited} WHERE credit > 0 AND valued > 0"),
        );
        if self.retention.is_some() {
            rows.extend(self.retention_rows());
        }
        if self.paths.is_some() {
            rows.extend(self.paths_rows());
        }
        let mut body = String::new();
        for (i, r) in rows.iter().enumerate() {
            let _ = writeln!(body, "  {}{r}", if i == 0 { "" } else { "UNION ALL " });
        }
        (
            "The result, one figure a row, with the keys that put the rows in cjm's order.",
            body,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::rules::tests::journey;

    #[test]
    fn dialects_have_names() {
        for d in Dialect::ALL {
            assert_eq!(Dialect::from_name(d.name()), Some(d));
        }
        assert_eq!(Dialect::from_name("BigQuery"), Some(Dialect::BigQuery));
        assert_eq!(Dialect::from_name("mysql"), None);
    }

    #[test]
    fn literals_cannot_be_left_early() {
        let nasty = "it's \\ 'x' -- \n\t emoji 🎉 \u{1}";
        assert_eq!(
            Dialect::Postgres.literal(nasty),
            "'it''s \\ ''x'' -- \n\t emoji 🎉 \u{1}'"
        );
        assert_eq!(
            Dialect::Spark.literal(nasty),
            "'it\\'s \\\\ \\'x\\' -- \\n\\t emoji 🎉 \\u0001'"
        );
        assert_eq!(Dialect::BigQuery.ident("a`b"), "`a\\`b`");
        assert_eq!(Dialect::Spark.ident("a`b"), "`a``b`");
        assert_eq!(Dialect::DuckDb.ident("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn globs_become_escaped_like_patterns() {
        assert_eq!(
            Dialect::DuckDb.glob("e", "a_b%c!*?"),
            "e LIKE 'a!_b!%c!!%_' ESCAPE '!'"
        );
        // The pattern's backslash escapes, each doubled in the literal.
        assert_eq!(
            Dialect::BigQuery.glob("e", "a_b\\*"),
            "e LIKE 'a\\\\_b\\\\\\\\%'"
        );
    }

    #[test]
    fn tables_are_quoted_part_by_part() {
        assert_eq!(
            table_name(Dialect::BigQuery, "my-project.shop.events").unwrap(),
            "`my-project`.`shop`.`events`"
        );
        assert_eq!(
            table_name(Dialect::Postgres, "analytics.Events").unwrap(),
            "\"analytics\".\"Events\""
        );
        assert!(table_name(Dialect::DuckDb, "a..b").is_err());
        assert!(table_name(Dialect::DuckDb, "").is_err());
    }

    #[test]
    fn emit_checks_the_journey_and_the_settings() {
        let mut j = journey();
        let sql = emit(&j, &Settings::default(), Dialect::DuckDb, "events").unwrap();
        assert!(
            sql.contains("WHEN event_name LIKE 'ad!_%' ESCAPE '!' THEN 1"),
            "{sql}"
        );
        assert!(sql.contains("WHERE stage = 3"), "{sql}");
        assert!(!sql.contains("markov'"), "{sql}");
        let bad = Settings {
            half_life_days: 0.0,
            ..Settings::default()
        };
        assert!(emit(&j, &bad, Dialect::DuckDb, "events").is_err());
        j.event_rules.clear();
        assert!(emit(&j, &Settings::default(), Dialect::DuckDb, "events").is_err());
    }
}
