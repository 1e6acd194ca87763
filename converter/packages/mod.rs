//! Package mapping: fetch/checksum processes become Nix build inputs.
//!
//! A process that fetches a file (`cp`/`rsync` from a path, `curl`/`wget` a URL, `hdfs dfs -get`,
//! `hadoop fs -copyToLocal`, `scp`), usually with a checksum (`echo <md5>` — Aurora's tutorial
//! trick —, `sha256sum -c`, `md5sum -c`, `sha1sum -c`), describes a content-addressed input. Each
//! one whose content we can pin (a local file, a verified URL, or an entry of `aurora2nix.lock`)
//! becomes an artifact declared at the top of the Nix file, and the job is rewritten with one of
//! two strategies, recorded per artifact:
//!
//! - **inline**: the fetch process disappears and its consumers reference the store path. Used
//!   when the process only fetches (and verifies or `chmod`s) one file, and every other mention
//!   of the file in the task is a plain argument.
//! - **stage**: the fetch step is replaced by `cp <store path> <file>` (or `cat <store path>` for a
//!   download piped into another command); checksum steps go (Nix verified the content), and
//!   everything else (`chmod`, `tar`, `unzip`, `rm`) stays, so consumers run unchanged.
//!
//! Store paths must exist on the agent: by default a realise step (`nix-store --realise`) runs
//! before the consumers; `--realise none` leaves that to provisioning. Nothing unrecognized is
//! dropped or altered; a fetch we cannot pin is kept verbatim with a warning saying why.
//! The result is pure data ([`Plan`]): this module reads files only to hash local artifacts.

pub mod docker;
pub mod lock;
pub mod shell;
pub mod store;

use crate::aurora::jobs;
use crate::aurora::runtime::FsHost;
use crate::diagnostic::{Code, Diagnostic};
pub use lock::{Lock, LockEntry};
use python::{Deps, Host, HostError};
use serde::Serialize;
use serde_json::Value as J;
use sha2::Digest;
use std::path::{Path, PathBuf};

/// Marks a reference to an input's store path inside a string value: `\u{E000}name\u{E000}`.
pub const REF: char = '\u{E000}';

/// Wraps an input's binding name as a reference usable inside JSON strings.
pub fn artifact_ref(name: &str) -> String {
    format!("{REF}{name}{REF}")
}

/// Whether a realise step is added before consumers.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Realise {
    /// `nix-store --realise` from the agents' binary cache before the consumers run.
    #[default]
    Store,
    /// Trust that agents already have the closure (copied with `nix copy`).
    None,
}

/// Options of the mapping.
#[derive(Clone, Debug, Default)]
pub struct PlanOptions {
    pub realise: Realise,
    /// Canonical directories outside the evaluation root whose files `cp`/`rsync` sources may be
    /// hashed from (the project's `allow-sources`).
    pub allow_sources: Vec<PathBuf>,
}

/// How an artifact reaches the sandbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    Inline,
    Stage,
}

/// A pinned input.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Input {
    /// The input's name, unique in its config (`hello_world_py`): letters, digits and `_`,
    /// starting with a letter. The Nix layer derives the file's identifier from it.
    pub binding: String,
    /// The store path name (`hello_world.py`).
    pub store_name: String,
    /// Hash algorithm (`sha256`, `sha1`, `md5`, `sha512`) and its hex digest.
    pub algo: String,
    pub hex: String,
    /// What the config fetched (a path, URL, `hdfs://...`, `host:path`).
    pub source: String,
    /// The URL fetched by Nix, or `None` for a local path input.
    pub url: Option<String>,
    /// For path inputs: the file, relative to the generated file's folder (`data/x`, `../x`).
    pub path: Option<String>,
}

impl Input {
    /// The SRI form of the hash (`sha256-...`).
    pub fn sri(&self) -> String {
        lock::sri(&self.algo, &self.hex).unwrap_or_default()
    }

    /// The Nix store path this input will have.
    pub fn store_path(&self) -> String {
        store::store_path_flat(&self.algo, &self.hex, &self.store_name)
    }
}

/// One mapping decision, for `--report` and `aurora2nix diff`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Mapping {
    /// `cluster/role/environment/name` of the job.
    pub job: String,
    pub process: String,
    /// `checksum-trick`, `cp`, `rsync`, `curl`, `wget`, `hdfs`, `hadoop`, `scp`.
    pub kind: String,
    pub source: String,
    /// The artifact binding, when pinned.
    pub input: Option<String>,
    pub strategy: Option<Strategy>,
    /// Why it was kept verbatim, or what to double-check.
    pub note: String,
}

