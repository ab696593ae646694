"""IAM's checks on names, paths, descriptions, durations, tags and policy ARNs.

IAM answers a value that breaks its model's constraints with ``ValidationError``;
like AWS, the messages name the member but do not repeat the value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from pytest_ecsmock.errors import DOCS, GenericServiceError
from pytest_ecsmock.services.iam import errors

NAME_PATTERN = re.compile(r"[\w+=,.@-]+", re.ASCII)
PATH_PATTERN = re.compile(r"/|/[\x21-\x7e]+/")
PATH_PREFIX_PATTERN = re.compile(r"/[\x21-\x7f]*")
POLICY_PATH_PATTERN = re.compile(r"(/[A-Za-z0-9.,+@=_-]+)*/")
DESCRIPTION_PATTERN = re.compile(r"[\t\n\r\x20-\x7e\xa1-\xff]*")
MAX_ROLE_NAME = 64
MAX_POLICY_NAME = 128
MAX_PATH = 512
MAX_DESCRIPTION = 1000
MIN_SESSION, MAX_SESSION = 3600, 43200
MAX_ITEMS = 1000
MAX_TAGS = 50
MAX_TAG_KEY, MAX_TAG_VALUE = 128, 256
TAG_SYMBOLS = set("_.:/=+-@")
TAG_KEY_PATTERN = r"[\p{L}\p{Z}\p{N}_.:/=+\-@]+"
TAG_VALUE_PATTERN = r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*"
#: ``arn:<partition>:iam::aws:policy/<path/>name``, AWS managed policies
AWS_MANAGED = re.compile(r"arn:(aws|aws-cn|aws-us-gov):iam::aws:policy(/[\w+=,.@-]+)*/[\w+=,.@-]+")
CUSTOMER_MANAGED = re.compile(r"arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:policy(/[\w+=,.@-]+)*/.+")


def validation_error(message: str) -> GenericServiceError:
    return GenericServiceError("ValidationError", message)


def constraint(member: str, rule: str, value: object = None) -> GenericServiceError:
    shown = "" if value is None else f" '{value}'"
    return validation_error(
        f"1 validation error detected: Value{shown} at '{member}' failed to satisfy "
        f"constraint: {rule}"
    )


def not_supported(what: str) -> GenericServiceError:
    return validation_error(
        f"{what} is not supported by pytest-ecsmock yet. See {DOCS}/services/iam.md for "
        "what is covered; please open an issue if you need it."
    )


def check_length(value: str, high: int, member: str) -> None:
    if len(value) > high:
        raise constraint(member, f"Member must have length less than or equal to {high}")


def check_name(name: str, member: str, high: int = MAX_ROLE_NAME) -> None:
    """Role and policy names: 1-``high`` of letters, digits and ``+=,.@_-``."""
    check_length(name, high, member)
    if not NAME_PATTERN.fullmatch(name):
        raise validation_error(
            f"The specified value for {member} is invalid. It must contain only "
            "alphanumeric characters and/or the following: +=,.@_-"
        )


def check_path(path: str) -> None:
    check_length(path, MAX_PATH, "path")
    if not PATH_PATTERN.fullmatch(path):
        raise validation_error(
            "The specified value for path is invalid. It must begin and end with / and "
            "contain only alphanumeric characters and/or / characters."
        )


def check_path_prefix(prefix: str, policy_path: bool = False) -> None:
    check_length(prefix, MAX_PATH, "pathPrefix")
    pattern = POLICY_PATH_PATTERN if policy_path else PATH_PREFIX_PATTERN
    if not pattern.fullmatch(prefix):
        raise validation_error(
            "The specified value for pathPrefix is invalid. It must begin with the / "
            "character and contain only alphanumeric characters and/or / characters."
        )


def check_description(description: str) -> None:
    check_length(description, MAX_DESCRIPTION, "description")
    if not DESCRIPTION_PATTERN.fullmatch(description):
        raise validation_error(
            "The specified value for description is invalid. It must contain only "
            "printable ASCII characters or Latin-1 letters."
        )


def check_session_duration(seconds: int) -> None:
    if seconds < MIN_SESSION:
        raise constraint(
            "maxSessionDuration", f"Member must have value greater than or equal to {MIN_SESSION}"
        )
    if seconds > MAX_SESSION:
        raise constraint(
            "maxSessionDuration", f"Member must have value less than or equal to {MAX_SESSION}"
        )


def check_max_items(value: int | None) -> None:
    if value is not None and not 1 <= value <= MAX_ITEMS:
        raise constraint("maxItems", f"Member must have value between 1 and {MAX_ITEMS}", value)


# ---------------------------------------------------------------------------- tags


def _tag_text(text: str) -> bool:
    """IAM's ``[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]``."""
    return all(char in TAG_SYMBOLS or unicodedata.category(char)[0] in "LZN" for char in text)


