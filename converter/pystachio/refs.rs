//! Pystachio refs (`a.b[c]`) and the mustache splitter (`{{ref}}`, `{{&escape}}`).
//!
//! Follows pystachio 0.8.5 `naming.py` and `parsing.py`: the same address grammar, the same
//! error messages, and the same regex semantics for `{{(&)?([^{}]+?)\1?}}`.

use python::Str;
use std::cmp::Ordering;
use std::fmt;

/// One component of a ref: `.name` or `[index]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Comp {
    Deref(Str),
    Index(Str),
}

impl Comp {
    /// The component's text without punctuation.
    pub fn value(&self) -> &str {
        match self {
            Comp::Deref(s) | Comp::Index(s) => s,
        }
    }
}

/// A parsed reference.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ref {
    pub comps: Vec<Comp>,
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl Ref {
    /// Parses an address like pystachio's `Ref.from_address`; the error is the
    /// `InvalidRefError` message.
    pub fn parse(address: &str) -> Result<Ref, String> {
        if address.is_empty() {
            return Err(format!("Invalid address: {}", py_repr_str(address)));
        }
        let full = if address.starts_with('[') || address.starts_with('.') {
            address.to_string()
        } else if address
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        {
            format!(".{address}")
        } else {
            return Err(address.to_string());
        };
        let bad = || format!("Badly formed address {full}");
        let b = full.as_bytes();
        let mut comps = Vec::new();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'.' => {
                    let start = i + 1;
                    if start >= b.len() || !(b[start].is_ascii_alphabetic() || b[start] == b'_') {
                        return Err(bad());
                    }
                    let mut j = start;
                    while j < b.len() && is_word(b[j] as char) {
                        j += 1;
                    }
                    comps.push(Comp::Deref(full[start..j].into()));
                    i = j;
                }
                b'[' => {
                    let start = i + 1;
                    let mut j = start;
                    while j < b.len() && (is_word(b[j] as char) || b"-./".contains(&b[j])) {
                        j += 1;
                    }
                    if j == start || j >= b.len() || b[j] != b']' {
                        return Err(bad());
                    }
                    comps.push(Comp::Index(full[start..j].into()));
                    i = j + 1;
                }
                _ => return Err(bad()),
            }
        }
        Ok(Ref { comps })
    }

    /// The address text (`a.b[c]`).
    pub fn address(&self) -> String {
        let mut s = String::new();
        for c in &self.comps {
            match c {
                Comp::Deref(n) => {
                    s.push('.');
                    s.push_str(n);
                }
                Comp::Index(n) => {
                    s.push('[');
                    s.push_str(n);
                    s.push(']');
                }
            }
        }
        match s.strip_prefix('.') {
            Some(rest) => rest.to_string(),
            None => s,
        }
    }

    /// The part of `self` below `prefix`, if `prefix` is a proper prefix.
    pub fn below(&self, prefix: &Ref) -> Option<Ref> {
        (self.comps.len() > prefix.comps.len() && self.comps.starts_with(&prefix.comps)).then(
            || Ref {
                comps: self.comps[prefix.comps.len()..].to_vec(),
            },
        )
    }

    /// The ref without its first component.
    pub fn rest(&self) -> Ref {
        Ref {
            comps: self.comps[1..].to_vec(),
        }
    }

    /// Pystachio's `Ref.compare`: shorter first, then by component values.
    pub fn compare(&self, other: &Ref) -> Ordering {
        self.comps.len().cmp(&other.comps.len()).then_with(|| {
            for (a, b) in self.comps.iter().zip(&other.comps) {
                if a != b {
                    return a.value().cmp(b.value());
                }
            }
            Ordering::Equal
        })
    }

    /// CPython 2.7's `hash(ref)`: `hash(self.components())`, each component hashing as its
    /// (ASCII) text.
    pub fn py2_hash(&self) -> i64 {
        use python::py2order::{hash_str, hash_tuple};
        let comps: Vec<i64> = self.comps.iter().map(|c| hash_str(c.value())).collect();
        hash_tuple(&comps)
    }

    /// `self + other`.
    pub fn join(&self, other: &Ref) -> Ref {
        let mut comps = self.comps.clone();
        comps.extend(other.comps.iter().cloned());
        Ref { comps }
    }
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{{{}}}}}", self.address())
    }
}

/// A piece of a split template.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Text(String),
    Ref(Ref),
}

/// Whether `s` holds `{{`, which every template starts with: a byte search, much cheaper than
/// `str::contains` on the short strings (keys, names) most values are.
pub fn has_mustache(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr_iter(b'{', b).any(|i| b.get(i + 1) == Some(&b'{'))
}

