//! Printing HCL exactly as `terraform fmt` would leave it.
//!
//! The rules `terraform fmt` enforces, and this printer follows:
//! - two spaces of indentation per open brace or bracket;
//! - within each run of consecutive single-line attributes the `=` signs
//!   line up, one space after the longest key (widths counted in
//!   characters, not bytes); a blank line, a block, a closing bracket or a
//!   line that opens a multi-line value ends the run, and such an opening
//!   line has a single space before its `=`;
//! - lists of scalars on one line (`["a", "b"]`), one element per line with
//!   a trailing comma otherwise;
//! - strings in double quotes with `\\`, `\"`, `\n`, `\r`, `\t` and
//!   `\uNNNN` escapes, `${` written `$${` and `%{` written `%%{` so that no
//!   value turns into a template;
//! - keys that are not identifiers quoted;
//! - a final newline.
//!
//! Callers describe a body as [`Item`]s (attributes, object attributes with
//! their own items, blocks, blank lines); values are output trees, with
//! [`Out::Expr`] printed as written.

use std::borrow::Cow;

use tjspec_runtime::Out;

/// One line-level item of a body or object.
#[derive(Clone, Debug)]
pub enum Item<'o, 'a> {
    /// `key = value`; objects and lists of objects span several lines,
    /// their entries ordered by [`object_items`].
    Attr(Cow<'o, str>, &'o Out<'a>),
    /// `key = { items }` with the items given (blank lines included).
    Object(Cow<'o, str>, Vec<Item<'o, 'a>>),
    /// `ident "label" ... { items }`.
    Block(Cow<'o, str>, Vec<String>, Vec<Item<'o, 'a>>),
    /// An empty line.
    Blank,
}

/// Whether `s` may be written as a bare key: an HCL identifier (ASCII
/// letters, digits, `_` and `-`, not starting with a digit or `-`) that is
/// not a keyword.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !matches!(s, "true" | "false" | "null" | "for" | "in" | "if")
}

/// A key as written: bare when an identifier, quoted otherwise.
pub fn key(s: &str) -> Cow<'_, str> {
    if is_identifier(s) {
        Cow::Borrowed(s)
    } else {
        let mut q = String::with_capacity(s.len() + 2);
        quote(s, &mut q);
        Cow::Owned(q)
    }
}

/// Appends `s` as a quoted HCL string.
pub fn quote(s: &str, buf: &mut String) {
    buf.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => buf.push_str("\\\""),
            '\\' => buf.push_str("\\\\"),
            '\n' => buf.push_str("\\n"),
            '\r' => buf.push_str("\\r"),
            '\t' => buf.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                buf.push(c);
                buf.push(c);
            }
            c if c.is_control() => {
                use std::fmt::Write as _;
                let _ = write!(buf, "\\u{:04x}", u32::from(c));
            }
            c => buf.push(c),
        }
    }
    buf.push('"');
}

/// Whether a value prints on one line.
pub fn is_inline(v: &Out<'_>) -> bool {
    match v {
        Out::Map(entries) => entries.is_empty(),
        Out::Seq(items) => items
            .iter()
            .all(|i| is_inline(i) && !matches!(i, Out::Map(_))),
        Out::Expr(e) => !e.contains('\n'),
        _ => true,
    }
}

/// The entries of an object as items: single-line attributes first (one
/// aligned run), then the multi-line ones, in their order otherwise.
pub fn object_items<'o, 'a>(entries: &'o [(Cow<'a, str>, Out<'a>)]) -> Vec<Item<'o, 'a>> {
    let (inline, multi): (Vec<_>, Vec<_>) = entries.iter().partition(|(_, v)| is_inline(v));
    inline
        .into_iter()
        .chain(multi)
        .map(|(k, v)| Item::Attr(key(k), v))
        .collect()
}

fn indent(level: usize, buf: &mut String) {
    for _ in 0..level {
        buf.push_str("  ");
    }
}

fn single_line(item: &Item<'_, '_>) -> bool {
    matches!(item, Item::Attr(_, v) if is_inline(v))
}

