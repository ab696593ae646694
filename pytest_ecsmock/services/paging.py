"""Pagination as AWS does it: an opaque token, pages of at most ``maxResults``."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


class BadToken(Exception):
    """The token was not made by us (or was changed); services turn this into their
    own error (ECS ``InvalidParameterException``, ELBv2 ``ValidationError``, ...)."""


def encode_token(position: str) -> str:
    return base64.urlsafe_b64encode(f"ecsmock:{position}".encode()).decode("ascii")


def decode_token(token: str) -> str:
    try:
        text = base64.urlsafe_b64decode(token.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError) as exc:
        raise BadToken(token) from exc
    if not text.startswith("ecsmock:"):
        raise BadToken(token)
    return text[len("ecsmock:") :]


def paginate(
    items: Sequence[T],
    *,
    max_results: int | None,
    token: str | None,
    default: int,
    key: Callable[[T], str],
) -> tuple[list[T], str | None]:
    """One page of ``items`` (already in AWS order) after ``token``.

    The token remembers the key of the last item returned, so that items created or
    deleted between two pages neither repeat nor vanish from the listing.
    """
    size = default if max_results is None else max_results
    start = 0
    if token:
        after = decode_token(token)
        keys = [key(item) for item in items]
        found = next((i + 1 for i, k in enumerate(keys) if k == after), None)
        if found is None:
            found = next((i for i, k in enumerate(keys) if k > after), len(keys))
        start = found
    page = list(items[start : start + size])
    more = start + size < len(items)
    return page, encode_token(key(page[-1])) if more and page else None
