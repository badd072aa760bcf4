//! Markdown and CSV exports, and the CSV import: snapshots, hostile text, round trips and the
//! import's errors and warnings.

use cjm::export::{Scope, to_csv, to_markdown};
use cjm::import::{ImportError, Imported, from_csv};
use cjm::model::{
    Direction, Emotion, Evidence, EvidenceKind, Journey, Kpi, KpiKind, Measurement, Opportunity,
    OpportunityStatus, Persona, Rating, Stage, Touchpoint, TouchpointDetails, Workspace,
};

/// Strings that break naive CSV, Markdown or list encodings.
const HOSTILE: [&str; 17] = [
    "comma, and \"quotes\"",
    "line one\nline two\r\nline three\rfour",
    "pipe | in | text",
    "=HYPERLINK(\"http://x\",\"y\")",
    "+1 555",
    "-2",
    "@sum",
    "'already quoted",
    "\ttab first",
    "back\\slash \\n not a newline \\",
    "brackets [impact 3, planned] and ]stray[",
    "Bayar pakai QRIS 💳 di kasir, ya",
    "購入手続き｜配送料が最後に表示される",
    "  spaces around  ",
    "trailing space before bracket [done] ",
    "emoji 👩‍👩‍👧 and \u{202E}override",
    "\x1b]0;pwned\x07 \x1b[31mred\u{9b}2J \u{2066}isolate\u{2069}",
];

fn demo() -> Workspace {
    cjm::demo::workspace()
}

/// The CSV of every journey of `workspace`.
fn csv_of(workspace: &Workspace) -> String {
    to_csv(&Scope::all(workspace))
}

/// A workspace with one journey holding `stages`.
fn workspace_with(stages: Vec<Stage>, personas: Vec<Persona>) -> Workspace {
    let journey = Journey {
        id: "jo-test".into(),
        name: "Test journey".into(),
        stages,
        ..Journey::default()
    };
    Workspace {
        personas,
        journeys: vec![journey],
        ..Workspace::default()
    }
}

fn stage(id: &str, name: &str, touchpoints: Vec<Touchpoint>) -> Stage {
    Stage {
        id: id.into(),
        name: name.into(),
        touchpoints,
        ..Stage::default()
    }
}

/// The journeys of an import with persona ids replaced by persona names, so they compare with
/// the exported journeys' cards (whose ids are replaced the same way).
fn with_persona_names(journeys: &[Journey], personas: &[Persona]) -> Vec<Journey> {
    let name = |id: &String| {
        personas
            .iter()
            .find(|p| &p.id == id)
            .map_or(format!("unknown {id}"), |p| p.name.clone())
    };
    let mut journeys = journeys.to_vec();
    for card in journeys
        .iter_mut()
        .flat_map(|j| j.stages.iter_mut())
        .flat_map(|s| s.touchpoints.iter_mut())
    {
        card.personas = card.personas.iter().map(name).collect();
    }
    journeys
}

/// What the CSV carries of `journey`: ids, names, stage and card order and every card field.
fn csv_part(journey: &Journey) -> Journey {
    Journey {
        id: journey.id.clone(),
        name: journey.name.clone(),
        stages: journey
            .stages
            .iter()
            .map(|s| Stage {
                id: s.id.clone(),
                name: s.name.clone(),
                touchpoints: s.touchpoints.clone(),
                ..Stage::default()
            })
            .collect(),
        ..Journey::default()
    }
}

/// Exports `workspace` to CSV, imports it back and checks that every journey is unchanged in
/// every field the CSV carries, with no warning.
fn assert_round_trip(workspace: &Workspace) -> Imported {
    let text = csv_of(workspace);
    let imported = from_csv(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(imported.warnings, [], "{text}");
    let expected: Vec<Journey> = with_persona_names(
        &workspace.journeys.iter().map(csv_part).collect::<Vec<_>>(),
        &workspace.personas,
    );
    let actual = with_persona_names(&imported.journeys, &imported.personas);
    assert_eq!(actual.len(), expected.len());
    for (a, e) in actual.iter().zip(&expected) {
        assert_eq!(a.id, e.id);
        assert_eq!(a.name, e.name);
        let names = |j: &Journey| j.stages.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(a), names(e), "stage order of {}", e.name);
        for (sa, se) in a.stages.iter().zip(&e.stages) {
            assert_eq!(sa.id, se.id);
            assert_eq!(sa.touchpoints.len(), se.touchpoints.len(), "{}", se.name);
            for (ta, te) in sa.touchpoints.iter().zip(&se.touchpoints) {
                assert_eq!(ta, te, "card {}", te.id);
            }
        }
        assert_eq!(a, e);
    }
    imported
}

