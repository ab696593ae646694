"""Container health checks (a container definition's ``healthCheck``) on the simulated
clock, by Docker's rules, which ECS reports:

* check ``n`` runs ``n * interval`` seconds after the task started (the command answers
  at once, so ``timeout`` never comes into play);
* a passing check makes the container HEALTHY and clears the run of failures;
* ``retries`` failures in a row make it UNHEALTHY; while the container has never been
  healthy, failures of checks inside ``startPeriod`` are not counted.

Whether a check passes is read from the image's behaviour when the check runs, so a
running container follows a change at its next check. Checks are scheduled only while
the result can still change (``clock.settle()`` ends): a HEALTHY container of an image
that passes, or an UNHEALTHY one of an image that fails, is checked again only after
the test changes the image's behaviour (:func:`resume`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.tasks.model import Task, TaskContainer
    from pytest_ecsmock.services.ecs.tasks.store import TaskStore

HEALTHY, UNHEALTHY, UNKNOWN = "HEALTHY", "UNHEALTHY", "UNKNOWN"
#: ECS's defaults for a healthCheck's members
DEFAULT_INTERVAL = 30
DEFAULT_RETRIES = 3
DEFAULT_START_PERIOD = 0


@dataclass
class HealthChecks:
    """The health check of one container and how far it has got."""

    interval: int
    retries: int
    start_period: int
    #: the number of the last check that ran
    last: int = 0
    failures_in_a_row: int = 0
    scheduled: bool = False

    @classmethod
    def of(cls, health_check: dict[str, Any]) -> HealthChecks:
        return cls(
            interval=health_check.get("interval", DEFAULT_INTERVAL),
            retries=health_check.get("retries", DEFAULT_RETRIES),
            start_period=health_check.get("startPeriod", DEFAULT_START_PERIOD),
        )


def task_health(task: Task) -> str:
    """ECS's rule: UNHEALTHY if any essential container is, else UNKNOWN if any essential
    container is (one without a health check always is), else HEALTHY."""
    statuses = {container.health_status for container in task.containers if container.essential}
    if UNHEALTHY in statuses:
        return UNHEALTHY
    if UNKNOWN in statuses or not statuses:
        return UNKNOWN
    return HEALTHY


def begin(store: TaskStore, task: Task) -> None:
    """The task is RUNNING: its containers with a health check start being checked."""
    for container in task.containers:
        spec = task.definition.container(container.name)
        if spec is None or "healthCheck" not in spec.definition:
            continue
        if container.last_status == "RUNNING":
            container.health_checks = HealthChecks.of(spec.definition["healthCheck"])
            _schedule(store, task, container, container.health_checks)


def resume(store: TaskStore) -> None:
    """Images changed behaviour: check again the running containers whose result can
    change now."""
    for task in list(store.tasks.values()):
        for container in task.containers:
            checks = container.health_checks
            if checks is None or checks.scheduled or container.last_status != "RUNNING":
                continue
            if _can_change(store, container):
                _schedule(store, task, container, checks)


def _can_change(store: TaskStore, container: TaskContainer) -> bool:
    passes = store.images.of(container.image).passes_health_checks
    return container.health_status != (HEALTHY if passes else UNHEALTHY)


def _schedule(store: TaskStore, task: Task, container: TaskContainer, checks: HealthChecks) -> None:
    """Schedule the next check on the interval grid (the number of checks, not the
    clock, counts with lifecycle="instant", where the clock does not move)."""
    clock = store.context.clock
    elapsed = (clock.now() - task.times["startedAt"]).total_seconds()
    number = max(checks.last + 1, int(elapsed // checks.interval) + 1)
    checks.scheduled = True
    delay = number * checks.interval - elapsed
    clock.after(delay, lambda: _check(store, task, container, checks, number))


def _check(
    store: TaskStore, task: Task, container: TaskContainer, checks: HealthChecks, number: int
) -> None:
    checks.scheduled = False
    if container.last_status != "RUNNING":
        return  # exited or stopped: no more checks
    checks.last = number
    passes = store.images.of(container.image).passes_health_checks
    status = _result(checks, container.health_status, passes, number)
    if status != container.health_status:
        task_before = task_health(task)
        container.health_status = status
        task.version += 1
        if task_health(task) != task_before:
            store.status_changed(task)
    if _can_change(store, container):
        _schedule(store, task, container, checks)


def _result(checks: HealthChecks, status: str, passes: bool, number: int) -> str:
    if passes:
        checks.failures_in_a_row = 0
        return HEALTHY
    if status == UNKNOWN and number * checks.interval < checks.start_period:
        return UNKNOWN  # starting: this failure does not count
    checks.failures_in_a_row += 1
    return UNHEALTHY if checks.failures_in_a_row >= checks.retries else status
