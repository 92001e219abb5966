//! HCL (Terraform's native syntax) → positioned document trees.
//!
//! Parsing is `hcl-edit`'s (the parser behind `hcl-rs`, which keeps byte spans);
//! this module turns the syntax tree into [`Structure`]s whose values are
//! runtime [`Node`]s with line:column positions. Literal values become
//! plain nodes — numbers stay numbers, `"5"` stays a string, `$${` reads as
//! `${` — and anything tjspec cannot evaluate (`var.x`,
//! `aws_iam_role.r.arn`, `"s3://${var.bucket}/out"`, `%{ if }` directives,
//! function calls, heredocs with interpolations) becomes
//! [`NodeKind::Expr`] holding the expression exactly as written. Heredocs
//! without interpolations are literal strings (`<<-` ones with their
//! indentation removed).

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{BlockLabel, Body};
use hcl_edit::template::{Element, Template};
use hcl_edit::Span as _;
use tjspec_runtime::{Code, Key, Node, NodeKind, Span, StrStyle};

use super::SyntaxError;

/// One item of an HCL body: an attribute or a block.
#[derive(Clone, Debug, PartialEq)]
pub enum Structure {
    /// `key = value`.
    Attribute {
        /// The name, with its position.
        key: Key,
        /// The value.
        value: Node,
    },
    /// `ident "label" ... { body }`.
    Block(Block),
}

/// A block with its labels and body.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The block type (`resource`, `resource_config`), with its position.
    pub ident: Key,
    /// The labels, each with its position.
    pub labels: Vec<Key>,
    /// The body.
    pub body: Vec<Structure>,
    /// Where the whole block is written.
    pub span: Span,
}

/// Why an expression cannot be a value: an object key that is not a literal.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyError {
    /// The key as written.
    pub text: String,
    /// Where.
    pub span: Span,
    /// The index of the top-level structure it is in.
    pub top: usize,
}

/// Byte offsets → line:column (both 1-based, columns in characters).
struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines { text, starts }
    }

    fn span(&self, range: Option<std::ops::Range<usize>>) -> Span {
        let Some(r) = range else {
            return Span::default();
        };
        let start = r.start.min(self.text.len());
        let end = r.end.clamp(start, self.text.len());
        let line = self.starts.partition_point(|&s| s <= start);
        let line_start = self.starts[line - 1];
        let col = self
            .text
            .get(line_start..start)
            .map_or(0, |s| s.chars().count())
            + 1;
        let len = self.text.get(start..end).map_or(0, |s| s.chars().count());
        Span::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(col).unwrap_or(u32::MAX),
            u32::try_from(len).unwrap_or(u32::MAX),
        )
    }

    fn text(&self, range: Option<std::ops::Range<usize>>) -> &'t str {
        range
            .and_then(|r| self.text.get(r))
            .unwrap_or_default()
            .trim()
    }
}

/// The number literal around byte `at` (its start and text), when it is
/// too large for a float.
fn overflowing_number(text: &str, at: usize) -> Option<(usize, &str)> {
    let numeric = |c: char| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-');
    let start = text[..at.min(text.len())]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| numeric(c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at.min(text.len())..]
        .find(|c: char| !numeric(c))
        .map_or(text.len(), |n| at + n);
    let token = text.get(start..end)?;
    let value: f64 = token.parse().ok()?;
    value.is_infinite().then_some((start, token))
}

/// The first `%{` at or after byte `from` that opens no template directive:
/// its byte offset, the length of `%{ word`, and the word.
fn unknown_directive(text: &str, from: usize) -> Option<(usize, usize, &str)> {
    let mut search = from;
    while let Some(found) = text[search..].find("%{") {
        let start = search + found;
        search = start + 2;
        // `%%{` is a literal `%{`.
        if text[..start].ends_with('%') {
            continue;
        }
        let rest = &text[start + 2..];
        let rest_trimmed = rest.trim_start_matches('~').trim_start_matches([' ', '\t']);
        let word_len = rest_trimmed
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest_trimmed.len());
        let word = &rest_trimmed[..word_len];
        if !matches!(word, "if" | "else" | "endif" | "for" | "endfor") {
            let len = 2 + (rest.len() - rest_trimmed.len()) + word_len;
            return Some((start, len, word));
        }
    }
    None
}

