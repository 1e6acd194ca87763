//! What can go wrong while Python runs: an exception the program can catch ([`Raised`]), or a
//! stop it cannot ([`Stop`]: a limit, a sandbox refusal, a syntax error, an unreadable file, an
//! internal error).
//!
//! The two are different variants of [`Error`] and `except` only ever sees [`Error::Raise`], so no
//! program can swallow a stop. Exceptions carry their type as a value ([`ExcType`]), never as a
//! string, and may carry a [`Tag`] that says which refusal of the runtime or an embedder raised
//! them, so the embedder can name the problem without reading the message.

use crate::source::Span;
use crate::value::{Class, Value};
use std::rc::Rc;

/// The builtin exception classes of Python 2.7 that configs can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExcKind {
    BaseException,
    Exception,
    StandardError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    NameError,
    RuntimeError,
    AssertionError,
    IOError,
    OSError,
    NotImplementedError,
    ZeroDivisionError,
    StopIteration,
    ImportError,
    LookupError,
    ArithmeticError,
    OverflowError,
    EnvironmentError,
    UnicodeError,
    UnicodeDecodeError,
    UnicodeEncodeError,
    Warning,
    UserWarning,
    DeprecationWarning,
    SystemExit,
    KeyboardInterrupt,
    SyntaxError,
    UnboundLocalError,
    FloatingPointError,
    MemoryError,
    EOFError,
}

impl ExcKind {
    /// Every builtin exception class, as the builtins namespace lists them.
    pub const ALL: &'static [ExcKind] = &[
        ExcKind::BaseException,
        ExcKind::Exception,
        ExcKind::StandardError,
        ExcKind::ValueError,
        ExcKind::TypeError,
        ExcKind::KeyError,
        ExcKind::IndexError,
        ExcKind::AttributeError,
        ExcKind::NameError,
        ExcKind::RuntimeError,
        ExcKind::AssertionError,
        ExcKind::IOError,
        ExcKind::OSError,
        ExcKind::NotImplementedError,
        ExcKind::ZeroDivisionError,
        ExcKind::StopIteration,
        ExcKind::ImportError,
        ExcKind::LookupError,
        ExcKind::ArithmeticError,
        ExcKind::OverflowError,
        ExcKind::EnvironmentError,
        ExcKind::UnicodeError,
        ExcKind::UnicodeDecodeError,
        ExcKind::UnicodeEncodeError,
        ExcKind::Warning,
        ExcKind::UserWarning,
        ExcKind::DeprecationWarning,
        ExcKind::SystemExit,
        ExcKind::KeyboardInterrupt,
        ExcKind::SyntaxError,
        ExcKind::UnboundLocalError,
        ExcKind::FloatingPointError,
        ExcKind::MemoryError,
        ExcKind::EOFError,
    ];

    /// The class name.
    pub fn name(self) -> &'static str {
        use ExcKind::*;
        match self {
            BaseException => "BaseException",
            Exception => "Exception",
            StandardError => "StandardError",
            ValueError => "ValueError",
            TypeError => "TypeError",
            KeyError => "KeyError",
            IndexError => "IndexError",
            AttributeError => "AttributeError",
            NameError => "NameError",
            RuntimeError => "RuntimeError",
            AssertionError => "AssertionError",
            IOError => "IOError",
            OSError => "OSError",
            NotImplementedError => "NotImplementedError",
            ZeroDivisionError => "ZeroDivisionError",
            StopIteration => "StopIteration",
            ImportError => "ImportError",
            LookupError => "LookupError",
            ArithmeticError => "ArithmeticError",
            OverflowError => "OverflowError",
            EnvironmentError => "EnvironmentError",
            UnicodeError => "UnicodeError",
            UnicodeDecodeError => "UnicodeDecodeError",
            UnicodeEncodeError => "UnicodeEncodeError",
            Warning => "Warning",
            UserWarning => "UserWarning",
            DeprecationWarning => "DeprecationWarning",
            SystemExit => "SystemExit",
            KeyboardInterrupt => "KeyboardInterrupt",
            SyntaxError => "SyntaxError",
            UnboundLocalError => "UnboundLocalError",
            FloatingPointError => "FloatingPointError",
            MemoryError => "MemoryError",
            EOFError => "EOFError",
        }
    }

    /// The direct base class (`None` for `BaseException`).
    pub fn parent(self) -> Option<ExcKind> {
        use ExcKind::*;
        Some(match self {
            BaseException => return None,
            Exception | SystemExit | KeyboardInterrupt => BaseException,
            StandardError | StopIteration | Warning => Exception,
            ValueError | TypeError | AttributeError | NameError | AssertionError | LookupError
            | ArithmeticError | EnvironmentError | RuntimeError | ImportError | SyntaxError
            | MemoryError | EOFError => StandardError,
            UnicodeError => ValueError,
            UnicodeDecodeError | UnicodeEncodeError => UnicodeError,
            KeyError | IndexError => LookupError,
            ZeroDivisionError | OverflowError | FloatingPointError => ArithmeticError,
            IOError | OSError => EnvironmentError,
            NotImplementedError => RuntimeError,
            UnboundLocalError => NameError,
            DeprecationWarning | UserWarning => Warning,
        })
    }

    /// Whether this class is `base` or derives from it.
    pub fn is(self, base: ExcKind) -> bool {
        let mut k = Some(self);
        while let Some(x) = k {
            if x == base {
                return true;
            }
            k = x.parent();
        }
        false
    }
}

