"""The ``loadBalancers`` of a service: checked against ELBv2 and the task definition
as ECS checks them, and the targets a service task stands for in each target group.

Bridge and host network modes register ``{Id: <EC2 instance id>, Port: <host port>}``
(the dynamic host port when the mapping has none); awsvpc registers the task's private
IPv4 address and the container port, which needs a target group of type ``ip``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.errors import ServiceError
from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.ecs_services.model import LoadBalancerLink

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.backend import EcsBackend
    from pytest_ecsmock.services.ecs.task_definitions import TaskDefinition
    from pytest_ecsmock.services.ecs.tasks import Task
    from pytest_ecsmock.services.elbv2.backend import Elbv2Backend

MAX_TARGET_GROUPS = 5


def elbv2(ecs: EcsBackend) -> Elbv2Backend:
    backend: Elbv2Backend = ecs.context.sibling("elbv2")
    return backend


def parse_links(
    ecs: EcsBackend, given: Iterable[dict[str, Any]], definition: TaskDefinition
) -> tuple[LoadBalancerLink, ...]:
    links = []
    for entry in given:
        if entry.get("loadBalancerName") is not None:
            raise errors.InvalidParameterException(
                "Classic Load Balancers (loadBalancerName) are not supported by pytest-ecsmock "
                "yet; use an Application Load Balancer target group (targetGroupArn)."
            )
        arn = entry.get("targetGroupArn")
        if arn is None:
            raise errors.InvalidParameterException(
                "Target group arn must be specified for a service load balancer."
            )
        name, port = entry.get("containerName"), entry.get("containerPort")
        if name is None or port is None:
            raise errors.InvalidParameterException(
                "containerName and containerPort must be specified for a service load balancer."
            )
        link = LoadBalancerLink(arn, name, port)
        if link in links:
            raise errors.InvalidParameterException(
                f"The load balancer with targetGroupArn {arn}, containerName {name} and "
                f"containerPort {port} is listed more than once."
            )
        links.append(link)
    if len({link.target_group_arn for link in links}) > MAX_TARGET_GROUPS:
        raise errors.InvalidParameterException(
            f"A service can have at most {MAX_TARGET_GROUPS} target groups."
        )
    check_links(ecs, links, definition)
    return tuple(links)


def check_links(
    ecs: EcsBackend, links: Iterable[LoadBalancerLink], definition: TaskDefinition
) -> None:
    """What ECS checks of each link: the target group exists and a load balancer routes
    to it, the container has the port, the target type fits the network mode."""
    balancing = elbv2(ecs)
    mode = definition.network_mode
    for link in links:
        arn = link.target_group_arn
        try:
            target_group = balancing.target_group(arn)
        except ServiceError:
            raise errors.InvalidParameterException(
                f"Unable to find the target group with targetGroupArn {arn}."
            ) from None
        if not balancing.load_balancers_of(target_group):
            raise errors.InvalidParameterException(
                f"The target group with targetGroupArn {arn} does not have an associated load "
                "balancer."
            )
        check_containers([link], definition)
        wanted = "ip" if mode == "awsvpc" else "instance"
        if target_group.target_type != wanted:
            raise errors.InvalidParameterException(
                f"The provided target group {arn} has target type {target_group.target_type}, "
                f"which is incompatible with the {mode} network mode specified in the task "
                "definition."
            )


def check_containers(links: Iterable[LoadBalancerLink], definition: TaskDefinition) -> None:
    """Each link's container has the port in ``definition``."""
    for link in links:
        container = definition.container(link.container_name)
        if container is None or not any(
            mapping.container_port == link.container_port for mapping in container.port_mappings
        ):
            raise errors.InvalidParameterException(
                f"The container {link.container_name} did not have a container port "
                f"{link.container_port} defined."
            )


def target_of(task: Task, link: LoadBalancerLink) -> dict[str, Any] | None:
    """The target ``task`` stands for in the link's target group (None before it has
    an address or a host port)."""
    if task.interface is not None:
        return {"Id": task.interface.private_ip_address, "Port": link.container_port}
    if task.instance is None:
        return None
    for container in task.containers:
        if container.name != link.container_name:
            continue
        for binding in container.bindings:
            if binding["containerPort"] == link.container_port:
                return {"Id": task.instance.ec2_instance_id, "Port": binding["hostPort"]}
    return None
