//! Python 2.7 string formatting: the `%` operator on strings and `str.format`.
//!
//! This module reproduces CPython 2.7's `PyString_Format` (the `%` operator)
//! and its `str.format` machinery (`Objects/stringlib/string_format.h` and
//! `formatter.h`), including the format-spec mini-language, the float-to-text
//! rules of `PyOS_double_to_string`, and the exact error messages.
//!
//! The module knows nothing of the interpreter: values are seen through the
//! [`FormatValue`] trait. Formatting's own errors are [`FmtError`]s (the
//! exception class CPython raises and its message), converted into the
//! interpreter's error type; errors returned by the trait's methods are passed
//! through unchanged, so a limit or sandbox stop inside `str(x)` stays a stop.
//!
//! Strings are handled as Unicode text: widths, precisions and `%c` count
//! characters (like a Python 2 `unicode`), not UTF-8 bytes, and `%c` /
//! `{:c}` of an integer in 128..=255 yields the code point of that number.
//! The locale is assumed to be "C", so the `n` presentation type never groups.

use std::fmt::Write as _;

/// A number as seen by the formatting code.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    /// A Python `int`.
    Int(i64),
    /// A Python `float`.
    Float(f64),
    /// A Python `bool` (a subclass of `int`).
    Bool(bool),
}

/// What formatting needs to know about an interpreter value.
pub trait FormatValue: Sized + Clone {
    /// The error type of the interpreter's own operations; formatting errors convert into it.
    type Error: From<FmtError>;
    /// The value as a number, for `int`, `float` and `bool` values.
    fn as_num(&self) -> Option<Num>;
    /// The text of a `str` or `unicode` value.
    fn as_str(&self) -> Option<&str>;
    /// The items of a tuple value (for `%` with a tuple right-hand side).
    fn is_tuple(&self) -> Option<Vec<Self>>;
    /// Whether `%` treats the value as a mapping: true for dicts (CPython
    /// also says true for lists and other subscriptable non-tuple values).
    fn is_mapping(&self) -> bool;
    /// `str(x)`.
    fn py_str(&self) -> Result<String, Self::Error>;
    /// `repr(x)`.
    fn py_repr(&self) -> Result<String, Self::Error>;
    /// `x['key']` (used by `{0[key]}` and `%(key)s`).
    fn get_item_str(&self, key: &str) -> Result<Self, Self::Error>;
    /// `x[index]` (used by `{0[1]}`).
    fn get_item_int(&self, index: i64) -> Result<Self, Self::Error>;
    /// `x.name` (used by `{0.name}`).
    fn get_attr(&self, name: &str) -> Result<Self, Self::Error>;
    /// `type(x).__name__` for error messages; the default guesses it from the other methods.
    fn type_name(&self) -> String {
        match self.as_num() {
            Some(Num::Int(_)) => "int".into(),
            Some(Num::Float(_)) => "float".into(),
            Some(Num::Bool(_)) => "bool".into(),
            None if self.as_str().is_some() => "str".into(),
            None if self.is_tuple().is_some() => "tuple".into(),
            None if self.is_mapping() => "dict".into(),
            None => "object".into(),
        }
    }
}

/// The Python exception class of a formatting error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FmtErrorKind {
    TypeError,
    ValueError,
    KeyError,
    IndexError,
    AttributeError,
    OverflowError,
}

/// A formatting error: the exception CPython raises.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FmtError {
    pub kind: FmtErrorKind,
    pub message: String,
}

impl FmtError {
    /// An error of class `kind`.
    pub fn new(kind: FmtErrorKind, message: impl std::fmt::Display) -> FmtError {
        FmtError {
            kind,
            message: message.to_string(),
        }
    }
}

impl std::fmt::Display for FmtError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

fn type_error<E: From<FmtError>>(msg: impl std::fmt::Display) -> E {
    FmtError::new(FmtErrorKind::TypeError, msg).into()
}

fn value_error<E: From<FmtError>>(msg: impl std::fmt::Display) -> E {
    FmtError::new(FmtErrorKind::ValueError, msg).into()
}

fn overflow_error<E: From<FmtError>>(msg: impl std::fmt::Display) -> E {
    FmtError::new(FmtErrorKind::OverflowError, msg).into()
}

/// `repr()` of a Python 2 byte string holding the UTF-8 encoding of `s`.
fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for b in s.bytes() {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            _ if b == quote as u8 => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(b as char),
            _ => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    out.push(quote);
    out
}

// ---------------------------------------------------------------------------
// Floats: a port of CPython's PyOS_double_to_string / format_float_short.
// ---------------------------------------------------------------------------

/// `str(f)` as Python 2.7 prints it (12 significant digits, `'%.12g'` plus `.0`).
pub fn float_str(f: f64) -> String {
    double_to_string(f, 'g', 12, false, true, false)
}

/// `repr(f)` as Python 2.7 prints it (shortest round-trip digits).
pub fn float_repr(f: f64) -> String {
    double_to_string(f, 'r', 0, false, true, false)
}

/// How many digits `dtoa` should produce.
#[derive(Clone, Copy)]
enum DigitMode {
    /// The shortest digits that round-trip (dtoa mode 0).
    Shortest,
    /// At most this many significant digits (dtoa mode 2).
    Significant(usize),
    /// Digits up to this many places after the point (dtoa mode 3).
    Fixed(usize),
}

/// Splits Rust's `{:e}` output `d.ddde±x` into its digits and dtoa's `decpt`.
fn split_exponent(s: &str) -> (Vec<u8>, i64) {
    let (mantissa, exp) = s.split_once('e').unwrap_or((s, "0"));
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    (digits, exp.parse::<i64>().unwrap_or(0) + 1)
}

/// Correctly rounded decimal digits of the finite `|x|`, like David Gay's
/// `dtoa`: the value is `0.DIGITS × 10^decpt`, with no trailing zeros.
fn dtoa(x: f64, mode: DigitMode) -> (Vec<u8>, i64) {
    let x = x.abs();
    if x == 0.0 {
        return (vec![b'0'], 1);
    }
    let (mut digits, decpt) = match mode {
        DigitMode::Shortest => split_exponent(&format!("{x:e}")),
        // A double's exact decimal expansion has at most 767 significant digits and 1074
        // after the point: asking for more only adds zeros, which are stripped below.
        DigitMode::Significant(n) => split_exponent(&format!("{:.*e}", n.clamp(1, 800) - 1, x)),
        DigitMode::Fixed(n) => {
            let n = n.min(1100);
            let text = format!("{x:.n$}");
            let (int_part, frac) = text.split_once('.').unwrap_or((&text, ""));
            let all: Vec<u8> = int_part.bytes().chain(frac.bytes()).collect();
            let zeros = all.iter().take_while(|&&b| b == b'0').count();
            (all[zeros..].to_vec(), int_part.len() as i64 - zeros as i64)
        }
    };
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, decpt)
}

