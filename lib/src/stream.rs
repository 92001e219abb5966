//! Reading long inputs document by document.
//!
//! A multi-document YAML stream or a JSON Lines file can be far larger than
//! memory should hold. Such inputs are cut into chunks of one document each
//! (YAML at its `---` lines, JSON Lines at line ends) while they are read,
//! and chunks are processed in batches — in parallel, results kept in input
//! order — so memory stays bounded whatever the input's length. Other
//! inputs are read whole.
//!
//! Cutting YAML at `---` and after `...` is safe: the YAML specification
//! forbids a line starting with `---` or `...` followed by a space or line
//! end inside any scalar, so such a line always marks a document. A `...`
//! line ends its document: the directives and comments after it belong to
//! the next one, as they do for a YAML parser.

use std::io::BufRead;
use std::sync::Arc;

use crate::format::FormatId;
use crate::source::Source;

/// How an input is cut into documents while it is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// Read the input whole.
    Whole,
    /// One document per non-empty line (JSON Lines).
    Lines,
    /// One document per YAML `---` section.
    YamlDocuments,
}

/// A piece of an input holding one document (or the whole input).
#[derive(Debug)]
pub struct Chunk {
    /// The text, with the line offset of where it starts.
    pub source: Arc<Source>,
    /// Position of the chunk's first document in the input.
    pub index: usize,
    /// Bytes that are not UTF-8: the position (line, column) and the byte.
    pub decode_error: Option<(u32, u32, u8)>,
    /// The document is too large to read (the text is then empty).
    pub too_large: Option<TooLarge>,
    /// The input's format, recognised once when the input was opened.
    pub format: FormatId,
}

/// A document too large to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TooLarge {
    /// A document of a stream larger than [`MAX_DOCUMENT`] but within
    /// [`MAX_WHOLE`]: passed over, and the stream goes on.
    Skipped {
        /// Its length in bytes.
        bytes: u64,
        /// The limit it passed, in bytes.
        limit: usize,
    },
    /// More than [`MAX_WHOLE`] bytes: reading stopped there, so an endless
    /// input (`/dev/zero`) ends too.
    Stopped {
        /// Whether the input is read whole (rather than as a stream of documents).
        whole: bool,
    },
}

impl TooLarge {
    /// What is said about it.
    pub fn message(self) -> String {
        match self {
            TooLarge::Skipped { bytes, limit } => format!(
                "the document is {bytes} bytes long; documents of more than {} MiB are not read (a training job is a few kilobytes)",
                limit >> 20
            ),
            TooLarge::Stopped { whole } => format!(
                "the {} is larger than {} MiB; stopped reading{} (a training job is a few kilobytes)",
                if whole { "input" } else { "document" },
                MAX_WHOLE >> 20,
                if whole { "" } else { " the input there" },
            ),
        }
    }
}

/// Largest document of a stream (a YAML document, a JSON line) that is
/// read. A training job is a few kilobytes; a larger document is reported
/// without being held in memory, and the stream goes on (up to
/// [`MAX_WHOLE`] bytes of it: past that, reading stops).
pub const MAX_DOCUMENT: usize = 16 << 20;

/// Largest input that is read whole (a JSON document or array that is not
/// JSON Lines), and the most of one document of a stream that is passed
/// over before reading stops.
pub const MAX_WHOLE: usize = crate::source::MAX_INPUT;

/// Bytes read ahead to recognise the format before streaming.
const HEAD: usize = 64 * 1024;

/// Why an input could not be opened for reading chunk by chunk.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Reading its beginning failed.
    #[error("reading {name}: {source}")]
    Read {
        /// The input's name.
        name: String,
        /// The failure.
        source: std::io::Error,
    },
    /// It holds nothing but white space (and no format was given).
    #[error("the input is empty")]
    Empty,
    /// Its format could not be recognised.
    #[error(transparent)]
    Format(#[from] crate::format::DetectError),
}

/// The bytes read ahead: as text when they are UTF-8 (checked once, and
/// handed on as they are when they are the whole input), else as bytes.
enum Head {
    Text(String),
    Bytes(Vec<u8>),
}

