//! `aurora2nix eval`: the job document of each config, as `aurora job inspect --write-json`
//! prints it. One file prints the document with rendered diagnostics; several print one JSON
//! line per file, in input order, once all are evaluated (whether a file is a library that
//! other inputs include only the whole run can tell).

use super::inputs::{parallel_map, Input, Interrupted};
use super::{libraries, Console, FileError};
use crate::aurora::{self, EvalOptions, Evaluation, Tiers};
use crate::diagnostic::{self, Code, Diagnostic};
use python::{SourceMap, Span};
use std::path::Path;

/// The largest tier file read.
const MAX_TIERS: u64 = 1 << 20;

/// Reads the scheduler's tier list (`--tiers`, the project's `tiers`): an unreadable file is
/// `E0011`, a malformed one `E0012` at its line and column, with the line shown.
pub fn load_tiers(path: &Path) -> Result<Tiers, FileError> {
    let shown = path.display().to_string();
    let text = super::read_settings_file(path, &format!("tier file {shown}"), MAX_TIERS)?;
    Tiers::parse(&text).map_err(|e| {
        let mut sources = SourceMap::default();
        let id = sources.add(path, shown.clone(), text.clone());
        let mut d = Diagnostic::error(Code::Usage, e.message).hint(
            "a tier file is Aurora's tiers.json: {\"default\": NAME, \"tiers\": {NAME: {\"preemptible\": BOOL, \"revocable\": BOOL}, ...}}",
        );
        if let Some(at) = e.offset {
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            d = d.at(Span::new(id, at as u32, end as u32));
        }
        FileError {
            diagnostic: Box::new(d),
            sources,
            file: shown.clone(),
            includes: Vec::new(),
        }
    })
}

/// Evaluates one input with its root.
pub fn evaluate(input: &Input, opts: &EvalOptions) -> Result<Evaluation, FileError> {
    let mut o = opts.clone();
    o.root = Some(input.root.clone());
    o.project_bindings = input.bindings.clone();
    let file = input.path.display().to_string();
    aurora::evaluate_file(&input.path, &o).map_err(|f| FileError::eval(f, &file))
}

fn deps_json(deps: &python::Deps) -> Option<serde_json::Value> {
    if deps.env.is_empty() && deps.files.is_empty() && deps.other.is_empty() {
        return None;
    }
    Some(serde_json::json!({ "env": deps.env, "files": deps.files, "other": deps.other }))
}

/// Runs `eval`; the exit code is 1 when any config failed.
pub fn run(con: &mut Console, opts: &EvalOptions, files: &[Input]) -> i32 {
    if let [one] = files {
        if one.single {
            return match evaluate(one, opts) {
                Ok(ev) => {
                    let path = one.path.display().to_string();
                    let deps = ev.deps.describe(opts.env_given).into_iter();
                    let deps = deps.map(|w| Diagnostic::warning(Code::Dependency, w));
                    for d in deps
                        .chain(ev.warnings.iter().cloned())
                        .filter(|_| !con.quiet)
                    {
                        let _ = write!(con.err, "{}", diagnostic::render(&d, &ev.sources, &path));
                    }
                    let doc = aurora::jobs_document(&ev.jobs);
                    let text = serde_json::to_string_pretty(&doc).expect("JSON values serialize");
                    let _ = writeln!(con.out, "{text}");
                    0
                }
                Err(e) => {
                    let _ = write!(con.err, "{}", e.render());
                    1
                }
            };
        }
    }
    let Ok(results) = parallel_map(files, |input| evaluate(input, opts)) else {
        return Interrupted::CODE;
    };
    let runs: Vec<_> = files
        .iter()
        .zip(&results)
        .map(|(input, r)| match r {
            Ok(ev) => (input, true, ev.includes.as_slice()),
            Err(e) => (input, false, e.includes.as_slice()),
        })
        .collect();
    let included_by = libraries(&runs);
    let mut code = 0;
    for ((input, r), by) in files.iter().zip(results).zip(included_by) {
        let file = input.path.display().to_string();
        let line = match r {
            Ok(ev) => {
                for d in ev.warnings.iter().filter(|_| !con.quiet) {
                    let _ = write!(con.err, "{}", diagnostic::render(d, &ev.sources, &file));
                }
                let mut line = serde_json::json!({ "file": file, "jobs": ev.jobs });
                if let Some(d) = deps_json(&ev.deps) {
                    line["depends_on"] = d;
                }
                line
            }
            Err(_) if !by.is_empty() => serde_json::json!({ "file": file, "included_by": by }),
            Err(e) => {
                code = 1;
                serde_json::json!({ "file": file, "error": e.line(), "diagnostic": e.json() })
            }
        };
        if writeln!(con.out, "{line}").is_err() {
            break; // a closed pipe: nobody reads the rest
        }
    }
    code
}