/// Port of `PyOS_double_to_string`: `code` is one of `eEfFgGr`.
fn double_to_string(
    x: f64,
    code: char,
    precision: usize,
    always_sign: bool,
    add_dot_0: bool,
    alt: bool,
) -> String {
    let upper = code.is_ascii_uppercase();
    let code = code.to_ascii_lowercase();
    let (mode, precision) = match code {
        'e' => (DigitMode::Significant(precision + 1), precision + 1),
        'f' => (DigitMode::Fixed(precision), precision),
        'g' => (DigitMode::Significant(precision.max(1)), precision.max(1)),
        _ => (DigitMode::Shortest, 0),
    };
    let precision = precision as i64;
    let mut out = String::new();
    if x.is_nan() {
        if always_sign {
            out.push('+');
        }
        out.push_str(if upper { "NAN" } else { "nan" });
        return out;
    }
    if x.is_sign_negative() {
        out.push('-');
    } else if always_sign {
        out.push('+');
    }
    if x.is_infinite() {
        out.push_str(if upper { "INF" } else { "inf" });
        return out;
    }

    let (digits, mut decpt) = dtoa(x, mode);
    let digits_len = digits.len() as i64;
    let mut vdigits_end = digits_len;
    let mut use_exp = false;
    match code {
        'e' => {
            use_exp = true;
            vdigits_end = precision;
        }
        'f' => vdigits_end = decpt + precision,
        'g' => {
            let limit = if add_dot_0 { precision - 1 } else { precision };
            if decpt <= -4 || decpt > limit {
                use_exp = true;
            }
            if alt {
                vdigits_end = precision;
            }
        }
        _ => {
            if decpt <= -4 || decpt > 16 {
                use_exp = true;
            }
        }
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    vdigits_end = if !use_exp && add_dot_0 {
        vdigits_end.max(decpt + 1)
    } else {
        vdigits_end.max(decpt)
    };

    let zeros = |out: &mut String, n: i64| out.extend(std::iter::repeat_n('0', n.max(0) as usize));
    let push_digits = |out: &mut String, d: &[u8]| out.extend(d.iter().map(|&b| b as char));
    if decpt <= 0 {
        zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        zeros(&mut out, -decpt);
    } else {
        zeros(&mut out, -vdigits_start);
    }
    if 0 < decpt && decpt <= digits_len {
        push_digits(&mut out, &digits[..decpt as usize]);
        out.push('.');
        push_digits(&mut out, &digits[decpt as usize..]);
    } else {
        push_digits(&mut out, &digits);
    }
    if digits_len < decpt {
        zeros(&mut out, decpt - digits_len);
        out.push('.');
        zeros(&mut out, vdigits_end - decpt);
    } else {
        zeros(&mut out, vdigits_end - digits_len);
    }
    if out.ends_with('.') && !alt {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        let _ = write!(out, "{exp:+03}");
    }
    out
}

// ---------------------------------------------------------------------------
// Values as the formatters see them.
// ---------------------------------------------------------------------------

/// A value reduced to what the format-spec formatters distinguish.
enum Item {
    Int(i64),
    Bool(bool),
    Float(f64),
    Str(String),
}

/// Classifies a value; anything that is neither a number nor a string is
/// formatted through `str(x)`, as `object.__format__` does.
fn item_of<V: FormatValue>(v: &V) -> Result<Item, V::Error> {
    Ok(match v.as_num() {
        Some(Num::Int(i)) => Item::Int(i),
        Some(Num::Bool(b)) => Item::Bool(b),
        Some(Num::Float(f)) => Item::Float(f),
        None => Item::Str(match v.as_str() {
            Some(s) => s.to_owned(),
            None => v.py_str()?,
        }),
    })
}

fn bool_str(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// `str(v)`, computed here for numbers and strings.
fn to_py_str<V: FormatValue>(v: &V) -> Result<String, V::Error> {
    Ok(match v.as_num() {
        Some(Num::Int(i)) => i.to_string(),
        Some(Num::Bool(b)) => bool_str(b).to_owned(),
        Some(Num::Float(f)) => float_str(f),
        None => match v.as_str() {
            Some(s) => s.to_owned(),
            None => v.py_str()?,
        },
    })
}

/// `repr(v)`, computed here for numbers.
fn to_py_repr<V: FormatValue>(v: &V) -> Result<String, V::Error> {
    match v.as_num() {
        Some(Num::Int(i)) => Ok(i.to_string()),
        Some(Num::Bool(b)) => Ok(bool_str(b).to_owned()),
        Some(Num::Float(f)) => Ok(float_repr(f)),
        None => v.py_repr(),
    }
}

// ---------------------------------------------------------------------------
// The `%` operator.
// ---------------------------------------------------------------------------

/// Where `%` takes its next argument from (`getnextarg` in CPython).
struct ArgCursor<V> {
    /// The tuple's items, or the single (non-tuple) argument.
    items: Vec<V>,
    /// The tuple's length, or -1 for a single argument.
    arglen: i64,
    /// The next index, or -2 / -1 before / after using a single argument.
    argidx: i64,
}

impl<V: FormatValue> ArgCursor<V> {
    fn single(v: V) -> Self {
        ArgCursor {
            items: vec![v],
            arglen: -1,
            argidx: -2,
        }
    }

    fn next(&mut self) -> Result<V, FmtError> {
        if self.argidx < self.arglen {
            self.argidx += 1;
            if self.arglen < 0 {
                return Ok(self.items[0].clone());
            }
            return Ok(self.items[(self.argidx - 1) as usize].clone());
        }
        Err(type_error("not enough arguments for format string"))
    }
}

/// The flags of one `%` conversion specifier.
#[derive(Default)]
struct PercentFlags {
    ljust: bool,
    sign: bool,
    blank: bool,
    alt: bool,
    zero: bool,
}

/// An integer operand of `%d`-style conversions.
enum IntOperand {
    /// Fits a C `long` (a Python `int`).
    Small(i64),
    /// The truncated magnitude of a float beyond the C `long` range (a Python `long`).
    Big { negative: bool, magnitude: f64 },
}

impl IntOperand {
    fn from_num(n: Num) -> Option<Self> {
        match n {
            Num::Int(i) => Some(IntOperand::Small(i)),
            Num::Bool(b) => Some(IntOperand::Small(b as i64)),
            Num::Float(f) if f.is_finite() => {
                let t = f.trunc();
                // CPython keeps an `int` when LONG_MIN < t < LONG_MAX (as doubles).
                if t > i64::MIN as f64 && t < i64::MAX as f64 {
                    Some(IntOperand::Small(t as i64))
                } else {
                    Some(IntOperand::Big {
                        negative: t < 0.0,
                        magnitude: t.abs(),
                    })
                }
            }
            Num::Float(_) => None,
        }
    }

    fn is_negative(&self) -> bool {
        match *self {
            IntOperand::Small(i) => i < 0,
            IntOperand::Big { negative, .. } => negative,
        }
    }

    fn is_zero(&self) -> bool {
        matches!(self, IntOperand::Small(0))
    }

    /// The digits of the magnitude in base 8, 10 or 16 (lower case).
    fn digits(&self, base: u32) -> String {
        match *self {
            IntOperand::Small(i) => radix_digits(i.unsigned_abs(), base),
            IntOperand::Big { magnitude, .. } => big_float_digits(magnitude, base),
        }
    }
}

fn radix_digits(n: u64, base: u32) -> String {
    match base {
        2 => format!("{n:b}"),
        8 => format!("{n:o}"),
        16 => format!("{n:x}"),
        _ => n.to_string(),
    }
}

/// Digits of an integral float `t >= 2**63` in base 8, 10 or 16.
fn big_float_digits(t: f64, base: u32) -> String {
    if base == 10 {
        return format!("{t:.0}");
    }
    let bits = t.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mantissa = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    let shift = if base == 16 { 4 } else { 3 };
    let (whole, rest) = (exp / shift, exp % shift);
    let mut s = radix_digits(mantissa << rest, base);
    s.extend(std::iter::repeat_n('0', whole as usize));
    s
}

/// `%d %u %o %x %X` of an integer: sign, `0x`/`0` prefix and digits padded to `prec`.
fn percent_int(
    n: &IntOperand,
    flags: &PercentFlags,
    prec: i64,
    c: char,
) -> Result<String, FmtError> {
    if matches!(n, IntOperand::Small(_)) && prec >= 117 {
        return Err(overflow_error(
            "formatted integer is too long (precision too large?)",
        ));
    }
    let base = match c {
        'o' => 8,
        'x' | 'X' => 16,
        _ => 10,
    };
    let mut digits = if n.is_zero() && prec == 0 {
        String::new()
    } else {
        n.digits(base)
    };
    let width = if prec < 0 { 1 } else { prec as usize };
    if digits.len() < width {
        digits.insert_str(0, &"0".repeat(width - digits.len()));
    }
    if c == 'o' && flags.alt && !digits.starts_with('0') {
        digits.insert(0, '0');
    }
    let mut out = String::new();
    if n.is_negative() {
        out.push('-');
    }
    if flags.alt && (c == 'x' || c == 'X') {
        out.push('0');
        out.push(c);
    }
    if c == 'X' {
        digits.make_ascii_uppercase();
    }
    out.push_str(&digits);
    Ok(out)
}

/// `%c`: a one-character string, or an integer in `range(256)`.
fn percent_char<V: FormatValue>(v: &V) -> Result<String, FmtError> {
    if let Some(s) = v.as_str() {
        let mut chars = s.chars();
        return match (chars.next(), chars.next()) {
            (Some(ch), None) => Ok(ch.to_string()),
            _ => Err(type_error("%c requires int or char")),
        };
    }
    let n = match v.as_num() {
        Some(Num::Int(i)) => i,
        Some(Num::Bool(b)) => b as i64,
        Some(Num::Float(_)) => return Err(type_error("integer argument expected, got float")),
        None => return Err(type_error("an integer is required")),
    };
    if n < 0 {
        return Err(overflow_error("unsigned byte integer is less than minimum"));
    }
    if n > 255 {
        return Err(overflow_error(
            "unsigned byte integer is greater than maximum",
        ));
    }
    Ok(char::from(n as u8).to_string())
}

/// Reads a `*` width or precision argument, which must be an int.
fn star_arg<V: FormatValue>(cursor: &mut ArgCursor<V>) -> Result<i64, FmtError> {
    match cursor.next()?.as_num() {
        Some(Num::Int(i)) => Ok(i),
        Some(Num::Bool(b)) => Ok(b as i64),
        _ => Err(type_error("* wants int")),
    }
}

/// `template % args`, Python 2.7's `PyString_Format`.
pub fn percent_format<V: FormatValue>(template: &str, args: &V) -> Result<String, V::Error> {
    let fmt: Vec<char> = template.chars().collect();
    let at = |p: usize| fmt.get(p).copied().unwrap_or('\0');
    let is_string = args.as_str().is_some();
    let tuple = if is_string { None } else { args.is_tuple() };
    let dict = tuple.is_none() && !is_string && args.is_mapping();
    let mut cursor = match tuple {
        Some(items) => ArgCursor {
            arglen: items.len() as i64,
            items,
            argidx: 0,
        },
        None => ArgCursor::single(args.clone()),
    };

    let mut out = String::with_capacity(template.len());
    let mut p = 0usize;
    // Characters left after the current one, mirroring CPython's `fmtcnt`.
    let mut fmtcnt = fmt.len() as i64;
    loop {
        fmtcnt -= 1;
        if fmtcnt < 0 {
            break;
        }
        if fmt[p] != '%' {
            out.push(fmt[p]);
            p += 1;
            continue;
        }
        p += 1;
        if at(p) == '(' {
            if !dict {
                return Err(type_error("format requires a mapping"));
            }
            p += 1;
            fmtcnt -= 1;
            let keystart = p;
            let mut pcount = 1;
            while pcount > 0 {
                fmtcnt -= 1;
                if fmtcnt < 0 {
                    break;
                }
                match fmt[p] {
                    ')' => pcount -= 1,
                    '(' => pcount += 1,
                    _ => {}
                }
                p += 1;
            }
            if fmtcnt < 0 || pcount > 0 {
                return Err(value_error("incomplete format key"));
            }
            let key: String = fmt[keystart..p - 1].iter().collect();
            cursor = ArgCursor::single(args.get_item_str(&key)?);
        }

        let mut flags = PercentFlags::default();
        let mut c = '\0';
        loop {
            fmtcnt -= 1;
            if fmtcnt < 0 {
                break;
            }
            c = fmt[p];
            p += 1;
            match c {
                '-' => flags.ljust = true,
                '+' => flags.sign = true,
                ' ' => flags.blank = true,
                '#' => flags.alt = true,
                '0' => flags.zero = true,
                _ => break,
            }
        }

        let mut width: i64 = -1;
        if c == '*' {
            width = star_arg(&mut cursor)?;
            if width < 0 {
                flags.ljust = true;
                width = width.saturating_neg();
            }
            fmtcnt -= 1;
            if fmtcnt >= 0 {
                c = fmt[p];
                p += 1;
            }
        } else if let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            width = d as i64;
            loop {
                fmtcnt -= 1;
                if fmtcnt < 0 {
                    break;
                }
                c = fmt[p];
                p += 1;
                let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) else {
                    break;
                };
                if width > (i64::MAX - d as i64) / 10 {
                    return Err(value_error("width too big"));
                }
                width = width * 10 + d as i64;
            }
        }

        check_field(width)?;
        let mut prec: i64 = -1;
        if c == '.' {
            prec = 0;
            fmtcnt -= 1;
            if fmtcnt >= 0 {
                c = fmt[p];
                p += 1;
            }
            if c == '*' {
                prec = star_arg(&mut cursor)?;
                if prec > i32::MAX as i64 || prec < i32::MIN as i64 {
                    return Err(overflow_error("Python int too large to convert to C int"));
                }
                prec = prec.max(0);
                fmtcnt -= 1;
                if fmtcnt >= 0 {
                    c = fmt[p];
                    p += 1;
                }
            } else if let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
                prec = d as i64;
                loop {
                    fmtcnt -= 1;
                    if fmtcnt < 0 {
                        break;
                    }
                    c = fmt[p];
                    p += 1;
                    let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) else {
                        break;
                    };
                    if prec > (i32::MAX as i64 - d as i64) / 10 {
                        return Err(value_error("prec too big"));
                    }
                    prec = prec * 10 + d as i64;
                }
            }
        }
        check_field(prec)?;

        if fmtcnt >= 0 && matches!(c, 'h' | 'l' | 'L') {
            fmtcnt -= 1;
            if fmtcnt >= 0 {
                c = fmt[p];
                p += 1;
            }
        }
        if fmtcnt < 0 {
            return Err(value_error("incomplete format"));
        }

        let v = if c == '%' { None } else { Some(cursor.next()?) };
        let arg = || {
            v.as_ref()
                .expect("an argument is taken for every conversion but %%")
        };
        // The converted text, whether it is a signed number, and the pad character.
        let (text, numeric, fill) = match c {
            '%' => ("%".to_owned(), false, ' '),
            's' | 'r' => {
                let mut s = if c == 's' {
                    to_py_str(arg())?
                } else {
                    to_py_repr(arg())?
                };
                if prec >= 0 {
                    if let Some((i, _)) = s.char_indices().nth(prec as usize) {
                        s.truncate(i);
                    }
                }
                (s, false, ' ')
            }
            'i' | 'd' | 'u' | 'o' | 'x' | 'X' => {
                if c == 'i' {
                    c = 'd';
                }
                let operand = arg()
                    .as_num()
                    .and_then(IntOperand::from_num)
                    .ok_or_else(|| {
                        type_error(format!(
                            "%{c} format: a number is required, not {}",
                            arg().type_name()
                        ))
                    })?;
                let s = percent_int(&operand, &flags, prec, c)?;
                (s, true, if flags.zero { '0' } else { ' ' })
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let x = match arg().as_num() {
                    Some(Num::Float(f)) => f,
                    Some(Num::Int(i)) => i as f64,
                    Some(Num::Bool(b)) => b as i64 as f64,
                    None => {
                        return Err(type_error(format!(
                            "float argument required, not {}",
                            arg().type_name()
                        )))
                    }
                };
                let prec = if prec < 0 { 6 } else { prec as usize };
                let s = double_to_string(x, c, prec, false, false, flags.alt);
                (s, true, if flags.zero { '0' } else { ' ' })
            }
            'c' => (percent_char(arg())?, false, ' '),
            _ => {
                let shown = if (' '..='~').contains(&c) || c.is_ascii_control() {
                    c
                } else {
                    '?'
                };
                return Err(value_error(format!(
                    "unsupported format character '{shown}' (0x{:x}) at index {}",
                    c as u32,
                    p - 1
                )));
            }
        };

        let body: Vec<char> = text.chars().collect();
        let mut start = 0usize;
        let mut sign = None;
        if numeric {
            if matches!(body.first(), Some('-' | '+')) {
                sign = Some(body[0]);
                start = 1;
            } else if flags.sign {
                sign = Some('+');
            } else if flags.blank {
                sign = Some(' ');
            }
        }
        let mut len = (body.len() - start) as i64;
        let mut width = width.max(len);
        if let Some(s) = sign {
            if fill != ' ' {
                out.push(s);
            }
            if width > len {
                width -= 1;
            }
        }
        let alt_x = flags.alt && (c == 'x' || c == 'X');
        let mut prefix: &[char] = &[];
        if alt_x {
            prefix = &body[start..start + 2];
            start += 2;
            if fill != ' ' {
                out.extend(prefix);
            }
            width = (width - 2).max(0);
            len -= 2;
        }
        if width > len && !flags.ljust {
            out.extend(std::iter::repeat_n(fill, (width - len) as usize));
            width = len;
        }
        if fill == ' ' {
            if let Some(s) = sign {
                out.push(s);
            }
            out.extend(prefix);
        }
        out.extend(&body[start..]);
        if width > len {
            out.extend(std::iter::repeat_n(' ', (width - len) as usize));
        }
        if dict && cursor.argidx < cursor.arglen && c != '%' {
            return Err(type_error(
                "not all arguments converted during string formatting",
            ));
        }
    }
    if cursor.argidx < cursor.arglen && !dict {
        return Err(type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// The format-spec mini-language (`format(value, spec)`).
// ---------------------------------------------------------------------------

/// A parsed `[[fill]align][sign][#][0][width][,][.precision][type]`.
struct Spec {
    fill: char,
    align: char,
    sign: Option<char>,
    alt: bool,
    width: i64,
    thousands: bool,
    precision: i64,
    /// The presentation type, `'\0'` when omitted for floats.
    ty: char,
}

/// The largest width or precision the sandbox allows: a larger one would allocate that much.
pub const MAX_FIELD: i64 = 16 << 20;

fn check_field(v: i64) -> Result<i64, FmtError> {
    if v > MAX_FIELD {
        return Err(value_error(format!(
            "width or precision {v} exceeds aurora2nix's limit of {MAX_FIELD}"
        )));
    }
    Ok(v)
}

/// Parses leading ASCII digits; `Ok(None)` if there are none.
fn parse_digits(spec: &[char], pos: &mut usize) -> Result<Option<i64>, FmtError> {
    let mut value: Option<i64> = None;
    while let Some(d) = spec
        .get(*pos)
        .and_then(|c| c.to_digit(10).filter(|_| c.is_ascii_digit()))
    {
        let acc = value.unwrap_or(0);
        if acc > (i64::MAX - d as i64) / 10 {
            return Err(value_error("Too many decimal digits in format string"));
        }
        value = Some(acc * 10 + d as i64);
        *pos += 1;
    }
    value.map(check_field).transpose()
}

/// A presentation type as CPython quotes it in error messages.
fn quoted_type(ty: char) -> String {
    if (ty as u32) > 32 && (ty as u32) < 128 {
        format!("'{ty}'")
    } else {
        format!("'\\x{:x}'", ty as u32)
    }
}

/// Port of `parse_internal_render_format_spec`.
fn parse_spec(spec: &[char], default_type: char, default_align: char) -> Result<Spec, FmtError> {
    let is_align = |c: char| matches!(c, '<' | '>' | '=' | '^');
    let mut s = Spec {
        fill: ' ',
        align: default_align,
        sign: None,
        alt: false,
        width: -1,
        thousands: false,
        precision: -1,
        ty: default_type,
    };
    let mut pos = 0;
    let mut fill_specified = false;
    let mut align_specified = false;
    if spec.len() >= 2 && is_align(spec[1]) {
        s.align = spec[1];
        s.fill = spec[0];
        fill_specified = true;
        align_specified = true;
        pos = 2;
    } else if !spec.is_empty() && is_align(spec[0]) {
        s.align = spec[0];
        align_specified = true;
        pos = 1;
    }
    if let Some(&c @ (' ' | '+' | '-')) = spec.get(pos) {
        s.sign = Some(c);
        pos += 1;
    }
    if spec.get(pos) == Some(&'#') {
        s.alt = true;
        pos += 1;
    }
    if !fill_specified && spec.get(pos) == Some(&'0') {
        s.fill = '0';
        if !align_specified {
            s.align = '=';
        }
        pos += 1;
    }
    s.width = parse_digits(spec, &mut pos)?.unwrap_or(-1);
    if spec.get(pos) == Some(&',') {
        s.thousands = true;
        pos += 1;
    }
    if spec.get(pos) == Some(&'.') {
        pos += 1;
        s.precision = parse_digits(spec, &mut pos)?
            .ok_or_else(|| value_error("Format specifier missing precision"))?;
    }
    match spec.len() - pos {
        0 => {}
        1 => s.ty = spec[pos],
        _ => return Err(value_error("Invalid conversion specification")),
    }
    if s.thousands && !matches!(s.ty, 'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\0') {
        return Err(value_error(format!(
            "Cannot specify ',' with {}.",
            quoted_type(s.ty)
        )));
    }
    Ok(s)
}

fn unknown_code(ty: char, type_name: &str) -> FmtError {
    value_error(format!(
        "Unknown format code {} for object of type '{type_name}'",
        quoted_type(ty)
    ))
}

/// Pads `text` (of `len` characters) to the spec's width and alignment.
fn pad(text: &str, len: i64, spec: &Spec) -> String {
    let total = spec.width.max(len);
    let left = match spec.align {
        '>' => total - len,
        '^' => (total - len) / 2,
        _ => 0,
    };
    let right = total - len - left;
    let mut out = String::with_capacity(text.len() + (total - len) as usize);
    out.extend(std::iter::repeat_n(spec.fill, left as usize));
    out.push_str(text);
    out.extend(std::iter::repeat_n(spec.fill, right as usize));
    out
}

/// `format(s, spec)` for a string (`FORMAT_STRING`).
fn format_string(s: &str, spec: &[char]) -> Result<String, FmtError> {
    if spec.is_empty() {
        return Ok(s.to_owned());
    }
    let spec = parse_spec(spec, 's', '<')?;
    if spec.ty != 's' {
        return Err(unknown_code(spec.ty, "str"));
    }
    if spec.sign.is_some() {
        return Err(value_error("Sign not allowed in string format specifier"));
    }
    if spec.alt {
        return Err(value_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if spec.align == '=' {
        return Err(value_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let mut text = s;
    let mut len = s.chars().count() as i64;
    if spec.precision >= 0 && len >= spec.precision {
        if let Some((i, _)) = s.char_indices().nth(spec.precision as usize) {
            text = &s[..i];
        }
        len = spec.precision;
    }
    Ok(pad(text, len, &spec))
}

/// Port of `_PyString_InsertThousandsGrouping`: groups `digits` by three
/// with `,` (or not at all), zero-padding the result to `min_width`.
fn group_digits(digits: &[char], mut min_width: i64, grouping: bool) -> String {
    let mut remaining = digits.len() as i64;
    let mut pieces: Vec<String> = Vec::new();
    let mut use_separator = false;
    let mut piece = |l: i64, remaining: i64, use_separator: bool| {
        let zeros = (l - remaining).max(0);
        let chars = remaining.min(l).max(0);
        let mut s: String = std::iter::repeat_n('0', zeros as usize).collect();
        s.extend(&digits[(remaining - chars) as usize..remaining as usize]);
        if use_separator {
            s.push(',');
        }
        pieces.push(s);
        chars
    };
    let mut loop_broken = false;
    if grouping {
        loop {
            let l = 3.min(remaining.max(min_width).max(1));
            remaining -= piece(l, remaining, use_separator);
            use_separator = true;
            min_width -= l;
            if remaining <= 0 && min_width <= 0 {
                loop_broken = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !loop_broken {
        let l = remaining.max(min_width).max(1);
        piece(l, remaining, use_separator);
    }
    pieces.reverse();
    pieces.concat()
}

/// The parts of a formatted number, laid out by [`render_number`].
struct NumberParts<'a> {
    negative: bool,
    prefix: &'a str,
    digits: &'a [char],
    has_decimal: bool,
    remainder: &'a str,
}

/// Port of `calc_number_widths` + `fill_number`:
/// `<lpad><sign><prefix><spad><grouped digits><.><remainder><rpad>`.
fn render_number(n: &NumberParts, spec: &Spec, grouping: bool) -> String {
    let sign = match spec.sign {
        Some('+') => Some(if n.negative { '-' } else { '+' }),
        Some(' ') => Some(if n.negative { '-' } else { ' ' }),
        _ => n.negative.then_some('-'),
    };
    let n_remainder = n.remainder.chars().count() as i64;
    let non_digits = sign.is_some() as i64
        + n.prefix.chars().count() as i64
        + n.has_decimal as i64
        + n_remainder;
    let min_width = if spec.fill == '0' && spec.align == '=' {
        spec.width - non_digits
    } else {
        0
    };
    let grouped = if n.digits.is_empty() {
        String::new()
    } else {
        group_digits(n.digits, min_width, grouping)
    };
    let padding = (spec.width - (non_digits + grouped.chars().count() as i64)).max(0) as usize;
    let (lpad, spad, rpad) = match spec.align {
        '<' => (0, 0, padding),
        '^' => (padding / 2, 0, padding - padding / 2),
        '=' => (0, padding, 0),
        _ => (padding, 0, 0),
    };
    let mut out = String::new();
    out.extend(std::iter::repeat_n(spec.fill, lpad));
    out.extend(sign);
    out.push_str(n.prefix);
    out.extend(std::iter::repeat_n(spec.fill, spad));
    out.push_str(&grouped);
    if n.has_decimal {
        out.push('.');
    }
    out.push_str(n.remainder);
    out.extend(std::iter::repeat_n(spec.fill, rpad));
    out
}

/// `format(x, spec)` for an int or bool whose spec is not empty.
fn format_int(x: i64, spec: &[char], type_name: &str) -> Result<String, FmtError> {
    let spec = parse_spec(spec, 'd', '>')?;
    match spec.ty {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => {}
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => return format_float_spec(x as f64, &spec),
        ty => return Err(unknown_code(ty, type_name)),
    }
    if spec.precision != -1 {
        return Err(value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.ty == 'c' {
        if spec.sign.is_some() {
            return Err(value_error(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if !(0..=255).contains(&x) {
            return Err(overflow_error("%c arg not in range(0x100)"));
        }
        let ch = char::from(x as u8).to_string();
        let parts = NumberParts {
            negative: false,
            prefix: "",
            digits: &[],
            has_decimal: false,
            remainder: &ch,
        };
        return Ok(render_number(&parts, &spec, false));
    }
    let (base, prefix) = match spec.ty {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = radix_digits(x.unsigned_abs(), base);
    if spec.ty == 'X' {
        digits.make_ascii_uppercase();
    }
    let digits: Vec<char> = digits.chars().collect();
    let parts = NumberParts {
        negative: x < 0,
        prefix: if spec.alt { prefix } else { "" },
        digits: &digits,
        has_decimal: false,
        remainder: "",
    };
    Ok(render_number(&parts, &spec, spec.thousands))
}

/// `format(x, spec)` for a float and an already parsed spec (`format_float_internal`).
fn format_float_spec(x: f64, spec: &Spec) -> Result<String, FmtError> {
    if spec.precision > i32::MAX as i64 {
        return Err(value_error("precision too big"));
    }
    if spec.alt {
        return Err(value_error(
            "Alternate form (#) not allowed in float format specifier",
        ));
    }
    let mut ty = spec.ty;
    let mut default_precision = 6;
    let mut add_dot_0 = false;
    if ty == '\0' {
        ty = 'g';
        default_precision = 12;
        add_dot_0 = true;
    }
    if ty == 'n' {
        ty = 'g';
    }
    let mut x = x;
    let mut add_pct = false;
    if ty == '%' {
        ty = 'f';
        x *= 100.0;
        add_pct = true;
    }
    let precision = if spec.precision < 0 {
        default_precision
    } else {
        spec.precision as usize
    };
    let mut text = double_to_string(x, ty, precision, false, add_dot_0, false);
    if add_pct {
        text.push('%');
    }
    let negative = text.starts_with('-');
    let body = if negative { &text[1..] } else { &text[..] };
    let n_digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let digits: Vec<char> = body[..n_digits].chars().collect();
    let has_decimal = body[n_digits..].starts_with('.');
    let remainder = &body[n_digits + has_decimal as usize..];
    let parts = NumberParts {
        negative,
        prefix: "",
        digits: &digits,
        has_decimal,
        remainder,
    };
    Ok(render_number(&parts, spec, spec.thousands))
}

/// `format(value, spec)` for a classified value.
fn format_item(item: &Item, spec: &[char]) -> Result<String, FmtError> {
    match item {
        Item::Str(s) => format_string(s, spec),
        Item::Int(i) if spec.is_empty() => Ok(i.to_string()),
        Item::Int(i) => format_int(*i, spec, "int"),
        Item::Bool(b) if spec.is_empty() => Ok(bool_str(*b).to_owned()),
        Item::Bool(b) => format_int(*b as i64, spec, "bool"),
        Item::Float(f) if spec.is_empty() => Ok(float_str(*f)),
        Item::Float(f) => {
            let spec = parse_spec(spec, '\0', '>')?;
            match spec.ty {
                '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%' => {
                    format_float_spec(*f, &spec)
                }
                ty => Err(unknown_code(ty, "float")),
            }
        }
    }
}

// ---------------------------------------------------------------------------
// str.format
// ---------------------------------------------------------------------------

/// Whether fields have been numbered automatically (`{}`) or manually (`{0}`).
#[derive(Clone, Copy, PartialEq)]
enum Numbering {
    Unset,
    Auto,
    Manual,
}

/// The arguments of a `str.format` call and its auto-numbering state.
struct FormatCall<'a, V> {
    positional: &'a [V],
    keyword: &'a [(String, V)],
    numbering: Numbering,
    next_auto: usize,
}

/// `str.format` field-name integer: `Ok(None)` unless every character is a digit.
fn field_integer(s: &[char]) -> Result<Option<i64>, FmtError> {
    if s.is_empty() {
        return Ok(None);
    }
    let mut acc: i64 = 0;
    for &c in s {
        let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) else {
            return Ok(None);
        };
        if acc > (i64::MAX - d as i64) / 10 {
            return Err(value_error("Too many decimal digits in format string"));
        }
        acc = acc * 10 + d as i64;
    }
    Ok(Some(acc))
}

impl<V: FormatValue> FormatCall<'_, V> {
    /// Port of `build_string`: expands one template (or nested format spec).
    fn build(&mut self, s: &[char], depth: i32) -> Result<String, V::Error> {
        if depth <= 0 {
            return Err(value_error("Max string recursion exceeded"));
        }
        let mut out = String::new();
        let mut pos = 0;
        while pos < s.len() {
            let start = pos;
            let mut c = '\0';
            let mut markup = false;
            while pos < s.len() {
                c = s[pos];
                pos += 1;
                if c == '{' || c == '}' {
                    markup = true;
                    break;
                }
            }
            let at_end = pos >= s.len();
            let mut len = pos - start;
            if c == '}' && (at_end || s[pos] != '}') {
                return Err(value_error("Single '}' encountered in format string"));
            }
            if at_end && c == '{' {
                return Err(value_error("Single '{' encountered in format string"));
            }
            if !at_end {
                if s[pos] == c {
                    pos += 1;
                    markup = false;
                } else {
                    len -= 1;
                }
            }
            out.extend(&s[start..start + len]);
            if !markup {
                continue;
            }

            let field_start = pos;
            let mut count = 1;
            let mut needs_expanding = false;
            let mut field_end = None;
            while pos < s.len() {
                let ch = s[pos];
                pos += 1;
                if ch == '{' {
                    needs_expanding = true;
                    count += 1;
                } else if ch == '}' {
                    count -= 1;
                    if count <= 0 {
                        field_end = Some(pos - 1);
                        break;
                    }
                }
            }
            let field_end = field_end.ok_or_else(|| value_error("unmatched '{' in format"))?;
            out.push_str(&self.markup(&s[field_start..field_end], needs_expanding, depth)?);
        }
        Ok(out)
    }

    /// Port of `parse_field` + `output_markup`: formats one replacement field.
    fn markup(
        &mut self,
        field: &[char],
        needs_expanding: bool,
        depth: i32,
    ) -> Result<String, V::Error> {
        // The field name ends at the first ':' or '!' (even inside brackets, as in 2.7).
        let split = field.iter().position(|&c| c == ':' || c == '!');
        let (name, mut spec) = match split {
            None => (field, &field[field.len()..]),
            Some(i) => (&field[..i], &field[i + 1..]),
        };
        let mut conversion = None;
        if split.is_some_and(|i| field[i] == '!') {
            let (&conv, rest) = spec.split_first().ok_or_else(|| {
                value_error::<FmtError>("end of format while looking for conversion specifier")
            })?;
            conversion = Some(conv);
            spec = rest;
            if let Some((&colon, rest)) = spec.split_first() {
                if colon != ':' {
                    return Err(value_error("expected ':' after format specifier"));
                }
                spec = rest;
            }
        }

        let value = self.field_value(name)?;
        let item = match conversion {
            None => item_of(&value)?,
            Some('r') => Item::Str(to_py_repr(&value)?),
            Some('s') => Item::Str(to_py_str(&value)?),
            Some(c) if (c as u32) > 32 && (c as u32) < 127 => {
                return Err(value_error(format!("Unknown conversion specifier {c}")))
            }
            Some(c) => {
                return Err(value_error(format!(
                    "Unknown conversion specifier \\x{:x}",
                    c as u32
                )))
            }
        };
        if needs_expanding {
            let expanded: Vec<char> = self.build(spec, depth - 1)?.chars().collect();
            Ok(format_item(&item, &expanded)?)
        } else {
            Ok(format_item(&item, spec)?)
        }
    }

    /// Port of `get_field_object`: resolves `name`, `0`, `0.attr`, `0[key]`, ...
    fn field_value(&mut self, field: &[char]) -> Result<V, V::Error> {
        let first_len = field
            .iter()
            .position(|&c| c == '.' || c == '[')
            .unwrap_or(field.len());
        let (first, rest) = field.split_at(first_len);
        let index = field_integer(first)?;
        let auto = first.is_empty();
        if auto || index.is_some() {
            if self.numbering == Numbering::Unset {
                self.numbering = if auto {
                    Numbering::Auto
                } else {
                    Numbering::Manual
                };
            }
            if self.numbering == Numbering::Manual && auto {
                return Err(value_error(
                    "cannot switch from manual field specification to automatic field numbering",
                ));
            }
            if self.numbering == Numbering::Auto && !auto {
                return Err(value_error(
                    "cannot switch from automatic field numbering to manual field specification",
                ));
            }
        }
        let mut obj = if auto || index.is_some() {
            let i = if auto {
                self.next_auto += 1;
                self.next_auto - 1
            } else {
                index.unwrap_or(0) as usize
            };
            self.positional.get(i).cloned().ok_or_else(|| {
                FmtError::new(FmtErrorKind::IndexError, "tuple index out of range")
            })?
        } else {
            let key: String = first.iter().collect();
            self.keyword
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| FmtError::new(FmtErrorKind::KeyError, str_repr(&key)))?
        };

        let mut pos = 0;
        while pos < rest.len() {
            let is_attr = rest[pos] == '.';
            if !is_attr && rest[pos] != '[' {
                return Err(value_error(
                    "Only '.' or '[' may follow ']' in format field specifier",
                ));
            }
            pos += 1;
            let name_start = pos;
            let name;
            if is_attr {
                while pos < rest.len() && rest[pos] != '.' && rest[pos] != '[' {
                    pos += 1;
                }
                name = &rest[name_start..pos];
            } else {
                let close = rest[pos..]
                    .iter()
                    .position(|&c| c == ']')
                    .ok_or_else(|| value_error("Missing ']' in format string"))?;
                name = &rest[name_start..pos + close];
                pos += close + 1;
            }
            let index = if is_attr { None } else { field_integer(name)? };
            if name.is_empty() {
                return Err(value_error("Empty attribute in format string"));
            }
            let text: String = name.iter().collect();
            obj = match (is_attr, index) {
                (true, _) => obj.get_attr(&text)?,
                (false, Some(i)) => obj.get_item_int(i)?,
                (false, None) => obj.get_item_str(&text)?,
            };
        }
        Ok(obj)
    }
}

/// `template.format(*positional, **keyword)`, Python 2.7's `str.format`.
pub fn str_format<V: FormatValue>(
    template: &str,
    positional: &[V],
    keyword: &[(String, V)],
) -> Result<String, V::Error> {
    let chars: Vec<char> = template.chars().collect();
    let mut call = FormatCall {
        positional,
        keyword,
        numbering: Numbering::Unset,
        next_auto: 0,
    };
    call.build(&chars, 2)
}

#[cfg(test)]
mod tests {
    //! The tables at the end (`percent_cases`, `format_cases`, `FLOATS`) were
    //! generated by a script that ran each call in CPython 2.7.18
    //! (`PYENV_VERSION=2.7.18 python2.7`) and recorded its result or its
    //! exception as `Type: message`; no expectation there is hand-written.

    use super::*;

    /// A small stand-in for interpreter values.
    #[derive(Clone, Debug)]
    enum TV {
        I(i64),
        F(f64),
        B(bool),
        S(&'static str),
        T(Vec<TV>),
        L(Vec<TV>),
        D(Vec<(TV, TV)>),
        N,
        /// An instance of a class `O` with these attributes.
        O(Vec<(&'static str, TV)>),
    }
    use TV::*;

    fn join_reprs(items: &[TV]) -> Result<String, FmtError> {
        let reprs: Result<Vec<String>, FmtError> = items.iter().map(TV::py_repr).collect();
        Ok(reprs?.join(", "))
    }

    fn no_getitem(v: &TV) -> FmtError {
        type_error(format!(
            "'{}' object has no attribute '__getitem__'",
            v.type_name()
        ))
    }

    impl FormatValue for TV {
        type Error = FmtError;
        fn as_num(&self) -> Option<Num> {
            match *self {
                I(i) => Some(Num::Int(i)),
                F(f) => Some(Num::Float(f)),
                B(b) => Some(Num::Bool(b)),
                _ => None,
            }
        }
        fn as_str(&self) -> Option<&str> {
            match self {
                S(s) => Some(s),
                _ => None,
            }
        }
        fn is_tuple(&self) -> Option<Vec<Self>> {
            match self {
                T(items) => Some(items.clone()),
                _ => None,
            }
        }
        fn is_mapping(&self) -> bool {
            matches!(self, D(_) | L(_))
        }
        fn py_str(&self) -> Result<String, FmtError> {
            Ok(match self {
                I(i) => i.to_string(),
                F(f) => float_str(*f),
                B(b) => bool_str(*b).to_owned(),
                S(s) => s.to_string(),
                T(items) if items.len() == 1 => format!("({},)", items[0].py_repr()?),
                T(items) => format!("({})", join_reprs(items)?),
                L(items) => format!("[{}]", join_reprs(items)?),
                D(pairs) => {
                    let mut parts = Vec::new();
                    for (k, v) in pairs {
                        parts.push(format!("{}: {}", k.py_repr()?, v.py_repr()?));
                    }
                    format!("{{{}}}", parts.join(", "))
                }
                N => "None".to_owned(),
                O(_) => "<O object>".to_owned(),
            })
        }
        fn py_repr(&self) -> Result<String, FmtError> {
            match self {
                S(s) => Ok(str_repr(s)),
                F(f) => Ok(float_repr(*f)),
                _ => self.py_str(),
            }
        }
        fn get_item_str(&self, key: &str) -> Result<Self, FmtError> {
            match self {
                D(pairs) => pairs
                    .iter()
                    .find(|(k, _)| matches!(k, S(s) if *s == key))
                    .map(|(_, v)| v.clone())
                    .ok_or_else(|| FmtError::new(FmtErrorKind::KeyError, str_repr(key))),
                L(_) | T(_) | S(_) => Err(type_error(format!(
                    "{} indices must be integers, not str",
                    if let S(_) = self {
                        "string".to_owned()
                    } else {
                        self.type_name()
                    }
                ))),
                _ => Err(no_getitem(self)),
            }
        }
        fn get_item_int(&self, index: i64) -> Result<Self, FmtError> {
            let pick = |items: &[TV], what: &str| {
                items.get(index as usize).cloned().ok_or_else(|| {
                    FmtError::new(
                        FmtErrorKind::IndexError,
                        format!("{what} index out of range"),
                    )
                })
            };
            match self {
                L(items) => pick(items, "list"),
                T(items) => pick(items, "tuple"),
                D(pairs) => pairs
                    .iter()
                    .find(|(k, _)| matches!(k, I(i) if *i == index))
                    .map(|(_, v)| v.clone())
                    .ok_or_else(|| FmtError::new(FmtErrorKind::KeyError, index)),
                S(s) => s
                    .chars()
                    .nth(index as usize)
                    .map(|c| S(Box::leak(c.to_string().into_boxed_str())))
                    .ok_or_else(|| {
                        FmtError::new(FmtErrorKind::IndexError, "string index out of range")
                    }),
                _ => Err(no_getitem(self)),
            }
        }
        fn get_attr(&self, name: &str) -> Result<Self, FmtError> {
            let missing = || {
                FmtError::new(
                    FmtErrorKind::AttributeError,
                    format!("'{}' object has no attribute '{name}'", self.type_name()),
                )
            };
            match self {
                O(attrs) => attrs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.clone())
                    .ok_or_else(missing),
                _ => Err(missing()),
            }
        }
        fn type_name(&self) -> String {
            match self {
                I(_) => "int",
                F(_) => "float",
                B(_) => "bool",
                S(_) => "str",
                T(_) => "tuple",
                L(_) => "list",
                D(_) => "dict",
                N => "NoneType",
                O(_) => "O",
            }
            .to_owned()
        }
    }

    /// One formatting call and what CPython 2.7 answered.
    struct Case {
        call: String,
        got: Result<String, String>,
        want: Result<&'static str, &'static str>,
    }

    impl Case {
        fn pct(template: &str, args: TV, want: Result<&'static str, &'static str>) -> Case {
            Case {
                call: format!("{template:?} % {args:?}"),
                got: percent_format(template, &args).map_err(|e| e.to_string()),
                want,
            }
        }

        fn fmt(
            template: &str,
            args: Vec<TV>,
            kwargs: Vec<(&str, TV)>,
            want: Result<&'static str, &'static str>,
        ) -> Case {
            let kwargs: Vec<(String, TV)> =
                kwargs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            Case {
                call: format!("{template:?}.format({args:?}, {kwargs:?})"),
                got: str_format(template, &args, &kwargs).map_err(|e| e.to_string()),
                want,
            }
        }
    }

    fn check_all(cases: Vec<Case>) {
        let total = cases.len();
        let failures: Vec<String> = cases
            .into_iter()
            .filter(|c| c.got.as_deref().map_err(String::as_str) != c.want)
            .map(|c| format!("{}\n    got  {:?}\n    want {:?}", c.call, c.got, c.want))
            .collect();
        assert!(
            failures.is_empty(),
            "{} of {total} cases differ from CPython 2.7:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn percent_operator_matches_cpython() {
        let cases = percent_cases();
        assert!(cases.len() >= 150);
        check_all(cases);
    }

    #[test]
    fn str_format_matches_cpython() {
        let cases = format_cases();
        assert!(cases.len() >= 150);
        check_all(cases);
    }

    #[test]
    fn floats_match_cpython() {
        let mut failures = Vec::new();
        for &(f, s, r, percents, specs) in FLOATS {
            let mut check = |call: String, got: Result<String, String>, want: &str| {
                if got.as_deref() != Ok(want) {
                    failures.push(format!("{call}: got {got:?}, want {want:?}"));
                }
            };
            check(format!("str({f:e})"), Ok(float_str(f)), s);
            check(format!("repr({f:e})"), Ok(float_repr(f)), r);
            for (p, want) in FLOAT_PERCENT_FORMATS.iter().zip(percents) {
                check(
                    format!("{p:?} % {f:e}"),
                    percent_format(p, &F(f)).map_err(|e| e.to_string()),
                    want,
                );
            }
            for (spec, want) in FLOAT_SPECS.iter().zip(specs) {
                let template = format!("{{:{spec}}}");
                check(
                    format!("format({f:e}, {spec:?})"),
                    str_format(&template, &[F(f)], &[]).map_err(|e| e.to_string()),
                    want,
                );
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn float_text_examples() {
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(0.1), "0.1");
        assert_eq!(float_repr(1.0), "1.0");
        assert_eq!(float_repr(1e-5), "1e-05");
        assert_eq!(float_repr(-0.0), "-0.0");
        assert_eq!(float_repr(f64::INFINITY), "inf");
        assert_eq!(float_repr(f64::NEG_INFINITY), "-inf");
        assert_eq!(float_repr(f64::NAN), "nan");
        assert_eq!(float_str(0.1 + 0.2), "0.3");
        assert_eq!(float_str(1e11), "1e+11");
        assert_eq!(float_str(1e10), "10000000000.0");
    }

    #[test]
    fn high_code_points_are_unicode_characters() {
        // CPython 2.7 yields the byte '\xc8' here; a Rust string holds U+00C8.
        assert_eq!(percent_format("%c", &I(200)).as_deref(), Ok("\u{c8}"));
        assert_eq!(str_format("{:c}", &[I(200)], &[]).as_deref(), Ok("\u{c8}"));
    }

    #[test]
    fn default_type_name_is_derived_from_the_other_methods() {
        /// The interpreter's own error type: formatting errors convert into it.
        #[derive(Debug, PartialEq)]
        enum Own {
            Fmt(String),
            Interp(&'static str),
        }
        impl From<FmtError> for Own {
            fn from(e: FmtError) -> Own {
                Own::Fmt(e.to_string())
            }
        }
        #[derive(Clone)]
        struct Plain(Option<Num>, Option<&'static str>);
        impl FormatValue for Plain {
            type Error = Own;
            fn as_num(&self) -> Option<Num> {
                self.0
            }
            fn as_str(&self) -> Option<&str> {
                self.1
            }
            fn is_tuple(&self) -> Option<Vec<Self>> {
                None
            }
            fn is_mapping(&self) -> bool {
                false
            }
            fn py_str(&self) -> Result<String, Own> {
                Err(Own::Interp("no str"))
            }
            fn py_repr(&self) -> Result<String, Own> {
                Ok("<plain>".to_owned())
            }
            fn get_item_str(&self, _: &str) -> Result<Self, Own> {
                Err(Own::Interp("no items"))
            }
            fn get_item_int(&self, _: i64) -> Result<Self, Own> {
                Err(Own::Interp("no items"))
            }
            fn get_attr(&self, _: &str) -> Result<Self, Own> {
                Err(Own::Interp("no attribute"))
            }
        }
        let object = Plain(None, None);
        assert_eq!(Plain(Some(Num::Float(1.0)), None).type_name(), "float");
        assert_eq!(Plain(None, Some("x")).type_name(), "str");
        assert_eq!(object.type_name(), "object");
        assert_eq!(
            percent_format("%d", &object),
            Err(Own::Fmt(
                "TypeError: %d format: a number is required, not object".to_owned()
            ))
        );
        // Errors from the value's own methods pass through unchanged.
        assert_eq!(percent_format("%s", &object), Err(Own::Interp("no str")));
        assert_eq!(percent_format("%r", &object).as_deref(), Ok("<plain>"));
        assert_eq!(
            str_format("{0.a}", std::slice::from_ref(&object), &[]),
            Err(Own::Interp("no attribute"))
        );
    }

    /// (template, args, expected) for the `%` operator, from CPython 2.7.18.
    #[allow(clippy::approx_constant)]
    fn percent_cases() -> Vec<Case> {
        vec![
            Case::pct("%s", S("abc"), Ok("abc")),
            Case::pct("%s", I(1), Ok("1")),
            Case::pct("%s", F(0.1), Ok("0.1")),
            Case::pct("%s", F(0.30000000000000004), Ok("0.3")),
            Case::pct("%r", F(0.30000000000000004), Ok("0.30000000000000004")),
            Case::pct("%s", B(true), Ok("True")),
            Case::pct("%r", S("a"), Ok("'a'")),
            Case::pct("%r", S("it's"), Ok("\"it's\"")),
            Case::pct("%s", N, Ok("None")),
            Case::pct("%s", L(vec![I(1), I(2)]), Ok("[1, 2]")),
            Case::pct("%s", T(vec![I(1)]), Ok("1")),
            Case::pct("%s", T(vec![T(vec![I(1), I(2)])]), Ok("(1, 2)")),
            Case::pct("%s %s", T(vec![I(1), I(2)]), Ok("1 2")),
            Case::pct("%s", T(vec![]), Err("TypeError: not enough arguments for format string")),
            Case::pct("%s %s", T(vec![I(1)]), Err("TypeError: not enough arguments for format string")),
            Case::pct("%s", T(vec![I(1), I(2)]), Err("TypeError: not all arguments converted during string formatting")),
            Case::pct("abc", I(5), Err("TypeError: not all arguments converted during string formatting")),
            Case::pct("abc", T(vec![]), Ok("abc")),
            Case::pct("abc", D(vec![]), Ok("abc")),
            Case::pct("hello", L(vec![I(1)]), Ok("hello")),
            Case::pct("%s", D(vec![(S("a"), I(1))]), Ok("{'a': 1}")),
            Case::pct("%(a)s", D(vec![(S("a"), I(1))]), Ok("1")),
            Case::pct("%(a)s %(b)d", D(vec![(S("a"), S("x")), (S("b"), I(2))]), Ok("x 2")),
            Case::pct("%(a)s %s", D(vec![(S("a"), I(1))]), Err("TypeError: not enough arguments for format string")),
            Case::pct("%s %(a)s", D(vec![(S("a"), I(1))]), Ok("{'a': 1} 1")),
            Case::pct("%(a)s", T(vec![I(1)]), Err("TypeError: format requires a mapping")),
            Case::pct("%(a)s", I(5), Err("TypeError: format requires a mapping")),
            Case::pct("%(a)", D(vec![]), Err("KeyError: 'a'")),
            Case::pct("%(a)s", D(vec![]), Err("KeyError: 'a'")),
            Case::pct("%(a", D(vec![]), Err("ValueError: incomplete format key")),
            Case::pct("%(a(b))s", D(vec![(S("a(b)"), I(1))]), Ok("1")),
            Case::pct("%(a)5.1f|", D(vec![(S("a"), F(3.14159))]), Ok("  3.1|")),
            Case::pct("%(a)*d", D(vec![(S("a"), I(3))]), Err("TypeError: not enough arguments for format string")),
            Case::pct("%(a)s", L(vec![I(1)]), Err("TypeError: list indices must be integers, not str")),
            Case::pct("%%", T(vec![]), Ok("%")),
            Case::pct("%%", I(5), Err("TypeError: not all arguments converted during string formatting")),
            Case::pct("%5%", T(vec![]), Ok("    %")),
            Case::pct("%-5%|", T(vec![]), Ok("%    |")),
            Case::pct("%%%s%%", I(1), Ok("%1%")),
            Case::pct("%", T(vec![]), Err("ValueError: incomplete format")),
            Case::pct("%5", I(1), Err("ValueError: incomplete format")),
            Case::pct("%l", I(1), Err("ValueError: incomplete format")),
            Case::pct("%ld", I(1), Ok("1")),
            Case::pct("%hd", I(2), Ok("2")),
            Case::pct("%-", I(1), Err("ValueError: incomplete format")),
            Case::pct("%.", I(1), Err("ValueError: incomplete format")),
            Case::pct("%y", I(1), Err("ValueError: unsupported format character 'y' (0x79) at index 1")),
            Case::pct("abc%y", I(1), Err("ValueError: unsupported format character 'y' (0x79) at index 4")),
            Case::pct("%5.2y", I(1), Err("ValueError: unsupported format character 'y' (0x79) at index 4")),
            Case::pct("%\n", I(1), Err("ValueError: unsupported format character '\n' (0xa) at index 1")),
            Case::pct("%\u{e9}", I(1), Err("ValueError: unsupported format character '?' (0xe9) at index 1")),
            Case::pct("%d", I(5), Ok("5")),
            Case::pct("%i", I(-5), Ok("-5")),
            Case::pct("%u", I(-5), Ok("-5")),
            Case::pct("%u", I(5), Ok("5")),
            Case::pct("%d", B(true), Ok("1")),
            Case::pct("%d", F(2.5), Ok("2")),
            Case::pct("%d", F(-2.5), Ok("-2")),
            Case::pct("%d", F(-0.0), Ok("0")),
            Case::pct("%d", F(1e+20), Ok("100000000000000000000")),
            Case::pct("%d", F(-1e+20), Ok("-100000000000000000000")),
            Case::pct("%d", I(9223372036854775807), Ok("9223372036854775807")),
            Case::pct("%d", I(-9223372036854775808), Ok("-9223372036854775808")),
            Case::pct("%x", I(-9223372036854775808), Ok("-8000000000000000")),
            Case::pct("%d", F(9.223372036854776e+18), Ok("9223372036854775808")),
            Case::pct("%d", F(-9.223372036854776e+18), Ok("-9223372036854775808")),
            Case::pct("%x", F(1e+300), Ok("17e43c8800759c00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")),
            Case::pct("%#o", F(1e+20), Ok("012657072742654304000000")),
            Case::pct("%o", F(1e+20), Ok("12657072742654304000000")),
            Case::pct("%#x", F(1e+20), Ok("0x56bc75e2d63100000")),
            Case::pct("%#X", F(1e+20), Ok("0X56BC75E2D63100000")),
            Case::pct("%#.30o", F(1e+20), Ok("000000012657072742654304000000")),
            Case::pct("%#.30x", F(1e+20), Ok("0x000000000000056bc75e2d63100000")),
            Case::pct("%.30d", F(-1e+20), Ok("-000000000100000000000000000000")),
            Case::pct("%.130d", I(5), Err("OverflowError: formatted integer is too long (precision too large?)")),
            Case::pct("%.116d", I(5), Ok("00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005")),
            Case::pct("%d", F(f64::NAN), Err("TypeError: %d format: a number is required, not float")),
            Case::pct("%d", F(f64::INFINITY), Err("TypeError: %d format: a number is required, not float")),
            Case::pct("%d", S("a"), Err("TypeError: %d format: a number is required, not str")),
            Case::pct("%i", S("a"), Err("TypeError: %d format: a number is required, not str")),
            Case::pct("%x", L(vec![I(1)]), Err("TypeError: %x format: a number is required, not list")),
            Case::pct("%d", N, Err("TypeError: %d format: a number is required, not NoneType")),
            Case::pct("%5d", I(42), Ok("   42")),
            Case::pct("%-5d|", I(42), Ok("42   |")),
            Case::pct("%05d", I(42), Ok("00042")),
            Case::pct("%05d", I(-42), Ok("-0042")),
            Case::pct("%+d", I(42), Ok("+42")),
            Case::pct("%+d", I(0), Ok("+0")),
            Case::pct("% d", I(42), Ok(" 42")),
            Case::pct("% d", I(-42), Ok("-42")),
            Case::pct("% 05d", I(5), Ok(" 0005")),
            Case::pct("%+05d", I(5), Ok("+0005")),
            Case::pct("%-05d|", I(5), Ok("5    |")),
            Case::pct("%0-5d|", I(5), Ok("5    |")),
            Case::pct("%.3d", I(5), Ok("005")),
            Case::pct("%5.3d", I(-5), Ok(" -005")),
            Case::pct("%.0d", I(0), Ok("")),
            Case::pct("%.0x", I(0), Ok("")),
            Case::pct("%#.0o", I(0), Ok("0")),
            Case::pct("%#.0x", I(0), Ok("0x")),
            Case::pct("%o", I(8), Ok("10")),
            Case::pct("%o", I(-8), Ok("-10")),
            Case::pct("%#o", I(8), Ok("010")),
            Case::pct("%#o", I(0), Ok("0")),
            Case::pct("%#o", I(-8), Ok("-010")),
            Case::pct("%#.5o", I(8), Ok("00010")),
            Case::pct("%x", I(255), Ok("ff")),
            Case::pct("%x", I(-255), Ok("-ff")),
            Case::pct("%X", I(255), Ok("FF")),
            Case::pct("%#x", I(255), Ok("0xff")),
            Case::pct("%#X", I(255), Ok("0XFF")),
            Case::pct("%#x", I(0), Ok("0x0")),
            Case::pct("%05x", I(255), Ok("000ff")),
            Case::pct("%#08x", I(-5), Ok("-0x00005")),
            Case::pct("%#8x", I(-5), Ok("    -0x5")),
            Case::pct("%-#8x|", I(-5), Ok("-0x5    |")),
            Case::pct("%#.3X", I(-255), Ok("-0X0FF")),
            Case::pct("%.3x", I(5), Ok("005")),
            Case::pct("%x", F(3.7), Ok("3")),
            Case::pct("%*d", T(vec![I(5), I(1)]), Ok("    1")),
            Case::pct("%-*d|", T(vec![I(5), I(1)]), Ok("1    |")),
            Case::pct("%*d|", T(vec![I(-5), I(1)]), Ok("1    |")),
            Case::pct("%.*f", T(vec![I(2), F(1.2345)]), Ok("1.23")),
            Case::pct("%*.*f", T(vec![I(8), I(2), F(1.2345)]), Ok("    1.23")),
            Case::pct("%.*d", T(vec![I(-3), I(2)]), Ok("2")),
            Case::pct("%*d", T(vec![F(1.5), I(2)]), Err("TypeError: * wants int")),
            Case::pct("%*d", T(vec![S("a"), I(2)]), Err("TypeError: * wants int")),
            Case::pct("%*d", T(vec![B(true), I(2)]), Ok("2")),
            Case::pct("%*s", T(vec![I(3)]), Err("TypeError: not enough arguments for format string")),
            Case::pct("%*", T(vec![I(3)]), Err("ValueError: incomplete format")),
            Case::pct("%f", F(1.5), Ok("1.500000")),
            Case::pct("%f", I(1), Ok("1.000000")),
            Case::pct("%f", B(true), Ok("1.000000")),
            Case::pct("%f", S("a"), Err("TypeError: float argument required, not str")),
            Case::pct("%e", N, Err("TypeError: float argument required, not NoneType")),
            Case::pct("%.2f", F(0.125), Ok("0.12")),
            Case::pct("%.2f", F(0.375), Ok("0.38")),
            Case::pct("%.0f", F(0.5), Ok("0")),
            Case::pct("%.0f", F(1.5), Ok("2")),
            Case::pct("%.0f", F(2.5), Ok("2")),
            Case::pct("%.1e", F(1.25), Ok("1.2e+00")),
            Case::pct("%.3f", F(-1.0005), Ok("-1.000")),
            Case::pct("%f", F(1e+60), Ok("999999999999999949387135297074018866963645011013410073083904.000000")),
            Case::pct("%.200f", F(0.1), Ok("0.10000000000000000555111512312578270211815834045410156250000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")),
            Case::pct("%f", F(1e+300), Ok("1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000")),
            Case::pct("%e", F(0.0), Ok("0.000000e+00")),
            Case::pct("%e", F(1e-310), Ok("1.000000e-310")),
            Case::pct("%.2e", F(1e+100), Ok("1.00e+100")),
            Case::pct("%E", F(1.5), Ok("1.500000E+00")),
            Case::pct("%F", F(1.5), Ok("1.500000")),
            Case::pct("%F", F(f64::INFINITY), Ok("INF")),
            Case::pct("%f", F(f64::NEG_INFINITY), Ok("-inf")),
            Case::pct("%f", F(f64::NAN), Ok("nan")),
            Case::pct("%05f", F(f64::INFINITY), Ok("00inf")),
            Case::pct("%+f", F(f64::NAN), Ok("+nan")),
            Case::pct("%010.3f", F(f64::NEG_INFINITY), Ok("-000000inf")),
            Case::pct("%g", F(0.0), Ok("0")),
            Case::pct("%g", F(1e-05), Ok("1e-05")),
            Case::pct("%g", F(0.0001), Ok("0.0001")),
            Case::pct("%g", I(123456), Ok("123456")),
            Case::pct("%g", I(1234567), Ok("1.23457e+06")),
            Case::pct("%G", F(1e-20), Ok("1E-20")),
            Case::pct("%G", F(1.5e-07), Ok("1.5E-07")),
            Case::pct("%.3g", F(0.0001234), Ok("0.000123")),
            Case::pct("%.0g", F(0.5), Ok("0.5")),
            Case::pct("%.0e", F(2.5), Ok("2e+00")),
            Case::pct("%#.3g", I(1), Ok("1.00")),
            Case::pct("%#g", F(1.0), Ok("1.00000")),
            Case::pct("%#.0e", F(1.0), Ok("1.e+00")),
            Case::pct("%#.0f", I(1), Ok("1.")),
            Case::pct("%#.0f", F(0.0), Ok("0.")),
            Case::pct("%10.4f|", F(3.14159), Ok("    3.1416|")),
            Case::pct("%-10.2e|", F(31415.9), Ok("3.14e+04  |")),
            Case::pct("%+010.3f", F(3.14159), Ok("+00003.142")),
            Case::pct("% f", I(1), Ok(" 1.000000")),
            Case::pct("%+.2e", F(-0.0), Ok("-0.00e+00")),
            Case::pct("%g", F(100000.0), Ok("100000")),
            Case::pct("%g", F(1000000.0), Ok("1e+06")),
            Case::pct("%.12g", F(0.1), Ok("0.1")),
            Case::pct("%.17g", F(0.1), Ok("0.10000000000000001")),
            Case::pct("%.20e", F(0.1), Ok("1.00000000000000005551e-01")),
            Case::pct("%g", F(1e+100), Ok("1e+100")),
            Case::pct("%.1f", F(0.05), Ok("0.1")),
            Case::pct("%.1f", F(0.15), Ok("0.1")),
            Case::pct("%.1f", F(0.25), Ok("0.2")),
            Case::pct("%.2f", F(2.675), Ok("2.67")),
            Case::pct("%5.1f%%", F(99.5), Ok(" 99.5%")),
            Case::pct("%c", I(65), Ok("A")),
            Case::pct("%c", S("b"), Ok("b")),
            Case::pct("%c", S("ab"), Err("TypeError: %c requires int or char")),
            Case::pct("%c", S(""), Err("TypeError: %c requires int or char")),
            Case::pct("%c", F(1.5), Err("TypeError: integer argument expected, got float")),
            Case::pct("%c", I(300), Err("OverflowError: unsigned byte integer is greater than maximum")),
            Case::pct("%c", I(-1), Err("OverflowError: unsigned byte integer is less than minimum")),
            Case::pct("%c", N, Err("TypeError: an integer is required")),
            Case::pct("%c", L(vec![I(1)]), Err("TypeError: an integer is required")),
            Case::pct("%c", B(true), Ok("\u{1}")),
            Case::pct("%c%c", T(vec![I(65), S("b")]), Ok("Ab")),
            Case::pct("%5c|", S("x"), Ok("    x|")),
            Case::pct("%-3c|", I(66), Ok("B  |")),
            Case::pct("%05c", S("x"), Ok("    x")),
            Case::pct("%c", S("\u{e9}"), Ok("\u{e9}")),
            Case::pct("%.3s", S("abcdef"), Ok("abc")),
            Case::pct("%-5s|", S("ab"), Ok("ab   |")),
            Case::pct("%05s", S("ab"), Ok("   ab")),
            Case::pct("%5r", S("ab"), Ok(" 'ab'")),
            Case::pct("%.1r", S("ab"), Ok("'")),
            Case::pct("%+s", I(5), Ok("5")),
            Case::pct("%.0s", S("abc"), Ok("")),
            Case::pct("%5s", S("\u{e9}"), Ok("    \u{e9}")),
            Case::pct("%s", S("\u{20ac}"), Ok("\u{20ac}")),
            Case::pct("%-4s|", S("\u{20ac}"), Ok("\u{20ac}   |")),
            Case::pct("%r", F(1e+16), Ok("1e+16")),
            Case::pct("%s", F(1e+16), Ok("1e+16")),
            Case::pct("%r", F(1.0), Ok("1.0")),
            Case::pct("%s", F(-0.0), Ok("-0.0")),
            Case::pct("%r", F(-0.0), Ok("-0.0")),
            Case::pct("%r", F(f64::NAN), Ok("nan")),
            Case::pct("%s", F(f64::NEG_INFINITY), Ok("-inf")),
            Case::pct("%r", F(1e-05), Ok("1e-05")),
            Case::pct("%r", F(123456789.12345679), Ok("123456789.12345679")),
            Case::pct("%r", F(5e-324), Ok("5e-324")),
            Case::pct("%r", F(1.7976931348623157e+308), Ok("1.7976931348623157e+308")),
            Case::pct("%s", F(1.7976931348623157e+308), Ok("1.79769313486e+308")),
            Case::pct("%s", F(5e-324), Ok("4.94065645841e-324")),
            Case::pct("%r", F(2e+16), Ok("2e+16")),
            Case::pct("%r", F(9007199254740992.0), Ok("9007199254740992.0")),
            Case::pct("%s", F(0.3333333333333333), Ok("0.333333333333")),
            Case::pct("%s", F(1234567.1), Ok("1234567.1")),
            Case::pct("%s", F(123456789012.5), Ok("1.23456789012e+11")),
            Case::pct("%s", F(100000000000.0), Ok("1e+11")),
            Case::pct("%s", F(10000000000.0), Ok("10000000000.0")),
            Case::pct("%r", F(1000000000000000.0), Ok("1000000000000000.0")),
            Case::pct("%s", F(0.0001), Ok("0.0001")),
            Case::pct("%s", F(1e-05), Ok("1e-05")),
            Case::pct("%r", L(vec![F(0.1), S("a")]), Ok("[0.1, 'a']")),
            Case::pct("%s and %r", T(vec![S("x"), S("y")]), Ok("x and 'y'")),
            Case::pct("%(x)s-%(x)r", D(vec![(S("x"), S("q"))]), Ok("q-'q'")),
            Case::pct("%(a)s", D(vec![(S("a"), T(vec![I(1), I(2)]))]), Ok("(1, 2)")),
        ]
    }

    /// (template, args, kwargs, expected) for `str.format`, from CPython 2.7.18.
    #[allow(clippy::approx_constant)]
    fn format_cases() -> Vec<Case> {
        vec![
            Case::fmt("{}", vec![I(1)], vec![], Ok("1")),
            Case::fmt("{} {}", vec![I(1), S("a")], vec![], Ok("1 a")),
            Case::fmt("{0} {1} {0}", vec![S("a"), S("b")], vec![], Ok("a b a")),
            Case::fmt("{}{}", vec![I(1)], vec![], Err("IndexError: tuple index out of range")),
            Case::fmt("{0}{}", vec![I(1), I(2)], vec![], Err("ValueError: cannot switch from manual field specification to automatic field numbering")),
            Case::fmt("{}{0}", vec![I(1), I(2)], vec![], Err("ValueError: cannot switch from automatic field numbering to manual field specification")),
            Case::fmt("{a}{}", vec![I(1)], vec![("a", I(2))], Ok("21")),
            Case::fmt("{a}", vec![], vec![("a", S("x"))], Ok("x")),
            Case::fmt("{a}", vec![], vec![], Err("KeyError: 'a'")),
            Case::fmt("{a'b}", vec![], vec![], Err("KeyError: \"a'b\"")),
            Case::fmt("{ 0}", vec![I(1)], vec![], Err("KeyError: ' 0'")),
            Case::fmt("{-1}", vec![I(1)], vec![], Err("KeyError: '-1'")),
            Case::fmt("{0]}", vec![I(1)], vec![], Err("KeyError: '0]'")),
            Case::fmt("{1}", vec![I(1)], vec![], Err("IndexError: tuple index out of range")),
            Case::fmt("{99999999999999999999}", vec![I(1)], vec![], Err("ValueError: Too many decimal digits in format string")),
            Case::fmt("{", vec![], vec![], Err("ValueError: Single '{' encountered in format string")),
            Case::fmt("}", vec![], vec![], Err("ValueError: Single '}' encountered in format string")),
            Case::fmt("a}b", vec![], vec![], Err("ValueError: Single '}' encountered in format string")),
            Case::fmt("{0", vec![I(1)], vec![], Err("ValueError: unmatched '{' in format")),
            Case::fmt("{0[0]x", vec![L(vec![I(5)])], vec![], Err("ValueError: unmatched '{' in format")),
            Case::fmt("{{}}{}", vec![I(1)], vec![], Ok("{}1")),
            Case::fmt("}}{{", vec![], vec![], Ok("}{")),
            Case::fmt("{:}}", vec![I(1)], vec![], Err("ValueError: Single '}' encountered in format string")),
            Case::fmt("{{{}}}", vec![I(7)], vec![], Ok("{7}")),
            Case::fmt("x{{y", vec![], vec![], Ok("x{y")),
            Case::fmt("{0!}", vec![I(1)], vec![], Err("ValueError: end of format while looking for conversion specifier")),
            Case::fmt("{!}", vec![I(1)], vec![], Err("ValueError: end of format while looking for conversion specifier")),
            Case::fmt("{0!x}", vec![I(1)], vec![], Err("ValueError: Unknown conversion specifier x")),
            Case::fmt("{0!rs}", vec![I(1)], vec![], Err("ValueError: expected ':' after format specifier")),
            Case::fmt("{!r}", vec![S("a")], vec![], Ok("'a'")),
            Case::fmt("{!r}", vec![F(0.30000000000000004)], vec![], Ok("0.30000000000000004")),
            Case::fmt("{!s}", vec![F(0.30000000000000004)], vec![], Ok("0.3")),
            Case::fmt("{!s:>5}", vec![F(1.5)], vec![], Ok("  1.5")),
            Case::fmt("{!r:d}", vec![I(1)], vec![], Err("ValueError: Unknown format code 'd' for object of type 'str'")),
            Case::fmt("{!r:>8}", vec![F(0.1)], vec![], Ok("     0.1")),
            Case::fmt("{0!r:}", vec![I(1)], vec![], Ok("1")),
            Case::fmt("{!r:^9}", vec![S("ab")], vec![], Ok("  'ab'   ")),
            Case::fmt("{0[}", vec![L(vec![I(1)])], vec![], Err("ValueError: Missing ']' in format string")),
            Case::fmt("{0.}", vec![I(1)], vec![], Err("ValueError: Empty attribute in format string")),
            Case::fmt("{0[]}", vec![I(1)], vec![], Err("ValueError: Empty attribute in format string")),
            Case::fmt("{0[0]x}", vec![L(vec![I(1)])], vec![], Err("ValueError: Only '.' or '[' may follow ']' in format field specifier")),
            Case::fmt("{0[a:b]}", vec![D(vec![(S("a"), I(1))])], vec![], Err("ValueError: Missing ']' in format string")),
            Case::fmt("{0.x}", vec![O(vec![("x", I(5))])], vec![], Ok("5")),
            Case::fmt("{0.y}", vec![O(vec![("x", I(5))])], vec![], Err("AttributeError: 'O' object has no attribute 'y'")),
            Case::fmt("{.x}", vec![O(vec![("x", I(5))])], vec![], Ok("5")),
            Case::fmt("{0.x.y}", vec![O(vec![("x", O(vec![("y", S("deep"))]))])], vec![], Ok("deep")),
            Case::fmt("{0.x[1]}", vec![O(vec![("x", L(vec![I(1), I(2)]))])], vec![], Ok("2")),
            Case::fmt("{0[1]}", vec![L(vec![I(1), I(2)])], vec![], Ok("2")),
            Case::fmt("{0[5]}", vec![L(vec![I(1), I(2)])], vec![], Err("IndexError: list index out of range")),
            Case::fmt("{0[a]}", vec![D(vec![(S("a"), I(1))])], vec![], Ok("1")),
            Case::fmt("{0[b]}", vec![D(vec![(S("a"), I(1))])], vec![], Err("KeyError: 'b'")),
            Case::fmt("{0[0]}", vec![D(vec![(I(0), I(1))])], vec![], Ok("1")),
            Case::fmt("{0[-1]}", vec![L(vec![I(1)])], vec![], Err("TypeError: list indices must be integers, not str")),
            Case::fmt("{[1]}", vec![S("ab")], vec![], Ok("b")),
            Case::fmt("{0[a][1]}", vec![D(vec![(S("a"), L(vec![I(5), I(6)]))])], vec![], Ok("6")),
            Case::fmt("{x[k]}", vec![], vec![("x", D(vec![(S("k"), S("v"))]))], Ok("v")),
            Case::fmt("{0[a b]}", vec![D(vec![(S("a b"), I(1))])], vec![], Ok("1")),
            Case::fmt("{:{:{}}}", vec![I(1), I(2), I(3)], vec![], Err("ValueError: Max string recursion exceeded")),
            Case::fmt("{0:{1}}", vec![S("a"), I(5)], vec![], Ok("a    ")),
            Case::fmt("{:{}}", vec![S("a"), I(5)], vec![], Ok("a    ")),
            Case::fmt("{:{}{}}", vec![S("a"), S(">"), I(5)], vec![], Ok("    a")),
            Case::fmt("{0:{a}}", vec![S("a")], vec![("a", I(3))], Ok("a  ")),
            Case::fmt("{:{}}{}", vec![S("a"), I(5), S("z")], vec![], Ok("a    z")),
            Case::fmt("{:>{w}.{p}f}", vec![F(3.14159)], vec![("w", I(8)), ("p", I(2))], Ok("    3.14")),
            Case::fmt("{0:{1}}", vec![F(1.5), S("")], vec![], Ok("1.5")),
            Case::fmt("{:d}", vec![I(5)], vec![], Ok("5")),
            Case::fmt("{:5}", vec![I(5)], vec![], Ok("    5")),
            Case::fmt("{:<5}|", vec![I(5)], vec![], Ok("5    |")),
            Case::fmt("{:^5}", vec![I(5)], vec![], Ok("  5  ")),
            Case::fmt("{:=5}", vec![I(-5)], vec![], Ok("-   5")),
            Case::fmt("{:05}", vec![I(-5)], vec![], Ok("-0005")),
            Case::fmt("{:+}", vec![I(5)], vec![], Ok("+5")),
            Case::fmt("{: }", vec![I(5)], vec![], Ok(" 5")),
            Case::fmt("{: }", vec![I(-5)], vec![], Ok("-5")),
            Case::fmt("{:-}", vec![I(5)], vec![], Ok("5")),
            Case::fmt("{:+d}", vec![I(0)], vec![], Ok("+0")),
            Case::fmt("{:=+8}", vec![I(5)], vec![], Ok("+      5")),
            Case::fmt("{:0=+5}", vec![I(1)], vec![], Ok("+0001")),
            Case::fmt("{:x<05}", vec![I(1)], vec![], Ok("1xxxx")),
            Case::fmt("{:<05}", vec![I(1)], vec![], Ok("10000")),
            Case::fmt("{:^05}", vec![I(-1)], vec![], Ok("0-100")),
            Case::fmt("{:=^5}", vec![I(1)], vec![], Ok("==1==")),
            Case::fmt("{:*^9}", vec![I(12)], vec![], Ok("***12****")),
            Case::fmt("{:b}", vec![I(5)], vec![], Ok("101")),
            Case::fmt("{:#b}", vec![I(-5)], vec![], Ok("-0b101")),
            Case::fmt("{:o}", vec![I(8)], vec![], Ok("10")),
            Case::fmt("{:#o}", vec![I(8)], vec![], Ok("0o10")),
            Case::fmt("{:x}", vec![I(255)], vec![], Ok("ff")),
            Case::fmt("{:#x}", vec![I(255)], vec![], Ok("0xff")),
            Case::fmt("{:#X}", vec![I(255)], vec![], Ok("0XFF")),
            Case::fmt("{:X}", vec![I(-255)], vec![], Ok("-FF")),
            Case::fmt("{:#010x}", vec![I(255)], vec![], Ok("0x000000ff")),
            Case::fmt("{:^#10x}", vec![I(255)], vec![], Ok("   0xff   ")),
            Case::fmt("{:#d}", vec![I(5)], vec![], Ok("5")),
            Case::fmt("{:n}", vec![I(1234567)], vec![], Ok("1234567")),
            Case::fmt("{:,}", vec![I(1234567)], vec![], Ok("1,234,567")),
            Case::fmt("{:,d}", vec![I(-1234567)], vec![], Ok("-1,234,567")),
            Case::fmt("{:,}", vec![I(123)], vec![], Ok("123")),
            Case::fmt("{:,}", vec![I(0)], vec![], Ok("0")),
            Case::fmt("{:010,}", vec![I(1234)], vec![], Ok("00,001,234")),
            Case::fmt("{:08,}", vec![I(1234)], vec![], Ok("0,001,234")),
            Case::fmt("{:06,}", vec![I(1234)], vec![], Ok("01,234")),
            Case::fmt("{:07,}", vec![I(-1234)], vec![], Ok("-01,234")),
            Case::fmt("{:012,}", vec![I(-1234567)], vec![], Ok("-001,234,567")),
            Case::fmt("{:>12,}", vec![I(1234567)], vec![], Ok("   1,234,567")),
            Case::fmt("{:c}", vec![I(65)], vec![], Ok("A")),
            Case::fmt("{:5c}", vec![I(65)], vec![], Ok("    A")),
            Case::fmt("{:<5c}|", vec![I(65)], vec![], Ok("A    |")),
            Case::fmt("{:05c}", vec![I(65)], vec![], Ok("0000A")),
            Case::fmt("{:#5c}", vec![I(65)], vec![], Ok("    A")),
            Case::fmt("{:+c}", vec![I(65)], vec![], Err("ValueError: Sign not allowed with integer format specifier 'c'")),
            Case::fmt("{:c}", vec![I(256)], vec![], Err("OverflowError: %c arg not in range(0x100)")),
            Case::fmt("{:c}", vec![I(-1)], vec![], Err("OverflowError: %c arg not in range(0x100)")),
            Case::fmt("{:,x}", vec![I(1)], vec![], Err("ValueError: Cannot specify ',' with 'x'.")),
            Case::fmt("{:,c}", vec![I(1)], vec![], Err("ValueError: Cannot specify ',' with 'c'.")),
            Case::fmt("{:,n}", vec![I(1)], vec![], Err("ValueError: Cannot specify ',' with 'n'.")),
            Case::fmt("{:.2d}", vec![I(1)], vec![], Err("ValueError: Precision not allowed in integer format specifier")),
            Case::fmt("{:s}", vec![I(1)], vec![], Err("ValueError: Unknown format code 's' for object of type 'int'")),
            Case::fmt("{:e}", vec![I(12345)], vec![], Ok("1.234500e+04")),
            Case::fmt("{:%}", vec![I(1)], vec![], Ok("100.000000%")),
            Case::fmt("{:5%}", vec![I(1)], vec![], Ok("100.000000%")),
            Case::fmt("{:.2f}", vec![I(7)], vec![], Ok("7.00")),
            Case::fmt("{:g}", vec![I(1000000000000000)], vec![], Ok("1e+15")),
            Case::fmt("{:,%}", vec![I(12345)], vec![], Ok("1,234,500.000000%")),
            Case::fmt("{:z}", vec![I(1)], vec![], Err("ValueError: Unknown format code 'z' for object of type 'int'")),
            Case::fmt("{:dd}", vec![I(1)], vec![], Err("ValueError: Invalid conversion specification")),
            Case::fmt("{:99999999999999999999}", vec![I(1)], vec![], Err("ValueError: Too many decimal digits in format string")),
            Case::fmt("{:.}", vec![F(1.0)], vec![], Err("ValueError: Format specifier missing precision")),
            Case::fmt("{:.x}", vec![I(1)], vec![], Err("ValueError: Format specifier missing precision")),
            Case::fmt("{}", vec![B(true)], vec![], Ok("True")),
            Case::fmt("{:5}", vec![B(true)], vec![], Ok("    1")),
            Case::fmt("{:d}", vec![B(true)], vec![], Ok("1")),
            Case::fmt("{:,}", vec![B(true)], vec![], Ok("1")),
            Case::fmt("{:.3f}", vec![B(true)], vec![], Ok("1.000")),
            Case::fmt("{:s}", vec![B(true)], vec![], Err("ValueError: Unknown format code 's' for object of type 'bool'")),
            Case::fmt("{:>6}", vec![B(false)], vec![], Ok("     0")),
            Case::fmt("{}", vec![F(0.30000000000000004)], vec![], Ok("0.3")),
            Case::fmt("{:}", vec![F(0.30000000000000004)], vec![], Ok("0.3")),
            Case::fmt("{:10}", vec![F(0.30000000000000004)], vec![], Ok("       0.3")),
            Case::fmt("{}", vec![F(1.5)], vec![], Ok("1.5")),
            Case::fmt("{}", vec![F(1e+16)], vec![], Ok("1e+16")),
            Case::fmt("{}", vec![F(100000000000.0)], vec![], Ok("1e+11")),
            Case::fmt("{}", vec![F(-0.0)], vec![], Ok("-0.0")),
            Case::fmt("{:.3}", vec![F(1234.0)], vec![], Ok("1.23e+03")),
            Case::fmt("{:.3}", vec![F(100.0)], vec![], Ok("1e+02")),
            Case::fmt("{:.3}", vec![F(1.0)], vec![], Ok("1.0")),
            Case::fmt("{:.0}", vec![F(1.5)], vec![], Ok("2e+00")),
            Case::fmt("{:.0}", vec![F(2.5)], vec![], Ok("2e+00")),
            Case::fmt("{:.15}", vec![F(0.1)], vec![], Ok("0.1")),
            Case::fmt("{:.17}", vec![F(0.1)], vec![], Ok("0.10000000000000001")),
            Case::fmt("{:f}", vec![F(1.5)], vec![], Ok("1.500000")),
            Case::fmt("{:.2f}", vec![F(-1.005)], vec![], Ok("-1.00")),
            Case::fmt("{:e}", vec![F(1.5)], vec![], Ok("1.500000e+00")),
            Case::fmt("{:E}", vec![F(1.5e-10)], vec![], Ok("1.500000E-10")),
            Case::fmt("{:g}", vec![F(1e+16)], vec![], Ok("1e+16")),
            Case::fmt("{:G}", vec![F(1e-10)], vec![], Ok("1E-10")),
            Case::fmt("{:n}", vec![F(1234567.0)], vec![], Ok("1.23457e+06")),
            Case::fmt("{:n}", vec![F(0.30000000000000004)], vec![], Ok("0.3")),
            Case::fmt("{:%}", vec![F(0.5)], vec![], Ok("50.000000%")),
            Case::fmt("{:.1%}", vec![F(0.125)], vec![], Ok("12.5%")),
            Case::fmt("{:.0%}", vec![F(0.005)], vec![], Ok("0%")),
            Case::fmt("{:,}", vec![F(1234567.891)], vec![], Ok("1,234,567.891")),
            Case::fmt("{:,.2f}", vec![F(-1234.5)], vec![], Ok("-1,234.50")),
            Case::fmt("{:,.0f}", vec![F(1234.5)], vec![], Ok("1,234")),
            Case::fmt("{:,}", vec![F(1.2345e-05)], vec![], Ok("1.2345e-05")),
            Case::fmt("{:,.3}", vec![F(1234567.0)], vec![], Ok("1.23e+06")),
            Case::fmt("{:0=12,.2f}", vec![F(-1234.5)], vec![], Ok("-0,001,234.50")),
            Case::fmt("{:x=12,.2f}", vec![F(-1234.5)], vec![], Ok("-xxx1,234.50")),
            Case::fmt("{:015,.3f}", vec![F(1234567.125)], vec![], Ok("001,234,567.125")),
            Case::fmt("{:+}", vec![F(1.5)], vec![], Ok("+1.5")),
            Case::fmt("{:+}", vec![F(f64::NAN)], vec![], Ok("+nan")),
            Case::fmt("{:08}", vec![F(f64::NEG_INFINITY)], vec![], Ok("-0000inf")),
            Case::fmt("{:E}", vec![F(f64::INFINITY)], vec![], Ok("INF")),
            Case::fmt("{:f}", vec![F(f64::NAN)], vec![], Ok("nan")),
            Case::fmt("{:<8}|", vec![F(f64::INFINITY)], vec![], Ok("inf     |")),
            Case::fmt("{:#f}", vec![F(1.0)], vec![], Err("ValueError: Alternate form (#) not allowed in float format specifier")),
            Case::fmt("{:d}", vec![F(1.5)], vec![], Err("ValueError: Unknown format code 'd' for object of type 'float'")),
            Case::fmt("{:x}", vec![F(1.5)], vec![], Err("ValueError: Unknown format code 'x' for object of type 'float'")),
            Case::fmt("{:c}", vec![F(1.5)], vec![], Err("ValueError: Unknown format code 'c' for object of type 'float'")),
            Case::fmt("{:f}", vec![F(1e+60)], vec![], Ok("999999999999999949387135297074018866963645011013410073083904.000000")),
            Case::fmt("{:.2e}", vec![F(0.0)], vec![], Ok("0.00e+00")),
            Case::fmt("{:10.3f}", vec![F(3.14159)], vec![], Ok("     3.142")),
            Case::fmt("{:<10.3f}|", vec![F(3.14159)], vec![], Ok("3.142     |")),
            Case::fmt("{:^10.3f}", vec![F(-3.14159)], vec![], Ok("  -3.142  ")),
            Case::fmt("{:=10.3f}", vec![F(-3.14159)], vec![], Ok("-    3.142")),
            Case::fmt("{:010.3f}", vec![F(-3.14159)], vec![], Ok("-00003.142")),
            Case::fmt("{:s}", vec![S("abc")], vec![], Ok("abc")),
            Case::fmt("{:5}", vec![S("abc")], vec![], Ok("abc  ")),
            Case::fmt("{:>5}", vec![S("abc")], vec![], Ok("  abc")),
            Case::fmt("{:^6}", vec![S("abc")], vec![], Ok(" abc  ")),
            Case::fmt("{:*^9}", vec![S("ab")], vec![], Ok("***ab****")),
            Case::fmt("{:.3s}", vec![S("abcdef")], vec![], Ok("abc")),
            Case::fmt("{:5.3}", vec![S("abcdef")], vec![], Ok("abc  ")),
            Case::fmt("{:.0}", vec![S("abc")], vec![], Ok("")),
            Case::fmt("{:05}", vec![S("abc")], vec![], Err("ValueError: '=' alignment not allowed in string format specifier")),
            Case::fmt("{:>05}", vec![S("a")], vec![], Ok("0000a")),
            Case::fmt("{:=5}", vec![S("a")], vec![], Err("ValueError: '=' alignment not allowed in string format specifier")),
            Case::fmt("{:+}", vec![S("a")], vec![], Err("ValueError: Sign not allowed in string format specifier")),
            Case::fmt("{:#}", vec![S("a")], vec![], Err("ValueError: Alternate form (#) not allowed in string format specifier")),
            Case::fmt("{:ss}", vec![S("a")], vec![], Err("ValueError: Invalid conversion specification")),
            Case::fmt("{:x}", vec![S("a")], vec![], Err("ValueError: Unknown format code 'x' for object of type 'str'")),
            Case::fmt("{:,}", vec![S("a")], vec![], Err("ValueError: Cannot specify ',' with 's'.")),
            Case::fmt("{:,s}", vec![S("a")], vec![], Err("ValueError: Cannot specify ',' with 's'.")),
            Case::fmt("{:%}", vec![S("a")], vec![], Err("ValueError: Unknown format code '%' for object of type 'str'")),
            Case::fmt("{:\u{0}<5}", vec![S("a")], vec![], Ok("a\u{0}\u{0}\u{0}\u{0}")),
            Case::fmt("{:\u{0}<05}", vec![I(1)], vec![], Ok("1\u{0}\u{0}\u{0}\u{0}")),
            Case::fmt("{:}", vec![S("x")], vec![], Ok("x")),
            Case::fmt("{:^5}", vec![S("\u{e9}")], vec![], Ok("  \u{e9}  ")),
            Case::fmt("{:.1}", vec![S("\u{20ac}\u{20ac}")], vec![], Ok("\u{20ac}")),
            Case::fmt("\u{20ac}{}", vec![I(1)], vec![], Ok("\u{20ac}1")),
            Case::fmt("{}", vec![N], vec![], Ok("None")),
            Case::fmt("{:>5}", vec![N], vec![], Ok(" None")),
            Case::fmt("{:d}", vec![N], vec![], Err("ValueError: Unknown format code 'd' for object of type 'str'")),
            Case::fmt("{}", vec![L(vec![I(1), S("a")])], vec![], Ok("[1, 'a']")),
            Case::fmt("{:>10}", vec![L(vec![I(1), I(2)])], vec![], Ok("    [1, 2]")),
            Case::fmt("{}", vec![T(vec![I(1), I(2)])], vec![], Ok("(1, 2)")),
            Case::fmt("{0}-{0!r}", vec![S("s")], vec![], Ok("s-'s'")),
            Case::fmt("{a}{b}{a}", vec![], vec![("a", I(1)), ("b", I(2))], Ok("121")),
            Case::fmt("{0}{a}{1}", vec![I(1), I(2)], vec![("a", I(3))], Ok("132")),
        ]
    }

    /// A float and how CPython 2.7 prints it: str, repr, FLOAT_PERCENT_FORMATS, FLOAT_SPECS.
    type FloatRow = (
        f64,
        &'static str,
        &'static str,
        [&'static str; 7],
        [&'static str; 7],
    );

    /// (value, str, repr, %-formats, format specs) from CPython 2.7.18.
    #[rustfmt::skip]
    const FLOATS: &[FloatRow] = &[
        (f64::from_bits(0x0000000000000000), "0.0", "0.0", ["0.000e+00", "0", "0", "0.0000000000", "0", "0.0000", "0.00000000000000000000e+00"], ["0.0", "0.0", "0.0", "0.00", "0.00000%", "0", "  0.000000000000e+00"]),
        (f64::from_bits(0x8000000000000000), "-0.0", "-0.0", ["-0.000e+00", "-0", "-0", "-0.0000000000", "-0", "-0.0000", "-0.00000000000000000000e+00"], ["-0.0", "-0.0", "-0.0", "-0.00", "-0.00000%", "-0", " -0.000000000000e+00"]),
        (f64::from_bits(0x3ff0000000000000), "1.0", "1.0", ["1.000e+00", "1", "1", "1.0000000000", "1", "1.0000", "1.00000000000000000000e+00"], ["1.0", "1.0", "1.0", "1.00", "100.00000%", "1", "  1.000000000000e+00"]),
        (f64::from_bits(0x3fb999999999999a), "0.1", "0.1", ["1.000e-01", "0.1", "0.1", "0.1000000000", "0", "0.10000", "1.00000000000000005551e-01"], ["0.1", "0.1", "0.1", "0.10", "10.00000%", "0.1", "  1.000000000000e-01"]),
        (f64::from_bits(0x3fe0000000000000), "0.5", "0.5", ["5.000e-01", "0.5", "0.5", "0.5000000000", "0", "0.50000", "5.00000000000000000000e-01"], ["0.5", "0.5", "0.5", "0.50", "50.00000%", "0.5", "  5.000000000000e-01"]),
        (f64::from_bits(0x3ff8000000000000), "1.5", "1.5", ["1.500e+00", "1.5", "1.5", "1.5000000000", "2", "1.5000", "1.50000000000000000000e+00"], ["1.5", "1.5", "1.5", "1.50", "150.00000%", "1.5", "  1.500000000000e+00"]),
        (f64::from_bits(0x4004000000000000), "2.5", "2.5", ["2.500e+00", "2.5", "2.5", "2.5000000000", "2", "2.5000", "2.50000000000000000000e+00"], ["2.5", "2.5", "2.5", "2.50", "250.00000%", "2.5", "  2.500000000000e+00"]),
        (f64::from_bits(0x3fd5555555555555), "0.333333333333", "0.3333333333333333", ["3.333e-01", "0.333333", "0.333333333333333", "0.3333333333", "0", "0.33333", "3.33333333333333314830e-01"], ["0.333333333333", "0.333", "0.333333333333", "0.33", "33.33333%", "0.333333", "  3.333333333333e-01"]),
        (f64::from_bits(0x3fe5555555555555), "0.666666666667", "0.6666666666666666", ["6.667e-01", "0.666667", "0.666666666666667", "0.6666666667", "1", "0.66667", "6.66666666666666629659e-01"], ["0.666666666667", "0.667", "0.666666666667", "0.67", "66.66667%", "0.666667", "  6.666666666667e-01"]),
        (f64::from_bits(0x4341c37937e08000), "1e+16", "1e+16", ["1.000e+16", "1e+16", "1e+16", "10000000000000000.0000000000", "10000000000000000", "1.0000e+16", "1.00000000000000000000e+16"], ["1e+16", "1e+16", "1e+16", "10,000,000,000,000,000.00", "1000000000000000000.00000%", "1e+16", "  1.000000000000e+16"]),
        (f64::from_bits(0x430c6bf526340000), "1e+15", "1000000000000000.0", ["1.000e+15", "1e+15", "1e+15", "1000000000000000.0000000000", "1000000000000000", "1.0000e+15", "1.00000000000000000000e+15"], ["1e+15", "1e+15", "1e+15", "1,000,000,000,000,000.00", "100000000000000000.00000%", "1e+15", "  1.000000000000e+15"]),
        (f64::from_bits(0x3f1a36e2eb1c432d), "0.0001", "0.0001", ["1.000e-04", "0.0001", "0.0001", "0.0001000000", "0", "0.00010000", "1.00000000000000004792e-04"], ["0.0001", "0.0001", "0.0001", "0.00", "0.01000%", "0.0001", "  1.000000000000e-04"]),
        (f64::from_bits(0x3ee4f8b588e368f1), "1e-05", "1e-05", ["1.000e-05", "1e-05", "1e-05", "0.0000100000", "0", "1.0000e-05", "1.00000000000000008180e-05"], ["1e-05", "1e-05", "1e-05", "0.00", "0.00100%", "1e-05", "  1.000000000000e-05"]),
        (f64::from_bits(0x40fe240c9fbe76c9), "123456.789", "123456.789", ["1.235e+05", "123457", "123456.789", "123456.7890000000", "123457", "1.2346e+05", "1.23456789000000004307e+05"], ["123456.789", "1.23e+05", "123,456.789", "123,456.79", "12345678.90000%", "123457", "  1.234567890000e+05"]),
        (f64::from_bits(0x54b249ad2594c37d), "1e+100", "1e+100", ["1.000e+100", "1e+100", "1e+100", "10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104.0000000000", "10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104", "1.0000e+100", "1.00000000000000001590e+100"], ["1e+100", "1e+100", "1e+100", "10,000,000,000,000,000,159,028,911,097,599,180,468,360,808,563,945,281,389,781,327,557,747,838,772,170,381,060,813,469,985,856,815,104.00", "999999999999999977049513265245336628446842719924150006129995974731993452180789911303261294481511546880.00000%", "1e+100", " 1.000000000000e+100"]),
        (f64::from_bits(0x2b2bff2ee48e0530), "1e-100", "1e-100", ["1.000e-100", "1e-100", "1e-100", "0.0000000000", "0", "1.0000e-100", "1.00000000000000001999e-100"], ["1e-100", "1e-100", "1e-100", "0.00", "0.00000%", "1e-100", " 1.000000000000e-100"]),
        (f64::from_bits(0x7e37e43c8800759c), "1e+300", "1e+300", ["1.000e+300", "1e+300", "1e+300", "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.0000000000", "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160", "1.0000e+300", "1.00000000000000005250e+300"], ["1e+300", "1e+300", "1e+300", "1,000,000,000,000,000,052,504,760,255,204,420,248,704,468,581,108,159,154,915,854,115,511,802,457,988,908,195,786,371,375,080,447,864,043,704,443,832,883,878,176,942,523,235,360,430,575,644,792,184,786,706,982,848,387,200,926,575,803,737,830,233,794,788,090,059,368,953,234,970,799,945,081,119,038,967,640,880,074,652,742,780,142,494,579,258,788,820,056,842,838,115,669,472,196,386,865,459,400,540,160.00", "100000000000000007629703079084894925347346855150656811701601734206211380288125794484142188964691784076639747577138548761372210387844799938291815611350519830750167649856488981626536368095414607314235151058373458986890825155659063617715863205282622390509284183439858617103083735673849899204570498157510656.00000%", "1e+300", " 1.000000000000e+300"]),
        (f64::from_bits(0x0000000000000001), "4.94065645841e-324", "5e-324", ["4.941e-324", "4.94066e-324", "4.94065645841247e-324", "0.0000000000", "0", "4.9407e-324", "4.94065645841246544177e-324"], ["4.94065645841e-324", "4.94e-324", "4.94065645841e-324", "0.00", "0.00000%", "4.94066e-324", " 4.940656458412e-324"]),
        (f64::from_bits(0x7fefffffffffffff), "1.79769313486e+308", "1.7976931348623157e+308", ["1.798e+308", "1.79769e+308", "1.79769313486232e+308", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.0000000000", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368", "1.7977e+308", "1.79769313486231570815e+308"], ["1.79769313486e+308", "1.8e+308", "1.79769313486e+308", "179,769,313,486,231,570,814,527,423,731,704,356,798,070,567,525,844,996,598,917,476,803,157,260,780,028,538,760,589,558,632,766,878,171,540,458,953,514,382,464,234,321,326,889,464,182,768,467,546,703,537,516,986,049,910,576,551,282,076,245,490,090,389,328,944,075,868,508,455,133,942,304,583,236,903,222,948,165,808,559,332,123,348,274,797,826,204,144,723,168,738,177,180,919,299,881,250,404,026,184,124,858,368.00", "inf%", "1.79769e+308", " 1.797693134862e+308"]),
        (f64::from_bits(0x4340000000000000), "9.00719925474e+15", "9007199254740992.0", ["9.007e+15", "9.0072e+15", "9.00719925474099e+15", "9007199254740992.0000000000", "9007199254740992", "9.0072e+15", "9.00719925474099200000e+15"], ["9.00719925474e+15", "9.01e+15", "9.00719925474e+15", "9,007,199,254,740,992.00", "900719925474099200.00000%", "9.0072e+15", "  9.007199254741e+15"]),
        (f64::from_bits(0x4340000000000001), "9.00719925474e+15", "9007199254740994.0", ["9.007e+15", "9.0072e+15", "9.00719925474099e+15", "9007199254740994.0000000000", "9007199254740994", "9.0072e+15", "9.00719925474099400000e+15"], ["9.00719925474e+15", "9.01e+15", "9.00719925474e+15", "9,007,199,254,740,994.00", "900719925474099456.00000%", "9.0072e+15", "  9.007199254741e+15"]),
        (f64::from_bits(0x426d1a94a1fff000), "1e+12", "999999999999.5", ["1.000e+12", "1e+12", "999999999999.5", "999999999999.5000000000", "1000000000000", "1.0000e+12", "9.99999999999500000000e+11"], ["1e+12", "1e+12", "1e+12", "999,999,999,999.50", "99999999999950.00000%", "1e+12", "  9.999999999995e+11"]),
        (f64::from_bits(0x42374876e7fff333), "99999999999.9", "99999999999.95", ["1.000e+11", "1e+11", "99999999999.95", "99999999999.9499969482", "100000000000", "1.0000e+11", "9.99999999999499969482e+10"], ["99999999999.9", "1e+11", "99,999,999,999.9", "99,999,999,999.95", "9999999999995.00000%", "1e+11", "  9.999999999995e+10"]),
        (f64::from_bits(0x3fd3333333333334), "0.3", "0.30000000000000004", ["3.000e-01", "0.3", "0.3", "0.3000000000", "0", "0.30000", "3.00000000000000044409e-01"], ["0.3", "0.3", "0.3", "0.30", "30.00000%", "0.3", "  3.000000000000e-01"]),
        (f64::from_bits(0x4480f0cf064dd592), "1e+22", "1e+22", ["1.000e+22", "1e+22", "1e+22", "10000000000000000000000.0000000000", "10000000000000000000000", "1.0000e+22", "1.00000000000000000000e+22"], ["1e+22", "1e+22", "1e+22", "10,000,000,000,000,000,000,000.00", "999999999999999983222784.00000%", "1e+22", "  1.000000000000e+22"]),
        (f64::from_bits(0x44b52d02c7e14af6), "1e+23", "1e+23", ["1.000e+23", "1e+23", "1e+23", "99999999999999991611392.0000000000", "99999999999999991611392", "1.0000e+23", "9.99999999999999916114e+22"], ["1e+23", "1e+23", "1e+23", "99,999,999,999,999,991,611,392.00", "9999999999999998758486016.00000%", "1e+23", "  1.000000000000e+23"]),
        (f64::from_bits(0x3e951535e4d57213), "3.14159e-07", "3.14159e-07", ["3.142e-07", "3.14159e-07", "3.14159e-07", "0.0000003142", "0", "3.1416e-07", "3.14158999999999974443e-07"], ["3.14159e-07", "3.14e-07", "3.14159e-07", "0.00", "0.00003%", "3.14159e-07", "  3.141590000000e-07"]),
        (f64::from_bits(0x603235a1e58e1b1c), "2.4414949992e+155", "2.441494999204605e+155", ["2.441e+155", "2.44149e+155", "2.44149499920461e+155", "244149499920460519567560043961544709083800413768648357596729952365952968418949841617147144845852660944930099161831563229734475972750822551315191958526230528.0000000000", "244149499920460519567560043961544709083800413768648357596729952365952968418949841617147144845852660944930099161831563229734475972750822551315191958526230528", "2.4415e+155", "2.44149499920460519568e+155"], ["2.4414949992e+155", "2.44e+155", "2.4414949992e+155", "244,149,499,920,460,519,567,560,043,961,544,709,083,800,413,768,648,357,596,729,952,365,952,968,418,949,841,617,147,144,845,852,660,944,930,099,161,831,563,229,734,475,972,750,822,551,315,191,958,526,230,528.00", "24414949992046052718901646563144761773027802556837078374076838660660519219618851257752736657379606944177117109418500844415569453087246047965497633178864582656.00000%", "2.44149e+155", " 2.441494999205e+155"]),
        (f64::from_bits(0x6762b34f4e26ea8e), "1.04149897661e+190", "1.0414989766097382e+190", ["1.041e+190", "1.0415e+190", "1.04149897660974e+190", "10414989766097382083138593786850918415513540780352232004117601753401139979160674620497059778254185473055128376847461459083928908252267857637248366676713168896251488546705755195645616669589504.0000000000", "10414989766097382083138593786850918415513540780352232004117601753401139979160674620497059778254185473055128376847461459083928908252267857637248366676713168896251488546705755195645616669589504", "1.0415e+190", "1.04149897660973820831e+190"], ["1.04149897661e+190", "1.04e+190", "1.04149897661e+190", "10,414,989,766,097,382,083,138,593,786,850,918,415,513,540,780,352,232,004,117,601,753,401,139,979,160,674,620,497,059,778,254,185,473,055,128,376,847,461,459,083,928,908,252,267,857,637,248,366,676,713,168,896,251,488,546,705,755,195,645,616,669,589,504.00", "1041498976609738224143005072963782021423515423292643362660166517817671752416103051995128384643458046205762505604301025242643862090259703482212198863303394327548102781191738266227395084475695104.00000%", "1.0415e+190", " 1.041498976610e+190"]),
        (f64::from_bits(0x8661abe05b1b90b4), "-6.23052689872e-278", "-6.230526898715033e-278", ["-6.231e-278", "-6.23053e-278", "-6.23052689871503e-278", "-0.0000000000", "-0", "-6.2305e-278", "-6.23052689871503333296e-278"], ["-6.23052689872e-278", "-6.23e-278", "-6.23052689872e-278", "-0.00", "-0.00000%", "-6.23053e-278", "-6.230526898715e-278"]),
        (f64::from_bits(0x6861072c1e753a93), "6.2151452944e+194", "6.215145294404808e+194", ["6.215e+194", "6.21515e+194", "6.21514529440481e+194", "621514529440480778590311641661951480667850510627825238772850352525567293571766776577045742632004567343240114608206866765591777286372388528605692903928162097035917501028355355791085789812159938560.0000000000", "621514529440480778590311641661951480667850510627825238772850352525567293571766776577045742632004567343240114608206866765591777286372388528605692903928162097035917501028355355791085789812159938560", "6.2151e+194", "6.21514529440480778590e+194"], ["6.2151452944e+194", "6.22e+194", "6.2151452944e+194", "621,514,529,440,480,778,590,311,641,661,951,480,667,850,510,627,825,238,772,850,352,525,567,293,571,766,776,577,045,742,632,004,567,343,240,114,608,206,866,765,591,777,286,372,388,528,605,692,903,928,162,097,035,917,501,028,355,355,791,085,789,812,159,938,560.00", "62151452944048080452478394716815747137039965869758243260063930404079791854462508714362581396268048234140917052760558106682856860700232091857538712525175777132888521424062839992347206107159446159360.00000%", "6.21515e+194", " 6.215145294405e+194"]),
        (f64::from_bits(0x97da1b729ffe1d99), "-8.94094437889e-194", "-8.94094437889084e-194", ["-8.941e-194", "-8.94094e-194", "-8.94094437889084e-194", "-0.0000000000", "-0", "-8.9409e-194", "-8.94094437889083956823e-194"], ["-8.94094437889e-194", "-8.94e-194", "-8.94094437889e-194", "-0.00", "-0.00000%", "-8.94094e-194", "-8.940944378891e-194"]),
        (f64::from_bits(0x8698e95fb8d058ea), "-7.02661103635e-277", "-7.026611036348231e-277", ["-7.027e-277", "-7.02661e-277", "-7.02661103634823e-277", "-0.0000000000", "-0", "-7.0266e-277", "-7.02661103634823114000e-277"], ["-7.02661103635e-277", "-7.03e-277", "-7.02661103635e-277", "-0.00", "-0.00000%", "-7.02661e-277", "-7.026611036348e-277"]),
        (f64::from_bits(0x34ba5acef0867ff7), "1.07482858205e-54", "1.0748285820495111e-54", ["1.075e-54", "1.07483e-54", "1.07482858204951e-54", "0.0000000000", "0", "1.0748e-54", "1.07482858204951110287e-54"], ["1.07482858205e-54", "1.07e-54", "1.07482858205e-54", "0.00", "0.00000%", "1.07483e-54", "  1.074828582050e-54"]),
        (f64::from_bits(0xcaceb86f95b686c5), "-2.29877718253e+52", "-2.2987771825314225e+52", ["-2.299e+52", "-2.29878e+52", "-2.29877718253142e+52", "-22987771825314224621333511528979823647736697049841664.0000000000", "-22987771825314224621333511528979823647736697049841664", "-2.2988e+52", "-2.29877718253142246213e+52"], ["-2.29877718253e+52", "-2.3e+52", "-2.29877718253e+52", "-22,987,771,825,314,224,621,333,511,528,979,823,647,736,697,049,841,664.00", "-2298777182531422494034823051735963314465039151712436224.00000%", "-2.29878e+52", " -2.298777182531e+52"]),
        (f64::from_bits(0x8c21aecb511609d7), "-3.08719738675e-250", "-3.087197386747746e-250", ["-3.087e-250", "-3.0872e-250", "-3.08719738674775e-250", "-0.0000000000", "-0", "-3.0872e-250", "-3.08719738674774619476e-250"], ["-3.08719738675e-250", "-3.09e-250", "-3.08719738675e-250", "-0.00", "-0.00000%", "-3.0872e-250", "-3.087197386748e-250"]),
        (f64::from_bits(0x7a0071a93b4ed972), "4.66394214108e+279", "4.663942141080057e+279", ["4.664e+279", "4.66394e+279", "4.66394214108006e+279", "4663942141080056666704874492142190000085736940215824273132210247975421917841840024661255987886713482959197401633822886822631713734858422896504693161034294451972387796221119221685374196077846713693287982100813757281290899804681362417239747059119818878580846785652127688616807759872.0000000000", "4663942141080056666704874492142190000085736940215824273132210247975421917841840024661255987886713482959197401633822886822631713734858422896504693161034294451972387796221119221685374196077846713693287982100813757281290899804681362417239747059119818878580846785652127688616807759872", "4.6639e+279", "4.66394214108005666670e+279"], ["4.66394214108e+279", "4.66e+279", "4.66394214108e+279", "4,663,942,141,080,056,666,704,874,492,142,190,000,085,736,940,215,824,273,132,210,247,975,421,917,841,840,024,661,255,987,886,713,482,959,197,401,633,822,886,822,631,713,734,858,422,896,504,693,161,034,294,451,972,387,796,221,119,221,685,374,196,077,846,713,693,287,982,100,813,757,281,290,899,804,681,362,417,239,747,059,119,818,878,580,846,785,652,127,688,616,807,759,872.00", "466394214108005658609352635742764435306123362653836356163817246170199630017205410140168833701927276725832217463535061285498111051569205954165429650840283430021778292821886444440469121283122132173596411790000182902441942333202688180383210961533903597477272624624836845864571082113024.00000%", "4.66394e+279", " 4.663942141080e+279"]),
        (f64::from_bits(0x5f8543633822dce7), "1.39205732533e+152", "1.3920573253274706e+152", ["1.392e+152", "1.39206e+152", "1.39205732532747e+152", "139205732532747062857653480287251555828712214223178259243107123486620786672976900042240177227080182697229593248717771262778322793992133755924574902419456.0000000000", "139205732532747062857653480287251555828712214223178259243107123486620786672976900042240177227080182697229593248717771262778322793992133755924574902419456", "1.3921e+152", "1.39205732532747062858e+152"], ["1.39205732533e+152", "1.39e+152", "1.39205732533e+152", "139,205,732,532,747,062,857,653,480,287,251,555,828,712,214,223,178,259,243,107,123,486,620,786,672,976,900,042,240,177,227,080,182,697,229,593,248,717,771,262,778,322,793,992,133,755,924,574,902,419,456.00", "13920573253274704890234997381159925728169510277349119965319299829011402926836507577396584544984005483436141954445731249613790795368151743206022363301806080.00000%", "1.39206e+152", " 1.392057325327e+152"]),
        (f64::from_bits(0xd264cddd432a8933), "-8.27711272938e+88", "-8.27711272937829e+88", ["-8.277e+88", "-8.27711e+88", "-8.27711272937829e+88", "-82771127293782906889532117209975668530403379715097547907366417657130518710792394201104384.0000000000", "-82771127293782906889532117209975668530403379715097547907366417657130518710792394201104384", "-8.2771e+88", "-8.27711272937829068895e+88"], ["-8.27711272938e+88", "-8.28e+88", "-8.27711272938e+88", "-82,771,127,293,782,906,889,532,117,209,975,668,530,403,379,715,097,547,907,366,417,657,130,518,710,792,394,201,104,384.00", "-8277112729378290971648742085539059586367938090376717323134065265812085170536231626929602560.00000%", "-8.27711e+88", " -8.277112729378e+88"]),
        (f64::from_bits(0xb8d96afd054b7eef), "-7.64892806045e-35", "-7.648928060448913e-35", ["-7.649e-35", "-7.64893e-35", "-7.64892806044891e-35", "-0.0000000000", "-0", "-7.6489e-35", "-7.64892806044891266938e-35"], ["-7.64892806045e-35", "-7.65e-35", "-7.64892806045e-35", "-0.00", "-0.00000%", "-7.64893e-35", " -7.648928060449e-35"]),
        (f64::from_bits(0x7b994e16150e5651), "2.40825595035e+287", "2.408255950349256e+287", ["2.408e+287", "2.40826e+287", "2.40825595034926e+287", "240825595034925586108683597167784686556665062549774008044884866785090400492078219658524471642466378860725611149817428264964377235805289193102087830797309614078244985473041139234078533555513076915219465359782343466468611627572806537580019810222665285669801969549717588190411490846790647808.0000000000", "240825595034925586108683597167784686556665062549774008044884866785090400492078219658524471642466378860725611149817428264964377235805289193102087830797309614078244985473041139234078533555513076915219465359782343466468611627572806537580019810222665285669801969549717588190411490846790647808", "2.4083e+287", "2.40825595034925586109e+287"], ["2.40825595035e+287", "2.41e+287", "2.40825595035e+287", "240,825,595,034,925,586,108,683,597,167,784,686,556,665,062,549,774,008,044,884,866,785,090,400,492,078,219,658,524,471,642,466,378,860,725,611,149,817,428,264,964,377,235,805,289,193,102,087,830,797,309,614,078,244,985,473,041,139,234,078,533,555,513,076,915,219,465,359,782,343,466,468,611,627,572,806,537,580,019,810,222,665,285,669,801,969,549,717,588,190,411,490,846,790,647,808.00", "24082559503492557393677759980205741059875641807323139385064247491285053066386348368395775673552561657015203549819581917166631659116104443165280005985543483582582692168691328726484933421843593766764529809491714160479028542238702570600944794522668282283313742195719716987144258696290716614656.00000%", "2.40826e+287", " 2.408255950349e+287"]),
        (f64::from_bits(0xd2380b6a8c10562b), "-1.19579355699e+88", "-1.1957935569867676e+88", ["-1.196e+88", "-1.19579e+88", "-1.19579355698677e+88", "-11957935569867676220064165113682069414763807742336922418314667187907200089421141357101056.0000000000", "-11957935569867676220064165113682069414763807742336922418314667187907200089421141357101056", "-1.1958e+88", "-1.19579355698676762201e+88"], ["-1.19579355699e+88", "-1.2e+88", "-1.19579355699e+88", "-11,957,935,569,867,676,220,064,165,113,682,069,414,763,807,742,336,922,418,314,667,187,907,200,089,421,141,357,101,056.00", "-1195793556986767713882463879844192079807850812865455064860629356322905831265636602926333952.00000%", "-1.19579e+88", " -1.195793556987e+88"]),
        (f64::from_bits(0x0fcb44b3fcba4843), "1.37218466256e-232", "1.3721846625640267e-232", ["1.372e-232", "1.37218e-232", "1.37218466256403e-232", "0.0000000000", "0", "1.3722e-232", "1.37218466256402667400e-232"], ["1.37218466256e-232", "1.37e-232", "1.37218466256e-232", "0.00", "0.00000%", "1.37218e-232", " 1.372184662564e-232"]),
        (f64::from_bits(0x0337f2143e4f1740), "3.74930130859e-293", "3.749301308590527e-293", ["3.749e-293", "3.7493e-293", "3.74930130859053e-293", "0.0000000000", "0", "3.7493e-293", "3.74930130859052712983e-293"], ["3.74930130859e-293", "3.75e-293", "3.74930130859e-293", "0.00", "0.00000%", "3.7493e-293", " 3.749301308591e-293"]),
        (f64::from_bits(0x5004857e61f3a5b5), "2.97027836547e+77", "2.9702783654702176e+77", ["2.970e+77", "2.97028e+77", "2.97027836547022e+77", "297027836547021760069927860077264243545730451362375404725983117125005176995840.0000000000", "297027836547021760069927860077264243545730451362375404725983117125005176995840", "2.9703e+77", "2.97027836547021760070e+77"], ["2.97027836547e+77", "2.97e+77", "2.97027836547e+77", "297,027,836,547,021,760,069,927,860,077,264,243,545,730,451,362,375,404,725,983,117,125,005,176,995,840.00", "29702783654702173333047880360766605852748123480542969875652530057933239758094336.00000%", "2.97028e+77", "  2.970278365470e+77"]),
        (f64::from_bits(0x426b3d8cc6487799), "9.35974023748e+11", "935974023747.7374", ["9.360e+11", "9.35974e+11", "935974023747.737", "935974023747.7374267578", "935974023748", "9.3597e+11", "9.35974023747737426758e+11"], ["9.35974023748e+11", "9.36e+11", "9.35974023748e+11", "935,974,023,747.74", "93597402374773.75000%", "9.35974e+11", "  9.359740237477e+11"]),
        (f64::from_bits(0x5679b215bdf4cb40), "3.77170717056e+108", "3.7717071705628334e+108", ["3.772e+108", "3.77171e+108", "3.77170717056283e+108", "3771707170562833369240347266784446613388660433353540927061233952616977305143587889380874372769576652378210304.0000000000", "3771707170562833369240347266784446613388660433353540927061233952616977305143587889380874372769576652378210304", "3.7717e+108", "3.77170717056283336924e+108"], ["3.77170717056e+108", "3.77e+108", "3.77170717056e+108", "3,771,707,170,562,833,369,240,347,266,784,446,613,388,660,433,353,540,927,061,233,952,616,977,305,143,587,889,380,874,372,769,576,652,378,210,304.00", "377170717056283336924034726678444661338866043335354092706123395261697730514358788938087437276957665237821030400.00000%", "3.77171e+108", " 3.771707170563e+108"]),
        (f64::from_bits(0x35e5e9a10f422b96), "4.68538087488e-49", "4.685380874883408e-49", ["4.685e-49", "4.68538e-49", "4.68538087488341e-49", "0.0000000000", "0", "4.6854e-49", "4.68538087488340808842e-49"], ["4.68538087488e-49", "4.69e-49", "4.68538087488e-49", "0.00", "0.00000%", "4.68538e-49", "  4.685380874883e-49"]),
        (f64::from_bits(0x6409a0be3336e39f), "7.92319918202e+173", "7.923199182017435e+173", ["7.923e+173", "7.9232e+173", "7.92319918201744e+173", "792319918201743524599005732535438979652007200946186934915904866160814345332805005319722572524226268358384508631075260945187994478574260129104453705592477533082419813408571392.0000000000", "792319918201743524599005732535438979652007200946186934915904866160814345332805005319722572524226268358384508631075260945187994478574260129104453705592477533082419813408571392", "7.9232e+173", "7.92319918201743524599e+173"], ["7.92319918202e+173", "7.92e+173", "7.92319918202e+173", "792,319,918,201,743,524,599,005,732,535,438,979,652,007,200,946,186,934,915,904,866,160,814,345,332,805,005,319,722,572,524,226,268,358,384,508,631,075,260,945,187,994,478,574,260,129,104,453,705,592,477,533,082,419,813,408,571,392.00", "79231991820174349384471221515030745653309162106154532154883472151880611124560870816848911090272715484931731846775885464690051944474001612279794746686191325275077306921311535104.00000%", "7.9232e+173", " 7.923199182017e+173"]),
        (f64::from_bits(0xd22c55f70f49279a), "-7.04602615018e+87", "-7.046026150182277e+87", ["-7.046e+87", "-7.04603e+87", "-7.04602615018228e+87", "-7046026150182276925411561556265862096752886350563846844389327661305472434078793280258048.0000000000", "-7046026150182276925411561556265862096752886350563846844389327661305472434078793280258048", "-7.0460e+87", "-7.04602615018227692541e+87"], ["-7.04602615018e+87", "-7.05e+87", "-7.04602615018e+87", "-7,046,026,150,182,276,925,411,561,556,265,862,096,752,886,350,563,846,844,389,327,661,305,472,434,078,793,280,258,048.00", "-704602615018227657204214860058899618009338620198014367889254828618168080975755302173409280.00000%", "-7.04603e+87", " -7.046026150182e+87"]),
        (f64::from_bits(0xf2f5f9331da21c2d), "-6.00142601496e+245", "-6.001426014961312e+245", ["-6.001e+245", "-6.00143e+245", "-6.00142601496131e+245", "-600142601496131192364427618475811779323824947454883947990894862566623996036364920149255124479603827365208995608750155538993986038269887643364339376111138434048506512675824974935669149025809308160038036814573694467671709711943778864514527112724480.0000000000", "-600142601496131192364427618475811779323824947454883947990894862566623996036364920149255124479603827365208995608750155538993986038269887643364339376111138434048506512675824974935669149025809308160038036814573694467671709711943778864514527112724480", "-6.0014e+245", "-6.00142601496131192364e+245"], ["-6.00142601496e+245", "-6e+245", "-6.00142601496e+245", "-600,142,601,496,131,192,364,427,618,475,811,779,323,824,947,454,883,947,990,894,862,566,623,996,036,364,920,149,255,124,479,603,827,365,208,995,608,750,155,538,993,986,038,269,887,643,364,339,376,111,138,434,048,506,512,675,824,974,935,669,149,025,809,308,160,038,036,814,573,694,467,671,709,711,943,778,864,514,527,112,724,480.00", "-60014260149613117295795146471695008996158134167360200727981964860791635679821444482361821589989274822922888525066918115789735232413147256621958882467595854099491557466106073487998194876518548878172196641959313415188421979048791947835394144002375680.00000%", "-6.00143e+245", "-6.001426014961e+245"]),
        (f64::from_bits(0x3a9589e6bc182f77), "1.73988047072e-26", "1.73988047072314e-26", ["1.740e-26", "1.73988e-26", "1.73988047072314e-26", "0.0000000000", "0", "1.7399e-26", "1.73988047072313989311e-26"], ["1.73988047072e-26", "1.74e-26", "1.73988047072e-26", "0.00", "0.00000%", "1.73988e-26", "  1.739880470723e-26"]),
        (f64::from_bits(0x77d5ebfa2d7017eb), "1.80955620917e+269", "1.8095562091742157e+269", ["1.810e+269", "1.80956e+269", "1.80955620917422e+269", "180955620917421566352482521310051782468031165746234140858109235004613705998502574811778331538135122784620232527491129432350307348117501192664106914967844728799876966398528362955854781459718994942140305971288991055822011302770749236293571798120800904378108163405480198144.0000000000", "180955620917421566352482521310051782468031165746234140858109235004613705998502574811778331538135122784620232527491129432350307348117501192664106914967844728799876966398528362955854781459718994942140305971288991055822011302770749236293571798120800904378108163405480198144", "1.8096e+269", "1.80955620917421566352e+269"], ["1.80955620917e+269", "1.81e+269", "1.80955620917e+269", "180,955,620,917,421,566,352,482,521,310,051,782,468,031,165,746,234,140,858,109,235,004,613,705,998,502,574,811,778,331,538,135,122,784,620,232,527,491,129,432,350,307,348,117,501,192,664,106,914,967,844,728,799,876,966,398,528,362,955,854,781,459,718,994,942,140,305,971,288,991,055,822,011,302,770,749,236,293,571,798,120,800,904,378,108,163,405,480,198,144.00", "18095562091742158160212607981959912459694523474941214039762090940204276487548571229837369310844952955279719839378924678097565881705047213787894733089427635425284443301083571928655009297248985515716664168361560983078091488601045861227707298263642942788435512186091295735808.00000%", "1.80956e+269", " 1.809556209174e+269"]),
        (f64::from_bits(0x308924e99e0691b3), "6.94878273845e-75", "6.948782738449595e-75", ["6.949e-75", "6.94878e-75", "6.94878273844959e-75", "0.0000000000", "0", "6.9488e-75", "6.94878273844959469557e-75"], ["6.94878273845e-75", "6.95e-75", "6.94878273845e-75", "0.00", "0.00000%", "6.94878e-75", "  6.948782738450e-75"]),
        (f64::from_bits(0xc3eba5d5babe3ec5), "-1.59378672657e+19", "-1.5937867265709844e+19", ["-1.594e+19", "-1.59379e+19", "-1.59378672657098e+19", "-15937867265709844480.0000000000", "-15937867265709844480", "-1.5938e+19", "-1.59378672657098444800e+19"], ["-1.59378672657e+19", "-1.59e+19", "-1.59378672657e+19", "-15,937,867,265,709,844,480.00", "-1593786726570984472576.00000%", "-1.59379e+19", " -1.593786726571e+19"]),
        (f64::from_bits(0x8ca15772111b8802), "-7.75072535279e-248", "-7.750725352789286e-248", ["-7.751e-248", "-7.75073e-248", "-7.75072535278929e-248", "-0.0000000000", "-0", "-7.7507e-248", "-7.75072535278928613952e-248"], ["-7.75072535279e-248", "-7.75e-248", "-7.75072535279e-248", "-0.00", "-0.00000%", "-7.75073e-248", "-7.750725352789e-248"]),
        (f64::from_bits(0xf76ff762aff624d2), "-2.06148042893e+267", "-2.0614804289258562e+267", ["-2.061e+267", "-2.06148e+267", "-2.06148042892586e+267", "-2061480428925856203894759391509471378463478232821252083297918053529242001833309659296117563019384813353084139257553645994281388913535687076673442062786695918762467844535856731389066218349594684356921172080638270995695617808155779853140456171555626780484313288030552064.0000000000", "-2061480428925856203894759391509471378463478232821252083297918053529242001833309659296117563019384813353084139257553645994281388913535687076673442062786695918762467844535856731389066218349594684356921172080638270995695617808155779853140456171555626780484313288030552064", "-2.0615e+267", "-2.06148042892585620389e+267"], ["-2.06148042893e+267", "-2.06e+267", "-2.06148042893e+267", "-2,061,480,428,925,856,203,894,759,391,509,471,378,463,478,232,821,252,083,297,918,053,529,242,001,833,309,659,296,117,563,019,384,813,353,084,139,257,553,645,994,281,388,913,535,687,076,673,442,062,786,695,918,762,467,844,535,856,731,389,066,218,349,594,684,356,921,172,080,638,270,995,695,617,808,155,779,853,140,456,171,555,626,780,484,313,288,030,552,064.00", "-206148042892585618556586088368549620763545651526935544923600498334002438299078184981703659959352615137210220912979148571949130301337586622905945117825973483047765117793452577426082666124289893890616836473409185419887001253983882146854490186324357326665468953988700307456.00000%", "-2.06148e+267", "-2.061480428926e+267"]),
        (f64::from_bits(0x804fd65ce1181284), "-3.54202328616e-307", "-3.542023286158013e-307", ["-3.542e-307", "-3.54202e-307", "-3.54202328615801e-307", "-0.0000000000", "-0", "-3.5420e-307", "-3.54202328615801284441e-307"], ["-3.54202328616e-307", "-3.54e-307", "-3.54202328616e-307", "-0.00", "-0.00000%", "-3.54202e-307", "-3.542023286158e-307"]),
        (f64::from_bits(0x93bce856ca0833dd), "-1.34169789306e-213", "-1.3416978930615857e-213", ["-1.342e-213", "-1.3417e-213", "-1.34169789306159e-213", "-0.0000000000", "-0", "-1.3417e-213", "-1.34169789306158567026e-213"], ["-1.34169789306e-213", "-1.34e-213", "-1.34169789306e-213", "-0.00", "-0.00000%", "-1.3417e-213", "-1.341697893062e-213"]),
        (f64::from_bits(0x0a4bcd42101034a8), "4.52050016507e-259", "4.520500165069547e-259", ["4.521e-259", "4.5205e-259", "4.52050016506955e-259", "0.0000000000", "0", "4.5205e-259", "4.52050016506954716327e-259"], ["4.52050016507e-259", "4.52e-259", "4.52050016507e-259", "0.00", "0.00000%", "4.5205e-259", " 4.520500165070e-259"]),
        (f64::from_bits(0x7ef992a83e470134), "4.3842497115e+303", "4.384249711496811e+303", ["4.384e+303", "4.38425e+303", "4.38424971149681e+303", "4384249711496811114821580329161561005364272285725058739039922264562534695441893063831968488121446144890669729871725839965280914425061373137255314803040857890248723371446687631288311535547143727187634369331447633081933539666339856597820068118645288196800504058472655976800699997617404943784736488664596480.0000000000", "4384249711496811114821580329161561005364272285725058739039922264562534695441893063831968488121446144890669729871725839965280914425061373137255314803040857890248723371446687631288311535547143727187634369331447633081933539666339856597820068118645288196800504058472655976800699997617404943784736488664596480", "4.3842e+303", "4.38424971149681111482e+303"], ["4.3842497115e+303", "4.38e+303", "4.3842497115e+303", "4,384,249,711,496,811,114,821,580,329,161,561,005,364,272,285,725,058,739,039,922,264,562,534,695,441,893,063,831,968,488,121,446,144,890,669,729,871,725,839,965,280,914,425,061,373,137,255,314,803,040,857,890,248,723,371,446,687,631,288,311,535,547,143,727,187,634,369,331,447,633,081,933,539,666,339,856,597,820,068,118,645,288,196,800,504,058,472,655,976,800,699,997,617,404,943,784,736,488,664,596,480.00", "438424971149681140718100067116153341596574392198070806532672799241276050147908678022042921111422921885912170633203361672442840136732141864103041075913367928758834226082629021722664253424133462331132403403305708366592134404289122280838800588049153656919141252254162436163286409074573135623959418842201980928.00000%", "4.38425e+303", " 4.384249711497e+303"]),
        (f64::from_bits(0x3a7c6010b9ae8a03), "5.7303371544e-27", "5.730337154395294e-27", ["5.730e-27", "5.73034e-27", "5.73033715439529e-27", "0.0000000000", "0", "5.7303e-27", "5.73033715439529369655e-27"], ["5.7303371544e-27", "5.73e-27", "5.7303371544e-27", "0.00", "0.00000%", "5.73034e-27", "  5.730337154395e-27"]),
        (f64::from_bits(0xc83c5d2425266511), "-9.65171215357e+39", "-9.651712153572285e+39", ["-9.652e+39", "-9.65171e+39", "-9.65171215357229e+39", "-9651712153572285455333909977803574476800.0000000000", "-9651712153572285455333909977803574476800", "-9.6517e+39", "-9.65171215357228545533e+39"], ["-9.65171215357e+39", "-9.65e+39", "-9.65171215357e+39", "-9,651,712,153,572,285,455,333,909,977,803,574,476,800.00", "-965171215357228502012061491653707158257664.00000%", "-9.65171e+39", " -9.651712153572e+39"]),
        (f64::from_bits(0x6760ed2a37ffff52), "9.42697888381e+189", "9.426978883810016e+189", ["9.427e+189", "9.42698e+189", "9.42697888381002e+189", "9426978883810015773251967678392717491898045897702091015148364520202533964327094749615510448914395956666498499686801779685149451142503650502020965611571453797012191414919601510284726743597056.0000000000", "9426978883810015773251967678392717491898045897702091015148364520202533964327094749615510448914395956666498499686801779685149451142503650502020965611571453797012191414919601510284726743597056", "9.4270e+189", "9.42697888381001577325e+189"], ["9.42697888381e+189", "9.43e+189", "9.42697888381e+189", "9,426,978,883,810,015,773,251,967,678,392,717,491,898,045,897,702,091,015,148,364,520,202,533,964,327,094,749,615,510,448,914,395,956,666,498,499,686,801,779,685,149,451,142,503,650,502,020,965,611,571,453,797,012,191,414,919,601,510,284,726,743,597,056.00", "942697888381001561496051073560581569317643244512788939266430109542695641932673885016128638073400096766400182049125298634263973849217447331714734365525067941778265214970797404365639256842960896.00000%", "9.42698e+189", " 9.426978883810e+189"]),
        (f64::from_bits(0xd6a7b6c8a2d2466d), "-2.78466681859e+109", "-2.7846668185905256e+109", ["-2.785e+109", "-2.78467e+109", "-2.78466681859053e+109", "-27846668185905255716252437491327809449085861758966278092465203061319336293344275873679669802486089395730382848.0000000000", "-27846668185905255716252437491327809449085861758966278092465203061319336293344275873679669802486089395730382848", "-2.7847e+109", "-2.78466681859052557163e+109"], ["-2.78466681859e+109", "-2.78e+109", "-2.78466681859e+109", "-27,846,668,185,905,255,716,252,437,491,327,809,449,085,861,758,966,278,092,465,203,061,319,336,293,344,275,873,679,669,802,486,089,395,730,382,848.00", "-2784666818590525488188250158472230851353050778648498332578374901575184803278114781812508941942337454301081763840.00000%", "-2.78467e+109", "-2.784666818591e+109"]),
        (f64::from_bits(0xd8eaeebd745da064), "-2.17333272354e+120", "-2.173332723540297e+120", ["-2.173e+120", "-2.17333e+120", "-2.1733327235403e+120", "-2173332723540297140052774389514954582102417661632074466421498078302388055937777639814984804997935854749607538100698873856.0000000000", "-2173332723540297140052774389514954582102417661632074466421498078302388055937777639814984804997935854749607538100698873856", "-2.1733e+120", "-2.17333272354029714005e+120"], ["-2.17333272354e+120", "-2.17e+120", "-2.17333272354e+120", "-2,173,332,723,540,297,140,052,774,389,514,954,582,102,417,661,632,074,466,421,498,078,302,388,055,937,777,639,814,984,804,997,935,854,749,607,538,100,698,873,856.00", "-217333272354029709418280206971352434988599975559033565049019829493676558118600085207652728322823969334923647589818514276352.00000%", "-2.17333e+120", "-2.173332723540e+120"]),
        (f64::from_bits(0x5ac6ef5270fbb2e8), "1.98721150818e+129", "1.9872115081775688e+129", ["1.987e+129", "1.98721e+129", "1.98721150817757e+129", "1987211508177568799407654633169683671224953155920988342870927071750057835333335518059075461336721140067872033279193137535686541312.0000000000", "1987211508177568799407654633169683671224953155920988342870927071750057835333335518059075461336721140067872033279193137535686541312", "1.9872e+129", "1.98721150817756879941e+129"], ["1.98721150818e+129", "1.99e+129", "1.98721150818e+129", "1,987,211,508,177,568,799,407,654,633,169,683,671,224,953,155,920,988,342,870,927,071,750,057,835,333,335,518,059,075,461,336,721,140,067,872,033,279,193,137,535,686,541,312.00", "198721150817756870090263914218348564052735290556195383017157889558644116546260200744477103259369461153220639606690403551911656554496.00000%", "1.98721e+129", " 1.987211508178e+129"]),
        (f64::from_bits(0x33ae1a625db1e199), "9.36659118674e-60", "9.366591186736687e-60", ["9.367e-60", "9.36659e-60", "9.36659118673669e-60", "0.0000000000", "0", "9.3666e-60", "9.36659118673668692060e-60"], ["9.36659118674e-60", "9.37e-60", "9.36659118674e-60", "0.00", "0.00000%", "9.36659e-60", "  9.366591186737e-60"]),
        (f64::from_bits(0x2a79e68e9142e874), "4.51722320227e-104", "4.5172232022678016e-104", ["4.517e-104", "4.51722e-104", "4.5172232022678e-104", "0.0000000000", "0", "4.5172e-104", "4.51722320226780163772e-104"], ["4.51722320227e-104", "4.52e-104", "4.51722320227e-104", "0.00", "0.00000%", "4.51722e-104", " 4.517223202268e-104"]),
        (f64::from_bits(0xcedca0f3a6427061), "-7.90352593836e+71", "-7.903525938358312e+71", ["-7.904e+71", "-7.90353e+71", "-7.90352593835831e+71", "-790352593835831205561097281441821361144058281220079640206753241547931648.0000000000", "-790352593835831205561097281441821361144058281220079640206753241547931648", "-7.9035e+71", "-7.90352593835831205561e+71"], ["-7.90352593836e+71", "-7.9e+71", "-7.90352593836e+71", "-790,352,593,835,831,205,561,097,281,441,821,361,144,058,281,220,079,640,206,753,241,547,931,648.00", "-79035259383583123302341737375854970292563700775362021065455831107808264192.00000%", "-7.90353e+71", " -7.903525938358e+71"]),
        (f64::from_bits(0xc8426514595e8078), "-1.25188805814e+40", "-1.2518880581420001e+40", ["-1.252e+40", "-1.25189e+40", "-1.251888058142e+40", "-12518880581420001391503198892365919027200.0000000000", "-12518880581420001391503198892365919027200", "-1.2519e+40", "-1.25188805814200013915e+40"], ["-1.25188805814e+40", "-1.25e+40", "-1.25188805814e+40", "-12,518,880,581,420,001,391,503,198,892,365,919,027,200.00", "-1251888058142000216521572344572859083915264.00000%", "-1.25189e+40", " -1.251888058142e+40"]),
        (f64::from_bits(0xb3b9196352ee06fd), "-1.56192529655e-59", "-1.5619252965469572e-59", ["-1.562e-59", "-1.56193e-59", "-1.56192529654696e-59", "-0.0000000000", "-0", "-1.5619e-59", "-1.56192529654695719228e-59"], ["-1.56192529655e-59", "-1.56e-59", "-1.56192529655e-59", "-0.00", "-0.00000%", "-1.56193e-59", " -1.561925296547e-59"]),
        (f64::from_bits(0x11bbc7aa88c25af3), "3.00202719099e-223", "3.002027190990871e-223", ["3.002e-223", "3.00203e-223", "3.00202719099087e-223", "0.0000000000", "0", "3.0020e-223", "3.00202719099087081656e-223"], ["3.00202719099e-223", "3e-223", "3.00202719099e-223", "0.00", "0.00000%", "3.00203e-223", " 3.002027190991e-223"]),
        (f64::from_bits(0x9ad2e05adb32f148), "-1.81962313846e-179", "-1.8196231384555797e-179", ["-1.820e-179", "-1.81962e-179", "-1.81962313845558e-179", "-0.0000000000", "-0", "-1.8196e-179", "-1.81962313845557974602e-179"], ["-1.81962313846e-179", "-1.82e-179", "-1.81962313846e-179", "-0.00", "-0.00000%", "-1.81962e-179", "-1.819623138456e-179"]),
        (f64::from_bits(0x84268cc8f863e145), "-1.15696331266e-288", "-1.156963312656768e-288", ["-1.157e-288", "-1.15696e-288", "-1.15696331265677e-288", "-0.0000000000", "-0", "-1.1570e-288", "-1.15696331265676806633e-288"], ["-1.15696331266e-288", "-1.16e-288", "-1.15696331266e-288", "-0.00", "-0.00000%", "-1.15696e-288", "-1.156963312657e-288"]),
        (f64::from_bits(0xa9d34bcd79a24020), "-3.28648144483e-107", "-3.286481444829727e-107", ["-3.286e-107", "-3.28648e-107", "-3.28648144482973e-107", "-0.0000000000", "-0", "-3.2865e-107", "-3.28648144482972709921e-107"], ["-3.28648144483e-107", "-3.29e-107", "-3.28648144483e-107", "-0.00", "-0.00000%", "-3.28648e-107", "-3.286481444830e-107"]),
        (f64::from_bits(0x3f406ac50f947e6d), "0.000501009198306", "0.0005010091983059358", ["5.010e-04", "0.000501009", "0.000501009198305936", "0.0005010092", "0", "0.00050101", "5.01009198305935759578e-04"], ["0.000501009198306", "0.000501", "0.000501009198306", "0.00", "0.05010%", "0.000501009", "  5.010091983059e-04"]),
        (f64::from_bits(0xfb70d9dd38f7053d), "-4.00924308289e+286", "-4.0092430828867026e+286", ["-4.009e+286", "-4.00924e+286", "-4.0092430828867e+286", "-40092430828867025512871725554097273818356406617143292036262902422316349743955275707565640268363806107133206196227523011495594728983483757312121384569917449121704953001747919637604093385301480499794449193188056535597724879675248372503048105621289084233890909908938843940658438076794667008.0000000000", "-40092430828867025512871725554097273818356406617143292036262902422316349743955275707565640268363806107133206196227523011495594728983483757312121384569917449121704953001747919637604093385301480499794449193188056535597724879675248372503048105621289084233890909908938843940658438076794667008", "-4.0092e+286", "-4.00924308288670255129e+286"], ["-4.00924308289e+286", "-4.01e+286", "-4.00924308289e+286", "-40,092,430,828,867,025,512,871,725,554,097,273,818,356,406,617,143,292,036,262,902,422,316,349,743,955,275,707,565,640,268,363,806,107,133,206,196,227,523,011,495,594,728,983,483,757,312,121,384,569,917,449,121,704,953,001,747,919,637,604,093,385,301,480,499,794,449,193,188,056,535,597,724,879,675,248,372,503,048,105,621,289,084,233,890,909,908,938,843,940,658,438,076,794,667,008.00", "-4009243082886702382232922591996848549086909488429015117595145910672747893448100682220915208684425578899798735572452174853753075056067198488860919416132372991998022192034127353076670458848521115985359262862344516592017957339944547922935756881629151995102083385442211917413497920403307233280.00000%", "-4.00924e+286", "-4.009243082887e+286"]),
        (f64::from_bits(0x3bb51aed1c29cabd), "4.46919581278e-21", "4.469195812783108e-21", ["4.469e-21", "4.4692e-21", "4.46919581278311e-21", "0.0000000000", "0", "4.4692e-21", "4.46919581278310818862e-21"], ["4.46919581278e-21", "4.47e-21", "4.46919581278e-21", "0.00", "0.00000%", "4.4692e-21", "  4.469195812783e-21"]),
        (f64::from_bits(0xdfdc80c8099f6569), "-5.97130392306e+153", "-5.971303923063532e+153", ["-5.971e+153", "-5.9713e+153", "-5.97130392306353e+153", "-5971303923063531679344411256199562603689575370049422009297027291900926932327293049644123833560932326651386608315863292735746629552340235798621663631769600.0000000000", "-5971303923063531679344411256199562603689575370049422009297027291900926932327293049644123833560932326651386608315863292735746629552340235798621663631769600", "-5.9713e+153", "-5.97130392306353167934e+153"], ["-5.97130392306e+153", "-5.97e+153", "-5.97130392306e+153", "-5,971,303,923,063,531,679,344,411,256,199,562,603,689,575,370,049,422,009,297,027,291,900,926,932,327,293,049,644,123,833,560,932,326,651,386,608,315,863,292,735,746,629,552,340,235,798,621,663,631,769,600.00", "-597130392306353164957309710905150436678927219895675628217187715814837918319745449120513859243615338721060117108010764736691374455967758764104438092371329024.00000%", "-5.9713e+153", "-5.971303923064e+153"]),
        (f64::from_bits(0x74e597a5c50314f2), "1.26644613375e+255", "1.2664461337538145e+255", ["1.266e+255", "1.26645e+255", "1.26644613375381e+255", "1266446133753814455162782906816906907931955507907512645069063018384158029415803969663840713865352624830813566123523557800301604268846954325557501509232391053290270796228748306640684591298815156832921811425593945889271011522518353442986916524244104225226752.0000000000", "1266446133753814455162782906816906907931955507907512645069063018384158029415803969663840713865352624830813566123523557800301604268846954325557501509232391053290270796228748306640684591298815156832921811425593945889271011522518353442986916524244104225226752", "1.2664e+255", "1.26644613375381445516e+255"], ["1.26644613375e+255", "1.27e+255", "1.26644613375e+255", "1,266,446,133,753,814,455,162,782,906,816,906,907,931,955,507,907,512,645,069,063,018,384,158,029,415,803,969,663,840,713,865,352,624,830,813,566,123,523,557,800,301,604,268,846,954,325,557,501,509,232,391,053,290,270,796,228,748,306,640,684,591,298,815,156,832,921,811,425,593,945,889,271,011,522,518,353,442,986,916,524,244,104,225,226,752.00", "126644613375381443849274682461727122273232603110436815220716721259438762842515944025374761932127244602723306394463783094297682778526385321083549737393397835238188066540167319140279064251377876067522609664605888406685847118280184848876004643055295099731705856.00000%", "1.26645e+255", " 1.266446133754e+255"]),
        (f64::from_bits(0xe920bd1829087675), "-2.50246254489e+198", "-2.502462544887099e+198", ["-2.502e+198", "-2.50246e+198", "-2.5024625448871e+198", "-2502462544887099218500370640009362761092662224422488818258773009460923394235256545756876815901182150450094310374410857671999547623905001911123675586574103551906819417569595568368277476695727956557824.0000000000", "-2502462544887099218500370640009362761092662224422488818258773009460923394235256545756876815901182150450094310374410857671999547623905001911123675586574103551906819417569595568368277476695727956557824", "-2.5025e+198", "-2.50246254488709921850e+198"], ["-2.50246254489e+198", "-2.5e+198", "-2.50246254489e+198", "-2,502,462,544,887,099,218,500,370,640,009,362,761,092,662,224,422,488,818,258,773,009,460,923,394,235,256,545,756,876,815,901,182,150,450,094,310,374,410,857,671,999,547,623,905,001,911,123,675,586,574,103,551,906,819,417,569,595,568,368,277,476,695,727,956,557,824.00", "-250246254488709928223692977802141460384324701071872409780994713670475417816855312980530399920345127914959458220192513793871908597348512375271319610489897228104921686956007780162802997694291424036519936.00000%", "-2.50246e+198", "-2.502462544887e+198"]),
        (f64::from_bits(0xed167aa80159f55c), "-3.09967606274e+217", "-3.0996760627366474e+217", ["-3.100e+217", "-3.09968e+217", "-3.09967606273665e+217", "-30996760627366474257324142375305280163309543893121257826955790039582146863169166853602077410997146621318951535148210824780002424583248278438952930001109572973131703819889428571183660865542147476169724376505751894491136.0000000000", "-30996760627366474257324142375305280163309543893121257826955790039582146863169166853602077410997146621318951535148210824780002424583248278438952930001109572973131703819889428571183660865542147476169724376505751894491136", "-3.0997e+217", "-3.09967606273664742573e+217"], ["-3.09967606274e+217", "-3.1e+217", "-3.09967606274e+217", "-30,996,760,627,366,474,257,324,142,375,305,280,163,309,543,893,121,257,826,955,790,039,582,146,863,169,166,853,602,077,410,997,146,621,318,951,535,148,210,824,780,002,424,583,248,278,438,952,930,001,109,572,973,131,703,819,889,428,571,183,660,865,542,147,476,169,724,376,505,751,894,491,136.00", "-3099676062736647504114547208048007007496560811738359455051287525908070066051565495221333602164518591962484094456936437418041678060307566115540485059744150657996712434673381830116384219128245477621041019176895129409552384.00000%", "-3.09968e+217", "-3.099676062737e+217"]),
        (f64::from_bits(0xba39b4d7f781a349), "-3.24460640969e-28", "-3.2446064096906376e-28", ["-3.245e-28", "-3.24461e-28", "-3.24460640969064e-28", "-0.0000000000", "-0", "-3.2446e-28", "-3.24460640969063758341e-28"], ["-3.24460640969e-28", "-3.24e-28", "-3.24460640969e-28", "-0.00", "-0.00000%", "-3.24461e-28", " -3.244606409691e-28"]),
        (f64::from_bits(0x78149a02fe866910), "2.72092923464e+270", "2.720929234639833e+270", ["2.721e+270", "2.72093e+270", "2.72092923463983e+270", "2720929234639832911495178793311289773702553289372796099734683195022482444078671748831692645494237413636284463034574109250411768537167726537400062068124858238583905757340975101759327061155107578225504237621661176805715135108124824638498153934073372492524722237929108275200.0000000000", "2720929234639832911495178793311289773702553289372796099734683195022482444078671748831692645494237413636284463034574109250411768537167726537400062068124858238583905757340975101759327061155107578225504237621661176805715135108124824638498153934073372492524722237929108275200", "2.7209e+270", "2.72092923463983291150e+270"], ["2.72092923464e+270", "2.72e+270", "2.72092923464e+270", "2,720,929,234,639,832,911,495,178,793,311,289,773,702,553,289,372,796,099,734,683,195,022,482,444,078,671,748,831,692,645,494,237,413,636,284,463,034,574,109,250,411,768,537,167,726,537,400,062,068,124,858,238,583,905,757,340,975,101,759,327,061,155,107,578,225,504,237,621,661,176,805,715,135,108,124,824,638,498,153,934,073,372,492,524,722,237,929,108,275,200.00", "272092923463983261119450564112328057485624546900252164726429945304234097696269611832643014072496909573987651982131887530825100114894922177009243541603512776812546949174476870017025015751900448476037024205584468400652441839201977846528459214668868772194016674834520163221504.00000%", "2.72093e+270", " 2.720929234640e+270"]),
        (f64::from_bits(0xf33b82db7842ae8c), "-1.20222397825e+247", "-1.2022239782480186e+247", ["-1.202e+247", "-1.20222e+247", "-1.20222397824802e+247", "-12022239782480186367263351527036173095715918385375606145400742721354192996393873366934729838188049768961859697013256926042100655392867196234344567624825140558281280512590898252190734338045648079269653975602975738614868220026941909779669659183742976.0000000000", "-12022239782480186367263351527036173095715918385375606145400742721354192996393873366934729838188049768961859697013256926042100655392867196234344567624825140558281280512590898252190734338045648079269653975602975738614868220026941909779669659183742976", "-1.2022e+247", "-1.20222397824801863673e+247"], ["-1.20222397825e+247", "-1.2e+247", "-1.20222397825e+247", "-12,022,239,782,480,186,367,263,351,527,036,173,095,715,918,385,375,606,145,400,742,721,354,192,996,393,873,366,934,729,838,188,049,768,961,859,697,013,256,926,042,100,655,392,867,196,234,344,567,624,825,140,558,281,280,512,590,898,252,190,734,338,045,648,079,269,653,975,602,975,738,614,868,220,026,941,909,779,669,659,183,742,976.00", "-1202223978248018562205466722269588422420576392337437962209545450533981964964889511443027254872714433014022345926294750980798992076995205727198614644971423266502338849282395143405234584803769341514231687243572222248862860704303690935110316935203520512.00000%", "-1.20222e+247", "-1.202223978248e+247"]),
        (f64::from_bits(0x3e108dd1d5424a1f), "9.63568632033e-10", "9.63568632033283e-10", ["9.636e-10", "9.63569e-10", "9.63568632033283e-10", "0.0000000010", "0", "9.6357e-10", "9.63568632033283058636e-10"], ["9.63568632033e-10", "9.64e-10", "9.63568632033e-10", "0.00", "0.00000%", "9.63569e-10", "  9.635686320333e-10"]),
        (f64::from_bits(0xf1adedbc5c915e93), "-3.89774816984e+239", "-3.8977481698443583e+239", ["-3.898e+239", "-3.89775e+239", "-3.89774816984436e+239", "-389774816984435834002358694238137529069200048821487247098950873663603096270230435879508440005841524320705972699086576037310019038678105200424511031959763046968538437612014973105013047501541050756728227109860862752173429086423617524513898496.0000000000", "-389774816984435834002358694238137529069200048821487247098950873663603096270230435879508440005841524320705972699086576037310019038678105200424511031959763046968538437612014973105013047501541050756728227109860862752173429086423617524513898496", "-3.8977e+239", "-3.89774816984435834002e+239"], ["-3.89774816984e+239", "-3.9e+239", "-3.89774816984e+239", "-389,774,816,984,435,834,002,358,694,238,137,529,069,200,048,821,487,247,098,950,873,663,603,096,270,230,435,879,508,440,005,841,524,320,705,972,699,086,576,037,310,019,038,678,105,200,424,511,031,959,763,046,968,538,437,612,014,973,105,013,047,501,541,050,756,728,227,109,860,862,752,173,429,086,423,617,524,513,898,496.00", "-38977481698443584325608763413322462307203990295761182972866737201885232915280188293038358333341676881227363701625623011154814470345510518761893020207007450415122759796603997465744568007210523464912900225395178239738154462666860662695405813760.00000%", "-3.89775e+239", "-3.897748169844e+239"]),
        (f64::from_bits(0x7f780056b2cde10d), "1.05339388255e+306", "1.053393882545672e+306", ["1.053e+306", "1.05339e+306", "1.05339388254567e+306", "1053393882545672057735438635835992298100087338373995427650504423709297886544285348751667739291895110730174992919432439134917461660341005188582583145756767564884127917076474871175450149477513789051680280334934493921461215929941152334871966136078867998601126069433234703235238242628103185982713378454011641856.0000000000", "1053393882545672057735438635835992298100087338373995427650504423709297886544285348751667739291895110730174992919432439134917461660341005188582583145756767564884127917076474871175450149477513789051680280334934493921461215929941152334871966136078867998601126069433234703235238242628103185982713378454011641856", "1.0534e+306", "1.05339388254567205774e+306"], ["1.05339388255e+306", "1.05e+306", "1.05339388255e+306", "1,053,393,882,545,672,057,735,438,635,835,992,298,100,087,338,373,995,427,650,504,423,709,297,886,544,285,348,751,667,739,291,895,110,730,174,992,919,432,439,134,917,461,660,341,005,188,582,583,145,756,767,564,884,127,917,076,474,871,175,450,149,477,513,789,051,680,280,334,934,493,921,461,215,929,941,152,334,871,966,136,078,867,998,601,126,069,433,234,703,235,238,242,628,103,185,982,713,378,454,011,641,856.00", "105339388254567202655043379935599524096926369717339283284657847940527380056698468567023192883933158284020678209699960961394172971983326700151323957710686661583456856887598392867536150961680009346515338276676281919250251679644233993907805277481526817221276249993254474218647407269441503532086189047988648673280.00000%", "1.05339e+306", " 1.053393882546e+306"]),
        (f64::from_bits(0x2ffd0cecc14c05c8), "1.56803067177e-77", "1.568030671771353e-77", ["1.568e-77", "1.56803e-77", "1.56803067177135e-77", "0.0000000000", "0", "1.5680e-77", "1.56803067177135298785e-77"], ["1.56803067177e-77", "1.57e-77", "1.56803067177e-77", "0.00", "0.00000%", "1.56803e-77", "  1.568030671771e-77"]),
        (f64::from_bits(0xd5f66883a4a3d1fd), "-1.28483275872e+106", "-1.2848327587211526e+106", ["-1.285e+106", "-1.28483e+106", "-1.28483275872115e+106", "-12848327587211526377898000749983379468280087459735100547306592756824181295790351036010938977236441771278336.0000000000", "-12848327587211526377898000749983379468280087459735100547306592756824181295790351036010938977236441771278336", "-1.2848e+106", "-1.28483275872115263779e+106"], ["-1.28483275872e+106", "-1.28e+106", "-1.28483275872e+106", "-12,848,327,587,211,526,377,898,000,749,983,379,468,280,087,459,735,100,547,306,592,756,824,181,295,790,351,036,010,938,977,236,441,771,278,336.00", "-1284832758721152727419383033715725742639619035986149140995268596983613157569214875193871087310459249197318144.00000%", "-1.28483e+106", "-1.284832758721e+106"]),
        (f64::from_bits(0x28ed7ada559ebda1), "1.5322778909e-111", "1.532277890895685e-111", ["1.532e-111", "1.53228e-111", "1.53227789089569e-111", "0.0000000000", "0", "1.5323e-111", "1.53227789089568501836e-111"], ["1.5322778909e-111", "1.53e-111", "1.5322778909e-111", "0.00", "0.00000%", "1.53228e-111", " 1.532277890896e-111"]),
        (f64::from_bits(0x715662cd87f9b290), "9.11070732028e+237", "9.110707320275676e+237", ["9.111e+237", "9.11071e+237", "9.11070732027568e+237", "9110707320275675880040170299576246950847814270317916435479441409948217698281801541119327067440743485153861477795813750507144947514014763802677756381057696587262644234911328258018370294579110569826717354645724770120432063569223757514932224.0000000000", "9110707320275675880040170299576246950847814270317916435479441409948217698281801541119327067440743485153861477795813750507144947514014763802677756381057696587262644234911328258018370294579110569826717354645724770120432063569223757514932224", "9.1107e+237", "9.11070732027567588004e+237"], ["9.11070732028e+237", "9.11e+237", "9.11070732028e+237", "9,110,707,320,275,675,880,040,170,299,576,246,950,847,814,270,317,916,435,479,441,409,948,217,698,281,801,541,119,327,067,440,743,485,153,861,477,795,813,750,507,144,947,514,014,763,802,677,756,381,057,696,587,262,644,234,911,328,258,018,370,294,579,110,569,826,717,354,645,724,770,120,432,063,569,223,757,514,932,224.00", "911070732027567495466727631006753755056382885670545817250779157442329441002465683603181273468321903599709504607884834308333238103631476508323583937002655086899372819950882810277510703752269218058663984023663280559962050954472484727091625984.00000%", "9.11071e+237", " 9.110707320276e+237"]),
        (f64::from_bits(0x732baabe2974051b), "6.04516241258e+246", "6.045162412583346e+246", ["6.045e+246", "6.04516e+246", "6.04516241258335e+246", "6045162412583345685149843094529091510358652787345448256287642772033249269760585299910090461127414414714188713026699632660957114108789476240632097789561522791820177336063833986812267621930792124920041090970463845582945734752845753144259243103223808.0000000000", "6045162412583345685149843094529091510358652787345448256287642772033249269760585299910090461127414414714188713026699632660957114108789476240632097789561522791820177336063833986812267621930792124920041090970463845582945734752845753144259243103223808", "6.0452e+246", "6.04516241258334568515e+246"], ["6.04516241258e+246", "6.05e+246", "6.04516241258e+246", "6,045,162,412,583,345,685,149,843,094,529,091,510,358,652,787,345,448,256,287,642,772,033,249,269,760,585,299,910,090,461,127,414,414,714,188,713,026,699,632,660,957,114,108,789,476,240,632,097,789,561,522,791,820,177,336,063,833,986,812,267,621,930,792,124,920,041,090,970,463,845,582,945,734,752,845,753,144,259,243,103,223,808.00", "604516241258334559199875755648655540141988347959529494087448174503145260141746301834703329994480123486148418330791095563169327228092508387033729514267265930516294083359296563454496906067979779190412395307455715606716578312985762809068843187426033664.00000%", "6.04516e+246", " 6.045162412583e+246"]),
        (f64::from_bits(0xb8468eb9a10408c7), "-1.32581186486e-37", "-1.3258118648566185e-37", ["-1.326e-37", "-1.32581e-37", "-1.32581186485662e-37", "-0.0000000000", "-0", "-1.3258e-37", "-1.32581186485661850470e-37"], ["-1.32581186486e-37", "-1.33e-37", "-1.32581186486e-37", "-0.00", "-0.00000%", "-1.32581e-37", " -1.325811864857e-37"]),
        (f64::from_bits(0xd4aaa6d16290b6f9), "-7.28672530236e+99", "-7.286725302357612e+99", ["-7.287e+99", "-7.28673e+99", "-7.28672530235761e+99", "-7286725302357612310330548405464138074246296521513867111279345473004631927646210087867986181726666752.0000000000", "-7286725302357612310330548405464138074246296521513867111279345473004631927646210087867986181726666752", "-7.2867e+99", "-7.28672530235761231033e+99"], ["-7.28672530236e+99", "-7.29e+99", "-7.28672530236e+99", "-7,286,725,302,357,612,310,330,548,405,464,138,074,246,296,521,513,867,111,279,345,473,004,631,927,646,210,087,867,986,181,726,666,752.00", "-728672530235761289313121607318285935008486856856953910400139718864648830318993300953927174328921620480.00000%", "-7.28673e+99", " -7.286725302358e+99"]),
        (f64::from_bits(0xb37640cad26b50f2), "-8.65508431425e-61", "-8.655084314254835e-61", ["-8.655e-61", "-8.65508e-61", "-8.65508431425484e-61", "-0.0000000000", "-0", "-8.6551e-61", "-8.65508431425483514224e-61"], ["-8.65508431425e-61", "-8.66e-61", "-8.65508431425e-61", "-0.00", "-0.00000%", "-8.65508e-61", " -8.655084314255e-61"]),
        (f64::from_bits(0x4717a2c9a47b1acc), "3.06811384668e+34", "3.0681138466781e+34", ["3.068e+34", "3.06811e+34", "3.0681138466781e+34", "30681138466781001093568369872863232.0000000000", "30681138466781001093568369872863232", "3.0681e+34", "3.06811384667810010936e+34"], ["3.06811384668e+34", "3.07e+34", "3.06811384668e+34", "30,681,138,466,781,001,093,568,369,872,863,232.00", "3068113846678099887995908102771703808.00000%", "3.06811e+34", "  3.068113846678e+34"]),
        (f64::from_bits(0x91fdfd212cdaa208), "-5.18515943717e-222", "-5.185159437166375e-222", ["-5.185e-222", "-5.18516e-222", "-5.18515943716638e-222", "-0.0000000000", "-0", "-5.1852e-222", "-5.18515943716637515211e-222"], ["-5.18515943717e-222", "-5.19e-222", "-5.18515943717e-222", "-0.00", "-0.00000%", "-5.18516e-222", "-5.185159437166e-222"]),
        (f64::from_bits(0xca52ce5ee60db9ec), "-1.09940791525e+50", "-1.0994079152516477e+50", ["-1.099e+50", "-1.09941e+50", "-1.09940791525165e+50", "-109940791525164771937365645558261601098314272473088.0000000000", "-109940791525164771937365645558261601098314272473088", "-1.0994e+50", "-1.09940791525164771937e+50"], ["-1.09940791525e+50", "-1.1e+50", "-1.09940791525e+50", "-109,940,791,525,164,771,937,365,645,558,261,601,098,314,272,473,088.00", "-10994079152516477526043563502055128335783192317394944.00000%", "-1.09941e+50", " -1.099407915252e+50"]),
        (f64::from_bits(0xa33d32fb46f0fce9), "-6.12988280853e-139", "-6.1298828085336484e-139", ["-6.130e-139", "-6.12988e-139", "-6.12988280853365e-139", "-0.0000000000", "-0", "-6.1299e-139", "-6.12988280853364842708e-139"], ["-6.12988280853e-139", "-6.13e-139", "-6.12988280853e-139", "-0.00", "-0.00000%", "-6.12988e-139", "-6.129882808534e-139"]),
        (f64::from_bits(0x82ea0fd64118783a), "-1.27520413206e-294", "-1.2752041320617901e-294", ["-1.275e-294", "-1.2752e-294", "-1.27520413206179e-294", "-0.0000000000", "-0", "-1.2752e-294", "-1.27520413206179009433e-294"], ["-1.27520413206e-294", "-1.28e-294", "-1.27520413206e-294", "-0.00", "-0.00000%", "-1.2752e-294", "-1.275204132062e-294"]),
        (f64::from_bits(0x3fa138cda9d76e88), "0.033636500342", "0.03363650034199589", ["3.364e-02", "0.0336365", "0.0336365003419959", "0.0336365003", "0", "0.033637", "3.36365003419958896735e-02"], ["0.033636500342", "0.0336", "0.033636500342", "0.03", "3.36365%", "0.0336365", "  3.363650034200e-02"]),
        (f64::from_bits(0x89f12f8becad0899), "-8.73236174695e-261", "-8.732361746954978e-261", ["-8.732e-261", "-8.73236e-261", "-8.73236174695498e-261", "-0.0000000000", "-0", "-8.7324e-261", "-8.73236174695497847115e-261"], ["-8.73236174695e-261", "-8.73e-261", "-8.73236174695e-261", "-0.00", "-0.00000%", "-8.73236e-261", "-8.732361746955e-261"]),
        (f64::from_bits(0xa913e85cbae05530), "-8.27793338417e-111", "-8.27793338416948e-111", ["-8.278e-111", "-8.27793e-111", "-8.27793338416948e-111", "-0.0000000000", "-0", "-8.2779e-111", "-8.27793338416948020949e-111"], ["-8.27793338417e-111", "-8.28e-111", "-8.27793338417e-111", "-0.00", "-0.00000%", "-8.27793e-111", "-8.277933384169e-111"]),
        (f64::from_bits(0x84e24cfc94840610), "-3.84594001645e-285", "-3.845940016454712e-285", ["-3.846e-285", "-3.84594e-285", "-3.84594001645471e-285", "-0.0000000000", "-0", "-3.8459e-285", "-3.84594001645471192805e-285"], ["-3.84594001645e-285", "-3.85e-285", "-3.84594001645e-285", "-0.00", "-0.00000%", "-3.84594e-285", "-3.845940016455e-285"]),
        (f64::from_bits(0xd6d609b6bb3a0c20), "-2.07028204467e+110", "-2.070282044665876e+110", ["-2.070e+110", "-2.07028e+110", "-2.07028204466588e+110", "-207028204466587615636394523127097124467827595244093224182848708907281734098984420634647752160211820021544910848.0000000000", "-207028204466587615636394523127097124467827595244093224182848708907281734098984420634647752160211820021544910848", "-2.0703e+110", "-2.07028204466587615636e+110"], ["-2.07028204467e+110", "-2.07e+110", "-2.07028204467e+110", "-207,028,204,466,587,615,636,394,523,127,097,124,467,827,595,244,093,224,182,848,708,907,281,734,098,984,420,634,647,752,160,211,820,021,544,910,848.00", "-20702820446658761563639452312709712446782759524409322418284870890728173409898442063464775216021182002154491084800.00000%", "-2.07028e+110", "-2.070282044666e+110"]),
        (f64::from_bits(0x4bb7c586af90d432), "5.82877602327e+56", "5.828776023273387e+56", ["5.829e+56", "5.82878e+56", "5.82877602327339e+56", "582877602327338673241143570220359807988922217132437012480.0000000000", "582877602327338673241143570220359807988922217132437012480", "5.8288e+56", "5.82877602327338673241e+56"], ["5.82877602327e+56", "5.83e+56", "5.82877602327e+56", "582,877,602,327,338,673,241,143,570,220,359,807,988,922,217,132,437,012,480.00", "58287760232733866627216069567954007625901025692982404186112.00000%", "5.82878e+56", "  5.828776023273e+56"]),
        (f64::from_bits(0x2f6181e3c92b1b25), "1.84566286361e-80", "1.8456628636086264e-80", ["1.846e-80", "1.84566e-80", "1.84566286360863e-80", "0.0000000000", "0", "1.8457e-80", "1.84566286360862637923e-80"], ["1.84566286361e-80", "1.85e-80", "1.84566286361e-80", "0.00", "0.00000%", "1.84566e-80", "  1.845662863609e-80"]),
        (f64::from_bits(0x0ddf6a9bee71ef23), "7.36174026695e-242", "7.3617402669525424e-242", ["7.362e-242", "7.36174e-242", "7.36174026695254e-242", "0.0000000000", "0", "7.3617e-242", "7.36174026695254244247e-242"], ["7.36174026695e-242", "7.36e-242", "7.36174026695e-242", "0.00", "0.00000%", "7.36174e-242", " 7.361740266953e-242"]),
        (f64::from_bits(0xa738f0ac622454bd), "-9.6582947193e-120", "-9.65829471929731e-120", ["-9.658e-120", "-9.65829e-120", "-9.65829471929731e-120", "-0.0000000000", "-0", "-9.6583e-120", "-9.65829471929730938499e-120"], ["-9.6582947193e-120", "-9.66e-120", "-9.6582947193e-120", "-0.00", "-0.00000%", "-9.65829e-120", "-9.658294719297e-120"]),
        (f64::from_bits(0xee7fb0b76244843f), "-1.8328339357e+224", "-1.8328339356978904e+224", ["-1.833e+224", "-1.83283e+224", "-1.83283393569789e+224", "-183283393569789035000220242840412918183061448943812917317590816916874384614572452984309223148541927342229229180781629969549254756769890126938019224457225395259162310988750828088641319068805525923787477855084657869459025821696.0000000000", "-183283393569789035000220242840412918183061448943812917317590816916874384614572452984309223148541927342229229180781629969549254756769890126938019224457225395259162310988750828088641319068805525923787477855084657869459025821696", "-1.8328e+224", "-1.83283393569789035000e+224"], ["-1.8328339357e+224", "-1.83e+224", "-1.8328339357e+224", "-183,283,393,569,789,035,000,220,242,840,412,918,183,061,448,943,812,917,317,590,816,916,874,384,614,572,452,984,309,223,148,541,927,342,229,229,180,781,629,969,549,254,756,769,890,126,938,019,224,457,225,395,259,162,310,988,750,828,088,641,319,068,805,525,923,787,477,855,084,657,869,459,025,821,696.00", "-18328339356978902924694660052187939463822876454367218937190665757902797578832771525288342938610977815540645512716926144003663257032496450332301520081868991996311490558825614845011542877206924665165524266910668585398203173568512.00000%", "-1.83283e+224", "-1.832833935698e+224"]),
        (f64::from_bits(0x4f3fb37fbe1a1f5b), "5.60111155375e+73", "5.6011115537513736e+73", ["5.601e+73", "5.60111e+73", "5.60111155375137e+73", "56011115537513736210370227298217982505441308037282312385951104470519644160.0000000000", "56011115537513736210370227298217982505441308037282312385951104470519644160", "5.6011e+73", "5.60111155375137362104e+73"], ["5.60111155375e+73", "5.6e+73", "5.60111155375e+73", "56,011,115,537,513,736,210,370,227,298,217,982,505,441,308,037,282,312,385,951,104,470,519,644,160.00", "5601111553751373545711801905181629084514657725236234245366845113483550261248.00000%", "5.60111e+73", "  5.601111553751e+73"]),
        (f64::from_bits(0x313aac81b9a2f1f2), "1.50968666051e-71", "1.509686660510861e-71", ["1.510e-71", "1.50969e-71", "1.50968666051086e-71", "0.0000000000", "0", "1.5097e-71", "1.50968666051086093368e-71"], ["1.50968666051e-71", "1.51e-71", "1.50968666051e-71", "0.00", "0.00000%", "1.50969e-71", "  1.509686660511e-71"]),
        (f64::from_bits(0xc97b92562798a8e0), "-9.83788529636e+45", "-9.837885296359443e+45", ["-9.838e+45", "-9.83789e+45", "-9.83788529635944e+45", "-9837885296359442745128941624529112742957678592.0000000000", "-9837885296359442745128941624529112742957678592", "-9.8379e+45", "-9.83788529635944274513e+45"], ["-9.83788529636e+45", "-9.84e+45", "-9.83788529636e+45", "-9,837,885,296,359,442,745,128,941,624,529,112,742,957,678,592.00", "-983788529635944274512894162452911274295767859200.00000%", "-9.83789e+45", " -9.837885296359e+45"]),
        (f64::from_bits(0xe9cca4dbc47d1117), "-4.38510961463e+201", "-4.3851096146291655e+201", ["-4.385e+201", "-4.38511e+201", "-4.38510961462917e+201", "-4385109614629165520548293386393091719957846062774190017864189938913369932302430123751813498981271734589788281225554203730427228592169010217223173437276819948947931068754519014028680675217589263373697024.0000000000", "-4385109614629165520548293386393091719957846062774190017864189938913369932302430123751813498981271734589788281225554203730427228592169010217223173437276819948947931068754519014028680675217589263373697024", "-4.3851e+201", "-4.38510961462916552055e+201"], ["-4.38510961463e+201", "-4.39e+201", "-4.38510961463e+201", "-4,385,109,614,629,165,520,548,293,386,393,091,719,957,846,062,774,190,017,864,189,938,913,369,932,302,430,123,751,813,498,981,271,734,589,788,281,225,554,203,730,427,228,592,169,010,217,223,173,437,276,819,948,947,931,068,754,519,014,028,680,675,217,589,263,373,697,024.00", "-438510961462916554230370557216787208228337900316330499328432404101259750655166202444034331088177959718588437400934574472813416434882569180581906310753170847516186939903393694964800952863529551491328114688.00000%", "-4.38511e+201", "-4.385109614629e+201"]),
        (f64::from_bits(0x2e45f6fe7624fe17), "8.83321697693e-86", "8.833216976929782e-86", ["8.833e-86", "8.83322e-86", "8.83321697692978e-86", "0.0000000000", "0", "8.8332e-86", "8.83321697692978230853e-86"], ["8.83321697693e-86", "8.83e-86", "8.83321697693e-86", "0.00", "0.00000%", "8.83322e-86", "  8.833216976930e-86"]),
        (f64::from_bits(0x575469075d1e859f), "4.90848101999e+112", "4.908481019986916e+112", ["4.908e+112", "4.90848e+112", "4.90848101998692e+112", "49084810199869159193674623986668634783544577430145871769547159236664540963090193357498080390837577236018299404288.0000000000", "49084810199869159193674623986668634783544577430145871769547159236664540963090193357498080390837577236018299404288", "4.9085e+112", "4.90848101998691591937e+112"], ["4.90848101999e+112", "4.91e+112", "4.90848101999e+112", "49,084,810,199,869,159,193,674,623,986,668,634,783,544,577,430,145,871,769,547,159,236,664,540,963,090,193,357,498,080,390,837,577,236,018,299,404,288.00", "4908481019986915680136914375524934250112026652024750341451809419721343862240359259661198751652016121030076203532288.00000%", "4.90848e+112", " 4.908481019987e+112"]),
        (f64::from_bits(0xe54b97faa680436e), "-8.94534035235e+179", "-8.945340352349966e+179", ["-8.945e+179", "-8.94534e+179", "-8.94534035234997e+179", "-894534035234996555775272010993557945733071621258106630359337549451124261839345659217479519399394868745734180408957184204830845056567337430855543232930380416275600989969857116110848.0000000000", "-894534035234996555775272010993557945733071621258106630359337549451124261839345659217479519399394868745734180408957184204830845056567337430855543232930380416275600989969857116110848", "-8.9453e+179", "-8.94534035234996555775e+179"], ["-8.94534035235e+179", "-8.95e+179", "-8.94534035235e+179", "-894,534,035,234,996,555,775,272,010,993,557,945,733,071,621,258,106,630,359,337,549,451,124,261,839,345,659,217,479,519,399,394,868,745,734,180,408,957,184,204,830,845,056,567,337,430,855,543,232,930,380,416,275,600,989,969,857,116,110,848.00", "-89453403523499656498904746221802413772905448499899747732447724773344952642969307192652288461460202715912950554972565964786887003401813064318607211458270617936504008038171269142675456.00000%", "-8.94534e+179", "-8.945340352350e+179"]),
        (f64::from_bits(0xed7ba19905ebc6a4), "-2.43846908871e+219", "-2.4384690887057775e+219", ["-2.438e+219", "-2.43847e+219", "-2.43846908870578e+219", "-2438469088705777545957418076835872838272518091039273492524115433642032945300639137186716301330924294490539126496763609126484291320302729934811819104852912764402824835210647524497024577940998534667583142889163573960900608.0000000000", "-2438469088705777545957418076835872838272518091039273492524115433642032945300639137186716301330924294490539126496763609126484291320302729934811819104852912764402824835210647524497024577940998534667583142889163573960900608", "-2.4385e+219", "-2.43846908870577754596e+219"], ["-2.43846908871e+219", "-2.44e+219", "-2.43846908871e+219", "-2,438,469,088,705,777,545,957,418,076,835,872,838,272,518,091,039,273,492,524,115,433,642,032,945,300,639,137,186,716,301,330,924,294,490,539,126,496,763,609,126,484,291,320,302,729,934,811,819,104,852,912,764,402,824,835,210,647,524,497,024,577,940,998,534,667,583,142,889,163,573,960,900,608.00", "-243846908870577749579285297570468628392652998068648394221646197959412550227046389887559575024944977939896220429380978196485777253503377744095889618668766901356535792149260658177829297309361886746497925071231881238621978624.00000%", "-2.43847e+219", "-2.438469088706e+219"]),
        (f64::from_bits(0x0e2399e1072b19e2), "1.46978460396e-240", "1.4697846039560313e-240", ["1.470e-240", "1.46978e-240", "1.46978460395603e-240", "0.0000000000", "0", "1.4698e-240", "1.46978460395603125129e-240"], ["1.46978460396e-240", "1.47e-240", "1.46978460396e-240", "0.00", "0.00000%", "1.46978e-240", " 1.469784603956e-240"]),
        (f64::from_bits(0x2af8c585eff7d5dd), "1.10599991623e-101", "1.1059999162258364e-101", ["1.106e-101", "1.106e-101", "1.10599991622584e-101", "0.0000000000", "0", "1.1060e-101", "1.10599991622583641285e-101"], ["1.10599991623e-101", "1.11e-101", "1.10599991623e-101", "0.00", "0.00000%", "1.106e-101", " 1.105999916226e-101"]),
        (f64::from_bits(0xfc09e5dd98978d22), "-3.15479112398e+289", "-3.154791123980469e+289", ["-3.155e+289", "-3.15479e+289", "-3.15479112398047e+289", "-31547911239804688025138015036887155159933754450393985740117829655602954590284730484413579569127047592417898581912443124615956698150036158627813515783280204400205764920025004479666394693128512969256849674229993223621527726368936519953382743920658998409353049096325208804207235859078778454016.0000000000", "-31547911239804688025138015036887155159933754450393985740117829655602954590284730484413579569127047592417898581912443124615956698150036158627813515783280204400205764920025004479666394693128512969256849674229993223621527726368936519953382743920658998409353049096325208804207235859078778454016", "-3.1548e+289", "-3.15479112398046880251e+289"], ["-3.15479112398e+289", "-3.15e+289", "-3.15479112398e+289", "-31,547,911,239,804,688,025,138,015,036,887,155,159,933,754,450,393,985,740,117,829,655,602,954,590,284,730,484,413,579,569,127,047,592,417,898,581,912,443,124,615,956,698,150,036,158,627,813,515,783,280,204,400,205,764,920,025,004,479,666,394,693,128,512,969,256,849,674,229,993,223,621,527,726,368,936,519,953,382,743,920,658,998,409,353,049,096,325,208,804,207,235,859,078,778,454,016.00", "-3154791123980469044869974251237418610621956455061224847746031479283115978274704235846064102615347492849654831165754573519263721761697911557416059195304016024779833939832957233842847527224431669499606164518982008319125667744592754775054549748430350656527559012808038542949526649906980058038272.00000%", "-3.15479e+289", "-3.154791123980e+289"]),
        (f64::from_bits(0x47fe4b5f56f534cf), "6.44291133702e+38", "6.442911337017533e+38", ["6.443e+38", "6.44291e+38", "6.44291133701753e+38", "644291133701753287574220218207504957440.0000000000", "644291133701753287574220218207504957440", "6.4429e+38", "6.44291133701753287574e+38"], ["6.44291133702e+38", "6.44e+38", "6.44291133702e+38", "644,291,133,701,753,287,574,220,218,207,504,957,440.00", "64429113370175331477505115953666138832896.00000%", "6.44291e+38", "  6.442911337018e+38"]),
        (f64::from_bits(0x94de626cf3841092), "-3.69687482241e-208", "-3.696874822410841e-208", ["-3.697e-208", "-3.69687e-208", "-3.69687482241084e-208", "-0.0000000000", "-0", "-3.6969e-208", "-3.69687482241084121065e-208"], ["-3.69687482241e-208", "-3.7e-208", "-3.69687482241e-208", "-0.00", "-0.00000%", "-3.69687e-208", "-3.696874822411e-208"]),
        (f64::from_bits(0x778e1cf261e86f7d), "7.76785743459e+267", "7.767857434591037e+267", ["7.768e+267", "7.76786e+267", "7.76785743459104e+267", "7767857434591037071793603020651984193953830177737557690578028086436810979443936927198418935971159276516096358375136008292521115512576120746373405100228531949864095036484314417391687784622759635678922499973733432143950163814096846471626271399349065088515549187245342720.0000000000", "7767857434591037071793603020651984193953830177737557690578028086436810979443936927198418935971159276516096358375136008292521115512576120746373405100228531949864095036484314417391687784622759635678922499973733432143950163814096846471626271399349065088515549187245342720", "7.7679e+267", "7.76785743459103707179e+267"], ["7.76785743459e+267", "7.77e+267", "7.76785743459e+267", "7,767,857,434,591,037,071,793,603,020,651,984,193,953,830,177,737,557,690,578,028,086,436,810,979,443,936,927,198,418,935,971,159,276,516,096,358,375,136,008,292,521,115,512,576,120,746,373,405,100,228,531,949,864,095,036,484,314,417,391,687,784,622,759,635,678,922,499,973,733,432,143,950,163,814,096,846,471,626,271,399,349,065,088,515,549,187,245,342,720.00", "776785743459103747502937019277943795217030796387928363994011563059959859397954873573820013134004984009769882118590353433790300531609217939388120455982167589213006170171359547421295804097006603559548426159775460167411347971706993093272846618221424239276727164640342048768.00000%", "7.76786e+267", " 7.767857434591e+267"]),
        (f64::from_bits(0xcc8488ec14234c49), "-4.12477941915e+60", "-4.1247794191475844e+60", ["-4.125e+60", "-4.12478e+60", "-4.12477941914758e+60", "-4124779419147584415582431522982695419540652089580382953930752.0000000000", "-4124779419147584415582431522982695419540652089580382953930752", "-4.1248e+60", "-4.12477941914758441558e+60"], ["-4.12477941915e+60", "-4.12e+60", "-4.12477941915e+60", "-4,124,779,419,147,584,415,582,431,522,982,695,419,540,652,089,580,382,953,930,752.00", "-412477941914758438703747766886349779837493270059048022627581952.00000%", "-4.12478e+60", " -4.124779419148e+60"]),
        (f64::from_bits(0x9318c21d550ab5f3), "-1.12218187862e-216", "-1.1221818786237002e-216", ["-1.122e-216", "-1.12218e-216", "-1.1221818786237e-216", "-0.0000000000", "-0", "-1.1222e-216", "-1.12218187862370020757e-216"], ["-1.12218187862e-216", "-1.12e-216", "-1.12218187862e-216", "-0.00", "-0.00000%", "-1.12218e-216", "-1.122181878624e-216"]),
        (f64::from_bits(0x5dec3c0813e57272), "2.75440637501e+144", "2.7544063750082417e+144", ["2.754e+144", "2.75441e+144", "2.75440637500824e+144", "2754406375008241693668109897235996468395846019209268118262453823548847389914302793424833526532599990833937342370056407372006043068457221175115776.0000000000", "2754406375008241693668109897235996468395846019209268118262453823548847389914302793424833526532599990833937342370056407372006043068457221175115776", "2.7544e+144", "2.75440637500824169367e+144"], ["2.75440637501e+144", "2.75e+144", "2.75440637501e+144", "2,754,406,375,008,241,693,668,109,897,235,996,468,395,846,019,209,268,118,262,453,823,548,847,389,914,302,793,424,833,526,532,599,990,833,937,342,370,056,407,372,006,043,068,457,221,175,115,776.00", "275440637500824166594141295602784787261170417777843108389808306979068163820950698727862044847634376043419328132866062639809393345442150288537419776.00000%", "2.75441e+144", " 2.754406375008e+144"]),
        (f64::from_bits(0x7e530b74f0d9560d), "3.18853388991e+300", "3.1885338899127095e+300", ["3.189e+300", "3.18853e+300", "3.18853388991271e+300", "3188533889912709532879706787564142073159719435190896799168049621766906410599520710068782421022915394365497487370652236058631837519271510076856251160251351033590808389285807891020142030143307799031241742460877616115967012395581291259654698424978873673467509274835695112071214828209591919971203219980288.0000000000", "3188533889912709532879706787564142073159719435190896799168049621766906410599520710068782421022915394365497487370652236058631837519271510076856251160251351033590808389285807891020142030143307799031241742460877616115967012395581291259654698424978873673467509274835695112071214828209591919971203219980288", "3.1885e+300", "3.18853388991270953288e+300"], ["3.18853388991e+300", "3.19e+300", "3.18853388991e+300", "3,188,533,889,912,709,532,879,706,787,564,142,073,159,719,435,190,896,799,168,049,621,766,906,410,599,520,710,068,782,421,022,915,394,365,497,487,370,652,236,058,631,837,519,271,510,076,856,251,160,251,351,033,590,808,389,285,807,891,020,142,030,143,307,799,031,241,742,460,877,616,115,967,012,395,581,291,259,654,698,424,978,873,673,467,509,274,835,695,112,071,214,828,209,591,919,971,203,219,980,288.00", "318853388991270941391835410934149704931471958319885198866723348901534968613777196479352984819056551075203232767814418887473393430383366604048943151665889441032436190109423782838247479434651788361632895571705866649683134980746631477423480187474846662089959404694304847110760639187807889406997531480555520.00000%", "3.18853e+300", " 3.188533889913e+300"]),
        (f64::from_bits(0x071df4db4f592bfd), "2.16309014799e-274", "2.1630901479943414e-274", ["2.163e-274", "2.16309e-274", "2.16309014799434e-274", "0.0000000000", "0", "2.1631e-274", "2.16309014799434136264e-274"], ["2.16309014799e-274", "2.16e-274", "2.16309014799e-274", "0.00", "0.00000%", "2.16309e-274", " 2.163090147994e-274"]),
        (f64::from_bits(0x07a18e7c7de94326), "6.49073710752e-272", "6.490737107516742e-272", ["6.491e-272", "6.49074e-272", "6.49073710751674e-272", "0.0000000000", "0", "6.4907e-272", "6.49073710751674248192e-272"], ["6.49073710752e-272", "6.49e-272", "6.49073710752e-272", "0.00", "0.00000%", "6.49074e-272", " 6.490737107517e-272"]),
        (f64::from_bits(0xe8dca47450fb953c), "-1.33815550408e+197", "-1.338155504084498e+197", ["-1.338e+197", "-1.33816e+197", "-1.3381555040845e+197", "-133815550408449795137164770363992677234929930891448275173281435276739697569326239444708752842570003755801142878961548424274004797404572673703570711835962911142051327191002393004844579632409269501952.0000000000", "-133815550408449795137164770363992677234929930891448275173281435276739697569326239444708752842570003755801142878961548424274004797404572673703570711835962911142051327191002393004844579632409269501952", "-1.3382e+197", "-1.33815550408449795137e+197"], ["-1.33815550408e+197", "-1.34e+197", "-1.33815550408e+197", "-133,815,550,408,449,795,137,164,770,363,992,677,234,929,930,891,448,275,173,281,435,276,739,697,569,326,239,444,708,752,842,570,003,755,801,142,878,961,548,424,274,004,797,404,572,673,703,570,711,835,962,911,142,051,327,191,002,393,004,844,579,632,409,269,501,952.00", "-13381555040844979779285473444782817068287096365379141182124702391189931356654693044672655214683121745161365420510797676872065222863707775043646740009949910818965122102393915272400093380937536466059264.00000%", "-1.33816e+197", "-1.338155504084e+197"]),
        (f64::from_bits(0x84428f09620e8232), "-3.80875093445e-288", "-3.8087509344542234e-288", ["-3.809e-288", "-3.80875e-288", "-3.80875093445422e-288", "-0.0000000000", "-0", "-3.8088e-288", "-3.80875093445422340857e-288"], ["-3.80875093445e-288", "-3.81e-288", "-3.80875093445e-288", "-0.00", "-0.00000%", "-3.80875e-288", "-3.808750934454e-288"]),
        (f64::from_bits(0x9ea23fc57108957a), "-4.05633610737e-161", "-4.05633610737405e-161", ["-4.056e-161", "-4.05634e-161", "-4.05633610737405e-161", "-0.0000000000", "-0", "-4.0563e-161", "-4.05633610737404992140e-161"], ["-4.05633610737e-161", "-4.06e-161", "-4.05633610737e-161", "-0.00", "-0.00000%", "-4.05634e-161", "-4.056336107374e-161"]),
        (f64::from_bits(0x3af21d11c79aff1c), "9.364487182e-25", "9.364487181997027e-25", ["9.364e-25", "9.36449e-25", "9.36448718199703e-25", "0.0000000000", "0", "9.3645e-25", "9.36448718199702732609e-25"], ["9.364487182e-25", "9.36e-25", "9.364487182e-25", "0.00", "0.00000%", "9.36449e-25", "  9.364487181997e-25"]),
        (f64::from_bits(0x6b40e24df5bd153f), "4.33653054057e+208", "4.336530540568569e+208", ["4.337e+208", "4.33653e+208", "4.33653054056857e+208", "43365305405685692973466893370876265942056233710206972166044252512983511322564717693548190641552749829148808688878407020175974131440826353056925152823485311775940794184977624038590394844810794590458295829397504.0000000000", "43365305405685692973466893370876265942056233710206972166044252512983511322564717693548190641552749829148808688878407020175974131440826353056925152823485311775940794184977624038590394844810794590458295829397504", "4.3365e+208", "4.33653054056856929735e+208"], ["4.33653054057e+208", "4.34e+208", "4.33653054057e+208", "43,365,305,405,685,692,973,466,893,370,876,265,942,056,233,710,206,972,166,044,252,512,983,511,322,564,717,693,548,190,641,552,749,829,148,808,688,878,407,020,175,974,131,440,826,353,056,925,152,823,485,311,775,940,794,184,977,624,038,590,394,844,810,794,590,458,295,829,397,504.00", "4336530540568569041850014750244694350300013451804383022583628845378995019821690766995409700469341338583763435115042314413628077022795825907125050885324003275445045514053767861747337720306242254404874817129938944.00000%", "4.33653e+208", " 4.336530540569e+208"]),
        (f64::from_bits(0xe5c3234cd48511bc), "-1.58825954027e+182", "-1.5882595402664158e+182", ["-1.588e+182", "-1.58826e+182", "-1.58825954026642e+182", "-158825954026641577985919608239737222843591730576693015783626973695856677705795877116262664083392878218101406133767988241851896827701386328258998168524930335280325241298761617065902080.0000000000", "-158825954026641577985919608239737222843591730576693015783626973695856677705795877116262664083392878218101406133767988241851896827701386328258998168524930335280325241298761617065902080", "-1.5883e+182", "-1.58825954026641577986e+182"], ["-1.58825954027e+182", "-1.59e+182", "-1.58825954027e+182", "-158,825,954,026,641,577,985,919,608,239,737,222,843,591,730,576,693,015,783,626,973,695,856,677,705,795,877,116,262,664,083,392,878,218,101,406,133,767,988,241,851,896,827,701,386,328,258,998,168,524,930,335,280,325,241,298,761,617,065,902,080.00", "-15882595402664158270337263926666391314553495681202912942977849921640721317605375242329286707357894332575981260584144766868736561615619245297222895593092112598211805558963167162764623872.00000%", "-1.58826e+182", "-1.588259540266e+182"]),
        (f64::from_bits(0x67d632b3c5a33272), "1.58245797683e+192", "1.5824579768278197e+192", ["1.582e+192", "1.58246e+192", "1.58245797682782e+192", "1582457976827819661659323477881970018378342406474722665807394371084423858297468542892576304415891791296688853984758212534306542445295658096369835956448208275897027828944106330752483000005427200.0000000000", "1582457976827819661659323477881970018378342406474722665807394371084423858297468542892576304415891791296688853984758212534306542445295658096369835956448208275897027828944106330752483000005427200", "1.5825e+192", "1.58245797682781966166e+192"], ["1.58245797683e+192", "1.58e+192", "1.58245797683e+192", "1,582,457,976,827,819,661,659,323,477,881,970,018,378,342,406,474,722,665,807,394,371,084,423,858,297,468,542,892,576,304,415,891,791,296,688,853,984,758,212,534,306,542,445,295,658,096,369,835,956,448,208,275,897,027,828,944,106,330,752,483,000,005,427,200.00", "158245797682781964139801698920524658814197588454522485812943425271314993253742298776243562368880123270436927904772796698646529922605352341670601234603914915535564680299701801502405622558399397888.00000%", "1.58246e+192", " 1.582457976828e+192"]),
        (f64::from_bits(0x86578fce47527c0d), "-4.15366434584e-278", "-4.153664345842736e-278", ["-4.154e-278", "-4.15366e-278", "-4.15366434584274e-278", "-0.0000000000", "-0", "-4.1537e-278", "-4.15366434584273627540e-278"], ["-4.15366434584e-278", "-4.15e-278", "-4.15366434584e-278", "-0.00", "-0.00000%", "-4.15366e-278", "-4.153664345843e-278"]),
        (f64::from_bits(0x00c1799e33ae4a2f), "4.97706520577e-305", "4.97706520576923e-305", ["4.977e-305", "4.97707e-305", "4.97706520576923e-305", "0.0000000000", "0", "4.9771e-305", "4.97706520576923040296e-305"], ["4.97706520577e-305", "4.98e-305", "4.97706520577e-305", "0.00", "0.00000%", "4.97707e-305", " 4.977065205769e-305"]),
        (f64::from_bits(0xe5c56f797f041761), "-1.77893447368e+182", "-1.7789344736825026e+182", ["-1.779e+182", "-1.77893e+182", "-1.7789344736825e+182", "-177893447368250263552853244255045806171940013082006209047660659234847750665575492236432611210901912497001171908985709605060820823200160009208051514133619452392240154134241340385394688.0000000000", "-177893447368250263552853244255045806171940013082006209047660659234847750665575492236432611210901912497001171908985709605060820823200160009208051514133619452392240154134241340385394688", "-1.7789e+182", "-1.77893447368250263553e+182"], ["-1.77893447368e+182", "-1.78e+182", "-1.77893447368e+182", "-177,893,447,368,250,263,552,853,244,255,045,806,171,940,013,082,006,209,047,660,659,234,847,750,665,575,492,236,432,611,210,901,912,497,001,171,908,985,709,605,060,820,823,200,160,009,208,051,514,133,619,452,392,240,154,134,241,340,385,394,688.00", "-17789344736825027180839604855216751420034065899384440792842582889581118773852677402373546644372752643540338323511426360202289120299607072745620539209410333612037757914326393586844696576.00000%", "-1.77893e+182", "-1.778934473683e+182"]),
        (f64::from_bits(0x143e0b0f6d9952ed), "3.56968012884e-211", "3.569680128843868e-211", ["3.570e-211", "3.56968e-211", "3.56968012884387e-211", "0.0000000000", "0", "3.5697e-211", "3.56968012884386813442e-211"], ["3.56968012884e-211", "3.57e-211", "3.56968012884e-211", "0.00", "0.00000%", "3.56968e-211", " 3.569680128844e-211"]),
        (f64::from_bits(0x16ae5760301db6e5), "1.98192507395e-199", "1.9819250739488298e-199", ["1.982e-199", "1.98193e-199", "1.98192507394883e-199", "0.0000000000", "0", "1.9819e-199", "1.98192507394882977514e-199"], ["1.98192507395e-199", "1.98e-199", "1.98192507395e-199", "0.00", "0.00000%", "1.98193e-199", " 1.981925073949e-199"]),
        (f64::from_bits(0xa4d1f156105b2df3), "-2.52784340379e-131", "-2.5278434037904817e-131", ["-2.528e-131", "-2.52784e-131", "-2.52784340379048e-131", "-0.0000000000", "-0", "-2.5278e-131", "-2.52784340379048171889e-131"], ["-2.52784340379e-131", "-2.53e-131", "-2.52784340379e-131", "-0.00", "-0.00000%", "-2.52784e-131", "-2.527843403790e-131"]),
        (f64::from_bits(0x7286bc51a191f3bf), "4.85124627999e+243", "4.851246279986029e+243", ["4.851e+243", "4.85125e+243", "4.85124627998603e+243", "4851246279986029286664243190977307926268304447956972383811006351287597641124880938941767616020928808161060128314053446292480619306853696735887146128258335469556905304058757262276288742790168455333105897303084299626004174646658402905274609303552.0000000000", "4851246279986029286664243190977307926268304447956972383811006351287597641124880938941767616020928808161060128314053446292480619306853696735887146128258335469556905304058757262276288742790168455333105897303084299626004174646658402905274609303552", "4.8512e+243", "4.85124627998602928666e+243"], ["4.85124627999e+243", "4.85e+243", "4.85124627999e+243", "4,851,246,279,986,029,286,664,243,190,977,307,926,268,304,447,956,972,383,811,006,351,287,597,641,124,880,938,941,767,616,020,928,808,161,060,128,314,053,446,292,480,619,306,853,696,735,887,146,128,258,335,469,556,905,304,058,757,262,276,288,742,790,168,455,333,105,897,303,084,299,626,004,174,646,658,402,905,274,609,303,552.00", "485124627998602907440591025923975819886876500972420115728362119861423283695761011506761392843033888011127767127254278899923618805846478182961643697193605538928325441952227338666720998993959543088277387735798442117207850363073494086914320350838784.00000%", "4.85125e+243", " 4.851246279986e+243"]),
        (f64::from_bits(0x6ea90aadb092c9c5), "1.15864611198e+225", "1.1586461119828858e+225", ["1.159e+225", "1.15865e+225", "1.15864611198289e+225", "1158646111982885826221537505938695505712622628083810588388850783321335943749762789945994957542579485439103349805723038336194108946958894586812290686916337460519102602525526368333438456994722273994550132516145991318246967476224.0000000000", "1158646111982885826221537505938695505712622628083810588388850783321335943749762789945994957542579485439103349805723038336194108946958894586812290686916337460519102602525526368333438456994722273994550132516145991318246967476224", "1.1586e+225", "1.15864611198288582622e+225"], ["1.15864611198e+225", "1.16e+225", "1.15864611198e+225", "1,158,646,111,982,885,826,221,537,505,938,695,505,712,622,628,083,810,588,388,850,783,321,335,943,749,762,789,945,994,957,542,579,485,439,103,349,805,723,038,336,194,108,946,958,894,586,812,290,686,916,337,460,519,102,602,525,526,368,333,438,456,994,722,273,994,550,132,516,145,991,318,246,967,476,224.00", "115864611198288584594704713674509615786633468888429308420262504390823791686831617645374053615663256836535286084667973043738024215762721101063516162510560194724840799247007955566552722372638951721328922458235618108559666148540416.00000%", "1.15865e+225", " 1.158646111983e+225"]),
        (f64::from_bits(0xc4a13adb33b230ce), "-4.06829682646e+22", "-4.068296826464996e+22", ["-4.068e+22", "-4.0683e+22", "-4.068296826465e+22", "-40682968264649962684416.0000000000", "-40682968264649962684416", "-4.0683e+22", "-4.06829682646499626844e+22"], ["-4.06829682646e+22", "-4.07e+22", "-4.06829682646e+22", "-40,682,968,264,649,962,684,416.00", "-4068296826464996335550464.00000%", "-4.0683e+22", " -4.068296826465e+22"]),
        (f64::from_bits(0x42a052c40ef64edb), "8.97383133879e+12", "8973831338791.428", ["8.974e+12", "8.97383e+12", "8973831338791.43", "8973831338791.4277343750", "8973831338791", "8.9738e+12", "8.97383133879142773438e+12"], ["8.97383133879e+12", "8.97e+12", "8.97383133879e+12", "8,973,831,338,791.43", "897383133879142.75000%", "8.97383e+12", "  8.973831338791e+12"]),
        (f64::from_bits(0x423608b1bc60e663), "94635146336.9", "94635146336.89995", ["9.464e+10", "9.46351e+10", "94635146336.8999", "94635146336.8999481201", "94635146337", "9.4635e+10", "9.46351463368999481201e+10"], ["94635146336.9", "9.46e+10", "94,635,146,336.9", "94,635,146,336.90", "9463514633689.99414%", "9.46351e+10", "  9.463514633690e+10"]),
        (f64::from_bits(0x40f7a8a84d07dbae), "96906.5188063", "96906.51880632222", ["9.691e+04", "96906.5", "96906.5188063222", "96906.5188063222", "96907", "96907.", "9.69065188063222158235e+04"], ["96906.5188063", "9.69e+04", "96,906.5188063", "96,906.52", "9690651.88063%", "96906.5", "  9.690651880632e+04"]),
        (f64::from_bits(0x3d32ad70f45d9b72), "6.63558267878e-14", "6.635582678776669e-14", ["6.636e-14", "6.63558e-14", "6.63558267877667e-14", "0.0000000000", "0", "6.6356e-14", "6.63558267877666869454e-14"], ["6.63558267878e-14", "6.64e-14", "6.63558267878e-14", "0.00", "0.00000%", "6.63558e-14", "  6.635582678777e-14"]),
        (f64::from_bits(0xc1f34eb0efe21c65), "-5182787326.13", "-5182787326.131932", ["-5.183e+09", "-5.18279e+09", "-5182787326.13193", "-5182787326.1319322586", "-5182787326", "-5.1828e+09", "-5.18278732613193225861e+09"], ["-5182787326.13", "-5.18e+09", "-5,182,787,326.13", "-5,182,787,326.13", "-518278732613.19324%", "-5.18279e+09", " -5.182787326132e+09"]),
        (f64::from_bits(0x3e08ac2746f49558), "7.18063509617e-10", "7.180635096169157e-10", ["7.181e-10", "7.18064e-10", "7.18063509616916e-10", "0.0000000007", "0", "7.1806e-10", "7.18063509616915723840e-10"], ["7.18063509617e-10", "7.18e-10", "7.18063509617e-10", "0.00", "0.00000%", "7.18064e-10", "  7.180635096169e-10"]),
        (f64::from_bits(0xbe67205ceb1995ae), "-4.30763099746e-08", "-4.3076309974570146e-08", ["-4.308e-08", "-4.30763e-08", "-4.30763099745701e-08", "-0.0000000431", "-0", "-4.3076e-08", "-4.30763099745701461861e-08"], ["-4.30763099746e-08", "-4.31e-08", "-4.30763099746e-08", "-0.00", "-0.00000%", "-4.30763e-08", " -4.307630997457e-08"]),
        (f64::from_bits(0x3f82d3a498324220), "0.00919273938624", "0.00919273938623727", ["9.193e-03", "0.00919274", "0.00919273938623727", "0.0091927394", "0", "0.0091927", "9.19273938623726971642e-03"], ["0.00919273938624", "0.00919", "0.00919273938624", "0.01", "0.91927%", "0.00919274", "  9.192739386237e-03"]),
        (f64::from_bits(0x4392c2ccb79fe084), "3.37966981799e+17", "3.379669817994857e+17", ["3.380e+17", "3.37967e+17", "3.37966981799486e+17", "337966981799485696.0000000000", "337966981799485696", "3.3797e+17", "3.37966981799485696000e+17"], ["3.37966981799e+17", "3.38e+17", "3.37966981799e+17", "337,966,981,799,485,696.00", "33796698179948568576.00000%", "3.37967e+17", "  3.379669817995e+17"]),
        (f64::from_bits(0x3fd7a6a5bc52cd94), "0.369546350393", "0.3695463503929315", ["3.695e-01", "0.369546", "0.369546350392931", "0.3695463504", "0", "0.36955", "3.69546350392931488571e-01"], ["0.369546350393", "0.37", "0.369546350393", "0.37", "36.95464%", "0.369546", "  3.695463503929e-01"]),
        (f64::from_bits(0xc1c5155ef2562b6e), "-707444196.673", "-707444196.6732004", ["-7.074e+08", "-7.07444e+08", "-707444196.6732", "-707444196.6732003689", "-707444197", "-7.0744e+08", "-7.07444196673200368881e+08"], ["-707444196.673", "-7.07e+08", "-707,444,196.673", "-707,444,196.67", "-70744419667.32004%", "-7.07444e+08", " -7.074441966732e+08"]),
        (f64::from_bits(0xc443fa30844ced1b), "-7.3703238435e+20", "-7.370323843495519e+20", ["-7.370e+20", "-7.37032e+20", "-7.37032384349552e+20", "-737032384349551853568.0000000000", "-737032384349551853568", "-7.3703e+20", "-7.37032384349551853568e+20"], ["-7.3703238435e+20", "-7.37e+20", "-7.3703238435e+20", "-737,032,384,349,551,853,568.00", "-73703238434955183783936.00000%", "-7.37032e+20", " -7.370323843496e+20"]),
        (f64::from_bits(0x41b9128a4e2e894a), "420645454.182", "420645454.18178236", ["4.206e+08", "4.20645e+08", "420645454.181782", "420645454.1817823648", "420645454", "4.2065e+08", "4.20645454181782364845e+08"], ["420645454.182", "4.21e+08", "420,645,454.182", "420,645,454.18", "42064545418.17824%", "4.20645e+08", "  4.206454541818e+08"]),
        (f64::from_bits(0x426096b99d2b5f13), "5.69985788251e+11", "569985788250.9711", ["5.700e+11", "5.69986e+11", "569985788250.971", "569985788250.9710693359", "569985788251", "5.6999e+11", "5.69985788250971069336e+11"], ["5.69985788251e+11", "5.7e+11", "5.69985788251e+11", "569,985,788,250.97", "56998578825097.10938%", "5.69986e+11", "  5.699857882510e+11"]),
        (f64::from_bits(0x3bc67f333bbfa7a2), "9.52779738343e-21", "9.5277973834291e-21", ["9.528e-21", "9.5278e-21", "9.5277973834291e-21", "0.0000000000", "0", "9.5278e-21", "9.52779738342909983621e-21"], ["9.52779738343e-21", "9.53e-21", "9.52779738343e-21", "0.00", "0.00000%", "9.5278e-21", "  9.527797383429e-21"]),
        (f64::from_bits(0xbf4556cf473693fa), "-0.000651217660949", "-0.0006512176609488878", ["-6.512e-04", "-0.000651218", "-0.000651217660948888", "-0.0006512177", "-0", "-0.00065122", "-6.51217660948887793262e-04"], ["-0.000651217660949", "-0.000651", "-0.000651217660949", "-0.00", "-0.06512%", "-0.000651218", " -6.512176609489e-04"]),
        (f64::from_bits(0x42cc9ce406c3e7c0), "6.2920332249e+13", "62920332249039.5", ["6.292e+13", "6.29203e+13", "62920332249039.5", "62920332249039.5000000000", "62920332249040", "6.2920e+13", "6.29203322490395000000e+13"], ["6.2920332249e+13", "6.29e+13", "6.2920332249e+13", "62,920,332,249,039.50", "6292033224903950.00000%", "6.29203e+13", "  6.292033224904e+13"]),
        (f64::from_bits(0x4195bc5fef51114e), "91166715.8292", "91166715.82916757", ["9.117e+07", "9.11667e+07", "91166715.8291676", "91166715.8291675746", "91166716", "9.1167e+07", "9.11667158291675746441e+07"], ["91166715.8292", "9.12e+07", "91,166,715.8292", "91,166,715.83", "9116671582.91676%", "9.11667e+07", "  9.116671582917e+07"]),
        (f64::from_bits(0xbb86d05898ccbbd5), "-6.03877631156e-22", "-6.0387763115614e-22", ["-6.039e-22", "-6.03878e-22", "-6.0387763115614e-22", "-0.0000000000", "-0", "-6.0388e-22", "-6.03877631156139987116e-22"], ["-6.03877631156e-22", "-6.04e-22", "-6.03877631156e-22", "-0.00", "-0.00000%", "-6.03878e-22", " -6.038776311561e-22"]),
        (f64::from_bits(0x44b364adb20334d2), "9.15821536517e+22", "9.158215365173403e+22", ["9.158e+22", "9.15822e+22", "9.1582153651734e+22", "91582153651734026649600.0000000000", "91582153651734026649600", "9.1582e+22", "9.15821536517340266496e+22"], ["9.15821536517e+22", "9.16e+22", "9.15821536517e+22", "91,582,153,651,734,026,649,600.00", "9158215365173402530742272.00000%", "9.15822e+22", "  9.158215365173e+22"]),
        (f64::from_bits(0xc40db0cf5d1a0f2d), "-6.84620102969e+19", "-6.846201029686707e+19", ["-6.846e+19", "-6.8462e+19", "-6.84620102968671e+19", "-68462010296867069952.0000000000", "-68462010296867069952", "-6.8462e+19", "-6.84620102968670699520e+19"], ["-6.84620102969e+19", "-6.85e+19", "-6.84620102969e+19", "-68,462,010,296,867,069,952.00", "-6846201029686706831360.00000%", "-6.8462e+19", " -6.846201029687e+19"]),
        (f64::from_bits(0xc1c70f96be5f5e42), "-773795196.745", "-773795196.745064", ["-7.738e+08", "-7.73795e+08", "-773795196.745064", "-773795196.7450640202", "-773795197", "-7.7380e+08", "-7.73795196745064020157e+08"], ["-773795196.745", "-7.74e+08", "-773,795,196.745", "-773,795,196.75", "-77379519674.50641%", "-7.73795e+08", " -7.737951967451e+08"]),
        (f64::from_bits(0x3e3abfc0c70d8473), "6.22799510648e-09", "6.227995106478122e-09", ["6.228e-09", "6.228e-09", "6.22799510647812e-09", "0.0000000062", "0", "6.2280e-09", "6.22799510647812172141e-09"], ["6.22799510648e-09", "6.23e-09", "6.22799510648e-09", "0.00", "0.00000%", "6.228e-09", "  6.227995106478e-09"]),
        (f64::from_bits(0xbbad6ccfac6dc2eb), "-3.11549770159e-21", "-3.115497701589851e-21", ["-3.115e-21", "-3.1155e-21", "-3.11549770158985e-21", "-0.0000000000", "-0", "-3.1155e-21", "-3.11549770158985095858e-21"], ["-3.11549770159e-21", "-3.12e-21", "-3.11549770159e-21", "-0.00", "-0.00000%", "-3.1155e-21", " -3.115497701590e-21"]),
        (f64::from_bits(0x421173a1fc886b20), "18738609954.1", "18738609954.104614", ["1.874e+10", "1.87386e+10", "18738609954.1046", "18738609954.1046142578", "18738609954", "1.8739e+10", "1.87386099541046142578e+10"], ["18738609954.1", "1.87e+10", "18,738,609,954.1", "18,738,609,954.10", "1873860995410.46143%", "1.87386e+10", "  1.873860995410e+10"]),
        (f64::from_bits(0x40f310594491505f), "78085.5792401", "78085.57924014468", ["7.809e+04", "78085.6", "78085.5792401447", "78085.5792401447", "78086", "78086.", "7.80855792401446815347e+04"], ["78085.5792401", "7.81e+04", "78,085.5792401", "78,085.58", "7808557.92401%", "78085.6", "  7.808557924014e+04"]),
        (f64::from_bits(0xbfd3ccd4c25f60f8), "-0.309376897637", "-0.309376897637335", ["-3.094e-01", "-0.309377", "-0.309376897637335", "-0.3093768976", "-0", "-0.30938", "-3.09376897637335002145e-01"], ["-0.309376897637", "-0.309", "-0.309376897637", "-0.31", "-30.93769%", "-0.309377", " -3.093768976373e-01"]),
        (f64::from_bits(0x3c9bbba821ec2267), "9.62182911419e-17", "9.621829114186651e-17", ["9.622e-17", "9.62183e-17", "9.62182911418665e-17", "0.0000000000", "0", "9.6218e-17", "9.62182911418665098842e-17"], ["9.62182911419e-17", "9.62e-17", "9.62182911419e-17", "0.00", "0.00000%", "9.62183e-17", "  9.621829114187e-17"]),
        (f64::from_bits(0xc32bc2b7eb684fec), "-3.90695977774e+15", "-3906959777736694.0", ["-3.907e+15", "-3.90696e+15", "-3.90695977773669e+15", "-3906959777736694.0000000000", "-3906959777736694", "-3.9070e+15", "-3.90695977773669400000e+15"], ["-3.90695977774e+15", "-3.91e+15", "-3.90695977774e+15", "-3,906,959,777,736,694.00", "-390695977773669376.00000%", "-3.90696e+15", " -3.906959777737e+15"]),
        (f64::from_bits(0xc230e709aff1e098), "-72595648497.9", "-72595648497.87732", ["-7.260e+10", "-7.25956e+10", "-72595648497.8773", "-72595648497.8773193359", "-72595648498", "-7.2596e+10", "-7.25956484978773193359e+10"], ["-72595648497.9", "-7.26e+10", "-72,595,648,497.9", "-72,595,648,497.88", "-7259564849787.73242%", "-7.25956e+10", " -7.259564849788e+10"]),
        (f64::from_bits(0x3cf6e82f8478bda3), "5.08637022701e-15", "5.086370227005687e-15", ["5.086e-15", "5.08637e-15", "5.08637022700569e-15", "0.0000000000", "0", "5.0864e-15", "5.08637022700568734579e-15"], ["5.08637022701e-15", "5.09e-15", "5.08637022701e-15", "0.00", "0.00000%", "5.08637e-15", "  5.086370227006e-15"]),
        (f64::from_bits(0xc0f6999739fa17f9), "-92569.4516545", "-92569.45165452351", ["-9.257e+04", "-92569.5", "-92569.4516545235", "-92569.4516545235", "-92569", "-92569.", "-9.25694516545235092053e+04"], ["-92569.4516545", "-9.26e+04", "-92,569.4516545", "-92,569.45", "-9256945.16545%", "-92569.5", " -9.256945165452e+04"]),
        (f64::from_bits(0xbf6c670498a7421a), "-0.00346709153857", "-0.0034670915385748404", ["-3.467e-03", "-0.00346709", "-0.00346709153857484", "-0.0034670915", "-0", "-0.0034671", "-3.46709153857484037725e-03"], ["-0.00346709153857", "-0.00347", "-0.00346709153857", "-0.00", "-0.34671%", "-0.00346709", " -3.467091538575e-03"]),
        (f64::from_bits(0x3cc7d828056d8349), "6.61813955724e-16", "6.618139557236132e-16", ["6.618e-16", "6.61814e-16", "6.61813955723613e-16", "0.0000000000", "0", "6.6181e-16", "6.61813955723613211703e-16"], ["6.61813955724e-16", "6.62e-16", "6.61813955724e-16", "0.00", "0.00000%", "6.61814e-16", "  6.618139557236e-16"]),
        (f64::from_bits(0x3ed70c2cd61abe2e), "5.49496630391e-06", "5.494966303906273e-06", ["5.495e-06", "5.49497e-06", "5.49496630390627e-06", "0.0000054950", "0", "5.4950e-06", "5.49496630390627290887e-06"], ["5.49496630391e-06", "5.49e-06", "5.49496630391e-06", "0.00", "0.00055%", "5.49497e-06", "  5.494966303906e-06"]),
        (f64::from_bits(0x3ec04638e4f441be), "1.94004841315e-06", "1.940048413147566e-06", ["1.940e-06", "1.94005e-06", "1.94004841314757e-06", "0.0000019400", "0", "1.9400e-06", "1.94004841314756608150e-06"], ["1.94004841315e-06", "1.94e-06", "1.94004841315e-06", "0.00", "0.00019%", "1.94005e-06", "  1.940048413148e-06"]),
        (f64::from_bits(0x4168284ca363f63e), "12665445.106", "12665445.105952378", ["1.267e+07", "1.26654e+07", "12665445.1059524", "12665445.1059523784", "12665445", "1.2665e+07", "1.26654451059523783624e+07"], ["12665445.106", "1.27e+07", "12,665,445.106", "12,665,445.11", "1266544510.59524%", "1.26654e+07", "  1.266544510595e+07"]),
        (f64::from_bits(0x422a7e7bd3b22e0b), "56895597017.1", "56895597017.08993", ["5.690e+10", "5.68956e+10", "56895597017.0899", "56895597017.0899276733", "56895597017", "5.6896e+10", "5.68955970170899276733e+10"], ["56895597017.1", "5.69e+10", "56,895,597,017.1", "56,895,597,017.09", "5689559701708.99316%", "5.68956e+10", "  5.689559701709e+10"]),
        (f64::from_bits(0xc150b6f976ea158b), "-4381669.85804", "-4381669.858037363", ["-4.382e+06", "-4.38167e+06", "-4381669.85803736", "-4381669.8580373628", "-4381670", "-4.3817e+06", "-4.38166985803736280650e+06"], ["-4381669.85804", "-4.38e+06", "-4,381,669.85804", "-4,381,669.86", "-438166985.80374%", "-4.38167e+06", " -4.381669858037e+06"]),
        (f64::from_bits(0x40d57045a6bd81e1), "21953.088302", "21953.088302018008", ["2.195e+04", "21953.1", "21953.088302018", "21953.0883020180", "21953", "21953.", "2.19530883020180081076e+04"], ["21953.088302", "2.2e+04", "21,953.088302", "21,953.09", "2195308.83020%", "21953.1", "  2.195308830202e+04"]),
        (f64::from_bits(0x4234c1bc4a4ea029), "89149688398.6", "89149688398.62563", ["8.915e+10", "8.91497e+10", "89149688398.6256", "89149688398.6256256104", "89149688399", "8.9150e+10", "8.91496883986256256104e+10"], ["89149688398.6", "8.91e+10", "89,149,688,398.6", "89,149,688,398.63", "8914968839862.56250%", "8.91497e+10", "  8.914968839863e+10"]),
        (f64::from_bits(0xc0802a85514937e1), "-517.315096447", "-517.3150964470079", ["-5.173e+02", "-517.315", "-517.315096447008", "-517.3150964470", "-517", "-517.32", "-5.17315096447007931602e+02"], ["-517.315096447", "-5.17e+02", "-517.315096447", "-517.32", "-51731.50964%", "-517.315", " -5.173150964470e+02"]),
        (f64::from_bits(0x42a137f2e65728eb), "9.46599802767e+12", "9465998027668.459", ["9.466e+12", "9.466e+12", "9465998027668.46", "9465998027668.4589843750", "9465998027668", "9.4660e+12", "9.46599802766845898438e+12"], ["9.46599802767e+12", "9.47e+12", "9.46599802767e+12", "9,465,998,027,668.46", "946599802766845.87500%", "9.466e+12", "  9.465998027668e+12"]),
        (f64::from_bits(0xc47330afc0c9e60a), "-5.66394195214e+21", "-5.663941952137708e+21", ["-5.664e+21", "-5.66394e+21", "-5.66394195213771e+21", "-5663941952137708175360.0000000000", "-5663941952137708175360", "-5.6639e+21", "-5.66394195213770817536e+21"], ["-5.66394195214e+21", "-5.66e+21", "-5.66394195214e+21", "-5,663,941,952,137,708,175,360.00", "-566394195213770842701824.00000%", "-5.66394e+21", " -5.663941952138e+21"]),
        (f64::from_bits(0x43df83c948ec0884), "9.08351980864e+18", "9.083519808638685e+18", ["9.084e+18", "9.08352e+18", "9.08351980863869e+18", "9083519808638685184.0000000000", "9083519808638685184", "9.0835e+18", "9.08351980863868518400e+18"], ["9.08351980864e+18", "9.08e+18", "9.08351980864e+18", "9,083,519,808,638,685,184.00", "908351980863868502016.00000%", "9.08352e+18", "  9.083519808639e+18"]),
        (f64::from_bits(0x4018c3883c3a541c), "6.19094938379", "6.190949383792965", ["6.191e+00", "6.19095", "6.19094938379297", "6.1909493838", "6", "6.1909", "6.19094938379296522157e+00"], ["6.19094938379", "6.19", "6.19094938379", "6.19", "619.09494%", "6.19095", "  6.190949383793e+00"]),
        (f64::from_bits(0xc231af50558e9cc4), "-75955721614.6", "-75955721614.61237", ["-7.596e+10", "-7.59557e+10", "-75955721614.6124", "-75955721614.6123657227", "-75955721615", "-7.5956e+10", "-7.59557216146123657227e+10"], ["-75955721614.6", "-7.6e+10", "-75,955,721,614.6", "-75,955,721,614.61", "-7595572161461.23633%", "-7.59557e+10", " -7.595572161461e+10"]),
        (f64::from_bits(0x3c32fd45835674e6), "1.02941428899e-18", "1.0294142889881199e-18", ["1.029e-18", "1.02941e-18", "1.02941428898812e-18", "0.0000000000", "0", "1.0294e-18", "1.02941428898811986937e-18"], ["1.02941428899e-18", "1.03e-18", "1.02941428899e-18", "0.00", "0.00000%", "1.02941e-18", "  1.029414288988e-18"]),
        (f64::from_bits(0xc2d0dd208133259e), "-7.41676766199e+13", "-74167676619926.47", ["-7.417e+13", "-7.41677e+13", "-74167676619926.5", "-74167676619926.4687500000", "-74167676619926", "-7.4168e+13", "-7.41676766199264687500e+13"], ["-7.41676766199e+13", "-7.42e+13", "-7.41676766199e+13", "-74,167,676,619,926.47", "-7416767661992647.00000%", "-7.41677e+13", " -7.416767661993e+13"]),
        (f64::from_bits(0xbc9d035265c4c331), "-1.00658981277e-16", "-1.0065898127723162e-16", ["-1.007e-16", "-1.00659e-16", "-1.00658981277232e-16", "-0.0000000000", "-0", "-1.0066e-16", "-1.00658981277231617745e-16"], ["-1.00658981277e-16", "-1.01e-16", "-1.00658981277e-16", "-0.00", "-0.00000%", "-1.00659e-16", " -1.006589812772e-16"]),
        (f64::from_bits(0xbd2b71b6ba4bf4c0), "-4.87506825198e-14", "-4.87506825197638e-14", ["-4.875e-14", "-4.87507e-14", "-4.87506825197638e-14", "-0.0000000000", "-0", "-4.8751e-14", "-4.87506825197637999824e-14"], ["-4.87506825198e-14", "-4.88e-14", "-4.87506825198e-14", "-0.00", "-0.00000%", "-4.87507e-14", " -4.875068251976e-14"]),
        (f64::from_bits(0xbc30bc531fb2d7b9), "-9.07241044924e-19", "-9.072410449239117e-19", ["-9.072e-19", "-9.07241e-19", "-9.07241044923912e-19", "-0.0000000000", "-0", "-9.0724e-19", "-9.07241044923911671970e-19"], ["-9.07241044924e-19", "-9.07e-19", "-9.07241044924e-19", "-0.00", "-0.00000%", "-9.07241e-19", " -9.072410449239e-19"]),
        (f64::from_bits(0x3ed6f0f4fabdd027), "5.46961738822e-06", "5.4696173882214424e-06", ["5.470e-06", "5.46962e-06", "5.46961738822144e-06", "0.0000054696", "0", "5.4696e-06", "5.46961738822144244958e-06"], ["5.46961738822e-06", "5.47e-06", "5.46961738822e-06", "0.00", "0.00055%", "5.46962e-06", "  5.469617388221e-06"]),
        (f64::from_bits(0xbbbfde5b4b9a64d5), "-6.74843442831e-21", "-6.74843442831126e-21", ["-6.748e-21", "-6.74843e-21", "-6.74843442831126e-21", "-0.0000000000", "-0", "-6.7484e-21", "-6.74843442831126025146e-21"], ["-6.74843442831e-21", "-6.75e-21", "-6.74843442831e-21", "-0.00", "-0.00000%", "-6.74843e-21", " -6.748434428311e-21"]),
        (f64::from_bits(0x3f81318f1a07ea67), "0.00839530752363", "0.008395307523632668", ["8.395e-03", "0.00839531", "0.00839530752363267", "0.0083953075", "0", "0.0083953", "8.39530752363266789817e-03"], ["0.00839530752363", "0.0084", "0.00839530752363", "0.01", "0.83953%", "0.00839531", "  8.395307523633e-03"]),
        (f64::from_bits(0x4124ffc85b0245f1), "688100.177752", "688100.1777517182", ["6.881e+05", "688100", "688100.177751718", "688100.1777517182", "688100", "6.8810e+05", "6.88100177751718205400e+05"], ["688100.177752", "6.88e+05", "688,100.177752", "688,100.18", "68810017.77517%", "688100", "  6.881001777517e+05"]),
        (f64::from_bits(0xc39d57cfdf4359fd), "-5.28596776972e+17", "-5.285967769720912e+17", ["-5.286e+17", "-5.28597e+17", "-5.28596776972091e+17", "-528596776972091200.0000000000", "-528596776972091200", "-5.2860e+17", "-5.28596776972091200000e+17"], ["-5.28596776972e+17", "-5.29e+17", "-5.28596776972e+17", "-528,596,776,972,091,200.00", "-52859677697209122816.00000%", "-5.28597e+17", " -5.285967769721e+17"]),
        (f64::from_bits(0xc502960cc31e7554), "-2.80865689328e+24", "-2.8086568932783433e+24", ["-2.809e+24", "-2.80866e+24", "-2.80865689327834e+24", "-2808656893278343347044352.0000000000", "-2808656893278343347044352", "-2.8087e+24", "-2.80865689327834334704e+24"], ["-2.80865689328e+24", "-2.81e+24", "-2.80865689328e+24", "-2,808,656,893,278,343,347,044,352.00", "-280865689327834326114500608.00000%", "-2.80866e+24", " -2.808656893278e+24"]),
        (f64::from_bits(0xbe960c04b62c09dd), "-3.28525109492e-07", "-3.2852510949157354e-07", ["-3.285e-07", "-3.28525e-07", "-3.28525109491574e-07", "-0.0000003285", "-0", "-3.2853e-07", "-3.28525109491573543011e-07"], ["-3.28525109492e-07", "-3.29e-07", "-3.28525109492e-07", "-0.00", "-0.00003%", "-3.28525e-07", " -3.285251094916e-07"]),
        (f64::from_bits(0x40ab5bc373e3e326), "3501.88174355", "3501.881743546942", ["3.502e+03", "3501.88", "3501.88174354694", "3501.8817435469", "3502", "3501.9", "3.50188174354694183421e+03"], ["3501.88174355", "3.5e+03", "3,501.88174355", "3,501.88", "350188.17435%", "3501.88", "  3.501881743547e+03"]),
        (f64::from_bits(0xbcb3f6282988dfef), "-2.77022159756e-16", "-2.770221597561902e-16", ["-2.770e-16", "-2.77022e-16", "-2.7702215975619e-16", "-0.0000000000", "-0", "-2.7702e-16", "-2.77022159756190180305e-16"], ["-2.77022159756e-16", "-2.77e-16", "-2.77022159756e-16", "-0.00", "-0.00000%", "-2.77022e-16", " -2.770221597562e-16"]),
        (f64::from_bits(0x3f80ac17e7394be7), "0.0081407420577", "0.008140742057696172", ["8.141e-03", "0.00814074", "0.00814074205769617", "0.0081407421", "0", "0.0081407", "8.14074205769617191553e-03"], ["0.0081407420577", "0.00814", "0.0081407420577", "0.01", "0.81407%", "0.00814074", "  8.140742057696e-03"]),
        (f64::from_bits(0x43d4bb155c68dead), "5.97524475218e+18", "5.975244752176199e+18", ["5.975e+18", "5.97524e+18", "5.9752447521762e+18", "5975244752176198656.0000000000", "5975244752176198656", "5.9752e+18", "5.97524475217619865600e+18"], ["5.97524475218e+18", "5.98e+18", "5.97524475218e+18", "5,975,244,752,176,198,656.00", "597524475217619845120.00000%", "5.97524e+18", "  5.975244752176e+18"]),
        (f64::from_bits(0xbf801faf01c35257), "-0.00787293171053", "-0.00787293171053098", ["-7.873e-03", "-0.00787293", "-0.00787293171053098", "-0.0078729317", "-0", "-0.0078729", "-7.87293171053097921852e-03"], ["-0.00787293171053", "-0.00787", "-0.00787293171053", "-0.01", "-0.78729%", "-0.00787293", " -7.872931710531e-03"]),
        (f64::from_bits(0xc0fb561e5d9adbeb), "-111969.897853", "-111969.89785276323", ["-1.120e+05", "-111970", "-111969.897852763", "-111969.8978527632", "-111970", "-1.1197e+05", "-1.11969897852763228002e+05"], ["-111969.897853", "-1.12e+05", "-111,969.897853", "-111,969.90", "-11196989.78528%", "-111970", " -1.119698978528e+05"]),
        (f64::from_bits(0xbf816a2e52195345), "-0.00850330532118", "-0.008503305321178831", ["-8.503e-03", "-0.00850331", "-0.00850330532117883", "-0.0085033053", "-0", "-0.0085033", "-8.50330532117883099164e-03"], ["-0.00850330532118", "-0.0085", "-0.00850330532118", "-0.01", "-0.85033%", "-0.00850331", " -8.503305321179e-03"]),
        (f64::from_bits(0x3f128bb79407d1aa), "7.07464978474e-05", "7.074649784739062e-05", ["7.075e-05", "7.07465e-05", "7.07464978473906e-05", "0.0000707465", "0", "7.0746e-05", "7.07464978473906216331e-05"], ["7.07464978474e-05", "7.07e-05", "7.07464978474e-05", "0.00", "0.00707%", "7.07465e-05", "  7.074649784739e-05"]),
        (f64::from_bits(0x3e69fdbcbf07b313), "4.84123104971e-08", "4.841231049713415e-08", ["4.841e-08", "4.84123e-08", "4.84123104971341e-08", "0.0000000484", "0", "4.8412e-08", "4.84123104971341484382e-08"], ["4.84123104971e-08", "4.84e-08", "4.84123104971e-08", "0.00", "0.00000%", "4.84123e-08", "  4.841231049713e-08"]),
        (f64::from_bits(0xc4801ed6f93951d1), "-9.51584456544e+21", "-9.515844565442811e+21", ["-9.516e+21", "-9.51584e+21", "-9.51584456544281e+21", "-9515844565442811133952.0000000000", "-9515844565442811133952", "-9.5158e+21", "-9.51584456544281113395e+21"], ["-9.51584456544e+21", "-9.52e+21", "-9.51584456544e+21", "-9,515,844,565,442,811,133,952.00", "-951584456544281172115456.00000%", "-9.51584e+21", " -9.515844565443e+21"]),
        (f64::from_bits(0xc2bac9dcf4df6a09), "-2.94542977842e+13", "-29454297784170.035", ["-2.945e+13", "-2.94543e+13", "-29454297784170", "-29454297784170.0351562500", "-29454297784170", "-2.9454e+13", "-2.94542977841700351562e+13"], ["-2.94542977842e+13", "-2.95e+13", "-2.94542977842e+13", "-29,454,297,784,170.04", "-2945429778417003.50000%", "-2.94543e+13", " -2.945429778417e+13"]),
        (f64::from_bits(0x3f321aa2ae8a8446), "0.000276245801198", "0.00027624580119762034", ["2.762e-04", "0.000276246", "0.00027624580119762", "0.0002762458", "0", "0.00027625", "2.76245801197620341992e-04"], ["0.000276245801198", "0.000276", "0.000276245801198", "0.00", "0.02762%", "0.000276246", "  2.762458011976e-04"]),
        (f64::from_bits(0xbd99b10d3de407a0), "-5.84159540795e-12", "-5.841595407954052e-12", ["-5.842e-12", "-5.8416e-12", "-5.84159540795405e-12", "-0.0000000000", "-0", "-5.8416e-12", "-5.84159540795405188169e-12"], ["-5.84159540795e-12", "-5.84e-12", "-5.84159540795e-12", "-0.00", "-0.00000%", "-5.8416e-12", " -5.841595407954e-12"]),
        (f64::from_bits(0xbe3081ef262eb713), "-3.84346474345e-09", "-3.843464743448224e-09", ["-3.843e-09", "-3.84346e-09", "-3.84346474344822e-09", "-0.0000000038", "-0", "-3.8435e-09", "-3.84346474344822429235e-09"], ["-3.84346474345e-09", "-3.84e-09", "-3.84346474345e-09", "-0.00", "-0.00000%", "-3.84346e-09", " -3.843464743448e-09"]),
        (f64::from_bits(0x405f84b86b9a5f97), "126.073756123", "126.0737561233094", ["1.261e+02", "126.074", "126.073756123309", "126.0737561233", "126", "126.07", "1.26073756123309394184e+02"], ["126.073756123", "1.26e+02", "126.073756123", "126.07", "12607.37561%", "126.074", "  1.260737561233e+02"]),
        (f64::from_bits(0x414e1323d50c9ff3), "3941959.66445", "3941959.6644477784", ["3.942e+06", "3.94196e+06", "3941959.66444778", "3941959.6644477784", "3941960", "3.9420e+06", "3.94195966444777837023e+06"], ["3941959.66445", "3.94e+06", "3,941,959.66445", "3,941,959.66", "394195966.44478%", "3.94196e+06", "  3.941959664448e+06"]),
        (f64::from_bits(0x429dba1d2b5c8449), "8.17129762589e+12", "8171297625889.071", ["8.171e+12", "8.1713e+12", "8171297625889.07", "8171297625889.0712890625", "8171297625889", "8.1713e+12", "8.17129762588907128906e+12"], ["8.17129762589e+12", "8.17e+12", "8.17129762589e+12", "8,171,297,625,889.07", "817129762588907.12500%", "8.1713e+12", "  8.171297625889e+12"]),
        (f64::from_bits(0xbc94bed31f3c998a), "-7.19750959053e-17", "-7.197509590531912e-17", ["-7.198e-17", "-7.19751e-17", "-7.19750959053191e-17", "-0.0000000000", "-0", "-7.1975e-17", "-7.19750959053191180510e-17"], ["-7.19750959053e-17", "-7.2e-17", "-7.19750959053e-17", "-0.00", "-0.00000%", "-7.19751e-17", " -7.197509590532e-17"]),
        (f64::from_bits(0x3bbd0dad02861220), "6.15230124056e-21", "6.1523012405589435e-21", ["6.152e-21", "6.1523e-21", "6.15230124055894e-21", "0.0000000000", "0", "6.1523e-21", "6.15230124055894346507e-21"], ["6.15230124056e-21", "6.15e-21", "6.15230124056e-21", "0.00", "0.00000%", "6.1523e-21", "  6.152301240559e-21"]),
        (f64::from_bits(0xc0b4f72104ebab7c), "-5367.12898133", "-5367.128981332175", ["-5.367e+03", "-5367.13", "-5367.12898133217", "-5367.1289813322", "-5367", "-5367.1", "-5.36712898133217458962e+03"], ["-5367.12898133", "-5.37e+03", "-5,367.12898133", "-5,367.13", "-536712.89813%", "-5367.13", " -5.367128981332e+03"]),
        (f64::from_bits(0x407e800000000000), "488.0", "488.0", ["4.880e+02", "488", "488", "488.0000000000", "488", "488.00", "4.88000000000000000000e+02"], ["488.0", "4.88e+02", "488.0", "488.00", "48800.00000%", "488", "  4.880000000000e+02"]),
        (f64::from_bits(0x4080f00000000000), "542.0", "542.0", ["5.420e+02", "542", "542", "542.0000000000", "542", "542.00", "5.42000000000000000000e+02"], ["542.0", "5.42e+02", "542.0", "542.00", "54200.00000%", "542", "  5.420000000000e+02"]),
        (f64::from_bits(0x406a2a3d70a3d70a), "209.32", "209.32", ["2.093e+02", "209.32", "209.32", "209.3200000000", "209", "209.32", "2.09319999999999993179e+02"], ["209.32", "2.09e+02", "209.32", "209.32", "20932.00000%", "209.32", "  2.093200000000e+02"]),
        (f64::from_bits(0x407bb7851eb851ec), "443.47", "443.47", ["4.435e+02", "443.47", "443.47", "443.4700000000", "443", "443.47", "4.43470000000000027285e+02"], ["443.47", "4.43e+02", "443.47", "443.47", "44347.00000%", "443.47", "  4.434700000000e+02"]),
        (f64::from_bits(0x408b64374bc6a7f0), "876.527", "876.527", ["8.765e+02", "876.527", "876.527", "876.5270000000", "877", "876.53", "8.76527000000000043656e+02"], ["876.527", "8.77e+02", "876.527", "876.53", "87652.70000%", "876.527", "  8.765270000000e+02"]),
        (f64::from_bits(0x4073431a9fbe76c9), "308.194", "308.194", ["3.082e+02", "308.194", "308.194", "308.1940000000", "308", "308.19", "3.08194000000000016826e+02"], ["308.194", "3.08e+02", "308.194", "308.19", "30819.40000%", "308.194", "  3.081940000000e+02"]),
        (f64::from_bits(0x405eb9999999999a), "122.9", "122.9", ["1.229e+02", "122.9", "122.9", "122.9000000000", "123", "122.90", "1.22900000000000005684e+02"], ["122.9", "1.23e+02", "122.9", "122.90", "12290.00000%", "122.9", "  1.229000000000e+02"]),
        (f64::from_bits(0x404731eb851eb852), "46.39", "46.39", ["4.639e+01", "46.39", "46.39", "46.3900000000", "46", "46.390", "4.63900000000000005684e+01"], ["46.39", "46.4", "46.39", "46.39", "4639.00000%", "46.39", "  4.639000000000e+01"]),
        (f64::from_bits(0x4087340624dd2f1b), "742.503", "742.503", ["7.425e+02", "742.503", "742.503", "742.5030000000", "743", "742.50", "7.42503000000000042746e+02"], ["742.503", "7.43e+02", "742.503", "742.50", "74250.30000%", "742.503", "  7.425030000000e+02"]),
        (f64::from_bits(0x4071000000000000), "272.0", "272.0", ["2.720e+02", "272", "272", "272.0000000000", "272", "272.00", "2.72000000000000000000e+02"], ["272.0", "2.72e+02", "272.0", "272.00", "27200.00000%", "272", "  2.720000000000e+02"]),
        (f64::from_bits(0x40899f3333333333), "819.9", "819.9", ["8.199e+02", "819.9", "819.9", "819.9000000000", "820", "819.90", "8.19899999999999977263e+02"], ["819.9", "8.2e+02", "819.9", "819.90", "81990.00000%", "819.9", "  8.199000000000e+02"]),
        (f64::from_bits(0x406f0a0c49ba5e35), "248.314", "248.314", ["2.483e+02", "248.314", "248.314", "248.3140000000", "248", "248.31", "2.48313999999999992951e+02"], ["248.314", "2.48e+02", "248.314", "248.31", "24831.40000%", "248.314", "  2.483140000000e+02"]),
        (f64::from_bits(0x40843b1eb851eb85), "647.39", "647.39", ["6.474e+02", "647.39", "647.39", "647.3900000000", "647", "647.39", "6.47389999999999986358e+02"], ["647.39", "6.47e+02", "647.39", "647.39", "64739.00000%", "647.39", "  6.473900000000e+02"]),
        (f64::from_bits(0x40659d89374bc6a8), "172.923", "172.923", ["1.729e+02", "172.923", "172.923", "172.9230000000", "173", "172.92", "1.72923000000000001819e+02"], ["172.923", "1.73e+02", "172.923", "172.92", "17292.30000%", "172.923", "  1.729230000000e+02"]),
        (f64::from_bits(0x4084d00000000000), "666.0", "666.0", ["6.660e+02", "666", "666", "666.0000000000", "666", "666.00", "6.66000000000000000000e+02"], ["666.0", "6.66e+02", "666.0", "666.00", "66600.00000%", "666", "  6.660000000000e+02"]),
        (f64::from_bits(0x405e42e147ae147b), "121.045", "121.045", ["1.210e+02", "121.045", "121.045", "121.0450000000", "121", "121.05", "1.21045000000000001705e+02"], ["121.045", "1.21e+02", "121.045", "121.05", "12104.50000%", "121.045", "  1.210450000000e+02"]),
        (f64::from_bits(0x4056000000000000), "88.0", "88.0", ["8.800e+01", "88", "88", "88.0000000000", "88", "88.000", "8.80000000000000000000e+01"], ["88.0", "88.0", "88.0", "88.00", "8800.00000%", "88", "  8.800000000000e+01"]),
        (f64::from_bits(0x408e300000000000), "966.0", "966.0", ["9.660e+02", "966", "966", "966.0000000000", "966", "966.00", "9.66000000000000000000e+02"], ["966.0", "9.66e+02", "966.0", "966.00", "96600.00000%", "966", "  9.660000000000e+02"]),
        (f64::from_bits(0x4082903d70a3d70a), "594.03", "594.03", ["5.940e+02", "594.03", "594.03", "594.0300000000", "594", "594.03", "5.94029999999999972715e+02"], ["594.03", "5.94e+02", "594.03", "594.03", "59403.00000%", "594.03", "  5.940300000000e+02"]),
        (f64::from_bits(0x4071300000000000), "275.0", "275.0", ["2.750e+02", "275", "275", "275.0000000000", "275", "275.00", "2.75000000000000000000e+02"], ["275.0", "2.75e+02", "275.0", "275.00", "27500.00000%", "275", "  2.750000000000e+02"]),
        (f64::from_bits(0x407a900000000000), "425.0", "425.0", ["4.250e+02", "425", "425", "425.0000000000", "425", "425.00", "4.25000000000000000000e+02"], ["425.0", "4.25e+02", "425.0", "425.00", "42500.00000%", "425", "  4.250000000000e+02"]),
        (f64::from_bits(0x40664526e978d4fe), "178.161", "178.161", ["1.782e+02", "178.161", "178.161", "178.1610000000", "178", "178.16", "1.78161000000000001364e+02"], ["178.161", "1.78e+02", "178.161", "178.16", "17816.10000%", "178.161", "  1.781610000000e+02"]),
        (f64::from_bits(0x4080d65532617c1c), "538.7916", "538.7916", ["5.388e+02", "538.792", "538.7916", "538.7916000000", "539", "538.79", "5.38791600000000016735e+02"], ["538.7916", "5.39e+02", "538.7916", "538.79", "53879.16000%", "538.792", "  5.387916000000e+02"]),
        (f64::from_bits(0x40838752f1a9fbe7), "624.9155", "624.9155", ["6.249e+02", "624.915", "624.9155", "624.9155000000", "625", "624.92", "6.24915499999999951797e+02"], ["624.9155", "6.25e+02", "624.9155", "624.92", "62491.55000%", "624.915", "  6.249155000000e+02"]),
        (f64::from_bits(0x4074f70a3d70a3d7), "335.44", "335.44", ["3.354e+02", "335.44", "335.44", "335.4400000000", "335", "335.44", "3.35439999999999997726e+02"], ["335.44", "3.35e+02", "335.44", "335.44", "33544.00000%", "335.44", "  3.354400000000e+02"]),
        (f64::from_bits(0x403b000000000000), "27.0", "27.0", ["2.700e+01", "27", "27", "27.0000000000", "27", "27.000", "2.70000000000000000000e+01"], ["27.0", "27.0", "27.0", "27.00", "2700.00000%", "27", "  2.700000000000e+01"]),
        (f64::from_bits(0x40734e83126e978d), "308.907", "308.907", ["3.089e+02", "308.907", "308.907", "308.9070000000", "309", "308.91", "3.08906999999999982265e+02"], ["308.907", "3.09e+02", "308.907", "308.91", "30890.70000%", "308.907", "  3.089070000000e+02"]),
        (f64::from_bits(0x402370a3d70a3d71), "9.72", "9.72", ["9.720e+00", "9.72", "9.72", "9.7200000000", "10", "9.7200", "9.72000000000000063949e+00"], ["9.72", "9.72", "9.72", "9.72", "972.00000%", "9.72", "  9.720000000000e+00"]),
        (f64::from_bits(0x404455e353f7ced9), "40.671", "40.671", ["4.067e+01", "40.671", "40.671", "40.6710000000", "41", "40.671", "4.06709999999999993747e+01"], ["40.671", "40.7", "40.671", "40.67", "4067.10000%", "40.671", "  4.067100000000e+01"]),
        (f64::from_bits(0x408cfa624dd2f1aa), "927.298", "927.298", ["9.273e+02", "927.298", "927.298", "927.2980000000", "927", "927.30", "9.27298000000000001819e+02"], ["927.298", "9.27e+02", "927.298", "927.30", "92729.80000%", "927.298", "  9.272980000000e+02"]),
    ];

    const FLOAT_PERCENT_FORMATS: [&str; 7] =
        ["%.3e", "%g", "%.15g", "%.10f", "%.0f", "%#.5g", "%.20e"];
    const FLOAT_SPECS: [&str; 7] = ["", ".3", ",", ",.2f", ".5%", "n", ">20.12e"];
}
