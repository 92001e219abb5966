//! The syntax-only floor of `cargo xtask bench`, with serde-saphyr.
//!
//! `floor-saphyr [FILE...]` transcodes a multi-document YAML stream to JSON
//! Lines; `floor-saphyr --to-yaml [FILE...]` transcodes JSON Lines to a YAML
//! stream. No schema, no positions, one thread: only the syntax work a
//! conversion cannot avoid. Standard input when no file is given.
//!
//! serde-saphyr's budgets are enforced per document when reading a stream
//! (otherwise more than 1,024 documents or 250,000 nodes per stream are
//! rejected); the reader's total input cap is lifted so a stream of any
//! length goes through.
#![forbid(unsafe_code)]

use std::io::{BufRead, BufWriter, Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let to_yaml = args.first().is_some_and(|a| a == "--to-yaml");
    if to_yaml {
        args.remove(0);
    }
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut first = true;
    let paths: Vec<Option<&str>> = if args.is_empty() {
        vec![None]
    } else {
        args.iter().map(|a| Some(a.as_str())).collect()
    };
    for path in paths {
        let input: Box<dyn Read> = match path {
            Some(path) => match std::fs::File::open(path) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    eprintln!("floor-saphyr: {path}: {e}");
                    return ExitCode::from(2);
                }
            },
            None => Box::new(std::io::stdin()),
        };
        let result = if to_yaml {
            json_lines_to_yaml(input, &mut out, &mut first)
        } else {
            yaml_to_json_lines(input, &mut out)
        };
        if let Err(e) = result {
            eprintln!("floor-saphyr: {e}");
            return ExitCode::from(1);
        }
    }
    match out.flush() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("floor-saphyr: {e}");
            ExitCode::from(1)
        }
    }
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn yaml_to_json_lines(input: Box<dyn Read>, out: &mut impl Write) -> Result<()> {
    let mut input = std::io::BufReader::with_capacity(1 << 16, input);
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: None,
        },
    };
    for doc in serde_saphyr::read_with_options::<_, serde_json::Value>(&mut input, options) {
        serde_json::to_writer(&mut *out, &doc?)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn json_lines_to_yaml(input: Box<dyn Read>, out: &mut impl Write, first: &mut bool) -> Result<()> {
    let input = std::io::BufReader::with_capacity(1 << 16, input);
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line)?;
        if !*first {
            out.write_all(b"---\n")?;
        }
        *first = false;
        serde_saphyr::to_io_writer(&mut *out, &value)?;
    }
    Ok(())
}
