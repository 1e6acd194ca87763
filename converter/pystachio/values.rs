//! Pystachio as Python code sees it: its objects on the runtime's [`Object`] trait, the names
//! `from pystachio import *` provides (`Struct`, `Required`, `Default`, `String`, ...), and the
//! methods of objects (`bind`, `in_scope`, `interpolate`, `check`, `get`, field accessors).

use crate::check::{check, TypeCheck};
use crate::errors::invalid_ref;
use crate::interpolate::{field_at, interpolate, obj_eq, obj_repr, obj_str, to_json};
use crate::model::{
    as_type, bind, call_struct, coerce_into, construct, copy, empty, in_scope, is_empty,
    make_struct_type, map_from_pairs, nested, new_struct, rename_struct, scopes_from_args, type_eq,
    Data, PObj, PType, Sig,
};
use crate::output::{get, get_item, iter_items, object_key};
use crate::refs::Ref;
use python::dict::{HashKey, Key};
use python::ops::{iterate, py_cmp, repr};
use python::Dict;
use python::HashMap;
use python::{
    method_of, raise, Args, Budget, ExcKind, MethodDef, NativeFn, Object, Span, Str, Value, Vm, R,
};
use std::cmp::Ordering;
use std::rc::Rc;

/// The names `from pystachio import *` puts in a namespace.
pub fn names() -> HashMap<Str, Value> {
    let mut g: HashMap<Str, Value> = HashMap::default();
    for (name, ty) in [
        ("String", PType::String),
        ("Integer", PType::Integer),
        ("Float", PType::Float),
        ("Boolean", PType::Boolean),
    ] {
        g.insert(name.into(), Value::Object(Rc::new(ty)));
    }
    for f in NATIVES {
        g.insert(f.name.into(), Value::Native(f));
    }
    g.insert("Struct".into(), Value::object(StructBase));
    g.insert("Empty".into(), empty());
    g
}

static NATIVES: &[NativeFn] = &[
    NativeFn::new("Required", required),
    NativeFn::new("Default", default),
    NativeFn::new("List", list),
    NativeFn::new("Map", map),
    NativeFn::new("Enum", enumeration),
    NativeFn::new("Choice", choice),
    NativeFn::new("Ref", reference),
    NativeFn::new("Environment", environment),
];

/// The object as a Python value.
pub fn value(obj: &Rc<PObj>) -> Value {
    Value::Object(obj.clone())
}

/// The pystachio object a value holds.
pub fn as_obj(v: &Value) -> Option<Rc<PObj>> {
    v.downcast_rc::<PObj>()
}

/// The pystachio type a value holds.
pub fn as_ptype(v: &Value) -> Option<Rc<PType>> {
    v.downcast_rc::<PType>()
}

// ---------------------------------------------------------------------------------------------
// `Struct`: the base class of schemas.

struct StructBase;

impl Object for StructBase {
    fn frozen(&self) -> bool {
        true
    }
    fn type_name(&self) -> String {
        "StructMetaclass".into()
    }
    fn repr(&self, _: &Value, _: &Budget) -> R<String> {
        Ok("<class 'pystachio.composite.Struct'>".into())
    }
    fn callable(&self) -> bool {
        true
    }
    fn call(&self, _: &Value, _: &mut dyn Vm, _: Args) -> R<Value> {
        Err(raise(
            ExcKind::TypeError,
            "Struct is a base class: declare `class X(Struct): ...`",
        ))
    }
    fn subclass(
        &self,
        _: &Value,
        it: &mut dyn Vm,
        name: &str,
        namespace: &[(Str, Value)],
        _: Span,
    ) -> R<Option<Value>> {
        Ok(Some(Value::Object(Rc::new(make_struct_type(
            name,
            namespace,
            &it.budget(),
        )?))))
    }
}

// ---------------------------------------------------------------------------------------------
// Types.

