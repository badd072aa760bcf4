use super::*;
use crate::model::{Emotion, Measurement, Workspace};

/// A journey with cards A, B in the first stage and C in the second.
fn workspace() -> Workspace {
    let mut j = Journey::with_default_stages("Phone");
    j.stages[0].touchpoints = vec![Touchpoint::new("A"), Touchpoint::new("B")];
    j.stages[1].touchpoints = vec![Touchpoint::new("C")];
    j.stages[0].kpis = vec![Kpi {
        id: "kp-1".into(),
        name: "Conversion".into(),
        ..Kpi::default()
    }];
    Workspace {
        personas: vec![persona("pe-1", "Sari")],
        journeys: vec![j],
        ..Workspace::default()
    }
}

fn persona(id: &str, name: &str) -> Persona {
    Persona {
        id: id.into(),
        name: name.into(),
        ..Persona::default()
    }
}

fn ids(ws: &Workspace) -> (String, Vec<String>, Vec<String>) {
    let j = &ws.journeys[0];
    let stages = j.stages.iter().map(|s| s.id.clone()).collect();
    let cards = j
        .stages
        .iter()
        .flat_map(|s| s.touchpoints.iter().map(|t| t.id.clone()))
        .collect();
    (j.id.clone(), stages, cards)
}

fn titles(ws: &Workspace, stage: usize) -> Vec<String> {
    ws.journeys[0].stages[stage]
        .touchpoints
        .iter()
        .map(|t| t.title.to_string())
        .collect()
}

/// Every kind of edit, as built against `workspace()`.
fn every_edit(ws: &Workspace) -> Vec<Edit> {
    let (j, s, c) = ids(ws);
    vec![
        Edit::AddCard {
            journey: j.clone(),
            stage: s[2].clone(),
            index: 0,
            card: Touchpoint::new("New"),
        },
        Edit::RemoveCard {
            journey: j.clone(),
            card: c[1].clone(),
        },
        Edit::MoveCard {
            journey: j.clone(),
            card: c[0].clone(),
            stage: s[1].clone(),
            index: 1,
        },
        Edit::MoveCard {
            journey: j.clone(),
            card: c[0].clone(),
            stage: s[0].clone(),
            index: 1,
        },
        Edit::SetField {
            journey: j.clone(),
            card: c[2].clone(),
            field: TouchpointField::Emotion,
            value: FieldValue::Emotion(Emotion::new(-2)),
        },
        Edit::SetField {
            journey: j.clone(),
            card: c[2].clone(),
            field: TouchpointField::Title,
            value: FieldValue::Text("Cari di Tokopedia 🔍".into()),
        },
        Edit::AddStage {
            journey: j.clone(),
            index: 6,
            stage: Stage::new("Renewal"),
        },
        Edit::RemoveStage {
            journey: j.clone(),
            stage: s[0].clone(),
        },
        Edit::MoveStage {
            journey: j.clone(),
            stage: s[0].clone(),
            index: 3,
        },
        Edit::RenameStage {
            journey: j.clone(),
            stage: s[1].clone(),
            name: "Pertimbangan".into(),
        },
        Edit::AddJourney {
            index: 1,
            journey: Journey::with_default_stages("Second"),
        },
        Edit::SetJourneyDetails {
            journey: j.clone(),
            details: Box::new(Journey {
                owner: "Dewi, CX".into(),
                last_reviewed: Some("2026-11-23".into()),
                stages: Vec::new(),
                ..ws.journeys[0].clone()
            }),
        },
        Edit::PutPersona {
            index: 0,
            persona: persona("pe-2", "Budi"),
        },
        Edit::PutPersona {
            index: 5,
            persona: persona("pe-1", "Sari, ibu rumah tangga"),
        },
        Edit::RemovePersona {
            persona: "pe-1".into(),
        },
        Edit::PutKpi {
            journey: j.clone(),
            stage: s[1].clone(),
            index: 0,
            kpi: Kpi {
                id: "kp-2".into(),
                name: "NPS".into(),
                ..Kpi::default()
            },
        },
        Edit::PutKpi {
            journey: j.clone(),
            stage: s[0].clone(),
            index: 0,
            kpi: Kpi {
                measurements: vec![Measurement {
                    date: "2026-11-23".into(),
                    value: Some(41.0),
                    ..Measurement::default()
                }],
                ..ws.journeys[0].stages[0].kpis[0].clone()
            },
        },
        Edit::RemoveKpi {
            journey: j.clone(),
            stage: s[0].clone(),
            kpi: "kp-1".into(),
        },
        Edit::ReplaceAll {
            workspace: Box::new(crate::demo::workspace()),
        },
        Edit::RemoveJourney { journey: j.clone() },
        Edit::RenameJourney {
            journey: j,
            name: "Beli ponsel".into(),
        },
    ]
}

