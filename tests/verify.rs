//! `aurora2nix verify`, `diff`, `report` and `lock` end to end with real Nix: fresh conversions
//! verify clean; each kind of tampering fails with the right JSON path and `.aurora` line; stale
//! files are reported; JUnit output has the shape CI systems read; `lock` pins a URL served on
//! 127.0.0.1.

mod common;

use common::{aurora2nix, rel, root};
use std::path::{Path, PathBuf};

fn fresh(tag: &str) -> PathBuf {
    common::scratch(&format!("verify-{tag}"))
}

const TUTORIAL: &str = "corpus/01-tutorial-hello-world/input.aurora";
const CURL: &str = "corpus/50-pkg-curl-sha256/input.aurora";
const MULTI: &str = "corpus/55-multi-job-environments/input.aurora";

fn convert(out: &Path, inputs: &[&str]) {
    let mut args = vec!["convert"];
    args.extend(inputs);
    let o = rel(out);
    args.extend(["--out", o.as_str()]);
    let r = aurora2nix(&args);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

fn verify(out: &Path, input: &str, format: &str) -> (i32, String) {
    let o = rel(out);
    let r = aurora2nix(&["verify", input, "--out", &o, "--format", format]);
    (
        r.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&r.stdout).into_owned() + &String::from_utf8_lossy(&r.stderr),
    )
}

fn nix_file(out: &Path, input: &str) -> PathBuf {
    out.join(Path::new(input).with_extension("nix"))
}

