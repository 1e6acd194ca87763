//! The architecture, checked: what ARCHITECTURE.md promises about the code's shape and the
//! compiler cannot see. Each rule reads the source as text, so a violation fails here with the
//! file and the rule rather than surfacing later as a tangle.
//!
//! - no import circle between files, in any crate;
//! - the main crate's layers only import downwards: `diagnostic` < `aurora` < `packages` <
//!   `graph` < `nix` < `app` < `cli` (the crate root sees everything);
//! - the Python runtime depends on no other crate of ours, pystachio only on the runtime, and
//!   natives (builtins, modules, pystachio) see the interpreter only through the `Vm` trait;
//! - the runtime does no IO of its own; only `app` prints; only `nix` renders and formats Nix;
//!   only `syntax` calls the parser; no Aurora struct name is written in Rust;
//! - MIGRATION.md documents every diagnostic code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The main crate's layers, lowest first; a module may import its own layer and those below.
const LAYERS: &[&str] = &[
    "diagnostic",
    "aurora",
    "packages",
    "graph",
    "nix",
    "app",
    "cli",
];

/// A crate's source: module path (`["aurora", "eval"]`) → file.
struct Crate {
    modules: BTreeMap<Vec<String>, PathBuf>,
}

impl Crate {
    fn read(dir: &str) -> Crate {
        let root = Path::new(ROOT).join(dir);
        let mut modules = BTreeMap::new();
        collect(&root, &root, &mut modules);
        assert!(!modules.is_empty(), "no Rust files under {dir}");
        Crate { modules }
    }

    /// The module a path of names refers to: its longest prefix that is a module file.
    fn resolve(&self, path: &[String]) -> Option<Vec<String>> {
        (0..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|p| self.modules.contains_key(p))
    }

    /// File-to-file imports, ignoring re-exports (`pub use`), which only hand names on.
    fn edges(&self) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
        let mut edges = BTreeMap::new();
        for (module, file) in &self.modules {
            let text = std::fs::read_to_string(file).unwrap();
            let targets: BTreeSet<Vec<String>> = references(&code(&text))
                .into_iter()
                .filter_map(|r| absolute(&r, module))
                .filter_map(|p| self.resolve(&p))
                .filter(|t| t != module)
                .collect();
            edges.insert(module.clone(), targets);
        }
        edges
    }
}

fn collect(root: &Path, dir: &Path, out: &mut BTreeMap<Vec<String>, PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            // A folder with its own Cargo.toml is another crate.
            if !path.join("Cargo.toml").exists() {
                collect(root, &path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).unwrap().with_extension("");
            let mut module: Vec<String> = rel
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            out.insert(module, path);
        }
    }
}

/// The code of a file without comments and without what `#[cfg(test)]` marks (a `mod` block to
/// its closing brace, or else the next line).
fn code(text: &str) -> String {
    let text: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..i]);
        let after = rest[i + "#[cfg(test)]".len()..].trim_start();
        let skip = if after.starts_with("mod ") && after.find('{') < after.find(';') {
            let mut depth = 0;
            after
                .char_indices()
                .find_map(|(j, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 1 => return Some(j + 1),
                        '}' => depth -= 1,
                        _ => {}
                    }
                    None
                })
                .unwrap_or(after.len())
        } else {
            after.find('\n').unwrap_or(after.len())
        };
        rest = &after[skip..];
    }
    out.push_str(rest);
    out
}

/// The paths a file's code names that start at `crate`, `super` or `self`, with `use` trees
/// expanded (`use super::{a, b::c}` names `super::a` and `super::b::c`); `pub use` is left out.
fn references(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    // `use` declarations, braces and all.
    let mut plain = String::new();
    while let Some(i) = find_use(rest) {
        plain.push_str(&rest[..i.start]);
        let end = rest[i.end..].find(';').map_or(rest.len(), |j| i.end + j);
        if !i.public {
            expand(&[], rest[i.end..end].trim(), &mut out);
        }
        rest = &rest[(end + 1).min(rest.len())..];
    }
    plain.push_str(rest);
    // Paths in expressions and types.
    let bytes = plain.as_bytes();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = plain[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let path: String = plain[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            out.push(segments(&path));
        }
    }
    out
}

struct UseAt {
    start: usize,
    end: usize,
    public: bool,
}

/// The next `use` declaration: where it starts, where its tree starts, whether it is `pub`.
fn find_use(s: &str) -> Option<UseAt> {
    let mut from = 0;
    while let Some(i) = s[from..].find("use ") {
        let at = from + i;
        from = at + 4;
        let line_start = s[..at].rfind('\n').map_or(0, |j| j + 1);
        let before = s[line_start..at].trim();
        if before.is_empty() || before == "pub" || before.starts_with("pub(") {
            return Some(UseAt {
                start: line_start,
                end: at + 4,
                public: !before.is_empty(),
            });
        }
    }
    None
}

