//! What a command works on: the configs named on the command line (files, directories, globs),
//! where each one's output goes, and running the work on all cores in input order.

use crate::diagnostic::{Code, Diagnostic};
use std::path::{Path, PathBuf};

/// One input file and the root it may read below.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    /// The directory argument it was found in, if any.
    pub root: Option<PathBuf>,
    /// The argument named exactly this one file.
    pub single: bool,
}

/// Expands paths, directories and globs into sorted `.aurora` files.
pub fn expand_inputs(paths: &[String]) -> Result<Vec<Input>, Diagnostic> {
    let mut out = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if path.is_dir() {
            let mut found = Vec::new();
            walk(
                path,
                &mut |f| f.extension().is_some_and(|e| e == "aurora"),
                &mut found,
            )
            .map_err(|e| Diagnostic::error(Code::Io, format!("cannot read {p}: {e}")))?;
            found.sort();
            out.extend(found.into_iter().map(|f| Input {
                path: f,
                root: Some(path.to_path_buf()),
                single: false,
            }));
        } else if path.is_file() {
            out.push(Input {
                path: path.to_path_buf(),
                root: None,
                single: true,
            });
        } else if path.exists() {
            return Err(Diagnostic::error(
                Code::Io,
                format!("{p} is not a regular file or a directory"),
            ));
        } else if p.contains(['*', '?', '[']) {
            let mut found = glob_files(p)?;
            found.sort();
            if found.is_empty() {
                return Err(Diagnostic::error(
                    Code::Usage,
                    format!("no files match {p}"),
                ));
            }
            out.extend(found.into_iter().map(|f| Input {
                path: f,
                root: None,
                single: false,
            }));
        } else {
            return Err(Diagnostic::error(
                Code::Io,
                format!("{p}: no such file or directory"),
            ));
        }
    }
    Ok(out)
}

/// The files below `dir` that `keep` accepts. Symlinked directories are not entered, so a walk
/// can neither leave the tree nor loop; a symlinked file is listed, and evaluating it refuses it
/// if it points outside the evaluation root.
fn walk(
    dir: &Path,
    keep: &mut dyn FnMut(&Path) -> bool,
    out: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_dir() {
            walk(&path, keep, out)?;
        } else if (kind.is_file() || kind.is_symlink()) && !path.is_dir() && keep(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// The files a glob pattern matches, found by walking (see [`walk`]) from the pattern's literal
/// leading folders.
fn glob_files(p: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    let bad = |e: String| Diagnostic::error(Code::Usage, format!("bad pattern {p}: {e}"));
    let pattern = glob::Pattern::new(p).map_err(|e| bad(e.to_string()))?;
    let options = glob::MatchOptions {
        require_literal_separator: true,
        ..Default::default()
    };
    let base: PathBuf = Path::new(p)
        .components()
        .take_while(|c| !c.as_os_str().to_string_lossy().contains(['*', '?', '[']))
        .collect();
    // With no literal folder, walk `.` and match the paths without their `./`.
    let bare = base.as_os_str().is_empty();
    let start = if bare { PathBuf::from(".") } else { base };
    let mut found = Vec::new();
    if start.is_dir() {
        walk(&start, &mut |_| true, &mut found).map_err(|e| bad(e.to_string()))?;
    }
    Ok(found
        .into_iter()
        .map(|f| match f.strip_prefix(".") {
            Ok(rest) if bare => rest.to_path_buf(),
            _ => f,
        })
        .filter(|f| pattern.matches_path_with(f, options))
        .collect())
}

/// Relative path of an input: below its directory argument, else below the current directory.
pub fn relative(input: &Input) -> PathBuf {
    // Canonical paths, so `..` and symlinks cannot point outside the tree and one file named
    // two ways has one relative path.
    let abs = |p: &Path| {
        p.canonicalize()
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let path = abs(&input.path);
    let base = match &input.root {
        Some(r) => abs(r),
        None => std::env::current_dir().unwrap_or_default(),
    };
    match path.strip_prefix(&base) {
        Ok(r) => r.to_path_buf(),
        Err(_) => PathBuf::from(input.path.file_name().unwrap_or_default()),
    }
}

/// Maps `f` over `items` on all cores, keeping order.
pub fn parallel_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let mut out = Vec::with_capacity(items.len());
    parallel_ordered(items, f, |u| out.push(u));
    out
}

/// Runs `f` over `items` on all cores and hands the results to `consume` in input order, each as
/// soon as it and every earlier one are done.
pub fn parallel_ordered<T: Sync, U: Send>(
    items: &[T],
    f: impl Fn(&T) -> U + Sync,
    mut consume: impl FnMut(U),
) {
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(items.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, U)>();
    std::thread::scope(|s| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (f, next) = (&f, &next);
            s.spawn(move || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= items.len() || tx.send((i, f(&items[i]))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending = std::collections::BTreeMap::new();
        let mut due = 0;
        for (i, u) in rx {
            pending.insert(i, u);
            while let Some(u) = pending.remove(&due) {
                consume(u);
                due += 1;
            }
        }
    });
}

/// Runs `f` and turns a panic into an `E0099` diagnostic, so one input's failure stays its own.
pub fn guarded<T>(f: impl FnOnce() -> Result<T, Diagnostic>) -> Result<T, Diagnostic> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => Err(crate::aurora::runtime::internal(payload.as_ref())),
    }
}

/// A progress bar on stderr when it is a terminal, else nothing.
pub struct Progress {
    total: usize,
    done: std::sync::atomic::AtomicUsize,
    enabled: bool,
}

impl Progress {
    /// A progress counter over `total` items, drawn when `tty`.
    pub fn new(total: usize, tty: bool) -> Progress {
        Progress {
            total,
            done: Default::default(),
            enabled: tty && total > 1,
        }
    }

    /// One more item done.
    pub fn tick(&self) {
        let n = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if self.enabled {
            let width = 30;
            let filled = n * width / self.total.max(1);
            eprint!(
                "\r[{}{}] {n}/{}",
                "#".repeat(filled),
                " ".repeat(width - filled),
                self.total
            );
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if self.enabled {
            eprint!("\r{}\r", " ".repeat(50));
        }
    }
}

/// The lock file: `--lock`, else `aurora2nix.lock` in the first directory argument or `.`.
pub fn lock_path(paths: &[String], lock: Option<&Path>) -> PathBuf {
    lock.map(Path::to_path_buf).unwrap_or_else(|| {
        let dir = paths
            .iter()
            .map(Path::new)
            .find(|p| p.is_dir())
            .unwrap_or(Path::new("."));
        dir.join(crate::packages::lock::FILE_NAME)
    })
}
