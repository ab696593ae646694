"""The account's Elastic Load Balancing quotas, as DescribeAccountLimits names them.

The values are AWS's defaults (the "Quotas for your Application / Network / Gateway
Load Balancers" pages). Those the mock enforces come from the constants that enforce
them, so the two cannot drift apart; the others are only reported.
"""

from __future__ import annotations

from pytest_ecsmock.services.elbv2.actions import MAX_TARGET_GROUPS_PER_ACTION
from pytest_ecsmock.services.elbv2.listeners import MAX_LISTENERS
from pytest_ecsmock.services.elbv2.load_balancers import MAX_LOAD_BALANCERS
from pytest_ecsmock.services.elbv2.rule_conditions import (
    MAX_VALUES_PER_RULE,
    MAX_WILDCARDS_PER_RULE,
)
from pytest_ecsmock.services.elbv2.rule_operations import MAX_RULES
from pytest_ecsmock.services.elbv2.target_groups import MAX_TARGET_GROUPS

#: (name, default quota), in the order of the API reference
LIMITS: tuple[tuple[str, int], ...] = (
    ("application-load-balancers", MAX_LOAD_BALANCERS),
    ("condition-values-per-alb-rule", MAX_VALUES_PER_RULE),
    ("condition-wildcards-per-alb-rule", MAX_WILDCARDS_PER_RULE),
    ("gateway-load-balancers", 100),
    ("gateway-load-balancers-per-vpc", 100),
    ("geneve-target-groups", 100),
    ("listeners-per-application-load-balancer", MAX_LISTENERS),
    ("listeners-per-network-load-balancer", 50),
    ("network-load-balancers", 50),
    ("rules-per-application-load-balancer", MAX_RULES),
    ("target-groups", MAX_TARGET_GROUPS),
    ("target-groups-per-action-on-application-load-balancer", MAX_TARGET_GROUPS_PER_ACTION),
    ("target-groups-per-action-on-network-load-balancer", 1),
    # not enforced: a load balancer's target groups and targets are not counted
    ("target-groups-per-application-load-balancer", 100),
    ("targets-per-application-load-balancer", 1000),
    ("targets-per-availability-zone-per-gateway-load-balancer", 300),
    ("targets-per-availability-zone-per-network-load-balancer", 500),
    ("targets-per-network-load-balancer", 3000),
)
