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
    // Each file is wrapped in tryEval so one failure does not hide the others' results.
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

// ------------------------------------------------------------------------------------------------
// The verify run.

/// The verdict on one job.
#[derive(Clone, Debug, serde::Serialize)]
pub struct JobVerdict {
    /// `cluster/role/environment/name`.
    pub job: String,
    pub equivalent: bool,
    /// Differences between the expected JSON (the `.aurora` with the declared rewrites) and Nix's.
    pub differences: Vec<Located>,
    /// Floats Nix 2.8 prints rounded to 6 significant digits: not a conversion error, but the job
    /// Aurora receives from the Nix file has the rounded value.
    pub rounded: Vec<Located>,
}

/// How Nix 2.8 prints a float: 6 significant digits.
pub fn nix_printed(f: f64) -> f64 {
    format!("{f:.5e}").parse().unwrap_or(f)
}

fn is_rounding(d: &Difference) -> bool {
    match (&d.expected, &d.actual) {
        (Some(J::Number(e)), Some(J::Number(a))) => match (e.as_f64(), a.as_f64()) {
            (Some(e), Some(a)) => e != a && nix_printed(e) == a,
            _ => false,
        },
        _ => false,
    }
}

/// A difference with the `.aurora` line its value came from.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Located {
    pub path: String,
    pub expected: Option<J>,
    pub actual: Option<J>,
    /// `file:line` of the construction of the value (or its nearest parent).
    pub origin: Option<String>,
}

/// The verdict on one config and its generated file.
#[derive(Clone, Debug, serde::Serialize)]
pub struct FileVerdict {
    /// The `.aurora` file.
    pub aurora: String,
    /// The generated `.nix` file.
    pub nix: String,
    /// The file differs from what `convert` would write now.
    pub stale: bool,
    pub jobs: Vec<JobVerdict>,
    /// Why the file could not be verified at all.
    pub error: Option<String>,
}

impl FileVerdict {
    /// Whether everything in this file verified.
    pub fn ok(&self) -> bool {
        self.error.is_none() && self.jobs.iter().all(|j| j.equivalent)
    }
}

fn job_key(j: &J) -> String {
    ["cluster", "role", "environment", "name"]
        .iter()
        .map(|k| j.get(k).and_then(J::as_str).unwrap_or("?"))
        .collect::<Vec<_>>()
        .join("/")
}

fn origin_of(
    path: &str,
    origins: Option<&std::collections::BTreeMap<String, String>>,
) -> Option<String> {
    let origins = origins?;
    let mut p = path.to_string();
    loop {
        if let Some(o) = origins.get(&p) {
            return Some(o.clone());
        }
        let cut = p.rfind(['.', '['])?;
        p.truncate(cut);
    }
}

/// Compares expected and actual job lists, matching jobs by key (then by position).
pub fn compare_jobs(
    expected: &[J],
    actual: &[J],
    origins: &[std::collections::BTreeMap<String, String>],
) -> Vec<JobVerdict> {
    let mut out = Vec::new();
    let mut used = vec![false; actual.len()];
    for (i, e) in expected.iter().enumerate() {
        let key = job_key(e);
        let m = actual
            .iter()
            .enumerate()
            .position(|(k, a)| !used[k] && job_key(a) == key)
            .or_else(|| (i < actual.len() && !used[i]).then_some(i));
        match m {
            Some(k) => {
                used[k] = true;
                let locate = |d: Difference| Located {
                    origin: origin_of(&d.path, origins.get(i)),
                    path: d.path,
                    expected: d.expected,
                    actual: d.actual,
                };
                let (rounded, diffs): (Vec<Difference>, Vec<Difference>) =
                    differences(e, &actual[k])
                        .into_iter()
                        .partition(is_rounding);
                let diffs: Vec<Located> = diffs.into_iter().map(locate).collect();
                out.push(JobVerdict {
                    job: key,
                    equivalent: diffs.is_empty(),
                    differences: diffs,
                    rounded: rounded.into_iter().map(locate).collect(),
                });
            }
            None => out.push(JobVerdict {
                job: key,
                equivalent: false,
                differences: vec![Located {
                    path: String::new(),
                    expected: Some(e.clone()),
                    actual: None,
                    origin: origins.get(i).and_then(|o| o.get("").cloned()),
                }],
                rounded: vec![],
            }),
        }
    }
    for (k, a) in actual.iter().enumerate() {
        if !used[k] {
            out.push(JobVerdict {
                job: job_key(a),
                equivalent: false,
                differences: vec![Located {
                    path: String::new(),
                    expected: None,
                    actual: Some(a.clone()),
                    origin: None,
                }],
                rounded: vec![],
            });
        }
    }
    out
}

fn short(v: &Option<J>) -> String {
    match v {
        None => "(absent)".into(),
        Some(j) => {
            let s = j.to_string();
            if s.len() > 200 {
                format!(
                    "{}…",
                    &s[..s.char_indices().nth(200).map_or(s.len(), |(i, _)| i)]
                )
            } else {
                s
            }
        }
    }
}

