//! `import-model` on a small botocore-shaped model (`import_model/`): what
//! botocore adds arrives with its facts and no doc, changed constraints and
//! new enum values are updated, every other line stays as written, a second
//! run changes nothing, and `load` (what `regenerate` runs) names each new
//! undocumented entry.

use std::path::{Path, PathBuf};

use tjspec_codegen::import::{import, ImportError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/import_model")
        .join(name)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

const FILES: [&str; 3] = ["schema.yaml", "widget.yaml", "gadget.yaml"];

/// A copy of the fixture schema in a temporary directory.
fn schema_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in FILES {
        std::fs::copy(fixture(f), dir.path().join(f)).unwrap();
    }
    dir
}

fn botocore() -> String {
    read(&fixture("service-2.json"))
}

/// Imports and writes what changed, as `cargo xtask import-model` does.
fn import_into(dir: &Path) -> tjspec_codegen::import::Import {
    let imported = import(dir, &botocore(), Some("1.1.0")).unwrap();
    for (path, text) in &imported.files {
        std::fs::write(path, text).unwrap();
    }
    imported
}

#[test]
fn new_members_shapes_constraints_and_values_arrive_with_their_facts() {
    let dir = schema_copy();
    let imported = import_into(dir.path());
    assert_eq!(
        imported.changes,
        [
            "schema.yaml: source: botocore 1.0.0 → 1.1.0",
            "widget.yaml: added member Widget.Config (Config, structure; in CreateWidget and DescribeWidget; no doc yet)",
            "widget.yaml: added member Widget.Owner (Name, string; in CreateWidget and DescribeWidget; no doc yet)",
            "widget.yaml: changed member Widget.Status: required in DescribeWidget (was none)",
            "widget.yaml: added member Widget.Progress (Size, integer; in DescribeWidget; no doc yet)",
            "widget.yaml: changed max length of Name from 63 to 64",
            "widget.yaml: added member Config.Mode (Mode, enum; optional; no doc yet)",
            "widget.yaml: added max value of Size: 100",
            "widget.yaml: added shape Mode (enum: \"Fast\", \"Slow\")",
            "widget.yaml: added enum value \"Stopping\" to Status",
            "gadget.yaml: added member Gadget.Spare (Spare, structure; in CreateGadget; no doc yet)",
            "gadget.yaml: added shape Spare (structure of Mode, Label; no doc yet)",
            "gadget.yaml: added shape SpareLabel (string, length ..=256, pattern \"[\\\\S\\\\s]*\")",
        ]
    );
    // A member botocore no longer has is kept and named; the audit of the
    // result finds nothing else.
    assert_eq!(
        imported.notes,
        ["widget.yaml: member Widget.Legacy is in neither CreateWidget nor DescribeWidget any more; kept (remove it by hand if AWS dropped it)"]
    );
    // Widget.Config, .Owner, .Progress, Config.Mode, Gadget.Spare, the
    // shape Spare and its two members.
    assert_eq!(imported.undocumented, 8);
    // The files as reviewed: new members after their botocore predecessor
    // (before the comment of the member that follows; Owner after the
    // create-only Tags, which CreateWidget puts before it), new shapes in name
    // order in the file of the first resource that reaches them (Mode in
    // widget.yaml although Gadget reaches it too), a new value in botocore's
    // order, `open` kept.
    for f in FILES {
        let expected = f.replace(".yaml", ".expected.yaml");
        assert_eq!(
            read(&dir.path().join(f)),
            read(&fixture(&expected)),
            "{f} differs from {expected}"
        );
    }
}

#[test]
fn every_line_the_import_does_not_change_stays_byte_for_byte() {
    let dir = schema_copy();
    import_into(dir.path());
    // The lines the import replaces (a changed maximum, the source release).
    let replaced = ["    max: 63", "  botocore: \"1.0.0\""];
    for f in FILES {
        let before = read(&fixture(f));
        let after = read(&dir.path().join(f));
        let mut rest = after.lines();
        for line in before.lines().filter(|l| !replaced.contains(l)) {
            assert!(
                rest.any(|l| l == line),
                "{f}: the line {line:?} is gone or out of order:\n{after}"
            );
        }
    }
}

#[test]
fn a_second_run_changes_nothing() {
    let dir = schema_copy();
    import_into(dir.path());
    let again = import(dir.path(), &botocore(), Some("1.1.0")).unwrap();
    assert_eq!(again.changes, Vec::<String>::new());
    assert!(again.files.is_empty());
    assert_eq!(again.undocumented, 0);
}

#[test]
fn the_imported_schema_audits_clean_but_regenerate_names_each_entry_without_a_doc() {
    let dir = schema_copy();
    import_into(dir.path());
    // Audit (and import) read a schema with undocumented members...
    let model = tjspec_codegen::load_model(dir.path()).expect("loads without docs");
    let report = tjspec_codegen::audit::audit(&model, &botocore()).unwrap();
    assert_eq!(
        report.differences,
        ["CreateWidget: Legacy: in the schema but not in the model"]
    );
    // ...and `load`, which `regenerate` runs, refuses it, one line each.
    let e = tjspec_codegen::load(dir.path()).unwrap_err().to_string();
    let widget = dir.path().join("widget.yaml").display().to_string();
    let gadget = dir.path().join("gadget.yaml").display().to_string();
    assert_eq!(
        e,
        format!(
            "8 schema entries have no doc; give each a one-line `doc:` in your own words:\n  \
             {widget}: member `Widget.Config` is undocumented\n  \
             {widget}: member `Widget.Owner` is undocumented\n  \
             {widget}: member `Widget.Progress` is undocumented\n  \
             {widget}: member `Config.Mode` is undocumented\n  \
             {gadget}: member `Gadget.Spare` is undocumented\n  \
             {gadget}: shape `Spare` is undocumented\n  \
             {gadget}: member `Spare.Mode` is undocumented\n  \
             {gadget}: member `Spare.Label` is undocumented"
        )
    );
}

#[test]
fn a_model_of_another_api_version_or_without_the_resources_is_refused() {
    let dir = schema_copy();
    let other = botocore().replace("\"2020-01-01\"", "\"2021-01-01\"");
    let e = import(dir.path(), &other, None).unwrap_err();
    assert!(matches!(e, ImportError::ApiVersion { .. }), "{e}");
    let gone = botocore().replace("CreateGadgetRequest", "CreateThingRequest");
    let e = import(dir.path(), &gone, None).unwrap_err().to_string();
    assert!(e.contains("no shape `CreateGadgetRequest`"), "{e}");
    // Nothing was written.
    for f in FILES {
        assert_eq!(read(&dir.path().join(f)), read(&fixture(f)));
    }
}
