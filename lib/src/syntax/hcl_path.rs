//! The path of the key at a byte offset of an HCL text, found by a light
//! scan (brackets, keys, strings and comments) of the text before it.
//!
//! The HCL parser refuses a redefined attribute or object key with only a
//! position; this names the field the way every other diagnostic does
//! (`spec.hyper_parameters.eta`). Block headers add nothing to the path,
//! as in the reader: a job block's attributes are the job's members.

/// One open bracket.
enum Frame {
    /// `{ … }`: an object (named by its key or list index) or a block body.
    Object(Option<String>),
    /// `[ … ]`: a list and the index of the element being scanned.
    List(Option<String>, usize),
}

/// The path to the key starting at `offset`, and the key (`None` when the
/// scan cannot tell: the text before it is not what the parser accepted).
pub fn key_path_at(text: &str, offset: usize) -> Option<(String, String)> {
    let bytes = text.as_bytes();
    let mut frames: Vec<Frame> = Vec::new();
    // The last key or identifier, and whether `=`/`:` followed it.
    let mut word: Option<String> = None;
    let mut assigned = false;
    let mut i = 0;
    while i < offset.min(bytes.len()) {
        let b = bytes[i];
        match b {
            b'#' => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |e| i + 2 + e + 2);
                continue;
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                i = heredoc_end(text, i);
                continue;
            }
            b'"' => {
                let (s, end) = string(text, i);
                if !assigned {
                    word = Some(s);
                }
                i = end;
                continue;
            }
            b'=' | b':' => {
                if bytes.get(i + 1) == Some(&b'=') {
                    i += 2;
                    continue;
                }
                assigned = true;
            }
            b'{' | b'[' => {
                let name = if assigned {
                    word.take()
                } else if let Some(Frame::List(_, index)) = frames.last() {
                    Some(format!("[{index}]"))
                } else {
                    None // a block body
                };
                frames.push(if b == b'{' {
                    Frame::Object(name)
                } else {
                    Frame::List(name, 0)
                });
                (word, assigned) = (None, false);
            }
            b'}' | b']' => {
                frames.pop()?;
                (word, assigned) = (None, false);
            }
            b',' | b'\n' => {
                if let (b',', Some(Frame::List(_, index))) = (b, frames.last_mut()) {
                    *index += 1;
                }
                (word, assigned) = (None, false);
            }
            _ if b.is_ascii_alphabetic() || b == b'_' => {
                let end = ident_end(bytes, i);
                if !assigned {
                    word = Some(text[i..end].to_owned());
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let key = if bytes.get(offset) == Some(&b'"') {
        string(text, offset).0
    } else {
        text.get(offset..ident_end(bytes, offset))?.to_owned()
    };
    let mut path = String::new();
    for frame in &frames {
        let (Frame::Object(Some(name)) | Frame::List(Some(name), _)) = frame else {
            continue;
        };
        if !path.is_empty() && !name.starts_with('[') {
            path.push('.');
        }
        path.push_str(name);
    }
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(&key);
    Some((path, key))
}

fn skip_line(bytes: &[u8], i: usize) -> usize {
    bytes[i..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |n| i + n)
}

/// The offset after the heredoc starting at `start` (`<<EOT` or `<<-EOT`
/// up to the line holding only its delimiter).
fn heredoc_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let from = start + 2 + usize::from(bytes.get(start + 2) == Some(&b'-'));
    let delimiter = &text[from..ident_end(bytes, from)];
    let mut at = skip_line(bytes, from);
    while at < bytes.len() {
        let line_end = skip_line(bytes, at + 1);
        if !delimiter.is_empty() && text[at + 1..line_end].trim() == delimiter {
            return line_end;
        }
        at = line_end;
    }
    bytes.len()
}

fn ident_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        .map_or(bytes.len(), |n| start + n)
}

/// The content of the string literal at `start` (escapes kept as written:
/// keys are compared, not evaluated) and the offset after it.
fn string(text: &str, start: usize) -> (String, usize) {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    let end = i.min(bytes.len());
    (text[start + 1..end].to_owned(), (end + 1).min(bytes.len()))
}

#[cfg(test)]
mod tests {
    use super::key_path_at;

    fn at(text: &str, needle: &str) -> Option<String> {
        key_path_at(text, text.rfind(needle).unwrap()).map(|(path, _)| path)
    }

    #[test]
    fn attributes_of_a_block_have_no_prefix() {
        let text = "resource \"a\" \"b\" {\n  name = \"x\"\n  name = \"y\"\n}\n";
        assert_eq!(at(text, "name").as_deref(), Some("name"));
    }

    #[test]
    fn nested_objects_and_list_elements() {
        let text = r#"data "d" "j" {
  spec = {
    hyper_parameters = { "eta" = "0.1", max_depth = "5" }
    input_data_config = [
      { channel_name = "train" },
      {
        channel_name = "validation" # a comment { [
        /* { */ channel_name = "again"
      },
    ]
  }
}
"#;
        assert_eq!(
            at(text, "channel_name").as_deref(),
            Some("spec.input_data_config[1].channel_name")
        );
        assert_eq!(
            key_path_at(text, text.find("max_depth").unwrap()),
            Some((
                "spec.hyper_parameters.max_depth".to_owned(),
                "max_depth".to_owned()
            ))
        );
        assert_eq!(
            key_path_at(text, text.find("\"eta\"").unwrap()),
            Some(("spec.hyper_parameters.eta".to_owned(), "eta".to_owned()))
        );
    }

    #[test]
    fn heredoc_bodies_are_skipped() {
        let text = "resource \"a\" \"b\" {\n  x = <<-EOT\n    { [\n    EOT\n  tags = {\n    k = 1\n    k = 2\n  }\n}\n";
        assert_eq!(at(text, "k =").as_deref(), Some("tags.k"));
    }

    #[test]
    fn strings_with_brackets_do_not_count() {
        let text =
            "resource \"a\" \"b\" {\n  x = \"{[\\\"\"\n  tags = {\n    k = 1\n    k = 2\n  }\n}\n";
        assert_eq!(at(text, "k =").as_deref(), Some("tags.k"));
    }
}
