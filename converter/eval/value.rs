//! Runtime values of the config interpreter.
//!
//! Python values (numbers, strings, containers, functions, classes, exceptions) and the
//! Pystachio values (types, objects, field signatures) live in one [`Value`] enum so the
//! interpreter can pass them around uniformly. Containers are `Rc<RefCell<..>>` because Python
//! lists and dicts are mutable and shared; Pystachio objects are immutable and only `Rc`.
//! This module knows nothing of evaluation: it holds data, equality, hashing and `repr`.

use crate::pystachio::{PObj, PType, Sig};
use crate::source::FileId;
use rustpython_parser::ast;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Interned-ish string type used for names and Python strings.
pub type Str = Rc<str>;

/// A Python (or Pystachio) value.
#[derive(Clone)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Str),
    List(Rc<RefCell<Vec<Value>>>),
    Tuple(Rc<Vec<Value>>),
    Dict(Rc<RefCell<Dict>>),
    Set(Rc<RefCell<Dict>>),
    Function(Rc<Function>),
    /// A builtin function or type, by name (`len`, `str`, `ValueError`, ...).
    Builtin(&'static str),
    /// A method bound to a receiver, dispatched by name (`"a".join`, `task.processes`).
    Method(Rc<(Value, Str)>),
    /// A Python function bound to a first argument (instance or class method).
    Bound(Rc<(Value, Value)>),
    Class(Rc<Class>),
    Instance(Rc<Instance>),
    Module(Rc<Module>),
    Exception(Rc<Exception>),
    File(Rc<FileObj>),
    PType(Rc<PType>),
    PObj(Rc<PObj>),
    Sig(Rc<Sig>),
    /// Pystachio's `Empty` sentinel.
    Empty,
    /// A pystachio `Ref` (used as a binding key).
    Ref(Rc<crate::pystachio::Ref>),
    /// Bytes that are not UTF-8 (a binary file's content): hashable and measurable only.
    Bytes(Rc<[u8]>),
    /// A `hashlib` hash object: algorithm and the data fed so far.
    Hasher(Rc<RefCell<(&'static str, Vec<u8>)>>),
    /// The result of `check()`: ok and message.
    Check(Rc<(bool, String)>),
}

/// A user-defined function or lambda.
#[derive(Clone)]
pub struct Function {
    pub name: Str,
    pub params: Vec<(Str, Option<Value>)>,
    pub vararg: Option<Str>,
    pub kwarg: Option<Str>,
    pub body: FuncBody,
    pub closure: Option<Rc<Frame>>,
    pub file: FileId,
    pub globals_decl: Vec<Str>,
    /// `classmethod`/`staticmethod` wrapping.
    pub kind: FuncKind,
}

/// How a function found on a class binds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FuncKind {
    Plain,
    ClassMethod,
    StaticMethod,
}

/// The code of a function.
#[derive(Clone)]
pub enum FuncBody {
    Def(Rc<Vec<ast::Stmt>>),
    Lambda(Rc<ast::Expr>),
}

/// A function activation's local variables; `parent` is the enclosing function's frame.
pub struct Frame {
    pub vars: RefCell<HashMap<Str, Value>>,
    pub parent: Option<Rc<Frame>>,
}

/// A user-defined class (`class X(object)` or an exception subclass).
pub struct Class {
    pub name: Str,
    pub bases: Vec<Value>,
    pub attrs: RefCell<HashMap<Str, Value>>,
}

/// An instance of a user-defined class.
pub struct Instance {
    pub class: Rc<Class>,
    pub attrs: RefCell<HashMap<Str, Value>>,
}

/// A module from the import allow-list.
pub struct Module {
    pub name: Str,
    pub attrs: HashMap<Str, Value>,
}

/// A raised or constructed exception.
pub struct Exception {
    /// The builtin kind (`ValueError`) or the nearest builtin base of a user class.
    pub kind: &'static str,
    /// The user class, for `class MyError(Exception)`.
    pub class: Option<Rc<Class>>,
    pub args: Vec<Value>,
}

/// An open file (read-only, fully read at `open()`).
pub struct FileObj {
    pub name: Str,
    /// The bytes not yet read.
    pub content: RefCell<Option<Rc<[u8]>>>,
}

/// A Python dict (also used for sets, with `None` values). Iteration is in insertion order.
#[derive(Clone, Default)]
pub struct Dict {
    entries: Vec<Option<(Value, Value)>>,
    index: HashMap<HashKey, usize>,
    live: usize,
}

/// The hashable identity of a key: equal Python keys have equal `HashKey`s.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum HashKey {
    None,
    Int(i64),
    Float(u64),
    Str(Str),
    Tuple(Vec<HashKey>),
    Id(usize),
    Json(String),
}

