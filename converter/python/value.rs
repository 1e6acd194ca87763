//! Runtime values.
//!
//! Python's values (numbers, strings, containers, functions, classes, instances, modules,
//! exceptions) are variants of [`Value`]; objects an embedder defines in Rust are
//! [`Value::Object`], behind the [`Object`] trait, which is how the runtime asks them anything
//! (attributes, calls, equality, hashing, iteration, subclassing). Builtin functions, builtin
//! types and their methods are `&'static` descriptors ([`NativeFn`], [`TypeObj`], [`MethodDef`])
//! registered in tables next to the Rust function that implements each one.
//!
//! An exception in flight carries values, so it lives here too ([`Error`]): an [`Error`] is an
//! exception the program may catch, or a [`Stop`] it cannot, and `except` only ever sees the
//! first. Natives see the interpreter that calls them through the [`Vm`] trait, so nothing here
//! (and no native) depends on how the interpreter works.
//!
//! Containers are `Rc<RefCell<..>>` because Python lists and dicts are mutable and shared.

use crate::budget::Budget;
use crate::dict::{HashKey, Key};
use crate::error::{ExcKind, ExcType, Stop, Tag};
use crate::host::{Deps, Host};
use crate::py2order;
use crate::source::{FileId, Span};
use crate::HashMap;
use rustpython_parser::ast;
use std::any::Any;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Strings and names.
pub type Str = Rc<str>;

/// A dict (or set storage) of Python values.
pub type Dict = crate::dict::Dict<Value>;

/// Python's `UnicodeDecodeError` for byte `at` of `b`.
fn decode_error(codec: &str, b: &[u8], at: usize, why: &str) -> Error {
    let byte = b.get(at).copied().unwrap_or(0);
    raise(
        ExcKind::UnicodeDecodeError,
        format!("'{codec}' codec can't decode byte 0x{byte:02x} in position {at}: {why}"),
    )
}

