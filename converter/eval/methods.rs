//! Methods of builtin values (`str`, `list`, `dict`, `set`, files, hashes) and of pystachio
//! objects (`bind`, `in_scope`, `interpolate`, `check`, `get`, field accessors, ...).

use super::ops::{self, iterate, key_error, py_eq, repr};
use super::value::{hash_key, Dict, Str, Value};
use super::{raise, Interp, R};
use crate::pystachio::{self, PType};
use crate::source::Span;
use std::rc::Rc;

const STR_METHODS: &[&str] = &[
    "join",
    "split",
    "rsplit",
    "strip",
    "lstrip",
    "rstrip",
    "replace",
    "startswith",
    "endswith",
    "lower",
    "upper",
    "title",
    "capitalize",
    "format",
    "find",
    "rfind",
    "index",
    "rindex",
    "count",
    "isdigit",
    "isalpha",
    "isalnum",
    "isspace",
    "isupper",
    "islower",
    "splitlines",
    "partition",
    "rpartition",
    "zfill",
    "ljust",
    "rjust",
    "center",
    "encode",
    "decode",
    "expandtabs",
    "swapcase",
    "translate",
];
const LIST_METHODS: &[&str] = &[
    "append", "extend", "insert", "pop", "remove", "index", "count", "sort", "reverse",
];
const DICT_METHODS: &[&str] = &[
    "get",
    "keys",
    "values",
    "items",
    "iteritems",
    "iterkeys",
    "itervalues",
    "has_key",
    "setdefault",
    "pop",
    "update",
    "copy",
    "clear",
    "popitem",
    "viewkeys",
    "viewvalues",
    "viewitems",
];
const SET_METHODS: &[&str] = &[
    "add",
    "update",
    "remove",
    "discard",
    "union",
    "intersection",
    "difference",
    "issubset",
    "issuperset",
    "copy",
    "pop",
    "clear",
    "symmetric_difference",
    "difference_update",
    "intersection_update",
    "symmetric_difference_update",
];
const TUPLE_METHODS: &[&str] = &["index", "count"];
const FILE_METHODS: &[&str] = &[
    "read",
    "readlines",
    "readline",
    "close",
    "__enter__",
    "__exit__",
];
const HASH_METHODS: &[&str] = &["hexdigest", "digest", "update", "copy"];
const POBJ_METHODS: &[&str] = &[
    "bind",
    "in_scope",
    "interpolate",
    "check",
    "get",
    "copy",
    "json_dumps",
    "scopes",
];
const CHECK_METHODS: &[&str] = &["ok", "message"];

/// Whether a builtin value has a method of this name.
pub fn has_method(v: &Value, name: &str) -> bool {
    let table: &[&str] = match v {
        Value::Str(_) => STR_METHODS,
        Value::List(_) => LIST_METHODS,
        Value::Tuple(_) => TUPLE_METHODS,
        Value::Dict(_) => DICT_METHODS,
        Value::Set(_) => SET_METHODS,
        Value::File(_) => FILE_METHODS,
        Value::Hasher(_) => HASH_METHODS,
        Value::Check(_) => CHECK_METHODS,
        _ => &[],
    };
    table.contains(&name)
}

/// Whether a pystachio object has a generic method of this name.
pub fn pobj_method(name: &str) -> bool {
    POBJ_METHODS.contains(&name)
}

fn arity(name: &str, args: &[Value], min: usize, max: usize) -> R<()> {
    if args.len() < min || args.len() > max {
        return Err(raise(
            "TypeError",
            format!(
                "{name}() takes {} argument{} ({} given)",
                if min == max {
                    format!("exactly {min}")
                } else if args.len() < min {
                    format!("at least {min}")
                } else {
                    format!("at most {max}")
                },
                if max == 1 { "" } else { "s" },
                args.len()
            ),
        ));
    }
    Ok(())
}

fn s_arg<'a>(args: &'a [Value], i: usize, what: &str) -> R<&'a str> {
    match args.get(i) {
        Some(Value::Str(s)) => Ok(s),
        Some(other) => Err(raise(
            "TypeError",
            format!("{what} argument must be str, not {}", other.type_name()),
        )),
        None => Err(raise("TypeError", format!("{what} missing argument"))),
    }
}

fn opt_int(args: &[Value], i: usize) -> R<Option<i64>> {
    match args.get(i) {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(n)) => Ok(Some(*n)),
        Some(Value::Bool(b)) => Ok(Some(*b as i64)),
        Some(other) => Err(raise(
            "TypeError",
            format!("an integer is required, got {}", other.type_name()),
        )),
    }
}

