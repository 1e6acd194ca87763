//! Runtime values of the config interpreter.
//!
//! Python values (numbers, strings, containers, functions, classes, exceptions) and the
//! Pystachio values (types, objects, field signatures) live in one [`Value`] enum so the
//! interpreter can pass them around uniformly. Containers are `Rc<RefCell<..>>` because Python
//! lists and dicts are mutable and shared; Pystachio objects are immutable and only `Rc`.
//! This module knows nothing of evaluation: it holds data, equality, hashing and `repr`.

use super::py2order::{self, DictOrder, SetOrder};
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
    /// `@property`: read through an instance, it is called with the instance.
    Property,
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
    /// For a class body: every store (`true`) and delete (`false`) of a name, in execution
    /// order, from which the class namespace dict's CPython order is replayed.
    pub class_log: Option<RefCell<Vec<(Str, bool)>>>,
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

/// A Python dict (also used for sets, with `None` values).
///
/// Iteration follows CPython 2.7: entries live in insertion order in `entries`, and `order`
/// replays the interpreter's hash table (see [`super::py2order`]) to iterate them in its slot
/// order. That is exact while every key is a `str`, `int`/`bool`, `float`, a pystachio object or
/// ref (hashed as pystachio 0.8.5 does, see [`crate::pystachio::py2_hash`]) or a tuple of those.
/// A key CPython hashes by address (`None`, functions, classes, instances, `Empty`) makes the
/// dict fall back to insertion order for the rest of its life (until `clear()`); so do dicts
/// derived from it (copies, merges).
///
/// Keys are equal when their [`HashKey`]s are. For pystachio objects that is CPython's test:
/// the same hash and `==` (equal interpolated values), so two objects that interpolate alike
/// but hash differently (`Integer(2)` and `Integer('2')`) are both kept, as in CPython.
pub struct Dict {
    entries: Vec<Option<(Value, Value)>>,
    index: HashMap<HashKey, usize>,
    live: usize,
    order: Order,
}

/// How a [`Dict`] orders its entries; key ids are indices into `entries`.
enum Order {
    Dict(DictOrder),
    Set(SetOrder),
    /// Insertion order (a key whose CPython hash we cannot reproduce was added).
    Insertion {
        set: bool,
    },
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

impl Default for Dict {
    fn default() -> Dict {
        Dict::new()
    }
}

impl Dict {
    fn with_order(order: Order) -> Dict {
        Dict {
            entries: Vec::new(),
            index: HashMap::new(),
            live: 0,
            order,
        }
    }

    /// An empty dict (`{}`, `dict()`, comprehensions, `**kw` of a Python function, `json`).
    pub fn new() -> Dict {
        Dict::with_order(Order::Dict(DictOrder::new()))
    }

    /// An empty dict sized as a `{k: v, ...}` literal of `n` entries builds it.
    pub fn presized(n: usize) -> Dict {
        Dict::with_order(Order::Dict(DictOrder::presized(n)))
    }

    /// An empty set (`set()`, `{a, b}`, set comprehensions).
    pub fn new_set() -> Dict {
        Dict::with_order(Order::Set(SetOrder::new()))
    }

    /// Whether this is the storage of a set.
    pub fn is_set(&self) -> bool {
        matches!(self.order, Order::Set(_) | Order::Insertion { set: true })
    }

