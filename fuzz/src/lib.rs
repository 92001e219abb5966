//! The bodies of the fuzz targets, one function each. They depend on
//! `tjspec` alone (not on libFuzzer), so the main workspace compiles and
//! runs them on stable: `tests/it/fuzz_harness.rs` includes this file and
//! calls every function on every seed (the fixtures and examples), so a
//! target cannot rot while nobody runs the fuzzer.
//!
//! Each function takes the fuzzer's bytes and panics on a broken invariant;
//! time and memory budgets are libFuzzer's `-timeout` and `-rss_limit_mb`.

use std::io::{BufReader, Cursor};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tjspec::format::{FormatId, WriteOptions};
use tjspec::pipeline::{process, process_chunk, render_bytes, Settings};
use tjspec::source::Source;
use tjspec::stream::{Chunks, Split};
use tjspec_cli::diagnostics::{render, MessageFormat};

/// The JSON parser on any text.
pub fn json_parse(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = tjspec::syntax::json::parse_values(text);
    }
}

/// The YAML parser on any text, up to 10,000 documents, as it reads every
/// YAML input and as it reads CloudFormation templates (short-form tags).
pub fn yaml_parse(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        for doc in tjspec::syntax::yaml::documents(text).take(10_000) {
            let _ = doc;
        }
        for doc in tjspec::syntax::yaml::cloudformation_documents(text).take(10_000) {
            let _ = doc;
        }
    }
}

/// The HCL parser on any text.
pub fn hcl_parse(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = tjspec::syntax::hcl::parse(text);
    }
}

fn source(format: FormatId, bytes: Vec<u8>) -> Option<Arc<Source>> {
    let source = if format.declaration().syntax.is_binary() {
        Source::binary("fuzz", bytes)
    } else {
        Source::from_bytes("fuzz", bytes).ok()?
    };
    Some(Arc::new(source))
}

/// The whole pipeline (read, validate, write with its loss report, render)
/// for every reader and every writer, as the CLI runs it.
pub fn convert(data: &[u8]) {
    for &from in FormatId::ALL {
        let Some(input) = source(from, data.to_vec()) else {
            continue;
        };
        for &to in FormatId::ALL {
            let settings = Settings::new().from(from).to(to);
            let outcome = process(&input, None, &settings);
            let _ = render_bytes(to, &outcome.jobs, &WriteOptions::default());
            for r in &outcome.reports {
                let _ = render(r, MessageFormat::Human, false);
            }
        }
    }
}

/// Read → write → read: whenever a conversion succeeds and the writer
/// reports no loss, reading its output back gives the same job.
pub fn roundtrip(data: &[u8]) {
    let write = WriteOptions::new().include_status(true);
    for &from in FormatId::ALL {
        let Some(input) = source(from, data.to_vec()) else {
            continue;
        };
        for &to in FormatId::ALL {
            let settings = Settings::new().from(from).to(to).write(write.clone());
            let outcome = process(&input, None, &settings);
            if outcome.failed > 0 {
                continue;
            }
            for doc in &outcome.jobs {
                let mut losses = Vec::new();
                let _ = to.format().write(doc, &write, &mut losses);
                if !losses.is_empty() {
                    continue;
                }
                let bytes = render_bytes(to, std::slice::from_ref(doc), &write)
                    .unwrap_or_else(|e| panic!("{from} -> {to}: {e}"));
                let again = process(
                    &source(to, bytes.clone()).expect("a text output is UTF-8"),
                    None,
                    &Settings::new().from(to).to(to),
                );
                let shown = String::from_utf8_lossy(&bytes);
                assert_eq!(
                    again.failed, 0,
                    "{from} -> {to} does not read back:\n{shown}"
                );
                assert_eq!(again.jobs.len(), 1, "{shown}");
                if !to.format().requires_create_members() {
                    // Reading a format that holds part of a job fills in
                    // the rest (flyteidl: what Flyte's plugin submitted, a
                    // stopping condition, the channels), each with a note:
                    // the message itself must come back the same.
                    let back = render_bytes(to, &again.jobs, &write)
                        .unwrap_or_else(|e| panic!("{to} -> {to}: {e}"));
                    assert_eq!(back, bytes, "{from} -> {to} -> {to} changed the message");
                } else {
                    assert_eq!(
                        again.jobs[0].job, doc.job,
                        "{from} -> {to} -> {to} changed the job:\n{shown}"
                    );
                }
            }
        }
    }
}

