//! The whole pipeline (read, validate, write for losses, render) for both
//! AWS formats on arbitrary bytes, as the CLI runs it.
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
    for &from in FormatId::ALL {
        for &to in FormatId::ALL {
            let settings = Settings {
                from: Some(from),
                to: Some(to),
                ..Settings::default()
            };
            let outcome = process(&source, None, &settings);
            let _ = render(to, &outcome.jobs, &WriteOptions::default());
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
