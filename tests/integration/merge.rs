//! The three-way merge of concurrent edits (`cjm::merge`): each rule on a small hand-built
//! workspace, then properties on random edits of the demo (`cjm::edit::Edit`s, as the app
//! makes them), and a workspace of 100,000 cards.
//!
//! `PROPTEST_CASES=5000 cargo test --release --test integration merge::` runs more random cases.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use cjm::edit::Edit;
use cjm::merge::{Conflict, Kind, Merged, Side, What, merge, resolve};
use cjm::model::{
    Emotion, Journey, Kpi, Measurement, Opportunity, Persona, Stage, Touchpoint, TouchpointField,
    Workspace, new_id, validate,
};

// ---------------------------------------------------------------------------------------------
// A small workspace and helpers
// ---------------------------------------------------------------------------------------------

fn card(id: &str, title: &str) -> Touchpoint {
    Touchpoint {
        id: id.into(),
        title: title.into(),
        ..Touchpoint::default()
    }
}

fn stage(id: &str, name: &str, cards: Vec<Touchpoint>) -> Stage {
    Stage {
        id: id.into(),
        name: name.into(),
        touchpoints: cards,
        ..Stage::default()
    }
}

fn measurement(date: &str, value: f64) -> Measurement {
    Measurement {
        date: date.into(),
        value: Some(value),
        ..Measurement::default()
    }
}

/// Personas pe-1, pe-2; journey jo-1 "Phone" with stages st-1 "Aware" (tp-1 A, tp-2 B),
/// st-2 "Buy" (tp-3 C; KPI kp-1 with a January measurement), st-3 "After" (tp-4 D); journey
/// jo-2 "Shop" with st-4 "Visit" (tp-5 E).
fn base() -> Workspace {
    let mut buy = stage("st-2", "Buy", vec![card("tp-3", "C")]);
    buy.kpis = vec![Kpi {
        id: "kp-1".into(),
        name: "Conversion".into(),
        measurements: vec![measurement("2026-01-01", 50.0)],
        ..Kpi::default()
    }];
    let persona = |id: &str, name: &str| Persona {
        id: id.into(),
        name: name.into(),
        ..Persona::default()
    };
    let journey = |id: &str, name: &str, stages| Journey {
        id: id.into(),
        name: name.into(),
        stages,
        ..Journey::default()
    };
    Workspace {
        personas: vec![persona("pe-1", "Sari"), persona("pe-2", "Budi")],
        journeys: vec![
            journey(
                "jo-1",
                "Phone",
                vec![
                    stage("st-1", "Aware", vec![card("tp-1", "A"), card("tp-2", "B")]),
                    buy,
                    stage("st-3", "After", vec![card("tp-4", "D")]),
                ],
            ),
            journey(
                "jo-2",
                "Shop",
                vec![stage("st-4", "Visit", vec![card("tp-5", "E")])],
            ),
        ],
        ..Workspace::default()
    }
}

/// `ws` after `edits`.
fn applied(ws: &Workspace, edits: Vec<Edit>) -> Workspace {
    let mut ws = ws.clone();
    for edit in edits {
        edit.apply(&mut ws).expect("the edit applies");
    }
    ws
}

/// `ws` changed by `change`.
fn changed(ws: &Workspace, change: impl FnOnce(&mut Workspace)) -> Workspace {
    let mut ws = ws.clone();
    change(&mut ws);
    ws
}

/// The merge, checked to validate.
fn merged(base: &Workspace, ours: &Workspace, theirs: &Workspace) -> Merged {
    let merged = merge(base, ours, theirs);
    validate(&merged.workspace).expect("the merge validates");
    merged
}

fn set(card: &str, field: TouchpointField, text: &str) -> Edit {
    let value = Touchpoint::default().parse_field(field, text).unwrap();
    Edit::SetField {
        journey: "jo-1".into(),
        card: card.into(),
        field,
        value,
    }
}

fn move_card(card: &str, stage: &str, index: usize) -> Edit {
    Edit::MoveCard {
        journey: "jo-1".into(),
        card: card.into(),
        stage: stage.into(),
        index,
    }
}

fn card_of<'w>(ws: &'w Workspace, id: &str) -> Option<&'w Touchpoint> {
    ws.touchpoints().map(|(.., c)| c).find(|c| c.id == id)
}

/// The ids of the cards of a stage, in order.
fn cards_in(ws: &Workspace, stage: &str) -> Vec<String> {
    let stages = ws.journeys.iter().flat_map(|j| &j.stages);
    stages
        .filter(|s| s.id == stage)
        .flat_map(|s| s.touchpoints.iter().map(|c| c.id.clone()))
        .collect()
}

fn stage_ids<'w>(ws: &'w Workspace, journey: &str) -> Vec<&'w str> {
    let j = &ws.journeys[ws.journey_index(journey).unwrap()];
    j.stages.iter().map(|s| s.id.as_str()).collect()
}

/// The name under which a card's stage is compared like a field (no field has it).
const STAGE: &str = "@stage";

/// A conflict's record id and what it is about, for comparing.
fn key(conflict: &Conflict) -> (String, String) {
    let id = conflict.path.last().map_or("", |s| s.id.as_str());
    let what = match &conflict.what {
        What::Field { name, .. } => name.clone(),
        What::Place { .. } => STAGE.into(),
        What::Deleted { .. } => "deleted".into(),
    };
    (id.into(), what)
}

fn keys(merged: &Merged) -> Vec<(String, String)> {
    merged.conflicts.iter().map(key).collect()
}

fn pair(id: &str, what: &str) -> (String, String) {
    (id.into(), what.into())
}

/// What the fields show: the workspace without the conflicts it keeps.
fn shown(ws: &Workspace) -> Workspace {
    Workspace {
        conflicts: Vec::new(),
        ..ws.clone()
    }
}

/// The side a conflict keeps visible.
fn side<'a>(conflict: &Conflict, ours: &'a Workspace, theirs: &'a Workspace) -> &'a Workspace {
    match conflict.kept() {
        Side::Ours => ours,
        Side::Theirs => theirs,
    }
}

/// `ws` with each conflict it keeps resolved by the value `pick` gives, checking each step
/// undoes back to where it was.
fn resolved(ws: &Workspace, pick: impl Fn(&cjm::model::Conflict) -> Value) -> Workspace {
    let mut ws = ws.clone();
    for conflict in ws.conflicts.clone() {
        let edit = resolve(&ws, &conflict.id, &pick(&conflict)).expect("resolvable");
        ws = picked(&ws, edit);
    }
    assert!(ws.conflicts.is_empty());
    ws
}

/// Applies `edit` to a copy of `ws`, checks that its inverse gives `ws` back, and returns the
/// copy.
fn picked(ws: &Workspace, edit: Edit) -> Workspace {
    let mut after = ws.clone();
    let undo = edit.apply(&mut after).expect("the picked edit applies");
    let mut back = after.clone();
    undo.apply(&mut back).expect("undo applies");
    assert_eq!(&back, ws, "undo restores the merge");
    after
}

// ---------------------------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------------------------

