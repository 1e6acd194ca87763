//! `aurora2nix json`: a generated (or hand-edited) Nix job file's Aurora JSON, evaluated by
//! real Nix exactly as `verify` evaluates it (restricted mode, the client's checks of the
//! library the file sits under), printed or written atomically, for
//! `aurora job create --read-json`. A file Nix cannot evaluate is an error with Nix's message
//! and leaves no output: never the partial document Nix prints before its error.

use super::Console;
use crate::diagnostic::{self, Code, Diagnostic};
use crate::nix::run::{self as nix_run, NixFailure};
use python::SourceMap;
use std::path::{Path, PathBuf};

/// The job library a file is checked with: `aurora-lib.nix` in its folder or the nearest one
/// above (where `convert` writes it).
fn library_of(file: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(file).ok()?;
    abs.ancestors()
        .skip(1)
        .map(|d| d.join("aurora-lib.nix"))
        .find(|l| l.is_file())
}

fn fail(con: &mut Console, d: Diagnostic, code: i32) -> i32 {
    let _ = write!(
        con.err,
        "{}",
        diagnostic::render(&d, &SourceMap::default(), "")
    );
    code
}

/// Runs `json`: 0 written, 1 Nix cannot evaluate the file (or the output cannot be written),
/// 2 the file or its library is missing, or Nix is not installed.
pub fn run(
    con: &mut Console,
    file: &Path,
    args: &[(String, String)],
    output: Option<&Path>,
) -> i32 {
    if !file.is_file() {
        let d = Diagnostic::error(Code::Usage, format!("{}: no such file", file.display()));
        return fail(con, d, 2);
    }
    let Some(library) = library_of(file) else {
        let d = Diagnostic::error(
            Code::Usage,
            format!(
                "no aurora-lib.nix in the folder of {} or above",
                file.display()
            ),
        )
        .hint("`aurora2nix convert` writes it at the root of the output tree");
        return fail(con, d, 2);
    };
    // As verify: the working directory (where inputs live) and the output tree are readable.
    let roots = vec![
        std::env::current_dir().unwrap_or_default(),
        library.parent().map(Path::to_path_buf).unwrap_or_default(),
    ];
    let text = match nix_run::document(file, args, &roots, &library) {
        Ok(t) => t,
        Err(NixFailure::Missing) => {
            let d = Diagnostic::error(Code::Nix, "nix-instantiate is not installed")
                .hint("install Debian's nix-bin (apt-get install nix-bin)");
            return fail(con, d, 2);
        }
        Err(NixFailure::Eval(m)) => {
            let d = Diagnostic::error(
                Code::Nix,
                format!("Nix cannot evaluate {}: {m}", file.display()),
            );
            return fail(con, d, 1);
        }
    };
    let text = format!("{}\n", text.trim_end());
    match output {
        None => {
            let _ = write!(con.out, "{text}");
            0
        }
        Some(path) => match super::convert::write_atomic(path, &text) {
            Ok(()) => 0,
            Err(e) => {
                let d =
                    Diagnostic::error(Code::Io, format!("cannot write {}: {e}", path.display()));
                fail(con, d, 1)
            }
        },
    }
}
