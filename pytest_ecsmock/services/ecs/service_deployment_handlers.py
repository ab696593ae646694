"""Service deployment and service revision operations.

The rules and views are in :mod:`.ecs_services.service_deployment_operations`, imported
when first used (as the service modules are, see ``EcsBackend``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pytest_ecsmock.services.base import Params, Result
from pytest_ecsmock.services.ecs.api import service
from pytest_ecsmock.services.ecs.backend import EcsBackend

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.ecs_services.service_deployment_operations import (
        ServiceDeployments,
    )


def _deployments(ecs: EcsBackend) -> ServiceDeployments:
    from pytest_ecsmock.services.ecs.ecs_services.service_deployment_operations import (
        ServiceDeployments,
    )

    return ServiceDeployments(ecs)


@service.operation("ListServiceDeployments")
def list_service_deployments(ecs: EcsBackend, params: Params) -> Result:
    found, token = _deployments(ecs).list_deployments(params)
    return {"serviceDeployments": found, "nextToken": token}


@service.operation("DescribeServiceDeployments")
def describe_service_deployments(ecs: EcsBackend, params: Params) -> Result:
    found, failures = _deployments(ecs).describe(params["serviceDeploymentArns"])
    return {"serviceDeployments": found, "failures": failures}


@service.operation("DescribeServiceRevisions")
def describe_service_revisions(ecs: EcsBackend, params: Params) -> Result:
    found, failures = _deployments(ecs).describe_revisions(params["serviceRevisionArns"])
    return {"serviceRevisions": found, "failures": failures}


@service.operation("StopServiceDeployment")
def stop_service_deployment(ecs: EcsBackend, params: Params) -> Result:
    return {"serviceDeploymentArn": _deployments(ecs).stop(params)}


@service.operation("ContinueServiceDeployment")
def continue_service_deployment(ecs: EcsBackend, params: Params) -> Result:
    return {"serviceDeploymentArn": _deployments(ecs).continue_deployment(params)}
