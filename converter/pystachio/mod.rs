//! The Pystachio object model, faithful to pystachio 0.8.5.
//!
//! Types ([`PType`]: String, Integer, Float, Boolean, Enum, Struct, List, Map, Choice), immutable
//! objects ([`PObj`]) that carry raw values plus binding scopes, and the algorithms that give
//! Aurora its semantics: lazy coercion, `bind`/`in_scope` scope order, `{{ref}}` resolution with
//! its 100-pass limit, `interpolate`, `check` with pystachio's messages, and `get`/JSON output.
//! Errors are Python exceptions ([`Ctrl`]) so configs can catch them as Aurora's would.
//! This module does no IO and knows nothing of the Python syntax tree.

pub mod refs;

pub use refs::Ref;

use crate::eval::ops::{py_str, repr};
use crate::eval::value::{Dict, Str, Value};
use crate::eval::{raise, R};
use crate::source::Span;
use refs::{Comp, Piece};
use std::collections::HashMap;
use std::rc::Rc;

/// A Pystachio type.
pub enum PType {
    String,
    Integer,
    Float,
    Boolean,
    Enum { name: Str, values: Vec<Str> },
    Struct(StructDef),
    List(Rc<PType>),
    Map(Rc<PType>, Rc<PType>),
    Choice { name: Str, alts: Vec<Rc<PType>> },
}

/// The schema of a Struct type.
pub struct StructDef {
    pub name: Str,
    /// Fields in the order Python 2 iterates the TYPEMAP dict (`check()` reports the first
    /// failing one in this order).
    pub fields: Vec<(Str, Rc<Sig>)>,
    pub index: HashMap<Str, usize>,
    /// Positions in `fields`, in the order Python 2 iterates an object's `_schema_data` (a
    /// dict built from `TYPEMAP.items()`, so its order can differ from TYPEMAP's): the order
    /// of `interpolate()`, `repr()` and `get()`.
    pub data_order: Vec<usize>,
}

/// A field signature: `Required(T)`, `Default(T, v)` or a bare `T`.
pub struct Sig {
    pub ty: Rc<PType>,
    pub required: bool,
    pub default: Option<Rc<PObj>>,
}

/// An immutable Pystachio object: a typed value plus the scopes it was bound into.
pub struct PObj {
    pub ty: Rc<PType>,
    pub data: Data,
    pub scopes: Rc<Vec<Scope>>,
    /// Where the object was constructed in the config, for diagnostics.
    pub origin: Option<Span>,
}

/// The payload of a [`PObj`].
#[derive(Clone)]
pub enum Data {
    /// A raw Python value, coerced lazily (String, Integer, Float, Boolean, Enum).
    Simple(Value),
    /// Field values by schema position; `None` is `Empty`.
    Struct(Rc<Vec<Option<Rc<PObj>>>>),
    List(Rc<Vec<Rc<PObj>>>),
    Map(Rc<Vec<(Rc<PObj>, Rc<PObj>)>>),
    /// The raw value of a Choice, resolved against the alternatives when used.
    Choice(Value),
}

/// One binding scope (pystachio's `Environment`s and `Namable` objects).
#[derive(Clone)]
pub enum Scope {
    /// A mount table from refs to strings or objects.
    Env(Rc<Vec<(Ref, EnvVal)>>),
    /// A namable object bound as a whole (`obj.bind(profile)`).
    Obj(Rc<PObj>),
    /// A struct's own fields (`Environment(fields)`), optionally mounted under `self`.
    Fields { obj: Rc<PObj>, under_self: bool },
    /// `Environment({'super': scope})`.
    Super(Rc<Scope>),
}

/// A value in a mount table.
#[derive(Clone)]
pub enum EnvVal {
    Str(Str),
    Obj(Rc<PObj>),
}

/// What a ref resolved to.
pub enum Found {
    Str(Str),
    Obj(Rc<PObj>),
}

const MAX_ITERATIONS: usize = 100;

impl PType {
    /// The type's `__name__`.
    pub fn name(&self) -> String {
        match self {
            PType::String => "String".into(),
            PType::Integer => "Integer".into(),
            PType::Float => "Float".into(),
            PType::Boolean => "Boolean".into(),
            PType::Enum { name, .. } => name.to_string(),
            PType::Struct(d) => d.name.to_string(),
            PType::List(t) => format!("{}List", t.name()),
            PType::Map(k, v) => format!("{}{}Map", k.name(), v.name()),
            PType::Choice { name, .. } => name.to_string(),
        }
    }

    fn is_simple(&self) -> bool {
        matches!(
            self,
            PType::String | PType::Integer | PType::Float | PType::Boolean | PType::Enum { .. }
        )
    }

    fn namable(&self) -> bool {
        matches!(self, PType::Struct(_) | PType::List(_) | PType::Map(..))
    }
}

/// Structural type equality, as pystachio's `TypeMetaclass.__instancecheck__`.
pub fn type_eq(a: &Rc<PType>, b: &Rc<PType>) -> bool {
    if Rc::ptr_eq(a, b) {
        return true;
    }
    match (&**a, &**b) {
        (PType::String, PType::String)
        | (PType::Integer, PType::Integer)
        | (PType::Float, PType::Float)
        | (PType::Boolean, PType::Boolean) => true,
        (
            PType::Enum {
                name: n1,
                values: v1,
            },
            PType::Enum {
                name: n2,
                values: v2,
            },
        ) => n1 == n2 && v1 == v2,
        (PType::Struct(x), PType::Struct(y)) => {
            x.name == y.name
                && x.fields.len() == y.fields.len()
                && x.fields.iter().all(|(n, s)| {
                    y.index.get(n).is_some_and(|&i| {
                        let t = &y.fields[i].1;
                        t.required == s.required && type_eq(&t.ty, &s.ty)
                    })
                })
        }
        (PType::List(x), PType::List(y)) => type_eq(x, y),
        (PType::Map(k1, v1), PType::Map(k2, v2)) => type_eq(k1, k2) && type_eq(v1, v2),
        (PType::Choice { name: n1, alts: a1 }, PType::Choice { name: n2, alts: a2 }) => {
            n1 == n2 && a1.len() == a2.len() && a1.iter().zip(a2).all(|(x, y)| type_eq(x, y))
        }
        _ => false,
    }
}

