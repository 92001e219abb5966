//! A checking walk over the protobuf binary encoding, before decoding.
//!
//! prost's decoder stops at the first problem and does not say where it
//! was. This walk follows the message schema through the bytes and names
//! every problem with its field path and byte offset: truncation, malformed
//! varints, a wire type that does not fit the field, strings that are not
//! UTF-8, field numbers the message does not have. It also records where
//! each field is, so later findings about a value can name its byte.
//!
//! A message may hold at most `MAX_NODES` (100,000) fields (every element of a
//! repeated field, packed ones too, and of nested messages): two bytes make
//! an empty repeated message, and a decoded one costs far more, so a longer
//! message is refused at the byte where it passes the budget, before
//! anything is decoded.

use std::collections::HashMap;

use tjspec_runtime::read::Skipped;
use tjspec_runtime::{Code, Diagnostic, Span};

use super::proto::{proto, Kind, Msg, WireType, TRAINING_JOB};
use crate::syntax::MAX_NODES;

/// What the walk found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Problems; any error means the bytes are not a valid message.
    pub diagnostics: Vec<Diagnostic>,
    /// Unknown fields skipped under `--allow-unknown`.
    pub skipped: Vec<Skipped>,
    /// Where each field's tag is (byte offset), by its JSON path
    /// (`trainingJobResourceConfig.instanceCount`); the last occurrence wins,
    /// as it does for the value.
    pub offsets: HashMap<String, usize>,
}

/// Walks `bytes` as a `flyteidl.plugins.sagemaker.TrainingJob`.
pub fn scan(bytes: &[u8], allow_unknown: bool) -> Scan {
    scan_message(bytes, allow_unknown, TRAINING_JOB)
}

/// Walks `bytes` as the message `full` (a full name).
pub fn scan_message(bytes: &[u8], allow_unknown: bool, full: &str) -> Scan {
    let mut s = Scanner {
        bytes,
        allow_unknown,
        out: Scan::default(),
        nodes: 0,
        over_budget: false,
    };
    s.message(0, bytes.len(), proto().message(full), "");
    s.out
}

struct Scanner<'a> {
    bytes: &'a [u8],
    allow_unknown: bool,
    out: Scan,
    /// Fields seen so far.
    nodes: usize,
    /// The budget is spent: the walk stops.
    over_budget: bool,
}

/// `a.b` (or `b` at the root).
pub fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

enum VarintError {
    Truncated,
    TooLong,
}

