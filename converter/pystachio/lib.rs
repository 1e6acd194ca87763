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
mod object;
mod output;
pub mod refs;
mod template;
mod types;
mod values;

pub use check::{check, TypeCheck};
pub use interpolate::{field, has_field, interpolate};
pub use object::{
    bind, coerce_into, construct, copy, in_scope, scopes, with_origin, Data, EnvVal, Found, PObj,
    Scope,
};
pub use output::{get, hash_repr, obj_eq, obj_repr, obj_str, py2_hash, to_json};
pub use refs::Ref;
pub use template::{find, resolve};
pub use types::{make_struct_type, type_eq, PType, Sig, StructDef, MAX_TYPE_DEPTH};
pub use values::{as_obj, as_ptype, is_empty, value};

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
