//! The interpreter: executes Python 2.7 over rustpython's syntax tree.
//!
//! Python 2 semantics (integer `/` floors, `print` is a statement, `map`/`zip`/`range` return
//! lists, list comprehensions leak their variable). Files run in one shared globals dict, so an
//! embedder can run a library and then a program in one namespace. It is a sandbox: no processes, no
//! writes, no sockets, reads only through [`Host`], no interpreter internals, and every loop,
//! call and allocation is charged to the run's [`Budget`].
//!
//! Split by concern: this module holds the state, names and files, and is the [`Vm`] natives
//! see; `stmt` executes statements, `expr` evaluates expressions, `call` calls things. The
//! builtins, the methods of builtin types and the modules are found through their registries
//! (`builtins`, `modules`), which know the interpreter only as a [`Vm`].

mod call;
mod expr;
mod stmt;

use crate::budget::{Budget, Limits};
use crate::error::{ExcKind, Stop, StopKind};
use crate::host::{Deps, Host, HostError};
use crate::snapshot::Snapshot;
use crate::source::{FileId, SourceMap, Span};
use crate::value::{raise, Args, ExcObj, Frame, Module, Str, TypeObj, Value, Vm, R};
use crate::HashMap;
use rustpython_parser::ast::{Ranged, Stmt};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The largest source file (config or include) accepted, in bytes.
pub const MAX_SOURCE: usize = 8 << 20;

/// How deeply `include()`-like executions of further files may nest.
pub const MAX_FILE_NESTING: usize = 50;

/// The execution context of a block: the local frame (none at module level) and the file.
#[derive(Clone)]
pub(crate) struct Ctx {
    pub frame: Option<Rc<Frame>>,
    pub file: FileId,
    /// Names declared `global` in the current function.
    pub globals_decl: Rc<Vec<Str>>,
    /// Executing a class body: functions defined here do not close over it.
    pub in_class: bool,
}

/// Non-local control flow inside function bodies and loops.
pub(crate) enum Flow {
    Error(crate::Error),
    Return(Value),
    Break,
    Continue,
}

impl From<crate::Error> for Flow {
    fn from(e: crate::Error) -> Flow {
        Flow::Error(e)
    }
}

impl From<Stop> for Flow {
    fn from(s: Stop) -> Flow {
        Flow::Error(s.into())
    }
}

/// The exception an `except` clause is handling, for a bare `raise`.
pub(crate) struct Handling {
    exc: Rc<ExcObj>,
    span: Option<Span>,
    hint: Option<String>,
}

/// The interpreter state for one run (one program and the files it executes).
pub struct Interp {
    pub sources: SourceMap,
    pub globals: Rc<RefCell<HashMap<Str, Value>>>,
    pub budget: Rc<Budget>,
    /// What the run has read besides its sources (shared with `os.environ`).
    pub deps: Rc<RefCell<Deps>>,
    /// What `os.environ` holds.
    pub environ: Rc<BTreeMap<String, String>>,
    /// Paths are shown relative to this directory.
    pub root: PathBuf,
    host: Rc<dyn Host>,
    /// Modules an embedder added to the import allow-list.
    modules: HashMap<Str, Value>,
    /// Files whose `from __future__ import division` is on.
    true_division: Vec<FileId>,
    /// Files being executed (for relative paths).
    file_stack: Vec<FileId>,
    /// Call sites of the Python functions being executed, innermost last.
    call_stack: Vec<Span>,
    /// The exceptions being handled by `except` clauses, innermost last.
    handling: Vec<Handling>,
    /// The statement executing at module level of the outermost file.
    pub current_span: Option<Span>,
}

impl Interp {
    /// A fresh interpreter with an empty namespace.
    pub fn new(
        host: Rc<dyn Host>,
        root: PathBuf,
        environ: BTreeMap<String, String>,
        limits: Limits,
    ) -> Interp {
        Interp {
            sources: SourceMap::default(),
            globals: Rc::new(RefCell::new(HashMap::default())),
            budget: Rc::new(Budget::new(limits)),
            deps: Rc::default(),
            environ: Rc::new(environ),
            root,
            host,
            modules: HashMap::default(),
            true_division: Vec::new(),
            file_stack: Vec::new(),
            call_stack: Vec::new(),
            handling: Vec::new(),
            current_span: None,
        }
    }

    /// A snapshot of the namespace and files so far, from which later runs start
    /// ([`Interp::from_snapshot`]); an error when the namespace holds an object no snapshot
    /// can copy (see [`crate::snapshot`]).
    pub fn snapshot(&self) -> Result<Snapshot, String> {
        Snapshot::take(
            &self.globals.borrow(),
            &self.modules,
            self.sources.clone(),
            self.true_division.clone(),
        )
    }

