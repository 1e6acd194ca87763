//! The rule language: small expressions over a job document (its JSON), in which the client's
//! checks are written once (`rules.rs`) and which both sides run, this evaluator here and the
//! Nix job library (the Nix layer compiles the same expressions to Nix).
//!
//! Values are JSON values; an absent field reads as `null`. Comparison, arithmetic and `%s` /
//! `%r` follow Python 2, because the client's checks are Python 2 code reading the values as
//! pystachio returns them: an unbound `{{x}}` left in an Integer field is a string, and in
//! Python 2 every string is greater than every number. A rule evaluates to a list of
//! violations (`{"message", "path"}` objects) in the order the client would meet them.

use python::format::{float_repr, float_str};
use python::{Budget, R};
use serde_json::{Map, Value as J};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// An expression.
#[derive(Clone, Debug)]
pub enum Expr {
    Lit(J),
    /// A variable: `job`, or one bound by [`Expr::Each`] / [`Expr::Let`].
    Var(&'static str),
    /// A field of an object (`null` when absent or not an object).
    Get(Box<Expr>, &'static str),
    /// A list element or object entry by a computed key (`null` when absent).
    At(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Cmp(Cmp, Box<Expr>, Box<Expr>),
    Arith(Arith, Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    List(Vec<Expr>),
    /// `Each(x, list, body)`: the concatenation of `body` (a list) for each element `x` of a
    /// list, or each value of an object.
    Each(&'static str, Box<Expr>, Box<Expr>),
    Let(&'static str, Box<Expr>, Box<Expr>),
    Call(Builtin, Vec<Expr>),
    /// One violation: `[{"message": concat(pieces), "path": path}]`. Pieces are `%s`-formatted.
    Fail(Vec<Expr>, Box<Expr>),
}

/// Python 2 comparisons.
#[derive(Clone, Copy, Debug)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Python 2 arithmetic on numbers (`//` floors).
#[derive(Clone, Copy, Debug)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    FloorDiv,
}

/// Functions of the language. Each is general (nothing in it knows a rule) and exists on both
/// sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// `len(x)` of a list, object or string.
    Len,
    /// The keys of an object, in order.
    Keys,
    /// `x in y`: a key of an object, an element of a list, a substring of a string.
    In,
    /// Python 2 `'%s' % x`.
    Str,
    /// Python 2 `'%r' % x`.
    Repr,
    /// `math.floor(x)` as an integer.
    Floor,
    /// Whether Python 2's `int(x)` accepts a string (or x is an integer).
    IntLike,
    /// `re.match(r'^[\w\-\.]+$', s)` as Python 2 matches it (ASCII `\w`; `$` also matches
    /// before a final newline).
    Identifier,
    /// `s.startswith(prefix)`.
    StartsWith,
    /// `s.split(sep)` (also `x.split(sep)` of a non-string: `[x]`).
    Split,
    /// `sep.join(list)` of `%s`-formatted elements.
    Join,
    /// Whether every element of the first list is in the second.
    Subset,
    /// Whether no element of the first list is in the second.
    Disjoint,
    /// Whether a dependency graph (`nodes`, `[[from, to], ...]` edges) is free of cycles,
    /// as Thermos's planner decides it (repeatedly retire nodes with no pending dependency).
    Acyclic,
    /// The values occurring more than once in a list, each once, in order.
    Repeated,
    /// An object from `[[key, value], ...]` (later pairs win).
    FromPairs,
    /// `Refs(x, with)`: the mustache refs (`{{...}}`, pystachio's syntax) left in every string
    /// (and object key) of `x`, in order of first occurrence, each once, as `{{address}}`.
    /// With an object `with`, each string first has every ref whose address is a key of
    /// `with` replaced by that value's `%s` text, again and again until nothing changes
    /// (pystachio re-reads what it substitutes).
    Refs,
    /// `Ports(x, with)`: the names `NAME` of the `{{thermos.ports[NAME]}}` refs `Refs(x, with)`
    /// finds, each once, in order.
    Ports,
    /// Aurora's `PortResolver.resolve` of an announce portmap: values `int()` accepts become
    /// integers, and a value naming another entry is replaced by that entry's final value;
    /// `null` when entries name each other in a circle.
    ResolvePorts,
    /// Whether a value is an integer.
    IsInt,
    /// Whether a value is a string.
    IsString,
    /// Python truthiness, as a boolean.
    Truthy,
    /// `range(a, b)`.
    Range,
    /// `s[len(prefix):]` (what follows a prefix the caller has checked).
    After,
    /// `s.upper()`.
    Upper,
    /// Whether a string is ASCII digits only (possibly none).
    Digits,
}

/// A rule's violation.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    pub message: String,
    /// The JSON path of the offending value (`update_config.max_total_failures`).
    pub path: String,
}

/// Evaluation: variables in scope, the budget every step is charged to.
pub struct Eval<'a> {
    /// The caller's variables are borrowed; those bound by `Each` and `Let` are owned.
    vars: Vec<(&'static str, Cow<'a, J>)>,
    budget: &'a Budget,
}

impl<'a> Eval<'a> {
    pub fn new(budget: &'a Budget, vars: Vec<(&'static str, &'a J)>) -> Eval<'a> {
        let vars = vars
            .into_iter()
            .map(|(n, v)| (n, Cow::Borrowed(v)))
            .collect();
        Eval { vars, budget }
    }

    /// The violations an expression yields (it must evaluate to a list of them).
    pub fn violations(&mut self, e: &Expr) -> R<Vec<Violation>> {
        let J::Array(items) = self.eval(e)? else {
            return Ok(Vec::new());
        };
        Ok(items
            .into_iter()
            .map(|v| Violation {
                message: v["message"].as_str().unwrap_or_default().to_string(),
                path: v["path"].as_str().unwrap_or_default().to_string(),
            })
            .collect())
    }

    pub fn eval(&mut self, e: &Expr) -> R<J> {
        self.budget.step()?;
        Ok(match e {
            Expr::Lit(v) => v.clone(),
            Expr::Var(_) | Expr::Get(..) if in_place(e) => self.fields(e).clone(),
            Expr::Var(_) | Expr::Get(..) | Expr::At(..) => match self.chain(e)? {
                // A variable or a value below one: walk to it and copy only it.
                Some((name, keys)) => self.lookup(name, &keys).clone(),
                None => {
                    let (x, k) = match e {
                        Expr::Get(x, f) => (self.eval(x)?, J::String((*f).into())),
                        Expr::At(x, k) => (self.eval(x)?, self.eval(k)?),
                        _ => unreachable!("matched above"),
                    };
                    step(&x, &k).cloned().unwrap_or(J::Null)
                }
            },
            Expr::Not(x) => J::Bool(!self.test(x)?),
            Expr::And(xs) => {
                for x in xs {
                    if !self.test(x)? {
                        return Ok(J::Bool(false));
                    }
                }
                J::Bool(true)
            }
            Expr::Or(xs) => {
                for x in xs {
                    if self.test(x)? {
                        return Ok(J::Bool(true));
                    }
                }
                J::Bool(false)
            }
            Expr::Cmp(op, a, b) => {
                let (a, b) = (self.operand(a)?, self.operand(b)?);
                J::Bool(compare(*op, self.read(&a), self.read(&b)))
            }
            Expr::Arith(op, a, b) => {
                let (a, b) = (self.operand(a)?, self.operand(b)?);
                arithmetic(*op, self.read(&a), self.read(&b))
            }
            Expr::If(c, t, f) => {
                if self.test(c)? {
                    self.eval(t)?
                } else {
                    self.eval(f)?
                }
            }
            Expr::List(xs) => J::Array(xs.iter().map(|x| self.eval(x)).collect::<R<_>>()?),
            Expr::Each(var, list, body) => {
                // Items of a caller's value are bound in place; others are computed.
                if let Some(v) = self.borrowed(list)? {
                    let items: Vec<&'a J> = match v {
                        J::Array(a) => a.iter().collect(),
                        J::Object(m) => m.values().collect(),
                        _ => Vec::new(),
                    };
                    return self.each(var, items.into_iter().map(Cow::Borrowed), body);
                }
                let items = match self.eval(list)? {
                    J::Array(a) => a,
                    J::Object(m) => m.into_iter().map(|(_, v)| v).collect(),
                    _ => Vec::new(),
                };
                self.each(var, items.into_iter().map(Cow::Owned), body)?
            }
            Expr::Let(var, value, body) => {
                let v = match self.borrowed(value)? {
                    Some(v) => Cow::Borrowed(v),
                    None => Cow::Owned(self.eval(value)?),
                };
                self.vars.push((var, v));
                let r = self.eval(body);
                self.vars.pop();
                r?
            }
            Expr::Call(f, args) => {
                let given = (args.iter())
                    .map(|a| self.operand(a))
                    .collect::<R<Vec<_>>>()?;
                let values: Vec<&J> = given.iter().map(|o| self.read(o)).collect();
                apply(*f, &values, self.budget)?
            }
            Expr::Fail(pieces, path) => {
                let mut message = String::new();
                for p in pieces {
                    let v = self.eval(p)?;
                    self.budget.push(&mut message, &str_of(&v))?;
                }
                let path = str_of(&self.eval(path)?);
                serde_json::json!([{ "message": message, "path": path }])
            }
        })
    }
}

/// What an absent value reads as.
static NULL: J = J::Null;

impl<'a> Eval<'a> {
    /// An operand: a variable, or a value below one, is a place read where it is (charged a
    /// step, as evaluating it is); anything else is evaluated.
    fn operand<'e>(&mut self, e: &'e Expr) -> R<Operand<'e>> {
        if in_place(e) {
            self.budget.step()?;
            return Ok(Operand::Fields(e));
        }
        Ok(match self.chain(e)? {
            Some((name, keys)) => {
                self.budget.step()?;
                Operand::Place(name, keys)
            }
            None => Operand::Value(self.eval(e)?),
        })
    }

