//! tjspec against encodings written by the released flyteidl 1.10.0 Python
//! package (`tests/fixtures/flyteidl/golden/`, written by
//! `cargo xtask conformance-flyteidl --write-goldens`): reading each and
//! writing it back gives the package's bytes and JSON.

use std::path::Path;

use tjspec::format::{Doc, FormatId, ReadOptions, WriteOptions};
use tjspec::pipeline::render_bytes;
use tjspec::source::Source;

const NAMES: [&str; 3] = ["xgboost-pipe-mpi", "custom-file", "unicode-metrics"];

fn golden(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/flyteidl/golden")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Reads one document, which must read without errors.
fn read(format: FormatId, bytes: Vec<u8>) -> Doc {
    let source = Source::binary("golden", bytes);
    let mut docs = format.format().read(&source, &ReadOptions::default());
    assert_eq!(docs.len(), 1);
    let doc = docs.remove(0);
    assert!(
        !doc.diagnostics.iter().any(|d| d.is_error()),
        "{:?}",
        doc.diagnostics
    );
    Doc::new(doc.job.expect("a job")).with_envelope(doc.envelope)
}

fn write(format: FormatId, doc: &Doc) -> Vec<u8> {
    render_bytes(format, std::slice::from_ref(doc), &WriteOptions::default()).unwrap()
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap()
}

#[test]
fn the_packages_bytes_come_back_as_its_json_and_bytes() {
    for name in NAMES {
        let pb = golden(&format!("{name}.pb"));
        let doc = read(FormatId::Flyteidl, pb.clone());
        assert_eq!(
            json(&write(FormatId::FlyteidlJson, &doc)),
            json(&golden(&format!("{name}.json"))),
            "{name}"
        );
        assert_eq!(write(FormatId::Flyteidl, &doc), pb, "{name}");
    }
}

#[test]
fn the_packages_json_comes_back_as_its_bytes() {
    for name in NAMES {
        let doc = read(FormatId::FlyteidlJson, golden(&format!("{name}.json")));
        assert_eq!(
            write(FormatId::Flyteidl, &doc),
            golden(&format!("{name}.pb")),
            "{name}"
        );
    }
}

#[test]
fn proto_field_names_and_task_templates_read_the_same() {
    let pb = golden("xgboost-pipe-mpi.pb");
    let snake = read(
        FormatId::FlyteidlJson,
        golden("xgboost-pipe-mpi.snake.json"),
    );
    assert_eq!(write(FormatId::Flyteidl, &snake), pb);
    let template = read(FormatId::FlyteidlJson, golden("task-template.json"));
    assert_eq!(write(FormatId::Flyteidl, &template), pb);
    let parts: Vec<_> = template
        .envelope
        .extras
        .iter()
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(parts, ["id", "type", "metadata"]);
}

#[test]
fn the_golden_message_is_the_documented_one() {
    // The encoding of the released message that the project's reference notes give.
    let hex = "0a3b080110011a04302e3930222f0a1076616c69646174696f6e3a6572726f72121b76616c69646174696f6e2d6572726f723a285b302d395c2e5d2b2912140802120c6d6c2e6d342e786c6172676518192001";
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    assert_eq!(golden("xgboost-pipe-mpi.pb"), bytes);
}
