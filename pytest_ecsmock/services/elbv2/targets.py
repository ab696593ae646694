"""What a registered target is, and how other code takes part in its health.

A target is an ``(Id, Port)`` pair of a target group: the same instance may be
registered on several ports (ECS's dynamic host ports do this). Its health is kept in
the store (``Store.targets``) and moved by the simulated clock
(:mod:`~pytest_ecsmock.services.elbv2.target_health`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

#: (target id, port)
TargetKey = tuple[str, int]

INITIAL, HEALTHY, UNHEALTHY = "initial", "healthy", "unhealthy"
UNUSED, DRAINING = "unused", "draining"

#: TargetHealth reason -> its description
DESCRIPTIONS = {
    "Elb.RegistrationInProgress": "Target registration is in progress",
    "Elb.InitialHealthChecking": "Initial health checks in progress",
    "Target.FailedHealthChecks": "Health checks failed",
    "Target.Timeout": "Request timed out",
    "Target.ResponseCodeMismatch": "Health checks failed with these codes: [{code}]",
    "Target.NotRegistered": "Target is not registered to the target group",
    "Target.NotInUse": "Target group is not configured to receive traffic from the load balancer",
    "Target.DeregistrationInProgress": "Target deregistration is in progress",
}
#: the reasons a failing health check can give
FAILURE_REASONS = ("Target.FailedHealthChecks", "Target.Timeout", "Target.ResponseCodeMismatch")


def describe_reason(reason: str, response_code: int | None = None) -> str:
    return DESCRIPTIONS[reason].format(code=response_code)


@dataclass(frozen=True)
class CheckResult:
    """What one health check of a target answered."""

    passing: bool
    reason: str = "Target.FailedHealthChecks"
    description: str = DESCRIPTIONS["Target.FailedHealthChecks"]


PASS = CheckResult(True)


@dataclass
class Target:
    target_id: str
    port: int
    #: the zone of an ``ip`` target (detected from its subnet, or given); None otherwise
    availability_zone: str | None
    #: when its health checks began: they come every interval from then on
    checks_from: datetime
    state: str = INITIAL
    reason: str | None = "Elb.RegistrationInProgress"
    description: str | None = DESCRIPTIONS["Elb.RegistrationInProgress"]
    #: consecutive passing and failing checks
    passes: int = 0
    failures: int = 0
    #: a check or the end of draining is on the clock for this generation; bumping it
    #: cancels what was scheduled before
    generation: int = 0
    check_scheduled: bool = False

    @property
    def key(self) -> TargetKey:
        return (self.target_id, self.port)

    def set_health(self, state: str, reason: str | None, description: str | None = None) -> bool:
        """Set the health; True when the state (not only the reason) changed."""
        changed = state != self.state
        self.state = state
        self.reason = reason
        if reason is None:
            self.description = None
        else:
            self.description = description or describe_reason(reason)
        return changed

    def health(self) -> dict[str, Any]:
        return {"State": self.state, "Reason": self.reason, "Description": self.description}


def not_registered() -> dict[str, Any]:
    """The TargetHealth of a target the target group does not have."""
    return {
        "State": UNUSED,
        "Reason": "Target.NotRegistered",
        "Description": DESCRIPTIONS["Target.NotRegistered"],
    }


@dataclass
class TargetHooks:
    """How other backends (ECS's service scheduler) take part in target health.

    ``health_changed`` functions are called after every change of a target's state
    with ``(target_group_arn, target_id, port, new_state)``; ``new_state`` is None when
    a target leaves the target group (drained, or its target group deleted).

    ``checkers`` are consulted, in order, at every health check with
    ``(target_group_arn, target_id, port)``: the first that does not answer None
    decides (True: the check passes, False: it fails with ``Target.FailedHealthChecks``).
    When none answers, the check passes. A checker whose answer may have changed calls
    ``Elbv2Backend.recheck``.
    """

    health_changed: list[Callable[[str, str, int, str | None], None]] = field(default_factory=list)
    checkers: list[Callable[[str, str, int], bool | None]] = field(default_factory=list)
