//! The methods of `list` and `tuple`.

use crate::error::ExcKind;
use crate::ops::{is, py_cmp, py_eq, repr};
use crate::source::Span;
use crate::value::Error;
use crate::value::Vm;
use crate::value::{raise, R};
use crate::value::{Args, MethodDef, Value};
use std::cell::RefCell;
use std::cmp::Ordering;
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
    MethodDef::native("sort", sort_method),
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

fn append(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let l = list(recv, "append")?;
    a.arity("append", 1, 1)?;
    it.budget().grow_items(l.borrow().len(), 1)?;
    l.borrow_mut().push(a.pos[0].clone());
    Ok(Value::None)
}

fn extend(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let l = list(recv, "extend")?;
    a.arity("extend", 1, 1)?;
    let more = crate::ops::iterate(&a.pos[0], &it.budget())?;
    it.budget().grow_items(l.borrow().len(), more.len())?;
    l.borrow_mut().extend(more);
    Ok(Value::None)
}

fn insert(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let l = list(recv, "insert")?;
    a.arity("insert", 2, 2)?;
    let n = l.borrow().len() as i64;
    it.budget().grow_items(n as usize, 1)?;
    let i = position(&a, 0)?.unwrap_or(0);
    let i = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    l.borrow_mut().insert(i, a.pos[1].clone());
    Ok(Value::None)
}

fn pop(_: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
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

fn remove(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let l = list(recv, "remove")?;
    a.arity("remove", 1, 1)?;
    let current = l.borrow().clone();
    for (i, x) in current.iter().enumerate() {
        if is(x, &a.pos[0]) || py_eq(x, &a.pos[0], &it.budget())? {
            l.borrow_mut().remove(i);
            return Ok(Value::None);
        }
    }
    Err(raise(ExcKind::ValueError, "list.remove(x): x not in list"))
}

fn index(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let items = items(recv, "index")?;
    a.arity("index", 1, 3)?;
    for (i, x) in items.iter().enumerate() {
        if is(x, &a.pos[0]) || py_eq(x, &a.pos[0], &it.budget())? {
            return Ok(Value::Int(i as i64));
        }
    }
    Err(raise(
        ExcKind::ValueError,
        format!("{} is not in list", repr(&a.pos[0], &it.budget())?),
    ))
}

fn count(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let items = items(recv, "count")?;
    a.arity("count", 1, 1)?;
    let mut n = 0;
    for x in &items {
        if is(x, &a.pos[0]) || py_eq(x, &a.pos[0], &it.budget())? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn sort_method(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    list(recv, "sort")?;
    sort_in_place(it, recv, &a)?;
    Ok(Value::None)
}

fn reverse(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    list(recv, "reverse")?.borrow_mut().reverse();
    Ok(Value::None)
}

/// `sorted(items, cmp, key, reverse)`: a stable sort by `key` with `cmp` or Python 2 ordering.
pub fn sort(
    it: &mut dyn Vm,
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
            .map(|v| it.call(k, Args::new(vec![v.clone()], span)))
            .collect::<R<Vec<_>>>()?,
    };
    let mut idx: Vec<usize> = (0..items.len()).collect();
    let mut err = None;
    let cmp = cmp.filter(|c| !matches!(c, Value::None));
    idx.sort_by(|&x, &y| {
        if err.is_some() {
            return Ordering::Equal;
        }
        let r = it
            .budget()
            .step()
            .map_err(Error::from)
            .and_then(|()| match &cmp {
                Some(f) => it
                    .call(f, Args::new(vec![keys[x].clone(), keys[y].clone()], span))
                    .and_then(|v| match v {
                        Value::Int(i) => Ok(i.cmp(&0)),
                        other => Err(raise(
                            ExcKind::TypeError,
                            std::format!(
                                "comparison function must return int, not {}",
                                other.type_name()
                            ),
                        )),
                    }),
                None => py_cmp(&keys[x], &keys[y], &it.budget()),
            });
        match r {
            Ok(o) if reverse => o.reverse(),
            Ok(o) => o,
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
fn sort_in_place(it: &mut dyn Vm, list: &Value, a: &Args) -> R<()> {
    let Value::List(l) = list else {
        return Ok(());
    };
    let items = l.borrow().clone();
    let cmp = a.get(0, "cmp").cloned();
    let key = a.get(1, "key").cloned();
    let reverse = a.get(2, "reverse").is_some_and(Value::truthy);
    let sorted = sort(it, items, cmp, key, reverse, a.span)?;
    *l.borrow_mut() = sorted;
    Ok(())
}
