//! The config interpreter: executes the Python 2.7 that `.aurora` files are written in.
//!
//! A tree-walking interpreter over rustpython's AST with Python 2 semantics (integer `/` floors,
//! `print` is a statement, `map`/`zip`/`range` return lists, list comprehensions leak their
//! variable). It runs the Aurora schema prelude and then the config in one shared globals dict,
//! exactly as Aurora's loader does. It is a sandbox: no processes, no writes, no sockets, reads
//! only below the evaluation root through [`Host`], no interpreter internals, and every loop,
//! recursion and allocation is bounded by [`Limits`].
//!
//! It does not know about jobs or JSON; `loader` does.

pub mod builtins;
pub mod format;
pub mod methods;
pub mod modules;
pub mod ops;
pub mod py2order;
pub mod value;

use crate::diagnostic::{Code, Diagnostic};
use crate::pystachio;
use crate::source::{FileId, SourceMap, Span};
use rustpython_parser::ast::{self, Expr, Ranged, Stmt};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use value::{Dict, Frame, FuncBody, FuncKind, Function, Str, Value};

/// Non-local control flow: exceptions, `return`, `break`, `continue`, and fatal stops.
pub enum Ctrl {
    Exc(Box<PyExc>),
    Return(Value),
    Break,
    Continue,
    /// A sandbox or limit violation: not catchable by the config.
    Fatal(Box<Diagnostic>),
}

/// A Python exception in flight.
pub struct PyExc {
    /// Advice for the user, shown under the diagnostic (not part of the Python message).
    pub hint: Option<String>,
    pub exc: Rc<value::Exception>,
    pub span: Option<Span>,
}

/// Result type of everything that can raise.
pub type R<T> = Result<T, Ctrl>;

/// Creates a Python exception of a builtin kind with one message argument.
pub fn raise(kind: &'static str, msg: impl Into<String>) -> Ctrl {
    Ctrl::Exc(Box::new(PyExc {
        hint: None,
        exc: Rc::new(value::Exception {
            kind,
            class: None,
            args: vec![Value::str(msg.into())],
        }),
        span: None,
    }))
}

/// A fatal (uncatchable) diagnostic.
pub fn fatal(code: Code, msg: impl Into<String>) -> Ctrl {
    Ctrl::Fatal(Box::new(Diagnostic::error(code, msg)))
}

/// The builtin exception hierarchy (child → parent).
pub fn exc_parent(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "BaseException" => return None,
        "Exception" | "SystemExit" | "KeyboardInterrupt" | "GeneratorExit" => "BaseException",
        "StandardError" | "StopIteration" | "Warning" | "Uninterpolatable" | "InvalidRefError" => {
            "Exception"
        }
        "ValueError" | "TypeError" | "AttributeError" | "NameError" | "AssertionError"
        | "LookupError" | "ArithmeticError" | "EnvironmentError" | "RuntimeError"
        | "ImportError" | "SyntaxError" | "MemoryError" | "EOFError" | "ReferenceError"
        | "SystemError" => "StandardError",
        "CoercionError" | "UnicodeError" => "ValueError",
        "UnicodeDecodeError" | "UnicodeEncodeError" => "UnicodeError",
        "KeyError" | "IndexError" => "LookupError",
        "ZeroDivisionError" | "OverflowError" | "FloatingPointError" => "ArithmeticError",
        "IOError" | "OSError" => "EnvironmentError",
        "NotImplementedError" => "RuntimeError",
        "UnboundLocalError" => "NameError",
        "IndentationError" => "SyntaxError",
        "DeprecationWarning" | "UserWarning" | "RuntimeWarning" => "Warning",
        _ => return None,
    })
}

/// Whether `kind` is `base` or derives from it.
pub fn exc_is(kind: &str, base: &str) -> bool {
    let mut k = Some(kind);
    while let Some(x) = k {
        if x == base {
            return true;
        }
        k = exc_parent(x);
    }
    false
}

impl Ctrl {
    /// Attaches a location to an exception that has none yet.
    pub fn at(mut self, span: Span) -> Ctrl {
        match &mut self {
            Ctrl::Exc(e) if e.span.is_none() => e.span = Some(span),
            Ctrl::Fatal(d) if d.span.is_none() => d.span = Some(span),
            _ => {}
        }
        self
    }

    /// Adds advice shown under the diagnostic.
    pub fn with_hint(mut self, hint: String) -> Ctrl {
        if let Ctrl::Exc(e) = &mut self {
            e.hint.get_or_insert(hint);
        }
        self
    }

    /// Whether this is an exception of builtin kind `kind` (or a subclass).
    pub fn is_kind(&self, kind: &str) -> bool {
        matches!(self, Ctrl::Exc(e) if exc_is(e.exc.kind, kind))
    }

    /// `CoercionError` or `ValueError`, which Choice resolution swallows.
    pub fn is_value_error(&self) -> bool {
        self.is_kind("ValueError")
    }

    /// The exception's `str()`.
    pub fn message(&self) -> String {
        match self {
            Ctrl::Exc(e) => exc_str(&e.exc),
            Ctrl::Fatal(d) => d.message.clone(),
            _ => String::new(),
        }
    }
}

/// `str(exception)`.
pub fn exc_str(e: &value::Exception) -> String {
    match e.args.as_slice() {
        [] => String::new(),
        [one] if exc_is(e.kind, "KeyError") && e.class.is_none() => {
            ops::repr(one).unwrap_or_default()
        }
        [one] => ops::py_str(one).unwrap_or_default(),
        many => ops::repr(&Value::tuple(many.to_vec())).unwrap_or_default(),
    }
}

/// Resource limits; every one ends evaluation with an `E0009` diagnostic.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Interpreter steps (statements and expressions evaluated).
    pub max_steps: u64,
    /// Nested Python calls.
    pub max_depth: usize,
    /// Length of one string, in bytes.
    pub max_str: usize,
    /// Length of one list, tuple, dict or range.
    pub max_items: usize,
    /// Bytes allocated in total by strings and containers over the whole evaluation.
    pub max_alloc: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_steps: 20_000_000,
            max_depth: 1000,
            max_str: 16 << 20,
            max_items: 2_000_000,
            max_alloc: 1 << 30,
        }
    }
}

/// File access for the evaluator; the only IO it does.
pub trait Host {
    /// Reads a file the sandbox allows, or returns a message why not.
    fn read(&self, path: &Path) -> Result<Vec<u8>, String>;
    /// Whether a path exists (for `os.path.exists`), within the sandbox.
    fn exists(&self, path: &Path) -> bool;
    /// Whether a path is a directory.
    fn is_dir(&self, path: &Path) -> bool;
}

/// What the result depends on besides the config's own text.
#[derive(Default, Debug, Clone, PartialEq)]
pub struct Deps {
    /// Environment variables read, with the value seen (`None` if unset).
    pub env: BTreeMap<String, Option<String>>,
    /// Files read with `open()` (display path → sha256 hex).
    pub files: BTreeMap<String, String>,
    /// Absolute paths of the files read with `open()`.
    pub read: Vec<PathBuf>,
    /// Other facts (`getpass.getuser()`, `time`).
    pub other: Vec<String>,
}

impl Deps {
    /// One sentence per dependency, for warnings.
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (k, v) in &self.env {
            out.push(match v {
                Some(v) => format!("the result depends on environment variable {k} (= {v:?})"),
                None => format!("the result depends on environment variable {k} (unset)"),
            });
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

/// Execution context of a block: the local frame (none at module level) and the file.
#[derive(Clone)]
pub struct Ctx {
    pub frame: Option<Rc<Frame>>,
    pub file: FileId,
    /// Names declared `global` in the current function.
    pub globals_decl: Rc<Vec<Str>>,
    /// Executing a class body: functions defined here do not close over it.
    pub in_class: bool,
}

/// The interpreter state for one evaluation (one config file and its includes).
pub struct Interp<'h> {
    pub sources: SourceMap,
    pub globals: Rc<RefCell<HashMap<Str, Value>>>,
    pub host: &'h dyn Host,
    pub root: PathBuf,
    pub environ: BTreeMap<String, String>,
    pub deps: Deps,
    pub limits: Limits,
    /// Files whose `from __future__ import division` is on.
    true_division: Vec<FileId>,
    steps: u64,
    depth: usize,
    alloc: u64,
    /// Stack of files being executed (for `include` and relative `open`).
    pub file_stack: Vec<FileId>,
    /// Span of the statement currently executing at module level of the outermost file.
    pub current_span: Option<Span>,
}

const PRELUDE: &str = include_str!("../schema/aurora_schema.py");

/// The prelude is always the first file of an evaluation.
const PRELUDE_FILE: FileId = FileId(0);

impl<'h> Interp<'h> {
    /// A fresh interpreter with the builtins and the Aurora schema loaded.
    pub fn new(
        host: &'h dyn Host,
        root: PathBuf,
        environ: BTreeMap<String, String>,
        limits: Limits,
    ) -> Result<Interp<'h>, Diagnostic> {
        let mut it = Interp {
            sources: SourceMap::default(),
            globals: Rc::new(RefCell::new(HashMap::new())),
            host,
            root,
            environ,
            deps: Deps::default(),
            limits,
            true_division: Vec::new(),
            steps: 0,
            depth: 0,
            alloc: 0,
            file_stack: Vec::new(),
            current_span: None,
        };
        builtins::install_pystachio_names(&mut it.globals.borrow_mut());
        let id = it.sources.add(
            Path::new("<aurora-schema>"),
            "<aurora-schema>".into(),
            PRELUDE.to_string(),
        );
        it.exec_file(id).map_err(|c| it.ctrl_to_diag(c))?;
        it.steps = 0;
        it.alloc = 0;
        Ok(it)
    }

