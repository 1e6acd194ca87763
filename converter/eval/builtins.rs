//! Python 2.7 builtins and the pystachio constructors (`Struct`, `Required`, `Default`, `List`,
//! `Map`, `Enum`, `Choice`) that Aurora puts into every config's namespace.
//!
//! Builtins that could leave the sandbox (`eval`, `exec`, `__import__`, `open` for writing,
//! `globals`, ...) are refused with an `E0008` diagnostic.

use super::ops::{self, iterate, py_cmp, py_str, repr};
use super::py2order;
use super::value::{hash_key, Dict, FuncKind, Str, Value};
use super::{fatal, raise, Interp, R};
use crate::diagnostic::Code;
use crate::pystachio::{self, PType, Sig, StructDef};
use crate::source::Span;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::rc::Rc;

const EXCEPTIONS: &[&str] = &[
    "BaseException",
    "Exception",
    "StandardError",
    "ValueError",
    "TypeError",
    "KeyError",
    "IndexError",
    "AttributeError",
    "NameError",
    "RuntimeError",
    "AssertionError",
    "IOError",
    "OSError",
    "NotImplementedError",
    "ZeroDivisionError",
    "StopIteration",
    "ImportError",
    "LookupError",
    "ArithmeticError",
    "OverflowError",
    "EnvironmentError",
    "UnicodeError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "Warning",
    "UserWarning",
    "DeprecationWarning",
    "SystemExit",
    "KeyboardInterrupt",
    "SyntaxError",
    "UnboundLocalError",
    "FloatingPointError",
    "MemoryError",
    "EOFError",
];

const FUNCTIONS: &[&str] = &[
    "len",
    "range",
    "xrange",
    "sorted",
    "reversed",
    "enumerate",
    "zip",
    "min",
    "max",
    "sum",
    "any",
    "all",
    "abs",
    "round",
    "int",
    "long",
    "float",
    "str",
    "unicode",
    "basestring",
    "bool",
    "list",
    "dict",
    "tuple",
    "set",
    "frozenset",
    "isinstance",
    "issubclass",
    "getattr",
    "hasattr",
    "setattr",
    "repr",
    "map",
    "filter",
    "reduce",
    "open",
    "print",
    "type",
    "hash",
    "ord",
    "chr",
    "unichr",
    "hex",
    "oct",
    "bin",
    "divmod",
    "pow",
    "cmp",
    "callable",
    "object",
    "classmethod",
    "staticmethod",
    "iter",
    "next",
    "id",
    "format",
    "slice",
    "intern",
    "globals",
    "locals",
    "vars",
    "property",
    "coerce",
];

const FORBIDDEN: &[&str] = &[
    "eval",
    "exec",
    "execfile",
    "compile",
    "__import__",
    "dir",
    "input",
    "raw_input",
    "reload",
    "file",
    "memoryview",
    "buffer",
    "help",
    "exit",
    "quit",
    "super",
    "delattr",
    "__builtins__",
];

/// Whether `name` is a builtin exception class.
pub fn is_exception_name(name: &str) -> bool {
    EXCEPTIONS.contains(&name)
}

/// The static name of a builtin exception.
pub fn exception_kind(name: &str) -> &'static str {
    EXCEPTIONS
        .iter()
        .find(|e| **e == name)
        .copied()
        .unwrap_or("Exception")
}

fn static_name(name: &str) -> Option<&'static str> {
    EXCEPTIONS
        .iter()
        .chain(FUNCTIONS)
        .chain(FORBIDDEN)
        .find(|n| **n == name)
        .copied()
}

/// Resolves a builtin name.
pub fn lookup(name: &str) -> Option<Value> {
    match name {
        "None" => Some(Value::None),
        "True" => Some(Value::Bool(true)),
        "False" => Some(Value::Bool(false)),
        _ => static_name(name).map(Value::Builtin),
    }
}

/// Puts pystachio's exported names into a namespace (`from pystachio import *`).
pub fn install_pystachio_names(g: &mut HashMap<Str, Value>) {
    for (name, ty) in [
        ("String", PType::String),
        ("Integer", PType::Integer),
        ("Float", PType::Float),
        ("Boolean", PType::Boolean),
    ] {
        g.insert(name.into(), Value::PType(Rc::new(ty)));
    }
    for name in [
        "Struct",
        "Required",
        "Default",
        "List",
        "Map",
        "Enum",
        "Choice",
        "Ref",
        "Environment",
    ] {
        g.insert(name.into(), Value::Builtin(name));
    }
    g.insert("Empty".into(), Value::Empty);
    g.insert("include".into(), Value::Builtin("include"));
}

fn arity(name: &str, args: &[Value], min: usize, max: usize) -> R<()> {
    if args.len() < min || args.len() > max {
        let expected = if min == max {
            format!("exactly {min}")
        } else if args.len() < min {
            format!("at least {min}")
        } else {
            format!("at most {max}")
        };
        return Err(raise(
            "TypeError",
            format!(
                "{name}() takes {expected} argument{} ({} given)",
                if min == max && min == 1 { "" } else { "s" },
                args.len()
            ),
        ));
    }
    Ok(())
}

