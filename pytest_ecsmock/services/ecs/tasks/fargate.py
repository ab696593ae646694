"""``networkConfiguration`` of RunTask (awsvpc network mode) and the Fargate platform."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.params import check_at_most, check_enum
from pytest_ecsmock.services.network.records import NetworkProblem

if TYPE_CHECKING:
    from pytest_ecsmock.services.network import NetworkBackend, Subnet
    from pytest_ecsmock.services.network.records import NetworkInterface

SUBNET_ID = re.compile(r"^subnet-[0-9a-f]{8,17}\Z")
MAX_SUBNETS = 16
MAX_SECURITY_GROUPS = 5
PLATFORM_VERSIONS = {"LATEST": "1.4.0", "1.4.0": "1.4.0", "1.3.0": "1.3.0"}
NETWORK_REQUIRED = "Network Configuration must be provided when networkMode 'awsvpc' is specified."
NETWORK_NOT_VALID = (
    "Network Configuration is not valid for the given networkMode of this task definition."
)


@dataclass(frozen=True)
class AwsvpcConfiguration:
    subnets: tuple[Subnet, ...]
    security_groups: tuple[str, ...]
    assign_public_ip: str

    @property
    def zones(self) -> frozenset[str]:
        return frozenset(subnet.availability_zone for subnet in self.subnets)


def parse_network(
    network: NetworkBackend, params: dict[str, Any], network_mode: str, launch_type: str
) -> AwsvpcConfiguration | None:
    """The awsvpc configuration of the request; None for other network modes."""
    given = (params.get("networkConfiguration") or {}).get("awsvpcConfiguration")
    if network_mode != "awsvpc":
        if given is not None:
            raise errors.InvalidParameterException(NETWORK_NOT_VALID)
        return None
    if given is None:
        raise errors.InvalidParameterException(NETWORK_REQUIRED)
    subnet_ids = list(given.get("subnets", []))
    if not subnet_ids:
        raise errors.InvalidParameterException("subnets can not be empty.")
    check_at_most(subnet_ids, MAX_SUBNETS, "subnets")
    for subnet_id in subnet_ids:
        if not SUBNET_ID.match(subnet_id):
            raise errors.InvalidParameterException(
                f"Error retrieving subnet information for [{subnet_id}]: The subnet ID "
                f"'{subnet_id}' is malformed"
            )
    groups = list(given.get("securityGroups", []))
    check_at_most(groups, MAX_SECURITY_GROUPS, "securityGroups")
    assign = given.get("assignPublicIp", "DISABLED")
    check_enum(assign, ("ENABLED", "DISABLED"), "networkConfiguration.awsvpcConfiguration")
    if assign == "ENABLED" and launch_type != "FARGATE":
        raise errors.InvalidParameterException(
            "Assign public IP is not supported for this launch type."
        )
    try:
        subnets = network.lookup(dict.fromkeys(subnet_ids))
    except NetworkProblem as problem:
        raise errors.InvalidParameterException(
            f"Error retrieving subnet information for [{problem.subject}]: {problem.message}"
        ) from None
    vpcs = {subnet.vpc_id for subnet in subnets}
    if len(vpcs) > 1:
        raise errors.InvalidParameterException("Subnets must all belong to the same VPC.")
    vpc_id = subnets[0].vpc_id
    for group in groups:
        if not network.is_security_group_id(group):
            raise errors.InvalidParameterException(
                f"Error retrieving security group information for [{group}]: The security "
                f"group '{group}' does not exist"
            )
        if network.security_group_vpc(group) not in (None, vpc_id):
            raise errors.InvalidParameterException(
                "Security groups and subnets must belong to the same VPC."
            )
    if not groups:
        groups = [network.default_security_group(vpc_id)]
    return AwsvpcConfiguration(tuple(subnets), tuple(groups), assign)


def platform_version(params: dict[str, Any], launch_type: str) -> str | None:
    given = params.get("platformVersion")
    if launch_type != "FARGATE":
        if given is not None:
            raise errors.InvalidParameterException(
                "platformVersion is only valid for the FARGATE launch type."
            )
        return None
    found = PLATFORM_VERSIONS.get(given or "LATEST")
    if found is None:
        raise errors.PlatformUnknownException(
            f"The specified platform version ({given}) does not exist."
        )
    return found


def create_interfaces(
    network: NetworkBackend, subnets: list[Subnet], groups: tuple[str, ...], description: str
) -> list[NetworkInterface]:
    """One ENI per subnet given; all or none (an error deletes those made)."""
    made: list[NetworkInterface] = []
    try:
        for subnet in subnets:
            made.append(
                network.create_interface(
                    subnet.subnet_id, security_groups=groups, description=description
                )
            )
    except NetworkProblem as problem:
        for interface in made:
            network.delete_interface(interface.interface_id)
        raise errors.InvalidParameterException(problem.message) from None
    network.remember(subnets)
    return made
