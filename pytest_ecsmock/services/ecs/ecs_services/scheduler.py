"""The service scheduler: keeps each service's tasks running and rolls deployments out.

It works in passes. A pass looks at one service and starts or stops tasks; something
that may change the answer (a task changing status, a target changing health, an
instance joining or draining, an API call) asks for a pass a second later. Nothing
runs on a timer while nothing changes, so ``clock.settle()`` ends once every service
is steady (a service whose tasks keep failing retries with a growing back-off).

What a pass does depends on the service: replica.py (REPLICA, rolling updates),
daemon.py (DAEMON), task_set_scheduler.py (EXTERNAL and CODE_DEPLOY task sets). This
module starts, stops and follows the tasks, and counts their failures (the circuit
breaker).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pytest_ecsmock.services.ecs.ecs_services import config, events
from pytest_ecsmock.services.ecs.ecs_services.daemon import keep_daemons
from pytest_ecsmock.services.ecs.ecs_services.launching import Launched, launch
from pytest_ecsmock.services.ecs.ecs_services.model import (
    ACTIVE,
    COMPLETED,
    DRAINING,
    FAILED,
    IN_PROGRESS,
    INACTIVE,
    Deployment,
    Service,
)
from pytest_ecsmock.services.ecs.ecs_services.replica import keep_replicas
from pytest_ecsmock.services.ecs.ecs_services.targets import (
    HEALTHY_AFTER_SECONDS,
    ServiceTargets,
)
from pytest_ecsmock.services.ecs.ecs_services.task_set_scheduler import keep_task_sets
from pytest_ecsmock.services.ecs.placement.checks import REASON_ORDER
from pytest_ecsmock.services.ecs.tasks import lifecycle

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.backend import EcsBackend
    from pytest_ecsmock.services.ecs.container_instances import ContainerInstance
    from pytest_ecsmock.services.ecs.ecs_services.store import ServiceStore
    from pytest_ecsmock.services.ecs.tasks import Task

#: seconds from a change to the scheduler's pass over the service
PASS_DELAY_SECONDS = 1.0
#: retry delays after consecutive task failures: 10 s, doubling, at most 27 minutes
FIRST_RETRY_SECONDS = 10.0
MAX_RETRY_SECONDS = 27 * 60.0
FAILED_TO_START = "ECS deployment circuit breaker: tasks failed to start."
#: stop codes of tasks that failed (the circuit breaker counts them)
FAILURE_CODES = ("TaskFailedToStart", "EssentialContainerExited")


class Scheduler:
    def __init__(self, store: ServiceStore) -> None:
        self.store = store
        self.ecs: EcsBackend = store.ecs
        self.context = store.context
        self.targets = ServiceTargets(self.ecs, self._target_changed)
        #: task ARN -> (service, deployment) of the service tasks not STOPPED yet
        self.owner: dict[str, tuple[Service, Deployment]] = {}
        #: service tasks the scheduler is stopping (draining, then stopped)
        self.stopping: dict[str, str] = {}
        self._waiting: set[int] = set()
        self._again: list[Service] = []
        self._busy = False
        #: per service: consecutive failed tasks, and when it may launch again
        self._failures: dict[int, int] = {}
        self._retry_at: dict[int, float] = {}
        #: service tasks seen RUNNING, and those seen stopped by someone else
        self._ran: set[str] = set()
        self._seen_stopping: set[str] = set()
        #: per service: placement attempts that failed in a row, and a retry pending
        self._placement_retries: dict[int, int] = {}
        self._retry_pending: set[int] = set()
        self.ecs.tasks.status_listeners.append(self._task_changed)
        hooks = self.ecs.container_instances.hooks
        hooks.status_changed.append(lambda instance, _previous: self._instance_changed(instance))
        hooks.deregistered.append(lambda instance, _forced: self._instance_changed(instance))
        hooks.registered.append(self._instance_changed)
        hooks.attributes_changed.append(self._instance_changed)

    # ------------------------------------------------------------------ passes

    def deployment_started(self, service: Service, deployment: Deployment) -> None:
        if service.scheduling_strategy == "DAEMON" and service.status == ACTIVE:
            # one task per instance: refined by the passes (attributes, constraints)
            instances = self.ecs.container_instances.in_cluster(service.cluster)
            count = sum(1 for instance in instances if instance.status == "ACTIVE")
            service.desired_count = deployment.desired_count = count
        self._failures.pop(id(service), None)
        self._retry_at.pop(id(service), None)
        self.wake(service)

    def wake(self, service: Service) -> None:
        """Ask for a pass over ``service`` (one is enough for many changes)."""
        if id(service) in self._waiting or service.status == INACTIVE:
            return
        self._waiting.add(id(service))
        self.context.clock.after(PASS_DELAY_SECONDS, lambda: self._pass(service))

    def _pass(self, service: Service) -> None:
        self._waiting.discard(id(service))
        if self._busy:  # a pass made a change that asked for another (instant lifecycle)
            self._again.append(service)
            return
        self._busy = True
        try:
            self._run(service)
            while self._again:
                self._run(self._again.pop(0))
        finally:
            self._busy = False

    def _run(self, service: Service) -> None:
        if service.status == INACTIVE:
            return
        self._follow_up(service)
        for task in service.tasks():
            failing = self.targets.failing(task) if self._past_grace(service, task) else None
            if failing is not None and task.arn not in self.stopping:
                reason, event = failing
                events.record(self.context, service, event)
                self._failed(service, self.owner[task.arn][1], ran=True)
                self.stop_tasks(service, [task], reason)
        if service.controller != "ECS":  # EXTERNAL, CODE_DEPLOY: see task_set_scheduler.py
            keep_task_sets(self, service)
            return
        self._retire(service)
        if service.scheduling_strategy == "DAEMON":
            keep_daemons(self, service)
        else:
            keep_replicas(self, service)
        if service.status == DRAINING and not service.tasks():
            self.store.deactivated(service)

    # ------------------------------------------------------------------ starting

    def start_tasks(self, service: Service, deployment: Deployment, count: int) -> bool:
        have: dict[str, int] = {}
        for task in deployment.tasks.values():
            if task.desired_status == "RUNNING" and task.capacity_provider is not None:
                have[task.capacity_provider] = have.get(task.capacity_provider, 0) + 1
        launched = launch(self.ecs, service, deployment, count, have)
        self.adopt(service, deployment, launched)
        return bool(launched.tasks)

    def adopt_quietly(self, service: Service, deployment: Deployment, tasks: list[Task]) -> None:
        """Follow ``tasks`` started for ``deployment`` (the caller reports them)."""
        for task in tasks:
            task.service_name = service.name
            deployment.tasks[task.arn] = task
            self.owner[task.arn] = (service, deployment)
        for task in tasks:
            self._task_changed(task)  # it may have run already (instant lifecycle)

    def adopt(self, service: Service, deployment: Deployment, launched: Launched) -> None:
        if launched.tasks:
            started = [task.task_id for task in launched.tasks]
            events.record(self.context, service, events.started(started))
        self.adopt_quietly(service, deployment, launched.tasks)
        if launched.error is not None:
            events.record(
                self.context, service, f"was unable to place a task. Reason: {launched.error}"
            )
        elif launched.no_instances:
            missing_in = launched.no_instances_in
            events.record(self.context, service, events.unable_to_place(None, None, missing_in))
        elif launched.failures and not launched.tasks:
            closest = max(launched.failures, key=lambda f: _closeness(f["reason"]))
            instance_id = closest["arn"].rpartition("/")[2]
            events.record(
                self.context, service, events.unable_to_place(closest["reason"], instance_id)
            )
        if launched.error is not None or launched.no_instances or launched.failures:
            self._look_again(service)
        elif launched.tasks:
            self._placement_retries.pop(id(service), None)

    def _look_again(self, service: Service) -> None:
        """Tasks could not be placed: try again later, as AWS's scheduler does (a change
        in the cluster, such as an instance joining, makes it try at once)."""
        if id(service) in self._retry_pending:
            return
        retries = self._placement_retries.get(id(service), 0)
        self._placement_retries[id(service)] = retries + 1
        self._retry_pending.add(id(service))

        def again() -> None:
            self._retry_pending.discard(id(service))
            self.wake(service)

        self.context.clock.call_later(min(MAX_RETRY_SECONDS, 30.0 * 2**retries), again)

    def retry_later(self, service: Service, delay: float) -> None:
        """Launch nothing more for ``delay`` seconds (at most MAX_RETRY_SECONDS), then
        look again (what failed may work by then)."""
        delay = min(MAX_RETRY_SECONDS, delay)
        self._retry_at[id(service)] = self.context.clock.timestamp() + delay
        self.context.clock.call_later(delay, lambda: self.wake(service))

    def may_launch(self, service: Service) -> bool:
        retry_at = self._retry_at.get(id(service))
        return retry_at is None or self.context.clock.timestamp() >= retry_at

    # ------------------------------------------------------------------ stopping

    def stop_tasks(
        self, service: Service, tasks: list[Task], reason: str, *, announce: bool = True
    ) -> None:
        """Stop ``tasks``: those with targets drain first; ``announce``: say so in the
        service events."""
        drained, stopped = 0, []
        groups: dict[str, int] = {}
        for task in tasks:
            if task.arn in self.stopping:
                continue
            self.stopping[task.arn] = reason
            deregistered = self.targets.deregister(task) if task.last_status == "RUNNING" else []
            if deregistered:
                drained += 1
                for group in deregistered:
                    groups[group] = groups.get(group, 0) + 1
            else:
                self._really_stop(task)
                stopped.append(task.task_id)
        if not announce:
            return
        if drained:
            events.record(self.context, service, events.draining(drained))
        for group, count in groups.items():
            events.record(self.context, service, events.deregistered(count, group))
        if stopped:
            events.record(self.context, service, events.stopped(stopped))

    def _really_stop(self, task: Task) -> None:
        reason = self.stopping[task.arn]
        lifecycle.stop(self.ecs.tasks, task, reason, "ServiceSchedulerInitiated")

    # ------------------------------------------------------------------ following tasks

    def _task_changed(self, task: Task) -> None:
        owned = self.owner.get(task.arn)
        if owned is None:
            if task.last_status == "STOPPED":
                self._wake_cluster(task)
            return
        service, deployment = owned
        running = task.last_status == "RUNNING" and task.desired_status == "RUNNING"
        if running and task.arn not in self._ran:
            self._ran.add(task.arn)
            self._running(service, deployment, task)
        stopped_by_others = task.desired_status == "STOPPED" and task.arn not in self.stopping
        if stopped_by_others and task.arn not in self._seen_stopping:
            self._seen_stopping.add(task.arn)
            self.targets.deregister(task)  # leave the groups
            if task.stop_code in FAILURE_CODES:  # counted before its replacement starts
                self._failed(service, deployment, ran=task.arn in self._ran)
        if task.last_status == "STOPPED":
            del self.owner[task.arn]
            self._ran.discard(task.arn)
            self._seen_stopping.discard(task.arn)
            deployment.tasks.pop(task.arn, None)
            self.targets.forget(task)
            self.stopping.pop(task.arn, None)
            self._wake_cluster(task)
        self.targets.recheck(task)
        self.wake(service)

    def _target_changed(self, task: Task) -> None:
        owned = self.owner.get(task.arn)
        if owned is not None:
            self.wake(owned[0])

    def _running(self, service: Service, deployment: Deployment, task: Task) -> None:
        if deployment.breaker_stage == 1:
            deployment.breaker_stage = 2
            deployment.failed_tasks = 0  # a task ran: the breaker counts anew
        self._failures.pop(id(service), None)
        self._retry_at.pop(id(service), None)
        clock = self.context.clock
        clock.after(HEALTHY_AFTER_SECONDS, lambda: self.wake(service))
        if service.health_check_grace_period:
            clock.after(service.health_check_grace_period, lambda: self.wake(service))

    def _follow_up(self, service: Service) -> None:
        """Register the tasks that run in their target groups; stop the drained ones."""
        registered: dict[str, int] = {}
        stopped = []
        for task in service.tasks():
            if task.arn in self.stopping:
                if task.desired_status == "RUNNING" and not self.targets.draining(task):
                    self._really_stop(task)
                    stopped.append(task.task_id)
            elif task.last_status == "RUNNING" and task.desired_status == "RUNNING":
                joined, failed = self.targets.register(task, self.owner[task.arn][1])
                for group in joined:
                    registered[group] = registered.get(group, 0) + 1
                for message in failed:
                    events.record(self.context, service, message)
        for group, count in registered.items():
            events.record(self.context, service, events.registered(count, group))
        if stopped:
            events.record(self.context, service, events.stopped(stopped))

    def _failed(self, service: Service, deployment: Deployment, *, ran: bool) -> None:
        """A task of ``deployment`` failed. Tasks that never ran also slow the service
        down: after each, the next launch waits longer (AWS's throttle)."""
        deployment.failed_tasks += 1
        if not ran:
            failures = self._failures.get(id(service), 0) + 1
            self._failures[id(service)] = failures
            self.retry_later(service, FIRST_RETRY_SECONDS * 2 ** (failures - 1))
            if failures >= 3:
                events.record(self.context, service, events.unable_to_start_consistently())
        threshold = config.circuit_breaker_threshold(service.desired_count)
        if (
            service.configuration.circuit_breaker
            and deployment is service.primary
            and deployment.rollout_state == IN_PROGRESS
            and deployment.failed_tasks >= threshold
        ):
            self._trip(service, deployment)

    def _trip(self, service: Service, deployment: Deployment) -> None:
        now = self.context.clock.now()
        deployment.rollout_state = FAILED
        deployment.rollout_state_reason = FAILED_TO_START
        deployment.updated_at = deployment.finished_at = now
        events.record(self.context, service, events.deployment_failed(deployment.id))
        if not service.configuration.rollback:
            return
        last_good = next(
            (d for d in reversed(service.history) if d.rollout_state == COMPLETED), None
        )
        if last_good is None:
            return
        events.record(self.context, service, events.rolling_back(last_good.id))
        rollback = self.store.start_deployment(service, last_good.revision, deployment.id)
        rollback.rollout_state_reason = (
            f"ECS deployment circuit breaker: rolling back to deploymentId {last_good.id}."
        )

    # ------------------------------------------------------------------ helpers

    def healthy(self, task: Task) -> bool:
        owned = self.owner.get(task.arn)
        return (
            owned is not None
            and task.arn not in self.stopping
            and self.targets.healthy(task, owned[1])
        )

    def _past_grace(self, service: Service, task: Task) -> bool:
        started = task.times.get("startedAt")
        if started is None:
            return False
        if self.context.clock.instant:
            return True
        elapsed = (self.context.clock.now() - started).total_seconds()
        return elapsed >= service.health_check_grace_period

    def _retire(self, service: Service) -> None:
        """Old deployments without tasks are done (INACTIVE: no longer listed)."""
        for deployment in service.deployments[1:]:
            if not deployment.tasks:
                deployment.status = INACTIVE
                deployment.updated_at = self.context.clock.now()
        service.deployments = [service.primary] + [
            d for d in service.deployments[1:] if d.status != INACTIVE
        ]

    def draining_instances(self, service: Service) -> set[str]:
        return {
            instance.arn
            for instance in self.ecs.container_instances.in_cluster(service.cluster)
            if instance.status == "DRAINING"
        }

    def _instance_changed(self, instance: ContainerInstance) -> None:
        for service in self.store.services.values():
            if service.cluster is instance.cluster and service.status != INACTIVE:
                self.wake(service)

    def _wake_cluster(self, task: Task) -> None:
        """Resources were freed: services of the cluster may place what they could not."""
        for service in self.store.services.values():
            if service.cluster is task.cluster and service.status == ACTIVE and not service.steady:
                self.wake(service)


def _closeness(reason: str) -> int:
    return REASON_ORDER.index(reason) if reason in REASON_ORDER else -1
