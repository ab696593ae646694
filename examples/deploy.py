"""A small deployment script of the kind pytest-ecsmock is for.

It grows with the plugin: today it makes sure the cluster exists.
"""

from __future__ import annotations

from typing import Any


def ensure_cluster(ecs: Any, name: str, tags: dict[str, str] | None = None) -> str:
    """Create the cluster if it is missing; return its ARN."""
    found = ecs.describe_clusters(clusters=[name])["clusters"]
    active = [c for c in found if c["status"] == "ACTIVE"]
    if active:
        return str(active[0]["clusterArn"])
    created = ecs.create_cluster(
        clusterName=name, tags=[{"key": k, "value": v} for k, v in (tags or {}).items()]
    )
    return str(created["cluster"]["clusterArn"])


def register_revision(
    ecs: Any,
    family: str,
    image: str,
    *,
    task_role: str,
    execution_role: str,
    cpu: str = "256",
    memory: str = "512",
    port: int = 8080,
) -> dict[str, Any]:
    """Register the next revision of a Fargate service's task definition."""
    response = ecs.register_task_definition(
        family=family,
        taskRoleArn=task_role,
        executionRoleArn=execution_role,
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu=cpu,
        memory=memory,
        containerDefinitions=[
            {
                "name": family,
                "image": image,
                "essential": True,
                "portMappings": [{"containerPort": port, "protocol": "tcp"}],
                "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {
                        "awslogs-group": f"/ecs/{family}",
                        "awslogs-region": ecs.meta.region_name,
                        "awslogs-stream-prefix": family,
                    },
                },
            }
        ],
    )
    definition: dict[str, Any] = response["taskDefinition"]
    return definition
