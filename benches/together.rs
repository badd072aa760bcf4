//! Working together on one file: how soon one instance sees another's save, and what a frame
//! costs while others' saves are merged in.
//!
//! - `propagation`: the built `cjm` (A) runs in a 200x50 pseudo-terminal on a workspace; this
//!   process (B) retitles a card on A's board and saves as cjm does (`store::save` over the
//!   previous fingerprint: a temporary file renamed over the workspace), then times until A's
//!   screen shows the new title.
//! - `key_to_frame_while_merging`: an `App` takes a key and draws (as in benches/frame.rs)
//!   every 20 ms while a thread saves a changed copy of its file every 100 ms, and the app
//!   merges each save off the UI thread as the event loop does.
//! - `merge_run`: one `MergeJob::run` alone, for comparison.
//!
//! Criterion's figures are means; the percentiles are printed on lines starting `together:`.
//! Sizes up to 100,000 cards (`CJM_BENCH_SIZES`); `--test` runs a few repetitions only.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use cjm::edit::Edit;
use cjm::model::{FieldValue, TouchpointField, Workspace};
use cjm::store::{self, Fingerprint};
use cjm::tui::app::App;
use cjm::tui::document::{Document, MergeOutcome, Merging};
use cjm::tui::view;

/// The terminal's size, for A and for the in-process app.
const SIZE: (u16, u16) = (200, 50);
/// How long A may take to start or to show a change before the benchmark gives up.
const DEADLINE: Duration = Duration::from_secs(60);
/// Quiet time between two propagations, so that each starts with A idle (after a merge A
/// reads the file again for its next merge base, about 150 ms at 100,000 cards).
fn pause(cards: usize) -> Duration {
    Duration::from_millis(50) + Duration::from_micros(3) * cards as u32
}
/// How often the other writer saves, and how often a key comes (a held key repeats about
/// this fast).
const SAVE_EVERY: Duration = Duration::from_millis(100);
const KEY_EVERY: Duration = Duration::from_millis(20);

/// Whether criterion runs once to test (`-- --test`): a few repetitions then.
fn test_mode() -> bool {
    std::env::args().any(|arg| arg == "--test")
}

/// The sizes measured: those asked for, up to 100,000 cards.
fn sizes() -> Vec<usize> {
    common::sizes()
        .into_iter()
        .filter(|&n| n <= 100_000)
        .collect()
}

/// A fresh copy of the synthetic workspace of `cards` cards in `dir`, as A's file.
fn workspace_copy(cards: usize, dir: &Path) -> PathBuf {
    let file = dir.join(format!("cards-{}.json", common::label(cards)));
    std::fs::copy(common::workspace_file(cards), &file).expect("copy the workspace");
    file
}

