//! Every schema pattern that has a hand-written matcher gets it named in
//! its generated definition (chosen when generating, not at run time), and
//! every hand-written matcher is used by some pattern.

use std::path::Path;

use tjspec_runtime::fast_pattern::KNOWN;

#[test]
fn generated_patterns_name_their_matchers() {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let tjspec_codegen::Schema { model, bindings } =
        tjspec_codegen::load(&schema).expect("the schema loads");
    let validate = tjspec_codegen::emit::all(&model, &bindings)
        .into_iter()
        .find(|f| f.path == "src/validate.rs")
        .expect("validate.rs is generated")
        .contents;
    let definitions: Vec<&str> = validate
        .split("::tjspec_runtime::Pattern::new(")
        .skip(1)
        .map(|d| &d[..d.find(");").expect("each definition closes")])
        .collect();
    assert!(definitions.len() > 40, "{} patterns", definitions.len());
    let mut used = vec![false; KNOWN.len()];
    for d in &definitions {
        let named = "Some(::tjspec_runtime::fast_pattern::";
        match KNOWN
            .iter()
            .position(|k| d.contains(&format!("{:?}", k.rust)))
        {
            Some(i) => {
                assert!(
                    d.contains(&format!("{named}{})", KNOWN[i].name)),
                    "the pattern {d} does not name `{}`",
                    KNOWN[i].name
                );
                used[i] = true;
            }
            None => assert!(d.trim_end().ends_with("None,"), "{d}"),
        }
    }
    for (known, used) in KNOWN.iter().zip(used) {
        assert!(used, "no schema pattern uses the matcher `{}`", known.name);
    }
}
