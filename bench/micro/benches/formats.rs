//! Criterion micro-benchmarks of the data path, per format: parse (text →
//! document trees), convert (read the job out of the trees and validate it)
//! and write (job → output tree → text), on one realistic job and on a
//! stream of 100 jobs. Whole-process timings against the syntax-only floor
//! and peer tools are `cargo xtask bench`.
//!
//! `cargo bench --manifest-path bench/Cargo.toml --bench formats`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tjspec::format::{FormatId, ReadOptions, Syntax, WriteOptions};
use tjspec::pipeline::render_bytes;
use tjspec::source::Source;
use tjspec::syntax::{hcl, json, yaml};

/// The shipped example job, and a stream of `n` copies with distinct names,
/// in `format`.
fn inputs(format: FormatId) -> Vec<(&'static str, Vec<u8>)> {
    let example = include_str!("../../../examples/xgboost-churn.json");
    let source = Source::new("example.json", example);
    let docs = FormatId::Aws
        .format()
        .read(&source, &ReadOptions::default());
    let job = docs
        .into_iter()
        .next()
        .and_then(|d| d.job)
        .expect("the example reads");
    let doc = tjspec::format::Doc::new(job);
    let options = WriteOptions::new().include_status(true);
    let one = render_bytes(format, std::slice::from_ref(&doc), &options).expect("one job renders");
    let many: Vec<_> = (0..100)
        .map(|i| {
            let mut d = doc.clone();
            if let tjspec_model::Job::TrainingJob(j) = &mut d.job {
                j.training_job_name = Some(format!("xgboost-churn-{i}"));
            }
            d
        })
        .collect();
    let mut out = vec![("one job", one)];
    // The binary form holds one message per file.
    if let Ok(many) = render_bytes(format, &many, &options) {
        out.push(("100 jobs", many));
    }
    out
}

/// The syntax step alone: text (or bytes) to document trees or messages.
fn parse(source: &Source, format: FormatId) -> usize {
    let text = &source.text;
    match format.declaration().syntax {
        Syntax::Json => json::parse_values(text).map_or(0, |v| v.len()),
        Syntax::Yaml => yaml::documents(text).filter(Result::is_ok).count(),
        Syntax::Hcl => hcl::parse(text).map_or(0, |(blocks, _)| blocks.len()),
        // The one protobuf message there is.
        Syntax::Protobuf => {
            <tjspec_flyteidl::sagemaker::TrainingJob as prost::Message>::decode(source.bytes())
                .map_or(0, |_| 1)
        }
    }
}

fn benches(c: &mut Criterion) {
    for &format in FormatId::ALL {
        let f = format.format();
        for (label, bytes) in inputs(format) {
            let mut group = c.benchmark_group(format.name());
            group.throughput(Throughput::Bytes(bytes.len() as u64));
            let source = if format.declaration().syntax.is_binary() {
                Source::binary("bench", bytes)
            } else {
                Source::new(
                    "bench",
                    String::from_utf8(bytes).expect("text formats write UTF-8"),
                )
            };

            group.bench_with_input(BenchmarkId::new("parse", label), &source, |b, source| {
                b.iter(|| parse(black_box(source), format))
            });

            group.bench_with_input(BenchmarkId::new("convert", label), &source, |b, source| {
                b.iter(|| {
                    let docs = f.read(black_box(source), &ReadOptions::default());
                    docs.iter()
                        .filter_map(|d| d.job.as_ref())
                        .map(|job| tjspec::model::validate(job).len())
                        .sum::<usize>()
                })
            });

            let docs: Vec<_> = f
                .read(&source, &ReadOptions::default())
                .into_iter()
                .filter_map(|d| d.job)
                .map(tjspec::format::Doc::new)
                .collect();
            let options = WriteOptions::new().include_status(true);
            group.bench_with_input(BenchmarkId::new("write", label), &docs, |b, docs| {
                b.iter(|| render_bytes(format, black_box(docs), &options).map_or(0, |b| b.len()))
            });
            group.finish();
        }
    }
}

criterion_group!(formats, benches);
criterion_main!(formats);