/// Percentiles of `samples` for the printed summary: p50, p99 (nearest rank), max and count.
fn describe(samples: &[Duration]) -> String {
    if samples.is_empty() {
        return "none".into();
    }
    let mut sorted = samples.to_vec();
    sorted.sort();
    let rank = |q: f64| sorted[((q * sorted.len() as f64).ceil() as usize).max(1) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    format!(
        "p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (n = {})",
        ms(rank(0.5)),
        ms(rank(0.99)),
        ms(sorted[sorted.len() - 1]),
        sorted.len()
    )
}

/// Another person's cjm, as far as saving goes: its own copy of the workspace and the
/// fingerprint of what it last wrote.
struct Writer {
    path: PathBuf,
    workspace: Workspace,
    fingerprint: Fingerprint,
    saves: u64,
}

impl Writer {
    fn open(path: &Path) -> Self {
        let loaded = store::load(path).expect("load the workspace");
        Self {
            path: path.to_path_buf(),
            workspace: loaded.workspace,
            fingerprint: loaded.fingerprint,
            saves: 0,
        }
    }

    /// Gives the first card of the first journey (on A's board, selected) a title never used
    /// before, and returns it.
    fn retitle(&mut self) -> String {
        self.saves += 1;
        let title = format!("together-{:05}", self.saves);
        self.workspace.journeys[0].stages[0].touchpoints[0].title = title.as_str().into();
        title
    }

    /// Saves as cjm does: refused if the file changed since this writer's last save.
    fn save(&mut self) {
        self.fingerprint = store::save(&self.path, &self.workspace, Some(self.fingerprint))
            .expect("save: nobody else writes the file");
    }
}

/// What A's screen is awaited to show, and where to say when it did.
struct Awaited {
    parser: vt100::Parser,
    text: Option<String>,
    seen: Sender<Instant>,
}

impl Awaited {
    /// Takes in bytes A wrote; says when the awaited text is on screen.
    fn take(&mut self, bytes: &[u8]) {
        self.parser.process(bytes);
        let Some(text) = &self.text else {
            return;
        };
        if self.parser.screen().contents().contains(text.as_str()) {
            let _ = self.seen.send(Instant::now());
            self.text = None;
        }
    }
}

/// The built `cjm` running in a pseudo-terminal, its screen read as it arrives.
struct Remote {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    screen: Arc<Mutex<Awaited>>,
    seen: Receiver<Instant>,
}

impl Remote {
    /// Starts `cjm FILE` with HOME and the data folders in `home`; returns once its first
    /// frame is on screen.
    fn start(file: &Path, home: &Path) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: SIZE.1,
                cols: SIZE.0,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cjm"));
        cmd.arg(file);
        cmd.cwd(home);
        cmd.env("HOME", home);
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("USER", "bench");
        for key in ["CJM_WORKSPACE", "CJM_CONFIG", "CJM_RECOVERY_DIR"] {
            cmd.env_remove(key);
        }
        let (seen, arrived) = mpsc::channel();
        let rows = std::num::NonZeroU16::new(SIZE.1).expect("rows");
        let cols = std::num::NonZeroU16::new(SIZE.0).expect("cols");
        let screen = Arc::new(Mutex::new(Awaited {
            parser: vt100::Parser::new(rows, cols, 0),
            text: None,
            seen,
        }));
        let mut reader = pty.master.try_clone_reader().expect("read the terminal");
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buffer = [0; 65536];
            while let Ok(n @ 1..) = reader.read(&mut buffer) {
                sink.lock().unwrap().take(&buffer[..n]);
            }
        });
        let remote = Self {
            child: pty.slave.spawn_command(cmd).expect("start cjm"),
            _master: pty.master,
            screen,
            seen: arrived,
        };
        drop(pty.slave);
        remote.await_text(&file.file_name().unwrap().to_string_lossy());
        remote.seen();
        remote
    }

    /// Awaits `text` on screen from now on.
    fn await_text(&self, text: &str) {
        let mut screen = self.screen.lock().unwrap();
        screen.text = Some(text.to_string());
        screen.take(&[]);
    }

    /// When the awaited text came on screen.
    fn seen(&self) -> Instant {
        self.seen
            .recv_timeout(DEADLINE)
            .expect("cjm showed the change")
    }
}

impl Drop for Remote {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One change from B's save to A's screen, after `pause`: returns the time from the start of
/// the save, and adds the time from its end (the file in place, synced) to `after_save`.
fn propagate(
    a: &Remote,
    b: &mut Writer,
    pause: Duration,
    after_save: &mut Vec<Duration>,
) -> Duration {
    std::thread::sleep(pause);
    let title = b.retitle();
    a.await_text(&title);
    let started = Instant::now();
    b.save();
    let saved = Instant::now();
    let shown = a.seen();
    after_save.push(shown.saturating_duration_since(saved));
    shown - started
}

fn propagation(c: &mut Criterion) {
    let mut group = c.benchmark_group("propagation");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(10));
    let repetitions = if test_mode() { 5 } else { 200 };
    for cards in sizes() {
        let home = tempfile::tempdir().unwrap();
        let file = workspace_copy(cards, home.path());
        let a = Remote::start(&file, home.path());
        let mut b = Writer::open(&file);
        let pause = pause(cards);
        let (mut total, mut after_save) = (Vec::new(), Vec::new());
        let label = common::label(cards);
        group.bench_function(BenchmarkId::from_parameter(&label), |bench| {
            bench.iter_custom(|iterations| {
                (0..iterations)
                    .map(|_| {
                        let took = propagate(&a, &mut b, pause, &mut after_save);
                        total.push(took);
                        took
                    })
                    .sum()
            })
        });
        if total.is_empty() {
            continue; // left out by a criterion filter
        }
        while total.len() < repetitions {
            total.push(propagate(&a, &mut b, pause, &mut after_save));
        }
        println!(
            "together: propagation {label}, from the start of the save: {}",
            describe(&total)
        );
        println!(
            "together: propagation {label}, from the end of the save: {}",
            describe(&after_save)
        );
    }
    group.finish();
}

