//! Python 2.7 operators and conversions: `str`/`repr`, equality and ordering, arithmetic,
//! attribute and item access, iteration, slicing.
//!
//! Everything here follows CPython 2.7's observable behaviour and messages; anything a config
//! could use to reach interpreter internals (`__class__`, `__subclasses__`, ...) is refused.

use super::value::{hash_key, Dict, FuncKind, Value};
use super::{class_lookup, fatal, raise, Interp, R};
use crate::diagnostic::Code;
use crate::pystachio::{self, Data, PType};
use rustpython_parser::ast;
use std::cmp::Ordering;
use std::rc::Rc;

/// `str(v)`.
pub fn py_str(v: &Value) -> R<String> {
    Ok(match v {
        Value::Str(s) => s.to_string(),
        Value::Float(f) => super::format::float_str(*f),
        Value::PObj(o) => pystachio::obj_str(o)?,
        Value::Exception(e) => super::exc_str(e),
        other => repr(other)?,
    })
}

/// `repr(v)`.
pub fn repr(v: &Value) -> R<String> {
    Ok(match v {
        Value::None => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => super::format::float_repr(*f),
        Value::Str(s) => repr_str_body(s, false),
        Value::List(l) => {
            let items = l.borrow().iter().map(repr).collect::<R<Vec<_>>>()?;
            format!("[{}]", items.join(", "))
        }
        Value::Tuple(t) => {
            let items = t.iter().map(repr).collect::<R<Vec<_>>>()?;
            if items.len() == 1 {
                format!("({},)", items[0])
            } else {
                format!("({})", items.join(", "))
            }
        }
        Value::Dict(d) => {
            let items = d
                .borrow()
                .iter()
                .map(|(k, v)| Ok(format!("{}: {}", repr(k)?, repr(v)?)))
                .collect::<R<Vec<_>>>()?;
            format!("{{{}}}", items.join(", "))
        }
        Value::Set(d) => {
            let items = d
                .borrow()
                .iter()
                .map(|(k, _)| repr(k))
                .collect::<R<Vec<_>>>()?;
            format!("set([{}])", items.join(", "))
        }
        Value::Function(f) => format!("<function {}>", f.name),
        Value::Builtin(n) => match *n {
            "int" | "long" | "float" | "str" | "unicode" | "bool" | "list" | "dict" | "tuple"
            | "set" | "frozenset" | "object" | "type" | "basestring" => format!("<type '{n}'>"),
            n if super::builtins::is_exception_name(n) => format!("<type 'exceptions.{n}'>"),
            n => format!("<built-in function {n}>"),
        },
        Value::Method(m) => format!("<bound method {}>", m.1),
        Value::Bound(_) => "<bound method>".into(),
        Value::Class(c) => format!("<class '{}'>", c.name),
        Value::Instance(i) => format!("<{} object>", i.class.name),
        Value::Module(m) => format!("<module '{}'>", m.name),
        Value::Exception(e) => {
            let name = e
                .class
                .as_ref()
                .map_or(e.kind.to_string(), |c| c.name.to_string());
            let args = e.args.iter().map(repr).collect::<R<Vec<_>>>()?;
            if args.len() == 1 {
                format!("{name}({},)", args[0])
            } else {
                format!("{name}({})", args.join(", "))
            }
        }
        Value::File(f) => format!("<open file '{}', mode 'r'>", f.name),
        Value::PType(t) => format!("<class 'pystachio.{}'>", t.name()),
        Value::PObj(o) => pystachio::obj_repr(o)?,
        Value::Sig(s) => format!("TypeSignature({})", s.ty.name()),
        Value::Empty => "<class 'pystachio.composite.Empty'>".into(),
        Value::Ref(r) => format!("Ref({})", r.address()),
        Value::Bytes(b) => repr_str_body(&String::from_utf8_lossy(b), false),
        Value::Hasher(h) => format!("<{} HASH object>", h.borrow().0),
        Value::Check(c) => {
            if c.0 {
                "TypeCheck(OK)".into()
            } else {
                format!("TypeCheck(FAILED): {}", c.1)
            }
        }
    })
}

/// The quoted body of a Python 2 string repr (without a `u` prefix).
pub fn repr_str_body(s: &str, unicode: bool) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if (c as u32) < 0x80 => out.push(c),
            c if unicode => {
                let n = c as u32;
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n <= 0xffff {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\x{b:02x}"));
                }
            }
        }
    }
    out.push(quote);
    out
}

/// Parses an int like Python's `int(s, base)` (whitespace, sign, `0x` prefixes for base 16/0).
pub fn parse_int(s: &str, base: u32) -> Option<i64> {
    let t = s.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let t = t.trim_start();
    let (base, digits) = match base {
        16 => (
            16,
            t.strip_prefix("0x")
                .or_else(|| t.strip_prefix("0X"))
                .unwrap_or(t),
        ),
        8 => (
            8,
            t.strip_prefix("0o")
                .or_else(|| t.strip_prefix("0O"))
                .unwrap_or(t),
        ),
        2 => (
            2,
            t.strip_prefix("0b")
                .or_else(|| t.strip_prefix("0B"))
                .unwrap_or(t),
        ),
        0 => {
            if let Some(r) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                (16, r)
            } else if let Some(r) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
                (8, r)
            } else if let Some(r) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
                (2, r)
            } else if t.len() > 1 && t.starts_with('0') {
                (8, &t[1..])
            } else {
                (10, t)
            }
        }
        b => (b, t),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    let v = i64::from_str_radix(digits, base).ok()?;
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

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