/// Errors of `from_csv` on `text`.
fn import_error(text: &str) -> ImportError {
    match from_csv(text) {
        Ok(imported) => panic!("expected an error, got {imported:?}"),
        Err(e) => e,
    }
}

/// The cells of a Markdown table row, split at pipes without a backslash before them.
fn cells(row: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut escaped = false;
    for c in row.trim().chars() {
        match c {
            '|' if !escaped => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    // The row starts and ends with a pipe: drop the empty text outside them.
    cells.remove(0);
    cells.pop();
    cells
}

/// Every table row of `markdown` (lines starting with `|`) has `width` cells.
fn assert_tables_hold(markdown: &str, width: usize) {
    let rows: Vec<&str> = markdown.lines().filter(|l| l.starts_with('|')).collect();
    assert!(!rows.is_empty());
    for row in rows {
        assert_eq!(cells(row).len(), width, "{row}");
    }
}

// Markdown

#[test]
fn markdown_of_the_smartphone_journey() {
    let workspace = demo();
    let scope = Scope {
        workspace: &workspace,
        journeys: vec![&workspace.journeys[0]],
    };
    insta::assert_snapshot!(to_markdown(&scope));
}

#[test]
fn markdown_of_the_whole_demo_keeps_every_table_row_whole() {
    let workspace = demo();
    let markdown = to_markdown(&Scope::all(&workspace));
    assert_eq!(markdown.matches("\n## ").count(), workspace.journeys.len());
    for row in markdown.lines().filter(|l| l.starts_with('|')) {
        let width = cells(row).len();
        assert!(width == 12 || width == 8, "{row}");
    }
}

#[test]
fn markdown_holds_what_the_html_shows() {
    let workspace = demo();
    let markdown = to_markdown(&Scope::all(&workspace));
    for expected in [
        // A persona's channels.
        "  - Channels: Web; Social media; Store; Chat\n",
        // A stage's goal and strategies.
        "- **Awareness**: Notice a phone that could fit my needs and budget\n  - Strategies: \
         Reach first-time buyers with plain-language content; Retarget readers of our buying \
         guides\n",
        // A card's thoughts, owner, personas, evidence and tags, in the HTML's order.
        "| That camera looks great for the price. |  | Partner with creators on honest reviews \
         (impact 3, effort 2, planned, owner Social team) | Brand marketing |  | analytics · Social \
         listening report, January 2026 | social, creator |",
    ] {
        assert!(
            markdown.contains(expected),
            "{expected:?} missing:\n{markdown}"
        );
    }
    let html = cjm::export::to_html(&Scope::all(&workspace));
    assert!(html.contains("Social listening report, January 2026"));
}

#[test]
fn pipes_and_line_breaks_do_not_break_the_table() {
    let mut card = Touchpoint::new("Pays | gets a fee\nthen leaves");
    card.action = "Clicks `Pay` | twice\r\nand waits".into();
    card.pain_points = vec!["fee | late".into(), "two\nlines".into()];
    card.opportunities = vec![Opportunity {
        title: "Show | early".into(),
        owner: "Dana | Ops".into(),
        impact: Rating::new(4),
        ..Opportunity::default()
    }];
    card.thoughts = "Why | now?\n\nAgain".into();
    card.evidence = "Survey | Q1".into();
    card.tags = vec!["a|b".into(), "c".into()];
    let workspace = workspace_with(
        vec![
            stage("st-1", "Pay | check\nout", vec![card]),
            stage("st-2", "Empty", vec![]),
        ],
        vec![],
    );
    let markdown = to_markdown(&Scope::all(&workspace));
    assert_tables_hold(&markdown, 12);
    assert!(
        markdown.contains("| Pay \\| check<br>out | Clicks \\`Pay\\` \\| twice<br>and waits |")
    );
    assert!(
        markdown.contains("| Why \\| now?<br><br>Again |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| Survey \\| Q1 | a\\|b, c |"),
        "{markdown}"
    );
    assert!(markdown.contains("Pays \\| gets a fee<br>then leaves"));
    assert!(markdown.contains("fee \\| late<br>two<br>lines"));
    assert!(markdown.contains("Show \\| early (impact 4, owner Dana \\| Ops)"));
    assert!(
        markdown.contains("| Empty |  |  |  |  |  |  |  |  |  |  |  |\n"),
        "{markdown}"
    );
}

#[test]
fn hostile_text_stays_inside_its_cell_and_paragraph() {
    let cards = HOSTILE
        .iter()
        .map(|text| {
            let mut card = Touchpoint::new(text);
            card.action = (*text).into();
            card.channel = (*text).into();
            card.pain_points = vec![(*text).into()];
            card.opportunities = vec![Opportunity {
                title: (*text).into(),
                owner: (*text).into(),
                ..Opportunity::default()
            }];
            card.thoughts = (*text).into();
            card.owner = (*text).into();
            card.evidence = (*text).into();
            card.tags = vec![(*text).into()];
            card.personas = vec!["pe-1".into()];
            card
        })
        .collect();
    let persona = Persona {
        id: "pe-1".into(),
        name: HOSTILE[0].into(),
        channels: HOSTILE.iter().map(|t| t.to_string()).collect(),
        ..Persona::default()
    };
    let mut stage = stage("st-1", HOSTILE[1], cards);
    stage.goal = HOSTILE[2].into();
    stage.strategies = HOSTILE.iter().map(|t| t.to_string()).collect();
    let mut workspace = workspace_with(vec![stage], vec![persona]);
    workspace.journeys[0].personas = vec!["pe-1".into()];
    workspace.journeys[0].name = "Checkout ##".into();
    workspace.journeys[0].description = "# not a heading\n- not a list".into();
    let markdown = to_markdown(&Scope::all(&workspace));
    assert_tables_hold(&markdown, 12);
    assert!(markdown.contains("## Checkout \\##\n"));
    assert!(markdown.contains("\n### Stages\n"), "{markdown}");
    assert!(markdown.contains("  - Channels: "), "{markdown}");
    // No user text starts a line of its own: an indented line is a nested list item.
    for line in markdown.lines() {
        if line.starts_with(char::is_whitespace) {
            assert!(line.starts_with("  - "), "{line:?}");
        }
    }
    assert!(markdown.contains("\n\\# not a heading<br>- not a list\n"));
    assert!(!markdown.contains('\r'));
    let unsafe_chars: Vec<char> = markdown
        .chars()
        .filter(|c| cjm::text::is_unsafe(*c) && *c != '\n')
        .collect();
    assert_eq!(
        unsafe_chars,
        [],
        "no escape, bell, C1 control or bidi override reaches a terminal"
    );
    assert!(markdown.contains("\u{FFFD}\\]0;pwned\u{FFFD} \u{FFFD}\\[31mred\u{FFFD}2J"));
}

#[test]
fn markdown_paragraphs_do_not_start_blocks() {
    for (description, expected) in [
        ("1. first", "1\\. first"),
        ("+ plus", "\\+ plus"),
        ("> quote", "\\> quote"),
        ("    code", "code"),
        ("2026 plan", "2026 plan"),
    ] {
        let mut workspace = workspace_with(vec![], vec![]);
        workspace.journeys[0].description = description.into();
        let markdown = to_markdown(&Scope::all(&workspace));
        assert!(
            markdown.contains(&format!("\n\n{expected}\n\n")),
            "{markdown}"
        );
    }
}

#[test]
fn kpi_figures_are_rounded_as_check_shows_them_and_checked_against_their_target() {
    let measurement = |date: &str, numerator, value| Measurement {
        date: date.into(),
        numerator: Some(numerator),
        denominator: Some(800),
        value: Some(value),
        ..Measurement::default()
    };
    let kpis = vec![
        Kpi {
            name: "Share".into(),
            kind: KpiKind::Ratio,
            target: Some(0.6),
            measurements: vec![
                measurement("2026-02-01", 460, 0.0),
                measurement("2026-01-01", 412, 0.0),
            ],
            ..Kpi::default()
        },
        Kpi {
            name: "Wait | time".into(),
            unit: "min".into(),
            target: Some(5.0),
            direction: Direction::Lower,
            ..Kpi::default()
        },
        Kpi {
            name: "Calls".into(),
            target: Some(5.0),
            direction: Direction::Lower,
            measurements: vec![measurement("2026-01-01", 0, 4.26)],
            ..Kpi::default()
        },
    ];
    let mut workspace = workspace_with(vec![stage("st-1", "Pay", vec![])], vec![]);
    workspace.journeys[0].stages[0].kpis = kpis;
    let markdown = to_markdown(&Scope::all(&workspace));
    // The KPI table: from its heading to the blank line before the touchpoints.
    let rows: Vec<&str> = markdown
        .lines()
        .skip_while(|l| *l != "### KPIs")
        .skip(2)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(
        rows,
        [
            "| Stage | KPI | Kind | Latest | Baseline | Change | Target | Status |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
            "| Pay | Share | ratio | 0.57 (2026-02-01) | 0.52 (2026-01-01) | +6 pp | ≥ 0.6 | off target |",
            "| Pay | Wait \\| time | value |  |  |  | ≤ 5 min |  |",
            "| Pay | Calls | value | 4.26 (2026-01-01) | 4.26 (2026-01-01) | 0 | ≤ 5 | on target |",
        ]
    );
}

// CSV export and round trip

#[test]
fn csv_header_and_first_row() {
    let text = csv_of(&demo());
    let mut lines = text.split("\r\n");
    assert_eq!(
        lines.next(),
        Some(
            "journey_id,journey,stage_id,stage,touchpoint_id,title,action,channel,emotion,\
             thoughts,pain_points,opportunities,owner,tags,notes,evidence,personas"
        )
    );
    assert!(text.ends_with("\r\n"));
}

#[test]
fn the_whole_demo_survives_a_csv_round_trip() {
    let workspace = demo();
    let imported = assert_round_trip(&workspace);
    let mut names: Vec<&str> = imported.personas.iter().map(|p| p.name.as_str()).collect();
    names.sort();
    let cited = [
        "Alex, first-time smartphone buyer",
        "Priya, upgrader with a trade-in",
    ];
    assert_eq!(names, cited, "only personas that cards name are imported");
}

#[test]
fn emotions_are_plain_numbers_and_formulas_are_quoted() {
    let mut card = Touchpoint::new("=1+1");
    card.id = "tp-1".into();
    card.emotion = Emotion::new(-1);
    card.action = "-5 % off".into();
    card.pain_points = vec!["@home".into()];
    let workspace = workspace_with(vec![stage("st-1", "+Stage", vec![card])], vec![]);
    let text = csv_of(&workspace);
    let row = text.split("\r\n").nth(1).unwrap();
    assert_eq!(
        row,
        "jo-test,Test journey,st-1,'+Stage,tp-1,'=1+1,'-5 % off,,-1,,'@home,,,,,,"
    );
    assert_round_trip(&workspace);
}

#[test]
fn hostile_text_survives_a_csv_round_trip_in_every_field() {
    let personas: Vec<Persona> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, name)| Persona {
            id: format!("pe-{i}"),
            name: name.to_string(),
            ..Persona::default()
        })
        .collect();
    let cards = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let text = cjm::model::Text::from(*text);
            Touchpoint {
                id: format!("tp-{i}"),
                title: text.clone(),
                channel: text.clone(),
                emotion: Emotion::new(i as i64 % 5 - 2),
                personas: vec![format!("pe-{i}"), "pe-0".into()],
                details: TouchpointDetails {
                    action: text.clone(),
                    thoughts: text.clone(),
                    pain_points: vec![text.clone(), "second".into()],
                    opportunities: vec![
                        Opportunity {
                            title: text.clone(),
                            ..Opportunity::default()
                        },
                        Opportunity {
                            title: text.clone(),
                            impact: Rating::new(5),
                            effort: Rating::new(1),
                            status: OpportunityStatus::Done,
                            owner: text.clone(),
                            ..Opportunity::default()
                        },
                    ],
                    owner: text.clone(),
                    tags: vec![text.clone()],
                    notes: text.clone(),
                    evidence: vec![
                        Evidence::quote(EvidenceKind::Note, &text),
                        Evidence {
                            kind: EvidenceKind::FocusGroup,
                            source: text.clone(),
                            date: Some("2026-01-05".into()),
                            quote: text.clone(),
                            link: "https://x.test/a]b[".into(),
                            ..Evidence::default()
                        },
                    ]
                    .into(),
                    ..TouchpointDetails::default()
                }
                .boxed(),
            }
        })
        .collect();
    let mut workspace = workspace_with(
        vec![
            stage(HOSTILE[3], HOSTILE[1], cards),
            stage("st-empty", "No cards yet", vec![]),
        ],
        personas,
    );
    workspace.journeys[0].name = HOSTILE[0].into();
    workspace.journeys.push(Journey {
        id: "jo-empty".into(),
        name: "No stages".into(),
        ..Journey::default()
    });
    let imported = assert_round_trip(&workspace);
    assert_eq!(imported.personas.len(), HOSTILE.len());
}

