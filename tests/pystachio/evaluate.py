#!/usr/bin/env python
"""Reference evaluator: loads an .aurora config the way Apache Aurora's client does, with real pystachio.

Usage:
  python evaluate.py CONFIG.aurora [--bind NAME=VALUE]... [--env NAME=VALUE]...
                     [--job CLUSTER/ROLE/ENV/NAME]

It produces the golden "pystachio side" outputs of the aurora2nix corpus (corpus/*/expected.json and
corpus/*/expected.pystachio-error).  It follows the reference spec (/work/shared/reference/aurora-config.md):

  1. Loader (spec 2.1): a fresh globals dict; `from pystachio import *` and our schema prelude
     (converter/aurora/prelude.py) are executed into it; `include(path)` resolves `path`
     against the directory of the including file and executes it into the same globals, compiled
     under the name as written.  The config runs with the current directory set to its own folder
     (the Aurora client does not chdir: we do, so that `open('file')` in a corpus case finds the
     case's files), and the root file is compiled under its base name (Aurora uses the path given
     on the command line), so messages do not depend on where the corpus lives.  SyntaxError and
     ValueError raised while executing the config become InvalidConfigError (pystachio's Config
     does this); all other exceptions pass through unchanged.
  2. Job selection (spec 2.2): `jobs` must be non-empty ('No job defined in this config!');
     --bind bindings are applied to every job; --job picks one job like AuroraConfig.pick.
     Without --job every job is evaluated (Aurora would insist on a job key for several jobs).
  3. Per job: AuroraConfig.validate_job, the standard bindings (mesos.role, mesos.cluster,
     thermos.user), `check()` (the client's TypeCheck), then `json.loads(job.json_dumps())`.

On success prints {"jobs": [...]} (sorted keys, indent 2) and exits 0.  On error prints one line
`ERROR: <ExceptionType>: <message>` (newlines in the message written as \\n) and exits 1.
Nothing else is written to stdout: while the config runs, sys.stdout points at stderr.

Runs on Python 2.7 (the blessed outputs) and Python 3.
"""

from __future__ import print_function

import json
import os
import sys

from pystachio import Empty, Ref

HERE = os.path.dirname(os.path.abspath(__file__))
PRELUDE = os.path.normpath(os.path.join(HERE, '..', '..', 'converter', 'aurora', 'prelude.py'))


class UsageError(Exception):
  """Bad command line."""


class InvalidConfigError(Exception):
  """pystachio's Config.InvalidConfigError: a SyntaxError or ValueError raised by the config."""


class InvalidConfig(Exception):
  """AuroraConfig.InvalidConfig, raised by validate_job."""

  def __str__(self):
    return 'The configuration was invalid: %s' % self.args[0]


class TypeCheckError(Exception):
  """The job did not pass `check()`; the message is the TypeCheck's message."""


def _execute(source, filename, env):
  # dont_inherit=True: the config must not inherit this module's `print_function` future flag
  # (pystachio compiles configs from a module without __future__ imports).
  code = compile(source, filename, 'exec', 0, True)
  exec(code, env, env)


def _read(path):
  with open(path) as fp:
    return fp.read()


def load(config_path):
  """Executes the config in a fresh namespace and returns that namespace (the loader's env)."""
  env = {}
  _execute('from pystachio import *\n', '<schema>', env)
  _execute(_read(PRELUDE), PRELUDE, env)

  # The stack of files being executed; include() paths are relative to the top of it.
  stack = []

  def execute_file(path_as_written):
    from_path = stack[-1] if stack else ''
    actual_path = os.path.join(os.path.dirname(from_path), path_as_written)
    stack.append(actual_path)
    try:
      # Like pystachio, the code is compiled under the name as written in include().
      _execute(_read(actual_path), path_as_written, env)
    finally:
      stack.pop()

  env['include'] = execute_file

  directory, filename = os.path.split(os.path.abspath(config_path))
  os.chdir(directory)
  try:
    execute_file(filename)
  except (SyntaxError, ValueError) as e:
    raise InvalidConfigError(str(e))
  return env


