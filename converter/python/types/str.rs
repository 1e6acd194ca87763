//! The methods of `str` (and `unicode`, which shares them).

use crate::attrs::FmtVal;
use crate::error::ExcKind;
use crate::value::Vm;
use crate::value::{raise, R};
use crate::value::{Args, MethodDef, Str, Value};
use base64::Engine;

/// Every `str` method.
pub static METHODS: &[MethodDef] = &[
    MethodDef::native("join", join),
    MethodDef::native("split", split),
    MethodDef::native("rsplit", rsplit),
    MethodDef::native("strip", strip),
    MethodDef::native("lstrip", lstrip),
    MethodDef::native("rstrip", rstrip),
    MethodDef::native("replace", replace),
    MethodDef::native("startswith", startswith),
    MethodDef::native("endswith", endswith),
    MethodDef::native("lower", lower),
    MethodDef::native("upper", upper),
    MethodDef::native("swapcase", swapcase),
    MethodDef::native("title", title),
    MethodDef::native("capitalize", capitalize),
    MethodDef::native("format", format),
    MethodDef::native("find", find),
    MethodDef::native("rfind", rfind),
    MethodDef::native("index", index),
    MethodDef::native("rindex", rindex),
    MethodDef::native("count", count),
    MethodDef::native("isdigit", isdigit),
    MethodDef::native("isalpha", isalpha),
    MethodDef::native("isalnum", isalnum),
    MethodDef::native("isspace", isspace),
    MethodDef::native("isupper", isupper),
    MethodDef::native("islower", islower),
    MethodDef::native("splitlines", splitlines),
    MethodDef::native("partition", partition),
    MethodDef::native("rpartition", rpartition),
    MethodDef::native("zfill", zfill),
    MethodDef::native("ljust", ljust),
    MethodDef::native("rjust", rjust),
    MethodDef::native("center", center),
    MethodDef::native("encode", encode),
    MethodDef::native("decode", decode),
    MethodDef::native("expandtabs", expandtabs),
];

/// The receiver's text.
fn text<'a>(recv: &'a Value, name: &str) -> R<&'a Str> {
    match recv {
        Value::Str(s) => Ok(s),
        Value::Bytes(_) => Err(raise(
            ExcKind::TypeError,
            format!(
                "str.{name}() of a byte string that is not UTF-8 text (read from a binary file?) is not supported by aurora2nix"
            ),
        )),
        other => Err(raise(
            ExcKind::TypeError,
            format!(
                "descriptor '{name}' requires a 'str' object but received a '{}'",
                other.type_name()
            ),
        )),
    }
}

fn s_arg<'a>(a: &'a Args, i: usize, what: &str) -> R<&'a str> {
    match a.pos.get(i) {
        Some(Value::Str(s)) => Ok(s),
        Some(other) => Err(raise(
            ExcKind::TypeError,
            format!("{what} argument must be str, not {}", other.type_name()),
        )),
        None => Err(raise(
            ExcKind::TypeError,
            format!("{what} missing argument"),
        )),
    }
}

fn opt_int(a: &Args, i: usize) -> R<Option<i64>> {
    match a.pos.get(i) {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(n)) => Ok(Some(*n)),
        Some(Value::Bool(b)) => Ok(Some(*b as i64)),
        Some(other) => Err(raise(
            ExcKind::TypeError,
            format!("an integer is required, got {}", other.type_name()),
        )),
    }
}

/// A new string, charged first.
fn new_str(it: &dyn Vm, s: String) -> R<Value> {
    it.budget().string(s.len())?;
    Ok(Value::str(s))
}

