"""The load balancer targets of service tasks, and whether a task counts as healthy.

A task is registered in each target group of its deployment when it reaches RUNNING
and deregistered when the scheduler stops it; the task stops once every target has
drained (ELBv2 reports the end of the draining with a ``None`` state).

A task counts as healthy when it is RUNNING and not being stopped, every target it
has is ``healthy``, its container health checks (if any) say HEALTHY, and, with
neither, once it has been RUNNING for 40 seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.errors import ServiceError
from pytest_ecsmock.services.ecs.ecs_services import load_balancing

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.backend import EcsBackend
    from pytest_ecsmock.services.ecs.ecs_services.model import Deployment
    from pytest_ecsmock.services.ecs.tasks import Task
    from pytest_ecsmock.services.elbv2.backend import Elbv2Backend

#: seconds RUNNING after which a task without load balancer or health checks is healthy
HEALTHY_AFTER_SECONDS = 40.0
TargetKey = tuple[str, str, int]


class ServiceTargets:
    def __init__(self, ecs: EcsBackend, on_change: Callable[[Task], None]) -> None:
        self.ecs = ecs
        #: called with the task whose target changed state (or finished draining)
        self.on_change = on_change
        #: task ARN -> its targets ``(target group ARN, target)``
        self.of_task: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self.owner: dict[TargetKey, Task] = {}
        self._hooked = False

    def _elbv2(self) -> Elbv2Backend:
        balancing = load_balancing.elbv2(self.ecs)
        if not self._hooked:
            balancing.target_hooks.health_changed.append(self._health_changed)
            balancing.target_hooks.checkers.append(self._check)
            self._hooked = True
        return balancing

    # ------------------------------------------------------------------ registration

    def register(self, task: Task, deployment: Deployment) -> tuple[list[str], list[str]]:
        """Register the RUNNING ``task`` in its deployment's target groups. Returns the
        groups it joined and the service events of the registrations that failed (a
        target group deleted since the service was created, ...)."""
        links = deployment.revision.load_balancers
        if not links or task.arn in self.of_task:
            return [], []
        balancing = self._elbv2()
        joined: list[str] = []
        failed: list[str] = []
        targets = []
        for link in links:
            target = load_balancing.target_of(task, link)
            if target is None:
                continue
            try:
                balancing.register_targets(link.target_group_arn, [target])
            except ServiceError as problem:
                failed.append(
                    f"failed to register targets in (target-group {link.target_group_arn}) "
                    f"with (error {problem.message})"
                )
                continue
            targets.append((link.target_group_arn, target))
            self.owner[(link.target_group_arn, target["Id"], target["Port"])] = task
            joined.append(link.target_group_arn)
        self.of_task[task.arn] = targets
        return joined, failed

    def deregister(self, task: Task) -> list[str]:
        """Start draining the task's targets; returns the target groups concerned."""
        targets = self.of_task.get(task.arn, [])
        balancing = self._elbv2() if targets else None
        groups = []
        for group_arn, target in targets:
            assert balancing is not None
            if balancing.target_state(group_arn, target["Id"], target["Port"]) is not None:
                balancing.deregister_targets(group_arn, [target])
                groups.append(group_arn)
        return groups

    def draining(self, task: Task) -> bool:
        """Whether a target of the task is still registered (draining)."""
        targets = self.of_task.get(task.arn, [])
        if not targets:
            return False
        balancing = self._elbv2()
        return any(
            balancing.target_state(arn, target["Id"], target["Port"]) is not None
            for arn, target in targets
        )

    def forget(self, task: Task) -> None:
        for group_arn, target in self.of_task.pop(task.arn, []):
            self.owner.pop((group_arn, target["Id"], target["Port"]), None)

    def _health_changed(self, group_arn: str, target_id: str, port: int, state: str | None) -> None:
        task = self.owner.get((group_arn, target_id, port))
        if task is not None:
            self.on_change(task)

    def _check(self, group_arn: str, target_id: str, port: int) -> bool | None:
        task = self.owner.get((group_arn, target_id, port))
        if task is None:
            return None
        if task.last_status != "RUNNING" or task_health(task) == "UNHEALTHY":
            return False
        images = self.ecs.tasks.images
        if not all(images.of(c.image).passes_health_checks for c in task.containers):
            return False
        return None

    def recheck(self, task: Task) -> None:
        """The task changed: its targets' checks may answer differently now."""
        targets = self.of_task.get(task.arn, [])
        if targets:
            balancing = self._elbv2()
            for group_arn, target in targets:
                if balancing.target_state(group_arn, target["Id"], target["Port"]) is not None:
                    balancing.recheck(group_arn, target["Id"], target["Port"])

    def recheck_all(self) -> None:
        for task in {id(task): task for task in self.owner.values()}.values():
            self.recheck(task)

    # ------------------------------------------------------------------ health

    def target_states(self, task: Task) -> list[tuple[str, str | None]]:
        targets = self.of_task.get(task.arn, [])
        if not targets:
            return []
        balancing = self._elbv2()
        return [
            (arn, balancing.target_state(arn, target["Id"], target["Port"]))
            for arn, target in targets
        ]

    def healthy(self, task: Task, deployment: Deployment) -> bool:
        if task.last_status != "RUNNING" or task.desired_status != "RUNNING":
            return False
        checked = False
        if deployment.revision.load_balancers:
            states = self.target_states(task)
            if not states or any(state != "healthy" for _, state in states):
                return False
            checked = True
        if has_health_checks(task):
            if task_health(task) != "HEALTHY":
                return False
            checked = True
        if checked:
            return True
        started = task.times.get("startedAt")
        clock = self.ecs.context.clock
        if clock.instant:
            return started is not None
        now = clock.now()
        return started is not None and now - started >= timedelta(seconds=HEALTHY_AFTER_SECONDS)

    def failing(self, task: Task) -> tuple[str, str] | None:
        """Why the RUNNING task must be replaced (a failed health check): its
        ``stoppedReason`` and the service event, or None."""
        if task.last_status != "RUNNING" or task.desired_status != "RUNNING":
            return None
        for group_arn, target in self.of_task.get(task.arn, []):
            if self._elbv2().target_state(group_arn, target["Id"], target["Port"]) == "unhealthy":
                who = (
                    f"(instance {target['Id']})"
                    if task.interface is None
                    else (f"(task {task.task_id})")
                )
                return (
                    f"Task failed ELB health checks in (target-group {group_arn})",
                    f"{who} (port {target['Port']}) is unhealthy in (target-group {group_arn}) "
                    "due to (reason Health checks failed).",
                )
        if task_health(task) == "UNHEALTHY":
            return (
                "Task failed container health checks",
                f"(task {task.task_id}) failed container health checks.",
            )
        return None


def task_health(task: Task) -> str:
    return str(getattr(task, "health_status", "UNKNOWN"))


def has_health_checks(task: Task) -> bool:
    return any(
        "healthCheck" in spec.definition and spec.essential for spec in task.definition.containers
    )
