//! The checks Aurora's client makes after evaluating a config, each written once, in the
//! client's order (reference §2.6–2.7), as expressions of the rule language ([`super::expr`]).
//!
//! Messages are the client's, word for word (with its leading and trailing newlines); the
//! wrapping the client adds on the command line (`Error loading configuration: `) is not part
//! of them. What the client checks that pystachio's `check()` already decided, and what cannot
//! fail once `check()` has passed, is not repeated here (see MIGRATION.md).

use super::expr::{
    and, arith, at, call, cmp, each, fail, first_of, get, has, if_, job, let_, lit, not, or, var,
    when, Arith, Builtin as B, Cmp, Expr,
};

/// Where in the client's path a rule runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// The job key argument (`CLUSTER/ROLE/ENV/NAME`), which the client parses before it
    /// loads the config.
    Key,
    /// `AuroraConfig.pick`, over all the jobs of the file (variable `jobs`; a violation's
    /// path is the job key it is about).
    Pick,
    /// `AuroraConfig.validate_job`.
    ValidateJob,
    /// The `validate_config` plugin (before `check()`; values may still hold `{{refs}}`).
    ValidateConfig,
    /// The thrift conversion and Thermos's task validator (after `check()`).
    Thrift,
    /// What only a later verb or the scheduler refuses (warnings).
    Later,
}

/// How a rule's violation is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    /// A warning the client prints, or one naming who refuses the job later.
    Warning,
}

/// One check of the client.
pub struct Rule {
    /// The diagnostic code (`E0031`).
    pub code: &'static str,
    pub stage: Stage,
    pub level: Level,
    /// Who makes the check, as MIGRATION.md lists it (`client/config.py validate_config`).
    pub by: &'static str,
    /// What it refuses, in a few words (MIGRATION.md's table).
    pub summary: &'static str,
    /// Evaluates (with `job`, or `jobs` for [`Stage::Pick`]) to the
    /// violations in the order the client meets them.
    pub check: Expr,
    pub hint: Option<&'static str>,
}

const INVALID: &str = "The configuration was invalid: ";
const TASK_INVALID: &str = "The configuration was invalid: Task is invalid: ";
const MB: i64 = 1024 * 1024;

fn s(text: &'static str) -> Expr {
    lit(text)
}

fn str_(e: Expr) -> Expr {
    call(B::Str, vec![e])
}

fn path(p: &'static str) -> Expr {
    lit(p)
}

fn plus(a: Expr, b: Expr) -> Expr {
    arith(Arith::Add, a, b)
}

fn in_(x: Expr, of: Expr) -> Expr {
    call(B::In, vec![x, of])
}

fn is_dedicated() -> Expr {
    and(vec![
        has(job("constraints")),
        in_(s("dedicated"), job("constraints")),
    ])
}

/// `task.processes[NAME]`: how a process is addressed in a job (see `jobs::keyed`).
fn process_path(p: Expr, field: &'static str) -> Expr {
    plus(
        plus(s("task.processes["), str_(get(p, "name"))),
        lit(format!("].{field}")),
    )
}

/// The job key of variable `job` as `pick` lists candidates and names a job in its violation
/// (`{MISSING}` for an unset environment).
pub fn pick_key() -> Expr {
    key_of(var("job"))
}

/// The job key as `pick` lists candidates (`{MISSING}` for an unset environment).
fn key_of(j: Expr) -> Expr {
    let part = |f: &'static str| str_(get(j.clone(), f));
    let env = if_(
        has(get(j.clone(), "environment")),
        part("environment"),
        s("{MISSING}"),
    );
    call(
        B::Join,
        vec![
            Expr::List(vec![part("cluster"), part("role"), env, part("name")]),
            s("/"),
        ],
    )
}

/// Whether a ref (`{{address}}`) is exactly `{{docker.image[NAME][TAG]}}`. Neither NAME nor
/// TAG can hold a bracket (pystachio's ref grammar), so what follows `{{docker.image[`
/// splits at `]` into NAME, `[TAG` and `}}`.
fn docker_image_ref(r: Expr) -> Expr {
    const PREFIX: &str = "{{docker.image[";
    and(vec![
        call(B::StartsWith, vec![r.clone(), s(PREFIX)]),
        let_(
            "parts",
            call(B::Split, vec![call(B::After, vec![r, s(PREFIX)]), s("]")]),
            and(vec![
                cmp(Cmp::Eq, call(B::Len, vec![var("parts")]), lit(3)),
                call(B::StartsWith, vec![at(var("parts"), lit(1)), s("[")]),
                cmp(Cmp::Eq, at(var("parts"), lit(2)), s("}}")),
            ]),
        ),
    ])
}

