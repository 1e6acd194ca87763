//! Emitting Nix: the generated job file of each config, and the job library of an output tree.
//!
//! A job file states only what differs from Aurora's defaults, calls the library's constructors
//! (`aurora.Job`, `aurora.Process`, ...), declares artifacts once at the top, and binds values
//! that occur more than once (a task, a process, resources) in one `let`. The file is rendered
//! from the handlebars template `templates/job.nix.hbs`, its values laid out by [`super::layout`]
//! as alejandra lays them out, so it is byte-identical on every run and unchanged by the
//! standard formatter. Only this module writes Nix text.

use super::layout::{Doc, Entry};
use super::quote as nix;
use super::render::{render_template, EmitError};
use crate::aurora::jobs;
use crate::aurora::schema::{resolve_default, Schema, StructType, TypeRef};
use crate::packages::{Input, REF};
use serde::Serialize;
use serde_json::Value as J;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An input declared at the top of a job file.
#[derive(Clone, Debug, PartialEq)]
pub struct Artifact {
    /// The `let` binding name.
    pub name: String,
    /// The Nix expression (`fetchurl { ... }`, `builtins.path { ... }`), or `None` for an
    /// input with neither a URL nor a path (bound to `null`).
    pub expr: Option<Doc>,
    /// A one-line comment shown above it (where it came from).
    pub comment: String,
}

/// The Nix expression that fetches an input, with a comment saying where it came from.
/// Names a job file binds or uses besides its own `let` bindings: the function's arguments and
/// the builtins its expressions call. No binding may shadow them.
const RESERVED: &[&str] = &[
    "aurora",
    "fetchurl",
    "artifactsOnly",
    "builtins",
    "import",
    "true",
    "false",
    "null",
];

/// The identifier of an input in the job file: its name, or, when that is a keyword or a
/// reserved name, the name primed (`let'`), which no other input name can be.
pub fn input_ident(name: &str) -> String {
    if nix::is_identifier(name) && !RESERVED.contains(&name) {
        name.to_string()
    } else {
        format!("{name}'")
    }
}

pub fn artifact(i: &Input) -> Result<Artifact, EmitError> {
    let bind = |k: &str, v: String| Entry::Bind(k.into(), Doc::atom(v));
    let (expr, comment) = match (&i.url, &i.path) {
        (Some(url), _) => (
            Some(Doc::apply(
                Doc::atom("fetchurl"),
                Doc::set(vec![
                    bind("url", nix::string(url)?),
                    bind("name", nix::string(&i.store_name)?),
                    bind("hash", nix::string(&i.sri())?),
                ]),
            )),
            nix::comment(&format!("fetched by the config from {}", i.source)),
        ),
        (None, Some(path)) => (
            Some(Doc::apply(
                Doc::select("builtins", "path"),
                Doc::set(vec![
                    bind("path", nix::path(path)?),
                    bind("name", nix::string(&i.store_name)?),
                    bind("sha256", nix::string(&i.hex)?),
                    bind("recursive", "false".into()),
                ]),
            )),
            nix::comment(&format!("copied by the config from {}", i.source)),
        ),
        (None, None) => (None, String::new()),
    };
    Ok(Artifact {
        name: input_ident(&i.binding),
        expr,
        comment,
    })
}

/// What a job file is made of.
pub struct JobFile<'a> {
    /// The config's path, relative to the project root.
    pub source: &'a str,
    /// The command that regenerates the file, for its header.
    pub regenerate: &'a str,
    /// How many folders below the output root the job file is (`aurora-lib.nix` is at the root).
    pub depth: usize,
    pub artifacts: &'a [Artifact],
    /// The jobs' JSON (after package rewrites; artifact references as [`artifact_ref`],
    /// parameters as [`param_marker`]).
    pub jobs: &'a [J],
    /// The file's arguments besides `aurora`, `fetchurl` and `artifactsOnly`: the submit-time
    /// parameters its jobs use ([`param_ident`]s), in order. With none the file is a job file
    /// as before; with some, the jobs are `aurora.jobsWith { inherit ...; } [ ... ]`.
    pub params: &'a [FileParam],
}

