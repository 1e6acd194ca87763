//! End-to-end conversion with real Nix: every corpus case converts to its blessed
//! `expected.nix`, real `nix-instantiate` evaluates it to the jobs of the `.aurora` with exactly
//! the declared rewrites (`aurora2nix verify`), conversion is idempotent, `--check` catches stale
//! and missing files, writes are atomic and never clobber files aurora2nix did not generate, and
//! Nix string escaping round-trips through real Nix.

mod common;

use common::{aurora2nix, cases, expect_file, rel, scratch as out_dir};
use std::path::{Path, PathBuf};

fn run(args: &[String]) -> std::process::Output {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    aurora2nix(&a)
}

#[test]
fn corpus_converts_to_blessed_nix_that_real_nix_verifies() {
    let out = out_dir("corpus-nix");
    let mut failures = Vec::new();
    for case in cases().iter().filter(|c| c.file("expected.json").is_file()) {
        let input = rel(&case.input());
        let mut args = vec![
            "convert".to_string(),
            input.clone(),
            "--out".into(),
            rel(&out),
        ];
        args.extend(case.args.iter().cloned());
        let o = run(&args);
        if !o.status.success() {
            failures.push(format!(
                "{}: convert failed:\n{}",
                case.name,
                String::from_utf8_lossy(&o.stderr)
            ));
            continue;
        }
        let generated = out.join(Path::new(&input).with_extension("nix"));
        let text = std::fs::read_to_string(&generated).expect("convert wrote the file");
        if let Some(m) = expect_file(&case.file("expected.nix"), &text) {
            failures.push(format!("{}: {m}", case.name));
        }
        let mut vargs = vec!["verify".to_string(), input, "--out".into(), rel(&out)];
        vargs.extend(case.args.iter().cloned());
        let v = run(&vargs);
        if v.status.code() != Some(0) {
            failures.push(format!(
                "{}: verify failed:\n{}{}",
                case.name,
                String::from_utf8_lossy(&v.stdout),
                String::from_utf8_lossy(&v.stderr)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn generated_files_parse_with_rnix_and_are_alejandra_stable() {
    let out = out_dir("rnix");
    let o = aurora2nix(&[
        "convert",
        "corpus",
        "--out",
        &rel(&out),
        "--env",
        "USER=alice",
        "--env",
        "TEAM=search",
    ]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("converted"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
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
        let again = aurora2nix::emit::format(&p.display().to_string(), text.clone()).unwrap();
        assert_eq!(again, text, "{} is not alejandra-stable", p.display());
        assert!(
            !text.contains("builtins.fetchurl") && !text.contains("<nixpkgs>"),
            "{}",
            p.display()
        );
        n += 1;
    }
    assert!(n > 40, "converted {n} files");
}

#[test]
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

#[test]
fn never_overwrites_files_it_did_not_generate_and_leaves_no_partial_files() {
    let out = out_dir("clobber");
    std::fs::create_dir_all(&out).unwrap();
    let file = out.join("input.nix");
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
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
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
    // Two directory arguments whose files map to the same output are refused, not clobbered.
    let clash = out_dir("clash");
    let o = aurora2nix(&[
        "convert",
        "corpus/01-tutorial-hello-world",
        "corpus/02-inspect-job",
        "--out",
        &rel(&clash),
    ]);
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

#[test]
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
#[test]
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
        .map(|s| aurora2nix::emit::nix::string(s).unwrap())
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
    let s = format!("a$ {}x$", aurora2nix::emit::artifact_ref("p"));
    let lit =
        aurora2nix::emit::string_with_refs(&format!("{s}{}", aurora2nix::emit::artifact_ref("p")))
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

#[test]
fn checksum_trick_maps_whatever_the_evaluation_root() {
    let dir = checksum_tree("root-above", false);
    let out = dir.join("nix");
    // A directory argument above the config (so the root is not the config's folder).
    let o = aurora2nix(&["convert", &rel(&dir.join("jobs")), "--out", &rel(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(out.join("web/app.nix")).unwrap();
    assert!(
        text.contains("builtins.path {") && !text.contains("python app.py"),
        "{text}"
    );
    let v = aurora2nix(&["verify", &rel(&dir.join("jobs")), "--out", &rel(&out)]);
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&v.stdout)
    );
}

#[test]
fn container_jobs_keep_their_fetches() {
    let dir = checksum_tree("container", true);
    let out = dir.join("nix");
    let o = aurora2nix(&["convert", &rel(&dir.join("jobs")), "--out", &rel(&out)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("container image, which has no /nix/store"),
        "{err}"
    );
    let text = std::fs::read_to_string(out.join("web/app.nix")).unwrap();
    assert!(
        text.contains("cp /srv/app.py . && echo")
            && !text.contains("/nix/store")
            && !text.contains("builtins.path"),
        "{text}"
    );
}
