//! The JSON and HTML exports. JSON: the selected journeys load back as a workspace of their
//! own. HTML: one self-contained page that shows every field, keeps hostile text as text, and
//! renders in headless Chromium (skipped with a note when Chromium is not installed).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use cjm::export::{Scope, to_html, to_json};
use cjm::model::{
    Direction, Emotion, FORMAT_NAME, FORMAT_VERSION, Journey, JourneyState, Kpi, KpiKind,
    Measurement, Opportunity, OpportunityStatus, Persona, Rating, Stage, Touchpoint,
    TouchpointDetails, Workspace,
};
use cjm::store;

fn demo() -> Workspace {
    cjm::demo::workspace()
}

/// A scope of the journeys of `workspace` at `indices`.
fn scope_of<'w>(workspace: &'w Workspace, indices: &[usize]) -> Scope<'w> {
    Scope {
        workspace,
        journeys: indices.iter().map(|&i| &workspace.journeys[i]).collect(),
    }
}

/// Loads exported JSON the way cjm loads a workspace file.
fn load(text: &str) -> Workspace {
    let (workspace, read_only) = store::parse(Path::new("export.json"), text.as_bytes())
        .unwrap_or_else(|e| panic!("the export loads as a workspace: {e}"));
    assert_eq!(read_only, None);
    workspace
}

fn persona(id: &str) -> Persona {
    Persona {
        id: id.into(),
        name: format!("Persona {id}"),
        ..Persona::default()
    }
}

// JSON

#[test]
fn json_of_every_journey_is_the_workspace_file() {
    let workspace = demo();
    let text = to_json(&Scope::all(&workspace));
    assert_eq!(text, store::to_json(&workspace));
    assert_eq!(text, cjm::demo::DEMO_JSON);
}

#[test]
fn json_of_one_journey_loads_back_as_that_journey_and_its_personas() {
    let workspace = demo();
    let scope = scope_of(&workspace, &[1]);
    let text = to_json(&scope);
    let loaded = load(&text);
    assert_eq!(loaded.format, FORMAT_NAME);
    assert_eq!(loaded.version, FORMAT_VERSION);
    assert_eq!(loaded.journeys, vec![workspace.journeys[1].clone()]);
    let personas: Vec<Persona> = scope
        .personas_of(&workspace.journeys[1])
        .into_iter()
        .cloned()
        .collect();
    assert_eq!(loaded.personas, personas);
    assert_eq!(loaded.personas.len(), 1, "only Sari");
    assert_eq!(store::to_json(&loaded), text, "written in canonical form");
}

#[test]
fn json_keeps_personas_named_only_by_a_card_and_unknown_fields() {
    let mut card = Touchpoint::new("Asks a friend");
    card.personas = vec!["pe-c".into(), "pe-missing".into()];
    let mut stage = Stage::new("Awareness");
    stage.touchpoints.push(card);
    let mut first = Journey::with_default_stages("First");
    first.personas = vec!["pe-a".into()];
    first.stages = vec![stage];
    first
        .extra
        .insert("x_reviewed_by".into(), serde_json::json!("Rina"));
    let mut second = Journey::with_default_stages("Second");
    second.personas = vec!["pe-b".into()];
    let workspace = Workspace {
        personas: vec![persona("pe-c"), persona("pe-b"), persona("pe-a")],
        journeys: vec![first, second],
        ..Workspace::default()
    };

    let loaded = load(&to_json(&scope_of(&workspace, &[0])));
    let ids: Vec<&str> = loaded.personas.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["pe-c", "pe-a"], "workspace order, without pe-b");
    assert_eq!(loaded.journeys, vec![workspace.journeys[0].clone()]);

    let none = load(&to_json(&scope_of(&workspace, &[])));
    assert!(none.personas.is_empty() && none.journeys.is_empty());
}

// HTML

