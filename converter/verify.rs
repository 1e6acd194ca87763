//! Verification: the Aurora JSON *before* (our evaluation of the `.aurora`) and *after* (real Nix
//! evaluating the generated file) must match, up to exactly the declared package rewrites.
//!
//! Comparison is pure and follows how Aurora reads JSON: numbers numerically, a task's
//! `processes` and `constraints` as sets keyed by content, everything else exactly. Running Nix is
//! separate ([`nix_eval`]): all files of a run are evaluated by one `nix-instantiate` process per
//! batch, in restricted mode (no network, no store writes).

use crate::diagnostic::{Code, Diagnostic};
use serde_json::Value as J;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const NIXBASE32: &[u8; 32] = b"0123456789abcdfghijklmnpqrsvwxyz";

/// Nix's base-32 encoding.
pub fn nixbase32(bytes: &[u8]) -> String {
    let n = bytes.len();
    let len = (8 * n).div_ceil(5);
    let mut out = String::with_capacity(len);
    for k in (0..len).rev() {
        let b = 5 * k;
        let (i, j) = (b / 8, b % 8);
        let lo = bytes[i] as u16 >> j;
        let hi = if i + 1 < n {
            (bytes[i + 1] as u16) << (8 - j)
        } else {
            0
        };
        out.push(NIXBASE32[((lo | hi) & 31) as usize] as char);
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The store path of a flat fixed-output input (`fetchurl`, `builtins.path { recursive = false; }`).
pub fn store_path_flat(algo: &str, digest_hex: &str, name: &str) -> String {
    let inner = hex(&Sha256::digest(
        format!("fixed:out:{algo}:{digest_hex}:").as_bytes(),
    ));
    let full = Sha256::digest(format!("output:out:sha256:{inner}:/nix/store:{name}").as_bytes());
    let mut c = [0u8; 20];
    for (i, b) in full.iter().enumerate() {
        c[i % 20] ^= b;
    }
    format!("/nix/store/{}-{name}", nixbase32(&c))
}

/// Nix 2.8 prints floats with 6 significant digits; values it would round are flagged.
pub fn float_warnings(jobs: &[J]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    fn walk(v: &J, path: &str, out: &mut Vec<Diagnostic>) {
        match v {
            J::Number(n) if n.is_f64() => {
                let f = n.as_f64().unwrap_or(0.0);
                let printed: f64 = format!("{f:.5e}").parse().unwrap_or(f);
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
        let name = j.get("name").and_then(J::as_str).unwrap_or("?");
        walk(j, &format!("jobs[{i}] ({name})"), &mut out);
    }
    out
}

/// Normalizes Aurora JSON for comparison: integral floats as ints, processes and constraints
/// sorted (they are sets to Aurora).
pub fn normalize(v: &J) -> J {
    match v {
        J::Object(m) => J::Object(
            m.iter()
                .map(|(k, x)| {
                    let x = normalize(x);
                    let x = match (k.as_str(), x) {
                        ("processes" | "constraints", J::Array(mut items)) => {
                            items.sort_by_key(|i| i.to_string());
                            J::Array(items)
                        }
                        (_, x) => x,
                    };
                    (k.clone(), x)
                })
                .collect(),
        ),
        J::Array(a) => J::Array(a.iter().map(normalize).collect()),
        J::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9e15 => J::from(f as i64),
            _ => v.clone(),
        },
        other => other.clone(),
    }
}

/// One difference between expected and actual JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// A JSON path like `task.processes[hello].cmdline`.
    pub path: String,
    pub expected: Option<J>,
    pub actual: Option<J>,
}

fn key_of(item: &J) -> String {
    item.get("name")
        .and_then(J::as_str)
        .map(String::from)
        .unwrap_or_else(|| item.to_string())
}

/// Every difference between two job documents, compared the way Aurora reads them.
pub fn differences(expected: &J, actual: &J) -> Vec<Difference> {
    let mut out = Vec::new();
    diff(
        &normalize(expected),
        &normalize(actual),
        String::new(),
        false,
        &mut out,
    );
    out
}

fn join(path: &str, k: &str) -> String {
    if path.is_empty() {
        k.to_string()
    } else {
        format!("{path}.{k}")
    }
}

fn diff(e: &J, a: &J, path: String, as_set: bool, out: &mut Vec<Difference>) {
    match (e, a) {
        (J::Object(x), J::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let set = matches!(k.as_str(), "processes" | "constraints");
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => diff(p, q, join(&path, k), set, out),
                    (p, q) => out.push(Difference {
                        path: join(&path, k),
                        expected: p.cloned(),
                        actual: q.cloned(),
                    }),
                }
            }
        }
        (J::Array(x), J::Array(y)) if as_set => {
            let keyed = |v: &Vec<J>| -> Vec<(String, J)> {
                v.iter().map(|i| (key_of(i), i.clone())).collect()
            };
            let (xs, ys) = (keyed(x), keyed(y));
            for (k, xi) in &xs {
                match ys.iter().find(|(yk, _)| yk == k) {
                    Some((_, yi)) => diff(xi, yi, format!("{path}[{k}]"), false, out),
                    None => out.push(Difference {
                        path: format!("{path}[{k}]"),
                        expected: Some(xi.clone()),
                        actual: None,
                    }),
                }
            }
            for (k, yi) in &ys {
                if !xs.iter().any(|(xk, _)| xk == k) {
                    out.push(Difference {
                        path: format!("{path}[{k}]"),
                        expected: None,
                        actual: Some(yi.clone()),
                    });
                }
            }
        }
        (J::Array(x), J::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                diff(p, q, format!("{path}[{i}]"), false, out);
            }
        }
        (J::Number(x), J::Number(y)) if x.as_f64() == y.as_f64() => {}
        (x, y) if x == y => {}
        _ => out.push(Difference {
            path,
            expected: Some(e.clone()),
            actual: Some(a.clone()),
        }),
    }
}

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
/// mode with `root` the only readable tree. Returns each file's `{"jobs": [...]}` or failure.
pub fn nix_eval(files: &[PathBuf], root: &Path) -> Vec<Result<J, NixFailure>> {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let mut out = Vec::with_capacity(files.len());
    for batch in files.chunks(64) {
        out.extend(eval_batch(batch, &root));
    }
    out
}

