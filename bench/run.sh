#!/usr/bin/env bash
# Benchmark: `aurora2nix eval` against real pystachio on a generated repository of configs.
#
# Usage: bench/run.sh [N]          (N configs, default 300)
# Environment: PYTHON overrides the pystachio interpreter (default: python2.7 of pyenv 2.7.18);
# RUNS sets the timed runs of each command (default 5);
# BASELINE=/path/to/an/older/aurora2nix adds that build, on both cores and on one, to the same
# run (its output must equal ours), with the throughput ratio against it; INSN_N (default 5)
# and SMALL_N (default 10) size the callgrind counts below (generated, and small corpus configs).
#
# Measures (a) aurora2nix eval over the folder on all cores, (b) the same pinned to one core
# with taskset (the worker count follows the CPU affinity mask), (c) pystachio_driver.py, one
# Python process.  Timing uses hyperfine (--warmup 1, RUNS runs) when installed, else a plain
# loop; peak RSS comes from /usr/bin/time -v (apt packages `hyperfine`, `time`).
# Exits non-zero if an evaluator fails or the two disagree on the number of jobs.
set -euo pipefail

n="${1:-300}"
runs="${RUNS:-5}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/target/release/aurora2nix"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
repo="$work/repo"

die() { echo "bench: $*" >&2; exit 1; }

if [[ -z "${PYTHON:-}" ]]; then
  export PYENV_VERSION="${PYENV_VERSION:-2.7.18}"
  # The real interpreter, not the pyenv shim (whose start-up would be measured too).
  PYTHON="$(pyenv which python2.7 2>/dev/null || command -v python2.7)"
fi

# Without pystachio installed, the copy `cargo test` provisions.
if ! "$PYTHON" -c 'import pystachio' 2>/dev/null; then
  export PYTHONPATH="$root/target/test-deps/pystachio-0.8.5-python2.7-2.7.18${PYTHONPATH:+:$PYTHONPATH}"
  "$PYTHON" -c 'import pystachio' 2>/dev/null || die "no pystachio for $PYTHON: run cargo test once (it provisions one) or pip install pystachio==0.8.5"
fi

cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin aurora2nix --example parse_only
python3 "$root/bench/generate.py" "$repo" -n "$n" >/dev/null

all=("$bin" eval "$repo")
one=(taskset -c 0 "$bin" eval "$repo")
py=("$PYTHON" "$root/bench/pystachio_driver.py" "$repo")

# Sanity: every config evaluates, one core gives the same output, and the job counts agree.
"${all[@]}" >"$work/all.jsonl" ||
  die "aurora2nix eval failed: $(grep -m1 '"error"' "$work/all.jsonl")"
"${one[@]}" >"$work/one.jsonl" || die "aurora2nix eval on one core failed"
cmp -s "$work/all.jsonl" "$work/one.jsonl" || die "one-core output differs from all-core output"
"${py[@]}" --slowest 3 >"$work/py.txt" 2>"$work/py-slowest.txt" || die "pystachio: $(cat "$work/py.txt")"
a2n_jobs="$(python3 -c 'import json, sys; print(sum(len(json.loads(l)["jobs"]) for l in sys.stdin))' \
  <"$work/all.jsonl")"
py_jobs="$(sed -n 's/.* jobs=\([0-9]*\) .*/\1/p' "$work/py.txt")"
[[ "$a2n_jobs" == "$py_jobs" ]] || die "job counts differ: aurora2nix $a2n_jobs, pystachio $py_jobs"

# div A B [DIGITS]: A / B with one decimal (or DIGITS).
div() { awk -v a="$1" -v b="$2" -v d="${3:-1}" 'BEGIN { printf "%.*f", d, a / b }'; }

# Instructions per config, counted by callgrind (every thread; a count that barely moves with
# machine load, unlike wall time) on a second repository of INSN_N configs (default 5) from the
# same generator: under valgrind, pystachio takes about 20 s per config. INSN_N=0 skips it.
insn_n="${INSN_N:-5}"
instructions() {
  command -v valgrind >/dev/null || return 0
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    awk '/ refs:/ { gsub(",", "", $NF); print $NF }'
}
declare -A insn
if ((insn_n > 0)); then
  small="$work/small"
  python3 "$root/bench/generate.py" "$small" -n "$insn_n" >/dev/null
  insn[aurora2nix-eval]="$(instructions "$bin" -j 1 -q eval "$small")"
  insn[pystachio]="$(instructions "$PYTHON" "$root/bench/pystachio_driver.py" "$small")"
  insn[parse-only]="$(instructions "$root/target/release/examples/parse_only" "$small")"
  [[ -n "${BASELINE:-}" ]] && insn[baseline-eval]="$(instructions "$BASELINE" -j 1 -q eval "$small")"
