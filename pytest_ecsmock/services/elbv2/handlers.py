"""ELBv2 operations: decoded parameters in, result dicts out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from pytest_ecsmock.services.base import Params, Result, ServiceDef
from pytest_ecsmock.services.elbv2.backend import Elbv2Backend
from pytest_ecsmock.services.elbv2.target_groups import HEALTH_CHECK_PARAMETERS, TargetGroup
from pytest_ecsmock.services.elbv2.validation import (
    check_range,
    reject_unsupported,
    tag_list,
    tags_from_params,
    validation_error,
)
from pytest_ecsmock.services.paging import BadToken, paginate

service: ServiceDef[Elbv2Backend] = ServiceDef("elbv2", Elbv2Backend)

MAX_PAGE_SIZE = 400


class _Listed(Protocol):
    sequence: int


T = TypeVar("T", bound=_Listed)


def _page(items: Sequence[T], params: Params) -> tuple[list[T], str | None]:
    size = params.get("PageSize")
    if size is not None:
        check_range(size, 1, MAX_PAGE_SIZE, "pageSize")
    try:
        return paginate(
            items,
            max_results=size,
            token=params.get("Marker"),
            default=MAX_PAGE_SIZE,
            key=lambda item: f"{item.sequence:012d}",
        )
    except BadToken:
        raise validation_error(f"The marker '{params.get('Marker')}' is not valid") from None


# ---------------------------------------------------------------------- load balancers


@service.operation("CreateLoadBalancer")
def create_load_balancer(elbv2: Elbv2Backend, params: Params) -> Result:
    reject_unsupported(
        params, ("CustomerOwnedIpv4Pool", "EnablePrefixForIpv6SourceNat", "IpamPools")
    )
    load_balancer = elbv2.create_load_balancer(
        params["Name"],
        subnets=params.get("Subnets"),
        subnet_mappings=params.get("SubnetMappings"),
        security_groups=params.get("SecurityGroups"),
        scheme=params.get("Scheme"),
        kind=params.get("Type"),
        ip_address_type=params.get("IpAddressType"),
        tags=tags_from_params(params.get("Tags")),
    )
    return {"LoadBalancers": [load_balancer.describe()]}


@service.operation("DescribeLoadBalancers")
def describe_load_balancers(elbv2: Elbv2Backend, params: Params) -> Result:
    found = elbv2.describe_load_balancers(params.get("LoadBalancerArns"), params.get("Names"))
    page, marker = _page(found, params)
    return {"LoadBalancers": [lb.describe() for lb in page], "NextMarker": marker}


@service.operation("DeleteLoadBalancer")
def delete_load_balancer(elbv2: Elbv2Backend, params: Params) -> Result:
    elbv2.delete_load_balancer(params["LoadBalancerArn"])
    return {}


@service.operation("SetSecurityGroups")
def set_security_groups(elbv2: Elbv2Backend, params: Params) -> Result:
    load_balancer = elbv2.set_security_groups(
        params["LoadBalancerArn"],
        params["SecurityGroups"],
        params.get("EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"),
    )
    return {"SecurityGroupIds": list(load_balancer.security_groups)}


@service.operation("SetSubnets")
def set_subnets(elbv2: Elbv2Backend, params: Params) -> Result:
    reject_unsupported(params, ("EnablePrefixForIpv6SourceNat",))
    load_balancer = elbv2.set_subnets(
        params["LoadBalancerArn"],
        subnets=params.get("Subnets"),
        subnet_mappings=params.get("SubnetMappings"),
        ip_address_type=params.get("IpAddressType"),
    )
    return {
        "AvailabilityZones": load_balancer.availability_zones(),
        "IpAddressType": load_balancer.ip_address_type,
    }


@service.operation("SetIpAddressType")
def set_ip_address_type(elbv2: Elbv2Backend, params: Params) -> Result:
    load_balancer = elbv2.set_ip_address_type(params["LoadBalancerArn"], params["IpAddressType"])
    return {"IpAddressType": load_balancer.ip_address_type}


# ---------------------------------------------------------------------- target groups


def _health_check(params: Params) -> dict[str, Any]:
    return {name: params[name] for name in HEALTH_CHECK_PARAMETERS if name in params}


@service.operation("CreateTargetGroup")
def create_target_group(elbv2: Elbv2Backend, params: Params) -> Result:
    reject_unsupported(params, ("TargetControlPort",))
    target_group = elbv2.create_target_group(
        params["Name"],
        target_type=params.get("TargetType"),
        protocol=params.get("Protocol"),
        port=params.get("Port"),
        vpc_id=params.get("VpcId"),
        protocol_version=params.get("ProtocolVersion"),
        ip_address_type=params.get("IpAddressType"),
        health_check=_health_check(params),
        tags=tags_from_params(params.get("Tags")),
    )
    return {"TargetGroups": [_target_group(elbv2, target_group)]}


def _target_group(elbv2: Elbv2Backend, target_group: TargetGroup) -> dict[str, Any]:
    return target_group.describe([lb.arn for lb in elbv2.load_balancers_of(target_group)])


@service.operation("DescribeTargetGroups")
def describe_target_groups(elbv2: Elbv2Backend, params: Params) -> Result:
    found = elbv2.describe_target_groups(
        load_balancer_arn=params.get("LoadBalancerArn"),
        arns=params.get("TargetGroupArns"),
        names=params.get("Names"),
    )
    page, marker = _page(found, params)
    return {"TargetGroups": [_target_group(elbv2, tg) for tg in page], "NextMarker": marker}


@service.operation("ModifyTargetGroup")
def modify_target_group(elbv2: Elbv2Backend, params: Params) -> Result:
    target_group = elbv2.modify_target_group(params["TargetGroupArn"], _health_check(params))
    return {"TargetGroups": [_target_group(elbv2, target_group)]}


@service.operation("DeleteTargetGroup")
def delete_target_group(elbv2: Elbv2Backend, params: Params) -> Result:
    elbv2.delete_target_group(params["TargetGroupArn"])
    return {}


# ---------------------------------------------------------------------- listeners


@service.operation("CreateListener")
def create_listener(elbv2: Elbv2Backend, params: Params) -> Result:
    _reject_tls_extras(params)
    listener = elbv2.create_listener(
        params["LoadBalancerArn"],
        default_actions=params["DefaultActions"],
        protocol=params.get("Protocol"),
        port=params.get("Port"),
        certificates=params.get("Certificates"),
        ssl_policy=params.get("SslPolicy"),
        tags=tags_from_params(params.get("Tags")),
    )
    return {"Listeners": [listener.describe()]}


def _reject_tls_extras(params: Params) -> None:
    if params.get("AlpnPolicy") is not None:
        raise validation_error("ALPN policies can only be specified for TLS listeners")
    reject_unsupported(params, ("MutualAuthentication",))


@service.operation("DescribeListeners")
def describe_listeners(elbv2: Elbv2Backend, params: Params) -> Result:
    found = elbv2.describe_listeners(params.get("LoadBalancerArn"), params.get("ListenerArns"))
    page, marker = _page(found, params)
    return {"Listeners": [listener.describe() for listener in page], "NextMarker": marker}


@service.operation("ModifyListener")
def modify_listener(elbv2: Elbv2Backend, params: Params) -> Result:
    _reject_tls_extras(params)
    listener = elbv2.modify_listener(
        params["ListenerArn"],
        port=params.get("Port"),
        protocol=params.get("Protocol"),
        ssl_policy=params.get("SslPolicy"),
        certificates=params.get("Certificates"),
        default_actions=params.get("DefaultActions"),
    )
    return {"Listeners": [listener.describe()]}


@service.operation("DeleteListener")
def delete_listener(elbv2: Elbv2Backend, params: Params) -> Result:
    elbv2.delete_listener(params["ListenerArn"])
    return {}


# ---------------------------------------------------------------------- tags


@service.operation("AddTags")
def add_tags(elbv2: Elbv2Backend, params: Params) -> Result:
    elbv2.add_tags(params["ResourceArns"], tags_from_params(params["Tags"]))
    return {}


@service.operation("RemoveTags")
def remove_tags(elbv2: Elbv2Backend, params: Params) -> Result:
    elbv2.remove_tags(params["ResourceArns"], params["TagKeys"])
    return {}


@service.operation("DescribeTags")
def describe_tags(elbv2: Elbv2Backend, params: Params) -> Result:
    described = elbv2.describe_tags(params["ResourceArns"])
    return {
        "TagDescriptions": [{"ResourceArn": arn, "Tags": tag_list(tags)} for arn, tags in described]
    }


# Operations registered on `service` by other modules.
from pytest_ecsmock.services.elbv2 import (  # noqa: E402, F401
    attribute_handlers,
    certificate_handlers,
    rule_handlers,
    target_handlers,
)
