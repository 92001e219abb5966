//! The `tjspec` binary.
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    tjspec_cli::cli::main()
}
