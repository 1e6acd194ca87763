//! `aurora2nix convert`: every config becomes `OUT/<same relative path>.nix`.
//!
//! For each input: evaluate it, map its fetch processes to Nix inputs (`packages`), emit the job
//! file (`nix::emit`), and write it atomically. The job library (`aurora-lib.nix`,
//! `aurora-rules.nix` and `aurora-runtime.nix`) and the launcher for Aurora's client
//! (`aurora2nix-launch.aurora`) are written once at the root of the output tree. Files are
//! processed in parallel; one bad file never stops the rest. `--check` writes nothing and reports
//! missing or stale outputs. A file that aurora2nix did not generate is never overwritten without
//! `--force`.

use super::inputs::{guarded, parallel_map, Input, Interrupted, Progress};
use super::{libraries, Console, FileError};
use crate::aurora::{self, jobs, schema, EvalOptions};
use crate::diagnostic::{self, Code, Diagnostic};
use crate::nix::render::{EmitError, GENERATED_MARKER};
use crate::nix::{emit, library, run};
use crate::packages::{self, Lock, Mapping, Plan, PlanOptions};
use python::SourceMap;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Options of one `convert` run.
#[derive(Clone, Debug)]
pub struct ConvertOptions {
    pub out: PathBuf,
    pub eval: EvalOptions,
    pub plan: PlanOptions,
    /// Write nothing; report missing or stale outputs.
    pub check: bool,
    /// Overwrite files aurora2nix did not generate.
    pub force: bool,
    /// Process only shard K of N (1-based).
    pub shard: Option<(usize, usize)>,
    /// The project root: generated files name their source relative to it.
    pub project: PathBuf,
    /// Delete orphans (generated files whose source is gone).
    pub prune: bool,
    /// The command that regenerates the outputs (this one without `--check`), for messages.
    pub regenerate: String,
    /// No project file: a generated file's header names its config with the options, where
    /// a project's header names only the options that override its settings.
    pub standalone: bool,
    /// The command line's options that shape the output (`--out`, `--bind`, ...), as shell
    /// words, for the header.
    pub header_options: String,
    /// Submit-time parameters (`--param`, the project's `[param]`).
    pub params: Vec<Param>,
    /// Each parameter's first sample is the Nix file's default for it (`--param-defaults`).
    pub param_defaults: bool,
}

/// A submit-time parameter: a ref `convert` leaves for `aurora job create --bind NAME=VALUE`,
/// which becomes an argument of the Nix file.
#[derive(Clone, Debug)]
pub struct Param {
    /// The ref, as `--bind` names it (`version`, `profile.version`).
    pub name: String,
    /// The Nix file's argument ([`emit::param_ident`]).
    pub ident: String,
    /// Sample values: the k-th of every parameter make the k-th sample set (a parameter with
    /// fewer repeats its last); every parameter has some, or none has.
    pub samples: Vec<String>,
}

impl Param {
    /// The ref as the config writes it: `{{NAME}}`.
    pub fn written(&self) -> String {
        format!("{{{{{}}}}}", self.name)
    }
}

/// The sample sets of `params`: `(name, value)` bindings, in the parameters' order.
pub fn sample_sets(params: &[Param]) -> Vec<Vec<(String, String)>> {
    let n = if params.iter().any(|p| p.samples.is_empty()) {
        0
    } else {
        params.iter().map(|p| p.samples.len()).max().unwrap_or(0)
    };
    (0..n)
        .map(|k| {
            params
                .iter()
                .map(|p| {
                    (
                        p.name.clone(),
                        p.samples[k.min(p.samples.len() - 1)].clone(),
                    )
                })
                .collect()
        })
        .collect()
}

/// A parameterized config evaluated with one sample set, as `aurora job create --bind` would.
#[derive(Clone, Debug)]
pub struct Sample {
    /// The Nix file's arguments for it (`ident`, value), of the parameters the file takes.
    pub args: Vec<(String, String)>,
    /// The bindings, as `--bind NAME=VALUE` words would give them.
    pub bindings: Vec<(String, String)>,
    /// The jobs, bound, with the conversion's package rewrites applied (store paths
    /// resolved): what the Nix file must give for `args`.
    pub expected: Vec<serde_json::Value>,
    /// The jobs, bound, as the `.aurora` gives them (what `diff` compares Nix's with).
    pub before: Vec<serde_json::Value>,
}

