//! Aurora's loader: from an `.aurora` file to the `{"jobs": [...]}` document.
//!
//! Mirrors the Aurora client (reference spec §2): execute the schema and the config in one
//! namespace, read `jobs`, apply `--bind` bindings, pick by `--job`, apply the standard bindings
//! (`mesos.role`, `mesos.cluster`, `thermos.user`), run the client's checks (`super::client`)
//! in its order around `check()`, apply the tier backfill (`--tiers`, `super::tiers`), and
//! serialise each job as `json_dumps()` does. File access goes through [`FsHost`], which
//! refuses anything outside the evaluation root.

use super::client;
use super::diagnose::diagnose;
use super::docker;
use super::jobs;
use super::runtime::{fail, interpreter, isolated, Failure, FsHost};
use super::tiers::Tiers;
use crate::diagnostic::{Code, Diagnostic};
use pystachio::{EnvVal, PObj, PType, Ref, Scope};
use python::{Budget, Deps, Host, HostError, Interp, Limits, SourceMap, Span, Str, Value, Vm, R};
use serde_json::Value as J;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

/// What to evaluate and how.
#[derive(Clone, Debug, Default)]
pub struct EvalOptions {
    /// `--bind NAME=VALUE` pairs, in order (later ones win): the command line's, which win over
    /// every other binding.
    pub bindings: Vec<(String, String)>,
    /// The project file's bindings for this config, applied before `bindings`.
    pub project_bindings: Vec<(String, String)>,
    /// The project file's bindings for the jobs whose key (`CLUSTER/ROLE/ENV/NAME`, as bound by
    /// the other bindings) matches a pattern, between `project_bindings` and `bindings`.
    pub job_bindings: Vec<JobBindings>,
    /// The environment `os.environ` sees.
    pub environ: BTreeMap<String, String>,
    /// `environ` was given explicitly (`--env`, the project's `[env]`), not taken from the
    /// process: reading it makes no result depend on the machine.
    pub env_given: bool,
    /// `--job CLUSTER/ROLE/ENV/NAME`.
    pub job: Option<[String; 4]>,
    /// Files may only be read below this directory (default: the config's folder).
    pub root: Option<PathBuf>,
    /// The scheduler's tier list (`--tiers`): when given, each job gets the client's tier
    /// backfill after every check, as `aurora job inspect` prints it.
    pub tiers: Option<Arc<Tiers>>,
    pub limits: Limits,
    /// Skip the client's checks (`client::all()`), keeping pystachio's `check()`: for tests
    /// that put the same jobs through the Nix side's copy of the rules.
    pub skip_client_checks: bool,
    /// Submit-time parameters (refs such as `version` or `profile.version`): each is bound where
    /// `--bind` binds, to its placeholder ref [`param_ref`], which nothing resolves, so the
    /// jobs come out with the parameter's place marked wherever `--bind NAME=...` would fill
    /// it. The client's checks and `check()` then judge a template, not a job: they are left
    /// to the bound results (the caller evaluates those with sample values, and the Nix
    /// library runs the checks when Nix binds the arguments).
    pub params: Vec<String>,
    /// The image references `{{docker.image[NAME][TAG]}}` refs are bound to, keyed by
    /// `NAME:TAG` ([`docker::pin_key`]): what `aurora2nix.lock` pins.
    pub docker_images: Arc<BTreeMap<String, String>>,
}

/// Aurora's error for a config that defines no job.
fn no_jobs() -> Diagnostic {
    Diagnostic::error(Code::JobSelection, "No job defined in this config!")
        .hint("define `jobs = [Job(...)]` (or `Service(...)`) at the top level of the config")
}

/// The files an evaluation `include()`d (canonical paths): every user file of its sources but
/// the config itself.
pub fn included_files(sources: &SourceMap) -> Vec<PathBuf> {
    sources
        .files()
        .filter(|f| !f.library)
        .skip(1)
        .filter_map(|f| f.path.canonicalize().ok())
        .collect()
}

/// Bindings for the jobs whose key matches a glob pattern.
pub type JobBindings = (glob::Pattern, Vec<(String, String)>);

