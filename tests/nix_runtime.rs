//! `templates/aurora-runtime.nix` under real Nix (Debian's nix-bin 2.8), the way CI runs it
//! (`--store dummy://`, restrict-eval to the repository).
//!
//! `tests/nix/runtime_test.nix` holds the checks of values (it evaluates to `true`); the
//! messages of the runtime's errors are checked here, because `builtins.tryEval` hides them:
//! every bad input is evaluated on its own and its stderr must hold the expected text. The
//! struct cases use the schema excerpt `tests/nix/test_schema.nix`; the parameter cases
//! (`jobsWith`, `missingParam`) use the job library a conversion writes (`aurora-lib.nix`
//! needs the compiled client rules, `aurora-rules.nix`).
//!
//! Without `nix-instantiate` on PATH the tests say so and pass.

mod common;

use common::{nix_eval, provision_nix, root};
use std::process::Command;

/// Whether `nix-instantiate` runs; when it does not, says that `test` is skipped.
fn have_nix(test: &str) -> bool {
    provision_nix();
    let ok = Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        println!("{test}: skipped: nix-instantiate is not on PATH (apt-get install nix-bin)");
    }
    ok
}

/// Real Nix on `expr`, restricted to the repository: `Ok(stdout)` or `Err(stderr)`.
fn eval(expr: &str) -> Result<String, String> {
    let o = nix_eval(Some(&root()), &["-E", expr]);
    if o.status.success() {
        Ok(String::from_utf8_lossy(&o.stdout).trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&o.stderr).into_owned())
    }
}

/// Evaluates every `(name, expected stderr text, expression)` case with `prelude` in front of
/// its expression; each must fail with the text in its stderr. Returns the problems.
fn expect_errors(prelude: &str, cases: &[(&str, &str, &str)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, expected, expr) in cases {
        match eval(&format!("{prelude}{expr}")) {
            Ok(out) => problems.push(format!(
                "{name}: evaluated to {out} instead of failing with\n  {expected}\n  ({expr})"
            )),
            Err(err) if err.contains(expected) => {}
            Err(err) => problems.push(format!(
                "{name}: expected stderr to contain\n  {expected}\n  got: {}\n  ({expr})",
                err.trim()
            )),
        }
    }
    problems
}

/// `tests/nix/runtime_test.nix` evaluates to `true`, with the command its header gives.
#[test]
fn the_runtime_passes_its_nix_checks() {
    if !have_nix("the_runtime_passes_its_nix_checks") {
        return;
    }
    let test = root().join("tests/nix/runtime_test.nix");
    let expr = format!("import {}", test.display());
    match eval(&expr) {
        Ok(out) => assert_eq!(out, "true", "runtime_test.nix printed {out}"),
        Err(err) => panic!("runtime_test.nix failed:\n{err}"),
    }
}

/// A valid job of the test schema, to break in various places.
const JOB: &str = r#"{ role = "r"; cluster = "c"; environment = "e"; task = { processes = [ { name = "a"; cmdline = "x"; } ]; }; }"#;

