//! Aurora's schema as plain data, extracted once from the executed prelude
//! (`schema/aurora_schema.py`).
//!
//! The converter and the Nix library generator need the structs, field types and rendered
//! defaults, but not the interpreter's `Rc` objects; [`Schema`] is an owned, `Send` description
//! of them. It is computed once per process by evaluating the prelude on its own.

use crate::eval::value::Value;
use crate::pystachio::{self, PType};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A field or element type.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TypeRef {
    String,
    Integer,
    Float,
    Boolean,
    Enum {
        name: String,
        values: Vec<String>,
    },
    Struct {
        name: String,
    },
    List {
        elem: Box<TypeRef>,
    },
    Map {
        key: Box<TypeRef>,
        value: Box<TypeRef>,
    },
    Choice {
        name: String,
        alts: Vec<TypeRef>,
    },
}

/// One field of a struct.
#[derive(Clone, Debug, Serialize)]
pub struct Field {
    pub name: String,
    pub ty: TypeRef,
    pub required: bool,
    /// The default as pystachio renders it on its own (templates left unresolved).
    pub default: Option<serde_json::Value>,
}

/// One struct type.
#[derive(Clone, Debug, Serialize)]
pub struct StructType {
    pub name: String,
    /// Fields sorted by name.
    pub fields: Vec<Field>,
}

impl StructType {
    /// A field by name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// Every struct of Aurora's schema, plus the aliases the prelude defines (`Job = MesosJob`).
#[derive(Clone, Debug, Serialize)]
pub struct Schema {
    pub structs: BTreeMap<String, StructType>,
    /// Integer constants of the namespace (`MB`, `GB`, ...).
    pub constants: BTreeMap<String, i64>,
}

impl Schema {
    /// A struct by name.
    pub fn get(&self, name: &str) -> Option<&StructType> {
        self.structs.get(name)
    }
}

struct NoFiles;

impl crate::eval::Host for NoFiles {
    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        Err(format!(
            "{} is not readable while loading the schema",
            path.display()
        ))
    }
    fn exists(&self, _: &Path) -> bool {
        false
    }
    fn is_dir(&self, _: &Path) -> bool {
        false
    }
}

/// The schema, computed on first use.
pub fn aurora() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(extract)
            .expect("spawn schema thread")
            .join()
            .expect("the schema prelude evaluates")
    })
}

fn extract() -> Schema {
    let host = NoFiles;
    let it = crate::eval::Interp::new(
        &host,
        PathBuf::from("/"),
        Default::default(),
        Default::default(),
    )
    .unwrap_or_else(|d| panic!("the schema prelude failed: {}", d.message));
    let globals = it.globals.borrow();
    let mut structs = BTreeMap::new();
    let mut constants = BTreeMap::new();
    for (name, v) in globals.iter() {
        match v {
            Value::PType(t) => {
                if let PType::Struct(def) = &**t {
                    if *def.name == **name {
                        structs.insert(name.to_string(), struct_type(t));
                    }
                }
            }
            Value::Int(i) if name.chars().all(|c| c.is_ascii_uppercase()) => {
                constants.insert(name.to_string(), *i);
            }
            _ => {}
        }
    }
    Schema { structs, constants }
}

fn struct_type(t: &std::rc::Rc<PType>) -> StructType {
    let PType::Struct(def) = &**t else {
        unreachable!()
    };
    let mut fields: Vec<Field> = def
        .fields
        .iter()
        .map(|(name, sig)| Field {
            name: name.to_string(),
            ty: type_ref(&sig.ty),
            required: sig.required,
            default: sig.default.as_ref().map(|d| {
                pystachio::interpolate(d)
                    .and_then(|(o, _)| pystachio::to_json(&o))
                    .unwrap_or(serde_json::Value::Null)
            }),
        })
        .collect();
    fields.sort_by(|a, b| a.name.cmp(&b.name));
    StructType {
        name: def.name.to_string(),
        fields,
    }
}

/// The data form of a pystachio type.
pub fn type_ref(t: &PType) -> TypeRef {
    match t {
        PType::String => TypeRef::String,
        PType::Integer => TypeRef::Integer,
        PType::Float => TypeRef::Float,
        PType::Boolean => TypeRef::Boolean,
        PType::Enum { name, values } => TypeRef::Enum {
            name: name.to_string(),
            values: values.iter().map(|v| v.to_string()).collect(),
        },
        PType::Struct(d) => TypeRef::Struct {
            name: d.name.to_string(),
        },
        PType::List(e) => TypeRef::List {
            elem: Box::new(type_ref(e)),
        },
        PType::Map(k, v) => TypeRef::Map {
            key: Box::new(type_ref(k)),
            value: Box::new(type_ref(v)),
        },
        PType::Choice { name, alts } => TypeRef::Choice {
            name: name.to_string(),
            alts: alts.iter().map(|a| type_ref(a)).collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_has_aurora_structs_and_defaults() {
        let s = aurora();
        let process = s.get("Process").expect("Process");
        let mf = process.field("max_failures").unwrap();
        assert_eq!(mf.ty, TypeRef::Integer);
        assert_eq!(mf.default, Some(serde_json::json!(1)));
        assert!(process.field("cmdline").unwrap().required);
        let task = s.get("Task").unwrap();
        assert_eq!(
            task.field("name").unwrap().default,
            Some(serde_json::json!("{{processes[0].name}}"))
        );
        assert!(s.get("MesosJob").is_some());
        assert_eq!(s.constants.get("MB"), Some(&1048576));
    }
}