/// A successful evaluation.
pub struct Evaluation {
    /// One JSON object per job, as `job.json_dumps()` (keys sorted).
    pub jobs: Vec<serde_json::Value>,
    /// What the result depends on besides the config text.
    pub deps: Deps,
    /// The evaluation root (canonical): files below it are the ones a config may read.
    pub root: PathBuf,
    /// Source lines each job was constructed at.
    pub job_spans: Vec<Option<Span>>,
    /// Per job: JSON path → `file:line` where the value was constructed.
    pub origins: Vec<BTreeMap<String, String>>,
    /// The files it `include()`d (canonical).
    pub includes: Vec<PathBuf>,
    /// The warnings of the client's checks (`W0006`…) and of unpinned Docker images
    /// (`W0012`), located.
    pub warnings: Vec<Diagnostic>,
    /// Every `(NAME, TAG)` of a `{{docker.image[NAME][TAG]}}` ref the jobs hold, pinned or
    /// not, each once, in order.
    pub docker_images: Vec<(String, String)>,
    pub sources: SourceMap,
}

/// What parameter `index` (of [`EvalOptions::params`]) is bound to: the text of a ref no config
/// binds, so it survives evaluation as a template wherever the parameter reaches the job.
pub fn param_ref(index: usize) -> String {
    format!("{{{{{PARAM_PREFIX}{index}}}}}")
}

/// The name of the ref [`param_ref`] writes, before its index.
pub const PARAM_PREFIX: &str = "aurora2nix_param_";

/// Each parameter's uses in the jobs' strings (object keys included), by index: how many
/// strings hold its placeholder outside any other ref, and the first string that holds it
/// inside another ref (`{{a[{{version}}]}}`, which Aurora reports unbound: a ref's name cannot
/// be a parameter).
pub fn param_uses(jobs: &[J], count: usize) -> (Vec<usize>, Option<(usize, String)>) {
    fn walk(v: &J, f: &mut impl FnMut(&str)) {
        match v {
            J::String(s) => f(s),
            J::Array(a) => a.iter().for_each(|x| walk(x, f)),
            J::Object(m) => m.iter().for_each(|(k, x)| {
                f(k);
                walk(x, f)
            }),
            _ => {}
        }
    }
    let mut uses = vec![0; count];
    let mut nested = None;
    let open = format!("{{{{{PARAM_PREFIX}");
    for job in jobs {
        walk(job, &mut |s: &str| {
            let mut from = 0;
            while let Some(at) = s[from..].find(&open).map(|i| i + from) {
                let rest = &s[at + open.len()..];
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                from = at + open.len();
                let Some(i) = rest[..digits].parse::<usize>().ok().filter(|&i| i < count) else {
                    continue;
                };
                if !rest[digits..].starts_with("}}") {
                    continue;
                }
                // Inside another ref when a `{{` before it is not closed before it.
                let before = &s[..at];
                let inside = before
                    .rfind("{{")
                    .is_some_and(|o| !before[o..].contains("}}"));
                if inside {
                    nested.get_or_insert((i, s.to_string()));
                } else {
                    uses[i] += 1;
                }
            }
        });
    }
    (uses, nested)
}

/// Parses `--bind NAME=VALUE` like Aurora's client.
pub fn parse_binding(s: &str) -> Result<(String, String), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| "Binding parameter must be formatted name=value".to_string())?;
    Ref::parse(name).map_err(|e| format!("Could not parse binding parameter {s}: {e}"))?;
    Ok((name.to_string(), value.to_string()))
}

/// Evaluates one config file, isolated (see [`isolated`]).
pub fn evaluate_file(path: &Path, opts: &EvalOptions) -> Result<Evaluation, Failure> {
    isolated(&opts.limits, || evaluate_here(path, opts))
}