impl Default for Head {
    fn default() -> Self {
        Head::Bytes(Vec::new())
    }
}

impl Head {
    fn as_bytes(&self) -> &[u8] {
        match self {
            Head::Text(text) => text.as_bytes(),
            Head::Bytes(bytes) => bytes,
        }
    }

    fn len(&self) -> usize {
        self.as_bytes().len()
    }

    fn into_bytes(self) -> Vec<u8> {
        match self {
            Head::Text(text) => text.into_bytes(),
            Head::Bytes(bytes) => bytes,
        }
    }
}

/// An input being read chunk by chunk.
pub struct Chunks<R> {
    reader: R,
    name: String,
    split: Split,
    /// The input's format.
    pub format: FormatId,
    head: Head,
    /// How much of `head` has been served.
    head_pos: usize,
    /// Whether the reader has reported the end of the input (a small file
    /// is then wholly in `head`: it is not read again).
    at_end: bool,
    /// The input's length, when known (a file's).
    len_hint: Option<u64>,
    line: u32,
    index: usize,
    done: bool,
    /// A chunk already started (YAML: the `---` line that began it).
    carry: Vec<u8>,
    /// Bytes of the carried line that were not kept (an enormous line).
    carry_dropped: u64,
    carry_line: u32,
}

impl<R: BufRead> Chunks<R> {
    /// Starts reading: looks at the beginning of the input to pick the
    /// format (unless given) and how to cut it.
    pub fn open(
        name: &str,
        path: Option<&std::path::Path>,
        mut reader: R,
        from: Option<FormatId>,
    ) -> Result<Self, OpenError> {
        // Sized by what the first read brought (the whole of a small file),
        // not by HEAD: a 64 KiB buffer per small file would grow and
        // shrink the allocator's heap for nothing.
        let mut head = Vec::new();
        let mut at_end = false;
        while head.len() < HEAD {
            let buf = reader.fill_buf().map_err(|source| OpenError::Read {
                name: name.to_owned(),
                source,
            })?;
            if buf.is_empty() {
                at_end = true;
                break;
            }
            let n = buf.len().min(HEAD - head.len());
            if head.capacity() == 0 {
                head.reserve_exact(n);
            }
            head.extend_from_slice(&buf[..n]);
            reader.consume(n);
        }
        if head.starts_with(b"\xEF\xBB\xBF") {
            head.drain(..3);
        }
        // UTF-8 is checked once and the text kept (a small file's whole
        // text, handed on as it is); other bytes are replaced for looking.
        let head = match String::from_utf8(head) {
            Ok(text) => Head::Text(text),
            Err(e) => Head::Bytes(e.into_bytes()),
        };
        let text = match &head {
            Head::Text(text) => std::borrow::Cow::Borrowed(text.as_str()),
            Head::Bytes(bytes) => String::from_utf8_lossy(bytes),
        };
        let format = match from {
            Some(f) => f,
            // Nothing to recognise: say so rather than list candidates
            // (a head shorter than HEAD is the whole input).
            None if head.len() < HEAD && head.as_bytes().trim_ascii().is_empty() => {
                return Err(OpenError::Empty)
            }
            None => crate::format::detect(path, &text)?,
        };
        let split = format.format().split(&text);
        drop(text);
        Ok(Chunks {
            reader,
            name: name.to_owned(),
            split,
            format,
            head,
            head_pos: 0,
            at_end,
            len_hint: None,
            line: 0,
            index: 0,
            done: false,
            carry: Vec::new(),
            carry_dropped: 0,
            carry_line: 0,
        })
    }

    /// Tells the input's length (a file's, from its metadata), so a whole
    /// input is read into one buffer of its size.
    pub fn with_len_hint(mut self, len: u64) -> Self {
        self.len_hint = Some(len);
        self
    }

    /// How the input is being cut.
    pub fn split(&self) -> Split {
        self.split
    }