def parse_args(argv):
  if not argv:
    raise UsageError('usage: evaluate.py CONFIG.aurora [--bind NAME=VALUE]... '
                     '[--env NAME=VALUE]... [--job CLUSTER/ROLE/ENV/NAME]')
  config = None
  bindings = []
  environ = None
  job_key = None
  args = list(argv)
  while args:
    arg = args.pop(0)
    if arg in ('--bind', '--env', '--job'):
      if not args:
        raise UsageError('%s needs a value' % arg)
      value = args.pop(0)
      if arg == '--bind':
        bindings.append(parse_binding(value))
      elif arg == '--env':
        if '=' not in value:
          raise UsageError('Environment variable must be formatted NAME=VALUE: %s' % value)
        name, val = value.split('=', 1)
        environ = environ if environ is not None else {}
        environ[name] = val
      else:
        parts = value.split('/')
        if len(parts) != 4:
          raise UsageError('Job key must be CLUSTER/ROLE/ENV/NAME: %s' % value)
        job_key = parts
    elif config is None:
      config = arg
    else:
      raise UsageError('unexpected argument %s' % arg)
  if config is None:
    raise UsageError('no config file given')
  return config, bindings, environ, job_key


def parse_binding(value):
  """The client's --bind parser: NAME=VALUE, split on the first '=', NAME is a pystachio Ref."""
  if '=' not in value:
    raise ValueError('Binding parameter must be formatted name=value')
  name, val = value.split('=', 1)
  try:
    ref = Ref.from_address(name)
  except Ref.InvalidRefError as e:
    raise ValueError('Could not parse binding parameter %s: %s' % (value, e))
  return {ref: val}


def _candidates(jobs):
  return 'Candidates are:\n' + '\n'.join(
      '  %s/%s/%s/%s' % (j.cluster(), j.role(),
                         j.environment() if j.environment() is not Empty else '{MISSING}',
                         j.name())
      for j in jobs)


def pick(jobs, bindings, job_key):
  """AuroraConfig.pick, except that without a job key every job is returned."""
  bound = [job.bind(*bindings) if bindings else job for job in jobs]
  if job_key is None:
    return bound
  cluster, role, environment, name = job_key
  matches = [j for j in bound
             if str(j.cluster()) == cluster and str(j.role()) == role
             and str(j.environment()) == environment and str(j.name()) == name]
  if not matches:
    msg = 'Could not find job %s/%s/%s/%s\n' % (cluster, role, environment, name)
    for j in bound:
      if j.environment() is Empty:
        msg += "Job %s/%s/%s/%s in configuration file doesn't specify an environment\n" % (
            j.cluster(), j.role(), '{MISSING}', j.name())
    raise ValueError(msg + _candidates(bound))
  if len(matches) > 1:
    raise ValueError('Multiple jobs match, please disambiguate by specifying a job key.\n'
                     + _candidates(bound))
  return matches


def validate_job(job):
  """AuroraConfig.validate_job."""
  for required in ('cluster', 'task', 'role'):
    if not getattr(job, 'has_%s' % required)():
      raise InvalidConfig('%s required for job "%s"' % (required.capitalize(), job.name()))
  if not job.task().has_processes():
    raise InvalidConfig('Processes required for task on job "%s"' % job.name())


def standard_bindings(job):
  """AuroraConfig.standard_bindings: deprecated aliases kept by the client."""
  return job.bind({
      Ref.from_address('mesos.role'): '{{role}}',
      Ref.from_address('mesos.cluster'): '{{cluster}}',
      Ref.from_address('thermos.user'): '{{role}}',
  })


def evaluate(argv):
  config, bindings, environ, job_key = parse_args(argv)
  if environ is not None:
    os.environ.clear()
    os.environ.update(environ)
  env = load(config)
  jobs = env.get('jobs', [])
  if not jobs:
    raise ValueError('No job defined in this config!')
  results = []
  for job in pick(jobs, bindings, job_key):
    validate_job(job)
    job = standard_bindings(job)
    typecheck = job.check()
    if not typecheck.ok():
      raise TypeCheckError(typecheck.message())
    results.append(json.loads(job.json_dumps()))
  return {'jobs': results}


def _message(e):
  try:
    text = str(e)
  except UnicodeError:
    text = repr(e.args)
  return text.strip().replace('\n', '\\n')


def main(argv):
  stdout = sys.stdout
  sys.stdout = sys.stderr   # a config's print statements must not corrupt the output
  try:
    result = evaluate(argv)
  except (Exception, SystemExit) as e:
    sys.stdout = stdout
    print('ERROR: %s: %s' % (type(e).__name__, _message(e)))
    return 1
  sys.stdout = stdout
  print(json.dumps(result, sort_keys=True, indent=2, separators=(',', ': ')))
  return 0


if __name__ == '__main__':
  sys.exit(main(sys.argv[1:]))
