//! Pystachio's object model: its types (the simple types, `Enum`, `Struct`, `List`, `Map`,
//! `Choice`), its immutable objects (typed values plus the scopes they are bound into), how
//! objects are made (`Struct(a=1)`, `Integer('3')`, `Map(K, V)(...)`), how values are coerced to
//! types, and the `Empty` sentinel. Types and objects are one file because each holds the other
//! (a field's default is an object; an object has a type).

use crate::errors::{coercion_error, invalid_ref, UNKNOWN_ATTRIBUTE};
use crate::refs::{self, Piece, Ref};
use python::dict::{passed_order, Pass};
use python::ops::{py_str, repr};
use python::py2order;
use python::HashMap;
use python::{raise, Budget, Error, ExcKind, ExcType, HashKey, Key, Object, Span, Str, Value, R};
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

/// How deeply container types may nest (`List(List(...))`): each level of nesting is a level
/// of recursion in every algorithm.
pub const MAX_TYPE_DEPTH: usize = 100;

impl Sig {
    /// Whether the field's type and default hold nothing that can change.
    pub fn frozen(&self) -> bool {
        self.ty.frozen() && self.default.as_ref().is_none_or(|d| d.frozen())
    }
}

impl PType {
    /// Whether the type holds nothing that can change (its fields' defaults are frozen).
    pub fn frozen(&self) -> bool {
        match self {
            PType::Struct(def) => def.fields.iter().all(|(_, sig)| sig.frozen()),
            PType::List(t) => t.frozen(),
            PType::Map(k, v) => k.frozen() && v.frozen(),
            PType::Choice { alts, .. } => alts.iter().all(|t| t.frozen()),
            PType::String | PType::Integer | PType::Float | PType::Boolean | PType::Enum { .. } => {
                true
            }
        }
    }

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

    /// How deeply containers nest inside this type (0 for simple types and structs, whose
    /// fields were checked when the struct was made).
    pub fn depth(&self) -> usize {
        match self {
            PType::List(t) => 1 + t.depth(),
            PType::Map(k, v) => 1 + k.depth().max(v.depth()),
            PType::Choice { alts, .. } => 1 + alts.iter().map(|a| a.depth()).max().unwrap_or(0),
            _ => 0,
        }
    }

    pub(crate) fn is_simple(&self) -> bool {
        matches!(
            self,
            PType::String | PType::Integer | PType::Float | PType::Boolean | PType::Enum { .. }
        )
    }

    /// Whether refs can look inside values of this type (`Namable`).
    pub(crate) fn namable(&self) -> bool {
        matches!(self, PType::Struct(_) | PType::List(_) | PType::Map(..))
    }

    /// The struct schema, for a struct type.
    pub fn as_struct(&self) -> Option<&StructDef> {
        match self {
            PType::Struct(d) => Some(d),
            _ => None,
        }
    }
}

/// A container type, refused when it nests too deeply.
pub(crate) fn nested(t: PType) -> R<Rc<PType>> {
    if t.depth() > MAX_TYPE_DEPTH {
        return Err(python::value::limit(format!(
            "pystachio types nest more than {MAX_TYPE_DEPTH} deep"
        )));
    }
    Ok(Rc::new(t))
}

