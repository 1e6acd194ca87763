//! `hashlib`: md5, sha1 and the sha2 family, as incremental hash objects (memory stays constant
//! however much is fed).

use crate::budget::Budget;
use crate::error::ExcKind;
use crate::value::Vm;
use crate::value::{method_of, Args, MethodDef, NativeFn, Object, Value};
use crate::value::{raise, R};
use sha2::Digest;
use std::cell::RefCell;

pub static FUNCTIONS: &[NativeFn] = &[
    NativeFn::family("md5", named, "md5"),
    NativeFn::family("sha1", named, "sha1"),
    NativeFn::family("sha224", named, "sha224"),
    NativeFn::family("sha256", named, "sha256"),
    NativeFn::family("sha384", named, "sha384"),
    NativeFn::family("sha512", named, "sha512"),
    NativeFn::new("new", new),
];

static METHODS: &[MethodDef] = &[
    MethodDef::native("update", update),
    MethodDef::native("hexdigest", hexdigest),
    MethodDef::native("digest", digest),
    MethodDef::native("copy", copy),
];

#[derive(Clone)]
enum State {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha224(sha2::Sha224),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
}

impl State {
    fn named(name: &str) -> Option<State> {
        Some(match name {
            "md5" => State::Md5(Default::default()),
            "sha1" => State::Sha1(Default::default()),
            "sha224" => State::Sha224(Default::default()),
            "sha256" => State::Sha256(Default::default()),
            "sha384" => State::Sha384(Default::default()),
            "sha512" => State::Sha512(Default::default()),
            _ => return None,
        })
    }

    fn name(&self) -> &'static str {
        match self {
            State::Md5(_) => "md5",
            State::Sha1(_) => "sha1",
            State::Sha224(_) => "sha224",
            State::Sha256(_) => "sha256",
            State::Sha384(_) => "sha384",
            State::Sha512(_) => "sha512",
        }
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            State::Md5(h) => h.update(data),
            State::Sha1(h) => h.update(data),
            State::Sha224(h) => h.update(data),
            State::Sha256(h) => h.update(data),
            State::Sha384(h) => h.update(data),
            State::Sha512(h) => h.update(data),
        }
    }

    fn digest(&self) -> Vec<u8> {
        match self.clone() {
            State::Md5(h) => h.finalize().to_vec(),
            State::Sha1(h) => h.finalize().to_vec(),
            State::Sha224(h) => h.finalize().to_vec(),
            State::Sha256(h) => h.finalize().to_vec(),
            State::Sha384(h) => h.finalize().to_vec(),
            State::Sha512(h) => h.finalize().to_vec(),
        }
    }
}

/// A hash object.
struct Hasher(RefCell<State>);

impl Object for Hasher {
    fn type_name(&self) -> String {
        format!("{}_hash", self.0.borrow().name())
    }
    fn repr(&self, _: &Value, _: &Budget) -> R<String> {
        Ok(format!("<{} HASH object>", self.0.borrow().name()))
    }
    fn attr(&self, this: &Value, name: &str, _: &Budget) -> R<Option<Value>> {
        Ok(method_of(this, METHODS, name))
    }
}

/// The bytes a hash function consumes.
fn bytes_of(v: &Value) -> R<&[u8]> {
    match v {
        Value::Str(s) => Ok(s.as_bytes()),
        Value::Bytes(b) => Ok(b),
        other => Err(raise(
            ExcKind::TypeError,
            format!("must be string or buffer, not {}", other.type_name()),
        )),
    }
}

fn make(it: &mut dyn Vm, mut state: State, data: Option<&Value>) -> R<Value> {
    if let Some(d) = data {
        let bytes = bytes_of(d)?;
        it.budget().steps(bytes.len() as u64 / 64)?;
        state.update(bytes);
    }
    Ok(Value::object(Hasher(RefCell::new(state))))
}

fn named(it: &mut dyn Vm, name: &'static str, a: Args) -> R<Value> {
    a.arity(name, 0, 1)?;
    let state = State::named(name).unwrap_or(State::Sha256(Default::default()));
    make(it, state, a.pos.first())
}

fn new(it: &mut dyn Vm, a: Args) -> R<Value> {
    a.arity("new", 1, 2)?;
    let name = match &a.pos[0] {
        Value::Str(s) => s.to_lowercase(),
        other => {
            return Err(raise(
                ExcKind::TypeError,
                format!("new() argument 1 must be string, not {}", other.type_name()),
            ))
        }
    };
    let state = State::named(&name)
        .ok_or_else(|| raise(ExcKind::ValueError, format!("unsupported hash type {name}")))?;
    make(it, state, a.pos.get(1))
}

fn hasher(recv: &Value) -> &Hasher {
    recv.downcast::<Hasher>()
        .expect("hash methods are bound to hash objects")
}

fn update(it: &mut dyn Vm, recv: &Value, a: Args) -> R<Value> {
    a.arity("update", 1, 1)?;
    let bytes = bytes_of(&a.pos[0])?;
    it.budget().steps(bytes.len() as u64 / 64)?;
    hasher(recv).0.borrow_mut().update(bytes);
    Ok(Value::None)
}

fn hexdigest(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    let d = hasher(recv).0.borrow().digest();
    Ok(Value::str(
        d.iter().map(|b| format!("{b:02x}")).collect::<String>(),
    ))
}

fn digest(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    Ok(Value::bytes(&hasher(recv).0.borrow().digest()))
}

fn copy(_: &mut dyn Vm, recv: &Value, _: Args) -> R<Value> {
    let state = hasher(recv).0.borrow().clone();
    Ok(Value::object(Hasher(RefCell::new(state))))
}