fn edit(out: &Path, input: &str, from: &str, to: &str) {
    let f = nix_file(out, input);
    let text = std::fs::read_to_string(&f).unwrap();
    assert!(
        text.contains(from),
        "{from:?} not in {}:\n{text}",
        f.display()
    );
    std::fs::write(&f, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn tampering_is_caught_with_path_and_line() {
    // (what, file, from, to, expected fragments of the report)
    let cases: &[(&str, &str, &str, &str, &[&str])] = &[
        ("a resource", TUTORIAL, "ram = 1 * aurora.MB;", "ram = 2 * aurora.MB;", &["task.resources.ram: expected 1048576, Nix gives 2097152", "input.aurora:20"]),
        ("a cmdline", TUTORIAL, "python -u ${hello_world_py}", "python3 -u ${hello_world_py}", &["task.processes[hello_world].cmdline", "input.aurora:14"]),
        ("a renamed process",
            MULTI,
            "--env=devel --port={{thermos.ports[http]}}\";\n            name = \"api\";",
            "--env=devel --port={{thermos.ports[http]}}\";\n            name = \"api2\";",
            &[
                "task.processes[api]: expected",
                "task.processes[api2]: expected (absent)",
            ],
        ),
        ("a changed store path", CURL, "hash = \"sha256-n", "hash = \"sha256-m", &["task.processes[fetch].cmdline: expected \"nix-store --realise /nix/store/", "input.aurora:"]),
        ("an added top-level attribute", TUTORIAL, "aurora.jobs [", "{ extra = 1; } // aurora.jobs [", &["(the document)", "extra: expected (absent), Nix gives 1"]),
        ("a duplicated process", TUTORIAL, "processes = [", "processes = [ { cmdline = \"true\"; name = \"hello_world\"; }", &["task.processes[hello_world#2]: expected (absent)"]),
        ("an added job", TUTORIAL, "aurora.jobs [", "aurora.jobs [ (aurora.Job { cluster = \"c\"; role = \"r\"; environment = \"e\"; task = aurora.Task { processes = [ (aurora.Process { name = \"p\"; cmdline = \"x\"; }) ]; resources = aurora.Resources { cpu = 1.0; ram = aurora.MB; disk = aurora.MB; }; }; })", &["has a job the .aurora does not define", "c/r/e/p"]),
        // A job the client refuses fails in Nix with the client's message, job and field.
        ("a value the client refuses", TUTORIAL, "ram = 1 * aurora.MB;", "ram = 0;", &["holds a job Aurora's client refuses", "[E0036]", "job[devcluster/www-data/devel/hello_world].task.resources: error[E0036]: The configuration was invalid: Must specify ram and disk resources, got ram:0 disk:8388608"]),
    ];
    for (what, input, from, to, expect) in cases {
        let out = fresh(&what.replace(' ', "-"));
        convert(&out, &[input]);
        let (code, clean) = verify(&out, input, "text");
        assert_eq!(code, 0, "{what}: fresh conversion verifies:\n{clean}");
        edit(&out, input, from, to);
        let (code, report) = verify(&out, input, "text");
        assert_eq!(code, 1, "{what}: tampering must fail:\n{report}");
        for e in *expect {
            assert!(report.contains(e), "{what}: {e:?} missing from:\n{report}");
        }
        assert!(
            report.contains("stale"),
            "{what}: the edit also makes the file stale:\n{report}"
        );
    }
}

#[test]
fn removed_process_is_reported_as_missing_from_the_set() {
    let out = fresh("removed");
    convert(&out, &[TUTORIAL]);
    let f = nix_file(&out, TUTORIAL);
    let text = std::fs::read_to_string(&f).unwrap();
    // Drop the `hello_world` process entirely.
    let start = text
        .find("{\n              cmdline = \"python -u")
        .expect("the hello_world process");
    let end = start + text[start..].find("}\n").unwrap() + 1;
    let mut edited = text.clone();
    edited.replace_range(start..end, "");
    // and from the order that names it (else Aurora's planner refuses the task, see below).
    let edited = edited.replacen(
        r#"order = ["nix_realise" "hello_world"]"#,
        r#"order = ["nix_realise"]"#,
        1,
    );
    std::fs::write(&f, edited).unwrap();
    let (code, report) = verify(&out, TUTORIAL, "text");
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains("task.processes[hello_world]: expected {")
            && report.contains("Nix gives (absent)"),
        "{report}"
    );
    assert!(
        report.contains("input.aurora:14"),
        "the line of the removed Process(...): {report}"
    );
}

#[test]
fn documents_are_checked_even_when_a_hand_edit_drops_the_checks() {
    let out = fresh("unchecked");
    convert(&out, &[TUTORIAL]);
    let f = nix_file(&out, TUTORIAL);
    let text = std::fs::read_to_string(&f).unwrap();
    // The process the order names is gone and the document no longer calls `aurora.jobs`.
    let start = text.find("{\n              cmdline = \"python -u").unwrap();
    let end = start + text[start..].find("}\n").unwrap() + 1;
    let mut edited = text.clone();
    edited.replace_range(start..end, "");
    let edited = edited.replacen("aurora.jobs [", "{ jobs = [", 1);
    let edited = format!("{}; }}\n", edited.trim_end());
    std::fs::write(&f, &edited).unwrap();
    // Plain Nix now evaluates it...
    let plain = common::nix_eval(
        None,
        &[
            "-E",
            &format!("import {} {{}}", std::path::absolute(&f).unwrap().display()),
        ],
    );
    assert!(
        plain.status.success(),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );
    // ...but verify checks the document as the client would, and refuses it.
    let (code, report) = verify(&out, TUTORIAL, "text");
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains("error[E0040]: The configuration was invalid: Task is invalid: Task has invalid plan: Invalid process dependencies!"),
        "{report}"
    );
}

#[test]
fn stale_but_equivalent_files_pass_with_a_note() {
    let out = fresh("stale");
    convert(&out, &[TUTORIAL]);
    edit(
        &out,
        TUTORIAL,
        "# @generated by aurora2nix",
        "# @generated by aurora2nix (older)",
    );
    let (code, report) = verify(&out, TUTORIAL, "text");
    assert_eq!(code, 0, "{report}");
    assert!(
        report.contains("stale") && report.contains("regenerate"),
        "{report}"
    );
}