fn no_kwargs(name: &str, kwargs: &[(Str, Value)]) -> R<()> {
    if kwargs.is_empty() {
        Ok(())
    } else {
        Err(raise(
            "TypeError",
            format!("{name}() takes no keyword arguments"),
        ))
    }
}

fn kwarg(kwargs: &[(Str, Value)], name: &str) -> Option<Value> {
    kwargs
        .iter()
        .find(|(k, _)| &**k == name)
        .map(|(_, v)| v.clone())
}

fn as_int(v: &Value, what: &str) -> R<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        other => Err(raise(
            "TypeError",
            format!("{what} expected integer, got {}", other.type_name()),
        )),
    }
}

fn as_str<'a>(v: &'a Value, what: &str) -> R<&'a str> {
    match v {
        Value::Str(s) => Ok(s),
        other => Err(raise(
            "TypeError",
            format!("{what} must be a string, not {}", other.type_name()),
        )),
    }
}

fn as_type(v: &Value) -> R<Rc<PType>> {
    match v {
        Value::PType(t) => Ok(t.clone()),
        Value::Sig(s) => Ok(s.ty.clone()),
        other => Err(raise(
            "TypeError",
            format!("expected a pystachio type, got {}", repr(other)?),
        )),
    }
}

/// Calls a builtin by name.
pub fn call(
    it: &mut Interp,
    name: &str,
    args: Vec<Value>,
    kwargs: Vec<(Str, Value)>,
    span: Span,
) -> R<Value> {
    if FORBIDDEN.contains(&name) {
        return Err(fatal(
            Code::Sandbox,
            format!("`{name}` is not available in an Aurora config (it could escape the sandbox)"),
        ));
    }
    if is_exception_name(name) {
        return Ok(Value::Exception(Rc::new(super::value::Exception {
            kind: exception_kind(name),
            class: None,
            args,
        })));
    }
    if name.contains('.') {
        return super::modules::call(it, name, args, kwargs, span);
    }
    let a = &args;
    match name {
        "include" => {
            arity(name, a, 1, 1)?;
            let p = as_str(&a[0], "include() path")?.to_string();
            it.include(&p, span)?;
            Ok(Value::None)
        }
        "print" => Ok(Value::None),
        "len" => {
            arity(name, a, 1, 1)?;
            Ok(Value::Int(match &a[0] {
                Value::Str(s) => s.chars().count() as i64,
                Value::Bytes(b) => b.len() as i64,
                Value::List(l) => l.borrow().len() as i64,
                Value::Tuple(t) => t.len() as i64,
                Value::Dict(d) | Value::Set(d) => d.borrow().len() as i64,
                other => {
                    return Err(raise(
                        "TypeError",
                        format!("object of type '{}' has no len()", other.type_name()),
                    ))
                }
            }))
        }
        "range" | "xrange" => {
            arity(name, a, 1, 3)?;
            let (start, stop, step) = match a.len() {
                1 => (0, as_int(&a[0], "range()")?, 1),
                2 => (as_int(&a[0], "range()")?, as_int(&a[1], "range()")?, 1),
                _ => (
                    as_int(&a[0], "range()")?,
                    as_int(&a[1], "range()")?,
                    as_int(&a[2], "range()")?,
                ),
            };
            if step == 0 {
                return Err(raise(
                    "ValueError",
                    "range() step argument must not be zero",
                ));
            }
            let n = if step > 0 {
                if stop > start {
                    ((stop - start - 1) / step + 1) as u64
                } else {
                    0
                }
            } else if start > stop {
                ((start - stop - 1) / (-step) + 1) as u64
            } else {
                0
            };
            it.check_items(n.min(usize::MAX as u64) as usize)?;
            Ok(Value::list(
                (0..n as i64)
                    .map(|i| Value::Int(start + i * step))
                    .collect(),
            ))
        }
        "sorted" => {
            arity(name, a, 1, 4)?;
            let items = iterate(it, &a[0])?;
            let cmp = a.get(1).cloned().or_else(|| kwarg(&kwargs, "cmp"));
            let key = a.get(2).cloned().or_else(|| kwarg(&kwargs, "key"));
            let reverse = a.get(3).cloned().or_else(|| kwarg(&kwargs, "reverse"));
            let reverse = match reverse {
                Some(v) => it.truthy(&v)?,
                None => false,
            };
            Ok(Value::list(sort(it, items, cmp, key, reverse, span)?))
        }
        "reversed" => {
            arity(name, a, 1, 1)?;
            let mut items = iterate(it, &a[0])?;
            items.reverse();
            Ok(Value::list(items))
        }
        "enumerate" => {
            arity(name, a, 1, 2)?;
            let start = match a.get(1).cloned().or_else(|| kwarg(&kwargs, "start")) {
                Some(v) => as_int(&v, "enumerate()")?,
                None => 0,
            };
            let items = iterate(it, &a[0])?;
            Ok(Value::list(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| Value::tuple(vec![Value::Int(start + i as i64), v]))
                    .collect(),
            ))
        }
        "zip" => {
            no_kwargs(name, &kwargs)?;
            let lists = a.iter().map(|v| iterate(it, v)).collect::<R<Vec<_>>>()?;
            let n = lists.iter().map(Vec::len).min().unwrap_or(0);
            Ok(Value::list(
                (0..n)
                    .map(|i| Value::tuple(lists.iter().map(|l| l[i].clone()).collect()))
                    .collect(),
            ))
        }
        "min" | "max" => {
            let items = if a.len() == 1 {
                iterate(it, &a[0])?
            } else {
                a.clone()
            };
            if items.is_empty() {
                return Err(raise(
                    "ValueError",
                    format!("{name}() arg is an empty sequence"),
                ));
            }
            let key = kwarg(&kwargs, "key");
            let mut best = items[0].clone();
            let mut best_key = match &key {
                Some(k) => it.call(k, vec![best.clone()], vec![], span)?,
                None => best.clone(),
            };
            for v in items.into_iter().skip(1) {
                let k = match &key {
                    Some(k) => it.call(k, vec![v.clone()], vec![], span)?,
                    None => v.clone(),
                };
                let ord = py_cmp(&k, &best_key)?;
                if (name == "min" && ord == Ordering::Less)
                    || (name == "max" && ord == Ordering::Greater)
                {
                    best = v;
                    best_key = k;
                }
            }
            Ok(best)
        }
        "sum" => {
            arity(name, a, 1, 2)?;
            let mut acc = a.get(1).cloned().unwrap_or(Value::Int(0));
            if matches!(acc, Value::Str(_)) {
                return Err(raise(
                    "TypeError",
                    "sum() can't sum strings [use ''.join(seq) instead]",
                ));
            }
            for v in iterate(it, &a[0])? {
                acc = ops::binop(it, rustpython_parser::ast::Operator::Add, &acc, &v, false)?;
            }
            Ok(acc)
        }
        "any" | "all" => {
            arity(name, a, 1, 1)?;
            for v in iterate(it, &a[0])? {
                let t = it.truthy(&v)?;
                if name == "any" && t {
                    return Ok(Value::Bool(true));
                }
                if name == "all" && !t {
                    return Ok(Value::Bool(false));
                }
            }
            Ok(Value::Bool(name == "all"))
        }
        "abs" => {
            arity(name, a, 1, 1)?;
            match &a[0] {
                Value::Int(i) => Ok(Value::Int(
                    i.checked_abs()
                        .ok_or_else(|| fatal(Code::Limit, "integer overflow"))?,
                )),
                Value::Bool(b) => Ok(Value::Int(*b as i64)),
                Value::Float(f) => Ok(Value::Float(f.abs())),
                other => Err(raise(
                    "TypeError",
                    format!("bad operand type for abs(): '{}'", other.type_name()),
                )),
            }
        }
        "round" => {
            arity(name, a, 1, 2)?;
            let x = match &a[0] {
                Value::Int(i) => *i as f64,
                Value::Bool(b) => *b as i64 as f64,
                Value::Float(f) => *f,
                other => {
                    return Err(raise(
                        "TypeError",
                        format!("a float is required, got {}", other.type_name()),
                    ))
                }
            };
            let nd = match a.get(1) {
                Some(v) => as_int(v, "round()")?,
                None => 0,
            };
            Ok(Value::Float(round_half_away(x, nd)))
        }
        "int" | "long" => {
            arity(name, a, 0, 2)?;
            let Some(v) = a.first() else {
                return Ok(Value::Int(0));
            };
            if let Some(base) = a.get(1).or(kwarg(&kwargs, "base").as_ref()) {
                let base = as_int(base, "int()")?;
                let s = as_str(v, "int() can't convert non-string with explicit base")?;
                return ops::parse_int(s, base as u32)
                    .map(Value::Int)
                    .ok_or_else(|| {
                        raise(
                            "ValueError",
                            format!(
                                "invalid literal for int() with base {base}: {}",
                                repr(v).unwrap_or_default()
                            ),
                        )
                    });
            }
            to_int(v)
        }
        "float" => {
            arity(name, a, 0, 1)?;
            match a.first() {
                None => Ok(Value::Float(0.0)),
                Some(Value::Float(f)) => Ok(Value::Float(*f)),
                Some(Value::Int(i)) => Ok(Value::Float(*i as f64)),
                Some(Value::Bool(b)) => Ok(Value::Float(*b as i64 as f64)),
                Some(Value::Str(s)) => ops::parse_float(s).map(Value::Float).ok_or_else(|| {
                    raise(
                        "ValueError",
                        format!("could not convert string to float: {s}"),
                    )
                }),
                Some(Value::PObj(o)) => {
                    let s = pystachio::obj_str(o)?;
                    ops::parse_float(&s).map(Value::Float).ok_or_else(|| {
                        raise(
                            "ValueError",
                            format!("could not convert string to float: {s}"),
                        )
                    })
                }
                Some(other) => Err(raise(
                    "TypeError",
                    format!(
                        "float() argument must be a string or a number, not '{}'",
                        other.type_name()
                    ),
                )),
            }
        }
        "str" | "unicode" | "basestring" => {
            if name == "basestring" {
                return Err(raise(
                    "TypeError",
                    "The basestring type cannot be instantiated",
                ));
            }
            arity(name, a, 0, 3)?;
            match a.first() {
                None => Ok(Value::str("")),
                Some(Value::Bytes(b)) => Ok(Value::str(String::from_utf8_lossy(b).as_ref())),
                Some(v) => {
                    let s = py_str(v)?;
                    it.check_str(s.len())?;
                    Ok(Value::str(s))
                }
            }
        }
        "repr" => {
            arity(name, a, 1, 1)?;
            Ok(Value::str(repr(&a[0])?))
        }
        "bool" => {
            arity(name, a, 0, 1)?;
            match a.first() {
                Some(v) => Ok(Value::Bool(it.truthy(v)?)),
                None => Ok(Value::Bool(false)),
            }
        }
        "list" => {
            arity(name, a, 0, 1)?;
            Ok(Value::list(match a.first() {
                Some(v) => iterate(it, v)?,
                None => vec![],
            }))
        }
        "tuple" => {
            arity(name, a, 0, 1)?;
            Ok(Value::tuple(match a.first() {
                Some(v) => iterate(it, v)?,
                None => vec![],
            }))
        }
        "set" | "frozenset" => {
            arity(name, a, 0, 1)?;
            Ok(ops::set_value(match a.first() {
                Some(v) => ops::set_from(it, v)?,
                None => Dict::new_set(),
            }))
        }
        "dict" => {
            // `dict_init`: merge the positional argument, then the kwargs dict.
            arity(name, a, 0, 1)?;
            let mut d = Dict::new();
            if let Some(v) = a.first() {
                ops::dict_update(it, &mut d, v)?;
            }
            d.merge_kwargs(&kwargs);
            Ok(Value::dict(d))
        }
        "isinstance" => {
            arity(name, a, 2, 2)?;
            Ok(Value::Bool(isinstance(&a[0], &a[1])))
        }
        "issubclass" => {
            arity(name, a, 2, 2)?;
            Ok(Value::Bool(match (&a[0], &a[1]) {
                (Value::Builtin(x), Value::Builtin(y)) => {
                    x == y || super::exc_is(x, y) || *y == "object"
                }
                (Value::PType(x), Value::PType(y)) => pystachio::type_eq(x, y),
                (Value::Class(x), Value::Class(y)) => {
                    Rc::ptr_eq(x, y)
                        || x.bases
                            .iter()
                            .any(|b| matches!(b, Value::Class(bc) if Rc::ptr_eq(bc, y)))
                }
                _ => false,
            }))
        }
        "getattr" => {
            arity(name, a, 2, 3)?;
            let attr = as_str(&a[1], "getattr(): attribute name")?;
            match ops::get_attr(it, &a[0], attr) {
                Ok(v) => Ok(v),
                Err(e) if e.is_kind("AttributeError") && a.len() == 3 => Ok(a[2].clone()),
                Err(e) => Err(e),
            }
        }
        "hasattr" => {
            arity(name, a, 2, 2)?;
            let attr = as_str(&a[1], "hasattr(): attribute name")?;
            match ops::get_attr(it, &a[0], attr) {
                Ok(_) => Ok(Value::Bool(true)),
                Err(super::Ctrl::Exc(_)) => Ok(Value::Bool(false)),
                Err(e) => Err(e),
            }
        }
        "setattr" => {
            arity(name, a, 3, 3)?;
            let attr = as_str(&a[1], "setattr(): attribute name")?;
            ops::set_attr(&a[0], attr, a[2].clone())?;
            Ok(Value::None)
        }
        "map" => {
            if a.len() < 2 {
                return Err(raise("TypeError", "map() requires at least two args"));
            }
            let lists = a[1..]
                .iter()
                .map(|v| iterate(it, v))
                .collect::<R<Vec<_>>>()?;
            let n = lists.iter().map(Vec::len).max().unwrap_or(0);
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                let row: Vec<Value> = lists
                    .iter()
                    .map(|l| l.get(i).cloned().unwrap_or(Value::None))
                    .collect();
                out.push(match &a[0] {
                    Value::None if row.len() == 1 => row.into_iter().next().expect("one"),
                    Value::None => Value::tuple(row),
                    f => it.call(f, row, vec![], span)?,
                });
            }
            Ok(Value::list(out))
        }
        "filter" => {
            arity(name, a, 2, 2)?;
            let items = iterate(it, &a[1])?;
            let mut out = Vec::new();
            for v in items {
                let keep = match &a[0] {
                    Value::None => it.truthy(&v)?,
                    f => {
                        let r = it.call(f, vec![v.clone()], vec![], span)?;
                        it.truthy(&r)?
                    }
                };
                if keep {
                    out.push(v);
                }
            }
            Ok(match &a[1] {
                Value::Str(_) => Value::str(
                    out.iter()
                        .map(|v| py_str(v).unwrap_or_default())
                        .collect::<String>(),
                ),
                Value::Tuple(_) => Value::tuple(out),
                _ => Value::list(out),
            })
        }
        "reduce" => {
            arity(name, a, 2, 3)?;
            let mut items = iterate(it, &a[1])?.into_iter();
            let mut acc = match a.get(2) {
                Some(init) => init.clone(),
                None => items.next().ok_or_else(|| {
                    raise(
                        "TypeError",
                        "reduce() of empty sequence with no initial value",
                    )
                })?,
            };
            for v in items {
                acc = it.call(&a[0], vec![acc, v], vec![], span)?;
            }
            Ok(acc)
        }
        "open" => {
            arity(name, a, 1, 3)?;
            let path = as_str(&a[0], "open() path")?.to_string();
            let mode = match a.get(1).cloned().or_else(|| kwarg(&kwargs, "mode")) {
                Some(Value::Str(m)) => m.to_string(),
                _ => "r".into(),
            };
            if mode.contains(['w', 'a', '+', 'x']) {
                return Err(fatal(
                    Code::Sandbox,
                    format!(
                        "open({}, {}) would write a file; configs may only read",
                        repr(&a[0])?,
                        repr(&Value::str(mode.as_str()))?
                    ),
                ));
            }
            super::modules::open_file(it, &path)
        }
        "type" => {
            arity(name, a, 1, 1)?;
            Ok(type_of(&a[0]))
        }
        "hash" => {
            arity(name, a, 1, 1)?;
            let hk = hash_key(&a[0]).ok_or_else(|| {
                raise(
                    "TypeError",
                    format!("unhashable type: '{}'", a[0].type_name()),
                )
            })?;
            // CPython's own hash where it does not depend on addresses.
            if let Some(h) = super::value::py2_hash(&a[0]) {
                return Ok(Value::Int(h));
            }
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            hk.hash(&mut h);
            Ok(Value::Int(h.finish() as i64))
        }
        "ord" => {
            arity(name, a, 1, 1)?;
            let s = as_str(&a[0], "ord()")?;
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => Ok(Value::Int(c as i64)),
                _ => Err(raise(
                    "TypeError",
                    format!(
                        "ord() expected a character, but string of length {} found",
                        s.chars().count()
                    ),
                )),
            }
        }
        "chr" | "unichr" => {
            arity(name, a, 1, 1)?;
            let i = as_int(&a[0], "chr()")?;
            let limit = if name == "chr" { 255 } else { 0x10ffff };
            if !(0..=limit).contains(&i) {
                return Err(raise(
                    "ValueError",
                    format!("{name}() arg not in range({})", limit + 1),
                ));
            }
            Ok(Value::str(
                char::from_u32(i as u32).unwrap_or('\u{fffd}').to_string(),
            ))
        }
        "hex" | "oct" | "bin" => {
            arity(name, a, 1, 1)?;
            let i = as_int(&a[0], name)?;
            let (sign, n) = if i < 0 {
                ("-", i.unsigned_abs())
            } else {
                ("", i as u64)
            };
            Ok(Value::str(match name {
                "hex" => format!("{sign}0x{n:x}"),
                "oct" => {
                    if n == 0 {
                        "0".into()
                    } else {
                        format!("{sign}0{n:o}")
                    }
                }
                _ => format!("{sign}0b{n:b}"),
            }))
        }
        "divmod" => {
            arity(name, a, 2, 2)?;
            let q = ops::binop(
                it,
                rustpython_parser::ast::Operator::FloorDiv,
                &a[0],
                &a[1],
                false,
            )?;
            let r = ops::binop(
                it,
                rustpython_parser::ast::Operator::Mod,
                &a[0],
                &a[1],
                false,
            )?;
            Ok(Value::tuple(vec![q, r]))
        }
        "pow" => {
            arity(name, a, 2, 3)?;
            let v = ops::binop(
                it,
                rustpython_parser::ast::Operator::Pow,
                &a[0],
                &a[1],
                false,
            )?;
            match a.get(2) {
                Some(m) => ops::binop(it, rustpython_parser::ast::Operator::Mod, &v, m, false),
                None => Ok(v),
            }
        }
        "cmp" => {
            arity(name, a, 2, 2)?;
            Ok(Value::Int(match py_cmp(&a[0], &a[1])? {
                Ordering::Less => -1,
                Ordering::Equal => 0,
                Ordering::Greater => 1,
            }))
        }
        "callable" => {
            arity(name, a, 1, 1)?;
            Ok(Value::Bool(
                matches!(
                    &a[0],
                    Value::Function(_)
                        | Value::Builtin(_)
                        | Value::Method(_)
                        | Value::Bound(_)
                        | Value::Class(_)
                        | Value::PType(_)
                ) || matches!(&a[0], Value::PObj(o) if matches!(&*o.ty, PType::Struct(_))),
            ))
        }
        "globals" | "locals" | "vars" => Err(raise(
            "TypeError",
            format!("{name}() with arguments is not supported in aurora2nix's sandbox"),
        )),
        "classmethod" | "staticmethod" | "property" => {
            arity(name, a, 1, 1)?;
            let Value::Function(f) = &a[0] else {
                return Err(raise("TypeError", format!("{name} expects a function")));
            };
            let mut g = (**f).clone();
            g.kind = match name {
                "classmethod" => FuncKind::ClassMethod,
                "property" => FuncKind::Property,
                _ => FuncKind::StaticMethod,
            };
            Ok(Value::Function(Rc::new(g)))
        }
        "iter" => {
            arity(name, a, 1, 1)?;
            Ok(Value::list(iterate(it, &a[0])?))
        }
        "next" => {
            arity(name, a, 1, 2)?;
            match &a[0] {
                Value::List(l) if !l.borrow().is_empty() => Ok(l.borrow_mut().remove(0)),
                Value::List(_) if a.len() == 2 => Ok(a[1].clone()),
                _ => Err(raise("StopIteration", "")),
            }
        }
        "id" => {
            arity(name, a, 1, 1)?;
            Ok(Value::Int(super::value::identity(&a[0]) as i64))
        }
        "format" => {
            arity(name, a, 1, 2)?;
            let spec = match a.get(1) {
                Some(v) => as_str(v, "format()")?.to_string(),
                None => String::new(),
            };
            let tmpl = format!("{{0:{spec}}}");
            super::format::str_format(&tmpl, &[ops::FmtVal(a[0].clone())], &[])
                .map(Value::str)
                .map_err(ops::fmt_err)
        }
        "intern" => {
            arity(name, a, 1, 1)?;
            Ok(a[0].clone())
        }
        "object" => Ok(Value::Instance(Rc::new(super::value::Instance {
            class: Rc::new(super::value::Class {
                name: "object".into(),
                bases: vec![],
                attrs: Default::default(),
            }),
            attrs: Default::default(),
        }))),
        // pystachio.
        "Struct" => Err(raise(
            "TypeError",
            "Struct is a base class: declare `class X(Struct): ...`",
        )),
        "Required" => {
            arity(name, a, 1, 1)?;
            Ok(Value::Sig(Rc::new(Sig {
                ty: as_type(&a[0])?,
                required: true,
                default: None,
            })))
        }
        "Default" => {
            arity(name, a, 2, 2)?;
            let ty = as_type(&a[0])?;
            let default = match &a[1] {
                Value::Empty => None,
                v => Some(pystachio::coerce_into(&ty, v.clone(), Some(span))?),
            };
            Ok(Value::Sig(Rc::new(Sig {
                ty,
                required: false,
                default,
            })))
        }
        "List" => {
            arity(name, a, 1, 1)?;
            Ok(Value::PType(Rc::new(PType::List(as_type(&a[0])?))))
        }
        "Map" => {
            arity(name, a, 2, 2)?;
            Ok(Value::PType(Rc::new(PType::Map(
                as_type(&a[0])?,
                as_type(&a[1])?,
            ))))
        }
        "Enum" => {
            let (name, values) = match a.as_slice() {
                [Value::Str(n), vals @ (Value::List(_) | Value::Tuple(_))] => {
                    let vals = iterate(it, vals)?;
                    (n.to_string(), vals)
                }
                vals => {
                    let names = vals
                        .iter()
                        .map(|v| as_str(v, "Enum value").map(str::to_string))
                        .collect::<R<Vec<_>>>()?;
                    (format!("Enum_{}", names.join("_")), vals.to_vec())
                }
            };
            let values = values
                .iter()
                .map(|v| as_str(v, "Enum value").map(Str::from))
                .collect::<R<Vec<_>>>()?;
            Ok(Value::PType(Rc::new(PType::Enum {
                name: name.into(),
                values,
            })))
        }
        "Choice" => {
            let (cname, alts) = match a.as_slice() {
                [Value::Str(n), alts] => (Some(n.to_string()), iterate(it, alts)?),
                [alts] => (None, iterate(it, alts)?),
                _ => {
                    return Err(raise(
                        "TypeError",
                        "Choice() takes a list of types, optionally after a name",
                    ))
                }
            };
            let alts = alts.iter().map(as_type).collect::<R<Vec<_>>>()?;
            let cname = cname.unwrap_or_else(|| {
                format!(
                    "Choice_{}",
                    alts.iter().map(|t| t.name()).collect::<Vec<_>>().join("_")
                )
            });
            Ok(Value::PType(Rc::new(PType::Choice {
                name: cname.into(),
                alts,
            })))
        }
        "Ref" => {
            arity(name, a, 1, 1)?;
            let s = as_str(&a[0], "Ref()")?;
            pystachio::Ref::parse(s)
                .map(|r| Value::Ref(Rc::new(r)))
                .map_err(|m| raise("InvalidRefError", m))
        }
        "Environment" => {
            let mut d = Dict::new();
            for v in a {
                ops::dict_update(it, &mut d, v)?;
            }
            d.merge_kwargs(&kwargs);
            Ok(Value::dict(d))
        }
        _ => Err(raise("NameError", format!("name '{name}' is not defined"))),
    }
}

