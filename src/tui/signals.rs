//! Signals that end the app: SIGHUP (the SSH link dropped), SIGTERM, SIGINT and SIGQUIT. They
//! are received on their own thread, never in the event loop, which notices within a quarter
//! second, journals unsaved edits and restores the terminal. A terminal that went away can
//! leave the loop stuck in a write; then this thread restores what it can and exits.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::thread;
use std::time::Duration;

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

/// How long the event loop has to end by itself before this thread ends the process.
const GRACE: Duration = Duration::from_secs(3);

/// The signal received, if any.
pub struct Received {
    number: Arc<AtomicI32>,
    /// Whether an external editor has the terminal: SIGINT and SIGQUIT typed there (an
    /// editor that leaves the terminal cooked) are the editor's, not cjm's.
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

/// Starts watching for the signals; `restore` puts the terminal back if the loop cannot.
pub fn watch(restore: fn()) -> io::Result<Received> {
    let received = Received {
        number: Arc::new(AtomicI32::new(0)),
        suspended: Arc::new(AtomicBool::new(false)),
    };
    let mut signals = Signals::new([SIGHUP, SIGTERM, SIGINT, SIGQUIT])?;
    let seen = Arc::clone(&received.number);
    let suspended = Arc::clone(&received.suspended);
    thread::spawn(move || {
        let typed = |number: &i32| matches!(*number, SIGINT | SIGQUIT);
        let ending = signals
            .forever()
            .find(|number| !(typed(number) && suspended.load(Ordering::SeqCst)));
        if let Some(number) = ending {
            seen.store(number, Ordering::SeqCst);
            thread::sleep(GRACE);
            restore();
            std::process::exit(128 + number);
        }
    });
    Ok(received)
}
