//! Snapshots of a namespace: an embedder runs its library once, takes a [`Snapshot`], and starts
//! every later run from it ([`crate::Interp::from_snapshot`]) instead of running the library
//! again.
//!
//! A run must not see what an earlier run did to the library's objects (`Units.x = 1`,
//! `SOME_LIST.append(...)`), so each start copies everything that can change: lists, dicts,
//! sets, classes, instances, closures' frames, and whatever holds one of them (tuples, functions,
//! bound methods, modules, exceptions). What cannot change is shared: numbers, strings, natives,
//! builtin types, and embedder objects that say they are [`crate::Object::frozen`]. The copy
//! keeps identity (an object reachable twice is copied once) and cycles. Taking a snapshot checks
//! that every reachable object can be copied or shared; a start then copies without checks.

use crate::source::{FileId, SourceMap};
use crate::value::{BoundMethod, Class, ExcObj, Frame, Function, Instance, Module, Str, Value};
use crate::HashMap;
use std::cell::RefCell;
use std::rc::Rc;

/// A namespace after a library ran, and what else the run set up.
pub struct Snapshot {
    pub(crate) globals: HashMap<Str, Value>,
    pub(crate) modules: HashMap<Str, Value>,
    pub(crate) sources: SourceMap,
    pub(crate) true_division: Vec<FileId>,
}

impl Snapshot {
    /// Checks that every value is copyable and keeps the namespace: the error names the first
    /// global that holds something no snapshot may hold.
    pub(crate) fn take(
        globals: &HashMap<Str, Value>,
        modules: &HashMap<Str, Value>,
        sources: SourceMap,
        true_division: Vec<FileId>,
    ) -> Result<Snapshot, String> {
        let mut check = Copier::new(true);
        for (name, v) in globals.iter().chain(modules) {
            check
                .value(v)
                .map_err(|what| format!("{name} holds {what}, which a snapshot cannot copy"))?;
        }
        Ok(Snapshot {
            globals: globals.clone(),
            modules: modules.clone(),
            sources,
            true_division,
        })
    }

    /// Fresh copies of the globals and modules, sharing nothing that can change.
    pub(crate) fn copy(&self) -> (HashMap<Str, Value>, HashMap<Str, Value>) {
        let mut c = Copier::new(false);
        let mut map = |m: &HashMap<Str, Value>| -> HashMap<Str, Value> {
            m.iter()
                .map(|(k, v)| (k.clone(), c.value(v).expect("checked by Snapshot::take")))
                .collect()
        };
        (map(&self.globals), map(&self.modules))
    }

    /// The sources registered by the library's run.
    pub(crate) fn sources(&self) -> SourceMap {
        self.sources.clone()
    }
}

/// Copies values, each object once (by address), refusing uncopyable objects when `checking`.
struct Copier {
    checking: bool,
    values: HashMap<usize, Value>,
    frames: HashMap<usize, Rc<Frame>>,
}

type Copied<T> = Result<T, String>;

impl Copier {
    fn new(checking: bool) -> Copier {
        Copier {
            checking,
            values: HashMap::default(),
            frames: HashMap::default(),
        }
    }

    fn values(&mut self, vs: &[Value]) -> Copied<Vec<Value>> {
        vs.iter().map(|v| self.value(v)).collect()
    }

    fn attrs(&mut self, m: &HashMap<Str, Value>) -> Copied<HashMap<Str, Value>> {
        m.iter()
            .map(|(k, v)| Ok((k.clone(), self.value(v)?)))
            .collect()
    }

    fn value(&mut self, v: &Value) -> Copied<Value> {
        if let Value::Object(o) = v {
            if self.checking && !o.frozen() {
                return Err(format!("a {} object", o.type_name()));
            }
            return Ok(v.clone());
        }
        if v.atomic() {
            return Ok(v.clone());
        }
        let id = v.identity();
        if let Some(done) = self.values.get(&id) {
            return Ok(done.clone());
        }
        // Containers are registered before their contents are copied, so cycles end.
        let copy = match v {
            Value::List(items) => {
                let new = Rc::new(RefCell::new(Vec::new()));
                self.values.insert(id, Value::List(new.clone()));
                let items = self.values(&items.borrow())?;
                *new.borrow_mut() = items;
                return Ok(Value::List(new));
            }
            Value::Dict(d) | Value::Set(d) => {
                let new = Rc::new(RefCell::new(crate::Dict::new()));
                let wrap = |d| match v {
                    Value::Set(_) => Value::Set(d),
                    _ => Value::Dict(d),
                };
                self.values.insert(id, wrap(new.clone()));
                if self.checking {
                    if let Some((key, _, _)) = d
                        .borrow()
                        .iter_keyed()
                        .find(|(k, _, _)| k.id.has_identity())
                    {
                        return Err(format!("a dict keyed by an object's identity ({key:?})"));
                    }
                }
                let copied = d.borrow().try_map(|x| self.value(x))?;
                *new.borrow_mut() = copied;
                return Ok(wrap(new));
            }
            Value::Class(c) => {
                let bases = self.values(&c.bases)?;
                let new = Rc::new(Class {
                    name: c.name.clone(),
                    bases,
                    attrs: RefCell::new(HashMap::default()),
                });
                self.values.insert(id, Value::Class(new.clone()));
                let attrs = self.attrs(&c.attrs.borrow())?;
                *new.attrs.borrow_mut() = attrs;
                return Ok(Value::Class(new));
            }
            Value::Instance(i) => {
                let class = self.class(&i.class)?;
                let new = Rc::new(Instance {
                    class,
                    attrs: RefCell::new(HashMap::default()),
                });
                self.values.insert(id, Value::Instance(new.clone()));
                let attrs = self.attrs(&i.attrs.borrow())?;
                *new.attrs.borrow_mut() = attrs;
                return Ok(Value::Instance(new));
            }
            Value::Tuple(items) => Value::Tuple(Rc::new(self.values(items)?)),
            Value::Function(f) => Value::Function(Rc::new(self.function(f)?)),
            Value::Method(m) => Value::Method(Rc::new(BoundMethod {
                recv: m.recv.as_ref().map(|r| self.value(r)).transpose()?,
                def: m.def,
            })),
            Value::Bound(pair) => {
                Value::Bound(Rc::new((self.value(&pair.0)?, self.value(&pair.1)?)))
            }
            Value::Module(m) => Value::Module(Rc::new(Module {
                name: m.name.clone(),
                attrs: self.attrs(&m.attrs)?,
            })),
            Value::Exception(e) => {
                let class = e.class.as_ref().map(|c| self.class(c)).transpose()?;
                Value::Exception(Rc::new(ExcObj {
                    ty: e.ty,
                    class,
                    args: self.values(&e.args)?,
                    tag: e.tag,
                }))
            }
            _ => unreachable!("shared values return above"),
        };
        // A tuple (or function, ...) reached again through its own contents was copied
        // there already: keep that copy, so the object stays one object.
        Ok(self.values.entry(id).or_insert(copy).clone())
    }

