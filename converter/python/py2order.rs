//! CPython 2.7 hashing and dict/set iteration order.
//!
//! Programs written for CPython 2.7 see its `dict` and `set` iterate in hash-table slot
//! order. Output that depends on that order (the first struct field error reported, `for k in
//! d`, `list(set(xs))`) can only be reproduced by replaying the interpreter's open-addressing
//! tables. This module does exactly that and nothing else: it knows hashes and slots, never
//! keys or values. Callers identify keys by ids of their own choosing (`key_id: usize`), decide
//! equality and duplicates themselves, and ask for the ids in iteration order.
//!
//! Facts reproduced (CPython 2.7.18, 64-bit Linux, hash randomization off, UCS4 unicode as
//! built by pyenv here):
//!
//! * Hashes: `str` (bytes), `unicode` (code points), `int`/`long`, `bool`, `float`, `tuple`,
//!   `frozenset`. `None`, functions, classes and plain instances hash by address in CPython
//!   (`_Py_HashPointer`), so their order cannot be reproduced and no function is offered.
//! * Tables (`Objects/dictobject.c`, `Objects/setobject.c`): 8-slot small table; initial
//!   index `hash & mask`; probe `i = 5*i + perturb + 1; perturb >>= 5` in unsigned 64-bit
//!   arithmetic; a new key takes the first dummy met on its probe path, else the first unused
//!   slot; after adding a key, if `fill*3 >= size*2` the table is rebuilt with the smallest
//!   power of two `> used*4` (`used*2` beyond 50000 keys) slots, re-inserting live entries in
//!   old slot order and dropping dummies. Deletion leaves a dummy and never resizes.
//!
//! How Python constructs map onto this API (each recipe is checked against python2.7 by the
//! tests below):
//!
//! * `{}`, `dict()`, `d[k] = v`, `d.setdefault(k)`, `dict(zip(..))`, `dict(pairs)`,
//!   `dict.fromkeys(list)`, `{k: v for ..}`: [`DictOrder::new`], then [`DictOrder::insert`]
//!   per new key ([`DictOrder::from_inserts`]).
//! * A `{a: 1, b: 2, ..}` literal of n entries: [`DictOrder::presized`]`(n)`, then `insert` in
//!   source order (a repeated key only replaces a value).
//! * `d.copy()`, `dict(d)`, `dict(**d)`: [`DictOrder::copy`]; `d.update(e)` with `e` a dict:
//!   [`DictOrder::merge`]. The copy's order can differ from the original's. Merging reads only
//!   `e`'s keys in iteration order, so a dict known just by that sequence (the kwargs a call
//!   hands over as pairs) merges with [`DictOrder::merge_iteration`].
//! * `f(a=1, b=2)` or `obj.m(a=1, b=2)`, `f`/`m` a Python function with `**kw`: `kw` is `new`
//!   plus `insert` in source order, skipping names bound to named parameters.
//! * Any call through `do_call`/`ext_do_call` (calling a class, builtin, builtin method or
//!   callable instance, or any call with a `**` argument) first builds
//!   [`DictOrder::call_kwargs`]: explicit keywords inserted in *reverse* source order, after a
//!   copy of the `**` dict. The callee sees that dict: `dict(a=1)` and `d.update(a=1)` merge it;
//!   a Python function (e.g. `__init__(self, **kw)` of a class) gets
//!   [`DictOrder::reinserted`] of it. So `C(a=1, b=2)` gives `call_kwargs(None, kws)
//!   .reinserted(..)`, `f(**d)` gives `d.reinserted(..)`, and each further `g(**kw)` hop
//!   re-inserts again (the order can change at every hop). For instance pystachio 0.8.5's
//!   `Struct(a=1, b=2)` reaches `_update_schema_data(**copy.copy(kw))` (`copy.copy` of a dict is
//!   `dict(d)`), whose `kw` is `call_kwargs(None, kws).reinserted(..).copy().reinserted(..)`.
//! * `del d[k]`, `d.pop(k)`: [`DictOrder::remove`]; `d.popitem()`: [`DictOrder::pop_item`];
//!   `d.clear()`: [`DictOrder::clear`].
//! * `dict.fromkeys(x)` with `x` a dict or set of n keys: `new`, [`DictOrder::resize`]`(n / 2 *
//!   3)`, then [`DictOrder::insert_no_resize`] in `x`'s order.
//! * `set()`, `set(list)`, `frozenset(list)`, `{a, b}` literals, set comprehensions,
//!   `s.add(x)`, `s.update(list)`: [`SetOrder::new`], then [`SetOrder::add`] per new member in
//!   order ([`SetOrder::from_adds`]; literals add in source order).
//! * `set(s)`, `s.copy()`: [`SetOrder::copy`]; `s.update(t)` with `t` a set:
//!   [`SetOrder::merge`]; the union `s.union(t)` is `s.copy()` then `merge(t)`.
//! * `set(d)`, `s.update(d)` with `d` a dict: [`SetOrder::update_from_dict`].
//! * `s.remove(x)`, `s.discard(x)`: [`SetOrder::remove`]; `s.pop()`: [`SetOrder::pop`];
//!   `s.clear()`: [`SetOrder::clear`].
//! * `s.difference_update(xs)` and `s -= t`: `remove` each, then
//!   [`SetOrder::purge_after_difference_update`].
//! * `s - t` or `s.difference(t)` with `t` a set or dict: a `new` set, adding each member of `s`
//!   (in `s` order) that `t` lacks; `s.difference(xs)` for another iterable: `s.copy()`, then as
//!   `difference_update`.
//! * `s & t` with `t` a set: a `new` set, adding each member of the smaller set (`t` on a tie),
//!   in its order, that the other contains; `s.intersection(xs)` for another iterable: a `new`
//!   set, adding each item of `xs` in order that `s` contains.
//!
//! A class body's namespace is a dict built by `insert`: first `__module__`, then `__doc__`
//! when there is a docstring, then the body's names in execution order.

use crate::HashMap;

/// Table size of a new dict or set (`PyDict_MINSIZE`, `PySet_MINSIZE`).
const MINSIZE: usize = 8;
/// Bits of the hash mixed into each further probe (`PERTURB_SHIFT`).
const PERTURB_SHIFT: u32 = 5;
/// Above this many live keys a growing table doubles instead of quadrupling.
const QUADRUPLE_LIMIT: usize = 50_000;

/// Maps a computed hash of -1 (CPython's error marker) to -2, as every 2.7 hash function does.
fn fix(x: i64) -> i64 {
    if x == -1 {
        -2
    } else {
        x
    }
}

/// Hash of a py2 `str` made of these bytes (`string_hash`); the empty string hashes to 0.
pub fn hash_bytes(bytes: &[u8]) -> i64 {
    let Some(&first) = bytes.first() else {
        return 0;
    };
    let mut x = i64::from(first) << 7;
    for &b in bytes {
        x = x.wrapping_mul(1_000_003) ^ i64::from(b);
    }
    fix(x ^ bytes.len() as i64)
}

/// Hash of a py2 `str` holding the UTF-8 encoding of `s` (what a `'...'` literal in a UTF-8
/// source file is).
pub fn hash_str(s: &str) -> i64 {
    hash_bytes(s.as_bytes())
}

/// Hash of a py2 `unicode` string (`unicode_hash` over UCS4 code units, i.e. code points);
/// equal to [`hash_str`] for ASCII, as py2 requires since `u'a' == 'a'`.
pub fn hash_unicode(s: &str) -> i64 {
    let Some(first) = s.chars().next() else {
        return 0;
    };
    // `*p << 7` is computed in 32-bit unsigned arithmetic; code points < 2**21 never overflow.
    let mut x = i64::from(u32::from(first) << 7);
    let mut len = 0i64;
    for c in s.chars() {
        x = x.wrapping_mul(1_000_003) ^ i64::from(u32::from(c));
        len += 1;
    }
    fix(x ^ len)
}

/// Hash of a py2 `int` (`int_hash`: the value itself, except -1 hashes to -2).
pub fn hash_int(i: i64) -> i64 {
    fix(i)
}

/// Hash of a py2 `bool` (`bool` inherits `int`'s hash: 1 or 0).
pub fn hash_bool(b: bool) -> i64 {
    i64::from(b)
}

/// Turns `|v| mod (2**64 - 1)` and the sign of `v` into `long_hash`'s result.
///
/// `long_hash` folds the 30-bit digits with a circular shift, which keeps the value modulo
/// `ULONG_MAX` and yields a result in `1..=ULONG_MAX` for any non-zero value.
fn long_hash_from_residue(negative: bool, zero: bool, residue: u64) -> i64 {
    if zero {
        return 0;
    }
    let x = if residue == 0 { u64::MAX } else { residue };
    let x = if negative { x.wrapping_neg() } else { x };
    fix(x as i64)
}

/// Hash of a py2 integer of any size that fits `i128` (`long_hash`; agrees with [`hash_int`]
/// on the `i64` range, so it also covers `long` values such as `2**64`).
pub fn hash_long(v: i128) -> i64 {
    let residue = (v.unsigned_abs() % u128::from(u64::MAX)) as u64;
    long_hash_from_residue(v < 0, v == 0, residue)
}

/// `long_hash` of an integral double too large for `hash_int` (|v| > 2**62).
fn hash_integral_double(v: f64) -> i64 {
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as u32;
    let mantissa = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    // |v| = mantissa * 2**shift with shift >= 10 here; 2**64 == 1 (mod 2**64 - 1).
    let shift = biased - 1075;
    let product = u128::from(mantissa) << (shift % 64);
    let residue = (product % u128::from(u64::MAX)) as u64;
    long_hash_from_residue(v < 0.0, false, residue)
}

/// C's `frexp` for finite non-zero `x`: `x = m * 2**e` with `0.5 <= |m| < 1`.
fn frexp(x: f64) -> (f64, i32) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(x * 18_446_744_073_709_551_616.0);
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, biased - 1022)
}

/// Hash of a py2 `float` (`_Py_HashDouble`): integral values hash like the equal `int`/`long`,
/// others mix `frexp`'s parts; `inf` is 314159, `-inf` -271828 and `nan` 0.
pub fn hash_float(f: f64) -> i64 {
    if f.is_nan() {
        return 0;
    }
    if f.is_infinite() {
        return if f < 0.0 { -271_828 } else { 314_159 };
    }
    let intpart = f.trunc();
    if f - intpart == 0.0 {
        // `LONG_MAX / 2` converted to double is exactly 2**62.
        const HALF_LONG_MAX: f64 = 4_611_686_018_427_387_904.0;
        if intpart > HALF_LONG_MAX || -intpart > HALF_LONG_MAX {
            return hash_integral_double(intpart);
        }
        return hash_int(intpart as i64);
    }
    let (m, expo) = frexp(f);
    let mut v = m * 2_147_483_648.0;
    let hipart = v as i64;
    v = (v - hipart as f64) * 2_147_483_648.0;
    fix(hipart + v as i64 + (i64::from(expo) << 15))
}

/// Hash of a py2 `tuple` whose items hash to `items` (`tuplehash`).
pub fn hash_tuple(items: &[i64]) -> i64 {
    let mut x: i64 = 0x0034_5678;
    let mut mult: i64 = 1_000_003;
    let mut len = items.len() as i64;
    for &y in items {
        len -= 1;
        x = (x ^ y).wrapping_mul(mult);
        mult = mult.wrapping_add(82_520 + len + len);
    }
    fix(x.wrapping_add(97_531))
}

/// Hash of a py2 `frozenset` whose distinct members hash to `items`, in any order
/// (`frozenset_hash`).
pub fn hash_frozenset(items: &[i64]) -> i64 {
    let mut hash: i64 = 1_927_868_237i64.wrapping_mul(items.len() as i64 + 1);
    for &h in items {
        hash ^= (h ^ (h << 16) ^ 89_869_747).wrapping_mul(3_644_798_167);
    }
    let hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
    if hash == -1 {
        590_923_713
    } else {
        hash
    }
}

