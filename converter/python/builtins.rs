//! The builtins namespace: Python 2.7's builtin functions, types and exceptions.
//!
//! Each builtin is one Rust function registered in [`FUNCTIONS`] or one [`TypeObj`] next to
//! its constructor; a name that is not registered is simply not defined (a `NameError`).
//! Builtins that could leave the sandbox (`eval`, `exec`, `__import__`, `dir`, ...) are defined
//! as refusals, so using one is a sandbox stop that names it.

use crate::attrs::FmtVal;
use crate::budget::Budget;
use crate::dict::Key;
use crate::error::{ExcKind, ExcType};
use crate::ops::{self, int, iterate, py_cmp, py_str, repr};
use crate::types;
use crate::value::Dict;
use crate::value::Vm;
use crate::value::{overflow, raise, sandbox, R};
use crate::value::{Args, Class, FuncKind, Instance, NativeFn, TypeObj, Value};
use crate::HashMap;
use rustpython_parser::ast::Operator;
use std::cmp::Ordering;
use std::rc::Rc;
use std::sync::OnceLock;

/// Every builtin function.
pub static FUNCTIONS: &[NativeFn] = &[
    NativeFn::new("len", len),
    NativeFn::new("range", range),
    NativeFn::new("xrange", range),
    NativeFn::new("sorted", sorted),
    NativeFn::new("reversed", reversed),
    NativeFn::new("enumerate", enumerate),
    NativeFn::new("zip", zip),
    NativeFn::new("min", min),
    NativeFn::new("max", max),
    NativeFn::new("sum", sum),
    NativeFn::new("any", any),
    NativeFn::new("all", all),
    NativeFn::new("abs", abs),
    NativeFn::new("round", round),
    NativeFn::new("isinstance", isinstance_fn),
    NativeFn::new("issubclass", issubclass),
    NativeFn::new("getattr", getattr),
    NativeFn::new("hasattr", hasattr),
    NativeFn::new("setattr", setattr),
    NativeFn::new("repr", repr_fn),
    NativeFn::new("map", map),
    NativeFn::new("filter", filter),
    NativeFn::new("reduce", reduce),
    NativeFn::new("open", open),
    NativeFn::new("print", print),
    NativeFn::new("hash", hash),
    NativeFn::new("ord", ord),
    NativeFn::new("chr", chr),
    NativeFn::new("unichr", unichr),
    NativeFn::new("hex", hex),
    NativeFn::new("oct", oct),
    NativeFn::new("bin", bin),
    NativeFn::new("divmod", divmod),
    NativeFn::new("pow", pow),
    NativeFn::new("cmp", cmp),
    NativeFn::new("callable", callable),
    NativeFn::new("classmethod", classmethod),
    NativeFn::new("staticmethod", staticmethod),
    NativeFn::new("property", property),
    NativeFn::new("iter", iter),
    NativeFn::new("next", next),
    NativeFn::new("id", id),
    NativeFn::new("format", format),
    NativeFn::new("intern", intern),
    NativeFn::new("globals", namespace),
    NativeFn::new("locals", namespace),
    NativeFn::new("vars", namespace),
];

/// Every builtin type.
pub static TYPES: &[&TypeObj] = &[
    &INT,
    &LONG,
    &FLOAT,
    &STR,
    &UNICODE,
    &BASESTRING,
    &BOOL,
    &LIST,
    &TUPLE,
    &DICT,
    &SET,
    &FROZENSET,
    &OBJECT,
    &TYPE,
];

/// Builtins that could leave the sandbox: they exist, but calling one stops the run.
static REFUSED: &[NativeFn] = &[
    NativeFn::family("eval", escape, "eval"),
    NativeFn::family("exec", escape, "exec"),
    NativeFn::family("execfile", escape, "execfile"),
    NativeFn::family("compile", escape, "compile"),
    NativeFn::family("__import__", escape, "__import__"),
    NativeFn::family("dir", escape, "dir"),
    NativeFn::family("input", escape, "input"),
    NativeFn::family("raw_input", escape, "raw_input"),
    NativeFn::family("reload", escape, "reload"),
    NativeFn::family("file", escape, "file"),
    NativeFn::family("memoryview", escape, "memoryview"),
    NativeFn::family("buffer", escape, "buffer"),
    NativeFn::family("help", escape, "help"),
    NativeFn::family("exit", escape, "exit"),
    NativeFn::family("quit", escape, "quit"),
    NativeFn::family("super", escape, "super"),
    NativeFn::family("delattr", escape, "delattr"),
    NativeFn::family("__builtins__", escape, "__builtins__"),
];

fn is_str(v: &Value) -> bool {
    matches!(v, Value::Str(_) | Value::Bytes(_))
}