/// Python 2.7's `round`: the exact decimal value of `x` rounded to `nd` digits, ties away from
/// zero (so `round(2.675, 2)` is 2.67, since 2.675 is really 2.67499999...).
fn round_half_away(x: f64, nd: i64) -> f64 {
    if !x.is_finite() || nd > 300 {
        return x;
    }
    if nd < 0 {
        let p = 10f64.powi((-nd).min(308) as i32);
        let y = x / p;
        let r = if (y - y.trunc()).abs() == 0.5 {
            y.trunc() + y.signum()
        } else {
            y.round()
        };
        return r * p;
    }
    let nd = nd as usize;
    // Rust prints the exact binary value with enough digits; look at what follows digit `nd`.
    let exact = format!("{:.*}", nd + 40, x.abs());
    let (int_part, frac) = exact.split_once('.').unwrap_or((&exact, ""));
    let (keep, rest) = frac.split_at(nd.min(frac.len()));
    let round_up = match rest.as_bytes().first() {
        Some(b'5') => true, // a tie or above: away from zero
        Some(d) => *d > b'5',
        None => false,
    };
    let mut digits: Vec<u8> = format!("{int_part}{keep}").into_bytes();
    if round_up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let s = String::from_utf8(digits).unwrap_or_default();
    let (i, f) = s.split_at(s.len() - nd);
    let v: f64 = format!("{i}.{f}0").parse().unwrap_or(x.abs());
    if x < 0.0 {
        -v
    } else {
        v
    }
}

