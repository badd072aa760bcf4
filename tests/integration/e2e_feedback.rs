//! End to end, in a pseudo-terminal: a survey export imported with `cjm feedback import`, then
//! the map opened: the KPIs it wrote in view 4, the comments in the evidence panel, and Enter
//! going to the card a comment is on.

use crate::pty;

use std::fs;

use pty::Tui;
use pty::keys::ENTER;
use tempfile::TempDir;

const WORKSPACE: &str = r#"{
  "format": "cjm-workspace",
  "version": 1,
  "journeys": [{
    "id": "jo-1", "name": "Belanja",
    "event_rules": [{"event": "order_*", "stage": "st-2", "touchpoint": "tp-3"}],
    "stages": [
      {"id": "st-1", "name": "Pembelian", "touchpoints": [
        {"id": "tp-1", "title": "Bayar dengan QRIS", "evidence": "Survei lama, 2025"}
      ]},
      {"id": "st-2", "name": "Pengiriman", "touchpoints": [
        {"id": "tp-3", "title": "Lacak kurir"}
      ]}
    ]
  }]
}"#;

/// NPS on the QRIS card: 10, 9, 7, 2: 100 × (2 − 1) / 4 = 25. CSAT on delivery: 5, 4, 2:
/// 66.7 %. One comment carries an escape sequence that must not reach the screen.
const RESPONSES: &str = "\u{feff}Respondent,Date,Kind,Score,Comment,Card,Event\n\
    R-1,2026-01-03,NPS,10,\"Cepat, tinggal scan\",Bayar dengan QRIS,\n\
    R-2,2026-01-04,NPS,9,,Bayar dengan QRIS,\n\
    R-3,2026-01-05,NPS,7,,Bayar dengan QRIS,\n\
    R-4,2026-01-06,NPS,2,\"Saldo \x1b[2J\x1b]0;pwned\x07terpotong\",Bayar dengan QRIS,\n\
    R-5,2026-01-07,CSAT,5,,,order_delivered\n\
    R-6,2026-01-08,CSAT,4,,,order_shipped\n\
    R-7,2026-01-09,CSAT,2,Telat dua hari,,order_delivered\n";

#[test]
fn an_imported_survey_shows_as_kpis_and_evidence() {
    let home = TempDir::new().unwrap();
    let file = home.path().join("shop.json");
    fs::write(&file, WORKSPACE).unwrap();
    let responses = home.path().join("januari.csv");
    fs::write(&responses, RESPONSES).unwrap();
    let (file, responses) = (file.to_str().unwrap(), responses.to_str().unwrap());

    let mut import = Tui::start(
        home.path(),
        &["feedback", "import", responses, file, "-j", "Belanja"],
        120,
        30,
    );
    import.wait_for("wrote 4 measurements");
    assert_eq!(import.wait_exit(), 0);
    assert!(!pty::contains(&import.raw(), b"\x1b]0;pwned"));

    let mut tui = Tui::start(home.path(), &[file], 120, 35);
    tui.wait_for("Bayar dengan QRIS");
    // The card shows how much evidence it has: the old text and two comments.
    tui.wait_for("❝3");
    tui.key_until("4", "NPS: Bayar dengan QRIS");
    tui.wait_until("the NPS of 25 and the CSAT of 66.7 %", |s| {
        s.lines()
            .any(|l| l.contains("· NPS: Bayar dengan QRIS") && l.contains(" 25 "))
            && s.lines()
                .any(|l| l.contains("· CSAT ") && l.contains("66.7 %"))
    });
    tui.key_until("1", "│ board");
    tui.key_until("V", "Evidence — 4 records");
    tui.wait_for("“Cepat, tinggal scan”");
    tui.wait_for("— survey · R-7, CSAT 2 · 2026-01-09");
    tui.wait_for("Survei lama, 2025");
    // Shown without its control characters; never sent to the terminal as they came.
    tui.wait_for("Saldo [2J]0;pwnedterpotong");
    assert!(!pty::contains(&tui.raw(), b"\x1b]0;pwned"));
    // The last record, the comment on delivery: Enter goes to its card.
    tui.send("jjj");
    tui.wait_until("the fourth record highlighted", |s| {
        s.contains("▶ Pengiriman › Lacak kurir")
    });
    tui.key_until(ENTER, "stage 2/2");
    tui.wait_for("▌Lacak kurir");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