/// The file's size and modification time, as the event loop stamps it.
fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// What the UI thread spent, wake by wake and merge by merge.
#[derive(Default)]
struct Spent {
    /// Every key to its frame.
    frames: Vec<Duration>,
    /// The keys to frame during which a finished merge was taken in.
    frames_taking_in: Vec<Duration>,
    /// Every wake without a key: the loop's check while a merge runs, or a change
    /// notification (taking in a merge, starting one, drawing what changed).
    checks: Vec<Duration>,
    /// Starting a merge (`merge_job` and the thread), taking one in (`finish_merge`).
    starts: Vec<Duration>,
    take_ins: Vec<Duration>,
    /// `MergeJob::run` on its thread, beside the keys and the other's saves.
    runs: Vec<Duration>,
}

impl Spent {
    /// Prints the percentiles, after how many saves the other writer made.
    fn print(&self, label: &str, saves: u64) {
        if self.frames.is_empty() {
            return;
        }
        let merges = self.runs.len();
        println!("together: {label}, {saves} saves by the other writer, {merges} merges");
        for (what, samples) in [
            ("key to frame", &self.frames),
            ("key to frame taking in a merge", &self.frames_taking_in),
            ("wakes without a key", &self.checks),
            ("merge started", &self.starts),
            ("merge taken in", &self.take_ins),
            ("merge run on its thread", &self.runs),
        ] {
            println!("together: {label}, {what}: {}", describe(samples));
        }
    }
}

/// An app on a workspace file that others save, merging their saves as the event loop does.
/// Every wake first takes in a finished merge; a wake without a key then starts a merge when
/// the file's stamp changed and none is under way, and draws if the merge changed the screen;
/// a key's wake handles the key and draws.
struct Instance {
    app: App,
    terminal: Terminal<TestBackend>,
    disk_stamp: Option<(u64, SystemTime)>,
    merging: Option<JoinHandle<(MergeOutcome, Duration)>>,
    step: usize,
    spent: Spent,
}

impl Instance {
    fn open(file: &Path) -> Self {
        let loaded = store::load(file).expect("load the workspace");
        let doc = Document::opened(file.to_path_buf(), loaded, None);
        let mut instance = Self {
            app: App::new(doc, SIZE, true),
            terminal: Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap(),
            disk_stamp: stamp(file),
            merging: None,
            step: 0,
            spent: Spent::default(),
        };
        instance.draw();
        instance
    }

    /// Draws a frame, then starts what waits for one (as the loop does).
    fn draw(&mut self) {
        let app = &self.app;
        self.terminal
            .draw(|frame| view::render(app, frame))
            .unwrap();
        self.app.doc.after_frame();
    }

    /// A wake without a key, then a key, each after half of [`KEY_EVERY`]; returns the time
    /// from the key to its frame.
    fn paced_key(&mut self) -> Duration {
        std::thread::sleep(KEY_EVERY / 2);
        self.check();
        std::thread::sleep(KEY_EVERY / 2);
        self.key_to_frame()
    }

    /// A wake without a key: takes in a finished merge, starts one when the file changed on
    /// disk and none is under way, draws when a merge was taken in.
    fn check(&mut self) {
        let started = Instant::now();
        let took_in = self.take_in();
        let seen = stamp(&self.app.doc.path);
        if seen != self.disk_stamp && self.merging.is_none() {
            self.disk_stamp = seen;
            self.start_merge();
        }
        if took_in {
            self.draw();
        }
        self.spent.checks.push(started.elapsed());
    }

    /// A key's wake: takes in a finished merge, handles the key, draws; returns the time it
    /// all took.
    fn key_to_frame(&mut self) -> Duration {
        let keys = ['j', 'k', 'l', 'h'];
        let started = Instant::now();
        let took_in = self.take_in();
        let key = KeyCode::Char(keys[self.step % keys.len()]);
        self.step += 1;
        self.app.handle_key(KeyEvent::new(key, KeyModifiers::NONE));
        self.draw();
        let took = started.elapsed();
        self.spent.frames.push(took);
        if took_in {
            self.spent.frames_taking_in.push(took);
        }
        took
    }

    /// Starts merging the file as it is now on a thread of its own.
    fn start_merge(&mut self) {
        let started = Instant::now();
        let job = self.app.doc.merge_job();
        self.merging = Some(std::thread::spawn(move || {
            let running = Instant::now();
            let outcome = job.run();
            (outcome, running.elapsed())
        }));
        self.spent.starts.push(started.elapsed());
    }

