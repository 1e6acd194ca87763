//! Running real Nix: generated files are evaluated by one `nix-instantiate` process per batch,
//! in restricted mode (no network, no store writes), each file under `tryEval` so one failure
//! does not hide the others' results. Also what Nix 2.8 does to floats when it prints them.

use crate::diagnostic::{Code, Diagnostic};
use serde_json::Value as J;
use std::fmt::Write as _;
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

/// How many files one `nix-instantiate` process evaluates, of `total` shared by `workers`
/// processes at a time. Each process starts Nix and reads the library again (about as much work
/// as evaluating a dozen job files), so batches are large: up to 256 files, which on the
/// generated benchmark repository cuts verify's wall time by about a sixth against 64 (a
/// `nix-instantiate` then peaks near 150 MB). A repository too small to give each worker four
/// batches gets smaller ones (down to 16), so Nix still starts while conversion goes on.
pub fn batch_size(total: usize, workers: usize) -> usize {
    (total / (4 * workers.max(1))).clamp(MIN_BATCH, 256)
}

/// The smallest batch [`batch_size`] gives.
pub const MIN_BATCH: usize = 16;

/// Evaluates generated files with real Nix, one `nix-instantiate` per batch (of [`batch_size`]
/// files, as the caller hands them over), in restricted mode with `roots` the only readable
/// trees. The caller runs as many batches at a time as it likes (verify: one per core, while it
/// still converts).
///
/// The files are given `library` (an `aurora-lib.nix`) as their `aurora`, with a `jobs` that
/// only builds the document: the caller runs the client's checks on the documents itself
/// (`aurora::client::check_document`: the same rules, without Nix's cost), which also checks
/// a hand-edited file that no longer calls them.
pub struct Evaluator {
    roots: Vec<PathBuf>,
    library: PathBuf,
}

impl Evaluator {
    /// An evaluator restricted to `roots`, with `library` as the files' `aurora`.
    pub fn new(roots: &[PathBuf], library: &Path) -> Evaluator {
        Evaluator {
            roots: roots.iter().map(|r| absolute(r)).collect(),
            library: absolute(library),
        }
    }

    /// Each file's `{"jobs": [...]}` or failure, in order, from one `nix-instantiate` (and one
    /// more per failing file, for Nix's own message). A file given sample sets is called with
    /// each as its arguments, and its result is the list of those documents.
    pub fn batch(&self, files: &[Entry]) -> Vec<Result<J, NixFailure>> {
        eval_batch(files, &self.roots, &self.library)
    }
}

/// A file to evaluate, and, when it takes parameters, the argument sets to call it with
/// (`ident`, value), each a document of the result.
#[derive(Clone, Debug)]
pub struct Entry {
    pub file: PathBuf,
    pub samples: Vec<Vec<(String, String)>>,
}

impl Entry {
    /// What the batch expression reads: the path, or `{ f; args; }`. Paths and values reach
    /// Nix as JSON data, never spliced into the expression.
    fn json(&self) -> J {
        let file = J::String(absolute(&self.file).display().to_string());
        if self.samples.is_empty() {
            return file;
        }
        let args = (self.samples.iter())
            .map(|set| {
                J::Object(
                    set.iter()
                        .map(|(k, v)| (k.clone(), J::String(v.clone())))
                        .collect(),
                )
            })
            .collect();
        serde_json::json!({ "f": file, "args": J::Array(args) })
    }
}

/// Runs `nix-instantiate` on `expr`, a function of `{ files, lib }`, with `files` the JSON list
/// of `paths` and `lib` the library's path: paths reach Nix as data, never spliced into the
/// expression.
fn nix_command(
    roots: &[PathBuf],
    expr: &str,
    files: &[J],
    library: &Path,
) -> std::io::Result<std::process::Output> {
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
        .arg("--argstr")
        .arg("lib")
        .arg(library)
        .output()
}

