//! Keeps `docs/format.md` and `docs/workspace.schema.json` in step with the model.
//!
//! The records below are built with every field set (struct literals without `..default()`,
//! so a new field in the model stops this file compiling until it is added here). Their
//! serialized keys must then be exactly the rows of the record's table in `docs/format.md` and
//! the `properties` of its `$defs` entry in the schema; which of them are required is read off
//! the model by deserializing without each key. The example in `docs/format.md` must load, be
//! in canonical form, and pass the schema; its documented error messages must be the ones cjm
//! gives. A small JSON Schema checker (the keywords the schema uses, nothing else) validates
//! documents without a schema crate.

use std::collections::BTreeSet;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use cjm::model::{
    Candidate, Comment, Conflict, Direction, Emotion, EventRule, Evidence, EvidenceKind, Extra,
    FORMAT_NAME, FORMAT_VERSION, Journey, JourneyState, Kpi, KpiKind, Measurement, Opportunity,
    OpportunityStatus, Persona, Rating, RecordKind, Reply, Stage, Touchpoint, TouchpointDetails,
    Workspace, validate,
};
use cjm::store;

const FORMAT_MD: &str = include_str!("../../docs/format.md");
const SCHEMA: &str = include_str!("../../docs/workspace.schema.json");

/// The records, by `$defs` name and by heading in `docs/format.md`.
const RECORDS: [(&str, &str); 14] = [
    ("Workspace", "Workspace"),
    ("Persona", "Persona"),
    ("Journey", "Journey"),
    ("EventRule", "Event rule"),
    ("Stage", "Stage"),
    ("Touchpoint", "Touchpoint"),
    ("Opportunity", "Opportunity"),
    ("Evidence", "Evidence"),
    ("Kpi", "KPI"),
    ("Measurement", "Measurement"),
    ("Conflict", "Conflict"),
    ("ConflictValue", "Conflict value"),
    ("Comment", "Comment"),
    ("Reply", "Reply"),
];

