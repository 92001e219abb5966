//! Checking proto3 JSON against the message schema, with positions.
//!
//! The values themselves are converted by the pbjson impls of the generated
//! crate. Before that, this walk goes through the positioned document tree:
//! it resolves every key (the JSON name, the proto name, or the early
//! revision's `trainingJobConfig`), reports unknown and repeated fields at
//! their line and column, drops `null`s (proto3 JSON's "default"), and
//! builds the `serde_json` value pbjson reads, with canonical names. It
//! remembers where each field is, so any later finding about a value can
//! point at it.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use tjspec_runtime::read::Skipped;
use tjspec_runtime::{Code, Diagnostic, Key, Node, NodeKind, Span};

use super::proto::{proto, Kind, Msg, TRAINING_JOB};
use super::wire::join;

/// Where a field is: its path as the input spells it and its position.
#[derive(Clone, Debug)]
pub struct Place {
    /// The path in the input's spelling (`custom.training_job_config.instance_count`).
    pub written: String,
    /// The key's position.
    pub key: Span,
    /// The value's position.
    pub value: Span,
    /// The field's type, as the schema writes it (`int64`, `enum InputMode.Value`).
    pub kind: String,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// The message as `serde_json` value with canonical (JSON) names.
    pub value: Value,
    /// Problems.
    pub diagnostics: Vec<Diagnostic>,
    /// Unknown fields skipped under `--allow-unknown`.
    pub skipped: Vec<Skipped>,
    /// Where each field is, by canonical JSON path (`trainingJobResourceConfig.instanceCount`).
    pub places: HashMap<String, Place>,
}

/// Names the early revision used for a field, beside the JSON and proto names.
fn aliases(msg: &str, number: u32) -> &'static [&'static str] {
    match (msg, number) {
        ("TrainingJob", 2) => &["trainingJobConfig", "training_job_config"],
        _ => &[],
    }
}

/// Every key `msg` accepts, JSON names first.
pub fn accepted_keys(msg: &Msg) -> Vec<&str> {
    let mut keys: Vec<&str> = msg.fields.iter().map(|f| f.json_name.as_str()).collect();
    for f in &msg.fields {
        if f.name != f.json_name {
            keys.push(&f.name);
        }
        keys.extend(aliases(&msg.name, f.number));
    }
    keys
}

/// Walks `node` as a `TrainingJob`; `prefix` is the path of the message in
/// the document (`custom` inside a TaskTemplate, empty otherwise).
pub fn walk(node: &Node, prefix: &str, allow_unknown: bool) -> Walk {
    walk_message(node, prefix, allow_unknown, TRAINING_JOB)
}

/// Walks `node` as the message `full` (a full name).
pub fn walk_message(node: &Node, prefix: &str, allow_unknown: bool, full: &str) -> Walk {
    let mut w = Walker {
        allow_unknown,
        out: Walk::default(),
    };
    w.out.value = w.message(node, proto().message(full), "", prefix);
    w.out
}

struct Walker {
    allow_unknown: bool,
    out: Walk,
}

impl Walker {
    fn type_error(&mut self, node: &Node, written: &str, expected: &str) {
        self.out.diagnostics.push(
            Diagnostic::error(
                Code::Type,
                format!("expected {expected}, found {}", node.kind_name()),
            )
            .with_path(written)
            .with_span(node.span),
        );
    }

