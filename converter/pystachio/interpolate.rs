//! `interpolate()`: an object with every resolvable ref resolved and every simple value coerced,
//! plus the refs left unbound; and the struct accessors built on it.

use crate::errors::coercion_error;
use crate::object::{coerce, construct, in_scope, new_obj, scopes, Data, PObj};
use crate::refs::Ref;
use crate::template::resolve;
use crate::types::{type_eq, PType};
use python::ops::py_str;
use python::{Budget, ExcKind, Value, R};
use std::rc::Rc;

/// `obj.interpolate()`: the object with everything resolvable resolved, plus unbound refs.
pub fn interpolate(obj: &Rc<PObj>, b: &Budget) -> R<(Rc<PObj>, Vec<Ref>)> {
    b.step()?;
    let _depth = b.enter(|| format!("while interpolating a {}", obj.ty.name()))?;
    match &obj.data {
        Data::Simple(raw) => interpolate_simple(obj, raw, b).map_err(|e| match obj.origin {
            Some(span) => e.at(span),
            None => e,
        }),
        Data::Struct(fields) => {
            let sc = scopes(obj, b)?;
            let mut out = vec![None; fields.len()];
            let mut unbound = Vec::new();
            // `_schema_data.items()` order decides which field's error surfaces first.
            let order = obj
                .struct_def()
                .map(|d| d.data_order.clone())
                .unwrap_or_default();
            for i in order {
                if let Some(f) = &fields[i] {
                    let (v, u) = interpolate(&in_scope(f, &sc, b)?, b)?;
                    add_unbound(&mut unbound, u);
                    out[i] = Some(v);
                }
            }
            Ok((
                new_obj(&obj.ty, Data::Struct(Rc::new(out)), obj.origin),
                unbound,
            ))
        }
        Data::List(items) => {
            let sc = scopes(obj, b)?;
            let mut unbound = Vec::new();
            let mut out = Vec::with_capacity(items.len());
            for e in items.iter() {
                let (v, u) = interpolate(&in_scope(e, &sc, b)?, b)?;
                add_unbound(&mut unbound, u);
                out.push(v);
            }
            Ok((
                new_obj(&obj.ty, Data::List(Rc::new(out)), obj.origin),
                unbound,
            ))
        }
        Data::Map(entries) => {
            let sc = scopes(obj, b)?;
            let mut unbound = Vec::new();
            let mut out = Vec::with_capacity(entries.len());
            for (k, v) in entries.iter() {
                let (ki, ku) = interpolate(&in_scope(k, &sc, b)?, b)?;
                let (vi, vu) = interpolate(&in_scope(v, &sc, b)?, b)?;
                add_unbound(&mut unbound, ku);
                add_unbound(&mut unbound, vu);
                out.push((ki, vi));
            }
            Ok((
                new_obj(&obj.ty, Data::Map(Rc::new(out)), obj.origin),
                unbound,
            ))
        }
        Data::Choice(_) => {
            let alt = unwrap_choice(obj, b)?;
            interpolate(&in_scope(&alt, &scopes(obj, b)?, b)?, b)
        }
    }
}

fn interpolate_simple(obj: &Rc<PObj>, raw: &Value, b: &Budget) -> R<(Rc<PObj>, Vec<Ref>)> {
    match raw {
        Value::Str(s) => {
            let (joined, unbound) = resolve(s, &obj.scopes, b)?;
            if !unbound.is_empty() {
                Ok((
                    new_obj(&obj.ty, Data::Simple(Value::str(joined)), obj.origin),
                    unbound,
                ))
            } else {
                let v = coerce(&obj.ty, &Value::str(joined), b)?;
                Ok((obj.with_data(Data::Simple(v)), unbound))
            }
        }
        other => Ok((
            new_obj(
                &obj.ty,
                Data::Simple(coerce(&obj.ty, other, b)?),
                obj.origin,
            ),
            Vec::new(),
        )),
    }
}

fn add_unbound(acc: &mut Vec<Ref>, more: Vec<Ref>) {
    for r in more {
        if !acc.contains(&r) {
            acc.push(r);
        }
    }
}

/// The first alternative of a Choice that the raw value constructs and interpolates as.
pub(crate) fn unwrap_choice(obj: &Rc<PObj>, b: &Budget) -> R<Rc<PObj>> {
    let (PType::Choice { alts, .. }, Data::Choice(raw)) = (&*obj.ty, &obj.data) else {
        return Ok(obj.clone());
    };
    let sc = scopes(obj, b)?;
    for alt in alts {
        if let Some(o) = raw.downcast_rc::<PObj>().filter(|o| type_eq(&o.ty, alt)) {
            return Ok(o);
        }
        let attempt = construct(alt, raw.clone(), obj.origin, b)
            .and_then(|o| interpolate(&in_scope(&o, &sc, b)?, b).map(|_| o));
        match attempt {
            Ok(o) => return Ok(o),
            Err(e) if e.is(ExcKind::ValueError) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(coercion_error(format!(
        "Cannot coerce '{}' to {}",
        py_str(raw, b)?,
        obj.ty.name()
    )))
}

/// A Struct accessor (`job.task()`): the field interpolated in the struct's scopes, or `None`
/// for `Empty`. `Err` only for what interpolation raises; an unknown field is `Ok(None)` too,
/// so use [`has_field`] to tell them apart.
pub fn field(obj: &Rc<PObj>, name: &str, b: &Budget) -> R<Option<Rc<PObj>>> {
    let (Some(def), Some(fields)) = (obj.struct_def(), obj.fields()) else {
        return Ok(None);
    };
    let Some(&i) = def.index.get(name) else {
        return Ok(None);
    };
    field_at(obj, i, fields[i].as_ref(), &def.fields[i].1.ty, b)
}

/// The field at position `i` of a struct, interpolated in the struct's scopes.
pub(crate) fn field_at(
    obj: &Rc<PObj>,
    _i: usize,
    value: Option<&Rc<PObj>>,
    ty: &Rc<PType>,
    b: &Budget,
) -> R<Option<Rc<PObj>>> {
    let Some(f) = value else {
        return Ok(None);
    };
    let (v, _) = interpolate(&in_scope(f, &scopes(obj, b)?, b)?, b)?;
    // A Choice interpolates to its alternative; the field stores it re-wrapped.
    Ok(Some(if type_eq(&v.ty, ty) {
        v
    } else {
        construct(ty, Value::Object(v), obj.origin, b)?
    }))
}

/// `has_<name>()`: whether a field is set (not `Empty`); `None` when there is no such field.
pub fn has_field(obj: &Rc<PObj>, name: &str) -> Option<bool> {
    let (def, fields) = (obj.struct_def()?, obj.fields()?);
    def.index.get(name).map(|&i| fields[i].is_some())
}