/// Splits text into lines, optionally keeping line ends (`str.splitlines`).
pub fn split_lines(s: &str, keepends: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\r' => {
                let mut end = c.to_string();
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                    end.push('\n');
                }
                if keepends {
                    cur.push_str(&end);
                }
                out.push(std::mem::take(&mut cur));
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn strip_chars<'a>(s: &'a str, chars: Option<&str>, left: bool, right: bool) -> &'a str {
    let pred = |c: char| match chars {
        Some(set) => set.contains(c),
        None => c.is_whitespace(),
    };
    let s = if left { s.trim_start_matches(pred) } else { s };
    if right {
        s.trim_end_matches(pred)
    } else {
        s
    }
}

fn split(s: &str, sep: Option<&str>, max: Option<i64>, from_right: bool) -> R<Vec<Value>> {
    let max = max.filter(|m| *m >= 0).map(|m| m as usize);
    let parts: Vec<String> = match sep {
        Some("") => return Err(raise("ValueError", "empty separator")),
        Some(sep) => match (max, from_right) {
            (Some(m), false) => s.splitn(m + 1, sep).map(String::from).collect(),
            (Some(m), true) => {
                let mut v: Vec<String> = s.rsplitn(m + 1, sep).map(String::from).collect();
                v.reverse();
                v
            }
            (None, _) => s.split(sep).map(String::from).collect(),
        },
        None => {
            let words: Vec<&str> = s.split_whitespace().collect();
            match max {
                Some(m) if words.len() > m => {
                    if from_right {
                        let trimmed = s.trim_end();
                        let mut out = Vec::new();
                        let mut rest = trimmed;
                        for _ in 0..m {
                            let idx = rest.rfind(char::is_whitespace).expect("more words than m");
                            out.push(rest[idx + 1..].to_string());
                            rest = rest[..idx].trim_end();
                        }
                        out.push(rest.to_string());
                        out.reverse();
                        out
                    } else {
                        let trimmed = s.trim_start();
                        let mut out = Vec::new();
                        let mut rest = trimmed;
                        for _ in 0..m {
                            let idx = rest.find(char::is_whitespace).expect("more words than m");
                            out.push(rest[..idx].to_string());
                            rest = rest[idx..].trim_start();
                        }
                        out.push(rest.to_string());
                        out
                    }
                }
                _ => words.into_iter().map(String::from).collect(),
            }
        }
    };
    Ok(parts.into_iter().map(Value::str).collect())
}

fn char_index(s: &str, byte: usize) -> i64 {
    s[..byte].chars().count() as i64
}

fn find(s: &str, sub: &str, start: Option<i64>, end: Option<i64>, rev: bool) -> i64 {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len() as i64;
    let norm = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) };
    let a = norm(start.unwrap_or(0)) as usize;
    let b = norm(end.unwrap_or(n)) as usize;
    if a > b {
        return -1;
    }
    let hay: String = chars[a..b].iter().collect();
    let hit = if rev { hay.rfind(sub) } else { hay.find(sub) };
    hit.map_or(-1, |i| char_index(&hay, i) + a as i64)
}

