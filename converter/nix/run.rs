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

fn nix_command(roots: &[PathBuf], expr: &str) -> std::io::Result<std::process::Output> {
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
    for r in roots {
        c.arg("-I").arg(r);
    }
    c.arg("-E").arg(expr).output()
}

fn eval_batch(files: &[PathBuf], roots: &[PathBuf]) -> Vec<Result<J, NixFailure>> {
    let abs: Vec<PathBuf> = files
        .iter()
        .map(|f| std::path::absolute(f).unwrap_or_else(|_| f.clone()))
        .collect();
    let list: String = abs
        .iter()
        .map(|f| format!("(let r = builtins.tryEval (builtins.deepSeq (import {p} {{}}) (import {p} {{}})); in if r.success then {{ ok = r.value; }} else {{ error = true; }}) ", p = f.display()))
        .collect();
    let expr = format!("[ {list}]");
    let run = |expr: &str| nix_command(roots, expr);
    let output = match run(&expr) {
        Ok(o) => o,
        Err(_) => return files.iter().map(|_| Err(NixFailure::Missing)).collect(),
    };
    let parsed: Option<Vec<J>> = output
        .status
        .success()
        .then(|| serde_json::from_slice(&output.stdout).ok())
        .flatten();
    match parsed {
        Some(items) => items
            .into_iter()
            .zip(&abs)
            .map(|(item, f)| match item.get("ok") {
                Some(v) => Ok(v.clone()),
                // Re-run alone to get Nix's own message.
                None => Err(single_error(f, roots)),
            })
            .collect(),
        None => abs
            .iter()
            .map(|f| {
                let one = format!("import {} {{}}", f.display());
                match run(&one) {
                    Ok(o) if o.status.success() => serde_json::from_slice(&o.stdout)
                        .map_err(|e| NixFailure::Eval(e.to_string())),
                    Ok(o) => Err(NixFailure::Eval(
                        String::from_utf8_lossy(&o.stderr).trim().to_string(),
                    )),
                    Err(_) => Err(NixFailure::Missing),
                }
            })
            .collect(),
    }
}

fn single_error(f: &Path, roots: &[PathBuf]) -> NixFailure {
    let o = nix_command(roots, &format!("import {} {{}}", f.display()));
    match o {
        Ok(o) => NixFailure::Eval(String::from_utf8_lossy(&o.stderr).trim().to_string()),
        Err(_) => NixFailure::Missing,
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
