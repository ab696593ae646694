"""Services behind an Application Load Balancer: the checks of ``loadBalancers``,
targets registered as tasks run (dynamic host ports on EC2, IP addresses on Fargate),
health on the clock, draining before a task stops, and rolling updates that never
drop below the healthy minimum."""

from __future__ import annotations

import pytest
from botocore.exceptions import WaiterError
from ecs_helpers import REGION, fargate, raises_aws
from service_helpers import describe, messages, service_tasks, web_definition


@pytest.fixture(autouse=True)
def default_cluster(ecs):
    ecs.create_cluster(clusterName="default")


@pytest.fixture
def vpc(ecsmock):
    return ecsmock.backend("network").default_vpc_id


@pytest.fixture
def load_balancer(elbv2):
    created = elbv2.create_load_balancer(Name="web", Subnets=["subnet-0a000001", "subnet-0b000002"])
    return created["LoadBalancers"][0]["LoadBalancerArn"]


def target_group(elbv2, vpc, load_balancer, target_type="instance", delay=30, attach=True):
    created = elbv2.create_target_group(
        Name=f"web-{target_type}", Protocol="HTTP", Port=80, VpcId=vpc, TargetType=target_type
    )
    arn = created["TargetGroups"][0]["TargetGroupArn"]
    elbv2.modify_target_group_attributes(
        TargetGroupArn=arn,
        Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": str(delay)}],
    )
    if attach:
        elbv2.create_listener(
            LoadBalancerArn=load_balancer,
            Protocol="HTTP",
            Port=80 if target_type == "instance" else 8080,
            DefaultActions=[{"Type": "forward", "TargetGroupArn": arn}],
        )
    return arn


@pytest.fixture
def instance_targets(elbv2, vpc, load_balancer):
    return target_group(elbv2, vpc, load_balancer)


@pytest.fixture
def instances(ecsmock):
    backend = ecsmock.backend("ecs")
    return [
        backend.join_instance("", "m5.large", availability_zone=f"{REGION}{zone}") for zone in "ab"
    ]


def behind(group_arn, port=80):
    return [{"targetGroupArn": group_arn, "containerName": "app", "containerPort": port}]


def health(elbv2, group_arn):
    """``{(id, port): state}`` of the group's targets."""
    described = elbv2.describe_target_health(TargetGroupArn=group_arn)
    return {
        (d["Target"]["Id"], d["Target"]["Port"]): d["TargetHealth"]["State"]
        for d in described["TargetHealthDescriptions"]
    }


def test_load_balancers_are_checked_as_ecs_checks_them(ecs, elbv2, vpc, load_balancer):
    web_definition(ecs)
    ports = [{"containerPort": 80}]
    ecs.register_task_definition(
        **fargate(
            "api", containerDefinitions=[{"name": "app", "image": "nginx", "portMappings": ports}]
        )
    )
    lonely = target_group(elbv2, vpc, load_balancer, attach=False)
    with raises_aws(
        "InvalidParameterException",
        f"The target group with targetGroupArn {lonely} does not have an associated load balancer.",
    ):
        ecs.create_service(
            serviceName="web", taskDefinition="web", desiredCount=1, loadBalancers=behind(lonely)
        )
    attached = target_group(elbv2, vpc, load_balancer)
    with raises_aws(
        "InvalidParameterException", "The container app did not have a container port 8080 defined."
    ):
        ecs.create_service(
            serviceName="web",
            taskDefinition="web",
            desiredCount=1,
            loadBalancers=behind(attached, 8080),
        )
    with raises_aws(
        "InvalidParameterException",
        f"The provided target group {attached} has target type instance, which is "
        "incompatible with the awsvpc network mode specified in the task definition.",
    ):
        ecs.create_service(
            serviceName="api",
            taskDefinition="api",
            desiredCount=1,
            launchType="FARGATE",
            networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-0a000001"]}},
            loadBalancers=[
                {"targetGroupArn": attached, "containerName": "app", "containerPort": 80}
            ],
        )
    assert ecs.list_services()["serviceArns"] == []