/// `a == b`.
pub fn py_eq(a: &Value, b: &Value) -> R<bool> {
    Ok(match (a, b) {
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::List(x), Value::List(y)) => seq_eq(&x.borrow(), &y.borrow())?,
        (Value::Tuple(x), Value::Tuple(y)) => seq_eq(x, y)?,
        (Value::Dict(x), Value::Dict(y)) | (Value::Set(x), Value::Set(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            if x.len() != y.len() {
                return Ok(false);
            }
            for (k, v) in x.iter() {
                match hash_key(k).and_then(|hk| y.get(&hk).cloned()) {
                    Some(w) if py_eq(v, &w)? => {}
                    _ => return Ok(false),
                }
            }
            true
        }
        (Value::None, Value::None) | (Value::Empty, Value::Empty) => true,
        (Value::PObj(x), Value::PObj(y)) => pystachio::obj_eq(x, y)?,
        (Value::PType(x), Value::PType(y)) => pystachio::type_eq(x, y),
        (Value::Builtin(x), Value::Builtin(y)) => x == y,
        (Value::Ref(x), Value::Ref(y)) => x == y,
        (x, y) => match (num(x), num(y)) {
            (Some(p), Some(q)) => match (int(x), int(y)) {
                (Some(i), Some(j)) => i == j,
                _ => p == q,
            },
            _ => is(x, y),
        },
    })
}