impl Scanner<'_> {
    fn error(&mut self, path: &str, message: String) {
        self.out
            .diagnostics
            .push(Diagnostic::error(Code::Wire, message).with_path(path));
    }

    fn varint(&self, pos: &mut usize, end: usize) -> Result<u64, VarintError> {
        let mut value = 0u64;
        for i in 0..10 {
            let Some(&b) = self.bytes[..end].get(*pos) else {
                return Err(VarintError::Truncated);
            };
            *pos += 1;
            if i == 9 && b > 1 {
                return Err(VarintError::TooLong);
            }
            value |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(VarintError::TooLong)
    }

    fn varint_error(&mut self, path: &str, at: usize, what: &str, e: VarintError) {
        let message = match e {
            VarintError::Truncated => {
                format!("truncated input: {what} starting at byte {at} is cut off by the end of the data")
            }
            VarintError::TooLong => {
                format!("{what} at byte {at} is longer than a varint can be (10 bytes at most)")
            }
        };
        self.error(path, message);
    }

    /// Counts `n` fields at byte `at`; false (with the error) past the budget.
    fn count(&mut self, n: usize, at: usize, path: &str) -> bool {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            self.over_budget = true;
            self.error(
                path,
                format!("the message has more than {MAX_NODES} fields (repeated and nested ones counted); the budget is passed at byte {at}"),
            );
            return false;
        }
        true
    }

    /// Walks the message `msg` in `bytes[start..end]`, at JSON path `path`.
    fn message(&mut self, start: usize, end: usize, msg: &Msg, path: &str) {
        let mut pos = start;
        let mut repeats: HashMap<u32, usize> = HashMap::new();
        while pos < end && !self.over_budget {
            let tag_at = pos;
            if !self.count(1, tag_at, path) {
                return;
            }
            let tag = match self.varint(&mut pos, end) {
                Ok(t) => t,
                Err(e) => return self.varint_error(path, tag_at, "a field tag", e),
            };
            let Some(wire) = WireType::from_bits(tag & 7) else {
                return self.error(
                    path,
                    format!(
                        "invalid wire type {} in the field tag at byte {tag_at} (wire types are 0 to 5); the bytes are not a {} message",
                        tag & 7,
                        msg.name
                    ),
                );
            };
            let number = tag >> 3;
            if number == 0 || number > 536_870_911 {
                return self.error(
                    path,
                    format!("invalid field number {number} at byte {tag_at}; the bytes are not a {} message", msg.name),
                );
            }
            let number = u32::try_from(number).expect("checked above");
            let field = msg.by_number(number);
            let fpath = match field {
                Some(f) if f.repeated => {
                    let i = repeats.entry(number).or_default();
                    let p = format!("{}[{i}]", join(path, &f.json_name));
                    *i += 1;
                    p
                }
                Some(f) => join(path, &f.json_name),
                None => join(path, &format!("#{number}")),
            };
            if matches!(wire, WireType::StartGroup | WireType::EndGroup) {
                return self.error(
                    &fpath,
                    format!(
                        "field {number} at byte {tag_at} uses wire type {}, which {} does not use",
                        wire.describe(),
                        msg.name
                    ),
                );
            }
            // The value's extent.
            let value_at = pos;
            let (vstart, vend) = match wire {
                WireType::Varint => match self.varint(&mut pos, end) {
                    Ok(_) => (value_at, pos),
                    Err(e) => {
                        return self.varint_error(&fpath, value_at, "the varint value", e);
                    }
                },
                WireType::I64 | WireType::I32 => {
                    let n = if wire == WireType::I64 { 8 } else { 4 };
                    if end - pos < n {
                        return self.error(
                            &fpath,
                            format!(
                                "truncated input: field {number} at byte {tag_at} needs {n} bytes, {} remain",
                                end - pos
                            ),
                        );
                    }
                    pos += n;
                    (value_at, pos)
                }
                WireType::Len => {
                    let len = match self.varint(&mut pos, end) {
                        Ok(l) => l,
                        Err(e) => {
                            return self.varint_error(&fpath, value_at, "a length", e);
                        }
                    };
                    let remain = end - pos;
                    if len > remain as u64 {
                        let within = if end == self.bytes.len() {
                            "in the input".to_owned()
                        } else {
                            format!("in the enclosing {}", msg.name)
                        };
                        return self.error(
                            &fpath,
                            format!(
                                "truncated input: field {number} at byte {tag_at} says it holds {len} bytes, but only {remain} remain {within}"
                            ),
                        );
                    }
                    let len = usize::try_from(len).expect("at most the input's length");
                    let s = pos;
                    pos += len;
                    (s, pos)
                }
                WireType::StartGroup | WireType::EndGroup => unreachable!("rejected above"),
            };
            let Some(f) = field else {
                if self.allow_unknown {
                    self.out.skipped.push(Skipped {
                        path: fpath,
                        span: Span::default(),
                    });
                } else {
                    let known = msg
                        .fields
                        .iter()
                        .map(|f| format!("{} `{}`", f.number, f.name))
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.out.diagnostics.push(
                        Diagnostic::error(
                            Code::UnknownField,
                            format!(
                                "unknown field number {number}, wire type {}, in {} at byte {tag_at}",
                                wire.describe(),
                                msg.name
                            ),
                        )
                        .with_path(fpath)
                        .with_hint(format!(
                            "{} has fields {known}; --allow-unknown skips unknown ones (naming each)",
                            msg.name
                        )),
                    );
                }
                continue;
            };
            let expected = f.kind.wire_type();
            let packed = f.repeated && wire == WireType::Len && expected != WireType::Len;
            if wire != expected && !packed {
                self.error(
                    &fpath,
                    format!(
                        "field {number} `{}` of {} is {}, written with wire type {}, but the tag at byte {tag_at} has wire type {}",
                        f.name,
                        msg.name,
                        f.kind.describe(),
                        expected.describe(),
                        wire.describe()
                    ),
                );
                continue;
            }
            // A packed list holds one value per varint (or fixed-size) element.
            if packed {
                let elements = match expected {
                    WireType::I64 => (vend - vstart) / 8,
                    WireType::I32 => (vend - vstart) / 4,
                    _ => self.bytes[vstart..vend]
                        .iter()
                        .filter(|&&b| b < 0x80)
                        .count(),
                };
                if !self.count(elements, tag_at, &fpath) {
                    return;
                }
            }
            self.out.offsets.insert(fpath.clone(), tag_at);
            match &f.kind {
                Kind::Message(full) => {
                    self.message(vstart, vend, proto().message(full), &fpath);
                }
                Kind::String => {
                    if let Err(e) = std::str::from_utf8(&self.bytes[vstart..vend]) {
                        let bad = vstart + e.valid_up_to();
                        self.error(
                            &fpath,
                            format!(
                                "field {number} `{}` of {} is a string, but its bytes are not UTF-8 (byte {bad})",
                                f.name, msg.name
                            ),
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(bytes: &[u8]) -> Vec<(String, String)> {
        scan(bytes, false)
            .diagnostics
            .into_iter()
            .map(|d| (d.path, d.message))
            .collect()
    }

    #[test]
    fn a_valid_message_is_clean_and_located() {
        // training_job_resource_config { instance_count: 2, instance_type: "ml.m4.xlarge" }
        let mut b = vec![0x12, 0x10, 0x08, 0x02, 0x12, 0x0c];
        b.extend_from_slice(b"ml.m4.xlarge");
        let s = scan(&b, false);
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        assert_eq!(s.offsets["trainingJobResourceConfig"], 0);
        assert_eq!(s.offsets["trainingJobResourceConfig.instanceCount"], 2);
        assert_eq!(s.offsets["trainingJobResourceConfig.instanceType"], 4);
    }

    #[test]
    fn truncation_is_named_with_its_byte() {
        let e = errors(&[0x12, 0x10, 0x08, 0x02]);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].0, "trainingJobResourceConfig");
        assert!(
            e[0].1
                .contains("at byte 0 says it holds 16 bytes, but only 2 remain"),
            "{}",
            e[0].1
        );
        let e = errors(&[0x12, 0x02, 0x08, 0x82]);
        assert_eq!(e[0].0, "trainingJobResourceConfig.instanceCount");
        assert!(e[0].1.contains("byte 3"), "{}", e[0].1);
    }

    #[test]
    fn wrong_wire_types_and_unknown_fields_are_errors() {
        // instance_count written as a string.
        let e = errors(&[0x12, 0x03, 0x0a, 0x01, b'2']);
        assert!(
            e[0].1.contains("int64, written with wire type 0 (varint)"),
            "{}",
            e[0].1
        );
        assert_eq!(e[0].0, "trainingJobResourceConfig.instanceCount");
        // Field 9 of TrainingJob.
        let s = scan(&[0x48, 0x01], false);
        assert_eq!(s.diagnostics[0].code, Code::UnknownField);
        assert_eq!(s.diagnostics[0].path, "#9");
        let s = scan(&[0x48, 0x01], true);
        assert!(s.diagnostics.is_empty());
        assert_eq!(s.skipped[0].path, "#9");
    }

    #[test]
    fn repeated_fields_are_indexed_and_strings_checked() {
        // algorithm_specification { metric_definitions {name: "a"} metric_definitions {name: "\xff"} }
        let b = [
            0x0a, 0x0a, 0x22, 0x03, 0x0a, 0x01, b'a', 0x22, 0x03, 0x0a, 0x01, 0xff,
        ];
        let s = scan(&b, false);
        assert_eq!(s.diagnostics.len(), 1);
        assert_eq!(
            s.diagnostics[0].path,
            "algorithmSpecification.metricDefinitions[1].name"
        );
        assert!(s
            .offsets
            .contains_key("algorithmSpecification.metricDefinitions[0].name"));
    }

    #[test]
    fn garbage_stops_at_the_first_unreadable_tag() {
        let e = errors(&[0x0f]);
        assert!(e[0].1.contains("invalid wire type 7"), "{}", e[0].1);
        let e = errors(&[0xff; 11]);
        assert!(e[0].1.contains("10 bytes at most"), "{}", e[0].1);
    }

    /// `algorithm_specification { metric_definitions {} × n }`.
    pub(crate) fn empty_metric_definitions(n: usize) -> Vec<u8> {
        let mut len = n * 2;
        let mut b = vec![0x0a];
        while len >= 0x80 {
            b.push((len as u8) | 0x80);
            len >>= 7;
        }
        b.push(len as u8);
        for _ in 0..n {
            b.extend_from_slice(&[0x22, 0x00]);
        }
        b
    }

    #[test]
    fn repeated_fields_have_a_budget() {
        assert!(errors(&empty_metric_definitions(MAX_NODES - 1)).is_empty());
        let e = errors(&empty_metric_definitions(MAX_NODES));
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, "algorithmSpecification");
        // Three bytes of the outer tag and length, two per element.
        let at = 4 + 2 * (MAX_NODES - 1);
        assert_eq!(
            e[0].1,
            format!("the message has more than 100000 fields (repeated and nested ones counted); the budget is passed at byte {at}")
        );
    }
}
