from __future__ import annotations

import re
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from examples.deploy import (
    DeployError,
    deploy,
    ensure_cluster,
    main,
    register_image,
    register_revision,
)
from pytest_ecsmock import EcsMock, mock_ecs


@mock_ecs
def test_ensure_cluster_creates_it_once() -> None:
    ecs = boto3.client("ecs", region_name="eu-west-1")
    first = ensure_cluster(ecs, "web", tags={"team": "payments"})
    second = ensure_cluster(ecs, "web")
    assert first == second == "arn:aws:ecs:eu-west-1:123456789012:cluster/web"
    cluster = ecs.describe_clusters(clusters=["web"], include=["TAGS"])["clusters"][0]
    assert cluster["tags"] == [{"key": "team", "value": "payments"}]


@pytest.mark.ecsmock(account_id="210987654321")
def test_ensure_cluster_with_the_fixture(ecsmock: EcsMock) -> None:
    ecs = boto3.client("ecs", region_name="us-east-1")
    arn = ensure_cluster(ecs, "batch")
    assert arn == "arn:aws:ecs:us-east-1:210987654321:cluster/batch"
    assert [call.operation for call in ecsmock.calls] == ["DescribeClusters", "CreateCluster"]


ROLE = "arn:aws:iam::123456789012:role/app-task"
EXECUTION = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"


def test_each_registration_is_a_new_revision(ecs: Any) -> None:
    first = register_revision(ecs, "web", "nginx:1.27", task_role=ROLE, execution_role=EXECUTION)
    second = register_revision(ecs, "web", "nginx:1.28", task_role=ROLE, execution_role=EXECUTION)
    assert (first["revision"], second["revision"]) == (1, 2)
    assert second["taskDefinitionArn"].endswith(":task-definition/web:2")
    assert second["taskRoleArn"] == ROLE
    assert "FARGATE" in second["compatibilities"]
    assert {"name": "com.amazonaws.ecs.capability.task-iam-role"} in second["requiresAttributes"]


def test_a_size_fargate_does_not_offer_fails_offline_as_in_production(ecs: Any) -> None:
    with pytest.raises(ClientError) as caught:
        register_revision(
            ecs, "web", "nginx", task_role=ROLE, execution_role=EXECUTION, cpu="256", memory="4096"
        )
    assert caught.value.response["Error"]["Code"] == "ClientException"
    assert "No Fargate configuration exists for given values: 256 CPU, 4096 memory" in str(
        caught.value
    )


def test_a_malformed_task_role_is_refused(ecs: Any) -> None:
    with pytest.raises(ClientError) as caught:
        register_revision(
            ecs, "web", "nginx", task_role="arn:aws:iam::12345:role/x", execution_role=EXECUTION
        )
    assert caught.value.response["Error"]["Code"] in {
        "ClientException",
        "InvalidParameterException",
    }
    assert ecs.list_task_definitions()["taskDefinitionArns"] == []


# ---------------------------------------------------------------------- rolling deploys

REGION = "eu-west-1"  # the region of the ``ecs`` client of conftest.py
ECS_CONFIG = "ECS_CLUSTER=prod\nECS_ENABLE_TASK_IAM_ROLE=true"
OLD_IMAGE = "registry.example.com/web:1.27"
NEW_IMAGE = "registry.example.com/web:1.28"
SUBNETS = {"a": "subnet-0a1b2c3d", "b": "subnet-0e1f2a3b"}
#: deploy() polls with time.sleep and time.monotonic: let them follow the simulated clock
simulated_time = pytest.mark.ecsmock(simulate_sleep=True)


def definition_arn(family: str, revision: int) -> str:
    return f"arn:aws:ecs:{REGION}:123456789012:task-definition/{family}:{revision}"


def start_web_service(
    ecs: Any,
    ecsmock: EcsMock,
    *,
    instance_type: str = "m5.large",
    memory: int = 512,
    deployment: dict[str, Any] | None = None,
    target_group: str | None = None,
) -> None:
    """Two instances in two zones, and a service of two tasks (behind ``target_group``
    if given) whose first deployment has completed, as in production before anyone
    deploys."""
    ensure_cluster(ecs, "prod")
    instances = ecsmock.backend("ecs", region=REGION)
    for zone, subnet in SUBNETS.items():
        instances.join_instance(
            ECS_CONFIG, instance_type, availability_zone=f"{REGION}{zone}", subnet_id=subnet
        )
    ecs.register_task_definition(
        family="web",
        containerDefinitions=[
            {
                "name": "web",
                "image": OLD_IMAGE,
                "cpu": 256,
                "memory": memory,
                "essential": True,
                "portMappings": [{"containerPort": 8080, "hostPort": 0}],
            }
        ],
    )
    ecs.create_service(
        cluster="prod",
        serviceName="web",
        taskDefinition="web",
        desiredCount=2,
        deploymentConfiguration=deployment or {},
        loadBalancers=[]
        if target_group is None
        else [{"targetGroupArn": target_group, "containerName": "web", "containerPort": 8080}],
    )
    ecsmock.clock.settle()
    [first] = describe_web(ecs)["deployments"]
    assert (first["rolloutState"], first["runningCount"]) == ("COMPLETED", 2)


