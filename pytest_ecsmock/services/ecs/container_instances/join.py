"""``join_instance``: an EC2 instance boots from an ECS-optimized AMI with an
``/etc/ecs/ecs.config``, and its agent registers it, as on AWS.

The agent reads its settings, measures the instance (CPU = vCPUs x 1024; MEMORY = the
MemTotal the kernel reports, less ``ECS_RESERVED_MEMORY``), and calls
RegisterContainerInstance with its capabilities, the custom attributes and tags of
ecs.config and EC2's instance identity document. ECS adds what it knows of the EC2
instance (AMI, zone, type, architecture, VPC and subnet).

MemTotal is the instance type's memory less what firmware and the kernel keep, taken
as 3% (a t3.micro's 1024 MiB register as 993 MiB, as on AWS; real figures vary a little
with the AMI and kernel).
"""

from __future__ import annotations

import hashlib
import math
import re
from typing import TYPE_CHECKING

from pytest_ecsmock.errors import EcsmockUsageError, ServiceError
from pytest_ecsmock.services.ecs.container_instances.agent_config import (
    AgentConfig,
    parse_agent_config,
)
from pytest_ecsmock.services.ecs.container_instances.attributes import (
    attribute_problem,
    is_reserved,
    reserved_problem,
)
from pytest_ecsmock.services.ecs.container_instances.capabilities import (
    agent_attributes,
    agent_version_info,
    os_family,
)
from pytest_ecsmock.services.ecs.container_instances.identity import (
    AMI_ID,
    EC2_INSTANCE_ID,
    identity_document,
    parse_identity_document,
)
from pytest_ecsmock.services.ecs.container_instances.instance_types import (
    InstanceType,
    UnknownInstanceType,
    instance_type,
)
from pytest_ecsmock.services.ecs.container_instances.model import (
    ContainerInstance,
    RegisteredResources,
)
from pytest_ecsmock.services.ecs.container_instances.registration import Registration
from pytest_ecsmock.services.ecs.tags import parse_tags
from pytest_ecsmock.services.network import NetworkProblem, Subnet

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.backend import EcsBackend
    from pytest_ecsmock.services.ecs.clusters import Cluster

OS_TYPES = ("linux", "windows")
KERNEL_SHARE = 0.03
CLUSTER_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}\Z")
ASG_NAME = re.compile(r"^[\w.@+=,-]{1,255}\Z")


def available_memory(kind: InstanceType) -> int:
    """The MiB the agent reads as MemTotal on an instance of this type."""
    return kind.memory_mib - math.ceil(kind.memory_mib * KERNEL_SHARE)


