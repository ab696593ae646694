"""What the task set tests share (a uniquely named module)."""

from __future__ import annotations

from typing import Any

from ecs_helpers import ACCOUNT, REGION

VPC = "vpc-0a1b2c3d4e5f60718"
SUBNETS = ["subnet-0000000a", "subnet-0000000b"]
AWSVPC = {"awsvpcConfiguration": {"subnets": SUBNETS}}
TASK_SET_ID = r"ecs-svc/\d{19}"


def task_set_arn(task_set_id: str, service: str = "web", cluster: str = "default") -> str:
    return f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-set/{cluster}/{service}/{task_set_id}"


def external_service(ecs: Any, name: str = "web", **request: Any) -> dict[str, Any]:
    """Create a service with the EXTERNAL deployment controller; its description."""
    answer: dict[str, Any] = ecs.create_service(
        serviceName=name, deploymentController={"type": "EXTERNAL"}, **request
    )
    return dict(answer["service"])


def create_task_set(ecs: Any, service: str = "web", **request: Any) -> dict[str, Any]:
    """CreateTaskSet in the default cluster (task definition ``web`` unless given)."""
    request.setdefault("taskDefinition", "web")
    answer: dict[str, Any] = ecs.create_task_set(cluster="default", service=service, **request)
    return dict(answer["taskSet"])


def task_sets(ecs: Any, service: str = "web") -> list[dict[str, Any]]:
    """The service's task sets as DescribeServices shows them."""
    [found] = ecs.describe_services(services=[service])["services"]
    return list(found["taskSets"])


def task_set(ecs: Any, task_set_id: str, service: str = "web") -> dict[str, Any]:
    [found] = [s for s in task_sets(ecs, service) if s["id"] == task_set_id]
    return found


def tasks_started_by(ecs: Any, task_set_id: str) -> list[dict[str, Any]]:
    """The live tasks of a task set (its tasks are started by its id)."""
    arns = ecs.list_tasks(startedBy=task_set_id)["taskArns"]
    if not arns:
        return []
    return list(ecs.describe_tasks(tasks=arns)["tasks"])


def fargate_web(ecs: Any, family: str = "web", image: str = "nginx:1.27") -> str:
    """Register a Fargate web server (awsvpc, port 80); its ARN."""
    answer = ecs.register_task_definition(
        family=family,
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="256",
        memory="512",
        containerDefinitions=[
            {"name": "app", "image": image, "portMappings": [{"containerPort": 80}]}
        ],
    )
    return str(answer["taskDefinition"]["taskDefinitionArn"])


def declare_subnets(ecsmock: Any) -> None:
    """The two SUBNETS of VPC, in zones a and b, as EC2 would know them."""
    network = ecsmock.backend("network")
    for subnet, zone in zip(SUBNETS, "ab", strict=True):
        network.add_subnet(subnet, vpc_id=VPC, availability_zone=f"{REGION}{zone}")


def ip_target_groups(elbv2: Any, *names: str) -> list[str]:
    """Target groups of type ip, each behind a listener of one load balancer in SUBNETS
    (declared first); their ARNs."""
    balancer = elbv2.create_load_balancer(Name="web", Subnets=SUBNETS)["LoadBalancers"][0]
    arns = []
    for port, name in enumerate(names, start=80):
        group = elbv2.create_target_group(
            Name=name, Protocol="HTTP", Port=80, VpcId=VPC, TargetType="ip"
        )["TargetGroups"][0]
        elbv2.create_listener(
            LoadBalancerArn=balancer["LoadBalancerArn"],
            Protocol="HTTP",
            Port=port,
            DefaultActions=[{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}],
        )
        arns.append(group["TargetGroupArn"])
    return arns


def link(target_group_arn: str) -> dict[str, Any]:
    return {"targetGroupArn": target_group_arn, "containerName": "app", "containerPort": 80}
