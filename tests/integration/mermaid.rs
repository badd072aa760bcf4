//! Mermaid `journey` export and import: the demo and hostile names survive a round trip,
//! Mermaid's own examples import as Mermaid reads them, bad input is reported by line, and
//! Mermaid's real parser (through `tests/mermaid-check`) reads what cjm writes as cjm does, and
//! reads the round trip of a diagram (Mermaid's examples, the cases of issue 16 item 11 and
//! hostile variations) as it reads the diagram. The parser tests are skipped, with a note, when
//! node or the checker's packages are missing (and fail under CI).

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cjm::export::{Scope, to_mermaid};
use cjm::import::{Imported, from_mermaid};
use cjm::model::{Emotion, Journey, Persona, Stage, Touchpoint, Workspace};
use serde_json::Value;

/// A stage as compared here: its name and its cards (title, emotion, persona names).
type Outline = Vec<(String, Vec<(String, Option<i8>, Vec<String>)>)>;

/// The names of the personas with `ids`, in that order.
fn names(ids: &[String], personas: &[Persona]) -> Vec<String> {
    ids.iter()
        .filter_map(|id| personas.iter().find(|p| &p.id == id))
        .map(|p| p.name.clone())
        .collect()
}

/// Whether the journey came from a Mermaid diagram whose tasks list their own actors: a card
/// without personas then has none, not the journey's.
fn own_actors(journey: &Journey) -> bool {
    journey
        .extra
        .get("mermaid")
        .and_then(|m| m.get("own_actors"))
        == Some(&Value::Bool(true))
}

/// A journey's stages and cards, each card with the personas it is for (its own, else the
/// journey's, unless [`own_actors`]). A card without emotion keeps none through an export and
/// import.
fn outline(journey: &Journey, personas: &[Persona]) -> Outline {
    let card = |t: &Touchpoint| {
        let own = if t.personas.is_empty() && !own_actors(journey) {
            &journey.personas
        } else {
            &t.personas
        };
        let emotion = t.emotion.map(Emotion::value);
        (t.title.to_string(), emotion, names(own, personas))
    };
    journey
        .stages
        .iter()
        .map(|s| (s.name.clone(), s.touchpoints.iter().map(card).collect()))
        .collect()
}

/// The import of `text`, which must succeed.
fn import(text: &str) -> Imported {
    from_mermaid(text).unwrap_or_else(|e| panic!("import failed: {e}\n{text}"))
}

/// The export of one journey of `workspace`.
fn export(workspace: &Workspace, journey: &Journey) -> String {
    to_mermaid(&Scope {
        workspace,
        journeys: vec![journey],
    })
}

