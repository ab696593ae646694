"""Checks of request parameters that every ECS operation shares.

The codec has already checked types and required members; what is left is what
botocore's model states but does not enforce on the wire: enums, list sizes and the
``maxResults``/``nextToken`` pair of listings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.paging import BadToken, paginate

T = TypeVar("T")

MAX_PAGE = 100


def invalid_value(value: Any, path: str, constraint: str) -> errors.InvalidParameterException:
    """The error AWS's request validation gives, naming the member and the constraint."""
    shown = "null" if value is None else str(value)
    return errors.InvalidParameterException(
        f"1 validation error detected: Value '{shown}' at '{path}' failed to satisfy "
        f"constraint: Member must {constraint}"
    )


def check_enum(value: Any, allowed: Iterable[str], path: str) -> None:
    choices = list(allowed)
    if value not in choices:
        raise invalid_value(value, path, f"satisfy enum value set: [{', '.join(choices)}]")


def check_enums(values: Iterable[Any], allowed: Iterable[str], path: str) -> None:
    choices = list(allowed)
    for index, value in enumerate(values, start=1):
        check_enum(value, choices, f"{path}.{index}.member")


def check_at_most(items: Sequence[Any], limit: int, name: str) -> None:
    if len(items) > limit:
        raise errors.InvalidParameterException(f"{name} can have at most {limit} items.")


def page(
    items: Sequence[T],
    params: dict[str, Any],
    key: Callable[[T], str],
    default: int = MAX_PAGE,
) -> tuple[list[T], str | None]:
    """One page of ``items`` for a List operation, with AWS's limits on its arguments."""
    max_results = params.get("maxResults")
    if max_results is not None and not 1 <= max_results <= MAX_PAGE:
        raise errors.InvalidParameterException(
            f"maxResults must be between 1 and {MAX_PAGE}, not {max_results}."
        )
    try:
        return paginate(
            items, max_results=max_results, token=params.get("nextToken"), default=default, key=key
        )
    except BadToken as exc:
        raise errors.InvalidParameterException(
            "The nextToken is not valid; pass the nextToken of an earlier answer unchanged."
        ) from exc
