//! A small, quote-aware reader of Aurora `cmdline`s: splits a command line into steps at
//! `&&`, `||`, `;` and newlines, and a step into words, keeping byte ranges so a step can be
//! replaced or removed while everything else stays byte-identical.
//!
//! It does not interpret shell: anything it does not understand is simply "another step".

/// One step of a command line: `text[start..end]`, followed by a separator (or the end).
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub start: usize,
    pub end: usize,
}

/// Splits a command line into steps at top-level `&&`, `||`, `;` and newlines.
pub fn steps(text: &str) -> Vec<Step> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let mut quote: Option<u8> = None;
    let mut depth = 0i32;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) => {
                if c == b'\\' && q == b'"' {
                    i += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                b'\\' => i += 1,
                b'\'' | b'"' => quote = Some(c),
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ if depth > 0 => {}
                b'&' | b'|' if b.get(i + 1) == Some(&c) => {
                    out.push(Step { start, end: i });
                    i += 2;
                    start = i;
                    continue;
                }
                b';' | b'\n' => {
                    out.push(Step { start, end: i });
                    start = i + 1;
                }
                _ => {}
            },
        }
        i += 1;
    }
    out.push(Step {
        start,
        end: b.len(),
    });
    out
}

/// The words of a step, with quotes removed (no expansion).
pub fn words(step: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = step.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some('"') if c == '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            Some(_) => cur.push(c),
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    in_word = true;
                }
                '\\' => {
                    if let Some(n) = chars.next() {
                        cur.push(n);
                        in_word = true;
                    }
                }
                c if c.is_whitespace() => {
                    if in_word {
                        out.push(std::mem::take(&mut cur));
                        in_word = false;
                    }
                }
                c => {
                    cur.push(c);
                    in_word = true;
                }
            },
        }
    }
    if in_word {
        out.push(cur);
    }
    out
}

/// Byte ranges of occurrences of `word` in `text` that stand as a whole shell word or as the
/// value of `--flag=word`: delimited by start/end, whitespace, quotes, `=`, `;`, `&`, `|`, `(`, `)`.
pub fn word_occurrences(text: &str, word: &str) -> Vec<(usize, usize)> {
    let delim = |c: Option<char>| match c {
        None => true,
        Some(c) => c.is_whitespace() || "'\"=;&|()<>".contains(c),
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let s = from + i;
        let e = s + word.len();
        if delim(text[..s].chars().next_back()) && delim(text[e..].chars().next()) {
            out.push((s, e));
        }
        from = s + word.len().max(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        steps(s)
            .iter()
            .map(|st| s[st.start..st.end].trim())
            .collect()
    }

    #[test]
    fn splits_at_top_level_separators() {
        assert_eq!(
            texts("cp a . && echo 'x && y' ; chmod +x a\ntar xf a || true"),
            ["cp a .", "echo 'x && y'", "chmod +x a", "tar xf a", "true"]
        );
        assert_eq!(
            texts("echo \"h  f\" | sha256sum -c -"),
            ["echo \"h  f\" | sha256sum -c -"]
        );
        assert_eq!(texts("(cd x && make)"), ["(cd x && make)"]);
    }

    #[test]
    fn words_drop_quotes() {
        assert_eq!(
            words("curl -fsSL -o 'a b.tgz' \"https://x/y\""),
            ["curl", "-fsSL", "-o", "a b.tgz", "https://x/y"]
        );
        assert_eq!(words(r"echo a\ b"), ["echo", "a b"]);
    }

    #[test]
    fn whole_word_occurrences() {
        let t = "python -u hello.py --cfg=hello.py xhello.py ./hello.py";
        assert_eq!(word_occurrences(t, "hello.py").len(), 2);
        assert_eq!(word_occurrences(t, "./hello.py").len(), 1);
    }
}
