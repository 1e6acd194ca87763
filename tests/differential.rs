//! Differential test: every corpus case is evaluated live by real pystachio (0.8.5 on Python
//! 2.7, or 0.8.10 on Python 3 where 2.7 is missing) through `tests/pystachio/evaluate.py`, and
//! aurora2nix must agree: the same JSON (numbers numerically, processes and constraints as sets)
//! or an error carrying the same message.

mod common;

use common::{cases, eval_case, normalize, python, root};
use std::process::Command;

#[test]
fn aurora2nix_agrees_with_real_pystachio() {
    let (py, env) = python();
    let mut failures = Vec::new();
    for case in cases() {
        let script = root().join("tests/pystachio/evaluate.py");
        let theirs = Command::new(&py)
            .arg(&script)
            .arg(case.input())
            .args(&case.args)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .expect("python runs");
        let theirs_out = String::from_utf8_lossy(&theirs.stdout).into_owned();
        let ours = eval_case(&case);
        let ours_err = String::from_utf8_lossy(&ours.stderr);
        match (theirs.status.success(), ours.status.success()) {
            (true, true) => {
                let a: serde_json::Value =
                    serde_json::from_str(&theirs_out).expect("pystachio JSON");
                let b: serde_json::Value = serde_json::from_slice(&ours.stdout).expect("our JSON");
                if normalize(&a) != normalize(&b) {
                    failures.push(format!(
                        "{}: JSON differs:\n{}",
                        case.name,
                        pretty_assertions::StrComparison::new(
                            &serde_json::to_string_pretty(&normalize(&a)).unwrap(),
                            &serde_json::to_string_pretty(&normalize(&b)).unwrap()
                        )
                    ));
                }
            }
            (false, false) => {
                let line = theirs_out.trim();
                let rest = line.strip_prefix("ERROR: ").unwrap_or(line);
                let msg = rest
                    .split_once(": ")
                    .map_or(rest, |(_, m)| m)
                    .replace("\\n", "\n");
                if !msg.contains("invalid syntax") && !ours_err.contains(&msg) {
                    failures.push(format!(
                        "{}: pystachio says {msg:?}, we say:\n{ours_err}",
                        case.name
                    ));
                }
            }
            (true, false) => failures.push(format!(
                "{}: pystachio succeeds, we fail:\n{ours_err}",
                case.name
            )),
            (false, true) => failures.push(format!(
                "{}: pystachio fails ({}), we succeed",
                case.name,
                theirs_out.trim()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} differences from pystachio:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
