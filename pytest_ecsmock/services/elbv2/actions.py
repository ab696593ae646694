"""Listener actions (forward, fixed-response, redirect): checked and described as AWS does."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pytest_ecsmock.services.elbv2 import errors
from pytest_ecsmock.services.elbv2.validation import (
    check_enum,
    check_length,
    check_range,
    not_supported,
    validation_error,
)

ACTION_TYPES = (
    "forward",
    "authenticate-oidc",
    "authenticate-cognito",
    "redirect",
    "fixed-response",
    "jwt-validation",
)
#: the configuration member each simulated action type takes
CONFIG_MEMBERS = {
    "forward": ("TargetGroupArn", "ForwardConfig"),
    "redirect": ("RedirectConfig",),
    "fixed-response": ("FixedResponseConfig",),
}
ALL_CONFIG_MEMBERS = (
    "TargetGroupArn",
    "ForwardConfig",
    "RedirectConfig",
    "FixedResponseConfig",
    "AuthenticateOidcConfig",
    "AuthenticateCognitoConfig",
    "JwtValidationConfig",
)
MAX_TARGET_GROUPS_PER_ACTION = 5
#: AWS's pattern, as its error message quotes it (matched whole, ASCII digits only)
FIXED_RESPONSE_STATUS = re.compile(r"^(2|4|5)\d\d$", re.ASCII)
CONTENT_TYPES = (
    "text/plain",
    "text/css",
    "text/html",
    "application/javascript",
    "application/json",
)
REDIRECT_DEFAULTS = {
    "Protocol": "#{protocol}",
    "Port": "#{port}",
    "Host": "#{host}",
    "Path": "/#{path}",
    "Query": "#{query}",
}


@dataclass(frozen=True)
class WeightedTargetGroup:
    arn: str
    weight: int = 1


@dataclass(frozen=True)
class Action:
    type: str
    order: int
    target_groups: tuple[WeightedTargetGroup, ...] = ()
    stickiness: dict[str, Any] = field(default_factory=dict)
    fixed_response: dict[str, str] = field(default_factory=dict)
    redirect: dict[str, str] = field(default_factory=dict)

    def target_group_arns(self) -> list[str]:
        return [tg.arn for tg in self.target_groups]

    def describe(self) -> dict[str, Any]:
        described: dict[str, Any] = {"Type": self.type, "Order": self.order}
        if self.type == "forward":
            if len(self.target_groups) == 1:
                described["TargetGroupArn"] = self.target_groups[0].arn
            described["ForwardConfig"] = {
                "TargetGroups": [
                    {"TargetGroupArn": tg.arn, "Weight": tg.weight} for tg in self.target_groups
                ],
                "TargetGroupStickinessConfig": dict(self.stickiness),
            }
        elif self.type == "fixed-response":
            described["FixedResponseConfig"] = dict(self.fixed_response)
        else:
            described["RedirectConfig"] = dict(self.redirect)
        return described


def parse_actions(raw: list[dict[str, Any]], member: str = "defaultActions") -> list[Action]:
    """Check the actions given and return them in the order they run.

    Only terminal actions are simulated, so a listener has exactly one action.
    """
    if not raw:
        raise validation_error("At least one action must be specified")
    actions = [_parse(item, index, member) for index, item in enumerate(raw, start=1)]
    if len(actions) > 1:
        raise errors.InvalidLoadBalancerActionException(
            "A listener or rule can have only one action of type 'forward', 'redirect' or "
            "'fixed-response', and it must be its last action"
        )
    return actions


def _parse(item: dict[str, Any], index: int, member: str) -> Action:
    kind = item["Type"]
    check_enum(kind, ACTION_TYPES, f"{member}.{index}.member.type")
    if kind not in CONFIG_MEMBERS:
        raise not_supported(f"The action type '{kind}'")
    order = item.get("Order", index)
    check_range(order, 1, 50000, f"{member}.{index}.member.order")
    stray = [
        k for k in ALL_CONFIG_MEMBERS if item.get(k) is not None and k not in CONFIG_MEMBERS[kind]
    ]
    if stray:
        raise errors.InvalidLoadBalancerActionException(
            f"For actions of type '{kind}', you cannot specify the following fields: "
            + ", ".join(f"'{k}'" for k in stray)
        )
    if kind == "forward":
        groups, stickiness = _forward(item, index, member)
        return Action(kind, order, target_groups=groups, stickiness=stickiness)
    if kind == "fixed-response":
        config = _required_config(item, "FixedResponseConfig", kind)
        return Action(kind, order, fixed_response=_fixed_response(config, index, member))
    config = _required_config(item, "RedirectConfig", kind)
    return Action(kind, order, redirect=_redirect(config, index, member))


def _required_config(item: dict[str, Any], name: str, kind: str) -> dict[str, Any]:
    config = item.get(name)
    if config is None:
        raise errors.InvalidLoadBalancerActionException(
            f"For actions of type '{kind}', you must specify the following fields: '{name}'"
        )
    return dict(config)


def _forward(
    item: dict[str, Any], index: int, member: str
) -> tuple[tuple[WeightedTargetGroup, ...], dict[str, Any]]:
    arn = item.get("TargetGroupArn")
    config = item.get("ForwardConfig") or {}
    listed = config.get("TargetGroups") or []
    if arn is None and not listed:
        raise errors.InvalidLoadBalancerActionException(
            "For actions of type 'forward', you must specify the following fields: "
            "'TargetGroupArn' or 'ForwardConfig'"
        )
    groups: list[WeightedTargetGroup] = []
    for position, entry in enumerate(listed, start=1):
        if not entry.get("TargetGroupArn"):
            raise validation_error(
                f"A target group ARN must be specified for each target group of the forward "
                f"config of action {index}"
            )
        weight = entry.get("Weight", 1)
        check_range(
            weight, 0, 999, f"{member}.{index}.member.forwardConfig.targetGroups.{position}.weight"
        )
        if any(g.arn == entry["TargetGroupArn"] for g in groups):
            raise validation_error(
                f"Target group '{entry['TargetGroupArn']}' is specified more than once in the "
                "forward config"
            )
        groups.append(WeightedTargetGroup(entry["TargetGroupArn"], weight))
    if arn is not None:
        if groups and [g.arn for g in groups] != [arn]:
            raise errors.InvalidLoadBalancerActionException(
                "You cannot specify both a target group ARN and a forward config with other "
                "target groups; give the target groups in the forward config only"
            )
        groups = groups or [WeightedTargetGroup(arn)]
    if len(groups) > MAX_TARGET_GROUPS_PER_ACTION:
        raise validation_error(
            f"A forward action can have at most {MAX_TARGET_GROUPS_PER_ACTION} target groups"
        )
    stickiness = dict(config.get("TargetGroupStickinessConfig") or {})
    stickiness.setdefault("Enabled", False)
    duration = stickiness.get("DurationSeconds")
    if duration is not None:
        check_range(
            duration,
            1,
            604800,
            f"{member}.{index}.member.forwardConfig.targetGroupStickinessConfig.durationSeconds",
        )
    elif stickiness["Enabled"]:
        raise validation_error(
            "A stickiness duration (DurationSeconds) must be specified when target group "
            "stickiness is enabled"
        )
    return tuple(groups), stickiness


def _fixed_response(config: dict[str, Any], index: int, member: str) -> dict[str, str]:
    status = config["StatusCode"]
    if not FIXED_RESPONSE_STATUS.fullmatch(status):
        raise validation_error(
            f"1 validation error detected: Value '{status}' at "
            f"'{member}.{index}.member.fixedResponseConfig.statusCode' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: "
            + FIXED_RESPONSE_STATUS.pattern
        )
    content_type = config.get("ContentType")
    if content_type is not None and content_type not in CONTENT_TYPES:
        raise errors.InvalidLoadBalancerActionException(
            "The ContentType must be one of: " + ", ".join(f"'{c}'" for c in CONTENT_TYPES)
        )
    body = config.get("MessageBody")
    if body is not None:
        check_length(body, 1024, f"{member}.{index}.member.fixedResponseConfig.messageBody")
    return {k: v for k, v in config.items() if v is not None}


def _redirect(config: dict[str, Any], index: int, member: str) -> dict[str, str]:
    where = f"{member}.{index}.member.redirectConfig"
    check_enum(config["StatusCode"], ("HTTP_301", "HTTP_302"), f"{where}.statusCode")
    redirect = {**REDIRECT_DEFAULTS, **{k: v for k, v in config.items() if v is not None}}
    if redirect["Protocol"] not in ("HTTP", "HTTPS", "#{protocol}"):
        raise errors.InvalidLoadBalancerActionException(
            f"The redirect protocol '{redirect['Protocol']}' must be one of 'HTTP', 'HTTPS' "
            "or '#{protocol}'"
        )
    port = redirect["Port"]
    if port != "#{port}" and not (port.isdigit() and 1 <= int(port) <= 65535):
        raise errors.InvalidLoadBalancerActionException(
            f"The redirect port '{port}' must be '#{{port}}' or a port number from 1 to 65535"
        )
    for name, high in (("Host", 128), ("Path", 128), ("Query", 128)):
        check_length(redirect[name], high, f"{where}.{name.lower()}")
    if not redirect["Path"].startswith("/"):
        raise errors.InvalidLoadBalancerActionException(
            f"The redirect path '{redirect['Path']}' must start with a '/'"
        )
    if redirect["Query"].startswith("?"):
        raise errors.InvalidLoadBalancerActionException(
            "The redirect query must not start with a '?'"
        )
    if all(redirect[k] == v for k, v in REDIRECT_DEFAULTS.items()):
        raise errors.InvalidLoadBalancerActionException(
            "The redirect configuration is not valid: a redirect must change at least one of "
            "the protocol, port, host, path or query, or it would redirect to itself"
        )
    return redirect
