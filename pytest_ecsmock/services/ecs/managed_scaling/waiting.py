"""Tasks that wait, PROVISIONING, for their capacity provider to have room.

RunTask (or the service scheduler) made them with the provider's managed scaling
ENABLED and no instance of the group could take them. Each keeps what placing it
needs (the maker of the call, its network, constraints and strategies): when an
instance joins or frees resources, it is placed as RunTask would have placed it, and
starts (PROVISIONING -> PENDING -> RUNNING, as :mod:`.tasks.lifecycle` says). One still
waiting after :data:`PROVISIONING_TIMEOUT_SECONDS` stops with ``TaskFailedToStart``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pytest_ecsmock.services.ecs import placement
from pytest_ecsmock.services.ecs.managed_scaling.estimate import Demand
from pytest_ecsmock.services.ecs.placement.constraints import DistinctInstance
from pytest_ecsmock.services.ecs.tasks import lifecycle

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.container_instances import ContainerInstance
    from pytest_ecsmock.services.ecs.tasks import Task
    from pytest_ecsmock.services.ecs.tasks.fargate import AwsvpcConfiguration
    from pytest_ecsmock.services.ecs.tasks.run import Made

#: seconds a task waits for capacity (AWS: "between 10 and 30 minutes")
PROVISIONING_TIMEOUT_SECONDS = 1800.0
#: the stop reason of a task whose provider had no instance for it
EMPTY_PROVIDER = "TaskFailedToStart: EMPTY CAPACITY PROVIDER"
FAILED_TO_START = "TaskFailedToStart"


@dataclass(eq=False)
class Waiting:
    """How to place the tasks of one RunTask call (or scheduler launch) for a provider."""

    made: Made
    network: AwsvpcConfiguration | None
    constraints: tuple[placement.PlacementConstraint, ...]
    strategies: tuple[placement.PlacementStrategy, ...]
    provider: str
    tasks: list[Task] = field(default_factory=list)

    @property
    def demand(self) -> Demand:
        """What one of its tasks needs of a new instance."""
        distinct = any(isinstance(c, DistinctInstance) for c in self.constraints)
        return Demand(self.made.requirement(self.network), self.made.group if distinct else None)

    def still_waiting(self) -> list[Task]:
        """Its tasks not placed, nor asked to stop."""
        return [task for task in self.tasks if is_waiting(task)]

    def make(self, architecture: str) -> Task:
        """A new waiting task: PROVISIONING, on no instance."""
        task = self.made.new_task("EC2", self.provider, "", architecture)
        task.last_status = "PROVISIONING"
        self.made.ecs.tasks.add(task)
        self.tasks.append(task)
        return task

    def try_place(self, task: Task, instances: Sequence[ContainerInstance]) -> bool:
        """Place ``task`` on one of ``instances`` (the group's, in its cluster) if one
        has room, and start it; False when none has."""
        made = self.made
        result = placement.place(
            made.requirement(self.network),
            instances,
            1,
            constraints=self.constraints,
            strategies=self.strategies,
            rng=made.ecs.context.ids.random,
            group=made.group,
        )
        if not result.placements:
            return False
        where = result.placements[0]
        instance = next(i for i in instances if i.arn == where.container_instance_arn)
        _start(made, task, where, instance, self.network)
        return True

    def give_up(self, task: Task, instances: Sequence[ContainerInstance]) -> None:
        """No room came in time: the task stops, with the reason of the instance that
        came closest (``EMPTY CAPACITY PROVIDER`` when the group had none ACTIVE)."""
        if not is_waiting(task):
            return
        made = self.made
        result = placement.place(
            made.requirement(self.network),
            instances,
            1,
            constraints=self.constraints,
            strategies=self.strategies,
            rng=made.ecs.context.ids.random,
            group=made.group,
        )
        closest = result.closest_failure
        if result.no_container_instances or closest is None:
            reason = EMPTY_PROVIDER
        else:
            reason = f"{FAILED_TO_START}: {closest.reason}"
        lifecycle.stop(made.ecs.tasks, task, reason, FAILED_TO_START)


def is_waiting(task: Task) -> bool:
    return (
        task.instance is None and task.desired_status == "RUNNING" and task.last_status != "STOPPED"
    )


def _start(
    made: Made,
    task: Task,
    where: placement.Placement,
    instance: ContainerInstance,
    network: AwsvpcConfiguration | None,
) -> None:
    """The task goes to ``instance`` and starts: awsvpc tasks stay PROVISIONING while
    their ENI is attached, the others turn PENDING at once."""
    interfaces = made.interfaces_for(network, [instance])
    if not task.awsvpc:
        task.last_status = "PENDING"
    task.version += 1
    made.settle(task, where, instance, interfaces[0] if interfaces else None)
    tasks = made.ecs.tasks
    tasks.status_changed(task)
    if task.desired_status != "RUNNING":  # a listener stopped it
        return
    lifecycle.begin(tasks, task)  # with lifecycle="instant" it runs to RUNNING
    if task.arn in instance.tasks:  # not yet STOPPED
        instance.update_task(task.arn, last_status=task.last_status)