/// Structural type equality, as pystachio's `TypeMetaclass.__instancecheck__`.
pub fn type_eq(a: &PType, b: &PType) -> bool {
    if std::ptr::eq(a, b) {
        return true;
    }
    match (a, b) {
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

/// `class Name(Struct): ...` — builds a Struct type from the class body's signatures.
///
/// `namespace` is the class namespace in CPython's iteration order. pystachio's
/// `StructMetaclass.attributes_to_parameters` walks it keeping the type signatures, and
/// `StructFactory.create` builds `TYPEMAP = dict((attr, sig) for attr, sig in parameters)`,
/// so the fields come out in the order that dict iterates (the order `check()` reports in).
/// Every object's `_schema_data` is in turn built from `TYPEMAP.items()`; its order
/// (`interpolate()`, `repr`, `get()`) is kept as `data_order`.
pub fn make_struct_type(name: &str, namespace: &[(Str, Value)], b: &Budget) -> R<PType> {
    b.items(namespace.len())?;
    let mut params = Vec::new();
    for (k, v) in namespace {
        let sig = if let Some(s) = v.downcast_rc::<Sig>() {
            s
        } else if let Some(t) = v.downcast_rc::<PType>() {
            Rc::new(Sig {
                ty: t,
                required: false,
                default: None,
            })
        } else {
            continue;
        };
        params.push((k.clone(), sig));
    }
    let typemap = py2order::DictOrder::from_inserts(
        params
            .iter()
            .enumerate()
            .map(|(i, (n, _))| (py2order::hash_str(n), i)),
    );
    let fields: Vec<(Str, Rc<Sig>)> = typemap
        .iter_order()
        .into_iter()
        .map(|i| params[i].clone())
        .collect();
    let data_order = py2order::DictOrder::from_inserts(
        fields
            .iter()
            .enumerate()
            .map(|(i, (n, _))| (py2order::hash_str(n), i)),
    )
    .iter_order();
    let index = fields
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.clone(), i))
        .collect();
    Ok(PType::Struct(StructDef {
        name: name.into(),
        fields,
        index,
        data_order,
    }))
}

/// `class Child(SomeStruct)`: pystachio keeps the parent's schema under the child's name.
pub fn rename_struct(parent: &StructDef, name: &str) -> PType {
    PType::Struct(StructDef {
        name: name.into(),
        fields: parent.fields.clone(),
        index: parent.index.clone(),
        data_order: parent.data_order.clone(),
    })
}