/// A Python value.
#[derive(Clone, Default)]
pub enum Value {
    #[default]
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Str),
    /// A byte string that is not UTF-8 (a binary file's content): hashable and measurable only.
    Bytes(Rc<[u8]>),
    List(Rc<RefCell<Vec<Value>>>),
    Tuple(Rc<Vec<Value>>),
    Dict(Rc<RefCell<Dict>>),
    Set(Rc<RefCell<Dict>>),
    Function(Rc<Function>),
    /// A builtin function (`len`, `os.path.join`, an embedder's `include`).
    Native(&'static NativeFn),
    /// A builtin type (`int`, `str`, `list`, ...).
    Type(&'static TypeObj),
    /// A builtin or native exception class.
    ExcType(ExcType),
    /// A method of a builtin value bound to its receiver (`"a".join`), or unbound (`str.lower`).
    Method(Rc<BoundMethod>),
    /// A Python function bound to a first argument (instance or class method).
    Bound(Rc<(Value, Value)>),
    Class(Rc<Class>),
    Instance(Rc<Instance>),
    Module(Rc<Module>),
    Exception(Rc<ExcObj>),
    /// An object defined in Rust by the runtime or an embedder.
    Object(Rc<dyn Object>),
}

impl From<Str> for Value {
    fn from(s: Str) -> Value {
        Value::Str(s)
    }
}

// ---------------------------------------------------------------------------------------------
// Exceptions and stops.

/// An exception object: its class, its arguments and, for `class MyError(Exception)`, the user
/// class.
pub struct ExcObj {
    /// The builtin or native class, or the nearest one a user class derives from.
    pub ty: ExcType,
    pub class: Option<Rc<Class>>,
    pub args: Vec<Value>,
    pub tag: Option<Tag>,
}

impl ExcObj {
    /// `type(e).__name__`.
    pub fn type_name(&self) -> String {
        match &self.class {
            Some(c) => c.name.to_string(),
            None => self.ty.name().to_string(),
        }
    }
}

/// An exception in flight.
pub struct Raised {
    pub exc: Rc<ExcObj>,
    /// Where it was raised (the innermost statement or expression that knows).
    pub span: Option<Span>,
    /// Advice for the user, shown under the diagnostic (not part of the Python message).
    pub hint: Option<String>,
}

/// Everything that can end an operation early.
pub enum Error {
    Raise(Box<Raised>),
    Stop(Box<Stop>),
}

/// The result of everything that can raise or stop.
pub type R<T> = Result<T, Error>;

/// An exception of builtin class `kind` with one message argument.
pub fn raise(kind: ExcKind, msg: impl Into<String>) -> Error {
    raise_type(ExcType::Builtin(kind), msg)
}

/// An exception of any class with one message argument.
pub fn raise_type(ty: ExcType, msg: impl Into<String>) -> Error {
    exception(ty, vec![Value::str(msg.into())], None)
}

/// An exception with the given arguments and tag.
pub fn exception(ty: ExcType, args: Vec<Value>, tag: Option<Tag>) -> Error {
    Error::Raise(Box::new(Raised {
        exc: Rc::new(ExcObj {
            ty,
            class: None,
            args,
            tag,
        }),
        span: None,
        hint: None,
    }))
}

/// A resource limit stop.
pub fn limit(msg: impl Into<String>) -> Error {
    Stop::limit(msg).into()
}

/// A sandbox refusal.
pub fn sandbox(msg: impl Into<String>) -> Error {
    Stop::sandbox(msg).into()
}

/// The stop for an integer result beyond 64 bits.
pub fn overflow() -> Error {
    Stop::overflow().into()
}

impl Error {
    /// Attaches a location unless one is already set.
    pub fn at(mut self, span: Span) -> Error {
        match &mut self {
            Error::Raise(e) => {
                e.span.get_or_insert(span);
            }
            Error::Stop(s) => {
                s.span.get_or_insert(span);
            }
        }
        self
    }

    /// Adds advice shown under the diagnostic (an exception keeps its first hint).
    pub fn with_hint(mut self, hint: impl Into<String>) -> Error {
        match &mut self {
            Error::Raise(e) => {
                e.hint.get_or_insert(hint.into());
            }
            Error::Stop(s) => s.hints.push(hint.into()),
        }
        self
    }

    /// Whether this is an exception of builtin class `kind` (or a subclass).
    pub fn is(&self, kind: ExcKind) -> bool {
        matches!(self, Error::Raise(e) if e.exc.ty.is_kind(kind))
    }

    /// Whether this is an exception of class `ty` (or a subclass).
    pub fn is_type(&self, ty: ExcType) -> bool {
        matches!(self, Error::Raise(e) if e.exc.ty.is(ty))
    }

    /// The location, if known.
    pub fn span(&self) -> Option<Span> {
        match self {
            Error::Raise(e) => e.span,
            Error::Stop(s) => s.span,
        }
    }

    /// Replaces the location.
    pub fn set_span(&mut self, span: Option<Span>) {
        match self {
            Error::Raise(e) => e.span = span,
            Error::Stop(s) => s.span = span,
        }
    }
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Raise(e) => {
                let msg = match e.exc.args.first() {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => String::new(),
                };
                write!(f, "Raise({}: {msg:?} at {:?})", e.exc.type_name(), e.span)
            }
            Error::Stop(s) => write!(f, "{s:?}"),
        }
    }
}

impl From<Stop> for Error {
    fn from(s: Stop) -> Error {
        Error::Stop(Box::new(s))
    }
}

/// The arguments of a call.
pub struct Args {
    pub pos: Vec<Value>,
    pub kw: Vec<(Str, Value)>,
    /// The call expression (for errors and for objects that remember where they were made).
    pub span: Span,
}

impl Args {
    /// Positional arguments only.
    pub fn new(pos: Vec<Value>, span: Span) -> Args {
        Args {
            pos,
            kw: Vec::new(),
            span,
        }
    }