/// The checks, in the client's order.
pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            code: "E0030",
            stage: Stage::Key,
            level: Level::Error,
            by: "client/cli/options.py jobkeytype (AuroraJobKey)",
            summary: "role, environment or name is not an identifier ([A-Za-z0-9_.-]+), or a key part holds a '/'",
            check: let_(
                "key",
                key_of(var("job")),
                // A job without a key part cannot be named at all: validate_job says why.
                when(and(["cluster", "role", "environment", "name"].map(|f| has(job(f))).into()), first_of(vec![
                    when(
                        cmp(Cmp::Ne, call(B::Len, vec![call(B::Split, vec![var("key"), s("/")])]), lit(4)),
                        fail(
                            vec![
                                s("Invalid path '"),
                                var("key"),
                                s("'. path should be a string in the form CLUSTER/ROLE/ENV/NAME"),
                            ],
                            path("name"),
                        ),
                    ),
                    identifier("role", "role"),
                    identifier("environment", "env"),
                    identifier("name", "name"),
                ])),
            ),
            hint: Some("the client refuses the job key CLUSTER/ROLE/ENV/NAME itself, so no verb can name this job"),
        },
        Rule {
            code: "E0031",
            stage: Stage::Pick,
            level: Level::Error,
            by: "config/__init__.py AuroraConfig.pick",
            summary: "two jobs of one file have the same key",
            check: let_(
                "keys",
                each("j", var("jobs"), Expr::List(vec![key_of(var("j"))])),
                each(
                    "dup",
                    call(B::Repeated, vec![var("keys")]),
                    fail(
                        vec![
                            s("Multiple jobs match, please disambiguate by specifying a job key.\nCandidates are:\n  "),
                            call(B::Join, vec![var("keys"), s("\n  ")]),
                        ],
                        var("dup"),
                    ),
                ),
            ),
            hint: Some("give each job its own CLUSTER/ROLE/ENV/NAME"),
        },
        Rule {
            code: "E0005",
            stage: Stage::ValidateJob,
            level: Level::Error,
            by: "config/__init__.py AuroraConfig.validate_job",
            summary: "no cluster, task or role, or a task without processes",
            check: first_of(vec![
                required("cluster"),
                required("task"),
                required("role"),
                when(
                    and(vec![has(job("task")), not(has(job("task.processes")))]),
                    fail(
                        vec![
                            s(INVALID),
                            s("Processes required for task on job \""),
                            str_(job("name")),
                            s("\""),
                        ],
                        path("task"),
                    ),
                ),
            ]),
            hint: None,
        },
        Rule {
            code: "E0032",
            stage: Stage::ValidateConfig,
            level: Level::Error,
            by: "client/config.py _validate_update_config",
            summary: "max_total_failures ≥ instances; a dedicated job's max_total_failures below 2% of instances",
            check: let_(
                "n",
                job("instances"),
                let_(
                    "f",
                    job("update_config.max_total_failures"),
                    first_of(vec![
                        when(
                            cmp(Cmp::Ge, var("f"), var("n")),
                            fail(
                                vec![
                                    s("\nmax_total_failures in update_config must be lesser than the job size.\nBased on your job size ("),
                                    var("n"),
                                    s(") you should use max_total_failures <= "),
                                    arith(Arith::Sub, var("n"), lit(1)),
                                    s(".\n"),
                                ],
                                path("update_config.max_total_failures"),
                            ),
                        ),
                        // `job_size * 0.02` of an unbound `{{ref}}` (a string): Python's TypeError.
                        when(
                            and(vec![is_dedicated(), call(B::IsString, vec![var("n")])]),
                            fail(
                                vec![s("can't multiply sequence by non-int of type 'float'")],
                                path("instances"),
                            ),
                        ),
                        let_(
                            "least",
                            call(B::Floor, vec![arith(Arith::Mul, var("n"), lit(0.02))]),
                            when(
                                and(vec![is_dedicated(), cmp(Cmp::Lt, var("f"), var("least"))]),
                                fail(
                                    vec![
                                        s("\nSince this is a dedicated job, you must set your max_total_failures in\nyour update configuration to no less than 2% of your job size.\nBased on your job size ("),
                                        var("n"),
                                        s(") you should use max_total_failures >= "),
                                        var("least"),
                                        s(".\n"),
                                    ],
                                    path("update_config.max_total_failures"),
                                ),
                            ),
                        ),
                    ]),
                ),
            ),
            hint: None,
        },
        Rule {
            code: "E0033",
            stage: Stage::ValidateConfig,
            level: Level::Error,
            by: "client/config.py _validate_update_config",
            summary: "negative watch_secs or health-check counts and intervals",
            check: first_of(
                [
                    ("update_config.watch_secs", "watch_secs"),
                    ("health_check_config.max_consecutive_failures", "max_consecutive_failures"),
                    ("health_check_config.min_consecutive_successes", "min_consecutive_successes"),
                    ("health_check_config.initial_interval_secs", "initial_interval_secs"),
                    ("health_check_config.interval_secs", "interval_secs"),
                ]
                .into_iter()
                .map(|(p, name)| {
                    when(
                        cmp(Cmp::Lt, job(p), lit(0)),
                        fail(
                            vec![
                                s("\nInvalid value ("),
                                job(p),
                                s(") specified for "),
                                s(name),
                                s(". Value cannot be less than 0.\n"),
                            ],
                            path(p),
                        ),
                    )
                })
                .collect(),
            ),
            hint: None,
        },
        Rule {
            code: "E0034",
            stage: Stage::ValidateConfig,
            level: Level::Error,
            by: "config/port_resolver.py PortResolver.resolve",
            summary: "announce portmap entries that name each other in a circle",
            check: when(
                and(vec![
                    has(job("announce")),
                    cmp(Cmp::Eq, call(B::ResolvePorts, vec![job("announce.portmap")]), lit(serde_json::Value::Null)),
                ]),
                fail(vec![s("Found cycle in portmap!")], path("announce.portmap")),
            ),
            hint: None,
        },
        Rule {
            code: "W0006",
            stage: Stage::ValidateConfig,
            level: Level::Warning,
            by: "client/config.py _validate_announce_configuration",
            summary: "announce primary_port is neither a port a process uses nor a portmap entry",
            check: when(
                and(vec![
                    has(job("announce")),
                    not(in_(job("announce.primary_port"), allocated_ports())),
                    not(in_(job("announce.primary_port"), job("announce.portmap"))),
                ]),
                fail(
                    vec![
                        s("\nAnnouncer specified primary port as '"),
                        job("announce.primary_port"),
                        s("' but no processes have bound that port.\nIf you would like to utilize this port, you should listen on {{thermos.ports["),
                        job("announce.primary_port"),
                        s("]}}\nfrom some Process bound to your task.\n"),
                    ],
                    path("announce.primary_port"),
                ),
            ),
            hint: None,
        },
        Rule {
            code: "E0035",
            stage: Stage::ValidateConfig,
            level: Level::Error,
            by: "client/config.py _validate_announce_configuration",
            summary: "a static (numeric) announce port in a job that is not dedicated",
            check: when(
                and(vec![has(job("announce")), not(is_dedicated())]),
                each(
                    "port",
                    job("announce.portmap"),
                    when(
                        call(B::IntLike, vec![var("port")]),
                        fail(
                            vec![s("Job must be dedicated in order to specify static ports!")],
                            path("announce.portmap"),
                        ),
                    ),
                ),
            ),
            hint: Some("static ports need a `constraints = {'dedicated': ...}` job; otherwise use {{thermos.ports[NAME]}}"),
        },
        Rule {
            code: "W0007",
            stage: Stage::ValidateConfig,
            level: Level::Warning,
            by: "client/config.py _validate_deprecated_config",
            summary: "production without tier (deprecated)",
            check: when(
                and(vec![call(B::Truthy, vec![job("production")]), not(has(job("tier")))]),
                fail(
                    vec![s("Job configuration attribute 'production' is deprecated.\nUse 'tier' attribute instead. For more information please refer to \nhttp://aurora.apache.org/documentation/latest/reference/configuration/#job-objects")],
                    path("production"),
                ),
            ),
            hint: None,
        },
        Rule {
            code: "E0036",
            stage: Stage::Thrift,
            level: Level::Error,
            by: "config/thrift.py convert",
            summary: "no task resources; zero ram or disk; cpu, ram or disk not positive (ram and disk in whole MB)",
            check: let_(
                "r",
                job("task.resources"),
                first_of(vec![
                    when(
                        not(has(var("r"))),
                        fail(vec![s(INVALID), s("Task must specify resources!")], path("task")),
                    ),
                    when(
                        and(vec![
                            has(var("r")),
                            or(vec![
                                cmp(Cmp::Eq, get(var("r"), "ram"), lit(0)),
                                cmp(Cmp::Eq, get(var("r"), "disk"), lit(0)),
                            ]),
                        ]),
                        fail(
                            vec![
                                s(INVALID),
                                s("Must specify ram and disk resources, got ram:"),
                                repr(get(var("r"), "ram")),
                                s(" disk:"),
                                repr(get(var("r"), "disk")),
                            ],
                            path("task.resources"),
                        ),
                    ),
                    let_(
                        "ramMb",
                        arith(Arith::FloorDiv, get(var("r"), "ram"), lit(MB)),
                        let_(
                            "diskMb",
                            arith(Arith::FloorDiv, get(var("r"), "disk"), lit(MB)),
                            when(
                                and(vec![
                                    has(var("r")),
                                    or(vec![
                                        cmp(Cmp::Le, get(var("r"), "cpu"), lit(0)),
                                        cmp(Cmp::Le, var("ramMb"), lit(0)),
                                        cmp(Cmp::Le, var("diskMb"), lit(0)),
                                    ]),
                                ]),
                                fail(
                                    vec![
                                        s(INVALID),
                                        s("Task has invalid resources.  cpu/ramMb/diskMb must all be positive: cpu:"),
                                        repr(get(var("r"), "cpu")),
                                        s(" ramMb:"),
                                        repr(var("ramMb")),
                                        s(" diskMb:"),
                                        repr(var("diskMb")),
                                    ],
                                    path("task.resources"),
                                ),
                            ),
                        ),
                    ),
                ]),
            ),
            hint: Some("Aurora counts ram and disk in whole megabytes: use at least 1*MB"),
        },
        Rule {
            code: "E0037",
            stage: Stage::Thrift,
            level: Level::Error,
            by: "config/thrift.py constraints_to_thrift",
            summary: "a `limit:N` constraint whose N is not an integer",
            check: each(
                "c",
                call(B::Keys, vec![job("constraints")]),
                let_(
                    "v",
                    at(job("constraints"), var("c")),
                    when(
                        and(vec![
                            call(B::StartsWith, vec![var("v"), s("limit:")]),
                            not(call(B::IntLike, vec![call(B::After, vec![var("v"), s("limit:")])])),
                        ]),
                        fail(
                            vec![
                                s("invalid literal for int() with base 10: "),
                                repr(call(B::After, vec![var("v"), s("limit:")])),
                            ],
                            plus(s("constraints."), var("c")),
                        ),
                    ),
                ),
            ),
            hint: Some("a limit constraint is `limit:N` with N an integer, e.g. {'host': 'limit:1'}"),
        },
        Rule {
            code: "E0038",
            stage: Stage::Thrift,
            level: Level::Error,
            by: "config/thrift.py create_container_config",
            summary: "a Container() that sets no docker",
            check: when(
                cmp(Cmp::Eq, job("container"), lit(serde_json::json!({}))),
                fail(
                    vec![s("type object 'Empty' has no attribute 'parameters'")],
                    path("container"),
                ),
            ),
            hint: Some("write `container = Docker(image = ...)` or `container = Mesos(...)`; Container() needs docker = Docker(...)"),
        },
        Rule {
            code: "E0039",
            stage: Stage::Thrift,
            level: Level::Error,
            by: "thermos/config/loader.py ThermosTaskValidator.assert_valid_names",
            summary: "a process name that is empty, starts with '.' or holds a '/'",
            check: each(
                "p",
                job("task.processes"),
                let_(
                    "name",
                    get(var("p"), "name"),
                    when(
                        or(vec![
                            cmp(Cmp::Eq, var("name"), s("")),
                            call(B::StartsWith, vec![var("name"), s(".")]),
                            in_(s("/"), var("name")),
                        ]),
                        fail(
                            vec![
                                s(TASK_INVALID),
                                s("Task has invalid process: Invalid process name: "),
                                var("name"),
                            ],
                            process_path(var("p"), "name"),
                        ),
                    ),
                ),
            ),
            hint: None,
        },
        Rule {
            code: "E0040",
            stage: Stage::Thrift,
            level: Level::Error,
            by: "thermos/common/planner.py TaskPlanner",
            summary: "order constraints: a cycle, a mix of known and unknown (or final and non-final) processes, an empty order, depending on a daemon, a non-ephemeral process depending on an ephemeral one",
            check: each("final", lit(serde_json::json!([false, true])), planner()),
            hint: None,
        },
        Rule {
            code: "E0041",
            stage: Stage::Thrift,
            level: Level::Error,
            by: "thermos/config/loader.py ThermosTaskValidator.assert_all_refs_bound",
            summary: "a {{ref}} left in the task other than mesos.instance, mesos.hostname, thermos.task_id, thermos.user and thermos.ports[NAME] (also a ref nested in another; an unpinned docker.image[NAME][TAG] excepted)",
            // The task bound to a fake instance, then to fake thermos values, ports included.
            check: let_(
                "mesos",
                lit(serde_json::json!({"mesos.instance": 31337, "mesos.hostname": ""})),
                let_(
                    "fakes",
                    call(
                        B::FromPairs,
                        vec![plus(
                            lit(serde_json::json!([
                                ["mesos.instance", 31337],
                                ["mesos.hostname", ""],
                                ["thermos.task_id", "dummy_task_id"],
                                ["thermos.user", "dummy_user"]
                            ])),
                            each(
                                "port",
                                call(B::Ports, vec![job("task"), var("mesos")]),
                                Expr::List(vec![Expr::List(vec![
                                    plus(plus(s("thermos.ports["), var("port")), s("]")),
                                    lit(31337),
                                ])]),
                            ),
                        )],
                    ),
                    let_(
                        "left",
                        // The client's Docker helper binds every `{{docker.image[NAME][TAG]}}`
                        // first (what the lock file does not pin is left for it, see E0042).
                        each(
                            "r",
                            call(B::Refs, vec![job("task"), var("fakes")]),
                            when(not(docker_image_ref(var("r"))), Expr::List(vec![var("r")])),
                        ),
                        when(
                            call(B::Truthy, vec![var("left")]),
                            fail(
                                vec![
                                    s(TASK_INVALID),
                                    s("Unexpected unbound refs: "),
                                    call(B::Join, vec![var("left"), s(" ")]),
                                    s(". Make sure you are not nesting template variables."),
                                ],
                                path("task"),
                            ),
                        ),
                    ),
                ),
            ),
            hint: Some("bind it (`--bind NAME=VALUE`, the project file's `bind`), or give it a value in the config"),
        },
        Rule {
            code: "E0042",
            stage: Stage::Thrift,
            level: Level::Error,
            by: "config/thrift.py convert",
            summary: "a {{ref}} left anywhere else in the job (mesos.instance, mesos.hostname, thermos.task_id, thermos.ports[NAME] and an unpinned docker.image[NAME][TAG] excepted)",
            check: let_(
                "left",
                each(
                    "r",
                    call(B::Refs, vec![var("job")]),
                    when(
                        not(or(vec![
                            in_(var("r"), lit(serde_json::json!(["{{thermos.task_id}}", "{{mesos.instance}}", "{{mesos.hostname}}"]))),
                            call(B::StartsWith, vec![var("r"), s("{{thermos.ports[")]),
                            call(B::StartsWith, vec![var("r"), s("{{thermos.ports.")]),
                            // The client's Docker binding helper binds every
                            // `{{docker.image[NAME][TAG]}}` before its checks (to what the
                            // cluster's registry resolves); aurora2nix binds those the lock
                            // pins, and one it does not is left for Aurora to resolve (W0012),
                            // so it is not unbound to the client.
                            docker_image_ref(var("r")),
                        ])),
                        Expr::List(vec![var("r")]),
                    ),
                ),
                when(
                    call(B::Truthy, vec![var("left")]),
                    fail(
                        vec![
                            s(INVALID),
                            s("Config contains unbound variables: "),
                            call(B::Join, vec![var("left"), s(" ")]),
                        ],
                        lit(""),
                    ),
                ),
            ),
            hint: Some("bind it (`--bind NAME=VALUE`, the project file's `bind`), or give it a value in the config"),
        },
        Rule {
            code: "E0043",
            stage: Stage::Thrift,
            level: Level::Error,
            by: "config/thrift.py select_cron_policy",
            summary: "cron_collision_policy other than KILL_EXISTING, CANCEL_NEW, RUN_OVERLAP (any case)",
            check: when(
                not(in_(
                    call(B::Upper, vec![job("cron_collision_policy")]),
                    lit(serde_json::json!(["KILL_EXISTING", "CANCEL_NEW", "RUN_OVERLAP"])),
                )),
                fail(
                    vec![
                        s(INVALID),
                        // `'%s' % CronCollisionPolicy`: the thrift-generated (new-style) class.
                        s("Invalid <class 'gen.apache.aurora.api.ttypes.CronCollisionPolicy'> type: "),
                        job("cron_collision_policy"),
                    ],
                    path("cron_collision_policy"),
                ),
            ),
            hint: None,
        },
        Rule {
            code: "W0008",
            stage: Stage::Later,
            level: Level::Warning,
            by: "aurora job create (client/cli/jobs.py)",
            summary: "a cron job: `aurora job create` refuses it",
            check: when(
                has(job("cron_schedule")),
                fail(
                    vec![s("`aurora job create` will refuse this job: Cron jobs may only be scheduled with \"aurora cron schedule\" command")],
                    path("cron_schedule"),
                ),
            ),
            hint: None,
        },
        Rule {
            code: "W0009",
            stage: Stage::Later,
            level: Level::Warning,
            by: "the scheduler (ConfigurationManager, -allowed_job_environments default)",
            summary: "an environment outside ^(prod|devel|test|staging\\d*)$",
            check: let_(
                "e",
                job("environment"),
                when(
                    not(or(vec![
                        in_(var("e"), lit(serde_json::json!(["prod", "devel", "test"]))),
                        and(vec![
                            call(B::StartsWith, vec![var("e"), s("staging")]),
                            call(B::Digits, vec![call(B::After, vec![var("e"), s("staging")])]),
                        ]),
                    ])),
                    fail(
                        vec![
                            s("the scheduler will refuse this job (with its default -allowed_job_environments): Job environment "),
                            var("e"),
                            s(" doesn't match: ^(prod|devel|test|staging\\d*)$"),
                        ],
                        path("environment"),
                    ),
                ),
            ),
            hint: None,
        },
        Rule {
            code: "W0010",
            stage: Stage::Later,
            level: Level::Warning,
            by: "the scheduler, on `aurora update start` (SchedulerThriftInterface)",
            summary: "an update batch size that is not positive",
            check: first_of(
                ["update_config.batch_size", "update_config.update_strategy.batch_size"]
                    .into_iter()
                    .map(|p| {
                        when(
                            and(vec![has(job(p)), cmp(Cmp::Le, job(p), lit(0))]),
                            fail(
                                vec![s("`aurora update start` will be refused by the scheduler: All update group sizes must be positive.")],
                                path(p),
                            ),
                        )
                    })
                    .chain([each(
                        "size",
                        job("update_config.update_strategy.batch_sizes"),
                        when(
                            cmp(Cmp::Le, var("size"), lit(0)),
                            fail(
                                vec![s("`aurora update start` will be refused by the scheduler: All update group sizes must be positive.")],
                                path("update_config.update_strategy.batch_sizes"),
                            ),
                        ),
                    )])
                    .collect(),
            ),
            hint: None,
        },
    ]
}

