from __future__ import annotations

import pytest
from ecs_helpers import (
    ACCOUNT,
    ECR_IMAGE,
    EXECUTION_ROLE,
    container,
    fargate,
    raises_aws,
    register,
    task_definition_arn,
)

UNDESCRIBABLE = "Unable to describe task definition."


def test_register_answers_the_first_revision_with_its_arn(ecsmock, ecs):
    definition = register(ecs, "web")

    assert definition["taskDefinitionArn"] == task_definition_arn("web", 1)
    assert definition["family"] == "web"
    assert definition["revision"] == 1
    assert definition["status"] == "ACTIVE"
    assert definition["registeredAt"] == ecsmock.clock.now()
    assert definition["registeredBy"] == f"arn:aws:iam::{ACCOUNT}:root"
    assert definition["volumes"] == []
    assert definition["placementConstraints"] == []
    assert "networkMode" not in definition


def test_register_fills_in_the_container_defaults(ecs):
    definition = register(
        ecs, "web", containerDefinitions=[container(portMappings=[{"containerPort": 80}])]
    )

    app = definition["containerDefinitions"][0]
    assert app["cpu"] == 0
    assert app["essential"] is True
    assert app["environment"] == []
    assert app["mountPoints"] == []
    assert app["volumesFrom"] == []
    assert app["portMappings"] == [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}]


@pytest.mark.parametrize("network_mode", ["awsvpc", "host"])
def test_host_port_defaults_to_the_container_port_outside_bridge_mode(ecs, network_mode):
    definition = register(
        ecs,
        "web",
        networkMode=network_mode,
        containerDefinitions=[container(portMappings=[{"containerPort": 8080, "protocol": "udp"}])],
    )

    mapping = definition["containerDefinitions"][0]["portMappings"][0]
    assert mapping == {"containerPort": 8080, "hostPort": 8080, "protocol": "udp"}


@pytest.mark.parametrize(
    ("cpu", "memory", "units", "mib"),
    [
        ("1 vCPU", "2 GB", "1024", "2048"),
        ("0.25 vcpu", "512", "256", "512"),
        ("2048", "4GB", "2048", "4096"),
        (" 4 vCPUs ", "0.5 GB", "4096", "512"),
        ("512", "3072 MiB", "512", "3072"),
    ],
)
def test_task_cpu_and_memory_are_stored_as_units_and_mib(ecs, cpu, memory, units, mib):
    definition = register(ecs, "web", cpu=cpu, memory=memory)

    assert (definition["cpu"], definition["memory"]) == (units, mib)


def test_each_registration_of_a_family_adds_a_revision(ecs):
    revisions = [register(ecs, "web")["revision"] for _ in range(3)]
    other = register(ecs, "worker")

    assert revisions == [1, 2, 3]
    assert other["taskDefinitionArn"] == task_definition_arn("worker", 1)


def test_describe_task_definition_by_family_gives_the_latest_active_revision(ecs):
    register(ecs, "web", containerDefinitions=[container(image="nginx:1")])
    register(ecs, "web", containerDefinitions=[container(image="nginx:2")])
    register(ecs, "web", containerDefinitions=[container(image="nginx:3")])
    ecs.deregister_task_definition(taskDefinition="web:3")

    described = ecs.describe_task_definition(taskDefinition="web")["taskDefinition"]

    assert described["revision"] == 2
    assert described["containerDefinitions"][0]["image"] == "nginx:2"


@pytest.mark.parametrize("reference", ["web:1", task_definition_arn("web", 1)])
def test_describe_task_definition_by_revision_or_arn(ecs, reference):
    register(ecs, "web", containerDefinitions=[container(image="nginx:1")])
    register(ecs, "web", containerDefinitions=[container(image="nginx:2")])

    described = ecs.describe_task_definition(taskDefinition=reference)["taskDefinition"]

    assert described["taskDefinitionArn"] == task_definition_arn("web", 1)
    assert described["containerDefinitions"][0]["image"] == "nginx:1"


def test_an_inactive_revision_is_describable_by_revision_but_not_by_family(ecs):
    register(ecs, "web")
    ecs.deregister_task_definition(taskDefinition="web:1")

    assert ecs.describe_task_definition(taskDefinition="web:1")["taskDefinition"]["status"] == (
        "INACTIVE"
    )
    with raises_aws("ClientException", UNDESCRIBABLE):
        ecs.describe_task_definition(taskDefinition="web")


