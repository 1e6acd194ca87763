//! Statements: blocks, assignment, control flow, `try`, `def`, `class` and `import`.

use super::{Ctx, Flow, Handling, Interp};
use crate::error::{ExcKind, ExcType};
use crate::py2order;
use crate::source::Span;
use crate::value::{raise, Error, ExcObj, Raised, R};
use crate::value::{Args, Class, Frame, FuncBody, FuncKind, Function, Str, Value};
use crate::HashMap;
use rustpython_parser::ast::{self, Expr, Stmt};
use std::cell::RefCell;
use std::rc::Rc;

type Exec = Result<(), Flow>;

impl Interp {
    /// Executes statements in order.
    pub(crate) fn exec_block(&mut self, stmts: &[Stmt], ctx: &Ctx) -> Exec {
        for s in stmts {
            if ctx.frame.is_none() && self.file_stack.len() == 1 {
                self.current_span = Some(self.span(ctx, s));
            }
            self.exec_stmt(s, ctx).map_err(|f| match f {
                Flow::Error(e) => Flow::Error(e.at(self.span(ctx, s))),
                other => other,
            })?;
        }
        Ok(())
    }

    fn exec_stmt(&mut self, s: &Stmt, ctx: &Ctx) -> Exec {
        self.budget.step()?;
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
            Stmt::AugAssign(a) => self.exec_aug_assign(a, ctx)?,
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
                    self.budget.step()?;
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
                    self.budget.step()?;
                    if self.loop_body(&w.body, ctx)? {
                        broke = true;
                        break;
                    }
                }
                if !broke {
                    self.exec_block(&w.orelse, ctx)?;
                }
            }
            Stmt::Break(_) => return Err(Flow::Break),
            Stmt::Continue(_) => return Err(Flow::Continue),
            Stmt::Pass(_) | Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::Return(r) => {
                let v = match &r.value {
                    Some(e) => self.eval(e, ctx)?,
                    None => Value::None,
                };
                return Err(Flow::Return(v));
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
                    v = self.call(&dec, Args::new(vec![v], span))?;
                }
                self.store_name(f.name.as_str(), v, ctx);
            }
            Stmt::ClassDef(c) => self.exec_class(c, ctx)?,
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.delete(t, ctx)?;
                }
            }
            Stmt::Assert(a) => {
                if !self.test(&a.test, ctx)? {
                    let args = match &a.msg {
                        Some(m) => vec![self.eval(m, ctx)?],
                        None => vec![],
                    };
                    let span = self.span(ctx, a);
                    return Err(crate::value::exception(
                        ExcType::Builtin(ExcKind::AssertionError),
                        args,
                        None,
                    )
                    .at(span)
                    .into());
                }
            }
            Stmt::Raise(r) => return Err(Flow::Error(self.exec_raise(r, ctx))),
            Stmt::Try(t) => self.exec_try(t, ctx)?,
            Stmt::With(w) => {
                for item in &w.items {
                    let v = self.eval(&item.context_expr, ctx)?;
                    if let Some(target) = &item.optional_vars {
                        self.assign(target, v, ctx)?;
                    }
                }
                self.exec_block(&w.body, ctx)?;
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    let name = alias.name.as_str();
                    let span = self.span(ctx, alias);
                    let module = crate::modules::import(self, name).map_err(|e| e.at(span))?;
                    match &alias.asname {
                        Some(a) => self.store_name(a.as_str(), module, ctx),
                        None => {
                            let top = name.split('.').next().unwrap_or(name);
                            let top_mod = crate::modules::import(self, top)?;
                            self.store_name(top, top_mod, ctx);
                        }
                    }
                }
            }
            Stmt::ImportFrom(i) => self.exec_import_from(i, ctx)?,
            other => {
                return Err(raise(
                    ExcKind::SyntaxError,
                    format!(
                        "unsupported statement in an Aurora config: {}",
                        stmt_kind(other)
                    ),
                )
                .into())
            }
        }
        Ok(())
    }

    fn exec_aug_assign(&mut self, a: &ast::StmtAugAssign, ctx: &Ctx) -> R<()> {
        let cur = self.eval(&a.target, ctx)?;
        let rhs = self.eval(&a.value, ctx)?;
        let span = self.span(ctx, a);
        let v = match (&cur, a.op) {
            (Value::List(l), ast::Operator::Add) => {
                let items = self.iterate(&rhs)?;
                self.budget.grow_items(l.borrow().len(), items.len())?;
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
                crate::ops::set_in_place(&self.budget, sv, tv, op)?;
                cur.clone()
            }
            _ => self.binop(a.op, &cur, &rhs, ctx).map_err(|e| e.at(span))?,
        };
        self.assign(&a.target, v, ctx)
    }

    fn exec_import_from(&mut self, i: &ast::StmtImportFrom, ctx: &Ctx) -> R<()> {
        let module_name = i.module.as_ref().map_or("", |m| m.as_str());
        if module_name == "__future__" {
            return Ok(());
        }
        let span = self.span(ctx, i);
        let module = crate::modules::import(self, module_name).map_err(|e| e.at(span))?;
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
                None => crate::modules::import(self, &format!("{module_name}.{name}")).map_err(
                    |_| {
                        raise(ExcKind::ImportError, format!("cannot import name {name}"))
                            .at(self.span(ctx, alias))
                    },
                )?,
            };
            let target = alias.asname.as_ref().map_or(name, |a| a.as_str());
            self.store_name(target, v, ctx);
        }
        Ok(())
    }

    /// Runs one iteration of a loop body; true when it ended with `break`.
    fn loop_body(&mut self, body: &[Stmt], ctx: &Ctx) -> Result<bool, Flow> {
        match self.exec_block(body, ctx) {
            Err(Flow::Break) => Ok(true),
            Err(Flow::Continue) | Ok(()) => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn exec_raise(&mut self, r: &ast::StmtRaise, ctx: &Ctx) -> Error {
        let span = self.span(ctx, r);
        let exc = match &r.exc {
            None => {
                // A bare `raise` re-raises the exception being handled.
                return match self.handling.last() {
                    Some(e) => Error::Raise(Box::new(Raised {
                        exc: e.exc.clone(),
                        span: e.span,
                        hint: e.hint.clone(),
                    })),
                    None => raise(ExcKind::RuntimeError, "No active exception to reraise").at(span),
                };
            }
            Some(e) => match self.eval(e, ctx) {
                Ok(v) => v,
                Err(e) => return e,
            },
        };
        match self.make_exception(exc, span) {
            Ok(e) | Err(e) => e,
        }
    }

    /// Turns a raised value (class or instance) into an exception in flight.
    fn make_exception(&mut self, exc: Value, span: Span) -> R<Error> {
        let obj = match exc {
            Value::Exception(e) => e,
            Value::ExcType(ty) => Rc::new(ExcObj {
                ty,
                class: None,
                args: vec![],
                tag: None,
            }),
            cls @ Value::Class(_) => match self.call(&cls, Args::new(vec![], span))? {
                Value::Exception(e) => e,
                _ => {
                    return Ok(raise(
                        ExcKind::TypeError,
                        "exceptions must be derived from BaseException",
                    )
                    .at(span))
                }
            },
            other => {
                return Ok(raise(
                    ExcKind::TypeError,
                    format!(
                    "exceptions must be old-style classes or derived from BaseException, not {}",
                    other.type_name()
                ),
                )
                .at(span))
            }
        };
        Ok(Error::Raise(Box::new(Raised {
            exc: obj,
            span: Some(span),
            hint: None,
        })))
    }

    fn exec_try(&mut self, t: &ast::StmtTry, ctx: &Ctx) -> Exec {
        let result = match self.exec_block(&t.body, ctx) {
            Ok(()) => self.exec_block(&t.orelse, ctx),
            Err(Flow::Error(Error::Raise(e))) => self.handle(e, &t.handlers, ctx),
            Err(other) => Err(other),
        };
        if !t.finalbody.is_empty() {
            // A stop ends the run: no `finally` runs.
            if matches!(result, Err(Flow::Error(Error::Stop(_)))) {
                return result;
            }
            self.exec_block(&t.finalbody, ctx)?;
        }
        result
    }

    /// Runs the first handler matching `e`, or passes `e` on.
    fn handle(&mut self, e: Box<Raised>, handlers: &[ast::ExceptHandler], ctx: &Ctx) -> Exec {
        let mut chosen = None;
        for h in handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            let matches = match &h.type_ {
                None => true,
                Some(ty) => {
                    let tv = self.eval(ty, ctx)?;
                    exception_matches(&e.exc, &tv)
                }
            };
            if matches {
                chosen = Some(h);
                break;
            }
        }
        let Some(h) = chosen else {
            return Err(Flow::Error(Error::Raise(e)));
        };
        if let Some(name) = &h.name {
            self.store_name(name.as_str(), Value::Exception(e.exc.clone()), ctx);
        }
        self.handling.push(Handling {
            exc: e.exc.clone(),
            span: e.span,
            hint: e.hint.clone(),
        });
        let r = self.exec_block(&h.body, ctx);
        self.handling.pop();
        r
    }

    fn exec_class(&mut self, c: &ast::StmtClassDef, ctx: &Ctx) -> R<()> {
        let bases = c
            .bases
            .iter()
            .map(|b| self.eval(b, ctx))
            .collect::<R<Vec<_>>>()?;
        let frame = Rc::new(Frame {
            vars: RefCell::new(HashMap::default()),
            parent: ctx.frame.clone(),
            class_log: Some(RefCell::new(Vec::new())),
        });
        let body_ctx = Ctx {
            frame: Some(frame.clone()),
            file: ctx.file,
            globals_decl: Rc::new(Vec::new()),
            in_class: true,
        };
        match self.exec_block(&c.body, &body_ctx) {
            Ok(()) => {}
            Err(Flow::Error(e)) => return Err(e),
            Err(_) => {
                return Err(raise(
                    ExcKind::SyntaxError,
                    "control flow outside of a function or loop",
                ))
            }
        }
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
        let mut made = None;
        for b in &bases {
            if let Value::Object(o) = b {
                if let Some(v) = o
                    .subclass(b, self, c.name.as_str(), &attrs, span)
                    .map_err(|e| e.at(span))?
                {
                    made = Some(v);
                    break;
                }
            }
        }
        let mut v = match made {
            Some(v) => v,
            None => Value::Class(Rc::new(Class {
                name: c.name.as_str().into(),
                bases,
                attrs: RefCell::new(attrs.into_iter().collect()),
            })),
        };
        for d in c.decorator_list.iter().rev() {
            let dec = self.eval(d, ctx)?;
            v = self.call(&dec, Args::new(vec![v], span))?;
        }
        self.store_name(c.name.as_str(), v, ctx);
        Ok(())
    }

    pub(crate) fn make_function(
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
            globals_decl: Rc::new(globals_decl),
            kind: FuncKind::Plain,
        })
    }

    /// Stores `v` into an assignment target.
    pub(crate) fn assign(&mut self, target: &Expr, v: Value, ctx: &Ctx) -> R<()> {
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
                                ExcKind::ValueError,
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
                            return Err(raise(ExcKind::ValueError, "need more values to unpack"));
                        }
                        for (t, item) in elts[..si].iter().zip(&items) {
                            self.assign(t, item.clone(), ctx)?;
                        }
                        let mid = items[si..items.len() - after].to_vec();
                        let Expr::Starred(s) = &elts[si] else {
                            unreachable!("found above")
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
                let span = self.span(ctx, s);
                if let Expr::Slice(sl) = &*s.slice {
                    let (lo, hi) = self.slice_bounds(sl, ctx)?;
                    return crate::ops::set_slice(&obj, lo, hi, v, &self.budget)
                        .map_err(|e| e.at(span));
                }
                let key = self.eval(&s.slice, ctx)?;
                crate::ops::set_item(&self.budget, &obj, key, v).map_err(|e| e.at(span))
            }
            Expr::Attribute(a) => {
                let obj = self.eval(&a.value, ctx)?;
                let span = self.span(ctx, a);
                crate::attrs::set_attr(&obj, a.attr.as_str(), v).map_err(|e| e.at(span))
            }
            Expr::Starred(s) => self.assign(&s.value, v, ctx),
            _ => Err(raise(
                ExcKind::SyntaxError,
                "can't assign to this expression",
            )),
        }
    }

    fn delete(&mut self, target: &Expr, ctx: &Ctx) -> R<()> {
        match target {
            Expr::Name(n) => self.delete_name(n.id.as_str(), ctx),
            Expr::Subscript(s) => {
                let obj = self.eval(&s.value, ctx)?;
                let key = self.eval(&s.slice, ctx)?;
                crate::ops::del_item(&self.budget, &obj, &key)
            }
            Expr::Tuple(t) => {
                for e in &t.elts {
                    self.delete(e, ctx)?;
                }
                Ok(())
            }
            _ => Err(raise(ExcKind::SyntaxError, "can't delete this expression")),
        }
    }
}

/// Whether an exception matches an `except` clause's class (or tuple of classes).
fn exception_matches(exc: &ExcObj, ty: &Value) -> bool {
    match ty {
        Value::Tuple(items) => items.iter().any(|t| exception_matches(exc, t)),
        Value::ExcType(t) => exc.ty.is(*t),
        Value::Class(c) => exc.class.as_ref().is_some_and(|ec| ec.derives(c)),
        _ => false,
    }
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
