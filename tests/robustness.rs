//! Hostile and random inputs: every one ends in a clear diagnostic with the documented code,
//! never a panic, a hang or unbounded memory; a stop (limit, sandbox) can never be caught by the
//! config; and a panic, should one happen, is an `E0099` for that file only.

mod common;

use aurora2nix::aurora::eval::{evaluate_file, EvalOptions};
use aurora2nix::aurora::runtime::isolated;
use aurora2nix::diagnostic::Code;
use aurora2nix::python::Limits;
use std::path::Path;

fn eval_text(dir: &Path, name: &str, text: &[u8], limits: Limits) -> Result<(), Code> {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let opts = EvalOptions {
        limits,
        ..Default::default()
    };
    let r = evaluate_file(&path, &opts)
        .map(|_| ())
        .map_err(|f| f.diagnostic.code);
    assert_ne!(
        r,
        Err(Code::Internal),
        "internal failure (a panic) on:\n{}",
        String::from_utf8_lossy(text)
    );
    r
}

fn temp_dir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("aurora2nix-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn hostile_inputs_stop_with_the_documented_diagnostic() {
    let dir = temp_dir("hostile");
    let deep = format!("x = {}{}\n", "[".repeat(5000), "]".repeat(5000));
    let cases: &[(&str, &str, Code)] = &[
        ("infinite loop", "while True:\n  pass\n", Code::Limit),
        ("runaway recursion", "def f(n):\n  return f(n + 1)\nf(0)\n", Code::Limit),
        ("lambda recursion", "f = lambda: f()\nf()\n", Code::Limit),
        ("huge integer", "x = 10 ** 10 ** 10\n", Code::Limit),
        ("huge string", "x = 'x' * 10**10\n", Code::Limit),
        ("doubling string", "s = 'ab'\nwhile True:\n  s = s + s\n", Code::Limit),
        ("growing list", "x = []\nwhile True:\n  x.append('a' * 1000000)\n", Code::Limit),
        ("huge range", "x = range(10**12)\n", Code::Limit),
        ("huge format width", "x = '%999999999d' % 1\n", Code::PythonError),
        ("huge format spec", "x = '{:999999999}'.format(1)\n", Code::PythonError),
        ("include cycle", "include('cycle.aurora')\n", Code::Limit),
        ("class escape", "x = ().__class__.__bases__[0].__subclasses__()\n", Code::Sandbox),
        ("dir", "d = dir()\n", Code::Sandbox),
        ("eval", "eval('1+1')\n", Code::Sandbox),
        ("exec", "exec 'x = 1'\n", Code::Sandbox),
        ("__import__", "__import__('os').system('true')\n", Code::Sandbox),
        ("subprocess", "import subprocess\n", Code::ImportNotAllowed),
        ("socket", "import socket\n", Code::ImportNotAllowed),
        ("os.system", "import os\nos.system('true')\n", Code::PythonError),
        ("read outside root", "x = open('/etc/hostname').read()\n", Code::Sandbox),
        ("include outside root", "include('/etc/hostname')\n", Code::Sandbox),
        ("write a file", "open('out.txt', 'w').write('x')\n", Code::Sandbox),
        ("template loop", "p = Process(name='x', cmdline='{{a}}').bind(a='{{b}}', b='{{a}}')\njobs = [Job(cluster='c', role='r', environment='e', task=Task(processes=[p], resources=Resources(cpu=1, ram=1*MB, disk=1*MB)))]\n", Code::Template),
        ("clock", "import time\nx = time.time()\n", Code::Sandbox),
        ("clock of a date", "import datetime\nx = datetime.date.today()\n", Code::Sandbox),
        ("machine", "import os\nx = os.getcwd()\n", Code::Sandbox),
        ("machine path", "import os.path\nx = os.path.abspath('a')\n", Code::Sandbox),
        ("deep nesting", &deep, Code::Syntax),
        // A stop is not an exception: no `except` swallows it.
        ("limit inside formatting", "try:\n  x = '%s' % Integer('9' * 30)\nexcept ValueError:\n  pass\n", Code::Limit),
        ("refusal inside formatting", "try:\n  x = '{0.__class__}'.format(1)\nexcept AttributeError:\n  pass\n", Code::Sandbox),
        ("refusal under a bare except", "try:\n  eval('1')\nexcept:\n  pass\n", Code::Sandbox),
        ("clock under except Exception", "import datetime\ntry:\n  x = datetime.datetime.now()\nexcept Exception:\n  pass\n", Code::Sandbox),
        ("refusal inside hasattr", "x = hasattr(1, '__class__')\n", Code::Sandbox),
        ("limit inside a finally", "try:\n  while True: pass\nfinally:\n  x = 1\n", Code::Limit),
        // Growth inside pystachio and the natives is charged before it happens.
        ("doubling template", "class S(Struct):\n  x = String\ns = S(x = '{{a}}').bind(a = '{{a}}{{a}}')\ny = str(s.x())\n", Code::Limit),
        ("deeply nested list repr", "x = []\nfor i in range(100000):\n  x = [x]\ny = repr(x)\n", Code::Limit),
        ("deeply nested list equality", "x = []\ny = []\nfor i in range(100000):\n  x = [x]\n  y = [y]\nz = x == y\n", Code::Limit),
        ("self-referential equality", "a = []\na.append(a)\nb = []\nb.append(b)\nz = a == b\n", Code::Limit),
        ("growing json", "import json\nx = json.dumps([[1]] * 100, indent = 10 ** 9)\n", Code::Limit),
        ("growing expandtabs", "x = 'a\\tb'.expandtabs(2 ** 62)\n", Code::Limit),
        ("nested types", "T = String\nfor i in range(100000):\n  T = List(T)\n", Code::Limit),
        ("a bad int base", "x = int('1', 37)\n", Code::PythonError),
        ("a surrogate escape", "x = u'\\ud800'\n", Code::Syntax),
        ("unichr of a surrogate", "x = unichr(0xd800)\n", Code::PythonError),
        ("a byte string with \\u", "x = '\\ud800'\nassert len(x) == 6\n", Code::JobSelection),
        // Cycles: compared and searched as CPython does (its RecursionError is our limit), printed and
        // copied as CPython does.
        ("a cycle compared with <", "a = []\na.append(a)\nb = []\nb.append(b)\nx = a < b\n", Code::Limit),
        ("a cycle searched with in", "a = []\na.append(a)\nb = []\nb.append(b)\nx = b in a\n", Code::Limit),
        ("a cycle searched with index", "a = []\na.append(a)\nb = []\nb.append(b)\nx = a.index(b)\n", Code::Limit),
        ("a cycle counted", "a = []\na.append(a)\nb = []\nb.append(b)\nx = a.count(b)\n", Code::Limit),
        ("a cycle removed", "a = []\na.append(a)\nb = []\nb.append(b)\na.remove(b)\n", Code::Limit),
        ("cycles sorted", "a = []\na.append(a)\nb = []\nb.append(b)\nx = sorted([a, b])\n", Code::Limit),
        ("a cycle in json", "import json\na = []\na.append(a)\nb = []\nb.append(b)\nx = json.dumps(a)\n", Code::PythonError),
        ("a cycle printed", "a = []\na.append(a)\nb = []\nb.append(b)\nd = {}\nd['d'] = d\nassert repr(a) == '[[...]]' and str(d) == \"{'d': {...}}\" and '%s' % (a,) == '[[...]]'\n", Code::JobSelection),
        ("a cycle deep-copied", "import copy\na = []\na.append(a)\nb = []\nb.append(b)\nc = copy.deepcopy(a)\nassert c[0] is c and repr(c) == '[[...]]'\n", Code::JobSelection),
        ("json with a negative indent", "import json\nassert json.dumps([1], indent=-1) == '[\\n1\\n]'\n", Code::JobSelection),
        ("100k keyword arguments", "def f(**kw): return len(kw)\nd = dict(('k%d' % i, i) for i in range(100000))\nassert f(**d) == 100000\n", Code::JobSelection),
        // The client's planner over thousands of processes: linear, well within the limits.
        ("a large cyclic plan", "ps = [Process(name = 'p%d' % i, cmdline = 'c') for i in range(3000)]\njobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'n', task = Task(processes = ps, constraints = order(*ps) + order(*reversed(ps)), resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n", Code::Client("E0040")),
        ("an infinite float", "jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'n', task = Task(processes = [Process(name = 'p', cmdline = 'c')], resources = Resources(cpu = float('inf'), ram = 1*MB, disk = 1*MB)))]\n", Code::PythonError),
    ];
    for (what, src, code) in cases {
        let name = if what.contains("cycle") {
            "cycle.aurora"
        } else {
            "hostile.aurora"
        };
        let got = eval_text(&dir, name, src.as_bytes(), Limits::default());
        assert_eq!(got, Err(*code), "{what}: {src}");
    }
    assert!(!dir.join("out.txt").exists(), "nothing was written");
}