/// Parses an HCL file into its top-level structures. Object keys that are
/// not literals are returned beside the tree (they have no place in it).
pub fn parse(text: &str) -> Result<(Vec<Structure>, Vec<KeyError>), SyntaxError> {
    let lines = Lines::new(text);
    super::hcl_budget::check(text)
        .map_err(|e| e.into_error(|from, to| lines.span(Some(from..to))))?;
    let body = hcl_edit::parser::parse_body(text).map_err(|e| {
        let at = e.location().offset();
        let span = lines.span(Some(at..at + 1));
        // The parser refuses a repeated key with only a position: name it.
        if e.message().contains("redefined") {
            if let Some((path, key)) = super::hcl_path::key_path_at(text, at) {
                return SyntaxError {
                    code: Code::DuplicateKey,
                    message: format!("duplicate key `{key}`"),
                    span,
                    path,
                };
            }
        }
        // A `%{` that opens no directive makes the parser fail where the
        // template started (a heredoc is "missing" its end): name it.
        let line_start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
        if let Some((start, len, word)) = unknown_directive(text, line_start) {
            return SyntaxError::new(
                format!(
                    "`%{{ {word}` is not a template directive (they are `if`, `else`, `endif`, `for` and `endfor`); write `%%{{` for a literal `%{{`"
                ),
                lines.span(Some(start..start + len)),
            );
        }
        // The parser stops inside a number too large for a float (`1e309`)
        // without saying so.
        if let Some((start, number)) = overflowing_number(text, at) {
            return SyntaxError::new(
                format!("`{number}` is beyond the range of a number (about ±1.8e308)"),
                lines.span(Some(start..start + number.len())),
            );
        }
        let mut message = e.message().to_owned();
        if message.is_empty() {
            message = "invalid HCL".to_owned();
        }
        SyntaxError::new(message, span)
    })?;
    let mut cx = Cx {
        lines,
        key_errors: Vec::new(),
        top: 0,
    };
    let items = body
        .iter()
        .enumerate()
        .map(|(i, s)| {
            cx.top = i;
            cx.structure(s)
        })
        .collect();
    Ok((items, cx.key_errors))
}

struct Cx<'t> {
    lines: Lines<'t>,
    key_errors: Vec<KeyError>,
    top: usize,
}

