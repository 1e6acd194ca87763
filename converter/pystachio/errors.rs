//! pystachio's own exception classes, and the tag of its refusal of unknown struct fields.

use python::{raise_type, Error, ExcKind, ExcType, NativeExcType, Tag};

/// `CoercionError` (a `ValueError`): a value that does not convert to its type.
pub static COERCION_ERROR: NativeExcType = NativeExcType {
    name: "CoercionError",
    base: ExcKind::ValueError,
};

/// `Uninterpolatable`: a template that keeps expanding (100 passes).
pub static UNINTERPOLATABLE: NativeExcType = NativeExcType {
    name: "Uninterpolatable",
    base: ExcKind::Exception,
};

/// `InvalidRefError`: a malformed `{{ref}}`.
pub static INVALID_REF: NativeExcType = NativeExcType {
    name: "InvalidRefError",
    base: ExcKind::Exception,
};

/// Tags the `AttributeError` raised for a struct field the schema lacks.
pub const UNKNOWN_ATTRIBUTE: Tag = Tag("pystachio-unknown-attribute");

pub(crate) fn coercion_error(msg: impl Into<String>) -> Error {
    raise_type(ExcType::Native(&COERCION_ERROR), msg)
}

pub(crate) fn uninterpolatable(msg: impl Into<String>) -> Error {
    raise_type(ExcType::Native(&UNINTERPOLATABLE), msg)
}

pub(crate) fn invalid_ref(msg: impl Into<String>) -> Error {
    raise_type(ExcType::Native(&INVALID_REF), msg)
}
