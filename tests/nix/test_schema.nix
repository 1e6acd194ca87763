# A hand-written excerpt of the Aurora schema, declared the way the generated
# aurora-lib.nix declares it. Used by runtime_test.nix and runtime_errors.sh.
let
  rt = import ../../templates/aurora-runtime.nix;
  t = rt.types;
in
rec {
  inherit rt;

  ThermosContext = rt.mkStruct "ThermosContext" {
    ports = { type = t.map t.string t.integer; };
    task_id = { type = t.string; };
    user = { type = t.string; };
  };

  Resources = rt.mkStruct "Resources" {
    cpu = { type = t.float; required = true; };
    ram = { type = t.integer; required = true; };
    disk = { type = t.integer; required = true; };
    gpu = { type = t.integer; default = 0; };
  };

  Constraint = rt.mkStruct "Constraint" {
    order = { type = t.list t.string; };
  };

  RotatePolicy = rt.mkStruct "RotatePolicy" {
    log_size = { type = t.integer; default = 104857600; };
    backups = { type = t.integer; default = 5; };
  };

  Logger = rt.mkStruct "Logger" {
    destination = { type = t.enum [ "file" "console" "both" "none" ]; default = "file"; };
    mode = { type = t.enum [ "standard" "rotate" ]; default = "standard"; };
    rotate = { type = t.struct RotatePolicy; };
  };

  Process = rt.mkStruct "Process" {
    cmdline = { type = t.string; required = true; };
    name = { type = t.string; required = true; };
    resources = { type = t.struct Resources; };
    max_failures = { type = t.integer; default = 1; };
    daemon = { type = t.boolean; default = false; };
    ephemeral = { type = t.boolean; default = false; };
    min_duration = { type = t.integer; default = 5; };
    final = { type = t.boolean; default = false; };
    logger = { type = t.struct Logger; };
  };

  Task = rt.mkStruct "Task" {
    name = { type = t.string; default = "{{processes[0].name}}"; };
    processes = { type = t.list (t.struct Process); };
    constraints = { type = t.list (t.struct Constraint); default = [ ]; };
    resources = { type = t.struct Resources; };
    max_failures = { type = t.integer; default = 1; };
    max_concurrency = { type = t.integer; default = 0; };
    finalization_wait = { type = t.integer; default = 30; };
    user = { type = t.string; };
  };

  QueueUpdateStrategy = rt.mkStruct "QueueUpdateStrategy" {
    batch_size = { type = t.integer; default = 1; };
  };
  BatchUpdateStrategy = rt.mkStruct "BatchUpdateStrategy" {
    batch_size = { type = t.integer; default = 1; };
    autopause_after_batch = { type = t.boolean; default = false; };
  };
  VariableBatchUpdateStrategy = rt.mkStruct "VariableBatchUpdateStrategy" {
    batch_sizes = { type = t.list t.integer; required = true; };
    autopause_after_batch = { type = t.boolean; default = false; };
  };
  UpdateConfig = rt.mkStruct "UpdateConfig" {
    batch_size = { type = t.integer; default = 1; };
    watch_secs = { type = t.integer; default = 45; };
    rollback_on_failure = { type = t.boolean; default = true; };
    pulse_interval_secs = { type = t.integer; };
    update_strategy = {
      type = t.choice [ (t.struct QueueUpdateStrategy) (t.struct BatchUpdateStrategy) (t.struct VariableBatchUpdateStrategy) ];
    };
  };

  HttpHealthChecker = rt.mkStruct "HttpHealthChecker" {
    endpoint = { type = t.string; default = "/health"; };
    expected_response = { type = t.string; default = "ok"; };
    expected_response_code = { type = t.integer; default = 0; };
  };
  HealthCheckerConfig = rt.mkStruct "HealthCheckerConfig" {
    http = { type = t.struct HttpHealthChecker; };
  };
  HealthCheckConfig = rt.mkStruct "HealthCheckConfig" {
    health_checker = { type = t.struct HealthCheckerConfig; default = HealthCheckerConfig { http = HttpHealthChecker { }; }; };
    initial_interval_secs = { type = t.float; default = 15.0; };
    interval_secs = { type = t.float; default = 10.0; };
    timeout_secs = { type = t.float; default = 1.0; };
  };

  Announcer = rt.mkStruct "Announcer" {
    primary_port = { type = t.string; default = "http"; };
    portmap = { type = t.map t.string t.string; default = { aurora = "{{primary_port}}"; }; };
    zk_path = { type = t.string; };
  };

  Parameter = rt.mkStruct "Parameter" {
    name = { type = t.string; required = true; };
    value = { type = t.string; required = true; };
  };
  Docker = rt.mkStruct "Docker" {
    image = { type = t.string; required = true; };
    parameters = { type = t.list (t.struct Parameter); default = [ ]; };
  };
  Container = rt.mkStruct "Container" {
    docker = { type = t.struct Docker; };
  };
  Volume = rt.mkStruct "Volume" {
    container_path = { type = t.string; required = true; };
    host_path = { type = t.string; required = true; };
    mode = { type = t.enum [ "RO" "RW" ]; required = true; };
  };
  Mesos = rt.mkStruct "Mesos" {
    volumes = { type = t.list (t.struct Volume); default = [ ]; };
  };

  MesosJob = rt.mkStruct "MesosJob" {
    name = { type = t.string; default = "{{task.name}}"; };
    role = { type = t.string; required = true; };
    cluster = { type = t.string; required = true; };
    environment = { type = t.string; required = true; };
    instances = { type = t.integer; default = 1; };
    task = { type = t.struct Task; required = true; };
    announce = { type = t.struct Announcer; };
    update_config = { type = t.struct UpdateConfig; default = { }; };
    health_check_config = { type = t.struct HealthCheckConfig; default = { }; };
    constraints = { type = t.map t.string t.string; };
    service = { type = t.boolean; default = false; };
    container = { type = t.choice [ (t.struct Container) (t.struct Docker) (t.struct Mesos) ]; };
  };
  Job = MesosJob;
}
