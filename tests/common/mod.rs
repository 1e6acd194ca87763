//! Shared helpers for the integration tests: corpus discovery, running the binary, comparing
//! Aurora JSON the way Aurora reads it, and blessing expected files.

#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One corpus case folder.
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

    /// A file of the case.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
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

/// Runs `aurora2nix ARGS` hermetically (empty environment) from the repository root.
pub fn aurora2nix(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aurora2nix"))
        .args(args)
        .current_dir(root())
        .env_clear()
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

/// `aurora2nix eval` of a case, with its args.
pub fn eval_case(case: &Case) -> Output {
    let input = case.input();
    let rel = input
        .strip_prefix(root())
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let mut args = vec!["eval", rel.as_str()];
    args.extend(case.args.iter().map(String::as_str));
    aurora2nix(&args)
}

/// Normalises Aurora JSON for comparison: integral floats become ints, and a task's
/// `processes` and `constraints` become sorted (they are sets to Aurora).
pub fn normalize(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| {
                    let x = normalize(x);
                    let x = match (k.as_str(), x) {
                        ("processes" | "constraints", Value::Array(mut items)) => {
                            items.sort_by_key(|i| i.to_string());
                            Value::Array(items)
                        }
                        (_, x) => x,
                    };
                    (k.clone(), x)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(normalize).collect()),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9e15 => Value::from(f as i64),
            _ => v.clone(),
        },
        other => other.clone(),
    }
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
