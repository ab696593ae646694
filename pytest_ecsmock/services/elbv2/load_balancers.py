"""Application load balancers: creation, provisioning, description and network settings."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pytest_ecsmock.services.elbv2 import errors
from pytest_ecsmock.services.elbv2.store import Store
from pytest_ecsmock.services.elbv2.validation import (
    check_enum,
    check_name,
    not_supported,
    validation_error,
)
from pytest_ecsmock.services.network import Subnet, UnknownSubnet

MAX_LOAD_BALANCERS = 50
IP_ADDRESS_TYPES = ("ipv4", "dualstack", "dualstack-without-public-ipv4")
SCHEMES = ("internet-facing", "internal")
LOAD_BALANCER_TYPES = ("application", "network", "gateway")
#: Route 53 hosted zone of application load balancers per region (AWS general reference)
HOSTED_ZONES = {
    "af-south-1": "Z268VQBMOI5EKX",
    "ap-east-1": "Z3DQVH9N71FHZ0",
    "ap-northeast-1": "Z14GRHDCWA56QT",
    "ap-northeast-2": "ZWKZPGTI48KDX",
    "ap-northeast-3": "Z5LXEXXYW11ES",
    "ap-south-1": "ZP97RAFLXTNZK",
    "ap-southeast-1": "Z1LMS91P8CMLE5",
    "ap-southeast-2": "Z1GM3OXH4ZPM65",
    "ca-central-1": "ZQSVJUPU6J1EY",
    "cn-north-1": "Z1GDH35T77C1KE",
    "cn-northwest-1": "ZM7IZAIOVVDZF",
    "eu-central-1": "Z215JYRZR1TBD5",
    "eu-north-1": "Z23TAZ6LKFMNIO",
    "eu-south-1": "Z3ULH7SSC9OV64",
    "eu-west-1": "Z32O12XQLNTSW2",
    "eu-west-2": "ZHURV8PSTC4K8",
    "eu-west-3": "Z3Q77PNBQS71R4",
    "me-south-1": "ZS929ML54UICD",
    "sa-east-1": "Z2P70J7HTTTPLU",
    "us-east-1": "Z35SXDOTRQ7X7K",
    "us-east-2": "Z3AADJGX6KTTL2",
    "us-gov-east-1": "Z166TLBEWOO7G0",
    "us-gov-west-1": "Z33AYJ8TM3BH4J",
    "us-west-1": "Z368ELLRRE2KJ0",
    "us-west-2": "Z1H1FL5HABSF5",
}


def hosted_zone_id(region: str) -> str:
    """The region's zone; for a region not in the table, a stable made-up one."""
    known = HOSTED_ZONES.get(region)
    if known is not None:
        return known
    digest = hashlib.sha256(f"{region}:alb-zone".encode()).hexdigest().upper()
    return "Z" + digest[:13]


@dataclass
class LoadBalancer:
    arn: str
    name: str
    type: str
    scheme: str
    dns_name: str
    hosted_zone_id: str
    created_time: datetime
    subnets: list[Subnet]
    security_groups: list[str]
    ip_address_type: str
    sequence: int
    state: str = "provisioning"
    tags: dict[str, str] = field(default_factory=dict)
    #: the ``deletion_protection.enabled`` attribute
    deletion_protection: bool = False

    @property
    def vpc_id(self) -> str:
        return self.subnets[0].vpc_id

    def settings(self) -> tuple[Any, ...]:
        """What must match for a second CreateLoadBalancer to return this one."""
        return (
            self.type,
            self.scheme,
            sorted(s.subnet_id for s in self.subnets),
            sorted(self.security_groups),
            self.ip_address_type,
        )

    def availability_zones(self) -> list[dict[str, Any]]:
        return [
            {
                "ZoneName": subnet.availability_zone,
                "SubnetId": subnet.subnet_id,
                "LoadBalancerAddresses": [],
            }
            for subnet in self.subnets
        ]

    def describe(self) -> dict[str, Any]:
        return {
            "LoadBalancerArn": self.arn,
            "DNSName": self.dns_name,
            "CanonicalHostedZoneId": self.hosted_zone_id,
            "CreatedTime": self.created_time,
            "LoadBalancerName": self.name,
            "Scheme": self.scheme,
            "VpcId": self.vpc_id,
            "State": {"Code": self.state},
            "Type": self.type,
            "AvailabilityZones": self.availability_zones(),
            "SecurityGroups": list(self.security_groups),
            "IpAddressType": self.ip_address_type,
        }


