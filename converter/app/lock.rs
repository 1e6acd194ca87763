//! `aurora2nix lock`: pins every source the configs fetch that no checksum pins, by
//! downloading it, and every `{{docker.image[NAME][TAG]}}` image, by asking the Docker
//! registry, into `aurora2nix.lock`.

use super::inputs::{parallel_map, Input, Interrupted};
use super::Console;
use crate::aurora::{self, EvalOptions};
use crate::diagnostic::{self, Code, Diagnostic};
use crate::packages::{self, lock::Filled, Lock, PlanOptions};
use python::SourceMap;
use std::path::Path;

/// Runs `lock`: 0 when every source and image is pinned, 1 when some need attention (or a
/// config does not evaluate), 2 when the lock file cannot be read or written. Entries no config
/// uses are reported, and removed with `prune`. Images are resolved on `registry` (a checked
/// registry URL); one that cannot be resolved gets no entry.
pub fn run(
    con: &mut Console,
    opts: &EvalOptions,
    plan_opts: &PlanOptions,
    files: &[Input],
    path: &Path,
    registry: &str,
    prune: bool,
) -> i32 {
    let mut lock = match Lock::load(path) {
        Ok(l) => l,
        Err(m) => {
            let d = Diagnostic::error(Code::Usage, m);
            let _ = write!(
                con.err,
                "{}",
                diagnostic::render(&d, &SourceMap::default(), &path.display().to_string())
            );
            return 2;
        }
    };
    // Evaluated with the images pinned so far (the others stay literal, as in `eval`).
    let mut opts = opts.clone();
    opts.docker_images = std::sync::Arc::new(lock.docker.clone());
    let opts = &opts;
    let found = parallel_map(files, |input| {
        let ev = super::eval::evaluate(input, opts)?;
        let dir = std::path::absolute(&input.path)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let mappings = packages::plan(
            &ev.jobs,
            &ev.deps,
            &dir,
            &ev.root,
            &dir.join("x.nix"),
            &lock,
            plan_opts,
        )
        .mappings;
        let fetched: Vec<String> = mappings.iter().map(|m| m.source.clone()).collect();
        let unpinned: Vec<String> = mappings
            .into_iter()
            .filter(|m| m.input.is_none() && !m.note.contains("several files"))
            .map(|m| m.source)
            .collect();
        Ok::<_, super::FileError>((unpinned, fetched, ev.includes, ev.docker_images))
    });
    let Ok(found) = found else {
        return Interrupted::CODE;
    };
    let runs: Vec<_> = files
        .iter()
        .zip(&found)
        .map(|(input, r)| match r {
            Ok((_, _, includes, _)) => (input, true, includes.as_slice()),
            Err(e) => (input, false, e.includes.as_slice()),
        })
        .collect();
    let included_by = super::libraries(&runs);
    let mut code = 0;
    let mut sources = Vec::new();
    let mut fetched = std::collections::BTreeSet::new();
    let mut images = std::collections::BTreeSet::new();
    let mut complete = true;
    for (r, by) in found.into_iter().zip(included_by) {
        match r {
            Ok((s, all, _, docker)) => {
                sources.extend(s);
                fetched.extend(all);
                images.extend(docker);
            }
            // A library: its includers' evaluations hold its fetches.
            Err(_) if !by.is_empty() => {}
            Err(e) => {
                // A config that does not evaluate may fetch anything: its sources are unknown.
                code = 1;
                complete = false;
                let _ = writeln!(con.err, "not locked: {}", e.line());
            }
        }
    }
    sources.sort();
    sources.dedup();
    let results = packages::lock::fill(&mut lock, &sources);
    let mut attention = 0;
    for r in &results {
        match r {
            Filled::Hashed { source, hash } => {
                let _ = writeln!(con.err, "pinned {source}: {hash}");
            }
            Filled::NeedsUrl { source } => {
                code = 1;
                let _ = writeln!(con.err, "needs a URL: {source} (set its \"url\" in {}, then run `aurora2nix lock` again)", path.display());
            }
            Filled::Failed { source, error } => {
                code = 1;
                let _ = writeln!(
                    con.err,
                    "failed: {}: {}",
                    super::shown(source),
                    super::shown(error)
                );
            }
        }
    }
    // Images: each one no entry pins is asked of the registry; a failure adds no entry.
    let mut images_pinned = 0;
    for (name, tag) in &images {
        let key = aurora::docker::pin_key(name, tag);
        if lock.docker.contains_key(&key) {
            continue;
        }
        match packages::docker::resolve(registry, name, tag) {
            Ok(reference) => {
                images_pinned += 1;
                let _ = writeln!(con.err, "pinned {key}: {reference}");
                lock.docker.insert(key, reference);
            }
            Err(error) => {
                code = 1;
                attention += 1;
                let _ = writeln!(
                    con.err,
                    "failed: {}: {} (registry {registry})",
                    super::shown(&key),
                    super::shown(&error)
                );
            }
        }
    }
    let used: Vec<String> = images
        .iter()
        .map(|(n, t)| aurora::docker::pin_key(n, t))
        .collect();
    let unused_images: Vec<String> = lock
        .docker
        .keys()
        .filter(|k| complete && !used.contains(*k))
        .cloned()
        .collect();
    for image in &unused_images {
        if prune {
            lock.docker.remove(image);
            let _ = writeln!(
                con.err,
                "pruned unused docker entry: {}",
                super::shown(image)
            );
        } else {
            let _ = writeln!(
                con.err,
                "unused: docker {} (no config names it; `aurora2nix lock --prune` removes it)",
                super::shown(image)
            );
        }
    }
    // Entries nothing fetches: only a run over every config can tell (a failed one may use them).
    let unused: Vec<String> = lock
        .sources
        .keys()
        .filter(|s| complete && !fetched.contains(*s))
        .cloned()
        .collect();
    for source in &unused {
        if prune {
            lock.sources.remove(source);
            let _ = writeln!(con.err, "pruned unused entry: {}", super::shown(source));
        } else {
            let _ = writeln!(
                con.err,
                "unused: {} (no config fetches it; `aurora2nix lock --prune` removes it)",
                super::shown(source)
            );
        }
    }
    let text = lock.to_text();
    let changed = std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str());
    if changed {
        if let Err(e) = super::convert::write_atomic(path, &text) {
            let _ = writeln!(con.err, "cannot write {}: {e}", path.display());
            return 2;
        }
    }
    let pinned = results
        .iter()
        .filter(|r| matches!(r, Filled::Hashed { .. }))
        .count();
    let hashed = lock.sources.values().filter(|e| !e.hash.is_empty()).count();
    let already = hashed.saturating_sub(pinned) + lock.docker.len().saturating_sub(images_pinned);
    if !con.quiet || code != 0 {
        let _ = writeln!(
            con.err,
            "{} newly pinned, {already} already pinned, {} need attention; {} {}",
            pinned + images_pinned,
            results.len() - pinned + attention,
            if changed { "wrote" } else { "unchanged:" },
            path.display()
        );
    }
    code
}
