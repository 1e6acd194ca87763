//! The command line: argument parsing into one validated config, then dispatch.
//!
//! `main.rs` only calls [`run`] and exits with its code. Exit codes: 0 success, 1 a config
//! failed, 2 the command itself could not run (bad arguments, unreadable paths).

use crate::diagnostic::{self, Code, Diagnostic};
use crate::loader::{self, EvalOptions};
use clap::{Args, Parser, Subcommand};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Migrate Apache Aurora job configurations to Nix.
#[derive(Parser, Debug)]
#[command(name = "aurora2nix", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Evaluate .aurora files and print their Aurora JSON ({"jobs": [...]}).
    Eval(EvalArgs),
    /// Convert .aurora files into Nix job files under --out.
    Convert(ConvertArgs),
    /// Check that generated Nix files evaluate (with real Nix) to the same jobs as their .aurora.
    Verify(VerifyArgs),
    /// Fill aurora2nix.lock: pin every fetched source no checksum pins, by downloading it.
    Lock(LockArgs),
    /// Show, per job, a unified diff of the Aurora JSON before and after conversion.
    Diff(ReviewArgs),
    /// Print a Markdown migration report (for a pull-request description).
    Report(ReviewArgs),
}

#[derive(Args, Debug)]
struct ReviewArgs {
    #[command(flatten)]
    eval: EvalArgs,
    /// The output tree the files were converted into.
    #[arg(long, value_name = "OUT")]
    out: PathBuf,
    /// The realise mode the files were converted with.
    #[arg(long, value_name = "store|none", default_value = "store")]
    realise: String,
    /// The lock file the files were converted with.
    #[arg(long, value_name = "FILE")]
    lock: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct LockArgs {
    #[command(flatten)]
    eval: EvalArgs,
    /// The lock file (default: aurora2nix.lock in the first directory argument, else `.`).
    #[arg(long, value_name = "FILE")]
    lock: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct VerifyArgs {
    #[command(flatten)]
    target: ReviewArgs,
    /// `text`, `json`, `junit` (JUnit XML, one test case per job) or `github` (annotations).
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    format: String,
    /// Take "before" from this command instead of aurora2nix's evaluator; `{file}` is replaced by
    /// the config's path, and it must print {"jobs": [...]} (e.g. a wrapper around
    /// `aurora job inspect --write-json`).
    #[arg(long, value_name = "CMD")]
    before_cmd: Option<String>,
}

#[derive(Args, Debug)]
struct ConvertArgs {
    #[command(flatten)]
    eval: EvalArgs,
    /// The output tree; each config becomes OUT/<relative path>.nix.
    #[arg(long, value_name = "OUT", required_unless_present = "stdout")]
    out: Option<PathBuf>,
    /// Write nothing; exit 1 if any output is missing or stale.
    #[arg(long)]
    check: bool,
    /// Print the Nix file of a single config instead of writing it.
    #[arg(long, conflicts_with_all = ["check", "out"])]
    stdout: bool,
    /// Convert only shard K of N (1-based) of the sorted inputs.
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Write every mapping decision as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Overwrite files that aurora2nix did not generate.
    #[arg(long)]
    force: bool,
    /// Run `aurora2nix lock` first: download and pin sources nothing else pins.
    #[arg(long)]
    prefetch: bool,
    /// How store paths reach agents: `store` adds a `nix-store --realise` step before consumers;
    /// `none` trusts agents provisioned with the closure.
    #[arg(long, value_name = "store|none", default_value = "store")]
    realise: String,
    /// The lock file mapping sources to fetchable URLs and hashes (default: aurora2nix.lock in the
    /// first directory argument, else in the current directory).
    #[arg(long, value_name = "FILE")]
    lock: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct EvalArgs {
    /// Config files, directories (searched for **/*.aurora) or glob patterns.
    #[arg(required = true)]
    paths: Vec<String>,
    /// Bind a template variable, as `aurora --bind NAME=VALUE` (repeatable).
    #[arg(long = "bind", value_name = "NAME=VALUE")]
    bindings: Vec<String>,
    /// Set what os.environ and getpass.getuser() see; once given, only these are visible.
    #[arg(long = "env", value_name = "NAME=VALUE")]
    env: Vec<String>,
    /// Select one job by its key.
    #[arg(long, value_name = "CLUSTER/ROLE/ENV/NAME")]
    job: Option<String>,
    /// Files may only be read below this directory (default: the config's folder, or the
    /// directory argument).
    #[arg(long)]
    root: Option<PathBuf>,
}

/// Runs the command line and returns the process exit code.
pub fn run(args: impl IntoIterator<Item = String>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let usage = |d: Diagnostic| {
        eprint!(
            "{}",
            diagnostic::render(&d, &Default::default(), "aurora2nix")
        );
        2
    };
    match cli.command {
        Command::Eval(a) => match eval_options(&a) {
            Ok((opts, files)) => eval(&opts, &files),
            Err(d) => usage(d),
        },
        Command::Lock(a) => match eval_options(&a.eval) {
            Ok((opts, files)) => {
                lock_command(&opts, &files, &lock_path(&a.eval.paths, a.lock.as_deref()))
            }
            Err(d) => usage(d),
        },
        Command::Diff(a) => match review_options(&a) {
            Ok((opts, files, lock)) => diff(&opts, &files, &lock),
            Err(d) => usage(d),
        },
        Command::Report(a) => match review_options(&a) {
            Ok((opts, files, lock)) => report(&opts, &files, &lock),
            Err(d) => usage(d),
        },
        Command::Verify(a) => match verify_options(&a) {
            Ok((opts, files, lock)) => {
                verify(&opts, &files, &lock, &a.format, a.before_cmd.as_deref())
            }
            Err(d) => usage(d),
        },
        Command::Convert(a) => match convert_options(&a) {
            Ok((opts, files, lock, report)) => {
                let lock = if a.prefetch {
                    let path = lock_path(&a.eval.paths, a.lock.as_deref());
                    if lock_command(&opts.eval, &files, &path) == 2 {
                        return 2;
                    }
                    match crate::packages::Lock::load(&path) {
                        Ok(l) => l,
                        Err(m) => return usage(Diagnostic::error(Code::Usage, m)),
                    }
                } else {
                    lock
                };
                convert(&opts, &files, &lock, report.as_deref(), a.stdout)
            }
            Err(d) => usage(d),
        },
    }
}

/// One input file and the root it may read below.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub root: Option<PathBuf>,
    /// The argument named exactly this one file.
    pub single: bool,
}

/// Expands paths, directories and globs into sorted `.aurora` files.
pub fn expand_inputs(paths: &[String]) -> Result<Vec<Input>, Diagnostic> {
    let mut out = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if path.is_dir() {
            let pattern = format!(
                "{}/**/*.aurora",
                glob::Pattern::escape(p.trim_end_matches('/'))
            );
            let mut found: Vec<PathBuf> = glob::glob(&pattern)
                .map_err(|e| Diagnostic::error(Code::Usage, format!("bad directory {p}: {e}")))?
                .filter_map(Result::ok)
                .collect();
            found.sort();
            out.extend(found.into_iter().map(|f| Input {
                path: f,
                root: Some(path.to_path_buf()),
                single: false,
            }));
        } else if path.is_file() {
            out.push(Input {
                path: path.to_path_buf(),
                root: None,
                single: true,
            });
        } else if p.contains(['*', '?', '[']) {
            let mut found: Vec<PathBuf> = glob::glob(p)
                .map_err(|e| Diagnostic::error(Code::Usage, format!("bad pattern {p}: {e}")))?
                .filter_map(Result::ok)
                .filter(|f| f.is_file())
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Diagnostic::error(
                    Code::Usage,
                    format!("no files match {p}"),
                ));
            }
            out.extend(found.into_iter().map(|f| Input {
                path: f,
                root: None,
                single: false,
            }));
        } else {
            return Err(Diagnostic::error(
                Code::Io,
                format!("{p}: no such file or directory"),
            ));
        }
    }
    Ok(out)
}