/// Evaluates one config on the current thread (which needs a deep stack: see [`evaluate_file`]).
pub fn evaluate_here(path: &Path, opts: &EvalOptions) -> Result<Evaluation, Failure> {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let root = opts
        .root
        .clone()
        .unwrap_or_else(|| abs.parent().unwrap_or(Path::new("/")).to_path_buf());
    let root = root.canonicalize().unwrap_or(root);
    // The config is read like every other file: below the root (a symlink out of it is
    // refused), a regular file, within the size limit.
    let host = Rc::new(FsHost { root: root.clone() });
    let bytes = host.read(&abs, python::MAX_SOURCE).map_err(|e| {
        let d = match e {
            HostError::Refused(m) => Diagnostic::error(Code::Sandbox, m),
            HostError::Missing(m) => Diagnostic::error(Code::Io, format!("cannot read {m}")),
            HostError::TooLarge(m) => Diagnostic::error(Code::Limit, m),
        };
        fail(d, SourceMap::default())
    })?;
    let abs = abs.canonicalize().unwrap_or(abs);
    let text = python::source::decode(bytes).map_err(|m| {
        fail(
            Diagnostic::error(Code::Io, format!("{} {m}", path.display()))
                .hint("re-encode the file as UTF-8, or fix its `# -*- coding: ... -*-` line"),
            SourceMap::default(),
        )
    })?;
    let root_dir = root.clone();
    let mut it = interpreter(host, root, opts.environ.clone(), opts.limits.clone())?;
    let display = path.display().to_string();
    let id = it.sources.add(&abs, display, text);
    if let Err(e) = it.exec_file(id) {
        let d = diagnose(e, it.current_span);
        return Err(fail(d, std::mem::take(&mut it.sources)));
    }
    it.current_span = None;
    match jobs_of(&mut it, opts) {
        Ok((jobs, job_spans, raw_origins, warnings, docker_images)) => {
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
            let deps = it.deps.borrow().clone();
            Ok(Evaluation {
                jobs,
                deps,
                root: root_dir,
                job_spans,
                origins,
                includes: included_files(&it.sources),
                warnings,
                docker_images,
                sources: std::mem::take(&mut it.sources),
            })
        }
        // A problem of the whole file (no job, no match for --job) names the file, no line.
        Err(d) => Err(fail(d, std::mem::take(&mut it.sources))),
    }
}

fn field_str(job: &Rc<PObj>, name: &str, b: &Budget) -> R<Option<String>> {
    match pystachio::field(job, name, b)? {
        Some(o) => Ok(Some(pystachio::obj_str(&o, b)?)),
        None => Ok(None),
    }
}

/// A job's key fields as the client shows them (`{MISSING}` for an unset one).
fn job_key(job: &Rc<PObj>, b: &Budget) -> R<Vec<String>> {
    jobs::KEY
        .iter()
        .map(|field| Ok(field_str(job, field, b)?.unwrap_or_else(|| "{MISSING}".into())))
        .collect()
}

type JobsOut = (
    Vec<serde_json::Value>,
    Vec<Option<Span>>,
    Vec<Vec<(String, Span)>>,
    Vec<Diagnostic>,
    Vec<(String, String)>,
);