    /// An operand's value.
    fn read<'s>(&'s self, o: &'s Operand) -> &'s J {
        match o {
            Operand::Fields(e) => self.fields(e),
            Operand::Place(name, keys) => self.lookup(name, keys),
            Operand::Value(v) => v,
        }
    }

    /// Python truthiness of an operand.
    fn test(&mut self, e: &Expr) -> R<bool> {
        let o = self.operand(e)?;
        Ok(truthy(self.read(&o)))
    }

    /// The value of variable `name` below `keys` (`null` when absent).
    fn lookup(&self, name: &str, keys: &[Key]) -> &J {
        walk(self.var(name).map(Cow::as_ref), keys)
    }

    /// Variable `name`'s value, the innermost binding first.
    fn var(&self, name: &str) -> Option<&Cow<'a, J>> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }

    /// A caller's value bound to variable `name` (which outlives the evaluation).
    fn borrowed_var(&self, name: &str) -> Option<&'a J> {
        match self.var(name)? {
            Cow::Borrowed(v) => Some(v),
            Cow::Owned(_) => None,
        }
    }

    /// The lists `body` yields for each item bound to `var`, concatenated.
    fn each(
        &mut self,
        var: &'static str,
        items: impl Iterator<Item = Cow<'a, J>>,
        body: &Expr,
    ) -> R<J> {
        let mut out = Vec::new();
        for item in items {
            self.vars.push((var, item));
            let r = self.eval(body);
            self.vars.pop();
            if let J::Array(a) = r? {
                self.budget.items(a.len())?;
                out.extend(a);
            }
        }
        Ok(J::Array(out))
    }

    /// The value `e` reads when it is a place in one of the caller's values (which outlive the
    /// evaluation), so that it need not be copied.
    fn borrowed(&mut self, e: &Expr) -> R<Option<&'a J>> {
        if in_place(e) {
            return Ok(self.borrowed_fields(e));
        }
        let Some((name, keys)) = self.chain(e)? else {
            return Ok(None);
        };
        Ok(self.borrowed_var(name).map(|root| walk(Some(root), &keys)))
    }

    /// The value of a literal, a variable or fields below one ([`in_place`]), read where it is.
    fn fields<'s>(&'s self, e: &'s Expr) -> &'s J {
        match e {
            Expr::Lit(v) => v,
            Expr::Var(name) => self.lookup(name, &[]),
            Expr::Get(x, f) => field(self.fields(x), f),
            _ => &NULL,
        }
    }

    /// [`Self::fields`] of one of the caller's values (which outlive the evaluation).
    fn borrowed_fields(&self, e: &Expr) -> Option<&'a J> {
        match e {
            Expr::Var(name) => self.borrowed_var(name),
            Expr::Get(x, f) => Some(field(self.borrowed_fields(x)?, f)),
            _ => None,
        }
    }

    /// A variable, or a `Get`/`At` chain below one: the variable and the keys (evaluated).
    fn chain(&mut self, e: &Expr) -> R<Option<(&'static str, Vec<Key>)>> {
        Ok(match e {
            Expr::Var(name) => Some((name, Vec::new())),
            Expr::Get(x, f) => self.chain(x)?.map(|(n, mut keys)| {
                keys.push(Key::Field(f));
                (n, keys)
            }),
            Expr::At(x, k) => match self.chain(x)? {
                Some((n, mut keys)) => {
                    keys.push(Key::Value(self.eval(k)?));
                    Some((n, keys))
                }
                None => None,
            },
            _ => None,
        })
    }
}