/// How an input is read, from its length (so seeds stay intact): detected,
/// or one format.
fn pick_format(len: usize) -> Option<FormatId> {
    FormatId::ALL.get(len % (FormatId::ALL.len() + 1)).copied()
}

/// Cuts `input` as the CLI cuts a long input (through a small read buffer,
/// so lines straddle refills) and runs every chunk through the pipeline.
/// Checks that each chunk is the input's text from the line it says it
/// starts at, and that chunks come in order.
fn stream_through(input: &[u8], from: Option<FormatId>, buffer: usize, to: FormatId) {
    let reader = BufReader::with_capacity(buffer.max(1), Cursor::new(input));
    let Ok(mut chunks) = Chunks::open("fuzz", None, reader, from) else {
        return;
    };
    let split = chunks.split();
    let format = chunks.format;
    let settings = Settings::new().from(format).to(to);
    // Where each line starts, to check chunks against the input (text
    // inputs without a byte order mark, which the reader drops).
    let text = std::str::from_utf8(input)
        .ok()
        .filter(|t| !t.starts_with('\u{feff}') && !format.declaration().syntax.is_binary());
    let line_starts: Vec<usize> = text.map_or_else(Vec::new, |t| {
        std::iter::once(0)
            .chain(t.match_indices('\n').map(|(i, _)| i + 1))
            .collect()
    });
    let mut last_line = None;
    let mut index = 0;
    while let Some(chunk) = chunks.next_chunk().expect("reading memory does not fail") {
        assert_eq!(chunk.index, index, "chunks are numbered in order");
        index += 1;
        let line = chunk.source.line_offset;
        if split != Split::Whole {
            assert!(last_line.is_none_or(|l| line > l), "chunks go forward");
        }
        last_line = Some(line);
        if let (Some(t), None) = (text, chunk.too_large) {
            let start = line_starts[line as usize];
            assert!(
                t[start..].starts_with(&chunk.source.text),
                "the chunk at line {line} is not the input's text there: {:?}",
                chunk.source.text
            );
        }
        let outcome = process_chunk(&chunk, &settings, true);
        let _ = render_bytes(to, &outcome.jobs, &WriteOptions::default());
    }
}

/// The streaming splitter the CLI reads every long input with: YAML
/// streams cut at `---` and after `...`, JSON Lines at line ends, the rest
/// whole. The input is read detected and as one format picked by its
/// length, through a read buffer of 1 to 61 bytes.
pub fn stream(data: &[u8]) {
    let buffer = 1 + data.len() % 61;
    stream_through(data, None, buffer, FormatId::Aws);
    stream_through(data, pick_format(data.len()), buffer, FormatId::AwsYaml);
}

/// The largest input [`budget`] builds.
pub const BUDGET_MAX: usize = 1 << 20;

/// Inputs of up to [`BUDGET_MAX`] bytes, built by repeating the fuzzed
/// input: the budgets (time linear in the input, memory bounded) are what
/// this target checks, through libFuzzer's `-timeout` and `-rss_limit_mb`
/// (the inputs libFuzzer makes itself are a few kilobytes).
pub fn budget(data: &[u8]) {
    budget_sized(data, BUDGET_MAX);
}

/// [`budget`] with another size limit (the tests use a small one).
pub fn budget_sized(data: &[u8], max: usize) {
    if data.is_empty() {
        return;
    }
    let mut input = data.repeat((max / data.len()).max(1));
    input.truncate(max);
    stream_through(&input, None, 64 * 1024, FormatId::AwsYaml);
    stream_through(&input, pick_format(data.len()), 64 * 1024, FormatId::Aws);
}

/// Splits at the first NUL byte: two texts.
fn halves(data: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = data.iter().position(|&b| b == 0)?;
    Some((&data[..at], &data[at + 1..]))
}