/// An argument of a job file for a submit-time parameter.
pub struct FileParam {
    /// The Nix argument ([`param_ident`]).
    pub ident: String,
    /// Its default, when the user asked for the samples as defaults.
    pub default: Option<String>,
}

/// The template's context: every value already laid out at its place in the file.
#[derive(Serialize)]
struct FileContext {
    source: String,
    regenerate: String,
    lib_path: String,
    uses_fetchurl: bool,
    has_let: bool,
    /// Each `let` binding (`name = value;`), with a comment line above an artifact's.
    bindings: Vec<Binding>,
    /// The indentation of the body (`if artifactsOnly ...`): one level inside a `let`.
    indent: &'static str,
    /// `{inherit a;}`, the set of inputs.
    artifact_set: String,
    /// Each job, `(aurora.Job { ... })`.
    jobs: Vec<String>,
    /// The parameters, each `NAME ? DEFAULT` (the library's error without a default).
    params: Vec<ParamArg>,
    /// Some parameter has a default (a sample value).
    param_defaults: bool,
    /// `{inherit a b;}`: the parameters, checked by `aurora.jobsWith`.
    param_set: String,
}

#[derive(Serialize)]
struct ParamArg {
    ident: String,
    default: String,
}

#[derive(Serialize)]
struct Binding {
    comment: Option<String>,
    text: String,
}

/// Renders a job file.
pub fn job_file(f: &JobFile, schema: &Schema) -> Result<String, EmitError> {
    let mut tree = Tree::default();
    let mut roots = Vec::new();
    for job in f.jobs {
        roots.push(tree.job(job, schema)?);
    }
    let shared = tree.choose_shared(&roots);
    let mut names: BTreeMap<usize, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> = f.artifacts.iter().map(|a| a.name.clone()).collect();
    taken.extend(RESERVED.iter().map(|r| r.to_string()));
    for FileParam { ident: p, .. } in f.params {
        if !taken.insert(p.clone()) {
            return Err(EmitError(format!(
                "parameter {p} has the name of one of the file's inputs: rename the parameter"
            )));
        }
    }
    for &id in &shared {
        let base = tree.nodes[id].name_hint.clone();
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        taken.insert(name.clone());
        names.insert(id, name);
    }
    let by_class: HashMap<usize, &String> = names
        .iter()
        .map(|(id, n)| (tree.nodes[*id].class, n))
        .collect();
    let mut shared_bindings: Vec<(&String, Doc)> = names
        .iter()
        .map(|(id, name)| (name, tree.render(*id, &by_class, true)))
        .collect();
    shared_bindings.sort_by(|a, b| a.0.cmp(b.0));
    let mut bindings: Vec<Binding> = f
        .artifacts
        .iter()
        .map(|a| Binding {
            // alejandra trims the ends of comment lines.
            comment: Some(format!("# {}", a.comment).trim_end().to_string()),
            text: Doc::binding(&a.name, a.expr.as_ref().unwrap_or(&Doc::atom("null")), 1),
        })
        .collect();
    bindings.extend(shared_bindings.iter().map(|(name, doc)| Binding {
        comment: None,
        text: Doc::binding(name, doc, 1),
    }));
    let has_let = !bindings.is_empty();
    // The body sits one level deeper inside a `let`; the jobs two more (`else`, the list).
    let body = has_let as usize;
    let artifact_set = Doc::set(
        f.artifacts
            .iter()
            .map(|a| Entry::Inherit(a.name.clone()))
            .collect(),
    )
    .layout(body);
    let jobs = roots
        .iter()
        .map(|id| Doc::paren(tree.render(*id, &by_class, false)).item(body + 2))
        .collect();
    let idents: Vec<&str> = f.params.iter().map(|p| p.ident.as_str()).collect();
    let ctx = FileContext {
        source: nix::comment(f.source),
        regenerate: nix::comment(f.regenerate),
        lib_path: nix::path(&format!("{}aurora-lib.nix", "../".repeat(f.depth)))?,
        uses_fetchurl: f.artifacts.iter().any(|a| {
            a.expr
                .as_ref()
                .is_some_and(|e| e.flat().starts_with("fetchurl "))
        }),
        has_let,
        bindings,
        indent: if has_let { "  " } else { "" },
        artifact_set,
        jobs,
        params: (f.params.iter())
            .map(|p| {
                let default = match &p.default {
                    Some(v) => nix::string(v)?,
                    None => format!("aurora.missingParam {}", nix::string(&p.ident)?),
                };
                Ok(ParamArg {
                    ident: p.ident.clone(),
                    default,
                })
            })
            .collect::<Result<_, EmitError>>()?,
        param_defaults: f.params.iter().any(|p| p.default.is_some()),
        param_set: Doc::set(vec![Entry::Inherit(idents.join(" "))]).layout(body + 1),
    };
    render_template("job", &ctx)
}