/// The outcome of mapping one config.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The rewritten jobs; store paths appear as [`artifact_ref`]s.
    pub jobs: Vec<J>,
    pub inputs: Vec<Input>,
    pub mappings: Vec<Mapping>,
    pub warnings: Vec<Diagnostic>,
}

impl Plan {
    /// The jobs with artifact references replaced by their store paths: what Nix will print.
    pub fn resolved_jobs(&self) -> Vec<J> {
        let paths: Vec<(String, String)> = self
            .inputs
            .iter()
            .map(|i| (artifact_ref(&i.binding), i.store_path()))
            .collect();
        if paths.is_empty() {
            return self.jobs.clone();
        }
        (self.jobs.iter())
            .map(|j| crate::aurora::jobs::replace_text(j, &paths))
            .collect()
    }
}

/// What a fetch step does.
#[derive(Clone, Debug, PartialEq)]
struct Fetch {
    kind: &'static str,
    source: String,
    /// The file it creates in the sandbox, or `None` when it writes to stdout.
    dest: Option<String>,
}

fn basename(s: &str) -> String {
    let s = s.split(['?', '#']).next().unwrap_or(s);
    s.trim_end_matches('/')
        .rsplit(['/', ':'])
        .next()
        .unwrap_or(s)
        .to_string()
}

fn is_hex(s: &str) -> bool {
    matches!(s.len(), 32 | 40 | 64 | 128) && s.chars().all(|c| c.is_ascii_hexdigit())
}

fn algo_of_len(n: usize) -> &'static str {
    match n {
        32 => "md5",
        40 => "sha1",
        128 => "sha512",
        _ => "sha256",
    }
}

/// Recognizes a fetch step.
fn parse_fetch(words: &[String]) -> Option<Fetch> {
    let (cmd, rest) = words.split_first()?;
    let positional = |skip_with_arg: &[&str]| -> Vec<String> {
        let mut out = Vec::new();
        let mut it = rest.iter();
        while let Some(w) = it.next() {
            if skip_with_arg.contains(&w.as_str()) {
                it.next();
            } else if !w.starts_with('-') || w == "-" {
                out.push(w.clone());
            }
        }
        out
    };
    let dest_of = |src: &str, dest: &str| -> String {
        if dest == "." || dest.ends_with('/') {
            basename(src)
        } else {
            dest.trim_start_matches("./").to_string()
        }
    };
    match cmd.as_str() {
        "cp" | "rsync" => {
            let p = positional(&["-e", "--rsh", "--chmod"]);
            match p.as_slice() {
                [src, dest] => Some(Fetch {
                    kind: if cmd == "cp" { "cp" } else { "rsync" },
                    source: src.clone(),
                    dest: Some(dest_of(src, dest)),
                }),
                _ => None,
            }
        }
        "scp" => {
            let p = positional(&["-P", "-i", "-o", "-F", "-c", "-l", "-S"]);
            match p.as_slice() {
                [src, dest] if src.contains(':') => Some(Fetch {
                    kind: "scp",
                    source: src.clone(),
                    dest: Some(dest_of(src, dest)),
                }),
                _ => None,
            }
        }
        "curl" | "wget" => {
            let url = rest.iter().find(|w| w.contains("://"))?.clone();
            let mut dest = Some(basename(&url));
            let mut explicit_stdout = cmd == "curl";
            let mut it = rest.iter().peekable();
            while let Some(w) = it.next() {
                match (cmd.as_str(), w.as_str()) {
                    ("curl", "-o" | "--output") | ("wget", "-O" | "--output-document") => {
                        let f = it.next()?.clone();
                        explicit_stdout = f == "-";
                        dest = (f != "-").then(|| f.trim_start_matches("./").to_string());
                        if f != "-" {
                            explicit_stdout = false;
                        }
                    }
                    ("curl", "-O" | "--remote-name") => explicit_stdout = false,
                    ("curl", w)
                        if w.starts_with('-') && !w.starts_with("--") && w.ends_with('O') =>
                    {
                        explicit_stdout = false
                    }
                    ("curl", w)
                        if w.starts_with('-') && !w.starts_with("--") && w.ends_with('o') =>
                    {
                        let f = it.next()?.clone();
                        dest = (f != "-").then(|| f.trim_start_matches("./").to_string());
                        explicit_stdout = f == "-";
                    }
                    ("wget", w) if w.starts_with("--output-document=") => {
                        let f = &w["--output-document=".len()..];
                        dest = (f != "-").then(|| f.to_string());
                        explicit_stdout = f == "-";
                    }
                    _ => {}
                }
            }
            if explicit_stdout {
                dest = None;
            }
            if let Some(i) = rest.iter().position(|w| w == ">") {
                dest = rest
                    .get(i + 1)
                    .map(|f| f.trim_start_matches("./").to_string());
            }
            Some(Fetch {
                kind: if cmd == "curl" { "curl" } else { "wget" },
                source: url,
                dest,
            })
        }
        "hdfs" | "hadoop" => {
            let sub = rest.first()?;
            if sub != "dfs" && sub != "fs" {
                return None;
            }
            let op = rest.get(1)?;
            if op != "-get" && op != "-copyToLocal" {
                return None;
            }
            let args: Vec<&String> = rest[2..].iter().filter(|w| !w.starts_with('-')).collect();
            let src = args.first()?.to_string();
            let dest = args
                .get(1)
                .map_or_else(|| basename(&src), |d| dest_of(&src, d));
            Some(Fetch {
                kind: if cmd == "hdfs" { "hdfs" } else { "hadoop" },
                source: src,
                dest: Some(dest),
            })
        }
        _ => None,
    }
}

