"""One service's whole life behind an Application Load Balancer, through boto3, checked
at every step of the simulated clock: on EC2 with dynamic host ports, then on Fargate
with ``ip`` targets.

create -> targets healthy -> scale out -> scale in -> roll a new revision (healthy
targets never below the minimum) -> a broken revision rolled back by the circuit
breaker -> drain an instance (EC2) -> delete.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest

REGION = "us-east-1"
SUBNETS = ["subnet-0a000001", "subnet-0b000002"]
MINIMUM_PERCENT = 50
DRAIN_SECONDS = 20


class Life:
    """The clients, the target group and the checks every step makes."""

    def __init__(self, ecsmock: Any, target_type: str, **definition: Any) -> None:
        self.mock = ecsmock
        #: what every revision of the task definition has besides its image
        self.definition = definition
        self.ecs = boto3.client("ecs", region_name=REGION)
        self.elbv2 = boto3.client("elbv2", region_name=REGION)
        self.ecs.create_cluster(clusterName="prod")
        vpc = ecsmock.backend("network").default_vpc_id
        balancer = self.elbv2.create_load_balancer(Name="front", Subnets=SUBNETS)
        group = self.elbv2.create_target_group(
            Name="web", Protocol="HTTP", Port=80, VpcId=vpc, TargetType=target_type
        )
        self.group = group["TargetGroups"][0]["TargetGroupArn"]
        self.elbv2.modify_target_group_attributes(
            TargetGroupArn=self.group,
            Attributes=[
                {"Key": "deregistration_delay.timeout_seconds", "Value": str(DRAIN_SECONDS)}
            ],
        )
        self.elbv2.create_listener(
            LoadBalancerArn=balancer["LoadBalancers"][0]["LoadBalancerArn"],
            Protocol="HTTP",
            Port=80,
            DefaultActions=[{"Type": "forward", "TargetGroupArn": self.group}],
        )
        self.lowest_healthy: int | None = None

    def service(self) -> dict[str, Any]:
        [found] = self.ecs.describe_services(cluster="prod", services=["web"])["services"]
        return dict(found)

    def targets(self) -> dict[tuple[str, int], str]:
        described = self.elbv2.describe_target_health(TargetGroupArn=self.group)
        return {
            (d["Target"]["Id"], d["Target"]["Port"]): d["TargetHealth"]["State"]
            for d in described["TargetHealthDescriptions"]
        }

    def healthy(self) -> int:
        return list(self.targets().values()).count("healthy")

    def tasks(self, status: str = "RUNNING") -> list[dict[str, Any]]:
        arns = self.ecs.list_tasks(cluster="prod", serviceName="web", desiredStatus=status)
        if not arns["taskArns"]:
            return []
        return list(self.ecs.describe_tasks(cluster="prod", tasks=arns["taskArns"])["tasks"])

    def step_until(
        self, done: Callable[[], bool], *, floor: int, ceiling: int, limit: int = 1200
    ) -> int:
        """Advance one second at a time until ``done``; every second, healthy targets
        stay at ``floor`` or more and live tasks at ``ceiling`` or fewer. Returns the
        seconds it took."""
        for second in range(1, limit + 1):
            self.mock.clock.advance(1)
            healthy = self.healthy()
            assert healthy >= floor, f"{healthy} healthy targets at +{second}s"
            live = [t for t in self.tasks() if t["lastStatus"] != "STOPPED"]
            assert len(live) <= ceiling, f"{len(live)} tasks at +{second}s"
            if done():
                return second
        pytest.fail(f"not done after {limit}s: {self.service()['events'][:3]}")

    def deployed(self, revision: str, count: int) -> Callable[[], bool]:
        def check() -> bool:
            service = self.service()
            [primary, *others] = service["deployments"]
            return (
                not others
                and primary["rolloutState"] == "COMPLETED"
                and primary["taskDefinition"].endswith(revision)
                and self.healthy() == count
                and len(self.targets()) == count
            )

        return check


def register(life: Life, image: str) -> None:
    definition = dict(life.definition)
    ports = [{"containerPort": 80, **definition.pop("port", {})}]
    life.ecs.register_task_definition(
        family="web",
        containerDefinitions=[
            {"name": "app", "image": image, "memory": 256, "portMappings": ports}
        ],
        **definition,
    )


def live_through_deployments(life: Life, **launch: Any) -> None:
    ecs = life.ecs
    ecs.create_service(
        cluster="prod",
        serviceName="web",
        taskDefinition="web:1",
        desiredCount=2,
        loadBalancers=[{"targetGroupArn": life.group, "containerName": "app", "containerPort": 80}],
        deploymentConfiguration={
            "minimumHealthyPercent": MINIMUM_PERCENT,
            "maximumPercent": 200,
            "deploymentCircuitBreaker": {"enable": True, "rollback": True},
        },
        **launch,
    )
    life.step_until(life.deployed("web:1", 2), floor=0, ceiling=2)
    assert all(state == "healthy" for state in life.targets().values())

    ecs.update_service(cluster="prod", service="web", desiredCount=4)  # scale out
    life.step_until(
        lambda: life.healthy() == 4 and life.service()["runningCount"] == 4, floor=2, ceiling=4
    )
    hosts = [task.get("containerInstanceArn") for task in life.tasks()]
    if hosts[0] is not None:  # EC2: two tasks per instance, each on its own host port
        assert sorted(hosts.count(host) for host in set(hosts)) == [2, 2]
        ports = [port for _, port in life.targets()]
        assert len(set(ports)) == 2
        assert len(life.targets()) == 4

    ecs.update_service(cluster="prod", service="web", desiredCount=3)  # scale in
    life.step_until(
        lambda: life.service()["runningCount"] == 3 and len(life.targets()) == 3,
        floor=3,
        ceiling=4,
    )
    [drained] = life.tasks("STOPPED")
    assert drained["stopCode"] == "ServiceSchedulerInitiated"

    register(life, "nginx:1.28")  # roll a new revision: never below ceil(3 x 50 %) = 2
    ecs.update_service(cluster="prod", service="web", taskDefinition="web:2")
    life.step_until(life.deployed("web:2", 3), floor=2, ceiling=6)
    events = [e["message"] for e in life.service()["events"]]
    assert any("has begun draining connections" in message for message in events)

    life.mock.backend("ecs").simulate_image("nginx:broken", pull_fails=True)
    register(life, "nginx:broken")  # a broken revision: rolled back to web:2
    ecs.update_service(cluster="prod", service="web", taskDefinition="web:3")
    life.step_until(life.deployed("web:2", 3), floor=2, ceiling=6)
    service = life.service()
    assert service["taskDefinition"].endswith("web:2")
    events = [e["message"] for e in service["events"]]
    assert any("deployment failed: tasks failed to start." in message for message in events)
    failed = [t for t in life.tasks("STOPPED") if t["stopCode"] == "TaskFailedToStart"]
    assert len(failed) >= 3
    assert {t["taskDefinitionArn"].rpartition("/")[2] for t in failed} == {"web:3"}


def delete(life: Life) -> None:
    life.ecs.delete_service(cluster="prod", service="web", force=True)
    life.ecs.get_waiter("services_inactive").wait(cluster="prod", services=["web"])
    assert life.service()["status"] == "INACTIVE"
    assert life.targets() == {}
    assert life.tasks() == []


def test_a_service_on_ec2_with_dynamic_ports(ecsmock):
    life = Life(ecsmock, "instance", port={"hostPort": 0})
    backend = ecsmock.backend("ecs")
    instances = [
        backend.join_instance("ECS_CLUSTER=prod", "m5.large", availability_zone=f"{REGION}{z}")
        for z in "ab"
    ]
    register(life, "nginx:1.27")
    live_through_deployments(life)
    assert {target for target, _ in life.targets()} <= {i.ec2_instance_id for i in instances}

    first, second = instances
    hosts = [task["containerInstanceArn"] for task in life.tasks()]
    busiest, other = (first, second) if hosts.count(first.arn) >= 2 else (second, first)
    life.ecs.update_container_instances_state(
        cluster="prod", containerInstances=[busiest.arn], status="DRAINING"
    )
    life.step_until(
        lambda: (
            {t["containerInstanceArn"] for t in life.tasks()} == {other.arn}
            and life.healthy() == 3
            and len(life.targets()) == 3
        ),
        floor=2,
        ceiling=6,
    )
    delete(life)


def test_a_service_on_fargate_with_ip_targets(ecsmock):
    life = Life(
        ecsmock,
        "ip",
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="256",
        memory="512",
    )
    register(life, "nginx:1.27")
    live_through_deployments(
        life,
        launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": SUBNETS}},
    )
    addresses = {
        t["containers"][0]["networkInterfaces"][0]["privateIpv4Address"] for t in life.tasks()
    }
    assert set(life.targets()) == {(address, 80) for address in addresses}
    delete(life)