def join_instance(
    ecs: EcsBackend,
    ecs_config: str,
    instance_type_name: str,
    *,
    availability_zone: str | None = None,
    instance_id: str | None = None,
    subnet_id: str | None = None,
    ami_id: str | None = None,
    os_type: str = "linux",
    auto_scaling_group: str | None = None,
) -> ContainerInstance:
    if auto_scaling_group is not None and not ASG_NAME.match(auto_scaling_group):
        raise EcsmockUsageError(
            f"auto_scaling_group {auto_scaling_group!r} is not an Auto Scaling group name "
            "(1 to 255 letters, digits and _ . @ + = , -)."
        )
    if os_type not in OS_TYPES:
        raise EcsmockUsageError(f"os_type must be 'linux' or 'windows', not {os_type!r}.")
    config = parse_agent_config(ecs_config, os_type=os_type)
    try:
        kind = instance_type(instance_type_name)
    except UnknownInstanceType as unknown:
        raise EcsmockUsageError(str(unknown)) from None
    if os_type == "windows" and kind.architecture != "x86_64":
        raise EcsmockUsageError(
            f"{kind.name} is an arm64 type; ECS-optimized Windows AMIs run on x86_64 only."
        )
    memory = available_memory(kind) - config.reserved_memory
    if memory < 0:
        raise EcsmockUsageError(
            f"ecs.config: ECS_RESERVED_MEMORY={config.reserved_memory} is more than the "
            f"{available_memory(kind)} MiB a {kind.name} has; the agent refuses to register."
        )
    custom = _custom_attributes(config)
    tags = _tags(config)
    store = ecs.container_instances
    zone, subnet = _placement(ecs, availability_zone, subnet_id)
    _check_id(instance_id, EC2_INSTANCE_ID, "instance_id", "i-0123456789abcdef0")
    _check_id(ami_id, AMI_ID, "ami_id", "ami-0123456789abcdef0")
    cluster = _cluster(ecs, config.cluster)

    # everything is checked: from here on the instance boots and registers
    if cluster is None:
        cluster = ecs.clusters.create({"clusterName": config.cluster})
    context = ecs.context
    ec2_id = instance_id or f"i-{context.ids.hex(17)}"
    document, signature = identity_document(
        instance_id=ec2_id,
        instance_type=kind.name,
        availability_zone=zone,
        region=context.region,
        account_id=context.account_id,
        image_id=ami_id or _optimized_ami(context.region, os_type, kind.architecture),
        architecture=kind.architecture,
        pending_time=context.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    identity = parse_identity_document(
        document, signature, account_id=context.account_id, region=context.region
    )
    attributes: dict[str, str | None] = dict(custom)
    attributes.update(agent_attributes(config, os_type))
    attributes.update({"ecs.os-type": os_type, "ecs.os-family": os_family(os_type)})
    registration = Registration(
        cluster=cluster,
        identity=identity,
        instance_type=kind,
        resources=RegisteredResources(
            cpu=kind.vcpus * 1024,
            memory=memory,
            tcp_ports=config.reserved_ports,
            udp_ports=config.reserved_ports_udp,
        ),
        attributes=attributes,
        version_info=agent_version_info(),
        tags=tags,
        agent_config=config,
        subnet=subnet,
    )
    instance = store.register(registration)
    if auto_scaling_group is not None:
        ecs.capacity_providers.instance_groups[instance.arn] = auto_scaling_group
    if availability_zone is None and subnet_id is None:
        store.next_zone += 1
    return instance


def _custom_attributes(config: AgentConfig) -> dict[str, str]:
    for name, value in config.instance_attributes.items():
        problem = attribute_problem(name, value)
        if problem is None and is_reserved(name):
            problem = reserved_problem(name)
        if problem is not None:
            raise EcsmockUsageError(f"ecs.config: ECS_INSTANCE_ATTRIBUTES: {problem}")
    return dict(config.instance_attributes)


def _tags(config: AgentConfig) -> dict[str, str]:
    try:
        return parse_tags([{"key": k, "value": v} for k, v in config.instance_tags.items()])
    except ServiceError as problem:
        raise EcsmockUsageError(
            f"ecs.config: ECS_CONTAINER_INSTANCE_TAGS: {problem.message}"
        ) from None


def _placement(
    ecs: EcsBackend, availability_zone: str | None, subnet_id: str | None
) -> tuple[str, Subnet | None]:
    """The zone, and the subnet when one was named (else the zone's default subnet)."""
    network = ecs.container_instances.network
    if subnet_id is not None:
        try:
            subnet = network.lookup([subnet_id])[0]
        except (NetworkProblem, ValueError) as problem:
            raise EcsmockUsageError(f"subnet_id {subnet_id!r}: {problem}") from None
        if availability_zone is not None and availability_zone != subnet.availability_zone:
            raise EcsmockUsageError(
                f"{subnet_id} is in {subnet.availability_zone}, not in {availability_zone}; "
                "give one of availability_zone and subnet_id, or ones that agree."
            )
        return subnet.availability_zone, subnet
    if availability_zone is not None:
        if not network.is_zone(availability_zone):
            raise EcsmockUsageError(
                f"{availability_zone!r} is not an Availability Zone of {network.region} "
                f"(such as {network.zones[0]})."
            )
        return availability_zone, None
    zones = network.zones
    return zones[ecs.container_instances.next_zone % len(zones)], None


def _check_id(value: str | None, pattern: re.Pattern[str], name: str, example: str) -> None:
    if value is not None and not pattern.match(value):
        raise EcsmockUsageError(f"{name} {value!r} is not of the form {example}.")


def _cluster(ecs: EcsBackend, reference: str) -> Cluster | None:
    """The cluster ECS_CLUSTER names; None for a missing ``default`` (the agent creates
    it); a usage error for another missing one (the agent would fail to register)."""
    found = ecs.clusters.lookup(reference)
    if found is not None and found.active:
        return found
    if reference == "default":
        return None
    context = ecs.context
    hint = (
        f" Create it first: create_cluster(clusterName='{reference}')."
        if CLUSTER_NAME.match(reference)
        else ""
    )
    raise EcsmockUsageError(
        f"ecs.config: ECS_CLUSTER={reference} names no ACTIVE cluster in account "
        f"{context.account_id}, region {context.region}, so the ECS agent cannot register "
        "(RegisterContainerInstance answers ClusterNotFoundException; the agent creates only "
        f"the 'default' cluster itself).{hint}"
    )


def _optimized_ami(region: str, os_type: str, architecture: str) -> str:
    """A stable AMI id per region, OS and architecture, like the ECS-optimized AMI's."""
    digest = hashlib.sha256(f"ecs-optimized:{region}:{os_type}:{architecture}".encode())
    return f"ami-{digest.hexdigest()[:17]}"
