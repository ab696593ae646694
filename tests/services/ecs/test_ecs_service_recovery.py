"""Services that meet trouble keep going: a target group deleted under them, subnets
that run out of addresses, constraints met only later, containers that crash after
they ran."""

from __future__ import annotations

import pytest
from ecs_helpers import REGION, fargate
from service_helpers import describe, messages, service_tasks, web_definition


@pytest.fixture(autouse=True)
def default_cluster(ecs):
    ecs.create_cluster(clusterName="default")


def test_a_deleted_target_group_fails_registrations_but_not_the_service(ecs, elbv2, ecsmock):
    ecsmock.backend("ecs").join_instance("", "m5.large", availability_zone=f"{REGION}a")
    vpc = ecsmock.backend("network").default_vpc_id
    balancer = elbv2.create_load_balancer(
        Name="web", Subnets=["subnet-0a000001", "subnet-0b000002"]
    )
    group = elbv2.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=vpc)
    group_arn = group["TargetGroups"][0]["TargetGroupArn"]
    listener = elbv2.create_listener(
        LoadBalancerArn=balancer["LoadBalancers"][0]["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": group_arn}],
    )
    web_definition(ecs)
    ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=1,
        loadBalancers=[{"targetGroupArn": group_arn, "containerName": "app", "containerPort": 80}],
    )
    ecsmock.clock.advance(90)
    elbv2.delete_listener(ListenerArn=listener["Listeners"][0]["ListenerArn"])
    elbv2.delete_target_group(TargetGroupArn=group_arn)
    [task] = service_tasks(ecs)
    ecs.stop_task(task=task["taskArn"])
    ecsmock.clock.advance(90)  # no error escapes the scheduler
    [replacement] = service_tasks(ecs)
    assert replacement["lastStatus"] == "RUNNING"
    said = messages(describe(ecs))
    assert any(
        m.startswith(f"(service web) failed to register targets in (target-group {group_arn})")
        for m in said
    )
    ecs.update_service(service="web", desiredCount=2)  # the service can still change
    ecsmock.clock.advance(60)
    assert describe(ecs)["runningCount"] == 2


def test_a_subnet_out_of_addresses_starts_what_fits(ecs, ecsmock):
    ecsmock.backend("network").add_subnet(
        "subnet-0c000003", availability_zone=f"{REGION}a", cidr_block="172.31.200.0/28"
    )
    ecs.register_task_definition(**fargate())
    ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=20,
        launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-0c000003"]}},
    )
    ecsmock.clock.advance(60)
    started = service_tasks(ecs)
    assert 0 < len(started) < 20  # a /28 has 11 usable addresses
    assert any(
        m.startswith("(service web) was unable to place a task. Reason: ")
        for m in messages(describe(ecs))
    )


def test_tasks_start_once_instances_meet_the_constraints(ecs, ecsmock):
    [instance] = [ecsmock.backend("ecs").join_instance("", "m5.large")]
    web_definition(ecs)
    ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=1,
        placementConstraints=[{"type": "memberOf", "expression": "attribute:role == edge"}],
    )
    ecsmock.clock.advance(60)
    assert service_tasks(ecs) == []
    ecs.put_attributes(attributes=[{"name": "role", "value": "edge", "targetId": instance.arn}])
    ecsmock.clock.advance(60)
    assert [t["lastStatus"] for t in service_tasks(ecs)] == ["RUNNING"]


def test_a_daemon_leaves_instances_that_no_longer_meet_its_constraints(ecs, ecsmock):
    backend = ecsmock.backend("ecs")
    edge, other = (backend.join_instance("", "m5.large") for _ in range(2))
    for instance in (edge, other):
        ecs.put_attributes(attributes=[{"name": "role", "value": "edge", "targetId": instance.arn}])
    web_definition(ecs)
    ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        schedulingStrategy="DAEMON",
        placementConstraints=[{"type": "memberOf", "expression": "attribute:role == edge"}],
    )
    ecsmock.clock.advance(60)
    assert len(service_tasks(ecs)) == 2
    ecs.delete_attributes(attributes=[{"name": "role", "targetId": other.arn}])
    ecsmock.clock.advance(60)
    assert [t["containerInstanceArn"] for t in service_tasks(ecs)] == [edge.arn]
    assert describe(ecs)["desiredCount"] == 1


def test_tasks_that_crash_after_running_are_replaced_without_throttling(ecs, ecsmock):
    ecsmock.backend("ecs").join_instance("", "m5.large")
    ecsmock.backend("ecs").simulate_image("nginx:1.27", exits_after=5)
    web_definition(ecs)
    ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=1)
    ecsmock.clock.advance(300)
    stopped = service_tasks(ecs, desiredStatus="STOPPED")
    assert len(stopped) >= 5
    assert {t["stopCode"] for t in stopped} == {"EssentialContainerExited"}
    said = messages(describe(ecs))
    assert not any("is unable to consistently start tasks" in m for m in said)
    assert describe(ecs)["deployments"][0]["failedTasks"] >= 5
