//! Golden corpus: every `corpus/<case>/` evaluates to the JSON real pystachio produced
//! (`expected.json`), or fails with the diagnostic blessed in `expected.err`, whose message
//! contains pystachio's own message (`expected.pystachio-error`); a syntax error points at the
//! line Python reports. One test per case (`eval::<case>`), run in process and in parallel:
//! `cargo test 30-template-nested-refs` runs one, `UPDATE_EXPECT=1 cargo test NAME` blesses it.

mod common;

use common::{cases, eval_case, expect_file, normalize, verdict, Case};
use libtest_mimic::{Failed, Trial};

fn main() {
    let mut trials: Vec<Trial> = cases()
        .into_iter()
        .map(|case| Trial::test(format!("eval::{}", case.name), move || eval(&case)))
        .collect();
    trials.push(Trial::test(
        "bulk_eval_prints_one_json_line_per_file_in_order",
        bulk_eval,
    ));
    libtest_mimic::run(&common::args(), trials).exit();
}

/// The message part of `ERROR: Type: message`, with `\n` unescaped.
fn pystachio_message(line: &str) -> String {
    let rest = line.trim().strip_prefix("ERROR: ").unwrap_or(line.trim());
    let msg = rest.split_once(": ").map_or(rest, |(_, m)| m);
    msg.replace("\\n", "\n")
}

fn eval(case: &Case) -> Result<(), Failed> {
    let out = eval_case(case);
    let mut problems = Vec::new();
    if case.succeeds() {
        if out.code != 0 {
            return Err(format!("failed unexpectedly:\n{}", out.stderr).into());
        }
        let ours: serde_json::Value =
            serde_json::from_str(&out.stdout).map_err(|e| format!("eval prints JSON: {e}"))?;
        let theirs: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(case.file("expected.json"))?)?;
        if normalize(&ours) != normalize(&theirs) {
            problems.push(format!(
                "JSON differs from pystachio's:\n{}",
                pretty_assertions::StrComparison::new(
                    &serde_json::to_string_pretty(&normalize(&theirs))?,
                    &serde_json::to_string_pretty(&normalize(&ours))?
                )
            ));
        }
        return verdict(problems);
    }
    let pystachio = std::fs::read_to_string(case.file("expected.pystachio-error"))
        .map_err(|_| "error cases have expected.pystachio-error")?;
    // A bad input beside the config (a tier file) stops the command itself: exit 2.
    let code = if pystachio.starts_with("ERROR: TierFileError: ") {
        2
    } else {
        1
    };
    if out.code != code {
        problems.push(format!("expected exit code {code}, got {}", out.code));
    }
    if !out.stdout.is_empty() {
        problems.push("an error case printed to stdout".into());
    }
    let message = pystachio_message(&pystachio);
    let syntax = pystachio.contains("invalid syntax");
    if !message.is_empty() && !syntax && !out.stderr.contains(&message) {
        problems.push(format!(
            "our diagnostic does not contain pystachio's message {message:?}:\n{}",
            out.stderr
        ));
    }
    // A syntax error points at the line Python reports.
    if let Some(line) = pystachio
        .split(", line ")
        .nth(1)
        .and_then(|l| l.trim_end().trim_end_matches(')').parse::<usize>().ok())
    {
        if !out.stderr.starts_with("error[E0001]")
            || !out.stderr.contains(&format!("input.aurora:{line}:"))
        {
            problems.push(format!(
                "Python reports a syntax error on line {line}, we said:\n{}",
                out.stderr
            ));
        }
    }
    if let Some(m) = expect_file(&case.file("expected.err"), &out.stderr) {
        problems.push(m);
    }
    verdict(problems)
}

fn bulk_eval() -> Result<(), Failed> {
    let out = common::cli(&[
        "eval",
        "corpus",
        "--env",
        "USER=alice",
        "--env",
        "TEAM=search",
    ]);
    assert_eq!(out.code, 1, "the corpus has error cases");
    let lines: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let files: Vec<&str> = lines.iter().map(|l| l["file"].as_str().unwrap()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "path order");
    assert!(files.len() >= cases().len());
    let ok = lines.iter().filter(|l| l.get("jobs").is_some()).count();
    let bad = lines.iter().filter(|l| l.get("error").is_some()).count();
    let libraries: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|l| l.get("included_by").is_some())
        .collect();
    assert_eq!(ok + bad + libraries.len(), lines.len());
    // Helper files that define no job are libraries of the configs that include them, directly
    // or through another helper; a jobless file nothing includes stays an error (case 66).
    assert_eq!(libraries.len(), 2, "{libraries:?}");
    assert_eq!(
        libraries[0]["file"],
        "corpus/44-include-nested/common/base.aurora"
    );
    assert_eq!(
        libraries[0]["included_by"],
        serde_json::json!(["corpus/44-include-nested/input.aurora"])
    );
    assert!(lines
        .iter()
        .any(|l| l["file"] == "corpus/66-err-no-job/input.aurora" && l.get("error").is_some()));
    let unknown = lines
        .iter()
        .find(|l| l["file"] == "corpus/60-err-unknown-attribute/input.aurora")
        .unwrap();
    assert_eq!(
        unknown["error"],
        "corpus/60-err-unknown-attribute/input.aurora:2:9: error[E0003]: Unknown schema attribute nmae"
    );
    let d = &unknown["diagnostic"];
    assert_eq!(
        (&d["code"], &d["line"], &d["column"], &d["file"]),
        (
            &"E0003".into(),
            &2.into(),
            &9.into(),
            &"corpus/60-err-unknown-attribute/input.aurora".into()
        ),
        "{d}"
    );
    assert_eq!(d["message"], "Unknown schema attribute nmae");
    let getpass = lines
        .iter()
        .find(|l| l["file"] == "corpus/47-import-getpass/input.aurora")
        .unwrap();
    assert_eq!(
        getpass["depends_on"]["env"]["LOGNAME"],
        serde_json::Value::Null
    );
    Ok(())
}