/// A recognized checksum: algorithm, hex digest and the file it names (if any).
type Check = (String, String, Option<String>);

/// A checksum step: `echo <hex>`, `echo "<hex>  file" | sha256sum -c`, `sha256sum -c <<< ...`.
fn parse_check(words: &[String]) -> Option<Check> {
    let tools = [
        ("md5sum", "md5"),
        ("sha1sum", "sha1"),
        ("sha256sum", "sha256"),
        ("sha512sum", "sha512"),
    ];
    let tool = words
        .iter()
        .find_map(|w| tools.iter().find(|(t, _)| w == t).map(|(_, a)| *a));
    let has_check = words.iter().any(|w| w == "-c" || w == "--check");
    let hexes: Vec<&String> = words.iter().filter(|w| is_hex(w)).collect();
    let hex_in_word = words.iter().find_map(|w| {
        let mut parts = w.split_whitespace();
        let h = parts.next()?;
        let f = parts.next().map(|f| f.trim_start_matches('*').to_string());
        is_hex(h).then(|| (h.to_string(), f))
    });
    match (tool, has_check) {
        (Some(algo), true) => {
            let (hex, file) = match hex_in_word {
                Some((h, f)) if f.is_some() => (h, f),
                _ => {
                    let h = hexes.first()?.to_string();
                    let i = words.iter().position(|w| *w == h)?;
                    (
                        h,
                        words
                            .get(i + 1)
                            .filter(|w| !w.starts_with('|'))
                            .map(|f| f.trim_start_matches('*').to_string()),
                    )
                }
            };
            (hex.len()
                == match algo {
                    "md5" => 32,
                    "sha1" => 40,
                    "sha512" => 128,
                    _ => 64,
                })
            .then(|| (algo.to_string(), hex.to_lowercase(), file))
        }
        (None, _)
            if words.first().is_some_and(|w| w == "echo")
                && words.len() == 2
                && is_hex(&words[1]) =>
        {
            Some((
                algo_of_len(words[1].len()).to_string(),
                words[1].to_lowercase(),
                None,
            ))
        }
        _ => None,
    }
}

