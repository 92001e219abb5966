//! Configuration (`.tjspec.toml`): each rule's level, per file and per job,
//! and the level from which findings fail a run.
//!
//! ```toml
//! fail-on = "warning"
//!
//! [rules]
//! vpc-config = "warning"
//! spot-for-long-jobs = "off"
//!
//! [[overrides]]
//! files = ["experiments/**"]
//! jobs = ["scratch-*"]        # optional: only jobs with these names
//! rules = { network-isolation = "off" }
//! ```
//!
//! Reading and applying a configuration is the library's; finding the file
//! (from an input's directory upward) is the caller's.

use std::fmt;

use tjspec_runtime::{Code, Diagnostic, RuleId, Severity};
use toml_edit::{Item, TableLike};

use crate::rules::Rule;

mod glob;

pub use glob::{Glob, GlobError};

/// The file name looked for beside inputs and in their parent directories.
pub const FILE_NAME: &str = ".tjspec.toml";

/// A rule's level: a severity, or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// The rule does not run.
    Off,
    /// Its findings are notes.
    Note,
    /// Its findings are warnings.
    Warning,
    /// Its findings are errors (they fail the document).
    Error,
}

impl Level {
    /// Every level, as a configuration spells them.
    pub const ALL: [Level; 4] = [Level::Off, Level::Note, Level::Warning, Level::Error];

    /// Lower-case name, as written in the configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// The severity of findings at this level (`None`: off).
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Note => Some(Severity::Note),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }

    fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

impl From<Severity> for Level {
    fn from(s: Severity) -> Self {
        match s {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            // A severity added later reads as the least.
            _ => Level::Note,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A position in the configuration file (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Position {
    /// Line.
    pub line: u32,
    /// Column, in characters.
    pub column: u32,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One `rule = "level"` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSetting {
    /// The rule.
    pub rule: RuleId,
    /// Its level.
    pub level: Level,
    /// Where the line is.
    pub at: Position,
}

/// One `[[overrides]]` table: rule levels for some files (and jobs).
#[derive(Clone, Debug)]
pub struct Override {
    /// Globs over paths relative to the configuration's directory (a glob
    /// without `/` matches a file name in any directory).
    pub files: Vec<String>,
    /// Job names (globs); empty: every job.
    pub jobs: Vec<String>,
    /// The levels it sets.
    pub rules: Vec<RuleSetting>,
    /// Where the table starts.
    pub at: Position,
    file_matchers: Vec<Glob>,
    job_matchers: Vec<Glob>,
}

impl Override {
    /// Whether the override applies to a file (its path relative to the
    /// configuration's directory, `/`-separated) and a job.
    pub fn applies(&self, file: Option<&str>, job: Option<&str>) -> bool {
        let file_ok = match file {
            Some(path) => {
                let name = path.rsplit('/').next().unwrap_or(path);
                self.files
                    .iter()
                    .zip(&self.file_matchers)
                    .any(|(g, m)| m.is_match(if g.contains('/') { path } else { name }))
            }
            None => false,
        };
        let job_ok = self.jobs.is_empty()
            || job.is_some_and(|j| self.job_matchers.iter().any(|m| m.is_match(j)));
        file_ok && job_ok
    }
}

/// A configuration: what `.tjspec.toml` says.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Where it was read from, as printed (`.tjspec.toml`, `ci/tjspec.toml`).
    pub origin: String,
    /// `[rules]`.
    pub rules: Vec<RuleSetting>,
    /// `[[overrides]]`, in file order (a later one wins).
    pub overrides: Vec<Override>,
    /// `fail-on`: findings of this severity or worse fail the run.
    pub fail_on: Option<Severity>,
}

/// Where a rule's effective level comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LevelOrigin {
    /// The rule's default.
    Default,
    /// `[rules]` of a configuration (its origin, the line's position).
    Rules(String, Position),
    /// An `[[overrides]]` table (its origin, the line's position).
    Override(String, Position),
}

impl fmt::Display for LevelOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LevelOrigin::Default => f.pad("default"),
            LevelOrigin::Rules(origin, at) => f.pad(&format!("{origin}:{at} [rules]")),
            LevelOrigin::Override(origin, at) => f.pad(&format!("{origin}:{at} [[overrides]]")),
        }
    }
}

