"""Task scale-in protection and ExecuteCommand."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from ecs_helpers import ACCOUNT, REGION, container, raises_aws, register

NOT_ENABLED = (
    "The execute command failed because execute command was not enabled when the task "
    "was run or the execute command agent isn't running. Wait and try the command again "
    "or run a new task with execute command enabled and try again."
)


@pytest.fixture
def backend(ecsmock):
    backend = ecsmock.backend("ecs")
    backend.join_instance("", "m5.large")
    return backend


def run(ecs, **request):
    [task] = ecs.run_task(taskDefinition="web", **request)["tasks"]
    return task


def test_protection_of_a_standalone_task_is_task_not_valid(ecs, backend):
    register(ecs)
    task = run(ecs)
    unknown = "0123456789abcdef0123456789abcdef"
    expected = [
        {"arn": task["taskArn"], "reason": "TASK_NOT_VALID"},
        {"arn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:task/default/{unknown}", "reason": "MISSING"},
    ]
    answer = ecs.update_task_protection(
        cluster="default", tasks=[task["taskArn"], unknown], protectionEnabled=True
    )
    assert (answer["protectedTasks"], answer["failures"]) == ([], expected)
    answer = ecs.get_task_protection(cluster="default", tasks=[task["taskArn"], unknown])
    assert (answer["protectedTasks"], answer["failures"]) == ([], expected)


def test_protection_parameters_are_checked(ecs, backend):
    register(ecs)
    task = run(ecs)
    for minutes in (0, 2881):
        with raises_aws(
            "InvalidParameterException", "expiresInMinutes must be between 1 and 2880."
        ):
            ecs.update_task_protection(
                cluster="default",
                tasks=[task["taskArn"]],
                protectionEnabled=True,
                expiresInMinutes=minutes,
            )
    with raises_aws("InvalidParameterException", "tasks can have at most 10 items."):
        ecs.update_task_protection(
            cluster="default", tasks=[task["taskArn"]] * 11, protectionEnabled=True
        )
    with raises_aws("InvalidParameterException", "Tasks cannot be empty."):
        ecs.update_task_protection(cluster="default", tasks=[], protectionEnabled=True)


def test_a_service_task_is_protected_on_the_simulated_clock(ecs, ecsmock, backend):
    # services are not simulated yet: mark the task as theirs the way they will
    register(ecs)
    task = run(ecs)
    backend.tasks.find_by_arn(task["taskArn"]).service_name = "web"
    before = ecsmock.clock.now()
    [protected] = ecs.update_task_protection(
        cluster="default", tasks=[task["taskArn"]], protectionEnabled=True, expiresInMinutes=30
    )["protectedTasks"]
    assert protected["protectionEnabled"] is True
    assert protected["expirationDate"] == before + timedelta(minutes=30)
    [default] = ecs.update_task_protection(
        cluster="default", tasks=[task["taskArn"]], protectionEnabled=True
    )["protectedTasks"]
    assert default["expirationDate"] == before + timedelta(minutes=120)
    ecsmock.clock.advance(120 * 60)
    [expired] = ecs.get_task_protection(cluster="default", tasks=[task["taskArn"]])[
        "protectedTasks"
    ]
    assert expired == {"taskArn": task["taskArn"], "protectionEnabled": False}


def test_execute_command_opens_a_session_in_the_running_container(ecs, ecsmock, backend):
    register(ecs)
    task = run(ecs, enableExecuteCommand=True)
    ecsmock.clock.advance(16)
    answer = ecs.execute_command(
        cluster="default", task=task["taskArn"], command="/bin/sh", interactive=True
    )
    session = answer["session"]
    assert answer["taskArn"] == task["taskArn"]
    assert answer["clusterArn"] == task["clusterArn"]
    assert answer["containerArn"] == task["containers"][0]["containerArn"]
    assert (answer["containerName"], answer["interactive"]) == ("app", True)
    assert re.fullmatch(r"ecs-execute-command-[0-9a-f]{17}", session["sessionId"])
    assert session["streamUrl"] == (
        f"wss://ssmmessages.{REGION}.amazonaws.com/v1/data-channel/"
        f"{session['sessionId']}?role=publish_subscribe"
    )
    assert session["tokenValue"]
    recorded = backend.tasks.find_by_arn(task["taskArn"]).sessions
    assert recorded == [
        {"sessionId": session["sessionId"], "container": "app", "command": "/bin/sh"}
    ]


def test_execute_command_refusals(ecs, ecsmock, backend):
    register(ecs, containerDefinitions=[container(), container("sidecar", memory=64)])
    plain = run(ecs)
    enabled = run(ecs, enableExecuteCommand=True)
    request = {"cluster": "default", "command": "ls", "interactive": True}
    with raises_aws("TargetNotConnectedException", _not_connected()):
        ecs.execute_command(task=enabled["taskArn"], container="app", **request)
    ecsmock.clock.advance(16)
    with raises_aws("InvalidParameterException", NOT_ENABLED):
        ecs.execute_command(task=plain["taskArn"], container="app", **request)
    with raises_aws(
        "InvalidParameterException", "Interactive is the only mode supported currently."
    ):
        ecs.execute_command(
            task=enabled["taskArn"], container="app", **{**request, "interactive": False}
        )
    with raises_aws(
        "InvalidParameterException",
        "The container name must be specified for tasks with more than one container.",
    ):
        ecs.execute_command(task=enabled["taskArn"], **request)
    with raises_aws(
        "InvalidParameterException", "The specified container was not found in the task."
    ):
        ecs.execute_command(task=enabled["taskArn"], container="ghost", **request)
    ecs.stop_task(task=enabled["taskArn"])
    with raises_aws("TargetNotConnectedException", _not_connected()):
        ecs.execute_command(task=enabled["taskArn"], container="app", **request)
    assert backend.tasks.find_by_arn(enabled["taskArn"]).sessions == []


def _not_connected():
    return "The execute command failed due to an internal error. Try again later."
