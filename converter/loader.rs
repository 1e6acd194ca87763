//! Aurora's loader: from an `.aurora` file to the `{"jobs": [...]}` document.
//!
//! Mirrors the Aurora client (reference spec §2): execute the schema and the config in one
//! namespace, read `jobs`, apply `--bind` bindings, pick by `--job`, run `validate_job`, apply the
//! standard bindings (`mesos.role`, `mesos.cluster`, `thermos.user`), require `check()` to pass,
//! and serialise each job as `json_dumps()` does. File access goes through [`FsHost`], which
//! refuses anything outside the evaluation root.

use crate::diagnostic::{Code, Diagnostic};
use crate::eval::value::{Str, Value};
use crate::eval::{Deps, Host, Interp, Limits};
use crate::pystachio::{self, Ref, Scope};
use crate::source::{SourceMap, Span};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// What to evaluate and how.
#[derive(Clone, Debug, Default)]
pub struct EvalOptions {
    /// `--bind NAME=VALUE` pairs, in order.
    pub bindings: Vec<(String, String)>,
    /// The environment `os.environ` sees.
    pub environ: BTreeMap<String, String>,
    /// `--job CLUSTER/ROLE/ENV/NAME`.
    pub job: Option<[String; 4]>,
    /// Files may only be read below this directory (default: the config's folder).
    pub root: Option<PathBuf>,
    pub limits: Limits,
}

/// A successful evaluation.
pub struct Evaluation {
    /// One JSON object per job, as `job.json_dumps()` (keys sorted).
    pub jobs: Vec<serde_json::Value>,
    /// What the result depends on besides the config text.
    pub deps: Deps,
    /// Source lines each job was constructed at.
    pub job_spans: Vec<Option<Span>>,
    /// Per job: JSON path → `file:line` where the value was constructed.
    pub origins: Vec<BTreeMap<String, String>>,
    pub sources: SourceMap,
}

/// A failed evaluation: the diagnostic and the sources to render it with.
pub struct Failure {
    pub diagnostic: Diagnostic,
    pub sources: SourceMap,
}

/// Reads files with the standard library, only below `root`.
pub struct FsHost {
    pub root: PathBuf,
}

impl FsHost {
    fn check(&self, path: &Path) -> Result<PathBuf, String> {
        let canon = path
            .canonicalize()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if !canon.starts_with(&self.root) {
            return Err(format!(
                "{} is outside the evaluation root {} (see --root)",
                path.display(),
                self.root.display()
            ));
        }
        Ok(canon)
    }
}

impl Host for FsHost {
    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        let p = self.check(path)?;
        if p.is_dir() {
            return Err(format!("{} is a directory", path.display()));
        }
        std::fs::read(&p).map_err(|e| format!("{}: {e}", path.display()))
    }

    fn exists(&self, path: &Path) -> bool {
        self.check(path).is_ok()
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.check(path).is_ok_and(|p| p.is_dir())
    }
}

/// Parses `--bind NAME=VALUE` like Aurora's client.
pub fn parse_binding(s: &str) -> Result<(String, String), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| "Binding parameter must be formatted name=value".to_string())?;
    Ref::parse(name).map_err(|e| format!("Could not parse binding parameter {s}: {e}"))?;
    Ok((name.to_string(), value.to_string()))
}

/// Evaluates one config file on a thread with a deep stack (the interpreter recurses).
pub fn evaluate_file(path: &Path, opts: &EvalOptions) -> Result<Evaluation, Failure> {
    let path = path.to_path_buf();
    let opts = opts.clone();
    let handle = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || evaluate_here(&path, &opts));
    match handle.map(|h| h.join()) {
        Ok(Ok(r)) => r,
        _ => Err(Failure {
            diagnostic: Diagnostic::error(
                Code::Limit,
                "the evaluator failed internally (this is a bug in aurora2nix)",
            ),
            sources: SourceMap::default(),
        }),
    }
}

fn fail(d: Diagnostic, sources: SourceMap) -> Failure {
    Failure {
        diagnostic: d,
        sources,
    }
}

/// The largest config file accepted, in bytes.
pub const MAX_SOURCE: usize = 8 << 20;