def test_tasks_register_with_their_dynamic_ports_and_become_healthy(
    ecs, elbv2, ecsmock, instances, instance_targets
):
    web_definition(ecs)
    service = ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=4,
        loadBalancers=behind(instance_targets),
        healthCheckGracePeriodSeconds=20,
    )["service"]
    assert service["loadBalancers"] == behind(instance_targets)
    assert service["healthCheckGracePeriodSeconds"] == 20
    ecsmock.clock.advance(2)
    ecs.get_waiter("tasks_running").wait(tasks=[t["taskArn"] for t in service_tasks(ecs)])
    ecsmock.clock.advance(2)
    targets = health(elbv2, instance_targets)
    expected = set()
    for task in service_tasks(ecs):
        host = next(i for i in instances if i.arn == task["containerInstanceArn"])
        port = task["containers"][0]["networkBindings"][0]["hostPort"]
        expected.add((host.ec2_instance_id, port))
    assert set(targets) == expected  # two tasks per instance, each on its own port
    assert set(targets.values()) == {"initial"}
    assert f"(service web) registered 4 targets in (target-group {instance_targets})" in messages(
        describe(ecs)
    )
    elbv2.get_waiter("target_in_service").wait(TargetGroupArn=instance_targets)
    assert set(health(elbv2, instance_targets).values()) == {"healthy"}
    ecsmock.clock.advance(2)
    assert describe(ecs)["deployments"][0]["rolloutState"] == "COMPLETED"


def test_scaling_in_drains_targets_before_the_tasks_stop(
    ecs, elbv2, ecsmock, instances, instance_targets
):
    web_definition(ecs)
    ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=2,
        loadBalancers=behind(instance_targets),
    )
    ecsmock.clock.advance(90)
    ecs.update_service(service="web", desiredCount=1)
    ecsmock.clock.advance(2)
    states = sorted(health(elbv2, instance_targets).values())
    assert states == ["draining", "healthy"]
    assert len(service_tasks(ecs)) == 2  # the draining task still runs
    assert "(service web) has begun draining connections on 1 tasks." in messages(describe(ecs))
    ecsmock.clock.advance(30)  # the deregistration delay
    assert sorted(health(elbv2, instance_targets).values()) == ["healthy"]
    ecsmock.clock.advance(5)
    [stopped] = service_tasks(ecs, desiredStatus="STOPPED")
    assert stopped["stopCode"] == "ServiceSchedulerInitiated"
    assert (stopped["stoppingAt"] - stopped["startedAt"]).total_seconds() > 30


def test_a_rolling_update_keeps_healthy_targets_at_the_minimum(
    ecs, elbv2, ecsmock, instances, instance_targets
):
    web_definition(ecs)
    web_definition(ecs, image="nginx:1.28")
    ecs.create_service(
        serviceName="web",
        taskDefinition="web:1",
        desiredCount=4,
        loadBalancers=behind(instance_targets),
        deploymentConfiguration={"minimumHealthyPercent": 50, "maximumPercent": 150},
    )
    ecsmock.clock.advance(120)
    assert list(health(elbv2, instance_targets).values()).count("healthy") == 4
    ecs.update_service(service="web", taskDefinition="web:2")
    lowest = 4
    for _ in range(900):
        ecsmock.clock.advance(1)
        healthy = list(health(elbv2, instance_targets).values()).count("healthy")
        lowest = min(lowest, healthy)
        live = [t for t in service_tasks(ecs) if t["lastStatus"] != "STOPPED"]
        assert len(live) <= 6  # 150 % of 4
        if describe(ecs)["deployments"][0]["rolloutState"] == "COMPLETED":
            break
    else:
        pytest.fail("the deployment did not complete")
    assert lowest >= 2  # 50 % of 4
    assert {t["taskDefinitionArn"].rpartition("/")[2] for t in service_tasks(ecs)} == {"web:2"}
    assert list(health(elbv2, instance_targets).values()) == ["healthy"] * 4


def test_failing_health_checks_replace_tasks_after_the_grace_period(
    ecs, elbv2, ecsmock, instances, instance_targets
):
    web_definition(ecs)
    ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=1,
        loadBalancers=behind(instance_targets),
        healthCheckGracePeriodSeconds=300,
    )
    ecsmock.backend("ecs").simulate_image("nginx:1.27", health="unhealthy")
    ecsmock.clock.advance(200)
    [first] = service_tasks(ecs)
    assert list(health(elbv2, instance_targets).values()) == ["unhealthy"]
    assert first["lastStatus"] == "RUNNING"  # the grace period protects it
    ecsmock.clock.advance(200)
    stopped = service_tasks(ecs, desiredStatus="STOPPED")
    assert stopped[0]["taskArn"] == first["taskArn"]
    assert stopped[0]["stoppedReason"] == (
        f"Task failed ELB health checks in (target-group {instance_targets})"
    )
    assert describe(ecs)["deployments"][0]["failedTasks"] >= 1
    host = next(i for i in instances if i.arn == first["containerInstanceArn"])
    port = first["containers"][0]["networkBindings"][0]["hostPort"]
    assert (
        f"(service web) (instance {host.ec2_instance_id}) (port {port}) is unhealthy in "
        f"(target-group {instance_targets}) due to (reason Health checks failed)."
    ) in messages(describe(ecs))


