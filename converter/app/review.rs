//! Review aids: `aurora2nix diff` (per job, a unified diff of the Aurora JSON before and after
//! conversion, annotated with the package mappings) and `aurora2nix report` (a Markdown migration
//! report for a pull-request description). Pure text rendering over verify's data.

use super::convert::{self as cv, ConvertOptions};
use super::inputs::Input;
use super::inputs::Interrupted;
use super::verify::{gather, FileVerdict};
use super::Console;
use crate::aurora::jobs;
use crate::packages::{Lock, Mapping, Plan};
use serde_json::Value as J;
use std::fmt::Write;

/// Pretty JSON with sorted keys (serde_json keeps insertion order; ours is already sorted).
fn pretty(v: &J) -> String {
    fn sort(v: &J) -> J {
        match v {
            J::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                J::Object(keys.into_iter().map(|k| (k.clone(), sort(&m[k]))).collect())
            }
            J::Array(a) => J::Array(a.iter().map(sort).collect()),
            other => other.clone(),
        }
    }
    serde_json::to_string_pretty(&sort(v)).expect("JSON serializes") + "\n"
}

/// A one-line description of a mapping: `fetch_package → input hello_world_py, sha256-…, inline`.
pub fn describe_mapping(m: &Mapping, plan: &Plan) -> String {
    match (&m.input, m.strategy) {
        (Some(input), Some(strategy)) => {
            let hash = plan
                .inputs
                .iter()
                .find(|i| &i.binding == input)
                .map(|i| i.sri())
                .unwrap_or_default();
            let strategy = match strategy {
                crate::packages::Strategy::Inline => "inline",
                crate::packages::Strategy::Stage => "stage",
            };
            format!(
                "{} → input {input}, {hash}, {strategy} ({} {})",
                m.process, m.kind, m.source
            )
        }
        _ => format!("{}: {} {} {}", m.process, m.kind, m.source, m.note),
    }
}

/// Colours for terminals.
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// The unified diff of one job, before → after, with its mappings as a header.
pub fn job_diff(
    file: &str,
    nix: &str,
    job: &str,
    before: &J,
    after: &J,
    mappings: &[String],
    style: &Style,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.paint("1", &format!("job {job} ({file} → {nix})"))
    );
    for m in mappings {
        let _ = writeln!(out, "  {}", style.paint("36", &format!("# {m}")));
    }
    let (a, b) = (pretty(before), pretty(after));
    if a == b {
        let _ = writeln!(out, "  (no change)");
        return out;
    }
    let diff = similar::TextDiff::from_lines(&a, &b);
    for hunk in diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("{file} {job}"), &format!("{nix} {job}"))
        .iter_hunks()
    {
        for line in hunk.to_string().lines() {
            let painted = match line.chars().next() {
                Some('-') if !line.starts_with("---") => style.paint("31", line),
                Some('+') if !line.starts_with("+++") => style.paint("32", line),
                Some('@') => style.paint("36", line),
                _ => line.to_string(),
            };
            let _ = writeln!(out, "{painted}");
        }
    }
    out
}

/// Facts about one converted file for the report.
pub struct ReportFile {
    pub aurora: String,
    pub nix: String,
    pub plan: Option<Plan>,
    pub warnings: Vec<String>,
    pub error: Option<String>,
    pub verdict: Option<FileVerdict>,
    /// Each job conversion changed: `(key, before, after)` Mermaid flowcharts.
    pub graphs: Vec<(String, String, String)>,
    /// How many sample sets verify judged the file's jobs with (0: it takes no parameters).
    pub sample_sets: usize,
}

/// The most before/after graph pairs a report embeds: a pull-request description holds at most
/// 65,536 characters on GitHub.
pub const REPORT_GRAPHS: usize = 10;

