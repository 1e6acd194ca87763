//! The command line: clap's definitions, turned into each command's options, and dispatch to
//! `app`. Exit codes: 0 success, 1 a config failed, 2 the command itself could not run (bad
//! arguments, unreadable paths).

use crate::app::convert::{parse_shard, ConvertOptions};
use crate::app::inputs::{canonical, expand_inputs, lock_path, Input};
use crate::app::project::Project;
use crate::app::verify::Format;
use crate::app::{self, Console, FileError};
use crate::aurora::{parse_binding, EvalOptions};
use crate::diagnostic::{Code, Diagnostic};
use crate::packages::{Lock, PlanOptions, Realise};
use clap::{Args, Parser, Subcommand};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Migrate Apache Aurora job configurations to Nix.
#[derive(Parser, Debug)]
#[command(name = "aurora2nix", version, about, after_help = MAIN_HELP)]
struct Cli {
    /// The project file (default: the nearest aurora2nix.toml from the working directory up).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// How many configs to work on at once (default: one per core).
    #[arg(short = 'j', long = "jobs", global = true, value_name = "N")]
    workers: Option<usize>,
    /// Print only errors (and what --check/verify find).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print a line per file and every warning where it occurs.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Colour the output: auto (a terminal, unless NO_COLOR is set), always or never.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

const MAIN_HELP: &str = "Examples:
  aurora2nix eval jobs/hello_world.aurora        print the job JSON of one config
  aurora2nix convert                             convert the project of ./aurora2nix.toml
  aurora2nix convert jobs -o nix                 nix/jobs/<path>.nix for every jobs/<path>.aurora
  aurora2nix verify --format junit > out.xml     prove the Nix files equivalent, with real Nix

Exit codes: 0 success, 1 findings (a config failed, an output is missing, stale or different),
2 the command could not run (bad arguments or aurora2nix.toml, Nix missing), 130 interrupted.
The user guide is MIGRATION.md.";

#[derive(Subcommand, Debug)]
enum Command {
    /// Evaluate .aurora files and print their Aurora JSON ({"jobs": [...]}).
    #[command(after_help = concat!(
        "Examples:\n",
        "  aurora2nix eval jobs/web.aurora --bind profile.version=1.2\n",
        "  aurora2nix eval jobs/web.aurora --job west/www-data/prod/web\n",
        "  aurora2nix eval --env USER=deploy jobs/       one JSON line per file\n",
        "  aurora2nix eval jobs/web.aurora --tiers tiers.json   with the tier the client fills in\n\n",
        "Exit codes: 0 every config evaluated, 1 one failed, 2 bad arguments, 130 interrupted."
    ))]
    Eval(EvalCommandArgs),
    /// Convert .aurora files into Nix job files under --out.
    #[command(after_help = concat!(
        "Examples:\n",
        "  aurora2nix convert                     the project of ./aurora2nix.toml\n",
        "  aurora2nix convert jobs -o nix         nix/jobs/<path>.nix per jobs/<path>.aurora\n",
        "  aurora2nix convert --check             CI: exit 1 when an output is missing or stale\n",
        "  aurora2nix convert --prune             delete outputs whose source is gone\n\n",
        "Exit codes: 0 converted (or up to date), 1 a config failed or (--check) an output is\n",
        "missing, stale or orphaned, 2 bad arguments, 130 interrupted."
    ))]
    Convert(ConvertArgs),
    /// Check that generated Nix files evaluate (with real Nix) to the same jobs as their .aurora.
    #[command(after_help = concat!(
        "Examples:\n",
        "  aurora2nix verify                          the project of ./aurora2nix.toml\n",
        "  aurora2nix verify --format junit > out.xml\n",
        "  aurora2nix verify --format github          annotations on a pull request\n\n",
        "Exit codes: 0 every job equivalent, 1 a difference or a file that cannot be verified,\n",
        "2 nothing could run (Nix missing, no config evaluates), 130 interrupted."
    ))]
    Verify(VerifyArgs),
    /// Fill aurora2nix.lock: pin every fetched source no checksum pins, by downloading it, and
    /// every {{docker.image[NAME][TAG]}} image, by asking the Docker registry.
    #[command(after_help = concat!(
        "Examples:\n",
        "  aurora2nix lock                  pin what the project fetches\n",
        "  aurora2nix lock --prune          also drop entries nothing fetches\n",
        "  aurora2nix lock --docker-registry https://registry.example.com\n\n",
        "Exit codes: 0 every source and image pinned, 1 a source needs a URL or failed, an image\n",
        "could not be resolved, or a config failed,\n",
        "2 the lock file cannot be read or written, 130 interrupted."
    ))]
    Lock(LockArgs),
    /// Show, per job, a unified diff of the Aurora JSON before and after conversion.
    #[command(after_help = concat!(
        "Examples:\n",
        "  aurora2nix diff jobs/web.aurora\n",
        "  aurora2nix diff jobs/web.aurora --exit-code      exit 1 when anything differs\n\n",
        "Exit codes: 0 shown (1 with --exit-code and a difference), 1 a config or its Nix file\n",
        "does not evaluate or is missing, 2 Nix missing or bad arguments, 130 interrupted."
    ))]
    Diff(DiffArgs),
    /// Write an aurora2nix.toml for a repository, from a scan of its configs.
    #[command(after_help = concat!(
        "Examples:\n",
        "  aurora2nix init                  in the repository root\n",
        "  aurora2nix init path/to/repo --force\n\n",
        "Exit codes: 0 written, 1 no .aurora file found, 2 the file exists (without --force) or\n",
        "cannot be written, 130 interrupted."
    ))]
    Init(InitArgs),
    /// Put every input of the converted jobs into the Nix store and print their store paths.
    #[command(after_help = concat!(
        "Examples:\n",
        "  nix copy --extra-experimental-features nix-command --to file:///srv/cache \\\n",
        "      $(aurora2nix artifacts)          every input, local files and URLs, to a cache\n\n",
        "Exit codes: 0 printed, 1 nothing converted yet, 2 Nix failed (a download, a missing\n",
        "nix-instantiate), 130 interrupted."
    ))]
    Artifacts(ReviewArgs),
    /// Print the Aurora JSON of a generated (or hand-edited) Nix job file, evaluated by real Nix
    /// as verify does (the client's checks included): what `aurora job create --read-json` reads.
    #[command(after_help = concat!(
        "Examples:\n",
        "  aurora2nix json nix/web.nix -o web.json && \\\n",
        "    aurora job create west/www/prod/web --read-json web.json\n",
        "  aurora2nix json nix/web.nix | jq .jobs[0].task\n\n",
        "Nothing is printed or written when Nix fails (Nix itself prints a partial document).\n",
        "Exit codes: 0 printed or written, 1 Nix cannot evaluate the file (its error, with file\n",
        "and line) or the output cannot be written, 2 the file, its aurora-lib.nix or Nix is\n",
        "missing, 130 interrupted."
    ))]
    Json(JsonArgs),
    /// Draw each job's task as a graph: processes, their order, the Nix inputs feeding them.
    #[command(after_help = concat!(
        "Examples:\n",
        "  aurora2nix graph jobs/web.aurora                  Mermaid, after conversion\n",
        "  aurora2nix graph jobs/web.aurora --before         as the .aurora defines it\n",
        "  aurora2nix graph jobs/web.aurora --format svg --output web.svg\n",
        "  aurora2nix graph jobs/web.aurora --format dot | dot -Tpng > web.png\n\n",
        "Exit codes: 0 drawn, 1 a config failed (the others are drawn), no job to draw, the SVG\n",
        "layout failed or the output cannot be written, 2 bad arguments, 130 interrupted."
    ))]
    Graph(GraphArgs),
    /// Print a Markdown migration report (for a pull-request description).
    #[command(after_help = concat!(
        "Examples:\n",
        "  aurora2nix report > description.md\n\n",
        "Exit codes: 0 everything converted and equivalent, 1 a config failed or a job differs,\n",
        "2 bad arguments, 130 interrupted."
    ))]
    Report(ReviewArgs),
}

