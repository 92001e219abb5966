//! What the CLI reads: unreadable inputs among readable ones, file names
//! that are not UTF-8, YAML streams with document end markers, empty
//! inputs, standard input without `-`, and directory searches that honour
//! ignore files.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::common::{run, run_with_stdin};

/// `tjspec` from the workspace root, without colour, standard input closed.
fn tjspec() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tjspec"));
    cmd.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null());
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn shown(out: &Output) -> String {
    format!(
        "exit: {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    )
}

/// A file that opens but cannot be read fails alone: the other inputs are
/// converted and written, the failure is reported with its path, and the
/// exit status says something failed. `/proc/self/mem` fails to read even
/// for root (the first page of the address space is never mapped).
#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_input_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("out.yaml");
    let out = tjspec()
        .args(["convert", "examples/xgboost-churn.json", "/proc/self/mem"])
        .args(["tests/fixtures/aws/minimal.json", "--to", "aws-yaml", "-o"])
        .arg(&out_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    let written = std::fs::read_to_string(&out_file).unwrap();
    assert_eq!(written.matches("TrainingJobName:").count(), 2, "{written}");
    assert!(
        text(&out.stderr).contains("/proc/self/mem: cannot be read: "),
        "{}",
        shown(&out)
    );

    let json = run(&[
        "validate",
        "/proc/self/mem",
        "examples/xgboost-churn.json",
        "--message-format",
        "json",
    ]);
    assert!(json.starts_with("exit: 1"), "{json}");
    assert!(
        json.contains(r#"{"file":"/proc/self/mem","document":null,"line":null,"column":null,"severity":"error","code":"io","path":"","message":"cannot be read: "#),
        "{json}"
    );
    // Found by a directory search, it fails too (it is not "unrecognised").
    assert!(!json.contains("skipped"), "{json}");
}

/// `...` ends a YAML document; a directive after it belongs to the next
/// document, as in any YAML parser.
#[test]
fn a_document_end_marker_before_a_directive() {
    let job = std::fs::read_to_string("tests/fixtures/aws/minimal.json").unwrap();
    let stream = format!("{job}\n...\n%YAML 1.2\n---\n{job}\n...\n");
    let out = run_with_stdin(
        &["convert", "-", "--from", "aws-yaml", "--to", "aws"],
        Some(&stream),
    );
    assert!(out.starts_with("exit: 0"), "{out}");
    assert!(!out.contains("error"), "{out}");
    assert_eq!(out.matches("\"TrainingJobName\"").count(), 2, "{out}");
}

/// An empty input says so, with or without --from.
#[test]
fn an_empty_input_is_said_to_be_empty() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.json");
    std::fs::write(&empty, "").unwrap();
    let blank = dir.path().join("blank.yaml");
    std::fs::write(&blank, "\n  \n").unwrap();
    for file in [&empty, &blank] {
        let out = run(&[
            "validate",
            file.to_str().unwrap(),
            "--message-format",
            "json",
        ]);
        assert!(out.starts_with("exit: 1"), "{out}");
        assert!(
            out.contains(r#""code":"empty","path":"","message":"the input is empty""#),
            "{out}"
        );
        assert!(!out.contains("--from"), "{out}");
    }
    let stdin = run_with_stdin(&["validate", "-"], Some(""));
    assert!(stdin.contains("the input is empty"), "{stdin}");
    assert!(!stdin.contains("--from"), "{stdin}");
    // Found in a directory, an empty file is skipped with a notice.
    let searched = run(&["validate", dir.path().to_str().unwrap()]);
    assert!(searched.starts_with("exit: 0"), "{searched}");
    assert!(
        searched.contains("skipped: the input is empty"),
        "{searched}"
    );
}
