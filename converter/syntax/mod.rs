//! Parsing `.aurora` files: the only module that uses rustpython-parser.
//!
//! Aurora configs are Python 2.7; [`py2::rewrite`] turns the Python 2 forms Python 3 rejects into
//! equivalents, keeping a map back to original offsets, and rustpython-parser parses the result.
//! A syntax error becomes one `E0001` diagnostic pointing at the original line and column.

pub mod py2;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, SourceMap, Span};
use rustpython_parser::{ast, Mode};

/// Parses a registered file into statements.
pub fn parse(sources: &SourceMap, id: FileId) -> Result<Vec<ast::Stmt>, Diagnostic> {
    let file = sources.file(id);
    match rustpython_parser::parse(&file.rewritten.text, Mode::Module, &file.display) {
        Ok(ast::Mod::Module(m)) => Ok(m.body),
        Ok(_) => Ok(Vec::new()),
        Err(e) => {
            let offset = u32::from(e.offset);
            let message = match &e.error {
                rustpython_parser::ParseErrorType::Eof => "unexpected end of file".to_string(),
                other => other.to_string(),
            };
            Err(
                Diagnostic::error(Code::Syntax, format!("invalid syntax: {message}"))
                    .at(Span::new(id, offset, offset + 1)),
            )
        }
    }
}