impl Object for PType {
    fn frozen(&self) -> bool {
        PType::frozen(self)
    }
    fn type_name(&self) -> String {
        "TypeMetaclass".into()
    }
    fn repr(&self, _: &Value, _: &Budget) -> R<String> {
        Ok(format!("<class 'pystachio.{}'>", self.name()))
    }
    fn attr(&self, _: &Value, name: &str, _: &Budget) -> R<Option<Value>> {
        Ok(match (name, self) {
            ("__name__", _) => Some(Value::str(self.name())),
            ("VALUES", PType::Enum { values, .. }) => Some(Value::tuple(
                values.iter().map(|s| Value::Str(s.clone())).collect(),
            )),
            _ => None,
        })
    }
    fn no_attr(&self, name: &str) -> String {
        format!("type object '{}' has no attribute '{name}'", self.name())
    }
    fn callable(&self) -> bool {
        true
    }
    fn call(&self, this: &Value, it: &mut dyn Vm, a: Args) -> R<Value> {
        let t = as_ptype(this).ok_or_else(|| raise(ExcKind::TypeError, "not a type"))?;
        let origin = Some(it.origin(a.span));
        let b = &it.budget();
        let obj = match self {
            PType::Struct(_) => new_struct(&t, &a.pos, &a.kw, origin, b)?,
            PType::Map(..) if a.pos.len() != 1 || !matches!(a.pos[0], Value::Dict(_)) => {
                let mut pairs = Vec::new();
                for x in &a.pos {
                    let kv = match x {
                        Value::Tuple(t) if t.len() == 2 => (t[0].clone(), t[1].clone()),
                        Value::List(l) if l.borrow().len() == 2 => {
                            (l.borrow()[0].clone(), l.borrow()[1].clone())
                        }
                        other => {
                            return Err(raise(
                                ExcKind::ValueError,
                                format!("Unexpected input to MapContainer: {}", repr(other, b)?),
                            ))
                        }
                    };
                    pairs.push(kv);
                }
                map_from_pairs(&t, pairs, origin, b)?
            }
            _ => {
                a.no_kwargs(&self.name())?;
                if a.pos.len() != 1 {
                    return Err(raise(
                        ExcKind::TypeError,
                        format!(
                            "__init__() takes exactly 2 arguments ({} given)",
                            a.pos.len() + 1
                        ),
                    ));
                }
                construct(&t, a.pos[0].clone(), origin, b)?
            }
        };
        Ok(value(&obj))
    }
    fn eq(&self, this: &Value, other: &Value, _: &Budget) -> R<bool> {
        Ok(match (as_ptype(this), as_ptype(other)) {
            (Some(x), Some(y)) => type_eq(&x, &y),
            _ => false,
        })
    }
    fn instance_check(&self, v: &Value) -> Option<bool> {
        Some(as_obj(v).is_some_and(|o| type_eq(self, &o.ty)))
    }
    fn subclass_check(&self, other: &Value) -> Option<bool> {
        Some(as_ptype(other).is_some_and(|t| type_eq(self, &t)))
    }
    fn subclass(
        &self,
        this: &Value,
        _: &mut dyn Vm,
        name: &str,
        _: &[(Str, Value)],
        _: Span,
    ) -> R<Option<Value>> {
        // Subclassing a Struct type keeps its schema under the new name (pystachio quirk).
        Ok(Some(match self.as_struct() {
            Some(def) => Value::object(rename_struct(def, name)),
            None => this.clone(),
        }))
    }
}

impl Object for Sig {
    fn frozen(&self) -> bool {
        Sig::frozen(self)
    }
    fn type_name(&self) -> String {
        "TypeSignature".into()
    }
    fn repr(&self, _: &Value, _: &Budget) -> R<String> {
        Ok(format!("TypeSignature({})", self.ty.name()))
    }
}

fn required(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("Required", 1, 1)?;
    Ok(Value::object(Sig {
        ty: as_type(&a.pos[0], &it.budget())?,
        required: true,
        default: None,
    }))
}

fn default(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("Default", 2, 2)?;
    let ty = as_type(&a.pos[0], &it.budget())?;
    let default = if is_empty(&a.pos[1]) {
        None
    } else {
        let origin = Some(it.origin(a.span));
        Some(coerce_into(&ty, a.pos[1].clone(), origin, &it.budget())?)
    };
    Ok(Value::object(Sig {
        ty,
        required: false,
        default,
    }))
}

fn list(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("List", 1, 1)?;
    Ok(Value::Object(nested(PType::List(as_type(
        &a.pos[0],
        &it.budget(),
    )?))?))
}

fn map(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("Map", 2, 2)?;
    let b = &it.budget();
    Ok(Value::Object(nested(PType::Map(
        as_type(&a.pos[0], b)?,
        as_type(&a.pos[1], b)?,
    ))?))
}

fn str_arg<'a>(v: &'a Value, what: &str) -> R<&'a Str> {
    match v {
        Value::Str(s) => Ok(s),
        other => Err(raise(
            ExcKind::TypeError,
            format!("{what} must be a string, not {}", other.type_name()),
        )),
    }
}

