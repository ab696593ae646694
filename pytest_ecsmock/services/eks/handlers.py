"""EKS operations: decoded parameters in, result dicts out."""

from __future__ import annotations

from pytest_ecsmock.services.base import Params, Result, ServiceDef
from pytest_ecsmock.services.eks.backend import EksBackend

service: ServiceDef[EksBackend] = ServiceDef("eks", EksBackend)


@service.operation("CreateCluster")
def create_cluster(eks: EksBackend, params: Params) -> Result:
    return {"cluster": eks.create_cluster(params).describe()}


@service.operation("DescribeCluster")
def describe_cluster(eks: EksBackend, params: Params) -> Result:
    return {"cluster": eks.describe_cluster(params["name"]).describe()}


@service.operation("ListClusters")
def list_clusters(eks: EksBackend, params: Params) -> Result:
    names, token = eks.list_clusters(
        max_results=params.get("maxResults"),
        token=params.get("nextToken"),
        include=params.get("include"),
    )
    return {"clusters": names, "nextToken": token}


@service.operation("DeleteCluster")
def delete_cluster(eks: EksBackend, params: Params) -> Result:
    return {"cluster": eks.delete_cluster(params["name"]).describe()}


@service.operation("TagResource")
def tag_resource(eks: EksBackend, params: Params) -> Result:
    eks.tag_resource(params["resourceArn"], params["tags"])
    return {}


@service.operation("UntagResource")
def untag_resource(eks: EksBackend, params: Params) -> Result:
    eks.untag_resource(params["resourceArn"], params["tagKeys"])
    return {}


@service.operation("ListTagsForResource")
def list_tags_for_resource(eks: EksBackend, params: Params) -> Result:
    return {"tags": eks.list_tags(params["resourceArn"])}
