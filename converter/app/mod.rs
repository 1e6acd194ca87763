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
use inputs::Input;
use python::SourceMap;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::PathBuf;

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
    pub diagnostic: Box<Diagnostic>,
    pub sources: SourceMap,
    /// The input's path, for diagnostics without a location.
    pub file: String,
    /// The files it included before it failed (canonical), for the include graph.
    pub includes: Vec<PathBuf>,
}

impl FileError {
    /// A failure of `file` with no sources to point into.
    pub fn plain(diagnostic: Diagnostic, file: &str) -> FileError {
        FileError {
            diagnostic: Box::new(diagnostic),
            sources: SourceMap::default(),
            file: file.to_string(),
            includes: Vec::new(),
        }
    }

    /// An evaluation failure.
    pub fn eval(f: Failure, file: &str) -> FileError {
        FileError {
            includes: crate::aurora::included_files(&f.sources),
            diagnostic: Box::new(f.diagnostic),
            sources: f.sources,
            file: file.to_string(),
        }
    }

    /// Whether the config defines no job (a library, if another input includes it).
    pub fn defines_no_job(&self) -> bool {
        crate::aurora::defines_no_job(&self.diagnostic)
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

/// The include graph of one run: for each file, the inputs that `include()`d it.
#[derive(Default)]
pub struct Includes(HashMap<PathBuf, Vec<String>>);

impl Includes {
    /// The graph of `(input, the files its evaluation included)` pairs.
    pub fn new<'a>(edges: impl IntoIterator<Item = (&'a Input, &'a [PathBuf])>) -> Includes {
        let mut map: HashMap<PathBuf, Vec<String>> = HashMap::new();
        for (input, files) in edges {
            for f in files {
                map.entry(f.clone())
                    .or_default()
                    .push(input.path.display().to_string());
            }
        }
        Includes(map)
    }

    /// The inputs that include `input`: when it defines no job, these make it a library (not
    /// converted, not failed, not verified on its own). Empty when nothing includes it.
    pub fn of(&self, input: &Input) -> &[String] {
        input
            .path
            .canonicalize()
            .ok()
            .and_then(|p| self.0.get(&p))
            .map_or(&[], Vec::as_slice)
    }

    /// The summary line of a library: `included by a.aurora, b.aurora (and N more)`.
    pub fn line(includers: &[String]) -> String {
        let shown: Vec<String> = includers.iter().take(3).map(|s| shown(s)).collect();
        match includers.len() {
            n if n > 3 => format!("included by {} and {} more", shown.join(", "), n - 3),
            _ => format!("included by {}", shown.join(", ")),
        }
    }
}

/// A name from the input (a file name, a job key) for one line of terminal output: every control
/// character, line breaks included, written escaped.
pub fn shown(name: &str) -> String {
    crate::diagnostic::escape_controls(name, |_| false).into_owned()
}