/// Growth is charged with what it holds, before it happens (run under a small allocation limit,
/// so each case stops quickly).
#[test]
fn growth_is_charged_before_it_happens() {
    let dir = temp_dir("growth");
    let limits = Limits {
        max_alloc: 32 << 20,
        ..Limits::default()
    };
    let cases: &[(&str, &str)] = &[
        (
            "a growing product",
            "import itertools\nx = list(itertools.product('ab', repeat=64))\n",
        ),
        (
            "many permutations",
            "import itertools\nx = list(itertools.permutations(range(10)))\n",
        ),
        (
            "a growing slice",
            "l = ['x' * 1000] * 1000\nwhile True:\n  l = l[:] + l[:]\n",
        ),
        (
            "a hash fed forever",
            "import hashlib\nh = hashlib.md5()\nwhile True:\n  h.update('x' * 1000000)\n",
        ),
        ("a huge repr", "x = ['a' * 1000000] * 20\ny = repr(x)\n"),
    ];
    for (what, src) in cases {
        let got = eval_text(&dir, "growth.aurora", src.as_bytes(), limits.clone());
        assert_eq!(got, Err(Code::Limit), "{what}: {src}");
    }
}

#[test]
fn deep_and_huge_sources_stop_within_the_limits() {
    let dir = temp_dir("deep");
    let limits = Limits {
        max_alloc: 64 << 20,
        ..Limits::default()
    };
    let unary = format!("x = {}1\n", "-".repeat(300_000));
    let chain = format!("x = {}\n", vec!["1"; 300_000].join("+"));
    let calls = format!("x = f{}\n", "()".repeat(300_000));
    // Each level of the recursion holds a deep expression: the stack, not the call depth, runs out.
    let recursion = format!(
        "def f(n):\n  if n == 0: return 0\n  return {}\nx = f(900)\n",
        std::iter::once("f(n-1)")
            .chain(std::iter::repeat_n("1", 5000))
            .collect::<Vec<_>>()
            .join("+")
    );
    let indented: String = (0..3000)
        .map(|i| format!("{}if 1:\n", " ".repeat(i)))
        .chain(std::iter::once(format!("{}x = -1\n", " ".repeat(3000))))
        .collect();
    for (what, src) in [
        ("unary chain", &unary),
        ("binary chain", &chain),
        ("call chain", &calls),
        ("recursion through a deep expression", &recursion),
    ] {
        let got = eval_text(&dir, "deep.aurora", src.as_bytes(), Limits::default());
        assert_eq!(got, Err(Code::Limit), "{what}");
    }
    // A source whose syntax tree alone would exceed the allocation limit is refused unparsed.
    let got = eval_text(&dir, "huge.aurora", unary.as_bytes(), limits);
    assert_eq!(got, Err(Code::Limit), "a huge source");
    // Deep but reasonable nesting still evaluates.
    let got = eval_text(&dir, "ok.aurora", indented.as_bytes(), Limits::default());
    assert_eq!(got, Err(Code::JobSelection), "3000 nested blocks");
}

