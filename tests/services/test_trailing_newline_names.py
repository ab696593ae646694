"""A name with a trailing newline is refused: the name patterns match whole values."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError


def code_of(call, **request):
    with pytest.raises(ClientError) as caught:
        call(**request)
    return caught.value.response["Error"]["Code"]


def test_ecs_names(ecs):
    assert code_of(ecs.create_cluster, clusterName="web\n") == "InvalidParameterException"
    ecs.create_cluster(clusterName="default")
    ecs.register_task_definition(
        family="web", containerDefinitions=[{"name": "app", "image": "nginx", "memory": 256}]
    )
    assert (
        code_of(ecs.create_service, serviceName="web\n", taskDefinition="web", desiredCount=0)
        == "InvalidParameterException"
    )
    assert ecs.list_clusters()["clusterArns"][0].endswith("cluster/default")
    assert ecs.list_services()["serviceArns"] == []


def test_elbv2_names(elbv2, ecsmock):
    vpc = ecsmock.backend("network").default_vpc_id
    assert (
        code_of(elbv2.create_target_group, Name="web\n", Protocol="HTTP", Port=80, VpcId=vpc)
        == "ValidationError"
    )
    assert elbv2.describe_target_groups()["TargetGroups"] == []