#[test]
fn junit_and_annotations_have_the_shape_ci_reads() {
    let out = fresh("junit");
    convert(&out, &[MULTI, TUTORIAL]);
    edit(
        &out,
        TUTORIAL,
        "ram = 1 * aurora.MB;",
        "ram = 2 * aurora.MB;",
    );
    let o = rel(&out);
    let r = aurora2nix(&["verify", MULTI, TUTORIAL, "--out", &o, "--format", "junit"]);
    assert_eq!(r.status.code(), Some(1));
    let xml = String::from_utf8_lossy(&r.stdout);
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "),
        "{xml}"
    );
    assert_eq!(xml.matches("<testsuite ").count(), 2, "{xml}");
    assert_eq!(
        xml.matches("<testcase ").count(),
        5,
        "one test case per job:\n{xml}"
    );
    assert_eq!(xml.matches("<failure ").count(), 1, "{xml}");
    assert!(xml.contains("tests=\"5\" failures=\"1\""), "{xml}");
    assert!(xml.trim_end().ends_with("</testsuites>"));
    // Balanced elements.
    for tag in ["testsuites", "testsuite", "failure"] {
        assert_eq!(
            xml.matches(&format!("<{tag} ")).count(),
            xml.matches(&format!("</{tag}>")).count(),
            "{tag} balanced"
        );
    }
    let r = aurora2nix(&["verify", TUTORIAL, "--out", &o, "--format", "github"]);
    let ann = String::from_utf8_lossy(&r.stdout);
    assert!(
        ann.contains("::error file=corpus/01-tutorial-hello-world/input.aurora,line=20::"),
        "{ann}"
    );
    let r = aurora2nix(&["verify", TUTORIAL, "--out", &o, "--format", "json"]);
    let j: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(
        j[0]["jobs"][0]["differences"][0]["path"],
        "task.resources.ram"
    );
}

#[test]
fn verify_without_nix_exits_2_with_an_install_hint() {
    let out = fresh("nonix");
    convert(&out, &[TUTORIAL]);
    let o = rel(&out);
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_aurora2nix"))
        .args(["verify", TUTORIAL, "--out", &o])
        .current_dir(root())
        .env_clear()
        .env("AURORA2NIX_NIX_INSTANTIATE", "/nonexistent/nix-instantiate")
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("apt-get install nix-bin"));
}

#[test]
fn diff_and_report_describe_the_mapping() {
    let out = fresh("review");
    convert(&out, &[TUTORIAL]);
    let o = rel(&out);
    let r = aurora2nix(&["diff", TUTORIAL, "--out", &o]);
    let d = String::from_utf8_lossy(&r.stdout);
    assert!(
        d.contains("fetch_package → input hello_world_py, sha256-"),
        "{d}"
    );
    assert!(
        d.contains("inline") && d.contains("-        \"cmdline\": \"python -u hello_world.py\""),
        "{d}"
    );
    assert!(!d.contains('\x1b'), "no colour when not a terminal");
    let r = aurora2nix(&[
        "report",
        TUTORIAL,
        "corpus/52-pkg-hdfs-scp/input.aurora",
        "--out",
        &o,
    ]);
    let md = String::from_utf8_lossy(&r.stdout);
    assert!(md.starts_with("# Aurora → Nix migration report"), "{md}");
    assert!(
        md.contains("| inline |")
            && md.contains("Fetches kept verbatim (2)")
            && md.contains("is missing"),
        "{md}"
    );
}

/// Serves one fixed body on 127.0.0.1 for a bounded number of requests.
fn serve(body: &'static [u8], requests: usize) -> (String, std::thread::JoinHandle<()>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut s = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(body);
        }
    });
    (format!("http://127.0.0.1:{port}"), handle)
}

#[test]
fn lock_pins_a_download_and_convert_uses_it() {
    let dir = fresh("lock");
    std::fs::create_dir_all(&dir).unwrap();
    let (base, server) = serve(b"hello\n", 1);
    let config = format!(
        "fetch = Process(name = 'fetch', cmdline = 'curl -fsSL -o app.tgz {base}/app.tgz && tar xzf app.tgz')\n\
         run = Process(name = 'run', cmdline = './app/run')\n\
         jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'app',\n\
                     task = SequentialTask(processes = [fetch, run], resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n"
    );
    std::fs::write(dir.join("app.aurora"), config).unwrap();
    // The folder is a project: every command reads its settings, no flag repeated.
    let cfg = common::project(&dir, "out = \"nix\"\n");
    let r = aurora2nix(&["lock", "--config", &cfg]);
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    server.join().unwrap();
    let lock: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("aurora2nix.lock")).unwrap())
            .unwrap();
    // sha256 of "hello\n", as `nix hash to-sri` prints it.
    assert_eq!(
        lock["sources"][format!("{base}/app.tgz")]["hash"],
        "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="
    );
    let r = aurora2nix(&["convert", "--config", &cfg]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let text = std::fs::read_to_string(dir.join("nix/app.nix")).unwrap();
    assert!(
        text.contains("sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="),
        "{text}"
    );
    let r = aurora2nix(&["verify", "--config", &cfg]);
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stdout)
    );
}

