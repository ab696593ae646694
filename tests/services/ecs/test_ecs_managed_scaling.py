"""Auto Scaling group capacity providers with managed scaling: tasks that find no room
wait PROVISIONING while the group grows, then run; those still without room give up."""

from __future__ import annotations

import pytest
from ecs_helpers import container, register
from managed_scaling_helpers import (
    GROUP,
    instance_arns,
    scaled_cluster,
    statuses,
    tasks,
)
from service_helpers import describe, messages

from pytest_ecsmock.services.ecs.managed_scaling.groups import BOOT_SECONDS
from pytest_ecsmock.services.ecs.managed_scaling.scaler import METRIC_SECONDS
from pytest_ecsmock.services.ecs.managed_scaling.waiting import PROVISIONING_TIMEOUT_SECONDS

SCALE_OUT = METRIC_SECONDS + BOOT_SECONDS  # from a task waiting to its instance joining


@pytest.fixture
def backend(ecsmock):
    return ecsmock.backend("ecs")


def run(ecs, count=1, **request):
    answer = ecs.run_task(cluster="web", taskDefinition="web", count=count, **request)
    assert answer["failures"] == []
    return [task["taskArn"] for task in answer["tasks"]]


def test_tasks_wait_provisioning_while_the_group_grows(ecs, ecsmock, backend):
    group = scaled_cluster(ecs, backend)
    arns = run(ecs, count=2)
    for task in tasks(ecs, arns):
        assert (task["lastStatus"], task["desiredStatus"]) == ("PROVISIONING", "RUNNING")
        assert task["capacityProviderName"] == "web-cp"
        assert "containerInstanceArn" not in task
        assert "availabilityZone" not in task
    assert sorted(ecs.list_tasks(cluster="web")["taskArns"]) == sorted(arns)
    ecsmock.clock.advance(METRIC_SECONDS)
    assert (group.desired_capacity, group.instances) == (2, [])  # two instances boot
    ecsmock.clock.advance(BOOT_SECONDS)
    assert statuses(ecs, arns) == ["PENDING", "PENDING"]
    ecsmock.clock.advance(60)
    found = tasks(ecs, arns)
    assert [task["lastStatus"] for task in found] == ["RUNNING", "RUNNING"]
    assert {task["containerInstanceArn"] for task in found} == instance_arns(group)
    assert {task["availabilityZone"] for task in found} == {"us-east-1a", "us-east-1b"}


def test_the_group_launches_what_the_tasks_need_packed_together(ecs, ecsmock, backend):
    group = scaled_cluster(ecs, backend, task_memory=300)  # three fit a t3.micro
    arns = run(ecs, count=4)
    ecsmock.clock.advance(SCALE_OUT + 60)
    assert group.desired_capacity == 2
    placed = {task["containerInstanceArn"] for task in tasks(ecs, arns)}
    assert placed == instance_arns(group)
    assert len(placed) == 2


def test_awsvpc_tasks_count_the_network_interfaces_of_an_instance(ecs, ecsmock, backend):
    # an m5.large attaches 3 interfaces: its own and 2 task ENIs
    [subnet] = ecsmock.backend("network").lookup(["subnet-0a1b2c3d"])
    zones = [subnet.availability_zone]  # the tasks' subnet is in this zone only
    group = scaled_cluster(
        ecs, backend, group={"instance_type": "m5.large", "availability_zones": zones}
    )
    register(ecs, "vpc", networkMode="awsvpc", containerDefinitions=[container(memory=128)])
    network = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}
    answer = ecs.run_task(
        cluster="web", taskDefinition="vpc", count=3, networkConfiguration=network
    )
    arns = [task["taskArn"] for task in answer["tasks"]]
    assert [task["attachments"] for task in answer["tasks"]] == [[], [], []]  # no ENI yet
    ecsmock.clock.advance(SCALE_OUT + 60)
    assert group.desired_capacity == 2
    found = tasks(ecs, arns)
    assert [task["lastStatus"] for task in found] == ["RUNNING"] * 3
    assert {task["attachments"][0]["status"] for task in found} == {"ATTACHED"}


def test_distinct_instance_tasks_need_an_instance_each(ecs, ecsmock, backend):
    group = scaled_cluster(ecs, backend, task_memory=128)
    arns = run(ecs, count=3, placementConstraints=[{"type": "distinctInstance"}])
    ecsmock.clock.advance(SCALE_OUT + 60)
    assert group.desired_capacity == 3
    assert len({task["containerInstanceArn"] for task in tasks(ecs, arns)}) == 3


