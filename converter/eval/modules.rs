//! The import allow-list: our own implementations of the standard-library pieces configs use.
//!
//! `hashlib` (md5/sha1/sha256/sha512), `os.path`, `os.environ`/`os.getenv`, `getpass.getuser`,
//! `json`, `itertools`, `functools`, `string`, `textwrap`, `math`, `copy`, and `pystachio`.
//! Every read of the environment or of a file is recorded in [`super::Deps`], because the same
//! config can give different JSON on a laptop and in CI. Anything else is an `E0007` diagnostic.

use super::ops::{iterate, py_str, repr};
use super::value::{Dict, HashKey, Module, Str, Value};
use super::{fatal, raise, Interp, R};
use crate::diagnostic::Code;
use crate::source::Span;
use sha2::Digest;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Every module function, by qualified name (`Value::Builtin` needs static names).
const FUNCTIONS: &[&str] = &[
    "hashlib.md5",
    "hashlib.sha1",
    "hashlib.sha224",
    "hashlib.sha256",
    "hashlib.sha384",
    "hashlib.sha512",
    "hashlib.new",
    "os.getenv",
    "os.path.join",
    "os.path.basename",
    "os.path.dirname",
    "os.path.splitext",
    "os.path.split",
    "os.path.exists",
    "os.path.isdir",
    "os.path.isfile",
    "os.path.normpath",
    "os.path.isabs",
    "os.path.abspath",
    "os.path.expanduser",
    "os.environ.get",
    "os.environ.keys",
    "os.environ.items",
    "os.environ.has_key",
    "os.environ.copy",
    "getpass.getuser",
    "json.dumps",
    "json.loads",
    "json.load",
    "itertools.chain",
    "itertools.product",
    "itertools.izip",
    "itertools.combinations",
    "itertools.permutations",
    "itertools.islice",
    "itertools.repeat",
    "itertools.imap",
    "itertools.ifilter",
    "itertools.groupby",
    "functools.reduce",
    "string.join",
    "string.split",
    "string.upper",
    "string.lower",
    "string.strip",
    "string.replace",
    "string.capitalize",
    "textwrap.dedent",
    "textwrap.fill",
    "textwrap.wrap",
    "math.ceil",
    "math.floor",
    "math.sqrt",
    "math.log",
    "math.pow",
    "math.fabs",
    "copy.copy",
    "copy.deepcopy",
    "time.time",
    "time.strftime",
    "time.localtime",
    "time.gmtime",
    "datetime.now",
    "datetime.datetime.now",
    "datetime.datetime.utcnow",
    "datetime.datetime.today",
    "datetime.date.today",
    "os.getcwd",
    "os.listdir",
    "os.walk",
    "os.uname",
    "os.getpid",
];

fn module(name: &str, attrs: Vec<(&str, Value)>) -> Value {
    Value::Module(Rc::new(Module {
        name: name.into(),
        attrs: attrs
            .into_iter()
            .map(|(k, v)| (Str::from(k), v))
            .collect::<HashMap<_, _>>(),
    }))
}

fn funcs(prefix: &str) -> Vec<(&'static str, Value)> {
    FUNCTIONS
        .iter()
        .filter_map(|n| {
            let rest = n.strip_prefix(prefix)?.strip_prefix('.')?;
            (!rest.contains('.')).then_some((rest, Value::Builtin(n)))
        })
        .collect()
}

