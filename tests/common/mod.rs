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
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console = aurora2nix::app::Console {
        out: &mut out,
        err: &mut err,
        env: Default::default(),
        out_tty: false,
        err_tty: false,
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

/// A Python with pystachio: `AURORA2NIX_PYTHON`, else pyenv's 2.7.18, else python3; with the
/// environment variables it needs.
pub fn python() -> (String, Vec<(String, String)>) {
    if let Ok(p) = std::env::var("AURORA2NIX_PYTHON") {
        return (p, vec![]);
    }
    let candidates: [(&str, Vec<(String, String)>); 3] = [
        ("python2.7", vec![("PYENV_VERSION".into(), "2.7.18".into())]),
        ("python2.7", vec![]),
        ("python3", vec![]),
    ];
    for (exe, env) in candidates {
        let ok = Command::new(exe)
            .args(["-c", "import pystachio"])
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return (exe.to_string(), env);
        }
    }
    panic!("no Python with pystachio found: run .ci/run's install step (pip install pystachio) or set AURORA2NIX_PYTHON");
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
    let mut c = Command::new("nix-instantiate");
    c.args(["--eval", "--strict", "--json", "--store", "dummy://"]);
    if let Some(r) = root {
        c.args(["--option", "restrict-eval", "true", "-I"]).arg(r);
    }
    c.args(args)
        .output()
        .expect("nix-instantiate runs (install Debian's nix-bin; .ci/run does)")
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