/// A workspace of the imported journeys and personas.
fn workspace_of(imported: Imported) -> Workspace {
    Workspace {
        personas: imported.personas,
        journeys: imported.journeys,
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

fn card(title: &str, emotion: Option<i8>, personas: &[&str]) -> Touchpoint {
    Touchpoint {
        emotion: emotion.and_then(|e| Emotion::new(e.into())),
        personas: personas.iter().map(|p| p.to_string()).collect(),
        ..Touchpoint::new(title)
    }
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mermaid")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const FIXTURES: [&str; 5] = [
    "user-journey.mmd",
    "accessibility.mmd",
    "front-matter.mmd",
    "acc-descr-block.mmd",
    "tasks.mmd",
];

#[test]
fn demo_round_trips() {
    let demo = cjm::demo::workspace();
    let text = to_mermaid(&Scope::all(&demo));
    let diagrams: Vec<&str> = text.split("\n\n").collect();
    assert_eq!(
        diagrams.len(),
        demo.journeys.len(),
        "a diagram per journey:\n{text}"
    );
    assert!(
        diagrams.iter().all(|d| d.starts_with("journey\n")),
        "{text}"
    );

    let imported = import(&text);
    assert_eq!(imported.warnings, [], "{text}");
    assert_eq!(imported.journeys.len(), demo.journeys.len());
    for (original, read) in demo.journeys.iter().zip(&imported.journeys) {
        assert_eq!(read.name, original.name);
        assert_eq!(read.description, original.description);
        assert_eq!(
            outline(read, &imported.personas),
            outline(original, &demo.personas),
            "{}",
            original.name
        );
        let mut wanted = names(&original.personas, &demo.personas);
        let mut got = names(&read.personas, &imported.personas);
        wanted.sort();
        got.sort();
        assert_eq!(got, wanted, "personas of {}", original.name);
    }
    let mut persona_names: Vec<&str> = imported.personas.iter().map(|p| p.name.as_str()).collect();
    persona_names.sort();
    assert_eq!(
        persona_names,
        [
            "Alex, first-time smartphone buyer",
            "Priya, upgrader with a trade-in",
            "Sari, ibu bekerja di Jakarta"
        ]
    );
}

#[test]
fn export_writes_one_line_per_stage_and_card() {
    let mut journey = Journey::with_default_stages("Buy a phone");
    journey.description = "From ad to review.\n\nSecond line".into();
    journey.personas = vec!["pe-a".into(), "pe-p".into()];
    journey.stages.truncate(3);
    journey.stages[0].touchpoints = vec![
        card("Sees an ad", Some(1), &[]),
        card("Feeling unknown", None, &[]),
    ];
    journey.stages[1].touchpoints = vec![card("Pays", Some(-2), &["pe-p"])];
    let workspace = Workspace {
        personas: vec![persona("pe-a", "Alex"), persona("pe-p", "Priya")],
        journeys: vec![journey],
        ..Workspace::default()
    };
    assert_eq!(
        to_mermaid(&Scope::all(&workspace)),
        "journey
  title Buy a phone
  accDescr {
    From ad to review.
    
    Second line
  }
  section Awareness
    Sees an ad: 4: Alex, Priya
    %% cjm: no emotion
    Feeling unknown: 3: Alex, Priya
  section Consideration
    Pays: 1: Priya
  section Decision
"
    );
}

/// Names Mermaid cannot carry as they are, and how they read after export and import.
const HOSTILE_TITLES: [(&str, &str); 27] = [
    ("Pay: card #2; retry\r\nagain", "Pay: card #2; retry\nagain"),
    ("", ""),
    ("Title search", "Title search"),
    ("Section 5 form", "Section 5 form"),
    ("journey planner", "journey planner"),
    ("JOURNEY", "JOURNEY"),
    ("title", "title"),
    ("accTitle", "accTitle"),
    ("accDescr {x}", "accDescr {x}"),
    ("%% comment-like", "%% comment-like"),
    ("% single", "% single"),
    ("a%%b", "a%%b"),
    ("50% off", "50% off"),
    ("Bayar dengan QRIS: gagal ⚡", "Bayar dengan QRIS: gagal ⚡"),
    // Full-width punctuation stays what it is.
    ("二维码支付：失败；重试", "二维码支付：失败；重试"),
    ("支付 #2; 再试", "支付 #2; 再试"),
    ("🚀 Launch 🎉 👩‍👩‍👧", "🚀 Launch 🎉 👩‍👩‍👧"),
    ("<a href=\"x\">link</a>", "<a href=\"x\">link</a>"),
    ("Q&A", "Q&A"),
    ("tab\there", "tab here"),
    ("   padded   ", "padded"),
    ("x: 3: y", "x: 3: y"),
    ("line\u{2028}sep", "line sep"),
    ("}{", "}{"),
    ("---", "---"),
    ("Lacak kurir, lalu #komplain", "Lacak kurir, lalu #komplain"),
    ("Esc \x1b[31m\u{202E}", "Esc \u{FFFD}[31m\u{FFFD}"),
];

/// Persona names Mermaid cannot carry as they are, and how they read after a round trip.
const HOSTILE_PERSONAS: [(&str, &str, &str); 4] = [
    ("pe-a", "Alex, first-time buyer", "Alex, first-time buyer"),
    ("pe-b", "Budi: pemilik #1; toko", "Budi: pemilik #1; toko"),
    ("pe-c", "李雷，学生 (CJK)", "李雷，学生 (CJK)"),
    ("pe-d", "%%{init}%% 😀", "%%{init}%% 😀"),
];

/// Stage names Mermaid cannot carry as they are, and how they read after a round trip.
const HOSTILE_STAGES: [(&str, &str); 5] = [
    ("Stage: one # two; three", "Stage: one # two; three"),
    ("", ""),
    ("section title", "section title"),
    ("%% not a comment", "%% not a comment"),
    (
        "Kesadaran & perolehan <awal>",
        "Kesadaran & perolehan <awal>",
    ),
];

const HOSTILE_NAME: (&str, &str) = (
    "Checkout: #1; retry\nnext %%{init: {}}%% & <b>bold</b> 😀 购物 Belanja",
    "Checkout: #1; retry next %%{init: {}}%% & <b>bold</b> 😀 购物 Belanja",
);

const HOSTILE_DESCRIPTION: (&str, &str) = (
    "Line one: #1; ok\n%%{init}%%\n}\n  indented  \nlast & <b>",
    "Line one: #1; ok\n%%{init}%%\n}\nindented\nlast & <b>",
);

/// A workspace whose every name is one Mermaid cannot carry as it is.
fn hostile() -> Workspace {
    let personas = HOSTILE_PERSONAS
        .iter()
        .map(|(id, name, _)| persona(id, name))
        .collect();
    let mut stages: Vec<Stage> = HOSTILE_STAGES
        .iter()
        .map(|(name, _)| Stage::new(name))
        .collect();
    let marks: [&[&str]; 3] = [&[], &["pe-a", "pe-b"], &["pe-c", "pe-d"]];
    for (i, (title, _)) in HOSTILE_TITLES.iter().enumerate() {
        let emotion = [None, Some(-2), Some(-1), Some(0), Some(1), Some(2)][i % 6];
        stages[i % HOSTILE_STAGES.len()]
            .touchpoints
            .push(card(title, emotion, marks[i % 3]));
    }
    let journey = Journey {
        name: HOSTILE_NAME.0.into(),
        description: HOSTILE_DESCRIPTION.0.into(),
        personas: HOSTILE_PERSONAS
            .iter()
            .map(|(id, _, _)| id.to_string())
            .collect(),
        stages,
        ..Journey::with_default_stages("")
    };
    Workspace {
        personas,
        journeys: vec![journey],
        ..Workspace::default()
    }
}

/// What a hostile text reads as after a round trip.
fn read_back(text: &str, table: &[(&str, &str)]) -> String {
    let (_, to) = table
        .iter()
        .find(|(from, _)| *from == text)
        .unwrap_or_else(|| panic!("{text:?} is in the table"));
    to.to_string()
}

#[test]
fn hostile_names_read_back_the_same() {
    let workspace = hostile();
    let text = to_mermaid(&Scope::all(&workspace));
    let unsafe_chars: Vec<char> = text
        .chars()
        .filter(|c| cjm::text::is_unsafe(*c) && *c != '\n')
        .collect();
    assert_eq!(unsafe_chars, [], "no escape or bidi override:\n{text}");
    let imported = import(&text);
    assert_eq!(imported.warnings, [], "{text}");
    let [journey] = &imported.journeys[..] else {
        panic!("one journey:\n{text}");
    };
    assert_eq!(journey.name, HOSTILE_NAME.1);
    assert_eq!(journey.description, HOSTILE_DESCRIPTION.1);

    let personas: Vec<(&str, &str)> = HOSTILE_PERSONAS
        .iter()
        .map(|(_, from, to)| (*from, *to))
        .collect();
    let mut wanted = outline(&workspace.journeys[0], &workspace.personas);
    for (stage, cards) in &mut wanted {
        *stage = read_back(stage, &HOSTILE_STAGES);
        for (title, _, names) in cards {
            *title = read_back(title, &HOSTILE_TITLES);
            for name in names {
                *name = read_back(name, &personas);
            }
        }
    }
    assert_eq!(outline(journey, &imported.personas), wanted, "{text}");
}

#[test]
fn random_names_export_to_a_fixed_point() {
    for (i, workspace) in random_workspaces(200).iter().enumerate() {
        let text = to_mermaid(&Scope::all(workspace));
        let imported = import(&text);
        assert_eq!(imported.warnings, [], "case {i}:\n{text}");
        let original = &workspace.journeys[0];
        let [read] = &imported.journeys[..] else {
            panic!("case {i}: one journey:\n{text}");
        };
        let shape = |j: &Journey| -> Vec<Vec<Option<i8>>> {
            j.stages
                .iter()
                .map(|s| {
                    s.touchpoints
                        .iter()
                        .map(|t| t.emotion.map(Emotion::value))
                        .collect()
                })
                .collect()
        };
        assert_eq!(shape(read), shape(original), "case {i}:\n{text}");
        let again = to_mermaid(&Scope::all(&workspace_of(imported)));
        assert_eq!(
            again, text,
            "case {i}: exporting the import changes the text"
        );
    }
}

/// Pieces of names: Mermaid syntax, line breaks, entities, keywords and other scripts.
const PIECES: [&str; 32] = [
    "a",
    "Z",
    " ",
    ":",
    ",",
    "#",
    ";",
    "%",
    "%%",
    "{",
    "}",
    "<",
    ">",
    "&",
    "\n",
    "\r\n",
    "\t",
    "\u{A0}",
    "é",
    "购",
    "😀",
    "journey",
    "title ",
    "section ",
    "accTitle",
    "accDescr {",
    "---",
    "-",
    "5",
    "\u{2028}",
    "&amp;",
    "<br>",
];

/// `count` one-journey workspaces named from random [`PIECES`], the same on every run.
fn random_workspaces(count: usize) -> Vec<Workspace> {
    let mut rng = fastrand::Rng::with_seed(7);
    let name = |rng: &mut fastrand::Rng| -> String {
        (0..rng.usize(0..6))
            .map(|_| PIECES[rng.usize(..PIECES.len())])
            .collect()
    };
    (0..count)
        .map(|_| {
            let personas: Vec<Persona> = (0..3)
                .map(|i| persona(&format!("pe-{i}"), &format!("p{i}{}", name(&mut rng))))
                .collect();
            let ids: Vec<String> = personas.iter().map(|p| p.id.clone()).collect();
            let stages = (0..rng.usize(1..4))
                .map(|_| {
                    let mut stage = Stage::new(&name(&mut rng));
                    for _ in 0..rng.usize(0..4) {
                        let emotion = rng.bool().then(|| rng.i8(-2..=2));
                        let own: Vec<&str> = ids
                            .iter()
                            .filter(|_| rng.bool())
                            .map(String::as_str)
                            .collect();
                        stage.touchpoints.push(card(&name(&mut rng), emotion, &own));
                    }
                    stage
                })
                .collect();
            let journey = Journey {
                name: name(&mut rng),
                description: name(&mut rng),
                personas: ids,
                stages,
                ..Journey::with_default_stages("")
            };
            Workspace {
                personas,
                journeys: vec![journey],
                ..Workspace::default()
            }
        })
        .collect()
}

/// What a documented example must import as.
struct Example {
    file: &'static str,
    name: &'static str,
    description: &'static str,
    stages: &'static [(&'static str, usize)],
    scores: &'static [i8],
    personas: &'static [&'static str],
}

