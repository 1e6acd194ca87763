//! Differential test: every corpus case is evaluated live by real pystachio (0.8.5 on Python
//! 2.7, or 0.8.10 on Python 3 where 2.7 is missing) through `tests/pystachio/evaluate.py`, and
//! aurora2nix must agree: the same JSON (numbers numerically, processes and constraints as sets)
//! or an error carrying the same, non-empty message, and every warning the client prints. One
//! test per case (`differential::<case>`).

mod common;

use common::{cases, eval_case, normalize, python, root, Case};
use libtest_mimic::{Failed, Trial};
use std::process::Command;

fn main() {
    let trials = cases()
        .into_iter()
        .map(|case| Trial::test(format!("differential::{}", case.name), move || agree(&case)))
        .collect();
    libtest_mimic::run(&common::args(), trials).exit();
}

/// The message of pystachio's `ERROR: Type: message` line, with `\n` unescaped.
fn message(line: &str) -> Option<String> {
    let rest = line.trim().strip_prefix("ERROR: ")?;
    let msg = rest.split_once(": ").map_or(rest, |(_, m)| m);
    Some(msg.replace("\\n", "\n"))
}

fn agree(case: &Case) -> Result<(), Failed> {
    let (py, env) = python();
    let theirs = Command::new(&py)
        .arg(root().join("tests/pystachio/evaluate.py"))
        .arg(case.input())
        .args(&case.args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()?;
    let theirs_out = String::from_utf8_lossy(&theirs.stdout).into_owned();
    let ours = eval_case(case);
    // The warnings the client prints are ours too.
    for warning in String::from_utf8_lossy(&theirs.stderr).lines() {
        if let Some(w) = warning.strip_prefix("WARNING: ") {
            if !ours.stderr.contains(w) {
                return Err(format!("the client warns {w:?}, we say:\n{}", ours.stderr).into());
            }
        }
    }
    match (theirs.status.success(), ours.code == 0) {
        (true, true) => {
            let a: serde_json::Value = serde_json::from_str(&theirs_out)?;
            let b: serde_json::Value = serde_json::from_str(&ours.stdout)?;
            if normalize(&a) != normalize(&b) {
                return Err(format!(
                    "JSON differs:\n{}",
                    pretty_assertions::StrComparison::new(
                        &serde_json::to_string_pretty(&normalize(&a))?,
                        &serde_json::to_string_pretty(&normalize(&b))?
                    )
                )
                .into());
            }
            Ok(())
        }
        (false, false) => {
            let msg = message(&theirs_out).ok_or_else(|| {
                format!(
                    "pystachio failed without an error line: {theirs_out}{}",
                    String::from_utf8_lossy(&theirs.stderr)
                )
            })?;
            if msg.is_empty() {
                return Err(format!("pystachio's error has an empty message: {theirs_out}").into());
            }
            if !msg.contains("invalid syntax") && !ours.stderr.contains(&msg) {
                return Err(format!("pystachio says {msg:?}, we say:\n{}", ours.stderr).into());
            }
            Ok(())
        }
        (true, false) => Err(format!("pystachio succeeds, we fail:\n{}", ours.stderr).into()),
        (false, true) => Err(format!("pystachio fails ({}), we succeed", theirs_out.trim()).into()),
    }
}