/// Imports a module by dotted name.
pub fn import(name: &str) -> R<Value> {
    Ok(match name {
        "hashlib" | "json" | "itertools" | "functools" | "textwrap" | "math" | "copy"
        | "getpass" => module(name, funcs(name)),
        "os.path" => module("os.path", {
            let mut a = funcs("os.path");
            a.push(("sep", Value::str("/")));
            a
        }),
        "os" => module("os", {
            let mut a = funcs("os");
            a.push(("path", import("os.path")?));
            a.push(("environ", module("os.environ", funcs("os.environ"))));
            a.push(("sep", Value::str("/")));
            a.push(("linesep", Value::str("\n")));
            a.push(("pathsep", Value::str(":")));
            a.push(("curdir", Value::str(".")));
            a
        }),
        "string" => module("string", {
            let mut a = funcs("string");
            let lower = "abcdefghijklmnopqrstuvwxyz";
            let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
            a.push(("ascii_lowercase", Value::str(lower)));
            a.push(("ascii_uppercase", Value::str(upper)));
            a.push(("ascii_letters", Value::str(format!("{lower}{upper}"))));
            a.push(("lowercase", Value::str(lower)));
            a.push(("uppercase", Value::str(upper)));
            a.push(("letters", Value::str(format!("{lower}{upper}"))));
            a.push(("digits", Value::str("0123456789")));
            a.push(("hexdigits", Value::str("0123456789abcdefABCDEF")));
            a.push(("octdigits", Value::str("01234567")));
            a.push((
                "punctuation",
                Value::str("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
            ));
            a.push(("whitespace", Value::str("\t\n\x0b\x0c\r ")));
            a
        }),
        "time" => module(name, funcs(name)),
        "datetime" => module("datetime", {
            let mut a = funcs("datetime");
            a.push((
                "datetime",
                module("datetime.datetime", funcs("datetime.datetime")),
            ));
            a.push(("date", module("datetime.date", funcs("datetime.date"))));
            a
        }),
        "sys" => module(
            "sys",
            vec![
                ("stdout", module("sys.stdout", funcs("sys.stdout"))),
                ("stderr", module("sys.stderr", funcs("sys.stderr"))),
                ("maxint", Value::Int(i64::MAX)),
                (
                    "version_info",
                    Value::tuple(vec![
                        Value::Int(2),
                        Value::Int(7),
                        Value::Int(18),
                        Value::str("final"),
                        Value::Int(0),
                    ]),
                ),
                ("version", Value::str("2.7.18")),
                ("platform", Value::str("linux2")),
            ],
        ),
        "pystachio" => {
            let mut attrs = HashMap::new();
            super::builtins::install_pystachio_names(&mut attrs);
            attrs.remove("include");
            Value::Module(Rc::new(Module {
                name: name.into(),
                attrs,
            }))
        }
        other => {
            return Err(raise(
                "ImportError",
                format!(
                    "No module named {other}: aurora2nix evaluates configs in a sandbox and only \
                     allows imports from its allow-list (hashlib, os, os.path, getpass, json, \
                     itertools, functools, string, textwrap, math, copy, sys, pystachio; time and \
                     datetime import, but reading the clock is refused)"
                ),
            ))
        }
    })
}

fn arg<'a>(args: &'a [Value], i: usize, name: &str) -> R<&'a Value> {
    args.get(i).ok_or_else(|| {
        raise(
            "TypeError",
            format!("{name}() missing required argument {}", i + 1),
        )
    })
}

fn s<'a>(v: &'a Value, name: &str) -> R<&'a str> {
    match v {
        Value::Str(s) => Ok(s),
        other => Err(raise(
            "TypeError",
            format!(
                "{name}() argument must be a string, not {}",
                other.type_name()
            ),
        )),
    }
}

/// The bytes a hash function consumes.
pub fn bytes_of(v: &Value) -> R<Vec<u8>> {
    match v {
        Value::Str(s) => Ok(s.as_bytes().to_vec()),
        Value::Bytes(b) => Ok(b.to_vec()),
        other => Err(raise(
            "TypeError",
            format!("must be string or buffer, not {}", other.type_name()),
        )),
    }
}

