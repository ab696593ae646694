from __future__ import annotations

import pytest
from ecs_helpers import ECR_IMAGE, EXECUTION_ROLE, fargate, raises_aws

from pytest_ecsmock.services.ecs.task_definitions.sizes import FARGATE_SIZES

FARGATE_TASKS = "Tasks using the Fargate launch type"


def valid_fargate_sizes():
    for cpu, (lowest, highest, step) in FARGATE_SIZES.items():
        memories = (512, 1024, 2048) if step is None else range(lowest, highest + 1, step)
        for memory in memories:
            yield cpu, memory


def test_a_fargate_task_definition_is_registered(ecs):
    definition = ecs.register_task_definition(**fargate())["taskDefinition"]

    assert definition["requiresCompatibilities"] == ["FARGATE"]
    assert "FARGATE" in definition["compatibilities"]
    assert (definition["cpu"], definition["memory"]) == ("256", "512")


@pytest.mark.parametrize(("cpu", "memory"), list(valid_fargate_sizes()))
def test_every_fargate_size_of_the_table_is_accepted(ecs, cpu, memory):
    definition = ecs.register_task_definition(**fargate(cpu=str(cpu), memory=str(memory)))

    assert definition["taskDefinition"]["memory"] == str(memory)


@pytest.mark.parametrize(
    ("cpu", "memory"),
    [("1024", "1024"), ("256", "4096"), ("512", "1536"), ("8192", "18432"), ("128", "512")],
)
def test_a_size_missing_from_the_fargate_table_is_refused(ecs, cpu, memory):
    message = (
        f"No Fargate configuration exists for given values: {cpu} CPU, {memory} memory. See "
        "the Amazon ECS documentation for the valid values."
    )
    with raises_aws("ClientException", message):
        ecs.register_task_definition(**fargate(cpu=cpu, memory=memory))


def test_sizes_given_in_vcpu_and_gb_are_checked_after_conversion(ecs):
    message = (
        "No Fargate configuration exists for given values: 1024 CPU, 1024 memory. See the "
        "Amazon ECS documentation for the valid values."
    )
    with raises_aws("ClientException", message):
        ecs.register_task_definition(**fargate(cpu="1 vCPU", memory="1 GB"))


def test_windows_on_fargate_starts_at_one_vcpu(ecs):
    windows = {"operatingSystemFamily": "WINDOWS_SERVER_2019_FULL"}
    message = (
        "No Fargate configuration exists for given values: 512 CPU, 1024 memory. See the "
        "Amazon ECS documentation for the valid values."
    )
    with raises_aws("ClientException", message):
        ecs.register_task_definition(**fargate(cpu="512", memory="1024", runtimePlatform=windows))

    accepted = ecs.register_task_definition(
        **fargate(cpu="1024", memory="2048", runtimePlatform=windows)
    )
    assert accepted["taskDefinition"]["runtimePlatform"] == windows


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        ({"networkMode": "bridge"}, "Fargate only supports network mode \u2018awsvpc\u2019."),
        ({"networkMode": None}, "Fargate only supports network mode \u2018awsvpc\u2019."),
        ({"cpu": None}, "Fargate requires that 'cpu' be defined at the task level."),
        (
            {"memory": None, "containerDefinitions": [{"name": "app", "image": "n", "memory": 64}]},
            "Fargate requires that 'memory' be defined at the task level.",
        ),
        ({"ipcMode": "task"}, f"{FARGATE_TASKS} do not support ipcMode."),
        (
            {"pidMode": "host"},
            f"{FARGATE_TASKS} do not support pidMode 'host'. The supported value for pidMode "
            "is 'task'.",
        ),
        (
            {"placementConstraints": [{"type": "memberOf", "expression": "attribute:a == b"}]},
            f"{FARGATE_TASKS} do not support placement constraints.",
        ),
        (
            {"volumes": [{"name": "d", "dockerVolumeConfiguration": {"scope": "task"}}]},
            f"{FARGATE_TASKS} do not support Docker volumes.",
        ),
        (
            {"volumes": [{"name": "d", "host": {"sourcePath": "/var/data"}}]},
            f"{FARGATE_TASKS} do not support host volumes with a sourcePath.",
        ),
        (
            {"inferenceAccelerators": [{"deviceName": "d", "deviceType": "eia2.medium"}]},
            f"{FARGATE_TASKS} do not support inference accelerators.",
        ),
    ],
)
def test_task_level_fargate_rules(ecs, request_, message):
    request = {k: v for k, v in fargate(**request_).items() if v is not None}
    with raises_aws("ClientException", message):
        ecs.register_task_definition(**request)