#[test]
fn opportunity_attributes_round_trip_one_by_one() {
    let base = Opportunity {
        title: "Show the fee".into(),
        ..Opportunity::default()
    };
    let variants = [
        Opportunity {
            impact: Rating::new(3),
            ..base.clone()
        },
        Opportunity {
            effort: Rating::new(2),
            ..base.clone()
        },
        Opportunity {
            status: OpportunityStatus::Planned,
            ..base.clone()
        },
        Opportunity {
            owner: "Dana, Ops [EU]".into(),
            ..base.clone()
        },
        Opportunity {
            title: "Ends with [planned]".into(),
            ..base.clone()
        },
        base,
    ];
    let mut card = Touchpoint::new("Pays");
    card.opportunities = variants.to_vec();
    let workspace = workspace_with(vec![stage("st-1", "Pay", vec![card])], vec![]);
    assert!(csv_of(&workspace).contains("Show the fee [owner Dana, Ops \\[EU\\]]"));
    assert_round_trip(&workspace);
}

// CSV import

#[test]
fn columns_in_any_order_with_unknown_ones_and_without_ids() {
    let text = "Stage,extra,Title,journey,emotion,opportunities\n\
                Buy,x,Pays,Shop,+2,\"Show fees [impact 4, effort 2, planned, owner Dana]\"\n\
                Buy,y,Waits,Shop,,Say why [soon]\n\
                Leave,z,,Shop,,\n";
    let imported = from_csv(text).unwrap();
    assert_eq!(imported.journeys.len(), 1);
    let journey = &imported.journeys[0];
    assert!(journey.id.starts_with("jo-"));
    assert_eq!(journey.name, "Shop");
    let stages: Vec<&str> = journey.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(stages, ["Buy", "Leave"]);
    let cards = &journey.stages[0].touchpoints;
    assert_eq!(cards.len(), 2);
    assert_eq!(cards[0].emotion, Emotion::new(2));
    assert_eq!(
        cards[0].opportunities,
        [Opportunity {
            title: "Show fees".into(),
            impact: Rating::new(4),
            effort: Rating::new(2),
            status: OpportunityStatus::Planned,
            owner: "Dana".into(),
            ..Opportunity::default()
        }]
    );
    assert_eq!(cards[1].opportunities[0].title, "Say why [soon]");
    assert!(journey.stages[1].touchpoints.is_empty());
    let warnings: Vec<(usize, &str)> = imported
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(warnings[0], (1, "unknown column \"extra\" ignored"));
    assert_eq!(warnings[1].0, 3);
    assert!(warnings[1].1.contains("kept in the title"), "{warnings:?}");
}

