//! aurora2nix: evaluate Apache Aurora job configurations exactly as Aurora does, and migrate them
//! to Nix. See ARCHITECTURE.md for the pipeline and the code map.

pub mod cli;
pub mod diagnostic;
pub mod eval;
pub mod loader;
pub mod pystachio;
pub mod source;
pub mod syntax;
