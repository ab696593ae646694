"""RegisterTargets, DeregisterTargets and DescribeTargetHealth.

ECS's service scheduler calls :meth:`TargetOperations.register_targets` and
:meth:`TargetOperations.deregister_targets` with the dicts of the API
(``{"Id": ..., "Port": ...}``); they are checked as the API checks them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pytest_ecsmock.services.elbv2 import errors
from pytest_ecsmock.services.elbv2.target_descriptions import (
    Described,
    described_targets,
    targets_to_register,
)
from pytest_ecsmock.services.elbv2.target_group_attributes import TargetGroupAttributeOperations
from pytest_ecsmock.services.elbv2.target_groups import TargetGroup
from pytest_ecsmock.services.elbv2.target_health import TargetHealthOperations
from pytest_ecsmock.services.elbv2.targets import DRAINING, Target, not_registered
from pytest_ecsmock.services.elbv2.validation import check_enum

MAX_TARGETS = 1000
MAX_REGISTRATIONS_PER_ID = 100
INCLUDE_OPTIONS = ("AnomalyDetection", "All")


class TargetOperations(TargetHealthOperations, TargetGroupAttributeOperations):
    def register_targets(self, target_group_arn: str, targets: Sequence[dict[str, Any]]) -> None:
        """Register the targets; one registered already stays as it is."""
        target_group = self.target_group(target_group_arn)
        wanted = targets_to_register(target_group, targets, self.network)
        registered = self.targets.get(target_group.arn, {})
        new = [d for d in wanted if _needs_registering(target_group, registered, d)]
        _check_quotas(registered, new)
        now = self.context.clock.now()
        for described in new:
            assert described.port is not None
            replaced = registered.get((described.target_id, described.port))
            if replaced is not None:
                replaced.generation += 1
            target = Target(described.target_id, described.port, described.availability_zone, now)
            self.start_target(target_group, target)

    def deregister_targets(self, target_group_arn: str, targets: Sequence[dict[str, Any]]) -> None:
        """Start draining the targets; one not registered (or draining already) is
        left alone, as AWS does."""
        target_group = self.target_group(target_group_arn)
        wanted = described_targets(target_group, targets)
        delay = self.deregistration_delay(target_group.arn)
        registered = self.targets.get(target_group.arn, {})
        for described in wanted:
            if described.port is None:
                continue
            target = registered.get((described.target_id, described.port))
            if target is not None and target.state != DRAINING:
                self.start_draining(target_group, target, delay)

    def describe_target_health(
        self,
        target_group_arn: str,
        targets: Sequence[dict[str, Any]] | None = None,
        include: Sequence[str] | None = None,
    ) -> list[dict[str, Any]]:
        """TargetHealthDescriptions: of the targets named, or of every target the
        target group has (draining ones included), in registration order."""
        target_group = self.target_group(target_group_arn)
        for option in include or ():
            check_enum(option, INCLUDE_OPTIONS, "include")
        with_anomalies = bool(include)
        registered = self.targets.get(target_group.arn, {})
        if not targets:
            return [
                _description(target_group, target, with_anomalies) for target in registered.values()
            ]
        found: list[dict[str, Any]] = []
        for described in described_targets(target_group, targets):
            target = None
            if described.port is not None:
                target = registered.get((described.target_id, described.port))
            if target is None:
                found.append(_unregistered(target_group, described))
            else:
                found.append(_description(target_group, target, with_anomalies))
        return found


def _needs_registering(
    target_group: TargetGroup, registered: dict[tuple[str, int], Target], described: Described
) -> bool:
    assert described.port is not None
    current = registered.get((described.target_id, described.port))
    if current is None:
        return True
    if current.state != DRAINING:
        return False
    if target_group.target_type == "ip":
        raise errors.InvalidTargetException(
            f"The IP address '{described.target_id}' on port {described.port} is being "
            f"deregistered from target group '{target_group.arn}'; it can be registered "
            "again once its deregistration delay is over"
        )
    return True


def _check_quotas(registered: dict[tuple[str, int], Target], new: list[Described]) -> None:
    keys = {*registered, *((d.target_id, d.port) for d in new)}
    if len(keys) > MAX_TARGETS:
        raise errors.TooManyTargetsException(
            f"You cannot have more than {MAX_TARGETS} targets per target group"
        )
    for target_id in {d.target_id for d in new}:
        if sum(1 for key in keys if key[0] == target_id) > MAX_REGISTRATIONS_PER_ID:
            raise errors.TooManyRegistrationsForTargetIdException(
                f"Target '{target_id}' cannot be registered more than "
                f"{MAX_REGISTRATIONS_PER_ID} times with a target group"
            )


def _health_check_port(target_group: TargetGroup, port: int) -> str | None:
    configured = target_group.health_check.port
    if configured is None:
        return None
    return str(port) if configured == "traffic-port" else configured


def _description(target_group: TargetGroup, target: Target, with_anomalies: bool) -> dict[str, Any]:
    described: dict[str, Any] = {
        "Target": {
            "Id": target.target_id,
            "Port": target.port,
            "AvailabilityZone": target.availability_zone,
        },
        "HealthCheckPort": _health_check_port(target_group, target.port),
        "TargetHealth": target.health(),
    }
    if with_anomalies:
        described["AnomalyDetection"] = {"Result": "normal", "MitigationInEffect": "no"}
    return described


def _unregistered(target_group: TargetGroup, described: Described) -> dict[str, Any]:
    return {
        "Target": {"Id": described.target_id, "Port": described.port},
        "HealthCheckPort": (
            None if described.port is None else _health_check_port(target_group, described.port)
        ),
        "TargetHealth": not_registered(),
    }