/// A configuration that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{origin}:{at}: {kind}")]
pub struct ConfigError {
    /// The file, as printed.
    pub origin: String,
    /// Where.
    pub at: Position,
    /// What is wrong.
    pub kind: ConfigErrorKind,
}

/// What is wrong with a configuration.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// Not TOML.
    #[error("{0}")]
    Syntax(String),
    /// A key the configuration does not have.
    #[error("unknown key `{key}` (expected one of: {expected})")]
    UnknownKey {
        /// The key.
        key: String,
        /// The keys allowed there.
        expected: &'static str,
    },
    /// A rule id no rule has.
    #[error("unknown rule `{0}` (`tjspec validate --list-rules` lists them)")]
    UnknownRule(String),
    /// A level that is not off, note, warning or error.
    #[error("`{0}` is not a level (off, note, warning or error)")]
    Level(String),
    /// A `fail-on` that is not note, warning or error.
    #[error("`{0}` is not a severity to fail on (note, warning or error)")]
    FailOn(String),
    /// A value of the wrong type.
    #[error("`{key}` must be {expected}")]
    Type {
        /// The key.
        key: String,
        /// What it must be.
        expected: &'static str,
    },
    /// A glob that does not parse.
    #[error("glob `{glob}`: {message}")]
    Glob {
        /// The glob.
        glob: String,
        /// Why.
        message: String,
    },
    /// An override without `files`.
    #[error("an [[overrides]] table needs `files` (for JSON inputs, which have no comments, match them by name)")]
    NoFiles,
}

/// Line and column (1-based, columns in characters) of a byte offset.
fn position(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary_compat(offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Position {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(col).unwrap_or(u32::MAX),
    }
}

/// `str::floor_char_boundary` is not stable on the crate's minimum Rust.
trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorCharBoundary for str {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        while i > 0 && !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

struct Parser<'t> {
    text: &'t str,
    origin: &'t str,
}

impl Parser<'_> {
    fn error(&self, span: Option<std::ops::Range<usize>>, kind: ConfigErrorKind) -> ConfigError {
        ConfigError {
            origin: self.origin.to_owned(),
            at: span.map_or_else(Position::default, |s| position(self.text, s.start)),
            kind,
        }
    }

    fn at(&self, span: Option<std::ops::Range<usize>>) -> Position {
        span.map_or_else(Position::default, |s| position(self.text, s.start))
    }

    fn table<'i>(
        &self,
        key: &str,
        key_span: Option<std::ops::Range<usize>>,
        item: &'i Item,
    ) -> Result<&'i dyn TableLike, ConfigError> {
        item.as_table_like().ok_or_else(|| {
            self.error(
                key_span,
                ConfigErrorKind::Type {
                    key: key.to_owned(),
                    expected: "a table",
                },
            )
        })
    }

    fn rules(&self, table: &dyn TableLike) -> Result<Vec<RuleSetting>, ConfigError> {
        let mut out = Vec::new();
        for (name, item) in table.iter() {
            let key_span = table.get_key_value(name).and_then(|(k, _)| k.span());
            let rule: RuleId = name.parse().map_err(|_| {
                self.error(
                    key_span.clone(),
                    ConfigErrorKind::UnknownRule(name.to_owned()),
                )
            })?;
            let value = item.as_str().ok_or_else(|| {
                self.error(
                    item.span().or(key_span.clone()),
                    ConfigErrorKind::Type {
                        key: name.to_owned(),
                        expected: "a string: off, note, warning or error",
                    },
                )
            })?;
            let level = Level::parse(value).ok_or_else(|| {
                self.error(
                    item.span().or(key_span.clone()),
                    ConfigErrorKind::Level(value.to_owned()),
                )
            })?;
            out.push(RuleSetting {
                rule,
                level,
                at: self.at(key_span),
            });
        }
        Ok(out)
    }

    fn globs(&self, key: &str, item: &Item) -> Result<(Vec<String>, Vec<Glob>), ConfigError> {
        let expected = ConfigErrorKind::Type {
            key: key.to_owned(),
            expected: "an array of strings",
        };
        let array = item
            .as_array()
            .ok_or_else(|| self.error(item.span(), expected.clone()))?;
        let (mut globs, mut matchers) = (Vec::new(), Vec::new());
        for v in array.iter() {
            let s = v
                .as_str()
                .ok_or_else(|| self.error(v.span(), expected.clone()))?;
            let glob = Glob::new(s).map_err(|e| {
                self.error(
                    v.span(),
                    ConfigErrorKind::Glob {
                        glob: s.to_owned(),
                        message: e.to_string(),
                    },
                )
            })?;
            globs.push(s.to_owned());
            matchers.push(glob);
        }
        Ok((globs, matchers))
    }

    fn override_table(&self, table: &dyn TableLike, at: Position) -> Result<Override, ConfigError> {
        let mut o = Override {
            files: Vec::new(),
            jobs: Vec::new(),
            rules: Vec::new(),
            at,
            file_matchers: Vec::new(),
            job_matchers: Vec::new(),
        };
        let mut has_files = false;
        for (key, item) in table.iter() {
            let key_span = table.get_key_value(key).and_then(|(k, _)| k.span());
            match key {
                "files" => {
                    (o.files, o.file_matchers) = self.globs(key, item)?;
                    has_files = true;
                }
                "jobs" => (o.jobs, o.job_matchers) = self.globs(key, item)?,
                "rules" => o.rules = self.rules(self.table(key, key_span, item)?)?,
                _ => {
                    return Err(self.error(
                        key_span,
                        ConfigErrorKind::UnknownKey {
                            key: key.to_owned(),
                            expected: "files, jobs, rules",
                        },
                    ))
                }
            }
        }
        if !has_files {
            return Err(ConfigError {
                origin: self.origin.to_owned(),
                at,
                kind: ConfigErrorKind::NoFiles,
            });
        }
        Ok(o)
    }
}