fn schema() -> Value {
    serde_json::from_str(SCHEMA).expect("docs/workspace.schema.json is JSON")
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------------------------------------
// Fully populated records

fn full_opportunity() -> Opportunity {
    Opportunity {
        title: "Show the delivery fee early".into(),
        impact: Rating::new(4),
        effort: Rating::new(2),
        status: OpportunityStatus::Done,
        owner: "Dana".into(),
        extra: Extra::new(),
    }
}

fn full_evidence() -> Evidence {
    Evidence {
        kind: EvidenceKind::Interview,
        source: "Rina, Jakarta".into(),
        date: Some("2026-01-05".into()),
        quote: "I only saw the fee at the very end".into(),
        link: "https://example.com/interviews/3".into(),
        extra: Extra::new(),
    }
}

fn full_measurement() -> Measurement {
    Measurement {
        date: "2026-02-02".into(),
        value: Some(4.2),
        numerator: Some(455),
        denominator: Some(790),
        promoters: Some(340),
        passives: Some(185),
        detractors: Some(131),
        buckets: Some([42, 61, 118, 240, 199]),
        respondents: Some(510),
        score: Some(31.5),
        extra: Extra::new(),
    }
}

fn full_kpi() -> Kpi {
    Kpi {
        id: "kp-xe1zpq0azm1z".into(),
        name: "Support calls".into(),
        kind: KpiKind::Nps,
        unit: "per 100 orders".into(),
        target: Some(8.0),
        direction: Direction::Lower,
        measurements: vec![full_measurement()],
        source: Some("events:reached".into()),
        extra: Extra::new(),
    }
}

fn full_touchpoint() -> Touchpoint {
    Touchpoint {
        id: "tp-79fm8frkwhak".into(),
        title: "Sees a delivery fee".into(),
        channel: "Web".into(),
        emotion: Emotion::new(-2),
        personas: strings(&["pe-0j9zf3240qkc"]),
        details: TouchpointDetails {
            action: "Reaches the last checkout step".into(),
            thoughts: "Why wasn't this shown before?".into(),
            pain_points: vec!["Fee shown late".into()],
            opportunities: vec![full_opportunity()],
            owner: "Checkout team".into(),
            tags: vec!["pricing".into()],
            notes: "Seen in every interview".into(),
            evidence: vec![full_evidence()].into(),
            extra: Extra::new(),
        }
        .boxed(),
    }
}

fn full_stage() -> Stage {
    Stage {
        id: "st-qsf3beb9jprz".into(),
        name: "Purchase".into(),
        goal: "Pay without surprises".into(),
        strategies: strings(&["All costs on the product page"]),
        kpis: vec![full_kpi()],
        touchpoints: vec![full_touchpoint()],
        extra: Extra::new(),
    }
}

fn full_journey() -> Journey {
    Journey {
        id: "jo-hkjwjn5zv8n8".into(),
        name: "Buy a phone online".into(),
        description: "From first ad to first call".into(),
        owner: "E-commerce team".into(),
        last_reviewed: Some("2026-02-02".into()),
        state: JourneyState::Future,
        variant_of: Some("jo-0000000000ab".into()),
        personas: strings(&["pe-0j9zf3240qkc"]),
        channels: strings(&["Web", "Email"]),
        event_rules: vec![EventRule {
            event: "checkout_*".into(),
            channel: Some("Web".into()),
            stage: "st-qsf3beb9jprz".into(),
            touchpoint: Some("tp-79fm8frkwhak".into()),
            extra: Extra::new(),
        }],
        conversion_stage: Some("st-qsf3beb9jprz".into()),
        stages: vec![full_stage()],
        extra: Extra::new(),
    }
}

fn full_persona() -> Persona {
    Persona {
        id: "pe-0j9zf3240qkc".into(),
        name: "Alex, first-time buyer".into(),
        description: "Careful with money".into(),
        goals: strings(&["Know the full price"]),
        needs: strings(&["Plain comparisons"]),
        pain_points: strings(&["Jargon"]),
        channels: strings(&["Web"]),
        extra: Extra::new(),
    }
}

fn full_conflict() -> Conflict {
    let value = |v: Value, by: &str, at: &str| Candidate {
        value: v,
        by: by.into(),
        at: at.into(),
        extra: Extra::new(),
    };
    let mut conflict = Conflict::new(
        RecordKind::Card,
        &full_touchpoint().id,
        "title",
        vec![
            value(json!("Pays by QRIS"), "budi", "2026-12-07T06:30:01Z"),
            value(json!("Pays by card"), "rina", "2026-12-07T06:30:00Z"),
        ],
    );
    conflict.extra = Extra::new();
    conflict
}

fn full_comment() -> Comment {
    Comment {
        id: "cm-1".into(),
        kind: RecordKind::Card,
        record: full_touchpoint().id,
        by: "rina".into(),
        at: "2026-12-07T06:30:00Z".into(),
        text: "Is this still true for Gen Z?".into(),
        replies: vec![Reply {
            id: "re-1".into(),
            by: "budi".into(),
            at: "2026-12-07T06:31:00Z".into(),
            text: "Yes, in vertical video".into(),
            extra: Extra::new(),
        }],
        resolved: true,
        extra: Extra::new(),
    }
}

fn full_workspace() -> Workspace {
    Workspace {
        format: FORMAT_NAME.into(),
        version: FORMAT_VERSION,
        personas: vec![full_persona()],
        journeys: vec![full_journey()],
        comments: vec![full_comment()],
        conflicts: vec![full_conflict()],
        extra: Extra::new(),
    }
}

/// Each record, serialized with every field present.
fn full_records() -> Vec<(&'static str, Value)> {
    let to_value = |v: Result<Value, serde_json::Error>| v.expect("records serialize");
    vec![
        (
            "Workspace",
            to_value(serde_json::to_value(full_workspace())),
        ),
        ("Persona", to_value(serde_json::to_value(full_persona()))),
        ("Journey", to_value(serde_json::to_value(full_journey()))),
        (
            "EventRule",
            to_value(serde_json::to_value(&full_journey().event_rules[0])),
        ),
        ("Stage", to_value(serde_json::to_value(full_stage()))),
        (
            "Touchpoint",
            to_value(serde_json::to_value(full_touchpoint())),
        ),
        (
            "Opportunity",
            to_value(serde_json::to_value(full_opportunity())),
        ),
        ("Evidence", to_value(serde_json::to_value(full_evidence()))),
        ("Kpi", to_value(serde_json::to_value(full_kpi()))),
        (
            "Measurement",
            to_value(serde_json::to_value(full_measurement())),
        ),
        ("Conflict", to_value(serde_json::to_value(full_conflict()))),
        (
            "ConflictValue",
            to_value(serde_json::to_value(&full_conflict().values[0])),
        ),
        ("Comment", to_value(serde_json::to_value(full_comment()))),
        (
            "Reply",
            to_value(serde_json::to_value(&full_comment().replies[0])),
        ),
    ]
}

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .expect("a record serializes as an object")
        .keys()
        .cloned()
        .collect()
}

