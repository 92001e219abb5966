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
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Fatal(format!("writing standard output: {e}"))),
    }
}

pub(super) fn color(format: MessageFormat) -> bool {
    format == MessageFormat::Human
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stderr().is_terminal()
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

pub(super) fn print_reports(reports: &[Report], format: MessageFormat) {
    let color = color(format);
    let mut err = std::io::stderr().lock();
    for r in reports {
        let _ = err.write_all(render(r, format, color).as_bytes());
    }
}
