#!/usr/bin/env python
"""What `aurora job create --read-json FILE` does with a job document, with real pystachio.

Usage: python read_json.py JOBS.json

Aurora's AuroraConfigLoader.loads_json (src/main/python/apache/aurora/config/loader.py) parses
the file, wraps a lone job as {"jobs": [job]}, and builds each job with `Job(json)`: pystachio's
struct constructor, given the JSON object as its one positional argument.  The schema here is our
transcription of Aurora's (converter/aurora/prelude.py), loaded as tests/pystachio/evaluate.py
loads it.  pystachio builds a Choice lazily: the value is coerced when the job is first
interpolated, as the client does when it checks the job or prints it, so each job is then
printed with json_dumps().

Prints one line per job: `ok` and the job's json_dumps(), or `ERROR: <ExceptionType>: <message>`.
"""

from __future__ import print_function

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import evaluate  # noqa: E402  (the same prelude, loaded the same way)


def main(path):
  env = {}
  evaluate._execute('from pystachio import *\n', '<schema>', env)
  evaluate._execute(evaluate._read(evaluate.PRELUDE), evaluate.PRELUDE, env)
  with open(path) as fp:
    parsed = json.loads(fp.read())
  if 'jobs' not in parsed:
    parsed = {'jobs': [parsed]}
  for job in parsed['jobs']:
    try:
      dumped = env['Job'](job).json_dumps()
    except Exception as e:
      print('ERROR: %s: %s' % (type(e).__name__, e))
    else:
      print('ok %s' % dumped)
  return 0


if __name__ == '__main__':
  sys.exit(main(sys.argv[1]))
