//! The syntax-only floor of `cargo xtask bench`, with yaml_serde (the
//! libyaml port that continues serde_yaml).
//!
//! `floor-yaml-serde [FILE...]` transcodes a multi-document YAML stream to JSON
//! Lines; `floor-yaml-serde --to-yaml [FILE...]` transcodes JSON Lines to a
//! YAML stream. No schema, no positions, one thread: only the syntax work a
//! conversion cannot avoid. Standard input when no file is given.
#![forbid(unsafe_code)]

use std::io::{BufRead, BufWriter, Read, Write};
use std::process::ExitCode;

use serde::Deserialize;

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
                    eprintln!("floor-yaml-serde: {path}: {e}");
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
            eprintln!("floor-yaml-serde: {e}");
            return ExitCode::from(1);
        }
    }
    match out.flush() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("floor-yaml-serde: {e}");
            ExitCode::from(1)
        }
    }
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn yaml_to_json_lines(input: Box<dyn Read>, out: &mut impl Write) -> Result<()> {
    let input = std::io::BufReader::with_capacity(1 << 16, input);
    for doc in yaml_serde::Deserializer::from_reader(input) {
        let value = serde_json::Value::deserialize(doc)?;
        serde_json::to_writer(&mut *out, &value)?;
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
        yaml_serde::to_writer(&mut *out, &value)?;
    }
    Ok(())
}