/// Calls `recv.name(*args, **kwargs)`.
pub fn call(
    it: &mut Interp,
    recv: &Value,
    name: &str,
    args: Vec<Value>,
    kwargs: Vec<(Str, Value)>,
    span: Span,
) -> R<Value> {
    match recv {
        // An unbound method of a builtin type (`str.lower`, `dict.keys`): the first argument is
        // the receiver.
        Value::Builtin(_) => {
            let mut args = args;
            if args.is_empty() {
                return Err(raise(
                    "TypeError",
                    format!("descriptor '{name}' needs an argument"),
                ));
            }
            let recv = args.remove(0);
            call(it, &recv, name, args, kwargs, span)
        }
        Value::Str(s) => str_method(it, s, name, &args, &kwargs),
        Value::List(_) => list_method(it, recv, name, &args, &kwargs, span),
        Value::Tuple(t) => seq_method(t, name, &args),
        Value::Dict(d) => dict_method(it, d, name, &args, &kwargs),
        Value::Set(d) => set_method(it, d, name, &args),
        Value::File(f) => match name {
            "read" => {
                let content = f
                    .content
                    .borrow_mut()
                    .take()
                    .unwrap_or_else(|| Rc::from(Vec::new()));
                Ok(bytes_value(&content))
            }
            "readlines" => {
                let content = f
                    .content
                    .borrow_mut()
                    .take()
                    .unwrap_or_else(|| Rc::from(Vec::new()));
                Ok(Value::list(
                    split_lines(&String::from_utf8_lossy(&content), true)
                        .into_iter()
                        .map(Value::str)
                        .collect(),
                ))
            }
            "readline" => {
                let content = f
                    .content
                    .borrow_mut()
                    .take()
                    .unwrap_or_else(|| Rc::from(Vec::new()));
                let pos = content
                    .iter()
                    .position(|b| *b == b'\n')
                    .map_or(content.len(), |i| i + 1);
                let (line, rest) = content.split_at(pos);
                *f.content.borrow_mut() = Some(Rc::from(rest));
                Ok(bytes_value(line))
            }
            "__enter__" => Ok(recv.clone()),
            _ => Ok(Value::None),
        },
        Value::Hasher(h) => match name {
            "update" => {
                let data =
                    super::modules::bytes_of(&args.first().cloned().unwrap_or(Value::str("")))?;
                h.borrow_mut().1.extend_from_slice(&data);
                Ok(Value::None)
            }
            "hexdigest" => Ok(Value::str(super::modules::digest_hex(&h.borrow()))),
            "digest" => Ok(bytes_value(&super::modules::digest(&h.borrow()))),
            "copy" => Ok(Value::Hasher(Rc::new(std::cell::RefCell::new(
                h.borrow().clone(),
            )))),
            _ => Err(raise("AttributeError", name.to_string())),
        },
        Value::Check(c) => match name {
            "ok" => Ok(Value::Bool(c.0)),
            _ => Ok(Value::str(c.1.as_str())),
        },
        Value::PObj(o) => pobj_call(it, o, name, args, kwargs, span),
        other => Err(raise(
            "AttributeError",
            format!("'{}' object has no attribute '{name}'", other.type_name()),
        )),
    }
}

/// A byte string from a file: text when it is UTF-8, raw bytes otherwise.
pub fn bytes_value(b: &[u8]) -> Value {
    match std::str::from_utf8(b) {
        Ok(s) => Value::str(s),
        Err(_) => Value::Bytes(Rc::from(b)),
    }
}

