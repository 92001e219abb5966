//! Suppression comments in formats with `#` comments (YAML, HCL):
//!
//! ```yaml
//! # tjspec:ignore vpc-config -- this job only reads public data
//! apiVersion: sagemaker.services.k8s.aws/v1alpha1
//! kind: TrainingJob
//! spec:
//!   enableNetworkIsolation: false # tjspec:ignore network-isolation -- pip installs at start
//! ```
//!
//! A comment on a finding's line, or alone on the line above it,
//! suppresses that rule there; one at the top of a document (before its
//! first key) suppresses the rule in the whole document. A comment without
//! a reason, naming no rule, or suppressing nothing is itself a warning.
//!
//! Comments are found lexically, in one pass over the text: a `#` at the
//! start of a line or after whitespace, outside a quoted string on that
//! line. Text inside a multi-line quoted string or a block scalar (`|`)
//! that looks like a suppression comment is taken for one.

use tjspec_runtime::{Code, Diagnostic, RuleId, Span, Suppression};

/// The marker that starts a suppression comment.
pub const MARKER: &str = "tjspec:ignore";

/// One suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// The rule, when the comment names one.
    pub rule: Result<RuleId, String>,
    /// The reason after `--` (empty when missing).
    pub reason: String,
    /// Where the comment is (its `#`).
    pub span: Span,
    /// Whether it is alone on its line (then it also covers the line below).
    pub own_line: bool,
    /// Whether it suppressed a finding.
    pub used: bool,
    /// At the top of a document (nothing but comments before it in the
    /// document): the line where the document ends (exclusive).
    pub document_until: Option<u32>,
}

/// Every suppression comment of a text whose first line is `line_offset + 1`.
pub fn scan(text: &str, line_offset: u32) -> Vec<Directive> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if !line.contains(MARKER) {
            continue;
        }
        let Some((col, comment)) = comment_of(line) else {
            continue;
        };
        let body = comment.trim_start_matches('#').trim_start();
        let Some(rest) = body.strip_prefix(MARKER) else {
            continue;
        };
        let (id, reason) = match rest.split_once("--") {
            Some((id, reason)) => (id.trim(), reason.trim()),
            None => (rest.trim(), ""),
        };
        let line_no = u32::try_from(i + 1)
            .unwrap_or(u32::MAX)
            .saturating_add(line_offset);
        out.push(Directive {
            rule: id.parse::<RuleId>().map_err(|_| id.to_owned()),
            reason: reason.to_owned(),
            span: Span::new(line_no, u32::try_from(col).unwrap_or(u32::MAX), 1),
            own_line: line[..line.len() - comment.len()].trim().is_empty(),
            used: false,
            document_until: None,
        });
    }
    out
}

/// The comment of a line (from its `#`) with its column (1-based, in
/// characters): a `#` at the start or after whitespace, outside quotes.
fn comment_of(line: &str) -> Option<(usize, &str)> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut prev_space = true;
    for (col, (i, c)) in line.char_indices().enumerate() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev_space => return Some((col + 1, &line[i..])),
            None => {}
        }
        prev_space = c.is_whitespace();
    }
    None
}

/// Whether a line holds nothing but whitespace, a comment, a YAML
/// directive or an HCL block header (what may come before a document's first key).
fn preamble(line: &str) -> bool {
    let t = line.trim();
    t.is_empty()
        || t.starts_with('#')
        || t.starts_with("//")
        || t.starts_with('%')
        || t.ends_with('{')
}

/// The suppression comments of one input, applied document by document.
#[derive(Debug, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
}

impl Suppressions {
    /// The suppression comments of a text whose first line is
    /// `line_offset + 1` (a format with `#` comments). In YAML, documents
    /// are separated by `---`; an HCL file is one document.
    pub fn new(text: &str, line_offset: u32, yaml: bool) -> Self {
        let mut directives = scan(text, line_offset);
        if !directives.is_empty() {
            // One pass: each document's start, whether only comments came
            // before each line of it, and its end.
            let mut doc_start_top = true;
            let mut tops: Vec<(u32, bool)> = Vec::new();
            let mut ends: Vec<u32> = Vec::new();
            let mut line_no = line_offset;
            for line in text.lines() {
                line_no += 1;
                let t = line.trim_end();
                if yaml && (t == "---" || t.starts_with("--- ")) {
                    ends.push(line_no);
                    doc_start_top = true;
                    continue;
                }
                tops.push((line_no, doc_start_top));
                doc_start_top &= preamble(line);
            }
            let last = line_no + 1;
            for d in &mut directives {
                let at_top = tops
                    .binary_search_by_key(&d.span.line, |&(l, _)| l)
                    .is_ok_and(|i| tops[i].1);
                if at_top && d.own_line {
                    let end = ends
                        .iter()
                        .copied()
                        .find(|&e| e > d.span.line)
                        .unwrap_or(last);
                    d.document_until = Some(end);
                }
            }
        }
        Suppressions { directives }
    }

