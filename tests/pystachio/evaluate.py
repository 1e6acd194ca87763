#!/usr/bin/env python
"""Reference evaluator: loads an .aurora config the way Apache Aurora's client does, with real pystachio.

Usage:
  python evaluate.py CONFIG.aurora [--bind NAME=VALUE]... [--env NAME=VALUE]...
                     [--job CLUSTER/ROLE/ENV/NAME] [--tiers TIERS.json] [--lock aurora2nix.lock]

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
  3. The job key argument each job would need (AuroraJobKey.from_path), and, without --job, no
     two jobs with one key (pick would find both).
  4. Per job: AuroraConfig.validate_job, the standard bindings (mesos.role, mesos.cluster,
     thermos.user), the Docker binding helper (every {{docker.image[NAME][TAG]}} bound to the
     reference the lock file's "docker" map pins for NAME:TAG, where the client asks the
     cluster's registry; an unpinned one is left), the validate_config plugin, `check()` (the client's TypeCheck), the checks
     of the thrift conversion (config/thrift.py convert) with Thermos's task validator and
     planner, then, with --tiers, the client's tier backfill
     (client/cli/context.py _get_config_with_production_and_tier) from a tier file in the shape of
     Aurora's tiers.json standing in for the scheduler's tier list (in the file's order, where
     the scheduler's is a set's), then `json.loads(job.json_dumps())`.

Steps 3 and 4 past `check()` are our transcription of Aurora's client (apache/aurora
src/main/python: config/__init__.py, client/config.py, config/thrift.py, thermos/config/loader.py,
thermos/common/planner.py, config/port_resolver.py), written against pystachio objects the way
that code reads them, independently of aurora2nix's rules (converter/aurora/client/rules.rs),
which read the job's JSON.  Warnings the client prints go to stderr as `WARNING: message`.

A tier file aurora2nix refuses (it exits 2 for it, before any config runs) is
`ERROR: TierFileError: message` here, read before the config runs.

On success prints {"jobs": [...]} (sorted keys, indent 2) and exits 0.  On error prints one line
`ERROR: <ExceptionType>: <message>` (newlines in the message written as \\n) and exits 1.
Nothing else is written to stdout: while the config runs, sys.stdout points at stderr.

Runs on Python 2.7 (the blessed outputs) and Python 3.
"""

from __future__ import print_function

import json
import math
import os
import re
import sys

from collections import OrderedDict

from pystachio import Boolean, Empty, Environment, Ref
from pystachio.matcher import Any, Matcher

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


class ClientExit(Exception):
  """The client's `die(message)`: the message printed, exit status 1."""


class TierFileError(Exception):
  """A tier file that is not a tier list the scheduler could send (aurora2nix: E0012, exit 2)."""


class InvalidThrift(Exception):
  """config/thrift.py's InvalidConfig; AuroraConfig.job() re-raises it as InvalidConfig."""


class InvalidTask(Exception):
  """ThermosTaskValidator.InvalidTaskError."""


class InvalidSchedule(Exception):
  """Planner.InvalidSchedule."""


class CycleInPortmap(Exception):
  """PortResolver.CycleException."""


GOOD_IDENTIFIER = re.compile(r'^[\w\-\.]+$')
MB = 1024 * 1024


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
  tiers = None
  images = {}
  args = list(argv)
  while args:
    arg = args.pop(0)
    if arg == '--tiers':
      if not args:
        raise UsageError('--tiers needs a value')
      tiers = load_tiers(os.path.abspath(args.pop(0)))
    elif arg in ('--bind', '--env', '--job', '--lock'):
      if not args:
        raise UsageError('%s needs a value' % arg)
      value = args.pop(0)
      if arg == '--lock':
        # Read now: the loader changes the working directory.
        with open(value) as fp:
          images = json.load(fp).get('docker', {})
      elif arg == '--bind':
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
  return config, bindings, environ, job_key, tiers, images


class _Object(list):
  """A JSON object as its (key, value) pairs, in the file's order, repeated keys kept."""


def _shown(value):
  """A JSON value as the messages show it: compact JSON."""
  def plain(v):
    if isinstance(v, _Object):
      return OrderedDict((k, plain(x)) for k, x in v)
    if isinstance(v, list):
      return [plain(x) for x in v]
    return v
  return json.dumps(plain(value), separators=(',', ':'))


