//! Several jobs as one pipeline definition: each job's step, in order.
//!
//! One job is printed exactly as alone. With several, steps are written as
//! they arrive and the pipeline's `Parameters` (each job's, one per name)
//! follow `Steps`, since they are known only once every job is in.

use std::collections::HashMap;

use serde_json::{Map, Value};
use tjspec_runtime::{Code, Diagnostic};

use super::super::join::{
    follow_rename, parse, pretty_at, renamed, string, Group, Join, JoinError, Names,
};
use super::super::Doc;
use super::write::MAX_STEP_NAME;

const WHAT: &str = "pipeline definition";

/// Joins printed pipeline definitions into one.
pub(super) struct PipelineJoin {
    names: Names,
    /// The first definition, whose head (and, if no other job comes,
    /// whole) is printed.
    head: Option<Map<String, Value>>,
    /// The steps of the input definition whose jobs are coming, renamed:
    /// a step may refer to a later one.
    group: Group<Value>,
    /// The first step released, printed alone in its definition if no
    /// other comes.
    first: Option<Value>,
    /// Whether the definition's head and a step were written.
    started: bool,
    /// The parameters of every job so far, one per name, in order.
    parameters: Vec<Value>,
}

impl PipelineJoin {
    pub(super) fn new() -> Self {
        PipelineJoin {
            names: Names::new(MAX_STEP_NAME),
            head: None,
            group: Group::new(),
            first: None,
            started: false,
            parameters: Vec::new(),
        }
    }

    /// Writes one step, the definition's head before the first.
    fn step(&mut self, step: &Value, buf: &mut Vec<u8>) {
        if self.started {
            buf.extend_from_slice(b",\n");
        } else {
            buf.push(b'{');
            for (k, v) in self
                .head
                .iter()
                .flatten()
                .filter(|(k, _)| !matches!(k.as_str(), "Parameters" | "Steps"))
            {
                buf.extend_from_slice(format!("\n    {}: ", string(k)).as_bytes());
                pretty_at(v, 4, buf);
                buf.push(b',');
            }
            buf.extend_from_slice(b"\n    \"Steps\": [\n");
            self.started = true;
        }
        buf.extend_from_slice(b"        ");
        pretty_at(step, 8, buf);
    }

    /// Adds a job's parameters: a name already there keeps its first
    /// definition, and a different one is reported.
    fn parameters(&mut self, definition: &Map<String, Value>, found: &mut Vec<Diagnostic>) {
        let Some(Value::Array(parameters)) = definition.get("Parameters") else {
            return;
        };
        for p in parameters {
            let name = p.get("Name");
            match self
                .parameters
                .iter()
                .find(|q| name.is_some() && q.get("Name") == name)
            {
                Some(q) if q == p => {}
                Some(_) => found.push(
                    Diagnostic::warning(
                        Code::Altered,
                        format!(
                            "pipeline parameter {} is declared differently by an earlier job of the same output; the earlier declaration is kept, and this job's steps read it",
                            name.map_or_else(String::new, Value::to_string)
                        ),
                    )
                    .with_hint("convert jobs of pipelines whose parameters disagree to separate outputs"),
                ),
                None => self.parameters.push(p.clone()),
            }
        }
    }

    /// Renames the definition's steps where earlier jobs took their names,
    /// and holds them with the other steps of their input definition.
    fn take_steps(
        &mut self,
        doc: &Doc,
        definition: &mut Map<String, Value>,
        found: &mut Vec<Diagnostic>,
    ) -> Result<(), JoinError> {
        let Some(Value::Array(steps)) = definition.get_mut("Steps") else {
            return Ok(());
        };
        for mut step in std::mem::take(steps) {
            self.names.room(WHAT)?;
            let Some(Value::String(original)) = step.get("Name").cloned() else {
                // tjspec names every step; one without a name is held as it is.
                self.group.add(doc, "", "", step);
                continue;
            };
            let unique = self.names.unique(&original);
            if unique != original {
                found.push(renamed("step", &original, &unique));
                step["Name"] = Value::String(unique.clone());
            }
            self.group.add(doc, &original, &unique, step);
        }
        Ok(())
    }

    /// Writes the steps held, their references to steps of their input
    /// definition pointing at the names those steps have in the output.
    fn release_group(&mut self, buf: &mut Vec<u8>, found: &mut Vec<Diagnostic>) {
        let (steps, names) = self.group.take();
        for mut step in steps {
            retarget(&mut step, &names, found);
            if !self.started && self.first.is_none() {
                self.first = Some(step);
                continue;
            }
            if let Some(first) = self.first.take() {
                self.step(&first, buf);
            }
            self.step(&step, buf);
        }
    }
}