fn hex_digest(algo: &str, bytes: &[u8]) -> String {
    let d: Vec<u8> = match algo {
        "md5" => md5::Md5::digest(bytes).to_vec(),
        "sha1" => sha1::Sha1::digest(bytes).to_vec(),
        "sha512" => sha2::Sha512::digest(bytes).to_vec(),
        _ => sha2::Sha256::digest(bytes).to_vec(),
    };
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// A Nix store name from a file name (`[A-Za-z0-9+._?=-]`, not starting with `.`).
fn store_name(file: &str) -> String {
    let s: String = file
        .chars()
        .map(|c| if store::is_name_char(c) { c } else { '_' })
        .take(store::MAX_NAME)
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() {
        "artifact".into()
    } else {
        s
    }
}

fn binding_name(file: &str, taken: &mut Vec<String>) -> String {
    let mut base: String = file
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        base = format!("artifact_{base}");
    }
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// A path from `from_dir` to `to` (`x`, `../../x`).
fn relative_path(from_dir: &Path, to: &Path) -> String {
    let from: Vec<_> = from_dir.components().collect();
    let to_c: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to_c).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); from.len() - common];
    parts.extend(
        to_c[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// What a recognized fetch resolves to.
struct Resolved {
    input: Input,
    kind: String,
    note: String,
}

struct Ctx<'a> {
    /// Why nothing of the current job may be pinned (it runs in a container image).
    refuse: Option<String>,
    deps: &'a Deps,
    config_dir: &'a Path,
    /// Files are read for hashing only as a config may read them: below the evaluation root
    /// (the Nix store they are copied into is world-readable).
    files: FsHost,
    /// The project's `allow-sources` directories: hashed from, with a warning each.
    allowed: Vec<FsHost>,
    out_dir: PathBuf,
    lock: &'a Lock,
    taken: Vec<String>,
    inputs: Vec<Input>,
    warnings: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn local_file(&self, source: &str) -> Option<PathBuf> {
        let base = basename(source);
        self.deps
            .read
            .iter()
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy() == base))
            .cloned()
    }

    fn input_for(&mut self, input: Input) -> Input {
        if let Some(existing) = self.inputs.iter().find(|i| {
            i.algo == input.algo
                && i.hex == input.hex
                && i.store_name == input.store_name
                && i.url == input.url
                && i.path == input.path
        }) {
            return existing.clone();
        }
        self.inputs.push(input.clone());
        input
    }

    /// The content of a local source: below the evaluation root, else below an allowed
    /// directory (with a warning: it lands in the world-readable store).
    fn read_source(&mut self, path: &Path) -> Result<Vec<u8>, HostError> {
        match self.files.read(path, MAX_ARTIFACT) {
            Err(HostError::Refused(m)) => {
                let Some(host) = self.allowed.iter().find(|h| h.exists(path)) else {
                    return Err(HostError::Refused(m));
                };
                let bytes = host.read(path, MAX_ARTIFACT)?;
                self.warnings.push(Diagnostic::warning(
                    Code::Exposed,
                    format!(
                        "{} is outside the repository (allowed by `allow-sources`): the conversion copies it into the Nix store, where every user of a machine that has the store path can read it",
                        path.display()
                    ),
                ));
                Ok(bytes)
            }
            other => other,
        }
    }

    /// Pins a fetch: local file, readable path, verified URL or lock entry.
    fn resolve(
        &mut self,
        f: &Fetch,
        check: Option<&Check>,
        dest: &str,
    ) -> Result<Resolved, String> {
        if let Some(why) = &self.refuse {
            return Err(why.clone());
        }
        let name = store_name(dest);
        if let Some(entry) = self.lock.sources.get(&f.source) {
            let (algo, hex) = entry
                .algo_hex()
                .map_err(|e| format!("aurora2nix.lock entry for {}: {e}", f.source))?;
            let binding = binding_name(dest, &mut self.taken);
            let input = self.input_for(Input {
                binding,
                store_name: entry.name.clone().unwrap_or(name),
                algo,
                hex,
                source: f.source.clone(),
                url: Some(entry.url.clone()),
                path: None,
            });
            return Ok(Resolved {
                input,
                kind: f.kind.into(),
                note: "pinned by aurora2nix.lock".into(),
            });
        }
        if f.source.contains("{{") {
            return Err(format!(
                "the source {} is still a template; map it in aurora2nix.lock",
                f.source
            ));
        }
        match f.kind {
            "cp" | "rsync" => {
                let (path, kind, mut note) = match self.local_file(&f.source) {
                    Some(p) => (p, "checksum-trick".to_string(), String::new()),
                    None => {
                        let p = Path::new(&f.source);
                        let p = if p.is_absolute() {
                            p.to_path_buf()
                        } else {
                            self.config_dir.join(p)
                        };
                        (p, f.kind.to_string(), String::new())
                    }
                };
                let bytes = self.read_source(&path).map_err(|e| match e {
                    HostError::Refused(m) => format!(
                        "{m}: aurora2nix hashes only files below it (or below a directory listed in `allow-sources` in aurora2nix.toml), because the Nix store they are copied into is world-readable; map {} in aurora2nix.lock",
                        f.source
                    ),
                    HostError::TooLarge(m) => format!("{m}; map {} in aurora2nix.lock", f.source),
                    HostError::Missing(_) => format!(
                        "{} is not readable at conversion time; add it to aurora2nix.lock",
                        f.source
                    ),
                })?;
                if let Some((algo, hex, _)) = check {
                    let actual = hex_digest(algo, &bytes);
                    if &actual != hex {
                        note = format!("the config's {algo} {hex} no longer matches the file ({actual}); the Nix input pins the current content");
                        self.warnings.push(Diagnostic::warning(
                            Code::WeakChecksum,
                            format!("{}: {note}", f.source),
                        ));
                    }
                }
                let abs = std::path::absolute(&path).unwrap_or(path);
                let binding = binding_name(dest, &mut self.taken);
                let input = self.input_for(Input {
                    binding,
                    store_name: name,
                    algo: "sha256".into(),
                    hex: hex_digest("sha256", &bytes),
                    source: f.source.clone(),
                    url: None,
                    path: Some(relative_path(&self.out_dir, &abs)),
                });
                Ok(Resolved { input, kind, note })
            }
            "curl" | "wget" => match check {
                Some((algo, hex, _)) => {
                    let mut note = String::new();
                    if algo == "md5" || algo == "sha1" {
                        note = format!("pinned by {algo} only: Nix accepts it, but nixpkgs rejects md5; prefer a sha256 (aurora2nix lock)");
                        self.warnings.push(Diagnostic::warning(
                            Code::WeakChecksum,
                            format!("{}: {note}", f.source),
                        ));
                    }
                    let binding = binding_name(dest, &mut self.taken);
                    let input = self.input_for(Input {
                        binding,
                        store_name: name,
                        algo: algo.clone(),
                        hex: hex.clone(),
                        source: f.source.clone(),
                        url: Some(f.source.clone()),
                        path: None,
                    });
                    Ok(Resolved {
                        input,
                        kind: f.kind.into(),
                        note,
                    })
                }
                None => Err(format!(
                    "{} has no checksum in the config; run `aurora2nix lock` to pin it",
                    f.source
                )),
            },
            _ => Err(format!(
                "no Nix fetcher applies to {} {}; map it to a URL in aurora2nix.lock",
                f.kind, f.source
            )),
        }
    }
}

