#!/usr/bin/env bash
# Benchmark: `aurora2nix convert` and `aurora2nix verify` at repository scale.
#
# Usage: bench/pipeline.sh [N ...]        (a generated repository of N configs each, default 1000 10000)
# Environment: BASELINE=/path/to/an/older/aurora2nix adds that build to the same run, on the same
# repositories (its converted job files must be byte-identical to ours); RUNS (default 3) timed runs
# per command; BIN overrides our binary (default: target/release/aurora2nix, built first).
#
# For each N: generates the repository (bench/generate.py), then times `convert` into a fresh
# output tree and `verify` of that tree (real nix-instantiate), each for ours and the baseline,
# with hyperfine (--warmup 1) when installed, else a plain loop; peak RSS of one more run comes
# from /usr/bin/time -v (apt packages `hyperfine`, `time`). Reports wall seconds, milliseconds
# per config and peak RSS side by side. Wall times are noisy on a shared machine: compare
# figures of one run.
# Exits non-zero if a command fails or the baseline converts to other bytes.
set -euo pipefail

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 10000)
runs="${RUNS:-3}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

die() { echo "bench: $*" >&2; exit 1; }
command -v nix-instantiate >/dev/null || die "verify needs nix-instantiate (apt-get install nix-bin)"

if [[ -z "${BIN:-}" ]]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  BIN="$root/target/release/aurora2nix"
fi
names=(aurora2nix)
bins=("$BIN")
if [[ -n "${BASELINE:-}" ]]; then
  names+=(baseline)
  bins+=("$BASELINE")
fi

# mean NAME CMD: mean wall seconds of CMD (a shell line, output discarded) into $work/NAME.mean.
mean() {
  if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs "$runs" --style none --export-csv "$work/$1.csv" "$2" >/dev/null
    awk -F, 'NR == 2 { print $2 }' "$work/$1.csv" >"$work/$1.mean"
  else
    bash -c "$2" >/dev/null 2>&1 || true   # warmup
    local start end
    start="$(date +%s.%N)"
    for ((r = 0; r < runs; r++)); do bash -c "$2" >/dev/null 2>&1 || true; done
    end="$(date +%s.%N)"
    awk -v s="$start" -v e="$end" -v n="$runs" 'BEGIN { print (e - s) / n }' >"$work/$1.mean"
  fi
}

# rss NAME CMD: peak resident set size of one run of CMD (which ends in `exec BIN ...`, so the
# measured process is BIN itself), in MB, into $work/NAME.rss.
rss() {
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v bash -c "$2" 2>&1 >/dev/null |
      awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' >"$work/$1.rss"
  else
    echo "n/a" >"$work/$1.rss"
  fi
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf '%-8s %-10s %-10s %10s %12s %14s\n' configs command build seconds "ms/config" "peak RSS (MB)"
for n in "${sizes[@]}"; do
  repo="$work/repo-$n"
  python3 "$root/bench/generate.py" "$repo" -n "$n" >/dev/null
  for i in "${!names[@]}"; do
    name="${names[i]}" bin="$(printf '%q' "${bins[i]}")"
    # Sanity: both commands succeed once (exit 0: every config converts, every job verifies).
    # Each build's tree is `nix` in the repository, as the generated headers say (`--out nix`).
    rm -rf "$repo/nix"
    (cd "$repo" && "${bins[i]}" -q convert . --out nix) || die "$name convert failed on $n configs"
    (cd "$repo" && "${bins[i]}" -q verify . --out nix >/dev/null 2>&1) ||
      die "$name verify failed on $n configs"
    # convert into a fresh tree each run (the timed work includes writing every file).
    convert="cd $repo && rm -rf nix.t && exec $bin -q convert . --out nix.t"
    verify="cd $repo && exec $bin -q verify . --out nix"
    mean "$name-convert-$n" "$convert"
    rss "$name-convert-$n" "$convert"
    mean "$name-verify-$n" "$verify"
    rss "$name-verify-$n" "$verify"
    rm -rf "$repo/nix.t"
    mv "$repo/nix" "$work/tree-$n-$name"
  done
  if [[ -n "${BASELINE:-}" ]]; then
    # The job files, that is: the library files (aurora-*.nix) may differ between builds.
    diff -r -q -x 'aurora-*.nix' "$work/tree-$n-aurora2nix" "$work/tree-$n-baseline" >/dev/null ||
      die "the baseline's converted files differ from ours on $n configs"
  fi
  for command in convert verify; do
    for name in "${names[@]}"; do
      m="$(cat "$work/$name-$command-$n.mean")"
      printf '%-8s %-10s %-10s %10.2f %12.2f %14s\n' "$n" "$command" "$name" "$m" \
        "$(awk -v m="$m" -v n="$n" 'BEGIN { print m * 1000 / n }')" "$(cat "$work/$name-$command-$n.rss")"
    done
  done
  rm -rf "$repo" "$work"/tree-"$n"-*
done