def test_tasks_fill_the_room_there_is_and_only_the_rest_wait(ecs, ecsmock, backend):
    scaled_cluster(ecs, backend, group={"desired": 1})
    arns = run(ecs, count=2)
    assert statuses(ecs, arns) == ["PENDING", "PROVISIONING"]


def test_the_step_sizes_and_the_warmup_pace_the_scale_out(ecs, ecsmock, backend):
    group = scaled_cluster(
        ecs, backend, scaling={"maximumScalingStepSize": 1, "instanceWarmupPeriod": 300}
    )
    run(ecs, count=3)
    ecsmock.clock.advance(METRIC_SECONDS)
    assert group.desired_capacity == 1
    ecsmock.clock.advance(299)  # the new instance is warming up
    assert group.desired_capacity == 1
    ecsmock.clock.advance(1)
    assert group.desired_capacity == 2
    ecsmock.clock.advance(300)
    assert group.desired_capacity == 3


def test_a_step_of_one_launches_an_instance_each_minute(ecs, ecsmock, backend):
    group = scaled_cluster(
        ecs, backend, scaling={"maximumScalingStepSize": 1, "instanceWarmupPeriod": 0}
    )
    arns = run(ecs, count=3)
    launched = []
    for _ in range(3):
        ecsmock.clock.advance(METRIC_SECONDS)  # target tracking looks every minute
        launched.append(group.desired_capacity)
    assert launched == [1, 2, 3]
    assert len(group.instances) == 2  # those launched at 60 and 120 s have booted
    ecsmock.clock.advance(BOOT_SECONDS + 60)
    found = tasks(ecs, arns)
    assert [task["lastStatus"] for task in found] == ["RUNNING"] * 3
    assert {task["containerInstanceArn"] for task in found} == instance_arns(group)

    ecsmock.clock.settle()  # nothing waits: no evaluation is left on the clock
    assert ecsmock.clock.pending() == 0
    assert group.desired_capacity == 3


def test_evaluations_stop_once_the_group_is_at_its_maximum(ecs, ecsmock, backend):
    scaling = {"maximumScalingStepSize": 1, "instanceWarmupPeriod": 0}
    group = scaled_cluster(ecs, backend, scaling=scaling, group={"max_size": 2})
    arns = run(ecs, count=3)
    ecsmock.clock.advance(2 * METRIC_SECONDS)
    assert group.desired_capacity == 2
    ecsmock.clock.advance(PROVISIONING_TIMEOUT_SECONDS)  # the third gives up
    assert statuses(ecs, arns) == ["RUNNING", "RUNNING", "STOPPED"]
    ecsmock.clock.settle()  # no evaluation is left on the clock
    assert ecsmock.clock.pending() == 0
    assert group.desired_capacity == 2


def test_the_minimum_step_size_launches_more_than_needed(ecs, ecsmock, backend):
    group = scaled_cluster(ecs, backend, scaling={"minimumScalingStepSize": 3})
    run(ecs)
    ecsmock.clock.advance(SCALE_OUT)
    assert (group.desired_capacity, len(group.instances)) == (3, 3)


def test_a_target_capacity_below_100_keeps_spare_instances(ecs, ecsmock, backend):
    group = scaled_cluster(ecs, backend, scaling={"targetCapacity": 50})
    arns = run(ecs)
    ecsmock.clock.advance(SCALE_OUT + 60)
    assert statuses(ecs, arns) == ["RUNNING"]
    # one instance runs the task; 50% means as many again kept free
    assert (group.desired_capacity, len(group.instances)) == (2, 2)


def test_tasks_still_without_room_give_up_with_the_closest_reason(ecs, ecsmock, backend):
    group = scaled_cluster(ecs, backend, group={"max_size": 1})
    arns = run(ecs, count=2)
    ecsmock.clock.advance(PROVISIONING_TIMEOUT_SECONDS - 1)
    assert statuses(ecs, arns) == ["PROVISIONING", "RUNNING"]
    ecsmock.clock.advance(60)
    assert group.desired_capacity == 1  # max_size
    stopped = [t for t in tasks(ecs, arns) if t["lastStatus"] == "STOPPED"]
    assert [(t["stopCode"], t["stoppedReason"]) for t in stopped] == [
        ("TaskFailedToStart", "TaskFailedToStart: RESOURCE:MEMORY")
    ]


