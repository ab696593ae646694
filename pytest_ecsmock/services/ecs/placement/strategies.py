"""Placement strategies: ``binpack``, ``spread`` and ``random``, read and applied.

Strategies are applied in order, each keeping the best of the instances the one before
kept (ties stay): ``spread attribute:ecs.availability-zone`` then ``binpack memory``
first keeps the instances of the zones with fewest tasks of the group, then among those
the ones with least memory left. When several remain after the last strategy, the
engine draws one with its random generator.

- ``binpack cpu|memory``: the instances with the least of that resource left.
- ``spread instanceId`` (or ``host``): the instances with fewest tasks of the group.
- ``spread attribute:<name>``: the instances whose value of the attribute has fewest
  tasks of the group over all candidates (instances without the attribute share the
  value "none").
- ``random``: one instance drawn with the random generator.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pytest_ecsmock.services.ecs.placement.constraints import enum_problem
from pytest_ecsmock.services.ecs.placement.views import InstanceView

MAX_STRATEGIES = 5
STRATEGY_TYPES = ("random", "spread", "binpack")
INSTANCE_ID = "instanceId"


@dataclass(frozen=True)
class Binpack:
    field: Literal["cpu", "memory"]


@dataclass(frozen=True)
class Spread:
    #: ``instanceId`` (``host`` is read as ``instanceId``) or ``attribute:<name>``
    field: str

    @property
    def attribute(self) -> str | None:
        """The attribute spread over, or None when spreading over instances."""
        return None if self.field == INSTANCE_ID else self.field.removeprefix("attribute:")


@dataclass(frozen=True)
class RandomPlacement:
    pass


PlacementStrategy = Binpack | Spread | RandomPlacement


def parse_strategies(
    raw: Sequence[Mapping[str, Any]], *, member: str = "placementStrategy"
) -> tuple[PlacementStrategy, ...]:
    """Typed strategies from the request member ``member``.

    Raises ``ValueError`` with the message for the caller's
    ``InvalidParameterException``."""
    if len(raw) > MAX_STRATEGIES:
        raise ValueError(f"Maximum number of strategies is {MAX_STRATEGIES}")
    return tuple(
        parse_strategy(item, f"{member}.{index}.member.type")
        for index, item in enumerate(raw, start=1)
    )


def parse_strategy(item: Mapping[str, Any], type_path: str) -> PlacementStrategy:
    kind = item.get("type")
    field = item.get("field")
    if kind == "random":
        return RandomPlacement()
    if kind not in ("spread", "binpack"):
        raise ValueError(enum_problem(kind, type_path, STRATEGY_TYPES))
    if field is None or not field.strip():
        raise ValueError(f"{kind} field must be specified.")
    if kind == "binpack":
        if field.lower() == "cpu":
            return Binpack("cpu")
        if field.lower() == "memory":
            return Binpack("memory")
        raise ValueError(f"binpack field '{field}' is invalid")
    if field.lower() in ("instanceid", "host"):
        return Spread(INSTANCE_ID)
    if field.startswith("attribute:") and len(field) > len("attribute:"):
        return Spread(field)
    raise ValueError(f"spread field '{field}' is invalid")


class SpreadCounts:
    """Tasks of the group per value of each spread attribute, over all candidates.

    Built once per placement call and kept up to date as the call places tasks, so a
    placement costs no more than a pass over the instances."""

    def __init__(self, strategies: Sequence[PlacementStrategy], views: Sequence[InstanceView]):
        self.attributes = {
            strategy.attribute
            for strategy in strategies
            if isinstance(strategy, Spread) and strategy.attribute is not None
        }
        self.tasks: dict[str, Counter[str | None]] = {
            attribute: Counter() for attribute in self.attributes
        }
        for view in views:
            for attribute in self.attributes:
                view.spread_values[attribute] = view.attributes.get(attribute)
            self.add(view, view.group_tasks)

    def add(self, view: InstanceView, tasks: int = 1) -> None:
        for attribute in self.attributes:
            self.tasks[attribute][view.spread_values[attribute]] += tasks


def narrow(
    strategy: PlacementStrategy,
    views: list[InstanceView],
    spread_counts: SpreadCounts,
    rng: random.Random,
) -> list[InstanceView]:
    """The views ``strategy`` prefers among ``views`` (never empty if ``views`` is not)."""
    if len(views) < 2:
        return views
    if isinstance(strategy, RandomPlacement):
        return [rng.choice(views)]
    if isinstance(strategy, Binpack):
        if strategy.field == "cpu":
            least_cpu = min(view.remaining_cpu for view in views)
            return [view for view in views if view.remaining_cpu == least_cpu]
        least_memory = min(view.remaining_memory for view in views)
        return [view for view in views if view.remaining_memory == least_memory]
    attribute = strategy.attribute
    if attribute is None:
        fewest = min(view.group_tasks for view in views)
        return [view for view in views if view.group_tasks == fewest]
    tasks = spread_counts.tasks[attribute]
    values = {view.spread_values[attribute] for view in views}
    fewest = min(tasks[value] for value in values)
    emptiest = {value for value in values if tasks[value] == fewest}
    return [view for view in views if view.spread_values[attribute] in emptiest]
