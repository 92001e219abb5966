//! Checking a typed job against the schema's constraints.
//!
//! The generated `Validate` impls walk a job and call the checks here. All
//! findings are collected (never just the first), each with its canonical
//! path; the format that read the document later spells the path in its own
//! names and finds the source position.
//!
//! Status members (those only a describe response returns) are reported
//! leniently: AWS fills them in, so they are never required, and an unknown
//! enum value there is a warning, not an error.

use std::sync::OnceLock;

use crate::diag::{Code, Diagnostic, Severity};
use crate::meta::ShapeId;
use crate::path::{CanonPath, Seg};

/// A value that can be checked against the schema.
pub trait Validate {
    /// Records every constraint the value breaks.
    fn validate(&self, v: &mut Validator);
}

/// Collects constraint violations while walking a job.
#[derive(Default)]
pub struct Validator {
    path: Vec<Seg>,
    status_depth: usize,
    /// The findings, each with `canon` set and `path` empty (to be spelled by the caller).
    pub diagnostics: Vec<Diagnostic>,
}

impl Validator {
    /// A validator with no findings.
    pub fn new() -> Self {
        Validator::default()
    }

    /// Whether the walk is inside a status member.
    pub fn in_status(&self) -> bool {
        self.status_depth > 0
    }

    fn report(&mut self, severity: Severity, code: Code, message: String, extra: Option<Seg>) {
        let mut path = self.path.clone();
        path.extend(extra);
        let mut d = Diagnostic::error(code, message).with_canon(CanonPath(path));
        d.severity = severity;
        self.diagnostics.push(d);
    }

    /// Checks member `index` of `shape` (absent members are skipped) with `f`.
    pub fn member<T: ?Sized>(
        &mut self,
        shape: ShapeId,
        index: u16,
        value: Option<&T>,
        f: impl FnOnce(&T, &mut Validator),
    ) {
        if let Some(value) = value {
            self.path.push(Seg::Member(shape, index));
            f(value, self);
            self.path.pop();
        }
    }

    /// Like [`Validator::member`] for a status member of the job.
    pub fn status_member<T: ?Sized>(
        &mut self,
        shape: ShapeId,
        index: u16,
        value: Option<&T>,
        f: impl FnOnce(&T, &mut Validator),
    ) {
        self.status_depth += 1;
        self.member(shape, index, value, f);
        self.status_depth -= 1;
    }

    /// Records a missing required member (not inside status).
    pub fn required(&mut self, shape: ShapeId, index: u16, name: &str, present: bool) {
        if !present && !self.in_status() {
            self.report(
                Severity::Error,
                Code::Required,
                format!("missing required field `{name}`"),
                Some(Seg::Member(shape, index)),
            );
        }
    }

    /// Checks each element of a list with `f`.
    pub fn each<T>(&mut self, items: &[T], mut f: impl FnMut(&T, &mut Validator)) {
        for (i, item) in items.iter().enumerate() {
            self.path.push(Seg::Index(i));
            f(item, self);
            self.path.pop();
        }
    }

    /// Checks each value of a map with `f` (keys are checked with `key`).
    pub fn entries<V>(
        &mut self,
        map: &crate::Map<V>,
        mut key: impl FnMut(&str, &mut Validator),
        mut f: impl FnMut(&V, &mut Validator),
    ) {
        for (k, v) in map {
            self.path.push(Seg::Key(k.clone()));
            key(k, self);
            f(v, self);
            self.path.pop();
        }
    }

    /// String length in characters; returns whether the length is fine
    /// (a pattern is not checked again on a string of the wrong length).
    pub fn length(&mut self, s: &str, min: Option<u64>, max: Option<u64>) -> bool {
        if self.in_status() {
            return true;
        }
        let before = self.diagnostics.len();
        let n = s.chars().count() as u64;
        if let Some(min) = min.filter(|m| n < *m) {
            let msg = if min == 1 && n == 0 {
                "must not be empty".to_owned()
            } else {
                format!("is {n} characters long, shorter than the minimum of {min}")
            };
            self.report(Severity::Error, Code::Length, msg, None);
        }
        if let Some(max) = max.filter(|m| n > *m) {
            self.report(
                Severity::Error,
                Code::Length,
                format!("is {n} characters long, longer than the maximum of {max}"),
                None,
            );
        }
        self.diagnostics.len() == before
    }

    /// Number of elements of a list or entries of a map.
    pub fn count(&mut self, n: usize, min: Option<u64>, max: Option<u64>) {
        if self.in_status() {
            return;
        }
        let n = n as u64;
        if let Some(min) = min.filter(|m| n < *m) {
            self.report(
                Severity::Error,
                Code::Count,
                format!("has {n} entries, fewer than the minimum of {min}"),
                None,
            );
        }
        if let Some(max) = max.filter(|m| n > *m) {
            self.report(
                Severity::Error,
                Code::Count,
                format!("has {n} entries, more than the maximum of {max}"),
                None,
            );
        }
    }

