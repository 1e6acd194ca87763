//! Aurora's client checks on both sides: the rules run by aurora2nix's evaluator and the same
//! rules compiled to Nix (`aurora-lib.nix`'s `check`), run by real `nix-instantiate`, must agree.
//!
//! - `builtins`: every construct and builtin of the rule language, on tricky values (Python 2
//!   ordering across types, floor division, `%s`/`%r`, mustache refs and substitution, ...),
//!   gives the same value on both sides.
//! - `corpus::<case>`: each corpus case's jobs, evaluated without the client's checks, put
//!   through the Nix library's `check`: it refuses exactly the cases the evaluator refuses with a
//!   client rule, with the same code and message, naming the job and the field; it returns the
//!   other documents unchanged.

mod common;

use aurora2nix::aurora::client::expr::{
    and, arith, at, call, cmp, each, fail, get, if_, let_, lit, not, or, var, Arith, Builtin as B,
    Cmp, Eval, Expr,
};
use aurora2nix::aurora::client::Stage;
use aurora2nix::aurora::eval::{evaluate_file, EvalOptions};
use aurora2nix::diagnostic::Code;
use aurora2nix::nix;
use common::{cases, nix_eval, scratch, Case};
use libtest_mimic::{Failed, Trial};
use serde_json::{json, Value as J};
use std::path::{Path, PathBuf};

fn main() {
    let dir = library();
    let mut trials = vec![{
        let dir = dir.clone();
        Trial::test("builtins_agree_with_the_evaluator", move || builtins(&dir))
    }];
    for case in cases() {
        let dir = dir.clone();
        trials.push(Trial::test(format!("corpus::{}", case.name), move || {
            corpus(&case, &dir)
        }));
    }
    libtest_mimic::run(&common::args(), trials).exit();
}

/// A folder with the job library and its runtime, as `convert` writes them.
fn library() -> PathBuf {
    let dir = scratch("client-rules");
    std::fs::create_dir_all(&dir).unwrap();
    let schema = aurora2nix::aurora::schema::aurora();
    std::fs::write(
        dir.join("aurora-lib.nix"),
        nix::library::library_file(schema).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("aurora-runtime.nix"), nix::library::runtime_file()).unwrap();
    std::fs::write(
        dir.join("aurora-rules.nix"),
        nix::library::rules_file().unwrap(),
    )
    .unwrap();
    dir
}

fn rust_value(e: &Expr, job: &J) -> J {
    let b = aurora2nix::python::Budget::unlimited();
    Eval::new(&b, vec![("job", job)]).eval(e).unwrap()
}

/// Numbers as Nix 2.8 prints them back (6 significant digits; `1.0` is `1`), so that the two
/// sides compare as values.
fn numeric(v: &J) -> J {
    match v {
        J::Number(n) if n.is_f64() => {
            let f = nix::run::nix_printed(n.as_f64().unwrap_or_default());
            if f.fract() == 0.0 && f.abs() < 1e15 {
                json!(f as i64)
            } else {
                json!(f)
            }
        }
        J::Array(a) => J::Array(a.iter().map(numeric).collect()),
        J::Object(m) => J::Object(m.iter().map(|(k, x)| (k.clone(), numeric(x))).collect()),
        other => other.clone(),
    }
}

