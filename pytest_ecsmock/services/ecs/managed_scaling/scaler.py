"""Managed scaling: ECS grows and shrinks the declared Auto Scaling groups of the
capacity providers whose ``managedScaling`` is ENABLED (and that a cluster has).

Each evaluation works out the instances the group should have, as ECS's target
tracking on ``CapacityProviderReservation`` does::

    needed = instances running non-daemon tasks + new instances the waiting tasks need
    desired = ceil(needed * 100 / targetCapacity), within min_size and max_size

* More than the group has: it launches ``desired - current`` instances, at least
  ``minimumScalingStepSize`` and at most ``maximumScalingStepSize``, unless an instance
  launched less than ``instanceWarmupPeriod`` seconds ago (then it looks again when the
  warm-up ends). Each boots for ``BOOT_SECONDS`` and joins; waiting tasks go to it.
* Fewer for ``SCALE_IN_SECONDS`` in a row: it terminates some instances each minute
  (see :mod:`.scale_in`).

An evaluation runs ``METRIC_SECONDS`` after a change asks for one (a task waits, runs or
stops on the group's instances, an instance joins or leaves, the provider changes).
One that launched fewer instances than the waiting tasks need (``maximumScalingStepSize``)
asks for the next a minute later, as target tracking looks at its metric every minute.
Otherwise nothing runs on a timer while nothing changes, so ``clock.settle()`` ends.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from pytest_ecsmock.errors import EcsmockUsageError
from pytest_ecsmock.services.ecs.managed_scaling import scale_in
from pytest_ecsmock.services.ecs.managed_scaling.estimate import empty_instance, instances_needed
from pytest_ecsmock.services.ecs.managed_scaling.groups import (
    BOOT_SECONDS,
    AutoScalingGroup,
    Launch,
)
from pytest_ecsmock.services.ecs.managed_scaling.waiting import (
    PROVISIONING_TIMEOUT_SECONDS,
    Waiting,
    is_waiting,
)

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.backend import EcsBackend
    from pytest_ecsmock.services.ecs.capacity_providers import CapacityProvider
    from pytest_ecsmock.services.ecs.clusters import Cluster
    from pytest_ecsmock.services.ecs.container_instances import ContainerInstance
    from pytest_ecsmock.services.ecs.tasks import Task

#: seconds from a change to the evaluation it asks for (ECS's metric is per minute)
METRIC_SECONDS = 60.0
#: seconds from an instance joining or freeing room to its waiting tasks being placed
PLACE_SECONDS = 1.0


class ManagedScaling:
    def __init__(self, ecs: EcsBackend) -> None:
        self.ecs = ecs
        self.context = ecs.context
        self.groups: dict[str, AutoScalingGroup] = {}
        self.waiting: list[Waiting] = []
        self._due: set[str] = set()
        self._again: set[str] = set()
        self._evaluating = False
        self._placing_due: set[int] = set()
        self.scale_in = scale_in.ScaleIn(self)
        ecs.tasks.status_listeners.append(self._task_changed)
        hooks = ecs.container_instances.hooks
        hooks.registered.append(lambda instance: self._place_soon(instance.cluster))
        hooks.status_changed.append(lambda instance, _previous: self._instance_changed(instance))
        hooks.deregistered.append(lambda instance, _forced: self._instance_changed(instance))
        ecs.capacity_providers.updated.append(self._provider_updated)

    # ------------------------------------------------------------------ groups and providers

    def provider_of(self, group: str) -> CapacityProvider | None:
        """The usable provider of the group ``group``, if a cluster has it."""
        store = self.ecs.capacity_providers
        for provider in store.providers.values():
            if provider.active and provider.group_name == group:
                return provider if store.clusters_using(provider.name) else None
        return None

    def group_instances(self, provider: str, cluster: Cluster) -> list[ContainerInstance]:
        """The registered instances of ``provider``'s group in ``cluster``."""
        store = self.ecs.capacity_providers
        found = store.lookup(provider)
        if found is None or not found.active:
            return []
        return [
            instance
            for instance in self.ecs.container_instances.in_cluster(cluster)
            if store.instance_groups.get(instance.arn) == found.group_name
        ]

    # ------------------------------------------------------------------ waiting tasks

    def wait(self, waiting: Waiting, count: int) -> list[Task]:
        """``count`` tasks of ``waiting`` that found no room wait PROVISIONING."""
        name = self.ecs.capacity_providers.get_active(waiting.provider).group_name
        group = self.groups.get(name)
        architecture = group.instance_type.architecture if group is not None else "x86_64"
        tasks = [waiting.make(architecture) for _ in range(count)]
        self.waiting.append(waiting)
        self.request(name)  # with lifecycle="instant", the group grows and they run now
        for task in tasks:
            self.context.clock.after(PROVISIONING_TIMEOUT_SECONDS, self._timeout(waiting, task))
        return tasks

    def _timeout(self, waiting: Waiting, task: Task) -> Callable[[], None]:
        def give_up() -> None:
            waiting.give_up(task, self.group_instances(waiting.provider, task.cluster))

        return give_up

    def place_waiting(self, cluster: Cluster) -> None:
        """Place the waiting tasks of ``cluster`` that now find room, oldest first."""
        self._placing_due.discard(id(cluster))
        self.waiting = [w for w in self.waiting if w.still_waiting()]
        for waiting in list(self.waiting):
            for task in waiting.still_waiting():
                if task.cluster is cluster and is_waiting(task):
                    instances = self.group_instances(waiting.provider, cluster)
                    if not waiting.try_place(task, instances):
                        break  # the call's other tasks find no room either

    def _place_soon(self, cluster: Cluster) -> None:
        if id(cluster) in self._placing_due or not self._waits_in(cluster):
            return
        self._placing_due.add(id(cluster))
        self.context.clock.after(PLACE_SECONDS, lambda: self.place_waiting(cluster))

    def _waits_in(self, cluster: Cluster) -> bool:
        return any(task.cluster is cluster for task in self._all_waiting())

    def _waits_for(self, provider: CapacityProvider) -> bool:
        return any(w.provider == provider.name and w.still_waiting() for w in self.waiting)

    def _all_waiting(self) -> list[Task]:
        return [task for waiting in self.waiting for task in waiting.still_waiting()]

    # ------------------------------------------------------------------ evaluations

    def request(self, group: str) -> None:
        """Ask for an evaluation of ``group`` (one is enough for many changes)."""
        if group in self._due:
            return
        self._due.add(group)
        self.context.clock.after(METRIC_SECONDS, lambda: self.evaluate(group))

    def evaluate(self, name: str) -> None:
        self._due.discard(name)
        if self._evaluating:  # an evaluation's change asked for another (instant lifecycle)
            self._again.add(name)
            return
        self._evaluating = True
        try:
            self._evaluate(name)
            while self._again:
                self._evaluate(self._again.pop())
        finally:
            self._evaluating = False

    def _evaluate(self, name: str) -> None:
        for cluster in {id(t.cluster): t.cluster for t in self._all_waiting()}.values():
            self.place_waiting(cluster)
        group = self.groups.get(name)
        provider = self.provider_of(name)
        if group is None or provider is None or provider.scaling["status"] != "ENABLED":
            self.scale_in.steady(name)
            return
        desired = self.desired(group, provider)
        current = group.desired_capacity
        if desired > current:
            self.scale_in.steady(name)
            self._scale_out(group, provider, desired - current)
            if desired > group.desired_capacity and self._waits_for(provider):
                self.request(name)  # the step held it back: look again in a minute
        elif desired < current:
            self.scale_in.low(name)
        else:
            self.scale_in.steady(name)

    def desired(self, group: AutoScalingGroup, provider: CapacityProvider) -> int:
        """The instances the group should have: ECS's target tracking."""
        busy = sum(1 for instance in group.instances if self.busy(instance))
        empty = empty_instance(
            group.instance_type, group.agent_config, self.ecs.container_instances.awsvpc_trunking
        )
        demands = [
            waiting.demand
            for waiting in self.waiting
            if waiting.provider == provider.name
            for _ in waiting.still_waiting()
        ]
        needed = busy + instances_needed(demands, empty)
        target: int = provider.scaling["targetCapacity"]
        wanted = math.ceil(needed * 100 / target)
        return max(group.min_size, min(group.max_size, wanted))

    def busy(self, instance: ContainerInstance) -> bool:
        """The instance runs a task (not asked to stop) that is not a DAEMON service's;
        one being drained to terminate still counts while such a task is on it."""
        for placed in instance.tasks.values():
            task = self.ecs.tasks.find_by_arn(placed.task_arn)
            if placed.desired_status == "RUNNING" and (task is None or not self._daemon(task)):
                return True
        return False

    def _daemon(self, task: Task) -> bool:
        if task.service_name is None or "services" not in self.ecs.__dict__:
            return False
        service = self.ecs.services.services.get((task.cluster.arn, task.service_name))
        return service is not None and service.scheduling_strategy == "DAEMON"

    # ------------------------------------------------------------------ scaling out

    def _scale_out(self, group: AutoScalingGroup, provider: CapacityProvider, more: int) -> None:
        clock = self.context.clock
        warmup = provider.scaling["instanceWarmupPeriod"]
        if not clock.instant and warmup:
            now = clock.now()
            times = [*group.launched_at.values()]
            times += [launch.launched_at for launch in (*group.booting, *group.stranded)]
            warming = [(now - at).total_seconds() for at in times]
            left = max((warmup - elapsed for elapsed in warming), default=0.0)
            if left > 0:  # a recent instance is warming up: look again when it is done
                self._due.add(group.name)
                clock.after(left, lambda: self.evaluate(group.name))
                return
        scaling = provider.scaling
        step = max(scaling["minimumScalingStepSize"], min(scaling["maximumScalingStepSize"], more))
        step = min(step, group.max_size - group.desired_capacity)
        launches = []
        for _ in range(step):  # counted at once: an evaluation while they boot sees them
            launches.append(Launch(clock.now(), group.next_zone()))
            group.booting.append(launches[-1])
        for launch in launches:
            clock.after(BOOT_SECONDS, self._booted(group, launch))

    def _booted(self, group: AutoScalingGroup, launch: Launch) -> Callable[[], None]:
        def boot() -> None:
            if launch not in group.booting:
                return
            group.booting.remove(launch)
            try:
                instance = group.join(launch.availability_zone)
            except EcsmockUsageError as problem:  # its agent could not register
                launch.failure = str(problem)
                group.stranded.append(launch)
                return
            group.launched_at[instance.arn] = launch.launched_at
            self.place_waiting(instance.cluster)
            self.request(group.name)

        return boot

    # ------------------------------------------------------------------ following changes

    def _task_changed(self, task: Task) -> None:
        instance = task.instance
        if instance is None:
            return
        name = self.ecs.capacity_providers.instance_groups.get(instance.arn)
        if name is None:
            return
        if task.last_status == "STOPPED":
            self._place_soon(task.cluster)
            group = self.groups.get(name)
            if group is not None:
                self.scale_in.task_left(group, instance)
        if name in self.groups:
            self.request(name)

    def _instance_changed(self, instance: ContainerInstance) -> None:
        name = self.ecs.capacity_providers.instance_groups.get(instance.arn)
        if name is None:
            return
        self._place_soon(instance.cluster)
        if name in self.groups:
            self.request(name)

    def _provider_updated(self, provider: CapacityProvider) -> None:
        if provider.group_name in self.groups:
            self.request(provider.group_name)
