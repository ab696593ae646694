"""A task's life on the simulated clock.

Starting (from RunTask): ``PROVISIONING`` (awsvpc: the ENI is attached) ->
``PENDING`` -> image pull -> ``RUNNING``. Stopping (StopTask, a forced
deregistration): desired ``STOPPED`` at once, then ``STOPPING`` -> the containers
exit -> ``DEPROVISIONING`` (awsvpc: the ENI is deleted) -> ``STOPPED``, when the
instance gets its resources back. A STOPPED task is forgotten an hour later.

Every step is scheduled on the clock and checks, when it runs, that the task is still
where the step expects it (a task stopped while pulling never starts).

What the containers do is their image's behaviour (:mod:`.images`): a pull that fails
stops the task before it runs, a container exits on its own (an essential one stops
the task), health checks run while it is RUNNING (:mod:`.container_health`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pytest_ecsmock.services.ecs.tasks import container_health
from pytest_ecsmock.services.ecs.tasks.images import pull_error
from pytest_ecsmock.services.ecs.tasks.model import STOPPED, Task, TaskContainer

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.tasks.store import TaskStore

#: seconds an awsvpc task spends PROVISIONING (its ENI is created and attached)
PROVISION_SECONDS = 5.0
#: seconds from PENDING to the start of the image pull
PULL_DELAY_SECONDS = 1.0
#: seconds the image pull takes
PULL_SECONDS = 10.0
#: seconds from the end of the pull to RUNNING
START_SECONDS = 5.0
#: seconds from StopTask to STOPPING (the agent picks the change up)
STOPPING_DELAY_SECONDS = 1.0
#: seconds a container takes to exit after SIGTERM when it honours it
GRACEFUL_EXIT_SECONDS = 2.0
#: ECS_CONTAINER_STOP_TIMEOUT's default: SIGKILL after this many seconds
STOP_TIMEOUT_SECONDS = 30.0
#: seconds an awsvpc task spends DEPROVISIONING (its ENI is detached and deleted)
DEPROVISION_SECONDS = 5.0
#: seconds from the containers' exit to STOPPED (other network modes)
CLEANUP_SECONDS = 1.0
#: how long a STOPPED task stays visible
FORGET_AFTER_SECONDS = 3600.0
#: the text agent_reports also gives
ESSENTIAL_EXITED = "Essential container in task exited"


def begin(store: TaskStore, task: Task) -> None:
    """Schedule the way of a new task to RUNNING."""
    now = store.context.clock.now()
    for container in task.containers:
        container.behaviour = store.images.of(container.image)
    if task.awsvpc:
        task.last_status = "PROVISIONING"
        store.context.clock.after(PROVISION_SECONDS, lambda: _provisioned(store, task))
    else:
        task.times["connectivityAt"] = now
        _schedule_pull(store, task)


def _starting(task: Task, status: str) -> bool:
    return task.desired_status == "RUNNING" and task.last_status == status


def _changed(store: TaskStore, task: Task, last_status: str | None = None) -> None:
    task.version += 1
    if last_status is not None:
        task.last_status = last_status
        if task.instance is not None and task.arn in task.instance.tasks:
            task.instance.update_task(task.arn, last_status=last_status)
        store.status_changed(task)


def _provisioned(store: TaskStore, task: Task) -> None:
    if not _starting(task, "PROVISIONING"):
        return
    task.attachment_status = "ATTACHED"
    task.times["connectivityAt"] = store.context.clock.now()
    _changed(store, task, "PENDING")
    _schedule_pull(store, task)


def _schedule_pull(store: TaskStore, task: Task) -> None:
    clock = store.context.clock
    clock.after(PULL_DELAY_SECONDS, lambda: _pull_started(store, task))


def _pull_started(store: TaskStore, task: Task) -> None:
    if not _starting(task, "PENDING"):
        return
    task.times.setdefault("pullStartedAt", store.context.clock.now())
    _changed(store, task)
    store.context.clock.after(PULL_SECONDS, lambda: _pull_stopped(store, task))


def _pull_stopped(store: TaskStore, task: Task) -> None:
    if not _starting(task, "PENDING"):
        return
    task.times.setdefault("pullStoppedAt", store.context.clock.now())
    _changed(store, task)
    reason = _fail_pulls(task)
    if reason is not None:
        stop(store, task, reason, "TaskFailedToStart")
        return
    store.context.clock.after(START_SECONDS, lambda: _running(store, task))


def _fail_pulls(task: Task) -> str | None:
    """Containers whose image cannot be pulled stop; the reason of the first essential
    one (the task fails to start), or None."""
    # Fargate 1.4.0 pulls with containerd; EC2 instances and Fargate 1.3.0 with Docker
    containerd = task.launch_type == "FARGATE" and task.platform_version != "1.3.0"
    failed = None
    for container in task.containers:
        if container.behaviour.pull_fails and container.last_status != STOPPED:
            container.last_status = STOPPED
            container.reason = pull_error(container.image, containerd)
            if container.essential and failed is None:
                failed = container.reason
    return failed


def _running(store: TaskStore, task: Task) -> None:
    if not _starting(task, "PENDING") or _crashed_on_start(store, task):
        return
    task.times["startedAt"] = store.context.clock.now()
    for container in task.containers:
        if container.last_status == STOPPED:
            continue  # the agent reported it gone, or it crashed (a non-essential container)
        container.last_status = "RUNNING"
        _give_runtime_id(store, task, container)
    _changed(store, task, "RUNNING")
    container_health.begin(store, task)
    for container in task.containers:
        if container.last_status == "RUNNING" and container.behaviour.exits_after is not None:
            _schedule_exit(store, task, container, container.behaviour.exits_after)


def _give_runtime_id(store: TaskStore, task: Task, container: TaskContainer) -> None:
    if container.runtime_id is None:
        container.runtime_id = f"{task.task_id}-{store.context.ids.digits(10)}"


def _crashed_on_start(store: TaskStore, task: Task) -> bool:
    """Containers that exit as they start (``exits_after=0``) do so; True when one was
    essential: the task stops without having run."""
    essential = False
    for container in task.containers:
        if container.behaviour.exits_after == 0 and container.last_status != STOPPED:
            _give_runtime_id(store, task, container)
            container.last_status = STOPPED
            container.exit_code = container.behaviour.exit_code
            essential |= container.essential
    if essential:
        stop(store, task, ESSENTIAL_EXITED, "TaskFailedToStart")
    return essential


def _schedule_exit(store: TaskStore, task: Task, container: TaskContainer, seconds: float) -> None:
    store.context.clock.after(seconds, lambda: _container_exited(store, task, container))


def _container_exited(store: TaskStore, task: Task, container: TaskContainer) -> None:
    if container.last_status != "RUNNING":
        return  # stopped with its task before
    container.last_status = STOPPED
    container.exit_code = container.behaviour.exit_code
    task.version += 1
    if container.essential:
        stop(store, task, ESSENTIAL_EXITED, "EssentialContainerExited")


def run_now(store: TaskStore, task: Task) -> None:
    """The agent reported the task RUNNING: a task still starting runs at once (the
    steps scheduled for it then find it RUNNING and do nothing)."""
    if task.desired_status != "RUNNING" or task.last_status not in ("PROVISIONING", "PENDING"):
        return
    now = store.context.clock.now()
    if task.last_status == "PROVISIONING":
        task.attachment_status = "ATTACHED"
        task.times["connectivityAt"] = now
        _changed(store, task, "PENDING")
    task.times.setdefault("pullStartedAt", now)
    task.times.setdefault("pullStoppedAt", now)
    _running(store, task)


# ---------------------------------------------------------------------- stopping


def stop(store: TaskStore, task: Task, reason: str, code: str) -> None:
    """Ask the task to stop (nothing happens to a task already asked)."""
    if task.desired_status == STOPPED:
        return
    now = store.context.clock.now()
    task.desired_status = STOPPED
    task.stop_code = code
    task.stopped_reason = reason
    task.times["stoppingAt"] = now
    if task.instance is not None and task.arn in task.instance.tasks:
        task.instance.update_task(task.arn, desired_status=STOPPED)
    task.version += 1
    store.status_changed(task)
    store.context.clock.after(STOPPING_DELAY_SECONDS, lambda: _stopping(store, task))


def _stopping(store: TaskStore, task: Task) -> None:
    started = task.last_status == "RUNNING"
    _changed(store, task, "STOPPING")
    if not started:
        _containers_exited(store, task, None)
        return
    wait = STOP_TIMEOUT_SECONDS if store.containers_ignore_sigterm else GRACEFUL_EXIT_SECONDS
    exit_code = 137 if store.containers_ignore_sigterm else 0
    store.context.clock.after(wait, lambda: _containers_exited(store, task, exit_code))


def _containers_exited(store: TaskStore, task: Task, exit_code: int | None) -> None:
    task.times.setdefault("executionStoppedAt", store.context.clock.now())
    for container in task.containers:
        if container.last_status == STOPPED:
            continue  # exited before (the agent reported it): keeps its exit code
        container.last_status = STOPPED
        container.exit_code = exit_code
    if task.interface is not None:
        _changed(store, task, "DEPROVISIONING")
        task.attachment_status = "DETACHING"
        store.context.clock.after(DEPROVISION_SECONDS, lambda: _deprovisioned(store, task))
    else:
        _changed(store, task)
        store.context.clock.after(CLEANUP_SECONDS, lambda: _stopped(store, task))


def _deprovisioned(store: TaskStore, task: Task) -> None:
    if task.interface is not None:
        store.release_interface(task.interface.interface_id)
    task.attachment_status = "DELETED"
    _stopped(store, task)


def _stopped(store: TaskStore, task: Task) -> None:
    task.times["stoppedAt"] = store.context.clock.now()
    task.version += 1
    task.last_status = STOPPED
    if task.instance is not None:
        task.instance.remove_task(task.arn)
    store.status_changed(task)
    store.context.clock.call_later(FORGET_AFTER_SECONDS, lambda: store.forget(task))
