//! Attributes: `obj.name` and `obj.name = v` for every kind of value, and values as the
//! formatting module sees them (`{0.name}` reads attributes). Anything a program could use to
//! reach interpreter internals (`__class__`, `__subclasses__`, ...) is a sandbox stop.

use crate::budget::Budget;
use crate::error::ExcKind;
use crate::format::{FmtError, FmtErrorKind, FormatValue, Num};
use crate::ops::{get_item, py_str, repr};
use crate::value::{raise, sandbox, BoundMethod, Error, FuncKind, Value, Vm, R};
use std::rc::Rc;

/// A value as formatting sees it, with the interpreter its attributes come from and the
/// budget its formatting is charged to.
#[derive(Clone)]
pub struct FmtVal<'a> {
    pub v: Value,
    vm: &'a dyn Vm,
    b: &'a Budget,
}

impl<'a> FmtVal<'a> {
    /// Wraps a value.
    pub fn new(v: Value, vm: &'a dyn Vm, b: &'a Budget) -> FmtVal<'a> {
        FmtVal { v, vm, b }
    }

    fn wrap(&self, v: Value) -> FmtVal<'a> {
        FmtVal {
            v,
            vm: self.vm,
            b: self.b,
        }
    }
}

impl From<FmtError> for Error {
    fn from(e: FmtError) -> Error {
        let kind = match e.kind {
            FmtErrorKind::TypeError => ExcKind::TypeError,
            FmtErrorKind::ValueError => ExcKind::ValueError,
            FmtErrorKind::KeyError => ExcKind::KeyError,
            FmtErrorKind::IndexError => ExcKind::IndexError,
            FmtErrorKind::AttributeError => ExcKind::AttributeError,
            FmtErrorKind::OverflowError => ExcKind::OverflowError,
        };
        raise(kind, e.message)
    }
}