/// One format for each way of naming the members (formats that share
/// their names, such as `aws` and `aws-yaml`, once).
fn one_per_naming() -> Vec<FormatId> {
    let mut out: Vec<FormatId> = Vec::new();
    for &f in FormatId::ALL {
        if !out.iter().any(|o| std::ptr::eq(o.binding(), f.binding())) {
            out.push(f);
        }
    }
    out
}

/// The input's format as the CLI detects it (YAML when nothing is recognised).
fn detect(bytes: &[u8]) -> FormatId {
    tjspec::format::detect(None, &String::from_utf8_lossy(bytes)).unwrap_or(FormatId::AwsYaml)
}

/// The jobs an input holds, its format detected.
fn read_jobs(bytes: &[u8]) -> Vec<tjspec::format::Doc> {
    let from = detect(bytes);
    let Some(input) = source(from, bytes.to_vec()) else {
        return Vec::new();
    };
    let settings = Settings::new().from(from);
    process(&input, None, &settings).jobs
}

/// Assignments tried when the input holds no `--set` lines of its own.
const SETS: &[&str] = &[
    "ResourceConfig.InstanceCount=2",
    "HyperParameters.eta=0.1",
    "InputDataConfig[1].ChannelName=validation",
    "Tags[0].Key=team",
    "StoppingCondition=null",
];

/// `--set` and `--overlay`: with a NUL byte, the part before it holds one
/// `--set` per line and the part after it the job; without, the whole
/// input is the job and a few common assignments are tried. The job's
/// first document is also the overlay.
pub fn overrides(data: &[u8]) {
    let (sets, job): (Vec<&str>, &[u8]) = match halves(data) {
        Some((sets, job)) => (
            std::str::from_utf8(sets).map_or_else(|_| Vec::new(), |s| s.lines().take(64).collect()),
            job,
        ),
        None => (SETS.to_vec(), data),
    };
    let from = detect(job);
    let Some(input) = source(from, job.to_vec()) else {
        return;
    };
    let mut overrides = tjspec::overrides::Overrides::default();
    for line in sets {
        if let Ok(set) = tjspec::overrides::parse_set(line) {
            overrides.sets.push(set);
        }
    }
    overrides.overlay = read_jobs(job).into_iter().next().map(|d| d.job);
    for to in one_per_naming() {
        let settings = Settings::new()
            .from(from)
            .to(to)
            .overrides(overrides.clone())
            .rules(true);
        let outcome = process(&input, None, &settings);
        let _ = render_bytes(to, &outcome.jobs, &WriteOptions::default());
        for r in &outcome.reports {
            let _ = render(r, MessageFormat::Json, false);
        }
    }
}

/// `tjspec diff`: with a NUL byte, the job before it against the job after
/// it; without, each job of the input against the next. A job never
/// differs from itself, and A against B has as many changes as B against A.
pub fn diff(data: &[u8]) {
    let jobs: Vec<_> = match halves(data) {
        Some((a, b)) => read_jobs(a)
            .into_iter()
            .take(1)
            .chain(read_jobs(b).into_iter().take(1))
            .collect(),
        None => read_jobs(data).into_iter().take(16).collect(),
    };
    let pairs: Vec<(usize, usize)> = (0..jobs.len())
        .map(|i| (i, (i + 1).min(jobs.len() - 1)))
        .collect();
    for (i, j) in pairs {
        let (a, b) = (&jobs[i].job, &jobs[j].job);
        for names in one_per_naming() {
            for (exact, status) in [(false, false), (true, true)] {
                let options = tjspec::diff::DiffOptions::new().exact(exact).status(status);
                let binding = names.binding();
                let same = tjspec::diff::diff(a, a, binding, options);
                assert!(same.is_empty(), "a job differs from itself: {same:?}");
                let there = tjspec::diff::diff(a, b, binding, options);
                let back = tjspec::diff::diff(b, a, binding, options);
                assert_eq!(there.len(), back.len(), "diff is symmetric in size");
                let _ = tjspec::diff::render_human(&there);
                let _ = serde_json::to_string(&there);
            }
        }
    }
}

