//! Item access, slicing and iteration.

use super::compare::int;
use crate::budget::Budget;
use crate::dict::Key;
use crate::error::ExcKind;
use crate::value::Value;
use crate::value::{raise, R};

/// The position `i` designates in a sequence of `n` items, or IndexError.
fn index(n: usize, i: &Value, what: &str) -> R<usize> {
    let Some(i) = int(i) else {
        return Err(raise(
            ExcKind::TypeError,
            format!("{what} indices must be integers, not {}", i.type_name()),
        ));
    };
    let n = n as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(raise(
            ExcKind::IndexError,
            format!("{what} index out of range"),
        ));
    }
    Ok(j as usize)
}

fn no_getitem(v: &Value) -> crate::Error {
    raise(
        ExcKind::TypeError,
        format!("'{}' object has no attribute '__getitem__'", v.type_name()),
    )
}

/// `obj[key]`.
pub fn get_item(obj: &Value, key: &Value, b: &Budget) -> R<Value> {
    match obj {
        Value::List(l) => {
            let l = l.borrow();
            Ok(l[index(l.len(), key, "list")?].clone())
        }
        Value::Tuple(t) => Ok(t[index(t.len(), key, "tuple")?].clone()),
        Value::Str(s) => {
            let n = s.chars().count();
            let i = index(n, key, "string")?;
            Ok(Value::str(s.chars().nth(i).unwrap_or_default().to_string()))
        }
        Value::Dict(d) => {
            let k = Key::hashable(key, b)?;
            d.borrow().get(&k.id).cloned().ok_or_else(|| key_error(key))
        }
        Value::Object(o) => o.item(obj, key, b)?.ok_or_else(|| no_getitem(obj)),
        other => Err(no_getitem(other)),
    }
}

/// `KeyError(key)` with the key as its argument.
pub fn key_error(key: &Value) -> crate::Error {
    crate::value::exception(
        crate::error::ExcType::Builtin(ExcKind::KeyError),
        vec![key.clone()],
        None,
    )
}

/// `obj[key] = v`.
pub fn set_item(b: &Budget, obj: &Value, key: Value, v: Value) -> R<()> {
    match obj {
        Value::List(l) => {
            let n = l.borrow().len();
            let i = index(n, &key, "list")?;
            l.borrow_mut()[i] = v;
            Ok(())
        }
        Value::Dict(d) => {
            b.bytes(32)?;
            super::dict_set(b, &mut d.borrow_mut(), key, v)
        }
        other => Err(raise(
            ExcKind::TypeError,
            format!(
                "'{}' object does not support item assignment",
                other.type_name()
            ),
        )),
    }
}

/// `del obj[key]`.
pub fn del_item(b: &Budget, obj: &Value, key: &Value) -> R<()> {
    match obj {
        Value::List(l) => {
            let n = l.borrow().len();
            let i = index(n, key, "list")?;
            l.borrow_mut().remove(i);
            Ok(())
        }
        Value::Dict(d) => {
            let k = Key::hashable(key, b)?;
            d.borrow_mut()
                .remove(&k.id)
                .map(|_| ())
                .ok_or_else(|| key_error(key))
        }
        other => Err(raise(
            ExcKind::TypeError,
            format!(
                "'{}' object doesn't support item deletion",
                other.type_name()
            ),
        )),
    }
}

/// The positions a slice `lo:hi:step` selects in a sequence of `n` items.
fn slice_indices(n: usize, lo: &Value, hi: &Value, step: i64, b: &Budget) -> R<Vec<usize>> {
    let n = n as i64;
    let get = |v: &Value, default: i64| -> R<i64> {
        match v {
            Value::None => Ok(default),
            v => int(v)
                .ok_or_else(|| raise(ExcKind::TypeError, "slice indices must be integers or None")),
        }
    };
    if step == 0 {
        return Err(raise(ExcKind::ValueError, "slice step cannot be zero"));
    }
    let clamp = |i: i64, lo_bound: i64, hi_bound: i64| {
        let i = if i < 0 { i.saturating_add(n) } else { i };
        i.clamp(lo_bound, hi_bound)
    };
    let (a, end) = if step > 0 {
        (clamp(get(lo, 0)?, 0, n), clamp(get(hi, n)?, 0, n))
    } else {
        let a = match lo {
            Value::None => n - 1,
            v => clamp(get(v, 0)?, -1, n - 1),
        };
        let e = match hi {
            Value::None => -1,
            v => clamp(get(v, 0)?, -1, n - 1),
        };
        (a, e)
    };
    let count = if step > 0 && end > a {
        (end - a - 1) / step + 1
    } else if step < 0 && a > end {
        (a - end - 1) / (-step) + 1
    } else {
        0
    };
    b.items(count as usize)?;
    Ok((0..count).map(|k| (a + k * step) as usize).collect())
}