/// `isinstance(value, ty)` for a Python value.
pub fn is_instance(v: &Value, ty: &Rc<PType>) -> bool {
    matches!(v, Value::PObj(o) if type_eq(&o.ty, ty))
}

fn no_scopes() -> Rc<Vec<Scope>> {
    thread_local!(static EMPTY: Rc<Vec<Scope>> = Rc::new(Vec::new()));
    EMPTY.with(|e| e.clone())
}

fn new_obj(ty: &Rc<PType>, data: Data, origin: Option<Span>) -> Rc<PObj> {
    Rc::new(PObj {
        ty: ty.clone(),
        data,
        scopes: no_scopes(),
        origin,
    })
}

impl PObj {
    fn with_scopes(&self, scopes: Rc<Vec<Scope>>) -> Rc<PObj> {
        Rc::new(PObj {
            ty: self.ty.clone(),
            data: self.data.clone(),
            scopes,
            origin: self.origin,
        })
    }

    fn with_data(&self, data: Data) -> Rc<PObj> {
        Rc::new(PObj {
            ty: self.ty.clone(),
            data,
            scopes: self.scopes.clone(),
            origin: self.origin,
        })
    }

    fn struct_def(&self) -> &StructDef {
        match &*self.ty {
            PType::Struct(d) => d,
            _ => unreachable!("struct_def on a non-struct"),
        }
    }

    fn fields(&self) -> &Rc<Vec<Option<Rc<PObj>>>> {
        match &self.data {
            Data::Struct(f) => f,
            _ => unreachable!("fields on a non-struct"),
        }
    }
}

/// The same object, remembered as constructed at `span`.
pub fn with_origin(obj: &Rc<PObj>, span: Span) -> Rc<PObj> {
    Rc::new(PObj {
        ty: obj.ty.clone(),
        data: obj.data.clone(),
        scopes: obj.scopes.clone(),
        origin: Some(span),
    })
}

/// `obj.copy()`.
pub fn copy(obj: &Rc<PObj>) -> Rc<PObj> {
    obj.with_scopes(obj.scopes.clone())
}

/// `obj.bind(*scopes)`: new scopes go in front, the last given first.
pub fn bind(obj: &Rc<PObj>, new: Vec<Scope>) -> Rc<PObj> {
    if new.is_empty() {
        return copy(obj);
    }
    let mut scopes: Vec<Scope> = new.into_iter().rev().collect();
    scopes.extend(obj.scopes.iter().cloned());
    obj.with_scopes(Rc::new(scopes))
}

/// `obj.in_scope(*scopes)`: new scopes go behind.
pub fn in_scope(obj: &Rc<PObj>, new: &[Scope]) -> Rc<PObj> {
    if new.is_empty() {
        return obj.clone();
    }
    let mut scopes: Vec<Scope> = obj.scopes.iter().cloned().collect();
    scopes.extend(new.iter().cloned());
    obj.with_scopes(Rc::new(scopes))
}

/// `obj.scopes()`: for Structs, the self scopes, the bound scopes, then `super`-wrapped ones.
pub fn scopes(obj: &Rc<PObj>) -> Rc<Vec<Scope>> {
    if !matches!(&*obj.ty, PType::Struct(_)) {
        return obj.scopes.clone();
    }
    let mut out = Vec::with_capacity(2 + obj.scopes.len() * 2);
    out.push(Scope::Fields {
        obj: obj.clone(),
        under_self: true,
    });
    out.push(Scope::Fields {
        obj: obj.clone(),
        under_self: false,
    });
    out.extend(obj.scopes.iter().cloned());
    out.extend(obj.scopes.iter().map(|s| Scope::Super(Rc::new(s.clone()))));
    Rc::new(out)
}

// ----------------------------------------------------------------------------------------------
// Construction and coercion.

/// Constructs a Simple object holding a raw value (`String(x)`, `Integer(x)`, ...).
pub fn simple(ty: &Rc<PType>, raw: Value, origin: Option<Span>) -> R<Rc<PObj>> {
    if let PType::Enum { name, values } = &**ty {
        let has_refs = match &raw {
            Value::Str(s) => split_refs(s)?.iter().any(|p| matches!(p, Piece::Ref(_))),
            _ => false,
        };
        let ok = matches!(&raw, Value::Str(s) if values.iter().any(|v| v == s));
        if !has_refs && !ok {
            return Err(raise(
                "ValueError",
                format!(
                    "{name} only accepts the following values: {}",
                    values.join(", ")
                ),
            ));
        }
    }
    Ok(new_obj(ty, Data::Simple(raw), origin))
}

fn split_refs(s: &str) -> R<Vec<Piece>> {
    refs::split(s, true).map_err(|m| raise("InvalidRefError", m))
}

/// The order in which `Structural._update_schema_data(**kw)` walks its keyword arguments.
///
/// `Struct(a=1, b=2)` and `obj(a=1, b=2)` hand `kwargs` (in the order the call's kwargs dict
/// iterates) to a Python `**kw`, which `_update_schema_data(**copy.copy(kw))` copies and hands
/// to a Python `**kw` again; a positional dict goes straight to `_update_schema_data(**arg)`.
/// The first unknown attribute or failing coercion is reported in this order.
fn update_order(keys: &[Value], positional_dict: bool) -> Vec<usize> {
    use crate::eval::value::{passed_order, Pass};
    if positional_dict {
        passed_order(keys, &[Pass::Reinsert])
    } else {
        passed_order(keys, &[Pass::Reinsert, Pass::Copy, Pass::Reinsert])
    }
}

/// `kwargs` in [`update_order`].
fn kwargs_update_order(kwargs: &[(Str, Value)]) -> Vec<(Str, Value)> {
    let keys: Vec<Value> = kwargs.iter().map(|(k, _)| Value::Str(k.clone())).collect();
    update_order(&keys, false)
        .into_iter()
        .map(|i| kwargs[i].clone())
        .collect()
}

