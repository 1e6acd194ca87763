//! Nix values laid out exactly as alejandra lays them out, without running alejandra.
//!
//! alejandra decides each construct's layout by trial: a construct is "vertical" when a trial
//! rendering of it on one line fails, and it renders again for some checks (whether the lines of
//! a function application after the first are indented). On the nesting of a job that costs
//! three quarters of `convert`. The values a job file holds come from a small grammar (sets,
//! lists, applications, parentheses, selections, one binary operator, and atoms), written by us
//! on one line with no comments, and for that grammar alejandra's rules reduce to a single
//! bottom-up property: a value is [`Doc::wide`] when it holds a set of two or more entries, which
//! alejandra always breaks. [`Doc::write`] applies alejandra's rules for each construct with that
//! property, once per node. Tests check the result against alejandra itself, which stays the
//! oracle (`tests/convert.rs`, and every golden file).

/// A Nix expression in the grammar job files use.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    kind: Kind,
    /// Whether alejandra cannot put it on one line.
    wide: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    /// An identifier, literal or string (on one line).
    Atom(String),
    /// A negated literal, `-2`.
    Neg(String),
    /// `a.b`.
    Select(String, String),
    /// `a OP b`.
    BinOp(Box<Doc>, &'static str, Box<Doc>),
    /// `f arg`.
    Apply(Box<Doc>, Box<Doc>),
    /// `(e)`.
    Paren(Box<Doc>),
    Set(Vec<Entry>),
    List(Vec<Doc>),
}

/// An entry of a set: `key = value;` or `inherit name;`.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    Bind(String, Doc),
    Inherit(String),
}

impl Entry {
    fn wide(&self) -> bool {
        match self {
            Entry::Bind(_, v) => v.wide,
            Entry::Inherit(_) => false,
        }
    }
}

impl Doc {
    pub fn atom(text: impl Into<String>) -> Doc {
        Doc {
            kind: Kind::Atom(text.into()),
            wide: false,
        }
    }

    /// A number as [`super::quote`] writes it: a negative one in parentheses (`(-2)`, and the
    /// smallest integer as `(-9223372036854775807 - 1)`).
    pub fn number(text: &str) -> Doc {
        let Some(inner) = text.strip_prefix("(-").and_then(|t| t.strip_suffix(')')) else {
            return Doc::atom(text);
        };
        let neg = |t: &str| Doc {
            kind: Kind::Neg(t.into()),
            wide: false,
        };
        Doc::paren(match inner.split_once(" - ") {
            Some((a, b)) => Doc::bin_op(neg(a), "-", Doc::atom(b)),
            None => neg(inner),
        })
    }

    pub fn select(a: &str, b: &str) -> Doc {
        Doc {
            kind: Kind::Select(a.into(), b.into()),
            wide: false,
        }
    }

    pub fn bin_op(a: Doc, op: &'static str, b: Doc) -> Doc {
        let wide = a.wide || b.wide;
        Doc {
            kind: Kind::BinOp(Box::new(a), op, Box::new(b)),
            wide,
        }
    }

    pub fn apply(f: Doc, arg: Doc) -> Doc {
        let wide = f.wide || arg.wide;
        Doc {
            kind: Kind::Apply(Box::new(f), Box::new(arg)),
            wide,
        }
    }

    pub fn paren(e: Doc) -> Doc {
        let wide = e.wide;
        Doc {
            kind: Kind::Paren(Box::new(e)),
            wide,
        }
    }

    pub fn set(entries: Vec<Entry>) -> Doc {
        let wide = entries.len() > 1 || entries.iter().any(Entry::wide);
        Doc {
            kind: Kind::Set(entries),
            wide,
        }
    }

    pub fn list(items: Vec<Doc>) -> Doc {
        let wide = items.iter().any(|i| i.wide);
        Doc {
            kind: Kind::List(items),
            wide,
        }
    }