/// State of one table slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    /// Never used since the table was (re)built.
    Empty,
    /// Held a key that was deleted; probing continues past it.
    Dummy,
    /// Holds the key with this caller id.
    Active(usize),
}

/// The open-addressing table shared by dicts and sets (both files implement the same one).
#[derive(Clone, Debug)]
struct Table {
    slots: Vec<Slot>,
    /// `me_hash`/`hash` field of each slot: stale for dummies, a search finger in slot 0
    /// after `popitem`/`pop`, zero after a rebuild.
    hashes: Vec<i64>,
    /// Active plus dummy slots (`ma_fill`).
    fill: usize,
    /// Active slots (`ma_used`).
    used: usize,
    /// Slot of each live key id.
    position: HashMap<usize, usize>,
}

impl Table {
    fn new() -> Self {
        Self::with_size(MINSIZE)
    }

    fn with_size(size: usize) -> Self {
        Table {
            slots: vec![Slot::Empty; size],
            hashes: vec![0; size],
            fill: 0,
            used: 0,
            position: HashMap::default(),
        }
    }

    fn mask(&self) -> u64 {
        (self.slots.len() - 1) as u64
    }

    /// The slot `lookdict`/`set_lookkey` returns for a key known to be absent: the first dummy
    /// on the probe path, else the unused slot that ends it.
    fn free_slot(&self, hash: i64) -> usize {
        let mask = self.mask();
        let mut i = (hash as u64) & mask;
        let mut free = None;
        let mut perturb = hash as u64;
        loop {
            let idx = (i & mask) as usize;
            match self.slots[idx] {
                Slot::Empty => return free.unwrap_or(idx),
                Slot::Dummy if free.is_none() => free = Some(idx),
                _ => {}
            }
            i = (i << 2)
                .wrapping_add(i)
                .wrapping_add(perturb)
                .wrapping_add(1);
            perturb >>= PERTURB_SHIFT;
        }
    }

    /// The first unused slot on the probe path (`insertdict_clean`, `set_insert_clean`).
    fn clean_slot(&self, hash: i64) -> usize {
        let mask = self.mask();
        let mut i = (hash as u64) & mask;
        let mut perturb = hash as u64;
        while self.slots[(i & mask) as usize] != Slot::Empty {
            i = (i << 2)
                .wrapping_add(i)
                .wrapping_add(perturb)
                .wrapping_add(1);
            perturb >>= PERTURB_SHIFT;
        }
        (i & mask) as usize
    }

    fn put(&mut self, idx: usize, hash: i64, id: usize) {
        if self.slots[idx] == Slot::Empty {
            self.fill += 1;
        }
        self.slots[idx] = Slot::Active(id);
        self.hashes[idx] = hash;
        self.used += 1;
        self.position.insert(id, idx);
    }

    /// `insertdict` / `set_insert_key`; returns whether `id` was new.
    fn insert_no_resize(&mut self, hash: i64, id: usize) -> bool {
        if self.position.contains_key(&id) {
            return false;
        }
        // CPython keeps an unused slot so probing terminates; running out means misuse.
        assert!(
            self.fill < self.slots.len(),
            "py2order: table has no unused slot"
        );
        let idx = self.free_slot(hash);
        self.put(idx, hash, id);
        true
    }

    /// `PyDict_SetItem` / `set_add_key`: insert a new key, then grow when 2/3 full.
    fn insert(&mut self, hash: i64, id: usize) {
        if self.insert_no_resize(hash, id) && self.fill * 3 >= self.slots.len() * 2 {
            let factor = if self.used > QUADRUPLE_LIMIT { 2 } else { 4 };
            self.resize(self.used * factor);
        }
    }

    /// `dictresize` / `set_table_resize`: rebuild with the smallest power of two `> minused`.
    fn resize(&mut self, minused: usize) {
        let mut size = MINSIZE;
        while size <= minused {
            size <<= 1;
        }
        if size == MINSIZE && self.slots.len() == MINSIZE && self.fill == self.used {
            // Already the small table and no dummies to purge.
            return;
        }
        let old = std::mem::replace(self, Table::with_size(size));
        for (slot, hash) in old.slots.into_iter().zip(old.hashes) {
            if let Slot::Active(id) = slot {
                let idx = self.clean_slot(hash);
                self.put(idx, hash, id);
            }
        }
    }

    fn remove(&mut self, id: usize) -> bool {
        match self.position.remove(&id) {
            Some(idx) => {
                self.slots[idx] = Slot::Dummy;
                self.used -= 1;
                true
            }
            None => false,
        }
    }

    /// `dict_popitem` / `set_pop`: slot 0 if live, else scan from the finger kept in slot 0.
    fn pop(&mut self) -> Option<usize> {
        if self.used == 0 {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = 0usize;
        if !matches!(self.slots[0], Slot::Active(_)) {
            let finger = self.hashes[0];
            i = if finger < 1 || finger > mask as i64 {
                1
            } else {
                finger as usize
            };
            while !matches!(self.slots[i], Slot::Active(_)) {
                i += 1;
                if i > mask {
                    i = 1;
                }
            }
        }
        let Slot::Active(id) = self.slots[i] else {
            unreachable!("the scan stops on a live slot")
        };
        self.slots[i] = Slot::Dummy;
        self.used -= 1;
        self.position.remove(&id);
        self.hashes[0] = i as i64 + 1;
        Some(id)
    }

    /// Live `(key_id, hash)` pairs in slot (iteration) order.
    fn entries(&self) -> Vec<(usize, i64)> {
        self.slots
            .iter()
            .zip(&self.hashes)
            .filter_map(|(slot, &hash)| match *slot {
                Slot::Active(id) => Some((id, hash)),
                _ => None,
            })
            .collect()
    }

    fn order(&self) -> Vec<usize> {
        self.entries().into_iter().map(|(id, _)| id).collect()
    }

    /// The one up-front resize `PyDict_Merge` / `set_merge` / `set_update_internal` do before
    /// adding `incoming` keys.
    fn presize_for(&mut self, incoming: usize) {
        if (self.fill + incoming) * 3 >= self.slots.len() * 2 {
            self.resize((self.used + incoming) * 2);
        }
    }

    /// `PyDict_Merge` / `set_merge` from another table: presize, then add without resizing.
    fn merge(&mut self, other: &Table, new_id: impl FnMut(usize) -> Option<usize>) {
        self.merge_entries(other.entries(), new_id);
    }

    /// [`Table::merge`] from a table known only by its live `(key_id, hash)` pairs in slot
    /// order: the merge reads nothing else of the other table.
    fn merge_entries(
        &mut self,
        entries: Vec<(usize, i64)>,
        mut new_id: impl FnMut(usize) -> Option<usize>,
    ) {
        if entries.is_empty() {
            return;
        }
        self.presize_for(entries.len());
        for (id, hash) in entries {
            if let Some(id) = new_id(id) {
                self.insert_no_resize(hash, id);
            }
        }
    }

    /// Renames every live key id (slots and hashes stay as they are).
    fn remap(&mut self, mut f: impl FnMut(usize) -> usize) {
        for slot in &mut self.slots {
            if let Slot::Active(id) = slot {
                *id = f(*id);
            }
        }
        self.position = self
            .slots
            .iter()
            .enumerate()
            .filter_map(|(idx, slot)| match *slot {
                Slot::Active(id) => Some((id, idx)),
                _ => None,
            })
            .collect();
    }
}

/// Iteration order of one CPython 2.7 `dict`, replayed from the hashes of its keys.
#[derive(Clone, Debug)]
pub struct DictOrder {
    table: Table,
}

impl Default for DictOrder {
    fn default() -> Self {
        Self::new()
    }
}

impl DictOrder {
    /// An empty dict with the 8-slot small table (`PyDict_New`, `{}`, `dict()`).
    pub fn new() -> Self {
        DictOrder {
            table: Table::new(),
        }
    }

    /// An empty dict sized for `n` keys as a `{..}` literal of `n` entries builds it
    /// (`BUILD_MAP n` → `_PyDict_NewPresized`, which only presizes when `n > 5`).
    pub fn presized(n: usize) -> Self {
        let mut d = Self::new();
        if n > 5 {
            d.table.resize(n);
        }
        d
    }

    /// A dict built by `new` and `insert`ing each `(hash, key_id)` in order (`d[k] = v`
    /// repeatedly, `dict(pairs)`, dict comprehensions).
    pub fn from_inserts(items: impl IntoIterator<Item = (i64, usize)>) -> Self {
        let mut d = Self::new();
        for (hash, id) in items {
            d.insert(hash, id);
        }
        d
    }

    /// The kwargs dict a call hands its callee when it goes through `do_call`/`ext_do_call`
    /// (calls of classes, builtins, builtin methods, callable instances, and every call with a
    /// `**` argument): with explicit `keywords` (`(hash, key_id)` in source order),
    /// `update_keyword_args` copies the `**` dict if any (`PyDict_Copy`) and inserts the
    /// keywords last to first; without them the `**` dict itself is passed on unchanged.
    pub fn call_kwargs(star: Option<&DictOrder>, keywords: &[(i64, usize)]) -> Self {
        let mut d = match star {
            Some(star) if keywords.is_empty() => return star.clone(),
            Some(star) => star.copy(),
            None => Self::new(),
        };
        for &(hash, id) in keywords.iter().rev() {
            d.insert(hash, id);
        }
        d
    }

    /// The `**kw` dict a Python function gets when called with this dict as its keyword
    /// arguments (`function_call` flattens it in iteration order; `PyEval_EvalCodeEx` inserts
    /// each keyword not bound to a named parameter, i.e. those with `keep(key_id)`, into a new
    /// dict).
    pub fn reinserted(&self, mut keep: impl FnMut(usize) -> bool) -> Self {
        Self::from_inserts(
            self.table
                .entries()
                .into_iter()
                .filter(|&(id, _)| keep(id))
                .map(|(id, hash)| (hash, id)),
        )
    }

    /// Number of live keys.
    pub fn len(&self) -> usize {
        self.table.used
    }

    /// Whether the dict has no live key.
    pub fn is_empty(&self) -> bool {
        self.table.used == 0
    }

    /// Adds a key (`PyDict_SetItem`), growing the table when it gets 2/3 full. An id already
    /// live is left alone, as assigning to an existing key keeps its slot.
    pub fn insert(&mut self, hash: i64, key_id: usize) {
        self.table.insert(hash, key_id);
    }

    /// Adds a key without the resize check (`insertdict`, used by `PyDict_Merge` and
    /// `dict.fromkeys` after presizing); an id already live is left alone. Panics if the table
    /// has no unused slot left, which CPython's callers never allow.
    pub fn insert_no_resize(&mut self, hash: i64, key_id: usize) {
        self.table.insert_no_resize(hash, key_id);
    }

    /// Rebuilds the table with the smallest power-of-two size above `minused` (`dictresize`).
    pub fn resize(&mut self, minused: usize) {
        self.table.resize(minused);
    }

    /// Deletes a key, leaving a dummy slot (`del d[k]`, `d.pop(k)`); false if absent.
    pub fn remove(&mut self, key_id: usize) -> bool {
        self.table.remove(key_id)
    }

    /// Removes and returns the key `d.popitem()` picks, or `None` when empty.
    pub fn pop_item(&mut self) -> Option<usize> {
        self.table.pop()
    }

    /// Empties the dict back to a fresh small table (`d.clear()`).
    pub fn clear(&mut self) {
        self.table = Table::new();
    }

    /// Key ids in iteration order (`d.keys()`, `for k in d`, `d.items()`).
    pub fn iter_order(&self) -> Vec<usize> {
        self.table.order()
    }

