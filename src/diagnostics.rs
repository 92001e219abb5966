//! Printing diagnostics for people (rustc/miette style with snippets) and
//! for machines (JSON Lines, GitHub Actions annotations, SARIF).

use std::fmt::Write as _;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, SourceCode, SourceSpan,
    SpanContents,
};
use tjspec_runtime::{NotKept, Severity, MAX_KEPT};

use crate::source::Source;
pub use tjspec::report::Report;

/// How to print diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageFormat {
    /// Messages with source snippets, for people.
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
    /// One SARIF 2.1.0 log on standard output when the run ends, for code scanning.
    Sarif,
}

/// Most findings printed for one document in the human and GitHub formats:
/// past this many, one line says how many more there are. The JSON format
/// prints every finding kept.
pub const PRINTED_PER_DOCUMENT: usize = 100;

/// Writes `reports` in `format` (`color` applies to `Human` only): in the
/// human and GitHub formats, the first [`PRINTED_PER_DOCUMENT`] of each
/// document, then a line counting the rest.
pub fn print(
    reports: &[Report],
    format: MessageFormat,
    color: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        MessageFormat::Json => {
            for r in reports {
                out.write_all(json(r).as_bytes())?;
            }
            return Ok(());
        }
        MessageFormat::Sarif => {
            let cwd = std::env::current_dir().unwrap_or_default();
            return out.write_all(crate::sarif::log(reports, &cwd).as_bytes());
        }
        MessageFormat::Human | MessageFormat::Github => {}
    }
    // Suppressed findings are for machines (JSON, SARIF) only.
    let reports: Vec<&Report> = reports
        .iter()
        .filter(|r| r.diag.suppressed.is_none())
        .collect();
    // Reports come document by document; count per document, and say what
    // was left out when its run of reports ends.
    let key = |r: &Report| (Arc::as_ptr(&r.source), r.document);
    let mut printed = std::collections::HashMap::new();
    let mut held_back = 0usize;
    for (i, &r) in reports.iter().enumerate() {
        let n = printed.entry(key(r)).or_insert(0usize);
        if *n < PRINTED_PER_DOCUMENT {
            *n += 1;
            out.write_all(render(r, format, color).as_bytes())?;
        } else {
            held_back += NotKept::of(&r.diag).map_or(1, |n| n.count);
        }
        let run_ends = reports.get(i + 1).is_none_or(|&next| key(next) != key(r));
        if run_ends && held_back > 0 {
            out.write_all(more(r, held_back, format).as_bytes())?;
            held_back = 0;
        }
    }
    Ok(())
}

/// The line that stands for findings of a document not printed.
fn more(report: &Report, count: usize, format: MessageFormat) -> String {
    let message = format!(
        "and {count} more findings, not shown (`--message-format json` prints up to {MAX_KEPT} of a document)"
    );
    match format {
        MessageFormat::Github => format!(
            "::notice file={},title={}::{}\n",
            gh_escape(&report.source.name, true),
            gh_escape("tjspec", true),
            gh_escape(&message, false)
        ),
        _ => {
            let mut at = report.source.name.clone();
            if let Some(i) = report.document {
                let _ = write!(at, ", document {}", i + 1);
            }
            format!("{at}: {message}\n")
        }
    }
}

/// Renders one report in `format`; `color` applies to `Human` only.
pub fn render(report: &Report, format: MessageFormat, color: bool) -> String {
    match format {
        MessageFormat::Human => human(report, color),
        // A SARIF log is whole-run; one finding alone is printed as JSON.
        MessageFormat::Json | MessageFormat::Sarif => json(report),
        MessageFormat::Github => github(report),
    }
}

fn location(report: &Report) -> (Option<u32>, Option<u32>) {
    match report.diag.span {
        Some(s) => (Some(s.line), Some(s.col)),
        None => (None, None),
    }
}

fn json(report: &Report) -> String {
    let d = &report.diag;
    let (line, column) = location(report);
    let v = serde_json::json!({
        "file": report.source.name,
        "document": report.document.map(|i| i + 1),
        "line": line,
        "column": column,
        "severity": d.severity.as_str(),
        "code": d.code,
        "path": d.path,
        "message": d.message,
        "hint": d.hint,
    });
    let mut v = v;
    // Only suppressed findings carry the keys, so records stay as they were.
    if let Some(sup) = &d.suppressed {
        v["suppressed"] = serde_json::Value::Bool(true);
        v["suppression_reason"] = serde_json::Value::from(sup.reason.as_str());
    }
    let mut s = v.to_string();
    s.push('\n');
    s
}

/// A failure that stops the run (usage, I/O: exit status 2) in the message
/// format asked for; it concerns no file or document.
pub fn fatal(message: &str, format: MessageFormat) -> String {
    match format {
        // The SARIF log is the result on standard output; a failure that
        // stops the run goes to standard error in words.
        MessageFormat::Human | MessageFormat::Sarif => format!("error: {message}\n"),
        MessageFormat::Json => {
            let v = serde_json::json!({
                "file": null,
                "document": null,
                "line": null,
                "column": null,
                "severity": "error",
                "code": tjspec_runtime::Code::Fatal,
                "path": "",
                "message": message,
                "hint": null,
            });
            format!("{v}\n")
        }
        MessageFormat::Github => format!(
            "::error title={}::{}\n",
            gh_escape("tjspec", true),
            gh_escape(message, false)
        ),
    }
}

