//! Building and updating dicts and sets as CPython's `dict_update` and `set_update` do.

use crate::budget::Budget;
use crate::dict::Key;
use crate::error::ExcKind;
use crate::value::Dict;
use crate::value::Value;
use crate::value::{raise, R};
use rustpython_parser::ast;
use std::cell::RefCell;
use std::rc::Rc;

/// Makes a set by adding items in order (`set(list)`, `{a, b}`, set comprehensions).
pub fn make_set(b: &Budget, items: Vec<Value>) -> R<Value> {
    let mut d = Dict::new_set();
    set_add_all(b, &mut d, items)?;
    Ok(Value::set(d))
}

/// `s.add(x)` for each item in order.
pub fn set_add_all(b: &Budget, d: &mut Dict, items: Vec<Value>) -> R<()> {
    b.grow_items(d.len(), items.len())?;
    for i in items {
        let k = Key::hashable(&i, b)?;
        if !d.contains(&k.id) {
            d.insert(k, i, Value::None);
        }
    }
    Ok(())
}

/// `set(x)`: a copy of a set, the keys of a dict, or the items of another iterable, added
/// the way CPython's `set_update_internal` adds each kind.
pub fn set_from(b: &Budget, x: &Value) -> R<Dict> {
    let mut d = Dict::new_set();
    set_update(b, &mut d, x)?;
    Ok(d)
}

/// `s.update(x)` (`set_update_internal`): `x` is merged when a set or dict, else iterated.
/// `x` must not be `s` itself.
pub fn set_update(b: &Budget, d: &mut Dict, x: &Value) -> R<()> {
    match x {
        Value::Set(o) | Value::Dict(o) => {
            b.grow_items(d.len(), o.borrow().len())?;
            d.merge(&o.borrow())
        }
        other => {
            let items = super::iterate(other, b)?;
            set_add_all(b, d, items)?;
        }
    }
    Ok(())
}

/// `s & t` for sets (`set_intersection`): the members of the smaller set (`t` on a tie), in
/// its order, that the other holds.
pub fn set_intersection(s: &Dict, t: &Dict) -> Dict {
    let (big, small) = if t.len() > s.len() { (t, s) } else { (s, t) };
    let mut d = Dict::new_set();
    for (k, v, _) in small.iter_keyed() {
        if big.contains(&k.id) {
            d.insert(k.clone(), v.clone(), Value::None);
        }
    }
    d
}

/// `s ^= t` in place (`set_symmetric_difference_update` with a set): each member of `t`, in
/// its order, is removed from `s` if there, else added.
pub fn set_toggle_all(d: &mut Dict, t: &Dict) {
    for (k, v, _) in t.iter_keyed() {
        if d.remove(&k.id).is_none() {
            d.insert(k.clone(), v.clone(), Value::None);
        }
    }
}

/// `s -= t` in place (`set_difference_update_internal`): remove `items`, then drop the deleted
/// slots if there are many.
pub fn set_remove_all(b: &Budget, d: &mut Dict, items: &[Value]) -> R<()> {
    for k in items {
        if let Some(key) = Key::of(k, b)? {
            d.remove(&key.id);
        }
    }
    d.purge_after_difference_update();
    Ok(())
}

/// `s |= t`, `s -= t`, `s &= t`, `s ^= t` with sets: changes `s` in place.
pub fn set_in_place(
    b: &Budget,
    s: &Rc<RefCell<Dict>>,
    t: &Rc<RefCell<Dict>>,
    op: ast::Operator,
) -> R<()> {
    let same = Rc::ptr_eq(s, t);
    match op {
        ast::Operator::BitOr if !same => {
            b.grow_items(s.borrow().len(), t.borrow().len())?;
            s.borrow_mut().merge(&t.borrow())
        }
        ast::Operator::BitOr => {}
        ast::Operator::Sub | ast::Operator::BitXor if same => s.borrow_mut().clear(),
        ast::Operator::Sub => {
            let items = t.borrow().keys();
            set_remove_all(b, &mut s.borrow_mut(), &items)?;
        }
        ast::Operator::BitXor => {
            b.grow_items(s.borrow().len(), t.borrow().len())?;
            set_toggle_all(&mut s.borrow_mut(), &t.borrow())
        }
        _ => {
            let result = set_intersection(&s.borrow(), &t.borrow());
            *s.borrow_mut() = result;
        }
    }
    Ok(())
}

/// `d[k] = v` on a raw dict.
pub fn dict_set(b: &Budget, d: &mut Dict, k: Value, v: Value) -> R<()> {
    let key = Key::hashable(&k, b)?;
    if !d.contains(&key.id) {
        b.grow_items(d.len(), 1)?;
    }
    d.insert(key, k, v);
    Ok(())
}

/// `d.update(other)` with a dict or an iterable of pairs.
pub fn dict_update(b: &Budget, d: &mut Dict, other: &Value) -> R<()> {
    match update_source(b, other)? {
        // `PyDict_Merge`; the caller makes sure `other` is not `d` itself (a no-op in Python).
        UpdateSource::Dict(o) => {
            b.grow_items(d.len(), o.borrow().len())?;
            d.merge(&o.borrow())
        }
        // `PyDict_MergeFromSeq2`: each pair inserted in order (each new key charged as it is).
        UpdateSource::Pairs(pairs) => {
            for (k, v) in pairs {
                dict_set(b, d, k, v)?;
            }
        }
    }
    Ok(())
}

/// What `dict.update(other)` reads from `other`.
pub enum UpdateSource {
    /// A dict, merged as a whole.
    Dict(Rc<RefCell<Dict>>),
    /// Key/value pairs, inserted one by one.
    Pairs(Vec<(Value, Value)>),
}

/// Reads the argument of `dict(x)` / `d.update(x)`.
pub fn update_source(b: &Budget, other: &Value) -> R<UpdateSource> {
    match other {
        Value::Dict(o) => Ok(UpdateSource::Dict(o.clone())),
        Value::Object(o) => match o.mapping(other, b)? {
            Some(m) => update_source(b, &m),
            None => pairs_of(b, other),
        },
        other => pairs_of(b, other),
    }
}

/// The key/value pairs of an iterable of pairs.
fn pairs_of(b: &Budget, other: &Value) -> R<UpdateSource> {
    let mut pairs = Vec::new();
    for pair in super::iterate(other, b)? {
        let kv = super::iterate(&pair, b)?;
        if kv.len() != 2 {
            return Err(raise(
                ExcKind::ValueError,
                format!(
                    "dictionary update sequence element has length {}; 2 is required",
                    kv.len()
                ),
            ));
        }
        let mut kv = kv.into_iter();
        if let (Some(k), Some(v)) = (kv.next(), kv.next()) {
            pairs.push((k, v));
        }
    }
    Ok(UpdateSource::Pairs(pairs))
}
