//! What objects give back besides their text and JSON (see `interpolate`): `get()` as Python
//! values, CPython 2.7's `hash()` and dict keys, iteration and item access.

use crate::interpolate::{interpolate, obj_eq, obj_str, to_json, unwrap_choice};
use crate::model::PType;
use crate::model::{coerce_into, Data, PObj};
use python::dict::{HashKey, Key};
use python::py2order::{hash_str, hash_tuple, hash_unicode};
use python::Dict;
use python::{raise, Budget, Error, ExcKind, Str, Value, R};
use std::rc::Rc;

/// `obj.get()` as a Python value (frozendicts become dicts, tuples stay tuples).
pub fn get(obj: &Rc<PObj>, b: &Budget) -> R<Value> {
    b.step()?;
    let _depth = b.enter(|| "while getting a value".into())?;
    Ok(match &obj.data {
        Data::Simple(v) => v.clone(),
        Data::Struct(fields) => {
            let mut d = Dict::new();
            if let Some(def) = obj.struct_def() {
                for &i in &def.data_order {
                    if let Some(f) = &fields[i] {
                        d.insert_str(&def.fields[i].0, get(f, b)?);
                    }
                }
            }
            Value::dict(d)
        }
        Data::List(items) => {
            b.items(items.len())?;
            Value::tuple(items.iter().map(|i| get(i, b)).collect::<R<_>>()?)
        }
        Data::Map(entries) => {
            b.items(entries.len())?;
            let mut d = Dict::new();
            for (k, v) in entries.iter() {
                let kv = get(k, b)?;
                let key = Key::of(&kv, b)?
                    .ok_or_else(|| raise(ExcKind::TypeError, "unhashable map key"))?;
                d.insert(key, kv, get(v, b)?);
            }
            Value::dict(d)
        }
        Data::Choice(_) => get(&unwrap_choice(obj, b)?, b)?,
    })
}

/// A canonical text for pystachio equality (`==` compares interpolated values): objects with
/// equal texts are equal. An object that fails to interpolate is only equal to itself.
pub fn hash_repr(obj: &Rc<PObj>, b: &Budget) -> R<String> {
    match interpolate(obj, b).and_then(|(o, _)| to_json(&o, b)) {
        Ok(j) => Ok(format!("{}:{}", obj.ty.name(), j)),
        Err(Error::Raise(_)) => Ok(format!("{:p}", Rc::as_ptr(obj))),
        Err(e) => Err(e),
    }
}

/// CPython 2.7's `hash(obj)` under pystachio 0.8.5, which decides where `obj` lands in a set
/// or dict (`Tasks.combine` deduplicates processes through a set); `None` where CPython's
/// result depends on addresses (a `None` or class inside), where CPython raises (an
/// unhashable raw value, a Choice that fails to interpolate) or for shapes not replayed
/// (a Map keyed by composite objects).
///
/// Pystachio hashes what `get()` returns, *without* interpolating: `SimpleObject.__hash__` is
/// `hash(self._value)` (the raw value: `'{{x}}'` stays a template, `Integer('2')` hashes as the
/// string `'2'`), `Structural`, `ListContainer`, `MapContainer` and `ChoiceContainer` hash
/// `self.get()`: a `frozendict` of the non-empty fields' `get()`s, a tuple, a `frozendict` of
/// the map's raw keys and values, and the interpolated alternative's `get()`.
/// `frozendict.__hash__` is `hash(tuple((k, self[k]) for k in sorted(self)))`.
///
/// Strings are hashed as `unicode`: every String that gets interpolated is `unicode` (coerced
/// by `unicode(value)`, which fails in Aurora on non-ASCII byte strings), and for ASCII text
/// `str` and `unicode` hash alike.
pub fn py2_hash(obj: &Rc<PObj>, b: &Budget) -> R<Option<i64>> {
    b.step()?;
    let _depth = b.enter(|| "while hashing".into())?;
    Ok(match &obj.data {
        Data::Simple(raw) => raw_py2_hash(raw, b)?,
        Data::Struct(fields) => {
            let Some(def) = obj.struct_def() else {
                return Ok(None);
            };
            let mut items = Vec::with_capacity(fields.len());
            for (i, (name, _)) in def.fields.iter().enumerate() {
                if let Some(f) = &fields[i] {
                    let Some(h) = py2_hash(f, b)? else {
                        return Ok(None);
                    };
                    items.push((name, h));
                }
            }
            items.sort_by(|x, y| x.0.cmp(y.0));
            let pairs: Vec<i64> = items
                .into_iter()
                .map(|(name, h)| hash_tuple(&[hash_str(name), h]))
                .collect();
            Some(hash_tuple(&pairs))
        }
        Data::List(items) => {
            let mut hashes = Vec::with_capacity(items.len());
            for i in items.iter() {
                let Some(h) = py2_hash(i, b)? else {
                    return Ok(None);
                };
                hashes.push(h);
            }
            Some(hash_tuple(&hashes))
        }
        Data::Map(entries) => map_py2_hash(entries, b)?,
        Data::Choice(_) => match interpolate(obj, b) {
            Ok((o, _)) => py2_hash(&o, b)?,
            Err(Error::Raise(_)) => None,
            Err(e) => return Err(e),
        },
    })
}