/// Evaluates one config on the current thread (which needs a deep stack: see [`evaluate_file`]).
pub fn evaluate_here(path: &Path, opts: &EvalOptions) -> Result<Evaluation, Failure> {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let root = opts
        .root
        .clone()
        .unwrap_or_else(|| abs.parent().unwrap_or(Path::new("/")).to_path_buf());
    let root = root.canonicalize().unwrap_or(root);
    let abs = abs.canonicalize().unwrap_or(abs);
    let bytes = std::fs::read(&abs).map_err(|e| {
        fail(
            Diagnostic::error(Code::Io, format!("cannot read {}: {e}", path.display())),
            SourceMap::default(),
        )
    })?;
    if bytes.len() > MAX_SOURCE {
        return Err(fail(
            Diagnostic::error(
                Code::Limit,
                format!(
                    "{} is {} bytes; configs are limited to {MAX_SOURCE} bytes",
                    path.display(),
                    bytes.len()
                ),
            ),
            SourceMap::default(),
        ));
    }
    let text = crate::source::decode(bytes).map_err(|m| {
        fail(
            Diagnostic::error(Code::Io, format!("{} {m}", path.display()))
                .hint("re-encode the file as UTF-8, or fix its `# -*- coding: ... -*-` line"),
            SourceMap::default(),
        )
    })?;
    let host = FsHost { root: root.clone() };
    let mut it = match Interp::new(
        &host,
        root.clone(),
        opts.environ.clone(),
        opts.limits.clone(),
    ) {
        Ok(it) => it,
        Err(d) => return Err(fail(d, SourceMap::default())),
    };
    let display = path.display().to_string();
    let id = it.sources.add(&abs, display, text);
    if let Err(c) = it.exec_file(id) {
        let d = it.ctrl_to_diag(c);
        return Err(fail(d, std::mem::take(&mut it.sources)));
    }
    it.current_span = None;
    match jobs_of(&mut it, opts) {
        Ok((jobs, job_spans, raw_origins)) => {
            let origins = raw_origins
                .into_iter()
                .map(|list| {
                    list.into_iter()
                        .map(|(path, span)| {
                            let p = it.sources.position(span.file, span.start);
                            (
                                path,
                                format!("{}:{}", it.sources.file(span.file).display, p.line),
                            )
                        })
                        .collect()
                })
                .collect();
            Ok(Evaluation {
                jobs,
                deps: std::mem::take(&mut it.deps),
                job_spans,
                origins,
                sources: std::mem::take(&mut it.sources),
            })
        }
        Err(mut d) => {
            // A problem of the whole file (no job, no match for --job) points at its start.
            d.span.get_or_insert(Span::new(id, 0, 0));
            Err(fail(d, std::mem::take(&mut it.sources)))
        }
    }
}

fn field_str(job: &Rc<pystachio::PObj>, name: &str) -> Result<Option<String>, crate::eval::Ctrl> {
    match pystachio::field(job, name)? {
        Some(Value::PObj(o)) => Ok(Some(pystachio::obj_str(&o)?)),
        _ => Ok(None),
    }
}

type JobsOut = (
    Vec<serde_json::Value>,
    Vec<Option<Span>>,
    Vec<Vec<(String, Span)>>,
);

