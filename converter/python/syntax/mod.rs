//! Parsing Python 2.7 source: the only module that calls rustpython-parser.
//!
//! The parser speaks Python 3; [`py2::rewrite`] turns the Python 2 forms Python 3 rejects into
//! equivalents, keeping a map back to original offsets, and rustpython-parser parses the result.
//! A syntax error becomes one [`Stop`] of kind `Syntax` pointing at the original line and column.

pub mod py2;
pub mod validate;

use crate::budget::Budget;
use crate::error::Stop;
use crate::source::{FileId, SourceMap, Span};
use rustpython_parser::{ast, Mode};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};

/// The byte ranges of the string literals in `text` (Python 3 syntax: a file's
/// [`py2::Rewritten::text`]), in order; `None` when `text` does not lex.
pub fn string_literals(text: &str) -> Option<Vec<std::ops::Range<usize>>> {
    let mut out = Vec::new();
    for token in rustpython_parser::lexer::lex(text, Mode::Module) {
        let (token, range) = token.ok()?;
        if let rustpython_parser::Tok::String { .. } = token {
            out.push(range.start().to_usize()..range.end().to_usize());
        }
    }
    Some(out)
}

/// Parsed files, by the hash of their text: the schema prelude and shared includes are parsed
/// once per process, not once per config.
fn cache() -> &'static Mutex<HashMap<u64, Parsed>> {
    static CACHE: OnceLock<Mutex<HashMap<u64, Parsed>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// A cached parse: the statements and what their tree is charged.
#[derive(Clone)]
struct Parsed {
    tree_bytes: usize,
    suite: Vec<ast::Stmt>,
}

const CACHE_MAX_FILES: usize = 256;
const CACHE_MAX_BYTES: usize = 256 << 10;

/// What the syntax tree of one token may cost, in bytes (a deeply nested unary chain, the
/// worst case, measures 330 to 420 bytes of peak memory per token; ordinary code far less).
const TREE_BYTES_PER_TOKEN: usize = 512;

/// An upper bound of the number of tokens in `text`: every run of word characters and every
/// other non-blank byte (string contents count as words, so this over-counts them).
fn token_estimate(text: &str) -> usize {
    // Byte classes: 0 blank, 1 word, 2 other.
    const CLASS: [u8; 256] = {
        let mut t = [2u8; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
                t[b] = 1;
            } else if c.is_ascii_whitespace() {
                t[b] = 0;
            }
            b += 1;
        }
        t
    };
    let mut n = 0;
    let mut prev = 0u8;
    for &b in text.as_bytes() {
        let class = CLASS[b as usize];
        n += usize::from(class == 2 || (class == 1 && prev != 1));
        prev = class;
    }
    n
}

/// Parses a registered file into statements, charging the syntax tree to `budget` first (its
/// size grows with the text, and the parser cannot be stopped half-way).
pub fn parse(sources: &SourceMap, id: FileId, budget: &Budget) -> Result<Vec<ast::Stmt>, Stop> {
    let file = sources.file(id);
    let charge = |tree: usize| {
        budget.bytes(tree).map_err(|stop| {
            if tree as u64 > budget.limits().max_alloc {
                Stop::limit(format!(
                    "{} is too large to parse within the memory limit (its syntax tree could take {} MiB)",
                    file.display,
                    tree >> 20
                ))
            } else {
                stop
            }
        })
    };
    let key = {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        file.text.hash(&mut h);
        h.finish()
    };
    if let Some(hit) = cache().lock().ok().and_then(|c| c.get(&key).cloned()) {
        charge(hit.tree_bytes)?;
        return Ok(hit.suite);
    }
    let tree_bytes = token_estimate(&file.text).saturating_mul(TREE_BYTES_PER_TOKEN);
    charge(tree_bytes)?;
    let suite = parse_uncached(sources, id, budget)?;
    if file.text.len() <= CACHE_MAX_BYTES {
        if let Ok(mut c) = cache().lock() {
            if c.len() < CACHE_MAX_FILES {
                c.insert(
                    key,
                    Parsed {
                        tree_bytes,
                        suite: suite.clone(),
                    },
                );
            }
        }
    }
    Ok(suite)
}