fn slice_step(step: &Value) -> R<i64> {
    match step {
        Value::None => Ok(1),
        v => int(v)
            .ok_or_else(|| raise(ExcKind::TypeError, "slice indices must be integers or None")),
    }
}

/// `obj[lo:hi:step]`.
pub fn slice(b: &Budget, obj: &Value, lo: Value, hi: Value, step: Value) -> R<Value> {
    let step = slice_step(&step)?;
    match obj {
        Value::List(l) => {
            let l = l.borrow();
            let idx = slice_indices(l.len(), &lo, &hi, step, b)?;
            Ok(Value::list(idx.into_iter().map(|i| l[i].clone()).collect()))
        }
        Value::Tuple(t) => {
            let idx = slice_indices(t.len(), &lo, &hi, step, b)?;
            Ok(Value::tuple(
                idx.into_iter().map(|i| t[i].clone()).collect(),
            ))
        }
        Value::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            let idx = slice_indices(chars.len(), &lo, &hi, step, b)?;
            Ok(Value::str(
                idx.into_iter().map(|i| chars[i]).collect::<String>(),
            ))
        }
        Value::Object(o) => match o.sequence(obj, b)? {
            Some(items) => slice(b, &Value::tuple(items), lo, hi, Value::Int(step)),
            None => Err(no_getslice(obj)),
        },
        other => Err(no_getslice(other)),
    }
}

fn no_getslice(v: &Value) -> crate::Error {
    raise(
        ExcKind::TypeError,
        format!("'{}' object has no attribute '__getslice__'", v.type_name()),
    )
}

/// `obj[lo:hi] = v` for lists.
pub fn set_slice(obj: &Value, lo: Value, hi: Value, v: Value, b: &Budget) -> R<()> {
    let Value::List(l) = obj else {
        return Err(raise(
            ExcKind::TypeError,
            format!(
                "'{}' object does not support slice assignment",
                obj.type_name()
            ),
        ));
    };
    let items = iterate(&v, b)?;
    let n = l.borrow().len();
    b.grow_items(n, items.len())?;
    let idx = slice_indices(n, &lo, &hi, 1, b)?;
    let (a, e) = match (idx.first(), idx.last()) {
        (Some(&a), Some(&e)) => (a, e + 1),
        _ => {
            let a = match int(&lo) {
                Some(i) if i < 0 => (i + n as i64).max(0) as usize,
                Some(i) => (i as usize).min(n),
                None => 0,
            };
            (a, a)
        }
    };
    l.borrow_mut().splice(a..e, items);
    Ok(())
}

/// The items of an iterable.
pub fn iterate(v: &Value, b: &Budget) -> R<Vec<Value>> {
    Ok(match v {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => (**t).clone(),
        Value::Str(s) => {
            b.items(s.len())?;
            s.chars().map(|c| Value::str(c.to_string())).collect()
        }
        Value::Dict(d) | Value::Set(d) => d.borrow().keys(),
        Value::Object(o) => match o.iter(v, b)? {
            Some(items) => items,
            None => {
                return Err(raise(
                    ExcKind::TypeError,
                    format!("'{}' object is not iterable", o.type_name()),
                ))
            }
        },
        Value::Instance(_) => {
            return Err(raise(
                ExcKind::TypeError,
                "iteration over instances is not supported",
            ))
        }
        other => {
            return Err(raise(
                ExcKind::TypeError,
                format!("'{}' object is not iterable", other.type_name()),
            ))
        }
    })
}
