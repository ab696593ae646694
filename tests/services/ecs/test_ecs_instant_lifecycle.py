"""lifecycle="instant": resources settle at once, for users who want moto's behaviour."""

from __future__ import annotations

import boto3
import pytest
from ecs_helpers import REGION, container, register

from pytest_ecsmock import mock_ecs

VPC = {"subnetIds": ["subnet-0a1", "subnet-0b2"]}
ROLE = "arn:aws:iam::123456789012:role/eks"


@pytest.mark.ecsmock(lifecycle="instant")
def test_run_task_answers_running_and_stop_task_stopped(ecs, ecsmock):
    ecsmock.backend("ecs").join_instance("", "m5.large")
    register(ecs, containerDefinitions=[container(portMappings=[{"containerPort": 80}])])
    task = ecs.run_task(taskDefinition="web")["tasks"][0]
    assert task["lastStatus"] == "RUNNING"
    assert task["containers"][0]["lastStatus"] == "RUNNING"
    assert task["startedAt"] == task["createdAt"]
    stopped = ecs.stop_task(task=task["taskArn"], reason="done")["task"]
    assert stopped["lastStatus"] == "STOPPED"
    assert stopped["stoppedReason"] == "done"
    # kept visible: only the steps towards a settled state are instant
    described = ecs.describe_tasks(tasks=[task["taskArn"]])["tasks"][0]
    assert described["lastStatus"] == "STOPPED"
    assert ecsmock.clock.elapsed().total_seconds() == 0


@pytest.mark.ecsmock(lifecycle="instant")
def test_eks_cluster_and_load_balancer_are_active_at_once(ecsmock):
    eks = boto3.client("eks", region_name=REGION)
    cluster = eks.create_cluster(name="prod", roleArn=ROLE, resourcesVpcConfig=VPC)["cluster"]
    assert cluster["status"] == "ACTIVE"
    assert cluster["endpoint"].startswith("https://")
    elbv2 = boto3.client("elbv2", region_name=REGION)
    balancer = elbv2.create_load_balancer(Name="web", Subnets=VPC["subnetIds"])["LoadBalancers"][0]
    assert balancer["State"]["Code"] == "active"


def test_realistic_is_the_default():
    with mock_ecs() as m:
        eks = boto3.client("eks", region_name=REGION)
        created = eks.create_cluster(name="prod", roleArn=ROLE, resourcesVpcConfig=VPC)
        assert created["cluster"]["status"] == "CREATING"
        m.clock.advance(600)
        assert eks.describe_cluster(name="prod")["cluster"]["status"] == "ACTIVE"


def test_an_unknown_lifecycle_is_refused_where_it_is_written():
    with pytest.raises(ValueError, match="lifecycle must be 'realistic' or 'instant'"):
        mock_ecs(lifecycle="fast")
