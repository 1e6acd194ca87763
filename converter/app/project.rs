//! The project: `aurora2nix.toml` at the repository root (found from the working directory
//! upward, or named by `--config`), whose settings every command reads, so that `convert`,
//! `verify`, `diff`, `report` and `lock` agree without repeating flags. Flags override it.
//! Without a project file the project root is the working directory.

use super::FileError;
use crate::aurora::JobBindings;
use crate::diagnostic::{Code, Diagnostic};
use crate::packages::Realise;
use python::{SourceMap, Span};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The project file's name.
pub const FILE_NAME: &str = "aurora2nix.toml";

/// The largest project file read.
const MAX_SIZE: u64 = 1 << 20;

/// What `aurora2nix.toml` may say; every path is relative to the file's folder.
#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// Configs, directories (searched for `**/*.aurora`) or globs, when the command names none
    /// (default: the project root).
    #[serde(default)]
    pub inputs: Vec<String>,
    /// Globs of configs to leave out, matched against paths relative to the project root.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// The output tree.
    pub out: Option<PathBuf>,
    /// Files may only be read below this directory (default: the project root).
    pub root: Option<PathBuf>,
    /// The lock file (default: `aurora2nix.lock` next to the project file).
    pub lock: Option<PathBuf>,
    /// The Docker registry `aurora2nix lock` resolves `{{docker.image[NAME][TAG]}}` refs
    /// against (`--docker-registry`; default: Docker Hub's, as Aurora's clusters).
    pub docker_registry: Option<String>,
    pub realise: Option<Realise>,
    /// What `os.environ` and `getpass.getuser()` see (default: the process environment).
    pub env: Option<BTreeMap<String, String>>,
    /// `--bind` values for every config.
    #[serde(default)]
    pub bind: BTreeMap<String, Scalar>,
    /// Submit-time parameters: each NAME is left for `aurora job create --bind NAME=VALUE` and
    /// becomes an argument of the Nix files that use it; the value is its sample (a string),
    /// several sample sets (a list), or none (`[]`).
    #[serde(default)]
    pub param: BTreeMap<String, Samples>,
    /// Give each parameter its first sample as the Nix file's default (`--param-defaults`).
    pub param_defaults: Option<bool>,
    /// `--bind` values for the configs or jobs an entry matches.
    #[serde(default)]
    pub bind_for: Vec<Scoped>,
    /// Directories outside the root whose files `cp`/`rsync` sources may be hashed from (and so
    /// copied into the world-readable Nix store).
    #[serde(default)]
    pub allow_sources: Vec<PathBuf>,
    /// The scheduler's tier list (`--tiers`), for `eval`'s tier backfill.
    pub tiers: Option<PathBuf>,
}

/// A binding value: TOML strings, numbers and booleans all bind as their text, as `--bind`.
#[derive(Deserialize, Debug, Clone)]
#[serde(untagged)]
pub enum Scalar {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Str(s) => s.clone(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
        }
    }
}

/// A parameter's sample values in the project file: one, a list, or none.
#[derive(Deserialize, Debug, Clone)]
#[serde(untagged)]
pub enum Samples {
    One(Scalar),
    Many(Vec<Scalar>),
}

/// `[[bind-for]]`: bindings for the configs matching `configs` or the jobs matching `jobs`.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Scoped {
    /// A glob of config paths relative to the project root (`services/heron/**/*.aurora`).
    pub configs: Option<String>,
    /// A glob of job keys, `CLUSTER/ROLE/ENV/NAME` (`west/*/prod/*`).
    pub jobs: Option<String>,
    pub bind: BTreeMap<String, Scalar>,
}

/// The project: its root and settings.
#[derive(Debug, Default)]
pub struct Project {
    /// The absolute project root: the project file's folder, else the working directory.
    pub dir: PathBuf,
    /// The project file, if there is one.
    pub file: Option<PathBuf>,
    pub settings: Settings,
}

impl Project {
    /// The project of `explicit` (`--config`), else the nearest `aurora2nix.toml` from `cwd`
    /// upward, else none (rooted at `cwd`).
    pub fn find(explicit: Option<&Path>, cwd: &Path) -> Result<Project, FileError> {
        let file = match explicit {
            Some(f) => Some(f.to_path_buf()),
            None => cwd
                .ancestors()
                .map(|d| d.join(FILE_NAME))
                .find(|f| f.is_file()),
        };
        let Some(file) = file else {
            return Ok(Project {
                dir: cwd.to_path_buf(),
                ..Default::default()
            });
        };
        let shown = file.display().to_string();
        let text = super::read_settings_file(&file, &shown, MAX_SIZE)?;
        let settings = parse(&file, &shown, text)?;
        let abs = std::path::absolute(&file).unwrap_or(file);
        Ok(Project {
            dir: abs.parent().map(Path::to_path_buf).unwrap_or_default(),
            file: Some(abs),
            settings,
        })
    }