#[derive(Args, Debug)]
struct ReviewArgs {
    #[command(flatten)]
    eval: EvalArgs,
    /// The output tree; each config's output is OUT/<its path in the project>.nix (default:
    /// the project's `out`).
    #[arg(short, long, value_name = "OUT")]
    out: Option<PathBuf>,
    /// How store paths reach agents: `store` adds a `nix-store --realise` step before consumers;
    /// `none` trusts agents provisioned with the closure (default: the project's, else store).
    #[arg(long, value_enum)]
    realise: Option<Realise>,
    /// The lock file mapping sources to fetchable URLs and hashes (default: the project's; else
    /// aurora2nix.lock next to the project file, in the first directory argument, or in `.`).
    #[arg(long, value_name = "FILE")]
    lock: Option<PathBuf>,
    /// Leave a ref for `aurora job create --bind NAME=VALUE`: the Nix file takes it as an
    /// argument (`--argstr NAME VALUE`); SAMPLE is a value the conversion's checks and `verify`
    /// bind it to (repeat NAME=SAMPLE for more sample sets). Replaces the project's `[param]`
    /// entry of that name.
    #[arg(long = "param", value_name = "NAME[=SAMPLE]")]
    params: Vec<String>,
    /// Give each parameter its first sample value as the Nix file's default, so that
    /// nix-instantiate without `--argstr` gives the first sample set's jobs (default: the
    /// project's `param-defaults`, else none: a missing argument is an error).
    #[arg(long)]
    param_defaults: bool,
}