    /// The text laid out as an element that starts at indentation level `indent` (two spaces
    /// each): a list item, a `let` binding's value, an argument. Lines after the first carry
    /// their indentation.
    pub fn layout(&self, indent: usize) -> String {
        let mut w = Writer::new(indent);
        self.write(&mut w, self.wide);
        w.out
    }

    /// The text laid out as an item of a list broken over lines, at indentation level `indent`.
    pub fn item(&self, indent: usize) -> String {
        self.simplified().layout(indent)
    }

    /// `key = value;` laid out at indentation level `indent`, as in a `let` or a set.
    pub fn binding(key: &str, value: &Doc, indent: usize) -> String {
        let mut w = Writer::new(indent);
        write_bind(&mut w, key, value, value.wide);
        w.out
    }

    /// Writes the node with alejandra's rule for its construct; `vertical` is alejandra's
    /// context flag (set for an element it formats "wider" exactly when the element is wide).
    fn write(&self, w: &mut Writer, vertical: bool) {
        match &self.kind {
            Kind::Atom(text) => w.push(text),
            Kind::Neg(text) => {
                w.push("-");
                w.push(text);
            }
            Kind::Select(a, b) => {
                w.push(a);
                if vertical {
                    w.newline();
                }
                w.push(".");
                w.push(b);
            }
            Kind::BinOp(a, op, b) => {
                if vertical {
                    // alejandra keeps a chain of operators in the chain's context.
                    let nested = matches!(a.kind, Kind::BinOp(..));
                    a.write(w, nested || a.wide);
                    w.newline();
                } else {
                    a.write(w, false);
                    w.push(" ");
                }
                w.push(op);
                w.push(" ");
                b.write(w, vertical && b.wide);
            }
            Kind::Apply(f, arg) => {
                if !vertical {
                    f.write(w, false);
                    w.push(" ");
                    arg.write(w, false);
                    return;
                }
                f.write(w, f.wide);
                // The argument stays on the function's line when it opens a bracket.
                if arg.opens_bracket() {
                    w.push(" ");
                } else {
                    w.newline();
                }
                arg.write(w, arg.wide);
            }
            Kind::Paren(e) => {
                // Parentheses indent what they hold, unless it is an application (or
                // operator) whose inner lines are indented already.
                let text = e.relative(vertical);
                let indent = matches!(e.kind, Kind::Apply(..) | Kind::BinOp(..) | Kind::Select(..))
                    && !inner_lines_indented(&text, false);
                w.push("(");
                if indent {
                    w.indent += 1;
                }
                w.push_relative(&text);
                if indent {
                    w.indent -= 1;
                }
                w.push(")");
            }
            Kind::Set(entries) => {
                let vertical = entries.len() > 1 || vertical;
                w.push("{");
                w.indent += vertical as usize;
                for (i, e) in entries.iter().enumerate() {
                    if vertical {
                        w.newline();
                    } else if i > 0 {
                        w.push(" ");
                    }
                    match e {
                        Entry::Bind(k, v) => write_bind(w, k, v, vertical && v.wide),
                        Entry::Inherit(n) => {
                            w.push("inherit ");
                            w.push(n);
                            w.push(";");
                        }
                    }
                }
                if vertical {
                    w.indent -= 1;
                    w.newline();
                }
                w.push("}");
            }
            Kind::List(items) => {
                w.push("[");
                w.indent += vertical as usize;
                for (i, item) in items.iter().map(Doc::simplified).enumerate() {
                    if vertical {
                        w.newline();
                        item.write(w, item.wide);
                    } else {
                        if i > 0 {
                            w.push(" ");
                        }
                        item.write(w, false);
                    }
                }
                if vertical {
                    w.indent -= 1;
                    w.newline();
                }
                w.push("]");
            }
        }
    }

    /// The node without the parentheses alejandra drops around an element of a list or the
    /// value of a binding: those around a set, a list, an atom or more parentheses.
    fn simplified(&self) -> &Doc {
        let mut d = self;
        while let Kind::Paren(inner) = &d.kind {
            match inner.kind {
                Kind::Set(_) | Kind::List(_) | Kind::Atom(_) | Kind::Paren(_) => d = inner,
                _ => break,
            }
        }
        d
    }