    /// An interpreter whose namespace, modules and files are fresh copies of a snapshot's, as
    /// if the snapshot's run had just ended, with a fresh budget.
    pub fn from_snapshot(
        snapshot: &Snapshot,
        host: Rc<dyn Host>,
        root: PathBuf,
        environ: BTreeMap<String, String>,
        limits: Limits,
    ) -> Interp {
        let mut it = Interp::new(host, root, environ, limits);
        let (globals, modules) = snapshot.copy();
        *it.globals.borrow_mut() = globals;
        it.modules = modules;
        it.sources = snapshot.sources();
        it.true_division = snapshot.true_division.clone();
        it
    }

    /// Sets a global name.
    pub fn set_global(&mut self, name: &str, v: Value) {
        self.globals.borrow_mut().insert(name.into(), v);
    }

    /// A global name's value.
    pub fn global(&self, name: &str) -> Option<Value> {
        self.globals.borrow().get(name).cloned()
    }

    /// Adds a module to the import allow-list.
    pub fn add_module(&mut self, name: &str, attrs: HashMap<Str, Value>) {
        self.modules.insert(
            name.into(),
            Value::Module(Rc::new(Module {
                name: name.into(),
                attrs,
            })),
        );
    }

    /// Registers and executes a library file (one whose errors and objects are credited to the
    /// user code that calls into it).
    pub fn exec_library(&mut self, display: &str, text: &str) -> R<()> {
        let id = self
            .sources
            .add_library(Path::new(display), display.into(), text.into());
        self.exec_file(id)
    }

    /// Parses and executes a registered file in the shared globals.
    pub fn exec_file(&mut self, id: FileId) -> R<()> {
        let suite = crate::syntax::parse(&self.sources, id, &self.budget)?;
        if suite.iter().any(is_future_division) {
            self.true_division.push(id);
        }
        self.file_stack.push(id);
        let ctx = Ctx {
            frame: None,
            file: id,
            globals_decl: Rc::new(Vec::new()),
            in_class: false,
        };
        let r = self.exec_block(&suite, &ctx);
        self.file_stack.pop();
        match r {
            Ok(()) => Ok(()),
            Err(Flow::Error(e)) => Err(e),
            Err(Flow::Return(_)) => Err(raise(ExcKind::SyntaxError, "'return' outside function")),
            Err(Flow::Break) => Err(raise(ExcKind::SyntaxError, "'break' outside loop")),
            Err(Flow::Continue) => Err(raise(
                ExcKind::SyntaxError,
                "'continue' not properly in loop",
            )),
        }
    }

    /// A span in the file of `ctx`.
    pub(crate) fn span<T: Ranged + ?Sized>(&self, ctx: &Ctx, r: &T) -> Span {
        let range = r.range();
        Span::new(ctx.file, range.start().to_u32(), range.end().to_u32())
    }

    /// Looks a name up as Python does: locals (and enclosing functions), globals, builtins.
    fn lookup(&self, name: &str, ctx: &Ctx) -> Option<Value> {
        if !ctx.globals_decl.iter().any(|g| &**g == name) {
            let mut f = ctx.frame.clone();
            while let Some(fr) = f {
                if let Some(v) = fr.vars.borrow().get(name) {
                    return Some(v.clone());
                }
                f = fr.parent.clone();
            }
        }
        if let Some(v) = self.globals.borrow().get(name) {
            return Some(v.clone());
        }
        if name == "__name__" {
            // pystachio execs configs without a __name__, so Python finds the builtins module's.
            return Some(Value::str("__builtin__"));
        }
        crate::builtins::lookup(name)
    }

    fn store_name(&mut self, name: &str, v: Value, ctx: &Ctx) {
        match &ctx.frame {
            Some(f) if !ctx.globals_decl.iter().any(|g| &**g == name) => {
                if let Some(log) = &f.class_log {
                    log.borrow_mut().push((name.into(), true));
                }
                f.vars.borrow_mut().insert(name.into(), v);
            }
            _ => {
                self.globals.borrow_mut().insert(name.into(), v);
            }
        }
    }

    fn delete_name(&mut self, name: &str, ctx: &Ctx) -> R<()> {
        let removed = match &ctx.frame {
            Some(f) if !ctx.globals_decl.iter().any(|g| &**g == name) => {
                let removed = f.vars.borrow_mut().remove(name);
                if let (Some(log), Some(_)) = (&f.class_log, &removed) {
                    log.borrow_mut().push((name.into(), false));
                }
                removed
            }
            _ => self.globals.borrow_mut().remove(name),
        };
        match removed {
            Some(_) => Ok(()),
            None => Err(raise(
                ExcKind::NameError,
                format!("name '{name}' is not defined"),
            )),
        }
    }

