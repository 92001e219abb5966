//! Joining the jobs of one output into one document, for formats whose
//! document holds several jobs as its parts (a state machine's states, a
//! pipeline's steps) rather than one after another.
//!
//! Each job is printed alone first (as [`super::Format::render_bytes`]
//! prints it, so the streaming path and the library print the same), and a
//! [`Join`] takes the printed jobs in order and writes the whole document as
//! they arrive, holding back at most the jobs of one input document (a
//! reference from one job to another of the same document, which may come
//! later, is rewritten to the name the joining gives it).

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;
use tjspec_runtime::{Code, Diagnostic};

use super::Doc;

/// Writes the jobs of one output as one document.
pub trait Join: Send {
    /// Takes the next job, `doc` as its format printed it alone (`rendered`);
    /// appends to `buf` what can be written already, and returns what the
    /// joining changed (a part renamed because an earlier job took its
    /// name, a reference to a job not in the output left out).
    fn push(
        &mut self,
        doc: &Doc,
        rendered: &[u8],
        buf: &mut Vec<u8>,
    ) -> Result<Vec<Diagnostic>, JoinError>;

    /// Appends the rest of the document to `buf` (nothing when no job
    /// came), and returns what writing the jobs still held changed.
    fn finish(self: Box<Self>, buf: &mut Vec<u8>) -> Vec<Diagnostic>;
}

/// The parts (states, steps) of the jobs of one input document, held until
/// every job of the document has come (or another document's job comes, or
/// the output ends), with the names the joining gave them.
pub(crate) struct Group<T> {
    /// The document ([`super::Workflow::document`]); `None`: a job read
    /// from no workflow document, which nothing refers to.
    document: Option<String>,
    /// How many jobs the document holds.
    expected: usize,
    /// Name in the input → name in the output, for the parts held.
    names: HashMap<String, String>,
    parts: Vec<T>,
}

impl<T> Group<T> {
    pub(crate) fn new() -> Self {
        Group {
            document: None,
            expected: 0,
            names: HashMap::new(),
            parts: Vec::new(),
        }
    }

    /// Whether parts are held and `doc` is not of their document: they
    /// must be written before its parts are taken.
    pub(crate) fn is_other(&self, doc: &Doc) -> bool {
        !self.parts.is_empty()
            && (self.document.is_none() || self.document.as_deref() != document(doc))
    }

    /// Holds a part of `doc`, named `original` in the input and `unique` in the output.
    pub(crate) fn add(&mut self, doc: &Doc, original: &str, unique: &str, part: T) {
        if self.parts.is_empty() {
            self.document = document(doc).map(str::to_owned);
            self.expected = doc.envelope.workflow.as_ref().map_or(1, |w| w.jobs.len());
            self.names.clear();
        }
        self.names.insert(original.to_owned(), unique.to_owned());
        self.parts.push(part);
    }

    /// Whether every job of the document has come.
    pub(crate) fn is_complete(&self) -> bool {
        self.document.is_none() || self.parts.len() >= self.expected
    }

    /// The parts held, and the names they were given.
    pub(crate) fn take(&mut self) -> (Vec<T>, HashMap<String, String>) {
        (
            std::mem::take(&mut self.parts),
            std::mem::take(&mut self.names),
        )
    }
}

fn document(doc: &Doc) -> Option<&str> {
    doc.envelope.workflow.as_ref().map(|w| w.document.as_str())
}

/// Points a reference to a job of the same input document (`target`, a
/// step or state name) at the name that job has in the output. A job that
/// is not in the output (it failed, or the output holds one job) gives a
/// finding and `false`: the reference is to be left out. `what` (`a
/// catcher of state `Train``) and `kind` (`state`) word the finding.
pub(crate) fn follow_rename(
    target: &mut String,
    names: &std::collections::HashMap<String, String>,
    what: &str,
    kind: &str,
    found: &mut Vec<Diagnostic>,
) -> bool {
    if let Some(to) = names.get(target.as_str()) {
        to.clone_into(target);
        return true;
    }
    found.push(
        Diagnostic::warning(
            Code::Altered,
            format!(
                "{what} names {kind} `{target}`, a job of the same input document that is not in this output; it is left out"
            ),
        )
        .with_hint(
            "convert every job of the input document into the same output (not --out-dir) to keep it",
        ),
    );
    false
}

/// Jobs one joined document holds at most. Joining remembers every part's
/// name (to keep names unique), so this bounds its memory; Step Functions
/// takes definitions of at most 1 MB, which hold far fewer states.
pub const MAX_JOBS: usize = 10_000;

/// Why a printed job cannot be joined.
#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    /// More jobs than one document holds ([`MAX_JOBS`]).
    #[error("one {what} holds at most {max} jobs; convert fewer jobs per output, or use --out-dir (one {what} per job)")]
    TooMany {
        /// What the format prints (`state machine`).
        what: &'static str,
        /// The limit.
        max: usize,
    },
    /// The bytes are not a job this format printed.
    #[error("not a {what} printed by tjspec: {reason}")]
    NotPrinted {
        /// What the format prints (`state machine`).
        what: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

/// Parses a printed job back into a JSON object.
pub(crate) fn parse(
    rendered: &[u8],
    what: &'static str,
) -> Result<serde_json::Map<String, Value>, JoinError> {
    let not_printed = |reason: String| JoinError::NotPrinted { what, reason };
    match serde_json::from_slice(rendered) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(not_printed("not a JSON object".to_owned())),
        Err(e) => Err(not_printed(e.to_string())),
    }
}

