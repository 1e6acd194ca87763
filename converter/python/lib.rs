//! A sandboxed Python 2.7 runtime.
//!
//! It parses Python 2.7 (`syntax`, over rustpython-parser with a Python 2 rewrite that keeps
//! offsets), runs it with Python 2 semantics (`interp`), and provides the builtins, the methods
//! of the builtin types and a small allow-listed standard library (`builtins`, `types`,
//! `modules`), with CPython 2.7's dict and set iteration order (`dict`, `py2order`) and string
//! formatting (`format`). It knows nothing of any embedder: an embedder adds its own objects
//! through the [`Object`] trait, its own functions as [`NativeFn`]s and modules with
//! [`Interp::add_module`], and reads the results. Every run is bounded by one [`Budget`], and
//! anything that goes wrong is a typed [`Error`]: an exception the program may catch, or a
//! [`Stop`] it cannot.

pub mod attrs;
pub mod budget;
pub mod builtins;
pub mod dict;
pub mod error;
pub mod format;
pub mod host;
pub mod interp;
pub mod modules;
pub mod ops;
pub mod py2order;
pub mod snapshot;
pub mod source;
pub mod syntax;
pub mod types;
pub mod value;

/// The hash map of the runtime's own tables (names, attributes, frames, dict indexes): foldhash,
/// several times faster than SipHash on short keys, and seeded per process, so a config cannot
/// choose keys that collide. (CPython's own `hash()`, which dict order needs, is `py2order`'s.)
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

pub use budget::{Budget, Limits};
pub use dict::{HashKey, Key};
pub use error::{ExcKind, ExcType, NativeExcType, Stop, StopKind, Tag, IMPORT_REFUSED};
pub use host::{Deps, Host, HostError};
pub use interp::{Interp, MAX_SOURCE};
pub use snapshot::Snapshot;
pub use source::{FileId, Position, SourceFile, SourceMap, Span};
pub use value::{
    method_of, raise, raise_type, Args, BoundMethod, Dict, Error, ExcObj, MethodDef, Module,
    NativeFn, Object, Raised, Str, TypeObj, Value, Vm, R,
};
