"""Task placement: which container instance a task goes to, and why not.

- ``engine.place``: place tasks of a ``TaskRequirement`` on Candidates (see
  ``candidate.Candidate``), with constraints and strategies; returns Placements to
  apply and RunTask ``failures``.
- ``requirement.requirement_for``: the requirement of a registered task definition.
- ``constraints.parse_constraints`` / ``strategies.parse_strategies``: read and check
  the ``placementConstraints`` / ``placementStrategy`` request members.
- ``query.parse``: the cluster query language (``memberOf``, ListContainerInstances
  ``filter``).

docs/placement.md tells the behaviour.
"""

from __future__ import annotations

from pytest_ecsmock.services.ecs.placement.candidate import Candidate
from pytest_ecsmock.services.ecs.placement.constraints import (
    DistinctInstance,
    MemberOf,
    PlacementConstraint,
    parse_constraints,
)
from pytest_ecsmock.services.ecs.placement.engine import (
    PlacementFailure,
    PlacementResult,
    place,
)
from pytest_ecsmock.services.ecs.placement.query import Expression, parse
from pytest_ecsmock.services.ecs.placement.requirement import (
    Placement,
    RequiredAttribute,
    TaskRequirement,
    requirement_for,
)
from pytest_ecsmock.services.ecs.placement.strategies import (
    Binpack,
    PlacementStrategy,
    RandomPlacement,
    Spread,
    parse_strategies,
)

__all__ = [
    "Binpack",
    "Candidate",
    "DistinctInstance",
    "Expression",
    "MemberOf",
    "Placement",
    "PlacementConstraint",
    "PlacementFailure",
    "PlacementResult",
    "PlacementStrategy",
    "RandomPlacement",
    "RequiredAttribute",
    "Spread",
    "TaskRequirement",
    "parse",
    "parse_constraints",
    "parse_strategies",
    "place",
    "requirement_for",
]
