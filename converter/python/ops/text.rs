//! `str()` and `repr()`, as CPython 2.7 prints values.
//!
//! Output is charged to the budget as it grows, nesting is depth-bounded, and a container that
//! contains itself prints as CPython prints it (`[[...]]`, `{'a': {...}}`).

use crate::budget::Budget;
use crate::error::{ExcKind, ExcType};
use crate::format::{float_repr, float_str};
use crate::value::Value;
use crate::value::{ExcObj, R};

/// `str(v)`.
pub fn py_str(v: &Value, b: &Budget) -> R<String> {
    Ok(match v {
        Value::Str(s) => s.to_string(),
        Value::Float(f) => float_str(*f),
        Value::Object(o) => o.str(v, b)?,
        Value::Exception(e) => exc_str(e, b)?,
        other => repr(other, b)?,
    })
}

/// `repr(v)`.
pub fn repr(v: &Value, b: &Budget) -> R<String> {
    let mut out = String::new();
    Repr {
        b,
        active: Vec::new(),
    }
    .write(v, &mut out)?;
    Ok(out)
}

/// `str(exception)`.
pub fn exc_str(e: &ExcObj, b: &Budget) -> R<String> {
    match e.args.as_slice() {
        [] => Ok(String::new()),
        [one] if e.ty.is_kind(ExcKind::KeyError) && e.class.is_none() => repr(one, b),
        [one] => py_str(one, b),
        many => repr(&Value::tuple(many.to_vec()), b),
    }
}

/// A repr in progress: the containers being printed (for `[...]`).
struct Repr<'b> {
    b: &'b Budget,
    active: Vec<usize>,
}

impl Repr<'_> {
    fn push(&self, out: &mut String, s: &str) -> R<()> {
        Ok(self.b.push(out, s)?)
    }

    /// Writes a container's items between `open` and `close`, or `cycle` when it is already
    /// being printed.
    fn container(
        &mut self,
        v: &Value,
        out: &mut String,
        (open, close, cycle): (&str, &str, &str),
        items: &mut dyn FnMut(&mut Self, &mut String) -> R<()>,
    ) -> R<()> {
        let id = v.identity();
        if self.active.contains(&id) {
            return self.push(out, cycle);
        }
        let b = self.b;
        let _depth = b.enter(|| format!("while getting the repr of a {}", v.type_name()))?;
        self.active.push(id);
        self.push(out, open)?;
        let r = items(self, out);
        self.active.pop();
        r?;
        self.push(out, close)
    }

    fn write(&mut self, v: &Value, out: &mut String) -> R<()> {
        match v {
            Value::None => self.push(out, "None"),
            Value::Bool(true) => self.push(out, "True"),
            Value::Bool(false) => self.push(out, "False"),
            Value::Int(i) => self.push(out, &i.to_string()),
            Value::Float(f) => self.push(out, &float_repr(*f)),
            Value::Str(s) => push_repr_str(out, s, false, self.b),
            Value::Bytes(bytes) => push_repr_bytes(out, bytes, self.b),
            Value::List(l) => {
                let items = l.borrow().clone();
                self.container(v, out, ("[", "]", "[...]"), &mut |r, out| {
                    r.items(&items, out)
                })
            }
            Value::Tuple(t) => {
                let one = t.len() == 1;
                self.container(
                    v,
                    out,
                    ("(", if one { ",)" } else { ")" }, "(...)"),
                    &mut |r, out| r.items(t, out),
                )
            }
            Value::Dict(d) => {
                let pairs: Vec<(Value, Value)> = d
                    .borrow()
                    .iter()
                    .map(|(k, x)| (k.clone(), x.clone()))
                    .collect();
                self.container(v, out, ("{", "}", "{...}"), &mut |r, out| {
                    for (i, (k, x)) in pairs.iter().enumerate() {
                        if i > 0 {
                            r.push(out, ", ")?;
                        }
                        r.write(k, out)?;
                        r.push(out, ": ")?;
                        r.write(x, out)?;
                    }
                    Ok(())
                })
            }
            Value::Set(d) => {
                let keys = d.borrow().keys();
                self.container(v, out, ("set([", "])", "set([...])"), &mut |r, out| {
                    r.items(&keys, out)
                })
            }
            Value::Function(f) => self.push(out, &format!("<function {}>", f.name)),
            Value::Native(n) => self.push(out, &format!("<built-in function {}>", n.name)),
            Value::Type(t) => self.push(out, &format!("<type '{}'>", t.name)),
            Value::ExcType(ExcType::Builtin(k)) => {
                self.push(out, &format!("<type 'exceptions.{}'>", k.name()))
            }
            Value::ExcType(ExcType::Native(n)) => self.push(out, &format!("<class '{}'>", n.name)),
            Value::Method(m) => self.push(
                out,
                &match m.recv {
                    Some(_) => format!("<bound method {}>", m.def.name),
                    None => format!("<method '{}'>", m.def.name),
                },
            ),
            Value::Bound(_) => self.push(out, "<bound method>"),
            Value::Class(c) => self.push(out, &format!("<class '{}'>", c.name)),
            Value::Instance(i) => self.push(out, &format!("<{} object>", i.class.name)),
            Value::Module(m) => self.push(out, &format!("<module '{}'>", m.name)),
            Value::Exception(e) => {
                self.push(out, &e.type_name())?;
                let one = e.args.len() == 1;
                let args = e.args.clone();
                self.container(
                    v,
                    out,
                    ("(", if one { ",)" } else { ")" }, "(...)"),
                    &mut |r, out| r.items(&args, out),
                )
            }
            Value::Object(o) => {
                let s = o.repr(v, self.b)?;
                self.push(out, &s)
            }
        }
    }

    fn items(&mut self, items: &[Value], out: &mut String) -> R<()> {
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.push(out, ", ")?;
            }
            self.write(x, out)?;
        }
        Ok(())
    }
}

