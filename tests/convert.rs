//! End-to-end conversion with real Nix: every corpus case converts to its blessed
//! `expected.nix` and real `nix-instantiate` evaluates it to the jobs of the `.aurora` with
//! exactly the declared rewrites (`convert::<case>`, one test per case, in process); generated
//! files parse and are stable under alejandra; conversion is idempotent, `--check` catches stale
//! and missing files, writes are atomic and never clobber files aurora2nix did not generate, and
//! Nix string escaping round-trips through real Nix.

mod common;

use common::{
    aurora2nix, cases, cli, expect_file, project, rel, scratch as out_dir, verdict, Case,
};
use libtest_mimic::{Failed, Trial};
use std::path::{Path, PathBuf};

fn main() {
    let out = out_dir("corpus-nix");
    let mut trials: Vec<Trial> = cases()
        .into_iter()
        .filter(Case::succeeds)
        .map(|case| {
            let out = out.clone();
            Trial::test(format!("convert::{}", case.name), move || {
                converts_and_verifies(&case, &out)
            })
        })
        .collect();
    let tests: &[(&str, fn())] = &[
        (
            "generated_files_parse_with_rnix_and_are_alejandra_stable",
            generated_files_parse_with_rnix_and_are_alejandra_stable,
        ),
        (
            "conversion_is_idempotent_and_check_detects_stale_and_missing_files",
            conversion_is_idempotent_and_check_detects_stale_and_missing_files,
        ),
        (
            "never_overwrites_files_it_did_not_generate_and_leaves_no_partial_files",
            never_overwrites_files_it_did_not_generate_and_leaves_no_partial_files,
        ),
        (
            "one_bad_file_never_stops_the_rest_and_shards_partition_the_inputs",
            one_bad_file_never_stops_the_rest_and_shards_partition_the_inputs,
        ),
        (
            "stdout_prints_one_file_and_report_records_every_mapping",
            stdout_prints_one_file_and_report_records_every_mapping,
        ),
        (
            "any_string_round_trips_through_real_nix",
            any_string_round_trips_through_real_nix,
        ),
        (
            "checksum_trick_maps_whatever_the_evaluation_root",
            checksum_trick_maps_whatever_the_evaluation_root,
        ),
        (
            "container_jobs_keep_their_fetches",
            container_jobs_keep_their_fetches,
        ),
        (
            "a_value_nix_cannot_hold_is_e0013",
            a_value_nix_cannot_hold_is_e0013,
        ),
        (
            "file_names_stay_inside_their_nix_literals",
            file_names_stay_inside_their_nix_literals,
        ),
        (
            "files_outside_the_root_never_reach_the_store",
            files_outside_the_root_never_reach_the_store,
        ),
        ("outputs_stay_inside_out", outputs_stay_inside_out),
        (
            "random_text_in_every_position_round_trips_through_real_nix",
            random_text_in_every_position_round_trips_through_real_nix,
        ),
    ];
    for (name, f) in tests {
        let f = *f;
        trials.push(Trial::test(*name, move || {
            f();
            Ok(())
        }));
    }
    libtest_mimic::run(&common::args(), trials).exit();
}

fn converts_and_verifies(case: &Case, out: &Path) -> Result<(), Failed> {
    let input = case.input_arg();
    let o = rel(out);
    let mut args = vec!["convert", input.as_str(), "--out", o.as_str()];
    args.extend(case.args.iter().map(String::as_str));
    let r = cli(&args);
    if r.code != 0 {
        return Err(format!("convert failed:\n{}", r.stderr).into());
    }
    let mut problems = Vec::new();
    let generated = out.join(Path::new(&input).with_extension("nix"));
    let text = std::fs::read_to_string(&generated)?;
    if let Some(m) = expect_file(&case.file("expected.nix"), &text) {
        problems.push(m);
    }
    let mut vargs = vec!["verify", input.as_str(), "--out", o.as_str()];
    vargs.extend(case.args.iter().map(String::as_str));
    let v = cli(&vargs);
    if v.code != 0 {
        problems.push(format!("verify failed:\n{}{}", v.stdout, v.stderr));
    }
    verdict(problems)
}

