//! The methods of `set` (and `frozenset`, which shares them).

use crate::dict::Key;
use crate::error::ExcKind;
use crate::ops::{
    key_error, set_add_all, set_from, set_intersection, set_remove_all, set_toggle_all, set_update,
};
use crate::value::Dict;
use crate::value::Vm;
use crate::value::{raise, R};
use crate::value::{Args, MethodDef, Value};
use std::cell::RefCell;
use std::rc::Rc;

/// Every `set` method.
pub static METHODS: &[MethodDef] = &[
    MethodDef::native("add", add),
    MethodDef::native("update", update),
    MethodDef::native("remove", remove),
    MethodDef::native("discard", discard),
    MethodDef::native("union", union),
    MethodDef::native("intersection", intersection),
    MethodDef::native("intersection_update", intersection_update),
    MethodDef::native("difference", difference),
    MethodDef::native("difference_update", difference_update),
    MethodDef::native("symmetric_difference", symmetric_difference),
    MethodDef::native("symmetric_difference_update", symmetric_difference_update),
    MethodDef::native("issubset", issubset),
    MethodDef::native("issuperset", issuperset),
    MethodDef::native("copy", copy),
    MethodDef::native("pop", pop),
    MethodDef::native("clear", clear),
];

type Set = Rc<RefCell<Dict>>;

fn set<'a>(recv: &'a Value, name: &str) -> R<&'a Set> {
    match recv {
        Value::Set(d) => Ok(d),
        other => Err(raise(
            ExcKind::TypeError,
            format!(
                "descriptor '{name}' requires a 'set' object but received a '{}'",
                other.type_name()
            ),
        )),
    }
}

fn is_self(x: &Value, d: &Set) -> bool {
    matches!(x, Value::Set(o) if Rc::ptr_eq(o, d))
}

/// An argument as a set (`set(x)`), unless it already is one.
fn as_set(it: &mut dyn Vm, x: &Value) -> R<Set> {
    match x {
        Value::Set(o) => Ok(o.clone()),
        other => Ok(Rc::new(RefCell::new(set_from(&it.budget(), other)?))),
    }
}

/// An argument of `s.update(x)`/`s.union(x)` as `set_update_internal` reads it: sets and dicts
/// as they are, other iterables as a list of their items (read before `s` is borrowed).
fn as_update_source(it: &mut dyn Vm, x: &Value) -> R<Value> {
    Ok(match x {
        Value::Set(_) | Value::Dict(_) => x.clone(),
        other => Value::list(crate::ops::iterate(other, &it.budget())?),
    })
}

fn add(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let d = set(recv, "add")?;
    a.arity("add", 1, 1)?;
    let k = Key::hashable(&a.pos[0], &it.budget())?;
    if !d.borrow().contains(&k.id) {
        it.budget().grow_items(d.borrow().len(), 1)?;
        d.borrow_mut().insert(k, a.pos[0].clone(), Value::None);
    }
    Ok(Value::None)
}

fn update(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let d = set(recv, "update")?;
    for x in &a.pos {
        if !is_self(x, d) {
            let src = as_update_source(it, x)?;
            set_update(&it.budget(), &mut d.borrow_mut(), &src)?;
        }
    }
    Ok(Value::None)
}

fn remove_impl(it: &mut dyn Vm, recv: &Value, a: Args, name: &str, strict: bool) -> R<Value> {
    let d = set(recv, name)?;
    a.arity(name, 1, 1)?;
    let k = Key::hashable(&a.pos[0], &it.budget())?;
    let removed = d.borrow_mut().remove(&k.id);
    if removed.is_none() && strict {
        return Err(key_error(&a.pos[0]));
    }
    Ok(Value::None)
}

fn remove(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    remove_impl(it, recv, a, "remove", true)
}

fn discard(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    remove_impl(it, recv, a, "discard", false)
}

fn union(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    // `set_union`: a copy, then each argument merged or added.
    let d = set(recv, "union")?;
    let mut out = d.borrow().copy();
    for x in &a.pos {
        if !is_self(x, d) {
            let src = as_update_source(it, x)?;
            set_update(&it.budget(), &mut out, &src)?;
        }
    }
    Ok(Value::set(out))
}

