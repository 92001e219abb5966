//! Criterion micro-benchmarks of the data path, per format: parse (text →
//! document trees), convert (read the job out of the trees and validate it)
//! and write (job → output tree → text), on one realistic job and on a
//! stream of 100 jobs. Whole-process timings against the syntax-only floor
//! and peer tools are `cargo xtask bench`.
//!
//! `cargo bench --bench formats`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tjspec::format::{FormatId, ReadOptions, WriteOptions};
use tjspec::pipeline::render;
use tjspec::source::Source;
use tjspec::syntax::{json, yaml};

/// The shipped example job, and a stream of `n` copies with distinct names,
/// in `format`.
fn inputs(format: FormatId) -> Vec<(&'static str, String)> {
    let example = include_str!("../examples/xgboost-churn.json");
    let source = Source::new("example.json", example);
    let docs = FormatId::Aws
        .format()
        .read(&source, &ReadOptions::default());
    let job = docs
        .into_iter()
        .next()
        .and_then(|d| d.job)
        .expect("the example reads");
    let doc = tjspec::format::Doc {
        job,
        envelope: Default::default(),
    };
    let options = WriteOptions {
        include_status: true,
        ..WriteOptions::default()
    };
    let one = render(format, std::slice::from_ref(&doc), &options);
    let many: Vec<_> = (0..100)
        .map(|i| {
            let mut d = doc.clone();
            d.job.training_job_name = Some(format!("xgboost-churn-{i}"));
            d
        })
        .collect();
    vec![
        ("one job", one),
        ("100 jobs", render(format, &many, &options)),
    ]
}

fn parse(text: &str, format: FormatId) -> usize {
    match format {
        FormatId::Aws => json::parse_values(text).map_or(0, |v| v.len()),
        FormatId::AwsYaml => yaml::documents(text).filter(Result::is_ok).count(),
    }
}

fn benches(c: &mut Criterion) {
    for &format in FormatId::ALL {
        let f = format.format();
        for (label, text) in inputs(format) {
            let mut group = c.benchmark_group(format.name());
            group.throughput(Throughput::Bytes(text.len() as u64));

            group.bench_with_input(BenchmarkId::new("parse", label), &text, |b, text| {
                b.iter(|| parse(black_box(text), format))
            });

            let source = Source::new("bench", text.clone());
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
                .map(|job| tjspec::format::Doc {
                    job,
                    envelope: Default::default(),
                })
                .collect();
            let options = WriteOptions {
                include_status: true,
                ..WriteOptions::default()
            };
            group.bench_with_input(BenchmarkId::new("write", label), &docs, |b, docs| {
                b.iter(|| render(format, black_box(docs), &options).len())
            });
            group.finish();
        }
    }
}

criterion_group!(formats, benches);
criterion_main!(formats);
