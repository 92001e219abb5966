//! Editing a schema file as text, line by line, so that every line the
//! import does not change (comments, docs, marks, order) stays as written.
//!
//! The schema files are block-style YAML indented by two spaces per level;
//! a block is a key line and the lines under it that are indented deeper.
//! A block ends at its last line of content: blank and comment lines after
//! it belong to what follows, so an insertion lands before them.

/// One entry of a block: a `key:` line and its extent.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Its line.
    pub line: usize,
    /// One past its last line of content.
    pub end: usize,
}

/// A file's lines.
#[derive(Clone, Debug)]
pub struct Text {
    lines: Vec<String>,
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Blank or comment-only: not content of any block.
fn is_filler(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

impl Text {
    /// Splits `text` into lines (the final newline, if any, stays an empty
    /// last line, so joining gives the text back byte for byte).
    pub fn new(text: &str) -> Self {
        Text {
            lines: text.split('\n').map(str::to_owned).collect(),
        }
    }

    /// The text.
    pub fn render(&self) -> String {
        self.lines.join("\n")
    }

    /// Where content ends: before the trailing empty line a final newline
    /// leaves.
    pub fn len(&self) -> usize {
        match self.lines.last() {
            Some(l) if l.is_empty() => self.lines.len() - 1,
            _ => self.lines.len(),
        }
    }

    /// The entries `key:` indented by exactly `indent` in the lines
    /// `start..end`, in order.
    pub fn entries(&self, start: usize, end: usize, indent: usize) -> Vec<Entry> {
        let mut out: Vec<Entry> = Vec::new();
        for i in start..end {
            let line = &self.lines[i];
            if is_filler(line) {
                continue;
            }
            let d = indent_of(line);
            if d < indent {
                break;
            }
            if d > indent {
                if let Some(last) = out.last_mut() {
                    last.end = i + 1;
                }
                continue;
            }
            let rest = &line[d..];
            let key = match rest.find(':') {
                Some(k) if !rest.starts_with('-') => rest[..k].trim_matches('"').to_owned(),
                _ => continue,
            };
            out.push(Entry {
                key,
                line: i,
                end: i + 1,
            });
        }
        out
    }

    /// The list items (`- value`) indented by exactly `indent` in
    /// `start..end`: each line and its value (a quoted value unquoted).
    pub fn items(&self, start: usize, end: usize, indent: usize) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for i in start..end {
            let line = &self.lines[i];
            if is_filler(line) || indent_of(line) != indent {
                continue;
            }
            if let Some(v) = line[indent..].strip_prefix("- ") {
                let v = v.trim();
                let value = serde_json::from_str::<String>(v).unwrap_or_else(|_| v.to_owned());
                out.push((i, value));
            }
        }
        out
    }

    /// The block at the path of keys from the top level (`["shapes",
    /// "Channel", "members"]`), each level two spaces deeper.
    pub fn find(&self, path: &[&str]) -> Option<Entry> {
        let (mut start, mut end) = (0, self.len());
        let mut found = None;
        for (depth, key) in path.iter().enumerate() {
            let e = self
                .entries(start, end, depth * 2)
                .into_iter()
                .find(|e| e.key == *key)?;
            (start, end) = (e.line + 1, e.end);
            found = Some(e);
        }
        found
    }

    /// Inserts `lines` before line `at`.
    pub fn insert(&mut self, at: usize, lines: Vec<String>) {
        self.lines.splice(at..at, lines);
    }

    /// Replaces line `at`.
    pub fn replace(&mut self, at: usize, line: String) {
        self.lines[at] = line;
    }

    /// Removes line `at`.
    pub fn remove(&mut self, at: usize) {
        self.lines.remove(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# head\nresource:\n  members:\n    A:\n      shape: S\n      # inner\n      doc: \"a\"\n\n    # before B\n    B:\n      shape: T\nshapes:\n  S:\n    type: enum\n    values:\n      - \"x\"\n      - y\n";

    #[test]
    fn blocks_end_at_their_last_content_line() {
        let t = Text::new(FILE);
        let members = t.find(&["resource", "members"]).unwrap();
        let e = t.entries(members.line + 1, members.end, 4);
        let keys: Vec<_> = e.iter().map(|e| (e.key.as_str(), e.line, e.end)).collect();
        // A ends after its doc, not after the blank line and B's comment.
        assert_eq!(keys, [("A", 3, 7), ("B", 9, 11)]);
        let values = t.find(&["shapes", "S", "values"]).unwrap();
        assert_eq!(
            t.items(values.line + 1, values.end, 6),
            [(15, "x".to_owned()), (16, "y".to_owned())]
        );
        assert_eq!(t.render(), FILE);
    }
}
