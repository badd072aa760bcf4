//! `cjm feedback import` end to end: a survey export with a byte order mark, quoted commas,
//! a multi-line comment and an escape sequence; the figures it prints and writes, a second
//! import replacing rather than doubling, unplaced rows, and bad input that writes nothing.

use crate::common;

use std::fs;
use std::path::Path;

use common::{assert_terminal_safe, cjm, refused, stderr, stdout};
use serde_json::{Value, json};
use tempfile::TempDir;

fn shop(dir: &Path) -> String {
    let ws = json!({
        "format": "cjm-workspace",
        "version": 1,
        "journeys": [{
            "id": "jo-1", "name": "Belanja",
            "event_rules": [{"event": "order_*", "stage": "st-2", "touchpoint": "tp-3"}],
            "stages": [
                {"id": "st-1", "name": "Pembelian", "touchpoints": [
                    {"id": "tp-1", "title": "Bayar dengan QRIS"}
                ]},
                {"id": "st-2", "name": "Pengiriman", "touchpoints": [
                    {"id": "tp-3", "title": "Lacak kurir"}
                ]}
            ]
        }]
    });
    let path = dir.join("shop.json");
    fs::write(&path, serde_json::to_string_pretty(&ws).unwrap()).unwrap();
    path.to_str().unwrap().to_string()
}

fn workspace(path: &str) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// NPS on the QRIS card in January: 10, 9 (promoters), 7 (passive), 2 (detractor): 100 ×
/// (2 − 1) / 4 = 25. CSAT on delivery through the event: 5, 4, 2: 2 of 3 = 66.7 %.
const RESPONSES: &str = "\u{feff}Respondent,Date,Kind,Score,Comment,Stage,Card,Event\n\
    R-1,2026-01-03,NPS,10,\"Cepat, tinggal scan\",,Bayar dengan QRIS,\n\
    R-2,2026-01-04T09:30:00+07:00,NPS,9,,,Bayar dengan QRIS,\n\
    R-3,2026-01-05,NPS,7,\"Lumayan\nkadang lambat\",,tp-1,\n\
    R-4,2026-01-06,NPS,2,\"Saldo terpotong \x1b[31mtapi\x1b]0;x\x07 gagal\",Pembelian,Bayar dengan QRIS,\n\
    R-5,2026-01-07,CSAT,5,,,,order_delivered\n\
    R-6,2026-01-08,CSAT,4,,,,order_shipped\n\
    R-7,2026-01-09,CSAT,2,Telat dua hari,,,order_delivered\n\
    R-8,2026-01-10,NPS,9,,Gudang,,\n";