    /// Checks the number of positional arguments, with CPython's message.
    pub fn arity(&self, name: &str, min: usize, max: usize) -> R<()> {
        let n = self.pos.len();
        if n < min || n > max {
            let (qual, count) = if min == max {
                ("exactly", min)
            } else if n < min {
                ("at least", min)
            } else {
                ("at most", max)
            };
            return Err(raise(
                ExcKind::TypeError,
                format!(
                    "{name}() takes {qual} {count} argument{} ({n} given)",
                    if count == 1 { "" } else { "s" }
                ),
            ));
        }
        Ok(())
    }

    /// Refuses keyword arguments.
    pub fn no_kwargs(&self, name: &str) -> R<()> {
        if self.kw.is_empty() {
            Ok(())
        } else {
            Err(raise(
                ExcKind::TypeError,
                format!("{name}() takes no keyword arguments"),
            ))
        }
    }

    /// A keyword argument by name.
    pub fn kwarg(&self, name: &str) -> Option<&Value> {
        self.kw.iter().find(|(k, _)| &**k == name).map(|(_, v)| v)
    }

    /// Positional argument `i`, else the keyword argument `name`.
    pub fn get(&self, i: usize, name: &str) -> Option<&Value> {
        self.pos.get(i).or_else(|| self.kwarg(name))
    }

    /// Positional argument `i`, or a TypeError naming the function.
    pub fn req(&self, i: usize, name: &str) -> R<&Value> {
        self.pos.get(i).ok_or_else(|| {
            raise(
                ExcKind::TypeError,
                format!("{name}() missing required argument {}", i + 1),
            )
        })
    }
}

/// A native function's implementation.
pub type NativeCall = fn(&mut dyn Vm, Args) -> R<Value>;

