//! Interpreter values as the formatting module sees them.

use super::{attr_plain, get_item, py_str, repr};
use crate::budget::Budget;
use crate::error::{raise, Error, ExcKind};
use crate::format::{FmtError, FmtErrorKind, FormatValue, Num};
use crate::value::Value;

/// A value with the budget its formatting is charged to.
#[derive(Clone)]
pub struct FmtVal<'b> {
    pub v: Value,
    pub b: &'b Budget,
}

impl<'b> FmtVal<'b> {
    /// Wraps a value.
    pub fn new(v: Value, b: &'b Budget) -> FmtVal<'b> {
        FmtVal { v, b }
    }

    fn wrap(&self, v: Value) -> FmtVal<'b> {
        FmtVal { v, b: self.b }
    }
}

impl From<FmtError> for Error {
    fn from(e: FmtError) -> Error {
        let kind = match e.kind {
            FmtErrorKind::TypeError => ExcKind::TypeError,
            FmtErrorKind::ValueError => ExcKind::ValueError,
            FmtErrorKind::KeyError => ExcKind::KeyError,
            FmtErrorKind::IndexError => ExcKind::IndexError,
            FmtErrorKind::AttributeError => ExcKind::AttributeError,
            FmtErrorKind::OverflowError => ExcKind::OverflowError,
        };
        raise(kind, e.message)
    }
}

impl FormatValue for FmtVal<'_> {
    type Error = Error;

    fn as_num(&self) -> Option<Num> {
        match &self.v {
            Value::Int(i) => Some(Num::Int(*i)),
            Value::Float(f) => Some(Num::Float(*f)),
            Value::Bool(b) => Some(Num::Bool(*b)),
            _ => None,
        }
    }
    fn as_str(&self) -> Option<&str> {
        match &self.v {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    fn is_tuple(&self) -> Option<Vec<Self>> {
        match &self.v {
            Value::Tuple(t) => Some(t.iter().map(|x| self.wrap(x.clone())).collect()),
            _ => None,
        }
    }
    fn is_mapping(&self) -> bool {
        matches!(&self.v, Value::Dict(_))
    }
    fn type_name(&self) -> String {
        self.v.type_name()
    }
    fn py_str(&self) -> Result<String, Error> {
        py_str(&self.v, self.b)
    }
    fn py_repr(&self) -> Result<String, Error> {
        repr(&self.v, self.b)
    }
    fn get_item_str(&self, key: &str) -> Result<Self, Error> {
        get_item(&self.v, &Value::str(key), self.b).map(|v| self.wrap(v))
    }
    fn get_item_int(&self, index: i64) -> Result<Self, Error> {
        get_item(&self.v, &Value::Int(index), self.b).map(|v| self.wrap(v))
    }
    fn get_attr(&self, name: &str) -> Result<Self, Error> {
        attr_plain(&self.v, name, self.b).map(|v| self.wrap(v))
    }
}