const EXAMPLES: [Example; 5] = [
    Example {
        file: "user-journey.mmd",
        name: "My working day",
        description: "",
        stages: &[("Go to work", 3), ("Go home", 2)],
        scores: &[5, 3, 1, 5, 5],
        personas: &["Me", "Cat"],
    },
    Example {
        file: "accessibility.mmd",
        name: "My working day",
        description: "My User Journey Diagram Description",
        stages: &[("Go to work", 3), ("Go home", 2)],
        scores: &[5, 3, 1, 5, 5],
        personas: &["Me", "Cat"],
    },
    Example {
        file: "front-matter.mmd",
        name: "My working day",
        description: "2 main sections: work and home, each with just a few tasks",
        stages: &[("Go to work", 3), ("Go home", 2)],
        scores: &[5, 3, 1, 5, 3],
        personas: &["Me", "Cat"],
    },
    Example {
        file: "acc-descr-block.mmd",
        name: "Adding journey diagram functionality to mermaid",
        description: "A user journey for\nfamily shopping",
        stages: &[("Order from website", 0)],
        scores: &[],
        personas: &[],
    },
    Example {
        file: "tasks.mmd",
        name: "Adding journey diagram functionality to mermaid",
        description: "",
        stages: &[("Documentation", 5), ("Another section", 3)],
        scores: &[5, 3, 5, 5, 5, 5, 5, 5],
        personas: &["Alice", "Bob", "Charlie"],
    },
];

#[test]
fn mermaid_documentation_examples_import() {
    for example in &EXAMPLES {
        let imported = import(&fixture(example.file));
        let file = example.file;
        assert_eq!(imported.warnings, [], "{file}");
        let [journey] = &imported.journeys[..] else {
            panic!("{file}: one journey");
        };
        assert_eq!(journey.name, example.name, "{file}");
        assert_eq!(journey.description, example.description, "{file}");
        let stages: Vec<(&str, usize)> = journey
            .stages
            .iter()
            .map(|s| (s.name.as_str(), s.touchpoints.len()))
            .collect();
        assert_eq!(stages, example.stages, "{file}");
        let scores: Vec<i8> = journey
            .stages
            .iter()
            .flat_map(|s| &s.touchpoints)
            .map(|t| t.emotion.map_or(0, |e| e.value() + 3))
            .collect();
        assert_eq!(scores, example.scores, "{file}");
        let personas: Vec<&str> = imported.personas.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(personas, example.personas, "{file}");
        assert_eq!(
            names(&journey.personas, &imported.personas),
            example.personas,
            "{file}"
        );
    }
}

#[test]
fn actors_become_personas_shared_by_name() {
    let imported = import(&fixture("user-journey.mmd"));
    let journey = &imported.journeys[0];
    let actors: Vec<Vec<String>> = journey
        .stages
        .iter()
        .flat_map(|s| &s.touchpoints)
        .map(|t| names(&t.personas, &imported.personas))
        .collect();
    assert_eq!(actors[0], ["Me"]);
    assert_eq!(actors[2], ["Me", "Cat"]);
    assert!(imported.personas.iter().all(|p| p.id.starts_with("pe-")));

    let tasks = import(&fixture("tasks.mmd"));
    let cards: Vec<&Touchpoint> = tasks.journeys[0]
        .stages
        .iter()
        .flat_map(|s| &s.touchpoints)
        .collect();
    assert_eq!(
        names(&cards[3].personas, &tasks.personas),
        ["Charlie", "Alice"]
    );
    assert_eq!(
        cards[2].personas,
        Vec::<String>::new(),
        "C task has no actors"
    );
    assert_eq!(
        cards[4].personas,
        Vec::<String>::new(),
        "E task's actor list is empty"
    );
}

