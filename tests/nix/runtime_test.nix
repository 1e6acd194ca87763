# Unit tests for templates/aurora-runtime.nix. Evaluates to `true` when every
# check holds; otherwise throws with the failing checks (got vs expected).
#
#   nix-instantiate --eval --strict --json --store dummy:// \
#     --option restrict-eval true -I "$PWD" -E "import $PWD/tests/nix/runtime_test.nix"
let
  s = import ./test_schema.nix;
  inherit (s) rt Resources Process Task Logger Announcer Docker Container Mesos Job
    ThermosContext BatchUpdateStrategy;

  hello = Process { name = "hello"; cmdline = "echo hello"; };
  world = { name = "world"; cmdline = "echo {{thermos.ports[http]}}"; };   # plain attrset

  # The job as a user would write it with constructors at every level...
  job = Job {
    role = "www-data";
    cluster = "devcluster";
    environment = "prod";
    task = Task {
      processes = [ hello (Process world) ];
      resources = Resources { cpu = 0.5; ram = 134217728; disk = 134217728; };
    };
    announce = Announcer { };
    constraints = { host = "limit:1"; rack = "limit:2"; };
    container = Docker { image = "busybox"; };
  };
  # ...and with plain nested attrsets only.
  plainJob = Job {
    role = "www-data";
    cluster = "devcluster";
    environment = "prod";
    task = {
      processes = [ { name = "hello"; cmdline = "echo hello"; } world ];
      resources = { cpu = 0.5; ram = 134217728; disk = 134217728; };
    };
    announce = { };
    constraints = { host = "limit:1"; rack = "limit:2"; };
    container = { image = "busybox"; };
  };

  # A value with its type, to tell 2 from 2.0 (which == does not).
  typed = v: [ (builtins.typeOf v) v ];
  # \v and \f, which Nix strings cannot escape.
  vtff = builtins.fromJSON "\"\\u000b\\u000c\"";

  processDefaults = { max_failures = 1; daemon = false; ephemeral = false; min_duration = 5; final = false; };

  # The JSON pystachio would print for `job` (as a Nix value).
  expectedJob = {
    name = "hello";
    role = "www-data";
    cluster = "devcluster";
    environment = "prod";
    instances = 1;
    service = false;
    task = {
      name = "hello";
      processes = [
        ({ name = "hello"; cmdline = "echo hello"; } // processDefaults)
        ({ name = "world"; cmdline = "echo {{thermos.ports[http]}}"; } // processDefaults)
      ];
      constraints = [ ];
      resources = { cpu = 0.5; ram = 134217728; disk = 134217728; gpu = 0; };
      max_failures = 1;
      max_concurrency = 0;
      finalization_wait = 30;
    };
    announce = { primary_port = "http"; portmap = { aurora = "http"; }; };
    update_config = { batch_size = 1; watch_secs = 45; rollback_on_failure = true; };
    health_check_config = {
      health_checker = { http = { endpoint = "/health"; expected_response = "ok"; expected_response_code = 0; }; };
      initial_interval_secs = 15.0;
      interval_secs = 10.0;
      timeout_secs = 1.0;
    };
    constraints = { host = "limit:1"; rack = "limit:2"; };
    container = { image = "busybox"; parameters = [ ]; };
  };

  fetched = import <nix/fetchurl.nix> {
    url = "https://example.org/app.tar.gz";
    sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
  };

  checks = [
    # --- fields: defaults present, optional absent, given values kept
    { name = "resources default gpu"; got = Resources { cpu = 1.5; ram = 1; disk = 2; }; expected = { cpu = 1.5; ram = 1; disk = 2; gpu = 0; }; }
    { name = "float accepts int, kept as int"; got = builtins.isInt (Resources { cpu = 1; ram = 1; disk = 1; }).cpu; expected = true; }
    { name = "process defaults, optional fields absent"; got = hello; expected = { name = "hello"; cmdline = "echo hello"; } // processDefaults; }
    { name = "no null for absent optional"; got = hello ? resources || hello ? logger; expected = false; }
    { name = "enum defaults"; got = Logger { }; expected = { destination = "file"; mode = "standard"; }; }
    { name = "enum given"; got = (Logger { mode = "rotate"; rotate = { }; }); expected = { destination = "file"; mode = "rotate"; rotate = { log_size = 104857600; backups = 5; }; }; }
    { name = "struct default built from {}"; got = (Job { role = "r"; cluster = "c"; environment = "e"; task = { }; }).update_config; expected = { batch_size = 1; watch_secs = 45; rollback_on_failure = true; }; }

    # --- the whole job, and constructors vs plain nested attrsets
    { name = "full job"; got = job; expected = expectedJob; }
    { name = "plain nested attrsets == constructors"; got = plainJob; expected = job; }
    { name = "toJSON identical"; got = builtins.toJSON plainJob; expected = builtins.toJSON job; }

    # --- template defaults
    { name = "Task.name from processes[0].name"; got = (Task { processes = [ hello ]; }).name; expected = "hello"; }
    { name = "Task.name without processes stays literal"; got = (Task { }).name; expected = "{{processes[0].name}}"; }
    { name = "Task.name with empty processes stays literal"; got = (Task { processes = [ ]; }).name; expected = "{{processes[0].name}}"; }
    { name = "given Task.name wins"; got = (Task { name = "t"; processes = [ hello ]; }).name; expected = "t"; }
    { name = "Job.name through task.name"; got = job.name; expected = "hello"; }
    { name = "Job.name given as a template is not interpolated"; got = (Job (job // { name = "{{task.name}}-x"; })).name; expected = "{{task.name}}-x"; }
    { name = "Announcer portmap default"; got = Announcer { }; expected = { primary_port = "http"; portmap = { aurora = "http"; }; }; }
    { name = "Announcer portmap follows primary_port"; got = (Announcer { primary_port = "thrift"; }).portmap; expected = { aurora = "thrift"; }; }
    { name = "given portmap is not interpolated"; got = (Announcer { portmap = { aurora = "{{primary_port}}"; health = "{{thermos.ports[health]}}"; }; }).portmap; expected = { aurora = "{{primary_port}}"; health = "{{thermos.ports[health]}}"; }; }
    { name = "process name that is itself a template is substituted once"; got = (Task { processes = [ { name = "{{thermos.ports[http]}}"; cmdline = "x"; } ]; }).name; expected = "{{thermos.ports[http]}}"; }
    { name = "thermos ref survives in cmdline"; got = (builtins.elemAt job.task.processes 1).cmdline; expected = "echo {{thermos.ports[http]}}"; }

    # --- interpolate (the resolver used for template defaults)
    { name = "interpolate refs";
      got = rt.interpolate { a = { b = [ "x" "y" ]; m = { "k-1" = "v"; }; }; n = 3; f = 1.5; t = true; }
        "{{a.b[1]}} {{a[b][0]}} {{a.m[k-1]}} {{a.b[00]}} {{n}} | {{f}} {{t}} {{a}} {{missing}} {{a.b[2]}} {{a.b.x}} {{4}} {{ n }} {{}} {{{n}}}";
      expected = "y x v x 3 | {{f}} {{t}} {{a}} {{missing}} {{a.b[2]}} {{a.b.x}} {{4}} {{ n }} {{}} {3}"; }
    { name = "interpolate leading index"; got = rt.interpolate { "0" = "zero"; } "{{[0]}}"; expected = "zero"; }

    # --- typed fields accept unresolved templates as strings
    { name = "integer/boolean/float fields take templates";
      got = let j = Job (job // { instances = "{{instances}}"; service = "{{is_service}}"; }); r = Resources { cpu = "{{cpu}}"; ram = 1; disk = 1; }; in [ j.instances j.service r.cpu ];
      expected = [ "{{instances}}" "{{is_service}}" "{{cpu}}" ]; }
    { name = "enum takes a template"; got = (Logger { mode = "{{mode}}"; }).mode; expected = "{{mode}}"; }

    # --- other strings are coerced as pystachio 0.8.5 (and aurora2nix's evaluator) coerce
    # them: int(), float(), "true"/"1"/"false"/"0" in any case. Each result is shown with
    # its type: Nix's == takes 2 and 2.0 for one value.
    { name = "integer from strings";
      got = map (s: typed (Resources { cpu = 1; ram = s; disk = 1; }).ram)
        [ " -12 " "+7" "-3" "- 5" "007" "000" "\t\n42\r" "${vtff}8${vtff}" "9223372036854775807" " -9223372036854775807" ];
      expected = map (n: [ "int" n ]) [ (-12) 7 (-3) (-5) 7 0 42 8 9223372036854775807 (-9223372036854775807) ]; }
    { name = "float from strings";
      got = map (s: typed (Resources { cpu = s; ram = 1; disk = 1; }).cpu)
        [ " .5 " "1." "2" "1e3" "+1.5" "-2E-3" "00012.50" "5.e3" "1e+05" ".5e-003" "-0" "1e-400" "0e999999999999999999999"
          "1.7976931348623158e308" "123456789012345678901234567890" ];
      expected = map (x: [ "float" x ]) [ 0.5 1.0 2.0 1000.0 1.5 (-0.002) 12.5 5000.0 100000.0 0.0005 0.0 0.0 0.0
        1.7976931348623157e308 1.2345678901234568e29 ]; }
    { name = "float from \"-0\" keeps its sign"; got = builtins.toJSON (Resources { cpu = "-0"; ram = 1; disk = 1; }).cpu; expected = "-0"; }
    { name = "boolean from strings";
      got = map (s: typed (Job (job // { service = s; })).service) [ "TRUE" "true" "True" "1" "FALSE" "false" "fAlSe" "0" ];
      expected = map (b: [ "bool" b ]) [ true true true true false false false false ]; }
    { name = "map of integers coerces its values"; got = typed (ThermosContext { ports = { http = " 80"; }; }).ports.http; expected = [ "int" 80 ]; }
    { name = "a string default is coerced too"; got = rt.mkStruct "Coerced" { n = { type = rt.types.integer; default = "08"; }; b = { type = rt.types.boolean; default = "True"; }; } { }; expected = { n = 8; b = true; }; }
    { name = "values of the field's type are kept as they are"; got = map typed [ (Resources { cpu = 2; ram = 3; disk = 1; }).cpu (Job (job // { instances = 4; service = true; })).instances ]; expected = [ [ "int" 2 ] [ "int" 4 ] ]; }

    # --- submit-time parameters (their errors: tests/nix_runtime.rs)
    { name = "withParams gives the value once the parameters are strings"; got = rt.withParams { b = "1.0"; a = "web"; } [ job ]; expected = [ job ]; }
    { name = "withParams without parameters"; got = rt.withParams { } 3; expected = 3; }
    { name = "map of integers"; got = ThermosContext { ports = { http = 8080; health = "{{h}}"; }; }; expected = { ports = { http = 8080; health = "{{h}}"; }; }; }

    # --- choice: first alternative that accepts the value, unwrapped
    { name = "choice: Container (first)"; got = (Job (job // { container = { docker = { image = "x"; }; }; })).container; expected = { docker = { image = "x"; parameters = [ ]; }; }; }
    { name = "choice: Docker (plain)"; got = (Job (job // { container = { image = "x"; }; })).container; expected = { image = "x"; parameters = [ ]; }; }
    { name = "choice: Mesos"; got = (Job (job // { container = Mesos { volumes = [ { container_path = "/a"; host_path = "/b"; mode = "RO"; } ]; }; })).container; expected = { volumes = [ { container_path = "/a"; host_path = "/b"; mode = "RO"; } ]; }; }
    { name = "choice: {} takes the first alternative"; got = (Job (job // { container = { }; })).container; expected = { }; }
    { name = "choice: raw {batch_size} is a QueueUpdateStrategy"; got = (Job (job // { update_config = { update_strategy = { batch_size = 3; }; }; })).update_config.update_strategy; expected = { batch_size = 3; }; }
    { name = "choice: built BatchUpdateStrategy stays one"; got = (Job (job // { update_config = { update_strategy = BatchUpdateStrategy { batch_size = 3; }; }; })).update_config.update_strategy; expected = { batch_size = 3; autopause_after_batch = false; }; }
    { name = "choice: VariableBatchUpdateStrategy"; got = (Job (job // { update_config = { update_strategy = { batch_sizes = [ 1 2 ]; }; }; })).update_config.update_strategy; expected = { batch_sizes = [ 1 2 ]; autopause_after_batch = false; }; }

    # --- idempotence
    { name = "Job idempotent"; got = Job job; expected = job; }
    { name = "Job idempotent through JSON"; got = Job (builtins.fromJSON (builtins.toJSON job)); expected = job; }
    { name = "Task with literal template name idempotent"; got = Task (Task { }); expected = Task { }; }
    { name = "Announcer idempotent"; got = Announcer (Announcer { primary_port = "p"; }); expected = Announcer { primary_port = "p"; }; }
    { name = "Process idempotent"; got = Process hello; expected = hello; }
    { name = "choice idempotent"; got = let j = Job (job // { update_config = { update_strategy = BatchUpdateStrategy { }; }; }); in Job j == j; expected = true; }

    # --- string context (store paths) survives normalization
    { name = "string context kept"; got = builtins.hasContext (Process { name = "app"; cmdline = "${fetched}/bin/app"; }).cmdline; expected = true; }
    { name = "string context kept in template default"; got = builtins.hasContext (Task { processes = [ { name = "${fetched}"; cmdline = "x"; } ]; }).name; expected = true; }

    # --- struct declarations are introspectable
    { name = "constructor name/fields"; got = [ Job.name (builtins.attrNames Resources.fields) ]; expected = [ "MesosJob" [ "cpu" "disk" "gpu" "ram" ] ]; }
  ];

  failures = builtins.filter (c: c.got != c.expected) checks;
  show = c: "  ${c.name}:\n    got:      ${builtins.toJSON c.got}\n    expected: ${builtins.toJSON c.expected}";
in
if failures == [ ] then true
else throw "runtime_test: ${toString (builtins.length failures)} of ${toString (builtins.length checks)} checks failed:\n${builtins.concatStringsSep "\n" (map show failures)}"
