"""Listener rules: a priority, conditions and actions. Every listener also has a default
rule, made with it, that runs the listener's default actions when no other rule matches."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pytest_ecsmock.services.elbv2.actions import Action
from pytest_ecsmock.services.elbv2.rule_conditions import Condition

MAX_PRIORITY = 50000


def rule_arn(listener_arn: str, rule_id: str) -> str:
    """``listener-rule/app/<lb name>/<lb id>/<listener id>/<rule id>``."""
    return f"{listener_arn.replace(':listener/', ':listener-rule/', 1)}/{rule_id}"


@dataclass
class Rule:
    arn: str
    listener_arn: str
    #: 1 to 50000; None for the listener's default rule
    priority: int | None
    conditions: list[Condition] = field(default_factory=list)
    #: empty for the default rule, whose actions are its listener's default actions
    actions: list[Action] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def is_default(self) -> bool:
        return self.priority is None

    def target_group_arns(self) -> list[str]:
        return [arn for action in self.actions for arn in action.target_group_arns()]

    def describe(self, actions: list[Action]) -> dict[str, Any]:
        """``actions``: what the rule does (for the default rule, the listener's)."""
        return {
            "RuleArn": self.arn,
            "Priority": "default" if self.priority is None else str(self.priority),
            "Conditions": [condition.describe() for condition in self.conditions],
            "Actions": [action.describe() for action in actions],
            "IsDefault": self.is_default,
        }