// ------------------------------------------------------------------------------------------------
// Expression trees with sharing.

/// A value of the tree, its children by index.
#[derive(Debug)]
enum Shape {
    Leaf(Doc),
    /// A set (`{ k = v; }`), applied to the library's constructor (`aurora.Job { ... }`) if it
    /// has one.
    Set(Option<String>, Vec<(String, usize)>),
    List(Vec<usize>),
    Paren(usize),
}

#[derive(Debug)]
struct Node {
    shape: Shape,
    /// The value's class: nodes of one class are the same Nix value written the same way (the
    /// same constructor, keys and child classes; leaves the same text), so one `let` binding
    /// can stand for all of them.
    class: usize,
    /// The length of the value's text on one line with every child inlined: the larger of two
    /// shared values is bound first.
    width: usize,
    /// Whether this value may become a `let` binding.
    shareable: bool,
    name_hint: String,
}

/// What makes two nodes one class (children by class).
#[derive(Hash, PartialEq, Eq)]
enum ClassKey {
    Leaf(String),
    Set(Option<String>, Vec<(String, usize)>),
    List(Vec<usize>),
    Paren(usize),
}

#[derive(Default)]
struct Tree {
    nodes: Vec<Node>,
    classes: HashMap<ClassKey, usize, foldhash::fast::RandomState>,
}

fn snake(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push('_');
        }
    }
    out
}

/// Byte sizes as the config wrote them: `ram = 512 * aurora.MB` rather than `536870912`.
fn byte_size(field: &str, v: &J, schema: &Schema) -> Option<Doc> {
    if !schema.byte_sizes.iter().any(|f| f == field) {
        return None;
    }
    let n = v.as_i64().filter(|_| !v.is_f64())?;
    schema.byte_units.iter().find_map(|unit| {
        let size = *schema.constants.get(unit)?;
        (size > 0 && n >= size && n % size == 0).then(|| {
            Doc::bin_op(
                Doc::atom(nix::int(n / size)),
                "*",
                Doc::select("aurora", unit),
            )
        })
    })
}

fn same_value(a: &J, b: &J) -> bool {
    match (a, b) {
        (J::Number(x), J::Number(y)) => x.as_f64() == y.as_f64(),
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(p, q))
        }
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}

/// The alternative of a Choice whose fields accept every key of the object.
fn choose_alt<'a>(alts: &'a [TypeRef], v: &J, schema: &'a Schema) -> Option<&'a StructType> {
    let J::Object(m) = v else { return None };
    alts.iter().find_map(|a| match a {
        TypeRef::Struct { name } => schema.get(name).filter(|st| {
            m.keys().all(|k| st.field(k).is_some())
                && st
                    .fields
                    .iter()
                    .all(|f| !f.required || m.contains_key(&f.name))
        }),
        _ => None,
    })
}

impl Shape {
    /// The children, without allocating (counting walks the tree once per chosen binding).
    fn children(&self) -> impl Iterator<Item = usize> + '_ {
        let (entries, items, one): (&[(String, usize)], &[usize], Option<usize>) = match self {
            Shape::Leaf(_) => (&[], &[], None),
            Shape::Set(_, entries) => (entries, &[], None),
            Shape::List(items) => (&[], items, None),
            Shape::Paren(c) => (&[], &[], Some(*c)),
        };
        entries
            .iter()
            .map(|e| e.1)
            .chain(items.iter().copied())
            .chain(one)
    }
}