/// `text` as the export writes it between tags.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Every piece of text of a journey that the page must show, with its personas'.
fn texts_of<'w>(scope: &Scope<'w>, journey: &'w Journey) -> Vec<&'w str> {
    let mut texts = vec![journey.name.as_str(), &journey.description, &journey.owner];
    texts.extend(journey.last_reviewed.as_deref());
    for persona in scope.personas_of(journey) {
        texts.extend([persona.name.as_str(), &persona.description]);
        for list in [
            &persona.goals,
            &persona.needs,
            &persona.pain_points,
            &persona.channels,
        ] {
            texts.extend(list.iter().map(String::as_str));
        }
    }
    for stage in &journey.stages {
        texts.extend([stage.name.as_str(), &stage.goal]);
        texts.extend(stage.strategies.iter().map(String::as_str));
        texts.extend(stage.kpis.iter().map(|k| k.name.as_str()));
        for card in &stage.touchpoints {
            texts.extend([card.title.as_str(), &card.action, &card.channel]);
            texts.extend([card.thoughts.as_str(), &card.owner]);
            for evidence in card.evidence.iter() {
                texts.extend([evidence.quote.as_str(), &evidence.source]);
            }
            texts.extend(card.emotion.map(Emotion::label));
            texts.extend(card.pain_points.iter().map(|t| t.as_str()));
            texts.extend(card.tags.iter().map(|t| t.as_str()));
            for opportunity in &card.opportunities {
                texts.extend([opportunity.title.as_str(), &opportunity.owner]);
            }
        }
    }
    texts.retain(|t| !t.is_empty());
    texts
}

#[test]
fn html_shows_every_field_of_the_demo() {
    let workspace = demo();
    let scope = Scope::all(&workspace);
    let html = to_html(&scope);
    for journey in &workspace.journeys {
        for text in texts_of(&scope, journey) {
            assert!(html.contains(&escaped(text)), "the page shows {text:?}");
        }
    }
    assert_eq!(
        html.matches("<article class=\"card ").count(),
        workspace.card_count()
    );
    for kpi_line in [
        "<strong>59.9</strong> %",
        "≥ 65 %",
        "+2.9 pp, better",
        "✗ Off target",
        "≤ 8 per 100 orders",
        "−1.6 per 100 orders, better",
    ] {
        assert!(html.contains(kpi_line), "a KPI shows {kpi_line:?}");
    }
    for mark in [
        "▲▲",
        "▲",
        "●",
        "▼",
        "▼▼",
        "impact 4/5",
        "effort 2/5",
        "planned",
    ] {
        assert!(html.contains(mark), "{mark:?}");
    }
}

#[test]
fn html_is_one_page_without_scripts_or_network() {
    let html = to_html(&Scope::all(&demo()));
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")
    );
    assert!(html.contains("<title>Customer journey maps: Smartphone purchase, Belanja"));
    for needed in [
        "@media print",
        "@page { size: landscape",
        "break-inside: avoid",
        "<svg",
    ] {
        assert!(html.contains(needed), "{needed:?}");
    }
    let lower = html.to_lowercase();
    for banned in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "<object",
        "<embed",
        "@import",
        "url(",
        "http:",
        "https:",
        "javascript:",
        "src=",
    ] {
        assert!(!lower.contains(banned), "the page holds {banned:?}");
    }
    assert_eq!(event_handlers(&lower), Vec::<&str>::new());
}

/// The names of the `on…` attributes in the tags of `html`. Attribute values are quoted and
/// hold no `"`, so splitting a tag at quotes leaves the names outside them.
fn event_handlers(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
        .flat_map(|tag| tag.split('"').step_by(2))
        .flat_map(str::split_whitespace)
        .filter_map(|token| token.strip_suffix('='))
        .filter(|name| name.to_ascii_lowercase().starts_with("on"))
        .collect()
}

#[test]
fn the_emotion_curve_marks_the_lowest_stages() {
    let workspace = demo();
    let curve_of = |i: usize| to_html(&scope_of(&workspace, &[i]));
    assert_eq!(curve_of(0).matches("▼ hurts most").count(), 1);
    assert!(curve_of(0).contains("Hurts most: Post-purchase."));
    assert_eq!(curve_of(1).matches("▼ hurts most").count(), 2, "a tie");
    assert_eq!(
        curve_of(2).matches("▼ hurts most").count(),
        0,
        "nothing hurts in the future state"
    );
}

