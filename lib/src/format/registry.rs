//! What each format declares about itself, and what is derived from the
//! declarations: the list of formats, their names, detection.
//!
//! A format module declares a [`Declaration`] (its CLI name and help, its
//! extensions, its syntax, how its content is recognised, the resources it
//! carries and their names, its envelope) and the registration list in
//! `format/mod.rs` names each format once. Nothing else lists the formats.

use std::path::Path;

use super::{Format, FormatId, ResourceId};

/// Everything a format says about itself that is not reading or writing.
#[derive(Debug)]
pub struct Declaration {
    /// The name the CLI uses (`--from`, `--to`).
    pub name: &'static str,
    /// One line for `--help` (no final period).
    pub help: &'static str,
    /// What the format is, for the README's table of formats (Markdown).
    pub summary: &'static str,
    /// The text (or bytes) its documents are written in.
    pub syntax: Syntax,
    /// File extensions that name it, lower case: directories are searched
    /// for them and the first is the one outputs get.
    pub extensions: &'static [&'static str],
    /// Extensions that name it too but are too common to search
    /// directories for (`.bin`).
    pub also_named: &'static [&'static str],
    /// When, in detection, its content is looked for.
    pub precedence: Precedence,
    /// Recognises its content (see [`Sniff`]). Formats of one module may
    /// share this function: it says which of them the input is.
    pub sniff: fn(&Clue<'_>) -> Sniff,
    /// The resources its documents carry, each with its member names.
    pub resources: &'static [Carried],
    /// What its documents carry beside the job (nothing when empty).
    pub envelope: &'static [EnvelopePart],
}

/// The syntax of a format's documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// JSON (a document, an array, or JSON Lines).
    Json,
    /// YAML (a stream of documents; JSON, being YAML, is read too).
    Yaml,
    /// Terraform HCL.
    Hcl,
    /// Protocol buffers wire format: bytes, not text.
    Protobuf,
}

impl Syntax {
    /// Whether documents are bytes rather than UTF-8 text.
    pub fn is_binary(self) -> bool {
        self == Syntax::Protobuf
    }

    /// Whether the syntax has `#` line comments (so an output can carry a
    /// generated-by header).
    pub fn has_hash_comments(self) -> bool {
        matches!(self, Syntax::Yaml | Syntax::Hcl)
    }

    /// Whether values may be expressions carried verbatim
    /// (`--keep-expressions`).
    pub fn has_expressions(self) -> bool {
        self == Syntax::Hcl
    }
}

/// When a format's content is looked for: formats whose content says more
/// about itself come first, so a Kubernetes object or a flyteidl message is
/// never taken for an AWS job whose members happen to appear in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precedence {
    /// By its encoding (bytes no text has).
    Encoding,
    /// By the whole of a message's fields.
    Message,
    /// By a self-describing object header (`apiVersion`, `kind`).
    Object,
    /// By the type of a block that holds the job.
    Block,
    /// By names only one naming of the members has.
    Naming,
    /// By any member of the job.
    Members,
}

/// What a format's sniffer makes of an input.
#[derive(Debug, PartialEq, Eq)]
pub enum Sniff {
    /// Not this format (or not recognisably).
    No,
    /// This format.
    Is(FormatId),
    /// Written in this format's syntax (by its extension) but holding no
    /// document of it, or holding documents of several of the module's
    /// formats: detection stops with this message.
    Unreadable(DetectError),
}

/// What detection knows of an input.
#[derive(Debug)]
pub struct Clue<'t> {
    /// The extension, lower case.
    pub extension: Option<String>,
    /// The syntax the extension names, when a format declares it.
    pub named: Option<Syntax>,
    /// The text (bytes that are not UTF-8 replaced).
    pub text: &'t str,
    /// Whether `apiVersion` occurs anywhere in the text, looked for once
    /// for every Kubernetes sniffer (most inputs are no objects).
    api_version: bool,
}

