//! Several jobs as one pipeline definition: each job's step, in order.
//!
//! One job is printed exactly as alone. With several, steps are written as
//! they arrive and the pipeline's `Parameters` (each job's, one per name)
//! follow `Steps`, since they are known only once every job is in.

use serde_json::{Map, Value};
use tjspec_runtime::{Code, Diagnostic};

use super::super::join::{parse, pretty_at, renamed, string, Join, JoinError, Names};
use super::write::MAX_STEP_NAME;

const WHAT: &str = "pipeline definition";

/// Joins printed pipeline definitions into one.
pub(super) struct PipelineJoin {
    names: Names,
    /// The first definition, printed whole if no other job comes.
    first: Option<Map<String, Value>>,
    /// Whether the definition's head and a step were written.
    started: bool,
    /// The parameters of every job so far, one per name, in order.
    parameters: Vec<Value>,
}

impl PipelineJoin {
    pub(super) fn new() -> Self {
        PipelineJoin {
            names: Names::new(MAX_STEP_NAME),
            first: None,
            started: false,
            parameters: Vec::new(),
        }
    }

    /// Writes one step, the definition's head (from `head`) before the first.
    fn step(&mut self, head: &Map<String, Value>, step: &Value, buf: &mut Vec<u8>) {
        if self.started {
            buf.extend_from_slice(b",\n");
        } else {
            buf.push(b'{');
            for (k, v) in head
                .iter()
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

    /// Renames the definition's steps where earlier jobs took their names.
    fn rename(
        &mut self,
        definition: &mut Map<String, Value>,
        found: &mut Vec<Diagnostic>,
    ) -> Result<(), JoinError> {
        let Some(Value::Array(steps)) = definition.get_mut("Steps") else {
            return Ok(());
        };
        for step in steps {
            self.names.room(WHAT)?;
            let Some(Value::String(name)) = step.get_mut("Name") else {
                continue;
            };
            let unique = self.names.unique(name);
            if unique != *name {
                found.push(renamed("step", name, &unique));
                *name = unique;
            }
        }
        Ok(())
    }

    fn write_steps(&mut self, definition: &Map<String, Value>, buf: &mut Vec<u8>) {
        if let Some(Value::Array(steps)) = definition.get("Steps") {
            for step in steps {
                self.step(definition, step, buf);
            }
        }
    }
}

impl Join for PipelineJoin {
    fn push(&mut self, rendered: &[u8], buf: &mut Vec<u8>) -> Result<Vec<Diagnostic>, JoinError> {
        let mut definition = parse(rendered, WHAT)?;
        if !matches!(definition.get("Steps"), Some(Value::Array(_))) {
            return Err(JoinError::NotPrinted {
                what: WHAT,
                reason: "no `Steps` array".to_owned(),
            });
        }
        let mut found = Vec::new();
        self.rename(&mut definition, &mut found)?;
        self.parameters(&definition, &mut found);
        if !self.started {
            match self.first.take() {
                None => {
                    self.first = Some(definition);
                    return Ok(found);
                }
                Some(first) => self.write_steps(&first, buf),
            }
        }
        self.write_steps(&definition, buf);
        Ok(found)
    }

    fn finish(mut self: Box<Self>, buf: &mut Vec<u8>) {
        if let Some(first) = self.first.take() {
            pretty_at(&Value::Object(first), 0, buf);
            buf.push(b'\n');
        } else if self.started {
            buf.extend_from_slice(b"\n    ],\n    \"Parameters\": ");
            pretty_at(&Value::Array(std::mem::take(&mut self.parameters)), 4, buf);
            buf.extend_from_slice(b"\n}\n");
        }
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
        let mut j: Box<dyn Join> = Box::new(PipelineJoin::new());
        let mut buf = Vec::new();
        let mut found = Vec::new();
        for d in definitions {
            found.extend(j.push(d.as_bytes(), &mut buf).unwrap());
        }
        j.finish(&mut buf);
        (String::from_utf8(buf).unwrap(), found)
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
