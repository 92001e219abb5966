//! `schema/instance_families.yaml`: the previous-generation training
//! instance families, emitted as `tjspec_model::instance_families` for the
//! library's `previous-generation-instance` policy.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Kind, Model};

/// The table.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Families a current one replaces, oldest first.
    pub previous_generation: Vec<Family>,
}

/// One previous-generation family.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    /// The family (`m4`, as in `ml.m4.xlarge`).
    pub family: String,
    /// The current family to move to (`m5`).
    pub replacement: String,
}

/// Parses the file.
pub fn parse(text: &str) -> Result<Table, String> {
    serde_saphyr::from_str(text).map_err(|e| e.to_string())
}

/// Every problem with the table: a family (or replacement) no training
/// instance type of the schema belongs to, a family listed twice.
pub fn check(model: &Model, table: &Table) -> Result<(), Vec<String>> {
    let types: Vec<&str> = model
        .shapes
        .iter()
        .filter(|s| s.name == "TrainingInstanceType")
        .flat_map(|s| match &s.kind {
            Kind::Enum { values, .. } => values.iter().map(|(v, _)| v.as_str()).collect(),
            _ => Vec::new(),
        })
        .collect();
    let family_of = |t: &str| {
        t.strip_prefix("ml.")
            .and_then(|s| s.split('.').next())
            .map(str::to_owned)
    };
    let known: std::collections::HashSet<String> =
        types.iter().filter_map(|t| family_of(t)).collect();
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for f in &table.previous_generation {
        for name in [&f.family, &f.replacement] {
            if !known.contains(name.as_str()) {
                problems.push(format!("no training instance type of the family `{name}`"));
            }
        }
        if !seen.insert(&f.family) {
            problems.push(format!("family `{}` is listed twice", f.family));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// `src/instance_families.rs`.
pub fn emit(table: &Table) -> TokenStream {
    let rows = table.previous_generation.iter().map(|f| {
        let (family, replacement) = (&f.family, &f.replacement);
        quote!((#family, #replacement),)
    });
    quote! {
        //! Training instance families, from `schema/instance_families.yaml`.

        /// Previous-generation families (`m4`, as in `ml.m4.xlarge`), each
        /// with the current family that replaces it.
        pub static PREVIOUS_GENERATION: &[(&str, &str)] = &[#(#rows)*];
    }
}
