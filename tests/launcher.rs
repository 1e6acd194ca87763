//! The launcher `convert` writes (`OUT/aurora2nix-launch.aurora`), run as Aurora's client runs a
//! config, with real pystachio: `tests/pystachio/evaluate.py` loads the schema prelude, executes
//! the launcher as the config with `AURORA2NIX_JSON` naming a job document, and makes the
//! client's checks. For every corpus success case (`launch::NAME`, one test each), the case is
//! converted, real Nix evaluates the generated file, and the launcher rebuilds exactly the jobs
//! Nix printed; fed the case's `expected.json`, it rebuilds exactly those. The cases whose jobs
//! `--read-json` cannot load (a Docker or Mesos container, a Batch or VariableBatch update
//! strategy, a Count or Percentage SLA policy) are shown to fail with plain `Job(json)`, as
//! Aurora's loader builds them; and a value no alternative, or two, of a Choice fits is an error
//! naming the job and the JSON path.

mod common;

use common::{cases, cli, normalize, python, rel, root, scratch, verdict, Case};
use libtest_mimic::{Failed, Trial};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A test of its own.
type Check = fn() -> Result<(), Failed>;

fn main() {
    let out = scratch("launcher");
    let mut trials: Vec<Trial> = cases()
        .into_iter()
        .filter(Case::succeeds)
        .map(|case| {
            let out = out.clone();
            Trial::test(format!("launch::{}", case.name), move || {
                launches(&case, &out)
            })
        })
        .collect();
    let tests: &[(&str, Check)] = &[
        (
            "read_json_cannot_load_what_the_launcher_can",
            read_json_cannot_load_what_the_launcher_can,
        ),
        (
            "a_value_no_alternative_fits_is_an_error_naming_job_and_path",
            a_value_no_alternative_fits_is_an_error_naming_job_and_path,
        ),
        (
            "a_value_two_alternatives_fit_is_an_error_naming_both",
            a_value_two_alternatives_fit_is_an_error_naming_both,
        ),
        (
            "a_scalar_alternative_keeps_its_json_type_in_lists_and_maps_too",
            a_scalar_alternative_keeps_its_json_type_in_lists_and_maps_too,
        ),
        (
            "without_aurora2nix_json_the_launcher_says_what_to_set",
            without_aurora2nix_json_the_launcher_says_what_to_set,
        ),
        (
            "convert_writes_the_launcher_and_walks_leave_it_out",
            convert_writes_the_launcher_and_walks_leave_it_out,
        ),
    ];
    for (name, f) in tests {
        trials.push(Trial::test(*name, *f));
    }
    libtest_mimic::run(&common::args(), trials).exit();
}

/// The launcher as `convert` writes it.
fn launcher_text() -> String {
    aurora2nix::nix::library::launcher_file()
}

/// Runs `python tests/pystachio/SCRIPT ARGS` with real pystachio.
fn pystachio(script: &str, args: &[&str]) -> Output {
    let (py, env) = python();
    Command::new(&py)
        .arg(root().join("tests/pystachio").join(script))
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("python runs")
}

/// Launches `launcher` as Aurora's client runs a config (`evaluate.py`, which loads the prelude
/// first) on the job document `doc`, with the client's arguments `args`: the jobs it would
/// submit, or its `ERROR: ...` line.
fn launch(launcher: &Path, doc: &Path, args: &[String]) -> Result<Value, String> {
    let doc = std::path::absolute(doc).unwrap();
    // evaluate.py's --env replaces the whole environment the config sees.
    let env = format!("AURORA2NIX_JSON={}", doc.display());
    let launcher = launcher.display().to_string();
    let mut argv = vec![launcher.as_str(), "--env", env.as_str()];
    argv.extend(args.iter().map(String::as_str));
    let o = pystachio("evaluate.py", &argv);
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    if !o.status.success() {
        return Err(format!("{stdout}{}", String::from_utf8_lossy(&o.stderr)));
    }
    serde_json::from_str(&stdout).map_err(|e| format!("not JSON ({e}): {stdout}"))
}

/// The case's arguments for the client at launch: the same `--bind`, `--job`, `--lock` (they
/// apply to the launcher's jobs as to the config's), without `--env` (the configuration's
/// environment is spent at conversion) and, without `tiers`, without `--tiers` (the tier
/// backfill happens at launch: a document of jobs after it, as expected.json is, is not
/// backfilled again).
fn launch_args(case: &Case, tiers: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut args = case.args.iter();
    while let Some(a) = args.next() {
        let value = args.next().cloned().unwrap_or_default();
        if a == "--env" || (a == "--tiers" && !tiers) {
            continue;
        }
        out.push(a.clone());
        out.push(value);
    }
    out
}

