//! MIGRATION.md's (and the demo README's) examples are produced by the tool, so they cannot drift: every fenced block
//! right after a `<!-- example: NAME -->` line must be exactly what this test computes for
//! NAME, on the shipped demo repository (`examples/demo/`). `UPDATE_EXPECT=1 cargo test --test
//! guide` rewrites the blocks.

mod common;

use common::{root, scratch};
use std::path::Path;
use std::process::Command;

/// Runs the binary in `cwd` (a copy of the demo, so paths print as a user sees them).
fn run(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_aurora2nix"))
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A fresh copy of the demo repository, its generated tree removed.
fn demo(tag: &str) -> std::path::PathBuf {
    let dir = scratch(tag);
    copy_tree(&root().join("examples/demo"), &dir);
    let _ = std::fs::remove_dir_all(dir.join("nix"));
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// What each example shows.
fn example(name: &str) -> Option<String> {
    Some(match name {
        "generated-file" => {
            std::fs::read_to_string(root().join("examples/demo/nix/services/hello_world.nix"))
                .unwrap()
        }
        "convert-summary" => {
            let dir = demo("guide-convert");
            let (code, _, err) = run(&dir, &["convert"]);
            assert_eq!(code, 0, "{err}");
            format!("$ aurora2nix convert\n{err}")
        }
        "verify-difference" => {
            let dir = demo("guide-verify");
            let (code, _, err) = run(&dir, &["convert", "-q"]);
            assert_eq!(code, 0, "{err}");
            // A hand edit: more memory for the search frontend, in every environment.
            let file = dir.join("nix/services/search.nix");
            let text = std::fs::read_to_string(&file).unwrap();
            std::fs::write(
                &file,
                text.replace("ram = 8 * aurora.GB;", "ram = 16 * aurora.GB;"),
            )
            .unwrap();
            let (code, out, _) = run(&dir, &["verify"]);
            assert_eq!(code, 1, "{out}");
            format!("$ aurora2nix verify\n{out}")
        }
        "client-rules" => client_rules(),
        "graph-before" | "graph-after" | "demo-graph-before" | "demo-graph-after" => {
            let dir = demo(&format!("guide-{name}"));
            // The guide draws the tutorial's job; the demo's README its parameterized one.
            let config = if name.starts_with("demo-") {
                "deploy/api.aurora"
            } else {
                "services/hello_world.aurora"
            };
            let mut args = vec!["graph", config];
            if name.ends_with("graph-before") {
                args.push("--before");
            }
            let (code, out, err) = run(&dir, &args);
            assert_eq!(code, 0, "{err}");
            out
        }
        _ => return None,
    })
}

/// The client's checks as aurora2nix runs them, one line each: code, level, who checks, what.
fn client_rules() -> String {
    use aurora2nix::aurora::client::{all, Level};
    let mut out = String::new();
    for r in all() {
        let level = match r.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        out.push_str(&format!(
            "{} {level:7} {:?}: {}\n",
            r.code, r.stage, r.summary
        ));
        out.push_str(&format!("      checked by {}\n", r.by));
    }
    out
}

/// A block's text and closing fence, indented.
fn actual_block(out: &mut String, indent: &str, text: &str) {
    for l in text.split_inclusive('\n') {
        out.push_str(if l.trim().is_empty() { "" } else { indent });
        out.push_str(l);
    }
    out.push_str(indent);
    out.push_str("```\n");
}

/// Compares (or, blessing, rewrites) every example block of the document at `rel`, which must
/// hold the examples `wanted`.
fn examples_of(rel: &str, wanted: &[&str]) {
    let path = root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out = String::new();
    let mut problems = Vec::new();
    let mut names = Vec::new();
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        let Some(name) = line
            .trim()
            .strip_prefix("<!-- example: ")
            .and_then(|r| r.strip_suffix(" -->"))
        else {
            continue;
        };
        names.push(name.to_string());
        let fence = lines.next().expect("a fenced block follows the marker");
        assert!(
            fence.trim_start().starts_with("```"),
            "{name}: no fenced block after the marker"
        );
        // A block inside a list item is indented; its text is compared without the indent.
        let indent = &fence[..fence.len() - fence.trim_start().len()];
        out.push_str(fence);
        let mut shown = String::new();
        for l in lines.by_ref() {
            if l.trim_end() == format!("{indent}```") {
                break;
            }
            shown.push_str(l.strip_prefix(indent).unwrap_or(l));
        }
        let Some(actual) = example(name) else {
            problems.push(format!("no example is computed for {name}"));
            actual_block(&mut out, indent, &shown);
            continue;
        };
        if actual != shown {
            problems.push(format!(
                "{name}: {rel} shows\n{shown}\nbut the tool prints\n{actual}"
            ));
        }
        actual_block(&mut out, indent, &actual);
    }
    for wanted in wanted {
        if !names.iter().any(|n| n == wanted) {
            problems.push(format!("{rel} has no `<!-- example: {wanted} -->` block"));
        }
    }
    if common::blessing() {
        std::fs::write(&path, out).unwrap();
        return;
    }
    assert!(
        problems.is_empty(),
        "{}\n(UPDATE_EXPECT=1 cargo test --test guide rewrites them)",
        problems.join("\n\n")
    );
}

#[test]
fn migration_guide_examples_are_what_the_tool_prints() {
    examples_of(
        "MIGRATION.md",
        &["generated-file", "convert-summary", "verify-difference"],
    );
}

#[test]
fn demo_readme_examples_are_what_the_tool_prints() {
    examples_of(
        "examples/demo/README.md",
        &["demo-graph-before", "demo-graph-after"],
    );
}
