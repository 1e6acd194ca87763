//! From what went wrong in the runtime to the diagnostic a user reads: each stop kind and each
//! exception class, tag or pystachio class to its code, with Aurora's advice. The code comes
//! from the error's type, never from its message.

use crate::diagnostic::{Code, Diagnostic};
use pystachio::errors::{INVALID_REF, UNINTERPOLATABLE, UNKNOWN_ATTRIBUTE};
use python::{Budget, Error, ExcKind, ExcType, Span, StopKind, IMPORT_REFUSED};

/// The diagnostic for an error of the runtime; `fallback` locates it when the error does not.
pub fn diagnose(e: Error, fallback: Option<Span>) -> Diagnostic {
    match e {
        Error::Stop(s) => {
            let code = match s.kind {
                StopKind::Syntax => Code::Syntax,
                StopKind::Limit => Code::Limit,
                StopKind::Sandbox => Code::Sandbox,
                StopKind::Io => Code::Io,
                StopKind::Internal => Code::Internal,
            };
            Diagnostic {
                span: s.span.or(fallback),
                hints: s.hints,
                ..Diagnostic::error(code, s.message)
            }
        }
        Error::Raise(r) => {
            let exc = &r.exc;
            let name = exc.type_name();
            let msg = python::ops::exc_str(exc, &Budget::unlimited())
                .unwrap_or_else(|_| "<the message cannot be printed>".into());
            let is = |t: &'static python::NativeExcType| exc.ty.is(ExcType::Native(t));
            let (code, message) = if exc.tag == Some(UNKNOWN_ATTRIBUTE) {
                (Code::UnknownAttribute, msg)
            } else if exc.tag == Some(IMPORT_REFUSED) {
                (Code::ImportNotAllowed, msg)
            } else if is(&UNINTERPOLATABLE) || is(&INVALID_REF) {
                (Code::Template, format!("{name}: {msg}"))
            } else if exc.ty.is_kind(ExcKind::SyntaxError) {
                (Code::Syntax, msg)
            } else if msg.is_empty() {
                (Code::PythonError, name)
            } else {
                (Code::PythonError, format!("{name}: {msg}"))
            };
            let mut d = Diagnostic::error(code, message);
            d.span = r.span.or(fallback);
            if let Some(h) = &r.hint {
                d = d.hint(h.clone());
            } else if is(&UNINTERPOLATABLE) {
                d = d.hint("a template refers back to itself; inside a Struct `{{field}}` names the struct's own field, which a `.bind()` cannot override");
            } else if exc.ty.is_kind(ExcKind::NameError) {
                d = d.hint("Aurora configs see the schema names (Job, Service, Task, Process, Resources, ...) and what the config or its include()s define");
            }
            d
        }
    }
}