#[test]
#[cfg(unix)]
fn walks_stay_in_the_tree_and_never_loop() {
    use std::os::unix::fs::symlink;
    let dir = temp_dir("walk");
    let jobs = dir.join("jobs");
    std::fs::create_dir_all(jobs.join("sub")).unwrap();
    std::fs::create_dir_all(dir.join("outside")).unwrap();
    std::fs::write(
        dir.join("outside/secret.aurora"),
        "SECRET_TOKEN = 1\nx = SECRET_TOKEN + y\n",
    )
    .unwrap();
    let job = "jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'n', task = Task(processes = [Process(name = 'p', cmdline = 'c')], resources = Resources(cpu = 1, ram = 1*MB, disk = 1*MB)))]\n";
    std::fs::write(jobs.join("sub/ok.aurora"), job).unwrap();
    let _ = symlink("../outside/secret.aurora", jobs.join("link.aurora"));
    let _ = symlink("..", jobs.join("sub/up"));
    let _ = symlink(".", jobs.join("sub/here"));
    let _ = symlink("../outside", jobs.join("out"));
    let rel = |p: &Path| p.display().to_string();
    // The project is `jobs/`: `outside/` is outside its root.
    let cfg = common::project(&jobs, "");
    for arg in [rel(&jobs), format!("{}/**/*.aurora", rel(&jobs))] {
        let r = common::cli(&["eval", &arg, "--config", &cfg]);
        let lines: Vec<&str> = r.stdout.lines().collect();
        assert_eq!(lines.len(), 2, "the loops are not followed: {}", r.stdout);
        assert!(
            lines[0].contains("link.aurora") && lines[0].contains("E0008"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].contains("sub/ok.aurora") && lines[1].contains("\"jobs\""),
            "{}",
            lines[1]
        );
        assert!(
            !r.stdout.contains("SECRET_TOKEN"),
            "the outside file is not read"
        );
    }
}

