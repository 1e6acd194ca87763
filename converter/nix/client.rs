//! Aurora's client checks on the Nix side: each rule of [`crate::aurora::client`] compiled from
//! its expression to Nix, for the job library (`aurora-lib.nix`), where the runtime
//! (`templates/aurora-runtime.nix`, section "client checks") runs them on every job document
//! in the client's order. The rules are written once, in `rules.rs`; this file only translates
//! the rule language, construct by construct, and each builtin is a function of the same name
//! in the runtime's `client` set.

use super::quote as nix;
use super::render::{EmitError, GENERATED_MARKER};
use crate::aurora::client::expr::{Arith, Builtin, Cmp, Expr};
use crate::aurora::client::{Level, Rule, Stage};
use serde_json::Value as J;

/// Names the compiled code uses for itself: a rule's variable may not shadow them.
const RESERVED: &[&str] = &[
    "lang", "builtins", "true", "false", "null", "import", "throw", "abort",
];

/// The runtime function that implements a builtin (`lang.NAME [ args ]`); the match is
/// exhaustive, so a new builtin cannot be compiled without one (and `tests/client_rules.rs`
/// calls each under real Nix).
fn builtin_name(f: Builtin) -> &'static str {
    match f {
        Builtin::Len => "len",
        Builtin::Keys => "keys",
        Builtin::In => "isIn",
        Builtin::Str => "str",
        Builtin::Repr => "repr",
        Builtin::Floor => "floor",
        Builtin::IntLike => "intLike",
        Builtin::Identifier => "identifier",
        Builtin::StartsWith => "startsWith",
        Builtin::Split => "split",
        Builtin::Join => "join",
        Builtin::Subset => "subset",
        Builtin::Disjoint => "disjoint",
        Builtin::Acyclic => "acyclic",
        Builtin::Repeated => "repeated",
        Builtin::FromPairs => "fromPairs",
        Builtin::Refs => "refs",
        Builtin::Ports => "ports",
        Builtin::ResolvePorts => "resolvePorts",
        Builtin::IsInt => "isInt",
        Builtin::IsString => "isStr",
        Builtin::Truthy => "truthy",
        Builtin::Range => "range",
        Builtin::After => "after",
        Builtin::Upper => "upper",
        Builtin::Digits => "digits",
    }
}

fn variable(name: &str) -> Result<String, EmitError> {
    if nix::is_identifier(name) && !RESERVED.contains(&name) {
        Ok(name.to_string())
    } else {
        Err(EmitError(format!(
            "rule variable {name:?} is not a Nix identifier the compiled rules may bind"
        )))
    }
}

/// One expression of the rule language as a Nix expression on one line (`lang` is the
/// runtime's `client` set).
pub fn expr(e: &Expr) -> Result<String, EmitError> {
    layout(e, At::Line)
}

/// Where an expression is laid out: on one line, or broken at an indentation.
#[derive(Clone, Copy)]
enum At {
    Line,
    Indent(usize),
}

impl At {
    /// `extra` columns further in (a line stays a line).
    fn deeper(self, extra: usize) -> At {
        match self {
            At::Line => At::Line,
            At::Indent(i) => At::Indent(i + extra),
        }
    }

    /// A break to `extra` columns further in, or a space on one line.
    fn newline(self, extra: usize) -> String {
        match self {
            At::Line => " ".into(),
            At::Indent(i) => format!("\n{}", " ".repeat(i + extra)),
        }
    }
}

/// How wide a line of compiled rules may be.
const WIDTH: usize = 100;

fn cmp_name(op: Cmp) -> &'static str {
    match op {
        Cmp::Eq => "eq",
        Cmp::Ne => "ne",
        Cmp::Lt => "lt",
        Cmp::Le => "le",
        Cmp::Gt => "gt",
        Cmp::Ge => "ge",
    }
}

fn arith_name(op: Arith) -> &'static str {
    match op {
        Arith::Add => "add",
        Arith::Sub => "sub",
        Arith::Mul => "mul",
        Arith::FloorDiv => "floorDiv",
    }
}

