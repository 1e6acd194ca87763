#!/usr/bin/env python
"""Generates a deterministic repository of realistic .aurora configs for the benchmark.

Usage: generate.py OUTDIR [-n N] [--seed S]

Writes OUTDIR/common/base.py (shared definitions, pulled in with include()) and N configs as
OUTDIR/<team>/<name>.aurora.  Four shapes, in the proportions seen in real Aurora repos:
  service  Profile(Struct) per environment, curl + sha256sum -c fetch, HTTP health check,
           one Service per environment built in a loop
  worker   SequentialTask: cp + md5 check, unpack, migrate, run; several shards per file
  cron     cron jobs built in a loop from a schedule table, cp + md5 fetch
  shared   include() of the common file, jobs from its helpers (sizes, sidecars, health)
Every task has 3-8 processes.  The same (N, seed) always gives byte-identical files, on
Python 2.7 and 3: only rng.random() is used (randint/choice differ between the two).
"""

from __future__ import print_function

import argparse
import hashlib
import os
import random

TEAMS = ['payments', 'search', 'ads', 'identity', 'storage', 'mobile', 'infra', 'data']
WORDS = ['api', 'gateway', 'indexer', 'ledger', 'router', 'cache', 'feed', 'auth', 'billing',
         'ingest', 'profile', 'notify', 'export', 'session', 'catalog', 'audit']
ENVS = [('devel', 1, 0.5), ('staging', 2, 1.0), ('prod', 6, 2.0)]
SCHEDULES = ['0 * * * *', '*/15 * * * *', '30 2 * * *', '0 4 * * 0', '5 */6 * * *']

COMMON = '''\
# Shared definitions for every team: include('../common/base.py').
CLUSTERS = ['west', 'east']
SIZES = {
  'small':  Resources(cpu = 0.5, ram = 512 * MB, disk = 1 * GB),
  'medium': Resources(cpu = 2, ram = 2 * GB, disk = 8 * GB),
  'large':  Resources(cpu = 8, ram = 16 * GB, disk = 64 * GB),
}

def sidecar(name, cmd):
  return Process(name = name, cmdline = cmd, daemon = True, ephemeral = True, max_failures = 0)

SIDECARS = [
  sidecar('log_rotate', 'while true; do logrotate -s .lr.state logrotate.conf; sleep 3600; done'),
  sidecar('metrics', './metrics-agent --port={{thermos.ports[metrics]}} --job={{role}}/{{name}}'),
  sidecar('tail_logs', 'tail -F .logs/*/0/stdout | ./ship --dest=logs.{{cluster}}.example.com'),
]

def http_health(endpoint = '/health', grace = 30):
  return HealthCheckConfig(
    health_checker = HealthCheckerConfig(
      http = HttpHealthChecker(endpoint = endpoint, expected_response = 'ok',
                               expected_response_code = 200)),
    initial_interval_secs = grace, interval_secs = 10, max_consecutive_failures = 3)

def standard_service(**kwargs):
  return Service(announce = Announcer(primary_port = 'http'),
                 update_config = UpdateConfig(batch_size = 2, watch_secs = 45), **kwargs)
'''


class Gen(object):
  """A seeded source of choices that is identical on Python 2 and 3."""

  def __init__(self, seed):
    self.rng = random.Random(seed)

  def between(self, lo, hi):    # inclusive, like randint
    return lo + int(self.rng.random() * (hi - lo + 1))

  def pick(self, seq):
    return seq[self.between(0, len(seq) - 1)]

  def digest(self, algo, text):
    return hashlib.new(algo, text.encode('ascii')).hexdigest()


def steps(g, k, prefix):
  """k extra processes (Python source), each a realistic shell step using templates."""
  kinds = [
    "Process(name = '%s_%d', cmdline = './bin/%s --shard={{mesos.instance}} --env={{environment}}')",
    "Process(name = '%s_%d', cmdline = 'python -m %s.check --port={{thermos.ports[http]}}', max_failures = 3)",
    "Process(name = '%s_%d', cmdline = 'sleep 5 && ./%s-ctl warmup --log={{profile.log_level}}', min_duration = 10)",
    # Not final: a SequentialTask orders all its processes, and Aurora's planner refuses an
    # order that mixes final processes with the others.
    "Process(name = '%s_%d', cmdline = 'echo done > .%s.ready', max_failures = 2)",
  ]
  return [g.pick(kinds) % (prefix, i, prefix) for i in range(k)]


