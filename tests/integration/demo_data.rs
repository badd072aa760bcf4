//! The built-in demo workspace (`assets/demo.json`) parses, validates, has the shape the app
//! and its tests rely on, and is stored in canonical form.

use cjm::model::{DEFAULT_STAGES, FORMAT_NAME, FORMAT_VERSION, Journey, Workspace, validate};

const DEMO: &str = include_str!("../../assets/demo.json");

fn demo() -> Workspace {
    serde_json::from_str::<Workspace>(DEMO).expect("assets/demo.json parses as a workspace")
}

fn journey<'w>(ws: &'w Workspace, name: &str) -> &'w Journey {
    ws.journeys
        .iter()
        .find(|j| j.name == name)
        .unwrap_or_else(|| panic!("the demo has a journey named {name:?}"))
}

#[test]
fn demo_parses_and_validates() {
    let ws = demo();
    assert_eq!(ws.format, FORMAT_NAME);
    assert_eq!(ws.version, FORMAT_VERSION);
    assert!(ws.personas.len() >= 2, "the demo has personas");
    assert_eq!(validate(&ws), Ok(()));
}

#[test]
fn demo_has_no_unknown_fields() {
    let ws = demo();
    assert!(ws.extra.is_empty());
    assert!(ws.personas.iter().all(|p| p.extra.is_empty()));
    for journey in &ws.journeys {
        assert!(journey.extra.is_empty(), "{}", journey.name);
        for stage in &journey.stages {
            assert!(stage.extra.is_empty(), "{}", stage.name);
            for kpi in &stage.kpis {
                assert!(kpi.extra.is_empty(), "{}", kpi.name);
                assert!(kpi.measurements.iter().all(|m| m.extra.is_empty()));
            }
            for card in &stage.touchpoints {
                assert!(card.extra.is_empty(), "{}", card.title);
                assert!(card.opportunities.iter().all(|o| o.extra.is_empty()));
            }
        }
    }
}

#[test]
fn ids_have_the_generated_shape() {
    const ALPHABET: &str = "0123456789abcdefghjkmnpqrstvwxyz";
    let ws = demo();
    let mut ids: Vec<(&str, &str)> = ws.personas.iter().map(|p| ("pe", p.id.as_str())).collect();
    for journey in &ws.journeys {
        ids.push(("jo", &journey.id));
        for stage in &journey.stages {
            ids.push(("st", &stage.id));
            ids.extend(stage.kpis.iter().map(|k| ("kp", k.id.as_str())));
            ids.extend(stage.touchpoints.iter().map(|t| ("tp", t.id.as_str())));
        }
    }
    for (prefix, id) in ids {
        let rest = id
            .strip_prefix(prefix)
            .and_then(|r| r.strip_prefix('-'))
            .unwrap_or_else(|| panic!("{id:?} starts with {prefix}-"));
        assert_eq!(rest.len(), 12, "{id:?}");
        assert!(rest.chars().all(|c| ALPHABET.contains(c)), "{id:?}");
    }
}

#[test]
fn persona_references_resolve() {
    let ws = demo();
    let known = |id: &String| ws.personas.iter().any(|p| &p.id == id);
    for journey in &ws.journeys {
        assert!(journey.personas.iter().all(known), "{}", journey.name);
        for (_, stage, card) in ws.touchpoints().filter(|(j, _, _)| j.id == journey.id) {
            assert!(
                card.personas.iter().all(|id| journey.personas.contains(id)),
                "{} › {}",
                stage.name,
                card.title
            );
        }
    }
}

#[test]
fn smartphone_journey_has_six_full_stages() {
    let ws = demo();
    let journey = journey(&ws, "Smartphone purchase");
    let names: Vec<&str> = journey.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, DEFAULT_STAGES);
    for stage in &journey.stages {
        assert!(
            (2..=4).contains(&stage.touchpoints.len()),
            "{} has {} cards",
            stage.name,
            stage.touchpoints.len()
        );
        assert!(!stage.goal.is_empty(), "{} has a goal", stage.name);
        for card in &stage.touchpoints {
            let at = format!("{} › {}", stage.name, card.title);
            assert!(!card.action.is_empty(), "{at}: action");
            assert!(!card.channel.is_empty(), "{at}: channel");
            assert!(card.emotion.is_some(), "{at}: emotion");
            assert!(!card.opportunities.is_empty(), "{at}: opportunity");
        }
    }
    assert!(journey.stages.iter().any(|s| !s.kpis.is_empty()));
}

#[test]
fn smartphone_emotions_dip_after_the_decision() {
    let ws = demo();
    let journey = journey(&ws, "Smartphone purchase");
    let lowest = |stage: &str| {
        journey.stages[journey.stages.iter().position(|s| s.name == stage).unwrap()]
            .touchpoints
            .iter()
            .filter_map(|t| t.emotion.map(|e| e.value()))
            .min()
            .unwrap()
    };
    assert_eq!(lowest("Purchase"), -2);
    assert_eq!(lowest("Post-purchase"), -2);
    assert!(lowest("Decision") > -2);
}

#[test]
fn indonesian_journey_exists() {
    let ws = demo();
    let journey = ws
        .journeys
        .iter()
        .find(|j| j.stages.iter().any(|s| s.name == "Kesadaran dan perolehan"))
        .expect("an Indonesian journey");
    let names: Vec<&str> = journey.stages.iter().map(|s| s.name.as_str()).collect();
    assert!(names.contains(&"Dukungan pasca pembelian"), "{names:?}");
    assert!(journey.stages.iter().all(|s| !s.touchpoints.is_empty()));
}

#[test]
fn demo_text_has_no_control_characters() {
    assert!(
        !DEMO.chars().any(|c| c.is_control() && c != '\n'),
        "only newlines as control characters"
    );
}

#[test]
fn demo_is_in_canonical_form() {
    let ws = demo();
    let canonical = serde_json::to_string_pretty(&ws).unwrap() + "\n";
    if canonical != DEMO {
        let line = canonical
            .lines()
            .zip(DEMO.lines())
            .position(|(a, b)| a != b)
            .map_or(canonical.lines().count().min(DEMO.lines().count()), |i| i);
        panic!(
            "assets/demo.json is not canonical; first difference at line {}:\n  file:      {:?}\n  canonical: {:?}",
            line + 1,
            DEMO.lines().nth(line),
            canonical.lines().nth(line)
        );
    }
}