def describe_web(ecs: Any) -> dict[str, Any]:
    [service] = ecs.describe_services(cluster="prod", services=["web"])["services"]
    return dict(service)


def web_tasks(ecs: Any, desired_status: str = "RUNNING") -> list[dict[str, Any]]:
    arns = ecs.list_tasks(cluster="prod", serviceName="web", desiredStatus=desired_status)
    if not arns["taskArns"]:
        return []
    return list(ecs.describe_tasks(cluster="prod", tasks=arns["taskArns"])["tasks"])


def task_ids(tasks: list[dict[str, Any]]) -> set[str]:
    return {task["taskArn"].rpartition("/")[2] for task in tasks}


def ids_in(message: str) -> set[str]:
    """The task ids an event such as "has started 2 tasks: (task a) (task b)." names."""
    return set(re.findall(r"\(task ([0-9a-f]+)\)", message))


@simulated_time
def test_a_rolling_deploy_replaces_every_task(ecs: Any, ecsmock: EcsMock) -> None:
    start_web_service(ecs, ecsmock, deployment={"minimumHealthyPercent": 50, "maximumPercent": 200})
    old_tasks = task_ids(web_tasks(ecs))

    report = deploy(ecs, "prod", "web", NEW_IMAGE)

    assert report.ok
    assert report.state == "COMPLETED"
    assert report.reason == f"ECS deployment {report.deployment_id} completed."
    assert report.previous_task_definition == definition_arn("web", 1)
    assert report.task_definition == definition_arn("web", 2)
    assert report.rolled_back_to is None
    service = describe_web(ecs)
    assert service["taskDefinition"] == definition_arn("web", 2)
    assert (service["runningCount"], service["desiredCount"]) == (2, 2)
    [only] = service["deployments"]
    assert only["id"] == report.deployment_id
    running = web_tasks(ecs)
    assert {task["taskDefinitionArn"] for task in running} == {definition_arn("web", 2)}
    assert {task["containers"][0]["image"] for task in running} == {NEW_IMAGE}
    # the events since the update, oldest first: new tasks up, old ones down, done
    messages = report.messages
    assert messages[0].startswith("(service web) has started 2 tasks:")
    assert ids_in(messages[0]) == task_ids(running)
    stopped = set().union(*(ids_in(m) for m in messages if "has stopped" in m))
    assert stopped == old_tasks
    assert messages[-2:] == [
        f"(service web) (deployment {report.deployment_id}) deployment completed.",
        "(service web) has reached a steady state.",
    ]
    assert [e.created_at for e in report.events] == sorted(e.created_at for e in report.events)


@simulated_time
def test_the_new_revision_is_the_old_one_with_the_new_image(ecs: Any, ecsmock: EcsMock) -> None:
    ecs.register_task_definition(
        family="api",
        taskRoleArn=ROLE,
        executionRoleArn=EXECUTION,
        networkMode="bridge",
        placementConstraints=[
            {"type": "memberOf", "expression": "attribute:ecs.instance-type =~ m5.*"}
        ],
        volumes=[{"name": "scratch", "host": {"sourcePath": "/mnt/scratch"}}],
        containerDefinitions=[
            {
                "name": "api",
                "image": "registry.example.com/api:7",
                "memory": 512,
                "essential": True,
                "environment": [{"name": "STAGE", "value": "prod"}],
                "mountPoints": [{"sourceVolume": "scratch", "containerPath": "/tmp/scratch"}],
            },
            {"name": "log-router", "image": "fluent/fluent-bit:3.1", "memory": 64},
        ],
        tags=[{"key": "team", "value": "payments"}],
    )

    arn = register_image(ecs, "api:1", "registry.example.com/api:8", container="api")

    assert arn == definition_arn("api", 2)
    old = ecs.describe_task_definition(taskDefinition="api:1", include=["TAGS"])
    new = ecs.describe_task_definition(taskDefinition="api:2", include=["TAGS"])
    assert new["tags"] == old["tags"] == [{"key": "team", "value": "payments"}]
    api, router = new["taskDefinition"]["containerDefinitions"]
    assert api["image"] == "registry.example.com/api:8"
    assert router["image"] == "fluent/fluent-bit:3.1"
    ecs_own = {"taskDefinitionArn", "revision", "registeredAt", "containerDefinitions"}
    unchanged = {k: v for k, v in old["taskDefinition"].items() if k not in ecs_own}
    assert {k: v for k, v in new["taskDefinition"].items() if k not in ecs_own} == unchanged
    assert {**api, "image": "registry.example.com/api:7"} == (
        old["taskDefinition"]["containerDefinitions"][0]
    )