def profile_class(package):
  return '''\
class Profile(Struct):
  package = Default(String, '%s')
  version = Required(String)
  checksum = Required(String)
  instances = Default(Integer, 1)
  log_level = Default(String, 'INFO')
  artifact = Default(String, '{{package}}-{{version}}.tar.gz')
''' % package


def profiles(g, package, algo):
  lines = ['PROFILES = {']
  for env, instances, _ in ENVS:
    version = '%d.%d.%d' % (g.between(1, 4), g.between(0, 20), g.between(0, 99))
    level = 'DEBUG' if env == 'devel' else 'INFO'
    lines.append("  '%s': Profile(version = '%s', checksum = '%s', instances = %d, log_level = '%s'),"
                 % (env, version, g.digest(algo, package + version), instances * g.between(1, 3), level))
  return '\n'.join(lines + ['}', ''])


def service(g, team, name):
  extra = steps(g, g.between(1, 6), name.replace('-', '_'))
  return '''\
# Service %(name)s of team %(team)s: one job per environment, each bound to its Profile.
%(profile)s
%(profiles)s
fetch = Process(
  name = 'fetch',
  cmdline = 'curl -fsSL -o {{profile.artifact}} https://artifacts.example.com/{{profile.package}}/{{profile.version}}/{{profile.artifact}}'
            ' && echo "{{profile.checksum}}  {{profile.artifact}}" | sha256sum -c -'
            ' && tar xzf {{profile.artifact}}')
server = Process(
  name = 'server',
  cmdline = './{{profile.package}}-{{profile.version}}/bin/server --port={{thermos.ports[http]}}'
            ' --admin={{thermos.ports[admin]}} --log-level={{profile.log_level}}')
EXTRA = [
  %(extra)s,
]

health = HealthCheckConfig(
  health_checker = HealthCheckerConfig(
    http = HttpHealthChecker(endpoint = '/health', expected_response = 'ok', expected_response_code = 200)),
  initial_interval_secs = %(grace)d, interval_secs = 10, max_consecutive_failures = 3)

jobs = []
for env, cpu in [('devel', 0.5), ('staging', 1.0), ('prod', %(cpu)s)]:
  task = SequentialTask(
    name = '{{profile.package}}',
    processes = [fetch, server] + EXTRA,
    resources = Resources(cpu = cpu, ram = int(cpu * %(ram)d) * MB, disk = %(disk)d * GB))
  jobs.append(Service(
    cluster = '%(cluster)s', role = '%(team)s', environment = env, name = '{{profile.package}}',
    instances = '{{profile.instances}}', production = env == 'prod',
    contact = '%(team)s-oncall@example.com', constraints = {'host': 'limit:1'},
    announce = Announcer(primary_port = 'http'), health_check_config = health,
    task = task).bind(profile = PROFILES[env]))
''' % dict(name=name, team=team, profile=profile_class(name), extra=',\n  '.join(extra),
           profiles=profiles(g, name, 'sha256'), grace=g.pick([15, 30, 60]),
           cpu=g.pick(['2.0', '4.0']), ram=g.pick([1024, 2048]), disk=g.between(1, 20),
           cluster=g.pick(['west', 'east']))


def cp_md5_fetch():
  return '''\
fetch = Process(
  name = 'fetch',
  cmdline = 'cp /mnt/packages/{{profile.artifact}} .'
            ' && echo "md5 of {{profile.artifact}}: $(md5sum {{profile.artifact}} | cut -d" " -f1)"'
            ' && echo "{{profile.checksum}}  {{profile.artifact}}" | md5sum -c -')
unpack = Process(name = 'unpack', cmdline = 'tar xzf {{profile.artifact}} && rm {{profile.artifact}}')
'''