fn differs(what: &str, expected: &Value, actual: &Value) -> Option<String> {
    let (e, a) = (normalize(expected), normalize(actual));
    (e != a).then(|| {
        format!(
            "{what}:\n{}",
            pretty_assertions::StrComparison::new(
                &serde_json::to_string_pretty(&e).unwrap(),
                &serde_json::to_string_pretty(&a).unwrap()
            )
        )
    })
}

/// Converts the case into `out`: the cases without arguments in one run of `convert` for all of
/// them (the library is rendered once), the others one by one.
fn convert(case: &Case, out: &Path) -> Result<(), String> {
    static PLAIN: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    let o = rel(out);
    let run = |inputs: Vec<String>, extra: &[String]| {
        let mut args = vec!["convert".to_string()];
        args.extend(inputs);
        args.extend(["--out".to_string(), o.clone()]);
        args.extend(extra.iter().cloned());
        let r = cli(&args.iter().map(String::as_str).collect::<Vec<_>>());
        match r.code {
            0 => Ok(()),
            _ => Err(format!("convert failed:\n{}", r.stderr)),
        }
    };
    if !case.args.is_empty() {
        return run(vec![case.input_arg()], &case.args);
    }
    PLAIN
        .get_or_init(|| {
            let plain = cases()
                .into_iter()
                .filter(|c| c.succeeds() && c.args.is_empty())
                .map(|c| c.input_arg())
                .collect();
            run(plain, &[])
        })
        .clone()
}

fn launches(case: &Case, out: &Path) -> Result<(), Failed> {
    convert(case, out)?;
    let input = case.input_arg();
    let launcher = out.join("aurora2nix-launch.aurora");
    let generated = std::path::absolute(out.join(Path::new(&input).with_extension("nix")))?;
    let expr = format!(
        "import (/. + {}) {{}}",
        aurora2nix::nix::quote::string(&generated.display().to_string())
            .map_err(|e| format!("{e:?}"))?
    );
    let nix = common::nix_eval(None, &["-E", &expr]);
    if !nix.status.success() {
        return Err(format!(
            "nix-instantiate failed: {}",
            String::from_utf8_lossy(&nix.stderr)
        )
        .into());
    }
    let printed: Value = serde_json::from_slice(&nix.stdout)?;
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(case.file("expected.json"))?)?;
    let tiers = case.args.iter().any(|a| a == "--tiers");
    let mut problems = Vec::new();
    // What Nix printed, launched with the client's arguments: the jobs Nix printed, which
    // `verify` holds equal to the .aurora's (with the declared rewrites); with a tier list, the
    // client's backfill at launch makes them the .aurora's jobs after it (expected.json).
    let doc = out.join(format!("{}.json", case.name));
    std::fs::write(&doc, &nix.stdout)?;
    let (reference, what) = if tiers {
        (&expected, "expected.json (the backfill happens at launch)")
    } else {
        (&printed, "the ones Nix printed")
    };
    match launch(&launcher, &doc, &launch_args(case, true)) {
        Ok(jobs) => problems.extend(differs(
            &format!("the launcher's jobs differ from {what}"),
            reference,
            &jobs,
        )),
        Err(e) => problems.push(format!("the launcher fails on what Nix printed: {e}")),
    }
    // expected.json (real pystachio's jobs of the .aurora, after any backfill), launched: the
    // same jobs.
    match launch(
        &launcher,
        &case.file("expected.json"),
        &launch_args(case, false),
    ) {
        Ok(jobs) => problems.extend(differs(
            "the launcher's jobs differ from expected.json",
            &expected,
            &jobs,
        )),
        Err(e) => problems.push(format!("the launcher fails on expected.json: {e}")),
    }
    verdict(problems)
}

/// The corpus cases with a Choice value that is not the Choice's first alternative, and, per job,
/// whether `--read-json` loads it (`None`) or the fields of its value the first alternative
/// lacks, one of which the `Unknown schema attribute` error names (which one depends on the
/// order pystachio meets them: Python 2's dict order or Python 3's).
type Loads = Option<&'static [&'static str]>;
const UNLOADABLE: &[(&str, &[Loads])] = &[
    (
        "05-update-strategies",
        &[
            None,
            Some(&["autopause_after_batch"]),
            Some(&["autopause_after_batch", "batch_sizes"]),
        ],
    ),
    (
        "10-docker-container",
        &[Some(&["image", "parameters"]), None],
    ),
    (
        "11-mesos-container",
        &[
            Some(&["image", "volumes"]),
            Some(&["image", "volumes"]),
            Some(&["volumes"]),
        ],
    ),
    (
        "12-sla-partition-policies",
        &[
            None,
            Some(&["count", "duration_secs"]),
            Some(&["percentage", "duration_secs"]),
        ],
    ),
];

