//! Submit-time parameters (`--param`): a template Aurora fills at submit time converts to a Nix
//! function that Nix fills the same way.
//!
//! For every corpus case with a `params` file (its `--param NAME=SAMPLE` words, one per line):
//! the generated function is golden (`expected-params.nix`); for each sample set, real Nix
//! applied to it (`--argstr`) gives exactly what Nix gives for the file converted with those
//! values bound (`--bind`, which `tests/convert.rs` holds to `eval`), `aurora2nix eval --bind`
//! agrees with real pystachio bound alike, and `verify` proves the file. Then the error paths:
//! a wrong-typed argument fails with Aurora's message, a missing or non-string one says how to
//! pass it, and a parameter Python code consumes, or one inside another ref, is `E0014` at the
//! place the config writes it.

mod common;

use common::{cases, cli, expect_file, nix_eval, normalize, python, rel, root, scratch, Case};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The cases with a `params` file, and their `--param` words.
fn param_cases() -> Vec<(Case, Vec<String>)> {
    let out: Vec<_> = cases()
        .into_iter()
        .filter_map(|c| {
            let text = std::fs::read_to_string(c.file("params")).ok()?;
            Some((c, text.lines().map(String::from).collect()))
        })
        .collect();
    assert!(out.len() >= 2, "the corpus has parameterized cases");
    out
}

/// One sample set: `(name, value)` bindings.
type Sample = Vec<(String, String)>;

/// The sample sets of `--param NAME=VALUE` words: the k-th value of each name (the last one
/// when a name has fewer), as `(name, value)` in the names' first order.
fn sample_sets(words: &[String]) -> Vec<Sample> {
    let mut named: Vec<(String, Vec<String>)> = Vec::new();
    for w in words.iter().filter(|w| *w != "--param") {
        let (n, v) = w.split_once('=').expect("params give samples");
        match named.iter_mut().find(|(m, _)| m == n) {
            Some((_, vs)) => vs.push(v.to_string()),
            None => named.push((n.to_string(), vec![v.to_string()])),
        }
    }
    let count = named.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
    (0..count)
        .map(|k| {
            (named.iter())
                .map(|(n, vs)| (n.clone(), vs[k.min(vs.len() - 1)].clone()))
                .collect()
        })
        .collect()
}