#[test]
fn lock_entries_map_sources_no_fetcher_reaches() {
    let dir = fresh("hdfs-lock");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("corpus/52-pkg-hdfs-scp/input.aurora"),
        dir.join("input.aurora"),
    )
    .unwrap();
    let cfg = common::project(&dir, "out = \"nix\"\n");
    // `lock` lists the hdfs and scp sources with an empty URL to fill in, and exits 1.
    let r = aurora2nix(&["lock", "--config", &cfg]);
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("needs a URL"));
    let path = dir.join("aurora2nix.lock");
    let mut lock: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let sources = lock["sources"].as_object_mut().unwrap();
    assert_eq!(sources.len(), 2, "{sources:?}");
    for (i, (_, entry)) in sources.iter_mut().enumerate() {
        entry["url"] = format!("https://mirror.example.com/{i}.tar.gz").into();
        // SRI and a bare hex digest (as sha256sum prints it) are both accepted.
        entry["hash"] = if i == 0 {
            "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="
        } else {
            "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
        }
        .into();
    }
    // An entry no config fetches is reported, and removed by --prune.
    sources.insert(
        "hdfs://nowhere/old.tar.gz".into(),
        serde_json::json!({"url": "https://mirror.example.com/old.tar.gz", "hash": "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="}),
    );
    std::fs::write(&path, serde_json::to_string_pretty(&lock).unwrap()).unwrap();
    let r = aurora2nix(&["lock", "--config", &cfg]);
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(0), "{err}");
    assert!(err.contains("unused: hdfs://nowhere/old.tar.gz"), "{err}");
    let r = aurora2nix(&["lock", "--config", &cfg, "--prune"]);
    assert_eq!(r.status.code(), Some(0));
    assert!(!std::fs::read_to_string(&path).unwrap().contains("nowhere"));
    let r = aurora2nix(&["convert", "--config", &cfg]);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        r.status.success() && !err.contains("kept verbatim"),
        "{err}"
    );
    let text = std::fs::read_to_string(dir.join("nix/input.nix")).unwrap();
    assert_eq!(text.matches("fetchurl {").count(), 2, "{text}");
    let r = aurora2nix(&["verify", "--config", &cfg]);
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stdout)
    );
}

#[test]
fn before_cmd_checks_against_real_pystachio() {
    let out = fresh("before-cmd");
    convert(&out, &[TUTORIAL, MULTI]);
    let (py, env) = common::python();
    let cmd = format!("{py} tests/pystachio/evaluate.py {{file}}");
    let o = rel(&out);
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_aurora2nix"))
            .args(["verify", TUTORIAL, MULTI, "--out", &o, "--before-cmd", &cmd])
            .current_dir(root())
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap()
    };
    let r = run();
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&r.stdout),
        String::from_utf8_lossy(&r.stderr)
    );
    // A hand edit is caught against pystachio's "before" too.
    edit(&out, TUTORIAL, "cpu = 1.0;", "cpu = 2.0;");
    let r = run();
    assert_eq!(r.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&r.stdout).contains("task.resources.cpu: expected 1, Nix gives 2")
    );
}

