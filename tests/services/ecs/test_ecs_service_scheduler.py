"""The service scheduler: starting and replacing tasks, scaling, rolling updates within
minimumHealthyPercent and maximumPercent, placement failures, DAEMON services and
draining instances, on the simulated clock."""

from __future__ import annotations

import boto3
import pytest
from ecs_helpers import REGION, fargate
from service_helpers import describe, messages, service_tasks, web_definition

from pytest_ecsmock import mock_ecs

STEADY = "(service web) has reached a steady state."


@pytest.fixture(autouse=True)
def default_cluster(ecs):
    ecs.create_cluster(clusterName="default")


@pytest.fixture
def backend(ecsmock):
    return ecsmock.backend("ecs")


def join(backend, zones="ab", instance_type="m5.large"):
    return [
        backend.join_instance("", instance_type, availability_zone=f"{REGION}{zone}")
        for zone in zones
    ]


def test_a_service_starts_its_tasks_spread_over_the_zones(ecs, ecsmock, backend):
    join(backend, "abab")
    web_definition(ecs)
    ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=4)
    ecsmock.clock.advance(2)
    started = describe(ecs)
    assert started["pendingCount"] == 4
    assert messages(started)[0].startswith("(service web) has started 4 tasks: (task ")
    ecs.get_waiter("services_stable").wait(services=["web"])
    service = describe(ecs)
    assert (service["runningCount"], service["pendingCount"]) == (4, 0)
    assert service["deployments"][0]["rolloutState"] == "IN_PROGRESS"  # not healthy yet
    ecsmock.clock.advance(45)  # tasks without health checks count as healthy after 40 s
    service = describe(ecs)
    [deployment] = service["deployments"]
    assert (deployment["rolloutState"], deployment["runningCount"]) == ("COMPLETED", 4)
    assert deployment["rolloutStateReason"] == f"ECS deployment {deployment['id']} completed."
    assert messages(service)[-2:] == [
        f"(service web) (deployment {deployment['id']}) deployment completed.",
        STEADY,
    ]
    zones = sorted(task["availabilityZone"] for task in service_tasks(ecs))
    assert zones == [f"{REGION}a", f"{REGION}a", f"{REGION}b", f"{REGION}b"]


def test_a_stopped_task_is_replaced(ecs, ecsmock, backend):
    join(backend)
    web_definition(ecs)
    ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=2)
    ecs.get_waiter("services_stable").wait(services=["web"])
    victim = service_tasks(ecs)[0]["taskArn"]
    ecs.stop_task(task=victim, reason="testing")
    ecsmock.clock.advance(60)
    tasks = service_tasks(ecs)
    assert len(tasks) == 2
    assert victim not in {task["taskArn"] for task in tasks}
    assert describe(ecs)["runningCount"] == 2
    assert describe(ecs)["deployments"][0]["failedTasks"] == 0  # a user's stop is no failure


def test_scaling_out_and_in(ecs, ecsmock, backend):
    join(backend)
    web_definition(ecs)
    ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=1)
    ecs.get_waiter("services_stable").wait(services=["web"])
    ecs.update_service(service="web", desiredCount=3)
    ecs.get_waiter("services_stable").wait(services=["web"])
    assert describe(ecs)["runningCount"] == 3
    deployment_id = describe(ecs)["deployments"][0]["id"]
    ecs.update_service(service="web", desiredCount=1)
    ecs.get_waiter("services_stable").wait(services=["web"])
    assert describe(ecs)["runningCount"] == 1
    stopped = service_tasks(ecs, desiredStatus="STOPPED")
    assert len(stopped) == 2
    assert {task["stopCode"] for task in stopped} == {"ServiceSchedulerInitiated"}
    assert {task["stoppedReason"] for task in stopped} == {
        f"Scaling activity initiated by (deployment {deployment_id})"
    }
    assert any("has stopped 2 running tasks" in m for m in messages(describe(ecs)))


def _rolling_update(ecs, ecsmock, desired, minimum, maximum):
    """Roll web:1 -> web:2 and check every simulated second; returns the steps seen."""
    web_definition(ecs)
    new = web_definition(ecs, image="nginx:1.28")
    ecs.create_service(
        serviceName="web",
        taskDefinition="web:1",
        desiredCount=desired,
        deploymentConfiguration={"minimumHealthyPercent": minimum, "maximumPercent": maximum},
    )
    ecs.get_waiter("services_stable").wait(services=["web"])
    ecsmock.clock.advance(60)
    ecs.update_service(service="web", taskDefinition=new)
    seen = []
    for _ in range(600):
        ecsmock.clock.advance(1)
        tasks = service_tasks(ecs)
        live = [t for t in tasks if t["lastStatus"] in ("PROVISIONING", "PENDING", "RUNNING")]
        running = [t for t in live if t["lastStatus"] == "RUNNING"]
        seen.append((len(live), len(running)))
        service = describe(ecs)
        finished = len(service["deployments"]) == 1 and service["runningCount"] == desired
        if finished and all(t["taskDefinitionArn"] == new for t in running):
            break
    else:
        pytest.fail(f"the deployment did not finish: {describe(ecs)['events'][:3]}")
    return seen, describe(ecs)


