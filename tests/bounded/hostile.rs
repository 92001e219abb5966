//! Hostile and broken input (`tests/hostile/`): every input ends in the
//! exact error listed here — no panic, no hang, bounded memory and no
//! output. A byte order mark and CRLF line ends are legal encodings of
//! valid documents: those inputs convert, to exactly what their plain
//! twins convert to.
//!
//! Every reader has its cases: JSON, YAML, HCL (deep nesting, repeated
//! keys, template directives, heredocs that interpolate) and protobuf
//! binary (truncated messages, impossible lengths, over-long varints, wrong
//! wire types, unknown enum numbers). A heredoc without interpolation is a
//! literal string and converts (tests/it/cli_terraform.rs).

use std::time::Duration;

use crate::common::limits::{children_peak_rss_mib, run_limited};

/// Generous for a debug build on a busy machine; a hang takes forever.
const LIMIT: Duration = Duration::from_secs(60);

/// Every hostile input with the diagnostics it must produce
/// (`--message-format json`, one line each, file name left out).
const CASES: &[(&str, &[&str])] = &[
    (
        "alias-bomb.yaml",
        &[
            r#""line":13,"column":14,"severity":"error","code":"syntax","path":"","message":"the document expands to more than 100000 nodes (an alias bomb?)","hint":null}"#,
        ],
    ),
    (
        "deep-nesting.yaml",
        &[
            r#""line":2,"column":273,"severity":"error","code":"syntax","path":"","message":"nesting deeper than 64 levels","hint":null}"#,
        ],
    ),
    (
        "deep-nesting-block.yaml",
        &[
            r#""line":66,"column":129,"severity":"error","code":"syntax","path":"","message":"nesting deeper than 64 levels","hint":null}"#,
        ],
    ),
    (
        "deep-nesting.json",
        &[
            r#""line":1,"column":111,"severity":"error","code":"syntax","path":"","message":"nesting deeper than 64 levels","hint":null}"#,
        ],
    ),
    (
        "duplicate-key.json",
        &[
            r#""line":4,"column":5,"severity":"error","code":"duplicate-key","path":"RoleArn","message":"duplicate key `RoleArn`","hint":"remove one of the two entries"}"#,
        ],
    ),
    (
        "duplicate-hyperparameter.json",
        &[
            r#""line":10,"column":9,"severity":"error","code":"duplicate-key","path":"HyperParameters.eta","message":"duplicate key `eta`","hint":"remove one of the two entries"}"#,
        ],
    ),
    (
        "duplicate-hyperparameter.yaml",
        &[
            r#""line":9,"column":3,"severity":"error","code":"duplicate-key","path":"HyperParameters.eta","message":"duplicate key `eta`","hint":"remove one of the two entries"}"#,
        ],
    ),
    (
        "sm-operator-duplicate-hyperparameter.yaml",
        &[
            r#""line":10,"column":19,"severity":"error","code":"duplicate-key","path":"spec.hyperParameters[1].name","message":"`eta` is named twice","hint":"remove one of the two entries"}"#,
        ],
    ),
    (
        "sm-operator-pair-value-map.yaml",
        &[
            r#""line":11,"column":14,"severity":"error","code":"type","path":"spec.hyperParameters.eta","message":"expected a string, found a map","hint":null}"#,
        ],
    ),
    (
        "yaml11-bool-for-string.yaml",
        &[
            r#""line":8,"column":7,"severity":"error","code":"yaml11-bool","path":"AlgorithmSpecification.ContainerEntrypoint[1]","message":"`on` is a boolean to YAML 1.1 readers such as kubectl","hint":"quote it: \"on\""}"#,
        ],
    ),
    (
        "yaml11-bool-for-bool.yaml",
        &[
            r#""line":16,"column":28,"severity":"error","code":"yaml11-bool","path":"EnableManagedSpotTraining","message":"`yes` is a YAML 1.1 boolean; YAML 1.2 readers see a string","hint":"write true or false"}"#,
        ],
    ),
    (
        "int-beyond-i32.json",
        &[
            r#""line":16,"column":26,"severity":"error","code":"out-of-range","path":"ResourceConfig.InstanceCount","message":"4294967296 does not fit in a 32-bit integer (-2147483648 to 2147483647)","hint":null}"#,
        ],
    ),
    (
        "int-beyond-i64.json",
        &[
            r#""line":32,"column":25,"severity":"error","code":"out-of-range","path":"InputDataConfig[0].ShuffleConfig.Seed","message":"9223372036854775808 does not fit in a 64-bit integer (-9223372036854775808 to 9223372036854775807)","hint":null}"#,
        ],
    ),
    (
        "int-beyond-i128.yaml",
        &[
            r#""line":12,"column":18,"severity":"error","code":"out-of-range","path":"ResourceConfig.InstanceCount","message":"1e45 does not fit in a 32-bit integer (-2147483648 to 2147483647)","hint":null}"#,
        ],
    ),
    (
        "nan.yaml",
        &[
            r#""line":18,"column":12,"severity":"error","code":"not-finite","path":"FinalMetricDataList[0].Value","message":"NaN and infinite numbers are not allowed (JSON and the AWS API cannot carry them)","hint":null}"#,
        ],
    ),
    (
        "nan.json",
        &[
            r#""line":17,"column":27,"severity":"error","code":"syntax","path":"","message":"expected a JSON value, found `NaN` (JSON has no NaN or infinity, and training job numbers must be finite)","hint":null}"#,
        ],
    ),
    (
        "inf-for-integer.yaml",
        &[
            r#""line":15,"column":24,"severity":"error","code":"type","path":"StoppingCondition.MaxRuntimeInSeconds","message":"expected an integer, found the number inf","hint":null}"#,
        ],
    ),
    (
        "float-for-integer.json",
        &[
            r#""line":16,"column":26,"severity":"error","code":"type","path":"ResourceConfig.InstanceCount","message":"expected an integer, found the number 2.0","hint":"write it without a fraction or exponent: 2"}"#,
            r#""line":17,"column":27,"severity":"error","code":"type","path":"ResourceConfig.VolumeSizeInGB","message":"expected an integer, found the number 30.0","hint":"write it without a fraction or exponent: 30"}"#,
        ],
    ),
    (
        "invalid-utf8.json",
        &[
            r#""line":2,"column":29,"severity":"error","code":"encoding","path":"","message":"the input is not UTF-8 (invalid byte 0xff)","hint":null}"#,
        ],
    ),
    (
        "deep-nesting.tf",
        &[
            r#""line":2,"column":400,"severity":"error","code":"syntax","path":"","message":"nesting deeper than 64 levels","hint":null}"#,
        ],
    ),
    (
        "duplicate-key.tf",
        &[
            r#""line":4,"column":3,"severity":"error","code":"duplicate-key","path":"training_job_name","message":"duplicate key `training_job_name`","hint":"remove one of the two entries"}"#,
        ],
    ),
    (
        "duplicate-hyperparameter.tf",
        &[
            r#""line":15,"column":7,"severity":"error","code":"duplicate-key","path":"spec.hyper_parameters.eta","message":"duplicate key `eta`","hint":"remove one of the two entries"}"#,
        ],
    ),
    (
        "hcl-template-directive.tf",
        &[
            r#""line":9,"column":25,"severity":"error","code":"expression","path":"spec.role_arn","message":"`\"%{if var.production}arn:aws:iam::111122223333:role/Prod%{el…` is an expression; only literal values convert","hint":"write the value itself, or pass --keep-expressions to carry expressions to tf-k8s and tf-aws outputs"}"#,
        ],
    ),
    (
        "hcl-heredoc-interpolation.tf",
        &[
            r#""line":12,"column":17,"severity":"error","code":"expression","path":"hyper_parameters.objective","message":"`<<-EOT\n      ${var.objective}\n    EOT` is an expression; only literal values convert","hint":"write the value itself, or pass --keep-expressions to carry expressions to tf-k8s and tf-aws outputs"}"#,
        ],
    ),
    (
        "hcl-unknown-directive.tf",
        &[
            r#""line":13,"column":9,"severity":"error","code":"syntax","path":"","message":"`%{ of` is not a template directive (they are `if`, `else`, `endif`, `for` and `endfor`); write `%%{` for a literal `%{`","hint":null}"#,
        ],
    ),
    (
        "flyteidl-truncated.pb",
        &[
            r#""line":null,"column":null,"severity":"error","code":"wire","path":"algorithmSpecification","message":"truncated input: field 1 at byte 0 says it holds 59 bytes, but only 48 remain in the input","hint":null}"#,
        ],
    ),
    (
        "flyteidl-huge-length.pb",
        &[
            r#""line":null,"column":null,"severity":"error","code":"wire","path":"algorithmSpecification","message":"truncated input: field 1 at byte 0 says it holds 4294967295 bytes, but only 2 remain in the input","hint":null}"#,
        ],
    ),
    (
        "flyteidl-overlong-varint.pb",
        &[
            r#""line":null,"column":null,"severity":"error","code":"wire","path":"trainingJobResourceConfig.instanceCount","message":"the varint value at byte 3 is longer than a varint can be (10 bytes at most)","hint":null}"#,
        ],
    ),
    (
        "flyteidl-wrong-wire-type.pb",
        &[
            r#""line":null,"column":null,"severity":"error","code":"wire","path":"trainingJobResourceConfig.instanceCount","message":"field 1 `instance_count` of TrainingJobResourceConfig is int64, written with wire type 0 (varint), but the tag at byte 2 has wire type 2 (length-delimited)","hint":null}"#,
        ],
    ),
    (
        "flyteidl-unknown-enum.pb",
        &[
            r#""line":null,"column":null,"severity":"error","code":"enum","path":"algorithmSpecification.inputMode","message":"unknown enum number 7 for InputMode.Value; known values: 0 (FILE), 1 (PIPE) (the field's tag is at byte 2)","hint":null}"#,
        ],
    ),
];