/// Whether `e` always gives a Nix boolean (comparisons, `not`, `and`, `or`, boolean literals
/// and the builtins that answer yes or no), so that its truth is the value itself: the
/// compiled conditions test it directly rather than through `lang.test`, which is most of a
/// check's calls otherwise.
fn is_bool(e: &Expr) -> bool {
    match e {
        Expr::Lit(v) => v.is_boolean(),
        Expr::Not(_) | Expr::And(_) | Expr::Or(_) | Expr::Cmp(..) => true,
        Expr::If(_, then, otherwise) => is_bool(then) && is_bool(otherwise),
        Expr::Let(_, _, body) => is_bool(body),
        Expr::Call(f, _) => matches!(
            f,
            Builtin::Truthy
                | Builtin::In
                | Builtin::IntLike
                | Builtin::Identifier
                | Builtin::StartsWith
                | Builtin::Subset
                | Builtin::Disjoint
                | Builtin::Acyclic
                | Builtin::IsInt
                | Builtin::IsString
                | Builtin::Digits
        ),
        _ => false,
    }
}

/// A string or null literal: a value Python and Nix compare alike with anything.
fn is_plain_literal(e: &Expr) -> bool {
    matches!(e, Expr::Lit(J::String(_) | J::Null))
}

/// `e` laid out at indentation `ind`: on one line when it fits in [`WIDTH`], else broken
/// construct by construct. (The rules are not formatted with alejandra, which takes seconds
/// on their nesting.)
fn layout(e: &Expr, at: At) -> Result<String, EmitError> {
    if let At::Indent(ind) = at {
        let flat = layout(e, At::Line)?;
        if ind + flat.len() <= WIDTH {
            return Ok(flat);
        }
    }
    let nl = |extra: usize| at.newline(extra);
    // Variables and literals stand alone (a negative number is parenthesised already).
    let paren = |x: &Expr, extra: usize| -> Result<String, EmitError> {
        Ok(match x {
            Expr::Var(_) | Expr::Lit(_) => layout(x, at.deeper(extra))?,
            _ => format!("({})", layout(x, at.deeper(extra + 1))?),
        })
    };
    let list = |items: &[Expr]| -> Result<String, EmitError> {
        if items.is_empty() {
            return Ok("[ ]".into());
        }
        let mut out = String::from("[");
        for x in items {
            out.push_str(&nl(2));
            out.push_str(&paren(x, 2)?);
        }
        out.push_str(&nl(0));
        out.push(']');
        Ok(out)
    };
    // Python's truth of `x`, as a Nix boolean.
    let test = |x: &Expr, extra: usize| -> Result<String, EmitError> {
        Ok(if is_bool(x) {
            paren(x, extra)?
        } else {
            format!("lang.test {}", paren(x, extra + 10)?)
        })
    };
    let two = |name: &str, a: &Expr, b: &Expr| -> Result<String, EmitError> {
        Ok(format!(
            "lang.{name}{}{}{}{}",
            nl(2),
            paren(a, 2)?,
            nl(2),
            paren(b, 2)?
        ))
    };
    Ok(match e {
        Expr::Lit(v) => nix::json(v)?,
        Expr::Var(name) => variable(name)?,
        // `x.f or null` is `get`: Nix's `or` also answers for a value that is not a set, at
        // any step of a path, so a chain of fields is one selection and no call.
        Expr::Get(..) => {
            let mut fields = Vec::new();
            let mut base = e;
            while let Expr::Get(x, field) = base {
                fields.push(nix::attr_name(field)?);
                base = x;
            }
            fields.reverse();
            format!("{}.{} or null", paren(base, 2)?, fields.join("."))
        }
        Expr::At(x, k) => two("at", x, k)?,
        Expr::Not(x) if is_bool(x) => format!("!{}", paren(x, 1)?),
        Expr::Not(x) => format!("!({})", test(x, 2)?),
        Expr::And(xs) | Expr::Or(xs) if xs.is_empty() => matches!(e, Expr::And(_)).to_string(),
        Expr::And(xs) | Expr::Or(xs) => {
            let op = if matches!(e, Expr::And(_)) {
                "&&"
            } else {
                "||"
            };
            let parts = xs
                .iter()
                .map(|x| test(x, 2))
                .collect::<Result<Vec<_>, EmitError>>()?;
            parts.join(&format!("{}{op} ", nl(0)))
        }
        // Python's == and != are Nix's where one side is a string or None (`eq` tells numbers
        // and booleans apart from Nix only when both sides are numbers).
        Expr::Cmp(op @ (Cmp::Eq | Cmp::Ne), a, b) if is_plain_literal(a) || is_plain_literal(b) => {
            let op = if matches!(op, Cmp::Eq) { "==" } else { "!=" };
            format!("{} {op} {}", paren(a, 2)?, paren(b, 2)?)
        }
        Expr::Cmp(op, a, b) => two(cmp_name(*op), a, b)?,
        Expr::Arith(op, a, b) => two(arith_name(*op), a, b)?,
        Expr::If(cond, then, otherwise) => format!(
            "if {}{}then {}{}else {}",
            test(cond, 3)?,
            nl(0),
            layout(then, at.deeper(5))?,
            nl(0),
            layout(otherwise, at.deeper(5))?
        ),
        Expr::List(xs) => list(xs)?,
        Expr::Each(x, items, body) => format!(
            "lang.each {} ({}:{}{})",
            paren(items, 2)?,
            variable(x)?,
            nl(2),
            layout(body, at.deeper(2))?
        ),
        Expr::Let(x, value, body) => format!(
            "let {} = {}; in{}{}",
            variable(x)?,
            layout(value, at.deeper(2))?,
            nl(0),
            layout(body, at)?
        ),
        Expr::Call(Builtin::Truthy, args) if args.len() == 1 => test(&args[0], 0)?,
        Expr::Call(f, args) => format!("lang.{} {}", builtin_name(*f), list(args)?),
        Expr::Fail(pieces, path) => format!(
            "[ {{ message = lang.concat {};{}path = lang.str [ {} ]; }} ]",
            list(pieces)?,
            nl(2),
            paren(path, 2)?
        ),
    })
}

