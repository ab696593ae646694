"""Tags of load balancers, target groups, listeners and listener rules."""

from __future__ import annotations

from collections.abc import Sequence

from pytest_ecsmock.services.elbv2 import errors
from pytest_ecsmock.services.elbv2.listeners import Listener
from pytest_ecsmock.services.elbv2.load_balancers import LoadBalancer
from pytest_ecsmock.services.elbv2.rules import Rule
from pytest_ecsmock.services.elbv2.store import Store
from pytest_ecsmock.services.elbv2.target_groups import TargetGroup
from pytest_ecsmock.services.elbv2.validation import (
    MAX_TAGS,
    arn_kind,
    too_many_tags,
    validation_error,
)

Taggable = LoadBalancer | TargetGroup | Listener | Rule
MAX_DESCRIBED = 20


class TagOperations(Store):
    def add_tags(self, arns: Sequence[str], tags: dict[str, str]) -> None:
        if len(arns) != 1:
            raise validation_error("Only one resource can be tagged at a time")
        resource = self.taggable(arns[0])
        merged = {**resource.tags, **tags}
        if len(merged) > MAX_TAGS:
            raise too_many_tags()
        resource.tags = merged

    def remove_tags(self, arns: Sequence[str], keys: Sequence[str]) -> None:
        resources = [self.taggable(arn) for arn in arns]
        for resource in resources:
            resource.tags = {k: v for k, v in resource.tags.items() if k not in keys}

    def describe_tags(self, arns: Sequence[str]) -> list[tuple[str, dict[str, str]]]:
        if len(arns) > MAX_DESCRIBED:
            raise validation_error(
                f"1 validation error detected: Value '{list(arns)}' at 'resourceArns' failed "
                f"to satisfy constraint: Member must have length less than or equal to "
                f"{MAX_DESCRIBED}"
            )
        return [(arn, dict(self.taggable(arn).tags)) for arn in arns]

    def taggable(self, arn: str) -> Taggable:
        kind = arn_kind(arn, self.context.region, self.context.account_id)
        if kind == "load balancer":
            return self.load_balancer(arn)
        if kind == "target group":
            return self.target_group(arn)
        if kind == "listener":
            return self.listener(arn)
        if kind == "listener rule":
            return self.rule(arn)
        if kind == "trust store":
            raise errors.TrustStoreNotFoundException("One or more trust stores not found")
        raise validation_error(f"'{arn}' is not a valid resource ARN")
