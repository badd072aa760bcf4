//! The terminal app: terminal setup and restore, and the event loop.
//!
//! The loop redraws only after an event or a change; it waits for the next key, the autosave
//! deadline, the recovery journal's deadline, or a signal (checked four times a second).
//! Unsaved edits are journaled to a recovery file within half a second, and on every way out
//! (quit, SIGHUP when an SSH link drops, SIGTERM, a terminal error) before the terminal is
//! restored.

pub mod action;
pub mod analysis;
pub mod app;
mod background;
pub mod document;
pub mod figures;
pub mod input;
pub mod keymap;
pub mod layout;
mod signals;
pub mod text;
pub mod theme;
pub mod update;
pub mod view;

use std::io::{self, Stdout, stdout};
use std::time::{Duration, Instant};

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::store::{self, Recovery};
use app::{App, Mode};
use background::Background;
use document::{Document, Saved};
use update::Effect;

/// How long after the last edit the workspace is saved, unless `CJM_AUTOSAVE_DELAY_MS` says
/// otherwise.
pub const AUTOSAVE_DELAY: Duration = Duration::from_secs(1);
/// How soon after an edit it is journaled to the recovery file.
const JOURNAL_DELAY: Duration = Duration::from_millis(300);
/// How often the loop looks for finished saves, journal writes and search results while
/// they are under way.
const BACKGROUND_CHECK: Duration = Duration::from_millis(15);
/// How often the loop shows the progress of an analysis being read, and looks for its end.
const ANALYSIS_CHECK: Duration = Duration::from_millis(100);
/// How often the loop looks for a signal while waiting for keys.
const SIGNAL_CHECK: Duration = Duration::from_millis(250);
/// How often it looks for other instances with the file open.
const OTHERS_CHECK: Duration = Duration::from_secs(2);

/// How the app ended.
pub enum Ended {
    /// The user quit.
    Quit,
    /// A signal (SIGHUP, SIGTERM...) ended it, with this number.
    Signal(i32),
}

/// Runs the app on `doc` until the user quits or a signal ends it; `recovery`, unsaved edits
/// of an earlier run, is offered first. The terminal is restored on every exit path, panics
/// included, and unsaved edits are in the recovery file before it is.
pub fn run(
    doc: Document,
    color: bool,
    message: Option<String>,
    recovery: Option<Recovery>,
) -> io::Result<Ended> {
    install_panic_hook();
    let signal = signals::watch(leave)?;
    let mut terminal = enter()?;
    let size = terminal.size()?;
    let mut app = App::new(doc, (size.width, size.height), color);
    if let Some(message) = message
        && app.message.is_none()
    {
        app.say(message);
    }
    if let Some(recovery) = recovery {
        app.mode = Mode::Recover(Box::new(recovery));
    }
    // Other instances see this one while it runs; the mark goes when `presence` is dropped.
    let presence = store::Presence::announce(&app.doc.path).ok();
    let mut background = Background::default();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(
            &mut terminal,
            &mut app,
            &mut background,
            &signal,
            presence.as_ref(),
        )
    }));
    // Whatever ended the loop, a panic included, unsaved edits go to the recovery file (after
    // any journal write under way, which holds older edits).
    background.join_journal();
    journal(&app);
    leave();
    match result {
        Ok(result) => result,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Journals unsaved edits to the recovery file; a workspace with nothing unsaved needs none.
fn journal(app: &App) {
    if app.doc.is_dirty() && app.doc.read_only.is_none() {
        let _ = store::write_recovery(&app.doc.path, &app.doc.workspace);
    }
}

/// The autosave delay: `CJM_AUTOSAVE_DELAY_MS` when set (a setting until the config file
/// exists), else [`AUTOSAVE_DELAY`].
fn autosave_delay() -> Duration {
    std::env::var("CJM_AUTOSAVE_DELAY_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(AUTOSAVE_DELAY, Duration::from_millis)
}

fn enter() -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    enable_raw_mode()?;
    let mut out = stdout();
    // Clearing through crossterm rather than `Terminal::clear`, which asks the terminal for
    // the cursor position and fails on terminals that do not answer.
    if let Err(e) = execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        Clear(ClearType::All)
    ) {
        leave();
        return Err(e);
    }
    let mut terminal = Terminal::new(CrosstermBackend::new(out))?;
    terminal.hide_cursor()?;
    Ok(terminal)
}

