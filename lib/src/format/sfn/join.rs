//! Several jobs as one state machine: each job's state, in order, chained
//! by `Next`, the last one ending the machine.

use serde_json::{Map, Value};
use tjspec_runtime::Diagnostic;

use super::super::join::{parse, pretty_at, renamed, string, Join, JoinError, Names};
use super::write::MAX_STATE_NAME;

const WHAT: &str = "state machine";

/// Joins printed state machines into one.
pub(super) struct SfnJoin {
    names: Names,
    /// The last state taken, written once the next one names its successor.
    held: Option<(String, Map<String, Value>)>,
    /// Whether a state was written (the machine's head with it).
    started: bool,
}

impl SfnJoin {
    pub(super) fn new() -> Self {
        SfnJoin {
            names: Names::new(MAX_STATE_NAME),
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
    fn push(&mut self, rendered: &[u8], buf: &mut Vec<u8>) -> Result<Vec<Diagnostic>, JoinError> {
        let machine = parse(rendered, WHAT)?;
        let Some(Value::Object(states)) = machine.get("States") else {
            return Err(JoinError::NotPrinted {
                what: WHAT,
                reason: "no `States` object".to_owned(),
            });
        };
        let mut found = Vec::new();
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
            self.release(Some(&unique), buf);
            self.held = Some((unique, state.clone()));
        }
        Ok(found)
    }

    fn finish(mut self: Box<Self>, buf: &mut Vec<u8>) {
        self.release(None, buf);
        if self.started {
            buf.extend_from_slice(b"\n    }\n}\n");
        }
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
        let mut j: Box<dyn Join> = Box::new(SfnJoin::new());
        let mut buf = Vec::new();
        let mut found = Vec::new();
        for m in machines {
            found.extend(j.push(m.as_bytes(), &mut buf).unwrap());
        }
        j.finish(&mut buf);
        (String::from_utf8(buf).unwrap(), found)
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
