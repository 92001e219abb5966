//! Standard streams and printing findings.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write as _};

use super::Fatal;
use crate::diagnostics::{MessageFormat, Report};
use tjspec_runtime::Code;

/// Writes to standard output; a closed pipe (`tjspec ... | head`) ends
/// quietly rather than with a panic.
pub(super) fn stdout(text: &str) -> Result<(), Fatal> {
    stdout_bytes(text.as_bytes())
}

/// [`stdout`] for bytes.
pub(super) fn stdout_bytes(bytes: &[u8]) -> Result<(), Fatal> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Fatal(format!("writing standard output: {e}"))),
    }
}

/// When to colour human diagnostics (`--color`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, or anywhere when `CLICOLOR_FORCE` is set; never when `NO_COLOR` is.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

static COLOR: std::sync::OnceLock<ColorWhen> = std::sync::OnceLock::new();

/// Records the `--color` choice for the whole run.
pub(super) fn set_color(when: ColorWhen) {
    let _ = COLOR.set(when);
}

pub(super) fn color(format: MessageFormat) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    format == MessageFormat::Human
        && match COLOR.get().copied().unwrap_or_default() {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            // NO_COLOR (no-color.org) wins over CLICOLOR_FORCE, as in
            // clap's own colouring; an explicit --color wins over both.
            ColorWhen::Auto => {
                !set("NO_COLOR")
                    && (std::env::var_os("CLICOLOR_FORCE")
                        .is_some_and(|v| !v.is_empty() && v != "0")
                        || std::io::stderr().is_terminal())
            }
        }
}

/// Prints reports on standard output: `validate --message-format json`,
/// whose records are its result and go to a pipe (`| jq`).
pub(super) fn print_reports_to_stdout(
    reports: &[Report],
    format: MessageFormat,
) -> Result<(), Fatal> {
    let color = color(format);
    let text: String = reports
        .iter()
        .map(|r| crate::diagnostics::render(r, format, color))
        .collect();
    stdout(&text)
}

pub(super) fn print_reports(reports: &[Report], format: MessageFormat) {
    let _ = crate::diagnostics::print(
        reports,
        format,
        color(format),
        &mut std::io::stderr().lock(),
    );
}

/// Prints the findings of a run as they come, for one command.
///
/// In the human format, what the output format cannot carry of the input's
/// envelope (Kubernetes metadata, a Terraform label: notes, expected when
/// leaving a format) is gathered into one line per path, printed by
/// [`Printer::finish`]; machine formats keep one record per document.
/// `--quiet` prints errors only.
pub(super) struct Printer {
    format: MessageFormat,
    color: bool,
    quiet: bool,
    /// Whether the command takes `--set` and `--overlay`: hints on missing
    /// members then say how to supply them.
    overrides: bool,
    /// Envelope notes by path and message: how many documents, and where the first is.
    envelope: BTreeMap<(String, String), (usize, String)>,
    /// `--message-format sarif`: every finding of the run, for the one log
    /// [`Printer::finish`] prints.
    sarif: Vec<Report>,
}

impl Printer {
    pub(super) fn new(format: MessageFormat, quiet: bool, overrides: bool) -> Self {
        Printer {
            format,
            color: color(format),
            quiet,
            overrides,
            envelope: BTreeMap::new(),
            sarif: Vec::new(),
        }
    }

    pub(super) fn print(&mut self, reports: &[Report]) {
        if self.format == MessageFormat::Sarif {
            let kept = reports.iter().filter(|r| !self.quiet || r.diag.is_error());
            self.sarif.extend(kept.cloned());
            return;
        }
        let mut shown = Vec::with_capacity(reports.len());
        for r in reports {
            if self.quiet && !r.diag.is_error() {
                continue;
            }
            if self.format == MessageFormat::Human && crate::pipeline::is_envelope_note(&r.diag) {
                let entry = self
                    .envelope
                    .entry((r.diag.path.clone(), r.diag.message.clone()))
                    .or_insert_with(|| (0, place(r)));
                entry.0 += 1;
                continue;
            }
            shown.push(self.flag_hint(r).unwrap_or_else(|| r.clone()));
        }
        // Printing caps what one document shows; see `diagnostics::print`.
        let _ = crate::diagnostics::print(
            &shown,
            self.format,
            self.color,
            &mut std::io::stderr().lock(),
        );
    }

    /// A missing member's hint, naming this command's flags.
    fn flag_hint(&self, r: &Report) -> Option<Report> {
        let canon = r.diag.canon.as_ref()?;
        if !self.overrides
            || r.diag.code != Code::Required
            || r.diag.hint.as_deref() != Some(&crate::pipeline::required_hint(canon))
        {
            return None;
        }
        let leaves = crate::pipeline::required_leaves(canon);
        let sets: Vec<String> = leaves.iter().map(|l| format!("--set {l}=...")).collect();
        let mut r = r.clone();
        r.diag.hint = Some(format!(
            "supply {} with {} or --overlay FILE",
            if leaves.len() > 1 { "them" } else { "it" },
            sets.join(" ")
        ));
        Some(r)
    }

    /// Prints the gathered envelope notes, one line per path.
    pub(super) fn finish(&mut self) -> Result<(), Fatal> {
        if self.format == MessageFormat::Sarif {
            let cwd = std::env::current_dir().unwrap_or_default();
            stdout(&crate::sarif::log(&std::mem::take(&mut self.sarif), &cwd))?;
        }
        let mut err = std::io::stderr().lock();
        for ((path, message), (count, first)) in std::mem::take(&mut self.envelope) {
            let _ = if count == 1 {
                writeln!(err, "note: {path}: {message} ({first})")
            } else {
                writeln!(
                    err,
                    "note: {path}: {message} ({} documents, the first at {first})",
                    thousands(count)
                )
            };
        }
        Ok(())
    }

    /// The batch's one-line summary, in the human format unless `--quiet`.
    pub(super) fn summary(&self, line: &str) {
        if self.format == MessageFormat::Human && !self.quiet {
            eprintln!("{line}");
        }
    }
}

/// `file:line:column` of a finding (as much of it as is known).
fn place(r: &Report) -> String {
    let mut s = r.source.name.clone();
    if let Some(span) = r.diag.span.filter(|s| s.is_known()) {
        s.push_str(&format!(":{}:{}", span.line, span.col));
    }
    if let Some(d) = r.document {
        s.push_str(&format!(", document {}", d + 1));
    }
    s
}

/// `20000` as `20,000`.
pub(super) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 document`, `2 documents`.
pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// The summary of a batch: `20,000 documents from 20,000 files: 20,000 converted, 0 failed`.
pub(super) fn summary_line(
    documents: usize,
    files: usize,
    done: &str,
    ok: usize,
    failed: usize,
) -> String {
    format!(
        "{} from {}: {} {done}, {} failed",
        count(documents, "document", "documents"),
        count(files, "file", "files"),
        thousands(ok),
        thousands(failed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_by_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(20000), "20,000");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(
            summary_line(20000, 1, "converted", 19999, 1),
            "20,000 documents from 1 file: 19,999 converted, 1 failed"
        );
    }
}
