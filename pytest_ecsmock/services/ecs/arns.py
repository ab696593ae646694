"""ECS resource ARNs and IAM role references."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.ecs import errors

ECS_ARN = re.compile(
    r"^arn:(?P<partition>aws|aws-cn|aws-us-gov):ecs:(?P<region>[a-z0-9-]+):"
    r"(?P<account>\d{12}):(?P<type>[a-z-]+)/(?P<resource>.+)\Z"
)
ROLE_NAME = r"[\w+=,.@-]{1,64}"
ROLE_ARN = re.compile(
    r"^arn:(?P<partition>aws|aws-cn|aws-us-gov):iam::(?P<account>\d{12}):"
    rf"role/(?P<path>(?:[\x21-\x7e]+/)*)(?P<name>{ROLE_NAME})\Z"
)
SHORT_ROLE = re.compile(rf"^{ROLE_NAME}\Z")


@dataclass(frozen=True)
class EcsArn:
    partition: str
    region: str
    account: str
    resource_type: str
    resource: str


def parse_ecs_arn(text: str) -> EcsArn | None:
    found = ECS_ARN.match(text)
    if found is None:
        return None
    return EcsArn(
        found["partition"], found["region"], found["account"], found["type"], found["resource"]
    )


def own_resource(reference: str, resource_type: str, context: BackendContext) -> str | None:
    """The resource part of ``reference`` if it is an ECS ARN of ``resource_type`` in
    this partition, region and account; a reference that is not an ARN is returned as it
    is (a name or an id); an ARN of another type or place gives None."""
    if not reference.startswith("arn:"):
        return reference
    arn = parse_ecs_arn(reference)
    if (
        arn is None
        or arn.resource_type != resource_type
        or (arn.partition, arn.region, arn.account)
        != (context.partition, context.region, context.account_id)
    ):
        return None
    return arn.resource


def resolve_role(reference: str, *, partition: str, account: str) -> str:
    """The role ARN ECS stores for ``taskRoleArn``/``executionRoleArn``.

    ECS takes a role name (and fills in the account) or a full role ARN. A role ARN
    of another partition or account is refused: a task assumes a role of its own
    account, which may in turn assume a role elsewhere.
    """
    if SHORT_ROLE.match(reference):
        return f"arn:{partition}:iam::{account}:role/{reference}"
    found = ROLE_ARN.match(reference)
    if found is None or found["partition"] != partition or found["account"] != account:
        raise errors.ClientException("Role is not valid")
    return reference