def to_bool(value):
  """The client's to_bool of a tier setting: pystachio's Boolean.coerce (None if it refuses)."""
  try:
    return Boolean.coerce(value)
  except Boolean.CoercionError:
    return None


SETTINGS = ('preemptible', 'revocable')


def load_tiers(path):
  """A tier file {"default": NAME, "tiers": {NAME: {"preemptible": B, "revocable": B}, ...}}
  as (default name, [(name, {setting: bool})]) in the file's order: what the scheduler's
  getTierConfigs would return, its settings coerced as the client's to_bool reads them."""
  with open(path) as fp:
    text = fp.read()
  try:
    doc = json.loads(text, object_pairs_hook=_Object)
  except ValueError as e:
    raise TierFileError('the tier file is not JSON: %s' % e)
  if not isinstance(doc, _Object):
    raise TierFileError('a tier file is a JSON object, not %s' % _shown(doc))
  default = tiers = None
  seen = set()
  for key, value in doc:
    if key in seen:
      raise TierFileError('"%s" is given twice' % key)
    seen.add(key)
    if key == 'default':
      if not isinstance(value, type(u'')) and not isinstance(value, str):
        raise TierFileError('"default" is %s, not the name of a tier (a string)' % _shown(value))
      default = value
    elif key == 'tiers':
      if not isinstance(value, _Object):
        raise TierFileError('"tiers" is %s, not an object of tier names to their settings'
                            % _shown(value))
      tiers = []
      for name, settings in value:
        if name in [n for n, _ in tiers]:
          raise TierFileError('tier "%s" is defined twice' % name)
        if not isinstance(settings, _Object):
          raise TierFileError('invalid type: %s, expected the settings of tier "%s": '
                              '{"preemptible": BOOL, "revocable": BOOL}' % (_shown(settings), name))
        coerced = {}
        for setting, given in settings:   # in the file's order: the first bad one is reported
          if setting not in SETTINGS:
            raise TierFileError('tier "%s" has an unknown setting "%s": a tier has '
                                '"preemptible" and "revocable"' % (name, setting))
          if setting in coerced:
            raise TierFileError('tier "%s" gives "%s" twice' % (name, setting))
          coerced[setting] = to_bool(given)
          if coerced[setting] is None:
            raise TierFileError('tier "%s": "%s" is %s, which is not a boolean (pystachio\'s '
                                'Boolean takes true, false, a number, or "true", "false", "1", '
                                '"0" in any case)' % (name, setting, _shown(given)))
        for setting in SETTINGS:
          if setting not in coerced:
            raise TierFileError("tier \"%s\" has no \"%s\" setting (Aurora's client would fail "
                                "with KeyError: '%s')" % (name, setting, setting))
        tiers.append((name, coerced))
    else:
      raise TierFileError('unknown key "%s": a tier file has only "default" and "tiers"' % key)
  if default is None:
    raise TierFileError('the tier file has no "default" (the name of the tier for jobs no tier '
                        'matches)')
  if tiers is None:
    raise TierFileError('the tier file has no "tiers" (an object of tier names to their '
                        'settings)')
  if default not in [n for n, _ in tiers]:
    raise TierFileError('the default tier "%s" is not one of the tiers (%s)'
                        % (default, ', '.join(n for n, _ in tiers)))
  return default, tiers


def backfill_tier(job, tiers):
  """The client's _get_config_with_production_and_tier on a job that passed every check: the
  thrift task's tier is None when the job sets none, its production a bool."""
  default, tier_list = tiers
  production = bool(fully_interpolated(job.production()))
  tier = fully_interpolated(job.tier()) if job.has_tier() else None
  if tier is None:
    matching = [name for name, settings in tier_list
                if (not settings['preemptible']) == production and not settings['revocable']]
    if len(matching) > 1:
      warn("several tiers match a job with no tier and production %s: %s; the first in the tier "
           "file (%s) is taken, but Aurora takes the first in the scheduler's set order, which "
           "may differ: set the job's tier to choose"
           % ('true' if production else 'false', ', '.join(matching), matching[0]))
    return job(tier=matching[0] if matching else default)
  for name, settings in tier_list:
    if name == tier:
      return job(production=not settings['preemptible'])
  return job


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


