//! Where outputs go and what writing them may touch: symbolic links in
//! `--out-dir`, long and case-colliding names, standard streams and
//! devices named by `-o`, signals, the umask, closed and broken standard
//! output, and `--check` (read-only directories, stale files, `--diff`).

use std::io::{BufRead as _, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_tjspec");
const VALID: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/rules/valid.json"
);

/// `tjspec` run in `cwd`, without colour.
fn tjspec(cwd: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    cmd
}

/// A shell command line run in `cwd`, `$TJSPEC` standing for the binary.
fn sh(cwd: &Path, script: &str) -> Output {
    Command::new("sh")
        .args(["-c", script])
        .current_dir(cwd)
        .env("TJSPEC", BIN)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("sh runs")
}

fn show(out: &Output) -> String {
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status
            .code()
            .map_or_else(|| format!("{:?}", out.status), |c| c.to_string()),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A scratch directory anyone can enter (commands may run as another user).
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    set_mode(dir.path(), 0o755);
    dir
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Runs `cmd` without root's privileges when the tests run as root (so a
/// read-only directory is read-only).
fn unprivileged(cwd: &Path) -> Command {
    use std::os::unix::process::CommandExt as _;
    let mut cmd = Command::new(shared_binary());
    cmd.current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    if nix::unistd::geteuid().is_root() {
        cmd.uid(65534).gid(65534);
    }
    cmd
}

/// A copy of the binary that any user can run: the build's own may sit
/// where only its owner can reach (a target directory under a private home).
fn shared_binary() -> &'static Path {
    use std::os::unix::fs::PermissionsExt as _;
    static COPY: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    COPY.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let copy = dir.join("tjspec");
        std::fs::copy(BIN, &copy).unwrap();
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
        copy
    })
}

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn temp_files(dir: &Path) -> Vec<String> {
    listing(dir)
        .into_iter()
        .filter(|n| n.starts_with(".tjspec-") && n.ends_with(".tmp"))
        .collect()
}

#[test]
fn out_dir_replaces_symbolic_links_and_never_follows_them() {
    let root = scratch();
    let out = root.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let outside = root.path().join("outside.yaml");
    std::fs::write(&outside, "precious\n").unwrap();
    // A link committed in place of an output, and a dangling one.
    std::os::unix::fs::symlink("../outside.yaml", out.join("valid.yaml")).unwrap();
    std::os::unix::fs::symlink("../created.yaml", out.join("minimal.yaml")).unwrap();
    let minimal = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/aws/minimal.json"
    );

    let check = tjspec(root.path())
        .args([
            "convert",
            VALID,
            minimal,
            "--to",
            "aws-yaml",
            "--out-dir",
            "out",
            "--check",
        ])
        .output()
        .unwrap();
    let shown = show(&check);
    assert_eq!(check.status.code(), Some(1), "{shown}");
    assert!(shown.contains("would change: out/valid.yaml"), "{shown}");
    assert!(shown.contains("would change: out/minimal.yaml"), "{shown}");

    let write = tjspec(root.path())
        .args([
            "convert",
            VALID,
            minimal,
            "--to",
            "aws-yaml",
            "--out-dir",
            "out",
        ])
        .output()
        .unwrap();
    assert_eq!(write.status.code(), Some(0), "{}", show(&write));
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "precious\n");
    assert!(!root.path().join("created.yaml").exists());
    for name in ["valid.yaml", "minimal.yaml"] {
        let meta = std::fs::symlink_metadata(out.join(name)).unwrap();
        assert!(meta.is_file(), "{name} is now a regular file");
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        assert!(text.contains("TrainingJobName:"), "{text}");
    }
    // A directory link swapped in for the output directory itself is
    // followed (the user named it), but only once.
    let check = tjspec(root.path())
        .args([
            "convert",
            VALID,
            minimal,
            "--to",
            "aws-yaml",
            "--out-dir",
            "out",
            "--check",
        ])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", show(&check));
}

