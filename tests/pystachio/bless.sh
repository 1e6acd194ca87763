#!/usr/bin/env bash
# Regenerates the pystachio side of the golden corpus: for every corpus/<case>/, runs
# evaluate.py (real pystachio 0.8.5 on Python 2.7) on input.aurora with the case's args and
# writes expected.json (success) or expected.pystachio-error (the single ERROR line).
#
# Usage: tests/pystachio/bless.sh [CASE...]      (default: every case)
# Environment: PYTHON overrides the interpreter (default: python2.7 through pyenv 2.7.18).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
corpus="$(cd "$here/../../corpus" && pwd)"
evaluate="$here/evaluate.py"
# Case args name files relative to the repository root (as `cargo test` runs them).
cd "$here/../.."

if [[ -z "${PYTHON:-}" ]]; then
  PYTHON=python2.7
  export PYENV_VERSION="${PYENV_VERSION:-2.7.18}"
fi
# Without pystachio installed, the copy `cargo test` provisions.
if ! "$PYTHON" -c 'import pystachio' 2>/dev/null; then
  export PYTHONPATH="$here/../../target/test-deps/pystachio-0.8.5-python2.7-2.7.18${PYTHONPATH:+:$PYTHONPATH}"
fi

if [[ $# -gt 0 ]]; then
  cases=("$@")
else
  cases=()
  for dir in "$corpus"/*/; do
    cases+=("$(basename "$dir")")
  done
fi

status=0
for name in "${cases[@]}"; do
  dir="$corpus/${name%/}"
  if [[ ! -f "$dir/input.aurora" ]]; then
    echo "skip $name: no input.aurora" >&2
    continue
  fi
  args=()
  if [[ -f "$dir/args" ]]; then
    while IFS= read -r line || [[ -n "$line" ]]; do
      args+=("$line")
    done < "$dir/args"
  fi
  out="$(mktemp)"
  rc=0
  # ${args[@]+...} keeps `set -u` happy on bash < 4.4 when there are no args.
  "$PYTHON" "$evaluate" "$dir/input.aurora" ${args[@]+"${args[@]}"} > "$out" 2>/dev/null || rc=$?
  case "$rc" in
    0)
      mv "$out" "$dir/expected.json"
      rm -f "$dir/expected.pystachio-error"
      echo "ok    $name"
      ;;
    1)
      mv "$out" "$dir/expected.pystachio-error"
      rm -f "$dir/expected.json"
      echo "error $name: $(cat "$dir/expected.pystachio-error")"
      ;;
    *)
      rm -f "$out"
      echo "FAIL  $name: evaluate.py exited with $rc" >&2
      status=1
      ;;
  esac
done
exit "$status"