fn generated_files_parse_with_rnix_and_are_alejandra_stable() {
    let out = out_dir("rnix");
    let o = cli(&[
        "convert",
        "corpus",
        "--out",
        &rel(&out),
        "--env",
        "USER=alice",
        "--env",
        "TEAM=search",
    ]);
    assert!(o.stderr.contains("converted"), "{}", o.stderr);
    let mut n = 0;
    for entry in glob::glob(&format!("{}/**/*.nix", out.display())).unwrap() {
        let p = entry.unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        let parsed = rnix::Root::parse(&text);
        assert!(
            parsed.errors().is_empty(),
            "{}: {:?}",
            p.display(),
            parsed.errors()
        );
        // One pass of the formatter itself (not aurora2nix's wrapper) changes nothing; the
        // compiled rules are laid out by their compiler instead (alejandra takes seconds on
        // their nesting).
        if !p.ends_with("aurora-rules.nix") {
            let (status, _) = alejandra::format::in_memory(p.display().to_string(), text.clone());
            assert!(
                matches!(status, alejandra::format::Status::Changed(false)),
                "{} is not alejandra-stable",
                p.display()
            );
        }
        assert!(
            !text.contains("builtins.fetchurl") && !text.contains("<nixpkgs>"),
            "{}",
            p.display()
        );
        n += 1;
    }
    assert!(n > 40, "converted {n} files");
}