#[test]
#[cfg(unix)]
fn devices_fifos_and_huge_files_are_never_read() {
    let dir = temp_dir("fifo");
    let fifo = dir.join("pipe");
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let _ = std::os::unix::fs::symlink("/dev/zero", dir.join("zero"));
    // A sparse 3 GiB file and a 20 MiB include: refused from their size, before any reading.
    std::fs::File::create(dir.join("huge.dat"))
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    std::fs::File::create(dir.join("huge.aurora"))
        .unwrap()
        .set_len(20 << 20)
        .unwrap();
    for src in ["x = open('huge.dat').read()\n", "include('huge.aurora')\n"] {
        let started = std::time::Instant::now();
        let got = eval_text(&dir, "big.aurora", src.as_bytes(), Limits::default());
        assert_eq!(got, Err(Code::Limit), "{src}");
        assert!(started.elapsed().as_secs() < 5, "{src} returned at once");
    }
    for src in [
        "x = open('pipe').read()\n",
        "include('pipe')\n",
        "x = open('zero').read()\n",
    ] {
        let started = std::time::Instant::now();
        let got = eval_text(&dir, "dev.aurora", src.as_bytes(), Limits::default());
        assert_eq!(got, Err(Code::Sandbox), "{src}");
        assert!(started.elapsed().as_secs() < 5, "{src} returned at once");
    }
}

#[test]
fn non_utf8_input_is_read_as_python_2_reads_it() {
    let dir = temp_dir("latin1");
    // Undeclared 8-bit bytes and a latin-1 declaration are Latin-1 text, as in Python 2 ...
    assert_eq!(
        eval_text(&dir, "latin.aurora", b"x = '\xff\xfe'\n", Limits::default()),
        Err(Code::JobSelection)
    );
    assert_eq!(
        eval_text(
            &dir,
            "latin.aurora",
            b"# -*- coding: latin-1 -*-\nx = 'caf\xe9'\n",
            Limits::default()
        ),
        Err(Code::JobSelection)
    );
    // ... but a file that declares UTF-8 must be UTF-8.
    assert_eq!(
        eval_text(
            &dir,
            "utf8.aurora",
            b"# -*- coding: utf-8 -*-\nx = '\xff'\n",
            Limits::default()
        ),
        Err(Code::Io)
    );
}

/// A small deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const FRAGMENTS: &[&str] = &[
    "{{",
    "}}",
    "{{&",
    "(",
    ")",
    "[",
    "]",
    ":",
    "\n",
    "    ",
    "'",
    "\"",
    "\\",
    "%s",
    "{0}",
    "**",
    "lambda x: x",
    "Process(",
    "Task(",
    "Job(",
    ".bind(",
    "include(",
    "for x in ",
    "while 1:",
    "yield",
    "0755",
    "10L",
    "<>",
    "`",
    "print ",
    "except E, e:",
    "u'",
    "ur'",
    "\t",
    "\u{e9}",
    "{{a[{{b}}]}}",
    "None",
    "Empty",
    "Required(String)",
    "class X(Struct):\n  a = String\n",
    "del ",
    "global ",
    "*args",
];

fn mutate(rng: &mut Rng, src: &str) -> String {
    let mut s: Vec<char> = src.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(s.len() + 1);
        match rng.below(4) {
            0 if !s.is_empty() => {
                let end = (at + rng.below(20)).min(s.len());
                s.drain(at.min(end)..end);
            }
            1 => {
                let frag = FRAGMENTS[rng.below(FRAGMENTS.len())];
                for (i, c) in frag.chars().enumerate() {
                    s.insert(at + i, c);
                }
            }
            2 if !s.is_empty() => {
                let from = rng.below(s.len());
                let len = rng.below(40).min(s.len() - from);
                let chunk: Vec<char> = s[from..from + len].to_vec();
                for (i, c) in chunk.into_iter().enumerate() {
                    s.insert(at + i, c);
                }
            }
            _ => s.truncate(at),
        }
    }
    s.into_iter().collect()
}

