//! `aurora2nix graph`: each job's task as a graph (see [`crate::graph`]), after conversion (the
//! Nix inputs that replaced its fetch processes as their own nodes) or, with `--before`, as the
//! `.aurora` defines it. The jobs drawn are those `convert` writes, which `verify` proves real
//! Nix evaluates to.

use super::convert::{self as cv, ConvertOptions, Converted};
use super::inputs::{Input, Interrupted};
use super::Console;
use crate::aurora::jobs;
use crate::graph::{render, Drawing, Feed, JobGraph};
use crate::packages::{artifact_ref, Lock, Plan};

/// How `graph` writes its drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Mermaid flowchart (GitHub renders it in Markdown).
    Mermaid,
    /// A Graphviz digraph.
    Dot,
    /// An SVG image.
    Svg,
}

pub struct GraphOptions<'a> {
    pub format: Format,
    /// The jobs as the `.aurora` defines them, before conversion.
    pub before: bool,
    /// The file to write (atomically), instead of standard output.
    pub output: Option<&'a std::path::Path>,
}

/// The inputs of a plan as nodes of its jobs' graphs: each feeds the processes that use its
/// store path.
fn feeds(plan: &Plan) -> Vec<Feed> {
    plan.inputs
        .iter()
        .map(|i| Feed {
            lines: vec![i.store_name.clone(), format!("from {}", i.source)],
            marker: artifact_ref(&i.binding),
        })
        .collect()
}

/// One converted config's job graphs, before or after conversion, in job order.
pub fn graphs(c: &Converted, before: bool) -> Vec<JobGraph> {
    if before {
        c.before.iter().map(|j| JobGraph::of(j, &[])).collect()
    } else {
        let feeds = feeds(&c.plan);
        c.shown(&c.plan.jobs)
            .iter()
            .map(|j| JobGraph::of(j, &feeds))
            .collect()
    }
}

/// Each job conversion changed, as `(key, before, after)` Mermaid flowcharts.
pub fn changed_mermaid(c: &Converted) -> Vec<(String, String, String)> {
    let after = c.shown(&c.plan.resolved_jobs());
    let (b, a) = (graphs(c, true), graphs(c, false));
    c.before
        .iter()
        .zip(after.iter())
        .zip(b.into_iter().zip(a))
        .filter(|((before, after), _)| !jobs::differences(before, after).is_empty())
        .map(|((before, _), (gb, ga))| {
            let one = |g| render::mermaid(&Drawing { jobs: vec![g] });
            (jobs::key(before), one(gb), one(ga))
        })
        .collect()
}

/// Runs `graph`. Exit codes: 0 drawn, 1 a config failed (the others are drawn), there is no job
/// to draw, the SVG layout failed or the output cannot be written, 130 interrupted.
pub fn run(
    con: &mut Console,
    opts: &ConvertOptions,
    files: &[Input],
    lock: &Lock,
    g: &GraphOptions,
) -> i32 {
    let mut drawing = Drawing::default();
    let mut code = 0;
    for job in cv::jobs(files) {
        if super::interrupted() {
            return Interrupted::CODE;
        }
        match cv::convert_one(&job, opts, lock) {
            Ok(c) => drawing.jobs.extend(graphs(&c, g.before)),
            Err(e) => {
                let _ = write!(con.err, "{}", e.render());
                code = 1;
            }
        }
    }
    if drawing.jobs.is_empty() {
        if code == 0 {
            let _ = writeln!(con.err, "error: no job to draw");
        }
        return 1;
    }
    let text = match g.format {
        Format::Mermaid => render::mermaid(&drawing),
        Format::Dot => render::dot(&drawing),
        Format::Svg => match render::svg(&drawing) {
            Ok(s) => s,
            Err(m) => {
                let _ = writeln!(con.err, "error: {m}");
                return 1;
            }
        },
    };
    match g.output {
        None => {
            let _ = con.out.write_all(text.as_bytes());
        }
        Some(path) => {
            if let Err(e) = cv::write_atomic(path, &text) {
                let _ = writeln!(con.err, "error: cannot write {}: {e}", path.display());
                return 1;
            }
        }
    }
    code
}
