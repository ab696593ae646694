"""Resource tags as ECR keeps them: ``[{"Key", "Value"}]`` with AWS's limits."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from pytest_ecsmock.services.ecr import errors

MAX_TAGS = 50
MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 256
TAG_SYMBOLS = set("_.:/=+-@")
ALLOWED = "letters, numbers, spaces and _ . : / = + - @"


def _allowed(text: str) -> bool:
    """AWS's ``[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*``."""
    return all(char in TAG_SYMBOLS or unicodedata.category(char)[0] in "LZN" for char in text)


def check_key(key: str) -> None:
    if not 1 <= len(key) <= MAX_KEY_LENGTH:
        raise errors.InvalidTagParameterException(
            f"The tag key '{key}' is {len(key)} characters long; tag keys can have a "
            f"maximum character length of {MAX_KEY_LENGTH} characters (and at least 1)."
        )
    if not _allowed(key):
        raise errors.InvalidTagParameterException(
            f"The tag key '{key}' contains characters that are not allowed; use {ALLOWED}."
        )
    if key.lower().startswith("aws:"):
        raise errors.InvalidTagParameterException(
            f"The tag key '{key}' uses the prefix 'aws:', which is reserved for AWS use."
        )


def _check_value(key: str, value: str) -> None:
    if len(value) > MAX_VALUE_LENGTH:
        raise errors.InvalidTagParameterException(
            f"The value of tag '{key}' is {len(value)} characters long; tag values can have "
            f"a maximum length of {MAX_VALUE_LENGTH} characters."
        )
    if not _allowed(value):
        raise errors.InvalidTagParameterException(
            f"The value of tag '{key}' contains characters that are not allowed; use {ALLOWED}."
        )


def parse_tags(tags: Iterable[Mapping[str, Any]] | None) -> dict[str, str]:
    """The tags of a request as a dict, after AWS's checks on each key and value."""
    parsed: dict[str, str] = {}
    for tag in tags or []:
        key, value = tag["Key"], tag["Value"]
        check_key(key)
        _check_value(key, value)
        if key in parsed:
            raise errors.InvalidTagParameterException(
                f"The tag key '{key}' appears more than once in the request."
            )
        parsed[key] = value
    return parsed


def check_count(tags: Mapping[str, str], what: str) -> None:
    if len(tags) > MAX_TAGS:
        raise errors.TooManyTagsException(
            f"The request would give {what} {len(tags)} tags; the maximum number of tags "
            f"that can be applied to a repository is {MAX_TAGS}."
        )


def tag_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]
