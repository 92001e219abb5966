//! Read → write → read: whenever `convert --from A --to B` succeeds and the
//! writer reports no loss, reading its output back as B gives the same job.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use tjspec::format::{FormatId, WriteOptions};
use tjspec::pipeline::{process, render_bytes, Settings};
use tjspec::source::Source;

fn source(format: FormatId, bytes: Vec<u8>) -> Option<Arc<Source>> {
    let source = if format == FormatId::Flyteidl {
        Source::binary("fuzz", bytes)
    } else {
        Source::from_bytes("fuzz", bytes).ok()?
    };
    Some(Arc::new(source))
}

fuzz_target!(|data: &[u8]| {
    let write = WriteOptions {
        include_status: true,
        ..WriteOptions::default()
    };
    for &from in FormatId::ALL {
        let Some(input) = source(from, data.to_vec()) else {
            continue;
        };
        for &to in FormatId::ALL {
            let settings = Settings {
                from: Some(from),
                to: Some(to),
                write: write.clone(),
                ..Settings::default()
            };
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
                    &Settings {
                        from: Some(to),
                        to: Some(to),
                        ..Settings::default()
                    },
                );
                let shown = String::from_utf8_lossy(&bytes);
                assert_eq!(again.failed, 0, "{from} -> {to} does not read back:\n{shown}");
                assert_eq!(again.jobs.len(), 1, "{shown}");
                assert_eq!(
                    again.jobs[0].job, doc.job,
                    "{from} -> {to} -> {to} changed the job:\n{shown}"
                );
            }
        }
    }
});
