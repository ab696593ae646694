"""Task definition operations."""

from __future__ import annotations

from pytest_ecsmock.services.base import Params, Result
from pytest_ecsmock.services.ecs.api import service
from pytest_ecsmock.services.ecs.backend import EcsBackend
from pytest_ecsmock.services.ecs.params import check_enums
from pytest_ecsmock.services.ecs.tags import tag_list

TASK_DEFINITION_FIELDS = ("TAGS",)


@service.operation("RegisterTaskDefinition")
def register_task_definition(ecs: EcsBackend, params: Params) -> Result:
    definition = ecs.task_definitions.register(params)
    result: Result = {"taskDefinition": definition.describe()}
    if "tags" in params:
        result["tags"] = tag_list(definition.tags)
    return result


@service.operation("DescribeTaskDefinition")
def describe_task_definition(ecs: EcsBackend, params: Params) -> Result:
    include = params.get("include", [])
    check_enums(include, TASK_DEFINITION_FIELDS, "include")
    definition = ecs.task_definitions.get(params["taskDefinition"])
    tags = tag_list(definition.tags) if "TAGS" in include else []
    return {"taskDefinition": definition.describe(), "tags": tags}


@service.operation("ListTaskDefinitions")
def list_task_definitions(ecs: EcsBackend, params: Params) -> Result:
    arns, token = ecs.task_definitions.list_arns(params)
    return {"taskDefinitionArns": arns, "nextToken": token}


@service.operation("ListTaskDefinitionFamilies")
def list_task_definition_families(ecs: EcsBackend, params: Params) -> Result:
    families, token = ecs.task_definitions.list_families(params)
    return {"families": families, "nextToken": token}


@service.operation("DeregisterTaskDefinition")
def deregister_task_definition(ecs: EcsBackend, params: Params) -> Result:
    definition = ecs.task_definitions.deregister(params["taskDefinition"])
    return {"taskDefinition": definition.describe()}


@service.operation("DeleteTaskDefinitions")
def delete_task_definitions(ecs: EcsBackend, params: Params) -> Result:
    deleted, failures = ecs.task_definitions.delete(params["taskDefinitions"])
    return {"taskDefinitions": [td.describe() for td in deleted], "failures": failures}