/// Pretty JSON as the JSON formats print it (four-space indentation), each
/// line after the first indented by `indent` more spaces so that it can be
/// written inside an enclosing document. JSON strings hold no raw line
/// breaks, so indenting line by line cannot change a value.
pub(crate) fn pretty_at(value: &Value, indent: usize, buf: &mut Vec<u8>) {
    let mut text = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut text, fmt);
    value
        .serialize(&mut ser)
        .expect("JSON values always serialize");
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            buf.push(b'\n');
            buf.resize(buf.len() + indent, b' ');
        }
        buf.extend_from_slice(line);
    }
}

/// A JSON string literal.
pub(crate) fn string(s: &str) -> String {
    serde_json::to_string(s).expect("strings always serialize")
}

/// Names made unique within one document: a name taken by an earlier part
/// gets the first free suffix `-2`, `-3`, … (its beginning cut so that the
/// whole stays within the format's limit). Each name remembers the next
/// suffix to try, so many parts of one name take linear time.
pub(crate) struct Names {
    used: HashSet<String>,
    next: HashMap<String, usize>,
    max_chars: usize,
}

impl Names {
    pub(crate) fn new(max_chars: usize) -> Self {
        Names {
            used: HashSet::new(),
            next: HashMap::new(),
            max_chars,
        }
    }

    /// Refuses one more part past [`MAX_JOBS`].
    pub(crate) fn room(&self, what: &'static str) -> Result<(), JoinError> {
        if self.used.len() >= MAX_JOBS {
            return Err(JoinError::TooMany {
                what,
                max: MAX_JOBS,
            });
        }
        Ok(())
    }

    /// `name` if no earlier part has it, else the first free suffixed form.
    pub(crate) fn unique(&mut self, name: &str) -> String {
        if self.used.insert(name.to_owned()) {
            return name.to_owned();
        }
        let mut n = self.next.get(name).copied().unwrap_or(2);
        loop {
            let suffix = format!("-{n}");
            let keep = self.max_chars.saturating_sub(suffix.chars().count());
            let candidate: String = name.chars().take(keep).chain(suffix.chars()).collect();
            n += 1;
            if self.used.insert(candidate.clone()) {
                self.next.insert(name.to_owned(), n);
                return candidate;
            }
        }
    }
}

/// The finding for a part renamed by [`Names::unique`].
pub(crate) fn renamed(part: &str, from: &str, to: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::Altered,
        format!(
            "{part} name `{from}` is taken by an earlier job of the same output; this job's {part} is written as `{to}`"
        ),
    )
    .with_hint(format!(
        "give the jobs distinct names (labels or job names) to keep them; reading the output back gives this job the label `{to}`"
    ))
}

/// Joins `parts` (each a job and its printed bytes) with `join`: what the
/// joiners' tests check, the output and the findings.
#[cfg(test)]
pub(crate) fn join_all(
    mut join: Box<dyn Join>,
    parts: &[(Doc, String)],
) -> (String, Vec<Diagnostic>) {
    let mut buf = Vec::new();
    let mut found = Vec::new();
    for (doc, bytes) in parts {
        found.extend(join.push(doc, bytes.as_bytes(), &mut buf).unwrap());
    }
    found.extend(join.finish(&mut buf));
    (String::from_utf8(buf).unwrap(), found)
}

/// A job of the input workflow `document`, whose jobs are `jobs` (for the
/// joiners' tests).
#[cfg(test)]
pub(crate) fn job_of(document: &str, jobs: &[&str]) -> Doc {
    let mut doc = Doc::default();
    doc.envelope.workflow = Some(crate::format::Workflow {
        document: document.to_owned(),
        around: Vec::new(),
        jobs: std::sync::Arc::new(jobs.iter().map(|j| (*j).to_owned()).collect()),
    });
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_take_the_first_free_suffix_within_the_limit() {
        let mut names = Names::new(6);
        assert_eq!(names.unique("Train"), "Train");
        assert_eq!(names.unique("Train"), "Trai-2");
        assert_eq!(names.unique("Trai-3"), "Trai-3");
        // `-3` is taken by a job of that name: the next free one.
        assert_eq!(names.unique("Train"), "Trai-4");
        assert_eq!(names.unique("Other"), "Other");
    }

    #[test]
    fn pretty_at_indents_every_line_after_the_first() {
        let v: Value = serde_json::from_str(r#"{"a": [1, "x\ny"]}"#).unwrap();
        let mut buf = Vec::new();
        pretty_at(&v, 4, &mut buf);
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "{\n        \"a\": [\n            1,\n            \"x\\ny\"\n        ]\n    }"
        );
    }

    #[test]
    fn names_past_the_budget_are_refused() {
        let mut names = Names::new(80);
        for i in 0..MAX_JOBS {
            assert!(names.room("state machine").is_ok());
            names.unique(&i.to_string());
        }
        let e = names.room("state machine").unwrap_err();
        assert!(e.to_string().contains("at most 10000 jobs"), "{e}");
    }

    #[test]
    fn bytes_that_are_not_an_object_are_refused() {
        assert!(parse(b"[1]", "state machine").is_err());
        assert!(parse(b"{", "state machine").is_err());
        assert!(parse(b"{}", "state machine").is_ok());
    }
}
