"""CreateRule, DescribeRules, ModifyRule, DeleteRule and SetRulePriorities."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pytest_ecsmock.services.elbv2 import errors
from pytest_ecsmock.services.elbv2.actions import Action, parse_actions
from pytest_ecsmock.services.elbv2.listeners import Listener, ListenerOperations
from pytest_ecsmock.services.elbv2.rule_conditions import parse_conditions
from pytest_ecsmock.services.elbv2.rules import MAX_PRIORITY, Rule, rule_arn
from pytest_ecsmock.services.elbv2.validation import check_range, validation_error

#: rules per application load balancer, its listeners' default rules not counted
MAX_RULES = 100


class RuleOperations(ListenerOperations):
    def create_rule(
        self,
        listener_arn: str,
        *,
        conditions: list[dict[str, Any]],
        priority: int,
        actions: list[dict[str, Any]],
        tags: dict[str, str] | None = None,
    ) -> Rule:
        listener = self.listener(listener_arn)
        load_balancer = self.load_balancers[listener.load_balancer_arn]
        check_range(priority, 1, MAX_PRIORITY, "priority")
        parsed_conditions = parse_conditions(conditions)
        parsed_actions = parse_actions(actions, "actions")
        if any(rule.priority == priority for rule in self.rules_of(listener)):
            raise errors.PriorityInUseException(f"Priority '{priority}' is currently in use")
        self._check_forwarding(load_balancer, parsed_actions)
        in_use = sum(
            1
            for other in self.listeners_of(load_balancer)
            for rule in self.rules_of(other)
            if not rule.is_default
        )
        if in_use >= MAX_RULES:
            raise errors.TooManyRulesException(
                f"The maximum number of rules on load balancer {load_balancer.arn} has been reached"
            )
        rule = Rule(
            arn=rule_arn(listener.arn, self.context.ids.hex(16)),
            listener_arn=listener.arn,
            priority=priority,
            conditions=parsed_conditions,
            actions=parsed_actions,
            tags=dict(tags or {}),
        )
        self.rules[rule.arn] = rule
        self.target_group_use_changed()
        return rule

    def describe_rules(
        self, listener_arn: str | None = None, arns: Sequence[str] | None = None
    ) -> list[Rule]:
        """The rules asked for, in listing order: by listener, then by priority, the
        default rule last."""
        if listener_arn and arns:
            raise validation_error(
                "Listener rule ARNs and a listener ARN cannot be specified at the same time"
            )
        if listener_arn:
            return sorted(self.rules_of(self.listener(listener_arn)), key=self.rule_order)
        if arns:
            return sorted({arn: self.rule(arn) for arn in arns}.values(), key=self.rule_order)
        raise validation_error("You must specify either listener rule ARNs or a listener ARN")

    def modify_rule(
        self,
        arn: str,
        *,
        conditions: list[dict[str, Any]] | None = None,
        actions: list[dict[str, Any]] | None = None,
    ) -> Rule:
        """Replace the conditions and/or the actions given; the rest stays."""
        rule = self.rule(arn)
        if rule.is_default:
            raise errors.OperationNotPermittedException(
                f"Default rule '{rule.arn}' cannot be modified"
            )
        new_conditions = rule.conditions
        if conditions is not None:
            new_conditions = parse_conditions(conditions)
        new_actions = rule.actions
        if actions is not None:
            new_actions = parse_actions(actions, "actions")
            listener = self.listeners[rule.listener_arn]
            self._check_forwarding(self.load_balancers[listener.load_balancer_arn], new_actions)
        rule.conditions = new_conditions
        rule.actions = new_actions
        self.target_group_use_changed()
        return rule

    def delete_rule(self, arn: str) -> None:
        rule = self.rule(arn)
        if rule.is_default:
            raise errors.OperationNotPermittedException(
                f"Default rule '{rule.arn}' cannot be deleted"
            )
        del self.rules[rule.arn]
        self.target_group_use_changed()

    def set_rule_priorities(self, pairs: list[dict[str, Any]]) -> list[Rule]:
        """Give rules new priorities in one step, so two rules can swap theirs."""
        if not pairs:
            raise validation_error("At least one rule priority must be specified")
        wanted: dict[str, int] = {}
        for index, pair in enumerate(pairs, start=1):
            arn, priority = pair.get("RuleArn"), pair.get("Priority")
            if arn is None or priority is None:
                raise validation_error(
                    "A rule ARN and a priority must be specified for each rule priority pair"
                )
            check_range(priority, 1, MAX_PRIORITY, f"rulePriorities.{index}.member.priority")
            if arn in wanted:
                raise validation_error(f"Rule '{arn}' was provided multiple times")
            wanted[arn] = priority
        rules = [self.rule(arn) for arn in wanted]
        for rule in rules:
            if rule.is_default:
                raise errors.OperationNotPermittedException(
                    f"The priority of default rule '{rule.arn}' cannot be changed"
                )
        for listener_arn in dict.fromkeys(rule.listener_arn for rule in rules):
            self._check_new_priorities(self.listeners[listener_arn], wanted)
        for rule in rules:
            rule.priority = wanted[rule.arn]
        return sorted(rules, key=self.rule_order)

    # ------------------------------------------------------------------ helpers

    def rule_actions(self, rule: Rule) -> list[Action]:
        """What the rule does: the default rule runs its listener's default actions."""
        if rule.is_default:
            return self.listeners[rule.listener_arn].default_actions
        return rule.actions

    def rule_order(self, rule: Rule) -> str:
        """The listing order of rules, as a text key (also the paging key)."""
        listener = self.listeners[rule.listener_arn]
        priority = MAX_PRIORITY + 1 if rule.priority is None else rule.priority
        return f"{listener.sequence:012d}:{priority:05d}"

    def _check_new_priorities(self, listener: Listener, wanted: dict[str, int]) -> None:
        """After the change, no two rules of ``listener`` may share a priority."""
        owners: dict[int, str] = {}
        for rule in self.rules_of(listener):
            priority = wanted.get(rule.arn, rule.priority)
            if priority is None:
                continue
            if priority in owners:
                both_given = rule.arn in wanted and owners[priority] in wanted
                if both_given:
                    raise validation_error(f"Priority '{priority}' was provided multiple times")
                raise errors.PriorityInUseException(f"Priority '{priority}' is currently in use")
            owners[priority] = rule.arn
