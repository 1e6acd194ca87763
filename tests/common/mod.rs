//! Shared helpers for the integration tests: corpus discovery, running the command line in
//! process or as the binary, comparing Aurora JSON the way Aurora reads it, and blessing
//! expected files.

#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One corpus case folder.
#[derive(Clone)]
pub struct Case {
    pub name: String,
    pub dir: PathBuf,
    /// Extra command-line arguments from the case's `args` file.
    pub args: Vec<String>,
}

impl Case {
    /// The case's input config.
    pub fn input(&self) -> PathBuf {
        self.dir.join("input.aurora")
    }

    /// The input as the command line (run from the repository root) names it.
    pub fn input_arg(&self) -> String {
        rel(&self.input())
    }

    /// A file of the case.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Whether real pystachio evaluates the case successfully.
    pub fn succeeds(&self) -> bool {
        self.file("expected.json").is_file()
    }
}

/// Every corpus case, sorted by name.
pub fn cases() -> Vec<Case> {
    let mut out: Vec<Case> = std::fs::read_dir(root().join("corpus"))
        .expect("corpus/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("input.aurora").is_file())
        .map(|dir| {
            let args = std::fs::read_to_string(dir.join("args"))
                .map(|s| {
                    s.lines()
                        .filter(|l| !l.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default();
            Case {
                name: dir.file_name().unwrap().to_string_lossy().into_owned(),
                dir,
                args,
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(out.len() >= 40, "the corpus has at least 40 cases");
    out
}

/// What a command printed and its exit code.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `aurora2nix ARGS` in this process, hermetically (an empty environment, no terminal),
/// from the repository root (where cargo runs tests).
pub fn cli(args: &[&str]) -> Run {
    provision_nix();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console = aurora2nix::app::Console {
        out: &mut out,
        err: &mut err,
        env: Default::default(),
        out_tty: false,
        err_tty: false,
        color: false,
        quiet: false,
        verbose: false,
    };
    let argv = std::iter::once("aurora2nix".to_string()).chain(args.iter().map(|s| s.to_string()));
    let code = aurora2nix::cli::run_with(argv, &mut console);
    Run {
        code,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    }
}

/// `aurora2nix eval` of a case, with its args, in process.
pub fn eval_case(case: &Case) -> Run {
    let input = case.input_arg();
    let mut args = vec!["eval", input.as_str()];
    args.extend(case.args.iter().map(String::as_str));
    cli(&args)
}

/// Runs the `aurora2nix` binary hermetically (empty environment) from the repository root.
pub fn aurora2nix(args: &[&str]) -> Output {
    provision_nix();
    Command::new(env!("CARGO_BIN_EXE_aurora2nix"))
        .args(args)
        .current_dir(root())
        .env_clear()
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

/// Normalises Aurora JSON for comparison, as Aurora reads it (integral floats as ints, a
/// task's `processes` and `constraints` as sets).
pub fn normalize(v: &Value) -> Value {
    aurora2nix::aurora::jobs::normalize(v)
}

/// Whether expected files should be rewritten instead of compared.
pub fn blessing() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v != "0")
}

/// Compares `actual` with the file at `path`, or rewrites the file when blessing.
/// Returns a description of the mismatch.
pub fn expect_file(path: &Path, actual: &str) -> Option<String> {
    if blessing() {
        std::fs::write(path, actual).expect("write expected file");
        return None;
    }
    match std::fs::read_to_string(path) {
        Ok(expected) if expected == actual => None,
        Ok(expected) => Some(format!(
            "{} differs (UPDATE_EXPECT=1 cargo test re-blesses):\n{}",
            path.display(),
            pretty_assertions::StrComparison::new(&expected, actual)
        )),
        Err(_) => Some(format!(
            "{} is missing; run UPDATE_EXPECT=1 cargo test to bless:\n{actual}",
            path.display()
        )),
    }
}

/// A Python with pystachio, and the environment variables it needs: `AURORA2NIX_PYTHON`, else
/// the first of pyenv's 2.7.18, `python2.7` and `python3` that imports it; else pystachio is
/// provisioned once into `target/test-deps` (0.8.5 for Python 2.7, 0.8.10 for Python 3, from
/// PyPI with pip) for the first of those interpreters that runs. Panics with one line saying
/// what to install when none can be had.
pub fn python() -> (String, Env) {
    static FOUND: std::sync::OnceLock<Result<(String, Env), String>> = std::sync::OnceLock::new();
    FOUND
        .get_or_init(find_or_provision_python)
        .clone()
        .unwrap_or_else(|m| panic!("{m}"))
}

/// Environment variables for a command.
pub type Env = Vec<(String, String)>;

fn find_or_provision_python() -> Result<(String, Env), String> {
    if let Ok(p) = std::env::var("AURORA2NIX_PYTHON") {
        return Ok((p, vec![]));
    }
    let pyenv = vec![("PYENV_VERSION".to_string(), "2.7.18".to_string())];
    let candidates: [(&str, Env, &str); 3] = [
        ("python2.7", pyenv, "0.8.5"),
        ("python2.7", vec![], "0.8.5"),
        ("python3", vec![], "0.8.10"),
    ];
    let runs = |exe: &str, env: &[(String, String)], code: &str| {
        Command::new(exe)
            .args(["-c", code])
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .is_ok_and(|o| o.status.success())
    };
    for (exe, env, _) in &candidates {
        if runs(exe, env, "import pystachio") {
            return Ok((exe.to_string(), env.clone()));
        }
    }
    let deps = root().join("target/test-deps");
    let mut tried = Vec::new();
    for (exe, env, version) in candidates {
        if !runs(exe, &env, "import sys") {
            continue;
        }
        let tag = env
            .first()
            .map_or(exe.to_string(), |(_, v)| format!("{exe}-{v}"));
        let dir = deps.join(format!("pystachio-{version}-{tag}"));
        if !dir.join("pystachio").is_dir() {
            // Into a private folder, then renamed: a concurrent run never sees half an install.
            let tmp = deps.join(format!(".tmp-{}-{tag}", std::process::id()));
            let _ = std::fs::remove_dir_all(&tmp);
            std::fs::create_dir_all(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
            eprintln!(
                "provisioning pystachio {version} for {tag} into {}",
                dir.display()
            );
            let o = Command::new(exe)
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                ])
                .args(["--no-warn-script-location", "--target"])
                .arg(&tmp)
                .arg(format!("pystachio=={version}"))
                .envs(env.iter().map(|(k, v)| (k, v)))
                .output();
            match o {
                Ok(o) if o.status.success() => {
                    if std::fs::rename(&tmp, &dir).is_err() {
                        let _ = std::fs::remove_dir_all(&tmp); // another run got there first
                    }
                }
                Ok(o) => {
                    let _ = std::fs::remove_dir_all(&tmp);
                    tried.push(format!(
                        "{tag}: pip failed: {}",
                        String::from_utf8_lossy(&o.stderr).trim()
                    ));
                    continue;
                }
                Err(e) => {
                    tried.push(format!("{tag}: {e}"));
                    continue;
                }
            }
        }
        let mut env = env;
        env.push(("PYTHONPATH".into(), dir.display().to_string()));
        if runs(exe, &env, "import pystachio") {
            return Ok((exe.to_string(), env));
        }
        tried.push(format!(
            "{tag}: pystachio does not import from {}",
            dir.display()
        ));
    }
    Err(format!(
        "no Python with pystachio, and none could be provisioned ({}): install Python 2.7 (pyenv 2.7.18) or Python 3 with pip, or set AURORA2NIX_PYTHON",
        if tried.is_empty() { "no python2.7 or python3 runs".to_string() } else { tried.join("; ") }
    ))
}

/// Makes sure `nix-instantiate` is there, once per test binary: when it is missing and this
/// runs as root on Debian, installs Debian's `nix-bin` (the version the design names). Never
/// fails itself: the tests that need Nix say so when it is still missing.
pub fn provision_nix() {
    static DONE: std::sync::Once = std::sync::Once::new();
    DONE.call_once(|| {
        let have = |exe: &str| {
            Command::new(exe)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        };
        if have("nix-instantiate") || !have("apt-get") {
            return;
        }
        let root_user = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        if !root_user {
            return;
        }
        eprintln!("provisioning Debian's nix-bin (nix-instantiate is missing)");
        for args in [
            &["update", "-qq"][..],
            &["install", "-y", "-qq", "nix-bin"][..],
        ] {
            let _ = Command::new("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive")
                .output();
        }
    });
}

/// An empty scratch folder `target/test-<tag>` (removed first if it exists).
pub fn scratch(tag: &str) -> PathBuf {
    let d = root().join("target").join(format!("test-{tag}"));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// Makes `dir` a project (an `aurora2nix.toml` with `settings`) and returns its path, for
/// `--config`: the tests run from the repository root, a user from their own.
pub fn project(dir: &Path, settings: &str) -> String {
    std::fs::create_dir_all(dir).unwrap();
    let file = dir.join("aurora2nix.toml");
    std::fs::write(&file, settings).unwrap();
    rel(&file)
}

/// A path relative to the repository root, as the binary (run from there) sees it.
pub fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap_or(p)
        .to_string_lossy()
        .into_owned()
}

/// Real `nix-instantiate --eval --strict --json --store dummy://`, restricted to `root` when
/// given, on `args` (a file, or `-E EXPR`).
pub fn nix_eval(root: Option<&Path>, args: &[&str]) -> Output {
    provision_nix();
    let mut c = Command::new("nix-instantiate");
    c.args(["--eval", "--strict", "--json", "--store", "dummy://"]);
    if let Some(r) = root {
        c.args(["--option", "restrict-eval", "true", "-I"]).arg(r);
    }
    c.args(args)
        .output()
        .expect("nix-instantiate runs (install Debian's nix-bin: apt-get install nix-bin)")
}

/// A trial failure message from a list of problems.
pub fn verdict(problems: Vec<String>) -> Result<(), libtest_mimic::Failed> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n\n").into())
    }
}

/// The test binary's arguments (`cargo test NAME` filters trials by name).
pub fn args() -> libtest_mimic::Arguments {
    libtest_mimic::Arguments::from_args()
}
