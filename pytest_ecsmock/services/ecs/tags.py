"""Resource tags as ECS keeps them: AWS's limits on keys, values and counts."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from pytest_ecsmock.services.ecs import errors

MAX_TAGS = 50
MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 256
TAG_SYMBOLS = set("_.:/=+-@")


class Taggable(Protocol):
    tags: dict[str, str]


def _allowed(text: str) -> bool:
    """AWS's ``[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*``: letters, spaces, numbers and a few symbols."""
    return all(char in TAG_SYMBOLS or unicodedata.category(char)[0] in "LZN" for char in text)


def _check_key(key: str) -> None:
    if not 1 <= len(key) <= MAX_KEY_LENGTH:
        raise errors.InvalidParameterException(
            f"Tag key '{key}' must be 1 to {MAX_KEY_LENGTH} characters long."
        )
    if not _allowed(key):
        raise errors.InvalidParameterException(
            f"Tag key '{key}' contains characters that are not allowed; use letters, "
            "numbers, spaces and _ . : / = + - @"
        )
    if key.lower().startswith("aws:"):
        raise errors.InvalidParameterException(
            f"Tag key '{key}' uses the reserved prefix 'aws:', which is for AWS use only."
        )


def _check_value(key: str, value: str) -> None:
    if len(value) > MAX_VALUE_LENGTH:
        raise errors.InvalidParameterException(
            f"The value of tag '{key}' must be at most {MAX_VALUE_LENGTH} characters long."
        )
    if not _allowed(value):
        raise errors.InvalidParameterException(
            f"The value of tag '{key}' contains characters that are not allowed; use "
            "letters, numbers, spaces and _ . : / = + - @"
        )


def parse_tags(tags: Iterable[Mapping[str, Any]] | None) -> dict[str, str]:
    """The ``[{"key", "value"}]`` of a request as a dict, after AWS's checks."""
    parsed: dict[str, str] = {}
    for tag in tags or []:
        key = tag.get("key")
        if key is None:
            raise errors.InvalidParameterException("Each tag needs a key.")
        value = tag.get("value", "")
        _check_key(key)
        _check_value(key, value)
        parsed[key] = value
    check_count(parsed)
    return parsed


def check_count(tags: Mapping[str, str]) -> None:
    if len(tags) > MAX_TAGS:
        raise errors.InvalidParameterException(
            f"A resource can have at most {MAX_TAGS} tags; this request would give it {len(tags)}."
        )


def check_removable(keys: Iterable[str]) -> None:
    for key in keys:
        if key.lower().startswith("aws:"):
            raise errors.InvalidParameterException(
                f"Tag key '{key}' uses the reserved prefix 'aws:' and cannot be removed."
            )


def tag_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"key": key, "value": value} for key, value in tags.items()]
