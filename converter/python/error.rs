//! The kinds of what can go wrong while Python runs: the exception classes ([`ExcKind`],
//! [`ExcType`]) and the stops a program cannot catch ([`Stop`]: a limit, a sandbox refusal, a
//! syntax error, an unreadable file, an internal error). An exception in flight carries values,
//! so it lives with them (`value::Error`). Exceptions carry their type as a value, never as a
//! string, and may carry a [`Tag`] that says which refusal of the runtime or an embedder raised
//! them, so the embedder can name the problem without reading the message.

use crate::source::Span;

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

impl Stop {
    /// A stop of this kind.
    pub fn new(kind: StopKind, msg: impl Into<String>) -> Stop {
        Stop {
            kind,
            message: msg.into(),
            span: None,
            hints: Vec::new(),
        }
    }

    /// A resource limit stop.
    pub fn limit(msg: impl Into<String>) -> Stop {
        Stop::new(StopKind::Limit, msg)
    }

    /// A sandbox refusal.
    pub fn sandbox(msg: impl Into<String>) -> Stop {
        Stop::new(StopKind::Sandbox, msg)
    }

    /// A syntax error at `span`.
    pub fn syntax(msg: impl Into<String>, span: Span) -> Stop {
        Stop {
            span: Some(span),
            ..Stop::new(StopKind::Syntax, msg)
        }
    }

    /// Attaches a location unless one is already set.
    pub fn at(mut self, span: Span) -> Stop {
        self.span.get_or_insert(span);
        self
    }

    /// The stop for an integer result beyond 64 bits.
    pub fn overflow() -> Stop {
        Stop::limit("integer result does not fit in 64 bits (the evaluator's integer limit)")
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
}