    fn class(&mut self, c: &Rc<Class>) -> Copied<Rc<Class>> {
        match self.value(&Value::Class(c.clone()))? {
            Value::Class(c) => Ok(c),
            _ => unreachable!("a class copies to a class"),
        }
    }

    fn function(&mut self, f: &Function) -> Copied<Function> {
        let mut params = Vec::with_capacity(f.params.len());
        for (name, default) in &f.params {
            params.push((
                name.clone(),
                default.as_ref().map(|d| self.value(d)).transpose()?,
            ));
        }
        Ok(Function {
            params,
            closure: f.closure.as_ref().map(|fr| self.frame(fr)).transpose()?,
            ..f.clone()
        })
    }

    fn frame(&mut self, fr: &Rc<Frame>) -> Copied<Rc<Frame>> {
        let id = Rc::as_ptr(fr) as usize;
        if let Some(done) = self.frames.get(&id) {
            return Ok(done.clone());
        }
        let parent = fr.parent.as_ref().map(|p| self.frame(p)).transpose()?;
        let new = Rc::new(Frame {
            vars: RefCell::new(HashMap::default()),
            parent,
            class_log: fr.class_log.clone(),
        });
        self.frames.insert(id, new.clone());
        let vars = self.attrs(&fr.vars.borrow())?;
        *new.vars.borrow_mut() = vars;
        Ok(new)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Host, HostError, Interp, Limits, Value};
    use std::path::Path;
    use std::rc::Rc;

    struct NoFiles;

    impl Host for NoFiles {
        fn read(&self, path: &Path, _: usize) -> Result<Vec<u8>, HostError> {
            Err(HostError::Missing(path.display().to_string()))
        }
        fn exists(&self, _: &Path) -> bool {
            false
        }
        fn is_dir(&self, _: &Path) -> bool {
            false
        }
    }

    fn library() -> Interp {
        Interp::new(
            Rc::new(NoFiles),
            "/".into(),
            Default::default(),
            Limits::default(),
        )
    }

    fn start(snapshot: &crate::Snapshot, program: &str) -> Interp {
        let mut it = Interp::from_snapshot(
            snapshot,
            Rc::new(NoFiles),
            "/".into(),
            Default::default(),
            Limits::default(),
        );
        let id = it
            .sources
            .add(Path::new("p.py"), "p.py".into(), program.into());
        it.exec_file(id)
            .unwrap_or_else(|e| panic!("{program}: {e:?}"));
        it
    }

    #[test]
    fn each_start_copies_what_can_change_and_keeps_identity_and_cycles() {
        let mut lib = library();
        let library = "a = []\na.append(a)\nb = {'x': a}\nt = (a, a)\n\
                       class C(object):\n  n = [0]\n  @classmethod\n  def get(cls):\n    return cls.n\n\
                       get = C.get\n\
                       def outer():\n  seen = []\n  def inner():\n    seen.append(1)\n    return len(seen)\n  return inner\n\
                       count = outer()\n";
        lib.exec_library("<lib>", library).unwrap();
        let snapshot = lib.snapshot().unwrap();
        let probe = "same = b['x'] is a and t[0] is t[1] and a[0] is a and get() is C.n\n\
                     before = (len(a), len(C.n), count())\n\
                     a.append(2)\nC.n.append(1)\nC.m = 1\n";
        for _ in 0..2 {
            let it = start(&snapshot, probe);
            assert!(matches!(it.global("same"), Some(Value::Bool(true))));
            // Every start sees the library's state, not the previous start's changes.
            let before = it.global("before").unwrap();
            let Value::Tuple(items) = before else {
                panic!("not a tuple")
            };
            let ints: Vec<i64> = items
                .iter()
                .map(|v| match v {
                    Value::Int(i) => *i,
                    _ => panic!("not an int"),
                })
                .collect();
            assert_eq!(ints, [1, 1, 1]);
        }
    }

    #[test]
    fn a_namespace_holding_a_mutable_embedder_object_cannot_be_snapshot() {
        let mut lib = library();
        lib.exec_library("<lib>", "import hashlib\nh = [hashlib.md5()]\n")
            .unwrap();
        let e = lib.snapshot().err().expect("an md5 object is not frozen");
        assert!(e.contains("md5") || e.contains("h holds"), "{e}");
    }
}