fn conversion_is_idempotent_and_check_detects_stale_and_missing_files() {
    let out = out_dir("check");
    let o = rel(&out);
    let inputs = [
        "corpus/01-tutorial-hello-world/input.aurora",
        "corpus/02-inspect-job/input.aurora",
    ];
    let first = aurora2nix(&["convert", inputs[0], inputs[1], "--out", &o]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let file = out.join("corpus/01-tutorial-hello-world/input.nix");
    let before = std::fs::read(&file).unwrap();
    let second = aurora2nix(&["convert", inputs[0], inputs[1], "--out", &o]);
    assert!(second.status.success());
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "a second run changes no byte"
    );
    let check = aurora2nix(&["convert", inputs[0], "--out", &o, "--check"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // Stale: a hand edit.
    let mut edited = before.clone();
    edited.extend_from_slice(b"# edited\n");
    std::fs::write(&file, &edited).unwrap();
    let check = aurora2nix(&["convert", inputs[0], "--out", &o, "--check"]);
    assert_eq!(check.status.code(), Some(1));
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(err.contains("stale") && err.contains("regenerate"), "{err}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        edited,
        "--check writes nothing"
    );
    // Missing.
    std::fs::remove_file(&file).unwrap();
    let check = aurora2nix(&["convert", inputs[0], "--out", &o, "--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("missing"));
    assert!(!file.exists());
}

fn never_overwrites_files_it_did_not_generate_and_leaves_no_partial_files() {
    let out = out_dir("clobber");
    // Outputs mirror the project (here: the repository) whatever argument names the config.
    let file = out.join("corpus/02-inspect-job/input.nix");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "{ handWritten = true; }\n").unwrap();
    let o = aurora2nix(&["convert", "corpus/02-inspect-job", "--out", &rel(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "{ handWritten = true; }\n"
    );
    let o = aurora2nix(&[
        "convert",
        "corpus/02-inspect-job",
        "--out",
        &rel(&out),
        "--force",
    ]);
    assert!(o.status.success());
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .starts_with("# @generated by aurora2nix"));
    let leftovers: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

fn one_bad_file_never_stops_the_rest_and_shards_partition_the_inputs() {
    let out = out_dir("bulk");
    let o = aurora2nix(&[
        "convert",
        "corpus/60-err-unknown-attribute/input.aurora",
        "corpus/02-inspect-job/input.aurora",
        "--out",
        &rel(&out),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("failed: corpus/60-err-unknown-attribute/input.aurora")
            && err.contains("1 converted"),
        "{err}"
    );
    assert!(out.join("corpus/02-inspect-job/input.nix").is_file());
    // Two directories outside the project whose files map to the same output (each relative
    // to its directory argument) are refused, not clobbered.
    let outside = std::env::temp_dir().join(format!("aurora2nix-clash-{}", std::process::id()));
    for d in ["one", "two"] {
        std::fs::create_dir_all(outside.join(d)).unwrap();
        std::fs::copy(
            "corpus/02-inspect-job/input.aurora",
            outside.join(d).join("x.aurora"),
        )
        .unwrap();
    }
    let clash = out_dir("clash");
    let o = aurora2nix(&[
        "convert",
        &outside.join("one").to_string_lossy(),
        &outside.join("two").to_string_lossy(),
        "--out",
        &rel(&clash),
    ]);
    let _ = std::fs::remove_dir_all(&outside);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is also the output of"));
    let shard_out = out_dir("shards");
    for k in 1..=3 {
        aurora2nix(&[
            "convert",
            "corpus",
            "--out",
            &rel(&shard_out),
            "--shard",
            &format!("{k}/3"),
            "--env",
            "USER=x",
            "--env",
            "TEAM=y",
        ]);
    }
    let total = glob::glob(&format!("{}/**/input.nix", shard_out.display()))
        .unwrap()
        .count();
    let all = out_dir("shards-all");
    aurora2nix(&[
        "convert",
        "corpus",
        "--out",
        &rel(&all),
        "--env",
        "USER=x",
        "--env",
        "TEAM=y",
    ]);
    let expected = glob::glob(&format!("{}/**/input.nix", all.display()))
        .unwrap()
        .count();
    assert!(expected > 40);
    assert_eq!(total, expected, "the shards together convert everything");
}

fn stdout_prints_one_file_and_report_records_every_mapping() {
    let o = aurora2nix(&[
        "convert",
        "corpus/50-pkg-curl-sha256/input.aurora",
        "--stdout",
    ]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("fetchurl {") && text.contains("sha256-"),
        "{text}"
    );
    let out = out_dir("report");
    std::fs::create_dir_all(&out).unwrap();
    let report = out.join("report.json");
    let o = aurora2nix(&[
        "convert",
        "corpus/52-pkg-hdfs-scp/input.aurora",
        "corpus/01-tutorial-hello-world/input.aurora",
        "corpus/50-pkg-curl-sha256/input.aurora",
        "--out",
        &rel(&out),
        "--report",
        &rel(&report),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let m = r["mappings"].as_array().unwrap();
    let find = |kind: &str| {
        m.iter()
            .find(|x| x["mapping"]["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} in {r}"))
    };
    assert_eq!(find("checksum-trick")["mapping"]["strategy"], "inline");
    assert_eq!(find("curl")["mapping"]["strategy"], "stage");
    assert!(find("hdfs")["mapping"]["input"].is_null());
    assert!(find("hdfs")["mapping"]["note"]
        .as_str()
        .unwrap()
        .contains("aurora2nix.lock"));
}

/// Strings that are hard to carry through Nix: shell syntax, Nix syntax, quotes, control bytes.
fn any_string_round_trips_through_real_nix() {
    let mut strings: Vec<String> = [
        "",
        "plain",
        "${HOME}",
        "$${x}",
        "$$",
        "$",
        "a$",
        "${",
        "$((1+2))",
        "''",
        "'''",
        "''${x}",
        "\\",
        "\\\\",
        "\\${x}",
        "\"",
        "\"quoted\"",
        "line\nbreak",
        "\r\n",
        "\ttab",
        "\u{1}\u{7}\u{1b}[31m",
        "{{thermos.ports[http]}}",
        "{{&x}}",
        "unicode: é ✓ 🚀",
        "#!/bin/sh\necho \"$@\"",
        "awk '{print $1}'",
        "`id`",
        "a;b&&c||d",
        "x = 1;",
        "/* c */",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Deterministic random strings over an alphabet of troublemakers.
    let alphabet: Vec<char> = "$${}{}'\"\\\n\r\t ab\u{1}\u{7f}é🚀;#`".chars().collect();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..300 {
        let len = (x % 24) as usize;
        let mut s = String::new();
        for _ in 0..len {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push(alphabet[(x % alphabet.len() as u64) as usize]);
        }
        strings.push(s);
    }
    let list: Vec<String> = strings
        .iter()
        .map(|s| aurora2nix::nix::quote::string(s).unwrap())
        .collect();
    let dir = out_dir("escaping");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("strings.nix");
    std::fs::write(&file, format!("[\n{}\n]\n", list.join("\n"))).unwrap();
    let o = common::nix_eval(Some(&dir), &[&file.to_string_lossy()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let back: Vec<String> = serde_json::from_slice(&o.stdout).unwrap();
    for (a, b) in strings.iter().zip(&back) {
        assert_eq!(a, b, "{a:?} came back as {b:?}");
    }
    // Interpolated artifact references keep a preceding `$` literal.
    let s = format!("a$ {}x$", aurora2nix::packages::artifact_ref("p"));
    let lit = aurora2nix::nix::emit::string_with_refs(&format!(
        "{s}{}",
        aurora2nix::packages::artifact_ref("p")
    ))
    .unwrap();
    std::fs::write(&file, format!("let p = \"P\"; in {lit}\n")).unwrap();
    let o = common::nix_eval(None, &[&file.to_string_lossy()]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "\"a$ Px$P\"");
}

/// Writes a small config tree: `jobs/web/app.aurora` using the checksum trick on `app.py`.
fn checksum_tree(tag: &str, container: bool) -> PathBuf {
    let dir = out_dir(tag);
    let web = dir.join("jobs/web");
    std::fs::create_dir_all(&web).unwrap();
    std::fs::write(web.join("app.py"), "print 'hello'\n").unwrap();
    let container = if container {
        ", container = Docker(image = 'python:2.7')"
    } else {
        ""
    };
    std::fs::write(
        web.join("app.aurora"),
        format!(
            "import hashlib\n\
             md5 = hashlib.md5(open('app.py').read()).hexdigest()\n\
             fetch = Process(name = 'fetch', cmdline = 'cp /srv/app.py . && echo %s' % md5)\n\
             run = Process(name = 'run', cmdline = 'python app.py')\n\
             jobs = [Service(cluster = 'c', role = 'r', environment = 'prod', name = 'web'{container},\n\
                             task = SequentialTask(processes = [fetch, run], resources = Resources(cpu = 1, ram = 64*MB, disk = 64*MB)))]\n"
        ),
    )
    .unwrap();
    dir
}

fn checksum_trick_maps_whatever_the_evaluation_root() {
    let dir = checksum_tree("root-above", false);
    let cfg = project(&dir, "");
    let out = dir.join("nix");
    // The project root is above the config (so the root is not the config's folder).
    let jobs = rel(&dir.join("jobs"));
    let o = aurora2nix(&["convert", &jobs, "--out", &rel(&out), "--config", &cfg]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(out.join("jobs/web/app.nix")).unwrap();
    assert!(
        text.contains("builtins.path {") && !text.contains("python app.py"),
        "{text}"
    );
    let v = aurora2nix(&["verify", &jobs, "--out", &rel(&out), "--config", &cfg]);
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&v.stdout)
    );
}

fn container_jobs_keep_their_fetches() {
    let dir = checksum_tree("container", true);
    let cfg = project(&dir, "");
    let out = dir.join("nix");
    let o = aurora2nix(&[
        "convert",
        &rel(&dir.join("jobs")),
        "--out",
        &rel(&out),
        "--config",
        &cfg,
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("container image, which has no /nix/store"),
        "{err}"
    );
    let text = std::fs::read_to_string(out.join("jobs/web/app.nix")).unwrap();
    assert!(
        text.contains("cp /srv/app.py . && echo")
            && !text.contains("/nix/store")
            && !text.contains("builtins.path"),
        "{text}"
    );
}

fn a_value_nix_cannot_hold_is_e0013() {
    let dir = out_dir("e0013");
    let cfg = project(&dir, "");
    std::fs::write(
        dir.join("nul.aurora"),
        "jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'nul',\n\
         task = Task(processes = [Process(name = 'p', cmdline = 'echo a\\x00b')],\n\
         resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n",
    )
    .unwrap();
    let r = cli(&[
        "convert",
        &rel(&dir),
        "--out",
        &rel(&dir.join("nix")),
        "--config",
        &cfg,
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("error[E0013]") && r.stderr.contains("NUL"),
        "{}",
        r.stderr
    );
    assert!(!dir.join("nix/nul.nix").exists(), "nothing written");
    // A map key Nix would give a meaning to.
    std::fs::remove_file(dir.join("nul.aurora")).unwrap();
    std::fs::write(
        dir.join("magic.aurora"),
        "jobs = [Service(cluster = 'c', role = 'r', environment = 'prod', name = 'web',\n\
         announce = Announcer(portmap = {'outPath': 'http'}),\n\
         task = Task(processes = [Process(name = 'p', cmdline = 'c')],\n\
         resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n",
    )
    .unwrap();
    let r = cli(&[
        "convert",
        &rel(&dir),
        "--out",
        &rel(&dir.join("nix")),
        "--config",
        &cfg,
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("error[E0013]") && r.stderr.contains("\"outPath\""),
        "{}",
        r.stderr
    );
    assert!(!dir.join("nix/magic.nix").exists(), "nothing written");
}

/// An artifact whose name is a Nix keyword, in a folder whose name Nix's path syntax cannot
/// spell (a space, `${`), converts into a file real Nix evaluates to the same job.
fn file_names_stay_inside_their_nix_literals() {
    let dir = out_dir("hostile names=1");
    let folder = dir.join("jobs/web/data ${x} dir");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("let"), "print 'hello'\n").unwrap();
    std::fs::write(
        dir.join("jobs/web/app.aurora"),
        "import hashlib\n\
         path = 'data ${x} dir/let'\n\
         md5 = hashlib.md5(open(path).read()).hexdigest()\n\
         fetch = Process(name = 'fetch', cmdline = \"cp '/srv/%s' . && echo %s\" % (path, md5))\n\
         run = Process(name = 'run', cmdline = 'python let')\n\
         jobs = [Service(cluster = 'c', role = 'r', environment = 'prod', name = 'web',\n\
                 task = SequentialTask(processes = [fetch, run], resources = Resources(cpu = 1, ram = 64*MB, disk = 64*MB)))]\n",
    )
    .unwrap();
    let out = dir.join("nix");
    let cfg = project(&dir, "");
    let jobs = rel(&dir.join("jobs"));
    let r = cli(&["convert", &jobs, "--out", &rel(&out), "--config", &cfg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(out.join("jobs/web/app.nix")).unwrap();
    assert!(
        text.contains("let' = builtins.path")
            && text.contains(r#""/../../../jobs/web/data \${x} dir/let""#),
        "{text}"
    );
    let v = cli(&["verify", &jobs, "--out", &rel(&out), "--config", &cfg]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
}

/// `cp /outside/secret .` must not hash the secret into an input: the store is world-readable.
/// A directory the project lists in `allow-sources` may be hashed from, with a warning.
fn files_outside_the_root_never_reach_the_store() {
    let dir = out_dir("outside-root");
    let repo = dir.join("repo");
    std::fs::create_dir_all(repo.join("jobs")).unwrap();
    std::fs::create_dir_all(dir.join("private")).unwrap();
    let secret = std::path::absolute(dir.join("private/secret.key")).unwrap();
    std::fs::write(&secret, "hunter2\n").unwrap();
    std::fs::write(
        repo.join("jobs/app.aurora"),
        format!(
            "fetch = Process(name = 'fetch', cmdline = 'cp {} .')\n\
             run = Process(name = 'run', cmdline = 'cat secret.key')\n\
             jobs = [Service(cluster = 'c', role = 'r', environment = 'prod', name = 'app',\n\
                     task = SequentialTask(processes = [fetch, run], resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n",
            secret.display()
        ),
    )
    .unwrap();
    let cfg = project(&repo, "out = \"nix\"\n");
    let r = cli(&["convert", "--config", &cfg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("W0003") && r.stderr.contains("outside the evaluation root"),
        "{}",
        r.stderr
    );
    let text = std::fs::read_to_string(repo.join("nix/jobs/app.nix")).unwrap();
    assert!(
        !text.contains("builtins.path") && text.contains("cp "),
        "{text}"
    );
    // Allowed by the project: hashed into an input, with a warning naming the file.
    let cfg = project(&repo, "out = \"nix\"\nallow-sources = [\"../private\"]\n");
    let r = cli(&["convert", "--config", &cfg, "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("W0005") && r.stderr.contains("secret.key is outside the repository"),
        "{}",
        r.stderr
    );
    let text = std::fs::read_to_string(repo.join("nix/jobs/app.nix")).unwrap();
    assert!(text.contains("builtins.path"), "{text}");
}

/// Nothing is written outside `--out`: not through a symlinked folder in it, not through `..`
/// in an argument; one file named twice is one input.
#[cfg(unix)]
fn outputs_stay_inside_out() {
    let dir = out_dir("outputs-inside");
    std::fs::create_dir_all(dir.join("jobs/web")).unwrap();
    std::fs::create_dir_all(dir.join("elsewhere")).unwrap();
    std::fs::create_dir_all(dir.join("out")).unwrap();
    std::fs::write(
        dir.join("jobs/web/app.aurora"),
        "jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'n', task = Task(processes = [Process(name = 'p', cmdline = 'c')], resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("../elsewhere", dir.join("out/jobs")).unwrap();
    let cfg = project(&dir, "");
    let jobs = rel(&dir.join("jobs"));
    let r = cli(&[
        "convert",
        &jobs,
        "--out",
        &rel(&dir.join("out")),
        "--config",
        &cfg,
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("outside"), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(dir.join("elsewhere")).unwrap().count(), 0);
    // `..` in the argument: the output still lands below --out.
    let dotted = format!("{jobs}/web/../web/app.aurora");
    let out2 = dir.join("out2");
    let r = cli(&["convert", &dotted, "--out", &rel(&out2)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    fn find(d: &Path, name: &str) -> bool {
        std::fs::read_dir(d).unwrap().any(|e| {
            let p = e.unwrap().path();
            if p.is_dir() {
                find(&p, name)
            } else {
                p.ends_with(name)
            }
        })
    }
    assert!(find(&out2, "app.nix"), "the output is below --out");
    // The same file twice.
    let r = cli(&[
        "convert",
        &format!("{jobs}/web/app.aurora"),
        &dotted,
        "--out",
        &rel(&dir.join("out3")),
    ]);
    assert!(r.stderr.contains("named a second time"), "{}", r.stderr);
}

/// Seeded random text (quotes, `${`, backslashes, newlines, `#`, comment and code fragments) as
/// the config's file name, an artifact's file name, a map key, a cmdline and metadata: every
/// generated file evaluates with real Nix to exactly the evaluated job (`verify` passes), and
/// nothing in it runs (no `builtins.trace` fires).
fn random_text_in_every_position_round_trips_through_real_nix() {
    let dir = out_dir("random-positions");
    let jobs = dir.join("jobs");
    let _ = std::fs::remove_dir_all(&jobs);
    std::fs::create_dir_all(&jobs).unwrap();
    let pieces = [
        "$",
        "{",
        "}",
        "${",
        "\"",
        "\\",
        "\n",
        "\r",
        "\t",
        " ",
        "#",
        ";",
        "=",
        "''",
        "é",
        "🚀",
        "*/",
        "/*",
        "x",
        "1",
        "builtins.trace \"INJECTED\" ",
        "\"; p = builtins.trace \"INJECTED\" 1; q = \"",
    ];
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    let mut random = |no: &[char]| -> String {
        let len = 1 + next(6);
        let s: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
        s.chars().filter(|c| !no.contains(c)).collect::<String>() + "z"
    };
    // A Python string literal for any text.
    let py = |s: &str| serde_json::to_string(s).unwrap();
    for i in 0..12 {
        let file_name = format!("{}{i}", random(&['/', '\'', '\0']));
        let artifact = format!("{}{i}.py", random(&['/', '\'', '\0', '\n', '\r']));
        std::fs::write(
            jobs.join(&artifact),
            format!("print {}\n", py(&random(&[]))),
        )
        .unwrap();
        let config = format!(
            "import hashlib\n\
             md5 = hashlib.md5(open({art}).read()).hexdigest()\n\
             fetch = Process(name = 'fetch', cmdline = \"cp '/srv/%s' . && echo %s\" % ({art}, md5))\n\
             run = Process(name = 'run', cmdline = {cmd})\n\
             jobs = [Service(cluster = 'c', role = 'r', environment = 'prod', name = 'n{i}',\n\
               announce = Announcer(portmap = {{{key}: 'http'}}),\n\
               metadata = [Metadata(key = {mk}, value = {mv})],\n\
               task = SequentialTask(processes = [fetch, run], resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n",
            art = py(&artifact),
            cmd = py(&random(&[])),
            key = py(&random(&[])),
            mk = py(&random(&[])),
            mv = py(&random(&[])),
        );
        std::fs::write(jobs.join(format!("{file_name}.aurora")), config).unwrap();
    }
    let out = dir.join("nix");
    let cfg = project(&dir, "");
    let r = cli(&[
        "convert",
        &rel(&jobs),
        "--out",
        &rel(&out),
        "--config",
        &cfg,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = cli(&["verify", &rel(&jobs), "--out", &rel(&out), "--config", &cfg]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    assert_eq!(v.stdout.matches("ok ").count(), 12, "{}", v.stdout);
    assert!(
        v.stdout
            .lines()
            .all(|l| l.starts_with("ok ") || l.starts_with("12 equivalent")),
        "one line per job, whatever the names hold:\n{}",
        v.stdout
    );
    for entry in std::fs::read_dir(out.join("jobs")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "nix")
            && !p.ends_with("aurora-lib.nix")
            && !p.ends_with("aurora-runtime.nix")
        {
            let abs = std::path::absolute(&p).unwrap().display().to_string();
            let expr = format!(
                "import (/. + {}) {{}}",
                aurora2nix::nix::quote::string(&abs).unwrap()
            );
            let o = common::nix_eval(Some(&dir), &["-E", &expr]);
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(
                o.status.success() && !err.contains("INJECTED"),
                "{}: {err}",
                p.display()
            );
        }
    }
}