/// Whether `e` is a literal, a variable, or fields below one (`job.task.name`): a value that
/// needs no evaluated key, so it is read where it is, neither copied nor its keys collected.
fn in_place(e: &Expr) -> bool {
    match e {
        Expr::Lit(_) | Expr::Var(_) => true,
        Expr::Get(x, _) => in_place(x),
        _ => false,
    }
}

/// An operand of an expression (see [`Eval::operand`]).
enum Operand<'e> {
    /// A literal, or fields below a variable ([`in_place`]), read where it is.
    Fields(&'e Expr),
    Place(&'static str, Vec<Key>),
    Value(J),
}

/// One step of a place: a field the expression names, or a computed key.
enum Key {
    Field(&'static str),
    Value(J),
}

/// The value below `root` at `keys` (`null` when absent).
fn walk<'v>(root: Option<&'v J>, keys: &[Key]) -> &'v J {
    let mut v = root;
    for k in keys {
        v = v.and_then(|v| match k {
            Key::Field(f) => Some(field(v, f)),
            Key::Value(k) => step(v, k),
        });
    }
    v.unwrap_or(&NULL)
}

/// A field of an object (`null` when absent or not an object).
fn field<'v>(v: &'v J, name: &str) -> &'v J {
    v.as_object().and_then(|m| m.get(name)).unwrap_or(&NULL)
}