fi
# The same on SMALL_N (default 10; 0 skips) small configs from the corpus, where the fixed cost
# per process weighs most: every 7th success case that has no `args` and no other .aurora file
# (an included file would be evaluated as a config of its own).
small_n="${SMALL_N:-10}"
if ((small_n > 0)) && command -v valgrind >/dev/null; then
  corpus="$work/corpus"
  mkdir -p "$corpus"
  for d in "$root"/corpus/*/; do
    [[ -f $d/expected.json && ! -f $d/args && $(find "$d" -name '*.aurora' | wc -l) == 1 ]] && echo "$d"
  done | awk 'NR % 7 == 1' | head -n "$small_n" | while read -r d; do cp -r "$d" "$corpus/"; done
  small_n="$(ls "$corpus" | wc -l)"
  insn[corpus-aurora2nix]="$(instructions "$bin" -j 1 -q eval --root "$corpus" "$corpus")"
  insn[corpus-pystachio]="$(instructions "$PYTHON" "$root/bench/pystachio_driver.py" "$corpus")"
fi

names=(aurora2nix-all aurora2nix-1core pystachio)
cmds=("$(printf '%q ' "${all[@]}")" "$(printf '%q ' "${one[@]}")" "$(printf '%q ' "${py[@]}")")
if [[ -n "${BASELINE:-}" ]]; then
  base_all=("$BASELINE" eval "$repo")
  base_one=(taskset -c 0 "$BASELINE" eval "$repo")
  "${base_all[@]}" >"$work/base.jsonl" || die "the baseline failed"
  cmp -s "$work/all.jsonl" "$work/base.jsonl" || die "the baseline's output differs from ours"
  names+=(baseline-all baseline-1core)
  cmds+=("$(printf '%q ' "${base_all[@]}")" "$(printf '%q ' "${base_one[@]}")")
fi

# Mean wall times (output discarded) into $work/NAME.mean: one hyperfine run of all three
# commands side by side, or else a warmup plus RUNS timed runs of each.
if command -v hyperfine >/dev/null; then
  named=()
  for i in "${!names[@]}"; do named+=(--command-name "${names[i]}" "${cmds[i]}"); done
  hyperfine --warmup 1 --runs "$runs" --style basic --export-csv "$work/times.csv" "${named[@]}"
  awk -F, -v dir="$work" 'NR > 1 { print $2 > (dir "/" $1 ".mean") }' "$work/times.csv"
else
  for i in "${!names[@]}"; do
    bash -c "${cmds[i]}" >/dev/null   # warmup
    start="$(date +%s.%N)"
    for ((r = 0; r < runs; r++)); do bash -c "${cmds[i]}" >/dev/null; done
    end="$(date +%s.%N)"
    awk -v s="$start" -v e="$end" -v r="$runs" 'BEGIN { print (e - s) / r }' >"$work/${names[i]}.mean"
  done
fi

# Peak resident set size of one more run of each, in MB, into $work/NAME.rss.
for i in "${!names[@]}"; do
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v bash -c "exec ${cmds[i]}" 2>&1 >/dev/null |
      awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' >"$work/${names[i]}.rss"
  else
    echo "n/a" >"$work/${names[i]}.rss"
  fi
done

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "repository: $n configs, $a2n_jobs jobs (same count from both evaluators)"
printf '%-18s %10s %12s %14s\n' tool seconds configs/s "peak RSS (MB)"
for name in "${names[@]}"; do
  mean="$(cat "$work/$name.mean")"
  printf '%-18s %10.3f %12s %14s\n' "$name" "$mean" "$(div "$n" "$mean")" "$(cat "$work/$name.rss")"
done
py_mean="$(cat "$work/pystachio.mean")"
for name in aurora2nix-all aurora2nix-1core; do
  echo "throughput ratio $name / pystachio: $(div "$py_mean" "$(cat "$work/$name.mean")")x"
done
if [[ -n "${BASELINE:-}" ]]; then
  for cores in all 1core; do
    echo "throughput ratio aurora2nix-$cores / baseline-$cores:" \
      "$(div "$(cat "$work/baseline-$cores.mean")" "$(cat "$work/aurora2nix-$cores.mean")" 2)x"
  done
fi
if [[ -n "${insn[aurora2nix-eval]:-}" ]]; then
  echo "instructions per config (callgrind, $insn_n configs; stable across runs):"
  for name in aurora2nix-eval pystachio parse-only baseline-eval; do
    [[ -n "${insn[$name]:-}" ]] && printf '  %-16s %10s M\n' "$name" "$(div "${insn[$name]}" "$((insn_n * 1000000))" 2)"
  done
  ours="${insn[aurora2nix-eval]}"
  echo "instruction ratio pystachio / aurora2nix eval: $(div "${insn[pystachio]}" "$ours")x"
  echo "aurora2nix eval runs at $(div "$((100 * ${insn[parse-only]}))" "$ours")% of parse-only speed"
  [[ -n "${insn[baseline-eval]:-}" ]] &&
    echo "instruction ratio baseline / aurora2nix eval: $(div "${insn[baseline-eval]}" "$ours" 2)x"
else
  echo "instructions per config: n/a (INSN_N=0, or valgrind is missing: apt package valgrind)"
fi
if [[ -n "${insn[corpus-aurora2nix]:-}" ]]; then
  echo "instructions per small corpus config (callgrind, $small_n configs, whole processes):"
  for name in corpus-aurora2nix corpus-pystachio; do
    printf '  %-18s %10s M\n' "$name" "$(div "${insn[$name]}" "$((small_n * 1000000))" 2)"
  done
  echo "instruction ratio on small configs, pystachio / aurora2nix eval:" \
    "$(div "${insn[corpus-pystachio]}" "${insn[corpus-aurora2nix]}")x"
fi
echo "pystachio in-process evaluation time of the sanity run (no interpreter start-up):" \
  "$(sed 's/.*seconds=//' "$work/py.txt") s; its slowest configs:"
cat "$work/py-slowest.txt"
