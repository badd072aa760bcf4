//! Drives the built `cjm` binary in a pseudo-terminal and reads its screen through a vt100
//! parser, waiting for what is expected with a deadline (never a fixed sleep).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::os::fd::FromRawFd;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

/// How long any expected screen may take to appear.
pub const DEADLINE: Duration = Duration::from_secs(15);

/// A running `cjm` in a pseudo-terminal.
pub struct Tui {
    child: Box<dyn Child + Send + Sync>,
    writer: Option<std::fs::File>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, escape sequences included.
    raw: Arc<Mutex<Vec<u8>>>,
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    /// Tells the reading thread to stop and close its end of the terminal.
    stop: Arc<AtomicBool>,
    reading: Option<JoinHandle<()>>,
}

impl Tui {
    /// Starts `cjm ARGS` at `cols`x`rows` with HOME and the data folders inside `home`.
    pub fn start(home: &Path, args: &[&str], cols: u16, rows: u16) -> Self {
        Self::start_with(home, args, cols, rows, &[])
    }

    /// [`Tui::start`] with extra environment variables.
    pub fn start_with(
        home: &Path,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cjm"));
        cmd.args(args);
        cmd.cwd(home);
        cmd.env("HOME", home);
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("TERM", "xterm-256color");
        // The name others see in the header (tests that pair two people set their own).
        cmd.env("USER", "tester");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("CJM_WORKSPACE");
        cmd.env_remove("CJM_CONFIG");
        cmd.env_remove("CJM_RECOVERY_DIR");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn cjm");
        drop(pty.slave);
        // Read through a descriptor of our own, polled, so that `hang_up` can close it: the
        // terminal hangs up only once every descriptor of its controlling side is closed.
        let master_fd = pty.master.as_raw_fd().expect("the pty's descriptor");
        // SAFETY: dup of a descriptor we own; the File owns the copy.
        let mut reader = unsafe { std::fs::File::from_raw_fd(libc::dup(master_fd)) };
        // Not portable-pty's writer: dropped, it types a newline and Ctrl-D into the terminal
        // (its way of sending end-of-file), which a program in raw mode takes as keys.
        // SAFETY: dup of a descriptor we own; the File owns the copy.
        let writer = unsafe { std::fs::File::from_raw_fd(libc::dup(master_fd)) };
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).expect("rows"),
            std::num::NonZeroU16::new(cols).expect("cols"),
            0,
        )));
        let sink = Arc::clone(&parser);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = Arc::clone(&raw);
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let reading = thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while !stopped.load(Ordering::SeqCst) {
                if !readable(&reader, Duration::from_millis(20)) {
                    continue;
                }
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        raw_sink.lock().unwrap().extend_from_slice(&buf[..n]);
                        sink.lock().unwrap().process(&buf[..n]);
                    }
                }
            }
        });
        Self {
            child,
            writer: Some(writer),
            parser,
            raw,
            master: Some(pty.master),
            stop,
            reading: Some(reading),
        }
    }

    /// Closes the terminal under the program, as closing a tmux pane or losing an SSH link
    /// does: the kernel hangs the terminal up (SIGHUP, then end of input and EIO).
    pub fn hang_up(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(reading) = self.reading.take() {
            reading.join().unwrap();
        }
        self.writer = None;
        self.master = None;
    }

    /// The screen's text now.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Every byte the program wrote so far, escape sequences included.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Polls the raw output until it holds `bytes`, failing with the screen after the
    /// deadline.
    pub fn wait_for_raw(&self, what: &str, bytes: &[u8]) {
        let start = Instant::now();
        while !contains(&self.raw(), bytes) {
            if start.elapsed() > DEADLINE {
                panic!(
                    "timed out waiting for {what} in the output; the screen:\n{}",
                    self.screen()
                );
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the terminal is in the alternate screen.
    pub fn in_alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Types `text` (keys as a terminal sends them).
    pub fn send(&mut self, text: &str) {
        let writer = self.writer.as_mut().expect("the terminal is still open");
        writer.write_all(text.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    /// Types one key and waits until the screen shows `expected`.
    pub fn key_until(&mut self, key: &str, expected: &str) {
        self.send(key);
        self.wait_for(expected);
    }

    /// Waits until the screen contains `expected`.
    pub fn wait_for(&self, expected: &str) {
        self.wait_until(&format!("{expected:?} on screen"), |s| s.contains(expected));
    }

    /// Waits until the screen no longer contains `gone`.
    pub fn wait_gone(&self, gone: &str) {
        self.wait_until(&format!("{gone:?} gone"), |s| !s.contains(gone));
    }

    /// Polls the screen until `ready` holds, failing with the screen after the deadline.
    pub fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return;
            }
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {what}; the screen:\n{screen}");
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends the program a signal, by name (`HUP`, `TERM`).
    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("the child's process id");
        let status = std::process::Command::new("kill")
            .args([format!("-{name}"), pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} {pid}");
    }

    /// Waits for the program to exit and returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            if start.elapsed() > DEADLINE {
                self.child.kill().ok();
                panic!("cjm did not exit; the screen:\n{}", self.screen());
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.child.kill().ok();
        }
    }
}

/// Whether `file` has something to read within `wait`.
fn readable(file: &std::fs::File, wait: Duration) -> bool {
    use std::os::fd::AsRawFd;
    let mut poll = libc::pollfd {
        fd: file.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = i32::try_from(wait.as_millis()).unwrap_or(i32::MAX);
    // SAFETY: one valid pollfd; poll only writes `revents`.
    unsafe { libc::poll(&mut poll, 1, millis) > 0 }
}

/// Whether `haystack` holds `needle` somewhere.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// Key sequences as a terminal sends them.
pub mod keys {
    /// Enter.
    pub const ENTER: &str = "\r";
    /// Escape.
    pub const ESC: &str = "\x1b";
    /// Tab.
    pub const TAB: &str = "\t";
    /// Ctrl-r.
    pub const CTRL_R: &str = "\x12";
    /// Ctrl-s.
    pub const CTRL_S: &str = "\x13";
    /// Down arrow.
    pub const DOWN: &str = "\x1b[B";
}
