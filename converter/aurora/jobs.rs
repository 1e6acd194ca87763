//! The Aurora job document: the one owner of what its fields mean to Aurora.
//!
//! A job is keyed by `cluster/role/environment/name`; a task's `processes` and `constraints`
//! are sets to Aurora (their order means nothing); values are addressed by paths like
//! `task.processes[hello].cmdline` (set members by name, or by content when unnamed); numbers
//! compare numerically because Aurora reads `15` and `15.0` alike. Other layers read and edit
//! jobs through this module rather than by field name.

use pystachio::{Data, PObj};
use python::{Budget, SourceMap, Span, R};
use serde_json::Value as J;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The fields of a job key, in order.
pub const KEY: [&str; 4] = ["cluster", "role", "environment", "name"];

/// The fields `validate_job` requires, in the order it checks them.
pub const REQUIRED: [&str; 3] = ["cluster", "task", "role"];

/// The fields the client reads (interpolates) before `check()`, in order: `validate_job` reads
/// the task, `validate_config` the rest.
pub const READ_BEFORE_CHECK: [&str; 8] = [
    "task",
    "instances",
    "update_config",
    "health_check_config",
    "announce",
    "production",
    "tier",
    "constraints",
];

/// The client's standard bindings (`mesos.role`, `mesos.cluster`, `thermos.user`).
pub const STANDARD_BINDINGS: [(&str, &str); 3] = [
    ("mesos.role", "{{role}}"),
    ("mesos.cluster", "{{cluster}}"),
    ("thermos.user", "{{role}}"),
];

/// Lists that are sets to Aurora.
const SET_FIELDS: [&str; 2] = ["processes", "constraints"];

/// Whether a field holds a list that is a set to Aurora.
pub fn is_set_field(name: &str) -> bool {
    SET_FIELDS.contains(&name)
}

/// `cluster/role/environment/name` of a job (`?` for a missing part).
pub fn key(job: &J) -> String {
    KEY.iter()
        .map(|k| job.get(k).and_then(J::as_str).unwrap_or("?"))
        .collect::<Vec<_>>()
        .join("/")
}

/// The name of a job.
pub fn name(job: &J) -> Option<&str> {
    job.get("name").and_then(J::as_str)
}

/// The path of a field below `path`.
pub fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// How a set member is addressed: its `name`, else its JSON text.
fn member_key(item: &J) -> String {
    item.get("name")
        .and_then(J::as_str)
        .map(String::from)
        .unwrap_or_else(|| item.to_string())
}

/// The members of a set with their keys; a key that repeats is numbered (`hello#2`), so a
/// duplicate is a difference rather than a match.
pub fn keyed(items: &[J]) -> Vec<(String, &J)> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    items
        .iter()
        .map(|i| {
            let k = member_key(i);
            let n = seen.entry(k.clone()).or_default();
            *n += 1;
            let k = if *n == 1 { k } else { format!("{k}#{n}") };
            (k, i)
        })
        .collect()
}

/// The path (as [`join`] and [`keyed`] address values) of the first string of `v` holding
/// `needle`, in document order.
pub fn path_of_text(v: &J, needle: &str) -> Option<String> {
    fn walk(v: &J, path: &str, set: bool, needle: &str) -> Option<String> {
        match v {
            J::String(s) => s.contains(needle).then(|| path.to_string()),
            J::Object(m) => m
                .iter()
                .find_map(|(k, x)| walk(x, &join(path, k), is_set_field(k), needle)),
            J::Array(items) if set => keyed(items)
                .into_iter()
                .find_map(|(k, x)| walk(x, &format!("{path}[{k}]"), false, needle)),
            J::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, x)| walk(x, &format!("{path}[{i}]"), false, needle)),
            _ => None,
        }
    }
    walk(v, "", false, needle)
}

