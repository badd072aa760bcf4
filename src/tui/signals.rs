//! Signals that end the app: SIGHUP (the SSH link dropped, the tmux pane closed), SIGTERM,
//! SIGINT and SIGQUIT. They are received on their own thread and handed to the event loop as a
//! [`Wake::Signal`], which wakes it at once: it takes in any text still being typed, journals
//! the unsaved edits and restores the terminal. Should the loop be stuck (a terminal that takes
//! no more output can block a write), this thread restores what it can and ends the process.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::mpsc::Sender;
use std::thread;
use std::time::Duration;

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

use super::wake::Wake;

/// How long the event loop has to end by itself before this thread ends the process.
const GRACE: Duration = Duration::from_secs(3);

/// The signal received, if any, and whether an external editor has the terminal.
#[derive(Clone, Default)]
pub struct Received {
    number: Arc<AtomicI32>,
    /// SIGINT and SIGQUIT typed in an editor that leaves the terminal cooked are the editor's,
    /// not cjm's.
    suspended: Arc<AtomicBool>,
}

impl Received {
    /// The number of the signal received, once one was.
    pub fn get(&self) -> Option<i32> {
        Some(self.number.load(Ordering::SeqCst)).filter(|n| *n != 0)
    }

    /// Notes that an external editor has the terminal (`true`) or that cjm has it back.
    pub fn suspend(&self, on: bool) {
        self.suspended.store(on, Ordering::SeqCst);
    }
}

/// Starts watching for the signals, handing the first that ends the app to `to_loop`;
/// `restore` puts the terminal back if the loop cannot.
pub fn watch(to_loop: Sender<Wake>, restore: fn()) -> io::Result<Received> {
    let received = Received::default();
    let mut signals = Signals::new([SIGHUP, SIGTERM, SIGINT, SIGQUIT])?;
    let seen = received.clone();
    thread::spawn(move || {
        let typed = |number: &i32| matches!(*number, SIGINT | SIGQUIT);
        let ending = signals
            .forever()
            .find(|number| !(typed(number) && seen.suspended.load(Ordering::SeqCst)));
        if let Some(number) = ending {
            seen.number.store(number, Ordering::SeqCst);
            let _ = to_loop.send(Wake::Signal(number));
            thread::sleep(GRACE);
            restore();
            std::process::exit(128 + number);
        }
    });
    Ok(received)
}