    /// Whether iteration reproduces CPython 2.7's order (false after the fallback to
    /// insertion order).
    pub fn is_exact(&self) -> bool {
        !matches!(self.order, Order::Insertion { .. })
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

    /// Inserts or replaces (`d[k] = v`, `s.add(x)`); an existing key keeps its position and
    /// its original key object.
    pub fn insert(&mut self, hk: HashKey, key: Value, value: Value) {
        if let Some(&i) = self.index.get(&hk) {
            if let Some(entry) = self.entries[i].as_mut() {
                entry.1 = value;
                return;
            }
        }
        let hash = py2_hash(&key);
        let id = self.push(hk, key, value);
        match (&mut self.order, hash) {
            (Order::Dict(o), Some(h)) => o.insert(h, id),
            (Order::Set(o), Some(h)) => o.add(h, id),
            (Order::Insertion { .. }, _) => {}
            (_, None) => self.fall_back(),
        }
    }

    /// Appends a new entry (no table bookkeeping); returns its id.
    fn push(&mut self, hk: HashKey, key: Value, value: Value) -> usize {
        let id = self.entries.len();
        self.index.insert(hk, id);
        self.entries.push(Some((key, value)));
        self.live += 1;
        id
    }

    /// Switches to insertion order for good (until `clear()`).
    fn fall_back(&mut self) {
        self.order = Order::Insertion { set: self.is_set() };
    }

    /// Removes a key, returning its value (`del d[k]`, `d.pop(k)`, `s.remove(x)`).
    pub fn remove(&mut self, key: &HashKey) -> Option<Value> {
        let i = self.index.remove(key)?;
        let (_, v) = self.entries[i].take()?;
        self.live -= 1;
        match &mut self.order {
            Order::Dict(o) => {
                o.remove(i);
            }
            Order::Set(o) => {
                o.remove(i);
            }
            Order::Insertion { .. } => {}
        }
        if self.entries.len() > 32 && self.live * 2 < self.entries.len() {
            self.compact();
        }
        Some(v)
    }

    /// Drops the holes left by removals, renumbering the ids the order emulation knows.
    fn compact(&mut self) {
        let mut renumber = HashMap::with_capacity(self.live);
        let old = std::mem::take(&mut self.entries);
        self.index.clear();
        for (i, entry) in old.into_iter().enumerate() {
            if let Some((k, v)) = entry {
                let hk = hash_key(&k).expect("keys in a dict are hashable");
                renumber.insert(i, self.entries.len());
                self.index.insert(hk, self.entries.len());
                self.entries.push(Some((k, v)));
            }
        }
        let f = |old: usize| renumber[&old];
        match &mut self.order {
            Order::Dict(o) => o.remap_ids(f),
            Order::Set(o) => o.remap_ids(f),
            Order::Insertion { .. } => {}
        }
    }

    /// Removes and returns the entry `d.popitem()` / `s.pop()` picks (the first entry when
    /// the order is not emulated).
    pub fn pop_item(&mut self) -> Option<(Value, Value)> {
        let id = match &mut self.order {
            Order::Dict(o) => o.pop_item(),
            Order::Set(o) => o.pop(),
            Order::Insertion { .. } => self.entries.iter().position(Option::is_some),
        }?;
        let (k, v) = self.entries[id].take()?;
        self.index
            .remove(&hash_key(&k).expect("keys in a dict are hashable"));
        self.live -= 1;
        Some((k, v))
    }

    /// Entry ids in iteration order.
    fn ids(&self) -> Vec<usize> {
        match &self.order {
            Order::Dict(o) => o.iter_order(),
            Order::Set(o) => o.iter_order(),
            Order::Insertion { .. } => (0..self.entries.len())
                .filter(|&i| self.entries[i].is_some())
                .collect(),
        }
    }

    /// Iterates over `(key, value)` pairs in CPython 2.7's order.
    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.ids()
            .into_iter()
            .filter_map(move |i| self.entries[i].as_ref().map(|(k, v)| (k, v)))
    }

    /// The keys in order.
    pub fn keys(&self) -> Vec<Value> {
        self.iter().map(|(k, _)| k.clone()).collect()
    }

    /// Removes everything; the order emulation starts afresh (`d.clear()`, `s.clear()`).
    pub fn clear(&mut self) {
        *self = if self.is_set() {
            Dict::new_set()
        } else {
            Dict::new()
        };
    }

    /// A shallow copy as CPython makes it: `d.copy()`, `dict(d)`, `copy.copy(d)`, `s.copy()`,
    /// `set(s)`. Its order can differ from the original's.
    pub fn copy(&self) -> Dict {
        let mut d = if self.is_set() {
            Dict::new_set()
        } else {
            Dict::new()
        };
        d.merge(self);
        d
    }

