//! Everything Nix: its literals and quoting (`quote`), the job files and the job library
//! (`emit`, `library`, the client's checks compiled by `client`, rendered by `render` from the
//! handlebars templates in `templates/`, job values laid out as alejandra would by `layout`),
//! and running real `nix-instantiate` on generated files (`run`). Only this layer writes Nix
//! text.

pub mod client;
pub mod emit;
pub mod layout;
pub mod library;
pub mod quote;
pub mod render;
pub mod run;
