//! What a run may touch outside itself: files, through the embedder's [`Host`] (the only IO the
//! runtime does), and what it read of them and of the environment ([`Deps`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why the host would not read a file.
#[derive(Debug, Clone, PartialEq)]
pub enum HostError {
    /// Outside what the sandbox allows (a path outside the root, a device).
    Refused(String),
    /// Not there, or not a regular file.
    Missing(String),
    /// Larger than the limit the caller gave.
    TooLarge(String),
}

/// File access for the interpreter: the only IO it does.
pub trait Host {
    /// Reads a file the sandbox allows, of at most `max` bytes.
    fn read(&self, path: &Path, max: usize) -> Result<Vec<u8>, HostError>;
    /// Whether a path exists (for `os.path.exists`), within the sandbox.
    fn exists(&self, path: &Path) -> bool;
    /// Whether a path is a directory.
    fn is_dir(&self, path: &Path) -> bool;
    /// The name of the user the process runs as, from the password database (Python's
    /// `pwd.getpwuid(os.getuid())`), which `getpass.getuser()` falls back to when no
    /// environment variable names the user. `None` when there is no such entry.
    fn login_name(&self) -> Option<String> {
        None
    }
}

/// What a run's result depends on besides its source text.
#[derive(Default, Debug, Clone, PartialEq)]
pub struct Deps {
    /// Environment variables read, with the value seen (`None` if unset).
    pub env: BTreeMap<String, Option<String>>,
    /// Files read with `open()` (display path → sha256 hex).
    pub files: BTreeMap<String, String>,
    /// Absolute paths of the files read with `open()`.
    pub read: Vec<PathBuf>,
    /// Other facts (`getpass.getuser()`, `os.path.exists`).
    pub other: Vec<String>,
}

impl Deps {
    /// One sentence per dependency, for warnings. With `env_given`, the environment was set
    /// explicitly, so reading it is no dependency on the machine and is not described.
    pub fn describe(&self, env_given: bool) -> Vec<String> {
        let mut out = Vec::new();
        // Every variable read in one sentence (`getpass.getuser()` alone reads four).
        let vars: Vec<String> = self
            .env
            .iter()
            .filter(|_| !env_given)
            .map(|(k, v)| match v {
                Some(v) => format!("{k} (= {v:?})"),
                None => format!("{k} (unset)"),
            })
            .collect();
        match vars.len() {
            0 => {}
            1 => out.push(format!(
                "the result depends on environment variable {}",
                vars[0]
            )),
            _ => out.push(format!(
                "the result depends on environment variables {}",
                vars.join(", ")
            )),
        }
        for (f, h) in &self.files {
            out.push(format!(
                "the result depends on the contents of {f} (sha256 {h})"
            ));
        }
        for o in &self.other {
            out.push(format!("the result depends on {o}"));
        }
        out
    }
}
