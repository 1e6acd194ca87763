//! `aurora2nix eval`: the job document of each config, as `aurora job inspect --write-json`
//! prints it. One file prints the document with rendered diagnostics; several print one JSON
//! line per file, in input order, as soon as each is ready.

use super::inputs::{parallel_ordered, Input};
use super::{Console, FileError};
use crate::aurora::{self, EvalOptions, Evaluation};
use crate::diagnostic::{self, Code, Diagnostic};

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
                    for w in ev.deps.describe() {
                        let d = Diagnostic::warning(Code::Dependency, w);
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
    let mut code = 0;
    let mut broken_pipe = false;
    let out = &mut *con.out;
    parallel_ordered(
        files,
        |input| {
            let file = input.path.display().to_string();
            match evaluate(input, opts) {
                Ok(ev) => {
                    let mut line = serde_json::json!({ "file": file, "jobs": ev.jobs });
                    if let Some(d) = deps_json(&ev.deps) {
                        line["depends_on"] = d;
                    }
                    (line, true)
                }
                Err(e) => (
                    serde_json::json!({ "file": file, "error": e.line(), "diagnostic": e.json() }),
                    false,
                ),
            }
        },
        |(line, ok)| {
            if !ok {
                code = 1;
            }
            if !broken_pipe && writeln!(out, "{line}").is_err() {
                broken_pipe = true;
            }
        },
    );
    code
}