impl Tree {
    fn push(&mut self, shape: Shape, shareable: bool, name_hint: String) -> usize {
        let node = |c: &usize| &self.nodes[*c];
        // The width of `aurora.C { k = v; }`, `{ k = v; }`, `[ a b ]` and `(v)` on one line.
        let (key, width) = match &shape {
            Shape::Leaf(d) => {
                let text = d.flat();
                let width = text.len();
                (ClassKey::Leaf(text), width)
            }
            Shape::Set(ctor, entries) => (
                ClassKey::Set(
                    ctor.clone(),
                    (entries.iter())
                        .map(|(k, c)| (k.clone(), node(c).class))
                        .collect(),
                ),
                ctor.as_ref().map_or(1, |c| c.len() + 9)
                    + (entries.iter())
                        .map(|(k, c)| k.len() + node(c).width + 5)
                        .sum::<usize>()
                    + 2,
            ),
            Shape::List(items) => (
                ClassKey::List(items.iter().map(|c| node(c).class).collect()),
                1 + items.iter().map(|c| node(c).width + 1).sum::<usize>() + 2,
            ),
            Shape::Paren(c) => (ClassKey::Paren(node(c).class), node(c).width + 2),
        };
        let fresh = self.classes.len();
        let class = *self.classes.entry(key).or_insert(fresh);
        self.nodes.push(Node {
            shape,
            class,
            width,
            shareable,
            name_hint,
        });
        self.nodes.len() - 1
    }

    fn leaf(&mut self, doc: Doc) -> usize {
        self.push(Shape::Leaf(doc), false, String::new())
    }

    fn job(&mut self, job: &J, schema: &Schema) -> Result<usize, EmitError> {
        let st = schema
            .job()
            .ok_or_else(|| EmitError("internal error: the schema has no Job".into()))?;
        // A template the job matches (`Service`) is its constructor; it states those fields.
        let template = schema
            .templates
            .iter()
            .find(|t| t.fields.iter().all(|(k, v)| job.get(k) == Some(v)));
        let (ctor, skip): (&str, Vec<&str>) = match template {
            Some(t) => (&t.name, t.fields.keys().map(String::as_str).collect()),
            None => ("Job", Vec::new()),
        };
        self.structure(job, st, schema, Some(ctor), &skip)
    }

    fn structure(
        &mut self,
        v: &J,
        st: &StructType,
        schema: &Schema,
        ctor: Option<&str>,
        skip: &[&str],
    ) -> Result<usize, EmitError> {
        let J::Object(m) = v else {
            return Err(EmitError(format!("expected a {} object, got {v}", st.name)));
        };
        let is_job = schema.job().is_some_and(|j| j.name == st.name);
        // Nested structs are plain attribute sets: the job's constructor checks them with a path
        // that names the job (`MesosJob[c/r/e/n].task.processes[0].cmdline`). Choice alternatives
        // keep their constructor, which says which alternative is meant.
        let mut entries = Vec::new();
        let mut keys: Vec<&String> = m.keys().collect();
        keys.sort();
        for k in keys {
            if skip.contains(&k.as_str()) {
                continue;
            }
            let field = st.field(k).ok_or_else(|| {
                EmitError(format!(
                    "the job has a field {}.{k} that the schema does not define",
                    st.name
                ))
            })?;
            // A job always states its key, even a name that defaults to its task's: the job key
            // is what readers look for.
            let keep = is_job && jobs::KEY.contains(&k.as_str());
            if let Some(d) = &field.default {
                if !keep && same_value(&resolve_default(d, m), &m[k]) {
                    continue;
                }
            }
            let child = match byte_size(k, &m[k], schema) {
                Some(doc) => self.leaf(doc),
                None => self.value(&m[k], &field.ty, schema)?,
            };
            entries.push((nix::attr_name(k)?, child));
        }
        let name = m
            .get("name")
            .and_then(J::as_str)
            .map(|n| format!("{}_{}", snake(&st.name), snake(n)))
            .unwrap_or_else(|| snake(&st.name));
        let shareable = schema.shared.contains(&st.name);
        let ctor = ctor.map(str::to_string);
        Ok(self.push(Shape::Set(ctor, entries), shareable, name))
    }