pub static INT: TypeObj = TypeObj {
    name: "int",
    new: Some(int_new),
    methods: &[],
    check: |v| matches!(v, Value::Int(_) | Value::Bool(_)),
};
pub static LONG: TypeObj = TypeObj {
    name: "long",
    ..INT
};
pub static FLOAT: TypeObj = TypeObj {
    name: "float",
    new: Some(float_new),
    methods: &[],
    check: |v| matches!(v, Value::Float(_)),
};
pub static STR: TypeObj = TypeObj {
    name: "str",
    new: Some(str_new),
    methods: types::str::METHODS,
    check: is_str,
};
pub static UNICODE: TypeObj = TypeObj {
    name: "unicode",
    ..STR
};
pub static BASESTRING: TypeObj = TypeObj {
    name: "basestring",
    new: Some(|_, _| {
        Err(raise(
            ExcKind::TypeError,
            "The basestring type cannot be instantiated",
        ))
    }),
    methods: &[],
    check: is_str,
};
pub static BOOL: TypeObj = TypeObj {
    name: "bool",
    new: Some(bool_new),
    methods: &[],
    check: |v| matches!(v, Value::Bool(_)),
};
pub static LIST: TypeObj = TypeObj {
    name: "list",
    new: Some(list_new),
    methods: types::list::METHODS,
    check: |v| matches!(v, Value::List(_)),
};
pub static TUPLE: TypeObj = TypeObj {
    name: "tuple",
    new: Some(tuple_new),
    methods: types::list::TUPLE_METHODS,
    check: |v| matches!(v, Value::Tuple(_)),
};
pub static DICT: TypeObj = TypeObj {
    name: "dict",
    new: Some(dict_new),
    methods: types::dict::METHODS,
    check: |v| matches!(v, Value::Dict(_)),
};
pub static SET: TypeObj = TypeObj {
    name: "set",
    new: Some(set_new),
    methods: types::set::METHODS,
    check: |v| matches!(v, Value::Set(_)),
};
pub static FROZENSET: TypeObj = TypeObj {
    name: "frozenset",
    ..SET
};
pub static OBJECT: TypeObj = TypeObj {
    name: "object",
    new: Some(object_new),
    methods: &[],
    check: |_| true,
};
pub static TYPE: TypeObj = TypeObj {
    name: "type",
    new: Some(type_new),
    methods: &[],
    check: |v| matches!(v, Value::Type(_) | Value::ExcType(_)),
};
pub static NONETYPE: TypeObj = TypeObj {
    name: "NoneType",
    new: None,
    methods: &[],
    check: |v| matches!(v, Value::None),
};

