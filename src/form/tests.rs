use super::*;
use crate::analytics::rule_line::parse_rule;
use crate::model::{
    EventRule, Journey, JourneyState, Kpi, KpiKind, Measurement, Opportunity, OpportunityStatus,
    Persona, Rating, Workspace,
};

fn sari() -> Persona {
    Persona {
        id: "pe-1".into(),
        name: "Sari, ibu bekerja".into(),
        description: "34, belanja lewat aplikasi".into(),
        goals: vec![
            "Hemat waktu".into(),
            "Harga jelas: tanpa biaya tersembunyi".into(),
        ],
        channels: vec!["App".into(), "WhatsApp".into()],
        ..Persona::default()
    }
}

fn workspace() -> Workspace {
    let mut current = Journey::with_default_stages("Beli HP");
    current.id = "jo-1".into();
    current.personas = vec!["pe-1".into()];
    let mut future = Journey::with_default_stages("Beli HP (future)");
    future.id = "jo-2".into();
    Workspace {
        personas: vec![sari()],
        journeys: vec![current, future],
        ..Workspace::default()
    }
}

fn checkout() -> Kpi {
    Kpi {
        id: "kp-1".into(),
        name: "Checkout conversion".into(),
        kind: KpiKind::Ratio,
        unit: "%".into(),
        target: Some(65.0),
        measurements: vec![Measurement {
            date: "2026-01-05".into(),
            numerator: Some(412),
            denominator: Some(780),
            ..Measurement::default()
        }],
        ..Kpi::default()
    }
}

#[test]
fn each_form_line_says_what_it_expects_list_items_too() {
    let lines: Vec<String> = opportunity_form(&Opportunity::default())
        .lines()
        .map(String::from)
        .collect();
    let effort = lines.iter().position(|l| l.starts_with("Effort")).unwrap();
    let (label, text) = hint(Form::Opportunity, &lines, effort).unwrap();
    assert_eq!(
        (label.as_str(), text),
        ("Effort", "1 (small) to 5 (large), or empty")
    );
    let lines: Vec<String> = kpi_form(&checkout()).lines().map(String::from).collect();
    let item = lines
        .iter()
        .position(|l| l.trim_start().starts_with("- "))
        .unwrap();
    let (label, text) = hint(Form::Kpi, &lines, item).unwrap();
    assert_eq!(label, "Measurements");
    assert!(text.contains("numerator/denominator"), "{text}");
    assert_eq!(hint(Form::Persona, &["no label here".to_string()], 0), None);
}

#[test]
fn a_kpi_form_reads_back_the_same_and_takes_new_measurements() {
    let form = kpi_form(&checkout());
    assert!(form.contains("Kind: ratio\n"), "{form}");
    assert!(
        form.contains("Measurements:\n  - 2026-01-05 412/780\n"),
        "{form}"
    );
    assert_eq!(parse_kpi_form(&form, &checkout()), Ok(checkout()));
    let more = format!("{form}  - 2026-02-02 455/790\n").replace("Target: 65", "Target: 60");
    let kpi = parse_kpi_form(&more, &checkout()).unwrap();
    assert_eq!(kpi.measurements.len(), 2);
    assert_eq!(kpi.target, Some(60.0));
    assert_eq!(
        kpi.summary().latest.map(|v| (v * 10.0).round()),
        Some(576.0)
    );
}

#[test]
fn kpi_form_errors_name_the_line() {
    let bad = |text: &str| parse_kpi_form(text, &checkout()).unwrap_err();
    assert_eq!(bad("Name: x\nKind: rate").line, 2);
    assert_eq!(bad("Name: x\nTarget: high").line, 2);
    assert_eq!(bad("Name: x\nDirection: up").line, 2);
    let wrong = bad("Name: x\nMeasurements:\n  - 2026-02-02 455\n");
    assert_eq!(wrong.line, 2);
    assert!(
        wrong.message.contains("numerator/denominator"),
        "{}",
        wrong.message
    );
    let undated = bad("Name: x\nMeasurements:\n  - 455/790\n");
    assert_eq!(undated.line, 2);
    assert!(undated.message.contains("date"), "{}", undated.message);
}

