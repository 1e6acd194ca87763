//! `verify`'s proof of the launch path: real pystachio, with Aurora's schema and the launcher
//! `convert` wrote (`OUT/aurora2nix-launch.aurora`), rebuilds the jobs of every document Nix
//! printed (`launch_check.py`, one Python process for all files), and they must be the jobs
//! Nix printed. Python comes from `AURORA2NIX_PYTHON`, else the first of `python2.7`,
//! `python3` and `python` that imports pystachio; without one the check is skipped, and said so.

use serde_json::Value as J;
use std::collections::BTreeMap;
use std::path::Path;

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

/// The jobs the launcher rebuilds from each document, or why it could not: one entry per
/// document, in order; `Err` for all when Python cannot run the driver.
pub fn rebuild(
    python: &str,
    launcher: &Path,
    documents: &[&J],
) -> Result<Vec<Result<Vec<J>, String>>, String> {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run_id = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir =
        std::env::temp_dir().join(format!("aurora2nix-launch-{}-{run_id}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let run = || -> Result<Vec<Result<Vec<J>, String>>, String> {
        let driver = dir.join("launch_check.py");
        let prelude = dir.join("prelude.py");
        std::fs::write(&driver, DRIVER).map_err(|e| e.to_string())?;
        std::fs::write(&prelude, crate::aurora::runtime::PRELUDE).map_err(|e| e.to_string())?;
        let mut args = vec![
            driver.display().to_string(),
            prelude.display().to_string(),
            std::path::absolute(launcher)
                .unwrap_or_else(|_| launcher.to_path_buf())
                .display()
                .to_string(),
        ];
        for (i, d) in documents.iter().enumerate() {
            let p = dir.join(format!("{i}.json"));
            std::fs::write(&p, d.to_string()).map_err(|e| e.to_string())?;
            args.push(p.display().to_string());
        }
        let out = std::process::Command::new(python)
            .args(&args)
            .output()
            .map_err(|e| format!("cannot run {python}: {e}"))?;
        let lines: Vec<&str> = std::str::from_utf8(&out.stdout)
            .unwrap_or_default()
            .lines()
            .collect();
        if !out.status.success() || lines.len() != documents.len() {
            return Err(format!(
                "{python} could not run the launcher: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(lines
            .iter()
            .map(|l| {
                let v: J = serde_json::from_str(l).map_err(|e| e.to_string())?;
                match (v.get("jobs"), v.get("error")) {
                    (Some(J::Array(jobs)), _) => Ok(jobs.clone()),
                    (_, Some(e)) => Err(e.as_str().unwrap_or_default().to_string()),
                    _ => Err(format!("unexpected output {l}")),
                }
            })
            .collect())
    };
    let result = run();
    let _ = std::fs::remove_dir_all(&dir);
    result
}