    /// Parses and executes a registered file in the shared globals.
    pub fn exec_file(&mut self, id: FileId) -> R<()> {
        let suite =
            crate::syntax::parse(&self.sources, id).map_err(|d| Ctrl::Fatal(Box::new(d)))?;
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
            Err(Ctrl::Return(_)) => Err(raise("SyntaxError", "'return' outside function")),
            Err(Ctrl::Break) => Err(raise("SyntaxError", "'break' outside loop")),
            Err(Ctrl::Continue) => Err(raise("SyntaxError", "'continue' not properly in loop")),
            other => other,
        }
    }

    /// Converts an escaped control-flow value into a diagnostic.
    pub fn ctrl_to_diag(&self, c: Ctrl) -> Diagnostic {
        match c {
            Ctrl::Fatal(d) => *d,
            Ctrl::Exc(e) => {
                let kind = e.exc.kind;
                let name = e
                    .exc
                    .class
                    .as_ref()
                    .map_or(kind.to_string(), |c| c.name.to_string());
                let msg = exc_str(&e.exc);
                let (code, message) = match kind {
                    "AttributeError" if msg.starts_with("Unknown schema attribute") => {
                        (Code::UnknownAttribute, msg)
                    }
                    "Uninterpolatable" | "InvalidRefError" => {
                        (Code::Template, format!("{name}: {msg}"))
                    }
                    "ImportError" if msg.contains("allow-list") => (Code::ImportNotAllowed, msg),
                    "SyntaxError" => (Code::Syntax, msg),
                    _ => (
                        Code::PythonError,
                        if msg.is_empty() {
                            name
                        } else {
                            format!("{name}: {msg}")
                        },
                    ),
                };
                let mut d = Diagnostic::error(code, message);
                d.span = e.span.or(self.current_span);
                if let Some(h) = &e.hint {
                    d = d.hint(h.clone());
                } else if kind == "Uninterpolatable" {
                    d = d.hint("a template refers back to itself; inside a Struct `{{field}}` names the struct's own field, which a `.bind()` cannot override");
                } else if kind == "NameError" {
                    d = d.hint("Aurora configs see the schema names (Job, Service, Task, Process, Resources, ...) and what the config or its include()s define");
                }
                d
            }
            Ctrl::Return(_) | Ctrl::Break | Ctrl::Continue => {
                Diagnostic::error(Code::Syntax, "control flow outside of a function or loop")
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Accounting.

    #[inline]
    fn step(&mut self) -> R<()> {
        self.steps += 1;
        if self.steps > self.limits.max_steps {
            return Err(fatal(
                Code::Limit,
                format!(
                    "evaluation stopped after {} steps (an infinite loop?)",
                    self.limits.max_steps
                ),
            ));
        }
        Ok(())
    }

    /// Accounts for `bytes` of new allocation and checks a container or string size.
    pub fn charge(&mut self, bytes: usize) -> R<()> {
        self.alloc += bytes as u64;
        if self.alloc > self.limits.max_alloc {
            return Err(fatal(
                Code::Limit,
                format!(
                    "evaluation allocated more than {} MiB",
                    self.limits.max_alloc >> 20
                ),
            ));
        }
        Ok(())
    }

    /// Checks that a string of `len` bytes may be created.
    pub fn check_str(&mut self, len: usize) -> R<()> {
        if len > self.limits.max_str {
            return Err(fatal(
                Code::Limit,
                format!(
                    "a string of {len} bytes exceeds the limit of {} bytes",
                    self.limits.max_str
                ),
            ));
        }
        self.charge(len)
    }

    /// Checks that a container of `n` items may be created.
    pub fn check_items(&mut self, n: usize) -> R<()> {
        if n > self.limits.max_items {
            return Err(fatal(
                Code::Limit,
                format!(
                    "a container of {n} items exceeds the limit of {} items",
                    self.limits.max_items
                ),
            ));
        }
        self.charge(n.saturating_mul(16))
    }

    /// A span in the file of `ctx`.
    pub fn span<T: Ranged + ?Sized>(&self, ctx: &Ctx, r: &T) -> Span {
        let range = r.range();
        Span::new(ctx.file, range.start().to_u32(), range.end().to_u32())
    }

    // ------------------------------------------------------------------------------------------
    // Names.

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
        builtins::lookup(name)
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
            None => Err(raise("NameError", format!("name '{name}' is not defined"))),
        }
    }

    // ------------------------------------------------------------------------------------------
    // Statements.

    /// Executes statements in order.
    pub fn exec_block(&mut self, stmts: &[Stmt], ctx: &Ctx) -> R<()> {
        for s in stmts {
            if ctx.frame.is_none() && self.file_stack.len() == 1 {
                self.current_span = Some(self.span(ctx, s));
            }
            self.exec_stmt(s, ctx)
                .map_err(|c| c.at(self.span(ctx, s)))?;
        }
        Ok(())
    }

    fn exec_stmt(&mut self, s: &Stmt, ctx: &Ctx) -> R<()> {
        self.step()?;
        match s {
            Stmt::Expr(e) => {
                self.eval(&e.value, ctx)?;
            }
            Stmt::Assign(a) => {
                let v = self.eval(&a.value, ctx)?;
                for t in &a.targets {
                    self.assign(t, v.clone(), ctx)?;
                }
            }
            Stmt::AugAssign(a) => {
                let cur = self.eval(&a.target, ctx)?;
                let rhs = self.eval(&a.value, ctx)?;
                let span = self.span(ctx, a);
                let v = match (&cur, a.op) {
                    (Value::List(l), ast::Operator::Add) => {
                        let items = self.iterate(&rhs)?;
                        self.check_items(l.borrow().len() + items.len())?;
                        l.borrow_mut().extend(items);
                        cur.clone()
                    }
                    // `s |= t`, `s -= t`, `s &= t`, `s ^= t` change the set in place.
                    (
                        Value::Set(sv),
                        op @ (ast::Operator::BitOr
                        | ast::Operator::Sub
                        | ast::Operator::BitAnd
                        | ast::Operator::BitXor),
                    ) if matches!(rhs, Value::Set(_)) => {
                        let Value::Set(tv) = &rhs else {
                            unreachable!("matched above")
                        };
                        let same = Rc::ptr_eq(sv, tv);
                        match op {
                            ast::Operator::BitOr if !same => sv.borrow_mut().merge(&tv.borrow()),
                            ast::Operator::BitOr => {}
                            ast::Operator::Sub | ast::Operator::BitXor if same => {
                                sv.borrow_mut().clear()
                            }
                            ast::Operator::Sub => {
                                let items = tv.borrow().keys();
                                ops::set_remove_all(&mut sv.borrow_mut(), &items);
                            }
                            ast::Operator::BitXor => {
                                ops::set_toggle_all(&mut sv.borrow_mut(), &tv.borrow())
                            }
                            _ => {
                                let result = ops::set_intersection(&sv.borrow(), &tv.borrow())?;
                                *sv.borrow_mut() = result;
                            }
                        }
                        cur.clone()
                    }
                    _ => self.binop(a.op, &cur, &rhs, ctx).map_err(|c| c.at(span))?,
                };
                self.assign(&a.target, v, ctx)?;
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    let v = self.eval(v, ctx)?;
                    self.assign(&a.target, v, ctx)?;
                }
            }
            Stmt::If(i) => {
                if self.test(&i.test, ctx)? {
                    self.exec_block(&i.body, ctx)?;
                } else {
                    self.exec_block(&i.orelse, ctx)?;
                }
            }
            Stmt::For(f) => {
                let it = self.eval(&f.iter, ctx)?;
                let items = self.iterate(&it)?;
                let mut broke = false;
                for item in items {
                    self.step()?;
                    self.assign(&f.target, item, ctx)?;
                    if self.loop_body(&f.body, ctx)? {
                        broke = true;
                        break;
                    }
                }
                if !broke {
                    self.exec_block(&f.orelse, ctx)?;
                }
            }
            Stmt::While(w) => {
                let mut broke = false;
                while self.test(&w.test, ctx)? {
                    self.step()?;
                    if self.loop_body(&w.body, ctx)? {
                        broke = true;
                        break;
                    }
                }
                if !broke {
                    self.exec_block(&w.orelse, ctx)?;
                }
            }
            Stmt::Break(_) => return Err(Ctrl::Break),
            Stmt::Continue(_) => return Err(Ctrl::Continue),
            Stmt::Pass(_) => {}
            Stmt::Return(r) => {
                let v = match &r.value {
                    Some(e) => self.eval(e, ctx)?,
                    None => Value::None,
                };
                return Err(Ctrl::Return(v));
            }
            Stmt::FunctionDef(f) => {
                let func = self.make_function(
                    f.name.as_str(),
                    &f.args,
                    FuncBody::Def(Rc::new(f.body.clone())),
                    ctx,
                    collect_globals(&f.body),
                )?;
                let mut v = Value::Function(Rc::new(func));
                for d in f.decorator_list.iter().rev() {
                    let dec = self.eval(d, ctx)?;
                    let span = self.span(ctx, d);
                    v = self.call(&dec, vec![v], vec![], span)?;
                }
                self.store_name(f.name.as_str(), v, ctx);
            }
            Stmt::ClassDef(c) => self.exec_class(c, ctx)?,
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.delete(t, ctx)?;
                }
            }
            Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::Assert(a) => {
                if !self.test(&a.test, ctx)? {
                    let args = match &a.msg {
                        Some(m) => vec![self.eval(m, ctx)?],
                        None => vec![],
                    };
                    return Err(Ctrl::Exc(Box::new(PyExc {
                        hint: None,
                        exc: Rc::new(value::Exception {
                            kind: "AssertionError",
                            class: None,
                            args,
                        }),
                        span: Some(self.span(ctx, a)),
                    })));
                }
            }
            Stmt::Raise(r) => return Err(self.exec_raise(r, ctx)),
            Stmt::Try(t) => self.exec_try(t, ctx)?,
            Stmt::With(w) => {
                let mut entered = Vec::new();
                for item in &w.items {
                    let v = self.eval(&item.context_expr, ctx)?;
                    if let Some(target) = &item.optional_vars {
                        self.assign(target, v.clone(), ctx)?;
                    }
                    entered.push(v);
                }
                self.exec_block(&w.body, ctx)?;
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    let name = alias.name.as_str();
                    let module = modules::import(name).map_err(|c| c.at(self.span(ctx, alias)))?;
                    match &alias.asname {
                        Some(a) => self.store_name(a.as_str(), module, ctx),
                        None => {
                            let top = name.split('.').next().unwrap_or(name);
                            let top_mod = modules::import(top)?;
                            self.store_name(top, top_mod, ctx);
                        }
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                let module_name = i.module.as_ref().map_or("", |m| m.as_str());
                if module_name == "__future__" {
                    return Ok(());
                }
                let module = modules::import(module_name).map_err(|c| c.at(self.span(ctx, i)))?;
                let Value::Module(m) = &module else {
                    unreachable!("import returns modules")
                };
                for alias in &i.names {
                    let name = alias.name.as_str();
                    if name == "*" {
                        let mut names: Vec<_> = m
                            .attrs
                            .iter()
                            .filter(|(k, _)| !k.starts_with('_'))
                            .collect();
                        names.sort_by(|a, b| a.0.cmp(b.0));
                        for (k, v) in names {
                            self.store_name(k, v.clone(), ctx);
                        }
                        continue;
                    }
                    let v = match m.attrs.get(name) {
                        Some(v) => v.clone(),
                        None => {
                            modules::import(&format!("{module_name}.{name}")).map_err(|_| {
                                raise("ImportError", format!("cannot import name {name}"))
                                    .at(self.span(ctx, alias))
                            })?
                        }
                    };
                    let target = alias.asname.as_ref().map_or(name, |a| a.as_str());
                    self.store_name(target, v, ctx);
                }
            }
            other => {
                return Err(raise(
                    "SyntaxError",
                    format!(
                        "unsupported statement in an Aurora config: {}",
                        stmt_kind(other)
                    ),
                ))
            }
        }
        Ok(())
    }

    /// Runs one iteration of a loop body; true when it ended with `break`.
    fn loop_body(&mut self, body: &[Stmt], ctx: &Ctx) -> R<bool> {
        match self.exec_block(body, ctx) {
            Err(Ctrl::Break) => Ok(true),
            Err(Ctrl::Continue) | Ok(()) => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn exec_raise(&mut self, r: &ast::StmtRaise, ctx: &Ctx) -> Ctrl {
        let span = self.span(ctx, r);
        let exc = match &r.exc {
            None => return raise("RuntimeError", "No active exception to reraise").at(span),
            Some(e) => match self.eval(e, ctx) {
                Ok(v) => v,
                Err(c) => return c,
            },
        };
        match self.make_exception(exc, span) {
            Ok(c) | Err(c) => c,
        }
    }

    /// Turns a raised value (class or instance) into an exception in flight.
    fn make_exception(&mut self, exc: Value, span: Span) -> R<Ctrl> {
        let inst = match exc {
            Value::Exception(e) => e,
            Value::Builtin(name) if builtins::is_exception_name(name) => {
                Rc::new(value::Exception {
                    kind: builtins::exception_kind(name),
                    class: None,
                    args: vec![],
                })
            }
            cls @ Value::Class(_) => match self.call(&cls, vec![], vec![], span)? {
                Value::Exception(e) => e,
                _ => {
                    return Ok(
                        raise("TypeError", "exceptions must be derived from BaseException")
                            .at(span),
                    )
                }
            },
            other => {
                return Ok(raise(
                    "TypeError",
                    format!(
                    "exceptions must be old-style classes or derived from BaseException, not {}",
                    other.type_name()
                ),
                )
                .at(span))
            }
        };
        Ok(Ctrl::Exc(Box::new(PyExc {
            hint: None,
            exc: inst,
            span: Some(span),
        })))
    }

    fn exec_try(&mut self, t: &ast::StmtTry, ctx: &Ctx) -> R<()> {
        let result = match self.exec_block(&t.body, ctx) {
            Ok(()) => self.exec_block(&t.orelse, ctx),
            Err(Ctrl::Exc(e)) => {
                let mut chosen = None;
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    let matches = match &h.type_ {
                        None => true,
                        Some(ty) => {
                            let tv = self.eval(ty, ctx)?;
                            self.exception_matches(&e.exc, &tv)
                        }
                    };
                    if matches {
                        chosen = Some(h);
                        break;
                    }
                }
                match chosen {
                    None => Err(Ctrl::Exc(e)),
                    Some(h) => {
                        if let Some(name) = &h.name {
                            self.store_name(name.as_str(), Value::Exception(e.exc.clone()), ctx);
                        }
                        match self.exec_block(&h.body, ctx) {
                            // A bare `raise` re-raises the exception being handled.
                            Err(Ctrl::Exc(inner))
                                if inner.exc.kind == "RuntimeError"
                                    && exc_str(&inner.exc) == "No active exception to reraise" =>
                            {
                                Err(Ctrl::Exc(e))
                            }
                            other => other,
                        }
                    }
                }
            }
            Err(other) => Err(other),
        };
        if !t.finalbody.is_empty() {
            if matches!(result, Err(Ctrl::Fatal(_))) {
                return result;
            }
            self.exec_block(&t.finalbody, ctx)?;
        }
        result
    }

    fn exception_matches(&self, exc: &value::Exception, ty: &Value) -> bool {
        match ty {
            Value::Tuple(items) => items.iter().any(|t| self.exception_matches(exc, t)),
            Value::Builtin(name) if builtins::is_exception_name(name) => {
                exc_is(exc.kind, builtins::exception_kind(name))
            }
            Value::Class(c) => exc.class.as_ref().is_some_and(|ec| class_derives(ec, c)),
            _ => false,
        }
    }

    fn exec_class(&mut self, c: &ast::StmtClassDef, ctx: &Ctx) -> R<()> {
        let bases = c
            .bases
            .iter()
            .map(|b| self.eval(b, ctx))
            .collect::<R<Vec<_>>>()?;
        let frame = Rc::new(Frame {
            vars: RefCell::new(HashMap::new()),
            parent: ctx.frame.clone(),
            class_log: Some(RefCell::new(Vec::new())),
        });
        let body_ctx = Ctx {
            frame: Some(frame.clone()),
            file: ctx.file,
            globals_decl: Rc::new(Vec::new()),
            in_class: true,
        };
        self.exec_block(&c.body, &body_ctx)?;
        let span = self.span(ctx, c);
        // The class namespace in CPython 2.7's dict order (pystachio builds TYPEMAP from it).
        let log = frame
            .class_log
            .as_ref()
            .map(|l| std::mem::take(&mut *l.borrow_mut()))
            .unwrap_or_default();
        let vars = frame.vars.borrow();
        let attrs: Vec<(Str, Value)> = class_namespace_order(has_docstring(&c.body), &log)
            .into_iter()
            .filter_map(|k| vars.get(&k).map(|v| (k, v.clone())))
            .collect();
        drop(vars);
        let v = if bases.iter().any(|b| matches!(b, Value::Builtin("Struct"))) {
            builtins::make_struct_type(c.name.as_str(), &attrs).map_err(|e| e.at(span))?
        } else if let Some(Value::PType(parent)) = bases.first() {
            // Subclassing a Struct type keeps its schema under the new name (pystachio quirk).
            builtins::rename_struct(parent, c.name.as_str())
        } else {
            let cls = value::Class {
                name: c.name.as_str().into(),
                bases,
                attrs: RefCell::new(attrs.into_iter().collect()),
            };
            Value::Class(Rc::new(cls))
        };
        let mut v = v;
        for d in c.decorator_list.iter().rev() {
            let dec = self.eval(d, ctx)?;
            v = self.call(&dec, vec![v], vec![], span)?;
        }
        self.store_name(c.name.as_str(), v, ctx);
        Ok(())
    }

    fn make_function(
        &mut self,
        name: &str,
        args: &ast::Arguments,
        body: FuncBody,
        ctx: &Ctx,
        globals_decl: Vec<Str>,
    ) -> R<Function> {
        let mut params = Vec::new();
        for a in args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
        {
            let default = match &a.default {
                Some(d) => Some(self.eval(d, ctx)?),
                None => None,
            };
            params.push((Str::from(a.def.arg.as_str()), default));
        }
        let closure = if ctx.in_class {
            ctx.frame.as_ref().and_then(|f| f.parent.clone())
        } else {
            ctx.frame.clone()
        };
        Ok(Function {
            name: name.into(),
            params,
            vararg: args.vararg.as_ref().map(|a| a.arg.as_str().into()),
            kwarg: args.kwarg.as_ref().map(|a| a.arg.as_str().into()),
            body,
            closure,
            file: ctx.file,
            globals_decl,
            kind: FuncKind::Plain,
        })
    }

    // ------------------------------------------------------------------------------------------
    // Assignment.

    fn assign(&mut self, target: &Expr, v: Value, ctx: &Ctx) -> R<()> {
        match target {
            Expr::Name(n) => {
                self.store_name(n.id.as_str(), v, ctx);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let items = self.iterate(&v)?;
                let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
                match star {
                    None => {
                        if items.len() != elts.len() {
                            return Err(raise(
                                "ValueError",
                                if items.len() > elts.len() {
                                    "too many values to unpack".to_string()
                                } else {
                                    format!("need more than {} values to unpack", items.len())
                                },
                            ));
                        }
                        for (t, item) in elts.iter().zip(items) {
                            self.assign(t, item, ctx)?;
                        }
                    }
                    Some(si) => {
                        let after = elts.len() - si - 1;
                        if items.len() < elts.len() - 1 {
                            return Err(raise("ValueError", "need more values to unpack"));
                        }
                        for (t, item) in elts[..si].iter().zip(&items) {
                            self.assign(t, item.clone(), ctx)?;
                        }
                        let mid = items[si..items.len() - after].to_vec();
                        let Expr::Starred(s) = &elts[si] else {
                            unreachable!()
                        };
                        self.assign(&s.value, Value::list(mid), ctx)?;
                        for (t, item) in elts[si + 1..].iter().zip(&items[items.len() - after..]) {
                            self.assign(t, item.clone(), ctx)?;
                        }
                    }
                }
                Ok(())
            }
            Expr::Subscript(s) => {
                let obj = self.eval(&s.value, ctx)?;
                if let Expr::Slice(sl) = &*s.slice {
                    let (lo, hi) = self.slice_bounds(sl, ctx)?;
                    let span = self.span(ctx, s);
                    return ops::set_slice(self, &obj, lo, hi, v).map_err(|c| c.at(span));
                }
                let key = self.eval(&s.slice, ctx)?;
                let span = self.span(ctx, s);
                ops::set_item(self, &obj, key, v).map_err(|c| c.at(span))
            }
            Expr::Attribute(a) => {
                let obj = self.eval(&a.value, ctx)?;
                let span = self.span(ctx, a);
                ops::set_attr(&obj, a.attr.as_str(), v).map_err(|c| c.at(span))
            }
            Expr::Starred(s) => self.assign(&s.value, v, ctx),
            _ => Err(raise("SyntaxError", "can't assign to this expression")),
        }
    }

    fn delete(&mut self, target: &Expr, ctx: &Ctx) -> R<()> {
        match target {
            Expr::Name(n) => self.delete_name(n.id.as_str(), ctx),
            Expr::Subscript(s) => {
                let obj = self.eval(&s.value, ctx)?;
                let key = self.eval(&s.slice, ctx)?;
                ops::del_item(&obj, &key)
            }
            Expr::Tuple(t) => {
                for e in &t.elts {
                    self.delete(e, ctx)?;
                }
                Ok(())
            }
            _ => Err(raise("SyntaxError", "can't delete this expression")),
        }
    }

    // ------------------------------------------------------------------------------------------
    // Expressions.

    /// Evaluates an expression.
    pub fn eval(&mut self, e: &Expr, ctx: &Ctx) -> R<Value> {
        self.step()?;
        match e {
            Expr::Constant(c) => {
                if let ast::Constant::Str(_) = &c.value {
                    if let Some(v) = self.py2_string(c, ctx) {
                        return Ok(Value::str(v));
                    }
                }
                self.constant(&c.value).map_err(|x| x.at(self.span(ctx, c)))
            }
            Expr::Name(n) => self.lookup(n.id.as_str(), ctx).ok_or_else(|| {
                raise("NameError", format!("name '{}' is not defined", n.id)).at(self.span(ctx, n))
            }),
            Expr::BinOp(b) => {
                let l = self.eval(&b.left, ctx)?;
                let r = self.eval(&b.right, ctx)?;
                self.binop(b.op, &l, &r, ctx)
                    .map_err(|x| x.at(self.span(ctx, b)))
            }
            Expr::UnaryOp(u) => {
                let v = self.eval(&u.operand, ctx)?;
                match u.op {
                    ast::UnaryOp::Not => Ok(Value::Bool(!self.truthy(&v)?)),
                    op => ops::unary(op, &v).map_err(|x| x.at(self.span(ctx, u))),
                }
            }
            Expr::BoolOp(b) => {
                let mut last = Value::None;
                for (i, v) in b.values.iter().enumerate() {
                    last = self.eval(v, ctx)?;
                    let t = self.truthy(&last)?;
                    let stop = match b.op {
                        ast::BoolOp::And => !t,
                        ast::BoolOp::Or => t,
                    };
                    if stop || i == b.values.len() - 1 {
                        break;
                    }
                }
                Ok(last)
            }
            Expr::Compare(c) => {
                let mut left = self.eval(&c.left, ctx)?;
                for (op, right) in c.ops.iter().zip(&c.comparators) {
                    let right = self.eval(right, ctx)?;
                    let ok = self
                        .compare(*op, &left, &right)
                        .map_err(|x| x.at(self.span(ctx, c)))?;
                    if !ok {
                        return Ok(Value::Bool(false));
                    }
                    left = right;
                }
                Ok(Value::Bool(true))
            }
            Expr::IfExp(i) => {
                if self.test(&i.test, ctx)? {
                    self.eval(&i.body, ctx)
                } else {
                    self.eval(&i.orelse, ctx)
                }
            }
            Expr::Call(c) => self.eval_call(c, ctx),
            Expr::Attribute(a) => {
                let obj = self.eval(&a.value, ctx)?;
                ops::get_attr(self, &obj, a.attr.as_str()).map_err(|x| x.at(self.span(ctx, a)))
            }
            Expr::Subscript(s) => {
                let obj = self.eval(&s.value, ctx)?;
                let span = self.span(ctx, s);
                if let Expr::Slice(sl) = &*s.slice {
                    let (lo, hi) = self.slice_bounds(sl, ctx)?;
                    let step = match &sl.step {
                        Some(st) => self.eval(st, ctx)?,
                        None => Value::None,
                    };
                    return ops::slice(&obj, lo, hi, step).map_err(|x| x.at(span));
                }
                let key = self.eval(&s.slice, ctx)?;
                ops::get_item(self, &obj, &key).map_err(|x| x.at(span))
            }
            Expr::List(l) => {
                let items = self.eval_elts(&l.elts, ctx)?;
                Ok(Value::list(items))
            }
            Expr::Tuple(t) => {
                let items = self.eval_elts(&t.elts, ctx)?;
                Ok(Value::tuple(items))
            }
            Expr::Set(s) => {
                let items = self.eval_elts(&s.elts, ctx)?;
                ops::make_set(items)
            }
            Expr::Dict(d) => {
                // `BUILD_MAP n` presizes the table for the literal's entries.
                let mut dict = Dict::presized(d.keys.len());
                for (k, v) in d.keys.iter().zip(&d.values) {
                    match k {
                        Some(k) => {
                            let kv = self.eval(k, ctx)?;
                            let vv = self.eval(v, ctx)?;
                            ops::dict_set(&mut dict, kv, vv)
                                .map_err(|x| x.at(self.span(ctx, k)))?;
                        }
                        None => {
                            let other = self.eval(v, ctx)?;
                            ops::dict_update(self, &mut dict, &other)?;
                        }
                    }
                }
                Ok(Value::dict(dict))
            }
            // Python 2 list comprehensions leak their variable into the enclosing scope.
            Expr::ListComp(c) => Ok(Value::list(self.collect(&c.elt, &c.generators, ctx)?)),
            Expr::GeneratorExp(c) => {
                let inner = self.child_ctx(ctx);
                Ok(Value::list(self.collect(&c.elt, &c.generators, &inner)?))
            }
            Expr::SetComp(c) => {
                let inner = self.child_ctx(ctx);
                let items = self.collect(&c.elt, &c.generators, &inner)?;
                ops::make_set(items)
            }
            Expr::DictComp(c) => {
                let inner = self.child_ctx(ctx);
                let mut dict = Dict::new();
                self.comprehension(&c.generators, 0, &inner, &mut |it, ctx| {
                    let k = it.eval(&c.key, ctx)?;
                    let v = it.eval(&c.value, ctx)?;
                    ops::dict_set(&mut dict, k, v)?;
                    it.check_items(dict.len())
                })?;
                Ok(Value::dict(dict))
            }
            Expr::Lambda(l) => {
                let f = self.make_function(
                    "<lambda>",
                    &l.args,
                    FuncBody::Lambda(Rc::new((*l.body).clone())),
                    ctx,
                    Vec::new(),
                )?;
                Ok(Value::Function(Rc::new(f)))
            }
            Expr::Starred(s) => self.eval(&s.value, ctx),
            Expr::JoinedStr(_) | Expr::FormattedValue(_) => {
                Err(raise("SyntaxError", "f-strings are not Python 2.7").at(self.span(ctx, e)))
            }
            other => Err(raise(
                "SyntaxError",
                format!(
                    "unsupported expression in an Aurora config: {}",
                    expr_kind(other)
                ),
            )
            .at(self.span(ctx, other))),
        }
    }

    fn namespace_snapshot(&self, which: &str, ctx: &Ctx) -> Value {
        let mut names: Vec<(Str, Value)> = match (&ctx.frame, which) {
            (Some(f), "locals" | "vars") => f
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
        names.sort_by(|a, b| a.0.cmp(&b.0));
        let mut d = Dict::new();
        for (k, v) in names {
            let _ = ops::dict_set(&mut d, Value::Str(k), v);
        }
        Value::dict(d)
    }

    /// A string literal's Python 2 value where it differs from the parser's (Python 3) reading.
    fn py2_string(&self, c: &ast::ExprConstant, ctx: &Ctx) -> Option<String> {
        let file = self.sources.file(ctx.file);
        let r = c.range;
        let start = file.rewritten.original_offset(r.start().to_usize());
        let end = file.rewritten.original_offset(r.end().to_usize());
        let text = file.text.get(start..end)?;
        // Only `ur'...'` differs after the Python 2 rewrite: Python 2 processes its `\u` escapes.
        if !text.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("ur")) {
            return None;
        }
        crate::syntax::py2_string_value(text)
    }

    fn child_ctx(&self, ctx: &Ctx) -> Ctx {
        Ctx {
            frame: Some(Rc::new(Frame {
                vars: RefCell::new(HashMap::new()),
                parent: ctx.frame.clone(),
                class_log: None,
            })),
            file: ctx.file,
            globals_decl: Rc::new(Vec::new()),
            in_class: false,
        }
    }

    /// The elements of a list/set/generator comprehension.
    fn collect(&mut self, elt: &Expr, gens: &[ast::Comprehension], ctx: &Ctx) -> R<Vec<Value>> {
        let mut out = Vec::new();
        self.comprehension(gens, 0, ctx, &mut |it, ctx| {
            let v = it.eval(elt, ctx)?;
            out.push(v);
            it.check_items(out.len())
        })?;
        Ok(out)
    }

    fn comprehension(
        &mut self,
        gens: &[ast::Comprehension],
        i: usize,
        ctx: &Ctx,
        body: &mut dyn FnMut(&mut Self, &Ctx) -> R<()>,
    ) -> R<()> {
        let Some(g) = gens.get(i) else {
            return body(self, ctx);
        };
        let it = self.eval(&g.iter, ctx)?;
        for item in self.iterate(&it)? {
            self.step()?;
            self.assign(&g.target, item, ctx)?;
            let mut keep = true;
            for cond in &g.ifs {
                if !self.test(cond, ctx)? {
                    keep = false;
                    break;
                }
            }
            if keep {
                self.comprehension(gens, i + 1, ctx, body)?;
            }
        }
        Ok(())
    }

    fn eval_elts(&mut self, elts: &[Expr], ctx: &Ctx) -> R<Vec<Value>> {
        let mut out = Vec::with_capacity(elts.len());
        for e in elts {
            if let Expr::Starred(s) = e {
                let v = self.eval(&s.value, ctx)?;
                out.extend(self.iterate(&v)?);
            } else {
                out.push(self.eval(e, ctx)?);
            }
        }
        self.check_items(out.len())?;
        Ok(out)
    }

    fn slice_bounds(&mut self, sl: &ast::ExprSlice, ctx: &Ctx) -> R<(Value, Value)> {
        let lo = match &sl.lower {
            Some(e) => self.eval(e, ctx)?,
            None => Value::None,
        };
        let hi = match &sl.upper {
            Some(e) => self.eval(e, ctx)?,
            None => Value::None,
        };
        Ok((lo, hi))
    }

    fn constant(&mut self, c: &ast::Constant) -> R<Value> {
        Ok(match c {
            ast::Constant::None => Value::None,
            ast::Constant::Bool(b) => Value::Bool(*b),
            ast::Constant::Str(s) => Value::str(s.as_str()),
            ast::Constant::Bytes(b) => Value::str(String::from_utf8_lossy(b).as_ref()),
            ast::Constant::Int(i) => Value::Int(i64::try_from(i).map_err(|_| {
                fatal(
                    Code::Limit,
                    format!("integer literal {i} does not fit in 64 bits"),
                )
            })?),
            ast::Constant::Float(f) => Value::Float(*f),
            ast::Constant::Tuple(items) => {
                Value::tuple(items.iter().map(|i| self.constant(i)).collect::<R<_>>()?)
            }
            ast::Constant::Complex { .. } => {
                return Err(raise("SyntaxError", "complex numbers are not supported"))
            }
            ast::Constant::Ellipsis => Value::None,
        })
    }

    fn binop(&mut self, op: ast::Operator, l: &Value, r: &Value, ctx: &Ctx) -> R<Value> {
        let true_div = self.true_division.contains(&ctx.file);
        ops::binop(self, op, l, r, true_div)
    }

    fn test(&mut self, e: &Expr, ctx: &Ctx) -> R<bool> {
        let v = self.eval(e, ctx)?;
        self.truthy(&v)
    }

    /// Python truthiness (pystachio objects are always true; `Empty` is a class, so true too).
    pub fn truthy(&self, v: &Value) -> R<bool> {
        Ok(match v {
            Value::Empty => true,
            Value::Instance(_) | Value::PObj(_) => true,
            other => other.truthy(),
        })
    }

    /// Evaluates a comparison operator.
    pub fn compare(&mut self, op: ast::CmpOp, l: &Value, r: &Value) -> R<bool> {
        use ast::CmpOp::*;
        Ok(match op {
            Eq => ops::py_eq(l, r)?,
            NotEq => !ops::py_eq(l, r)?,
            Lt => ops::py_cmp(l, r)? == std::cmp::Ordering::Less,
            LtE => ops::py_cmp(l, r)? != std::cmp::Ordering::Greater,
            Gt => ops::py_cmp(l, r)? == std::cmp::Ordering::Greater,
            GtE => ops::py_cmp(l, r)? != std::cmp::Ordering::Less,
            Is => ops::is(l, r),
            IsNot => !ops::is(l, r),
            In => ops::contains(self, r, l)?,
            NotIn => !ops::contains(self, r, l)?,
        })
    }

    /// Materializes an iterable into its items.
    pub fn iterate(&mut self, v: &Value) -> R<Vec<Value>> {
        ops::iterate(self, v)
    }

    // ------------------------------------------------------------------------------------------
    // Calls.

    fn eval_call(&mut self, c: &ast::ExprCall, ctx: &Ctx) -> R<Value> {
        let span = self.span(ctx, c);
        let f = self.eval(&c.func, ctx)?;
        // `globals()`, `locals()` and `vars()` read the caller's namespace: a snapshot copy, so the
        // config can format with it (`'%(port)d' % locals()`) but not reach anything new.
        if let Value::Builtin(name @ ("globals" | "locals" | "vars")) = &f {
            if c.args.is_empty() && c.keywords.is_empty() {
                return Ok(self.namespace_snapshot(name, ctx));
            }
        }
        let mut args = Vec::with_capacity(c.args.len());
        for a in &c.args {
            if let Expr::Starred(s) = a {
                let v = self.eval(&s.value, ctx)?;
                args.extend(self.iterate(&v).map_err(|x| x.at(span))?);
            } else {
                args.push(self.eval(a, ctx)?);
            }
        }
        let mut kwargs: Vec<(Str, Value)> = Vec::new();
        let mut star: Option<Rc<RefCell<Dict>>> = None;
        for k in &c.keywords {
            let v = self.eval(&k.value, ctx)?;
            match &k.arg {
                Some(name) => {
                    if kwargs.iter().any(|(n, _)| &**n == name.as_str()) {
                        return Err(raise(
                            "SyntaxError",
                            format!("keyword argument repeated: {name}"),
                        )
                        .at(span));
                    }
                    kwargs.push((name.as_str().into(), v))
                }
                None => match &v {
                    Value::Dict(d) => {
                        if d.borrow().iter().any(|(k, _)| !matches!(k, Value::Str(_))) {
                            return Err(raise("TypeError", "keywords must be strings").at(span));
                        }
                        star = Some(match star {
                            None => d.clone(),
                            // Only Python 3 syntax has several `**`; merge them in order.
                            Some(s) => {
                                let mut merged = s.borrow().copy();
                                merged.merge(&d.borrow());
                                Rc::new(RefCell::new(merged))
                            }
                        });
                    }
                    other => {
                        return Err(raise(
                            "TypeError",
                            format!(
                                "argument after ** must be a mapping, not {}",
                                other.type_name()
                            ),
                        )
                        .at(span))
                    }
                },
            }
        }
        let star_args = c.args.iter().any(|a| matches!(a, Expr::Starred(_)));
        let kwargs = call_kwargs(&f, star_args, star, kwargs).map_err(|x| x.at(span))?;
        self.call(&f, args, kwargs, span).map_err(|x| x.at(span))
    }

    /// Calls any callable value.
    pub fn call(
        &mut self,
        f: &Value,
        mut args: Vec<Value>,
        kwargs: Vec<(Str, Value)>,
        span: Span,
    ) -> R<Value> {
        match f {
            Value::Function(func) if span.file != PRELUDE_FILE && func.file == PRELUDE_FILE => {
                // Objects the schema's helpers build (`SequentialTask(...)`) come from this call.
                match self.call_function(func, args, kwargs) {
                    Ok(Value::PObj(o)) if o.origin.is_none_or(|s| s.file == PRELUDE_FILE) => {
                        Ok(Value::PObj(pystachio::with_origin(&o, span)))
                    }
                    Ok(v) => Ok(v),
                    Err(Ctrl::Exc(mut e)) if e.span.is_some_and(|s| s.file == PRELUDE_FILE) => {
                        e.span = Some(span);
                        Err(Ctrl::Exc(e))
                    }
                    Err(e) => Err(e),
                }
            }
            Value::Function(func) => self.call_function(func, args, kwargs).map_err(|c| {
                // An error inside the schema prelude is reported where the config called it.
                match c {
                    Ctrl::Exc(mut e)
                        if e.span.is_some_and(|s| s.file == PRELUDE_FILE)
                            && span.file != PRELUDE_FILE =>
                    {
                        e.span = Some(span);
                        Ctrl::Exc(e)
                    }
                    other => other,
                }
            }),
            Value::Bound(b) => {
                args.insert(0, b.0.clone());
                self.call(&b.1, args, kwargs, span)
            }
            Value::Builtin(name) => builtins::call(self, name, args, kwargs, span),
            Value::Method(m) => methods::call(self, &m.0, &m.1, args, kwargs, span),
            Value::Class(c) => self.instantiate(c, args, kwargs, span),
            Value::PType(t) => builtins::call_ptype(self, t, args, kwargs, span),
            Value::PObj(o) if matches!(&*o.ty, pystachio::PType::Struct(_)) => {
                if !args.is_empty() {
                    return Err(raise(
                        "TypeError",
                        format!(
                            "__call__() takes exactly 1 argument ({} given)",
                            args.len() + 1
                        ),
                    ));
                }
                Ok(Value::PObj(pystachio::call_struct(o, &kwargs, Some(span))?))
            }
            other => Err(raise(
                "TypeError",
                format!("'{}' object is not callable", other.type_name()),
            )),
        }
    }

    fn instantiate(
        &mut self,
        c: &Rc<value::Class>,
        args: Vec<Value>,
        kwargs: Vec<(Str, Value)>,
        span: Span,
    ) -> R<Value> {
        if let Some(kind) = class_exception_kind(c) {
            return Ok(Value::Exception(Rc::new(value::Exception {
                kind,
                class: Some(c.clone()),
                args,
            })));
        }
        let inst = Value::Instance(Rc::new(value::Instance {
            class: c.clone(),
            attrs: RefCell::new(HashMap::new()),
        }));
        if let Some(init) = class_lookup(c, "__init__") {
            let mut a = vec![inst.clone()];
            a.extend(args);
            self.call(&init, a, kwargs, span)?;
        } else if !args.is_empty() || !kwargs.is_empty() {
            return Err(raise("TypeError", "this constructor takes no arguments"));
        }
        Ok(inst)
    }

    /// Calls a user-defined function.
    pub fn call_function(
        &mut self,
        func: &Rc<Function>,
        args: Vec<Value>,
        kwargs: Vec<(Str, Value)>,
    ) -> R<Value> {
        if self.depth >= self.limits.max_depth {
            return Err(fatal(
                Code::Limit,
                format!(
                    "maximum recursion depth ({}) exceeded in `{}`",
                    self.limits.max_depth, func.name
                ),
            ));
        }
        let frame = Rc::new(Frame {
            vars: RefCell::new(HashMap::new()),
            parent: func.closure.clone(),
            class_log: None,
        });
        bind_args(func, args, kwargs, &mut frame.vars.borrow_mut())?;
        let ctx = Ctx {
            frame: Some(frame),
            file: func.file,
            globals_decl: Rc::new(func.globals_decl.clone()),
            in_class: false,
        };
        self.depth += 1;
        let r = match &func.body {
            FuncBody::Lambda(e) => self.eval(e, &ctx),
            FuncBody::Def(body) => match self.exec_block(body, &ctx) {
                Ok(()) => Ok(Value::None),
                Err(Ctrl::Return(v)) => Ok(v),
                Err(e) => Err(e),
            },
        };
        self.depth -= 1;
        r
    }

    // ------------------------------------------------------------------------------------------
    // Files.

    /// Resolves a path used by the config against the directory of the current file.
    pub fn resolve_path(&self, p: &str) -> PathBuf {
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

    /// The display form of a path (relative to the root when inside it).
    pub fn display_path(&self, p: &Path) -> String {
        p.strip_prefix(&self.root)
            .map(|r| r.display().to_string())
            .unwrap_or_else(|_| p.display().to_string())
    }

    /// `include(path)`: executes another file into the same globals.
    pub fn include(&mut self, p: &str, span: Span) -> R<()> {
        let path = self.resolve_path(p);
        if self.file_stack.len() > 50 {
            return Err(fatal(
                Code::Limit,
                "include() nested more than 50 deep (an include cycle?)",
            )
            .at(span));
        }
        let bytes = self.host.read(&path).map_err(|m| {
            if m.contains("outside the evaluation root") {
                fatal(Code::Sandbox, m).at(span)
            } else {
                raise(
                    "IOError",
                    format!("[Errno 2] No such file or directory: '{p}'"),
                )
                .at(span)
            }
        })?;
        let text = crate::source::decode(bytes)
            .map_err(|m| fatal(Code::Io, format!("{} {m}", self.display_path(&path))).at(span))?;
        let display = self.display_path(&path);
        let id = self.sources.add(&path, display, text);
        self.exec_file(id)
    }
}

/// The keyword arguments a call hands its callee, in the order the callee sees them.
///
/// CPython 2.7 calls a Python function (or a bound method of one) without `*`/`**`
/// arguments through `fast_function`, which passes the keywords in source order. Every other
/// call (classes, builtins, callable instances such as pystachio objects, and any call with
/// `*args` or `**kw`) goes through `do_call`/`ext_do_call`, which builds a kwargs dict: a copy
/// of the `**` dict, then the explicit keywords inserted last to first (`update_keyword_args`);
/// without explicit keywords the `**` dict itself is passed on. The callee gets that dict, and
/// we hand over its items in its iteration order: a Python callee re-inserting them into its
/// `**kw` (as `bind_args` does) then matches `function_call`, and builtins that merge them
/// use [`Dict::merge_kwargs`].
fn call_kwargs(
    f: &Value,
    star_args: bool,
    star: Option<Rc<RefCell<Dict>>>,
    explicit: Vec<(Str, Value)>,
) -> R<Vec<(Str, Value)>> {
    let python_function = match f {
        Value::Function(_) => true,
        Value::Bound(b) => matches!(b.1, Value::Function(_)),
        // pystachio's methods (`bind`, `in_scope`, ...) are Python methods.
        Value::Method(m) => matches!(m.0, Value::PObj(_)),
        _ => false,
    };
    if python_function && !star_args && star.is_none() {
        return Ok(explicit);
    }
    let items = |d: &Dict| -> Vec<(Str, Value)> {
        d.iter()
            .map(|(k, v)| {
                let Value::Str(k) = k else {
                    unreachable!("keywords are strings")
                };
                (k.clone(), v.clone())
            })
            .collect()
    };
    if explicit.is_empty() {
        return Ok(star.map_or_else(Vec::new, |d| items(&d.borrow())));
    }
    let mut d = star.map_or_else(Dict::new, |d| d.borrow().copy());
    for (k, v) in explicit.into_iter().rev() {
        let hk = value::HashKey::Str(k.clone());
        if d.get(&hk).is_some() {
            return Err(raise(
                "TypeError",
                format!("got multiple values for keyword argument '{k}'"),
            ));
        }
        d.insert(hk, Value::Str(k), v);
    }
    Ok(items(&d))
}

/// Binds call arguments to parameters with Python 2's rules and messages.
fn bind_args(
    func: &Function,
    args: Vec<Value>,
    kwargs: Vec<(Str, Value)>,
    vars: &mut HashMap<Str, Value>,
) -> R<()> {
    let n = func.params.len();
    let given = args.len();
    let mut args = args.into_iter();
    for (name, _) in func.params.iter().take(given.min(n)) {
        vars.insert(name.clone(), args.next().expect("counted"));
    }
    let rest: Vec<Value> = args.collect();
    match &func.vararg {
        Some(v) => {
            vars.insert(v.clone(), Value::tuple(rest));
        }
        None if !rest.is_empty() => {
            return Err(arg_count_error(func, given + kwargs.len()));
        }
        None => {}
    }
    let mut extra = Dict::new();
    for (k, v) in kwargs {
        if func.params.iter().any(|(p, _)| *p == k) {
            if vars.contains_key(&k) {
                return Err(raise(
                    "TypeError",
                    format!(
                        "{}() got multiple values for keyword argument '{k}'",
                        func.name
                    ),
                ));
            }
            vars.insert(k, v);
        } else if func.kwarg.is_some() {
            extra.insert(value::HashKey::Str(k.clone()), Value::Str(k), v);
        } else {
            return Err(raise(
                "TypeError",
                format!("{}() got an unexpected keyword argument '{k}'", func.name),
            ));
        }
    }
    if let Some(kw) = &func.kwarg {
        vars.insert(kw.clone(), Value::dict(extra));
    }
    for (name, default) in &func.params {
        if !vars.contains_key(name) {
            match default {
                Some(d) => {
                    vars.insert(name.clone(), d.clone());
                }
                None => return Err(arg_count_error(func, vars.len())),
            }
        }
    }
    Ok(())
}

fn arg_count_error(func: &Function, given: usize) -> Ctrl {
    let required = func.params.iter().filter(|(_, d)| d.is_none()).count();
    let (qual, count) = if func.vararg.is_some() || required < func.params.len() {
        if given < required {
            ("at least", required)
        } else {
            ("at most", func.params.len())
        }
    } else {
        ("exactly", required)
    };
    raise(
        "TypeError",
        format!(
            "{}() takes {qual} {count} argument{} ({given} given)",
            func.name,
            if count == 1 { "" } else { "s" }
        ),
    )
}

/// Finds an attribute on a class or its bases.
pub fn class_lookup(c: &Rc<value::Class>, name: &str) -> Option<Value> {
    if let Some(v) = c.attrs.borrow().get(name) {
        return Some(v.clone());
    }
    c.bases.iter().find_map(|b| match b {
        Value::Class(bc) => class_lookup(bc, name),
        _ => None,
    })
}

fn class_derives(c: &Rc<value::Class>, base: &Rc<value::Class>) -> bool {
    Rc::ptr_eq(c, base)
        || c.bases
            .iter()
            .any(|b| matches!(b, Value::Class(bc) if class_derives(bc, base)))
}

/// The builtin exception a user class derives from, if any.
pub fn class_exception_kind(c: &Rc<value::Class>) -> Option<&'static str> {
    c.bases.iter().find_map(|b| match b {
        Value::Builtin(n) if builtins::is_exception_name(n) => Some(builtins::exception_kind(n)),
        Value::Class(bc) => class_exception_kind(bc),
        _ => None,
    })
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

fn is_future_division(s: &Stmt) -> bool {
    matches!(s, Stmt::ImportFrom(i) if i.module.as_ref().is_some_and(|m| m.as_str() == "__future__")
        && i.names.iter().any(|a| a.name.as_str() == "division"))
}

fn collect_globals(body: &[Stmt]) -> Vec<Str> {
    let mut out = Vec::new();
    for s in body {
        match s {
            Stmt::Global(g) => out.extend(g.names.iter().map(|n| Str::from(n.as_str()))),
            Stmt::If(i) => {
                out.extend(collect_globals(&i.body));
                out.extend(collect_globals(&i.orelse));
            }
            Stmt::For(f) => out.extend(collect_globals(&f.body)),
            Stmt::While(w) => out.extend(collect_globals(&w.body)),
            Stmt::Try(t) => {
                out.extend(collect_globals(&t.body));
                out.extend(collect_globals(&t.finalbody));
            }
            _ => {}
        }
    }
    out
}

/// Whether a class or function body starts with a docstring (stored as `__doc__`).
fn has_docstring(body: &[Stmt]) -> bool {
    matches!(body.first(), Some(Stmt::Expr(e))
        if matches!(&*e.value, Expr::Constant(c) if matches!(c.value, ast::Constant::Str(_))))
}

/// The names of a class namespace in the order CPython 2.7 iterates that dict: it is built
/// by inserting `__module__`, then `__doc__` when there is a docstring, then every name the
/// body stores, in execution order (deletes leave dummies; see `py2order`).
fn class_namespace_order(docstring: bool, log: &[(Str, bool)]) -> Vec<Str> {
    let mut names: Vec<Str> = vec!["__module__".into()];
    if docstring {
        names.push("__doc__".into());
    }
    let mut ns = py2order::DictOrder::new();
    for (id, name) in names.iter().enumerate() {
        ns.insert(py2order::hash_str(name), id);
    }
    let mut ids: HashMap<Str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i))
        .collect();
    for (name, store) in log {
        let id = *ids.entry(name.clone()).or_insert_with(|| {
            names.push(name.clone());
            names.len() - 1
        });
        if *store {
            ns.insert(py2order::hash_str(name), id);
        } else {
            ns.remove(id);
        }
    }
    ns.iter_order()
        .into_iter()
        .map(|id| names[id].clone())
        .collect()
}

