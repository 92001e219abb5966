//! Printing output trees as JSON.

use serde::Serialize;
use tjspec_runtime::Out;

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

/// One compact line of JSON with a final newline (a JSON Lines record).
pub fn line(out: &Out<'_>, buf: &mut Vec<u8>) {
    serde_json::to_writer(&mut *buf, out).expect("output trees always serialize");
    buf.push(b'\n');
}

/// A document as a JSON format prints it: `pretty` when it stands alone, one
/// line when it is one of several (JSON Lines).
pub fn render(out: &Out<'_>, several: bool, pretty: fn(&Out<'_>) -> String, buf: &mut String) {
    if several {
        let mut record = Vec::new();
        line(out, &mut record);
        buf.push_str(std::str::from_utf8(&record).expect("serde_json writes UTF-8"));
    } else {
        buf.push_str(&pretty(out));
    }
}
