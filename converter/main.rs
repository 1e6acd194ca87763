//! The `aurora2nix` binary: parse arguments, run, exit with the code `cli::run` returns.
//! SIGINT/SIGTERM ask the run to stop cleanly (exit 130); a second one stops at once.

fn main() {
    let _ = ctrlc::set_handler(|| {
        if aurora2nix::app::interrupted() {
            std::process::exit(130);
        }
        aurora2nix::app::interrupt();
    });
    std::process::exit(aurora2nix::cli::run(std::env::args()));
}
