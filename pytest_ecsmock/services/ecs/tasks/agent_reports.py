"""What the ECS agent reports about tasks (SubmitTaskStateChange,
SubmitContainerStateChange, SubmitAttachmentStateChanges) and its effect on them.

A test plays the agent: a container that crashes is reported STOPPED with its exit
code, and ECS stops the task when the container was essential. Every report is checked
whole before anything changes; a STOPPED task takes no report (it is acknowledged).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.params import check_enum
from pytest_ecsmock.services.ecs.tasks import lifecycle
from pytest_ecsmock.services.ecs.tasks.model import STOPPED, Task, TaskContainer

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.clusters import Cluster
    from pytest_ecsmock.services.ecs.tasks.store import TaskStore

TASK_NOT_FOUND = "The referenced task was not found."
CONTAINER_NOT_FOUND = "The referenced container was not found."
ATTACHMENT_NOT_FOUND = "The referenced attachment was not found."
CONTAINER_STATUSES = ("PENDING", "RUNNING", "STOPPED")
TASK_STATUSES = ("PENDING", "RUNNING", "STOPPED")
ATTACHMENT_STATUSES = (
    "PRECREATED",
    "CREATED",
    "ATTACHING",
    "ATTACHED",
    "DETACHING",
    "DETACHED",
    "DELETED",
    "FAILED",
)
ESSENTIAL_EXITED = "Essential container in task exited"
#: our text when the agent stops a task that never ran and gives no reason
FAILED_TO_START = "Task failed to start"
TIMES = ("pullStartedAt", "pullStoppedAt", "executionStoppedAt")
BINDING_KEYS = ("bindIP", "containerPort", "hostPort", "protocol")


def no_tasks(params: dict[str, Any]) -> None:
    """The answer when no task exists at all: whatever a report names is not found."""
    if "task" in params or not params.get("attachments"):
        raise errors.InvalidParameterException(TASK_NOT_FOUND)
    raise errors.InvalidParameterException(ATTACHMENT_NOT_FOUND)


def _task(store: TaskStore, params: dict[str, Any]) -> tuple[Cluster, Task]:
    cluster = store.clusters.get(params.get("cluster"))
    reference = params.get("task")
    task = None if reference is None else store.find(cluster, reference)
    if task is None:
        raise errors.InvalidParameterException(TASK_NOT_FOUND)
    return cluster, task


def _container(task: Task, change: dict[str, Any]) -> TaskContainer:
    name = change.get("containerName")
    for container in task.containers:
        if container.name == name:
            if "status" in change:
                check_enum(change["status"], CONTAINER_STATUSES, "status")
            return container
    raise errors.InvalidParameterException(CONTAINER_NOT_FOUND)


def _apply_container(task: Task, container: TaskContainer, change: dict[str, Any]) -> bool:
    """Update one container; True when an essential container stopped."""
    status = change.get("status")
    if change.get("runtimeId") is not None:
        container.runtime_id = change["runtimeId"]
    if change.get("imageDigest") is not None:
        container.image_digest = change["imageDigest"]
    if change.get("networkBindings") is not None:
        container.bindings = [
            {key: binding[key] for key in BINDING_KEYS if key in binding}
            for binding in change["networkBindings"]
        ]
    if change.get("reason") is not None:
        container.reason = change["reason"]
    if change.get("exitCode") is not None:
        container.exit_code = change["exitCode"]
    if status is not None and container.last_status != STOPPED:
        container.last_status = status
    task.version += 1
    return status == STOPPED and container.essential


MANAGED_AGENTS = ("ExecuteCommandAgent",)


def _apply_managed_agent(store: TaskStore, container: TaskContainer, agent: dict[str, Any]) -> None:
    """A managed agent (ExecuteCommandAgent) of a container reported its status."""
    name = agent["managedAgentName"]
    shown: dict[str, Any] = {"name": name, "lastStatus": agent["status"]}
    if agent.get("reason") is not None:
        shown["reason"] = agent["reason"]
    if agent["status"] == "RUNNING":
        shown["lastStartedAt"] = store.context.clock.now()
    elif name in container.managed_agents and "lastStartedAt" in container.managed_agents[name]:
        shown["lastStartedAt"] = container.managed_agents[name]["lastStartedAt"]
    container.managed_agents[name] = shown


def _stop_for(store: TaskStore, task: Task, reason: str | None) -> None:
    """The task stops because a container exited or the agent said so."""
    if "startedAt" in task.times:
        lifecycle.stop(store, task, reason or ESSENTIAL_EXITED, "EssentialContainerExited")
    else:
        lifecycle.stop(store, task, reason or FAILED_TO_START, "TaskFailedToStart")


def container_state_change(store: TaskStore, params: dict[str, Any]) -> None:
    """SubmitContainerStateChange."""
    _, task = _task(store, params)
    if not task.live:
        return
    container = _container(task, params)
    if _apply_container(task, container, params):
        _stop_for(store, task, None)


def task_state_change(store: TaskStore, params: dict[str, Any]) -> None:
    """SubmitTaskStateChange: its containers, attachments and timestamps, then the
    task's status (RUNNING starts a task still starting, STOPPED stops it)."""
    cluster, task = _task(store, params)
    status = params.get("status")
    if status is not None:
        check_enum(status, TASK_STATUSES, "status")
    if not task.live:
        return
    changes = [(_container(task, change), change) for change in params.get("containers", [])]
    agents = [(_container(task, agent), agent) for agent in params.get("managedAgents", [])]
    for _, agent in agents:
        check_enum(agent["managedAgentName"], MANAGED_AGENTS, "managedAgentName")
    attachments = [
        (_attachment_task(store, cluster, change), change["status"])
        for change in params.get("attachments", [])
    ]
    essential_exited = False
    for container, change in changes:
        essential_exited |= _apply_container(task, container, change)
    for owner, attachment_status in attachments:
        _set_attachment(owner, attachment_status)
    for container, agent in agents:
        _apply_managed_agent(store, container, agent)
    for name in TIMES:
        if params.get(name) is not None:
            task.times[name] = params[name]
    if status == STOPPED or essential_exited:
        _stop_for(store, task, params.get("reason"))
    elif status == "RUNNING":
        lifecycle.run_now(store, task)


def _attachment_task(store: TaskStore, cluster: Cluster, change: dict[str, Any]) -> Task:
    check_enum(change.get("status"), ATTACHMENT_STATUSES, "status")
    attachment_id = str(change.get("attachmentArn", "")).rpartition("/")[2]
    for task in store.tasks.values():
        if task.cluster is cluster and attachment_id and task.attachment_id == attachment_id:
            return task
    raise errors.InvalidParameterException(ATTACHMENT_NOT_FOUND)


def _set_attachment(task: Task, status: str) -> None:
    if task.live:
        task.attachment_status = status
        task.version += 1


def attachment_state_changes(store: TaskStore, params: dict[str, Any]) -> None:
    """SubmitAttachmentStateChanges: the status of the tasks' ENI attachments."""
    cluster = store.clusters.get(params.get("cluster"))
    found = [
        (_attachment_task(store, cluster, change), change["status"])
        for change in params["attachments"]
    ]
    for task, status in found:
        _set_attachment(task, status)