fn eval_options(a: &EvalArgs) -> Result<(EvalOptions, Vec<Input>), Diagnostic> {
    let bindings = a
        .bindings
        .iter()
        .map(|b| loader::parse_binding(b).map_err(|m| Diagnostic::error(Code::Usage, m)))
        .collect::<Result<Vec<_>, _>>()?;
    let environ: BTreeMap<String, String> = if a.env.is_empty() {
        std::env::vars().collect()
    } else {
        a.env
            .iter()
            .map(|e| {
                e.split_once('=')
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .ok_or_else(|| {
                        Diagnostic::error(Code::Usage, format!("--env must be NAME=VALUE, got {e}"))
                    })
            })
            .collect::<Result<_, _>>()?
    };
    let job = match &a.job {
        None => None,
        Some(k) => {
            let parts: Vec<&str> = k.split('/').collect();
            match parts.as_slice() {
                [c, r, e, n] => Some([c.to_string(), r.to_string(), e.to_string(), n.to_string()]),
                _ => {
                    return Err(Diagnostic::error(
                        Code::Usage,
                        format!("--job must be CLUSTER/ROLE/ENV/NAME, got {k}"),
                    ))
                }
            }
        }
    };
    let files = expand_inputs(&a.paths)?;
    Ok((
        EvalOptions {
            bindings,
            environ,
            job,
            root: a.root.clone(),
            limits: Default::default(),
        },
        files,
    ))
}