impl Sample {
    /// The bindings as a verdict names the set: `NAME=VALUE ...`.
    pub fn label(&self) -> String {
        let words: Vec<String> = (self.bindings.iter())
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        words.join(" ")
    }
}

/// One input config and where its output goes.
#[derive(Clone, Debug)]
pub struct Job {
    pub input: Input,
    /// The path relative to the project root (see [`Input::rel`]).
    pub rel: PathBuf,
}

/// The outcome for one file.
pub enum Outcome {
    /// Written (or, with `--check`, up to date).
    Converted {
        warnings: Vec<Diagnostic>,
        changed: bool,
    },
    /// Could not be converted.
    Failed(String),
    /// Does not evaluate on its own: a library when other inputs include it, else a failure.
    NotEvaluated(String),
    /// `--check` found the output missing or different.
    Stale(String),
}

/// The result of converting one config in memory.
pub struct Converted {
    pub text: String,
    /// The jobs as evaluated (before any rewrite).
    pub before: Vec<serde_json::Value>,
    /// Per job: JSON path → `file:line` of the value's construction.
    pub origins: Vec<BTreeMap<String, String>>,
    /// The files the evaluation `include()`d (canonical).
    pub includes: Vec<PathBuf>,
    /// What the evaluation read besides the config.
    pub deps: python::Deps,
    /// The config's folder (artifacts are resolved against it).
    pub config_dir: PathBuf,
    /// The evaluation root.
    pub root: PathBuf,
    pub plan: Plan,
    pub warnings: Vec<Diagnostic>,
    /// The parameters the Nix file takes (marked in `plan`'s jobs by [`emit::param_marker`]),
    /// and the config evaluated with each sample set.
    pub params: Vec<Param>,
    pub samples: Vec<Sample>,
}

impl Converted {
    /// Jobs of `plan` as a reader sees them: each parameter as the ref the config writes.
    pub fn shown(&self, jobs: &[serde_json::Value]) -> Vec<serde_json::Value> {
        let refs = shown_refs(&self.params);
        if refs.is_empty() {
            return jobs.to_vec();
        }
        (jobs.iter())
            .map(|j| jobs::replace_text(j, &refs))
            .collect()
    }

    /// The jobs Nix's document is reviewed against: bound to the first sample set when the
    /// file takes parameters (Nix's document is of that set), else as evaluated.
    pub fn review_before(&self) -> &[serde_json::Value] {
        self.samples.first().map_or(&self.before, |s| &s.before)
    }
}

/// Each parameter's marker paired with the ref the config writes: how a reader is shown it.
fn shown_refs(params: &[Param]) -> Vec<(String, String)> {
    (params.iter())
        .map(|p| (emit::param_marker(&p.ident), p.written()))
        .collect()
}

/// Where the output of `rel` goes under `out`.
pub fn output_path(out: &Path, rel: &Path) -> PathBuf {
    out.join(rel.with_extension("nix"))
}

/// The conversion jobs for inputs: each with its output path relative to the output tree.
pub fn jobs(files: &[Input]) -> Vec<Job> {
    files
        .iter()
        .map(|i| Job {
            input: i.clone(),
            rel: i.rel.clone(),
        })
        .collect()
}