/// The largest local file hashed into an input.
const MAX_ARTIFACT: usize = 1 << 30;

/// Maps the fetch processes of every job.
pub fn plan(
    jobs: &[J],
    deps: &Deps,
    config_dir: &Path,
    root: &Path,
    out_file: &Path,
    lock: &Lock,
    opts: &PlanOptions,
) -> Plan {
    let out_dir = std::path::absolute(out_file)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let mut ctx = Ctx {
        refuse: None,
        deps,
        config_dir,
        files: FsHost {
            root: root.to_path_buf(),
        },
        allowed: opts
            .allow_sources
            .iter()
            .map(|d| FsHost { root: d.clone() })
            .collect(),
        out_dir,
        lock,
        taken: Vec::new(),
        inputs: Vec::new(),
        warnings: Vec::new(),
    };
    let mut mappings = Vec::new();
    let mut out_jobs = Vec::new();
    for job in jobs {
        let mut job = job.clone();
        let key = jobs::key(&job);
        // A job that runs in a container image has no /nix/store: its fetches stay as they are.
        ctx.refuse = jobs::in_container(&job)
            .then(|| "the job runs in a container image, which has no /nix/store".to_string());
        if let Some(task) = jobs::task_mut(&mut job) {
            rewrite_task(task, &key, &mut ctx, &mut mappings, opts);
        }
        out_jobs.push(job);
    }
    Plan {
        jobs: out_jobs,
        inputs: ctx.inputs,
        mappings,
        warnings: ctx.warnings,
    }
}

/// One fetch step of a process and the checksum step that verifies it.
struct FetchStep {
    step: usize,
    fetch: Fetch,
    check: Option<(usize, Check)>,
}

/// A process with recognized fetch steps.
struct Found {
    index: usize,
    process: String,
    steps: Vec<(usize, usize)>,
    fetches: Vec<FetchStep>,
    /// Every step is a fetch, a checksum or a `chmod` (an inline candidate when one fetch).
    fetch_only: bool,
}