/// The keys of `full` without which the model refuses to deserialize `T`.
fn required_keys<T: DeserializeOwned>(full: &Value) -> BTreeSet<String> {
    serde_json::from_value::<T>(full.clone()).expect("the full record deserializes");
    keys(full)
        .into_iter()
        .filter(|key| {
            let mut without = full.clone();
            without.as_object_mut().unwrap().remove(key);
            serde_json::from_value::<T>(without).is_err()
        })
        .collect()
}

fn model_required(def: &str, full: &Value) -> BTreeSet<String> {
    match def {
        "Workspace" => required_keys::<Workspace>(full),
        "Persona" => required_keys::<Persona>(full),
        "Journey" => required_keys::<Journey>(full),
        "EventRule" => required_keys::<EventRule>(full),
        "Stage" => required_keys::<Stage>(full),
        "Touchpoint" => required_keys::<Touchpoint>(full),
        "Opportunity" => required_keys::<Opportunity>(full),
        "Evidence" => required_keys::<Evidence>(full),
        "Kpi" => required_keys::<Kpi>(full),
        "Measurement" => required_keys::<Measurement>(full),
        "Conflict" => required_keys::<Conflict>(full),
        "ConflictValue" => required_keys::<Candidate>(full),
        "Comment" => required_keys::<Comment>(full),
        "Reply" => required_keys::<Reply>(full),
        other => panic!("no model type for {other}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading docs/format.md

/// The first ```json fenced block of the page.
fn json_example() -> &'static str {
    let start = FORMAT_MD
        .find("```json\n")
        .expect("docs/format.md has a ```json block")
        + "```json\n".len();
    let len = FORMAT_MD[start..]
        .find("\n```")
        .expect("the ```json block is closed");
    &FORMAT_MD[start..start + len + 1]
}

/// The text under `### heading` up to the next heading.
fn section(heading: &str) -> &'static str {
    let marker = format!("\n### {heading}\n");
    let start = FORMAT_MD
        .find(&marker)
        .unwrap_or_else(|| panic!("docs/format.md has no `### {heading}` section"))
        + marker.len();
    let end = FORMAT_MD[start..]
        .find("\n#")
        .map_or(FORMAT_MD.len(), |i| start + i);
    &FORMAT_MD[start..end]
}

/// The field table of a record's section: (field, required).
fn documented_fields(heading: &str) -> Vec<(String, bool)> {
    section(heading)
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let field = cells[1].trim_matches('`').to_string();
            let required = match cells[3] {
                "yes" => true,
                "no" => false,
                other => panic!("{heading} `{field}`: required is {other:?}, not yes or no"),
            };
            (field, required)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// A JSON Schema checker for the keywords docs/workspace.schema.json uses

fn schema_errors(root: &Value, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(root, root, value, "$", &mut errors);
    errors
}

fn check(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    if schema == &Value::Bool(true) {
        return;
    }
    let schema = schema
        .as_object()
        .unwrap_or_else(|| panic!("schema at {at} is not an object"));
    for (keyword, arg) in schema {
        match keyword.as_str() {
            "$schema" | "$defs" | "title" | "description" | "default" | "format" | "$comment" => {}
            "$ref" => {
                let name = arg
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                    .unwrap_or_else(|| panic!("unsupported $ref {arg}"));
                let target = root["$defs"]
                    .get(name)
                    .unwrap_or_else(|| panic!("$ref to missing $defs entry {name}"));
                check(root, target, value, at, errors);
            }
            "type" => {
                let types: Vec<&str> = match arg {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap()).collect(),
                    _ => panic!("bad type {arg}"),
                };
                if !types.iter().any(|t| has_type(value, t)) {
                    errors.push(format!("{at}: {value} is not of type {arg}"));
                }
            }
            "const" => {
                if value != arg {
                    errors.push(format!("{at}: {value} is not {arg}"));
                }
            }
            "enum" => {
                if !arg.as_array().unwrap().contains(value) {
                    errors.push(format!("{at}: {value} is not one of {arg}"));
                }
            }
            "required" => {
                if let Some(object) = value.as_object() {
                    for key in arg.as_array().unwrap() {
                        if !object.contains_key(key.as_str().unwrap()) {
                            errors.push(format!("{at}: missing {key}"));
                        }
                    }
                }
            }
            "properties" => {
                if let Some(object) = value.as_object() {
                    for (key, sub) in arg.as_object().unwrap() {
                        if let Some(v) = object.get(key) {
                            check(root, sub, v, &format!("{at}.{key}"), errors);
                        }
                    }
                }
            }
            "additionalProperties" => {
                assert_eq!(arg, &Value::Bool(true), "{at}: only `true` is supported")
            }
            "items" => {
                if let Some(items) = value.as_array() {
                    for (i, item) in items.iter().enumerate() {
                        check(root, arg, item, &format!("{at}[{i}]"), errors);
                    }
                }
            }
            "minItems" | "maxItems" => {
                if let Some(items) = value.as_array() {
                    let bound = arg.as_u64().unwrap() as usize;
                    let ok = if keyword == "minItems" {
                        items.len() >= bound
                    } else {
                        items.len() <= bound
                    };
                    if !ok {
                        errors.push(format!(
                            "{at}: {} items break {keyword} {bound}",
                            items.len()
                        ));
                    }
                }
            }
            "minLength" => {
                if let Some(s) = value.as_str()
                    && s.chars().count() < arg.as_u64().unwrap() as usize
                {
                    errors.push(format!("{at}: {value} is too short"));
                }
            }
            "pattern" => {
                if let Some(s) = value.as_str() {
                    let ok = match arg.as_str().unwrap() {
                        "\\S" => s.chars().any(|c| !c.is_whitespace()),
                        "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" => {
                            let b = s.as_bytes();
                            b.len() == 10
                                && b.iter().enumerate().all(|(i, c)| match i {
                                    4 | 7 => *c == b'-',
                                    _ => c.is_ascii_digit(),
                                })
                        }
                        other => panic!("pattern {other:?} is not supported by this checker"),
                    };
                    if !ok {
                        errors.push(format!("{at}: {value} does not match {arg}"));
                    }
                }
            }
            "minimum" | "maximum" => {
                if value.is_number() {
                    let ordering = compare_numbers(value, arg);
                    let ok = if keyword == "minimum" {
                        ordering.is_ge()
                    } else {
                        ordering.is_le()
                    };
                    if !ok {
                        errors.push(format!("{at}: {value} breaks {keyword} {arg}"));
                    }
                }
            }
            "anyOf" => {
                let branches = arg.as_array().unwrap();
                if !branches
                    .iter()
                    .any(|branch| schema_errors_at(root, branch, value, at).is_empty())
                {
                    errors.push(format!("{at}: {value} matches no branch of anyOf"));
                }
            }
            other => panic!("schema keyword {other:?} at {at} is not supported by this checker"),
        }
    }
}

fn schema_errors_at(root: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let mut errors = Vec::new();
    check(root, schema, value, at, &mut errors);
    errors
}

/// JSON types as the model reads them: an integer has no fraction (`1.0` is not one); `-0`
/// is one, though serde_json reads it as the float -0.0 (as it reads `0.0` and `-0.0`).
fn has_type(value: &Value, ty: &str) -> bool {
    match ty {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64() || value.as_f64() == Some(0.0),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        other => panic!("unknown type {other}"),
    }
}

fn compare_numbers(a: &Value, b: &Value) -> std::cmp::Ordering {
    let int = |v: &Value| {
        v.as_i64()
            .map(i128::from)
            .or_else(|| v.as_u64().map(i128::from))
    };
    match (int(a), int(b)) {
        (Some(a), Some(b)) => a.cmp(&b),
        _ => a.as_f64().unwrap().total_cmp(&b.as_f64().unwrap()),
    }
}

// ---------------------------------------------------------------------------------------------
// (a) the schema

fn card(ws: &mut Value) -> &mut Value {
    &mut ws["journeys"][0]["stages"][0]["touchpoints"][0]
}

fn measurement(ws: &mut Value) -> &mut Value {
    &mut ws["journeys"][0]["stages"][0]["kpis"][0]["measurements"][0]
}

#[test]
fn schema_is_json_and_defines_every_record() {
    let schema = schema();
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "draft 2020-12"
    );
    assert!(schema["title"].is_string(), "the schema has a title");
    assert_eq!(
        schema["$ref"], "#/$defs/Workspace",
        "the file is a Workspace"
    );
    for (def, _) in RECORDS {
        let record = &schema["$defs"][def];
        assert!(record.is_object(), "$defs has no {def}");
        assert_eq!(record["type"], "object", "{def}");
        assert_eq!(
            record["additionalProperties"],
            Value::Bool(true),
            "{def}: unknown fields are allowed and kept"
        );
        assert!(
            record["properties"].is_object(),
            "{def} lists its properties"
        );
    }
    let format = &schema["$defs"]["Workspace"]["properties"]["format"];
    assert_eq!(format["const"], FORMAT_NAME);
    let version = &schema["$defs"]["Workspace"]["properties"]["version"];
    assert_eq!(version["type"], "integer");
    assert_eq!(version["minimum"], 1);
}