/// Evaluates, plans and emits one config without writing anything.
pub fn convert_one(job: &Job, opts: &ConvertOptions, lock: &Lock) -> Result<Converted, FileError> {
    let mut eval = opts.eval.clone();
    eval.params = opts.params.iter().map(|p| p.name.clone()).collect();
    let mut ev = super::eval::evaluate(&job.input, &eval)?;
    let source = job.rel.display().to_string();
    // Exactly what writes this file again: the project's settings, or this config and the
    // options it was converted with.
    let config = if opts.standalone {
        format!(" {}", super::shell_quote(&source))
    } else {
        String::new()
    };
    let regenerate = format!("aurora2nix convert{config}{}", opts.header_options);
    let config_dir = std::path::absolute(&job.input.path)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let out_file = output_path(&opts.out, &job.rel);
    let params = parameters(&ev, opts, &source)?;
    if params.is_empty() && !opts.params.is_empty() {
        // No parameter reaches this config's jobs: it converts as without parameters, with
        // the client's checks (which an evaluation with parameters leaves to the samples).
        ev = super::eval::evaluate(&job.input, &opts.eval)?;
    }
    let plan_of = |jobs: &[serde_json::Value], deps: &python::Deps| {
        packages::plan(
            jobs,
            deps,
            &config_dir,
            &ev.root,
            &out_file,
            lock,
            &opts.plan,
        )
    };
    let mut samples = Vec::new();
    let mut sample_warnings = Vec::new();
    // A file that takes no parameter has no sample to check.
    let sets = if params.is_empty() {
        Vec::new()
    } else {
        sample_sets(&opts.params)
    };
    for bindings in sets {
        let mut o = opts.eval.clone();
        o.bindings.extend(bindings.iter().cloned());
        // A --job key that writes a parameter's ref picks the job bound to the sample.
        let values: Vec<(String, String)> = (bindings.iter())
            .map(|(k, v)| (format!("{{{{{k}}}}}"), v.clone()))
            .collect();
        if let Some(key) = &mut o.job {
            for part in key.iter_mut() {
                if let Some(p) = jobs::replace_in(part, &values) {
                    *part = p;
                }
            }
        }
        let bound = super::eval::evaluate(&job.input, &o).map_err(|mut e| {
            let words: Vec<String> = bindings
                .iter()
                .map(|(k, v)| format!("--bind {k}={v}"))
                .collect();
            e.diagnostic.hints.push(format!(
                "with the sample values of the parameters, bound as {}",
                words.join(" ")
            ));
            e
        })?;
        let args = (opts.params.iter().zip(&bindings))
            .filter(|(p, _)| params.iter().any(|q| q.ident == p.ident))
            .map(|(p, (_, v))| (p.ident.clone(), v.clone()))
            .collect();
        if samples.is_empty() {
            // The client's warnings, as they come for the first sample set.
            sample_warnings = bound.warnings.clone();
        }
        samples.push(Sample {
            args,
            bindings,
            expected: plan_of(&bound.jobs, &bound.deps).resolved_jobs(),
            before: bound.jobs,
        });
    }
    // Each parameter the file takes marked for the Nix writer; in what the user reads of the
    // evaluation, as the ref the config wrote.
    let placeholders = |to: &dyn Fn(&Param) -> String| -> Vec<(String, String)> {
        (opts.params.iter().enumerate())
            .filter(|(_, p)| params.iter().any(|q| q.ident == p.ident))
            .map(|(i, p)| (aurora::param_ref(i), to(p)))
            .collect()
    };
    let marks = placeholders(&|p| emit::param_marker(&p.ident));
    let marked: Vec<serde_json::Value> = (ev.jobs.iter())
        .map(|j| jobs::replace_text(j, &marks))
        .collect();
    let before: Vec<serde_json::Value> = (ev.jobs.iter())
        .map(|j| jobs::replace_text(j, &placeholders(&Param::written)))
        .collect();
    guarded(|| {
        let mut plan = plan_of(&marked, &ev.deps);
        // What the user reads of the plan names each parameter as the config wrote it.
        let refs = shown_refs(&params);
        let shown = |s: &mut String| {
            if let Some(t) = jobs::replace_in(s, &refs) {
                *s = t;
            }
        };
        for m in &mut plan.mappings {
            for s in [&mut m.job, &mut m.source, &mut m.note] {
                shown(s);
            }
        }
        for w in &mut plan.warnings {
            shown(&mut w.message);
            w.hints.iter_mut().for_each(shown);
        }
        let not_nix = |e: EmitError| Diagnostic::error(Code::NotNix, e.0);
        let idents: Vec<String> = params.iter().map(|p| p.ident.clone()).collect();
        let file_params: Vec<emit::FileParam> = (params.iter())
            .map(|p| emit::FileParam {
                ident: p.ident.clone(),
                default: (opts.param_defaults)
                    .then(|| p.samples.first().cloned())
                    .flatten(),
            })
            .collect();
        let artifacts = plan
            .inputs
            .iter()
            .map(emit::artifact)
            .collect::<Result<Vec<_>, _>>()
            .map_err(not_nix)?;
        let file = emit::JobFile {
            source: &source,
            regenerate: &regenerate,
            depth: job.rel.components().count().saturating_sub(1),
            artifacts: &artifacts,
            jobs: &plan.jobs,
            params: &file_params,
        };
        let text = emit::job_file(&file, schema::aurora()).map_err(not_nix)?;
        // What the result depends on besides the config: the same config converts differently
        // on another machine or with other --env/--bind values.
        let mut warnings: Vec<Diagnostic> = ev
            .deps
            .describe(opts.eval.env_given)
            .into_iter()
            .filter(|w| !w.contains("the contents of"))
            .map(|w| Diagnostic::warning(Code::Dependency, w))
            .collect();
        warnings.extend(ev.warnings.iter().cloned());
        warnings.extend(sample_warnings.iter().cloned());
        warnings.extend(plan.warnings.iter().cloned());
        warnings.extend(run::float_warnings(&ev.jobs));
        if !params.is_empty() && samples.is_empty() {
            warnings.push(
                Diagnostic::warning(
                    Code::ParamUnchecked,
                    format!(
                        "parameters without sample values ({}): Aurora's checks on the bound \
                         job run only when Nix binds them, and verify cannot compare this file",
                        idents.join(", ")
                    ),
                )
                .hint("give each a sample: --param NAME=VALUE (repeat it for more sample sets)"),
            );
        }
        Ok(Converted {
            text,
            deps: ev.deps.clone(),
            config_dir: config_dir.clone(),
            root: ev.root.clone(),
            before,
            origins: ev.origins.clone(),
            includes: ev.includes.clone(),
            plan,
            warnings,
            params: params.clone(),
            samples,
        })
    })
    .map_err(|d| FileError::plain(d, &source))
}