#[test]
fn responses_become_figures_and_evidence_and_a_second_import_replaces_them() {
    let dir = TempDir::new().unwrap();
    let shop = shop(dir.path());
    let responses = dir.path().join("januari.csv");
    fs::write(&responses, RESPONSES).unwrap();
    let responses = responses.to_str().unwrap();
    let out = cjm(
        dir.path(),
        &["feedback", "import", responses, &shop, "-j", "Belanja"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_terminal_safe("stdout", &out.stdout);
    assert_terminal_safe("stderr", &out.stderr);
    let table = stdout(&out);
    for row in [
        "2026-01-01  NPS           4       25  Pembelian\n",
        "2026-01-01  NPS           4       25  Pembelian › Bayar dengan QRIS\n",
        "2026-01-01  CSAT          3   66.7 %  Pengiriman\n",
        "2026-01-01  CSAT          3   66.7 %  Pengiriman › Lacak kurir\n",
    ] {
        assert!(table.contains(row), "{row:?} missing:\n{table}");
    }
    let errors = stderr(&out);
    assert!(
        errors.contains("januari.csv:10: not placed: stage \"Gudang\" is not in the journey"),
        "{errors}"
    );
    assert!(
        errors.contains("7 responses placed, 1 not placed"),
        "{errors}"
    );
    let ws = workspace(&shop);
    let stage = &ws["journeys"][0]["stages"][0];
    assert_eq!(
        stage["kpis"][0],
        json!({"id": stage["kpis"][0]["id"], "name": "NPS", "kind": "nps",
               "measurements": [{"date": "2026-01-01", "promoters": 2, "passives": 1,
                                 "detractors": 1}],
               "source": "feedback:nps"})
    );
    let card = &stage["touchpoints"][0];
    assert_eq!(card["evidence"].as_array().unwrap().len(), 3);
    assert_eq!(
        card["evidence"][1],
        json!({"kind": "survey", "source": "R-3, NPS 7", "date": "2026-01-05",
               "quote": "Lumayan\nkadang lambat"})
    );
    assert_eq!(
        ws["journeys"][0]["stages"][1]["touchpoints"][0]["evidence"][0]["quote"],
        "Telat dua hari"
    );
    // Again: the same KPIs, each measurement replaced, no comment twice.
    let again = cjm(
        dir.path(),
        &["feedback", "import", responses, &shop, "-j", "Belanja"],
    );
    assert!(
        stderr(&again).contains("4 replacing an earlier import, 0 new KPIs"),
        "{}",
        stderr(&again)
    );
    assert!(stderr(&again).contains("0 comments as evidence (4 already there"));
    assert_eq!(workspace(&shop), ws);
    // The figures are the KPI's own: `cjm check` reads them like any measurement.
    let check = cjm(dir.path(), &["check", &shop, "--format", "json"]);
    assert!(stdout(&check).contains("kpi-stale"), "{}", stdout(&check));
}

#[test]
fn bad_rows_are_named_by_line_and_nothing_is_written() {
    let dir = TempDir::new().unwrap();
    let shop = shop(dir.path());
    let before = fs::read(&shop).unwrap();
    let bad = dir.path().join("bad.csv");
    fs::write(
        &bad,
        "date,kind,score,stage\n\
         2026-01-01,NPS,11,Pembelian\n\
         2026-01-01,CSAT,0,Pembelian\n\
         \n\
         kemarin,NPS,9,Pembelian\n\
         2026-01-01,NPS,9,Pembelian\n\
         2026-01-01,NPS,\x1b[2J,Pembelian\n",
    )
    .unwrap();
    let out = refused(
        dir.path(),
        &["feedback", "import", bad.to_str().unwrap(), &shop],
        "bad.csv: 4 of 5 rows cannot be used: nothing written",
    );
    assert_terminal_safe("stderr", &out.stderr);
    let errors = stderr(&out);
    for line in [
        "bad.csv:2: NPS score \"11\" is not a whole number from 0 to 10",
        "bad.csv:3: CSAT score \"0\" is not a whole number from 1 to 5",
        "bad.csv:5: date \"kemarin\" is not a date",
        "bad.csv:7: NPS score",
    ] {
        assert!(errors.contains(line), "{line:?} missing:\n{errors}");
    }
    let header = dir.path().join("header.csv");
    fs::write(&header, "when,nps,stage\n2026-01-01,9,Pembelian\n").unwrap();
    refused(
        dir.path(),
        &["feedback", "import", header.to_str().unwrap(), &shop],
        "header.csv:1: the header has no date column",
    );
    refused(
        dir.path(),
        &[
            "feedback",
            "import",
            header.to_str().unwrap(),
            &shop,
            "-j",
            "Nope",
        ],
        "header.csv:1:",
    );
    let good = dir.path().join("good.csv");
    fs::write(&good, "date,nps,stage\n2026-01-01,9,Pembelian\n").unwrap();
    refused(
        dir.path(),
        &[
            "feedback",
            "import",
            good.to_str().unwrap(),
            &shop,
            "-j",
            "Nope",
        ],
        "no journey named \"Nope\"",
    );
    assert_eq!(fs::read(&shop).unwrap(), before);
    // --dry-run shows the figures and writes nothing.
    let out = cjm(
        dir.path(),
        &[
            "feedback",
            "import",
            good.to_str().unwrap(),
            &shop,
            "--dry-run",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("2026-01-01  NPS           1      100  Pembelian"));
    assert!(stderr(&out).contains("would write 1 measurements"));
    assert_eq!(fs::read(&shop).unwrap(), before);
}
