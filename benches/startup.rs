//! Start to first frame in a real terminal: the built `cjm` started in a pseudo-terminal on a
//! workspace file, timed until its first frame (the header with the file's name) arrives.
//! This is what a user waits for, process start and terminal setup included.

mod common;

use std::io::Read;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// How long a start may take before the benchmark gives up.
const DEADLINE: Duration = Duration::from_secs(60);

/// Starts `cjm FILE` in a 200x50 pseudo-terminal and returns how long its first frame took.
fn start_to_first_frame(file: &std::path::Path, home: &std::path::Path) -> Duration {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 50,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cjm"));
    cmd.arg(file);
    cmd.env("HOME", home);
    cmd.env("XDG_DATA_HOME", home.join("data"));
    cmd.env("TERM", "xterm-256color");
    let marker = file.file_name().unwrap().to_string_lossy().into_owned();
    let mut reader = pty.master.try_clone_reader().expect("read the terminal");
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).expect("start cjm");
    drop(pty.slave);
    let (seen, arrived) = mpsc::channel();
    std::thread::spawn(move || {
        let mut screen = Vec::new();
        let mut buffer = [0; 65536];
        while let Ok(n) = reader.read(&mut buffer) {
            if n == 0 {
                break;
            }
            screen.extend_from_slice(&buffer[..n]);
            if String::from_utf8_lossy(&screen).contains(&marker) {
                let _ = seen.send(started.elapsed());
                break;
            }
        }
    });
    let took = arrived
        .recv_timeout(DEADLINE)
        .expect("cjm drew its first frame");
    let _ = child.kill();
    let _ = child.wait();
    // A killed cjm leaves its presence mark (`.NAME.open-PID`): cleared here, outside the
    // timing, so that starts do not list a folder growing with every run.
    for entry in std::fs::read_dir(home).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().contains(".open-") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    took
}

fn first_frame_in_a_terminal(c: &mut Criterion) {
    let mut group = c.benchmark_group("start_to_first_frame");
    group.sample_size(20);
    for cards in common::sizes().into_iter().filter(|&n| n <= 100_000) {
        let home = tempfile::tempdir().unwrap();
        let file = home
            .path()
            .join(format!("cards-{}.json", common::label(cards)));
        std::fs::copy(common::workspace_file(cards), &file).unwrap();
        group.bench_function(BenchmarkId::from_parameter(common::label(cards)), |b| {
            b.iter_custom(|iterations| {
                (0..iterations)
                    .map(|_| start_to_first_frame(&file, home.path()))
                    .sum()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, first_frame_in_a_terminal);
criterion_main!(benches);