/// The Markdown migration report; `libraries` are the configs other configs include, with their
/// includers.
pub fn report(
    files: &[ReportFile],
    libraries: &[(String, Vec<String>)],
    nix_available: bool,
) -> String {
    let mut out = String::from("# Aurora → Nix migration report\n\n");
    let converted = files.iter().filter(|f| f.error.is_none()).count();
    let failed = files.len() - converted;
    let warned = files
        .iter()
        .filter(|f| f.error.is_none() && !f.warnings.is_empty())
        .count();
    let jobs: usize = files
        .iter()
        .filter_map(|f| f.plan.as_ref())
        .map(|p| p.jobs.len())
        .sum();
    let verified: usize = files
        .iter()
        .filter_map(|f| f.verdict.as_ref())
        .map(|v| v.jobs.iter().filter(|j| j.equivalent).count())
        .sum();
    // Verify judges a parameterized job once per sample set.
    let per_set = if files.iter().any(|f| f.sample_sets > 0) {
        " (a parameterized job once per sample set)"
    } else {
        ""
    };
    let _ = writeln!(out, "| | count |\n|---|---|");
    let _ = writeln!(out, "| configs converted without warnings | {converted} |");
    let _ = writeln!(out, "| configs converted with warnings | {warned} |");
    let _ = writeln!(out, "| configs that failed | {failed} |");
    let _ = writeln!(
        out,
        "| configs included by other configs | {} |",
        libraries.len()
    );
    let _ = writeln!(out, "| jobs | {jobs} |");
    if nix_available {
        let _ = writeln!(
            out,
            "| jobs verified equivalent by real Nix{per_set} | {verified} |"
        );
    }
    out.push('\n');
    let mut by_strategy: Vec<(String, String, &Mapping, &Plan)> = Vec::new();
    let mut kept: Vec<(String, &Mapping)> = Vec::new();
    for f in files {
        if let Some(p) = &f.plan {
            for m in &p.mappings {
                match m.strategy {
                    Some(s) => {
                        by_strategy.push((format!("{s:?}").to_lowercase(), f.aurora.clone(), m, p))
                    }
                    None => kept.push((f.aurora.clone(), m)),
                }
            }
        }
    }
    by_strategy.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let _ = writeln!(
        out,
        "## Artifacts mapped to Nix inputs ({})\n",
        by_strategy.len()
    );
    if by_strategy.is_empty() {
        out.push_str("None.\n\n");
    } else {
        let _ = writeln!(out, "| strategy | config | job | process | fetched | input | hash |\n|---|---|---|---|---|---|---|");
        for (s, file, m, p) in &by_strategy {
            let input = m.input.clone().unwrap_or_default();
            let hash = p
                .inputs
                .iter()
                .find(|i| i.binding == input)
                .map(|i| i.sri())
                .unwrap_or_default();
            let c = |v: &str| cell(&code(v));
            let _ = writeln!(
                out,
                "| {s} | {} | {} | {} | {} {} | {} | {} |",
                c(file),
                c(&m.job),
                c(&m.process),
                cell(&text(&m.kind)),
                c(&m.source),
                c(&input),
                c(&hash)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Fetches kept verbatim ({})\n", kept.len());
    if kept.is_empty() {
        out.push_str("None.\n\n");
    } else {
        for (file, m) in &kept {
            let _ = writeln!(
                out,
                "- {} job {} process {}: {} {} — {}",
                code(file),
                code(&m.job),
                code(&m.process),
                text(&m.kind),
                code(&m.source),
                text(&m.note)
            );
        }
        out.push('\n');
    }
    // How each verified job launches from its Nix file.
    let launcher: Vec<(String, String, String)> = files
        .iter()
        .filter_map(|f| f.verdict.as_ref().map(|v| (f, v)))
        .flat_map(|(f, v)| {
            v.jobs.iter().filter_map(|j| {
                let p = j.read_json_refuses.clone()?;
                Some((f.aurora.clone(), j.job.clone(), p))
            })
        })
        .collect();
    let _ = writeln!(
        out,
        "## Jobs that launch with the launcher ({})\n",
        launcher.len()
    );
    if launcher.is_empty() {
        out.push_str("None: every job launches with `aurora job create --read-json`.\n\n");
    } else {
        out.push_str("`aurora job create --read-json` cannot re-load these (a Choice not of its first alternative); launch them with `aurora2nix-launch.aurora`, the others with `--read-json`:\n\n");
        for (file, job, p) in &launcher {
            let _ = writeln!(out, "- {} job {}: {}", code(file), code(job), code(p));
        }
        out.push('\n');
    }
    let warnings: Vec<(String, &String)> = files
        .iter()
        .flat_map(|f| f.warnings.iter().map(|w| (f.aurora.clone(), w)))
        .collect();
    let _ = writeln!(out, "## Included by other configs ({})\n", libraries.len());
    if libraries.is_empty() {
        out.push_str("None.\n\n");
    } else {
        for (file, by) in libraries {
            let by: Vec<String> = by.iter().map(|b| code(b)).collect();
            let _ = writeln!(out, "- {}: included by {}", code(file), by.join(", "));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Warnings ({})\n", warnings.len());
    if warnings.is_empty() {
        out.push_str("None.\n\n");
    } else {
        for (file, w) in warnings {
            let _ = writeln!(out, "- {}: {}", code(&file), text(w));
        }
        out.push('\n');
    }
    graphs_section(&mut out, files);
    let mut unverified = Vec::new();
    for f in files {
        if let Some(e) = &f.error {
            unverified.push(format!("- {}: not converted: {}", code(&f.aurora), text(e)));
        } else if !nix_available {
            unverified.push(format!(
                "- {}: not verified: `nix-instantiate` is not installed",
                code(&f.aurora)
            ));
        } else if let Some(v) = &f.verdict {
            if let Some(e) = &v.error {
                unverified.push(format!("- {}: {}", code(&f.aurora), text(e)));
            }
            for j in &v.jobs {
                if !j.equivalent {
                    unverified.push(format!(
                        "- {} job {}: {} difference(s) from the `.aurora` (run `aurora2nix verify`)",
                        code(&f.aurora),
                        code(&j.job),
                        j.differences.len()
                    ));
                }
                for r in &j.rounded {
                    unverified.push(format!(
                        "- {} job {}: {} is printed rounded by Nix 2.8",
                        code(&f.aurora),
                        code(&j.job),
                        code(&r.path)
                    ));
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "## Not verifiable or not equivalent ({})\n",
        unverified.len()
    );
    if unverified.is_empty() {
        out.push_str("None: every converted job evaluates, with real Nix, to its `.aurora`'s job up to the declared rewrites.\n");
    } else {
        out.push_str(&unverified.join("\n"));
        out.push('\n');
    }
    out
}

/// Each changed job's graph before and after conversion, as Mermaid blocks GitHub draws (at
/// most [`REPORT_GRAPHS`] pairs; the rest are counted).
fn graphs_section(out: &mut String, files: &[ReportFile]) {
    let changed: Vec<(&ReportFile, &(String, String, String))> = files
        .iter()
        .flat_map(|f| f.graphs.iter().map(move |g| (f, g)))
        .collect();
    let _ = writeln!(
        out,
        "## Changed jobs, before and after ({})\n",
        changed.len()
    );
    if changed.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    out.push_str("Each task as a graph: processes (with their traits), the order they run in, and the Nix inputs that feed them (dashed).\n\n");
    for (f, (key, before, after)) in changed.iter().take(REPORT_GRAPHS) {
        let _ = writeln!(out, "### {} job {}\n", code(&f.aurora), code(key));
        let _ = writeln!(out, "Before:\n\n```mermaid\n{before}```\n");
        let _ = writeln!(out, "After:\n\n```mermaid\n{after}```\n");
    }
    if changed.len() > REPORT_GRAPHS {
        let _ = writeln!(
            out,
            "{} more changed jobs are not drawn here; draw any with `aurora2nix graph FILE --job KEY` (and `--before`).\n",
            changed.len() - REPORT_GRAPHS
        );
    }
}

/// Runs `diff`: per job, what changed between the `.aurora` and its Nix file. Exits 1 when a
/// config does not evaluate or its Nix file is missing or does not evaluate, 2 without Nix;
/// with `exit_code` (as `git diff --exit-code`), also 1 when anything differs.
pub fn diff(
    con: &mut Console,
    opts: &ConvertOptions,
    files: &[Input],
    lock: &Lock,
    exit_code: bool,
) -> i32 {
    let Ok(g) = gather(opts, files, lock, None) else {
        return Interrupted::CODE;
    };
    if !g.nix_available {
        let _ = write!(con.err, "{}", super::verify::nix_missing());
        return 2;
    }
    let style = Style { color: con.color };
    let mut out = String::new();
    let mut code = 0;
    for (i, job) in g.jobs.iter().enumerate() {
        let file = job.input.path.display().to_string();
        let nix = cv::output_path(&opts.out, &job.rel).display().to_string();
        let (c, _) = match &g.converted[i] {
            Ok(x) => x,
            Err(e) => {
                let _ = writeln!(out, "{file}: cannot evaluate: {}", e.message);
                code = 1;
                continue;
            }
        };
        // After: what real Nix gives for the file. A file that is missing or does not
        // evaluate is an error, never "no change".
        let after: Vec<J> = match &g.after[i] {
            Some(doc) => doc
                .get("jobs")
                .and_then(|j| j.as_array())
                .cloned()
                .unwrap_or_default(),
            None => {
                let v = &g.verdicts[i];
                let why = v.error.clone().unwrap_or_default();
                // Nix's own message spans lines; control characters other than line breaks are
                // escaped.
                let why = crate::diagnostic::escape_controls(&why, |c| c == '\n');
                let code_tag = v.code.map(|c| format!(" [{c}]")).unwrap_or_default();
                let _ = writeln!(con.err, "{}: {why}{code_tag}", super::shown(&file));
                code = 1;
                continue;
            }
        };
        // A parameterized file is shown bound to its first sample set, named after the key.
        let set = (c.samples.first()).map_or(String::new(), |s| format!(" [{}]", s.label()));
        let planned = c.shown(&c.plan.jobs);
        for (k, before) in c.review_before().iter().enumerate() {
            let key = jobs::key(before) + &set;
            let planned = planned.get(k).map(jobs::key);
            let mappings: Vec<String> = c
                .plan
                .mappings
                .iter()
                .filter(|m| Some(&m.job) == planned.as_ref())
                .map(|m| describe_mapping(m, &c.plan))
                .collect();
            let empty = J::Null;
            let a = after.get(k).unwrap_or(&empty);
            // Numbers as Aurora reads them (Nix prints 15.0 as 15) and processes in one order, so
            // the diff shows only real changes.
            let (b, a) = (jobs::normalize(before), jobs::normalize(a));
            if exit_code && b != a {
                code = code.max(1);
            }
            out.push_str(&job_diff(&file, &nix, &key, &b, &a, &mappings, &style));
        }
        if exit_code && after.len() != c.review_before().len() {
            code = code.max(1);
        }
    }
    let _ = con.out.write_all(out.as_bytes());
    code
}

/// Runs `report`: the Markdown migration report.
pub fn report_command(
    con: &mut Console,
    opts: &ConvertOptions,
    files: &[Input],
    lock: &Lock,
) -> i32 {
    let Ok(g) = gather(opts, files, lock, None) else {
        return Interrupted::CODE;
    };
    let mut entries = Vec::new();
    for (i, job) in g.jobs.iter().enumerate() {
        let aurora = job.input.path.display().to_string();
        let nix = cv::output_path(&opts.out, &job.rel).display().to_string();
        let (plan, warnings, error, graphs, sample_sets) = match &g.converted[i] {
            Ok((c, _)) => (
                Some(c.plan.clone()),
                c.warnings
                    .iter()
                    .map(|w| format!("{}[{}] {}", w.severity.label(), w.code.as_str(), w.message))
                    .collect(),
                None,
                super::graph::changed_mermaid(c),
                c.samples.len(),
            ),
            Err(e) => (None, vec![], Some(e.message.clone()), vec![], 0),
        };
        entries.push(ReportFile {
            aurora,
            nix,
            plan,
            warnings,
            error,
            verdict: Some(g.verdicts[i].clone()),
            graphs,
            sample_sets,
        });
    }
    let _ = write!(
        con.out,
        "{}",
        report(&entries, &g.libraries, g.nix_available)
    );
    // Like `verify`: 1 when any config failed or any job differs.
    let bad = |e: &ReportFile| e.error.is_some() || e.verdict.as_ref().is_some_and(|v| !v.ok());
    i32::from(entries.iter().any(bad))
}

/// Text on one line: control characters (a newline would end the list item) escaped, and `<`
/// written as an entity so nothing becomes HTML.
fn text(s: &str) -> String {
    crate::diagnostic::escape_controls(s, |_| false).replace('<', "&lt;")
}

/// An inline code span holding `s` whatever backticks it contains.
fn code(s: &str) -> String {
    let s = crate::diagnostic::escape_controls(s, |_| false);
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.is_empty() || s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A table cell: `|` escaped (also inside code spans, as GitHub reads tables).
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_values_stay_in_their_place() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("a\nb"), "`a\\nb`");
        assert_eq!(text("x\n# heading <script>"), "x\\n# heading &lt;script>");
        assert_eq!(cell(&code("a|b")), "`a\\|b`");
    }
}
