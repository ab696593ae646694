"""Why an instance cannot take a task: the first failed check, in ECS's order.

1. ``AGENT``: the agent is disconnected (``INACTIVE`` for a deregistered instance;
   other statuses than ACTIVE are not candidates at all).
2. ``LOCATION``: not in a zone of the task's awsvpc subnets.
3. Resources: ``RESOURCE:CPU``, ``RESOURCE:MEMORY``, ``RESOURCE:PORTS`` (a fixed TCP
   port taken, or too few free dynamic ports), ``RESOURCE:PORTS_UDP``, ``RESOURCE:ENI``.
4. ``ATTRIBUTE``: a required attribute missing.
5. Constraints, in order: ``DistinctInstance placement constraint unsatisfied.``,
   ``MemberOf placement constraint unsatisfied.``

What cannot change during a call (status, agent, zone, attributes, a ``memberOf`` that
reads neither ``runningTasksCount`` nor ``task:group``) is worked out once per instance;
the rest again for the instance that was just given a task.
"""

from __future__ import annotations

from collections.abc import Sequence

from pytest_ecsmock.services.ecs.placement.constraints import (
    DistinctInstance,
    MemberOf,
    PlacementConstraint,
)
from pytest_ecsmock.services.ecs.placement.ports import (
    dynamic_ports_for,
    fixed_tcp_port_taken,
    fixed_udp_port_taken,
    has_free_dynamic_ports,
)
from pytest_ecsmock.services.ecs.placement.requirement import TaskRequirement
from pytest_ecsmock.services.ecs.placement.views import InstanceView

ACTIVE = "ACTIVE"
INACTIVE = "INACTIVE"
AGENT = "AGENT"
LOCATION = "LOCATION"
CPU = "RESOURCE:CPU"
MEMORY = "RESOURCE:MEMORY"
PORTS = "RESOURCE:PORTS"
PORTS_UDP = "RESOURCE:PORTS_UDP"
ENI = "RESOURCE:ENI"
ATTRIBUTE = "ATTRIBUTE"
AVAILABILITY_ZONE = "ecs.availability-zone"


class Checks:
    """The checks of one requirement under one set of constraints."""

    def __init__(
        self, requirement: TaskRequirement, constraints: Sequence[PlacementConstraint]
    ) -> None:
        self.requirement = requirement
        self.distinct = any(isinstance(c, DistinctInstance) for c in constraints)
        self.member_of = [c for c in constraints if isinstance(c, MemberOf)]
        self.own_ports = requirement.tcp_ports | requirement.udp_ports

    def problem(self, view: InstanceView) -> str | None:
        """The reason ``view`` cannot take the task now, or None if it can."""
        lasting = view.lasting_verdicts
        if lasting is None:
            lasting = view.lasting_verdicts = self._lasting(view)
        before, attributes_ok, member_of = lasting
        if before is not None:
            return before
        resources = self._resources(view)
        if resources is not None:
            return resources
        if not attributes_ok:
            return ATTRIBUTE
        if self.distinct and view.group_tasks > 0:
            return DistinctInstance.failure_reason
        for constraint, verdict in zip(self.member_of, member_of, strict=True):
            matches = constraint.expression.matches(view) if verdict is None else verdict
            if not matches:
                return MemberOf.failure_reason
        return None

    def can_ever_take(self, view: InstanceView) -> bool:
        """Whether the instance meets what does not depend on its free resources: its
        agent, zone, attributes and ``memberOf`` constraints."""
        before, attributes_ok, member_of = self._lasting(view)
        if before is not None or not attributes_ok:
            return False
        return all(
            constraint.expression.matches(view) if verdict is None else verdict
            for constraint, verdict in zip(self.member_of, member_of, strict=True)
        )

    def _lasting(self, view: InstanceView) -> tuple[str | None, bool, tuple[bool | None, ...]]:
        requirement = self.requirement
        zones = requirement.availability_zones
        before: str | None = None
        if not view.agent_connected:
            before = AGENT
        elif zones is not None and view.attributes.get(AVAILABILITY_ZONE) not in zones:
            before = LOCATION
        attributes_ok = True
        if requirement.required_attributes:
            attributes = view.attributes
            attributes_ok = all(
                required.satisfied_by(attributes) for required in requirement.required_attributes
            )
        member_of = tuple(
            None if c.expression.depends_on_tasks else c.expression.matches(view)
            for c in self.member_of
        )
        return before, attributes_ok, member_of

    def _resources(self, view: InstanceView) -> str | None:
        requirement = self.requirement
        if view.remaining_cpu < requirement.cpu:
            return CPU
        if view.remaining_memory < requirement.memory:
            return MEMORY
        if requirement.tcp_ports and fixed_tcp_port_taken(view, requirement.tcp_ports):
            return PORTS
        if requirement.udp_ports and fixed_udp_port_taken(view, requirement.udp_ports):
            return PORTS_UDP
        if requirement.dynamic_port_count and not has_free_dynamic_ports(
            view, requirement.dynamic_port_count, self.own_ports
        ):
            return PORTS
        if requirement.needs_eni and view.free_eni_slots < 1:
            return ENI
        return None

    def dynamic_ports(self, view: InstanceView) -> tuple[int, ...]:
        """Dynamic host ports for the task on ``view``, which passed the checks."""
        return dynamic_ports_for(view, self.requirement.dynamic_port_count, self.own_ports)


#: the order of the checks, for finding the instance that came closest
REASON_ORDER = (
    INACTIVE,
    AGENT,
    LOCATION,
    CPU,
    MEMORY,
    PORTS,
    PORTS_UDP,
    ENI,
    ATTRIBUTE,
    DistinctInstance.failure_reason,
    MemberOf.failure_reason,
)
