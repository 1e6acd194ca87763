//! Arithmetic and the other binary and unary operators.
//!
//! Integers are 64-bit: a result beyond that is a limit stop, not a Python `long`. The `%` of
//! strings is formatting, which needs attribute access; it is `types::str::percent`.

use super::compare::{int, num};
use crate::budget::Budget;
use crate::dict::Key;
use crate::error::ExcKind;
use crate::value::Value;
use crate::value::{overflow, raise, R};
use rustpython_parser::ast;

fn unsupported(op: &str, l: &Value, r: &Value) -> crate::Error {
    raise(
        ExcKind::TypeError,
        format!(
            "unsupported operand type(s) for {op}: '{}' and '{}'",
            l.type_name(),
            r.type_name()
        ),
    )
}

fn floor_div(a: i64, b: i64) -> R<i64> {
    if b == 0 {
        return Err(raise(
            ExcKind::ZeroDivisionError,
            "integer division or modulo by zero",
        ));
    }
    let q = a.checked_div(b).ok_or_else(overflow)?;
    Ok(if (a % b != 0) && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    })
}

fn floor_mod(a: i64, b: i64) -> R<i64> {
    if b == 0 {
        return Err(raise(
            ExcKind::ZeroDivisionError,
            "integer division or modulo by zero",
        ));
    }
    let r = a.checked_rem(b).ok_or_else(overflow)?;
    Ok(if r != 0 && ((r < 0) != (b < 0)) {
        r + b
    } else {
        r
    })
}

fn float_mod(a: f64, b: f64) -> R<f64> {
    if b == 0.0 {
        return Err(raise(ExcKind::ZeroDivisionError, "float modulo"));
    }
    let r = a % b;
    Ok(if r != 0.0 && ((r < 0.0) != (b < 0.0)) {
        r + b
    } else {
        r
    })
}

/// How many times a sequence of `len` items is repeated by `* n`, charged first.
fn repeat(b: &Budget, n: i64, len: usize) -> R<usize> {
    let n = n.max(0) as usize;
    let total = n.checked_mul(len).ok_or_else(overflow)?;
    b.items(total)?;
    Ok(n)
}

fn op_symbol(op: ast::Operator) -> &'static str {
    use ast::Operator::*;
    match op {
        Add => "+",
        Sub => "-",
        Mult => "*",
        Div => "/",
        FloorDiv => "//",
        Mod => "%",
        Pow => "** or pow()",
        LShift => "<<",
        RShift => ">>",
        BitAnd => "&",
        BitOr => "|",
        BitXor => "^",
        MatMult => "@",
    }
}

fn int_op(op: ast::Operator, a: i64, b: i64, true_div: bool) -> R<Value> {
    use ast::Operator::*;
    Ok(Value::Int(match op {
        Add => a.checked_add(b).ok_or_else(overflow)?,
        Sub => a.checked_sub(b).ok_or_else(overflow)?,
        Mult => a.checked_mul(b).ok_or_else(overflow)?,
        Div if true_div => {
            if b == 0 {
                return Err(raise(ExcKind::ZeroDivisionError, "division by zero"));
            }
            return Ok(Value::Float(a as f64 / b as f64));
        }
        Div | FloorDiv => floor_div(a, b)?,
        Mod => floor_mod(a, b)?,
        Pow => {
            if b < 0 {
                if a == 0 {
                    return Err(raise(
                        ExcKind::ZeroDivisionError,
                        "0.0 cannot be raised to a negative power",
                    ));
                }
                return Ok(Value::Float((a as f64).powf(b as f64)));
            }
            let e = u32::try_from(b).map_err(|_| overflow())?;
            a.checked_pow(e).ok_or_else(overflow)?
        }
        LShift => {
            if b < 0 {
                return Err(raise(ExcKind::ValueError, "negative shift count"));
            }
            if b >= 63 && a != 0 {
                return Err(overflow());
            }
            let v = a.checked_shl(b as u32).ok_or_else(overflow)?;
            if v >> b != a {
                return Err(overflow());
            }
            v
        }
        RShift => {
            if b < 0 {
                return Err(raise(ExcKind::ValueError, "negative shift count"));
            }
            a >> b.min(63)
        }
        BitAnd => a & b,
        BitOr => a | b,
        BitXor => a ^ b,
        MatMult => return Err(unsupported("@", &Value::Int(a), &Value::Int(b))),
    }))
}

fn float_op(op: ast::Operator, a: f64, b: f64, l: &Value, r: &Value) -> R<Value> {
    use ast::Operator::*;
    Ok(Value::Float(match op {
        Add => a + b,
        Sub => a - b,
        Mult => a * b,
        Div => {
            if b == 0.0 {
                return Err(raise(ExcKind::ZeroDivisionError, "float division by zero"));
            }
            a / b
        }
        FloorDiv => {
            if b == 0.0 {
                return Err(raise(ExcKind::ZeroDivisionError, "float divmod()"));
            }
            (a / b).floor()
        }
        Mod => float_mod(a, b)?,
        Pow => {
            if a == 0.0 && b < 0.0 {
                return Err(raise(
                    ExcKind::ZeroDivisionError,
                    "0.0 cannot be raised to a negative power",
                ));
            }
            let v = a.powf(b);
            if v.is_infinite() && a.is_finite() {
                return Err(raise(
                    ExcKind::OverflowError,
                    "(34, 'Numerical result out of range')",
                ));
            }
            v
        }
        other => return Err(unsupported(op_symbol(other), l, r)),
    }))
}