/// `hash(value)` of a raw value held by a simple object (`String`s' text hashed as `unicode`).
fn raw_py2_hash(raw: &Value, b: &Budget) -> R<Option<i64>> {
    Ok(match raw {
        Value::Str(s) => Some(hash_unicode(s)),
        other => Key::of(other, b)?.and_then(|k| k.hash),
    })
}

/// `hash(frozendict((k.get(), v.get()) for (k, v) in self._map))`: equal keys collapse (the
/// last value wins), then the items are hashed in `sorted()` key order. Keys must be simple
/// objects holding numbers or strings, which Python 2 sorts numbers first.
fn map_py2_hash(entries: &[(Rc<PObj>, Rc<PObj>)], b: &Budget) -> R<Option<i64>> {
    use std::cmp::Ordering;

    enum SortKey {
        Num(f64),
        Text(Str),
    }
    let mut items: Vec<(HashKey, SortKey, i64, i64)> = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        let Data::Simple(raw) = &k.data else {
            return Ok(None);
        };
        let sort = match raw {
            Value::Str(s) => SortKey::Text(s.clone()),
            Value::Int(i) => SortKey::Num(*i as f64),
            Value::Bool(x) => SortKey::Num(f64::from(u8::from(*x))),
            Value::Float(f) if !f.is_nan() => SortKey::Num(*f),
            _ => return Ok(None),
        };
        let (Some(key), Some(kh), Some(vh)) =
            (Key::of(raw, b)?, raw_py2_hash(raw, b)?, py2_hash(v, b)?)
        else {
            return Ok(None);
        };
        match items
            .iter_mut()
            .find(|item| item.0 == key.id && item.2 == kh)
        {
            Some(item) => item.3 = vh,
            None => items.push((key.id, sort, kh, vh)),
        }
    }
    items.sort_by(|x, y| match (&x.1, &y.1) {
        (SortKey::Num(p), SortKey::Num(q)) => p.partial_cmp(q).unwrap_or(Ordering::Equal),
        (SortKey::Num(_), SortKey::Text(_)) => Ordering::Less,
        (SortKey::Text(_), SortKey::Num(_)) => Ordering::Greater,
        (SortKey::Text(p), SortKey::Text(q)) => p.cmp(q),
    });
    let pairs: Vec<i64> = items
        .into_iter()
        .map(|(_, _, kh, vh)| hash_tuple(&[kh, vh]))
        .collect();
    Ok(Some(hash_tuple(&pairs)))
}

/// The interpolated elements of a List, or keys of a Map; `None` for other objects.
pub fn iter_items(obj: &Rc<PObj>, b: &Budget) -> R<Option<Vec<Value>>> {
    if !matches!(obj.data, Data::List(_) | Data::Map(_)) {
        return Ok(None);
    }
    let (si, _) = interpolate(obj, b)?;
    Ok(match &si.data {
        Data::List(items) => Some(items.iter().map(|o| Value::Object(o.clone())).collect()),
        Data::Map(entries) => Some(
            entries
                .iter()
                .map(|(k, _)| Value::Object(k.clone()))
                .collect(),
        ),
        _ => None,
    })
}

/// `obj[key]` for Lists (index) and Maps (key); `None` for other objects.
pub fn get_item(obj: &Rc<PObj>, key: &Value, b: &Budget) -> R<Option<Value>> {
    if !matches!(obj.data, Data::List(_) | Data::Map(_)) {
        return Ok(None);
    }
    let (si, _) = interpolate(obj, b)?;
    match (&si.data, &*obj.ty) {
        (Data::List(items), _) => {
            let Value::Int(i) = key else {
                return Err(raise(
                    ExcKind::TypeError,
                    "tuple indices must be integers, not str",
                ));
            };
            let n = items.len() as i64;
            let idx = if *i < 0 { i + n } else { *i };
            if idx < 0 || idx >= n {
                return Err(raise(ExcKind::IndexError, "tuple index out of range"));
            }
            Ok(Some(Value::Object(items[idx as usize].clone())))
        }
        (Data::Map(entries), PType::Map(kt, _)) => {
            let k = coerce_into(kt, key.clone(), None, b)?;
            for (ek, ev) in entries.iter() {
                if obj_eq(&k, ek, b)? {
                    return Ok(Some(Value::Object(ev.clone())));
                }
            }
            Err(raise(
                ExcKind::KeyError,
                format!("{} not found", obj_str(&k, b)?),
            ))
        }
        _ => Ok(None),
    }
}

/// The dict key of a pystachio object: CPython finds an equal key only among keys of the same
/// hash, so objects that interpolate alike but hash differently are different keys.
pub(crate) fn object_key(obj: &Rc<PObj>, b: &Budget) -> R<Key> {
    let hash = py2_hash(obj, b)?;
    let text = hash_repr(obj, b)?;
    Ok(Key {
        id: HashKey::Text(match hash {
            Some(h) => format!("{h}|{text}"),
            None => text,
        }),
        hash,
    })
}