fn deps_json(deps: &crate::eval::Deps) -> Option<serde_json::Value> {
    if deps.env.is_empty() && deps.files.is_empty() && deps.other.is_empty() {
        return None;
    }
    Some(serde_json::json!({ "env": deps.env, "files": deps.files, "other": deps.other }))
}

fn eval(opts: &EvalOptions, files: &[Input]) -> i32 {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let [one] = files {
        if one.single {
            let mut o = opts.clone();
            o.root = opts.root.clone().or(one.root.clone());
            return match loader::evaluate_file(&one.path, &o) {
                Ok(ev) => {
                    for w in ev.deps.describe() {
                        eprint!(
                            "{}",
                            diagnostic::render(
                                &Diagnostic::warning(Code::Dependency, w),
                                &ev.sources,
                                &one.path.display().to_string()
                            )
                        );
                    }
                    let doc = loader::jobs_document(&ev.jobs);
                    let text = serde_json::to_string_pretty(&doc).expect("JSON values serialize");
                    if writeln!(out, "{text}").is_err() {
                        return 0;
                    }
                    0
                }
                Err(f) => {
                    eprint!(
                        "{}",
                        diagnostic::render(
                            &f.diagnostic,
                            &f.sources,
                            &one.path.display().to_string()
                        )
                    );
                    1
                }
            };
        }
    }
    let mut code = 0;
    let mut broken_pipe = false;
    // Lines are printed in input order as soon as they are ready, so memory stays flat on large
    // repositories.
    parallel_ordered(
        files,
        |input| {
            let mut o = opts.clone();
            o.root = opts.root.clone().or(input.root.clone());
            let file = input.path.display().to_string();
            match loader::evaluate_file(&input.path, &o) {
                Ok(ev) => {
                    let mut line = serde_json::json!({ "file": file, "jobs": ev.jobs });
                    if let Some(d) = deps_json(&ev.deps) {
                        line["depends_on"] = d;
                    }
                    (line, true)
                }
                Err(f) => (
                    serde_json::json!({ "file": file, "error": diagnostic::one_line(&f.diagnostic, &f.sources, &file) }),
                    false,
                ),
            }
        },
        |(line, ok)| {
            if !ok {
                code = 1;
            }
            if !broken_pipe && writeln!(out, "{line}").is_err() {
                broken_pipe = true;
            }
        },
    );
    code
}

/// Maps `f` over `items` on all cores, keeping order.
pub fn parallel_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let mut out = Vec::with_capacity(items.len());
    parallel_ordered(items, f, |u| out.push(u));
    out
}