fn rewrite_task(
    task: &mut J,
    key: &str,
    ctx: &mut Ctx,
    mappings: &mut Vec<Mapping>,
    opts: &PlanOptions,
) {
    let Some(processes) = jobs::processes(task).cloned() else {
        return;
    };
    // 1. Find fetch processes (one fetch step each; several fetches in one process are kept).
    let mut found = Vec::new();
    for (index, p) in processes.iter().enumerate() {
        let (Some(cmd), Some(name)) = (jobs::cmdline(p), jobs::process_name(p)) else {
            continue;
        };
        let steps: Vec<(usize, usize)> =
            shell::steps(cmd).iter().map(|s| (s.start, s.end)).collect();
        let words: Vec<Vec<String>> = steps
            .iter()
            .map(|(s, e)| shell::words(&cmd[*s..*e]))
            .collect();
        let fetches: Vec<(usize, Fetch)> = words
            .iter()
            .enumerate()
            .filter_map(|(i, w)| {
                // `curl URL | tar xz`: the fetch is the first command of the pipeline.
                let first: Vec<String> = w.split(|x| x == "|").next().unwrap_or(&[]).to_vec();
                parse_fetch(&first).map(|f| {
                    let piped = w.len() != first.len();
                    (
                        i,
                        Fetch {
                            dest: if piped { None } else { f.dest.clone() },
                            ..f
                        },
                    )
                })
            })
            .collect();
        if fetches.is_empty() {
            continue;
        }
        let checks: Vec<(usize, Check)> = words
            .iter()
            .enumerate()
            .filter(|(i, _)| !fetches.iter().any(|(f, _)| f == i))
            .filter_map(|(i, w)| parse_check(w).map(|c| (i, c)))
            .collect();
        // Each checksum verifies the fetch of the file it names, else the nearest fetch before it.
        let mut items: Vec<FetchStep> = fetches
            .into_iter()
            .map(|(step, fetch)| FetchStep {
                step,
                fetch,
                check: None,
            })
            .collect();
        for (ci, c) in &checks {
            let target = match &c.2 {
                Some(file) => items
                    .iter()
                    .position(|f| f.fetch.dest.as_deref() == Some(file.as_str())),
                None => items.iter().rposition(|f| f.step < *ci),
            };
            if let Some(t) = target {
                items[t].check.get_or_insert((*ci, c.clone()));
            }
        }
        let fetch_only = words.iter().enumerate().all(|(i, w)| {
            items.iter().any(|f| f.step == i)
                || checks.iter().any(|(c, _)| *c == i)
                || w.is_empty()
                || w.first().is_some_and(|c| c == "chmod")
        });
        found.push(Found {
            index,
            process: name.to_string(),
            steps,
            fetches: items,
            fetch_only,
        });
    }
    if found.is_empty() {
        return;
    }
    let mut processes = processes;
    let mut removed: Vec<String> = Vec::new();
    let mut realise_paths: Vec<String> = Vec::new();
    let mut realise_at: Option<usize> = None;
    for f in found {
        let single = f.fetches.len() == 1;
        // Stage edits of this process: step -> replacement, and checksum steps to drop.
        let mut replacements: Vec<(usize, String, bool)> = Vec::new();
        let mut dropped: Vec<usize> = Vec::new();
        for item in &f.fetches {
            let dest = item
                .fetch
                .dest
                .clone()
                .unwrap_or_else(|| basename(&item.fetch.source));
            let resolved =
                match ctx.resolve(&item.fetch, item.check.as_ref().map(|(_, c)| c), &dest) {
                    Ok(r) => r,
                    Err(why) => {
                        ctx.warnings.push(Diagnostic::warning(
                            Code::NotMapped,
                            format!(
                                "{key}: process {}: {} kept verbatim: {why}",
                                f.process, item.fetch.kind
                            ),
                        ));
                        mappings.push(Mapping {
                            job: key.into(),
                            process: f.process.clone(),
                            kind: item.fetch.kind.into(),
                            source: item.fetch.source.clone(),
                            input: None,
                            strategy: None,
                            note: format!("kept verbatim: {why}"),
                        });
                        continue;
                    }
                };
            let r = artifact_ref(&resolved.input.binding);
            // Inline when the process only fetches this one file and every consumer passes it as
            // an argument.
            let consumers_ok = item.fetch.dest.is_some()
                && processes.iter().enumerate().all(|(i, p)| {
                    i == f.index || jobs::cmdline(p).is_none_or(|c| !executes(c, &dest))
                });
            let strategy = if single && f.fetch_only && consumers_ok {
                Strategy::Inline
            } else {
                Strategy::Stage
            };
            match strategy {
                Strategy::Inline => {
                    for (i, p) in processes.iter_mut().enumerate() {
                        if i == f.index {
                            continue;
                        }
                        if let Some(c) = jobs::cmdline(p) {
                            let c = replace_words(c, &dest, &r);
                            jobs::set_cmdline(p, c);
                        }
                    }
                    removed.push(f.process.clone());
                    realise_at.get_or_insert(f.index);
                    realise_paths.push(r.clone());
                }
                Strategy::Stage => {
                    let realise = match opts.realise {
                        Realise::Store => format!("nix-store --realise {r} >/dev/null && "),
                        Realise::None => String::new(),
                    };
                    let replacement = match &item.fetch.dest {
                        Some(d) => format!(
                            "{realise}cp {r} {} && chmod u+w {}",
                            shell_quote(d),
                            shell_quote(d)
                        ),
                        None => format!("cat {r}"),
                    };
                    replacements.push((item.step, replacement, item.fetch.dest.is_none()));
                    dropped.extend(item.check.as_ref().map(|(c, _)| *c));
                }
            }
            mappings.push(Mapping {
                job: key.into(),
                process: f.process.clone(),
                kind: resolved.kind,
                source: item.fetch.source.clone(),
                input: Some(resolved.input.binding.clone()),
                strategy: Some(strategy),
                note: resolved.note,
            });
        }
        if !replacements.is_empty() {
            let cmd = jobs::cmdline(&processes[f.index])
                .unwrap_or_default()
                .to_string();
            let rebuilt = rebuild(&cmd, &f.steps, &replacements, &dropped);
            jobs::set_cmdline(&mut processes[f.index], rebuilt);
        }
    }
    if removed.is_empty() {
        jobs::set_processes(task, processes);
        return;
    }
    // Inline: the fetch processes go; a realise process (if any) takes the first one's place.
    let realise_name = "nix_realise".to_string();
    let realise = matches!(opts.realise, Realise::Store).then(|| {
        jobs::new_process(
            &realise_name,
            &format!("nix-store --realise {} >/dev/null", realise_paths.join(" ")),
            crate::aurora::schema::aurora(),
        )
    });
    let at = realise_at.unwrap_or(0);
    let mut kept = Vec::new();
    for (i, p) in processes.into_iter().enumerate() {
        if i == at {
            if let Some(r) = &realise {
                kept.push(r.clone());
            }
        }
        let name = jobs::process_name(&p).unwrap_or_default().to_string();
        if !removed.contains(&name) {
            kept.push(p);
        }
    }
    jobs::set_processes(task, kept);
    jobs::reorder(
        task,
        &removed,
        realise.as_ref().map(|_| realise_name.as_str()),
    );
}