fn enumeration(it: &mut dyn Vm, a: Args) -> R<Value> {
    let (name, values) = match a.pos.as_slice() {
        [Value::Str(n), vals @ (Value::List(_) | Value::Tuple(_))] => {
            (n.to_string(), iterate(vals, &it.budget())?)
        }
        vals => {
            let names = vals
                .iter()
                .map(|v| str_arg(v, "Enum value").map(|s| s.to_string()))
                .collect::<R<Vec<_>>>()?;
            (format!("Enum_{}", names.join("_")), vals.to_vec())
        }
    };
    let values = values
        .iter()
        .map(|v| str_arg(v, "Enum value").cloned())
        .collect::<R<Vec<_>>>()?;
    Ok(Value::object(PType::Enum {
        name: name.into(),
        values,
    }))
}

fn choice(it: &mut dyn Vm, a: Args) -> R<Value> {
    let b = &it.budget();
    let (name, alts) = match a.pos.as_slice() {
        [Value::Str(n), alts] => (Some(n.to_string()), iterate(alts, b)?),
        [alts] => (None, iterate(alts, b)?),
        _ => {
            return Err(raise(
                ExcKind::TypeError,
                "Choice() takes a list of types, optionally after a name",
            ))
        }
    };
    let alts = alts.iter().map(|x| as_type(x, b)).collect::<R<Vec<_>>>()?;
    let name = name.unwrap_or_else(|| {
        format!(
            "Choice_{}",
            alts.iter().map(|t| t.name()).collect::<Vec<_>>().join("_")
        )
    });
    Ok(Value::Object(nested(PType::Choice {
        name: name.into(),
        alts,
    })?))
}

// ---------------------------------------------------------------------------------------------
// Refs and environments.

impl Object for Ref {
    fn frozen(&self) -> bool {
        true
    }
    fn type_name(&self) -> String {
        "Ref".into()
    }
    fn repr(&self, _: &Value, _: &Budget) -> R<String> {
        Ok(format!("Ref({})", self.address()))
    }
    fn eq(&self, _: &Value, other: &Value, _: &Budget) -> R<bool> {
        Ok(other.downcast::<Ref>().is_some_and(|o| o == self))
    }
    fn key(&self, _: &Value, _: &Budget) -> R<Option<Key>> {
        Ok(Some(Key {
            id: HashKey::Text(format!("ref:{}", self.address())),
            hash: Some(self.py2_hash()),
        }))
    }
}

fn reference(_: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("Ref", 1, 1)?;
    let s = str_arg(&a.pos[0], "Ref()")?;
    Ok(Value::object(Ref::parse(s).map_err(invalid_ref)?))
}

fn environment(it: &mut dyn Vm, a: Args) -> R<Value> {
    let mut d = Dict::new();
    for v in &a.pos {
        python::ops::dict_update(&it.budget(), &mut d, v)?;
    }
    it.budget().grow_items(d.len(), a.kw.len())?;
    d.merge_kwargs(&a.kw);
    Ok(Value::dict(d))
}

// ---------------------------------------------------------------------------------------------
// Objects.

/// The methods every pystachio object has (pystachio's are Python methods).
static METHODS: &[MethodDef] = &[
    MethodDef::python("bind", bind_method),
    MethodDef::python("in_scope", in_scope_method),
    MethodDef::python("interpolate", interpolate_method),
    MethodDef::python("check", check_method),
    MethodDef::python("get", get_method),
    MethodDef::python("copy", copy_method),
    MethodDef::python("json_dumps", json_dumps_method),
    MethodDef::python("scopes", scopes_method),
];

fn this(recv: &Value) -> R<Rc<PObj>> {
    as_obj(recv).ok_or_else(|| raise(ExcKind::TypeError, "not a pystachio object"))
}

fn no_args(a: &Args, name: &str) -> R<()> {
    if a.pos.is_empty() && a.kw.is_empty() {
        Ok(())
    } else {
        Err(raise(
            ExcKind::TypeError,
            format!("{name}() takes no arguments"),
        ))
    }
}

fn bind_method(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let b = &it.budget();
    let new = scopes_from_args(&a.pos, &a.kw, b)?;
    Ok(value(&bind(&this(recv)?, new, b)?))
}

fn in_scope_method(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let b = &it.budget();
    let new = scopes_from_args(&a.pos, &a.kw, b)?;
    Ok(value(&in_scope(&this(recv)?, &new, b)?))
}

