//! Hand-written matchers for the schema's most common patterns.
//!
//! Compiling a regular expression costs far more than checking one short
//! value, and a process converting one job compiles every pattern it meets:
//! without these, pattern compilation was over 90% of the work of
//! converting a single small file. Each matcher here decides exactly what
//! the `regex` crate decides for the pattern's translation (full match,
//! `.` excluding only `\n`, Unicode classes), or answers `None` to leave a
//! value to the regular expression (non-ASCII text for Unicode classes).
//!
//! [`KNOWN`] pairs each matcher with the translation it decides. The
//! generator looks every schema pattern up there and names the matcher in
//! the pattern's generated definition, so nothing is chosen at run time.
//! `tests::agree_with_regex` checks every matcher against the crate.

/// A matcher: `Some(matched)`, or `None` when the regex must decide.
pub type FastMatch = fn(&str) -> Option<bool>;

/// A matcher and the pattern translation it decides.
#[derive(Clone, Copy, Debug)]
pub struct Known {
    /// The pattern's Rust translation, as the generator writes it.
    pub rust: &'static str,
    /// The matcher's name in this module.
    pub name: &'static str,
    /// The matcher.
    pub matcher: FastMatch,
}

macro_rules! known {
    ($($name:ident: $rust:literal,)*) => {
        /// Every matcher with the translation it decides (names and
        /// functions cannot drift apart: both come from one list).
        pub const KNOWN: &[Known] = &[$(Known { rust: $rust, name: stringify!($name), matcher: $name },)*];
    };
}

known! {
    single_line: "^(?:[^\\n\\r\\x{85}\\x{2028}\\x{2029}]*)$",
    single_line_nonempty: "^(?:[^\\n\\r\\x{85}\\x{2028}\\x{2029}]+)$",
    anything: "^(?:[\\S\\s]*)$",
    alnum_hyphen: "^(?:[-0-9a-zA-Z]+)$",
    alnum_dot_hyphen_underscore: "^(?:[A-Za-z0-9\\.\\-_]+)$",
    alnum_colon_slash_underscore_hyphen: "^(?:[a-zA-Z0-9:/_-]*)$",
    identifier: "^(?:[a-zA-Z_][a-zA-Z0-9_]*)$",
    kibibytes: "^(?:[0-9]+K)$",
    hyphenated_63: "^(?:[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62})$",
    hyphenated_120: "^(?:[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119})$",
    tag_text: "^(?:([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*))$",
    https_or_s3_uri: "^(?:(https|s3)://([^/]+)/?([^\\n\\r\\x{85}\\x{2028}\\x{2029}]*))$",
    iam_role_arn: "^(?:arn:aws[a-z\\-]*:iam::[0-9]{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+)$",
}

/// The matcher for a pattern's Rust translation, if there is one (the
/// generator's look-up).
pub fn lookup(rust: &str) -> Option<&'static Known> {
    KNOWN.iter().find(|k| k.rust == rust)
}

/// `[^\n\r\x{85}\x{2028}\x{2029}]*`: Java's `.*`.
pub fn single_line(s: &str) -> Option<bool> {
    Some(!s.contains(is_line_terminator))
}

/// `[^\n\r\x{85}\x{2028}\x{2029}]+`: Java's `.+`.
pub fn single_line_nonempty(s: &str) -> Option<bool> {
    Some(!s.is_empty() && !s.contains(is_line_terminator))
}

/// `[\S\s]*`: anything.
pub fn anything(_: &str) -> Option<bool> {
    Some(true)
}

/// `[-0-9a-zA-Z]+`.
pub fn alnum_hyphen(s: &str) -> Option<bool> {
    Some(plus(s, |b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// `[A-Za-z0-9\.\-_]+`.
pub fn alnum_dot_hyphen_underscore(s: &str) -> Option<bool> {
    Some(plus(s, |b| {
        b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_')
    }))
}

/// `[a-zA-Z0-9:/_-]*`.
pub fn alnum_colon_slash_underscore_hyphen(s: &str) -> Option<bool> {
    Some(
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'/' | b'_' | b'-')),
    )
}

/// `[a-zA-Z_][a-zA-Z0-9_]*`.
pub fn identifier(s: &str) -> Option<bool> {
    let b = s.as_bytes();
    Some(
        b.first()
            .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_')
            && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'_'),
    )
}

/// `[0-9]+K`.
pub fn kibibytes(s: &str) -> Option<bool> {
    Some(
        s.strip_suffix('K')
            .is_some_and(|d| plus(d, |b| b.is_ascii_digit())),
    )
}

/// `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`.
pub fn hyphenated_63(s: &str) -> Option<bool> {
    Some(hyphenated(s, 63))
}