fn stmt_kind(s: &Stmt) -> &'static str {
    match s {
        Stmt::AsyncFunctionDef(_) | Stmt::AsyncFor(_) | Stmt::AsyncWith(_) => "async",
        Stmt::Match(_) => "match",
        Stmt::TryStar(_) => "try/except*",
        Stmt::TypeAlias(_) => "type alias",
        _ => "statement",
    }
}

fn expr_kind(e: &Expr) -> &'static str {
    match e {
        Expr::Await(_) => "await",
        Expr::Yield(_) | Expr::YieldFrom(_) => "yield (generators are not supported)",
        Expr::NamedExpr(_) => "assignment expression",
        _ => "expression",
    }
}

#[cfg(test)]
mod tests {
    //! Orders checked against CPython 2.7.18 with pystachio 0.8.5 and our schema prelude.

    use super::*;

    struct NoFiles;

    impl Host for NoFiles {
        fn read(&self, _: &Path) -> Result<Vec<u8>, String> {
            Err("no files in tests".into())
        }
        fn exists(&self, _: &Path) -> bool {
            false
        }
        fn is_dir(&self, _: &Path) -> bool {
            false
        }
    }

    /// Runs `src` after the prelude, then hands the interpreter to `inspect` (on a thread with
    /// room for the interpreter's recursion).
    fn with_config<T: Send + 'static>(
        src: &str,
        inspect: impl FnOnce(&Interp) -> T + Send + 'static,
    ) -> T {
        let src = src.to_string();
        std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || {
                let host = NoFiles;
                let mut it = Interp::new(
                    &host,
                    PathBuf::from("/"),
                    Default::default(),
                    Default::default(),
                )
                .expect("the prelude runs");
                let id = it
                    .sources
                    .add(Path::new("/test.aurora"), "test.aurora".into(), src);
                if let Err(c) = it.exec_file(id) {
                    panic!("{}", it.ctrl_to_diag(c).message);
                }
                inspect(&it)
            })
            .expect("spawn")
            .join()
            .expect("the test config runs")
    }

    /// `repr()` of each named global.
    fn reprs(src: &str, names: &[&str]) -> Vec<String> {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        with_config(src, move |it| {
            let globals = it.globals.borrow();
            names
                .iter()
                .map(|n| ops::repr(&globals[n.as_str()]).unwrap_or_default())
                .collect()
        })
    }

    /// A struct type's TYPEMAP order and `_schema_data` order, as space-separated names.
    fn struct_orders(v: &Value) -> (String, String) {
        let Value::PType(t) = v else {
            panic!("not a type")
        };
        let pystachio::PType::Struct(def) = &**t else {
            panic!("not a struct")
        };
        let names = |ids: Vec<usize>| {
            ids.iter()
                .map(|&i| def.fields[i].0.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        (
            names((0..def.fields.len()).collect()),
            names(def.data_order.clone()),
        )
    }

    #[test]
    fn schema_structs_iterate_their_fields_as_cpython_does() {
        // name|TYPEMAP.keys()|[k for k, _ in Name()._schema_data.items()] ("=" if the same)
        const EXPECTED: &[&str] = &[
            "Announcer|primary_port zk_path portmap|=",
            "AppcImage|image_id name|=",
            "BatchUpdateStrategy|batch_size autopause_after_batch|autopause_after_batch batch_size",
            "Constraint|order|=",
            "Container|docker|=",
            "CoordinatorSlaPolicy|status_key coordinator_url|=",
            "CountSlaPolicy|count duration_secs|=",
            "Docker|image parameters|=",
            "DockerImage|tag name|=",
            "ExecutorConfig|data name|=",
            "HealthCheckConfig|health_checker min_consecutive_successes initial_interval_secs max_consecutive_failures timeout_secs interval_secs|=",
            "HealthCheckerConfig|shell http|=",
            "HttpHealthChecker|expected_response_code endpoint expected_response|=",
            "HttpLifecycleConfig|graceful_shutdown_endpoint graceful_shutdown_wait_secs port shutdown_wait_secs shutdown_endpoint|graceful_shutdown_endpoint graceful_shutdown_wait_secs shutdown_endpoint port shutdown_wait_secs",
            "LifecycleConfig|http|=",
            "Logger|destination rotate mode|=",
            "Mesos|image volumes|=",
            "MesosContext|instance hostname|=",
            "MesosJob|health_check_config cron_collision_policy enable_hooks instances priority container service max_task_failures environment update_config production role announce metadata cron_schedule partition_policy sla_policy tier executor_config lifecycle task name cluster task_links contact constraints|health_check_config cron_collision_policy enable_hooks instances environment container service max_task_failures priority update_config production role announce metadata cron_schedule executor_config sla_policy tier partition_policy lifecycle task name cluster task_links contact constraints",
            "MesosTaskInstance|task environment instance health_check_config role announce lifecycle|=",
            "Metadata|key value|value key",
            "Parameter|name value|=",
            "PartitionPolicy|reschedule delay_secs|=",
            "PercentageSlaPolicy|percentage duration_secs|=",
            "Process|daemon name ephemeral max_failures min_duration cmdline logger final resources|=",
            "QueueUpdateStrategy|batch_size|=",
            "Resources|gpu disk ram cpu|=",
            "RotatePolicy|backups log_size|=",
            "ShellHealthChecker|shell_command|=",
            "Task|processes name finalization_wait max_failures user max_concurrency resources constraints|=",
            "ThermosContext|ports task_id user|=",
            "UpdateConfig|pulse_interval_secs wait_for_batch_completion rollback_on_failure batch_size update_strategy watch_secs sla_aware max_per_shard_failures max_total_failures|pulse_interval_secs wait_for_batch_completion sla_aware batch_size update_strategy watch_secs rollback_on_failure max_per_shard_failures max_total_failures",
            "VariableBatchUpdateStrategy|batch_sizes autopause_after_batch|=",
            "Volume|host_path container_path mode|=",
        ];
        let got = with_config("", |it| {
            let globals = it.globals.borrow();
            EXPECTED
                .iter()
                .map(|line| {
                    let name = line.split('|').next().expect("name");
                    let (typemap, data) = struct_orders(&globals[name]);
                    let data = if data == typemap {
                        "=".to_string()
                    } else {
                        data
                    };
                    format!("{name}|{typemap}|{data}")
                })
                .collect::<Vec<_>>()
        });
        assert_eq!(got, EXPECTED);
    }

    #[test]
    fn class_bodies_order_their_namespace_as_cpython_does() {
        // A docstring is stored first, a deleted name leaves a dummy slot, and methods and
        // plain values are namespace entries that pystachio then skips.
        let src = r#"
class Bar(Struct):
  '''doc'''
  k9 = Required(String)
  k1 = Required(String)
  tmp = 1
  k5 = Required(String)
  del tmp
  k3 = Required(String)
  def helper(self): pass
  k7 = Required(String)
  k0 = Required(String)
  k8 = Required(String)
  k2 = Required(String)
"#;
        let got = with_config(src, |it| struct_orders(&it.globals.borrow()["Bar"]));
        assert_eq!(got.0, "k3 k2 k1 k0 k7 k5 k9 k8");
        assert_eq!(got.1, "k3 k2 k1 k0 k7 k5 k9 k8");
    }

    #[test]
    fn calls_hand_keyword_arguments_on_in_cpython_order() {
        let src = r#"
def f(**kw): return kw.keys()
def g(a, **kw): return kw.keys()
class C(object):
  def __init__(self, **kw): self.keys = kw.keys()
  def m(self, **kw): return kw.keys()
def forward(**kw): return python_options(**kw)
direct = f(k1=1, k2=2, k3=3, k4=4, k5=5, k6=6, k7=7, k8=8, k9=9)
method = C().m(k1=1, k2=2, k3=3, k4=4, k5=5, k6=6, k7=7, k8=8, k9=9)
init = C(k1=1, k2=2, k3=3, k4=4, k5=5, k6=6, k7=7, k8=8, k9=9).keys
starred = g(*[1], k1=1, k2=2, k3=3, k4=4, k5=5, k6=6, k7=7, k8=8, k9=9)
through_dict = f(**dict(nmae=1, cmdlin=2, zz=3, aa=4, mm=5, qq=6, bb=7, cc=8, dd=9))
e = {}
e.update(zebra=1, yak=2, xerus=3, wolf=4, vole=5, urial=6)
updated = e.keys()
options = python_options(alpha=1, beta=2, gamma=3, delta=4, epsilon=5, zeta=6, eta=7,
                         theta=8, iota=9)
forwarded = forward(alpha=1, beta=2, gamma=3, delta=4, epsilon=5, zeta=6, eta=7, theta=8,
                    iota=9)
"#;
        let names = [
            "direct",
            "method",
            "init",
            "starred",
            "through_dict",
            "updated",
            "options",
            "forwarded",
        ];
        let same = "['k3', 'k2', 'k1', 'k7', 'k6', 'k5', 'k4', 'k9', 'k8']";
        assert_eq!(
            reprs(src, &names),
            [
                same,
                same,
                same,
                same,
                "['qq', 'aa', 'bb', 'cc', 'dd', 'mm', 'zz', 'cmdlin', 'nmae']",
                "['vole', 'xerus', 'wolf', 'zebra', 'yak', 'urial']",
                "'--theta 8 --epsilon 5 --beta 2 --eta 7 --delta 4 --alpha 1 --zeta 6 \
                 --iota 9 --gamma 3'",
                "'--alpha 1 --epsilon 5 --beta 2 --eta 7 --delta 4 --theta 8 --zeta 6 \
                 --iota 9 --gamma 3'",
            ]
        );
    }

    #[test]
    fn dicts_and_sets_iterate_in_cpython_order() {
        let src = r#"
d = {'k%d' % i: i for i in range(40)}
for i in range(0, 40, 3) + range(1, 40, 3):
  del d['k%d' % i]
d['x1'] = 1; d['x2'] = 2
keys = d.keys()
s = set('k%d' % i for i in range(40))
for i in range(0, 40, 3) + range(1, 40, 3):
  s.remove('k%d' % i)
s.add('x1'); s.add('x2')
members = list(s)
literal = {'a': 1, 'b': 2, 'c': 3, 'd': 4, 'e': 5, 'f': 6, 'g': 7}
mixed = {1.5: 1, 2: 2, (1, 'a'): 3, 'x': 4, True: 5}
smaller = set(range(20)); smaller -= set(range(3, 15))
set_ops = [set('abcdef') | set('uvwxyz'), set('abcdefgh') & set('efghijklmn'),
           set('abcdefgh') ^ set('efghijklmn')]
popped = []
p = dict(('key%d' % i, i) for i in range(12))
while p:
  popped.append(p.popitem()[0])
fallback = {None: 1, 'b': 2, 'a': 3}
"#;
        let names = [
            "keys", "members", "literal", "mixed", "smaller", "set_ops", "popped", "fallback",
        ];
        let order = "['k11', 'k17', 'k14', 'k38', 'k2', 'k5', 'k8', 'k35', 'x2', 'x1', 'k29', \
                     'k23', 'k20', 'k26', 'k32']";
        assert_eq!(
            reprs(src, &names),
            [
                order,
                order,
                "{'a': 1, 'c': 3, 'b': 2, 'e': 5, 'd': 4, 'g': 7, 'f': 6}",
                "{1.5: 1, 'x': 4, 2: 2, (1, 'a'): 3, True: 5}",
                "set([0, 1, 2, 15, 16, 17, 18, 19])",
                "[set(['a', 'c', 'b', 'e', 'd', 'f', 'u', 'w', 'v', 'y', 'x', 'z']), \
                 set(['h', 'e', 'g', 'f']), \
                 set(['a', 'c', 'b', 'd', 'i', 'k', 'j', 'm', 'l', 'n'])]",
                "['key9', 'key8', 'key3', 'key2', 'key1', 'key0', 'key7', 'key6', 'key5', \
                 'key4', 'key11', 'key10']",
                // `None` hashes by address in CPython: this dict keeps insertion order.
                "{None: 1, 'b': 2, 'a': 3}",
            ]
        );
    }

    #[test]
    fn pystachio_objects_hash_and_order_as_in_cpython() {
        // Expectations printed by CPython 2.7.18 with pystachio 0.8.5 and the schema prelude.
        let src = r#"
procs = [Process(name = n, cmdline = 'run ' + n) for n in
         ['fetch', 'unpack', 'server', 'sidecar', 'logrotate', 'metrics', 'proxy', 'warmup', 'cleanup']]
IntStr = Map(String, Integer)
Mixed = Map(String, String)
Alt = Choice([Integer, String])
hashes = [hash(x) for x in [
  String('a'), String(u'caf\xe9'), Integer(2), Integer('2'), Float(1.5), Float(2), Boolean(True),
  procs[0], procs[0].interpolate()[0], Process(name = 'x', cmdline = 'echo {{y}}', max_failures = '3'),
  Constraint(order = ['a', 'b']), IntStr({'a': 1, 'b': 2, 'zz': 3}),
  Map(Integer, String)({3: 'c', 1: 'a', 20: 'b'}), Mixed({'1': 'a', 1: 'b', 'x': 'c'}),
  List(Integer)([1, 2, 3]), Resources(cpu = 1.5, ram = 512 * MB, disk = 1 * GB),
  Alt(5), Alt('x'), Task(processes = procs[:2]), Logger(), LoggerMode('standard'),
  Process(name = 'y', cmdline = 'z', logger = Logger(mode = 'rotate')),
  IntStr(('a', 1), ('b', 2), ('a', 3)), Map(Float, String)((1, 'a'), (1.0, 'b'), (0.5, 'c'), (True, 'd')),
  Map(String, List(Integer))({'x': [1, 2], 'y': []}),
  Job(cluster = 'c', role = 'r', environment = 'e', name = 'n',
      task = Task(processes = [Process(name = 'p', cmdline = 'c')])),
]]
members = ' '.join(str(p.name()) for p in set(procs))
by_proc = dict((p, i) for i, p in enumerate(procs))
keyed = ' '.join(str(p.name()) for p in by_proc)
dups = set([Integer(2), Integer('2'), Integer(2), String('2'), '2', 2])
dup_reprs = sorted(repr(x) for x in dups)
dup_len = len(dups)
bound = set([String('{{x}}').bind(x = 1), String('{{x}}').bind(x = 2), String('1'), String('{{x}}').bind(x = 1)])
bound_len = len(bound)
unioned = ' '.join(str(p.name()) for p in set(procs[:5]) | set(procs[3:]))
diffed = ' '.join(str(p.name()) for p in set(procs) - set(procs[2:4]))
fetch = Task(processes = [procs[0], procs[1]], constraints = order(procs[0], procs[1]))
server = Task(processes = [procs[2], procs[3], procs[6]], constraints = order(procs[2], procs[6]))
side = Task(processes = [procs[4], procs[5], procs[7]], constraints = [Constraint(order = ['logrotate', 'metrics'])])
concat = Tasks.concat(fetch, server)
combined = Tasks.combine(fetch, server, side)
concat_names = ' '.join([str(concat.name())] + [str(p.name()) for p in concat.processes()] + ['/'.join(str(x) for x in c.order()) for c in concat.constraints()])
combined_names = ' '.join([str(combined.name())] + [str(p.name()) for p in combined.processes()] + ['/'.join(str(x) for x in c.order()) for c in combined.constraints()])
"#;
        let names = [
            "hashes",
            "members",
            "keyed",
            "dup_reprs",
            "dup_len",
            "bound_len",
            "unioned",
            "diffed",
            "concat_names",
            "combined_names",
        ];
        assert_eq!(
            reprs(src, &names),
            [
                "[12416037344, 5473382298129946391, 2, 6400019251, 1610645504, 2, 1, \
                 8751892115939014093, 8751892115939014093, 3864496821682162004, \
                 -2909398268775524377, 8140427331817951041, 8311272890050123045, \
                 -7005026791022666543, 2528502973977326415, 3961337700020480603, 5, \
                 15360046201, -472852902724793497, 6210022510880672184, -5105418165119147313, \
                 4289992113430910124, 7462860513073780751, 7551729920372478593, \
                 -6315580880369233305, -3708063662610727069]",
                "'metrics server unpack warmup proxy fetch logrotate cleanup sidecar'",
                "'metrics server unpack warmup proxy fetch logrotate cleanup sidecar'",
                "[\"'2'\", '2', 'Integer(2)', 'Integer(2)', 'String(2)']",
                "5",
                "3",
                "'metrics server unpack warmup proxy fetch logrotate cleanup sidecar'",
                "'metrics warmup unpack fetch logrotate cleanup proxy'",
                "'proxy proxy server sidecar fetch unpack server/proxy fetch/unpack \
                 fetch/server fetch/sidecar fetch/proxy unpack/server unpack/sidecar \
                 unpack/proxy'",
                "'metrics metrics server unpack warmup fetch logrotate sidecar proxy \
                 server/proxy logrotate/metrics fetch/unpack'",
            ]
        );
    }
}
