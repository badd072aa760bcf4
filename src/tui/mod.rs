//! The terminal app: terminal setup and restore, and the event loop.
//!
//! The loop redraws only after an event or a change; it sleeps until the next terminal event
//! or signal (both come on one channel, see [`wake`]), the autosave deadline or the recovery
//! journal's deadline. Unsaved edits are journaled to a recovery file within half a second, and
//! on every way out (quit, SIGHUP when an SSH link drops or a pane closes, SIGTERM, a terminal
//! that failed) before the terminal is restored, with any text still being typed.

pub mod action;
pub mod analysis;
pub mod app;
mod background;
pub mod clipboard;
pub mod document;
pub mod external;
pub mod figures;
pub mod input;
pub mod keymap;
pub mod layout;
mod signals;
pub mod text;
pub mod theme;
pub mod update;
pub mod view;
mod wake;
mod watch;

#[cfg(test)]
mod read_only_tests;

use std::io::{self, Stdout, stdout};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use signal_hook::consts::SIGHUP;

use crate::config::Config;
use crate::store::{self, Draft, Orphan, places};
use app::{App, Pending};
use background::Background;
use document::{Document, Saved};
use update::Effect;
use wake::{Wake, Wakes};

/// How soon after an edit it is journaled to the recovery file.
const JOURNAL_DELAY: Duration = Duration::from_millis(300);
/// How often the loop looks for search results while they are under way (and for finished
/// saves, journal writes and merges when nothing wakes it as they end).
const BACKGROUND_CHECK: Duration = Duration::from_millis(15);
/// How often the loop shows the progress of an analysis being read, and looks for its end.
const ANALYSIS_CHECK: Duration = Duration::from_millis(100);
/// How often the loop, idle, looks whether someone else saved the file and whether the
/// terminal hung up without a signal saying so.
const IDLE_CHECK: Duration = Duration::from_millis(250);
/// How often it looks where the others with the file open are.
const OTHERS_CHECK: Duration = Duration::from_millis(250);
/// How often, at most, it tells the others where this person is.
const PRESENCE_EVERY: Duration = Duration::from_millis(150);

/// How the app ended.
pub enum Ended {
    /// The user quit.
    Quit,
    /// A signal (SIGHUP, SIGTERM...) ended it, with this number.
    Signal(i32),
}