#[test]
fn schema_accepts_what_cjm_writes_and_rejects_what_it_refuses() {
    let schema = schema();
    let full = serde_json::to_value(full_workspace()).unwrap();
    assert_eq!(schema_errors(&schema, &full), Vec::<String>::new());
    let demo = serde_json::to_value(cjm::demo::workspace()).unwrap();
    assert_eq!(schema_errors(&schema, &demo), Vec::<String>::new());
    for template in cjm::templates::all() {
        let stored = serde_json::to_value(template.stored()).unwrap();
        assert_eq!(
            schema_errors(&schema, &stored),
            Vec::<String>::new(),
            "{}",
            template.name
        );
    }

    type Breaker = fn(&mut Value);
    let broken: Vec<(&str, Breaker)> = vec![
        ("format", |ws| ws["format"] = json!("journey-map")),
        ("version 0", |ws| ws["version"] = json!(0)),
        ("emotion 3", |ws| card(ws)["emotion"] = json!(3)),
        ("emotion 1.0", |ws| card(ws)["emotion"] = json!(1.0)),
        ("no title", |ws| {
            card(ws).as_object_mut().unwrap().remove("title");
        }),
        ("impact 6", |ws| {
            card(ws)["opportunities"][0]["impact"] = json!(6)
        }),
        ("status", |ws| {
            card(ws)["opportunities"][0]["status"] = json!("doing")
        }),
        ("blank id", |ws| {
            ws["journeys"][0]["stages"][0]["id"] = json!(" ")
        }),
        ("state", |ws| ws["journeys"][0]["state"] = json!("past")),
        ("buckets", |ws| {
            measurement(ws)["buckets"] = json!([1, 2, 3])
        }),
        ("negative count", |ws| {
            measurement(ws)["promoters"] = json!(-1)
        }),
        ("kind", |ws| {
            ws["journeys"][0]["stages"][0]["kpis"][0]["kind"] = json!("median")
        }),
    ];
    for (what, breaker) in broken {
        let mut ws = full.clone();
        breaker(&mut ws);
        assert!(
            !schema_errors(&schema, &ws).is_empty(),
            "the schema accepts a broken file: {what}"
        );
        let text = serde_json::to_string(&ws).unwrap();
        assert!(
            store::parse(Path::new("workspace.json"), text.as_bytes()).is_err(),
            "cjm loads what the schema refuses: {what}"
        );
    }

    // Unknown fields and nulls for absent values are fine for both.
    let mut ws = full.clone();
    ws["journeys"][0]["swimlanes"] = json!([{"name": "backstage"}]);
    ws["journeys"][0]["last_reviewed"] = Value::Null;
    card(&mut ws)["emotion"] = Value::Null;
    assert_eq!(schema_errors(&schema, &ws), Vec::<String>::new());
    let text = serde_json::to_string(&ws).unwrap();
    store::parse(Path::new("workspace.json"), text.as_bytes()).expect("cjm reads it too");

    // So is an emotion of `-0`, an integer that serde_json reads as a float.
    let mut ws = full.clone();
    card(&mut ws)["emotion"] = serde_json::from_str("-0").unwrap();
    assert_eq!(schema_errors(&schema, &ws), Vec::<String>::new());
    let text = serde_json::to_string(&ws).unwrap().replace("-0.0", "-0");
    assert!(text.contains("\"emotion\":-0,"), "{text}");
    store::parse(Path::new("workspace.json"), text.as_bytes()).expect("cjm reads -0 too");
}