fn join(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let s = text(recv, "join")?;
    a.arity("join", 1, 1)?;
    let items = crate::ops::iterate(&a.pos[0], &it.budget())?;
    let mut total = 0usize;
    let mut parts = Vec::with_capacity(items.len());
    for (i, x) in items.iter().enumerate() {
        match x {
            Value::Str(p) => {
                total = total.saturating_add(p.len() + s.len());
                parts.push(p.clone());
            }
            other => {
                return Err(raise(
                    ExcKind::TypeError,
                    format!(
                        "sequence item {i}: expected string, {} found",
                        other.type_name()
                    ),
                ))
            }
        }
    }
    it.budget().string(total)?;
    Ok(Value::str(
        parts.iter().map(|p| &**p).collect::<Vec<_>>().join(s),
    ))
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

fn split_impl(s: &str, sep: Option<&str>, max: Option<i64>, from_right: bool) -> R<Vec<Value>> {
    let max = max.filter(|m| *m >= 0).map(|m| m as usize);
    let parts: Vec<String> = match sep {
        Some("") => return Err(raise(ExcKind::ValueError, "empty separator")),
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
                    let mut out = Vec::new();
                    if from_right {
                        let mut rest = s.trim_end();
                        for _ in 0..m {
                            let Some(idx) = rest.rfind(char::is_whitespace) else {
                                break;
                            };
                            out.push(rest[idx + 1..].to_string());
                            rest = rest[..idx].trim_end();
                        }
                        out.push(rest.to_string());
                        out.reverse();
                    } else {
                        let mut rest = s.trim_start();
                        for _ in 0..m {
                            let Some(idx) = rest.find(char::is_whitespace) else {
                                break;
                            };
                            out.push(rest[..idx].to_string());
                            rest = rest[idx..].trim_start();
                        }
                        out.push(rest.to_string());
                    }
                    out
                }
                _ => words.into_iter().map(String::from).collect(),
            }
        }
    };
    Ok(parts.into_iter().map(Value::str).collect())
}

fn split_method(it: &mut dyn Vm, recv: &Value, a: Args, name: &str) -> R<Value> {
    let s = text(recv, name)?;
    let sep = match a.pos.first() {
        None | Some(Value::None) => None,
        Some(_) => Some(s_arg(&a, 0, "split()")?),
    };
    let parts = split_impl(s, sep, opt_int(&a, 1)?, name == "rsplit")?;
    it.budget().items(parts.len())?;
    Ok(Value::list(parts))
}

fn split(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    split_method(it, recv, a, "split")
}

fn rsplit(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    split_method(it, recv, a, "rsplit")
}

fn strip_method(recv: &Value, a: Args, name: &str, left: bool, right: bool) -> R<Value> {
    let s = text(recv, name)?;
    let chars = match a.pos.first() {
        None | Some(Value::None) => None,
        Some(_) => Some(s_arg(&a, 0, name)?),
    };
    let pred = |c: char| match chars {
        Some(set) => set.contains(c),
        None => c.is_whitespace(),
    };
    let t = if left { s.trim_start_matches(pred) } else { s };
    let t = if right { t.trim_end_matches(pred) } else { t };
    Ok(Value::str(t))
}

fn strip(_: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    strip_method(recv, a, "strip", true, true)
}

fn lstrip(_: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    strip_method(recv, a, "lstrip", true, false)
}

fn rstrip(_: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    strip_method(recv, a, "rstrip", false, true)
}

fn replace(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let s = text(recv, "replace")?;
    a.arity("replace", 2, 3)?;
    let (from, to) = (s_arg(&a, 0, "replace")?, s_arg(&a, 1, "replace")?);
    let count = opt_int(&a, 2)?
        .filter(|c| *c >= 0)
        .map(|c| c as usize)
        .unwrap_or(usize::MAX);
    // The result's size is known before it is built.
    let hits = if from.is_empty() {
        s.chars().count() + 1
    } else {
        s.matches(from).count()
    }
    .min(count);
    let len = (s.len() - hits * from.len()).saturating_add(hits.saturating_mul(to.len()));
    it.budget().string(len)?;
    let out = if from.is_empty() {
        let mut out = String::with_capacity(len);
        for (i, ch) in s.chars().enumerate() {
            if i < hits {
                out.push_str(to);
            }
            out.push(ch);
        }
        if hits > s.chars().count() {
            out.push_str(to);
        }
        out
    } else {
        s.replacen(from, to, hits)
    };
    Ok(Value::str(out))
}

/// `s[start:end]` with Python's clamping of negative and large indices.
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

fn affix(recv: &Value, a: Args, name: &str, starts: bool) -> R<Value> {
    let s = text(recv, name)?;
    a.arity(name, 1, 3)?;
    let sub = find_range(s, opt_int(&a, 1)?, opt_int(&a, 2)?);
    let test = |p: &str| {
        if starts {
            sub.starts_with(p)
        } else {
            sub.ends_with(p)
        }
    };
    Ok(Value::Bool(match &a.pos[0] {
        Value::Str(p) => test(p),
        Value::Tuple(ps) => ps.iter().any(|p| matches!(p, Value::Str(p) if test(p))),
        other => {
            return Err(raise(
                ExcKind::TypeError,
                format!(
                    "{name} first arg must be str or a tuple of str, not {}",
                    other.type_name()
                ),
            ))
        }
    }))
}

