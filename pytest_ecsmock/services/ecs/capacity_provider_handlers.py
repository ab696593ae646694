"""Capacity provider operations."""

from __future__ import annotations

from pytest_ecsmock.services.base import Params, Result
from pytest_ecsmock.services.ecs.api import service
from pytest_ecsmock.services.ecs.backend import EcsBackend


@service.operation("CreateCapacityProvider")
def create_capacity_provider(ecs: EcsBackend, params: Params) -> Result:
    provider = ecs.capacity_providers.create(params)
    return {"capacityProvider": provider.describe()}


@service.operation("DescribeCapacityProviders")
def describe_capacity_providers(ecs: EcsBackend, params: Params) -> Result:
    found, failures, token = ecs.capacity_providers.describe(params)
    return {"capacityProviders": found, "failures": failures, "nextToken": token}


@service.operation("UpdateCapacityProvider")
def update_capacity_provider(ecs: EcsBackend, params: Params) -> Result:
    provider = ecs.capacity_providers.update(params)
    return {"capacityProvider": provider.describe()}


@service.operation("DeleteCapacityProvider")
def delete_capacity_provider(ecs: EcsBackend, params: Params) -> Result:
    provider = ecs.capacity_providers.delete(params)
    return {"capacityProvider": provider.describe()}
