//! Writing a [`Drawing`]: Mermaid (what GitHub renders in Markdown), Graphviz DOT, and SVG laid
//! out by layout-rs (a Sugiyama-style layered layout, in Rust, with no system dependency).
//!
//! Every label is escaped for its format, so a process name cannot end a label or add markup.

use super::{Drawing, EdgeKind, JobGraph, NodeKind};
use std::fmt::Write;

/// The most nodes [`svg`] lays out: the layout's crossing reduction grows faster than linearly
/// with the number of nodes. DOT and Mermaid have no such limit.
pub const SVG_NODES: usize = 400;

fn node_id(job: usize, node: usize) -> String {
    format!("j{job}n{node}")
}

/// The drawing as a Graphviz `digraph`, one cluster per job.
pub fn dot(d: &Drawing) -> String {
    let mut out = String::from("digraph jobs {\n  rankdir=TB;\n  node [fontname=\"Helvetica\"];\n");
    for (j, g) in d.jobs.iter().enumerate() {
        let _ = writeln!(out, "  subgraph cluster_{j} {{");
        let _ = writeln!(out, "    label=\"{}\";", dot_text(&title_lines(g)));
        for (n, node) in g.nodes.iter().enumerate() {
            let look = match node.kind {
                NodeKind::Process => "shape=box, style=rounded",
                NodeKind::Input => "shape=cylinder",
            };
            let _ = writeln!(
                out,
                "    {} [{look}, label=\"{}\"];",
                node_id(j, n),
                dot_text(&node.lines)
            );
        }
        for e in &g.edges {
            let look = match e.kind {
                EdgeKind::Order => "",
                EdgeKind::Feeds => " [style=dashed]",
            };
            let _ = writeln!(
                out,
                "    {} -> {}{look};",
                node_id(j, e.from),
                node_id(j, e.to)
            );
        }
        out.push_str("  }\n");
    }
    out.push_str("}\n");
    out
}

/// The drawing as a Mermaid flowchart, one subgraph per job.
pub fn mermaid(d: &Drawing) -> String {
    let mut out = String::from("flowchart TD\n");
    for (j, g) in d.jobs.iter().enumerate() {
        let _ = writeln!(
            out,
            "  subgraph j{j}[\"{}\"]",
            mermaid_text(&title_lines(g))
        );
        for (n, node) in g.nodes.iter().enumerate() {
            let (open, close) = match node.kind {
                NodeKind::Process => ("(", ")"),
                NodeKind::Input => ("[(", ")]"),
            };
            let _ = writeln!(
                out,
                "    {}{open}\"{}\"{close}",
                node_id(j, n),
                mermaid_text(&node.lines)
            );
        }
        for e in &g.edges {
            let arrow = match e.kind {
                EdgeKind::Order => "-->",
                EdgeKind::Feeds => "-.->",
            };
            let _ = writeln!(
                out,
                "    {} {arrow} {}",
                node_id(j, e.from),
                node_id(j, e.to)
            );
        }
        out.push_str("  end\n");
    }
    out
}

/// The drawing as an SVG document: each job's title box above its processes, inputs shaded.
pub fn svg(d: &Drawing) -> Result<String, String> {
    use layout::backends::svg::SVGWriter;
    use layout::core::base::Orientation;
    use layout::core::color::Color;
    use layout::core::geometry::Point;
    use layout::core::style::{LineStyleKind, StyleAttr};
    use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
    use layout::topo::layout::VisualGraph;

    let total: usize = d.jobs.iter().map(|g| g.nodes.len() + 1).sum();
    if total > SVG_NODES {
        return Err(format!(
            "the graph has {total} nodes; SVG is laid out for at most {SVG_NODES} (draw it as dot or mermaid, or pick one job with --job)"
        ));
    }
    let dir = Orientation::TopToBottom;
    let look = |fill: &str, rounded: usize| {
        StyleAttr::new(
            Color::fast("black"),
            1,
            Some(Color::fast(fill)),
            rounded,
            14,
        )
    };
    let element = |lines: &[String], style: StyleAttr| {
        // layout-rs sizes a box from its text; an empty line would leave it no size at all.
        let text = if lines.iter().all(String::is_empty) {
            " ".to_string()
        } else {
            lines.join("\n")
        };
        let size = layout::core::geometry::get_size_for_str(&text, 14);
        Element::create(
            ShapeKind::new_box(&text),
            style,
            dir,
            Point::new(size.x + 20.0, size.y + 10.0),
        )
    };
    let mut vg = VisualGraph::new(dir);
    for g in &d.jobs {
        let title = vg.add_node(element(&title_lines(g), look("lightyellow", 0)));
        let handles: Vec<_> = g
            .nodes
            .iter()
            .map(|n| {
                let style = match n.kind {
                    NodeKind::Process => look("white", 10),
                    NodeKind::Input => look("lightblue", 0),
                };
                vg.add_node(element(&n.lines, style))
            })
            .collect();
        // The title sits above the nodes nothing else points at.
        for (n, h) in handles.iter().enumerate() {
            if !g.edges.iter().any(|e| e.to == n) {
                vg.add_edge(Arrow::invisible(), title, *h);
            }
        }
        for e in &g.edges {
            let line = match e.kind {
                EdgeKind::Order => LineStyleKind::Normal,
                EdgeKind::Feeds => LineStyleKind::Dashed,
            };
            let arrow = Arrow::new(
                LineEndKind::None,
                LineEndKind::Arrow,
                line,
                "",
                &StyleAttr::simple(),
                &None,
                &None,
            );
            vg.add_edge(arrow, handles[e.from], handles[e.to]);
        }
    }
    // The layout is a library's: should it fail on some graph, that is this command's error,
    // not a crash.
    let laid = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let mut svg = SVGWriter::new();
        vg.do_it(false, false, false, &mut svg);
        svg.finalize()
    }));
    laid.map_err(|_| "the SVG layout failed on this graph (draw it as dot or mermaid)".to_string())
}

/// A job's title box: its key, then its resources.
fn title_lines(g: &JobGraph) -> Vec<String> {
    let mut lines = vec![g.title.clone()];
    if !g.caption.is_empty() {
        lines.push(g.caption.clone());
    }
    lines
}

/// Lines as the inside of a DOT string: `\` and `"` escaped, control characters as `\n`-style
/// escapes DOT reads as text, lines joined with `\n`.
fn dot_text(lines: &[String]) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("\\n");
        }
        for c in line.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '"' => out.push_str("\\\""),
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
    }
    out
}

/// Lines as the inside of a quoted Mermaid label: markup characters as Mermaid's entity codes
/// (`#quot;`), lines joined with `<br/>`.
fn mermaid_text(lines: &[String]) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("<br/>");
        }
        for c in line.chars() {
            match c {
                '"' | '#' | '<' | '>' | '&' | '`' | '\\' | '[' | ']' | '{' | '}' | '|' => {
                    let _ = write!(out, "#{};", c as u32);
                }
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
    }
    out
}
