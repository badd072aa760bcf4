//! A spinner on standard error for a command still working after a second, so a long wait
//! never looks like a hang. Only on a terminal: pipes and CI logs get nothing. It is cleared
//! before anything is printed, so it never mixes with the output.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget};

/// How long a command works before the spinner shows.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// The running spinner, if any: its bar and the way to tell its timer the work is done.
static SPINNER: Mutex<Option<(ProgressBar, Sender<()>)>> = Mutex::new(None);

/// Starts a spinner saying `message`, shown only if the work takes more than a second and
/// standard error is a terminal.
pub fn start(message: &str) {
    if !std::io::stderr().is_terminal() {
        return;
    }
    let bar = ProgressBar::new_spinner();
    bar.set_draw_target(ProgressDrawTarget::hidden());
    bar.set_message(message.to_string());
    let (done, wait) = mpsc::channel::<()>();
    let shown = bar.clone();
    std::thread::spawn(move || {
        if wait.recv_timeout(SHOW_AFTER) == Err(RecvTimeoutError::Timeout) {
            shown.set_draw_target(ProgressDrawTarget::stderr());
            shown.enable_steady_tick(Duration::from_millis(100));
        }
    });
    if let Ok(mut slot) = SPINNER.lock() {
        *slot = Some((bar, done));
    }
}

/// Stops and clears the spinner, if one runs.
pub fn stop() {
    let Ok(mut slot) = SPINNER.lock() else {
        return;
    };
    if let Some((bar, done)) = slot.take() {
        let _ = done.send(());
        bar.finish_and_clear();
    }
}
