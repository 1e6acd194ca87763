//! Source files and spans.
//!
//! Every file the evaluator reads (the config, its `include()`s) is registered here once and
//! addressed by a [`FileId`]. Spans are byte ranges in the text the parser saw, which may be the
//! Python 2 rewrite of the original; [`SourceMap::resolve`] maps them back to original lines and
//! columns for diagnostics. This module does no IO.

use crate::syntax::py2::Rewritten;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct FileId(pub u32);

/// A byte range in the parsed (rewritten) text of one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// A span covering `start..end` of `file`.
    pub fn new(file: FileId, start: u32, end: u32) -> Span {
        Span { file, start, end }
    }
}

/// One source file: its display path, original text and the Python 2 rewrite the parser saw.
pub struct SourceFile {
    pub path: PathBuf,
    pub display: String,
    pub text: String,
    pub rewritten: Rewritten,
    /// A library file (an embedder's prelude): what it does is credited to the user code that
    /// calls into it.
    pub library: bool,
    line_starts: Vec<usize>,
}

/// A resolved position: 1-based line and column (in characters) plus the line's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub line_text: String,
}

/// All files of one evaluation. Files are shared, so a copy (an evaluation starting from a
/// snapshot of a library's run) costs a pointer per file.
#[derive(Default, Clone)]
pub struct SourceMap {
    files: Vec<Arc<SourceFile>>,
}

impl SourceMap {
    /// Registers a file and returns its id.
    pub fn add(&mut self, path: &Path, display: String, text: String) -> FileId {
        self.register(path, display, text, false)
    }

    /// Registers a library file (see [`SourceFile::library`]).
    pub fn add_library(&mut self, path: &Path, display: String, text: String) -> FileId {
        self.register(path, display, text, true)
    }

    fn register(&mut self, path: &Path, display: String, text: String, library: bool) -> FileId {
        let rewritten = crate::syntax::py2::rewrite(&text);
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        self.files.push(Arc::new(SourceFile {
            path: path.to_path_buf(),
            display,
            text,
            rewritten,
            library,
            line_starts,
        }));
        FileId(self.files.len() as u32 - 1)
    }

    /// Whether a file is a library file.
    pub fn is_library(&self, id: FileId) -> bool {
        self.files.get(id.0 as usize).is_some_and(|f| f.library)
    }

    /// Every file, in the order registered.
    pub fn files(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter().map(|f| &**f)
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file is registered.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The file with this id.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Maps a byte offset of the parsed text of `file` to an original line and column.
    pub fn position(&self, file: FileId, offset: u32) -> Position {
        let f = self.file(file);
        let orig = f
            .rewritten
            .original_offset(offset as usize)
            .min(f.text.len());
        let line = f.line_starts.partition_point(|&s| s <= orig) - 1;
        let start = f.line_starts[line];
        let end = f
            .line_starts
            .get(line + 1)
            .map_or(f.text.len(), |&e| e.saturating_sub(1));
        let mut line_text = f.text.get(start..end.max(start)).unwrap_or("").to_string();
        if line_text.ends_with('\r') {
            line_text.pop();
        }
        let column = f.text.get(start..orig).map_or(0, |s| s.chars().count()) + 1;
        Position {
            line: line + 1,
            column,
            line_text,
        }
    }
}

/// Decodes a config's bytes as Python 2 reads source: UTF-8 when valid; otherwise the bytes are
/// Latin-1 text (what a `# -*- coding: latin-1 -*-` line declares, and how Python 2's `compile`
/// treats undeclared 8-bit bytes). A file that declares UTF-8 but is not UTF-8 is an error.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let head: String = bytes
                .split(|b| *b == b'\n')
                .take(2)
                .map(|l| String::from_utf8_lossy(l).to_lowercase())
                .collect::<Vec<_>>()
                .join("\n");
            let declares_utf8 = head.lines().any(|l| {
                l.trim_start().starts_with('#')
                    && (l.contains("coding: utf-8")
                        || l.contains("coding=utf-8")
                        || l.contains("coding:utf-8"))
            });
            if declares_utf8 {
                return Err(format!(
                    "declares UTF-8 but is not valid UTF-8 (invalid byte at offset {at})"
                ));
            }
            Ok(bytes.iter().map(|&b| b as char).collect())
        }
    }
}
