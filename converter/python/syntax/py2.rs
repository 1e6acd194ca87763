//! Python 2 → Python 3 syntax shim for the parser.
//!
//! The programs are Python 2.7, but the parser we use
//! (rustpython-parser) speaks the Python 3 grammar. [`rewrite`] turns the
//! Python 2 *syntax* that Python 3 rejects into equivalent Python 3 syntax,
//! and [`Rewritten::original_offset`] maps every byte offset of the result
//! back to the original source, so parse errors and AST ranges still point at
//! what the user wrote.
//!
//! # How it works
//!
//! A small Python 2 tokenizer splits the source into logical lines of tokens
//! (names, numbers, string literals, operators), skipping comments, blank
//! lines and line continuations, and tracking bracket nesting, so nothing is
//! ever rewritten inside a string literal (any prefix, single or triple
//! quoted) or a comment. Each line yields a list of edits ("replace this
//! original byte range with these pieces"), which are applied in one pass
//! while recording a sorted list of anchors for the offset map.
//!
//! # What it rewrites
//!
//! | Python 2                         | Python 3 text produced          |
//! |----------------------------------|---------------------------------|
//! | `print x, y` / `print`           | `print(x, y)` / `print()`       |
//! | `print x,` (trailing comma)      | `print(x, end=' ')`             |
//! | `print >>f, x`  / `print >>f`    | `print(x, file=f)` / `print(file=f)` |
//! | `0755`, `0755L`                  | `0o755`                         |
//! | `10L`, `0x1fL`, `10l`            | `10`, `0x1f`, `10`              |
//! | `a <> b`                         | `a != b`                        |
//! | `ur'...'`, `UR"..."`             | `r'...'`, `R"..."`              |
//! | `` `expr` ``                     | `repr(expr)`                    |
//! | `except E, e:`                   | `except E as e:`                |
//! | `exec code` / `exec code in g, l`| `exec(code)` / `exec(code, g, l)` |
//! | `raise E, "msg"[, tb]`           | `raise E("msg")` (traceback dropped) |
//! | `raise E, (a, b)`                | `raise E(a, b)`                 |
//! | tab/space mixes Python 3 rejects | leading whitespace re-indented with spaces (tab stops every 8 columns) |
//!
//! In `print >>f, x` the destination `f` is moved behind the items; its
//! bytes still map back to where they were written.
//!
//! `print (x)` / `exec (x)` whose parenthesised group ends the statement are
//! already valid calls and are left alone. `print` that cannot start a
//! Python 2 print statement (`print = f`, `print.x`, `x = print`, `a.print`)
//! is left alone too.
//!
//! Indentation is only touched when the file as a whole would be rejected by
//! rustpython's indentation rules (which compare tab and space counts and
//! forbid a tab after a space); then every statement line whose indentation
//! contains a tab or form feed is re-indented with spaces using the Python 2
//! rule, which is exactly what Python 2 itself would have seen.
//!
//! # Offsets
//!
//! Copied text maps one to one; inserted text maps to the start of the edit
//! that inserted it. An AST node's range therefore maps back to the original
//! spelling of the construct: a literal `10` produced from `10L` maps back to
//! `10L`, `r'x'` from `ur'x'` to `ur'x'`, `repr(a)` to `` `a` ``, and a whole
//! `print(x)` call to `print x`. The evaluator can use this to recover what
//! the rewrite erased (for instance that a literal was a Python 2 `long`).
//!
//! # What it does not do
//!
//! It never fails: anything it does not recognise is left as it is, so the
//! parser reports the error at the user's own text. It changes syntax only,
//! not semantics: `\u` escapes in `ur''` strings (processed by Python 2,
//! literal in a Python 3 raw string), `str`/`unicode`/bytes differences,
//! integer division, `long` as a type, `dict.has_key` and similar are the
//! evaluator's concern, and `print x,` becomes `end=' '` rather than Python
//! 2's "soft space". Not rewritten at all: tuple parameters
//! (`def f((a, b)):`, `lambda (k, v): ...`), `except E, (a, b):` targets
//! other than a plain name, string escapes Python 3 rejects (`'\N'`), and
//! names that became keywords in Python 3 (`nonlocal`, `async`, `await`,
//! `True = 1`).

use std::cmp::Ordering;

/// Result of rewriting Python 2 source into Python 3 source the parser accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewritten {
    /// The rewritten source text (identical to the input when nothing needed rewriting).
    pub text: String,
    /// Segment starts, sorted by `rewritten`; see [`Anchor`].
    anchors: Vec<Anchor>,
    /// Length of the original source, the upper bound of every mapped offset.
    original_len: usize,
}

/// Start of a segment of the rewritten text; the segment runs to the next anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Anchor {
    /// Offset in the rewritten text where the segment starts.
    rewritten: usize,
    /// Offset in the original source that the segment start maps to.
    original: usize,
    /// `true`: the segment is copied original text and maps linearly;
    /// `false`: it is inserted text and every offset in it maps to `original`.
    copied: bool,
}

impl Rewritten {
    /// Map a byte offset in `text` back to the byte offset in the original source.
    ///
    /// Offsets in copied text map one to one; offsets inside inserted text map to
    /// the start of the edit that inserted it. Offsets past the end are clamped to
    /// the length of the original source.
    pub fn original_offset(&self, rewritten: usize) -> usize {
        let index = self.anchors.partition_point(|a| a.rewritten <= rewritten);
        let mapped = match index.checked_sub(1).map(|i| self.anchors[i]) {
            Some(a) if a.copied => a.original + (rewritten - a.rewritten),
            Some(a) => a.original,
            None => rewritten,
        };
        mapped.min(self.original_len)
    }

    /// The input returned unchanged, with the identity offset map.
    fn identity(source: &str) -> Rewritten {
        Rewritten {
            text: source.to_owned(),
            anchors: vec![Anchor {
                rewritten: 0,
                original: 0,
                copied: true,
            }],
            original_len: source.len(),
        }
    }
}

/// Rewrite the Python 2 forms that Python 3 rejects. Never fails: anything it does not understand is left alone
/// so the parser reports it.
pub fn rewrite(source: &str) -> Rewritten {
    let src = source.as_bytes();
    let lines = scan(src);
    let mut edits = reindent_edits(src, &lines);
    for line in &lines {
        edits.extend(LineRewriter::new(src, &line.tokens).edits());
    }
    apply(source, edits)
}

// ---------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------

/// What a token is; comments, whitespace and newlines produce no tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Identifier or keyword.
    Name,
    /// Numeric literal, including a Python 2 `L` suffix.
    Number,
    /// String literal, prefix and quotes included.
    Str,
    /// Operator, bracket, backtick or any other single character.
    Op,
}

/// One token: its kind and its byte range in the original source.
#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

/// A logical line: its tokens and, when it starts a statement line, the byte
/// range of its leading whitespace.
#[derive(Debug, Default)]
struct Line {
    indent: Option<(usize, usize)>,
    tokens: Vec<Token>,
}

/// Python 2 operators of three and two characters, matched longest first.
const OPERATORS_3: [&[u8]; 5] = [b"**=", b"//=", b">>=", b"<<=", b"..."];
const OPERATORS_2: [&[u8]; 20] = [
    b"**", b"//", b">>", b"<<", b"<=", b">=", b"==", b"!=", b"<>", b"+=", b"-=", b"*=", b"/=",
    b"%=", b"&=", b"|=", b"^=", b"->", b":=", b"@=",
];

/// Splits source bytes into logical lines of tokens.
struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
    /// Bracket nesting; newlines inside brackets do not end the logical line.
    depth: usize,
    at_line_start: bool,
    lines: Vec<Line>,
    current: Line,
}

/// Tokenize `src` into logical lines (a lenient Python 2 tokenizer that never fails).
fn scan(src: &[u8]) -> Vec<Line> {
    let mut scanner = Scanner {
        src,
        pos: if src.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        },
        depth: 0,
        at_line_start: true,
        lines: Vec::new(),
        current: Line::default(),
    };
    while scanner.pos < src.len() {
        scanner.step();
    }
    scanner.finish_line();
    scanner.lines
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// String prefixes the tokenizer accepts (lower-cased); `ur` is Python 2 only.
fn is_string_prefix(prefix: &[u8]) -> bool {
    let lower = prefix.to_ascii_lowercase();
    matches!(
        lower.as_slice(),
        b"r" | b"u" | b"b" | b"f" | b"br" | b"rb" | b"ur" | b"fr" | b"rf"
    )
}

