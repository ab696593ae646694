"""Cluster operations."""

from __future__ import annotations

from pytest_ecsmock.services.base import Params, Result
from pytest_ecsmock.services.ecs.api import service
from pytest_ecsmock.services.ecs.backend import EcsBackend


@service.operation("CreateCluster")
def create_cluster(ecs: EcsBackend, params: Params) -> Result:
    cluster = ecs.clusters.create(params)
    return {"cluster": ecs.clusters.view(cluster)}


@service.operation("DescribeClusters")
def describe_clusters(ecs: EcsBackend, params: Params) -> Result:
    clusters, failures = ecs.clusters.describe(params.get("clusters"), params.get("include"))
    return {"clusters": clusters, "failures": failures}


@service.operation("ListClusters")
def list_clusters(ecs: EcsBackend, params: Params) -> Result:
    arns, token = ecs.clusters.list_arns(params)
    return {"clusterArns": arns, "nextToken": token}


@service.operation("UpdateCluster")
def update_cluster(ecs: EcsBackend, params: Params) -> Result:
    cluster = ecs.clusters.update(params)
    return {"cluster": ecs.clusters.view(cluster)}


@service.operation("UpdateClusterSettings")
def update_cluster_settings(ecs: EcsBackend, params: Params) -> Result:
    cluster = ecs.clusters.update_settings(params)
    return {"cluster": ecs.clusters.view(cluster)}


@service.operation("PutClusterCapacityProviders")
def put_cluster_capacity_providers(ecs: EcsBackend, params: Params) -> Result:
    cluster = ecs.clusters.put_capacity_providers(params)
    return {"cluster": ecs.clusters.view(cluster)}


@service.operation("DeleteCluster")
def delete_cluster(ecs: EcsBackend, params: Params) -> Result:
    cluster = ecs.clusters.delete(params["cluster"])
    return {"cluster": ecs.clusters.view(cluster)}
