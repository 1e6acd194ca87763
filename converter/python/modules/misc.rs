//! The small modules: `itertools`, `functools`, `string`, `textwrap`, `math`, `sys`, and the
//! clock modules `time` and `datetime`, which import but refuse to read the clock.

use crate::error::ExcKind;
use crate::ops::py_eq;
use crate::value::Module;
use crate::value::Vm;
use crate::value::{raise, sandbox, R};
use crate::value::{Args, NativeFn, Value};

pub(super) static ITERTOOLS: &[NativeFn] = &[
    NativeFn::new("chain", chain),
    NativeFn::new("product", product),
    NativeFn::family("izip", builtin, "zip"),
    NativeFn::family("imap", builtin, "map"),
    NativeFn::family("ifilter", builtin, "filter"),
    NativeFn::new("combinations", combinations),
    NativeFn::new("permutations", permutations),
    NativeFn::new("islice", islice),
    NativeFn::new("repeat", repeat),
    NativeFn::new("groupby", groupby),
];

pub(super) static FUNCTOOLS: &[NativeFn] = &[NativeFn::family("reduce", builtin, "reduce")];

static STRING: &[NativeFn] = &[
    NativeFn::new("join", string_join),
    NativeFn::family("split", string_method, "split"),
    NativeFn::family("upper", string_method, "upper"),
    NativeFn::family("lower", string_method, "lower"),
    NativeFn::family("strip", string_method, "strip"),
    NativeFn::family("replace", string_method, "replace"),
    NativeFn::family("capitalize", string_method, "capitalize"),
];

pub(super) static TEXTWRAP: &[NativeFn] = &[
    NativeFn::new("dedent", dedent),
    NativeFn::new("fill", fill),
    NativeFn::new("wrap", wrap),
];

pub(super) static MATH: &[NativeFn] = &[
    NativeFn::new("ceil", ceil),
    NativeFn::new("floor", floor),
    NativeFn::new("sqrt", sqrt),
    NativeFn::new("log", log),
    NativeFn::new("fabs", fabs),
    NativeFn::new("pow", math_pow),
];

static STREAM: &[NativeFn] = &[
    NativeFn::new("write", nothing),
    NativeFn::new("flush", nothing),
];

pub(super) static TIME: &[NativeFn] = &[
    NativeFn::family("time", clock, "time.time"),
    NativeFn::family("strftime", clock, "time.strftime"),
    NativeFn::family("localtime", clock, "time.localtime"),
    NativeFn::family("gmtime", clock, "time.gmtime"),
];

static DATETIME: &[NativeFn] = &[
    NativeFn::family("now", clock, "datetime.datetime.now"),
    NativeFn::family("utcnow", clock, "datetime.datetime.utcnow"),
    NativeFn::family("today", clock, "datetime.datetime.today"),
];

static DATE: &[NativeFn] = &[NativeFn::family("today", clock, "datetime.date.today")];

/// The builtin a module function is an alias of.
fn builtin(it: &mut dyn Vm, name: &'static str, a: Args) -> R<Value> {
    match crate::builtins::lookup(name) {
        Some(f) => it.call(&f, a),
        None => Err(raise(
            ExcKind::NameError,
            format!("name '{name}' is not defined"),
        )),
    }
}

fn chain(it: &mut dyn Vm, a: Args) -> R<Value> {
    let mut out = Vec::new();
    for x in &a.pos {
        let items = crate::ops::iterate(x, &it.budget())?;
        it.budget().grow_items(out.len(), items.len())?;
        out.extend(items);
    }
    Ok(Value::list(out))
}

fn product(it: &mut dyn Vm, a: Args) -> R<Value> {
    let repeat = match a.kwarg("repeat") {
        None => 1,
        Some(Value::Int(i)) => *i,
        Some(_) => return Err(raise(ExcKind::TypeError, "repeat must be an integer")),
    };
    let b = it.budget();
    let pools = a
        .pos
        .iter()
        .map(|x| crate::ops::iterate(x, &b))
        .collect::<R<Vec<_>>>()?;
    let mut out: Vec<Vec<Value>> = vec![vec![]];
    for _ in 0..repeat.max(0) {
        for pool in &pools {
            // The next level's size is known before it is built: its tuples and their values.
            let n = out.len().saturating_mul(pool.len());
            let len = out.first().map_or(0, Vec::len) + 1;
            it.budget().items(n)?;
            it.budget().bytes(n.saturating_mul(tuple_bytes(len)))?;
            let mut next = Vec::with_capacity(out.len() * pool.len());
            for prefix in &out {
                for x in pool {
                    let mut p = prefix.clone();
                    p.push(x.clone());
                    next.push(p);
                }
            }
            out = next;
        }
    }
    Ok(Value::list(out.into_iter().map(Value::tuple).collect()))
}