#[test]
fn bad_lines_are_reported_by_number() {
    let text = "%% a comment\n\
        journey\n\
        \x20 title Lenient # a comment\n\
        \x20 Orphan task: 4: Me\n\
        \x20 section Start\n\
        \x20   Too high: 7: Me\n\
        \x20   Too low: 0\n\
        \x20   Half: 2.5: Me\n\
        \x20   Words: great: Me\n\
        \x20   No score\n\
        \x20   Semicolon: 3: Me; Cat\n\
        \x20   Extra: 3: Me: more\n\
        \x20 section\n";
    let imported = import(text);
    let lines: Vec<usize> = imported.warnings.iter().map(|w| w.line).collect();
    assert_eq!(
        lines,
        [6, 7, 8, 9, 10, 11, 12, 13],
        "{:#?}",
        imported.warnings
    );
    let journey = &imported.journeys[0];
    assert_eq!(journey.name, "Lenient");
    // A task before any section is in a stage without a name, as Mermaid has it: no warning.
    let stages: Vec<&str> = journey.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(stages, ["", "Start"]);
    let emotions: Vec<Option<i8>> = journey.stages[1]
        .touchpoints
        .iter()
        .map(|t| t.emotion.map(Emotion::value))
        .collect();
    assert_eq!(
        emotions,
        [Some(2), Some(-2), Some(0), None, None, Some(0), Some(0)]
    );
    assert!(imported.warnings[0].message.contains("outside 1 to 5"));
    assert!(imported.warnings[3].message.contains("\"great\""));
    assert!(imported.warnings[5].message.contains("`;`"));
    assert!(
        imported.warnings[7]
            .message
            .contains("`section` without a text")
    );
}

#[test]
fn names_come_from_title_then_front_matter_then_acc_title() {
    let name = |text: &str| import(text).journeys[0].name.clone();
    let front = "  ---\n  config:\n    title: nested\n  title: \"Quoted: it's\"\n  ---\n";
    assert_eq!(
        name(&format!("{front}journey\n  section S\n")),
        "Quoted: it's"
    );
    assert_eq!(
        name(&format!("{front}journey\n  title Own\n  section S\n")),
        "Own"
    );
    assert_eq!(
        name("journey\n  accTitle: Accessible\n  section S\n"),
        "Accessible"
    );
    assert_eq!(
        name("---\ntitle: 'It''s' \n---\njourney\n  section S\n"),
        "It's"
    );
    assert_eq!(name("journey\n  section S\n"), "");
}

#[test]
fn a_card_without_emotion_comes_back_without_emotion() {
    let mut journey = Journey::with_default_stages("Feelings");
    journey.stages.truncate(1);
    journey.stages[0].touchpoints = vec![
        card("Unknown", None, &[]),
        card("Neutral", Some(0), &[]),
        card("Happy", Some(2), &[]),
    ];
    let workspace = Workspace {
        journeys: vec![journey],
        ..Workspace::default()
    };
    let text = to_mermaid(&Scope::all(&workspace));
    assert!(
        text.contains("    %% cjm: no emotion\n    Unknown: 3\n    Neutral: 3\n"),
        "{text}"
    );
    let imported = import(&text);
    assert_eq!(imported.warnings, []);
    let emotions: Vec<Option<i8>> = imported.journeys[0].stages[0]
        .touchpoints
        .iter()
        .map(|t| t.emotion.map(Emotion::value))
        .collect();
    assert_eq!(emotions, [None, Some(0), Some(2)]);

    // A score someone changed after the comment is a score; the comment covers one task.
    let edited = "journey\n  section S\n    %% cjm: no emotion\n    Changed: 5\n\
                  \x20   %% cjm: no emotion\n  section T\n    After a section: 3\n";
    let imported = import(edited);
    let emotions: Vec<Option<i8>> = imported.journeys[0]
        .stages
        .iter()
        .flat_map(|s| &s.touchpoints)
        .map(|t| t.emotion.map(Emotion::value))
        .collect();
    assert_eq!(emotions, [Some(2), Some(0)]);
}

#[test]
fn a_markdown_fence_around_the_diagram_is_skipped() {
    let text = "```mermaid\njourney\n  title Fenced\n  section S\n    Task: 4: Me\n```\n";
    let imported = import(text);
    assert_eq!(imported.warnings, []);
    assert_eq!(imported.journeys[0].name, "Fenced");
    assert_eq!(imported.journeys[0].stages[0].touchpoints[0].title, "Task");
}

#[test]
fn persona_names_with_look_alikes_come_back_the_same() {
    let mut journey = Journey::with_default_stages("Shop");
    journey.stages.truncate(1);
    journey.personas = vec!["pe-r".into()];
    journey.stages[0].touchpoints = vec![card("Pays", Some(1), &[])];
    let workspace = Workspace {
        personas: vec![persona("pe-r", "Rina, buyer #1; 100% <vip>")],
        journeys: vec![journey],
        ..Workspace::default()
    };
    let text = to_mermaid(&Scope::all(&workspace));
    assert!(!text.contains("#1"), "{text}");
    let imported = import(&text);
    let names: Vec<&str> = imported.personas.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Rina, buyer #1; 100% <vip>"]);
}

#[test]
fn windows_line_ends_and_byte_order_mark_are_read() {
    let imported = import("\u{FEFF}journey\r\n  title T\r\n  section S\r\n    Task: 5: A\r\n");
    let journey = &imported.journeys[0];
    assert_eq!(journey.name, "T");
    assert_eq!(journey.stages[0].touchpoints[0].title, "Task");
    assert_eq!(imported.warnings, []);
}