fn str_method(
    it: &mut Interp,
    s: &Str,
    name: &str,
    a: &[Value],
    kwargs: &[(Str, Value)],
) -> R<Value> {
    let v = |x: String| Ok(Value::str(x));
    match name {
        "join" => {
            arity(name, a, 1, 1)?;
            let items = iterate(it, &a[0])?;
            let mut parts = Vec::with_capacity(items.len());
            let mut total = 0;
            for (i, x) in items.iter().enumerate() {
                match x {
                    Value::Str(p) => {
                        total += p.len() + s.len();
                        parts.push(p.clone());
                    }
                    other => {
                        return Err(raise(
                            "TypeError",
                            format!(
                                "sequence item {i}: expected string, {} found",
                                other.type_name()
                            ),
                        ))
                    }
                }
            }
            it.check_str(total)?;
            v(parts.iter().map(|p| &**p).collect::<Vec<_>>().join(s))
        }
        "split" | "rsplit" => {
            let sep = match a.first() {
                None | Some(Value::None) => None,
                Some(_) => Some(s_arg(a, 0, "split()")?),
            };
            let r = split(s, sep, opt_int(a, 1)?, name == "rsplit")?;
            it.check_items(r.len())?;
            Ok(Value::list(r))
        }
        "strip" | "lstrip" | "rstrip" => {
            let chars = match a.first() {
                None | Some(Value::None) => None,
                Some(_) => Some(s_arg(a, 0, name)?),
            };
            v(strip_chars(s, chars, name != "rstrip", name != "lstrip").to_string())
        }
        "replace" => {
            arity(name, a, 2, 3)?;
            let (from, to) = (s_arg(a, 0, name)?, s_arg(a, 1, name)?);
            let count = opt_int(a, 2)?.filter(|c| *c >= 0);
            let out = match count {
                Some(c) => s.replacen(from, to, c as usize),
                None if from.is_empty() => {
                    let mut out = String::from(to);
                    for ch in s.chars() {
                        out.push(ch);
                        out.push_str(to);
                    }
                    out
                }
                None => s.replace(from, to),
            };
            it.check_str(out.len())?;
            v(out)
        }
        "startswith" | "endswith" => {
            arity(name, a, 1, 3)?;
            let sub = find_range(s, opt_int(a, 1)?, opt_int(a, 2)?);
            let test = |p: &str| {
                if name == "startswith" {
                    sub.starts_with(p)
                } else {
                    sub.ends_with(p)
                }
            };
            Ok(Value::Bool(match &a[0] {
                Value::Str(p) => test(p),
                Value::Tuple(ps) => ps.iter().any(|p| matches!(p, Value::Str(p) if test(p))),
                other => {
                    return Err(raise(
                        "TypeError",
                        format!(
                            "{name} first arg must be str or a tuple of str, not {}",
                            other.type_name()
                        ),
                    ))
                }
            }))
        }
        "lower" => v(s.to_lowercase()),
        "upper" => v(s.to_uppercase()),
        "swapcase" => v(s
            .chars()
            .map(|c| {
                if c.is_uppercase() {
                    c.to_lowercase().next().unwrap_or(c)
                } else {
                    c.to_uppercase().next().unwrap_or(c)
                }
            })
            .collect()),
        "title" => {
            let mut out = String::new();
            let mut prev_alpha = false;
            for c in s.chars() {
                if c.is_alphabetic() {
                    if prev_alpha {
                        out.extend(c.to_lowercase());
                    } else {
                        out.extend(c.to_uppercase());
                    }
                    prev_alpha = true;
                } else {
                    out.push(c);
                    prev_alpha = false;
                }
            }
            v(out)
        }
        "capitalize" => {
            let mut cs = s.chars();
            v(match cs.next() {
                Some(c) => c
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            })
        }
        "format" => {
            let pos: Vec<ops::FmtVal> = a.iter().cloned().map(ops::FmtVal).collect();
            let kw: Vec<(String, ops::FmtVal)> = kwargs
                .iter()
                .map(|(k, x)| (k.to_string(), ops::FmtVal(x.clone())))
                .collect();
            let out = super::format::str_format(s, &pos, &kw).map_err(ops::fmt_err)?;
            it.check_str(out.len())?;
            v(out)
        }
        "find" | "rfind" | "index" | "rindex" => {
            arity(name, a, 1, 3)?;
            let sub = s_arg(a, 0, name)?;
            let r = find(
                s,
                sub,
                opt_int(a, 1)?,
                opt_int(a, 2)?,
                name.starts_with('r'),
            );
            if r < 0 && name.ends_with("index") {
                return Err(raise("ValueError", "substring not found"));
            }
            Ok(Value::Int(r))
        }
        "count" => {
            arity(name, a, 1, 3)?;
            let sub = s_arg(a, 0, name)?;
            let hay = find_range(s, opt_int(a, 1)?, opt_int(a, 2)?);
            Ok(Value::Int(if sub.is_empty() {
                hay.chars().count() as i64 + 1
            } else {
                hay.matches(sub).count() as i64
            }))
        }
        "isdigit" => Ok(Value::Bool(
            !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()),
        )),
        "isalpha" => Ok(Value::Bool(
            !s.is_empty() && s.chars().all(char::is_alphabetic),
        )),
        "isalnum" => Ok(Value::Bool(
            !s.is_empty() && s.chars().all(char::is_alphanumeric),
        )),
        "isspace" => Ok(Value::Bool(
            !s.is_empty() && s.chars().all(char::is_whitespace),
        )),
        "isupper" => Ok(Value::Bool(
            s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase),
        )),
        "islower" => Ok(Value::Bool(
            s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase),
        )),
        "splitlines" => {
            let keep = match a.first() {
                Some(x) => it.truthy(x)?,
                None => false,
            };
            Ok(Value::list(
                split_lines(s, keep).into_iter().map(Value::str).collect(),
            ))
        }
        "partition" | "rpartition" => {
            arity(name, a, 1, 1)?;
            let sep = s_arg(a, 0, name)?;
            if sep.is_empty() {
                return Err(raise("ValueError", "empty separator"));
            }
            let hit = if name == "partition" {
                s.find(sep)
            } else {
                s.rfind(sep)
            };
            Ok(Value::tuple(match hit {
                Some(i) => vec![
                    Value::str(&s[..i]),
                    Value::str(sep),
                    Value::str(&s[i + sep.len()..]),
                ],
                None if name == "partition" => {
                    vec![Value::Str(s.clone()), Value::str(""), Value::str("")]
                }
                None => vec![Value::str(""), Value::str(""), Value::Str(s.clone())],
            }))
        }
        "zfill" => {
            arity(name, a, 1, 1)?;
            let w = opt_int(a, 0)?.unwrap_or(0).max(0) as usize;
            it.check_str(w)?;
            let n = s.chars().count();
            if n >= w {
                return Ok(Value::Str(s.clone()));
            }
            let (sign, rest) = match s.chars().next() {
                Some(c @ ('+' | '-')) => (c.to_string(), &s[1..]),
                _ => (String::new(), &s[..]),
            };
            v(format!("{sign}{}{rest}", "0".repeat(w - n)))
        }
        "ljust" | "rjust" | "center" => {
            arity(name, a, 1, 2)?;
            let w = opt_int(a, 0)?.unwrap_or(0).max(0) as usize;
            it.check_str(w)?;
            let fill = match a.get(1) {
                Some(Value::Str(f)) if f.chars().count() == 1 => f.chars().next().expect("one"),
                Some(_) => return Err(raise("TypeError", "must be char, not str")),
                None => ' ',
            };
            let n = s.chars().count();
            if n >= w {
                return Ok(Value::Str(s.clone()));
            }
            let pad = w - n;
            let (l, r) = match name {
                "ljust" => (0, pad),
                "rjust" => (pad, 0),
                _ => {
                    let l = pad / 2 + (pad & w & 1);
                    (l, pad - l)
                }
            };
            let f = fill.to_string();
            v(format!("{}{s}{}", f.repeat(l), f.repeat(r)))
        }
        "encode" | "decode" => Ok(Value::Str(s.clone())),
        "expandtabs" => {
            let size = opt_int(a, 0)?.unwrap_or(8).max(0) as usize;
            let mut out = String::new();
            let mut col = 0;
            for c in s.chars() {
                match c {
                    '\t' => {
                        if size > 0 {
                            let n = size - col % size;
                            out.push_str(&" ".repeat(n));
                            col += n;
                        }
                    }
                    '\n' | '\r' => {
                        out.push(c);
                        col = 0;
                    }
                    c => {
                        out.push(c);
                        col += 1;
                    }
                }
            }
            v(out)
        }
        "translate" => Err(raise(
            "NotImplementedError",
            "str.translate is not supported",
        )),
        _ => Err(raise(
            "AttributeError",
            format!("'str' object has no attribute '{name}'"),
        )),
    }
}