/// Text that breaks naive HTML: markup, quotes, entities, control characters, bidi override,
/// emoji, CJK, Indonesian.
const HOSTILE: &str = "</style><script>alert('x')</script><b onclick=\"x()\">&amp; \
     \u{0}\u{1b}[31m\u{7f}\u{85}\t🎉 東京の店 Bayar pakai QRIS, \"Harbolnas\" 'promo' \u{202e}kiri";

/// A workspace with `text` in every text field of every kind of record.
fn every_field(text: &str) -> Workspace {
    let list = || vec![text.to_string(), format!("{text} 2")];
    let persona = Persona {
        id: "pe-1".into(),
        name: text.into(),
        description: text.into(),
        goals: list(),
        needs: list(),
        pain_points: list(),
        channels: list(),
        ..Persona::default()
    };
    let card = Touchpoint {
        id: "tp-1".into(),
        title: text.into(),
        channel: text.into(),
        emotion: Emotion::new(-1),
        personas: vec!["pe-1".into()],
        details: TouchpointDetails {
            action: text.into(),
            thoughts: text.into(),
            pain_points: list().into_iter().map(Into::into).collect(),
            opportunities: vec![Opportunity {
                title: text.into(),
                impact: Rating::new(5),
                effort: Rating::new(1),
                status: OpportunityStatus::Done,
                owner: text.into(),
                ..Opportunity::default()
            }],
            owner: text.into(),
            tags: list().into_iter().map(Into::into).collect(),
            notes: text.into(),
            evidence: text.into(),
            ..TouchpointDetails::default()
        }
        .boxed(),
    };
    let kpi = Kpi {
        id: "kp-1".into(),
        name: text.into(),
        kind: KpiKind::Value,
        unit: text.into(),
        target: Some(3.0),
        direction: Direction::Lower,
        measurements: vec![Measurement {
            date: text.into(),
            value: Some(4.0),
            ..Measurement::default()
        }],
        ..Kpi::default()
    };
    let stage = Stage {
        id: "st-1".into(),
        name: text.into(),
        goal: text.into(),
        strategies: list(),
        kpis: vec![kpi],
        touchpoints: vec![card],
        ..Stage::default()
    };
    let journey = Journey {
        id: "jo-1".into(),
        name: text.into(),
        description: text.into(),
        owner: text.into(),
        last_reviewed: Some(text.into()),
        state: JourneyState::Future,
        personas: vec!["pe-1".into()],
        channels: list(),
        stages: vec![
            stage.clone(),
            Stage {
                id: "st-2".into(),
                ..stage
            },
        ],
        ..Journey::default()
    };
    Workspace {
        personas: vec![persona],
        journeys: vec![
            journey.clone(),
            Journey {
                id: "jo-2".into(),
                ..journey
            },
        ],
        ..Workspace::default()
    }
}

/// The tags of `html` in order, each as its name and attribute names (`div class role`,
/// `/div`), skipping quoted attribute values, so that markup or attributes that user text
/// smuggled in show up as extra tags or names.
fn tags(html: &str) -> Vec<String> {
    let (mut names, mut tag, mut quote) = (Vec::new(), None::<String>, None);
    for c in html.chars() {
        match (&mut tag, quote) {
            (None, _) if c == '<' => tag = Some(String::new()),
            (None, _) => {}
            (Some(_), Some(q)) if c == q => quote = None,
            (Some(_), Some(_)) => {}
            (Some(_), None) if c == '"' || c == '\'' => quote = Some(c),
            (Some(name), None) if c == '>' => {
                let words: Vec<&str> = name.split_whitespace().collect();
                names.push(words.join(" ").replace('=', "").to_lowercase());
                tag = None;
            }
            (Some(name), None) => name.push(c),
        }
    }
    names
}

