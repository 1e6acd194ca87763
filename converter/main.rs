//! The `aurora2nix` binary: parse arguments, run, exit with the code `cli::run` returns.

fn main() {
    std::process::exit(aurora2nix::cli::run(std::env::args()));
}