#[test]
fn text_without_a_journey_is_an_error() {
    for (text, line, words) in [
        ("", 0, "empty"),
        ("%% only a comment\n\n", 0, "empty"),
        ("flowchart TD\n  A-->B\n", 1, "\"flowchart TD\""),
        ("%% nothing yet\njourney\n%% still nothing\n", 2, "empty"),
        ("---\ntitle: x\n---\n", 0, "empty"),
    ] {
        let error = from_mermaid(text).expect_err(text);
        assert_eq!(error.line, line, "{text:?}: {error}");
        assert!(error.message.contains(words), "{text:?}: {error}");
    }
}

#[test]
fn arbitrary_text_never_panics_and_round_trips() {
    let mut rng = fastrand::Rng::with_seed(11);
    let tokens = [
        "journey",
        "\n",
        " ",
        "title ",
        "section ",
        "accTitle:",
        "accDescr:",
        "accDescr {",
        "}",
        "---",
        "title: \"x\"",
        ":",
        ",",
        "#",
        ";",
        "%%",
        "%",
        "5",
        "-1",
        "1e9",
        "NaN",
        "x",
        "é",
        "😀",
        "\u{200B}",
        "\r",
        "\u{FEFF}",
        "#35;",
        "#amp;",
        "#x;",
        "<br>",
        "<a href=\"x\">",
        "%%{init: ",
        "}%%",
        "style",
        "\u{2028}",
        "😀%%",
        "\t",
        "```",
        "Title ",
        "accTitle",
        "A, a",
    ];
    for _ in 0..3000 {
        let head = if rng.bool() { "journey\n" } else { "" };
        let text: String = (0..rng.usize(0..30))
            .map(|_| tokens[rng.usize(..tokens.len())])
            .collect();
        let text = format!("{head}{text}");
        // Whatever it read, an export of it reads back the same, without a warning.
        let Ok(first) = from_mermaid(&text) else {
            continue;
        };
        let exported = export_all(&first);
        let second = import(&exported);
        assert_eq!(second.warnings, [], "{text:?}\n{exported}");
        assert_eq!(summary(&second), summary(&first), "{text:?}\n{exported}");
    }
}

/// The Mermaid checker script, or `None` with a note on stderr when it cannot run here.
fn checker() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mermaid-check");
    let skip = |why: &str| {
        common::cannot_run(&format!(
            "Mermaid parser check skipped ({why}): to run it, install Node.js 20.19 or later \
             and run `npm ci --prefix tests/mermaid-check`"
        ));
        None
    };
    if Command::new("node").arg("--version").output().is_err() {
        return skip("node is not installed");
    }
    if !dir.join("node_modules").is_dir() {
        return skip("tests/mermaid-check/node_modules is missing");
    }
    Some(dir.join("check.mjs"))
}

/// What Mermaid's parser reads from each diagram, in order.
fn mermaid_reads(script: &Path, diagrams: &[String]) -> Vec<Value> {
    let mut child = Command::new("node")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    let input = serde_json::to_vec(diagrams).expect("diagrams as JSON");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&input)
        .expect("node reads the diagrams");
    let output = child.wait_with_output().expect("node runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the checker failed: {stderr}");
    let results: Vec<Value> =
        serde_json::from_slice(&output.stdout).expect("the checker prints JSON");
    assert_eq!(
        results.len(),
        diagrams.len(),
        "a result per diagram: {stderr}"
    );
    results
}

/// A text as Mermaid draws it (the checker decodes entity codes and `<br>`), trimmed, with
/// the whitespace Mermaid draws as a space (a tab, a line separator) a space, as cjm reads it.
fn fold(value: &Value) -> String {
    let text = value.as_str().unwrap_or_default();
    let lines: Vec<String> = text.split('\n').map(cjm::text::one_line_js).collect();
    lines.join("\n").trim().to_string()
}

/// The persona names of a card as Mermaid should list them: its own, else (for a journey not
/// from Mermaid) the journey's.
fn actor_names(journey: &Journey, card: &Touchpoint, personas: &[Persona]) -> Vec<String> {
    if card.personas.is_empty() && !own_actors(journey) {
        return names(&journey.personas, personas);
    }
    names(&card.personas, personas)
}

/// Checks that Mermaid read `text` (`read`) as cjm imports it.
fn same_reading(text: &str, read: &Value) {
    assert!(
        read.get("error").is_none(),
        "Mermaid rejects:\n{text}\n{}",
        read["error"]
    );
    let imported = import(text);
    let [journey] = &imported.journeys[..] else {
        panic!("one journey:\n{text}");
    };
    let personas = &imported.personas;
    let mermaid = journey.extra.get("mermaid");
    let fact = |key: &str| {
        let value = mermaid.and_then(|m| m.get(key)).and_then(Value::as_str);
        value.unwrap_or_default().to_string()
    };
    if !text.starts_with("---") {
        // Mermaid's parse API drops a front matter title: only the text's own is compared.
        let untitled = mermaid.and_then(|m| m.get("untitled")).is_some();
        let title = if untitled { "" } else { journey.name.as_str() };
        assert_eq!(fold(&read["title"]), title, "title of\n{text}");
    }
    assert_eq!(
        fold(&read["accTitle"]),
        fact("acc_title"),
        "accTitle of\n{text}"
    );
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let description = fold(&read["accDescription"]);
    assert_eq!(
        words(&description),
        words(&journey.description),
        "description of\n{text}"
    );
    assert_eq!(sections(read), stage_names(journey), "sections of\n{text}");

    let tasks = read["tasks"].as_array().cloned().unwrap_or_default();
    let cards: Vec<(&Stage, &Touchpoint)> = journey
        .stages
        .iter()
        .flat_map(|s| s.touchpoints.iter().map(move |t| (s, t)))
        .collect();
    assert_eq!(tasks.len(), cards.len(), "tasks of\n{text}");
    for (task, (stage, card)) in tasks.iter().zip(cards) {
        assert_eq!(fold(&task["section"]), stage.name, "{task}\n{text}");
        assert_eq!(fold(&task["task"]), card.title, "{task}\n{text}");
        // Without emotion, cjm writes the neutral 3 (after its "no emotion" comment).
        let score = Some(card.emotion.map_or(3.0, |e| f64::from(e.value() + 3)));
        assert_eq!(task["score"].as_f64(), score, "{task}\n{text}");
        assert_eq!(
            people(task),
            actor_names(journey, card, personas),
            "{task}\n{text}"
        );
    }
}

