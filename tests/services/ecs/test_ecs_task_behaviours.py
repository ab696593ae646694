"""How the simulated containers behave: images that cannot be pulled, containers that
exit on their own (``EcsBackend.simulate_image``)."""

from __future__ import annotations

import pytest
from botocore.exceptions import WaiterError
from ecs_helpers import ECR_IMAGE, container, fargate, register

from pytest_ecsmock.errors import EcsmockUsageError

BROKEN = "nginx:broken"
EC2_PULL_ERROR = (
    "CannotPullContainerError: Error response from daemon: manifest for nginx:broken not "
    "found: manifest unknown: manifest unknown"
)
NETWORK = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}


@pytest.fixture
def backend(ecsmock):
    return ecsmock.backend("ecs")


@pytest.fixture
def instance(backend):
    return backend.join_instance("", "m5.large")


def describe(ecs, arn):
    [task] = ecs.describe_tasks(tasks=[arn])["tasks"]
    return task


def containers(task):
    return {c["name"]: c for c in task["containers"]}


def run(ecs, *definitions, **request):
    register(ecs, containerDefinitions=list(definitions) or [container(image=BROKEN)])
    [task] = ecs.run_task(taskDefinition="web", **request)["tasks"]
    return task["taskArn"]


# ---------------------------------------------------------------------- pulls


def test_a_failed_pull_stops_the_task_before_it_runs(ecs, ecsmock, backend, instance):
    backend.simulate_image(BROKEN, pull_fails=True)
    arn = run(ecs)
    ecsmock.clock.advance(1)
    pulling = describe(ecs, arn)
    assert (pulling["lastStatus"], pulling["desiredStatus"]) == ("PENDING", "RUNNING")
    assert "pullStartedAt" in pulling
    assert "pullStoppedAt" not in pulling

    ecsmock.clock.advance(10)
    failed = describe(ecs, arn)
    assert (failed["lastStatus"], failed["desiredStatus"]) == ("PENDING", "STOPPED")
    assert failed["stopCode"] == "TaskFailedToStart"
    assert failed["stoppedReason"] == EC2_PULL_ERROR
    assert failed["pullStoppedAt"] == failed["stoppingAt"]
    app = containers(failed)["app"]
    assert (app["lastStatus"], app["reason"]) == ("STOPPED", EC2_PULL_ERROR)

    ecsmock.clock.advance(1)
    assert describe(ecs, arn)["lastStatus"] == "STOPPING"
    ecsmock.clock.advance(1)
    stopped = describe(ecs, arn)
    assert stopped["lastStatus"] == "STOPPED"
    assert "startedAt" not in stopped
    assert "exitCode" not in containers(stopped)["app"]
    [described] = ecs.describe_container_instances(containerInstances=[instance.arn])[
        "containerInstances"
    ]
    assert (described["runningTasksCount"], described["pendingTasksCount"]) == (0, 0)


def test_the_tasks_running_waiter_fails_with_the_pull_error(ecs, backend, instance):
    backend.simulate_image(BROKEN, pull_fails=True)
    arn = run(ecs)
    with pytest.raises(WaiterError) as caught:
        ecs.get_waiter("tasks_running").wait(tasks=[arn])
    [task] = caught.value.last_response["tasks"]
    assert (task["lastStatus"], task["stoppedReason"]) == ("STOPPED", EC2_PULL_ERROR)


def test_fargate_gives_containerd_s_text_with_the_full_reference(ecs, ecsmock, backend):
    ecs.create_cluster(clusterName="default")
    backend.simulate_image("nginx:*", pull_fails=True)
    ecs.register_task_definition(**fargate())  # nginx:1.27
    [task] = ecs.run_task(taskDefinition="web", launchType="FARGATE", networkConfiguration=NETWORK)[
        "tasks"
    ]
    ecsmock.clock.advance(60)
    stopped = describe(ecs, task["taskArn"])
    expected = (
        "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to "
        "resolve ref docker.io/library/nginx:1.27: docker.io/library/nginx:1.27: not found"
    )
    assert (stopped["lastStatus"], stopped["stopCode"]) == ("STOPPED", "TaskFailedToStart")
    assert stopped["stoppedReason"] == containers(stopped)["app"]["reason"] == expected
    assert stopped["attachments"][0]["status"] == "DELETED"


def test_an_ecr_image_that_is_not_there(ecs, ecsmock, backend, instance):
    backend.simulate_image(ECR_IMAGE, pull_fails=True)
    arn = run(ecs, container(image=ECR_IMAGE))
    ecsmock.clock.advance(60)
    assert describe(ecs, arn)["stoppedReason"] == (
        f"CannotPullContainerError: Error response from daemon: manifest for {ECR_IMAGE} not "
        "found: manifest unknown: Requested image not found"
    )


