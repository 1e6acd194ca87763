#!/usr/bin/env bash
# Error-message tests for templates/aurora-runtime.nix.
# Each case evaluates a bad input with the CI command (restrict-eval, dummy
# store) and checks that evaluation fails and stderr contains the expected text.
#
#   bash tests/nix/runtime_errors.sh        (from anywhere; exits 1 on failure)
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
schema="$root/tests/nix/test_schema.nix"
pass=0
fail=0

# expect_error NAME EXPECTED-SUBSTRING NIX-EXPR (with the schema's names in scope)
expect_error() {
  local name="$1" expected="$2" expr="$3" out rc
  out="$(nix-instantiate --eval --strict --json --store dummy:// \
      --option restrict-eval true -I "$root" \
      -E "with import $schema; let t = rt.types; in $expr" 2>&1 >/dev/null)"
  rc=$?
  if [ "$rc" -ne 0 ] && grep -qF -- "$expected" <<<"$out"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    printf 'FAIL %s (rc=%s)\n  expected: %s\n  got: %s\n' "$name" "$rc" "$expected" "$out"
  fi
}

# A valid job to break in various places.
job='{ role = "r"; cluster = "c"; environment = "e"; task = { processes = [ { name = "a"; cmdline = "x"; } ]; }; }'

expect_error "type error" \
  'error: aurora: Resources.cpu: expected a float, got a string "lots"' \
  'Resources { cpu = "lots"; ram = 1; disk = 1; }'

expect_error "unknown field" \
  'error: aurora: Process: unknown field "nmae" (fields: cmdline, daemon, ephemeral, final, logger, max_failures, min_duration, name, resources)' \
  'Process { nmae = "a"; cmdline = "x"; }'

expect_error "missing required" \
  'error: aurora: Process.cmdline is required' \
  'Process { name = "a"; }'

expect_error "several missing required" \
  'error: aurora: Resources.cpu, Resources.disk are required' \
  'Resources { ram = 1; }'

expect_error "enum value" \
  'error: aurora: Logger.mode: "x" is not one of standard, rotate' \
  'Logger { mode = "x"; }'

expect_error "nested path (plain attrsets)" \
  'error: aurora: MesosJob.task.processes[1].cmdline is required' \
  'Job { role = "r"; cluster = "c"; environment = "e"; task = { processes = [ { name = "a"; cmdline = "x"; } { name = "b"; } ]; }; }'

expect_error "nested type error" \
  'error: aurora: MesosJob.task.resources.ram: expected an integer, got a float 1.5' \
  "Job ($job // { task = { resources = { cpu = 1; ram = 1.5; disk = 1; }; }; })"

expect_error "nested constructor call reports its own path" \
  'error: aurora: Process: unknown field "nmae"' \
  "Job ($job // { task = Task { processes = [ (Process { nmae = \"a\"; cmdline = \"x\"; }) ]; }; })"

expect_error "reserved map key" \
  'error: aurora: MesosJob.constraints: map key "outPath" is not allowed' \
  "Job ($job // { constraints = { outPath = \"/nix/store/x\"; host = \"limit:1\"; }; })"

expect_error "reserved map key __toString" \
  'error: aurora: Announcer.portmap: map key "__toString" is not allowed' \
  'Announcer { portmap = { __toString = "x"; }; }'

expect_error "map value type" \
  'error: aurora: ThermosContext.ports[http]: expected an integer, got a string "80"' \
  'ThermosContext { ports = { http = "80"; }; }'

expect_error "choice matches nothing" \
  'error: aurora: MesosJob.container: expected one of Container, Docker, Mesos, got a set with fields imag, which none of them accepts' \
  "Job ($job // { container = { imag = \"x\"; }; })"

expect_error "choice shows the error of the caller's own constructor call" \
  'error: aurora: Docker: unknown field "imag"' \
  "Job ($job // { container = Docker { imag = \"x\"; }; })"

expect_error "list expected" \
  'error: aurora: MesosJob.task.processes: expected a list, got a set with fields cmdline, name' \
  "Job ($job // { task = { processes = { name = \"a\"; cmdline = \"x\"; }; }; })"

expect_error "constructor not applied" \
  'error: aurora: MesosJob.task: expected a Task (an attribute set of its fields), got a callable set' \
  "Job ($job // { task = Task; })"

expect_error "derivation where a string is expected" \
  'error: aurora: Process.cmdline: expected a string, got a derivation or other set with outPath' \
  'Process { name = "a"; cmdline = import <nix/fetchurl.nix> { url = "http://x/y"; sha256 = "0000000000000000000000000000000000000000000000000000000000000000"; }; }'

expect_error "null is not absent" \
  'error: aurora: Process.resources: expected a Resources (an attribute set of its fields), got null' \
  'Process { name = "a"; cmdline = "x"; resources = null; }'

expect_error "constructor given a non-attrset" \
  'error: aurora: Process: expected an attribute set of Process fields, got a list of 0 element(s)' \
  'Process [ ]'

expect_error "schema: required and default" \
  'error: aurora: schema error in Bad: x: a field cannot be both required and defaulted' \
  'rt.mkStruct "Bad" { x = { type = t.string; required = true; default = "a"; }; } { }'

expect_error "schema: bad default" \
  'error: aurora: Bad.n (default): expected an integer, got a string "one"' \
  'rt.mkStruct "Bad" { n = { type = t.integer; default = "one"; }; } { }'

echo "runtime_errors: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
