//! `aurora2nix artifacts`: every input of the converted jobs, local files and fetched URLs
//! alike, put into the local Nix store and printed one store path per line, for
//! `nix copy --to CACHE $(aurora2nix artifacts)`.

use super::convert::{jobs, output_path, ConvertOptions};
use super::inputs::Input;
use super::Console;
use crate::diagnostic::{self, Code, Diagnostic};
use python::SourceMap;

/// Runs `artifacts`: 0 printed, 1 an output is missing (run `convert`), 2 Nix failed.
pub fn run(con: &mut Console, opts: &ConvertOptions, files: &[Input]) -> i32 {
    let outputs: Vec<_> = jobs(files)
        .iter()
        .map(|j| output_path(&opts.out, &j.rel))
        .collect();
    let missing: Vec<_> = outputs.iter().filter(|p| !p.is_file()).collect();
    // Configs that produce no file (libraries, failures) are not inputs of anything; a file
    // convert should have written is.
    if missing.len() == outputs.len() && !outputs.is_empty() {
        let d = Diagnostic::error(
            Code::Stale,
            format!(
                "no converted file in {}: run `aurora2nix convert` first",
                opts.out.display()
            ),
        );
        let _ = write!(
            con.err,
            "{}",
            diagnostic::render(&d, &SourceMap::default(), "")
        );
        return 1;
    }
    let present: Vec<_> = outputs.into_iter().filter(|p| p.is_file()).collect();
    let (paths, failed) = crate::nix::run::realise_artifacts(&present);
    for p in paths {
        let _ = writeln!(con.out, "{p}");
    }
    match failed {
        None => 0,
        Some(m) => {
            let d = Diagnostic::error(Code::Nix, m)
                .hint("the paths printed are in the store; the others could not be built");
            let _ = write!(
                con.err,
                "{}",
                diagnostic::render(&d, &SourceMap::default(), "")
            );
            2
        }
    }
}