/// One step into a value: an object's entry by a string key, a list's element by an index.
fn step<'v>(v: &'v J, k: &J) -> Option<&'v J> {
    match (v, k) {
        (J::Object(m), J::String(k)) => m.get(k),
        (J::Array(a), J::Number(n)) => a.get(usize::try_from(n.as_u64()?).ok()?),
        _ => None,
    }
}

/// Python truthiness.
pub fn truthy(v: &J) -> bool {
    match v {
        J::Null => false,
        J::Bool(b) => *b,
        J::Number(n) => n.as_f64() != Some(0.0),
        J::String(s) => !s.is_empty(),
        J::Array(a) => !a.is_empty(),
        J::Object(m) => !m.is_empty(),
    }
}

fn number(v: &J) -> Option<f64> {
    match v {
        J::Bool(b) => Some(f64::from(u8::from(*b))),
        J::Number(n) => n.as_f64(),
        _ => None,
    }
}

fn int(v: &J) -> Option<i64> {
    match v {
        J::Bool(b) => Some(i64::from(*b)),
        J::Number(n) => n.as_i64(),
        _ => None,
    }
}

/// Python 2's order of values of different types: `None`, then numbers, then the rest by
/// type name (`dict` < `list` < `str`/`unicode`).
fn type_rank(v: &J) -> u8 {
    match v {
        J::Null => 0,
        J::Bool(_) | J::Number(_) => 1,
        J::Object(_) => 2,
        J::Array(_) => 3,
        J::String(_) => 4,
    }
}