/// What a tuple of `len` values takes: the values and the tuple itself.
fn tuple_bytes(len: usize) -> usize {
    const TUPLE: usize = 48;
    TUPLE + len.saturating_mul(std::mem::size_of::<Value>())
}

fn choose(
    it: &mut dyn Vm,
    pool: &[Value],
    r: usize,
    perm: bool,
    idx: &mut Vec<usize>,
    out: &mut Vec<Value>,
) -> R<()> {
    it.budget().step()?;
    if idx.len() == r {
        it.budget().grow_items(out.len(), 1)?;
        it.budget().bytes(tuple_bytes(r))?;
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
        choose(it, pool, r, perm, idx, out)?;
        idx.pop();
    }
    Ok(())
}

fn arrangements(it: &mut dyn Vm, a: Args, perm: bool) -> R<Value> {
    let name = if perm { "permutations" } else { "combinations" };
    let pool = crate::ops::iterate(a.req(0, name)?, &it.budget())?;
    let r = match a.get(1, "r") {
        Some(Value::Int(r)) if *r >= 0 => *r as usize,
        Some(Value::Int(_)) => return Err(raise(ExcKind::ValueError, "r must be non-negative")),
        _ if perm => pool.len(),
        _ => {
            return Err(raise(
                ExcKind::TypeError,
                "combinations() missing required argument 'r'",
            ))
        }
    };
    if r > pool.len() {
        return Ok(Value::list(vec![]));
    }
    let mut out = Vec::new();
    choose(it, &pool, r, perm, &mut Vec::new(), &mut out)?;
    Ok(Value::list(out))
}

fn combinations(it: &mut dyn Vm, a: Args) -> R<Value> {
    arrangements(it, a, false)
}

fn permutations(it: &mut dyn Vm, a: Args) -> R<Value> {
    arrangements(it, a, true)
}

