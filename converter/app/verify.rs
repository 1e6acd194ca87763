//! `aurora2nix verify`: the Aurora JSON *before* (our evaluation of the `.aurora`) and *after*
//! (real Nix evaluating the generated file) must match, up to exactly the declared package
//! rewrites. The comparison is the job document's (`aurora::jobs`); this module gathers both
//! sides, decides a verdict per job and renders verdicts as text, JSON, JUnit XML or CI
//! annotations. It compares; it never rewrites.

use super::convert::{self as cv, ConvertOptions, Converted};
use super::inputs::{parallel_ordered, Input, Interrupted};
use super::launch_check;
use super::Console;
use crate::aurora::jobs::{self, Difference};
use crate::diagnostic::{self, Code, Diagnostic};
use crate::nix::run::{self as nix_run, nix_printed, NixFailure};
use crate::packages::Lock;
use python::SourceMap;
use serde_json::Value as J;
use std::path::{Path, PathBuf};

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
    /// How the job launches from its Nix file: `read-json` (`aurora job create --read-json`
    /// re-loads it) or `launcher` (`aurora2nix-launch.aurora`, see `read_json_refuses`).
    pub launch: &'static str,
    /// The value `--read-json` cannot re-load (a Choice not of its first alternative's shape).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_json_refuses: Option<String>,
}

impl JobVerdict {
    fn new(job: String, differences: Vec<Located>, nix: Option<&J>) -> JobVerdict {
        let refuses = nix.and_then(|j| crate::aurora::schema::aurora().read_json_refusal(j));
        JobVerdict {
            job,
            equivalent: differences.is_empty(),
            differences,
            rounded: vec![],
            launch: if refuses.is_some() {
                "launcher"
            } else {
                "read-json"
            },
            read_json_refuses: refuses,
        }
    }
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
    /// The diagnostic code of `error`.
    pub code: Option<&'static str>,
    /// The evaluation's diagnostic, when the `.aurora` does not evaluate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostic: Option<J>,
}

impl FileVerdict {
    /// Whether everything in this file verified.
    pub fn ok(&self) -> bool {
        self.error.is_none() && self.jobs.iter().all(|j| j.equivalent)
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
        let key = jobs::key(e);
        let m = actual
            .iter()
            .enumerate()
            .position(|(k, a)| !used[k] && jobs::key(a) == key)
            .or_else(|| (i < actual.len() && !used[i]).then_some(i));
        match m {
            Some(k) => {
                used[k] = true;
                let locate = |d: Difference| Located {
                    origin: jobs::origin_of(&d.path, origins.get(i)),
                    path: d.path,
                    expected: d.expected,
                    actual: d.actual,
                };
                let (rounded, diffs): (Vec<Difference>, Vec<Difference>) =
                    jobs::differences(e, &actual[k])
                        .into_iter()
                        .partition(is_rounding);
                let diffs: Vec<Located> = diffs.into_iter().map(locate).collect();
                out.push(JobVerdict {
                    rounded: rounded.into_iter().map(locate).collect(),
                    ..JobVerdict::new(key, diffs, Some(&actual[k]))
                });
            }
            None => out.push(JobVerdict::new(
                key,
                vec![Located {
                    path: String::new(),
                    expected: Some(e.clone()),
                    actual: None,
                    origin: origins.get(i).and_then(|o| o.get("").cloned()),
                }],
                None,
            )),
        }
    }
    for (k, a) in actual.iter().enumerate() {
        if !used[k] {
            out.push(JobVerdict::new(
                jobs::key(a),
                vec![Located {
                    path: String::new(),
                    expected: None,
                    actual: Some(a.clone()),
                    origin: None,
                }],
                Some(a),
            ));
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
    render_lines(files) + &tally(files)
}

/// One line per job (and per file problem), without the tally.
fn render_lines(files: &[FileVerdict]) -> String {
    let mut out = String::new();
    for f in files {
        // Names come from the input: each stays on its line.
        let aurora = super::shown(&f.aurora);
        if let Some(e) = &f.error {
            // An evaluation failure's message already carries its diagnostic line and code.
            match (&f.diagnostic, f.code) {
                (None, Some(code)) => out.push_str(&format!("error  {}: {e} [{code}]\n", aurora)),
                _ => out.push_str(&format!("error  {}: {e}\n", aurora)),
            }
            continue;
        }
        for j in &f.jobs {
            for r in &j.rounded {
                out.push_str(&format!(
                    "warning[W0002] {} {}: {}: Nix 2.8 prints {} as {} (6 significant digits){}\n",
                    aurora,
                    super::shown(&j.job),
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
                let launch = match &j.read_json_refuses {
                    Some(p) => format!(
                        " (launch with aurora2nix-launch.aurora: --read-json cannot re-load {p})"
                    ),
                    None => String::new(),
                };
                out.push_str(&format!(
                    "ok     {} {}{launch}\n",
                    aurora,
                    super::shown(&j.job)
                ));
            } else {
                out.push_str(&format!(
                    "DIFF   {} {} [E0020]\n",
                    aurora,
                    super::shown(&j.job)
                ));
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
    out
}

/// The closing line: `N equivalent, N different, N not verifiable`.
fn tally(files: &[FileVerdict]) -> String {
    let jobs: usize = files.iter().map(|f| f.jobs.len()).sum();
    let bad: usize = files
        .iter()
        .map(|f| f.jobs.iter().filter(|j| !j.equivalent).count())
        .sum();
    let errors = files.iter().filter(|f| f.error.is_some()).count();
    format!(
        "{} equivalent, {bad} different, {errors} not verifiable\n",
        jobs - bad
    )
}

/// Text for an XML attribute or element: markup and line breaks as references, and the control
/// characters XML 1.0 cannot hold at all written out as `\u{..}`.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {
                out.push_str(&c.escape_unicode().to_string())
            }
            c => out.push(c),
        }
    }
    out
}

/// A GitHub workflow command's message: `%`, CR and LF escaped, so it stays one command.
fn annotation_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A GitHub workflow command's property (`file=`): also `:` and `,`, which end a property.
fn annotation_property(s: &str) -> String {
    annotation_data(s).replace(':', "%3A").replace(',', "%2C")
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
    let esc = annotation_data;
    let prop = annotation_property;
    for f in files {
        if let Some(e) = &f.error {
            out.push_str(&format!("::error file={}::{}\n", prop(&f.aurora), esc(e)));
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
                    "::error file={},line={}::{} {}\n",
                    prop(&file),
                    prop(&line),
                    esc(&j.job),
                    esc(&describe(d))
                ));
            }
        }
        if f.stale {
            out.push_str(&format!(
                "::warning file={}::stale: regenerate with aurora2nix convert\n",
                prop(&f.nix)
            ));
        }
    }
    out
}