// ---------------------------------------------------------------------------------------------
// (b) the example

#[test]
fn example_loads_is_canonical_and_fits_the_schema() {
    let example = json_example();
    let workspace: Workspace =
        serde_json::from_str(example).expect("the example parses as a Workspace");
    validate(&workspace).expect("the example passes validation");
    assert_eq!(workspace.journeys.len(), 1);
    assert_eq!(workspace.journeys[0].stages.len(), 2);
    assert_eq!(workspace.card_count(), 2);
    assert_eq!(
        workspace.journeys[0]
            .stages
            .iter()
            .map(|s| s.kpis.len())
            .sum::<usize>(),
        1
    );

    let (loaded, read_only) =
        store::parse(Path::new("workspace.json"), example.as_bytes()).expect("the example loads");
    assert!(read_only.is_none());
    assert_eq!(
        store::to_json(&loaded),
        example,
        "the example is in the canonical form cjm writes"
    );

    let value: Value = serde_json::from_str(example).unwrap();
    assert_eq!(schema_errors(&schema(), &value), Vec::<String>::new());
}

#[test]
fn documented_errors_are_the_ones_cjm_gives() {
    let example = json_example();
    let path = Path::new("workspace.json");
    let error = |bytes: &[u8]| match store::parse(path, bytes) {
        Ok(_) => panic!("loads: {}", String::from_utf8_lossy(bytes)),
        Err(e) => e.to_string(),
    };
    let latin1 = {
        let mut bytes = example
            .replacen("Compares models", "Compares mod\u{e8}les", 1)
            .into_bytes();
        let at = bytes
            .windows(2)
            .position(|w| w == "\u{e8}".as_bytes())
            .unwrap();
        bytes.splice(at..at + 2, [0xE8]);
        bytes
    };
    let cases: Vec<Vec<u8>> = vec![
        example
            .replacen("\"channel\": \"Web\",", "\"channel\": \"Web\"", 1)
            .into(),
        example
            .replacen("\"emotion\": 1,", "\"emotion\": 3,", 1)
            .into(),
        example
            .replacen("tp-79fm8frkwhak", "tp-0m9k0yvbeqvx", 1)
            .into(),
        latin1,
        Vec::new(),
        example
            .replacen("\"cjm-workspace\"", "\"journey-map\"", 1)
            .into(),
        example
            .replacen("\"version\": 2", "\"version\": 0", 1)
            .into(),
        example
            .replacen("\"version\": 2", "\"version\": 3", 1)
            .replacen("\"emotion\": 1,", "\"emotion\": \"happy\",", 1)
            .into(),
    ];
    for bytes in cases {
        let message = error(&bytes);
        assert!(
            FORMAT_MD.contains(&format!("\n{message}\n")),
            "docs/format.md does not show this error as cjm gives it:\n{message}"
        );
    }
    for (broken, message) in [
        (
            example.replacen("\"title\": \"Compares models\",", "", 1),
            "missing field `title`",
        ),
        (
            example.replacen("\"planned\"", "\"doing\"", 1),
            "unknown variant `doing`, expected one of `open`, `planned`, `done`",
        ),
    ] {
        assert!(error(broken.as_bytes()).contains(message), "{message}");
        assert!(
            FORMAT_MD.contains(message),
            "docs/format.md lacks {message:?}"
        );
    }

    let newer = example.replacen("\"version\": 2", "\"version\": 3", 1);
    let (_, read_only) = store::parse(path, newer.as_bytes()).unwrap();
    let read_only = read_only.expect("a newer version opens read-only");
    assert!(
        FORMAT_MD.contains(&format!("`{read_only}`")),
        "docs/format.md does not quote the read-only message:\n{read_only}"
    );
}

