//! The job library (`aurora-lib.nix`): Aurora's schema declared with the Nix runtime
//! (`templates/aurora-runtime.nix`), generated from [`crate::aurora::schema::Schema`] so the
//! two can never drift apart.

use super::quote as nix;
use super::render::{render, EmitError, GENERATED_MARKER};
use crate::aurora::schema::{Schema, TypeRef};
use serde::Serialize;

/// Template context of `templates/aurora-lib.nix.hbs`.
#[derive(Serialize)]
pub struct LibContext {
    constants: Vec<(String, String)>,
    structs: Vec<StructCtx>,
    /// Other names of structs: `(name, struct)`.
    aliases: Vec<(String, String)>,
    /// Struct values used as constructors: `(name, struct, the fields they set)`.
    templates: Vec<(String, String, String)>,
}

#[derive(Serialize)]
struct StructCtx {
    name: String,
    fields: Vec<FieldCtx>,
}

#[derive(Serialize)]
struct FieldCtx {
    name: String,
    ty: String,
    required: bool,
    default: Option<String>,
}

/// A type as a runtime type expression (`t.string`, `(t.list (t.struct Process))`).
pub fn type_expr(t: &TypeRef) -> Result<String, EmitError> {
    Ok(match t {
        TypeRef::String => "t.string".into(),
        TypeRef::Integer => "t.integer".into(),
        TypeRef::Float => "t.float".into(),
        TypeRef::Boolean => "t.boolean".into(),
        TypeRef::Enum { values, .. } => {
            let vs = values
                .iter()
                .map(|v| nix::string(v))
                .collect::<Result<Vec<_>, _>>()?;
            format!("(t.enum [ {} ])", vs.join(" "))
        }
        TypeRef::Struct { name } => format!("(t.struct {name})"),
        TypeRef::List { elem } => format!("(t.list {})", type_expr(elem)?),
        TypeRef::Map { key, value } => format!("(t.map {} {})", type_expr(key)?, type_expr(value)?),
        TypeRef::Choice { alts, .. } => {
            let a = alts.iter().map(type_expr).collect::<Result<Vec<_>, _>>()?;
            format!("(t.choice [ {} ])", a.join(" "))
        }
    })
}

/// Builds the library template's context.
pub fn context(schema: &Schema) -> Result<LibContext, EmitError> {
    let constants = schema
        .constants
        .iter()
        .map(|(k, v)| (k.clone(), nix::int(*v)))
        .collect();
    let mut structs = Vec::new();
    for st in schema.structs.values() {
        let mut fields = Vec::new();
        for f in &st.fields {
            fields.push(FieldCtx {
                name: nix::attr_name(&f.name)?,
                ty: type_expr(&f.ty)?,
                required: f.required,
                default: f.default.as_ref().map(nix::json).transpose()?,
            });
        }
        structs.push(StructCtx {
            name: st.name.clone(),
            fields,
        });
    }
    let aliases = schema
        .aliases
        .iter()
        .map(|(k, v)| Ok((nix::attr_name(k)?, nix::attr_name(v)?)))
        .collect::<Result<Vec<_>, EmitError>>()?;
    let templates = schema
        .templates
        .iter()
        .map(|t| {
            Ok((
                nix::attr_name(&t.name)?,
                nix::attr_name(&t.of)?,
                nix::json(&serde_json::Value::Object(t.fields.clone()))?,
            ))
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    // The library's own names next to the schema's.
    for own in ["rules", "check", "jobs", "jobsWith", "missingParam"] {
        if schema.structs.contains_key(own) || schema.aliases.contains_key(own) {
            return Err(EmitError(format!(
                "the schema defines {own:?}, a name of the job library"
            )));
        }
    }
    Ok(LibContext {
        constants,
        structs,
        aliases,
        templates,
    })
}

/// The job library (`aurora-lib.nix`) for a schema.
pub fn library_file(schema: &Schema) -> Result<String, EmitError> {
    render("lib", &context(schema)?, "aurora-lib.nix")
}

/// `aurora-rules.nix`: the client's checks, compiled from their rules (see `super::client`).
pub fn rules_file() -> Result<String, EmitError> {
    super::client::rules_file(crate::aurora::client::all())
}

/// The hand-written runtime the library imports.
const RUNTIME: &str = include_str!("../../templates/aurora-runtime.nix");

/// The launcher: an Aurora config that rebuilds the jobs of a document Nix printed, for Aurora's
/// own client (see the template's header).
const LAUNCHER: &str = include_str!("../../templates/aurora2nix-launch.aurora");

/// The name of the launcher in the output tree, next to `aurora-lib.nix`.
pub const LAUNCHER_FILE: &str = "aurora2nix-launch.aurora";

/// The launcher as convert writes it: the template under the generated marker (a Python comment
/// as much as a Nix one). It is Python, not Nix: no formatter runs on it.
pub fn launcher_file() -> String {
    format!(
        "{GENERATED_MARKER}: launches the jobs Nix prints with Aurora's client; do not edit.\n{LAUNCHER}"
    )
}

/// `aurora-runtime.nix` as convert writes it: the runtime under the generated marker. The
/// template is kept in alejandra's layout (a test checks it), so nothing formats it at run time.
pub fn runtime_file() -> String {
    format!("{GENERATED_MARKER}: the runtime of aurora-lib.nix; do not edit.\n{RUNTIME}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_runtime_is_in_alejandras_layout() {
        let text = super::runtime_file();
        let formatted = crate::nix::render::format("aurora-runtime.nix", text.clone()).unwrap();
        if formatted != text {
            std::fs::write("/tmp/aurora-runtime.formatted.nix", &formatted).unwrap();
        }
        pretty_assertions::assert_eq!(formatted, text);
    }
}