/// The sections Mermaid read, trimmed.
fn sections(read: &Value) -> Vec<String> {
    let list = read["sections"].as_array();
    list.into_iter().flatten().map(fold).collect()
}

/// The names of a journey's stages as Mermaid lists its sections: without the stage of the
/// tasks before any section (the first, without a name, with cards).
fn stage_names(journey: &Journey) -> Vec<String> {
    let before_any = journey
        .stages
        .first()
        .is_some_and(|s| s.name.is_empty() && !s.touchpoints.is_empty());
    let names = journey.stages.iter().map(|s| s.name.clone());
    names.skip(usize::from(before_any)).collect()
}

/// The actors of a task Mermaid read, trimmed, without empty names.
fn people(task: &Value) -> Vec<String> {
    let list = task["people"].as_array();
    let names = list.into_iter().flatten().map(fold);
    names.filter(|p| !p.is_empty()).collect()
}

#[test]
fn mermaid_reads_what_cjm_writes() {
    let Some(script) = checker() else {
        return;
    };
    let demo = cjm::demo::workspace();
    let hostile = hostile();
    let random = random_workspaces(60);
    let templates: Vec<_> = cjm::templates::all()
        .iter()
        .map(|t| t.workspace())
        .collect();
    let exported = [&demo, &hostile]
        .into_iter()
        .chain(&templates)
        .chain(&random)
        .flat_map(|w| w.journeys.iter().map(move |j| export(w, j)));
    let diagrams: Vec<String> = exported
        .chain(FIXTURES.iter().map(|f| fixture(f)))
        .collect();
    for (text, read) in diagrams.iter().zip(mermaid_reads(&script, &diagrams)) {
        same_reading(text, &read);
    }
}

#[test]
fn mermaid_rejects_what_cjm_guards_against() {
    let Some(script) = checker() else {
        return;
    };
    let raw = [
        "journey\n  section A: B\n    Task: 3: Me",
        "journey\n  section A\n    title search: 3: Me",
        "journey\n  section A\n    Pay #2: 3: Me",
        "journey\n  section A\n    Pay; retry: 3: Me",
        "journey\n  section A\n    : 3: Me",
        "journey\n  section A\n    journey planner: 3: Me",
    ];
    let diagrams: Vec<String> = raw.iter().map(|d| d.to_string()).collect();
    for (text, read) in raw.iter().zip(mermaid_reads(&script, &diagrams)) {
        let misread = read.get("error").is_some()
            || read["tasks"]
                .as_array()
                .is_none_or(|tasks| tasks.is_empty());
        assert!(
            misread,
            "Mermaid now reads this as cjm would write it; check the guard:\n{text}\n{read}"
        );
    }
}

// Mermaid round trips as Mermaid reads them (issue 16, item 11): for each diagram D that
// Mermaid reads, Mermaid reads export(import(D)) as it reads D, and import(export(import(D)))
// is import(D); what cannot survive is warned about by line.

/// Diagrams Mermaid reads that a round trip must keep as Mermaid reads them, with nothing to
/// warn about: the cases of the issue and hostile variations of them.
const ROUND_TRIPS: [&str; 25] = [
    // Tasks without actors keep none.
    "journey\n  title T\n  section S\n    No actors: 3\n    Both: 4: Alice, Bob\n",
    "journey\n  section S\n    Empty list: 5:\n    Spaces: 2:  \n",
    // Actors differing in case are different actors.
    "journey\n  section S\n    T: 3: ann, Ann, ANN\n    U: 4: Ann\n",
    // Entity codes are characters.
    "journey\n  section S\n    Pay invoice #35;42: 4: Alice\n",
    "journey\n  section S #35; x #59;\n    T #lt;b#gt; #quot;q#quot;: 3: A #amp; B, #9829;, #128512;\n",
    "journey\n  section S\n    T #foo;: 3: #colon;x, #44;\n    #35;1 first: 2: A\n",
    // An accessible title is kept apart from the title; no title is invented.
    "journey\n  title Visible\n  accTitle: Accessible\n  section S\n    A: 3: X\n",
    "journey\n  accTitle: Only accessible\n  accDescr: Described: #1\n  section S\n    A: 3: X\n",
    "journey\n  section S\n    A: 3: X\n",
    "journey title Inline\n  section S\n    T: 1: A\n",
    // Tasks before any section stay before any section.
    "journey\n  title T\n  Early: 2: X\n  Earlier: 3\n  section S\n    Late: 4: X\n",
    // `%%` is a comment where Mermaid's lexer reads one, and only there.
    "journey\n  section S\n    a%%b: 3: A\n    ab%%c: 3: A\n    😀%%d: 1: A\n    é%%e: 5: A\n",
    "journey\n  section S %% not a comment\n    T: 3: A %% nor this\n  %% but this\n",
    "journey\n%%{init: {'theme': 'forest'}}%%\n  section S\n    T: 3: A\n",
    // Keywords where Mermaid reads them.
    "journey\n  section S\n    Title search: 3: A\n    Titles: 2: A\n    Journeys: 4: A\n",
    "journey\n  title\n  Section S\n",
    // `<br>` is a line break in section and task names, not in the title or actors.
    "journey\n  section A<br>B\n    T<br/>U: 4: X<br>Y\n    V<BR />W: 2\n",
    // More Mermaid text read as Mermaid reads it.
    "journey\ntitle  spaced  out \nsection  S  \nT  :  3  :  A  ,  B  \n",
    "journey\n  title 50% off: now & then > before\n  section S\n    T: 5: A\n",
    "journey\n  accDescr {\n    multi\n    line: #35;\n  }\n  section S\n    T: 2\n",
    "journey\n  section S\n    <a href=\"x\">link</a>: 3: A\n",
    "journey\n  section S\n    Lifestyle: 3:#35;x#59; y\n",
    "journey\n  section S\n    Hex: 0x4: A\n    Exp: 1e0: A\n    Plus: +2: A\n",
    "journey\n  section S\n    Tab\tin: 3: A\u{2028}B\n",
    "journey\n  section S\n    T: 3: A\n  section S\n    T: 3: A\n",
];

