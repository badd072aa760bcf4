//! Seeded synthetic event data for `cjm analyze`: a journey with event rules and an events CSV
//! of any size whose customers move through it the way shoppers do (most leave early, a few
//! buy, fewer review), over several channels, with some events no rule maps.

use std::io::{self, Write};

use crate::model::{EventRule, Journey, Touchpoint, id_from_bits};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventOptions {
    /// Rows to write (the last customer may be cut short to hit it exactly).
    pub events: u64,
    /// The seed: the same seed gives the same file.
    pub seed: u64,
}

/// The events of each stage: (event name, channels it happens in).
const STAGE_EVENTS: [&[(&str, &[&str])]; 6] = [
    &[
        ("ad_impression", &["instagram", "tiktok", "google"]),
        ("ad_click", &["instagram", "tiktok", "google"]),
        ("visit_home", &["web", "app"]),
    ],
    &[
        ("view_product", &["web", "app"]),
        ("view_product_reviews", &["web", "app"]),
        ("compare_prices", &["web"]),
        ("chat_question", &["whatsapp"]),
    ],
    &[
        ("add_to_cart", &["web", "app"]),
        ("start_checkout", &["web", "app"]),
    ],
    &[("order_paid", &["web", "app", "store"])],
    &[
        ("delivery_tracked", &["app", "email"]),
        ("support_call", &["call center"]),
    ],
    &[
        ("review_posted", &["web", "app"]),
        ("referral_sent", &["whatsapp"]),
    ],
];

/// Events no rule maps, about one in twenty rows.
const NOISE: [&str; 3] = ["app_open", "session_start", "push_received"];

/// Chance of going on from each stage to the next.
const GO_ON: [f64; 5] = [0.55, 0.5, 0.6, 0.45, 0.35];

/// The journey the events belong to: the six default stages, a card per stage and rules
/// mapping every generated event (globs where names share a prefix).
pub fn journey() -> Journey {
    let mut journey = Journey::with_default_stages("Beli HP online");
    let mut bits = 0xE7E7u64;
    let mut id = |prefix: &str| {
        bits = bits.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        id_from_bits(prefix, bits)
    };
    journey.id = id("jo");
    let titles = [
        "Sees an ad / Lihat iklan",
        "Reads reviews",
        "Adds to cart",
        "Pays / Bayar",
        "Tracks the parcel",
        "Posts a review",
    ];
    for (stage, title) in journey.stages.iter_mut().zip(titles) {
        stage.id = id("st");
        let mut card = Touchpoint::new(title);
        card.id = id("tp");
        stage.touchpoints.push(card);
    }
    let rule = |event: &str, stage: usize, journey: &Journey| EventRule {
        event: event.into(),
        stage: journey.stages[stage].id.clone(),
        touchpoint: Some(journey.stages[stage].touchpoints[0].id.clone()),
        ..EventRule::default()
    };
    journey.event_rules = vec![
        rule("ad_*", 0, &journey),
        rule("visit_home", 0, &journey),
        rule("view_product*", 1, &journey),
        rule("compare_prices", 1, &journey),
        rule("chat_question", 1, &journey),
        rule("add_to_cart", 2, &journey),
        rule("start_checkout", 2, &journey),
        rule("order_paid", 3, &journey),
        rule("delivery_tracked", 4, &journey),
        rule("support_*", 4, &journey),
        rule("review_posted", 5, &journey),
        rule("referral_sent", 5, &journey),
    ];
    journey
}

/// Writes `options.events` rows of CSV (`customer_id,timestamp,event,channel,value`) to `out`,
/// customer by customer, each customer's rows in time order. Returns the number of customers.
pub fn write_csv(out: &mut impl Write, options: EventOptions) -> io::Result<u64> {
    let mut rng = fastrand::Rng::with_seed(options.seed);
    writeln!(out, "customer_id,timestamp,event,channel,value")?;
    let start = 1_767_225_600i64; // 2026-01-01T00:00:00Z
    let mut written = 0u64;
    let mut customers = 0u64;
    let mut line = String::with_capacity(96);
    while written < options.events {
        customers += 1;
        let customer = format!("c{customers:09}");
        let mut time = start + rng.i64(0..90 * 86_400);
        let favourite = rng.usize(..3);
        'stages: for (stage, events) in STAGE_EVENTS.iter().enumerate() {
            for _ in 0..rng.usize(1..=3) {
                let (event, channels) = events[rng.usize(..events.len())];
                let channel = if rng.f64() < 0.6 {
                    channels[favourite % channels.len()]
                } else {
                    channels[rng.usize(..channels.len())]
                };
                time += rng.i64(60..36 * 3_600);
                let value = if event == "order_paid" {
                    (rng.u64(5..200) * 100_000).to_string()
                } else {
                    String::new()
                };
                line.clear();
                push_row(&mut line, &customer, time, event, channel, &value);
                if rng.f64() < 0.05 {
                    let noise = NOISE[rng.usize(..NOISE.len())];
                    push_row(&mut line, &customer, time + 1, noise, "app", "");
                }
                for row in line.split_inclusive('\n') {
                    if written == options.events {
                        break 'stages;
                    }
                    out.write_all(row.as_bytes())?;
                    written += 1;
                }
            }
            if stage == GO_ON.len() || rng.f64() >= GO_ON[stage] {
                break;
            }
        }
    }
    Ok(customers)
}

fn push_row(
    line: &mut String,
    customer: &str,
    seconds: i64,
    event: &str,
    channel: &str,
    value: &str,
) {
    use std::fmt::Write as _;
    let days = seconds.div_euclid(86_400);
    let second = seconds.rem_euclid(86_400);
    let (h, m, s) = (second / 3_600, second % 3_600 / 60, second % 60);
    let _ = writeln!(
        line,
        "{customer},{}T{h:02}:{m:02}:{s:02}Z,{event},{channel},{value}",
        crate::model::date::day_text(days)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generate(events: u64, seed: u64) -> String {
        let mut out = Vec::new();
        write_csv(&mut out, EventOptions { events, seed }).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_rows_and_the_count_is_exact() {
        let text = generate(1_000, 7);
        assert_eq!(text, generate(1_000, 7));
        assert_ne!(text, generate(1_000, 8));
        assert_eq!(text.lines().count(), 1_001, "header and 1,000 rows");
        assert!(text.starts_with("customer_id,timestamp,event,channel,value\n"));
        let row = text.lines().nth(1).unwrap();
        let fields: Vec<&str> = row.split(',').collect();
        assert_eq!(fields.len(), 5, "{row}");
        assert!(fields[1].ends_with('Z') && fields[1].len() == 20, "{row}");
    }

    #[test]
    fn every_generated_event_but_the_noise_has_a_rule() {
        let journey = journey();
        let rules = crate::analytics::rules::resolve(&journey).unwrap();
        let glob = |pattern: &str, name: &str| match pattern.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => pattern == name,
        };
        for (stage, events) in STAGE_EVENTS.iter().enumerate() {
            for (event, _) in *events {
                let rule = rules.iter().find(|r| glob(&r.event, event)).unwrap();
                assert_eq!(rule.stage, stage, "{event}");
            }
        }
        for noise in NOISE {
            assert!(!rules.iter().any(|r| glob(&r.event, noise)), "{noise}");
        }
    }
}