    /// Marks a rule finding (its span in input lines) as suppressed when a
    /// comment on its line, alone on the line above, or at the top of its
    /// document names its rule.
    pub fn suppress(&mut self, d: &mut Diagnostic) {
        let Code::Rule(rule) = d.code else { return };
        if d.suppressed.is_some() {
            return;
        }
        let Some(line) = d.span.map(|s| s.line) else {
            return;
        };
        let covering = self.directives.iter_mut().find(|c| {
            c.rule == Ok(rule)
                && (c.span.line == line
                    || (c.own_line && c.span.line + 1 == line)
                    || c.document_until
                        .is_some_and(|end| (c.span.line..end).contains(&line)))
        });
        if let Some(c) = covering {
            c.used = true;
            d.suppressed = Some(Suppression {
                reason: c.reason.clone(),
                span: c.span,
            });
        }
    }

    /// Warnings for comments that name no rule, give no reason, or
    /// suppressed nothing.
    pub fn problems(self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for d in self.directives {
            let at =
                |code: Code, message: String| Diagnostic::warning(code, message).with_span(d.span);
            match &d.rule {
                Err(id) if id.is_empty() => {
                    out.push(at(Code::Suppression, format!("`{MARKER}` names no rule")))
                }
                Err(id) => out.push(
                    at(
                        Code::Suppression,
                        format!("`{MARKER} {id}`: no rule is named `{id}`"),
                    )
                    .with_hint("`tjspec validate --list-rules` lists them"),
                ),
                Ok(rule) => {
                    if d.reason.is_empty() {
                        out.push(
                            at(
                                Code::Suppression,
                                format!("the suppression of `{rule}` gives no reason"),
                            )
                            .with_hint(format!(
                                "write `# {MARKER} {rule} -- why it does not apply here`"
                            )),
                        );
                    }
                    if !d.used {
                        out.push(
                            at(
                                Code::Suppression,
                                format!("the suppression of `{rule}` suppresses nothing"),
                            )
                            .with_hint(
                                "remove it, or move it to the finding's line or the line above",
                            ),
                        );
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_found_outside_quotes() {
        assert_eq!(comment_of("a: 1 # x"), Some((6, "# x")));
        assert_eq!(comment_of("# x"), Some((1, "# x")));
        assert_eq!(comment_of("a: \"b # c\""), None);
        assert_eq!(comment_of("a: 'it''s # c' # d"), Some((16, "# d")));
        assert_eq!(comment_of("a: \"x\\\" # y\" # z"), Some((14, "# z")));
        assert_eq!(comment_of("a: b#c"), None);
    }

    #[test]
    fn directives_parse() {
        let d = scan(
            "x: 1 # tjspec:ignore vpc-config -- public data\n  # tjspec:ignore remote-debug\n# tjspec:ignore nope -- r\n",
            10,
        );
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].rule, Ok(RuleId::VpcConfig));
        assert_eq!(
            (d[0].reason.as_str(), d[0].own_line),
            ("public data", false)
        );
        assert_eq!(d[0].span, Span::new(11, 6, 1));
        assert_eq!((d[1].reason.as_str(), d[1].own_line), ("", true));
        assert_eq!(d[2].rule, Err("nope".to_owned()));
    }
}

#[cfg(test)]
mod document_tests {
    use super::*;

    fn finding(line: u32) -> Diagnostic {
        Diagnostic::warning(RuleId::RemoteDebug, "x").with_span(Span::new(line, 1, 1))
    }

    #[test]
    fn a_comment_at_the_top_covers_its_document_only() {
        let text = "# tjspec:ignore remote-debug -- a\na: 1\nb: 2\n---\nc: 3\n";
        let mut s = Suppressions::new(text, 0, true);
        let (mut in_doc, mut next_doc) = (finding(3), finding(5));
        s.suppress(&mut in_doc);
        s.suppress(&mut next_doc);
        assert!(in_doc.suppressed.is_some() && next_doc.suppressed.is_none());
        // Below the first key, a comment covers its line and the next only.
        let text = "a: 1\n# tjspec:ignore remote-debug -- a\nb: 2\nc: 3\n";
        let mut s = Suppressions::new(text, 0, true);
        let (mut b, mut c) = (finding(3), finding(4));
        s.suppress(&mut b);
        s.suppress(&mut c);
        assert!(b.suppressed.is_some() && c.suppressed.is_none());
    }
}