impl Config {
    /// Reads a configuration; `origin` names it in errors and in
    /// [`LevelOrigin`].
    pub fn parse(text: &str, origin: &str) -> Result<Config, ConfigError> {
        let p = Parser { text, origin };
        let doc = toml_edit::Document::parse(text)
            .map_err(|e| p.error(e.span(), ConfigErrorKind::Syntax(e.message().to_owned())))?;
        let root = doc.as_table();
        let mut config = Config {
            origin: origin.to_owned(),
            ..Config::default()
        };
        for (key, item) in root.iter() {
            let key_span = root.key(key).and_then(|k| k.span());
            match key {
                "rules" => config.rules = p.rules(p.table(key, key_span, item)?)?,
                "fail-on" => {
                    let value = item.as_str().ok_or_else(|| {
                        p.error(
                            item.span(),
                            ConfigErrorKind::Type {
                                key: key.to_owned(),
                                expected: "a string: note, warning or error",
                            },
                        )
                    })?;
                    config.fail_on = Some(
                        Level::parse(value)
                            .and_then(Level::severity)
                            .ok_or_else(|| {
                                p.error(item.span(), ConfigErrorKind::FailOn(value.to_owned()))
                            })?,
                    );
                }
                "overrides" => {
                    if let Some(tables) = item.as_array_of_tables() {
                        for t in tables.iter() {
                            let at = p.at(t.span());
                            config.overrides.push(p.override_table(t, at)?);
                        }
                    } else if let Some(array) = item.as_array() {
                        for v in array.iter() {
                            let t = v.as_inline_table().ok_or_else(|| {
                                p.error(
                                    v.span(),
                                    ConfigErrorKind::Type {
                                        key: key.to_owned(),
                                        expected: "an array of tables",
                                    },
                                )
                            })?;
                            config.overrides.push(p.override_table(t, p.at(v.span()))?);
                        }
                    } else {
                        return Err(p.error(
                            key_span,
                            ConfigErrorKind::Type {
                                key: key.to_owned(),
                                expected: "an array of tables ([[overrides]])",
                            },
                        ));
                    }
                }
                _ => {
                    return Err(p.error(
                        key_span,
                        ConfigErrorKind::UnknownKey {
                            key: key.to_owned(),
                            expected: "rules, overrides, fail-on",
                        },
                    ))
                }
            }
        }
        Ok(config)
    }