fn to_int(v: &Value) -> R<Value> {
    match v {
        Value::Int(i) => Ok(Value::Int(*i)),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) => {
            if !f.is_finite() {
                return Err(raise(
                    "OverflowError",
                    "cannot convert float infinity to integer",
                ));
            }
            if f.abs() >= 9.2e18 {
                return Err(fatal(
                    Code::Limit,
                    "integer result does not fit in 64 bits (the evaluator's integer limit)",
                ));
            }
            Ok(Value::Int(f.trunc() as i64))
        }
        Value::Str(s) => ops::parse_int(s, 10).map(Value::Int).ok_or_else(|| {
            raise(
                "ValueError",
                format!(
                    "invalid literal for int() with base 10: {}",
                    repr(v).unwrap_or_default()
                ),
            )
        }),
        Value::PObj(o) => {
            let s = pystachio::obj_str(o)?;
            ops::parse_int(&s, 10).map(Value::Int).ok_or_else(|| {
                raise(
                    "ValueError",
                    format!("invalid literal for int() with base 10: '{s}'"),
                )
            })
        }
        other => Err(raise(
            "TypeError",
            format!(
                "int() argument must be a string or a number, not '{}'",
                other.type_name()
            ),
        )),
    }
}

/// `type(x)`.
fn type_of(v: &Value) -> Value {
    match v {
        Value::None => Value::Builtin("type"),
        Value::Bool(_) => Value::Builtin("bool"),
        Value::Int(_) => Value::Builtin("int"),
        Value::Float(_) => Value::Builtin("float"),
        Value::Str(_) | Value::Bytes(_) => Value::Builtin("str"),
        Value::List(_) => Value::Builtin("list"),
        Value::Tuple(_) => Value::Builtin("tuple"),
        Value::Dict(_) => Value::Builtin("dict"),
        Value::Set(_) => Value::Builtin("set"),
        Value::Instance(i) => Value::Class(i.class.clone()),
        Value::PObj(o) => Value::PType(o.ty.clone()),
        Value::Exception(e) => match &e.class {
            Some(c) => Value::Class(c.clone()),
            None => Value::Builtin(e.kind),
        },
        _ => Value::Builtin("type"),
    }
}