/// `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}`.
pub fn hyphenated_120(s: &str) -> Option<bool> {
    Some(hyphenated(s, 120))
}

/// `([\p{L}\p{Z}\p{N}_.:/=+\-@]*)`, decided for ASCII text only.
pub fn tag_text(s: &str) -> Option<bool> {
    // ASCII only: there \p{L}, \p{Z}, \p{N} are letters, space, digits.
    s.is_ascii().then(|| {
        s.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b' ' | b'_' | b'.' | b':' | b'/' | b'=' | b'+' | b'-' | b'@'
                )
        })
    })
}

/// `(https|s3)://([^/]+)/?(.*)` with Java's `.`.
pub fn https_or_s3_uri(s: &str) -> Option<bool> {
    let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("s3://"))
    else {
        return Some(false);
    };
    // `[^/]+` takes everything up to the first `/` (line breaks
    // included); the optional `/` follows; `.*` takes the rest,
    // which must then hold no line terminator.
    Some(match rest.find('/') {
        Some(0) => false,
        Some(i) => !rest[i + 1..].contains(is_line_terminator),
        None => !rest.is_empty(),
    })
}

/// `arn:aws[a-z\-]*:iam::[0-9]{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`.
pub fn iam_role_arn(s: &str) -> Option<bool> {
    let Some(rest) = s.strip_prefix("arn:aws") else {
        return Some(false);
    };
    let partition = rest
        .bytes()
        .take_while(|b| b.is_ascii_lowercase() || *b == b'-')
        .count();
    let Some(rest) = rest[partition..].strip_prefix(":iam::") else {
        return Some(false);
    };
    let (account, rest) = rest.split_at(rest.len().min(12));
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return Some(false);
    }
    let Some(rest) = rest.strip_prefix(":role") else {
        return Some(false);
    };
    // `/?` then one or more of a set that holds `/` itself.
    Some(plus(rest, |b| {
        b.is_ascii_alphanumeric()
            || matches!(b, b'_' | b'+' | b'=' | b',' | b'.' | b'@' | b'-' | b'/')
    }))
}

/// One or more bytes, all in the class.
/// Java's line terminators, which its `.` does not match.
fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn plus(s: &str, class: impl Fn(u8) -> bool) -> bool {
    !s.is_empty() && s.bytes().all(class)
}

/// `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,max-1}`: letters and digits, hyphens only
/// between them, at most `max` letters and digits.
fn hyphenated(s: &str, max: usize) -> bool {
    let b = s.as_bytes();
    b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && b.iter().filter(|c| c.is_ascii_alphanumeric()).count() <= max
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces that exercise every class and boundary above.
    const PIECES: &[&str] = &[
        "a",
        "Z",
        "0",
        "9",
        "-",
        "_",
        ".",
        ":",
        "/",
        "=",
        "+",
        "@",
        ",",
        " ",
        "K",
        "\n",
        "\r",
        "\t",
        "é",
        "\u{2028}",
        "\u{2029}",
        "\u{85}",
        "\u{a0}",
        "٣",
        "x-y",
        "s3://",
        "https://",
        "arn:aws",
        ":iam::",
        "123456789012",
        ":role",
        "role/",
        "--",
        "",
    ];

    /// A tiny deterministic generator (SplitMix64).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
    }

    #[test]
    fn agree_with_regex() {
        let mut rng = Rng(42);
        let mut samples: Vec<String> = vec![
            "s3://bucket/key".into(),
            "s3://b".into(),
            "s3:///k".into(),
            "https://h/\n".into(),
            "s3://a\nb/c".into(),
            "arn:aws:iam::123456789012:role/".into(),
            "arn:aws:iam::123456789012:role/x".into(),
            "arn:aws:iam::123456789012:role//".into(),
            "arn:aws-cn:iam::123456789012:roleX".into(),
            "arn:aws:iam::12345678901:role/x".into(),
            "a".repeat(63),
            "a".repeat(64),
            format!("{}-{}", "a".repeat(62), "b"),
            "a-".into(),
            "-a".into(),
            "a--b".into(),
            "12K".into(),
            "K".into(),
        ];
        for _ in 0..20_000 {
            let n = (rng.next() % 8) as usize;
            let s: String = (0..n)
                .map(|_| PIECES[(rng.next() % PIECES.len() as u64) as usize])
                .collect();
            samples.push(s);
        }
        for known in KNOWN {
            let re = regex::Regex::new(known.rust).unwrap();
            for s in &samples {
                if let Some(m) = (known.matcher)(s) {
                    assert_eq!(m, re.is_match(s), "{} on {s:?}", known.name);
                }
            }
        }
    }
}
