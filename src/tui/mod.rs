//! The terminal app: terminal setup and restore, and the event loop.
//!
//! The loop redraws only after an event (no fixed tick): it blocks on the next key, or until
//! the autosave deadline when edits are waiting to be written.

pub mod action;
pub mod app;
pub mod document;
pub mod input;
pub mod keymap;
pub mod layout;
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

use app::App;
use document::{Document, Saved};
use update::Effect;

/// How long after the last edit the workspace is saved.
pub const AUTOSAVE_DELAY: Duration = Duration::from_secs(1);

/// Runs the app on `doc` until the user quits. The terminal is restored on every exit path,
/// panics included.
pub fn run(doc: Document, color: bool, message: Option<String>) -> io::Result<()> {
    install_panic_hook();
    let mut terminal = enter()?;
    let size = terminal.size()?;
    let mut app = App::new(doc, (size.width, size.height), color);
    if let Some(message) = message
        && app.message.is_none()
    {
        app.say(message);
    }
    let result = event_loop(&mut terminal, &mut app);
    leave();
    result
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

fn event_loop(terminal: &mut Terminal<CrosstermBackend<Stdout>>, app: &mut App) -> io::Result<()> {
    let mut autosave_at: Option<Instant> = None;
    let mut quit_armed = false;
    loop {
        terminal.draw(|frame| view::render(app, frame))?;
        if let Some(deadline) = autosave_at {
            let wait = deadline.saturating_duration_since(Instant::now());
            if !event::poll(wait)? {
                autosave_at = None;
                save(app, false);
                continue;
            }
        }
        let effect = app.handle_event(event::read()?);
        match effect {
            Effect::None => {}
            Effect::Edited => autosave_at = Some(Instant::now() + AUTOSAVE_DELAY),
            Effect::Save => {
                autosave_at = None;
                save(app, true);
            }
            Effect::Quit => {
                if save(app, false) || quit_armed {
                    return Ok(());
                }
                quit_armed = true;
                let reason = app.message.clone().map(|(m, _)| m).unwrap_or_default();
                app.warn(format!("{reason} — q again quits WITHOUT saving"));
                continue;
            }
        }
        quit_armed = false;
    }
}

/// Saves unsaved edits; returns whether everything is on disk. `announce` reports success too.
fn save(app: &mut App, announce: bool) -> bool {
    if app.doc.read_only.is_some() || !app.doc.is_dirty() {
        if announce {
            app.say("nothing to save");
        }
        return true;
    }
    match app.doc.save() {
        Ok(Saved::File) => {
            if announce {
                let name = app.doc.file_name();
                app.say(format!("saved {name}"));
            }
            true
        }
        Ok(Saved::ConflictCopy(copy)) => {
            let name = app.doc.file_name();
            app.warn(format!(
                "{name} changed on disk: your edits are saved to {} instead",
                copy.display()
            ));
            true
        }
        Err(e) => {
            app.warn(format!("not saved: {e}"));
            false
        }
    }
}
