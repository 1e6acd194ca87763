//! Expressions: names, literals, operators, comprehensions, attribute and item access.

use super::{Ctx, Interp};
use crate::error::ExcKind;
use crate::ops;
use crate::value::Dict;
use crate::value::Frame;
use crate::value::{raise, R};
use crate::value::{FuncBody, Value};
use rustpython_parser::ast::{self, Expr};
use std::rc::Rc;

impl Interp {
    /// Evaluates an expression.
    pub(crate) fn eval(&mut self, e: &Expr, ctx: &Ctx) -> R<Value> {
        self.budget.step()?;
        match e {
            Expr::Constant(c) => {
                if let ast::Constant::Str(_) = &c.value {
                    if let Some(v) = self.py2_string(c, ctx) {
                        return Ok(Value::bytes(&v));
                    }
                }
                self.constant(&c.value).map_err(|x| x.at(self.span(ctx, c)))
            }
            Expr::Name(n) => self.lookup(n.id.as_str(), ctx).ok_or_else(|| {
                raise(
                    ExcKind::NameError,
                    format!("name '{}' is not defined", n.id),
                )
                .at(self.span(ctx, n))
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
                    ast::UnaryOp::Not => Ok(Value::Bool(!v.truthy())),
                    op => ops::unary(op, &v).map_err(|x| x.at(self.span(ctx, u))),
                }
            }
            Expr::BoolOp(b) => {
                let mut last = Value::None;
                for (i, v) in b.values.iter().enumerate() {
                    last = self.eval(v, ctx)?;
                    let t = last.truthy();
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
                self.get_attr(&obj, a.attr.as_str())
                    .map_err(|x| x.at(self.span(ctx, a)))
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
                    return ops::slice(&self.budget, &obj, lo, hi, step).map_err(|x| x.at(span));
                }
                let key = self.eval(&s.slice, ctx)?;
                ops::get_item(&obj, &key, &self.budget).map_err(|x| x.at(span))
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
                ops::make_set(&self.budget, items)
            }
            Expr::Dict(d) => {
                // `BUILD_MAP n` presizes the table for the literal's entries.
                let mut dict = Dict::presized(d.keys.len());
                for (k, v) in d.keys.iter().zip(&d.values) {
                    match k {
                        Some(k) => {
                            let kv = self.eval(k, ctx)?;
                            let vv = self.eval(v, ctx)?;
                            ops::dict_set(&self.budget, &mut dict, kv, vv)
                                .map_err(|x| x.at(self.span(ctx, k)))?;
                        }
                        None => {
                            let other = self.eval(v, ctx)?;
                            ops::dict_update(&self.budget, &mut dict, &other)?;
                        }
                    }
                }
                self.budget.items(dict.len())?;
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
                ops::make_set(&self.budget, items)
            }
            Expr::DictComp(c) => {
                let inner = self.child_ctx(ctx);
                let mut dict = Dict::new();
                self.comprehension(&c.generators, 0, &inner, &mut |it, ctx| {
                    let k = it.eval(&c.key, ctx)?;
                    let v = it.eval(&c.value, ctx)?;
                    it.budget.grow_items(dict.len(), 1)?;
                    ops::dict_set(&it.budget, &mut dict, k, v)
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
                Err(raise(ExcKind::SyntaxError, "f-strings are not Python 2.7")
                    .at(self.span(ctx, e)))
            }
            other => Err(raise(
                ExcKind::SyntaxError,
                format!(
                    "unsupported expression in an Aurora config: {}",
                    expr_kind(other)
                ),
            )
            .at(self.span(ctx, other))),
        }
    }

    /// A string literal's Python 2 value (as bytes) where it may differ from the parser's
    /// (Python 3) reading: escapes, which the parser reads as Python 3 does.
    fn py2_string(&self, c: &ast::ExprConstant, ctx: &Ctx) -> Option<Vec<u8>> {
        let file = self.sources.file(ctx.file);
        let r = c.range;
        let start = file.rewritten.original_offset(r.start().to_usize());
        let end = file.rewritten.original_offset(r.end().to_usize());
        let text = file.text.get(start..end)?;
        // Without a backslash the parser's reading is Python 2's.
        if !text.contains('\\') {
            return None;
        }
        crate::syntax::py2_string_value(text)
    }

    fn child_ctx(&self, ctx: &Ctx) -> Ctx {
        Ctx {
            frame: Some(Frame::new(ctx.frame.clone())),
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
            it.budget.grow_items(out.len(), 1)?;
            out.push(v);
            Ok(())
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
            self.budget.step()?;
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
        self.budget.items(out.len())?;
        Ok(out)
    }

    pub(crate) fn slice_bounds(&mut self, sl: &ast::ExprSlice, ctx: &Ctx) -> R<(Value, Value)> {
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
            ast::Constant::Bytes(b) => Value::bytes(b),
            ast::Constant::Int(i) => Value::Int(i64::try_from(i).map_err(|_| {
                crate::value::limit(format!("integer literal {i} does not fit in 64 bits"))
            })?),
            ast::Constant::Float(f) => Value::Float(*f),
            ast::Constant::Tuple(items) => {
                Value::tuple(items.iter().map(|i| self.constant(i)).collect::<R<_>>()?)
            }
            ast::Constant::Complex { .. } => {
                return Err(raise(
                    ExcKind::SyntaxError,
                    "complex numbers are not supported",
                ))
            }
            ast::Constant::Ellipsis => Value::None,
        })
    }

    pub(crate) fn binop(&mut self, op: ast::Operator, l: &Value, r: &Value, ctx: &Ctx) -> R<Value> {
        if let (ast::Operator::Mod, Value::Str(template)) = (op, l) {
            return crate::types::str::percent(self, template, r);
        }
        let true_div = self.true_division.contains(&ctx.file);
        ops::binop(&self.budget, op, l, r, true_div)
    }

    /// `obj.name`, running `@property` getters.
    pub fn get_attr(&mut self, v: &Value, name: &str) -> R<Value> {
        if let Value::Instance(i) = v {
            if !i.attrs.borrow().contains_key(name) {
                if let Some(Value::Function(f)) = i.class.lookup(name) {
                    if f.kind == crate::value::FuncKind::Property {
                        let span = self.current_span.unwrap_or_default();
                        return self
                            .call_function(&f, crate::value::Args::new(vec![v.clone()], span));
                    }
                }
            }
        }
        crate::attrs::attr_plain(self, v, name)
    }

    pub(crate) fn test(&mut self, e: &Expr, ctx: &Ctx) -> R<bool> {
        Ok(self.eval(e, ctx)?.truthy())
    }

    /// Evaluates a comparison operator.
    pub fn compare(&mut self, op: ast::CmpOp, l: &Value, r: &Value) -> R<bool> {
        use ast::CmpOp::*;
        let b = &self.budget;
        Ok(match op {
            Eq => ops::py_eq(l, r, b)?,
            NotEq => !ops::py_eq(l, r, b)?,
            Lt => ops::py_cmp(l, r, b)? == std::cmp::Ordering::Less,
            LtE => ops::py_cmp(l, r, b)? != std::cmp::Ordering::Greater,
            Gt => ops::py_cmp(l, r, b)? == std::cmp::Ordering::Greater,
            GtE => ops::py_cmp(l, r, b)? != std::cmp::Ordering::Less,
            Is => ops::is(l, r),
            IsNot => !ops::is(l, r),
            In => ops::contains(r, l, b)?,
            NotIn => !ops::contains(r, l, b)?,
        })
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
