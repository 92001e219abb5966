//! Standard streams and reading one input whole.

use std::io::{IsTerminal, Read as _, Write as _};
use std::path::PathBuf;
use std::sync::Arc;

use super::Fatal;
use crate::diagnostics::{render, MessageFormat, Report};
use crate::format::FormatId;
use crate::inputs::Input;
use crate::source::Source;

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

pub(super) fn load(
    input: &Input,
    from: Option<FormatId>,
) -> Result<(Arc<Source>, Option<PathBuf>), Fatal> {
    match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Fatal(format!("reading standard input: {e}")))?;
            decode("<stdin>", bytes, None, from)
        }
        Input::Unreadable { path, error } => {
            Err(Fatal(format!("reading {}: {error}", path.display())))
        }
        Input::File(path) | Input::Found(path) => {
            let name = path.to_string_lossy().into_owned();
            let bytes = std::fs::read(path).map_err(|e| Fatal(format!("reading {name}: {e}")))?;
            decode(&name, bytes, Some(path.clone()), from)
        }
    }
}

pub(super) fn decode(
    name: &str,
    bytes: Vec<u8>,
    path: Option<PathBuf>,
    from: Option<FormatId>,
) -> Result<(Arc<Source>, Option<PathBuf>), Fatal> {
    // Binary formats take any bytes; text formats need UTF-8.
    if std::str::from_utf8(&bytes).is_err() {
        let binary = from.map_or_else(
            || {
                crate::format::detect(path.as_deref(), &String::from_utf8_lossy(&bytes))
                    == Ok(FormatId::Flyteidl)
            },
            |f| f == FormatId::Flyteidl,
        );
        if binary {
            return Ok((Arc::new(Source::binary(name, bytes)), path));
        }
    }
    match Source::from_bytes(name, bytes) {
        Ok(s) => Ok((Arc::new(s), path)),
        Err(e) => Err(Fatal(format!(
            "{name}:{}:{}: {}",
            e.span.line, e.span.col, e.message
        ))),
    }
}

/// Prints reports on standard output: `validate --message-format json`,
/// whose records are its result and go to a pipe (`| jq`).
pub(super) fn print_reports_to_stdout(
    reports: &[Report],
    format: MessageFormat,
) -> Result<(), Fatal> {
    let color = color(format);
    let text: String = reports.iter().map(|r| render(r, format, color)).collect();
    stdout(&text)
}

pub(super) fn print_reports(reports: &[Report], format: MessageFormat) {
    let color = color(format);
    let mut err = std::io::stderr().lock();
    for r in reports {
        let _ = err.write_all(render(r, format, color).as_bytes());
    }
}
