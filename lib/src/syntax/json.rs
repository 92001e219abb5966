//! A strict JSON parser (RFC 8259) that keeps positions.
//!
//! `serde_json` drops positions once a value is parsed; every later error
//! (an unknown field, a pattern mismatch) needs them, so this parser builds
//! the runtime's [`Node`] tree directly. It also keeps duplicate keys (the
//! reader reports them), keeps integers exact up to i128, limits nesting,
//! and reads several top-level values in a row (JSON Lines).

use std::cell::Cell;

use tjspec_runtime::{Key, Node, NodeKind, Span, StrStyle};

use super::json_string::plain_len;
use super::{SyntaxError, MAX_DEPTH, MAX_DOCUMENTS, MAX_NODES};

/// Parses every top-level value in `text` (one value, or JSON Lines /
/// concatenated values). Each document (a top-level value, or an element
/// of a top-level array) may hold at most [`MAX_NODES`] nodes, and the
/// input at most [`MAX_DOCUMENTS`] documents.
pub fn parse_values(text: &str) -> Result<Vec<Node>, SyntaxError> {
    let mut p = Parser {
        b: text.as_bytes(),
        text,
        pos: 0,
        line: 1,
        line_start: 0,
        cache: Cell::new((0, 0)),
        ascii: text.is_ascii(),
        depth: 0,
        nodes: 0,
        documents: 0,
    };
    let mut out = Vec::new();
    p.skip_ws();
    if p.pos == p.b.len() {
        return Err(SyntaxError::new("the input is empty", p.span_here(0)));
    }
    while p.pos < p.b.len() {
        p.next_document()?;
        out.push(p.value()?);
        p.skip_ws();
    }
    Ok(out)
}

struct Parser<'a> {
    b: &'a [u8],
    text: &'a str,
    pos: usize,
    line: u32,
    line_start: usize,
    // Last (byte position, characters since line start) computed: columns
    // are counted in characters, incrementally, so long lines stay linear.
    cache: Cell<(usize, u32)>,
    /// The text is ASCII: a column is a byte offset, nothing to count.
    ascii: bool,
    depth: usize,
    /// Nodes of the current document so far.
    nodes: usize,
    /// Documents begun so far.
    documents: usize,
}

