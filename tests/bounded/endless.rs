//! Endless inputs (`/dev/zero`, a pipe that never closes) end: reading
//! stops at the 64 MiB input limit with an error saying so, whatever the
//! format, and `diff` and `--overlay` read their files the same way.
//!
//! Reading up to the limit holds it in memory, so these runs peak above the
//! 64 MiB that the other hostile inputs stay under; their bound is their
//! own (peak memory is measured per run). Runs fed from a pipe here are
//! started directly and only checked for time.

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::limits::{children_peak_rss_mib, run_limited};

const LIMIT: Duration = Duration::from_secs(60);

/// The input limit plus what the program itself needs.
const PEAK_MIB: f64 = 64.0 + 32.0;

const WHOLE: &str =
    "the input is larger than 64 MiB; stopped reading (a training job is a few kilobytes)";
const STREAM: &str = "the document is larger than 64 MiB; stopped reading the input there (a training job is a few kilobytes)";

/// The message of the one `too-large` finding.
fn message(stderr: &str) -> String {
    let found: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["code"] == "too-large")
        .collect();
    assert_eq!(found.len(), 1, "{stderr}");
    found[0]["message"].as_str().unwrap().to_owned()
}

/// Runs `tjspec validate - --from <from>` with `prefix` then an endless
/// stream of `byte` on standard input, written until tjspec closes it.
fn validate_endless_stdin(from: &str, prefix: &str, byte: u8) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tjspec"))
        .args(["validate", "-", "--from", from, "--message-format", "json"])
        .stdin(Stdio::piped())
        // validate's JSON records are on standard output.
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("tjspec runs");
    let mut stdin = child.stdin.take().unwrap();
    let prefix = prefix.to_owned();
    let writer = std::thread::spawn(move || {
        if stdin.write_all(prefix.as_bytes()).is_err() {
            return;
        }
        let block = vec![byte; 64 * 1024];
        // Ends when tjspec stops reading and closes the pipe.
        while stdin.write_all(&block).is_ok() {}
    });
    let mut err = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).ok();
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("tjspec read an endless standard input for {LIMIT:?} (a hang)");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    writer.join().unwrap();
    (status.code(), reader.join().unwrap())
}

#[test]
fn endless_inputs_stop_at_the_input_limit() {
    if !std::path::Path::new("/dev/zero").exists() {
        return;
    }
    // Read whole (JSON, HCL, protobuf) or as a stream of documents (YAML):
    // reading stops at the limit either way.
    for (from, want) in [
        ("aws", WHOLE),
        ("tf-aws", WHOLE),
        ("flyteidl", WHOLE),
        ("aws-yaml", STREAM),
        ("ack", STREAM),
    ] {
        let ran = run_limited(
            &[
                "validate",
                "/dev/zero",
                "--from",
                from,
                "--message-format",
                "json",
            ],
            LIMIT,
        );
        assert_eq!(ran.code, Some(1), "{from}: {}", ran.stdout);
        assert_eq!(message(&ran.stdout), want, "{from}");
    }
    // Standard input that never closes: JSON read whole, a JSON Lines
    // stream whose second line never ends, a YAML stream whose second
    // document never ends.
    let (code, stderr) = validate_endless_stdin("aws", "", b' ');
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(message(&stderr), WHOLE);
    let (code, stderr) = validate_endless_stdin(
        "aws",
        "{\"TrainingJobName\": \"a\"}\n{\"TrainingJobName\": \"",
        b'a',
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(message(&stderr), STREAM);
    let (code, stderr) = validate_endless_stdin(
        "aws-yaml",
        "TrainingJobName: a\n---\nTrainingJobName: ",
        b'a',
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(message(&stderr), STREAM);

    // `diff` and `--overlay` read their files with the same limit.
    let ran = run_limited(&["diff", "/dev/zero", "examples/xgboost-churn.json"], LIMIT);
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("the input is larger than 64 MiB; stopped reading")
            && ran.stderr.contains("/dev/zero:1:1"),
        "{}",
        ran.stderr
    );
    let ran = run_limited(
        &[
            "convert",
            "examples/xgboost-churn.json",
            "--to",
            "aws",
            "--overlay",
            "/dev/zero",
        ],
        LIMIT,
    );
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
    // Read as an input is: the same finding, then the overlay is refused.
    assert!(
        ran.stderr
            .contains("the input is larger than 64 MiB; stopped reading")
            && ran.stderr.contains("/dev/zero:1:1")
            && ran.stderr.ends_with(
                "error: --overlay /dev/zero: not applied, it is not a valid job (see above)\n"
            ),
        "{}",
        ran.stderr
    );

    let peak = children_peak_rss_mib();
    assert!(peak < PEAK_MIB, "an endless input took {peak:.1} MiB");
}