    /// The node written at indentation 0.
    fn relative(&self, vertical: bool) -> String {
        let mut w = Writer::new(0);
        self.write(&mut w, vertical);
        w.out
    }

    fn opens_bracket(&self) -> bool {
        match &self.kind {
            Kind::Set(_) | Kind::List(_) | Kind::Paren(_) => true,
            Kind::Atom(a) => a.starts_with('"'),
            _ => false,
        }
    }

    /// The text on one line, as we write it before layout (its identity: equal values have
    /// equal flat text).
    pub fn flat(&self) -> String {
        let mut out = String::new();
        self.write_flat(&mut out);
        out
    }

    fn write_flat(&self, out: &mut String) {
        match &self.kind {
            Kind::Atom(t) => out.push_str(t),
            Kind::Neg(t) => {
                out.push('-');
                out.push_str(t);
            }
            Kind::Select(a, b) => {
                out.push_str(a);
                out.push('.');
                out.push_str(b);
            }
            Kind::BinOp(a, op, b) => {
                a.write_flat(out);
                out.push_str(&format!(" {op} "));
                b.write_flat(out);
            }
            Kind::Apply(f, a) => {
                f.write_flat(out);
                out.push(' ');
                a.write_flat(out);
            }
            Kind::Paren(e) => {
                out.push('(');
                e.write_flat(out);
                out.push(')');
            }
            Kind::Set(entries) => {
                out.push('{');
                for e in entries {
                    match e {
                        Entry::Bind(k, v) => {
                            out.push_str(&format!(" {k} = "));
                            v.write_flat(out);
                            out.push(';');
                        }
                        Entry::Inherit(n) => out.push_str(&format!(" inherit {n};")),
                    }
                }
                out.push_str(" }");
            }
            Kind::List(items) => {
                out.push('[');
                for i in items {
                    out.push(' ');
                    i.write_flat(out);
                }
                out.push_str(" ]");
            }
        }
    }
}

/// alejandra's `key = value;`: a wide value goes on the key's line when it opens a bracket or is
/// an application whose inner lines are indented, else on the next line, indented. Parentheses
/// around the whole value are dropped, as alejandra drops them.
fn write_bind(w: &mut Writer, key: &str, value: &Doc, vertical: bool) {
    let value = value.simplified();
    let value = match &value.kind {
        Kind::Paren(inner) => inner,
        _ => value,
    };
    w.push(key);
    w.push(" =");
    if !vertical {
        w.push(" ");
        value.write(w, false);
        w.push(";");
        return;
    }
    let text = value.relative(value.wide);
    let same_line = value.opens_bracket()
        || (matches!(value.kind, Kind::Apply(..)) && inner_lines_indented(&text, false));
    if same_line {
        w.push(" ");
        w.push_relative(&text);
    } else {
        w.indent += 1;
        w.newline();
        w.push_relative(&text);
        w.indent -= 1;
    }
    w.push(";");
}

/// alejandra's test of a rendering (relative to its indentation): are the lines between the
/// first and the last indented further (or a lambda's `}:` or a `let`'s `in`)? `short` answers
/// for two lines or fewer.
fn inner_lines_indented(text: &str, short: bool) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    if lines.len() <= 2 {
        return short;
    }
    lines[1..lines.len() - 1]
        .iter()
        .all(|l| l.is_empty() || l.starts_with("  ") || l.starts_with("}:") || l.starts_with("in"))
}

struct Writer {
    out: String,
    indent: usize,
}