/// Runs the app on `doc` with the user's settings until the user quits or a signal ends it;
/// `recoveries`, unsaved edits of earlier runs, are offered first, one after another; a
/// `new_file` (the file does not exist yet) opens on the start screen. The
/// terminal is restored on every exit path, panics included, and unsaved edits (with text
/// still being typed) are in the recovery journal before it is.
pub fn run(
    doc: Document,
    color: bool,
    message: Option<String>,
    recoveries: Vec<Orphan>,
    config: Config,
    new_file: bool,
) -> io::Result<Ended> {
    install_panic_hook();
    let mut terminal = enter(config.mouse)?;
    let wakes = Wakes::start();
    let signal = signals::watch(wakes.sender(), leave).inspect_err(|_| leave())?;
    // Someone else's save wakes the loop at once; polling stays the fallback.
    let _file_watch = watch::FileWatch::start(&doc.path, wakes.sender());
    let size = terminal.size().inspect_err(|_| leave())?;
    let mut app = App::with_config(doc, (size.width, size.height), color, config);
    app.theme = theme::Theme::choose(app.config.theme, theme::Colors::from_env());
    // The start's news (config problems first) goes before what the app said of the file
    // (why it is read-only), never instead of it.
    let keys = key_problems(&app.keymap);
    let said = app.message.take();
    let news = match (keys, message) {
        (Some(keys), message) => {
            let rest = message.map(|m| format!(" · {m}")).unwrap_or_default();
            Some((format!("config: {keys}{rest}"), true))
        }
        (None, Some(message)) => Some((message, false)),
        (None, None) => None,
    };
    match (news, said) {
        (Some((news, _)), Some((said, _))) => app.warn(format!("{news} · {said}")),
        (Some((news, true)), None) => app.warn(news),
        (Some((news, false)), None) => app.say(news),
        (None, said) => app.message = said,
    }
    app.journals.to_offer = recoveries;
    if new_file {
        app.offer_start();
    } else if let Some(place) = places::path().and_then(|f| places::remembered(&f, &app.doc.path)) {
        app.return_to(&place);
    }
    // Unsaved edits of an earlier run on this file come first, even before a start screen.
    app.offer_next_recovery();
    // Other instances see this one while it runs; the mark goes when `presence` is dropped.
    let mut presence = None;
    app.peers.open = others_open(&app, &mut presence);
    let mut background = Background::waking(wakes.sender());
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(
            &mut terminal,
            &mut app,
            &mut background,
            (&wakes, &signal),
            &mut presence,
        )
    }));
    // Whatever ended the loop, a panic included, unsaved edits go to the recovery file (after
    // any journal write under way, which holds older edits), with the text of an open editor
    // taken in as Enter would.
    let draft = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| app.take_in_open_text()))
        .unwrap_or(None);
    background.join_journal();
    journal(&app, draft);
    remember_place(&app);
    leave();
    // `leave` showed the cursor. ratatui's `Terminal` would try again when dropped and, with
    // the terminal gone (a closed pane), report the failure with `eprintln!`, which panics on
    // a standard error that is gone too: it is not dropped.
    std::mem::forget(terminal);
    match result {
        Ok(result) => result,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// What was wrong in the config's `[keys]` tables, for the first status message, naming the
/// config file and the line (the file is read again only when there is a problem).
fn key_problems(keymap: &keymap::Keymap) -> Option<String> {
    if keymap.problems().is_empty() {
        return None;
    }
    let file = crate::config::path();
    let text = file
        .as_ref()
        .and_then(|f| crate::safe_fs::read_regular_text(f).ok());
    keymap.status_message(file.as_deref(), text.as_deref())
}

/// Remembers where this session ends for the next start on the file (not in review mode,
/// which writes nothing, nor for a new file never started).
fn remember_place(app: &App) {
    if app.doc.read_only.is_none()
        && app.doc.path.exists()
        && let Some(file) = places::path()
    {
        let _ = places::remember(&file, &app.doc.path, app.place());
    }
}

/// Journals unsaved edits and `draft` to this instance's recovery journal, on this thread; a
/// workspace with nothing unsaved needs none.
fn journal(app: &App, draft: Option<Draft>) {
    if let Some(job) = app.doc.journal_job(draft) {
        let _ = job.run();
    }
}

/// The autosave delay: `CJM_AUTOSAVE_DELAY_MS` when set (for tests), else the config's.
fn autosave_delay(config: &Config) -> Duration {
    let ms = std::env::var("CJM_AUTOSAVE_DELAY_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .unwrap_or(config.autosave_delay_ms);
    Duration::from_millis(ms.min(crate::config::MAX_AUTOSAVE_DELAY_MS))
}

/// When an edit made `now` is to be saved: after the delay, or never with autosave off (then
/// Ctrl-s and quitting save; the recovery journal runs either way).
fn autosave_deadline(config: &Config, now: Instant, delay: Duration) -> Option<Instant> {
    config.autosave.then(|| now + delay)
}

/// The other instances that have the workspace open, and where each person is. A writable
/// workspace carries this instance's mark (made the first time, or when review mode ends); a
/// read-only one gets none and clears no one else's: it writes nothing beside the file.
fn others_open(app: &App, presence: &mut Option<store::Presence>) -> Vec<store::Peer> {
    if app.doc.read_only.is_some() {
        // Review mode turned on: this instance's mark goes too.
        *presence = None;
    } else if presence.is_none() {
        *presence = store::Presence::announce(&app.doc.path).ok();
    }
    match presence {
        Some(presence) => presence.others(),
        None => store::others_open(&app.doc.path),
    }
}

fn enter(mouse: bool) -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    if let Err(e) = take_terminal(mouse) {
        leave();
        return Err(e);
    }
    let made = Terminal::new(CrosstermBackend::new(stdout())).and_then(|mut terminal| {
        terminal.hide_cursor()?;
        Ok(terminal)
    });
    if made.is_err() {
        leave();
    }
    made
}

/// Raw mode, the alternate screen cleared, bracketed paste, and mouse capture when `mouse`.
fn take_terminal(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = stdout();
    // Clearing through crossterm rather than `Terminal::clear`, which asks the terminal for
    // the cursor position and fails on terminals that do not answer.
    execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        Clear(ClearType::All)
    )?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// Puts the terminal back as it was: mouse capture and bracketed paste off (whether or not
/// they were on), the main screen, the cursor, cooked mode. Every way out comes here (a quit,
/// an error, the panic hook, the signal thread). Safe to call more than once.
fn leave() {
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Carries out what an update left for the terminal ([`Effect::Terminal`]): writes a copy to
/// the clipboard, or suspends the screen while the user's editor runs and takes its outcome
/// in. Returns the effect that follows (an edit).
fn terminal_work(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    (wakes, signal): (&Wakes, &signals::Received),
) -> io::Result<Effect> {
    match app.pending.take() {
        Some(Pending::Copy(text)) => {
            let tmux = std::env::var_os("TMUX").is_some();
            let out = terminal.backend_mut();
            io::Write::write_all(out, clipboard::sequence(&text, tmux).as_bytes())?;
            io::Write::flush(out)?;
            Ok(Effect::None)
        }
        Some(Pending::Edit(request)) => {
            let command = external::command();
            // Ctrl-c in an editor that leaves the terminal cooked stops the editor, not cjm.
            signal.suspend(true);
            wakes.pause();
            leave();
            let outcome = external::edit(&command, &request.text, || signal.get().is_some());
            let resumed = take_terminal(app.config.mouse);
            wakes.resume();
            signal.suspend(false);
            resumed?;
            // The screen was cleared: make ratatui forget what it drew, so the next frame
            // draws everything, at the size the terminal has now.
            let size = terminal.size()?;
            terminal.resize(Rect::new(0, 0, size.width, size.height))?;
            terminal.hide_cursor()?;
            app.size = (size.width, size.height);
            app.scroll_into_view();
            Ok(app.finish_external_edit(request, outcome))
        }
        None => Ok(Effect::None),
    }
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
    (wakes, signal): (&Wakes, &signals::Received),
    presence: &mut Option<store::Presence>,
) -> io::Result<Ended> {
    let delay = autosave_delay(&app.config);
    let mut others_at = Instant::now();
    // What this instance last told the others of where its person is, and when; a later
    // telling due.
    let mut published = publish(app, presence, None);
    let mut publish_at: Option<Instant> = None;
    let mut disk_stamp = stamp(&app.doc.path);
    let mut autosave_at: Option<Instant> = None;
    let mut journal_at: Option<Instant> = None;
    let mut quit_armed = false;
    // Whether `q` already said that conflicts are not resolved (the next `q` goes on).
    let mut conflicts_told = false;
    let mut redraw = true;
    loop {
        // The search thread's hits for the newest query, when they have come; the analysis
        // under way, its progress or its outcome.
        redraw |= app.poll_search();
        redraw |= app.poll_analysis();
        if redraw {
            if let Err(error) = terminal.draw(|frame| view::render(app, frame)) {
                return lost(error);
            }
            redraw = false;
            // Nothing that can wait runs before the first frame; this is where it starts.
            app.doc.after_frame();
        }
        let now = Instant::now();
        let busy =
            (background.needs_polling() || app.search_busy()).then(|| now + BACKGROUND_CHECK);
        let analysing = app.analysis_busy().then(|| now + ANALYSIS_CHECK);
        let next = [
            autosave_at,
            journal_at,
            publish_at,
            busy,
            analysing,
            Some(now + IDLE_CHECK),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(now);
        let woke = wakes.next(next);
        redraw |= background.poll(app);
        if background.take_merged() && autosave_at.is_none() {
            autosave_at = autosave_deadline(&app.config, Instant::now(), delay);
        }
        let event = match woke {
            Some(Wake::Signal(number)) => return Ok(Ended::Signal(number)),
            Some(Wake::TerminalLost(error)) => return lost(error),
            Some(Wake::Terminal(event)) => event,
            None if wake::terminal_hung_up() => return Ok(Ended::Signal(SIGHUP)),
            // A change notification: the file is looked at now rather than at the next tick.
            Some(Wake::FileChanged | Wake::WorkDone) | None => {
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
                    // Read, compared and merged off this thread: no frame waits for it.
                    disk_stamp = seen;
                    background.merge(app);
                }
                if others_at <= now {
                    others_at = now + OTHERS_CHECK;
                    let others = others_open(app, presence);
                    redraw |= app.take_in_others(others);
                }
                if publish_at.is_some_and(|at| at <= now) {
                    publish_at = None;
                    published = publish(app, presence, published.take());
                }
                continue;
            }
        };
        if let event::Event::Mouse(mouse) = &event
            && matches!(mouse.kind, MouseEventKind::Moved | MouseEventKind::Drag(_))
        {
            // The pointer passing over the screen changes nothing (and must not cancel a
            // "q again" question).
            continue;
        }
        redraw = true;
        let mut effect = app.handle_event(event);
        if effect == Effect::Terminal {
            effect = terminal_work(terminal, app, (wakes, signal))?;
        }
        // Tell the others where this person is now, at most every PRESENCE_EVERY.
        if presence.is_some() && published.as_ref().is_none_or(|(p, _)| *p != app.me()) {
            let next = published
                .as_ref()
                .map_or(Instant::now(), |(_, at)| *at + PRESENCE_EVERY);
            if next <= Instant::now() {
                published = publish(app, presence, published.take());
            } else {
                publish_at.get_or_insert(next);
            }
        }
        if !app.journals.taken_in.is_empty() {
            // Offered back and taken in: this instance's journal holds those edits now, so the
            // journal they came from can go.
            journal(app, None);
            for path in std::mem::take(&mut app.journals.taken_in) {
                let _ = store::remove_journal(&path);
            }
        }
        match effect {
            Effect::None => {}
            Effect::Edited => {
                autosave_at = autosave_deadline(&app.config, Instant::now(), delay);
                journal_at.get_or_insert(Instant::now() + JOURNAL_DELAY);
            }
            Effect::Save => {
                autosave_at = None;
                background.save(app, true);
            }
            Effect::Terminal => {}
            Effect::Quit => {
                background.finish(app);
                let open = app.doc.workspace.conflicts.len();
                if open > 0 && !conflicts_told {
                    conflicts_told = true;
                    app.warn(format!(
                        "{open} conflict(s) not resolved: they stay in the file for anyone to \
                         resolve — q again quits · : review conflicts"
                    ));
                    continue;
                }
                if asks_before_quitting(app, quit_armed) {
                    quit_armed = true;
                    app.warn(
                        "q again quits without saving (the edits stay in the recovery \
                         file) · Ctrl-s saves",
                    );
                    continue;
                }
                if quit_armed || save(app) {
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
        conflicts_told = false;
    }
}

/// How the loop ends when reading or writing the terminal failed: a terminal that hung up is
/// a hangup, as if SIGHUP had come; anything else is an error.
fn lost(error: io::Error) -> io::Result<Ended> {
    if wake::terminal_hung_up() {
        Ok(Ended::Signal(SIGHUP))
    } else {
        Err(error)
    }
}

/// Tells the others where this person is (a write to this instance's mark); returns what was
/// told and when, or what was last told when there is no mark (read-only) or nothing new.
fn publish(
    app: &App,
    presence: &Option<store::Presence>,
    last: Option<(store::Peer, Instant)>,
) -> Option<(store::Peer, Instant)> {
    let me = app.me();
    match presence {
        Some(mark) if last.as_ref().is_none_or(|(told, _)| *told != me) => {
            let _ = mark.publish(&me);
            Some((me, Instant::now()))
        }
        _ => last,
    }
}

/// Whether `q` first asks: autosave is off and there are unsaved edits, so leaving saves
/// only when the user says so (Ctrl-s), and a second `q` leaves without saving.
fn asks_before_quitting(app: &App, armed: bool) -> bool {
    !armed && !app.config.autosave && app.doc.read_only.is_none() && app.doc.is_dirty()
}

/// The file's size and modification time: a cheap sign it may have changed, checked four
/// times a second and confirmed by the content's fingerprint. A stat follows atomic renames
/// and works on network file systems where change notifications do not.
fn stamp(path: &std::path::Path) -> Option<(u64, std::time::SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// Saves unsaved edits on this thread, on the way out; returns whether everything is on disk.
fn save(app: &mut App) -> bool {
    if app.doc.read_only.is_some() || !app.doc.is_dirty() {
        return true;
    }
    let saved = app.doc.save();
    if saved.is_ok() && !app.doc.is_dirty() {
        // The edits are on disk: the journal of them is not needed any more.
        app.doc.discard_journal();
    }
    match saved {
        Ok(Saved::File) => true,
        Ok(Saved::Merged(conflicts)) => {
            background::report_merge(app, conflicts, "merged its changes with yours, saved");
            true
        }
        Err(e) => {
            app.warn(format!("not saved: {e}"));
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_arms_the_autosave_only_with_autosave_on() {
        let now = Instant::now();
        let delay = Duration::from_millis(2500);
        let on = Config::default();
        assert_eq!(autosave_deadline(&on, now, delay), Some(now + delay));
        let off = Config {
            autosave: false,
            ..Config::default()
        };
        assert_eq!(autosave_deadline(&off, now, delay), None);
    }

    #[test]
    fn the_delay_comes_from_the_config() {
        // CJM_AUTOSAVE_DELAY_MS (set only by the end-to-end tests) would win.
        if std::env::var_os("CJM_AUTOSAVE_DELAY_MS").is_some() {
            return;
        }
        let config = Config {
            autosave_delay_ms: 2500,
            ..Config::default()
        };
        assert_eq!(autosave_delay(&config), Duration::from_millis(2500));
    }
}
