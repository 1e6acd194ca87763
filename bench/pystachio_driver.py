#!/usr/bin/env python
"""Evaluates every .aurora config below a folder with real pystachio, in ONE Python process.

Usage: pystachio_driver.py FOLDER [--slowest K]

Each config goes through exactly the pipeline of tests/pystachio/evaluate.py (its evaluate()
function: load, pick, validate_job, standard_bindings, check, json) and its result is
serialized like evaluate.py's main() does, then dropped.  Prints one line,
`configs=C jobs=J seconds=S` (S covers evaluation only, not Python or pystachio start-up);
with --slowest K, the K slowest configs go to stderr.  Exits 1 if any config fails.
"""

from __future__ import print_function

import json
import os
import sys
import time

sys.dont_write_bytecode = True  # leave no .pyc next to evaluate.py
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'pystachio'))
import evaluate  # noqa: E402  (the reference evaluator)


def configs(folder):
  found = []
  for dirpath, _, names in os.walk(folder):
    found.extend(os.path.join(dirpath, n) for n in names if n.endswith('.aurora'))
  return sorted(os.path.abspath(f) for f in found)  # absolute: evaluate() chdirs


def main(argv):
  if not argv:
    print(__doc__.strip(), file=sys.stderr)
    return 2
  folder = argv[0]
  slowest = int(argv[2]) if argv[1:2] == ['--slowest'] else 0
  files = configs(folder)
  jobs, timings = 0, []
  stdout, sys.stdout = sys.stdout, sys.stderr  # as in evaluate.py: configs must not print
  start = time.time()
  for path in files:
    t0 = time.time()
    try:
      result = evaluate.evaluate([path])
    except (Exception, SystemExit) as e:  # what evaluate.py's main() reports as ERROR
      sys.stdout = stdout
      print('ERROR in %s: %s: %s' % (path, type(e).__name__, e))
      return 1
    json.dumps(result, sort_keys=True, indent=2, separators=(',', ': '))
    jobs += len(result['jobs'])
    timings.append((time.time() - t0, path))
  elapsed = time.time() - start
  sys.stdout = stdout
  for seconds, path in sorted(timings, reverse=True)[:slowest]:
    print('%8.1f ms  %s' % (seconds * 1000, os.path.relpath(path, os.path.abspath(folder))),
          file=sys.stderr)
  print('configs=%d jobs=%d seconds=%.3f' % (len(files), jobs, elapsed))
  return 0


if __name__ == '__main__':
  sys.exit(main(sys.argv[1:]))