def worker(g, team, name):
  shards = g.between(2, 6)
  extra = steps(g, g.between(0, 4), name.replace('-', '_'))
  return '''\
# Batch worker %(name)s: SequentialTask fetch -> unpack -> migrate -> run, %(shards)d shards.
%(profile)s
RELEASE = Profile(version = '%(version)s', checksum = '%(md5)s', log_level = 'WARN')

%(fetch)s
migrate = Process(name = 'migrate', cmdline = './{{profile.package}}-{{profile.version}}/bin/migrate --db=db.{{cluster}}')
def run(shard):
  return Process(name = 'run', cmdline = './{{profile.package}}-{{profile.version}}/bin/worker'
                                         ' --shard=%%d --port={{thermos.ports[http]}}' %% shard)

EXTRA = [%(extra)s
]

def shard_job(i):
  processes = [fetch, unpack, migrate, run(i)] + EXTRA
  return Job(
    cluster = 'west', role = '%(team)s', environment = 'prod', name = '%(name)s_shard%%02d' %% i,
    instances = 1 + i %% 3, max_task_failures = 4, service = True,
    task = SequentialTask(processes = processes,
                          resources = Resources(cpu = 1, ram = 2 * GB, disk = 10 * GB))
  ).bind(profile = RELEASE)

jobs = [shard_job(i) for i in range(%(shards)d)]
''' % dict(name=name, team=team, shards=shards, profile=profile_class(name),
           version='%d.%d' % (g.between(1, 9), g.between(0, 30)), md5=g.digest('md5', name),
           fetch=cp_md5_fetch(), extra=''.join('\n  %s,' % e for e in extra))


def cron(g, team, name):
  count = g.between(1, 4)
  table = ',\n  '.join("('%s_%d', '%s', %d)" % (g.pick(['compact', 'report', 'backup', 'sync']), i,
                                                 g.pick(SCHEDULES), g.between(1, 8))
                       for i in range(count))
  extra = steps(g, g.between(1, 5), name.replace('-', '_'))
  return '''\
# Cron jobs of %(name)s, one per row of a schedule table.
%(profile)s
RELEASE = Profile(version = '%(version)s', checksum = '%(md5)s')

%(fetch)s
SCHEDULE = [
  %(table)s,
]
EXTRA = [%(extra)s
]

jobs = []
for job_name, schedule, gb in SCHEDULE:
  jobs.append(Job(
    cluster = 'east', role = '%(team)s', environment = 'prod', name = job_name,
    cron_schedule = schedule, cron_collision_policy = 'KILL_EXISTING',
    task = SequentialTask(
      processes = [fetch, unpack, Process(name = job_name, cmdline = './bin/%%s --mem=%%dg' %% (job_name, gb))]
                  + EXTRA,
      resources = Resources(cpu = 1, ram = gb * GB, disk = 4 * gb * GB))).bind(profile = RELEASE))
''' % dict(name=name, team=team, profile=profile_class(name), fetch=cp_md5_fetch(),
           version='%d.%d.%d' % (g.between(0, 3), g.between(0, 9), g.between(0, 9)),
           md5=g.digest('md5', name + 'cron'), table=table,
           extra=''.join('\n  %s,' % e for e in extra))


def shared(g, team, name):
  instances = g.between(1, 12)
  return '''\
# %(name)s built from the shared helpers in common/base.py.
include('../common/base.py')

main = Process(name = 'main', cmdline = './%(name)s --http={{thermos.ports[http]}} --cluster={{cluster}}')
setup = Process(name = 'setup', cmdline = 'mkdir -p data && ./%(name)s --init --env={{environment}}')
PROCESSES = [setup, main] + SIDECARS[:%(sidecars)d]

jobs = [
  standard_service(
    cluster = cluster, role = '%(team)s', environment = env, name = '%(name)s',
    instances = %(instances)d if env == 'prod' else 1,
    health_check_config = http_health('/%(name)s/health'),
    task = Task(name = '%(name)s', processes = PROCESSES,
                constraints = order(setup, main), resources = SIZES['%(size)s']))
  for cluster in CLUSTERS for env in ['staging', 'prod']
]
''' % dict(name=name, team=team, sidecars=g.between(1, 3), instances=instances,
           size=g.pick(['small', 'medium', 'large']))


def main():
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument('outdir')
  parser.add_argument('-n', type=int, default=300, help='number of configs (default 300)')
  parser.add_argument('--seed', type=int, default=1)
  args = parser.parse_args()
  g = Gen(args.seed)
  shapes = [service, service, worker, cron, shared, shared]
  files = [('common/base.py', COMMON)]
  for i in range(args.n):
    team = g.pick(TEAMS)
    name = '%s-%s-%03d' % (g.pick(WORDS), g.pick(WORDS), i)
    files.append(('%s/%s.aurora' % (team, name), g.pick(shapes)(g, team, name)))
  for path, text in files:
    full = os.path.join(args.outdir, path)
    if not os.path.isdir(os.path.dirname(full)):
      os.makedirs(os.path.dirname(full))
    with open(full, 'w') as fp:
      fp.write(text)
  print('wrote %d configs to %s' % (args.n, args.outdir))


if __name__ == '__main__':
  main()