/// Puts the terminal back as it was. Safe to call more than once.
fn leave() {
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    background: &mut Background,
    signal: &signals::Received,
    presence: Option<&store::Presence>,
) -> io::Result<Ended> {
    let delay = autosave_delay();
    let mut others_at = Instant::now();
    let mut disk_stamp = stamp(&app.doc.path);
    let mut autosave_at: Option<Instant> = None;
    let mut journal_at: Option<Instant> = None;
    let mut quit_armed = false;
    let mut redraw = true;
    loop {
        if let Some(number) = signal.get() {
            return Ok(Ended::Signal(number));
        }
        // The search thread's hits for the newest query, when they have come; the analysis
        // under way, its progress or its outcome.
        redraw |= app.poll_search();
        redraw |= app.poll_analysis();
        if redraw {
            terminal.draw(|frame| view::render(app, frame))?;
            redraw = false;
            // Nothing that can wait runs before the first frame; this is where it starts.
            app.doc.after_frame();
        }
        let now = Instant::now();
        let busy = (background.busy() || app.search_busy()).then(|| now + BACKGROUND_CHECK);
        let analysing = app.analysis_busy().then(|| now + ANALYSIS_CHECK);
        let next = [
            autosave_at,
            journal_at,
            busy,
            analysing,
            Some(now + SIGNAL_CHECK),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(now);
        let key_waiting = event::poll(next.saturating_duration_since(now))?;
        redraw |= background.poll(app);
        if !key_waiting {
            let now = Instant::now();
            if journal_at.is_some_and(|at| at <= now) {
                journal_at = None;
                background.journal(app);
            }
            if autosave_at.is_some_and(|at| at <= now) {
                autosave_at = None;
                background.save(app, false);
                redraw = true;
            }
            // Someone else saved the file: merge their changes in now, not at our next save.
            // (Not while our own save is writing it.)
            let seen = stamp(&app.doc.path);
            if seen != disk_stamp && !background.saving() {
                disk_stamp = seen;
                if app.doc.changed_on_disk() {
                    take_changes(app);
                    redraw = true;
                    if app.doc.is_dirty() {
                        // Our edits, merged with theirs, still have to reach the file.
                        autosave_at.get_or_insert(now + delay);
                    }
                }
            }
            if let Some(presence) = presence.filter(|_| others_at <= now) {
                others_at = now + OTHERS_CHECK;
                let others = presence.others();
                redraw |= others != app.others;
                app.others = others;
            }
            continue;
        }
        redraw = true;
        let effect = app.handle_event(event::read()?);
        match effect {
            Effect::None => {}
            Effect::Edited => {
                autosave_at = Some(Instant::now() + delay);
                journal_at.get_or_insert(Instant::now() + JOURNAL_DELAY);
            }
            Effect::Save => {
                autosave_at = None;
                background.save(app, true);
            }
            Effect::Quit => {
                background.finish(app);
                if save(app) || quit_armed {
                    return Ok(Ended::Quit);
                }
                quit_armed = true;
                let reason = app.message.clone().map(|(m, _)| m).unwrap_or_default();
                app.warn(format!(
                    "{reason} — q again quits (the edits stay in the recovery file)"
                ));
                continue;
            }
        }
        quit_armed = false;
    }
}

/// The file's size and modification time: a cheap sign it may have changed, checked four
/// times a second and confirmed by the content's fingerprint. A stat follows atomic renames
/// and works on network file systems where change notifications do not.
fn stamp(path: &std::path::Path) -> Option<(u64, std::time::SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// Merges the changes someone else saved into the workspace here, and says so.
fn take_changes(app: &mut App) {
    let name = app.doc.file_name();
    match app.doc.merge_from_disk() {
        Ok(conflicts) if conflicts.is_empty() => {
            app.say(format!("{name} changed on disk: took in its changes"));
        }
        Ok(conflicts) => {
            let count = conflicts.len();
            app.conflicts.extend(conflicts);
            app.warn(format!(
                "{name} changed on disk: took in its changes; {count} field(s) changed on both \
                 sides kept yours — : review conflicts"
            ));
        }
        Err(e) => app.warn(format!("{e}")),
    }
    app.clamp_selection();
}

/// Saves unsaved edits on this thread, on the way out; returns whether everything is on disk.
fn save(app: &mut App) -> bool {
    if app.doc.read_only.is_some() || !app.doc.is_dirty() {
        return true;
    }
    let saved = app.doc.save();
    if saved.is_ok() && !app.doc.is_dirty() {
        // The edits are on disk: the journal of them is not needed any more.
        let _ = store::discard_recovery(&app.doc.path);
    }
    match saved {
        Ok(Saved::File) => true,
        Ok(Saved::Merged(conflicts)) => {
            background::report_merge(app, conflicts, "saved");
            true
        }
        Err(e) => {
            app.warn(format!("not saved: {e}"));
            false
        }
    }
}