fn order(a: &J, b: &J) -> Ordering {
    match (a, b) {
        _ if type_rank(a) != type_rank(b) => type_rank(a).cmp(&type_rank(b)),
        (J::String(x), J::String(y)) => x.chars().cmp(y.chars()),
        (J::Array(x), J::Array(y)) => {
            for (p, q) in x.iter().zip(y) {
                match order(p, q) {
                    Ordering::Equal => continue,
                    o => return o,
                }
            }
            x.len().cmp(&y.len())
        }
        _ => match (int(a), int(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => number(a)
                .zip(number(b))
                .and_then(|(x, y)| x.partial_cmp(&y))
                .unwrap_or(Ordering::Equal),
        },
    }
}

fn equal(a: &J, b: &J) -> bool {
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn compare(op: Cmp, a: &J, b: &J) -> bool {
    match op {
        Cmp::Eq => equal(a, b),
        Cmp::Ne => !equal(a, b),
        Cmp::Lt => order(a, b) == Ordering::Less,
        Cmp::Le => order(a, b) != Ordering::Greater,
        Cmp::Gt => order(a, b) == Ordering::Greater,
        Cmp::Ge => order(a, b) != Ordering::Less,
    }
}

fn arithmetic(op: Arith, a: &J, b: &J) -> J {
    match (op, a, b) {
        (Arith::Add, J::String(x), J::String(y)) => return J::String(format!("{x}{y}")),
        (Arith::Add, J::Array(x), J::Array(y)) => return J::Array([x.clone(), y.clone()].concat()),
        _ => {}
    }
    if let (Some(x), Some(y)) = (int(a), int(b)) {
        let r = match op {
            Arith::Add => x.checked_add(y),
            Arith::Sub => x.checked_sub(y),
            Arith::Mul => x.checked_mul(y),
            Arith::FloorDiv if y != 0 => {
                let q = x.checked_div(y);
                q.map(|q| q - i64::from(x % y != 0 && (x < 0) != (y < 0)))
            }
            Arith::FloorDiv => None,
        };
        if let Some(r) = r {
            return J::from(r);
        }
    }
    match (number(a), number(b)) {
        (Some(x), Some(y)) => {
            let r = match op {
                Arith::Add => x + y,
                Arith::Sub => x - y,
                Arith::Mul => x * y,
                Arith::FloorDiv => (x / y).floor(),
            };
            serde_json::Number::from_f64(r).map_or(J::Null, J::Number)
        }
        _ => J::Null,
    }
}

/// Python 2 `'%s' % v`.
pub fn str_of(v: &J) -> String {
    match v {
        J::Null => "None".into(),
        J::Bool(true) => "True".into(),
        J::Bool(false) => "False".into(),
        J::Number(n) => match n.as_i64() {
            Some(i) if !n.is_f64() => i.to_string(),
            _ => float_str(n.as_f64().unwrap_or_default()),
        },
        J::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Python 2 `'%r' % v`.
fn repr_of(v: &J) -> String {
    match v {
        J::Number(n) if n.is_f64() => float_repr(n.as_f64().unwrap_or_default()),
        J::String(s) => python::ops::repr_str_body(s, true),
        other => str_of(other),
    }
}

/// The code points whose decimal value is 0 in Python 2.7.18's Unicode database (5.2.0), as
/// its `unicodedata.decimal` gives them: each starts a run of the ten digits 0-9, all of which
/// `int()` of a unicode string reads (pystachio's strings are unicode).
const DECIMAL_ZEROS: [u32; 41] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xAA50, 0xABF0, 0xFF10, 0x104A0,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
];

/// The ASCII digit a Unicode decimal digit stands for.
fn decimal(c: char) -> Option<char> {
    let n = c as u32;
    let i = DECIMAL_ZEROS.partition_point(|&z| z <= n).checked_sub(1)?;
    let d = n - DECIMAL_ZEROS[i];
    (d < 10).then(|| char::from(b'0' + d as u8))
}

/// A string with its Unicode decimal digits written as ASCII ones (`'٣'` is `'3'`).
fn ascii_digits(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().map(|c| decimal(c).unwrap_or(c)).collect())
    }
}

/// `int(s)` of Python 2 for a base-10 unicode string: surrounding whitespace, a sign, decimal
/// digits (any script's).
fn int_like(v: &J) -> bool {
    match v {
        J::Number(n) => n.is_i64() || n.is_u64(),
        J::String(s) => {
            let s = ascii_digits(s);
            let t = s.trim_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
            let digits = t.strip_prefix(['+', '-']).unwrap_or(t).trim_start();
            !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

fn identifier(s: &str) -> bool {
    let s = s.strip_suffix('\n').unwrap_or(s);
    !s.is_empty()
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
}

fn items(v: &J) -> &[J] {
    match v {
        J::Array(a) => a,
        _ => &[],
    }
}

/// Calls `f` on every string in a value (object keys included), depth first, in order.
fn strings(v: &J, f: &mut dyn FnMut(&str) -> R<()>) -> R<()> {
    match v {
        J::String(s) => f(s),
        J::Array(a) => a.iter().try_for_each(|x| strings(x, f)),
        J::Object(m) => m.iter().try_for_each(|(k, x)| {
            f(k)?;
            strings(x, f)
        }),
        _ => Ok(()),
    }
}

/// The refs of one string, as `MustacheParser.split` finds them (invalid ones are skipped:
/// pystachio rejected them while interpolating).
fn refs_of(s: &str) -> Vec<pystachio::Ref> {
    if !pystachio::refs::has_mustache(s) {
        return Vec::new();
    }
    pystachio::refs::split(s, false)
        .map(refs_in)
        .unwrap_or_default()
}

/// The refs among a split template's pieces, in order.
fn refs_in(pieces: Vec<pystachio::refs::Piece>) -> Vec<pystachio::Ref> {
    (pieces.into_iter())
        .filter_map(|p| match p {
            pystachio::refs::Piece::Ref(r) => Some(r),
            pystachio::refs::Piece::Text(_) => None,
        })
        .collect()
}

/// One string with every ref in `with` substituted, round after round, as pystachio does.
fn substituted(s: &str, with: &Map<String, J>, b: &Budget) -> R<String> {
    let mut s = s.to_string();
    // pystachio's MAX_ITERATIONS bounds the rounds the same way.
    for _ in 0..100 {
        b.step()?;
        let Ok(pieces) = pystachio::refs::split(&s, true) else {
            break;
        };
        let mut out = String::new();
        let mut changed = false;
        for p in pieces {
            match p {
                pystachio::refs::Piece::Text(t) => b.push(&mut out, &t)?,
                pystachio::refs::Piece::Ref(r) => match with.get(&r.address()) {
                    Some(x) => {
                        changed = true;
                        b.push(&mut out, &str_of(x))?
                    }
                    None => b.push(&mut out, &r.to_string())?,
                },
            }
        }
        s = out;
        if !changed {
            break;
        }
    }
    Ok(s)
}

/// Calls `f` on each ref left in the strings of `v` once those in `with` are substituted.
fn left_refs(
    v: &J,
    with: Option<&Map<String, J>>,
    b: &Budget,
    f: &mut dyn FnMut(pystachio::Ref),
) -> R<()> {
    strings(v, &mut |s| {
        if !pystachio::refs::has_mustache(s) {
            return Ok(());
        }
        // One split decides: a string none of whose refs is in `with` is its own result, and
        // its refs are those (an invalid ref makes the whole string text, as pystachio has it).
        let Ok(pieces) = pystachio::refs::split(s, true) else {
            return Ok(());
        };
        let found = refs_in(pieces);
        let refs = match with {
            Some(with) if found.iter().any(|r| with.contains_key(&r.address())) => {
                refs_of(&substituted(s, with, b)?)
            }
            _ => found,
        };
        for r in refs {
            b.step()?;
            f(r);
        }
        Ok(())
    })
}

fn resolve_ports(portmap: &Map<String, J>) -> J {
    let m: Map<String, J> = portmap
        .iter()
        .map(|(k, v)| {
            let v = match v {
                J::String(s) if int_like(v) => ascii_digits(s)
                    .trim_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c'])
                    .parse::<i64>()
                    .map_or(v.clone(), J::from),
                _ => v.clone(),
            };
            (k.clone(), v)
        })
        .collect();
    let mut out = Map::new();
    for (name, first) in &m {
        let mut visited: Vec<&J> = Vec::new();
        let mut root = first;
        while let Some(next) = root.as_str().and_then(|r| m.get(r)) {
            visited.push(root);
            if visited.contains(&next) {
                return J::Null;
            }
            root = next;
        }
        out.insert(name.clone(), root.clone());
    }
    J::Object(out)
}

/// How a value is told apart in a set (Python `==` on the strings and integers rules hold):
/// a string by its text, a number by its value, anything else by its JSON text.
#[derive(Clone, PartialEq, Eq, Hash)]
enum SetKey<'v> {
    Str(&'v str),
    /// The bits of the value as a float (`-0.0` as `0.0`, since they are equal).
    Number(u64),
    Other(String),
}

fn set_key(v: &J) -> SetKey<'_> {
    match v {
        J::String(s) => SetKey::Str(s),
        J::Number(n) => match n.as_f64() {
            Some(f) => SetKey::Number(if f == 0.0 { 0 } else { f.to_bits() }),
            None => SetKey::Other(n.to_string()),
        },
        other => SetKey::Other(other.to_string()),
    }
}

type Set<T> = HashSet<T, foldhash::fast::RandomState>;

fn key_set(items: &[J]) -> Set<SetKey<'_>> {
    items.iter().map(set_key).collect()
}

/// Thermos's `Planner.satisfiable`: retiring nodes without pending dependencies retires them
/// all exactly when the graph has no cycle (Kahn's algorithm, linear in its size).
fn acyclic(nodes: &[J], edges: &[J]) -> bool {
    // One node per distinct name (a task may name two processes alike: the planner keys
    // them by name).
    let mut index: HashMap<SetKey, usize, foldhash::fast::RandomState> = HashMap::default();
    for n in nodes {
        let next = index.len();
        index.entry(set_key(n)).or_insert(next);
    }
    let mut pending = vec![0usize; index.len()];
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); index.len()];
    let mut seen = Set::default();
    for e in edges {
        let (Some(&from), Some(&to)) = (index.get(&set_key(&e[0])), index.get(&set_key(&e[1])))
        else {
            continue;
        };
        if seen.insert((from, to)) {
            pending[to] += 1;
            after[from].push(to);
        }
    }
    let mut ready: Vec<usize> = (0..pending.len()).filter(|&i| pending[i] == 0).collect();
    let mut retired = 0;
    while let Some(n) = ready.pop() {
        retired += 1;
        for &m in &after[n] {
            pending[m] -= 1;
            if pending[m] == 0 {
                ready.push(m);
            }
        }
    }
    retired == pending.len()
}