@simulated_time
def test_a_definition_with_several_containers_needs_the_container_named(
    ecs: Any, ecsmock: EcsMock
) -> None:
    start_web_service(ecs, ecsmock)
    ecs.register_task_definition(
        family="web",
        containerDefinitions=[
            {"name": "web", "image": OLD_IMAGE, "memory": 512},
            {"name": "envoy", "image": "envoyproxy/envoy:v1.31", "memory": 128},
        ],
    )
    ecs.update_service(cluster="prod", service="web", taskDefinition="web:2")

    with pytest.raises(DeployError, match=r"web:2 has containers web, envoy: say which one"):
        deploy(ecs, "prod", "web", NEW_IMAGE)

    families = ecs.list_task_definitions(familyPrefix="web")["taskDefinitionArns"]
    assert families == [definition_arn("web", 1), definition_arn("web", 2)]


def test_deploying_to_a_missing_service_changes_nothing(ecs: Any) -> None:
    ensure_cluster(ecs, "prod")
    with pytest.raises(DeployError, match="service web in cluster prod: MISSING"):
        deploy(ecs, "prod", "web", NEW_IMAGE)
    assert ecs.list_task_definitions()["taskDefinitionArns"] == []


@simulated_time
def test_an_image_that_fails_to_start_is_rolled_back_by_the_circuit_breaker(
    ecs: Any, ecsmock: EcsMock
) -> None:
    start_web_service(
        ecs,
        ecsmock,
        deployment={
            "minimumHealthyPercent": 50,
            "deploymentCircuitBreaker": {"enable": True, "rollback": True},
        },
    )
    broken = "registry.example.com/web:1.28-typo"
    ecsmock.backend("ecs", region=REGION).simulate_image(broken, pull_fails=True)

    report = deploy(ecs, "prod", "web", broken)

    assert not report.ok
    assert report.state == "FAILED"
    assert report.task_definition == definition_arn("web", 2)
    assert report.rolled_back_to == definition_arn("web", 1)
    assert (
        f"(service web) (deployment {report.deployment_id}) deployment failed: "
        "tasks failed to start."
    ) in report.messages
    assert any(
        m.startswith("(service web) rolling back to deployment ecs-svc/") for m in report.messages
    )
    failed = web_tasks(ecs, desired_status="STOPPED")
    assert {task["taskDefinitionArn"] for task in failed} >= {definition_arn("web", 2)}
    assert any(
        task["stopCode"] == "TaskFailedToStart"
        and task["stoppedReason"].startswith("CannotPullContainerError")
        for task in failed
    )
    # the rollback brings the old revision back to full strength
    ecs.get_waiter("services_stable").wait(cluster="prod", services=["web"])
    service = describe_web(ecs)
    assert service["taskDefinition"] == definition_arn("web", 1)
    assert service["runningCount"] == 2
    assert {t["taskDefinitionArn"] for t in web_tasks(ecs)} == {definition_arn("web", 1)}


@simulated_time
def test_a_deploy_without_room_for_the_new_tasks_times_out(ecs: Any, ecsmock: EcsMock) -> None:
    # each instance holds one task: the new ones cannot start beside the old ones, and
    # minimumHealthyPercent=100 keeps the old ones running
    start_web_service(ecs, ecsmock, memory=6144)

    report = deploy(ecs, "prod", "web", NEW_IMAGE, timeout=300, poll=10)

    assert report.state == "TIMED_OUT"
    assert report.reason == f"{report.deployment_id} was still IN_PROGRESS after 300s"
    assert report.elapsed >= 300
    [placement] = [m for m in report.messages if "unable to place a task" in m]
    assert "has insufficient memory available." in placement
    service = describe_web(ecs)
    new, old = service["deployments"]
    assert (new["id"], new["rolloutState"], new["runningCount"]) == (
        report.deployment_id,
        "IN_PROGRESS",
        0,
    )
    assert (old["taskDefinition"], old["runningCount"]) == (definition_arn("web", 1), 2)
    assert {t["taskDefinitionArn"] for t in web_tasks(ecs)} == {definition_arn("web", 1)}