    fn value(&mut self, v: &J, ty: &TypeRef, schema: &Schema) -> Result<usize, EmitError> {
        match (ty, v) {
            (TypeRef::Struct { name }, _) => {
                let st = schema.get(name).ok_or_else(|| {
                    EmitError(format!("internal error: no struct {name} in the schema"))
                })?;
                self.structure(v, st, schema, None, &[])
            }
            (TypeRef::Choice { alts, .. }, J::Object(_)) => match choose_alt(alts, v, schema) {
                Some(st) => {
                    let id = self.structure(v, st, schema, Some(&st.name.clone()), &[])?;
                    Ok(self.paren(id))
                }
                None => Ok(self.leaf(json(v)?)),
            },
            (TypeRef::List { elem }, J::Array(items)) => {
                let items = items
                    .iter()
                    .map(|item| self.value(item, elem, schema))
                    .collect::<Result<_, _>>()?;
                Ok(self.push(Shape::List(items), false, String::new()))
            }
            (TypeRef::Map { value, .. }, J::Object(m)) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                let mut entries = Vec::new();
                for k in keys {
                    let c = self.value(&m[k], value, schema)?;
                    entries.push((key(k)?, c));
                }
                Ok(self.push(Shape::Set(None, entries), false, String::new()))
            }
            (_, J::String(s)) => Ok(self.leaf(Doc::atom(string_with_refs(s)?))),
            _ => Ok(self.leaf(json(v)?)),
        }
    }

    /// Wraps a struct constructor call in parentheses (a list element or a binding needs them).
    fn paren(&mut self, id: usize) -> usize {
        let hint = self.nodes[id].name_hint.clone();
        let shareable = self.nodes[id].shareable;
        self.nodes[id].shareable = false;
        self.push(Shape::Paren(id), shareable, hint)
    }

    /// Counts visible occurrences of each shareable class (into `acc`, by class), with the
    /// `chosen` classes as leaves.
    fn count(&self, id: usize, chosen: &[bool], is_def: bool, acc: &mut [usize]) {
        let n = &self.nodes[id];
        if n.shareable {
            acc[n.class] += 1;
            if chosen[n.class] && !is_def {
                return;
            }
        }
        for c in n.shape.children() {
            self.count(c, chosen, false, acc);
        }
    }

    /// Picks values to bind in `let`: any shareable value that still occurs twice, largest first.
    fn choose_shared(&self, roots: &[usize]) -> Vec<usize> {
        let mut chosen_ids: Vec<usize> = Vec::new();
        let mut chosen = vec![false; self.classes.len()];
        let mut acc = vec![0; self.classes.len()];
        loop {
            acc.fill(0);
            for r in roots {
                self.count(*r, &chosen, false, &mut acc);
            }
            for c in &chosen_ids {
                self.count(*c, &chosen, true, &mut acc);
            }
            let best = (0..self.nodes.len())
                .filter(|&i| {
                    let n = &self.nodes[i];
                    n.shareable && !chosen[n.class] && acc[n.class] >= 2
                })
                .max_by_key(|&i| (self.nodes[i].width, std::cmp::Reverse(i)));
            match best {
                Some(i) => {
                    chosen[self.nodes[i].class] = true;
                    chosen_ids.push(i);
                }
                None => break,
            }
        }
        chosen_ids
    }

    /// The value as a [`Doc`], shared values by their `let` name.
    fn render(&self, id: usize, shared: &HashMap<usize, &String>, is_def: bool) -> Doc {
        let n = &self.nodes[id];
        if n.shareable && !is_def {
            if let Some(name) = shared.get(&n.class) {
                return Doc::atom(name.as_str());
            }
        }
        match &n.shape {
            Shape::Leaf(d) => d.clone(),
            Shape::Set(ctor, entries) => {
                let set = Doc::set(
                    entries
                        .iter()
                        .map(|(k, c)| Entry::Bind(k.clone(), self.render(*c, shared, false)))
                        .collect(),
                );
                match ctor {
                    Some(c) => Doc::apply(Doc::select("aurora", c), set),
                    None => set,
                }
            }
            Shape::List(items) => Doc::list(
                items
                    .iter()
                    .map(|c| self.render(*c, shared, false))
                    .collect(),
            ),
            Shape::Paren(c) => Doc::paren(self.render(*c, shared, false)),
        }
    }
}

