//! The methods of `list` and `tuple`.

use crate::error::{raise, ExcKind, R};
use crate::interp::Interp;
use crate::ops::{is, py_eq, repr};
use crate::value::{Args, MethodDef, Value};
use std::cell::RefCell;
use std::rc::Rc;

/// Every `list` method.
pub static METHODS: &[MethodDef] = &[
    MethodDef::native("append", append),
    MethodDef::native("extend", extend),
    MethodDef::native("insert", insert),
    MethodDef::native("pop", pop),
    MethodDef::native("remove", remove),
    MethodDef::native("index", index),
    MethodDef::native("count", count),
    MethodDef::native("sort", sort),
    MethodDef::native("reverse", reverse),
];

/// Every `tuple` method.
pub static TUPLE_METHODS: &[MethodDef] = &[
    MethodDef::native("index", index),
    MethodDef::native("count", count),
];

fn list<'a>(recv: &'a Value, name: &str) -> R<&'a Rc<RefCell<Vec<Value>>>> {
    match recv {
        Value::List(l) => Ok(l),
        other => Err(raise(
            ExcKind::TypeError,
            format!(
                "descriptor '{name}' requires a 'list' object but received a '{}'",
                other.type_name()
            ),
        )),
    }
}

/// The items of a list or tuple receiver.
fn items(recv: &Value, name: &str) -> R<Vec<Value>> {
    match recv {
        Value::List(l) => Ok(l.borrow().clone()),
        Value::Tuple(t) => Ok((**t).clone()),
        other => Err(raise(
            ExcKind::TypeError,
            format!(
                "descriptor '{name}' requires a 'tuple' object but received a '{}'",
                other.type_name()
            ),
        )),
    }
}

fn position(a: &Args, i: usize) -> R<Option<i64>> {
    match a.pos.get(i) {
        None | Some(Value::None) => Ok(None),
        Some(v) => crate::ops::int(v).map(Some).ok_or_else(|| {
            raise(
                ExcKind::TypeError,
                format!("an integer is required, got {}", v.type_name()),
            )
        }),
    }
}

fn append(it: &mut Interp, recv: &Value, a: Args) -> R<Value> {
    let l = list(recv, "append")?;
    a.arity("append", 1, 1)?;
    it.budget.items(l.borrow().len() + 1)?;
    l.borrow_mut().push(a.pos[0].clone());
    Ok(Value::None)
}

fn extend(it: &mut Interp, recv: &Value, a: Args) -> R<Value> {
    let l = list(recv, "extend")?;
    a.arity("extend", 1, 1)?;
    let more = it.iterate(&a.pos[0])?;
    it.budget.items(l.borrow().len() + more.len())?;
    l.borrow_mut().extend(more);
    Ok(Value::None)
}

fn insert(it: &mut Interp, recv: &Value, a: Args) -> R<Value> {
    let l = list(recv, "insert")?;
    a.arity("insert", 2, 2)?;
    let n = l.borrow().len() as i64;
    it.budget.items(n as usize + 1)?;
    let i = position(&a, 0)?.unwrap_or(0);
    let i = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    l.borrow_mut().insert(i, a.pos[1].clone());
    Ok(Value::None)
}

fn pop(_: &mut Interp, recv: &Value, a: Args) -> R<Value> {
    let l = list(recv, "pop")?;
    a.arity("pop", 0, 1)?;
    let n = l.borrow().len() as i64;
    if n == 0 {
        return Err(raise(ExcKind::IndexError, "pop from empty list"));
    }
    let i = position(&a, 0)?.unwrap_or(-1);
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(raise(ExcKind::IndexError, "pop index out of range"));
    }
    Ok(l.borrow_mut().remove(j as usize))
}

fn remove(it: &mut Interp, recv: &Value, a: Args) -> R<Value> {
    let l = list(recv, "remove")?;
    a.arity("remove", 1, 1)?;
    let current = l.borrow().clone();
    for (i, x) in current.iter().enumerate() {
        if is(x, &a.pos[0]) || py_eq(x, &a.pos[0], &it.budget)? {
            l.borrow_mut().remove(i);
            return Ok(Value::None);
        }
    }
    Err(raise(ExcKind::ValueError, "list.remove(x): x not in list"))
}

fn index(it: &mut Interp, recv: &Value, a: Args) -> R<Value> {
    let items = items(recv, "index")?;
    a.arity("index", 1, 3)?;
    for (i, x) in items.iter().enumerate() {
        if is(x, &a.pos[0]) || py_eq(x, &a.pos[0], &it.budget)? {
            return Ok(Value::Int(i as i64));
        }
    }
    Err(raise(
        ExcKind::ValueError,
        format!("{} is not in list", repr(&a.pos[0], &it.budget)?),
    ))
}

fn count(it: &mut Interp, recv: &Value, a: Args) -> R<Value> {
    let items = items(recv, "count")?;
    a.arity("count", 1, 1)?;
    let mut n = 0;
    for x in &items {
        if is(x, &a.pos[0]) || py_eq(x, &a.pos[0], &it.budget)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn sort(it: &mut Interp, recv: &Value, a: Args) -> R<Value> {
    list(recv, "sort")?;
    crate::builtins::sort_in_place(it, recv, &a)?;
    Ok(Value::None)
}

fn reverse(_: &mut Interp, recv: &Value, _: Args) -> R<Value> {
    list(recv, "reverse")?.borrow_mut().reverse();
    Ok(Value::None)
}