def check_job_key(job):
  """The job key argument naming this job: AuroraJobKey.from_path (the client parses it first)."""
  parts = (job.cluster(), job.role(), job.environment(), job.name())
  if any(p is Empty for p in parts):
    return   # such a job cannot be named; validate_job or check() says why
  path = '%s/%s/%s/%s' % parts
  try:
    cluster, role, env, name = path.split('/', 4)
  except ValueError:
    raise ValueError("Invalid path '%s'. path should be a string in the form "
                     "CLUSTER/ROLE/ENV/NAME" % path)
  for label, value in (('role', role), ('env', env), ('name', name)):
    if not GOOD_IDENTIFIER.match(value):
      raise ValueError("Invalid %s '%s'" % (label, value))


def check_unique_keys(jobs):
  """pick with the key of each job: a key two jobs share matches both."""
  keys = ['%s/%s/%s/%s' % (j.cluster(), j.role(), j.environment(), j.name()) for j in jobs]
  if len(set(keys)) != len(keys):
    raise ValueError('Multiple jobs match, please disambiguate by specifying a job key.\n'
                     + _candidates(jobs))


def warn(message):
  sys.stderr.write('WARNING: %s\n' % message.strip())


def port_refs(obj):
  """PortExtractor.extract: the NAMEs of the {{thermos.ports[NAME]}} refs left in obj."""
  scope = Ref.from_address('thermos.ports')
  names = []
  for ref in obj.interpolate()[1]:
    below = scope.scoped_to(ref)
    if below is not None:
      if not below.is_index():
        raise ValueError('Bad port specification "%s" (should be of form "thermos.ports[name]"'
                         % ref.address())
      names.append(below.action().value)
  return names


def resolve_portmap(portmap):
  """PortResolver.resolve."""
  ports = dict(portmap)
  for name in list(ports):
    try:
      ports[name] = int(ports[name])
    except ValueError:
      pass
  resolved = {}
  for name in ports:
    seen = set()
    value = ports[name]
    while value in ports:
      seen.add(value)
      if ports[value] in seen:
        raise CycleInPortmap('Found cycle in portmap!')
      value = ports[value]
    resolved[name] = value
  return resolved


def scheduler_ports(job):
  """AuroraConfig.ports(): the ports the scheduler must allocate."""
  task, _ = job.task().interpolate()
  referenced = set()
  if task.has_processes():
    for process in task.processes():
      referenced.update(port_refs(process))
  portmap = resolve_portmap(job.announce().portmap().get() if job.has_announce() else {})
  unallocated = set(p for p in portmap.values() if not isinstance(p, int))
  unresolved = set(p for p in (portmap.get(r, r) for r in referenced) if not isinstance(p, int))
  return unallocated | unresolved


def is_dedicated(job):
  return job.has_constraints() and 'dedicated' in job.constraints()


def validate_config(job):
  """The client's validate_config plugin (client/config.py)."""
  size = job.instances().get()
  max_failures = job.update_config().max_total_failures().get()
  if max_failures >= size:
    raise ClientExit('\nmax_total_failures in update_config must be lesser than the job size.\n'
                     'Based on your job size (%s) you should use max_total_failures <= %s.\n'
                     % (size, size - 1))
  if is_dedicated(job):
    least = int(math.floor(size * 0.02))
    if max_failures < least:
      raise ClientExit('\nSince this is a dedicated job, you must set your max_total_failures in\n'
                       'your update configuration to no less than 2%% of your job size.\n'
                       'Based on your job size (%s) you should use max_total_failures >= %s.\n'
                       % (size, least))
  health = job.health_check_config()
  for value, name in ((job.update_config().watch_secs().get(), 'watch_secs'),
                      (health.max_consecutive_failures().get(), 'max_consecutive_failures'),
                      (health.min_consecutive_successes().get(), 'min_consecutive_successes'),
                      (health.initial_interval_secs().get(), 'initial_interval_secs'),
                      (health.interval_secs().get(), 'interval_secs')):
    if value < 0:
      raise ClientExit('\nInvalid value (%s) specified for %s. Value cannot be less than 0.\n'
                       % (value, name))
  if job.has_announce():
    primary = job.announce().primary_port().get()
    portmap = job.announce().portmap().get()
    if primary not in scheduler_ports(job) and primary not in portmap:
      warn("Announcer specified primary port as '%s' but no processes have bound that port." % primary)
    if not is_dedicated(job):
      for port in portmap.values():
        try:
          int(port)
        except ValueError:
          continue
        raise ValueError('Job must be dedicated in order to specify static ports!')
  if job.production().get() and job.tier() is Empty:
    warn("Job configuration attribute 'production' is deprecated.")