fn gh_escape(s: &str, property: bool) -> String {
    let mut out = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

fn github(report: &Report) -> String {
    let d = &report.diag;
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        // Notes, and whatever the library adds below a warning.
        _ => "notice",
    };
    let mut props = format!("file={}", gh_escape(&report.source.name, true));
    if let Some(s) = d.span {
        let _ = write!(props, ",line={},col={}", s.line, s.col);
    }
    let _ = write!(
        props,
        ",title={}",
        gh_escape(&format!("tjspec {}", d.code), true)
    );
    let mut msg = String::new();
    if !d.path.is_empty() {
        let _ = write!(msg, "{}: ", d.path);
    }
    msg.push_str(&d.message);
    if let Some(h) = &d.hint {
        let _ = write!(msg, " ({h})");
    }
    format!("::{level} {props}::{}\n", gh_escape(&msg, false))
}

struct MietteReport<'a> {
    report: &'a Report,
    message: String,
    source: SourceRef,
    /// Whether to show the snippet (not for enormous lines).
    snippet: bool,
}

impl std::fmt::Debug for MietteReport<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::fmt::Display for MietteReport<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MietteReport<'_> {}

impl miette::Diagnostic for MietteReport<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        let d = &self.report.diag;
        Some(Box::new(format!("{}[{}]", d.severity.as_str(), d.code)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.report.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            // Notes, and whatever the library adds below a warning.
            _ => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.report
            .diag
            .hint
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.report
            .diag
            .span
            .filter(|_| self.snippet)
            .map(|_| &self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.report.diag.span.filter(|_| self.snippet)?;
        let (start, end) = self.report.source.byte_range(span);
        let label = if self.report.diag.path.is_empty() {
            None
        } else {
            Some(self.report.diag.path.clone())
        };
        Some(Box::new(std::iter::once(LabeledSpan::new(
            label,
            start,
            end - start,
        ))))
    }
}

struct SourceRef(Arc<Source>);

impl SourceCode for SourceRef {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // miette finds the lines around a span by scanning the text from its
        // start: give it only the lines around the span (from the line
        // index), one more after, so each snippet costs its own length.
        let text = &self.0.text;
        let end = (span.offset() + span.len()).min(text.len());
        let (from, to, first_line) = self.0.line_window(span.offset(), end, before, after);
        let window = &text[from..to];
        let local = SourceSpan::new((span.offset() - from).into(), span.len());
        let inner = window.read_span(&local, before, after)?;
        // miette counts columns in bytes; the other message formats (and
        // editors) count characters.
        let start = inner.span().offset();
        let line_start = start.saturating_sub(inner.column());
        let column = window
            .get(line_start..start)
            .map_or(inner.column(), |s| s.chars().count());
        let data = inner.data();
        let data: &'a [u8] = &text.as_bytes()[from + start..from + start + data.len()];
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.0.name.clone(),
            data,
            SourceSpan::new((from + start).into(), inner.span().len()),
            inner.line() + first_line + self.0.line_offset as usize,
            column,
            inner.line_count() + first_line,
        )))
    }
}

/// Longest stretch of text (the finding's line and the lines around it)
/// shown as a snippet.
const SNIPPET_MAX: usize = 4096;

/// Whether the lines around the start of `span` are short enough to show.
fn snippet_fits(source: &Source, span: tjspec_runtime::Span) -> bool {
    let text = source.text.as_bytes();
    let (start, _) = source.byte_range(span);
    let window = |from: usize, back: bool| -> usize {
        // Two line breaks away (the context line), at most SNIPPET_MAX + 1 bytes.
        let mut breaks = 0;
        let mut n = 0;
        while n <= SNIPPET_MAX {
            let i = if back {
                from.checked_sub(n + 1)
            } else {
                Some(from + n)
            };
            match i.and_then(|i| text.get(i)) {
                None => break,
                Some(b'\n') if breaks == 1 => break,
                Some(b'\n') => breaks += 1,
                Some(_) => {}
            }
            n += 1;
        }
        n
    };
    window(start, true) + window(start, false) <= SNIPPET_MAX
}

fn human(report: &Report, color: bool) -> String {
    let d = &report.diag;
    let mut message = d.message.clone();
    let snippet = d
        .span
        .is_some_and(|span| snippet_fits(&report.source, span));
    if let (Some(span), false) = (d.span, snippet) {
        // A line too long to show: say where in words.
        let mut at = format!("{}:{}:{}", report.source.name, span.line, span.col);
        if let Some(i) = report.document {
            let _ = write!(at, ", document {}", i + 1);
        }
        if !d.path.is_empty() {
            let _ = write!(at, ", at `{}`", d.path);
        }
        message = format!("{at}: {message}");
    } else if d.span.is_none() {
        // Without a snippet, say where in words.
        let mut at = report.source.name.clone();
        if let Some(i) = report.document {
            let _ = write!(at, ", document {}", i + 1);
        }
        if !d.path.is_empty() {
            let _ = write!(at, ", at `{}`", d.path);
        }
        message = format!("{at}: {message}");
    } else if let Some(i) = report.document {
        message = format!("{message} (document {})", i + 1);
    }
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(120)
        .with_context_lines(1);
    let mr = MietteReport {
        report,
        message,
        source: SourceRef(report.source.clone()),
        snippet,
    };
    let mut out = String::new();
    let _ = handler.render_report(&mut out, &mr);
    out
}