/// Normalizes a job document as Aurora reads it: integral floats as ints, set fields sorted.
pub fn normalize(v: &J) -> J {
    match v {
        J::Object(m) => J::Object(
            m.iter()
                .map(|(k, x)| {
                    let x = normalize(x);
                    let x = match x {
                        J::Array(mut items) if is_set_field(k) => {
                            items.sort_by_cached_key(|i| i.to_string());
                            J::Array(items)
                        }
                        x => x,
                    };
                    (k.clone(), x)
                })
                .collect(),
        ),
        J::Array(a) => J::Array(a.iter().map(normalize).collect()),
        J::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9e15 => J::from(f as i64),
            _ => v.clone(),
        },
        other => other.clone(),
    }
}

/// One difference between expected and actual JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// A JSON path like `task.processes[hello].cmdline`.
    pub path: String,
    pub expected: Option<J>,
    pub actual: Option<J>,
}

/// Every difference between two job documents, compared the way Aurora reads them.
pub fn differences(expected: &J, actual: &J) -> Vec<Difference> {
    let mut out = Vec::new();
    // The usual case, decided without normalizing (which copies both documents).
    if alike(expected, actual) {
        return out;
    }
    diff(
        &normalize(expected),
        &normalize(actual),
        String::new(),
        false,
        &mut out,
    );
    out
}

/// Whether two documents have no [`differences`] because they are equal member by member in
/// the same order, numbers compared by value as [`diff`] compares them (Nix prints `15.0` as
/// `15`). Documents that differ only in the order of a set field are not alike here, and are
/// left to [`differences`] to normalize.
fn alike(e: &J, a: &J) -> bool {
    match (e, a) {
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, p)| y.get(k).is_some_and(|q| alike(p, q)))
        }
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| alike(p, q))
        }
        (J::Number(x), J::Number(y)) => x.as_f64() == y.as_f64(),
        (x, y) => x == y,
    }
}

fn diff(e: &J, a: &J, path: String, as_set: bool, out: &mut Vec<Difference>) {
    match (e, a) {
        (J::Object(x), J::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => diff(p, q, join(&path, k), is_set_field(k), out),
                    (p, q) => out.push(Difference {
                        path: join(&path, k),
                        expected: p.cloned(),
                        actual: q.cloned(),
                    }),
                }
            }
        }
        (J::Array(x), J::Array(y)) if as_set => {
            let (xs, ys) = (keyed(x), keyed(y));
            for (k, xi) in &xs {
                match ys.iter().find(|(yk, _)| yk == k) {
                    Some((_, yi)) => diff(xi, yi, format!("{path}[{k}]"), false, out),
                    None => out.push(Difference {
                        path: format!("{path}[{k}]"),
                        expected: Some((*xi).clone()),
                        actual: None,
                    }),
                }
            }
            for (k, yi) in &ys {
                if !xs.iter().any(|(xk, _)| xk == k) {
                    out.push(Difference {
                        path: format!("{path}[{k}]"),
                        expected: None,
                        actual: Some((*yi).clone()),
                    });
                }
            }
        }
        (J::Array(x), J::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                diff(p, q, format!("{path}[{i}]"), false, out);
            }
        }
        (J::Number(x), J::Number(y)) if x.as_f64() == y.as_f64() => {}
        (x, y) if x == y => {}
        _ => out.push(Difference {
            path,
            expected: Some(e.clone()),
            actual: Some(a.clone()),
        }),
    }
}