impl Parser<'_> {
    /// Starts a document: its node count from zero, within the input's
    /// document budget. A top-level array counts as its elements.
    fn next_document(&mut self) -> Result<(), SyntaxError> {
        self.nodes = 0;
        self.documents += 1;
        if self.documents > MAX_DOCUMENTS {
            return self.err(format!(
                "the input holds more than {MAX_DOCUMENTS} documents; write a larger inventory as JSON Lines, which is read a line at a time"
            ));
        }
        Ok(())
    }

    fn col_at(&self, pos: usize) -> u32 {
        if self.ascii {
            return pos.saturating_sub(self.line_start) as u32 + 1;
        }
        let (mut from, mut chars) = self.cache.get();
        if from < self.line_start || from > pos {
            from = self.line_start;
            chars = 0;
        }
        // Count characters as bytes that do not continue a UTF-8 sequence.
        let add = self.b[from..pos]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count() as u32;
        chars += add;
        self.cache.set((pos, chars));
        chars + 1
    }

    fn span_here(&self, len: u32) -> Span {
        Span::new(self.line, self.col_at(self.pos), len)
    }

    fn span_from(&self, start: usize, line: u32, col: u32) -> Span {
        let len = if line == self.line {
            self.col_at(self.pos).saturating_sub(col)
        } else {
            (self.pos - start) as u32
        };
        Span::new(line, col, len)
    }

    fn err<T>(&self, msg: impl Into<String>) -> Result<T, SyntaxError> {
        Err(SyntaxError::new(msg, self.span_here(1)))
    }

    fn skip_ws(&mut self) {
        while let Some(&c) = self.b.get(self.pos) {
            match c {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                    // Indentation comes in runs of spaces: eight at a time.
                    while self.b.get(self.pos..self.pos + 8) == Some(b"        ") {
                        self.pos += 8;
                    }
                }
                _ => break,
            }
        }
    }

    fn found(&self) -> String {
        match self.text[self.pos..].chars().next() {
            None => "the end of the input".to_owned(),
            Some(c) => format!("`{}`", c.escape_debug()),
        }
    }

    fn value(&mut self) -> Result<Node, SyntaxError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return self.err(format!("the document has more than {MAX_NODES} nodes"));
        }
        let (start, line, col) = (self.pos, self.line, self.col_at(self.pos));
        let kind = match self.b.get(self.pos) {
            Some(b'{') => return self.object(),
            Some(b'[') => return self.array(),
            Some(b'"') => NodeKind::Str(self.string()?, StrStyle::Quoted),
            Some(b't') => self.word("true", NodeKind::Bool(true))?,
            Some(b'f') => self.word("false", NodeKind::Bool(false))?,
            Some(b'n') => self.word("null", NodeKind::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(c) if c.is_ascii_alphabetic() => self.word("", NodeKind::Null)?,
            _ => return self.err(format!("expected a JSON value, found {}", self.found())),
        };
        Ok(Node {
            kind,
            span: self.span_from(start, line, col),
        })
    }

    fn word(&mut self, w: &str, kind: NodeKind) -> Result<NodeKind, SyntaxError> {
        if !w.is_empty() && self.b[self.pos..].starts_with(w.as_bytes()) {
            self.pos += w.len();
            Ok(kind)
        } else {
            let word: String = self.text[self.pos..]
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .take(20)
                .collect();
            let hint = match word.as_str() {
                "True" | "TRUE" => " (JSON writes `true`)",
                "False" | "FALSE" => " (JSON writes `false`)",
                "None" | "NULL" | "Null" => " (JSON writes `null`)",
                "NaN" | "nan" | "Infinity" | "inf" => {
                    " (JSON has no NaN or infinity, and training job numbers must be finite)"
                }
                _ => "",
            };
            self.err(format!("expected a JSON value, found `{word}`{hint}"))
        }
    }

    fn number(&mut self) -> Result<NodeKind, SyntaxError> {
        let start = self.pos;
        if self.b.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match self.b.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                while self.b.get(self.pos).is_some_and(u8::is_ascii_digit) {
                    self.pos += 1;
                }
            }
            _ => return self.err("expected digits in a number"),
        }
        let mut integral = true;
        if self.b.get(self.pos) == Some(&b'.') {
            integral = false;
            self.pos += 1;
            if !self.b.get(self.pos).is_some_and(u8::is_ascii_digit) {
                return self.err("expected digits after the decimal point");
            }
            while self.b.get(self.pos).is_some_and(u8::is_ascii_digit) {
                self.pos += 1;
            }
        }
        if matches!(self.b.get(self.pos), Some(b'e' | b'E')) {
            integral = false;
            self.pos += 1;
            if matches!(self.b.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !self.b.get(self.pos).is_some_and(u8::is_ascii_digit) {
                return self.err("expected digits in the exponent");
            }
            while self.b.get(self.pos).is_some_and(u8::is_ascii_digit) {
                self.pos += 1;
            }
        }
        let text = &self.text[start..self.pos];
        if integral {
            if let Ok(v) = text.parse::<i128>() {
                return Ok(NodeKind::Int(v));
            }
        }
        // Rust's float parser rounds correctly; huge exponents become infinity,
        // which readers reject.
        Ok(NodeKind::Float(
            text.parse::<f64>().unwrap_or(f64::INFINITY),
        ))
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1; // opening quote
                       // Most strings have no escape: copied once, at their length.
        let start = self.pos;
        let end = start + self.b.get(start..).map_or(0, plain_len);
        if self.b.get(end) == Some(&b'"') {
            self.pos = end + 1;
            return Ok(self.text[start..end].to_owned());
        }
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            self.pos += self.b.get(run_start..).map_or(0, plain_len);
            out.push_str(&self.text[run_start..self.pos]);
            match self.b.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let esc = self.b.get(self.pos).copied();
                    self.pos += 1;
                    match esc {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi) {
                                if self.b.get(self.pos..self.pos + 2) != Some(b"\\u") {
                                    return self.err(
                                        "a high surrogate escape must be followed by a low one",
                                    );
                                }
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return self.err("invalid low surrogate escape");
                                }
                                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            } else {
                                char::from_u32(hi)
                            };
                            match c {
                                Some(c) => out.push(c),
                                None => {
                                    return self.err("a lone surrogate escape is not a character")
                                }
                            }
                        }
                        _ => {
                            self.pos -= 1;
                            return self.err("invalid escape in a string");
                        }
                    }
                }
                Some(b'\n') => return self.err("strings cannot span lines (unescaped line break)"),
                Some(_) => return self.err("control characters must be escaped in strings"),
                None => return self.err("unterminated string"),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .b
            .get(self.pos..self.pos + 4)
            .and_then(|h| std::str::from_utf8(h).ok());
        match digits.and_then(|h| u32::from_str_radix(h, 16).ok()) {
            Some(v) if digits.is_some_and(|d| d.bytes().all(|b| b.is_ascii_hexdigit())) => {
                self.pos += 4;
                Ok(v)
            }
            _ => self.err("expected four hex digits after \\u"),
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        Ok(())
    }

    fn object(&mut self) -> Result<Node, SyntaxError> {
        let (start, line, col) = (self.pos, self.line, self.col_at(self.pos));
        self.enter()?;
        self.pos += 1;
        let mut entries = Vec::new();
        self.skip_ws();
        if self.b.get(self.pos) == Some(&b'}') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                if self.b.get(self.pos) != Some(&b'"') {
                    return self.err(format!("expected a quoted key, found {}", self.found()));
                }
                let (kline, kcol, kstart) = (self.line, self.col_at(self.pos), self.pos);
                let name = self.string()?;
                let kspan = self.span_from(kstart, kline, kcol);
                self.skip_ws();
                if self.b.get(self.pos) != Some(&b':') {
                    return self.err(format!(
                        "expected `:` after the key, found {}",
                        self.found()
                    ));
                }
                self.pos += 1;
                self.skip_ws();
                let value = self.value()?;
                entries.push((Key { name, span: kspan }, value));
                self.skip_ws();
                match self.b.get(self.pos) {
                    Some(b',') => self.pos += 1,
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return self.err(format!("expected `,` or `}}`, found {}", self.found())),
                }
            }
        }
        self.depth -= 1;
        Ok(Node {
            kind: NodeKind::Map(entries),
            span: self.span_from(start, line, col),
        })
    }

    fn array(&mut self) -> Result<Node, SyntaxError> {
        let (start, line, col) = (self.pos, self.line, self.col_at(self.pos));
        self.enter()?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.b.get(self.pos) == Some(&b']') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                // The elements of a top-level array are documents of their own.
                if self.depth == 1 {
                    // The array stands for its elements.
                    if items.is_empty() {
                        self.documents -= 1;
                    }
                    self.next_document()?;
                }
                items.push(self.value()?);
                self.skip_ws();
                match self.b.get(self.pos) {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return self.err(format!("expected `,` or `]`, found {}", self.found())),
                }
            }
        }
        self.depth -= 1;
        Ok(Node {
            kind: NodeKind::Seq(items),
            span: self.span_from(start, line, col),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let mut v = parse_values(text).unwrap();
        assert_eq!(v.len(), 1);
        v.remove(0)
    }

    #[test]
    fn positions_count_characters() {
        let n = one("{\n  \"é\": 1,\n  \"b\": [true, null]\n}");
        let NodeKind::Map(entries) = n.kind else {
            panic!()
        };
        assert_eq!(entries[0].0.span, Span::new(2, 3, 3));
        assert_eq!(entries[0].1.span, Span::new(2, 8, 1));
        assert_eq!(entries[1].1.span.line, 3);
    }

    #[test]
    fn ascii_text_has_the_same_positions() {
        // ASCII text takes the short way to columns; the answers agree
        // with counting (the same document with `é` widened by one byte).
        let n = one("{\n  \"e\": 1,\n  \"b\": [true, null]\n}");
        let NodeKind::Map(entries) = n.kind else {
            panic!()
        };
        assert_eq!(entries[0].0.span, Span::new(2, 3, 3));
        assert_eq!(entries[0].1.span, Span::new(2, 8, 1));
        assert_eq!(entries[1].1.span, Span::new(3, 8, 12));
    }

    #[test]
    fn strings_with_and_without_escapes() {
        assert_eq!(
            one(r#"["plain", "", "tail\n", "\tlead", "mid\"dle"]"#).kind,
            NodeKind::Seq(
                ["plain", "", "tail\n", "\tlead", "mid\"dle"]
                    .iter()
                    .zip([(1, 2, 7), (1, 11, 2), (1, 15, 8), (1, 25, 8), (1, 35, 10)])
                    .map(|(s, (l, c, n))| Node {
                        kind: NodeKind::Str((*s).into(), StrStyle::Quoted),
                        span: Span::new(l, c, n),
                    })
                    .collect()
            )
        );
        let e = parse_values("\"a\u{1}b\"").unwrap_err();
        assert!(e.message.contains("control characters"), "{}", e.message);
    }

    #[test]
    fn numbers_stay_exact() {
        assert_eq!(one("2147483648").kind, NodeKind::Int(2_147_483_648));
        assert_eq!(
            one("0.07729999721050262").kind,
            NodeKind::Float(0.077_299_997_210_502_62)
        );
        assert_eq!(one("-0").kind, NodeKind::Int(0));
        assert!(matches!(one("1e400").kind, NodeKind::Float(f) if f.is_infinite()));
    }

    #[test]
    fn json_lines_give_several_values() {
        assert_eq!(parse_values("{}\n{}\n\n{}\n").unwrap().len(), 3);
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse_values("{\n  \"a\": tru\n}").unwrap_err();
        assert_eq!((e.span.line, e.span.col), (2, 8));
        let e = parse_values("{\"a\": 1,}").unwrap_err();
        assert!(e.message.contains("expected a quoted key"), "{}", e.message);
        assert!(parse_values(&"[".repeat(10_000))
            .unwrap_err()
            .message
            .contains("nesting"));
        assert!(parse_values("\"\\ud800\"").is_err());
        assert!(parse_values("").is_err());
    }

    #[test]
    fn documents_have_a_node_budget() {
        let list = |n: usize| format!("{{\"a\": [{}]}}", vec!["1"; n].join(","));
        assert!(parse_values(&list(MAX_NODES - 2)).is_ok());
        let e = parse_values(&list(MAX_NODES)).unwrap_err();
        assert_eq!(e.message, "the document has more than 100000 nodes");
        assert_eq!(
            (e.span.line, e.span.col),
            (1, 8 + 2 * (MAX_NODES as u32 - 2))
        );
        // Each element of a top-level array is a document, and so is each line.
        let docs = format!("[{}]", vec![list(MAX_NODES / 2); 3].join(","));
        assert!(parse_values(&docs).is_ok());
        let lines = vec![list(MAX_NODES / 2); 3].join("\n");
        assert_eq!(parse_values(&lines).unwrap().len(), 3);
    }

    #[test]
    fn inputs_have_a_document_budget() {
        let array = |n: usize| format!("[{}]", vec!["1"; n].join(","));
        assert_eq!(parse_values(&array(MAX_DOCUMENTS)).unwrap().len(), 1);
        let e = parse_values(&array(MAX_DOCUMENTS + 1)).unwrap_err();
        assert!(e
            .message
            .starts_with("the input holds more than 10000 documents"));
        assert_eq!((e.span.line, e.span.col), (1, 2 + 2 * MAX_DOCUMENTS as u32));
        let lines = vec!["{}"; MAX_DOCUMENTS + 1].join("\n");
        let e = parse_values(&lines).unwrap_err();
        assert_eq!(e.span.line, MAX_DOCUMENTS as u32 + 1);
    }

    #[test]
    fn escapes() {
        assert_eq!(
            one(r#""a\"b\u00e9\ud83d\ude00""#).kind,
            NodeKind::Str("a\"bé😀".into(), StrStyle::Quoted)
        );
    }
}