/// Points the step's `DependsOn` entries and `{"Get": "Steps.<Name>…"}`
/// references at the names `names` gives the steps of its input
/// definition. A dependency on a job not in the output is left out (the
/// writer already left out those on steps that are not jobs); a `Get` of
/// a step not renamed is kept as written.
fn retarget(step: &mut Value, names: &HashMap<String, String>, found: &mut Vec<Diagnostic>) {
    let name = step
        .get("Name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if let Some(Value::Array(depends)) = step.get_mut("DependsOn") {
        depends.retain_mut(|d| match d {
            Value::String(target) => {
                let what = format!("a dependency of step `{name}`");
                follow_rename(target, names, &what, "step", found)
            }
            _ => true,
        });
        if depends.is_empty() {
            if let Value::Object(fields) = step {
                fields.remove("DependsOn");
            }
        }
    }
    if let Some(arguments) = step.get_mut("Arguments") {
        retarget_gets(arguments, names);
    }
}

/// Rewrites `{"Get": "Steps.<Name>…"}` where `<Name>` was renamed. A step
/// name holds letters, digits, `-` and `_`: it ends at `.` or `[`.
fn retarget_gets(value: &mut Value, names: &HashMap<String, String>) {
    match value {
        Value::Object(fields) => {
            if fields.len() == 1 {
                if let Some(Value::String(reference)) = fields.get_mut("Get") {
                    if let Some(rest) = reference.strip_prefix("Steps.") {
                        let end = rest.find(['.', '[']).unwrap_or(rest.len());
                        if let Some(to) = names.get(&rest[..end]) {
                            *reference = format!("Steps.{to}{}", &rest[end..]);
                        }
                    }
                    return;
                }
            }
            fields.values_mut().for_each(|v| retarget_gets(v, names));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| retarget_gets(v, names)),
        _ => {}
    }
}

impl Join for PipelineJoin {
    fn push(
        &mut self,
        doc: &Doc,
        rendered: &[u8],
        buf: &mut Vec<u8>,
    ) -> Result<Vec<Diagnostic>, JoinError> {
        let mut definition = parse(rendered, WHAT)?;
        if !matches!(definition.get("Steps"), Some(Value::Array(_))) {
            return Err(JoinError::NotPrinted {
                what: WHAT,
                reason: "no `Steps` array".to_owned(),
            });
        }
        let mut found = Vec::new();
        if self.group.is_other(doc) {
            self.release_group(buf, &mut found);
        }
        self.take_steps(doc, &mut definition, &mut found)?;
        self.parameters(&definition, &mut found);
        if self.head.is_none() {
            self.head = Some(definition);
        }
        if self.group.is_complete() {
            self.release_group(buf, &mut found);
        }
        Ok(found)
    }