fn parse_uncached(
    sources: &SourceMap,
    id: FileId,
    budget: &Budget,
) -> Result<Vec<ast::Stmt>, Stop> {
    let file = sources.file(id);
    if let Some(at) = too_deep(&file.rewritten.text) {
        return Err(Stop::syntax(
            format!("too many nested brackets (more than {MAX_NESTING})"),
            Span::new(id, at as u32, at as u32 + 1),
        ));
    }
    match rustpython_parser::parse(&file.rewritten.text, Mode::Module, &file.display) {
        Ok(ast::Mod::Module(m)) => {
            validate::check(file, id, &m.body, budget)?;
            Ok(m.body)
        }
        Ok(_) => Ok(Vec::new()),
        Err(e) => {
            let offset = u32::from(e.offset);
            let text = &file.rewritten.text;
            let (message, offset) = match (&e.error, unterminated_triple_quote(text)) {
                (_, Some(at)) => (
                    "EOF while scanning triple-quoted string literal".to_string(),
                    at as u32,
                ),
                (rustpython_parser::ParseErrorType::Eof, None) => {
                    ("unexpected end of file".to_string(), offset)
                }
                (other, None) => {
                    let m = other.to_string();
                    let m = m
                        .strip_prefix("invalid syntax. ")
                        .map(str::to_string)
                        .unwrap_or(m);
                    if m.contains("scanning string literal") {
                        // Python reports the line the string starts on, not the next one.
                        (m, string_start_before(text, offset as usize) as u32)
                    } else if let Some(tok) = m.strip_prefix("Got unexpected token ") {
                        (format!("unexpected `{}`", tok.trim_matches('\'')), offset)
                    } else {
                        (m, offset)
                    }
                }
            };
            let message = if message.contains("string literal") {
                message
            } else {
                format!("invalid syntax: {message}")
            };
            let mut d = Stop::syntax(message, Span::new(id, offset, offset + 1));
            if let Some(at) = open_bracket_before(text, offset as usize) {
                let line = text[..at].matches('\n').count() + 1;
                d.hints.push(format!(
                    "the `{}` opened on line {line} is not closed",
                    &text[at..at + 1]
                ));
            }
            Err(d)
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

/// The value of a string literal (or implicitly concatenated literals) as Python 2 reads it, as
/// bytes (text parts in UTF-8): `\u`/`\U`/`\N{}` are not escapes in a byte string, `\xNN` and
/// octal escapes in a byte string are bytes, and `ur'...'` processes `\u` escapes. In a
/// concatenation with a `u''` part, a byte part's `\xNN` escapes are read as characters (Python 2
/// refuses those above `\x7f` there, decoding the part as ASCII).
/// `source` is the literal as written. `None` when it cannot be read (the caller keeps the
/// parser's value).
pub fn py2_string_value(source: &str) -> Option<Vec<u8>> {
    let b = source.as_bytes();
    let mut i = 0;
    let mut parts = Vec::new();
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' => {
                i += 1;
                continue;
            }
            b'\\' if b.get(i + 1) == Some(&b'\n') => {
                i += 2;
                continue;
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        let prefix = source[start..i].to_ascii_lowercase();
        if prefix.len() > 2 || prefix.chars().any(|c| !"urb".contains(c)) {
            return None;
        }
        let q = *b.get(i)?;
        if q != b'\'' && q != b'"' {
            return None;
        }
        let triple = b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q);
        let qlen = if triple { 3 } else { 1 };
        i += qlen;
        let body_start = i;
        loop {
            if i >= b.len() {
                return None;
            }
            if b[i] == b'\\' {
                i += 2;
                continue;
            }
            if b[i] == q && (!triple || (b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q))) {
                break;
            }
            i += 1;
        }
        parts.push((prefix, &source[body_start..i]));
        i += qlen;
    }
    let unicode = parts.iter().any(|(p, _)| p.contains('u'));
    let mut out = Vec::new();
    for (prefix, body) in parts {
        let mode = match (prefix.contains('r'), prefix.contains('u'), unicode) {
            (true, false, _) => {
                out.extend_from_slice(body.as_bytes());
                continue;
            }
            (true, true, _) => Escapes::UnicodeOnly,
            (false, true, _) => Escapes::Unicode,
            (false, false, true) => Escapes::Text,
            (false, false, false) => Escapes::Bytes,
        };
        unescape(body, mode, &mut out)?;
    }
    Some(out)
}

