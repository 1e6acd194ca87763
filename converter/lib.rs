//! aurora2nix: evaluate Apache Aurora job configurations exactly as Aurora does, and migrate them
//! to Nix. See ARCHITECTURE.md for the layers and the code map.
//!
//! The Python runtime (`python`) and pystachio (`pystachio`) are crates of their own; this crate
//! holds Aurora (`aurora`), the package mapping (`packages`), job graphs (`graph`), Nix (`nix`),
//! the commands (`app`) and the command line (`cli`), over one diagnostic type (`diagnostic`).

pub mod app;
pub mod aurora;
pub mod cli;
pub mod diagnostic;
pub mod graph;
pub mod nix;
pub mod packages;

pub use pystachio;
pub use python;
