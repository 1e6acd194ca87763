//! Running real Nix: generated files are evaluated by one `nix-instantiate` process per batch,
//! in restricted mode (no network, no store writes), each file under `tryEval` so one failure
//! does not hide the others' results. Also what Nix 2.8 does to floats when it prints them.

use crate::diagnostic::{Code, Diagnostic};
use serde_json::Value as J;
use std::path::{Path, PathBuf};

/// Why Nix could not be run or failed on a file.
#[derive(Debug, Clone)]
pub enum NixFailure {
    /// `nix-instantiate` is not installed.
    Missing,
    /// Evaluation failed; the message is Nix's.
    Eval(String),
}

/// The `nix-instantiate` binary to use (`AURORA2NIX_NIX_INSTANTIATE` overrides).
pub fn nix_instantiate() -> String {
    std::env::var("AURORA2NIX_NIX_INSTANTIATE").unwrap_or_else(|_| "nix-instantiate".into())
}

/// Evaluates generated files with real Nix, in one `nix-instantiate` per batch, in restricted
/// mode with `roots` the only readable trees. Returns each file's `{"jobs": [...]}` or failure.
pub fn nix_eval(files: &[PathBuf], roots: &[PathBuf]) -> Vec<Result<J, NixFailure>> {
    let roots: Vec<PathBuf> = roots
        .iter()
        .map(|r| std::path::absolute(r).unwrap_or_else(|_| r.clone()))
        .collect();
    let mut out = Vec::with_capacity(files.len());
    for batch in files.chunks(64) {
        out.extend(eval_batch(batch, &roots));
    }
    out
}

/// Runs `nix-instantiate` on `expr`, a function of `{ files }`, with `files` the JSON list of
/// `paths`: paths reach Nix as data, never spliced into the expression.
fn nix_command(
    roots: &[PathBuf],
    expr: &str,
    paths: &[&Path],
) -> std::io::Result<std::process::Output> {
    let files: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut c = std::process::Command::new(nix_instantiate());
    c.args([
        "--eval",
        "--strict",
        "--json",
        "--store",
        "dummy://",
        "--option",
        "restrict-eval",
        "true",
    ]);
    for (i, r) in roots.iter().enumerate() {
        // Named entries, so a path with `=` in it is not split.
        c.arg("-I").arg(format!("aurora2nix{i}={}", r.display()));
    }
    c.arg("-E")
        .arg(expr)
        .arg("--argstr")
        .arg("files")
        .arg(serde_json::to_string(&files).expect("strings serialize"))
        .output()
}

/// Each file's jobs, or `{ error = true; }` where evaluating it throws.
const BATCH: &str = "{ files }: map (f: let v = import (/. + f) {}; \
    r = builtins.tryEval (builtins.deepSeq v v); in \
    if r.success then { ok = r.value; } else { error = true; }) (builtins.fromJSON files)";

/// One file's jobs, with Nix's own error message when it fails.
const SINGLE: &str = "{ files }: import (/. + builtins.head (builtins.fromJSON files)) {}";

fn eval_batch(files: &[PathBuf], roots: &[PathBuf]) -> Vec<Result<J, NixFailure>> {
    let abs: Vec<PathBuf> = files
        .iter()
        .map(|f| std::path::absolute(f).unwrap_or_else(|_| f.clone()))
        .collect();
    let refs: Vec<&Path> = abs.iter().map(PathBuf::as_path).collect();
    let output = match nix_command(roots, BATCH, &refs) {
        Ok(o) => o,
        Err(_) => return files.iter().map(|_| Err(NixFailure::Missing)).collect(),
    };
    let parsed: Option<Vec<J>> = output
        .status
        .success()
        .then(|| serde_json::from_slice(&output.stdout).ok())
        .flatten();
    match parsed {
        Some(items) if items.len() == abs.len() => items
            .into_iter()
            .zip(&abs)
            .map(|(item, f)| match item.get("ok") {
                Some(v) => Ok(v.clone()),
                // Re-run alone to get Nix's own message.
                None => single(f, roots),
            })
            .collect(),
        _ => abs.iter().map(|f| single(f, roots)).collect(),
    }
}

fn single(f: &Path, roots: &[PathBuf]) -> Result<J, NixFailure> {
    match nix_command(roots, SINGLE, &[f]) {
        Ok(o) if o.status.success() => {
            serde_json::from_slice(&o.stdout).map_err(|e| NixFailure::Eval(e.to_string()))
        }
        Ok(o) => Err(NixFailure::Eval(
            String::from_utf8_lossy(&o.stderr).trim().to_string(),
        )),
        Err(_) => Err(NixFailure::Missing),
    }
}

/// How Nix 2.8 prints a float: 6 significant digits.
pub fn nix_printed(f: f64) -> f64 {
    format!("{f:.5e}").parse().unwrap_or(f)
}

/// Floats Nix 2.8 would print rounded, as warnings naming where they are.
pub fn float_warnings(jobs: &[J]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    fn walk(v: &J, path: &str, out: &mut Vec<Diagnostic>) {
        match v {
            J::Number(n) if n.is_f64() => {
                let f = n.as_f64().unwrap_or(0.0);
                let printed = nix_printed(f);
                if printed != f {
                    out.push(Diagnostic::warning(
                        Code::FloatPrecision,
                        format!("{path} = {f} has more than 6 significant digits; Nix 2.8 prints it as {printed}"),
                    ));
                }
            }
            J::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, x)| walk(x, &format!("{path}[{i}]"), out)),
            J::Object(m) => m
                .iter()
                .for_each(|(k, x)| walk(x, &format!("{path}.{k}"), out)),
            _ => {}
        }
    }
    for (i, j) in jobs.iter().enumerate() {
        let name = crate::aurora::jobs::name(j).unwrap_or("?");
        walk(j, &format!("jobs[{i}] ({name})"), &mut out);
    }
    out
}
