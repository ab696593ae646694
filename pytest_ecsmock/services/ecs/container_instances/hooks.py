"""Where the task and service code plug into the container instances.

Each list holds callbacks, called in order after the change is made (so a callback
sees the new state). A callback that raises an AWS error fails the call.

* ``registered(instance)``: a new instance joined the cluster (DAEMON services start
  a task there; services waiting for room try again).
* ``attributes_changed(instance)``: PutAttributes or DeleteAttributes changed its
  attributes (services whose constraints read them look again).
* ``deregistered(instance, forced)``: the instance turned INACTIVE. Its live tasks are
  still in ``instance.tasks``; with ``forced`` (DeregisterContainerInstance with
  ``force`` while tasks lived) the task code stops them ("Container instance
  deregistration forced by user") and services replace them.
* ``status_changed(instance, previous)``: UpdateContainerInstancesState moved an
  instance between ACTIVE and DRAINING. On DRAINING the service scheduler replaces the
  service tasks of the instance; standalone tasks keep running.
* ``task_state_change(params)``, ``container_state_change(params)``,
  ``attachment_state_changes(params)``: what the agent reported with
  SubmitTaskStateChange, SubmitContainerStateChange and SubmitAttachmentStateChanges
  (the decoded parameters). The task store handles them (the task or container
  changes state); before any task exists, the report names an unknown task.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pytest_ecsmock.services.ecs.container_instances.model import ContainerInstance

AgentReport = Callable[[dict[str, Any]], None]


@dataclass
class ContainerInstanceHooks:
    registered: list[Callable[[ContainerInstance], None]] = field(default_factory=list)
    attributes_changed: list[Callable[[ContainerInstance], None]] = field(default_factory=list)
    deregistered: list[Callable[[ContainerInstance, bool], None]] = field(default_factory=list)
    status_changed: list[Callable[[ContainerInstance, str], None]] = field(default_factory=list)
    task_state_change: list[AgentReport] = field(default_factory=list)
    container_state_change: list[AgentReport] = field(default_factory=list)
    attachment_state_changes: list[AgentReport] = field(default_factory=list)
