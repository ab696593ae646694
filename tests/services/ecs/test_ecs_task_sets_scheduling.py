"""How the scheduler keeps task sets: their tasks, target groups, stability, draining
instances, replacements, and the task definitions they keep in use."""

from __future__ import annotations

import pytest
from ecs_helpers import REGION, raises_aws
from service_helpers import web_definition
from task_set_helpers import (
    AWSVPC,
    create_task_set,
    declare_subnets,
    external_service,
    fargate_web,
    ip_target_groups,
    link,
    task_set,
    tasks_started_by,
)


@pytest.fixture(autouse=True)
def default_cluster(ecs):
    ecs.create_cluster(clusterName="default")


def join(ecsmock, zones="ab"):
    backend = ecsmock.backend("ecs")
    return [
        backend.join_instance("", "m5.large", availability_zone=f"{REGION}{zone}") for zone in zones
    ]


def target_states(elbv2, target_group_arn):
    health = elbv2.describe_target_health(TargetGroupArn=target_group_arn)
    return sorted(item["TargetHealth"]["State"] for item in health["TargetHealthDescriptions"])


def fargate_set(ecs, target_group, **request):
    return create_task_set(
        ecs,
        launchType="FARGATE",
        networkConfiguration=AWSVPC,
        loadBalancers=[link(target_group)],
        **request,
    )


def test_a_task_set_is_steady_once_its_targets_are_healthy(ecs, ecsmock, elbv2):
    declare_subnets(ecsmock)
    fargate_web(ecs)
    [blue] = ip_target_groups(elbv2, "blue")
    external_service(ecs, desiredCount=2)
    created = fargate_set(ecs, blue)
    seen = set()
    for _ in range(600):
        ecsmock.clock.advance(1)
        current = task_set(ecs, created["id"])
        states = tuple(target_states(elbv2, blue))
        seen.add((current["stabilityStatus"], states))
        if current["stabilityStatus"] == "STEADY_STATE":
            break
    else:
        pytest.fail("the task set never became steady")
    assert ("STABILIZING", ("initial", "initial")) in seen
    assert states == ("healthy", "healthy")
    assert current["stabilityStatusAt"] > created["stabilityStatusAt"]


def test_blue_green_moves_traffic_between_target_groups(ecs, ecsmock, elbv2):
    declare_subnets(ecsmock)
    fargate_web(ecs)
    fargate_web(ecs, image="nginx:1.28")
    blue, green = ip_target_groups(elbv2, "blue", "green")
    external_service(ecs, desiredCount=2)
    blue_set = fargate_set(ecs, blue, taskDefinition="web:1")
    ecs.update_service_primary_task_set(
        cluster="default", service="web", primaryTaskSet=blue_set["id"]
    )
    ecsmock.clock.advance(120)
    green_set = fargate_set(ecs, green, taskDefinition="web:2")
    ecsmock.clock.advance(120)
    assert (target_states(elbv2, blue), target_states(elbv2, green)) == (
        ["healthy", "healthy"],
        ["healthy", "healthy"],
    )
    ecs.update_service_primary_task_set(
        cluster="default", service="web", primaryTaskSet=green_set["id"]
    )
    ecs.delete_task_set(cluster="default", service="web", taskSet=blue_set["id"])
    ecsmock.clock.advance(2)
    assert target_states(elbv2, blue) == ["draining", "draining"]
    assert [t["lastStatus"] for t in tasks_started_by(ecs, blue_set["id"])] == ["RUNNING"] * 2
    ecsmock.clock.advance(400)  # the deregistration delay (300 s), then the tasks stop
    assert target_states(elbv2, blue) == []
    assert tasks_started_by(ecs, blue_set["id"]) == []
    [service] = ecs.describe_services(services=["web"])["services"]
    assert [s["id"] for s in service["taskSets"]] == [green_set["id"]]
    assert service["loadBalancers"] == [link(green)]
    assert service["taskDefinition"].endswith("task-definition/web:2")