/// Appends the items of a body or object at `level`.
pub fn body(items: &[Item<'_, '_>], level: usize, buf: &mut String) {
    let mut i = 0;
    while i < items.len() {
        if single_line(&items[i]) {
            let end = items[i..]
                .iter()
                .position(|it| !single_line(it))
                .map_or(items.len(), |p| i + p);
            let width = items[i..end]
                .iter()
                .map(|it| match it {
                    Item::Attr(k, _) => k.chars().count(),
                    _ => 0,
                })
                .max()
                .unwrap_or(0);
            for it in &items[i..end] {
                if let Item::Attr(k, v) = it {
                    indent(level, buf);
                    buf.push_str(k);
                    for _ in k.chars().count()..width {
                        buf.push(' ');
                    }
                    buf.push_str(" = ");
                    inline(v, buf);
                    buf.push('\n');
                }
            }
            i = end;
            continue;
        }
        match &items[i] {
            Item::Attr(k, v) => {
                indent(level, buf);
                buf.push_str(k);
                buf.push_str(" = ");
                multi(v, level, buf);
                buf.push('\n');
            }
            Item::Object(k, inner) => {
                indent(level, buf);
                buf.push_str(k);
                if inner.is_empty() {
                    buf.push_str(" = {}\n");
                } else {
                    buf.push_str(" = {\n");
                    body(inner, level + 1, buf);
                    indent(level, buf);
                    buf.push_str("}\n");
                }
            }
            Item::Block(ident, labels, inner) => {
                indent(level, buf);
                buf.push_str(ident);
                for l in labels {
                    buf.push(' ');
                    quote(l, buf);
                }
                if inner.is_empty() {
                    buf.push_str(" {}\n");
                } else {
                    buf.push_str(" {\n");
                    body(inner, level + 1, buf);
                    indent(level, buf);
                    buf.push_str("}\n");
                }
            }
            Item::Blank => buf.push('\n'),
        }
        i += 1;
    }
}

/// Appends a single-line value.
fn inline(v: &Out<'_>, buf: &mut String) {
    match v {
        Out::Bool(b) => buf.push_str(if *b { "true" } else { "false" }),
        Out::Int(i) => buf.push_str(&i.to_string()),
        Out::Float(f) => buf.push_str(ryu::Buffer::new().format(*f)),
        Out::Str(s) | Out::UserStr(s) => quote(s, buf),
        Out::Timestamp(t) => quote(&t.to_string(), buf),
        Out::Expr(e) => buf.push_str(e),
        Out::Seq(items) => {
            buf.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    buf.push_str(", ");
                }
                inline(item, buf);
            }
            buf.push(']');
        }
        Out::Map(_) => buf.push_str("{}"),
    }
}

/// Appends a value that may span lines; the first line continues the
/// current one, the last has no newline.
fn multi(v: &Out<'_>, level: usize, buf: &mut String) {
    match v {
        Out::Map(entries) if !entries.is_empty() => {
            buf.push_str("{\n");
            body(&object_items(entries), level + 1, buf);
            indent(level, buf);
            buf.push('}');
        }
        Out::Seq(items) if !is_inline(v) => {
            buf.push_str("[\n");
            for item in items {
                indent(level + 1, buf);
                multi(item, level + 1, buf);
                buf.push_str(",\n");
            }
            indent(level, buf);
            buf.push(']');
        }
        Out::Expr(e) => reindent(e, level, buf),
        other => inline(other, buf),
    }
}

