"""Container health checks (a container definition's ``healthCheck``) and the task's
``healthStatus``, on the simulated clock. An EC2 bridge task is RUNNING 16 s after
RunTask, so check ``n`` runs at ``16 + n * interval``."""

from __future__ import annotations

import pytest
from ecs_helpers import container, register

RUNNING_AT = 16
CHECK = {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]}


@pytest.fixture
def backend(ecsmock):
    return ecsmock.backend("ecs")


@pytest.fixture
def instance(backend):
    return backend.join_instance("", "m5.large")


def run(ecs, *definitions):
    register(ecs, containerDefinitions=list(definitions))
    [task] = ecs.run_task(taskDefinition="web")["tasks"]
    return task["taskArn"]


def health(ecs, arn):
    """The task's healthStatus and each container's, by name."""
    [task] = ecs.describe_tasks(tasks=[arn])["tasks"]
    return task["healthStatus"], {c["name"]: c["healthStatus"] for c in task["containers"]}


def test_a_passing_check_makes_the_task_healthy_after_one_interval(ecs, ecsmock, instance):
    arn = run(ecs, container(healthCheck=CHECK))
    ecsmock.clock.advance(RUNNING_AT + 29)
    assert health(ecs, arn) == ("UNKNOWN", {"app": "UNKNOWN"})
    ecsmock.clock.advance(1)
    assert health(ecs, arn) == ("HEALTHY", {"app": "HEALTHY"})


def test_retries_failures_in_a_row_make_it_unhealthy_and_a_standalone_task_keeps_running(
    ecs, ecsmock, backend, instance
):
    backend.simulate_image("nginx:1.27", health="unhealthy")
    arn = run(ecs, container(healthCheck=CHECK))  # interval 30, retries 3
    ecsmock.clock.advance(RUNNING_AT + 89)
    assert health(ecs, arn) == ("UNKNOWN", {"app": "UNKNOWN"})
    ecsmock.clock.advance(1)
    assert health(ecs, arn) == ("UNHEALTHY", {"app": "UNHEALTHY"})
    ecsmock.clock.settle()
    [task] = ecs.describe_tasks(tasks=[arn])["tasks"]
    assert (task["lastStatus"], task["desiredStatus"]) == ("RUNNING", "RUNNING")
    assert ecsmock.clock.pending() == 0  # no check is left scheduled


def test_failures_inside_the_start_period_do_not_count(ecs, ecsmock, backend, instance):
    backend.simulate_image("nginx:1.27", health="unhealthy")
    check = {**CHECK, "interval": 10, "retries": 2, "startPeriod": 25}
    arn = run(ecs, container(healthCheck=check))
    # checks at 10 and 20 fall inside the start period; 30 and 40 count
    ecsmock.clock.advance(RUNNING_AT + 39)
    assert health(ecs, arn)[0] == "UNKNOWN"
    ecsmock.clock.advance(1)
    assert health(ecs, arn)[0] == "UNHEALTHY"


def test_once_healthy_failures_count_even_inside_the_start_period(ecs, ecsmock, backend, instance):
    check = {**CHECK, "interval": 10, "retries": 2, "startPeriod": 120}
    arn = run(ecs, container(healthCheck=check))
    ecsmock.clock.advance(RUNNING_AT + 10)
    assert health(ecs, arn)[0] == "HEALTHY"
    backend.simulate_image("nginx:1.27", health="unhealthy")
    ecsmock.clock.advance(19)
    assert health(ecs, arn)[0] == "HEALTHY"
    ecsmock.clock.advance(1)
    assert health(ecs, arn)[0] == "UNHEALTHY"


def test_running_tasks_follow_a_change_of_health_at_their_next_checks(
    ecs, ecsmock, backend, instance
):
    arn = run(ecs, container(healthCheck=CHECK))
    ecsmock.clock.advance(RUNNING_AT + 40)  # HEALTHY since +30, nothing scheduled
    assert ecsmock.clock.pending() == 0
    backend.simulate_image("nginx:1.27", health="unhealthy")
    ecsmock.clock.advance(79)  # checks at +60 and +90 failed
    assert health(ecs, arn)[0] == "HEALTHY"
    ecsmock.clock.advance(1)  # +120: the third failure
    assert health(ecs, arn)[0] == "UNHEALTHY"
    backend.simulate_image("nginx:1.27", health="healthy")
    ecsmock.clock.advance(29)
    assert health(ecs, arn)[0] == "UNHEALTHY"
    ecsmock.clock.advance(1)  # +150: one pass is enough
    assert health(ecs, arn)[0] == "HEALTHY"