#[test]
fn empty_input_is_an_error() {
    for text in ["", "\u{feff}", "\n\n"] {
        let error = import_error(text);
        assert_eq!(error.line, 0);
        assert!(error.message.contains("empty"), "{error}");
    }
}

#[test]
fn header_only_is_an_error() {
    let header = csv_of(&Workspace::default());
    let error = import_error(&header);
    assert_eq!(error.line, 0);
    assert!(error.message.contains("only a header row"), "{error}");
}

#[test]
fn missing_columns_are_named() {
    let error = import_error("journey,title,notes\nShop,Pays,x\n");
    assert_eq!(error.line, 1);
    assert!(error.message.starts_with("missing column stage"), "{error}");
    let error = import_error("notes\nx\n");
    assert!(
        error
            .message
            .starts_with("missing columns journey, stage, title"),
        "{error}"
    );
}

#[test]
fn bad_emotions_and_ragged_rows_are_warnings_with_their_line() {
    let text = "journey,stage,title,emotion\n\
                Shop,Buy,Pays,3\n\
                Shop,Buy,\"Two\nlines\",happy\n\
                Shop,Buy,Short\n\
                Shop,Buy,Long,1,extra\n\
                Shop,Buy,Fine,-2\n";
    let imported = from_csv(text).unwrap();
    let titles: Vec<&str> = imported.journeys[0].stages[0]
        .touchpoints
        .iter()
        .map(|t| t.title.as_str())
        .collect();
    assert_eq!(
        titles,
        ["Pays", "Two\nlines", "Short", "Fine"],
        "a short row is padded, as spreadsheets leave trailing empty cells out"
    );
    let cards = &imported.journeys[0].stages[0].touchpoints;
    assert_eq!(cards[0].emotion, None);
    assert_eq!(cards[2].emotion, None);
    assert_eq!(cards[3].emotion, Emotion::new(-2));
    let lines: Vec<usize> = imported.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [2, 3, 6], "{:?}", imported.warnings);
    assert!(imported.warnings[0].message.contains("emotion \"3\""));
    assert!(imported.warnings[1].message.contains("emotion \"happy\""));
    assert!(imported.warnings[2].message.contains("5 cells"));
}