fn find_range(s: &str, start: Option<i64>, end: Option<i64>) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len() as i64;
    let norm = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) };
    let a = norm(start.unwrap_or(0)) as usize;
    let b = norm(end.unwrap_or(n)) as usize;
    if a >= b {
        return String::new();
    }
    chars[a..b].iter().collect()
}

fn seq_method(items: &[Value], name: &str, a: &[Value]) -> R<Value> {
    match name {
        "index" => {
            arity(name, a, 1, 3)?;
            for (i, x) in items.iter().enumerate() {
                if py_eq(x, &a[0])? {
                    return Ok(Value::Int(i as i64));
                }
            }
            Err(raise(
                "ValueError",
                format!("{} is not in list", repr(&a[0])?),
            ))
        }
        "count" => {
            arity(name, a, 1, 1)?;
            let mut n = 0;
            for x in items {
                if py_eq(x, &a[0])? {
                    n += 1;
                }
            }
            Ok(Value::Int(n))
        }
        _ => Err(raise(
            "AttributeError",
            format!("'tuple' object has no attribute '{name}'"),
        )),
    }
}

fn list_method(
    it: &mut Interp,
    recv: &Value,
    name: &str,
    a: &[Value],
    kwargs: &[(Str, Value)],
    span: Span,
) -> R<Value> {
    let Value::List(l) = recv else { unreachable!() };
    match name {
        "append" => {
            arity(name, a, 1, 1)?;
            let n = l.borrow().len() + 1;
            it.check_items(n)?;
            l.borrow_mut().push(a[0].clone());
            Ok(Value::None)
        }
        "extend" => {
            arity(name, a, 1, 1)?;
            let items = iterate(it, &a[0])?;
            let n = l.borrow().len() + items.len();
            it.check_items(n)?;
            l.borrow_mut().extend(items);
            Ok(Value::None)
        }
        "insert" => {
            arity(name, a, 2, 2)?;
            let n = l.borrow().len() as i64;
            let i = opt_int(a, 0)?.unwrap_or(0);
            let i = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
            l.borrow_mut().insert(i, a[1].clone());
            Ok(Value::None)
        }
        "pop" => {
            arity(name, a, 0, 1)?;
            let n = l.borrow().len() as i64;
            if n == 0 {
                return Err(raise("IndexError", "pop from empty list"));
            }
            let i = opt_int(a, 0)?.unwrap_or(-1);
            let j = if i < 0 { i + n } else { i };
            if j < 0 || j >= n {
                return Err(raise("IndexError", "pop index out of range"));
            }
            Ok(l.borrow_mut().remove(j as usize))
        }
        "remove" => {
            arity(name, a, 1, 1)?;
            let items = l.borrow().clone();
            for (i, x) in items.iter().enumerate() {
                if py_eq(x, &a[0])? {
                    l.borrow_mut().remove(i);
                    return Ok(Value::None);
                }
            }
            Err(raise("ValueError", "list.remove(x): x not in list"))
        }
        "reverse" => {
            l.borrow_mut().reverse();
            Ok(Value::None)
        }
        "sort" => {
            super::builtins::sort_in_place(it, recv, kwargs, a, span)?;
            Ok(Value::None)
        }
        _ => {
            let items = l.borrow().clone();
            seq_method(&items, name, a)
        }
    }
}