/// What a journey holds that a round trip must keep: its name, description and `mermaid`
/// facts, and its stages with their cards (title, emotion, actors by name).
fn summary(imported: &Imported) -> Vec<String> {
    imported
        .journeys
        .iter()
        .map(|j| {
            let facts = j.extra.get("mermaid").cloned().unwrap_or_default();
            let stages = outline(j, &imported.personas);
            format!("{:?} {:?} {facts} {stages:?}", j.name, j.description)
        })
        .collect()
}

/// The export of the journeys of `imported`.
fn export_all(imported: &Imported) -> String {
    to_mermaid(&Scope::all(&workspace_of(imported.clone())))
}

#[test]
fn round_trips_keep_what_cjm_imported() {
    for text in ROUND_TRIPS {
        let first = import(text);
        assert_eq!(first.warnings, [], "{text}");
        let exported = export_all(&first);
        let second = import(&exported);
        assert_eq!(second.warnings, [], "{exported}");
        assert_eq!(summary(&second), summary(&first), "{text}\n{exported}");
        assert_eq!(export_all(&second), exported, "a fixed point:\n{text}");
    }
}

/// What Mermaid read, as compared between a diagram and its round trip: texts trimmed, the
/// description's whitespace and empty actor names aside (Mermaid keeps `E: 5:` as one actor
/// without a name; cjm as none).
fn reading(read: &Value, with_title: bool) -> Value {
    let tasks: Vec<Value> = read["tasks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            serde_json::json!({
                "section": fold(&t["section"]),
                "task": fold(&t["task"]),
                "score": t["score"],
                "people": people(t),
            })
        })
        .collect();
    let description = fold(&read["accDescription"]);
    let words: Vec<&str> = description.split_whitespace().collect();
    serde_json::json!({
        "error": read.get("error"),
        "title": with_title.then(|| fold(&read["title"])),
        "accTitle": fold(&read["accTitle"]),
        "accDescription": words,
        "sections": sections(read),
        "tasks": tasks,
    })
}

#[test]
fn mermaid_reads_the_round_trip_as_the_original() {
    let Some(script) = checker() else {
        return;
    };
    let originals: Vec<String> = ROUND_TRIPS
        .iter()
        .map(|t| t.to_string())
        .chain(FIXTURES.iter().map(|f| fixture(f)))
        .collect();
    let trips: Vec<String> = originals.iter().map(|t| export_all(&import(t))).collect();
    let before = mermaid_reads(&script, &originals);
    let after = mermaid_reads(&script, &trips);
    for ((text, trip), (read, again)) in originals.iter().zip(&trips).zip(before.iter().zip(&after))
    {
        // Mermaid's parse API drops a front matter title; the export writes it as `title`.
        let titled = !text.starts_with("---");
        assert_eq!(
            reading(again, titled),
            reading(read, titled),
            "Mermaid reads the round trip differently:\n{text}\n---- became ----\n{trip}"
        );
        same_reading(text, read);
        same_reading(trip, again);
    }
}

#[test]
fn tasks_without_actors_come_back_without_actors() {
    let text = "journey\n  title T\n  section S\n    No actors: 3\n    Both: 4: Alice, Bob\n";
    let first = import(text);
    let card = &first.journeys[0].stages[0].touchpoints[0];
    assert_eq!(card.personas, Vec::<String>::new());
    let exported = export_all(&first);
    assert!(exported.contains("    No actors: 3\n"), "{exported}");
    let second = import(&exported);
    assert_eq!(
        export_all(&second),
        exported,
        "a second import changes nothing"
    );

    // A journey made in cjm still gives a card without personas all the journey's.
    let mut journey = Journey::with_default_stages("Own");
    journey.stages.truncate(1);
    journey.personas = vec!["pe-a".into()];
    journey.stages[0].touchpoints = vec![card_of("Everyone", Some(0))];
    let workspace = Workspace {
        personas: vec![persona("pe-a", "Alex")],
        journeys: vec![journey],
        ..Workspace::default()
    };
    assert!(to_mermaid(&Scope::all(&workspace)).contains("    Everyone: 3: Alex\n"));
}

/// A card titled `title` with `emotion` and no personas of its own.
fn card_of(title: &str, emotion: Option<i8>) -> Touchpoint {
    card(title, emotion, &[])
}

#[test]
fn actors_differing_in_case_are_different_personas() {
    let imported = import("journey\n  section S\n    T: 3: ann, Ann\n    U: 4: Ann, ann\n");
    let names: Vec<&str> = imported.personas.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["ann", "Ann"]);
    let cards = &imported.journeys[0].stages[0].touchpoints;
    assert_eq!(names_of(&cards[1], &imported), ["Ann", "ann"]);

    // `cjm import` keeps them apart too, and still joins a persona the workspace has by name
    // whatever its case when the diagram spells it one way only.
    let dir = tempfile::TempDir::new().unwrap();
    let workspace = dir.path().join("ws.json");
    let mut existing = cjm::model::Workspace::default();
    existing.personas.push(persona("pe-bob", "Bob"));
    std::fs::write(&workspace, cjm::store::to_json(&existing)).unwrap();
    let source = dir.path().join("case.mmd");
    std::fs::write(&source, "journey\n  section S\n    T: 3: ann, Ann, bob\n").unwrap();
    let output = common::cjm(dir.path(), &["import", "case.mmd", "--into", "ws.json"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&workspace).unwrap()).unwrap();
    let mut names: Vec<&str> = saved["personas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["Ann", "Bob", "ann"]);
}

/// The persona names of `card` in `imported`.
fn names_of(card: &Touchpoint, imported: &Imported) -> Vec<String> {
    names(&card.personas, &imported.personas)
}

#[test]
fn entity_codes_are_read_as_the_characters_mermaid_draws() {
    let imported = import("journey\n  section S #59; 2\n    Pay invoice #35;42: 4: Alice\n");
    assert_eq!(imported.warnings, []);
    let journey = &imported.journeys[0];
    assert_eq!(journey.stages[0].name, "S ; 2");
    let card = &journey.stages[0].touchpoints[0];
    assert_eq!(card.title, "Pay invoice #42");
    assert_eq!(card.emotion.map(Emotion::value), Some(1));
    assert_eq!(names_of(card, &imported), ["Alice"]);
    let exported = export_all(&imported);
    assert!(
        exported.contains("  section S #59; 2\n    Pay invoice #35;42: 4: Alice\n"),
        "{exported}"
    );
}

