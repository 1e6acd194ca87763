//! Nix literals: the one place that knows Nix's quoting rules.
//!
//! Double-quoted strings escape `\`, `"`, `${`, newline, carriage return and tab; Nix has no
//! `\u` escape, so other control characters are written raw (they survive `--json` as `\u00XX`).
//! NUL cannot be represented in a Nix string and is refused. Attribute names are bare when they
//! are identifiers and not keywords, else quoted. Negative numbers are parenthesised so they can
//! stand in a list. Floats always carry a `.` (Nix's float syntax).

/// Errors for values Nix cannot represent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NixError {
    /// A string containing NUL.
    Nul,
    /// A float that is infinite or NaN.
    NonFinite(String),
    /// A data key Nix gives a meaning (see [`MAGIC_NAMES`]).
    MagicKey(String),
}

/// Attribute names Nix gives a meaning: it prints a set with `outPath` or `__toString` as a
/// string, and calls a set with `__functor`. Data holding one as a key cannot round-trip.
pub const MAGIC_NAMES: &[&str] = &["outPath", "__toString", "__functor"];

impl std::fmt::Display for NixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NixError::Nul => write!(
                f,
                "a string contains a NUL character, which Nix strings cannot hold"
            ),
            NixError::NonFinite(v) => write!(f, "the number {v} has no Nix representation"),
            NixError::MagicKey(k) => write!(
                f,
                "the key {k:?} cannot be written in Nix: an attribute set with `outPath` or \
                 `__toString` becomes a string, and one with `__functor` a function"
            ),
        }
    }
}