#[derive(Args, Debug)]
struct JsonArgs {
    /// The Nix job file (checked with the aurora-lib.nix of its folder or the nearest above).
    #[arg(value_name = "NIXFILE")]
    file: PathBuf,
    /// An argument of a file that takes submit-time parameters, as nix-instantiate's
    /// `--argstr NAME VALUE` (repeatable): the document with those values bound.
    #[arg(long, num_args = 2, value_names = ["NAME", "VALUE"])]
    argstr: Vec<String>,
    /// Write the document to FILE, atomically, instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct EvalCommandArgs {
    #[command(flatten)]
    eval: EvalArgs,
    /// The lock file whose docker pins `{{docker.image[NAME][TAG]}}` refs are bound to
    /// (default: the project's; else aurora2nix.lock next to the project file, in the first
    /// directory argument, or in `.`).
    #[arg(long, value_name = "FILE")]
    lock: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct InitArgs {
    /// The repository root (default: the working directory).
    dir: Option<PathBuf>,
    /// Replace an existing aurora2nix.toml.
    #[arg(long)]
    force: bool,
}

#[derive(Args, Debug)]
struct DiffArgs {
    #[command(flatten)]
    target: ReviewArgs,
    /// Exit 1 when any job differs, as `git diff --exit-code`.
    #[arg(long)]
    exit_code: bool,
}

#[derive(Args, Debug)]
struct GraphArgs {
    #[command(flatten)]
    target: ReviewArgs,
    /// What to write: mermaid (GitHub renders it in Markdown), dot (Graphviz) or svg.
    #[arg(long, value_enum, default_value = "mermaid")]
    format: app::graph::Format,
    /// Draw the jobs as the .aurora defines them (fetch processes included), not as converted.
    #[arg(long)]
    before: bool,
    /// Write the drawing to FILE, atomically, instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct LockArgs {
    #[command(flatten)]
    eval: EvalArgs,
    /// The lock file (default: the project's; else aurora2nix.lock next to the project file, in
    /// the first directory argument, or in `.`).
    #[arg(long, value_name = "FILE")]
    lock: Option<PathBuf>,
    /// Remove entries that no config fetches.
    #[arg(long)]
    prune: bool,
    /// The Docker registry that {{docker.image[NAME][TAG]}} refs are resolved against (default:
    /// the project's `docker-registry`, else Docker Hub's, https://registry-1.docker.io).
    #[arg(long, value_name = "URL")]
    docker_registry: Option<String>,
}

#[derive(Args, Debug)]
struct VerifyArgs {
    #[command(flatten)]
    target: ReviewArgs,
    /// How to print the verdicts.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Take "before" from this command instead of aurora2nix's evaluator; `{file}` is replaced by
    /// the config's path and `{bind}` by a sample set's `--bind NAME=VALUE` words (run once per
    /// set for a file that takes parameters), and it must print {"jobs": [...]} (e.g. a wrapper
    /// around `aurora job inspect --write-json`).
    #[arg(long, value_name = "CMD")]
    before_cmd: Option<String>,
}

#[derive(Args, Debug)]
struct ConvertArgs {
    #[command(flatten)]
    target: ReviewArgs,
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
    /// Delete generated files whose source is gone (renamed or deleted configs).
    #[arg(long, conflicts_with = "check")]
    prune: bool,
    /// Run `aurora2nix lock` first: download and pin sources nothing else pins.
    #[arg(long)]
    prefetch: bool,
}

#[derive(Args, Debug)]
struct EvalArgs {
    /// Config files, directories (searched for **/*.aurora) or glob patterns (default: the
    /// project's `inputs`).
    paths: Vec<String>,
    /// Bind a template variable, as `aurora --bind NAME=VALUE` (repeatable).
    #[arg(long = "bind", value_name = "NAME=VALUE")]
    bindings: Vec<String>,
    /// Set what os.environ and getpass.getuser() see; once given, only these are visible
    /// (default: the project's `env`, else the process environment).
    #[arg(long = "env", value_name = "NAME=VALUE")]
    env: Vec<String>,
    /// Select one job by its key.
    #[arg(long, value_name = "CLUSTER/ROLE/ENV/NAME")]
    job: Option<String>,
    /// Files may only be read below this directory (default: the project's `root`, else the
    /// project root; for a config outside the project, its directory argument or folder).
    #[arg(long)]
    root: Option<PathBuf>,
    /// The scheduler's tier list, in the shape of Aurora's tiers.json: `eval` fills each job's
    /// `tier` or `production` from it as the client does (default: the project's `tiers`; without
    /// either, the jobs are printed as configured). Other commands check the file but do not
    /// apply it: generated Nix holds the job as configured.
    #[arg(long, value_name = "FILE")]
    tiers: Option<PathBuf>,
}

/// Runs the command line with the process's standard streams and environment, and returns the
/// exit code.
pub fn run(args: impl IntoIterator<Item = String>) -> i32 {
    use std::io::IsTerminal;
    let (mut stdout, mut stderr) = (std::io::stdout(), std::io::stderr());
    let mut console = Console {
        out_tty: stdout.is_terminal(),
        err_tty: stderr.is_terminal(),
        color: false,
        quiet: false,
        verbose: false,
        // The handles, not their locks: each write takes the lock, so that another thread
        // (the interrupt handler's last word, a panic's message) can always write too.
        out: &mut stdout,
        err: &mut stderr,
        env: std::env::vars().collect(),
    };
    run_with(args, &mut console)
}

/// Runs the command line on `console` and returns the exit code.
pub fn run_with(args: impl IntoIterator<Item = String>, con: &mut Console) -> i32 {
    let args: Vec<String> = args.into_iter().collect();
    let regenerate = regenerate_command(&args);
    let cli = match Cli::try_parse_from(&args) {
        Ok(c) => c,
        Err(e) => {
            let text = if con.err_tty {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            return if e.use_stderr() {
                let _ = write!(con.err, "{text}");
                2
            } else {
                let _ = write!(con.out, "{text}");
                0
            };
        }
    };
    con.quiet = cli.quiet;
    con.verbose = cli.verbose;
    con.color = match cli.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => con.out_tty && !con.env.contains_key("NO_COLOR"),
    };
    if let Some(n) = cli.workers {
        app::set_workers(n);
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    // `init` writes the project file: it reads none (a broken one is what it may replace).
    let found = match cli.command {
        Command::Init(_) => Ok(Project::default()),
        _ => Project::find(cli.config.as_deref(), &cwd),
    };
    let project = match found {
        Ok(p) => p,
        Err(e) => {
            let _ = write!(con.err, "{}", e.render());
            return 2;
        }
    };
    match dispatch(cli.command, &project, con, &regenerate) {
        Ok(_) if app::interrupted() => {
            let _ = writeln!(
                con.err,
                "aurora2nix: interrupted; nothing was left half-written (outputs already renamed into place are complete)"
            );
            app::inputs::Interrupted::CODE
        }
        Ok(code) => code,
        Err(e) => {
            let _ = write!(con.err, "{}", e.render());
            2
        }
    }
}

/// The command line that writes what `args` checks: `args` without `--check`, shell-quoted.
fn regenerate_command(args: &[String]) -> String {
    std::iter::once("aurora2nix".to_string())
        .chain(
            args.iter()
                .skip(1)
                .filter(|a| *a != "--check")
                .map(|a| app::shell_quote(a)),
        )
        .collect::<Vec<_>>()
        .join(" ")
}

/// The command line's options that shape a generated file, as ` --flag value` words, for its
/// header (with a project file, these are what override it).
fn header_options(a: &ReviewArgs) -> String {
    let mut words: Vec<(&str, String)> = Vec::new();
    if let Some(o) = &a.out {
        words.push(("--out", o.display().to_string()));
    }
    words.extend(a.eval.bindings.iter().map(|b| ("--bind", b.clone())));
    words.extend(a.params.iter().map(|p| ("--param", p.clone())));
    words.extend(a.eval.env.iter().map(|e| ("--env", e.clone())));
    if let Some(j) = &a.eval.job {
        words.push(("--job", j.clone()));
    }
    if let Some(r) = &a.eval.root {
        words.push(("--root", r.display().to_string()));
    }
    if let Some(l) = &a.lock {
        words.push(("--lock", l.display().to_string()));
    }
    if let Some(r) = a.realise {
        let name = clap::ValueEnum::to_possible_value(&r)
            .map(|v| v.get_name().to_string())
            .unwrap_or_default();
        words.push(("--realise", name));
    }
    let mut out: String = (words.iter())
        .map(|(flag, v)| format!(" {flag} {}", app::shell_quote(v)))
        .collect();
    if a.param_defaults {
        out.push_str(" --param-defaults");
    }
    out
}

fn dispatch(
    command: Command,
    project: &Project,
    con: &mut Console,
    regenerate: &str,
) -> Result<i32, FileError> {
    Ok(match command {
        Command::Init(a) => {
            let dir = a.dir.clone().unwrap_or_else(|| PathBuf::from("."));
            app::init::run(con, &dir, a.force)
        }
        Command::Eval(a) => {
            let (mut opts, files) = eval_options(&a.eval, project, &con.env)?;
            let path = lock_path(&a.eval.paths, a.lock.as_deref(), project);
            opts.docker_images = Arc::new(load_lock(&path)?.docker);
            app::eval::run(con, &opts, &files)
        }
        Command::Lock(a) => {
            let (mut opts, files) = eval_options(&a.eval, project, &con.env)?;
            opts.tiers = None; // the tier backfill changes no fetch
                               // The project's parameters stay open, as convert leaves them: fetches are the same.
            opts.params = project.params().into_iter().map(|(n, _)| n).collect();
            let path = lock_path(&a.eval.paths, a.lock.as_deref(), project);
            let plan = plan_options(None, project);
            let registry = docker_registry(a.docker_registry.as_deref(), project)?;
            app::lock::run(con, &opts, &plan, &files, &path, &registry, a.prune)
        }
        Command::Diff(a) => {
            let (opts, files, lock) = review_options(&a.target, project, &con.env, false)?;
            app::review::diff(con, &opts, &files, &lock, a.exit_code)
        }
        Command::Json(a) => {
            let args: Vec<(String, String)> = (a.argstr.chunks(2))
                .map(|p| (p[0].clone(), p[1].clone()))
                .collect();
            app::json::run(con, &a.file, &args, a.output.as_deref())
        }
        Command::Graph(a) => {
            // A graph draws what convert would write: it needs no output tree.
            let no_out = a.target.out.is_none() && project.settings.out.is_none();
            let (opts, files, lock) = review_options(&a.target, project, &con.env, no_out)?;
            let g = app::graph::GraphOptions {
                format: a.format,
                before: a.before,
                output: a.output.as_deref(),
            };
            app::graph::run(con, &opts, &files, &lock, &g)
        }
        Command::Artifacts(a) => {
            let (opts, files, _) = review_options(&a, project, &con.env, false)?;
            app::artifacts::run(con, &opts, &files)
        }
        Command::Report(a) => {
            let (opts, files, lock) = review_options(&a, project, &con.env, false)?;
            app::review::report_command(con, &opts, &files, &lock)
        }
        Command::Verify(a) => {
            let (opts, files, lock) = review_options(&a.target, project, &con.env, false)?;
            app::verify::run(con, &opts, &files, &lock, a.format, a.before_cmd.as_deref())
        }
        Command::Convert(a) => {
            let (mut opts, files, path) = convert_options(&a.target, project, &con.env, a.stdout)?;
            if a.stdout && files.len() != 1 {
                return Err(
                    Diagnostic::error(Code::Usage, "--stdout converts exactly one config").into(),
                );
            }
            opts.shard = a.shard.as_deref().map(parse_shard).transpose()?;
            (opts.check, opts.force, opts.prune) = (a.check, a.force, a.prune);
            opts.regenerate = regenerate.to_string();
            if a.prefetch {
                let registry = docker_registry(None, project)?;
                let mut eval = opts.eval.clone();
                eval.params = opts.params.iter().map(|p| p.name.clone()).collect();
                if app::lock::run(con, &eval, &opts.plan, &files, &path, &registry, false) == 2 {
                    return Ok(2);
                }
            }
            let lock = load_lock(&path)?;
            opts.eval.docker_images = Arc::new(lock.docker.clone());
            app::convert::run(con, &opts, &files, &lock, a.report.as_deref(), a.stdout)
        }
    })
}

/// The submit-time parameters: the project's `[param]` entries, each replaced by the
/// `--param`s of its name, then the other `--param`s in their order.
fn params(
    flags: &[String],
    project: &Project,
    bindings: &[(String, String)],
) -> Result<Vec<app::convert::Param>, Diagnostic> {
    let usage = |m: String| Diagnostic::error(Code::Usage, m);
    let mut named: Vec<(String, Vec<String>)> = Vec::new();
    for f in flags {
        let (name, sample) = match f.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (f.as_str(), None),
        };
        match named.iter_mut().find(|(n, _)| n == name) {
            Some((_, samples)) => samples.extend(sample),
            None => named.push((name.to_string(), sample.into_iter().collect())),
        }
    }
    let mut all: Vec<(String, Vec<String>)> = project
        .params()
        .into_iter()
        .filter(|(n, _)| !named.iter().any(|(m, _)| m == n))
        .collect();
    all.extend(named);
    let mut out: Vec<app::convert::Param> = Vec::new();
    for (name, samples) in all {
        let ident =
            crate::nix::emit::param_ident(&name).map_err(|m| usage(format!("--param: {m}")))?;
        if let Some(other) = out.iter().find(|p| p.ident == ident) {
            return Err(usage(format!(
                "--param: parameters {} and {name} would both be the Nix argument {ident}",
                other.name
            )));
        }
        if bindings.iter().any(|(b, _)| *b == name) {
            return Err(usage(format!(
                "{name} is both bound (--bind) and a parameter (--param): a parameter is bound \
                 when the job is submitted"
            )));
        }
        if let Some(s) = samples.iter().find(|s| s.contains("{{")) {
            return Err(usage(format!(
                "--param {name}={s}: a value holding \"{{{{\" is a template to Aurora, resolved \
                 after binding, which the Nix file cannot do"
            )));
        }
        out.push(app::convert::Param {
            name,
            ident,
            samples,
        });
    }
    if out.iter().any(|p| p.samples.is_empty()) && out.iter().any(|p| !p.samples.is_empty()) {
        let missing: Vec<&str> = (out.iter())
            .filter(|p| p.samples.is_empty())
            .map(|p| p.name.as_str())
            .collect();
        return Err(usage(format!(
            "--param: some parameters have sample values and {} not: give every parameter a \
             sample (NAME=VALUE), or none",
            missing.join(", ")
        )));
    }
    Ok(out)
}

/// `--docker-registry`, else the project's `docker-registry`, else Docker Hub's; checked.
fn docker_registry(flag: Option<&str>, project: &Project) -> Result<String, Diagnostic> {
    let url = flag
        .or(project.settings.docker_registry.as_deref())
        .unwrap_or(crate::packages::docker::DEFAULT_REGISTRY);
    crate::packages::docker::registry_url(url)
        .map_err(|m| Diagnostic::error(Code::Usage, format!("--docker-registry: {m}")))
}

/// `--out`, else the project's `out`.
fn out_dir(flag: Option<&Path>, project: &Project) -> Result<PathBuf, Diagnostic> {
    match (flag, &project.settings.out) {
        (Some(o), _) => Ok(o.to_path_buf()),
        (None, Some(o)) => Ok(project.path(o)),
        (None, None) => Err(Diagnostic::error(
            Code::Usage,
            format!(
                "no output tree: pass --out DIR, or set `out = \"nix\"` in {}",
                app::project::FILE_NAME
            ),
        )),
    }
}

fn plan_options(realise: Option<Realise>, project: &Project) -> PlanOptions {
    PlanOptions {
        realise: realise.or(project.settings.realise).unwrap_or_default(),
        allow_sources: project
            .settings
            .allow_sources
            .iter()
            .map(|d| canonical(&project.path(d)))
            .collect(),
    }
}

fn eval_options(
    a: &EvalArgs,
    project: &Project,
    process_env: &BTreeMap<String, String>,
) -> Result<(EvalOptions, Vec<Input>), FileError> {
    let bindings = a
        .bindings
        .iter()
        .map(|b| parse_binding(b).map_err(|m| Diagnostic::error(Code::Usage, m)))
        .collect::<Result<Vec<_>, _>>()?;
    let environ: BTreeMap<String, String> = if !a.env.is_empty() {
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
    } else if let Some(env) = &project.settings.env {
        env.clone()
    } else {
        process_env.clone()
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
                    )
                    .into())
                }
            }
        }
    };
    let files = expand_inputs(&a.paths, project, a.root.as_deref())?;
    // `--tiers`, else the project's `tiers` (relative to the project file).
    let tiers = match (&a.tiers, &project.settings.tiers) {
        (Some(f), _) => Some(f.clone()),
        (None, Some(f)) => Some(project.path(f)),
        (None, None) => None,
    };
    let tiers = tiers
        .map(|f| app::eval::load_tiers(&f).map(std::sync::Arc::new))
        .transpose()?;
    Ok((
        EvalOptions {
            bindings,
            project_bindings: Vec::new(),
            job_bindings: project.job_bindings(),
            env_given: !a.env.is_empty() || project.settings.env.is_some(),
            environ,
            job,
            root: None,
            tiers,
            limits: Default::default(),
            skip_client_checks: false,
            docker_images: Default::default(),
            params: Vec::new(),
        },
        files,
    ))
}