/// The Nix argument of a parameter (the rule MIGRATION.md states: `.` becomes `_`).
fn ident(name: &str) -> String {
    name.replace('.', "_")
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Converts `case` into `out` with `extra` arguments, and returns the job file.
fn convert(case: &Case, out: &Path, extra: &[String]) -> PathBuf {
    let input = case.input_arg();
    let out_arg = rel(out);
    let mut args = vec!["convert", input.as_str(), "--out", out_arg.as_str()];
    args.extend(strs(extra));
    let r = cli(&args);
    assert_eq!(r.code, 0, "convert {args:?} failed:\n{}", r.stderr);
    out.join(format!("corpus/{}/input.nix", case.name))
}

/// Real Nix on a job file (of the tree `_out`, restricted to the repository, where its inputs
/// are), with `args`.
fn nix(_out: &Path, file: &Path, args: &[String]) -> Result<Value, String> {
    let file = file.display().to_string();
    let mut all = vec![file.as_str()];
    all.extend(strs(args));
    let o = nix_eval(Some(&root()), &all);
    if o.status.success() {
        Ok(serde_json::from_slice(&o.stdout).expect("Nix prints JSON"))
    } else {
        Err(String::from_utf8_lossy(&o.stderr).into_owned())
    }
}

fn argstrs(set: &[(String, String)]) -> Vec<String> {
    set.iter()
        .flat_map(|(n, v)| ["--argstr".to_string(), ident(n), v.clone()])
        .collect()
}

fn binds(set: &[(String, String)]) -> Vec<String> {
    set.iter()
        .flat_map(|(n, v)| ["--bind".to_string(), format!("{n}={v}")])
        .collect()
}

/// Real pystachio's jobs for `case` bound with `set`.
fn pystachio(case: &Case, set: &[(String, String)]) -> Value {
    let (py, env) = python();
    let o = Command::new(&py)
        .arg(root().join("tests/pystachio/evaluate.py"))
        .arg(case.input())
        .args(binds(set))
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("python runs");
    assert!(
        o.status.success(),
        "pystachio refused {} with {set:?}: {}",
        case.name,
        String::from_utf8_lossy(&o.stdout)
    );
    serde_json::from_slice(&o.stdout).expect("pystachio prints JSON")
}

#[test]
fn the_function_nix_fills_gives_what_aurora_submits() {
    let mut problems = Vec::new();
    for (case, params) in param_cases() {
        let out = scratch(&format!("params-{}", case.name));
        let file = convert(&case, &out, &params);
        let text = std::fs::read_to_string(&file).unwrap();
        if let Some(p) = expect_file(&case.file("expected-params.nix"), &text) {
            problems.push(p);
        }
        // Laid out as alejandra lays it out, like every generated file.
        let (status, _) = alejandra::format::in_memory(file.display().to_string(), text.clone());
        if !matches!(status, alejandra::format::Status::Changed(false)) {
            let (_, formatted) = alejandra::format::in_memory(String::new(), text.clone());
            problems.push(format!(
                "{}: not alejandra-stable:\n{}",
                case.name,
                pretty_assertions::StrComparison::new(&text, &formatted)
            ));
        }
        let sets = sample_sets(&params);
        assert!(sets.len() >= 2, "{}: several sample sets", case.name);
        for set in &sets {
            let label = format!("{} with {set:?}", case.name);
            // The function applied to the sample...
            let applied =
                nix(&out, &file, &argstrs(set)).unwrap_or_else(|e| panic!("{label}: {e}"));
            // ...is the file converted with the sample bound, as Nix evaluates it.
            let bound_out = scratch(&format!("params-{}-bound", case.name));
            let bound_file = convert(&case, &bound_out, &binds(set));
            // (`--arg` makes nix-instantiate call the file's function.)
            let call = ["--arg".to_string(), "artifactsOnly".into(), "false".into()];
            let bound = nix(&bound_out, &bound_file, &call).unwrap();
            if applied != bound {
                problems.push(format!(
                    "{label}: Nix's function and the bound conversion differ:\n{}",
                    pretty_assertions::StrComparison::new(
                        &serde_json::to_string_pretty(&bound).unwrap(),
                        &serde_json::to_string_pretty(&applied).unwrap()
                    )
                ));
            }
            // And `eval --bind` is what real pystachio gives, bound alike.
            let input = case.input_arg();
            let words = binds(set);
            let mut args = vec!["eval", input.as_str()];
            args.extend(strs(&words));
            let ours = cli(&args);
            assert_eq!(ours.code, 0, "{label}: eval failed:\n{}", ours.stderr);
            let ours: Value = serde_json::from_str(&ours.stdout).unwrap();
            if normalize(&ours) != normalize(&pystachio(&case, set)) {
                problems.push(format!("{label}: eval --bind and pystachio differ"));
            }
        }
        // `verify` proves every sample set.
        let input = case.input_arg();
        let out_arg = rel(&out);
        let mut args = vec!["verify", input.as_str(), "--out", out_arg.as_str()];
        args.extend(strs(&params));
        let v = cli(&args);
        if v.code != 0 {
            problems.push(format!(
                "{}: verify failed:\n{}{}",
                case.name, v.stdout, v.stderr
            ));
        }
        // And against real pystachio as "before", bound to each set by `{bind}`.
        let (py, env) = python();
        let cmd = format!("{py} tests/pystachio/evaluate.py {{bind}} {{file}}");
        let v = Command::new(env!("CARGO_BIN_EXE_aurora2nix"))
            .args(&args)
            .args(["--before-cmd", &cmd])
            .current_dir(root())
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&v.stdout);
        // Every job of every set is judged, none fails.
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(case.file("expected.json")).unwrap())
                .unwrap();
        let jobs = expected["jobs"].as_array().map_or(0, Vec::len);
        let judged = stdout.lines().filter(|l| l.starts_with("ok ")).count();
        if v.status.code() != Some(0) || judged != jobs * sample_sets(&params).len() {
            problems.push(format!(
                "{}: verify --before-cmd (pystachio) failed:\n{stdout}{}",
                case.name,
                String::from_utf8_lossy(&v.stderr)
            ));
        }
    }
    common::verdict(problems).unwrap();
}