def test_a_fargate_service_registers_task_addresses(ecs, elbv2, ecsmock, vpc, load_balancer):
    ip_targets = target_group(elbv2, vpc, load_balancer, target_type="ip")
    ecs.register_task_definition(
        **fargate(
            containerDefinitions=[
                {"name": "app", "image": "nginx:1.27", "portMappings": [{"containerPort": 80}]}
            ]
        )
    )
    ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=2,
        launchType="FARGATE",
        networkConfiguration={
            "awsvpcConfiguration": {"subnets": ["subnet-0a000001", "subnet-0b000002"]}
        },
        loadBalancers=behind(ip_targets),
    )
    ecsmock.clock.advance(60)
    addresses = {
        task["containers"][0]["networkInterfaces"][0]["privateIpv4Address"]
        for task in service_tasks(ecs)
    }
    assert set(health(elbv2, ip_targets)) == {(address, 80) for address in addresses}
    elbv2.get_waiter("target_in_service").wait(TargetGroupArn=ip_targets)
    ecs.delete_service(service="web", force=True)
    ecs.get_waiter("services_inactive").wait(services=["web"])
    assert health(elbv2, ip_targets) == {}


def test_the_circuit_breaker_rolls_back_a_deployment_whose_tasks_cannot_start(
    ecs, elbv2, ecsmock, instances, instance_targets
):
    web_definition(ecs)
    web_definition(ecs, image="nginx:broken")
    ecsmock.backend("ecs").simulate_image("nginx:broken", pull_fails=True)
    ecs.create_service(
        serviceName="web",
        taskDefinition="web:1",
        desiredCount=2,
        loadBalancers=behind(instance_targets),
        deploymentConfiguration={
            "deploymentCircuitBreaker": {"enable": True, "rollback": True},
        },
    )
    ecsmock.clock.advance(120)
    good = describe(ecs)["deployments"][0]["id"]
    ecs.update_service(service="web", taskDefinition="web:2")
    broken = describe(ecs)["deployments"][0]["id"]
    ecsmock.clock.advance(600)
    service = describe(ecs)
    assert service["taskDefinition"].endswith("web:1")
    [rollback] = service["deployments"]
    assert rollback["rolloutState"] == "COMPLETED"
    assert f"(service web) (deployment {broken}) deployment failed: tasks failed to start." in (
        messages(service)
    )
    assert list(health(elbv2, instance_targets).values()) == ["healthy", "healthy"]
    assert good != broken != rollback["id"]
    failed = [
        t
        for t in service_tasks(ecs, desiredStatus="STOPPED")
        if t["stopCode"] == "TaskFailedToStart"
    ]
    assert len(failed) >= 3  # the threshold: 0.5 x 2, at least 3


def test_the_circuit_breaker_without_rollback_leaves_the_deployment_failed(ecs, ecsmock, instances):
    web_definition(ecs)
    web_definition(ecs, image="nginx:broken")
    ecsmock.backend("ecs").simulate_image("nginx:broken", pull_fails=True)
    ecs.create_service(
        serviceName="web",
        taskDefinition="web:1",
        desiredCount=2,
        deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True, "rollback": False}},
    )
    ecsmock.clock.advance(120)
    ecs.update_service(service="web", taskDefinition="web:2")
    ecsmock.clock.advance(600)
    service = describe(ecs)
    primary, old = service["deployments"]
    assert (primary["status"], primary["rolloutState"]) == ("PRIMARY", "FAILED")
    assert primary["rolloutStateReason"] == "ECS deployment circuit breaker: tasks failed to start."
    assert primary["failedTasks"] >= 3
    assert (old["status"], old["runningCount"]) == ("ACTIVE", 2)  # the old tasks still serve
    with pytest.raises(WaiterError, match="Max attempts exceeded"):
        ecs.get_waiter("services_stable").wait(
            services=["web"], WaiterConfig={"Delay": 15, "MaxAttempts": 4}
        )