/// A tf-aws file with one block per label, each the job in `valid.json`.
fn tf_aws_blocks(dir: &Path, labels: &[&str]) -> PathBuf {
    let one = tjspec(dir)
        .args(["convert", VALID, "--to", "tf-aws"])
        .output()
        .unwrap();
    let one = String::from_utf8(one.stdout).unwrap();
    assert!(one.contains("\"valid\" {"), "{one}");
    let text: String = labels
        .iter()
        .map(|l| one.replace("\"valid\" {", &format!("\"{l}\" {{")) + "\n")
        .collect();
    let path = dir.join("jobs.tf");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn long_names_are_shortened_and_case_variants_do_not_collide() {
    let root = scratch();
    let long = "a".repeat(300);
    let input = tf_aws_blocks(root.path(), &[&long, "Job", "job", "short"]);
    let run = || {
        tjspec(root.path())
            .args([
                "convert",
                input.to_str().unwrap(),
                "--to",
                "aws-yaml",
                "--out-dir",
                "out",
            ])
            .output()
            .unwrap()
    };
    let first = run();
    assert_eq!(first.status.code(), Some(0), "{}", show(&first));
    let names = listing(&root.path().join("out"));
    let shortened: Vec<&String> = names.iter().filter(|n| n.starts_with("aaaa")).collect();
    assert_eq!(shortened.len(), 1, "{names:?}");
    assert!(shortened[0].len() <= 255, "{names:?}");
    assert!(names.contains(&"Job.yaml".to_owned()), "{names:?}");
    assert!(names.contains(&"job-2.yaml".to_owned()), "{names:?}");
    assert!(names.contains(&"short.yaml".to_owned()), "{names:?}");
    // The same names every run: nothing is stale or renamed.
    let second = run();
    assert_eq!(second.status.code(), Some(0), "{}", show(&second));
    assert_eq!(listing(&root.path().join("out")), names);
}

#[test]
fn one_unwritable_output_fails_alone() {
    let root = scratch();
    let input = tf_aws_blocks(root.path(), &["first", "blocked", "last"]);
    let out = root.path().join("out");
    // A directory where one output's file would go.
    std::fs::create_dir_all(out.join("blocked.yaml/inside")).unwrap();
    let run = tjspec(root.path())
        .args([
            "convert",
            input.to_str().unwrap(),
            "--to",
            "aws-yaml",
            "--out-dir",
            "out",
        ])
        .output()
        .unwrap();
    let shown = show(&run);
    assert_eq!(run.status.code(), Some(2), "{shown}");
    assert!(shown.contains("writing out/blocked.yaml"), "{shown}");
    assert!(
        out.join("first.yaml").is_file() && out.join("last.yaml").is_file(),
        "{shown}"
    );
    assert!(temp_files(&out).is_empty());
}

#[test]
fn standard_streams_and_devices_are_written_directly() {
    let root = scratch();
    let dir = root.path();
    std::fs::write(dir.join("log.txt"), "earlier\n").unwrap();
    let appended = sh(
        dir,
        &format!("\"$TJSPEC\" convert {VALID} --to aws -o /dev/stdout >> log.txt"),
    );
    assert_eq!(appended.status.code(), Some(0), "{}", show(&appended));
    let log = std::fs::read_to_string(dir.join("log.txt")).unwrap();
    assert!(log.starts_with("earlier\n{"), "{log}");
    // Another descriptor the shell opened for appending.
    let fd3 = sh(
        dir,
        &format!("\"$TJSPEC\" convert {VALID} --to aws -o /dev/fd/3 3>> log.txt"),
    );
    assert_eq!(fd3.status.code(), Some(0), "{}", show(&fd3));
    let log = std::fs::read_to_string(dir.join("log.txt")).unwrap();
    assert_eq!(
        log.matches("\"TrainingJobName\": \"valid\"").count(),
        2,
        "{log}"
    );
    // Into a pipe, by every name of standard output.
    for name in ["-", "/dev/stdout", "/dev/fd/1"] {
        let piped = tjspec(dir)
            .args(["convert", VALID, "--to", "aws", "-o", name])
            .output()
            .unwrap();
        assert_eq!(piped.status.code(), Some(0), "{name}: {}", show(&piped));
        assert!(
            String::from_utf8_lossy(&piped.stdout).contains("\"valid\""),
            "{name}"
        );
    }
    let stderr = tjspec(dir)
        .args(["convert", VALID, "--to", "aws", "-o", "/dev/stderr"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&stderr.stderr).contains("\"valid\""),
        "{}",
        show(&stderr)
    );
    // A device, as someone who cannot create files in /dev.
    let null = unprivileged(dir)
        .args(["convert", VALID, "--to", "aws", "-o", "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(null.status.code(), Some(0), "{}", show(&null));
    // A process substitution (a pipe named /dev/fd/63), where bash is.
    if Path::new("/bin/bash").exists() {
        let substituted = Command::new("/bin/bash")
            .args([
                "-c",
                &format!("\"$TJSPEC\" convert {VALID} --to aws -o >(cat > sub.json); wait $!"),
            ])
            .current_dir(dir)
            .env("TJSPEC", BIN)
            .output()
            .unwrap();
        assert_eq!(substituted.status.code(), Some(0), "{}", show(&substituted));
        let sub = std::fs::read_to_string(dir.join("sub.json")).unwrap();
        assert!(sub.contains("\"valid\""), "{sub}");
    }
    // A named pipe.
    let fifo = dir.join("fifo");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let into_fifo = tjspec(dir)
        .args(["convert", VALID, "--to", "aws", "-o", "fifo"])
        .output()
        .unwrap();
    assert_eq!(into_fifo.status.code(), Some(0), "{}", show(&into_fifo));
    assert!(reader.join().unwrap().contains("\"valid\""));
    assert!(temp_files(dir).is_empty(), "{:?}", listing(dir));
}

#[test]
fn new_files_follow_the_umask() {
    let root = scratch();
    let dir = root.path();
    let out = sh(
        dir,
        &format!(
            "umask 077; \"$TJSPEC\" convert {VALID} --to aws -o new.json && \
             \"$TJSPEC\" convert {VALID} --to aws --out-dir out"
        ),
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(mode(&dir.join("new.json")), 0o600);
    assert_eq!(mode(&dir.join("out/valid.json")), 0o600);
    let out = sh(
        dir,
        &format!("umask 022; \"$TJSPEC\" convert {VALID} --to aws -o other.json"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(mode(&dir.join("other.json")), 0o644);
    // An existing file keeps its mode, whatever the umask.
    set_mode(&dir.join("other.json"), 0o640);
    let out = sh(
        dir,
        &format!("umask 077; \"$TJSPEC\" convert {VALID} --to aws-yaml -o other.json"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(mode(&dir.join("other.json")), 0o640);
}

#[test]
fn closed_or_full_standard_output_is_an_error() {
    let root = scratch();
    let closed = sh(
        root.path(),
        &format!("\"$TJSPEC\" convert {VALID} --to aws >&-"),
    );
    let shown = show(&closed);
    assert_eq!(closed.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains("error: writing standard output: it is closed"),
        "{shown}"
    );
    let full = sh(
        root.path(),
        &format!("\"$TJSPEC\" convert {VALID} --to aws > /dev/full"),
    );
    assert_eq!(full.status.code(), Some(2), "{}", show(&full));
    // Output elsewhere: a closed standard output does not matter.
    let elsewhere = sh(
        root.path(),
        &format!("\"$TJSPEC\" convert {VALID} --to aws -o x.json >&-"),
    );
    assert_eq!(elsewhere.status.code(), Some(0), "{}", show(&elsewhere));
    // /dev/null opened by a redirection is a fine place for output.
    let null = sh(
        root.path(),
        &format!("\"$TJSPEC\" convert {VALID} --to aws > /dev/null"),
    );
    assert_eq!(null.status.code(), Some(0), "{}", show(&null));
}

/// One JSON line per job, each the job in `valid.json` under its own name.
fn job_lines(from: usize, to: usize) -> String {
    let job: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(VALID).unwrap()).unwrap();
    let mut out = String::new();
    for i in from..to {
        let mut j = job.clone();
        j["TrainingJobName"] = format!("job-{i}").into();
        out.push_str(&j.to_string());
        out.push('\n');
    }
    out
}

/// Waits for `child` to end, killing it after a generous limit (a hang).
fn wait_or_kill(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("tjspec did not stop within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_broken_pipe_stops_the_run_quietly() {
    let root = scratch();
    let mut child = tjspec(root.path())
        .args(["convert", "-", "--to", "aws"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Input that keeps coming until tjspec stops reading it.
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let mut fed = 0;
        while fed < 1_000_000 {
            if stdin
                .write_all(job_lines(fed, fed + 100).as_bytes())
                .is_err()
            {
                return (fed, true);
            }
            fed += 100;
        }
        (fed, false)
    });
    // Like `| head -1`: one line, then the pipe is closed.
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert!(line.starts_with('{'), "{line}");
    drop(stdout);
    let status = wait_or_kill(&mut child, Duration::from_secs(120));
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(141), "{stderr}");
    assert_eq!(stderr, "");
    let (fed, stopped) = feeder.join().unwrap();
    assert!(
        stopped,
        "tjspec read all {fed} jobs after its output closed"
    );
}

#[test]
fn a_terminating_signal_removes_temporary_files() {
    use nix::sys::signal::{kill, Signal};
    for signal in [Signal::SIGTERM, Signal::SIGINT, Signal::SIGHUP] {
        let root = scratch();
        let dir = root.path();
        let mut child = tjspec(dir)
            .args(["convert", "-", "--to", "aws", "-o", "out.json"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Enough jobs for output to begin; the input stays open, so the run
        // is still writing its temporary file when the signal comes.
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(job_lines(0, 2000).as_bytes()).unwrap();
        let start = Instant::now();
        while temp_files(dir).is_empty() {
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "no temporary file appeared"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).unwrap());
        kill(pid, signal).unwrap();
        let status = wait_or_kill(&mut child, Duration::from_secs(60));
        drop(stdin);
        assert_eq!(status.code(), Some(128 + signal as i32), "{signal}");
        assert_eq!(temp_files(dir), Vec::<String>::new(), "{signal}");
        assert!(!dir.join("out.json").exists(), "{signal}");
    }
}

#[test]
fn check_writes_nothing_even_beside_the_file() {
    let root = scratch();
    let dir = root.path();
    let ro = dir.join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::copy(VALID, dir.join("valid.json")).unwrap();
    set_mode(&dir.join("valid.json"), 0o644);
    let write = tjspec(dir)
        .args([
            "convert",
            "valid.json",
            "--to",
            "aws-yaml",
            "-o",
            "ro/valid.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(write.status.code(), Some(0), "{}", show(&write));
    set_mode(&ro, 0o555);
    // `--check` of the file, as a user who cannot write beside it.
    let check = |extra: &[&str]| {
        unprivileged(dir)
            .args([
                "convert",
                "valid.json",
                "--to",
                "aws-yaml",
                "-o",
                "ro/valid.yaml",
                "--check",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let checked = check(&[]);
    let shown = show(&checked);
    assert_eq!(checked.status.code(), Some(0), "{shown}");
    assert!(shown.contains("1 output file is up to date"), "{shown}");
    // A change is found in a read-only directory too, and shown as a diff.
    set_mode(&ro, 0o755);
    std::fs::write(ro.join("valid.yaml"), "TrainingJobName: edited\n").unwrap();
    set_mode(&ro.join("valid.yaml"), 0o644);
    set_mode(&ro, 0o555);
    let checked = check(&["--diff"]);
    let shown = show(&checked);
    assert_eq!(checked.status.code(), Some(1), "{shown}");
    assert!(shown.contains("would change: ro/valid.yaml"), "{shown}");
    let stdout = String::from_utf8_lossy(&checked.stdout);
    assert!(
        stdout.starts_with("--- ro/valid.yaml\n+++ ro/valid.yaml\n@@"),
        "{shown}"
    );
    assert!(stdout.contains("\n-TrainingJobName: edited\n"), "{shown}");
    assert!(stdout.contains("\n+TrainingJobName: valid\n"), "{shown}");
    set_mode(&ro, 0o755);
    assert_eq!(listing(&ro), vec!["valid.yaml"]);
}

#[test]
fn a_missing_directory_is_named_with_the_file() {
    let root = scratch();
    let out = tjspec(root.path())
        .args(["convert", VALID, "--to", "aws-yaml", "-o", "newdir/x.yaml"])
        .output()
        .unwrap();
    let shown = show(&out);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains("error: writing newdir/x.yaml: No such file or directory"),
        "{shown}"
    );
    assert!(!shown.contains(".tjspec-"), "{shown}");
}

/// Runs `tjspec convert` in `dir` with `args`.
fn convert(dir: &Path, args: &[&str]) -> Output {
    tjspec(dir).arg("convert").args(args).output().unwrap()
}

#[test]
fn stale_outputs_are_reported_and_pruned() {
    let root = scratch();
    let dir = root.path();
    std::fs::create_dir(dir.join("jobs")).unwrap();
    std::fs::copy(VALID, dir.join("jobs/a.json")).unwrap();
    std::fs::copy(VALID, dir.join("jobs/b.json")).unwrap();
    let b_as = |name: &str| format!("TrainingJobName={name}");
    // b.json's job is renamed `second` (with --set, as an edit would).
    let write = |extra: &[&str]| {
        let mut args = vec![
            "jobs/a.json",
            "jobs/b.json",
            "--to",
            "ack",
            "--out-dir",
            "out",
        ];
        args.extend_from_slice(extra);
        convert(dir, &args)
    };
    let a_only = |extra: &[&str]| {
        let mut args = vec!["jobs/a.json", "--to", "ack", "--out-dir", "out"];
        args.extend_from_slice(extra);
        convert(dir, &args)
    };
    let first = a_only(&[]);
    assert_eq!(first.status.code(), Some(0), "{}", show(&first));
    let second = convert(
        dir,
        &[
            "jobs/b.json",
            "--to",
            "ack",
            "--out-dir",
            "out",
            "--set",
            &b_as("second"),
        ],
    );
    assert_eq!(second.status.code(), Some(0), "{}", show(&second));
    std::fs::write(
        dir.join("out/kustomization.yaml"),
        "resources: [valid.yaml]\n",
    )
    .unwrap();
    assert_eq!(
        listing(&dir.join("out")),
        vec![
            ".tjspec-outputs",
            "kustomization.yaml",
            "second.yaml",
            "valid.yaml"
        ]
    );
    let header = std::fs::read_to_string(dir.join("out/second.yaml")).unwrap();
    assert!(
        header.starts_with("# Generated by tjspec from jobs/b.json; do not edit.\napiVersion:"),
        "{header}"
    );
    // A run over a.json alone (a pre-commit hook passes the changed files):
    // b.json's output is not its business.
    let partial = a_only(&["--check"]);
    let shown = show(&partial);
    assert_eq!(partial.status.code(), Some(0), "{shown}");
    assert!(shown.contains("1 output file is up to date"), "{shown}");
    // b.json's job renamed back to `valid`: `second.yaml` is stale, and
    // both inputs now produce `valid` (b's as valid-2).
    let check = write(&["--check"]);
    let shown = show(&check);
    assert_eq!(check.status.code(), Some(1), "{shown}");
    assert!(shown.contains("would remove: out/second.yaml"), "{shown}");
    assert!(!shown.contains("kustomization"), "{shown}");
    let diff = write(&["--check", "--diff"]);
    let stdout = String::from_utf8_lossy(&diff.stdout);
    assert!(
        stdout.contains("--- out/second.yaml\n+++ /dev/null\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("--- /dev/null\n+++ out/valid-2.yaml\n"),
        "{stdout}"
    );
    // Writing without --prune keeps it and says so.
    let kept = write(&[]);
    let shown = show(&kept);
    assert_eq!(kept.status.code(), Some(0), "{shown}");
    assert!(
        shown.contains("note: out/second.yaml is no longer produced by any job"),
        "{shown}"
    );
    assert!(dir.join("out/second.yaml").exists());
    // A failing input keeps its old outputs: its job may come back.
    std::fs::write(dir.join("jobs/b.json"), "{ broken").unwrap();
    let broken = write(&["--check"]);
    let shown = show(&broken);
    assert!(!shown.contains("would remove: out/valid-2.yaml"), "{shown}");
    std::fs::copy(VALID, dir.join("jobs/b.json")).unwrap();
    let pruned = write(&["--prune"]);
    let shown = show(&pruned);
    assert_eq!(pruned.status.code(), Some(0), "{shown}");
    assert!(shown.contains("removed: out/second.yaml"), "{shown}");
    assert_eq!(
        listing(&dir.join("out")),
        vec![
            ".tjspec-outputs",
            "kustomization.yaml",
            "valid-2.yaml",
            "valid.yaml"
        ]
    );
    let clean = write(&["--check"]);
    let shown = show(&clean);
    assert_eq!(clean.status.code(), Some(0), "{shown}");
    assert!(shown.contains("2 output files are up to date"), "{shown}");
    // A deleted input: its outputs are stale in any run.
    std::fs::remove_file(dir.join("jobs/b.json")).unwrap();
    let deleted = a_only(&["--check"]);
    let shown = show(&deleted);
    assert_eq!(deleted.status.code(), Some(1), "{shown}");
    assert!(shown.contains("would remove: out/valid-2.yaml"), "{shown}");
}

#[test]
fn stale_json_outputs_are_found_through_the_manifest() {
    let root = scratch();
    let dir = root.path();
    std::fs::copy(VALID, dir.join("a.json")).unwrap();
    let first = convert(
        dir,
        &[
            "a.json",
            "--to",
            "aws",
            "--out-dir",
            "out",
            "--set",
            "TrainingJobName=before",
        ],
    );
    assert_eq!(first.status.code(), Some(0), "{}", show(&first));
    let text = std::fs::read_to_string(dir.join("out/before.json")).unwrap();
    assert!(text.starts_with('{'), "JSON has no header: {text}");
    let manifest = std::fs::read_to_string(dir.join("out/.tjspec-outputs")).unwrap();
    assert!(manifest.ends_with("\nbefore.json\ta.json\n"), "{manifest}");
    let check = convert(
        dir,
        &["a.json", "--to", "aws", "--out-dir", "out", "--check"],
    );
    let shown = show(&check);
    assert_eq!(check.status.code(), Some(1), "{shown}");
    assert!(shown.contains("would change: out/valid.json"), "{shown}");
    assert!(shown.contains("would remove: out/before.json"), "{shown}");
    let pruned = convert(
        dir,
        &["a.json", "--to", "aws", "--out-dir", "out", "--prune"],
    );
    assert_eq!(pruned.status.code(), Some(0), "{}", show(&pruned));
    assert_eq!(
        listing(&dir.join("out")),
        vec![".tjspec-outputs", "valid.json"]
    );
    let manifest = std::fs::read_to_string(dir.join("out/.tjspec-outputs")).unwrap();
    assert!(manifest.ends_with("\nvalid.json\ta.json\n"), "{manifest}");
    assert!(!manifest.contains("before"), "{manifest}");
}

#[test]
fn check_diff_shows_changes_as_a_unified_diff() {
    let root = scratch();
    let dir = root.path();
    std::fs::copy(VALID, dir.join("valid.json")).unwrap();
    let write = convert(dir, &["valid.json", "--to", "tf-aws", "--out-dir", "tf"]);
    assert_eq!(write.status.code(), Some(0), "{}", show(&write));
    let edited = convert(
        dir,
        &[
            "valid.json",
            "--to",
            "tf-aws",
            "--out-dir",
            "tf",
            "--check",
            "--diff",
            "--set",
            "ResourceConfig.InstanceCount=2",
        ],
    );
    assert_eq!(edited.status.code(), Some(1), "{}", show(&edited));
    insta::assert_snapshot!("check_diff", show(&edited));
    let usage = convert(dir, &["valid.json", "--to", "aws", "--diff"]);
    assert_eq!(
        usage.status.code(),
        Some(2),
        "--diff needs --check: {}",
        show(&usage)
    );
}