#[test]
fn sample_values_become_defaults_only_when_asked() {
    let mut problems = Vec::new();
    let call = ["--arg".to_string(), "artifactsOnly".into(), "false".into()];
    for (case, params) in param_cases() {
        let first = &sample_sets(&params)[0];
        // Without --param-defaults a parameter has no default: Nix says which one is missing.
        let out = scratch(&format!("params-nodefaults-{}", case.name));
        let file = convert(&case, &out, &params);
        match nix(&out, &file, &call) {
            Ok(v) => problems.push(format!(
                "{}: Nix gave jobs without arguments: {v}",
                case.name
            )),
            Err(e) if !e.contains("--argstr") => problems.push(format!(
                "{}: unclear missing-argument error: {e}",
                case.name
            )),
            Err(_) => {}
        }
        // With it, the file documents its defaults, and Nix without arguments gives exactly
        // the first sample set's jobs.
        let out = scratch(&format!("params-defaults-{}", case.name));
        let mut words = params.clone();
        words.push("--param-defaults".into());
        let file = convert(&case, &out, &words);
        let text = std::fs::read_to_string(&file).unwrap();
        if !text.contains("(--param-defaults)") || !text.contains("--param-defaults`)") {
            problems.push(format!("{}: defaults not documented:\n{text}", case.name));
        }
        let defaulted = nix(&out, &file, &call).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let applied = nix(&out, &file, &argstrs(first)).unwrap();
        if defaulted != applied {
            problems.push(format!(
                "{}: the defaults are not the first sample set",
                case.name
            ));
        }
        // Another value still overrides a default.
        let second = &sample_sets(&params)[1];
        let other = nix(&out, &file, &argstrs(second)).unwrap();
        if other == defaulted {
            problems.push(format!(
                "{}: an argument did not override its default",
                case.name
            ));
        }
    }
    common::verdict(problems).unwrap();
    // Defaults are samples: without samples there are none to give.
    let plain = "jobs = [Service(cluster = 'west', role = 'www', environment = 'prod', \
                 name = 'web', instances = '{{COUNT}}', task = SimpleTask('web', './serve'))]\n";
    let r = convert_text(
        "params-defaults-usage",
        plain,
        &["--param", "COUNT", "--param-defaults"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("give each a sample"), "{}", r.stderr);
}

/// The Heron case converted with its samples, for the error paths.
fn heron() -> (Case, PathBuf, PathBuf, Vec<Sample>) {
    let (case, params) = param_cases()
        .into_iter()
        .find(|(c, _)| c.name.contains("heron"))
        .expect("a Heron-style case");
    let out = scratch("params-errors");
    let file = convert(&case, &out, &params);
    (case, out, file, sample_sets(&params))
}

fn with(set: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    set.iter()
        .map(|(n, v)| {
            let v = if n == name { value } else { v.as_str() };
            (n.clone(), v.to_string())
        })
        .collect()
}

#[test]
fn a_wrong_typed_argument_fails_with_aurora_message() {
    let (case, out, file, sets) = heron();
    for (name, value, message) in [
        (
            "NUM_CONTAINERS",
            "three",
            "Cannot coerce 'three' to Integer",
        ),
        (
            "CPUS_PER_CONTAINER",
            "lots",
            "Cannot coerce 'lots' to Float",
        ),
    ] {
        let set = with(&sets[0], name, value);
        let err = nix(&out, &file, &argstrs(&set)).expect_err("Nix refuses the argument");
        assert!(err.contains(message), "Nix says:\n{err}");
        // aurora2nix's evaluator and real pystachio refuse the same binding alike.
        let input = case.input_arg();
        let words = binds(&set);
        let mut args = vec!["eval", input.as_str()];
        args.extend(strs(&words));
        let ours = cli(&args);
        assert_eq!(ours.code, 1);
        assert!(ours.stderr.contains(message), "eval says:\n{}", ours.stderr);
        let (py, env) = python();
        let theirs = Command::new(&py)
            .arg(root().join("tests/pystachio/evaluate.py"))
            .arg(case.input())
            .args(&words)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap();
        let theirs = String::from_utf8_lossy(&theirs.stdout);
        assert!(theirs.contains(message), "pystachio says:\n{theirs}");
    }
    // A missing argument says how to pass it; so does one that is not a string.
    let mut partial = argstrs(&sets[0]);
    let at = partial.iter().position(|a| a == "NUM_CONTAINERS").unwrap();
    partial.drain(at - 1..at + 2);
    let err = nix(&out, &file, &partial).expect_err("an argument is missing");
    assert!(
        err.contains("aurora: parameter NUM_CONTAINERS is not given (nix-instantiate --argstr NUM_CONTAINERS VALUE)"),
        "Nix says:\n{err}"
    );
    partial.extend(["--arg".into(), "NUM_CONTAINERS".into(), "3".into()]);
    let err = nix(&out, &file, &partial).expect_err("an argument is not a string");
    assert!(
        err.contains("aurora: parameter NUM_CONTAINERS: expected a string"),
        "Nix says:\n{err}"
    );
}

/// Converts `text` as `input.aurora` of a scratch folder with `args`.
fn convert_text(tag: &str, text: &str, args: &[&str]) -> common::Run {
    let dir = scratch(tag);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("input.aurora"), text).unwrap();
    let input = rel(&dir.join("input.aurora"));
    let mut all = vec!["convert", input.as_str(), "--stdout"];
    all.extend(args);
    cli(&all)
}

