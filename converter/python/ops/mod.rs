//! Python 2.7's operators and conversions, each in CPython's behaviour and messages:
//! `str`/`repr` (`text`), comparison and membership (`compare`), arithmetic (`arith`),
//! items, slices and iteration (`access`), and dict and set building (`collections`).
//!
//! Everything here is charged to the [`Budget`](crate::Budget) it is given.

mod access;
mod arith;
mod collections;
mod compare;
mod text;

pub use access::{del_item, get_item, iterate, key_error, set_item, set_slice, slice};
pub use arith::{binop, unary};
pub use collections::{
    dict_set, dict_update, make_set, set_add_all, set_from, set_in_place, set_intersection,
    set_remove_all, set_toggle_all, set_update, update_source, UpdateSource,
};
pub use compare::{contains, is, py_cmp, py_eq};
pub(crate) use compare::{int, num};
pub use text::{exc_str, push_repr_str, py_str, repr, repr_str_body};
