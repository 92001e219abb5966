//! The registration list is the one list of formats: what is derived from
//! it (the README's table, directory search, detection by extension) agrees
//! with it, and each registration names the implementation it should.

use std::path::Path;

use tjspec::format::{detect, searched_extensions, FormatId};

/// The README's table of formats, as the declarations give it.
fn formats_table() -> String {
    let mut table = String::from("| name | what | resources | status |\n|---|---|---|---|\n");
    for f in FormatId::ALL {
        let d = f.declaration();
        let resources: Vec<String> = d
            .resources
            .iter()
            .map(|c| format!("`{}`", c.resource.cli_name()))
            .collect();
        // Every registered format reads and writes (the Format trait has both).
        table.push_str(&format!(
            "| `{}` | {} | {} | read + write |\n",
            d.name,
            d.summary,
            resources.join(", ")
        ));
    }
    table
}

#[test]
fn readme_formats_table_is_the_registrys() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let start = readme
        .find("| name | what | resources | status |")
        .expect("README.md has a table of formats");
    let end = readme[start..]
        .find("\n\n")
        .map_or(readme.len(), |n| start + n + 1);
    let expected = formats_table();
    assert!(
        readme[start..end] == expected,
        "README.md's table of formats differs from the registered formats; it should read:\n\n{expected}"
    );
}

#[test]
fn each_registration_names_its_own_implementation() {
    let mut names = std::collections::HashSet::new();
    for &f in FormatId::ALL {
        assert_eq!(
            f.format().id(),
            f,
            "{f} is registered with another's implementation"
        );
        assert!(names.insert(f.name()), "two formats are named {f}");
        assert_eq!(f.name().parse::<FormatId>().ok(), Some(f));
        let d = f.declaration();
        assert!(!d.help.ends_with('.'), "{f}: help ends without a period");
        assert!(!d.summary.contains('|'), "{f}: the summary goes in a table");
        assert!(!d.extensions.is_empty(), "{f}: outputs need an extension");
        assert_eq!(f.format().extension(), d.extensions[0]);
        assert!(!d.resources.is_empty(), "{f} carries no resource");
    }
    assert!("nope".parse::<FormatId>().is_err());
}

/// An extension says which syntax a file is in: every format that
/// declares it has that syntax, so detection can narrow by it.
#[test]
fn an_extension_names_one_syntax() {
    for &a in FormatId::ALL {
        for &b in FormatId::ALL {
            let (da, db) = (a.declaration(), b.declaration());
            let ext_a = da.extensions.iter().chain(da.also_named);
            for e in ext_a {
                if db.extensions.contains(e) || db.also_named.contains(e) {
                    assert_eq!(da.syntax, db.syntax, ".{e} is declared by {a} and {b}");
                }
            }
        }
    }
}

/// Directories are searched for the extensions the formats declare (not
/// `.bin`, which names flyteidl only when given).
#[test]
fn directory_search_takes_the_registered_extensions() {
    let mut searched = searched_extensions();
    searched.sort_unstable();
    assert_eq!(
        searched,
        ["binpb", "hcl", "json", "jsonl", "ndjson", "pb", "tf", "yaml", "yml"]
    );
    assert_eq!(*tjspec_cli::inputs::EXTENSIONS, searched_extensions());
}

/// Each shipped fixture is detected as the format of its directory, by
/// content and by extension.
#[test]
fn fixtures_are_detected_by_their_declarations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let cases = [
        ("aws/full-create.json", FormatId::Aws),
        ("ack/xgboost.yaml", FormatId::Ack),
        ("ack/manifest.json", FormatId::Ack),
        ("terraform/several.tf", FormatId::TfK8s),
        ("datadog/row.json", FormatId::Datadog),
        ("datadog/inventory.jsonl", FormatId::Datadog),
    ];
    for (file, format) in cases {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).expect("fixture");
        let text = if file.ends_with("several.tf") {
            // The fixture holds both dialects on purpose: keep the first.
            text.replace("aws_sagemaker_training_job", "other")
        } else {
            text
        };
        assert_eq!(detect(Some(&path), &text), Ok(format), "{file}");
        assert_eq!(detect(None, &text), Ok(format), "{file} without its name");
    }
    // A file named as HCL holding both dialects: the module's own message.
    let both = std::fs::read_to_string(root.join("terraform/several.tf")).unwrap();
    assert_eq!(
        detect(Some(Path::new("x.tf")), &both),
        Err(tjspec::format::DetectError::BothTerraformDialects)
    );
    // Binary by extension, whatever the content.
    assert_eq!(
        detect(Some(Path::new("x.pb")), "{}"),
        Ok(FormatId::Flyteidl)
    );
    assert_eq!(
        detect(Some(Path::new("x.bin")), "{}"),
        Ok(FormatId::Flyteidl)
    );
}