/// An exception class defined by an embedder in Rust (pystachio's `CoercionError`, ...).
#[derive(Debug)]
pub struct NativeExcType {
    pub name: &'static str,
    pub base: ExcKind,
}

/// The class of an exception, short of user-defined subclasses.
#[derive(Clone, Copy, Debug)]
pub enum ExcType {
    Builtin(ExcKind),
    Native(&'static NativeExcType),
}

impl PartialEq for ExcType {
    fn eq(&self, other: &ExcType) -> bool {
        match (self, other) {
            (ExcType::Builtin(a), ExcType::Builtin(b)) => a == b,
            (ExcType::Native(a), ExcType::Native(b)) => std::ptr::eq(*a, *b),
            _ => false,
        }
    }
}

impl ExcType {
    /// The class name.
    pub fn name(self) -> &'static str {
        match self {
            ExcType::Builtin(k) => k.name(),
            ExcType::Native(n) => n.name,
        }
    }

    /// Whether this class is `base` or derives from it.
    pub fn is(self, base: ExcType) -> bool {
        match (self, base) {
            (ExcType::Native(a), ExcType::Native(b)) => std::ptr::eq(a, b),
            (ExcType::Native(a), ExcType::Builtin(k)) => a.base.is(k),
            (ExcType::Builtin(a), ExcType::Builtin(k)) => a.is(k),
            (ExcType::Builtin(_), ExcType::Native(_)) => false,
        }
    }

    /// Whether this class is the builtin `kind` or derives from it.
    pub fn is_kind(self, kind: ExcKind) -> bool {
        self.is(ExcType::Builtin(kind))
    }
}

/// Names the refusal that raised an exception (`import` of a module outside the allow-list, a
/// struct field the schema lacks), so the embedder can classify it by identity, not by message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tag(pub &'static str);

/// The runtime's own tag: `import` of a module that is not on the allow-list.
pub const IMPORT_REFUSED: Tag = Tag("import-refused");

/// An exception object: its class, its arguments and, for `class MyError(Exception)`, the user
/// class.
pub struct ExcObj {
    /// The builtin or native class, or the nearest one a user class derives from.
    pub ty: ExcType,
    pub class: Option<Rc<Class>>,
    pub args: Vec<Value>,
    pub tag: Option<Tag>,
}

impl ExcObj {
    /// `type(e).__name__`.
    pub fn type_name(&self) -> String {
        match &self.class {
            Some(c) => c.name.to_string(),
            None => self.ty.name().to_string(),
        }
    }
}

/// An exception in flight.
pub struct Raised {
    pub exc: Rc<ExcObj>,
    /// Where it was raised (the innermost statement or expression that knows).
    pub span: Option<Span>,
    /// Advice for the user, shown under the diagnostic (not part of the Python message).
    pub hint: Option<String>,
}

/// Why a run stops without the program being able to catch it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopKind {
    /// The source is not valid Python 2.7.
    Syntax,
    /// A resource limit was reached (steps, recursion, size, integer range).
    Limit,
    /// The program tried to leave the sandbox.
    Sandbox,
    /// A file could not be read as source.
    Io,
    /// The runtime failed (a bug).
    Internal,
}

/// A stop: the end of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Stop {
    pub kind: StopKind,
    pub message: String,
    pub span: Option<Span>,
    pub hints: Vec<String>,
}

/// Everything that can end an operation early.
pub enum Error {
    Raise(Box<Raised>),
    Stop(Box<Stop>),
}