/// `set_intersection_multi`: intersect with each argument in turn.
fn intersect(it: &mut dyn Vm, d: &Set, a: &Args) -> R<Dict> {
    let mut result: Option<Dict> = None;
    for x in &a.pos {
        let items = match x {
            Value::Set(_) => None,
            other => Some(crate::ops::iterate(other, &it.budget())?),
        };
        let next = {
            let current = match &result {
                Some(r) => r,
                None => &*d.borrow(),
            };
            match (x, items) {
                (Value::Set(o), _) if Rc::ptr_eq(o, d) => current.copy(),
                (Value::Set(o), _) => set_intersection(current, &o.borrow()),
                (_, items) => {
                    // Another iterable: its items, in order, that the set holds.
                    let mut kept = Vec::new();
                    for k in items.unwrap_or_default() {
                        if let Some(key) = Key::of(&k, &it.budget())? {
                            if current.contains(&key.id) {
                                kept.push(k);
                            }
                        }
                    }
                    let mut r = Dict::new_set();
                    set_add_all(&it.budget(), &mut r, kept)?;
                    r
                }
            }
        };
        result = Some(next);
    }
    Ok(result.unwrap_or_else(|| d.borrow().copy()))
}

fn intersection(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let d = set(recv, "intersection")?;
    Ok(Value::set(intersect(it, d, &a)?))
}

fn intersection_update(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let d = set(recv, "intersection_update")?;
    let result = intersect(it, d, &a)?;
    *d.borrow_mut() = result;
    Ok(Value::None)
}

fn difference_update(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    // `set_difference_update`: per argument, discard its items, then purge dummies.
    let d = set(recv, "difference_update")?;
    for x in &a.pos {
        if is_self(x, d) {
            d.borrow_mut().clear();
            continue;
        }
        let items = crate::ops::iterate(x, &it.budget())?;
        set_remove_all(&it.budget(), &mut d.borrow_mut(), &items)?;
    }
    Ok(Value::None)
}

fn difference(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    // `set_difference_multi`: the first argument as `s - t` when a set or dict (a new set of
    // this set's members it lacks), else a copy minus its items; then each further argument as
    // `difference_update`.
    let d = set(recv, "difference")?;
    let mut result = match a.pos.first() {
        None => d.borrow().copy(),
        Some(Value::Set(o) | Value::Dict(o)) => {
            let mut r = Dict::new_set();
            if !Rc::ptr_eq(o, d) {
                let t = o.borrow();
                for (k, v, _) in d.borrow().iter_keyed() {
                    if !t.contains(&k.id) {
                        r.insert(k.clone(), v.clone(), Value::None);
                    }
                }
            }
            r
        }
        Some(other) => {
            let items = crate::ops::iterate(other, &it.budget())?;
            let mut r = d.borrow().copy();
            set_remove_all(&it.budget(), &mut r, &items)?;
            r
        }
    };
    for x in a.pos.iter().skip(1) {
        let items = crate::ops::iterate(x, &it.budget())?;
        set_remove_all(&it.budget(), &mut result, &items)?;
    }
    Ok(Value::set(result))
}

fn symmetric_difference(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let d = set(recv, "symmetric_difference")?;
    a.arity("symmetric_difference", 1, 1)?;
    let other = as_set(it, &a.pos[0])?;
    if Rc::ptr_eq(&other, d) {
        return Ok(Value::set(Dict::new_set()));
    }
    // A copy of the other set, then each member of this one toggled.
    let mut out = other.borrow().copy();
    set_toggle_all(&mut out, &d.borrow());
    Ok(Value::set(out))
}

fn symmetric_difference_update(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let d = set(recv, "symmetric_difference_update")?;
    a.arity("symmetric_difference_update", 1, 1)?;
    let other = as_set(it, &a.pos[0])?;
    if Rc::ptr_eq(&other, d) {
        d.borrow_mut().clear();
    } else {
        set_toggle_all(&mut d.borrow_mut(), &other.borrow());
    }
    Ok(Value::None)
}

fn subset_test(it: &mut dyn Vm, recv: &Value, a: Args, name: &str, sub: bool) -> R<Value> {
    let d = set(recv, name)?;
    a.arity(name, 1, 1)?;
    let other = as_set(it, &a.pos[0])?;
    let (mine, theirs) = (d.borrow(), other.borrow());
    let (small, big) = if sub {
        (&*mine, &*theirs)
    } else {
        (&*theirs, &*mine)
    };
    let all = small.iter_keyed().all(|(k, _, _)| big.contains(&k.id));
    Ok(Value::Bool(all))
}

fn issubset(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    subset_test(it, recv, a, "issubset", true)
}

fn issuperset(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    subset_test(it, recv, a, "issuperset", false)
}

fn copy(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    Ok(Value::set(set(recv, "copy")?.borrow().copy()))
}

fn pop(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    let popped = set(recv, "pop")?.borrow_mut().pop_item();
    match popped {
        Some((k, _)) => Ok(k),
        None => Err(raise(ExcKind::KeyError, "'pop from an empty set'")),
    }
}

fn clear(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    set(recv, "clear")?.borrow_mut().clear();
    Ok(Value::None)
}
