"""ExecuteCommand: the session ECS Exec would open in a container of a running task.
No command runs: the mock answers as ECS does and keeps the request in
``Task.sessions``."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs import errors

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.backend import EcsBackend

ONLY_INTERACTIVE = "Interactive is the only mode supported currently."
NOT_ENABLED = (
    "The execute command failed because execute command was not enabled when the task "
    "was run or the execute command agent isn't running. Wait and try the command again "
    "or run a new task with execute command enabled and try again."
)
NOT_CONNECTED = "The execute command failed due to an internal error. Try again later."
NAME_NEEDED = "The container name must be specified for tasks with more than one container."
NO_CONTAINER = "The specified container was not found in the task."


def execute_command(ecs: EcsBackend, params: dict[str, Any]) -> dict[str, Any]:
    cluster = ecs.cluster(params.get("cluster"))
    task = ecs.tasks.get(cluster, params["task"])
    if not params["interactive"]:
        raise errors.InvalidParameterException(ONLY_INTERACTIVE)
    name = params.get("container")
    if name is None:
        if len(task.containers) > 1:
            raise errors.InvalidParameterException(NAME_NEEDED)
        container = task.containers[0]
    else:
        matches = [c for c in task.containers if c.name == name]
        if not matches:
            raise errors.InvalidParameterException(NO_CONTAINER)
        container = matches[0]
    if not task.enable_execute_command:
        raise errors.InvalidParameterException(NOT_ENABLED)
    if task.last_status != "RUNNING" or task.desired_status != "RUNNING":
        raise errors.TargetNotConnectedException(NOT_CONNECTED)
    ids = ecs.context.ids
    session_id = f"ecs-execute-command-{ids.hex(17)}"
    token = base64.b64encode(bytes.fromhex(ids.hex(96))).decode()
    task.sessions.append(
        {"sessionId": session_id, "container": container.name, "command": params["command"]}
    )
    region = ecs.context.region
    return {
        "clusterArn": cluster.arn,
        "containerArn": container.arn,
        "containerName": container.name,
        "interactive": True,
        "session": {
            "sessionId": session_id,
            "streamUrl": f"wss://ssmmessages.{region}.amazonaws.com/v1/data-channel/"
            f"{session_id}?role=publish_subscribe",
            "tokenValue": token,
        },
        "taskArn": task.arn,
    }
