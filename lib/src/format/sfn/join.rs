//! Several jobs as one state machine: each job's state, in order, chained
//! by `Next`, the last one ending the machine.

use serde_json::{Map, Value};
use tjspec_runtime::Diagnostic;

use super::super::join::{
    follow_rename, parse, pretty_at, renamed, string, Group, Join, JoinError, Names,
};
use super::super::Doc;
use super::write::MAX_STATE_NAME;

const WHAT: &str = "state machine";

/// Joins printed state machines into one.
pub(super) struct SfnJoin {
    names: Names,
    /// The states of the input machine whose jobs are coming, with their
    /// names in the output: a catcher may go on to a later one.
    group: Group<(String, Map<String, Value>)>,
    /// The last state written out of a group, written once the next one
    /// names its successor.
    held: Option<(String, Map<String, Value>)>,
    /// Whether a state was written (the machine's head with it).
    started: bool,
}

impl SfnJoin {
    pub(super) fn new() -> Self {
        SfnJoin {
            names: Names::new(MAX_STATE_NAME),
            group: Group::new(),
            held: None,
            started: false,
        }
    }

    /// Writes the held state, followed by `next` (`None`: it ends the machine).
    fn release(&mut self, next: Option<&str>, buf: &mut Vec<u8>) {
        let Some((name, state)) = self.held.take() else {
            return;
        };
        if self.started {
            buf.extend_from_slice(b",\n");
        } else {
            buf.extend_from_slice(
                format!(
                    "{{\n    \"StartAt\": {},\n    \"States\": {{\n",
                    string(&name)
                )
                .as_bytes(),
            );
            self.started = true;
        }
        let state = match next {
            Some(next) => chained(state, next),
            None => state,
        };
        buf.extend_from_slice(format!("        {}: ", string(&name)).as_bytes());
        pretty_at(&Value::Object(state), 8, buf);
    }

    /// Writes the states of the group, their catchers going on to the
    /// names the joining gave the states of their machine.
    fn release_group(&mut self, buf: &mut Vec<u8>, found: &mut Vec<Diagnostic>) {
        let (states, names) = self.group.take();
        for (name, mut state) in states {
            retarget_catchers(&name, &mut state, &names, found);
            self.release(Some(&name), buf);
            self.held = Some((name, state));
        }
    }
}

/// Points each catcher of the state `name` at the name its `Next` state
/// has in the output; a catcher going on to a state not in the output is
/// left out (the writer already left out those going on to states that
/// are not jobs).
fn retarget_catchers(
    name: &str,
    state: &mut Map<String, Value>,
    names: &std::collections::HashMap<String, String>,
    found: &mut Vec<Diagnostic>,
) {
    let Some(Value::Array(catchers)) = state.get_mut("Catch") else {
        return;
    };
    catchers.retain_mut(|catcher| match catcher.get_mut("Next") {
        Some(Value::String(next)) => {
            let what = format!("a catcher of state `{name}`");
            follow_rename(next, names, &what, "state", found)
        }
        _ => true,
    });
    if catchers.is_empty() {
        state.remove("Catch");
    }
}

/// The state going on to `next` where it ended the machine (`End` is
/// replaced in place, so the state's fields keep their order).
fn chained(state: Map<String, Value>, next: &str) -> Map<String, Value> {
    let mut out = Map::with_capacity(state.len());
    for (k, v) in state {
        if k == "End" {
            out.insert("Next".to_owned(), Value::String(next.to_owned()));
        } else {
            out.insert(k, v);
        }
    }
    out
}

impl Join for SfnJoin {
    fn push(
        &mut self,
        doc: &Doc,
        rendered: &[u8],
        buf: &mut Vec<u8>,
    ) -> Result<Vec<Diagnostic>, JoinError> {
        let machine = parse(rendered, WHAT)?;
        let Some(Value::Object(states)) = machine.get("States") else {
            return Err(JoinError::NotPrinted {
                what: WHAT,
                reason: "no `States` object".to_owned(),
            });
        };
        let mut found = Vec::new();
        if self.group.is_other(doc) {
            self.release_group(buf, &mut found);
        }
        // tjspec writes one state per job; the loop keeps any other count in order.
        for (name, state) in states {
            let Value::Object(state) = state else {
                return Err(JoinError::NotPrinted {
                    what: WHAT,
                    reason: format!("state `{name}` is not an object"),
                });
            };
            self.names.room(WHAT)?;
            let unique = self.names.unique(name);
            if unique != *name {
                found.push(renamed("state", name, &unique));
            }
            self.group
                .add(doc, name, &unique.clone(), (unique, state.clone()));
        }
        if self.group.is_complete() {
            self.release_group(buf, &mut found);
        }
        Ok(found)
    }