/// The type a value stands for (a type or a field signature), for `List(T)`, `Default(T, v)`.
pub(crate) fn as_type(v: &Value, b: &Budget) -> R<Rc<PType>> {
    if let Some(t) = v.downcast_rc::<PType>() {
        return Ok(t);
    }
    if let Some(s) = v.downcast::<Sig>() {
        return Ok(s.ty.clone());
    }
    Err(raise(
        ExcKind::TypeError,
        format!(
            "expected a pystachio type, got {}",
            python::ops::repr(v, b)?
        ),
    ))
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

impl Scope {
    /// Whether the scope's values are frozen objects and strings.
    pub fn frozen(&self) -> bool {
        match self {
            Scope::Env(table) => table.iter().all(|(_, v)| match v {
                EnvVal::Str(_) => true,
                EnvVal::Obj(o) => o.frozen(),
            }),
            Scope::Obj(o) | Scope::Fields { obj: o, .. } => o.frozen(),
            Scope::Super(s) => s.frozen(),
        }
    }
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

fn no_scopes() -> Rc<Vec<Scope>> {
    thread_local!(static EMPTY: Rc<Vec<Scope>> = Rc::new(Vec::new()));
    EMPTY.with(|e| e.clone())
}

pub(crate) fn new_obj(ty: &Rc<PType>, data: Data, origin: Option<Span>) -> Rc<PObj> {
    Rc::new(PObj {
        ty: ty.clone(),
        data,
        scopes: no_scopes(),
        origin,
    })
}

impl PObj {
    /// Whether the object, its type and its scopes hold nothing that can change (a raw value
    /// is a number, a string or a tuple of those).
    pub fn frozen(&self) -> bool {
        let data = match &self.data {
            Data::Simple(v) | Data::Choice(v) => v.frozen(),
            Data::Struct(fields) => fields.iter().flatten().all(|f| f.frozen()),
            Data::List(items) => items.iter().all(|i| i.frozen()),
            Data::Map(pairs) => pairs.iter().all(|(k, v)| k.frozen() && v.frozen()),
        };
        data && self.ty.frozen() && self.scopes.iter().all(Scope::frozen)
    }

    pub(crate) fn with_scopes(&self, scopes: Rc<Vec<Scope>>) -> Rc<PObj> {
        Rc::new(PObj {
            ty: self.ty.clone(),
            data: self.data.clone(),
            scopes,
            origin: self.origin,
        })
    }

    pub(crate) fn with_data(&self, data: Data) -> Rc<PObj> {
        Rc::new(PObj {
            ty: self.ty.clone(),
            data,
            scopes: self.scopes.clone(),
            origin: self.origin,
        })
    }

    /// The struct schema of a struct object.
    pub fn struct_def(&self) -> Option<&StructDef> {
        self.ty.as_struct()
    }

    /// The field values of a struct object.
    pub fn fields(&self) -> Option<&Rc<Vec<Option<Rc<PObj>>>>> {
        match &self.data {
            Data::Struct(f) => Some(f),
            _ => None,
        }
    }
}

/// `obj.copy()`.
pub fn copy(obj: &Rc<PObj>) -> Rc<PObj> {
    obj.with_scopes(obj.scopes.clone())
}

/// `obj.bind(*scopes)`: new scopes go in front, the last given first.
pub fn bind(obj: &Rc<PObj>, new: Vec<Scope>, b: &Budget) -> R<Rc<PObj>> {
    if new.is_empty() {
        return Ok(copy(obj));
    }
    b.items(new.len() + obj.scopes.len())?;
    let mut scopes: Vec<Scope> = new.into_iter().rev().collect();
    scopes.extend(obj.scopes.iter().cloned());
    Ok(obj.with_scopes(Rc::new(scopes)))
}

/// `obj.in_scope(*scopes)`: new scopes go behind.
pub fn in_scope(obj: &Rc<PObj>, new: &[Scope], b: &Budget) -> R<Rc<PObj>> {
    if new.is_empty() {
        return Ok(obj.clone());
    }
    b.items(new.len() + obj.scopes.len())?;
    let mut scopes: Vec<Scope> = obj.scopes.iter().cloned().collect();
    scopes.extend(new.iter().cloned());
    Ok(obj.with_scopes(Rc::new(scopes)))
}

/// `obj.scopes()`: for Structs, the self scopes, the bound scopes, then `super`-wrapped ones.
pub fn scopes(obj: &Rc<PObj>, b: &Budget) -> R<Rc<Vec<Scope>>> {
    if !matches!(&*obj.ty, PType::Struct(_)) {
        return Ok(obj.scopes.clone());
    }
    let n = 2 + obj.scopes.len() * 2;
    b.items(n)?;
    let mut out = Vec::with_capacity(n);
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
    Ok(Rc::new(out))
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

// ----------------------------------------------------------------------------------------------
// Construction and coercion.

pub(crate) fn split_refs(s: &str) -> R<Vec<Piece>> {
    refs::split(s, true).map_err(invalid_ref)
}

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
                ExcKind::ValueError,
                format!(
                    "{name} only accepts the following values: {}",
                    values.join(", ")
                ),
            ));
        }
    }
    Ok(new_obj(ty, Data::Simple(raw), origin))
}

/// The order in which `Structural._update_schema_data(**kw)` walks its keyword arguments.
///
/// `Struct(a=1, b=2)` and `obj(a=1, b=2)` hand `kwargs` (in the order the call's kwargs dict
/// iterates) to a Python `**kw`, which `_update_schema_data(**copy.copy(kw))` copies and hands
/// to a Python `**kw` again; a positional dict goes straight to `_update_schema_data(**arg)`.
/// The first unknown attribute or failing coercion is reported in this order.
fn update_order(keys: &[Str], positional_dict: bool) -> Vec<usize> {
    let hashes: Vec<Option<i64>> = keys
        .iter()
        .map(|k| Some(python::py2order::hash_str(k)))
        .collect();
    if positional_dict {
        passed_order(&hashes, &[Pass::Reinsert])
    } else {
        passed_order(&hashes, &[Pass::Reinsert, Pass::Copy, Pass::Reinsert])
    }
}