/// A Struct with all defaults, then updated from `dicts` and `kwargs` in order.
pub fn new_struct(
    ty: &Rc<PType>,
    dicts: &[Value],
    kwargs: &[(Str, Value)],
    origin: Option<Span>,
) -> R<Rc<PObj>> {
    let PType::Struct(def) = &**ty else {
        unreachable!("new_struct on a non-struct")
    };
    let mut fields: Vec<Option<Rc<PObj>>> =
        def.fields.iter().map(|(_, s)| s.default.clone()).collect();
    for d in dicts {
        let Value::Dict(d) = d else {
            return Err(raise(
                "ValueError",
                format!("Expected dictionary argument, got {}", repr(d)?),
            ));
        };
        let items: Vec<(Value, Value)> = d
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if items.iter().any(|(k, _)| !matches!(k, Value::Str(_))) {
            return Err(raise("TypeError", "keywords must be strings"));
        }
        let keys: Vec<Value> = items.iter().map(|(k, _)| k.clone()).collect();
        for i in update_order(&keys, true) {
            let (Value::Str(k), v) = &items[i] else {
                unreachable!("checked above")
            };
            update_field(def, &mut fields, k, v.clone(), origin)?;
        }
    }
    for (k, v) in kwargs_update_order(kwargs) {
        update_field(def, &mut fields, &k, v, origin)?;
    }
    Ok(new_obj(ty, Data::Struct(Rc::new(fields)), origin))
}

fn update_field(
    def: &StructDef,
    fields: &mut [Option<Rc<PObj>>],
    name: &str,
    value: Value,
    origin: Option<Span>,
) -> R<()> {
    let Some(&i) = def.index.get(name) else {
        let err = raise("AttributeError", format!("Unknown schema attribute {name}"));
        let names: Vec<&str> = def.fields.iter().map(|(n, _)| &**n).collect();
        return Err(match closest(name, &names) {
            Some(best) => err.with_hint(format!("{} has a field `{best}`", def.name)),
            None => err.with_hint(format!(
                "the fields of {} are: {}",
                def.name,
                names.join(", ")
            )),
        });
    };
    fields[i] = match value {
        Value::Empty => None,
        v => Some(coerce_into(&def.fields[i].1.ty, v, origin)?),
    };
    Ok(())
}

/// `obj(**kw)`: a copy with fields overridden.
pub fn call_struct(obj: &Rc<PObj>, kwargs: &[(Str, Value)], origin: Option<Span>) -> R<Rc<PObj>> {
    let def = obj.struct_def();
    let mut fields: Vec<Option<Rc<PObj>>> = (**obj.fields()).clone();
    for (k, v) in kwargs_update_order(kwargs) {
        update_field(def, &mut fields, &k, v, origin)?;
    }
    Ok(Rc::new(PObj {
        ty: obj.ty.clone(),
        data: Data::Struct(Rc::new(fields)),
        scopes: obj.scopes.clone(),
        origin: origin.or(obj.origin),
    }))
}

/// `value if isinstance(value, ty) else ty(value)`.
pub fn coerce_into(ty: &Rc<PType>, value: Value, origin: Option<Span>) -> R<Rc<PObj>> {
    if let Value::PObj(o) = &value {
        if type_eq(&o.ty, ty) {
            return Ok(o.clone());
        }
    }
    construct(ty, value, origin)
}

/// `ty(value)` with one positional argument.
pub fn construct(ty: &Rc<PType>, value: Value, origin: Option<Span>) -> R<Rc<PObj>> {
    match &**ty {
        t if t.is_simple() => simple(ty, value, origin),
        PType::Struct(_) => new_struct(ty, &[value], &[], origin),
        PType::List(elem) => {
            let items: Vec<Value> = match &value {
                Value::List(l) => l.borrow().clone(),
                Value::Tuple(t) => (**t).clone(),
                _ => {
                    return Err(raise(
                        "ValueError",
                        format!("ListContainer expects an iterable, got {}", repr(&value)?),
                    ))
                }
            };
            let items = items
                .into_iter()
                .map(|v| coerce_into(elem, v, origin))
                .collect::<R<Vec<_>>>()?;
            Ok(new_obj(ty, Data::List(Rc::new(items)), origin))
        }
        PType::Map(k, v) => {
            let Value::Dict(d) = &value else {
                return Err(raise(
                    "ValueError",
                    format!("Unexpected input to MapContainer: ({},)", repr(&value)?),
                ));
            };
            // `MapContainer._coerce_map(copy.copy(d))` walks a copy of the dict.
            let pairs: Vec<(Value, Value)> = d
                .borrow()
                .copy()
                .iter()
                .map(|(a, b)| (a.clone(), b.clone()))
                .collect();
            let entries = pairs
                .into_iter()
                .map(|(a, b)| Ok((coerce_into(k, a, origin)?, coerce_into(v, b, origin)?)))
                .collect::<R<Vec<_>>>()?;
            Ok(new_obj(ty, Data::Map(Rc::new(entries)), origin))
        }
        PType::Choice { .. } => Ok(new_obj(ty, Data::Choice(value), origin)),
        _ => unreachable!(),
    }
}

/// A `Map` from `(key, value)` tuples (`Map(K, V)((k, v), ...)`).
pub fn map_from_pairs(
    ty: &Rc<PType>,
    pairs: Vec<(Value, Value)>,
    origin: Option<Span>,
) -> R<Rc<PObj>> {
    let PType::Map(k, v) = &**ty else {
        unreachable!()
    };
    let entries = pairs
        .into_iter()
        .map(|(a, b)| Ok((coerce_into(k, a, origin)?, coerce_into(v, b, origin)?)))
        .collect::<R<Vec<_>>>()?;
    Ok(new_obj(ty, Data::Map(Rc::new(entries)), origin))
}

