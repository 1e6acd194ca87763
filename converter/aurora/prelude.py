# The Apache Aurora configuration schema (release 0.22), transcribed for aurora2nix.
#
# This file is the prelude of every `.aurora` evaluation, on both sides of our golden tests:
#   * tests/pystachio/evaluate.py runs `from pystachio import *` and then executes this file with
#     real pystachio 0.8.5, exactly like Aurora's loader executes its schema modules;
#   * the Rust evaluator predefines the pystachio names (Struct, Required, Default, String, ...)
#     and interprets this file before the user's config.
# Together they define the global namespace a config sees (reference spec section 2.1).
#
# It is written from the behaviour described in /work/shared/reference/aurora-config.md
# (sections 1.1-1.3), not copied from Aurora.  Keep it inside the restricted Python subset that the
# Rust interpreter understands: no imports, Struct field declarations, helper classes holding only
# classmethods/staticmethods and constants, plain functions, comprehensions and loops.
# It must also run on Python 3, because evaluate.py does.

# ---------------------------------------------------------------------------------------------
# Units (thermos schema_base).  Plain Python ints: `ram = 512 * MB` is an int of bytes.
# ---------------------------------------------------------------------------------------------

BYTES = 1
KB = 1024 * BYTES
MB = 1024 * KB
GB = 1024 * MB
TB = 1024 * GB

# The name of Aurora's own executor (a thrift constant in Aurora, api.thrift).
AURORA_EXECUTOR_NAME = 'AuroraExecutor'


# ---------------------------------------------------------------------------------------------
# Thermos structs (thermos schema_base).
# ---------------------------------------------------------------------------------------------

# Bound by the thermos runner on the agent: {{thermos.ports[http]}}, {{thermos.task_id}} and
# {{thermos.user}} therefore stay literal in client-side JSON (except thermos.user, which the
# client's standard bindings rewrite to {{role}}).
class ThermosContext(Struct):
  ports = Map(String, Integer)
  task_id = String
  user = String


class Resources(Struct):
  cpu = Required(Float)
  ram = Required(Integer)     # bytes
  disk = Required(Integer)    # bytes
  gpu = Default(Integer, 0)


class Constraint(Struct):
  order = List(String)


class RotatePolicy(Struct):
  log_size = Default(Integer, 100 * MB)
  backups = Default(Integer, 5)


# Enum(...) with bare values gets an auto-generated class name, which shows up in error messages:
# Enum_file_console_both_none and Enum_standard_rotate.
LoggerDestination = Enum('file', 'console', 'both', 'none')
LoggerMode = Enum('standard', 'rotate')


class Logger(Struct):
  destination = Default(LoggerDestination, LoggerDestination('file'))
  mode = Default(LoggerMode, LoggerMode('standard'))
  rotate = RotatePolicy


class Process(Struct):
  cmdline = Required(String)
  name = Required(String)
  # Reserved by Thermos, currently unused.
  resources = Resources
  max_failures = Default(Integer, 1)
  daemon = Default(Boolean, False)
  ephemeral = Default(Boolean, False)
  min_duration = Default(Integer, 5)      # seconds
  final = Default(Boolean, False)
  # A default of Empty is the same as no default: an unset logger is omitted from the JSON.
  logger = Default(Logger, Empty)


class Task(Struct):
  # The task is named after its first process unless a name is given.
  name = Default(String, '{{processes[0].name}}')
  # Optional for the schema; the client rejects a job whose task has no processes.
  processes = List(Process)
  constraints = Default(List(Constraint), [])
  resources = Resources
  max_failures = Default(Integer, 1)
  max_concurrency = Default(Integer, 0)   # 0 means unlimited
  finalization_wait = Default(Integer, 30)  # seconds
  user = String


# ---------------------------------------------------------------------------------------------
# Aurora structs (aurora config/schema/base).
# ---------------------------------------------------------------------------------------------

# Bound by the executor per instance; {{mesos.instance}} and {{mesos.hostname}} stay literal
# in client-side JSON.
class MesosContext(Struct):
  instance = Required(Integer)
  hostname = Required(String)


class QueueUpdateStrategy(Struct):
  batch_size = Default(Integer, 1)


class BatchUpdateStrategy(Struct):
  batch_size = Default(Integer, 1)
  autopause_after_batch = Default(Boolean, False)


class VariableBatchUpdateStrategy(Struct):
  batch_sizes = Required(List(Integer))
  autopause_after_batch = Default(Boolean, False)


