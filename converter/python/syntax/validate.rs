//! Python 2.7 compile-time checks: constructs the Python 3 grammar accepts but Python 2.7 rejects
//! when it compiles a config (so Aurora's client fails before running anything).
//!
//! Python 3-only syntax (starred assignment, keyword-only parameters, annotations, `nonlocal`,
//! `raise ... from`, `...` outside a subscript, f-strings, `{**d}`, `:=`, `match`, `async`,
//! numeric underscores, `print(x, file=f)` without the future import), `return`/`yield` outside a
//! function, `break`/`continue` outside a loop, assignment to something that cannot be assigned,
//! and an unparenthesised generator expression that is not the sole argument.

use crate::budget::Budget;
use crate::error::Stop;
use crate::source::{FileId, SourceFile, Span};
use rustpython_parser::ast::{self, Expr, Ranged, Stmt};

struct Checker<'a> {
    file: &'a SourceFile,
    id: FileId,
    /// Charged for the stack this check uses: it recurses once per level of nesting.
    budget: &'a Budget,
    print_function: bool,
    in_function: bool,
    in_loop: bool,
}

type Res = Result<(), Stop>;

impl Checker<'_> {
    fn err<T: Ranged + ?Sized>(&self, node: &T, msg: impl Into<String>) -> Res {
        let r = node.range();
        Err(Stop::syntax(
            msg,
            Span::new(self.id, r.start().to_u32(), r.end().to_u32()),
        ))
    }

    /// The original source text starting at a node (what the user wrote, before the rewrite).
    fn original_from<T: Ranged + ?Sized>(&self, node: &T) -> &str {
        let start = self
            .file
            .rewritten
            .original_offset(node.range().start().to_usize());
        self.file.text.get(start..).unwrap_or("")
    }

    fn original_of<T: Ranged + ?Sized>(&self, node: &T) -> &str {
        let r = node.range();
        let start = self.file.rewritten.original_offset(r.start().to_usize());
        let end = self.file.rewritten.original_offset(r.end().to_usize());
        self.file.text.get(start..end.max(start)).unwrap_or("")
    }

    fn block(&mut self, stmts: &[Stmt]) -> Res {
        stmts.iter().try_for_each(|s| self.stmt(s))
    }

    fn args(&mut self, a: &ast::Arguments) -> Res {
        if !a.kwonlyargs.is_empty() {
            return self.err(
                &a.kwonlyargs[0].def,
                "invalid syntax: keyword-only parameters are Python 3",
            );
        }
        if !a.posonlyargs.is_empty() {
            return self.err(
                &a.posonlyargs[0].def,
                "invalid syntax: positional-only parameters are Python 3",
            );
        }
        for p in a.args.iter() {
            if let Some(ann) = &p.def.annotation {
                return self.err(&**ann, "invalid syntax: annotations are Python 3");
            }
            if let Some(d) = &p.default {
                self.expr(d)?;
            }
        }
        for v in [&a.vararg, &a.kwarg].into_iter().flatten() {
            if let Some(ann) = &v.annotation {
                return self.err(&**ann, "invalid syntax: annotations are Python 3");
            }
        }
        Ok(())
    }

    fn target(&mut self, t: &Expr) -> Res {
        match t {
            Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_) => self.expr(t),
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for e in elts {
                    if matches!(e, Expr::Starred(_)) {
                        return self.err(e, "invalid syntax: starred assignment is Python 3");
                    }
                    self.target(e)?;
                }
                Ok(())
            }
            Expr::Call(_) => self.err(t, "can't assign to function call"),
            Expr::Constant(_) => self.err(t, "can't assign to literal"),
            Expr::Starred(_) => self.err(t, "invalid syntax: starred assignment is Python 3"),
            _ => self.err(t, "can't assign to operator"),
        }
    }

    /// Enters one level of nesting at `node`, or stops when the stack limit is reached.
    fn nested<T: Ranged + ?Sized>(&mut self, node: &T, f: impl FnOnce(&mut Self) -> Res) -> Res {
        if let Err(mut stop) = self.budget.stack() {
            let r = node.range();
            stop.span = Some(Span::new(self.id, r.start().to_u32(), r.end().to_u32()));
            return Err(stop);
        }
        f(self)
    }

    fn stmt(&mut self, s: &Stmt) -> Res {
        self.nested(s, |c| c.stmt_inner(s))
    }

    fn stmt_inner(&mut self, s: &Stmt) -> Res {
        match s {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(d)?;
                }
                self.args(&f.args)?;
                if let Some(r) = &f.returns {
                    return self.err(&**r, "invalid syntax: annotations are Python 3");
                }
                let (func, lp) = (self.in_function, self.in_loop);
                self.in_function = true;
                self.in_loop = false;
                let r = self.block(&f.body);
                self.in_function = func;
                self.in_loop = lp;
                r
            }
            Stmt::ClassDef(c) => {
                c.bases.iter().try_for_each(|b| self.expr(b))?;
                if let Some(k) = c.keywords.first() {
                    return self.err(k, "invalid syntax: class keywords are Python 3");
                }
                let (func, lp) = (self.in_function, self.in_loop);
                self.in_function = false;
                self.in_loop = false;
                let r = self.block(&c.body);
                self.in_function = func;
                self.in_loop = lp;
                r
            }
            Stmt::Return(r) => {
                if !self.in_function {
                    return self.err(s, "'return' outside function");
                }
                r.value.as_deref().map_or(Ok(()), |v| self.expr(v))
            }
            Stmt::Break(_) if !self.in_loop => self.err(s, "'break' outside loop"),
            Stmt::Continue(_) if !self.in_loop => self.err(s, "'continue' not properly in loop"),
            Stmt::Assign(a) => {
                a.targets.iter().try_for_each(|t| self.target(t))?;
                self.expr(&a.value)
            }
            Stmt::AugAssign(a) => {
                if matches!(&*a.target, Expr::Tuple(_) | Expr::List(_)) {
                    return self.err(&*a.target, "illegal expression for augmented assignment");
                }
                self.target(&a.target)?;
                self.expr(&a.value)
            }
            Stmt::AnnAssign(a) => {
                self.err(&*a.annotation, "invalid syntax: annotations are Python 3")
            }
            Stmt::For(f) => {
                self.target(&f.target)?;
                self.expr(&f.iter)?;
                let lp = self.in_loop;
                self.in_loop = true;
                self.block(&f.body)?;
                self.in_loop = lp;
                self.block(&f.orelse)
            }
            Stmt::While(w) => {
                self.expr(&w.test)?;
                let lp = self.in_loop;
                self.in_loop = true;
                self.block(&w.body)?;
                self.in_loop = lp;
                self.block(&w.orelse)
            }
            Stmt::If(i) => {
                self.expr(&i.test)?;
                self.block(&i.body)?;
                self.block(&i.orelse)
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr)?;
                    if let Some(v) = &item.optional_vars {
                        self.target(v)?;
                    }
                }
                self.block(&w.body)
            }
            Stmt::Raise(r) => {
                if let Some(c) = &r.cause {
                    return self.err(&**c, "invalid syntax: `raise ... from` is Python 3");
                }
                r.exc.as_deref().map_or(Ok(()), |e| self.expr(e))
            }
            Stmt::Try(t) => {
                self.block(&t.body)?;
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty)?;
                    }
                    self.block(&h.body)?;
                }
                self.block(&t.orelse)?;
                self.block(&t.finalbody)
            }
            Stmt::Assert(a) => {
                self.expr(&a.test)?;
                a.msg.as_deref().map_or(Ok(()), |m| self.expr(m))
            }
            Stmt::Delete(d) => d.targets.iter().try_for_each(|t| self.target(t)),
            Stmt::Expr(e) => self.expr(&e.value),
            Stmt::ImportFrom(i)
                if i.module
                    .as_ref()
                    .is_some_and(|m| m.as_str() == "__future__")
                    && i.names.iter().any(|a| a.name.as_str() == "braces") =>
            {
                self.err(s, "not a chance")
            }
            Stmt::Nonlocal(_) => self.err(s, "invalid syntax: `nonlocal` is Python 3"),
            Stmt::AsyncFunctionDef(_) | Stmt::AsyncFor(_) | Stmt::AsyncWith(_) => {
                self.err(s, "invalid syntax: `async` is Python 3")
            }
            Stmt::Match(_) => self.err(s, "invalid syntax: `match` is Python 3"),
            Stmt::TryStar(_) => self.err(s, "invalid syntax: `except*` is Python 3"),
            Stmt::TypeAlias(_) => self.err(s, "invalid syntax: `type` aliases are Python 3"),
            _ => Ok(()),
        }
    }

    fn exprs(&mut self, es: &[Expr]) -> Res {
        for e in es {
            if matches!(e, Expr::Starred(_)) {
                return self.err(e, "invalid syntax: `*` unpacking in a literal is Python 3");
            }
            self.expr(e)?;
        }
        Ok(())
    }

    fn comprehension(&mut self, gens: &[ast::Comprehension]) -> Res {
        for g in gens {
            self.target(&g.target)?;
            self.expr(&g.iter)?;
            g.ifs.iter().try_for_each(|i| self.expr(i))?;
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Res {
        self.nested(e, |c| c.expr_inner(e))
    }

    fn expr_inner(&mut self, e: &Expr) -> Res {
        match e {
            Expr::Constant(c) => match &c.value {
                ast::Constant::Ellipsis => {
                    self.err(e, "invalid syntax: `...` outside a subscript is Python 3")
                }
                ast::Constant::Int(_) | ast::Constant::Float(_)
                    if self.original_of(e).contains('_') =>
                {
                    self.err(e, "invalid syntax: underscores in numbers are Python 3")
                }
                ast::Constant::Str(_) if has_surrogate_escape(self.original_of(e)) => self.err(
                    e,
                    "a \\u escape of a surrogate (D800-DFFF) is not supported by aurora2nix: write the character itself",
                ),
                _ => Ok(()),
            },
            Expr::JoinedStr(_) | Expr::FormattedValue(_) => {
                self.err(e, "invalid syntax: f-strings are Python 3")
            }
            Expr::NamedExpr(_) => self.err(e, "invalid syntax: `:=` is Python 3"),
            Expr::Await(_) => self.err(e, "invalid syntax: `await` is Python 3"),
            Expr::Yield(_) | Expr::YieldFrom(_) if !self.in_function => {
                self.err(e, "'yield' outside function")
            }
            Expr::YieldFrom(_) => self.err(e, "invalid syntax: `yield from` is Python 3"),
            Expr::Starred(_) => self.err(e, "invalid syntax: `*` unpacking here is Python 3"),
            Expr::Dict(d) => {
                if d.keys.iter().any(Option::is_none) {
                    return self.err(e, "invalid syntax: `{**d}` is Python 3");
                }
                d.keys.iter().flatten().try_for_each(|k| self.expr(k))?;
                d.values.iter().try_for_each(|v| self.expr(v))
            }
            Expr::List(l) => self.exprs(&l.elts),
            Expr::Tuple(t) => self.exprs(&t.elts),
            Expr::Set(s) => self.exprs(&s.elts),
            Expr::Call(c) => {
                self.expr(&c.func)?;
                let n = c.args.len() + c.keywords.len();
                let mut seen_star = false;
                for a in &c.args {
                    match a {
                        Expr::Starred(s) => {
                            if seen_star {
                                return self
                                    .err(a, "invalid syntax: several `*` arguments are Python 3");
                            }
                            seen_star = true;
                            self.expr(&s.value)?;
                        }
                        Expr::GeneratorExp(_)
                            if n > 1 && !self.original_from(a).starts_with('(') =>
                        {
                            return self.err(
                                a,
                                "Generator expression must be parenthesized if not sole argument",
                            );
                        }
                        a => self.expr(a)?,
                    }
                }
                for k in &c.keywords {
                    self.expr(&k.value)?;
                }
                let is_print = matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "print");
                if is_print && !c.keywords.is_empty() && !self.print_function {
                    let written = self.original_from(&*c.func);
                    if written
                        .trim_start_matches("print")
                        .trim_start()
                        .starts_with('(')
                    {
                        return self.err(e, "invalid syntax: `print(..., file=...)` is Python 3 (add `from __future__ import print_function`)");
                    }
                }
                Ok(())
            }
            Expr::Lambda(l) => {
                self.args(&l.args)?;
                let f = self.in_function;
                self.in_function = true;
                let r = self.expr(&l.body);
                self.in_function = f;
                r
            }
            Expr::ListComp(c) => {
                self.comprehension(&c.generators)?;
                self.expr(&c.elt)
            }
            Expr::SetComp(c) => {
                self.comprehension(&c.generators)?;
                self.expr(&c.elt)
            }
            Expr::GeneratorExp(c) => {
                self.comprehension(&c.generators)?;
                self.expr(&c.elt)
            }
            Expr::DictComp(c) => {
                self.comprehension(&c.generators)?;
                self.expr(&c.key)?;
                self.expr(&c.value)
            }
            Expr::BoolOp(b) => b.values.iter().try_for_each(|v| self.expr(v)),
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)
            }
            Expr::UnaryOp(u) => self.expr(&u.operand),
            Expr::IfExp(i) => {
                self.expr(&i.test)?;
                self.expr(&i.body)?;
                self.expr(&i.orelse)
            }
            Expr::Compare(c) => {
                self.expr(&c.left)?;
                c.comparators.iter().try_for_each(|x| self.expr(x))
            }
            Expr::Attribute(a) => self.expr(&a.value),
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                match &*s.slice {
                    Expr::Constant(c) if matches!(c.value, ast::Constant::Ellipsis) => Ok(()),
                    Expr::Slice(sl) => [&sl.lower, &sl.upper, &sl.step]
                        .into_iter()
                        .flatten()
                        .try_for_each(|x| self.expr(x)),
                    other => self.expr(other),
                }
            }
            _ => Ok(()),
        }
    }
}