    /// A path from the project file, resolved against the project root; relative to the
    /// working directory when the project is below it, so messages show what a user types.
    pub fn path(&self, p: &Path) -> PathBuf {
        tidy(&self.shown_dir().join(p))
    }

    /// The project root as messages show it: relative to the working directory when below it
    /// (empty when it is the working directory), else absolute.
    pub fn shown_dir(&self) -> PathBuf {
        let cwd = std::env::current_dir().unwrap_or_default();
        match self.dir.strip_prefix(&cwd) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => self.dir.clone(),
        }
    }

    /// The global bindings (`[bind]`; its keys are unique, so their order does not matter).
    pub fn bindings(&self) -> Vec<(String, String)> {
        pairs(&self.settings.bind)
    }

    /// The bindings for a config at `rel` (relative to the project root).
    pub fn config_bindings(&self, rel: &Path) -> Vec<(String, String)> {
        self.settings
            .bind_for
            .iter()
            .filter(|s| {
                s.configs.as_deref().is_some_and(|g| {
                    glob::Pattern::new(g)
                        .is_ok_and(|p| p.matches_path_with(rel, crate::aurora::GLOB_MATCH))
                })
            })
            .flat_map(|s| pairs(&s.bind))
            .collect()
    }

    /// The `[param]` entries, by name, with their samples as text.
    pub fn params(&self) -> Vec<(String, Vec<String>)> {
        (self.settings.param.iter())
            .map(|(name, s)| {
                let samples = match s {
                    Samples::One(v) => vec![v.text()],
                    Samples::Many(vs) => vs.iter().map(Scalar::text).collect(),
                };
                (name.clone(), samples)
            })
            .collect()
    }

    /// The per-job-key bindings.
    pub fn job_bindings(&self) -> Vec<JobBindings> {
        self.settings
            .bind_for
            .iter()
            .filter_map(|s| Some((glob::Pattern::new(s.jobs.as_deref()?).ok()?, pairs(&s.bind))))
            .collect()
    }
}

/// `p` without its `.` components (`./jobs/./a` is `jobs/a`), `.` when nothing is left: paths
/// as a user types them, whether they were joined to `.` or found by walking it.
pub fn tidy(p: &Path) -> PathBuf {
    let t: PathBuf = p
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if t.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        t
    }
}

fn pairs(m: &BTreeMap<String, Scalar>) -> Vec<(String, String)> {
    m.iter().map(|(k, v)| (k.clone(), v.text())).collect()
}

/// Parses the project file, with diagnostics that point into it.
fn parse(file: &Path, shown: &str, text: String) -> Result<Settings, FileError> {
    let located = |message: String, range: Option<std::ops::Range<usize>>, text: &str| {
        let mut sources = SourceMap::default();
        let id = sources.add(file, shown.to_string(), text.to_string());
        let mut d = Diagnostic::error(Code::Usage, message);
        if let Some(r) = range {
            d = d.at(Span::new(id, r.start as u32, r.end.max(r.start) as u32));
        }
        FileError {
            diagnostic: Box::new(d),
            sources,
            file: shown.to_string(),
            includes: Vec::new(),
        }
    };
    let settings: Settings = toml::from_str(&text).map_err(|e| {
        located(
            format!("{FILE_NAME}: {}", e.message().trim_end()),
            e.span(),
            &text,
        )
    })?;
    // Patterns are checked here, once, so a typo is an error at its line, not a silent no-match.
    let find = |needle: &str| text.find(needle).map(|i| i..i + needle.len());
    let patterns = settings
        .exclude
        .iter()
        .chain(settings.bind_for.iter().filter_map(|s| s.configs.as_ref()))
        .chain(settings.bind_for.iter().filter_map(|s| s.jobs.as_ref()));
    for p in patterns {
        if let Err(e) = glob::Pattern::new(p) {
            return Err(located(
                format!("{FILE_NAME}: bad pattern {p:?}: {e}"),
                find(p),
                &text,
            ));
        }
    }
    if let Some(url) = &settings.docker_registry {
        if let Err(m) = crate::packages::docker::registry_url(url) {
            return Err(located(
                format!("{FILE_NAME}: docker-registry: {m}"),
                find(url),
                &text,
            ));
        }
    }
    for (i, s) in settings.bind_for.iter().enumerate() {
        if s.configs.is_some() == s.jobs.is_some() {
            return Err(located(
                format!(
                    "{FILE_NAME}: [[bind-for]] entry {} needs exactly one of `configs` (a glob of config paths) or `jobs` (a glob of job keys)",
                    i + 1
                ),
                None,
                &text,
            ));
        }
    }
    for key in settings
        .bind
        .keys()
        .chain(settings.bind_for.iter().flat_map(|s| s.bind.keys()))
    {
        if let Err(m) = crate::aurora::parse_binding(&format!("{key}=x")) {
            return Err(located(format!("{FILE_NAME}: {m}"), find(key), &text));
        }
    }
    Ok(settings)
}