fn apply(f: Builtin, args: &[&J], b: &Budget) -> R<J> {
    let arg = |i: usize| args.get(i).copied().unwrap_or(&NULL);
    let text = |i: usize| str_of(arg(i));
    Ok(match f {
        Builtin::Len => J::from(match arg(0) {
            J::Array(a) => a.len(),
            J::Object(m) => m.len(),
            J::String(s) => s.chars().count(),
            _ => 0,
        }),
        Builtin::Keys => match arg(0) {
            J::Object(m) => J::Array(m.keys().cloned().map(J::String).collect()),
            _ => J::Array(Vec::new()),
        },
        Builtin::In => J::Bool(match arg(1) {
            J::Object(m) => m.contains_key(&text(0)),
            J::Array(a) => a.iter().any(|y| equal(arg(0), y)),
            J::String(s) => s.contains(&text(0)),
            _ => false,
        }),
        Builtin::Str => J::String(text(0)),
        Builtin::Repr => J::String(repr_of(arg(0))),
        Builtin::Floor => number(arg(0)).map_or(J::Null, |x| J::from(x.floor() as i64)),
        Builtin::IntLike => J::Bool(int_like(arg(0))),
        Builtin::Identifier => J::Bool(arg(0).as_str().is_some_and(identifier)),
        Builtin::StartsWith => J::Bool(text(0).starts_with(&text(1))),
        Builtin::Split => match arg(0) {
            J::String(s) => J::Array(s.split(&text(1)).map(|p| J::String(p.into())).collect()),
            other => J::Array(vec![other.clone()]),
        },
        Builtin::Join => J::String(
            items(arg(0))
                .iter()
                .map(str_of)
                .collect::<Vec<_>>()
                .join(&text(1)),
        ),
        Builtin::Subset | Builtin::Disjoint => {
            let (xs, of) = (items(arg(0)), items(arg(1)));
            b.steps((xs.len() + of.len()) as u64)?;
            let of = key_set(of);
            let inside = xs.iter().filter(|x| of.contains(&set_key(x))).count();
            J::Bool(match f {
                Builtin::Subset => inside == xs.len(),
                _ => inside == 0,
            })
        }
        Builtin::Acyclic => {
            let (nodes, edges) = (items(arg(0)), items(arg(1)));
            b.steps((nodes.len() + edges.len()) as u64)?;
            J::Bool(acyclic(nodes, edges))
        }
        Builtin::Repeated => {
            let all = items(arg(0));
            b.steps(all.len() as u64)?;
            let (mut seen, mut reported) = (Set::default(), Set::default());
            let mut out = Vec::new();
            for x in all {
                let k = set_key(x);
                if !seen.insert(k.clone()) && reported.insert(k) {
                    out.push(x.clone());
                }
            }
            J::Array(out)
        }
        Builtin::FromPairs => J::Object(
            items(arg(0))
                .iter()
                .map(|p| (str_of(&p[0]), p[1].clone()))
                .collect(),
        ),
        Builtin::Refs => {
            let mut out: Vec<String> = Vec::new();
            left_refs(arg(0), arg(1).as_object(), b, &mut |r| {
                let r = r.to_string();
                if !out.contains(&r) {
                    out.push(r);
                }
            })?;
            J::Array(out.into_iter().map(J::String).collect())
        }
        Builtin::ResolvePorts => match arg(0) {
            J::Object(m) => resolve_ports(m),
            _ => J::Object(Map::new()),
        },
        Builtin::IsInt => J::Bool(matches!(arg(0), J::Number(n) if !n.is_f64())),
        Builtin::IsString => J::Bool(arg(0).is_string()),
        Builtin::Truthy => J::Bool(truthy(arg(0))),
        Builtin::Range => {
            let (lo, hi) = (int(arg(0)).unwrap_or(0), int(arg(1)).unwrap_or(0));
            b.items(hi.saturating_sub(lo).max(0) as usize)?;
            J::Array((lo..hi).map(J::from).collect())
        }
        Builtin::After => {
            let (t, prefix) = (text(0), text(1));
            J::String(t.strip_prefix(&prefix).unwrap_or(&t).to_string())
        }
        Builtin::Upper => J::String(text(0).to_uppercase()),
        Builtin::Digits => J::Bool(text(0).bytes().all(|c| c.is_ascii_digit())),
        Builtin::Ports => {
            let scope = pystachio::Ref::parse("thermos.ports").expect("a valid ref");
            let mut out: Vec<String> = Vec::new();
            left_refs(arg(0), arg(1).as_object(), b, &mut |r| {
                if let Some(below) = r.below(&scope) {
                    let name = below.address();
                    let name = name.strip_prefix('[').and_then(|n| n.strip_suffix(']'));
                    if let Some(n) = name.filter(|n| !n.contains(['[', '.'])) {
                        if !out.iter().any(|o| o == n) {
                            out.push(n.to_string());
                        }
                    }
                }
            })?;
            J::Array(out.into_iter().map(J::String).collect())
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Constructors, so that rules read as a table.

pub fn lit(v: impl Into<J>) -> Expr {
    Expr::Lit(v.into())
}

pub fn var(name: &'static str) -> Expr {
    Expr::Var(name)
}

/// `base.a.b.c` for a dotted path.
pub fn get(base: Expr, path: &'static str) -> Expr {
    path.split('.').fold(base, |e, f| Expr::Get(Box::new(e), f))
}

/// `job.a.b.c`.
pub fn job(path: &'static str) -> Expr {
    get(var("job"), path)
}

pub fn at(x: Expr, k: Expr) -> Expr {
    Expr::At(Box::new(x), Box::new(k))
}

pub fn has(x: Expr) -> Expr {
    cmp(Cmp::Ne, x, Expr::Lit(J::Null))
}

pub fn not(x: Expr) -> Expr {
    Expr::Not(Box::new(x))
}

pub fn and(xs: Vec<Expr>) -> Expr {
    Expr::And(xs)
}

pub fn or(xs: Vec<Expr>) -> Expr {
    Expr::Or(xs)
}

pub fn cmp(op: Cmp, a: Expr, b: Expr) -> Expr {
    Expr::Cmp(op, Box::new(a), Box::new(b))
}

pub fn arith(op: Arith, a: Expr, b: Expr) -> Expr {
    Expr::Arith(op, Box::new(a), Box::new(b))
}

pub fn call(f: Builtin, args: Vec<Expr>) -> Expr {
    Expr::Call(f, args)
}

/// `cond`'s violation, else none.
pub fn when(cond: Expr, then: Expr) -> Expr {
    Expr::If(
        Box::new(cond),
        Box::new(then),
        Box::new(Expr::List(Vec::new())),
    )
}

pub fn if_(cond: Expr, then: Expr, otherwise: Expr) -> Expr {
    Expr::If(Box::new(cond), Box::new(then), Box::new(otherwise))
}

pub fn each(x: &'static str, list: Expr, body: Expr) -> Expr {
    Expr::Each(x, Box::new(list), Box::new(body))
}

pub fn let_(x: &'static str, value: Expr, body: Expr) -> Expr {
    Expr::Let(x, Box::new(value), Box::new(body))
}

/// The concatenation of several lists of violations.
pub fn first_of(xs: Vec<Expr>) -> Expr {
    each("_", Expr::List(xs), var("_"))
}

pub fn fail(pieces: Vec<Expr>, path: Expr) -> Expr {
    Expr::Fail(pieces, Box::new(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(e: &Expr, job: J) -> J {
        let b = Budget::unlimited();
        Eval::new(&b, vec![("job", &job)]).eval(e).unwrap()
    }

    #[test]
    fn sets_tell_values_apart_as_python_does() {
        // 1 == 1.0 and 0.0 == -0.0 in Python; the string "1" is neither.
        let xs = serde_json::json!([1, "1", 1.0, 0.0, "1", -0.0, [1], [1], 2]);
        assert_eq!(
            eval(&call(Builtin::Repeated, vec![lit(xs)]), J::Null),
            serde_json::json!([1.0, "1", -0.0, [1]])
        );
        let subset = |a: J, b: J| eval(&call(Builtin::Subset, vec![lit(a), lit(b)]), J::Null);
        assert_eq!(
            subset(serde_json::json!([2.0, "a"]), serde_json::json!(["a", 2])),
            J::Bool(true)
        );
        assert_eq!(
            subset(serde_json::json!(["2"]), serde_json::json!([2])),
            J::Bool(false)
        );
    }

    #[test]
    fn python2_ordering_puts_strings_above_numbers() {
        let j = serde_json::json!({"a": "{{x}}", "b": 3});
        assert_eq!(
            eval(&cmp(Cmp::Ge, job("a"), job("b")), j.clone()),
            J::Bool(true)
        );
        assert_eq!(eval(&cmp(Cmp::Lt, job("a"), job("b")), j), J::Bool(false));
        assert_eq!(
            eval(&cmp(Cmp::Eq, lit(1), lit(1.0)), J::Null),
            J::Bool(true)
        );
    }

    #[test]
    fn floor_division_floors() {
        let d = |a: i64, b: i64| eval(&arith(Arith::FloorDiv, lit(a), lit(b)), J::Null);
        assert_eq!(d(7, 2), J::from(3));
        assert_eq!(d(-7, 2), J::from(-4));
        assert_eq!(d(-1048576, 1048576), J::from(-1));
        assert_eq!(d(1048575, 1048576), J::from(0));
    }

    #[test]
    fn python2_formatting() {
        assert_eq!(str_of(&serde_json::json!(1e16)), "1e+16");
        assert_eq!(repr_of(&serde_json::json!(0.1)), "0.1");
        assert_eq!(str_of(&serde_json::json!(true)), "True");
    }

    #[test]
    fn int_like_is_python2_int() {
        for s in ["42", " 42 ", "+5", "-0", "007"] {
            assert!(int_like(&J::from(s)), "{s}");
        }
        for s in ["", "4_2", "0x10", "1.5", "- 1x", "http"] {
            assert!(!int_like(&J::from(s)), "{s}");
        }
        // Python 2.7.18: int(u'\u0663') == 3, int(u'\uff18\uff10') == 80; '²' is no decimal.
        for s in ["\u{663}", " \u{ff18}\u{ff10} ", "\u{1d7ce}"] {
            assert!(int_like(&J::from(s)), "{s}");
        }
        assert!(!int_like(&J::from("\u{b2}")));
        assert_eq!(ascii_digits("port \u{ff18}\u{ff10}"), "port 80");
    }

    #[test]
    fn identifiers_are_ascii_word_characters() {
        assert!(identifier("hello_world-1.2"));
        assert!(identifier("trailing\n"));
        assert!(!identifier("my job"));
        assert!(!identifier("café"));
        assert!(!identifier(""));
    }

    #[test]
    fn substitution_is_repeated_like_pystachio() {
        let with = serde_json::json!({"mesos.instance": 31337});
        let s = serde_json::json!(["{{arr[{{mesos.instance}}]}}", "{{mesos.instance}}"]);
        let out = eval(&call(Builtin::Refs, vec![lit(s), lit(with)]), J::Null);
        assert_eq!(out, serde_json::json!(["{{arr[31337]}}"]));
    }

    #[test]
    fn planner_cycles() {
        let n = serde_json::json!(["a", "b", "c"]);
        let ok = serde_json::json!([["a", "b"], ["b", "c"]]);
        let cyc = serde_json::json!([["a", "b"], ["b", "a"]]);
        assert!(acyclic(n.as_array().unwrap(), ok.as_array().unwrap()));
        assert!(!acyclic(n.as_array().unwrap(), cyc.as_array().unwrap()));
        let twice = serde_json::json!(["a", "a", "b"]);
        assert!(acyclic(twice.as_array().unwrap(), ok.as_array().unwrap()));
        assert!(!acyclic(twice.as_array().unwrap(), cyc.as_array().unwrap()));
    }
}