def test_without_any_memory_the_container_memory_rule_comes_first(ecs):
    message = (
        "Invalid setting for container 'app'. At least one of 'memory' or 'memoryReservation' "
        "must be specified."
    )
    request = fargate()
    del request["memory"]
    with raises_aws("ClientException", message):
        ecs.register_task_definition(**request)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g"}}},
            "Fargate requires task definition to have execution role ARN to support log driver "
            "awslogs.",
        ),
        (
            {"image": ECR_IMAGE},
            "Fargate requires task definition to have execution role ARN to support ECR images.",
        ),
        (
            {"logConfiguration": {"logDriver": "json-file"}},
            f"{FARGATE_TASKS} support the log drivers awslogs, splunk and awsfirelens, not "
            "'json-file'.",
        ),
        ({"privileged": True}, f"{FARGATE_TASKS} do not support privileged containers."),
        (
            {"linuxParameters": {"devices": [{"hostPath": "/dev/fuse"}]}},
            f"{FARGATE_TASKS} do not support linuxParameters.devices.",
        ),
        (
            {"stopTimeout": 121},
            f"{FARGATE_TASKS} must have a container stop timeout of at most 120 seconds.",
        ),
    ],
)
def test_container_fargate_rules(ecs, settings, message):
    containers = [{"name": "app", "image": "nginx:1.27", **settings}]
    with raises_aws("ClientException", message):
        ecs.register_task_definition(**fargate(containerDefinitions=containers))


def test_an_execution_role_lets_fargate_use_awslogs_and_ecr(ecs):
    containers = [
        {
            "name": "app",
            "image": ECR_IMAGE,
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g"}},
        }
    ]

    definition = ecs.register_task_definition(
        **fargate(executionRoleArn=EXECUTION_ROLE, containerDefinitions=containers)
    )["taskDefinition"]

    assert definition["executionRoleArn"] == EXECUTION_ROLE
    assert "FARGATE" in definition["compatibilities"]


def test_a_definition_fargate_cannot_run_is_still_registered_for_ec2(ecs):
    request = fargate(requiresCompatibilities=["EC2"], ipcMode="host")

    definition = ecs.register_task_definition(**request)["taskDefinition"]

    assert definition["compatibilities"] == ["EC2", "MANAGED_INSTANCES"]


def test_external_does_not_support_awsvpc(ecs):
    message = "Tasks using the EXTERNAL launch type do not support network mode 'awsvpc'."
    with raises_aws("ClientException", message):
        ecs.register_task_definition(**fargate(requiresCompatibilities=["EXTERNAL"]))


def test_external_accepts_a_bridge_definition(ecs):
    definition = ecs.register_task_definition(
        family="edge",
        requiresCompatibilities=["EXTERNAL"],
        containerDefinitions=[{"name": "app", "image": "nginx", "memory": 128}],
    )["taskDefinition"]

    assert definition["compatibilities"] == ["EXTERNAL", "EC2"]


def test_managed_instances_are_not_supported_yet(ecs):
    message = (
        "requiresCompatibilities MANAGED_INSTANCES is not supported by pytest-ecsmock yet (ECS "
        "Managed Instances capacity providers are not simulated)."
    )
    with raises_aws("InvalidParameterException", message):
        ecs.register_task_definition(**fargate(requiresCompatibilities=["MANAGED_INSTANCES"]))