fn items_of(d: &Dict) -> Vec<Value> {
    d.iter()
        .map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()]))
        .collect()
}

fn dict_method(
    it: &mut Interp,
    d: &Rc<std::cell::RefCell<Dict>>,
    name: &str,
    a: &[Value],
    kwargs: &[(Str, Value)],
) -> R<Value> {
    let hk = |v: &Value| {
        hash_key(v)
            .ok_or_else(|| raise("TypeError", format!("unhashable type: '{}'", v.type_name())))
    };
    match name {
        "get" => {
            arity(name, a, 1, 2)?;
            Ok(d.borrow()
                .get(&hk(&a[0])?)
                .cloned()
                .unwrap_or_else(|| a.get(1).cloned().unwrap_or(Value::None)))
        }
        "keys" | "iterkeys" | "viewkeys" => Ok(Value::list(d.borrow().keys())),
        "values" | "itervalues" | "viewvalues" => Ok(Value::list(
            d.borrow().iter().map(|(_, v)| v.clone()).collect(),
        )),
        "items" | "iteritems" | "viewitems" => Ok(Value::list(items_of(&d.borrow()))),
        "has_key" => {
            arity(name, a, 1, 1)?;
            Ok(Value::Bool(d.borrow().get(&hk(&a[0])?).is_some()))
        }
        "setdefault" => {
            arity(name, a, 1, 2)?;
            let k = hk(&a[0])?;
            if let Some(v) = d.borrow().get(&k) {
                return Ok(v.clone());
            }
            let v = a.get(1).cloned().unwrap_or(Value::None);
            d.borrow_mut().insert(k, a[0].clone(), v.clone());
            Ok(v)
        }
        "pop" => {
            arity(name, a, 1, 2)?;
            match d.borrow_mut().remove(&hk(&a[0])?) {
                Some(v) => Ok(v),
                None => a.get(1).cloned().ok_or_else(|| key_error(&a[0])),
            }
        }
        "popitem" => {
            let popped = d.borrow_mut().pop_item();
            match popped {
                Some((k, v)) => Ok(Value::tuple(vec![k, v])),
                None => Err(raise("KeyError", "'popitem(): dictionary is empty'")),
            }
        }
        "update" => {
            // `dict_update_common`: the positional argument first, then the kwargs dict.
            arity(name, a, 0, 1)?;
            match a.first() {
                // Merging a dict into itself changes nothing.
                Some(Value::Dict(o)) if Rc::ptr_eq(o, d) => {}
                Some(Value::Dict(o)) => d.borrow_mut().merge(&o.borrow()),
                Some(o) => match super::ops::update_source(it, o)? {
                    super::ops::UpdateSource::Dict(src) => d.borrow_mut().merge(&src.borrow()),
                    super::ops::UpdateSource::Pairs(pairs) => {
                        for (k, v) in pairs {
                            let k_hash = hk(&k)?;
                            d.borrow_mut().insert(k_hash, k, v);
                        }
                    }
                },
                None => {}
            }
            d.borrow_mut().merge_kwargs(kwargs);
            Ok(Value::None)
        }
        "copy" => Ok(Value::dict(d.borrow().copy())),
        "clear" => {
            d.borrow_mut().clear();
            Ok(Value::None)
        }
        _ => Err(raise(
            "AttributeError",
            format!("'dict' object has no attribute '{name}'"),
        )),
    }
}

