from __future__ import annotations

import pytest
from ecs_helpers import EXECUTION_ROLE, container, raises_aws, register
from jsonschema import Draft202012Validator

from pytest_ecsmock.services.ecs.task_definitions.schema import load_schema, validator


def validation_error(value, path, constraint):
    return (
        f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy "
        f"constraint: Member must {constraint}"
    )


def test_the_shipped_schema_is_a_valid_json_schema():
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    assert validator().schema["title"].startswith("The document of an ECS")


@pytest.mark.parametrize(
    ("family", "message"),
    [
        ("", "Family can not be blank."),
        ("web app", "Family contains invalid characters."),
        ("web.app", "Family contains invalid characters."),
        ("f" * 256, "Family contains invalid characters."),
    ],
)
def test_family_names_follow_the_aws_rules(ecs, family, message):
    with raises_aws("ClientException", message):
        register(ecs, family)


def test_a_family_of_255_allowed_characters_is_accepted(ecs):
    family = "Ab-9_" * 51

    assert register(ecs, family)["family"] == family


@pytest.mark.parametrize(
    ("containers", "message"),
    [
        ([], "Container list cannot be empty."),
        ([container(f"c{i}") for i in range(11)], "Too many containers."),
        ([{"image": "nginx", "memory": 128}], "Container.name should not be null or empty."),
        ([container("")], "Container.name should not be null or empty."),
        ([container("my app")], "Container.name contains invalid characters."),
        ([container("n" * 256)], "Container.name contains invalid characters."),
        ([{"name": "app", "memory": 128}], "Container.image should not be null or empty."),
        ([container(image="")], "Container.image should not be null or empty."),
        (
            [container("app"), container("app")],
            "Container names must be unique within a Task Definition.",
        ),
        (
            [container("a", essential=False), container("b", essential=False)],
            "A task definition must have at least one essential container.",
        ),
    ],
)
def test_container_rules_with_their_aws_messages(ecs, containers, message):
    with raises_aws("ClientException", message):
        register(ecs, "web", containerDefinitions=containers)


def test_ten_containers_are_allowed(ecs):
    definition = register(ecs, "web", containerDefinitions=[container(f"c{i}") for i in range(10)])

    assert len(definition["containerDefinitions"]) == 10


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (
            {"networkMode": "overlay"},
            validation_error(
                "overlay", "networkMode", "satisfy enum value set: [bridge, host, awsvpc, none]"
            ),
        ),
        (
            {
                "containerDefinitions": [
                    container(portMappings=[{"containerPort": 1, "protocol": "sctp"}])
                ]
            },
            validation_error(
                "sctp",
                "containerDefinitions.1.member.portMappings.1.member.protocol",
                "satisfy enum value set: [tcp, udp]",
            ),
        ),
        (
            {
                "containerDefinitions": [
                    container(healthCheck={"command": ["CMD", "x"], "interval": 1})
                ]
            },
            validation_error(
                1,
                "containerDefinitions.1.member.healthCheck.interval",
                "have value greater than or equal to 5",
            ),
        ),
        (
            {"containerDefinitions": [container(cpu=-1)]},
            validation_error(
                -1, "containerDefinitions.1.member.cpu", "have value greater than or equal to 0"
            ),
        ),
        (
            {"ephemeralStorage": {"sizeInGiB": 20}},
            validation_error(
                20, "ephemeralStorage.sizeInGiB", "have value greater than or equal to 21"
            ),
        ),
        (
            {"requiresCompatibilities": ["LAMBDA"]},
            validation_error(
                "LAMBDA",
                "requiresCompatibilities.1.member",
                "satisfy enum value set: [EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES]",
            ),
        ),
        (
            {"placementConstraints": [{"type": "distinctInstance"}]},
            validation_error(
                "distinctInstance",
                "placementConstraints.1.member.type",
                "satisfy enum value set: [memberOf]",
            ),
        ),
        (
            {
                "containerDefinitions": [
                    container(ulimits=[{"name": "files", "softLimit": 1, "hardLimit": 2}])
                ]
            },
            validation_error(
                "files",
                "containerDefinitions.1.member.ulimits.1.member.name",
                "satisfy enum value set: [core, cpu, data, fsize, locks, memlock, msgqueue, "
                "nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack]",
            ),
        ),
        (
            {"containerDefinitions": [container(stopTimeout=1)]},
            validation_error(
                1,
                "containerDefinitions.1.member.stopTimeout",
                "have value greater than or equal to 2",
            ),
        ),
    ],
)
def test_single_field_rules_give_the_aws_validation_message(ecs, request_, message):
    with raises_aws("InvalidParameterException", message):
        register(ecs, "web", **request_)


