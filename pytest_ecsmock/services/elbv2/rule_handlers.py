"""ELBv2 listener rule operations: decoded parameters in, result dicts out."""

from __future__ import annotations

from typing import Any

from pytest_ecsmock.services.base import Params, Result
from pytest_ecsmock.services.elbv2.backend import Elbv2Backend
from pytest_ecsmock.services.elbv2.handlers import MAX_PAGE_SIZE, service
from pytest_ecsmock.services.elbv2.rules import Rule
from pytest_ecsmock.services.elbv2.validation import (
    check_range,
    reject_unsupported,
    tags_from_params,
    validation_error,
)
from pytest_ecsmock.services.paging import BadToken, paginate


def _described(elbv2: Elbv2Backend, rules: list[Rule]) -> list[dict[str, Any]]:
    return [rule.describe(elbv2.rule_actions(rule)) for rule in rules]


@service.operation("CreateRule")
def create_rule(elbv2: Elbv2Backend, params: Params) -> Result:
    reject_unsupported(params, ("Transforms",))
    rule = elbv2.create_rule(
        params["ListenerArn"],
        conditions=params["Conditions"],
        priority=params["Priority"],
        actions=params["Actions"],
        tags=tags_from_params(params.get("Tags")),
    )
    return {"Rules": _described(elbv2, [rule])}


@service.operation("DescribeRules")
def describe_rules(elbv2: Elbv2Backend, params: Params) -> Result:
    found = elbv2.describe_rules(params.get("ListenerArn"), params.get("RuleArns"))
    size = params.get("PageSize")
    if size is not None:
        check_range(size, 1, MAX_PAGE_SIZE, "pageSize")
    try:
        page, marker = paginate(
            found,
            max_results=size,
            token=params.get("Marker"),
            default=MAX_PAGE_SIZE,
            key=elbv2.rule_order,
        )
    except BadToken:
        raise validation_error(f"The marker '{params.get('Marker')}' is not valid") from None
    return {"Rules": _described(elbv2, page), "NextMarker": marker}


@service.operation("ModifyRule")
def modify_rule(elbv2: Elbv2Backend, params: Params) -> Result:
    reject_unsupported(params, ("Transforms",))
    # A rule has no transforms (they are not simulated), so ResetTransforms leaves it as is.
    given = [params.get(name) for name in ("Conditions", "Actions", "ResetTransforms")]
    if all(value is None for value in given):
        raise validation_error("Either conditions or actions must be specified")
    rule = elbv2.modify_rule(
        params["RuleArn"], conditions=params.get("Conditions"), actions=params.get("Actions")
    )
    return {"Rules": _described(elbv2, [rule])}


@service.operation("DeleteRule")
def delete_rule(elbv2: Elbv2Backend, params: Params) -> Result:
    elbv2.delete_rule(params["RuleArn"])
    return {}


@service.operation("SetRulePriorities")
def set_rule_priorities(elbv2: Elbv2Backend, params: Params) -> Result:
    rules = elbv2.set_rule_priorities(params["RulePriorities"])
    return {"Rules": _described(elbv2, rules)}
