//! `os`, `os.path`, `os.environ` and `getpass`: paths as strings, files only through the
//! sandboxed host, the environment only as the run was given it, and every read recorded.

use crate::budget::Budget;
use crate::error::ExcKind;
use crate::host::Deps;
use crate::ops::key_error;
use crate::value::Dict;
use crate::value::Module;
use crate::value::Vm;
use crate::value::{method_of, Args, MethodDef, NativeFn, Object, Value};
use crate::value::{raise, sandbox, R};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

static OS: &[NativeFn] = &[
    NativeFn::new("getenv", getenv_fn),
    NativeFn::family("getcwd", machine, "os.getcwd"),
    NativeFn::family("listdir", machine, "os.listdir"),
    NativeFn::family("walk", machine, "os.walk"),
    NativeFn::family("uname", machine, "os.uname"),
    NativeFn::family("getpid", machine, "os.getpid"),
];

static PATH: &[NativeFn] = &[
    NativeFn::new("join", join),
    NativeFn::new("basename", basename),
    NativeFn::new("dirname", dirname),
    NativeFn::new("split", split),
    NativeFn::new("splitext", splitext),
    NativeFn::new("exists", exists),
    NativeFn::new("isdir", isdir),
    NativeFn::new("isfile", isfile),
    NativeFn::new("normpath", normpath_fn),
    NativeFn::new("isabs", isabs),
    NativeFn::family("abspath", machine_path, "os.path.abspath"),
    NativeFn::family("expanduser", machine_path, "os.path.expanduser"),
];

pub(super) static GETPASS: &[NativeFn] = &[NativeFn::new("getuser", getuser)];

static ENVIRON: &[MethodDef] = &[
    MethodDef::native("get", environ_get),
    MethodDef::native("has_key", environ_has_key),
    MethodDef::native("keys", environ_keys),
    MethodDef::native("items", environ_items),
    MethodDef::native("copy", environ_copy),
];

/// The `os` module.
pub(super) fn os(it: &dyn Vm) -> Value {
    let environ = Environ {
        vars: it.environ(),
        deps: it.deps(),
    };
    Module::of(
        "os",
        OS,
        vec![
            ("path", path()),
            ("environ", Value::object(environ)),
            ("sep", Value::str("/")),
            ("linesep", Value::str("\n")),
            ("pathsep", Value::str(":")),
            ("curdir", Value::str(".")),
        ],
    )
}

/// The `os.path` module.
pub(super) fn path() -> Value {
    Module::of("os.path", PATH, vec![("sep", Value::str("/"))])
}

fn s<'a>(a: &'a Args, i: usize, name: &str) -> R<&'a str> {
    match a.req(i, name)? {
        Value::Str(s) => Ok(s),
        other => Err(raise(
            ExcKind::TypeError,
            format!(
                "{name}() argument must be a string, not {}",
                other.type_name()
            ),
        )),
    }
}

/// Reads an environment variable, recording it.
fn getenv(it: &mut dyn Vm, name: &str) -> Option<String> {
    let v = it.environ().get(name).cloned();
    it.deps()
        .borrow_mut()
        .env
        .insert(name.to_string(), v.clone());
    v
}

fn getenv_fn(it: &mut dyn Vm, a: Args) -> R<Value> {
    let k = s(&a, 0, "getenv")?;
    Ok(match getenv(it, k) {
        Some(v) => Value::str(v),
        None => a.pos.get(1).cloned().unwrap_or(Value::None),
    })
}

fn join(_: &mut dyn Vm, a: Args) -> R<Value> {
    let mut out = String::new();
    for i in 0..a.pos.len() {
        let p = s(&a, i, "join")?;
        if p.starts_with('/') {
            out = p.to_string();
        } else if out.is_empty() || out.ends_with('/') {
            out.push_str(p);
        } else {
            out.push('/');
            out.push_str(p);
        }
    }
    Ok(Value::str(out))
}

