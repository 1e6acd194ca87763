//! `aurora2nix init`: writes an `aurora2nix.toml` for a repository from a scan of it: its
//! inputs, an output tree, the environment variables the configs read (proposed, commented
//! out, since their values belong to the user) and, for each template that leaves
//! `{{UPPER_CASE}}` names to `aurora --bind`, a `[[bind-for]]` entry to fill in.

use super::inputs::{expand_inputs, parallel_map, Interrupted};
use super::project::{Project, FILE_NAME};
use super::Console;
use crate::aurora::EvalOptions;
use crate::diagnostic::{self, Code, Diagnostic};
use python::SourceMap;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// Runs `init` in `dir`: 0 written, 1 nothing to do (no config found), 2 the file exists (and
/// not `force`) or cannot be written.
pub fn run(con: &mut Console, dir: &Path, force: bool) -> i32 {
    let fail = |con: &mut Console, code: Code, m: String| {
        let d = Diagnostic::error(code, m);
        let _ = write!(
            con.err,
            "{}",
            diagnostic::render(&d, &SourceMap::default(), "")
        );
    };
    let file = dir.join(FILE_NAME);
    if file.exists() && !force {
        fail(
            con,
            Code::Usage,
            format!("{} exists; pass --force to replace it", file.display()),
        );
        return 2;
    }
    let project = Project {
        dir: std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()),
        file: Some(file.clone()),
        settings: Default::default(),
    };
    let files = match expand_inputs(&[], &project, None) {
        Ok(f) => f,
        Err(d) => {
            let _ = write!(
                con.err,
                "{}",
                diagnostic::render(&d, &SourceMap::default(), "")
            );
            return 2;
        }
    };
    if files.is_empty() {
        fail(
            con,
            Code::Usage,
            format!("no .aurora file below {}", dir.display()),
        );
        return 1;
    }
    // Evaluated as the project will evaluate them, in the process's environment, to learn
    // which variables they read.
    let opts = EvalOptions {
        environ: con.env.clone(),
        ..Default::default()
    };
    // The config's text is the one the evaluation read (through the sandbox, below the root).
    let config_text = |s: &SourceMap| s.files().find(|f| !f.library).map(|f| f.text.clone());
    let Ok(results) = parallel_map(&files, |input| match super::eval::evaluate(input, &opts) {
        Ok(ev) => {
            let refs = upper_case_refs(&config_text(&ev.sources).unwrap_or_default());
            (ev.deps.env.into_keys().collect::<Vec<_>>(), refs)
        }
        Err(e) => (
            Vec::new(),
            upper_case_refs(&config_text(&e.sources).unwrap_or_default()),
        ),
    }) else {
        return Interrupted::CODE;
    };
    let mut inputs = BTreeSet::new();
    let mut env = BTreeSet::new();
    let mut templates: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (input, (vars, refs)) in files.iter().zip(results) {
        let rel = input.rel.to_string_lossy().into_owned();
        let mut parts = input.rel.components();
        let top = match (parts.next(), parts.next()) {
            (Some(first), Some(_)) => first.as_os_str().to_string_lossy().into_owned(),
            _ => ".".to_string(),
        };
        inputs.insert(top);
        env.extend(vars);
        if !refs.is_empty() {
            templates.insert(rel, refs);
        }
    }
    let inputs: Vec<String> = if inputs.contains(".") {
        vec![".".into()]
    } else {
        inputs.into_iter().collect()
    };
    let text = render(&inputs, &env, &templates, files.len());
    if let Err(e) = super::convert::write_atomic(&file, &text) {
        fail(
            con,
            Code::Io,
            format!("cannot write {}: {e}", file.display()),
        );
        return 2;
    }
    let _ = writeln!(
        con.err,
        "wrote {}: {} config(s) in {}; review the proposed [env] and bindings, then run `aurora2nix eval` and `aurora2nix convert`",
        file.display(),
        files.len(),
        inputs.join(", ")
    );
    0
}

/// The names a config leaves to `--bind`: `{{NAME}}` with an upper-case name (Heron's and
/// Twister2's templates), as the mustache parser reads a ref's first segment.
fn upper_case_refs(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("{{") {
        rest = &rest[i + 2..];
        let end = rest.find("}}").unwrap_or(rest.len());
        let name = rest[..end].trim();
        let upper = name.starts_with(|c: char| c.is_ascii_uppercase())
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if upper {
            out.insert(name.to_string());
        }
    }
    out
}

/// A TOML string literal.
fn toml_str(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialize")
}

fn render(
    inputs: &[String],
    env: &BTreeSet<String>,
    templates: &BTreeMap<String, BTreeSet<String>>,
    configs: usize,
) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# aurora2nix project file, written by `aurora2nix init` from {configs} config(s).\n\
         # Every aurora2nix command run in this repository reads it; see MIGRATION.md,\n\
         # \"The project file\". Paths are relative to this file.\n"
    );
    let list: Vec<String> = inputs.iter().map(|i| toml_str(i)).collect();
    let _ = writeln!(t, "inputs = [{}]", list.join(", "));
    let _ = writeln!(t, "out = \"nix\"\n");
    if env.is_empty() {
        let _ = writeln!(t, "# The configs read no environment variable.");
        let _ = writeln!(t, "[env]\n");
    } else {
        let _ = writeln!(
            t,
            "# The configs read these environment variables. Set the values your deployments use\n\
             # (CI and laptops then evaluate alike); without [env], the process environment is used.\n\
             # Once [env] is set, only the variables it lists exist: leave out one a config reads\n\
             # with a default (os.environ.get('X', 'd')) to keep the default. getpass.getuser()\n\
             # reads the first set of LOGNAME, USER, LNAME, USERNAME: one of them is enough."
        );
        let _ = writeln!(t, "# [env]");
        for v in env {
            let _ = writeln!(t, "# {} = \"\"", toml_key(v));
        }
        t.push('\n');
    }
    for (file, names) in templates {
        let file = crate::diagnostic::escape_controls(file, |_| false);
        let _ = writeln!(
            t,
            "# {file} leaves these to `aurora --bind`; fill in the values, then uncomment."
        );
        let _ = writeln!(t, "# [[bind-for]]");
        let _ = writeln!(t, "# configs = {}", toml_str(&file));
        let binds: Vec<String> = names.iter().map(|n| format!("{n} = \"\"")).collect();
        let _ = writeln!(t, "# bind = {{ {} }}\n", binds.join(", "));
    }
    let names: BTreeSet<&String> = templates.values().flatten().collect();
    if !names.is_empty() {
        let _ = writeln!(
            t,
            "# Or keep them open: bound when a job is submitted, they become arguments of the Nix\n\
             # files (MIGRATION.md, \"Submit-time parameters\"). Give each a sample value (or a\n\
             # list of them), then uncomment."
        );
        let _ = writeln!(t, "# [param]");
        for n in names {
            let _ = writeln!(t, "# {} = \"\"", toml_key(n));
        }
        t.push('\n');
    }
    t
}

/// A TOML key: bare when it can be, else quoted.
fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        toml_str(k)
    }
}
