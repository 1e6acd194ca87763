//! Dicts and sets with CPython 2.7's iteration order, and the keys they are indexed by. The
//! table is generic over what it holds, so it knows nothing of values; how a value becomes a
//! [`Key`] is the value's business (`value.rs`).
//!
//! Entries live in insertion order; the order emulation of [`crate::py2order`] replays the
//! interpreter's hash table from each key's CPython hash to iterate them in its slot order. That
//! is exact while every key has a reproducible hash (`str`, `int`/`bool`, `float`, tuples of
//! those, and embedder objects that provide one). A key CPython hashes by address (`None`,
//! functions, classes, instances) makes the dict fall back to insertion order for the rest of its
//! life (until `clear()`); so do dicts derived from it (copies, merges).

use crate::py2order::{self, DictOrder, SetOrder};
use crate::HashMap;
use std::rc::Rc;

type Str = Rc<str>;

/// The hashable identity of a key: equal Python keys have equal `HashKey`s.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum HashKey {
    None,
    Int(i64),
    Float(u64),
    Str(Str),
    Bytes(std::rc::Rc<[u8]>),
    Tuple(Vec<HashKey>),
    /// Identity (functions, classes, instances, ...).
    Id(usize),
    /// A canonical text an embedder object computes (equal objects have equal texts).
    Text(String),
}

impl HashKey {
    /// Whether the key is, or holds, an object's identity.
    pub fn has_identity(&self) -> bool {
        match self {
            HashKey::Id(_) => true,
            HashKey::Tuple(items) => items.iter().any(HashKey::has_identity),
            _ => false,
        }
    }
}

/// A key as a dict sees it: its identity and, when reproducible, CPython 2.7's `hash()`.
#[derive(Clone, Debug)]
pub struct Key {
    pub id: HashKey,
    pub hash: Option<i64>,
}

impl Key {
    /// A string key.
    pub fn str(s: &Str) -> Key {
        Key {
            id: HashKey::Str(s.clone()),
            hash: Some(py2order::hash_str(s)),
        }
    }
}

/// The values a [`Dict`] holds: cloneable, with a default (a set member's value) and strings
/// (the keys of keyword arguments).
pub trait Entry: Clone + Default + From<Str> {}

impl<T: Clone + Default + From<Str>> Entry for T {}

/// A Python dict (also the storage of sets, with default values), of values `V`.
pub struct Dict<V> {
    entries: Vec<Option<(Key, V, V)>>,
    index: HashMap<HashKey, usize>,
    live: usize,
    order: Order,
}

/// How a [`Dict`] orders its entries; key ids are indices into `entries`.
#[derive(Clone)]
enum Order {
    Dict(DictOrder),
    Set(SetOrder),
    /// Insertion order (a key whose CPython hash we cannot reproduce was added).
    Insertion {
        set: bool,
    },
}

impl<V: Entry> Default for Dict<V> {
    fn default() -> Dict<V> {
        Dict::new()
    }
}

impl<V: Entry> Dict<V> {
    fn with_order(order: Order) -> Dict<V> {
        Dict {
            entries: Vec::new(),
            index: HashMap::default(),
            live: 0,
            order,
        }
    }

    /// An empty dict (`{}`, `dict()`, comprehensions, `**kw` of a Python function, `json`).
    pub fn new() -> Dict<V> {
        Dict::with_order(Order::Dict(DictOrder::new()))
    }

    /// An empty dict sized as a `{k: v, ...}` literal of `n` entries builds it.
    pub fn presized(n: usize) -> Dict<V> {
        Dict::with_order(Order::Dict(DictOrder::presized(n)))
    }

    /// An empty set (`set()`, `{a, b}`, set comprehensions).
    pub fn new_set() -> Dict<V> {
        Dict::with_order(Order::Set(SetOrder::new()))
    }