fn basename(_: &mut dyn Vm, a: Args) -> R<Value> {
    let p = s(&a, 0, "basename")?;
    Ok(Value::str(p.rsplit('/').next().unwrap_or("")))
}

/// `(head, tail)` of `os.path.split`.
fn split_path(p: &str) -> (&str, &str) {
    match p.rfind('/') {
        Some(i) => {
            let head = &p[..=i];
            let trimmed = head.trim_end_matches('/');
            (if trimmed.is_empty() { head } else { trimmed }, &p[i + 1..])
        }
        None => ("", p),
    }
}

fn dirname(_: &mut dyn Vm, a: Args) -> R<Value> {
    Ok(Value::str(split_path(s(&a, 0, "dirname")?).0))
}

fn split(_: &mut dyn Vm, a: Args) -> R<Value> {
    let (head, tail) = split_path(s(&a, 0, "split")?);
    Ok(Value::tuple(vec![Value::str(head), Value::str(tail)]))
}

fn splitext(_: &mut dyn Vm, a: Args) -> R<Value> {
    let p = s(&a, 0, "splitext")?;
    let base_start = p.rfind('/').map_or(0, |i| i + 1);
    let base = &p[base_start..];
    let dot = base
        .rfind('.')
        .filter(|&i| base[..i].chars().any(|c| c != '.'));
    Ok(Value::tuple(match dot {
        Some(i) => vec![Value::str(&p[..base_start + i]), Value::str(&base[i..])],
        None => vec![Value::str(p), Value::str("")],
    }))
}

fn probe(
    it: &mut dyn Vm,
    a: Args,
    name: &str,
    test: fn(&dyn Vm, &std::path::Path) -> bool,
) -> R<Value> {
    let p = s(&a, 0, name)?;
    let resolved = it.resolve_path(p);
    let r = test(it, &resolved);
    let display = it.display_path(&resolved);
    it.deps()
        .borrow_mut()
        .other
        .push(format!("path.{name}({display}) = {r}"));
    Ok(Value::Bool(r))
}

fn exists(it: &mut dyn Vm, a: Args) -> R<Value> {
    probe(it, a, "exists", |it, p| it.host().exists(p))
}

fn isdir(it: &mut dyn Vm, a: Args) -> R<Value> {
    probe(it, a, "isdir", |it, p| it.host().is_dir(p))
}

fn isfile(it: &mut dyn Vm, a: Args) -> R<Value> {
    probe(it, a, "isfile", |it, p| {
        it.host().exists(p) && !it.host().is_dir(p)
    })
}