/// The raw digest of a hash object.
pub fn digest(h: &(&'static str, Vec<u8>)) -> Vec<u8> {
    let data = &h.1;
    match h.0 {
        "md5" => md5::Md5::digest(data).to_vec(),
        "sha1" => sha1::Sha1::digest(data).to_vec(),
        "sha224" => sha2::Sha224::digest(data).to_vec(),
        "sha384" => sha2::Sha384::digest(data).to_vec(),
        "sha512" => sha2::Sha512::digest(data).to_vec(),
        _ => sha2::Sha256::digest(data).to_vec(),
    }
}

/// The hex digest of a hash object.
pub fn digest_hex(h: &(&'static str, Vec<u8>)) -> String {
    digest(h).iter().map(|b| format!("{b:02x}")).collect()
}

fn getenv(it: &mut Interp, name: &str) -> Option<String> {
    let v = it.environ.get(name).cloned();
    it.deps.env.insert(name.to_string(), v.clone());
    v
}

/// `open(path)`: reads the whole file through the sandboxed host and records the dependency.
pub fn open_file(it: &mut Interp, path: &str) -> R<Value> {
    let resolved = it.resolve_path(path);
    let bytes = it.host.read(&resolved).map_err(|m| {
        if m.contains("outside") {
            fatal(Code::Sandbox, m)
        } else {
            raise(
                "IOError",
                format!("[Errno 2] No such file or directory: '{path}'"),
            )
        }
    })?;
    it.charge(bytes.len())?;
    let display = it.display_path(&resolved);
    let hex: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    it.deps.files.insert(display, hex);
    if !it.deps.read.contains(&resolved) {
        it.deps.read.push(resolved.clone());
    }
    Ok(Value::File(Rc::new(super::value::FileObj {
        name: path.into(),
        content: RefCell::new(Some(Rc::from(bytes))),
    })))
}

fn environ_item(it: &mut Interp, key: &Value) -> R<Value> {
    let k = s(key, "os.environ")?;
    match getenv(it, k) {
        Some(v) => Ok(Value::str(v)),
        None => Err(super::ops::key_error(key)),
    }
}

/// `os.environ[key]`.
pub fn environ_get_item(it: &mut Interp, key: &Value) -> R<Value> {
    environ_item(it, key)
}

fn environ_all(it: &mut Interp) -> Vec<(String, String)> {
    it.deps.other.push("all of os.environ".into());
    it.environ
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn normpath(p: &str) -> String {
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

fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let cleaned: Vec<&str> = lines
        .iter()
        .map(|l| if l.trim().is_empty() { "" } else { *l })
        .collect();
    let margin = cleaned
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| &l[..l.len() - l.trim_start_matches([' ', '\t']).len()])
        .fold(None::<&str>, |acc, m| match acc {
            None => Some(m),
            Some(a) => {
                let common = a.chars().zip(m.chars()).take_while(|(x, y)| x == y).count();
                Some(&a[..common])
            }
        })
        .unwrap_or("");
    cleaned
        .iter()
        .map(|l| l.strip_prefix(margin).unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Calls a module function by qualified name.
pub fn call(
    it: &mut Interp,
    name: &str,
    args: Vec<Value>,
    kwargs: Vec<(Str, Value)>,
    span: Span,
) -> R<Value> {
    let a = &args;
    match name {
        "hashlib.md5" | "hashlib.sha1" | "hashlib.sha224" | "hashlib.sha256" | "hashlib.sha384"
        | "hashlib.sha512" | "hashlib.new" => {
            let (algo, data) = if name == "hashlib.new" {
                (s(arg(a, 0, "new")?, "new")?.to_lowercase(), a.get(1))
            } else {
                (name["hashlib.".len()..].to_string(), a.first())
            };
            let algo: &'static str = match algo.as_str() {
                "md5" => "md5",
                "sha1" => "sha1",
                "sha224" => "sha224",
                "sha256" => "sha256",
                "sha384" => "sha384",
                "sha512" => "sha512",
                other => {
                    return Err(raise(
                        "ValueError",
                        format!("unsupported hash type {other}"),
                    ))
                }
            };
            let bytes = match data {
                Some(d) => bytes_of(d)?,
                None => Vec::new(),
            };
            Ok(Value::Hasher(Rc::new(RefCell::new((algo, bytes)))))
        }
        "os.getenv" | "os.environ.get" => {
            let k = s(arg(a, 0, "getenv")?, "getenv")?;
            Ok(match getenv(it, k) {
                Some(v) => Value::str(v),
                None => a.get(1).cloned().unwrap_or(Value::None),
            })
        }
        "os.environ.has_key" => {
            let k = s(arg(a, 0, "has_key")?, "has_key")?;
            Ok(Value::Bool(getenv(it, k).is_some()))
        }
        "os.environ.keys" => Ok(Value::list(
            environ_all(it)
                .into_iter()
                .map(|(k, _)| Value::str(k))
                .collect(),
        )),
        "os.environ.items" | "os.environ.copy" => {
            let all = environ_all(it);
            if name == "os.environ.items" {
                return Ok(Value::list(
                    all.into_iter()
                        .map(|(k, v)| Value::tuple(vec![Value::str(k), Value::str(v)]))
                        .collect(),
                ));
            }
            let mut d = Dict::new();
            for (k, v) in all {
                d.insert(
                    HashKey::Str(k.as_str().into()),
                    Value::str(k),
                    Value::str(v),
                );
            }
            Ok(Value::dict(d))
        }
        "os.path.join" => {
            let mut out = String::new();
            for p in a {
                let p = s(p, "join")?;
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
        "os.path.basename" => {
            let p = s(arg(a, 0, "basename")?, "basename")?;
            Ok(Value::str(p.rsplit('/').next().unwrap_or("")))
        }
        "os.path.dirname" => {
            let p = s(arg(a, 0, "dirname")?, "dirname")?;
            Ok(Value::str(match p.rfind('/') {
                Some(i) => {
                    let head = &p[..=i];
                    let trimmed = head.trim_end_matches('/');
                    if trimmed.is_empty() {
                        head.to_string()
                    } else {
                        trimmed.to_string()
                    }
                }
                None => String::new(),
            }))
        }
        "os.path.split" => {
            let p = s(arg(a, 0, "split")?, "split")?;
            let (head, tail) = match p.rfind('/') {
                Some(i) => {
                    let head = &p[..=i];
                    let trimmed = head.trim_end_matches('/');
                    (if trimmed.is_empty() { head } else { trimmed }, &p[i + 1..])
                }
                None => ("", p),
            };
            Ok(Value::tuple(vec![Value::str(head), Value::str(tail)]))
        }
        "os.path.splitext" => {
            let p = s(arg(a, 0, "splitext")?, "splitext")?;
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
        "os.path.exists" | "os.path.isdir" | "os.path.isfile" => {
            let p = s(arg(a, 0, "exists")?, "exists")?;
            let resolved = it.resolve_path(p);
            let r = match name {
                "os.path.exists" => it.host.exists(&resolved),
                "os.path.isdir" => it.host.is_dir(&resolved),
                _ => it.host.exists(&resolved) && !it.host.is_dir(&resolved),
            };
            let display = it.display_path(&resolved);
            it.deps
                .other
                .push(format!("{}({display}) = {r}", &name[3..]));
            Ok(Value::Bool(r))
        }
        "os.path.normpath" => Ok(Value::str(normpath(s(arg(a, 0, "normpath")?, "normpath")?))),
        "os.path.isabs" => Ok(Value::Bool(
            s(arg(a, 0, "isabs")?, "isabs")?.starts_with('/'),
        )),
        "os.path.abspath" | "os.path.expanduser" => Err(fatal(
            Code::Sandbox,
            format!(
                "{name}() depends on the machine it runs on; use a path relative to the config"
            ),
        )),
        "getpass.getuser" => {
            for var in ["LOGNAME", "USER", "LNAME", "USERNAME"] {
                if let Some(v) = getenv(it, var) {
                    return Ok(Value::str(v));
                }
            }
            // Python then asks the password database for the current user.
            match password_database_user() {
                Some(user) => {
                    it.deps.other.push(format!(
                        "getpass.getuser() = {user:?} from the password database (none of LOGNAME, USER, LNAME, USERNAME is set)"
                    ));
                    Ok(Value::str(user))
                }
                None => Err(raise(
                    "KeyError",
                    "getpwuid(): uid not found (none of LOGNAME, USER, LNAME, USERNAME is set; pass --env USER=NAME)",
                )),
            }
        }
        "json.dumps" => {
            let v = arg(a, 0, "dumps")?;
            let sort = kwargs
                .iter()
                .any(|(k, v)| &**k == "sort_keys" && v.truthy());
            let indent = kwargs
                .iter()
                .find(|(k, _)| &**k == "indent")
                .and_then(|(_, v)| match v {
                    Value::Int(i) => Some(*i as usize),
                    _ => None,
                });
            let seps = kwargs
                .iter()
                .find(|(k, _)| &**k == "separators")
                .map(|(_, v)| v.clone());
            let (item_sep, key_sep) = match seps {
                Some(Value::Tuple(t)) if t.len() == 2 => (py_str(&t[0])?, py_str(&t[1])?),
                _ => (
                    if indent.is_some() {
                        ",".into()
                    } else {
                        ", ".into()
                    },
                    ": ".into(),
                ),
            };
            let mut out = String::new();
            json_dump(v, sort, indent, &item_sep, &key_sep, 0, &mut out)?;
            Ok(Value::str(out))
        }
        "json.loads" | "json.load" => {
            let text = match arg(a, 0, "loads")? {
                Value::File(f) => {
                    let b = f
                        .content
                        .borrow_mut()
                        .take()
                        .unwrap_or_else(|| Rc::from(Vec::new()));
                    String::from_utf8_lossy(&b).into_owned()
                }
                v => s(v, "loads")?.to_string(),
            };
            let j: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                raise(
                    "ValueError",
                    format!("No JSON object could be decoded ({e})"),
                )
            })?;
            Ok(from_json(&j))
        }
        "itertools.chain" => {
            let mut out = Vec::new();
            for x in a {
                out.extend(iterate(it, x)?);
            }
            it.check_items(out.len())?;
            Ok(Value::list(out))
        }
        "itertools.izip" => super::builtins::call(it, "zip", args, kwargs, span),
        "itertools.imap" => super::builtins::call(it, "map", args, kwargs, span),
        "itertools.ifilter" => super::builtins::call(it, "filter", args, kwargs, span),
        "functools.reduce" => super::builtins::call(it, "reduce", args, kwargs, span),
        "itertools.product" => {
            let repeat =
                kwargs
                    .iter()
                    .find(|(k, _)| &**k == "repeat")
                    .map_or(Ok(1), |(_, v)| match v {
                        Value::Int(i) => Ok(*i),
                        _ => Err(raise("TypeError", "repeat must be an integer")),
                    })?;
            let pools = a.iter().map(|x| iterate(it, x)).collect::<R<Vec<_>>>()?;
            let pools: Vec<Vec<Value>> = (0..repeat.max(0)).flat_map(|_| pools.clone()).collect();
            let mut out: Vec<Vec<Value>> = vec![vec![]];
            for pool in &pools {
                let mut next = Vec::new();
                for prefix in &out {
                    for x in pool {
                        let mut p = prefix.clone();
                        p.push(x.clone());
                        next.push(p);
                    }
                }
                it.check_items(next.len())?;
                out = next;
            }
            Ok(Value::list(out.into_iter().map(Value::tuple).collect()))
        }
        "itertools.combinations" | "itertools.permutations" => {
            let pool = iterate(it, arg(a, 0, "combinations")?)?;
            let r = match a.get(1) {
                Some(Value::Int(r)) => *r as usize,
                _ if name.ends_with("permutations") => pool.len(),
                _ => {
                    return Err(raise(
                        "TypeError",
                        "combinations() missing required argument 'r'",
                    ))
                }
            };
            let mut out = Vec::new();
            let mut idx = Vec::new();
            choose(
                &pool,
                r,
                name.ends_with("permutations"),
                &mut idx,
                &mut out,
                it,
            )?;
            Ok(Value::list(out))
        }
        "itertools.islice" => {
            let items = iterate(it, arg(a, 0, "islice")?)?;
            let ints = a[1..]
                .iter()
                .map(|v| match v {
                    Value::Int(i) => Ok(Some(*i)),
                    Value::None => Ok(None),
                    _ => Err(raise(
                        "ValueError",
                        "Indices for islice() must be None or an integer",
                    )),
                })
                .collect::<R<Vec<_>>>()?;
            let (start, stop, step) = match ints.as_slice() {
                [stop] => (0, *stop, 1),
                [start, stop] => (start.unwrap_or(0), *stop, 1),
                [start, stop, step] => (start.unwrap_or(0), *stop, step.unwrap_or(1)),
                _ => return Err(raise("TypeError", "islice expected 2 to 4 arguments")),
            };
            let stop = stop.map_or(items.len(), |s| (s.max(0) as usize).min(items.len()));
            Ok(Value::list(
                items
                    .into_iter()
                    .take(stop)
                    .skip(start.max(0) as usize)
                    .step_by(step.max(1) as usize)
                    .collect(),
            ))
        }
        "itertools.repeat" => {
            let x = arg(a, 0, "repeat")?.clone();
            match a.get(1) {
                Some(Value::Int(n)) => {
                    it.check_items((*n).max(0) as usize)?;
                    Ok(Value::list(vec![x; (*n).max(0) as usize]))
                }
                _ => Err(fatal(
                    Code::Limit,
                    "itertools.repeat() without a count never ends",
                )),
            }
        }
        "itertools.groupby" => {
            let items = iterate(it, arg(a, 0, "groupby")?)?;
            let key = a.get(1).cloned().filter(|k| !matches!(k, Value::None));
            let mut out: Vec<(Value, Vec<Value>)> = Vec::new();
            for x in items {
                let k = match &key {
                    Some(f) => it.call(f, vec![x.clone()], vec![], span)?,
                    None => x.clone(),
                };
                match out.last_mut() {
                    Some((lk, group)) if super::ops::py_eq(lk, &k)? => group.push(x),
                    _ => out.push((k, vec![x])),
                }
            }
            Ok(Value::list(
                out.into_iter()
                    .map(|(k, g)| Value::tuple(vec![k, Value::list(g)]))
                    .collect(),
            ))
        }
        "string.join" => {
            let sep = a.get(1).cloned().unwrap_or(Value::str(" "));
            super::methods::call(
                it,
                &sep,
                "join",
                vec![arg(a, 0, "join")?.clone()],
                vec![],
                span,
            )
        }
        "string.split" | "string.upper" | "string.lower" | "string.strip" | "string.replace"
        | "string.capitalize" => {
            let recv = arg(a, 0, name)?.clone();
            super::methods::call(
                it,
                &recv,
                &name["string.".len()..],
                a[1..].to_vec(),
                kwargs,
                span,
            )
        }
        "textwrap.dedent" => Ok(Value::str(dedent(s(arg(a, 0, "dedent")?, "dedent")?))),
        "textwrap.fill" | "textwrap.wrap" => {
            let text = s(arg(a, 0, "fill")?, "fill")?;
            let width = match a
                .get(1)
                .or(kwargs.iter().find(|(k, _)| &**k == "width").map(|(_, v)| v))
            {
                Some(Value::Int(w)) => *w as usize,
                _ => 70,
            };
            let mut lines = Vec::new();
            let mut cur = String::new();
            for w in text.split_whitespace() {
                if !cur.is_empty() && cur.len() + 1 + w.len() > width {
                    lines.push(std::mem::take(&mut cur));
                }
                if !cur.is_empty() {
                    cur.push(' ');
                }
                cur.push_str(w);
            }
            if !cur.is_empty() {
                lines.push(cur);
            }
            Ok(if name == "textwrap.fill" {
                Value::str(lines.join("\n"))
            } else {
                Value::list(lines.into_iter().map(Value::str).collect())
            })
        }
        "math.ceil" | "math.floor" | "math.sqrt" | "math.log" | "math.fabs" | "math.pow" => {
            let x = num(arg(a, 0, name)?)?;
            Ok(Value::Float(match name {
                "math.ceil" => x.ceil(),
                "math.floor" => x.floor(),
                "math.sqrt" => {
                    if x < 0.0 {
                        return Err(raise("ValueError", "math domain error"));
                    }
                    x.sqrt()
                }
                "math.log" => match a.get(1) {
                    Some(b) => x.ln() / num(b)?.ln(),
                    None => x.ln(),
                },
                "math.fabs" => x.abs(),
                _ => x.powf(num(arg(a, 1, "pow")?)?),
            }))
        }
        "sys.stdout.write" | "sys.stderr.write" | "sys.stdout.flush" | "sys.stderr.flush" => {
            Ok(Value::None)
        }
        "copy.copy" | "copy.deepcopy" => {
            let v = arg(a, 0, "copy")?;
            Ok(deep_copy(v, name == "copy.deepcopy"))
        }
        _ if name.starts_with("time.") || name.starts_with("datetime.") => Err(fatal(
            Code::Sandbox,
            format!("{name}() reads the clock: the result would differ on every evaluation"),
        )),
        _ => Err(fatal(
            Code::Sandbox,
            format!("{name}() depends on the machine it runs on; a config must evaluate the same everywhere"),
        )),
    }
}

fn num(v: &Value) -> R<f64> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::Float(f) => Ok(*f),
        other => Err(raise(
            "TypeError",
            format!("a float is required, not {}", other.type_name()),
        )),
    }
}

fn choose(
    pool: &[Value],
    r: usize,
    perm: bool,
    idx: &mut Vec<usize>,
    out: &mut Vec<Value>,
    it: &mut Interp,
) -> R<()> {
    if idx.len() == r {
        it.check_items(out.len() + 1)?;
        out.push(Value::tuple(idx.iter().map(|&i| pool[i].clone()).collect()));
        return Ok(());
    }
    let start = if perm {
        0
    } else {
        idx.last().map_or(0, |l| l + 1)
    };
    for i in start..pool.len() {
        if perm && idx.contains(&i) {
            continue;
        }
        idx.push(i);
        choose(pool, r, perm, idx, out, it)?;
        idx.pop();
    }
    Ok(())
}

fn deep_copy(v: &Value, deep: bool) -> Value {
    let c = |x: &Value| if deep { deep_copy(x, true) } else { x.clone() };
    match v {
        Value::List(l) => Value::list(l.borrow().iter().map(c).collect()),
        // `copy.copy` of a dict or set is `dict(d)` / `set(s)`.
        Value::Dict(d) if !deep => Value::dict(d.borrow().copy()),
        Value::Set(d) if !deep => Value::Set(Rc::new(RefCell::new(d.borrow().copy()))),
        // `deepcopy` of a dict inserts each copied key into `{}` in the dict's order.
        Value::Dict(d) => {
            let mut out = Dict::new();
            for (k, x) in d.borrow().iter() {
                if let Some(hk) = super::value::hash_key(k) {
                    out.insert(hk, k.clone(), c(x));
                }
            }
            Value::dict(out)
        }
        // `deepcopy` of a set goes through its reduction, `set(list(s))`.
        Value::Set(d) => {
            let mut out = Dict::new_set();
            for (k, _) in d.borrow().iter() {
                if let Some(hk) = super::value::hash_key(k) {
                    out.insert(hk, c(k), Value::None);
                }
            }
            Value::Set(Rc::new(RefCell::new(out)))
        }
        other => other.clone(),
    }
}

/// Converts parsed JSON into Python values (strings, ints, floats, lists, dicts).
pub fn from_json(j: &serde_json::Value) -> Value {
    use serde_json::Value as J;
    match j {
        J::Null => Value::None,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        J::String(s) => Value::str(s.as_str()),
        J::Array(a) => Value::list(a.iter().map(from_json).collect()),
        J::Object(o) => {
            let mut d = Dict::new();
            for (k, v) in o {
                d.insert(
                    HashKey::Str(k.as_str().into()),
                    Value::str(k.as_str()),
                    from_json(v),
                );
            }
            Value::dict(d)
        }
    }
}

/// Python 2 `json.dumps` string escaping (`ensure_ascii=True`).
pub fn json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json_dump(
    v: &Value,
    sort: bool,
    indent: Option<usize>,
    item_sep: &str,
    key_sep: &str,
    level: usize,
    out: &mut String,
) -> R<()> {
    let newline = |out: &mut String, level: usize| {
        if let Some(n) = indent {
            out.push('\n');
            out.push_str(&" ".repeat(n * level));
        }
    };
    match v {
        Value::None => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&match f {
            f if f.is_nan() => "NaN".to_string(),
            f if f.is_infinite() => {
                if *f > 0.0 {
                    "Infinity".into()
                } else {
                    "-Infinity".into()
                }
            }
            f => super::format::float_repr(*f),
        }),
        Value::Str(s) => json_str(s, out),
        Value::List(_) | Value::Tuple(_) => {
            let items = match v {
                Value::List(l) => l.borrow().clone(),
                Value::Tuple(t) => (**t).clone(),
                _ => unreachable!(),
            };
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                newline(out, level + 1);
                json_dump(x, sort, indent, item_sep, key_sep, level + 1, out)?;
            }
            if !items.is_empty() {
                newline(out, level);
            }
            out.push(']');
        }
        Value::Dict(d) => {
            let mut items: Vec<(String, Value)> = d
                .borrow()
                .iter()
                .map(|(k, x)| {
                    Ok((
                        match k {
                            Value::Str(s) => s.to_string(),
                            Value::Bool(b) => b.to_string(),
                            Value::None => "null".into(),
                            other => py_str(other)?,
                        },
                        x.clone(),
                    ))
                })
                .collect::<R<_>>()?;
            if sort {
                items.sort_by(|a, b| a.0.cmp(&b.0));
            }
            out.push('{');
            for (i, (k, x)) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                newline(out, level + 1);
                json_str(k, out);
                out.push_str(key_sep);
                json_dump(x, sort, indent, item_sep, key_sep, level + 1, out)?;
            }
            if !items.is_empty() {
                newline(out, level);
            }
            out.push('}');
        }
        other => {
            return Err(raise(
                "TypeError",
                format!("{} is not JSON serializable", repr(other)?),
            ))
        }
    }
    Ok(())
}

/// The current user's name from `/etc/passwd`, as Python's `pwd.getpwuid(os.getuid())`.
fn password_database_user() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        let _ = f.next()?;
        (f.next()? == uid).then(|| name.to_string())
    })
}
