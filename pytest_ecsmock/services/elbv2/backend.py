"""ELBv2 state for one account and region: application load balancers, target groups,
listeners and their tags.

Other backends reach it with ``context.sibling("elbv2")`` and use:

- :meth:`~Store.target_group` (raises ``TargetGroupNotFoundException``),
- :meth:`~Store.load_balancers_of` (the load balancers routing to a target group:
  ECS refuses a target group without one),
- :meth:`~Store.load_balancer`, :meth:`~Store.listener`,
- ``network`` (the account's and region's shared network registry,
  :mod:`pytest_ecsmock.services.network`).
"""

from __future__ import annotations

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.elbv2.listeners import ListenerOperations
from pytest_ecsmock.services.elbv2.load_balancers import LoadBalancerOperations
from pytest_ecsmock.services.elbv2.tags import TagOperations
from pytest_ecsmock.services.elbv2.target_groups import TargetGroupOperations


class Elbv2Backend(
    LoadBalancerOperations, TargetGroupOperations, ListenerOperations, TagOperations
):
    def __init__(self, context: BackendContext) -> None:
        super().__init__(context)