    /// `self.update(other)` with `other` a dict or set (`PyDict_Merge`, `set_merge`, and
    /// `set_update_internal` for a dict into a set): `other`'s entries in its order, values
    /// replacing those of keys already present (which keep their position). `other` must not
    /// be `self`.
    pub fn merge(&mut self, other: &Dict) {
        let into_set = self.is_set();
        let Dict {
            entries,
            index,
            live,
            order,
        } = self;
        let mut new_id = |oid: usize| -> Option<usize> {
            let (k, v) = other.entries[oid].as_ref()?;
            // A dict's keys become set members (whose values are all `None`).
            let v = if into_set { &Value::None } else { v };
            let hk = hash_key(k).expect("keys in a dict are hashable");
            if let Some(&i) = index.get(&hk) {
                if let Some(entry) = entries[i].as_mut() {
                    entry.1 = v.clone();
                }
                return Some(i);
            }
            let id = entries.len();
            index.insert(hk, id);
            entries.push(Some((k.clone(), v.clone())));
            *live += 1;
            Some(id)
        };
        match (&mut *order, &other.order) {
            (Order::Dict(me), Order::Dict(them)) => me.merge(them, new_id),
            (Order::Set(me), Order::Set(them)) => me.merge(them, new_id),
            (Order::Set(me), Order::Dict(them)) => me.update_from_dict(them, new_id),
            _ => {
                for oid in other.ids() {
                    new_id(oid);
                }
                *order = Order::Insertion { set: into_set };
            }
        }
    }

    /// `self.update(kw)` for the keyword arguments a call handed over (`dict(**kw)`,
    /// `d.update(a=1)`), given in the kwargs dict's iteration order.
    pub fn merge_kwargs(&mut self, kwargs: &[(Str, Value)]) {
        let mut items = Vec::with_capacity(kwargs.len());
        for (k, v) in kwargs {
            let hk = HashKey::Str(k.clone());
            let id = match self.index.get(&hk) {
                Some(&i) => {
                    if let Some(entry) = self.entries[i].as_mut() {
                        entry.1 = v.clone();
                    }
                    i
                }
                None => self.push(hk, Value::Str(k.clone()), v.clone()),
            };
            items.push((py2order::hash_str(k), id));
        }
        match &mut self.order {
            Order::Dict(o) => o.merge_iteration(&items),
            Order::Set(_) => self.fall_back(),
            Order::Insertion { .. } => {}
        }
    }

    /// The check ending `s.difference_update(..)` and `s -= t`: rebuild the table when a fifth
    /// of it is deleted slots.
    pub fn purge_after_difference_update(&mut self) {
        if let Order::Set(o) = &mut self.order {
            o.purge_after_difference_update();
        }
    }
}

/// CPython 2.7's `hash(v)` where it does not depend on addresses: `str` (our strings, hashed
/// as their UTF-8 bytes, which equals `unicode`'s hash for ASCII), `int`, `bool`, `float`,
/// pystachio objects and refs (as pystachio 0.8.5 hashes them) and tuples of those.
pub fn py2_hash(v: &Value) -> Option<i64> {
    Some(match v {
        Value::Str(s) => py2order::hash_str(s),
        Value::Bytes(b) => py2order::hash_bytes(b),
        Value::Int(i) => py2order::hash_int(*i),
        Value::Bool(b) => py2order::hash_bool(*b),
        Value::Float(f) => py2order::hash_float(*f),
        Value::Tuple(items) => {
            py2order::hash_tuple(&items.iter().map(py2_hash).collect::<Option<Vec<_>>>()?)
        }
        Value::PObj(o) => crate::pystachio::py2_hash(o)?,
        Value::Ref(r) => r.py2_hash(),
        _ => return None,
    })
}

/// One way CPython 2.7 hands a dict on to a new dict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// Into a Python function's `**kw` (`function_call` flattens the dict in its order and
    /// the callee inserts each key into a new dict).
    Reinsert,
    /// `d.copy()`, `dict(d)`, `copy.copy(d)`.
    Copy,
}

/// The order (as indices into `keys`) of the dict that results when a dict iterating as
/// `keys` is handed on through `passes`. Keys without a reproducible hash keep their order.
pub fn passed_order(keys: &[Value], passes: &[Pass]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    let Some(hashes) = keys.iter().map(py2_hash).collect::<Option<Vec<_>>>() else {
        return order;
    };
    for pass in passes {
        let items: Vec<(i64, usize)> = order.iter().map(|&i| (hashes[i], i)).collect();
        order = match pass {
            Pass::Reinsert => DictOrder::from_inserts(items).iter_order(),
            Pass::Copy => {
                let mut d = DictOrder::new();
                d.merge_iteration(&items);
                d.iter_order()
            }
        };
    }
    order
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
        // CPython finds an equal key only among keys of the same hash, so objects that
        // interpolate alike but hash differently are different keys.
        Value::PObj(o) => HashKey::Json(match crate::pystachio::py2_hash(o) {
            Some(h) => format!("{h}|{}", crate::pystachio::hash_repr(o)),
            None => crate::pystachio::hash_repr(o),
        }),
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