/// The parameters a config's jobs use, in declaration order. A parameter
/// the jobs never use is not the file's (a project's parameters need not all concern every
/// config), unless the config writes its `{{NAME}}` in code: then Python code consumes the
/// ref before pystachio could fill it, and `--bind` could not change the job (`E0014`, at the
/// ref). A parameter inside another ref (`{{pkg[{{version}}]}}`) names that ref, which no Nix
/// argument can do (`E0014`).
fn parameters(
    ev: &crate::aurora::Evaluation,
    opts: &ConvertOptions,
    source: &str,
) -> Result<Vec<Param>, FileError> {
    if opts.params.is_empty() {
        return Ok(Vec::new());
    }
    let fail = |d: Diagnostic| FileError {
        diagnostic: Box::new(d),
        sources: ev.sources.clone(),
        file: source.to_string(),
        includes: ev.includes.clone(),
    };
    let (uses, nested) = aurora::param_uses(&ev.jobs, opts.params.len());
    if let Some((i, text)) = nested {
        let name = &opts.params[i].name;
        let refs: Vec<(String, String)> = (opts.params.iter().enumerate())
            .map(|(i, p)| (aurora::param_ref(i), p.written()))
            .collect();
        let shown = jobs::replace_text(&serde_json::Value::String(text), &refs);
        let mut d = Diagnostic::error(
            Code::Parameter,
            format!(
                "parameter {name} is used inside another ref, in {shown}: a Nix argument \
                 cannot name a ref (Aurora reports such refs unbound)"
            ),
        )
        .hint(format!(
            "drop {name} from the parameters, or use {{{{{name}}}}} on its own"
        ));
        d.span = written_at(&ev.sources, &opts.params[i]);
        return Err(fail(d));
    }
    let mut out = Vec::new();
    for (p, n) in opts.params.iter().zip(uses) {
        if n > 0 {
            out.push(p.clone());
        } else if let Some(span) = written_at(&ev.sources, p) {
            let name = &p.name;
            let d = Diagnostic::error(
                Code::Parameter,
                format!(
                    "parameter {name} does not reach the job: Python code consumes this \
                     {{{{{name}}}}} instead of leaving it to pystachio's templating, so \
                     `aurora job create --bind {name}=...` cannot change the job, and no Nix \
                     argument can"
                ),
            )
            .at(span)
            .hint(format!(
                "pass {{{{{name}}}}} into a job's strings unchanged, or drop {name} from the \
                 parameters of this config"
            ));
            return Err(fail(d));
        }
    }
    Ok(out)
}