#[test]
fn realise_none_and_artifacts_only() {
    let out = fresh("realise-none");
    let o = rel(&out);
    let r = aurora2nix(&["convert", TUTORIAL, CURL, "--out", &o, "--realise", "none"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    for input in [TUTORIAL, CURL] {
        let text = std::fs::read_to_string(nix_file(&out, input)).unwrap();
        assert!(!text.contains("nix-store --realise"), "{text}");
    }
    // The tutorial's fetch process is gone entirely; the staged curl process copies the input.
    let tutorial = std::fs::read_to_string(nix_file(&out, TUTORIAL)).unwrap();
    assert!(
        !tutorial.contains("nix_realise") && tutorial.contains("order = [\"hello_world\"]"),
        "{tutorial}"
    );
    let r = aurora2nix(&["verify", TUTORIAL, CURL, "--out", &o, "--realise", "none"]);
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stdout)
    );
    // With the default realise mode the same files are not what `convert` writes: verify says so.
    let r = aurora2nix(&["verify", TUTORIAL, "--out", &o]);
    assert_eq!(r.status.code(), Some(1));
    // `artifactsOnly` is the set of inputs (what `nix-build` builds and `nix copy` sends).
    let f = nix_file(&out, CURL);
    let expr = format!("import {} {{ artifactsOnly = true; }}", f.display());
    let o = common::nix_eval(Some(&root()), &["-E", &expr]);
    let inputs: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let path = inputs["app_tar_gz"]
        .as_str()
        .expect("the input's store path");
    assert!(
        path.starts_with("/nix/store/") && path.ends_with("-app.tar.gz"),
        "{inputs}"
    );
}

#[test]
fn prefetch_pins_before_converting() {
    let dir = fresh("prefetch");
    std::fs::create_dir_all(&dir).unwrap();
    let (base, server) = serve(b"hello\n", 1);
    std::fs::write(
        dir.join("app.aurora"),
        format!(
            "fetch = Process(name = 'fetch', cmdline = 'wget -q {base}/tool.tgz && tar xzf tool.tgz')\n\
             jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'tool',\n\
                         task = Task(processes = [fetch], resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n"
        ),
    )
    .unwrap();
    let cfg = common::project(&dir, "out = \"nix\"\n");
    let r = aurora2nix(&["convert", "--config", &cfg, "--prefetch"]);
    server.join().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let text = std::fs::read_to_string(dir.join("nix/app.nix")).unwrap();
    assert!(
        text.contains("sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="),
        "{text}"
    );
    assert!(dir.join("aurora2nix.lock").is_file());
}

#[test]
fn downloads_stop_when_a_server_stalls_or_sends_too_much() {
    use aurora2nix::packages::lock::prefetch_within;
    use std::time::{Duration, Instant};
    // A server that accepts and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let silent = std::thread::spawn(move || {
        let (s, _) = listener.accept().unwrap();
        std::thread::sleep(Duration::from_secs(3));
        drop(s);
    });
    let started = Instant::now();
    let r = prefetch_within(
        &format!("http://127.0.0.1:{port}/x"),
        Duration::from_millis(500),
        1 << 20,
    );
    assert!(
        r.is_err() && started.elapsed() < Duration::from_secs(3),
        "{r:?}"
    );
    silent.join().unwrap();
    // A body larger than the cap.
    let (base, server) = serve(&[b'x'; 4096], 1);
    let r = prefetch_within(&format!("{base}/big"), Duration::from_secs(5), 1024);
    assert!(
        r.is_err_and(|e| e.contains("at most 1024 bytes")),
        "too large"
    );
    server.join().unwrap();
}