    /// `(key_id, hash)` pairs in iteration order.
    pub fn entries(&self) -> Vec<(usize, i64)> {
        self.table.entries()
    }

    /// `self.update(other)` for a dict `other` (`PyDict_Merge`): one presize, then `other`'s
    /// keys in its iteration order; `new_id(other_id)` returns the id the key has (or gets) in
    /// `self` (`None` skips it), and a key `self` already holds keeps its slot. Pass `Some`
    /// when both dicts use the same ids.
    pub fn merge(&mut self, other: &DictOrder, new_id: impl FnMut(usize) -> Option<usize>) {
        self.table.merge(&other.table, new_id);
    }

    /// A copy as `d.copy()`, `dict(d)` and `dict(**d)` make it (`PyDict_Copy`), keeping ids.
    /// Its order can differ from the original's (different table size or dummies dropped).
    pub fn copy(&self) -> Self {
        let mut d = Self::new();
        d.merge(self, Some);
        d
    }

    /// [`DictOrder::merge`] from a dict known only by what iterating it yields: its
    /// `(hash, key_id)` pairs in iteration order, ids already in `self`'s numbering (an id
    /// `self` already holds keeps its slot). This is all `PyDict_Merge` reads, so it serves for
    /// a kwargs dict that a call handed over as a sequence (`dict(**kw)`, `d.update(a=1)`).
    pub fn merge_iteration(&mut self, items: &[(i64, usize)]) {
        self.table
            .merge_entries(items.iter().map(|&(hash, id)| (id, hash)).collect(), Some);
    }

    /// Renames the key ids (`f(old) -> new`, injective on live ids) without touching the
    /// table, for callers that renumber their own storage.
    pub fn remap_ids(&mut self, f: impl FnMut(usize) -> usize) {
        self.table.remap(f);
    }
}

/// Iteration order of one CPython 2.7 `set` or `frozenset`, replayed from member hashes.
#[derive(Clone, Debug)]
pub struct SetOrder {
    table: Table,
}

impl Default for SetOrder {
    fn default() -> Self {
        Self::new()
    }
}

impl SetOrder {
    /// An empty set with the 8-slot small table (`set()`, `make_new_set`).
    pub fn new() -> Self {
        SetOrder {
            table: Table::new(),
        }
    }

    /// A set built by `add`ing each `(hash, key_id)` in order: `set(list)`, `frozenset(list)`,
    /// `{a, b}` literals (source order) and set comprehensions.
    pub fn from_adds(items: impl IntoIterator<Item = (i64, usize)>) -> Self {
        let mut s = Self::new();
        for (hash, id) in items {
            s.add(hash, id);
        }
        s
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.table.used
    }

    /// Whether the set has no member.
    pub fn is_empty(&self) -> bool {
        self.table.used == 0
    }

    /// Adds a member (`set_add_key`), growing the table when it gets 2/3 full; an id already
    /// live is left alone, as adding an existing member changes nothing.
    pub fn add(&mut self, hash: i64, key_id: usize) {
        self.table.insert(hash, key_id);
    }

    /// Rebuilds the table with the smallest power-of-two size above `minused`
    /// (`set_table_resize`).
    pub fn resize(&mut self, minused: usize) {
        self.table.resize(minused);
    }

    /// Deletes a member, leaving a dummy slot (`s.remove(x)`, `s.discard(x)`); false if absent.
    pub fn remove(&mut self, key_id: usize) -> bool {
        self.table.remove(key_id)
    }

    /// The shrink check ending `s.difference_update(..)` / `s -= t`: rebuild when at least a
    /// fifth of the table is dummies.
    pub fn purge_after_difference_update(&mut self) {
        let t = &mut self.table;
        if (t.fill - t.used) * 5 >= t.slots.len() - 1 {
            let factor = if t.used > QUADRUPLE_LIMIT { 2 } else { 4 };
            t.resize(t.used * factor);
        }
    }

    /// Removes and returns the member `s.pop()` picks, or `None` when empty.
    pub fn pop(&mut self) -> Option<usize> {
        self.table.pop()
    }

    /// Empties the set back to a fresh small table (`s.clear()`).
    pub fn clear(&mut self) {
        self.table = Table::new();
    }

    /// Member ids in iteration order (`for x in s`, `list(s)`).
    pub fn iter_order(&self) -> Vec<usize> {
        self.table.order()
    }

    /// `(key_id, hash)` pairs in iteration order.
    pub fn entries(&self) -> Vec<(usize, i64)> {
        self.table.entries()
    }

    /// `self.update(other)` for a set `other` (`set_merge`, also behind `set(s)`, `s.copy()`
    /// and unions): one presize, then `other`'s members in its order; `new_id(other_id)`
    /// returns the id the member has (or gets) in `self` (`None` skips it). Pass `Some` when
    /// both sets use the same ids.
    pub fn merge(&mut self, other: &SetOrder, new_id: impl FnMut(usize) -> Option<usize>) {
        self.table.merge(&other.table, new_id);
    }

    /// `self.update(d)` / `set(d)` for a dict `d`: one presize for `len(d)` keys, then each
    /// key in `d`'s order added with the usual resize check; `new_id` as in [`Self::merge`].
    pub fn update_from_dict(
        &mut self,
        dict: &DictOrder,
        mut new_id: impl FnMut(usize) -> Option<usize>,
    ) {
        self.table.presize_for(dict.len());
        for (id, hash) in dict.entries() {
            if let Some(id) = new_id(id) {
                self.table.insert(hash, id);
            }
        }
    }

    /// A copy as `s.copy()` and `set(s)` make it, keeping ids.
    pub fn copy(&self) -> Self {
        let mut s = Self::new();
        s.merge(self, Some);
        s
    }

    /// Renames the member ids (`f(old) -> new`, injective on live ids) without touching the
    /// table, for callers that renumber their own storage.
    pub fn remap_ids(&mut self, f: impl FnMut(usize) -> usize) {
        self.table.remap(f);
    }
}

#[cfg(test)]
mod tests {
    //! Expectations below were produced by CPython 2.7.18 (pyenv build, UCS4, no hash
    //! randomization) running a generator script: hashes of assorted values, and iteration
    //! orders of dicts and sets built by the operations of a small script language that both
    //! the generator and [`run`] interpret (the generator with real Python, `run` with this
    //! module's recipes).

    use super::*;

    /// A Python value appearing in the tables.
    #[derive(Clone, Debug)]
    enum Key {
        S(String),
        U(String),
        I(i64),
        L(i128),
        F(f64),
        B(bool),
        T(Vec<Key>),
        Z(Vec<Key>),
    }

    fn s(x: &str) -> Key {
        Key::S(x.to_string())
    }
    fn u(x: &str) -> Key {
        Key::U(x.to_string())
    }
    fn i(v: i64) -> Key {
        Key::I(v)
    }
    fn l(v: i128) -> Key {
        Key::L(v)
    }
    fn f(bits: u64) -> Key {
        Key::F(f64::from_bits(bits))
    }
    fn b(v: bool) -> Key {
        Key::B(v)
    }
    fn t(items: &[Key]) -> Key {
        Key::T(items.to_vec())
    }
    fn z(items: &[Key]) -> Key {
        Key::Z(items.to_vec())
    }

    fn hash(k: &Key) -> i64 {
        match k {
            Key::S(x) => hash_str(x),
            Key::U(x) => hash_unicode(x),
            Key::I(v) => hash_int(*v),
            Key::L(v) => hash_long(*v),
            Key::F(v) => hash_float(*v),
            Key::B(v) => hash_bool(*v),
            Key::T(items) => hash_tuple(&items.iter().map(hash).collect::<Vec<_>>()),
            Key::Z(items) => hash_frozenset(&items.iter().map(hash).collect::<Vec<_>>()),
        }
    }

    #[test]
    fn hashes_match_cpython() {
        let table = hash_table();
        assert!(table.len() > 100);
        for (key, expected) in &table {
            assert_eq!(hash(key), *expected, "hash of {key:?}");
        }
    }

    #[test]
    fn str_and_unicode_agree_on_ascii() {
        for text in ["", "a", "name", "max_failures", "{{mesos.instance}}"] {
            assert_eq!(hash_str(text), hash_unicode(text));
        }
    }

    /// The keys a case spec names: `s:PREFIX:N`, `i:N:MUL:ADD`, `t:N` or an explicit set.
    fn keyset(spec: &str) -> Vec<Key> {
        let parts: Vec<&str> = spec.split(':').collect();
        let num = |k: usize| parts[k].parse::<i64>().unwrap();
        match parts[0] {
            "s" => (0..num(2))
                .map(|j| s(&format!("{}{j}", parts[1])))
                .collect(),
            "i" => (0..num(1)).map(|j| i(j * num(2) + num(3))).collect(),
            "t" => (0..num(1))
                .map(|j| t(&[s(&format!("p{j}")), i(j)]))
                .collect(),
            _ => explicit_keys(spec),
        }
    }

    /// Key indices an argument names: comma-separated indices and Python slices.
    fn select(arg: &str, len: usize) -> Vec<usize> {
        let len = len as i64;
        let mut out = Vec::new();
        for part in arg.split(',') {
            if !part.contains(':') {
                out.push(part.parse().unwrap());
                continue;
            }
            let bits: Vec<Option<i64>> = part
                .split(':')
                .map(|x| (!x.is_empty()).then(|| x.parse().unwrap()))
                .collect();
            let step = bits.get(2).copied().flatten().unwrap_or(1);
            let bound = |v: Option<i64>, default: i64, lo: i64, hi: i64| {
                v.map_or(default, |v| (if v < 0 { v + len } else { v }).clamp(lo, hi))
            };
            let mut j;
            if step > 0 {
                j = bound(bits[0], 0, 0, len);
                let stop = bound(bits[1], len, 0, len);
                while j < stop {
                    out.push(j as usize);
                    j += step;
                }
            } else {
                j = bound(bits[0], len - 1, -1, len - 1);
                let stop = bound(bits[1], -1, -1, len - 1);
                while j > stop {
                    out.push(j as usize);
                    j += step;
                }
            }
        }
        out
    }

