//! `json`: Python 2's `json.dumps` text (ASCII-only escapes, `repr` floats) and `json.loads`.

use crate::budget::Budget;
use crate::error::ExcKind;
use crate::format::float_repr;
use crate::ops::{py_str, repr};
use crate::types::file::File;
use crate::value::Dict;
use crate::value::Vm;
use crate::value::{raise, R};
use crate::value::{Args, NativeFn, Value};

pub static FUNCTIONS: &[NativeFn] = &[
    NativeFn::new("dumps", dumps),
    NativeFn::new("loads", loads),
    NativeFn::new("load", loads),
];

/// Appends `s` as a Python 2 `json.dumps` string (`ensure_ascii=True`).
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

/// Python 2 `json.dumps` text (default separators, ASCII-only) of a JSON value.
pub fn dumps_value(j: &serde_json::Value) -> String {
    use serde_json::Value as J;
    fn go(j: &J, out: &mut String) {
        match j {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Number(n) => match n.as_i64() {
                Some(i) => out.push_str(&i.to_string()),
                None => out.push_str(&float_repr(n.as_f64().unwrap_or(0.0))),
            },
            J::String(s) => json_str(s, out),
            J::Array(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    go(x, out);
                }
                out.push(']');
            }
            J::Object(o) => {
                out.push('{');
                for (i, (k, v)) in o.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    json_str(k, out);
                    out.push_str(": ");
                    go(v, out);
                }
                out.push('}');
            }
        }
    }
    let mut out = String::new();
    go(j, &mut out);
    out
}

/// The settings of one `json.dumps` call.
struct Dump<'b> {
    sort: bool,
    indent: Option<usize>,
    item_sep: String,
    key_sep: String,
    b: &'b Budget,
    /// The containers being written (a cycle is an error, as in CPython).
    active: Vec<usize>,
}

impl Dump<'_> {
    fn newline(&self, out: &mut String, level: usize) -> R<()> {
        if let Some(n) = self.indent {
            self.b.grow(out, 1 + n.saturating_mul(level))?;
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', n * level));
        }
        Ok(())
    }

    fn string(&self, s: &str, out: &mut String) -> R<()> {
        let mut piece = String::new();
        json_str(s, &mut piece);
        Ok(self.b.push(out, &piece)?)
    }

    fn enter(&mut self, v: &Value) -> R<()> {
        let id = v.identity();
        if self.active.contains(&id) {
            return Err(raise(ExcKind::ValueError, "Circular reference detected"));
        }
        self.active.push(id);
        Ok(())
    }

    fn value(&mut self, v: &Value, level: usize, out: &mut String) -> R<()> {
        let b = self.b;
        let _depth = b.enter(|| "while encoding a JSON object".into())?;
        match v {
            Value::None => Ok(b.push(out, "null")?),
            Value::Bool(x) => Ok(b.push(out, if *x { "true" } else { "false" })?),
            Value::Int(i) => Ok(b.push(out, &i.to_string())?),
            Value::Float(f) => Ok(b.push(
                out,
                &match f {
                    f if f.is_nan() => "NaN".to_string(),
                    f if f.is_infinite() && *f > 0.0 => "Infinity".into(),
                    f if f.is_infinite() => "-Infinity".into(),
                    f => float_repr(*f),
                },
            )?),
            Value::Str(s) => self.string(s, out),
            Value::List(_) | Value::Tuple(_) => {
                let items = match v {
                    Value::List(l) => l.borrow().clone(),
                    Value::Tuple(t) => (**t).clone(),
                    _ => Vec::new(),
                };
                self.enter(v)?;
                b.push(out, "[")?;
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        b.push(out, &self.item_sep)?;
                    }
                    self.newline(out, level + 1)?;
                    self.value(x, level + 1, out)?;
                }
                if !items.is_empty() {
                    self.newline(out, level)?;
                }
                self.active.pop();
                Ok(b.push(out, "]")?)
            }
            Value::Dict(d) => {
                let mut items: Vec<(String, Value)> = Vec::new();
                for (k, x) in d.borrow().iter() {
                    let key = match k {
                        Value::Str(s) => s.to_string(),
                        Value::Bytes(bytes) => Value::text_of(bytes)?.to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::None => "null".into(),
                        other => py_str(other, b)?,
                    };
                    items.push((key, x.clone()));
                }
                if self.sort {
                    items.sort_by(|a, b| a.0.cmp(&b.0));
                }
                self.enter(v)?;
                b.push(out, "{")?;
                for (i, (k, x)) in items.iter().enumerate() {
                    if i > 0 {
                        b.push(out, &self.item_sep)?;
                    }
                    self.newline(out, level + 1)?;
                    self.string(k, out)?;
                    b.push(out, &self.key_sep)?;
                    self.value(x, level + 1, out)?;
                }
                if !items.is_empty() {
                    self.newline(out, level)?;
                }
                self.active.pop();
                Ok(b.push(out, "}")?)
            }
            Value::Bytes(bytes) => self.string(Value::text_of(bytes)?, out),
            other => Err(raise(
                ExcKind::TypeError,
                format!("{} is not JSON serializable", repr(other, b)?),
            )),
        }
    }
}

fn dumps(it: &mut dyn Vm, a: Args) -> R<Value> {
    let v = a.req(0, "dumps")?;
    let sort = a.kwarg("sort_keys").is_some_and(Value::truthy);
    let indent = match a.kwarg("indent") {
        Some(Value::Int(i)) => Some((*i).max(0) as usize),
        _ => None,
    };
    let (item_sep, key_sep) = match a.kwarg("separators") {
        Some(Value::Tuple(t)) if t.len() == 2 => {
            (py_str(&t[0], &it.budget())?, py_str(&t[1], &it.budget())?)
        }
        _ => (
            if indent.is_some() { "," } else { ", " }.into(),
            ": ".into(),
        ),
    };
    let mut out = String::new();
    Dump {
        sort,
        indent,
        item_sep,
        key_sep,
        b: &it.budget(),
        active: Vec::new(),
    }
    .value(v, 0, &mut out)?;
    Ok(Value::str(out))
}

fn loads(it: &mut dyn Vm, a: Args) -> R<Value> {
    let text = match a.req(0, "loads")? {
        v @ Value::Object(_) if v.downcast::<File>().is_some() => {
            let content = v.downcast::<File>().map(File::take).unwrap_or_default();
            Value::text_of(&content)?.to_string()
        }
        Value::Str(s) => s.to_string(),
        Value::Bytes(bytes) => Value::text_of(bytes)?.to_string(),
        other => {
            return Err(raise(
                ExcKind::TypeError,
                format!("expected string or buffer, got {}", other.type_name()),
            ))
        }
    };
    let j: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        raise(
            ExcKind::ValueError,
            format!("No JSON object could be decoded ({e})"),
        )
    })?;
    it.budget().bytes(text.len().saturating_mul(4))?;
    Ok(from_json(&j))
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
                d.insert_str(&k.as_str().into(), from_json(v));
            }
            Value::dict(d)
        }
    }
}