fn set_method(
    it: &mut Interp,
    d: &Rc<std::cell::RefCell<Dict>>,
    name: &str,
    a: &[Value],
) -> R<Value> {
    let hk = |v: &Value| {
        hash_key(v)
            .ok_or_else(|| raise("TypeError", format!("unhashable type: '{}'", v.type_name())))
    };
    // An argument as a set (`set(x)`), unless it already is one.
    let as_set = |it: &mut Interp, x: &Value| -> R<Rc<std::cell::RefCell<Dict>>> {
        match x {
            Value::Set(o) => Ok(o.clone()),
            other => Ok(Rc::new(std::cell::RefCell::new(ops::set_from(it, other)?))),
        }
    };
    match name {
        "add" => {
            arity(name, a, 1, 1)?;
            let k = hk(&a[0])?;
            if d.borrow().get(&k).is_none() {
                d.borrow_mut().insert(k, a[0].clone(), Value::None);
            }
            Ok(Value::None)
        }
        "update" => {
            for x in a {
                if !matches!(x, Value::Set(o) if Rc::ptr_eq(o, d)) {
                    let src = as_update_source(it, x)?;
                    ops::set_update(it, &mut d.borrow_mut(), &src)?;
                }
            }
            Ok(Value::None)
        }
        "remove" | "discard" => {
            arity(name, a, 1, 1)?;
            let removed = d.borrow_mut().remove(&hk(&a[0])?);
            if removed.is_none() && name == "remove" {
                return Err(key_error(&a[0]));
            }
            Ok(Value::None)
        }
        "union" => {
            // `set_union`: a copy, then each argument merged or added.
            let mut out = d.borrow().copy();
            for x in a {
                if !matches!(x, Value::Set(o) if Rc::ptr_eq(o, d)) {
                    let src = as_update_source(it, x)?;
                    ops::set_update(it, &mut out, &src)?;
                }
            }
            Ok(ops::set_value(out))
        }
        "intersection" | "intersection_update" => {
            // `set_intersection_multi`: intersect with each argument in turn.
            let mut result: Option<Dict> = None;
            for x in a {
                let next = {
                    let current = match &result {
                        Some(r) => r,
                        None => &*d.borrow(),
                    };
                    match x {
                        Value::Set(o) if Rc::ptr_eq(o, d) => current.copy(),
                        Value::Set(o) => ops::set_intersection(current, &o.borrow())?,
                        other => {
                            // Another iterable: its items, in order, that the set holds.
                            let items: Vec<Value> = iterate(it, other)?
                                .into_iter()
                                .filter(|k| hash_key(k).is_some_and(|h| current.get(&h).is_some()))
                                .collect();
                            let mut r = Dict::new_set();
                            ops::set_add_all(&mut r, items)?;
                            r
                        }
                    }
                };
                result = Some(next);
            }
            let result = result.unwrap_or_else(|| d.borrow().copy());
            if name == "intersection_update" {
                *d.borrow_mut() = result;
                return Ok(Value::None);
            }
            Ok(ops::set_value(result))
        }
        "difference_update" => {
            // `set_difference_update`: per argument, discard its items, then purge dummies.
            for x in a {
                if matches!(x, Value::Set(o) if Rc::ptr_eq(o, d)) {
                    d.borrow_mut().clear();
                    continue;
                }
                let items = iterate(it, x)?;
                ops::set_remove_all(&mut d.borrow_mut(), &items);
            }
            Ok(Value::None)
        }
        "difference" => {
            // `set_difference_multi`: the first argument as `s - t` when a set or dict (a
            // new set of this set's members it lacks), else a copy minus its items; then each
            // further argument as `difference_update`.
            let mut result = match a.first() {
                None => d.borrow().copy(),
                Some(Value::Set(o) | Value::Dict(o)) => {
                    let items: Vec<Value> = if Rc::ptr_eq(o, d) {
                        Vec::new()
                    } else {
                        let t = o.borrow();
                        d.borrow()
                            .iter()
                            .filter(|(k, _)| hash_key(k).is_some_and(|h| t.get(&h).is_none()))
                            .map(|(k, _)| k.clone())
                            .collect()
                    };
                    let mut r = Dict::new_set();
                    ops::set_add_all(&mut r, items)?;
                    r
                }
                Some(other) => {
                    let items = iterate(it, other)?;
                    let mut r = d.borrow().copy();
                    ops::set_remove_all(&mut r, &items);
                    r
                }
            };
            for x in a.iter().skip(1) {
                let items = iterate(it, x)?;
                ops::set_remove_all(&mut result, &items);
            }
            Ok(ops::set_value(result))
        }
        "symmetric_difference" | "symmetric_difference_update" => {
            arity(name, a, 1, 1)?;
            let other = as_set(it, &a[0])?;
            if name == "symmetric_difference" {
                // A copy of the other set, then each member of this one toggled.
                let mut out = other.borrow().copy();
                if Rc::ptr_eq(&other, d) {
                    return Ok(ops::set_value(Dict::new_set()));
                }
                ops::set_toggle_all(&mut out, &d.borrow());
                return Ok(ops::set_value(out));
            }
            if Rc::ptr_eq(&other, d) {
                d.borrow_mut().clear();
            } else {
                ops::set_toggle_all(&mut d.borrow_mut(), &other.borrow());
            }
            Ok(Value::None)
        }
        "issubset" | "issuperset" => {
            arity(name, a, 1, 1)?;
            let other = as_set(it, &a[0])?;
            let (mine, theirs) = (d.borrow(), other.borrow());
            let (small, big) = if name == "issubset" {
                (&*mine, &*theirs)
            } else {
                (&*theirs, &*mine)
            };
            let all = small
                .iter()
                .all(|(k, _)| hash_key(k).is_some_and(|h| big.get(&h).is_some()));
            Ok(Value::Bool(all))
        }
        "copy" => Ok(ops::set_value(d.borrow().copy())),
        "pop" => {
            let popped = d.borrow_mut().pop_item();
            match popped {
                Some((k, _)) => Ok(k),
                None => Err(raise("KeyError", "'pop from an empty set'")),
            }
        }
        "clear" => {
            d.borrow_mut().clear();
            Ok(Value::None)
        }
        _ => Err(raise(
            "AttributeError",
            format!("'set' object has no attribute '{name}'"),
        )),
    }
}

