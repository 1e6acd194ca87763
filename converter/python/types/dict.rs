//! The methods of `dict`.

use crate::dict::Key;
use crate::error::ExcKind;
use crate::ops::{key_error, update_source, UpdateSource};
use crate::value::Dict;
use crate::value::Vm;
use crate::value::{raise, R};
use crate::value::{Args, MethodDef, Value};
use std::cell::RefCell;
use std::rc::Rc;

/// Every `dict` method.
pub static METHODS: &[MethodDef] = &[
    MethodDef::native("get", get),
    MethodDef::native("keys", keys),
    MethodDef::native("iterkeys", keys),
    MethodDef::native("viewkeys", keys),
    MethodDef::native("values", values),
    MethodDef::native("itervalues", values),
    MethodDef::native("viewvalues", values),
    MethodDef::native("items", items),
    MethodDef::native("iteritems", items),
    MethodDef::native("viewitems", items),
    MethodDef::native("has_key", has_key),
    MethodDef::native("setdefault", setdefault),
    MethodDef::native("pop", pop),
    MethodDef::native("popitem", popitem),
    MethodDef::native("update", update),
    MethodDef::native("copy", copy),
    MethodDef::native("clear", clear),
];

fn dict<'a>(recv: &'a Value, name: &str) -> R<&'a Rc<RefCell<Dict>>> {
    match recv {
        Value::Dict(d) => Ok(d),
        other => Err(raise(
            ExcKind::TypeError,
            format!(
                "descriptor '{name}' requires a 'dict' object but received a '{}'",
                other.type_name()
            ),
        )),
    }
}

fn get(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let d = dict(recv, "get")?;
    a.arity("get", 1, 2)?;
    let k = Key::hashable(&a.pos[0], &it.budget())?;
    let found = d.borrow().get(&k.id).cloned();
    Ok(found.unwrap_or_else(|| a.pos.get(1).cloned().unwrap_or(Value::None)))
}

fn keys(it: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    let d = dict(recv, "keys")?;
    it.budget().items(d.borrow().len())?;
    Ok(Value::list(d.borrow().keys()))
}

fn values(it: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    let d = dict(recv, "values")?;
    it.budget().items(d.borrow().len())?;
    Ok(Value::list(
        d.borrow().iter().map(|(_, v)| v.clone()).collect(),
    ))
}

fn items(it: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    let d = dict(recv, "items")?;
    it.budget().items(d.borrow().len() * 3)?;
    Ok(Value::list(
        d.borrow()
            .iter()
            .map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()]))
            .collect(),
    ))
}

fn has_key(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let d = dict(recv, "has_key")?;
    a.arity("has_key", 1, 1)?;
    let k = Key::hashable(&a.pos[0], &it.budget())?;
    Ok(Value::Bool(d.borrow().contains(&k.id)))
}

fn setdefault(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let d = dict(recv, "setdefault")?;
    a.arity("setdefault", 1, 2)?;
    let k = Key::hashable(&a.pos[0], &it.budget())?;
    if let Some(v) = d.borrow().get(&k.id) {
        return Ok(v.clone());
    }
    it.budget().grow_items(d.borrow().len(), 1)?;
    let v = a.pos.get(1).cloned().unwrap_or(Value::None);
    d.borrow_mut().insert(k, a.pos[0].clone(), v.clone());
    Ok(v)
}

fn pop(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let d = dict(recv, "pop")?;
    a.arity("pop", 1, 2)?;
    let k = Key::hashable(&a.pos[0], &it.budget())?;
    let removed = d.borrow_mut().remove(&k.id);
    match removed {
        Some(v) => Ok(v),
        None => a.pos.get(1).cloned().ok_or_else(|| key_error(&a.pos[0])),
    }
}

fn popitem(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    let popped = dict(recv, "popitem")?.borrow_mut().pop_item();
    match popped {
        Some((k, v)) => Ok(Value::tuple(vec![k, v])),
        None => Err(raise(ExcKind::KeyError, "'popitem(): dictionary is empty'")),
    }
}

fn update(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    // `dict_update_common`: the positional argument first, then the kwargs dict.
    let d = dict(recv, "update")?;
    a.arity("update", 0, 1)?;
    match a.pos.first() {
        // Merging a dict into itself changes nothing.
        Some(Value::Dict(o)) if Rc::ptr_eq(o, d) => {}
        Some(o) => match update_source(&it.budget(), o)? {
            UpdateSource::Dict(src) => {
                it.budget()
                    .grow_items(d.borrow().len(), src.borrow().len())?;
                d.borrow_mut().merge(&src.borrow())
            }
            UpdateSource::Pairs(pairs) => {
                it.budget().grow_items(d.borrow().len(), pairs.len())?;
                for (k, v) in pairs {
                    let key = Key::hashable(&k, &it.budget())?;
                    d.borrow_mut().insert(key, k, v);
                }
            }
        },
        None => {}
    }
    it.budget().grow_items(d.borrow().len(), a.kw.len())?;
    d.borrow_mut().merge_kwargs(&a.kw);
    Ok(Value::None)
}

fn copy(it: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    let d = dict(recv, "copy")?;
    it.budget().items(d.borrow().len())?;
    Ok(Value::dict(d.borrow().copy()))
}

fn clear(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    dict(recv, "clear")?.borrow_mut().clear();
    Ok(Value::None)
}
