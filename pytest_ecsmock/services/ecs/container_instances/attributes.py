"""Container instance attributes: AWS's rules for names and values, and the
PutAttributes, DeleteAttributes and ListAttributes operations (target type
``container-instance``, the only one ECS has)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.params import check_at_most, check_enum, page

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.clusters import Cluster
    from pytest_ecsmock.services.ecs.container_instances.model import ContainerInstance
    from pytest_ecsmock.services.ecs.container_instances.store import ContainerInstanceStore

TARGET_TYPE = "container-instance"
NAME = re.compile(r"^[A-Za-z0-9_./\\-]{1,128}\Z")
VALUE = re.compile(r"^[A-Za-z0-9_.@/\\: -]{1,128}\Z")
#: prefixes of the attributes the agent and ECS set
RESERVED_PREFIXES = ("ecs.", "com.amazonaws.ecs.")
MAX_CUSTOM = 10
MAX_PER_CALL = 10
LIMIT_EXCEEDED = (
    "You can apply up to 10 custom attributes for each resource. You can view the "
    "attributes of a resource with ListAttributes. You can remove existing attributes on "
    "a resource with DeleteAttributes."
)
TARGET_NOT_FOUND = (
    "The specified target wasn't found. You can view your available container instances "
    "with ListContainerInstances. Amazon ECS container instances are cluster-specific and "
    "Region-specific."
)


def attribute_problem(name: Any, value: Any) -> str | None:
    """What is wrong with an attribute, in words; None when it is fine."""
    if not isinstance(name, str) or not NAME.match(name):
        return (
            f"Attribute name '{name}' is not valid: use 1 to 128 letters, numbers, hyphens, "
            "underscores, periods, forward slashes or back slashes."
        )
    if value is None:
        return None
    if not isinstance(value, str) or not VALUE.match(value) or value != value.strip(" "):
        return (
            f"The value '{value}' of attribute '{name}' is not valid: use 1 to 128 letters, "
            "numbers, hyphens, underscores, periods, at signs, forward slashes, back slashes, "
            "colons or spaces, not starting or ending with a space."
        )
    return None


def is_reserved(name: str) -> bool:
    return name.startswith(RESERVED_PREFIXES)


def reserved_problem(name: str) -> str:
    return (
        f"Attribute name '{name}' starts with 'ecs.' or 'com.amazonaws.ecs.', which ECS keeps "
        "for the attributes the agent and ECS set."
    )


def check_attributes(attributes: Mapping[str, str | None]) -> None:
    for name, value in attributes.items():
        problem = attribute_problem(name, value)
        if problem is not None:
            raise errors.InvalidParameterException(problem)


def custom_count(attributes: Iterable[str]) -> int:
    return sum(1 for name in attributes if not is_reserved(name))


# ---------------------------------------------------------------------- operations


def _targets(
    store: ContainerInstanceStore, cluster: Cluster, attributes: list[dict[str, Any]]
) -> list[tuple[ContainerInstance, dict[str, Any]]]:
    """Each attribute with the instance it is for, after every check."""
    check_at_most(attributes, MAX_PER_CALL, "attributes")
    found = []
    for attribute in attributes:
        target_type = attribute.get("targetType", TARGET_TYPE)
        check_enum(target_type, (TARGET_TYPE,), "attributes.member.targetType")
        name = attribute.get("name")
        problem = attribute_problem(name, attribute.get("value"))
        if problem is None and is_reserved(str(name)):
            problem = reserved_problem(str(name))
        if problem is not None:
            raise errors.InvalidParameterException(problem)
        target_id = attribute.get("targetId")
        if not target_id:
            raise errors.InvalidParameterException(
                f"Attribute '{name}' needs a targetId: the ID or ARN of a container instance."
            )
        instance = store.find(cluster, target_id)
        if instance is None or not instance.registered:
            raise errors.TargetNotFoundException(TARGET_NOT_FOUND)
        found.append((instance, attribute))
    return found


def _echo(attribute: dict[str, Any]) -> dict[str, Any]:
    return {**attribute, "targetType": TARGET_TYPE}


def put_attributes(
    store: ContainerInstanceStore, cluster: Cluster, attributes: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    targets = _targets(store, cluster, attributes)
    after: dict[str, dict[str, str | None]] = {}
    for instance, attribute in targets:
        names = after.setdefault(instance.instance_id, dict(instance.attributes))
        names[attribute["name"]] = attribute.get("value")
    for instance, _ in targets:
        if custom_count(after[instance.instance_id]) > MAX_CUSTOM:
            raise errors.AttributeLimitExceededException(LIMIT_EXCEEDED)
    for instance, attribute in targets:
        instance.attributes[attribute["name"]] = attribute.get("value")
        instance.version += 1
    _tell(store, {instance.instance_id: instance for instance, _ in targets}.values())
    return [_echo(attribute) for _, attribute in targets]


def delete_attributes(
    store: ContainerInstanceStore, cluster: Cluster, attributes: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    targets = _targets(store, cluster, attributes)
    for instance, attribute in targets:
        if attribute["name"] in instance.attributes:
            del instance.attributes[attribute["name"]]
            instance.version += 1
    _tell(store, {instance.instance_id: instance for instance, _ in targets}.values())
    return [_echo(attribute) for _, attribute in targets]


def _tell(store: ContainerInstanceStore, instances: Iterable[ContainerInstance]) -> None:
    for instance in instances:
        for hook in store.hooks.attributes_changed:
            hook(instance)


def list_attributes(
    store: ContainerInstanceStore, cluster: Cluster, params: dict[str, Any]
) -> tuple[list[dict[str, Any]], str | None]:
    check_enum(params["targetType"], (TARGET_TYPE,), "targetType")
    name, value = params.get("attributeName"), params.get("attributeValue")
    if value is not None and name is None:
        raise errors.InvalidParameterException(
            "attributeValue filters only together with attributeName; give both."
        )
    rows: list[tuple[str, dict[str, Any]]] = []
    for instance in store.in_cluster(cluster):
        for attribute_name, attribute_value in instance.attributes.items():
            if name is not None and attribute_name != name:
                continue
            if value is not None and attribute_value != value:
                continue
            row: dict[str, Any] = {"name": attribute_name}
            if attribute_value is not None:
                row["value"] = attribute_value
            row.update(targetType=TARGET_TYPE, targetId=instance.arn)
            rows.append((f"{instance.sequence:010d}\x00{attribute_name}", row))
    rows.sort(key=lambda item: item[0])
    chosen, token = page(rows, params, key=lambda item: item[0])
    return [row for _, row in chosen], token