impl<'t> Clue<'t> {
    /// What is known of `text`, read from `path`.
    pub fn new(path: Option<&Path>, text: &'t str) -> Self {
        let extension = path
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let named = extension.as_deref().and_then(named_syntax);
        Clue {
            extension,
            named,
            text,
            api_version: memchr::memmem::find(text.as_bytes(), b"apiVersion").is_some(),
        }
    }

    /// Whether the text could be a Kubernetes object: `apiVersion` occurs
    /// in it.
    pub fn mentions_api_version(&self) -> bool {
        self.api_version
    }

    /// Whether the input is taken to be JSON: by its extension, or, when
    /// that names no syntax, by its first character.
    pub fn is_json(&self) -> bool {
        match self.named {
            Some(syntax) => syntax == Syntax::Json,
            None => self
                .text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with(['{', '[']),
        }
    }
}

/// A resource a format carries.
#[derive(Debug)]
pub struct Carried {
    /// Which resource.
    pub resource: ResourceId,
    /// How the format names its members (paths in diagnostics and diffs).
    pub binding: &'static tjspec_runtime::Binding,
    /// The generated JSON Schema its documents follow, by name
    /// (`tjspec_model::json_schema::get`), when there is one.
    pub json_schema: Option<&'static str>,
}

/// A part of what a format's documents carry beside the job (see
/// [`super::Envelope`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvelopePart {
    /// A Kubernetes object's `apiVersion`, `kind` and `metadata` (shared
    /// code: `format::kubernetes`).
    KubernetesObject,
    /// A Terraform block's type and label, and Terraform's own arguments.
    TerraformBlock,
    /// A Flyte TaskTemplate holding the message (read only).
    TaskTemplate,
    /// A Datadog row's own columns (`account_id`).
    DatadogRow,
    /// A workflow's state or step holding the job: its name and its own
    /// fields (a Step Functions state's `Retry`, a Pipelines step's `DependsOn`).
    WorkflowStep,
}

impl FormatId {
    /// The format's implementation.
    pub fn format(self) -> &'static dyn Format {
        super::REGISTERED[self as usize]
    }

    /// What the format declares about itself.
    pub fn declaration(self) -> &'static Declaration {
        self.format().declaration()
    }

    /// The CLI name.
    pub fn name(self) -> &'static str {
        self.declaration().name
    }

    /// How the format names the members of the schema's shapes (for paths
    /// in diagnostics and diffs): one naming serves every resource it
    /// carries.
    pub fn binding(self) -> &'static tjspec_runtime::Binding {
        self.declaration()
            .resources
            .first()
            .map(|c| c.binding)
            .expect("every format carries a resource")
    }

    /// Whether the format carries `resource`.
    pub fn carries(self, resource: ResourceId) -> bool {
        self.carried(resource).is_some()
    }

    /// How the format carries `resource`, if it does.
    pub fn carried(self, resource: ResourceId) -> Option<&'static Carried> {
        self.declaration()
            .resources
            .iter()
            .find(|c| c.resource == resource)
    }

    /// The format a CLI name names.
    pub fn by_name(name: &str) -> Option<FormatId> {
        FormatId::ALL.iter().copied().find(|f| f.name() == name)
    }
}

impl std::fmt::Display for FormatId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no format's.
#[derive(Debug, thiserror::Error)]
#[error("unknown format `{0}`")]
pub struct UnknownFormat(pub String);

impl std::str::FromStr for FormatId {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FormatId::by_name(s).ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}

/// The extensions directories are searched for, each once, in the order
/// of the registration list.
pub fn searched_extensions() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for f in FormatId::ALL {
        for e in f.declaration().extensions {
            if !out.contains(e) {
                out.push(e);
            }
        }
    }
    out
}

/// The syntax an extension names, when a format declares it.
fn named_syntax(ext: &str) -> Option<Syntax> {
    FormatId::ALL.iter().find_map(|f| {
        let d = f.declaration();
        (d.extensions.contains(&ext) || d.also_named.contains(&ext)).then_some(d.syntax)
    })
}

