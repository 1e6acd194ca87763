//! File objects: `open(path)` reads the whole file through the sandboxed host, once, and
//! records the dependency; the object then hands its content out.

use crate::budget::Budget;
use crate::value::Vm;
use crate::value::R;
use crate::value::{method_of, Args, MethodDef, Object, Str, Value};
use sha2::Digest;
use std::cell::RefCell;
use std::rc::Rc;

/// An open file (read-only, fully read at `open()`).
pub struct File {
    name: Str,
    /// The bytes not yet read.
    content: RefCell<Option<Rc<[u8]>>>,
}

static METHODS: &[MethodDef] = &[
    MethodDef::native("read", read),
    MethodDef::native("readlines", readlines),
    MethodDef::native("readline", readline),
    MethodDef::native("close", close),
];

impl File {
    /// Takes what is left to read.
    pub fn take(&self) -> Rc<[u8]> {
        self.content
            .borrow_mut()
            .take()
            .unwrap_or_else(|| Rc::from(Vec::new()))
    }
}

/// `open(path)`: reads the whole file through the sandboxed host and records the dependency.
pub fn open(it: &mut dyn Vm, path: &str) -> R<Value> {
    let resolved = it.resolve_path(path);
    let max = it.budget().limits().max_str;
    let bytes = it.read_file(&resolved, path, max)?;
    it.budget().bytes(bytes.len())?;
    let display = it.display_path(&resolved);
    let hex: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let deps = it.deps();
    let mut deps = deps.borrow_mut();
    deps.files.insert(display, hex);
    if !deps.read.contains(&resolved) {
        deps.read.push(resolved);
    }
    drop(deps);
    Ok(Value::object(File {
        name: path.into(),
        content: RefCell::new(Some(Rc::from(bytes))),
    }))
}

fn file(recv: &Value) -> &File {
    recv.downcast::<File>()
        .expect("file methods are bound to files")
}

/// A file's lines as Python 2 reads them in mode `'r'`: split after each `\n` only.
fn lines(b: &Budget, content: &[u8]) -> R<Vec<Value>> {
    let lines: Vec<&[u8]> = content.split_inclusive(|&c| c == b'\n').collect();
    b.items(lines.len())?;
    Ok(lines.into_iter().map(Value::bytes).collect())
}

fn read(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    Ok(Value::bytes(&file(recv).take()))
}

fn readlines(it: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    let content = file(recv).take();
    Ok(Value::list(lines(&it.budget(), &content)?))
}

fn readline(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    let f = file(recv);
    let content = f.take();
    let pos = content
        .iter()
        .position(|b| *b == b'\n')
        .map_or(content.len(), |i| i + 1);
    let (line, rest) = content.split_at(pos);
    *f.content.borrow_mut() = Some(Rc::from(rest));
    Ok(Value::bytes(line))
}

fn close(_: &mut dyn Vm, _: &Value, _: Args) -> R<Value> {
    Ok(Value::None)
}

impl Object for File {
    fn type_name(&self) -> String {
        "file".into()
    }
    fn repr(&self, _: &Value, _: &Budget) -> R<String> {
        Ok(format!("<open file '{}', mode 'r'>", self.name))
    }
    fn attr(&self, this: &Value, name: &str, _: &Budget) -> R<Option<Value>> {
        Ok(method_of(this, METHODS, name))
    }
    fn iter(&self, _: &Value, b: &Budget) -> R<Option<Vec<Value>>> {
        Ok(Some(lines(b, &self.take())?))
    }
}
