"""ECS operations: decoded parameters in, result dicts out."""

from __future__ import annotations

from pytest_ecsmock.services.base import Params, Result, ServiceDef
from pytest_ecsmock.services.ecs.backend import EcsBackend

service: ServiceDef[EcsBackend] = ServiceDef("ecs", EcsBackend)


@service.operation("CreateCluster")
def create_cluster(ecs: EcsBackend, params: Params) -> Result:
    tags = {t["key"]: t.get("value", "") for t in params.get("tags", [])}
    cluster = ecs.create_cluster(params.get("clusterName", "default"), tags)
    return {"cluster": cluster.describe()}


@service.operation("DescribeClusters")
def describe_clusters(ecs: EcsBackend, params: Params) -> Result:
    clusters, failures = [], []
    for ref in params.get("clusters") or ["default"]:
        name = ref.rsplit("/", 1)[-1]
        cluster = ecs.clusters.get(name)
        if cluster is None:
            failures.append({"arn": ecs.cluster_arn(name), "reason": "MISSING"})
        else:
            clusters.append(cluster.describe())
    return {"clusters": clusters, "failures": failures}
