//! Docker image pins end to end: `aurora2nix lock` asks a registry (a registry-shaped HTTP
//! server on 127.0.0.1, written here: the `/v2/` version check, Bearer challenges with a token
//! endpoint, manifest HEADs answering `Docker-Content-Digest`, a 404, a private repository, a
//! Basic challenge) and writes the pins to `aurora2nix.lock`; `eval` binds them; an unpinned
//! image is a `W0012` warning and no unbound variable, but only `docker.image[NAME][TAG]`
//! exactly; failures leave the lock file valid and without their entries.

mod common;

use common::{cli, project, scratch};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

const DIGEST: &str = "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";
const TOKEN: &str = "token-for-tests";

/// A request the registry saw: method, target, and the headers that matter here.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    target: String,
    accept: Option<String>,
    authorization: Option<String>,
}

/// Starts the registry; returns its URL and what it saw.
fn registry() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (log, base) = (seen.clone(), url.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = serve(stream, &base, &log);
        }
    });
    (url, seen)
}

fn serve(stream: TcpStream, base: &str, log: &Mutex<Vec<Seen>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (
        parts.next().unwrap_or("").to_string(),
        parts.next().unwrap_or("").to_string(),
    );
    let (mut accept, mut authorization) = (None, None);
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            match k.trim().to_ascii_lowercase().as_str() {
                "accept" => accept = Some(v.trim().to_string()),
                "authorization" => authorization = Some(v.trim().to_string()),
                _ => {}
            }
        }
    }
    let seen = Seen {
        method,
        target,
        accept,
        authorization,
    };
    log.lock().unwrap().push(seen.clone());
    let authorized = seen.authorization.as_deref() == Some(&format!("Bearer {TOKEN}"));
    let challenge = |scope: &str| {
        let scope = if scope.is_empty() {
            String::new()
        } else {
            format!(",scope=\"{scope}\"")
        };
        format!(
            "Www-Authenticate: Bearer realm=\"{base}/token\",service=\"test-registry\"{scope}\r\n"
        )
    };
    let v2_manifest =
        seen.accept.as_deref() == Some("application/vnd.docker.distribution.manifest.v2+json");
    let (status, headers, body) = match (seen.method.as_str(), seen.target.as_str()) {
        ("HEAD", "/v2/") if authorized => ("200 OK", String::new(), String::new()),
        ("HEAD", "/v2/") => ("401 Unauthorized", challenge(""), String::new()),
        ("GET", t) if t.starts_with("/token?") && t.contains("service=test-registry") => (
            "200 OK",
            "Content-Type: application/json\r\n".into(),
            format!("{{\"token\": \"{TOKEN}\"}}"),
        ),
        ("HEAD", "/v2/acme/web/manifests/2.0") if authorized && v2_manifest => (
            "200 OK",
            format!("Docker-Content-Digest: {DIGEST}\r\n"),
            String::new(),
        ),
        ("HEAD", "/v2/acme/web/manifests/2.0") if !authorized => (
            "401 Unauthorized",
            challenge("repository:acme/web:pull"),
            String::new(),
        ),
        ("HEAD", "/v2/acme/private/manifests/1.0") => (
            "401 Unauthorized",
            challenge("repository:acme/private:pull"),
            String::new(),
        ),
        ("HEAD", "/v2/acme/basic/manifests/1.0") => (
            "401 Unauthorized",
            "Www-Authenticate: Basic realm=\"registry\"\r\n".into(),
            String::new(),
        ),
        _ => ("404 Not Found", String::new(), String::new()),
    };
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if seen.method != "HEAD" {
        out.write_all(body.as_bytes())?;
    }
    out.flush()
}

/// A job whose container image is `{{address}}`.
fn config(address: &str) -> String {
    format!(
        "jobs = [Service(cluster = 'west', role = 'www', environment = 'prod', name = 'web',\n\
         task = Task(processes = [Process(name = 'p', cmdline = 'echo hi')],\n\
         resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)),\n\
         container = Docker(image = '{{{{{address}}}}}'))]\n"
    )
}

fn image_of(stdout: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(stdout).expect("one JSON document");
    v["jobs"][0]["container"]["docker"]["image"]
        .as_str()
        .or(v["jobs"][0]["container"]["image"].as_str())
        .unwrap_or_else(|| panic!("no image in {v}"))
        .to_string()
}