def test_rolling_update_with_room_to_spare_starts_new_tasks_first(ecs, ecsmock, backend):
    join(backend)
    seen, service = _rolling_update(ecs, ecsmock, desired=2, minimum=100, maximum=200)
    assert max(live for live, _ in seen) <= 4
    assert min(running for _, running in seen) >= 2  # never below 100 %
    assert max(live for live, _ in seen) == 4  # all new tasks started at once
    assert service["deployments"][0]["rolloutState"] == "COMPLETED"


def test_rolling_update_without_room_stops_old_tasks_first(ecs, ecsmock, backend):
    join(backend)
    seen, _ = _rolling_update(ecs, ecsmock, desired=4, minimum=50, maximum=100)
    assert max(live for live, _ in seen) <= 4
    assert min(running for _, running in seen) >= 2


def test_a_deployment_configuration_that_allows_no_move_says_so(ecs, ecsmock, backend):
    join(backend)
    web_definition(ecs)
    web_definition(ecs, image="nginx:1.28")
    ecs.create_service(
        serviceName="web",
        taskDefinition="web:1",
        desiredCount=2,
        deploymentConfiguration={"minimumHealthyPercent": 100, "maximumPercent": 100},
    )
    ecs.get_waiter("services_stable").wait(services=["web"])
    ecs.update_service(service="web", taskDefinition="web:2")
    ecsmock.clock.advance(120)
    service = describe(ecs)
    assert messages(service)[-1] == (
        "(service web) was unable to stop or start tasks during a deployment because of the "
        "service deployment configuration. Update the minimumHealthyPercent or maximumPercent "
        "value and try again."
    )
    assert [d["status"] for d in service["deployments"]] == ["PRIMARY", "ACTIVE"]
    assert service["deployments"][1]["runningCount"] == 2


def test_a_task_that_fits_no_instance_is_reported_and_placed_when_room_appears(
    ecs, ecsmock, backend
):
    [small] = join(backend, "a", instance_type="t3.micro")
    web_definition(ecs, memory=2048)
    ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=1)
    ecsmock.clock.advance(5)
    assert messages(describe(ecs))[-1] == (
        "(service web) was unable to place a task because no container instance met all of "
        f"its requirements. The closest matching (container-instance {small.instance_id}) has "
        "insufficient memory available. For more information, see the Troubleshooting section."
    )
    join(backend, "b")
    ecs.get_waiter("services_stable").wait(services=["web"])
    assert [t["availabilityZone"] for t in service_tasks(ecs)] == [f"{REGION}b"]


def test_a_cluster_without_instances_is_reported(ecs, ecsmock):
    web_definition(ecs)
    ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=1)
    ecsmock.clock.advance(5)
    assert messages(describe(ecs))[-1] == (
        "(service web) was unable to place a task because no container instance met all of "
        "its requirements. Reason: No Container Instances were found in your cluster. For more "
        "information, see the Troubleshooting section."
    )


def test_a_daemon_service_runs_one_task_on_each_instance(ecs, ecsmock, backend):
    instances = join(backend)
    web_definition(ecs)
    ecs.create_service(serviceName="web", taskDefinition="web", schedulingStrategy="DAEMON")
    ecs.get_waiter("services_stable").wait(services=["web"])
    service = describe(ecs)
    assert (service["desiredCount"], service["runningCount"]) == (2, 2)
    assert service["deploymentConfiguration"]["maximumPercent"] == 100
    assert service["deploymentConfiguration"]["minimumHealthyPercent"] == 0
    hosts = {task["containerInstanceArn"] for task in service_tasks(ecs)}
    assert hosts == {instance.arn for instance in instances}
    [late] = join(backend, "c")
    ecsmock.clock.advance(2)  # the scheduler's next pass sees the new instance
    ecs.get_waiter("services_stable").wait(services=["web"])
    assert describe(ecs)["desiredCount"] == 3
    assert late.arn in {task["containerInstanceArn"] for task in service_tasks(ecs)}
    ecs.update_container_instances_state(containerInstances=[late.arn], status="DRAINING")
    ecsmock.clock.advance(2)
    ecs.get_waiter("services_stable").wait(services=["web"])
    assert describe(ecs)["desiredCount"] == 2
    assert late.arn not in {task["containerInstanceArn"] for task in service_tasks(ecs)}