/// `document f`: file `f`'s document, built with library `lib` as its `aurora` (whose `jobs`
/// only builds the document), then put through the library's client checks when `checked`, so
/// that a file that no longer calls them is checked all the same.
fn document_expr(checked: bool) -> String {
    // Unchecked, a parameterized file's `jobsWith` only builds the document too (its
    // arguments are the caller's samples, strings without `{{`); checked, it checks them.
    let (wrap, with_params) = if checked {
        ("aurora.check", "")
    } else {
        ("", "jobsWith = _params: list: { jobs = list; }; ")
    };
    format!(
        "aurora = import (/. + lib); \
         document = f: args: let file = import (/. + f); in {wrap} (file \
           ((if builtins.functionArgs file ? aurora \
            then {{ aurora = aurora // {{ jobs = list: {{ jobs = list; }}; {with_params}}}; }} \
            else {{ }}) // args)); \
         entry = e: if builtins.isString e then document e {{ }} else map (document e.f) e.args; \
         first = e: if builtins.isString e then document e {{ }} else document e.f (builtins.head e.args);"
    )
}

/// Each file's jobs, or `{ error = true; }` where evaluating it throws.
fn batch_expr() -> String {
    format!(
        "{{ files, lib }}: let {} in map (f: let v = entry f; \
         r = builtins.tryEval (builtins.deepSeq v v); in \
         if r.success then {{ ok = r.value; }} else {{ error = true; }}) (builtins.fromJSON files)",
        document_expr(false)
    )
}

/// One file's jobs, with Nix's own error message when it fails: checked, the document of the
/// first argument set (`aurora2nix json`); else what [`batch_expr`] gives for the file.
fn single_expr(checked: bool) -> String {
    let pick = if checked { "first" } else { "entry" };
    format!(
        "{{ files, lib }}: let {} in {pick} (builtins.head (builtins.fromJSON files))",
        document_expr(checked)
    )
}

fn eval_batch(files: &[Entry], roots: &[PathBuf], library: &Path) -> Vec<Result<J, NixFailure>> {
    let abs: Vec<J> = files.iter().map(Entry::json).collect();
    let output = match nix_command(roots, &batch_expr(), &abs, library) {
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
            .map(|(item, f)| {
                match item {
                    J::Object(mut m) => m.swap_remove("ok"),
                    _ => None,
                }
                // Re-run alone to get Nix's own message.
                .map_or_else(|| single(f, roots, library), Ok)
            })
            .collect(),
        _ => abs.iter().map(|f| single(f, roots, library)).collect(),
    }
}

fn single(f: &J, roots: &[PathBuf], library: &Path) -> Result<J, NixFailure> {
    let text = run_single(f, roots, library, false)?;
    serde_json::from_str(&text).map_err(|e| NixFailure::Eval(e.to_string()))
}

/// One generated (or hand-edited) file's document as Nix prints it, evaluated as [`Evaluator::batch`]
/// evaluates it (restricted to `roots`, with `library`) and put through the library's client
/// checks in Nix: the whole text, or the failure (Nix prints a partial document before an
/// error; it is never returned).
pub fn document(
    f: &Path,
    args: &[(String, String)],
    roots: &[PathBuf],
    library: &Path,
) -> Result<String, NixFailure> {
    let roots: Vec<PathBuf> = roots.iter().map(|r| absolute(r)).collect();
    let entry = Entry {
        file: f.to_path_buf(),
        samples: if args.is_empty() {
            Vec::new()
        } else {
            vec![args.to_vec()]
        },
    };
    run_single(&entry.json(), &roots, &absolute(library), true)
}

/// A path as Nix needs it (absolute; as given when that fails).
fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// One file's document as Nix prints it; the paths are absolute.
fn run_single(
    f: &J,
    roots: &[PathBuf],
    library: &Path,
    checked: bool,
) -> Result<String, NixFailure> {
    match nix_command(
        roots,
        &single_expr(checked),
        std::slice::from_ref(f),
        library,
    ) {
        Ok(o) if o.status.success() => {
            String::from_utf8(o.stdout).map_err(|e| NixFailure::Eval(e.to_string()))
        }
        Ok(o) => Err(NixFailure::Eval(
            String::from_utf8_lossy(&o.stderr).trim().to_string(),
        )),
        Err(_) => Err(NixFailure::Missing),
    }
}

/// Every input of `files` (generated job files, `import FILE { artifactsOnly = true; }`): a
/// local file as its store path, a fetched one as its derivation, in one list.
const ARTIFACTS: &str = "{ files }: builtins.concatLists (map (f: \
    map (a: if builtins.isAttrs a then a.drvPath else a) \
    (builtins.attrValues (import (/. + f) { artifactsOnly = true; }))) (builtins.fromJSON files))";