fn interpolate_method(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    no_args(&a, "interpolate")?;
    let (obj, unbound) = interpolate(&this(recv)?, &it.budget())?;
    Ok(Value::tuple(vec![
        value(&obj),
        Value::list(unbound.into_iter().map(Value::object).collect()),
    ]))
}

fn check_method(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    no_args(&a, "check")?;
    Ok(Value::object(check(&this(recv)?, &it.budget())?))
}

fn get_method(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    no_args(&a, "get")?;
    get(&this(recv)?, &it.budget())
}

fn copy_method(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    Ok(value(&copy(&this(recv)?)))
}

fn json_dumps_method(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    no_args(&a, "json_dumps")?;
    let b = &it.budget();
    let (si, _) = interpolate(&this(recv)?, b)?;
    let text = python::modules::json::dumps_value(&to_json(&si, b)?);
    b.string(text.len())?;
    Ok(Value::str(text))
}

fn scopes_method(_: &mut dyn Vm, _: &Value, _: Args) -> R<Value> {
    Ok(Value::tuple(vec![]))
}

/// A struct's field accessor (`proc.name`) or presence test (`proc.has_name`), bound to it.
struct Accessor {
    obj: Rc<PObj>,
    index: usize,
    has: bool,
}

impl Object for Accessor {
    fn frozen(&self) -> bool {
        self.obj.frozen()
    }
    fn type_name(&self) -> String {
        "instancemethod".into()
    }
    fn repr(&self, _: &Value, _: &Budget) -> R<String> {
        let name = self
            .obj
            .struct_def()
            .map(|d| d.fields[self.index].0.to_string())
            .unwrap_or_default();
        Ok(if self.has {
            format!("<bound method has_{name}>")
        } else {
            format!("<bound method {name}>")
        })
    }
    fn callable(&self) -> bool {
        true
    }
    fn python_call(&self) -> bool {
        true
    }
    fn call(&self, _: &Value, it: &mut dyn Vm, a: Args) -> R<Value> {
        let (Some(def), Some(fields)) = (self.obj.struct_def(), self.obj.fields()) else {
            return Ok(Value::None);
        };
        let (name, sig) = &def.fields[self.index];
        if self.has {
            no_args(&a, &format!("has_{name}"))?;
            return Ok(Value::Bool(fields[self.index].is_some()));
        }
        no_args(&a, name)?;
        let f = field_at(
            &self.obj,
            self.index,
            fields[self.index].as_ref(),
            &sig.ty,
            &it.budget(),
        )?;
        Ok(match f {
            Some(o) => value(&o),
            None => empty(),
        })
    }
}

