"""What the ECS tests share (a uniquely named module: test directories are not packages)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
REGION = "us-east-1"
FARGATE = {
    "networkMode": "awsvpc",
    "requiresCompatibilities": ["FARGATE"],
    "cpu": "256",
    "memory": "512",
}
ECR_IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/app:1"
EXECUTION_ROLE = f"arn:aws:iam::{ACCOUNT}:role/ecsTaskExecutionRole"


def cluster_arn(name: str) -> str:
    return f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{name}"


def task_definition_arn(family: str, revision: int) -> str:
    return f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{family}:{revision}"


@contextmanager
def raises_aws(code: str, message: str, status: int = 400) -> Iterator[None]:
    """Expect the AWS error ``code`` with exactly ``message``."""
    with pytest.raises(ClientError) as caught:
        yield
    response = caught.value.response
    assert (response["Error"]["Code"], response["Error"]["Message"]) == (code, message)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status


def container(name: str = "app", **settings: Any) -> dict[str, Any]:
    """A valid container definition; keywords override or add settings (None removes)."""
    definition = {"name": name, "image": "nginx:1.27", "memory": 512, **settings}
    return {key: value for key, value in definition.items() if value is not None}


def register(ecs: Any, family: str = "web", **request: Any) -> dict[str, Any]:
    """Register a task definition (one container unless given) and return it."""
    request.setdefault("containerDefinitions", [container()])
    answer: dict[str, Any] = ecs.register_task_definition(family=family, **request)
    return answer["taskDefinition"]


def fargate(family: str = "web", **request: Any) -> dict[str, Any]:
    """Keyword arguments of a valid Fargate registration; keywords override."""
    return {
        "family": family,
        "containerDefinitions": [{"name": "app", "image": "nginx:1.27"}],
        **FARGATE,
        **request,
    }
