"""Target groups of application load balancers (their health check settings are in
:mod:`~pytest_ecsmock.services.elbv2.health_checks`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pytest_ecsmock.services.elbv2 import errors
from pytest_ecsmock.services.elbv2.health_checks import (
    APPLICATION_PROTOCOLS,
    PROTOCOLS,
    HealthCheck,
    apply_health_check,
    default_health_check,
)
from pytest_ecsmock.services.elbv2.health_checks import (
    HEALTH_CHECK_PARAMETERS as HEALTH_CHECK_PARAMETERS,  # handlers.py takes it from here
)
from pytest_ecsmock.services.elbv2.store import Store
from pytest_ecsmock.services.elbv2.validation import (
    check_enum,
    check_name,
    check_range,
    not_supported,
    validation_error,
)
from pytest_ecsmock.services.network.records import VPC_ID

MAX_TARGET_GROUPS = 3000
TARGET_TYPES = ("instance", "ip", "lambda", "alb")
PROTOCOL_VERSIONS = ("GRPC", "HTTP1", "HTTP2")
IP_ADDRESS_TYPES = ("ipv4", "ipv6")


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
        checks = apply_health_check(
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
        target_group.health_check = apply_health_check(
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