    fn finish(mut self: Box<Self>, buf: &mut Vec<u8>) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        self.release_group(buf, &mut found);
        self.release(None, buf);
        if self.started {
            buf.extend_from_slice(b"\n    }\n}\n");
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine(name: &str, extra: &str) -> String {
        format!(
            r#"{{"StartAt":"{name}","States":{{"{name}":{{"Type":"Task","Resource":"r",{extra}"End":true}}}}}}"#
        )
    }

    fn join(machines: &[String]) -> (String, Vec<Diagnostic>) {
        let docs: Vec<_> = machines
            .iter()
            .map(|m| (Doc::default(), m.clone()))
            .collect();
        join_docs(&docs)
    }

    fn join_docs(machines: &[(Doc, String)]) -> (String, Vec<Diagnostic>) {
        crate::format::join::join_all(Box::new(SfnJoin::new()), machines)
    }

    use crate::format::join::job_of as of;

    #[test]
    fn catchers_follow_a_renamed_state_of_their_own_machine_only() {
        let catching = |name: &str, next: &str| {
            machine(
                name,
                &format!(r#""Catch":[{{"ErrorEquals":["States.ALL"],"Next":"{next}"}}],"#),
            )
        };
        let (out, found) = join_docs(&[
            (
                of("a#0", &["Train", "Fallback"]),
                catching("Train", "Fallback"),
            ),
            (of("a#0", &["Train", "Fallback"]), machine("Fallback", "")),
            // Another machine: its catcher goes on to its own, later, Fallback.
            (
                of("b#0", &["Train", "Fallback"]),
                catching("Train", "Fallback"),
            ),
            (of("b#0", &["Train", "Fallback"]), machine("Fallback", "")),
            // A catcher going on to a job not in the output is left out.
            (of("c#0", &["Lone", "Gone"]), catching("Lone", "Gone")),
        ]);
        let v: Value = serde_json::from_str(&out).unwrap();
        let states = v["States"].as_object().unwrap();
        assert_eq!(
            states.keys().collect::<Vec<_>>(),
            ["Train", "Fallback", "Train-2", "Fallback-2", "Lone"],
            "{out}"
        );
        assert_eq!(states["Train"]["Catch"][0]["Next"], "Fallback");
        assert_eq!(states["Train-2"]["Catch"][0]["Next"], "Fallback-2");
        assert!(states["Lone"].get("Catch").is_none(), "{out}");
        assert!(
            found.iter().any(|d| d.message.contains("state `Gone`")),
            "{found:?}"
        );
    }

    #[test]
    fn one_job_is_printed_as_alone() {
        let m = machine("A", r#""Comment":"c","#);
        let (out, found) = join(std::slice::from_ref(&m));
        let alone: Value = serde_json::from_str(&m).unwrap();
        let mut expected = serde_json::to_string_pretty(&alone)
            .unwrap()
            .replace("  ", "    ");
        expected.push('\n');
        assert_eq!(out, expected);
        assert!(found.is_empty());
    }

    #[test]
    fn jobs_are_chained_in_order_and_names_made_unique() {
        let (out, found) = join(&[machine("A", ""), machine("B", ""), machine("A", "")]);
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["StartAt"], "A");
        let states = v["States"].as_object().unwrap();
        assert_eq!(
            states.keys().collect::<Vec<_>>(),
            ["A", "B", "A-2"],
            "{out}"
        );
        assert_eq!(states["A"]["Next"], "B");
        assert_eq!(states["B"]["Next"], "A-2");
        assert_eq!(states["A-2"]["End"], true);
        assert!(states["A"].get("End").is_none());
        // `Next` takes `End`'s place.
        assert_eq!(
            states["A"].as_object().unwrap().keys().next_back().unwrap(),
            "Next"
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`A-2`"), "{}", found[0].message);
    }

    #[test]
    fn no_job_prints_nothing() {
        assert_eq!(join(&[]).0, "");
    }
}