fn jobs_of(it: &mut Interp, opts: &EvalOptions) -> Result<JobsOut, Diagnostic> {
    let jobs = it.globals.borrow().get("jobs").cloned();
    let list = match &jobs {
        None => vec![],
        Some(v @ (Value::List(_) | Value::Tuple(_))) => {
            it.iterate(v).map_err(|c| it.ctrl_to_diag(c))?
        }
        // Aurora iterates whatever `jobs` is: a falsy value is "no job", anything else must
        // be iterable.
        Some(other) if !other.truthy() => vec![],
        Some(other) => it.iterate(other).map_err(|c| {
            it.ctrl_to_diag(c)
                .hint("`jobs` must be a list of Job objects: jobs = [Job(...), ...]")
        })?,
    };
    if list.is_empty() {
        return Err(
            Diagnostic::error(Code::JobSelection, "No job defined in this config!").hint(
                "define `jobs = [Job(...)]` (or `Service(...)`) at the top level of the config",
            ),
        );
    }
    let mut bound = Vec::new();
    let binding_scopes: Vec<Scope> = opts
        .bindings
        .iter()
        .map(|(k, v)| {
            let r = Ref::parse(k).expect("validated by parse_binding");
            Scope::Env(Rc::new(vec![(
                r,
                pystachio::EnvVal::Str(Str::from(v.as_str())),
            )]))
        })
        .collect();
    for (i, j) in list.into_iter().enumerate() {
        let Value::PObj(job) = &j else {
            return Err(Diagnostic::error(
                Code::JobSelection,
                format!("jobs[{i}] is not a Job but {}", j.type_name()),
            ));
        };
        if !matches!(&*job.ty, pystachio::PType::Struct(_))
            || pystachio::has_field(job, "task").is_none()
        {
            return Err(Diagnostic::error(
                Code::JobSelection,
                format!("jobs[{i}] is not a Job but a {}", job.ty.name()),
            ));
        }
        bound.push(pystachio::bind(job, binding_scopes.clone()));
    }
    let to_diag = |it: &Interp, c, span: Option<Span>| {
        let mut d = it.ctrl_to_diag(c);
        if d.span.is_none() {
            d.span = span;
        }
        d
    };
    if let Some(key) = &opts.job {
        let mut matches = Vec::new();
        let mut candidates = String::from("Candidates are:");
        for job in &bound {
            let get = |n: &str| field_str(job, n).map(|o| o.unwrap_or_else(|| "{MISSING}".into()));
            let parts = [get("cluster"), get("role"), get("environment"), get("name")];
            let parts = parts
                .into_iter()
                .collect::<Result<Vec<_>, _>>()
                .map_err(|c| to_diag(it, c, job.origin))?;
            candidates.push_str(&format!("\n  {}", parts.join("/")));
            if parts == key.as_slice() {
                matches.push(job.clone());
            }
        }
        match matches.len() {
            0 => {
                return Err(Diagnostic::error(
                    Code::JobSelection,
                    format!("Could not find job {}\n{candidates}", key.join("/")),
                ))
            }
            1 => bound = matches,
            _ => {
                return Err(Diagnostic::error(
                    Code::JobSelection,
                    format!("Multiple jobs match, please disambiguate by specifying a job key.\n{candidates}"),
                ))
            }
        }
    }
    let standard = Scope::Env(Rc::new(vec![
        (
            Ref::parse("mesos.role").expect("valid"),
            pystachio::EnvVal::Str("{{role}}".into()),
        ),
        (
            Ref::parse("mesos.cluster").expect("valid"),
            pystachio::EnvVal::Str("{{cluster}}".into()),
        ),
        (
            Ref::parse("thermos.user").expect("valid"),
            pystachio::EnvVal::Str("{{role}}".into()),
        ),
    ]));
    let mut out = Vec::new();
    let mut spans = Vec::new();
    let mut origins = Vec::new();
    for job in bound {
        let span = job.origin;
        validate_job(&job).map_err(|e| match e {
            Invalid::Config(m) => {
                let mut d = Diagnostic::error(
                    Code::InvalidJob,
                    format!("The configuration was invalid: {m}"),
                );
                d.span = span;
                d
            }
            Invalid::Raised(c) => to_diag(it, c, span),
        })?;
        let job = pystachio::bind(&job, vec![standard.clone()]);
        let tc = pystachio::check(&job).map_err(|c| to_diag(it, c, span))?;
        if !tc.ok {
            let mut d = Diagnostic::error(Code::TypeCheck, tc.message);
            d.span = tc.origin.or(span);
            return Err(d);
        }
        let (si, _) = pystachio::interpolate(&job).map_err(|c| to_diag(it, c, span))?;
        out.push(pystachio::to_json(&si).map_err(|c| to_diag(it, c, span))?);
        let mut o = Vec::new();
        pystachio::origins(&si, "", false, &mut o);
        origins.push(o);
        spans.push(span);
    }
    Ok((out, spans, origins))
}

enum Invalid {
    Config(String),
    Raised(crate::eval::Ctrl),
}

impl From<crate::eval::Ctrl> for Invalid {
    fn from(c: crate::eval::Ctrl) -> Invalid {
        Invalid::Raised(c)
    }
}

/// `AuroraConfig.validate_job`.
fn validate_job(job: &Rc<pystachio::PObj>) -> Result<(), Invalid> {
    for required in ["cluster", "task", "role"] {
        if pystachio::has_field(job, required) != Some(true) {
            let name = field_str(job, "name")?.unwrap_or_default();
            let mut cap = required.to_string();
            cap[..1].make_ascii_uppercase();
            return Err(Invalid::Config(format!(
                "{cap} required for job \"{name}\""
            )));
        }
    }
    let task = pystachio::field(job, "task")?;
    if let Some(Value::PObj(task)) = task {
        if pystachio::has_field(&task, "processes") != Some(true) {
            let name = field_str(job, "name")?.unwrap_or_default();
            return Err(Invalid::Config(format!(
                "Processes required for task on job \"{name}\""
            )));
        }
    }
    Ok(())
}

/// Python 2 `json.dumps` text of a JSON value (default separators, ASCII-only).
pub fn python_json(j: &serde_json::Value) -> String {
    use serde_json::Value as J;
    let mut out = String::new();
    fn go(j: &J, out: &mut String) {
        match j {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Number(n) => match n.as_i64() {
                Some(i) => out.push_str(&i.to_string()),
                None => out.push_str(&crate::eval::format::float_repr(n.as_f64().unwrap_or(0.0))),
            },
            J::String(s) => crate::eval::modules::json_str(s, out),
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
                    crate::eval::modules::json_str(k, out);
                    out.push_str(": ");
                    go(v, out);
                }
                out.push('}');
            }
        }
    }
    go(j, &mut out);
    out
}

/// The `{"jobs": [...]}` document.
pub fn jobs_document(jobs: &[serde_json::Value]) -> serde_json::Value {
    serde_json::json!({ "jobs": jobs })
}
