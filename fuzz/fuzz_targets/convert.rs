//! The whole pipeline (read, validate, write with its loss report, render)
//! for every reader and every writer on arbitrary bytes, as the CLI runs it.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use tjspec::format::{FormatId, WriteOptions};
use tjspec::pipeline::{process, render_bytes, Settings};
use tjspec::source::Source;

fuzz_target!(|data: &[u8]| {
    for &from in FormatId::ALL {
        let source = if from == FormatId::Flyteidl {
            Source::binary("fuzz", data.to_vec())
        } else {
            match Source::from_bytes("fuzz", data.to_vec()) {
                Ok(source) => source,
                Err(_) => continue,
            }
        };
        let source = Arc::new(source);
        for &to in FormatId::ALL {
            let settings = Settings {
                from: Some(from),
                to: Some(to),
                ..Settings::default()
            };
            let outcome = process(&source, None, &settings);
            let _ = render_bytes(to, &outcome.jobs, &WriteOptions::default());
            for r in &outcome.reports {
                let _ = tjspec::diagnostics::render(
                    r,
                    tjspec::diagnostics::MessageFormat::Human,
                    false,
                );
            }
        }
    }
});
