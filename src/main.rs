//! The `tjspec` binary.
#![forbid(unsafe_code)]

/// mimalloc: see its entry in `Cargo.toml` for why. Only the binary sets
/// it; the library and the generated types leave the choice to their users.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    tjspec_cli::cli::main()
}
