"""The state of ELBv2 in one account and region, and how its resources relate.

The operations live in mixins (load_balancers, target_groups, listeners, rules, tags,
attributes), each built on this store;
:class:`~pytest_ecsmock.services.elbv2.backend.Elbv2Backend` puts them together.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

from pytest_ecsmock.errors import DOCS, EcsmockUsageError
from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.elbv2 import errors
from pytest_ecsmock.services.elbv2.targets import CheckResult, Target, TargetHooks, TargetKey
from pytest_ecsmock.services.elbv2.validation import ARN_SERVICE, check_arn
from pytest_ecsmock.services.network import NetworkBackend

if TYPE_CHECKING:
    from pytest_ecsmock.services.elbv2.listeners import Listener
    from pytest_ecsmock.services.elbv2.load_balancers import LoadBalancer
    from pytest_ecsmock.services.elbv2.rules import Rule
    from pytest_ecsmock.services.elbv2.target_groups import TargetGroup

#: the longest a test may make load balancers provision (10 years): far from the end
#: of the simulated clock's calendar
MAX_PROVISIONING_SECONDS = 10 * 365 * 24 * 3600


class Store:
    def __init__(self, context: BackendContext) -> None:
        self.context = context
        self.load_balancers: dict[str, LoadBalancer] = {}
        self.target_groups: dict[str, TargetGroup] = {}
        self.listeners: dict[str, Listener] = {}
        #: every listener's rules, its default rule included
        self.rules: dict[str, Rule] = {}
        #: attribute values that differ from the defaults, by load balancer / listener ARN
        self.load_balancer_attributes: dict[str, dict[str, str]] = {}
        self.listener_attributes: dict[str, dict[str, str]] = {}
        self._provisioning_seconds = 60.0
        #: target group ARN -> its targets, in registration order
        self.targets: dict[str, dict[TargetKey, Target]] = {}
        #: target group ARN -> the attributes ModifyTargetGroupAttributes set
        self.target_group_attribute_values: dict[str, dict[str, str]] = {}
        #: how other backends take part in target health (see targets.py)
        self.target_hooks = TargetHooks()
        #: (target group ARN, target id, port or None for all) -> what its checks answer
        self.forced_health_checks: dict[tuple[str, str, int | None], CheckResult] = {}
        self._sequence = itertools.count(1)

    @property
    def provisioning_seconds(self) -> float:
        """How long a new load balancer stays ``provisioning`` before it is ``active``;
        a test may set it (0 to ten years)."""
        return self._provisioning_seconds

    @provisioning_seconds.setter
    def provisioning_seconds(self, seconds: float) -> None:
        given: object = seconds
        if (
            isinstance(given, bool)
            or not isinstance(given, int | float)
            or not math.isfinite(given)
            or not 0 <= given <= MAX_PROVISIONING_SECONDS
        ):
            raise EcsmockUsageError(
                f"provisioning_seconds must be a number of seconds from 0 to "
                f"{MAX_PROVISIONING_SECONDS} (10 years), not {given!r} "
                f"(see {DOCS}/services/elbv2.md#load-balancers)."
            )
        self._provisioning_seconds = float(given)

    @property
    def network(self) -> NetworkBackend:
        """The VPC network of this account and region, shared with the other services
        (``ecsmock.backend("network")``)."""
        network: NetworkBackend = self.context.sibling("network")
        return network

    def next_sequence(self) -> int:
        """A number that orders resources by creation (their listing order)."""
        return next(self._sequence)

    def arn(self, resource: str) -> str:
        return self.context.arn(resource, service=ARN_SERVICE)

    def check_arn(self, arn: str, kind: str) -> None:
        check_arn(arn, kind, self.context.region, self.context.account_id)

    # ------------------------------------------------------------------ lookups

    def load_balancer(self, arn: str) -> LoadBalancer:
        self.check_arn(arn, "load balancer")
        found = self.load_balancers.get(arn)
        if found is None:
            raise errors.LoadBalancerNotFoundException("One or more load balancers not found")
        return found

    def target_group(self, arn: str) -> TargetGroup:
        self.check_arn(arn, "target group")
        found = self.target_groups.get(arn)
        if found is None:
            raise errors.TargetGroupNotFoundException("One or more target groups not found")
        return found

    def listener(self, arn: str) -> Listener:
        self.check_arn(arn, "listener")
        found = self.listeners.get(arn)
        if found is None:
            raise errors.ListenerNotFoundException("One or more listeners not found")
        return found

    def rule(self, arn: str) -> Rule:
        self.check_arn(arn, "listener rule")
        found = self.rules.get(arn)
        if found is None:
            raise errors.RuleNotFoundException("One or more rules not found")
        return found

    # ------------------------------------------------------------------ relations

    def listeners_of(self, load_balancer: LoadBalancer) -> list[Listener]:
        return [
            listener
            for listener in self.listeners.values()
            if listener.load_balancer_arn == load_balancer.arn
        ]

    def rules_of(self, listener: Listener) -> list[Rule]:
        return [rule for rule in self.rules.values() if rule.listener_arn == listener.arn]

    def drop_listener(self, listener: Listener) -> None:
        """Forget the listener, its rules and its attributes."""
        for rule in self.rules_of(listener):
            del self.rules[rule.arn]
        self.listener_attributes.pop(listener.arn, None)
        del self.listeners[listener.arn]

    def load_balancers_of(self, target_group: TargetGroup) -> list[LoadBalancer]:
        """The load balancers that route to ``target_group`` (through a listener's
        default actions or a rule's actions), in creation order."""
        arns = self.load_balancer_arns_routing_to(target_group.arn)
        return [lb for lb in self.load_balancers.values() if lb.arn in arns]

    def target_group_in_use(self, target_group: TargetGroup) -> bool:
        return bool(self.load_balancer_arns_routing_to(target_group.arn))

    def load_balancer_arns_routing_to(self, target_group_arn: str) -> set[str]:
        arns = {
            listener.load_balancer_arn
            for listener in self.listeners.values()
            if target_group_arn in listener.target_group_arns()
        }
        arns.update(
            self.listeners[rule.listener_arn].load_balancer_arn
            for rule in self.rules.values()
            if target_group_arn in rule.target_group_arns()
        )
        return arns

    # ------------------------------------------------------------------ for the mixins

    def target_group_use_changed(self) -> None:
        """Listeners and rules call this after changing which target groups they forward
        to: the targets of a target group that came into use start their health checks,
        those of one that went out of use become ``unused``."""

    def target_group_deleted(self, target_group: TargetGroup) -> None:
        """Called once a target group is deleted, for the state kept beside it."""

    def listener_modified(self, listener: Listener) -> None:
        """Called once ModifyListener changed ``listener``, for the state kept beside it
        (the attributes of an HTTPS listener that became HTTP)."""
