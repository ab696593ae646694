"""ECS tasks: running them (RunTask), their life on the simulated clock, stopping,
describing and listing them. docs/services/ecs.md, "Tasks", tells the behaviour."""

from __future__ import annotations

from pytest_ecsmock.services.ecs.tasks.model import Task, TaskContainer
from pytest_ecsmock.services.ecs.tasks.store import TaskStore

__all__ = ["Task", "TaskContainer", "TaskStore"]
