//! Mustache interpolation, in one place because its parts call each other: looking a ref up in
//! scopes (`Namable.find`), `MustacheParser.resolve`'s loop of up to 100 passes, `interpolate()`
//! (every resolvable ref resolved, every simple value coerced), and the text, repr, equality and
//! JSON of objects, which interpolate and which resolution uses in turn (a found value is
//! printed with `str`; a map key is matched with `==`).
//!
//! Every pass, lookup and byte of output is charged to the budget, so a template that grows
//! (`.bind(a='{{a}}{{a}}')`) stops at the string limit instead of exhausting memory.

use crate::errors::{coercion_error, invalid_ref, uninterpolatable};
use crate::model::{
    coerce, construct, in_scope, new_obj, scopes, split_refs, type_eq, Data, EnvVal, Found, PObj,
    PType, Scope,
};
use crate::refs::{self, Comp, Piece, Ref};
use python::format::float_repr;
use python::ops::{py_eq, py_str, repr};
use python::{raise, Budget, ExcKind, Str, Value, R};
use std::rc::Rc;

const MAX_ITERATIONS: usize = 100;

fn find_in_fields(obj: &Rc<PObj>, r: &Ref, b: &Budget) -> R<Option<Found>> {
    let Some(Comp::Deref(name)) = r.comps.first() else {
        return Ok(None);
    };
    let (Some(def), Some(fields)) = (obj.struct_def(), obj.fields()) else {
        return Ok(None);
    };
    let Some(&i) = def.index.get(name) else {
        return Ok(None);
    };
    let Some(field) = &fields[i] else {
        return Ok(None);
    };
    if r.comps.len() == 1 {
        return Ok(Some(Found::Obj(field.clone())));
    }
    if !field.ty.namable() {
        return Ok(None);
    }
    find(field, &r.rest(), b)
}

impl Scope {
    /// Looks a ref up in this scope (`Namable.find`, with naming errors as `None`).
    pub fn find(&self, r: &Ref, b: &Budget) -> R<Option<Found>> {
        b.step()?;
        let _depth = b.enter(|| "while resolving a template".into())?;
        match self {
            Scope::Env(table) => {
                if let Some((_, v)) = table.iter().find(|(k, _)| k == r) {
                    return Ok(Some(match v {
                        EnvVal::Str(s) => Found::Str(s.clone()),
                        EnvVal::Obj(o) => Found::Obj(o.clone()),
                    }));
                }
                let mut targets: Vec<&(Ref, EnvVal)> =
                    table.iter().filter(|(k, _)| r.below(k).is_some()).collect();
                targets.sort_by(|x, y| y.0.compare(&x.0));
                for (k, v) in targets {
                    if let (EnvVal::Obj(o), Some(rest)) = (v, r.below(k)) {
                        if o.ty.namable() {
                            if let Some(f) = find(o, &rest, b)? {
                                return Ok(Some(f));
                            }
                        }
                    }
                }
                Ok(None)
            }
            Scope::Obj(o) => find(o, r, b),
            Scope::Fields { obj, under_self } => {
                if *under_self {
                    match r.comps.first() {
                        Some(Comp::Deref(s)) if &**s == "self" && r.comps.len() > 1 => {
                            find_in_fields(obj, &r.rest(), b)
                        }
                        _ => Ok(None),
                    }
                } else {
                    find_in_fields(obj, r, b)
                }
            }
            Scope::Super(inner) => match r.comps.first() {
                Some(Comp::Deref(s)) if &**s == "super" => {
                    if r.comps.len() == 1 {
                        return Ok(match &**inner {
                            Scope::Obj(o) => Some(Found::Obj(o.clone())),
                            _ => None,
                        });
                    }
                    inner.find(&r.rest(), b)
                }
                _ => Ok(None),
            },
        }
    }
}

/// `Namable.find` on a Struct, List or Map object.
pub fn find(obj: &Rc<PObj>, r: &Ref, b: &Budget) -> R<Option<Found>> {
    let Some(first) = r.comps.first() else {
        return Ok(None);
    };
    b.step()?;
    let _depth = b.enter(|| "while resolving a template".into())?;
    let child: Rc<PObj> = match (&obj.data, first) {
        (Data::Struct(fields), Comp::Deref(name)) => {
            let Some(&i) = obj.struct_def().and_then(|d| d.index.get(name)) else {
                return Ok(None);
            };
            match &fields[i] {
                Some(f) => f.clone(),
                None => return Ok(None),
            }
        }
        (Data::List(items), Comp::Index(ix)) => {
            let Some(i) = python::builtins::parse_int(ix, 10) else {
                return Ok(None);
            };
            let n = items.len() as i64;
            if n <= i {
                return Ok(None);
            }
            if i < -n {
                return Err(raise(ExcKind::IndexError, "tuple index out of range"));
            }
            items[if i < 0 { (n + i) as usize } else { i as usize }].clone()
        }
        (Data::Map(entries), Comp::Index(ix)) => {
            let PType::Map(kt, _) = &*obj.ty else {
                return Ok(None);
            };
            let key = construct(kt, Value::str(ix.clone()), None, b)?;
            let mut hit = None;
            for (k, v) in entries.iter() {
                if obj_eq(&key, k, b)? {
                    hit = Some(v.clone());
                    break;
                }
            }
            match hit {
                Some(v) => v,
                None => return Ok(None),
            }
        }
        _ => return Ok(None),
    };
    let scoped = in_scope(&child, &scopes(obj, b)?, b)?;
    if r.comps.len() == 1 {
        return Ok(Some(Found::Obj(scoped)));
    }
    if !child.ty.namable() {
        return Ok(None);
    }
    find(&scoped, &r.rest(), b)
}

