//! Golden corpus: every `corpus/<case>/` evaluates to the JSON real pystachio produced
//! (`expected.json`), or fails with the diagnostic blessed in `expected.err`, whose message
//! contains pystachio's own message (`expected.pystachio-error`).

mod common;

use common::{cases, eval_case, expect_file, normalize};

#[test]
fn corpus_cases_match_blessed_outputs() {
    let mut failures = Vec::new();
    for case in cases() {
        let out = eval_case(&case);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let expected_json = case.file("expected.json");
        if expected_json.is_file() {
            if !out.status.success() {
                failures.push(format!("{}: failed unexpectedly:\n{stderr}", case.name));
                continue;
            }
            let ours: serde_json::Value = serde_json::from_str(&stdout).expect("eval prints JSON");
            let theirs: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&expected_json).unwrap()).unwrap();
            if normalize(&ours) != normalize(&theirs) {
                failures.push(format!(
                    "{}: JSON differs from pystachio's:\n{}",
                    case.name,
                    pretty_assertions::StrComparison::new(
                        &serde_json::to_string_pretty(&normalize(&theirs)).unwrap(),
                        &serde_json::to_string_pretty(&normalize(&ours)).unwrap()
                    )
                ));
            }
            continue;
        }
        if out.status.code() != Some(1) {
            failures.push(format!(
                "{}: expected exit code 1, got {:?}",
                case.name,
                out.status.code()
            ));
            continue;
        }
        if !stdout.is_empty() {
            failures.push(format!("{}: an error case printed to stdout", case.name));
        }
        let pystachio = std::fs::read_to_string(case.file("expected.pystachio-error"))
            .expect("error cases have expected.pystachio-error");
        let message = pystachio_message(&pystachio);
        if !message.is_empty() && !stderr.contains(&message) && !is_syntax_error(&pystachio) {
            failures.push(format!(
                "{}: our diagnostic does not contain pystachio's message {message:?}:\n{stderr}",
                case.name
            ));
        }
        if let Some(m) = expect_file(&case.file("expected.err"), &stderr) {
            failures.push(format!("{}: {m}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} corpus failures:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The message part of `ERROR: Type: message`, with `\n` unescaped.
fn pystachio_message(line: &str) -> String {
    let rest = line.trim().strip_prefix("ERROR: ").unwrap_or(line.trim());
    let msg = rest.split_once(": ").map_or(rest, |(_, m)| m);
    msg.replace("\\n", "\n")
}

fn is_syntax_error(line: &str) -> bool {
    line.contains("invalid syntax")
}

#[test]
fn syntax_errors_point_at_the_line_python_reports() {
    for case in cases() {
        let Ok(p) = std::fs::read_to_string(case.file("expected.pystachio-error")) else {
            continue;
        };
        let Some(line) = p
            .split(", line ")
            .nth(1)
            .and_then(|l| l.trim_end().trim_end_matches(')').parse::<usize>().ok())
        else {
            continue;
        };
        let out = eval_case(&case);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("error[E0001]"),
            "{}: {stderr}",
            case.name
        );
        assert!(
            stderr.contains(&format!("input.aurora:{line}:")),
            "{}: Python reports line {line}, we said:\n{stderr}",
            case.name
        );
    }
}

#[test]
fn bulk_eval_prints_one_json_line_per_file_in_order() {
    let out = common::aurora2nix(&[
        "eval",
        "corpus",
        "--env",
        "USER=alice",
        "--env",
        "TEAM=search",
    ]);
    assert_eq!(out.status.code(), Some(1), "the corpus has error cases");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
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
    assert_eq!(ok + bad, lines.len());
    let unknown = lines
        .iter()
        .find(|l| l["file"] == "corpus/60-err-unknown-attribute/input.aurora")
        .unwrap();
    assert_eq!(
        unknown["error"],
        "corpus/60-err-unknown-attribute/input.aurora:2:9: error[E0003]: Unknown schema attribute nmae"
    );
    let getpass = lines
        .iter()
        .find(|l| l["file"] == "corpus/47-import-getpass/input.aurora")
        .unwrap();
    assert_eq!(
        getpass["depends_on"]["env"]["LOGNAME"],
        serde_json::Value::Null
    );
}
