"""Values the IAM tests share (a uniquely named module: test directories are not packages)."""

from __future__ import annotations

import json
from typing import Any

ACCOUNT = "123456789012"
REGION = "us-east-1"
ECS_TASKS = "ecs-tasks.amazonaws.com"
EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def role_arn(name: str, path: str = "/") -> str:
    return f"arn:aws:iam::{ACCOUNT}:role{path}{name}"


def statement(
    principal: Any = None, action: Any = "sts:AssumeRole", effect: str = "Allow", **more: Any
) -> dict[str, Any]:
    found = {"Effect": effect, "Principal": principal or {"Service": ECS_TASKS}, "Action": action}
    return {**found, **more}


def trust_document(*statements: dict[str, Any], version: str = "2012-10-17") -> dict[str, Any]:
    return {"Version": version, "Statement": list(statements) or [statement()]}


def trust_policy(*statements: dict[str, Any], **kwargs: Any) -> str:
    return json.dumps(trust_document(*statements, **kwargs))


ECS_TRUST = trust_policy()

READ_BUCKET = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"}
        ],
    }
)