/// Puts every input of `files` into the local Nix store and returns their store paths, sorted
/// and deduplicated: local files are added by evaluating in read-write mode (as `nix-build`
/// would), fetched ones are built with `nix-store --realise` (downloading them). The result is
/// what `nix copy` takes. When some cannot be built, the others are still returned, with Nix's
/// `error:` lines.
pub fn realise_artifacts(files: &[PathBuf]) -> (Vec<String>, Option<String>) {
    match realise(files) {
        Ok(r) => r,
        Err(e) => (Vec::new(), Some(e)),
    }
}

/// Nix's `error:` lines of a failed command (its retry warnings left out), else all of it.
fn errors_of(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("error:")).collect();
    if errors.is_empty() {
        text.trim().to_string()
    } else {
        errors.join("\n")
    }
}

fn realise(files: &[PathBuf]) -> Result<(Vec<String>, Option<String>), String> {
    let files: Vec<String> = files
        .iter()
        .map(|f| absolute(f).display().to_string())
        .collect();
    let run = |c: &mut std::process::Command, what: &str| -> Result<Vec<u8>, String> {
        let o = c
            .output()
            .map_err(|e| format!("cannot run {what}: {e} (install Debian's nix-bin)"))?;
        if !o.status.success() {
            return Err(format!("{what} failed: {}", errors_of(&o.stderr)));
        }
        Ok(o.stdout)
    };
    let listed = run(
        std::process::Command::new(nix_instantiate())
            .args([
                "--eval",
                "--strict",
                "--json",
                "--read-write-mode",
                "-E",
                ARTIFACTS,
            ])
            .arg("--argstr")
            .arg("files")
            .arg(serde_json::to_string(&files).expect("strings serialize")),
        "nix-instantiate",
    )?;
    let paths: Vec<String> = serde_json::from_slice(&listed)
        .map_err(|e| format!("nix-instantiate printed no list of paths: {e}"))?;
    let (drvs, mut out): (Vec<String>, Vec<String>) =
        paths.into_iter().partition(|p| p.ends_with(".drv"));
    let mut failed = None;
    // One derivation at a time, so one failed download costs only its own path.
    let store = std::env::var("AURORA2NIX_NIX_STORE").unwrap_or_else(|_| "nix-store".into());
    for drv in &drvs {
        match run(
            std::process::Command::new(&store).arg("--realise").arg(drv),
            "nix-store --realise",
        ) {
            Ok(built) => out.extend(String::from_utf8_lossy(&built).lines().map(str::to_string)),
            Err(e) => {
                let all: &mut String = failed.get_or_insert_with(String::new);
                if !all.is_empty() {
                    all.push('\n');
                }
                all.push_str(&e);
            }
        }
    }
    out.sort();
    out.dedup();
    Ok((out, failed))
}

/// How Nix 2.8 prints a float: 6 significant digits.
pub fn nix_printed(f: f64) -> f64 {
    format!("{f:.5e}").parse().unwrap_or(f)
}

/// Floats Nix 2.8 would print rounded, as warnings naming where they are.
pub fn float_warnings(jobs: &[J]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The path is built in place as the walk goes (most values are not floats).
    fn walk(v: &J, path: &mut String, out: &mut Vec<Diagnostic>) {
        let at = path.len();
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
            J::Array(a) => a.iter().enumerate().for_each(|(i, x)| {
                let _ = write!(path, "[{i}]");
                walk(x, path, out);
                path.truncate(at);
            }),
            J::Object(m) => m.iter().for_each(|(k, x)| {
                path.push('.');
                path.push_str(k);
                walk(x, path, out);
                path.truncate(at);
            }),
            _ => {}
        }
    }
    for (i, j) in jobs.iter().enumerate() {
        let name = crate::aurora::jobs::name(j).unwrap_or("?");
        walk(j, &mut format!("jobs[{i}] ({name})"), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::batch_size;

    #[test]
    fn batches_are_large_yet_give_each_worker_four() {
        assert_eq!(batch_size(10_000, 2), 256);
        assert_eq!(batch_size(1_000, 2), 125);
        assert_eq!(batch_size(1_000, 1), 250);
        assert_eq!(batch_size(100, 2), 16);
        assert_eq!(batch_size(0, 0), 16);
    }
}