#[derive(PartialEq)]
enum Escapes {
    /// A byte string: `\xNN` and octal escapes are bytes.
    Bytes,
    /// A byte string in a unicode concatenation: `\xNN` and octal escapes are characters.
    Text,
    /// A unicode string: `\u` and `\U` escapes too.
    Unicode,
    /// A raw unicode string: only `\u` and `\U` escapes.
    UnicodeOnly,
}

fn unescape(body: &str, mode: Escapes, out: &mut Vec<u8>) -> Option<()> {
    let push = |out: &mut Vec<u8>, c: char| {
        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    };
    let byte = |out: &mut Vec<u8>, v: u32| {
        if mode == Escapes::Bytes {
            out.push(v as u8);
            Some(())
        } else {
            char::from_u32(v).map(|c| push(out, c))
        }
    };
    let mut cs = body.chars().peekable();
    while let Some(c) = cs.next() {
        if c != '\\' {
            push(out, c);
            continue;
        }
        let Some(&n) = cs.peek() else {
            push(out, '\\');
            break;
        };
        let hex = |cs: &mut std::iter::Peekable<std::str::Chars>, k: usize| -> Option<u32> {
            let s: String = (0..k).filter_map(|_| cs.next()).collect();
            (s.len() == k)
                .then(|| u32::from_str_radix(&s, 16).ok())
                .flatten()
        };
        if mode == Escapes::UnicodeOnly {
            match n {
                'u' | 'U' => {
                    cs.next();
                    push(
                        out,
                        char::from_u32(hex(&mut cs, if n == 'u' { 4 } else { 8 })?)?,
                    );
                }
                _ => push(out, '\\'),
            }
            continue;
        }
        cs.next();
        match n {
            '\n' => {}
            '\\' => push(out, '\\'),
            '\'' => push(out, '\''),
            '"' => push(out, '"'),
            'a' => push(out, '\x07'),
            'b' => push(out, '\x08'),
            'f' => push(out, '\x0c'),
            'n' => push(out, '\n'),
            'r' => push(out, '\r'),
            't' => push(out, '\t'),
            'v' => push(out, '\x0b'),
            'x' => byte(out, hex(&mut cs, 2)?)?,
            '0'..='7' => {
                let mut v = n.to_digit(8)?;
                for _ in 0..2 {
                    match cs.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            cs.next();
                        }
                        None => break,
                    }
                }
                byte(out, v & 0xff)?;
            }
            'u' | 'U' if mode == Escapes::Unicode => {
                push(
                    out,
                    char::from_u32(hex(&mut cs, if n == 'u' { 4 } else { 8 })?)?,
                );
            }
            'N' if mode == Escapes::Unicode => return None,
            other => {
                push(out, '\\');
                push(out, other);
            }
        }
    }
    Some(())
}

/// Where an unterminated triple-quoted string starts, if the text ends inside one.
fn unterminated_triple_quote(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'\'' | b'"') => {
                let triple = b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q);
                let start = i;
                i += if triple { 3 } else { 1 };
                loop {
                    if i >= b.len() {
                        return triple.then_some(start);
                    }
                    match b[i] {
                        b'\\' => i += 1,
                        b'\n' if !triple => break,
                        c if c == q
                            && (!triple
                                || (b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q))) =>
                        {
                            i += if triple { 2 } else { 0 };
                            break;
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The opening quote of the string literal that an error at `offset` (a line start) left open.
fn string_start_before(text: &str, offset: usize) -> usize {
    let before = &text[..offset.min(text.len())];
    let line_start = before
        .trim_end_matches(['\n', '\r'])
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = &before[line_start..];
    line.rfind(['\'', '"']).map_or(offset, |i| line_start + i)
}

/// The innermost bracket still open at `offset`, skipping strings and comments.
fn open_bracket_before(text: &str, offset: usize) -> Option<usize> {
    let b = text.as_bytes();
    let end = offset.min(b.len());
    let mut stack = Vec::new();
    let mut i = 0;
    while i < end {
        match b[i] {
            b'#' => {
                while i < end && b[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'\'' | b'"') => {
                let triple = b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q);
                i += if triple { 3 } else { 1 };
                while i < end {
                    if b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if b[i] == q
                        && (!triple || (b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q)))
                    {
                        i += if triple { 2 } else { 0 };
                        break;
                    }
                    if b[i] == b'\n' && !triple {
                        break;
                    }
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => stack.push(i),
            b')' | b']' | b'}' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }
    stack.pop()
}
