//! Many findings in one document: the human and GitHub formats print the
//! first 100 and one line counting the rest; the JSON format prints up to
//! 1,000 and one finding counting the rest. Snippets are found in a line
//! index, so printing costs the snippets, not findings × input size (40,000
//! unknown fields took 37 s to print, and a finding per item of a
//! million-item list 630 MB to keep).

use std::time::Duration;

use crate::common::limits::{children_peak_rss_mib, run_limited};

/// Generous for a debug build on a busy machine; a hang takes forever.
const LIMIT: Duration = Duration::from_secs(60);

/// A job with `n` unknown fields, one per line.
fn unknown_fields(n: usize) -> String {
    let mut s = String::from(
        "{\n\"TrainingJobName\": \"j\",\n\"RoleArn\": \"arn:aws:iam::111122223333:role/R\",\n\"OutputDataConfig\": {\"S3OutputPath\": \"s3://a/b\"}",
    );
    for i in 0..n {
        s.push_str(&format!(",\n\"Unknown{i}\": 1"));
    }
    s.push_str("\n}\n");
    s
}

fn json_findings(stderr: &str) -> Vec<serde_json::Value> {
    stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect()
}

#[test]
fn printed_findings_are_capped_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.json");
    std::fs::write(&path, unknown_fields(500)).unwrap();
    let path = path.to_str().unwrap();

    let human = run_limited(&["validate", path], LIMIT);
    assert_eq!(human.code, Some(1), "{}", human.stderr);
    assert_eq!(human.stderr.matches("error[unknown-field]").count(), 100);
    assert!(
        human.stderr.contains(&format!(
            "{path}: and 400 more findings, not shown (`--message-format json` prints up to 1000 of a document)"
        )),
        "{}",
        human.stderr
    );
    let github = run_limited(&["validate", path, "--message-format", "github"], LIMIT);
    assert_eq!(github.stderr.matches("::error ").count(), 100);
    assert!(
        github.stderr.contains(&format!(
            "::notice file={path},title=tjspec::and 400 more findings"
        )),
        "{}",
        github.stderr
    );

    // The JSON format has every one.
    let json = run_limited(&["validate", path, "--message-format", "json"], LIMIT);
    let found = json_findings(&json.stdout);
    assert_eq!(found.len(), 500);
    assert!(found.iter().all(|f| f["code"] == "unknown-field"));
}

#[test]
fn many_findings_print_quickly_and_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.json");
    std::fs::write(&path, unknown_fields(40_000)).unwrap();
    let path = path.to_str().unwrap();

    let human = run_limited(&["validate", path], LIMIT);
    assert_eq!(human.code, Some(1), "{}", human.stderr);
    assert!(
        human
            .stderr
            .contains(&format!("{path}: and 39900 more findings, not shown")),
        "{}",
        human.stderr
    );
    // The last one shown is the 100th, with its snippet.
    assert!(
        human.stderr.contains("104 │ \"Unknown99\": 1"),
        "{}",
        human.stderr
    );

    let json = run_limited(&["validate", path, "--message-format", "json"], LIMIT);
    let found = json_findings(&json.stdout);
    assert_eq!(found.len(), 1001);
    assert_eq!(found[999]["path"], "Unknown999");
    assert_eq!(found[1000]["code"], "not-kept");
    assert_eq!(
        found[1000]["message"],
        "39000 more findings not kept (only the first 1000 of a document are)"
    );
    assert_eq!(found[1000]["severity"], "error");

    // A finding per item of a long list on one line (within the node
    // budget): kept findings are capped.
    let list = dir.path().join("list.json");
    let items = vec!["1"; 90_000].join(",");
    std::fs::write(
        &list,
        format!("{{\"TrainingJobName\":\"j\",\"RoleArn\":\"arn:aws:iam::111122223333:role/R\",\"OutputDataConfig\":{{\"S3OutputPath\":\"s3://a/b\"}},\"AlgorithmSpecification\":{{\"TrainingInputMode\":\"File\",\"TrainingImage\":\"x\",\"ContainerEntrypoint\":[{items}]}}}}"),
    )
    .unwrap();
    let json = run_limited(
        &[
            "validate",
            list.to_str().unwrap(),
            "--message-format",
            "json",
        ],
        LIMIT,
    );
    assert_eq!(json.code, Some(1));
    let found = json_findings(&json.stdout);
    assert!(found.len() <= 1001, "{} findings kept", found.len());
    let human = run_limited(&["validate", list.to_str().unwrap()], LIMIT);
    assert_eq!(human.code, Some(1));
    assert!(
        human.stderr.contains("more findings, not shown"),
        "{}",
        human.stderr
    );

    let peak = children_peak_rss_mib();
    assert!(peak < 64.0, "peak RSS {peak:.1} MiB");
}

/// A top-level array of millions of small values: each element would be a
/// document with a result of its own (gigabytes); past the document budget
/// the input is refused, at the element that passes it.
#[test]
fn a_huge_top_level_array_is_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("array.json");
    // Written in pieces: a test process holding the whole text would pass
    // its size on to the child it forks, and the child's peak would show it.
    {
        use std::io::Write as _;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        f.write_all(b"[1").unwrap();
        for _ in 1..4_000_000 {
            f.write_all(b",1").unwrap();
        }
        f.write_all(b"]").unwrap();
    }
    let path = path.to_str().unwrap();
    let ran = run_limited(
        &[
            "validate",
            path,
            "--from",
            "aws",
            "--message-format",
            "json",
        ],
        LIMIT,
    );
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    let found = json_findings(&ran.stdout);
    assert_eq!(found.len(), 1, "{}", ran.stdout);
    assert_eq!(found[0]["line"], 1);
    assert_eq!(found[0]["column"], 20_002);
    assert!(found[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("the input holds more than 10000 documents"));
    let peak = children_peak_rss_mib();
    assert!(peak < 64.0, "peak RSS {peak:.1} MiB");
}

/// Suppression comments by the tens of thousands: each finding finds its
/// comment by line, and the warnings about comments that suppress nothing
/// are capped like a document's findings.
#[test]
fn many_suppression_comments() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let path = dir.path().join("hostile.yaml");
    let mut text = String::from(
        "TrainingJobName: j\nRoleArn: arn:aws:iam::111122223333:role/R\nAlgorithmSpecification:\n  TrainingImage: 111122223333.dkr.ecr.us-east-1.amazonaws.com/t:1\n  TrainingInputMode: File\nOutputDataConfig:\n  S3OutputPath: s3://a/b\nResourceConfig:\n  InstanceType: ml.m5.xlarge\n  InstanceCount: 1\n  VolumeSizeInGB: 30\nStoppingCondition:\n  MaxRuntimeInSeconds: 3600\nEnvironment:\n",
    );
    // The schema allows 100 environment entries.
    for i in 0..100 {
        text.push_str(&format!(
            "  # tjspec:ignore secret-in-environment -- test {i}\n  DB{i}_PASSWORD: x\n"
        ));
    }
    for _ in 0..40_000 {
        text.push_str("# tjspec:ignore vpc-config -- stale\n");
    }
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap();
    let json = run_limited(
        &[
            "validate",
            path,
            "--from",
            "aws-yaml",
            "--message-format",
            "json",
        ],
        LIMIT,
    );
    let found = json_findings(&json.stdout);
    let suppressed = found.iter().filter(|f| f["suppressed"] == true).count();
    assert_eq!(suppressed, 100, "{}", json.stderr);
    let stale = found.iter().filter(|f| f["code"] == "suppression").count();
    assert_eq!(stale, 1000);
    assert_eq!(found.last().unwrap()["code"], "not-kept");
}