fn seq_eq(a: &[Value], b: &[Value]) -> R<bool> {
    if a.len() != b.len() {
        return Ok(false);
    }
    for (x, y) in a.iter().zip(b) {
        if !py_eq(x, y)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Python 2 ordering (`<`); mixed types order as CPython 2 does for the common cases.
pub fn py_cmp(a: &Value, b: &Value) -> R<Ordering> {
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        if let (Some(i), Some(j)) = (int(a), int(b)) {
            return Ok(i.cmp(&j));
        }
        return Ok(x.partial_cmp(&y).unwrap_or(Ordering::Equal));
    }
    Ok(match (a, b) {
        (Value::Str(x), Value::Str(y)) => x.cmp(y),
        (Value::List(x), Value::List(y)) => seq_cmp(&x.borrow(), &y.borrow())?,
        (Value::Tuple(x), Value::Tuple(y)) => seq_cmp(x, y)?,
        (Value::None, Value::None) => Ordering::Equal,
        (Value::None, _) => Ordering::Less,
        (_, Value::None) => Ordering::Greater,
        (Value::PObj(x), Value::PObj(y))
            if matches!(x.data, Data::Simple(_)) && matches!(y.data, Data::Simple(_)) =>
        {
            let (xi, _) = pystachio::interpolate(x)?;
            let (yi, _) = pystachio::interpolate(y)?;
            match (&xi.data, &yi.data) {
                (Data::Simple(p), Data::Simple(q)) => py_cmp(p, q)?,
                _ => Ordering::Equal,
            }
        }
        (x, y) => {
            // CPython 2 orders numbers first, then other types by type name.
            let rank = |v: &Value| {
                if num(v).is_some() {
                    String::new()
                } else {
                    v.type_name()
                }
            };
            rank(x).cmp(&rank(y))
        }
    })
}

fn seq_cmp(a: &[Value], b: &[Value]) -> R<Ordering> {
    for (x, y) in a.iter().zip(b) {
        if !py_eq(x, y)? {
            return py_cmp(x, y);
        }
    }
    Ok(a.len().cmp(&b.len()))
}

/// `a is b`.
pub fn is(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) | (Value::Empty, Value::Empty) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y && (-5..=256).contains(x),
        (Value::Builtin(x), Value::Builtin(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => Rc::ptr_eq(x, y) || (x.is_empty() && y.is_empty()),
        (x, y) => {
            let (i, j) = (super::value::identity(x), super::value::identity(y));
            i != 0 && i == j
        }
    }
}

/// `needle in hay`.
pub fn contains(it: &mut Interp, hay: &Value, needle: &Value) -> R<bool> {
    match hay {
        Value::Str(s) => match needle {
            Value::Str(n) => Ok(s.contains(&**n)),
            other => Err(raise(
                "TypeError",
                format!(
                    "'in <string>' requires string as left operand, not {}",
                    other.type_name()
                ),
            )),
        },
        Value::Dict(d) | Value::Set(d) => match hash_key(needle) {
            Some(hk) => Ok(d.borrow().get(&hk).is_some()),
            None => Err(raise(
                "TypeError",
                format!("unhashable type: '{}'", needle.type_name()),
            )),
        },
        Value::PObj(o) if matches!(o.data, Data::Map(_)) => match pystachio::get_item(o, needle) {
            Ok(_) => Ok(true),
            Err(e) if e.is_kind("KeyError") || e.is_kind("ValueError") => Ok(false),
            Err(e) => Err(e),
        },
        Value::PObj(o) if matches!(o.data, Data::List(_)) => {
            let items = pystachio::iter_items(o)?;
            if matches!(needle, Value::PObj(_)) {
                for i in &items {
                    if py_eq(i, needle)? {
                        return Ok(true);
                    }
                }
                return Ok(false);
            }
            let (si, _) = pystachio::interpolate(o)?;
            let got = pystachio::get(&si)?;
            contains(it, &got, needle)
        }
        Value::Module(m) if &*m.name == "os.environ" => {
            let has = super::modules::call(
                it,
                "os.environ.has_key",
                vec![needle.clone()],
                vec![],
                crate::source::Span::default(),
            )?;
            Ok(has.truthy())
        }
        other => {
            for i in iterate(it, other)? {
                if py_eq(&i, needle)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

/// The items of an iterable.
pub fn iterate(it: &mut Interp, v: &Value) -> R<Vec<Value>> {
    Ok(match v {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => (**t).clone(),
        Value::Str(s) => s.chars().map(|c| Value::str(c.to_string())).collect(),
        Value::Dict(d) | Value::Set(d) => d.borrow().keys(),
        Value::PObj(o) => pystachio::iter_items(o)?,
        Value::File(f) => {
            let content = f
                .content
                .borrow_mut()
                .take()
                .unwrap_or_else(|| Rc::from(Vec::new()));
            super::methods::split_lines(&String::from_utf8_lossy(&content), true)
                .into_iter()
                .map(Value::str)
                .collect()
        }
        Value::Module(m) if &*m.name == "os.environ" => {
            let keys = super::modules::call(
                it,
                "os.environ.keys",
                vec![],
                vec![],
                crate::source::Span::default(),
            )?;
            return iterate(it, &keys);
        }
        Value::Instance(_) => {
            return Err(raise(
                "TypeError",
                "iteration over instances is not supported",
            ))
        }
        other => {
            let _ = it;
            return Err(raise(
                "TypeError",
                format!("'{}' object is not iterable", other.type_name()),
            ));
        }
    })
}

/// Makes a set by adding items in order (`set(list)`, `{a, b}`, set comprehensions).
pub fn make_set(items: Vec<Value>) -> R<Value> {
    let mut d = Dict::new_set();
    set_add_all(&mut d, items)?;
    Ok(set_value(d))
}

/// Wraps set storage as a set value.
pub fn set_value(d: Dict) -> Value {
    Value::Set(Rc::new(std::cell::RefCell::new(d)))
}

/// `s.add(x)` for each item in order.
pub fn set_add_all(d: &mut Dict, items: Vec<Value>) -> R<()> {
    for i in items {
        let hk = hash_key(&i)
            .ok_or_else(|| raise("TypeError", format!("unhashable type: '{}'", i.type_name())))?;
        if d.get(&hk).is_none() {
            d.insert(hk, i, Value::None);
        }
    }
    Ok(())
}

/// `set(x)`: a copy of a set, the keys of a dict, or the items of another iterable, added
/// the way CPython's `set_update_internal` adds each kind.
pub fn set_from(it: &mut Interp, x: &Value) -> R<Dict> {
    let mut d = Dict::new_set();
    set_update(it, &mut d, x)?;
    Ok(d)
}

/// `s.update(x)` (`set_update_internal`): `x` is merged when a set or dict, else iterated.
/// `x` must not be `s` itself.
pub fn set_update(it: &mut Interp, d: &mut Dict, x: &Value) -> R<()> {
    match x {
        Value::Set(o) | Value::Dict(o) => d.merge(&o.borrow()),
        other => {
            let items = iterate(it, other)?;
            set_add_all(d, items)?;
        }
    }
    Ok(())
}

/// `s & t` for sets (`set_intersection`): the members of the smaller set (`t` on a tie), in
/// its order, that the other holds.
pub fn set_intersection(s: &Dict, t: &Dict) -> R<Dict> {
    let (big, small) = if t.len() > s.len() { (t, s) } else { (s, t) };
    let items: Vec<Value> = small
        .iter()
        .filter(|(k, _)| hash_key(k).is_some_and(|hk| big.get(&hk).is_some()))
        .map(|(k, _)| k.clone())
        .collect();
    let mut d = Dict::new_set();
    set_add_all(&mut d, items)?;
    Ok(d)
}

/// `s ^= t` in place (`set_symmetric_difference_update` with a set): each member of `t`, in
/// its order, is removed from `s` if there, else added.
pub fn set_toggle_all(d: &mut Dict, t: &Dict) {
    for (k, _) in t.iter() {
        let hk = hash_key(k).expect("set members are hashable");
        if d.remove(&hk).is_none() {
            d.insert(hk, k.clone(), Value::None);
        }
    }
}

/// `s -= t` in place (`set_difference_update_internal` with a set): remove `t`'s members,
/// then drop the deleted slots if there are many.
pub fn set_remove_all(d: &mut Dict, items: &[Value]) {
    for k in items {
        if let Some(hk) = hash_key(k) {
            d.remove(&hk);
        }
    }
    d.purge_after_difference_update();
}

/// `d[k] = v` on a raw dict.
pub fn dict_set(d: &mut Dict, k: Value, v: Value) -> R<()> {
    let hk = hash_key(&k)
        .ok_or_else(|| raise("TypeError", format!("unhashable type: '{}'", k.type_name())))?;
    d.insert(hk, k, v);
    Ok(())
}

/// `d.update(other)` with a dict or an iterable of pairs.
pub fn dict_update(it: &mut Interp, d: &mut Dict, other: &Value) -> R<()> {
    match update_source(it, other)? {
        // `PyDict_Merge`; the caller makes sure `other` is not `d` itself (a no-op in Python).
        UpdateSource::Dict(o) => d.merge(&o.borrow()),
        // `PyDict_MergeFromSeq2`: each pair inserted in order.
        UpdateSource::Pairs(pairs) => {
            for (k, v) in pairs {
                dict_set(d, k, v)?;
            }
        }
    }
    Ok(())
}

/// What `dict.update(other)` reads from `other`.
pub enum UpdateSource {
    /// A dict, merged as a whole.
    Dict(Rc<std::cell::RefCell<Dict>>),
    /// Key/value pairs, inserted one by one.
    Pairs(Vec<(Value, Value)>),
}

/// Reads the argument of `dict(x)` / `d.update(x)`.
pub fn update_source(it: &mut Interp, other: &Value) -> R<UpdateSource> {
    match other {
        Value::Dict(o) => Ok(UpdateSource::Dict(o.clone())),
        Value::PObj(o) if matches!(o.data, Data::Struct(_) | Data::Map(_)) => {
            let (si, _) = pystachio::interpolate(o)?;
            let got = pystachio::get(&si)?;
            update_source(it, &got)
        }
        other => {
            let mut pairs = Vec::new();
            for pair in iterate(it, other)? {
                let kv = iterate(it, &pair)?;
                if kv.len() != 2 {
                    return Err(raise(
                        "ValueError",
                        format!(
                            "dictionary update sequence element has length {}; 2 is required",
                            kv.len()
                        ),
                    ));
                }
                let mut kv = kv.into_iter();
                pairs.push((kv.next().expect("2"), kv.next().expect("2")));
            }
            Ok(UpdateSource::Pairs(pairs))
        }
    }
}

fn unsupported(op: &str, l: &Value, r: &Value) -> super::Ctrl {
    raise(
        "TypeError",
        format!(
            "unsupported operand type(s) for {op}: '{}' and '{}'",
            l.type_name(),
            r.type_name()
        ),
    )
}

fn overflow() -> super::Ctrl {
    fatal(
        Code::Limit,
        "integer result does not fit in 64 bits (the evaluator's integer limit)",
    )
}

fn floor_div(a: i64, b: i64) -> R<i64> {
    if b == 0 {
        return Err(raise(
            "ZeroDivisionError",
            "integer division or modulo by zero",
        ));
    }
    let q = a.checked_div(b).ok_or_else(overflow)?;
    Ok(if (a % b != 0) && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    })
}

fn floor_mod(a: i64, b: i64) -> R<i64> {
    if b == 0 {
        return Err(raise(
            "ZeroDivisionError",
            "integer division or modulo by zero",
        ));
    }
    let r = a.checked_rem(b).ok_or_else(overflow)?;
    Ok(if r != 0 && ((r < 0) != (b < 0)) {
        r + b
    } else {
        r
    })
}

fn float_mod(a: f64, b: f64) -> R<f64> {
    if b == 0.0 {
        return Err(raise("ZeroDivisionError", "float modulo"));
    }
    let r = a % b;
    Ok(if r != 0.0 && ((r < 0.0) != (b < 0.0)) {
        r + b
    } else {
        r
    })
}

fn repeat(it: &mut Interp, n: i64, len: usize) -> R<usize> {
    let n = n.max(0) as usize;
    let total = n.checked_mul(len).ok_or_else(overflow)?;
    it.check_items(total.min(usize::MAX / 2) / 8)?;
    Ok(n)
}

/// A binary arithmetic operator.
pub fn binop(it: &mut Interp, op: ast::Operator, l: &Value, r: &Value, true_div: bool) -> R<Value> {
    use ast::Operator::*;
    if let (Some(a), Some(b)) = (int(l), int(r)) {
        return Ok(Value::Int(match op {
            Add => a.checked_add(b).ok_or_else(overflow)?,
            Sub => a.checked_sub(b).ok_or_else(overflow)?,
            Mult => a.checked_mul(b).ok_or_else(overflow)?,
            Div if true_div => {
                if b == 0 {
                    return Err(raise("ZeroDivisionError", "division by zero"));
                }
                return Ok(Value::Float(a as f64 / b as f64));
            }
            Div | FloorDiv => floor_div(a, b)?,
            Mod => floor_mod(a, b)?,
            Pow => {
                if b < 0 {
                    if a == 0 {
                        return Err(raise(
                            "ZeroDivisionError",
                            "0.0 cannot be raised to a negative power",
                        ));
                    }
                    return Ok(Value::Float((a as f64).powf(b as f64)));
                }
                let e = u32::try_from(b).map_err(|_| overflow())?;
                a.checked_pow(e).ok_or_else(overflow)?
            }
            LShift => {
                if b < 0 {
                    return Err(raise("ValueError", "negative shift count"));
                }
                if b >= 63 && a != 0 {
                    return Err(overflow());
                }
                let v = a.checked_shl(b as u32).ok_or_else(overflow)?;
                if v >> b != a {
                    return Err(overflow());
                }
                v
            }
            RShift => {
                if b < 0 {
                    return Err(raise("ValueError", "negative shift count"));
                }
                a >> b.min(63)
            }
            BitAnd => a & b,
            BitOr => a | b,
            BitXor => a ^ b,
            MatMult => return Err(unsupported("@", l, r)),
        }));
    }
    if let (Some(a), Some(b)) = (num(l), num(r)) {
        return Ok(Value::Float(match op {
            Add => a + b,
            Sub => a - b,
            Mult => a * b,
            Div => {
                if b == 0.0 {
                    return Err(raise("ZeroDivisionError", "float division by zero"));
                }
                a / b
            }
            FloorDiv => {
                if b == 0.0 {
                    return Err(raise("ZeroDivisionError", "float divmod()"));
                }
                (a / b).floor()
            }
            Mod => float_mod(a, b)?,
            Pow => {
                if a == 0.0 && b < 0.0 {
                    return Err(raise(
                        "ZeroDivisionError",
                        "0.0 cannot be raised to a negative power",
                    ));
                }
                let v = a.powf(b);
                if v.is_infinite() && a.is_finite() {
                    return Err(raise(
                        "OverflowError",
                        "(34, 'Numerical result out of range')",
                    ));
                }
                v
            }
            _ => {
                return Err(unsupported(
                    match op {
                        LShift => "<<",
                        RShift => ">>",
                        BitAnd => "&",
                        BitOr => "|",
                        BitXor => "^",
                        _ => "@",
                    },
                    l,
                    r,
                ))
            }
        }));
    }
    match (op, l, r) {
        (Add, Value::Str(a), Value::Str(b)) => {
            it.check_str(a.len() + b.len())?;
            let mut s = String::with_capacity(a.len() + b.len());
            s.push_str(a);
            s.push_str(b);
            Ok(Value::str(s))
        }
        (Add, Value::List(a), Value::List(b)) => {
            let mut v = a.borrow().clone();
            v.extend(b.borrow().iter().cloned());
            it.check_items(v.len())?;
            Ok(Value::list(v))
        }
        (Add, Value::Tuple(a), Value::Tuple(b)) => {
            let mut v = (**a).clone();
            v.extend(b.iter().cloned());
            it.check_items(v.len())?;
            Ok(Value::tuple(v))
        }
        (Mult, Value::Str(s), n) | (Mult, n, Value::Str(s)) if int(n).is_some() => {
            let n = int(n).expect("checked");
            let total = (n.max(0) as usize)
                .checked_mul(s.len())
                .ok_or_else(overflow)?;
            it.check_str(total)?;
            Ok(Value::str(s.repeat(n.max(0) as usize)))
        }
        (Mult, Value::List(l), n) | (Mult, n, Value::List(l)) if int(n).is_some() => {
            let items = l.borrow().clone();
            let n = repeat(it, int(n).expect("checked"), items.len())?;
            it.check_items(items.len() * n)?;
            Ok(Value::list(
                (0..n).flat_map(|_| items.iter().cloned()).collect(),
            ))
        }
        (Mult, Value::Tuple(t), n) | (Mult, n, Value::Tuple(t)) if int(n).is_some() => {
            let n = repeat(it, int(n).expect("checked"), t.len())?;
            it.check_items(t.len() * n)?;
            Ok(Value::tuple(
                (0..n).flat_map(|_| t.iter().cloned()).collect(),
            ))
        }
        (Mod, Value::Str(s), args) => {
            let out = super::format::percent_format(s, &FmtVal(args.clone())).map_err(fmt_err)?;
            it.check_str(out.len())?;
            Ok(Value::str(out))
        }
        (Sub, Value::Set(a), Value::Set(b)) => {
            let b = b.borrow();
            let items: Vec<Value> = a
                .borrow()
                .iter()
                .filter(|(k, _)| hash_key(k).is_some_and(|hk| b.get(&hk).is_none()))
                .map(|(k, _)| k.clone())
                .collect();
            make_set(items)
        }
        (BitOr, Value::Set(a), Value::Set(b)) => {
            // `set_or`: a copy of `a`, then `b` merged in.
            let mut d = a.borrow().copy();
            if !Rc::ptr_eq(a, b) {
                d.merge(&b.borrow());
            }
            Ok(set_value(d))
        }
        (BitAnd, Value::Set(a), Value::Set(b)) => {
            Ok(set_value(set_intersection(&a.borrow(), &b.borrow())?))
        }
        (BitXor, Value::Set(a), Value::Set(b)) => {
            // `set_symmetric_difference`: a copy of `b`, then each member of `a` toggled.
            let mut d = b.borrow().copy();
            set_toggle_all(&mut d, &a.borrow());
            Ok(set_value(d))
        }
        _ => Err(unsupported(
            match op {
                Add => "+",
                Sub => "-",
                Mult => "*",
                Div => "/",
                FloorDiv => "//",
                Mod => "%",
                Pow => "** or pow()",
                LShift => "<<",
                RShift => ">>",
                BitAnd => "&",
                BitOr => "|",
                BitXor => "^",
                MatMult => "@",
            },
            l,
            r,
        )),
    }
}

/// A unary operator other than `not`.
pub fn unary(op: ast::UnaryOp, v: &Value) -> R<Value> {
    match (op, v) {
        (ast::UnaryOp::USub, v) if int(v).is_some() => Ok(Value::Int(
            int(v)
                .expect("checked")
                .checked_neg()
                .ok_or_else(overflow)?,
        )),
        (ast::UnaryOp::USub, Value::Float(f)) => Ok(Value::Float(-f)),
        (ast::UnaryOp::UAdd, v) if int(v).is_some() => Ok(Value::Int(int(v).expect("checked"))),
        (ast::UnaryOp::UAdd, Value::Float(f)) => Ok(Value::Float(*f)),
        (ast::UnaryOp::Invert, v) if int(v).is_some() => Ok(Value::Int(!int(v).expect("checked"))),
        (op, v) => Err(raise(
            "TypeError",
            format!(
                "bad operand type for unary {}: '{}'",
                match op {
                    ast::UnaryOp::USub => "-",
                    ast::UnaryOp::UAdd => "+",
                    _ => "~",
                },
                v.type_name()
            ),
        )),
    }
}

/// Converts a formatting error string (`Kind: message`) into an exception.
pub fn fmt_err(e: String) -> super::Ctrl {
    let (kind, msg) = e.split_once(": ").unwrap_or(("ValueError", &e));
    let kind = match kind {
        "TypeError" => "TypeError",
        "KeyError" => "KeyError",
        "IndexError" => "IndexError",
        "AttributeError" => "AttributeError",
        "OverflowError" => "OverflowError",
        _ => "ValueError",
    };
    raise(kind, msg)
}

/// Adapts interpreter values to the formatting module.
#[derive(Clone)]
pub struct FmtVal(pub Value);

impl super::format::FormatValue for FmtVal {
    fn as_num(&self) -> Option<super::format::Num> {
        match &self.0 {
            Value::Int(i) => Some(super::format::Num::Int(*i)),
            Value::Float(f) => Some(super::format::Num::Float(*f)),
            Value::Bool(b) => Some(super::format::Num::Bool(*b)),
            _ => None,
        }
    }
    fn as_str(&self) -> Option<&str> {
        match &self.0 {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    fn is_tuple(&self) -> Option<Vec<Self>> {
        match &self.0 {
            Value::Tuple(t) => Some(t.iter().cloned().map(FmtVal).collect()),
            _ => None,
        }
    }
    fn is_mapping(&self) -> bool {
        matches!(&self.0, Value::Dict(_))
    }
    fn type_name(&self) -> String {
        self.0.type_name()
    }
    fn py_str(&self) -> Result<String, String> {
        py_str(&self.0).map_err(|e| format!("ValueError: {}", e.message()))
    }
    fn py_repr(&self) -> Result<String, String> {
        repr(&self.0).map_err(|e| format!("ValueError: {}", e.message()))
    }
    fn get_item_str(&self, key: &str) -> Result<Self, String> {
        match &self.0 {
            Value::Dict(d) => d
                .borrow()
                .get(&super::value::HashKey::Str(key.into()))
                .cloned()
                .map(FmtVal)
                .ok_or_else(|| format!("KeyError: '{key}'")),
            Value::PObj(o) => pystachio::get_item(o, &Value::str(key))
                .map(FmtVal)
                .map_err(|e| format!("KeyError: {}", e.message())),
            other => Err(format!(
                "TypeError: '{}' object has no attribute '__getitem__'",
                other.type_name()
            )),
        }
    }
    fn get_item_int(&self, index: i64) -> Result<Self, String> {
        match &self.0 {
            Value::List(_) | Value::Tuple(_) | Value::Str(_) => {
                let items: Vec<Value> = match &self.0 {
                    Value::List(l) => l.borrow().clone(),
                    Value::Tuple(t) => (**t).clone(),
                    Value::Str(s) => s.chars().map(|c| Value::str(c.to_string())).collect(),
                    _ => unreachable!(),
                };
                let n = items.len() as i64;
                let i = if index < 0 { index + n } else { index };
                items
                    .get(usize::try_from(i).unwrap_or(usize::MAX))
                    .cloned()
                    .map(FmtVal)
                    .ok_or_else(|| "IndexError: list index out of range".to_string())
            }
            Value::Dict(d) => d
                .borrow()
                .get(&super::value::HashKey::Int(index))
                .cloned()
                .map(FmtVal)
                .ok_or_else(|| format!("KeyError: {index}")),
            Value::PObj(o) => pystachio::get_item(o, &Value::Int(index))
                .map(FmtVal)
                .map_err(|e| format!("IndexError: {}", e.message())),
            other => Err(format!(
                "TypeError: '{}' object has no attribute '__getitem__'",
                other.type_name()
            )),
        }
    }
    fn get_attr(&self, name: &str) -> Result<Self, String> {
        attr_plain(&self.0, name)
            .map(FmtVal)
            .map_err(|e| format!("AttributeError: {}", e.message()))
    }
}

fn is_dunder(name: &str) -> bool {
    name.starts_with("__") && name.ends_with("__") && name.len() > 4
}

fn internals(name: &str) -> super::Ctrl {
    fatal(
        Code::Sandbox,
        format!("access to interpreter internals (`{name}`) is not allowed in an Aurora config"),
    )
}

/// Attribute access that needs no interpreter (used by formatting).
fn attr_plain(v: &Value, name: &str) -> R<Value> {
    if is_dunder(name) && name != "__name__" && name != "__init__" {
        return Err(internals(name));
    }
    match v {
        Value::Module(m) => m.attrs.get(name).cloned().ok_or_else(|| {
            let mut have: Vec<&str> = m.attrs.keys().map(|k| &**k).collect();
            have.sort();
            raise(
                "AttributeError",
                format!("'module' object has no attribute '{name}'"),
            )
            .with_hint(format!(
                "aurora2nix's sandbox provides only part of `{}`: {}",
                m.name,
                have.join(", ")
            ))
        }),
        Value::Builtin(b) if name == "__name__" => Ok(Value::str(*b)),
        Value::Builtin(b @ ("str" | "unicode"))
            if super::methods::has_method(&Value::str(""), name) =>
        {
            Ok(Value::Method(Rc::new((Value::Builtin(b), name.into()))))
        }
        Value::Builtin(b @ "list") if super::methods::has_method(&Value::list(vec![]), name) => {
            Ok(Value::Method(Rc::new((Value::Builtin(b), name.into()))))
        }
        Value::Builtin(b @ "dict")
            if super::methods::has_method(&Value::dict(Dict::new()), name) =>
        {
            Ok(Value::Method(Rc::new((Value::Builtin(b), name.into()))))
        }
        Value::Instance(i) => {
            if let Some(v) = i.attrs.borrow().get(name) {
                return Ok(v.clone());
            }
            match class_lookup(&i.class, name) {
                Some(Value::Function(f)) if f.kind == FuncKind::StaticMethod => {
                    Ok(Value::Function(f))
                }
                Some(Value::Function(f)) if f.kind == FuncKind::ClassMethod => Ok(Value::Bound(
                    Rc::new((Value::Class(i.class.clone()), Value::Function(f))),
                )),
                Some(f @ Value::Function(_)) => Ok(Value::Bound(Rc::new((v.clone(), f)))),
                Some(other) => Ok(other),
                None => Err(raise(
                    "AttributeError",
                    format!("'{}' object has no attribute '{name}'", i.class.name),
                )),
            }
        }
        Value::Class(c) => {
            if name == "__name__" {
                return Ok(Value::str(c.name.clone()));
            }
            match class_lookup(c, name) {
                Some(Value::Function(f)) if f.kind == FuncKind::ClassMethod => {
                    Ok(Value::Bound(Rc::new((v.clone(), Value::Function(f)))))
                }
                Some(other) => Ok(other),
                None => Err(raise(
                    "AttributeError",
                    format!("class {} has no attribute '{name}'", c.name),
                )),
            }
        }
        Value::Function(f) if name == "__name__" => Ok(Value::str(f.name.clone())),
        Value::Exception(e) => match name {
            "args" => Ok(Value::tuple(e.args.clone())),
            "message" => Ok(e.args.first().cloned().unwrap_or_else(|| Value::str(""))),
            _ => Err(raise(
                "AttributeError",
                format!("'{}' object has no attribute '{name}'", v.type_name()),
            )),
        },
        Value::PObj(o) => {
            if let PType::Struct(_) = &*o.ty {
                if let Some(field) = name.strip_prefix("has_") {
                    if pystachio::has_field(o, field).is_some() {
                        return Ok(Value::Method(Rc::new((v.clone(), name.into()))));
                    }
                }
                if pystachio::field_names(o).iter().any(|f| &**f == name)
                    || super::methods::pobj_method(name)
                {
                    return Ok(Value::Method(Rc::new((v.clone(), name.into()))));
                }
                return Err(raise(
                    "AttributeError",
                    format!("{} has no attribute {name}", o.ty.name()),
                ));
            }
            if super::methods::pobj_method(name) {
                return Ok(Value::Method(Rc::new((v.clone(), name.into()))));
            }
            Err(raise(
                "AttributeError",
                format!("'{}' object has no attribute '{name}'", o.ty.name()),
            ))
        }
        Value::PType(t) => match (name, &**t) {
            ("__name__", _) => Ok(Value::str(t.name())),
            ("VALUES", PType::Enum { values, .. }) => Ok(Value::tuple(
                values.iter().map(|s| Value::Str(s.clone())).collect(),
            )),
            _ => Err(raise(
                "AttributeError",
                format!("type object '{}' has no attribute '{name}'", t.name()),
            )),
        },
        other => {
            if super::methods::has_method(other, name) {
                Ok(Value::Method(Rc::new((other.clone(), name.into()))))
            } else {
                Err(raise(
                    "AttributeError",
                    format!("'{}' object has no attribute '{name}'", other.type_name()),
                ))
            }
        }
    }
}

/// `obj.name`.
pub fn get_attr(it: &mut Interp, v: &Value, name: &str) -> R<Value> {
    if let Value::Instance(i) = v {
        if !i.attrs.borrow().contains_key(name) {
            if let Some(Value::Function(f)) = class_lookup(&i.class, name) {
                if f.kind == FuncKind::Property {
                    return it.call_function(&f, vec![v.clone()], vec![]);
                }
            }
        }
    }
    attr_plain(v, name)
}

/// `obj.name = value` (only instances and classes are mutable).
pub fn set_attr(obj: &Value, name: &str, v: Value) -> R<()> {
    if is_dunder(name) {
        return Err(internals(name));
    }
    match obj {
        Value::Instance(i) => {
            i.attrs.borrow_mut().insert(name.into(), v);
            Ok(())
        }
        Value::Class(c) => {
            c.attrs.borrow_mut().insert(name.into(), v);
            Ok(())
        }
        other => Err(raise(
            "AttributeError",
            format!("'{}' object has no attribute '{name}'", other.type_name()),
        )),
    }
}

fn index(n: usize, i: &Value, what: &str) -> R<usize> {
    let Some(i) = int(i) else {
        return Err(raise(
            "TypeError",
            format!("{what} indices must be integers, not {}", i.type_name()),
        ));
    };
    let n = n as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(raise("IndexError", format!("{what} index out of range")));
    }
    Ok(j as usize)
}

/// `obj[key]`.
pub fn get_item(it: &mut Interp, obj: &Value, key: &Value) -> R<Value> {
    match obj {
        Value::List(l) => {
            let l = l.borrow();
            Ok(l[index(l.len(), key, "list")?].clone())
        }
        Value::Tuple(t) => Ok(t[index(t.len(), key, "tuple")?].clone()),
        Value::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            Ok(Value::str(
                chars[index(chars.len(), key, "string")?].to_string(),
            ))
        }
        Value::Dict(d) => {
            let hk = hash_key(key).ok_or_else(|| {
                raise(
                    "TypeError",
                    format!("unhashable type: '{}'", key.type_name()),
                )
            })?;
            d.borrow().get(&hk).cloned().ok_or_else(|| key_error(key))
        }
        Value::PObj(o) => pystachio::get_item(o, key),
        Value::Module(m) if &*m.name == "os.environ" => super::modules::environ_get_item(it, key),
        other => Err(raise(
            "TypeError",
            format!(
                "'{}' object has no attribute '__getitem__'",
                other.type_name()
            ),
        )),
    }
}

/// `KeyError(key)` with the key as its argument.
pub fn key_error(key: &Value) -> super::Ctrl {
    super::Ctrl::Exc(Box::new(super::PyExc {
        hint: None,
        exc: Rc::new(super::value::Exception {
            kind: "KeyError",
            class: None,
            args: vec![key.clone()],
        }),
        span: None,
    }))
}

/// `obj[key] = v`.
pub fn set_item(it: &mut Interp, obj: &Value, key: Value, v: Value) -> R<()> {
    match obj {
        Value::List(l) => {
            let n = l.borrow().len();
            let i = index(n, &key, "list")?;
            l.borrow_mut()[i] = v;
            Ok(())
        }
        Value::Dict(d) => {
            dict_set(&mut d.borrow_mut(), key, v)?;
            it.charge(32)
        }
        other => Err(raise(
            "TypeError",
            format!(
                "'{}' object does not support item assignment",
                other.type_name()
            ),
        )),
    }
}

/// `del obj[key]`.
pub fn del_item(obj: &Value, key: &Value) -> R<()> {
    match obj {
        Value::List(l) => {
            let n = l.borrow().len();
            let i = index(n, key, "list")?;
            l.borrow_mut().remove(i);
            Ok(())
        }
        Value::Dict(d) => {
            let hk = hash_key(key).ok_or_else(|| raise("TypeError", "unhashable type"))?;
            d.borrow_mut()
                .remove(&hk)
                .map(|_| ())
                .ok_or_else(|| key_error(key))
        }
        other => Err(raise(
            "TypeError",
            format!(
                "'{}' object doesn't support item deletion",
                other.type_name()
            ),
        )),
    }
}

fn slice_indices(n: usize, lo: &Value, hi: &Value, step: i64) -> R<Vec<usize>> {
    let n = n as i64;
    let get = |v: &Value, default: i64| -> R<i64> {
        match v {
            Value::None => Ok(default),
            v => int(v).ok_or_else(|| raise("TypeError", "slice indices must be integers or None")),
        }
    };
    if step == 0 {
        return Err(raise("ValueError", "slice step cannot be zero"));
    }
    let clamp = |i: i64, lo_bound: i64, hi_bound: i64| {
        let i = if i < 0 { i + n } else { i };
        i.clamp(lo_bound, hi_bound)
    };
    let mut out = Vec::new();
    if step > 0 {
        let a = clamp(get(lo, 0)?, 0, n);
        let b = clamp(get(hi, n)?, 0, n);
        let mut i = a;
        while i < b {
            out.push(i as usize);
            i += step;
        }
    } else {
        let a = match lo {
            Value::None => n - 1,
            v => clamp(get(v, 0)?, -1, n - 1),
        };
        let b = match hi {
            Value::None => -1,
            v => clamp(get(v, 0)?, -1, n - 1),
        };
        let mut i = a;
        while i > b {
            out.push(i as usize);
            i += step;
        }
    }
    Ok(out)
}

/// `obj[lo:hi:step]`.
pub fn slice(obj: &Value, lo: Value, hi: Value, step: Value) -> R<Value> {
    let step = match step {
        Value::None => 1,
        v => int(&v).ok_or_else(|| raise("TypeError", "slice indices must be integers or None"))?,
    };
    match obj {
        Value::List(l) => {
            let l = l.borrow();
            let idx = slice_indices(l.len(), &lo, &hi, step)?;
            Ok(Value::list(idx.into_iter().map(|i| l[i].clone()).collect()))
        }
        Value::Tuple(t) => {
            let idx = slice_indices(t.len(), &lo, &hi, step)?;
            Ok(Value::tuple(
                idx.into_iter().map(|i| t[i].clone()).collect(),
            ))
        }
        Value::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            let idx = slice_indices(chars.len(), &lo, &hi, step)?;
            Ok(Value::str(
                idx.into_iter().map(|i| chars[i]).collect::<String>(),
            ))
        }
        Value::PObj(o) if matches!(o.data, Data::List(_)) => {
            let items = pystachio::iter_items(o)?;
            slice(&Value::tuple(items), lo, hi, Value::Int(step))
        }
        other => Err(raise(
            "TypeError",
            format!(
                "'{}' object has no attribute '__getslice__'",
                other.type_name()
            ),
        )),
    }
}

/// `obj[lo:hi] = v` for lists.
pub fn set_slice(it: &mut Interp, obj: &Value, lo: Value, hi: Value, v: Value) -> R<()> {
    let Value::List(l) = obj else {
        return Err(raise(
            "TypeError",
            format!(
                "'{}' object does not support slice assignment",
                obj.type_name()
            ),
        ));
    };
    let items = iterate(it, &v)?;
    let n = l.borrow().len();
    let idx = slice_indices(n, &lo, &hi, 1)?;
    let (a, b) = match (idx.first(), idx.last()) {
        (Some(&a), Some(&b)) => (a, b + 1),
        _ => {
            let a = match int(&lo) {
                Some(i) if i < 0 => (i + n as i64).max(0) as usize,
                Some(i) => (i as usize).min(n),
                None => 0,
            };
            (a, a)
        }
    };
    l.borrow_mut().splice(a..b, items);
    Ok(())
}