    fn message(&mut self, node: &Node, msg: &Msg, canon: &str, written: &str) -> Value {
        let NodeKind::Map(entries) = &node.kind else {
            self.type_error(node, written, &format!("a {} object", msg.name));
            return Value::Null;
        };
        let mut out = Map::new();
        let mut seen: HashMap<u32, &Key> = HashMap::new();
        for (key, value) in entries {
            let k = key.name.as_str();
            let field = msg.fields.iter().find(|f| {
                f.json_name == k || f.name == k || aliases(&msg.name, f.number).contains(&k)
            });
            let wpath = join(written, k);
            let Some(f) = field else {
                if self.allow_unknown {
                    self.out.skipped.push(Skipped {
                        path: wpath,
                        span: key.span,
                    });
                    continue;
                }
                let keys = accepted_keys(msg);
                let hint = match tjspec_runtime::suggest::closest(k, keys.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "known fields: {}; use --allow-unknown to skip unknown fields",
                        msg.fields
                            .iter()
                            .map(|f| f.json_name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.out.diagnostics.push(
                    Diagnostic::error(
                        Code::UnknownField,
                        format!("unknown field `{k}` in {}", msg.name),
                    )
                    .with_path(wpath)
                    .with_span(key.span)
                    .with_hint(hint),
                );
                continue;
            };
            if let Some(first) = seen.insert(f.number, key) {
                let also = if first.name == k {
                    String::new()
                } else {
                    format!(" (also written as `{}`)", first.name)
                };
                let at = if first.span.is_known() {
                    format!(" at line {}, column {}", first.span.line, first.span.col)
                } else {
                    String::new()
                };
                self.out.diagnostics.push(
                    Diagnostic::error(
                        Code::DuplicateKey,
                        format!(
                            "field `{}` of {} is given twice{also}",
                            f.json_name, msg.name
                        ),
                    )
                    .with_path(wpath)
                    .with_span(key.span)
                    .with_hint(format!("remove one of the two entries; the other is{at}")),
                );
                continue;
            }
            if value.is_null() {
                continue;
            }
            let cpath = join(canon, &f.json_name);
            self.out.places.insert(
                cpath.clone(),
                Place {
                    written: wpath.clone(),
                    key: key.span,
                    value: value.span,
                    kind: f.kind.describe(),
                },
            );
            let entry = match &f.kind {
                Kind::Message(full) if f.repeated => {
                    Some(proto().message(full)).filter(|m| m.map_entry)
                }
                _ => None,
            };
            let v = if let Some(entry) = entry {
                // A map field: an object whose values are the entry's `value`.
                let NodeKind::Map(pairs) = &value.kind else {
                    self.type_error(value, &wpath, "an object");
                    continue;
                };
                let Some(vfield) = entry.fields.iter().find(|f| f.number == 2) else {
                    continue;
                };
                let mut map = Map::new();
                for (k, item) in pairs {
                    let ci = join(&cpath, &k.name);
                    let wi = join(&wpath, &k.name);
                    self.out.places.insert(
                        ci.clone(),
                        Place {
                            written: wi.clone(),
                            key: k.span,
                            value: item.span,
                            kind: vfield.kind.describe(),
                        },
                    );
                    map.insert(k.name.clone(), self.value(item, &vfield.kind, &ci, &wi));
                }
                Value::Object(map)
            } else if f.repeated {
                let NodeKind::Seq(items) = &value.kind else {
                    self.type_error(value, &wpath, "a list");
                    continue;
                };
                let mut list = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let ci = format!("{cpath}[{i}]");
                    let wi = format!("{wpath}[{i}]");
                    self.out.places.insert(
                        ci.clone(),
                        Place {
                            written: wi.clone(),
                            key: item.span,
                            value: item.span,
                            kind: f.kind.describe(),
                        },
                    );
                    list.push(self.value(item, &f.kind, &ci, &wi));
                }
                Value::Array(list)
            } else {
                self.value(value, &f.kind, &cpath, &wpath)
            };
            out.insert(f.json_name.clone(), v);
        }
        Value::Object(out)
    }

    fn value(&mut self, node: &Node, kind: &Kind, canon: &str, written: &str) -> Value {
        if let Kind::Message(full) = kind {
            return self.message(node, proto().message(full), canon, written);
        }
        if let Kind::Enum(name, values) = kind {
            if let Some(problem) = enum_problem(name, values, node) {
                self.out.diagnostics.push(
                    Diagnostic::error(Code::Enum, problem.0)
                        .with_path(written)
                        .with_span(node.span)
                        .with_hint(problem.1),
                );
                return Value::Null;
            }
        }
        match &node.kind {
            NodeKind::Null => Value::Null,
            NodeKind::Bool(b) => Value::Bool(*b),
            NodeKind::Int(i) => {
                if let Ok(v) = i64::try_from(*i) {
                    Value::Number(v.into())
                } else if let Ok(v) = u64::try_from(*i) {
                    Value::Number(v.into())
                } else {
                    self.out.diagnostics.push(
                        Diagnostic::error(
                            Code::Range,
                            format!("{i} is out of range for {}", kind.describe()),
                        )
                        .with_path(written)
                        .with_span(node.span),
                    );
                    Value::Null
                }
            }
            // Integral numbers such as `2.0` or `1e3` are integers, as
            // protobuf's own JSON parsers take them.
            NodeKind::Float(f) if matches!(kind, Kind::Int(_)) => {
                if f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 {
                    Value::Number((*f as i64).into())
                } else {
                    self.out.diagnostics.push(
                        Diagnostic::error(
                            Code::Type,
                            format!("expected an integer ({}), found {f}", kind.describe()),
                        )
                        .with_path(written)
                        .with_span(node.span),
                    );
                    Value::Null
                }
            }
            NodeKind::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            NodeKind::Str(s, _) => Value::String(s.clone()),
            NodeKind::Seq(_) | NodeKind::Map(_) | NodeKind::Expr(_) => {
                self.type_error(node, written, &format!("a {} value", kind.describe()));
                Value::Null
            }
        }
    }
}

/// What is wrong with an enum value, if anything: names and numbers the
/// enum does not have (the message, and a hint listing what it has).
fn enum_problem(name: &str, values: &[(i32, String)], node: &Node) -> Option<(String, String)> {
    let short = super::proto::short(name);
    let known = values
        .iter()
        .map(|(n, v)| format!("{v} ({n})"))
        .collect::<Vec<_>>()
        .join(", ");
    match &node.kind {
        NodeKind::Str(s, _) if !values.iter().any(|(_, v)| v == s) => {
            let names = values.iter().map(|(_, v)| v.as_str());
            let hint = match tjspec_runtime::suggest::closest(s, names) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("{short} has {known}"),
            };
            Some((format!("unknown enum name `{s}` for {short}"), hint))
        }
        NodeKind::Int(i) if !values.iter().any(|(n, _)| i128::from(*n) == *i) => Some((
            format!("unknown enum number {i} for {short}"),
            format!("{short} has {known}"),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::json::parse_values;

    fn run(text: &str) -> Walk {
        walk(&parse_values(text).unwrap().remove(0), "", false)
    }

    #[test]
    fn every_spelling_becomes_the_json_name() {
        let w = run(
            r#"{"training_job_config": {"instance_count": 2, "instanceType": "ml.m5.large"},
                       "algorithm_specification": {"metric_definitions": [{"name": "a"}], "inputMode": null}}"#,
        );
        assert!(w.diagnostics.is_empty(), "{:?}", w.diagnostics);
        assert_eq!(
            w.value,
            serde_json::json!({
                "trainingJobResourceConfig": {"instanceCount": 2, "instanceType": "ml.m5.large"},
                "algorithmSpecification": {"metricDefinitions": [{"name": "a"}]}
            })
        );
        let p = &w.places["trainingJobResourceConfig.instanceCount"];
        assert_eq!(p.written, "training_job_config.instance_count");
        assert_eq!((p.value.line, p.value.col), (1, 44));
        assert!(w
            .places
            .contains_key("algorithmSpecification.metricDefinitions[0].name"));
    }

    #[test]
    fn unknown_and_twice_given_fields_are_located() {
        let w =
            run(r#"{"trainingJobConfig": {}, "trainingJobResourceConfig": {"instanceCont": "2"}}"#);
        let got: Vec<_> = w
            .diagnostics
            .iter()
            .map(|d| (d.code, d.path.as_str(), d.hint.clone().unwrap_or_default()))
            .collect();
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, Code::DuplicateKey);
        assert_eq!(got[0].1, "trainingJobResourceConfig");
        let w = run(r#"{"trainingJobResourceConfig": {"instanceCont": "2"}}"#);
        assert_eq!(w.diagnostics[0].code, Code::UnknownField);
        assert_eq!(
            w.diagnostics[0].hint.as_deref(),
            Some("did you mean `instanceCount`?")
        );
        let w = walk(&parse_values(r#"{"x": 1}"#).unwrap()[0], "custom", true);
        assert!(w.diagnostics.is_empty());
        assert_eq!(w.skipped[0].path, "custom.x");
    }

    #[test]
    fn integral_numbers_count_as_integers_and_enums_are_checked() {
        let w = run(
            r#"{"trainingJobResourceConfig": {"instanceCount": 2.0, "volumeSizeInGb": 1e2, "distributedProtocol": 1}}"#,
        );
        assert!(w.diagnostics.is_empty(), "{:?}", w.diagnostics);
        assert_eq!(
            w.value["trainingJobResourceConfig"],
            serde_json::json!({"instanceCount": 2, "volumeSizeInGb": 100, "distributedProtocol": 1})
        );
        let w = run(
            r#"{"trainingJobResourceConfig": {"instanceCount": 2.5, "distributedProtocol": "mpi"}, "algorithmSpecification": {"inputMode": 2}}"#,
        );
        let got: Vec<_> = w
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("type", "expected an integer (int64), found 2.5"),
                (
                    "enum",
                    "unknown enum name `mpi` for DistributedProtocol.Value"
                ),
                ("enum", "unknown enum number 2 for InputMode.Value"),
            ]
        );
    }

    #[test]
    fn shapes_that_cannot_be_a_value_are_type_errors() {
        let w = run(
            r#"{"algorithmSpecification": [], "trainingJobResourceConfig": {"instanceCount": {"a": 1}}}"#,
        );
        let got: Vec<_> = w.diagnostics.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(
            got,
            [
                "algorithmSpecification",
                "trainingJobResourceConfig.instanceCount"
            ]
        );
    }
}