@pytest.mark.parametrize(
    "reference",
    [
        "ghost",
        "web:2",
        "web:0",
        "web:latest",
        "bad name",
        "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1",
        "arn:aws:ecs:us-east-1:210987654321:task-definition/web:1",
    ],
)
def test_describe_task_definition_of_something_unknown(ecs, reference):
    register(ecs, "web")

    with raises_aws("ClientException", UNDESCRIBABLE):
        ecs.describe_task_definition(taskDefinition=reference)


def test_describe_task_definition_refuses_an_unknown_include(ecs):
    register(ecs, "web")

    message = (
        "1 validation error detected: Value 'SECRETS' at 'include.1.member' failed to "
        "satisfy constraint: Member must satisfy enum value set: [TAGS]"
    )
    with raises_aws("InvalidParameterException", message):
        ecs.describe_task_definition(taskDefinition="web", include=["SECRETS"])


def test_register_answers_tags_only_when_given(ecs):
    plain = ecs.register_task_definition(family="web", containerDefinitions=[container()])
    tagged = ecs.register_task_definition(
        family="web",
        containerDefinitions=[container()],
        tags=[{"key": "team", "value": "a"}],
    )

    assert "tags" not in plain
    assert tagged["tags"] == [{"key": "team", "value": "a"}]


def test_role_names_become_role_arns_of_the_account(ecs):
    definition = register(ecs, "web", taskRoleArn="app-role", executionRoleArn="exec-role")

    assert definition["taskRoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/app-role"
    assert definition["executionRoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/exec-role"


def test_role_arns_with_a_path_are_kept_as_given(ecs):
    role = f"arn:aws:iam::{ACCOUNT}:role/service-role/team/app"

    assert register(ecs, "web", taskRoleArn=role)["taskRoleArn"] == role


@pytest.mark.parametrize(
    "role",
    [
        "arn:aws:iam::210987654321:role/app",
        f"arn:aws-cn:iam::{ACCOUNT}:role/app",
        f"arn:aws:iam::{ACCOUNT}:user/app",
        f"arn:aws:iam::{ACCOUNT}:role/",
        "arn:aws:iam::12345:role/app",
        f"arn:aws:cloudformation:us-east-1:{ACCOUNT}:stack/app",
        "role with spaces",
        "r" * 65,
    ],
)
@pytest.mark.parametrize("member", ["taskRoleArn", "executionRoleArn"])
def test_a_role_that_is_not_a_role_of_the_account_is_not_valid(ecs, role, member):
    with raises_aws("ClientException", "Role is not valid"):
        register(ecs, "web", **{member: role})
    assert ecs.list_task_definition_families()["families"] == []


def test_a_bridge_task_definition_is_compatible_with_ec2_and_external(ecs):
    definition = register(ecs, "web", requiresCompatibilities=["EC2"])

    assert definition["compatibilities"] == ["EXTERNAL", "EC2"]
    assert definition["requiresAttributes"] == []
    assert definition["requiresCompatibilities"] == ["EC2"]


def test_an_awsvpc_task_definition_of_a_fargate_size_is_compatible_with_fargate(ecs):
    definition = register(ecs, "web", networkMode="awsvpc", cpu="256", memory="512")

    assert definition["compatibilities"] == ["EC2", "FARGATE", "MANAGED_INSTANCES"]


def test_an_awsvpc_task_definition_without_a_fargate_size_is_not(ecs):
    definition = register(ecs, "web", networkMode="awsvpc", cpu="256", memory="4096")

    assert definition["compatibilities"] == ["EC2", "MANAGED_INSTANCES"]


def test_a_windows_fargate_task_definition_is_not_for_managed_instances(ecs):
    definition = register(
        ecs,
        "web",
        networkMode="awsvpc",
        cpu="1024",
        memory="2048",
        runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
    )

    assert definition["compatibilities"] == ["EC2", "FARGATE"]


def test_a_fargate_task_definition_requires_the_attributes_of_what_it_uses(ecs):
    definition = ecs.register_task_definition(
        **fargate(
            taskRoleArn="app-role",
            executionRoleArn=EXECUTION_ROLE,
            containerDefinitions=[
                {
                    "name": "app",
                    "image": ECR_IMAGE,
                    "logConfiguration": {
                        "logDriver": "awslogs",
                        "options": {"awslogs-group": "/ecs/web", "awslogs-create-group": "true"},
                    },
                }
            ],
        )
    )["taskDefinition"]

    assert {a["name"] for a in definition["requiresAttributes"]} == {
        "com.amazonaws.ecs.capability.task-iam-role",
        "com.amazonaws.ecs.capability.docker-remote-api.1.18",
        "ecs.capability.task-eni",
        "com.amazonaws.ecs.capability.ecr-auth",
        "ecs.capability.execution-role-ecr-pull",
        "com.amazonaws.ecs.capability.logging-driver.awslogs",
        "com.amazonaws.ecs.capability.docker-remote-api.1.19",
        "ecs.capability.execution-role-awslogs",
        "com.amazonaws.ecs.capability.docker-remote-api.1.29",
    }


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"healthCheck": {"command": ["CMD", "true"]}}, "ecs.capability.container-health-check"),
        (
            {"secrets": [{"name": "DB", "valueFrom": "arn:aws:ssm:us-east-1:1:parameter/db"}]},
            "ecs.capability.secrets.ssm.environment-variables",
        ),
        (
            {
                "secrets": [
                    {"name": "DB", "valueFrom": "arn:aws:secretsmanager:us-east-1:1:secret:db"}
                ]
            },
            "ecs.capability.secrets.asm.environment-variables",
        ),
        (
            {"repositoryCredentials": {"credentialsParameter": "arn:aws:secretsmanager:x"}},
            "ecs.capability.private-registry-authentication.secretsmanager",
        ),
        ({"privileged": True}, "com.amazonaws.ecs.capability.privileged-container"),
        (
            {"logConfiguration": {"logDriver": "fluentd"}},
            "com.amazonaws.ecs.capability.logging-driver.fluentd",
        ),
        (
            {"environmentFiles": [{"value": "arn:aws:s3:::b/env", "type": "s3"}]},
            "ecs.capability.env-files.s3",
        ),
    ],
)
def test_container_features_require_agent_capabilities(ecs, settings, expected):
    definition = register(
        ecs, "web", executionRoleArn=EXECUTION_ROLE, containerDefinitions=[container(**settings)]
    )

    assert expected in [a["name"] for a in definition["requiresAttributes"]]


