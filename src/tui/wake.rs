//! Everything the event loop waits for, on one channel: the terminal's events, read on a thread
//! of their own, and the signals that end the app. The loop sleeps until one comes or its next
//! deadline, so a hangup is acted on at once, whatever the terminal does.
//!
//! The reading thread exists because a terminal that went away can trap a reader: crossterm
//! 0.29 loops for ever when the terminal's input ends (end of file or EIO), so the loop itself
//! must never be the one reading. The thread pauses while the user's editor has the terminal.

use std::io;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event};

/// How long the reading thread waits for input before it looks whether it is asked to pause.
const PAUSE_CHECK: Duration = Duration::from_millis(100);

/// What woke the event loop.
pub enum Wake {
    /// A key, a paste, a resize or a mouse event.
    Terminal(Event),
    /// Reading the terminal failed: it is gone.
    TerminalLost(io::Error),
    /// A signal that ends the app (SIGHUP, SIGTERM, SIGINT, SIGQUIT).
    Signal(i32),
    /// The workspace file changed on disk (a change notification).
    FileChanged,
    /// A save, journal write or merge on another thread ended.
    WorkDone,
}

/// Whether the reading thread reads, is asked to pause, or has paused.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    On,
    PauseAsked,
    Paused,
}

/// Shared between the loop and the reading thread.
type Switch = Arc<(Mutex<Reading>, Condvar)>;

/// The loop's end of the channel, and the switch of the reading thread.
pub struct Wakes {
    receiver: Receiver<Wake>,
    sender: Sender<Wake>,
    switch: Switch,
}

impl Wakes {
    /// Starts reading the terminal on a thread of its own.
    pub fn start() -> Self {
        let (sender, receiver) = mpsc::channel();
        let switch: Switch = Arc::new((Mutex::new(Reading::On), Condvar::new()));
        let (to_loop, reader_switch) = (sender.clone(), Arc::clone(&switch));
        thread::spawn(move || read_terminal(&to_loop, &reader_switch));
        Self {
            receiver,
            sender,
            switch,
        }
    }

    /// A sender for other threads (the signal thread, the file watcher).
    pub fn sender(&self) -> Sender<Wake> {
        self.sender.clone()
    }

    /// The next wake, or `None` when `deadline` comes first.
    pub fn next(&self, deadline: Instant) -> Option<Wake> {
        let wait = deadline.saturating_duration_since(Instant::now());
        self.receiver.recv_timeout(wait).ok()
    }

    /// Stops reading the terminal (the user's editor is about to take it), once the reading
    /// thread is between two reads.
    pub fn pause(&self) {
        let (state, changed) = &*self.switch;
        let mut reading = state.lock().unwrap_or_else(|e| e.into_inner());
        *reading = Reading::PauseAsked;
        changed.notify_all();
        while *reading == Reading::PauseAsked {
            reading = changed.wait(reading).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Reads the terminal again.
    pub fn resume(&self) {
        let (state, changed) = &*self.switch;
        *state.lock().unwrap_or_else(|e| e.into_inner()) = Reading::On;
        changed.notify_all();
    }
}

/// The reading thread: terminal events into the channel until the terminal fails or the loop
/// is gone.
fn read_terminal(to_loop: &Sender<Wake>, switch: &Switch) {
    loop {
        {
            let (state, changed) = &**switch;
            let mut reading = state.lock().unwrap_or_else(|e| e.into_inner());
            if *reading == Reading::PauseAsked {
                *reading = Reading::Paused;
                changed.notify_all();
            }
            while *reading != Reading::On {
                reading = changed.wait(reading).unwrap_or_else(|e| e.into_inner());
            }
        }
        let wake = match event::poll(PAUSE_CHECK) {
            Ok(false) => continue,
            Ok(true) => match event::read() {
                Ok(event) => Wake::Terminal(event),
                Err(e) => Wake::TerminalLost(e),
            },
            Err(e) => Wake::TerminalLost(e),
        };
        let lost = matches!(wake, Wake::TerminalLost(_));
        if to_loop.send(wake).is_err() || lost {
            return;
        }
    }
}

/// Whether the terminal on standard input hung up (its other end closed) although no signal
/// said so: the event loop asks now and then, since a reader trapped in a hung-up terminal
/// never reports it.
pub fn terminal_hung_up() -> bool {
    let mut poll = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, a zero timeout; poll only writes `revents`.
    let ready = unsafe { libc::poll(&mut poll, 1, 0) };
    ready > 0 && poll.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}