@simulated_time
def test_a_deploy_overtaken_by_another_update_stops_waiting(ecs: Any, ecsmock: EcsMock) -> None:
    start_web_service(ecs, ecsmock)
    # half a minute in, a colleague puts the service back on revision 1 by hand
    ecsmock.clock.call_later(
        30, lambda: ecs.update_service(cluster="prod", service="web", taskDefinition="web:1")
    )

    report = deploy(ecs, "prod", "web", NEW_IMAGE)

    primary, *others = describe_web(ecs)["deployments"]
    assert primary["taskDefinition"] == definition_arn("web", 1)
    [ours] = [d for d in others if d["id"] == report.deployment_id]
    assert ours["status"] == "ACTIVE"  # its tasks are still being replaced
    assert report.state == "REPLACED"
    assert report.reason == f"{report.deployment_id} was replaced by {primary['id']}"
    assert report.rolled_back_to is None


@mock_ecs(region="us-west-2", simulate_sleep=True)
def test_a_fargate_service_deploys_with_the_decorator() -> None:
    ecs = boto3.client("ecs", region_name="us-west-2")
    ensure_cluster(ecs, "prod")
    register_revision(ecs, "web", OLD_IMAGE, task_role=ROLE, execution_role=EXECUTION)
    ecs.create_service(
        cluster="prod",
        serviceName="web",
        taskDefinition="web",
        desiredCount=3,
        launchType="FARGATE",
        networkConfiguration={
            "awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d", "subnet-0e1f2a3b"]}
        },
    )
    ecs.get_waiter("services_stable").wait(cluster="prod", services=["web"])

    report = deploy(ecs, "prod", "web", NEW_IMAGE)

    assert (report.state, report.task_definition) == (
        "COMPLETED",
        "arn:aws:ecs:us-west-2:123456789012:task-definition/web:2",
    )
    new = ecs.describe_task_definition(taskDefinition="web:2")["taskDefinition"]
    assert (new["cpu"], new["memory"], new["networkMode"]) == ("256", "512", "awsvpc")
    assert (new["taskRoleArn"], new["executionRoleArn"]) == (ROLE, EXECUTION)
    [web] = new["containerDefinitions"]
    assert web["image"] == NEW_IMAGE
    assert web["logConfiguration"]["options"]["awslogs-group"] == "/ecs/web"
    arns = ecs.list_tasks(cluster="prod", serviceName="web")["taskArns"]
    tasks = ecs.describe_tasks(cluster="prod", tasks=arns)["tasks"]
    assert [(t["launchType"], t["taskDefinitionArn"]) for t in tasks] == [
        ("FARGATE", report.task_definition)
    ] * 3


@simulated_time
def test_the_command_line_prints_the_report(
    ecs: Any, ecsmock: EcsMock, capsys: pytest.CaptureFixture[str]
) -> None:
    start_web_service(ecs, ecsmock)

    status = main(
        ["--cluster", "prod", "--service", "web", "--image", NEW_IMAGE, "--region", REGION]
    )

    assert status == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("web: COMPLETED after ")
    assert out[2] == f"  task definition {definition_arn('web', 1)} -> {definition_arn('web', 2)}"
    assert out[-1].endswith(" (service web) has reached a steady state.")
    assert describe_web(ecs)["taskDefinition"] == definition_arn("web", 2)


def test_the_command_line_says_why_it_could_not_start(
    ecs: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    ensure_cluster(ecs, "prod")
    status = main(
        ["--cluster", "prod", "--service", "api", "--image", NEW_IMAGE, "--region", REGION]
    )
    assert status == 2
    assert capsys.readouterr().err == "deploy: service api in cluster prod: MISSING\n"


# ---------------------------------------------------------------------- behind a load balancer


def web_load_balancer(elbv2: Any) -> str:
    """An internet-facing ALB in the instances' subnets forwarding to a target group
    of instance targets checked on /health, drained in 30 s rather than the default
    300 (as teams set it for quicker deploys); the target group's ARN."""
    [balancer] = elbv2.create_load_balancer(Name="web", Subnets=list(SUBNETS.values()))[
        "LoadBalancers"
    ]
    [group] = elbv2.create_target_group(
        Name="web",
        Protocol="HTTP",
        Port=8080,
        VpcId=balancer["VpcId"],
        HealthCheckPath="/health",
        HealthCheckIntervalSeconds=10,
        HealthyThresholdCount=2,
    )["TargetGroups"]
    elbv2.modify_target_group_attributes(
        TargetGroupArn=group["TargetGroupArn"],
        Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}],
    )
    elbv2.create_listener(
        LoadBalancerArn=balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}],
    )
    return str(group["TargetGroupArn"])