/// A byte string's bytes (text in UTF-8).
fn raw_bytes(v: &Value) -> &[u8] {
    match v {
        Value::Str(s) => s.as_bytes(),
        Value::Bytes(b) => b,
        _ => &[],
    }
}

/// A binary arithmetic operator.
pub fn binop(b: &Budget, op: ast::Operator, l: &Value, r: &Value, true_div: bool) -> R<Value> {
    use ast::Operator::*;
    if let (Some(x), Some(y)) = (int(l), int(r)) {
        return int_op(op, x, y, true_div);
    }
    if let (Some(x), Some(y)) = (num(l), num(r)) {
        return float_op(op, x, y, l, r);
    }
    match (op, l, r) {
        (Add, Value::Str(x), Value::Str(y)) => {
            b.string(x.len() + y.len())?;
            let mut s = String::with_capacity(x.len() + y.len());
            s.push_str(x);
            s.push_str(y);
            Ok(Value::str(s))
        }
        (Add, Value::Bytes(_), Value::Str(_) | Value::Bytes(_))
        | (Add, Value::Str(_), Value::Bytes(_)) => {
            let (x, y) = (raw_bytes(l), raw_bytes(r));
            b.string(x.len() + y.len())?;
            Ok(Value::bytes(&[x, y].concat()))
        }
        (Add, Value::List(x), Value::List(y)) => {
            b.items(x.borrow().len() + y.borrow().len())?;
            let mut v = x.borrow().clone();
            v.extend(y.borrow().iter().cloned());
            Ok(Value::list(v))
        }
        (Add, Value::Tuple(x), Value::Tuple(y)) => {
            b.items(x.len() + y.len())?;
            let mut v = (**x).clone();
            v.extend(y.iter().cloned());
            Ok(Value::tuple(v))
        }
        (Mult, Value::Str(s), n) | (Mult, n, Value::Str(s)) if int(n).is_some() => {
            let n = int(n).unwrap_or(0).max(0) as usize;
            let total = n.checked_mul(s.len()).ok_or_else(overflow)?;
            b.string(total)?;
            Ok(Value::str(s.repeat(n)))
        }
        (Mult, Value::List(l), n) | (Mult, n, Value::List(l)) if int(n).is_some() => {
            let items = l.borrow().clone();
            let n = repeat(b, int(n).unwrap_or(0), items.len())?;
            Ok(Value::list(
                (0..n).flat_map(|_| items.iter().cloned()).collect(),
            ))
        }
        (Mult, Value::Tuple(t), n) | (Mult, n, Value::Tuple(t)) if int(n).is_some() => {
            let n = repeat(b, int(n).unwrap_or(0), t.len())?;
            Ok(Value::tuple(
                (0..n).flat_map(|_| t.iter().cloned()).collect(),
            ))
        }
        (Sub, Value::Set(x), Value::Set(y)) => {
            let items: Vec<(Key, Value)> = {
                let y = y.borrow();
                x.borrow()
                    .iter_keyed()
                    .filter(|(k, _, _)| !y.contains(&k.id))
                    .map(|(k, v, _)| (k.clone(), v.clone()))
                    .collect()
            };
            let mut d = crate::dict::Dict::new_set();
            for (k, v) in items {
                d.insert(k, v, Value::None);
            }
            Ok(Value::set(d))
        }
        (BitOr, Value::Set(x), Value::Set(y)) => {
            // `set_or`: a copy of `x`, then `y` merged in.
            let mut d = x.borrow().copy();
            if !std::rc::Rc::ptr_eq(x, y) {
                d.merge(&y.borrow());
            }
            b.items(d.len())?;
            Ok(Value::set(d))
        }
        (BitAnd, Value::Set(x), Value::Set(y)) => Ok(Value::set(super::set_intersection(
            &x.borrow(),
            &y.borrow(),
        ))),
        (BitXor, Value::Set(x), Value::Set(y)) => {
            // `set_symmetric_difference`: a copy of `y`, then each member of `x` toggled.
            let mut d = y.borrow().copy();
            super::set_toggle_all(&mut d, &x.borrow());
            b.items(d.len())?;
            Ok(Value::set(d))
        }
        _ => Err(unsupported(op_symbol(op), l, r)),
    }
}

/// A unary operator other than `not`.
pub fn unary(op: ast::UnaryOp, v: &Value) -> R<Value> {
    match (op, v) {
        (ast::UnaryOp::USub, v) if int(v).is_some() => Ok(Value::Int(
            int(v).unwrap_or(0).checked_neg().ok_or_else(overflow)?,
        )),
        (ast::UnaryOp::USub, Value::Float(f)) => Ok(Value::Float(-f)),
        (ast::UnaryOp::UAdd, v) if int(v).is_some() => Ok(Value::Int(int(v).unwrap_or(0))),
        (ast::UnaryOp::UAdd, Value::Float(f)) => Ok(Value::Float(*f)),
        (ast::UnaryOp::Invert, v) if int(v).is_some() => Ok(Value::Int(!int(v).unwrap_or(0))),
        (op, v) => Err(raise(
            ExcKind::TypeError,
            format!(
                "bad operand type for unary {}: '{}'",
                match op {
                    ast::UnaryOp::USub => "-",
                    ast::UnaryOp::UAdd => "+",
                    _ => "~",
                },
                v.type_name()
            ),
        )),
    }
}
