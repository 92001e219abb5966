//! A protobuf message of endless repeated fields: an empty repeated message
//! is two bytes, so 2 MB held a million `metric_definitions` and decoding
//! them took 0.95 GB. The walk before decoding refuses a message of more
//! than 100,000 fields at the byte where it passes the budget.

use std::time::Duration;

use crate::common::limits::{children_peak_rss_mib, run_limited};

const LIMIT: Duration = Duration::from_secs(60);

/// `algorithm_specification { metric_definitions {} × n }`.
fn empty_metric_definitions(n: usize) -> Vec<u8> {
    let mut len = n * 2;
    let mut b = vec![0x0a];
    while len >= 0x80 {
        b.push((len as u8) | 0x80);
        len >>= 7;
    }
    b.push(len as u8);
    for _ in 0..n {
        b.extend_from_slice(&[0x22, 0x00]);
    }
    b
}

#[test]
fn repeated_fields_are_refused_past_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("metrics.pb");
    std::fs::write(&path, empty_metric_definitions(1_000_000)).unwrap();
    let path = path.to_str().unwrap();
    let ran = run_limited(
        &[
            "convert",
            path,
            "--to",
            "flyteidl-json",
            "--message-format",
            "json",
        ],
        LIMIT,
    );
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
    let want = format!(
        r#"{{"file":"{path}","document":null,"line":null,"column":null,"severity":"error","code":"wire","path":"algorithmSpecification","message":"the message has more than 100000 fields (repeated and nested ones counted); the budget is passed at byte 200002","hint":null}}"#
    );
    assert_eq!(ran.stderr.trim_end(), want);
    let peak = children_peak_rss_mib();
    assert!(peak < 64.0, "peak RSS {peak:.1} MiB");
}