/// Whether a unicode literal's source text has a `\\uD800`-`\\uDFFF` escape (which the parser would
/// silently turn into U+FFFD): an unescaped backslash, `u`, and four hex digits in that range.
fn has_surrogate_escape(source: &str) -> bool {
    // In a byte string `\\u` is no escape (Python 2).
    if !source.trim_start().starts_with(['u', 'U']) {
        return false;
    }
    let b = source.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            if b.get(i + 1) == Some(&b'u') {
                let hex = source
                    .get(i + 2..i + 6)
                    .and_then(|h| u32::from_str_radix(h, 16).ok());
                if hex.is_some_and(|h| (0xd800..=0xdfff).contains(&h)) {
                    return true;
                }
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// Checks a parsed file against Python 2.7's compiler.
pub fn check(file: &SourceFile, id: FileId, suite: &[Stmt], budget: &Budget) -> Result<(), Stop> {
    let print_function = suite.iter().any(|s| {
        matches!(s, Stmt::ImportFrom(i) if i.module.as_ref().is_some_and(|m| m.as_str() == "__future__")
            && i.names.iter().any(|a| a.name.as_str() == "print_function"))
    });
    let mut c = Checker {
        file,
        id,
        budget,
        print_function,
        in_function: false,
        in_loop: false,
    };
    c.block(suite)
}