def test_an_essential_container_without_a_check_keeps_the_task_unknown(ecs, ecsmock, instance):
    arn = run(ecs, container(healthCheck=CHECK), container("proxy", image="envoy:1"))
    ecsmock.clock.settle()
    assert health(ecs, arn) == ("UNKNOWN", {"app": "HEALTHY", "proxy": "UNKNOWN"})


def test_non_essential_containers_do_not_count(ecs, ecsmock, backend, instance):
    backend.simulate_image("envoy:1", health="unhealthy")
    arn = run(
        ecs,
        container(healthCheck=CHECK),
        container("proxy", image="envoy:1", essential=False, healthCheck=CHECK),
    )
    ecsmock.clock.settle()
    assert health(ecs, arn) == ("HEALTHY", {"app": "HEALTHY", "proxy": "UNHEALTHY"})


def test_any_unhealthy_essential_container_makes_the_task_unhealthy(
    ecs, ecsmock, backend, instance
):
    backend.simulate_image("envoy:1", health="unhealthy")
    arn = run(
        ecs,
        container(healthCheck=CHECK),
        container("proxy", image="envoy:1", healthCheck=CHECK),
        container("logs", image="fluent-bit:3"),
    )
    ecsmock.clock.settle()
    assert health(ecs, arn) == (
        "UNHEALTHY",
        {"app": "HEALTHY", "proxy": "UNHEALTHY", "logs": "UNKNOWN"},
    )


def test_a_container_without_a_check_is_never_checked(ecs, ecsmock, backend, instance):
    backend.simulate_image("nginx:1.27", health="unhealthy")
    arn = run(ecs, container())
    ecsmock.clock.settle()
    assert health(ecs, arn) == ("UNKNOWN", {"app": "UNKNOWN"})


def test_checks_end_when_the_container_exits_and_the_last_result_stays(
    ecs, ecsmock, backend, instance
):
    backend.simulate_image("nginx:1.27", exits_after=45, exit_code=137)
    arn = run(ecs, container(healthCheck=CHECK))
    ecsmock.clock.advance(RUNNING_AT + 120)
    [task] = ecs.describe_tasks(tasks=[arn])["tasks"]
    assert (task["lastStatus"], task["stopCode"]) == ("STOPPED", "EssentialContainerExited")
    assert task["healthStatus"] == task["containers"][0]["healthStatus"] == "HEALTHY"


def test_status_listeners_hear_of_the_task_s_health(ecs, ecsmock, backend, instance):
    seen = []
    backend.tasks.status_listeners.append(lambda task: seen.append(task.health_status))
    arn = run(ecs, container(healthCheck=CHECK))
    ecsmock.clock.advance(RUNNING_AT + 30)
    backend.simulate_image("nginx:1.27", health="unhealthy")
    ecsmock.clock.advance(90)
    assert health(ecs, arn)[0] == "UNHEALTHY"
    # RUNNING (health not known yet), then the two changes of health
    assert seen == ["UNKNOWN", "HEALTHY", "UNHEALTHY"]


@pytest.mark.ecsmock(lifecycle="instant")
def test_instant_lifecycle_resolves_checks_at_once(ecs, ecsmock, backend, instance):
    backend.simulate_image("redis:*", health="unhealthy")
    register(
        ecs,
        containerDefinitions=[
            container(healthCheck=CHECK),
            container("cache", image="redis:7", essential=False, healthCheck=CHECK),
        ],
    )
    [task] = ecs.run_task(taskDefinition="web")["tasks"]
    assert task["healthStatus"] == "HEALTHY"
    assert [c["healthStatus"] for c in task["containers"]] == ["HEALTHY", "UNHEALTHY"]
    backend.simulate_image("nginx:*", health="unhealthy")
    assert health(ecs, task["taskArn"])[0] == "UNHEALTHY"
    assert ecsmock.clock.elapsed().total_seconds() == 0