#[test]
fn hostile_text_stays_text() {
    let html = to_html(&Scope::all(&every_field(HOSTILE)));
    let plain = to_html(&Scope::all(&every_field("plain")));
    assert_eq!(tags(&html), tags(&plain), "user text adds no tags");
    assert!(!html.to_lowercase().contains("<script"));
    assert_eq!(html.matches("</style>").count(), 1);
    assert_eq!(event_handlers(&html), Vec::<&str>::new());
    assert!(html.contains(
        "&lt;/style&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;b onclick=&quot;x()&quot;&gt;&amp;amp;"
    ));
    assert!(html.contains("🎉 東京の店 Bayar pakai QRIS, &quot;Harbolnas&quot; &#39;promo&#39;"));
    assert!(
        html.contains("aria-label=\"Touchpoints: &lt;/style&gt;"),
        "escaped in attributes"
    );
    let controls: Vec<char> = html
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\t'))
        .collect();
    assert_eq!(controls, [], "control characters are replaced");
    assert!(html.contains("\u{FFFD}\u{FFFD}[31m\u{FFFD}\u{FFFD}\t🎉"));
}

#[test]
fn odd_shapes_render_without_panicking() {
    let empty = Workspace::default();
    assert!(to_html(&Scope::all(&empty)).contains("No journeys to show."));

    let mut bare = Journey::with_default_stages("");
    bare.stages.clear();
    let mut unrated = Journey::with_default_stages("Unrated");
    unrated.personas = vec!["pe-gone".into()];
    unrated.stages[0]
        .touchpoints
        .push(Touchpoint::new("No emotion yet"));
    unrated.stages[1].kpis.push(Kpi {
        id: "kp-x".into(),
        name: "Never measured".into(),
        target: Some(f64::NAN),
        ..Kpi::default()
    });
    let workspace = Workspace {
        journeys: vec![bare, unrated],
        ..Workspace::default()
    };
    let html = to_html(&Scope::all(&workspace));
    for expected in [
        "This journey has no stages yet.",
        "· emotion not rated",
        "no emotion</text>",
        "No figure yet",
        "≥ –",
        "No touchpoints yet.",
        "No KPIs",
    ] {
        assert!(html.contains(expected), "{expected:?}");
    }
    let mut unmeasured = Journey::with_default_stages("Unmeasured");
    unmeasured.stages[0]
        .touchpoints
        .push(Touchpoint::new("Card"));
    let unmeasured = Workspace {
        journeys: vec![unmeasured],
        ..Workspace::default()
    };
    let without_kpis = to_html(&Scope::all(&unmeasured));
    assert_eq!(
        html.matches("class=\"lane kpis\"").count(),
        6,
        "one per stage"
    );
    assert!(
        !without_kpis.contains("lane kpis"),
        "no KPI lane without KPIs"
    );
    assert!(!html.contains("hurts most"));
    assert!(
        !html.contains("Personas</h2>"),
        "unknown persona ids are skipped"
    );
}

// Chromium

/// How long one Chromium run may take.
const CHROMIUM_LIMIT: Duration = Duration::from_secs(90);

/// The Chromium binary on `PATH`, if any.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Runs headless Chromium with `args` and a fresh profile, waiting at most [`CHROMIUM_LIMIT`].
fn run_chromium(chromium: &Path, args: &[&str]) -> Output {
    let profile = tempfile::tempdir().expect("a temporary profile folder");
    let child = Command::new(chromium)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let pid = child.id();
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || done.send(child.wait_with_output()));
    match finished.recv_timeout(CHROMIUM_LIMIT) {
        Ok(output) => {
            let output = output.expect("chromium runs");
            assert!(
                output.status.success(),
                "chromium {args:?} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            output
        }
        Err(_) => {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            panic!("chromium {args:?} took longer than {CHROMIUM_LIMIT:?}");
        }
    }
}

/// A `file://` URL of `path`.
fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A PNG screenshot of `page` at 1400x1000.
fn screenshot(chromium: &Path, page: &Path) -> Vec<u8> {
    let png = page.with_extension("png");
    run_chromium(
        chromium,
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1400,1000",
            &url(page),
        ],
    );
    let bytes = std::fs::read(&png).expect("chromium wrote the screenshot");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    let size =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    assert_eq!(
        (size(16), size(20)),
        (1400, 1000),
        "the IHDR's width and height"
    );
    bytes
}