/// Where the config (or a file it includes) writes the parameter's `{{NAME}}` in a string
/// literal, not in a comment (in the text the parser saw, where spans point).
fn written_at(sources: &SourceMap, param: &Param) -> Option<python::Span> {
    let needle = param.written();
    for (id, f) in sources.files().enumerate() {
        let text = &f.rewritten.text;
        if f.library || !text.contains(&needle) {
            continue;
        }
        let Some(literals) = python::syntax::string_literals(text) else {
            continue;
        };
        let mut from = 0;
        while let Some(at) = text[from..].find(&needle).map(|i| i + from) {
            from = at + needle.len();
            if literals.iter().any(|l| l.contains(&at)) {
                let id = python::FileId(id as u32);
                return Some(python::Span::new(id, at as u32, from as u32));
            }
        }
    }
    None
}

/// Whether a file may be (over)written: absent, or generated by aurora2nix.
pub fn may_write(path: &Path, force: bool) -> bool {
    force
        || match std::fs::read(path) {
            Ok(bytes) => bytes.starts_with(GENERATED_MARKER.as_bytes()),
            Err(_) => true,
        }
}

/// Writes `text` to `path` atomically (a temporary file in the same folder, then a rename).
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let tmp = dir.join(format!(
        ".{}.tmp-{}-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("out"),
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let r = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        if super::interrupted() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "interrupted",
            ));
        }
        std::fs::rename(&tmp, path)
    })();
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r
}

/// Refuses an output path that would leave the output tree: through a symlinked folder, `..`,
/// or a symlink in place of the file.
fn contained(path: &Path, out: &Path) -> Result<(), String> {
    let leaves = || {
        format!(
            "{} would be written outside {} (through a symlink or `..`); refusing",
            path.display(),
            out.display()
        )
    };
    if path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        return Err(format!(
            "{} is a symlink; aurora2nix writes only regular files in the output tree",
            path.display()
        ));
    }
    let Ok(out) = out.canonicalize() else {
        return Ok(()); // nothing exists yet: the folders are created below it
    };
    // The nearest existing folder of the path must be inside the output tree.
    let mut dir = path.parent();
    while let Some(d) = dir {
        if let Ok(c) = d.canonicalize() {
            return if c.starts_with(&out) {
                Ok(())
            } else {
                Err(leaves())
            };
        }
        dir = d.parent();
    }
    Err(leaves())
}

fn put(path: &Path, text: &str, opts: &ConvertOptions) -> Result<bool, String> {
    contained(path, &opts.out)?;
    let current = std::fs::read_to_string(path).ok();
    if current.as_deref() == Some(text) {
        return Ok(false);
    }
    if opts.check {
        return Err(match current {
            None => format!("{} is missing", path.display()),
            Some(_) => format!("{} is stale", path.display()),
        });
    }
    if !may_write(path, opts.force) {
        return Err(format!(
            "{} exists and was not generated by aurora2nix; refusing to overwrite it (use --force)",
            path.display()
        ));
    }
    write_atomic(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(true)
}

/// The library file `aurora-lib.nix` as convert writes it: made (and formatted) once per
/// process, from the one built-in schema.
pub fn library_text() -> Result<String, String> {
    static TEXT: std::sync::OnceLock<Result<String, String>> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| library::library_file(schema::aurora()).map_err(|e| e.to_string()))
        .clone()
}

/// Writes (or checks) the library files and the launcher at the root of the output tree.
pub fn write_library(opts: &ConvertOptions) -> Result<(), String> {
    put(&opts.out.join("aurora-lib.nix"), &library_text()?, opts)?;
    let runtime = library::runtime_file();
    put(&opts.out.join("aurora-runtime.nix"), &runtime, opts)?;
    let rules = library::rules_file().map_err(|e| e.to_string())?;
    put(&opts.out.join("aurora-rules.nix"), &rules, opts)?;
    put(
        &opts.out.join(library::LAUNCHER_FILE),
        &library::launcher_file(),
        opts,
    )?;
    Ok(())
}

/// What converting one config did: its outcome, its mapping decisions and the files it
/// included. The text and the plan are gone once the file is written: a run holds only this
/// much per config, whatever the number of configs.
pub type RunOne = (Outcome, Vec<Mapping>, Vec<PathBuf>);

