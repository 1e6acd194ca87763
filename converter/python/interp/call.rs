//! Calls: argument evaluation, keyword-argument order, binding parameters, and dispatch to
//! Python functions, builtins, methods, classes and embedder objects.

use super::{Ctx, Flow, Interp};
use crate::dict::Key;
use crate::error::ExcKind;
use crate::value::Dict;
use crate::value::Frame;
use crate::value::{raise, ExcObj, R};
use crate::value::{Args, Class, FuncBody, Function, Instance, Str, Value};
use crate::HashMap;
use rustpython_parser::ast::{self, Expr};
use std::cell::RefCell;
use std::rc::Rc;

impl Interp {
    pub(crate) fn eval_call(&mut self, c: &ast::ExprCall, ctx: &Ctx) -> R<Value> {
        let span = self.span(ctx, c);
        let f = self.eval(&c.func, ctx)?;
        if let Value::Native(n) = &f {
            if let Some(locals) = crate::builtins::namespace_function(n) {
                if c.args.is_empty() && c.keywords.is_empty() {
                    return self.namespace_snapshot(locals, ctx);
                }
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
        let mut kwargs: Vec<(Str, Value)> = Vec::with_capacity(c.keywords.len());
        let mut seen: std::collections::HashSet<&str> = Default::default();
        let mut star: Option<Rc<RefCell<Dict>>> = None;
        for k in &c.keywords {
            let v = self.eval(&k.value, ctx)?;
            match &k.arg {
                Some(name) => {
                    if !seen.insert(name.as_str()) {
                        return Err(raise(
                            ExcKind::SyntaxError,
                            format!("keyword argument repeated: {name}"),
                        )
                        .at(span));
                    }
                    kwargs.push((name.as_str().into(), v))
                }
                None => match &v {
                    Value::Dict(d) => {
                        if d.borrow().iter().any(|(k, _)| !matches!(k, Value::Str(_))) {
                            return Err(
                                raise(ExcKind::TypeError, "keywords must be strings").at(span)
                            );
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
                            ExcKind::TypeError,
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
        let kw = call_kwargs(&f, star_args, star, kwargs).map_err(|x| x.at(span))?;
        let args = Args {
            pos: args,
            kw,
            span,
        };
        self.call(&f, args).map_err(|x| x.at(span))
    }

    /// Calls any callable value.
    pub fn call(&mut self, f: &Value, mut args: Args) -> R<Value> {
        match f {
            Value::Function(func) => self.call_function(func, args),
            Value::Bound(b) => {
                args.pos.insert(0, b.0.clone());
                self.call(&b.1, args)
            }
            Value::Native(n) => n.call(self, args),
            Value::Method(m) => match &m.recv {
                Some(recv) => (m.def.call)(self, recv, args),
                // A method read from its type (`str.lower`): the first argument is the receiver.
                None => {
                    if args.pos.is_empty() {
                        return Err(raise(
                            ExcKind::TypeError,
                            format!("descriptor '{}' needs an argument", m.def.name),
                        ));
                    }
                    let recv = args.pos.remove(0);
                    (m.def.call)(self, &recv, args)
                }
            },
            Value::Type(t) => match t.new {
                Some(new) => new(self, args),
                None => Err(raise(
                    ExcKind::TypeError,
                    format!("cannot create '{}' instances", t.name),
                )),
            },
            Value::ExcType(ty) => Ok(Value::Exception(Rc::new(ExcObj {
                ty: *ty,
                class: None,
                args: args.pos,
                tag: None,
            }))),
            Value::Class(c) => self.instantiate(c, args),
            Value::Object(o) => o.call(f, self, args),
            other => Err(raise(
                ExcKind::TypeError,
                format!("'{}' object is not callable", other.type_name()),
            )),
        }
    }

    fn instantiate(&mut self, c: &Rc<Class>, args: Args) -> R<Value> {
        if let Some(ty) = c.exception_base() {
            return Ok(Value::Exception(Rc::new(ExcObj {
                ty,
                class: Some(c.clone()),
                args: args.pos,
                tag: None,
            })));
        }
        let inst = Value::Instance(Rc::new(Instance {
            class: c.clone(),
            attrs: RefCell::new(HashMap::default()),
        }));
        if let Some(init) = c.lookup("__init__") {
            let mut args = args;
            args.pos.insert(0, inst.clone());
            self.call(&init, args)?;
        } else if !args.pos.is_empty() || !args.kw.is_empty() {
            return Err(raise(
                ExcKind::TypeError,
                "this constructor takes no arguments",
            ));
        }
        Ok(inst)
    }

    /// Calls a user-defined function. An error raised inside a library file is reported where
    /// user code called into the library.
    pub fn call_function(&mut self, func: &Rc<Function>, args: Args) -> R<Value> {
        let span = args.span;
        let r = self.run_function(func, args);
        match r {
            Err(mut e)
                if self.sources.is_library(func.file)
                    && !self.sources.is_library(span.file)
                    && e.span().is_none_or(|s| self.sources.is_library(s.file)) =>
            {
                e.set_span(Some(span));
                Err(e)
            }
            other => other,
        }
    }

    fn run_function(&mut self, func: &Rc<Function>, args: Args) -> R<Value> {
        let budget = self.budget.clone();
        let _depth = budget.enter(|| format!("in `{}`", func.name))?;
        let frame = Frame::new(func.closure.clone());
        bind_args(func, args.pos, args.kw, &mut frame.vars.borrow_mut())?;
        let ctx = Ctx {
            frame: Some(frame),
            file: func.file,
            globals_decl: func.globals_decl.clone(),
            in_class: false,
        };
        self.call_stack.push(args.span);
        let r = match &func.body {
            FuncBody::Lambda(e) => self.eval(e, &ctx),
            FuncBody::Def(body) => match self.exec_block(body, &ctx) {
                Ok(()) => Ok(Value::None),
                Err(Flow::Return(v)) => Ok(v),
                Err(Flow::Error(e)) => Err(e),
                Err(Flow::Break | Flow::Continue) => {
                    Err(raise(ExcKind::SyntaxError, "'break' outside loop"))
                }
            },
        };
        self.call_stack.pop();
        r
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
        Value::Method(m) => m.def.python,
        Value::Object(o) => o.python_call(),
        _ => false,
    };
    if python_function && !star_args && star.is_none() {
        return Ok(explicit);
    }
    let items = |d: &Dict| -> Vec<(Str, Value)> {
        d.iter()
            .filter_map(|(k, v)| match k {
                Value::Str(k) => Some((k.clone(), v.clone())),
                _ => None,
            })
            .collect()
    };
    if explicit.is_empty() {
        return Ok(star.map_or_else(Vec::new, |d| items(&d.borrow())));
    }
    let mut d = star.map_or_else(Dict::new, |d| d.borrow().copy());
    for (k, v) in explicit.into_iter().rev() {
        let key = Key::str(&k);
        if d.contains(&key.id) {
            return Err(raise(
                ExcKind::TypeError,
                format!("got multiple values for keyword argument '{k}'"),
            ));
        }
        d.insert(key, Value::Str(k), v);
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
                    ExcKind::TypeError,
                    format!(
                        "{}() got multiple values for keyword argument '{k}'",
                        func.name
                    ),
                ));
            }
            vars.insert(k, v);
        } else if func.kwarg.is_some() {
            extra.insert_str(&k, v);
        } else {
            return Err(raise(
                ExcKind::TypeError,
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

fn arg_count_error(func: &Function, given: usize) -> crate::Error {
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
        ExcKind::TypeError,
        format!(
            "{}() takes {qual} {count} argument{} ({given} given)",
            func.name,
            if count == 1 { "" } else { "s" }
        ),
    )
}