/// `kwargs` in [`update_order`].
fn kwargs_update_order(kwargs: &[(Str, Value)]) -> Vec<(Str, Value)> {
    let keys: Vec<Str> = kwargs.iter().map(|(k, _)| k.clone()).collect();
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
    b: &Budget,
) -> R<Rc<PObj>> {
    let PType::Struct(def) = &**ty else {
        return Err(raise(ExcKind::TypeError, "not a Struct type"));
    };
    b.items(def.fields.len())?;
    let mut fields: Vec<Option<Rc<PObj>>> =
        def.fields.iter().map(|(_, s)| s.default.clone()).collect();
    for d in dicts {
        let Value::Dict(d) = d else {
            return Err(raise(
                ExcKind::ValueError,
                format!("Expected dictionary argument, got {}", repr(d, b)?),
            ));
        };
        let mut items: Vec<(Str, Value)> = Vec::new();
        for (k, v) in d.borrow().iter() {
            let Value::Str(k) = k else {
                return Err(raise(ExcKind::TypeError, "keywords must be strings"));
            };
            items.push((k.clone(), v.clone()));
        }
        let keys: Vec<Str> = items.iter().map(|(k, _)| k.clone()).collect();
        for i in update_order(&keys, true) {
            let (k, v) = &items[i];
            update_field(def, &mut fields, k, v.clone(), origin, b)?;
        }
    }
    for (k, v) in kwargs_update_order(kwargs) {
        update_field(def, &mut fields, &k, v, origin, b)?;
    }
    Ok(new_obj(ty, Data::Struct(Rc::new(fields)), origin))
}

