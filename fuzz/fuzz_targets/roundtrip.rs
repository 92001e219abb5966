//! Read → write → read: every job read from arbitrary input, written in each
//! AWS format (status included), reads back as the same job.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use tjspec::format::{FormatId, WriteOptions};
use tjspec::pipeline::{process, render, Settings};
use tjspec::source::Source;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = Source::from_bytes("fuzz", data.to_vec()) else {
        return;
    };
    let source = Arc::new(source);
    let write = WriteOptions {
        include_status: true,
        ..WriteOptions::default()
    };
    for &from in FormatId::ALL {
        let settings = Settings {
            from: Some(from),
            ..Settings::default()
        };
        let outcome = process(&source, None, &settings);
        for doc in &outcome.jobs {
            for &to in FormatId::ALL {
                let text = render(to, std::slice::from_ref(doc), &write);
                let again = process(
                    &Arc::new(Source::new("again", text.clone())),
                    None,
                    &Settings {
                        from: Some(to),
                        ..Settings::default()
                    },
                );
                assert_eq!(again.failed, 0, "{to} output does not read back:\n{text}");
                assert_eq!(again.jobs.len(), 1, "{text}");
                assert_eq!(again.jobs[0].job, doc.job, "{to} round trip changed the job:\n{text}");
            }
        }
    }
});