#[test]
fn mutated_corpus_inputs_never_panic() {
    let dir = temp_dir("fuzz");
    let limits = Limits {
        max_steps: 200_000,
        max_alloc: 64 << 20,
        ..Limits::default()
    };
    let sources: Vec<String> = common::cases()
        .iter()
        .map(|c| std::fs::read_to_string(c.input()).unwrap())
        .collect();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for i in 0..600 {
        let src = &sources[rng.below(sources.len())];
        let mutated = mutate(&mut rng, src);
        // `eval_text` fails the test on an E0099, which is what a panic becomes.
        let _ = (
            i,
            eval_text(&dir, "fuzz.aurora", mutated.as_bytes(), limits.clone()),
        );
    }
}

#[test]
fn random_bytes_never_panic() {
    let dir = temp_dir("bytes");
    let mut rng = Rng(0xdead_beef_0042);
    for i in 0..200 {
        let len = rng.below(200);
        let bytes: Vec<u8> = (0..len).map(|_| (rng.next() & 0xff) as u8).collect();
        let _ = (
            i,
            eval_text(&dir, "bytes.aurora", &bytes, Limits::default()),
        );
    }
}

#[test]
fn values_that_contain_themselves_print_as_cpython_prints_them() {
    let dir = temp_dir("cycles");
    let src = "l = []\nl.append(l)\nd = {}\nd['me'] = d\n\
               assert repr(l) == '[[...]]', repr(l)\n\
               assert repr(d) == \"{'me': {...}}\", repr(d)\n\
               assert str([l, l]) == '[[[...]], [[...]]]'\n\
               assert l == l and l in l\n\
               import copy\nc = copy.deepcopy(l)\nassert c[0] is c\n\
               import json\n\
               try:\n  json.dumps(l)\n  assert False\nexcept ValueError:\n  pass\n";
    // Everything above holds, and then there is no job.
    assert_eq!(
        eval_text(&dir, "cycles.aurora", src.as_bytes(), Limits::default()),
        Err(Code::JobSelection)
    );
}

#[test]
fn a_panic_in_an_evaluation_is_e0099_for_that_file_only() {
    let r: Result<(), _> = isolated(&Limits::default(), || panic!("a bug"));
    let d = r.map(|_| ()).unwrap_err().diagnostic;
    assert_eq!(d.code, Code::Internal);
    assert!(
        d.message.contains("a bug") && d.message.contains("report"),
        "{}",
        d.message
    );
    // The next evaluation runs as usual.
    let dir = temp_dir("after-panic");
    assert_eq!(
        eval_text(&dir, "ok.aurora", b"x = 1\n", Limits::default()),
        Err(Code::JobSelection)
    );
}

/// The job name of a config that defines one job called `NAME` (an expression).
fn job_named(name: &str) -> String {
    format!(
        "jobs = [Job(name = {name}, role = 'r', cluster = 'c', environment = 'prod',\n\
         task = SimpleTask('t', 'echo'))]\n"
    )
}

#[test]
fn a_worker_runs_each_config_in_its_own_copy_of_the_prelude() {
    let dir = temp_dir("prelude-copies");
    // What the prelude defined, as one string: the kinds of object a config can change in
    // place (classes, a dict and the list inside it) and a rebound name.
    let seen = "'%s-%d-%d-%s' % (hasattr(Units, 'extra'), len(_AURORA2NIX['shared']), KB, \
                Processes.order is None)";
    let mutate =
        "Units.extra = 1\n_AURORA2NIX['shared'].append('X')\nKB = 7\nProcesses.order = None\n";
    std::fs::write(dir.join("a.aurora"), format!("{mutate}{}", job_named(seen))).unwrap();
    std::fs::write(dir.join("b.aurora"), job_named(seen)).unwrap();
    // A panic between two configs leaves the worker usable too.
    let name = |path: &str| -> String {
        let ev = evaluate_file(&dir.join(path), &EvalOptions::default()).unwrap_or_else(|f| {
            panic!("{path}: {}", f.diagnostic.message);
        });
        ev.jobs[0]["name"].as_str().unwrap().to_string()
    };
    let names = std::thread::scope(|s| {
        aurora2nix::aurora::runtime::spawn_worker(s, || {
            let a = name("a.aurora");
            let panicked = isolated(&Limits::default(), || -> Result<(), _> { panic!("a bug") });
            assert!(panicked.is_err());
            [a, name("b.aurora"), name("a.aurora")]
        })
        .unwrap()
        .join()
        .unwrap()
    });
    assert_eq!(
        names,
        ["True-8-7-True", "False-7-1024-False", "True-8-7-True"]
    );
}
