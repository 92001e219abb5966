//! Printing output trees as YAML that YAML 1.1 and 1.2 readers agree on.
//!
//! kubectl and many tools still read YAML 1.1, where plain `no`, `on`,
//! `1.10` or `0755` are not strings. A string is written plain only when
//! every reader must see the same string; otherwise it is double-quoted.
//! User data (hyperparameter and environment values) is always quoted.
//! Keys keep the order of the output tree (schema order).

use tjspec_runtime::Out;

/// Appends one YAML document (without a `---` line) to `buf`.
pub fn document(out: &Out<'_>, buf: &mut String) {
    match out {
        Out::Map(entries) if !entries.is_empty() => map(entries, 0, buf),
        Out::Seq(items) if !items.is_empty() => seq(items, 0, buf),
        other => {
            scalar(other, buf);
            buf.push('\n');
        }
    }
}

fn indent(n: usize, buf: &mut String) {
    for _ in 0..n {
        buf.push(' ');
    }
}

fn map(entries: &[(std::borrow::Cow<'_, str>, Out<'_>)], level: usize, buf: &mut String) {
    for (k, v) in entries {
        indent(level, buf);
        key(k, buf);
        buf.push(':');
        value_after_key(v, level, buf);
    }
}

fn value_after_key(v: &Out<'_>, level: usize, buf: &mut String) {
    match v {
        Out::Map(e) if !e.is_empty() => {
            buf.push('\n');
            map(e, level + 2, buf);
        }
        Out::Seq(items) if !items.is_empty() => {
            buf.push('\n');
            seq(items, level + 2, buf);
        }
        other => {
            buf.push(' ');
            scalar(other, buf);
            buf.push('\n');
        }
    }
}

fn seq(items: &[Out<'_>], level: usize, buf: &mut String) {
    for item in items {
        indent(level, buf);
        buf.push('-');
        match item {
            Out::Map(e) if !e.is_empty() => {
                // The first entry shares the dash's line.
                buf.push(' ');
                let (k, v) = &e[0];
                key(k, buf);
                buf.push(':');
                value_after_key(v, level + 2, buf);
                map(&e[1..], level + 2, buf);
            }
            Out::Seq(inner) if !inner.is_empty() => {
                buf.push('\n');
                seq(inner, level + 2, buf);
            }
            other => {
                buf.push(' ');
                scalar(other, buf);
                buf.push('\n');
            }
        }
    }
}

fn key(k: &str, buf: &mut String) {
    if is_safe_plain(k) {
        buf.push_str(k);
    } else {
        quoted(k, buf);
    }
}

fn scalar(v: &Out<'_>, buf: &mut String) {
    use std::fmt::Write as _;
    match v {
        Out::Bool(b) => buf.push_str(if *b { "true" } else { "false" }),
        Out::Int(i) => {
            let _ = write!(buf, "{i}");
        }
        Out::Float(f) => {
            let mut b = ryu::Buffer::new();
            buf.push_str(b.format(*f));
        }
        Out::Str(s) if is_safe_plain(s) => buf.push_str(s),
        Out::Str(s) | Out::UserStr(s) | Out::Expr(s) => quoted(s, buf),
        Out::Timestamp(t) => {
            let _ = write!(buf, "\"{t}\"");
        }
        Out::Map(_) => buf.push_str("{}"),
        Out::Seq(_) => buf.push_str("[]"),
    }
}

/// A double-quoted scalar; everything outside YAML's printable set is escaped.
fn quoted(s: &str, buf: &mut String) {
    use std::fmt::Write as _;
    buf.push('"');
    for c in s.chars() {
        match c {
            '"' => buf.push_str("\\\""),
            '\\' => buf.push_str("\\\\"),
            '\n' => buf.push_str("\\n"),
            '\t' => buf.push_str("\\t"),
            '\r' => buf.push_str("\\r"),
            c if is_printable(c) => buf.push(c),
            c if (c as u32) <= 0xFF => {
                let _ = write!(buf, "\\x{:02X}", c as u32);
            }
            c if (c as u32) <= 0xFFFF => {
                let _ = write!(buf, "\\u{:04X}", c as u32);
            }
            c => {
                let _ = write!(buf, "\\U{:08X}", c as u32);
            }
        }
    }
    buf.push('"');
}

// YAML's c-printable set, minus the byte order mark and NEL (line breaks to YAML 1.1).
fn is_printable(c: char) -> bool {
    matches!(c as u32, 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFEFE | 0xFF00..=0xFFFD | 0x10000..=0x10FFFF)
        && !matches!(c, '\u{2028}' | '\u{2029}')
}

/// Whether `s` reads back as the same string, unquoted, under YAML 1.1 and 1.2.
pub fn is_safe_plain(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == '_' || first == '/') {
        return false;
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
    {
        return false;
    }
    // Words YAML 1.1 or 1.2 resolve to booleans or null.
    let lower = s.to_ascii_lowercase();
    !matches!(
        lower.as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
    )
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    #[test]
    fn ambiguous_strings_are_quoted() {
        for s in [
            "no", "Yes", "on", "1.10", "0755", "", "true", "s3://b/k", "a: b", "-x", "~", "null",
            "y",
        ] {
            assert!(!is_safe_plain(s), "{s}");
        }
        for s in [
            "File",
            "ml.m5.xlarge",
            "train",
            "my-job-1",
            "/opt/ml/checkpoints",
        ] {
            assert!(is_safe_plain(s), "{s}");
        }
    }

    #[test]
    fn nested_layout() {
        let out = Out::Map(vec![
            (Cow::Borrowed("Name"), Out::Str(Cow::Borrowed("job"))),
            (
                Cow::Borrowed("Channels"),
                Out::Seq(vec![Out::Map(vec![
                    (
                        Cow::Borrowed("ChannelName"),
                        Out::Str(Cow::Borrowed("train")),
                    ),
                    (Cow::Borrowed("Mode"), Out::Str(Cow::Borrowed("no"))),
                ])]),
            ),
            (
                Cow::Borrowed("Hyper"),
                Out::Map(vec![(
                    Cow::Borrowed("depth"),
                    Out::UserStr(Cow::Borrowed("5")),
                )]),
            ),
            (Cow::Borrowed("Count"), Out::Int(2)),
        ]);
        let mut s = String::new();
        document(&out, &mut s);
        assert_eq!(s, "Name: job\nChannels:\n  - ChannelName: train\n    Mode: \"no\"\nHyper:\n  depth: \"5\"\nCount: 2\n");
    }
}
