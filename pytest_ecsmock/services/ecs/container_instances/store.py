"""The container instances of one account and region: registering, finding,
describing, listing, draining and deregistering them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.arns import own_resource, parse_ecs_arn
from pytest_ecsmock.services.ecs.clusters import Cluster, ClusterStore
from pytest_ecsmock.services.ecs.container_instances.hooks import ContainerInstanceHooks
from pytest_ecsmock.services.ecs.container_instances.model import ContainerInstance
from pytest_ecsmock.services.ecs.container_instances.registration import Registration
from pytest_ecsmock.services.ecs.params import check_at_most, check_enum, check_enums, page
from pytest_ecsmock.services.ecs.placement import query
from pytest_ecsmock.services.ecs.usage import ClusterUsage, UsageSources

if TYPE_CHECKING:
    from pytest_ecsmock.services.network import NetworkBackend, Subnet

STATUSES = ("ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED")
SETTABLE_STATUSES = ("ACTIVE", "DRAINING")
FIELDS = ("TAGS", "CONTAINER_INSTANCE_HEALTH")
MAX_DESCRIBE = 100
MAX_STATE_UPDATE = 10
NOT_FOUND = "Container instance not found."
RUNNING_TASKS = "Found running tasks on the instance."


def inactive(instance: ContainerInstance) -> errors.ClientException:
    return errors.ClientException(f"Container instance {instance.instance_id} is inactive.")


class ContainerInstanceStore:
    def __init__(self, context: BackendContext, usage: UsageSources, clusters: ClusterStore):
        self.context = context
        self.clusters = clusters
        self.instances: dict[str, ContainerInstance] = {}
        self.hooks = ContainerInstanceHooks()
        #: stands in for the account setting ``awsvpcTrunking``: new instances of a type
        #: that supports it get a trunk interface (more awsvpc tasks per instance)
        self.awsvpc_trunking = False
        #: the zone the next instance joined without zone or subnet goes to
        self.next_zone = 0
        usage.add_cluster_source(self._cluster_usage)

    @property
    def network(self) -> NetworkBackend:
        network: NetworkBackend = self.context.sibling("network")
        return network

    def arn(self, cluster: Cluster, instance_id: str) -> str:
        return self.context.arn(f"container-instance/{cluster.name}/{instance_id}")

    def _cluster_usage(self, cluster: Cluster) -> ClusterUsage:
        count = sum(1 for i in self.instances.values() if i.cluster is cluster and i.registered)
        return ClusterUsage(container_instances=count)

    # ------------------------------------------------------------------ finding

    def find(self, cluster: Cluster, reference: str) -> ContainerInstance | None:
        """The instance of ``cluster`` that ``reference`` (its ID or ARN) names."""
        resource = own_resource(reference, "container-instance", self.context)
        if resource is None:
            return None
        instance_id = resource
        if reference.startswith("arn:"):
            cluster_name, slash, instance_id = resource.rpartition("/")
            if slash and cluster_name != cluster.name:
                return None
        found = self.instances.get(instance_id)
        return found if found is not None and found.cluster is cluster else None

    def find_by_arn(self, arn: str) -> ContainerInstance | None:
        """The instance of a full ARN, whatever its cluster."""
        parsed = parse_ecs_arn(arn)
        if parsed is None:
            return None
        found = self.instances.get(parsed.resource.rpartition("/")[2])
        return found if found is not None and self.find(found.cluster, arn) is found else None

    def get(self, cluster: Cluster, reference: str) -> ContainerInstance:
        found = self.find(cluster, reference)
        if found is None:
            raise errors.InvalidParameterException(NOT_FOUND)
        return found

    def in_cluster(self, cluster: Cluster) -> list[ContainerInstance]:
        """The registered (ACTIVE or DRAINING) instances, in registration order."""
        return [i for i in self.instances.values() if i.cluster is cluster and i.registered]

    def missing_arn(self, cluster: Cluster, reference: str) -> str:
        return reference if reference.startswith("arn:") else self.arn(cluster, reference)

    # ------------------------------------------------------------------ registering

    def register(
        self, registration: Registration, existing: ContainerInstance | None = None
    ) -> ContainerInstance:
        """Make (or, with ``existing``, update) the instance; the checks are done."""
        if existing is not None:
            return self._reregister(existing, registration)
        identity = registration.identity
        subnet = registration.subnet or self.default_subnet(identity.availability_zone)
        self.network.remember([subnet])
        instance_id = self.context.ids.hex(32)
        instance = ContainerInstance(
            instance_id=instance_id,
            arn=self.arn(registration.cluster, instance_id),
            cluster=registration.cluster,
            ec2_instance_id=identity.instance_id,
            instance_type=registration.instance_type,
            availability_zone=identity.availability_zone,
            subnet_id=subnet.subnet_id,
            vpc_id=subnet.vpc_id,
            image_id=identity.image_id,
            architecture=identity.architecture or registration.instance_type.architecture,
            os_type=registration.attributes.get("ecs.os-type"),
            registered_at=self.context.clock.now(),
            resources=registration.resources,
            attributes=dict(registration.attributes),
            version_info=dict(registration.version_info),
            tags=dict(registration.tags),
            platform_devices=list(registration.platform_devices),
            agent_config=registration.agent_config,
            private_ip=identity.private_ip,
            sequence=len(self.instances),
        )
        if self.awsvpc_trunking and instance.instance_type.trunk_branches:
            trunk = self.network.create_interface(
                subnet.subnet_id, description=f"ECS trunk interface of {instance.ec2_instance_id}"
            )
            instance.trunk_interface_id = trunk.interface_id
            instance.trunk_attachment_id = self.context.ids.uuid()
        instance.attributes.update(self._ecs_attributes(instance))
        self.instances[instance_id] = instance
        for hook in self.hooks.registered:
            hook(instance)
        return instance

    def _reregister(
        self, instance: ContainerInstance, registration: Registration
    ) -> ContainerInstance:
        """The agent restarted: it sends its resources and capabilities again; the custom
        attributes put since stay, and tags are added to."""
        if registration.identity.instance_id != instance.ec2_instance_id:
            raise errors.InvalidParameterException(
                f"Container instance {instance.instance_id} belongs to EC2 instance "
                f"{instance.ec2_instance_id}, not to {registration.identity.instance_id}."
            )
        instance.resources = registration.resources
        instance.version_info = dict(registration.version_info)
        instance.attributes.update(registration.attributes)
        instance.tags.update(registration.tags)
        instance.agent_connected = True
        instance.version += 1
        return instance

    def _ecs_attributes(self, instance: ContainerInstance) -> dict[str, str]:
        """What ECS adds from the identity document and EC2."""
        attributes = {
            "ecs.ami-id": instance.image_id,
            "ecs.availability-zone": instance.availability_zone,
            "ecs.instance-type": instance.instance_type.name,
            "ecs.cpu-architecture": instance.architecture,
            "ecs.vpc-id": instance.vpc_id,
            "ecs.subnet-id": instance.subnet_id,
        }
        if instance.trunk_interface_id is not None:
            attributes["ecs.awsvpc-trunk-id"] = instance.trunk_interface_id
        return attributes

    def default_subnet(self, zone: str) -> Subnet:
        """The default VPC's subnet of ``zone``: one already known, else a new one.

        The network registry places subnets by id, not by zone, so a new default
        subnet is declared with an id from the seeded identifiers."""
        network = self.network
        for subnet in network.subnets(network.default_vpc_id):
            if subnet.availability_zone == zone:
                return subnet
        subnet_id = f"subnet-{self.context.ids.hex(17)}"
        return network.add_subnet(subnet_id, availability_zone=zone)

    # ------------------------------------------------------------------ describing

    def describe(
        self, cluster: Cluster, references: list[str], include: list[str] | None
    ) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
        if not references:
            raise errors.InvalidParameterException("Container instances cannot be empty.")
        check_at_most(references, MAX_DESCRIBE, "containerInstances")
        check_enums(include or [], FIELDS, "include")
        view = frozenset(include or [])
        found, failures = [], []
        for reference in references:
            instance = self.find(cluster, reference)
            if instance is None:
                failures.append({"arn": self.missing_arn(cluster, reference), "reason": "MISSING"})
            else:
                found.append(instance.describe(view))
        return found, failures

    def list_arns(self, cluster: Cluster, params: dict[str, Any]) -> tuple[list[str], str | None]:
        status = params.get("status")
        if status is not None:
            check_enum(status, STATUSES, "status")
        expression = params.get("filter")
        matches = _query_matcher(expression) if expression else None
        chosen = [
            instance
            for instance in self.instances.values()
            if instance.cluster is cluster
            and instance.status != "INACTIVE"
            and (status is None or instance.status == status)
            and (matches is None or matches(instance))
        ]
        instances, token = page(chosen, params, key=lambda i: f"{i.sequence:010d}")
        return [instance.arn for instance in instances], token

    # ------------------------------------------------------------------ changing

    def update_state(
        self, cluster: Cluster, references: list[str], status: str
    ) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
        check_enum(status, STATUSES, "status")
        if status not in SETTABLE_STATUSES:
            raise errors.InvalidParameterException(
                f"Container instances can be set to ACTIVE or DRAINING only, not {status}."
            )
        if not references:
            raise errors.InvalidParameterException("Container instances cannot be empty.")
        check_at_most(references, MAX_STATE_UPDATE, "containerInstances")
        changed: list[tuple[ContainerInstance, str]] = []
        found, failures = [], []
        for reference in references:
            instance = self.find(cluster, reference)
            if instance is None or not instance.registered:
                reason = "MISSING" if instance is None else "INACTIVE"
                failures.append({"arn": self.missing_arn(cluster, reference), "reason": reason})
                continue
            if instance.status != status:
                changed.append((instance, instance.status))
                instance.status = status
                instance.version += 1
            found.append(instance)
        for instance, previous in changed:
            for hook in self.hooks.status_changed:
                hook(instance, previous)
        return [instance.describe() for instance in found], failures

    def deregister(self, cluster: Cluster, reference: str, force: bool) -> ContainerInstance:
        instance = self.get(cluster, reference)
        if instance.status == "INACTIVE":
            return instance
        if instance.tasks and not force:
            raise errors.InvalidParameterException(RUNNING_TASKS)
        forced = bool(instance.tasks)
        instance.status = "INACTIVE"
        instance.agent_connected = False
        instance.version += 1
        if instance.trunk_interface_id is not None:
            self.network.delete_interface(instance.trunk_interface_id)
        for hook in self.hooks.deregistered:
            hook(instance, forced)
        return instance


def _query_matcher(expression: str) -> Callable[[ContainerInstance], bool]:
    """The cluster query language of the placement engine, as a predicate on instances."""
    try:
        parsed = query.parse(expression)
    except ValueError as problem:
        raise errors.InvalidParameterException(str(problem)) from None
    return lambda instance: query.matches(parsed, instance)
