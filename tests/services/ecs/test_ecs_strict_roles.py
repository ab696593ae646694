"""strict_roles: RunTask needs roles that exist in IAM and trust ECS tasks."""

from __future__ import annotations

import json

import boto3
import moto
import pytest
from ecs_helpers import ACCOUNT, REGION, raises_aws, register

ROLE = f"arn:aws:iam::{ACCOUNT}:role/app-task"
UNABLE = (
    "ECS was unable to assume the role '{role}' that was provided for this task. Please "
    "verify that the role being passed has the proper trust relationship and permissions "
    "and that your IAM user has permissions to pass this role."
)


def trust(service: str) -> str:
    statement = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@pytest.fixture
def cluster(ecs, ecsmock):
    ecsmock.backend("ecs").join_instance("ECS_ENABLE_TASK_IAM_ROLE=true", "m5.large")
    register(ecs, taskRoleArn=ROLE)


@pytest.mark.ecsmock(strict_roles=True)
def test_a_missing_role_refuses_the_task_and_places_nothing(ecs, cluster):
    with raises_aws("ClientException", UNABLE.format(role=ROLE)):
        ecs.run_task(taskDefinition="web")
    assert ecs.list_tasks()["taskArns"] == []


@pytest.mark.ecsmock(strict_roles=True)
def test_a_role_that_trusts_another_service_is_refused(ecs, cluster):
    iam = boto3.client("iam", region_name=REGION)
    iam.create_role(RoleName="app-task", AssumeRolePolicyDocument=trust("lambda.amazonaws.com"))
    with raises_aws("ClientException", UNABLE.format(role=ROLE)):
        ecs.run_task(taskDefinition="web")
    iam.update_assume_role_policy(
        RoleName="app-task", PolicyDocument=trust("ecs-tasks.amazonaws.com")
    )
    task = ecs.run_task(taskDefinition="web")["tasks"][0]
    assert task["lastStatus"] == "PENDING"


@pytest.mark.ecsmock(strict_roles=True)
def test_an_override_role_is_checked_too(ecs, cluster):
    iam = boto3.client("iam", region_name=REGION)
    iam.create_role(RoleName="app-task", AssumeRolePolicyDocument=trust("ecs-tasks.amazonaws.com"))
    other = f"arn:aws:iam::{ACCOUNT}:role/other"
    with raises_aws("ClientException", UNABLE.format(role=other)):
        ecs.run_task(taskDefinition="web", overrides={"taskRoleArn": other})
    task = ecs.run_task(taskDefinition="web")["tasks"][0]
    assert task["taskDefinitionArn"].endswith("task-definition/web:1")


def test_without_strict_roles_a_well_formed_role_is_enough(ecs, cluster):
    task = ecs.run_task(taskDefinition="web")["tasks"][0]
    assert task["lastStatus"] == "PENDING"


@pytest.mark.ecsmock(strict_roles=True)
def test_beside_moto_the_role_comes_from_moto_s_iam(ecs, cluster):
    with moto.mock_aws():
        iam = boto3.client("iam", region_name=REGION)
        with raises_aws("ClientException", UNABLE.format(role=ROLE)):
            ecs.run_task(taskDefinition="web")
        iam.create_role(
            RoleName="app-task", AssumeRolePolicyDocument=trust("ecs-tasks.amazonaws.com")
        )
        task = ecs.run_task(taskDefinition="web")["tasks"][0]
    assert task["lastStatus"] == "PENDING"