fn startswith(_: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    affix(recv, a, "startswith", true)
}

fn endswith(_: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    affix(recv, a, "endswith", false)
}

fn lower(it: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    new_str(it, text(recv, "lower")?.to_lowercase())
}

fn upper(it: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    new_str(it, text(recv, "upper")?.to_uppercase())
}

fn swapcase(it: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    let s = text(recv, "swapcase")?;
    new_str(
        it,
        s.chars()
            .flat_map(|c| -> Vec<char> {
                if c.is_uppercase() {
                    c.to_lowercase().collect()
                } else {
                    c.to_uppercase().collect()
                }
            })
            .collect(),
    )
}

fn title(it: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    let s = text(recv, "title")?;
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
    new_str(it, out)
}

fn capitalize(it: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    let s = text(recv, "capitalize")?;
    let mut cs = s.chars();
    let out = match cs.next() {
        Some(c) => c
            .to_uppercase()
            .chain(cs.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    };
    new_str(it, out)
}

fn format(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let s = text(recv, "format")?;
    let b = &it.budget();
    let vm: &dyn Vm = it;
    let pos: Vec<FmtVal> = a
        .pos
        .iter()
        .map(|x| FmtVal::new(x.clone(), vm, b))
        .collect();
    let kw: Vec<(String, FmtVal)> =
        a.kw.iter()
            .map(|(k, x)| (k.to_string(), FmtVal::new(x.clone(), vm, b)))
            .collect();
    let out = crate::format::str_format(s, &pos, &kw)?;
    b.string(out.len())?;
    Ok(Value::str(out))
}

/// `template % args`: Python 2's string formatting operator.
pub fn percent(vm: &dyn Vm, template: &str, args: &Value) -> R<Value> {
    let b = vm.budget();
    let out = crate::format::percent_format(template, &FmtVal::new(args.clone(), vm, &b))?;
    b.string(out.len())?;
    Ok(Value::str(out))
}

fn char_index(s: &str, byte: usize) -> i64 {
    s[..byte].chars().count() as i64
}

fn find_impl(recv: &Value, a: &Args, name: &str, rev: bool) -> R<i64> {
    let s = text(recv, name)?;
    a.arity(name, 1, 3)?;
    let sub = s_arg(a, 0, name)?;
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len() as i64;
    let norm = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) };
    let start = norm(opt_int(a, 1)?.unwrap_or(0)) as usize;
    let end = norm(opt_int(a, 2)?.unwrap_or(n)) as usize;
    if start > end {
        return Ok(-1);
    }
    let hay: String = chars[start..end].iter().collect();
    let hit = if rev { hay.rfind(sub) } else { hay.find(sub) };
    Ok(hit.map_or(-1, |i| char_index(&hay, i) + start as i64))
}

fn find(_: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    Ok(Value::Int(find_impl(recv, &a, "find", false)?))
}

fn rfind(_: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    Ok(Value::Int(find_impl(recv, &a, "rfind", true)?))
}

fn index_impl(recv: &Value, a: &Args, name: &str, rev: bool) -> R<Value> {
    match find_impl(recv, a, name, rev)? {
        r if r < 0 => Err(raise(ExcKind::ValueError, "substring not found")),
        r => Ok(Value::Int(r)),
    }
}

fn index(_: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    index_impl(recv, &a, "index", false)
}

fn rindex(_: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    index_impl(recv, &a, "rindex", true)
}

fn count(_: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let s = text(recv, "count")?;
    a.arity("count", 1, 3)?;
    let sub = s_arg(&a, 0, "count")?;
    let hay = find_range(s, opt_int(&a, 1)?, opt_int(&a, 2)?);
    Ok(Value::Int(if sub.is_empty() {
        hay.chars().count() as i64 + 1
    } else {
        hay.matches(sub).count() as i64
    }))
}

fn test_chars(recv: &Value, name: &str, f: fn(&str) -> bool) -> R<Value> {
    Ok(Value::Bool(f(text(recv, name)?)))
}

fn isdigit(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    test_chars(recv, "isdigit", |s| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
    })
}