/// `nix copy --to CACHE $(aurora2nix artifacts)` puts every input into a binary cache: a local
/// file of the checksum trick and a URL pinned by sha256sum alike, with real Nix.
#[test]
fn artifacts_reach_a_binary_cache_with_nix_copy() {
    use sha2::Digest;
    let dir = fresh("artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    // Unique contents, so the store does not already hold them from an earlier run.
    let stamp = format!("{}-{:?}", std::process::id(), std::time::SystemTime::now());
    let body: &'static [u8] = Box::leak(format!("tool {stamp}\n").into_bytes().into_boxed_slice());
    let sha = sha2::Sha256::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    let (base, _server) = serve(body, 1);
    std::fs::write(dir.join("app.py"), format!("print 'app {stamp}'\n")).unwrap();
    std::fs::write(
        dir.join("app.aurora"),
        format!(
            "import hashlib\n\
             md5 = hashlib.md5(open('app.py').read()).hexdigest()\n\
             fetch = Process(name = 'fetch', cmdline = 'cp /srv/app.py . && echo %s' % md5)\n\
             tool = Process(name = 'tool', cmdline = 'curl -fsSL -o tool.tgz {base}/tool.tgz && echo \"{sha}  tool.tgz\" | sha256sum -c -')\n\
             run = Process(name = 'run', cmdline = 'python app.py')\n\
             jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'app',\n\
                     task = SequentialTask(processes = [fetch, tool, run], resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n"
        ),
    )
    .unwrap();
    let cfg = common::project(&dir, "out = \"nix\"\n");
    let r = aurora2nix(&["convert", "--config", &cfg]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    // No substituter: nothing may come from the network but our server.
    let nix = |cmd: &str, args: &[&str]| {
        std::process::Command::new(cmd)
            .args(args)
            .current_dir(root())
            .env("NIX_CONFIG", "substituters =")
            .output()
            .unwrap()
    };
    let o = nix(
        env!("CARGO_BIN_EXE_aurora2nix"),
        &["artifacts", "--config", &cfg],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let paths: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    for p in &paths {
        assert!(p.starts_with("/nix/store/") && Path::new(p).exists(), "{p}");
    }
    let cache = std::env::temp_dir().join(format!("aurora2nix-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&cache);
    let to = format!("file://{}", cache.display());
    let mut args = vec![
        "--extra-experimental-features",
        "nix-command",
        "copy",
        "--to",
        &to,
    ];
    args.extend(paths.iter().map(String::as_str));
    let o = nix("nix", &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let narinfos = std::fs::read_dir(&cache)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".narinfo"))
        })
        .count();
    let _ = std::fs::remove_dir_all(&cache);
    assert_eq!(narinfos, 2);
}

#[test]
fn json_prints_the_checked_document_and_never_a_partial_one() {
    let out = fresh("json");
    convert(&out, &[TUTORIAL]);
    let f = rel(&nix_file(&out, TUTORIAL));
    let doc = out.join("web.json");
    let d = rel(&doc);
    // The document, as verify's Nix evaluation gives it.
    let r = aurora2nix(&["json", &f, "-o", &d]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&doc).unwrap()).unwrap();
    let abs = std::path::absolute(nix_file(&out, TUTORIAL)).unwrap();
    let plain = common::nix_eval(None, &["-E", &format!("import {} {{}}", abs.display())]);
    let evaluated: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(written, evaluated);
    let r = aurora2nix(&["json", &f]);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&r.stdout).unwrap(),
        written
    );
    // A file Nix refuses (here the client's check): exit 1, Nix's message, the earlier
    // document untouched, nothing on stdout, so a pipeline under pipefail fails.
    edit(&out, TUTORIAL, "ram = 1 * aurora.MB;", "ram = 0;");
    let before = std::fs::read(&doc).unwrap();
    let r = aurora2nix(&["json", &f, "-o", &d]);
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[E0022]") && stderr.contains("error[E0036]"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&doc).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let r = aurora2nix(&["json", &f]);
    assert_eq!(r.status.code(), Some(1));
    assert!(r.stdout.is_empty(), "a failure prints no document");
    let piped = std::process::Command::new("bash")
        .args(["-c", "set -o pipefail; \"$0\" json \"$1\" | cat >/dev/null"])
        .arg(env!("CARGO_BIN_EXE_aurora2nix"))
        .arg(&f)
        .current_dir(root())
        .status()
        .unwrap();
    assert!(!piped.success());
    // A syntax error names the file and line.
    std::fs::write(nix_file(&out, TUTORIAL), "{ jobs = [ ; }").unwrap();
    let r = aurora2nix(&["json", &f]);
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("input.nix:1:"), "{stderr}");
    // No library above the file: exit 2.
    let lone = out.join("lone.nix");
    std::fs::write(&lone, "{}: { jobs = [ ]; }").unwrap();
    std::fs::remove_file(out.join("aurora-lib.nix")).unwrap();
    let r = aurora2nix(&["json", &rel(&lone)]);
    assert_eq!(
        r.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
}

