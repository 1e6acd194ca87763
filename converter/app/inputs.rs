//! What a command works on: the configs named on the command line (files, directories, globs),
//! where each one's output goes, and running the work on all cores in input order.

use super::project::{tidy, Project};
use crate::diagnostic::{Code, Diagnostic};
use std::path::{Path, PathBuf};

/// One input file: where it is read from, what it may read, and where its output goes.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    /// Files may only be read below this directory.
    pub root: PathBuf,
    /// Its path relative to the project root: `OUT/<rel>.nix` is its output, whatever argument
    /// named it. (A config outside the project root is relative to its directory argument.)
    pub rel: PathBuf,
    /// The argument named exactly this one file.
    pub single: bool,
    /// Its bindings from the project file, before the command line's.
    pub bindings: Vec<(String, String)>,
}

/// The canonical form of a path (absolute when it does not exist), so `..` and symlinks cannot
/// point outside a tree and one file named two ways is one file.
pub fn canonical(p: &Path) -> PathBuf {
    p.canonicalize()
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

/// Expands paths, directories and globs into sorted `.aurora` files of `project`; with no
/// paths, the project's `inputs` (default: the whole project). Files found by walking or globbing that match an `exclude`
/// pattern, or that aurora2nix generated (the launcher), are left out; a file named on its own
/// never is.
pub fn expand_inputs(
    paths: &[String],
    project: &Project,
    root: Option<&Path>,
) -> Result<Vec<Input>, Diagnostic> {
    let (paths, base): (Vec<String>, PathBuf) = if paths.is_empty() {
        if project.file.is_none() {
            return Err(Diagnostic::error(
                Code::Usage,
                format!("no configs named, and there is no {}", super::project::FILE_NAME),
            )
            .hint(format!(
                "name configs, directories or globs (`jobs/`), or write an {} at the repository root (`aurora2nix init`)",
                super::project::FILE_NAME
            )));
        }
        let inputs = &project.settings.inputs;
        let all = vec![".".to_string()];
        // Paths are shown relative to the working directory when the project is below it.
        let base = project.shown_dir();
        (
            if inputs.is_empty() {
                all
            } else {
                inputs.clone()
            },
            base,
        )
    } else {
        (paths.to_vec(), PathBuf::new())
    };
    let excluded: Vec<glob::Pattern> = project
        .settings
        .exclude
        .iter()
        .filter_map(|p| glob::Pattern::new(p).ok())
        .collect();
    let project_root = canonical(&project.dir);
    let root = root
        .map(Path::to_path_buf)
        .or_else(|| project.settings.root.as_ref().map(|r| project.path(r)));
    let mut out = Vec::new();
    let mut add = |file: PathBuf, dir_arg: Option<&Path>, single: bool| {
        let abs = canonical(&file);
        let (rel, default_root) = match abs.strip_prefix(&project_root) {
            Ok(rel) => (rel.to_path_buf(), project_root.clone()),
            Err(_) => {
                // Outside the project: relative to its directory argument, read below it (or
                // below the folder it is named in, not the one a symlink leads to).
                let dir = dir_arg.map(canonical);
                let rel = dir
                    .as_ref()
                    .and_then(|d| abs.strip_prefix(d).ok())
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from(file.file_name().unwrap_or_default()));
                let r = dir.unwrap_or_else(|| {
                    let named = std::path::absolute(&file).unwrap_or_else(|_| file.clone());
                    named.parent().map(canonical).unwrap_or_default()
                });
                (rel, r)
            }
        };
        if !single
            && (excluded
                .iter()
                .any(|p| p.matches_path_with(&rel, crate::aurora::GLOB_MATCH))
                || generated(&file))
        {
            return;
        }
        out.push(Input {
            bindings: [project.bindings(), project.config_bindings(&rel)].concat(),
            root: root.clone().unwrap_or(default_root),
            path: file,
            rel,
            single,
        });
    };
    for p in &paths {
        let named = tidy(&base.join(p));
        let path = named.as_path();
        if path.is_dir() {
            let mut found = Vec::new();
            walk(
                path,
                &mut |f| f.extension().is_some_and(|e| e == "aurora"),
                &mut found,
            )
            .map_err(|e| Diagnostic::error(Code::Io, format!("cannot read {p}: {e}")))?;
            found.sort();
            for f in found {
                add(tidy(&f), Some(path), false);
            }
        } else if path.is_file() {
            add(path.to_path_buf(), None, true);
        } else if path.exists() {
            return Err(Diagnostic::error(
                Code::Io,
                format!("{p} is not a regular file or a directory"),
            ));
        } else if p.contains(['*', '?', '[']) {
            let pattern = named.to_string_lossy();
            let mut found = glob_files(&pattern)?;
            found.sort();
            if found.is_empty() {
                return Err(Diagnostic::error(
                    Code::Usage,
                    format!("no files match {p}"),
                ));
            }
            for f in found {
                add(f, None, false);
            }
        } else {
            return Err(Diagnostic::error(
                Code::Io,
                format!("{p}: no such file or directory"),
            ));
        }
    }
    Ok(out)
}

/// Whether a file starts with aurora2nix's generated marker: output (the launcher `convert`
/// writes next to the job library), not a config, so walks and globs leave it out.
fn generated(file: &Path) -> bool {
    use std::io::Read;
    let marker = crate::nix::render::GENERATED_MARKER.as_bytes();
    let mut head = Vec::with_capacity(marker.len());
    std::fs::File::open(file)
        .and_then(|f| f.take(marker.len() as u64).read_to_end(&mut head))
        .is_ok_and(|_| head == marker)
}