def parse_tags(tags: Iterable[Mapping[str, Any]] | None) -> dict[str, str]:
    """The ``Tags`` of a request, checked as IAM checks them (keys are case-insensitive)."""
    listed = list(tags or [])
    if len(listed) > MAX_TAGS:
        raise constraint("tags", f"Member must have length less than or equal to {MAX_TAGS}")
    parsed: dict[str, str] = {}
    for number, tag in enumerate(listed, start=1):
        key, value = tag["Key"], tag["Value"]
        where = f"tags.{number}.member"
        if not key:
            raise constraint(f"{where}.key", "Member must have length greater than or equal to 1")
        check_length(key, MAX_TAG_KEY, f"{where}.key")
        if not _tag_text(key):
            raise constraint(
                f"{where}.key", f"Member must satisfy regular expression pattern: {TAG_KEY_PATTERN}"
            )
        check_length(value, MAX_TAG_VALUE, f"{where}.value")
        if not _tag_text(value):
            raise constraint(
                f"{where}.value",
                f"Member must satisfy regular expression pattern: {TAG_VALUE_PATTERN}",
            )
        if key.lower().startswith("aws:"):
            raise errors.InvalidInputException(
                f"The tag key '{key}' uses the prefix 'aws:', which is reserved for AWS use."
            )
        if key.lower() in (known.lower() for known in parsed):
            raise errors.InvalidInputException(
                "Duplicate tag keys found. Please note that Tag keys are case insensitive."
            )
        parsed[key] = value
    return parsed


def check_tag_keys(keys: Iterable[str]) -> list[str]:
    listed = list(keys)
    if len(listed) > MAX_TAGS:
        raise constraint("tagKeys", f"Member must have length less than or equal to {MAX_TAGS}")
    for number, key in enumerate(listed, start=1):
        check_length(key, MAX_TAG_KEY, f"tagKeys.{number}.member")
        if not key or not _tag_text(key):
            raise constraint(
                f"tagKeys.{number}.member",
                f"Member must satisfy regular expression pattern: {TAG_KEY_PATTERN}",
            )
    return listed


# ---------------------------------------------------------------------------- policy ARNs


def check_policy_arn(arn: str, partition: str, scope: bool = False) -> None:
    """An AWS managed policy ARN passes. A customer managed one cannot exist here
    (CreatePolicy is not simulated yet): ``NoSuchEntity`` that says so. Anything else
    is not a policy ARN: ``InvalidInput``."""
    if AWS_MANAGED.fullmatch(arn) and arn.startswith(f"arn:{partition}:"):
        return
    if CUSTOMER_MANAGED.fullmatch(arn) and arn.startswith(f"arn:{partition}:"):
        lead = f"Scope ARN: {arn}" if scope else f"Policy {arn}"
        raise errors.NoSuchEntityException(
            f"{lead} does not exist or is not attachable. (Customer managed policies are "
            "not simulated by pytest-ecsmock yet: only AWS managed policies, "
            f"arn:{partition}:iam::aws:policy/..., can be attached; see "
            f"{DOCS}/services/iam.md.)"
        )
    raise errors.InvalidInputException(f"ARN {arn} is not valid.")


def policy_name_and_path(arn: str) -> tuple[str, str]:
    """``("AmazonECSTaskExecutionRolePolicy", "/service-role/")`` of a policy ARN."""
    resource = arn.split(":", 5)[5][len("policy") :]
    path, _, name = resource.rpartition("/")
    return name, path + "/"