#[test]
fn every_edit_changes_the_workspace_and_its_inverse_restores_it() {
    let original = workspace();
    for edit in every_edit(&original) {
        let mut ws = original.clone();
        let label = edit.label();
        let inverse = edit.apply(&mut ws).unwrap();
        assert_ne!(ws, original, "{label} changed nothing");
        inverse.apply(&mut ws).unwrap();
        assert_eq!(
            ws, original,
            "undoing {label} did not restore the workspace"
        );
    }
}

#[test]
fn history_undoes_and_redoes_every_edit_in_order() {
    let original = workspace();
    let mut ws = original.clone();
    let mut history = History::default();
    let mut states = vec![ws.clone()];
    for edit in every_edit(&original) {
        // Later edits may name things an earlier one removed; those are skipped.
        if history.apply(&mut ws, edit).is_ok() {
            states.push(ws.clone());
        }
    }
    assert!(states.len() > 5);
    for expected in states.iter().rev().skip(1) {
        assert!(history.undo(&mut ws).unwrap().is_some());
        assert_eq!(&ws, expected);
    }
    assert!(history.undo(&mut ws).unwrap().is_none());
    for expected in states.iter().skip(1) {
        assert!(history.redo(&mut ws).unwrap().is_some());
        assert_eq!(&ws, expected);
    }
    assert!(!history.can_redo());
}

#[test]
fn move_card_within_and_across_stages() {
    let mut ws = workspace();
    let (j, s, c) = ids(&ws);
    Edit::MoveCard {
        journey: j.clone(),
        card: c[0].clone(),
        stage: s[0].clone(),
        index: 1,
    }
    .apply(&mut ws)
    .unwrap();
    assert_eq!(titles(&ws, 0), ["B", "A"]);
    Edit::MoveCard {
        journey: j,
        card: c[0].clone(),
        stage: s[1].clone(),
        index: 99,
    }
    .apply(&mut ws)
    .unwrap();
    assert_eq!(titles(&ws, 0), ["B"]);
    assert_eq!(titles(&ws, 1), ["C", "A"]);
}

#[test]
fn removing_a_stage_keeps_its_cards_for_undo() {
    let mut ws = workspace();
    let (j, s, _) = ids(&ws);
    let mut history = History::default();
    history
        .apply(
            &mut ws,
            Edit::RemoveStage {
                journey: j,
                stage: s[0].clone(),
            },
        )
        .unwrap();
    assert_eq!(ws.journeys[0].stages.len(), 5);
    let undone = history.undo(&mut ws).unwrap().unwrap();
    assert_eq!(undone.label, "delete stage");
    assert_eq!(titles(&ws, 0), ["A", "B"]);
}

