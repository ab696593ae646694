"""Checks shared by the EKS operations: names, ARNs, versions, tags, enums.

Each check raises the error AWS gives (the caller chooses the class where AWS answers
differently by operation: ``InvalidParameterException`` on create,
``BadRequestException`` on the tagging operations).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from typing import Any

from pytest_ecsmock.errors import ServiceError
from pytest_ecsmock.services.eks import errors

CLUSTER_NAME = re.compile(r"[0-9A-Za-z][A-Za-z0-9\-_]*")
CLUSTER_NAME_MAX = 100
PARTITION = r"aws(?:-cn|-us-gov|-iso|-iso-b)?"
ROLE_ARN = re.compile(rf"arn:{PARTITION}:iam::\d{{12}}:role/[\w+=,.@/-]+")
KMS_KEY_ARN = re.compile(rf"arn:{PARTITION}:kms:[a-z0-9-]+:\d{{12}}:(?:key|alias)/.+")
EKS_ARN = re.compile(rf"arn:({PARTITION}):eks:([a-z0-9-]+):(\d{{12}}):(.+)")
MAX_TAGS = 50
TAG_KEY_MAX = 128
TAG_VALUE_MAX = 256
MAX_RESULTS = 100


def constraint_message(value: Any, path: str, constraint: str) -> str:
    """AWS's wording for a value that breaks a constraint of the API model."""
    shown = "null" if value is None else f"'{value}'"
    return (
        f"1 validation error detected: Value {shown} at '{path}' failed to satisfy "
        f"constraint: {constraint}"
    )


def check_enum(value: Any, allowed: Iterable[str], path: str) -> None:
    choices = list(allowed)
    if value is not None and value not in choices:
        raise errors.InvalidParameterException(
            constraint_message(
                value, path, f"Member must satisfy enum value set: [{', '.join(choices)}]"
            )
        )


def check_cluster_name(name: str, path: str = "name") -> None:
    if len(name) > CLUSTER_NAME_MAX:
        raise errors.InvalidParameterException(
            constraint_message(
                name, path, f"Member must have length less than or equal to {CLUSTER_NAME_MAX}"
            )
        )
    if not CLUSTER_NAME.fullmatch(name):
        raise errors.InvalidParameterException(
            constraint_message(
                name,
                path,
                "Member must satisfy regular expression pattern: ^[0-9A-Za-z][A-Za-z0-9\\-_]*",
            )
        )


def check_role_arn(arn: str) -> None:
    if not ROLE_ARN.fullmatch(arn):
        raise errors.InvalidParameterException(f"Invalid Role Arn: '{arn}'")


def check_kms_key_arn(arn: str | None) -> None:
    if not arn or not KMS_KEY_ARN.fullmatch(arn):
        raise errors.InvalidParameterException(
            f"Invalid KMS key ARN: '{arn or ''}'. Give the ARN of a KMS key "
            "(arn:aws:kms:<region>:<account>:key/<id>) or of an alias."
        )


def check_version(version: str, supported: Iterable[str]) -> None:
    if version not in supported:
        raise errors.InvalidParameterException(f"unsupported Kubernetes version {version}")


def check_max_results(value: int | None) -> None:
    if value is not None and not 1 <= value <= MAX_RESULTS:
        limit = f"less than or equal to {MAX_RESULTS}"
        bound = "greater than or equal to 1" if value < 1 else limit
        raise errors.InvalidParameterException(
            constraint_message(value, "maxResults", f"Member must have value {bound}")
        )


def check_tags(
    tags: Mapping[str, str], error: type[ServiceError] = errors.InvalidParameterException
) -> None:
    """Tag rules of EKS (keys of 1..128 characters, values up to 256, at most 50, and
    the ``aws:`` prefix kept for AWS's own tags)."""
    if len(tags) > MAX_TAGS:
        raise error(
            constraint_message(
                "{...}", "tags", f"Map value must have length less than or equal to {MAX_TAGS}"
            )
        )
    for key, value in tags.items():
        if not 1 <= len(key) <= TAG_KEY_MAX:
            raise error(
                constraint_message(
                    key, "tags", f"Map keys must have length between 1 and {TAG_KEY_MAX}"
                )
            )
        if len(value) > TAG_VALUE_MAX:
            raise error(
                constraint_message(
                    value,
                    f"tags.{key}",
                    f"Member must have length less than or equal to {TAG_VALUE_MAX}",
                )
            )
        if key.lower().startswith("aws:"):
            raise error(f"Tag keys starting with 'aws:' are reserved for AWS use: {key}")


def parse_eks_arn(arn: str) -> tuple[str, str, str, str]:
    """(partition, region, account, resource) of an EKS ARN, or BadRequestException."""
    found = EKS_ARN.fullmatch(arn)
    if found is None:
        raise errors.BadRequestException(f"{arn} is not a valid EKS resource ARN")
    partition, region, account, resource = found.groups()
    return partition, region, account, resource


def parse_cidr(text: str, *, ipv6: bool = False) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """A CIDR block written as AWS writes them (network address, then the prefix)."""
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError:
        raise errors.InvalidParameterException(f"{text} is not a valid CIDR block") from None
    if network.version == 6 and not ipv6:
        raise errors.InvalidParameterException(f"{text} is not a valid IPv4 CIDR block")
    return network