/// Picks the format of an input from its extension and content, or says
/// which formats it could be. Content decides: a `.json` or `.yaml` file
/// that holds no training job in any form (a `package.json`, a CI
/// workflow) is not read as an AWS job with every key unknown.
///
/// Each format's sniffer is asked in the order of its [`Precedence`]
/// (registration order within one); the first that recognises the input
/// decides.
pub fn detect(path: Option<&Path>, text: &str) -> Result<FormatId, DetectError> {
    let clue = Clue::new(path, text);
    let mut order: Vec<FormatId> = FormatId::ALL.to_vec();
    order.sort_by_key(|f| f.declaration().precedence);
    for f in &order {
        match (f.declaration().sniff)(&clue) {
            Sniff::No => {}
            Sniff::Is(found) => return Ok(found),
            Sniff::Unreadable(message) => return Err(message),
        }
    }
    // The formats of the syntax the input seems to be in, the most
    // general first.
    let syntax = if clue.is_json() {
        Syntax::Json
    } else {
        Syntax::Yaml
    };
    let candidates: Vec<FormatId> = order
        .iter()
        .rev()
        .filter(|f| f.declaration().syntax == syntax)
        .copied()
        .collect();
    Err(DetectError::Unrecognized { candidates })
}

/// Why the format of an input could not be recognised.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DetectError {
    /// No training job in any form the extension (or the first character)
    /// allows; these are the formats it could be read as with `--from`.
    #[error("holds no training job that tjspec can recognise (no training job member such as `TrainingJobName` or `AlgorithmSpecification` as a key, no Kubernetes `apiVersion`/`kind`); candidates: {}; pass --from to read it as one of them", names(candidates))]
    Unrecognized {
        /// The formats it could be, the most general first.
        candidates: Vec<FormatId>,
    },
    /// A Terraform file with blocks of both dialects.
    #[error("the file holds both tf-k8s and tf-aws jobs; pass --from tf-k8s or --from tf-aws to read one kind")]
    BothTerraformDialects,
    /// A Terraform file with no job block of any resource either dialect
    /// carries.
    #[error(
        "no job block in the Terraform file (one of {})",
        super::terraform::job_blocks()
    )]
    NoTerraformBlock,
}

fn names(formats: &[FormatId]) -> String {
    formats
        .iter()
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `name` appears in `text` as a mapping key: quoted and followed
/// by `:` (JSON), or at the start of a line or flow entry and followed by
/// `:` (YAML).
pub(crate) fn is_key(text: &str, name: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), name.as_bytes()).any(|at| {
        let before = text[..at].chars().next_back();
        let after = &text[at + name.len()..];
        let (quoted, after) = match (before, after.strip_prefix(['"', '\''])) {
            (Some('"' | '\''), Some(rest)) => (true, rest),
            _ => (false, after),
        };
        if !quoted {
            // YAML: at the start of its line (after indentation or a list
            // dash) or of a flow mapping entry (`{Name: …`, `, Name: …`).
            let line = &text[text[..at].rfind('\n').map_or(0, |n| n + 1)..at];
            if !matches!(
                line.trim_end().chars().next_back(),
                None | Some('-' | '{' | ',')
            ) {
                return false;
            }
        }
        after.trim_start_matches([' ', '\t']).starts_with(':')
    })
}

/// Which of the resources a format carries a document holds, by its
/// top-level keys: the resource whose root structure names the most of
/// them (the first carried on a tie, so a partial document is a job of the
/// format's first resource). `forced` (`--resource`) decides instead when
/// the format carries it.
pub(crate) fn resource_by_keys<'k>(
    carried: &[Carried],
    keys: impl Iterator<Item = &'k str> + Clone,
    forced: Option<ResourceId>,
) -> ResourceId {
    if let Some(r) = forced.filter(|r| carried.iter().any(|c| c.resource == *r)) {
        return r;
    }
    let mut best = (0usize, carried[0].resource);
    for c in carried {
        let shape = c.resource.shape();
        let score = keys
            .clone()
            .filter(|k| (c.binding.lookup)(shape, k).is_some())
            .count();
        if score > best.0 {
            best = (score, c.resource);
        }
    }
    best.1
}
