//! Parsing `.aurora` files: the only module that uses rustpython-parser.
//!
//! Aurora configs are Python 2.7; [`py2::rewrite`] turns the Python 2 forms Python 3 rejects into
//! equivalents, keeping a map back to original offsets, and rustpython-parser parses the result.
//! A syntax error becomes one `E0001` diagnostic pointing at the original line and column.

pub mod py2;
pub mod validate;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, SourceMap, Span};
use rustpython_parser::{ast, Mode};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};

/// Parsed files, by the hash of their text: the schema prelude and shared includes are parsed
/// once per process, not once per config.
fn cache() -> &'static Mutex<HashMap<u64, Vec<ast::Stmt>>> {
    static CACHE: OnceLock<Mutex<HashMap<u64, Vec<ast::Stmt>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

const CACHE_MAX_FILES: usize = 256;
const CACHE_MAX_BYTES: usize = 256 << 10;

/// Parses a registered file into statements.
pub fn parse(sources: &SourceMap, id: FileId) -> Result<Vec<ast::Stmt>, Diagnostic> {
    let file = sources.file(id);
    let key = {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        file.text.hash(&mut h);
        h.finish()
    };
    if let Some(hit) = cache().lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(hit);
    }
    let parsed = parse_uncached(sources, id)?;
    if file.text.len() <= CACHE_MAX_BYTES {
        if let Ok(mut c) = cache().lock() {
            if c.len() < CACHE_MAX_FILES {
                c.insert(key, parsed.clone());
            }
        }
    }
    Ok(parsed)
}

fn parse_uncached(sources: &SourceMap, id: FileId) -> Result<Vec<ast::Stmt>, Diagnostic> {
    let file = sources.file(id);
    if let Some(at) = too_deep(&file.rewritten.text) {
        return Err(Diagnostic::error(
            Code::Syntax,
            format!("too many nested brackets (more than {MAX_NESTING})"),
        )
        .at(Span::new(id, at as u32, at as u32 + 1)));
    }
    match rustpython_parser::parse(&file.rewritten.text, Mode::Module, &file.display) {
        Ok(ast::Mod::Module(m)) => {
            validate::check(file, id, &m.body)?;
            Ok(m.body)
        }
        Ok(_) => Ok(Vec::new()),
        Err(e) => {
            let offset = u32::from(e.offset);
            let message = match &e.error {
                rustpython_parser::ParseErrorType::Eof => "unexpected end of file".to_string(),
                other => {
                    let m = other.to_string();
                    m.strip_prefix("invalid syntax. ")
                        .map(str::to_string)
                        .unwrap_or(m)
                }
            };
            Err(
                Diagnostic::error(Code::Syntax, format!("invalid syntax: {message}"))
                    .at(Span::new(id, offset, offset + 1)),
            )
        }
    }
}

/// Nesting deeper than this is refused before parsing (Python 2's own limit is lower).
pub const MAX_NESTING: usize = 1000;

/// The offset where bracket nesting first exceeds [`MAX_NESTING`], counting brackets anywhere.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}