#[test]
fn verify_and_report_name_each_jobs_launch_path() {
    const DOCKER: &str = "corpus/10-docker-container/input.aurora";
    let out = fresh("launch");
    convert(&out, &[TUTORIAL, DOCKER]);
    let o = rel(&out);
    let r = aurora2nix(&["verify", TUTORIAL, DOCKER, "--out", &o, "--format", "json"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    let launches: Vec<(String, String, Option<String>)> = v
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["jobs"].as_array().unwrap().clone())
        .map(|j| {
            (
                j["job"].as_str().unwrap().to_string(),
                j["launch"].as_str().unwrap().to_string(),
                j["read_json_refuses"].as_str().map(String::from),
            )
        })
        .collect();
    assert!(launches.contains(&(
        "devcluster/www-data/devel/hello_world".into(),
        "read-json".into(),
        None
    )));
    // Docker(...) is not the first alternative of `container`: only the launcher re-loads it.
    assert!(
        launches
            .iter()
            .any(|(_, l, p)| l == "launcher" && p.as_deref() == Some("container")),
        "{launches:?}"
    );
    let (_, text) = verify(&out, DOCKER, "text");
    assert!(
        text.contains(
            "(launch with aurora2nix-launch.aurora: --read-json cannot re-load container)"
        ),
        "{text}"
    );
    let r = aurora2nix(&["report", TUTORIAL, DOCKER, "--out", &o]);
    let report = String::from_utf8_lossy(&r.stdout);
    assert!(
        report.contains("## Jobs that launch with the launcher ("),
        "{report}"
    );
    assert!(report.contains("`container`"), "{report}");
}

/// `aurora2nix ARGS` with the Python (and its pystachio) the tests use for the launch path.
fn verify_with_python(out: &Path, inputs: &[&str], python: Option<&str>) -> (i32, String) {
    let (found, env) = common::python();
    let o = rel(out);
    let mut args = vec!["verify"];
    args.extend(inputs);
    args.extend(["--out", o.as_str()]);
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_aurora2nix"))
        .args(&args)
        .current_dir(root())
        .env_clear()
        .env("NO_COLOR", "1")
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env)
        .env("AURORA2NIX_PYTHON", python.unwrap_or(&found))
        .output()
        .unwrap();
    (
        r.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&r.stdout).into_owned() + &String::from_utf8_lossy(&r.stderr),
    )
}

#[test]
fn verify_proves_the_launch_path_with_real_pystachio() {
    const DOCKER: &str = "corpus/10-docker-container/input.aurora";
    let out = fresh("launch-proof");
    convert(&out, &[TUTORIAL, DOCKER]);
    let (code, report) = verify_with_python(&out, &[TUTORIAL, DOCKER], None);
    assert_eq!(code, 0, "{report}");
    assert!(!report.contains("not checked"), "{report}");
    // Without a Python that imports pystachio the check is skipped, and said so.
    let (code, report) = verify_with_python(&out, &[TUTORIAL], Some("/nonexistent/python"));
    assert_eq!(code, 0, "{report}");
    assert!(
        report.contains("note: the launch path was not checked: no Python with pystachio"),
        "{report}"
    );
    // A document the launcher cannot rebuild (a container, set past the constructor, that
    // fits no alternative) fails.
    edit(
        &out,
        DOCKER,
        "(aurora.Service {",
        "((j: j // { container = { image = \"x\"; volumes = [ ]; }; }) (aurora.Service {",
    );
    edit(
        &out,
        DOCKER,
        "      })\n      (aurora.Service {",
        "      }))\n      (aurora.Service {",
    );
    let (code, report) = verify_with_python(&out, &[DOCKER], None);
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains("the launcher refuses what Nix printed")
            && report.contains("the value fits none of Container, Docker and Mesos"),
        "{report}"
    );
    // A hand-edited launcher is never run (it is the repository's code).
    let launcher = out.join("aurora2nix-launch.aurora");
    let witness = std::path::absolute(out.join("ran")).unwrap();
    let text = std::fs::read_to_string(&launcher).unwrap();
    let evil = format!(
        "{text}\nopen({:?}, 'w').write('x')\n",
        witness.display().to_string()
    );
    std::fs::write(&launcher, evil).unwrap();
    let (code, report) = verify_with_python(&out, &[TUTORIAL], None);
    assert_eq!(code, 0, "{report}");
    assert!(
        report.contains("is not the launcher `aurora2nix convert` writes"),
        "{report}"
    );
    assert!(!witness.exists(), "verify ran a hand-edited launcher");
}

