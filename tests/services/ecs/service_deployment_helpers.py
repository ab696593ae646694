"""What the service deployment tests share (a uniquely named module).

A cluster ``prod`` with two instances; task definitions ``web:1`` (nginx:1.27),
``web:2`` (nginx:1.28) and ``web:3`` (an image whose pull fails). A service ``api`` of
two tasks of ``web:1`` completes its deployment a minute after it is created: the
scheduler's first pass comes after 1 s, the tasks run 16 s later and count healthy
40 s after that.
"""

from __future__ import annotations

from typing import Any

import pytest
from ecs_helpers import ACCOUNT, REGION, container, register

CLUSTER, SERVICE = "prod", "api"
BROKEN_IMAGE = "example.com/broken:1"
#: long enough for a deployment of the service to complete
SETTLE = 120


def revision_prefix() -> str:
    return f"arn:aws:ecs:{REGION}:{ACCOUNT}:service-revision/{CLUSTER}/{SERVICE}/"


def deployment_prefix() -> str:
    return f"arn:aws:ecs:{REGION}:{ACCOUNT}:service-deployment/{CLUSTER}/{SERVICE}/"


@pytest.fixture
def cluster(ecs, ecsmock):
    ecs.create_cluster(clusterName=CLUSTER)
    backend = ecsmock.backend("ecs")
    for zone in ("us-east-1a", "us-east-1b"):
        backend.join_instance(f"ECS_CLUSTER={CLUSTER}", "m5.large", availability_zone=zone)
    backend.simulate_image(BROKEN_IMAGE, pull_fails=True)
    for image in ("nginx:1.27", "nginx:1.28", BROKEN_IMAGE):
        register(ecs, containerDefinitions=[container(image=image, memory=256)])
    return CLUSTER


def create_service(ecs: Any, **settings: Any) -> dict[str, Any]:
    request = {"taskDefinition": "web:1", "desiredCount": 2, **settings}
    answer: dict[str, Any] = ecs.create_service(cluster=CLUSTER, serviceName=SERVICE, **request)[
        "service"
    ]
    return answer


def deploy(ecs: Any, definition: str) -> None:
    ecs.update_service(cluster=CLUSTER, service=SERVICE, taskDefinition=definition)


def listed(ecs: Any, **request: Any) -> list[dict[str, Any]]:
    answer: list[dict[str, Any]] = ecs.list_service_deployments(
        cluster=CLUSTER, service=SERVICE, **request
    )["serviceDeployments"]
    return answer


def statuses(ecs: Any) -> list[str]:
    """The status of each service deployment, newest first."""
    return [deployment["status"] for deployment in listed(ecs)]


def describe(ecs: Any, arn: str) -> dict[str, Any]:
    [found] = ecs.describe_service_deployments(serviceDeploymentArns=[arn])["serviceDeployments"]
    answer: dict[str, Any] = found
    return answer


def newest(ecs: Any) -> dict[str, Any]:
    return describe(ecs, listed(ecs)[0]["serviceDeploymentArn"])


def counts(summary: dict[str, Any]) -> tuple[int, int, int]:
    """(requested, running, pending) of a service revision summary."""
    return (
        summary["requestedTaskCount"],
        summary["runningTaskCount"],
        summary["pendingTaskCount"],
    )


def primary_definition(ecs: Any) -> str:
    [service] = ecs.describe_services(cluster=CLUSTER, services=[SERVICE])["services"]
    definition: str = service["taskDefinition"]
    return definition.rpartition("/")[2]
