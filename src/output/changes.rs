//! What `--check --diff` shows: a unified diff of each output that would
//! change, as `terraform fmt -check -diff` does.

use std::path::Path;
use std::time::Duration;

/// Outputs larger than this are named, not diffed.
pub const DIFF_LIMIT: usize = 16 << 20;

/// After this long a diff is finished coarsely (whole blocks replaced), so
/// two large, very different files cannot take quadratic time.
const DIFF_DEADLINE: Duration = Duration::from_secs(2);

/// A unified diff from `old` to `new` for `path`; `None` stands for a file
/// that does not exist (created or removed).
pub fn unified(path: &Path, old: Option<&[u8]>, new: Option<&[u8]>) -> String {
    let name = path.display().to_string();
    let (from, to) = (
        if old.is_some() {
            name.as_str()
        } else {
            "/dev/null"
        },
        if new.is_some() {
            name.as_str()
        } else {
            "/dev/null"
        },
    );
    let (old, new) = (old.unwrap_or_default(), new.unwrap_or_default());
    if old.len() > DIFF_LIMIT || new.len() > DIFF_LIMIT {
        return not_shown(path);
    }
    let (Some(old_text), Some(new_text)) = (text(old), text(new)) else {
        return format!("Binary files {from} and {to} differ\n");
    };
    similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .timeout(DIFF_DEADLINE)
        .diff_lines(old_text, new_text)
        .unified_diff()
        .context_radius(3)
        .header(from, to)
        .to_string()
}

/// What stands for the diff of a file too large to show.
pub fn not_shown(path: &Path) -> String {
    format!(
        "--- {0}\n+++ {0}\n(changes not shown: over {1} MiB)\n",
        path.display(),
        DIFF_LIMIT >> 20
    )
}

fn text(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes)
        .ok()
        .filter(|t| !t.contains('\0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line() {
        let d = unified(
            Path::new("out/a.yaml"),
            Some(b"a\nb\nc\n"),
            Some(b"a\nB\nc\n"),
        );
        assert_eq!(
            d,
            "--- out/a.yaml\n+++ out/a.yaml\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
        );
        let created = unified(Path::new("n.yaml"), None, Some(b"x\n"));
        assert!(
            created.starts_with("--- /dev/null\n+++ n.yaml\n"),
            "{created}"
        );
        let binary = unified(Path::new("j.pb"), Some(b"\0\x01"), Some(b"\0\x02"));
        assert_eq!(binary, "Binary files j.pb and j.pb differ\n");
    }
}