/// `isinstance(v, t)`.
pub fn isinstance(v: &Value, t: &Value) -> bool {
    match t {
        Value::Tuple(ts) => ts.iter().any(|t| isinstance(v, t)),
        Value::PType(ty) => pystachio::is_instance(v, ty),
        Value::Class(c) => match v {
            Value::Instance(i) => class_is(&i.class, c),
            Value::Exception(e) => e.class.as_ref().is_some_and(|ec| class_is(ec, c)),
            _ => false,
        },
        Value::Builtin(name) => match (*name, v) {
            ("object", _) => true,
            ("str" | "unicode" | "basestring", Value::Str(_) | Value::Bytes(_)) => true,
            ("int" | "long", Value::Int(_) | Value::Bool(_)) => true,
            ("float", Value::Float(_)) => true,
            ("bool", Value::Bool(_)) => true,
            ("list", Value::List(_)) => true,
            ("tuple", Value::Tuple(_)) => true,
            ("dict", Value::Dict(_)) => true,
            ("set" | "frozenset", Value::Set(_)) => true,
            (n, Value::Exception(e)) if is_exception_name(n) => super::exc_is(e.kind, n),
            _ => false,
        },
        _ => false,
    }
}

fn class_is(c: &Rc<super::value::Class>, target: &Rc<super::value::Class>) -> bool {
    Rc::ptr_eq(c, target)
        || c.bases
            .iter()
            .any(|b| matches!(b, Value::Class(bc) if class_is(bc, target)))
}