/// How the runtime names a stage.
fn stage_name(s: Stage) -> &'static str {
    match s {
        Stage::Key => "key",
        Stage::Pick => "pick",
        Stage::ValidateJob => "validateJob",
        Stage::ValidateConfig => "validateConfig",
        Stage::Thrift => "thrift",
        Stage::Later => "later",
    }
}

/// The variable a stage's rules read: every job of the document for `pick`, else the job.
fn stage_variable(s: Stage) -> &'static str {
    match s {
        Stage::Pick => "jobs",
        _ => "job",
    }
}

/// `aurora-rules.nix`: a function of the runtime's `client` set to the rules the Nix side
/// enforces, `[ { code; stage; check; } ]` in the client's order: the errors. Warnings are for
/// the command line (`eval`, `convert`), which prints them; Nix has no warnings that reach a
/// user running `nix-instantiate`.
pub fn rules_file(all: &[Rule]) -> Result<String, EmitError> {
    let mut out = format!(
        "{GENERATED_MARKER}: Aurora's client checks, compiled from aurora2nix's rules \
         (MIGRATION.md lists them); do not edit.\n\
         # A function of the runtime's `client` set (aurora-runtime.nix), which runs them.\n\
         lang: [\n"
    );
    for r in all.iter().filter(|r| r.level == Level::Error) {
        out.push_str(&format!(
            "  # {}: {}\n  {{\n    code = {};\n    stage = {};\n    check = {}:\n      {};\n  }}\n",
            nix::comment(r.by),
            nix::comment(r.summary),
            nix::string(r.code)?,
            nix::string(stage_name(r.stage))?,
            stage_variable(r.stage),
            layout(&r.check, At::Indent(6))?
        ));
    }
    out.push_str("]\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_rule_compiles_in_order() {
        let text = rules_file(crate::aurora::client::all()).unwrap();
        let codes: Vec<&str> = crate::aurora::client::all()
            .iter()
            .filter(|r| r.level == Level::Error)
            .map(|r| r.code)
            .collect();
        let mut at = 0;
        for code in codes {
            let found = text[at..].find(&format!("code = \"{code}\";"));
            at += found.unwrap_or_else(|| panic!("{code} missing or out of order"));
        }
        assert!(!text.contains("W00"), "warnings are not compiled");
        // Beyond comments and long messages, lines stay readable.
        let code = |l: &&str| !l.trim_start().starts_with(['#', '"']);
        assert!(text.lines().filter(code).all(|l| l.len() <= 140));
    }

    #[test]
    fn constructs_translate() {
        use crate::aurora::client::expr::{and, call, cmp, get, lit, var};
        let e = and(vec![
            cmp(Cmp::Ge, get(var("job"), "a.b"), lit(1)),
            call(Builtin::Len, vec![var("job")]),
        ]);
        assert_eq!(
            expr(&e).unwrap(),
            r#"(lang.ge (job.a.b or null) 1) && lang.test (lang.len [ job ])"#
        );
        assert!(variable("lang").is_err());
        assert!(variable("in").is_err());
    }
}
