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
    match cli.command {
        Command::Eval(a) => match eval_options(&a) {
            Ok((opts, files)) => eval(&opts, &files),
            Err(d) => {
                eprint!(
                    "{}",
                    diagnostic::render(&d, &Default::default(), "aurora2nix")
                );
                2
            }
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

fn dependency_warnings(deps: &crate::eval::Deps) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in &deps.env {
        out.push(match v {
            Some(v) => format!("the result depends on environment variable {k} (= {v:?})"),
            None => format!("the result depends on environment variable {k} (unset)"),
        });
    }
    for (f, h) in &deps.files {
        out.push(format!(
            "the result depends on the contents of {f} (sha256 {h})"
        ));
    }
    for o in &deps.other {
        out.push(format!("the result depends on {o}"));
    }
    out
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
                    for w in dependency_warnings(&ev.deps) {
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
    let results = crate::cli::parallel_map(files, |input| {
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
    });
    let mut code = 0;
    for (line, ok) in results {
        if !ok {
            code = 1;
        }
        if writeln!(out, "{line}").is_err() {
            return code;
        }
    }
    code
}

/// Maps `f` over `items` on all cores, keeping order.
pub fn parallel_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(items.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<U>> = (0..items.len()).map(|_| None).collect();
    let results = std::sync::Mutex::new(&mut slots);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= items.len() {
                    break;
                }
                let r = f(&items[i]);
                results
                    .lock()
                    .expect("no worker panics while holding the lock")[i] = Some(r);
            });
        }
    });
    slots
        .into_iter()
        .map(|r| r.expect("every slot filled"))
        .collect()
}
