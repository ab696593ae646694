"""Checks shared by the ELBv2 resources: names, ranges, tags and ARNs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pytest_ecsmock.errors import DOCS, GenericServiceError
from pytest_ecsmock.services.elbv2 import errors

NAME_CHARACTERS = re.compile(r"^[A-Za-z0-9-]+\Z")
MAX_NAME_LENGTH = 32
MAX_TAGS = 50
MAX_TAG_KEY_LENGTH = 128
MAX_TAG_VALUE_LENGTH = 256
ARN_SERVICE = "elasticloadbalancing"


def validation_error(message: str) -> GenericServiceError:
    return GenericServiceError("ValidationError", message)


def not_supported(what: str) -> GenericServiceError:
    return validation_error(
        f"{what} is not supported by pytest-ecsmock yet. See {DOCS}/services/elbv2.md for "
        "what is covered; please open an issue if you need it."
    )


def reject_unsupported(params: dict[str, Any], names: Iterable[str]) -> None:
    """Refuse, by name, the parameters pytest-ecsmock does not simulate yet."""
    for name in names:
        if params.get(name) is not None:
            raise not_supported(f"The parameter {name}")


def check_range(value: int, low: int, high: int, member: str) -> None:
    if value < low:
        raise validation_error(
            f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy "
            f"constraint: Member must have value greater than or equal to {low}"
        )
    if value > high:
        raise validation_error(
            f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy "
            f"constraint: Member must have value less than or equal to {high}"
        )


def check_enum(value: str, allowed: Iterable[str], member: str) -> None:
    choices = list(allowed)
    if value not in choices:
        raise validation_error(
            f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy "
            f"constraint: Member must satisfy enum value set: [{', '.join(choices)}]"
        )


def check_length(value: str, high: int, member: str) -> None:
    if len(value) > high:
        raise validation_error(
            f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy "
            f"constraint: Member must have length less than or equal to {high}"
        )


def check_name(name: str, subject: str) -> None:
    """The naming rule load balancers and target groups share; ``subject`` starts the
    message ("The load balancer name", "Target group name")."""
    if len(name) > MAX_NAME_LENGTH:
        raise validation_error(
            f"{subject} '{name}' cannot be longer than '{MAX_NAME_LENGTH}' characters"
        )
    if not NAME_CHARACTERS.match(name):
        raise validation_error(
            f"{subject} '{name}' can only contain characters that are alphanumeric "
            "characters or hyphens(-)"
        )
    if name.startswith("-") or name.endswith("-"):
        raise validation_error(f"{subject} '{name}' cannot begin or end with '-'")


# ---------------------------------------------------------------------------- tags


def tags_from_params(tags: list[dict[str, Any]] | None) -> dict[str, str]:
    """The ``Tags`` parameter as an ordered dict, checked as AWS checks it."""
    result: dict[str, str] = {}
    for tag in tags or []:
        key = tag["Key"]
        value = tag.get("Value") or ""
        if key in result:
            raise errors.DuplicateTagKeysException(f"Tag key was specified more than once: {key}")
        if key.lower().startswith("aws:"):
            raise validation_error(f"Tag key '{key}' cannot start with 'aws:'")
        check_length(key, MAX_TAG_KEY_LENGTH, "tags.member.key")
        check_length(value, MAX_TAG_VALUE_LENGTH, "tags.member.value")
        result[key] = value
    if len(result) > MAX_TAGS:
        raise too_many_tags()
    return result


def too_many_tags() -> errors.TooManyTagsException:
    return errors.TooManyTagsException(
        f"The quota for the number of tags that can be assigned to a resource ({MAX_TAGS}) "
        "has been reached"
    )


def tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


# ---------------------------------------------------------------------------- ARNs

#: the resource part of each kind of ARN: loadbalancer/app/<name>/<id>, ...
ARN_RESOURCES = {
    "load balancer": re.compile(r"^loadbalancer/(app|net|gwy)/[A-Za-z0-9-]{1,32}/[0-9a-f]+\Z"),
    "target group": re.compile(r"^targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]+\Z"),
    "listener": re.compile(r"^listener/(app|net|gwy)/[A-Za-z0-9-]{1,32}/[0-9a-f]+/[0-9a-f]+\Z"),
    "listener rule": re.compile(
        r"^listener-rule/(app|net|gwy)/[A-Za-z0-9-]{1,32}/[0-9a-f]+/[0-9a-f]+/[0-9a-f]+\Z"
    ),
    "trust store": re.compile(r"^truststore/[A-Za-z0-9-]{1,32}/[0-9a-f]+\Z"),
}


def arn_kind(arn: str, region: str, account_id: str) -> str | None:
    """Which kind of ELBv2 resource ``arn`` names in this region and account, if any."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != ARN_SERVICE:
        return None
    if parts[3] != region or parts[4] != account_id:
        return None
    for kind, pattern in ARN_RESOURCES.items():
        if pattern.match(parts[5]):
            return kind
    return None


def check_arn(arn: str, kind: str, region: str, account_id: str) -> None:
    if arn_kind(arn, region, account_id) != kind:
        raise validation_error(f"'{arn}' is not a valid {kind} ARN")
