"""Declaring Auto Scaling groups, and managed scale-in: idle instances terminate after
15 minutes, as managed termination protection and managed draining say."""

from __future__ import annotations

import pytest
from managed_scaling_helpers import (
    GROUP,
    instance_statuses,
    scaled_cluster,
    statuses,
    tasks,
)
from service_helpers import describe

from pytest_ecsmock.errors import EcsmockUsageError
from pytest_ecsmock.services.ecs.managed_scaling.scale_in import SCALE_IN_SECONDS
from pytest_ecsmock.services.ecs.managed_scaling.scaler import METRIC_SECONDS

ZONE_A = {"memberOf": "attribute:ecs.availability-zone == us-east-1a"}
#: long enough for the evaluation that sees the excess, the 15 minutes and the step
PAST_SCALE_IN = METRIC_SECONDS + SCALE_IN_SECONDS + 60


@pytest.fixture
def backend(ecsmock):
    return ecsmock.backend("ecs")


def run_in_zone_a(ecs):
    constraint = [{"type": "memberOf", "expression": ZONE_A["memberOf"]}]
    answer = ecs.run_task(cluster="web", taskDefinition="web", placementConstraints=constraint)
    return answer["tasks"][0]["taskArn"]


def test_declaring_a_group_joins_its_instances_over_its_zones(ecs, backend):
    scaled_cluster(ecs, backend, declare=False)
    group = backend.auto_scaling_group(
        GROUP,
        instance_type="m5.large",
        ecs_config="ECS_CLUSTER=web",
        availability_zones=["us-east-1b", "us-east-1c"],
        min_size=1,
        max_size=5,
        desired=3,
    )
    assert (group.name, group.desired_capacity) == (GROUP, 3)
    arns = ecs.list_container_instances(cluster="web")["containerInstanceArns"]
    assert sorted(arns) == sorted(i.arn for i in group.instances)
    zones = [i.availability_zone for i in group.instances]
    assert zones == ["us-east-1b", "us-east-1c", "us-east-1b"]


@pytest.mark.parametrize(
    ("name", "settings", "problem"),
    [
        ("bad name!", {}, "neither an Auto Scaling group name"),
        (GROUP, {"min_size": 2, "max_size": 1}, "min_size <= desired <= max_size"),
        (GROUP, {"desired": 5}, "min_size <= desired <= max_size"),
        (GROUP, {"max_size": -1}, "max_size must be a whole number"),
        (GROUP, {"instance_type": "q9.huge"}, "q9.huge"),
        (GROUP, {"availability_zones": ["eu-west-1a"]}, "not an Availability Zone"),
        (GROUP, {"ecs_config": "ECS_CLUSTER=nowhere"}, "ECS_CLUSTER=nowhere names no ACTIVE"),
        (GROUP, {"ecs_config": "ECS_RESERVED_MEMORY=4096"}, "ECS_RESERVED_MEMORY=4096"),
    ],
)
def test_a_group_that_could_not_launch_instances_is_refused(ecs, backend, name, settings, problem):
    scaled_cluster(ecs, backend, declare=False)
    request = {"instance_type": "t3.micro", "ecs_config": "ECS_CLUSTER=web", "max_size": 2}
    with pytest.raises(EcsmockUsageError, match=problem.replace("(", r"\(").replace(".", r"\.")):
        backend.auto_scaling_group(name, **{**request, **settings})
    assert ecs.list_container_instances(cluster="web")["containerInstanceArns"] == []


def test_a_group_is_declared_once(ecs, backend):
    scaled_cluster(ecs, backend)
    with pytest.raises(EcsmockUsageError, match="declared already"):
        backend.auto_scaling_group(GROUP, instance_type="t3.micro", max_size=1)


def test_an_idle_instance_terminates_after_15_minutes(ecs, ecsmock, backend):
    group = scaled_cluster(
        ecs, backend, managedTerminationProtection="ENABLED", group={"desired": 2}
    )
    kept, idle = (i.arn for i in group.instances)
    arns = ecs.run_task(cluster="web", taskDefinition="web", count=2)["tasks"]
    on_idle = next(t["taskArn"] for t in arns if t["containerInstanceArn"] == idle)
    ecs.stop_task(cluster="web", task=on_idle)
    ecsmock.clock.advance(SCALE_IN_SECONDS - 1)
    assert group.desired_capacity == 2
    ecsmock.clock.advance(METRIC_SECONDS + 120)
    assert group.desired_capacity == 1
    assert instance_statuses(ecs, [kept, idle]) == ["ACTIVE", "INACTIVE"]


