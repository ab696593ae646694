"""Container instance operations: the ones users call and the ones only the agent calls.

The container instance modules are imported by the handlers that use them, not here:
registering the operations must not cost their import (see ``EcsBackend``).
"""

from __future__ import annotations

from pytest_ecsmock.services.base import Params, Result
from pytest_ecsmock.services.ecs.api import service
from pytest_ecsmock.services.ecs.backend import EcsBackend


@service.operation("RegisterContainerInstance")
def register_container_instance(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.container_instances import agent_api

    instance = agent_api.register_from_request(ecs.container_instances, params)
    return {"containerInstance": instance.describe(frozenset({"TAGS"}))}


@service.operation("DeregisterContainerInstance")
def deregister_container_instance(ecs: EcsBackend, params: Params) -> Result:
    cluster = ecs.cluster(params.get("cluster"))
    instance = ecs.container_instances.deregister(
        cluster, params["containerInstance"], bool(params.get("force", False))
    )
    return {"containerInstance": instance.describe()}


@service.operation("DescribeContainerInstances")
def describe_container_instances(ecs: EcsBackend, params: Params) -> Result:
    cluster = ecs.cluster(params.get("cluster"))
    found, failures = ecs.container_instances.describe(
        cluster, params["containerInstances"], params.get("include")
    )
    return {"containerInstances": found, "failures": failures}


@service.operation("ListContainerInstances")
def list_container_instances(ecs: EcsBackend, params: Params) -> Result:
    cluster = ecs.cluster(params.get("cluster"))
    arns, token = ecs.container_instances.list_arns(cluster, params)
    return {"containerInstanceArns": arns, "nextToken": token}


@service.operation("UpdateContainerInstancesState")
def update_container_instances_state(ecs: EcsBackend, params: Params) -> Result:
    cluster = ecs.cluster(params.get("cluster"))
    found, failures = ecs.container_instances.update_state(
        cluster, params["containerInstances"], params["status"]
    )
    return {"containerInstances": found, "failures": failures}


@service.operation("UpdateContainerAgent")
def update_container_agent(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.container_instances import agent_api

    cluster = ecs.cluster(params.get("cluster"))
    instance = agent_api.update_agent(ecs.container_instances, cluster, params["containerInstance"])
    return {"containerInstance": instance.describe()}


@service.operation("PutAttributes")
def put_attributes(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.container_instances import attributes

    cluster = ecs.cluster(params.get("cluster"))
    put = attributes.put_attributes(ecs.container_instances, cluster, params["attributes"])
    return {"attributes": put}


@service.operation("DeleteAttributes")
def delete_attributes(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.container_instances import attributes

    cluster = ecs.cluster(params.get("cluster"))
    deleted = attributes.delete_attributes(ecs.container_instances, cluster, params["attributes"])
    return {"attributes": deleted}


@service.operation("ListAttributes")
def list_attributes(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.container_instances import attributes

    cluster = ecs.cluster(params.get("cluster"))
    found, token = attributes.list_attributes(ecs.container_instances, cluster, params)
    return {"attributes": found, "nextToken": token}


@service.operation("DiscoverPollEndpoint")
def discover_poll_endpoint(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.container_instances import agent_api

    return agent_api.poll_endpoints(ecs.container_instances, params)


@service.operation("SubmitTaskStateChange")
def submit_task_state_change(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.container_instances import agent_api

    store = ecs.container_instances
    return agent_api.acknowledge(store, params, store.hooks.task_state_change)


@service.operation("SubmitContainerStateChange")
def submit_container_state_change(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.container_instances import agent_api

    store = ecs.container_instances
    return agent_api.acknowledge(store, params, store.hooks.container_state_change)


@service.operation("SubmitAttachmentStateChanges")
def submit_attachment_state_changes(ecs: EcsBackend, params: Params) -> Result:
    from pytest_ecsmock.services.ecs.container_instances import agent_api

    store = ecs.container_instances
    return agent_api.acknowledge(store, params, store.hooks.attachment_state_changes)