/// The quote a Python 2 string repr uses.
fn quote_of(s: &str) -> char {
    if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    }
}

/// The escape of one character in a repr, if it needs one.
fn escape(c: char, quote: char, unicode: bool, buf: &mut String) -> bool {
    use std::fmt::Write;
    match c {
        '\\' => buf.push_str("\\\\"),
        '\n' => buf.push_str("\\n"),
        '\r' => buf.push_str("\\r"),
        '\t' => buf.push_str("\\t"),
        c if c == quote => {
            buf.push('\\');
            buf.push(c);
        }
        c if (c as u32) < 0x20 || c as u32 == 0x7f => {
            let _ = write!(buf, "\\x{:02x}", c as u32);
        }
        c if (c as u32) < 0x80 => return false,
        c if unicode => {
            let n = c as u32;
            let _ = if n <= 0xff {
                write!(buf, "\\x{n:02x}")
            } else if n <= 0xffff {
                write!(buf, "\\u{n:04x}")
            } else {
                write!(buf, "\\U{n:08x}")
            };
        }
        c => {
            let mut bytes = [0u8; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                let _ = write!(buf, "\\x{byte:02x}");
            }
        }
    }
    true
}

/// The length of the quoted body of a Python 2 string repr.
fn repr_len(s: &str, quote: char, unicode: bool) -> usize {
    let mut buf = String::new();
    2 + s
        .chars()
        .map(|c| {
            buf.clear();
            if escape(c, quote, unicode, &mut buf) {
                buf.len()
            } else {
                c.len_utf8()
            }
        })
        .sum::<usize>()
}

/// Appends the quoted body of a Python 2 string repr (without a `u` prefix), charging it first.
pub fn push_repr_str(out: &mut String, s: &str, unicode: bool, b: &Budget) -> R<()> {
    let quote = quote_of(s);
    b.grow(out, repr_len(s, quote, unicode))?;
    out.push(quote);
    for c in s.chars() {
        if !escape(c, quote, unicode, out) {
            out.push(c);
        }
    }
    out.push(quote);
    Ok(())
}

/// Appends the repr of a byte string that is not UTF-8: each byte above 0x7f as `\xNN`.
fn push_repr_bytes(out: &mut String, bytes: &[u8], b: &Budget) -> R<()> {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    b.grow(out, 2 + 4 * bytes.len())?;
    out.push(quote);
    for &c in bytes {
        if c >= 0x80 {
            out.push_str(&format!("\\x{c:02x}"));
        } else if !escape(c as char, quote, false, out) {
            out.push(c as char);
        }
    }
    out.push(quote);
    Ok(())
}

/// The quoted body of a Python 2 string repr, for short strings in messages.
pub fn repr_str_body(s: &str, unicode: bool) -> String {
    let mut out = String::new();
    let quote = quote_of(s);
    out.push(quote);
    for c in s.chars() {
        if !escape(c, quote, unicode, &mut out) {
            out.push(c);
        }
    }
    out.push(quote);
    out
}