def fully_interpolated(obj):
  if not obj.check().ok():
    raise InvalidThrift(obj.check().message())
  return obj.interpolate()[0].get()


def plan(task, final):
  """TaskPlanner(task, process_filter=final is `final`): raises InvalidSchedule."""
  processes = [p for p in task.processes() if p.final().get() is final]
  by_name = dict((p.name().get(), p) for p in processes)
  names = set(by_name)
  needs = {}
  if task.has_constraints():
    for constraint in task.constraints():
      order = constraint.order().get()
      if set(order).issubset(names) == set(order).isdisjoint(names):
        raise InvalidSchedule('Invalid process dependencies!')
      if not set(order).issubset(names):
        continue
      for before, after in zip(order, order[1:]):
        if by_name[before].daemon().get():
          raise InvalidSchedule('Process %s may not depend upon daemon process %s'
                                % (after, before))
        if not by_name[after].ephemeral().get() and by_name[before].ephemeral().get():
          raise InvalidSchedule('Non-ephemeral process %s may not depend upon ephemeral process %s'
                                % (after, before))
        needs.setdefault(after, set()).add(before)
  left = set(names)
  while True:
    ready = set(n for n in left if not (needs.get(n, set()) & left))
    if not ready:
      break
    left -= ready
  if left:
    raise InvalidSchedule('Cycles detected in the task schedule!')


def validate_task(task, thermos_context):
  """ThermosTaskValidator.assert_valid_task."""
  for process in task.processes():
    name = process.name().get()
    if not re.match(r'^[^./][^/]*$', name):
      raise InvalidTask('Task has invalid process: Invalid process name: %s' % name)
  if not task.check().ok():
    raise InvalidTask('Failed to fully evaluate task: %s' % task.check().message())
  try:
    plan(task, False)
    plan(task, True)
  except InvalidSchedule as e:
    raise InvalidTask('Task has invalid plan: %s' % e)
  context = thermos_context(task_id='dummy_task_id', user='dummy_user',
                            ports=dict((n, 31337) for n in port_refs(task)))
  # The Docker helper has bound every docker.image[NAME][TAG] before (see bind_docker_images).
  left = [r for r in (task % dict(thermos=context)).interpolate()[1] if not is_docker_image(r)]
  if left:
    raise InvalidTask('Unexpected unbound refs: %s. Make sure you are not nesting template '
                      'variables.' % ' '.join(map(str, left)))