/// `v` with every occurrence of each `(needle, text)` pair's needle, in its strings and object
/// keys, replaced by the pair's text (the pairs in order). A string that holds no needle is
/// copied as it is.
pub fn replace_text(v: &J, pairs: &[(String, String)]) -> J {
    let text = |s: &str| replace_in(s, pairs);
    match v {
        J::String(s) => text(s).map_or_else(|| v.clone(), J::String),
        J::Array(a) => J::Array(a.iter().map(|x| replace_text(x, pairs)).collect()),
        J::Object(m) => J::Object(
            m.iter()
                .map(|(k, x)| (text(k).unwrap_or_else(|| k.clone()), replace_text(x, pairs)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `s` with the pairs' needles replaced as [`replace_text`] does; `None` when it holds none.
pub fn replace_in(s: &str, pairs: &[(String, String)]) -> Option<String> {
    pairs
        .iter()
        .any(|(n, _)| s.contains(n.as_str()))
        .then(|| (pairs.iter()).fold(s.to_string(), |acc, (n, t)| acc.replace(n.as_str(), t)))
}

/// Where each value of an interpolated job was constructed, by JSON path. Values made inside a
/// library file (the prelude's defaults and helpers) point at no user line: the nearest
/// user-made parent stands for them.
pub fn origins(job: &Rc<PObj>, sources: &SourceMap, b: &Budget) -> R<Vec<(String, Span)>> {
    let mut out = Vec::new();
    walk(job, "", false, sources, b, &mut out)?;
    Ok(out)
}

fn walk(
    obj: &Rc<PObj>,
    path: &str,
    set: bool,
    sources: &SourceMap,
    b: &Budget,
    out: &mut Vec<(String, Span)>,
) -> R<()> {
    b.step()?;
    if let Some(span) = obj.origin.filter(|s| !sources.is_library(s.file)) {
        out.push((path.to_string(), span));
    }
    match &obj.data {
        Data::Struct(fields) => {
            if let Some(def) = obj.struct_def() {
                for (i, (name, _)) in def.fields.iter().enumerate() {
                    if let Some(f) = &fields[i] {
                        walk(f, &join(path, name), is_set_field(name), sources, b, out)?;
                    }
                }
            }
        }
        Data::List(items) => {
            let keys: Vec<String> = if set {
                let json = items
                    .iter()
                    .map(|i| pystachio::to_json(i, b))
                    .collect::<R<Vec<_>>>()?;
                keyed(&json).into_iter().map(|(k, _)| k).collect()
            } else {
                (0..items.len()).map(|i| i.to_string()).collect()
            };
            for (item, key) in items.iter().zip(keys) {
                walk(item, &format!("{path}[{key}]"), false, sources, b, out)?;
            }
        }
        Data::Map(entries) => {
            for (k, v) in entries.iter() {
                if let J::String(key) = pystachio::to_json(k, b)? {
                    walk(v, &join(path, &key), false, sources, b, out)?;
                }
            }
        }
        Data::Simple(_) | Data::Choice(_) => {}
    }
    Ok(())
}

/// The origin recorded for `path`, or for its nearest recorded parent.
pub fn origin_of(path: &str, origins: Option<&BTreeMap<String, String>>) -> Option<String> {
    let origins = origins?;
    let mut p = path.to_string();
    loop {
        if let Some(o) = origins.get(&p) {
            return Some(o.clone());
        }
        let cut = p.rfind(['.', '['])?;
        p.truncate(cut);
    }
}

// ---------------------------------------------------------------------------------------------
// Reading and editing a job's processes (for the package mapping).

/// Whether the job runs in a container image (which has no `/nix/store`).
pub fn in_container(job: &J) -> bool {
    job.get("container").is_some()
}

/// The task of a job.
pub fn task_mut(job: &mut J) -> Option<&mut J> {
    job.get_mut("task")
}

/// The processes of a task.
pub fn processes(task: &J) -> Option<&Vec<J>> {
    task.get("processes").and_then(J::as_array)
}

/// Replaces the processes of a task.
pub fn set_processes(task: &mut J, processes: Vec<J>) {
    task["processes"] = J::Array(processes);
}

/// A process's name.
pub fn process_name(p: &J) -> Option<&str> {
    p.get("name").and_then(J::as_str)
}

/// A process's command line.
pub fn cmdline(p: &J) -> Option<&str> {
    p.get("cmdline").and_then(J::as_str)
}

/// Replaces a process's command line.
pub fn set_cmdline(p: &mut J, cmdline: String) {
    p["cmdline"] = J::String(cmdline);
}

/// A new process with the schema's defaults.
pub fn new_process(name: &str, cmdline: &str, schema: &super::schema::Schema) -> J {
    let mut p = schema
        .at(&["task", "processes"])
        .map(|st| schema.defaults(&st.name))
        .unwrap_or_default();
    p.insert("name".into(), J::String(name.into()));
    p.insert("cmdline".into(), J::String(cmdline.into()));
    J::Object(p)
}

/// In every ordering constraint of a task, replaces the processes named in `removed` by
/// `replacement` (or drops them), keeping each name once.
pub fn reorder(task: &mut J, removed: &[String], replacement: Option<&str>) {
    let Some(J::Array(constraints)) = task.get_mut("constraints") else {
        return;
    };
    for c in constraints.iter_mut() {
        if let Some(J::Array(order)) = c.get_mut("order") {
            let mut new_order: Vec<J> = Vec::new();
            for n in order.iter() {
                let s = n.as_str().unwrap_or_default();
                let v = if removed.iter().any(|r| r == s) {
                    match replacement {
                        Some(r) => J::String(r.into()),
                        None => continue,
                    }
                } else {
                    n.clone()
                };
                if !new_order.contains(&v) {
                    new_order.push(v);
                }
            }
            *order = new_order;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A task's shape, as a job graph draws it.

/// What a drawing of a job's task shows: its processes, the order Thermos runs them in, and
/// its resources.
pub struct TaskShape<'a> {
    pub processes: Vec<ProcessShape<'a>>,
    /// Ordering constraints as `(before, after)` process names, each pair once: an
    /// `order(a, b, c)` constraint (`SequentialTask` writes one of all its processes) is
    /// `a → b → c`.
    pub order: Vec<(String, String)>,
    /// `cpu 1.0`, `ram 1 GiB`, ...: the task's resources in their order.
    pub resources: Vec<String>,
}

/// One process of a [`TaskShape`].
pub struct ProcessShape<'a> {
    pub name: String,
    /// What sets it apart in Thermos's run: `ephemeral`, `daemon`, `final`, and always its
    /// `max_failures`.
    pub traits: Vec<String>,
    /// The process as JSON (for what its strings name).
    pub json: &'a J,
}

/// The shape of a job's task (empty where the job has no task).
pub fn task_shape(job: &J) -> TaskShape<'_> {
    let task = job.get("task");
    let processes = task
        .and_then(processes)
        .map(|ps| ps.iter().map(process_shape).collect())
        .unwrap_or_default();
    let mut order = Vec::new();
    for c in task
        .and_then(|t| t.get("constraints"))
        .and_then(J::as_array)
        .into_iter()
        .flatten()
    {
        let names: Vec<&str> = c
            .get("order")
            .and_then(J::as_array)
            .into_iter()
            .flatten()
            .filter_map(J::as_str)
            .collect();
        for pair in names.windows(2) {
            let edge = (pair[0].to_string(), pair[1].to_string());
            if !order.contains(&edge) {
                order.push(edge);
            }
        }
    }
    let resources = task
        .and_then(|t| t.get("resources"))
        .and_then(J::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| match (k.as_str(), v.as_i64()) {
            ("ram" | "disk", Some(n)) => format!("{k} {}", bytes(n)),
            _ => format!("{k} {}", scalar(v)),
        })
        .collect();
    TaskShape {
        processes,
        order,
        resources,
    }
}

fn process_shape(p: &J) -> ProcessShape<'_> {
    let mut traits: Vec<String> = ["ephemeral", "daemon", "final"]
        .into_iter()
        .filter(|t| p.get(*t).and_then(J::as_bool) == Some(true))
        .map(String::from)
        .collect();
    if let Some(n) = p.get("max_failures").filter(|v| !v.is_null()) {
        traits.push(format!("max_failures {}", scalar(n)));
    }
    ProcessShape {
        name: process_name(p).unwrap_or("?").to_string(),
        traits,
        json: p,
    }
}

/// A value as its text: strings bare, others as JSON.
fn scalar(v: &J) -> String {
    v.as_str().map_or_else(|| v.to_string(), String::from)
}

/// A byte count in the largest binary unit that divides it (`1 GiB`, `512 MiB`, `1000 B`).
fn bytes(n: i64) -> String {
    const UNITS: [(&str, i64); 4] = [
        ("TiB", 1 << 40),
        ("GiB", 1 << 30),
        ("MiB", 1 << 20),
        ("KiB", 1 << 10),
    ];
    UNITS
        .iter()
        .find(|(_, size)| n != 0 && n % size == 0)
        .map_or_else(
            || format!("{n} B"),
            |(unit, size)| format!("{} {unit}", n / size),
        )
}