#[test]
fn a_parameter_python_code_consumes_is_diagnosed_where_it_is_written() {
    let config = "\
# the release decides a flag while the config runs, before any --bind\n\
version = '{{version}}'\n\
flags = '' if version.startswith('2') else '--legacy'\n\
jobs = [Service(cluster = 'west', role = 'www', environment = 'prod', name = 'web',\n\
                task = SimpleTask('web', './serve %s' % flags))]\n";
    let r = convert_text("params-consumed", config, &["--param", "version=2.0"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("error[E0014]"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("parameter version does not reach the job"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("input.aurora:2:12"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "no partial output");

    // A `#` inside a string is no comment, and a Python 2 statement before the use does not
    // move where the diagnostic points.
    let hashed = "\
print 'configuring'\n\
tag = '#{{version}}'\n\
flags = '--legacy' if tag.startswith('#1') else ''\n\
jobs = [Service(cluster = 'west', role = 'www', environment = 'prod', name = 'web',\n\
                task = SimpleTask('web', './serve %s' % flags))]\n";
    let r = convert_text("params-hashed", hashed, &["--param", "version=2.0"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("error[E0014]"), "{}", r.stderr);
    assert!(r.stderr.contains("input.aurora:2:9"), "{}", r.stderr);

    // Inside another ref, a parameter would name that ref.
    let nested = "\
jobs = [Service(cluster = 'west', role = 'www', environment = 'prod', name = 'web',\n\
                task = SimpleTask('web', './serve {{pkg[{{version}}]}}'))]\n";
    let r = convert_text("params-nested", nested, &["--param", "version=2.0"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("error[E0014]"), "{}", r.stderr);
    assert!(r.stderr.contains("used inside another ref"), "{}", r.stderr);
    assert!(r.stderr.contains("input.aurora:2:"), "{}", r.stderr);

    // A parameter the config never mentions is not the file's: the Nix file does not take it.
    let plain = "\
jobs = [Service(cluster = 'west', role = 'www', environment = 'prod', name = 'web',\n\
                task = SimpleTask('web', './serve --version={{version}}'))]\n";
    let r = convert_text(
        "params-unused",
        plain,
        &["--param", "version=2", "--param", "region=eu"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r
        .stdout
        .contains("version ? aurora.missingParam \"version\""));
    assert!(!r.stdout.contains("region ?"), "{}", r.stdout);
    assert!(r.stdout.contains("--version=${version}"), "{}", r.stdout);
}

#[test]
fn parameters_without_samples_warn_and_cannot_be_verified() {
    let plain = "\
jobs = [Service(cluster = 'west', role = 'www', environment = 'prod', name = 'web',\n\
                instances = '{{COUNT}}', task = SimpleTask('web', './serve'))]\n";
    let r = convert_text("params-no-samples", plain, &["--param", "COUNT"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("warning[W0013]"), "{}", r.stderr);
    assert!(
        r.stdout.contains("instances = \"${COUNT}\";"),
        "{}",
        r.stdout
    );

    // Every parameter has samples, or none has; a --bind cannot also be a parameter.
    let r = convert_text(
        "params-usage",
        plain,
        &["--param", "COUNT=2", "--param", "X"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("give every parameter a sample"),
        "{}",
        r.stderr
    );
    let r = convert_text(
        "params-usage",
        plain,
        &["--param", "COUNT=2", "--bind", "COUNT=3"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("both bound (--bind) and a parameter"),
        "{}",
        r.stderr
    );
    let r = convert_text("params-usage", plain, &["--param", "pkg[x]=1"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("a parameter is a ref made of names"),
        "{}",
        r.stderr
    );
}

#[test]
fn review_names_parameterized_jobs_as_the_config_writes_them() {
    // The job's key holds the parameter, and its fetch becomes a Nix input.
    let dir = scratch("params-review");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("app.py"), "print('hi')\n").unwrap();
    std::fs::write(
        dir.join("input.aurora"),
        "\
fetch = Process(name = 'fetch', cmdline = 'cp app.py .')\n\
run = Process(name = 'run', cmdline = 'python app.py --version {{version}}')\n\
jobs = [Job(cluster = 'west', role = 'www', environment = 'prod', name = 'api-{{version}}',\n\
            task = Task(processes = [fetch, run], constraints = order(fetch, run),\n\
                        resources = Resources(cpu = 1, ram = 64 * MB, disk = 64 * MB)))]\n",
    )
    .unwrap();
    let input = rel(&dir.join("input.aurora"));
    let out = rel(&dir.join("nix"));
    let args = |cmd: &'static str| {
        vec![
            cmd,
            &input,
            "--out",
            &out,
            "--root",
            &rel(&dir),
            "--param",
            "version=1.0",
            "--param",
            "version=2.0",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<String>>()
    };
    let r = cli(&strs(&args("convert")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    // --job writes a parameter of the key as its ref; verify then picks each set's bound job.
    let mut pick = args("verify");
    pick.extend(["--job".into(), "west/www/prod/api-{{version}}".into()]);
    let r = cli(&strs(&pick));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("west/www/prod/api-2.0 [version=2.0]"),
        "{}",
        r.stdout
    );
    pick[0] = "graph".into();
    let r = cli(&strs(&pick));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("api-#123;#123;version#125;#125;"),
        "{}",
        r.stdout
    );
    // A --before-cmd that cannot bind the parameters cannot verify the file.
    let mut verify = args("verify");
    verify.extend(["--before-cmd".into(), "cat {file}".into()]);
    let r = cli(&strs(&verify));
    assert_ne!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("--before-cmd has no {bind} to bind them with [W0013]"),
        "{}",
        r.stdout
    );
    // diff shows the first sample set, says which, and keeps the job's mapping above it.
    let r = cli(&strs(&args("diff")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let head = r.stdout.lines().take(2).collect::<Vec<_>>().join("\n");
    assert!(
        head.starts_with("job west/www/prod/api-1.0 [version=1.0] (")
            && head.contains("# fetch → input app_py"),
        "{}",
        r.stdout
    );
    // The report names the job as the config writes it, never with the writer's markers.
    let r = cli(&strs(&args("report")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("input.aurora` | `west/www/prod/api-{{version}}` | `fetch` |"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains('\u{E001}'), "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "| jobs verified equivalent by real Nix (a parameterized job once per sample set) | 2 |"
        ),
        "{}",
        r.stdout
    );
}