#[test]
fn failed_edit_changes_nothing_and_is_not_recorded() {
    let mut ws = workspace();
    let before = ws.clone();
    let (j, _, c) = ids(&ws);
    let mut history = History::default();
    let missing = Edit::RemoveCard {
        journey: j.clone(),
        card: "tp-missing".into(),
    };
    assert_eq!(
        history.apply(&mut ws, missing),
        Err(EditError::NoCard("tp-missing".into()))
    );
    let wrong = Edit::SetField {
        journey: j,
        card: c[0].clone(),
        field: TouchpointField::Title,
        value: FieldValue::Emotion(None),
    };
    assert!(matches!(
        history.apply(&mut ws, wrong),
        Err(EditError::WrongValue(_))
    ));
    assert_eq!(ws, before);
    assert!(!history.can_undo());
    assert_eq!(history.revision(), 0);
}

#[test]
fn a_new_edit_clears_redo() {
    let mut ws = workspace();
    let (j, _, _) = ids(&ws);
    let mut history = History::default();
    let rename = |name: &str| Edit::RenameJourney {
        journey: j.clone(),
        name: name.into(),
    };
    history.apply(&mut ws, rename("one")).unwrap();
    history.undo(&mut ws).unwrap();
    assert!(history.can_redo());
    history.apply(&mut ws, rename("two")).unwrap();
    assert!(!history.can_redo());
    assert_eq!(ws.journeys[0].name, "two");
}

#[test]
fn journey_details_leave_the_id_and_the_stages_alone() {
    let mut ws = workspace();
    let before = ws.journeys[0].clone();
    let edit = Edit::SetJourneyDetails {
        journey: before.id.clone(),
        details: Box::new(Journey {
            id: "jo-other".into(),
            owner: "Dewi".into(),
            ..Journey::default()
        }),
    };
    edit.apply(&mut ws).unwrap();
    let after = &ws.journeys[0];
    assert_eq!(after.id, before.id);
    assert_eq!(after.stages, before.stages);
    assert_eq!(after.owner, "Dewi");
    assert_eq!(after.name, "", "every other field is set");
}

#[test]
fn a_batch_is_undone_as_one_and_applies_all_or_nothing() {
    let original = workspace();
    let (j, s, c) = ids(&original);
    let mut ws = original.clone();
    let batch = Edit::Batch {
        label: "tidy".into(),
        edits: vec![
            Edit::RemoveCard {
                journey: j.clone(),
                card: c[0].clone(),
            },
            Edit::RenameStage {
                journey: j.clone(),
                stage: s[0].clone(),
                name: "Kesadaran".into(),
            },
        ],
    };
    assert_eq!(batch.label(), "tidy");
    let inverse = batch.apply(&mut ws).unwrap();
    assert_eq!(titles(&ws, 0), ["B"]);
    inverse.apply(&mut ws).unwrap();
    assert_eq!(ws, original);

    let failing = Edit::Batch {
        label: "half".into(),
        edits: vec![
            Edit::RemoveCard {
                journey: j.clone(),
                card: c[0].clone(),
            },
            Edit::RemoveCard {
                journey: j,
                card: "tp-missing".into(),
            },
        ],
    };
    assert!(failing.apply(&mut ws).is_err());
    assert_eq!(ws, original, "nothing of a failed batch stays");
}

#[test]
fn a_move_within_a_stage_lands_where_taking_out_and_putting_back_would_and_undoes() {
    let letters = ["A", "B", "C", "D", "E"];
    for from in 0..letters.len() {
        for to in 0..letters.len() + 2 {
            let mut ws = workspace();
            ws.journeys[0].stages[0].touchpoints =
                letters.iter().map(|t| Touchpoint::new(t)).collect();
            let before = ws.clone();
            let mut expected: Vec<String> = letters.iter().map(|t| t.to_string()).collect();
            let card = expected.remove(from);
            expected.insert(to.min(expected.len()), card);
            let (j, s, c) = ids(&ws);
            let edit = Edit::MoveCard {
                journey: j,
                card: c[from].clone(),
                stage: s[0].clone(),
                index: to,
            };
            let undo = edit.apply(&mut ws).unwrap();
            assert_eq!(titles(&ws, 0), expected, "from {from} to {to}");
            undo.apply(&mut ws).unwrap();
            assert_eq!(ws, before, "undo of from {from} to {to}");
        }
    }
}
