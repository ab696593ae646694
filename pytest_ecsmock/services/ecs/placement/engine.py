"""Task placement for the EC2 launch type: which instance each task goes to, and why not.

Use::

    result = place(
        requirement,                 # TaskRequirement (see requirement_for)
        instances,                   # the cluster's container instances (Candidates)
        count,
        constraints=parse_constraints(request.get("placementConstraints", [])),
        strategies=parse_strategies(request.get("placementStrategy", [])),
        rng=random_generator,        # seeded: the same seed, the same placement
        group="family:web",          # services pass "service:<name>"
    )
    if result.no_container_instances:
        raise InvalidParameterException("No Container Instances were found in your cluster.")
    for placement in result.placements:
        ...                          # start a task there and apply the placement
    failures = [failure.describe() for failure in result.failures]

For each task in turn: keep the ACTIVE instances that pass every check (see ``checks``),
narrow them with the strategies in order (see ``strategies``), draw one of those left
with ``rng``. The next task of the call sees the resources, ports and task groups the
ones before took. The engine changes no Candidate: it returns Placements to apply.

When a task finds no instance, the call stops there (its other tasks would find none
either) and ``failures`` holds one entry per instance that was checked: its ARN and
the first reason it could not take the task, as RunTask and StartTask report them.
``closest_failure`` is the failure of the instance that passed most checks, for the
service event "The closest matching (container-instance <id>) ...".

Cost: building the views is one pass over the candidates; each placement is one pass
over them too (the strategies' comparisons) plus the checks of the instance that took
the task. ``place(requirement, five_hundred_instances, 5000, ...)`` therefore costs
about 5,000 passes over 500 instances, whatever tasks the instances already run.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from pytest_ecsmock.services.ecs.placement.candidate import Candidate
from pytest_ecsmock.services.ecs.placement.checks import ACTIVE, INACTIVE, REASON_ORDER, Checks
from pytest_ecsmock.services.ecs.placement.constraints import PlacementConstraint
from pytest_ecsmock.services.ecs.placement.requirement import Placement, TaskRequirement
from pytest_ecsmock.services.ecs.placement.strategies import (
    PlacementStrategy,
    SpreadCounts,
    narrow,
)
from pytest_ecsmock.services.ecs.placement.views import InstanceView


@dataclass(frozen=True)
class PlacementFailure:
    """Why the instance ``arn`` could not take the task (a RunTask ``failures`` entry)."""

    arn: str
    reason: str

    def describe(self) -> dict[str, str]:
        return {"arn": self.arn, "reason": self.reason}


@dataclass(frozen=True)
class PlacementResult:
    placements: tuple[Placement, ...]
    failures: tuple[PlacementFailure, ...]
    #: no candidate is ACTIVE: RunTask answers InvalidParameterException
    #: "No Container Instances were found in your cluster." (StartTask reports failures)
    no_container_instances: bool
    #: how many of the tasks asked for found no instance
    unplaced: int

    @property
    def closest_failure(self) -> PlacementFailure | None:
        """The failure of the instance that came closest to taking the task."""
        if not self.failures:
            return None
        return max(self.failures, key=lambda failure: _rank(failure.reason))


def _rank(reason: str) -> int:
    return REASON_ORDER.index(reason) if reason in REASON_ORDER else len(REASON_ORDER)


def place(
    requirement: TaskRequirement,
    candidates: Sequence[Candidate],
    count: int,
    *,
    constraints: Sequence[PlacementConstraint] = (),
    strategies: Sequence[PlacementStrategy] = (),
    rng: random.Random,
    group: str,
    already_placed: Sequence[Placement] = (),
) -> PlacementResult:
    """Place ``count`` tasks of ``requirement`` and ``group`` on ``candidates``.

    ``already_placed`` are placements made earlier but not applied to the candidates yet
    (a scheduler placing several services in one round): they count as taken.
    Deterministic: the same candidates in the same order and the same ``rng`` state give
    the same result.
    """
    views = [InstanceView(candidate, group) for candidate in candidates]
    by_arn = {view.arn: view for view in views}
    for earlier in already_placed:
        if earlier.container_instance_arn in by_arn:
            _take(by_arn[earlier.container_instance_arn], earlier)
    active = [view for view in views if view.status == ACTIVE]
    inactive = [PlacementFailure(view.arn, INACTIVE) for view in views if view.status == INACTIVE]
    if not active:
        return PlacementResult((), tuple(inactive), True, count)

    checks = Checks(requirement, constraints)
    spread_counts = SpreadCounts(strategies, active)
    problems = {id(view): checks.problem(view) for view in active}
    able = [view for view in active if problems[id(view)] is None]
    placements: list[Placement] = []
    while len(placements) < count:
        if not able:
            failures = inactive + [
                PlacementFailure(view.arn, problem)
                for view in active
                if (problem := problems[id(view)]) is not None
            ]
            return PlacementResult(
                tuple(placements), tuple(failures), False, count - len(placements)
            )
        preferred = able
        for strategy in strategies:
            preferred = narrow(strategy, preferred, spread_counts, rng)
        chosen = preferred[0] if len(preferred) == 1 else rng.choice(preferred)
        placement = Placement(
            container_instance_arn=chosen.arn,
            group=group,
            cpu=requirement.cpu,
            memory=requirement.memory,
            tcp_ports=requirement.tcp_ports,
            udp_ports=requirement.udp_ports,
            dynamic_host_ports=checks.dynamic_ports(chosen),
            uses_eni=requirement.needs_eni,
        )
        placements.append(placement)
        _take(chosen, placement)
        spread_counts.add(chosen)
        problems[id(chosen)] = checks.problem(chosen)
        if problems[id(chosen)] is not None:
            able.remove(chosen)
    return PlacementResult(tuple(placements), tuple(inactive), False, 0)


def _take(view: InstanceView, placement: Placement) -> None:
    view.take(
        cpu=placement.cpu,
        memory=placement.memory,
        tcp_ports=placement.tcp_ports,
        udp_ports=placement.udp_ports,
        dynamic_ports=frozenset(placement.dynamic_host_ports),
        eni=placement.uses_eni,
        group=placement.group,
    )