impl Cx<'_> {
    fn body(&mut self, body: &Body) -> Vec<Structure> {
        body.iter().map(|s| self.structure(s)).collect()
    }

    fn structure(&mut self, s: &hcl_edit::structure::Structure) -> Structure {
        if let Some(a) = s.as_attribute() {
            Structure::Attribute {
                key: Key {
                    name: a.key.as_str().to_owned(),
                    span: self.lines.span(a.key.span()),
                },
                value: self.expr(&a.value),
            }
        } else {
            let b = s
                .as_block()
                .expect("a structure is an attribute or a block");
            Structure::Block(Block {
                ident: Key {
                    name: b.ident.as_str().to_owned(),
                    span: self.lines.span(b.ident.span()),
                },
                labels: b
                    .labels
                    .iter()
                    .map(|l| match l {
                        BlockLabel::Ident(i) => Key {
                            name: i.as_str().to_owned(),
                            span: self.lines.span(i.span()),
                        },
                        BlockLabel::String(s) => Key {
                            name: s.as_str().to_owned(),
                            span: self.lines.span(s.span()),
                        },
                    })
                    .collect(),
                body: self.body(&b.body),
                span: self.lines.span(b.span()),
            })
        }
    }

    fn node(&self, kind: NodeKind, e: &Expression) -> Node {
        Node {
            kind,
            span: self.lines.span(e.span()),
        }
    }

    fn opaque(&self, e: &Expression) -> Node {
        self.node(NodeKind::Expr(self.lines.text(e.span()).to_owned()), e)
    }

    fn expr(&mut self, e: &Expression) -> Node {
        match e {
            Expression::Null(_) => self.node(NodeKind::Null, e),
            Expression::Bool(b) => self.node(NodeKind::Bool(*b.value()), e),
            Expression::Number(n) => {
                let text: String = self
                    .lines
                    .text(e.span())
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let integral = !text.contains(['.', 'e', 'E']);
                let kind = match text.parse::<i128>() {
                    Ok(i) if integral => NodeKind::Int(i),
                    _ => match text.parse::<f64>() {
                        Ok(f) => NodeKind::Float(f),
                        Err(_) => NodeKind::Float(n.value().as_f64().unwrap_or(f64::NAN)),
                    },
                };
                self.node(kind, e)
            }
            Expression::String(s) => {
                self.node(NodeKind::Str(s.value().clone(), StrStyle::Quoted), e)
            }
            Expression::StringTemplate(t) => match literal(t) {
                Some(s) => self.node(NodeKind::Str(s, StrStyle::Quoted), e),
                None => self.opaque(e),
            },
            Expression::HeredocTemplate(h) => match literal(&h.template) {
                Some(s) => self.node(NodeKind::Str(s, StrStyle::Quoted), e),
                None => self.opaque(e),
            },
            Expression::Parenthesis(p) => {
                let inner = self.expr(p.inner());
                match inner.kind {
                    NodeKind::Expr(_) => self.opaque(e),
                    kind => self.node(kind, e),
                }
            }
            Expression::Array(a) => {
                let items = a.iter().map(|v| self.expr(v)).collect();
                self.node(NodeKind::Seq(items), e)
            }
            Expression::Object(o) => {
                let mut entries = Vec::new();
                for (k, v) in o.iter() {
                    let name = match k {
                        ObjectKey::Ident(i) => Some(i.as_str().to_owned()),
                        ObjectKey::Expression(Expression::String(s)) => Some(s.value().clone()),
                        ObjectKey::Expression(Expression::StringTemplate(t)) => literal(t),
                        ObjectKey::Expression(_) => None,
                    };
                    let span = self.lines.span(k.span());
                    let value = self.expr(v.expr());
                    match name {
                        Some(name) => entries.push((Key { name, span }, value)),
                        None => self.key_errors.push(KeyError {
                            text: self.lines.text(k.span()).to_owned(),
                            span,
                            top: self.top,
                        }),
                    }
                }
                self.node(NodeKind::Map(entries), e)
            }
            _ => self.opaque(e),
        }
    }
}