fn builtins(dir: &Path) -> Result<(), Failed> {
    let job = json!({
        "name": "web", "role": "www-data", "n": 3, "neg": -7, "f": 2.5, "zero": 0.0,
        "s": "{{x}}", "text": "it's a \"quote\"\n\t\\", "ctl": "a\u{1}b\u{7f}",
        // Nix reads an object's entries in key order, the evaluator in the document's order
        // (a documented difference): objects here are in key order.
        "list": [3, 1, 2, 1, 3], "m": {"a": 1, "b": 2},
        "ports": {"http": "8080", "admin": "http", "x": " -5 ", "y": "- 5"},
        "cyc": {"a": "b", "b": "a"},
        "tmpl": ["{{a[{{mesos.instance}}]}}", "{{mesos.instance}}", "{{&esc}}",
                 "{{thermos.ports[http]}} {{thermos.ports[a.b]}} {{thermos.ports.x}}",
                 "{{bad ref}} {{ok}}", "{{{x}}} {{y.z[0]}}"],
    });
    let j = |p: &'static str| get(var("job"), p);
    let c = |op, a, b| cmp(op, a, b);
    let exprs: Vec<Expr> = vec![
        // Python 2 comparisons across types, and between numbers of both kinds.
        c(Cmp::Gt, j("s"), j("n")),
        c(Cmp::Lt, lit(J::Null), lit(0)),
        c(Cmp::Lt, j("m"), j("list")),
        c(Cmp::Lt, j("list"), j("s")),
        c(Cmp::Eq, lit(1), lit(1.0)),
        c(Cmp::Eq, lit(true), lit(1)),
        c(Cmp::Ge, j("f"), lit(2)),
        c(Cmp::Le, lit(json!([1, 2])), lit(json!([1, 2, 0]))),
        c(Cmp::Ne, lit("a"), lit("b")),
        c(Cmp::Lt, lit("B"), lit("a")),
        // Arithmetic.
        arith(Arith::FloorDiv, j("neg"), lit(2)),
        arith(Arith::FloorDiv, lit(7), lit(-2)),
        arith(Arith::FloorDiv, lit(6), lit(3)),
        arith(Arith::FloorDiv, lit(1), lit(0)),
        arith(Arith::Sub, j("n"), lit(1)),
        arith(Arith::Mul, j("n"), lit(0.02)),
        arith(Arith::Add, lit("a"), lit("b")),
        arith(Arith::Add, j("list"), lit(json!([9]))),
        arith(Arith::Add, lit("a"), lit(1)),
        call(B::Floor, vec![arith(Arith::Mul, lit(150), lit(0.02))]),
        // Lookups.
        get(j("m"), "a"),
        get(j("s"), "a"),
        at(j("list"), lit(1)),
        at(j("list"), lit(9)),
        at(j("m"), lit("b")),
        // %s and %r.
        call(
            B::Join,
            vec![
                lit(json!([null, true, false, 3, 2.5, 0.0, -1.0, "x", [1, "a"]])),
                lit(","),
            ],
        ),
        call(B::Repr, vec![j("text")]),
        call(B::Repr, vec![lit("it's")]),
        call(B::Repr, vec![j("ctl")]),
        call(B::Repr, vec![j("zero")]),
        call(B::Repr, vec![j("n")]),
        call(B::Str, vec![j("m")]),
        // Strings.
        call(B::IntLike, vec![lit(" +42\n")]),
        call(B::IntLike, vec![lit("4_2")]),
        call(B::IntLike, vec![lit("")]),
        call(B::IntLike, vec![j("n")]),
        call(B::IntLike, vec![lit("\u{663}")]),
        call(B::IntLike, vec![lit(" \u{ff18}\u{ff10}\n")]),
        call(B::IntLike, vec![lit("\u{1d7d7}")]),
        call(B::IntLike, vec![lit("\u{b2}")]),
        call(
            B::ResolvePorts,
            vec![lit(json!({"a": "\u{ff18}\u{ff10}", "b": "a"}))],
        ),
        call(B::Identifier, vec![lit("web-1.2_x\n")]),
        call(B::Identifier, vec![lit("my job")]),
        call(B::Identifier, vec![j("n")]),
        call(B::StartsWith, vec![lit("limit:4"), lit("limit:")]),
        call(B::After, vec![lit("limit:4"), lit("limit:")]),
        call(B::Split, vec![lit("a/b//c"), lit("/")]),
        call(B::Split, vec![j("n"), lit("/")]),
        call(B::Upper, vec![lit("kill_Existing")]),
        call(B::Digits, vec![lit("12")]),
        call(B::Digits, vec![lit("")]),
        call(B::Digits, vec![lit("1a")]),
        call(B::In, vec![lit("/"), lit("a/b")]),
        call(B::In, vec![lit(1.0), j("list")]),
        call(B::In, vec![lit("a"), j("m")]),
        call(B::In, vec![lit("z"), j("m")]),
        call(B::Len, vec![j("list")]),
        call(B::Len, vec![j("m")]),
        call(B::Keys, vec![j("m")]),
        // Collections.
        call(B::Subset, vec![lit(json!([1, 2])), j("list")]),
        call(B::Subset, vec![lit(json!([1, 5])), j("list")]),
        call(B::Disjoint, vec![lit(json!([7, 5])), j("list")]),
        call(B::Repeated, vec![j("list")]),
        call(
            B::FromPairs,
            vec![lit(json!([["a", 1], ["b", 2], ["a", 3]]))],
        ),
        call(B::Range, vec![lit(1), j("n")]),
        call(B::Range, vec![lit(3), lit(1)]),
        call(
            B::Acyclic,
            vec![
                lit(json!(["a", "b", "c"])),
                lit(json!([["a", "b"], ["b", "c"]])),
            ],
        ),
        call(
            B::Acyclic,
            vec![
                lit(json!(["a", "b", "c"])),
                lit(json!([["a", "b"], ["b", "a"], ["x", "a"]])),
            ],
        ),
        call(
            B::Acyclic,
            vec![lit(json!(["a"])), lit(json!([["a", "a"]]))],
        ),
        call(B::ResolvePorts, vec![j("ports")]),
        call(B::ResolvePorts, vec![j("cyc")]),
        call(B::IsInt, vec![j("n")]),
        call(B::IsInt, vec![j("f")]),
        call(B::IsString, vec![j("s")]),
        call(B::IsString, vec![j("n")]),
        call(B::Truthy, vec![lit(json!({}))]),
        call(B::Truthy, vec![j("zero")]),
        // Mustache refs, with and without substitution.
        call(B::Refs, vec![j("tmpl")]),
        call(
            B::Refs,
            vec![
                j("tmpl"),
                lit(json!({"mesos.instance": 31337, "ok": "{{ok2}}"})),
            ],
        ),
        call(B::Ports, vec![j("tmpl")]),
        call(B::Refs, vec![lit(json!({"{{k}}": "v"}))]),
        // Control.
        and(vec![j("n"), j("s")]),
        or(vec![j("zero"), lit(""), lit(J::Null)]),
        not(j("list")),
        if_(j("zero"), lit(1), lit(2)),
        each(
            "x",
            j("list"),
            Expr::List(vec![arith(Arith::Mul, var("x"), lit(2))]),
        ),
        each("x", j("m"), Expr::List(vec![var("x")])),
        let_("y", j("n"), arith(Arith::Add, var("y"), var("y"))),
        fail(vec![lit("n="), j("n"), lit(" f="), j("f")], lit("x.y")),
    ];
    let ours: Vec<J> = exprs
        .iter()
        .map(|e| numeric(&rust_value(e, &job)))
        .collect();
    let compiled: Vec<String> = exprs
        .iter()
        .map(|e| Ok(format!("({})", nix::client::expr(e)?)))
        .collect::<Result<_, nix::render::EmitError>>()?;
    let program = format!(
        "let lang = (import {}).client; job = {}; in [ {} ]",
        dir.join("aurora-runtime.nix").display(),
        nix::quote::json(&job)?,
        compiled.join(" ")
    );
    let out = nix_eval(None, &["-E", &program]);
    if !out.status.success() {
        return Err(format!("Nix failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let theirs: Vec<J> = serde_json::from_slice(&out.stdout)?;
    let mut problems = Vec::new();
    for ((e, a), b) in exprs.iter().zip(&ours).zip(theirs.iter().map(numeric)) {
        if *a != b {
            problems.push(format!("{e:?}\n  evaluator: {a}\n  Nix:       {b}"));
        }
    }
    common::verdict(problems)
}

/// The evaluator's options for a case's `args` (`--bind`, `--env`, `--job`, `--tiers`,
/// `--lock`); `None` when a file they name is refused (no job is evaluated).
fn options(case: &Case, skip: bool) -> Option<EvalOptions> {
    let mut o = EvalOptions {
        skip_client_checks: skip,
        env_given: true,
        ..Default::default()
    };
    let mut args = case.args.iter();
    while let Some(a) = args.next() {
        let v = args.next().cloned().unwrap_or_default();
        match a.as_str() {
            "--bind" => o
                .bindings
                .push(aurora2nix::aurora::eval::parse_binding(&v).unwrap()),
            "--env" => {
                let (k, x) = v.split_once('=').unwrap();
                o.environ.insert(k.into(), x.into());
            }
            "--job" => {
                let p: Vec<String> = v.split('/').map(String::from).collect();
                o.job = Some(p.try_into().unwrap());
            }
            "--tiers" => {
                let text = std::fs::read_to_string(common::root().join(&v)).unwrap();
                o.tiers = Some(std::sync::Arc::new(
                    aurora2nix::aurora::tiers::Tiers::parse(&text).ok()?,
                ));
            }
            "--lock" => {
                let lock = aurora2nix::packages::Lock::load(&common::root().join(&v)).ok()?;
                o.docker_images = std::sync::Arc::new(lock.docker);
            }
            other => panic!("{}: unknown argument {other}", case.name),
        }
    }
    Some(o)
}

fn corpus(case: &Case, dir: &Path) -> Result<(), Failed> {
    // The evaluator's verdict, and the jobs before the client's checks.
    let (Some(with), Some(without)) = (options(case, false), options(case, true)) else {
        return Ok(());
    };
    let checked = evaluate_file(&case.input(), &with);
    let Ok(unchecked) = evaluate_file(&case.input(), &without) else {
        // pystachio itself refuses the case: there is no job document.
        // pystachio itself refuses the case (the client may refuse it earlier, as
        // validate_job does a missing cluster): there is no job document.
        // A rule the client checks before pystachio's `check()` may fire on such a job.
        let before_check = |code: &str| {
            aurora2nix::aurora::client::all()
                .iter()
                .any(|r| r.code == code && r.stage < Stage::Thrift)
        };
        return match checked {
            Err(f) if !matches!(f.diagnostic.code, Code::Client(c) if !before_check(c)) => Ok(()),
            Err(f) => Err(format!(
                "refused with {:?}, but without the client's checks pystachio refuses it too: Nix never sees it",
                f.diagnostic.code
            )
            .into()),
            Ok(_) => Err("refused without the client's checks, accepted with them".into()),
        };
    };
    let doc = json!({ "jobs": unchecked.jobs });
    let program = format!(
        "(import {}).check {}",
        dir.join("aurora-lib.nix").display(),
        nix::quote::json(&doc)?
    );
    let file = dir.join(format!("{}.nix", case.name));
    std::fs::write(&file, program)?;
    let out = nix_eval(None, &[file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    match checked {
        Ok(ev) => {
            if !out.status.success() {
                return Err(format!("the evaluator accepts it, Nix refuses it:\n{stderr}").into());
            }
            let back: J = serde_json::from_slice(&out.stdout)?;
            if numeric(&back) != numeric(&json!({ "jobs": ev.jobs })) {
                return Err("Nix's check changed the document".into());
            }
            Ok(())
        }
        Err(f) => {
            let Code::Client(code) = f.diagnostic.code else {
                return Err(format!(
                    "refused by pystachio only when checked: {:?}",
                    f.diagnostic.code
                )
                .into());
            };
            if out.status.success() {
                return Err(format!("the evaluator refuses it with {code}, Nix accepts it").into());
            }
            // Nix indents the lines of a message after the first.
            let lines = |t: &str| {
                t.lines()
                    .map(str::trim_start)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let wanted = lines(&format!("error[{code}]: {}", f.diagnostic.message));
            if !lines(&stderr).contains(&wanted) {
                return Err(format!("Nix's error does not say {wanted:?}:\n{stderr}").into());
            }
            if !stderr.contains("aurora: job") {
                return Err(format!("Nix's error names no job:\n{stderr}").into());
            }
            Ok(())
        }
    }
}
