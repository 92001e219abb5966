//! A 100 MB single scalar, generated at test time (not committed): as a
//! YAML document in a stream, as a line of JSON Lines, as a whole JSON
//! document, as an HCL string and as a protobuf string field. Each ends in
//! a clear error, quickly, in bounded memory, with no output; reading stops
//! at 64 MiB. A 20 MiB document of a stream is passed over and the other
//! documents still convert. A 12 MB scalar (below the size limit) goes
//! through the parsers to the length check.
//!
//! Peak memory is measured per run (see `tests/common/limits.rs`).

use std::io::Write as _;
use std::time::Duration;

use crate::common::limits::{children_peak_rss_mib, run_limited};

const LIMIT: Duration = Duration::from_secs(120);
const HUGE: usize = 100 * 1024 * 1024;
/// Over the 16 MiB limit of a document in a stream, under the 64 MiB at
/// which reading stops.
const SKIPPED: usize = 20 * 1024 * 1024;

/// An input read whole stops at the limit.
const STOPPED: &str =
    "the input is larger than 64 MiB; stopped reading (a training job is a few kilobytes)";

const JOB_JSON: &str = r#"{"TrainingJobName":"small","RoleArn":"arn:aws:iam::111122223333:role/SageMakerTraining","OutputDataConfig":{"S3OutputPath":"s3://acme-ml/out/"}}"#;
const JOB_YAML: &str = "TrainingJobName: small\nRoleArn: arn:aws:iam::111122223333:role/SageMakerTraining\nOutputDataConfig:\n  S3OutputPath: s3://acme-ml/out/\n";

fn write_with_scalar(path: &std::path::Path, before: &str, len: usize, after: &str) {
    std::fs::write(path, before).unwrap();
    write_with_scalar_append(path, len);
    let mut f = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(after.as_bytes()).unwrap();
}

/// Appends `len` bytes of `a` to the file at `path`.
fn write_with_scalar_append(path: &std::path::Path, len: usize) {
    let mut f =
        std::io::BufWriter::new(std::fs::OpenOptions::new().append(true).open(path).unwrap());
    let block = vec![b'a'; 1 << 20];
    let mut left = len;
    while left > 0 {
        let n = left.min(block.len());
        f.write_all(&block[..n]).unwrap();
        left -= n;
    }
    f.flush().unwrap();
}

/// A scalar of `len` bytes in the second document of a YAML stream and of
/// JSON Lines, between two good documents.
fn stream_with_scalar(dir: &std::path::Path, len: usize, stopped: bool) {
    let yaml = dir.join("huge.yaml");
    write_with_scalar(
        &yaml,
        &format!("{JOB_YAML}---\nTrainingJobName: "),
        len,
        &format!("\n---\n{JOB_YAML}"),
    );
    let jsonl = dir.join("huge.jsonl");
    write_with_scalar(
        &jsonl,
        &format!("{JOB_JSON}\n{{\"TrainingJobName\": \""),
        len,
        &format!("\"}}\n{JOB_JSON}\n"),
    );
    for (path, line, size) in [(&yaml, 5, len + 22), (&jsonl, 2, len + 24)] {
        let out = dir.join("out.jsonl");
        let ran = run_limited(
            &[
                "convert",
                path.to_str().unwrap(),
                "--to",
                "aws",
                "--message-format",
                "json",
                "-o",
                out.to_str().unwrap(),
            ],
            LIMIT,
        );
        assert_eq!(ran.code, Some(1), "{}", ran.stderr);
        let diags = json_lines(&ran);
        assert_eq!(diags.len(), 1, "{}", ran.stderr);
        assert_eq!(diags[0]["code"], "too-large");
        assert_eq!(diags[0]["document"], 2, "counted from 1");
        assert_eq!(diags[0]["line"], line);
        let (message, converted) = if stopped {
            // Reading stops in it: the document before it is converted.
            ("the document is larger than 64 MiB; stopped reading the input there (a training job is a few kilobytes)".to_owned(), 1)
        } else {
            // Passed over: the good documents around it are converted.
            (format!("the document is {size} bytes long; documents of more than 16 MiB are not read (a training job is a few kilobytes)"), 2)
        };
        assert_eq!(diags[0]["message"], message);
        let written = std::fs::read_to_string(&out).unwrap();
        assert_eq!(written.lines().count(), converted, "{path:?}");
    }
}

