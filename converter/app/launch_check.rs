//! `verify`'s proof of the launch path: real pystachio, with Aurora's schema and the launcher
//! `convert` wrote (`OUT/aurora2nix-launch.aurora`), rebuilds the jobs of every document Nix
//! printed (`launch_check.py`, one Python process for all files, each document on disk until
//! then), and they must be the jobs Nix printed. Python comes from `AURORA2NIX_PYTHON`, else the
//! first of `python2.7`, `python3` and `python` that imports pystachio; without one the check is
//! skipped, and said so.

use serde_json::Value as J;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const DRIVER: &str = include_str!("launch_check.py");

/// A Python that imports pystachio.
pub fn python(env: &BTreeMap<String, String>) -> Option<String> {
    let candidates: Vec<String> = match env.get("AURORA2NIX_PYTHON") {
        Some(p) => vec![p.clone()],
        None => ["python2.7", "python3", "python"]
            .map(String::from)
            .to_vec(),
    };
    candidates.into_iter().find(|p| {
        std::process::Command::new(p)
            .args(["-c", "import pystachio"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// The documents Nix printed, each written to a file of a temporary folder as verify receives
/// it, so that what waits for the one Python process is on disk, not in memory. The folder is
/// removed when this is dropped.
pub struct Documents {
    dir: PathBuf,
    count: usize,
    /// Why a document could not be written: the check cannot run.
    failed: Option<String>,
}

impl Default for Documents {
    /// An empty set of documents in a new temporary folder.
    fn default() -> Documents {
        static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let run_id = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("aurora2nix-launch-{}-{run_id}", std::process::id()));
        let failed = std::fs::create_dir_all(&dir).err().map(|e| e.to_string());
        Documents {
            dir,
            count: 0,
            failed,
        }
    }
}

impl Documents {
    /// Adds a document; they are numbered from 0 in the order they are added.
    pub fn add(&mut self, document: &J) {
        if self.failed.is_none() {
            let path = self.document(self.count);
            if let Err(e) = std::fs::write(&path, document.to_string()) {
                self.failed = Some(e.to_string());
            }
        }
        self.count += 1;
    }

    /// How many documents were added.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether no document was added.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn document(&self, n: usize) -> PathBuf {
        self.dir.join(format!("{n}.json"))
    }

    /// Runs the launcher on every document in one Python process, handing `each` a document's
    /// number, the document, and the jobs the launcher rebuilt from it (or why it could not) as
    /// Python prints them. `Err` when Python could not run the driver: then what `each` was
    /// handed is not to be used.
    pub fn rebuild(
        &self,
        python: &str,
        launcher: &Path,
        mut each: impl FnMut(usize, J, Result<Vec<J>, String>),
    ) -> Result<(), String> {
        use std::io::BufRead;
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let driver = self.dir.join("launch_check.py");
        let prelude = self.dir.join("prelude.py");
        let stderr = self.dir.join("stderr.txt");
        std::fs::write(&driver, DRIVER).map_err(|e| e.to_string())?;
        std::fs::write(&prelude, crate::aurora::runtime::PRELUDE).map_err(|e| e.to_string())?;
        let launcher = std::path::absolute(launcher).unwrap_or_else(|_| launcher.to_path_buf());
        let mut child = std::process::Command::new(python)
            .arg(&driver)
            .arg(&prelude)
            .arg(&launcher)
            .args((0..self.count).map(|n| self.document(n)))
            .stdout(std::process::Stdio::piped())
            .stderr(std::fs::File::create(&stderr).map_err(|e| e.to_string())?)
            .spawn()
            .map_err(|e| format!("cannot run {python}: {e}"))?;
        let mut lines = 0;
        if let Some(out) = child.stdout.take() {
            for line in std::io::BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if lines < self.count {
                    let document = std::fs::read_to_string(self.document(lines))
                        .ok()
                        .and_then(|t| serde_json::from_str(&t).ok())
                        .unwrap_or(J::Null);
                    each(lines, document, parse(&line));
                }
                lines += 1;
            }
        }
        let status = child.wait().map_err(|e| e.to_string())?;
        if !status.success() || lines != self.count {
            return Err(format!(
                "{python} could not run the launcher: {}",
                std::fs::read_to_string(&stderr).unwrap_or_default().trim()
            ));
        }
        Ok(())
    }
}

impl Drop for Documents {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One line of the driver's output: the rebuilt jobs, or the launcher's error.
fn parse(line: &str) -> Result<Vec<J>, String> {
    let v: J = serde_json::from_str(line).map_err(|e| e.to_string())?;
    match (v.get("jobs"), v.get("error")) {
        (Some(J::Array(jobs)), _) => Ok(jobs.clone()),
        (_, Some(e)) => Err(e.as_str().unwrap_or_default().to_string()),
        _ => Err(format!("unexpected output {line}")),
    }
}
