"""A CreateCluster request read into a cluster's configuration: checked, with AWS's
defaults filled in. Nothing here changes state; the backend commits the result."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

from pytest_ecsmock.services.base import Params
from pytest_ecsmock.services.eks import errors
from pytest_ecsmock.services.eks.validation import (
    check_cluster_name,
    check_enum,
    check_kms_key_arn,
    check_role_arn,
    check_tags,
    check_version,
    constraint_message,
    parse_cidr,
)
from pytest_ecsmock.services.network import NetworkBackend, Subnet, UnknownSubnet

LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
AUTHENTICATION_MODES = ("API", "API_AND_CONFIG_MAP", "CONFIG_MAP")
SUPPORT_TYPES = ("STANDARD", "EXTENDED")
IP_FAMILIES = ("ipv4", "ipv6")
CONTROL_PLANE_TIERS = ("standard", "tier-xl", "tier-2xl", "tier-4xl", "tier-8xl")
MAX_SECURITY_GROUPS = 5
PRIVATE_RANGES = tuple(
    ipaddress.IPv4Network(block) for block in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)
#: parameters of CreateCluster the mock does not simulate yet, and why
NOT_SUPPORTED = {
    "outpostConfig": "local clusters on AWS Outposts are not simulated",
}
#: sections the cluster keeps as given and shows back in DescribeCluster
ECHOED = ("zonalShiftConfig", "remoteNetworkConfig", "computeConfig", "storageConfig")


@dataclass
class VpcConfig:
    subnet_ids: list[str]
    security_group_ids: list[str]
    vpc_id: str
    endpoint_public_access: bool
    endpoint_private_access: bool
    public_access_cidrs: list[str]

    def describe(self, cluster_security_group_id: str | None) -> dict[str, Any]:
        return {
            "subnetIds": list(self.subnet_ids),
            "securityGroupIds": list(self.security_group_ids),
            "clusterSecurityGroupId": cluster_security_group_id,
            "vpcId": self.vpc_id,
            "endpointPublicAccess": self.endpoint_public_access,
            "endpointPrivateAccess": self.endpoint_private_access,
            "publicAccessCidrs": list(self.public_access_cidrs),
        }


@dataclass
class ClusterConfig:
    name: str
    version: str
    role_arn: str
    vpc: VpcConfig
    #: the subnets used, for the network registry to remember once the cluster exists
    subnets: list[Subnet]
    kubernetes_network: dict[str, Any]
    logging: list[dict[str, Any]]
    access: dict[str, Any]
    upgrade_policy: dict[str, Any]
    tags: dict[str, str]
    deletion_protection: bool
    bootstrap_self_managed_addons: bool
    #: sections kept as given (encryptionConfig, zonalShiftConfig, ...)
    echoed: dict[str, Any] = field(default_factory=dict)


def read_create_request(
    params: Params, *, network: NetworkBackend, supported_versions: list[str], default_version: str
) -> ClusterConfig:
    for name, why in NOT_SUPPORTED.items():
        if params.get(name) is not None:
            raise errors.InvalidParameterException(
                f"{name} is not supported by pytest-ecsmock yet ({why})."
            )
    name = params["name"]
    check_cluster_name(name)
    check_role_arn(params["roleArn"])
    version = params.get("version") or default_version
    check_version(version, supported_versions)
    tags = dict(params.get("tags") or {})
    check_tags(tags)
    ip_family = _kubernetes_network(params).get("ipFamily") or "ipv4"
    check_enum(ip_family, IP_FAMILIES, "kubernetesNetworkConfig.ipFamily")
    vpc, subnets = read_vpc_config(params["resourcesVpcConfig"], network, ipv6=ip_family == "ipv6")
    access = read_access_config(params.get("accessConfig") or {})
    upgrade = params.get("upgradePolicy") or {}
    check_enum(upgrade.get("supportType"), SUPPORT_TYPES, "upgradePolicy.supportType")
    echoed = read_echoed_sections(params)
    check_auto_mode(params)
    return ClusterConfig(
        name=name,
        version=version,
        role_arn=params["roleArn"],
        vpc=vpc,
        subnets=subnets,
        kubernetes_network=read_kubernetes_network(params, network.vpc_cidr(vpc.vpc_id)),
        logging=read_logging(params.get("logging") or {}),
        access=access,
        upgrade_policy={"supportType": upgrade.get("supportType") or "EXTENDED"},
        tags=tags,
        deletion_protection=bool(params.get("deletionProtection", False)),
        bootstrap_self_managed_addons=bool(params.get("bootstrapSelfManagedAddons", True)),
        echoed=echoed,
    )


def read_vpc_config(
    request: dict[str, Any], network: NetworkBackend, *, ipv6: bool
) -> tuple[VpcConfig, list[Subnet]]:
    subnet_ids = list(request.get("subnetIds") or [])
    if not subnet_ids:
        raise errors.InvalidParameterException("Subnet Id is required")
    try:
        subnets = network.lookup(subnet_ids)
    except UnknownSubnet as unknown:
        raise errors.InvalidParameterException(
            f"The subnet ID '{unknown.subnet_id}' does not exist (Service: AmazonEC2; "
            "Status Code: 400; Error Code: InvalidSubnetID.NotFound)"
        ) from None
    vpcs = sorted({subnet.vpc_id for subnet in subnets})
    if len(vpcs) > 1:
        raise errors.InvalidParameterException(
            f"Subnets specified must belong to the same VPC; they are in {', '.join(vpcs)}"
        )
    if len({subnet.availability_zone for subnet in subnets}) < 2:
        raise errors.InvalidParameterException(
            "Subnets specified must be in at least two different AZs"
        )
    vpc_id = vpcs[0]
    groups = list(request.get("securityGroupIds") or [])
    check_security_groups(groups, network, vpc_id)
    public = request.get("endpointPublicAccess")
    private = request.get("endpointPrivateAccess")
    public = True if public is None else public
    private = False if private is None else private
    if not public and not private:
        raise errors.InvalidParameterException(
            "Either endpointPublicAccess or endpointPrivateAccess must be true: a cluster's "
            "Kubernetes API server endpoint cannot be closed to both"
        )
    cidrs = request.get("publicAccessCidrs")
    if cidrs is None:
        cidrs = ["0.0.0.0/0", "::/0"] if ipv6 else ["0.0.0.0/0"]
    for cidr in cidrs:
        parse_cidr(cidr, ipv6=ipv6)
    vpc = VpcConfig(subnet_ids, groups, vpc_id, public, private, list(cidrs))
    return vpc, subnets


def check_security_groups(groups: list[str], network: NetworkBackend, vpc_id: str) -> None:
    if len(groups) > MAX_SECURITY_GROUPS:
        raise errors.InvalidParameterException(
            f"You can specify at most {MAX_SECURITY_GROUPS} security groups; "
            f"{len(groups)} were given"
        )
    for group in groups:
        if not network.is_security_group_id(group):
            raise errors.InvalidParameterException(
                f"The security group '{group}' does not exist (Service: AmazonEC2; "
                "Status Code: 400; Error Code: InvalidGroup.NotFound)"
            )
    elsewhere = [g for g in groups if network.security_group_vpc(g) not in (None, vpc_id)]
    if elsewhere:
        raise errors.InvalidParameterException(
            f"Security group(s) [{', '.join(elsewhere)}] are not in the same VPC as the "
            f"subnets. Please specify a security group that is associated with the VPC: "
            f"{vpc_id}."
        )


def _kubernetes_network(params: Params) -> dict[str, Any]:
    found: dict[str, Any] = params.get("kubernetesNetworkConfig") or {}
    return found


def read_kubernetes_network(params: Params, vpc_cidr: str | None) -> dict[str, Any]:
    """The cluster's kubernetesNetworkConfig (an IPv6 cluster's service CIDR is added
    by the backend, which owns the identifiers)."""
    request = _kubernetes_network(params)
    ip_family = request.get("ipFamily") or "ipv4"
    cidr = request.get("serviceIpv4Cidr")
    result: dict[str, Any] = {"ipFamily": ip_family}
    if ip_family == "ipv6":
        if cidr is not None:
            raise errors.InvalidParameterException(
                "serviceIpv4Cidr cannot be specified when ipFamily is ipv6: Kubernetes "
                "assigns service addresses from an IPv6 unique local range"
            )
    elif cidr is not None:
        check_service_cidr(cidr, vpc_cidr)
        result["serviceIpv4Cidr"] = cidr
    else:
        result["serviceIpv4Cidr"] = default_service_cidr(vpc_cidr)
    balancing = request.get("elasticLoadBalancing")
    if balancing is not None:
        result["elasticLoadBalancing"] = {"enabled": bool(balancing.get("enabled", False))}
    return result


def default_service_cidr(vpc_cidr: str | None) -> str:
    """AWS's choice when none is given: 172.20.0.0/16 when the VPC uses 10.0.0.0/8,
    10.100.0.0/16 otherwise."""
    if vpc_cidr and ipaddress.IPv4Network(vpc_cidr).overlaps(PRIVATE_RANGES[0]):
        return "172.20.0.0/16"
    return "10.100.0.0/16"


def check_service_cidr(cidr: str, vpc_cidr: str | None) -> None:
    network = parse_cidr(cidr)
    assert isinstance(network, ipaddress.IPv4Network)
    if not any(network.subnet_of(block) for block in PRIVATE_RANGES):
        raise errors.InvalidParameterException(
            f"serviceIpv4Cidr {cidr} must be within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"
        )
    if not 12 <= network.prefixlen <= 24:
        raise errors.InvalidParameterException(
            f"serviceIpv4Cidr {cidr} must have a prefix between /12 and /24"
        )
    if vpc_cidr and network.overlaps(ipaddress.IPv4Network(vpc_cidr)):
        raise errors.InvalidParameterException(
            f"serviceIpv4Cidr {cidr} overlaps the CIDR block {vpc_cidr} of the cluster's VPC"
        )


def read_logging(request: dict[str, Any]) -> list[dict[str, Any]]:
    """clusterLogging as AWS shows it: the enabled types, then the disabled ones."""
    enabled: set[str] = set()
    disabled: set[str] = set()
    for index, setup in enumerate(request.get("clusterLogging") or []):
        on = bool(setup.get("enabled", False))
        for log_type in setup.get("types") or []:
            check_enum(log_type, LOG_TYPES, f"logging.clusterLogging.{index + 1}.types")
            if log_type in (disabled if on else enabled):
                raise errors.InvalidParameterException(
                    f"The log type {log_type} cannot be both enabled and disabled"
                )
            (enabled if on else disabled).add(log_type)
    groups = []
    if enabled:
        groups.append({"types": [t for t in LOG_TYPES if t in enabled], "enabled": True})
    rest = [t for t in LOG_TYPES if t not in enabled]
    if rest:
        groups.append({"types": rest, "enabled": False})
    return groups


def read_access_config(request: dict[str, Any]) -> dict[str, Any]:
    mode = request.get("authenticationMode")
    check_enum(mode, AUTHENTICATION_MODES, "accessConfig.authenticationMode")
    bootstrap = request.get("bootstrapClusterCreatorAdminPermissions")
    return {
        "bootstrapClusterCreatorAdminPermissions": True if bootstrap is None else bootstrap,
        "authenticationMode": mode or "CONFIG_MAP",
    }


def read_echoed_sections(params: Params) -> dict[str, Any]:
    echoed: dict[str, Any] = {}
    encryption = params.get("encryptionConfig")
    if encryption:
        check_encryption(encryption)
        echoed["encryptionConfig"] = encryption
    scaling = params.get("controlPlaneScalingConfig")
    if scaling is not None:
        check_enum(scaling.get("tier"), CONTROL_PLANE_TIERS, "controlPlaneScalingConfig.tier")
        echoed["controlPlaneScalingConfig"] = {"tier": scaling.get("tier") or "standard"}
    remote = params.get("remoteNetworkConfig")
    if remote is not None:
        check_remote_networks(remote)
    for name in ECHOED:
        if params.get(name) is not None:
            echoed[name] = params[name]
    return echoed


def check_encryption(encryption: list[dict[str, Any]]) -> None:
    if len(encryption) > 1:
        raise errors.InvalidParameterException(
            constraint_message(
                "[...]", "encryptionConfig", "Member must have length less than or equal to 1"
            )
        )
    for config in encryption:
        if config.get("resources") != ["secrets"]:
            raise errors.InvalidParameterException(
                "Encryption can only be enabled for the resource 'secrets': set "
                "encryptionConfig resources to ['secrets']"
            )
        check_kms_key_arn((config.get("provider") or {}).get("keyArn"))


def check_remote_networks(remote: dict[str, Any]) -> None:
    for kind in ("remoteNodeNetworks", "remotePodNetworks"):
        networks = remote.get(kind) or []
        if len(networks) > 1:
            raise errors.InvalidParameterException(
                constraint_message(
                    "[...]",
                    f"remoteNetworkConfig.{kind}",
                    "Member must have length less than or equal to 1",
                )
            )
        for entry in networks:
            for cidr in entry.get("cidrs") or []:
                parse_cidr(cidr)


def check_auto_mode(params: Params) -> None:
    """EKS Auto Mode is on or off as a whole: compute, block storage and load balancing."""
    switches = (
        (params.get("computeConfig") or {}).get("enabled"),
        ((params.get("storageConfig") or {}).get("blockStorage") or {}).get("enabled"),
        (_kubernetes_network(params).get("elasticLoadBalancing") or {}).get("enabled"),
    )
    if len({bool(switch) for switch in switches}) > 1:
        raise errors.InvalidParameterException(
            "For EKS Auto Mode, please ensure that all required configs, including "
            "computeConfig, kubernetesNetworkConfig, and blockStorage are all either fully "
            "enabled or fully disabled."
        )
