//! File names for jobs written one per file (`--out-dir`).

/// The longest file stem kept whole. A Kubernetes name may have 253
/// characters and a Terraform label more, while file systems take 255 bytes
/// for a whole file name: longer stems keep a readable beginning and end in
/// a hash of the full name, so they stay distinct and stable across runs.
pub const MAX_STEM: usize = 120;

/// A file name (without extension) for a job written on its own: the
/// Kubernetes object name when the input had one, else the job name, else
/// its position. Characters unsafe in file names become `-`; a name longer
/// than [`MAX_STEM`] is shortened ([`shorten`]).
pub fn file_stem(doc: &crate::format::Doc, index: usize) -> String {
    let meta_name = doc
        .envelope
        .metadata
        .as_ref()
        .and_then(|m| m.get("name"))
        .and_then(|n| match &n.kind {
            tjspec_runtime::NodeKind::Str(s, _) => Some(s.clone()),
            _ => None,
        });
    let name = meta_name
        .or_else(|| doc.envelope.label.clone())
        .or_else(|| doc.job.name().map(str::to_owned))
        .unwrap_or_else(|| format!("job-{}", index + 1));
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.');
    if safe.is_empty() {
        format!("job-{}", index + 1)
    } else {
        shorten(safe, &name)
    }
}

/// `safe` (ASCII) cut to [`MAX_STEM`] bytes when longer, its end replaced
/// by a hash of `full`.
pub fn shorten(safe: &str, full: &str) -> String {
    if safe.len() <= MAX_STEM {
        return safe.to_owned();
    }
    let hash = format!("{:016x}", fnv1a(full.as_bytes()));
    let keep = MAX_STEM - hash.len() - 1;
    format!("{}-{hash}", &safe[..keep])
}

/// The key under which file names collide: names that differ only in case
/// are one file on case-insensitive file systems (macOS, Windows).
pub fn collision_key(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// FNV-1a, 64 bits: a hash that stays the same across Rust releases and
/// platforms (file names must not change between runs).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_shortened_stably() {
        let long = "a".repeat(253);
        let other = format!("{}b", "a".repeat(252));
        let s = shorten(&long, &long);
        assert_eq!(s.len(), MAX_STEM);
        assert!(s.starts_with(&"a".repeat(100)));
        assert_eq!(s, shorten(&long, &long));
        assert_ne!(s, shorten(&other, &other));
        assert_eq!(shorten("short", "short"), "short");
        // The published FNV-1a test vector.
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