impl Object for PObj {
    fn frozen(&self) -> bool {
        PObj::frozen(self)
    }
    fn type_name(&self) -> String {
        self.ty.name()
    }
    fn repr(&self, this: &Value, b: &Budget) -> R<String> {
        obj_repr(&me(this)?, b)
    }
    fn str(&self, this: &Value, b: &Budget) -> R<String> {
        obj_str(&me(this)?, b)
    }
    fn attr(&self, this: &Value, name: &str, _: &Budget) -> R<Option<Value>> {
        let obj = me(this)?;
        if let Some(def) = obj.struct_def() {
            // Fields shadow the generic methods.
            if let Some(field) = name.strip_prefix("has_") {
                if let Some(&index) = def.index.get(field) {
                    return Ok(Some(Value::object(Accessor {
                        obj: obj.clone(),
                        index,
                        has: true,
                    })));
                }
            }
            if let Some(&index) = def.index.get(name) {
                return Ok(Some(Value::object(Accessor {
                    obj: obj.clone(),
                    index,
                    has: false,
                })));
            }
        }
        Ok(method_of(this, METHODS, name))
    }
    fn no_attr(&self, name: &str) -> String {
        match &*self.ty {
            PType::Struct(_) => format!("{} has no attribute {name}", self.ty.name()),
            _ => format!("'{}' object has no attribute '{name}'", self.ty.name()),
        }
    }
    fn callable(&self) -> bool {
        matches!(&*self.ty, PType::Struct(_))
    }
    fn call(&self, this: &Value, it: &mut dyn Vm, a: Args) -> R<Value> {
        if !self.callable() {
            return Err(raise(
                ExcKind::TypeError,
                format!("'{}' object is not callable", self.type_name()),
            ));
        }
        if !a.pos.is_empty() {
            return Err(raise(
                ExcKind::TypeError,
                format!(
                    "__call__() takes exactly 1 argument ({} given)",
                    a.pos.len() + 1
                ),
            ));
        }
        let origin = Some(it.origin(a.span));
        Ok(value(&call_struct(
            &me(this)?,
            &a.kw,
            origin,
            &it.budget(),
        )?))
    }
    fn eq(&self, this: &Value, other: &Value, b: &Budget) -> R<bool> {
        match (as_obj(this), as_obj(other)) {
            (Some(x), Some(y)) => obj_eq(&x, &y, b),
            _ => Ok(false),
        }
    }
    fn cmp(&self, this: &Value, other: &Value, b: &Budget) -> R<Option<Ordering>> {
        let Some(o) = as_obj(other) else {
            return Ok(None);
        };
        if !matches!(self.data, Data::Simple(_)) || !matches!(o.data, Data::Simple(_)) {
            return Ok(None);
        }
        let (x, _) = interpolate(&me(this)?, b)?;
        let (y, _) = interpolate(&o, b)?;
        Ok(Some(match (&x.data, &y.data) {
            (Data::Simple(p), Data::Simple(q)) => py_cmp(p, q, b)?,
            _ => Ordering::Equal,
        }))
    }
    fn key(&self, this: &Value, b: &Budget) -> R<Option<Key>> {
        Ok(Some(object_key(&me(this)?, b)?))
    }
    fn iter(&self, this: &Value, b: &Budget) -> R<Option<Vec<Value>>> {
        iter_items(&me(this)?, b)
    }
    fn item(&self, this: &Value, key: &Value, b: &Budget) -> R<Option<Value>> {
        get_item(&me(this)?, key, b)
    }
    fn contains(&self, this: &Value, needle: &Value, b: &Budget) -> R<Option<bool>> {
        let me = me(this)?;
        match &self.data {
            Data::Map(_) => match get_item(&me, needle, b) {
                Ok(found) => Ok(Some(found.is_some())),
                Err(e) if e.is(ExcKind::KeyError) || e.is(ExcKind::ValueError) => Ok(Some(false)),
                Err(e) => Err(e),
            },
            Data::List(_) => {
                let items = iter_items(&me, b)?.unwrap_or_default();
                if as_obj(needle).is_some() {
                    for i in &items {
                        if python::ops::py_eq(i, needle, b)? {
                            return Ok(Some(true));
                        }
                    }
                    return Ok(Some(false));
                }
                let (si, _) = interpolate(&me, b)?;
                let got = get(&si, b)?;
                python::ops::contains(&got, needle, b).map(Some)
            }
            _ => Ok(None),
        }
    }
    fn sequence(&self, this: &Value, b: &Budget) -> R<Option<Vec<Value>>> {
        match &self.data {
            Data::List(_) => iter_items(&me(this)?, b),
            _ => Ok(None),
        }
    }
    fn mapping(&self, this: &Value, b: &Budget) -> R<Option<Value>> {
        match &self.data {
            Data::Struct(_) | Data::Map(_) => {
                let (si, _) = interpolate(&me(this)?, b)?;
                Ok(Some(get(&si, b)?))
            }
            _ => Ok(None),
        }
    }
    fn type_of(&self, _: &Value) -> Option<Value> {
        Some(Value::Object(self.ty.clone()))
    }
}

/// The object a method of [`PObj`] was called on.
fn me(this: &Value) -> R<Rc<PObj>> {
    as_obj(this).ok_or_else(|| raise(ExcKind::TypeError, "not a pystachio object"))
}

// ---------------------------------------------------------------------------------------------
// `check()` results.

static CHECK_METHODS: &[MethodDef] = &[
    MethodDef::python("ok", check_ok),
    MethodDef::python("message", check_message),
];

impl Object for TypeCheck {
    fn frozen(&self) -> bool {
        true
    }
    fn type_name(&self) -> String {
        "TypeCheck".into()
    }
    fn repr(&self, _: &Value, _: &Budget) -> R<String> {
        Ok(if self.ok {
            "TypeCheck(OK)".into()
        } else {
            format!("TypeCheck(FAILED): {}", self.message)
        })
    }
    fn attr(&self, this: &Value, name: &str, _: &Budget) -> R<Option<Value>> {
        Ok(method_of(this, CHECK_METHODS, name))
    }
}

fn check_of(recv: &Value) -> R<&TypeCheck> {
    recv.downcast::<TypeCheck>()
        .ok_or_else(|| raise(ExcKind::TypeError, "not a TypeCheck"))
}

fn check_ok(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    Ok(Value::Bool(check_of(recv)?.ok))
}

fn check_message(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    Ok(Value::str(check_of(recv)?.message.as_str()))
}