    /// `globals()`, `locals()` and `vars()`: a snapshot copy of the caller's namespace, so the
    /// program can format with it (`'%(port)d' % locals()`) but reach nothing new.
    fn namespace_snapshot(&self, locals: bool, ctx: &Ctx) -> R<Value> {
        let mut names: Vec<(Str, Value)> = match (&ctx.frame, locals) {
            (Some(f), true) => f
                .vars
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            _ => self
                .globals
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        };
        self.budget.items(names.len())?;
        names.sort_by(|a, b| a.0.cmp(&b.0));
        let mut d = crate::value::Dict::new();
        for (k, v) in names {
            d.insert_str(&k, v);
        }
        Ok(Value::dict(d))
    }

    /// The items of an iterable.
    pub fn iterate(&mut self, v: &Value) -> R<Vec<Value>> {
        crate::ops::iterate(v, &self.budget)
    }
}

impl Vm for Interp {
    fn budget(&self) -> Rc<Budget> {
        self.budget.clone()
    }

    fn call(&mut self, f: &Value, args: Args) -> R<Value> {
        Interp::call(self, f, args)
    }

    fn get_attr(&mut self, obj: &Value, name: &str) -> R<Value> {
        Interp::get_attr(self, obj, name)
    }

    fn type_of(&self, v: &Value) -> Option<&'static TypeObj> {
        crate::builtins::type_of(v)
    }

    fn origin(&self, span: Span) -> Span {
        if !self.sources.is_library(span.file) {
            return span;
        }
        self.call_stack
            .iter()
            .rev()
            .find(|s| !self.sources.is_library(s.file))
            .copied()
            .unwrap_or(span)
    }

    fn resolve_path(&self, p: &str) -> PathBuf {
        let base = self
            .file_stack
            .last()
            .map(|id| {
                self.sources
                    .file(*id)
                    .path
                    .parent()
                    .unwrap_or(Path::new(""))
                    .to_path_buf()
            })
            .unwrap_or_default();
        normalize(&base.join(p))
    }

    fn display_path(&self, p: &Path) -> String {
        p.strip_prefix(&self.root)
            .map(|r| r.display().to_string())
            .unwrap_or_else(|_| p.display().to_string())
    }

    fn read_file(&mut self, path: &Path, as_written: &str, max: usize) -> R<Vec<u8>> {
        self.host.read(path, max).map_err(|e| match e {
            HostError::Refused(m) => Stop::sandbox(m).into(),
            HostError::TooLarge(m) => Stop::limit(m).into(),
            HostError::Missing(_) => raise(
                ExcKind::IOError,
                format!("[Errno 2] No such file or directory: '{as_written}'"),
            ),
        })
    }

    fn host(&self) -> &dyn Host {
        &*self.host
    }

    fn deps(&self) -> Rc<RefCell<Deps>> {
        self.deps.clone()
    }

    fn environ(&self) -> Rc<BTreeMap<String, String>> {
        self.environ.clone()
    }

    fn exec_path(&mut self, p: &str, span: Span) -> R<()> {
        if self.file_stack.len() > MAX_FILE_NESTING {
            return Err(Stop::limit(format!(
                "include() nested more than {MAX_FILE_NESTING} deep (an include cycle?)"
            ))
            .at(span)
            .into());
        }
        let path = self.resolve_path(p);
        let bytes = self
            .read_file(&path, p, MAX_SOURCE)
            .map_err(|e| e.at(span))?;
        self.budget.bytes(bytes.len()).map_err(|e| e.at(span))?;
        let display = self.display_path(&path);
        let text = crate::source::decode(bytes)
            .map_err(|m| Stop::new(StopKind::Io, format!("{display} {m}")).at(span))?;
        let id = self.sources.add(&path, display, text);
        self.exec_file(id)
    }

    fn extra_module(&self, name: &str) -> Option<Value> {
        self.modules.get(name).cloned()
    }

    fn extra_modules(&self) -> Vec<String> {
        let mut names: Vec<String> = self.modules.keys().map(|k| k.to_string()).collect();
        names.sort();
        names
    }
}

/// Whether a statement is `from __future__ import division`.
fn is_future_division(s: &Stmt) -> bool {
    matches!(s, Stmt::ImportFrom(i) if i.module.as_ref().is_some_and(|m| m.as_str() == "__future__")
        && i.names.iter().any(|a| a.name.as_str() == "division"))
}

fn normalize(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}
