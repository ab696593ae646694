"""Tag operations, for every ECS resource type the backend can find by ARN."""

from __future__ import annotations

from pytest_ecsmock.services.base import Params, Result
from pytest_ecsmock.services.ecs.api import service
from pytest_ecsmock.services.ecs.backend import EcsBackend
from pytest_ecsmock.services.ecs.tags import check_count, check_removable, parse_tags, tag_list


@service.operation("TagResource")
def tag_resource(ecs: EcsBackend, params: Params) -> Result:
    resource = ecs.taggable(params["resourceArn"])
    added = parse_tags(params["tags"])
    check_count({**resource.tags, **added})
    resource.tags.update(added)
    return {}


@service.operation("UntagResource")
def untag_resource(ecs: EcsBackend, params: Params) -> Result:
    resource = ecs.taggable(params["resourceArn"])
    check_removable(params["tagKeys"])
    for key in params["tagKeys"]:
        resource.tags.pop(key, None)
    return {}


@service.operation("ListTagsForResource")
def list_tags_for_resource(ecs: EcsBackend, params: Params) -> Result:
    resource = ecs.taggable(params["resourceArn"])
    return {"tags": tag_list(resource.tags)}
