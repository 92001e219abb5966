//! API patterns (Java regular expressions) in Rust's regex dialects.
//!
//! The API's patterns follow `java.util.regex`. Four differences matter:
//! Java's `\d` and `\w` are ASCII-only where Rust's are Unicode, Java's `.`
//! stops at `\r`, U+0085, U+2028 and U+2029 as well as `\n`, Java spells
//! its POSIX classes (`\p{Alnum}`, `\p{Alpha}`, ...) where Rust writes `[[:alnum:]]`, and one
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
                    'p' | 'P' if posix_follows(&mut chars).is_some() => {
                        // Checked just above; Java's POSIX classes are ASCII, as Rust's are.
                        let (name, _) = posix_class(&mut chars).expect("checked");
                        let negate = if next == 'P' { "^" } else { "" };
                        if in_class && negate.is_empty() {
                            out.push_str(&format!("[:{name}:]"));
                        } else if in_class {
                            return Err(format!(
                                "`\\P{{...}}` inside a class is not supported: `{api}`"
                            ));
                        } else {
                            out.push_str(&format!("[{negate}[:{name}:]]"));
                        }
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
            // Java's possessive quantifiers (`a++`, `a*+`, `a?+`, `a{2}+`)
            // have no equivalent in Rust's engines.
            '*' | '+' | '?' | '}' if !in_class && chars.peek() == Some(&'+') => {
                return Err(format!(
                    "possessive quantifier `{c}+` in `{api}`: Rust's regex engines have none; rewrite it without"
                ));
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
                    Some(p @ ('p' | 'P')) if posix_follows(&mut chars).is_some() => {
                        let (_, ranges) = posix_class(&mut chars).expect("checked");
                        let negate = if p == 'P' { "^" } else { "" };
                        if in_class {
                            out.push_str(ranges);
                        } else {
                            out.push_str(&format!("[{negate}{ranges}]"));
                        }
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

/// Java's POSIX character classes (`\p{Alpha}`; US-ASCII only, as in
/// `java.util.regex.Pattern`): the name, its Rust POSIX name and its ECMA
/// ranges.
const POSIX: &[(&str, &str, &str)] = &[
    ("Lower", "lower", "a-z"),
    ("Upper", "upper", "A-Z"),
    ("ASCII", "ascii", "\\x00-\\x7F"),
    ("Alpha", "alpha", "a-zA-Z"),
    ("Digit", "digit", "0-9"),
    ("Alnum", "alnum", "a-zA-Z0-9"),
    ("Punct", "punct", "!-\\/:-@\\[-`{-~"),
    ("Graph", "graph", "!-~"),
    ("Print", "print", " -~"),
    ("Blank", "blank", " \\t"),
    ("Cntrl", "cntrl", "\\x00-\\x1F\\x7F"),
    ("XDigit", "xdigit", "0-9a-fA-F"),
    ("Space", "space", " \\t\\n\\x0B\\f\\r"),
];

/// The POSIX class whose `{Name}` follows, without consuming it.
fn posix_follows(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<usize> {
    let ahead: String = chars.clone().take(8).collect();
    POSIX
        .iter()
        .position(|(name, _, _)| ahead.starts_with(&format!("{{{name}}}")))
}

/// Consumes the `{Name}` of a POSIX class; its Rust name and ECMA ranges.
fn posix_class(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
) -> Option<(&'static str, &'static str)> {
    let i = posix_follows(chars)?;
    let (name, rust, ecma) = POSIX[i];
    for _ in 0..name.len() + 2 {
        chars.next();
    }
    Some((rust, ecma))
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
    fn posix_classes_are_ascii_and_possessive_quantifiers_refused() {
        assert!(matches(r"[\p{Alpha}\p{Punct}]+", "ab!~"));
        assert!(!matches(r"[\p{Alpha}\p{Punct}]+", "é"));
        assert!(matches(r"\p{Upper}\p{Digit}", "A1"));
        assert!(matches(r"\P{Digit}", "x"));
        assert!(!matches(r"\P{Digit}", "1"));
        assert_eq!(super::to_ecma(r"\p{Upper}[\p{Lower}]"), r"^(?:[A-Z][a-z])$");
        let e = translate("[a-z]++").unwrap_err();
        assert!(e.contains("possessive"), "{e}");
        assert!(
            translate(r"a\++").is_ok(),
            "an escaped `+` then `+` is not possessive"
        );
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