def test_a_provider_whose_group_has_no_instance_gives_up_empty(ecs, ecsmock, backend):
    scaled_cluster(ecs, backend, declare=False)  # nothing can launch instances
    arns = run(ecs)
    ecsmock.clock.advance(PROVISIONING_TIMEOUT_SECONDS + 60)
    [task] = tasks(ecs, arns)
    assert (task["lastStatus"], task["stoppedReason"]) == (
        "STOPPED",
        "TaskFailedToStart: EMPTY CAPACITY PROVIDER",
    )


def test_a_task_too_big_for_the_instance_type_does_not_grow_the_group(ecs, ecsmock, backend):
    group = scaled_cluster(ecs, backend, task_memory=2048)
    arns = run(ecs)
    ecsmock.clock.advance(PROVISIONING_TIMEOUT_SECONDS + 60)
    assert group.desired_capacity == 0
    assert tasks(ecs, arns)[0]["stoppedReason"] == "TaskFailedToStart: EMPTY CAPACITY PROVIDER"


def test_an_instance_joined_by_hand_takes_the_waiting_tasks(ecs, ecsmock, backend):
    scaled_cluster(ecs, backend, declare=False)
    arns = run(ecs)
    instance = backend.join_instance("ECS_CLUSTER=web", "t3.micro", auto_scaling_group=GROUP)
    ecsmock.clock.advance(1)
    [task] = tasks(ecs, arns)
    assert (task["lastStatus"], task["containerInstanceArn"]) == ("PENDING", instance.arn)


def test_a_stopped_waiting_task_is_never_placed(ecs, ecsmock, backend):
    group = scaled_cluster(ecs, backend)
    [arn] = run(ecs)
    ecs.stop_task(cluster="web", task=arn, reason="changed my mind")
    ecsmock.clock.advance(SCALE_OUT + 60)
    [task] = tasks(ecs, [arn])
    assert (task["lastStatus"], task["stoppedReason"]) == ("STOPPED", "changed my mind")
    assert "containerInstanceArn" not in task
    assert group.desired_capacity == 0


def test_without_managed_scaling_tasks_fail_at_once_and_nothing_grows(ecs, ecsmock, backend):
    group = scaled_cluster(ecs, backend, scaling={"status": "DISABLED"}, group={"desired": 1})
    answer = ecs.run_task(cluster="web", taskDefinition="web", count=2)
    assert len(answer["tasks"]) == 1
    [failure] = answer["failures"]
    assert (failure["arn"], failure["reason"]) == (group.instances[0].arn, "RESOURCE:MEMORY")
    ecsmock.clock.advance(SCALE_OUT)
    assert group.desired_capacity == 1


def test_a_service_gets_its_tasks_once_the_group_has_grown(ecs, ecsmock, backend):
    group = scaled_cluster(ecs, backend)
    ecs.create_service(cluster="web", serviceName="api", taskDefinition="web", desiredCount=2)
    ecs.get_waiter("services_stable").wait(cluster="web", services=["api"])
    service = describe(ecs, "api", cluster="web")
    assert (service["runningCount"], service["pendingCount"]) == (2, 0)
    arns = ecs.list_tasks(cluster="web", serviceName="api")["taskArns"]
    assert {t["containerInstanceArn"] for t in tasks(ecs, arns)} == instance_arns(group)
    started = [m for m in messages(service) if "has started" in m]
    assert len(started) == 1
    assert started[0].startswith("(service api) has started 2 tasks")


def test_a_service_on_an_empty_provider_without_managed_scaling_says_so(ecs, ecsmock, backend):
    scaled_cluster(ecs, backend, scaling={"status": "DISABLED"})
    ecs.create_service(cluster="web", serviceName="api", taskDefinition="web", desiredCount=1)
    ecsmock.clock.advance(5)
    assert messages(describe(ecs, "api", cluster="web"))[-1] == (
        "(service api) was unable to place a task because no container instance met all of its "
        "requirements. Reason: No Container Instances were found in your capacity provider. "
        "For more information, see the Troubleshooting section."
    )


@pytest.mark.ecsmock(lifecycle="instant")
def test_with_the_instant_lifecycle_the_group_grows_at_once(ecs, backend):
    group = scaled_cluster(ecs, backend, group={"max_size": 1})
    arns = run(ecs, count=2)
    found = {t["lastStatus"]: t for t in tasks(ecs, arns)}
    assert set(found) == {"RUNNING", "STOPPED"}
    assert found["RUNNING"]["containerInstanceArn"] == group.instances[0].arn
    assert found["STOPPED"]["stoppedReason"] == "TaskFailedToStart: RESOURCE:MEMORY"
