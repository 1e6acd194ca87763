//! The methods of the builtin types (`str`, `list`, `tuple`, `dict`, `set`) and the file
//! objects `open()` returns, one Rust function per method, registered in a table per type.

pub mod dict;
pub mod file;
pub mod list;
pub mod set;
pub mod str;