#[test]
fn an_opportunity_form_reads_back_and_checks_ratings() {
    let opportunity = Opportunity {
        title: "Show the APR".into(),
        impact: Rating::new(4),
        status: OpportunityStatus::Planned,
        owner: "Payments".into(),
        ..Opportunity::default()
    };
    let form = opportunity_form(&opportunity);
    assert!(form.contains("Effort: \n"), "{form}");
    assert_eq!(
        parse_opportunity_form(&form, &opportunity),
        Ok(opportunity.clone())
    );
    let bad = |text: &str| parse_opportunity_form(text, &opportunity).unwrap_err();
    assert_eq!(bad("Title: x\nImpact: 9").line, 2);
    assert_eq!(bad("Title: x\nStatus: maybe").line, 2);
    assert_eq!(bad("Title: \n").line, 1);
}

#[test]
fn a_persona_form_reads_back_the_same() {
    let form = persona_form(&sari());
    assert!(form.starts_with("Name: Sari, ibu bekerja\n"), "{form}");
    assert!(form.contains("Goals:\n  - Hemat waktu\n"), "{form}");
    assert_eq!(parse_persona_form(&form, &sari()), Ok(sari()));
}

#[test]
fn a_persona_form_is_lenient_about_case_spaces_and_order() {
    let text = "channels:\n- Web\n\n  name :  Budi  \npain POINTS:\n-   antre lama\n-\n";
    let persona = parse_persona_form(text, &Persona::default()).unwrap();
    assert_eq!(persona.name, "Budi");
    assert_eq!(persona.pain_points, ["antre lama"]);
    assert_eq!(persona.channels, ["Web"]);
}

#[test]
fn persona_form_errors_name_the_line() {
    let base = Persona::default();
    let bad = |text: &str| parse_persona_form(text, &base).unwrap_err();
    assert_eq!(bad("Name: A\nHobbies: x").line, 2);
    assert!(
        bad("Name: A\nHobbies: x")
            .message
            .contains("unknown label \"Hobbies\"")
    );
    assert_eq!(bad("- x\nName: A").line, 1);
    assert_eq!(bad("Name: A\nName: B").message, "Name is given twice");
    assert_eq!(bad("Name: A\njust words").line, 2);
    assert_eq!(bad("Description: no name").line, 1);
    assert!(bad("Name:\n  - A\n").message.contains("one line"));
}

#[test]
fn a_journey_form_names_personas_and_variants() {
    let mut ws = workspace();
    ws.journeys[1].variant_of = Some("jo-1".into());
    ws.journeys[1].personas = vec!["pe-1".into()];
    ws.journeys[1].state = JourneyState::Future;
    let form = journey_form(&ws.journeys[1], &ws);
    assert!(form.contains("Variant of: Beli HP\n"), "{form}");
    assert!(
        form.contains("Personas:\n  - Sari, ibu bekerja\n"),
        "{form}"
    );
    assert!(form.contains("State: future\n"), "{form}");
    let parsed = parse_journey_form(&form, &ws.journeys[1], &ws).unwrap();
    assert_eq!(parsed, ws.journeys[1]);
}

/// A journey with Indonesian stage and card names, `@`, `/` and `->` inside them, and
/// rules using every part of the syntax.
fn journey_with_rules() -> Journey {
    let mut journey = Journey::with_default_stages("Beli HP");
    journey.stages[1].name = "Riset / bandingkan".into();
    journey.stages[2].name = "Keputusan -> bayar".into();
    let card = |title: &str| crate::model::Touchpoint::new(title);
    journey.stages[0].touchpoints =
        vec![card("Lihat iklan @ Instagram"), card("Promo / diskon 50%")];
    journey.stages[1].touchpoints = vec![card("Baca ulasan -> tanya teman")];
    journey.stages[3].touchpoints = vec![card("Bayar di kasir")];
    let rule = |event: &str, channel: Option<&str>, stage: usize, card: Option<usize>| EventRule {
        event: event.into(),
        channel: channel.map(Into::into),
        stage: journey.stages[stage].id.clone(),
        touchpoint: card.map(|c| journey.stages[stage].touchpoints[c].id.clone()),
        ..EventRule::default()
    };
    journey.event_rules = vec![
        rule("ad_click", Some("instagram"), 0, Some(0)),
        rule("promo_view", None, 0, Some(1)),
        rule("view_product*", Some("web/app"), 1, None),
        rule("review_read", None, 1, Some(0)),
        rule("user@checkout", None, 2, None),
        rule("lihat ulasan", Some("Toko @ Mall"), 1, None),
        rule("order_paid", None, 3, Some(0)),
    ];
    journey.conversion_stage = Some(journey.stages[3].id.clone());
    journey
}