fn read_json_cannot_load_what_the_launcher_can() -> Result<(), Failed> {
    let mut problems = Vec::new();
    for (case, jobs) in UNLOADABLE {
        let doc = root().join("corpus").join(case).join("expected.json");
        let o = pystachio("read_json.py", &[&doc.display().to_string()]);
        let stdout = String::from_utf8_lossy(&o.stdout);
        let lines: Vec<&str> = stdout.lines().collect();
        if !o.status.success() || lines.len() != jobs.len() {
            problems.push(format!(
                "{case}: read_json.py printed {} lines for {} jobs:\n{stdout}{}",
                lines.len(),
                jobs.len(),
                String::from_utf8_lossy(&o.stderr)
            ));
            continue;
        }
        for (i, (line, fails)) in lines.iter().zip(jobs.iter()).enumerate() {
            let ok = match fails {
                None => line.starts_with("ok "),
                Some(fields) => line
                    .strip_prefix("ERROR: AttributeError: Unknown schema attribute ")
                    .is_some_and(|f| fields.contains(&f)),
            };
            if !ok {
                problems.push(format!(
                    "{case} jobs[{i}]: expected {}, got {line}",
                    fails.map_or("it to load".to_string(), |f| format!(
                        "Unknown schema attribute (one of {f:?})"
                    ))
                ));
            }
        }
    }
    verdict(problems)
}

/// A scratch folder with the launcher and a job document.
fn with_document(tag: &str, doc: &Value) -> (PathBuf, PathBuf) {
    let dir = scratch(tag);
    std::fs::create_dir_all(&dir).unwrap();
    let launcher = dir.join("aurora2nix-launch.aurora");
    std::fs::write(&launcher, launcher_text()).unwrap();
    let file = dir.join("jobs.json");
    std::fs::write(&file, serde_json::to_string(doc).unwrap()).unwrap();
    (launcher, file)
}

