"""ELBv2 load balancer and listener attribute operations."""

from __future__ import annotations

from pytest_ecsmock.services.base import Params, Result
from pytest_ecsmock.services.elbv2.backend import Elbv2Backend
from pytest_ecsmock.services.elbv2.handlers import service


def _attributes(pairs: list[tuple[str, str]]) -> Result:
    return {"Attributes": [{"Key": key, "Value": value} for key, value in pairs]}


@service.operation("DescribeLoadBalancerAttributes")
def describe_load_balancer_attributes(elbv2: Elbv2Backend, params: Params) -> Result:
    return _attributes(elbv2.describe_load_balancer_attributes(params["LoadBalancerArn"]))


@service.operation("ModifyLoadBalancerAttributes")
def modify_load_balancer_attributes(elbv2: Elbv2Backend, params: Params) -> Result:
    pairs = elbv2.modify_load_balancer_attributes(params["LoadBalancerArn"], params["Attributes"])
    return _attributes(pairs)


@service.operation("DescribeListenerAttributes")
def describe_listener_attributes(elbv2: Elbv2Backend, params: Params) -> Result:
    return _attributes(elbv2.describe_listener_attributes(params["ListenerArn"]))


@service.operation("ModifyListenerAttributes")
def modify_listener_attributes(elbv2: Elbv2Backend, params: Params) -> Result:
    pairs = elbv2.modify_listener_attributes(params["ListenerArn"], params["Attributes"])
    return _attributes(pairs)