fn isalpha(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    test_chars(recv, "isalpha", |s| {
        !s.is_empty() && s.chars().all(char::is_alphabetic)
    })
}

fn isalnum(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    test_chars(recv, "isalnum", |s| {
        !s.is_empty() && s.chars().all(char::is_alphanumeric)
    })
}

fn isspace(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    test_chars(recv, "isspace", |s| {
        !s.is_empty() && s.chars().all(char::is_whitespace)
    })
}

fn isupper(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    test_chars(recv, "isupper", |s| {
        s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase)
    })
}

fn islower(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    test_chars(recv, "islower", |s| {
        s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase)
    })
}

fn splitlines(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let s = text(recv, "splitlines")?;
    let keep = a.pos.first().is_some_and(Value::truthy);
    let lines = split_lines(s, keep);
    it.budget().items(lines.len())?;
    Ok(Value::list(lines.into_iter().map(Value::str).collect()))
}

fn partition_impl(recv: &Value, a: Args, name: &str, rev: bool) -> R<Value> {
    let s = text(recv, name)?;
    a.arity(name, 1, 1)?;
    let sep = s_arg(&a, 0, name)?;
    if sep.is_empty() {
        return Err(raise(ExcKind::ValueError, "empty separator"));
    }
    let hit = if rev { s.rfind(sep) } else { s.find(sep) };
    Ok(Value::tuple(match hit {
        Some(i) => vec![
            Value::str(&s[..i]),
            Value::str(sep),
            Value::str(&s[i + sep.len()..]),
        ],
        None if !rev => vec![Value::Str(s.clone()), Value::str(""), Value::str("")],
        None => vec![Value::str(""), Value::str(""), Value::Str(s.clone())],
    }))
}

fn partition(_: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    partition_impl(recv, a, "partition", false)
}

fn rpartition(_: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    partition_impl(recv, a, "rpartition", true)
}

fn zfill(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let s = text(recv, "zfill")?;
    a.arity("zfill", 1, 1)?;
    let w = opt_int(&a, 0)?.unwrap_or(0).max(0) as usize;
    let n = s.chars().count();
    if n >= w {
        return Ok(Value::Str(s.clone()));
    }
    it.budget().string(s.len() + (w - n))?;
    let (sign, rest) = match s.chars().next() {
        Some(c @ ('+' | '-')) => (c.to_string(), &s[1..]),
        _ => (String::new(), &s[..]),
    };
    Ok(Value::str(format!("{sign}{}{rest}", "0".repeat(w - n))))
}

fn justify(it: &mut dyn Vm, recv: &Value, a: Args, name: &str) -> R<Value> {
    let s = text(recv, name)?;
    a.arity(name, 1, 2)?;
    let w = opt_int(&a, 0)?.unwrap_or(0).max(0) as usize;
    let fill = match a.pos.get(1) {
        Some(Value::Str(f)) if f.chars().count() == 1 => f.chars().next().unwrap_or(' '),
        Some(_) => return Err(raise(ExcKind::TypeError, "must be char, not str")),
        None => ' ',
    };
    let n = s.chars().count();
    if n >= w {
        return Ok(Value::Str(s.clone()));
    }
    let pad = w - n;
    it.budget().string(s.len() + pad * fill.len_utf8())?;
    let (l, r) = match name {
        "ljust" => (0, pad),
        "rjust" => (pad, 0),
        _ => {
            let l = pad / 2 + (pad & w & 1);
            (l, pad - l)
        }
    };
    let f = fill.to_string();
    Ok(Value::str(format!("{}{s}{}", f.repeat(l), f.repeat(r))))
}

fn ljust(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    justify(it, recv, a, "ljust")
}

fn rjust(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    justify(it, recv, a, "rjust")
}

fn center(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    justify(it, recv, a, "center")
}

/// The codec a name designates, as Python 2 normalizes codec names.
fn codec(a: &Args) -> R<String> {
    Ok(match a.get(0, "encoding") {
        None => "ascii".into(),
        Some(Value::Str(e)) => e.to_lowercase().replace(['-', ' '], "_"),
        Some(other) => {
            return Err(raise(
                ExcKind::TypeError,
                format!(
                    "encode() argument 1 must be string, not {}",
                    other.type_name()
                ),
            ))
        }
    })
}