/// `os.path.normpath`.
pub(crate) fn normpath(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let abs = p.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|l| *l != "..") {
                    out.pop();
                } else if !abs {
                    out.push("..");
                }
            }
            c => out.push(c),
        }
    }
    let joined = out.join("/");
    match (abs, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

fn normpath_fn(_: &mut dyn Vm, a: Args) -> R<Value> {
    Ok(Value::str(normpath(s(&a, 0, "normpath")?)))
}

fn isabs(_: &mut dyn Vm, a: Args) -> R<Value> {
    Ok(Value::Bool(s(&a, 0, "isabs")?.starts_with('/')))
}

fn machine(_: &mut dyn Vm, name: &'static str, _: Args) -> R<Value> {
    Err(sandbox(format!(
        "{name}() depends on the machine it runs on; a config must evaluate the same everywhere"
    )))
}

fn machine_path(_: &mut dyn Vm, name: &'static str, _: Args) -> R<Value> {
    Err(sandbox(format!(
        "{name}() depends on the machine it runs on; use a path relative to the config"
    )))
}

fn getuser(it: &mut dyn Vm, _: Args) -> R<Value> {
    for var in ["LOGNAME", "USER", "LNAME", "USERNAME"] {
        if let Some(v) = getenv(it, var) {
            return Ok(Value::str(v));
        }
    }
    // Python then asks the password database for the current user.
    match it.host().login_name() {
        Some(user) => {
            it.deps().borrow_mut().other.push(format!(
                "getpass.getuser() = {user:?} from the password database (none of LOGNAME, USER, LNAME, USERNAME is set)"
            ));
            Ok(Value::str(user))
        }
        None => Err(raise(
            ExcKind::KeyError,
            "getpwuid(): uid not found (none of LOGNAME, USER, LNAME, USERNAME is set; pass --env USER=NAME)",
        )),
    }
}

/// `os.environ`: what the run was given as its environment, each read recorded in the run's
/// dependencies.
struct Environ {
    vars: Rc<BTreeMap<String, String>>,
    deps: Rc<RefCell<Deps>>,
}

impl Environ {
    fn get(&self, name: &str) -> Option<String> {
        let v = self.vars.get(name).cloned();
        self.deps
            .borrow_mut()
            .env
            .insert(name.to_string(), v.clone());
        v
    }

    /// Every variable, recording that the whole environment was read.
    fn all(&self) -> Vec<(String, String)> {
        self.deps
            .borrow_mut()
            .other
            .push("all of os.environ".into());
        self.vars
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

fn environ(recv: &Value) -> &Environ {
    recv.downcast::<Environ>()
        .expect("environ methods are bound to os.environ")
}

impl Object for Environ {
    fn type_name(&self) -> String {
        "_Environ".into()
    }
    fn repr(&self, _: &Value, b: &Budget) -> R<String> {
        let mut d = Dict::new();
        for (k, v) in self.all() {
            d.insert_str(&k.into(), Value::str(v));
        }
        crate::ops::repr(&Value::dict(d), b)
    }
    fn attr(&self, this: &Value, name: &str, _: &Budget) -> R<Option<Value>> {
        Ok(method_of(this, ENVIRON, name))
    }
    fn item(&self, _: &Value, key: &Value, _: &Budget) -> R<Option<Value>> {
        let found = match key {
            Value::Str(k) => self.get(k),
            _ => None,
        };
        found
            .map(|v| Some(Value::str(v)))
            .ok_or_else(|| key_error(key))
    }
    fn contains(&self, _: &Value, needle: &Value, _: &Budget) -> R<Option<bool>> {
        Ok(Some(match needle {
            Value::Str(k) => self.get(k).is_some(),
            _ => false,
        }))
    }
    fn iter(&self, _: &Value, b: &Budget) -> R<Option<Vec<Value>>> {
        let all = self.all();
        b.items(all.len())?;
        Ok(Some(all.into_iter().map(|(k, _)| Value::str(k)).collect()))
    }
    fn mapping(&self, _: &Value, _: &Budget) -> R<Option<Value>> {
        let mut d = Dict::new();
        for (k, v) in self.all() {
            d.insert_str(&k.into(), Value::str(v));
        }
        Ok(Some(Value::dict(d)))
    }
}

fn environ_get(_: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let k = s(&a, 0, "get")?;
    Ok(match environ(recv).get(k) {
        Some(v) => Value::str(v),
        None => a.pos.get(1).cloned().unwrap_or(Value::None),
    })
}

fn environ_has_key(_: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let k = s(&a, 0, "has_key")?;
    Ok(Value::Bool(environ(recv).get(k).is_some()))
}

fn environ_keys(it: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    let all = environ(recv).all();
    it.budget().items(all.len())?;
    Ok(Value::list(
        all.into_iter().map(|(k, _)| Value::str(k)).collect(),
    ))
}

fn environ_items(it: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    let all = environ(recv).all();
    it.budget().items(all.len() * 3)?;
    Ok(Value::list(
        all.into_iter()
            .map(|(k, v)| Value::tuple(vec![Value::str(k), Value::str(v)]))
            .collect(),
    ))
}

fn environ_copy(it: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    let all = environ(recv).all();
    it.budget().items(all.len())?;
    let mut d = Dict::new();
    for (k, v) in all {
        d.insert_str(&k.into(), Value::str(v));
    }
    Ok(Value::dict(d))
}
