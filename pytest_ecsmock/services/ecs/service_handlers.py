"""Service operations.

The service modules are imported by the handlers that use them, not here (see
``EcsBackend``)."""

from __future__ import annotations

from pytest_ecsmock.services.base import Params, Result
from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.api import service
from pytest_ecsmock.services.ecs.backend import EcsBackend

CHANGE_VIEW = frozenset({"TAGS"})


@service.operation("CreateService")
def create_service(ecs: EcsBackend, params: Params) -> Result:
    return {"service": ecs.services.create(params).describe(CHANGE_VIEW)}


@service.operation("UpdateService")
def update_service(ecs: EcsBackend, params: Params) -> Result:
    return {"service": ecs.services.update(params).describe()}


@service.operation("DeleteService")
def delete_service(ecs: EcsBackend, params: Params) -> Result:
    return {"service": ecs.services.delete(params).describe()}


@service.operation("DescribeServices")
def describe_services(ecs: EcsBackend, params: Params) -> Result:
    cluster = ecs.cluster(params.get("cluster"))
    found, failures = ecs.services.describe(cluster, params["services"], params.get("include"))
    return {"services": found, "failures": failures}


@service.operation("ListServices")
def list_services(ecs: EcsBackend, params: Params) -> Result:
    cluster = ecs.cluster(params.get("cluster"))
    arns, token = ecs.services.list_arns(cluster, params)
    return {"serviceArns": arns, "nextToken": token}


@service.operation("ListServicesByNamespace")
def list_services_by_namespace(ecs: EcsBackend, params: Params) -> Result:
    # Service Connect is not simulated, so no Cloud Map namespace is known
    raise errors.NamespaceNotFoundException(
        f"Namespace '{params['namespace']}' not found. Service Connect namespaces are not "
        "simulated by pytest-ecsmock yet, so no service belongs to one."
    )
