//! The commands: `eval`, `convert`, `verify`, `diff`, `report` and `lock`, over the inputs the
//! command line names. Each command writes to a [`Console`] and returns its exit code; the
//! binary's console is the process's, the tests' an in-memory one.

pub mod convert;
pub mod eval;
pub mod inputs;
pub mod lock;
pub mod project;
pub mod review;
pub mod verify;

use crate::aurora::Failure;
use crate::diagnostic::{self, Diagnostic};
use python::SourceMap;
use std::collections::BTreeMap;
use std::io::Write;

/// Where a command writes, and what it knows of its surroundings.
pub struct Console<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// The process environment (what `os.environ` sees unless `--env` is given).
    pub env: BTreeMap<String, String>,
    /// Standard output is a terminal (colours in `diff`).
    pub out_tty: bool,
    /// Standard error is a terminal (progress bars).
    pub err_tty: bool,
}

/// Why one input failed: its diagnostic and the sources it points into.
pub struct FileError {
    pub diagnostic: Diagnostic,
    pub sources: SourceMap,
    /// The input's path, for diagnostics without a location.
    pub file: String,
}

impl FileError {
    /// A failure of `file` with no sources to point into.
    pub fn plain(diagnostic: Diagnostic, file: &str) -> FileError {
        FileError {
            diagnostic,
            sources: SourceMap::default(),
            file: file.to_string(),
        }
    }

    /// An evaluation failure.
    pub fn eval(f: Failure, file: &str) -> FileError {
        FileError {
            diagnostic: f.diagnostic,
            sources: f.sources,
            file: file.to_string(),
        }
    }

    /// `file:line:col: error[CODE]: message`.
    pub fn line(&self) -> String {
        diagnostic::one_line(&self.diagnostic, &self.sources, &self.file)
    }

    /// The rustc-style rendering, with the source line.
    pub fn render(&self) -> String {
        diagnostic::render(&self.diagnostic, &self.sources, &self.file)
    }

    /// The machine-readable form.
    pub fn json(&self) -> serde_json::Value {
        self.diagnostic.to_json(&self.sources, &self.file)
    }
}

/// A name from the input (a file name, a job key) for one line of terminal output: every control
/// character, line breaks included, written escaped.
pub fn shown(name: &str) -> String {
    crate::diagnostic::escape_controls(name, |_| false).into_owned()
}
