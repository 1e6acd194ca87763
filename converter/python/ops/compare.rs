//! Equality, ordering, identity and membership, as CPython 2.7 decides them.

use crate::budget::Budget;
use crate::dict::Key;
use crate::error::ExcKind;
use crate::value::Value;
use crate::value::{raise, R};
use std::cmp::Ordering;
use std::rc::Rc;

/// A number's value, for mixed int/float/bool arithmetic and comparison.
pub(crate) fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// An integer's value (`bool` is an `int`).
pub(crate) fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

/// `a == b`.
pub fn py_eq(a: &Value, b: &Value, bud: &Budget) -> R<bool> {
    Ok(match (a, b) {
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            let (x, y) = (x.borrow().clone(), y.borrow().clone());
            seq_eq(&x, &y, bud)?
        }
        (Value::Tuple(x), Value::Tuple(y)) => seq_eq(x, y, bud)?,
        (Value::Dict(x), Value::Dict(y)) | (Value::Set(x), Value::Set(y)) => {
            if Rc::ptr_eq(x, y) {
                return Ok(true);
            }
            let _depth = bud.enter(|| "in cmp".into())?;
            let (x, y) = (x.borrow(), y.borrow());
            if x.len() != y.len() {
                return Ok(false);
            }
            for (key, _, v) in x.iter_keyed() {
                match y.get(&key.id) {
                    Some(w) if is(v, w) || py_eq(v, w, bud)? => {}
                    _ => return Ok(false),
                }
            }
            true
        }
        (Value::None, Value::None) => true,
        (Value::Object(o), _) => o.eq(a, b, bud)?,
        (_, Value::Object(o)) => o.eq(b, a, bud)?,
        (x, y) => match (num(x), num(y)) {
            (Some(p), Some(q)) => match (int(x), int(y)) {
                (Some(i), Some(j)) => i == j,
                _ => p == q,
            },
            _ => is(x, y),
        },
    })
}

fn seq_eq(a: &[Value], b: &[Value], bud: &Budget) -> R<bool> {
    if a.len() != b.len() {
        return Ok(false);
    }
    let _depth = bud.enter(|| "in cmp".into())?;
    for (x, y) in a.iter().zip(b) {
        // CPython compares items with an identity shortcut.
        if !is(x, y) && !py_eq(x, y, bud)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Python 2 ordering (`<`); mixed types order as CPython 2 does for the common cases.
pub fn py_cmp(a: &Value, b: &Value, bud: &Budget) -> R<Ordering> {
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        if let (Some(i), Some(j)) = (int(a), int(b)) {
            return Ok(i.cmp(&j));
        }
        return Ok(x.partial_cmp(&y).unwrap_or(Ordering::Equal));
    }
    Ok(match (a, b) {
        (Value::Str(x), Value::Str(y)) => x.cmp(y),
        (Value::List(x), Value::List(y)) => {
            let (x, y) = (x.borrow().clone(), y.borrow().clone());
            seq_cmp(&x, &y, bud)?
        }
        (Value::Tuple(x), Value::Tuple(y)) => seq_cmp(x, y, bud)?,
        (Value::None, Value::None) => Ordering::Equal,
        (Value::None, _) => Ordering::Less,
        (_, Value::None) => Ordering::Greater,
        (Value::Object(o), _) => match o.cmp(a, b, bud)? {
            Some(ord) => ord,
            None => by_type_name(a, b),
        },
        (x, y) => by_type_name(x, y),
    })
}

/// CPython 2 orders numbers first, then other types by type name.
fn by_type_name(x: &Value, y: &Value) -> Ordering {
    let rank = |v: &Value| {
        if num(v).is_some() {
            String::new()
        } else {
            v.type_name()
        }
    };
    rank(x).cmp(&rank(y))
}

fn seq_cmp(a: &[Value], b: &[Value], bud: &Budget) -> R<Ordering> {
    let _depth = bud.enter(|| "in cmp".into())?;
    for (x, y) in a.iter().zip(b) {
        if !is(x, y) && !py_eq(x, y, bud)? {
            return py_cmp(x, y, bud);
        }
    }
    Ok(a.len().cmp(&b.len()))
}

/// `a is b`.
pub fn is(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y && (-5..=256).contains(x),
        (Value::Str(x), Value::Str(y)) => Rc::ptr_eq(x, y) || (x.is_empty() && y.is_empty()),
        (x, y) => {
            let (i, j) = (x.identity(), y.identity());
            i != 0 && i == j
        }
    }
}

/// `needle in hay`.
pub fn contains(hay: &Value, needle: &Value, b: &Budget) -> R<bool> {
    match hay {
        Value::Str(s) => match needle {
            Value::Str(n) => Ok(s.contains(&**n)),
            other => Err(raise(
                ExcKind::TypeError,
                format!(
                    "'in <string>' requires string as left operand, not {}",
                    other.type_name()
                ),
            )),
        },
        Value::Dict(d) | Value::Set(d) => {
            let key = Key::hashable(needle, b)?;
            Ok(d.borrow().contains(&key.id))
        }
        Value::Object(o) => match o.contains(hay, needle, b)? {
            Some(found) => Ok(found),
            None => any_equal(&super::iterate(hay, b)?, needle, b),
        },
        other => any_equal(&super::iterate(other, b)?, needle, b),
    }
}

fn any_equal(items: &[Value], needle: &Value, b: &Budget) -> R<bool> {
    for i in items {
        if is(i, needle) || py_eq(i, needle, b)? {
            return Ok(true);
        }
    }
    Ok(false)
}