/// A one-line description of a difference.
pub fn describe(d: &Located) -> String {
    let at = d
        .origin
        .as_ref()
        .map(|o| format!(" (from {o})"))
        .unwrap_or_default();
    match (&d.expected, &d.actual) {
        (Some(_), None) if d.path.is_empty() => format!("the job is missing from the Nix file{at}"),
        (None, Some(_)) if d.path.is_empty() => {
            "the Nix file has a job the .aurora does not define".into()
        }
        _ => format!(
            "{}: expected {}, Nix gives {}{at}",
            d.path,
            short(&d.expected),
            short(&d.actual)
        ),
    }
}

/// Renders verdicts as text.
pub fn render_text(files: &[FileVerdict]) -> String {
    let mut out = String::new();
    for f in files {
        if let Some(e) = &f.error {
            let code = if e.contains("Nix cannot evaluate") || e.contains("nix-instantiate") {
                "E0022"
            } else if e.contains("does not evaluate") {
                "E0002"
            } else {
                "E0021"
            };
            out.push_str(&format!("error  {}: {e} [{code}]\n", f.aurora));
            continue;
        }
        for j in &f.jobs {
            for r in &j.rounded {
                out.push_str(&format!(
                    "warning[W0002] {} {}: {}: Nix 2.8 prints {} as {} (6 significant digits){}\n",
                    f.aurora,
                    j.job,
                    r.path,
                    short(&r.expected),
                    short(&r.actual),
                    r.origin
                        .as_ref()
                        .map(|o| format!(" (from {o})"))
                        .unwrap_or_default()
                ));
            }
            if j.equivalent {
                out.push_str(&format!("ok     {} {}\n", f.aurora, j.job));
            } else {
                out.push_str(&format!("DIFF   {} {} [E0020]\n", f.aurora, j.job));
                for d in &j.differences {
                    out.push_str(&format!("         {}\n", describe(d)));
                }
            }
        }
        if f.stale {
            out.push_str(&format!(
                "stale  {}: differs from what `aurora2nix convert` writes now{} [E0021]\n",
                f.nix,
                if f.ok() { " (equivalent; regenerate to refresh it)" } else { " (hand-edited or generated by another version; regenerate with `aurora2nix convert`)" }
            ));
        }
    }
    let jobs: usize = files.iter().map(|f| f.jobs.len()).sum();
    let bad: usize = files
        .iter()
        .map(|f| f.jobs.iter().filter(|j| !j.equivalent).count())
        .sum();
    let errors = files.iter().filter(|f| f.error.is_some()).count();
    out.push_str(&format!(
        "{} equivalent, {bad} different, {errors} not verifiable\n",
        jobs - bad
    ));
    out
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Renders verdicts as JUnit XML: one test case per job.
pub fn render_junit(files: &[FileVerdict]) -> String {
    let tests: usize = files
        .iter()
        .map(|f| f.jobs.len().max(usize::from(f.error.is_some())))
        .sum();
    let failures: usize = files
        .iter()
        .map(|f| f.jobs.iter().filter(|j| !j.equivalent).count())
        .sum();
    let errors = files.iter().filter(|f| f.error.is_some()).count();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"aurora2nix verify\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n"
    );
    for f in files {
        let n = f.jobs.len().max(usize::from(f.error.is_some()));
        let fails = f.jobs.iter().filter(|j| !j.equivalent).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{n}\" failures=\"{fails}\" errors=\"{}\">\n",
            xml(&f.aurora),
            usize::from(f.error.is_some())
        ));
        if let Some(e) = &f.error {
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"(file)\">\n      <error message=\"{}\"/>\n    </testcase>\n",
                xml(&f.aurora),
                xml(e)
            ));
        }
        for j in &f.jobs {
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml(&f.aurora),
                xml(&j.job)
            ));
            if j.equivalent && !j.rounded.is_empty() {
                let body: Vec<String> = j
                    .rounded
                    .iter()
                    .map(|r| {
                        format!(
                            "warning: {}: Nix 2.8 prints {} as {}",
                            r.path,
                            short(&r.expected),
                            short(&r.actual)
                        )
                    })
                    .collect();
                out.push_str(&format!(
                    ">\n      <system-out>{}</system-out>\n    </testcase>\n",
                    xml(&body.join("\n"))
                ));
            } else if j.equivalent {
                out.push_str("/>\n");
            } else {
                let body: Vec<String> = j.differences.iter().map(describe).collect();
                out.push_str(&format!(
                    ">\n      <failure message=\"{} difference(s) from the .aurora\">{}</failure>\n    </testcase>\n",
                    j.differences.len(),
                    xml(&body.join("\n"))
                ));
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Renders verdicts as CI annotations (`::error file=…,line=…::message`).
pub fn render_annotations(files: &[FileVerdict]) -> String {
    let mut out = String::new();
    let esc = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    for f in files {
        if let Some(e) = &f.error {
            out.push_str(&format!("::error file={}::{}\n", f.aurora, esc(e)));
        }
        for j in &f.jobs {
            for d in &j.differences {
                let (file, line) = d
                    .origin
                    .as_ref()
                    .and_then(|o| o.rsplit_once(':'))
                    .map(|(f, l)| (f.to_string(), l.to_string()))
                    .unwrap_or((f.aurora.clone(), "1".into()));
                out.push_str(&format!(
                    "::error file={file},line={line}::{} {}\n",
                    j.job,
                    esc(&describe(d))
                ));
            }
        }
        if f.stale {
            out.push_str(&format!(
                "::warning file={}::stale: regenerate with aurora2nix convert\n",
                f.nix
            ));
        }
    }
    out
}
