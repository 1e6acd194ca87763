//! Job graphs: each job's task drawn as processes (with what sets each apart in Thermos's run),
//! the order its constraints impose, the Nix inputs that feed its processes, and its resources
//! as a caption; written as Mermaid, Graphviz DOT or SVG ([`render`]).
//!
//! A drawing reads only a job's Aurora JSON: the same code draws a job before conversion (its
//! fetch processes included) and after it (the inputs Nix provides instead).

pub mod render;

use crate::aurora::jobs;
use serde_json::Value as J;

/// Several jobs' graphs, drawn together.
#[derive(Debug, Default)]
pub struct Drawing {
    pub jobs: Vec<JobGraph>,
}

/// One job's task.
#[derive(Debug)]
pub struct JobGraph {
    /// The job's key (`cluster/role/environment/name`).
    pub title: String,
    /// Its resources, on one line.
    pub caption: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

#[derive(Debug)]
pub struct Node {
    pub kind: NodeKind,
    /// The label's lines: a process's name then its traits; an input's name then its source.
    pub lines: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Process,
    Input,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// `from` runs before `to` (an ordering constraint).
    Order,
    /// Input `from` is used by process `to`.
    Feeds,
}

/// An input a drawing shows as its own node, feeding every process whose JSON mentions
/// `marker` (for a converted job: the reference its store path replaces).
#[derive(Debug)]
pub struct Feed {
    pub lines: Vec<String>,
    pub marker: String,
}

impl JobGraph {
    /// The graph of one job; `feeds` that no process mentions are left out.
    pub fn of(job: &J, feeds: &[Feed]) -> JobGraph {
        let shape = jobs::task_shape(job);
        let mut nodes: Vec<Node> = shape
            .processes
            .iter()
            .map(|p| Node {
                kind: NodeKind::Process,
                lines: std::iter::once(p.name.clone())
                    .chain(p.traits.iter().cloned())
                    .collect(),
            })
            .collect();
        // A name two processes share (Aurora refuses it) stands for the first of them.
        let index = |name: &str| shape.processes.iter().position(|p| p.name == name);
        let mut edges: Vec<Edge> = shape
            .order
            .iter()
            .filter_map(|(a, b)| {
                Some(Edge {
                    from: index(a)?,
                    to: index(b)?,
                    kind: EdgeKind::Order,
                })
            })
            .collect();
        for feed in feeds {
            let users: Vec<usize> = (0..shape.processes.len())
                .filter(|&i| jobs::path_of_text(shape.processes[i].json, &feed.marker).is_some())
                .collect();
            if users.is_empty() {
                continue;
            }
            let from = nodes.len();
            nodes.push(Node {
                kind: NodeKind::Input,
                lines: feed.lines.clone(),
            });
            edges.extend(users.into_iter().map(|to| Edge {
                from,
                to,
                kind: EdgeKind::Feeds,
            }));
        }
        JobGraph {
            title: jobs::key(job),
            caption: shape.resources.join(" · "),
            nodes,
            edges,
        }
    }
}