/// A small tree to expand patterns in: plain files, a hidden directory, an
/// ignored one, a link back up and a link to nothing.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path();
    for sub in ["a/b", ".hidden", "ignored", ".git"] {
        std::fs::create_dir_all(root.join(sub)).expect("a temporary directory");
    }
    for file in [
        "a/one.json",
        "a/b/two.yaml",
        ".hidden/three.yml",
        "ignored/four.tf",
        "top.jsonl",
    ] {
        std::fs::write(root.join(file), "{}").expect("a temporary file");
    }
    std::fs::write(root.join(".gitignore"), "ignored/\n").expect("a temporary file");
    #[cfg(unix)]
    {
        let _ = std::os::unix::fs::symlink("..", root.join("a/b/up"));
        let _ = std::os::unix::fs::symlink("nowhere", root.join("a/gone.json"));
    }
    dir
}

/// Input expansion (files, directories, glob patterns) on fuzzed
/// arguments, one per line, taken inside a small tree: everything found is
/// a file in the tree.
pub fn inputs(data: &[u8]) {
    let tree = tree();
    let root = tree.path();
    let args: Vec<PathBuf> = data
        .split(|&b| b == b'\n')
        .take(8)
        .map(|arg| {
            // Relative, and never above the tree.
            let mut path = root.to_path_buf();
            for part in Path::new(&*String::from_utf8_lossy(arg)).components() {
                if let std::path::Component::Normal(p) = part {
                    path.push(p);
                }
            }
            path
        })
        .collect();
    for no_ignore in [false, true] {
        let search = tjspec_cli::inputs::Search { no_ignore };
        let Ok(found) = tjspec_cli::inputs::expand_with(&args, search) else {
            continue;
        };
        for input in found {
            let path = input.path().expect("no standard input here");
            assert!(
                path.starts_with(root),
                "{} is outside the tree",
                path.display()
            );
        }
    }
}

/// The output sinks `convert -o FILE` and `--out-dir DIR` write through:
/// every job converted from the input (YAML or JSON) is written, the file
/// holds exactly what was pushed, and each per-job file lands inside the
/// directory whatever the job's name.
pub fn sinks(data: &[u8]) {
    let from = detect(data);
    let Some(input) = source(from, data.to_vec()) else {
        return;
    };
    let to = FormatId::Ack;
    let settings = Settings::new().from(from).to(to);
    let outcome = process(&input, None, &settings);
    if outcome.jobs.is_empty() {
        return;
    }
    let format = to.format();
    let rendered: Vec<Vec<u8>> = outcome
        .jobs
        .iter()
        .map(|doc| render_bytes(to, std::slice::from_ref(doc), &WriteOptions::default()))
        .collect::<Result<_, _>>()
        .expect("ACK takes any number of jobs");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("out.yaml");
    let out_dir = dir.path().join("jobs");
    let options = tjspec_cli::output::sink::Options {
        to,
        check: false,
        diff: false,
        prune: false,
    };
    let mut one = tjspec_cli::output::sink::Sink::output(&file, options)
        .expect("a file in a temporary directory");
    let mut each = tjspec_cli::output::sink::Sink::dir(out_dir.clone(), options);
    for (doc, text) in outcome.jobs.iter().zip(&rendered) {
        for sink in [&mut one, &mut each] {
            sink.push(doc, "<fuzz>", text)
                .expect("writing a temporary directory");
        }
    }
    for sink in [one, each] {
        let finished = sink.finish().expect("writing a temporary directory");
        assert!(finished.stale.is_empty() && finished.errors.is_empty());
    }
    let expected = rendered.join(format.separator().as_bytes());
    assert_eq!(std::fs::read(&file).expect("the file is written"), expected);
    // One file per job, beside the manifest of what tjspec wrote.
    let written = std::fs::read_dir(&out_dir)
        .expect("the directory is written")
        .filter(|e| {
            e.as_ref().map_or(true, |e| {
                e.file_name() != tjspec_cli::output::mark::MANIFEST
            })
        })
        .count();
    assert_eq!(
        written,
        outcome.jobs.len(),
        "one file per job, inside the directory"
    );
}
