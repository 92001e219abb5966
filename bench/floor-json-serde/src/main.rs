//! The syntax-only floor of `cargo xtask bench` for JSON inputs (state
//! machines, pipeline definitions), with serde_json.
//!
//! `floor-json-serde [FILE...]` parses each file's JSON values into
//! `serde_json::Value` and prints each as one line (JSON Lines): no schema,
//! no positions, one thread. Printing is the part of the work a conversion
//! to JSON Lines cannot avoid, and what the bench checks (one line per
//! document). Standard input when no file is given.
#![forbid(unsafe_code)]

use std::io::{BufWriter, Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let paths: Vec<Option<&str>> = if args.is_empty() {
        vec![None]
    } else {
        args.iter().map(|a| Some(a.as_str())).collect()
    };
    let mut text = Vec::new();
    for path in paths {
        text.clear();
        let read = match path {
            Some(path) => std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut text)),
            None => std::io::stdin().read_to_end(&mut text),
        };
        if let Err(e) = read {
            eprintln!("floor-json-serde: {}: {e}", path.unwrap_or("<stdin>"));
            return ExitCode::from(2);
        }
        if let Err(e) = json_to_lines(&text, &mut out) {
            eprintln!("floor-json-serde: {}: {e}", path.unwrap_or("<stdin>"));
            return ExitCode::from(1);
        }
    }
    match out.flush() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("floor-json-serde: {e}");
            ExitCode::from(1)
        }
    }
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn json_to_lines(text: &[u8], out: &mut impl Write) -> Result<()> {
    for value in serde_json::Deserializer::from_slice(text).into_iter::<serde_json::Value>() {
        serde_json::to_writer(&mut *out, &value?)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