/// The format a hostile input is converted to: one that asks nothing more
/// of the input, so the reader's error is the only one.
fn target(name: &str) -> &'static str {
    if name.ends_with(".pb") {
        "flyteidl-json"
    } else {
        "aws"
    }
}

#[test]
fn every_hostile_input_ends_in_its_exact_error() {
    let dir = tempfile::tempdir().unwrap();
    for (name, expected) in CASES {
        let path = format!("tests/hostile/{name}");
        let out = dir.path().join(format!("{name}.out.json"));
        let ran = run_limited(
            &[
                "convert",
                &path,
                "--to",
                target(name),
                "--message-format",
                "json",
                "-o",
                out.to_str().unwrap(),
            ],
            LIMIT,
        );
        assert_eq!(ran.code, Some(1), "{name}: exit status\n{}", ran.stderr);
        assert_eq!(ran.stdout, "", "{name}: standard output");
        assert!(!out.exists(), "{name}: an output file was written");
        let prefix = format!(r#"{{"file":"{path}","document":null,"#);
        let want: Vec<String> = expected.iter().map(|e| format!("{prefix}{e}")).collect();
        let got: Vec<&str> = ran.stderr.lines().collect();
        assert_eq!(got, want, "{name}");

        // People get the same finding with its position, and no panic.
        let human = run_limited(&["validate", &path], LIMIT);
        assert_eq!(human.code, Some(1), "{name}: {}", human.stderr);
        assert!(
            !human.stderr.contains("panicked"),
            "{name}: {}",
            human.stderr
        );
        let first: serde_json::Value = serde_json::from_str(&want[0]).unwrap();
        // Binary inputs have no lines: their messages name the byte.
        let at = if first["line"].is_null() {
            path.clone()
        } else {
            format!("{path}:{}:{}", first["line"], first["column"])
        };
        assert!(
            human.stderr.contains(&at),
            "{name}: no {at} in\n{}",
            human.stderr
        );
        // The message up to its first quoted part, with the terminal's
        // line wrapping undone.
        let words = |t: &str| -> String {
            t.split_whitespace()
                .filter(|w| *w != "│")
                .collect::<Vec<_>>()
                .join(" ")
        };
        let opening = words(
            first["message"]
                .as_str()
                .unwrap()
                .split('`')
                .next()
                .unwrap(),
        );
        assert!(
            words(&human.stderr).contains(&opening),
            "{name}: {}",
            human.stderr
        );
    }
    // Alias bombs and deep nesting are refused before they cost memory.
    let peak = children_peak_rss_mib();
    assert!(peak < 64.0, "a hostile input took {peak:.1} MiB");
}

/// Converts `text` (written to a file named `name`) to `to`.
fn convert_text(dir: &std::path::Path, name: &str, text: &[u8], to: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let ran = run_limited(&["convert", path.to_str().unwrap(), "--to", to], LIMIT);
    assert_eq!(ran.code, Some(0), "{name}: {}", ran.stderr);
    // Nothing but a stream's one-line summary.
    let findings: Vec<&str> = ran
        .stderr
        .lines()
        .filter(|l| !l.contains(" documents from 1 file: "))
        .collect();
    assert!(findings.is_empty(), "{name}: {}", ran.stderr);
    ran.stdout
}

/// A byte order mark and CRLF line ends are accepted, and the output is
/// exactly that of the same document without them.
#[test]
fn bom_and_crlf_convert_like_their_plain_twins() {
    let dir = tempfile::tempdir().unwrap();
    for (name, twin) in [
        ("bom.json", "plain.json"),
        ("bom.yaml", "plain.yaml"),
        ("crlf.json", "lf.json"),
        ("crlf-stream.yaml", "lf-stream.yaml"),
        ("crlf-block-scalar.yaml", "lf-block-scalar.yaml"),
    ] {
        let bytes = std::fs::read(format!("tests/hostile/{name}")).unwrap();
        let plain = String::from_utf8(bytes.clone())
            .unwrap()
            .trim_start_matches('\u{feff}')
            .replace("\r\n", "\n");
        assert_ne!(plain.as_bytes(), &bytes[..], "{name} is plain already");
        for to in ["aws", "aws-yaml"] {
            let got = convert_text(dir.path(), name, &bytes, to);
            let want = convert_text(dir.path(), twin, plain.as_bytes(), to);
            assert_eq!(got, want, "{name} --to {to}");
            assert!(!got.contains('\r') && !got.contains('\u{feff}'), "{name}");
        }
    }
    // The block scalar's lines end in `\n` only, as YAML says line breaks are read.
    let yaml = std::fs::read("tests/hostile/crlf-block-scalar.yaml").unwrap();
    let json = convert_text(dir.path(), "block.yaml", &yaml, "aws");
    assert!(
        json.contains(r#""NOTES": "first line\nsecond line\n""#),
        "{json}"
    );
    // Both documents of the CRLF stream come through.
    let stream = std::fs::read("tests/hostile/crlf-stream.yaml").unwrap();
    let lines = convert_text(dir.path(), "stream.yaml", &stream, "aws");
    assert_eq!(lines.lines().count(), 2, "{lines}");
}