/// Runs `f` over `items` on all cores and hands the results to `consume` in input order, each as
/// soon as it and every earlier one are done.
pub fn parallel_ordered<T: Sync, U: Send>(
    items: &[T],
    f: impl Fn(&T) -> U + Sync,
    mut consume: impl FnMut(U),
) {
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(items.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, U)>();
    std::thread::scope(|s| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (f, next) = (&f, &next);
            s.spawn(move || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= items.len() || tx.send((i, f(&items[i]))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending = std::collections::BTreeMap::new();
        let mut due = 0;
        for (i, u) in rx {
            pending.insert(i, u);
            while let Some(u) = pending.remove(&due) {
                consume(u);
                due += 1;
            }
        }
    });
}

/// What `verify`, `diff` and `report` run on: options, inputs and the lock file.
type ReviewSetup = (
    crate::convert::ConvertOptions,
    Vec<Input>,
    crate::packages::Lock,
);

type ConvertSetup = (
    crate::convert::ConvertOptions,
    Vec<Input>,
    crate::packages::Lock,
    Option<PathBuf>,
);

fn convert_options(a: &ConvertArgs) -> Result<ConvertSetup, Diagnostic> {
    let (eval, files) = eval_options(&a.eval)?;
    if a.stdout && files.len() != 1 {
        return Err(Diagnostic::error(
            Code::Usage,
            "--stdout converts exactly one config",
        ));
    }
    let realise = match a.realise.as_str() {
        "store" => crate::packages::Realise::Store,
        "none" => crate::packages::Realise::None,
        other => {
            return Err(Diagnostic::error(
                Code::Usage,
                format!("--realise must be `store` or `none`, got {other}"),
            ))
        }
    };
    let shard = a
        .shard
        .as_deref()
        .map(crate::convert::parse_shard)
        .transpose()?;
    let lock_path = a.lock.clone().unwrap_or_else(|| {
        let dir = a
            .eval
            .paths
            .iter()
            .map(Path::new)
            .find(|p| p.is_dir())
            .unwrap_or(Path::new("."));
        dir.join(crate::packages::lock::FILE_NAME)
    });
    let lock =
        crate::packages::Lock::load(&lock_path).map_err(|m| Diagnostic::error(Code::Usage, m))?;
    let opts = crate::convert::ConvertOptions {
        out: a.out.clone().unwrap_or_default(),
        eval,
        plan: crate::packages::PlanOptions { realise },
        check: a.check,
        force: a.force,
        shard,
    };
    Ok((opts, files, lock, a.report.clone()))
}

fn convert(
    opts: &crate::convert::ConvertOptions,
    files: &[Input],
    lock: &crate::packages::Lock,
    report: Option<&Path>,
    stdout: bool,
) -> i32 {
    use crate::convert::{self as cv, Outcome};
    let jobs = cv::jobs(files);
    if stdout {
        return match cv::convert_one(&jobs[0], opts, lock) {
            Ok(c) => {
                for w in &c.warnings {
                    eprintln!(
                        "{}",
                        cv::warning_line(w, &jobs[0].rel.display().to_string())
                    );
                }
                print!("{}", c.text);
                0
            }
            Err(e) => {
                eprintln!("{e}");
                1
            }
        };
    }
    let jobs = cv::shard(&jobs, opts.shard);
    let mut code = 0;
    if let Err(e) = cv::write_library(opts) {
        eprintln!("{e}");
        code = 1;
    }
    let clashes = cv::collisions(&jobs);
    let progress = crate::cli::Progress::new(jobs.len());
    let indexed: Vec<(usize, &cv::Job)> = jobs.iter().enumerate().collect();
    let results = parallel_map(&indexed, |(i, j)| {
        let r = match clashes.iter().find(|(k, _)| k == i) {
            Some((_, why)) => (Outcome::Failed(why.clone()), None),
            None => cv::run_one(j, opts, lock),
        };
        progress.tick();
        r
    });
    progress.finish();
    let (mut ok, mut warned, mut failed, mut stale) = (0, 0, 0, 0);
    let mut mappings = Vec::new();
    for (job, (outcome, plan)) in jobs.iter().zip(results) {
        let file = job.rel.display().to_string();
        if let Some(p) = plan {
            mappings.extend(
                p.mappings
                    .iter()
                    .map(|m| serde_json::json!({"file": file, "mapping": m})),
            );
        }
        match outcome {
            Outcome::Converted { warnings, .. } if warnings.is_empty() => ok += 1,
            Outcome::Converted { warnings, .. } => {
                warned += 1;
                eprintln!("converted with warnings: {file}");
                for w in warnings {
                    eprintln!("  {}", cv::warning_line(&w, &file));
                }
            }
            Outcome::Failed(e) => {
                failed += 1;
                code = 1;
                eprintln!("failed: {file}\n  {e}");
            }
            Outcome::Stale(e) => {
                stale += 1;
                code = 1;
                eprintln!("stale: {file}\n  error[E0021]: {e}");
            }
        }
    }
    if let Some(path) = report {
        let doc = serde_json::json!({ "mappings": mappings });
        let text = serde_json::to_string_pretty(&doc).expect("report serializes") + "\n";
        if let Err(e) = cv::write_atomic(path, &text) {
            eprintln!("cannot write {}: {e}", path.display());
            code = 1;
        }
    }
    if opts.check {
        eprintln!(
            "{} up to date, {stale} missing or stale, {failed} failed",
            ok + warned
        );
        if stale > 0 {
            eprintln!(
                "regenerate with: aurora2nix convert <same paths> --out {}",
                opts.out.display()
            );
        }
    } else {
        eprintln!("{ok} converted, {warned} converted with warnings, {failed} failed");
    }
    code
}

/// A progress bar on stderr when it is a terminal (and `NO_COLOR`-independent), else nothing.
pub struct Progress {
    total: usize,
    done: std::sync::atomic::AtomicUsize,
    enabled: bool,
}

impl Progress {
    /// A progress counter over `total` items.
    pub fn new(total: usize) -> Progress {
        use std::io::IsTerminal;
        Progress {
            total,
            done: Default::default(),
            enabled: std::io::stderr().is_terminal() && total > 1,
        }
    }

    /// One more item done.
    pub fn tick(&self) {
        let n = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if self.enabled {
            let width = 30;
            let filled = n * width / self.total.max(1);
            eprint!(
                "\r[{}{}] {n}/{}",
                "#".repeat(filled),
                " ".repeat(width - filled),
                self.total
            );
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if self.enabled {
            eprint!("\r{}\r", " ".repeat(50));
        }
    }
}

fn parse_realise(s: &str) -> Result<crate::packages::Realise, Diagnostic> {
    match s {
        "store" => Ok(crate::packages::Realise::Store),
        "none" => Ok(crate::packages::Realise::None),
        other => Err(Diagnostic::error(
            Code::Usage,
            format!("--realise must be `store` or `none`, got {other}"),
        )),
    }
}

/// The lock file: `--lock`, else `aurora2nix.lock` in the first directory argument or `.`.
fn lock_path(paths: &[String], lock: Option<&Path>) -> PathBuf {
    lock.map(Path::to_path_buf).unwrap_or_else(|| {
        let dir = paths
            .iter()
            .map(Path::new)
            .find(|p| p.is_dir())
            .unwrap_or(Path::new("."));
        dir.join(crate::packages::lock::FILE_NAME)
    })
}

fn load_lock(paths: &[String], lock: Option<&Path>) -> Result<crate::packages::Lock, Diagnostic> {
    crate::packages::Lock::load(&lock_path(paths, lock))
        .map_err(|m| Diagnostic::error(Code::Usage, m))
}

/// `aurora2nix lock`: pins unpinned sources into the lock file; exit 0 when all are pinned.
fn lock_command(opts: &EvalOptions, files: &[Input], path: &Path) -> i32 {
    use crate::packages::lock::{self, Filled};
    let mut lock = match crate::packages::Lock::load(path) {
        Ok(l) => l,
        Err(m) => {
            eprintln!("error[E0012]: {m}");
            return 2;
        }
    };
    let plan_opts = crate::packages::PlanOptions::default();
    let mut sources: Vec<String> = parallel_map(files, |input| {
        let mut o = opts.clone();
        o.root = opts.root.clone().or(input.root.clone());
        let Ok(ev) = loader::evaluate_file(&input.path, &o) else {
            return Vec::new();
        };
        let dir = std::path::absolute(&input.path)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        crate::packages::plan(
            &ev.jobs,
            &ev.deps,
            &dir,
            &dir.join("x.nix"),
            &lock,
            &plan_opts,
        )
        .mappings
        .into_iter()
        .filter(|m| m.input.is_none() && !m.note.contains("several files"))
        .map(|m| m.source)
        .collect()
    })
    .into_iter()
    .flatten()
    .collect();
    sources.sort();
    sources.dedup();
    let results = lock::fill(&mut lock, &sources);
    let mut code = 0;
    for r in &results {
        match r {
            Filled::Hashed { source, hash } => eprintln!("pinned {source}: {hash}"),
            Filled::NeedsUrl { source } => {
                code = 1;
                eprintln!("needs a URL: {source} (set its \"url\" in {}, then run `aurora2nix lock` again)", path.display());
            }
            Filled::Failed { source, error } => {
                code = 1;
                eprintln!("failed: {source}: {error}");
            }
        }
    }
    if let Err(e) = crate::convert::write_atomic(path, &lock.to_text()) {
        eprintln!("cannot write {}: {e}", path.display());
        return 2;
    }
    eprintln!(
        "{} pinned, {} need attention; wrote {}",
        results
            .iter()
            .filter(|r| matches!(r, Filled::Hashed { .. }))
            .count(),
        results
            .iter()
            .filter(|r| !matches!(r, Filled::Hashed { .. }))
            .count(),
        path.display()
    );
    code
}

fn verify_options(a: &VerifyArgs) -> Result<ReviewSetup, Diagnostic> {
    if !["text", "json", "junit", "github"].contains(&a.format.as_str()) {
        return Err(Diagnostic::error(
            Code::Usage,
            format!(
                "--format must be text, json, junit or github, got {}",
                a.format
            ),
        ));
    }
    review_options(&a.target)
}

/// Runs `--before-cmd` for one config and reads its `{"jobs": [...]}`.
fn before_from_command(cmd: &str, file: &Path) -> Result<Vec<serde_json::Value>, String> {
    let quoted = format!("'{}'", file.display().to_string().replace('\'', r"'\''"));
    let line = cmd.replace("{file}", &quoted);
    let out = std::process::Command::new("sh")
        .args(["-c", &line])
        .output()
        .map_err(|e| format!("cannot run --before-cmd: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "--before-cmd failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("--before-cmd did not print JSON: {e}"))?;
    Ok(match doc.get("jobs") {
        Some(serde_json::Value::Array(jobs)) => jobs.clone(),
        _ => vec![doc],
    })
}

/// Everything `verify`, `diff` and `report` need: the in-memory conversions, the Nix results and
/// the verdicts.
struct Gathered {
    jobs: Vec<crate::convert::Job>,
    converted: Vec<Result<(crate::convert::Converted, Vec<serde_json::Value>), String>>,
    after: Vec<Option<serde_json::Value>>,
    verdicts: Vec<crate::verify::FileVerdict>,
    nix_available: bool,
    cannot_run: bool,
}

fn gather(
    opts: &crate::convert::ConvertOptions,
    files: &[Input],
    lock: &crate::packages::Lock,
    before_cmd: Option<&str>,
) -> Gathered {
    use crate::convert as cv;
    use crate::verify::{self as vf, FileVerdict};
    let jobs = cv::jobs(files);
    let converted = parallel_map(&jobs, |j| {
        let c = cv::convert_one(j, opts, lock)?;
        let expected = match before_cmd {
            None => c.plan.resolved_jobs(),
            Some(cmd) => {
                let before = before_from_command(cmd, &j.input.path)?;
                let out_file = cv::output_path(&opts.out, &j.rel);
                crate::packages::plan(&before, &c.deps, &c.config_dir, &out_file, lock, &opts.plan)
                    .resolved_jobs()
            }
        };
        Ok::<_, String>((c, expected))
    });
    let nix_files: Vec<PathBuf> = jobs
        .iter()
        .map(|j| cv::output_path(&opts.out, &j.rel))
        .collect();
    let present: Vec<usize> = (0..jobs.len())
        .filter(|&i| converted[i].is_ok() && nix_files[i].is_file())
        .collect();
    let roots = vec![
        std::env::current_dir().unwrap_or_default(),
        opts.out.clone(),
    ];
    let evaluated = vf::nix_eval(
        &present
            .iter()
            .map(|&i| nix_files[i].clone())
            .collect::<Vec<_>>(),
        &roots,
    );
    let nix_available = !evaluated
        .iter()
        .any(|r| matches!(r, Err(vf::NixFailure::Missing)));
    let mut after: Vec<Option<Result<serde_json::Value, vf::NixFailure>>> =
        (0..jobs.len()).map(|_| None).collect();
    for (i, r) in present.iter().zip(evaluated) {
        after[*i] = Some(r);
    }
    let mut verdicts = Vec::new();
    let mut cannot_run = false;
    for (i, job) in jobs.iter().enumerate() {
        let aurora = job.input.path.display().to_string();
        let nix = nix_files[i].display().to_string();
        let mut v = FileVerdict {
            aurora,
            nix,
            stale: false,
            jobs: vec![],
            error: None,
        };
        match (&converted[i], after[i].clone()) {
            (Err(e), _) => {
                v.error = Some(format!("the .aurora does not evaluate: {e}"));
                cannot_run = true;
            }
            (Ok(_), None) => {
                v.error = Some(format!(
                    "{} is missing; generate it with `aurora2nix convert`",
                    v.nix
                ));
            }
            (Ok(_), Some(Err(vf::NixFailure::Eval(m)))) => {
                v.error = Some(format!("Nix cannot evaluate {}: {m}", v.nix));
            }
            (Ok(_), Some(Err(vf::NixFailure::Missing))) => {
                v.error = Some("not verified: nix-instantiate is not installed".into());
            }
            (Ok((c, expected)), Some(Ok(doc))) => {
                v.stale =
                    std::fs::read_to_string(&nix_files[i]).ok().as_deref() != Some(c.text.as_str());
                let actual: Vec<serde_json::Value> = doc
                    .get("jobs")
                    .and_then(|j| j.as_array())
                    .cloned()
                    .unwrap_or_default();
                v.jobs = vf::compare_jobs(expected, &actual, &c.origins);
            }
        }
        verdicts.push(v);
    }
    let after_docs = after
        .into_iter()
        .map(|a| match a {
            Some(Ok(doc)) => Some(doc),
            _ => None,
        })
        .collect();
    Gathered {
        jobs,
        converted,
        after: after_docs,
        verdicts,
        nix_available,
        cannot_run,
    }
}

fn verify(
    opts: &crate::convert::ConvertOptions,
    files: &[Input],
    lock: &crate::packages::Lock,
    format: &str,
    before_cmd: Option<&str>,
) -> i32 {
    use crate::verify::{self as vf, FileVerdict};
    let g = gather(opts, files, lock, before_cmd);
    if !g.nix_available {
        eprintln!(
            "error[E0022]: `{}` was not found: verify evaluates the generated files with real Nix\n  = help: install Nix (Debian: apt-get install nix-bin), or set AURORA2NIX_NIX_INSTANTIATE",
            vf::nix_instantiate()
        );
        return 2;
    }
    let (verdicts, cannot_run) = (g.verdicts, g.cannot_run);
    let text = match format {
        "json" => serde_json::to_string_pretty(&verdicts).expect("verdicts serialize") + "\n",
        "junit" => vf::render_junit(&verdicts),
        "github" => vf::render_annotations(&verdicts),
        _ => vf::render_text(&verdicts),
    };
    print!("{text}");
    if format != "text" {
        eprint!(
            "{}",
            vf::render_text(&verdicts)
                .lines()
                .last()
                .map(|l| format!("{l}\n"))
                .unwrap_or_default()
        );
    }
    if cannot_run && verdicts.iter().all(|v| v.error.is_some()) {
        2
    } else if verdicts.iter().all(FileVerdict::ok) {
        0
    } else {
        1
    }
}

fn review_options(a: &ReviewArgs) -> Result<ReviewSetup, Diagnostic> {
    let (eval, files) = eval_options(&a.eval)?;
    let opts = crate::convert::ConvertOptions {
        out: a.out.clone(),
        eval,
        plan: crate::packages::PlanOptions {
            realise: parse_realise(&a.realise)?,
        },
        check: true,
        force: false,
        shard: None,
    };
    Ok((opts, files, load_lock(&a.eval.paths, a.lock.as_deref())?))
}

fn diff(
    opts: &crate::convert::ConvertOptions,
    files: &[Input],
    lock: &crate::packages::Lock,
) -> i32 {
    use std::io::IsTerminal;
    let g = gather(opts, files, lock, None);
    let style = crate::review::Style {
        color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut out = String::new();
    let mut code = 0;
    for (i, job) in g.jobs.iter().enumerate() {
        let file = job.input.path.display().to_string();
        let nix = crate::convert::output_path(&opts.out, &job.rel)
            .display()
            .to_string();
        let (c, expected) = match &g.converted[i] {
            Ok(x) => x,
            Err(e) => {
                out.push_str(&format!("{file}: cannot evaluate: {e}\n"));
                code = 1;
                continue;
            }
        };
        // After: what real Nix gives for the file, else what convert would write now.
        let after: Vec<serde_json::Value> = match &g.after[i] {
            Some(doc) => doc
                .get("jobs")
                .and_then(|j| j.as_array())
                .cloned()
                .unwrap_or_default(),
            None => expected.clone(),
        };
        if g.after[i].is_none() {
            out.push_str(&format!("{file}: {nix} is not evaluated (missing, or Nix unavailable); showing what `convert` would write\n"));
        }
        for (k, before) in c.before.iter().enumerate() {
            let key = ["cluster", "role", "environment", "name"]
                .iter()
                .map(|f| before.get(f).and_then(|v| v.as_str()).unwrap_or("?"))
                .collect::<Vec<_>>()
                .join("/");
            let mappings: Vec<String> = c
                .plan
                .mappings
                .iter()
                .filter(|m| m.job == key)
                .map(|m| crate::review::describe_mapping(m, &c.plan))
                .collect();
            let empty = serde_json::Value::Null;
            let a = after.get(k).unwrap_or(&empty);
            // Numbers as Aurora reads them (Nix prints 15.0 as 15) and processes in one order, so
            // the diff shows only real changes.
            let (b, a) = (
                crate::verify::normalize(before),
                crate::verify::normalize(a),
            );
            out.push_str(&crate::review::job_diff(
                &file, &nix, &key, &b, &a, &mappings, &style,
            ));
        }
    }
    let _ = std::io::stdout().write_all(out.as_bytes());
    code
}

fn report(
    opts: &crate::convert::ConvertOptions,
    files: &[Input],
    lock: &crate::packages::Lock,
) -> i32 {
    let g = gather(opts, files, lock, None);
    let mut entries = Vec::new();
    for (i, job) in g.jobs.iter().enumerate() {
        let aurora = job.input.path.display().to_string();
        let nix = crate::convert::output_path(&opts.out, &job.rel)
            .display()
            .to_string();
        let (plan, warnings, error) = match &g.converted[i] {
            Ok((c, _)) => (
                Some(c.plan.clone()),
                c.warnings
                    .iter()
                    .map(|w| format!("{}[{}] {}", w.severity.label(), w.code.as_str(), w.message))
                    .collect(),
                None,
            ),
            Err(e) => (None, vec![], Some(e.clone())),
        };
        entries.push(crate::review::ReportFile {
            aurora,
            nix,
            plan,
            warnings,
            error,
            verdict: Some(g.verdicts[i].clone()),
        });
    }
    print!("{}", crate::review::report(&entries, g.nix_available));
    0
}