/// A JSON value as a Nix value (objects become sets with sorted keys).
fn json(v: &J) -> Result<Doc, EmitError> {
    Ok(match v {
        J::Array(items) => Doc::list(items.iter().map(json).collect::<Result<_, _>>()?),
        J::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let mut entries = Vec::new();
            for k in keys {
                entries.push(Entry::Bind(key(k)?, json(&m[k])?));
            }
            Doc::set(entries)
        }
        J::Number(_) => Doc::number(&nix::json(v)?),
        J::String(s) => Doc::atom(string_with_refs(s)?),
        _ => Doc::atom(nix::json(v)?),
    })
}

/// A data key: a name, or, when it holds a reference, a string with its interpolations (a
/// set literal's name may be one).
fn key(k: &str) -> Result<String, EmitError> {
    if k.contains([REF, PARAM]) {
        string_with_refs(k)
    } else {
        Ok(nix::data_key(k)?)
    }
}

/// Marks a submit-time parameter inside a string value: `\u{E001}ident\u{E001}`, where ident
/// is the job file's argument ([`param_ident`]).
pub const PARAM: char = '\u{E001}';

/// A reference to the job file's argument `ident` inside a JSON string.
pub fn param_marker(ident: &str) -> String {
    format!("{PARAM}{ident}{PARAM}")
}

/// The job file's argument for parameter `name` (a ref such as `version`, `NUM_CONTAINERS` or
/// `profile.version`): the name with each `.` written `_` (`profile_version`), which must be a
/// Nix identifier that names nothing else in the file.
pub fn param_ident(name: &str) -> Result<String, String> {
    let ident = name.replace('.', "_");
    let plain = name.split('.').all(|part| {
        part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    if !plain {
        return Err(format!(
            "parameter {name:?}: a parameter is a ref made of names joined by `.` \
             (version, NUM_CONTAINERS, profile.version)"
        ));
    }
    if !nix::is_identifier(&ident) || RESERVED.contains(&ident.as_str()) {
        return Err(format!(
            "parameter {name:?}: its Nix argument would be `{ident}`, which Nix or the job \
             file already uses"
        ));
    }
    Ok(ident)
}

/// A Nix string for `s`, with [`artifact_ref`] markers turned into `${name}` interpolations
/// of inputs and [`param_marker`]s into `${ident}` interpolations of arguments.
pub fn string_with_refs(s: &str) -> Result<String, EmitError> {
    if !s.contains([REF, PARAM]) {
        return Ok(nix::string(s)?);
    }
    let mut out = String::from("\"");
    let mut rest = s;
    // Alternately text and a marked name; `marker` is the character that opened the name.
    let mut marker = None;
    while !rest.is_empty() || marker.is_some() {
        let end = match marker {
            Some(m) => rest.find(m),
            None => rest.find([REF, PARAM]),
        };
        let Some(end) = end else {
            if marker.is_some() {
                return Err(EmitError(format!("a reference is not closed in {s:?}")));
            }
            let q = nix::string(rest)?;
            out.push_str(&q[1..q.len() - 1]);
            break;
        };
        let piece = &rest[..end];
        let next = rest[end..].chars().next();
        rest = &rest[end + next.map_or(0, char::len_utf8)..];
        if let Some(m) = marker.take() {
            let ident = if m == REF {
                input_ident(piece)
            } else {
                piece.to_string()
            };
            out.push_str(&format!("${{{ident}}}"));
        } else {
            marker = next;
            let q = nix::string(piece)?;
            let body = &q[1..q.len() - 1];
            // `$${` is a literal in Nix: a `$` right before an interpolation must be escaped.
            match body.strip_suffix('$') {
                Some(head) if !body.ends_with("\\$") => {
                    out.push_str(head);
                    out.push_str("\\$");
                }
                _ => out.push_str(body),
            }
        }
    }
    out.push('"');
    Ok(out)
}
