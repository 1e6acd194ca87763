//! Pystachio types: the simple types, `Enum`, `Struct`, `List`, `Map` and `Choice`.

use crate::object::PObj;
use python::py2order;
use python::{raise, Budget, ExcKind, Str, Value, R};
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

/// How deeply container types may nest (`List(List(...))`): each level of nesting is a level
/// of recursion in every algorithm.
pub const MAX_TYPE_DEPTH: usize = 100;

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
