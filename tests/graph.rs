//! `aurora2nix graph`: golden Mermaid and DOT drawings of corpus cases (a case opts in with a
//! `graph.mmd`, drawn after conversion, and a `graph-before.dot`, drawn before it), labels that
//! cannot break out of their format, the SVG well-formed and rendered by headless Chromium to a
//! picture that is not a blank page (skipped, saying so, where Chromium is absent; `.ci/run`
//! installs it), the error paths, and the graphs `report` embeds.

mod common;

use common::{cases, cli, expect_file, rel, scratch, verdict, Case};
use libtest_mimic::{Failed, Trial};
use std::path::Path;

fn main() {
    let mut trials: Vec<Trial> = cases()
        .into_iter()
        .filter(|c| c.file("graph.mmd").is_file() || c.file("graph-before.dot").is_file())
        .map(|case| Trial::test(format!("graph::{}", case.name), move || golden(&case)))
        .collect();
    let tests: &[(&str, fn())] = &[
        (
            "the_golden_cases_cover_every_trait",
            the_golden_cases_cover_every_trait,
        ),
        (
            "labels_cannot_break_out_of_their_format",
            labels_cannot_break_out_of_their_format,
        ),
        (
            "svg_is_well_formed_and_renders_in_chromium",
            svg_is_well_formed_and_renders_in_chromium,
        ),
        (
            "bad_input_fails_cleanly_and_others_are_drawn",
            bad_input_fails_cleanly_and_others_are_drawn,
        ),
        (
            "report_embeds_each_changed_jobs_graphs",
            report_embeds_each_changed_jobs_graphs,
        ),
    ];
    trials.extend(tests.iter().map(|&(name, f)| {
        Trial::test(name, move || {
            std::panic::catch_unwind(f).map_err(panic_message)
        })
    }));
    libtest_mimic::run(&libtest_mimic::Arguments::from_args(), trials).exit();
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> Failed {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
        .into()
}

/// `aurora2nix graph` of a case with its args and `extra`.
fn graph(case: &Case, extra: &[&str]) -> common::Run {
    let input = case.input_arg();
    let mut args = vec!["graph", input.as_str()];
    args.extend(case.args.iter().map(String::as_str));
    args.extend(extra);
    cli(&args)
}

fn golden(case: &Case) -> Result<(), Failed> {
    let mut problems = Vec::new();
    for (file, extra) in [
        ("graph.mmd", &["--format", "mermaid"][..]),
        ("graph-before.dot", &["--before", "--format", "dot"][..]),
    ] {
        if !case.file(file).is_file() {
            continue;
        }
        let r = graph(case, extra);
        if r.code != 0 {
            problems.push(format!(
                "graph {extra:?} failed ({}):\n{}",
                r.code, r.stderr
            ));
            continue;
        }
        problems.extend(expect_file(&case.file(file), &r.stdout));
    }
    verdict(problems)
}

/// Every trait a drawing shows appears in some golden file, so each is checked somewhere.
fn the_golden_cases_cover_every_trait() {
    let mut all = String::new();
    for c in cases() {
        for f in ["graph.mmd", "graph-before.dot"] {
            all.push_str(&std::fs::read_to_string(c.file(f)).unwrap_or_default());
        }
    }
    for needle in [
        "ephemeral",
        "daemon",
        "final",
        "max_failures 3",
        "-.->",
        " --> ",
        "[(",
        "cpu ",
        "GiB",
        "MiB",
        "cluster_1",
    ] {
        assert!(all.contains(needle), "no golden graph shows {needle:?}");
    }
}

/// A config whose process names and job name hold every character that means something in
/// DOT, Mermaid or SVG.
fn hostile_config(dir: &Path) -> String {
    std::fs::create_dir_all(dir).unwrap();
    let file = dir.join("hostile.aurora");
    std::fs::write(
        &file,
        r#"
evil = 'a"b\\c<d>e&f#g[h]i{j}k|l`m end'
p = Process(name = evil, cmdline = 'echo hi')
q = Process(name = 'plain', cmdline = 'echo there')
jobs = [Job(cluster = 'west', role = 'www', environment = 'prod', name = 'x',
            task = Task(name = 't', processes = [p, q], constraints = order(p, q),
                        resources = Resources(cpu = 1.0, ram = 64 * MB, disk = 64 * MB)))]
"#,
    )
    .unwrap();
    rel(&file)
}

fn labels_cannot_break_out_of_their_format() {
    let dir = scratch("graph-hostile");
    let file = hostile_config(&dir);
    let m = cli(&["graph", &file, "--format", "mermaid"]);
    assert_eq!(m.code, 0, "{}", m.stderr);
    // Inside a quoted Mermaid label nothing but entity codes stands for the markup.
    for line in m.stdout.lines().filter(|l| l.contains("j0n0")) {
        let label = line
            .split_once('"')
            .map(|(_, rest)| rest)
            .unwrap_or_default();
        let inner = label
            .rsplit_once('"')
            .map(|(inner, _)| inner)
            .unwrap_or_default();
        for bad in ['"', '<', '>', '[', ']', '{', '}', '|', '`', '\\'] {
            let without_breaks = inner.replace("<br/>", "");
            assert!(!without_breaks.contains(bad), "{bad:?} raw in {line}");
        }
    }
    assert!(
        m.stdout
            .contains("a#34;b#92;c#60;d#62;e#38;f#35;g#91;h#93;i#123;j#125;k#124;l#96;m end"),
        "{}",
        m.stdout
    );
    let d = cli(&["graph", &file, "--format", "dot"]);
    assert_eq!(d.code, 0, "{}", d.stderr);
    assert!(
        d.stdout
            .contains(r#"label="a\"b\\c<d>e&f#g[h]i{j}k|l`m end\nmax_failures 1"]"#),
        "{}",
        d.stdout
    );
    let s = cli(&["graph", &file, "--format", "svg"]);
    assert_eq!(s.code, 0, "{}", s.stderr);
    let doc = roxmltree::Document::parse(&s.stdout).expect("the SVG is well-formed XML");
    let text: String = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(
        text.contains(r#"a"b\c<d>e&f#g[h]i{j}k|l`m end"#),
        "the name is text, not markup"
    );
}

/// The headless Chromium of this machine, if any.
fn chromium() -> Option<String> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(String::from)
}

/// A screenshot of `page` by headless Chromium.
fn screenshot(browser: &str, page: &Path, png: &Path) -> Vec<u8> {
    // `timeout`: a browser that hangs fails the test instead of stalling the suite.
    let o = std::process::Command::new("timeout")
        .args(["120", browser])
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .arg("--window-size=800,600")
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        o.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read(png).expect("chromium wrote the screenshot")
}

fn svg_is_well_formed_and_renders_in_chromium() {
    let dir = scratch("graph-svg").canonicalize().unwrap_or_else(|_| {
        let d = scratch("graph-svg");
        std::fs::create_dir_all(&d).unwrap();
        d.canonicalize().unwrap()
    });
    let case = cases()
        .into_iter()
        .find(|c| c.name == "01-tutorial-hello-world")
        .unwrap();
    let svg = dir.join("hello.svg");
    let r = graph(
        &case,
        &["--format", "svg", "--output", &svg.display().to_string()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.is_empty(),
        "--output writes the file, not standard output"
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("the SVG is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let labels: String = doc.descendants().filter_map(|n| n.text()).collect();
    for name in ["hello_world", "hello_world.py"] {
        assert!(labels.contains(name), "the SVG draws {name}: {labels}");
    }
    let Some(browser) = chromium() else {
        println!("skipped the Chromium rendering: no chromium on PATH (apt-get install chromium)");
        return;
    };
    let blank = dir.join("blank.svg");
    std::fs::write(
        &blank,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"></svg>"#,
    )
    .unwrap();
    let drawn = screenshot(&browser, &svg, &dir.join("hello.png"));
    let empty = screenshot(&browser, &blank, &dir.join("blank.png"));
    assert!(drawn.starts_with(b"\x89PNG"), "a PNG screenshot");
    assert!(
        drawn != empty && drawn.len() > empty.len(),
        "the graph renders to more than a blank page ({} vs {} bytes)",
        drawn.len(),
        empty.len()
    );
}

fn bad_input_fails_cleanly_and_others_are_drawn() {
    let dir = scratch("graph-bad");
    let good = hostile_config(&dir);
    let bad = dir.join("bad.aurora");
    std::fs::write(&bad, "jobs = [undefined_name]\n").unwrap();
    let r = cli(&["graph", &rel(&bad), &good]);
    assert_eq!(r.code, 1, "a config that fails fails the run");
    assert!(
        r.stderr.contains("bad.aurora:1:9"),
        "file:line:column of the error: {}",
        r.stderr
    );
    assert!(
        r.stdout.contains("west/www/prod/x"),
        "the good config is still drawn"
    );
    // Nothing to draw: exit 1, no output file.
    let out = dir.join("none.mmd");
    let r = cli(&["graph", &rel(&bad), "--output", &rel(&out)]);
    assert_eq!(r.code, 1);
    assert!(!out.exists(), "no output file when nothing is drawn");
    // An output that cannot be written is an error, and leaves nothing behind.
    let r = cli(&[
        "graph",
        &good,
        "--output",
        &format!("{}/missing/../x/y", rel(&bad)),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("cannot write"), "{}", r.stderr);
}

/// `report` shows a changed job's graphs before and after, exactly as `graph` draws them, in
/// Mermaid blocks; a job conversion leaves alone is not drawn.
fn report_embeds_each_changed_jobs_graphs() {
    let out = rel(&scratch("graph-report"));
    let changed = cases()
        .into_iter()
        .find(|c| c.name == "01-tutorial-hello-world")
        .unwrap();
    let unchanged = cases()
        .into_iter()
        .find(|c| c.name == "03-process-fields")
        .unwrap();
    let (a, b) = (changed.input_arg(), unchanged.input_arg());
    let r = cli(&["convert", &a, &b, "--out", &out]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = cli(&["report", &a, &b, "--out", &out]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("## Changed jobs, before and after (1)"),
        "{}",
        r.stdout
    );
    let before = graph(&changed, &["--before"]).stdout;
    let after = graph(&changed, &[]).stdout;
    let block = |g: &str| format!("```mermaid\n{g}```");
    assert!(
        r.stdout.contains(&format!("Before:\n\n{}", block(&before))),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!("After:\n\n{}", block(&after))),
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout.matches("```mermaid").count(), 2, "{}", r.stdout);
}