/// The text of a template made of literals only (escapes already applied).
fn literal(t: &Template) -> Option<String> {
    let mut out = String::new();
    for el in t.iter() {
        match el {
            Element::Literal(l) => out.push_str(l.value()),
            Element::Interpolation(_) | Element::Directive(_) => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(text: &str) -> Node {
        let (items, errors) = parse(text).expect("parses");
        assert!(errors.is_empty(), "{errors:?}");
        match items.into_iter().next() {
            Some(Structure::Attribute { value, .. }) => value,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn literals_keep_their_types() {
        assert_eq!(attr("a = 5\n").kind, NodeKind::Int(5));
        assert_eq!(attr("a = -5\n").kind, NodeKind::Int(-5));
        assert_eq!(attr("a = 5.0\n").kind, NodeKind::Float(5.0));
        assert_eq!(attr("a = 1e3\n").kind, NodeKind::Float(1000.0));
        assert_eq!(attr("a = true\n").kind, NodeKind::Bool(true));
        assert_eq!(attr("a = null\n").kind, NodeKind::Null);
        assert_eq!(
            attr("a = \"5\"\n").kind,
            NodeKind::Str("5".into(), StrStyle::Quoted)
        );
    }

    #[test]
    fn an_unknown_directive_is_named_where_it_is() {
        for text in ["a = <<-EOT\n  x %{ of } y\nEOT\n", "a = \"x %{ of } y\"\n"] {
            let e = parse(text).unwrap_err();
            assert_eq!(
                e.message,
                "`%{ of` is not a template directive (they are `if`, `else`, `endif`, `for` and `endfor`); write `%%{` for a literal `%{`",
                "{text}"
            );
            let line = if text.contains("<<") { 2 } else { 1 };
            let col = text.lines().nth(line - 1).unwrap().find("%{").unwrap() as u32 + 1;
            assert_eq!((e.span.line, e.span.col, e.span.len), (line as u32, col, 5));
        }
        // Real directives and `%%{` are not mistaken for it.
        assert_eq!(unknown_directive("%%{ of } %{ if x }%{~ endif }", 0), None);
    }

    #[test]
    fn escapes_and_heredocs_are_literal() {
        assert_eq!(
            attr("a = \"x$${y}%%{z}\\n\\u00e9\"\n").kind,
            NodeKind::Str("x${y}%{z}\n\u{e9}".into(), StrStyle::Quoted)
        );
        assert_eq!(
            attr("a = <<-EOT\n    hello\n      world\n    EOT\n").kind,
            NodeKind::Str("hello\n  world\n".into(), StrStyle::Quoted)
        );
    }

    #[test]
    fn expressions_are_kept_as_written_with_positions() {
        let n = attr("a = \"s3://${var.bucket}/out\"\n");
        assert_eq!(n.kind, NodeKind::Expr("\"s3://${var.bucket}/out\"".into()));
        assert_eq!((n.span.line, n.span.col), (1, 5));
        let n = attr("a = [\"x\",\n  aws_iam_role.r.arn]\n");
        let NodeKind::Seq(items) = n.kind else {
            panic!()
        };
        assert_eq!(items[1].kind, NodeKind::Expr("aws_iam_role.r.arn".into()));
        assert_eq!((items[1].span.line, items[1].span.col), (2, 3));
        assert_eq!(
            attr("a = \"%{if var.x}y%{endif}\"\n").kind,
            NodeKind::Expr("\"%{if var.x}y%{endif}\"".into())
        );
        assert_eq!(
            attr("a = <<EOT\n${var.x}\nEOT\n").kind,
            NodeKind::Expr("<<EOT\n${var.x}\nEOT".into())
        );
    }

    #[test]
    fn columns_count_characters() {
        let n = attr("a = { \"é\" = x.y }\n");
        let NodeKind::Map(entries) = n.kind else {
            panic!()
        };
        assert_eq!(entries[0].1.span.col, 13);
        assert_eq!(entries[0].0.span, Span::new(1, 7, 3));
    }

    #[test]
    fn expression_keys_are_reported() {
        let (_, errors) = parse("a = { (var.k) = 1 }\n").unwrap();
        assert_eq!(errors[0].text, "(var.k)");
        assert_eq!((errors[0].span.line, errors[0].span.col), (1, 7));
    }

    #[test]
    fn numbers_beyond_a_float_are_named() {
        let text = "resource \"a\" \"b\" {\n  x = 1e309\n}\n";
        let e = parse(text).unwrap_err();
        assert_eq!(
            e.message,
            "`1e309` is beyond the range of a number (about ±1.8e308)"
        );
        assert_eq!((e.span.line, e.span.col), (2, 7));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse("a = 1\nb = {\n  c = \n}\n").unwrap_err();
        assert_eq!(e.span.line, 3, "{e:?}");
        let deep = format!("a = {}{}\n", "[".repeat(100), "]".repeat(100));
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("nesting"), "{e:?}");
    }

    #[test]
    fn blocks_with_labels() {
        let (items, _) = parse("resource \"t\" \"n\" {\n  x {\n    y = 1\n  }\n}\n").unwrap();
        let Structure::Block(b) = &items[0] else {
            panic!()
        };
        assert_eq!(b.ident.name, "resource");
        assert_eq!(
            b.labels.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
            ["t", "n"]
        );
        assert!(matches!(&b.body[0], Structure::Block(x) if x.ident.name == "x"));
    }
}
