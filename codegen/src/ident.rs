//! Rust identifiers for API names.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Field name for a member: `VolumeSizeInGB` → `volume_size_in_gb`.
pub fn field(name: &str) -> String {
    let s = name.to_snake_case();
    if is_keyword(&s) {
        format!("{s}_")
    } else {
        s
    }
}

/// Type name for a structure or enum shape.
pub fn type_name(name: &str) -> String {
    name.to_upper_camel_case()
}

/// Constant name for a shape id: `S3DataSource` → `S3_DATA_SOURCE`.
pub fn konst(name: &str) -> String {
    name.to_shouty_snake_case()
}

/// Variant name for an enum value: `ml.p4d.24xlarge` → `MlP4d24xlarge`,
/// `FSxLustre` → `FSxLustre`, `rw` → `Rw`.
pub fn variant(value: &str) -> String {
    let mut out = String::new();
    for word in value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        assert_eq!(field("VolumeSizeInGB"), "volume_size_in_gb");
        assert_eq!(field("S3Uri"), "s3_uri");
        assert_eq!(field("AutoMLJobArn"), "auto_ml_job_arn");
        assert_eq!(field("Type"), "type_");
    }

    #[test]
    fn variants() {
        assert_eq!(variant("ml.p4d.24xlarge"), "MlP4d24xlarge");
        assert_eq!(variant("ml.p6-b200.48xlarge"), "MlP6B20048xlarge");
        assert_eq!(variant("FSxLustre"), "FSxLustre");
        assert_eq!(variant("rw"), "Rw");
        assert_eq!(variant("GZIP"), "GZIP");
    }
}