/// The implementation of a family of native functions, told which member it runs as.
pub type FamilyCall = fn(&mut dyn Vm, &'static str, Args) -> R<Value>;

/// A builtin function.
pub struct NativeFn {
    pub name: &'static str,
    imp: Imp,
}

enum Imp {
    One(NativeCall),
    Family(FamilyCall, &'static str),
}

impl NativeFn {
    /// A builtin function named `name`.
    pub const fn new(name: &'static str, call: NativeCall) -> NativeFn {
        NativeFn {
            name,
            imp: Imp::One(call),
        }
    }

    /// A member of a family of functions that share one implementation, which receives
    /// `member` (`itertools.izip` is `zip`, `string.upper(s)` is `s.upper()`, `hashlib.md5` is
    /// `hashlib.new('md5')`).
    pub const fn family(name: &'static str, call: FamilyCall, member: &'static str) -> NativeFn {
        NativeFn {
            name,
            imp: Imp::Family(call, member),
        }
    }

    /// Runs the function.
    pub fn call(&self, vm: &mut dyn Vm, args: Args) -> R<Value> {
        match self.imp {
            Imp::One(f) => f(vm, args),
            Imp::Family(f, member) => f(vm, member, args),
        }
    }
}

/// A method's implementation: the receiver, then the arguments.
pub type MethodCall = fn(&mut dyn Vm, &Value, Args) -> R<Value>;

/// A method of a builtin type or of an embedder's object.
pub struct MethodDef {
    pub name: &'static str,
    pub call: MethodCall,
    /// Whether CPython would call it as a Python function (pystachio's methods are), which
    /// decides the order in which it receives keyword arguments (see `interp::call`).
    pub python: bool,
}

impl MethodDef {
    /// A method implemented in C in CPython.
    pub const fn native(name: &'static str, call: MethodCall) -> MethodDef {
        MethodDef {
            name,
            call,
            python: false,
        }
    }

    /// A method implemented in Python in the emulated library.
    pub const fn python(name: &'static str, call: MethodCall) -> MethodDef {
        MethodDef {
            name,
            call,
            python: true,
        }
    }
}

/// A method with its receiver (`None` for a method read from its type: `str.lower`).
pub struct BoundMethod {
    pub recv: Option<Value>,
    pub def: &'static MethodDef,
}

/// `name` looked up in a method table and bound to `this`: how an object hands out its methods.
pub fn method_of(this: &Value, table: &'static [MethodDef], name: &str) -> Option<Value> {
    table.iter().find(|m| m.name == name).map(|def| {
        Value::Method(Rc::new(BoundMethod {
            recv: Some(this.clone()),
            def,
        }))
    })
}

/// A builtin type.
pub struct TypeObj {
    pub name: &'static str,
    /// What calling the type does (`int('3')`); `None` when it cannot be called.
    pub new: Option<NativeCall>,
    pub methods: &'static [MethodDef],
    /// `isinstance(v, this type)`.
    pub check: fn(&Value) -> bool,
}

impl TypeObj {
    /// A method by name.
    pub fn method(&'static self, name: &str) -> Option<&'static MethodDef> {
        self.methods.iter().find(|m| m.name == name)
    }
}

/// What a native function can ask of the interpreter that calls it.
pub trait Vm {
    /// The run's budget (shared: hold it across calls back into the interpreter).
    fn budget(&self) -> Rc<Budget>;
    /// Calls any callable value.
    fn call(&mut self, f: &Value, args: Args) -> R<Value>;
    /// `obj.name` as the interpreter reads it (running `@property` getters).
    fn get_attr(&mut self, obj: &Value, name: &str) -> R<Value>;
    /// The builtin type whose methods a builtin value has.
    fn type_of(&self, v: &Value) -> Option<&'static TypeObj>;
    /// Where an object made at `span` comes from as far as the user is concerned: `span`
    /// itself in user code; inside a library file, the innermost call into it from user code.
    fn origin(&self, span: Span) -> Span;
    /// Resolves a path used by the program against the directory of the current file.
    fn resolve_path(&self, p: &str) -> PathBuf;
    /// The display form of a path (relative to the root when inside it).
    fn display_path(&self, p: &Path) -> String;
    /// Reads a file of at most `max` bytes through the host: a refusal stops the run, a
    /// missing file is an `IOError` naming `as_written`.
    fn read_file(&mut self, path: &Path, as_written: &str, max: usize) -> R<Vec<u8>>;
    /// The host, for `os.path` queries.
    fn host(&self) -> &dyn Host;
    /// What the run has read besides its sources.
    fn deps(&self) -> Rc<RefCell<Deps>>;
    /// What `os.environ` holds.
    fn environ(&self) -> Rc<BTreeMap<String, String>>;
    /// Reads, registers and executes another source file in the shared globals.
    fn exec_path(&mut self, p: &str, span: Span) -> R<()>;
    /// A module an embedder added to the import allow-list.
    fn extra_module(&self, name: &str) -> Option<Value>;
    /// The names of the modules embedders added, sorted.
    fn extra_modules(&self) -> Vec<String>;
}

/// Lets the runtime downcast embedder objects.
pub trait AsAny: Any {
    fn as_any(&self) -> &dyn Any;
    fn into_any(self: Rc<Self>) -> Rc<dyn Any>;
}

impl<T: Any> AsAny for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}

/// An object defined in Rust. Every method has a default that behaves like a plain Python
/// object, so an implementation states only what is special about it. `this` is the
/// [`Value::Object`] that holds `self`, for methods that hand out values referring to it.
pub trait Object: AsAny {
    /// `type(x).__name__`.
    fn type_name(&self) -> String;

    /// `repr(x)`.
    fn repr(&self, this: &Value, b: &Budget) -> R<String>;

    /// `str(x)`.
    fn str(&self, this: &Value, b: &Budget) -> R<String> {
        self.repr(this, b)
    }

    /// `x.name`, or `None` for an AttributeError.
    fn attr(&self, this: &Value, name: &str, b: &Budget) -> R<Option<Value>> {
        let _ = (this, name, b);
        Ok(None)
    }

    /// Why `x.name` is missing, for the AttributeError.
    fn no_attr(&self, name: &str) -> String {
        format!("'{}' object has no attribute '{name}'", self.type_name())
    }

    /// Whether the object can be called.
    fn callable(&self) -> bool {
        false
    }

    /// `x(*args, **kwargs)`.
    fn call(&self, this: &Value, it: &mut dyn Vm, args: Args) -> R<Value> {
        let _ = (this, it, args);
        Err(raise(
            ExcKind::TypeError,
            format!("'{}' object is not callable", self.type_name()),
        ))
    }

    /// Whether CPython would call it as a Python function (see [`MethodDef::python`]).
    fn python_call(&self) -> bool {
        false
    }

    /// `x == other`; the default is identity.
    fn eq(&self, this: &Value, other: &Value, b: &Budget) -> R<bool> {
        let _ = b;
        Ok(this.identity() == other.identity())
    }

    /// `x < other` and friends, when the object orders itself; `None` orders by type name.
    fn cmp(&self, this: &Value, other: &Value, b: &Budget) -> R<Option<Ordering>> {
        let _ = (this, other, b);
        Ok(None)
    }

    /// The dict key of the object, or `None` when it is unhashable. The default hashes by
    /// identity, with no reproducible CPython hash.
    fn key(&self, this: &Value, b: &Budget) -> R<Option<Key>> {
        let _ = b;
        Ok(Some(Key::identity(this)))
    }

    /// The items `for x in obj` visits, or `None` when it is not iterable.
    fn iter(&self, this: &Value, b: &Budget) -> R<Option<Vec<Value>>> {
        let _ = (this, b);
        Ok(None)
    }

    /// `obj[key]`, or `None` when it is not subscriptable.
    fn item(&self, this: &Value, key: &Value, b: &Budget) -> R<Option<Value>> {
        let _ = (this, key, b);
        Ok(None)
    }

    /// `needle in obj`, or `None` to test the items `iter` gives.
    fn contains(&self, this: &Value, needle: &Value, b: &Budget) -> R<Option<bool>> {
        let _ = (this, needle, b);
        Ok(None)
    }

    /// The items of a sequence, for slicing (`obj[1:]`), or `None`.
    fn sequence(&self, this: &Value, b: &Budget) -> R<Option<Vec<Value>>> {
        let _ = (this, b);
        Ok(None)
    }

    /// A dict with the object's contents, for `dict(obj)` and `d.update(obj)`, or `None`.
    fn mapping(&self, this: &Value, b: &Budget) -> R<Option<Value>> {
        let _ = (this, b);
        Ok(None)
    }

    /// `class Name(obj): ...`: the new class made from the body's namespace (in CPython's
    /// order), or `None` when the object cannot be a base class.
    fn subclass(
        &self,
        this: &Value,
        it: &mut dyn Vm,
        name: &str,
        namespace: &[(Str, Value)],
        span: Span,
    ) -> R<Option<Value>> {
        let _ = (this, it, name, namespace, span);
        Ok(None)
    }

    /// `isinstance(v, obj)` when the object is a type; `None` when it is not.
    fn instance_check(&self, v: &Value) -> Option<bool> {
        let _ = v;
        None
    }

    /// `issubclass(other, obj)` when the object is a type; `None` when it is not.
    fn subclass_check(&self, other: &Value) -> Option<bool> {
        let _ = other;
        None
    }

    /// `type(x)`, or `None` for the generic `type`.
    fn type_of(&self, this: &Value) -> Option<Value> {
        let _ = this;
        None
    }

    /// Whether the object and everything it holds can never change, so that every run
    /// starting from a [`crate::Snapshot`] may share it. The default, `false`, keeps such an
    /// object out of snapshots.
    fn frozen(&self) -> bool {
        false
    }
}

/// A user-defined function or lambda.
#[derive(Clone)]
pub struct Function {
    pub name: Str,
    pub params: Vec<(Str, Option<Value>)>,
    pub vararg: Option<Str>,
    pub kwarg: Option<Str>,
    pub body: FuncBody,
    pub closure: Option<Rc<Frame>>,
    pub file: FileId,
    pub globals_decl: Rc<Vec<Str>>,
    /// `classmethod`/`staticmethod`/`property` wrapping.
    pub kind: FuncKind,
}

/// How a function found on a class binds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FuncKind {
    Plain,
    ClassMethod,
    StaticMethod,
    /// `@property`: read through an instance, it is called with the instance.
    Property,
}

/// The code of a function.
#[derive(Clone)]
pub enum FuncBody {
    Def(Rc<Vec<ast::Stmt>>),
    Lambda(Rc<ast::Expr>),
}

/// A function activation's local variables; `parent` is the enclosing function's frame.
pub struct Frame {
    pub vars: RefCell<HashMap<Str, Value>>,
    pub parent: Option<Rc<Frame>>,
    /// For a class body: every store (`true`) and delete (`false`) of a name, in execution
    /// order, from which the class namespace dict's CPython order is replayed.
    pub class_log: Option<RefCell<Vec<(Str, bool)>>>,
}

impl Frame {
    /// A frame for a function or comprehension below `parent`.
    pub fn new(parent: Option<Rc<Frame>>) -> Rc<Frame> {
        Rc::new(Frame {
            vars: RefCell::new(HashMap::default()),
            parent,
            class_log: None,
        })
    }
}

/// A user-defined class (`class X(object)` or an exception subclass).
pub struct Class {
    pub name: Str,
    pub bases: Vec<Value>,
    pub attrs: RefCell<HashMap<Str, Value>>,
}

impl Class {
    /// An attribute of the class or its bases.
    pub fn lookup(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.attrs.borrow().get(name) {
            return Some(v.clone());
        }
        self.bases.iter().find_map(|b| match b {
            Value::Class(bc) => bc.lookup(name),
            _ => None,
        })
    }

    /// Whether this class is `base` or derives from it.
    pub fn derives(self: &Rc<Class>, base: &Rc<Class>) -> bool {
        Rc::ptr_eq(self, base)
            || self
                .bases
                .iter()
                .any(|b| matches!(b, Value::Class(bc) if bc.derives(base)))
    }

    /// The builtin or native exception class this class derives from, if any.
    pub fn exception_base(&self) -> Option<ExcType> {
        self.bases.iter().find_map(|b| match b {
            Value::ExcType(t) => Some(*t),
            Value::Class(bc) => bc.exception_base(),
            _ => None,
        })
    }
}

/// An instance of a user-defined class.
pub struct Instance {
    pub class: Rc<Class>,
    pub attrs: RefCell<HashMap<Str, Value>>,
}

/// A module.
pub struct Module {
    pub name: Str,
    pub attrs: HashMap<Str, Value>,
}

impl Module {
    /// A module made of native functions and constants.
    pub fn of(name: &str, functions: &'static [NativeFn], constants: Vec<(&str, Value)>) -> Value {
        let mut attrs: HashMap<Str, Value> = functions
            .iter()
            .map(|f| (Str::from(f.name), Value::Native(f)))
            .collect();
        attrs.extend(constants.into_iter().map(|(k, v)| (Str::from(k), v)));
        Value::Module(Rc::new(Module {
            name: name.into(),
            attrs,
        }))
    }
}

// ---------------------------------------------------------------------------------------------
// Keys.

impl Key {
    /// A key by identity, with no reproducible hash.
    pub fn identity(v: &Value) -> Key {
        Key {
            id: HashKey::Id(v.identity()),
            hash: None,
        }
    }

    /// The key of `v`, or `None` when `v` is unhashable (lists, dicts, sets).
    pub fn of(v: &Value, b: &Budget) -> R<Option<Key>> {
        Ok(Some(match v {
            Value::None => Key {
                id: HashKey::None,
                hash: None,
            },
            Value::Bool(x) => Key {
                id: HashKey::Int(*x as i64),
                hash: Some(py2order::hash_bool(*x)),
            },
            Value::Int(i) => Key {
                id: HashKey::Int(*i),
                hash: Some(py2order::hash_int(*i)),
            },
            Value::Float(f) => Key {
                id: if f.fract() == 0.0 && f.abs() < 9.2e18 {
                    HashKey::Int(*f as i64)
                } else {
                    HashKey::Float(f.to_bits())
                },
                hash: Some(py2order::hash_float(*f)),
            },
            Value::Str(s) => Key::str(s),
            Value::Bytes(bytes) => Key {
                id: HashKey::Bytes(bytes.clone()),
                hash: Some(py2order::hash_bytes(bytes)),
            },
            Value::Tuple(items) => {
                let mut ids = Vec::with_capacity(items.len());
                let mut hashes = Some(Vec::with_capacity(items.len()));
                for item in items.iter() {
                    let Some(k) = Key::of(item, b)? else {
                        return Ok(None);
                    };
                    ids.push(k.id);
                    match (&mut hashes, k.hash) {
                        (Some(h), Some(x)) => h.push(x),
                        _ => hashes = None,
                    }
                }
                Key {
                    id: HashKey::Tuple(ids),
                    hash: hashes.map(|h| py2order::hash_tuple(&h)),
                }
            }
            Value::List(_) | Value::Dict(_) | Value::Set(_) => return Ok(None),
            Value::Object(o) => return o.key(v, b),
            other => Key::identity(other),
        }))
    }

    /// The key of `v`, or CPython's TypeError for an unhashable value.
    pub fn hashable(v: &Value, b: &Budget) -> R<Key> {
        Key::of(v, b)?.ok_or_else(|| unhashable(v))
    }
}

/// `TypeError: unhashable type: 'list'`.
pub fn unhashable(v: &Value) -> Error {
    raise(
        ExcKind::TypeError,
        format!("unhashable type: '{}'", v.type_name()),
    )
}

impl Value {
    /// A string value.
    pub fn str(s: impl Into<Str>) -> Value {
        Value::Str(s.into())
    }

    /// A byte string (from a file, a digest, a codec): text when it is UTF-8, raw bytes
    /// otherwise.
    pub fn bytes(b: &[u8]) -> Value {
        match std::str::from_utf8(b) {
            Ok(s) => Value::str(s),
            Err(_) => Value::Bytes(Rc::from(b)),
        }
    }

    /// The text of a byte string, or Python's `UnicodeDecodeError` for bytes that are not UTF-8
    /// (what Python 2 raises where it needs text: `json.dumps`, `decode('utf-8')`).
    pub fn text_of(b: &[u8]) -> Result<&str, Error> {
        std::str::from_utf8(b).map_err(|e| {
            let at = e.valid_up_to();
            let why = match e.error_len() {
                None => "unexpected end of data",
                Some(_) if (0xc2..=0xf4).contains(&b[at]) => "invalid continuation byte",
                Some(_) => "invalid start byte",
            };
            decode_error("utf8", b, at, why)
        })
    }

    /// Python's `UnicodeDecodeError` for a byte string with a byte above 0x7f where Python 2
    /// decodes it as ASCII (`unicode(s)`, `s.decode('ascii')`).
    pub fn ascii_error(b: &[u8]) -> Error {
        let at = b.iter().position(|&c| c >= 0x80).unwrap_or(0);
        decode_error("ascii", b, at, "ordinal not in range(128)")
    }

    /// A new list.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(items)))
    }

    /// A new tuple.
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(items))
    }

    /// A new dict.
    pub fn dict(d: Dict) -> Value {
        Value::Dict(Rc::new(RefCell::new(d)))
    }

    /// A new set from set storage.
    pub fn set(d: Dict) -> Value {
        Value::Set(Rc::new(RefCell::new(d)))
    }

    /// An embedder's object.
    pub fn object(o: impl Object) -> Value {
        Value::Object(Rc::new(o))
    }

    /// The embedder object of type `T` this value holds, if it holds one.
    pub fn downcast<T: Object>(&self) -> Option<&T> {
        match self {
            // Through the trait object, not the blanket impl on the `Rc` itself.
            Value::Object(o) => (**o).as_any().downcast_ref::<T>(),
            _ => None,
        }
    }

    /// The embedder object of type `T`, shared, if this value holds one.
    pub fn downcast_rc<T: Object>(&self) -> Option<Rc<T>> {
        match self {
            Value::Object(o) => {
                if !(**o).as_any().is::<T>() {
                    return None;
                }
                AsAny::into_any(o.clone()).downcast::<T>().ok()
            }
            _ => None,
        }
    }

    /// Python's `type(x).__name__`.
    pub fn type_name(&self) -> String {
        match self {
            Value::None => "NoneType".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Float(_) => "float".into(),
            Value::Str(_) | Value::Bytes(_) => "str".into(),
            Value::List(_) => "list".into(),
            Value::Tuple(_) => "tuple".into(),
            Value::Dict(_) => "dict".into(),
            Value::Set(_) => "set".into(),
            Value::Function(_) => "function".into(),
            Value::Native(_) => "builtin_function_or_method".into(),
            Value::Type(_) | Value::ExcType(_) => "type".into(),
            Value::Method(_) | Value::Bound(_) => "instancemethod".into(),
            Value::Class(_) => "classobj".into(),
            Value::Instance(i) => i.class.name.to_string(),
            Value::Module(_) => "module".into(),
            Value::Exception(e) => e.type_name(),
            Value::Object(o) => o.type_name(),
        }
    }

    /// Python truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) | Value::Set(d) => !d.borrow().is_empty(),
            _ => true,
        }
    }

    /// A stable identity for reference values (0 for values without one).
    pub fn identity(&self) -> usize {
        fn addr<T: ?Sized>(r: &Rc<T>) -> usize {
            Rc::as_ptr(r) as *const u8 as usize
        }
        match self {
            Value::List(r) => addr(r),
            Value::Dict(r) | Value::Set(r) => addr(r),
            Value::Tuple(r) => addr(r),
            Value::Str(s) => addr(s),
            Value::Bytes(r) => addr(r),
            Value::Function(r) => addr(r),
            Value::Method(r) => addr(r),
            Value::Bound(r) => addr(r),
            Value::Class(r) => addr(r),
            Value::Instance(r) => addr(r),
            Value::Module(r) => addr(r),
            Value::Exception(r) => addr(r),
            Value::Object(r) => addr(r),
            Value::Native(f) => *f as *const NativeFn as usize,
            Value::Type(t) => *t as *const TypeObj as usize,
            Value::ExcType(ExcType::Native(n)) => *n as *const _ as usize,
            Value::ExcType(ExcType::Builtin(k)) => 1 + *k as usize,
            Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) => 0,
        }
    }

    /// Whether the value can never change: a number, a string, a builtin, a tuple of frozen
    /// values, or a frozen embedder object.
    pub fn frozen(&self) -> bool {
        match self {
            Value::Tuple(items) => items.iter().all(Value::frozen),
            Value::Object(o) => o.frozen(),
            other => other.atomic(),
        }
    }

    /// Whether the value is a number, a string or a builtin: immutable, and holding nothing.
    pub fn atomic(&self) -> bool {
        matches!(
            self,
            Value::None
                | Value::Bool(_)
                | Value::Int(_)
                | Value::Float(_)
                | Value::Str(_)
                | Value::Bytes(_)
                | Value::Native(_)
                | Value::Type(_)
                | Value::ExcType(_)
        )
    }

    /// Whether the value can be called.
    pub fn callable(&self) -> bool {
        match self {
            Value::Function(_)
            | Value::Native(_)
            | Value::Method(_)
            | Value::Bound(_)
            | Value::Class(_)
            | Value::ExcType(_) => true,
            Value::Type(t) => t.new.is_some(),
            Value::Object(o) => o.callable(),
            _ => false,
        }
    }
}
