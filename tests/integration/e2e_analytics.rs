//! End to end, in a pseudo-terminal: an events file analysed from the palette, then the
//! analytics view read as a user reads it: the flows with the biggest leak marked, the top
//! paths, retention by month, `r` for retention by week and `b` for segments by channel, each
//! reading the file again in the background.

use crate::pty;

use std::fs;
use std::path::Path;

use pty::Tui;
use pty::keys::ENTER;
use tempfile::TempDir;

#[test]
fn the_analytics_view_shows_flows_retention_and_segments_and_reads_the_file_again() {
    let home = TempDir::new().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events");
    let file = home.path().join("shop.json");
    fs::copy(fixtures.join("shop.json"), &file).unwrap();
    let events = fixtures.join("paths.csv");
    // Tall enough for the whole report: nothing to scroll.
    let mut tui = Tui::start(home.path(), &[file.to_str().unwrap()], 120, 110);
    tui.wait_for("Beli HP (1/2)");
    tui.send(":");
    tui.send("analyze events file");
    tui.key_until(ENTER, "Events file to analyze");
    tui.send(events.to_str().unwrap());
    tui.key_until(ENTER, "analyzed ");
    for expected in [
        "9 customers",
        "Flows: where customers went from each stage",
        "Consideration → Awareness",
        "◀ biggest leak",
        "Loops: 3 customers came back to a stage they had left; 4 customers stepped back",
        "Top paths: 5 of 7",
        "Awareness > Consideration",
        "Retention by month: cohorts by first conversion",
    ] {
        tui.wait_for(expected);
    }
    tui.send("r");
    tui.wait_for("Retention by week: cohorts by first conversion");
    tui.send("b");
    tui.wait_for("Segment by a column of the events");
    tui.send("channel");
    tui.send(ENTER);
    tui.wait_for("Segments by channel, each customer by their first event");
    tui.wait_for("instagram");
    // What was chosen stays for the next analysis of the session.
    tui.wait_for("Retention by week");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