    /// Whether this is the storage of a set.
    pub fn is_set(&self) -> bool {
        matches!(self.order, Order::Set(_) | Order::Insertion { set: true })
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
    pub fn get(&self, key: &HashKey) -> Option<&V> {
        self.index
            .get(key)
            .and_then(|&i| self.entries[i].as_ref().map(|(_, _, v)| v))
    }

    /// Whether the key is present.
    pub fn contains(&self, key: &HashKey) -> bool {
        self.index.contains_key(key)
    }

    /// Inserts or replaces (`d[k] = v`, `s.add(x)`); an existing key keeps its position and
    /// its original key object.
    pub fn insert(&mut self, key: Key, k: V, v: V) {
        if let Some(&i) = self.index.get(&key.id) {
            if let Some(entry) = self.entries[i].as_mut() {
                entry.2 = v;
                return;
            }
        }
        let hash = key.hash;
        let id = self.push(key, k, v);
        match (&mut self.order, hash) {
            (Order::Dict(o), Some(h)) => o.insert(h, id),
            (Order::Set(o), Some(h)) => o.add(h, id),
            (Order::Insertion { .. }, _) => {}
            (_, None) => self.fall_back(),
        }
    }

    /// Inserts a string key.
    pub fn insert_str(&mut self, k: &Str, v: V) {
        self.insert(Key::str(k), V::from(k.clone()), v);
    }

    /// Appends a new entry (no table bookkeeping); returns its id.
    fn push(&mut self, key: Key, k: V, value: V) -> usize {
        let id = self.entries.len();
        self.index.insert(key.id.clone(), id);
        self.entries.push(Some((key, k, value)));
        self.live += 1;
        id
    }

    /// Switches to insertion order for good (until `clear()`).
    fn fall_back(&mut self) {
        self.order = Order::Insertion { set: self.is_set() };
    }

    /// Removes a key, returning its value (`del d[k]`, `d.pop(k)`, `s.remove(x)`).
    pub fn remove(&mut self, key: &HashKey) -> Option<V> {
        let i = self.index.remove(key)?;
        let (_, _, v) = self.entries[i].take()?;
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
        let mut renumber = HashMap::with_capacity_and_hasher(self.live, Default::default());
        let old = std::mem::take(&mut self.entries);
        self.index.clear();
        for (i, entry) in old.into_iter().enumerate() {
            if let Some((key, k, v)) = entry {
                renumber.insert(i, self.entries.len());
                self.index.insert(key.id.clone(), self.entries.len());
                self.entries.push(Some((key, k, v)));
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
    pub fn pop_item(&mut self) -> Option<(V, V)> {
        let id = match &mut self.order {
            Order::Dict(o) => o.pop_item(),
            Order::Set(o) => o.pop(),
            Order::Insertion { .. } => self.entries.iter().position(Option::is_some),
        }?;
        let (key, k, v) = self.entries[id].take()?;
        self.index.remove(&key.id);
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
    pub fn iter(&self) -> impl Iterator<Item = (&V, &V)> {
        self.ids()
            .into_iter()
            .filter_map(move |i| self.entries[i].as_ref().map(|(_, k, v)| (k, v)))
    }

    /// Iterates over `(key, key value, value)` in CPython 2.7's order.
    pub fn iter_keyed(&self) -> impl Iterator<Item = (&Key, &V, &V)> {
        self.ids()
            .into_iter()
            .filter_map(move |i| self.entries[i].as_ref().map(|(h, k, v)| (h, k, v)))
    }

    /// A copy holding `f` of every key object and value, in the same order, or `f`'s first
    /// error. The keys' identities are kept as they are.
    pub fn try_map<E>(&self, mut f: impl FnMut(&V) -> Result<V, E>) -> Result<Dict<V>, E> {
        let mut entries = Vec::with_capacity(self.entries.len());
        for e in &self.entries {
            entries.push(match e {
                Some((key, k, v)) => Some((key.clone(), f(k)?, f(v)?)),
                None => None,
            });
        }
        Ok(Dict {
            entries,
            index: self.index.clone(),
            live: self.live,
            order: self.order.clone(),
        })
    }

    /// The keys in order.
    pub fn keys(&self) -> Vec<V> {
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
    pub fn copy(&self) -> Dict<V> {
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
    pub fn merge(&mut self, other: &Dict<V>) {
        let into_set = self.is_set();
        let member = V::default();
        let Dict {
            entries,
            index,
            live,
            order,
        } = self;
        let mut new_id = |oid: usize| -> Option<usize> {
            let (key, k, v) = other.entries[oid].as_ref()?;
            // A dict's keys become set members (whose values are all `None`).
            let v = if into_set { &member } else { v };
            if let Some(&i) = index.get(&key.id) {
                if let Some(entry) = entries[i].as_mut() {
                    entry.2 = v.clone();
                }
                return Some(i);
            }
            let id = entries.len();
            index.insert(key.id.clone(), id);
            entries.push(Some((key.clone(), k.clone(), v.clone())));
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
    pub fn merge_kwargs(&mut self, kwargs: &[(Str, V)]) {
        let mut items = Vec::with_capacity(kwargs.len());
        for (k, v) in kwargs {
            let hk = HashKey::Str(k.clone());
            let id = match self.index.get(&hk) {
                Some(&i) => {
                    if let Some(entry) = self.entries[i].as_mut() {
                        entry.2 = v.clone();
                    }
                    i
                }
                None => self.push(Key::str(k), V::from(k.clone()), v.clone()),
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

/// One way CPython 2.7 hands a dict on to a new dict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// Into a Python function's `**kw` (`function_call` flattens the dict in its order and
    /// the callee inserts each key into a new dict).
    Reinsert,
    /// `d.copy()`, `dict(d)`, `copy.copy(d)`.
    Copy,
}

/// The order (as indices into `hashes`) of the dict that results when a dict whose keys iterate
/// with these CPython hashes is handed on through `passes`. Without every hash, the order stays.
pub fn passed_order(hashes: &[Option<i64>], passes: &[Pass]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..hashes.len()).collect();
    let Some(hashes) = hashes.iter().copied().collect::<Option<Vec<i64>>>() else {
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
