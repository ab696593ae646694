"""ECR operations: decoded parameters in, result dicts out."""

from __future__ import annotations

from pytest_ecsmock.services.base import Params, Result, ServiceDef
from pytest_ecsmock.services.ecr.backend import EcrBackend
from pytest_ecsmock.services.ecr.repositories import Repository
from pytest_ecsmock.services.ecr.tags import tag_list

service: ServiceDef[EcrBackend] = ServiceDef("ecr", EcrBackend)


def _named(repository: Repository) -> Result:
    return {"registryId": repository.registry_id, "repositoryName": repository.name}


@service.operation("CreateRepository")
def create_repository(ecr: EcrBackend, params: Params) -> Result:
    scanning = params.get("imageScanningConfiguration") or {}
    repository = ecr.create_repository(
        params["repositoryName"],
        registry_id=params.get("registryId"),
        tag_mutability=params.get("imageTagMutability"),
        exclusion_filters=params.get("imageTagMutabilityExclusionFilters"),
        scan_on_push=scanning.get("scanOnPush", False),
        encryption=params.get("encryptionConfiguration"),
        tags=params.get("tags"),
    )
    return {"repository": repository.describe()}


@service.operation("DescribeRepositories")
def describe_repositories(ecr: EcrBackend, params: Params) -> Result:
    repositories, next_token = ecr.describe_repositories(
        params.get("repositoryNames"),
        registry_id=params.get("registryId"),
        max_results=params.get("maxResults"),
        next_token=params.get("nextToken"),
    )
    return {"repositories": [r.describe() for r in repositories], "nextToken": next_token}


@service.operation("DeleteRepository")
def delete_repository(ecr: EcrBackend, params: Params) -> Result:
    repository = ecr.delete_repository(
        params["repositoryName"],
        registry_id=params.get("registryId"),
        force=params.get("force", False),
    )
    return {"repository": repository.describe()}


@service.operation("PutImageTagMutability")
def put_image_tag_mutability(ecr: EcrBackend, params: Params) -> Result:
    repository = ecr.put_image_tag_mutability(
        params["repositoryName"],
        params["imageTagMutability"],
        params.get("imageTagMutabilityExclusionFilters"),
        registry_id=params.get("registryId"),
    )
    return {**_named(repository), **repository.mutability.describe()}


@service.operation("PutImageScanningConfiguration")
def put_image_scanning_configuration(ecr: EcrBackend, params: Params) -> Result:
    repository = ecr.put_image_scanning_configuration(
        params["repositoryName"],
        params["imageScanningConfiguration"].get("scanOnPush", False),
        registry_id=params.get("registryId"),
    )
    return {
        **_named(repository),
        "imageScanningConfiguration": {"scanOnPush": repository.scan_on_push},
    }


@service.operation("SetRepositoryPolicy")
def set_repository_policy(ecr: EcrBackend, params: Params) -> Result:
    repository = ecr.set_repository_policy(
        params["repositoryName"],
        params["policyText"],
        force=params.get("force", False),
        registry_id=params.get("registryId"),
    )
    return {**_named(repository), "policyText": repository.policy}


@service.operation("GetRepositoryPolicy")
def get_repository_policy(ecr: EcrBackend, params: Params) -> Result:
    repository = ecr.repository_policy(
        params["repositoryName"], registry_id=params.get("registryId")
    )
    return {**_named(repository), "policyText": repository.policy}


@service.operation("DeleteRepositoryPolicy")
def delete_repository_policy(ecr: EcrBackend, params: Params) -> Result:
    repository, text = ecr.delete_repository_policy(
        params["repositoryName"], registry_id=params.get("registryId")
    )
    return {**_named(repository), "policyText": text}


@service.operation("TagResource")
def tag_resource(ecr: EcrBackend, params: Params) -> Result:
    ecr.tag_resource(params["resourceArn"], params["tags"])
    return {}


@service.operation("UntagResource")
def untag_resource(ecr: EcrBackend, params: Params) -> Result:
    ecr.untag_resource(params["resourceArn"], params["tagKeys"])
    return {}


@service.operation("ListTagsForResource")
def list_tags_for_resource(ecr: EcrBackend, params: Params) -> Result:
    return {"tags": tag_list(ecr.tags_of(params["resourceArn"]))}


@service.operation("DescribeRegistry")
def describe_registry(ecr: EcrBackend, params: Params) -> Result:
    return {"registryId": ecr.registry_id, "replicationConfiguration": {"rules": []}}


@service.operation("GetAuthorizationToken")
def get_authorization_token(ecr: EcrBackend, params: Params) -> Result:
    issued = ecr.get_authorization_token(params.get("registryIds"))
    return {
        "authorizationData": [
            {
                "authorizationToken": token.token,
                "expiresAt": token.expires_at,
                "proxyEndpoint": endpoint,
            }
            for token, endpoint in issued
        ]
    }