fn is_decimal(s: &str) -> bool {
    let t = s.trim();
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// Coerces a raw simple value to its type, or raises `CoercionError`.
fn coerce(ty: &PType, raw: &Value) -> R<Value> {
    let fail = |extra: Option<String>| -> R<Value> {
        let src = py_str(raw)?;
        let base = format!("Cannot coerce '{src}' to {}", ty.name());
        Err(raise(
            "CoercionError",
            match extra {
                Some(m) => format!("{base}: {m}"),
                None => base,
            },
        ))
    };
    let numeric = matches!(raw, Value::Int(_) | Value::Float(_) | Value::Bool(_));
    let stringy = matches!(raw, Value::Str(_));
    match ty {
        PType::String => {
            if stringy || numeric {
                Ok(Value::str(py_str(raw)?))
            } else {
                fail(None)
            }
        }
        PType::Integer => match raw {
            Value::Int(i) => Ok(Value::Int(*i)),
            Value::Bool(b) => Ok(Value::Int(*b as i64)),
            Value::Float(f) => {
                if f.is_nan() {
                    fail(None)
                } else if f.is_infinite() || f.abs() >= 9.2e18 {
                    Err(raise(
                        "OverflowError",
                        "cannot convert float infinity to integer",
                    ))
                } else {
                    Ok(Value::Int(f.trunc() as i64))
                }
            }
            Value::Str(s) => match crate::eval::ops::parse_int(s, 10) {
                Some(i) => Ok(Value::Int(i)),
                None if is_decimal(s) => Err(crate::eval::fatal(
                    crate::diagnostic::Code::Limit,
                    format!(
                        "the integer {} does not fit in 64 bits (the evaluator's integer limit)",
                        s.trim()
                    ),
                )),
                None => fail(None),
            },
            _ => fail(None),
        },
        PType::Float => match raw {
            Value::Int(i) => Ok(Value::Float(*i as f64)),
            Value::Bool(b) => Ok(Value::Float(*b as i64 as f64)),
            Value::Float(f) => Ok(Value::Float(*f)),
            Value::Str(s) => match crate::eval::ops::parse_float(s) {
                Some(f) => Ok(Value::Float(f)),
                None => fail(None),
            },
            _ => fail(None),
        },
        PType::Boolean => match raw {
            Value::Bool(b) => Ok(Value::Bool(*b)),
            Value::Int(i) => Ok(Value::Bool(*i != 0)),
            Value::Float(f) => Ok(Value::Bool(*f != 0.0)),
            Value::Str(s) => match s.to_lowercase().as_str() {
                "true" | "1" => Ok(Value::Bool(true)),
                "false" | "0" => Ok(Value::Bool(false)),
                _ => fail(None),
            },
            _ => fail(None),
        },
        PType::Enum { values, .. } => match raw {
            Value::Str(s) if values.iter().any(|v| v == s) => Ok(raw.clone()),
            _ => fail(Some(format!(
                "{} is not one of {}",
                py_str(raw)?,
                values.join(", ")
            ))),
        },
        _ => unreachable!("coerce on a composite type"),
    }
}

// ----------------------------------------------------------------------------------------------
// Ref resolution.

fn find_in_fields(obj: &Rc<PObj>, r: &Ref) -> R<Option<Found>> {
    let Some(Comp::Deref(name)) = r.comps.first() else {
        return Ok(None);
    };
    let def = obj.struct_def();
    let Some(&i) = def.index.get(name) else {
        return Ok(None);
    };
    let Some(field) = &obj.fields()[i] else {
        return Ok(None);
    };
    if r.comps.len() == 1 {
        return Ok(Some(Found::Obj(field.clone())));
    }
    if !field.ty.namable() {
        return Ok(None);
    }
    find(field, &r.rest())
}

impl Scope {
    /// Looks a ref up in this scope (`Namable.find`, with naming errors as `None`).
    pub fn find(&self, r: &Ref) -> R<Option<Found>> {
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
                targets.sort_by(|a, b| b.0.compare(&a.0));
                for (k, v) in targets {
                    if let EnvVal::Obj(o) = v {
                        if o.ty.namable() {
                            if let Some(f) = find(o, &r.below(k).expect("filtered"))? {
                                return Ok(Some(f));
                            }
                        }
                    }
                }
                Ok(None)
            }
            Scope::Obj(o) => find(o, r),
            Scope::Fields { obj, under_self } => {
                if *under_self {
                    match r.comps.first() {
                        Some(Comp::Deref(s)) if &**s == "self" && r.comps.len() > 1 => {
                            find_in_fields(obj, &r.rest())
                        }
                        _ => Ok(None),
                    }
                } else {
                    find_in_fields(obj, r)
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
                    inner.find(&r.rest())
                }
                _ => Ok(None),
            },
        }
    }
}

/// `Namable.find` on a Struct, List or Map object.
pub fn find(obj: &Rc<PObj>, r: &Ref) -> R<Option<Found>> {
    let Some(first) = r.comps.first() else {
        return Ok(None);
    };
    let child: Rc<PObj> = match (&obj.data, first) {
        (Data::Struct(fields), Comp::Deref(name)) => {
            let Some(&i) = obj.struct_def().index.get(name) else {
                return Ok(None);
            };
            match &fields[i] {
                Some(f) => f.clone(),
                None => return Ok(None),
            }
        }
        (Data::List(items), Comp::Index(ix)) => {
            let Some(i) = crate::eval::ops::parse_int(ix, 10) else {
                return Ok(None);
            };
            let n = items.len() as i64;
            if n <= i {
                return Ok(None);
            }
            if i < -n {
                return Err(raise("IndexError", "tuple index out of range"));
            }
            items[if i < 0 { (n + i) as usize } else { i as usize }].clone()
        }
        (Data::Map(entries), Comp::Index(ix)) => {
            let PType::Map(kt, _) = &*obj.ty else {
                unreachable!()
            };
            let key = construct(kt, Value::str(ix.clone()), None)?;
            let mut hit = None;
            for (k, v) in entries.iter() {
                if obj_eq(&key, k)? {
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
    let scoped = in_scope(&child, &scopes(obj));
    if r.comps.len() == 1 {
        return Ok(Some(Found::Obj(scoped)));
    }
    if !child.ty.namable() {
        return Ok(None);
    }
    find(&scoped, &r.rest())
}

/// `MustacheParser.resolve`: returns the interpolated string and the refs left unbound.
pub fn resolve(s: &str, scopes: &[Scope]) -> R<(String, Vec<Ref>)> {
    if !s.contains("{{") {
        return Ok((s.to_string(), Vec::new()));
    }
    let mut stream = s.to_string();
    let mut done = false;
    for _ in 0..MAX_ITERATIONS {
        let pieces = split_refs(&stream)?;
        let (joined, progressed) = join(&pieces, scopes)?;
        stream = joined;
        if !progressed {
            done = true;
            break;
        }
    }
    if !done {
        return Err(raise(
            "Uninterpolatable",
            format!("Unable to interpolate {stream}!  Maximum replacements reached."),
        ));
    }
    let pieces = refs::split(&stream, false).map_err(|m| raise("InvalidRefError", m))?;
    let mut out = String::new();
    let mut unbound = Vec::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&t),
            Piece::Ref(r) => {
                out.push_str(&r.to_string());
                unbound.push(r);
            }
        }
    }
    Ok((out, unbound))
}

/// One join pass; reports whether any ref was resolved.
fn join(pieces: &[Piece], scopes: &[Scope]) -> R<(String, bool)> {
    let mut out = String::new();
    let mut progressed = false;
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Ref(r) => {
                let mut found = None;
                for s in scopes {
                    if let Some(f) = s.find(r)? {
                        found = Some(f);
                        break;
                    }
                }
                match found {
                    Some(Found::Str(s)) => {
                        progressed = true;
                        out.push_str(&s)
                    }
                    Some(Found::Obj(o)) => {
                        progressed = true;
                        out.push_str(&obj_str(&o)?)
                    }
                    None => out.push_str(&r.to_string()),
                }
            }
        }
    }
    Ok((out, progressed))
}