/// The files below `dir` that `keep` accepts. Symlinked directories are not entered, so a walk
/// can neither leave the tree nor loop; a symlinked file is listed, and evaluating it refuses it
/// if it points outside the evaluation root.
pub(crate) fn walk(
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
    let base: PathBuf = Path::new(p)
        .components()
        .take_while(|c| !c.as_os_str().to_string_lossy().contains(['*', '?', '[']))
        .collect();
    // With no literal folder, walk `.` and match the paths without their `./`.
    let start = tidy(&base);
    let mut found = Vec::new();
    if start.is_dir() {
        walk(&start, &mut |_| true, &mut found).map_err(|e| bad(e.to_string()))?;
    }
    Ok(found
        .into_iter()
        .map(|f| tidy(&f))
        .filter(|f| pattern.matches_path_with(f, crate::aurora::GLOB_MATCH))
        .collect())
}

/// Maps `f` over `items` on all cores, keeping order.
/// `Err` when the run was interrupted before every item was done.
pub fn parallel_map<T: Sync, U: Send>(
    items: &[T],
    f: impl Fn(&T) -> U + Sync,
) -> Result<Vec<U>, Interrupted> {
    let mut out = Vec::with_capacity(items.len());
    parallel_ordered(items, f, |u| out.push(u));
    if out.len() < items.len() || super::interrupted() {
        return Err(Interrupted);
    }
    Ok(out)
}

/// The run was interrupted (SIGINT/SIGTERM): commands stop and exit with [`Interrupted::CODE`].
#[derive(Debug)]
pub struct Interrupted;

impl Interrupted {
    /// The exit code of an interrupted run, as shells report a SIGINT.
    pub const CODE: i32 = 130;
}

/// Runs `f` over `items` on all cores and hands the results to `consume` in input order, each as
/// soon as it and every earlier one are done.
///
/// A worker starts item `i` only once every item before `i - WINDOW` has been consumed, so at
/// most [`WINDOW`] results wait at any time, however slow one item or `consume` is: memory stays
/// flat in the number of items, and a `consume` that blocks (verify waiting for a free Nix
/// process) holds the workers back instead of piling results up.
pub fn parallel_ordered<T: Sync, U: Send>(
    items: &[T],
    f: impl Fn(&T) -> U + Sync,
    mut consume: impl FnMut(U),
) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = super::workers(items.len());
    let next = AtomicUsize::new(0);
    // How many items have been consumed, and a signal for workers waiting on the window.
    let consumed = (std::sync::Mutex::new(0usize), std::sync::Condvar::new());
    let (tx, rx) = std::sync::mpsc::channel::<(usize, U)>();
    std::thread::scope(|s| {
        let mut spawned = 0;
        for _ in 0..workers {
            let tx = tx.clone();
            let (f, next, consumed) = (&f, &next, &consumed);
            let work = move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                // Interrupted: start nothing new (the run reports it and exits 130).
                if i >= items.len() || super::interrupted() {
                    break;
                }
                // The item the consumer waits for is always below the window, so this cannot
                // wait forever: every earlier item is claimed, and none of them waits here. An
                // interruption (which stops other workers short) is noticed within 50 ms.
                let (lock, turn) = consumed;
                let mut done = lock.lock().unwrap_or_else(|p| p.into_inner());
                while i >= *done + WINDOW && !super::interrupted() {
                    let wait = std::time::Duration::from_millis(50);
                    done = turn
                        .wait_timeout(done, wait)
                        .map_or_else(|p| p.into_inner().0, |r| r.0);
                }
                drop(done);
                if super::interrupted() || tx.send((i, f(&items[i]))).is_err() {
                    break;
                }
            };
            spawned += usize::from(crate::aurora::runtime::spawn_worker(s, work).is_ok());
        }
        drop(tx);
        let mut pending = std::collections::BTreeMap::new();
        let mut due = 0;
        for (i, u) in rx {
            pending.insert(i, u);
            while let Some(u) = pending.remove(&due) {
                consume(u);
                due += 1;
                *consumed.0.lock().unwrap_or_else(|p| p.into_inner()) = due;
                consumed.1.notify_all();
            }
        }
        // No worker could start (no memory for its stack): this thread does the work.
        if spawned == 0 {
            for item in items.iter().take_while(|_| !super::interrupted()) {
                consume(f(item));
            }
        }
    });
}

/// How far ahead of the consumer [`parallel_ordered`]'s workers may run.
pub const WINDOW: usize = 256;

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

/// The lock file: `--lock`, else the project's `lock`, else `aurora2nix.lock` next to the
/// project file, else in the first directory argument or `.`.
pub fn lock_path(paths: &[String], lock: Option<&Path>, project: &Project) -> PathBuf {
    if let Some(l) = lock {
        return l.to_path_buf();
    }
    if let Some(l) = &project.settings.lock {
        return project.path(l);
    }
    let name = crate::packages::lock::FILE_NAME;
    if project.file.is_some() {
        return project.path(Path::new(name));
    }
    let dir = paths
        .iter()
        .map(Path::new)
        .find(|p| p.is_dir())
        .unwrap_or(Path::new("."));
    dir.join(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn parallel_ordered_keeps_order_and_never_runs_a_window_ahead() {
        let items: Vec<usize> = (0..3 * WINDOW + 17).collect();
        let consumed = AtomicUsize::new(0);
        let mut seen = Vec::new();
        parallel_ordered(
            &items,
            |&i| {
                // Started only once every item before i - WINDOW was consumed.
                assert!(
                    i < consumed.load(Ordering::SeqCst) + WINDOW,
                    "item {i} ran ahead"
                );
                i * 2
            },
            |u| {
                // A slow consumer: without the window the workers would finish everything first.
                std::thread::sleep(std::time::Duration::from_micros(200));
                seen.push(u);
                consumed.fetch_add(1, Ordering::SeqCst);
            },
        );
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }
}