fn json_lines(ran: &crate::common::limits::Ran) -> Vec<serde_json::Value> {
    ran.stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect()
}

#[test]
#[ignore = "100 MB inputs: run through the release binary in CI (`--release -- --ignored`)"]
fn a_100_mb_scalar_is_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();

    for (len, stopped) in [(SKIPPED, false), (HUGE, true)] {
        stream_with_scalar(dir.path(), len, stopped);
    }

    // A whole JSON document is read whole, up to 64 MiB.
    let json = dir.path().join("huge.json");
    write_with_scalar(&json, "{\n  \"TrainingJobName\": \"", HUGE, "\"\n}\n");
    let ran = run_limited(
        &[
            "convert",
            json.to_str().unwrap(),
            "--to",
            "aws-yaml",
            "--message-format",
            "json",
        ],
        LIMIT,
    );
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
    let diags = json_lines(&ran);
    assert_eq!(diags.len(), 1, "{}", ran.stderr);
    assert_eq!(diags[0]["code"], "too-large");
    assert_eq!(diags[0]["message"], STOPPED);

    // HCL and protobuf binary files are read whole too, with the same limit.
    let tf = dir.path().join("huge.tf");
    write_with_scalar(
        &tf,
        "resource \"aws_sagemaker_training_job\" \"huge\" {\n  training_job_name = \"",
        HUGE,
        "\"\n}\n",
    );
    // training_job_resource_config (field 2) { instance_type (field 2) = 100 MB }
    let pb = dir.path().join("huge.pb");
    let len = |n: usize| -> Vec<u8> {
        let mut v = Vec::new();
        let mut n = n as u64;
        while n >= 0x80 {
            v.push((n as u8) | 0x80);
            n >>= 7;
        }
        v.push(n as u8);
        v
    };
    let inner = [vec![0x12], len(HUGE)].concat();
    let outer = [vec![0x12], len(inner.len() + HUGE), inner].concat();
    std::fs::write(&pb, outer).unwrap();
    write_with_scalar_append(&pb, HUGE);
    for (path, to) in [(&tf, "aws"), (&pb, "flyteidl-json")] {
        let ran = run_limited(
            &[
                "convert",
                path.to_str().unwrap(),
                "--to",
                to,
                "--message-format",
                "json",
            ],
            LIMIT,
        );
        assert_eq!(ran.code, Some(1), "{}", ran.stderr);
        assert_eq!(ran.stdout, "");
        let diags = json_lines(&ran);
        assert_eq!(diags.len(), 1, "{}", ran.stderr);
        assert_eq!(diags[0]["code"], "too-large");
        assert_eq!(diags[0]["message"], STOPPED);
    }

    // Below the limit, a 12 MB scalar is parsed and fails the length check,
    // its message quoting only the start of the value.
    let big = dir.path().join("big.json");
    write_with_scalar(&big, "{\"TrainingJobName\": \"", 12 << 20, "\"}\n");
    let ran = run_limited(
        &[
            "convert",
            big.to_str().unwrap(),
            "--to",
            "aws",
            "--message-format",
            "json",
        ],
        LIMIT,
    );
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
    let diags = json_lines(&ran);
    assert_eq!(diags[0]["code"], "length", "{}", ran.stderr);
    assert_eq!(
        diags[0]["message"],
        format!(
            "is {} characters long, longer than the maximum of 63",
            12 << 20
        )
    );
    assert!(ran.stderr.len() < 4096, "the diagnostics quote the value");
    // The same in the human format: the snippet must not print the line whole.
    let human = run_limited(&["validate", big.to_str().unwrap()], LIMIT);
    assert_eq!(human.code, Some(1));
    assert!(
        human.stderr.len() < 64 * 1024,
        "{} bytes of diagnostics",
        human.stderr.len()
    );

    // Streams are never held whole; the whole JSON document at most once or twice.
    let peak = children_peak_rss_mib();
    assert!(peak < 256.0, "peak RSS {peak:.1} MiB");
}