// ----------------------------------------------------------------------------------------------
// Interpolation.

/// `obj.interpolate()`: the object with everything resolvable resolved, plus unbound refs.
pub fn interpolate(obj: &Rc<PObj>) -> R<(Rc<PObj>, Vec<Ref>)> {
    match &obj.data {
        Data::Simple(raw) => interpolate_simple(obj, raw).map_err(|e| match obj.origin {
            Some(span) => e.at(span),
            None => e,
        }),
        Data::Struct(fields) => {
            let sc = scopes(obj);
            let mut out = vec![None; fields.len()];
            let mut unbound = Vec::new();
            // `_schema_data.items()` order decides which field's error surfaces first.
            for &i in &obj.struct_def().data_order {
                if let Some(f) = &fields[i] {
                    let (v, u) = interpolate(&in_scope(f, &sc))?;
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
            let sc = scopes(obj);
            let mut unbound = Vec::new();
            let mut out = Vec::with_capacity(items.len());
            for e in items.iter() {
                let (v, u) = interpolate(&in_scope(e, &sc))?;
                add_unbound(&mut unbound, u);
                out.push(v);
            }
            Ok((
                new_obj(&obj.ty, Data::List(Rc::new(out)), obj.origin),
                unbound,
            ))
        }
        Data::Map(entries) => {
            let sc = scopes(obj);
            let mut unbound = Vec::new();
            let mut out = Vec::with_capacity(entries.len());
            for (k, v) in entries.iter() {
                let (ki, ku) = interpolate(&in_scope(k, &sc))?;
                let (vi, vu) = interpolate(&in_scope(v, &sc))?;
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
            let alt = unwrap_choice(obj)?;
            let (inner, unbound) = interpolate(&in_scope(&alt, &scopes(obj)))?;
            Ok((inner, unbound))
        }
    }
}

fn interpolate_simple(obj: &Rc<PObj>, raw: &Value) -> R<(Rc<PObj>, Vec<Ref>)> {
    match raw {
        Value::Str(s) => {
            let (joined, unbound) = resolve(s, &obj.scopes)?;
            if !unbound.is_empty() {
                Ok((
                    new_obj(&obj.ty, Data::Simple(Value::str(joined)), obj.origin),
                    unbound,
                ))
            } else {
                let v = coerce(&obj.ty, &Value::str(joined))?;
                Ok((obj.with_data(Data::Simple(v)), unbound))
            }
        }
        other => Ok((
            new_obj(&obj.ty, Data::Simple(coerce(&obj.ty, other)?), obj.origin),
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
fn unwrap_choice(obj: &Rc<PObj>) -> R<Rc<PObj>> {
    let (PType::Choice { alts, .. }, Data::Choice(raw)) = (&*obj.ty, &obj.data) else {
        unreachable!()
    };
    let sc = scopes(obj);
    for alt in alts {
        if is_instance(raw, alt) {
            let Value::PObj(o) = raw else { unreachable!() };
            return Ok(o.clone());
        }
        let attempt = construct(alt, raw.clone(), obj.origin)
            .and_then(|o| interpolate(&in_scope(&o, &sc)).map(|_| o));
        match attempt {
            Ok(o) => return Ok(o),
            Err(e) if e.is_value_error() => continue,
            Err(e) => return Err(e),
        }
    }
    Err(raise(
        "CoercionError",
        format!("Cannot coerce '{}' to {}", py_str(raw)?, obj.ty.name()),
    ))
}

/// A Struct accessor (`job.task()`): the field interpolated in the struct's scopes, or `Empty`.
pub fn field(obj: &Rc<PObj>, name: &str) -> R<Option<Value>> {
    let def = obj.struct_def();
    let Some(&i) = def.index.get(name) else {
        return Ok(None);
    };
    Ok(Some(match &obj.fields()[i] {
        None => Value::Empty,
        Some(f) => {
            let (v, _) = interpolate(&in_scope(f, &scopes(obj)))?;
            // A Choice interpolates to its alternative; the field stores it re-wrapped.
            let v = if type_eq(&v.ty, &def.fields[i].1.ty) {
                v
            } else {
                construct(&def.fields[i].1.ty, Value::PObj(v), obj.origin)?
            };
            Value::PObj(v)
        }
    }))
}

/// `has_<name>()`: whether a field is set (not `Empty`).
pub fn has_field(obj: &Rc<PObj>, name: &str) -> Option<bool> {
    let def = obj.struct_def();
    def.index.get(name).map(|&i| obj.fields()[i].is_some())
}

/// The field names of a struct object's type.
pub fn field_names(obj: &Rc<PObj>) -> Vec<Str> {
    match &*obj.ty {
        PType::Struct(d) => d.fields.iter().map(|(n, _)| n.clone()).collect(),
        _ => Vec::new(),
    }
}

// ----------------------------------------------------------------------------------------------
// Checking.

/// The outcome of `check()`.
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
fn check_child(child: &Rc<PObj>, parent: &Rc<PObj>) -> R<TypeCheck> {
    let mut tc = check(child)?;
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
pub fn check(obj: &Rc<PObj>) -> R<TypeCheck> {
    match &obj.data {
        Data::Simple(_) => {
            let si = match interpolate(obj) {
                Ok((si, _)) => si,
                Err(e) if e.is_kind("CoercionError") || e.is_kind("Uninterpolatable") => {
                    return Ok(failure(format!("Unable to interpolate: {}", e.message())))
                }
                Err(e) => return Err(e),
            };
            let Data::Simple(v) = &si.data else {
                unreachable!()
            };
            let repr_v = || -> R<String> {
                Ok(match v {
                    Value::Str(s) => refs::py_repr_str(s),
                    other => repr(other)?,
                })
            };
            Ok(match &*obj.ty {
                PType::String => {
                    if matches!(v, Value::Str(_)) {
                        ok()
                    } else {
                        failure(format!("{} not a string", repr_v()?))
                    }
                }
                PType::Integer => {
                    if matches!(v, Value::Int(_) | Value::Bool(_)) {
                        ok()
                    } else {
                        failure(format!("{} not an integer", repr_v()?))
                    }
                }
                PType::Float => {
                    if matches!(v, Value::Int(_) | Value::Bool(_) | Value::Float(_)) {
                        ok()
                    } else {
                        failure(format!("{} not a float", repr_v()?))
                    }
                }
                PType::Boolean => {
                    if matches!(v, Value::Bool(_)) {
                        ok()
                    } else {
                        failure(format!("{} not a boolean", repr_v()?))
                    }
                }
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
                _ => unreachable!(),
            })
        }
        Data::Struct(fields) => {
            let def = obj.struct_def();
            let sc = scopes(obj);
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
                        let tc = check_child(&in_scope(f, &sc), obj)?;
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
            let sc = scopes(obj);
            for e in items.iter() {
                let tc = check_child(&in_scope(e, &sc), obj)?;
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
            let sc = scopes(obj);
            for (k, v) in entries.iter() {
                let kc = check_child(&in_scope(k, &sc), obj)?;
                let vc = check_child(&in_scope(v, &sc), obj)?;
                if !kc.ok {
                    return Ok(located(
                        kc.origin,
                        format!(
                            "{} key {} failed check: {}",
                            obj.ty.name(),
                            obj_str(k)?,
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
                            obj_str(k)?,
                            obj_str(v)?,
                            vc.message
                        ),
                    ));
                }
            }
            Ok(ok())
        }
        Data::Choice(raw) => {
            let PType::Choice { alts, .. } = &*obj.ty else {
                unreachable!()
            };
            let sc = scopes(obj);
            for alt in alts {
                if is_instance(raw, alt) {
                    let Value::PObj(o) = raw else { unreachable!() };
                    let tc = check(&in_scope(o, &sc))?;
                    if tc.ok {
                        return Ok(tc);
                    }
                    // pystachio returns None here and its caller fails on `None.ok()`.
                    return Err(raise(
                        "AttributeError",
                        "'NoneType' object has no attribute 'ok'",
                    ));
                }
                match construct(alt, raw.clone(), obj.origin)
                    .and_then(|o| check(&in_scope(&o, &sc)))
                {
                    Ok(tc) if tc.ok => return Ok(tc),
                    Ok(_) => continue,
                    Err(e) if e.is_value_error() => continue,
                    Err(e) => return Err(e),
                }
            }
            Ok(failure(format!(
                "{} typecheck failed: value {} did not match any of its alternatives",
                obj.ty.name(),
                py_str(raw)?
            )))
        }
    }
}

// ----------------------------------------------------------------------------------------------
// Output.

/// `obj.get()` of an already interpolated object, as JSON.
pub fn to_json(obj: &Rc<PObj>) -> R<serde_json::Value> {
    use serde_json::Value as J;
    Ok(match &obj.data {
        Data::Simple(v) => match v {
            Value::Str(s) => J::String(s.to_string()),
            Value::Int(i) => J::from(*i),
            Value::Bool(b) => J::Bool(*b),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map_or_else(|| J::String(crate::eval::format::float_repr(*f)), J::Number),
            other => J::String(py_str(other)?),
        },
        Data::Struct(fields) => {
            let def = obj.struct_def();
            let mut m = serde_json::Map::new();
            let mut names: Vec<(usize, &Str)> = def
                .fields
                .iter()
                .enumerate()
                .map(|(i, (n, _))| (i, n))
                .collect();
            names.sort_by(|a, b| a.1.cmp(b.1));
            for (i, name) in names {
                if let Some(f) = &fields[i] {
                    m.insert(name.to_string(), to_json(f)?);
                }
            }
            J::Object(m)
        }
        Data::List(items) => J::Array(items.iter().map(to_json).collect::<R<_>>()?),
        Data::Map(entries) => {
            let mut m = serde_json::Map::new();
            let mut pairs = Vec::new();
            for (k, v) in entries.iter() {
                let key = match to_json(k)? {
                    J::String(s) => s,
                    J::Bool(b) => b.to_string(),
                    other => other.to_string(),
                };
                pairs.push((key, to_json(v)?));
            }
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            for (k, v) in pairs {
                m.insert(k, v);
            }
            J::Object(m)
        }
        Data::Choice(_) => to_json(&unwrap_choice(obj)?)?,
    })
}

/// `obj.get()` as a Python value (frozendicts become dicts, tuples stay tuples).
pub fn get(obj: &Rc<PObj>) -> R<Value> {
    Ok(match &obj.data {
        Data::Simple(v) => v.clone(),
        Data::Struct(fields) => {
            let def = obj.struct_def();
            let mut d = Dict::new();
            for &i in &def.data_order {
                let name = &def.fields[i].0;
                if let Some(f) = &fields[i] {
                    let k = Value::Str(name.clone());
                    d.insert(crate::eval::value::hash_key(&k).expect("str"), k, get(f)?);
                }
            }
            Value::dict(d)
        }
        Data::List(items) => Value::tuple(items.iter().map(get).collect::<R<_>>()?),
        Data::Map(entries) => {
            let mut d = Dict::new();
            for (k, v) in entries.iter() {
                let kv = get(k)?;
                let hk = crate::eval::value::hash_key(&kv)
                    .ok_or_else(|| raise("TypeError", "unhashable map key"))?;
                d.insert(hk, kv, get(v)?);
            }
            Value::dict(d)
        }
        Data::Choice(_) => get(&unwrap_choice(obj)?)?,
    })
}

/// `unicode(obj)`: simple values interpolate to their text; composites use their repr.
pub fn obj_str(obj: &Rc<PObj>) -> R<String> {
    match &obj.data {
        Data::Simple(_) => {
            let (si, _) = interpolate(obj)?;
            let Data::Simple(v) = &si.data else {
                unreachable!()
            };
            py_str(v)
        }
        Data::Choice(_) => obj_str(&unwrap_choice(obj)?),
        _ => obj_repr(obj),
    }
}

/// `repr(obj)` as pystachio prints it (`Process(name=x, ...)`, `IntegerList(1, 2)`).
pub fn obj_repr(obj: &Rc<PObj>) -> R<String> {
    let name = obj.ty.name();
    match &obj.data {
        Data::Simple(_) => Ok(format!("{name}({})", obj_str(obj)?)),
        Data::Choice(raw) => Ok(format!("{name}({})", repr(raw)?)),
        Data::Struct(_) => {
            let (si, _) = interpolate(obj)?;
            let def = si.struct_def();
            let sep = format!(",\n{}", " ".repeat(name.len() + 1));
            let mut parts = Vec::new();
            for &i in &def.data_order {
                if let Some(f) = &si.fields()[i] {
                    parts.push(format!("{}={}", def.fields[i].0, obj_str(f)?));
                }
            }
            Ok(format!("{name}({})", parts.join(&sep)))
        }
        Data::List(_) => {
            let (si, _) = interpolate(obj)?;
            let Data::List(items) = &si.data else {
                unreachable!()
            };
            let parts = items.iter().map(obj_str).collect::<R<Vec<_>>>()?;
            Ok(format!("{name}({})", parts.join(", ")))
        }
        Data::Map(_) => {
            let (si, _) = interpolate(obj)?;
            let Data::Map(entries) = &si.data else {
                unreachable!()
            };
            let parts = entries
                .iter()
                .map(|(k, v)| Ok(format!("{} => {}", obj_str(k)?, obj_str(v)?)))
                .collect::<R<Vec<_>>>()?;
            Ok(format!("{name}({})", parts.join(", ")))
        }
    }
}

/// Pystachio equality (`==` between objects): same type, equal after interpolation.
pub fn obj_eq(a: &Rc<PObj>, b: &Rc<PObj>) -> R<bool> {
    if !type_eq(&a.ty, &b.ty) {
        return Ok(false);
    }
    let (ai, _) = interpolate(a)?;
    let (bi, _) = interpolate(b)?;
    Ok(match (&ai.data, &bi.data) {
        (Data::Simple(x), Data::Simple(y)) => crate::eval::ops::py_eq(x, y)?,
        _ => to_json(&ai)? == to_json(&bi)?,
    })
}

/// A canonical text for pystachio equality (`==` compares interpolated values): objects with
/// equal texts are equal. Dict and set keys also compare [`py2_hash`], as CPython does.
pub fn hash_repr(obj: &Rc<PObj>) -> String {
    interpolate(obj)
        .and_then(|(o, _)| to_json(&o))
        .map(|j| format!("{}:{}", obj.ty.name(), j))
        .unwrap_or_else(|_| format!("{:p}", Rc::as_ptr(obj)))
}

// ----------------------------------------------------------------------------------------------
// CPython 2.7 hashes.

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
pub fn py2_hash(obj: &Rc<PObj>) -> Option<i64> {
    use crate::eval::py2order::{hash_str, hash_tuple};
    match &obj.data {
        Data::Simple(raw) => raw_py2_hash(raw),
        Data::Struct(fields) => {
            let def = obj.struct_def();
            let mut items = Vec::with_capacity(fields.len());
            for (i, (name, _)) in def.fields.iter().enumerate() {
                if let Some(f) = &fields[i] {
                    items.push((name, py2_hash(f)?));
                }
            }
            items.sort_by(|a, b| a.0.cmp(b.0));
            let pairs: Vec<i64> = items
                .into_iter()
                .map(|(name, h)| hash_tuple(&[hash_str(name), h]))
                .collect();
            Some(hash_tuple(&pairs))
        }
        Data::List(items) => Some(hash_tuple(
            &items.iter().map(py2_hash).collect::<Option<Vec<_>>>()?,
        )),
        Data::Map(entries) => map_py2_hash(entries),
        Data::Choice(_) => py2_hash(&interpolate(obj).ok()?.0),
    }
}

/// `hash(value)` of a raw value held by a simple object (`String`s' text hashed as `unicode`).
fn raw_py2_hash(raw: &Value) -> Option<i64> {
    match raw {
        Value::Str(s) => Some(crate::eval::py2order::hash_unicode(s)),
        other => crate::eval::value::py2_hash(other),
    }
}

/// `hash(frozendict((k.get(), v.get()) for (k, v) in self._map))`: equal keys collapse (the
/// last value wins), then the items are hashed in `sorted()` key order. Keys must be simple
/// objects holding numbers or strings, which Python 2 sorts numbers first.
fn map_py2_hash(entries: &[(Rc<PObj>, Rc<PObj>)]) -> Option<i64> {
    use crate::eval::py2order::hash_tuple;
    use crate::eval::value::{hash_key, HashKey};
    use std::cmp::Ordering;

    enum SortKey {
        Num(f64),
        Text(Str),
    }
    let mut items: Vec<(HashKey, SortKey, i64, i64)> = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        let Data::Simple(raw) = &k.data else {
            return None;
        };
        let sort = match raw {
            Value::Str(s) => SortKey::Text(s.clone()),
            Value::Int(i) => SortKey::Num(*i as f64),
            Value::Bool(b) => SortKey::Num(f64::from(u8::from(*b))),
            Value::Float(f) if !f.is_nan() => SortKey::Num(*f),
            _ => return None,
        };
        let (hk, kh, vh) = (hash_key(raw)?, raw_py2_hash(raw)?, py2_hash(v)?);
        match items.iter_mut().find(|item| item.0 == hk && item.2 == kh) {
            Some(item) => item.3 = vh,
            None => items.push((hk, sort, kh, vh)),
        }
    }
    items.sort_by(|a, b| match (&a.1, &b.1) {
        (SortKey::Num(x), SortKey::Num(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (SortKey::Num(_), SortKey::Text(_)) => Ordering::Less,
        (SortKey::Text(_), SortKey::Num(_)) => Ordering::Greater,
        (SortKey::Text(x), SortKey::Text(y)) => x.cmp(y),
    });
    let pairs: Vec<i64> = items
        .into_iter()
        .map(|(_, _, kh, vh)| hash_tuple(&[kh, vh]))
        .collect();
    Some(hash_tuple(&pairs))
}

/// The interpolated elements of a List (for iteration), or keys of a Map.
pub fn iter_items(obj: &Rc<PObj>) -> R<Vec<Value>> {
    let (si, _) = interpolate(obj)?;
    Ok(match &si.data {
        Data::List(items) => items.iter().map(|o| Value::PObj(o.clone())).collect(),
        Data::Map(entries) => entries
            .iter()
            .map(|(k, _)| Value::PObj(k.clone()))
            .collect(),
        _ => {
            return Err(raise(
                "TypeError",
                format!("'{}' object is not iterable", obj.ty.name()),
            ))
        }
    })
}

/// `obj[key]` for Lists (index) and Maps (key).
pub fn get_item(obj: &Rc<PObj>, key: &Value) -> R<Value> {
    let (si, _) = interpolate(obj)?;
    match (&si.data, &*obj.ty) {
        (Data::List(items), _) => {
            let Value::Int(i) = key else {
                return Err(raise(
                    "TypeError",
                    "tuple indices must be integers, not str",
                ));
            };
            let n = items.len() as i64;
            let idx = if *i < 0 { i + n } else { *i };
            if idx < 0 || idx >= n {
                return Err(raise("IndexError", "tuple index out of range"));
            }
            Ok(Value::PObj(items[idx as usize].clone()))
        }
        (Data::Map(entries), PType::Map(kt, _)) => {
            let k = coerce_into(kt, key.clone(), None)?;
            for (ek, ev) in entries.iter() {
                if obj_eq(&k, ek)? {
                    return Ok(Value::PObj(ev.clone()));
                }
            }
            Err(raise("KeyError", format!("{} not found", obj_str(&k)?)))
        }
        _ => Err(raise(
            "TypeError",
            format!("'{}' object has no attribute '__getitem__'", obj.ty.name()),
        )),
    }
}

/// Builds scopes from `bind`/`in_scope` arguments (`translate_to_scopes`).
pub fn scopes_from_args(args: &[Value], kwargs: &[(Str, Value)]) -> R<Vec<Scope>> {
    let mut out = Vec::new();
    for a in args {
        match a {
            Value::PObj(o) if o.ty.namable() => out.push(Scope::Obj(o.clone())),
            Value::Dict(d) => {
                let mut table = Vec::new();
                let items: Vec<(Value, Value)> = d.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                assimilate(&mut table, &Ref { comps: vec![] }, items)?;
                out.push(Scope::Env(Rc::new(table)));
            }
            other => {
                return Err(raise(
                    "ValueError",
                    format!(
                        "Environment values must be strings, numbers, Objects or other Environments. Got <type '{}'> instead.",
                        other.type_name()
                    ),
                ))
            }
        }
    }
    if !kwargs.is_empty() {
        let mut table = Vec::new();
        let items = kwargs
            .iter()
            .map(|(k, v)| (Value::Str(k.clone()), v.clone()))
            .collect();
        assimilate(&mut table, &Ref { comps: vec![] }, items)?;
        out.push(Scope::Env(Rc::new(table)));
    }
    Ok(out)
}

fn assimilate(table: &mut Vec<(Ref, EnvVal)>, prefix: &Ref, items: Vec<(Value, Value)>) -> R<()> {
    for (k, v) in items {
        let key = match &k {
            Value::Ref(r) => (**r).clone(),
            Value::Str(s) => Ref::parse(s).map_err(|m| raise("InvalidRefError", m))?,
            other => {
                return Err(raise(
                    "InvalidRefError",
                    format!("Invalid address: {}", repr(other)?),
                ))
            }
        };
        let key = prefix.join(&key);
        let val = match v {
            Value::Dict(d) => {
                let inner: Vec<(Value, Value)> = d.borrow().iter().map(|(a, b)| (a.clone(), b.clone())).collect();
                assimilate(table, &key, inner)?;
                continue;
            }
            Value::PObj(o) => EnvVal::Obj(o),
            Value::Str(s) => EnvVal::Str(s),
            v @ (Value::Int(_) | Value::Float(_) | Value::Bool(_)) => EnvVal::Str(py_str(&v)?.into()),
            other => {
                return Err(raise(
                    "ValueError",
                    format!(
                        "Environment values must be strings, numbers, Objects or other Environments. Got <type '{}'> instead.",
                        other.type_name()
                    ),
                ))
            }
        };
        match table.iter_mut().find(|(r, _)| *r == key) {
            Some(slot) => slot.1 = val,
            None => table.push((key, val)),
        }
    }
    Ok(())
}

/// The name closest to `name` by edit distance, if it is close enough to be a typo.
fn closest<'a>(name: &str, names: &[&'a str]) -> Option<&'a str> {
    let dist = |a: &str, b: &str| {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut cur = vec![i + 1];
            for (j, cb) in b.iter().enumerate() {
                let sub = prev[j] + usize::from(ca != *cb);
                cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
            }
            prev = cur;
        }
        prev[b.len()]
    };
    names
        .iter()
        .map(|n| (dist(name, n), *n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 3))
        .min()
        .map(|(_, n)| n)
}

/// Records, for every JSON path of an interpolated object, where its value was constructed.
/// Paths follow `verify`'s scheme: `task.processes[name].cmdline`, `constraints[0]`.
pub fn origins(obj: &Rc<PObj>, path: &str, set_keyed: bool, out: &mut Vec<(String, Span)>) {
    // Values built inside the schema prelude (defaults, helpers) point at no user line: the
    // nearest user-built parent stands for them.
    if let Some(span) = obj.origin.filter(|s| s.file != crate::source::FileId(0)) {
        out.push((path.to_string(), span));
    }
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match &obj.data {
        Data::Struct(fields) => {
            let def = obj.struct_def();
            for (i, (name, _)) in def.fields.iter().enumerate() {
                if let Some(f) = &fields[i] {
                    origins(
                        f,
                        &join(name),
                        matches!(&**name, "processes" | "constraints"),
                        out,
                    );
                }
            }
        }
        Data::List(items) => {
            for (i, item) in items.iter().enumerate() {
                let key = if set_keyed {
                    match to_json(item) {
                        Ok(j) => j
                            .get("name")
                            .and_then(|n| n.as_str())
                            .map(String::from)
                            .unwrap_or_else(|| j.to_string()),
                        Err(_) => i.to_string(),
                    }
                } else {
                    i.to_string()
                };
                origins(item, &format!("{path}[{key}]"), false, out);
            }
        }
        Data::Map(entries) => {
            for (k, v) in entries.iter() {
                if let Ok(serde_json::Value::String(key)) = to_json(k) {
                    origins(v, &join(&key), false, out);
                }
            }
        }
        Data::Simple(_) | Data::Choice(_) => {}
    }
}