/// Expands a use tree below `prefix` into paths.
fn expand(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    match tree.find('{') {
        None => {
            let mut p = prefix.to_vec();
            p.extend(segments(tree.split(" as ").next().unwrap_or_default()));
            out.push(p);
        }
        Some(open) => {
            let mut p = prefix.to_vec();
            p.extend(segments(&tree[..open]));
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            for part in split_top(inner) {
                if !part.trim().is_empty() {
                    expand(&p, part, out);
                }
            }
        }
    }
}

/// Splits at the commas that are not inside braces.
fn split_top(s: &str) -> Vec<&str> {
    let (mut depth, mut last, mut parts) = (0, 0, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&s[last..i]);
                last = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[last..]);
    parts
}

fn segments(path: &str) -> Vec<String> {
    path.split("::")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// A path from `crate`, `super` or `self` as a path from the crate root, seen from `module`
/// (`super` is the parent module, for `a/b.rs` and `a/mod.rs` alike). `None` for other crates.
fn absolute(path: &[String], module: &[String]) -> Option<Vec<String>> {
    let (first, mut rest) = path.split_first()?;
    let mut base = match first.as_str() {
        "crate" => Vec::new(),
        "self" => module.to_vec(),
        "super" => module[..module.len().saturating_sub(1)].to_vec(),
        _ => return None,
    };
    while let Some((head, more)) = rest.split_first() {
        if head != "super" {
            break;
        }
        base.pop();
        rest = more;
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// Every circle of the graph, as the modules on it (Tarjan's strongly connected components).
fn circles(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<Vec<String>>> {
    struct State<'a> {
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on_stack: BTreeSet<&'a Vec<String>>,
        found: Vec<Vec<Vec<String>>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Vec<String>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.edges.get(v).into_iter().flatten() {
            let Some((w, _)) = s.edges.get_key_value(w) else {
                continue;
            };
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.found
}

fn show(m: &[String]) -> String {
    if m.is_empty() {
        "(crate root)".into()
    } else {
        m.join("::")
    }
}

/// The Rust files below `dir` (of any crate), as (path relative to the repository, code).
fn sources(dir: &str) -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&Path::new(ROOT).join(dir), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(ROOT).unwrap().display().to_string();
            (rel, code(&std::fs::read_to_string(&p).unwrap()))
        })
        .collect()
}

/// Files below `dir` whose code contains one of `needles`, except those under `allowed`.
fn offenders(dir: &str, needles: &[&str], allowed: &[&str]) -> Vec<String> {
    sources(dir)
        .into_iter()
        .filter(|(path, _)| !allowed.iter().any(|a| path.starts_with(a)))
        .filter_map(|(path, code)| {
            let hits: Vec<&str> = needles
                .iter()
                .copied()
                .filter(|n| code.contains(n))
                .collect();
            (!hits.is_empty()).then(|| format!("{path}: {}", hits.join(", ")))
        })
        .collect()
}

#[test]
fn no_file_imports_itself_through_others() {
    for dir in ["converter", "converter/python", "converter/pystachio"] {
        let krate = Crate::read(dir);
        let found = circles(&krate.edges());
        let described: Vec<String> = found
            .iter()
            .map(|c| c.iter().map(|m| show(m)).collect::<Vec<_>>().join(" <-> "))
            .collect();
        assert!(
            described.is_empty(),
            "import circles in {dir}: {described:#?}"
        );
    }
}

#[test]
fn layers_only_import_downwards() {
    let krate = Crate::read("converter");
    let rank = |m: &[String]| -> usize {
        m.first()
            .and_then(|top| LAYERS.iter().position(|l| l == top))
            .unwrap_or(LAYERS.len())
    };
    let mut upward = Vec::new();
    for (from, targets) in krate.edges() {
        for to in targets {
            if rank(&to) > rank(&from) {
                upward.push(format!("{} imports {}", show(&from), show(&to)));
            }
        }
    }
    for top in LAYERS {
        assert!(
            krate
                .modules
                .keys()
                .any(|m| m.first().map(String::as_str) == Some(top)),
            "layer {top} has no module"
        );
    }
    assert!(upward.is_empty(), "imports against the layers: {upward:#?}");
}

#[test]
fn natives_see_the_interpreter_only_through_vm() {
    let krate = Crate::read("converter/python");
    let mut found = Vec::new();
    for (from, targets) in krate.edges() {
        let inside = from.is_empty() || from[0] == "interp";
        for to in targets {
            if !inside && to.first().map(String::as_str) == Some("interp") {
                found.push(format!("{} imports {}", show(&from), show(&to)));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
    let pystachio = offenders(
        "converter/pystachio",
        &["Interp"],
        &["converter/pystachio/lib.rs"],
    );
    assert!(
        pystachio.is_empty(),
        "pystachio uses the interpreter directly: {pystachio:#?}"
    );
}

#[test]
fn the_runtime_and_pystachio_depend_only_downwards() {
    let deps = |dir: &str| -> String {
        let toml = std::fs::read_to_string(Path::new(ROOT).join(dir).join("Cargo.toml")).unwrap();
        toml.split("[dependencies]")
            .nth(1)
            .unwrap_or_default()
            .split("\n[")
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let python = deps("converter/python");
    assert!(
        !python.contains("path ="),
        "the Python runtime depends on another crate of ours:\n{python}"
    );
    let pystachio = deps("converter/pystachio");
    let ours: Vec<&str> = pystachio.lines().filter(|l| l.contains("path =")).collect();
    assert!(
        ours.len() == 1 && ours[0].contains("\"../python\""),
        "pystachio may depend only on the runtime: {ours:?}"
    );
}

#[test]
fn each_concern_stays_in_its_layer() {
    let rules: &[(&str, &[&str], &[&str], &str)] = &[
        (
            "converter/python",
            &["std::fs", "std::process", "std::net", "std::env"],
            &[],
            "the Python runtime reaches the world only through its Host",
        ),
        (
            "converter/pystachio",
            &["std::fs", "std::process", "std::net", "std::env"],
            &[],
            "pystachio does no IO",
        ),
        (
            "converter",
            &["println!", "print!(", "eprintln!", "eprint!("],
            &["converter/app/", "converter/cli.rs", "converter/main.rs"],
            "only the commands print",
        ),
        (
            "converter",
            &["handlebars", "alejandra"],
            &["converter/nix/"],
            "only the Nix layer renders and formats Nix",
        ),
        (
            "converter",
            &["rustpython_parser::parse", "rustpython_parser::{parse"],
            &["converter/python/syntax/"],
            "only syntax calls the parser",
        ),
    ];
    for (dir, needles, allowed, rule) in rules {
        let found = offenders(dir, needles, allowed);
        assert!(found.is_empty(), "{rule}: {found:#?}");
    }
}

#[test]
fn no_aurora_struct_is_named_in_rust() {
    let prelude =
        std::fs::read_to_string(Path::new(ROOT).join("converter/aurora/prelude.py")).unwrap();
    let structs: Vec<String> = prelude
        .lines()
        .filter_map(|l| l.strip_prefix("class ")?.strip_suffix("(Struct):"))
        .map(|name| format!("\"{name}\""))
        .collect();
    assert!(
        structs.len() > 20,
        "the prelude's structs were not found: {structs:?}"
    );
    let needles: Vec<&str> = structs.iter().map(String::as_str).collect();
    let found = offenders("converter", &needles, &[]);
    assert!(
        found.is_empty(),
        "Aurora's structs belong to the prelude; Rust reads them from the schema: {found:#?}"
    );
}

#[test]
fn migration_guide_documents_every_diagnostic_code() {
    let guide = std::fs::read_to_string(Path::new(ROOT).join("MIGRATION.md")).unwrap();
    let missing: Vec<&str> = aurora2nix::diagnostic::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !guide.contains(c))
        .collect();
    assert!(
        missing.is_empty(),
        "MIGRATION.md does not document {missing:?}"
    );
}

// The checker itself must be able to fail.

#[test]
fn the_checker_finds_circles_and_expands_use_trees() {
    let m = |s: &str| segments(s);
    let mut edges = BTreeMap::new();
    edges.insert(m("a"), BTreeSet::from([m("b")]));
    edges.insert(m("b"), BTreeSet::from([m("c")]));
    edges.insert(m("c"), BTreeSet::from([m("a")]));
    edges.insert(m("d"), BTreeSet::from([m("a")]));
    assert_eq!(circles(&edges), vec![vec![m("a"), m("b"), m("c")]]);
    edges.insert(m("c"), BTreeSet::new());
    assert!(circles(&edges).is_empty());

    let refs = references(&code(
        "use super::{x, y::{z, w as v}};\npub use crate::hidden;\nuse crate::q::R; // crate::comment\n#[cfg(test)]\nuse crate::testonly;\n#[cfg(test)]\nmod tests {\n    fn t() { if true { crate::inner(); } }\n}\nfn f() { crate::p::g(); }\n",
    ));
    assert_eq!(
        refs,
        vec![
            m("super::x"),
            m("super::y::z"),
            m("super::y::w"),
            m("crate::q::R"),
            m("crate::p::g"),
        ]
    );
    let here = m("app::convert");
    assert_eq!(absolute(&m("super::inputs"), &here), Some(m("app::inputs")));
    assert_eq!(absolute(&m("super::super::nix"), &here), Some(m("nix")));
    assert_eq!(absolute(&m("super::nix"), &m("app")), Some(m("nix")));
    assert_eq!(absolute(&m("self::x"), &m("app")), Some(m("app::x")));
    assert_eq!(
        absolute(&m("crate::aurora::eval"), &here),
        Some(m("aurora::eval"))
    );
    assert_eq!(absolute(&m("std::fs"), &here), None);
}
