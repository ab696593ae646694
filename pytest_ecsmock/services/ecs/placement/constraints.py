"""Placement constraints: ``distinctInstance`` and ``memberOf``, read and checked.

``parse_constraints`` turns the ``placementConstraints`` member of RunTask, StartTask,
CreateService or UpdateService (and ``placementConstraints`` of a task definition) into
typed constraints, raising ``ValueError`` with the text of the
``InvalidParameterException`` ECS gives.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pytest_ecsmock.services.ecs.placement.query import Expression, parse

#: request and task definition constraints together
MAX_CONSTRAINTS = 10
CONSTRAINT_TYPES = ("distinctInstance", "memberOf")
DISTINCT_INSTANCE_UNSATISFIED = "DistinctInstance placement constraint unsatisfied."
MEMBER_OF_UNSATISFIED = "MemberOf placement constraint unsatisfied."


@dataclass(frozen=True)
class DistinctInstance:
    """Each task of the group on a different container instance."""

    failure_reason = DISTINCT_INSTANCE_UNSATISFIED


@dataclass(frozen=True)
class MemberOf:
    """Only instances the cluster query ``expression`` matches."""

    expression: Expression
    failure_reason = MEMBER_OF_UNSATISFIED


PlacementConstraint = DistinctInstance | MemberOf


def enum_problem(value: Any, path: str, allowed: Sequence[str]) -> str:
    """AWS's request-validation text for a value outside an enum."""
    shown = "null" if value is None else str(value)
    return (
        f"1 validation error detected: Value '{shown}' at '{path}' failed to satisfy "
        f"constraint: Member must satisfy enum value set: [{', '.join(allowed)}]"
    )


def parse_constraints(
    raw: Sequence[Mapping[str, Any]],
    *,
    member: str = "placementConstraints",
    task_definition_constraints: int = 0,
) -> tuple[PlacementConstraint, ...]:
    """Typed constraints from the request member ``member``.

    ``task_definition_constraints`` is how many constraints the task definition brings:
    ECS allows ten in all. Raises ``ValueError`` with the message for the caller's
    ``InvalidParameterException``.
    """
    if len(raw) + task_definition_constraints > MAX_CONSTRAINTS:
        raise ValueError(f"Maximum number of constraints is {MAX_CONSTRAINTS}")
    return tuple(
        parse_constraint(item, f"{member}.{index}.member.type")
        for index, item in enumerate(raw, start=1)
    )


def parse_constraint(item: Mapping[str, Any], type_path: str) -> PlacementConstraint:
    kind = item.get("type")
    expression = item.get("expression")
    if kind == "distinctInstance":
        if expression is not None:
            raise ValueError("distinctInstance expression should not be specified.")
        return DistinctInstance()
    if kind == "memberOf":
        if expression is None or not expression.strip():
            raise ValueError("memberOf expression must be specified.")
        return MemberOf(parse(expression))
    raise ValueError(enum_problem(kind, type_path, CONSTRAINT_TYPES))