class LoadBalancerOperations(Store):
    def create_load_balancer(
        self,
        name: str,
        *,
        subnets: list[str] | None = None,
        subnet_mappings: list[dict[str, Any]] | None = None,
        security_groups: list[str] | None = None,
        scheme: str | None = None,
        kind: str | None = None,
        ip_address_type: str | None = None,
        tags: dict[str, str] | None = None,
    ) -> LoadBalancer:
        check_name(name, "The load balancer name")
        if name.lower().startswith("internal-"):
            raise validation_error(f"The load balancer name '{name}' cannot begin with 'internal-'")
        kind = kind or "application"
        check_enum(kind, LOAD_BALANCER_TYPES, "type")
        if kind != "application":
            raise not_supported(f"The load balancer type '{kind}'")
        scheme = scheme or "internet-facing"
        check_enum(scheme, SCHEMES, "scheme")
        ip_address_type = self._check_ip_address_type(ip_address_type or "ipv4", scheme)
        chosen = self._choose_subnets(subnets, subnet_mappings)
        vpc_id = chosen[0].vpc_id
        groups = self._security_groups(security_groups, vpc_id)
        tags = tags or {}

        existing = next((lb for lb in self.load_balancers.values() if lb.name == name), None)
        candidate = (
            kind,
            scheme,
            sorted(s.subnet_id for s in chosen),
            sorted(groups),
            ip_address_type,
        )
        if existing is not None:
            if existing.settings() != candidate:
                raise errors.DuplicateLoadBalancerNameException(
                    f"A load balancer with the same name '{name}' exists, but with "
                    "different settings"
                )
            return existing
        if len(self.load_balancers) >= MAX_LOAD_BALANCERS:
            raise errors.TooManyLoadBalancersException(
                "The quota for the number of load balancers has been reached "
                f"({MAX_LOAD_BALANCERS})"
            )

        region = self.context.region
        prefix = "internal-" if scheme == "internal" else ""
        domain = "elb.amazonaws.com"
        if self.context.partition == "aws-cn":
            domain += ".cn"
        load_balancer = LoadBalancer(
            arn=self.arn(f"loadbalancer/app/{name}/{self.context.ids.hex(16)}"),
            name=name,
            type=kind,
            scheme=scheme,
            dns_name=f"{prefix}{name}-{self.context.ids.digits(10)}.{region}.{domain}",
            hosted_zone_id=hosted_zone_id(region),
            created_time=self.context.clock.now(),
            subnets=chosen,
            security_groups=groups,
            ip_address_type=ip_address_type,
            sequence=self.next_sequence(),
            tags=dict(tags),
        )
        self.network.remember(chosen)
        self.load_balancers[load_balancer.arn] = load_balancer
        self.context.clock.after(self.provisioning_seconds, lambda: _activate(load_balancer))
        return load_balancer

    def describe_load_balancers(
        self, arns: Sequence[str] | None = None, names: Sequence[str] | None = None
    ) -> list[LoadBalancer]:
        """The load balancers asked for (all when neither ``arns`` nor ``names``)."""
        if arns and names:
            raise validation_error(
                "Load balancer names and load balancer ARNs cannot be specified at the same time"
            )
        if arns:
            wanted = [self.load_balancer(arn) for arn in dict.fromkeys(arns)]
            return sorted(wanted, key=lambda lb: lb.sequence)
        if names:
            missing = [n for n in dict.fromkeys(names) if not self._named(n)]
            if missing:
                raise errors.LoadBalancerNotFoundException(
                    f"Load balancers '[{', '.join(missing)}]' not found"
                )
            return [lb for lb in self.load_balancers.values() if lb.name in names]
        return list(self.load_balancers.values())

    def delete_load_balancer(self, arn: str) -> None:
        """Delete the load balancer, its listeners and their rules; a load balancer
        already gone is not an error (as in AWS)."""
        self.check_arn(arn, "load balancer")
        load_balancer = self.load_balancers.get(arn)
        if load_balancer is None:
            return
        if load_balancer.deletion_protection:
            raise errors.OperationNotPermittedException(
                f"Load balancer '{arn}' cannot be deleted because deletion protection is enabled"
            )
        for listener in self.listeners_of(load_balancer):
            self.drop_listener(listener)
        self.load_balancer_attributes.pop(arn, None)
        del self.load_balancers[arn]

    def set_security_groups(
        self, arn: str, security_groups: list[str], enforce_private_link: str | None = None
    ) -> LoadBalancer:
        load_balancer = self.load_balancer(arn)
        if enforce_private_link is not None:
            raise validation_error(
                "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic applies only to "
                "network load balancers"
            )
        if not security_groups:
            raise validation_error(
                "At least one security group must be specified for an application load balancer"
            )
        load_balancer.security_groups = self._check_security_groups(security_groups)
        return load_balancer

    def set_subnets(
        self,
        arn: str,
        *,
        subnets: list[str] | None = None,
        subnet_mappings: list[dict[str, Any]] | None = None,
        ip_address_type: str | None = None,
    ) -> LoadBalancer:
        load_balancer = self.load_balancer(arn)
        chosen = self._choose_subnets(subnets, subnet_mappings)
        if chosen[0].vpc_id != load_balancer.vpc_id:
            raise errors.InvalidSubnetException(
                f"The subnets must be in the VPC of the load balancer ({load_balancer.vpc_id}): "
                + ", ".join(f"{s.subnet_id} is in {s.vpc_id}" for s in chosen)
            )
        new_type = load_balancer.ip_address_type
        if ip_address_type is not None:
            new_type = self._check_ip_address_type(ip_address_type, load_balancer.scheme)
        self.network.remember(chosen)
        load_balancer.subnets = chosen
        load_balancer.ip_address_type = new_type
        return load_balancer

    def set_ip_address_type(self, arn: str, ip_address_type: str) -> LoadBalancer:
        load_balancer = self.load_balancer(arn)
        load_balancer.ip_address_type = self._check_ip_address_type(
            ip_address_type, load_balancer.scheme
        )
        return load_balancer

    # ------------------------------------------------------------------ helpers

    def _named(self, name: str) -> bool:
        return any(lb.name == name for lb in self.load_balancers.values())

    def _check_ip_address_type(self, ip_address_type: str, scheme: str) -> str:
        check_enum(ip_address_type, IP_ADDRESS_TYPES, "ipAddressType")
        if ip_address_type == "dualstack-without-public-ipv4" and scheme != "internet-facing":
            raise errors.InvalidConfigurationRequestException(
                "IP address type 'dualstack-without-public-ipv4' can only be used with "
                "internet-facing load balancers"
            )
        return ip_address_type

    def _choose_subnets(
        self, subnets: list[str] | None, subnet_mappings: list[dict[str, Any]] | None
    ) -> list[Subnet]:
        if subnets and subnet_mappings:
            raise validation_error("You can specify subnets or subnet mappings, but not both")
        ids = list(subnets or [])
        for mapping in subnet_mappings or []:
            extra = sorted(k for k, v in mapping.items() if k != "SubnetId" and v is not None)
            if extra:
                raise errors.InvalidConfigurationRequestException(
                    f"Application load balancers do not support {', '.join(extra)} in "
                    "subnet mappings"
                )
            if not mapping.get("SubnetId"):
                raise validation_error("A subnet ID must be specified in each subnet mapping")
            ids.append(mapping["SubnetId"])
        try:
            chosen = self.network.lookup(ids)
        except UnknownSubnet as unknown:
            raise errors.SubnetNotFoundException(
                f"The subnet ID '{unknown.subnet_id}' is not valid"
            ) from None
        vpcs = sorted({s.vpc_id for s in chosen})
        if len(vpcs) > 1:
            raise errors.InvalidSubnetException(
                "The subnets of a load balancer must all be in one VPC; they are in "
                + ", ".join(vpcs)
            )
        zones = [s.availability_zone for s in chosen]
        if len(set(zones)) != len(zones):
            raise errors.InvalidConfigurationRequestException(
                "A load balancer cannot be attached to multiple subnets in the same "
                "Availability Zone"
            )
        if len(zones) < 2:
            raise validation_error(
                "At least two subnets in two different Availability Zones must be specified"
            )
        return chosen

    def _security_groups(self, security_groups: list[str] | None, vpc_id: str) -> list[str]:
        if not security_groups:
            return [self.network.default_security_group(vpc_id)]
        return self._check_security_groups(security_groups)

    def _check_security_groups(self, group_ids: list[str]) -> list[str]:
        result: list[str] = []
        for group_id in group_ids:
            if not self.network.is_security_group_id(group_id):
                raise errors.InvalidSecurityGroupException(
                    f"The security group '{group_id}' does not exist"
                )
            if group_id not in result:
                result.append(group_id)
        return result


def _activate(load_balancer: LoadBalancer) -> None:
    if load_balancer.state == "provisioning":
        load_balancer.state = "active"