    fn fnv1a64(text: &str) -> u64 {
        text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, c| {
            (h ^ u64::from(c)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    }

    /// The table's form of an order: itself, or `#len:digest` beyond 16 items.
    fn compact(order: &str) -> String {
        let n = order.split_whitespace().count();
        if n <= 16 {
            order.to_string()
        } else {
            format!("#{n}:{:016x}", fnv1a64(order))
        }
    }

    fn has(order: &[usize], id: usize) -> bool {
        order.contains(&id)
    }

    /// Script operations acting on the set (the others act on the dict).
    const SET_OPS: &[&str] = &[
        "snew", "sl", "sf", "sc", "add", "rm", "sup", "sus", "sud", "sfd", "scopy", "sset", "sor",
        "ssub", "ssubd", "sdiffl", "sdu", "sisub", "sand", "sandl", "spop", "sclear",
    ];

    /// Runs a case script with this module's recipes; returns the popped ids (if any), `|`,
    /// then the final order of the dict or set touched last.
    fn run(spec: &str, ops: &str) -> String {
        let keys = keyset(spec);
        let hashes: Vec<i64> = keys.iter().map(hash).collect();
        let pairs = |ids: &[usize]| ids.iter().map(|&j| (hashes[j], j)).collect::<Vec<_>>();
        let mut d = DictOrder::new();
        let mut st = SetOrder::new();
        let mut log = Vec::new();
        let mut last_is_set = false;
        for op in ops.split(';') {
            let op = op.trim();
            let (name, arg) = op.split_once(' ').unwrap_or((op, ""));
            let count = arg.parse::<usize>().unwrap_or(0);
            let ids = if arg.is_empty() || name == "pop" || name == "spop" {
                Vec::new()
            } else {
                select(arg, keys.len())
            };
            let kws = pairs(&ids);
            match name {
                "new" => d = DictOrder::new(),
                "lit" => {
                    d = DictOrder::presized(ids.len());
                    for &j in &ids {
                        if !has(&d.iter_order(), j) {
                            d.insert(hashes[j], j);
                        }
                    }
                }
                "set" | "sd" => {
                    for &j in &ids {
                        if !has(&d.iter_order(), j) {
                            d.insert(hashes[j], j);
                        }
                    }
                }
                "del" => {
                    for &j in &ids {
                        assert!(d.remove(j));
                    }
                }
                "pop" => {
                    for _ in 0..count {
                        log.push(d.pop_item().unwrap());
                    }
                }
                "kwf" | "zip" | "comp" | "fk" => d = DictOrder::from_inserts(kws),
                "kwg" => d = DictOrder::from_inserts(kws[1..].iter().copied()),
                "kwc" => d = DictOrder::call_kwargs(None, &kws).reinserted(|_| true),
                "pyst" => {
                    // `Struct(..)` → `__init__(self, *args, **kw)` →
                    // `self._update_schema_data(**copy.copy(kw))`.
                    let kw = DictOrder::call_kwargs(None, &kws).reinserted(|_| true);
                    d = kw.copy().reinserted(|_| true);
                }
                "kwd" => {
                    d = DictOrder::new();
                    d.merge(&DictOrder::call_kwargs(None, &kws), Some);
                }
                "star" | "starc" => d = DictOrder::call_kwargs(Some(&d), &[]).reinserted(|_| true),
                "starx" | "starxc" => {
                    d = DictOrder::call_kwargs(Some(&d), &kws).reinserted(|_| true);
                }
                "dstar" | "copy" | "dictd" => d = d.copy(),
                "upd" | "updkw" => {
                    let e = if name == "upd" {
                        DictOrder::from_inserts(kws)
                    } else {
                        DictOrder::call_kwargs(None, &kws)
                    };
                    let present = d.iter_order();
                    d.merge(&e, |j| (!has(&present, j)).then_some(j));
                }
                "clear" => d.clear(),
                "fkd" | "fks" => {
                    let source = if name == "fkd" {
                        d.entries()
                    } else {
                        st.entries()
                    };
                    d = DictOrder::new();
                    d.resize(source.len() / 2 * 3);
                    for (j, h) in source {
                        d.insert_no_resize(h, j);
                    }
                }
                "snew" => st = SetOrder::new(),
                "sl" | "sf" | "sc" => st = SetOrder::from_adds(kws),
                "add" | "sup" => {
                    for &j in &ids {
                        if !has(&st.iter_order(), j) {
                            st.add(hashes[j], j);
                        }
                    }
                }
                "rm" => {
                    for &j in &ids {
                        assert!(st.remove(j));
                    }
                }
                "sus" | "sor" => {
                    if name == "sor" {
                        st = st.copy();
                    }
                    let present = st.iter_order();
                    st.merge(&SetOrder::from_adds(kws), |j| {
                        (!has(&present, j)).then_some(j)
                    });
                }
                "sud" => {
                    let present = st.iter_order();
                    let e = DictOrder::from_inserts(kws);
                    st.update_from_dict(&e, |j| (!has(&present, j)).then_some(j));
                }
                "sfd" => {
                    st = SetOrder::new();
                    st.update_from_dict(&d, Some);
                }
                "scopy" | "sset" => st = st.copy(),
                "ssub" | "ssubd" => {
                    let mut result = SetOrder::new();
                    for (j, h) in st.entries() {
                        if !ids.contains(&j) {
                            result.add(h, j);
                        }
                    }
                    st = result;
                }
                "sdiffl" => {
                    st = st.copy();
                    for &j in &ids {
                        st.remove(j);
                    }
                    st.purge_after_difference_update();
                }
                "sandl" => {
                    let members = st.iter_order();
                    let mut result = SetOrder::new();
                    for &j in &ids {
                        if has(&members, j) && !has(&result.iter_order(), j) {
                            result.add(hashes[j], j);
                        }
                    }
                    st = result;
                }
                "sdu" | "sisub" => {
                    for &j in &ids {
                        st.remove(j);
                    }
                    st.purge_after_difference_update();
                }
                "sand" => {
                    let other = SetOrder::from_adds(kws);
                    let (big, small) = if other.len() > st.len() {
                        (&other, &st)
                    } else {
                        (&st, &other)
                    };
                    let members = big.iter_order();
                    let mut result = SetOrder::new();
                    for (j, h) in small.entries() {
                        if has(&members, j) {
                            result.add(h, j);
                        }
                    }
                    st = result;
                }
                "spop" => {
                    for _ in 0..count {
                        log.push(st.pop().unwrap());
                    }
                }
                "sclear" => st.clear(),
                _ => panic!("unknown op {name}"),
            }
            last_is_set = SET_OPS.contains(&name);
        }
        let order = if last_is_set {
            st.iter_order()
        } else {
            d.iter_order()
        };
        let mut words: Vec<String> = log.iter().map(usize::to_string).collect();
        if !words.is_empty() {
            words.push("|".into());
        }
        words.extend(order.iter().map(usize::to_string));
        compact(&words.join(" "))
    }

    #[test]
    fn orders_match_cpython() {
        let mut failures = Vec::new();
        for line in CASES {
            let mut fields = line.splitn(3, '|');
            let (spec, ops, expected) = (
                fields.next().unwrap(),
                fields.next().unwrap(),
                fields.next().unwrap(),
            );
            let got = run(spec, ops);
            if got != expected {
                failures.push(format!("{spec} / {ops}: expected {expected}, got {got}"));
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {} cases differ:\n{}",
            failures.len(),
            CASES.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn kwargs_of_a_class_call_are_inserted_in_reverse() {
        // Two keys that collide in the small table: the one inserted first keeps the slot.
        let (a, z) = ((9, 0), (1, 1));
        assert_eq!(DictOrder::from_inserts([a, z]).iter_order(), [0, 1]);
        assert_eq!(DictOrder::call_kwargs(None, &[a, z]).iter_order(), [1, 0]);
    }

    #[test]
    fn repeated_ids_keep_their_slot() {
        let mut d = DictOrder::from_inserts([(5, 0), (13, 1), (5, 0)]);
        assert_eq!(d.iter_order(), [0, 1]);
        d.merge(&DictOrder::from_inserts([(13, 1), (2, 2)]), Some);
        assert_eq!(d.iter_order(), [2, 0, 1]);
        let s = SetOrder::from_adds([(1, 7), (1, 7), (9, 8)]);
        assert_eq!((s.len(), s.iter_order()), (2, vec![7, 8]));
    }

    #[test]
    fn merging_an_iteration_is_merging_the_dict() {
        // `PyDict_Merge` reads only the other dict's entries in order, so replaying them
        // must give the same table as merging the dict itself.
        let keys: Vec<(i64, usize)> = (0..40).map(|j| (hash_str(&format!("k{j}")), j)).collect();
        for split in [0, 3, 5, 12, 30] {
            let mut base = DictOrder::from_inserts(keys[..split].iter().copied());
            let other = DictOrder::from_inserts(keys[split / 2..].iter().copied());
            let mut replayed = base.clone();
            let items: Vec<(i64, usize)> =
                other.entries().into_iter().map(|(id, h)| (h, id)).collect();
            replayed.merge_iteration(&items);
            base.merge(&other, Some);
            assert_eq!(replayed.iter_order(), base.iter_order(), "split {split}");
        }
    }

    #[test]
    fn remapping_ids_keeps_slots() {
        let mut d = DictOrder::from_inserts((0..20).map(|j| (hash_int(j * 8), j as usize)));
        for j in (0..20).step_by(3) {
            d.remove(j);
        }
        let before = d.iter_order();
        d.remap_ids(|id| id + 100);
        let expected: Vec<usize> = before.iter().map(|id| id + 100).collect();
        assert_eq!(d.iter_order(), expected);
        assert!(d.remove(101) && !d.remove(1));
        d.insert(hash_int(1000), 7);
        assert_eq!(d.len(), before.len());
        let mut s = SetOrder::from_adds((0..10).map(|j| (hash_int(j), j as usize)));
        s.remap_ids(|id| 9 - id);
        assert_eq!(s.iter_order(), (0..10).rev().collect::<Vec<_>>());
    }

    // BEGIN GENERATED TABLES
    // Generated with CPython 2.7.18 by the generator script (kept outside the repository);
    // do not edit by hand.
    /// Values and their CPython 2.7 hashes.
    fn hash_table() -> Vec<(Key, i64)> {
        vec![
            (s(""), 0),
            (s("a"), 12416037344),
            (s("b"), 12544037731),
            (s("z"), 15616046971),
            (s("A"), 8320025024),
            (s("0"), 6144018481),
            (s(" "), 4096012321),
            (s("_"), 12160036574),
            (s("~"), 16128048511),
            (s("\u{0}"), 1),
            (s("\u{1}"), 128000384),
            (s("\u{7f}"), 16256048894),
            (s("ab"), 12416074593111939),
            (s("ba"), 12544075362113221),
            (s("abc"), 1453079729188098211),
            (s("hello"), 840651671246116861),
            (s("hello world"), -2324238377118044897),
            (s("name"), -4166578487145698715),
            (s("cmdline"), 7793713290497328529),
            (s("max_failures"), -7245136222720699508),
            (s("daemon"), -7791192127688718750),
            (s("ephemeral"), 900401958508772268),
            (s("min_duration"), 6145540102131388943),
            (s("final"), 3052860071661386557),
            (s("resources"), 2589868143395870782),
            (s("cpu"), -799031295803617283),
            (s("ram"), 756880090382066571),
            (s("disk"), -8818675644333330405),
            (s("processes"), -7076044489285485470),
            (s("constraints"), -5582119399983162753),
            (s("instances"), -3181699217069845743),
            (s("environment"), 4675311066165635120),
            (s("role"), -5995064038893156428),
            (s("cluster"), 8342193189036739985),
            (s("__module__"), -7956399495435301758),
            (s("__doc__"), -8518757509529533123),
            (s("__init__"), 243017754987892126),
            (s("k0"), 13696082283123635),
            (s("k1"), 13696082283123634),
            (s("k10"), 8639268677994071843),
            (s("k199"), 1816551195556032902),
            (s("namea"), -6456208310023038713),
            (s("nameb"), -6456208310023038716),
            (s("xxxxxxx"), 3717139016741228399),
            (s("xxxxxxxx"), 2110097287998199880),
            (s("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), 1081147062650279488),
            (s("yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"), 8557491049484053776),
            (s("The quick brown fox jumps over the lazy dog"), 8921206191581905250),
            (s("{{mesos.instance}}"), -8664879632218567376),
            (s("echo hello && sleep 60"), 269264816591649544),
            (s("/usr/bin/env python"), 79469728529362694),
            (s("01234567890123456789012345678901234567890123456789"), 118020171019489347),
            (s("a\u{a}b"), 1453079729292098458),
            (s("tab\u{9}here"), -4348171331501640860),
            (s("quote'\"s"), 5066175895974567354),
            (s(" "), 4096012321),
            (s("#"), 4480013474),
            (s("&"), 4864014631),
            (s(")"), 5248015784),
            (s(","), 5632016941),
            (s("/"), 6016018094),
            (s("2"), 6400019251),
            (s("5"), 6784020404),
            (s("8"), 7168021561),
            (s(";"), 7552022714),
            (s(">"), 7936023871),
            (s("A"), 8320025024),
            (s("D"), 8704026181),
            (s("G"), 9088027334),
            (s("J"), 9472028491),
            (s("M"), 9856029644),
            (s("P"), 10240030801),
            (s("S"), 10624031954),
            (s("V"), 11008033111),
            (s("Y"), 11392034264),
            (s("\\"), 11776035421),
            (s("_"), 12160036574),
            (s("b"), 12544037731),
            (s("e"), 12928038884),
            (s("h"), 13312040041),
            (s("k"), 13696041194),
            (s("n"), 14080042351),
            (s("q"), 14464043504),
            (s("t"), 14848044661),
            (s("w"), 15232045814),
            (s("z"), 15616046971),
            (s("}"), 16000048124),
            (s("\u{e9}"), 24960149699224354),
            (s("caf\u{e9}"), -8502809815083350713),
            (s("na\u{ef}ve"), -361077483893418812),
            (s("\u{4e2d}\u{6587}"), -7400884643766882694),
            (s("\u{1f600}"), 971082340535866203),
            (s("\u{20ac}100"), -8324420765934387169),
            (s("\u{ff}\u{ff}\u{ff}\u{ff}\u{ff}"), -751858534738109708),
            (u(""), 0),
            (u("a"), 12416037344),
            (u("abc"), 1453079729188098211),
            (u("name"), -4166578487145698715),
            (u("\u{e9}"), 29824089448),
            (u("caf\u{e9}"), 5473382298129946391),
            (u("\u{4e2d}\u{6587}"), 2561679356228037570),
            (u("\u{1f600}"), 16449585346049),
            (u("x\u{10ffff}"), 15360092279133333),
            (u("\u{100}\u{100}\u{100}\u{100}\u{100}\u{100}\u{100}\u{100}\u{100}"), 7376399293413046537),
            (u("\u{fc}\u{fc}\u{fc}ber"), 3989853324358127129),
            (u("\u{ffff}\u{10000}"), 8388530282570416703),
            (i(0), 0),
            (i(1), 1),
            (i(-1), -2),
            (i(-2), -2),
            (i(2), 2),
            (i(7), 7),
            (i(8), 8),
            (i(100), 100),
            (i(-100), -100),
            (i(1000003), 1000003),
            (i(2147483648), 2147483648),
            (i(4294967301), 4294967301),
            (i(-2147483648), -2147483648),
            (i(4611686018427387904), 4611686018427387904),
            (i(4611686018427387905), 4611686018427387905),
            (l(9223372036854775807), 9223372036854775807),
            (l(-9223372036854775808), -9223372036854775808),
            (l(-9223372036854775807), -9223372036854775807),
            (i(123456789012345678), 123456789012345678),
            (i(-987654321098765432), -987654321098765432),
            (l(9223372036854775808), -9223372036854775808),
            (l(18446744073709551614), -2),
            (l(18446744073709551615), -2),
            (l(18446744073709551616), 1),
            (l(18446744073709551617), 2),
            (l(-18446744073709551616), -2),
            (l(-18446744073709551615), 1),
            (l(-18446744073709551617), -2),
            (l(1267650600228229401496703205376), 68719476736),
            (l(-1267650600228229401496703205373), -68719476733),
            (l(2503155504993241601315571986085849), 2293205704633231209),
            (l(-6366805760909027985741435139224001), 6212578047917768100),
            (l(85070591730234615865843651857942065209), 4611686018427400249),
            (l(-170141183460469231731687303715884105727), -9223372036854775807),
            (l(92233720368547758075), -2),
            (l(-55340232221128654845), 1),
            (b(true), 1),
            (b(false), 0),
            (f(0x3fe0000000000000), 1073741824),
            (f(0xbfe0000000000000), -1073741824),
            (f(0x3ff8000000000000), 1610645504),
            (f(0xbff8000000000000), -1610579968),
            (f(0x3fb999999999999a), 2576882278),
            (f(0x3fc999999999999a), 2576915046),
            (f(0x3fd3333333333333), 3006444236),
            (f(0x4004000000000000), 1342242816),
            (f(0x400921f9f01b866e), 2610283456),
            (f(0xc005bf0a8b04919b), -1612603436),
            (f(0x3ee4f8b588e368f1), 2595010595),
            (f(0x01a56e1fc2f8f359), 3316461835),
            (f(0x0000000000000001), 1038581760),
            (f(0x0010000000000000), 1040285696),
            (f(0x54b249ad2594c37d), -5970202163673034167),
            (f(0xd4b249ad2594c37d), 5970202163673034167),
            (f(0x7fe1ccf385ebc8a0), -8185402070463610880),
            (f(0x7fefffffffffffff), -2048),
            (f(0x0000000000000000), 0),
            (f(0x8000000000000000), 0),
            (f(0x3ff0000000000000), 1),
            (f(0xbff0000000000000), -2),
            (f(0x4000000000000000), 2),
            (f(0x4008000000000000), 3),
            (f(0x4202a05f20000000), 10000000000),
            (f(0xc30c6bf526340000), -1000000000000000),
            (f(0x4330000000000000), 4503599627370496),
            (f(0x4340000000000000), 9007199254740992),
            (f(0x43d0000000000000), 4611686018427387904),
            (f(0x43d0000000000002), 4611686018427389952),
            (f(0x43e0000000000000), -9223372036854775808),
            (f(0xc3e0000000000000), -9223372036854775808),
            (f(0x43f0000000000000), 1),
            (f(0xc3f0000000000000), -2),
            (f(0x4408000000000000), 3),
            (f(0x43e158e460913d00), -8446744073709551616),
            (f(0x4415af1d78b58c40), 7766279631452241925),
            (f(0x4480f0cf064dd592), 1864712049423024670),
            (f(0x45208b2a2c280291), 1590897979265926549),
            (f(0xc6293e5939a08cea), -5076964209140210896),
            (f(0x40fe240c9fbe76c9), 4119217278),
            (f(0x432fffffffffffff), 4296670719),
            (f(0x7ff0000000000000), 314159),
            (f(0xfff0000000000000), -271828),
            (f(0xfff8000000000000), 0),
            (f(0x3fd5555555555555), 2147450709),
            (f(0x3fe5555555555555), 2147483477),
            (f(0x3e8091b5aeffdb8e), 3253924539),
            (t(&[]), 3527539),
            (t(&[i(0)]), 3430018387555),
            (t(&[i(1)]), 3430019387558),
            (t(&[i(-1)]), -3430020192499),
            (t(&[i(-2)]), -3430020192499),
            (t(&[s("a")]), 12418971936901571),
            (t(&[s("a"), s("b")]), -3816799034373630758),
            (t(&[s("b"), s("a")]), 1023331308792577480),
            (t(&[i(1), i(2)]), 3713081631934410656),
            (t(&[i(2), i(1)]), 3713082714465905806),
            (t(&[i(1), i(2), i(3)]), 2528502973977326415),
            (t(&[s("name"), i(1)]), 1828406127258546681),
            (t(&[s("x"), f(0x3fe0000000000000), i(-3)]), 1892433307677768795),
            (t(&[u("\u{e9}"), s("caf\u{e9}")]), -4831516046377713162),
            (t(&[t(&[i(1), i(2)]), t(&[i(3)])]), 8911505428751851407),
            (t(&[t(&[]), t(&[t(&[])])]), 1029590707556),
            (t(&[b(true), b(false), i(1), i(0)]), 3632586161869339209),
            (t(&[l(18446744073709551616), i(-1)]), -3713081631936380644),
            (t(&[f(0x7ff0000000000000), f(0x54b249ad2594c37d)]), -872556117327345705),
            (t(&[i(0), i(1), i(2), i(3), i(4), i(5), i(6), i(7), i(8), i(9), i(10), i(11), i(12), i(13), i(14), i(15), i(16), i(17), i(18), i(19)]), -7685783357148461057),
            (t(&[s("a"), s("b"), s("c"), s("d"), s("e"), s("f"), s("g"), s("h"), s("i"), s("j")]), 6959084850145146730),
            (t(&[s("p0"), i(0)]), -388686255640548783),
            (t(&[s("p59"), i(59)]), -6447161675068531833),
            (t(&[z(&[i(1), i(2)]), s("x")]), -3076721166135715843),
            (z(&[]), 133156838395276),
            (z(&[i(1)]), -8166288242918962057),
            (z(&[i(1), i(2), i(3)]), -7699079583225461316),
            (z(&[s("a"), s("b")]), 3138257626259684061),
            (z(&[t(&[i(1), i(2)]), s("x"), f(0x3fe0000000000000)]), -6969866664533284115),
            (z(&[i(0), i(1), i(2), i(3), i(4), i(5), i(6), i(7), i(8), i(9), i(10), i(11), i(12), i(13), i(14), i(15), i(16), i(17), i(18), i(19), i(20), i(21), i(22), i(23), i(24), i(25), i(26), i(27), i(28), i(29)]), -3706806686507468993),
        ]
    }

    /// The key sets given by value rather than by formula.
    fn explicit_keys(name: &str) -> Vec<Key> {
        match name {
            "f" => vec![
                f(0x3fe0000000000000),
                f(0x3ff8000000000000),
                f(0xc002000000000000),
                f(0x4008000000000000),
                f(0x54b249ad2594c37d),
                f(0xd4b249ad2594c37d),
                f(0x3fb999999999999a),
                f(0x4450000000000000),
                f(0xc01c000000000000),
                f(0x3e112e0be826d695),
                f(0x405edd2f1a9fbe77),
                f(0x4020000000000000),
                f(0x4030000000000000),
                f(0x3fe8000000000000),
                f(0xbfc0000000000000),
                f(0x4480f0cf064dd592),
                f(0x7ff0000000000000),
                f(0xfff0000000000000),
                f(0x4004000000000000),
                f(0x7e37e43c8800759c),
            ],
            "m" => vec![
                i(1),
                s("a"),
                i(9),
                t(&[i(1), i(2)]),
                s("name"),
                f(0x3fe0000000000000),
                i(17),
                u("\u{e9}"),
                t(&[s("x"), s("y")]),
                i(-1),
                i(-2),
                l(18446744073709551616),
                s("b"),
                i(25),
                f(0x400c000000000000),
                t(&[]),
                s("cpu"),
                i(33),
                t(&[s("p"), i(1)]),
                i(41),
                u("zz"),
                l(1267650600228229401496703205376),
                s("ram"),
                i(49),
                t(&[i(1)]),
                i(57),
                f(0x4050600000000000),
                s("disk"),
                i(-9),
                i(73),
                t(&[s("q"), t(&[i(2), i(3)])]),
                s("xxxxxxxxxxxxxxxxxxxx"),
                i(81),
                z(&[i(1), i(2)]),
                i(89),
                s("y"),
            ],
            "u" => vec![
                u("a"),
                u("\u{e9}"),
                u("caf\u{e9}"),
                u("\u{4e2d}\u{6587}"),
                u("\u{1f600}"),
                u("b"),
                u("name"),
                u("\u{fc}"),
                u("stra\u{df}e"),
                u("\u{20ac}"),
                u("x\u{10ffff}"),
                u("\u{100}\u{101}"),
                u("cmd"),
                u("\u{3042}\u{3044}"),
                u("zzzzz"),
                u("\u{416}"),
                u("\u{5d0}"),
                u("\u{627}"),
                u("k\u{e9}y"),
                u("end"),
            ],
            "w" => vec![
                s("name"),
                s("role"),
                s("environment"),
                s("cluster"),
                s("contact"),
                s("instances"),
                s("task"),
                s("announce"),
                s("service"),
                s("max_task_failures"),
                s("production"),
                s("priority"),
                s("health_check_config"),
                s("update_config"),
                s("constraints"),
                s("cron_schedule"),
                s("cron_collision_policy"),
                s("enable_hooks"),
                s("tier"),
                s("executor_config"),
                s("processes"),
                s("resources"),
                s("cpu"),
                s("ram"),
                s("disk"),
                s("gpu"),
                s("max_failures"),
                s("max_concurrency"),
                s("finalization_wait"),
                s("user"),
                s("cmdline"),
                s("daemon"),
                s("ephemeral"),
                s("min_duration"),
                s("final"),
                s("logger"),
                s("ports"),
                s("hostname"),
                s("packages"),
                s("version"),
                s("a"),
                s("b"),
                s("c"),
                s("x"),
                s("y"),
                s("z"),
                s("_"),
                s("__module__"),
                s("__doc__"),
                s("mode"),
                s("destination"),
                s("stdout"),
                s("stderr"),
                s("primary_port"),
                s("portmap"),
                s("zk_path"),
                s("lifecycle"),
                s("http"),
                s("graceful_shutdown_endpoint"),
                s("shutdown_endpoint"),
                s("initial_interval_secs"),
                s("interval_secs"),
            ],
            _ => panic!("unknown key set {name}"),
        }
    }

    /// `key set|script|expected order` (see `run`).
    const CASES: &[&str] = &[
        "s:k:200|set 0:1|0",
        "s:k:200|set 0:2|1 0",
        "s:k:200|set 0:3|2 1 0",
        "s:k:200|set 0:5|3 2 1 0 4",
        "s:k:200|set 0:6|3 2 1 0 5 4",
        "s:k:200|set 0:7|3 2 1 0 6 5 4",
        "s:k:200|set 0:8|3 2 1 0 7 6 5 4",
        "s:k:200|set 0:11|10 3 2 1 0 7 6 5 4 9 8",
        "s:k:200|set 0:12|11 10 3 2 1 0 7 6 5 4 9 8",
        "s:k:200|set 0:21|#21:7a3add917df5f5c7",
        "s:k:200|set 0:22|#22:fcb793f1ad477e0c",
        "s:k:200|set 0:43|#43:e37414ba98a74a66",
        "s:k:200|set 0:44|#44:937c7b9ced2768f3",
        "s:k:200|set 0:85|#85:234aaffd80c1317f",
        "s:k:200|set 0:86|#86:191eca43de32ce70",
        "s:k:200|set 0:100|#100:f58f05a6eafe065b",
        "s:k:200|set 0:171|#171:a97022bd67440e88",
        "s:k:200|set 0:172|#172:f3d2b0b1823e7eab",
        "s:k:200|set 0:200|#200:ffa9a3516418fe43",
        "w|set 0:|#62:0cc60ad5e9979af8",
        "w|set ::-1|#62:4ee0957062c8fce2",
        "w|lit 0:|#62:2e45f91a51e84b36",
        "w|comp 0:|#62:0cc60ad5e9979af8",
        "w|zip 0:|#62:0cc60ad5e9979af8",
        "s:name_:120|set 0:|#120:51211e9e4578b521",
        "s:name_:120|set ::-1|#120:563528dcbffa2f4d",
        "s:name_:120|lit 0:|#120:51211e9e4578b521",
        "s:name_:120|comp 0:|#120:51211e9e4578b521",
        "s:name_:120|zip 0:|#120:51211e9e4578b521",
        "i:100:1:0|set 0:|#100:1e13fd9989f856a1",
        "i:100:1:0|set ::-1|#100:1e13fd9989f856a1",
        "i:100:1:0|lit 0:|#100:1e13fd9989f856a1",
        "i:100:1:0|comp 0:|#100:1e13fd9989f856a1",
        "i:100:1:0|zip 0:|#100:1e13fd9989f856a1",
        "i:64:8:0|set 0:|#64:dedfd1071d95049d",
        "i:64:8:0|set ::-1|#64:7fc37d63f83ed71f",
        "i:64:8:0|lit 0:|#64:de3cbbdc49414953",
        "i:64:8:0|comp 0:|#64:dedfd1071d95049d",
        "i:64:8:0|zip 0:|#64:dedfd1071d95049d",
        "i:40:-1:5|set 0:|#40:5a0590975a472789",
        "i:40:-1:5|set ::-1|#40:660af497516da745",
        "i:40:-1:5|lit 0:|#40:d3e561e4eaef0ba3",
        "i:40:-1:5|comp 0:|#40:5a0590975a472789",
        "i:40:-1:5|zip 0:|#40:5a0590975a472789",
        "i:50:1000000007:3|set 0:|#50:87c07ccebaed0a22",
        "i:50:1000000007:3|set ::-1|#50:87c07ccebaed0a22",
        "i:50:1000000007:3|lit 0:|#50:d2fd1128542272da",
        "i:50:1000000007:3|comp 0:|#50:87c07ccebaed0a22",
        "i:50:1000000007:3|zip 0:|#50:87c07ccebaed0a22",
        "i:30:144115188075855872:1|set 0:|#30:f4bf52a739954324",
        "i:30:144115188075855872:1|set ::-1|#30:f94421ce334232fe",
        "i:30:144115188075855872:1|lit 0:|#30:665b7d20ab9e0cb6",
        "i:30:144115188075855872:1|comp 0:|#30:f4bf52a739954324",
        "i:30:144115188075855872:1|zip 0:|#30:f4bf52a739954324",
        "t:60|set 0:|#60:000a27c9cdd96d33",
        "t:60|set ::-1|#60:473f7c36f0280a0b",
        "t:60|lit 0:|#60:2f2d1591f096150d",
        "t:60|comp 0:|#60:000a27c9cdd96d33",
        "t:60|zip 0:|#60:000a27c9cdd96d33",
        "u|set 0:|#20:345bf19aaca952c1",
        "u|set ::-1|#20:737827eaf1c149dd",
        "u|lit 0:|#20:345bf19aaca952c1",
        "u|comp 0:|#20:345bf19aaca952c1",
        "u|zip 0:|#20:345bf19aaca952c1",
        "f|set 0:|#20:532cdf25937ca919",
        "f|set ::-1|#20:f380f7c19d0a8ab1",
        "f|lit 0:|#20:532cdf25937ca919",
        "f|comp 0:|#20:532cdf25937ca919",
        "f|zip 0:|#20:532cdf25937ca919",
        "m|set 0:|#36:478110bc8f26e3d5",
        "m|set ::-1|#36:12e159b53ddd1cf1",
        "m|lit 0:|#36:8c62e039600f43d3",
        "m|comp 0:|#36:478110bc8f26e3d5",
        "m|zip 0:|#36:478110bc8f26e3d5",
        "w|lit 0:1|0",
        "w|lit 0:2|1 0",
        "w|lit 0:3|2 1 0",
        "w|lit 0:4|2 3 1 0",
        "w|lit 0:5|2 3 4 1 0",
        "w|lit 0:6|0 5 2 3 4 1",
        "w|lit 0:7|6 0 5 2 3 4 1",
        "w|lit 0:8|2 3 4 1 0 5 7 6",
        "w|lit 0:9|2 3 4 1 0 8 5 7 6",
        "w|lit 0:10|2 3 4 1 0 8 5 7 9 6",
        "w|lit 0:11|3 10 6 0 8 5 9 2 4 1 7",
        "w|lit 0:12|3 10 11 6 0 8 5 9 2 4 1 7",
        "w|lit 0:13|12 3 10 11 6 0 8 5 9 2 4 1 7",
        "w|lit 0:14|12 3 10 11 6 0 8 5 9 2 13 4 1 7",
        "w|lit 0:15|12 3 10 11 6 0 8 5 9 2 13 4 1 7 14",
        "w|lit 0:16|11 6 0 8 5 15 12 9 2 3 4 1 13 7 10 14",
        "w|lit 0:17|#17:01149a5b1c1354d2",
        "w|lit 0:18|#18:4036f5e02551ff08",
        "w|lit 0:19|#19:5cf5e4fc30c198ff",
        "w|lit 0:20|#20:da426b1ae12a124b",
        "w|lit 0:21|#21:cbe86142ffda4933",
        "w|lit 0:22|#22:046fbd227af41e4e",
        "w|lit 0:23|#23:e27d0aa1b25b26dc",
        "w|lit 0:24|#24:fdfe4d9e0263670b",
        "s:k:200|lit 0:5|3 2 1 0 4",
        "s:k:200|lit 0:6|3 2 1 0 5 4",
        "s:k:200|lit 0:7|3 2 1 0 6 5 4",
        "s:k:200|lit 0:8|3 2 1 0 7 6 5 4",
        "s:k:200|lit 0:10|3 2 1 0 7 6 5 4 9 8",
        "s:k:200|lit 0:11|10 3 2 1 0 7 6 5 4 9 8",
        "s:k:200|lit 0:12|11 10 3 2 1 0 7 6 5 4 9 8",
        "s:k:200|lit 0:16|13 12 11 10 15 14 3 2 1 0 7 6 5 4 9 8",
        "s:k:200|lit 0:21|#21:7a3add917df5f5c7",
        "s:k:200|lit 0:22|#22:fcb793f1ad477e0c",
        "s:k:200|lit 0:23|#23:78b9a354a320dbfa",
        "s:k:200|lit 0:30|#30:0d7c0ada2f567804",
        "s:k:200|lit 0:33|#33:699db0edc0c511e8",
        "s:k:200|lit 0:43|#43:1298e0fcfed51334",
        "s:k:200|lit 0:44|#44:562fc4f73100c6a3",
        "s:k:200|lit 0:60|#60:baa88063e18da6b9",
        "s:k:200|lit 0:100|#100:f58f05a6eafe065b",
        "s:k:200|lit 0:200|#200:daefef828d51f543",
        "w|lit 0:10,3,5,0:4|6 0 8 5 9 2 3 4 1 7",
        "i:64:8:0|lit 0:30,0:30|#30:f338b9b350b63610",
        "s:k:200|set 0:5; del 1,3; set 5:7|2 0 6 5 4",
        "s:k:200|set 0:5; del 1,3; set 1,3|3 2 1 0 4",
        "s:k:200|set 0:20; del 0:20:2; set 0:20:2|#20:b74c88d235e1f3bf",
        "s:k:200|set 0:50; del 0:45; set 50:60|47 59 58 57 56 55 54 53 52 51 50 48 49 45 46",
        "s:k:200|set 0:5; del 0:5; set 5:10; del 5:9; set 10:16|13 12 11 10 15 14 9",
        "i:64:8:0|set 0:10; del 2:8; set 10:20; del 12; set 2:8|#19:386477d3a68419ca",
        "i:40:-1:5|set 0:; del 5:10; set 5:10|#40:2c2b1071436e189d",
        "w|lit 0:30; del 0:30:3; set 30:40; del 31; set 0:30:3|#39:5966af9d13830291",
        "m|set 0:; del 0::2; set 0::2|#36:478110bc8f26e3d5",
        "s:k:200|set 0:100; clear; set 100:110|104 105 106 107 100 101 102 103 108 109",
        "t:60|set 0:40; del 10:30; set 40:60|#40:3e5e2d79a10e02e5",
        "s:k:200|set 0:10; pop 4|3 2 1 0 | 7 6 5 4 9 8",
        "s:k:200|set 0:30; pop 12; set 30:35; pop 3|#36:13326fc050c3a119",
        "i:64:8:0|set 0:5; pop 5; set 5:9; pop 2|0 1 4 2 3 5 6 | 8 7",
        "w|lit 0:20; del 3,4; pop 6|#19:1cc55927b63036c6",
        "w|kwf 0:12|11 6 0 8 5 9 2 3 4 1 7 10",
        "w|kwg 0:12|11 6 8 5 9 2 3 4 1 7 10",
        "w|kwc 0:12|11 6 0 8 5 9 2 3 4 1 7 10",
        "w|kwd 0:12|11 6 0 8 5 9 2 3 4 1 7 10",
        "w|set 0:12; star|2 6 0 8 3 9 11 5 4 1 7 10",
        "w|set 0:12; starc|2 6 0 8 3 9 11 5 4 1 7 10",
        "w|set 0:12; dstar|2 6 0 8 3 9 11 5 4 1 7 10",
        "w|lit 0:12; star|2 6 0 8 5 9 4 11 3 10 1 7",
        "w|kwc 0:12; star|2 6 0 8 3 9 11 5 4 1 7 10",
        "w|pyst 0:12|11 6 0 8 5 9 2 3 4 1 7 10",
        "w|kwf 0:30|#30:cb84fd67a5ee807c",
        "w|kwg 0:30|#29:a51e17ac6ba09b84",
        "w|kwc 0:30|#30:bee9038594ba1ea2",
        "w|kwd 0:30|#30:16e9cd86b1764438",
        "w|set 0:30; star|#30:8adc7caee6c3d9bc",
        "w|set 0:30; starc|#30:8adc7caee6c3d9bc",
        "w|set 0:30; dstar|#30:74994e94d7c0a686",
        "w|lit 0:30; star|#30:8adc7caee6c3d9bc",
        "w|kwc 0:30; star|#30:6de3f14358ea1b6e",
        "w|pyst 0:30|#30:6dbefaf36506aba0",
        "w|kwf 0:65|#62:0cc60ad5e9979af8",
        "w|kwg 0:65|#61:d4ee0f0662c83f50",
        "w|kwc 0:65|#62:d880f1668cce65b0",
        "w|kwd 0:65|#62:e9d0299c3d3e498a",
        "w|set 0:65; star|#62:f565b3036a13a976",
        "w|set 0:65; starc|#62:f565b3036a13a976",
        "w|set 0:65; dstar|#62:b0cad1959924164c",
        "w|lit 0:65; star|#62:9ebdfea1ef0e61ba",
        "w|kwc 0:65; star|#62:abbe3176be933f96",
        "w|pyst 0:65|#62:bb2471269d580336",
        "s:k:200|kwf 0:9|3 2 1 0 7 6 5 4 8",
        "s:k:200|kwg 0:9|3 2 1 7 6 5 4 8",
        "s:k:200|kwc 0:9|3 2 1 0 7 6 5 4 8",
        "s:k:200|kwd 0:9|3 2 1 0 7 6 5 4 8",
        "s:k:200|set 0:9; star|3 2 1 0 7 6 5 4 8",
        "s:k:200|set 0:9; starc|3 2 1 0 7 6 5 4 8",
        "s:k:200|set 0:9; dstar|3 2 1 0 7 6 5 4 8",
        "s:k:200|lit 0:9; star|3 2 1 0 7 6 5 4 8",
        "s:k:200|kwc 0:9; star|3 2 1 0 7 6 5 4 8",
        "s:k:200|pyst 0:9|3 2 1 0 7 6 5 4 8",
        "s:k:200|kwf 0:40|#40:3c62b850c19901af",
        "s:k:200|kwg 0:40|#39:3c79219d06c68987",
        "s:k:200|kwc 0:40|#40:083de74d4b062e97",
        "s:k:200|kwd 0:40|#40:083de74d4b062e97",
        "s:k:200|set 0:40; star|#40:3c62b850c19901af",
        "s:k:200|set 0:40; starc|#40:3c62b850c19901af",
        "s:k:200|set 0:40; dstar|#40:3c62b850c19901af",
        "s:k:200|lit 0:40; star|#40:6e73f42d4c97416b",
        "s:k:200|kwc 0:40; star|#40:8778d040a31218c1",
        "s:k:200|pyst 0:40|#40:083de74d4b062e97",
        "s:k:200|kwf 0:100|#100:f58f05a6eafe065b",
        "s:k:200|kwg 0:100|#99:a313034e0f9747f3",
        "s:k:200|kwc 0:100|#100:f58f05a6eafe065b",
        "s:k:200|kwd 0:100|#100:7db8236bd8b07167",
        "s:k:200|set 0:100; star|#100:f58f05a6eafe065b",
        "s:k:200|set 0:100; starc|#100:f58f05a6eafe065b",
        "s:k:200|set 0:100; dstar|#100:7db8236bd8b07167",
        "s:k:200|lit 0:100; star|#100:f58f05a6eafe065b",
        "s:k:200|kwc 0:100; star|#100:f58f05a6eafe065b",
        "s:k:200|pyst 0:100|#100:f58f05a6eafe065b",
        "s:name_:120|kwf 0:50|#50:4c26c4e7d86e5f68",
        "s:name_:120|kwg 0:50|#49:af2710dd21d65b98",
        "s:name_:120|kwc 0:50|#50:4c26c4e7d86e5f68",
        "s:name_:120|kwd 0:50|#50:4c26c4e7d86e5f68",
        "s:name_:120|set 0:50; star|#50:4c26c4e7d86e5f68",
        "s:name_:120|set 0:50; starc|#50:4c26c4e7d86e5f68",
        "s:name_:120|set 0:50; dstar|#50:4c26c4e7d86e5f68",
        "s:name_:120|lit 0:50; star|#50:4c26c4e7d86e5f68",
        "s:name_:120|kwc 0:50; star|#50:4c26c4e7d86e5f68",
        "s:name_:120|pyst 0:50|#50:4c26c4e7d86e5f68",
        "w|set 0:20; starx 20:30|#30:6dbefaf36506aba0",
        "w|set 0:20; starxc 20:30|#30:6dbefaf36506aba0",
        "w|set 0:3; starx 3:12|2 6 0 8 5 9 11 3 4 1 7 10",
        "w|set 10:40; del 12:30; starc|31 37 32 33 11 30 39 35 38 34 10 36",
        "s:k:200|set 0:20; starx 20:30|#30:0d7c0ada2f567804",
        "s:k:200|set 0:20; starxc 20:30|#30:0d7c0ada2f567804",
        "s:k:200|set 0:3; starx 3:12|11 10 3 2 1 0 7 6 5 4 9 8",
        "s:k:200|set 10:40; del 12:30; starc|35 34 11 10 31 30 33 32 39 38 36 37",
        "w|set 0:30; copy|#30:74994e94d7c0a686",
        "w|set 0:30; del 5:25; copy|0 28 26 2 3 4 1 29 27 25",
        "w|set 0:30; dictd|#30:74994e94d7c0a686",
        "w|set 0:5; upd 5:25|#25:948259ef4fe3378b",
        "w|set 0:20; upd 10:30|#30:cb84fd67a5ee807c",
        "w|set 0:4; upd 4:8|6 0 5 2 3 4 1 7",
        "w|fk 0:30|#30:cb84fd67a5ee807c",
        "w|set 0:30; fkd|#30:74994e94d7c0a686",
        "w|sf 0:25; fks|#25:695da3066e75af09",
        "s:k:200|set 0:30; copy|#30:c7ce99d191f9621e",
        "s:k:200|set 0:30; del 5:25; copy|28 29 26 27 25 3 2 1 0 4",
        "s:k:200|set 0:30; dictd|#30:c7ce99d191f9621e",
        "s:k:200|set 0:5; upd 5:25|#25:09dc671a1f2daddd",
        "s:k:200|set 0:20; upd 10:30|#30:0d7c0ada2f567804",
        "s:k:200|set 0:4; upd 4:8|3 2 1 0 7 6 5 4",
        "s:k:200|fk 0:30|#30:0d7c0ada2f567804",
        "s:k:200|set 0:30; fkd|#30:c7ce99d191f9621e",
        "s:k:200|sf 0:25; fks|#25:09dc671a1f2daddd",
        "i:64:8:0|set 0:30; copy|#30:ef16ebf818562a5c",
        "i:64:8:0|set 0:30; del 5:25; copy|0 4 25 1 26 28 2 29 3 27",
        "i:64:8:0|set 0:30; dictd|#30:ef16ebf818562a5c",
        "i:64:8:0|set 0:5; upd 5:25|#25:864f0cb29c3afe81",
        "i:64:8:0|set 0:20; upd 10:30|#30:d4799146967ea9e2",
        "i:64:8:0|set 0:4; upd 4:8|0 4 6 1 2 5 7 3",
        "i:64:8:0|fk 0:30|#30:4af4046d051e74c2",
        "i:64:8:0|set 0:30; fkd|#30:ef16ebf818562a5c",
        "i:64:8:0|sf 0:25; fks|#25:54209153eb651711",
        "m|set 0:30; copy|#30:72f8b81e3c7f1ba2",
        "m|set 0:30; del 5:25; copy|3 0 4 26 2 28 1 29 25 27",
        "m|set 0:30; dictd|#30:72f8b81e3c7f1ba2",
        "m|set 0:5; upd 5:25|#25:82a0fcddea0fc641",
        "m|set 0:20; upd 10:30|#30:1709432dec2a58d8",
        "m|set 0:4; upd 4:8|1 0 3 4 5 7 2 6",
        "m|fk 0:30|#30:930fd9bfca3466a8",
        "m|set 0:30; fkd|#30:72f8b81e3c7f1ba2",
        "m|sf 0:25; fks|#25:a549e7a2dc0ed20b",
        "w|set 0:5; updkw 5:25|#25:31d4c96f70ccb7bf",
        "w|set 0:30; updkw 30:34|#34:a678e108c26e4788",
        "s:k:200|set 0:5; updkw 5:25|#25:4e9e26143397dd81",
        "s:k:200|set 0:30; updkw 30:34|#34:3cb2230a1004a66c",
        "s:k:200|sf 0:1|0",
        "s:k:200|sf 0:5|3 2 1 0 4",
        "s:k:200|sf 0:6|3 2 1 0 5 4",
        "s:k:200|sf 0:12|11 10 3 2 1 0 7 6 5 4 9 8",
        "s:k:200|sf 0:22|#22:fcb793f1ad477e0c",
        "s:k:200|sf 0:44|#44:937c7b9ced2768f3",
        "s:k:200|sf 0:86|#86:191eca43de32ce70",
        "s:k:200|sf 0:172|#172:f3d2b0b1823e7eab",
        "s:k:200|sf 0:200|#200:ffa9a3516418fe43",
        "s:name_:120|sf 0:|#120:51211e9e4578b521",
        "s:name_:120|sl 0:|#120:51211e9e4578b521",
        "s:name_:120|sf 0:10; sus 10:|#120:c80d3aa035fdcc7b",
        "i:100:1:0|sf 0:|#100:1e13fd9989f856a1",
        "i:100:1:0|sl 0:|#100:1e13fd9989f856a1",
        "i:100:1:0|sf 0:10; sus 10:|#100:1e13fd9989f856a1",
        "i:50:1000000007:3|sf 0:|#50:87c07ccebaed0a22",
        "i:50:1000000007:3|sl 0:|#50:87c07ccebaed0a22",
        "i:50:1000000007:3|sf 0:10; sus 10:|#50:87c07ccebaed0a22",
        "u|sf 0:|#20:345bf19aaca952c1",
        "u|sl 0:|#20:345bf19aaca952c1",
        "u|sf 0:10; sus 10:|#20:345bf19aaca952c1",
        "f|sf 0:|#20:532cdf25937ca919",
        "f|sl 0:|#20:532cdf25937ca919",
        "f|sf 0:10; sus 10:|#20:28db38dc8b5040d3",
        "w|sf 0:|#62:0cc60ad5e9979af8",
        "w|sf ::-1|#62:4ee0957062c8fce2",
        "w|sl 0:|#62:0cc60ad5e9979af8",
        "w|sl 0:9|6 0 8 5 2 3 4 1 7",
        "w|sc 0:|#62:0cc60ad5e9979af8",
        "w|snew; add 0:|#62:0cc60ad5e9979af8",
        "w|sf 0:10; sup 10:|#62:0cc60ad5e9979af8",
        "w|sf 0:10; sus 10:|#62:bf928e140a27fe04",
        "w|sf 0:10; sud 10:|#62:bf928e140a27fe04",
        "w|set 0:; sfd|#62:b0cad1959924164c",
        "w|sf 0:; scopy|#62:b0cad1959924164c",
        "w|sf 0:; rm 0::2; sset|#31:21ccf5130dab5f25",
        "w|sf 0:20; sor 10:|#62:f65ab879907d2d86",
        "w|sf 0:; ssub 5:15|#52:43b618857982f782",
        "w|sf 0:; ssubd 5:15|#52:43b618857982f782",
        "w|sf 0:; sdu 3:|2 1 0",
        "w|sf 0:; sisub 0:12|#50:24df1f0e6e9ebb34",
        "w|sf 0:; sand 5:15|6 8 5 9 11 13 10 12 7 14",
        "w|sf 0:8; sand 0:|6 0 3 2 5 4 1 7",
        "w|sf 0:10; sand 0:10|6 0 8 3 9 2 5 4 1 7",
        "i:64:8:0|sf 0:|#64:dedfd1071d95049d",
        "i:64:8:0|sf ::-1|#64:7fc37d63f83ed71f",
        "i:64:8:0|sl 0:|#64:dedfd1071d95049d",
        "i:64:8:0|sl 0:9|0 4 6 1 8 2 5 7 3",
        "i:64:8:0|sc 0:|#64:dedfd1071d95049d",
        "i:64:8:0|snew; add 0:|#64:dedfd1071d95049d",
        "i:64:8:0|sf 0:10; sup 10:|#64:dedfd1071d95049d",
        "i:64:8:0|sf 0:10; sus 10:|#64:672f35f0f1d630b3",
        "i:64:8:0|sf 0:10; sud 10:|#64:672f35f0f1d630b3",
        "i:64:8:0|set 0:; sfd|#64:95b777a5dc781e4f",
        "i:64:8:0|sf 0:; scopy|#64:95b777a5dc781e4f",
        "i:64:8:0|sf 0:; rm 0::2; sset|#32:53f09960a2de958c",
        "i:64:8:0|sf 0:20; sor 10:|#64:fb07fff74bec2ca3",
        "i:64:8:0|sf 0:; ssub 5:15|#54:742025b18d9698c1",
        "i:64:8:0|sf 0:; ssubd 5:15|#54:742025b18d9698c1",
        "i:64:8:0|sf 0:; sdu 3:|0 2 1",
        "i:64:8:0|sf 0:; sisub 0:12|#52:c45d6cf17c1b50ff",
        "i:64:8:0|sf 0:; sand 5:15|8 14 6 5 12 10 9 7 11 13",
        "i:64:8:0|sf 0:8; sand 0:|0 4 6 5 2 1 3 7",
        "i:64:8:0|sf 0:10; sand 0:10|0 4 6 8 2 1 3 5 7 9",
        "i:40:-1:5|sf 0:|#40:5a0590975a472789",
        "i:40:-1:5|sf ::-1|#40:660af497516da745",
        "i:40:-1:5|sl 0:|#40:5a0590975a472789",
        "i:40:-1:5|sl 0:9|5 4 3 2 1 0 7 8 6",
        "i:40:-1:5|sc 0:|#40:5a0590975a472789",
        "i:40:-1:5|snew; add 0:|#40:5a0590975a472789",
        "i:40:-1:5|sf 0:10; sup 10:|#40:5a0590975a472789",
        "i:40:-1:5|sf 0:10; sus 10:|#40:5a0590975a472789",
        "i:40:-1:5|sf 0:10; sud 10:|#40:5a0590975a472789",
        "i:40:-1:5|set 0:; sfd|#40:d8ca5631dcbab7b9",
        "i:40:-1:5|sf 0:; scopy|#40:d8ca5631dcbab7b9",
        "i:40:-1:5|sf 0:; rm 0::2; sset|#20:7563d0ac991557cd",
        "i:40:-1:5|sf 0:20; sor 10:|#40:2c2b1071436e189d",
        "i:40:-1:5|sf 0:; ssub 5:15|#30:8da740a2b640f2e9",
        "i:40:-1:5|sf 0:; ssubd 5:15|#30:8da740a2b640f2e9",
        "i:40:-1:5|sf 0:; sdu 3:|2 1 0",
        "i:40:-1:5|sf 0:; sisub 0:12|#28:993741a095cff28d",
        "i:40:-1:5|sf 0:; sand 5:15|5 7 14 13 12 11 10 9 8 6",
        "i:40:-1:5|sf 0:8; sand 0:|5 4 3 2 1 0 6 7",
        "i:40:-1:5|sf 0:10; sand 0:10|5 4 3 2 1 0 6 9 8 7",
        "t:60|sf 0:|#60:000a27c9cdd96d33",
        "t:60|sf ::-1|#60:473f7c36f0280a0b",
        "t:60|sl 0:|#60:000a27c9cdd96d33",
        "t:60|sl 0:9|4 3 6 8 7 1 0 5 2",
        "t:60|sc 0:|#60:000a27c9cdd96d33",
        "t:60|snew; add 0:|#60:000a27c9cdd96d33",
        "t:60|sf 0:10; sup 10:|#60:000a27c9cdd96d33",
        "t:60|sf 0:10; sus 10:|#60:db50545c156a4d9f",
        "t:60|sf 0:10; sud 10:|#60:db50545c156a4d9f",
        "t:60|set 0:; sfd|#60:324d34499d3ceb7d",
        "t:60|sf 0:; scopy|#60:324d34499d3ceb7d",
        "t:60|sf 0:; rm 0::2; sset|#30:6c3bebd58dd7707c",
        "t:60|sf 0:20; sor 10:|#60:b5c41369ba1ee645",
        "t:60|sf 0:; ssub 5:15|#50:982388c4bbf54287",
        "t:60|sf 0:; ssubd 5:15|#50:982388c4bbf54287",
        "t:60|sf 0:; sdu 3:|0 1 2",
        "t:60|sf 0:; sisub 0:12|#48:2666cfcedd68363d",
        "t:60|sf 0:; sand 5:15|8 9 12 7 5 6 11 13 14 10",
        "t:60|sf 0:8; sand 0:|4 3 6 7 0 5 1 2",
        "t:60|sf 0:10; sand 0:10|4 9 6 8 7 0 3 5 1 2",
        "m|sf 0:|#36:478110bc8f26e3d5",
        "m|sf ::-1|#36:12e159b53ddd1cf1",
        "m|sl 0:|#36:478110bc8f26e3d5",
        "m|sl 0:9|1 0 3 4 5 7 2 8 6",
        "m|sc 0:|#36:478110bc8f26e3d5",
        "m|snew; add 0:|#36:478110bc8f26e3d5",
        "m|sf 0:10; sup 10:|#36:478110bc8f26e3d5",
        "m|sf 0:10; sus 10:|#36:632fe5d82a844225",
        "m|sf 0:10; sud 10:|#36:632fe5d82a844225",
        "m|set 0:; sfd|#36:32df97ea61d92845",
        "m|sf 0:; scopy|#36:32df97ea61d92845",
        "m|sf 0:; rm 0::2; sset|#18:47465edf7b106e69",
        "m|sf 0:20; sor 10:|#36:632fe5d82a844225",
        "m|sf 0:; ssub 5:15|#26:0082d85d94fdc7ad",
        "m|sf 0:; ssubd 5:15|#26:0082d85d94fdc7ad",
        "m|sf 0:; sdu 3:|1 0 2",
        "m|sf 0:; sisub 0:12|#24:cc3ef31b20408777",
        "m|sf 0:; sand 5:15|5 11 12 14 7 8 6 10 13 9",
        "m|sf 0:8; sand 0:|1 0 3 4 5 7 2 6",
        "m|sf 0:10; sand 0:10|1 0 3 4 5 7 2 8 6 9",
        "w|sl 0:1|0",
        "w|sl 0:2|1 0",
        "w|sl 0:3|2 1 0",
        "w|sl 0:4|2 3 1 0",
        "w|sl 0:5|2 3 4 1 0",
        "w|sl 0:6|0 5 2 3 4 1",
        "w|sl 0:7|6 0 5 2 3 4 1",
        "w|sl 0:8|6 0 5 2 3 4 1 7",
        "w|sl 0:9|6 0 8 5 2 3 4 1 7",
        "w|sl 0:10|6 0 8 5 9 2 3 4 1 7",
        "w|sl 0:11|6 0 8 5 9 2 3 4 1 7 10",
        "w|sl 0:12|11 6 0 8 5 9 2 3 4 1 7 10",
        "w|sl 0:13|11 6 0 8 5 12 9 2 3 4 1 7 10",
        "w|sl 0:14|11 6 0 8 5 12 9 2 3 4 1 13 7 10",
        "w|sl 0:15|11 6 0 8 5 12 9 2 3 4 1 13 7 10 14",
        "w|sl 0:16|11 6 0 8 5 15 12 9 2 3 4 1 13 7 10 14",
        "w|sl 0:17|#17:01149a5b1c1354d2",
        "w|sl 0:18|#18:4036f5e02551ff08",
        "w|sl 0:19|#19:5cf5e4fc30c198ff",
        "w|sl 0:20|#20:da426b1ae12a124b",
        "w|sl 0:21|#21:cbe86142ffda4933",
        "w|sl 0:22|#22:046fbd227af41e4e",
        "w|sl 0:23|#23:e27d0aa1b25b26dc",
        "w|sl 0:24|#24:fdfe4d9e0263670b",
        "s:k:200|sf 0:10; rm 1,3,5; add 10:14|13 12 11 10 2 0 7 6 4 9 8",
        "s:k:200|sf 0:10; rm 1,3,5; add 1,3,5|3 2 1 0 7 6 5 4 9 8",
        "i:64:8:0|sf 0:20; rm 0:15; add 20:30|24 16 25 28 26 23 19 27 20 18 21 22 17 15 29",
        "s:k:200|sf 0:10; spop 4|3 2 1 0 | 7 6 5 4 9 8",
        "s:k:200|sf 0:40; spop 10; add 40:45; spop 3|#46:3ce3824038a98267",
        "s:k:200|sf 0:40; sclear; add 50:60|59 58 57 56 55 54 53 52 51 50",
        "s:k:200|set 0:5; del 0:4; upd 5:6|5 4",
        "s:k:200|set 0:5; del 0:4; upd 5:6; set 6:9|8 7 6 5 4",
        "i:64:8:0|set 0:5; del 0:4; upd 5:7; set 7:10|4 8 5 6 9 7",
        "s:k:200|sf 0:5; sdu 0:4; add 5:9|8 7 6 5 4",
        "i:64:8:0|sf 0:6; sdu 1:4; add 6:10|0 4 8 6 5 7 9",
        "w|set 0:10; sd 5:30|#30:cb84fd67a5ee807c",
        "s:k:200|set 0:20; del 0:20:2; sd 0:30|#30:0d7c0ada2f567804",
        "w|sf 0:; sdiffl 5:15|#52:9c8c0b845f63f6e2",
        "w|sf 0:; sdiffl 0:30|#32:ca7deaca5455aa2d",
        "w|sf 0:20; sandl ::-1|#20:5422b111bb9057af",
        "w|sf 0:; sandl 3:13|6 8 5 9 11 3 4 12 7 10",
        "i:64:8:0|sf 0:; sdiffl 5:15|#54:e837a5c9039237f3",
        "i:64:8:0|sf 0:; sdiffl 0:30|#34:0cc46318caeb517c",
        "i:64:8:0|sf 0:20; sandl ::-1|#20:004982786a1f0d2f",
        "i:64:8:0|sf 0:; sandl 3:13|4 8 5 10 12 6 7 3 9 11",
        "m|sf 0:; sdiffl 5:15|#26:0dcf91b0f4257643",
        "m|sf 0:; sdiffl 0:30|33 32 31 30 35 34",
        "m|sf 0:20; sandl ::-1|#20:412087fd7a073c25",
        "m|sf 0:; sandl 3:13|3 5 12 4 11 7 8 6 10 9",
        "w|sf 0:; sdu 0:40|#22:a89c21e3d69ad16a",
        "w|sf 0:30; sdu 0:5|#25:0f54efc2e29a848e",
    ];
    // END GENERATED TABLES
}
