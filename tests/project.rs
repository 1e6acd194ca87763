//! The project file: found from the working directory upward, read by every command, overridden
//! by flags; bindings in their documented order; one mapping from a config to its output
//! whatever argument names it; errors at their line in the file.

mod common;

use common::{cli, project, rel, scratch};
use std::path::Path;
use std::process::Command;

const WEB: &str = "include('../common/base.aurora')\n\
    jobs = [Job(cluster = 'c', role = 'r', environment = '{{env}}', name = 'web',\n\
    task = Task(processes = [Process(name = 'p', cmdline = 'echo {{a}} {{b}} {{c}} {{d}} %s' % user)],\n\
    resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n";

/// A repository: `services/web.aurora` (which includes `common/base.aurora`) and a broken
/// `services/attic/old.aurora`, with `settings` as its project file.
fn repo(tag: &str, settings: &str) -> (std::path::PathBuf, String) {
    let dir = scratch(tag);
    std::fs::create_dir_all(dir.join("services/attic")).unwrap();
    std::fs::create_dir_all(dir.join("common")).unwrap();
    std::fs::write(
        dir.join("common/base.aurora"),
        "import os\nuser = os.environ['USER']\n",
    )
    .unwrap();
    std::fs::write(dir.join("services/web.aurora"), WEB).unwrap();
    std::fs::write(
        dir.join("services/attic/old.aurora"),
        "this is not python\n",
    )
    .unwrap();
    let cfg = project(&dir, settings);
    (dir, cfg)
}

fn cmdline(stdout: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(stdout).expect("one JSON document");
    v["jobs"][0]["task"]["processes"][0]["cmdline"]
        .as_str()
        .unwrap()
        .to_string()
}

const SETTINGS: &str = r#"
inputs = ["services"]
exclude = ["services/attic/**"]
out = "nix"

[env]
USER = "deploy"

[bind]
a = "global"
b = "global"
c = "global"
d = 1
env = "prod"

[[bind-for]]
configs = "services/*.aurora"
bind = { b = "config", c = "config" }

[[bind-for]]
jobs = "c/r/prod/*"
bind = { c = "job" }
"#;

/// The whole project (attic excluded), a fixed environment and every name of `WEB` bound.
const PLAIN: &str = "exclude = [\"services/attic/**\"]\nout = \"nix\"\n\
    [env]\nUSER = \"deploy\"\n[bind]\na = 1\nb = 2\nc = 3\nd = 4\nenv = \"prod\"\n";

