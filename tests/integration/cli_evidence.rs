//! Evidence from the command line: `cjm evidence import` of Markdown notes (placed quotes,
//! unplaced ones named by line, a second run adding nothing, refusals that write nothing), and
//! a file from before evidence became records.

use crate::common;

use std::fs;
use std::path::Path;

use common::{assert_terminal_safe, cjm, refused, stderr};
use serde_json::{Value, json};
use tempfile::TempDir;

/// A workspace with one journey: two stages, a card with an old free-text evidence.
fn shop(dir: &Path) -> String {
    let ws = json!({
        "format": "cjm-workspace",
        "version": 1,
        "journeys": [{
            "id": "jo-1", "name": "Belanja",
            "stages": [
                {"id": "st-1", "name": "Pembelian", "touchpoints": [
                    {"id": "tp-1", "title": "Memasang voucher",
                     "pain_points": ["Syarat tidak jelas"],
                     "evidence": "Survei Desember, 410 responden"},
                    {"id": "tp-2", "title": "Bayar dengan QRIS"}
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

fn card(path: &str, id: &str) -> Value {
    let ws: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    ws["journeys"][0]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["touchpoints"].as_array().unwrap().clone())
        .find(|t| t["id"] == id)
        .unwrap()
}

const NOTES: &str = "# Wawancara Rina\n\
    ## Pembelian\n\
    ### Memasang voucher\n\
    > Vouchernya selalu gagal,\n\
    > padahal sudah sesuai syarat.\n\
    - Minimal belanjanya tidak disebut\n\
    ## Lacak kurir\n\
    - Kurirnya tidak bisa dihubungi \x1b[2J\x1b]0;x\x07\n\
    ## Checkout\n\
    - Ini tidak ada tempatnya\n";

#[test]
fn quotes_go_onto_their_cards_and_the_rest_are_named_by_line() {
    let dir = TempDir::new().unwrap();
    let shop = shop(dir.path());
    let notes = dir.path().join("rina.md");
    fs::write(&notes, NOTES).unwrap();
    let notes = notes.to_str().unwrap();
    let run = || {
        cjm(
            dir.path(),
            &[
                "evidence",
                "import",
                notes,
                &shop,
                "--kind",
                "focus group",
                "--source",
                "FGD Jakarta",
                "--date",
                "2026-01-05",
            ],
        )
    };
    let out = run();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_terminal_safe("stderr", &out.stderr);
    let text = stderr(&out);
    assert!(
        text.contains("rina.md:10: not placed: the heading “Checkout” names no stage or card"),
        "{text}"
    );
    assert!(
        text.contains("added 3 quotes to 2 cards of \"Belanja\""),
        "{text}"
    );
    assert!(text.contains("0 already there, 1 not placed"), "{text}");
    let voucher = card(&shop, "tp-1");
    assert_eq!(
        voucher["evidence"],
        json!([
            {"quote": "Survei Desember, 410 responden"},
            {"kind": "focus_group", "source": "FGD Jakarta", "date": "2026-01-05",
             "quote": "Vouchernya selalu gagal, padahal sudah sesuai syarat."},
            {"kind": "focus_group", "source": "FGD Jakarta", "date": "2026-01-05",
             "quote": "Minimal belanjanya tidak disebut"}
        ])
    );
    // The escape sequence is data, kept as it came; only the terminal never sees it.
    assert!(
        card(&shop, "tp-3")["evidence"][0]["quote"]
            .as_str()
            .unwrap()
            .contains('\x1b')
    );
    // A second run adds nothing and writes nothing.
    let before = fs::read(&shop).unwrap();
    let again = run();
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("added 0 quotes to 0 cards"));
    assert!(stderr(&again).contains("3 already there"));
    assert_eq!(fs::read(&shop).unwrap(), before);
}

#[test]
fn bad_options_and_notes_are_refused_and_nothing_is_written() {
    let dir = TempDir::new().unwrap();
    let shop = shop(dir.path());
    let before = fs::read(&shop).unwrap();
    let notes = dir.path().join("n.md");
    fs::write(&notes, NOTES).unwrap();
    let notes = notes.to_str().unwrap();
    refused(
        dir.path(),
        &["evidence", "import", notes, &shop, "--kind", "gossip"],
        "--kind \"gossip\" is not a kind of evidence",
    );
    refused(
        dir.path(),
        &["evidence", "import", notes, &shop, "--date", "2026-02-30"],
        "--date \"2026-02-30\" is not a date",
    );
    refused(
        dir.path(),
        &["evidence", "import", notes, &shop, "-j", "Nope"],
        "no journey named \"Nope\"",
    );
    let empty = dir.path().join("empty.md");
    fs::write(&empty, "# Belanja\nJust prose, no quote.\n").unwrap();
    refused(
        dir.path(),
        &["evidence", "import", empty.to_str().unwrap(), &shop],
        "no quote found",
    );
    let latin1 = dir.path().join("latin1.md");
    fs::write(&latin1, b"## Lacak kurir\n- caf\xe9\n").unwrap();
    refused(
        dir.path(),
        &["evidence", "import", latin1.to_str().unwrap(), &shop],
        "latin1.md:2: not UTF-8 text",
    );
    assert_eq!(fs::read(&shop).unwrap(), before);
}

#[test]
fn an_old_file_with_text_evidence_loads_checks_and_is_rewritten_as_records() {
    let dir = TempDir::new().unwrap();
    let shop = shop(dir.path());
    let check = cjm(dir.path(), &["check", &shop]);
    // The card with pain points has its old evidence: no pain-without-evidence finding there.
    let findings = common::stdout(&check);
    assert!(
        !findings.contains("Memasang voucher: info: pain-without-evidence"),
        "{findings}"
    );
    let out = cjm(dir.path(), &["fmt", &shop]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        card(&shop, "tp-1")["evidence"],
        json!([{"quote": "Survei Desember, 410 responden"}])
    );
    // Migrated: written as format version 2, which a cjm knowing only version 1 will not
    // overwrite.
    let written: serde_json::Value = serde_json::from_slice(&fs::read(&shop).unwrap()).unwrap();
    assert_eq!(written["version"], json!(2));
    let csv = cjm(dir.path(), &["export", &shop, "--format", "csv"]);
    assert!(common::stdout(&csv).contains("Survei Desember, 410 responden"));
}