fn sort(
    it: &mut Interp,
    items: Vec<Value>,
    cmp: Option<Value>,
    key: Option<Value>,
    reverse: bool,
    span: Span,
) -> R<Vec<Value>> {
    let keys = match &key {
        Some(Value::None) | None => items.clone(),
        Some(k) => items
            .iter()
            .map(|v| it.call(k, vec![v.clone()], vec![], span))
            .collect::<R<Vec<_>>>()?,
    };
    let mut idx: Vec<usize> = (0..items.len()).collect();
    let mut err = None;
    let cmp = cmp.filter(|c| !matches!(c, Value::None));
    idx.sort_by(|&x, &y| {
        if err.is_some() {
            return Ordering::Equal;
        }
        let r = match &cmp {
            Some(f) => it
                .call(f, vec![keys[x].clone(), keys[y].clone()], vec![], span)
                .and_then(|v| match v {
                    Value::Int(i) => Ok(i.cmp(&0)),
                    other => Err(raise(
                        "TypeError",
                        format!(
                            "comparison function must return int, not {}",
                            other.type_name()
                        ),
                    )),
                }),
            None => py_cmp(&keys[x], &keys[y]),
        };
        match r {
            Ok(o) => {
                if reverse {
                    o.reverse()
                } else {
                    o
                }
            }
            Err(e) => {
                err = Some(e);
                Ordering::Equal
            }
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    Ok(idx.into_iter().map(|i| items[i].clone()).collect())
}

/// Sorts a list in place (`list.sort`).
pub fn sort_in_place(
    it: &mut Interp,
    list: &Value,
    kwargs: &[(Str, Value)],
    args: &[Value],
    span: Span,
) -> R<()> {
    let Value::List(l) = list else { unreachable!() };
    let items = l.borrow().clone();
    let cmp = args.first().cloned().or_else(|| kwarg(kwargs, "cmp"));
    let key = args.get(1).cloned().or_else(|| kwarg(kwargs, "key"));
    let reverse = match args.get(2).cloned().or_else(|| kwarg(kwargs, "reverse")) {
        Some(v) => it.truthy(&v)?,
        None => false,
    };
    let sorted = sort(it, items, cmp, key, reverse, span)?;
    *l.borrow_mut() = sorted;
    Ok(())
}

/// Calls a pystachio type: constructs an object.
pub fn call_ptype(
    it: &mut Interp,
    t: &Rc<PType>,
    args: Vec<Value>,
    kwargs: Vec<(Str, Value)>,
    span: Span,
) -> R<Value> {
    let _ = it;
    let origin = Some(span);
    let obj = match &**t {
        PType::Struct(_) => pystachio::new_struct(t, &args, &kwargs, origin)?,
        PType::Map(..) if args.len() != 1 || !matches!(args[0], Value::Dict(_)) => {
            let mut pairs = Vec::new();
            for a in &args {
                let kv = match a {
                    Value::Tuple(t) if t.len() == 2 => (t[0].clone(), t[1].clone()),
                    Value::List(l) if l.borrow().len() == 2 => {
                        (l.borrow()[0].clone(), l.borrow()[1].clone())
                    }
                    other => {
                        return Err(raise(
                            "ValueError",
                            format!("Unexpected input to MapContainer: {}", repr(other)?),
                        ))
                    }
                };
                pairs.push(kv);
            }
            pystachio::map_from_pairs(t, pairs, origin)?
        }
        _ => {
            no_kwargs(&t.name(), &kwargs)?;
            if args.len() != 1 {
                return Err(raise(
                    "TypeError",
                    format!(
                        "__init__() takes exactly 2 arguments ({} given)",
                        args.len() + 1
                    ),
                ));
            }
            pystachio::construct(t, args.into_iter().next().expect("one"), origin)?
        }
    };
    Ok(Value::PObj(obj))
}

/// `class Name(Struct): ...` — builds a Struct type from the class body's signatures.
///
/// `attrs` is the class namespace in CPython's iteration order. pystachio's
/// `StructMetaclass.attributes_to_parameters` walks it keeping the type signatures, and
/// `StructFactory.create` builds `TYPEMAP = dict((attr, sig) for attr, sig in parameters)`,
/// so the fields come out in the order that dict iterates (the order `check()` reports in).
/// Every object's `_schema_data` is in turn built from `TYPEMAP.items()`; its order
/// (`interpolate()`, `repr`, `get()`) is kept as `data_order`.
pub fn make_struct_type(name: &str, attrs: &[(Str, Value)]) -> R<Value> {
    let mut params = Vec::new();
    for (k, v) in attrs {
        let sig = match v {
            Value::Sig(s) => s.clone(),
            Value::PType(t) => Rc::new(Sig {
                ty: t.clone(),
                required: false,
                default: None,
            }),
            _ => continue,
        };
        params.push((k.clone(), sig));
    }
    let typemap = py2order::DictOrder::from_inserts(
        params
            .iter()
            .enumerate()
            .map(|(i, (n, _))| (py2order::hash_str(n), i)),
    );
    let fields: Vec<(Str, Rc<Sig>)> = typemap
        .iter_order()
        .into_iter()
        .map(|i| params[i].clone())
        .collect();
    let data_order = py2order::DictOrder::from_inserts(
        fields
            .iter()
            .enumerate()
            .map(|(i, (n, _))| (py2order::hash_str(n), i)),
    )
    .iter_order();
    let index = fields
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.clone(), i))
        .collect();
    Ok(Value::PType(Rc::new(PType::Struct(StructDef {
        name: name.into(),
        fields,
        index,
        data_order,
    }))))
}

/// `class Child(SomeStruct)`: pystachio keeps the parent's schema under the child's name.
pub fn rename_struct(parent: &Rc<PType>, name: &str) -> Value {
    match &**parent {
        PType::Struct(d) => Value::PType(Rc::new(PType::Struct(StructDef {
            name: name.into(),
            fields: d.fields.clone(),
            index: d.index.clone(),
            data_order: d.data_order.clone(),
        }))),
        _ => Value::PType(parent.clone()),
    }
}
