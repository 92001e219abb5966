//! `schema/bindings/aliases.yaml`: names people write for a member by
//! meaning rather than by spelling (`name` for tf-aws `training_job_name`),
//! per format. The reader suggests the member when it meets such a key;
//! a misspelling is found without a table.

use std::collections::BTreeMap;

use crate::binding::BindingNames;
use crate::model::{Kind, Model};

/// Format (binding name: `aws`, `tf_aws`, ...) → shape → key → the member
/// path it stands for, from that shape, in API names.
pub type Aliases = BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>;

/// Parses the file.
pub fn parse(text: &str) -> Result<Aliases, String> {
    serde_saphyr::from_str(text).map_err(|e| e.to_string())
}

/// Every problem with the table: unknown formats, shapes or members, a key
/// that is already a name of the shape, a path the format cannot carry.
pub fn check(
    model: &Model,
    bindings: &[BindingNames],
    aliases: &Aliases,
) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    for format in aliases.keys() {
        match bindings.iter().find(|b| b.format == format) {
            Some(b) => {
                if let Err(p) = resolve(model, b, aliases) {
                    problems.extend(p);
                }
            }
            None => problems.push(format!("`{format}` is not a format's binding")),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The aliases of binding `b` as (shape, key, suggestion in the format's
/// names), sorted.
pub fn resolve(
    model: &Model,
    b: &BindingNames,
    aliases: &Aliases,
) -> Result<Vec<(usize, String, String)>, Vec<String>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let Some(table) = aliases.get(b.format) else {
        return Ok(out);
    };
    for (shape_name, keys) in table {
        let Some(shape) = model.shapes.iter().position(|s| s.name == *shape_name) else {
            problems.push(format!("{}: there is no shape `{shape_name}`", b.format));
            continue;
        };
        for (key, path) in keys {
            let here = format!("{}: {shape_name}.{key}", b.format);
            if b.names[shape].iter().flatten().any(|n| n == key) {
                problems.push(format!("{here}: `{key}` is already a name of {shape_name}"));
                continue;
            }
            match spell(model, b, shape, path) {
                Ok(s) => out.push((shape, key.clone(), s)),
                Err(e) => problems.push(format!("{here}: {e}")),
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// `path` (API member names from `shape`) in the names of `b`.
fn spell(model: &Model, b: &BindingNames, mut shape: usize, path: &str) -> Result<String, String> {
    let mut spelled = Vec::new();
    for name in path.split('.') {
        let Kind::Structure { members } = &model.shapes[shape].kind else {
            return Err(format!(
                "`{path}`: `{}` has no members",
                model.shapes[shape].name
            ));
        };
        let Some(i) = members.iter().position(|m| m.name == name) else {
            return Err(format!(
                "`{path}`: `{name}` is not a member of {}",
                model.shapes[shape].name
            ));
        };
        let Some(Some(n)) = b.names[shape].get(i) else {
            return Err(format!("`{path}`: {} cannot carry `{name}`", b.format));
        };
        spelled.push(n.clone());
        shape = members[i].shape;
    }
    Ok(spelled.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_entries_are_named() {
        let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
        let crate::Schema { model, bindings } = crate::load(&schema).expect("the schema loads");
        let table = parse(
            "tf_aws:\n  TrainingJob:\n    name: TrainingJobName\n    role_arn: RoleArn\n    image: AlgorithmSpecification.Image\n    flag: EnableManagedSpotTraining.X\n  Nope:\n    a: B\nnope:\n  TrainingJob:\n    a: RoleArn\n",
        )
        .unwrap();
        let problems = check(&model, &bindings.formats, &table).unwrap_err();
        assert_eq!(
            problems,
            [
                "`nope` is not a format's binding",
                "tf_aws: there is no shape `Nope`",
                "tf_aws: TrainingJob.flag: `EnableManagedSpotTraining.X`: `Boolean` has no members",
                "tf_aws: TrainingJob.image: `AlgorithmSpecification.Image`: `Image` is not a member of AlgorithmSpecification",
                "tf_aws: TrainingJob.role_arn: `role_arn` is already a name of TrainingJob",
            ],
        );
        let tf_aws = bindings.get("tf_aws").unwrap();
        let good =
            parse("tf_aws:\n  TrainingJob:\n    image: AlgorithmSpecification.TrainingImage\n")
                .unwrap();
        let resolved = resolve(&model, tf_aws, &good).unwrap();
        assert_eq!(resolved[0].1, "image");
        assert_eq!(resolved[0].2, "algorithm_specification.training_image");
    }
}