impl Writer {
    fn new(indent: usize) -> Writer {
        Writer {
            out: String::new(),
            indent,
        }
    }

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
    }

    /// Appends text written at indentation 0, at the current indentation.
    fn push_relative(&mut self, text: &str) {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.newline();
            }
            self.out.push_str(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nix::render::format;

    /// A small deterministic generator (no dependency): xorshift.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    const ATOMS: &[&str] = &["x", "1", "2.5", "true", "null", "\"a b\"", "\"${x}y\""];
    const NUMBERS: &[&str] = &["(-2)", "(-0.5)", "(-9223372036854775807 - 1)"];

    fn doc(r: &mut Rng, depth: u32) -> Doc {
        let pick = if depth == 0 { r.below(2) } else { r.below(9) };
        match pick {
            0 => Doc::atom(ATOMS[r.below(ATOMS.len() as u64) as usize]),
            1 => Doc::number(NUMBERS[r.below(NUMBERS.len() as u64) as usize]),
            2 => Doc::select("aurora", "GB"),
            3 => Doc::bin_op(Doc::atom("4"), "*", Doc::select("aurora", "MB")),
            4 => Doc::apply(Doc::select("aurora", "Process"), set(r, depth)),
            5 => Doc::paren(Doc::apply(Doc::atom("fetchurl"), set(r, depth))),
            6 | 7 => set(r, depth),
            // What a list holds must be an operand: an application or operator is
            // parenthesised, as the emitter does.
            _ => Doc::list(
                (0..r.below(4))
                    .map(|_| match doc(r, depth - 1) {
                        d @ Doc {
                            kind: Kind::Apply(..) | Kind::BinOp(..),
                            ..
                        } => Doc::paren(d),
                        d => d,
                    })
                    .collect(),
            ),
        }
    }

    fn set(r: &mut Rng, depth: u32) -> Doc {
        let keys = ["a", "name", "\"k-1\"", "cmdline"];
        let n = r.below(4) as usize;
        Doc::set(
            (0..n)
                .map(|i| match r.below(8) {
                    0 => Entry::Inherit("y".into()),
                    _ => Entry::Bind(keys[i].into(), doc(r, depth - 1)),
                })
                .collect(),
        )
    }

    /// A file holding `d` where job files hold values: a `let` binding, a list item, in the set
    /// after `then`. Laid out by us, and as alejandra lays out its one-line text.
    fn files(d: &Doc) -> (String, String) {
        let then = Doc::set(vec![
            Entry::Inherit("y".into()),
            Entry::Bind("t".into(), d.clone()),
        ]);
        let ours = format!(
            "let\n  {}\nin\n  if x\n  then {}\n  else [\n    {}\n  ]\n",
            Doc::binding("v", d, 1),
            then.layout(1),
            Doc::paren(d.clone()).item(2)
        );
        let (flat, then) = (d.flat(), then.flat());
        // The template breaks the list of jobs.
        let one_line = format!("let v = {flat}; in if x then {then} else [\n({flat})\n]\n");
        (ours, one_line)
    }

    #[test]
    fn values_are_laid_out_as_alejandra_lays_them_out() {
        let mut r = Rng(0x9e37_79b9_7f4a_7c15);
        for case in 0..400 {
            let d = doc(&mut r, 1 + case % 5);
            let (ours, one_line) = files(&d);
            let theirs = format("case.nix", one_line).unwrap();
            assert_eq!(ours, theirs, "case {case}: {}", d.flat());
            assert_eq!(format("case.nix", ours.clone()).unwrap(), ours);
        }
    }

    #[test]
    fn a_set_of_two_entries_is_wide_and_breaks_its_parents() {
        let two = Doc::set(vec![
            Entry::Bind("a".into(), Doc::atom("1")),
            Entry::Bind("b".into(), Doc::atom("2")),
        ]);
        let one = Doc::set(vec![Entry::Bind("a".into(), Doc::atom("1"))]);
        assert!(!one.wide && two.wide);
        assert_eq!(
            Doc::list(vec![one.clone(), one.clone()]).layout(0),
            "[{a = 1;} {a = 1;}]"
        );
        assert_eq!(
            Doc::list(vec![one, two]).layout(0),
            "[\n  {a = 1;}\n  {\n    a = 1;\n    b = 2;\n  }\n]"
        );
    }
}