fn islice(it: &mut dyn Vm, a: Args) -> R<Value> {
    let items = crate::ops::iterate(a.req(0, "islice")?, &it.budget())?;
    let ints = a.pos[1..]
        .iter()
        .map(|v| match v {
            Value::Int(i) => Ok(Some(*i)),
            Value::None => Ok(None),
            _ => Err(raise(
                ExcKind::ValueError,
                "Indices for islice() must be None or an integer",
            )),
        })
        .collect::<R<Vec<_>>>()?;
    let (start, stop, step) = match ints.as_slice() {
        [stop] => (0, *stop, 1),
        [start, stop] => (start.unwrap_or(0), *stop, 1),
        [start, stop, step] => (start.unwrap_or(0), *stop, step.unwrap_or(1)),
        _ => {
            return Err(raise(
                ExcKind::TypeError,
                "islice expected 2 to 4 arguments",
            ))
        }
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

fn repeat(it: &mut dyn Vm, a: Args) -> R<Value> {
    let x = a.req(0, "repeat")?.clone();
    match a.get(1, "times") {
        Some(Value::Int(n)) => {
            let n = (*n).max(0) as usize;
            it.budget().items(n)?;
            Ok(Value::list(vec![x; n]))
        }
        _ => Err(crate::value::limit(
            "itertools.repeat() without a count never ends",
        )),
    }
}

fn groupby(it: &mut dyn Vm, a: Args) -> R<Value> {
    let items = crate::ops::iterate(a.req(0, "groupby")?, &it.budget())?;
    let key = a
        .get(1, "key")
        .cloned()
        .filter(|k| !matches!(k, Value::None));
    let mut out: Vec<(Value, Vec<Value>)> = Vec::new();
    for x in items {
        let k = match &key {
            Some(f) => it.call(f, Args::new(vec![x.clone()], a.span))?,
            None => x.clone(),
        };
        let same = match out.last() {
            Some((lk, _)) => py_eq(lk, &k, &it.budget())?,
            None => false,
        };
        match out.last_mut() {
            Some((_, group)) if same => group.push(x),
            _ => out.push((k, vec![x])),
        }
    }
    Ok(Value::list(
        out.into_iter()
            .map(|(k, g)| Value::tuple(vec![k, Value::list(g)]))
            .collect(),
    ))
}

/// The `string` module.
pub(super) fn string() -> Value {
    let lower = "abcdefghijklmnopqrstuvwxyz";
    let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    Module::of(
        "string",
        STRING,
        vec![
            ("ascii_lowercase", Value::str(lower)),
            ("ascii_uppercase", Value::str(upper)),
            ("ascii_letters", Value::str(format!("{lower}{upper}"))),
            ("lowercase", Value::str(lower)),
            ("uppercase", Value::str(upper)),
            ("letters", Value::str(format!("{lower}{upper}"))),
            ("digits", Value::str("0123456789")),
            ("hexdigits", Value::str("0123456789abcdefABCDEF")),
            ("octdigits", Value::str("01234567")),
            (
                "punctuation",
                Value::str("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
            ),
            ("whitespace", Value::str("\t\n\x0b\x0c\r ")),
        ],
    )
}

fn string_join(it: &mut dyn Vm, a: Args) -> R<Value> {
    let sep = a.pos.get(1).cloned().unwrap_or(Value::str(" "));
    let items = a.req(0, "join")?.clone();
    let join = it.get_attr(&sep, "join")?;
    it.call(&join, Args::new(vec![items], a.span))
}

/// `string.upper(s, ...)` and friends: the `str` method of the same name.
fn string_method(it: &mut dyn Vm, name: &'static str, mut a: Args) -> R<Value> {
    if a.pos.is_empty() {
        return Err(raise(
            ExcKind::TypeError,
            format!("{name}() missing required argument 1"),
        ));
    }
    let recv = a.pos.remove(0);
    let method = it.get_attr(&recv, name)?;
    it.call(&method, a)
}

fn dedent_text(text: &str) -> String {
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

fn text_arg<'a>(a: &'a Args, name: &str) -> R<&'a str> {
    match a.req(0, name)? {
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

fn dedent(_: &mut dyn Vm, a: Args) -> R<Value> {
    Ok(Value::str(dedent_text(text_arg(&a, "dedent")?)))
}

fn wrapped(a: &Args, name: &str) -> R<Vec<String>> {
    let text = text_arg(a, name)?;
    let width = match a.get(1, "width") {
        Some(Value::Int(w)) => (*w).max(1) as usize,
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
    Ok(lines)
}

fn fill(_: &mut dyn Vm, a: Args) -> R<Value> {
    Ok(Value::str(wrapped(&a, "fill")?.join("\n")))
}

fn wrap(it: &mut dyn Vm, a: Args) -> R<Value> {
    let lines = wrapped(&a, "wrap")?;
    it.budget().items(lines.len())?;
    Ok(Value::list(lines.into_iter().map(Value::str).collect()))
}

fn num(v: &Value) -> R<f64> {
    crate::ops::num(v).ok_or_else(|| {
        raise(
            ExcKind::TypeError,
            format!("a float is required, not {}", v.type_name()),
        )
    })
}

fn unary_math(a: &Args, name: &str, f: fn(f64) -> f64) -> R<Value> {
    Ok(Value::Float(f(num(a.req(0, name)?)?)))
}

fn ceil(_: &mut dyn Vm, a: Args) -> R<Value> {
    unary_math(&a, "ceil", f64::ceil)
}

fn floor(_: &mut dyn Vm, a: Args) -> R<Value> {
    unary_math(&a, "floor", f64::floor)
}

fn fabs(_: &mut dyn Vm, a: Args) -> R<Value> {
    unary_math(&a, "fabs", f64::abs)
}

fn domain_error() -> crate::Error {
    raise(ExcKind::ValueError, "math domain error")
}

fn sqrt(_: &mut dyn Vm, a: Args) -> R<Value> {
    let x = num(a.req(0, "sqrt")?)?;
    if x < 0.0 {
        return Err(domain_error());
    }
    Ok(Value::Float(x.sqrt()))
}

fn log(_: &mut dyn Vm, a: Args) -> R<Value> {
    let x = num(a.req(0, "log")?)?;
    if x <= 0.0 {
        return Err(domain_error());
    }
    Ok(Value::Float(match a.pos.get(1) {
        Some(b) => x.ln() / num(b)?.ln(),
        None => x.ln(),
    }))
}

fn math_pow(_: &mut dyn Vm, a: Args) -> R<Value> {
    let (x, y) = (num(a.req(0, "pow")?)?, num(a.req(1, "pow")?)?);
    Ok(Value::Float(x.powf(y)))
}

fn nothing(_: &mut dyn Vm, _: Args) -> R<Value> {
    Ok(Value::None)
}

/// The `sys` module.
pub(super) fn sys() -> Value {
    Module::of(
        "sys",
        &[],
        vec![
            ("stdout", Module::of("sys.stdout", STREAM, vec![])),
            ("stderr", Module::of("sys.stderr", STREAM, vec![])),
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
    )
}

/// The `datetime` module: it imports, but reading the clock is refused.
pub(super) fn datetime() -> Value {
    Module::of(
        "datetime",
        &[],
        vec![
            (
                "datetime",
                Module::of("datetime.datetime", DATETIME, vec![]),
            ),
            ("date", Module::of("datetime.date", DATE, vec![])),
        ],
    )
}

fn clock(_: &mut dyn Vm, name: &'static str, _: Args) -> R<Value> {
    Err(sandbox(format!(
        "{name}() reads the clock: the result would differ on every evaluation"
    )))
}
