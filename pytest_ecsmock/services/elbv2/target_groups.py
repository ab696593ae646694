"""Target groups of application load balancers, and their health check settings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pytest_ecsmock.services.elbv2 import errors
from pytest_ecsmock.services.elbv2.store import Store
from pytest_ecsmock.services.elbv2.validation import (
    check_enum,
    check_length,
    check_name,
    check_range,
    not_supported,
    validation_error,
)
from pytest_ecsmock.services.network.records import VPC_ID

MAX_TARGET_GROUPS = 3000
TARGET_TYPES = ("instance", "ip", "lambda", "alb")
PROTOCOLS = ("HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE", "QUIC", "TCP_QUIC")
APPLICATION_PROTOCOLS = ("HTTP", "HTTPS")
PROTOCOL_VERSIONS = ("GRPC", "HTTP1", "HTTP2")
IP_ADDRESS_TYPES = ("ipv4", "ipv6")
HTTP_CODES = re.compile(r"^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$")
GRPC_CODES = re.compile(r"^\d{1,2}(-\d{1,2})?(,\d{1,2}(-\d{1,2})?)*$")
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


@dataclass
class TargetGroup:
    arn: str
    name: str
    target_type: str
    health_check: HealthCheck
    sequence: int
    protocol: str | None = None
    port: int | None = None
    vpc_id: str | None = None
    protocol_version: str | None = None
    ip_address_type: str | None = None
    tags: dict[str, str] = field(default_factory=dict)

    def settings(self) -> tuple[Any, ...]:
        """What must match for a second CreateTargetGroup to return this one."""
        return (
            self.target_type,
            self.protocol,
            self.port,
            self.vpc_id,
            self.protocol_version,
            self.ip_address_type,
            self.health_check,
        )

    def describe(self, load_balancer_arns: list[str]) -> dict[str, Any]:
        return {
            "TargetGroupArn": self.arn,
            "TargetGroupName": self.name,
            "Protocol": self.protocol,
            "Port": self.port,
            "VpcId": self.vpc_id,
            **self.health_check.describe(),
            "LoadBalancerArns": load_balancer_arns,
            "TargetType": self.target_type,
            "ProtocolVersion": self.protocol_version,
            "IpAddressType": self.ip_address_type,
        }


class TargetGroupOperations(Store):
    def create_target_group(
        self,
        name: str,
        *,
        target_type: str | None = None,
        protocol: str | None = None,
        port: int | None = None,
        vpc_id: str | None = None,
        protocol_version: str | None = None,
        ip_address_type: str | None = None,
        health_check: dict[str, Any] | None = None,
        tags: dict[str, str] | None = None,
    ) -> TargetGroup:
        """``health_check`` holds the health check parameters given (by their names
        in the API: HealthCheckPath, Matcher, ...)."""
        check_name(name, "Target group name")
        target_type = target_type or "instance"
        check_enum(target_type, TARGET_TYPES, "targetType")
        if target_type == "alb":
            raise not_supported("The target type 'alb' (for network load balancers)")
        if protocol is not None:
            check_enum(protocol, PROTOCOLS, "protocol")
            if protocol not in APPLICATION_PROTOCOLS:
                raise not_supported(
                    f"The target group protocol '{protocol}' (of network and gateway load "
                    "balancers)"
                )
        if target_type == "lambda":
            _refuse_for_lambda(
                protocol=protocol,
                port=port,
                vpc_id=vpc_id,
                protocol_version=protocol_version,
                ip_address_type=ip_address_type,
            )
        else:
            if protocol is None:
                raise validation_error("A protocol must be specified")
            if port is None:
                raise validation_error("A port must be specified")
            if vpc_id is None:
                raise validation_error("A VPC ID must be specified")
            check_range(port, 1, 65535, "port")
            if not VPC_ID.match(vpc_id):
                raise validation_error(f"The VPC ID '{vpc_id}' is not found")
            protocol_version = protocol_version or "HTTP1"
            check_enum(protocol_version, PROTOCOL_VERSIONS, "protocolVersion")
            ip_address_type = ip_address_type or "ipv4"
            check_enum(ip_address_type, IP_ADDRESS_TYPES, "ipAddressType")
        checks = _apply_health_check(
            default_health_check(target_type, protocol, protocol_version),
            health_check or {},
            target_type,
            protocol_version,
        )
        candidate = TargetGroup(
            arn="",
            name=name,
            target_type=target_type,
            health_check=checks,
            sequence=0,
            protocol=protocol,
            port=port,
            vpc_id=vpc_id,
            protocol_version=protocol_version,
            ip_address_type=ip_address_type,
            tags=dict(tags or {}),
        )
        existing = next((tg for tg in self.target_groups.values() if tg.name == name), None)
        if existing is not None:
            if existing.settings() != candidate.settings():
                raise errors.DuplicateTargetGroupNameException(
                    f"A target group with the same name '{name}' exists, but with different "
                    "settings"
                )
            return existing
        if len(self.target_groups) >= MAX_TARGET_GROUPS:
            raise errors.TooManyTargetGroupsException(
                f"The quota for the number of target groups has been reached ({MAX_TARGET_GROUPS})"
            )
        candidate.arn = self.arn(f"targetgroup/{name}/{self.context.ids.hex(16)}")
        candidate.sequence = self.next_sequence()
        self.target_groups[candidate.arn] = candidate
        return candidate

    def describe_target_groups(
        self,
        *,
        load_balancer_arn: str | None = None,
        arns: Sequence[str] | None = None,
        names: Sequence[str] | None = None,
    ) -> list[TargetGroup]:
        if sum(1 for given in (load_balancer_arn, arns, names) if given) > 1:
            raise validation_error(
                "Target group names, target group ARNs, and a load balancer ARN cannot be "
                "specified at the same time"
            )
        if load_balancer_arn:
            load_balancer = self.load_balancer(load_balancer_arn)
            return [
                tg
                for tg in self.target_groups.values()
                if load_balancer in self.load_balancers_of(tg)
            ]
        if arns:
            wanted = [self.target_group(arn) for arn in dict.fromkeys(arns)]
            return sorted(wanted, key=lambda tg: tg.sequence)
        if names:
            known = {tg.name for tg in self.target_groups.values()}
            missing = [n for n in dict.fromkeys(names) if n not in known]
            if missing:
                raise errors.TargetGroupNotFoundException(
                    f"Target groups '[{', '.join(missing)}]' not found"
                )
            return [tg for tg in self.target_groups.values() if tg.name in names]
        return list(self.target_groups.values())

    def modify_target_group(self, arn: str, health_check: dict[str, Any]) -> TargetGroup:
        target_group = self.target_group(arn)
        target_group.health_check = _apply_health_check(
            target_group.health_check,
            health_check,
            target_group.target_type,
            target_group.protocol_version,
        )
        return target_group

    def delete_target_group(self, arn: str) -> None:
        """Delete the target group; one already gone is not an error (as in AWS)."""
        self.check_arn(arn, "target group")
        target_group = self.target_groups.get(arn)
        if target_group is None:
            return
        if self.target_group_in_use(target_group):
            raise errors.ResourceInUseException(
                f"Target group '{arn}' is currently in use by a listener or a rule"
            )
        del self.target_groups[arn]
        self.target_group_deleted(target_group)


def _refuse_for_lambda(**given: Any) -> None:
    labels = {
        "protocol": "Protocol",
        "port": "Port",
        "vpc_id": "VPC ID",
        "protocol_version": "Protocol version",
        "ip_address_type": "IP address type",
    }
    for key, value in given.items():
        if value is not None:
            raise validation_error(
                f"{labels[key]} cannot be specified for target groups with target type 'lambda'"
            )


def _apply_health_check(
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
    if not port.isdigit() or not 1 <= int(port) <= 65535:
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
        if not GRPC_CODES.match(grpc_code) or any(
            int(code) > 99 for code in re.findall(r"\d+", grpc_code)
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
    if not HTTP_CODES.match(http_code) or any(
        not 200 <= int(code) <= 499 for code in re.findall(r"\d+", http_code)
    ):
        raise validation_error(
            f"Health check matcher HTTP code '{http_code}' must be within '200-499'"
        )
    return {"HttpCode": http_code}