impl Dict {
    /// An empty dict.
    pub fn new() -> Dict {
        Dict::default()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.live
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Looks a key up.
    pub fn get(&self, key: &HashKey) -> Option<&Value> {
        self.index
            .get(key)
            .and_then(|&i| self.entries[i].as_ref().map(|(_, v)| v))
    }

    /// Inserts or replaces; an existing key keeps its position and its original key object.
    pub fn insert(&mut self, hk: HashKey, key: Value, value: Value) {
        if let Some(&i) = self.index.get(&hk) {
            if let Some(entry) = self.entries[i].as_mut() {
                entry.1 = value;
                return;
            }
        }
        self.index.insert(hk, self.entries.len());
        self.entries.push(Some((key, value)));
        self.live += 1;
    }

    /// Removes a key, returning its value.
    pub fn remove(&mut self, key: &HashKey) -> Option<Value> {
        let i = self.index.remove(key)?;
        let (_, v) = self.entries[i].take()?;
        self.live -= 1;
        if self.entries.len() > 32 && self.live * 2 < self.entries.len() {
            self.compact();
        }
        Some(v)
    }

    fn compact(&mut self) {
        let entries: Vec<_> = self.entries.drain(..).flatten().collect();
        self.index.clear();
        for (k, v) in entries {
            let hk = hash_key(&k).expect("keys in a dict are hashable");
            self.index.insert(hk, self.entries.len());
            self.entries.push(Some((k, v)));
        }
    }

    /// Iterates over `(key, value)` pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries
            .iter()
            .filter_map(|e| e.as_ref().map(|(k, v)| (k, v)))
    }

    /// The keys in order.
    pub fn keys(&self) -> Vec<Value> {
        self.iter().map(|(k, _)| k.clone()).collect()
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        *self = Dict::new();
    }
}

/// The hash identity of a value, or `None` when the value is unhashable (lists, dicts, sets).
pub fn hash_key(v: &Value) -> Option<HashKey> {
    Some(match v {
        Value::None => HashKey::None,
        Value::Bool(b) => HashKey::Int(*b as i64),
        Value::Int(i) => HashKey::Int(*i),
        Value::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9.2e18 {
                HashKey::Int(*f as i64)
            } else {
                HashKey::Float(f.to_bits())
            }
        }
        Value::Str(s) => HashKey::Str(s.clone()),
        Value::Tuple(items) => HashKey::Tuple(items.iter().map(hash_key).collect::<Option<_>>()?),
        Value::List(_) | Value::Dict(_) | Value::Set(_) => return None,
        Value::PObj(o) => HashKey::Json(crate::pystachio::hash_repr(o)),
        Value::Ref(r) => HashKey::Json(format!("ref:{}", r.address())),
        Value::Builtin(name) => HashKey::Json(format!("builtin:{name}")),
        Value::Empty => HashKey::Json("Empty".into()),
        other => HashKey::Id(identity(other)),
    })
}

/// A stable identity for reference values (functions, classes, ...).
pub fn identity(v: &Value) -> usize {
    match v {
        Value::List(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::Dict(r) | Value::Set(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::Tuple(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::Str(s) => Rc::as_ptr(s) as *const u8 as usize,
        Value::Function(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::Method(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::Bound(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::Class(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::Instance(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::Module(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::Exception(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::File(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::PType(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::PObj(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::Sig(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::Ref(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::Bytes(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::Hasher(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::Check(r) => Rc::as_ptr(r) as *const u8 as usize,
        Value::Builtin(name) => name.as_ptr() as usize,
        Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Empty => 0,
    }
}

impl Value {
    /// A string value.
    pub fn str(s: impl Into<Str>) -> Value {
        Value::Str(s.into())
    }

    /// A new list.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(items)))
    }

    /// A new tuple.
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(items))
    }

    /// A new dict.
    pub fn dict(d: Dict) -> Value {
        Value::Dict(Rc::new(RefCell::new(d)))
    }

    /// Python's `type(x).__name__`.
    pub fn type_name(&self) -> String {
        match self {
            Value::None => "NoneType".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Float(_) => "float".into(),
            Value::Str(_) => "str".into(),
            Value::List(_) => "list".into(),
            Value::Tuple(_) => "tuple".into(),
            Value::Dict(_) => "dict".into(),
            Value::Set(_) => "set".into(),
            Value::Function(_) => "function".into(),
            Value::Builtin(_) => "builtin_function_or_method".into(),
            Value::Method(_) | Value::Bound(_) => "instancemethod".into(),
            Value::Class(_) => "classobj".into(),
            Value::Instance(i) => i.class.name.to_string(),
            Value::Module(_) => "module".into(),
            Value::Exception(e) => e
                .class
                .as_ref()
                .map_or(e.kind.to_string(), |c| c.name.to_string()),
            Value::File(_) => "file".into(),
            Value::PType(_) => "TypeMetaclass".into(),
            Value::PObj(o) => o.ty.name(),
            Value::Sig(_) => "TypeSignature".into(),
            Value::Empty => "type".into(),
            Value::Ref(_) => "Ref".into(),
            Value::Bytes(_) => "str".into(),
            Value::Hasher(h) => format!("{}_hash", h.borrow().0),
            Value::Check(_) => "TypeCheck".into(),
        }
    }

    /// Python truthiness for values that need no interpreter help.
    pub fn truthy(&self) -> bool {
        match self {
            Value::None | Value::Empty => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) | Value::Set(d) => !d.borrow().is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            _ => true,
        }
    }
}
