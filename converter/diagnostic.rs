//! Diagnostics: what went wrong, where, and what to do about it.
//!
//! A [`Diagnostic`] is data: a stable [`Code`], a message, an optional [`Span`] and hints.
//! Stages return them; [`render`] is the one place that turns them into rustc-style text with the
//! source line underlined, [`one_line`] the one place for the `file:line:col: ...` form, and
//! [`Diagnostic::to_json`] the one place for the machine-readable form. Codes are documented in
//! MIGRATION.md (a test keeps the two in step) and never renumbered.

use python::{SourceMap, Span};
use std::fmt::Write;

/// Stable diagnostic codes. The number is part of the user-facing contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    /// The file is not valid Python 2.7.
    Syntax,
    /// A Python exception escaped the config (NameError, TypeError, ...).
    PythonError,
    /// A Struct was given a field its schema does not have.
    UnknownAttribute,
    /// A job failed pystachio's type check (`check()`).
    TypeCheck,
    /// The config defines no job, or `--job` matched none or several.
    JobSelection,
    /// An `import` of a module outside the allow-list.
    ImportNotAllowed,
    /// The config tried to leave the sandbox (file outside the root, interpreter internals).
    Sandbox,
    /// A resource limit was reached (steps, recursion, size).
    Limit,
    /// A template could not be interpolated (self reference, invalid ref).
    Template,
    /// A file could not be read (missing, not UTF-8, not a file).
    Io,
    /// A command-line argument is malformed.
    Usage,
    /// A value cannot be written as Nix (NUL in a string, an infinite float).
    NotNix,
    /// A submit-time parameter cannot become an argument of the Nix file: Python code
    /// consumes it, or it names part of another ref.
    Parameter,
    /// A submit-time parameter has no sample value, so the client's checks on the bound job
    /// run only when Nix binds it (a warning).
    ParamUnchecked,
    /// The result depends on the environment or on file contents (a warning).
    Dependency,
    /// A float Nix 2.8 would print rounded (a warning).
    FloatPrecision,
    /// A fetch process could not be mapped to a Nix input and was kept verbatim (a warning).
    NotMapped,
    /// An artifact is pinned only by md5/sha1, or its checksum no longer matches (a warning).
    WeakChecksum,
    /// A file from outside the repository is copied into the world-readable Nix store (a
    /// warning).
    Exposed,
    /// Several tiers of the `--tiers` list fit a job that sets no tier: the file's first is
    /// taken, Aurora's pick depends on the scheduler's set order (a warning).
    TierChoice,
    /// A `{{docker.image[NAME][TAG]}}` ref no lock entry pins is left as written (a warning):
    /// Aurora's client resolves it at submit time.
    DockerUnpinned,
    /// A generated file differs from the `.aurora` (verify).
    NotEquivalent,
    /// A generated file is older than what `convert` would write now.
    Stale,
    /// Nix could not evaluate a generated file, or is missing.
    Nix,
    /// aurora2nix itself failed; please report it.
    Internal,
    /// A check of Aurora's client after evaluation (`E0030`…, `W0006`…): the codes are the
    /// rules' own (`aurora::client::rules`).
    Client(&'static str),
}

impl Code {
    /// Every code, in the order MIGRATION.md lists them.
    pub const ALL: &'static [Code] = &[
        Code::Syntax,
        Code::PythonError,
        Code::UnknownAttribute,
        Code::TypeCheck,
        Code::JobSelection,
        Code::ImportNotAllowed,
        Code::Sandbox,
        Code::Limit,
        Code::Template,
        Code::Io,
        Code::Usage,
        Code::NotNix,
        Code::Parameter,
        Code::NotEquivalent,
        Code::Stale,
        Code::Nix,
        Code::Internal,
        Code::Dependency,
        Code::FloatPrecision,
        Code::NotMapped,
        Code::WeakChecksum,
        Code::Exposed,
        Code::TierChoice,
        Code::DockerUnpinned,
        Code::ParamUnchecked,
    ];

    /// The stable code, e.g. `E0003`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "E0001",
            Code::PythonError => "E0002",
            Code::UnknownAttribute => "E0003",
            Code::TypeCheck => "E0004",
            Code::JobSelection => "E0006",
            Code::ImportNotAllowed => "E0007",
            Code::Sandbox => "E0008",
            Code::Limit => "E0009",
            Code::Template => "E0010",
            Code::Io => "E0011",
            Code::Usage => "E0012",
            Code::NotNix => "E0013",
            Code::Parameter => "E0014",
            Code::ParamUnchecked => "W0013",
            Code::Dependency => "W0001",
            Code::FloatPrecision => "W0002",
            Code::NotMapped => "W0003",
            Code::WeakChecksum => "W0004",
            Code::Exposed => "W0005",
            Code::TierChoice => "W0011",
            Code::DockerUnpinned => "W0012",
            Code::NotEquivalent => "E0020",
            Code::Stale => "E0021",
            Code::Nix => "E0022",
            Code::Internal => "E0099",
            Code::Client(code) => code,
        }
    }
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// `error` or `warning`, as diagnostics print it.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in a config.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub span: Option<Span>,
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error with a code and message and no location yet.
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span: None,
            hints: Vec::new(),
        }
    }

    /// A warning with a code and message.
    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Attaches a location unless one is already set.
    pub fn at(mut self, span: Span) -> Diagnostic {
        self.span.get_or_insert(span);
        self
    }

    /// Adds a hint line.
    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hints.push(hint.into());
        self
    }

    /// `{code, severity, message, file, line, column, hints}`: the machine-readable form.
    pub fn to_json(&self, sources: &SourceMap, fallback_path: &str) -> serde_json::Value {
        let (file, line, column) = match self.span.filter(|s| (s.file.0 as usize) < sources.len()) {
            Some(span) => {
                let p = sources.position(span.file, span.start);
                (
                    sources.file(span.file).display.clone(),
                    Some(p.line),
                    Some(p.column),
                )
            }
            None => (fallback_path.to_string(), None, None),
        };
        serde_json::json!({
            "code": self.code.as_str(),
            "severity": self.severity.label(),
            "message": self.message,
            "file": file,
            "line": line,
            "column": column,
            "hints": self.hints,
        })
    }
}