#[test]
fn settings_reach_every_command_and_bindings_apply_in_order() {
    let (dir, cfg) = repo("project-order", SETTINGS);
    let web = rel(&dir.join("services/web.aurora"));
    // [bind] < [[bind-for]] configs < [[bind-for]] jobs < --bind; [env] replaces the process's.
    let r = cli(&["eval", &web, "--config", &cfg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(cmdline(&r.stdout), "echo global config job 1 deploy");
    let r = cli(&[
        "eval", &web, "--config", &cfg, "--bind", "c=cli", "--bind", "a=cli",
    ]);
    assert_eq!(cmdline(&r.stdout), "echo cli config cli 1 deploy");
    // A job the per-job pattern does not match keeps the earlier bindings.
    let r = cli(&["eval", &web, "--config", &cfg, "--bind", "env=devel"]);
    assert_eq!(cmdline(&r.stdout), "echo global config config 1 deploy");
    // `--env` replaces [env].
    let r = cli(&["eval", &web, "--config", &cfg, "--env", "USER=alice"]);
    assert_eq!(cmdline(&r.stdout), "echo global config job 1 alice");
    // No paths: the project's inputs, minus its excludes (the attic's broken file is skipped).
    let r = cli(&["convert", "--config", &cfg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dir.join("nix/services/web.nix").is_file());
    let r = cli(&["convert", "--config", &cfg, "--check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = cli(&["verify", "--config", &cfg]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // A per-file command finds the bulk run's output, however the file is named.
    let dotted = rel(&dir.join("services/../services/web.aurora"));
    for name in [&web, &dotted] {
        let r = cli(&["verify", name, "--config", &cfg]);
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        let r = cli(&["diff", name, "--config", &cfg]);
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    }
    // A flag overrides the file: another output tree.
    let r = cli(&[
        "convert",
        "--config",
        &cfg,
        "--out",
        &rel(&dir.join("elsewhere")),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dir.join("elsewhere/services/web.nix").is_file());
    // Named on its own, an excluded file is still evaluated.
    let attic = rel(&dir.join("services/attic/old.aurora"));
    let r = cli(&["eval", &attic, "--config", &cfg]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn the_project_file_is_found_from_the_working_directory_upward() {
    let (dir, _) = repo("project-found", SETTINGS);
    let services = dir.join("services");
    let run = |cwd: &Path, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_aurora2nix"))
            .args(args)
            .current_dir(cwd)
            .env_clear()
            .output()
            .unwrap()
    };
    // From a subfolder: the project root is the file's folder, the evaluation root too (the
    // include of ../common works), and outputs mirror the project.
    let o = run(&services, &["convert"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.join("nix/services/web.nix").is_file());
    let o = run(&services, &["eval", "web.aurora"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        cmdline(&String::from_utf8_lossy(&o.stdout)),
        "echo global config job 1 deploy"
    );
    // With no project file and no paths: one line saying what to do.
    let bare = scratch("project-none");
    std::fs::create_dir_all(&bare).unwrap();
    let o = run(&std::env::temp_dir(), &["convert"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("no configs named"), "{err}");
}

#[test]
fn a_bad_project_file_is_an_error_at_its_line() {
    let dir = scratch("project-bad");
    for (settings, wanted, line) in [
        ("out = \"nix\"\nouts = 1\n", "unknown field `outs`", 2),
        ("exclude = [\"a/[b\"]\n", "bad pattern", 1),
        (
            "[bind]\n\"x..y\" = 1\n",
            "Could not parse binding parameter",
            2,
        ),
        (
            "[[bind-for]]\nbind = { a = 1 }\n",
            "exactly one of `configs`",
            0,
        ),
        ("out = \n", "", 1),
    ] {
        let cfg = project(&dir, settings);
        let r = cli(&[
            "eval",
            "corpus/02-inspect-job/input.aurora",
            "--config",
            &cfg,
        ]);
        assert_eq!(r.code, 2, "{settings}: {}", r.stderr);
        assert!(
            r.stderr.contains("error[E0012]") && r.stderr.contains(wanted),
            "{settings}: {}",
            r.stderr
        );
        if line > 0 {
            assert!(
                r.stderr.contains(&format!("aurora2nix.toml:{line}:")),
                "{settings}: {}",
                r.stderr
            );
        }
    }
}

#[test]
fn included_helpers_are_libraries_not_failures() {
    let (dir, cfg) = repo("project-libraries", PLAIN);
    // The whole project: common/base.aurora defines no job and services/web.aurora includes it.
    let r = cli(&["convert", "--config", &cfg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("0 failed, 1 included by other configs"),
        "{}",
        r.stderr
    );
    assert!(!dir.join("nix/common/base.nix").exists());
    let r = cli(&["convert", "--config", &cfg, "--check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = cli(&["verify", "--config", &cfg]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("1 included by other configs, verified through them")
            && r.stderr.contains("common/base.aurora"),
        "{}",
        r.stderr
    );
    let r = cli(&["verify", "--config", &cfg, "--format", "junit"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(!r.stdout.contains("base.aurora"), "{}", r.stdout);
    let r = cli(&["report", "--config", &cfg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("| configs included by other configs | 1 |")
            && r.stdout.contains("included by `"),
        "{}",
        r.stdout
    );
    let r = cli(&["eval", "--config", &cfg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"included_by\""), "{}", r.stdout);
    // A jobless file that nothing includes is still Aurora's error, and fails the run.
    std::fs::write(dir.join("common/orphan.aurora"), "x = 1\n").unwrap();
    let r = cli(&["convert", "--config", &cfg]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("failed: common/orphan.aurora")
            && r.stderr.contains("No job defined in this config!"),
        "{}",
        r.stderr
    );
    let r = cli(&["report", "--config", &cfg]);
    assert_eq!(r.code, 1, "a failed config fails the report");
}

/// The README's first command runs on this repository; it must stay converted, clean and
/// equivalent (helpers, the checksum trick, curl + sha256, hdfs through the lock, cron, a loop
/// over environments, a template bound by the project file).
#[test]
fn the_shipped_demo_is_converted_clean_and_equivalent() {
    let cfg = "examples/demo/aurora2nix.toml";
    let r = cli(&["convert", "--config", cfg, "--check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The nightly report is a cron job: the one warning says `aurora job create` refuses it.
    assert_eq!(
        r.stderr,
        "warning[W0008]: `aurora job create` will refuse this job: Cron jobs may only be \
         scheduled with \"aurora cron schedule\" command (batch/nightly_report.aurora)\n\
         5 up to date, 0 missing or stale, 0 failed, 2 included by other configs\n"
    );
    let r = cli(&["verify", "--config", cfg]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .ends_with("8 equivalent, 0 different, 0 not verifiable\n"),
        "{}",
        r.stdout
    );
    let r = cli(&["lock", "--config", cfg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn renamed_sources_leave_orphans_that_check_verify_and_prune_see() {
    let (dir, cfg) = repo("project-orphans", PLAIN);
    let r = cli(&["convert", "--config", &cfg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::rename(
        dir.join("services/web.aurora"),
        dir.join("services/www.aurora"),
    )
    .unwrap();
    // A hand-written file in the tree is never an orphan.
    std::fs::write(dir.join("nix/custom.nix"), "{ }\n").unwrap();
    let r = cli(&["convert", "--config", &cfg, "--check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("orphan: ")
            && r.stderr
                .contains("services/web.nix (its source services/web.aurora is gone)"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("custom.nix"), "{}", r.stderr);
    let r = cli(&["verify", "--config", &cfg]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("is an orphan"), "{}", r.stdout);
    // Plain convert reports it and writes the new output; --prune deletes it.
    let r = cli(&["convert", "--config", &cfg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("delete them with `aurora2nix convert --prune`"),
        "{}",
        r.stderr
    );
    let r = cli(&["convert", "--config", &cfg, "--prune"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("pruned: "), "{}", r.stderr);
    assert!(!dir.join("nix/services/web.nix").exists());
    assert!(dir.join("nix/services/www.nix").is_file());
    assert!(dir.join("nix/custom.nix").is_file());
    let r = cli(&["convert", "--config", &cfg, "--check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// SIGINT stops a bulk run cleanly: exit 130, a line saying so, no temporary file; and the
/// temporaries a killed run left are removed by the next run.
#[test]
#[cfg(target_os = "linux")]
fn interrupts_stop_cleanly_and_killed_runs_are_swept() {
    let dir = scratch("project-interrupt");
    std::fs::create_dir_all(dir.join("jobs")).unwrap();
    for i in 0..400 {
        std::fs::write(
            dir.join(format!("jobs/j{i:03}.aurora")),
            format!(
                "n = 0\nfor k in range(300000):\n  n += k\n\
                 jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'j{i}',\n\
                 task = Task(processes = [Process(name = 'p', cmdline = 'echo %d' % n)],\n\
                 resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n"
            ),
        )
        .unwrap();
    }
    let cfg = project(&dir, "out = \"nix\"\n");
    let child = Command::new(env!("CARGO_BIN_EXE_aurora2nix"))
        .args(["convert", "--config", &cfg])
        .current_dir(common::root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (err, took) = interrupt(child, 700);
    assert!(err.contains("interrupted"), "{err}");
    assert!(took.as_secs() < 10, "it stops promptly");
    let mut temporaries = Vec::new();
    let mut done = 0;
    for e in std::fs::read_dir(dir.join("nix/jobs"))
        .into_iter()
        .flatten()
    {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if name.contains(".tmp-") {
            temporaries.push(name);
        } else {
            done += 1;
        }
    }
    assert!(temporaries.is_empty(), "{temporaries:?}");
    assert!(done < 400, "the run stopped early ({done} written)");
    // A temporary of a process that is gone (a SIGKILLed run) is removed by the next run.
    let stale = dir.join("nix/jobs/.j000.nix.tmp-4000000-0");
    // (On a loaded machine the interrupted run may have written nothing yet.)
    std::fs::create_dir_all(dir.join("nix/jobs")).unwrap();
    std::fs::write(&stale, "partial").unwrap();
    let r = cli(&[
        "convert",
        &rel(&dir.join("jobs/j000.aurora")),
        "--config",
        &cfg,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("removed 1 temporary file(s)"),
        "{}",
        r.stderr
    );
    assert!(!stale.exists());
}

/// A run still busy when interrupted (here a `--before-cmd` that takes 30 s) stops at once after
/// the grace period, writing its last word: no lock on standard error held by the run may
/// keep the handler from saying it.
#[test]
#[cfg(target_os = "linux")]
fn a_busy_run_stops_after_the_grace_period() {
    let dir = scratch("project-grace");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("j.aurora"),
        "jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'j',\n\
         task = Task(processes = [Process(name = 'p', cmdline = 'echo')],\n\
         resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n",
    )
    .unwrap();
    let r = cli(&[
        "convert",
        &rel(&dir.join("j.aurora")),
        "--out",
        &rel(&dir.join("nix")),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let child = Command::new(env!("CARGO_BIN_EXE_aurora2nix"))
        .args(["verify", "j.aurora", "--out", "nix"])
        .args(["--before-cmd", "sleep 30; cat {file}"])
        .current_dir(&dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (err, took) = interrupt(child, 500);
    assert!(err.contains("aurora2nix: interrupted"), "{err}");
    // The grace period is 3 s; the command would have taken 30.
    assert!(took.as_secs() < 20, "it stops after the grace period");
}

/// Sends SIGINT to `child` after `after_ms`, waits for it, checks it exited 130, and returns its
/// standard error and how long it took to stop.
#[cfg(target_os = "linux")]
fn interrupt(child: std::process::Child, after_ms: u64) -> (String, std::time::Duration) {
    std::thread::sleep(std::time::Duration::from_millis(after_ms));
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = std::time::Instant::now();
    let o = child.wait_with_output().unwrap();
    let took = started.elapsed();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(130), "{err}");
    (err, took)
}

/// `diff` reads the file the bulk run wrote: a missing one is an error (never "no change"), a
/// hand edit is shown, and `--exit-code` makes a difference exit 1, as `git diff` does.
#[test]
fn diff_sees_missing_and_edited_outputs() {
    let (dir, cfg) = repo("project-diff", PLAIN);
    let web = rel(&dir.join("services/web.aurora"));
    let r = cli(&["diff", &web, "--config", &cfg]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("is missing")
            && r.stderr.contains("[E0021]")
            && !r.stdout.contains("(no change)"),
        "{}",
        r.stdout
    );
    let r = cli(&["convert", "--config", &cfg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = cli(&["diff", &web, "--config", &cfg, "--exit-code"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("(no change)"), "{}", r.stdout);
    let nix = dir.join("nix/services/web.nix");
    let text = std::fs::read_to_string(&nix).unwrap();
    std::fs::write(
        &nix,
        text.replace("echo 1 2 3 4 deploy", "echo 1 2 3 4 mallory"),
    )
    .unwrap();
    let r = cli(&["diff", &web, "--config", &cfg]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("mallory"), "{}", r.stdout);
    let r = cli(&["diff", &web, "--config", &cfg, "--exit-code"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
}

/// The usual conventions: each distinct warning once with the files it covers, `-q`, `-v`,
/// `-j`, `-o`, `--color`, the exact command to regenerate, examples and exit codes in `--help`.
#[test]
fn the_command_line_follows_the_usual_conventions() {
    let dir = scratch("project-cli");
    std::fs::create_dir_all(dir.join("jobs")).unwrap();
    for i in 0..5 {
        std::fs::write(
            dir.join(format!("jobs/j{i}.aurora")),
            format!(
                "import os\nuser = os.environ.get('USER', 'nobody')\n\
                 jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'j{i}',\n\
                 task = Task(processes = [Process(name = 'p', cmdline = 'echo ' + user)],\n\
                 resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n"
            ),
        )
        .unwrap();
    }
    let cfg = project(&dir, "");
    let out = rel(&dir.join("nix"));
    let r = cli(&["convert", "--config", &cfg, "-o", &out, "-j", "1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "warning[W0001]: the result depends on environment variable USER (unset) (5 files: jobs/j0.aurora, jobs/j1.aurora, jobs/j2.aurora and 2 more)\n\
         0 converted, 5 converted with warnings, 0 failed\n"
    );
    let r = cli(&["convert", "--config", &cfg, "-o", &out, "-q"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let r = cli(&["convert", "--config", &cfg, "-o", &out, "-v"]);
    assert_eq!(
        r.stderr.matches("converted with warnings: jobs/").count(),
        5,
        "{}",
        r.stderr
    );
    // --check names the exact command that regenerates.
    std::fs::write(dir.join("nix/jobs/j0.nix"), "# @generated by aurora2nix from jobs/j0.aurora; do not edit (regenerate with `aurora2nix convert`)\n{}\n").unwrap();
    let r = cli(&["convert", "--config", &cfg, "--check", "-o", &out]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "regenerate with: aurora2nix convert --config {cfg} -o {out}\n"
        )),
        "{}",
        r.stderr
    );
    let r = cli(&["convert", "--config", &cfg, "-o", &out, "-q"]);
    assert_eq!(r.code, 0);
    // Quiet verify: nothing when all is equivalent.
    let r = cli(&["verify", "--config", &cfg, "-o", &out, "-q"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    // Colour on request, never by default off a terminal.
    let j0 = rel(&dir.join("jobs/j0.aurora"));
    let plain = cli(&["diff", &j0, "--config", &cfg, "-o", &out]);
    let coloured = cli(&[
        "diff", &j0, "--config", &cfg, "-o", &out, "--color", "always",
    ]);
    assert!(!plain.stdout.contains('\u{1b}') && coloured.stdout.contains("\u{1b}["));
    // An output tree that cannot be written: one diagnostic, exit 2 (not one error per file).
    std::fs::write(dir.join("a-file"), "").unwrap();
    let blocked = rel(&dir.join("a-file/nix"));
    let r = cli(&["convert", "--config", &cfg, "-o", &blocked]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr.matches("error[").count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("cannot write to the output tree"),
        "{}",
        r.stderr
    );
    for command in ["eval", "convert", "verify", "diff", "report", "lock"] {
        let r = cli(&[command, "--help"]);
        assert_eq!(r.code, 0);
        assert!(
            r.stdout.contains("Examples:") && r.stdout.contains("Exit codes:"),
            "{command}: {}",
            r.stdout
        );
    }
}

/// `init` proposes a project file from a scan: inputs, the variables the configs read, and a
/// `[[bind-for]]` for each template; it never replaces a file without `--force`.
#[test]
fn init_writes_a_project_file_from_a_scan() {
    let dir = scratch("project-init");
    std::fs::create_dir_all(dir.join("services")).unwrap();
    std::fs::create_dir_all(dir.join("heron")).unwrap();
    std::fs::write(
        dir.join("services/web.aurora"),
        "import os\nteam = os.environ.get('TEAM', 'x')\n\
         jobs = [Job(cluster = 'c', role = team, environment = 'prod', name = 'web',\n\
         task = Task(processes = [Process(name = 'p', cmdline = 'echo')], resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("heron/topology.aurora"),
        "jobs = [Job(cluster = '{{CLUSTER}}', role = '{{ROLE}}', environment = 'prod', name = 't',\n\
         task = Task(processes = [Process(name = 'p', cmdline = 'run {{TOPOLOGY_NAME}} {{thermos.ports[http]}}')], resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n",
    )
    .unwrap();
    let d = rel(&dir);
    let r = cli(&["init", &d]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(dir.join("aurora2nix.toml")).unwrap();
    assert!(
        text.contains("inputs = [\"heron\", \"services\"]"),
        "{text}"
    );
    assert!(text.contains("# TEAM = \"\""), "{text}");
    assert!(
        text.contains("# configs = \"heron/topology.aurora\"")
            && text.contains("# bind = { CLUSTER = \"\", ROLE = \"\", TOPOLOGY_NAME = \"\" }"),
        "{text}"
    );
    // It is a valid project file: uncommented, the bindings reach the template.
    let filled = text
        .replace("# [[bind-for]]", "[[bind-for]]")
        .replace("# configs =", "configs =")
        .replace(
            "# bind = { CLUSTER = \"\", ROLE = \"\", TOPOLOGY_NAME = \"\" }",
            "bind = { CLUSTER = \"east\", ROLE = \"streaming\", TOPOLOGY_NAME = \"wc\" }",
        );
    std::fs::write(dir.join("aurora2nix.toml"), filled).unwrap();
    let cfg = rel(&dir.join("aurora2nix.toml"));
    let r = cli(&[
        "eval",
        &rel(&dir.join("heron/topology.aurora")),
        "--config",
        &cfg,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("\"cluster\": \"east\"") && r.stdout.contains("run wc"),
        "{}",
        r.stdout
    );
    // Or, uncommented, the `[param]` proposal keeps them open as the Nix file's arguments.
    let (head, params) = text.split_once("# [param]").expect("a [param] proposal");
    let params = params
        .replace("# CLUSTER = \"\"", "CLUSTER = \"east\"")
        .replace("# ROLE = \"\"", "ROLE = \"streaming\"")
        .replace(
            "# TOPOLOGY_NAME = \"\"",
            "TOPOLOGY_NAME = [\"wc\", \"exclaim\"]",
        );
    let convert_with = |project: String| {
        std::fs::write(dir.join("aurora2nix.toml"), project).unwrap();
        let r = cli(&[
            "convert",
            &rel(&dir.join("heron/topology.aurora")),
            "--config",
            &cfg,
            "--stdout",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r
    };
    let r = convert_with(format!("{head}[param]{params}"));
    for arg in ["CLUSTER", "ROLE", "TOPOLOGY_NAME"] {
        let formal = format!("{arg} ? aurora.missingParam \"{arg}\"");
        assert!(r.stdout.contains(&formal), "{}", r.stdout);
    }
    assert!(
        r.stdout
            .contains("cmdline = \"run ${TOPOLOGY_NAME} {{thermos.ports[http]}}\";"),
        "{}",
        r.stdout
    );
    // With `param-defaults`, the first samples are the arguments' defaults.
    let r = convert_with(format!("param-defaults = true\n{head}[param]{params}"));
    assert!(
        r.stdout.contains("CLUSTER ? \"east\",") && r.stdout.contains("TOPOLOGY_NAME ? \"wc\","),
        "{}",
        r.stdout
    );
    let r = cli(&["init", &d]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    let r = cli(&["init", &d, "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// The words of a POSIX shell command line (plain words, single quotes and `\'`, as
/// aurora2nix quotes them).
fn shell_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if !quoted => cur.extend(chars.next()),
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            c => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// A generated file's header names the exact command that writes it again.
#[test]
fn headers_say_exactly_how_to_regenerate() {
    let header_command = |file: &Path| {
        let text = std::fs::read_to_string(file).unwrap();
        let first = text.lines().next().unwrap().to_string();
        let start = first.find("(regenerate with `").unwrap() + "(regenerate with `".len();
        let end = first.rfind("`)").unwrap();
        (text, first[start..end].to_string())
    };
    // Without a project file: the config and every option that shapes the output.
    let dir = scratch("project-header");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        "corpus/35-template-cli-bind/input.aurora",
        dir.join("it's.aurora"),
    )
    .unwrap();
    let src = rel(&dir.join("it's.aurora"));
    let out = rel(&dir.join("nix"));
    let args = [
        "convert",
        &src,
        "-o",
        &out,
        "--bind",
        "profile.instances=3",
        "--bind",
        "stop_file=/tmp/a b",
        "--bind",
        "mode=fast",
        "--bind",
        "thermos.ports[http]=1",
        "-q",
    ];
    let r = cli(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let file = dir.join("nix").join(Path::new(&src).with_extension("nix"));
    let (text, command) = header_command(&file);
    assert!(
        command.contains("'stop_file=/tmp/a b'") && !command.contains("-q"),
        "{command}"
    );
    std::fs::remove_file(&file).unwrap();
    let words = shell_words(&command);
    assert_eq!(words[0], "aurora2nix");
    let words: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    let r = cli(&words);
    assert_eq!(r.code, 0, "{command}: {}", r.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text, "{command}");
    // With a project file: `aurora2nix convert` in the project.
    let (repo_dir, cfg) = repo("project-header-repo", PLAIN);
    let r = cli(&["convert", "--config", &cfg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let web = repo_dir.join("nix/services/web.nix");
    let (text, command) = header_command(&web);
    assert_eq!(command, "aurora2nix convert");
    std::fs::remove_file(&web).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_aurora2nix"))
        .arg("convert")
        .current_dir(repo_dir.join("services"))
        .env_clear()
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_to_string(&web).unwrap(), text);
}

#[test]
fn the_tier_file_is_relative_to_the_project_file_and_only_eval_applies_it() {
    let settings = format!("tiers = \"cluster/tiers.json\"\n{PLAIN}");
    let (dir, cfg) = repo("project-tiers", &settings);
    std::fs::create_dir_all(dir.join("cluster")).unwrap();
    std::fs::write(
        dir.join("cluster/tiers.json"),
        r#"{"default": "preemptible", "tiers": {
            "preferred": {"preemptible": false, "revocable": false},
            "preemptible": {"preemptible": true, "revocable": false}}}"#,
    )
    .unwrap();
    let other = dir.join("other.json");
    std::fs::write(
        &other,
        r#"{"default": "spot", "tiers": {"spot": {"preemptible": true, "revocable": true}}}"#,
    )
    .unwrap();
    let web = rel(&dir.join("services/web.aurora"));
    let tier = |args: &[&str]| {
        let r = cli(args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        v["jobs"][0]["tier"].clone()
    };
    assert_eq!(tier(&["eval", &web, "--config", &cfg]), "preemptible");
    // The flag overrides the file's setting (relative to the working directory).
    let o = rel(&other);
    assert_eq!(
        tier(&["eval", &web, "--config", &cfg, "--tiers", &o]),
        "spot"
    );
    // Generated Nix holds the job as configured; verify compares it so.
    let r = cli(&["convert", "--config", &cfg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let nix = std::fs::read_to_string(dir.join("nix/services/web.nix")).unwrap();
    assert!(!nix.contains("tier"), "{nix}");
    let r = cli(&["verify", "--config", &cfg]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // A bad tier file stops every command with exit 2, at its line and column.
    std::fs::write(
        dir.join("cluster/tiers.json"),
        "{\"default\": \"preferred\",\n \"tiers\": {\"preferred\": {\"preemptible\": false}}}\n",
    )
    .unwrap();
    for command in ["eval", "convert", "verify"] {
        let r = cli(&[command, "--config", &cfg]);
        assert_eq!(r.code, 2, "{command}: {}", r.stderr);
        assert!(
            r.stderr.starts_with(
                "error[E0012]: tier \"preferred\" has no \"revocable\" setting (Aurora's client would fail with KeyError: 'revocable')"
            ),
            "{command}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains("cluster/tiers.json:2:"),
            "{command}: {}",
            r.stderr
        );
    }
    std::fs::remove_file(dir.join("cluster/tiers.json")).unwrap();
    let r = cli(&["eval", "--config", &cfg]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("error[E0011]: cannot read tier file"),
        "{}",
        r.stderr
    );
}
