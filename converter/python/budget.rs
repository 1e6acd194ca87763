//! The one budget of a run: interpreter steps, recursion depth, the size of each string and
//! container, and the bytes allocated in total.
//!
//! Every loop of the interpreter, every native function and every embedder algorithm charges the
//! same [`Budget`] *before* it does the work or the allocation that grows with its input, so any
//! program ends within the limits. Running out is a [`Stop`] of kind `Limit`, which
//! no `except` can catch. The counters are `Cell`s so the budget can be shared by reference
//! through callbacks (a sort's comparison, a template's resolution).

use crate::error::Stop;
use std::cell::Cell;

/// Resource limits; reaching one stops the run.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Interpreter steps (statements, expressions and units of native work).
    pub max_steps: u64,
    /// Nested calls and nested native recursion (`repr` of nested lists, template lookups).
    pub max_depth: usize,
    /// Length of one string, in bytes.
    pub max_str: usize,
    /// Length of one list, tuple, dict or range.
    pub max_items: usize,
    /// Bytes allocated in total by strings, containers and parsed syntax over the whole run.
    pub max_alloc: u64,
    /// Bytes of native stack the run may use below where its budget was made. The embedder
    /// runs evaluations on a thread with a larger stack (aurora2nix: this plus 64 MiB).
    pub max_stack: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_steps: 20_000_000,
            max_depth: 1000,
            max_str: 16 << 20,
            max_items: 2_000_000,
            max_alloc: 1 << 30,
            max_stack: 192 << 20,
        }
    }
}

/// Bytes charged per container item.
pub const ITEM_BYTES: usize = 16;

/// What a run has used of its limits.
pub struct Budget {
    limits: Limits,
    steps: Cell<u64>,
    alloc: Cell<u64>,
    depth: Cell<usize>,
    /// The stack address where the budget was made: the run's stack use is measured from it.
    stack_base: usize,
}

/// The current stack address (the stack grows down on every platform we build for).
#[inline(always)]
fn stack_address() -> usize {
    let marker = 0u8;
    std::ptr::addr_of!(marker) as usize
}

/// Holds one level of depth; dropping it gives the level back.
pub struct Depth<'b>(&'b Budget);

impl Drop for Depth<'_> {
    fn drop(&mut self) {
        self.0.depth.set(self.0.depth.get() - 1);
    }
}