/// `s` with its control characters written as escapes (`\n`, `\u{1b}`), except those `keep`
/// lets through: the one rule for showing input text on one line, in a comment or on a terminal.
pub fn escape_controls(s: &str, keep: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| c.is_control() && !keep(c);
    if !s.chars().any(escaped) {
        return s.into();
    }
    s.chars()
        .map(|c| {
            if escaped(c) {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// Text for a terminal: control characters from the input (an escape sequence, a carriage
/// return) escaped so they cannot drive the terminal; line breaks stay (Aurora's own messages
/// have them).
fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    escape_controls(s, |c| c == '\n')
}

/// The span of a diagnostic, if it points into `sources`.
fn located(d: &Diagnostic, sources: &SourceMap) -> Option<Span> {
    d.span.filter(|s| (s.file.0 as usize) < sources.len())
}

/// Renders a diagnostic rustc-style. `fallback_path` names the file when there is no span (an
/// empty one: the problem is not about a file).
pub fn render(d: &Diagnostic, sources: &SourceMap, fallback_path: &str) -> String {
    let mut out = format!(
        "{}[{}]: {}\n",
        d.severity.label(),
        d.code.as_str(),
        printable(&d.message)
    );
    match located(d, sources) {
        Some(span) => {
            let file = sources.file(span.file);
            let start = sources.position(span.file, span.start);
            let end = sources.position(span.file, span.end.max(span.start));
            let gutter = start.line.to_string().len();
            let pad = " ".repeat(gutter);
            let _ = writeln!(
                out,
                "{pad}--> {}:{}:{}",
                file.display, start.line, start.column
            );
            let _ = writeln!(out, "{pad} |");
            let text = start.line_text.replace('\t', " ");
            let _ = writeln!(out, "{} | {}", start.line, text);
            let width = if end.line == start.line {
                end.column.saturating_sub(start.column).max(1)
            } else {
                text.chars().count().saturating_sub(start.column - 1).max(1)
            };
            let _ = writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(start.column - 1),
                "^".repeat(width)
            );
            for h in &d.hints {
                let _ = writeln!(out, "{pad} = help: {}", printable(h));
            }
        }
        None => {
            if !fallback_path.is_empty() {
                let _ = writeln!(out, " --> {fallback_path}");
            }
            for h in &d.hints {
                let _ = writeln!(out, "  = help: {}", printable(h));
            }
        }
    }
    out
}

/// The one-line form `path:line:col: message` used in JSON lines and summaries.
pub fn one_line(d: &Diagnostic, sources: &SourceMap, fallback_path: &str) -> String {
    match located(d, sources) {
        Some(span) => {
            let p = sources.position(span.file, span.start);
            format!(
                "{}:{}:{}: {}[{}]: {}",
                sources.file(span.file).display,
                p.line,
                p.column,
                d.severity.label(),
                d.code.as_str(),
                printable(&d.message)
            )
        }
        None if fallback_path.is_empty() => {
            format!(
                "{}[{}]: {}",
                d.severity.label(),
                d.code.as_str(),
                printable(&d.message)
            )
        }
        None => format!(
            "{fallback_path}: {}[{}]: {}",
            d.severity.label(),
            d.code.as_str(),
            printable(&d.message)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendering_escapes_terminal_controls_but_keeps_line_breaks() {
        let d = Diagnostic::error(Code::Io, "a\u{1b}[2Jb\rc\nd").hint("h\u{7}");
        let r = render(&d, &SourceMap::default(), "");
        assert!(
            !r.contains('\u{1b}') && !r.contains('\r') && !r.contains('\u{7}'),
            "{r:?}"
        );
        assert!(r.contains("a\\u{1b}[2Jb\\rc\nd"), "{r:?}");
        let l = one_line(&d, &SourceMap::default(), "f");
        assert_eq!(l, "f: error[E0011]: a\\u{1b}[2Jb\\rc\nd");
    }
}
