//! Input text with a name, and the mapping from line/column to bytes that
//! diagnostics need to show snippets. Binary inputs (flyteidl protobuf) keep
//! their bytes as read.

use std::io::Read;
use std::sync::OnceLock;

use tjspec_runtime::Span;

/// Largest input read whole (a JSON document or array that is not JSON
/// Lines, an HCL file, a protobuf message, an `--overlay` or `diff` file):
/// its document tree must fit in memory. Reading stops there, so an endless
/// input (`/dev/zero`, a pipe that never closes) ends too.
pub const MAX_INPUT: usize = 64 << 20;

/// Why an input could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The system said no.
    Io(std::io::Error),
    /// More than [`MAX_INPUT`] bytes: reading stopped there.
    TooLarge,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => e.fmt(f),
            ReadError::TooLarge => write!(
                f,
                "larger than {} MiB; stopped reading (a training job is a few kilobytes)",
                MAX_INPUT >> 20
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// Appends at most `limit + 1` bytes of `reader` to `buf`: whether the
/// reader ended within `limit` bytes (counting what `buf` already held).
/// Nothing past the limit is read, so an endless reader ends here.
pub fn read_capped(reader: impl Read, buf: &mut Vec<u8>, limit: usize) -> std::io::Result<bool> {
    let room = (limit + 1).saturating_sub(buf.len()) as u64;
    reader.take(room).read_to_end(buf)?;
    Ok(buf.len() <= limit)
}

/// Reads a whole input, up to [`MAX_INPUT`] bytes.
pub fn read_input(reader: impl Read) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::new();
    match read_capped(reader, &mut buf, MAX_INPUT) {
        Ok(true) => Ok(buf),
        Ok(false) => Err(ReadError::TooLarge),
        Err(e) => Err(ReadError::Io(e)),
    }
}

/// Reads a whole file, up to [`MAX_INPUT`] bytes (devices and pipes too).
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, ReadError> {
    read_input(std::fs::File::open(path).map_err(ReadError::Io)?)
}

/// One input: a file or standard input.
#[derive(Debug)]
pub struct Source {
    /// How diagnostics name it (`jobs/train.json`, `<stdin>`).
    pub name: String,
    /// The text (a leading byte order mark removed). For a binary input
    /// that is not UTF-8, a lossy decoding, for diagnostics only.
    pub text: String,
    /// Lines of the whole input before this text: when a long input is
    /// read in chunks, each chunk is a source of its own and positions stay
    /// those of the whole input.
    pub line_offset: u32,
    /// The bytes of a binary input that is not UTF-8 (see [`Source::bytes`]).
    binary: Option<Vec<u8>>,
    line_starts: OnceLock<Vec<usize>>,
}

/// Why bytes are not usable text.
#[derive(Debug)]
pub struct DecodeError {
    /// What is wrong.
    pub message: String,
    /// Where.
    pub span: Span,
}

impl Source {
    /// A source from text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..3);
        }
        Source {
            name: name.into(),
            text,
            line_offset: 0,
            binary: None,
            line_starts: OnceLock::new(),
        }
    }

    /// A chunk of a larger input that starts after `line_offset` lines.
    pub fn chunk(name: impl Into<String>, text: String, line_offset: u32) -> Self {
        Source {
            line_offset,
            ..Source::new(name, text)
        }
    }

    /// A source from bytes that a binary format reads: kept as they are,
    /// whether or not they are UTF-8.
    pub fn binary(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        match String::from_utf8(bytes) {
            // A protobuf message cannot start with a byte order mark (0xEF is
            // wire type 7), so `new` keeps every byte of one.
            Ok(text) => Source::new(name, text),
            Err(e) => {
                let bytes = e.into_bytes();
                Source {
                    name: name.into(),
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                    line_offset: 0,
                    binary: Some(bytes),
                    line_starts: OnceLock::new(),
                }
            }
        }
    }

    /// The input as bytes: what binary formats read.
    pub fn bytes(&self) -> &[u8] {
        self.binary.as_deref().unwrap_or(self.text.as_bytes())
    }

    /// A source from bytes, which must be UTF-8.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Result<Self, DecodeError> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Source::new(name, text)),
            Err(e) => {
                let bytes = e.as_bytes();
                let at = e.utf8_error().valid_up_to();
                let (line, col) = position_of(bytes, at);
                Err(DecodeError {
                    message: format!("the input is not UTF-8 (invalid byte 0x{:02x})", bytes[at]),
                    span: Span::new(line, col, 1),
                })
            }
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut v = vec![0];
            v.extend(
                self.text
                    .bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i + 1),
            );
            v
        })
    }

    /// The byte range of `before` lines before the line holding byte `start`
    /// to `after` lines after the line holding byte `end`, and the 0-based
    /// number (in this text) of its first line. Found in the line index, so
    /// showing a snippet costs the snippet, not the text before it.
    pub fn line_window(
        &self,
        start: usize,
        end: usize,
        before: usize,
        after: usize,
    ) -> (usize, usize, usize) {
        let starts = self.line_starts();
        let line_of = |at: usize| starts.partition_point(|&s| s <= at).saturating_sub(1);
        let first = line_of(start).saturating_sub(before);
        let last = line_of(end) + after + 1;
        let to = starts.get(last + 1).copied().unwrap_or(self.text.len());
        (starts[first], to, first)
    }

    /// The byte range of a span (in the whole input's lines), clamped to the text.
    pub fn byte_range(&self, span: Span) -> (usize, usize) {
        let starts = self.line_starts();
        let line =
            (span.line.saturating_sub(self.line_offset).max(1) as usize - 1).min(starts.len() - 1);
        let line_start = starts[line];
        let rest = &self.text[line_start..];
        let mut chars = rest
            .char_indices()
            .skip(span.col.saturating_sub(1) as usize);
        let start = chars.next().map_or(rest.len(), |(i, _)| i) + line_start;
        let end = self.text[start..]
            .char_indices()
            .nth(span.len as usize)
            .map_or(self.text.len(), |(i, _)| start + i);
        (start, end.max(start))
    }
}

/// The 1-based line and column (in characters) of byte `at`, which must
/// follow valid UTF-8.
pub fn position_of(bytes: &[u8], at: usize) -> (u32, u32) {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u32
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges_follow_characters() {
        let s = Source::new("t", "ab\n\u{e9}xy\n");
        assert_eq!(s.byte_range(Span::new(2, 2, 2)), (5, 7));
        assert_eq!(s.byte_range(Span::new(1, 1, 1)), (0, 1));
    }

    #[test]
    fn binary_sources_keep_their_bytes() {
        let s = Source::binary("t", vec![0x0a, 0xff, 0x00]);
        assert_eq!(s.bytes(), [0x0a, 0xff, 0x00]);
        assert_eq!(Source::binary("t", vec![0x0a, 0x01]).bytes(), [0x0a, 0x01]);
    }

    #[test]
    fn bom_is_dropped_and_bad_utf8_located() {
        assert_eq!(Source::new("t", "\u{feff}{}").text, "{}");
        let e = Source::from_bytes("t", b"{\n \"a\": \"\xff\"}".to_vec()).unwrap_err();
        assert_eq!((e.span.line, e.span.col), (2, 8));
    }
}