#[test]
fn titles_are_kept_as_the_diagram_had_them() {
    let facts = |text: &str| {
        let imported = import(text);
        let journey = &imported.journeys[0];
        let exported = export_all(&imported);
        (journey.name.clone(), exported)
    };
    let (name, exported) = facts("journey\n  title Visible\n  accTitle: Accessible\n  section S\n");
    assert_eq!(name, "Visible");
    assert!(exported.starts_with("journey\n  title Visible\n  accTitle: Accessible\n"));

    // The accessible title names the journey in cjm, and stays an accessible title.
    let (name, exported) = facts("journey\n  accTitle: Only\n  section S\n");
    assert_eq!(name, "Only");
    assert_eq!(exported, "journey\n  accTitle: Only\n  section S\n");

    let (name, exported) = facts("journey\n  section S\n");
    assert_eq!(name, "");
    assert_eq!(exported, "journey\n  section S\n");
}

#[test]
fn cjm_import_names_an_untitled_diagram_without_giving_it_a_title() {
    let dir = tempfile::TempDir::new().unwrap();
    let export = |args: &[&str]| {
        let output = common::cjm(dir.path(), args);
        assert!(output.status.success(), "{}", common::stderr(&output));
        common::stdout(&output)
    };
    let text = "journey\n  section S\n    A: 3: X\n";
    std::fs::write(dir.path().join("checkout.mmd"), text).unwrap();
    export(&["import", "checkout.mmd", "--into", "ws.json"]);
    let saved = std::fs::read_to_string(dir.path().join("ws.json")).unwrap();
    assert!(saved.contains("\"name\": \"checkout\""), "{saved}");
    assert_eq!(export(&["export", "ws.json", "--format", "mermaid"]), text);

    // A name given on import is a title.
    export(&[
        "import",
        "checkout.mmd",
        "--into",
        "named.json",
        "--name",
        "Checkout",
    ]);
    let named = export(&["export", "named.json", "--format", "mermaid"]);
    assert!(named.starts_with("journey\n  title Checkout\n"), "{named}");
}

#[test]
fn tasks_before_any_section_come_back_before_any_section() {
    let text = "journey\n  title T\n    Early: 2: X\n  section S\n    Late: 4: X\n";
    let imported = import(text);
    assert_eq!(imported.warnings, []);
    let stages: Vec<&str> = imported.journeys[0]
        .stages
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(stages, ["", "S"]);
    assert_eq!(export_all(&imported), text);
}

#[test]
fn percent_comments_are_read_where_mermaid_reads_them() {
    let imported =
        import("journey\n  section S\n    a%%b: 3: A\n    ab%%c: 3: A\n    T: 3: A %% B\n");
    let cards = &imported.journeys[0].stages[0].touchpoints;
    let titles: Vec<&str> = cards.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["ab%%c", "T"]);
    assert_eq!(names_of(&cards[1], &imported), ["A %% B"]);
    assert_eq!(imported.warnings, []);
}

#[test]
fn journey_inside_a_diagram_starts_no_other() {
    let text = "journey\n  section S\n    journey-map review: 3: A\n\njourney\n  section T\n";
    let imported = import(text);
    // A `journey` alone on its line starts another diagram (cjm's export of several).
    assert_eq!(imported.journeys.len(), 2);
    let card = &imported.journeys[0].stages[0].touchpoints[0];
    assert_eq!(card.title, "journey-map review");
    assert_eq!(card.emotion.map(Emotion::value), Some(0));
    let lines: Vec<usize> = imported.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [3], "{:#?}", imported.warnings);
    assert!(imported.warnings[0].message.contains("`journey`"));
    let exported = export(&workspace_of(imported.clone()), &imported.journeys[0]);
    assert!(
        exported.contains("    #106;ourney-map review: 3: A\n"),
        "{exported}"
    );
}

#[test]
fn br_is_a_line_break_in_section_and_task_names() {
    let text = "journey\n  title A<br>B\n  section One<br>Two\n    T<br/>U: 4: X<br>Y\n";
    let imported = import(text);
    let journey = &imported.journeys[0];
    assert_eq!(journey.name, "A<br>B");
    assert_eq!(journey.stages[0].name, "One\nTwo");
    let card = &journey.stages[0].touchpoints[0];
    assert_eq!(card.title, "T\nU");
    assert_eq!(names_of(card, &imported), ["X<br>Y"]);
    assert_eq!(
        export_all(&imported),
        "journey\n  title A#60;br#62;B\n  section One<br>Two\n    T<br>U: 4: X#60;br>Y\n"
    );
}

#[test]
fn what_cannot_survive_is_warned_about_by_line() {
    let text = "journey\n\
        \x20 section S\n\
        \x20   Twice: 3: A, A\n\
        \x20   journey map: 2\n\
        \x20   No data\n\
        \x20   Cut: 3: A; B\n\
        \x20   : 4: Nameless\n\
        \x20   Colon:\n\
        \x20 section A: B\n\
        \x20 accDescr { never closed\n";
    let imported = import(text);
    let found: Vec<(usize, &str)> = imported
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    let expected = [
        (3, "listed twice"),
        (4, "`journey`"),
        (5, "no `: score`"),
        (6, "`;`"),
        (7, "without a name"),
        (8, "no `: score`"),
        (9, "`:` in a section name"),
        (10, "not closed"),
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for ((line, message), (want_line, words)) in found.iter().zip(expected) {
        assert_eq!(*line, want_line, "{found:#?}");
        assert!(message.contains(words), "line {line}: {message}");
    }
}

#[test]
fn older_exports_read_back_without_their_guard() {
    // cjm's export once put a zero-width space before keyword-like and empty names.
    let imported = import("journey\n  section \u{200B}\n    \u{200B}Title search: 3: A\n");
    let stage = &imported.journeys[0].stages[0];
    assert_eq!(stage.name, "");
    assert_eq!(stage.touchpoints[0].title, "Title search");
    // One written as an entity code is a character of the name.
    let kept = import("journey\n  section S\n    #8203;x: 3: A\n");
    assert_eq!(kept.journeys[0].stages[0].touchpoints[0].title, "\u{200B}x");
}