/// An argument of `s.update(x)`/`s.union(x)` as `set_update_internal` reads it: sets and dicts
/// as they are, other iterables as a list of their items (read before `s` is borrowed).
fn as_update_source(it: &mut Interp, x: &Value) -> R<Value> {
    Ok(match x {
        Value::Set(_) | Value::Dict(_) => x.clone(),
        other => Value::list(iterate(it, other)?),
    })
}

fn pobj_call(
    it: &mut Interp,
    o: &Rc<pystachio::PObj>,
    name: &str,
    args: Vec<Value>,
    kwargs: Vec<(Str, Value)>,
    span: Span,
) -> R<Value> {
    let _ = it;
    let no_args = |args: &[Value]| -> R<()> {
        if args.is_empty() && kwargs.is_empty() {
            Ok(())
        } else {
            Err(raise("TypeError", format!("{name}() takes no arguments")))
        }
    };
    if let PType::Struct(_) = &*o.ty {
        if let Some(field) = name.strip_prefix("has_") {
            if let Some(has) = pystachio::has_field(o, field) {
                no_args(&args)?;
                return Ok(Value::Bool(has));
            }
        }
        if !POBJ_METHODS.contains(&name) || pystachio::field_names(o).iter().any(|f| &**f == name) {
            no_args(&args)?;
            return match pystachio::field(o, name)? {
                Some(v) => Ok(v),
                None => Err(raise(
                    "AttributeError",
                    format!("{} has no attribute {name}", o.ty.name()),
                )),
            };
        }
    }
    match name {
        "bind" => {
            let scopes = pystachio::scopes_from_args(&args, &kwargs)?;
            Ok(Value::PObj(pystachio::bind(o, scopes)))
        }
        "in_scope" => {
            let scopes = pystachio::scopes_from_args(&args, &kwargs)?;
            Ok(Value::PObj(pystachio::in_scope(o, &scopes)))
        }
        "interpolate" => {
            no_args(&args)?;
            let (obj, unbound) = pystachio::interpolate(o)?;
            Ok(Value::tuple(vec![
                Value::PObj(obj),
                Value::list(
                    unbound
                        .into_iter()
                        .map(|r| Value::Ref(Rc::new(r)))
                        .collect(),
                ),
            ]))
        }
        "check" => {
            no_args(&args)?;
            let tc = pystachio::check(o)?;
            Ok(Value::Check(Rc::new((tc.ok, tc.message))))
        }
        "get" => {
            no_args(&args)?;
            pystachio::get(o)
        }
        "copy" => Ok(Value::PObj(pystachio::copy(o))),
        "json_dumps" => {
            no_args(&args)?;
            let (si, _) = pystachio::interpolate(o)?;
            let j = pystachio::to_json(&si)?;
            Ok(Value::str(crate::loader::python_json(&j)))
        }
        "scopes" => Ok(Value::tuple(vec![])),
        _ => {
            let _ = span;
            Err(raise(
                "AttributeError",
                format!("'{}' object has no attribute '{name}'", o.ty.name()),
            ))
        }
    }
}