fn repr(e: Expr) -> Expr {
    call(B::Repr, vec![e])
}

/// `AuroraJobKey._assert_valid_identifier` for one key part.
fn identifier(field: &'static str, label: &'static str) -> Expr {
    when(
        not(call(B::Identifier, vec![job(field)])),
        fail(
            vec![lit(format!("Invalid {label} '")), job(field), s("'")],
            path(field),
        ),
    )
}

/// `validate_job`'s check of one required field (`'%s required' % field.capitalize()`).
fn required(field: &'static str) -> Expr {
    let label = format!("{}{}", field[..1].to_uppercase(), &field[1..]);
    when(
        not(has(job(field))),
        fail(
            vec![
                s(INVALID),
                lit(format!("{label} required for job \"")),
                str_(job("name")),
                s("\""),
            ],
            lit(""),
        ),
    )
}

/// `AuroraConfig.ports()`: the ports the scheduler allocates (portmap values and process port
/// refs that the resolved portmap does not make static).
fn allocated_ports() -> Expr {
    let_(
        "resolved",
        call(B::ResolvePorts, vec![job("announce.portmap")]),
        plus(
            each(
                "v",
                var("resolved"),
                when(
                    not(call(B::IsInt, vec![var("v")])),
                    Expr::List(vec![var("v")]),
                ),
            ),
            each(
                "ref",
                call(B::Ports, vec![job("task.processes")]),
                let_(
                    "v",
                    if_(
                        in_(var("ref"), var("resolved")),
                        at(var("resolved"), var("ref")),
                        var("ref"),
                    ),
                    when(
                        not(call(B::IsInt, vec![var("v")])),
                        Expr::List(vec![var("v")]),
                    ),
                ),
            ),
        ),
    )
}