#[test]
fn edits_to_different_cards_and_fields_both_survive() {
    let b = base();
    let ours = applied(
        &b,
        vec![
            set("tp-1", TouchpointField::Title, "A ours"),
            set("tp-3", TouchpointField::Emotion, "-2"),
        ],
    );
    let theirs = applied(
        &b,
        vec![
            set("tp-2", TouchpointField::Title, "B theirs"),
            set("tp-3", TouchpointField::Channel, "Web"),
        ],
    );
    let m = merged(&b, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    let ws = &m.workspace;
    assert_eq!(card_of(ws, "tp-1").unwrap().title, "A ours");
    assert_eq!(card_of(ws, "tp-2").unwrap().title, "B theirs");
    let c = card_of(ws, "tp-3").unwrap();
    assert_eq!((c.emotion, c.channel.as_str()), (Emotion::new(-2), "Web"));
}

#[test]
fn the_same_change_on_both_sides_is_no_conflict() {
    let b = base();
    let edit = || applied(&b, vec![set("tp-1", TouchpointField::Tags, "web, app")]);
    let m = merged(&b, &edit(), &edit());
    assert!(m.conflicts.is_empty());
    assert_eq!(m.workspace, edit());
}

#[test]
fn a_field_changed_differently_shows_one_winner_everywhere_and_keeps_both_values() {
    let b = base();
    let ours = applied(&b, vec![set("tp-1", TouchpointField::Title, "Mine")]);
    let theirs = applied(&b, vec![set("tp-1", TouchpointField::Title, "Yours")]);
    let m = merged(&b, &ours, &theirs);
    // The same result from the other side: every instance shows one value.
    assert_eq!(merged(&b, &theirs, &ours).workspace, m.workspace);
    assert_eq!(
        shown(&m.workspace),
        theirs,
        "\"Yours\" wins by the shared rule"
    );
    let [conflict] = &m.conflicts[..] else {
        panic!("one conflict: {:?}", m.conflicts)
    };
    assert_eq!(conflict.kept(), Side::Theirs);
    assert_eq!(
        conflict.what,
        What::Field {
            name: "title".into(),
            ours: Some(json!("Mine")),
            theirs: Some(json!("Yours")),
        }
    );
    let path: Vec<_> = conflict
        .path
        .iter()
        .map(|s| (s.kind, s.name.as_str()))
        .collect();
    assert_eq!(
        path,
        [
            (Kind::Journey, "Phone"),
            (Kind::Stage, "Aware"),
            (Kind::Card, "Yours")
        ]
    );
    assert_eq!(
        conflict.to_string(),
        r#"Phone › Aware › Yours: title: yours "Mine", theirs "Yours""#
    );
    // Kept in the workspace until someone picks a value.
    let [kept] = &m.workspace.conflicts[..] else {
        panic!("one kept: {:?}", m.workspace.conflicts)
    };
    assert_eq!(
        (kept.id.as_str(), kept.field.as_str()),
        ("cf-tp-1-title", "title")
    );
    let values: Vec<&Value> = kept.values.iter().map(|c| &c.value).collect();
    assert_eq!(values, [&json!("Mine"), &json!("Yours")]);
    let edit = resolve(&m.workspace, &kept.id, &json!("Mine")).unwrap();
    assert_eq!(edit.label(), "resolve the title conflict");
    assert_eq!(picked(&m.workspace, edit), ours);
}

#[test]
fn a_conflict_resolved_on_one_side_settles_the_field_where_the_other_still_keeps_it() {
    let b = base();
    let ours = applied(&b, vec![set("tp-1", TouchpointField::Title, "Mine")]);
    let theirs = applied(&b, vec![set("tp-1", TouchpointField::Title, "Yours")]);
    let kept = merged(&b, &ours, &theirs).workspace;
    assert_eq!(card_of(&kept, "tp-1").unwrap().title, "Yours");
    // One instance picks the value that lost; the other still shows the winner and the
    // conflict. The pick was made with both values in view, so it stands, both ways round.
    let edit = resolve(&kept, "cf-tp-1-title", &json!("Mine")).unwrap();
    let picked_mine = picked(&kept, edit);
    for m in [
        merged(&kept, &picked_mine, &kept),
        merged(&kept, &kept, &picked_mine),
    ] {
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        assert_eq!(m.workspace, picked_mine);
    }
    // A value the conflict never held is a new edit: it clashes with the pick again.
    let retyped = applied(&kept, vec![set("tp-1", TouchpointField::Title, "Third")]);
    let m = merged(&kept, &picked_mine, &retyped);
    assert_eq!(keys(&m), [pair("tp-1", "title")]);
    assert_eq!(m.workspace.conflicts.len(), 1);
    // Resolved differently on both sides: a conflict again, with one winner everywhere.
    let picked_yours = picked(
        &kept,
        resolve(&kept, "cf-tp-1-title", &json!("Yours")).unwrap(),
    );
    let m = merged(&kept, &picked_mine, &picked_yours);
    assert_eq!(keys(&m), [pair("tp-1", "title")]);
    assert_eq!(
        m.workspace,
        merged(&kept, &picked_yours, &picked_mine).workspace
    );
}

#[test]
fn emotion_lists_and_opportunities_are_whole_values() {
    let b = changed(&base(), |ws| {
        let c = &mut ws.journeys[0].stages[0].touchpoints[0];
        c.emotion = Emotion::new(0);
        c.pain_points = vec!["Slow".into()];
        c.opportunities = vec![Opportunity {
            title: "Faster".into(),
            ..Opportunity::default()
        }];
    });
    let field = |field, ours: &str, theirs: &str| {
        let value = |text| {
            let value = card_of(&b, "tp-1")
                .unwrap()
                .parse_field(field, text)
                .unwrap();
            let edit = Edit::SetField {
                journey: "jo-1".into(),
                card: "tp-1".into(),
                field,
                value,
            };
            applied(&b, vec![edit])
        };
        let (o, t) = (value(ours), value(theirs));
        let m = merged(&b, &o, &t);
        assert_eq!(merged(&b, &t, &o).workspace, m.workspace);
        let winner = side(&m.conflicts[0], &o, &t);
        let loser = if std::ptr::eq(winner, &o) { &t } else { &o };
        assert_eq!(&shown(&m.workspace), winner);
        let loser_value = |c: &cjm::model::Conflict| {
            c.values
                .iter()
                .map(|v| v.value.clone())
                .find(|v| Some(v) != cjm::merge::current_value(&m.workspace, c).as_ref())
                .unwrap()
        };
        assert_eq!(&resolved(&m.workspace, loser_value), loser);
        keys(&m)
    };
    let conflict = |name| vec![pair("tp-1", name)];
    assert_eq!(
        field(TouchpointField::Emotion, "1", "-1"),
        conflict("emotion")
    );
    assert_eq!(
        field(TouchpointField::Emotion, "1", ""),
        conflict("emotion")
    );
    let pains = field(TouchpointField::PainPoints, "Slow\nLoud", "Slow\nDark");
    assert_eq!(pains, conflict("pain_points"));
    let opportunities = field(TouchpointField::Opportunities, "Faster\nA", "Faster\nB");
    assert_eq!(opportunities, conflict("opportunities"));
}

#[test]
fn unknown_fields_merge_like_known_ones() {
    let b = base();
    let note = |value: Value| {
        changed(&b, |ws| {
            let card = &mut ws.journeys[0].stages[0].touchpoints[0];
            card.extra.insert("x-note".into(), value);
        })
    };
    let ours = note(json!("ours"));
    let m = merged(&b, &ours, &b);
    assert_eq!(m.workspace, ours);
    let m = merged(&b, &b, &ours);
    assert_eq!(m.workspace, ours);
    let theirs = note(json!({"by": "them"}));
    let m = merged(&b, &ours, &theirs);
    assert_eq!(keys(&m), [pair("tp-1", "x-note")]);
    assert_eq!(
        shown(&m.workspace),
        theirs,
        "an object's text sorts after a string's"
    );
    assert_eq!(resolved(&m.workspace, |_| json!("ours")), ours);
    // At the top level too, taken back with `ReplaceAll`.
    let top = |v: i64| {
        changed(&b, |ws| {
            ws.extra.insert("x-rev".into(), v.into());
        })
    };
    let m = merged(&b, &top(1), &top(2));
    assert_eq!(keys(&m), [pair("", "x-rev")]);
    assert!(
        m.conflicts[0]
            .to_string()
            .starts_with("workspace: x-rev: yours 1")
    );
    assert_eq!(shown(&m.workspace), top(2));
    assert_eq!(resolved(&m.workspace, |_| json!(1)), top(1));
}

#[test]
fn journey_stage_persona_and_kpi_fields_merge_one_by_one() {
    let b = base();
    let ours = changed(&b, |ws| {
        ws.personas[0].description = "Student".into();
        let j = &mut ws.journeys[0];
        j.owner = "Dana".into();
        j.stages[1].goal = "Pay".into();
        j.stages[1].kpis[0].target = Some(60.0);
    });
    let theirs = changed(&b, |ws| {
        ws.personas[0].goals = vec!["Save".into()];
        let j = &mut ws.journeys[0];
        j.description = "Buying a phone".into();
        j.stages[1].strategies = vec!["Explain fees".into()];
        j.stages[1].name = "Purchase".into();
        j.stages[1].kpis[0].unit = "%".into();
    });
    let m = merged(&b, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    let ws = &m.workspace;
    assert_eq!(ws.personas[0].description, "Student");
    assert_eq!(ws.personas[0].goals, ["Save"]);
    let j = &ws.journeys[0];
    assert_eq!(
        (j.owner.as_str(), j.description.as_str()),
        ("Dana", "Buying a phone")
    );
    let s = &j.stages[1];
    assert_eq!((s.name.as_str(), s.goal.as_str()), ("Purchase", "Pay"));
    assert_eq!(s.strategies, ["Explain fees"]);
    assert_eq!(
        (s.kpis[0].target, s.kpis[0].unit.as_str()),
        (Some(60.0), "%")
    );
}

#[test]
fn conflicts_on_journeys_stages_personas_and_kpis_can_be_picked() {
    let b = base();
    let edited = |text: &str| {
        changed(&b, |ws| {
            ws.personas[1].name = format!("Budi {text}");
            let j = &mut ws.journeys[0];
            j.owner = text.into();
            j.stages[1].goal = text.into();
            j.stages[1].kpis[0].target = Some(text.len() as f64);
        })
    };
    let (ours, theirs) = (edited("ours"), edited("theirs"));
    let m = merged(&b, &ours, &theirs);
    assert_eq!(
        shown(&m.workspace),
        theirs,
        "\"theirs\" and 6 win by the shared rule"
    );
    assert_eq!(
        keys(&m),
        [
            pair("pe-2", "name"),
            pair("jo-1", "owner"),
            pair("st-2", "goal"),
            pair("kp-1", "target"),
        ]
    );
    assert_eq!(
        m.conflicts[3].to_string(),
        "Phone › Buy › KPI Conversion: target: yours 4.0, theirs 6.0"
    );
    let ours_value = |c: &cjm::model::Conflict| c.values[0].value.clone();
    assert_eq!(resolved(&m.workspace, ours_value), ours);
}

// ---------------------------------------------------------------------------------------------
// Added and deleted
// ---------------------------------------------------------------------------------------------

#[test]
fn records_added_on_either_side_are_kept() {
    let b = base();
    let ours = applied(
        &b,
        vec![
            Edit::AddCard {
                journey: "jo-1".into(),
                stage: "st-1".into(),
                index: 1,
                card: card("tp-new-o", "Ours"),
            },
            Edit::PutPersona {
                index: 9,
                persona: Persona {
                    id: "pe-3".into(),
                    name: "Ayu".into(),
                    ..Persona::default()
                },
            },
        ],
    );
    let theirs = applied(
        &b,
        vec![
            Edit::AddCard {
                journey: "jo-1".into(),
                stage: "st-1".into(),
                index: 2,
                card: card("tp-new-t", "Theirs"),
            },
            Edit::AddStage {
                journey: "jo-1".into(),
                index: 1,
                stage: stage("st-new", "Compare", vec![card("tp-in-new", "F")]),
            },
            Edit::AddJourney {
                index: 0,
                journey: Journey::with_default_stages("Repair"),
            },
            Edit::PutKpi {
                journey: "jo-1".into(),
                stage: "st-3".into(),
                index: 0,
                kpi: Kpi {
                    id: "kp-2".into(),
                    name: "NPS".into(),
                    ..Kpi::default()
                },
            },
        ],
    );
    let m = merged(&b, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    let ws = &m.workspace;
    assert_eq!(
        cards_in(ws, "st-1"),
        ["tp-1", "tp-new-o", "tp-2", "tp-new-t"]
    );
    assert_eq!(cards_in(ws, "st-new"), ["tp-in-new"]);
    assert_eq!(stage_ids(ws, "jo-1"), ["st-1", "st-new", "st-2", "st-3"]);
    assert_eq!(ws.journeys[0].name, "Repair");
    assert_eq!(ws.personas.len(), 3);
    assert_eq!(ws.journeys[1].stages[3].kpis[0].id, "kp-2");
}

#[test]
fn the_same_id_added_on_both_sides_is_one_record() {
    let b = base();
    let add = |title: &str, channel: &str| {
        let mut card = card("tp-9", title);
        card.channel = channel.into();
        applied(
            &b,
            vec![Edit::AddCard {
                journey: "jo-1".into(),
                stage: "st-3".into(),
                index: 9,
                card,
            }],
        )
    };
    let m = merged(&b, &add("Same", "Web"), &add("Same", "App"));
    assert_eq!(cards_in(&m.workspace, "st-3"), ["tp-4", "tp-9"]);
    assert_eq!(keys(&m), [pair("tp-9", "channel")]);
}

#[test]
fn records_deleted_on_one_side_and_unchanged_on_the_other_go() {
    let b = base();
    let theirs = applied(
        &b,
        vec![
            Edit::RemoveCard {
                journey: "jo-1".into(),
                card: "tp-1".into(),
            },
            Edit::RemoveStage {
                journey: "jo-1".into(),
                stage: "st-3".into(),
            },
            Edit::RemoveKpi {
                journey: "jo-1".into(),
                stage: "st-2".into(),
                kpi: "kp-1".into(),
            },
            Edit::RemovePersona {
                persona: "pe-1".into(),
            },
            Edit::RemoveJourney {
                journey: "jo-2".into(),
            },
        ],
    );
    // Ours edits something else, so that the merge has work to do.
    let ours = applied(&b, vec![set("tp-2", TouchpointField::Notes, "Note")]);
    let m = merged(&b, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    let expected = applied(&theirs, vec![set("tp-2", TouchpointField::Notes, "Note")]);
    assert_eq!(m.workspace, expected);
    // The same, deleted by us.
    let m = merged(&b, &theirs, &ours);
    assert_eq!(m.workspace, expected);
}

#[test]
fn a_card_deleted_by_one_side_and_edited_by_the_other_stays() {
    let b = base();
    let edited = applied(&b, vec![set("tp-1", TouchpointField::Notes, "Keep me")]);
    let deleted = applied(
        &b,
        vec![Edit::RemoveCard {
            journey: "jo-1".into(),
            card: "tp-1".into(),
        }],
    );
    for (ours, theirs, by) in [
        (&edited, &deleted, Side::Theirs),
        (&deleted, &edited, Side::Ours),
    ] {
        let m = merged(&b, ours, theirs);
        assert_eq!(shown(&m.workspace), edited);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].what, What::Deleted { by });
        assert_ne!(m.conflicts[0].kept(), by);
        // Kept for a person to decide: delete it after all, or keep it.
        assert_eq!(resolved(&m.workspace, |_| json!("deleted")), deleted);
        assert_eq!(resolved(&m.workspace, |_| json!("kept")), edited);
    }
    let m = merged(&b, &edited, &deleted);
    assert_eq!(
        m.conflicts[0].to_string(),
        "Phone › Aware › A: deleted by them, kept with your edits"
    );
}

#[test]
fn a_persona_or_kpi_deleted_by_one_side_and_edited_by_the_other_stays() {
    let b = base();
    let ours = changed(&b, |ws| {
        ws.personas[0].needs = vec!["Time".into()];
        let kpi = &mut ws.journeys[0].stages[1].kpis[0];
        kpi.measurements.push(measurement("2026-02-01", 55.0));
    });
    let theirs = applied(
        &b,
        vec![
            Edit::RemovePersona {
                persona: "pe-1".into(),
            },
            Edit::RemoveKpi {
                journey: "jo-1".into(),
                stage: "st-2".into(),
                kpi: "kp-1".into(),
            },
        ],
    );
    let m = merged(&b, &ours, &theirs);
    // Kept as we have it, all measurements included.
    assert_eq!(shown(&m.workspace), ours);
    assert_eq!(keys(&m), [pair("pe-1", "deleted"), pair("kp-1", "deleted")]);
    assert_eq!(resolved(&m.workspace, |_| json!("deleted")), theirs);
}

#[test]
fn a_deleted_stage_stays_for_the_cards_the_other_side_edited_or_moved_into_it() {
    let b = base();
    let theirs = applied(
        &b,
        vec![Edit::RemoveStage {
            journey: "jo-1".into(),
            stage: "st-1".into(),
        }],
    );
    // We edit B (in the deleted stage) and move D into it; A we leave alone.
    let ours = applied(
        &b,
        vec![
            set("tp-2", TouchpointField::Title, "B edited"),
            move_card("tp-4", "st-1", 0),
        ],
    );
    let m = merged(&b, &ours, &theirs);
    assert_eq!(cards_in(&m.workspace, "st-1"), ["tp-4", "tp-2"]);
    assert_eq!(stage_ids(&m.workspace, "jo-1"), ["st-1", "st-2", "st-3"]);
    assert_eq!(keys(&m), [pair("tp-2", "deleted"), pair("st-1", "deleted")]);
    assert_eq!(
        m.conflicts[1].to_string(),
        "Phone › Aware: deleted by them, kept with your edits"
    );
    // Picking their side deletes the stage after all.
    let edit = resolve(&m.workspace, "cf-st-1-deleted", &json!("deleted")).unwrap();
    assert_eq!(
        stage_ids(&picked(&m.workspace, edit), "jo-1"),
        ["st-2", "st-3"]
    );
}

#[test]
fn a_deleted_journey_stays_for_a_card_the_other_side_edited() {
    let b = base();
    let ours = applied(&b, vec![set("tp-3", TouchpointField::Owner, "Dana")]);
    let theirs = applied(
        &b,
        vec![Edit::RemoveJourney {
            journey: "jo-1".into(),
        }],
    );
    let m = merged(&b, &ours, &theirs);
    let ws = &m.workspace;
    assert_eq!(stage_ids(ws, "jo-1"), ["st-2"]);
    assert_eq!(cards_in(ws, "st-2"), ["tp-3"]);
    assert_eq!(card_of(ws, "tp-3").unwrap().owner, "Dana");
    assert_eq!(
        keys(&m),
        [
            pair("tp-3", "deleted"),
            pair("st-2", "deleted"),
            pair("jo-1", "deleted")
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Moves and order
// ---------------------------------------------------------------------------------------------

#[test]
fn a_card_moved_by_them_and_edited_by_us_ends_in_their_stage_with_our_edit() {
    let b = base();
    let ours = applied(&b, vec![set("tp-1", TouchpointField::Thoughts, "Hmm")]);
    let theirs = applied(&b, vec![move_card("tp-1", "st-3", 0)]);
    for m in [merged(&b, &ours, &theirs), merged(&b, &theirs, &ours)] {
        assert!(m.conflicts.is_empty());
        assert_eq!(cards_in(&m.workspace, "st-3"), ["tp-1", "tp-4"]);
        assert_eq!(card_of(&m.workspace, "tp-1").unwrap().thoughts, "Hmm");
    }
}

#[test]
fn a_card_moved_to_two_stages_ends_in_the_same_one_everywhere_and_keeps_both() {
    let b = base();
    let ours = applied(&b, vec![move_card("tp-1", "st-2", 9)]);
    let theirs = applied(&b, vec![move_card("tp-1", "st-3", 9)]);
    let m = merged(&b, &ours, &theirs);
    assert_eq!(merged(&b, &theirs, &ours).workspace, m.workspace);
    assert_eq!(shown(&m.workspace), theirs, "st-3 wins by the shared rule");
    assert_eq!(keys(&m), [pair("tp-1", STAGE)]);
    assert_eq!(
        m.conflicts[0].to_string(),
        "Phone › After › A: moved to Buy by you, to After by them"
    );
    let [kept] = &m.workspace.conflicts[..] else {
        panic!("one kept: {:?}", m.workspace.conflicts)
    };
    assert_eq!(kept.place(&m.workspace), "Phone › After › A › stage");
    assert_eq!(kept.value_text(&m.workspace, &json!("st-2")), "Buy");
    assert_eq!(resolved(&m.workspace, |_| json!("st-2")), ours);
}

#[test]
fn order_follows_the_side_that_changed_it() {
    let b = base();
    let ours = applied(
        &b,
        vec![
            set("tp-1", TouchpointField::Title, "A2"),
            Edit::AddCard {
                journey: "jo-1".into(),
                stage: "st-1".into(),
                index: 9,
                card: card("tp-6", "F"),
            },
        ],
    );
    let theirs = applied(
        &b,
        vec![
            Edit::MoveStage {
                journey: "jo-1".into(),
                stage: "st-3".into(),
                index: 0,
            },
            move_card("tp-2", "st-1", 0),
        ],
    );
    let m = merged(&b, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    assert_eq!(stage_ids(&m.workspace, "jo-1"), ["st-3", "st-1", "st-2"]);
    assert_eq!(cards_in(&m.workspace, "st-1"), ["tp-2", "tp-1", "tp-6"]);
    // Both changed the order of the stages: ours, without a conflict.
    let ours = applied(
        &b,
        vec![Edit::MoveStage {
            journey: "jo-1".into(),
            stage: "st-1".into(),
            index: 9,
        }],
    );
    let m = merged(&b, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    assert_eq!(stage_ids(&m.workspace, "jo-1"), ["st-2", "st-3", "st-1"]);
    assert_eq!(cards_in(&m.workspace, "st-1"), ["tp-2", "tp-1"]);
}

// ---------------------------------------------------------------------------------------------
// Measurements and ids
// ---------------------------------------------------------------------------------------------

#[test]
fn measurements_added_on_both_sides_are_kept_once_if_equal_and_both_if_not() {
    let b = base();
    let add = |list: &[Measurement]| {
        changed(&b, |ws| {
            ws.journeys[0].stages[1].kpis[0]
                .measurements
                .extend_from_slice(list)
        })
    };
    let dates = |ws: &Workspace| -> Vec<(String, Option<f64>)> {
        let kpi = &ws.journeys[0].stages[1].kpis[0];
        kpi.measurements
            .iter()
            .map(|m| (m.date.clone(), m.value))
            .collect()
    };
    let feb = measurement("2026-02-01", 55.0);
    let ours = add(&[feb.clone(), measurement("2026-03-01", 58.0)]);
    let m = merged(&b, &ours, &add(&[feb, measurement("2026-03-01", 57.0)]));
    assert!(m.conflicts.is_empty());
    assert_eq!(
        dates(&m.workspace),
        [
            ("2026-01-01".to_string(), Some(50.0)),
            ("2026-02-01".to_string(), Some(55.0)),
            ("2026-03-01".to_string(), Some(58.0)),
            ("2026-03-01".to_string(), Some(57.0)),
        ]
    );
}

#[test]
fn one_id_on_two_kinds_of_record_gets_a_fresh_id_for_the_second() {
    let b = base();
    let ours = applied(
        &b,
        vec![Edit::AddCard {
            journey: "jo-1".into(),
            stage: "st-1".into(),
            index: 0,
            card: card("x-1", "Card"),
        }],
    );
    let theirs = applied(
        &b,
        vec![Edit::AddStage {
            journey: "jo-2".into(),
            index: 0,
            stage: stage("x-1", "Stage", Vec::new()),
        }],
    );
    let m = merged(&b, &ours, &theirs);
    assert_eq!(cards_in(&m.workspace, "st-1")[0], "x-1");
    let renamed = &m.workspace.journeys[1].stages[0];
    assert_eq!(renamed.name, "Stage");
    assert!(renamed.id.starts_with("st-"));
}

#[test]
fn a_hundred_thousand_cards_merge_with_every_clash_found() {
    let mut b = Workspace::default();
    for j in 0..10 {
        let mut journey = Journey::with_default_stages(&format!("Journey {j}"));
        for (s, stage) in journey.stages.iter_mut().enumerate() {
            let cards = (0..1_667).map(|c| Touchpoint::new(&format!("Card {j}.{s}.{c}")));
            stage.touchpoints.extend(cards);
        }
        b.journeys.push(journey);
    }
    assert!(b.card_count() > 100_000);
    let edit = |every: usize, text: &str| {
        changed(&b, |ws| {
            for (n, card) in ws
                .journeys
                .iter_mut()
                .flat_map(|j| &mut j.stages)
                .flat_map(|s| &mut s.touchpoints)
                .enumerate()
            {
                if n % every == 0 {
                    card.notes = text.into();
                }
            }
            ws.journeys[3].stages.swap(0, 5);
        })
    };
    let (ours, theirs) = (edit(7, "ours"), edit(11, "theirs"));
    // Its speed is benches/together.rs's merge_run; here, that a map this size merges right.
    let m = merged(&b, &ours, &theirs);
    assert_eq!(m.conflicts.len(), b.card_count().div_ceil(77));
    assert_eq!(m.workspace.card_count(), b.card_count());
}

// ---------------------------------------------------------------------------------------------
// Properties on random edits of the demo
// ---------------------------------------------------------------------------------------------

static DEMO: LazyLock<Workspace> = LazyLock::new(cjm::demo::workspace);

/// One random edit, as numbers read against the workspace at the time: what to do, two
/// choices of record or position, and a choice of value.
type Op = (u8, u16, u16, u8);

/// Values to set, few so that both sides sometimes pick the same one.
const TEXTS: [&str; 6] = ["x", "y", "", "+1", "-2", "p\nq"];

fn pick<T>(items: &[T], n: u16) -> Option<&T> {
    (!items.is_empty()).then(|| &items[n as usize % items.len()])
}

/// The edit `op` describes in `ws`, if it makes sense there.
fn edit_of(ws: &Workspace, (what, a, b, v): Op) -> Option<Edit> {
    let text = TEXTS[v as usize % TEXTS.len()];
    let cards: Vec<(&Journey, &Stage, &Touchpoint)> = ws.touchpoints().collect();
    let stages: Vec<(&Journey, &Stage)> = ws
        .journeys
        .iter()
        .flat_map(|j| j.stages.iter().map(move |s| (j, s)))
        .collect();
    let kpis: Vec<(&Journey, &Stage, &Kpi)> = stages
        .iter()
        .flat_map(|&(j, s)| s.kpis.iter().map(move |k| (j, s, k)))
        .collect();
    let card = pick(&cards, a).copied();
    let stage = pick(&stages, a).copied();
    let index = b as usize % 4;
    let journey = || stage.map(|(j, _)| j.id.clone());
    let stage_id = || stage.map(|(_, s)| s.id.clone());
    let kpi = |change: &dyn Fn(&mut Kpi)| -> Option<Edit> {
        let (j, s, k) = pick(&kpis, a)?;
        let mut kpi = (*k).clone();
        change(&mut kpi);
        Some(Edit::PutKpi {
            journey: j.id.clone(),
            stage: s.id.clone(),
            index: 0,
            kpi,
        })
    };
    let stage_changed = |change: &dyn Fn(&mut Stage)| -> Option<Edit> {
        let (j, s) = stage?;
        let mut new = (*s).clone();
        change(&mut new);
        Some(Edit::Batch {
            label: "edit stage".into(),
            edits: vec![
                Edit::RemoveStage {
                    journey: j.id.clone(),
                    stage: s.id.clone(),
                },
                Edit::AddStage {
                    journey: j.id.clone(),
                    index: j.stage_index(&s.id)?,
                    stage: new,
                },
            ],
        })
    };
    Some(match what % 22 {
        0..=3 => {
            let (j, _, c) = card?;
            let field = TouchpointField::ALL[b as usize % TouchpointField::ALL.len()];
            Edit::SetField {
                journey: j.id.clone(),
                card: c.id.clone(),
                field,
                value: c.parse_field(field, text).ok()?,
            }
        }
        4 | 5 => {
            let (j, _, c) = card?;
            Edit::MoveCard {
                journey: j.id.clone(),
                card: c.id.clone(),
                stage: pick(&j.stages, b)?.id.clone(),
                index: v as usize,
            }
        }
        6 => Edit::AddCard {
            journey: journey()?,
            stage: stage_id()?,
            index,
            card: Touchpoint::new(text),
        },
        7 => {
            let (j, _, c) = card?;
            Edit::RemoveCard {
                journey: j.id.clone(),
                card: c.id.clone(),
            }
        }
        8 => Edit::RenameStage {
            journey: journey()?,
            stage: stage_id()?,
            name: text.into(),
        },
        9 => stage_changed(&|s| s.goal = text.into())?,
        10 => stage_changed(&|s| s.strategies = vec![text.into()])?,
        11 => Edit::AddStage {
            journey: journey()?,
            index,
            stage: Stage {
                touchpoints: vec![Touchpoint::new(text)],
                ..Stage::new(text)
            },
        },
        12 => Edit::RemoveStage {
            journey: journey()?,
            stage: stage_id()?,
        },
        13 => Edit::MoveStage {
            journey: journey()?,
            stage: stage_id()?,
            index,
        },
        14 => {
            let j = pick(&ws.journeys, a)?;
            let mut details = j.clone();
            details.stages.clear();
            match b % 3 {
                0 => details.owner = text.into(),
                1 => details.description = text.into(),
                _ => drop(details.extra.insert("x-tag".into(), text.into())),
            }
            Edit::SetJourneyDetails {
                journey: j.id.clone(),
                details: Box::new(details),
            }
        }
        15 => match b % 3 {
            0 => Edit::RemoveJourney {
                journey: pick(&ws.journeys, a)?.id.clone(),
            },
            _ => Edit::AddJourney {
                index,
                journey: Journey {
                    stages: vec![Stage::new(text)],
                    ..Journey::with_default_stages(text)
                },
            },
        },
        16 => {
            let mut persona = pick(&ws.personas, a)?.clone();
            match b % 3 {
                0 => persona.description = text.into(),
                1 => persona.goals = vec![text.into()],
                _ => {
                    persona.id = new_id("pe");
                    persona.name = text.into();
                }
            }
            Edit::PutPersona { index, persona }
        }
        17 => Edit::RemovePersona {
            persona: pick(&ws.personas, a)?.id.clone(),
        },
        18 => kpi(&|k| match b % 3 {
            0 => k.target = Some(f64::from(v)),
            1 => k
                .measurements
                .push(measurement("2030-01-01", f64::from(v % 2))),
            _ => drop(k.measurements.pop()),
        })?,
        19 => {
            let (j, s, k) = pick(&kpis, a)?;
            match b % 2 {
                0 => Edit::RemoveKpi {
                    journey: j.id.clone(),
                    stage: s.id.clone(),
                    kpi: k.id.clone(),
                },
                _ => Edit::PutKpi {
                    journey: j.id.clone(),
                    stage: s.id.clone(),
                    index,
                    kpi: Kpi {
                        id: new_id("kp"),
                        name: text.into(),
                        ..Kpi::default()
                    },
                },
            }
        }
        _ => {
            let (j, s, c) = card?;
            let mut new = c.clone();
            new.extra.insert("x-note".into(), text.into());
            Edit::Batch {
                label: "edit note".into(),
                edits: vec![
                    Edit::RemoveCard {
                        journey: j.id.clone(),
                        card: c.id.clone(),
                    },
                    Edit::AddCard {
                        journey: j.id.clone(),
                        stage: s.id.clone(),
                        index: s.touchpoints.iter().position(|t| t.id == c.id)?,
                        card: new,
                    },
                ],
            }
        }
    })
}

/// `ws` after the edits `ops` describe (those that make sense when their turn comes).
fn edited(ws: &Workspace, ops: &[Op]) -> Workspace {
    let mut ws = ws.clone();
    for &op in ops {
        if let Some(edit) = edit_of(&ws, op) {
            edit.apply(&mut ws).expect("a generated edit applies");
        }
    }
    ws
}

/// Up to a dozen edits, most of them on the first records of each kind so that two sides
/// often edit the same record.
fn ops() -> impl Strategy<Value = Vec<Op>> {
    let record = prop_oneof![3 => 0u16..4, 1 => any::<u16>()];
    vec((any::<u8>(), record, any::<u16>(), 0u8..8), 0..12)
}

/// Every record by id: its own fields as in the file (a card's stage as the field [`STAGE`]; a
/// KPI's measurements as one field), without the records it holds.
fn records(ws: &Workspace) -> HashMap<String, Map<String, Value>> {
    fn own(record: &impl serde::Serialize) -> Map<String, Value> {
        let Ok(Value::Object(mut map)) = serde_json::to_value(record) else {
            unreachable!("records are objects")
        };
        for held in ["stages", "kpis", "touchpoints"] {
            map.remove(held);
        }
        map
    }
    let mut records = HashMap::new();
    for p in &ws.personas {
        records.insert(p.id.clone(), own(p));
    }
    for j in &ws.journeys {
        records.insert(j.id.clone(), own(j));
        for s in &j.stages {
            records.insert(s.id.clone(), own(s));
            for k in &s.kpis {
                records.insert(k.id.clone(), own(k));
            }
            for c in &s.touchpoints {
                let mut card = own(c);
                card.insert(STAGE.into(), json!(s.id));
                records.insert(c.id.clone(), card);
            }
        }
    }
    records
}

/// Checks a merge of two random edits against the rules, field by field.
fn check_merge(
    base: &Workspace,
    ours: &Workspace,
    theirs: &Workspace,
) -> Result<(), TestCaseError> {
    let m = merge(base, ours, theirs);
    prop_assert_eq!(validate(&m.workspace), Ok(()));
    let (b, o, t, r) = (
        records(base),
        records(ours),
        records(theirs),
        records(&m.workspace),
    );
    let mut expected = HashSet::new();
    let ids: HashSet<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    for id in ids {
        match (b.get(id), o.get(id), t.get(id)) {
            (base, Some(ours), Some(theirs)) => {
                let result = r.get(id);
                prop_assert!(
                    result.is_some(),
                    "{} is on both sides, not in the result",
                    id
                );
                let result = result.unwrap();
                let none = Map::new();
                let base = base.unwrap_or(&none);
                let fields: HashSet<&String> = base
                    .keys()
                    .chain(ours.keys())
                    .chain(theirs.keys())
                    .collect();
                for field in fields {
                    let (bv, ov, tv, rv) = (
                        base.get(field),
                        ours.get(field),
                        theirs.get(field),
                        result.get(field),
                    );
                    if ov == bv {
                        prop_assert_eq!(rv, tv, "{}.{}: theirs", id, field);
                    } else if tv == bv || ov == tv {
                        prop_assert_eq!(rv, ov, "{}.{}: ours", id, field);
                    } else if field != "measurements" {
                        let (o, t) = (
                            ov.cloned().unwrap_or(Value::Null),
                            tv.cloned().unwrap_or(Value::Null),
                        );
                        let won = Some(cjm::model::winner(&o, &t)).filter(|v| !v.is_null());
                        prop_assert_eq!(rv, won, "{}.{}: the winner in a conflict", id, field);
                        expected.insert((id.clone(), field.clone()));
                    }
                }
            }
            (Some(base), Some(kept), None) | (Some(base), None, Some(kept)) => {
                if kept != base {
                    prop_assert!(r.contains_key(id), "{}: changed, not kept", id);
                }
                if let Some(result) = r.get(id) {
                    prop_assert_eq!(result, kept, "{}: kept as the side that kept it", id);
                    expected.insert((id.clone(), "deleted".into()));
                }
            }
            (None, Some(added), None) | (None, None, Some(added)) => {
                prop_assert_eq!(r.get(id), Some(added), "{}: added, kept", id);
            }
            (Some(_), None, None) => prop_assert!(!r.contains_key(id), "{} came back", id),
            (None, None, None) => unreachable!(),
        }
    }
    let known = |id: &String| o.contains_key(id) || t.contains_key(id);
    prop_assert!(r.keys().all(known), "a record from nowhere");
    let reported: HashSet<(String, String)> = m.conflicts.iter().map(key).collect();
    prop_assert_eq!(reported.len(), m.conflicts.len(), "one conflict per field");
    prop_assert_eq!(&reported, &expected);
    // Every value of every conflict kept in the workspace can be picked, and undone.
    let kept: HashSet<(String, String)> = m
        .workspace
        .conflicts
        .iter()
        .map(|c| {
            let field = if c.field == "stage" { STAGE } else { &c.field };
            (c.record.clone(), field.to_string())
        })
        .collect();
    prop_assert_eq!(&kept, &reported, "every clash is kept in the workspace");
    for conflict in &m.workspace.conflicts {
        for value in &conflict.values {
            let Some(edit) = resolve(&m.workspace, &conflict.id, &value.value) else {
                // Only a stage that is gone from the merge cannot be moved to.
                prop_assert_eq!(&conflict.field, "stage");
                continue;
            };
            let mut after = m.workspace.clone();
            let undo = edit.apply(&mut after).expect("the picked edit applies");
            let deleted = value.value == json!("deleted");
            let now = cjm::merge::current_value(&after, conflict);
            if deleted {
                prop_assert_eq!(now, None, "deleted after all");
            } else {
                prop_assert_eq!(now, Some(value.value.clone()));
            }
            prop_assert!(after.conflicts.iter().all(|c| c.id != conflict.id));
            undo.apply(&mut after).expect("undo applies");
            prop_assert_eq!(&after, &m.workspace);
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn one_sided_edits_come_through_as_they_are(x in ops()) {
        let x = edited(&DEMO, &x);
        let none = Merged { workspace: x.clone(), conflicts: Vec::new() };
        prop_assert_eq!(&merge(&DEMO, &x, &DEMO), &none);
        prop_assert_eq!(&merge(&DEMO, &DEMO, &x), &none);
        prop_assert_eq!(&merge(&DEMO, &x, &x), &none);
    }

    #[test]
    fn merges_keep_every_edit_and_report_exactly_the_clashes(
        common in ops(), x in ops(), y in ops(),
    ) {
        // A base that is itself an edit of the demo, and two edits of it.
        let base = edited(&DEMO, &common);
        let (ours, theirs) = (edited(&base, &x), edited(&base, &y));
        check_merge(&base, &ours, &theirs)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Several instances on one file, in random interleavings, with a ledger of every commit
// ---------------------------------------------------------------------------------------------

mod together {
    use std::path::Path;

    use cjm::merge::{Stamp, card_field_edit, current_value, resolve};
    use cjm::model::{FieldValue, RecordKind, Touchpoint, TouchpointField, Workspace};
    use cjm::store;
    use cjm::tui::document::Document;
    use serde_json::{Value, json};

    /// The fields the instances fight over: few, so that most commits collide.
    const FIELDS: [TouchpointField; 2] = [TouchpointField::Title, TouchpointField::Channel];

    /// One committed value: what was written where, and what its author saw there before.
    #[derive(Debug)]
    struct Commit {
        card: String,
        field: &'static str,
        value: Value,
        seen: Value,
    }

    /// An instance: its document, and the card as its open editor saw it, if one is open.
    struct Instance {
        doc: Document,
        editing: Option<(String, TouchpointField, Touchpoint)>,
        stamp: Stamp,
    }

    fn key(field: TouchpointField) -> &'static str {
        match field {
            TouchpointField::Title => "title",
            _ => "channel",
        }
    }

    fn open(path: &Path, name: &str) -> Instance {
        let mut doc = Document::opened(path.into(), store::load(path).unwrap(), None);
        doc.author = name.into();
        Instance {
            doc,
            editing: None,
            stamp: Stamp {
                by: name.into(),
                at: "2026-12-07T00:00:00Z".into(),
            },
        }
    }

    fn card<'w>(ws: &'w Workspace, id: &str) -> &'w Touchpoint {
        ws.journeys[0]
            .stages
            .iter()
            .flat_map(|s| &s.touchpoints)
            .find(|t| t.id == id)
            .expect("the card is there")
    }

    fn json_of(card: &Touchpoint, field: TouchpointField) -> Value {
        let value = serde_json::to_value(card).unwrap();
        value.get(key(field)).cloned().unwrap_or(Value::Null)
    }

    /// Saves, merging whatever the file holds first; a save that lost a race merges and is
    /// tried again later.
    fn save(instance: &mut Instance) {
        let _ = instance.doc.save();
    }

    fn sync(instance: &mut Instance) {
        if instance.doc.changed_on_disk() {
            instance.doc.merge_from_disk().unwrap();
        }
    }

    /// The fields the run fights over and the conflicts, in a line, for a trace.
    fn brief(ws: &Workspace) -> String {
        let cards: Vec<String> = ws.journeys[0]
            .stages
            .iter()
            .flat_map(|s| &s.touchpoints)
            .map(|t| format!("{}={}|{}", t.id, t.title, t.channel))
            .collect();
        let conflicts: Vec<String> = ws
            .conflicts
            .iter()
            .map(|c| {
                let values: Vec<String> = c.values.iter().map(|v| v.value.to_string()).collect();
                format!("{}{values:?}", c.id)
            })
            .collect();
        format!("{cards:?} {conflicts:?}")
    }

    /// One random run: `instances` on one file, `steps` random steps, then everyone saves and
    /// syncs until nothing changes. Returns what went wrong, if anything.
    fn run(seed: u64, instances: usize, steps: usize) -> Result<(), String> {
        let mut rng = fastrand::Rng::with_seed(seed);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.json");
        let mut ws = Workspace::default();
        let mut journey = cjm::model::Journey::with_default_stages("Phone");
        for n in 0..3 {
            let mut card = Touchpoint::new(&format!("Card {n}"));
            card.id = format!("tp-{n}");
            journey.stages[n].touchpoints.push(card);
        }
        ws.journeys.push(journey);
        store::save(&path, &ws, None).unwrap();
        let cards: Vec<String> = ws.journeys[0]
            .stages
            .iter()
            .flat_map(|s| &s.touchpoints)
            .map(|t| t.id.clone())
            .collect();
        let mut all: Vec<Instance> = (0..instances)
            .map(|i| open(&path, &format!("i{i}")))
            .collect();
        let mut ledger: Vec<Commit> = Vec::new();
        let mut next = 0;
        let mut trace: Vec<String> = Vec::new();
        for _ in 0..steps {
            let me = rng.usize(..instances);
            let it = &mut all[me];
            let op = rng.u8(..10);
            trace.push(format!(
                "i{me} op {op} (editing {:?})",
                it.editing.as_ref().map(|e| (&e.0, e.1))
            ));
            match op {
                // Open an editor on a field: it remembers the card as it is now.
                0..=1 => {
                    let id = cards[rng.usize(..cards.len())].clone();
                    let field = FIELDS[rng.usize(..FIELDS.len())];
                    let seen = card(&it.doc.workspace, &id).clone();
                    it.editing = Some((id, field, seen));
                }
                // Commit the open editor, or an edit made at once.
                2..=4 => {
                    let (id, field, seen) = it.editing.take().unwrap_or_else(|| {
                        let id = cards[rng.usize(..cards.len())].clone();
                        let field = FIELDS[rng.usize(..FIELDS.len())];
                        let seen = card(&it.doc.workspace, &id).clone();
                        (id, field, seen)
                    });
                    next += 1;
                    let text = format!("v{next} by i{me}");
                    let value = FieldValue::Text(text.clone());
                    let edit =
                        card_field_edit(&it.doc.workspace, &id, field, value, &seen, &it.stamp);
                    if let Some(edit) = edit {
                        trace.push(format!(
                            "  commit {text} on {id} {field:?} over {:?}: {edit:?}",
                            json_of(&seen, field)
                        ));
                        it.doc.apply(edit).map_err(|e| e.to_string())?;
                        ledger.push(Commit {
                            card: id,
                            field: key(field),
                            value: json!(text),
                            seen: json_of(&seen, field),
                        });
                    }
                }
                5..=6 => {
                    save(it);
                    let file = store::load(&path).unwrap().workspace;
                    trace.push(format!("  file: {}", brief(&file)));
                }
                7..=8 => {
                    sync(it);
                    trace.push(format!("  now: {}", brief(&it.doc.workspace)));
                }
                // Resolve a conflict by one of its values, having seen them all.
                _ => {
                    let ws = &it.doc.workspace;
                    if ws.conflicts.is_empty() {
                        continue;
                    }
                    let conflict = ws.conflicts[rng.usize(..ws.conflicts.len())].clone();
                    // What the panel offers: every value, and what the field holds now.
                    let offered = cjm::merge::choices(ws, &conflict);
                    let pick = offered[rng.usize(..offered.len())].value.clone();
                    let Some(edit) = resolve(ws, &conflict.id, &pick) else {
                        continue;
                    };
                    trace.push(format!(
                        "  resolve {} by {pick} among {:?}",
                        conflict.id,
                        offered
                            .iter()
                            .map(|c| c.value.to_string())
                            .collect::<Vec<_>>()
                    ));
                    it.doc.apply(edit).map_err(|e| e.to_string())?;
                    let field = if conflict.field == "title" {
                        "title"
                    } else {
                        "channel"
                    };
                    for value in offered.iter().filter(|v| v.value != pick) {
                        // Replaced by someone who saw it: as a commit over it.
                        ledger.push(Commit {
                            card: conflict.record.clone(),
                            field,
                            value: pick.clone(),
                            seen: value.value.clone(),
                        });
                    }
                }
            }
        }
        // Everyone saves and takes in the others' saves until nothing moves.
        for _ in 0..8 {
            for it in &mut all {
                save(it);
            }
            for it in &mut all {
                sync(it);
            }
        }
        let file = store::load(&path).unwrap().workspace;
        for (i, it) in all.iter().enumerate() {
            if it.doc.is_dirty() || *it.doc.workspace != file {
                let dirty = it.doc.is_dirty();
                let (mine, theirs) = (
                    serde_json::to_string_pretty(&*it.doc.workspace).unwrap(),
                    serde_json::to_string_pretty(&file).unwrap(),
                );
                let diff: Vec<String> = mine
                    .lines()
                    .zip(theirs.lines())
                    .filter(|(a, b)| a != b)
                    .take(6)
                    .map(|(a, b)| format!("{a} | {b}"))
                    .collect();
                return Err(format!(
                    "instance {i} does not show the file (dirty {dirty}): {diff:#?}"
                ));
            }
        }
        for commit in &ledger {
            let target =
                cjm::model::Conflict::new(RecordKind::Card, &commit.card, commit.field, vec![]);
            let now = current_value(&file, &target);
            let current = now.as_ref() == Some(&commit.value);
            let kept = file
                .conflicts
                .iter()
                .any(|c| c.id == target.id && c.values.iter().any(|v| v.value == commit.value));
            let seen_and_replaced = ledger.iter().any(|later| {
                later.card == commit.card
                    && later.field == commit.field
                    && later.seen == commit.value
            });
            if !(current || kept || seen_and_replaced) {
                if std::env::var_os("CJM_TOGETHER_TRACE").is_some() {
                    eprintln!("{}", trace.join("\n"));
                }
                return Err(format!("lost: {commit:?}; now {now:?}"));
            }
        }
        Ok(())
    }

    /// `CJM_TOGETHER_RUNS=10000 cargo test --release --test integration merge::together` for the long run;
    /// `CJM_TOGETHER_SEED=N` replays one.
    #[test]
    fn no_committed_value_is_lost_in_any_interleaving_and_all_instances_agree() {
        let runs: u64 = std::env::var("CJM_TOGETHER_RUNS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(150);
        let seeds: Vec<u64> = match std::env::var("CJM_TOGETHER_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
        {
            Some(seed) => vec![seed],
            None => {
                let first = fastrand::u64(..);
                (0..runs).map(|n| first.wrapping_add(n)).collect()
            }
        };
        for seed in seeds {
            let instances = 2 + (seed % 3) as usize;
            if let Err(problem) = run(seed, instances, 60) {
                panic!("seed {seed} ({instances} instances): {problem}");
            }
        }
    }
}

#[test]
fn comments_from_both_sides_merge_like_records() {
    use cjm::model::{Comment, RecordKind, Reply};
    let thread = |id: &str, text: &str| Comment {
        id: id.into(),
        kind: RecordKind::Card,
        record: "tp-1".into(),
        by: "rina".into(),
        at: "2026-12-07T06:00:00Z".into(),
        text: text.into(),
        ..Comment::default()
    };
    let reply = |id: &str, at: &str| Reply {
        id: id.into(),
        by: "budi".into(),
        at: at.into(),
        text: format!("reply {id}"),
        ..Reply::default()
    };
    let b = changed(&base(), |ws| ws.comments = vec![thread("cm-1", "Why?")]);
    let ours = changed(&b, |ws| {
        ws.comments[0]
            .replies
            .push(reply("re-o", "2026-12-07T06:02:00Z"));
        ws.comments.push(thread("cm-2", "Ours"));
    });
    let theirs = changed(&b, |ws| {
        ws.comments[0]
            .replies
            .push(reply("re-t", "2026-12-07T06:01:00Z"));
        ws.comments[0].resolved = true;
        ws.comments.push(thread("cm-3", "Theirs"));
    });
    let m = merged(&b, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let ids: Vec<&str> = m.workspace.comments.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["cm-1", "cm-2", "cm-3"]);
    let first = &m.workspace.comments[0];
    assert!(first.resolved, "resolved on one side only");
    let replies: Vec<&str> = first.replies.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(replies, ["re-t", "re-o"], "both replies, oldest first");
    assert_eq!(
        merged(&b, &theirs, &ours).workspace.comments,
        m.workspace.comments
    );
    // The same thread's text changed differently: a conflict like any field's.
    let edit = |text: &str| changed(&b, |ws| ws.comments[0].text = text.into());
    let m = merged(&b, &edit("Why not?"), &edit("Why so?"));
    assert_eq!(keys(&m), [pair("cm-1", "text")]);
    assert_eq!(m.workspace.conflicts[0].kind, RecordKind::Comment);
    assert_eq!(
        resolved(&m.workspace, |_| json!("Why not?")).comments[0].text,
        "Why not?"
    );
}