/// The first job of a case's expected.json.
fn first_job(case: &str) -> Value {
    let text =
        std::fs::read_to_string(root().join("corpus").join(case).join("expected.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["jobs"][0].clone()
}

fn a_value_no_alternative_fits_is_an_error_naming_job_and_path() -> Result<(), Failed> {
    let mut job = first_job("10-docker-container");
    // Docker has no `volumes`, Mesos no `parameters`, Container neither.
    job["container"] = json!({"image": "nginx:1.19", "parameters": [], "volumes": []});
    let second = {
        let mut j = first_job("10-docker-container");
        j["container"] = json!({"docker": {"image": "nginx:1.19", "parameters": []}});
        j
    };
    let (launcher, doc) = with_document("launcher-none", &json!({"jobs": [second, job]}));
    let err = launch(&launcher, &doc, &[]).expect_err("no alternative fits");
    let want = "job west/www-data/prod/nginx: jobs[1].container: the value fits none of \
                Container, Docker and Mesos";
    if !err.contains(want) {
        return Err(format!("expected {want:?}, got {err}").into());
    }
    Ok(())
}

fn a_value_two_alternatives_fit_is_an_error_naming_both() -> Result<(), Failed> {
    // Aurora's schema has no two alternatives one value fits: the config defines a Choice whose
    // alternatives have the same fields, then includes the launcher, which sees its `Job`.
    let (launcher, doc) = with_document(
        "launcher-both",
        &json!({"jobs": [{"cluster": "west", "role": "www", "environment": "prod",
                          "name": "web", "container": {"image": "nginx", "parameters": []}}]}),
    );
    let config = launcher.with_file_name("twins.aurora");
    std::fs::write(
        &config,
        "class DockerTwin(Struct):\n  image = Required(String)\n  parameters = Default(List(Parameter), [])\n\n\
         class Job(Struct):\n  cluster = String\n  role = String\n  environment = String\n  name = String\n  \
         container = Choice([Docker, DockerTwin])\n\n\
         include('aurora2nix-launch.aurora')\n",
    )?;
    let err = launch(&config, &doc, &[]).expect_err("two alternatives fit");
    let want =
        "job west/www/prod/web: jobs[0].container: the value fits both Docker and DockerTwin";
    if !err.contains(want) {
        return Err(format!("expected {want:?}, got {err}").into());
    }
    Ok(())
}

fn a_scalar_alternative_keeps_its_json_type_in_lists_and_maps_too() -> Result<(), Failed> {
    // Built from a bare "5", Choice([Integer, String]) takes its first alternative that coerces
    // it, Integer; the launcher hands it String("5"), as the config that printed "5" had.
    let jobs = json!({"jobs": [
        {"name": "a", "value": "5", "values": ["5", 5], "by_key": {"k": "5", "l": 5}},
        {"name": "b", "value": 5, "values": [], "by_key": {}},
    ]});
    let (launcher, doc) = with_document("launcher-scalars", &jobs);
    let config = launcher.with_file_name("scalars.aurora");
    std::fs::write(
        &config,
        r#"IntOrString = Choice([Integer, String])

class Scalars(Struct):
  name = String
  value = IntOrString
  values = List(IntOrString)
  by_key = Map(String, IntOrString)

Job = Scalars
include('aurora2nix-launch.aurora')
"#,
    )?;
    let env = std::path::absolute(&doc)?.display().to_string();
    let (py, penv) = python();
    let o = Command::new(&py)
        .arg(root().join("tests/pystachio/launch.py"))
        .arg(&config)
        .envs(penv.iter().map(|(k, v)| (k, v)))
        .env("AURORA2NIX_JSON", env)
        .output()?;
    let stdout = String::from_utf8_lossy(&o.stdout);
    let printed: Value = serde_json::from_str(&stdout)
        .map_err(|e| format!("launch.py prints no JSON ({e}): {stdout}"))?;
    if printed != jobs {
        return Err(format!("expected {jobs}, got {printed}").into());
    }
    Ok(())
}

fn without_aurora2nix_json_the_launcher_says_what_to_set() -> Result<(), Failed> {
    let (launcher, _) = with_document("launcher-unset", &json!({"jobs": []}));
    let o = pystachio(
        "evaluate.py",
        &[&launcher.display().to_string(), "--env", "HOME=/"],
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    if o.status.success() || !stdout.contains("AURORA2NIX_JSON is not set") {
        return Err(format!("expected the launcher to ask for AURORA2NIX_JSON: {stdout}").into());
    }
    Ok(())
}

fn convert_writes_the_launcher_and_walks_leave_it_out() -> Result<(), Failed> {
    let dir = scratch("launcher-walk");
    std::fs::create_dir_all(dir.join("jobs"))?;
    std::fs::copy(
        root().join("corpus/10-docker-container/input.aurora"),
        dir.join("jobs/web.aurora"),
    )?;
    let cfg = common::project(&dir, "out = \"nix\"\n");
    let r = cli(&["convert", "--config", &cfg]);
    if r.code != 0 {
        return Err(format!("convert failed: {}", r.stderr).into());
    }
    let launcher = dir.join("nix/aurora2nix-launch.aurora");
    let mut problems = Vec::new();
    if std::fs::read_to_string(&launcher)? != launcher_text() {
        problems.push("nix/aurora2nix-launch.aurora is not the launcher".to_string());
    }
    // The next run walks the project, output tree included: the launcher is no config.
    let r = cli(&["convert", "--config", &cfg, "--check"]);
    if r.code != 0
        || !r
            .stderr
            .contains("1 up to date, 0 missing or stale, 0 failed")
    {
        problems.push(format!(
            "--check sees the launcher as a config: {}",
            r.stderr
        ));
    }
    // A hand edit is stale; a hand-written file of that name is never overwritten.
    std::fs::write(&launcher, launcher_text() + "# edited\n")?;
    let r = cli(&["convert", "--config", &cfg, "--check"]);
    if r.code != 1 || !r.stderr.contains("aurora2nix-launch.aurora is stale") {
        problems.push(format!("--check misses the edited launcher: {}", r.stderr));
    }
    std::fs::write(&launcher, "jobs = []\n")?;
    let r = cli(&["convert", "--config", &cfg]);
    if r.code != 1 || !r.stderr.contains("was not generated by aurora2nix") {
        problems.push(format!(
            "convert overwrote a hand-written launcher: {}",
            r.stderr
        ));
    }
    if std::fs::read_to_string(&launcher)? != "jobs = []\n" {
        problems.push("the hand-written launcher changed".to_string());
    }
    verdict(problems)
}