    /// Numeric range.
    pub fn range(&mut self, v: i64, min: Option<i64>, max: Option<i64>) {
        if self.in_status() {
            return;
        }
        if let Some(min) = min.filter(|m| v < *m) {
            self.report(
                Severity::Error,
                Code::Range,
                format!("{v} is less than the minimum of {min}"),
                None,
            );
        }
        if let Some(max) = max.filter(|m| v > *m) {
            self.report(
                Severity::Error,
                Code::Range,
                format!("{v} is greater than the maximum of {max}"),
                None,
            );
        }
    }

    /// Full match of a pattern.
    pub fn pattern(&mut self, s: &str, pattern: &Pattern) {
        if self.in_status() || pattern.is_match(s) {
            return;
        }
        // The API's `.` is Java's: it matches no line break of any kind.
        let hint = (pattern.source().contains('.')
            && s.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']))
        .then(|| {
            "the pattern's `.` matches no line break (\\n, \\r, U+0085, U+2028, U+2029)".to_owned()
        });
        self.report(
            Severity::Error,
            Code::Pattern,
            format!(
                "`{}` does not match the pattern {}",
                truncate(s),
                pattern.source()
            ),
            None,
        );
        if let (Some(hint), Some(d)) = (hint, self.diagnostics.last_mut()) {
            d.hint = Some(hint);
        }
    }

    /// An enum value the schema does not list.
    pub fn unknown_enum(&mut self, value: &str, known: &[&str], open: bool) {
        let near = crate::suggest::closest(value, known.iter().copied());
        let (severity, why) = if open || self.in_status() {
            (
                Severity::Warning,
                "kept as is; it may be newer than the schema",
            )
        } else {
            (Severity::Error, "not one of the allowed values")
        };
        let mut msg = format!("unknown value `{}`: {why}", truncate(value));
        if known.len() <= 12 {
            msg.push_str(&format!(" ({})", known.join(", ")));
        }
        self.report(severity, Code::Enum, msg, None);
        if let (Some(near), Some(d)) = (near, self.diagnostics.last_mut()) {
            d.hint = Some(format!("did you mean `{near}`?"));
        }
    }
}

fn truncate(s: &str) -> String {
    if s.chars().count() <= 80 {
        s.to_owned()
    } else {
        let head: String = s.chars().take(77).collect();
        format!("{head}...")
    }
}

/// A pattern from the schema, compiled on first use.
///
/// The schema keeps patterns as the API writes them (Java syntax); the
/// generator translates what Rust's `regex` spells differently (`\p{Alnum}`)
/// and marks patterns that need look-around, which `fancy-regex` handles.
pub struct Pattern {
    api: &'static str,
    rust: &'static str,
    lookaround: bool,
    fast: Option<crate::fast_pattern::FastMatch>,
    compiled: OnceLock<Compiled>,
}

enum Compiled {
    Plain(regex::Regex),
    Fancy(fancy_regex::Regex),
}

impl Pattern {
    /// A pattern: `api` as the schema writes it, `rust` its translation
    /// (anchored for a full match), `lookaround` when it needs fancy-regex,
    /// `fast` the hand-written matcher the generator chose for it
    /// ([`crate::fast_pattern::KNOWN`]), if any.
    pub const fn new(
        api: &'static str,
        rust: &'static str,
        lookaround: bool,
        fast: Option<crate::fast_pattern::FastMatch>,
    ) -> Self {
        Pattern {
            api,
            rust,
            lookaround,
            fast,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as the API writes it.
    pub fn source(&self) -> &'static str {
        self.api
    }

    /// Whether the whole of `s` matches. Common patterns are checked by
    /// hand-written matchers ([`crate::fast_pattern`]); the others are
    /// compiled on first use.
    pub fn is_match(&self, s: &str) -> bool {
        if let Some(fast) = self.fast {
            if let Some(matched) = fast(s) {
                return matched;
            }
        }
        let compiled = self.compiled.get_or_init(|| {
            if self.lookaround {
                Compiled::Fancy(
                    fancy_regex::Regex::new(self.rust)
                        .expect("schema patterns are checked by the generator"),
                )
            } else {
                Compiled::Plain(
                    regex::Regex::new(self.rust)
                        .expect("schema patterns are checked by the generator"),
                )
            }
        });
        match compiled {
            Compiled::Plain(r) => r.is_match(s),
            // A pattern that blows its backtracking budget on hostile input counts as a mismatch.
            Compiled::Fancy(r) => r.is_match(s).unwrap_or(false),
        }
    }
}