/// Verify streams: configs are converted on all cores, their files go to Nix in batches of 64 as
/// they are ready, and verdicts come out as Nix finishes. Over several batches, with a config that
/// does not evaluate, a missing file, a hand edit and a library in different batches, every line
/// is still in input order and says what it said when verify waited for every file first.
#[test]
fn verdicts_over_many_batches_stay_in_input_order() {
    let dir = fresh("batches");
    let repo = dir.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    let config = |i: usize| {
        format!(
            "jobs = [Service(cluster = 'c', role = 'r', environment = 'prod', name = 'j{i:03}',\n  \
             task = Task(name = 't', processes = [Process(name = 'p', cmdline = 'echo {i}')],\n  \
             resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n"
        )
    };
    let n = 200;
    for i in 0..n {
        let text = match i {
            // Does not evaluate (batch 1).
            10 => "jobs = [\n".to_string(),
            // A library: no jobs of its own, included by the next config (batch 2).
            90 => "def cmd(i):\n  return 'echo %d' % i\n".to_string(),
            91 => format!(
                "include('c090.aurora')\n{}",
                config(i).replace("'echo 91'", "cmd(91)")
            ),
            _ => config(i),
        };
        std::fs::write(repo.join(format!("c{i:03}.aurora")), text).unwrap();
    }
    let out = dir.join("nix");
    let (o, r) = (rel(&out), rel(&repo));
    let converted = aurora2nix(&["convert", &r, "--out", &o]);
    assert_eq!(converted.status.code(), Some(1), "c010 fails to convert");
    // A missing file (batch 2) and a hand edit (batch 3, in the middle of it).
    // Outputs mirror the inputs' paths relative to the working directory (no project file).
    let nix_dir = out.join(&r);
    std::fs::remove_file(nix_dir.join("c070.nix")).unwrap();
    let edited = nix_dir.join("c150.nix");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, text.replacen("\"echo 150\"", "\"echo 151\"", 1)).unwrap();
    let run = aurora2nix(&["verify", &r, "--out", &o]);
    let report = String::from_utf8_lossy(&run.stdout).into_owned();
    let errors = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(1), "{report}{errors}");
    let mut expected = Vec::new();
    for i in (0..n).filter(|&i| i != 90) {
        let aurora = format!("{r}/c{i:03}.aurora");
        expected.push(match i {
            10 => format!("error  {aurora}: the .aurora does not evaluate"),
            70 => format!("error  {aurora}: {o}/{r}/c070.nix is missing"),
            150 => format!("DIFF   {aurora} c/r/prod/j150 [E0020]"),
            _ => format!("ok     {aurora} c/r/prod/j{i:03}"),
        });
        if i == 150 {
            expected.push(
                "         task.processes[p].cmdline: expected \"echo 150\", Nix gives \"echo 151\""
                    .to_string(),
            );
            expected.push(format!(
                "stale  {o}/{r}/c150.nix: differs from what `aurora2nix convert` writes now"
            ));
        }
    }
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), expected.len() + 1, "{report}");
    for (line, want) in lines.iter().zip(&expected) {
        assert!(
            line.starts_with(want.as_str()),
            "{line:?} is not {want:?}:\n{report}"
        );
    }
    assert_eq!(
        lines.last(),
        Some(&"196 equivalent, 1 different, 2 not verifiable"),
        "{report}"
    );
    assert!(
        errors.contains(&format!(
            "1 included by other configs, verified through them: {r}/c090.aurora"
        )),
        "{errors}"
    );
}