def test_draining_an_instance_moves_its_service_tasks(ecs, ecsmock, backend):
    first, second = join(backend)
    web_definition(ecs)
    ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=2,
        placementStrategy=[{"type": "binpack", "field": "memory"}],
    )
    ecs.get_waiter("services_stable").wait(services=["web"])
    [host] = {task["containerInstanceArn"] for task in service_tasks(ecs)}
    other = second.arn if host == first.arn else first.arn
    ecs.update_container_instances_state(containerInstances=[host], status="DRAINING")
    for _ in range(300):
        ecsmock.clock.advance(1)
        running = [t for t in service_tasks(ecs) if t["lastStatus"] == "RUNNING"]
        assert len(running) >= 2  # minimumHealthyPercent 100: replacements first
        if {t["containerInstanceArn"] for t in service_tasks(ecs)} == {other}:
            break
    else:
        pytest.fail("the tasks did not move")
    ecs.get_waiter("services_stable").wait(services=["web"])
    assert describe(ecs)["runningCount"] == 2


def test_a_fargate_service_gets_network_interfaces(ecs, ecsmock):
    ecs.register_task_definition(**fargate())
    network = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "securityGroups": []}}
    created = ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=2,
        launchType="FARGATE",
        networkConfiguration=network,
    )["service"]
    assert created["platformVersion"] == "LATEST"
    assert created["networkConfiguration"]["awsvpcConfiguration"]["subnets"] == ["subnet-0a1b2c3d"]
    assert created["networkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"] == "DISABLED"
    ecs.get_waiter("services_stable").wait(services=["web"])
    tasks = service_tasks(ecs)
    assert {task["launchType"] for task in tasks} == {"FARGATE"}
    assert {task["platformVersion"] for task in tasks} == {"1.4.0"}
    assert all(task["attachments"][0]["type"] == "ElasticNetworkInterface" for task in tasks)


def test_instant_lifecycle_settles_a_service_at_once():
    with mock_ecs(lifecycle="instant") as m:
        ecs = boto3.client("ecs", region_name=REGION)
        ecs.create_cluster(clusterName="default")
        m.backend("ecs").join_instance("", "m5.large")
        web_definition(ecs)
        ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=2)
        service = describe(ecs)
        assert service["runningCount"] == 2
        assert service["deployments"][0]["rolloutState"] == "COMPLETED"
        assert messages(service)[-1] == STEADY
        web_definition(ecs, image="nginx:1.28")
        ecs.update_service(service="web", taskDefinition="web:2")
        service = describe(ecs)
        assert len(service["deployments"]) == 1
        assert service["taskDefinition"].endswith("web:2")
        assert m.clock.elapsed().total_seconds() == 0


def test_tasks_failing_their_container_health_checks_are_replaced(ecs, ecsmock, backend):
    join(backend)
    check = {"command": ["CMD-SHELL", "curl -f localhost"], "interval": 10, "retries": 2}
    web_definition(ecs, healthCheck=check)
    ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=1)
    ecsmock.clock.advance(60)
    [healthy] = service_tasks(ecs)
    assert healthy["healthStatus"] == "HEALTHY"
    assert describe(ecs)["deployments"][0]["rolloutState"] == "COMPLETED"
    backend.simulate_image("nginx:1.27", health="unhealthy")
    ecsmock.clock.advance(60)
    stopped = {t["taskArn"]: t for t in service_tasks(ecs, desiredStatus="STOPPED")}
    stopped = stopped[healthy["taskArn"]]  # and its replacements, unhealthy too, after it
    assert stopped["stoppedReason"] == "Task failed container health checks"
    assert stopped["healthStatus"] == "UNHEALTHY"
    task_id = healthy["taskArn"].rpartition("/")[2]
    assert f"(service web) (task {task_id}) failed container health checks." in messages(
        describe(ecs)
    )
    [replacement] = service_tasks(ecs)
    assert replacement["taskArn"] != healthy["taskArn"]
    assert describe(ecs)["deployments"][0]["failedTasks"] >= 1


def test_a_daemon_deployment_keeps_the_minimum_healthy_percent(ecs, ecsmock, backend):
    join(backend, "abcd")
    web_definition(ecs)
    web_definition(ecs, image="nginx:1.28")
    ecs.create_service(
        serviceName="web",
        taskDefinition="web:1",
        schedulingStrategy="DAEMON",
        deploymentConfiguration={"minimumHealthyPercent": 50, "maximumPercent": 100},
    )
    ecsmock.clock.advance(90)
    ecs.update_service(service="web", taskDefinition="web:2")
    for _ in range(600):
        ecsmock.clock.advance(1)
        tasks = service_tasks(ecs)
        assert sum(1 for t in tasks if t["lastStatus"] == "RUNNING") >= 2  # 50 % of 4
        assert len({t["containerInstanceArn"] for t in tasks}) == len(tasks)  # one per host
        if describe(ecs)["deployments"][0]["rolloutState"] == "COMPLETED":
            break
    else:
        pytest.fail("the daemon deployment did not complete")
    assert {t["taskDefinitionArn"].rpartition("/")[2] for t in service_tasks(ecs)} == {"web:2"}