/// The result of everything that can raise or stop.
pub type R<T> = Result<T, Error>;

/// An exception of builtin class `kind` with one message argument.
pub fn raise(kind: ExcKind, msg: impl Into<String>) -> Error {
    raise_type(ExcType::Builtin(kind), msg)
}

/// An exception of any class with one message argument.
pub fn raise_type(ty: ExcType, msg: impl Into<String>) -> Error {
    exception(ty, vec![Value::str(msg.into())], None)
}

/// An exception with the given arguments and tag.
pub fn exception(ty: ExcType, args: Vec<Value>, tag: Option<Tag>) -> Error {
    Error::Raise(Box::new(Raised {
        exc: Rc::new(ExcObj {
            ty,
            class: None,
            args,
            tag,
        }),
        span: None,
        hint: None,
    }))
}

/// A stop of this kind.
pub fn stop(kind: StopKind, msg: impl Into<String>) -> Error {
    Error::Stop(Box::new(Stop {
        kind,
        message: msg.into(),
        span: None,
        hints: Vec::new(),
    }))
}

/// A resource limit stop.
pub fn limit(msg: impl Into<String>) -> Error {
    stop(StopKind::Limit, msg)
}

/// A sandbox refusal.
pub fn sandbox(msg: impl Into<String>) -> Error {
    stop(StopKind::Sandbox, msg)
}

/// The stop for an integer result beyond 64 bits.
pub fn overflow() -> Error {
    limit("integer result does not fit in 64 bits (the evaluator's integer limit)")
}

impl Error {
    /// Attaches a location unless one is already set.
    pub fn at(mut self, span: Span) -> Error {
        match &mut self {
            Error::Raise(e) => {
                e.span.get_or_insert(span);
            }
            Error::Stop(s) => {
                s.span.get_or_insert(span);
            }
        }
        self
    }

    /// Adds advice shown under the diagnostic (an exception keeps its first hint).
    pub fn with_hint(mut self, hint: impl Into<String>) -> Error {
        match &mut self {
            Error::Raise(e) => {
                e.hint.get_or_insert(hint.into());
            }
            Error::Stop(s) => s.hints.push(hint.into()),
        }
        self
    }

    /// Whether this is an exception of builtin class `kind` (or a subclass).
    pub fn is(&self, kind: ExcKind) -> bool {
        matches!(self, Error::Raise(e) if e.exc.ty.is_kind(kind))
    }

    /// Whether this is an exception of class `ty` (or a subclass).
    pub fn is_type(&self, ty: ExcType) -> bool {
        matches!(self, Error::Raise(e) if e.exc.ty.is(ty))
    }

    /// The location, if known.
    pub fn span(&self) -> Option<Span> {
        match self {
            Error::Raise(e) => e.span,
            Error::Stop(s) => s.span,
        }
    }

    /// Replaces the location.
    pub fn set_span(&mut self, span: Option<Span>) {
        match self {
            Error::Raise(e) => e.span = span,
            Error::Stop(s) => s.span = span,
        }
    }
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Raise(e) => {
                let msg =
                    crate::ops::exc_str(&e.exc, &crate::Budget::unlimited()).unwrap_or_default();
                write!(f, "Raise({}: {msg:?} at {:?})", e.exc.type_name(), e.span)
            }
            Error::Stop(s) => write!(f, "{s:?}"),
        }
    }
}

impl From<Stop> for Error {
    fn from(s: Stop) -> Error {
        Error::Stop(Box::new(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hierarchy_is_python_2_7s() {
        assert!(ExcKind::KeyError.is(ExcKind::LookupError));
        assert!(ExcKind::KeyError.is(ExcKind::StandardError));
        assert!(ExcKind::IOError.is(ExcKind::EnvironmentError));
        assert!(!ExcKind::StopIteration.is(ExcKind::StandardError));
        assert!(!ExcKind::SystemExit.is(ExcKind::Exception));
        static NATIVE: NativeExcType = NativeExcType {
            name: "CoercionError",
            base: ExcKind::ValueError,
        };
        let n = ExcType::Native(&NATIVE);
        assert!(n.is_kind(ExcKind::ValueError) && n.is(n));
        assert!(!ExcType::Builtin(ExcKind::ValueError).is(n));
    }

    #[test]
    fn stops_are_not_exceptions() {
        let s = limit("too much");
        assert!(!s.is(ExcKind::BaseException));
        assert!(raise(ExcKind::ValueError, "x").is(ExcKind::Exception));
    }
}
