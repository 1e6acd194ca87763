//! The import allow-list: our own implementations of the standard-library pieces configs use.
//!
//! `hashlib`, `os` (`os.path`, `os.environ`, `os.getenv`), `getpass`, `json`, `itertools`,
//! `functools`, `string`, `textwrap`, `math`, `copy` and `sys`; `time` and `datetime` import but
//! reading the clock is refused, as are the `os` functions that depend on the machine. Each
//! module is a table of native functions next to their implementations; embedders add their own
//! modules (`pystachio`) with [`Interp::add_module`]. Every read of the environment or of a file
//! is recorded in [`crate::Deps`]. Anything else is an `ImportError` tagged
//! [`IMPORT_REFUSED`](crate::IMPORT_REFUSED).

mod copy;
mod hashlib;
pub mod json;
mod misc;
mod os;

use crate::error::{ExcKind, ExcType, IMPORT_REFUSED};
use crate::value::Vm;
use crate::value::{exception, R};
use crate::value::{Module, Value};

/// The modules of the allow-list, for the refusal message.
const ALLOWED: &str = "hashlib, os, os.path, getpass, json, itertools, functools, string, \
                       textwrap, math, copy, sys";

/// Imports a module by dotted name.
pub fn import(it: &mut dyn Vm, name: &str) -> R<Value> {
    Ok(match name {
        "hashlib" => Module::of(name, hashlib::FUNCTIONS, vec![]),
        "os" => os::os(it),
        "os.path" => os::path(),
        "getpass" => Module::of(name, os::GETPASS, vec![]),
        "json" => Module::of(name, json::FUNCTIONS, vec![]),
        "itertools" => Module::of(name, misc::ITERTOOLS, vec![]),
        "functools" => Module::of(name, misc::FUNCTOOLS, vec![]),
        "string" => misc::string(),
        "textwrap" => Module::of(name, misc::TEXTWRAP, vec![]),
        "math" => Module::of(
            name,
            misc::MATH,
            vec![
                ("pi", Value::Float(std::f64::consts::PI)),
                ("e", Value::Float(std::f64::consts::E)),
            ],
        ),
        "copy" => Module::of(name, copy::FUNCTIONS, vec![]),
        "sys" => misc::sys(),
        "time" => Module::of(name, misc::TIME, vec![]),
        "datetime" => misc::datetime(),
        other => match it.extra_module(other) {
            Some(m) => m,
            None => {
                let mut allowed = String::from(ALLOWED);
                for extra in it.extra_modules() {
                    allowed.push_str(", ");
                    allowed.push_str(&extra);
                }
                return Err(exception(
                    ExcType::Builtin(ExcKind::ImportError),
                    vec![Value::str(format!(
                        "No module named {other}: aurora2nix evaluates configs in a sandbox and \
                         only allows imports from its allow-list ({allowed}; time and datetime \
                         import, but reading the clock is refused)"
                    ))],
                    Some(IMPORT_REFUSED),
                ));
            }
        },
    })
}