fn eval_batch(files: &[PathBuf], root: &Path) -> Vec<Result<J, NixFailure>> {
    let abs: Vec<PathBuf> = files
        .iter()
        .map(|f| std::path::absolute(f).unwrap_or_else(|_| f.clone()))
        .collect();
    // Each file is wrapped in tryEval so one failure does not hide the others' results.
    let list: String = abs
        .iter()
        .map(|f| format!("(let r = builtins.tryEval (builtins.deepSeq (import {p} {{}}) (import {p} {{}})); in if r.success then {{ ok = r.value; }} else {{ error = true; }}) ", p = f.display()))
        .collect();
    let expr = format!("[ {list}]");
    let run = |expr: &str| {
        std::process::Command::new(nix_instantiate())
            .args([
                "--eval",
                "--strict",
                "--json",
                "--store",
                "dummy://",
                "--option",
                "restrict-eval",
                "true",
                "-I",
            ])
            .arg(root)
            .arg("-E")
            .arg(expr)
            .output()
    };
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
                None => Err(single_error(f, root)),
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

fn single_error(f: &Path, root: &Path) -> NixFailure {
    let o = std::process::Command::new(nix_instantiate())
        .args([
            "--eval",
            "--strict",
            "--json",
            "--store",
            "dummy://",
            "--option",
            "restrict-eval",
            "true",
            "-I",
        ])
        .arg(root)
        .arg("-E")
        .arg(format!("import {} {{}}", f.display()))
        .output();
    match o {
        Ok(o) => NixFailure::Eval(String::from_utf8_lossy(&o.stderr).trim().to_string()),
        Err(_) => NixFailure::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_paths_match_nix() {
        // `nix-store --print-fixed-path sha256 <sha256 of "hello\n"> hello.txt` with Nix 2.8.
        let p = store_path_flat(
            "sha256",
            "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
            "hello.txt",
        );
        assert_eq!(p, "/nix/store/gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt");
        // `nix-store --print-fixed-path md5 41a674... hello_world.py`.
        let p = store_path_flat("md5", "41a67498ef7735d00bff7df1fc5d12d2", "hello_world.py");
        assert_eq!(
            p,
            "/nix/store/3m0wj2qpm2sp16h6mqign4vdq2n4wcxm-hello_world.py"
        );
    }

    #[test]
    fn differences_treat_processes_as_sets() {
        let a = serde_json::json!({"task": {"processes": [{"name": "a", "cmdline": "x"}, {"name": "b", "cmdline": "y"}], "resources": {"cpu": 1.0}}});
        let b = serde_json::json!({"task": {"processes": [{"name": "b", "cmdline": "y"}, {"name": "a", "cmdline": "z"}], "resources": {"cpu": 1}}});
        let d = differences(&a, &b);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "task.processes[a].cmdline");
    }
}