class UpdateConfig(Struct):
  batch_size = Default(Integer, 1)
  watch_secs = Default(Integer, 45)
  max_per_shard_failures = Default(Integer, 0)
  max_total_failures = Default(Integer, 0)
  rollback_on_failure = Default(Boolean, True)
  wait_for_batch_completion = Default(Boolean, False)
  pulse_interval_secs = Integer
  sla_aware = Default(Boolean, False)
  # A Choice serialises as the bare alternative, without a type tag.
  update_strategy = Choice([QueueUpdateStrategy, BatchUpdateStrategy, VariableBatchUpdateStrategy])


class HttpHealthChecker(Struct):
  endpoint = Default(String, '/health')
  expected_response = Default(String, 'ok')
  expected_response_code = Default(Integer, 0)


class ShellHealthChecker(Struct):
  shell_command = Required(String)


class HealthCheckerConfig(Struct):
  http = HttpHealthChecker
  shell = ShellHealthChecker


DefaultHealthChecker = HealthCheckerConfig(http=HttpHealthChecker())


class HealthCheckConfig(Struct):
  health_checker = Default(HealthCheckerConfig, DefaultHealthChecker)
  # Floats, although Aurora's documentation calls them integers: the JSON shows 15.0, 10.0, 1.0.
  initial_interval_secs = Default(Float, 15.0)
  interval_secs = Default(Float, 10.0)
  max_consecutive_failures = Default(Integer, 0)
  min_consecutive_successes = Default(Integer, 1)
  timeout_secs = Default(Float, 1.0)


class HttpLifecycleConfig(Struct):
  port = Default(String, 'health')
  graceful_shutdown_endpoint = Default(String, '/quitquitquit')
  shutdown_endpoint = Default(String, '/abortabortabort')
  graceful_shutdown_wait_secs = Default(Integer, 5)
  shutdown_wait_secs = Default(Integer, 5)


class LifecycleConfig(Struct):
  http = HttpLifecycleConfig


DisableLifecycle = LifecycleConfig()
DefaultLifecycleConfig = LifecycleConfig(http=HttpLifecycleConfig())


class Announcer(Struct):
  primary_port = Default(String, 'http')
  # The default refers to the announcer's own primary_port field.
  portmap = Default(Map(String, String), {'aurora': '{{primary_port}}'})
  zk_path = String


# What the executor builds for one instance; not used by the client, but part of the namespace.
class MesosTaskInstance(Struct):
  task = Required(Task)
  instance = Required(Integer)
  role = Required(String)
  announce = Announcer
  environment = Required(String)
  health_check_config = Default(HealthCheckConfig, HealthCheckConfig())
  lifecycle = LifecycleConfig


class Parameter(Struct):
  name = Required(String)
  value = Required(String)


class Docker(Struct):
  image = Required(String)
  parameters = Default(List(Parameter), [])


class AppcImage(Struct):
  name = Required(String)
  image_id = Required(String)


class DockerImage(Struct):
  name = Required(String)
  tag = Required(String)


Mode = Enum('RO', 'RW')


class Volume(Struct):
  container_path = Required(String)
  host_path = Required(String)
  mode = Required(Mode)


class Mesos(Struct):
  image = Choice([AppcImage, DockerImage])
  volumes = Default(List(Volume), [])


# Deprecated wrapper around Docker; `container = Container(docker=Docker(...))`.
class Container(Struct):
  docker = Docker


class PartitionPolicy(Struct):
  reschedule = Default(Boolean, True)
  delay_secs = Default(Integer, 0)


class Metadata(Struct):
  key = Required(String)
  value = Required(String)


class ExecutorConfig(Struct):
  name = Default(String, AURORA_EXECUTOR_NAME)
  data = Default(String, '')


class PercentageSlaPolicy(Struct):
  percentage = Required(Float)
  duration_secs = Required(Integer)


class CountSlaPolicy(Struct):
  count = Required(Integer)
  duration_secs = Required(Integer)


class CoordinatorSlaPolicy(Struct):
  coordinator_url = Required(String)
  status_key = Default(String, 'drain')


class MesosJob(Struct):
  # The job is named after its task unless a name is given.
  name = Default(String, '{{task.name}}')
  role = Required(String)
  contact = String
  cluster = Required(String)
  # Required: Aurora's documentation still mentions a default of 'devel' that no longer exists.
  environment = Required(String)
  instances = Default(Integer, 1)
  task = Required(Task)
  announce = Announcer
  tier = String
  cron_schedule = String
  cron_collision_policy = Default(String, 'KILL_EXISTING')
  update_config = Default(UpdateConfig, UpdateConfig())
  constraints = Map(String, String)
  metadata = Default(List(Metadata), [])
  service = Default(Boolean, False)
  max_task_failures = Default(Integer, 1)
  production = Default(Boolean, False)
  priority = Default(Integer, 0)
  health_check_config = Default(HealthCheckConfig, HealthCheckConfig())
  lifecycle = Default(LifecycleConfig, DefaultLifecycleConfig)
  task_links = Map(String, String)        # unsupported by Aurora (AURORA-739)
  executor_config = Default(ExecutorConfig, ExecutorConfig())
  enable_hooks = Default(Boolean, False)
  partition_policy = PartitionPolicy
  sla_policy = Choice([CoordinatorSlaPolicy, CountSlaPolicy, PercentageSlaPolicy])
  container = Choice([Container, Docker, Mesos])


