//! `copy`: `copy.copy` and `copy.deepcopy`, with deepcopy's memo (a structure that contains
//! itself is copied into one that does too) and CPython's orders for dicts and sets.

use crate::budget::Budget;
use crate::value::Dict;
use crate::value::Vm;
use crate::value::R;
use crate::value::{Args, NativeFn, Value};
use crate::HashMap;
use std::cell::RefCell;
use std::rc::Rc;

pub static FUNCTIONS: &[NativeFn] = &[
    NativeFn::new("copy", copy),
    NativeFn::new("deepcopy", deepcopy),
];

fn copy(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("copy", 1, 1)?;
    let b = &it.budget();
    Ok(match &a.pos[0] {
        Value::List(l) => {
            b.items(l.borrow().len())?;
            Value::list(l.borrow().clone())
        }
        // `copy.copy` of a dict or set is `dict(d)` / `set(s)`.
        Value::Dict(d) => {
            b.items(d.borrow().len())?;
            Value::dict(d.borrow().copy())
        }
        Value::Set(d) => {
            b.items(d.borrow().len())?;
            Value::set(d.borrow().copy())
        }
        other => other.clone(),
    })
}

fn deepcopy(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("deepcopy", 1, 1)?;
    Deep {
        b: &it.budget(),
        memo: HashMap::default(),
    }
    .copy(&a.pos[0])
}

struct Deep<'b> {
    b: &'b Budget,
    memo: HashMap<usize, Value>,
}

impl Deep<'_> {
    fn copy(&mut self, v: &Value) -> R<Value> {
        if let Some(done) = self.memo.get(&v.identity()).filter(|_| v.identity() != 0) {
            return Ok(done.clone());
        }
        let b = self.b;
        let _depth = b.enter(|| "while copying an object".into())?;
        Ok(match v {
            Value::List(l) => {
                let items = l.borrow().clone();
                b.items(items.len())?;
                let out = Rc::new(RefCell::new(Vec::with_capacity(items.len())));
                self.memo.insert(v.identity(), Value::List(out.clone()));
                for x in &items {
                    let c = self.copy(x)?;
                    out.borrow_mut().push(c);
                }
                Value::List(out)
            }
            Value::Tuple(t) => {
                b.items(t.len())?;
                let items = t.iter().map(|x| self.copy(x)).collect::<R<Vec<_>>>()?;
                Value::tuple(items)
            }
            // `deepcopy` of a dict inserts each copied key into `{}` in the dict's order.
            Value::Dict(d) => {
                let entries: Vec<_> = d
                    .borrow()
                    .iter_keyed()
                    .map(|(k, kv, x)| (k.clone(), kv.clone(), x.clone()))
                    .collect();
                b.items(entries.len())?;
                let out = Rc::new(RefCell::new(Dict::new()));
                self.memo.insert(v.identity(), Value::Dict(out.clone()));
                for (key, k, x) in entries {
                    let c = self.copy(&x)?;
                    out.borrow_mut().insert(key, k, c);
                }
                Value::Dict(out)
            }
            // `deepcopy` of a set goes through its reduction, `set(list(s))`.
            Value::Set(d) => {
                let members: Vec<_> = d
                    .borrow()
                    .iter_keyed()
                    .map(|(k, kv, _)| (k.clone(), kv.clone()))
                    .collect();
                b.items(members.len())?;
                let mut out = Dict::new_set();
                for (key, k) in members {
                    let c = self.copy(&k)?;
                    out.insert(key, c, Value::None);
                }
                Value::set(out)
            }
            other => other.clone(),
        })
    }
}