def test_a_non_essential_container_that_cannot_be_pulled_stops_alone(
    ecs, ecsmock, backend, instance
):
    backend.simulate_image("busybox:*", pull_fails=True)
    arn = run(ecs, container(), container("sidecar", image="busybox:1", essential=False))
    ecsmock.clock.advance(16)
    task = describe(ecs, arn)
    assert (task["lastStatus"], task["desiredStatus"]) == ("RUNNING", "RUNNING")
    sidecar = containers(task)["sidecar"]
    assert sidecar["lastStatus"] == "STOPPED"
    assert sidecar["reason"].startswith("CannotPullContainerError: ")
    assert containers(task)["app"]["lastStatus"] == "RUNNING"


def test_an_exact_image_wins_over_a_pattern_and_a_longer_pattern_over_a_shorter(
    ecs, ecsmock, backend, instance
):
    backend.simulate_image("*", pull_fails=True)
    backend.simulate_image("nginx:*", exits_after=30)
    backend.simulate_image("nginx:1.27")
    arns = {
        image: run(ecs, container(image=image)) for image in ("redis:7", "nginx:1.25", "nginx:1.27")
    }
    ecsmock.clock.advance(60)
    tasks = {image: describe(ecs, arn) for image, arn in arns.items()}
    assert tasks["redis:7"]["stopCode"] == "TaskFailedToStart"
    assert tasks["nginx:1.25"]["stopCode"] == "EssentialContainerExited"
    assert tasks["nginx:1.27"]["lastStatus"] == "RUNNING"


# ---------------------------------------------------------------------- exits


def test_an_essential_container_that_exits_stops_the_task(ecs, ecsmock, backend, instance):
    backend.simulate_image(BROKEN, exits_after=60, exit_code=3)
    arn = run(ecs, container(image=BROKEN), container("sidecar", essential=False))
    ecsmock.clock.advance(16 + 59)
    assert describe(ecs, arn)["lastStatus"] == "RUNNING"
    ecsmock.clock.advance(1)
    exited = describe(ecs, arn)
    assert (exited["lastStatus"], exited["desiredStatus"]) == ("RUNNING", "STOPPED")
    assert exited["stopCode"] == "EssentialContainerExited"
    assert exited["stoppedReason"] == "Essential container in task exited"
    app = containers(exited)["app"]
    assert (app["lastStatus"], app["exitCode"]) == ("STOPPED", 3)
    assert "reason" not in app

    ecsmock.clock.advance(60)
    stopped = describe(ecs, arn)
    assert stopped["lastStatus"] == "STOPPED"
    assert [(c["name"], c["exitCode"]) for c in stopped["containers"]] == [
        ("app", 3),
        ("sidecar", 0),
    ]


def test_a_non_essential_container_that_exits_leaves_the_task_running(
    ecs, ecsmock, backend, instance
):
    backend.simulate_image("busybox:1", exits_after=5, exit_code=0)
    arn = run(ecs, container(), container("migrate", image="busybox:1", essential=False))
    ecsmock.clock.settle()
    task = describe(ecs, arn)
    assert (task["lastStatus"], task["desiredStatus"]) == ("RUNNING", "RUNNING")
    migrate = containers(task)["migrate"]
    assert (migrate["lastStatus"], migrate["exitCode"]) == ("STOPPED", 0)


def test_exits_after_zero_crashes_as_it_starts_so_the_task_never_runs(
    ecs, ecsmock, backend, instance
):
    backend.simulate_image(BROKEN, exits_after=0)
    arn = run(ecs, container(image=BROKEN), container("sidecar", essential=False))
    ecsmock.clock.advance(16)
    crashed = describe(ecs, arn)
    assert (crashed["lastStatus"], crashed["desiredStatus"]) == ("PENDING", "STOPPED")
    assert crashed["stopCode"] == "TaskFailedToStart"
    assert crashed["stoppedReason"] == "Essential container in task exited"
    assert "startedAt" not in crashed
    app = containers(crashed)["app"]
    assert (app["lastStatus"], app["exitCode"]) == ("STOPPED", 1)
    assert "runtimeId" in app
    ecsmock.clock.advance(60)
    stopped = describe(ecs, arn)
    assert stopped["lastStatus"] == "STOPPED"
    assert "exitCode" not in containers(stopped)["sidecar"]  # it never started


def test_tasks_take_the_behaviour_of_their_images_when_they_are_run(
    ecs, ecsmock, backend, instance
):
    before = run(ecs, container(image=BROKEN))
    backend.simulate_image(BROKEN, pull_fails=True)
    after = ecs.run_task(taskDefinition="web")["tasks"][0]["taskArn"]
    backend.simulate_image(BROKEN)  # back to normal: the second task still fails
    ecsmock.clock.advance(60)
    assert describe(ecs, before)["lastStatus"] == "RUNNING"
    assert describe(ecs, after)["stoppedReason"] == EC2_PULL_ERROR