fn update_field(
    def: &StructDef,
    fields: &mut [Option<Rc<PObj>>],
    name: &str,
    value: Value,
    origin: Option<Span>,
    b: &Budget,
) -> R<()> {
    b.step()?;
    let Some(&i) = def.index.get(name) else {
        let err = python::value::exception(
            ExcType::Builtin(ExcKind::AttributeError),
            vec![Value::str(format!("Unknown schema attribute {name}"))],
            Some(UNKNOWN_ATTRIBUTE),
        );
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
    fields[i] = if is_empty(&value) {
        None
    } else {
        Some(coerce_into(&def.fields[i].1.ty, value, origin, b)?)
    };
    Ok(())
}

/// `obj(**kw)`: a copy with fields overridden.
pub fn call_struct(
    obj: &Rc<PObj>,
    kwargs: &[(Str, Value)],
    origin: Option<Span>,
    b: &Budget,
) -> R<Rc<PObj>> {
    let (Some(def), Some(old)) = (obj.struct_def(), obj.fields()) else {
        return Err(raise(ExcKind::TypeError, "not a Struct object"));
    };
    let mut fields: Vec<Option<Rc<PObj>>> = (**old).clone();
    for (k, v) in kwargs_update_order(kwargs) {
        update_field(def, &mut fields, &k, v, origin, b)?;
    }
    Ok(Rc::new(PObj {
        ty: obj.ty.clone(),
        data: Data::Struct(Rc::new(fields)),
        scopes: obj.scopes.clone(),
        origin: origin.or(obj.origin),
    }))
}

/// `value if isinstance(value, ty) else ty(value)`.
pub fn coerce_into(ty: &Rc<PType>, value: Value, origin: Option<Span>, b: &Budget) -> R<Rc<PObj>> {
    if let Some(o) = value.downcast_rc::<PObj>() {
        if type_eq(&o.ty, ty) {
            return Ok(o);
        }
    }
    construct(ty, value, origin, b)
}

/// `ty(value)` with one positional argument.
pub fn construct(ty: &Rc<PType>, value: Value, origin: Option<Span>, b: &Budget) -> R<Rc<PObj>> {
    b.step()?;
    let _depth = b.enter(|| format!("while constructing a {}", ty.name()))?;
    match &**ty {
        t if t.is_simple() => simple(ty, value, origin),
        PType::Struct(_) => new_struct(ty, &[value], &[], origin, b),
        PType::List(elem) => {
            let items: Vec<Value> = match &value {
                Value::List(l) => l.borrow().clone(),
                Value::Tuple(t) => (**t).clone(),
                _ => {
                    return Err(raise(
                        ExcKind::ValueError,
                        format!(
                            "ListContainer expects an iterable, got {}",
                            repr(&value, b)?
                        ),
                    ))
                }
            };
            b.items(items.len())?;
            let items = items
                .into_iter()
                .map(|v| coerce_into(elem, v, origin, b))
                .collect::<R<Vec<_>>>()?;
            Ok(new_obj(ty, Data::List(Rc::new(items)), origin))
        }
        PType::Map(..) => {
            let Value::Dict(d) = &value else {
                return Err(raise(
                    ExcKind::ValueError,
                    format!("Unexpected input to MapContainer: ({},)", repr(&value, b)?),
                ));
            };
            // `MapContainer._coerce_map(copy.copy(d))` walks a copy of the dict.
            let pairs: Vec<(Value, Value)> = d
                .borrow()
                .copy()
                .iter()
                .map(|(a, v)| (a.clone(), v.clone()))
                .collect();
            map_from_pairs(ty, pairs, origin, b)
        }
        PType::Choice { .. } => Ok(new_obj(ty, Data::Choice(value), origin)),
        _ => Err(raise(ExcKind::TypeError, "not a pystachio type")),
    }
}

/// A `Map` from `(key, value)` pairs (`Map(K, V)((k, v), ...)`).
pub fn map_from_pairs(
    ty: &Rc<PType>,
    pairs: Vec<(Value, Value)>,
    origin: Option<Span>,
    b: &Budget,
) -> R<Rc<PObj>> {
    let PType::Map(k, v) = &**ty else {
        return Err(raise(ExcKind::TypeError, "not a Map type"));
    };
    b.items(pairs.len() * 2)?;
    let entries = pairs
        .into_iter()
        .map(|(a, x)| Ok((coerce_into(k, a, origin, b)?, coerce_into(v, x, origin, b)?)))
        .collect::<R<Vec<_>>>()?;
    Ok(new_obj(ty, Data::Map(Rc::new(entries)), origin))
}

fn is_decimal(s: &str) -> bool {
    let t = s.trim();
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// Coerces a raw simple value to its type, or raises `CoercionError`.
pub(crate) fn coerce(ty: &PType, raw: &Value, b: &Budget) -> R<Value> {
    let fail = |extra: Option<String>| -> R<Value> {
        let src = py_str(raw, b)?;
        let base = format!("Cannot coerce '{src}' to {}", ty.name());
        Err(coercion_error(match extra {
            Some(m) => format!("{base}: {m}"),
            None => base,
        }))
    };
    let numeric = matches!(raw, Value::Int(_) | Value::Float(_) | Value::Bool(_));
    let stringy = matches!(raw, Value::Str(_));
    match ty {
        // pystachio 0.8.5 makes a String's value `unicode(value)` when it interpolates it, which
        // decodes a byte string as ASCII.
        PType::String if let Value::Bytes(bytes) = raw => Err(Value::ascii_error(bytes)),
        PType::String => {
            if stringy || numeric {
                Ok(Value::str(py_str(raw, b)?))
            } else {
                fail(None)
            }
        }
        PType::Integer => match raw {
            Value::Int(i) => Ok(Value::Int(*i)),
            Value::Bool(x) => Ok(Value::Int(*x as i64)),
            Value::Float(f) => {
                if f.is_nan() {
                    fail(None)
                } else if f.is_infinite() || f.abs() >= 9.2e18 {
                    Err(raise(
                        ExcKind::OverflowError,
                        "cannot convert float infinity to integer",
                    ))
                } else {
                    Ok(Value::Int(f.trunc() as i64))
                }
            }
            Value::Str(s) => match python::builtins::parse_int(s, 10) {
                Some(i) => Ok(Value::Int(i)),
                None if is_decimal(s) => Err(python::value::limit(format!(
                    "the integer {} does not fit in 64 bits (the evaluator's integer limit)",
                    s.trim()
                ))),
                None => fail(None),
            },
            _ => fail(None),
        },
        PType::Float => match raw {
            Value::Int(i) => Ok(Value::Float(*i as f64)),
            Value::Bool(x) => Ok(Value::Float(*x as i64 as f64)),
            Value::Float(f) => Ok(Value::Float(*f)),
            Value::Str(s) => match python::builtins::parse_float(s) {
                Some(f) => Ok(Value::Float(f)),
                None => fail(None),
            },
            _ => fail(None),
        },
        PType::Boolean => match raw {
            Value::Bool(x) => Ok(Value::Bool(*x)),
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
                py_str(raw, b)?,
                values.join(", ")
            ))),
        },
        _ => Err(raise(ExcKind::TypeError, "coerce on a composite type")),
    }
}