#[test]
fn a_long_row_with_only_empty_extra_cells_is_read() {
    let imported = from_csv("journey,stage,title\nShop,Buy,Pays,,\n").unwrap();
    assert_eq!(imported.warnings, []);
    assert_eq!(imported.journeys[0].stages[0].touchpoints[0].title, "Pays");
}

#[test]
fn crlf_files_name_the_right_line() {
    // A quoted cell with a line break inside, CRLF record ends: the bad emotion is on line 4
    // (rust-csv counts lines wrongly for CRLF, BurntSushi/rust-csv#395).
    let text = "journey,stage,title,emotion\r\n\
                Shop,Buy,\"Two\r\nlines\",1\r\n\
                Shop,Buy,Bad,happy\r\n\
                Shop,Buy,Long,1,extra\r\n";
    let imported = from_csv(text).unwrap();
    let lines: Vec<usize> = imported.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [4, 5], "{:?}", imported.warnings);
}

#[test]
fn semicolons_and_tabs_between_cells_are_found_from_the_header() {
    for text in [
        "journey;stage;title;emotion\nShop;Buy;\"Pays, late\";-1\nShop;Buy;Leaves\n",
        "journey\tstage\ttitle\temotion\nShop\tBuy\tPays, late\t-1\nShop\tBuy\tLeaves\n",
    ] {
        let imported = from_csv(text).unwrap_or_else(|e| panic!("{e}: {text:?}"));
        assert_eq!(imported.warnings, [], "{text:?}");
        let cards = &imported.journeys[0].stages[0].touchpoints;
        assert_eq!(cards[0].title, "Pays, late", "{text:?}");
        assert_eq!(cards[0].emotion, Emotion::new(-1), "{text:?}");
        assert_eq!(cards[1].title, "Leaves", "{text:?}");
    }
}