impl Budget {
    /// A fresh budget.
    pub fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            steps: Cell::new(0),
            alloc: Cell::new(0),
            depth: Cell::new(0),
            stack_base: stack_address(),
        }
    }

    /// A budget with no practical limits, for rendering values after a run.
    pub fn unlimited() -> Budget {
        Budget::new(Limits {
            max_steps: u64::MAX,
            max_depth: 200,
            max_str: usize::MAX,
            max_items: usize::MAX,
            max_alloc: u64::MAX,
            max_stack: 192 << 20,
        })
    }

    /// The limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Forgets what was used (the depth stays: it is held by live guards).
    pub fn reset(&self) {
        self.steps.set(0);
        self.alloc.set(0);
    }

    /// One step of work. Every step also checks the stack, so recursion of any kind (nested
    /// expressions, calls, embedder algorithms) stops before it overflows.
    #[inline]
    pub fn step(&self) -> Result<(), Stop> {
        self.stack()?;
        self.steps(1)
    }

    /// Stops when the run has used more native stack than the limit allows.
    #[inline]
    pub fn stack(&self) -> Result<(), Stop> {
        if self.stack_base.saturating_sub(stack_address()) > self.limits.max_stack {
            return Err(Stop::limit(format!(
                "the program nests too deeply: evaluating it would use more than {} MiB of stack",
                self.limits.max_stack >> 20
            )));
        }
        Ok(())
    }

    /// `n` steps of work.
    #[inline]
    pub fn steps(&self, n: u64) -> Result<(), Stop> {
        let used = self.steps.get().saturating_add(n);
        self.steps.set(used);
        if used > self.limits.max_steps {
            return Err(Stop::limit(format!(
                "evaluation stopped after {} steps (an infinite loop?)",
                self.limits.max_steps
            )));
        }
        Ok(())
    }

    /// `n` bytes about to be allocated.
    #[inline]
    pub fn bytes(&self, n: usize) -> Result<(), Stop> {
        let used = self.alloc.get().saturating_add(n as u64);
        self.alloc.set(used);
        if used > self.limits.max_alloc {
            return Err(Stop::limit(format!(
                "evaluation allocated more than {} MiB",
                self.limits.max_alloc >> 20
            )));
        }
        Ok(())
    }

    /// A string of `len` bytes about to be created.
    #[inline]
    pub fn string(&self, len: usize) -> Result<(), Stop> {
        if len > self.limits.max_str {
            return Err(Stop::limit(format!(
                "a string of {len} bytes exceeds the limit of {} bytes",
                self.limits.max_str
            )));
        }
        self.bytes(len)
    }

    /// A container of `n` items about to be created.
    #[inline]
    pub fn items(&self, n: usize) -> Result<(), Stop> {
        self.grow_items(0, n)
    }

    /// A container of `len` items about to grow by `extra` (only the growth is charged).
    #[inline]
    pub fn grow_items(&self, len: usize, extra: usize) -> Result<(), Stop> {
        let n = len.saturating_add(extra);
        if n > self.limits.max_items {
            return Err(Stop::limit(format!(
                "a container of {n} items exceeds the limit of {} items",
                self.limits.max_items
            )));
        }
        self.bytes(extra.saturating_mul(ITEM_BYTES))
    }

    /// Appends `s` to `out`, charging the growth first (the whole string must stay within the
    /// string limit).
    #[inline]
    pub fn push(&self, out: &mut String, s: &str) -> Result<(), Stop> {
        self.grow(out, s.len())?;
        out.push_str(s);
        Ok(())
    }

    /// Charges `extra` more bytes of `out`, which is about to grow by that much.
    #[inline]
    pub fn grow(&self, out: &str, extra: usize) -> Result<(), Stop> {
        let len = out.len().saturating_add(extra);
        if len > self.limits.max_str {
            return Err(Stop::limit(format!(
                "a string of {len} bytes exceeds the limit of {} bytes",
                self.limits.max_str
            )));
        }
        self.bytes(extra)
    }

    /// One more level of nesting; `what` names it in the message when the limit is reached.
    pub fn enter(&self, what: impl FnOnce() -> String) -> Result<Depth<'_>, Stop> {
        self.stack()?;
        let d = self.depth.get();
        if d >= self.limits.max_depth {
            return Err(Stop::limit(format!(
                "maximum recursion depth ({}) exceeded {}",
                self.limits.max_depth,
                what()
            )));
        }
        self.depth.set(d + 1);
        Ok(Depth(self))
    }

    /// The current nesting depth.
    pub fn depth(&self) -> usize {
        self.depth.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Budget {
        Budget::new(Limits {
            max_steps: 10,
            max_depth: 2,
            max_str: 8,
            max_items: 4,
            max_alloc: 100,
            max_stack: 1 << 20,
        })
    }

    #[test]
    fn each_limit_stops() {
        let b = small();
        assert!(b.steps(10).is_ok() && b.step().is_err());
        let b = small();
        assert!(b.string(8).is_ok() && b.string(9).is_err());
        assert!(b.items(4).is_ok() && b.items(5).is_err());
        let b = small();
        for len in 0..4 {
            assert!(
                b.grow_items(len, 1).is_ok(),
                "growth is charged, not the whole"
            );
        }
        assert!(b.grow_items(4, 1).is_err());
        let b = small();
        assert!(b.bytes(100).is_ok() && b.bytes(1).is_err());
        let b = small();
        let mut s = String::from("1234");
        assert!(b.push(&mut s, "5678").is_ok());
        assert!(b.push(&mut s, "9").is_err());
        assert_eq!(s, "12345678", "nothing is appended past the limit");
    }

    #[test]
    fn deep_native_recursion_stops_at_the_stack_limit() {
        fn recurse(b: &Budget, n: usize) -> Result<usize, Stop> {
            b.step()?;
            let pad = [n as u8; 256];
            Ok(recurse(b, n + 1)? + pad[n % 256] as usize)
        }
        let b = Budget::new(Limits {
            max_steps: u64::MAX,
            max_stack: 256 << 10,
            ..Limits::default()
        });
        let e = recurse(&b, 0).unwrap_err();
        assert!(e.message.contains("nests too deeply"), "{}", e.message);
    }

    #[test]
    fn depth_is_given_back() {
        let b = small();
        {
            let _one = b.enter(String::new).unwrap();
            let _two = b.enter(String::new).unwrap();
            assert!(b.enter(|| "in f".into()).is_err());
        }
        assert_eq!(b.depth(), 0);
        assert!(b.enter(String::new).is_ok());
    }
}
