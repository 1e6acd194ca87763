//! pystachio 0.8.5's object model, on the Python runtime's extension trait.
//!
//! Types ([`PType`]: String, Integer, Float, Boolean, Enum, Struct, List, Map, Choice),
//! immutable objects ([`PObj`]) that carry raw values plus binding scopes, and the algorithms
//! that give Aurora its semantics: lazy coercion, `bind`/`in_scope` scope order, `{{ref}}`
//! resolution with its 100-pass limit, `interpolate`, `check` with pystachio's messages, and
//! `get`/JSON output. Errors are Python exceptions of pystachio's classes, so configs can catch
//! them as they would in Aurora, and every algorithm is charged to the run's budget.
//!
//! It knows nothing of Aurora: the schema is Python code an embedder runs after [`install`].

mod check;
pub mod errors;
mod interpolate;
mod model;
mod output;
pub mod refs;
mod values;

pub use check::{check, TypeCheck};
pub use interpolate::{
    field, find, has_field, interpolate, obj_eq, obj_repr, obj_str, resolve, to_json,
};
pub use model::{
    bind, coerce_into, construct, copy, in_scope, is_empty, make_struct_type, scopes, type_eq,
    with_origin, Data, EnvVal, Found, PObj, PType, Scope, Sig, StructDef, MAX_TYPE_DEPTH,
};
pub use output::{get, hash_repr, py2_hash};
pub use refs::Ref;
pub use values::{as_obj, as_ptype, value};

use python::Interp;

/// Makes pystachio available to the programs `it` runs: its names in the global namespace (as
/// `from pystachio import *` gives them) and the `pystachio` module.
pub fn install(it: &mut Interp) {
    let names = values::names();
    for (k, v) in &names {
        it.set_global(k, v.clone());
    }
    it.add_module("pystachio", names);
}
