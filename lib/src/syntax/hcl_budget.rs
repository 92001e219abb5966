//! Budgets an HCL text must keep before the parser sees it. `hcl-edit`
//! recurses on nesting and is super-linear in the keys of one object
//! (10,000 keys 0.3 s, 40,000 keys 11 s, a million never ends), so one
//! linear pass over the text refuses what would cost too much: nesting
//! deeper than [`MAX_DEPTH`], an object or block with more than
//! [`MAX_KEYS`] entries, a file of more than [`MAX_NODES`] items.
//!
//! The pass knows brackets, strings and comments. Heredoc bodies and
//! operators such as `==` or `? :` may be counted as entries: the limits
//! sit far above what any training job needs, so counting a little high
//! never refuses a real file.

use tjspec_runtime::Span;

use super::{SyntaxError, MAX_DEPTH, MAX_NODES};

/// Most entries (attributes, nested blocks, object keys) one block body or
/// object may hold. The schema's largest map allows 100 entries.
pub const MAX_KEYS: usize = 10_000;

/// What budget a text passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exceeded {
    /// Nesting deeper than [`MAX_DEPTH`], at byte offset `at`.
    Depth {
        /// Where.
        at: usize,
    },
    /// The object or block body opened at byte `open` has more than [`MAX_KEYS`] entries.
    Keys {
        /// Where its `{` is.
        open: usize,
    },
    /// More than [`MAX_NODES`] entries and values in the file; `at` is where the count passed it.
    Nodes {
        /// Where.
        at: usize,
    },
}

impl Exceeded {
    /// The error, positioned by `span_of` (a byte range to a span).
    pub fn into_error(self, span_of: impl Fn(usize, usize) -> Span) -> SyntaxError {
        match self {
            Exceeded::Depth { at } => SyntaxError::new(
                format!("nesting deeper than {MAX_DEPTH} levels"),
                span_of(at, at + 1),
            ),
            Exceeded::Keys { open } => SyntaxError::new(
                format!(
                    "this object or block has more than {MAX_KEYS} entries (a training job's largest map has 100)"
                ),
                span_of(open, open + 1),
            ),
            Exceeded::Nodes { at } => SyntaxError::new(
                format!("the file has more than {MAX_NODES} attributes, keys and values"),
                span_of(at, at + 1),
            ),
        }
    }
}

/// Scans `text` once and returns the first budget it passes.
pub fn check(text: &str) -> Result<(), Exceeded> {
    let bytes = text.as_bytes();
    // Per open bracket: where it is, and the entries counted directly in it.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut nodes = 0usize;
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' | b'\n' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        let mut entry = false;
        match b {
            b'"' => in_string = true,
            b'#' => i = line_end(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = line_end(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b'{' | b'[' | b'(' => {
                // A nested block or value is an entry of what holds it
                // (and counted as a node below); a list or call is a node.
                entry = b == b'{';
                if !entry {
                    nodes += 1;
                }
                open.push((i, 0));
                if open.len() > MAX_DEPTH {
                    return Err(Exceeded::Depth { at: i });
                }
            }
            b'}' | b']' | b')' => {
                open.pop();
            }
            b'=' | b':' => entry = true,
            b',' => nodes += 1,
            _ => {}
        }
        if entry {
            nodes += 1;
            // The `{` just pushed counts in the frame around it.
            let frame = if b == b'{' {
                open.len().checked_sub(2)
            } else {
                open.len().checked_sub(1)
            };
            if let Some(f) = frame {
                let (at, entries) = &mut open[f];
                *entries += 1;
                if *entries > MAX_KEYS {
                    return Err(Exceeded::Keys { open: *at });
                }
            }
        }
        if nodes > MAX_NODES {
            return Err(Exceeded::Nodes { at: i });
        }
        i += 1;
    }
    Ok(())
}

fn line_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i] != b'\n' {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(keys: usize) -> String {
        let mut s = String::from(
            "resource \"aws_sagemaker_training_job\" \"j\" {\n  hyper_parameters = {\n",
        );
        for i in 0..keys {
            s.push_str(&format!("    k{i} = \"v\"\n"));
        }
        s.push_str("  }\n}\n");
        s
    }

    #[test]
    fn keys_per_object_are_budgeted() {
        assert_eq!(check(&object(MAX_KEYS)), Ok(()));
        let text = object(MAX_KEYS + 1);
        assert_eq!(
            check(&text),
            Err(Exceeded::Keys {
                open: text.find("= {").unwrap() + 2
            })
        );
        // Blocks count their attributes and nested blocks.
        let body = "a = 1\nb {}\n".repeat(MAX_KEYS / 2 + 1);
        assert_eq!(
            check(&format!("x {{\n{body}}}")),
            Err(Exceeded::Keys { open: 2 })
        );
    }

    #[test]
    fn strings_and_comments_hold_no_entries() {
        let text = format!(
            "a = \"{}\"\n# {}\n/* {} */\n",
            "=".repeat(MAX_NODES * 2),
            "{".repeat(MAX_DEPTH * 2),
            ":".repeat(MAX_NODES * 2)
        );
        assert_eq!(check(&text), Ok(()));
    }

    #[test]
    fn files_have_a_node_budget() {
        // Two nodes a block: its body and its attribute.
        let blocks = |n: usize| "variable \"v\" {\n  type = string\n}\n".repeat(n);
        assert_eq!(check(&blocks(MAX_NODES / 2)), Ok(()));
        assert!(matches!(
            check(&blocks(MAX_NODES / 2 + 1)),
            Err(Exceeded::Nodes { .. })
        ));
        let list = format!("a = [{}]\n", vec!["1"; MAX_NODES].join(","));
        assert!(matches!(check(&list), Err(Exceeded::Nodes { .. })));
        assert_eq!(
            check(&"[".repeat(MAX_DEPTH + 1)),
            Err(Exceeded::Depth { at: MAX_DEPTH })
        );
    }
}