    fn finish(mut self: Box<Self>, buf: &mut Vec<u8>) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        self.release_group(buf, &mut found);
        if let (Some(first), Some(mut head)) = (self.first.take(), self.head.take()) {
            // One job: its definition as printed alone.
            head.insert("Steps".to_owned(), Value::Array(vec![first]));
            pretty_at(&Value::Object(head), 0, buf);
            buf.push(b'\n');
        } else if self.started {
            buf.extend_from_slice(b"\n    ],\n    \"Parameters\": ");
            pretty_at(&Value::Array(std::mem::take(&mut self.parameters)), 4, buf);
            buf.extend_from_slice(b"\n}\n");
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn definition(name: &str, parameters: &str) -> String {
        format!(
            r#"{{"Version":"2020-12-01","Metadata":{{}},"Parameters":[{parameters}],"Steps":[{{"Name":"{name}","Type":"Training","Arguments":{{}}}}]}}"#
        )
    }

    fn join(definitions: &[String]) -> (String, Vec<Diagnostic>) {
        let docs: Vec<_> = definitions
            .iter()
            .map(|d| (Doc::default(), d.clone()))
            .collect();
        join_docs(&docs)
    }

    fn join_docs(definitions: &[(Doc, String)]) -> (String, Vec<Diagnostic>) {
        crate::format::join::join_all(Box::new(PipelineJoin::new()), definitions)
    }

    use crate::format::join::job_of as of;

    /// A step named `name` depending on `depends` and reading a property of `reads`.
    fn step(name: &str, depends: &str, reads: &str) -> String {
        format!(
            r#"{{"Version":"2020-12-01","Metadata":{{}},"Parameters":[],"Steps":[{{"Name":"{name}","Type":"Training","Arguments":{{"HyperParameters":{{"warm":{{"Std:Join":{{"On":"","Values":[{{"Get":"Steps.{reads}.ModelArtifacts.S3ModelArtifacts"}}]}}}}}}}},"DependsOn":["{depends}"]}}]}}"#
        )
    }

    fn steps(out: &str) -> Vec<Value> {
        let v: Value = serde_json::from_str(out).unwrap();
        v["Steps"].as_array().unwrap().clone()
    }

    #[test]
    fn references_follow_a_renamed_step_of_their_own_definition_only() {
        let (out, found) = join_docs(&[
            (
                of("a.json#0", &["Train", "Tune"]),
                step("Train", "x", "Train"),
            ),
            (
                of("a.json#0", &["Train", "Tune"]),
                step("Tune", "Train", "Train"),
            ),
            // Another input: its `Train` is renamed, and its `Tune` follows it.
            (
                of("b.json#0", &["Tune", "Train"]),
                step("Tune", "Train", "Train"),
            ),
            (
                of("b.json#0", &["Tune", "Train"]),
                step("Train", "Tune", "Tune"),
            ),
        ]);
        let steps = steps(&out);
        let names: Vec<_> = steps.iter().map(|s| s["Name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Train", "Tune", "Tune-2", "Train-2"], "{out}");
        let get = |s: &Value| {
            s["Arguments"]["HyperParameters"]["warm"]["Std:Join"]["Values"][0]["Get"].clone()
        };
        // a.json's Tune keeps pointing at a.json's Train.
        assert_eq!(steps[1]["DependsOn"], serde_json::json!(["Train"]));
        assert_eq!(
            get(&steps[1]),
            "Steps.Train.ModelArtifacts.S3ModelArtifacts"
        );
        // b.json's Tune refers to b.json's Train, which comes after it.
        assert_eq!(steps[2]["DependsOn"], serde_json::json!(["Train-2"]));
        assert_eq!(
            get(&steps[2]),
            "Steps.Train-2.ModelArtifacts.S3ModelArtifacts"
        );
        assert_eq!(steps[3]["DependsOn"], serde_json::json!(["Tune-2"]));
        assert_eq!(
            get(&steps[3]),
            "Steps.Tune-2.ModelArtifacts.S3ModelArtifacts"
        );
        // The writer leaves out dependencies on steps that are not jobs;
        // `x` (not a job of the output) is left out here, and said so.
        assert!(steps[0].get("DependsOn").is_none(), "{out}");
        let dangling: Vec<_> = found
            .iter()
            .filter(|d| d.message.contains("not in this output"))
            .collect();
        assert_eq!(dangling.len(), 1, "{found:?}");
        assert!(dangling[0].message.contains("`x`"));
    }

    #[test]
    fn a_dependency_on_a_job_not_in_the_output_is_left_out() {
        // The document has two jobs; only one is in the output (the other failed).
        let (out, found) = join_docs(&[(
            of("a.json#0", &["Prep", "Train"]),
            step("Train", "Prep", "Train"),
        )]);
        let v: Value = serde_json::from_str(&out).unwrap();
        assert!(v["Steps"][0].get("DependsOn").is_none(), "{out}");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("step `Prep`"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn one_job_is_printed_as_alone() {
        let d = definition("A", r#"{"Name":"P","Type":"Integer"}"#);
        let (out, found) = join(std::slice::from_ref(&d));
        let v: Value = serde_json::from_str(&d).unwrap();
        let mut expected = Vec::new();
        pretty_at(&v, 0, &mut expected);
        expected.push(b'\n');
        assert_eq!(out.as_bytes(), expected);
        assert!(out.find("Parameters").unwrap() < out.find("Steps").unwrap());
        assert!(found.is_empty());
    }

    #[test]
    fn steps_keep_their_order_names_are_made_unique_parameters_merged() {
        let p = r#"{"Name":"P","Type":"Integer","DefaultValue":1}"#;
        let other = r#"{"Name":"P","Type":"Integer","DefaultValue":2}"#;
        let (out, found) = join(&[
            definition("A", p),
            definition("B", &format!(r#"{p},{{"Name":"Q","Type":"String"}}"#)),
            definition("A", other),
        ]);
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["Version"], "2020-12-01");
        let names: Vec<_> = v["Steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["Name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["A", "B", "A-2"]);
        let params = v["Parameters"].as_array().unwrap();
        assert_eq!(params.len(), 2, "{out}");
        assert_eq!(params[0]["DefaultValue"], 1);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().any(|d| d.message.contains("`A-2`")));
        assert!(found.iter().any(|d| d.message.contains("\"P\"")));
    }

    #[test]
    fn no_job_prints_nothing() {
        assert_eq!(join(&[]).0, "");
    }
}
