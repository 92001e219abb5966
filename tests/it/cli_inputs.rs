//! What the CLI reads: unreadable inputs among readable ones, file names
//! that are not UTF-8, YAML streams with document end markers, empty
//! inputs, standard input without `-`, and directory searches that honour
//! ignore files.

use std::process::Command;

use crate::common::{self, run, run_with_stdin, shown, text};

/// `tjspec` from the workspace root, without colour, standard input closed.
fn tjspec() -> Command {
    let mut cmd = common::tjspec();
    cmd.env("NO_COLOR", "1");
    cmd
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

/// File names are taken as the system gives them: a name that is not
/// UTF-8 is read when named, matched by a glob and found in a directory.
#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"churn-\xff.json");
    let file = dir.path().join(name);
    std::fs::copy("examples/xgboost-churn.json", &file).unwrap();
    let pattern = dir.path().join("*.json");
    for arg in [
        file.as_os_str(),
        pattern.as_os_str(),
        dir.path().as_os_str(),
    ] {
        let out = tjspec()
            .args(["validate", "--message-format", "json"])
            .arg(arg)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{arg:?}: {}", shown(&out));
        let out = tjspec()
            .args(["convert", "--to", "aws-yaml"])
            .arg(arg)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{arg:?}: {}", shown(&out));
        assert!(text(&out.stdout).contains("TrainingJobName: xgboost-churn"));
    }
    // Diagnostics name the file (lossily: a terminal cannot show the byte).
    std::fs::write(&file, "{\"TrainingJobName\": 5}").unwrap();
    let out = tjspec().arg("validate").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    assert!(
        text(&out.stderr).contains("churn-\u{FFFD}.json"),
        "{}",
        shown(&out)
    );
}

/// With no input named, a piped or redirected standard input is read; a
/// terminal or `/dev/null` (CI without input) is not.
#[test]
fn standard_input_is_read_when_piped() {
    let job = std::fs::read_to_string("examples/xgboost-churn.json").unwrap();
    let out = run_with_stdin(&["convert", "--to", "aws-yaml"], Some(&job));
    assert!(out.starts_with("exit: 0"), "{out}");
    assert!(out.contains("TrainingJobName: xgboost-churn"), "{out}");
    let out = run_with_stdin(&["validate"], Some(&job));
    assert!(
        out.contains("1 document from 1 file: 1 valid, 0 failed"),
        "{out}"
    );
    // A redirected file counts as piped.
    let out = tjspec()
        .args(["validate"])
        .stdin(std::fs::File::open("examples/ack-xgboost.yaml").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    // Nothing to read: said so, exit 2.
    let out = tjspec().args(["validate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", shown(&out));
    assert!(
        text(&out.stderr).contains("no input given"),
        "{}",
        shown(&out)
    );
}

/// A directory is searched as ripgrep searches it: `.gitignore` (in a git
/// repository), `.ignore` and hidden entries are left out, so a checked-out
/// `node_modules/` adds no notices; `--no-ignore` searches everything.
#[test]
fn directory_search_honours_ignore_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in [
        ".git",
        "node_modules/pkg",
        "build",
        ".github/workflows",
        "jobs",
    ] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }
    std::fs::write(d.join(".gitignore"), "node_modules/\n").unwrap();
    std::fs::write(d.join(".ignore"), "build/\n").unwrap();
    for f in [
        "node_modules/pkg/package.json",
        "build/out.json",
        ".github/workflows/ci.yml",
    ] {
        std::fs::write(d.join(f), "{\"name\": \"x\"}\n").unwrap();
    }
    std::fs::copy("examples/xgboost-churn.json", d.join("jobs/churn.json")).unwrap();
    let root = d.to_str().unwrap();

    let searched = run(&["validate", root, "--message-format", "json"]);
    assert!(searched.starts_with("exit: 0"), "{searched}");
    assert!(!searched.contains("skipped"), "{searched}");

    let everything = run(&["validate", root, "--no-ignore", "--message-format", "json"]);
    assert!(everything.starts_with("exit: 0"), "{everything}");
    for f in [
        "node_modules/pkg/package.json",
        "build/out.json",
        ".github/workflows/ci.yml",
    ] {
        let skipped = format!(r#""file":"{}","#, d.join(f).display());
        assert!(everything.contains(&skipped), "{f}: {everything}");
    }

    // Everything ignored: the error says how to search it anyway.
    let only_ignored = d.join("build");
    std::fs::write(d.join(".ignore"), "build/\njobs/\n").unwrap();
    let out = run(&["validate", root]);
    assert!(out.starts_with("exit: 2"), "{out}");
    assert!(out.contains("--no-ignore searches them"), "{out}");
    // A directory named on the command line is searched even when ignored.
    let named = run(&[
        "validate",
        only_ignored.to_str().unwrap(),
        "--skip-unrecognized",
    ]);
    assert!(named.starts_with("exit: 0"), "{named}");
}
