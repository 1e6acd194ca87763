//! `check()`: pystachio's type check, with its messages and the order it reports in.

use crate::errors::{COERCION_ERROR, UNINTERPOLATABLE};
use crate::interpolate::{interpolate, obj_str};
use crate::model::{construct, in_scope, scopes, Data, PObj};
use crate::model::{type_eq, PType};
use crate::refs::py_repr_str;
use python::ops::{py_str, repr};
use python::{raise, Budget, ExcKind, ExcType, Span, Value, R};
use std::rc::Rc;

/// The outcome of `check()`.
#[derive(Clone, Debug)]
pub struct TypeCheck {
    pub ok: bool,
    pub message: String,
    /// Where the innermost failing object was constructed.
    pub origin: Option<Span>,
}

fn ok() -> TypeCheck {
    TypeCheck {
        ok: true,
        message: String::new(),
        origin: None,
    }
}

fn failure(message: String) -> TypeCheck {
    TypeCheck {
        ok: false,
        message,
        origin: None,
    }
}

/// `check()` of a child object; a failure keeps the innermost origin known.
fn check_child(child: &Rc<PObj>, parent: &Rc<PObj>, b: &Budget) -> R<TypeCheck> {
    let mut tc = check(child, b)?;
    if !tc.ok {
        tc.origin = tc.origin.or(child.origin).or(parent.origin);
    }
    Ok(tc)
}

/// A failure carrying a nested failure's location.
fn located(origin: Option<Span>, message: String) -> TypeCheck {
    TypeCheck {
        origin,
        ..failure(message)
    }
}

/// A failure located at `obj`'s construction.
fn failure_at(message: String, obj: &Rc<PObj>) -> TypeCheck {
    TypeCheck {
        origin: obj.origin,
        ..failure(message)
    }
}

/// `obj.check()` with pystachio's messages.
pub fn check(obj: &Rc<PObj>, b: &Budget) -> R<TypeCheck> {
    b.step()?;
    let _depth = b.enter(|| format!("while checking a {}", obj.ty.name()))?;
    match &obj.data {
        Data::Simple(_) => check_simple(obj, b),
        Data::Struct(fields) => {
            let Some(def) = obj.struct_def() else {
                return Ok(ok());
            };
            let sc = scopes(obj, b)?;
            for (i, (name, sig)) in def.fields.iter().enumerate() {
                match &fields[i] {
                    None if sig.required => {
                        return Ok(failure_at(
                            format!("{}[{}] is required.", def.name, name),
                            obj,
                        ))
                    }
                    None => {}
                    Some(f) => {
                        let tc = check_child(&in_scope(f, &sc, b)?, obj, b)?;
                        if !tc.ok {
                            return Ok(located(
                                tc.origin,
                                format!("{}[{}] failed: {}", def.name, name, tc.message),
                            ));
                        }
                    }
                }
            }
            Ok(ok())
        }
        Data::List(items) => {
            let sc = scopes(obj, b)?;
            for e in items.iter() {
                let tc = check_child(&in_scope(e, &sc, b)?, obj, b)?;
                if !tc.ok {
                    return Ok(located(
                        tc.origin,
                        format!("Element in {} failed check: {}", obj.ty.name(), tc.message),
                    ));
                }
            }
            Ok(ok())
        }
        Data::Map(entries) => {
            let sc = scopes(obj, b)?;
            for (k, v) in entries.iter() {
                let kc = check_child(&in_scope(k, &sc, b)?, obj, b)?;
                let vc = check_child(&in_scope(v, &sc, b)?, obj, b)?;
                if !kc.ok {
                    return Ok(located(
                        kc.origin,
                        format!(
                            "{} key {} failed check: {}",
                            obj.ty.name(),
                            obj_str(k, b)?,
                            kc.message
                        ),
                    ));
                }
                if !vc.ok {
                    return Ok(located(
                        vc.origin,
                        format!(
                            "{}[{}] value {} failed check: {}",
                            obj.ty.name(),
                            obj_str(k, b)?,
                            obj_str(v, b)?,
                            vc.message
                        ),
                    ));
                }
            }
            Ok(ok())
        }
        Data::Choice(raw) => check_choice(obj, raw, b),
    }
}

fn check_simple(obj: &Rc<PObj>, b: &Budget) -> R<TypeCheck> {
    let si = match interpolate(obj, b) {
        Ok((si, _)) => si,
        Err(e)
            if e.is_type(ExcType::Native(&COERCION_ERROR))
                || e.is_type(ExcType::Native(&UNINTERPOLATABLE)) =>
        {
            let message = match &e {
                python::Error::Raise(r) => python::ops::exc_str(&r.exc, b)?,
                python::Error::Stop(s) => s.message.clone(),
            };
            return Ok(failure(format!("Unable to interpolate: {message}")));
        }
        Err(e) => return Err(e),
    };
    let Data::Simple(v) = &si.data else {
        return Ok(ok());
    };
    let repr_v = || -> R<String> {
        Ok(match v {
            Value::Str(s) => py_repr_str(s),
            other => repr(other, b)?,
        })
    };
    Ok(match &*obj.ty {
        PType::String if matches!(v, Value::Str(_)) => ok(),
        PType::String => failure(format!("{} not a string", repr_v()?)),
        PType::Integer if matches!(v, Value::Int(_) | Value::Bool(_)) => ok(),
        PType::Integer => failure(format!("{} not an integer", repr_v()?)),
        PType::Float if matches!(v, Value::Int(_) | Value::Bool(_) | Value::Float(_)) => ok(),
        PType::Float => failure(format!("{} not a float", repr_v()?)),
        PType::Boolean if matches!(v, Value::Bool(_)) => ok(),
        PType::Boolean => failure(format!("{} not a boolean", repr_v()?)),
        PType::Enum { values, .. } => {
            if matches!(v, Value::Str(s) if values.iter().any(|x| x == s)) {
                ok()
            } else {
                failure(format!(
                    "{} not in the enumeration ({})",
                    repr_v()?,
                    values.join(", ")
                ))
            }
        }
        _ => ok(),
    })
}

fn check_choice(obj: &Rc<PObj>, raw: &Value, b: &Budget) -> R<TypeCheck> {
    let PType::Choice { alts, .. } = &*obj.ty else {
        return Ok(ok());
    };
    let sc = scopes(obj, b)?;
    for alt in alts {
        if let Some(o) = raw.downcast_rc::<PObj>().filter(|o| type_eq(&o.ty, alt)) {
            let tc = check(&in_scope(&o, &sc, b)?, b)?;
            if tc.ok {
                return Ok(tc);
            }
            // pystachio returns None here and its caller fails on `None.ok()`.
            return Err(raise(
                ExcKind::AttributeError,
                "'NoneType' object has no attribute 'ok'",
            ));
        }
        match construct(alt, raw.clone(), obj.origin, b)
            .and_then(|o| check(&in_scope(&o, &sc, b)?, b))
        {
            Ok(tc) if tc.ok => return Ok(tc),
            Ok(_) => continue,
            Err(e) if e.is(ExcKind::ValueError) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(failure(format!(
        "{} typecheck failed: value {} did not match any of its alternatives",
        obj.ty.name(),
        py_str(raw, b)?
    )))
}
