//! API patterns (Java regular expressions) in Rust's regex dialects.
//!
//! The API's patterns follow `java.util.regex`. Four differences matter:
//! Java's `\d` and `\w` are ASCII-only where Rust's are Unicode, Java's `.`
//! stops at `\r`, U+0085, U+2028 and U+2029 as well as `\n`, Java spells
//! the POSIX class `\p{Alnum}` where Rust writes `[[:alnum:]]`, and one
//! pattern uses a look-behind, which only `fancy-regex` supports. Unicode
//! classes such as `\p{L}` mean the same in both and pass through.

/// Java's `.`: any character but a line terminator (`\n`, `\r`, U+0085,
/// U+2028, U+2029); Rust's `.` excludes `\n` only.
pub const JAVA_DOT: &str = r"[^\n\r\x{85}\x{2028}\x{2029}]";

/// A pattern and its Rust form.
#[derive(Clone, Debug)]
pub struct Translated {
    /// As the API writes it.
    pub api: String,
    /// Rust form, anchored for a full match.
    pub rust: String,
    /// Whether it needs look-around (fancy-regex).
    pub lookaround: bool,
}

/// Translates and compiles an API pattern.
pub fn translate(api: &str) -> Result<Translated, String> {
    let mut out = String::with_capacity(api.len() + 8);
    let mut in_class = false;
    let mut chars = api.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    return Err("trailing backslash".into());
                };
                match next {
                    'd' => out.push_str(if in_class { "0-9" } else { "[0-9]" }),
                    'w' => out.push_str(if in_class {
                        "0-9A-Za-z_"
                    } else {
                        "[0-9A-Za-z_]"
                    }),
                    'p' if api_class_follows(&mut chars, "{Alnum}") => {
                        out.push_str(if in_class { "[:alnum:]" } else { "[[:alnum:]]" });
                    }
                    other => {
                        out.push('\\');
                        out.push(other);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A leading `]` or `^]` is literal inside a class.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            // Java's `.` stops at every line terminator, not only `\n`.
            '.' if !in_class => out.push_str(JAVA_DOT),
            _ => out.push(c),
        }
    }
    let lookaround = ["(?<=", "(?<!", "(?=", "(?!"]
        .iter()
        .any(|l| api.contains(l));
    let rust = format!("^(?:{out})$");
    if lookaround {
        fancy_regex::Regex::new(&rust).map_err(|e| e.to_string())?;
    } else {
        regex::Regex::new(&rust).map_err(|e| e.to_string())?;
    }
    Ok(Translated {
        api: api.to_owned(),
        rust,
        lookaround,
    })
}

/// An API pattern as an ECMA-262 regular expression (the dialect of JSON
/// Schema's `pattern`), anchored for a full match. ECMA's `\d` and `\w`
/// are ASCII like Java's; Java's POSIX class `\p{Alnum}` becomes
/// `[a-zA-Z0-9]`; Unicode classes (`\p{L}`) and look-behinds are ECMA too.
pub fn to_ecma(api: &str) -> String {
    let mut out = String::with_capacity(api.len() + 8);
    let mut in_class = false;
    let mut chars = api.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next();
                match next {
                    Some('p') if api_class_follows(&mut chars, "{Alnum}") => {
                        out.push_str(if in_class { "a-zA-Z0-9" } else { "[a-zA-Z0-9]" });
                    }
                    Some(other) => {
                        out.push('\\');
                        out.push(other);
                    }
                    None => out.push_str("\\\\"),
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    format!("^(?:{out})$")
}

fn api_class_follows(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, name: &str) -> bool {
    let ahead: String = chars.clone().take(name.len()).collect();
    if ahead == name {
        for _ in 0..name.len() {
            chars.next();
        }
        true
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::translate;

    fn matches(api: &str, s: &str) -> bool {
        let t = translate(api).unwrap();
        if t.lookaround {
            fancy_regex::Regex::new(&t.rust)
                .unwrap()
                .is_match(s)
                .unwrap()
        } else {
            regex::Regex::new(&t.rust).unwrap().is_match(s)
        }
    }

    #[test]
    fn ecma_patterns_are_anchored_and_posix_free() {
        assert_eq!(
            super::to_ecma(r"arn:[\p{Alnum}\-]+:lambda:.*"),
            r"^(?:arn:[a-zA-Z0-9\-]+:lambda:.*)$"
        );
        assert_eq!(super::to_ecma(r"\p{Alnum}+"), r"^(?:[a-zA-Z0-9]+)$");
        assert_eq!(
            super::to_ecma(r"([\p{L}\p{Z}\p{N}_.:/=+\-@]*)"),
            r"^(?:([\p{L}\p{Z}\p{N}_.:/=+\-@]*))$"
        );
        assert_eq!(super::to_ecma(r"\d{12}(?<!-)"), r"^(?:\d{12}(?<!-))$");
    }

    #[test]
    fn alnum_class_is_ascii() {
        let p = r"arn:[\p{Alnum}\-]+:lambda:[\p{Alnum}\-]+:[0-9]{12}:function:.*";
        assert!(matches(
            p,
            "arn:aws:lambda:us-east-1:123456789012:function:creds"
        ));
        assert!(!matches(
            p,
            "arn:aws:lambda:us-éast-1:123456789012:function:creds"
        ));
    }

    #[test]
    fn look_behind_is_supported() {
        let p = r"(arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:[a-z\-]*\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)";
        assert!(matches(p, "xgboost"));
        assert!(!matches(p, "xgboost-"));
    }

    #[test]
    fn unicode_letter_classes_pass_through() {
        let p = r"([\p{L}\p{Z}\p{N}_.:/=+\-@]*)";
        assert!(matches(p, "Équipe données"));
        assert!(!matches(p, "semi;colon"));
    }

    #[test]
    fn digits_are_ascii_and_match_is_full() {
        assert!(matches(
            r"arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+",
            "arn:aws:iam::123456789012:role/r"
        ));
        assert!(!matches(r"\d{2}", "١٢"));
        assert!(!matches(r"[a-z]+", "abc1"));
    }
}