def targets_of(ecs: Any, tasks: list[dict[str, Any]]) -> set[tuple[str, int]]:
    """(EC2 instance id, host port): the target each bridge-mode task stands for."""
    instances = ecs.describe_container_instances(
        cluster="prod", containerInstances=[task["containerInstanceArn"] for task in tasks]
    )["containerInstances"]
    ec2_ids = {i["containerInstanceArn"]: i["ec2InstanceId"] for i in instances}
    found: set[tuple[str, int]] = set()
    for task in tasks:
        [binding] = task["containers"][0]["networkBindings"]
        found.add((ec2_ids[task["containerInstanceArn"]], binding["hostPort"]))
    return found


def target_counts(messages: list[str], verb: str) -> int:
    """The targets the events say were ``registered`` or ``deregistered``, in all."""
    pattern = rf"\(service web\) {verb} (\d+) targets in \(target-group "
    return sum(int(found) for m in messages for found in re.findall(pattern, m))


@simulated_time
def test_behind_a_load_balancer_the_old_targets_drain_once_the_new_ones_are_healthy(
    ecs: Any, ecsmock: EcsMock
) -> None:
    elbv2 = boto3.client("elbv2", region_name=REGION)
    target_group = web_load_balancer(elbv2)
    start_web_service(ecs, ecsmock, target_group=target_group)
    old_targets = targets_of(ecs, web_tasks(ecs))

    report = deploy(ecs, "prod", "web", NEW_IMAGE)

    assert report.state == "COMPLETED"
    new_tasks = web_tasks(ecs)
    assert {t["taskDefinitionArn"] for t in new_tasks} == {definition_arn("web", 2)}
    health = elbv2.describe_target_health(TargetGroupArn=target_group)
    served = {
        (d["Target"]["Id"], d["Target"]["Port"], d["TargetHealth"]["State"])
        for d in health["TargetHealthDescriptions"]
    }
    assert served == {(ec2, port, "healthy") for ec2, port in targets_of(ecs, new_tasks)}
    assert not old_targets & {(ec2, port) for ec2, port, _ in served}
    messages = report.messages
    assert target_counts(messages, "registered") == 2
    assert target_counts(messages, "deregistered") == 2
    first = {
        kind: next(i for i, m in enumerate(messages) if kind in m)
        for kind in (") registered", "has begun draining", ") deregistered", "has stopped")
    }
    assert list(first) == sorted(first, key=first.__getitem__)
    assert messages[-1] == "(service web) has reached a steady state."


@simulated_time
def test_an_image_failing_its_load_balancer_health_checks_is_rolled_back(
    ecs: Any, ecsmock: EcsMock
) -> None:
    elbv2 = boto3.client("elbv2", region_name=REGION)
    target_group = web_load_balancer(elbv2)
    start_web_service(
        ecs,
        ecsmock,
        target_group=target_group,
        deployment={"deploymentCircuitBreaker": {"enable": True, "rollback": True}},
    )
    # the new build starts, but answers /health with errors
    ecsmock.backend("ecs", region=REGION).simulate_image(NEW_IMAGE, health="unhealthy")

    report = deploy(ecs, "prod", "web", NEW_IMAGE)

    assert (report.state, report.rolled_back_to) == ("FAILED", definition_arn("web", 1))
    assert target_counts(report.messages, "registered") >= 2  # the new tasks were tried
    ecs.get_waiter("services_stable").wait(cluster="prod", services=["web"])
    running = web_tasks(ecs)
    assert {t["taskDefinitionArn"] for t in running} == {definition_arn("web", 1)}
    health = elbv2.describe_target_health(TargetGroupArn=target_group)
    serving = {
        (d["Target"]["Id"], d["Target"]["Port"])
        for d in health["TargetHealthDescriptions"]
        if d["TargetHealth"]["State"] == "healthy"
    }
    assert serving == targets_of(ecs, running)