/// A string Aurora would give an Integer, Float or Boolean field is coerced as pystachio
/// (and aurora2nix's evaluator) coerce it, or refused with pystachio's message; numbers Nix
/// cannot hold are refused with a message of their own.
#[test]
fn coercion_errors_say_what_pystachio_says() {
    if !have_nix("coercion_errors_say_what_pystachio_says") {
        return;
    }
    let schema = root().join("tests/nix/test_schema.nix");
    let prelude = format!("with import {}; let t = rt.types; in ", schema.display());
    let res = |cpu: &str, ram: &str| format!("Resources {{ cpu = {cpu}; ram = {ram}; disk = 1; }}");
    let job = |field: &str| {
        format!(r#"Job {{ role = "r"; cluster = "c"; environment = "e"; task = {{ }}; {field} }}"#)
    };
    let cases: Vec<(&str, &str, String)> = vec![
        (
            "float: not a number",
            "error: aurora: Resources.cpu: Cannot coerce 'x' to Float",
            res(r#""x""#, "1"),
        ),
        (
            "float: a point alone",
            "error: aurora: Resources.cpu: Cannot coerce '.' to Float",
            res(r#"".""#, "1"),
        ),
        (
            "float: two signs",
            "error: aurora: Resources.cpu: Cannot coerce '--1' to Float",
            res(r#""--1""#, "1"),
        ),
        (
            "float: exponent without digits",
            "error: aurora: Resources.cpu: Cannot coerce '1e' to Float",
            res(r#""1e""#, "1"),
        ),
        (
            "float: hexadecimal",
            "error: aurora: Resources.cpu: Cannot coerce '0x10' to Float",
            res(r#""0x10""#, "1"),
        ),
        (
            "float: inf",
            "error: aurora: Resources.cpu: 'inf' is not a finite float: JSON and Nix have no infinity or NaN",
            res(r#""inf""#, "1"),
        ),
        (
            "float: -Infinity",
            "error: aurora: Resources.cpu: '-Infinity' is not a finite float: JSON and Nix have no infinity or NaN",
            res(r#""-Infinity""#, "1"),
        ),
        (
            "float: NaN with blanks",
            "error: aurora: Resources.cpu: ' NaN ' is not a finite float: JSON and Nix have no infinity or NaN",
            res(r#"" NaN ""#, "1"),
        ),
        (
            "float: too large (fromJSON would fail outright)",
            "error: aurora: Resources.cpu: '1e400' is too large for a float: it would be infinity, which JSON and Nix do not have",
            res(r#""1e400""#, "1"),
        ),
        (
            "float: just above the largest double",
            "error: aurora: Resources.cpu: '-1.7976931348623159e308' is too large for a float",
            res(r#""-1.7976931348623159e308""#, "1"),
        ),
        (
            "float: an exponent beyond 64 bits",
            "error: aurora: Resources.cpu: '1e99999999999999999999' is too large for a float",
            res(r#""1e99999999999999999999""#, "1"),
        ),
        (
            "integer: a word",
            "error: aurora: Resources.ram: Cannot coerce 'three' to Integer",
            res("1", r#""three""#),
        ),
        (
            "integer: a float's text",
            "error: aurora: Resources.ram: Cannot coerce '1.0' to Integer",
            res("1", r#""1.0""#),
        ),
        (
            "integer: empty",
            "error: aurora: Resources.ram: Cannot coerce '' to Integer",
            res("1", r#""""#),
        ),
        (
            "integer: underscores (Python 2)",
            "error: aurora: Resources.ram: Cannot coerce '1_0' to Integer",
            res("1", r#""1_0""#),
        ),
        (
            "integer: beyond 64 bits",
            "error: aurora: Resources.ram: the integer 9223372036854775808 does not fit in 64 bits",
            res("1", r#""9223372036854775808""#),
        ),
        (
            "integer: beyond 64 bits, negative (the evaluator's limit: its magnitude)",
            "error: aurora: Resources.ram: the integer -9223372036854775808 does not fit in 64 bits",
            res("1", r#"" -9223372036854775808 ""#),
        ),
        (
            "integer: many digits",
            "error: aurora: Resources.ram: the integer 123456789012345678901234567890 does not fit in 64 bits",
            res("1", r#""123456789012345678901234567890""#),
        ),
        (
            "integer: a blank after the sign and beyond 64 bits (as the evaluator says)",
            "error: aurora: Resources.ram: Cannot coerce '- 99999999999999999999' to Integer",
            res("1", r#""- 99999999999999999999""#),
        ),
        (
            "integer: in a job",
            "error: aurora: MesosJob[c/r/e/?].instances: Cannot coerce 'three' to Integer",
            job(r#"instances = "three";"#),
        ),
        (
            "integer: a map value",
            "error: aurora: ThermosContext.ports[http]: Cannot coerce 'eighty' to Integer",
            r#"ThermosContext { ports = { http = "eighty"; }; }"#.to_string(),
        ),
        (
            "integer: a default",
            "error: aurora: Bad.n (default): Cannot coerce 'one' to Integer",
            r#"rt.mkStruct "Bad" { n = { type = t.integer; default = "one"; }; } { }"#.to_string(),
        ),
        (
            "boolean: a word",
            "error: aurora: MesosJob[c/r/e/?].service: Cannot coerce 'yes' to Boolean",
            job(r#"service = "yes";"#),
        ),
        (
            "boolean: no blanks are stripped",
            "error: aurora: MesosJob[c/r/e/?].service: Cannot coerce ' true' to Boolean",
            job(r#"service = " true";"#),
        ),
        (
            "boolean: only 1 and 0 are numbers",
            "error: aurora: MesosJob[c/r/e/?].service: Cannot coerce '01' to Boolean",
            job(r#"service = "01";"#),
        ),
        (
            "a nested field",
            "error: aurora: MesosJob[c/r/e/?].task.resources.cpu: Cannot coerce 'lots' to Float",
            format!("Job ({JOB} // {{ task = {{ resources = {{ cpu = \"lots\"; ram = 1; disk = 1; }}; }}; }})"),
        ),
        (
            "not a string: unchanged",
            "error: aurora: Resources.cpu: expected a float, got a list of 0 element(s)",
            res("[ ]", "1"),
        ),
        (
            "a boolean is no integer",
            "error: aurora: Resources.ram: expected an integer, got a boolean true",
            res("1", "true"),
        ),
    ];
    let cases: Vec<(&str, &str, &str)> =
        cases.iter().map(|(n, e, x)| (*n, *e, x.as_str())).collect();
    let problems = expect_errors(&prelude, &cases);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// The runtime's other errors: the path of the bad value and what was wrong with it.
#[test]
fn struct_errors_name_the_bad_value() {
    if !have_nix("struct_errors_name_the_bad_value") {
        return;
    }
    let schema = root().join("tests/nix/test_schema.nix");
    let prelude = format!("with import {}; let t = rt.types; in ", schema.display());
    let fetched = r#"import <nix/fetchurl.nix> { url = "http://x/y"; sha256 = "0000000000000000000000000000000000000000000000000000000000000000"; }"#;
    let cases: Vec<(&str, &str, String)> = vec![
        (
            "a list where a float is expected",
            "error: aurora: Resources.cpu: expected a float, got a list of 1 element(s)",
            "Resources { cpu = [ 1 ]; ram = 1; disk = 1; }".into(),
        ),
        (
            "unknown field",
            "error: aurora: Process: unknown field \"nmae\" (fields: cmdline, daemon, ephemeral, final, logger, max_failures, min_duration, name, resources)",
            r#"Process { nmae = "a"; cmdline = "x"; }"#.into(),
        ),
        (
            "missing required",
            "error: aurora: Process[a].cmdline is required",
            r#"Process { name = "a"; }"#.into(),
        ),
        (
            "several missing required",
            "error: aurora: Resources.cpu, Resources.disk are required",
            "Resources { ram = 1; }".into(),
        ),
        (
            "enum value",
            "error: aurora: Logger.mode: \"x\" is not one of standard, rotate",
            r#"Logger { mode = "x"; }"#.into(),
        ),
        (
            "nested path (plain attrsets)",
            "error: aurora: MesosJob[c/r/e/?].task.processes[1].cmdline is required",
            r#"Job { role = "r"; cluster = "c"; environment = "e"; task = { processes = [ { name = "a"; cmdline = "x"; } { name = "b"; } ]; }; }"#.into(),
        ),
        (
            "nested type error",
            "error: aurora: MesosJob[c/r/e/?].task.resources.ram: expected an integer, got a float 1.5",
            format!("Job ({JOB} // {{ task = {{ resources = {{ cpu = 1; ram = 1.5; disk = 1; }}; }}; }})"),
        ),
        (
            "nested constructor call reports its own path",
            "error: aurora: Process: unknown field \"nmae\"",
            format!("Job ({JOB} // {{ task = Task {{ processes = [ (Process {{ nmae = \"a\"; cmdline = \"x\"; }}) ]; }}; }})"),
        ),
        (
            "reserved map key",
            "error: aurora: MesosJob[c/r/e/?].constraints: map key \"outPath\" is not allowed",
            format!("Job ({JOB} // {{ constraints = {{ outPath = \"/nix/store/x\"; host = \"limit:1\"; }}; }})"),
        ),
        (
            "reserved map key __toString",
            "error: aurora: Announcer.portmap: map key \"__toString\" is not allowed",
            r#"Announcer { portmap = { __toString = "x"; }; }"#.into(),
        ),
        (
            "map value type",
            "error: aurora: ThermosContext.ports[http]: expected an integer, got a list of 0 element(s)",
            "ThermosContext { ports = { http = [ ]; }; }".into(),
        ),
        (
            "choice matches nothing",
            "error: aurora: MesosJob[c/r/e/?].container: expected one of Container, Docker, Mesos, got a set with fields imag, which none of them accepts",
            format!("Job ({JOB} // {{ container = {{ imag = \"x\"; }}; }})"),
        ),
        (
            "choice shows the error of the caller's own constructor call",
            "error: aurora: Docker: unknown field \"imag\"",
            format!("Job ({JOB} // {{ container = Docker {{ imag = \"x\"; }}; }})"),
        ),
        (
            "list expected",
            "error: aurora: MesosJob[c/r/e/?].task.processes: expected a list, got a set with fields cmdline, name",
            format!("Job ({JOB} // {{ task = {{ processes = {{ name = \"a\"; cmdline = \"x\"; }}; }}; }})"),
        ),
        (
            "constructor not applied",
            "error: aurora: MesosJob[c/r/e/Task].task: expected a Task (an attribute set of its fields), got a callable set",
            format!("Job ({JOB} // {{ task = Task; }})"),
        ),
        (
            "derivation where a string is expected",
            "error: aurora: Process[a].cmdline: expected a string, got a derivation or other set with outPath",
            format!("Process {{ name = \"a\"; cmdline = {fetched}; }}"),
        ),
        (
            "null is not absent",
            "error: aurora: Process[a].resources: expected a Resources (an attribute set of its fields), got null",
            r#"Process { name = "a"; cmdline = "x"; resources = null; }"#.into(),
        ),
        (
            "constructor given a non-attrset",
            "error: aurora: Process: expected an attribute set of Process fields, got a list of 0 element(s)",
            "Process [ ]".into(),
        ),
        (
            "schema: required and default",
            "error: aurora: schema error in Bad: x: a field cannot be both required and defaulted",
            r#"rt.mkStruct "Bad" { x = { type = t.string; required = true; default = "a"; }; } { }"#.into(),
        ),
        (
            "schema: bad default",
            "error: aurora: Bad.n (default): expected an integer, got a list of 0 element(s)",
            r#"rt.mkStruct "Bad" { n = { type = t.integer; default = [ ]; }; } { }"#.into(),
        ),
        (
            "parameters: withParams checks them in sorted order",
            "error: aurora: parameter a: expected a string (nix-instantiate --argstr a VALUE), got an integer 3",
            r#"rt.withParams { b = 4; a = 3; } (throw "the value is not forced first")"#.into(),
        ),
    ];
    let cases: Vec<(&str, &str, &str)> =
        cases.iter().map(|(n, e, x)| (*n, *e, x.as_str())).collect();
    let problems = expect_errors(&prelude, &cases);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// The job library's `jobsWith` and `missingParam`, on the library a conversion writes: a
/// parameter must be given, as a string, without a template in it, and is checked before any
/// job is forced; then `jobsWith` is `jobs`.
#[test]
fn the_library_checks_submit_time_parameters() {
    if !have_nix("the_library_checks_submit_time_parameters") {
        return;
    }
    let out = common::scratch("nix-runtime");
    let input = "corpus/01-tutorial-hello-world/input.aurora";
    let out_arg = common::rel(&out);
    let o = common::aurora2nix(&["convert", input, "--out", out_arg.as_str(), "-q"]);
    assert!(
        o.status.success(),
        "convert failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let lib = out.join("aurora-lib.nix");
    let file = out.join("corpus/01-tutorial-hello-world/input.nix");
    assert!(
        lib.is_file() && file.is_file(),
        "convert wrote {}",
        out.display()
    );
    let prelude = format!(
        "let aurora = import {}; jobs = (import {} {{ }}).jobs; in ",
        lib.display(),
        file.display()
    );

    // Strings without "{{" pass: the result is exactly `jobs list`.
    let same = eval(&format!(
        "{prelude}aurora.jobsWith {{ version = \"1.2\"; NUM = \"3\"; }} jobs == aurora.jobs jobs \
         && aurora.jobsWith {{ }} jobs == aurora.jobs jobs && (aurora.jobs jobs).jobs == jobs"
    ));
    assert_eq!(same.as_deref(), Ok("true"), "{same:?}");

    let not_forced = r#"(throw "a job was forced before the parameters were checked")"#;
    let cases = [
        (
            "missingParam",
            "error: aurora: parameter version is not given (nix-instantiate --argstr version VALUE)",
            r#"aurora.missingParam "version""#.to_string(),
        ),
        (
            "a parameter not given",
            "error: aurora: parameter NUM_CONTAINERS is not given (nix-instantiate --argstr NUM_CONTAINERS VALUE)",
            format!(
                r#"aurora.jobsWith {{ NUM_CONTAINERS = aurora.missingParam "NUM_CONTAINERS"; version = "1"; }} {not_forced}"#
            ),
        ),
        (
            "a parameter that is not a string",
            "error: aurora: parameter NUM_CONTAINERS: expected a string (nix-instantiate --argstr NUM_CONTAINERS VALUE), got an integer 3",
            format!(r#"aurora.jobsWith {{ NUM_CONTAINERS = 3; version = "1"; }} {not_forced}"#),
        ),
        (
            "a parameter that is a set",
            "error: aurora: parameter version: expected a string (nix-instantiate --argstr version VALUE), got a set with fields x",
            r#"aurora.jobsWith { version = { x = 1; }; } jobs"#.to_string(),
        ),
        (
            "a parameter holding a template",
            "error: aurora: parameter version: the value holds \"{{\", which Aurora would resolve as a template; aurora2nix does not support that",
            format!(r#"aurora.jobsWith {{ version = "v{{{{x}}}}"; }} {not_forced}"#),
        ),
        (
            "the first failure in sorted order",
            "error: aurora: parameter A: expected a string",
            format!(r#"aurora.jobsWith {{ b = "{{{{y}}}}"; a = aurora.missingParam "a"; A = null; }} {not_forced}"#),
        ),
        (
            "the parameters are checked, then the jobs",
            "error: aurora: parameter version: the value holds",
            r#"aurora.jobsWith { version = "{{"; } [ (aurora.Job { }) ]"#.to_string(),
        ),
        (
            "then jobsWith checks the jobs as jobs does",
            "error: aurora: MesosJob",
            r#"aurora.jobsWith { version = "1"; } [ (aurora.Job { }) ]"#.to_string(),
        ),
    ];
    let cases: Vec<(&str, &str, &str)> =
        cases.iter().map(|(n, e, x)| (*n, *e, x.as_str())).collect();
    let problems = expect_errors(&prelude, &cases);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
