//! The commands: `eval`, `convert`, `verify`, `diff`, `report`, `lock` and `json`, over the inputs the
//! command line names. Each command writes to a [`Console`] and returns its exit code; the
//! binary's console is the process's, the tests' an in-memory one.

pub mod artifacts;
pub mod convert;
pub mod eval;
pub mod graph;
pub mod init;
pub mod inputs;
pub mod json;
pub mod launch_check;
pub mod lock;
pub mod project;
pub mod review;
pub mod verify;

use crate::aurora::Failure;
use crate::diagnostic::{self, Code, Diagnostic};
use inputs::Input;
use python::SourceMap;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Asks the running command to stop: no new input is started, no output is renamed into place.
pub fn interrupt() {
    INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Whether the run was asked to stop (SIGINT/SIGTERM).
pub fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst)
}

/// Where a command writes, and what it knows of its surroundings.
pub struct Console<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// The process environment (what `os.environ` sees unless `--env` is given).
    pub env: BTreeMap<String, String>,
    /// Standard output is a terminal.
    pub out_tty: bool,
    /// Standard error is a terminal (progress bars).
    pub err_tty: bool,
    /// Colour standard output (`diff`): `--color`, else a terminal without `NO_COLOR`.
    pub color: bool,
    /// `-q`: only errors and the exit code.
    pub quiet: bool,
    /// `-v`: a line per file, and every warning where it occurs.
    pub verbose: bool,
}

static WORKERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// `-j N`: how many inputs are worked on at once (0: one per core).
pub fn set_workers(n: usize) {
    WORKERS.store(n, std::sync::atomic::Ordering::Relaxed);
}

/// The number of worker threads for `items` inputs.
pub fn workers(items: usize) -> usize {
    let n = match WORKERS.load(std::sync::atomic::Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    n.min(items.max(1))
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

/// A failure of the command itself (bad arguments), with no file or sources to point into.
impl From<Diagnostic> for FileError {
    fn from(d: Diagnostic) -> FileError {
        FileError::plain(d, "")
    }
}

/// The text of a settings file the user names (the project file, a tier file): a regular file
/// of at most `max` bytes, else an `E0011` saying so. `label` is how messages name it.
pub fn read_settings_file(path: &Path, label: &str, max: u64) -> Result<String, FileError> {
    let io =
        |m: String| FileError::plain(Diagnostic::error(Code::Io, m), &path.display().to_string());
    let meta = std::fs::metadata(path).map_err(|e| io(format!("cannot read {label}: {e}")))?;
    if !meta.is_file() || meta.len() > max {
        return Err(io(format!(
            "{label} is not a regular file of at most {max} bytes"
        )));
    }
    std::fs::read_to_string(path).map_err(|e| io(format!("cannot read {label}: {e}")))
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

    /// `file:line:col: error[CODE]: message`.
    pub fn line(&self) -> String {
        diagnostic::one_line(&self.diagnostic, &self.sources, &self.file)
    }

    /// The one-line form followed by its hints (`= help: ...`), indented for a summary.
    pub fn summary(&self) -> String {
        let mut s = self.line();
        for h in &self.diagnostic.hints {
            s.push_str("\n    = help: ");
            s.push_str(&shown(h));
        }
        s
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

/// The libraries of one run, from `(input, evaluated on its own, the files it included)` for
/// each input: for each input, the inputs whose evaluation included it when it is a library,
/// else nothing. A library is an input that does not evaluate to jobs on its own (it defines
/// none, or needs names its includers define) and that an input which does evaluate (or
/// another library) includes: not converted, not failed, not verified on its own, since its
/// includers run it and report its errors at its lines. A circle of failing files that include
/// each other stays failures.
pub fn libraries(runs: &[(&Input, bool, &[PathBuf])]) -> Vec<Vec<String>> {
    let canonical: Vec<Option<PathBuf>> = runs
        .iter()
        .map(|(i, _, _)| i.path.canonicalize().ok())
        .collect();
    // includers[j]: the inputs whose evaluation included input j.
    let mut includers: Vec<Vec<usize>> = vec![Vec::new(); runs.len()];
    let index: HashMap<&PathBuf, usize> = canonical
        .iter()
        .enumerate()
        .filter_map(|(j, c)| Some((c.as_ref()?, j)))
        .collect();
    for (i, (_, _, files)) in runs.iter().enumerate() {
        for f in files.iter() {
            if let Some(&j) = index.get(f) {
                if j != i {
                    includers[j].push(i);
                }
            }
        }
    }
    let mut library = vec![false; runs.len()];
    loop {
        let mut changed = false;
        for j in 0..runs.len() {
            let failed = !runs[j].1;
            if failed && !library[j] && includers[j].iter().any(|&i| runs[i].1 || library[i]) {
                library[j] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    (0..runs.len())
        .map(|j| {
            if !library[j] {
                return Vec::new();
            }
            includers[j]
                .iter()
                .filter(|&&i| runs[i].1 || library[i])
                .map(|&i| runs[i].0.path.display().to_string())
                .collect()
        })
        .collect()
}

/// `arg` as a POSIX shell word: as it is when it needs no quoting, else in single quotes.
pub fn shell_quote(arg: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:@%+,".contains(c);
    if !arg.is_empty() && arg.chars().all(plain) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// A name from the input (a file name, a job key) for one line of terminal output: every control
/// character, line breaks included, written escaped.
pub fn shown(name: &str) -> String {
    crate::diagnostic::escape_controls(name, |_| false).into_owned()
}
