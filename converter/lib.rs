//! aurora2nix: evaluate Apache Aurora job configurations exactly as Aurora does, and migrate them
//! to Nix. See ARCHITECTURE.md for the pipeline and the code map.

pub mod cli;
pub mod convert;
pub mod diagnostic;
pub mod emit;
pub mod eval;
pub mod loader;
pub mod packages;
pub mod pystachio;
pub mod review;
pub mod schema;
pub mod source;
pub mod syntax;
pub mod verify;