def thrift_checks(job, env):
  """The checks of config/thrift.py convert, on `job % AuroraConfig.context()`."""
  scheduler_ports(job)
  job = job % Environment(mesos=env['MesosContext']({}))
  for label, value in (('role', job.role()), ('environment', job.environment()),
                       ('name', job.name())):
    if not GOOD_IDENTIFIER.match(fully_interpolated(value)):
      raise InvalidThrift("Invalid %s '%s'" % (label, fully_interpolated(value)))
  task = job.task()
  if not task.has_resources():
    raise InvalidThrift('Task must specify resources!')
  resources = task.resources()
  cpu = fully_interpolated(resources.cpu())
  ram = fully_interpolated(resources.ram())
  disk = fully_interpolated(resources.disk())
  if ram == 0 or disk == 0:
    raise InvalidThrift('Must specify ram and disk resources, got ram:%r disk:%r' % (ram, disk))
  if cpu <= 0 or ram // MB <= 0 or disk // MB <= 0:
    raise InvalidThrift('Task has invalid resources.  cpu/ramMb/diskMb must all be positive: '
                        'cpu:%r ramMb:%r diskMb:%r' % (cpu, ram // MB, disk // MB))
  constraints = fully_interpolated(job.constraints()) if job.constraints() is not Empty else {}
  for value in constraints.values():
    if value.startswith('limit:'):
      int(value[len('limit:'):])
  container = job.container()
  if container is not Empty:
    chosen = container.unwrap()
    if isinstance(chosen, env['Container']) and chosen.docker() is not None:
      docker = chosen.docker()
      if docker.parameters() is not Empty:
        fully_interpolated(docker.parameters())
    elif not isinstance(chosen, (env['Docker'], env['Mesos'])):
      raise InvalidThrift('If a container is specified it must set one type.')
  underlying, refs = job.interpolate()
  checked = underlying.bind(mesos={'instance': 31337, 'hostname': ''})
  try:
    validate_task(checked.task(), env['ThermosContext'])
  except InvalidTask as e:
    raise InvalidThrift('Task is invalid: %s' % e)
  if not checked.check().ok():
    raise InvalidThrift('Job not fully specified: %s' % underlying.check().message())
  allowed = [Ref.from_address(a) for a in ('thermos.task_id', 'mesos.instance', 'mesos.hostname')]
  ports = Ref.from_address('thermos.ports')
  # An image ref left unpinned is one the client's Docker helper resolves (from the registry)
  # before this check: not unbound to the client.
  unbound = [r for r in refs
             if r not in allowed and not Ref.subscope(ports, r) and not is_docker_image(r)]
  if unbound:
    raise InvalidThrift('Config contains unbound variables: %s' % ' '.join(map(str, unbound)))
  policy = job.cron_collision_policy().get()
  if policy.upper() not in ('KILL_EXISTING', 'CANCEL_NEW', 'RUN_OVERLAP'):
    raise InvalidThrift("Invalid <class 'gen.apache.aurora.api.ttypes.CronCollisionPolicy'> type: %s"
                        % policy)


def bind_docker_images(job, images):
  """The client's Docker binding helper (client/binding_helpers/docker_helper.py): for each
  match of Matcher('docker').image[Any][Any] among the job's unbound refs, binds the ref
  docker.image[NAME][TAG] to the image reference; here the one `images` (the lock file's
  "docker" map) pins for NAME:TAG instead of the registry's answer.  An unpinned ref is left."""
  for match in Matcher('docker').image[Any][Any].match(job):
    name, tag = match[2], match[3]
    pinned = images.get('%s:%s' % (name, tag))
    if pinned is not None:
      job = job.bind({Ref.from_address('docker.image[%s][%s]' % (name, tag)): pinned})
  return job


def is_docker_image(ref):
  """docker.image[NAME][TAG]: what the client's Docker helper would have bound."""
  c = ref.components()
  return (len(c) == 4 and [type(x) for x in c] == [Ref.Dereference, Ref.Dereference, Ref.Index,
                                                    Ref.Index]
          and c[0].value == 'docker' and c[1].value == 'image')


def standard_bindings(job):
  """AuroraConfig.standard_bindings: deprecated aliases kept by the client."""
  return job.bind({
      Ref.from_address('mesos.role'): '{{role}}',
      Ref.from_address('mesos.cluster'): '{{cluster}}',
      Ref.from_address('thermos.user'): '{{role}}',
  })


def evaluate(argv):
  config, bindings, environ, job_key, tiers, images = parse_args(argv)
  if environ is not None:
    os.environ.clear()
    os.environ.update(environ)
  env = load(config)
  jobs = env.get('jobs', [])
  if not jobs:
    raise ValueError('No job defined in this config!')
  results = []
  picked = pick(jobs, bindings, job_key)
  for job in picked:
    check_job_key(job)
  if job_key is None:
    check_unique_keys(picked)
  for job in picked:
    validate_job(job)
    job = standard_bindings(job)
    job = bind_docker_images(job, images)
    validate_config(job)
    typecheck = job.check()
    if not typecheck.ok():
      raise TypeCheckError(typecheck.message())
    try:
      thrift_checks(job, env)
    except InvalidThrift as e:
      raise InvalidConfig(str(e))
    if tiers is not None:
      job = backfill_tier(job, tiers)
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
