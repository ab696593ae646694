"""The operations only the ECS agent calls: RegisterContainerInstance,
UpdateContainerAgent's update steps, DiscoverPollEndpoint and the state change reports."""

from __future__ import annotations

import functools
import re
from typing import Any

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.clusters import Cluster
from pytest_ecsmock.services.ecs.container_instances.capabilities import AGENT_HASH, AGENT_VERSION
from pytest_ecsmock.services.ecs.container_instances.identity import (
    NOT_VALID,
    parse_identity_document,
)
from pytest_ecsmock.services.ecs.container_instances.instance_types import (
    UnknownInstanceType,
    instance_type,
)
from pytest_ecsmock.services.ecs.container_instances.model import UPDATING, ContainerInstance
from pytest_ecsmock.services.ecs.container_instances.registration import (
    Registration,
    parse_attributes,
    parse_platform_devices,
    parse_resources,
)
from pytest_ecsmock.services.ecs.container_instances.store import (
    ContainerInstanceStore,
    inactive,
)
from pytest_ecsmock.services.ecs.tags import check_count, parse_tags

#: seconds between the steps of an agent update (AWS gives no figure)
UPDATE_STEP_SECONDS = 10
UPDATE_STEPS = ("STAGING", "STAGED", "UPDATING", "UPDATED")
NO_UPDATE = (
    "There's no update available for this Amazon ECS container agent. This might be "
    "because the agent is already running the latest version or because it's so old that "
    "there's no update path to the current version."
)
MISSING_VERSION = (
    "Amazon ECS can't determine the current version of the Amazon ECS container agent on "
    "the container instance and doesn't have enough information to proceed with an update. "
    "This could be because the agent running on the container instance is a previous or "
    "custom version that doesn't use our version information."
)
IN_PROGRESS = (
    "There's already a current Amazon ECS container agent update in progress on the "
    "container instance that's specified. If the container agent becomes disconnected "
    "while it's in a transitional stage, such as PENDING or STAGING, the update process "
    "can get stuck in that state. However, when the agent reconnects, it resumes where it "
    "stopped previously."
)
NOT_ON_WINDOWS = (
    "Agent updates with the UpdateContainerAgent API operation do not apply to Windows "
    "container instances. We recommend that you launch new container instances to update "
    "the agent version in your Windows clusters."
)
AGENT_VERSION_TEXT = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)\Z")
ACKNOWLEDGMENT = "ACK"


def register_from_request(
    store: ContainerInstanceStore, params: dict[str, Any]
) -> ContainerInstance:
    """RegisterContainerInstance: a new instance, or an update of ``containerInstanceArn``."""
    cluster = store.clusters.get(params.get("cluster"))
    context = store.context
    identity = parse_identity_document(
        params.get("instanceIdentityDocument"),
        params.get("instanceIdentityDocumentSignature"),
        account_id=context.account_id,
        region=context.region,
    )
    if not store.network.is_zone(identity.availability_zone):
        raise errors.ClientException(
            f"{NOT_VALID} '{identity.availability_zone}' is not a zone of {context.region}."
        )
    try:
        kind = instance_type(identity.instance_type)
    except UnknownInstanceType as unknown:
        raise errors.InvalidParameterException(str(unknown)) from None
    registration = Registration(
        cluster=cluster,
        identity=identity,
        instance_type=kind,
        resources=parse_resources(params.get("totalResources", [])),
        attributes=parse_attributes(params.get("attributes", [])),
        version_info=dict(params.get("versionInfo", {})),
        tags=parse_tags(params.get("tags")),
        platform_devices=parse_platform_devices(params.get("platformDevices", [])),
    )
    existing = None
    if "containerInstanceArn" in params:
        existing = store.get(cluster, params["containerInstanceArn"])
        if existing.status == "INACTIVE":
            raise inactive(existing)
        check_count({**existing.tags, **registration.tags})
    return store.register(registration, existing)


# ---------------------------------------------------------------------- agent updates


def _version(text: str) -> tuple[int, ...] | None:
    found = AGENT_VERSION_TEXT.match(text)
    return None if found is None else tuple(int(part) for part in found.groups())


def update_agent(
    store: ContainerInstanceStore, cluster: Cluster, reference: str
) -> ContainerInstance:
    """Start an agent update: ``agentUpdateStatus`` goes PENDING, then every 10 simulated
    seconds STAGING, STAGED, UPDATING and UPDATED, when the agent runs the newest
    version."""
    instance = store.get(cluster, reference)
    if instance.status == "INACTIVE":
        raise inactive(instance)
    if instance.os_type == "windows":
        raise errors.InvalidParameterException(NOT_ON_WINDOWS)
    if instance.agent_update_status in UPDATING:
        raise errors.UpdateInProgressException(IN_PROGRESS)
    current = _version(instance.agent_version)
    if current is None:
        raise errors.MissingVersionException(MISSING_VERSION)
    newest = _version(AGENT_VERSION)
    if newest is not None and current >= newest:
        raise errors.NoUpdateAvailableException(NO_UPDATE)
    instance.agent_update_status = "PENDING"
    instance.version += 1
    for number, step in enumerate(UPDATE_STEPS, start=1):
        store.context.clock.after(
            number * UPDATE_STEP_SECONDS, functools.partial(_update_step, instance, step)
        )
    return instance


def _update_step(instance: ContainerInstance, step: str) -> None:
    if instance.status == "INACTIVE":
        return  # the agent is gone; the update stops where it was
    instance.agent_update_status = step
    if step == "UPDATED":
        instance.version_info.update(agentVersion=AGENT_VERSION, agentHash=AGENT_HASH)
    instance.version += 1


# ---------------------------------------------------------------------- agent channel


def poll_endpoints(store: ContainerInstanceStore, params: dict[str, Any]) -> dict[str, str]:
    """DiscoverPollEndpoint: where the agent opens its control and telemetry sessions."""
    reference = params.get("cluster")
    if reference is not None or "containerInstance" in params:
        cluster = store.clusters.lookup(reference or "default")
        if cluster is None or not cluster.active:
            raise errors.ClientException("Cluster not found.")
        if "containerInstance" in params:
            store.get(cluster, params["containerInstance"])
    region = store.context.region
    domain = "amazonaws.com.cn" if store.context.partition == "aws-cn" else "amazonaws.com"
    return {
        "endpoint": f"https://ecs-a-1.{region}.{domain}/",
        "telemetryEndpoint": f"https://ecs-t-1.{region}.{domain}/",
        "serviceConnectEndpoint": f"https://ecs-sc.{region}.api.aws",
    }


def acknowledge(
    store: ContainerInstanceStore, params: dict[str, Any], hooks: list[Any]
) -> dict[str, str]:
    """A state change report of the agent: the cluster must exist; the task code's hooks
    give it its effect. The task store registers them when it is built (on first use):
    without hooks no task exists yet, so the task or attachment named is not found."""
    store.clusters.get(params.get("cluster"))
    if not hooks:
        from pytest_ecsmock.services.ecs.tasks.agent_reports import no_tasks

        no_tasks(params)
    for hook in hooks:
        hook(params)
    return {"acknowledgment": ACKNOWLEDGMENT}
