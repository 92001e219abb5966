//! The globs of `[[overrides]]` (`files`, `jobs`): `*` and `?` within a
//! path segment, `**` across segments (`**/` also matches no directory),
//! `[abc]`, `[a-z]` and `[!a]`. Matched as an automaton over the pattern,
//! so time is the product of the two lengths whatever the pattern.

/// One piece of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `?`: one character but `/`.
    One,
    /// `*`: any characters but `/`.
    Star,
    /// `**` not followed by `/`: any characters.
    Any,
    /// `**/`: nothing, or any characters ending with `/`.
    Dirs,
    /// `[...]`: ranges, and whether negated.
    Class(Vec<(char, char)>, bool),
}

/// A compiled glob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    tokens: Vec<Token>,
}

/// A pattern that does not compile.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unclosed `[`")]
pub struct GlobError;

impl Glob {
    /// Compiles a pattern.
    pub fn new(pattern: &str) -> Result<Glob, GlobError> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '*' if chars.get(i + 1) == Some(&'*') => {
                    if chars.get(i + 2) == Some(&'/') {
                        tokens.push(Token::Dirs);
                        i += 3;
                    } else {
                        tokens.push(Token::Any);
                        i += 2;
                    }
                    continue;
                }
                '*' => tokens.push(Token::Star),
                '?' => tokens.push(Token::One),
                '[' => {
                    let close = chars[i + 1..]
                        .iter()
                        .skip(1)
                        .position(|&c| c == ']')
                        .map(|p| i + 2 + p)
                        .ok_or(GlobError)?;
                    let mut body = &chars[i + 1..close];
                    let negated = matches!(body.first(), Some('!' | '^'));
                    if negated {
                        body = &body[1..];
                    }
                    let mut ranges = Vec::new();
                    let mut j = 0;
                    while j < body.len() {
                        if body.get(j + 1) == Some(&'-') && j + 2 < body.len() {
                            ranges.push((body[j], body[j + 2]));
                            j += 3;
                        } else {
                            ranges.push((body[j], body[j]));
                            j += 1;
                        }
                    }
                    tokens.push(Token::Class(ranges, negated));
                    i = close + 1;
                    continue;
                }
                c => tokens.push(Token::Char(c)),
            }
            i += 1;
        }
        Ok(Glob { tokens })
    }

    /// Whether the whole of `text` matches.
    pub fn is_match(&self, text: &str) -> bool {
        let m = self.tokens.len();
        // `states[i]`: token `i` is next. `inside[i]`: within a `**/` at
        // `i` that has consumed characters (it ends only after a `/`).
        let mut states = vec![false; m + 1];
        let mut inside = vec![false; m + 1];
        states[0] = true;
        self.close(&mut states);
        for c in text.chars() {
            let mut next = vec![false; m + 1];
            let mut next_inside = vec![false; m + 1];
            for (i, t) in self.tokens.iter().enumerate() {
                if inside[i] || (states[i] && *t == Token::Dirs) {
                    next_inside[i] = true;
                    if c == '/' {
                        next[i + 1] = true;
                    }
                    continue;
                }
                if !states[i] {
                    continue;
                }
                match t {
                    Token::Char(x) if *x == c => next[i + 1] = true,
                    Token::One if c != '/' => next[i + 1] = true,
                    Token::Class(ranges, negated)
                        if c != '/'
                            && ranges.iter().any(|&(a, b)| a <= c && c <= b) != *negated =>
                    {
                        next[i + 1] = true
                    }
                    Token::Star if c != '/' => next[i] = true,
                    Token::Any => next[i] = true,
                    _ => {}
                }
            }
            self.close(&mut next);
            if !next.iter().chain(&next_inside).any(|&s| s) {
                return false;
            }
            states = next;
            inside = next_inside;
        }
        states[m]
    }

    /// Adds the states reached by matching nothing (`*`, `**`, `**/`).
    fn close(&self, states: &mut [bool]) {
        for (i, t) in self.tokens.iter().enumerate() {
            if states[i] && matches!(t, Token::Star | Token::Any | Token::Dirs) {
                states[i + 1] = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, t: &str) -> bool {
        Glob::new(p).unwrap().is_match(t)
    }

    #[test]
    fn globs_match_as_gitignore_does() {
        assert!(m("*.json", "a.json") && !m("*.json", "d/a.json"));
        assert!(m("exp/**", "exp/a/b.yaml") && m("exp/**", "exp/a"));
        assert!(m("**/prod/*.tf", "prod/a.tf") && m("**/prod/*.tf", "x/y/prod/a.tf"));
        assert!(!m("**/prod/*.tf", "xprod/a.tf"));
        assert!(m("job-?.yaml", "job-1.yaml") && !m("job-?.yaml", "job-10.yaml"));
        assert!(m("[a-c]*", "beta") && !m("[!a-c]*", "beta") && m("[!a-c]*", "delta"));
        assert!(m("scratch-*", "scratch-") && !m("scratch-*", "prod"));
        assert_eq!(Glob::new("[abc"), Err(GlobError));
        // Many stars cost the product of the lengths, not more.
        let p = "*a".repeat(200);
        assert!(!m(&p, &"a".repeat(199)));
    }
}
