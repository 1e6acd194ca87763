//! The Aurora runtime a config runs in: an interpreter with pystachio, `include` and the schema
//! prelude; the filesystem host that keeps reads inside the evaluation root; and the thread an
//! evaluation runs on, which turns a panic into `E0099` for that one file.

use super::diagnose::diagnose;
use crate::diagnostic::{Code, Diagnostic};
use python::{Args, Host, HostError, Interp, Limits, NativeFn, Snapshot, SourceMap, Value, Vm, R};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Aurora's schema and helpers, executed before every config.
pub const PRELUDE: &str = include_str!("prelude.py");

/// A failed evaluation: the diagnostic and the sources to render it with.
pub struct Failure {
    pub diagnostic: Diagnostic,
    pub sources: SourceMap,
}

/// Reads files with the standard library, only below `root`, only regular files, never more
/// than the caller's limit.
pub struct FsHost {
    pub root: PathBuf,
}

impl FsHost {
    fn check(&self, path: &Path) -> Result<PathBuf, HostError> {
        let canon = path
            .canonicalize()
            .map_err(|e| HostError::Missing(format!("{}: {e}", path.display())))?;
        if !canon.starts_with(&self.root) {
            let resolves = if canon.as_path() == path {
                String::new()
            } else {
                format!(" (it resolves to {})", canon.display())
            };
            return Err(HostError::Refused(format!(
                "{} is outside the evaluation root {}{resolves}; see --root",
                path.display(),
                self.root.display()
            )));
        }
        Ok(canon)
    }
}

impl Host for FsHost {
    fn read(&self, path: &Path, max: usize) -> Result<Vec<u8>, HostError> {
        use std::io::Read;
        let p = self.check(path)?;
        let meta = std::fs::metadata(&p)
            .map_err(|e| HostError::Missing(format!("{}: {e}", path.display())))?;
        if meta.is_dir() {
            return Err(HostError::Missing(format!(
                "{} is a directory",
                path.display()
            )));
        }
        if !meta.is_file() {
            return Err(HostError::Refused(format!(
                "{} is not a regular file (a device, FIFO or socket)",
                path.display()
            )));
        }
        if meta.len() > max as u64 {
            return Err(HostError::TooLarge(format!(
                "{} is {} bytes; files are limited to {max} bytes",
                path.display(),
                meta.len()
            )));
        }
        let f = std::fs::File::open(&p)
            .map_err(|e| HostError::Missing(format!("{}: {e}", path.display())))?;
        let mut bytes = Vec::new();
        f.take(max as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| HostError::Missing(format!("{}: {e}", path.display())))?;
        if bytes.len() > max {
            return Err(HostError::TooLarge(format!(
                "{} grew past {max} bytes while being read",
                path.display()
            )));
        }
        Ok(bytes)
    }

    fn exists(&self, path: &Path) -> bool {
        self.check(path).is_ok()
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.check(path).is_ok_and(|p| p.is_dir())
    }

    fn login_name(&self) -> Option<String> {
        password_database_user()
    }
}

/// The current user's name from `/etc/passwd`, as Python's `pwd.getpwuid(os.getuid())`.
fn password_database_user() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        let _ = f.next()?;
        (f.next()? == uid).then(|| name.to_string())
    })
}

/// Stack beyond the budget's `max_stack` on an evaluation thread: what native code may use
/// between two stack checks.
const STACK_MARGIN: usize = 64 << 20;

/// The stack of a worker thread ([`spawn_worker`]): deep enough for an evaluation within the
/// default limits, which then runs on the worker itself.
pub const WORKER_STACK: usize = (192 << 20) + STACK_MARGIN;

thread_local! {
    /// The stack size of this thread when [`spawn_worker`] made it, else 0.
    static STACK_SIZE: Cell<usize> = const { Cell::new(0) };
}

/// Spawns a long-lived worker thread with [`WORKER_STACK`] of stack: the evaluations it runs
/// need no thread of their own, and the schema prelude runs once per worker.
pub fn spawn_worker<'scope, T: Send + 'scope>(
    s: &'scope std::thread::Scope<'scope, '_>,
    f: impl FnOnce() -> T + Send + 'scope,
) -> std::io::Result<std::thread::ScopedJoinHandle<'scope, T>> {
    std::thread::Builder::new()
        .stack_size(WORKER_STACK)
        .spawn_scoped(s, move || {
            STACK_SIZE.with(|c| c.set(WORKER_STACK));
            f()
        })
}

