"""ELBv2 operations on targets, their health and target group attributes."""

from __future__ import annotations

from pytest_ecsmock.services.base import Params, Result
from pytest_ecsmock.services.elbv2.backend import Elbv2Backend
from pytest_ecsmock.services.elbv2.handlers import service


@service.operation("RegisterTargets")
def register_targets(elbv2: Elbv2Backend, params: Params) -> Result:
    elbv2.register_targets(params["TargetGroupArn"], params["Targets"])
    return {}


@service.operation("DeregisterTargets")
def deregister_targets(elbv2: Elbv2Backend, params: Params) -> Result:
    elbv2.deregister_targets(params["TargetGroupArn"], params["Targets"])
    return {}


@service.operation("DescribeTargetHealth")
def describe_target_health(elbv2: Elbv2Backend, params: Params) -> Result:
    found = elbv2.describe_target_health(
        params["TargetGroupArn"], params.get("Targets"), params.get("Include")
    )
    return {"TargetHealthDescriptions": found}


@service.operation("DescribeTargetGroupAttributes")
def describe_target_group_attributes(elbv2: Elbv2Backend, params: Params) -> Result:
    values = elbv2.describe_target_group_attributes(params["TargetGroupArn"])
    return {"Attributes": [{"Key": key, "Value": value} for key, value in values.items()]}


@service.operation("ModifyTargetGroupAttributes")
def modify_target_group_attributes(elbv2: Elbv2Backend, params: Params) -> Result:
    values = elbv2.modify_target_group_attributes(params["TargetGroupArn"], params["Attributes"])
    return {"Attributes": [{"Key": key, "Value": value} for key, value in values.items()]}
