//! Emitting Nix: the generated job file of each config, and the job library of an output tree.
//!
//! A job file states only what differs from Aurora's defaults, calls the library's constructors
//! (`aurora.Job`, `aurora.Process`, ...), declares artifacts once at the top, and binds values
//! that occur more than once (a task, a process, resources) in one `let`. The text is rendered
//! from handlebars templates in `templates/` and formatted by alejandra, so it is byte-identical
//! on every run and stable under the standard formatter. Only this module writes Nix text.

use super::quote as nix;
use super::render::{render, EmitError};
use crate::aurora::jobs;
use crate::aurora::schema::{resolve_default, Schema, StructType, TypeRef};
use crate::packages::{Input, REF};
use serde::Serialize;
use serde_json::Value as J;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An input declared at the top of a job file.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Artifact {
    /// The `let` binding name.
    pub name: String,
    /// The Nix expression (`fetchurl { ... }`, `builtins.path { ... }`).
    pub expr: String,
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
    let (expr, comment) = match (&i.url, &i.path) {
        (Some(url), _) => (
            format!(
                "fetchurl {{ url = {}; name = {}; hash = {}; }}",
                nix::string(url)?,
                nix::string(&i.store_name)?,
                nix::string(&i.sri())?
            ),
            nix::comment(&format!("fetched by the config from {}", i.source)),
        ),
        (None, Some(path)) => (
            format!(
                "builtins.path {{ path = {}; name = {}; sha256 = {}; recursive = false; }}",
                nix::path(path)?,
                nix::string(&i.store_name)?,
                nix::string(&i.hex)?
            ),
            nix::comment(&format!("copied by the config from {}", i.source)),
        ),
        (None, None) => ("null".into(), String::new()),
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
    /// The jobs' JSON (after package rewrites; artifact references as [`artifact_ref`]).
    pub jobs: &'a [J],
}

#[derive(Serialize)]
struct FileContext<'a> {
    source: String,
    regenerate: String,
    lib_path: String,
    uses_fetchurl: bool,
    has_let: bool,
    artifacts: &'a [Artifact],
    bindings: Vec<Binding>,
    jobs: Vec<String>,
}

#[derive(Serialize)]
struct Binding {
    name: String,
    expr: String,
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
    let by_text: HashMap<&str, &String> = names
        .iter()
        .map(|(id, n)| (tree.nodes[*id].full.as_str(), n))
        .collect();
    let mut bindings: Vec<Binding> = names
        .iter()
        .map(|(id, name)| Binding {
            name: name.clone(),
            expr: tree.render(*id, &by_text, true),
        })
        .collect();
    bindings.sort_by(|a, b| a.name.cmp(&b.name));
    let jobs = roots
        .iter()
        .map(|id| tree.render(*id, &by_text, false))
        .collect();
    let ctx = FileContext {
        source: nix::comment(f.source),
        regenerate: nix::comment(f.regenerate),
        lib_path: nix::path(&format!("{}aurora-lib.nix", "../".repeat(f.depth)))?,
        uses_fetchurl: f.artifacts.iter().any(|a| a.expr.contains("fetchurl")),
        has_let: !f.artifacts.is_empty() || !bindings.is_empty(),
        artifacts: f.artifacts,
        bindings,
        jobs,
    };
    render("job", &ctx, f.source)
}

// ------------------------------------------------------------------------------------------------
// Expression trees with sharing.

#[derive(Debug)]
enum Part {
    Lit(String),
    Child(usize),
}

#[derive(Debug)]
struct Node {
    parts: Vec<Part>,
    /// The full text with every child inlined; identical values have identical text.
    full: String,
    /// Whether this value may become a `let` binding.
    shareable: bool,
    name_hint: String,
}