/// The DOM of `page` after Chromium loaded it.
fn dom(chromium: &Path, page: &Path) -> String {
    let output = run_chromium(chromium, &["--dump-dom", &url(page)]);
    String::from_utf8(output.stdout).expect("the DOM is UTF-8")
}

/// Writes `html` to `name` in `dir`.
fn write_page(dir: &Path, name: &str, html: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, html).expect("the page is written");
    path
}

/// Chromium, or `None` after printing why the test is skipped. The note goes straight to
/// stderr, which the test harness does not capture, so it shows in every run.
fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        common::cannot_run(&format!(
            "{test} skipped: chromium is not on PATH (apt-get install chromium to run it)"
        ));
    }
    found
}

#[test]
fn the_demo_renders_in_chromium() {
    let Some(chromium) = chromium_or_skip("the_demo_renders_in_chromium") else {
        return;
    };
    let workspace = demo();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let page = write_page(dir.path(), "demo.html", &to_html(&Scope::all(&workspace)));
    let blank = write_page(
        dir.path(),
        "blank.html",
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Blank</title>\
         </head><body></body></html>",
    );

    let (shot, blank_shot) = (screenshot(&chromium, &page), screenshot(&chromium, &blank));
    assert!(
        shot.len() > 8 * blank_shot.len(),
        "the screenshot ({} bytes) is far from blank ({} bytes)",
        shot.len(),
        blank_shot.len()
    );

    let dom = dom(&chromium, &page);
    for text in [
        "Smartphone purchase",
        "Belanja omnichannel Toko Nusantara",
        "Fails the credit check",
    ] {
        assert!(dom.contains(text), "the DOM shows {text:?}");
    }
    assert_eq!(
        dom.matches("<article class=\"card ").count(),
        workspace.card_count()
    );
    assert_eq!(
        dom.matches("<svg class=\"curve-svg\"").count(),
        workspace.journeys.len()
    );
}

#[test]
fn the_demo_prints_to_landscape_pages() {
    let Some(chromium) = chromium_or_skip("the_demo_prints_to_landscape_pages") else {
        return;
    };
    let workspace = demo();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let page = write_page(dir.path(), "demo.html", &to_html(&Scope::all(&workspace)));
    let pdf = dir.path().join("demo.pdf");
    run_chromium(
        &chromium,
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &url(&page),
        ],
    );
    let pdf = std::fs::read(&pdf).expect("chromium wrote the PDF");
    let pdf = String::from_utf8_lossy(&pdf);
    let boxes: Vec<(f64, f64)> = pdf
        .split("/MediaBox [")
        .skip(1)
        .filter_map(|rest| {
            let numbers: Vec<f64> = rest
                .split(']')
                .next()?
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            Some((
                numbers.get(2)? - numbers.first()?,
                numbers.get(3)? - numbers.get(1)?,
            ))
        })
        .collect();
    assert!(
        boxes.len() >= workspace.journeys.len(),
        "a page or more per journey: {boxes:?}"
    );
    assert!(
        boxes.iter().all(|(w, h)| w > h),
        "landscape pages: {boxes:?}"
    );
}

#[test]
fn hostile_text_stays_text_in_chromium() {
    let Some(chromium) = chromium_or_skip("hostile_text_stays_text_in_chromium") else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dom_of = |name: &str, text: &str| {
        let html = to_html(&Scope::all(&every_field(text)));
        dom(&chromium, &write_page(dir.path(), name, &html))
    };
    let (hostile, plain) = (
        dom_of("hostile.html", HOSTILE),
        dom_of("plain.html", "plain"),
    );
    assert_eq!(tags(&hostile), tags(&plain), "the same elements");
    assert!(
        !hostile.to_lowercase().contains("<script"),
        "no script element"
    );
    assert!(hostile.contains("🎉 東京の店 Bayar pakai QRIS"));
}