def test_depends_on_requires_container_ordering(ecs):
    definition = register(
        ecs,
        "web",
        containerDefinitions=[
            container("db"),
            container("app", dependsOn=[{"containerName": "db", "condition": "START"}]),
        ],
    )

    assert {"name": "ecs.capability.container-ordering"} in definition["requiresAttributes"]


def test_an_efs_volume_requires_the_efs_capability(ecs):
    definition = register(
        ecs,
        "web",
        volumes=[
            {
                "name": "data",
                "efsVolumeConfiguration": {
                    "fileSystemId": "fs-1",
                    "transitEncryption": "ENABLED",
                },
            }
        ],
        containerDefinitions=[
            container(mountPoints=[{"sourceVolume": "data", "containerPath": "/d"}])
        ],
    )

    names = [a["name"] for a in definition["requiresAttributes"]]
    assert "ecs.capability.efs" in names
    assert "ecs.capability.efsAuth" in names
    assert "EXTERNAL" not in definition["compatibilities"]


def test_fields_the_request_gave_are_described_back(ecs):
    request = {
        "networkMode": "host",
        "pidMode": "task",
        "ipcMode": "none",
        "ephemeralStorage": {"sizeInGiB": 30},
        "runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
        "enableFaultInjection": True,
        "placementConstraints": [{"type": "memberOf", "expression": "attribute:a == b"}],
    }
    register(ecs, "web", **request)

    described = ecs.describe_task_definition(taskDefinition="web")["taskDefinition"]

    assert {key: described[key] for key in request} == request
    assert "ecs.capability.pid-ipc-namespace-sharing" in [
        a["name"] for a in described["requiresAttributes"]
    ]
