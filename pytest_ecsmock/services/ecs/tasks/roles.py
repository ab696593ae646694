"""``strict_roles``: a task's roles must exist and trust ecs-tasks.amazonaws.com.

Without the option, role ARNs are checked for their form only (at registration).
"""

from __future__ import annotations

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.task_definitions import TaskDefinition
from pytest_ecsmock.services.ecs.tasks.overrides import Overrides

UNABLE_TO_ASSUME = (
    "ECS was unable to assume the role '{role}' that was provided for this task. Please "
    "verify that the role being passed has the proper trust relationship and permissions "
    "and that your IAM user has permissions to pass this role."
)


def check_task_roles(
    context: BackendContext, definition: TaskDefinition, overrides: Overrides
) -> None:
    """Refuse the task when a role it would use cannot be assumed by ECS tasks."""
    if context.check_role is None:
        return
    for member in ("taskRoleArn", "executionRoleArn"):
        role = overrides.echo.get(member) or definition.document.get(member)
        if not role:
            continue
        exists, trusts = context.check_role(str(role))
        if not (exists and trusts):
            raise errors.ClientException(UNABLE_TO_ASSUME.format(role=role))