def test_start_task_takes_the_behaviour_too(ecs, ecsmock, backend, instance):
    backend.simulate_image(BROKEN, pull_fails=True)
    register(ecs, containerDefinitions=[container(image=BROKEN)])
    [task] = ecs.start_task(taskDefinition="web", containerInstances=[instance.arn])["tasks"]
    ecsmock.clock.advance(60)
    stopped = describe(ecs, task["taskArn"])
    assert (stopped["lastStatus"], stopped["stoppedReason"]) == ("STOPPED", EC2_PULL_ERROR)


def test_status_listeners_see_the_failed_start(ecs, ecsmock, backend, instance):
    seen = []
    backend.tasks.status_listeners.append(
        lambda task: seen.append((task.last_status, task.desired_status))
    )
    backend.simulate_image(BROKEN, pull_fails=True)
    run(ecs)
    ecsmock.clock.settle()
    assert seen == [("PENDING", "STOPPED"), ("STOPPING", "STOPPED"), ("STOPPED", "STOPPED")]


# ---------------------------------------------------------------------- instant


@pytest.mark.ecsmock(lifecycle="instant")
def test_instant_lifecycle_fails_the_pull_at_once(ecs, backend, instance):
    backend.simulate_image(BROKEN, pull_fails=True)
    register(ecs, containerDefinitions=[container(image=BROKEN)])
    [task] = ecs.run_task(taskDefinition="web")["tasks"]
    assert (task["lastStatus"], task["stoppedReason"]) == ("STOPPED", EC2_PULL_ERROR)


@pytest.mark.ecsmock(lifecycle="instant")
def test_instant_lifecycle_runs_the_container_to_its_exit(ecs, ecsmock, backend, instance):
    backend.simulate_image(BROKEN, exits_after=600, exit_code=2)
    register(ecs, containerDefinitions=[container(image=BROKEN)])
    [task] = ecs.run_task(taskDefinition="web")["tasks"]
    assert (task["lastStatus"], task["stopCode"]) == ("STOPPED", "EssentialContainerExited")
    assert "startedAt" in task
    assert task["containers"][0]["exitCode"] == 2
    assert ecsmock.clock.elapsed().total_seconds() == 0


# ---------------------------------------------------------------------- misuse


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ({"image": ""}, "image must be an image reference"),
        ({"image": "nginx:*-alpine"}, "'*' only at its end"),
        ({"pull_fails": "yes"}, "pull_fails must be True or False"),
        ({"health": "sick"}, "health must be 'healthy' or 'unhealthy'"),
        ({"exits_after": -1}, "exits_after must be a number of seconds"),
        ({"exits_after": True}, "exits_after must be a number of seconds"),
        ({"exits_after": 1e12}, "from 0 to 315360000 (10 years), not 1000000000000.0"),
        ({"exits_after": 315360001}, "from 0 to 315360000 (10 years), not 315360001"),
        ({"exits_after": float("inf")}, "exits_after must be a number of seconds"),
        ({"exits_after": float("nan")}, "exits_after must be a number of seconds"),
        ({"exit_code": 2}, "exit_code needs exits_after"),
        ({"exits_after": 1, "exit_code": 256}, "exit_code must be a whole number from 0 to 255"),
        ({"pull_fails": True, "exits_after": 5}, "pull_fails=True cannot be combined"),
        ({"pull_fails": True, "health": "unhealthy"}, "pull_fails=True cannot be combined"),
    ],
)
def test_what_cannot_be_simulated_is_refused(backend, settings, problem):
    settings = {"image": BROKEN, **settings}
    with pytest.raises(EcsmockUsageError) as caught:
        backend.simulate_image(settings.pop("image"), **settings)
    assert str(caught.value).startswith("simulate_image: ")
    assert problem in str(caught.value)
    assert "how-the-simulated-containers-behave" in str(caught.value)
    assert backend.tasks.images.of(BROKEN).pull_fails is False  # nothing was kept
    assert backend.tasks.images.of(BROKEN).exits_after is None


def test_a_refused_exit_time_leaves_the_image_running_normally(ecs, ecsmock, backend, instance):
    with pytest.raises(EcsmockUsageError):
        backend.simulate_image(BROKEN, exits_after=1e12)
    arn = run(ecs)
    ecsmock.clock.advance(3600)
    task = describe(ecs, arn)
    assert (task["lastStatus"], task["desiredStatus"]) == ("RUNNING", "RUNNING")
    assert "exitCode" not in containers(task)["app"]


def test_a_container_may_run_ten_years_before_it_exits(ecs, ecsmock, backend, instance):
    ten_years = 10 * 365 * 24 * 3600
    backend.simulate_image(BROKEN, exits_after=ten_years, exit_code=4)
    arn = run(ecs)
    ecsmock.clock.advance(16 + ten_years - 1)
    assert describe(ecs, arn)["lastStatus"] == "RUNNING"
    ecsmock.clock.advance(1)
    task = describe(ecs, arn)
    assert task["stopCode"] == "EssentialContainerExited"
    assert containers(task)["app"]["exitCode"] == 4