@pytest.mark.parametrize("cpu", ["1.5 GB", "a lot", "0.1 vCPU", "64", "200000", "-256"])
def test_a_task_cpu_ecs_cannot_read_is_refused(ecs, cpu):
    with raises_aws("InvalidParameterException", "Invalid 'cpu' setting for task."):
        register(ecs, "web", cpu=cpu)


@pytest.mark.parametrize("memory", ["0", "2 vCPU", "1.5 MiB", "lots"])
def test_a_task_memory_ecs_cannot_read_is_refused(ecs, memory):
    with raises_aws("InvalidParameterException", "Invalid 'memory' setting for task."):
        register(ecs, "web", memory=memory)


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (
            {"containerDefinitions": [container(memory=None)]},
            "Invalid setting for container 'app'. At least one of 'memory' or "
            "'memoryReservation' must be specified.",
        ),
        (
            {"containerDefinitions": [container(memory=0)]},
            "Invalid setting for container 'app'. At least one of 'memory' or "
            "'memoryReservation' must be specified.",
        ),
        (
            {"containerDefinitions": [container(memory=256, memoryReservation=512)]},
            "Invalid setting for container 'app'. 'memory' must be greater than or equal to "
            "'memoryReservation'.",
        ),
        (
            {"memory": "512", "containerDefinitions": [container(memory=1024)]},
            "The 'memory' setting for container 'app' is greater than for the task.",
        ),
        (
            {
                "memory": "512",
                "containerDefinitions": [container(memory=None, memoryReservation=600)],
            },
            "The 'memoryReservation' setting for container 'app' is greater than for the task.",
        ),
        (
            {"cpu": "256", "containerDefinitions": [container(cpu=512)]},
            "The 'cpu' setting for container 'app' is greater than for the task.",
        ),
    ],
)
def test_memory_and_cpu_rules(ecs, request_, message):
    with raises_aws("ClientException", message):
        register(ecs, "web", **request_)


def test_task_level_memory_makes_container_memory_optional(ecs):
    definition = register(
        ecs, "web", memory="1 GB", containerDefinitions=[{"name": "app", "image": "nginx"}]
    )

    assert "memory" not in definition["containerDefinitions"][0]


def test_a_memory_reservation_alone_is_enough(ecs):
    definition = register(
        ecs,
        "web",
        containerDefinitions=[{"name": "app", "image": "nginx", "memoryReservation": 64}],
    )

    assert definition["containerDefinitions"][0]["memoryReservation"] == 64


@pytest.mark.parametrize(
    ("network_mode", "mapping", "message"),
    [
        (
            "awsvpc",
            {"containerPort": 80, "hostPort": 8080},
            "When networkMode=awsvpc, the host ports and container ports in port mappings "
            "must match.",
        ),
        (
            "host",
            {"containerPort": 80, "hostPort": 0},
            "When networkMode=host, the host ports and container ports in port mappings must "
            "match.",
        ),
        (
            "none",
            {"containerPort": 80},
            "Port mappings are not allowed for container 'app' when networkMode=none.",
        ),
        ("bridge", {"containerPort": 0}, "Invalid 'containerPort' setting for container 'app'."),
        (
            "bridge",
            {"containerPort": 65536},
            "Invalid 'containerPort' setting for container 'app'.",
        ),
        ("bridge", {"hostPort": 80}, "Invalid 'containerPort' setting for container 'app'."),
        (
            "bridge",
            {"containerPort": 80, "hostPort": 70000},
            "Invalid 'hostPort' setting for container 'app'.",
        ),
    ],
)
def test_port_mapping_rules_per_network_mode(ecs, network_mode, mapping, message):
    with raises_aws("ClientException", message):
        register(
            ecs,
            "web",
            networkMode=network_mode,
            containerDefinitions=[container(portMappings=[mapping])],
        )


