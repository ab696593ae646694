"""ELBv2 state for one account and region: application load balancers, target groups,
listeners, their rules, attributes and tags.

Other backends reach it with ``context.sibling("elbv2")`` and use:

- :meth:`~Store.target_group` (raises ``TargetGroupNotFoundException``),
- :meth:`~Store.load_balancers_of` (the load balancers routing to a target group through
  a listener or a rule: ECS refuses a target group without one),
- :meth:`~Store.load_balancer`, :meth:`~Store.listener`,
- ``register_targets(target_group_arn, targets)`` and ``deregister_targets(...)``: the
  ``{"Id": ..., "Port": ...}`` dicts of the API, checked as the API checks them,
- ``target_state(target_group_arn, target_id, port)``: the target's
  ``TargetHealth.State``, None once it is not registered any more,
- ``deregistration_delay(target_group_arn)``: how long (seconds) a deregistered target
  drains,
- ``target_hooks`` (:class:`~pytest_ecsmock.services.elbv2.targets.TargetHooks`):
  ``health_changed`` functions called after every change of a target's state,
  ``checkers`` consulted at every health check,
- ``recheck(target_group_arn, target_id, port)``: a checker's answer may have changed,
  so the target's checks resume on its interval grid,
- ``network`` (the account's and region's shared network registry,
  :mod:`pytest_ecsmock.services.network`).
"""

from __future__ import annotations

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.elbv2.certificates import CertificateOperations
from pytest_ecsmock.services.elbv2.listener_attributes import ListenerAttributeOperations
from pytest_ecsmock.services.elbv2.listeners import ListenerOperations
from pytest_ecsmock.services.elbv2.load_balancer_attributes import LoadBalancerAttributeOperations
from pytest_ecsmock.services.elbv2.load_balancers import LoadBalancerOperations
from pytest_ecsmock.services.elbv2.rule_operations import RuleOperations
from pytest_ecsmock.services.elbv2.tags import TagOperations
from pytest_ecsmock.services.elbv2.target_group_use import TargetGroupUse
from pytest_ecsmock.services.elbv2.target_groups import TargetGroupOperations
from pytest_ecsmock.services.elbv2.target_registration import TargetOperations


class Elbv2Backend(
    TargetGroupUse,
    RuleOperations,
    LoadBalancerOperations,
    TargetGroupOperations,
    ListenerOperations,
    TagOperations,
    LoadBalancerAttributeOperations,
    ListenerAttributeOperations,
    TargetOperations,
    CertificateOperations,
):
    def __init__(self, context: BackendContext) -> None:
        super().__init__(context)