const TEXT_CODECS: &[&str] = &[
    "ascii",
    "utf_8",
    "utf8",
    "u8",
    "latin_1",
    "latin1",
    "iso_8859_1",
    "l1",
    "cp1252",
];

fn rot13(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'a'..='z' => (((c as u8 - b'a') + 13) % 26 + b'a') as char,
            'A'..='Z' => (((c as u8 - b'A') + 13) % 26 + b'A') as char,
            c => c,
        })
        .collect()
}

fn unknown_codec(name: &str) -> crate::Error {
    raise(ExcKind::LookupError, format!("unknown encoding: {name}"))
}

fn encode(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let s = text(recv, "encode")?;
    let codec = codec(&a)?;
    let out = match codec.as_str() {
        c if TEXT_CODECS.contains(&c) => return Ok(Value::Str(s.clone())),
        "hex" | "hex_codec" => {
            it.budget().string(s.len() * 2)?;
            s.bytes().map(|b| format!("{b:02x}")).collect()
        }
        "base64" | "base64_codec" => {
            it.budget().string(s.len() / 3 * 4 + s.len() / 57 + 8)?;
            base64_lines(s.as_bytes())
        }
        "rot13" | "rot_13" => rot13(s),
        _ => return Err(unknown_codec(&codec)),
    };
    Ok(Value::str(out))
}

/// `bytes.decode(codec)` of a byte string that is not UTF-8, with Python 2's errors.
fn decode_bytes(b: &[u8], codec: &str) -> R<Value> {
    match codec {
        "utf_8" | "utf8" | "u8" => Value::text_of(b).map(Value::str),
        "ascii" => Err(Value::ascii_error(b)),
        "latin_1" | "latin1" | "iso_8859_1" | "l1" => {
            Ok(Value::str(b.iter().map(|&c| c as char).collect::<String>()))
        }
        _ => Err(raise(
            ExcKind::TypeError,
            format!("decoding a byte string that is not UTF-8 text with {codec} is not supported by aurora2nix"),
        )),
    }
}

fn decode(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let codec = codec(&a)?;
    if let Value::Bytes(b) = recv {
        it.budget().string(b.len().saturating_mul(2))?;
        return decode_bytes(b, &codec);
    }
    let s = text(recv, "decode")?;
    match codec.as_str() {
        c if TEXT_CODECS.contains(&c) => Ok(Value::Str(s.clone())),
        "hex" | "hex_codec" => {
            let digits: Vec<u32> = s
                .chars()
                .map(|c| {
                    c.to_digit(16)
                        .ok_or_else(|| raise(ExcKind::TypeError, "Non-hexadecimal digit found"))
                })
                .collect::<R<_>>()?;
            if digits.len() % 2 == 1 {
                return Err(raise(ExcKind::TypeError, "Odd-length string"));
            }
            it.budget().string(digits.len() / 2)?;
            let bytes: Vec<u8> = digits.chunks(2).map(|p| (p[0] * 16 + p[1]) as u8).collect();
            Ok(Value::bytes(&bytes))
        }
        "base64" | "base64_codec" => {
            let bytes =
                base64_decode(s).ok_or_else(|| raise(ExcKind::ValueError, "Incorrect padding"))?;
            it.budget().string(bytes.len())?;
            Ok(Value::bytes(&bytes))
        }
        "rot13" | "rot_13" => Ok(Value::str(rot13(s))),
        _ => Err(unknown_codec(&codec)),
    }
}

fn expandtabs(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    let s = text(recv, "expandtabs")?;
    let size = opt_int(&a, 0)?.unwrap_or(8).max(0) as usize;
    let mut out = String::new();
    let mut col = 0usize;
    for c in s.chars() {
        match c {
            '\t' => {
                if size > 0 {
                    let n = size - col % size;
                    it.budget().grow(&out, n)?;
                    out.extend(std::iter::repeat_n(' ', n));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            c => {
                it.budget().grow(&out, c.len_utf8())?;
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(Value::str(out))
}

/// `base64.encodestring`: lines of 76 characters, each ending in a newline.
fn base64_lines(data: &[u8]) -> String {
    let mut out = String::new();
    for chunk in data.chunks(57) {
        out.push_str(&base64::engine::general_purpose::STANDARD.encode(chunk));
        out.push('\n');
    }
    out
}

/// `base64.decodestring`: whitespace is ignored.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let clean: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(clean).ok()
}