impl Scanner<'_> {
    fn peek(&self, ahead: usize) -> Option<u8> {
        self.src.get(self.pos + ahead).copied()
    }

    /// Offset just past the newline (`\n`, `\r\n` or `\r`) starting at `at`.
    fn newline_end(&self, at: usize) -> usize {
        if self.src.get(at) == Some(&b'\r') && self.src.get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            at + 1
        }
    }

    fn push(&mut self, kind: Kind, start: usize) {
        self.current.tokens.push(Token {
            kind,
            start,
            end: self.pos,
        });
    }

    fn finish_line(&mut self) {
        let line = std::mem::take(&mut self.current);
        if !line.tokens.is_empty() {
            self.lines.push(line);
        }
    }

    fn step(&mut self) {
        if self.at_line_start {
            self.line_start();
            return;
        }
        let c = self.src[self.pos];
        match c {
            b' ' | b'\t' | 0x0c => self.pos += 1,
            b'\n' | b'\r' => {
                self.pos = self.newline_end(self.pos);
                if self.depth == 0 {
                    self.finish_line();
                    self.at_line_start = true;
                }
            }
            b'#' => self.skip_comment(),
            b'\\' if matches!(self.peek(1), Some(b'\n' | b'\r')) => {
                self.pos = self.newline_end(self.pos + 1);
            }
            b'"' | b'\'' => self.string(self.pos),
            b'0'..=b'9' => self.number(),
            b'.' if self.peek(1).is_some_and(|b| b.is_ascii_digit()) => self.number(),
            c if is_ident_start(c) => self.name(),
            _ => self.operator(),
        }
    }

    /// At the start of a physical line outside brackets: measure indentation and
    /// skip blank and comment-only lines, as the Python lexer does.
    fn line_start(&mut self) {
        let start = self.pos;
        while matches!(self.peek(0), Some(b' ' | b'\t' | 0x0c)) {
            self.pos += 1;
        }
        match self.peek(0) {
            None => {}
            Some(b'#') => self.skip_comment(),
            Some(b'\n' | b'\r') => self.pos = self.newline_end(self.pos),
            Some(_) => {
                self.at_line_start = false;
                self.current.indent = Some((start, self.pos));
            }
        }
    }

    fn skip_comment(&mut self) {
        while !matches!(self.peek(0), None | Some(b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// A string literal whose prefix starts at `start`; `self.pos` is at the quote.
    /// An unterminated literal ends at the end of its line (or of the file).
    fn string(&mut self, start: usize) {
        let quote = self.src[self.pos];
        let triple = self.peek(1) == Some(quote) && self.peek(2) == Some(quote);
        self.pos += if triple { 3 } else { 1 };
        loop {
            match self.peek(0) {
                None => break,
                Some(b'\\') => {
                    self.pos += 1;
                    if self.pos < self.src.len() {
                        self.pos = self.newline_end(self.pos);
                    }
                }
                Some(b'\n' | b'\r') if !triple => break,
                Some(c) if c == quote => {
                    if !triple {
                        self.pos += 1;
                        break;
                    }
                    if self.peek(1) == Some(quote) && self.peek(2) == Some(quote) {
                        self.pos += 3;
                        break;
                    }
                    self.pos += 1;
                }
                Some(_) => self.pos += 1,
            }
        }
        self.push(Kind::Str, start);
    }

    /// An identifier, or a string literal when it is a prefix followed by a quote.
    fn name(&mut self) {
        let start = self.pos;
        while self.peek(0).is_some_and(is_ident_continue) {
            self.pos += 1;
        }
        if self.pos - start <= 2
            && matches!(self.peek(0), Some(b'"' | b'\''))
            && is_string_prefix(&self.src[start..self.pos])
        {
            self.string(start);
        } else {
            self.push(Kind::Name, start);
        }
    }

    /// A numeric literal, leniently: whatever it scans, [`number_edits`] decides.
    fn number(&mut self) {
        let start = self.pos;
        let digits = |s: &mut Self, hex: bool| {
            while s
                .peek(0)
                .is_some_and(|b| b == b'_' || b.is_ascii_digit() || (hex && b.is_ascii_hexdigit()))
            {
                s.pos += 1;
            }
        };
        if self.peek(0) == Some(b'0')
            && matches!(self.peek(1), Some(b'x' | b'X' | b'o' | b'O' | b'b' | b'B'))
        {
            self.pos += 2;
            digits(self, true);
        } else {
            digits(self, false);
            if self.peek(0) == Some(b'.') {
                self.pos += 1;
                digits(self, false);
            }
            let exponent = matches!(self.peek(0), Some(b'e' | b'E'))
                && match self.peek(1) {
                    Some(b'+' | b'-') => self.peek(2).is_some_and(|b| b.is_ascii_digit()),
                    next => next.is_some_and(|b| b.is_ascii_digit()),
                };
            if exponent {
                self.pos += 2;
                digits(self, false);
            }
            if matches!(self.peek(0), Some(b'j' | b'J')) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(0), Some(b'l' | b'L')) && !self.peek(1).is_some_and(is_ident_continue)
        {
            self.pos += 1;
        }
        self.push(Kind::Number, start);
    }

    fn operator(&mut self) {
        let start = self.pos;
        let rest = &self.src[self.pos..];
        let len = if OPERATORS_3.iter().any(|op| rest.starts_with(op)) {
            3
        } else if OPERATORS_2.iter().any(|op| rest.starts_with(op)) {
            2
        } else {
            1
        };
        match rest[0] {
            b'(' | b'[' | b'{' => self.depth += 1,
            b')' | b']' | b'}' => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        self.pos += len;
        self.push(Kind::Op, start);
    }
}

// ---------------------------------------------------------------------------
// Edits and their application
// ---------------------------------------------------------------------------

/// Part of an edit's replacement text.
#[derive(Debug, Clone)]
enum Piece {
    /// New text; every offset in it maps to the given original offset.
    Text(String, usize),
    /// A copy of an original byte range (used to move `>>f` of a print statement).
    Copy(usize, usize),
}

/// Replace the original bytes `start..end` with `pieces`.
#[derive(Debug, Clone)]
struct Edit {
    start: usize,
    end: usize,
    pieces: Vec<Piece>,
}

impl Edit {
    fn replace(start: usize, end: usize, text: &str) -> Edit {
        Edit {
            start,
            end,
            pieces: vec![Piece::Text(text.to_owned(), start)],
        }
    }

    fn insert(at: usize, text: &str) -> Edit {
        Edit::replace(at, at, text)
    }
}

/// Accumulates the rewritten text and its anchors.
struct Builder<'a> {
    source: &'a str,
    text: String,
    anchors: Vec<Anchor>,
    /// Set when a range did not fall on character boundaries (never expected).
    failed: bool,
}

impl Builder<'_> {
    fn copy(&mut self, start: usize, end: usize) {
        if start >= end {
            return;
        }
        let Some(slice) = self.source.get(start..end) else {
            self.failed = true;
            return;
        };
        let here = self.text.len();
        let continues = self
            .anchors
            .last()
            .is_some_and(|a| a.copied && a.original + (here - a.rewritten) == start);
        if !continues {
            self.anchors.push(Anchor {
                rewritten: here,
                original: start,
                copied: true,
            });
        }
        self.text.push_str(slice);
    }

    fn insert(&mut self, text: &str, original: usize) {
        if text.is_empty() {
            return;
        }
        let continues = self
            .anchors
            .last()
            .is_some_and(|a| !a.copied && a.original == original);
        if !continues {
            self.anchors.push(Anchor {
                rewritten: self.text.len(),
                original,
                copied: false,
            });
        }
        self.text.push_str(text);
    }
}

/// Apply non-overlapping edits to `source` (edits that would overlap an earlier
/// one are dropped, defensively) and build the offset map.
fn apply(source: &str, mut edits: Vec<Edit>) -> Rewritten {
    if edits.is_empty() {
        return Rewritten::identity(source);
    }
    // Stable: insertions at one offset keep the order they were made in, and
    // sort before a replacement starting at that offset.
    edits.sort_by_key(|e| (e.start, e.end));
    let mut builder = Builder {
        source,
        text: String::with_capacity(source.len() + 16 * edits.len()),
        anchors: Vec::with_capacity(2 * edits.len() + 1),
        failed: false,
    };
    let mut cursor = 0;
    for edit in edits {
        if edit.start < cursor || edit.end < edit.start || edit.end > source.len() {
            continue;
        }
        builder.copy(cursor, edit.start);
        for piece in &edit.pieces {
            match piece {
                Piece::Text(text, at) => builder.insert(text, *at),
                Piece::Copy(start, end) => builder.copy(*start, *end),
            }
        }
        cursor = edit.end;
    }
    builder.copy(cursor, source.len());
    if builder.failed {
        return Rewritten::identity(source);
    }
    Rewritten {
        text: builder.text,
        anchors: builder.anchors,
        original_len: source.len(),
    }
}

// ---------------------------------------------------------------------------
// Indentation
// ---------------------------------------------------------------------------

/// Indentation as rustpython counts it: (tabs, spaces).
type Level = (usize, usize);

/// rustpython's `compare_strict`: `None` where the order depends on the tab size.
fn compare_levels(a: Level, b: Level) -> Option<Ordering> {
    match a.0.cmp(&b.0) {
        Ordering::Less => (a.1 <= b.1).then_some(Ordering::Less),
        Ordering::Greater => (a.1 >= b.1).then_some(Ordering::Greater),
        Ordering::Equal => Some(a.1.cmp(&b.1)),
    }
}

/// Whether rustpython's lexer accepts the indentation of every statement line.
fn parser_accepts_indentation(src: &[u8], lines: &[Line]) -> bool {
    let mut stack: Vec<Level> = vec![(0, 0)];
    for (start, end) in lines.iter().filter_map(|l| l.indent) {
        let mut level: Level = (0, 0);
        for &b in &src[start..end] {
            match b {
                b' ' => level.1 += 1,
                b'\t' if level.1 != 0 => return false, // tab after space
                b'\t' => level.0 += 1,
                _ => level = (0, 0), // form feed
            }
        }
        loop {
            let top = *stack.last().unwrap_or(&(0, 0));
            match compare_levels(level, top) {
                None => return false,
                Some(Ordering::Equal) => break,
                Some(Ordering::Greater) => {
                    stack.push(level);
                    break;
                }
                Some(Ordering::Less) if stack.len() > 1 => {
                    stack.pop();
                }
                // Dedent below the outermost level: a genuine error.
                Some(Ordering::Less) => return false,
            }
        }
    }
    true
}

/// Python 2's column for leading whitespace: tabs advance to the next multiple
/// of 8, form feeds reset to 0.
fn python2_column(whitespace: &[u8]) -> usize {
    whitespace.iter().fold(0, |col, &b| match b {
        b' ' => col + 1,
        b'\t' => (col / 8 + 1) * 8,
        _ => 0,
    })
}

/// When rustpython would reject the file's indentation, replace every statement
/// line's leading whitespace that holds a tab or form feed with spaces.
fn reindent_edits(src: &[u8], lines: &[Line]) -> Vec<Edit> {
    if parser_accepts_indentation(src, lines) {
        return Vec::new();
    }
    lines
        .iter()
        .filter_map(|l| l.indent)
        .filter(|&(start, end)| src[start..end].iter().any(|&b| b != b' '))
        .map(|(start, end)| {
            Edit::replace(start, end, &" ".repeat(python2_column(&src[start..end])))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Per-line rewriting
// ---------------------------------------------------------------------------

/// Keywords after which a compound statement's `:` starts a new simple statement.
const COMPOUND_KEYWORDS: [&[u8]; 12] = [
    b"if", b"elif", b"else", b"while", b"for", b"try", b"except", b"finally", b"with", b"def",
    b"class", b"async",
];

/// Python 2/3 keywords that cannot start an expression (so `print and` is not a print statement).
const NON_EXPRESSION_KEYWORDS: [&[u8]; 30] = [
    b"and",
    b"as",
    b"assert",
    b"async",
    b"await",
    b"break",
    b"class",
    b"continue",
    b"def",
    b"del",
    b"elif",
    b"else",
    b"except",
    b"exec",
    b"finally",
    b"for",
    b"from",
    b"global",
    b"if",
    b"import",
    b"in",
    b"is",
    b"nonlocal",
    b"or",
    b"pass",
    b"print",
    b"raise",
    b"return",
    b"try",
    b"while",
];

/// Rewrites the tokens of one logical line.
struct LineRewriter<'a> {
    src: &'a [u8],
    toks: &'a [Token],
    /// Bracket/backtick nesting of each token (an opener or closer has its outer depth).
    depth: Vec<usize>,
    /// The matching bracket or backtick of each opener/closer, if any.
    partner: Vec<Option<usize>>,
    /// Token-level edits (numbers, `<>`, `ur`, backticks), in source order.
    local: Vec<Edit>,
    /// Statement-level edits (print, exec, raise, except).
    structural: Vec<Edit>,
}

impl<'a> LineRewriter<'a> {
    fn new(src: &'a [u8], toks: &'a [Token]) -> Self {
        let mut depth = vec![0; toks.len()];
        let mut partner = vec![None; toks.len()];
        let mut stack: Vec<(usize, u8)> = Vec::new();
        for (i, tok) in toks.iter().enumerate() {
            depth[i] = stack.len();
            if tok.kind != Kind::Op || tok.end - tok.start != 1 {
                continue;
            }
            let c = src[tok.start];
            let opener = match c {
                b'(' | b'[' | b'{' => {
                    stack.push((i, c));
                    continue;
                }
                b'`' if stack.last().is_some_and(|&(_, o)| o == b'`') => b'`',
                b'`' => {
                    stack.push((i, c));
                    continue;
                }
                b')' => b'(',
                b']' => b'[',
                b'}' => b'{',
                _ => continue,
            };
            if let Some(found) = stack.iter().rposition(|&(_, o)| o == opener) {
                let open = stack[found].0;
                stack.truncate(found);
                depth[i] = found;
                partner[i] = Some(open);
                partner[open] = Some(i);
            }
        }
        LineRewriter {
            src,
            toks,
            depth,
            partner,
            local: Vec::new(),
            structural: Vec::new(),
        }
    }

    /// All edits for this line.
    fn edits(mut self) -> Vec<Edit> {
        self.local_edits();
        self.statements();
        let mut edits = self.local;
        edits.append(&mut self.structural);
        edits
    }

    fn text(&self, i: usize) -> &'a [u8] {
        &self.src[self.toks[i].start..self.toks[i].end]
    }

    fn is_op(&self, i: usize, op: &[u8]) -> bool {
        self.toks[i].kind == Kind::Op && self.text(i) == op
    }

    fn is_name(&self, i: usize, name: &[u8]) -> bool {
        self.toks[i].kind == Kind::Name && self.text(i) == name
    }

    /// Indices in `range` of top-level (depth 0) occurrences of operator `op`.
    fn top_level_ops(&self, range: std::ops::Range<usize>, op: &[u8]) -> Vec<usize> {
        range
            .filter(|&i| self.depth[i] == 0 && self.is_op(i, op))
            .collect()
    }

    /// Whether token `i` can begin a Python 2 expression.
    fn starts_expression(&self, i: usize) -> bool {
        match self.toks[i].kind {
            Kind::Number | Kind::Str => true,
            Kind::Name => !NON_EXPRESSION_KEYWORDS.contains(&self.text(i)),
            Kind::Op => matches!(self.text(i), b"(" | b"[" | b"{" | b"`" | b"-" | b"+" | b"~"),
        }
    }

    /// Remove and return the local edits lying entirely inside `start..end`.
    fn take_local(&mut self, start: usize, end: usize) -> Vec<Edit> {
        let (inside, outside) = std::mem::take(&mut self.local)
            .into_iter()
            .partition(|e| e.start >= start && e.end <= end);
        self.local = outside;
        inside
    }

    // -- token-level forms ---------------------------------------------------

    fn local_edits(&mut self) {
        for i in 0..self.toks.len() {
            let tok = self.toks[i];
            let text = self.text(i);
            match tok.kind {
                Kind::Op if text == b"<>" => {
                    self.local.push(Edit::replace(tok.start, tok.end, "!="))
                }
                Kind::Op if text == b"`" => {
                    let Some(other) = self.partner[i] else {
                        continue;
                    };
                    let replacement = if other < i {
                        ")"
                    } else if i > 0
                        && self.toks[i - 1].end == tok.start
                        && matches!(self.toks[i - 1].kind, Kind::Name | Kind::Number)
                    {
                        // Keep `a`b`` an error rather than turning it into a call `arepr(b)`.
                        " repr("
                    } else {
                        "repr("
                    };
                    self.local
                        .push(Edit::replace(tok.start, tok.end, replacement));
                }
                Kind::Number => self.local.extend(number_edits(text, tok.start)),
                // `lambda (a, b): body` (a Python 2 tuple parameter) becomes
                // `lambda __t: (lambda a, b: body)(*__t)`.
                Kind::Name if text == b"lambda" => self.tuple_lambda(i),
                // In a Python 2 byte string `\u`, `\U` and `\N` are not escapes: double the
                // backslash so Python 3 reads the same characters.
                Kind::Str
                    if !text
                        .iter()
                        .take_while(|b| b.is_ascii_alphabetic())
                        .any(|b| matches!(b, b'u' | b'U' | b'r' | b'R')) =>
                {
                    let mut k = 0;
                    while k + 1 < text.len() {
                        if text[k] == b'\\' {
                            if matches!(text[k + 1], b'u' | b'U' | b'N') {
                                self.local.push(Edit::insert(tok.start + k, "\\"));
                            }
                            k += 2;
                        } else {
                            k += 1;
                        }
                    }
                }
                Kind::Str if text.len() > 2 && text[..2].eq_ignore_ascii_case(b"ur") => {
                    // Replace `ur` as a whole (rather than deleting `u`) so the literal's
                    // start still maps to its `u`.
                    let raw = if text[1] == b'R' { "R" } else { "r" };
                    self.local
                        .push(Edit::replace(tok.start, tok.start + 2, raw));
                }
                _ => {}
            }
        }
    }

    fn tuple_lambda(&mut self, i: usize) {
        let n = self.toks.len();
        if i + 1 >= n || !self.is_op(i + 1, b"(") {
            return;
        }
        let Some(close) = self.partner[i + 1] else {
            return;
        };
        if close + 1 >= n || !self.is_op(close + 1, b":") {
            return;
        }
        // Only a flat tuple of names.
        if !(i + 2..close).all(|k| self.toks[k].kind == Kind::Name || self.is_op(k, b",")) {
            return;
        }
        let d = self.depth[i];
        // The body ends at the first `,` of the lambda's own level, or at the bracket that closes
        // the group the lambda stands in (a closing bracket's depth is its opener's).
        let end = (close + 2..n)
            .find(|&k| self.depth[k] < d || (self.depth[k] == d && self.is_op(k, b",")))
            .map_or(self.toks[n - 1].end, |k| self.toks[k].start);
        let params =
            String::from_utf8_lossy(&self.src[self.toks[i + 1].end..self.toks[close].start])
                .into_owned();
        let colon_end = self.toks[close + 1].end;
        let body_end = {
            let mut e = end;
            while e > colon_end && self.src[e - 1].is_ascii_whitespace() {
                e -= 1;
            }
            e
        };
        self.local.push(Edit::replace(
            self.toks[i + 1].start,
            self.toks[close].end,
            "__t",
        ));
        self.local
            .push(Edit::insert(colon_end, &format!(" (lambda {params}:")));
        self.local.push(Edit::insert(body_end, ")(*__t)"));
    }

    // -- statement-level forms -----------------------------------------------

    /// Split the line into simple statements (at top-level `;` and after the `:`
    /// of a compound statement header) and rewrite each.
    fn statements(&mut self) {
        let n = self.toks.len();
        let mut start = 0;
        let mut lambdas = 0;
        let mut compound = self.is_compound_start(0);
        for i in 0..n {
            if self.depth[i] != 0 {
                continue;
            }
            if self.is_name(i, b"lambda") {
                lambdas += 1;
            } else if self.is_op(i, b";") {
                self.statement(start, i);
                start = i + 1;
                lambdas = 0;
                compound = self.is_compound_start(start);
            } else if self.is_op(i, b":") && compound {
                if lambdas > 0 {
                    lambdas -= 1;
                } else {
                    self.statement(start, i);
                    start = i + 1;
                    compound = self.is_compound_start(start);
                }
            }
        }
        self.statement(start, n);
    }

    fn is_compound_start(&self, i: usize) -> bool {
        i < self.toks.len()
            && self.toks[i].kind == Kind::Name
            && COMPOUND_KEYWORDS.contains(&self.text(i))
    }

    /// Rewrite the simple statement (or compound header) made of tokens `s..e`.
    fn statement(&mut self, s: usize, e: usize) {
        if s >= e || self.toks[s].kind != Kind::Name {
            return;
        }
        match self.text(s) {
            b"print" => self.print(s, e),
            b"exec" => self.exec(s, e),
            b"raise" => self.raise(s, e),
            b"except" => self.except(s, e),
            _ => {}
        }
    }

    /// Whether tokens `s+1..e` are one parenthesised group, i.e. `kw (...)` is a call.
    fn is_single_group(&self, s: usize, e: usize) -> bool {
        self.is_op(s + 1, b"(") && self.partner[s + 1] == Some(e - 1)
    }

    /// `print ...` → `print(...)`.
    fn print(&mut self, s: usize, e: usize) {
        let kw = self.toks[s];
        if e == s + 1 {
            self.structural.push(Edit::insert(kw.end, "()"));
            return;
        }
        if self.is_op(s + 1, b">>") {
            self.print_redirect(s, e);
            return;
        }
        if !self.starts_expression(s + 1)
            || self.is_single_group(s, e)
            || (self.is_op(s + 1, b"(") && self.partner[s + 1].is_none())
        {
            return;
        }
        let first = self.toks[s + 1];
        let last = self.toks[e - 1];
        self.open_call(kw.end, first.start);
        if self.has_trailing_comma(s + 1, e) {
            self.structural
                .push(Edit::replace(last.start, last.end, ", end=' ')"));
        } else {
            self.structural.push(Edit::insert(last.end, ")"));
        }
    }

    /// Replace the gap between a statement keyword and its first argument with `(`.
    /// A backtick right after the keyword (`print`x``) then needs no separating space.
    fn open_call(&mut self, keyword_end: usize, first_start: usize) {
        self.structural
            .push(Edit::replace(keyword_end, first_start, "("));
        if keyword_end == first_start {
            for edit in &mut self.local {
                if edit.start == first_start
                    && matches!(&edit.pieces[..], [Piece::Text(t, _)] if t == " repr(")
                {
                    edit.pieces = vec![Piece::Text("repr(".to_owned(), first_start)];
                }
            }
        }
    }

    /// Whether items `first..e` end with a top-level comma after at least one item.
    fn has_trailing_comma(&self, first: usize, e: usize) -> bool {
        e >= first + 2 && self.depth[e - 1] == 0 && self.is_op(e - 1, b",")
    }

    /// `print >>f, x, y` → `print(x, y, file=f)`; `print >>f` → `print(file=f)`.
    fn print_redirect(&mut self, s: usize, e: usize) {
        let kw = self.toks[s];
        let dest_first = s + 2;
        if dest_first >= e || !self.starts_expression(dest_first) {
            return;
        }
        let Some(&comma) = self.top_level_ops(dest_first..e, b",").first() else {
            self.structural
                .push(Edit::replace(kw.end, self.toks[dest_first].start, "(file="));
            self.structural
                .push(Edit::insert(self.toks[e - 1].end, ")"));
            return;
        };
        if comma == dest_first || comma + 1 >= e {
            return; // `print >>, x` or `print >>f,`: not Python 2 either.
        }
        let items = comma + 1;
        let trailing = self.has_trailing_comma(items, e);
        let items_last = if trailing { e - 2 } else { e - 1 };
        let (dest_start, dest_end) = (self.toks[dest_first].start, self.toks[comma - 1].end);
        let nested = self.take_local(dest_start, dest_end);

        let tail_start = self.toks[items_last].end;
        let tail_end = self.toks[e - 1].end;
        let mut pieces = Vec::new();
        if trailing {
            pieces.push(Piece::Text(", end=' '".to_owned(), tail_start));
        }
        pieces.push(Piece::Text(", file=".to_owned(), tail_start));
        pieces.extend(copy_with_edits(dest_start, dest_end, nested));
        pieces.push(Piece::Text(")".to_owned(), tail_end));
        self.structural
            .push(Edit::replace(kw.end, self.toks[items].start, "("));
        self.structural.push(Edit {
            start: tail_start,
            end: tail_end,
            pieces,
        });
    }

    /// `exec code [in g[, l]]` → `exec(code[, g[, l]])`.
    fn exec(&mut self, s: usize, e: usize) {
        if e == s + 1
            || !self.starts_expression(s + 1)
            || self.is_single_group(s, e)
            || (self.is_op(s + 1, b"(") && self.partner[s + 1].is_none())
        {
            return;
        }
        self.open_call(self.toks[s].end, self.toks[s + 1].start);
        if let Some(k) = (s + 2..e).find(|&k| self.depth[k] == 0 && self.is_name(k, b"in")) {
            self.structural
                .push(Edit::replace(self.toks[k - 1].end, self.toks[k].end, ","));
        }
        self.structural
            .push(Edit::insert(self.toks[e - 1].end, ")"));
    }

    /// `raise E, V[, tb]` → `raise E(V)`; a parenthesised `V` supplies the arguments.
    fn raise(&mut self, s: usize, e: usize) {
        let commas = self.top_level_ops(s + 1..e, b",");
        let Some(&c1) = commas.first() else { return };
        let v_first = c1 + 1;
        let v_end = commas.get(1).copied().unwrap_or(e);
        if c1 == s + 1 || v_first >= v_end {
            return;
        }
        let as_args = self.is_op(v_first, b"(") && self.partner[v_first] == Some(v_end - 1);
        let open_end = if as_args {
            self.toks[v_first].end
        } else {
            self.toks[v_first].start
        };
        self.structural
            .push(Edit::replace(self.toks[c1 - 1].end, open_end, "("));
        let close = if as_args { "" } else { ")" };
        let v_last_end = self.toks[v_end - 1].end;
        if v_end < e {
            // Drop the traceback argument.
            let end = self.toks[e - 1].end;
            self.take_local(v_last_end, end);
            self.structural.push(Edit::replace(v_last_end, end, close));
        } else if !as_args {
            self.structural.push(Edit::insert(v_last_end, close));
        }
    }

    /// `except E, e` → `except E as e` (header tokens `s..e`, without the colon).
    fn except(&mut self, s: usize, e: usize) {
        let commas = self.top_level_ops(s + 1..e, b",");
        if let [c] = commas[..] {
            let target = c + 1;
            if c > s + 1
                && target + 1 == e
                && self.toks[target].kind == Kind::Name
                && self.starts_expression(target)
            {
                self.structural.push(Edit::replace(
                    self.toks[c - 1].end,
                    self.toks[target].start,
                    " as ",
                ));
            }
        }
    }
}

/// Pieces copying `start..end` with `nested` edits (sorted, inside the range) applied.
fn copy_with_edits(start: usize, end: usize, nested: Vec<Edit>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut cursor = start;
    for edit in nested {
        if edit.start < cursor {
            continue;
        }
        pieces.push(Piece::Copy(cursor, edit.start));
        pieces.extend(edit.pieces);
        cursor = edit.end;
    }
    pieces.push(Piece::Copy(cursor, end));
    pieces
}

/// Edits for a numeric literal at `start`: Python 2 octal `0755` gains an `o`,
/// and the long suffix of an integer (`10L`) is dropped.
fn number_edits(text: &[u8], start: usize) -> Vec<Edit> {
    let mut edits = Vec::new();
    let (body, long) = match text.split_last() {
        Some((b'l' | b'L', body)) if !body.is_empty() => (body, true),
        _ => (text, false),
    };
    let prefixed = body.len() > 1
        && body[0] == b'0'
        && matches!(body[1], b'x' | b'X' | b'o' | b'O' | b'b' | b'B');
    let decimal_int = !body.is_empty() && body.iter().all(u8::is_ascii_digit);
    if decimal_int
        && body.len() > 1
        && body[0] == b'0'
        && body.iter().all(|&b| b <= b'7')
        && body.iter().any(|&b| b != b'0')
    {
        edits.push(Edit::insert(start + 1, "o"));
    }
    if long && (decimal_int || prefixed) {
        edits.push(Edit::replace(start + body.len(), start + text.len(), ""));
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustpython_parser::{parse, Mode};

    fn parse_error(text: &str) -> Option<usize> {
        parse(text, Mode::Module, "<test>")
            .err()
            .map(|e| e.offset.to_usize())
    }

    /// `input` rewrites to exactly `expected`, which the parser accepts.
    #[track_caller]
    fn check(input: &str, expected: &str) {
        let out = rewrite(input);
        assert_eq!(out.text, expected, "rewriting {input:?}");
        if let Some(offset) = parse_error(&out.text) {
            panic!("{:?} does not parse (error at {offset})", out.text);
        }
    }

    /// `input` is returned byte-identical.
    #[track_caller]
    fn unchanged(input: &str) {
        let out = rewrite(input);
        assert_eq!(out.text, input);
        assert_eq!(out.anchors.len(), 1, "identity map expected for {input:?}");
    }

    /// 1-based line and 0-based byte column of `offset` in `text`.
    fn line_col(text: &str, offset: usize) -> (usize, usize) {
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (before.matches('\n').count() + 1, offset - line_start)
    }

    #[test]
    fn tuple_parameter_lambdas() {
        check(
            "x = sorted(d.items(), key=lambda (k, v): v)\n",
            "x = sorted(d.items(), key=lambda __t: (lambda k, v: v)(*__t))\n",
        );
        check(
            "f = lambda (a, b): a + b\n",
            "f = lambda __t: (lambda a, b: a + b)(*__t)\n",
        );
        check(
            "m = map(lambda (a, b): a, [(1, 2)])\n",
            "m = map(lambda __t: (lambda a, b: a)(*__t), [(1, 2)])\n",
        );
    }

    #[test]
    fn print_statements() {
        check("print \"x\"\n", "print(\"x\")\n");
        check("print x, y\n", "print(x, y)\n");
        check("print\n", "print()\n");
        check("print", "print()");
        check("print x,\n", "print(x, end=' ')\n");
        check("print x, y,\n", "print(x, y, end=' ')\n");
        check("print >>sys.stderr, x\n", "print(x, file=sys.stderr)\n");
        check(
            "print >> sys.stderr, \"a\", b\n",
            "print(\"a\", b, file=sys.stderr)\n",
        );
        check("print >>f, x,\n", "print(x, end=' ', file=f)\n");
        check("print >>f\n", "print(file=f)\n");
        check("print\"x\"\n", "print(\"x\")\n");
        check("print -1\n", "print(-1)\n");
        check("print not x\n", "print(not x)\n");
        check("print [1, 2], {'a': 1}\n", "print([1, 2], {'a': 1})\n");
        check("print 'a %s' % (x,)\n", "print('a %s' % (x,))\n");
        check("print (a), b\n", "print((a), b)\n");
        check("print (a)[0]\n", "print((a)[0])\n");
        check("print f(a, b), g(c)\n", "print(f(a, b), g(c))\n");
        check("print x  # note\n", "print(x)  # note\n");
        check("print x; print\n", "print(x); print()\n");
        check("print lambda: 1\n", "print(lambda: 1)\n");
        check(
            "print \"a\", (1,\n       2)\n",
            "print(\"a\", (1,\n       2))\n",
        );
        check(
            "print \"a\", \\\n    \"b\"\n",
            "print(\"a\", \\\n    \"b\")\n",
        );
        check(
            "print >>open('f', 'w'), 1, 2\n",
            "print(1, 2, file=open('f', 'w'))\n",
        );
        check(
            "print >>files[`k`], 0755L\n",
            "print(0o755, file=files[repr(k)])\n",
        );
    }

    #[test]
    fn print_after_compound_headers() {
        check("if x: print \"a\"\n", "if x: print(\"a\")\n");
        check(
            "if x:\n    print 1\nelse: print 2\n",
            "if x:\n    print(1)\nelse: print(2)\n",
        );
        check("for i in y: print i,\n", "for i in y: print(i, end=' ')\n");
        check(
            "while f(lambda: 1): print 1\n",
            "while f(lambda: 1): print(1)\n",
        );
        check("if lambda: 0: print 1\n", "if lambda: 0: print(1)\n");
        check(
            "def f(): print 'x'; return 1\n",
            "def f(): print('x'); return 1\n",
        );
        check("class A: print 'x'\n", "class A: print('x')\n");
        check(
            "try: print 1\nexcept E, e: print e\n",
            "try: print(1)\nexcept E as e: print(e)\n",
        );
        check(
            "with open(p) as f: print f.read()\n",
            "with open(p) as f: print(f.read())\n",
        );
    }

    #[test]
    fn print_calls_and_names_are_left_alone() {
        unchanged("print(\"x\")\n");
        unchanged("print('a', 'b', file=sys.stderr)\n");
        unchanged("print ('a %s' % x)\n");
        unchanged("print()\n");
        unchanged("x = print\n");
        unchanged("f(print)\n");
        unchanged("obj.print(x)\n");
        unchanged("obj.print\n");
        unchanged("log.print x\n"); // a Python 2 syntax error too: left for the parser
        unchanged("print = logger.info\n");
        unchanged("print.__doc__\n");
        unchanged("print, x\n");
        unchanged("d = {'print': print}\n");
        unchanged("printer = 1\nprint_ = 2\n");
        unchanged("print(x); print(y)\n");
        unchanged("print(\n    x,\n    y,\n)\n");
    }

    #[test]
    fn numbers() {
        check("x = 0755\n", "x = 0o755\n");
        check("x = 0755L\n", "x = 0o755\n");
        check("x = 01\n", "x = 0o1\n");
        check("x = 10L + 10l\n", "x = 10 + 10\n");
        check("x = 0x1fL\n", "x = 0x1f\n");
        check("x = 0XFFl\n", "x = 0XFF\n");
        check("x = 0b101L\n", "x = 0b101\n");
        check("x = 0L\n", "x = 0\n");
        check("x = [0644, 0600]\n", "x = [0o644, 0o600]\n");
        check("os.chmod(p, 0777)\n", "os.chmod(p, 0o777)\n");
        unchanged(
            "x = [0, 00, 000, 0.5, 0e1, 0x1F, 0o7, 0b1, 0O17, 1e10, 1.5e-3, 10j, 07.5, 0777j]\n",
        );
        unchanged("x = [.5, 5., 1_000, 0xdeadbeef, 123]\n");
        unchanged("x = 1 if y else 2\n");
        // Not valid in Python 2 either; left for the parser to report.
        unchanged("x = 089\n");
        unchanged("x = 1.5L\n");
    }

    #[test]
    fn not_equal() {
        check("if a <> b: pass\n", "if a != b: pass\n");
        check("x = (a<>b)\n", "x = (a!=b)\n");
        unchanged("x = a != b or c <= d or e >= f or g << h or i >> j\n");
    }

    #[test]
    fn ur_prefix() {
        check("x = ur'\\d+'\n", "x = r'\\d+'\n");
        check("x = UR\"a\\b\"\n", "x = R\"a\\b\"\n");
        check("x = Ur'''a\n'''\n", "x = r'''a\n'''\n");
        check("x = uR\"\"\"a\"\"\"\n", "x = R\"\"\"a\"\"\"\n");
        unchanged("x = [u'a', U\"b\", r'c', R'd', b'e', br'f', rb'g', B'h', f'{i}']\n");
        unchanged("ur = 1\nx = ur\n");
    }

    #[test]
    fn backticks() {
        check("x = `y`\n", "x = repr(y)\n");
        check("x = `a + b` + `c`\n", "x = repr(a + b) + repr(c)\n");
        check("x = `(`y`)`\n", "x = repr((repr(y)))\n");
        check("x = `a, b`\n", "x = repr(a, b)\n");
        check("print `x`\n", "print(repr(x))\n");
        check("print`x`\n", "print(repr(x))\n");
        check(
            "print \"%s\" % `x`, `y`\n",
            "print(\"%s\" % repr(x), repr(y))\n",
        );
        check("def f(x): return`x`\n", "def f(x): return repr(x)\n");
        check("x = 1 if`a`else 2\n", "x = 1 if repr(a)else 2\n");
        // `a`b`` is an error in Python 2 and must stay one (not `arepr(b)`).
        let out = rewrite("x = a`b`\n");
        assert_eq!(out.text, "x = a repr(b)\n");
        assert!(parse_error(&out.text).is_some());
        // Unmatched: left for the parser.
        unchanged("x = `y\n");
    }

    #[test]
    fn except_clauses() {
        check(
            "try:\n    pass\nexcept E, e:\n    pass\n",
            "try:\n    pass\nexcept E as e:\n    pass\n",
        );
        check(
            "try:\n    pass\nexcept (A, B), e:\n    pass\n",
            "try:\n    pass\nexcept (A, B) as e:\n    pass\n",
        );
        check(
            "try:\n    pass\nexcept E,e:\n    pass\n",
            "try:\n    pass\nexcept E as e:\n    pass\n",
        );
        check(
            "try:\n    pass\nexcept mod.Error, err: pass\n",
            "try:\n    pass\nexcept mod.Error as err: pass\n",
        );
        unchanged("try:\n    pass\nexcept (A, B) as e:\n    pass\nexcept:\n    pass\n");
        unchanged("try:\n    pass\nexcept (A, B):\n    pass\n");
    }

    #[test]
    fn exec_statements() {
        check("exec code\n", "exec(code)\n");
        check("exec \"x = 1\" in ns\n", "exec(\"x = 1\", ns)\n");
        check("exec code in g, l\n", "exec(code, g, l)\n");
        check("exec (code) in ns\n", "exec((code), ns)\n");
        check(
            "exec compile(s, f, 'exec')\n",
            "exec(compile(s, f, 'exec'))\n",
        );
        unchanged("exec(code)\n");
        unchanged("exec(code, ns)\n");
        unchanged("x = exec\n");
    }

    #[test]
    fn raise_statements() {
        check("raise E, \"msg\"\n", "raise E(\"msg\")\n");
        check("raise E, \"msg\", tb\n", "raise E(\"msg\")\n");
        check("raise E, 'a %s' % x\n", "raise E('a %s' % x)\n");
        check("raise E, (a, b)\n", "raise E(a, b)\n");
        check("raise E, (a, b), tb\n", "raise E(a, b)\n");
        check("raise E, (a) + (b)\n", "raise E((a) + (b))\n");
        check("raise mod.E, f(x, y), `tb`\n", "raise mod.E(f(x, y))\n");
        check("if x: raise E, 'm'\n", "if x: raise E('m')\n");
        unchanged("raise\nraise E\nraise E('msg')\nraise E('a', 'b') from e\n");
    }

    #[test]
    fn strings_and_comments_are_untouched() {
        let source = concat!(
            "s = \"print x, y\"\n",
            "t = 'except E, e: 0755 <> `x` 10L'\n",
            "u = \"\"\"\n",
            "print \"hi\"\n",
            "raise E, 'm'\n",
            "exec code\n",
            "\"\"\"\n",
            "v = '''it's \"quoted\" print x'''\n",
            "w = r'\\' print x'\n",
            "z = 'a\\\n",
            "print x'\n",
            "# print \"comment\" 0755 <> `x` ur'x'\n",
            "q = 1  # raise E, 'm'\n",
            "    # indented comment: print x\n",
            "b = b'0755L'\n",
            "f = u'\\u00e9' \"\"\n",
        );
        unchanged(source);
        assert!(parse_error(source).is_none());
        // A form outside a string next to strings that contain forms.
        check(
            "print 'print x', \"0755\"  # print y\n",
            "print('print x', \"0755\")  # print y\n",
        );
    }

    #[test]
    fn tabs_mixed_with_spaces_are_reindented() {
        let source = "class A:\n    def f(self):\n\treturn 1\n";
        assert!(
            parse_error(source).is_some(),
            "fixture must be rejected as is"
        );
        check(source, "class A:\n    def f(self):\n        return 1\n");

        let source = "if x:\n\tif y:\n\t    a = 1\n\t    b = 2\n        c = 3\n";
        check(
            source,
            "if x:\n        if y:\n            a = 1\n            b = 2\n        c = 3\n",
        );

        // A tab after spaces (rustpython refuses it); columns: 4 + tab = 8.
        check(
            "if x:\n        a = 1\n    \tb = 2\n",
            "if x:\n        a = 1\n        b = 2\n",
        );
    }

    #[test]
    fn consistent_tabs_are_left_alone() {
        let source = "def f():\n\tif x:\n\t\treturn 1\n\treturn 2\n\ndef g():\n    return 3\n";
        unchanged(source);
        assert!(parse_error(source).is_none());
        // Tabs in continuation lines, strings and comments never matter.
        unchanged("x = [1,\n\t 2]\ny = '\t'\n\t# comment\n");
    }

    #[test]
    fn valid_python3_is_byte_identical() {
        assert!(
            parse_error(PY3_CORPUS).is_none(),
            "corpus must parse: {:?}",
            parse_error(PY3_CORPUS).map(|o| line_col(PY3_CORPUS, o))
        );
        unchanged(PY3_CORPUS);
        let crlf = PY3_CORPUS.replace('\n', "\r\n");
        assert!(parse_error(&crlf).is_none());
        unchanged(&crlf);
    }

    #[test]
    fn error_after_rewritten_print_maps_back() {
        let source = "print \"hello\", `x`\nx = = 1\n";
        let out = rewrite(source);
        assert_eq!(out.text, "print(\"hello\", repr(x))\nx = = 1\n");
        let error = parse_error(&out.text).expect("syntax error expected");
        let original = out.original_offset(error);
        assert_eq!(line_col(source, original), line_col(&out.text, error));
        assert_eq!(line_col(source, original), (2, 4));
    }

    #[test]
    fn error_inside_rewritten_line_maps_back() {
        // The error is on the print line itself, after inserted text.
        let source = "x = 0755\nprint `a`, b c\n";
        let out = rewrite(source);
        let error = parse_error(&out.text).expect("syntax error expected");
        assert_eq!(&out.text[error..error + 1], "c");
        assert_eq!(out.original_offset(error), source.find(" c").unwrap() + 1);
    }

    #[test]
    fn every_copied_byte_maps_to_itself() {
        let source = "print >>sys.stderr, \"x\", 10L\nraise E, 'm', tb\n";
        let out = rewrite(source);
        assert_eq!(
            out.text,
            "print(\"x\", 10, file=sys.stderr)\nraise E('m')\n"
        );
        let at = |needle: &str| out.original_offset(out.text.find(needle).unwrap());
        assert_eq!(at("sys"), source.find("sys").unwrap());
        assert_eq!(at("\"x\""), source.find("\"x\"").unwrap());
        assert_eq!(at("10"), source.find("10L").unwrap());
        assert_eq!(at("raise"), source.find("raise").unwrap());
        assert_eq!(at("'m'"), source.find("'m'").unwrap());
        // Inserted text maps to the start of its edit.
        assert_eq!(at(", file="), source.find("10L").unwrap() + 3);
        assert_eq!(at("(\"x\""), source.find(" >>").unwrap());
        // Past the end: clamped.
        assert_eq!(out.original_offset(out.text.len() + 10), source.len());
        assert_eq!(out.original_offset(out.text.len()), source.len());
    }

    #[test]
    fn error_on_reindented_file_maps_back() {
        let source = "class A:\n    def f(self):\n\treturn = 1\n";
        let out = rewrite(source);
        let error = parse_error(&out.text).expect("syntax error expected");
        let original = out.original_offset(error);
        assert_eq!(&source[original..original + 1], "=");
        assert_eq!(line_col(source, original), (3, 8));
    }

    #[test]
    fn literal_ranges_map_back_to_the_original_literal() {
        use rustpython_parser::ast::{self, Ranged};
        let source = "a = 10L\nb = 0755L\nc = ur'x'\nd = `a`\ne = a <> b\nprint 1\n";
        let out = rewrite(source);
        let module = parse(&out.text, Mode::Module, "<test>").expect("parses");
        let ast::Mod::Module(module) = module else {
            panic!("module expected")
        };
        let originals: Vec<&str> = module
            .body
            .iter()
            .map(|stmt| {
                let range = match stmt {
                    ast::Stmt::Assign(assign) => assign.value.range(),
                    ast::Stmt::Expr(expr) => expr.value.range(),
                    other => panic!("unexpected {other:?}"),
                };
                let start = out.original_offset(range.start().to_usize());
                let end = out.original_offset(range.end().to_usize());
                &source[start..end]
            })
            .collect();
        assert_eq!(
            originals,
            ["10L", "0755L", "ur'x'", "`a`", "a <> b", "print 1"]
        );
    }

    #[test]
    fn non_ascii_and_crlf() {
        check(
            "# -*- coding: utf-8 -*-\r\nprint \"héllo wörld ✓\", 0755\r\nname = u'日本語'\r\n",
            "# -*- coding: utf-8 -*-\r\nprint(\"héllo wörld ✓\", 0o755)\r\nname = u'日本語'\r\n",
        );
        check("\u{feff}print 'bom'\n", "\u{feff}print('bom')\n");
        check("s = 'é'; print s\r\n", "s = 'é'; print(s)\r\n");
        check("print 'a',\r\nprint\r", "print('a', end=' ')\r\nprint()\r");
        check(
            "try:\r\n  pass\r\nexcept E, e:\r\n  raise F, 'é'\r\n",
            "try:\r\n  pass\r\nexcept E as e:\r\n  raise F('é')\r\n",
        );

        let source = "print \"ünïcödé\"\r\nx = = 1\r\n";
        let out = rewrite(source);
        let error = parse_error(&out.text).expect("syntax error expected");
        let original = out.original_offset(error);
        assert_eq!(original, source.find("= 1").unwrap());
        assert_eq!(line_col(source, original), (2, 4));
    }

    #[test]
    fn everything_together_parses() {
        let source = concat!(
            "import sys\n",
            "MODE = 0755\n",
            "BIG = 12345678901234567890L\n",
            "def check(x):\n",
            "\tif x <> None:\n",
            "\t\tprint >>sys.stderr, 'got', `x`,\n",
            "        return ur'\\d+'\n",
            "try:\n",
            "    exec 'y = 1' in {}\n",
            "except (KeyError, ValueError), e:\n",
            "    raise RuntimeError, 'bad: %s' % e, sys.exc_info()[2]\n",
            "print\n",
        );
        let out = rewrite(source);
        assert_eq!(
            out.text,
            concat!(
                "import sys\n",
                "MODE = 0o755\n",
                "BIG = 12345678901234567890\n",
                "def check(x):\n",
                "        if x != None:\n",
                "                print('got', repr(x), end=' ', file=sys.stderr)\n",
                "        return r'\\d+'\n",
                "try:\n",
                "    exec('y = 1', {})\n",
                "except (KeyError, ValueError) as e:\n",
                "    raise RuntimeError('bad: %s' % e)\n",
                "print()\n",
            )
        );
        assert_eq!(parse_error(&out.text), None);
        // Idempotent.
        assert_eq!(rewrite(&out.text).text, out.text);
    }

    /// Deterministic pseudo-random generator (64-bit LCG) for the property test.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, bound: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % bound
        }
    }

    const FRAGMENTS: &[&str] = &[
        "print",
        "print ",
        " ",
        "  ",
        ">>",
        ">> ",
        ",",
        ", ",
        "x",
        "sys.stderr",
        "f(",
        ")",
        "(",
        "[",
        "]",
        "{",
        "}",
        ":",
        ";",
        "`",
        "'",
        "\"",
        "'''",
        "\"\"\"",
        "#",
        "# c\n",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "    ",
        "\\",
        "\\\n",
        "\\\r\n",
        "0755",
        "0755L",
        "10L",
        "0x1fL",
        "0",
        "00",
        ".5",
        "1e",
        "1e5",
        "j",
        "L",
        "l",
        "<>",
        "<",
        ">",
        "=",
        "ur'",
        "UR\"",
        "u",
        "r",
        "b",
        "except",
        "except E, e:",
        "raise",
        "raise E, 'm', tb",
        "exec",
        " in ",
        "lambda",
        "if x:",
        "else:",
        "try:",
        "    print y\n",
        "\tprint y\n",
        "print >>f, a,",
        "é",
        "日本",
        "\u{feff}",
        "\x0c",
        "`a`",
        "print `x`,",
        "'str'",
        "\"s\\\"q\"",
        "ur'\\d'",
        "return",
        "def f():\n",
        "class A:\n",
        "\n    ",
        "\n\t",
        "\n        ",
        "not",
        "-",
        "+",
        "~",
        "%",
        "a.print",
    ];

    #[test]
    fn never_panics_and_map_stays_consistent() {
        let mut rng = Lcg(0x5eed);
        for _ in 0..6000 {
            let count = 1 + rng.next(40);
            let source: String = (0..count)
                .map(|_| FRAGMENTS[rng.next(FRAGMENTS.len())])
                .collect();
            let out = rewrite(&source);

            // Anchors are strictly increasing and start at 0 (when there is text).
            assert!(out
                .anchors
                .windows(2)
                .all(|w| w[0].rewritten < w[1].rewritten));
            if !out.text.is_empty() {
                assert_eq!(out.anchors.first().map(|a| a.rewritten), Some(0));
            }
            // Every copied segment really is a copy of the original it maps to.
            for (i, a) in out.anchors.iter().enumerate() {
                let end = out
                    .anchors
                    .get(i + 1)
                    .map_or(out.text.len(), |next| next.rewritten);
                if a.copied {
                    let len = end - a.rewritten;
                    assert_eq!(
                        out.text.as_bytes()[a.rewritten..end],
                        source.as_bytes()[a.original..a.original + len],
                        "source {source:?}"
                    );
                }
            }
            for r in 0..=out.text.len() + 1 {
                assert!(out.original_offset(r) <= source.len());
            }
            // Anything that parses after one rewrite is left alone by a second.
            if parse_error(&out.text).is_none() {
                assert_eq!(rewrite(&out.text).text, out.text, "source {source:?}");
            }
        }
    }

    #[test]
    fn generated_py2_statements_parse() {
        let heads = ["print", "print >>f,", "exec", "raise E,"];
        let exprs = [
            "x",
            "'s'",
            "`x`",
            "0755",
            "10L",
            "a <> b",
            "ur'\\d'",
            "f(a, b)",
            "[1, 2]",
            "(a)",
            "-x",
            "{'k': 0x1fL}",
        ];
        let mut rng = Lcg(42);
        for _ in 0..2000 {
            let head = heads[rng.next(heads.len())];
            let n = 1 + rng.next(3);
            let items: Vec<&str> = (0..n).map(|_| exprs[rng.next(exprs.len())]).collect();
            let mut stmt = format!("{head} {}", items.join(", "));
            if head.starts_with("print") && rng.next(2) == 0 {
                stmt.push(',');
            }
            let source = format!("if c:\n    {stmt}\nelse: {stmt}\n");
            let out = rewrite(&source);
            assert_eq!(
                parse_error(&out.text),
                None,
                "{source:?} became {:?}",
                out.text
            );
            assert_eq!(rewrite(&out.text).text, out.text);
        }
    }

    #[test]
    fn generated_tab_space_mixes_parse() {
        let mut rng = Lcg(7);
        for _ in 0..1000 {
            // Nested blocks; level k sits at column 8 * k, spelled with a random
            // mix of tabs and runs of spaces, as Python 2 allowed.
            let mut source = String::new();
            let mut level = 0;
            for _ in 0..(2 + rng.next(12)) {
                let mut indent = String::new();
                for _ in 0..level {
                    indent.push_str(match rng.next(3) {
                        0 => "\t",
                        1 => "        ",
                        _ => "    \t",
                    });
                }
                if rng.next(3) == 0 {
                    source.push_str(&format!("{indent}if x:\n"));
                    level += 1;
                    let inner = indent.clone() + if rng.next(2) == 0 { "\t" } else { "        " };
                    source.push_str(&format!("{inner}print x\n"));
                } else {
                    source.push_str(&format!("{indent}y = 0755\n"));
                    if level > 0 && rng.next(2) == 0 {
                        level -= 1;
                    }
                }
            }
            let out = rewrite(&source);
            assert_eq!(
                parse_error(&out.text),
                None,
                "{source:?} became {:?}",
                out.text
            );
            if !source.contains("    \t") && !source.contains("        ") {
                // Tabs only: the parser accepted it already, so no re-indenting.
                assert!(out.text.contains('\t') || !source.contains('\t'));
            }
        }
    }

    /// Realistic Python 2/3-compatible Aurora configuration and helper code.
    const PY3_CORPUS: &str = r#"# -*- coding: utf-8 -*-
"""Aurora job definitions for the example service.

It's "quoted" here, and print x, exec y, raise E, 'm' and `x` are only text.
"""

import os
import sys
from collections import namedtuple

MODE = 0o755
OTHER_MODE = 0O644
MASK = 0xFF
BIG = 12345678901234567890
RATIO = 1.5e-3
COMPLEX = 2j
EMPTY = ''
ESCAPED = 'it\'s "fine"'
RAW = r'^\d+\.\d+$'
BYTES = b'\x00\x01'
UNICODE = u'caf\u00e9'
CONCAT = ('a'
          'b'
          "c")

Resources = namedtuple('Resources', ['cpu', 'ram', 'disk'])

DEFAULTS = {
    'cpu': 1.0,
    'ram': 512 * 1024 * 1024,
    'disk': 1024 * 1024 * 1024,
    'env': {'LANG': 'C.UTF-8', 'PATH': '/usr/bin:/bin'},
    'ports': [8080, 8081],
    'flags': ('--verbose', '--color=never'),
}

CLUSTERS = ['west', 'east']
ROLES = set(['www-data', 'mesos'])


def merge(base, **overrides):
    """Return a copy of base updated with overrides."""
    result = dict(base)
    for key, value in overrides.items():
        if value is not None and key != 'ignored':
            result[key] = value
    return result


def memoize(fn):
    cache = {}

    def wrapper(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = fn(*args, **kwargs)
        return cache[key]
    wrapper.__name__ = fn.__name__
    return wrapper


class Template(object):
    '''A tiny mustache-like template: {{name}} is replaced.

    Usage::

        Template("hello {{who}}").render(who="world")
    '''
    OPEN, CLOSE = '{{', '}}'

    def __init__(self, text, strict=True):
        self.text = text
        self.strict = strict

    def __repr__(self):
        return 'Template(%r)' % (self.text,)

    @property
    def names(self):
        out = []
        rest = self.text
        while self.OPEN in rest:
            _, _, rest = rest.partition(self.OPEN)
            name, _, rest = rest.partition(self.CLOSE)
            out.append(name.strip())
        else:
            pass
        return out

    @staticmethod
    def escape(value):
        return str(value).replace('\\', '\\\\').replace('"', '\\"')

    @classmethod
    def join(cls, *parts):
        return cls(''.join(p.text if isinstance(p, cls) else p for p in parts))

    def render(self, **values):
        text = self.text
        for name in self.names:
            if name not in values:
                if self.strict:
                    raise KeyError('missing binding: %s' % name)
                continue
            text = text.replace('{{%s}}' % name, str(values[name]))
        return text


@memoize
def resources(cpu=1, ram_mb=512, disk_mb=1024):
    return Resources(cpu=cpu, ram=ram_mb * 1024 * 1024, disk=disk_mb * 1024 * 1024)


def shell(*commands):
    return ' && '.join('(%s)' % c for c in commands if c)


install = Process(
    name='install',
    cmdline=shell(
        'mkdir -p {{pkg_dir}}',
        'tar xzf {{pkg}} -C {{pkg_dir}}',
        'chmod 0755 {{pkg_dir}}/bin/*',
    ),
)

run_server = Process(
    name='server',
    cmdline="""
        export PORT={{thermos.ports[http]}}
        exec ./bin/server --port "$PORT" --name '{{name}}' \
            --mode=prod
    """,
    max_failures=3,
    daemon=False,
    ephemeral=False,
    min_duration=15,
)

squares = [x * x for x in range(10) if x % 2 == 0]
lookup = {k: v for k, v in zip('abc', range(3))}
uniq = {x for x in 'hello'}
gen = (x for x in squares)
pairs = sorted(lookup.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)
first, rest = squares[0], squares[1:]
tail = squares[-3:]
step = squares[::2]
nested = [[i, j] for i in range(3) for j in range(i)]
cond = 'yes' if first > 0 else 'no'
total = sum(squares) // len(squares) ** 2 % 7
bits = (MASK & 0x0F) | (MASK ^ 0x10) << 2 >> 1
neg = -first + +total - ~bits
chained = 0 < first <= 10 != 11
lam = lambda a, b=2, *args, **kw: a + b
assert callable(lam), 'lambda must be callable'


def generator(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return


def control_flow(items):
    global BIG
    found = None
    for item in items:
        if item is None:
            continue
        elif item == 'stop':
            break
        else:
            found = item
    else:
        found = found or 'default'
    try:
        value = int(found)
    except (TypeError, ValueError) as error:
        print('bad value: %s' % error, file=sys.stderr)
        value = 0
    except Exception:
        raise
    else:
        value += 1
    finally:
        del items[:]
    with open(os.devnull, 'w') as sink:
        sink.write(str(value))
    print(value)
    print('a', 'b', sep=', ', end='\n')
    print ('spaced call %d' % value)
    return value


server_task = SequentialTask(
    name='server_task',
    processes=[install, run_server],
    constraints=order(install, run_server),
    resources=Resources(cpu=DEFAULTS['cpu'], ram=DEFAULTS['ram'], disk=DEFAULTS['disk']),
)

jobs = []
for cluster in CLUSTERS:
    for env in ('prod', 'devel'):
        jobs.append(Service(
            cluster=cluster,
            role='www-data',
            environment=env,
            name='hello_%s' % env,
            task=server_task,
            instances=3 if env == 'prod' else 1,
            update_config=UpdateConfig(batch_size=1, watch_secs=30),
            health_check_config=HealthCheckConfig(
                initial_interval_secs=15,
                interval_secs=10,
            ),
        ))

weird_but_valid = Template("it's {{a}} and \"{{b}}\"").render(a=1, b=2)
long_line = 'x' * 10 + \
    'y' * 20
comment_after = 1  # print "not a statement" <> 0755
semi = 1; other = 2
if semi: other = 3
while False: pass
class Empty: pass
def one(): return 1
"#;
}
