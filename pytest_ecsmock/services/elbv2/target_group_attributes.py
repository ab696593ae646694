"""Target group attributes (DescribeTargetGroupAttributes, ModifyTargetGroupAttributes).

Every target group has AWS's defaults until a value is set; only the values set are
stored. ``deregistration_delay.timeout_seconds`` decides how long a deregistered target
drains (a change applies to the targets that start draining afterwards). The others
(stickiness, slow start, the load balancing algorithm, cross-zone load balancing,
target group health thresholds) shape traffic, which pytest-ecsmock does not carry:
they are checked, kept and described.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pytest_ecsmock.services.elbv2 import errors
from pytest_ecsmock.services.elbv2.attribute_values import is_whole_number
from pytest_ecsmock.services.elbv2.store import Store
from pytest_ecsmock.services.elbv2.target_groups import TargetGroup
from pytest_ecsmock.services.elbv2.validation import validation_error

Check = Callable[[str, str, TargetGroup], None]
#: AWS's pattern, as its error message quotes it (matched whole)
KEY = re.compile(r"^[a-zA-Z0-9._]+$")
MAX_KEY_LENGTH = 256
MAX_TARGETS = 1000
RESERVED_COOKIE_PREFIXES = ("AWSALB", "AWSALBAPP", "AWSALBTG")
#: the characters of a cookie name (RFC 6265 token)
COOKIE_NAME = re.compile(r"[A-Za-z0-9!#$%&'*+\-.^_`|~]+")
STICKINESS_OF_OTHER_LOAD_BALANCERS = ("source_ip", "source_ip_dest_ip", "source_ip_dest_ip_proto")


def _refuse(key: str, value: str, expected: str) -> None:
    raise validation_error(f"The value '{value}' of attribute '{key}' is not valid: {expected}")


def _boolean(key: str, value: str, target_group: TargetGroup) -> None:
    if value not in ("true", "false"):
        _refuse(key, value, "it must be 'true' or 'false'")


def _integer(low: int, high: int, *, off: bool = False) -> Check:
    def check(key: str, value: str, target_group: TargetGroup) -> None:
        if off and value == "off":
            return
        if not is_whole_number(value) or not low <= int(value) <= high:
            expected = f"it must be a whole number from {low} to {high}"
            _refuse(key, value, expected + (" or 'off'" if off else ""))

    return check


def _one_of(*choices: str) -> Check:
    def check(key: str, value: str, target_group: TargetGroup) -> None:
        if value not in choices:
            _refuse(key, value, "it must be one of " + ", ".join(f"'{c}'" for c in choices))

    return check


def _slow_start(key: str, value: str, target_group: TargetGroup) -> None:
    if value != "0":
        _integer(30, 900)(key, value, target_group)


def _stickiness_type(key: str, value: str, target_group: TargetGroup) -> None:
    if value in STICKINESS_OF_OTHER_LOAD_BALANCERS:
        raise errors.InvalidConfigurationRequestException(
            f"Stickiness type '{value}' is not supported for target groups with the "
            f"{target_group.protocol} protocol"
        )
    _one_of("lb_cookie", "app_cookie")(key, value, target_group)


def _cookie_name(key: str, value: str, target_group: TargetGroup) -> None:
    if value and not COOKIE_NAME.fullmatch(value):
        _refuse(key, value, "a cookie name is letters, digits and !#$%&'*+-.^_`|~")
    if value.startswith(RESERVED_COOKIE_PREFIXES):
        _refuse(key, value, "names starting with AWSALB, AWSALBAPP or AWSALBTG are reserved")


#: key -> (default, check) for target groups of type instance or ip
INSTANCE_AND_IP: dict[str, tuple[str, Check]] = {
    "deregistration_delay.timeout_seconds": ("300", _integer(0, 3600)),
    "stickiness.enabled": ("false", _boolean),
    "stickiness.type": ("lb_cookie", _stickiness_type),
    "stickiness.lb_cookie.duration_seconds": ("86400", _integer(1, 604800)),
    "stickiness.app_cookie.cookie_name": ("", _cookie_name),
    "stickiness.app_cookie.duration_seconds": ("86400", _integer(1, 604800)),
    "slow_start.duration_seconds": ("0", _slow_start),
    "load_balancing.algorithm.type": (
        "round_robin",
        _one_of("round_robin", "least_outstanding_requests", "weighted_random"),
    ),
    "load_balancing.algorithm.anomaly_mitigation": ("off", _one_of("on", "off")),
    "load_balancing.cross_zone.enabled": (
        "use_load_balancer_configuration",
        _one_of("true", "false", "use_load_balancer_configuration"),
    ),
    "target_group_health.dns_failover.minimum_healthy_targets.count": (
        "1",
        _integer(1, MAX_TARGETS, off=True),
    ),
    "target_group_health.dns_failover.minimum_healthy_targets.percentage": (
        "off",
        _integer(1, 100, off=True),
    ),
    "target_group_health.unhealthy_state_routing.minimum_healthy_targets.count": (
        "1",
        _integer(1, MAX_TARGETS),
    ),
    "target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage": (
        "off",
        _integer(1, 100, off=True),
    ),
}
#: only for the protocol versions named
HTTP2_ONLY: dict[str, tuple[str, Check]] = {
    "waf.http2.traffic_inspection_behavior": (
        "inspect_immediately",
        _one_of("inspect_immediately", "inspect_after_sufficient_data"),
    ),
}
HTTP2_AND_GRPC: dict[str, tuple[str, Check]] = {
    "routing.http2.rst_stream_error_forwarding.enabled": ("false", _boolean),
}
LAMBDA: dict[str, tuple[str, Check]] = {
    "lambda.multi_value_headers.enabled": ("false", _boolean),
}


def attributes_of(target_group: TargetGroup) -> dict[str, tuple[str, Check]]:
    """The attributes a target group has: key -> (AWS's default, check of a value)."""
    if target_group.target_type == "lambda":
        return LAMBDA
    found = dict(INSTANCE_AND_IP)
    if target_group.protocol_version == "HTTP2":
        found.update(HTTP2_ONLY)
    if target_group.protocol_version in ("HTTP2", "GRPC"):
        found.update(HTTP2_AND_GRPC)
    return found


class TargetGroupAttributeOperations(Store):
    def describe_target_group_attributes(self, arn: str) -> dict[str, str]:
        target_group = self.target_group(arn)
        return self._target_group_attribute_values(target_group)

    def modify_target_group_attributes(
        self, arn: str, attributes: list[dict[str, Any]]
    ) -> dict[str, str]:
        """Set the attributes given, all checked before any is set; all the values."""
        target_group = self.target_group(arn)
        known = attributes_of(target_group)
        given: dict[str, str] = {}
        for number, attribute in enumerate(attributes, start=1):
            key, value = attribute.get("Key") or "", attribute.get("Value") or ""
            _check_key(key, number)
            if key not in known:
                raise validation_error(f"Target group attribute key '{key}' is not recognized")
            known[key][1](key, value, target_group)
            given[key] = value
        values = {**self._target_group_attribute_values(target_group), **given}
        _check_together(values)
        stored = self.target_group_attribute_values.setdefault(target_group.arn, {})
        stored.update(given)
        return values

    def deregistration_delay(self, target_group_arn: str) -> int:
        """How long (seconds) a deregistered target of the target group drains."""
        values = self._target_group_attribute_values(self.target_group(target_group_arn))
        return int(values.get("deregistration_delay.timeout_seconds", "0"))

    def target_group_deleted(self, target_group: TargetGroup) -> None:
        super().target_group_deleted(target_group)
        self.target_group_attribute_values.pop(target_group.arn, None)

    def _target_group_attribute_values(self, target_group: TargetGroup) -> dict[str, str]:
        stored = self.target_group_attribute_values.get(target_group.arn, {})
        return {
            key: stored.get(key, default)
            for key, (default, _) in attributes_of(target_group).items()
        }


def _check_key(key: str, number: int) -> None:
    member = f"attributes.{number}.member.key"
    if len(key) > MAX_KEY_LENGTH:
        raise validation_error(
            f"1 validation error detected: Value '{key}' at '{member}' failed to satisfy "
            f"constraint: Member must have length less than or equal to {MAX_KEY_LENGTH}"
        )
    if not KEY.fullmatch(key):
        raise validation_error(
            f"1 validation error detected: Value '{key}' at '{member}' failed to satisfy "
            f"constraint: Member must satisfy regular expression pattern: {KEY.pattern}"
        )


def _check_together(values: dict[str, str]) -> None:
    """The rules between attributes of instance and ip target groups."""
    if "stickiness.type" not in values:
        return
    algorithm = values["load_balancing.algorithm.type"]
    if (
        values["stickiness.enabled"] == "true"
        and values["stickiness.type"] == "app_cookie"
        and not values["stickiness.app_cookie.cookie_name"]
    ):
        raise errors.InvalidConfigurationRequestException(
            "An application cookie name (stickiness.app_cookie.cookie_name) must be set to "
            "enable stickiness of type 'app_cookie'"
        )
    if values["load_balancing.algorithm.anomaly_mitigation"] == "on" and (
        algorithm != "weighted_random"
    ):
        raise errors.InvalidConfigurationRequestException(
            "Anomaly mitigation (load_balancing.algorithm.anomaly_mitigation) is only "
            "available with the 'weighted_random' load balancing algorithm"
        )
    if values["slow_start.duration_seconds"] != "0" and algorithm == "weighted_random":
        raise errors.InvalidConfigurationRequestException(
            "Slow start (slow_start.duration_seconds) cannot be used with the "
            "'weighted_random' load balancing algorithm"
        )
