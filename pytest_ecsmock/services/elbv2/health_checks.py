"""The health check settings of a target group (CreateTargetGroup, ModifyTargetGroup):
AWS's defaults, and the checks of the values given."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from pytest_ecsmock.services.elbv2.attribute_values import is_whole_number
from pytest_ecsmock.services.elbv2.validation import (
    check_enum,
    check_length,
    check_range,
    validation_error,
)

PROTOCOLS = ("HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE", "QUIC", "TCP_QUIC")
APPLICATION_PROTOCOLS = ("HTTP", "HTTPS")
#: ASCII digits only (``\d`` also takes "٢٠٠")
HTTP_CODES = re.compile(r"[0-9]{3}(-[0-9]{3})?(,[0-9]{3}(-[0-9]{3})?)*")
GRPC_CODES = re.compile(r"[0-9]{1,2}(-[0-9]{1,2})?(,[0-9]{1,2}(-[0-9]{1,2})?)*")
#: health check parameter -> HealthCheck field
HEALTH_CHECK_PARAMETERS = {
    "HealthCheckEnabled": "enabled",
    "HealthCheckProtocol": "protocol",
    "HealthCheckPort": "port",
    "HealthCheckPath": "path",
    "HealthCheckIntervalSeconds": "interval",
    "HealthCheckTimeoutSeconds": "timeout",
    "HealthyThresholdCount": "healthy_threshold",
    "UnhealthyThresholdCount": "unhealthy_threshold",
    "Matcher": "matcher",
}


@dataclass(frozen=True)
class HealthCheck:
    enabled: bool
    interval: int
    timeout: int
    healthy_threshold: int
    unhealthy_threshold: int
    path: str
    matcher: dict[str, str]
    #: None for lambda target groups, whose checks are invocations
    protocol: str | None = None
    port: str | None = None

    def describe(self) -> dict[str, Any]:
        return {
            "HealthCheckProtocol": self.protocol,
            "HealthCheckPort": self.port,
            "HealthCheckEnabled": self.enabled,
            "HealthCheckIntervalSeconds": self.interval,
            "HealthCheckTimeoutSeconds": self.timeout,
            "HealthyThresholdCount": self.healthy_threshold,
            "UnhealthyThresholdCount": self.unhealthy_threshold,
            "HealthCheckPath": self.path,
            "Matcher": dict(self.matcher),
        }


def default_health_check(
    target_type: str, protocol: str | None, version: str | None
) -> HealthCheck:
    """AWS's defaults for an application load balancer's target group."""
    if target_type == "lambda":
        return HealthCheck(False, 35, 30, 5, 5, "/", {"HttpCode": "200"})
    if version == "GRPC":
        return HealthCheck(
            True, 30, 5, 5, 2, "/AWS.ALB/healthcheck", {"GrpcCode": "12"}, protocol, "traffic-port"
        )
    return HealthCheck(True, 30, 5, 5, 2, "/", {"HttpCode": "200"}, protocol, "traffic-port")


def apply_health_check(
    current: HealthCheck, given: dict[str, Any], target_type: str, version: str | None
) -> HealthCheck:
    """``current`` with the health check parameters ``given``, checked as a whole."""
    changes = {HEALTH_CHECK_PARAMETERS[k]: v for k, v in given.items() if v is not None}
    if target_type == "lambda":
        for parameter in ("HealthCheckProtocol", "HealthCheckPort"):
            if given.get(parameter) is not None:
                raise validation_error(
                    f"{parameter} cannot be specified for target groups with target type 'lambda'"
                )
    elif changes.get("enabled") is False:
        raise validation_error(
            f"Health checks cannot be disabled for target groups with target type '{target_type}'"
        )
    if "protocol" in changes:
        check_enum(changes["protocol"], PROTOCOLS, "healthCheckProtocol")
        if changes["protocol"] not in APPLICATION_PROTOCOLS:
            raise validation_error(
                f"Health check protocol '{changes['protocol']}' is not supported for target "
                "groups of application load balancers; use HTTP or HTTPS"
            )
    if "port" in changes:
        _check_health_check_port(changes["port"])
    if "path" in changes:
        check_length(changes["path"], 1024, "healthCheckPath")
        if not changes["path"].startswith("/"):
            raise validation_error("A health check path must begin with a '/' character")
    if "matcher" in changes:
        changes["matcher"] = _matcher(changes["matcher"], version)
    check_range(changes.get("interval", current.interval), 5, 300, "healthCheckIntervalSeconds")
    check_range(changes.get("timeout", current.timeout), 2, 120, "healthCheckTimeoutSeconds")
    check_range(
        changes.get("healthy_threshold", current.healthy_threshold), 2, 10, "healthyThresholdCount"
    )
    check_range(
        changes.get("unhealthy_threshold", current.unhealthy_threshold),
        2,
        10,
        "unhealthyThresholdCount",
    )
    result = replace(current, **changes)
    if result.interval <= result.timeout:
        raise validation_error("Health check interval must be greater than the timeout.")
    return result


def _check_health_check_port(port: str) -> None:
    if port == "traffic-port":
        return
    if not is_whole_number(port) or not 1 <= int(port) <= 65535:
        raise validation_error(
            f"Health check port '{port}' must be 'traffic-port' or a port number from 1 to 65535"
        )


def _matcher(matcher: dict[str, Any], version: str | None) -> dict[str, str]:
    http_code, grpc_code = matcher.get("HttpCode"), matcher.get("GrpcCode")
    if version == "GRPC":
        if http_code is not None or grpc_code is None:
            raise validation_error(
                "A gRPC code (GrpcCode), not an HTTP code, must be specified as the matcher of "
                "a target group with the GRPC protocol version"
            )
        if not GRPC_CODES.fullmatch(grpc_code) or any(
            int(code) > 99 for code in re.findall(r"[0-9]+", grpc_code)
        ):
            raise validation_error(
                f"Health check matcher gRPC code '{grpc_code}' must be within '0-99'"
            )
        return {"GrpcCode": grpc_code}
    if grpc_code is not None or http_code is None:
        raise validation_error(
            "An HTTP code (HttpCode) must be specified as the matcher; gRPC codes are only for "
            "target groups with the GRPC protocol version"
        )
    if not HTTP_CODES.fullmatch(http_code) or any(
        not 200 <= int(code) <= 499 for code in re.findall(r"[0-9]+", http_code)
    ):
        raise validation_error(
            f"Health check matcher HTTP code '{http_code}' must be within '200-499'"
        )
    return {"HttpCode": http_code}