#[test]
fn utf16_with_a_byte_order_mark_is_decoded_and_other_encodings_are_refused() {
    let text = "journey\tstage\ttitle\nToko\tBeli\tBayar 购物 😀\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    for bytes in [le, be] {
        let decoded = cjm::import::decode(&bytes).unwrap();
        assert_eq!(decoded, text);
        let imported = from_csv(&decoded).unwrap();
        assert_eq!(
            imported.journeys[0].stages[0].touchpoints[0].title,
            "Bayar 购物 😀"
        );
    }
    let latin1 = b"journey,stage,title\nCaf\xE9,Buy,Pays\n";
    let error = cjm::import::decode(latin1).unwrap_err();
    assert_eq!(error.line, 2);
    assert!(error.message.contains("not UTF-8"), "{error}");
    assert_eq!(
        cjm::import::decode(b"\xEF\xBB\xBFjourney").unwrap(),
        "journey"
    );
}

#[test]
fn no_readable_row_is_an_error_naming_the_first_problem() {
    let error = import_error("journey,stage,title\n,,\nShop,Buy,Pays,extra\n");
    assert_eq!(error.line, 2);
    assert!(error.message.starts_with("no row could be read"), "{error}");
}

#[test]
fn repeated_ids_get_new_ones_with_a_warning() {
    let text = "journey_id,journey,stage_id,stage,touchpoint_id,title\n\
                jo-1,Shop,st-1,Buy,tp-1,Pays\n\
                jo-1,Shop,st-1,Buy,tp-1,Pays again\n";
    let imported = from_csv(text).unwrap();
    let cards = &imported.journeys[0].stages[0].touchpoints;
    assert_eq!(cards[0].id, "tp-1");
    assert!(cards[1].id.starts_with("tp-") && cards[1].id != "tp-1");
    assert_eq!(imported.warnings.len(), 1);
    assert_eq!(imported.warnings[0].line, 3);
}

