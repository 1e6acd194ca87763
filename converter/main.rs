//! The `aurora2nix` binary: parse arguments, run, exit with the code `cli::run` returns.
//! SIGINT/SIGTERM ask the run to stop cleanly (exit 130): no new input starts, nothing is
//! renamed into place. A run still busy after [`GRACE`] (a download waiting on a server, a long
//! evaluation), or a second signal, stops at once; the temporaries it may leave are removed by
//! the next `convert`.

/// How long an interrupted run may take to stop cleanly.
const GRACE: std::time::Duration = std::time::Duration::from_secs(3);

fn main() {
    let _ = ctrlc::set_handler(|| {
        let stop_now = || {
            eprintln!("aurora2nix: interrupted");
            std::process::exit(130);
        };
        if aurora2nix::app::interrupted() {
            stop_now();
        }
        aurora2nix::app::interrupt();
        std::thread::spawn(move || {
            std::thread::sleep(GRACE);
            stop_now();
        });
    });
    std::process::exit(aurora2nix::cli::run(std::env::args()));
}