#[test]
fn lock_pins_images_from_the_registry_and_eval_binds_them() {
    let (url, seen) = registry();
    let dir = scratch("docker-lock");
    let cfg = project(
        &dir,
        &format!("inputs = [\"jobs\"]\ndocker-registry = \"{url}/\"\n"),
    );
    std::fs::create_dir_all(dir.join("jobs")).unwrap();
    std::fs::write(
        dir.join("jobs/web.aurora"),
        config("docker.image[acme/web][2.0]"),
    )
    .unwrap();
    let web = dir.join("jobs/web.aurora").display().to_string();

    // Unpinned: the ref is left as written, with the warning, and is no unbound variable.
    let before = cli(&["eval", &web, "--config", &cfg]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    assert_eq!(image_of(&before.stdout), "{{docker.image[acme/web][2.0]}}");
    assert!(
        before.stderr.contains("warning[W0012]")
            && before
                .stderr
                .contains("Aurora's client resolves it when the job is submitted")
            && before
                .stderr
                .contains("`aurora2nix lock` pins acme/web:2.0"),
        "{}",
        before.stderr
    );

    let lock = cli(&["lock", "--config", &cfg]);
    assert_eq!(lock.code, 0, "{}", lock.stderr);
    let host = url.strip_prefix("http://").unwrap();
    let pinned = format!("{host}/acme/web@{DIGEST}");
    assert!(
        lock.stderr
            .contains(&format!("pinned acme/web:2.0: {pinned}")),
        "{}",
        lock.stderr
    );
    assert!(lock.stderr.contains("1 newly pinned"), "{}", lock.stderr);
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("aurora2nix.lock")).unwrap())
            .unwrap();
    assert_eq!(file["docker"]["acme/web:2.0"], pinned.as_str(), "{file}");

    // The protocol: the version check and the manifest, each challenged, then with the token.
    let log = seen.lock().unwrap().clone();
    let heads: Vec<(&str, bool)> = log
        .iter()
        .filter(|s| s.method == "HEAD")
        .map(|s| (s.target.as_str(), s.authorization.is_some()))
        .collect();
    assert_eq!(
        heads,
        vec![
            ("/v2/", false),
            ("/v2/", true),
            ("/v2/acme/web/manifests/2.0", false),
            ("/v2/acme/web/manifests/2.0", true)
        ],
        "{log:#?}"
    );
    assert!(
        log.iter().any(|s| s.method == "GET"
            && s.target.contains("scope=repository%3Aacme%2Fweb%3Apull")),
        "the token request carries the challenge's scope: {log:#?}"
    );

    // Every evaluating command binds the pin: eval prints it, with the registry's netloc.
    let after = cli(&["eval", &web, "--config", &cfg]);
    assert_eq!(after.code, 0, "{}", after.stderr);
    assert_eq!(image_of(&after.stdout), pinned);
    assert!(!after.stderr.contains("W0012"), "{}", after.stderr);

    // A second run asks nothing and changes nothing.
    let n = seen.lock().unwrap().len();
    let again = cli(&["lock", "--config", &cfg]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stderr.contains("1 already pinned"),
        "{}",
        again.stderr
    );
    assert_eq!(seen.lock().unwrap().len(), n);
}