    /// A rule's effective level for a file (its path relative to the
    /// configuration's directory, `/`-separated; `None` for standard input)
    /// and a job (its name, when it has one), and where that level comes
    /// from: the rule's default, then `[rules]`, then each matching
    /// override in order, the last word winning.
    pub fn level(
        &self,
        rule: RuleId,
        file: Option<&str>,
        job: Option<&str>,
    ) -> (Level, LevelOrigin) {
        let mut level = (Rule::of(rule).default_level(), LevelOrigin::Default);
        if let Some(s) = self.rules.iter().rev().find(|s| s.rule == rule) {
            level = (s.level, LevelOrigin::Rules(self.origin.clone(), s.at));
        }
        for o in &self.overrides {
            if let Some(s) = o.rules.iter().rev().find(|s| s.rule == rule) {
                if o.applies(file, job) {
                    level = (s.level, LevelOrigin::Override(self.origin.clone(), s.at));
                }
            }
        }
        level
    }

    /// Applies the levels to findings about one job: a rule turned off
    /// drops its findings, another level changes their severity. Findings
    /// that are not rules' are left as they are.
    pub fn apply(&self, findings: &mut Vec<Diagnostic>, file: Option<&str>, job: Option<&str>) {
        findings.retain_mut(|d| {
            let Code::Rule(rule) = d.code else {
                return true;
            };
            match self.level(rule, file, job).0.severity() {
                Some(severity) => {
                    d.severity = severity;
                    true
                }
                None => false,
            }
        });
    }

    /// The configuration as TOML, with every rule's effective level for a
    /// file and a job, each with where it comes from (`--print-config`).
    pub fn effective_toml(&self, file: Option<&str>, job: Option<&str>) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "# effective configuration{}{}\n",
            file.map(|f| format!(" for {f}")).unwrap_or_default(),
            match self.origin.as_str() {
                "" => " (no configuration file: defaults)".to_owned(),
                o => format!(" from {o}"),
            }
        ));
        if let Some(f) = self.fail_on {
            out.push_str(&format!("fail-on = \"{}\"\n", f.as_str()));
        } else {
            out.push_str("# fail-on = \"error\" (default)\n");
        }
        out.push_str("\n[rules]\n");
        for r in crate::rules::RULES {
            let (level, origin) = self.level(r.id, file, job);
            out.push_str(&format!(
                "{} = \"{}\" # {}, {}\n",
                r.id,
                level,
                r.category.as_str(),
                origin
            ));
        }
        out
    }
}

/// A configuration as it applies to one input.
#[derive(Clone, Debug)]
pub struct Scoped {
    /// The configuration.
    pub config: std::sync::Arc<Config>,
    /// The input's path relative to the configuration's directory,
    /// `/`-separated, which `[[overrides]]` globs match (`None`: standard input).
    pub file: Option<String>,
}

impl Scoped {
    /// Applies the configuration to findings about one job (see [`Config::apply`]).
    pub fn apply(&self, findings: &mut Vec<Diagnostic>, job: Option<&str>) {
        self.config.apply(findings, self.file.as_deref(), job);
    }
}

/// The configurations of a run, by input (its [`crate::source::Source`]
/// name), as the caller found them; inputs without one use the defaults.
#[derive(Clone, Debug, Default)]
pub struct Configs {
    /// By input name.
    pub by_input: std::collections::HashMap<String, Scoped>,
}