/// A double-quoted Nix string literal whose value is exactly `s`.
pub fn string(s: &str) -> Result<String, NixError> {
    if s.contains('\0') {
        return Err(NixError::Nul);
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    out.push('"');
    Ok(out)
}

const KEYWORDS: &[&str] = &[
    "if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or",
];

/// Whether `s` can be written as a bare Nix identifier.
pub fn is_identifier(s: &str) -> bool {
    let mut cs = s.chars();
    matches!(cs.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
        && !KEYWORDS.contains(&s)
}

/// An attribute name: bare when possible, else a quoted string.
pub fn attr_name(s: &str) -> Result<String, NixError> {
    if is_identifier(s) {
        Ok(s.to_string())
    } else {
        string(s)
    }
}

/// A path relative to the Nix file's folder (`data/app.py`, `../shared/x`): a path literal when
/// Nix's path syntax can spell it, else the folder plus a string (Nix canonicalizes `..`).
pub fn path(relative: &str) -> Result<String, NixError> {
    let plain = relative.split('/').all(|seg| {
        !seg.is_empty()
            && seg
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
    });
    Ok(match (plain, relative.starts_with("../")) {
        (true, true) => relative.to_string(),
        (true, false) => format!("./{relative}"),
        (false, _) => format!("(./. + {})", string(&format!("/{relative}"))?),
    })
}

/// Text for a `#` comment: on one line whatever it holds (control characters are escaped, so
/// nothing in it can end the comment).
pub fn comment(text: &str) -> String {
    crate::diagnostic::escape_controls(text, |_| false).into_owned()
}

/// A data key (of a map or a JSON object): an attribute name, unless Nix would give it a
/// meaning.
pub fn data_key(s: &str) -> Result<String, NixError> {
    if MAGIC_NAMES.contains(&s) {
        return Err(NixError::MagicKey(s.to_string()));
    }
    attr_name(s)
}

/// An integer literal (parenthesised when negative).
pub fn int(i: i64) -> String {
    match i {
        i64::MIN => "(-9223372036854775807 - 1)".into(),
        i if i < 0 => format!("({i})"),
        i => i.to_string(),
    }
}

/// A float literal with the shortest digits that round-trip (parenthesised when negative).
pub fn float(f: f64) -> Result<String, NixError> {
    if !f.is_finite() {
        return Err(NixError::NonFinite(f.to_string()));
    }
    let mut s = format!("{:?}", f.abs());
    if let Some(e) = s.find('e') {
        if !s[..e].contains('.') {
            s.insert_str(e, ".0");
        }
    } else if !s.contains('.') {
        s.push_str(".0");
    }
    Ok(if f.is_sign_negative() && f != 0.0 {
        format!("(-{s})")
    } else {
        s
    })
}

/// A JSON value as a Nix value (objects become attribute sets with sorted keys).
pub fn json(v: &serde_json::Value) -> Result<String, NixError> {
    use serde_json::Value as J;
    Ok(match v {
        J::Null => "null".into(),
        J::Bool(b) => b.to_string(),
        J::Number(n) => match n.as_i64() {
            Some(i) if !n.is_f64() => int(i),
            _ => float(n.as_f64().unwrap_or(f64::NAN))?,
        },
        J::String(s) => string(s)?,
        J::Array(items) => {
            let parts = items.iter().map(json).collect::<Result<Vec<_>, _>>()?;
            format!(
                "[{}]",
                parts.iter().map(|p| format!(" {p}")).collect::<String>() + " "
            )
        }
        J::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let mut out = String::from("{");
            for k in keys {
                out.push_str(&format!(" {} = {};", data_key(k)?, json(&m[k])?));
            }
            out.push_str(" }");
            out
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_exactly_what_nix_interprets() {
        assert_eq!(string("a\"b\\c").unwrap(), r#""a\"b\\c""#);
        assert_eq!(
            string("echo ${HOME} $((1+2)) $x").unwrap(),
            r#""echo \${HOME} $((1+2)) $x""#
        );
        assert_eq!(string("$${x}").unwrap(), r#""$\${x}""#);
        assert_eq!(string("l1\nl2\tt\r").unwrap(), r#""l1\nl2\tt\r""#);
        assert_eq!(string("''{{x}}").unwrap(), r#""''{{x}}""#);
        assert_eq!(string("a\u{1}b").unwrap(), "\"a\u{1}b\"");
        assert_eq!(string("x\0"), Err(NixError::Nul));
    }

    #[test]
    fn names_numbers_and_json() {
        assert_eq!(attr_name("cpu").unwrap(), "cpu");
        assert_eq!(attr_name("in").unwrap(), "\"in\"");
        assert_eq!(attr_name("a.b").unwrap(), "\"a.b\"");
        assert_eq!(attr_name("9lives").unwrap(), "\"9lives\"");
        assert_eq!(int(-3), "(-3)");
        assert_eq!(float(1.0).unwrap(), "1.0");
        assert_eq!(float(1e-5).unwrap(), "1.0e-5");
        assert_eq!(float(-0.25).unwrap(), "(-0.25)");
        assert!(float(f64::INFINITY).is_err());
        for k in MAGIC_NAMES {
            assert_eq!(data_key(k), Err(NixError::MagicKey(k.to_string())));
            assert!(json(&serde_json::json!({ *k: 1 })).is_err());
        }
        assert_eq!(data_key("__ignoreNulls").unwrap(), "__ignoreNulls");
        assert_eq!(path("data/app.py").unwrap(), "./data/app.py");
        assert_eq!(path("../x/y-1+2_z").unwrap(), "../x/y-1+2_z");
        assert_eq!(path("a b/c").unwrap(), r#"(./. + "/a b/c")"#);
        assert_eq!(path("../${x}").unwrap(), r#"(./. + "/../\${x}")"#);
        assert_eq!(
            comment("from a\nb; evil = 1;\r"),
            "from a\\nb; evil = 1;\\r"
        );
        let j = serde_json::json!({"b": [1, 2.5, "x"], "a": {"in": true}});
        assert_eq!(
            json(&j).unwrap(),
            r#"{ a = { "in" = true; }; b = [ 1 2.5 "x" ]; }"#
        );
    }
}