#[test]
fn registry_failures_are_diagnosed_and_leave_the_lock_whole() {
    let (url, _) = registry();
    let dir = scratch("docker-failures");
    let cfg = project(
        &dir,
        &format!("inputs = [\"jobs\"]\ndocker-registry = \"{url}\"\n"),
    );
    std::fs::create_dir_all(dir.join("jobs")).unwrap();
    for (file, image) in [
        ("web", "acme/web][2.0"),
        ("missing", "acme/missing][1.0"),
        ("private", "acme/private][1.0"),
        ("basic", "acme/basic][1.0"),
    ] {
        std::fs::write(
            dir.join(format!("jobs/{file}.aurora")),
            config(&format!("docker.image[{image}]")),
        )
        .unwrap();
    }
    let lock = cli(&["lock", "--config", &cfg]);
    assert_eq!(lock.code, 1, "{}", lock.stderr);
    for expected in [
        "failed: acme/missing:1.0: acme/missing:1.0 is not in",
        "answers 404",
        "failed: acme/private:1.0: Private Docker repository - acme/private:1.0",
        "failed: acme/basic:1.0: the registry asks for Basic authentication, which is not supported",
        "1 newly pinned, 0 already pinned, 3 need attention",
    ] {
        assert!(lock.stderr.contains(expected), "{expected:?} in:\n{}", lock.stderr);
    }
    let path = dir.join("aurora2nix.lock");
    let text = std::fs::read_to_string(&path).unwrap();
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&String> = file["docker"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["acme/web:2.0"], "only what resolved: {text}");

    // An unreachable registry (the flag overrides the project's): a diagnostic, exit 1, and the
    // lock file as it was, byte for byte.
    std::fs::write(
        dir.join("jobs/other.aurora"),
        config("docker.image[acme/other][3]"),
    )
    .unwrap();
    let down = cli(&[
        "lock",
        "--config",
        &cfg,
        "--docker-registry",
        "http://127.0.0.1:9",
    ]);
    assert_eq!(down.code, 1, "{}", down.stderr);
    assert!(
        down.stderr
            .contains("failed: acme/other:3: cannot reach http://127.0.0.1:9/v2/"),
        "{}",
        down.stderr
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");

    // A bad registry URL is a usage error.
    let bad = cli(&[
        "lock",
        "--config",
        &cfg,
        "--docker-registry",
        "registry:5000",
    ]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("error[E0012]"), "{}", bad.stderr);
}

#[test]
fn pins_are_checked_and_unused_ones_pruned() {
    let dir = scratch("docker-pins");
    let cfg = project(&dir, "inputs = [\"jobs\"]\n");
    std::fs::create_dir_all(dir.join("jobs")).unwrap();
    std::fs::write(
        dir.join("jobs/web.aurora"),
        config("docker.image[library/nginx][1.25]"),
    )
    .unwrap();
    let web = dir.join("jobs/web.aurora").display().to_string();
    let path = dir.join("aurora2nix.lock");
    let hex = "0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31";

    // A digest that is not sha256 and 64 hex digits: the lock file is refused.
    std::fs::write(
        &path,
        r#"{"version": 1, "sources": {}, "docker": {"library/nginx:1.25": "library/nginx@sha256:0d17"}}"#,
    )
    .unwrap();
    let bad = cli(&["eval", &web, "--config", &cfg]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(
        bad.stderr.contains("error[E0012]")
            && bad
                .stderr
                .contains("the docker entry \"library/nginx:1.25\"")
            && bad.stderr.contains("sha256:<64 hex digits>"),
        "{}",
        bad.stderr
    );

    // A Docker Hub pin (no netloc), and one no config names.
    std::fs::write(
        &path,
        format!(
            r#"{{"version": 1, "sources": {{}}, "docker": {{"library/nginx:1.25": "library/nginx@sha256:{hex}", "acme/gone:1": "acme/gone@sha256:{hex}"}}}}"#
        ),
    )
    .unwrap();
    let ok = cli(&["eval", &web, "--config", &cfg]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert_eq!(image_of(&ok.stdout), format!("library/nginx@sha256:{hex}"));
    let lock = cli(&["lock", "--config", &cfg]);
    assert_eq!(lock.code, 0, "{}", lock.stderr);
    assert!(
        lock.stderr.contains("unused: docker acme/gone:1"),
        "{}",
        lock.stderr
    );
    let pruned = cli(&["lock", "--config", &cfg, "--prune"]);
    assert_eq!(pruned.code, 0, "{}", pruned.stderr);
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let keys: Vec<&String> = file["docker"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["library/nginx:1.25"]);
}

#[test]
fn only_exact_image_refs_escape_the_unbound_check() {
    let dir = scratch("docker-refs");
    let cfg = project(&dir, "inputs = [\"jobs\"]\n");
    std::fs::create_dir_all(dir.join("jobs")).unwrap();
    for (n, image, unbound) in [
        (
            1,
            "docker.image[acme/web][2.0][x]",
            Some("{{docker.image[acme/web][2.0][x]}}"),
        ),
        (
            2,
            "docker.image[acme/web][2.0].x",
            Some("{{docker.image[acme/web][2.0].x}}"),
        ),
        (
            3,
            "docker.images[acme/web][2.0]",
            Some("{{docker.images[acme/web][2.0]}}"),
        ),
        (4, "docker.image[acme/web][2.0]", None),
    ] {
        let file = dir.join(format!("jobs/j{n}.aurora"));
        std::fs::write(&file, config(image)).unwrap();
        let out = cli(&["eval", &file.display().to_string(), "--config", &cfg]);
        match unbound {
            Some(r) => {
                assert_eq!(out.code, 1, "{image}: {}", out.stderr);
                assert!(
                    out.stderr.starts_with("error[E0042]")
                        && out.stderr.contains(&format!("unbound variables: {r}\n")),
                    "{image}: {}",
                    out.stderr
                );
            }
            None => assert_eq!(out.code, 0, "{image}: {}", out.stderr),
        }
    }
}