// ---------------------------------------------------------------------------------------------
// (c) fields: model, docs and schema name the same ones

#[test]
fn docs_and_schema_list_exactly_the_fields_the_model_writes() {
    let schema = schema();
    for (def, full) in full_records() {
        let heading = RECORDS.iter().find(|(d, _)| *d == def).unwrap().1;
        let written = keys(&full);
        let required = model_required(def, &full);

        for field in &written {
            assert!(
                FORMAT_MD.contains(&format!("`{field}`")),
                "docs/format.md never mentions `{field}`"
            );
        }

        let documented = documented_fields(heading);
        let documented_names: BTreeSet<String> =
            documented.iter().map(|(f, _)| f.clone()).collect();
        assert_eq!(
            documented_names, written,
            "the `### {heading}` table in docs/format.md and the fields cjm writes differ"
        );
        let documented_required: BTreeSet<String> = documented
            .iter()
            .filter(|(_, r)| *r)
            .map(|(f, _)| f.clone())
            .collect();
        assert_eq!(
            documented_required, required,
            "`### {heading}`: the required column and the model differ"
        );

        let record = &schema["$defs"][def];
        let properties: BTreeSet<String> = keys(&record["properties"]);
        assert_eq!(
            properties, written,
            "$defs/{def}/properties and the fields cjm writes differ"
        );
        let schema_required: BTreeSet<String> = record["required"]
            .as_array()
            .unwrap_or_else(|| panic!("$defs/{def} has no required list"))
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            schema_required, required,
            "$defs/{def}/required and the model differ"
        );
    }
}

#[test]
fn required_fields_are_the_documented_ones() {
    // The model's required fields, spelled out once more so a change is a deliberate one.
    let expected: [(&str, &[&str]); 14] = [
        ("Workspace", &["format", "version"]),
        ("Persona", &["id", "name"]),
        ("Journey", &["id", "name"]),
        ("EventRule", &["event", "stage"]),
        ("Stage", &["id", "name"]),
        ("Touchpoint", &["id", "title"]),
        ("Opportunity", &["title"]),
        ("Evidence", &[]),
        ("Kpi", &["id", "name"]),
        ("Measurement", &["date"]),
        ("Conflict", &["id", "kind", "field"]),
        ("ConflictValue", &["value"]),
        ("Comment", &["id", "kind", "record", "text"]),
        ("Reply", &["id", "text"]),
    ];
    for (def, full) in full_records() {
        let want = expected.iter().find(|(d, _)| *d == def).unwrap().1;
        let want: BTreeSet<String> = want.iter().map(|s| s.to_string()).collect();
        assert_eq!(model_required(def, &full), want, "{def}");
    }
}