    /// Takes in a finished merge, as the loop does; returns whether there was one.
    fn take_in(&mut self) -> bool {
        if !self.merging.as_ref().is_some_and(JoinHandle::is_finished) {
            return false;
        }
        let started = Instant::now();
        let (outcome, ran) = self.merging.take().unwrap().join().expect("the merge");
        match self.app.doc.finish_merge(outcome).expect("merged") {
            Merging::Merged(conflicts) => {
                assert!(conflicts.is_empty(), "only the other writer edits");
                self.app.clamp_selection();
                let name = self.app.doc.file_name();
                self.app
                    .say(format!("{name} changed on disk: took in its changes"));
            }
            Merging::Unchanged => {}
            Merging::Stale => self.start_merge(),
        }
        self.spent.take_ins.push(started.elapsed());
        self.spent.runs.push(ran);
        true
    }

    /// Waits for the merge under way, if any (outside the measurement).
    fn settle(&mut self) {
        if let Some(handle) = self.merging.take() {
            let _ = handle.join();
        }
    }
}

/// Another writer saving a changed copy of `file` every [`SAVE_EVERY`] until `stop`; the
/// thread returns how many saves it made.
fn save_repeatedly(file: PathBuf, stop: Arc<AtomicBool>) -> JoinHandle<u64> {
    std::thread::spawn(move || {
        let mut writer = Writer::open(&file);
        while !stop.load(Ordering::SeqCst) {
            std::thread::sleep(SAVE_EVERY);
            writer.retitle();
            writer.save();
        }
        writer.saves
    })
}

fn key_to_frame_while_merging(c: &mut Criterion) {
    let mut group = c.benchmark_group("key_to_frame_while_merging");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(30));
    // Enough keys for the percentiles, and merges taken in during them.
    let (keys, merges) = if test_mode() { (20, 1) } else { (1_000, 20) };
    for cards in sizes() {
        let home = tempfile::tempdir().unwrap();
        let file = workspace_copy(cards, home.path());
        let mut app = Instance::open(&file);
        let stop = Arc::new(AtomicBool::new(false));
        let writer = save_repeatedly(file, Arc::clone(&stop));
        let label = common::label(cards);
        group.bench_function(BenchmarkId::from_parameter(&label), |bench| {
            bench.iter_custom(|iterations| (0..iterations).map(|_| app.paced_key()).sum())
        });
        // Not run when a criterion filter leaves it out.
        let ran = !app.spent.frames.is_empty();
        while ran && (app.spent.frames.len() < keys || app.spent.take_ins.len() < merges) {
            app.paced_key();
        }
        stop.store(true, Ordering::SeqCst);
        let saves = writer.join().expect("the other writer");
        app.settle();
        app.spent.print(&label, saves);
    }
    group.finish();
}

/// One merge of another's save alone (`MergeJob::run`: read, parse, parse the base, merge).
fn merge_run(c: &mut Criterion) {
    let mut group = c.benchmark_group("merge_run");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    for cards in sizes() {
        let home = tempfile::tempdir().unwrap();
        let file = workspace_copy(cards, home.path());
        let mut doc = Document::opened(file.clone(), store::load(&file).unwrap(), None);
        doc.after_frame();
        let mut other = Writer::open(&file);
        other.retitle();
        other.save();
        // Nothing edited here: the file as read is the merge.
        group.bench_function(
            BenchmarkId::new("unedited", common::label(cards)),
            |bench| {
                bench.iter_batched(|| doc.merge_job(), |job| job.run(), BatchSize::PerIteration)
            },
        );
        // An unsaved edit here (another card's title): a three-way merge.
        let (journey, card) = {
            let ws = &doc.workspace;
            let journey = &ws.journeys[0];
            let stage = journey.stages.last().unwrap();
            (
                journey.id.clone(),
                stage.touchpoints.last().unwrap().id.clone(),
            )
        };
        doc.apply(Edit::SetField {
            journey,
            card,
            field: TouchpointField::Title,
            value: FieldValue::Text("edited here".into()),
        })
        .unwrap();
        group.bench_function(BenchmarkId::new("edited", common::label(cards)), |bench| {
            bench.iter_batched(|| doc.merge_job(), |job| job.run(), BatchSize::PerIteration)
        });
    }
    group.finish();
}

criterion_group!(benches, propagation, key_to_frame_while_merging, merge_run);
criterion_main!(benches);