pub fn run_one(job: &Job, opts: &ConvertOptions, lock: &Lock) -> RunOne {
    match convert_one(job, opts, lock) {
        Err(e) => (Outcome::NotEvaluated(e.summary()), Vec::new(), e.includes),
        Ok(c) => {
            let path = output_path(&opts.out, &job.rel);
            let outcome = match put(&path, &c.text, opts) {
                Ok(changed) => Outcome::Converted {
                    warnings: c.warnings,
                    changed,
                },
                Err(e) if opts.check => Outcome::Stale(e),
                Err(e) => Outcome::Failed(e),
            };
            (outcome, c.plan.mappings, c.includes)
        }
    }
}

/// Whether files can be created in `out` (made if missing): creates and removes a probe file.
fn writable(out: &Path) -> std::io::Result<()> {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    std::fs::create_dir_all(out)?;
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let probe = out.join(format!(".aurora2nix-probe-{}-{n}", std::process::id()));
    std::fs::File::create(&probe)?;
    std::fs::remove_file(&probe)
}

/// Removes the temporary files (`.NAME.tmp-PID-N`, see [`write_atomic`]) that a killed run left
/// under `out`: those of a process that no longer runs. Returns how many it removed.
pub fn sweep_temporaries(out: &Path) -> usize {
    // Which processes run is known from /proc (Linux); elsewhere nothing is swept.
    if !Path::new("/proc/self").exists() {
        return 0;
    }
    let ours = std::process::id();
    let stale = |f: &Path| {
        let Some(name) = f.file_name().and_then(|n| n.to_str()) else {
            return false;
        };
        let Some((_, rest)) = name.strip_prefix('.').and_then(|n| n.rsplit_once(".tmp-")) else {
            return false;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            return false;
        };
        pid != ours && !Path::new(&format!("/proc/{pid}")).exists()
    };
    let mut found = Vec::new();
    if super::inputs::walk(out, &mut |f| stale(f), &mut found).is_err() {
        return 0;
    }
    found
        .iter()
        .filter(|f| std::fs::remove_file(f).is_ok())
        .count()
}

/// Generated job files under `out` whose source (named in their first line, relative to
/// `project`) no longer exists: left behind by a rename or a deletion. Only files carrying the
/// generated header are considered, so nothing hand-written is ever called an orphan.
pub fn orphans(out: &Path, project: &Path) -> Vec<(PathBuf, String)> {
    use std::io::{BufRead, Read};
    let mut files = Vec::new();
    if super::inputs::walk(
        out,
        &mut |f| f.extension().is_some_and(|e| e == "nix"),
        &mut files,
    )
    .is_err()
    {
        return Vec::new();
    }
    files.sort();
    files
        .into_iter()
        .filter_map(|f| {
            let mut first = String::new();
            let file = std::fs::File::open(&f).ok()?;
            std::io::BufReader::new(file.take(4096))
                .read_line(&mut first)
                .ok()?;
            let source = crate::nix::render::generated_source(first.trim_end())?.to_string();
            (!project.join(&source).exists()).then_some((f, source))
        })
        .collect()
}

/// Inputs whose outputs collide (two configs mapping to one `.nix`), with the other input.
pub fn collisions(jobs: &[Job]) -> Vec<(usize, String)> {
    let mut seen: std::collections::HashMap<PathBuf, usize> = Default::default();
    let mut out = Vec::new();
    for (i, j) in jobs.iter().enumerate() {
        let same_file = |first: usize| {
            let canon = |p: &Path| p.canonicalize().ok();
            canon(&j.input.path).is_some() && canon(&j.input.path) == canon(&jobs[first].input.path)
        };
        match seen.get(&j.rel) {
            Some(&first) if same_file(first) => out.push((
                i,
                format!(
                    "it is {} named a second time; it is converted once",
                    jobs[first].input.path.display()
                ),
            )),
            Some(&first) => out.push((
                i,
                format!(
                    "its output {} is also the output of {}; convert the directories separately or pass a common parent directory",
                    j.rel.with_extension("nix").display(),
                    jobs[first].input.path.display()
                ),
            )),
            None => {
                seen.insert(j.rel.clone(), i);
            }
        }
    }
    out
}

/// `a.aurora` / `3 files: a.aurora, b.aurora, c.aurora` / `12 files: a.aurora, b.aurora, c.aurora
/// and 9 more`.
fn files_list(files: &[String]) -> String {
    let shown: Vec<String> = files.iter().take(3).map(|f| super::shown(f)).collect();
    match files.len() {
        1 => shown.join(""),
        n if n <= 3 => format!("{n} files: {}", shown.join(", ")),
        n => format!("{n} files: {} and {} more", shown.join(", "), n - 3),
    }
}

