//! Running `tjspec` on hostile input with a time limit, and reading the
//! peak memory of each run.
//!
//! A process's peak resident set size is only known to the process that
//! waits for it (`getrusage(RUSAGE_CHILDREN)`), as a maximum over every
//! child it has waited for. Tests run in parallel threads of one process,
//! so that figure would mix their runs. Each run therefore goes through a
//! fresh copy of the test binary ([`measure_wrapper`]) that starts
//! `tjspec`, waits for it and reports that one child's peak: the figure
//! belongs to the run, whatever else the binary does meanwhile.

use std::cell::Cell;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// What a bounded run produced.
pub struct Ran {
    /// Exit status (`None`: killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Peak resident set size of the run, in MiB.
    pub peak_mib: f64,
}

const ARGS: &str = "TJSPEC_MEASURE_ARGS";
const DIR: &str = "TJSPEC_MEASURE_DIR";
const LIMIT_MS: &str = "TJSPEC_MEASURE_LIMIT_MS";

thread_local! {
    /// The largest peak of the runs this test (thread) made.
    static PEAK: Cell<f64> = const { Cell::new(0.0) };
}

/// Runs `tjspec` with `args` from the workspace root, without colour and
/// with standard input closed, and fails the test if it takes longer than
/// `limit` (a hang).
pub fn run_limited(args: &[&str], limit: Duration) -> Ran {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let status = Command::new(std::env::current_exe().expect("the test binary"))
        .args(["--exact", "common::limits::measure_wrapper", "--quiet"])
        .env(
            ARGS,
            serde_json::to_string(args).expect("arguments as JSON"),
        )
        .env(DIR, dir.path())
        .env(LIMIT_MS, limit.as_millis().to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the measuring copy of the test binary runs");
    assert!(status.success(), "the measuring wrapper failed: {status}");
    let read = |name: &str| {
        String::from_utf8_lossy(&std::fs::read(dir.path().join(name)).unwrap_or_default())
            .into_owned()
    };
    let report = read("report");
    let mut fields = report.split_whitespace();
    let code = match fields.next() {
        Some("timeout") => panic!("tjspec {args:?} took longer than {limit:?} (a hang?)"),
        Some("signal") => None,
        Some(c) => Some(c.parse().expect("an exit status")),
        None => panic!("no report from the measuring wrapper"),
    };
    let peak_mib: f64 = fields
        .next()
        .and_then(|p| p.parse().ok())
        .expect("a peak memory figure");
    // Any run of tjspec holds more than a mebibyte: a smaller figure means
    // the measurement itself is broken, and the memory checks would pass
    // without measuring anything.
    assert!(peak_mib > 1.0, "implausible peak memory {peak_mib} MiB");
    PEAK.with(|p| p.set(p.get().max(peak_mib)));
    Ran {
        code,
        stdout: read("stdout"),
        stderr: read("stderr"),
        peak_mib,
    }
}

/// The largest peak resident set size, in MiB, of the runs the calling test
/// made through [`run_limited`] so far.
pub fn children_peak_rss_mib() -> f64 {
    PEAK.with(Cell::get)
}

/// Not a test of its own: when started by [`run_limited`] (its variables
/// set), runs `tjspec` once and writes its exit status and peak memory;
/// otherwise it does nothing.
#[test]
fn measure_wrapper() {
    let Some(args) = std::env::var_os(ARGS) else {
        return;
    };
    let args: Vec<String> = serde_json::from_str(&args.to_string_lossy()).expect("arguments");
    let dir = std::path::PathBuf::from(std::env::var_os(DIR).expect("an output directory"));
    let limit = Duration::from_millis(
        std::env::var(LIMIT_MS)
            .ok()
            .and_then(|l| l.parse().ok())
            .expect("a time limit"),
    );
    let file = |name: &str| std::fs::File::create(dir.join(name)).expect("an output file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tjspec"))
        .args(&args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null())
        .stdout(file("stdout"))
        .stderr(file("stderr"))
        .spawn()
        .expect("tjspec runs");
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for tjspec") {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .expect("getrusage");
    // Linux reports kilobytes.
    let peak = usage.max_rss() as f64 / 1024.0;
    let code = match status {
        None => "timeout".to_owned(),
        Some(s) => s.code().map_or("signal".to_owned(), |c| c.to_string()),
    };
    std::fs::write(dir.join("report"), format!("{code} {peak}")).expect("the report");
}