fn workspace_of(journey: &Journey) -> Workspace {
    Workspace {
        journeys: vec![journey.clone()],
        ..Workspace::default()
    }
}

#[test]
fn event_rules_are_named_by_name_and_read_back_the_same() {
    let journey = journey_with_rules();
    let ws = workspace_of(&journey);
    let form = journey_form(&journey, &ws);
    let expected = "Event rules:\n\
        \x20 - ad_click @ instagram -> Awareness / Lihat iklan @ Instagram\n\
        \x20 - promo_view -> Awareness / Promo / diskon 50%\n\
        \x20 - view_product* @ web/app -> Riset / bandingkan\n\
        \x20 - review_read -> Riset / bandingkan / Baca ulasan -> tanya teman\n\
        \x20 - user@checkout -> Keputusan -> bayar\n\
        \x20 - lihat ulasan @ Toko @ Mall -> Riset / bandingkan\n\
        \x20 - order_paid -> Purchase / Bayar di kasir\n\
        Conversion stage: Purchase\n";
    assert!(form.ends_with(expected), "{form}");
    assert_eq!(
        parse_journey_form(&form, &journey, &ws),
        Ok(journey.clone())
    );
    // Every line read afresh (not kept because it is unchanged) finds the same rule.
    for (rule, line) in journey.event_rules.iter().zip(form.lines().skip(9)) {
        let text = line.trim().trim_start_matches("- ");
        assert_eq!(parse_rule(text, &journey).as_ref(), Ok(rule), "{text}");
    }
    // form -> journey -> form is stable too, after edits in any case and spacing.
    let edited = form
        .replace(
            "- order_paid -> Purchase / Bayar di kasir",
            "-  order_paid  ->  purchase / BAYAR DI KASIR ",
        )
        .replace(
            "Conversion stage: Purchase",
            "Conversion stage: decision -> nothing",
        );
    let err = parse_journey_form(&edited, &journey, &ws).unwrap_err();
    assert!(
        err.message
            .contains("no stage named \"decision -> nothing\""),
        "{err}"
    );
    let edited = edited.replace("decision -> nothing", "keputusan -> BAYAR");
    let parsed = parse_journey_form(&edited, &journey, &ws).unwrap();
    assert_eq!(parsed.event_rules, journey.event_rules);
    assert_eq!(
        parsed.conversion_stage.as_ref(),
        Some(&journey.stages[2].id)
    );
    let again = journey_form(&parsed, &workspace_of(&parsed));
    assert_eq!(
        parse_journey_form(&again, &parsed, &ws).unwrap(),
        parsed,
        "{again}"
    );
    assert_eq!(journey_form(&parsed, &workspace_of(&parsed)), again);
}

#[test]
fn the_conversion_stage_is_blank_for_purchase_and_named_otherwise() {
    let mut journey = Journey::with_default_stages("Beli HP");
    let ws = workspace_of(&journey);
    let form = journey_form(&journey, &ws);
    assert!(
        form.contains("Event rules:\nConversion stage: \n"),
        "{form}"
    );
    assert_eq!(
        parse_journey_form(&form, &journey, &ws),
        Ok(journey.clone())
    );
    let chosen = form.replace("Conversion stage: ", "Conversion stage: post-PURCHASE");
    let parsed = parse_journey_form(&chosen, &journey, &ws).unwrap();
    assert_eq!(
        parsed.conversion_stage.as_ref(),
        Some(&journey.stages[4].id)
    );
    journey.conversion_stage = parsed.conversion_stage;
    let cleared = journey_form(&journey, &ws).replace("Post-purchase", "");
    let parsed = parse_journey_form(&cleared, &journey, &ws).unwrap();
    assert_eq!(parsed.conversion_stage, None, "blank is the default again");
}

