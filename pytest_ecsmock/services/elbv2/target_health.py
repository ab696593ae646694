"""Simulated health of registered targets, moved by the simulated clock.

A target of a target group that a load balancer uses is ``initial``
(``Elb.RegistrationInProgress``) and is checked every ``HealthCheckIntervalSeconds``
from its registration (or from its target group coming into use). A new target
becomes ``healthy`` on its first passing check; until then each failure makes it
``Elb.InitialHealthChecking``, and ``UnhealthyThresholdCount`` failures in a row make
it ``unhealthy``. A healthy target turns unhealthy after ``UnhealthyThresholdCount``
failures in a row, an unhealthy one healthy after ``HealthyThresholdCount`` passes.

Checks run only while their answer can change the state: a healthy target that
passes, or an unhealthy one that fails, is not checked again until something may
change the answer (:meth:`TargetHealthOperations.recheck`, ``fail_health_checks``,
``pass_health_checks``). A check on the clock moves to the new grid when
ModifyTargetGroup changes the health check settings. A state is only entered on an
answer that keeps it, so a run of checks ends within a threshold's worth of checks,
whatever the checkers answer, and ``clock.settle()`` ends. Each check is a lifecycle
step (``clock.after``): with ``lifecycle="instant"`` they all happen at once.

The targets of a target group that no load balancer uses are ``unused``
(``Target.NotInUse``) and are not checked.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TypeGuard

from pytest_ecsmock.errors import DOCS, EcsmockUsageError
from pytest_ecsmock.services.elbv2.store import Store
from pytest_ecsmock.services.elbv2.target_groups import TargetGroup
from pytest_ecsmock.services.elbv2.targets import (
    DRAINING,
    FAILURE_REASONS,
    HEALTHY,
    INITIAL,
    PASS,
    UNHEALTHY,
    UNUSED,
    CheckResult,
    Target,
    describe_reason,
)

SEE_DOCS = f"see {DOCS}/services/elbv2.md#simulated-health"


class TargetHealthOperations(Store):
    # ------------------------------------------------------------------ for other backends

    def target_state(self, target_group_arn: str, target_id: str, port: int) -> str | None:
        """The ``TargetHealth.State`` of the target; None when it is not registered
        (any more), or its target group is gone."""
        target = self.targets.get(target_group_arn, {}).get((target_id, port))
        return None if target is None else target.state

    def recheck(self, target_group_arn: str, target_id: str, port: int) -> None:
        """A checker's answer for this target may have changed: resume its checks on
        its interval grid. A target not registered (any more) is left alone."""
        target_group = self.target_groups.get(target_group_arn)
        target = self.targets.get(target_group_arn, {}).get((target_id, port))
        if target_group is not None and target is not None:
            self._resume_health_checks(target_group, target)

    def health_check_changed(self, target_group: TargetGroup) -> None:
        """ModifyTargetGroup changed the health check settings: the checks already on
        the clock move to the new interval grid (counted from the same start), and the
        thresholds count from the next check. Targets not being checked (settled,
        ``unused``, ``draining``) are left alone."""
        for target in list(self.targets.get(target_group.arn, {}).values()):
            if target.check_scheduled:
                target.generation += 1  # cancels the check queued on the old grid
                target.check_scheduled = False
                self._resume_health_checks(target_group, target)

    def fail_health_checks(
        self,
        target_group_arn: str,
        target_id: str,
        port: int | None = None,
        *,
        reason: str = "Target.FailedHealthChecks",
        response_code: int = 503,
    ) -> None:
        """From now on the health checks of the target (on ``port``, or on every port)
        fail with ``reason``: ``Target.FailedHealthChecks``, ``Target.Timeout`` or
        ``Target.ResponseCodeMismatch`` (described with ``response_code``). This
        comes before the checkers of ``target_hooks``."""
        _check_forced("fail_health_checks", target_group_arn, target_id, port)
        _check_failure(reason, response_code)
        result = CheckResult(False, reason, describe_reason(reason, response_code))
        self._force_health_checks(target_group_arn, target_id, port, result)

    def pass_health_checks(
        self, target_group_arn: str, target_id: str, port: int | None = None
    ) -> None:
        """From now on the health checks of the target (on ``port``, or on every port)
        pass, whatever the checkers of ``target_hooks`` say."""
        _check_forced("pass_health_checks", target_group_arn, target_id, port)
        self._force_health_checks(target_group_arn, target_id, port, PASS)

    def _force_health_checks(
        self, target_group_arn: str, target_id: str, port: int | None, result: CheckResult
    ) -> None:
        target_group = self.target_group(target_group_arn)
        forced = self.forced_health_checks
        if port is None:  # one answer for every port replaces those given per port
            for key in [k for k in forced if k[:2] == (target_group.arn, target_id)]:
                del forced[key]
        forced[(target_group.arn, target_id, port)] = result
        for target in list(self.targets.get(target_group.arn, {}).values()):
            if target.target_id == target_id and port in (None, target.port):
                self._resume_health_checks(target_group, target)

    # ------------------------------------------------------------------ lifecycle

    def start_target(self, target_group: TargetGroup, target: Target) -> None:
        """A target just registered: checked if its target group is in use."""
        self.targets.setdefault(target_group.arn, {})[target.key] = target
        if self.target_group_in_use(target_group):
            self._announce_target(target_group, target)
            self._resume_health_checks(target_group, target)
        else:
            target.set_health(UNUSED, "Target.NotInUse")
            self._announce_target(target_group, target)

    def start_draining(self, target_group: TargetGroup, target: Target, delay: int) -> None:
        """A target just deregistered: it drains for ``delay`` seconds, then is gone."""
        target.generation += 1
        target.check_scheduled = False
        if target.set_health(DRAINING, "Target.DeregistrationInProgress"):
            self._announce_target(target_group, target)
        if delay == 0:
            self._forget_target(target_group, target)
            return
        generation = target.generation

        def drained() -> None:
            self._drained_target(target_group, target, generation)

        self.context.clock.after(delay, drained)

    def _drained_target(self, target_group: TargetGroup, target: Target, generation: int) -> None:
        if target.generation == generation and self._is_registered(target_group, target):
            self._forget_target(target_group, target)

    def _forget_target(self, target_group: TargetGroup, target: Target) -> None:
        del self.targets[target_group.arn][target.key]
        self._announce_target(target_group, target, gone=True)

    def target_group_use_changed(self) -> None:
        super().target_group_use_changed()
        for arn, targets in list(self.targets.items()):
            target_group = self.target_groups.get(arn)
            if target_group is None:
                continue
            in_use = self.target_group_in_use(target_group)
            for target in list(targets.values()):
                if in_use and target.state == UNUSED:
                    target.checks_from = self.context.clock.now()
                    target.passes = target.failures = 0
                    target.set_health(INITIAL, "Elb.RegistrationInProgress")
                    self._announce_target(target_group, target)
                    self._resume_health_checks(target_group, target)
                elif not in_use and target.state in (INITIAL, HEALTHY, UNHEALTHY):
                    target.generation += 1
                    target.check_scheduled = False
                    target.set_health(UNUSED, "Target.NotInUse")
                    self._announce_target(target_group, target)

    def target_group_deleted(self, target_group: TargetGroup) -> None:
        super().target_group_deleted(target_group)
        for key in [k for k in self.forced_health_checks if k[0] == target_group.arn]:
            del self.forced_health_checks[key]
        for target in list(self.targets.pop(target_group.arn, {}).values()):
            target.generation += 1
            self._announce_target(target_group, target, gone=True)

    # ------------------------------------------------------------------ checks

    def _resume_health_checks(self, target_group: TargetGroup, target: Target) -> None:
        """Schedule the target's next check at the next point of its interval grid,
        unless one is scheduled already or the target is not being checked."""
        if target.check_scheduled or target.state in (UNUSED, DRAINING):
            return
        clock = self.context.clock
        now = clock.now()
        interval = timedelta(seconds=target_group.health_check.interval)
        due = target.checks_from + ((now - target.checks_from) // interval + 1) * interval
        target.check_scheduled = True
        generation = target.generation

        def check() -> None:
            self._run_health_check(target_group, target, generation)

        clock.after(due - now, check)

    def _run_health_check(self, target_group: TargetGroup, target: Target, generation: int) -> None:
        if target.generation != generation or not self._is_registered(target_group, target):
            return
        target.check_scheduled = False
        result = self._health_check_result(target_group, target)
        changed = self._count_health_check(target_group, target, result)
        settled = (target.state == HEALTHY and result.passing) or (
            target.state == UNHEALTHY and not result.passing
        )
        if changed:
            self._announce_target(target_group, target)
        if not settled:
            self._resume_health_checks(target_group, target)

    def _health_check_result(self, target_group: TargetGroup, target: Target) -> CheckResult:
        forced = self.forced_health_checks
        found = forced.get((target_group.arn, target.target_id, target.port)) or forced.get(
            (target_group.arn, target.target_id, None)
        )
        if found is not None:
            return found
        for checker in self.target_hooks.checkers:
            answer = checker(target_group.arn, target.target_id, target.port)
            if answer is not None:
                return PASS if answer else CheckResult(False)
        return PASS

    @staticmethod
    def _count_health_check(target_group: TargetGroup, target: Target, result: CheckResult) -> bool:
        """Count the check; True when the target's state changed."""
        checks = target_group.health_check
        if result.passing:
            target.passes, target.failures = target.passes + 1, 0
            if target.state == INITIAL or (
                target.state == UNHEALTHY and target.passes >= checks.healthy_threshold
            ):
                return target.set_health(HEALTHY, None)
            return False
        target.passes, target.failures = 0, target.failures + 1
        if target.state == UNHEALTHY or target.failures >= checks.unhealthy_threshold:
            return target.set_health(UNHEALTHY, result.reason, result.description)
        if target.state == INITIAL:
            target.set_health(INITIAL, "Elb.InitialHealthChecking")
        return False

    # ------------------------------------------------------------------ helpers

    def _is_registered(self, target_group: TargetGroup, target: Target) -> bool:
        """Whether ``target`` is still the one registered under its key."""
        return self.targets.get(target_group.arn, {}).get(target.key) is target

    def _announce_target(
        self, target_group: TargetGroup, target: Target, *, gone: bool = False
    ) -> None:
        state = None if gone else target.state
        for notify in list(self.target_hooks.health_changed):
            notify(target_group.arn, target.target_id, target.port, state)