impl FormatValue for FmtVal<'_> {
    type Error = Error;

    fn as_num(&self) -> Option<Num> {
        match &self.v {
            Value::Int(i) => Some(Num::Int(*i)),
            Value::Float(f) => Some(Num::Float(*f)),
            Value::Bool(b) => Some(Num::Bool(*b)),
            _ => None,
        }
    }
    fn as_str(&self) -> Option<&str> {
        match &self.v {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    fn is_tuple(&self) -> Option<Vec<Self>> {
        match &self.v {
            Value::Tuple(t) => Some(t.iter().map(|x| self.wrap(x.clone())).collect()),
            _ => None,
        }
    }
    fn is_mapping(&self) -> bool {
        matches!(&self.v, Value::Dict(_))
    }
    fn type_name(&self) -> String {
        self.v.type_name()
    }
    fn py_str(&self) -> Result<String, Error> {
        py_str(&self.v, self.b)
    }
    fn py_repr(&self) -> Result<String, Error> {
        repr(&self.v, self.b)
    }
    fn get_item_str(&self, key: &str) -> Result<Self, Error> {
        get_item(&self.v, &Value::str(key), self.b).map(|v| self.wrap(v))
    }
    fn get_item_int(&self, index: i64) -> Result<Self, Error> {
        get_item(&self.v, &Value::Int(index), self.b).map(|v| self.wrap(v))
    }
    fn get_attr(&self, name: &str) -> Result<Self, Error> {
        attr_plain(self.vm, &self.v, name).map(|v| self.wrap(v))
    }
}

fn is_dunder(name: &str) -> bool {
    name.starts_with("__") && name.ends_with("__") && name.len() > 4
}

fn internals(name: &str) -> crate::Error {
    sandbox(format!(
        "access to interpreter internals (`{name}`) is not allowed in an Aurora config"
    ))
}

fn no_attr(v: &Value, name: &str) -> crate::Error {
    raise(
        ExcKind::AttributeError,
        format!("'{}' object has no attribute '{name}'", v.type_name()),
    )
}

/// `obj.name` without running Python code (no `@property`): what formatting (`{0.name}`) reads.
/// The methods of builtin values come from the types `vm` knows.
pub fn attr_plain(vm: &dyn Vm, v: &Value, name: &str) -> R<Value> {
    if is_dunder(name) && name != "__name__" && name != "__init__" {
        return Err(internals(name));
    }
    let bound = |def| {
        Ok(Value::Method(Rc::new(BoundMethod {
            recv: Some(v.clone()),
            def,
        })))
    };
    match v {
        Value::Module(m) => m.attrs.get(name).cloned().ok_or_else(|| {
            let mut have: Vec<&str> = m.attrs.keys().map(|k| &**k).collect();
            have.sort();
            raise(
                ExcKind::AttributeError,
                format!("'module' object has no attribute '{name}'"),
            )
            .with_hint(format!(
                "aurora2nix's sandbox provides only part of `{}`: {}",
                m.name,
                have.join(", ")
            ))
        }),
        Value::Native(n) if name == "__name__" => Ok(Value::str(n.name)),
        Value::Type(t) if name == "__name__" => Ok(Value::str(t.name)),
        Value::Type(t) => match t.method(name) {
            Some(def) => Ok(Value::Method(Rc::new(BoundMethod { recv: None, def }))),
            None => Err(raise(
                ExcKind::AttributeError,
                format!("type object '{}' has no attribute '{name}'", t.name),
            )),
        },
        Value::ExcType(t) if name == "__name__" => Ok(Value::str(t.name())),
        Value::Instance(i) => {
            if let Some(v) = i.attrs.borrow().get(name) {
                return Ok(v.clone());
            }
            match i.class.lookup(name) {
                Some(Value::Function(f)) if f.kind == FuncKind::StaticMethod => {
                    Ok(Value::Function(f))
                }
                Some(Value::Function(f)) if f.kind == FuncKind::ClassMethod => Ok(Value::Bound(
                    Rc::new((Value::Class(i.class.clone()), Value::Function(f))),
                )),
                Some(f @ Value::Function(_)) => Ok(Value::Bound(Rc::new((v.clone(), f)))),
                Some(other) => Ok(other),
                None => Err(raise(
                    ExcKind::AttributeError,
                    format!("'{}' object has no attribute '{name}'", i.class.name),
                )),
            }
        }
        Value::Class(c) => {
            if name == "__name__" {
                return Ok(Value::str(c.name.clone()));
            }
            match c.lookup(name) {
                Some(Value::Function(f)) if f.kind == FuncKind::ClassMethod => {
                    Ok(Value::Bound(Rc::new((v.clone(), Value::Function(f)))))
                }
                Some(other) => Ok(other),
                None => Err(raise(
                    ExcKind::AttributeError,
                    format!("class {} has no attribute '{name}'", c.name),
                )),
            }
        }
        Value::Function(f) if name == "__name__" => Ok(Value::str(f.name.clone())),
        Value::Exception(e) => match name {
            "args" => Ok(Value::tuple(e.args.clone())),
            "message" => Ok(e.args.first().cloned().unwrap_or_else(|| Value::str(""))),
            _ => Err(no_attr(v, name)),
        },
        Value::Object(o) => match o.attr(v, name, &vm.budget())? {
            Some(x) => Ok(x),
            None => Err(raise(ExcKind::AttributeError, o.no_attr(name))),
        },
        other => match vm.type_of(other).and_then(|t| t.method(name)) {
            Some(def) => bound(def),
            None => Err(no_attr(other, name)),
        },
    }
}

/// `obj.name = value` (only instances and classes are mutable).
pub fn set_attr(obj: &Value, name: &str, v: Value) -> R<()> {
    if is_dunder(name) {
        return Err(internals(name));
    }
    match obj {
        Value::Instance(i) => {
            i.attrs.borrow_mut().insert(name.into(), v);
            Ok(())
        }
        Value::Class(c) => {
            c.attrs.borrow_mut().insert(name.into(), v);
            Ok(())
        }
        other => Err(no_attr(other, name)),
    }
}
