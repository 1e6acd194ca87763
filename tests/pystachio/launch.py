#!/usr/bin/env python
"""The jobs a config builds, printed without the client's checks, with real pystachio.

Usage: python launch.py CONFIG.aurora

Loads the config as tests/pystachio/evaluate.py does (pystachio, the schema prelude, then the
config, with `include`), and prints {"jobs": [...]} with each job as json.loads(json_dumps()),
or one line `ERROR: <ExceptionType>: <message>`.  For configs whose `jobs` are not Aurora jobs:
tests/launcher.rs runs the launcher over schemas of its own with it.
"""

from __future__ import print_function

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import evaluate  # noqa: E402  (the same loader)


def main(path):
  try:
    env = evaluate.load(path)
    jobs = [json.loads(job.json_dumps()) for job in env['jobs']]
  except Exception as e:
    print('ERROR: %s: %s' % (type(e).__name__, evaluate._message(e)))
    return 1
  print(json.dumps({'jobs': jobs}, sort_keys=True))
  return 0


if __name__ == '__main__':
  sys.exit(main(sys.argv[1]))