/// Builds scopes from `bind`/`in_scope` arguments (`translate_to_scopes`).
pub fn scopes_from_args(args: &[Value], kwargs: &[(Str, Value)], b: &Budget) -> R<Vec<Scope>> {
    let mut out = Vec::new();
    for a in args {
        if let Some(o) = a.downcast_rc::<PObj>().filter(|o| o.ty.namable()) {
            out.push(Scope::Obj(o));
            continue;
        }
        match a {
            Value::Dict(d) => {
                let items: Vec<(Value, Value)> = d
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let mut table = Vec::new();
                assimilate(&mut table, &Ref { comps: vec![] }, items, b)?;
                out.push(Scope::Env(Rc::new(table)));
            }
            other => return Err(environment_value(other)),
        }
    }
    if !kwargs.is_empty() {
        let mut table = Vec::new();
        let items = kwargs
            .iter()
            .map(|(k, v)| (Value::Str(k.clone()), v.clone()))
            .collect();
        assimilate(&mut table, &Ref { comps: vec![] }, items, b)?;
        out.push(Scope::Env(Rc::new(table)));
    }
    Ok(out)
}

fn environment_value(v: &Value) -> Error {
    raise(
        ExcKind::ValueError,
        format!(
            "Environment values must be strings, numbers, Objects or other Environments. Got <type '{}'> instead.",
            v.type_name()
        ),
    )
}

fn assimilate(
    table: &mut Vec<(Ref, EnvVal)>,
    prefix: &Ref,
    items: Vec<(Value, Value)>,
    b: &Budget,
) -> R<()> {
    let _depth = b.enter(|| "while building an environment".into())?;
    b.grow_items(table.len(), items.len())?;
    for (k, v) in items {
        let key = if let Some(r) = k.downcast::<Ref>() {
            r.clone()
        } else {
            match &k {
                Value::Str(s) => Ref::parse(s).map_err(invalid_ref)?,
                other => return Err(invalid_ref(format!("Invalid address: {}", repr(other, b)?))),
            }
        };
        let key = prefix.join(&key);
        let val = if let Some(o) = v.downcast_rc::<PObj>() {
            EnvVal::Obj(o)
        } else {
            match v {
                Value::Dict(d) => {
                    let inner: Vec<(Value, Value)> = d
                        .borrow()
                        .iter()
                        .map(|(a, x)| (a.clone(), x.clone()))
                        .collect();
                    assimilate(table, &key, inner, b)?;
                    continue;
                }
                Value::Str(s) => EnvVal::Str(s),
                Value::Bytes(bytes) => return Err(Value::ascii_error(&bytes)),
                v @ (Value::Int(_) | Value::Float(_) | Value::Bool(_)) => {
                    EnvVal::Str(py_str(&v, b)?.into())
                }
                other => return Err(environment_value(&other)),
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

// ---------------------------------------------------------------------------------------------
// `Empty`.

/// pystachio's `Empty` sentinel (a class, so it is truthy and hashed by identity).
struct EmptyClass;

pub(crate) fn empty() -> Value {
    thread_local!(static EMPTY: Value = Value::object(EmptyClass));
    EMPTY.with(Value::clone)
}

/// Whether a value is `Empty`.
pub fn is_empty(v: &Value) -> bool {
    v.downcast::<EmptyClass>().is_some()
}

impl Object for EmptyClass {
    fn frozen(&self) -> bool {
        true
    }
    fn type_name(&self) -> String {
        "type".into()
    }
    fn repr(&self, _: &Value, _: &Budget) -> R<String> {
        Ok("<class 'pystachio.composite.Empty'>".into())
    }
    fn eq(&self, _: &Value, other: &Value, _: &Budget) -> R<bool> {
        Ok(is_empty(other))
    }
    fn key(&self, _: &Value, _: &Budget) -> R<Option<Key>> {
        Ok(Some(Key {
            id: HashKey::Text("Empty".into()),
            hash: None,
        }))
    }
}
