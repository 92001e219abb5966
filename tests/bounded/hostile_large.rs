//! A 100 MB single scalar, generated at test time (not committed): as a
//! YAML document in a stream, as a line of JSON Lines, as a whole JSON
//! document, as an HCL string and as a protobuf string field. Each ends in a clear error, quickly, in bounded memory, with
//! no output, and the other documents of a stream still convert. A 12 MB
//! scalar (below the size limit) goes through the parsers to the length
//! check.
//!
//! In the `bounded` test binary: peak memory is measured over every process
//! it started.

use std::io::Write as _;
use std::time::Duration;

use crate::common::limits::{children_peak_rss_mib, run_limited};

const LIMIT: Duration = Duration::from_secs(120);
const HUGE: usize = 100 * 1024 * 1024;

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

    // In a YAML stream, between two good documents.
    let yaml = dir.path().join("huge.yaml");
    write_with_scalar(
        &yaml,
        &format!("{JOB_YAML}---\nTrainingJobName: "),
        HUGE,
        &format!("\n---\n{JOB_YAML}"),
    );
    // In JSON Lines, between two good lines.
    let jsonl = dir.path().join("huge.jsonl");
    write_with_scalar(
        &jsonl,
        &format!("{JOB_JSON}\n{{\"TrainingJobName\": \""),
        HUGE,
        &format!("\"}}\n{JOB_JSON}\n"),
    );
    for (path, line, size) in [(&yaml, 5, HUGE + 22), (&jsonl, 2, HUGE + 24)] {
        let out = dir.path().join("out.jsonl");
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
        assert_eq!(
            diags[0]["message"],
            format!("the document is {size} bytes long; documents of more than 16 MiB are not read (a training job is a few kilobytes)")
        );
        // The good documents around it are converted.
        let written = std::fs::read_to_string(&out).unwrap();
        assert_eq!(written.lines().count(), 2, "{path:?}");
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
    assert_eq!(
        diags[0]["message"],
        format!("the document is {} bytes long; documents of more than 64 MiB are not read (a training job is a few kilobytes)", HUGE + 28)
    );

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
        let size = std::fs::metadata(path).unwrap().len();
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
        assert_eq!(
            diags[0]["message"],
            format!("the document is {size} bytes long; documents of more than 64 MiB are not read (a training job is a few kilobytes)")
        );
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