/// Runs `f` with a deep stack (the interpreter recurses; `limits.max_stack` of it is the
/// evaluation's, checked at every step), turning a panic into an `E0099` diagnostic for this
/// one task: in place on a worker whose stack is deep enough, else on a thread of its own.
pub fn isolated<T: Send>(
    limits: &Limits,
    f: impl FnOnce() -> Result<T, Failure> + Send,
) -> Result<T, Failure> {
    let needed = limits.max_stack.saturating_add(STACK_MARGIN);
    let panicked = |payload: Box<dyn std::any::Any + Send>| Failure {
        diagnostic: internal(payload.as_ref()),
        sources: SourceMap::default(),
    };
    if STACK_SIZE.with(Cell::get) >= needed {
        return std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
            .unwrap_or_else(|p| Err(panicked(p)));
    }
    std::thread::scope(|s| {
        let handle = std::thread::Builder::new()
            .stack_size(needed)
            .spawn_scoped(s, f);
        match handle.map(|h| h.join()) {
            Ok(Ok(r)) => r,
            Ok(Err(payload)) => Err(panicked(payload)),
            Err(e) => Err(Failure {
                diagnostic: Diagnostic::error(
                    Code::Internal,
                    format!("aurora2nix could not start an evaluation thread: {e}"),
                ),
                sources: SourceMap::default(),
            }),
        }
    })
}

/// The `E0099` diagnostic for a panic.
pub fn internal(payload: &(dyn std::any::Any + Send)) -> Diagnostic {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into());
    Diagnostic::error(
        Code::Internal,
        format!("aurora2nix failed internally ({what}); this is a bug, please report it with the config"),
    )
}

pub(crate) fn fail(d: Diagnostic, sources: SourceMap) -> Failure {
    Failure {
        diagnostic: d,
        sources,
    }
}

/// `include(path)`: executes another file into the same namespace (Aurora's loader).
static INCLUDE: NativeFn = NativeFn::new("include", include);

fn include(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("include", 1, 1)?;
    let p = match &a.pos[0] {
        Value::Str(s) => s.to_string(),
        other => {
            return Err(python::raise(
                python::ExcKind::TypeError,
                format!("include() path must be a string, not {}", other.type_name()),
            ))
        }
    };
    it.exec_path(&p, a.span)?;
    Ok(Value::None)
}

/// A fresh interpreter with Aurora's namespace: pystachio, `include`, and the schema prelude.
/// The prelude runs once per thread; each interpreter starts from a copy of the namespace it
/// left (see [`python::Snapshot`]), so no config sees what another did to it.
pub fn interpreter(
    host: Rc<dyn Host>,
    root: PathBuf,
    environ: BTreeMap<String, String>,
    limits: Limits,
) -> Result<Interp, Failure> {
    thread_local!(static PRELUDE_RUN: RefCell<Option<Rc<Snapshot>>> = const { RefCell::new(None) });
    let snapshot = match PRELUDE_RUN.with(|p| p.borrow().clone()) {
        Some(s) => s,
        None => {
            let s = Rc::new(run_prelude(host.clone(), root.clone())?);
            PRELUDE_RUN.with(|p| *p.borrow_mut() = Some(s.clone()));
            s
        }
    };
    Ok(Interp::from_snapshot(
        &snapshot, host, root, environ, limits,
    ))
}

/// Runs the prelude in a fresh namespace (within the default limits: it is ours, whatever the
/// user's are) and snapshots what it defined.
fn run_prelude(host: Rc<dyn Host>, root: PathBuf) -> Result<Snapshot, Failure> {
    let mut it = Interp::new(host, root, BTreeMap::new(), Limits::default());
    pystachio::install(&mut it);
    it.set_global("include", Value::Native(&INCLUDE));
    if let Err(e) = it.exec_library("<aurora-schema>", PRELUDE) {
        let d = diagnose(e, None);
        return Err(fail(d, std::mem::take(&mut it.sources)));
    }
    it.snapshot().map_err(|e| {
        let d = Diagnostic::error(
            Code::Internal,
            format!("aurora2nix failed internally (the schema prelude's {e}); this is a bug, please report it"),
        );
        fail(d, SourceMap::default())
    })
}
