//! The generator refuses inconsistent schemas with messages that name the problem.

use tjspec_codegen::model::Model;
use tjspec_codegen::schema;

const HEAD: &str =
    "source: {service: sagemaker, api_version: \"2017-07-24\", botocore: \"1.44.5\"}\n";

fn problems(text: &str) -> Vec<String> {
    let raw = schema::parse(&format!("{HEAD}{text}")).expect("parses");
    Model::build(raw).expect_err("the schema is inconsistent")
}

#[test]
fn unknown_keys_are_syntax_errors() {
    let e = schema::parse(&format!(
        "{HEAD}job: {{name: J, doc: d, members: {{}}, extra: 1}}\nshapes: {{}}\n"
    ))
    .unwrap_err();
    assert!(e.contains("extra"), "{e}");
    let e = schema::parse(&format!(
        "{HEAD}job: {{name: J, doc: d, members: {{A: {{shape: S, doc: d}}}}}}\nshapes: {{S: {{type: string, lenght: 3}}}}\n"
    ))
    .unwrap_err();
    assert!(e.contains("lenght"), "{e}");
}

#[test]
fn dangling_references_are_named() {
    let p = problems("job: {name: J, doc: d, members: {A: {shape: Missing, doc: d}}}\nshapes: {S: {type: string}}\n");
    assert!(
        p.iter()
            .any(|p| p.contains("job member `A` refers to shape `Missing`")),
        "{p:?}"
    );
}

#[test]
fn duplicate_rust_names_are_refused() {
    let p = problems(
        "job: {name: J, doc: d, members: {S3Uri: {shape: S, doc: d}, S3_Uri: {shape: S, doc: d}}}\nshapes: {S: {type: string}}\n",
    );
    assert!(
        p.iter()
            .any(|p| p.contains("two members get the Rust field name `s3_uri`")),
        "{p:?}"
    );
}

#[test]
fn duplicate_yaml_keys_are_refused() {
    let e = schema::parse(&format!("{HEAD}job: {{name: J, doc: d, members: {{}}}}\nshapes: {{S: {{type: string}}, S: {{type: long}}}}\n"))
        .unwrap_err();
    assert!(e.to_lowercase().contains("duplicate"), "{e}");
}

#[test]
fn misplaced_constraints_unreachable_shapes_and_missing_docs() {
    let p = problems(
        "job: {name: J, doc: d, members: {A: {shape: S, doc: \"\"}}}\nshapes: {S: {type: boolean, pattern: x}, T: {type: string}}\n",
    );
    assert!(
        p.iter().any(|p| p.contains("`pattern` does not apply")),
        "{p:?}"
    );
    assert!(p.iter().any(|p| p.contains("empty doc")), "{p:?}");
    let p = problems("job: {name: J, doc: d, members: {A: {shape: S, doc: d}}}\nshapes: {S: {type: string}, T: {type: string}}\n");
    assert!(
        p.iter().any(|p| p.contains("shape `T` is not reachable")),
        "{p:?}"
    );
}

#[test]
fn bad_patterns_and_enum_collisions() {
    let p = problems(
        "job: {name: J, doc: d, members: {A: {shape: S, doc: d}, B: {shape: E, doc: d}}}\nshapes: {S: {type: string, pattern: \"(\"}, E: {type: enum, values: [a-b, a.b]}}\n",
    );
    assert!(
        p.iter().any(|p| p.contains("pattern does not compile")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|p| p.contains("gives the Rust variant `AB` twice")),
        "{p:?}"
    );
}
