"""Image tag mutability: the repository setting and its exclusion filters."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pytest_ecsmock.services.ecr.validation import check_enum, invalid

MUTABLE = "MUTABLE"
IMMUTABLE = "IMMUTABLE"
IMMUTABLE_WITH_EXCLUSION = "IMMUTABLE_WITH_EXCLUSION"
MUTABLE_WITH_EXCLUSION = "MUTABLE_WITH_EXCLUSION"
SETTINGS = (MUTABLE, IMMUTABLE, IMMUTABLE_WITH_EXCLUSION, MUTABLE_WITH_EXCLUSION)
WITH_EXCLUSION = (IMMUTABLE_WITH_EXCLUSION, MUTABLE_WITH_EXCLUSION)
FILTER_TYPES = ("WILDCARD",)
FILTER_VALUE = re.compile(r"[0-9a-zA-Z._*-]{1,128}")
MAX_FILTERS = 5
FILTERS = "imageTagMutabilityExclusionFilters"


@dataclass(frozen=True)
class ExclusionFilter:
    filter_type: str
    value: str

    def matches(self, tag: str) -> bool:
        pattern = ".*".join(re.escape(part) for part in self.value.split("*"))
        return re.fullmatch(pattern, tag) is not None

    def describe(self) -> dict[str, str]:
        return {"filterType": self.filter_type, "filter": self.value}


@dataclass(frozen=True)
class TagMutability:
    setting: str = MUTABLE
    exclusions: tuple[ExclusionFilter, ...] = ()

    def tag_is_mutable(self, tag: str) -> bool:
        """Whether pushing ``tag`` again may move it to another image."""
        excluded = any(f.matches(tag) for f in self.exclusions)
        if self.setting == MUTABLE:
            return True
        if self.setting == IMMUTABLE:
            return False
        if self.setting == IMMUTABLE_WITH_EXCLUSION:
            return excluded
        return not excluded

    def describe(self) -> dict[str, Any]:
        described: dict[str, Any] = {"imageTagMutability": self.setting}
        if self.exclusions:
            described[FILTERS] = [f.describe() for f in self.exclusions]
        return described


def parse_mutability(
    setting: str | None, filters: Sequence[Mapping[str, Any]] | None
) -> TagMutability:
    """The setting of a request; the filters go with the *_WITH_EXCLUSION settings only."""
    setting = MUTABLE if setting is None else setting
    check_enum(setting, SETTINGS, "imageTagMutability")
    if setting in WITH_EXCLUSION and not filters:
        raise invalid(
            FILTERS,
            f"ImageTagMutabilityExclusionFilters can't be null when imageTagMutability "
            f"is set as {setting}",
        )
    if setting not in WITH_EXCLUSION and filters is not None:
        raise invalid(
            FILTERS,
            f"ImageTagMutabilityExclusionFilters must be null when imageTagMutability "
            f"is set as {setting}",
        )
    return TagMutability(setting, _parse_filters(filters or []))


def _parse_filters(filters: Sequence[Mapping[str, Any]]) -> tuple[ExclusionFilter, ...]:
    if len(filters) > MAX_FILTERS:
        raise invalid(FILTERS, f"Member must have length less than or equal to {MAX_FILTERS}")
    parsed = []
    for index, item in enumerate(filters, start=1):
        check_enum(item["filterType"], FILTER_TYPES, f"{FILTERS}.{index}.member.filterType")
        value = item["filter"]
        if not FILTER_VALUE.fullmatch(value):
            raise invalid(
                f"{FILTERS}.{index}.member.filter",
                f"Member must satisfy regular expression pattern: ^{FILTER_VALUE.pattern}$",
            )
        parsed.append(ExclusionFilter(item["filterType"], value))
    return tuple(parsed)