/// Appends a multi-line expression, moving its continuation lines to
/// `level` (heredoc bodies are left as they are: their text is the value).
fn reindent(e: &str, level: usize, buf: &mut String) {
    let mut lines = e.lines();
    if let Some(first) = lines.next() {
        buf.push_str(first);
    }
    if e.contains("<<") {
        for l in lines {
            buf.push('\n');
            buf.push_str(l);
        }
        return;
    }
    let rest: Vec<&str> = lines.collect();
    let last = rest.len().saturating_sub(1);
    // Closing lines sit at the opening line's level, the others one deeper.
    let closing = |n: usize, l: &str| n == last && l.trim_start().starts_with([')', ']', '}']);
    let strip = rest
        .iter()
        .enumerate()
        .filter(|(n, l)| !l.trim().is_empty() && !closing(*n, l))
        .map(|(_, l)| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    for (n, l) in rest.iter().enumerate() {
        buf.push('\n');
        if l.trim().is_empty() {
            continue;
        }
        let closing = closing(n, l);
        indent(if closing { level } else { level + 1 }, buf);
        let own = l.len() - l.trim_start_matches([' ', '\t']).len();
        buf.push_str(&l[if closing { own } else { strip.min(own) }..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Out<'static> {
        Out::Str(Cow::Owned(v.to_owned()))
    }

    fn render(items: &[Item<'_, '_>]) -> String {
        let mut buf = String::new();
        body(items, 0, &mut buf);
        buf
    }

    #[test]
    fn equals_signs_align_within_a_run() {
        let a = s("x");
        let b = Out::Int(10);
        let out = render(&[
            Item::Attr("a".into(), &a),
            Item::Attr("longer_key".into(), &b),
        ]);
        assert_eq!(out, "a          = \"x\"\nlonger_key = 10\n");
    }

    #[test]
    fn a_blank_line_a_block_or_a_multi_line_value_ends_the_run() {
        let a = s("x");
        let m = Out::Map(vec![("k".into(), Out::Int(1))]);
        let out = render(&[
            Item::Attr("a".into(), &a),
            Item::Attr("bb".into(), &a),
            Item::Blank,
            Item::Attr("ccc".into(), &a),
            Item::Attr("dddd".into(), &m),
            Item::Attr("e".into(), &a),
            Item::Block("blk".into(), vec![], vec![Item::Attr("f".into(), &a)]),
            Item::Attr("gg".into(), &a),
        ]);
        assert_eq!(
            out,
            "a  = \"x\"\nbb = \"x\"\n\nccc = \"x\"\ndddd = {\n  k = 1\n}\ne = \"x\"\nblk {\n  f = \"x\"\n}\ngg = \"x\"\n"
        );
    }

    #[test]
    fn widths_count_characters_not_bytes() {
        let a = s("x");
        let out = render(&[
            Item::Attr(key("é"), &a),
            Item::Attr(key("ab"), &a),
            Item::Attr(key("abcd"), &a),
        ]);
        assert_eq!(out, "\"é\"  = \"x\"\nab   = \"x\"\nabcd = \"x\"\n");
    }

    #[test]
    fn templates_and_specials_are_escaped() {
        let mut buf = String::new();
        quote("${a} %{b} $${c} $x %y \"q\" \\ \n\t\r\u{1} é", &mut buf);
        assert_eq!(buf, r#""$${a} %%{b} $$${c} $x %y \"q\" \\ \n\t\r\u0001 é""#);
    }

    #[test]
    fn keys_are_quoted_unless_identifiers() {
        assert_eq!(key("max_depth"), "max_depth");
        assert_eq!(key("sub-ratio"), "sub-ratio");
        assert_eq!(key("app.kubernetes.io/name"), "\"app.kubernetes.io/name\"");
        assert_eq!(key("1st"), "\"1st\"");
        assert_eq!(key("true"), "\"true\"");
        assert_eq!(key(""), "\"\"");
    }

    #[test]
    fn lists_of_scalars_stay_on_one_line_lists_of_objects_do_not() {
        let scalars = Out::Seq(vec![s("a"), Out::Int(1), Out::Bool(true)]);
        let objects = Out::Seq(vec![
            Out::Map(vec![("k".into(), s("v")), ("long".into(), Out::Int(2))]),
            Out::Map(vec![]),
        ]);
        let out = render(&[
            Item::Attr("s".into(), &scalars),
            Item::Attr("o".into(), &objects),
        ]);
        assert_eq!(
            out,
            "s = [\"a\", 1, true]\no = [\n  {\n    k    = \"v\"\n    long = 2\n  },\n  {},\n]\n"
        );
    }

    #[test]
    fn objects_put_single_line_entries_first() {
        let m = Out::Map(vec![
            ("nested".into(), Out::Map(vec![("x".into(), Out::Int(1))])),
            ("b".into(), Out::Int(2)),
        ]);
        let out = render(&[Item::Attr("m".into(), &m)]);
        assert_eq!(out, "m = {\n  b = 2\n  nested = {\n    x = 1\n  }\n}\n");
    }

    #[test]
    fn numbers_and_empty_values() {
        let f = Out::Float(0.5);
        let big = Out::Float(1e300);
        let e = Out::Seq(vec![]);
        let out = render(&[
            Item::Attr("f".into(), &f),
            Item::Attr("big".into(), &big),
            Item::Attr("e".into(), &e),
            Item::Block("b".into(), vec!["l".into()], vec![]),
        ]);
        assert_eq!(out, "f   = 0.5\nbig = 1e300\ne   = []\nb \"l\" {}\n");
    }

    #[test]
    fn reindenting_never_splits_a_character() {
        let e = Out::Expr("f(\n  a,\n\u{3000}b,\n)".into());
        let out = render(&[Item::Attr("x".into(), &e)]);
        assert!(out.contains("\u{3000}b,"), "{out}");
    }

    #[test]
    fn multi_line_expressions_are_reindented() {
        let e = Out::Expr("merge(\n      var.a,\n      var.b,\n    )".into());
        let m = Out::Map(vec![("x".into(), e)]);
        let out = render(&[Item::Attr("m".into(), &m)]);
        assert_eq!(out, "m = {\n  x = merge(\n    var.a,\n    var.b,\n  )\n}\n");
    }
}
