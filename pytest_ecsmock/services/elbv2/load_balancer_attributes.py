"""Attributes of application load balancers (DescribeLoadBalancerAttributes,
ModifyLoadBalancerAttributes), with AWS's defaults and the values each takes."""

from __future__ import annotations

from typing import Any

from pytest_ecsmock.services.elbv2 import errors
from pytest_ecsmock.services.elbv2.attribute_values import (
    Check,
    boolean,
    bucket_name,
    free_text,
    given_pairs,
    integer,
    log_prefix,
    one_of,
    unrecognized,
)
from pytest_ecsmock.services.elbv2.load_balancers import LoadBalancer
from pytest_ecsmock.services.elbv2.store import Store
from pytest_ecsmock.services.elbv2.validation import validation_error

SUBJECT = "Load balancer"
DELETION_PROTECTION = "deletion_protection.enabled"
CROSS_ZONE = "load_balancing.cross_zone.enabled"
IPV6_DENY_IGW = "ipv6.deny_all_igw_traffic"
#: the attributes of an application load balancer, in the order they are listed:
#: key -> (default, check of a new value)
ATTRIBUTES: dict[str, tuple[str, Check]] = {
    "access_logs.s3.enabled": ("false", boolean),
    "access_logs.s3.bucket": ("", bucket_name),
    "access_logs.s3.prefix": ("", log_prefix),
    "idle_timeout.timeout_seconds": ("60", integer(1, 4000)),
    DELETION_PROTECTION: ("false", boolean),
    "routing.http2.enabled": ("true", boolean),
    "routing.http.drop_invalid_header_fields.enabled": ("false", boolean),
    "routing.http.xff_client_port.enabled": ("false", boolean),
    "routing.http.preserve_host_header.enabled": ("false", boolean),
    "routing.http.xff_header_processing.mode": ("append", one_of("append", "preserve", "remove")),
    CROSS_ZONE: ("true", boolean),
    "routing.http.desync_mitigation_mode": (
        "defensive",
        one_of("monitor", "defensive", "strictest"),
    ),
    "client_keep_alive.seconds": ("3600", integer(60, 604800)),
    "waf.fail_open.enabled": ("false", boolean),
    "routing.http.x_amzn_tls_version_and_cipher_suite.enabled": ("false", boolean),
    "routing.http.x_amzn_tls_kx.enabled": ("false", boolean),
    "zonal_shift.config.enabled": ("false", boolean),
    IPV6_DENY_IGW: ("false", boolean),
    "connection_logs.s3.enabled": ("false", boolean),
    "connection_logs.s3.bucket": ("", bucket_name),
    "connection_logs.s3.prefix": ("", log_prefix),
    "health_check_logs.s3.enabled": ("false", boolean),
    "health_check_logs.s3.bucket": ("", bucket_name),
    "health_check_logs.s3.prefix": ("", log_prefix),
}
#: keys AWS knows only for network or gateway load balancers
OTHER_TYPES_ONLY = ("dns_record.client_routing_policy", "secondary_ips.auto_assigned.per_subnet")
LOGS = ("access_logs", "connection_logs", "health_check_logs")
MAX_MODIFIED = 20


class LoadBalancerAttributeOperations(Store):
    def describe_load_balancer_attributes(self, arn: str) -> list[tuple[str, str]]:
        """All the attributes of the load balancer, as (key, value)."""
        load_balancer = self.load_balancer(arn)
        return list(self._attribute_values(load_balancer).items())

    def modify_load_balancer_attributes(
        self, arn: str, attributes: list[dict[str, Any]]
    ) -> list[tuple[str, str]]:
        """Change the attributes given (all checked first); returns all attributes."""
        load_balancer = self.load_balancer(arn)
        if len(attributes) > MAX_MODIFIED:
            raise validation_error(
                f"1 validation error detected: Value '{len(attributes)} attributes' at "
                f"'attributes' failed to satisfy constraint: Member must have length less than "
                f"or equal to {MAX_MODIFIED}"
            )
        changes = given_pairs(attributes, SUBJECT)
        for key, value in changes.items():
            _check(key, value)
        merged = {**self._attribute_values(load_balancer), **changes}
        _check_logs(merged)
        load_balancer.deletion_protection = merged.pop(DELETION_PROTECTION) == "true"
        defaults = _defaults(load_balancer)
        self.load_balancer_attributes[load_balancer.arn] = {
            key: value for key, value in merged.items() if value != defaults[key]
        }
        return list(self._attribute_values(load_balancer).items())

    def _attribute_values(self, load_balancer: LoadBalancer) -> dict[str, str]:
        values = {**_defaults(load_balancer)}
        values.update(self.load_balancer_attributes.get(load_balancer.arn, {}))
        values[DELETION_PROTECTION] = "true" if load_balancer.deletion_protection else "false"
        return values


def _defaults(load_balancer: LoadBalancer) -> dict[str, str]:
    defaults = {key: default for key, (default, _) in ATTRIBUTES.items()}
    defaults[IPV6_DENY_IGW] = "true" if load_balancer.scheme == "internal" else "false"
    return defaults


def _check(key: str, value: str) -> None:
    if key in OTHER_TYPES_ONLY:
        raise errors.InvalidConfigurationRequestException(
            f"Load balancer attribute key '{key}' is not supported on load balancers with type "
            "'application'"
        )
    known = ATTRIBUTES.get(key)
    if known is None:
        raise unrecognized(key, SUBJECT)
    known[1](key, value)
    free_text(1024)(key, value)
    if key == CROSS_ZONE and value == "false":
        raise errors.InvalidConfigurationRequestException(
            f"Load balancer attribute '{CROSS_ZONE}' cannot be 'false' for application load "
            "balancers: cross-zone load balancing is always on for them"
        )


def _check_logs(values: dict[str, str]) -> None:
    for logs in LOGS:
        if values[f"{logs}.s3.enabled"] == "true" and not values[f"{logs}.s3.bucket"]:
            raise errors.InvalidConfigurationRequestException(
                f"'{logs}.s3.bucket' must be specified when '{logs}.s3.enabled' is 'true'"
            )
