//! HCL objects with very many keys: `hcl-edit` is super-linear in them
//! (40,000 keys took 11 s; a million, 18 MB, never finished), so they are
//! refused by a linear pass before the parser sees them, with the
//! position of the object.

use std::time::Duration;

use crate::common::limits::{children_peak_rss_mib, run_limited};

const LIMIT: Duration = Duration::from_secs(60);

fn job_with_keys(n: usize) -> String {
    let mut s = String::from(
        "resource \"aws_sagemaker_training_job\" \"j\" {\n  training_job_name = \"j\"\n  hyper_parameters = {\n",
    );
    for i in 0..n {
        s.push_str(&format!("    k{i} = \"v\"\n"));
    }
    s.push_str("  }\n}\n");
    s
}

#[test]
fn objects_with_too_many_keys_are_refused_at_the_object() {
    let dir = tempfile::tempdir().unwrap();
    for n in [40_000, 1_000_000] {
        let path = dir.path().join(format!("keys-{n}.tf"));
        std::fs::write(&path, job_with_keys(n)).unwrap();
        let ran = run_limited(
            &[
                "convert",
                path.to_str().unwrap(),
                "--to",
                "aws",
                "--message-format",
                "json",
            ],
            LIMIT,
        );
        assert_eq!(ran.code, Some(1), "{}", ran.stderr);
        assert_eq!(ran.stdout, "");
        let want = format!(
            r#"{{"file":"{}","document":null,"line":3,"column":22,"severity":"error","code":"syntax","path":"","message":"this object or block has more than 10000 entries (a training job's largest map has 100)","hint":null}}"#,
            path.to_str().unwrap()
        );
        assert_eq!(ran.stderr.trim_end(), want);
    }
    // Under the budget, the schema's own limit speaks (100 hyperparameters).
    let path = dir.path().join("keys-200.tf");
    std::fs::write(&path, job_with_keys(200)).unwrap();
    let ran = run_limited(
        &[
            "validate",
            path.to_str().unwrap(),
            "--message-format",
            "json",
        ],
        LIMIT,
    );
    assert!(
        ran.stdout
            .contains("has 200 entries, more than the maximum of 100"),
        "{}",
        ran.stdout
    );
    let peak = children_peak_rss_mib();
    assert!(peak < 64.0, "peak RSS {peak:.1} MiB");
}