Job = MesosJob

# Service is a Job *value* used as a template: Service(name=...) copies it and overrides fields.
Service = Job(service=True)


# ---------------------------------------------------------------------------------------------
# Helpers (thermos schema_helpers).
# ---------------------------------------------------------------------------------------------

# The string types accepted by order() and the Options helpers: str and unicode on Python 2,
# str on Python 3.  `1 / 2 == 0` holds only under Python 2's flooring integer division, and the
# conditional keeps Python 3 from evaluating the name `unicode`, which it lacks.
_STRING_TYPES = (str, unicode) if 1 / 2 == 0 else (str,)


class Units(object):
  """Arithmetic on the resource fields of Tasks."""

  @classmethod
  def safe_get(cls, unit):
    # An unset field counts as zero.
    if unit is Empty:
      return 0
    return unit.get()

  @classmethod
  def optional_resources(cls, resources):
    if resources is Empty:
      return Resources()
    return resources

  @classmethod
  def resources_sum(cls, *resources):
    """Adds Resources dimension by dimension; unset Resources or fields count as zero."""
    total = Resources(cpu=0, ram=0, disk=0, gpu=0)
    for resource in resources:
      resource = cls.optional_resources(resource)
      total = Resources(
          cpu=cls.safe_get(total.cpu()) + cls.safe_get(resource.cpu()),
          ram=cls.safe_get(total.ram()) + cls.safe_get(resource.ram()),
          disk=cls.safe_get(total.disk()) + cls.safe_get(resource.disk()),
          gpu=cls.safe_get(total.gpu()) + cls.safe_get(resource.gpu()))
    return total

  @classmethod
  def resources_max(cls, resources):
    """The per-dimension maximum of a sequence of Resources (note: one argument, not *args)."""
    result = Resources(cpu=0, ram=0, disk=0, gpu=0)
    for resource in resources:
      resource = cls.optional_resources(resource)
      result = Resources(
          cpu=max(cls.safe_get(result.cpu()), cls.safe_get(resource.cpu())),
          ram=max(cls.safe_get(result.ram()), cls.safe_get(resource.ram())),
          disk=max(cls.safe_get(result.disk()), cls.safe_get(resource.disk())),
          gpu=max(cls.safe_get(result.gpu()), cls.safe_get(resource.gpu())))
    return result

  @classmethod
  def finalization_wait_sum(cls, waits):
    total = 0
    for wait in waits:
      total = total + cls.safe_get(wait)
    return total

  @classmethod
  def finalization_wait_max(cls, waits):
    return max([0] + [cls.safe_get(wait) for wait in waits])

  @classmethod
  def processes_merge(cls, tasks):
    # Deduplicated through a set, so the merged list comes out in hash order, not in the order
    # the tasks list their processes.
    return list(set([process for task in tasks for process in task.processes()]))

  @classmethod
  def constraints_merge(cls, tasks):
    # Same as processes_merge: set semantics, hash order.
    return list(set([constraint for task in tasks for constraint in task.constraints()]))


class Processes(object):
  """Helpers for Process objects."""

  @classmethod
  def _process_name(cls, process):
    if isinstance(process, Process):
      return process.name()
    if isinstance(process, _STRING_TYPES):
      return process
    raise ValueError('Unknown value for process order: %r' % (process,))

  @classmethod
  def order(cls, *processes):
    """order(p1, p2, 'p3') == [Constraint(order=[p1.name(), p2.name(), 'p3'])].

    Each argument is a Process (its name is used) or a process name.
    """
    return [Constraint(order=[cls._process_name(process) for process in processes])]


order = Processes.order