    /// Reads the next line (with its line end): appends at most `room`
    /// bytes of it to `buf` and skips the rest, so an enormous line never
    /// sits in memory. Returns the line's whole length (0 at the end), or
    /// a length over [`MAX_WHOLE`] when it stopped reading there, so an
    /// endless line ends.
    fn read_line_capped(&mut self, buf: &mut Vec<u8>, mut room: usize) -> std::io::Result<usize> {
        let mut total = 0;
        // The head was read ahead: serve it first.
        if self.head_pos < self.head.len() {
            let rest = &self.head.as_bytes()[self.head_pos..];
            let (take, ended) = match rest.iter().position(|&b| b == b'\n') {
                Some(p) => (p + 1, true),
                None => (rest.len(), false),
            };
            let keep = take.min(room);
            buf.extend_from_slice(&rest[..keep]);
            room -= keep;
            total += take;
            self.head_pos += take;
            if self.head_pos == self.head.len() {
                self.head = Head::default();
                self.head_pos = 0;
            }
            if ended {
                return Ok(total);
            }
        }
        loop {
            if self.at_end {
                return Ok(total);
            }
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                self.at_end = true;
                return Ok(total);
            }
            let (take, ended) = match available.iter().position(|&b| b == b'\n') {
                Some(p) => (p + 1, true),
                None => (available.len(), false),
            };
            let keep = take.min(room);
            buf.extend_from_slice(&available[..keep]);
            room -= keep;
            total += take;
            self.reader.consume(take);
            if ended || total > MAX_WHOLE {
                return Ok(total);
            }
        }
    }

    /// A chunk standing for a document too large to read: its text is not kept.
    fn oversized(&mut self, bytes: u64, limit: usize, first_line: u32) -> Chunk {
        self.too_large(TooLarge::Skipped { bytes, limit }, first_line)
    }

    /// A chunk for a document past [`MAX_WHOLE`]: nothing more is read.
    fn stopped(&mut self, first_line: u32) -> Chunk {
        self.done = true;
        let whole = self.split == Split::Whole;
        self.too_large(TooLarge::Stopped { whole }, first_line)
    }

    fn too_large(&mut self, too_large: TooLarge, first_line: u32) -> Chunk {
        let index = self.index;
        self.index += 1;
        Chunk {
            source: Arc::new(Source::chunk(self.name.clone(), String::new(), first_line)),
            index,
            decode_error: None,
            too_large: Some(too_large),
            format: self.format,
        }
    }

    fn make(&mut self, bytes: Vec<u8>, first_line: u32) -> Chunk {
        if self.format.declaration().syntax.is_binary() {
            // Binary: any bytes are fine.
            let index = self.index;
            self.index += 1;
            return Chunk {
                source: Arc::new(Source::binary(self.name.clone(), bytes)),
                index,
                decode_error: None,
                too_large: None,
                format: self.format,
            };
        }
        let (text, decode_error) = match String::from_utf8(bytes) {
            Ok(t) => (t, None),
            Err(e) => {
                let bytes = e.as_bytes();
                let at = e.utf8_error().valid_up_to();
                let (line, col) = crate::source::position_of(bytes, at);
                let line = line + first_line;
                (
                    String::from_utf8_lossy(bytes).into_owned(),
                    Some((line, col, bytes[at])),
                )
            }
        };
        self.make_text(text, first_line, decode_error)
    }

    /// A chunk of text (with where its bytes stopped being UTF-8, if they did).
    fn make_text(
        &mut self,
        text: String,
        first_line: u32,
        decode_error: Option<(u32, u32, u8)>,
    ) -> Chunk {
        let index = self.index;
        self.index += 1;
        Chunk {
            source: Arc::new(Source::chunk(self.name.clone(), text, first_line)),
            index,
            decode_error,
            too_large: None,
            format: self.format,
        }
    }

    /// The next chunk, or `None` at the end of the input.
    pub fn next_chunk(&mut self) -> std::io::Result<Option<Chunk>> {
        if self.done {
            return Ok(None);
        }
        match self.split {
            Split::Whole => {
                self.done = true;
                let binary = self.format.declaration().syntax.is_binary();
                let head = match std::mem::take(&mut self.head) {
                    // The whole input was read ahead and is text: it is
                    // not checked again.
                    Head::Text(text) if self.at_end && self.head_pos == 0 && !binary => {
                        return Ok(Some(self.make_text(text, 0, None)));
                    }
                    head => head,
                };
                let mut all = head.into_bytes();
                all.drain(..self.head_pos);
                if !self.at_end {
                    // One buffer, sized once: growing it by doubling would
                    // copy the input (an allocator without `mremap` holds
                    // the old and the new buffer at once). Of unknown
                    // length (a pipe, a device), room up to the limit is
                    // reserved, which costs memory only as it is filled.
                    let whole = self
                        .len_hint
                        .and_then(|len| usize::try_from(len).ok())
                        .map_or(MAX_WHOLE + 1, |len| len.min(MAX_WHOLE) + 1);
                    all.reserve_exact(whole.saturating_sub(all.len()));
                }
                if !self.at_end
                    && !crate::source::read_capped(&mut self.reader, &mut all, MAX_WHOLE)?
                {
                    return Ok(Some(self.stopped(0)));
                }
                Ok(Some(self.make(all, 0)))
            }
            Split::Lines => loop {
                let mut buf = Vec::new();
                let total = self.read_line_capped(&mut buf, MAX_DOCUMENT + 1)?;
                if total == 0 {
                    self.done = true;
                    return Ok(None);
                }
                let first_line = self.line;
                self.line += 1;
                if total > MAX_WHOLE {
                    return Ok(Some(self.stopped(first_line)));
                }
                if total > MAX_DOCUMENT {
                    return Ok(Some(self.oversized(total as u64, MAX_DOCUMENT, first_line)));
                }
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                return Ok(Some(self.make(buf, first_line)));
            },
            Split::YamlDocuments => {
                // Lines are read straight into the document; a `---` line
                // that starts the next one is moved into `carry`. Once a
                // document passes MAX_DOCUMENT its text is dropped and only
                // the first bytes of each line are looked at (for `---`).
                let mut doc = std::mem::take(&mut self.carry);
                let mut dropped = std::mem::take(&mut self.carry_dropped);
                if dropped > 0 {
                    dropped += doc.len() as u64;
                    doc = Vec::new();
                }
                let mut first_line = self.carry_line;
                if doc.is_empty() && dropped == 0 {
                    first_line = self.line;
                }
                let mut scratch = Vec::new();
                loop {
                    let start = doc.len();
                    let (total, line) = if dropped == 0 {
                        let total = self.read_line_capped(&mut doc, MAX_DOCUMENT + 1 - start)?;
                        (total, &doc[start..])
                    } else {
                        scratch.clear();
                        let total = self.read_line_capped(&mut scratch, 8)?;
                        (total, &scratch[..])
                    };
                    let so_far = if dropped == 0 { start as u64 } else { dropped };
                    if so_far + total as u64 > MAX_WHOLE as u64 {
                        return Ok(Some(self.stopped(first_line)));
                    }
                    if total == 0 {
                        self.done = true;
                        if dropped > 0 {
                            return Ok(Some(self.oversized(dropped, MAX_DOCUMENT, first_line)));
                        }
                        return Ok(has_content(&doc).then(|| self.make(doc, first_line)));
                    }
                    let line_no = self.line;
                    self.line += 1;
                    let kept = line.len();
                    // `...` ends the document: it stays with it, and what
                    // follows (directives, comments) starts the next one.
                    if is_document_end(line) && (dropped > 0 || has_content(&doc[..start])) {
                        if dropped > 0 {
                            return Ok(Some(self.oversized(
                                dropped + total as u64,
                                MAX_DOCUMENT,
                                first_line,
                            )));
                        }
                        if total > kept {
                            let bytes = (start + total) as u64;
                            return Ok(Some(self.oversized(bytes, MAX_DOCUMENT, first_line)));
                        }
                        return Ok(Some(self.make(doc, first_line)));
                    }
                    if is_document_start(line) && (dropped > 0 || has_content(&doc[..start])) {
                        self.carry = line.to_vec();
                        self.carry_dropped = (total - kept) as u64;
                        self.carry_line = line_no;
                        if dropped > 0 {
                            return Ok(Some(self.oversized(dropped, MAX_DOCUMENT, first_line)));
                        }
                        doc.truncate(start);
                        return Ok(Some(self.make(doc, first_line)));
                    }
                    if dropped > 0 {
                        dropped += total as u64;
                    } else if total > kept || doc.len() > MAX_DOCUMENT {
                        dropped = (start + total) as u64;
                        doc = Vec::new();
                    }
                }
            }
        }
    }

    /// Up to `max` chunks; empty at the end of the input.
    pub fn next_batch(&mut self, max: usize) -> std::io::Result<Vec<Chunk>> {
        let mut out = Vec::new();
        while out.len() < max {
            match self.next_chunk()? {
                Some(c) => out.push(c),
                None => break,
            }
        }
        Ok(out)
    }

    /// Whether the whole input has been read.
    pub fn is_done(&self) -> bool {
        self.done
    }
}