/// `MustacheParser.resolve`: returns the interpolated string and the refs left unbound.
pub fn resolve(s: &str, scopes: &[Scope], b: &Budget) -> R<(String, Vec<Ref>)> {
    if !crate::refs::has_mustache(s) {
        return Ok((s.to_string(), Vec::new()));
    }
    let mut stream = s.to_string();
    let mut done = false;
    for _ in 0..MAX_ITERATIONS {
        b.step()?;
        let pieces = split_refs(&stream)?;
        let (joined, progressed) = join(&pieces, scopes, b)?;
        stream = joined;
        if !progressed {
            done = true;
            break;
        }
    }
    if !done {
        return Err(uninterpolatable(format!(
            "Unable to interpolate {stream}!  Maximum replacements reached."
        )));
    }
    let pieces = refs::split(&stream, false).map_err(invalid_ref)?;
    let mut out = String::new();
    let mut unbound = Vec::new();
    for p in pieces {
        match p {
            Piece::Text(t) => b.push(&mut out, &t)?,
            Piece::Ref(r) => {
                b.push(&mut out, &r.to_string())?;
                unbound.push(r);
            }
        }
    }
    Ok((out, unbound))
}

/// One join pass; reports whether any ref was resolved.
fn join(pieces: &[Piece], scopes: &[Scope], b: &Budget) -> R<(String, bool)> {
    let mut out = String::new();
    let mut progressed = false;
    for p in pieces {
        match p {
            Piece::Text(t) => b.push(&mut out, t)?,
            Piece::Ref(r) => {
                let mut found = None;
                for s in scopes {
                    if let Some(f) = s.find(r, b)? {
                        found = Some(f);
                        break;
                    }
                }
                match found {
                    Some(Found::Str(s)) => {
                        progressed = true;
                        b.push(&mut out, &s)?
                    }
                    Some(Found::Obj(o)) => {
                        progressed = true;
                        b.push(&mut out, &obj_str(&o, b)?)?
                    }
                    None => b.push(&mut out, &r.to_string())?,
                }
            }
        }
    }
    Ok((out, progressed))
}

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
            let order = obj.struct_def().map_or(&[][..], |d| &d.data_order[..]);
            for &i in order {
                if let Some(f) = &fields[i] {
                    let (v, u) = interpolate(&scoped(f, &sc, b)?, b)?;
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
                let (v, u) = interpolate(&scoped(e, &sc, b)?, b)?;
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
                let (ki, ku) = interpolate(&scoped(k, &sc, b)?, b)?;
                let (vi, vu) = interpolate(&scoped(v, &sc, b)?, b)?;
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

/// A member of a container in the container's scopes, as interpolating it needs them: a simple
/// value that holds no template (not a string, or a string without `{{`) interpolates to
/// itself coerced, reading no scope (see [`interpolate_simple`]), so it is not given them
/// (building a member's scopes copies the whole list, which grows with every level of
/// nesting). pystachio's interpolated values carry no scopes at all.
fn scoped(member: &Rc<PObj>, sc: &[Scope], b: &Budget) -> R<Rc<PObj>> {
    match &member.data {
        Data::Simple(Value::Str(s)) if refs::has_mustache(s) => in_scope(member, sc, b),
        Data::Simple(_) => Ok(member.clone()),
        _ => in_scope(member, sc, b),
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

/// `obj.get()` of an already interpolated object, as JSON.
pub fn to_json(obj: &Rc<PObj>, b: &Budget) -> R<serde_json::Value> {
    use serde_json::Value as J;
    b.step()?;
    let _depth = b.enter(|| "while converting to JSON".into())?;
    Ok(match &obj.data {
        Data::Simple(v) => match v {
            Value::Str(s) => J::String(s.to_string()),
            Value::Int(i) => J::from(*i),
            Value::Bool(x) => J::Bool(*x),
            // Python prints these as `Infinity`/`NaN`, which no strict JSON reader (nor Nix)
            // accepts; refusing them is Python's own `allow_nan=False` behaviour.
            Value::Float(f) => J::Number(serde_json::Number::from_f64(*f).ok_or_else(|| {
                raise(
                    ExcKind::ValueError,
                    format!(
                        "Out of range float values are not JSON compliant: {}",
                        float_repr(*f)
                    ),
                )
            })?),
            other => J::String(py_str(other, b)?),
        },
        Data::Struct(fields) => {
            let mut m = serde_json::Map::new();
            if let Some(def) = obj.struct_def() {
                let mut names: Vec<(usize, &Str)> = def
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(i, (n, _))| (i, n))
                    .collect();
                names.sort_by(|x, y| x.1.cmp(y.1));
                for (i, name) in names {
                    if let Some(f) = &fields[i] {
                        m.insert(name.to_string(), to_json(f, b)?);
                    }
                }
            }
            J::Object(m)
        }
        Data::List(items) => J::Array(items.iter().map(|i| to_json(i, b)).collect::<R<_>>()?),
        Data::Map(entries) => {
            let mut pairs = Vec::new();
            for (k, v) in entries.iter() {
                let key = match to_json(k, b)? {
                    J::String(s) => s,
                    J::Bool(x) => x.to_string(),
                    other => other.to_string(),
                };
                pairs.push((key, to_json(v, b)?));
            }
            pairs.sort_by(|x, y| x.0.cmp(&y.0));
            J::Object(pairs.into_iter().collect())
        }
        Data::Choice(_) => to_json(&unwrap_choice(obj, b)?, b)?,
    })
}

/// `unicode(obj)`: simple values interpolate to their text; composites use their repr.
pub fn obj_str(obj: &Rc<PObj>, b: &Budget) -> R<String> {
    match &obj.data {
        Data::Simple(_) => {
            let (si, _) = interpolate(obj, b)?;
            match &si.data {
                Data::Simple(v) => py_str(v, b),
                _ => Ok(String::new()),
            }
        }
        Data::Choice(_) => obj_str(&unwrap_choice(obj, b)?, b),
        _ => obj_repr(obj, b),
    }
}

/// `repr(obj)` as pystachio prints it (`Process(name=x, ...)`, `IntegerList(1, 2)`).
pub fn obj_repr(obj: &Rc<PObj>, b: &Budget) -> R<String> {
    let name = obj.ty.name();
    let _depth = b.enter(|| format!("while getting the repr of a {name}"))?;
    let mut out = String::new();
    match &obj.data {
        Data::Simple(_) => {
            let s = obj_str(obj, b)?;
            b.push(&mut out, &format!("{name}({s})"))?;
        }
        Data::Choice(raw) => {
            let s = repr(raw, b)?;
            b.push(&mut out, &format!("{name}({s})"))?;
        }
        Data::Struct(_) => {
            let (si, _) = interpolate(obj, b)?;
            let sep = format!(",\n{}", " ".repeat(name.len() + 1));
            b.push(&mut out, &format!("{name}("))?;
            if let (Some(def), Some(fields)) = (si.struct_def(), si.fields()) {
                let mut first = true;
                for &i in &def.data_order {
                    if let Some(f) = &fields[i] {
                        if !first {
                            b.push(&mut out, &sep)?;
                        }
                        first = false;
                        b.push(&mut out, &format!("{}=", def.fields[i].0))?;
                        b.push(&mut out, &obj_str(f, b)?)?;
                    }
                }
            }
            b.push(&mut out, ")")?;
        }
        Data::List(_) => {
            let (si, _) = interpolate(obj, b)?;
            b.push(&mut out, &format!("{name}("))?;
            if let Data::List(items) = &si.data {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        b.push(&mut out, ", ")?;
                    }
                    b.push(&mut out, &obj_str(item, b)?)?;
                }
            }
            b.push(&mut out, ")")?;
        }
        Data::Map(_) => {
            let (si, _) = interpolate(obj, b)?;
            b.push(&mut out, &format!("{name}("))?;
            if let Data::Map(entries) = &si.data {
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        b.push(&mut out, ", ")?;
                    }
                    b.push(&mut out, &obj_str(k, b)?)?;
                    b.push(&mut out, " => ")?;
                    b.push(&mut out, &obj_str(v, b)?)?;
                }
            }
            b.push(&mut out, ")")?;
        }
    }
    Ok(out)
}

/// Pystachio equality (`==` between objects): same type, equal after interpolation.
pub fn obj_eq(x: &Rc<PObj>, y: &Rc<PObj>, b: &Budget) -> R<bool> {
    if !type_eq(&x.ty, &y.ty) {
        return Ok(false);
    }
    let (xi, _) = interpolate(x, b)?;
    let (yi, _) = interpolate(y, b)?;
    Ok(match (&xi.data, &yi.data) {
        (Data::Simple(p), Data::Simple(q)) => py_eq(p, q, b)?,
        _ => to_json(&xi, b)? == to_json(&yi, b)?,
    })
}