def test_scale_in_keeps_min_size(ecs, ecsmock, backend):
    group = scaled_cluster(ecs, backend, group={"min_size": 1, "desired": 3})
    ecsmock.clock.advance(PAST_SCALE_IN + 3 * METRIC_SECONDS)
    assert group.desired_capacity == 1
    assert (
        len(ecs.list_container_instances(cluster="web", status="ACTIVE")["containerInstanceArns"])
        == 1
    )


def test_a_task_arriving_in_time_keeps_the_instance(ecs, ecsmock, backend):
    group = scaled_cluster(ecs, backend, group={"desired": 1})
    ecsmock.clock.advance(SCALE_IN_SECONDS - 60)
    arn = ecs.run_task(cluster="web", taskDefinition="web")["tasks"][0]["taskArn"]
    ecsmock.clock.advance(PAST_SCALE_IN)
    assert group.desired_capacity == 1
    assert statuses(ecs, [arn]) == ["RUNNING"]


def test_without_protection_or_draining_a_busy_instance_may_go(ecs, ecsmock, backend):
    # zones tie (one instance each): Auto Scaling's policy takes us-east-1a's, which
    # runs the task; without managed draining it terminates at once
    group = scaled_cluster(
        ecs,
        backend,
        managedDraining="DISABLED",
        group={"desired": 2, "availability_zones": ["us-east-1a", "us-east-1b"]},
    )
    busy = group.instances[0]
    arn = run_in_zone_a(ecs)
    ecsmock.clock.advance(PAST_SCALE_IN)
    [task] = tasks(ecs, [arn])
    assert task["stoppedReason"] == f"Host EC2 (instance {busy.ec2_instance_id}) terminated."
    assert task["stopCode"] == "TerminationNotice"
    assert instance_statuses(ecs, [busy.arn]) == ["INACTIVE"]


def test_managed_draining_waits_for_the_tasks_to_leave(ecs, ecsmock, backend):
    group = scaled_cluster(
        ecs, backend, group={"desired": 2, "availability_zones": ["us-east-1a", "us-east-1b"]}
    )
    busy = group.instances[0]
    arn = run_in_zone_a(ecs)
    ecsmock.clock.advance(PAST_SCALE_IN)
    assert instance_statuses(ecs, [busy.arn]) == ["DRAINING"]
    assert statuses(ecs, [arn]) == ["RUNNING"]  # standalone tasks are not moved
    assert group.desired_capacity == 1
    ecs.stop_task(cluster="web", task=arn)
    ecsmock.clock.advance(60)
    assert instance_statuses(ecs, [busy.arn]) == ["INACTIVE"]


def test_daemon_tasks_do_not_keep_an_instance(ecs, ecsmock, backend):
    group = scaled_cluster(
        ecs, backend, managedTerminationProtection="ENABLED", group={"desired": 1}
    )
    instance = group.instances[0]
    ecs.create_service(
        cluster="web", serviceName="agent", taskDefinition="web", schedulingStrategy="DAEMON"
    )
    ecsmock.clock.advance(60)
    assert describe(ecs, "agent", cluster="web")["runningCount"] == 1
    ecsmock.clock.advance(PAST_SCALE_IN)
    assert instance_statuses(ecs, [instance.arn]) == ["INACTIVE"]
    assert describe(ecs, "agent", cluster="web")["runningCount"] == 0
    assert group.desired_capacity == 0


def test_turning_managed_scaling_off_stops_the_scale_in(ecs, ecsmock, backend):
    group = scaled_cluster(ecs, backend, group={"desired": 1})
    ecsmock.clock.advance(METRIC_SECONDS + 60)
    ecs.update_capacity_provider(
        name="web-cp",
        autoScalingGroupProvider={"managedScaling": {"status": "DISABLED"}},
    )
    ecsmock.clock.advance(PAST_SCALE_IN)
    assert group.desired_capacity == 1