fn is_document_start(line: &[u8]) -> bool {
    line.starts_with(b"---") && matches!(line.get(3), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
}

fn is_document_end(line: &[u8]) -> bool {
    line.starts_with(b"...") && matches!(line.get(3), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
}

/// Whether a YAML section holds more than blank lines, comments, directives
/// and markers (a `---` line counts when a node follows on it: `--- {a: 1}`).
fn has_content(doc: &[u8]) -> bool {
    doc.split(|&b| b == b'\n').any(|l| {
        let t = l.trim_ascii();
        if is_document_start(l) {
            let rest = l[3..].trim_ascii();
            return !(rest.is_empty() || rest.starts_with(b"#"));
        }
        // A directive (`%YAML 1.2`) belongs to the document its `---` starts.
        !(t.is_empty() || t.starts_with(b"#") || t.starts_with(b"%") || is_document_end(l))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(text: &str, from: FormatId) -> Vec<(u32, usize, String)> {
        let mut c = Chunks::open(
            "t",
            None,
            std::io::Cursor::new(text.as_bytes().to_vec()),
            Some(from),
        )
        .unwrap();
        let mut out = Vec::new();
        while let Some(ch) = c.next_chunk().unwrap() {
            out.push((ch.source.line_offset, ch.index, ch.source.text.clone()));
        }
        out
    }

    /// A reader that counts the reads made after it reported the end.
    struct CountingEnd {
        inner: std::io::Cursor<Vec<u8>>,
        reads_after_end: std::rc::Rc<std::cell::Cell<usize>>,
        ended: bool,
    }

    impl std::io::Read for CountingEnd {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.ended {
                self.reads_after_end.set(self.reads_after_end.get() + 1);
            }
            let n = self.inner.read(buf)?;
            self.ended |= n == 0;
            Ok(n)
        }
    }

    /// The whole input as one chunk, and how often it was read past its end.
    fn whole(bytes: Vec<u8>, hint: Option<u64>) -> (Chunk, usize) {
        let after = std::rc::Rc::new(std::cell::Cell::new(0));
        let reader = std::io::BufReader::with_capacity(
            8 * 1024,
            CountingEnd {
                inner: std::io::Cursor::new(bytes),
                reads_after_end: after.clone(),
                ended: false,
            },
        );
        let mut c = Chunks::open("t", None, reader, Some(FormatId::Aws)).unwrap();
        if let Some(len) = hint {
            c = c.with_len_hint(len);
        }
        let chunk = c.next_chunk().unwrap().expect("a chunk");
        assert!(c.next_chunk().unwrap().is_none());
        (chunk, after.get())
    }

    #[test]
    fn a_whole_input_comes_through_unchanged_and_is_not_read_past_its_end() {
        // Wholly in the read-ahead; longer than it, with a character cut
        // by its end; of a length told and not.
        let small = r#"{"TrainingJobName": "é✓"}"#.to_owned();
        let mut long = String::from(r#"{"TrainingJobName": ""#);
        while long.len() < HEAD - 1 {
            long.push('a');
        }
        long.push_str("✓✓✓\"}");
        for text in [small, long] {
            for hint in [None, Some(text.len() as u64)] {
                let (chunk, after_end) = whole(text.clone().into_bytes(), hint);
                assert_eq!(chunk.source.text, text);
                assert_eq!(chunk.decode_error, None);
                assert_eq!(after_end, 0, "read {after_end} times past the end");
            }
        }
        // A byte order mark goes; bytes that are not UTF-8 are found where
        // they are, whether in the read-ahead or after it.
        let (chunk, _) = whole(b"\xEF\xBB\xBF{}".to_vec(), None);
        assert_eq!(chunk.source.text, "{}");
        let (chunk, _) = whole(b"{\n \"a\": \"\xFF\"}".to_vec(), None);
        assert_eq!(chunk.decode_error, Some((2, 8, 0xFF)));
        let mut late = vec![b' '; HEAD + 10];
        late[0] = b'{';
        late.extend_from_slice(b"\n\xFE}");
        let (chunk, _) = whole(late, None);
        assert_eq!(chunk.decode_error, Some((2, 1, 0xFE)));
    }

    #[test]
    fn a_node_on_the_marker_line_is_a_document() {
        let got = chunks("--- {a: 1}\n--- {b: 2}\n", FormatId::AwsYaml);
        assert_eq!(got.len(), 2, "{got:?}");
        let got = chunks(
            "a: 1\n--- {b: 2}\n--- # only a comment\n",
            FormatId::AwsYaml,
        );
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn yaml_streams_cut_at_document_markers() {
        let text = "# header\na: 1\n---\nb: |\n  ---x\n  text\n--- # c\nc: 3\n---\n";
        let got = chunks(text, FormatId::AwsYaml);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], (0, 0, "# header\na: 1\n".to_owned()));
        assert_eq!(got[1], (2, 1, "---\nb: |\n  ---x\n  text\n".to_owned()));
        assert_eq!(got[2], (6, 2, "--- # c\nc: 3\n".to_owned()));
    }

    #[test]
    fn a_document_end_marker_ends_the_document() {
        // The directive after `...` belongs to the next document.
        let text = "a: 1\n...\n%YAML 1.2\n---\nb: 2\n... # end\n# trailing\n";
        let got = chunks(text, FormatId::AwsYaml);
        assert_eq!(
            got,
            vec![
                (0, 0, "a: 1\n...\n".to_owned()),
                (2, 1, "%YAML 1.2\n---\nb: 2\n... # end\n".to_owned()),
            ]
        );
        // `...` inside a block scalar is not at the start of a line.
        let got = chunks("a: |\n  ...\n...\nb: 2\n", FormatId::AwsYaml);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1], (3, 1, "b: 2\n".to_owned()));
    }

    #[test]
    fn an_empty_input_is_said_to_be_empty() {
        let open = |text: &str| {
            Chunks::open(
                "t",
                None,
                std::io::Cursor::new(text.as_bytes().to_vec()),
                None,
            )
            .map(|_| ())
        };
        assert!(matches!(open(""), Err(OpenError::Empty)));
        assert!(matches!(open(" \n\t\n"), Err(OpenError::Empty)));
        assert!(matches!(open("{}"), Err(OpenError::Format(_))));
    }

    #[test]
    fn json_lines_cut_at_line_ends() {
        let got = chunks("{\"a\":1}\n\n{\"b\":2}\n", FormatId::Aws);
        assert_eq!(got.iter().map(|c| c.0).collect::<Vec<_>>(), vec![0, 2]);
        // A pretty-printed object is read whole.
        let got = chunks("{\n  \"a\": 1\n}\n", FormatId::Aws);
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn bad_utf8_is_located() {
        let mut c = Chunks::open(
            "t",
            None,
            std::io::Cursor::new(b"{\"a\":1}\n{\"b\":\"\xff\"}\n".to_vec()),
            Some(FormatId::Aws),
        )
        .unwrap();
        assert!(c.next_chunk().unwrap().unwrap().decode_error.is_none());
        assert_eq!(
            c.next_chunk().unwrap().unwrap().decode_error,
            Some((2, 7, 0xff))
        );
    }
}