/// What a builtin name stands for.
#[derive(Clone, Copy)]
enum Builtin {
    Const(fn() -> Value),
    Fn(&'static NativeFn),
    Type(&'static TypeObj),
    Exc(ExcKind),
    Refused(&'static NativeFn),
}

fn table() -> &'static HashMap<&'static str, Builtin> {
    static TABLE: OnceLock<HashMap<&'static str, Builtin>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: HashMap<&'static str, Builtin> = HashMap::default();
        t.insert("None", Builtin::Const(|| Value::None));
        t.insert("True", Builtin::Const(|| Value::Bool(true)));
        t.insert("False", Builtin::Const(|| Value::Bool(false)));
        for f in FUNCTIONS {
            t.insert(f.name, Builtin::Fn(f));
        }
        for ty in TYPES {
            t.insert(ty.name, Builtin::Type(ty));
        }
        for k in ExcKind::ALL {
            t.insert(k.name(), Builtin::Exc(*k));
        }
        for f in REFUSED {
            t.insert(f.name, Builtin::Refused(f));
        }
        t
    })
}

fn escape(_: &mut dyn Vm, name: &'static str, _: Args) -> R<Value> {
    Err(sandbox(format!(
        "{name}() is not available in a config: it could escape the sandbox"
    )))
}

/// Resolves a builtin name.
pub fn lookup(name: &str) -> Option<Value> {
    Some(match *table().get(name)? {
        Builtin::Const(f) => f(),
        Builtin::Fn(f) => Value::Native(f),
        Builtin::Type(t) => Value::Type(t),
        Builtin::Exc(k) => Value::ExcType(ExcType::Builtin(k)),
        Builtin::Refused(f) => Value::Native(f),
    })
}

/// For `globals`, `locals` and `vars`: whether the function reads the local namespace. The
/// interpreter calls these itself, since they see the caller's scope.
pub(crate) fn namespace_function(f: &NativeFn) -> Option<bool> {
    if !FUNCTIONS.as_ptr_range().contains(&(f as *const NativeFn)) {
        return None;
    }
    match f.name {
        "globals" => Some(false),
        "locals" | "vars" => Some(true),
        _ => None,
    }
}

/// The builtin type whose methods a value has.
pub fn type_of(v: &Value) -> Option<&'static TypeObj> {
    Some(match v {
        Value::Str(_) | Value::Bytes(_) => &STR,
        Value::List(_) => &LIST,
        Value::Tuple(_) => &TUPLE,
        Value::Dict(_) => &DICT,
        Value::Set(_) => &SET,
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------------
// Argument helpers.

pub(crate) fn as_int(v: &Value, what: &str) -> R<i64> {
    int(v).ok_or_else(|| {
        raise(
            ExcKind::TypeError,
            format!("{what} expected integer, got {}", v.type_name()),
        )
    })
}

pub(crate) fn as_str<'a>(v: &'a Value, what: &str) -> R<&'a str> {
    match v {
        Value::Str(s) => Ok(s),
        other => Err(raise(
            ExcKind::TypeError,
            format!("{what} must be a string, not {}", other.type_name()),
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Functions.

fn len(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("len", 1, 1)?;
    let _ = it;
    Ok(Value::Int(match &a.pos[0] {
        Value::Str(s) => s.chars().count() as i64,
        Value::Bytes(b) => b.len() as i64,
        Value::List(l) => l.borrow().len() as i64,
        Value::Tuple(t) => t.len() as i64,
        Value::Dict(d) | Value::Set(d) => d.borrow().len() as i64,
        other => {
            return Err(raise(
                ExcKind::TypeError,
                format!("object of type '{}' has no len()", other.type_name()),
            ))
        }
    }))
}

fn range(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("range", 1, 3)?;
    let p = &a.pos;
    let (start, stop, step) = match p.len() {
        1 => (0, as_int(&p[0], "range()")?, 1),
        2 => (as_int(&p[0], "range()")?, as_int(&p[1], "range()")?, 1),
        _ => (
            as_int(&p[0], "range()")?,
            as_int(&p[1], "range()")?,
            as_int(&p[2], "range()")?,
        ),
    };
    if step == 0 {
        return Err(raise(
            ExcKind::ValueError,
            "range() step argument must not be zero",
        ));
    }
    let (lo, hi, by) = (start as i128, stop as i128, step as i128);
    let n = if by > 0 && hi > lo {
        (hi - lo - 1) / by + 1
    } else if by < 0 && lo > hi {
        (lo - hi - 1) / (-by) + 1
    } else {
        0
    };
    it.budget()
        .items(usize::try_from(n).unwrap_or(usize::MAX))?;
    Ok(Value::list(
        (0..n as i64)
            .map(|i| Value::Int(start + i * step))
            .collect(),
    ))
}

fn sorted(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("sorted", 1, 4)?;
    let items = crate::ops::iterate(&a.pos[0], &it.budget())?;
    let cmp = a.get(1, "cmp").cloned();
    let key = a.get(2, "key").cloned();
    let reverse = a.get(3, "reverse").is_some_and(Value::truthy);
    Ok(Value::list(types::list::sort(
        it, items, cmp, key, reverse, a.span,
    )?))
}

fn reversed(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("reversed", 1, 1)?;
    let mut items = crate::ops::iterate(&a.pos[0], &it.budget())?;
    items.reverse();
    Ok(Value::list(items))
}

fn enumerate(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("enumerate", 1, 2)?;
    let start = match a.get(1, "start") {
        Some(v) => as_int(v, "enumerate()")?,
        None => 0,
    };
    let items = crate::ops::iterate(&a.pos[0], &it.budget())?;
    it.budget().items(items.len())?;
    Ok(Value::list(
        items
            .into_iter()
            .enumerate()
            .map(|(i, v)| Value::tuple(vec![Value::Int(start + i as i64), v]))
            .collect(),
    ))
}

fn zip(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.no_kwargs("zip")?;
    let b = it.budget();
    let lists = a
        .pos
        .iter()
        .map(|v| iterate(v, &b))
        .collect::<R<Vec<_>>>()?;
    let n = lists.iter().map(Vec::len).min().unwrap_or(0);
    it.budget().items(n.saturating_mul(lists.len().max(1)))?;
    Ok(Value::list(
        (0..n)
            .map(|i| Value::tuple(lists.iter().map(|l| l[i].clone()).collect()))
            .collect(),
    ))
}

fn extreme(it: &mut dyn Vm, a: Args, name: &str, want: Ordering) -> R<Value> {
    let items = if a.pos.len() == 1 {
        crate::ops::iterate(&a.pos[0], &it.budget())?
    } else {
        a.pos.clone()
    };
    if items.is_empty() {
        return Err(raise(
            ExcKind::ValueError,
            format!("{name}() arg is an empty sequence"),
        ));
    }
    let key = a.kwarg("key").cloned();
    let key_of = |it: &mut dyn Vm, v: &Value| -> R<Value> {
        match &key {
            Some(k) => it.call(k, Args::new(vec![v.clone()], a.span)),
            None => Ok(v.clone()),
        }
    };
    let mut best = items[0].clone();
    let mut best_key = key_of(it, &best)?;
    for v in items.into_iter().skip(1) {
        let k = key_of(it, &v)?;
        if py_cmp(&k, &best_key, &it.budget())? == want {
            best = v;
            best_key = k;
        }
    }
    Ok(best)
}

fn min(it: &mut dyn Vm, a: Args) -> R<Value> {
    extreme(it, a, "min", Ordering::Less)
}

fn max(it: &mut dyn Vm, a: Args) -> R<Value> {
    extreme(it, a, "max", Ordering::Greater)
}

fn sum(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("sum", 1, 2)?;
    let mut acc = a.pos.get(1).cloned().unwrap_or(Value::Int(0));
    if matches!(acc, Value::Str(_)) {
        return Err(raise(
            ExcKind::TypeError,
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    for v in crate::ops::iterate(&a.pos[0], &it.budget())? {
        it.budget().step()?;
        acc = ops::binop(&it.budget(), Operator::Add, &acc, &v, false)?;
    }
    Ok(acc)
}

fn any(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("any", 1, 1)?;
    Ok(Value::Bool(
        crate::ops::iterate(&a.pos[0], &it.budget())?
            .iter()
            .any(Value::truthy),
    ))
}

fn all(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("all", 1, 1)?;
    Ok(Value::Bool(
        crate::ops::iterate(&a.pos[0], &it.budget())?
            .iter()
            .all(Value::truthy),
    ))
}

fn abs(_: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("abs", 1, 1)?;
    match &a.pos[0] {
        Value::Int(i) => Ok(Value::Int(i.checked_abs().ok_or_else(overflow)?)),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        other => Err(raise(
            ExcKind::TypeError,
            format!("bad operand type for abs(): '{}'", other.type_name()),
        )),
    }
}

fn round(_: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("round", 1, 2)?;
    let x = match &a.pos[0] {
        Value::Int(i) => *i as f64,
        Value::Bool(b) => *b as i64 as f64,
        Value::Float(f) => *f,
        other => {
            return Err(raise(
                ExcKind::TypeError,
                format!("a float is required, got {}", other.type_name()),
            ))
        }
    };
    let nd = match a.pos.get(1) {
        Some(v) => as_int(v, "round()")?,
        None => 0,
    };
    Ok(Value::Float(round_half_away(x, nd)))
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
    let exact = std::format!("{:.*}", nd + 40, x.abs());
    let (int_part, frac) = exact.split_once('.').unwrap_or((&exact, ""));
    let (keep, rest) = frac.split_at(nd.min(frac.len()));
    let round_up = match rest.as_bytes().first() {
        Some(b'5') => true, // a tie or above: away from zero
        Some(d) => *d > b'5',
        None => false,
    };
    let mut digits: Vec<u8> = std::format!("{int_part}{keep}").into_bytes();
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
    let v: f64 = std::format!("{i}.{f}0").parse().unwrap_or(x.abs());
    if x < 0.0 {
        -v
    } else {
        v
    }
}

fn isinstance_fn(_: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("isinstance", 2, 2)?;
    Ok(Value::Bool(isinstance(&a.pos[0], &a.pos[1])))
}

/// `isinstance(v, t)`.
pub fn isinstance(v: &Value, t: &Value) -> bool {
    match t {
        Value::Tuple(ts) => ts.iter().any(|t| isinstance(v, t)),
        Value::Type(ty) => (ty.check)(v),
        Value::ExcType(ty) => matches!(v, Value::Exception(e) if e.ty.is(*ty)),
        Value::Class(c) => match v {
            Value::Instance(i) => i.class.derives(c),
            Value::Exception(e) => e.class.as_ref().is_some_and(|ec| ec.derives(c)),
            _ => false,
        },
        Value::Object(o) => o.instance_check(v).unwrap_or(false),
        _ => false,
    }
}

fn issubclass(_: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("issubclass", 2, 2)?;
    let (x, y) = (&a.pos[0], &a.pos[1]);
    Ok(Value::Bool(match (x, y) {
        (Value::Type(p), Value::Type(q)) => std::ptr::eq(*p, *q) || std::ptr::eq(*q, &OBJECT),
        (Value::ExcType(p), Value::ExcType(q)) => p.is(*q),
        (Value::ExcType(_) | Value::Class(_), Value::Type(q)) => std::ptr::eq(*q, &OBJECT),
        (Value::Class(p), Value::Class(q)) => p.derives(q),
        (_, Value::Object(o)) => o.subclass_check(x).unwrap_or(false),
        _ => false,
    }))
}

fn getattr(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("getattr", 2, 3)?;
    let attr = as_str(&a.pos[1], "getattr(): attribute name")?;
    match it.get_attr(&a.pos[0], attr) {
        Ok(v) => Ok(v),
        Err(e) if e.is(ExcKind::AttributeError) && a.pos.len() == 3 => Ok(a.pos[2].clone()),
        Err(e) => Err(e),
    }
}

fn hasattr(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("hasattr", 2, 2)?;
    let attr = as_str(&a.pos[1], "hasattr(): attribute name")?;
    match it.get_attr(&a.pos[0], attr) {
        Ok(_) => Ok(Value::Bool(true)),
        // Python 2's hasattr swallows every exception (but a stop is not one).
        Err(crate::Error::Raise(_)) => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn setattr(_: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("setattr", 3, 3)?;
    let attr = as_str(&a.pos[1], "setattr(): attribute name")?;
    crate::attrs::set_attr(&a.pos[0], attr, a.pos[2].clone())?;
    Ok(Value::None)
}

fn repr_fn(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("repr", 1, 1)?;
    Ok(Value::str(repr(&a.pos[0], &it.budget())?))
}

fn map(it: &mut dyn Vm, a: Args) -> R<Value> {
    if a.pos.len() < 2 {
        return Err(raise(
            ExcKind::TypeError,
            "map() requires at least two args",
        ));
    }
    let b = it.budget();
    let lists = a.pos[1..]
        .iter()
        .map(|v| crate::ops::iterate(v, &b))
        .collect::<R<Vec<_>>>()?;
    let n = lists.iter().map(Vec::len).max().unwrap_or(0);
    it.budget().items(n)?;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let row: Vec<Value> = lists
            .iter()
            .map(|l| l.get(i).cloned().unwrap_or(Value::None))
            .collect();
        out.push(match &a.pos[0] {
            Value::None if row.len() == 1 => row.into_iter().next().unwrap_or(Value::None),
            Value::None => Value::tuple(row),
            f => it.call(f, Args::new(row, a.span))?,
        });
    }
    Ok(Value::list(out))
}

fn filter(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("filter", 2, 2)?;
    let items = crate::ops::iterate(&a.pos[1], &it.budget())?;
    let mut out = Vec::new();
    for v in items {
        let keep = match &a.pos[0] {
            Value::None => v.truthy(),
            f => it.call(f, Args::new(vec![v.clone()], a.span))?.truthy(),
        };
        if keep {
            out.push(v);
        }
    }
    Ok(match &a.pos[1] {
        Value::Str(_) => {
            let mut s = String::new();
            for v in &out {
                it.budget().push(&mut s, &py_str(v, &it.budget())?)?;
            }
            Value::str(s)
        }
        Value::Tuple(_) => Value::tuple(out),
        _ => Value::list(out),
    })
}

fn reduce(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("reduce", 2, 3)?;
    let mut items = crate::ops::iterate(&a.pos[1], &it.budget())?.into_iter();
    let mut acc = match a.pos.get(2) {
        Some(init) => init.clone(),
        None => items.next().ok_or_else(|| {
            raise(
                ExcKind::TypeError,
                "reduce() of empty sequence with no initial value",
            )
        })?,
    };
    for v in items {
        acc = it.call(&a.pos[0], Args::new(vec![acc, v], a.span))?;
    }
    Ok(acc)
}

fn open(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("open", 1, 3)?;
    let path = as_str(&a.pos[0], "open() path")?.to_string();
    let mode = match a.get(1, "mode") {
        Some(Value::Str(m)) => m.to_string(),
        _ => "r".into(),
    };
    if mode.contains(['w', 'a', '+', 'x']) {
        return Err(sandbox(format!(
            "open({}, {}) would write a file; configs may only read",
            repr(&a.pos[0], &it.budget())?,
            repr(&Value::str(mode.as_str()), &it.budget())?
        )));
    }
    types::file::open(it, &path)
}

fn print(_: &mut dyn Vm, _: Args) -> R<Value> {
    Ok(Value::None)
}

fn hash(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("hash", 1, 1)?;
    let key = Key::hashable(&a.pos[0], &it.budget())?;
    // CPython's own hash where it does not depend on addresses.
    if let Some(h) = key.hash {
        return Ok(Value::Int(h));
    }
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.id.hash(&mut h);
    Ok(Value::Int(h.finish() as i64))
}

fn ord(_: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("ord", 1, 1)?;
    let s = as_str(&a.pos[0], "ord()")?;
    let mut cs = s.chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) => Ok(Value::Int(c as i64)),
        _ => Err(raise(
            ExcKind::TypeError,
            std::format!(
                "ord() expected a character, but string of length {} found",
                s.chars().count()
            ),
        )),
    }
}

/// The one argument of `chr`/`unichr`, checked to be in `0..=limit`.
fn code_of(a: &Args, name: &str, limit: i64) -> R<u32> {
    a.arity(name, 1, 1)?;
    let i = as_int(&a.pos[0], "chr()")?;
    if !(0..=limit).contains(&i) {
        return Err(raise(
            ExcKind::ValueError,
            std::format!("{name}() arg not in range({})", limit + 1),
        ));
    }
    Ok(i as u32)
}

/// `chr(i)` is the byte `i`: text below 0x80, a raw byte above (UTF-8 again when joined).
fn chr(_: &mut dyn Vm, a: Args) -> R<Value> {
    Ok(Value::bytes(&[code_of(&a, "chr", 255)? as u8]))
}

fn unichr(_: &mut dyn Vm, a: Args) -> R<Value> {
    let i = code_of(&a, "unichr", 0x10ffff)?;
    match char::from_u32(i) {
        Some(c) => Ok(Value::str(c.to_string())),
        None => Err(raise(
            ExcKind::ValueError,
            std::format!(
                "unichr({i:#x}) is a lone surrogate, which aurora2nix's strings cannot hold"
            ),
        )),
    }
}

fn radix(a: &Args, name: &str, write: fn(&str, u64) -> String) -> R<Value> {
    a.arity(name, 1, 1)?;
    let i = as_int(&a.pos[0], name)?;
    let (sign, n) = if i < 0 {
        ("-", i.unsigned_abs())
    } else {
        ("", i as u64)
    };
    Ok(Value::str(write(sign, n)))
}

fn hex(_: &mut dyn Vm, a: Args) -> R<Value> {
    radix(&a, "hex", |sign, n| std::format!("{sign}0x{n:x}"))
}

fn oct(_: &mut dyn Vm, a: Args) -> R<Value> {
    radix(&a, "oct", |sign, n| {
        if n == 0 {
            "0".into()
        } else {
            std::format!("{sign}0{n:o}")
        }
    })
}

fn bin(_: &mut dyn Vm, a: Args) -> R<Value> {
    radix(&a, "bin", |sign, n| std::format!("{sign}0b{n:b}"))
}

fn divmod(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("divmod", 2, 2)?;
    let b = &it.budget();
    let q = ops::binop(b, Operator::FloorDiv, &a.pos[0], &a.pos[1], false)?;
    let r = ops::binop(b, Operator::Mod, &a.pos[0], &a.pos[1], false)?;
    Ok(Value::tuple(vec![q, r]))
}

fn pow(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("pow", 2, 3)?;
    let b = &it.budget();
    let v = ops::binop(b, Operator::Pow, &a.pos[0], &a.pos[1], false)?;
    match a.pos.get(2) {
        Some(m) => ops::binop(b, Operator::Mod, &v, m, false),
        None => Ok(v),
    }
}

fn cmp(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("cmp", 2, 2)?;
    Ok(Value::Int(
        match py_cmp(&a.pos[0], &a.pos[1], &it.budget())? {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        },
    ))
}

fn callable(_: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("callable", 1, 1)?;
    Ok(Value::Bool(a.pos[0].callable()))
}

fn wrap_function(a: Args, name: &str, kind: FuncKind) -> R<Value> {
    a.arity(name, 1, 1)?;
    let Value::Function(f) = &a.pos[0] else {
        return Err(raise(
            ExcKind::TypeError,
            std::format!("{name} expects a function"),
        ));
    };
    let mut g = (**f).clone();
    g.kind = kind;
    Ok(Value::Function(Rc::new(g)))
}

fn classmethod(_: &mut dyn Vm, a: Args) -> R<Value> {
    wrap_function(a, "classmethod", FuncKind::ClassMethod)
}

fn staticmethod(_: &mut dyn Vm, a: Args) -> R<Value> {
    wrap_function(a, "staticmethod", FuncKind::StaticMethod)
}

fn property(_: &mut dyn Vm, a: Args) -> R<Value> {
    wrap_function(a, "property", FuncKind::Property)
}

fn iter(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("iter", 1, 1)?;
    Ok(Value::list(crate::ops::iterate(&a.pos[0], &it.budget())?))
}

fn next(_: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("next", 1, 2)?;
    match &a.pos[0] {
        Value::List(l) if !l.borrow().is_empty() => Ok(l.borrow_mut().remove(0)),
        Value::List(_) if a.pos.len() == 2 => Ok(a.pos[1].clone()),
        _ => Err(raise(ExcKind::StopIteration, "")),
    }
}

fn id(_: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("id", 1, 1)?;
    Ok(Value::Int(a.pos[0].identity() as i64))
}

fn format(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("format", 1, 2)?;
    let spec = match a.pos.get(1) {
        Some(v) => as_str(v, "format()")?.to_string(),
        None => String::new(),
    };
    let template = std::format!("{{0:{spec}}}");
    let b = &it.budget();
    let vm: &dyn Vm = it;
    let out = crate::format::str_format(&template, &[FmtVal::new(a.pos[0].clone(), vm, b)], &[])?;
    b.string(out.len())?;
    Ok(Value::str(out))
}

fn intern(_: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("intern", 1, 1)?;
    Ok(a.pos[0].clone())
}

fn namespace(_: &mut dyn Vm, _: Args) -> R<Value> {
    Err(raise(
        ExcKind::TypeError,
        "globals(), locals() and vars() with arguments are not supported in aurora2nix's sandbox",
    ))
}

// ---------------------------------------------------------------------------------------------
// Constructors of the builtin types.

fn int_new(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("int", 0, 2)?;
    let Some(v) = a.pos.first() else {
        return Ok(Value::Int(0));
    };
    if let Some(base) = a.get(1, "base") {
        let base = as_int(base, "int()")?;
        if base != 0 && !(2..=36).contains(&base) {
            return Err(raise(
                ExcKind::ValueError,
                "int() base must be >= 2 and <= 36",
            ));
        }
        let s = as_str(v, "int() can't convert non-string with explicit base")?;
        return parse_int(s, base as u32).map(Value::Int).ok_or_else(|| {
            raise(
                ExcKind::ValueError,
                std::format!(
                    "invalid literal for int() with base {base}: {}",
                    crate::ops::repr_str_body(s, false)
                ),
            )
        });
    }
    to_int(v, &it.budget())
}

/// `int(v)` of one argument.
fn to_int(v: &Value, b: &Budget) -> R<Value> {
    let literal = |s: &str| {
        parse_int(s, 10).map(Value::Int).ok_or_else(|| {
            raise(
                ExcKind::ValueError,
                std::format!(
                    "invalid literal for int() with base 10: {}",
                    crate::ops::repr_str_body(s, false)
                ),
            )
        })
    };
    match v {
        Value::Int(i) => Ok(Value::Int(*i)),
        Value::Bool(x) => Ok(Value::Int(*x as i64)),
        Value::Float(f) => {
            if !f.is_finite() {
                return Err(raise(
                    ExcKind::OverflowError,
                    "cannot convert float infinity to integer",
                ));
            }
            if f.abs() >= 9.2e18 {
                return Err(overflow());
            }
            Ok(Value::Int(f.trunc() as i64))
        }
        Value::Str(s) => literal(s),
        Value::Object(o) => literal(&o.str(v, b)?),
        other => Err(raise(
            ExcKind::TypeError,
            std::format!(
                "int() argument must be a string or a number, not '{}'",
                other.type_name()
            ),
        )),
    }
}

/// Parses an int like Python's `int(s, base)` (whitespace, sign, `0x` prefixes for base 16/0).
pub fn parse_int(s: &str, base: u32) -> Option<i64> {
    let t = s.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let t = t.trim_start();
    let prefixed = |t: &'_ str, lower: &str, upper: &str| -> Option<String> {
        t.strip_prefix(lower)
            .or_else(|| t.strip_prefix(upper))
            .map(str::to_string)
    };
    let (base, digits) = match base {
        16 => (16, prefixed(t, "0x", "0X").unwrap_or_else(|| t.to_string())),
        8 => (8, prefixed(t, "0o", "0O").unwrap_or_else(|| t.to_string())),
        2 => (2, prefixed(t, "0b", "0B").unwrap_or_else(|| t.to_string())),
        0 => {
            if let Some(r) = prefixed(t, "0x", "0X") {
                (16, r)
            } else if let Some(r) = prefixed(t, "0o", "0O") {
                (8, r)
            } else if let Some(r) = prefixed(t, "0b", "0B") {
                (2, r)
            } else if t.len() > 1 && t.starts_with('0') {
                (8, t[1..].to_string())
            } else {
                (10, t.to_string())
            }
        }
        b if (2..=36).contains(&b) => (b, t.to_string()),
        _ => return None,
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    let v = i64::from_str_radix(&digits, base).ok()?;
    Some(if neg { -v } else { v })
}

/// Parses a float like Python's `float(s)`.
pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty()
        || t.contains('_')
        || t.ends_with(['f', 'F', 'd', 'D']) && !t.to_lowercase().ends_with("inf")
    {
        return None;
    }
    let lower = t.to_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    if body == "infinity" || body == "inf" || body == "nan" {
        return t.parse::<f64>().ok().or(Some(if lower.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }));
    }
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-'))
    {
        return None;
    }
    t.parse::<f64>().ok()
}

fn float_new(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("float", 0, 1)?;
    let parse = |s: &str| {
        parse_float(s).map(Value::Float).ok_or_else(|| {
            raise(
                ExcKind::ValueError,
                std::format!("could not convert string to float: {s}"),
            )
        })
    };
    match a.pos.first() {
        None => Ok(Value::Float(0.0)),
        Some(Value::Float(f)) => Ok(Value::Float(*f)),
        Some(Value::Int(i)) => Ok(Value::Float(*i as f64)),
        Some(Value::Bool(b)) => Ok(Value::Float(*b as i64 as f64)),
        Some(Value::Str(s)) => parse(s),
        Some(v @ Value::Object(o)) => parse(&o.str(v, &it.budget())?),
        Some(other) => Err(raise(
            ExcKind::TypeError,
            std::format!(
                "float() argument must be a string or a number, not '{}'",
                other.type_name()
            ),
        )),
    }
}

fn str_new(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("str", 0, 3)?;
    match a.pos.first() {
        None => Ok(Value::str("")),
        Some(b @ Value::Bytes(_)) => Ok(b.clone()),
        Some(Value::Str(s)) => Ok(Value::Str(s.clone())),
        Some(v) => {
            let s = py_str(v, &it.budget())?;
            it.budget().string(s.len())?;
            Ok(Value::str(s))
        }
    }
}

fn bool_new(_: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("bool", 0, 1)?;
    Ok(Value::Bool(a.pos.first().is_some_and(Value::truthy)))
}

fn list_new(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("list", 0, 1)?;
    Ok(Value::list(match a.pos.first() {
        Some(v) => {
            let items = crate::ops::iterate(v, &it.budget())?;
            it.budget().items(items.len())?;
            items
        }
        None => vec![],
    }))
}

fn tuple_new(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("tuple", 0, 1)?;
    Ok(Value::tuple(match a.pos.first() {
        Some(v) => {
            let items = crate::ops::iterate(v, &it.budget())?;
            it.budget().items(items.len())?;
            items
        }
        None => vec![],
    }))
}

fn set_new(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("set", 0, 1)?;
    Ok(Value::set(match a.pos.first() {
        Some(v) => ops::set_from(&it.budget(), v)?,
        None => Dict::new_set(),
    }))
}

fn dict_new(it: &mut dyn Vm, a: Args) -> R<Value> {
    // `dict_init`: merge the positional argument, then the kwargs dict.
    a.arity("dict", 0, 1)?;
    let mut d = Dict::new();
    if let Some(v) = a.pos.first() {
        ops::dict_update(&it.budget(), &mut d, v)?;
    }
    it.budget().grow_items(d.len(), a.kw.len())?;
    d.merge_kwargs(&a.kw);
    Ok(Value::dict(d))
}

fn object_new(_: &mut dyn Vm, _: Args) -> R<Value> {
    Ok(Value::Instance(Rc::new(Instance {
        class: Rc::new(Class {
            name: "object".into(),
            bases: vec![],
            attrs: Default::default(),
        }),
        attrs: Default::default(),
    })))
}

fn type_new(_: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("type", 1, 1)?;
    Ok(type_fn(&a.pos[0]))
}

/// `type(x)`.
pub fn type_fn(v: &Value) -> Value {
    match v {
        Value::None => Value::Type(&NONETYPE),
        Value::Bool(_) => Value::Type(&BOOL),
        Value::Int(_) => Value::Type(&INT),
        Value::Float(_) => Value::Type(&FLOAT),
        Value::Str(_) | Value::Bytes(_) => Value::Type(&STR),
        Value::List(_) => Value::Type(&LIST),
        Value::Tuple(_) => Value::Type(&TUPLE),
        Value::Dict(_) => Value::Type(&DICT),
        Value::Set(_) => Value::Type(&SET),
        Value::Instance(i) => Value::Class(i.class.clone()),
        Value::Object(o) => o.type_of(v).unwrap_or(Value::Type(&TYPE)),
        Value::Exception(e) => match &e.class {
            Some(c) => Value::Class(c.clone()),
            None => Value::ExcType(e.ty),
        },
        _ => Value::Type(&TYPE),
    }
}