fn jobs_of(it: &mut Interp, opts: &EvalOptions) -> Result<JobsOut, Diagnostic> {
    let b = it.budget().clone();
    let jobs = it.global("jobs");
    let list = match &jobs {
        None => vec![],
        Some(v @ (Value::List(_) | Value::Tuple(_))) => {
            it.iterate(v).map_err(|e| diagnose(e, None))?
        }
        // Aurora iterates whatever `jobs` is: a falsy value is "no job", anything else must
        // be iterable.
        Some(other) if !other.truthy() => vec![],
        Some(other) => it.iterate(other).map_err(|e| {
            diagnose(e, None).hint("`jobs` must be a list of Job objects: jobs = [Job(...), ...]")
        })?,
    };
    if list.is_empty() {
        return Err(no_jobs());
    }
    let scopes = |pairs: &[(String, String)]| -> Vec<Scope> {
        pairs
            .iter()
            .filter_map(|(k, v)| {
                let r = Ref::parse(k).ok()?;
                Some(Scope::Env(Rc::new(vec![(
                    r,
                    EnvVal::Str(Str::from(v.as_str())),
                )])))
            })
            .collect()
    };
    // Parameters are bound where `--bind` is, last (a parameter is not also `--bind`ed: the
    // caller refuses that).
    let placeholders: Vec<(String, String)> = (opts.params.iter().enumerate())
        .map(|(i, p)| (p.clone(), param_ref(i)))
        .collect();
    let binding_scopes = [
        scopes(&opts.project_bindings),
        scopes(&opts.bindings),
        scopes(&placeholders),
    ]
    .concat();
    let mut bound = Vec::new();
    for (i, j) in list.into_iter().enumerate() {
        let Some(job) = pystachio::as_obj(&j) else {
            return Err(Diagnostic::error(
                Code::JobSelection,
                format!("jobs[{i}] is not a Job but {}", j.type_name()),
            ));
        };
        if !matches!(&*job.ty, PType::Struct(_)) || pystachio::has_field(&job, "task").is_none() {
            return Err(Diagnostic::error(
                Code::JobSelection,
                format!("jobs[{i}] is not a Job but a {}", job.ty.name()),
            ));
        }
        let mut with = pystachio::bind(&job, binding_scopes.clone(), &b)
            .map_err(|e| diagnose(e, job.origin))?;
        if !opts.job_bindings.is_empty() {
            // The project's per-job bindings go below the command line's: bind again, in order.
            let key = job_key(&with, &b).map_err(|e| diagnose(e, job.origin))?;
            let matched: Vec<(String, String)> = opts
                .job_bindings
                .iter()
                .filter(|(p, _)| p.matches_with(&key.join("/"), super::GLOB_MATCH))
                .flat_map(|(_, pairs)| pairs.iter().cloned())
                .collect();
            if !matched.is_empty() {
                let all = [
                    scopes(&opts.project_bindings),
                    scopes(&matched),
                    scopes(&opts.bindings),
                    scopes(&placeholders),
                ]
                .concat();
                with = pystachio::bind(&job, all, &b).map_err(|e| diagnose(e, job.origin))?;
            }
        }
        bound.push(with);
    }
    if let Some(key) = &opts.job {
        let mut matches = Vec::new();
        let mut candidates = String::from("Candidates are:");
        // A key that holds a parameter is written, and shown, with the parameter's ref.
        let written: Vec<(String, String)> = (placeholders.iter())
            .map(|(name, at)| (at.clone(), format!("{{{{{name}}}}}")))
            .collect();
        for job in &bound {
            let parts = job_key(job, &b).map_err(|e| diagnose(e, job.origin))?;
            let parts: Vec<String> = (parts.iter())
                .map(|p| jobs::replace_in(p, &written).unwrap_or_else(|| p.clone()))
                .collect();
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
    let standard = Scope::Env(Rc::new(
        jobs::STANDARD_BINDINGS
            .iter()
            .filter_map(|(k, v)| Some((Ref::parse(k).ok()?, EnvVal::Str((*v).into()))))
            .collect(),
    ));
    // Each job with the standard bindings, interpolated, as JSON: the client's rules read it.
    let mut prepared = Vec::new();
    for job in bound {
        let span = job.origin;
        let job =
            pystachio::bind(&job, vec![standard.clone()], &b).map_err(|e| diagnose(e, span))?;
        let json = pystachio::interpolate(&job, &b)
            .and_then(|(si, refs)| Ok((pystachio::to_json(&si, &b)?, si, refs)));
        match json {
            Ok((json, si, refs)) => prepared.push(Prepared {
                job,
                si,
                json,
                span,
                images: docker::images(&refs),
            }),
            Err(e) => return Err(uninterpolatable(&job, e, span, &b)),
        }
    }
    // A template's checks wait for its bound results (see `EvalOptions::params`).
    let template = !opts.params.is_empty();
    let mut rules = Rules {
        skip: opts.skip_client_checks || template,
        ..Rules::default()
    };
    let mut origins = Vec::new();
    for p in &prepared {
        let o = jobs::origins(&p.si, &it.sources, &b).map_err(|e| diagnose(e, p.span))?;
        rules.stage(client::Stage::Key, &p.json, &o, &b)?;
        origins.push(o);
    }
    if opts.job.is_none() {
        rules.pick(&prepared, &b)?;
    }
    let mut spans = Vec::new();
    let mut docs = Vec::new();
    let mut images = Vec::new();
    for (p, o) in prepared.into_iter().zip(&origins) {
        rules.stage(client::Stage::ValidateJob, &p.json, o, &b)?;
        let p = bind_images(p, opts, o, &mut rules.warnings, &mut images, &b)?;
        rules.stage(client::Stage::ValidateConfig, &p.json, o, &b)?;
        // `p.si` is the job interpolated: each of its values is what `check()` interpolates
        // on its way, so it passes the check exactly when the job does, without interpolating
        // again. Only a job that fails is checked itself, for pystachio's own message (which
        // names a map's keys as written).
        if !template && !pystachio::check(&p.si, &b).is_ok_and(|tc| tc.ok) {
            if let Some(d) = check(&p.job, p.span, &b)? {
                return Err(d);
            }
        }
        rules.stage(client::Stage::Thrift, &p.json, o, &b)?;
        rules.stage(client::Stage::Later, &p.json, o, &b)?;
        let mut json = p.json;
        // Last, the tier backfill from the scheduler's tier list (when one is given).
        if let Some(w) = opts.tiers.as_ref().and_then(|t| t.backfill(&mut json)) {
            let mut d = Diagnostic::warning(Code::TierChoice, w);
            d.span = p.span;
            rules.warnings.push(d);
        }
        docs.push(json);
        spans.push(p.span);
    }
    Ok((docs, spans, origins, rules.warnings, images))
}

/// A job ready for the client's checks: with the standard bindings, interpolated, as JSON.
struct Prepared {
    job: Rc<PObj>,
    si: Rc<PObj>,
    json: J,
    span: Option<Span>,
    /// The `(NAME, TAG)` of its `{{docker.image[NAME][TAG]}}` refs (see [`docker`]).
    images: Vec<(String, String)>,
}

/// The client's Docker binding helper on one job, after `validate_job` and before
/// `validate_config`: each `{{docker.image[NAME][TAG]}}` ref the job leaves is bound to the
/// reference `opts.docker_images` pins for `NAME:TAG` (the client asks the cluster's registry);
/// an unpinned one stays as written, with a warning. Every image met is added to `seen`.
fn bind_images(
    p: Prepared,
    opts: &EvalOptions,
    origins: &[(String, Span)],
    warnings: &mut Vec<Diagnostic>,
    seen: &mut Vec<(String, String)>,
    b: &Budget,
) -> Result<Prepared, Diagnostic> {
    let mut pins = Vec::new();
    for (name, tag) in &p.images {
        if !seen.contains(&(name.clone(), tag.clone())) {
            seen.push((name.clone(), tag.clone()));
        }
        let address = docker::address(name, tag);
        match opts.docker_images.get(&docker::pin_key(name, tag)) {
            Some(image) => {
                let r = Ref::parse(&address).map_err(|m| Diagnostic::error(Code::Internal, m))?;
                pins.push((r, EnvVal::Str(Str::from(image.as_str()))));
            }
            None => {
                let at = jobs::path_of_text(&p.json, &format!("{{{{{address}}}}}"))
                    .and_then(|path| client::span_of(&path, origins))
                    .or(p.span);
                let mut d =
                    Diagnostic::warning(Code::DockerUnpinned, docker::unpinned_message(name, tag))
                        .hint(docker::unpinned_hint(name, tag));
                d.span = at;
                warnings.push(d);
            }
        }
    }
    if pins.is_empty() {
        return Ok(p);
    }
    let span = p.span;
    let job = pystachio::bind(&p.job, vec![Scope::Env(Rc::new(pins))], b)
        .map_err(|e| diagnose(e, span))?;
    let (si, _) = pystachio::interpolate(&job, b).map_err(|e| diagnose(e, span))?;
    let json = pystachio::to_json(&si, b).map_err(|e| diagnose(e, span))?;
    Ok(Prepared {
        job,
        si,
        json,
        span,
        images: p.images,
    })
}

/// Why a job that cannot be interpolated fails, as the client meets it: `validate_job`'s
/// presence checks, then an error raised by a field the client reads before `check()`, then
/// `check()` (which reports what it cannot interpolate).
fn uninterpolatable(
    job: &Rc<PObj>,
    e: python::Error,
    span: Option<Span>,
    b: &Budget,
) -> Diagnostic {
    let mut present = serde_json::Map::new();
    for f in jobs::REQUIRED {
        if pystachio::has_field(job, f) == Some(true) {
            // The processes are not looked at: reading the task raises first.
            present.insert(f.into(), serde_json::json!({ "processes": [] }));
        }
    }
    if let Ok(Some(name)) = field_str(job, "name", b) {
        present.insert("name".into(), J::String(name));
    }
    let origins = span
        .map(|s| (String::new(), s))
        .into_iter()
        .collect::<Vec<_>>();
    let mut rules = Rules::default();
    if let Err(d) = rules.stage(client::Stage::ValidateJob, &J::Object(present), &origins, b) {
        return d;
    }
    for f in jobs::READ_BEFORE_CHECK {
        if let Err(e) = pystachio::field(job, f, b) {
            return diagnose(e, span);
        }
    }
    match check(job, span, b) {
        Ok(Some(d)) | Err(d) => d,
        Ok(None) => diagnose(e, span),
    }
}

/// `check()`: the TypeCheck failure, if any.
fn check(job: &Rc<PObj>, span: Option<Span>, b: &Budget) -> Result<Option<Diagnostic>, Diagnostic> {
    let tc = pystachio::check(job, b).map_err(|e| diagnose(e, span))?;
    Ok((!tc.ok).then(|| {
        let mut d = Diagnostic::error(Code::TypeCheck, tc.message);
        d.span = tc.origin.or(span);
        d
    }))
}

/// The client's rules as they run over a file: warnings gathered, the first error returned.
#[derive(Default)]
struct Rules {
    warnings: Vec<Diagnostic>,
    skip: bool,
}

impl Rules {
    /// One stage's rules on one job; a violation points at the value its path names.
    fn stage(
        &mut self,
        stage: client::Stage,
        job: &J,
        origins: &[(String, Span)],
        b: &Budget,
    ) -> Result<(), Diagnostic> {
        if self.skip {
            return Ok(());
        }
        let found = client::run(stage, vec![("job", job)], b);
        self.record(found, |path| client::span_of(path, origins))
    }

    /// `pick`'s rules over all jobs; a violation names a job key and points at the last job
    /// with it.
    fn pick(&mut self, jobs: &[Prepared], b: &Budget) -> Result<(), Diagnostic> {
        if self.skip {
            return Ok(());
        }
        let all = J::Array(jobs.iter().map(|p| p.json.clone()).collect());
        let found = client::run(client::Stage::Pick, vec![("jobs", &all)], b);
        // The violation names the job by the rule's own key: the last job with it.
        let key_expr = client::rules::pick_key();
        let key_of = |p: &Prepared| {
            let v = client::expr::Eval::new(b, vec![("job", &p.json)]).eval(&key_expr);
            v.ok().and_then(|k| k.as_str().map(str::to_string))
        };
        self.record(found, |key| {
            let last = jobs
                .iter()
                .rev()
                .find(|p| key_of(p).as_deref() == Some(key));
            last.and_then(|p| p.span)
        })
    }

    fn record(
        &mut self,
        found: R<client::Outcome>,
        locate: impl Fn(&str) -> Option<Span>,
    ) -> Result<(), Diagnostic> {
        let found = found.map_err(|e| diagnose(e, None))?;
        let at = |f: &client::Finding| f.diagnostic(locate(&f.violation.path));
        self.warnings.extend(found.warnings.iter().map(at));
        match found.error {
            Some(e) => Err(at(&e)),
            None => Ok(()),
        }
    }
}

/// The `{"jobs": [...]}` document.
pub fn jobs_document(jobs: &[serde_json::Value]) -> serde_json::Value {
    serde_json::json!({ "jobs": jobs })
}