/// How `verify` prints its verdicts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per job, then a tally.
    Text,
    /// The verdicts as JSON.
    Json,
    /// JUnit XML, one test case per job.
    Junit,
    /// GitHub Actions annotations.
    Github,
}

/// Runs `--before-cmd` for one config and reads its `{"jobs": [...]}`.
/// Runs `cmd` with `{file}` replaced by the config's path and `{bind}` by `--bind NAME=VALUE`
/// words for `bindings`, each quoted for the shell.
fn before_from_command(
    cmd: &str,
    file: &Path,
    bindings: &[(String, String)],
) -> Result<Vec<J>, String> {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let binds: Vec<String> = (bindings.iter())
        .map(|(k, v)| format!("--bind {}", quote(&format!("{k}={v}"))))
        .collect();
    let line = cmd
        .replace("{file}", &quote(&file.display().to_string()))
        .replace("{bind}", &binds.join(" "));
    let out = std::process::Command::new("sh")
        .args(["-c", &line])
        .output()
        .map_err(|e| format!("cannot run --before-cmd: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "--before-cmd failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let doc: J = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("--before-cmd did not print JSON: {e}"))?;
    Ok(match doc.get("jobs") {
        Some(J::Array(jobs)) => jobs.clone(),
        _ => vec![doc],
    })
}

/// Why one config has no "before" to compare.
pub struct NotConverted {
    pub code: Code,
    pub message: String,
    pub diagnostic: Option<Box<J>>,
    /// It does not evaluate on its own (a library, if another input includes it).
    pub not_evaluated: bool,
    /// The files it included before it failed.
    pub includes: Box<[PathBuf]>,
}

/// Everything `diff` and `report` need: the in-memory conversions, the Nix results and the
/// verdicts, for every input at once (`verify` itself streams, see [`stream`]).
pub struct Gathered {
    pub jobs: Vec<cv::Job>,
    pub converted: Vec<Result<(Converted, Vec<J>), NotConverted>>,
    pub after: Vec<Option<J>>,
    pub verdicts: Vec<FileVerdict>,
    /// Inputs that define no job and that other inputs include: not verified on their own
    /// (their includers' outputs carry them), with their includers.
    pub libraries: Vec<(String, Vec<String>)>,
    /// Generated files whose source is gone, with that source.
    pub orphans: Vec<(PathBuf, String)>,
    pub nix_available: bool,
    pub cannot_run: bool,
}

/// Converts every input in memory, evaluates the generated files with real Nix, and compares,
/// keeping everything for the caller.
pub fn gather(
    opts: &ConvertOptions,
    files: &[Input],
    lock: &Lock,
    before_cmd: Option<&str>,
) -> Result<Gathered, Interrupted> {
    let mut all = Vec::new();
    let streamed = stream(opts, files, lock, before_cmd, true, |c| all.push(c))?;
    let mut g = Gathered {
        jobs: Vec::new(),
        converted: Vec::new(),
        after: Vec::new(),
        verdicts: Vec::new(),
        libraries: Vec::new(),
        orphans: cv::orphans(&opts.out, &opts.project),
        nix_available: streamed.nix_available,
        cannot_run: false,
    };
    // Libraries leave the run here: nothing to verify on their own.
    for (c, by) in all.into_iter().zip(streamed.included_by) {
        if !by.is_empty() {
            g.libraries
                .push((c.job.input.path.display().to_string(), by));
            continue;
        }
        g.cannot_run |= c.conversion_failed;
        g.jobs.push(c.job);
        g.converted.push(
            c.converted
                .expect("stream keeps the conversions when asked"),
        );
        g.after.push(c.after);
        g.verdicts.push(c.verdict);
    }
    Ok(g)
}

/// One config converted in memory, with what its verdict needs, waiting for Nix.
struct Prepared {
    index: usize,
    job: cv::Job,
    nix_file: PathBuf,
    result: Result<Ready, NotConverted>,
}

/// A config that converts: what Nix's document is compared with.
struct Ready {
    expected: Vec<J>,
    /// A parameterized file's sample sets, each with the jobs Nix must give for it (then
    /// `expected` is unused).
    samples: Vec<cv::Sample>,
    origins: Vec<std::collections::BTreeMap<String, String>>,
    includes: Vec<PathBuf>,
    /// Its Nix file exists.
    present: bool,
    /// Its Nix file is not what `convert` writes now: decided while the text is at hand, so the
    /// text never waits for Nix.
    stale: bool,
    /// The whole conversion, for `diff` and `report`; `verify` keeps none.
    kept: Option<(Converted, Vec<J>)>,
}

/// One config's verdict, handed over in input order.
struct Checked {
    job: cv::Job,
    verdict: FileVerdict,
    /// The document Nix printed, when it evaluated.
    after: Option<J>,
    /// The config did not convert (it has no "before" to compare).
    conversion_failed: bool,
    /// The conversion, when [`stream`] was asked to keep it, or why there is none.
    converted: Option<Result<(Converted, Vec<J>), NotConverted>>,
}

/// What [`stream`] knows only at the end of the run.
struct Streamed {
    /// For each input, in order: the inputs that include it when it is a library (see
    /// [`super::libraries`]), else nothing.
    included_by: Vec<Vec<String>>,
    /// No Nix batch found `nix-instantiate` missing.
    nix_available: bool,
}

/// Converts every input in memory and evaluates its generated file with real Nix, handing each
/// config's verdict to `sink` in input order as soon as it is decided.
///
/// Conversion runs on all cores ([`parallel_ordered`]); the converted files are collected, in
/// input order, into batches of [`nix_run::batch_size`], and each full batch goes at once to one of
/// the Nix workers (as many as there are cores, each running one `nix-instantiate` at a time),
/// so Nix evaluates while conversion goes on. A config waits only for its own batch, and what it
/// waits with is its expected jobs and their origins, never its Nix text: memory is flat in the
/// number of configs. When the Nix workers are all busy and one more batch is waiting, the
/// conversion stops until one is free.
fn stream(
    opts: &ConvertOptions,
    files: &[Input],
    lock: &Lock,
    before_cmd: Option<&str>,
    keep: bool,
    sink: impl FnMut(Checked),
) -> Result<Streamed, Interrupted> {
    use std::sync::mpsc;
    let jobs = cv::jobs(files);
    let total = jobs.len();
    let indexed: Vec<(usize, cv::Job)> = jobs.into_iter().enumerate().collect();
    let roots = vec![
        std::env::current_dir().unwrap_or_default(),
        opts.out.clone(),
    ];
    let nix = nix_run::Evaluator::new(&roots, &opts.out.join("aurora-lib.nix"));
    let nix_workers = super::workers(total.div_ceil(nix_run::MIN_BATCH));
    let batch_size = nix_run::batch_size(total, nix_workers);
    // What the include graph needs of each input: whether it evaluates, and what it included.
    let mut runs: Vec<(bool, Box<[PathBuf]>)> = Vec::with_capacity(total);
    let mut order = InOrder {
        waiting: Default::default(),
        next: 0,
        sink,
    };
    let mut nix_available = true;
    // Each verdict with its input's index, and whether Nix was missing.
    type Evaluated = Vec<(usize, bool, Checked)>;
    // Full batches to the Nix workers (one more may wait while all are busy), and back as
    // verdicts: the workers also run the client's checks on what Nix printed, in parallel.
    let (batch_tx, batch_rx) = mpsc::sync_channel::<Vec<Prepared>>(1);
    let batch_rx = std::sync::Mutex::new(batch_rx);
    let (done_tx, done_rx) = mpsc::channel::<Evaluated>();
    std::thread::scope(|s| {
        for _ in 0..nix_workers {
            let (batch_rx, done_tx, nix) = (&batch_rx, done_tx.clone(), &nix);
            s.spawn(move || loop {
                let next = batch_rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
                let Ok(batch) = next else { break };
                let files: Vec<nix_run::Entry> = (batch.iter())
                    .map(|p| nix_run::Entry {
                        file: p.nix_file.clone(),
                        samples: (p.result.as_ref().map(|r| &r.samples[..]))
                            .unwrap_or_default()
                            .iter()
                            .map(|s| s.args.clone())
                            .collect(),
                    })
                    .collect();
                let results = nix.batch(&files);
                let verdicts = batch
                    .into_iter()
                    .zip(results)
                    .map(|(p, r)| {
                        let missing = matches!(r, Err(NixFailure::Missing));
                        (p.index, missing, checked(p, Some(r), keep))
                    })
                    .collect();
                if done_tx.send(verdicts).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let mut finish = |order: &mut InOrder<_>, (index, missing, c): (usize, bool, Checked)| {
            nix_available &= !missing;
            order.add(index, c);
        };
        let mut batch = Vec::with_capacity(batch_size);
        parallel_ordered(
            &indexed,
            |(i, j)| prepare(*i, j, opts, lock, before_cmd, keep),
            |p| {
                runs.push(match &p.result {
                    Ok(r) => (true, r.includes.clone().into()),
                    Err(e) => (!e.not_evaluated, e.includes.clone()),
                });
                if p.result.as_ref().is_ok_and(|r| r.present) {
                    batch.push(p);
                    if batch.len() == batch_size {
                        // Blocks while every Nix worker is busy and a batch already waits.
                        let _ = batch_tx.send(std::mem::take(&mut batch));
                    }
                } else {
                    finish(&mut order, (p.index, false, checked(p, None, keep)));
                }
                for verdict in done_rx.try_iter().flatten() {
                    finish(&mut order, verdict);
                }
            },
        );
        if !batch.is_empty() && !super::interrupted() {
            let _ = batch_tx.send(batch);
        }
        drop(batch_tx);
        for verdict in done_rx.into_iter().flatten() {
            finish(&mut order, verdict);
        }
    });
    if order.next < total || runs.len() < total || super::interrupted() {
        return Err(Interrupted);
    }
    let runs: Vec<_> = indexed
        .iter()
        .zip(&runs)
        .map(|((_, j), (evaluated, includes))| (&j.input, *evaluated, &includes[..]))
        .collect();
    Ok(Streamed {
        included_by: super::libraries(&runs),
        nix_available,
    })
}

/// Hands items to `sink` in index order, holding those that arrive early.
struct InOrder<F> {
    waiting: std::collections::BTreeMap<usize, Checked>,
    next: usize,
    sink: F,
}

impl<F: FnMut(Checked)> InOrder<F> {
    fn add(&mut self, index: usize, c: Checked) {
        self.waiting.insert(index, c);
        while let Some(c) = self.waiting.remove(&self.next) {
            (self.sink)(c);
            self.next += 1;
        }
    }
}

/// Converts one config in memory and decides what its verdict needs before Nix runs.
fn prepare(
    index: usize,
    j: &cv::Job,
    opts: &ConvertOptions,
    lock: &Lock,
    before_cmd: Option<&str>,
    keep: bool,
) -> Prepared {
    let nix_file = cv::output_path(&opts.out, &j.rel);
    let result = (|| {
        let mut c = cv::convert_one(j, opts, lock).map_err(|e| NotConverted {
            code: e.diagnostic.code,
            message: format!("the .aurora does not evaluate: {}", e.line()),
            diagnostic: Some(Box::new(e.json())),
            not_evaluated: true,
            includes: e.includes.clone().into(),
        })?;
        let unbindable = before_cmd.is_some_and(|cmd| !cmd.contains("{bind}"));
        if !c.params.is_empty() && (c.samples.is_empty() || unbindable) {
            let why = if unbindable {
                "--before-cmd has no {bind} to bind them with"
            } else {
                "it has no sample values to bind them to (--param NAME=VALUE)"
            };
            return Err(NotConverted {
                code: Code::ParamUnchecked,
                message: format!(
                    "not verified: the file takes parameters ({}), and {why}",
                    (c.params.iter().map(|p| p.name.as_str()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                diagnostic: None,
                not_evaluated: false,
                includes: c.includes.clone().into(),
            });
        }
        let mut samples = if keep {
            c.samples.clone()
        } else {
            std::mem::take(&mut c.samples)
        };
        // With --before-cmd, what the command prints (for each sample set, bound by `{bind}`),
        // with the declared rewrites applied, is what Nix must give.
        let from_command = |cmd: &str, bindings: &[(String, String)]| {
            let before =
                before_from_command(cmd, &j.input.path, bindings).map_err(|m| NotConverted {
                    code: Code::Usage,
                    message: m,
                    diagnostic: None,
                    not_evaluated: false,
                    includes: c.includes.clone().into(),
                })?;
            let plan = crate::packages::plan(
                &before,
                &c.deps,
                &c.config_dir,
                &c.root,
                &nix_file,
                lock,
                &opts.plan,
            );
            Ok(plan.resolved_jobs())
        };
        let expected = match before_cmd {
            None if !c.params.is_empty() => Vec::new(),
            None => c.plan.resolved_jobs(),
            Some(cmd) if !c.params.is_empty() => {
                for s in &mut samples {
                    s.expected = from_command(cmd, &s.bindings)?;
                }
                Vec::new()
            }
            Some(cmd) => from_command(cmd, &[])?,
        };
        let present = nix_file.is_file();
        let stale =
            present && std::fs::read_to_string(&nix_file).ok().as_deref() != Some(c.text.as_str());
        let (origins, includes) = if keep {
            (c.origins.clone(), c.includes.clone())
        } else {
            (
                std::mem::take(&mut c.origins),
                std::mem::take(&mut c.includes),
            )
        };
        Ok(Ready {
            kept: keep.then(|| (c, expected.clone())),
            expected,
            samples,
            origins,
            includes,
            present,
            stale,
        })
    })();
    Prepared {
        index,
        job: j.clone(),
        nix_file,
        result,
    }
}

/// Judges Nix's document `doc` against the jobs `expected`, into `v`; `label` follows each job's
/// key (a sample set's bindings).
fn judge(
    v: &mut FileVerdict,
    expected: &[J],
    origins: &[std::collections::BTreeMap<String, String>],
    doc: &J,
    label: &str,
) {
    // A document without a list of jobs holds none.
    let none = J::Array(Vec::new());
    let all = doc.get("jobs").filter(|j| j.is_array()).unwrap_or(&none);
    let actual: &[J] = all.as_array().map_or(&[], Vec::as_slice);
    // The client's checks on what Nix printed: the rules the Nix library runs,
    // here by aurora2nix, so that a file whose hand edit dropped them is checked.
    if let Some((code, m)) = refused(all) {
        let hint = if v.stale {
            "; it is also stale (not what `aurora2nix convert` writes now)"
        } else {
            ""
        };
        v.error = Some(format!(
            "{}{label} holds a job Aurora's client refuses: {m}{hint}",
            v.nix
        ));
        v.code = Some(code.as_str());
        return;
    }
    let mut jobs = compare_jobs(expected, actual, origins);
    for j in &mut jobs {
        j.job.push_str(label);
    }
    v.jobs.extend(jobs);
    // Anything beside `jobs` in the document was added by hand.
    let extra: Vec<Located> = doc
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.as_str() != "jobs")
        .map(|(k, val)| Located {
            path: k.clone(),
            expected: None,
            actual: Some(val.clone()),
            origin: None,
        })
        .collect();
    if !extra.is_empty() {
        v.jobs.push(JobVerdict::new(
            format!("(the document){label}"),
            extra,
            None,
        ));
    }
}

/// The verdict on one config, from its conversion and what Nix made of its file (`None`: Nix
/// did not run on it).
fn checked(p: Prepared, after: Option<Result<J, NixFailure>>, keep: bool) -> Checked {
    let mut v = FileVerdict {
        aurora: p.job.input.path.display().to_string(),
        nix: p.nix_file.display().to_string(),
        stale: false,
        jobs: vec![],
        error: None,
        code: None,
        diagnostic: None,
    };
    let fail = |v: &mut FileVerdict, code: Code, message: String| {
        v.error = Some(message);
        v.code = Some(code.as_str());
    };
    let mut doc_after = None;
    let ready = match p.result {
        Err(e) => {
            fail(&mut v, e.code, e.message.clone());
            v.diagnostic = e.diagnostic.as_deref().cloned();
            return Checked {
                job: p.job,
                verdict: v,
                after: None,
                conversion_failed: true,
                converted: keep.then_some(Err(e)),
            };
        }
        Ok(r) => r,
    };
    match after {
        None => {
            let m = format!(
                "{} is missing; generate it with `aurora2nix convert`",
                v.nix
            );
            fail(&mut v, Code::Stale, m);
        }
        Some(Err(NixFailure::Eval(m))) => {
            // A stale file may fail for a reason `convert` fixes (an input's content changed).
            let hint = if ready.stale {
                "; it is also stale (not what `aurora2nix convert` writes now): regenerate it first"
            } else {
                ""
            };
            let m = format!("Nix cannot evaluate {}: {m}{hint}", v.nix);
            v.stale = ready.stale;
            fail(&mut v, Code::Nix, m);
        }
        Some(Err(NixFailure::Missing)) => {
            let m = "not verified: nix-instantiate is not installed".to_string();
            fail(&mut v, Code::Nix, m);
        }
        Some(Ok(doc)) if ready.samples.is_empty() => {
            v.stale = ready.stale;
            judge(&mut v, &ready.expected, &ready.origins, &doc, "");
            doc_after = Some(doc);
        }
        Some(Ok(docs)) => {
            // One document per sample set, each judged against the config bound to it.
            v.stale = ready.stale;
            let docs = docs.as_array().cloned().unwrap_or_default();
            for (sample, doc) in ready.samples.iter().zip(&docs) {
                let label = format!(" [{}]", sample.label());
                judge(&mut v, &sample.expected, &ready.origins, doc, &label);
                if v.error.is_some() {
                    break;
                }
            }
            doc_after = docs.into_iter().next();
        }
    }
    Checked {
        job: p.job,
        verdict: v,
        after: doc_after,
        conversion_failed: false,
        converted: ready.kept.map(Ok),
    }
}

/// The first of the client's checks a document's jobs fail, as the Nix library words it
/// (`job[KEY].PATH: error[CODE]: MESSAGE`), with its code.
fn refused(all: &J) -> Option<(Code, String)> {
    let b = python::Budget::new(Default::default());
    let jobs: &[J] = all.as_array().map_or(&[], Vec::as_slice);
    match crate::aurora::client::check_document(all, &b) {
        Ok(None) => None,
        Ok(Some((job, f))) => {
            let at = match job {
                None => "jobs".to_string(),
                Some(i) => {
                    let path = &f.violation.path;
                    let key = crate::aurora::jobs::key(&jobs[i]);
                    if path.is_empty() {
                        format!("job[{key}]")
                    } else {
                        format!("job[{key}].{path}")
                    }
                }
            };
            let message = f.violation.message.trim_matches('\n');
            Some((
                Code::Client(f.rule.code),
                format!("{at}: error[{}]: {message}", f.rule.code),
            ))
        }
        Err(stop) => Some((
            Code::Limit,
            format!("the client's checks stopped: {stop:?}"),
        )),
    }
}

/// The Python that proves the launch path (see [`check_launch_path`]), or why the check cannot
/// run at all: decided before verify starts, so that it keeps the documents Nix printed only
/// when they will be checked.
fn launch_python(
    env: &std::collections::BTreeMap<String, String>,
    opts: &ConvertOptions,
) -> Result<String, String> {
    let launcher = opts.out.join("aurora2nix-launch.aurora");
    if !launcher.is_file() {
        return Err(format!(
            "{} is missing (run `aurora2nix convert`)",
            launcher.display()
        ));
    }
    // Only the launcher aurora2nix writes is run: a hand-edited one is Python from the
    // repository, and verify never runs a repository's code.
    let ours = crate::nix::library::launcher_file();
    if std::fs::read_to_string(&launcher).ok().as_deref() != Some(ours.as_str()) {
        return Err(format!(
            "{} is not the launcher `aurora2nix convert` writes (regenerate it); verify runs only its own",
            launcher.display()
        ));
    }
    launch_check::python(env).ok_or_else(|| {
        "no Python with pystachio (install pystachio==0.8.5, or set AURORA2NIX_PYTHON)".into()
    })
}

/// Proves the launch path of every verified file: real pystachio (`python`, from
/// [`launch_python`]), running the launcher `convert` wrote on the document Nix printed,
/// rebuilds exactly the jobs Nix printed (see `launch_check`). `documents` holds those
/// documents, the `n`th of them printed for verdict `checked[n]`. A file whose jobs it rebuilds
/// otherwise, or refuses, fails. Returns why the check could not run.
fn check_launch_path(
    python: &str,
    opts: &ConvertOptions,
    documents: &launch_check::Documents,
    checked: &[usize],
    verdicts: &mut [FileVerdict],
) -> Option<String> {
    if documents.is_empty() {
        return None;
    }
    let launcher = opts.out.join("aurora2nix-launch.aurora");
    // Decided as Python prints them, applied only when the whole run succeeded.
    let mut problems = Vec::new();
    let run = documents.rebuild(python, &launcher, |n, doc, r| {
        let printed: Vec<J> = doc["jobs"].as_array().cloned().unwrap_or_default();
        let problem = match r {
            Err(e) => Some(format!("the launcher refuses what Nix printed: {e}")),
            Ok(jobs) if jobs.len() != printed.len() => Some(format!(
                "the launcher rebuilds {} job(s), Nix printed {}",
                jobs.len(),
                printed.len()
            )),
            Ok(jobs) => jobs.iter().zip(&printed).find_map(|(l, n)| {
                let d = jobs::differences(n, l).into_iter().next()?;
                Some(format!(
                    "the launcher rebuilds job {} otherwise than Nix printed it: {}: Nix {}, launcher {}",
                    jobs::key(n),
                    d.path,
                    short(&d.expected),
                    short(&d.actual)
                ))
            }),
        };
        if let Some(m) = problem {
            problems.push((checked[n], m));
        }
    });
    if let Err(m) = run {
        return Some(m);
    }
    for (i, m) in problems {
        verdicts[i].error = Some(format!("{}: {m}", verdicts[i].nix));
        verdicts[i].code = Some(Code::NotEquivalent.as_str());
    }
    None
}

/// The rendered diagnostic for a machine without `nix-instantiate`.
pub fn nix_missing() -> String {
    let d = Diagnostic::error(
        Code::Nix,
        format!(
            "`{}` was not found: aurora2nix evaluates the generated files with real Nix",
            nix_run::nix_instantiate()
        ),
    )
    .hint("install Nix (Debian: apt-get install nix-bin), or set AURORA2NIX_NIX_INSTANTIATE");
    diagnostic::render(&d, &SourceMap::default(), "")
}

/// Runs `verify`: 0 when every job is equivalent, 1 when any differs or cannot be verified, 2
/// when nothing could run (no Nix, or no config evaluates).
pub fn run(
    con: &mut Console,
    opts: &ConvertOptions,
    files: &[Input],
    lock: &Lock,
    format: Format,
    before_cmd: Option<&str>,
) -> i32 {
    // The verdicts stream in; only they are kept, and the documents Nix printed go to disk for
    // the launch path's check when it will run.
    let launch = launch_python(&con.env, opts);
    let mut documents = launch.is_ok().then(launch_check::Documents::default);
    // Per kept verdict: its conversion failed; and which verdicts the documents belong to.
    let mut kept: Vec<(FileVerdict, bool)> = Vec::new();
    let mut documented: Vec<usize> = Vec::new();
    let streamed = stream(opts, files, lock, before_cmd, false, |c| {
        if let (Some(docs), Some(doc), None) = (&mut documents, &c.after, &c.verdict.error) {
            docs.add(doc);
            documented.push(kept.len());
        }
        kept.push((c.verdict, c.conversion_failed));
    });
    let Ok(streamed) = streamed else {
        return Interrupted::CODE;
    };
    if !streamed.nix_available {
        let _ = write!(con.err, "{}", nix_missing());
        return 2;
    }
    let (mut verdicts, mut libraries) = (Vec::new(), Vec::new());
    let mut position = Vec::with_capacity(kept.len());
    let mut cannot_run = false;
    // Libraries leave the run here: nothing to verify on their own (and no document).
    for ((v, failed), by) in kept.into_iter().zip(streamed.included_by) {
        position.push(verdicts.len());
        if by.is_empty() {
            cannot_run |= failed;
            verdicts.push(v);
        } else {
            libraries.push((v.aurora, by));
        }
    }
    let checked: Vec<usize> = documented.iter().map(|&k| position[k]).collect();
    let note = match (&launch, &documents) {
        (Ok(python), Some(docs)) => check_launch_path(python, opts, docs, &checked, &mut verdicts),
        (Err(why), _) => Some(why.clone()),
        (Ok(_), None) => None,
    };
    drop(documents);
    if let Some(note) = note {
        if !con.quiet {
            let _ = writeln!(con.err, "note: the launch path was not checked: {note}");
        }
    }
    // An orphan is a file nothing can verify: a difference of the tree, like a missing file.
    let orphans = cv::orphans(&opts.out, &opts.project);
    verdicts.extend(orphans.iter().map(|(nix, source)| FileVerdict {
        aurora: source.clone(),
        nix: nix.display().to_string(),
        stale: true,
        jobs: vec![],
        error: Some(format!(
            "{} is an orphan: its source {source} is gone; delete it with `aurora2nix convert --prune`",
            nix.display()
        )),
        code: Some(Code::Stale.as_str()),
        diagnostic: None,
    }));
    if !libraries.is_empty() && !con.quiet {
        let _ = writeln!(
            con.err,
            "{} included by other configs, verified through them: {}",
            libraries.len(),
            libraries
                .iter()
                .map(|(f, _)| super::shown(f))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&verdicts).expect("verdicts serialize") + "\n",
        Format::Junit => render_junit(&verdicts),
        Format::Github => render_annotations(&verdicts),
        // Quiet: only what is not equivalent, then the tally; nothing when all is well.
        Format::Text if con.quiet => {
            let bad: Vec<FileVerdict> = verdicts.iter().filter(|v| !v.ok()).cloned().collect();
            if bad.is_empty() {
                String::new()
            } else {
                render_lines(&bad) + &tally(&verdicts)
            }
        }
        Format::Text => render_text(&verdicts),
    };
    let _ = write!(con.out, "{text}");
    if format != Format::Text && !con.quiet {
        let _ = write!(con.err, "{}", tally(&verdicts));
    }
    if cannot_run && verdicts.iter().all(|v| v.error.is_some()) {
        2
    } else if verdicts.iter().all(FileVerdict::ok) {
        0
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_treat_processes_as_sets() {
        let a = serde_json::json!({"task": {"processes": [{"name": "a", "cmdline": "x"}, {"name": "b", "cmdline": "y"}], "resources": {"cpu": 1.0}}});
        let b = serde_json::json!({"task": {"processes": [{"name": "b", "cmdline": "y"}, {"name": "a", "cmdline": "z"}], "resources": {"cpu": 1}}});
        let d = jobs::differences(&a, &b);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "task.processes[a].cmdline");
    }

    #[test]
    fn a_duplicate_process_is_a_difference() {
        let a = serde_json::json!({"task": {"processes": [{"name": "a", "cmdline": "x"}]}});
        let b = serde_json::json!({"task": {"processes": [{"name": "a", "cmdline": "x"}, {"name": "a", "cmdline": "x"}]}});
        let d = jobs::differences(&a, &b);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "task.processes[a#2]");
        assert_eq!(d[0].expected, None);
    }

    #[test]
    fn names_cannot_break_out_of_annotations_or_xml() {
        let evil = "w/r/e/n\n::error file=x::forged\u{1}<x>\"&'";
        let f = FileVerdict {
            aurora: "jobs/a,b:c.aurora".into(),
            nix: "nix/a,b:c.nix".into(),
            stale: true,
            jobs: vec![JobVerdict::new(
                evil.into(),
                vec![Located {
                    path: "task.name".into(),
                    expected: Some(J::String("a\nb".into())),
                    actual: None,
                    origin: Some("jobs/a,b:c.aurora:3".into()),
                }],
                None,
            )],
            error: Some("bad\n::error::forged".into()),
            code: Some("E0002"),
            diagnostic: None,
        };
        let gh = render_annotations(std::slice::from_ref(&f));
        // One command per line, each starting with `::`; nothing forged.
        assert_eq!(gh.lines().count(), 3, "{gh}");
        assert!(
            gh.lines()
                .all(|l| l.starts_with("::error file=") || l.starts_with("::warning file=")),
            "{gh}"
        );
        assert!(gh.contains("file=jobs/a%2Cb%3Ac.aurora,line=3::"), "{gh}");
        let x = render_junit(std::slice::from_ref(&f));
        assert!(
            !x.contains('\u{1}') && !x.contains("<x>") && !x.contains("forged\n"),
            "{x}"
        );
        assert!(
            x.contains("&lt;x&gt;&quot;&amp;&apos;") && x.contains("\\u{1}"),
            "{x}"
        );
    }
}