/// `, 2 included by other configs` for the summary line, when there are libraries.
pub fn library_note(libraries: usize) -> String {
    match libraries {
        0 => String::new(),
        n => format!(", {n} included by other configs"),
    }
}

/// Selects shard K of N (1-based) of the sorted inputs.
pub fn shard<T: Clone>(items: &[T], shard: Option<(usize, usize)>) -> Vec<T> {
    match shard {
        None => items.to_vec(),
        Some((k, n)) => items
            .iter()
            .enumerate()
            .filter(|(i, _)| i % n == k - 1)
            .map(|(_, t)| t.clone())
            .collect(),
    }
}

/// Renders a warning for the per-file summary.
pub fn warning_line(w: &Diagnostic, file: &str) -> String {
    format!(
        "{file}: {}[{}]: {}",
        w.severity.label(),
        w.code.as_str(),
        w.message
    )
}

/// A usage error for `--shard`.
pub fn parse_shard(s: &str) -> Result<(usize, usize), Diagnostic> {
    let bad = || {
        Diagnostic::error(
            Code::Usage,
            format!("--shard must be K/N with 1 <= K <= N, got {s}"),
        )
    };
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (usize, usize) = (k.parse().map_err(|_| bad())?, n.parse().map_err(|_| bad())?);
    if k == 0 || n == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

/// Runs `convert`: `stdout` prints the one file instead of writing; `report` writes every
/// mapping decision as JSON.
pub fn run(
    con: &mut Console,
    opts: &ConvertOptions,
    files: &[Input],
    lock: &Lock,
    report: Option<&Path>,
    stdout: bool,
) -> i32 {
    let jobs = jobs(files);
    if stdout {
        return match convert_one(&jobs[0], opts, lock) {
            Ok(c) => {
                for w in &c.warnings {
                    let _ = writeln!(
                        con.err,
                        "{}",
                        warning_line(w, &jobs[0].rel.display().to_string())
                    );
                }
                let _ = write!(con.out, "{}", c.text);
                0
            }
            Err(e) => {
                let _ = writeln!(con.err, "{}", e.line());
                1
            }
        };
    }
    let jobs = shard(&jobs, opts.shard);
    let mut code = 0;
    if !opts.check {
        // An output tree that cannot be written is one problem of the command, not one per file.
        if let Err(e) = writable(&opts.out) {
            let d = Diagnostic::error(
                Code::Io,
                format!(
                    "cannot write to the output tree {}: {e}",
                    opts.out.display()
                ),
            );
            let _ = write!(
                con.err,
                "{}",
                diagnostic::render(&d, &SourceMap::default(), "")
            );
            return 2;
        }
        let swept = sweep_temporaries(&opts.out);
        if swept > 0 {
            let _ = writeln!(
                con.err,
                "removed {swept} temporary file(s) an interrupted run left in {}",
                opts.out.display()
            );
        }
    }
    if let Err(e) = write_library(opts) {
        let _ = writeln!(con.err, "{e}");
        code = 1;
    }
    let clashes = collisions(&jobs);
    let progress = Progress::new(jobs.len(), con.err_tty);
    let indexed: Vec<(usize, &Job)> = jobs.iter().enumerate().collect();
    let results = parallel_map(&indexed, |(i, j)| {
        let r = match clashes.iter().find(|(k, _)| k == i) {
            Some((_, why)) => (Outcome::Failed(why.clone()), Vec::new(), Vec::new()),
            None => run_one(j, opts, lock),
        };
        progress.tick();
        r
    });
    progress.finish();
    let Ok(results) = results else {
        return Interrupted::CODE;
    };
    let runs: Vec<_> = jobs
        .iter()
        .zip(&results)
        .map(|(j, (o, _, files))| {
            let evaluated = !matches!(o, Outcome::NotEvaluated(_));
            (&j.input, evaluated, files.as_slice())
        })
        .collect();
    let included_by = libraries(&runs);
    let (mut ok, mut warned, mut failed, mut stale, mut library_count) = (0, 0, 0, 0, 0);
    let mut unchanged = 0;
    // Each distinct warning once, with the files it covers (in input order).
    let mut grouped: Vec<((&str, String), Vec<String>)> = Vec::new();
    let mut mappings = Vec::new();
    for ((job, (outcome, file_mappings, _)), by) in jobs.iter().zip(results).zip(included_by) {
        let file = job.rel.display().to_string();
        if report.is_some() {
            mappings.extend(
                file_mappings
                    .iter()
                    .map(|m| serde_json::json!({"file": file, "mapping": m})),
            );
        }
        let shown = super::shown(&file);
        match outcome {
            Outcome::Converted { warnings, changed } if warnings.is_empty() => {
                ok += 1;
                unchanged += usize::from(!changed);
                if con.verbose {
                    let _ = writeln!(con.err, "converted: {shown}");
                }
            }
            Outcome::Converted { warnings, changed } => {
                warned += 1;
                unchanged += usize::from(!changed);
                if con.verbose {
                    let _ = writeln!(con.err, "converted with warnings: {shown}");
                    for w in &warnings {
                        let _ = writeln!(con.err, "  {}", warning_line(w, &file));
                    }
                }
                for w in warnings {
                    let key = (w.code.as_str(), w.message);
                    match grouped.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, files)) => files.push(file.clone()),
                        None => grouped.push((key, vec![file.clone()])),
                    }
                }
            }
            // A library: its includers' outputs carry it; the summary counts it.
            Outcome::NotEvaluated(_) if !by.is_empty() => library_count += 1,
            Outcome::Failed(e) | Outcome::NotEvaluated(e) => {
                failed += 1;
                code = 1;
                let _ = writeln!(con.err, "failed: {shown}\n  {e}");
            }
            Outcome::Stale(e) => {
                stale += 1;
                code = 1;
                let d = Diagnostic::error(Code::Stale, e);
                let line = diagnostic::one_line(&d, &SourceMap::default(), "");
                let label = if output_path(&opts.out, &job.rel).exists() {
                    "stale"
                } else {
                    "missing"
                };
                let _ = writeln!(con.err, "{label}: {shown}\n  {line}");
            }
        }
    }
    if !con.verbose && !con.quiet {
        for ((code, message), files) in &grouped {
            let _ = writeln!(
                con.err,
                "warning[{code}]: {} ({})",
                super::shown(message),
                files_list(files)
            );
        }
    }
    if let Some(path) = report {
        let doc = serde_json::json!({ "mappings": mappings });
        let text = serde_json::to_string_pretty(&doc).expect("report serializes") + "\n";
        if let Err(e) = write_atomic(path, &text) {
            let _ = writeln!(con.err, "cannot write {}: {e}", path.display());
            code = 1;
        }
    }
    // Whole runs only: a shard sees its own inputs, not the tree.
    let orphans = if opts.shard.is_none() {
        orphans(&opts.out, &opts.project)
    } else {
        Vec::new()
    };
    for (path, source) in &orphans {
        let (nix, source) = (
            super::shown(&path.display().to_string()),
            super::shown(source),
        );
        if opts.prune {
            match std::fs::remove_file(path) {
                Ok(()) => {
                    let _ = writeln!(con.err, "pruned: {nix} (its source {source} is gone)");
                }
                Err(e) => {
                    code = 1;
                    let _ = writeln!(con.err, "cannot prune {nix}: {e}");
                }
            }
        } else {
            let _ = writeln!(con.err, "orphan: {nix} (its source {source} is gone)");
        }
    }
    if !orphans.is_empty() && !opts.prune {
        if opts.check {
            code = 1;
        }
        let _ = writeln!(
            con.err,
            "{} orphaned file(s): delete them with `aurora2nix convert --prune`",
            orphans.len()
        );
    }
    if opts.check {
        if !con.quiet {
            let _ = writeln!(
                con.err,
                "{} up to date, {stale} missing or stale, {failed} failed{}",
                ok + warned,
                library_note(library_count)
            );
        }
        if stale > 0 {
            let _ = writeln!(con.err, "regenerate with: {}", opts.regenerate);
        }
    } else if !con.quiet {
        let written = match unchanged {
            0 => String::new(),
            n if n == ok + warned => " (all unchanged)".to_string(),
            n => format!(" ({n} unchanged)"),
        };
        let _ = writeln!(
            con.err,
            "{ok} converted, {warned} converted with warnings, {failed} failed{}{written}",
            library_note(library_count)
        );
    }
    code
}
