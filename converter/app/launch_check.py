"""aurora2nix verify's check of the launch path: real pystachio, with Aurora's schema (the
prelude) and the launcher convert wrote (aurora2nix-launch.aurora), rebuilds the jobs of each
job document Nix printed, as Aurora's client would when it runs the launcher.

Usage: python launch_check.py PRELUDE LAUNCHER DOCUMENT...
Prints one JSON line per DOCUMENT: {"jobs": [each rebuilt job's json_dumps()]} or
{"error": "Type: message"}.
"""

import json
import os
import sys


def main(prelude, launcher, documents):
  schema = {}
  exec(compile('from pystachio import *\n', '<schema>', 'exec'), schema)
  with open(prelude) as f:
    exec(compile(f.read(), prelude, 'exec'), schema)
  with open(launcher) as f:
    code = compile(f.read(), launcher, 'exec')
  for document in documents:
    # Each document in its own copy of the namespace, as the client loads each config afresh.
    env = dict(schema)
    os.environ['AURORA2NIX_JSON'] = document
    try:
      exec(code, env)
      result = {'jobs': [json.loads(job.json_dumps()) for job in env.get('jobs', [])]}
    except Exception as e:  # reported per document, the others still checked
      result = {'error': '%s: %s' % (type(e).__name__, e)}
    sys.stdout.write(json.dumps(result) + '\n')


if __name__ == '__main__':
  main(sys.argv[1], sys.argv[2], sys.argv[3:])
