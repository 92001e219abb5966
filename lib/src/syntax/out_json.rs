//! Printing output trees as JSON.

use serde::Serialize;
use tjspec_runtime::Out;

use super::json_string::plain_len;

/// Pretty JSON with four-space indentation (as `aws ... --generate-cli-skeleton`
/// prints it) and a final newline.
pub fn pretty(out: &Out<'_>) -> String {
    let mut buf = Vec::with_capacity(4096);
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    out.serialize(&mut ser)
        .expect("output trees always serialize");
    buf.push(b'\n');
    String::from_utf8(buf).expect("serde_json writes UTF-8")
}

/// One compact line of JSON with a final newline (a JSON Lines record),
/// byte for byte what `serde_json::to_writer` prints. Written directly:
/// records are most of what a batch converting to JSON Lines does, and a
/// string needing no escape (nearly all of them) is copied in one piece.
pub fn line(out: &Out<'_>, buf: &mut String) {
    compact(out, buf);
    buf.push('\n');
}

fn compact(out: &Out<'_>, buf: &mut String) {
    match out {
        Out::Bool(b) => buf.push_str(if *b { "true" } else { "false" }),
        Out::Int(i) => {
            use std::fmt::Write;
            let _ = write!(buf, "{i}");
        }
        // Rare: serde_json's own digits (and `null` for what JSON cannot hold).
        Out::Float(f) => buf.push_str(&serde_json::to_string(f).expect("a float serializes")),
        Out::Str(v) | Out::UserStr(v) | Out::Expr(v) => string(v, buf),
        Out::Timestamp(t) => string(&t.to_string(), buf),
        Out::Seq(items) => {
            buf.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    buf.push(',');
                }
                compact(item, buf);
            }
            buf.push(']');
        }
        Out::Map(entries) => {
            buf.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    buf.push(',');
                }
                string(k, buf);
                buf.push(':');
                compact(v, buf);
            }
            buf.push('}');
        }
    }
}

/// A JSON string: quotes, backslashes and control characters escaped as
/// serde_json escapes them, everything else copied.
fn string(s: &str, buf: &mut String) {
    buf.reserve(s.len() + 2);
    buf.push('"');
    let bytes = s.as_bytes();
    let mut run = 0;
    loop {
        let i = run + plain_len(&bytes[run..]);
        // Every byte that needs an escape is ASCII: `i` is a char boundary.
        buf.push_str(&s[run..i]);
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'"' => buf.push_str("\\\""),
            b'\\' => buf.push_str("\\\\"),
            b'\n' => buf.push_str("\\n"),
            b'\r' => buf.push_str("\\r"),
            b'\t' => buf.push_str("\\t"),
            0x08 => buf.push_str("\\b"),
            0x0c => buf.push_str("\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                buf.push_str("\\u00");
                buf.push(char::from(HEX[usize::from(b >> 4)]));
                buf.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
        run = i + 1;
    }
    buf.push('"');
}

/// A document as a JSON format prints it: `pretty` when it stands alone, one
/// line when it is one of several (JSON Lines).
pub fn render(out: &Out<'_>, several: bool, pretty: fn(&Out<'_>) -> String, buf: &mut String) {
    if several {
        line(out, buf);
    } else {
        buf.push_str(&pretty(out));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn serde_line(out: &Out<'_>) -> String {
        let mut v = serde_json::to_vec(out).unwrap();
        v.push(b'\n');
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn lines_are_what_serde_json_prints() {
        let strings = [
            "",
            "plain",
            "quote \" and backslash \\ and slash /",
            "controls \u{0}\u{1}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1f} and \u{7f}",
            "unicode é ✓ 𝄞 \u{2028}",
            "\"",
            "ends with \\",
        ];
        let mut entries = Vec::new();
        for (i, s) in strings.iter().enumerate() {
            entries.push((Cow::Owned(format!("k{i}{s}")), Out::Str(Cow::Borrowed(*s))));
            entries.push((Cow::Borrowed("user"), Out::UserStr(Cow::Borrowed(*s))));
        }
        let timestamp = tjspec_runtime::Timestamp::parse("2026-01-02T03:04:05.5+01:00").unwrap();
        let out = Out::Map(vec![
            (Cow::Borrowed("strings"), Out::Map(entries)),
            (
                Cow::Borrowed("numbers"),
                Out::Seq(vec![
                    Out::Int(0),
                    Out::Int(-12),
                    Out::Int(i64::MAX),
                    Out::Int(i64::MIN),
                    Out::Float(0.5),
                    Out::Float(-1e300),
                    Out::Float(3.0),
                    Out::Float(1e-7),
                    Out::Float(f64::NAN),
                    Out::Float(f64::INFINITY),
                ]),
            ),
            (
                Cow::Borrowed("bools"),
                Out::Seq(vec![Out::Bool(true), Out::Bool(false)]),
            ),
            (Cow::Borrowed("empty"), Out::Seq(vec![])),
            (Cow::Borrowed("empty map"), Out::Map(vec![])),
            (Cow::Borrowed("at"), Out::Timestamp(timestamp)),
            (Cow::Borrowed("expr"), Out::Expr(Cow::Borrowed("${var.x}"))),
        ]);
        let mut ours = String::new();
        line(&out, &mut ours);
        assert_eq!(ours, serde_line(&out));
        // Appended, not replaced.
        line(&Out::Bool(true), &mut ours);
        assert!(ours.ends_with("}\ntrue\n"));
    }

    #[test]
    fn every_byte_is_printed_as_serde_json_prints_it() {
        let all: String = (0u32..0x800).filter_map(char::from_u32).collect();
        let out = Out::Str(Cow::Owned(all));
        let mut ours = String::new();
        line(&out, &mut ours);
        assert_eq!(ours, serde_line(&out));
    }
}