class Tasks(object):
  """Combinators for Task objects."""

  SIMPLE_CPU = 1.0
  SIMPLE_RAM = 1 * GB
  SIMPLE_DISK = 1 * GB

  @classmethod
  def _combine_processes(cls, *tasks):
    if len(tasks) == 0:
      return Task()
    # Surprising but deliberate in Aurora: the merged task is based on the *last* task, so it
    # keeps the last task's name and other fields (Aurora's docs say "the first").
    return tasks[-1](processes=Units.processes_merge(tasks))

  @classmethod
  def combine(cls, *tasks, **kw):
    """Runs the processes of all tasks in parallel: resources add up, the longest
    finalization_wait wins."""
    if len(tasks) == 0:
      return Task()
    base = cls._combine_processes(*tasks)
    return base(
        resources=Units.resources_sum(*[task.resources() for task in tasks]),
        constraints=Units.constraints_merge(tasks),
        finalization_wait=Units.finalization_wait_max([task.finalization_wait() for task in tasks]),
        **kw)

  @classmethod
  def concat(cls, *tasks, **kw):
    """Runs the tasks one after the other: every process of task k is ordered before every
    process of task k+1; resources are the maximum, finalization_waits add up."""
    if len(tasks) == 0:
      return Task()
    base = cls._combine_processes(*tasks)
    constraints = Units.constraints_merge(tasks)
    for first, second in zip(tasks[0:-1], tasks[1:]):
      for p1 in first.processes():
        for p2 in second.processes():
          if p1 != p2:
            constraints = constraints + Processes.order(p1, p2)
    return base(
        resources=Units.resources_max([task.resources() for task in tasks]),
        constraints=constraints,
        finalization_wait=Units.finalization_wait_sum([task.finalization_wait() for task in tasks]),
        **kw)

  @classmethod
  def simple(cls, name, command):
    """A one-process task with default resources (1 cpu, 1 GB ram, 1 GB disk)."""
    return Task(
        name=name,
        processes=[Process(name=name, cmdline=command)],
        resources=Resources(cpu=cls.SIMPLE_CPU, ram=cls.SIMPLE_RAM, disk=cls.SIMPLE_DISK))

  @classmethod
  def sequential(cls, task):
    """Orders all processes of the task in list order; refuses a task that has constraints."""
    constraints = task.constraints()
    if constraints is Empty or constraints == List(Constraint)([]):
      if task.processes() is Empty:
        return task()
      return task(constraints=order(*task.processes()))
    raise ValueError('Cannot turn a Task with existing constraints into a SequentialTask!')


combine_tasks = Tasks.combine
concat_tasks = Tasks.concat


def SimpleTask(name, command):
  return Tasks.simple(name, command)


def SequentialTask(*args, **kw):
  return Tasks.sequential(Task(*args, **kw))


class Options(object):
  """Renders command-line options: strings are flags, dicts and keywords are `flag value`."""

  @classmethod
  def render_option(cls, short_prefix, long_prefix, option, value=None):
    # Single-letter options take the short prefix.
    if len(option) == 1:
      prefix = short_prefix
    else:
      prefix = long_prefix
    rendered = '%s%s' % (prefix, option)
    # A falsy value (None, 0, '') renders the bare flag.
    if value:
      return '%s %s' % (rendered, value)
    return rendered

  @classmethod
  def render_options(cls, short_prefix, long_prefix, *options, **kw_options):
    renders = []
    for option in options:
      if isinstance(option, _STRING_TYPES):
        renders.append(cls.render_option(short_prefix, long_prefix, option))
      elif isinstance(option, dict):
        # Dict entries come out in the dict's iteration order (hash order on Python 2).
        for argument, value in option.items():
          renders.append(cls.render_option(short_prefix, long_prefix, argument, value))
      else:
        raise ValueError('Got an unexpected argument to render_options: %r' % (option,))
    # Keyword options too come out in dict iteration order.
    for argument, value in kw_options.items():
      renders.append(cls.render_option(short_prefix, long_prefix, argument, value))
    return renders

  @classmethod
  def java(cls, *options, **kw_options):
    """java_options('a', b=1) == '-a -b 1' (always a single dash)."""
    return ' '.join(cls.render_options('-', '-', *options, **kw_options))

  @classmethod
  def python(cls, *options, **kw_options):
    """python_options('a', boo='x') == '-a --boo x'."""
    return ' '.join(cls.render_options('-', '--', *options, **kw_options))


java_options = Options.java
python_options = Options.python


# ---------------------------------------------------------------------------------------------
# How aurora2nix writes these structs in Nix.  Not part of Aurora's schema: nothing here changes
# a job, and real pystachio ignores it.
# ---------------------------------------------------------------------------------------------

_AURORA2NIX = {
  # A value of one of these structs that occurs more than once in a file is bound once in a
  # `let` of the generated Nix.
  'shared': ['Task', 'Process', 'Resources', 'HealthCheckConfig', 'UpdateConfig', 'Announcer',
             'Constraint'],
  # Integer fields that hold byte counts, written as `N * aurora.MB` or `N * aurora.GB`.
  'byte_sizes': ['ram', 'disk', 'log_size'],
  # The units those are written in, the largest first.
  'byte_units': ['GB', 'MB'],
}