/// Whether a command line runs `file` as a program (`./file ...` or `file` first in a step).
fn executes(cmd: &str, file: &str) -> bool {
    shell::steps(cmd).iter().any(|s| {
        let w = shell::words(&cmd[s.start..s.end]);
        w.first()
            .is_some_and(|c| c == file || c == &format!("./{file}"))
            || w.iter().any(|x| x == &format!("./{file}"))
            || (w.first().is_some_and(|c| c == "chmod") && w.iter().any(|x| x == file))
    })
}

fn replace_words(cmd: &str, file: &str, with: &str) -> String {
    let mut out = cmd.to_string();
    for word in [format!("./{file}"), file.to_string()] {
        let occ = shell::word_occurrences(&out, &word);
        for (s, e) in occ.into_iter().rev() {
            out.replace_range(s..e, with);
        }
    }
    out
}

fn shell_quote(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "._-+/=".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Replaces fetch steps (`(step, replacement, piped)`) and removes checksum steps, keeping every
/// other byte of the command line.
fn rebuild(
    cmd: &str,
    steps: &[(usize, usize)],
    replacements: &[(usize, String, bool)],
    dropped: &[usize],
) -> String {
    let mut out = String::new();
    for (i, (s, e)) in steps.iter().enumerate() {
        let next = steps.get(i + 1).map_or(cmd.len(), |n| n.0);
        let sep = &cmd[*e..next];
        if dropped.contains(&i) {
            if i == steps.len() - 1 {
                // The last step goes: drop the separator that led to it.
                let kept = out
                    .trim_end()
                    .trim_end_matches("&&")
                    .trim_end_matches(';')
                    .trim_end()
                    .len();
                out.truncate(kept);
            }
            continue;
        }
        let text = &cmd[*s..*e];
        match replacements.iter().find(|(step, _, _)| *step == i) {
            Some((_, replacement, piped)) => {
                let lead = &text[..text.len() - text.trim_start().len()];
                let trail = &text[text.trim_end().len()..];
                out.push_str(lead);
                out.push_str(replacement);
                if *piped {
                    let pipe = text.find('|').unwrap_or(text.len());
                    out.push(' ');
                    out.push_str(text[pipe..].trim_end());
                }
                out.push_str(trail);
            }
            None => out.push_str(text),
        }
        out.push_str(sep);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        shell::words(s)
    }

    #[test]
    fn recognizes_fetch_commands() {
        let f = parse_fetch(&w("curl -fsSL -o app.tgz https://x.example/app.tgz")).unwrap();
        assert_eq!(
            (f.kind, f.source.as_str(), f.dest.as_deref()),
            ("curl", "https://x.example/app.tgz", Some("app.tgz"))
        );
        let f = parse_fetch(&w("curl -O https://x.example/a/b.jar")).unwrap();
        assert_eq!(f.dest.as_deref(), Some("b.jar"));
        let f = parse_fetch(&w("curl -s https://x.example/a/b.jar")).unwrap();
        assert_eq!(f.dest, None);
        let f = parse_fetch(&w("wget -q http://python.org/ftp/Python-2.7.tgz")).unwrap();
        assert_eq!(f.dest.as_deref(), Some("Python-2.7.tgz"));
        let f = parse_fetch(&w("cp /vagrant/hello_world.py .")).unwrap();
        assert_eq!((f.kind, f.dest.as_deref()), ("cp", Some("hello_world.py")));
        let f = parse_fetch(&w("hdfs dfs -get hdfs://nn/apps/app.tar.gz app.tar.gz")).unwrap();
        assert_eq!(
            (f.kind, f.source.as_str()),
            ("hdfs", "hdfs://nn/apps/app.tar.gz")
        );
        let f = parse_fetch(&w("scp -P 2222 build@host:/out/app.zip .")).unwrap();
        assert_eq!((f.kind, f.dest.as_deref()), ("scp", Some("app.zip")));
        assert!(parse_fetch(&w("python -u hello.py")).is_none());
    }

    #[test]
    fn recognizes_checksums() {
        let h = "9f2c4e7d1b8a6f3e0c5d2a7b4e1f8c3d6a9b2e5f8c1d4a7b0e3f6c9d2a5b8e1f";
        let c = parse_check(&w(&format!("echo \"{h}  app.tar.gz\" | sha256sum -c -"))).unwrap();
        assert_eq!(c, ("sha256".into(), h.into(), Some("app.tar.gz".into())));
        let c = parse_check(&w("echo 41a67498ef7735d00bff7df1fc5d12d2")).unwrap();
        assert_eq!(c.0, "md5");
        assert!(parse_check(&w("echo hello")).is_none());
    }

    #[test]
    fn stage_rewrite_keeps_other_steps() {
        let cmd = "curl -o a.tgz https://x/a.tgz && echo \"h  a.tgz\" | sha256sum -c - && tar xzf a.tgz && rm -f a.tgz";
        let steps: Vec<(usize, usize)> =
            shell::steps(cmd).iter().map(|s| (s.start, s.end)).collect();
        let out = rebuild(cmd, &steps, &[(0, "cp X a.tgz".into(), false)], &[1]);
        assert_eq!(out, "cp X a.tgz && tar xzf a.tgz && rm -f a.tgz");
        let out = rebuild(
            "curl -s https://x/a.tgz | tar xz",
            &[(0, 32)],
            &[(0, "cat X".into(), true)],
            &[],
        );
        assert_eq!(out, "cat X | tar xz");
        let two = "wget -q http://x/a.tgz && echo \"h  a.tgz\" | md5sum -c - && tar xzf a.tgz && wget -q http://x/b.zip && unzip b.zip";
        let steps: Vec<(usize, usize)> =
            shell::steps(two).iter().map(|s| (s.start, s.end)).collect();
        let out = rebuild(two, &steps, &[(0, "cp A a.tgz".into(), false)], &[1]);
        assert_eq!(
            out,
            "cp A a.tgz && tar xzf a.tgz && wget -q http://x/b.zip && unzip b.zip"
        );
    }
}
