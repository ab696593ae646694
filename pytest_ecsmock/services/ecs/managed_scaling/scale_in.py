"""Managed scale-in: a group with more instances than ECS's target tracking wants
shrinks once that has lasted :data:`SCALE_IN_SECONDS` (CloudWatch's low alarm needs 15
one-minute data points).

Then, each minute while there are too many, Auto Scaling terminates instances: the
excess, at most half of the group (at least one). Instances whose agent never
registered go first. With ``managedTerminationProtection`` ENABLED only instances
running no task (DAEMON service tasks aside) may go; otherwise Auto Scaling's default
termination policy picks any: from the zone with the most instances, then at random.

With ``managedDraining`` ENABLED an instance to terminate is set DRAINING (services
move their tasks away) and terminates once it has no task left; with it DISABLED it
terminates at once and its tasks stop ("Host EC2 (instance <id>) terminated.").
A terminated instance is deregistered (INACTIVE).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING

from pytest_ecsmock.services.ecs.tasks import lifecycle

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.capacity_providers import CapacityProvider
    from pytest_ecsmock.services.ecs.container_instances import ContainerInstance
    from pytest_ecsmock.services.ecs.managed_scaling.groups import AutoScalingGroup
    from pytest_ecsmock.services.ecs.managed_scaling.scaler import ManagedScaling

#: seconds the group must have had too many instances before it scales in
SCALE_IN_SECONDS = 900.0
#: seconds between two scale-in steps
STEP_SECONDS = 60.0
#: the stop code of the tasks of an instance terminated without draining (assumed)
TERMINATED_CODE = "TerminationNotice"


class ScaleIn:
    def __init__(self, scaling: ManagedScaling) -> None:
        self.scaling = scaling
        self.clock = scaling.context.clock
        #: group name -> since when it has had too many instances
        self.low_since: dict[str, datetime] = {}
        self._due: set[str] = set()

    def low(self, name: str) -> None:
        """An evaluation found ``name`` with more instances than it should have."""
        since = self.low_since.setdefault(name, self.clock.now())
        self._check_in(name, SCALE_IN_SECONDS - self._elapsed(since))

    def steady(self, name: str) -> None:
        """An evaluation found ``name`` with no instance too many."""
        self.low_since.pop(name, None)

    def _elapsed(self, since: datetime) -> float:
        return (self.clock.now() - since).total_seconds()

    def _check_in(self, name: str, seconds: float) -> None:
        if name in self._due:
            return
        self._due.add(name)
        self.clock.call_later(max(0.0, seconds), lambda: self._check(name))

    def _check(self, name: str) -> None:
        self._due.discard(name)
        scaling = self.scaling
        since = self.low_since.get(name)
        group = scaling.groups.get(name)
        provider = scaling.provider_of(name)
        if since is None or group is None or provider is None:
            self.low_since.pop(name, None)
            return
        if provider.scaling["status"] != "ENABLED":
            self.low_since.pop(name, None)
            return
        desired = scaling.desired(group, provider)
        current = group.desired_capacity
        if desired >= current:
            self.low_since.pop(name, None)
            return
        left = SCALE_IN_SECONDS - self._elapsed(since)
        if left > 0:
            self._check_in(name, left)
            return
        removed = self._terminate(group, provider, min(current - desired, max(1, current // 2)))
        if removed and current - removed > desired:
            self._check_in(name, STEP_SECONDS)

    # ------------------------------------------------------------------ terminating

    def _terminate(self, group: AutoScalingGroup, provider: CapacityProvider, count: int) -> int:
        removed = 0
        while removed < count and group.stranded:
            group.stranded.pop(0)
            removed += 1
        protected = provider.termination_protection == "ENABLED"
        candidates = [
            instance
            for instance in group.instances
            if instance.arn not in group.terminating
            and not (protected and self.scaling.busy(instance))
        ]
        while removed < count and candidates:
            chosen = self._by_policy(group, candidates)
            candidates.remove(chosen)
            self._terminate_one(group, provider, chosen)
            removed += 1
        return removed

    def _by_policy(
        self, group: AutoScalingGroup, candidates: list[ContainerInstance]
    ) -> ContainerInstance:
        """Auto Scaling's default termination policy: the zone with the most instances
        (among those with a candidate), then one at random."""
        per_zone = Counter(
            i.availability_zone for i in group.instances if i.arn not in group.terminating
        )
        zones = {instance.availability_zone for instance in candidates}
        zone = max(sorted(zones), key=lambda z: per_zone[z])
        in_zone = [instance for instance in candidates if instance.availability_zone == zone]
        return self.scaling.context.ids.random.choice(in_zone)

    def _terminate_one(
        self, group: AutoScalingGroup, provider: CapacityProvider, instance: ContainerInstance
    ) -> None:
        group.terminating.add(instance.arn)
        if provider.draining == "ENABLED":
            if instance.status == "ACTIVE":
                store = self.scaling.ecs.container_instances
                store.update_state(instance.cluster, [instance.arn], "DRAINING")
            self.task_left(group, instance)
            return
        tasks = self.scaling.ecs.tasks
        reason = f"Host EC2 (instance {instance.ec2_instance_id}) terminated."
        for task_arn in list(instance.tasks):
            task = tasks.find_by_arn(task_arn)
            if task is not None:
                lifecycle.stop(tasks, task, reason, TERMINATED_CODE)
        self._gone(group, instance)

    def task_left(self, group: AutoScalingGroup, instance: ContainerInstance) -> None:
        """A task left ``instance``: a drained instance being terminated goes now."""
        if instance.arn in group.terminating and not instance.tasks and instance.registered:
            self._gone(group, instance)

    def _gone(self, group: AutoScalingGroup, instance: ContainerInstance) -> None:
        group.terminating.discard(instance.arn)
        group.launched_at.pop(instance.arn, None)
        if instance.registered:
            store = self.scaling.ecs.container_instances
            store.deregister(instance.cluster, instance.arn, force=True)