impl Configs {
    /// The configuration of an input, if it has one.
    pub fn get(&self, input: &str) -> Option<&Scoped> {
        self.by_input.get(input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(position(text, 0), Position { line: 1, column: 1 });
        let at = text.find("= 2").unwrap();
        assert_eq!(position(text, at), Position { line: 2, column: 4 });
    }

    #[test]
    fn levels_layer_default_rules_overrides() {
        let c = Config::parse(
            "[rules]\nvpc-config = \"error\"\n\n[[overrides]]\nfiles = [\"exp/**\"]\njobs = [\"scratch-*\"]\nrules = { vpc-config = \"off\" }\n",
            "t.toml",
        )
        .unwrap();
        assert_eq!(
            c.level(RuleId::VpcConfig, Some("prod/a.json"), Some("scratch-1")),
            (
                Level::Error,
                LevelOrigin::Rules("t.toml".into(), Position { line: 2, column: 1 })
            )
        );
        assert_eq!(
            c.level(RuleId::VpcConfig, Some("exp/a/b.json"), Some("scratch-1"))
                .0,
            Level::Off
        );
        assert_eq!(
            c.level(RuleId::VpcConfig, Some("exp/a/b.json"), Some("prod-1"))
                .0,
            Level::Error,
            "the override names jobs"
        );
        assert_eq!(
            c.level(RuleId::RemoteDebug, None, None),
            (Level::Warning, LevelOrigin::Default)
        );
    }

    #[test]
    fn errors_have_positions() {
        let err = |t: &str| Config::parse(t, "c.toml").unwrap_err();
        let e = err("[rules]\n  no-such-rule = \"off\"\n");
        assert_eq!(e.at, Position { line: 2, column: 3 });
        assert_eq!(e.kind, ConfigErrorKind::UnknownRule("no-such-rule".into()));
        let e = err("fail-on = \"error\"\nfail_on = \"note\"\n");
        assert_eq!(e.at, Position { line: 2, column: 1 });
        assert!(matches!(e.kind, ConfigErrorKind::UnknownKey { .. }));
        let e = err("[rules]\nvpc-config = \"loud\"\n");
        assert_eq!(
            (e.at, e.kind),
            (
                Position {
                    line: 2,
                    column: 14
                },
                ConfigErrorKind::Level("loud".into())
            )
        );
        let e = err("fail-on = \"off\"\n");
        assert_eq!(e.kind, ConfigErrorKind::FailOn("off".into()));
        let e = err("[[overrides]]\nfile = [\"a\"]\n");
        assert_eq!(e.at, Position { line: 2, column: 1 });
        let e = err("[[overrides]]\nrules = {}\n");
        assert_eq!(e.kind, ConfigErrorKind::NoFiles);
        let e = err("[rules\n");
        assert!(matches!(e.kind, ConfigErrorKind::Syntax(_)));
        assert_eq!(e.at.line, 1);
        assert_eq!(e.to_string().split(':').next(), Some("c.toml"));
    }

    #[test]
    fn apply_drops_and_changes_rule_findings_only() {
        let c = Config::parse(
            "[rules]\nvpc-config = \"off\"\nremote-debug = \"error\"\n",
            "",
        )
        .unwrap();
        let mut findings = vec![
            Diagnostic::note(RuleId::VpcConfig, "no vpc"),
            Diagnostic::warning(RuleId::RemoteDebug, "debug"),
            Diagnostic::warning(Code::Loss, "lost"),
        ];
        c.apply(&mut findings, None, None);
        let got: Vec<_> = findings.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            got,
            [
                (Code::Rule(RuleId::RemoteDebug), Severity::Error),
                (Code::Loss, Severity::Warning)
            ]
        );
    }

    #[test]
    fn globs_without_slash_match_file_names() {
        let c = Config::parse(
            "[[overrides]]\nfiles = [\"*.json\"]\nrules = { vpc-config = \"off\" }\n",
            "",
        )
        .unwrap();
        assert!(c.overrides[0].applies(Some("a/b/c.json"), None));
        assert!(!c.overrides[0].applies(Some("a/b/c.yaml"), None));
        assert!(!c.overrides[0].applies(None, None));
    }
}