def test_bridge_mode_keeps_a_fixed_host_port(ecs):
    definition = register(
        ecs,
        "web",
        containerDefinitions=[container(portMappings=[{"containerPort": 80, "hostPort": 8080}])],
    )

    assert definition["containerDefinitions"][0]["portMappings"][0]["hostPort"] == 8080


def test_container_port_ranges_are_not_supported_yet(ecs):
    message = (
        "portMappings.containerPortRange is not supported by pytest-ecsmock yet; map single "
        "ports with containerPort."
    )
    with raises_aws("InvalidParameterException", message):
        register(
            ecs,
            "web",
            networkMode="awsvpc",
            containerDefinitions=[container(portMappings=[{"containerPortRange": "8000-8010"}])],
        )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"hostname": "app"}, "hostname is not supported on container when networkMode=awsvpc."),
        ({"links": ["db"]}, "links are not supported on container when networkMode=awsvpc."),
    ],
)
def test_awsvpc_containers_have_no_hostname_or_links(ecs, settings, message):
    with raises_aws("ClientException", message):
        register(ecs, "web", networkMode="awsvpc", containerDefinitions=[container(**settings)])


def test_bridge_containers_may_have_a_hostname(ecs):
    definition = register(ecs, "web", containerDefinitions=[container(hostname="app")])

    assert definition["containerDefinitions"][0]["hostname"] == "app"


@pytest.mark.parametrize(
    ("containers", "volumes", "message"),
    [
        (
            [container(dependsOn=[{"containerName": "db", "condition": "START"}])],
            [],
            "Container 'app' depends on container 'db', which is not another container of this "
            "task definition.",
        ),
        (
            [
                container("db"),
                container("app", dependsOn=[{"containerName": "db", "condition": "HEALTHY"}]),
            ],
            [],
            "Container 'app' depends on container 'db' being HEALTHY, but 'db' has no healthCheck.",
        ),
        (
            [container(mountPoints=[{"sourceVolume": "data", "containerPath": "/data"}])],
            [],
            "The mount point of container 'app' uses sourceVolume 'data', which is not a volume "
            "of the task definition.",
        ),
        (
            [container(volumesFrom=[{"sourceContainer": "app"}])],
            [],
            "Container 'app' takes volumes from 'app', which is not another container of this "
            "task definition.",
        ),
        (
            [container()],
            [{"name": "data"}, {"name": "data"}],
            "Volume names must be unique within a task definition.",
        ),
    ],
)
def test_references_between_containers_and_volumes(ecs, containers, volumes, message):
    with raises_aws("ClientException", message):
        register(ecs, "web", containerDefinitions=containers, volumes=volumes)


def test_secrets_need_an_execution_role(ecs):
    secret = {"name": "DB", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/db"}
    message = (
        "When you are specifying container secrets, you must also specify a value for "
        "'executionRoleArn'."
    )
    with raises_aws("ClientException", message):
        register(ecs, "web", containerDefinitions=[container(secrets=[secret])])

    definition = register(
        ecs,
        "web",
        executionRoleArn=EXECUTION_ROLE,
        containerDefinitions=[container(secrets=[secret])],
    )
    assert definition["containerDefinitions"][0]["secrets"] == [secret]


def test_the_firelens_log_driver_needs_a_log_router(ecs):
    logging = {"logConfiguration": {"logDriver": "awsfirelens"}}
    message = (
        "The awsfirelens log driver needs a log router: a container of the task definition "
        "with a firelensConfiguration."
    )
    with raises_aws("ClientException", message):
        register(ecs, "web", containerDefinitions=[container(**logging)])

    definition = register(
        ecs,
        "web",
        containerDefinitions=[
            container("router", firelensConfiguration={"type": "fluentbit"}),
            container("app", **logging),
        ],
    )
    assert "ecs.capability.firelens.fluentbit" in [
        a["name"] for a in definition["requiresAttributes"]
    ]


def test_a_refused_registration_uses_up_no_revision(ecs):
    with raises_aws("ClientException", "Container list cannot be empty."):
        register(ecs, "web", containerDefinitions=[])

    assert register(ecs, "web")["revision"] == 1