fn load_lock(path: &Path) -> Result<Lock, Diagnostic> {
    Lock::load(path).map_err(|m| Diagnostic::error(Code::Usage, m))
}

/// What `verify`, `diff`, `report` and `graph` run on: options, inputs and the lock file (`no_out`:
/// the command writes no tree, so none need be named).
type ReviewSetup = (ConvertOptions, Vec<Input>, Lock);

fn review_options(
    a: &ReviewArgs,
    project: &Project,
    process_env: &BTreeMap<String, String>,
    no_out: bool,
) -> Result<ReviewSetup, FileError> {
    let (mut opts, files, path) = convert_options(a, project, process_env, no_out)?;
    let lock = load_lock(&path)?;
    opts.eval.docker_images = Arc::new(lock.docker.clone());
    Ok((opts, files, lock))
}

/// The options of every command that works on an output tree (`check` set: nothing is
/// written unless the caller says so), its inputs and the lock file's path. `no_out`: the
/// command writes no tree (`convert --stdout`), so none need be named.
fn convert_options(
    a: &ReviewArgs,
    project: &Project,
    process_env: &BTreeMap<String, String>,
    no_out: bool,
) -> Result<(ConvertOptions, Vec<Input>, PathBuf), FileError> {
    let (mut eval, files) = eval_options(&a.eval, project, process_env)?;
    // The backfill is a function of the job document that the client applies alike to the
    // `.aurora` and to `--read-json` of the generated file at submit time: generated Nix holds
    // the job as configured (the file was checked above), and verify compares those.
    eval.tiers = None;
    let out = if no_out {
        a.out.clone().unwrap_or_default()
    } else {
        out_dir(a.out.as_deref(), project)?
    };
    let params = params(&a.params, project, &eval.bindings)?;
    let param_defaults = a.param_defaults || project.settings.param_defaults == Some(true);
    if param_defaults && params.iter().any(|p| p.samples.is_empty()) {
        return Err(Diagnostic::error(
            Code::Usage,
            "--param-defaults: the defaults are the parameters' sample values, and they have \
             none: give each a sample (--param NAME=VALUE, or NAME = \"VALUE\" in [param])",
        )
        .into());
    }
    let opts = ConvertOptions {
        params,
        param_defaults,
        standalone: project.file.is_none(),
        header_options: header_options(a),
        out,
        eval,
        plan: plan_options(a.realise, project),
        check: true,
        force: false,
        shard: None,
        project: project.dir.clone(),
        prune: false,
        regenerate: String::new(),
    };
    Ok((
        opts,
        files,
        lock_path(&a.eval.paths, a.lock.as_deref(), project),
    ))
}