# ---------------------------------------------------------------------- test API checks


def _check_forced(method: str, target_group_arn: object, target_id: object, port: object) -> None:
    """The arguments of ``fail_health_checks``/``pass_health_checks``, types included: a
    port given as "8080" would be kept and never match a target."""
    if not isinstance(target_group_arn, str):
        raise _usage(
            method, f"target_group_arn must be a target group ARN, not {target_group_arn!r}"
        )
    if not isinstance(target_id, str) or not target_id:
        raise _usage(method, f"target_id must be the Id of a target (a str), not {target_id!r}")
    if port is not None and (not _is_int(port) or not 1 <= port <= 65535):
        raise _usage(
            method, f"port must be None (every port) or an int from 1 to 65535, not {port!r}"
        )


def _check_failure(reason: object, response_code: object) -> None:
    if reason not in FAILURE_REASONS:
        raise _usage(
            "fail_health_checks",
            f"reason must be one of {', '.join(FAILURE_REASONS)}, not {reason!r}",
        )
    if not _is_int(response_code) or not 100 <= response_code <= 599:
        raise _usage(
            "fail_health_checks",
            f"response_code must be an HTTP status code (an int from 100 to 599), "
            f"not {response_code!r}",
        )


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _usage(method: str, problem: str) -> EcsmockUsageError:
    return EcsmockUsageError(f"{method}: {problem} ({SEE_DOCS}).")