def test_a_stopped_task_of_a_task_set_is_replaced(ecs, ecsmock):
    join(ecsmock)
    web_definition(ecs)
    external_service(ecs, desiredCount=2)
    created = create_task_set(ecs)
    ecsmock.clock.advance(30)
    victim = tasks_started_by(ecs, created["id"])[0]["taskArn"]
    ecs.stop_task(task=victim, reason="testing")
    ecsmock.clock.advance(60)
    tasks = tasks_started_by(ecs, created["id"])
    assert len(tasks) == 2
    assert victim not in {task["taskArn"] for task in tasks}
    assert task_set(ecs, created["id"])["stabilityStatus"] == "STEADY_STATE"


def test_tasks_on_a_draining_instance_move_keeping_the_minimum_healthy(ecs, ecsmock):
    first, second = join(ecsmock)
    web_definition(ecs)
    external_service(
        ecs, desiredCount=2, placementStrategy=[{"type": "binpack", "field": "memory"}]
    )
    created = create_task_set(ecs)
    ecsmock.clock.advance(30)
    [host] = {t["containerInstanceArn"] for t in tasks_started_by(ecs, created["id"])}
    other = second.arn if host == first.arn else first.arn
    ecs.update_container_instances_state(containerInstances=[host], status="DRAINING")
    for _ in range(300):
        ecsmock.clock.advance(1)
        tasks = tasks_started_by(ecs, created["id"])
        assert sum(t["lastStatus"] == "RUNNING" for t in tasks) >= 2  # minimumHealthyPercent 100
        if {t["containerInstanceArn"] for t in tasks} == {other}:
            break
    else:
        pytest.fail("the tasks did not move")
    ecsmock.clock.advance(30)
    assert task_set(ecs, created["id"])["stabilityStatus"] == "STEADY_STATE"


def test_with_maximum_100_percent_draining_tasks_stop_before_replacements_start(ecs, ecsmock):
    join(ecsmock)
    web_definition(ecs)
    external_service(
        ecs,
        desiredCount=2,
        placementStrategy=[{"type": "binpack", "field": "memory"}],
        deploymentConfiguration={"maximumPercent": 100, "minimumHealthyPercent": 0},
    )
    created = create_task_set(ecs)
    ecsmock.clock.advance(30)
    old = tasks_started_by(ecs, created["id"])
    [host] = {t["containerInstanceArn"] for t in old}
    ecs.update_container_instances_state(containerInstances=[host], status="DRAINING")
    ecsmock.clock.advance(120)
    new = tasks_started_by(ecs, created["id"])
    assert len(new) == 2
    assert host not in {t["containerInstanceArn"] for t in new}
    stopped = ecs.describe_tasks(tasks=[t["taskArn"] for t in old])["tasks"]
    assert [t["lastStatus"] for t in stopped] == ["STOPPED", "STOPPED"]
    assert min(t["createdAt"] for t in new) >= max(t["stoppingAt"] for t in stopped)


@pytest.mark.ecsmock(lifecycle="instant")
def test_instant_lifecycle_runs_a_task_set_at_once(ecs, ecsmock):
    join(ecsmock)
    web_definition(ecs)
    external_service(ecs, desiredCount=2)
    created = create_task_set(ecs)
    assert (created["computedDesiredCount"], created["runningCount"]) == (2, 2)
    assert created["stabilityStatus"] == "STEADY_STATE"


def test_a_task_set_keeps_its_task_definition_in_use(ecs, ecsmock):
    arn = web_definition(ecs)
    external_service(ecs)
    created = create_task_set(ecs, scale={"value": 0, "unit": "PERCENT"})
    ecs.deregister_task_definition(taskDefinition=arn)
    ecs.delete_task_definitions(taskDefinitions=[arn])
    ecsmock.clock.advance(2 * 3600)
    kept = ecs.describe_task_definition(taskDefinition=arn)["taskDefinition"]
    assert kept["status"] == "DELETE_IN_PROGRESS"
    ecs.delete_task_set(cluster="default", service="web", taskSet=created["id"])
    ecsmock.clock.advance(2 * 3600)
    with raises_aws("ClientException", "Unable to describe task definition."):
        ecs.describe_task_definition(taskDefinition=arn)
