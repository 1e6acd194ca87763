//! The parse-only floor of `aurora2nix eval`: reads every `.aurora` file below a folder and
//! parses it as the evaluator does (the Python 2 rewrite, then rustpython-parser), executing
//! nothing. `bench/run.sh` compares eval's cost per config with this.
//!
//! Usage: cargo run --release --example parse_only -- DIR

use aurora2nix::python::{syntax, Budget, Limits, SourceMap};
use std::path::{Path, PathBuf};

fn configs(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            configs(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "aurora") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: parse_only DIR");
        return std::process::ExitCode::from(2);
    };
    let mut files = Vec::new();
    if let Err(e) = configs(Path::new(&dir), &mut files) {
        eprintln!("parse_only: {dir}: {e}");
        return std::process::ExitCode::from(2);
    }
    files.sort();
    let mut statements = 0;
    for path in &files {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("parse_only: {}: {e}", path.display());
                return std::process::ExitCode::FAILURE;
            }
        };
        let mut sources = SourceMap::default();
        let id = sources.add(path, path.display().to_string(), text);
        match syntax::parse(&sources, id, &Budget::new(Limits::default())) {
            Ok(suite) => statements += suite.len(),
            Err(e) => {
                eprintln!("parse_only: {}: {e:?}", path.display());
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    println!(
        "parsed {} files, {statements} top-level statements",
        files.len()
    );
    std::process::ExitCode::SUCCESS
}