#[test]
fn shared_names_and_missing_ids_are_written_as_ids_and_kept() {
    let mut journey = journey_with_rules();
    // Two cards titled alike: the rule on the second names it by id.
    let mut twin = crate::model::Touchpoint::new("bayar DI kasir");
    twin.id = "tp-twin".into();
    journey.stages[3].touchpoints.push(twin);
    journey.event_rules[6].touchpoint = Some("tp-twin".into());
    // A rule whose stage is gone, and an event the syntax cannot hold: kept as they are.
    journey.event_rules.push(EventRule {
        event: "odd -> name @ here".into(),
        stage: "st-gone".into(),
        ..EventRule::default()
    });
    let ws = workspace_of(&journey);
    let form = journey_form(&journey, &ws);
    assert!(
        form.contains("- order_paid -> Purchase / tp-twin\n"),
        "{form}"
    );
    assert!(form.contains("- odd -> name @ here -> st-gone\n"), "{form}");
    assert_eq!(
        parse_journey_form(&form, &journey, &ws),
        Ok(journey.clone())
    );
    let rule = parse_rule("order_paid -> Purchase / tp-twin", &journey).unwrap();
    assert_eq!(rule.touchpoint.as_deref(), Some("tp-twin"));
}

#[test]
fn event_rule_errors_name_the_line_and_what_to_write() {
    let journey = journey_with_rules();
    let ws = workspace_of(&journey);
    let bad = |rule: &str| {
        let text = format!("Name: Beli HP\nEvent rules:\n  - order_paid -> Purchase\n  - {rule}\n");
        let err = parse_journey_form(&text, &journey, &ws).unwrap_err();
        assert_eq!(err.line, 4, "{rule}: {err}");
        err.message
    };
    let message = bad("order_paid -> Pembelian");
    assert!(
        message.contains("no stage named \"Pembelian\""),
        "{message}"
    );
    assert!(
        message.contains("the stages are Awareness, Riset / bandingkan, Keputusan -> bayar"),
        "{message}"
    );
    let message = bad("order_paid -> Purchase / Bayar online");
    assert!(
        message.contains("stage \"Purchase\" has no card \"Bayar online\""),
        "{message}"
    );
    for (rule, says) in [
        (
            "order_paid Purchase",
            "-> between the event and its stage is missing",
        ),
        ("order_paid->Purchase", "space on each side of ->"),
        ("-> Purchase", "the event is missing"),
        ("order_paid ->", "the stage is missing after ->"),
        ("@ web -> Purchase", "the event is missing"),
        ("order_paid @ -> Purchase", "the channel is missing after @"),
        ("order_paid -> Purchase /", "the card is missing after /"),
    ] {
        let message = bad(rule);
        assert!(message.contains(says), "{rule}: {message}");
        assert!(message.contains("write "), "says what to write: {message}");
    }
}

#[test]
fn journey_form_edits_and_errors() {
    let ws = workspace();
    let base = &ws.journeys[1];
    let text = "Name: Beli HP baru\nOwner: Dewi\nLast reviewed: 2026-11-23\nState: Future\n\
                Variant of: beli hp\nPersonas:\n  - sari, IBU bekerja\n";
    let journey = parse_journey_form(text, base, &ws).unwrap();
    assert_eq!(journey.owner, "Dewi");
    assert_eq!(journey.last_reviewed.as_deref(), Some("2026-11-23"));
    assert_eq!(journey.state, JourneyState::Future);
    assert_eq!(journey.variant_of.as_deref(), Some("jo-1"));
    assert_eq!(journey.personas, ["pe-1"]);
    assert_eq!(journey.stages, base.stages, "stages are not in the form");
    let bad = |text: &str| parse_journey_form(text, base, &ws).unwrap_err();
    assert_eq!(bad("Name: x\nLast reviewed: 23/11/2026").line, 2);
    assert!(bad("Name: x\nState: someday").message.contains("current"));
    assert!(
        bad("Name: x\nVariant of: Beli HP (future)")
            .message
            .contains("no other journey")
    );
    assert!(
        bad("Name: x\nPersonas:\n - Nobody")
            .message
            .contains("no persona named")
    );
}
