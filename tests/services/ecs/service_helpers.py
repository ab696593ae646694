"""What the ECS service tests share (a uniquely named module)."""

from __future__ import annotations

from typing import Any

from ecs_helpers import ACCOUNT, REGION, container, register


def service_arn(name: str, cluster: str = "default") -> str:
    return f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/{cluster}/{name}"


def web_definition(
    ecs: Any, family: str = "web", image: str = "nginx:1.27", **settings: Any
) -> str:
    """Register a bridge-mode web server (port 80 on a dynamic host port); its ARN."""
    settings = {"image": image, "memory": 256, **settings}
    settings.setdefault("portMappings", [{"containerPort": 80, "hostPort": 0}])
    definition = register(ecs, family, containerDefinitions=[container(**settings)])
    return str(definition["taskDefinitionArn"])


def describe(ecs: Any, name: str = "web", cluster: str = "default") -> dict[str, Any]:
    [found] = ecs.describe_services(cluster=cluster, services=[name])["services"]
    return dict(found)


def service_tasks(
    ecs: Any, name: str = "web", cluster: str = "default", **filters: Any
) -> list[dict[str, Any]]:
    arns = ecs.list_tasks(cluster=cluster, serviceName=name, **filters)["taskArns"]
    if not arns:
        return []
    return list(ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"])


def messages(service: dict[str, Any]) -> list[str]:
    """The service's event messages, oldest first."""
    return [event["message"] for event in reversed(service["events"])]