#[derive(Default)]
struct Tree {
    nodes: Vec<Node>,
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
fn byte_size(field: &str, v: &J, schema: &Schema) -> Option<String> {
    if !schema.byte_sizes.iter().any(|f| f == field) {
        return None;
    }
    let n = v.as_i64().filter(|_| !v.is_f64())?;
    schema.byte_units.iter().find_map(|unit| {
        let size = *schema.constants.get(unit)?;
        (size > 0 && n >= size && n % size == 0).then(|| format!("{} * aurora.{unit}", n / size))
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

impl Tree {
    fn push(&mut self, parts: Vec<Part>, shareable: bool, name_hint: String) -> usize {
        let full = parts
            .iter()
            .map(|p| match p {
                Part::Lit(s) => s.clone(),
                Part::Child(c) => self.nodes[*c].full.clone(),
            })
            .collect();
        self.nodes.push(Node {
            parts,
            full,
            shareable,
            name_hint,
        });
        self.nodes.len() - 1
    }

    fn leaf(&mut self, text: String) -> usize {
        self.push(vec![Part::Lit(text)], false, String::new())
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
        let open = match ctor {
            Some(c) => format!("aurora.{c} {{"),
            None => "{".to_string(),
        };
        let mut parts = vec![Part::Lit(open)];
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
                Some(text) => self.leaf(text),
                None => self.value(&m[k], &field.ty, schema)?,
            };
            parts.push(Part::Lit(format!(" {} = ", nix::attr_name(k)?)));
            parts.push(Part::Child(child));
            parts.push(Part::Lit(";".into()));
        }
        parts.push(Part::Lit(" }".into()));
        let name = m
            .get("name")
            .and_then(J::as_str)
            .map(|n| format!("{}_{}", snake(&st.name), snake(n)))
            .unwrap_or_else(|| snake(&st.name));
        let shareable = schema.shared.contains(&st.name);
        Ok(self.push(parts, shareable, name))
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
                None => Ok(self.leaf(nix::json(v)?)),
            },
            (TypeRef::List { elem }, J::Array(items)) => {
                let mut parts = vec![Part::Lit("[".into())];
                for item in items {
                    let c = self.value(item, elem, schema)?;
                    parts.push(Part::Lit(" ".into()));
                    parts.push(Part::Child(c));
                }
                parts.push(Part::Lit(" ]".into()));
                Ok(self.push(parts, false, String::new()))
            }
            (TypeRef::Map { value, .. }, J::Object(m)) => {
                let mut parts = vec![Part::Lit("{".into())];
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                for k in keys {
                    let c = self.value(&m[k], value, schema)?;
                    parts.push(Part::Lit(format!(" {} = ", nix::data_key(k)?)));
                    parts.push(Part::Child(c));
                    parts.push(Part::Lit(";".into()));
                }
                parts.push(Part::Lit(" }".into()));
                Ok(self.push(parts, false, String::new()))
            }
            (_, J::String(s)) => Ok(self.leaf(string_with_refs(s)?)),
            _ => Ok(self.leaf(nix::json(v)?)),
        }
    }

    /// Wraps a struct constructor call in parentheses (a list element or a binding needs them).
    fn paren(&mut self, id: usize) -> usize {
        let hint = self.nodes[id].name_hint.clone();
        let shareable = self.nodes[id].shareable;
        self.nodes[id].shareable = false;
        self.push(
            vec![
                Part::Lit("(".into()),
                Part::Child(id),
                Part::Lit(")".into()),
            ],
            shareable,
            hint,
        )
    }

    /// Counts visible occurrences of each shareable text, with `chosen` texts as leaves.
    fn count(
        &self,
        id: usize,
        chosen: &BTreeSet<&str>,
        is_def: bool,
        acc: &mut HashMap<String, usize>,
    ) {
        let n = &self.nodes[id];
        if n.shareable {
            *acc.entry(n.full.clone()).or_default() += 1;
            if chosen.contains(n.full.as_str()) && !is_def {
                return;
            }
        }
        for p in &n.parts {
            if let Part::Child(c) = p {
                self.count(*c, chosen, false, acc);
            }
        }
    }

    /// Picks values to bind in `let`: any shareable value that still occurs twice, largest first.
    fn choose_shared(&self, roots: &[usize]) -> Vec<usize> {
        let mut chosen_ids: Vec<usize> = Vec::new();
        loop {
            let chosen: BTreeSet<&str> = chosen_ids
                .iter()
                .map(|i| self.nodes[*i].full.as_str())
                .collect();
            let mut acc = HashMap::new();
            for r in roots {
                self.count(*r, &chosen, false, &mut acc);
            }
            for c in &chosen_ids {
                self.count(*c, &chosen, true, &mut acc);
            }
            let best = (0..self.nodes.len())
                .filter(|&i| {
                    let n = &self.nodes[i];
                    n.shareable
                        && !chosen.contains(n.full.as_str())
                        && acc.get(&n.full).copied().unwrap_or(0) >= 2
                })
                .max_by_key(|&i| (self.nodes[i].full.len(), std::cmp::Reverse(i)));
            match best {
                Some(i) => chosen_ids.push(i),
                None => break,
            }
        }
        chosen_ids
    }

    fn render(&self, id: usize, shared: &HashMap<&str, &String>, is_def: bool) -> String {
        let n = &self.nodes[id];
        if n.shareable && !is_def {
            if let Some(name) = shared.get(n.full.as_str()) {
                return name.to_string();
            }
        }
        n.parts
            .iter()
            .map(|p| match p {
                Part::Lit(s) => s.clone(),
                Part::Child(c) => self.render(*c, shared, false),
            })
            .collect()
    }
}

/// A Nix string for `s`, with [`artifact_ref`] markers turned into `${name}` interpolations.
pub fn string_with_refs(s: &str) -> Result<String, EmitError> {
    if !s.contains(REF) {
        return Ok(nix::string(s)?);
    }
    let mut out = String::from("\"");
    for (i, piece) in s.split(REF).enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("${{{}}}", input_ident(piece)));
        } else {
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