/// `TaskPlanner(task, process_filter=final is $final)`: its violations in the order it raises.
fn planner() -> Expr {
    let flag = |p: Expr, f: &'static str| call(B::Truthy, vec![get(p, f)]);
    // What the planner keeps of a process: `[name, daemon, ephemeral]` (flags as booleans).
    let (name, daemon, ephemeral) = (0, 1, 2);
    let kept = |p: Expr, i: i64| at(p, lit(i));
    let order = || get(var("c"), "order");
    // Processes by name; of two with one name the last counts, as in the planner's dict.
    let named = |n: &'static str| at(var("by_name"), var(n));
    // `body` for each `before`, `after` next to each other in the order of constraint `c`.
    let consecutive = |body: Expr| {
        each(
            "k",
            call(B::Range, vec![lit(1), call(B::Len, vec![order()])]),
            let_(
                "before",
                at(order(), arith(Arith::Sub, var("k"), lit(1))),
                let_("after", at(order(), var("k")), body),
            ),
        )
    };
    let plan = |msg: Vec<Expr>| {
        let mut pieces = vec![s(TASK_INVALID), s("Task has invalid plan: ")];
        pieces.extend(msg);
        fail(pieces, path("task.constraints"))
    };
    let within = || call(B::Subset, vec![order(), var("names")]);
    let dependencies = first_of(vec![
        when(
            kept(named("before"), daemon),
            plan(vec![
                s("Process "),
                var("after"),
                s(" may not depend upon daemon process "),
                var("before"),
            ]),
        ),
        when(
            and(vec![
                not(kept(named("after"), ephemeral)),
                kept(named("before"), ephemeral),
            ]),
            plan(vec![
                s("Non-ephemeral process "),
                var("after"),
                s(" may not depend upon ephemeral process "),
                var("before"),
            ]),
        ),
    ]);
    let constraint = first_of(vec![
        when(
            not(has(order())),
            fail(
                vec![s("type object 'Empty' has no attribute 'get'")],
                path("task.constraints"),
            ),
        ),
        when(
            and(vec![
                has(order()),
                cmp(
                    Cmp::Eq,
                    within(),
                    call(B::Disjoint, vec![order(), var("names")]),
                ),
            ]),
            plan(vec![s("Invalid process dependencies!")]),
        ),
        when(within(), consecutive(dependencies)),
    ]);
    let edges = each(
        "c",
        job("task.constraints"),
        when(
            and(vec![has(order()), within()]),
            consecutive(Expr::List(vec![Expr::List(vec![
                var("before"),
                var("after"),
            ])])),
        ),
    );
    let procs = each(
        "p",
        job("task.processes"),
        when(
            cmp(Cmp::Eq, flag(var("p"), "final"), var("final")),
            Expr::List(vec![Expr::List(vec![
                get(var("p"), "name"),
                flag(var("p"), "daemon"),
                flag(var("p"), "ephemeral"),
            ])]),
        ),
    );
    let of_procs = |x: Expr| each("p", var("procs"), Expr::List(vec![x]));
    let_(
        "procs",
        procs,
        let_(
            "names",
            of_procs(kept(var("p"), name)),
            let_(
                "by_name",
                call(
                    B::FromPairs,
                    vec![of_procs(Expr::List(vec![kept(var("p"), name), var("p")]))],
                ),
                plus(
                    each("c", job("task.constraints"), constraint),
                    when(
                        not(call(B::Acyclic, vec![var("names"), edges])),
                        plan(vec![s("Cycles detected in the task schedule!")]),
                    ),
                ),
            ),
        ),
    )
}
