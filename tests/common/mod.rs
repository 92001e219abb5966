//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod arbitrary;
pub mod limits;

use std::path::Path;
use std::process::Command;

/// Runs `tjspec` with `args` from the workspace root (so paths in
/// diagnostics are stable), without colour, and returns one text with the
/// exit status, stdout and stderr for snapshotting.
pub fn run(args: &[&str]) -> String {
    run_with_stdin(args, None)
}

/// Like [`run`], feeding `stdin`.
pub fn run_with_stdin(args: &[&str], stdin: Option<&str>) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tjspec"));
    cmd.args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    let out = if let Some(input) = stdin {
        use std::io::Write;
        cmd.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("tjspec runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
        child.wait_with_output().expect("tjspec finishes")
    } else {
        cmd.output().expect("tjspec runs")
    };
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status
            .code()
            .map_or("signal".to_owned(), |c| c.to_string()),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
