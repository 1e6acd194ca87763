//! What Aurora's client checks after it has evaluated a config (reference §2.6–2.7): the rules
//! (`rules`), written once in a small language over the job document (`expr`) that this
//! module runs for `eval` and the Nix job library runs on the Nix side.

pub mod expr;
pub mod rules;

pub use expr::Violation;
pub use rules::{Level, Rule, Stage};

use crate::diagnostic::{Code, Diagnostic};
use python::{Budget, Span, R};
use serde_json::Value as J;
use std::sync::OnceLock;

/// Every rule, in the client's order.
pub fn all() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(rules::rules)
}

/// A rule that fired.
pub struct Finding {
    pub rule: &'static Rule,
    pub violation: Violation,
}

impl Finding {
    /// The diagnostic, located at `span`.
    pub fn diagnostic(&self, span: Option<Span>) -> Diagnostic {
        let message = self.violation.message.trim_matches('\n');
        let mut d = match self.rule.level {
            Level::Error => Diagnostic::error(Code::Client(self.rule.code), message),
            Level::Warning => Diagnostic::warning(Code::Client(self.rule.code), message),
        };
        d.span = span;
        if let Some(h) = self.rule.hint {
            d = d.hint(h);
        }
        d
    }
}

/// What a stage found: the warnings met, and the error that stops the client (if any).
#[derive(Default)]
pub struct Outcome {
    pub warnings: Vec<Finding>,
    pub error: Option<Finding>,
}

/// Runs the rules of one stage in order on `vars` (`job`, or `jobs` for [`Stage::Pick`]),
/// up to the first error. A warning rule reports its first violation.
pub fn run(stage: Stage, vars: Vec<(&'static str, &J)>, b: &Budget) -> R<Outcome> {
    let mut out = Outcome::default();
    // One evaluator for the stage: each rule leaves its variables as it found them.
    let mut ev = expr::Eval::new(b, vars);
    for rule in all().iter().filter(|r| r.stage == stage) {
        let Some(violation) = ev.violations(&rule.check)?.into_iter().next() else {
            continue;
        };
        let finding = Finding { rule, violation };
        match rule.level {
            Level::Warning => out.warnings.push(finding),
            Level::Error => {
                out.error = Some(finding);
                break;
            }
        }
    }
    Ok(out)
}

/// The first error of the client's checks on a job document's jobs, in the client's order:
/// every job's key, `pick` over all, then for each job `validate_job`, `validate_config` and
/// the thrift conversion (what the Nix library's `check` runs on the Nix side), with the job it
/// is about (`None` for `pick`). Warnings are not reported.
/// `all` is the document's list of jobs.
pub fn check_document(all: &J, b: &Budget) -> R<Option<(Option<usize>, Finding)>> {
    let jobs: &[J] = all.as_array().map_or(&[], Vec::as_slice);
    let per_job = |stages: &[Stage]| -> R<Option<(Option<usize>, Finding)>> {
        for (i, job) in jobs.iter().enumerate() {
            for &stage in stages {
                if let Some(e) = run(stage, vec![("job", job)], b)?.error {
                    return Ok(Some((Some(i), e)));
                }
            }
        }
        Ok(None)
    };
    if let Some(found) = per_job(&[Stage::Key])? {
        return Ok(Some(found));
    }
    if let Some(e) = run(Stage::Pick, vec![("jobs", all)], b)?.error {
        return Ok(Some((None, e)));
    }
    per_job(&[Stage::ValidateJob, Stage::ValidateConfig, Stage::Thrift])
}

/// The span recorded for a JSON path, or for its nearest recorded parent.
pub fn span_of(path: &str, origins: &[(String, Span)]) -> Option<Span> {
    let mut p = path;
    loop {
        if let Some((_, s)) = origins.iter().find(|(o, _)| o == p) {
            return Some(*s);
        }
        p = &p[..p.rfind(['.', '['])?];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_stages_in_order() {
        let mut codes: Vec<&str> = all().iter().map(|r| r.code).collect();
        let stages: Vec<Stage> = all().iter().map(|r| r.stage).collect();
        assert!(
            stages.windows(2).all(|w| w[0] <= w[1]),
            "rules out of the client's order"
        );
        codes.sort();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n, "a code is used twice");
    }
}