/// Splits a template like `MustacheParser.split`. `{{&x}}` stays `{{&x}}` when `keep_aliases`,
/// else becomes the literal text `{{x}}`. Errors are `InvalidRefError` messages.
pub fn split(s: &str, keep_aliases: bool) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut text = String::new();
    let b = s.as_bytes();
    let mut i = 0;
    let mut last = 0;
    while i + 1 < b.len() {
        if b[i] == b'{' && b[i + 1] == b'{' {
            if let Some((amp, inner, end)) = match_mustache(s, i) {
                text.push_str(&s[last..i]);
                if !text.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut text)));
                }
                if amp {
                    let lit = if keep_aliases {
                        format!("{{{{&{inner}}}}}")
                    } else {
                        format!("{{{{{inner}}}}}")
                    };
                    out.push(Piece::Text(lit));
                } else {
                    out.push(Piece::Ref(Ref::parse(inner)?));
                }
                i = end;
                last = end;
                continue;
            }
        }
        i += 1;
    }
    text.push_str(&s[last..]);
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    Ok(out)
}

/// Matches `{{(&)?([^{}]+?)\1?}}` at `start`; returns (escaped, inner, end).
fn match_mustache(s: &str, start: usize) -> Option<(bool, &str, usize)> {
    let b = s.as_bytes();
    let run_end = |from: usize| {
        let mut j = from;
        while j < b.len() && b[j] != b'{' && b[j] != b'}' {
            j += 1;
        }
        j
    };
    let closes = |j: usize| j + 1 < b.len() && b[j] == b'}' && b[j + 1] == b'}';
    let from = start + 2;
    if b.get(from) == Some(&b'&') {
        let j = run_end(from + 1);
        if j > from + 1 && closes(j) {
            let run = &s[from + 1..j];
            let inner = if run.len() >= 2 && run.ends_with('&') {
                &run[..run.len() - 1]
            } else {
                run
            };
            return Some((true, inner, j + 2));
        }
    }
    let j = run_end(from);
    if j > from && closes(j) {
        return Some((false, &s[from..j], j + 2));
    }
    None
}

/// Python 2 `repr` of a (unicode) string, as pystachio messages show it: `u'...'`.
pub fn py_repr_str(s: &str) -> String {
    let mut out = String::from("u");
    out.push_str(&python::ops::repr_str_body(s, true));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mustache_start_is_two_braces_anywhere() {
        for (s, holds) in [
            ("", false),
            ("{", false),
            ("{ {", false),
            ("a{b{c}", false),
            ("}}", false),
            ("{{", true),
            ("x{{y", true),
            ("{a}{{", true),
            ("\u{e9}{{\u{e9}", true),
        ] {
            assert_eq!(has_mustache(s), holds, "{s:?}");
            assert_eq!(has_mustache(s), s.contains("{{"), "{s:?}");
        }
    }

    fn refs(s: &str) -> Vec<String> {
        split(s, true)
            .unwrap()
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => format!("T:{t}"),
                Piece::Ref(r) => format!("R:{}", r.address()),
            })
            .collect()
    }

    #[test]
    fn addresses_follow_pystachio_grammar() {
        for ok in [
            "a.b",
            "a[b]",
            "a[0].b",
            "[a-b]",
            "[2.0.a_c/d-e]",
            "_x",
            "a.b_1",
        ] {
            assert!(Ref::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "a.1",
            "1.a",
            "0",
            "a-b",
            "[]",
            "hork bork",
            "!@",
            "-",
            "$",
            ":",
            "",
        ] {
            assert!(Ref::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Ref::parse("4").unwrap_err(), "4");
        assert_eq!(Ref::parse("a-b").unwrap_err(), "Badly formed address .a-b");
        assert_eq!(Ref::parse("").unwrap_err(), "Invalid address: u''");
        assert_eq!(Ref::parse("a[b].c").unwrap().address(), "a[b].c");
    }

    #[test]
    fn mustache_splitting() {
        assert_eq!(refs("a {{foo}} b"), ["T:a ", "R:foo", "T: b"]);
        assert_eq!(refs("{{{x}}}"), ["T:{", "R:x", "T:}"]);
        assert_eq!(refs("{{}}"), ["T:{{}}"]);
        assert_eq!(refs("{{&x}}"), ["T:{{&x}}"]);
        assert_eq!(refs("{{&x&}}"), ["T:{{&x}}"]);
        assert_eq!(refs("{{a[{{b}}]}}"), ["T:{{a[", "R:b", "T:]}}"]);
        assert_eq!(
            split("{{&x}}", false).unwrap(),
            vec![Piece::Text("{{x}}".into())]
        );
        assert!(split("{{4}}", true).is_err());
    }

    #[test]
    fn hashes_match_cpython() {
        // `hash(Ref.from_address(address))` printed by CPython 2.7.18 with pystachio 0.8.5.
        for (address, expected) in [
            ("a.b[c]", 8_721_448_440_899_674_906),
            ("mesos.instance", 6_826_744_966_249_242_874),
            ("thermos.ports[http]", -7_375_851_558_135_722_677),
            ("[0]", 6_140_618_302_897_174),
            ("x", 15_362_987_529_921_854),
        ] {
            assert_eq!(
                Ref::parse(address).unwrap().py2_hash(),
                expected,
                "{address}"
            );
        }
    }
}