#[test]
fn byte_order_mark_crlf_and_empty_list_lines_are_accepted() {
    let text = "\u{feff}journey,stage,title,pain_points,tags,personas\r\n\
                Shop,Buy,Pays,\"late fee\r\n\r\nslow\",\"a\nb\n\",\"Rina\nRina\nBudi\"\r\n";
    let imported = from_csv(text).unwrap();
    assert_eq!(imported.warnings, []);
    let card = &imported.journeys[0].stages[0].touchpoints[0];
    assert_eq!(card.pain_points, ["late fee", "slow"]);
    assert_eq!(card.tags, ["a", "b"]);
    let names: Vec<&str> = imported.personas.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Rina", "Budi"]);
    assert_eq!(card.personas.len(), 3);
    assert_eq!(card.personas[0], card.personas[1]);
    assert_eq!(card.personas[2], imported.personas[1].id);
}

/// `y` copies one card: heading, place, facts, then each long field; escaped like the rest
/// of the export, hostile text included.
#[test]
fn one_card_as_markdown_for_the_clipboard() {
    let mut ws = cjm::demo::workspace();
    let journey = &mut ws.journeys[0];
    let card = &mut journey.stages[3].touchpoints[1];
    card.notes = "First line\n# not a heading\n\nAfter a blank".into();
    card.tags = vec!["pay*ment".into(), "id".into()];
    card.thoughts = "Why \u{1b}[31mnow\u{202e}?".into();
    let ws = ws;
    let journey = &ws.journeys[0];
    let stage = &journey.stages[3];
    let card = &stage.touchpoints[1];
    let markdown = cjm::export::card_markdown(&ws, journey, stage, card);
    let place = format!("*{} › {}*", journey.name, stage.name);
    assert!(markdown.starts_with(&format!("### {}\n\n{place}\n\n", card.title)));
    assert!(markdown.contains("- Tags: pay\\*ment, id\n"), "{markdown}");
    assert!(
        markdown.contains("**Notes**\n\nFirst line  \n\\# not a heading\n\nAfter a blank\n"),
        "{markdown}"
    );
    assert!(
        !markdown
            .chars()
            .any(|c| c != '\n' && cjm::text::is_unsafe(c)),
        "{markdown:?}"
    );
    assert!(
        markdown.contains("- Emotion: -2 (very negative)\n"),
        "{markdown}"
    );
    assert!(markdown.contains("**Opportunities**\n\n- "), "{markdown}");
    assert!(
        markdown.ends_with('\n') && !markdown.ends_with("\n\n"),
        "{markdown:?}"
    );
    // A card with a title only is a heading and where it sits.
    let bare = cjm::model::Touchpoint::new("Alone");
    let markdown = cjm::export::card_markdown(&ws, journey, stage, &bare);
    assert_eq!(markdown, format!("### Alone\n\n{place}\n"));
}
