//! Mustache templates: looking a ref up in scopes (`Namable.find`) and
//! `MustacheParser.resolve`'s loop of up to 100 passes.
//!
//! Every pass, lookup and byte of output is charged to the budget, so a template that grows
//! (`.bind(a='{{a}}{{a}}')`) stops at the string limit instead of exhausting memory.

use crate::errors::{invalid_ref, uninterpolatable};
use crate::object::{in_scope, scopes, split_refs, Data, EnvVal, Found, PObj, Scope};
use crate::output::obj_str;
use crate::refs::{self, Comp, Piece, Ref};
use crate::types::PType;
use python::{raise, Budget, ExcKind, Value, R};
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
            let key = crate::object::construct(kt, Value::str(ix.clone()), None, b)?;
            let mut hit = None;
            for (k, v) in entries.iter() {
                if crate::output::obj_eq(&key, k, b)? {
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
    if !s.contains("{{") {
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
