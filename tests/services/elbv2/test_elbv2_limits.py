from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from elbv2_helpers import VPC, error_of, forward_to, refused

from pytest_ecsmock.services.base import service_def

#: AWS's default quotas (Quotas for your Application / Network / Gateway Load Balancers)
AWS_DEFAULTS = {
    "application-load-balancers": "50",
    "condition-values-per-alb-rule": "5",
    "condition-wildcards-per-alb-rule": "5",
    "gateway-load-balancers": "100",
    "gateway-load-balancers-per-vpc": "100",
    "geneve-target-groups": "100",
    "listeners-per-application-load-balancer": "50",
    "listeners-per-network-load-balancer": "50",
    "network-load-balancers": "50",
    "rules-per-application-load-balancer": "100",
    "target-groups": "3000",
    "target-groups-per-action-on-application-load-balancer": "5",
    "target-groups-per-action-on-network-load-balancer": "1",
    "target-groups-per-application-load-balancer": "100",
    "targets-per-application-load-balancer": "1000",
    "targets-per-availability-zone-per-gateway-load-balancer": "300",
    "targets-per-availability-zone-per-network-load-balancer": "500",
    "targets-per-network-load-balancer": "3000",
}


def limits(elbv2) -> dict[str, str]:
    return {limit["Name"]: limit["Max"] for limit in elbv2.describe_account_limits()["Limits"]}


def test_account_limits_are_aws_default_quotas_as_strings(elbv2):
    described = elbv2.describe_account_limits()
    assert "NextMarker" not in described
    assert [limit["Name"] for limit in described["Limits"]] == list(AWS_DEFAULTS)
    assert limits(elbv2) == AWS_DEFAULTS


def test_pages_of_limits(elbv2):
    first = elbv2.describe_account_limits(PageSize=5)
    assert [limit["Name"] for limit in first["Limits"]] == list(AWS_DEFAULTS)[:5]
    pages = elbv2.get_paginator("describe_account_limits").paginate(
        PaginationConfig={"PageSize": 4}
    )
    assert [limit["Name"] for page in pages for limit in page["Limits"]] == list(AWS_DEFAULTS)
    assert error_of(refused(elbv2.describe_account_limits, PageSize=401))[0] == "ValidationError"


def test_the_listener_quota_reported_is_the_one_enforced(elbv2, load_balancer, target_group):
    quota = int(limits(elbv2)["listeners-per-application-load-balancer"])
    for port in range(1, quota + 1):
        elbv2.create_listener(
            LoadBalancerArn=load_balancer["LoadBalancerArn"],
            Protocol="HTTP",
            Port=port,
            DefaultActions=forward_to(target_group["TargetGroupArn"]),
        )
    caught = refused(
        elbv2.create_listener,
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=quota + 1,
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )
    assert error_of(caught)[0] == "TooManyListeners"


def test_the_target_groups_per_action_quota_reported_is_the_one_enforced(
    elbv2, load_balancer, target_group
):
    quota = int(limits(elbv2)["target-groups-per-action-on-application-load-balancer"])
    arns = [
        elbv2.create_target_group(
            Name=f"tg-{n}", Protocol="HTTP", Port=80, VpcId=VPC, TargetType="ip"
        )["TargetGroups"][0]["TargetGroupArn"]
        for n in range(quota + 1)
    ]

    def forward(count: int) -> list[dict[str, object]]:
        groups = [{"TargetGroupArn": arn} for arn in arns[:count]]
        return [{"Type": "forward", "ForwardConfig": {"TargetGroups": groups}}]

    listener = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward(quota),
    )["Listeners"][0]
    assert len(listener["DefaultActions"][0]["ForwardConfig"]["TargetGroups"]) == quota
    caught = refused(
        elbv2.modify_listener,
        ListenerArn=listener["ListenerArn"],
        DefaultActions=forward(quota + 1),
    )
    assert error_of(caught) == (
        "ValidationError",
        400,
        f"A forward action can have at most {quota} target groups",
    )


def test_every_operation_left_out_has_a_reason():
    served = service_def("elbv2")
    left_out = set(served.left_out)
    assert left_out == {
        "CreateTrustStore",
        "DeleteTrustStore",
        "DescribeTrustStores",
        "ModifyTrustStore",
        "GetTrustStoreCaCertificatesBundle",
        "GetTrustStoreRevocationContent",
        "AddTrustStoreRevocations",
        "RemoveTrustStoreRevocations",
        "DescribeTrustStoreRevocations",
        "DescribeTrustStoreAssociations",
        "DeleteSharedTrustStoreAssociation",
        "GetResourcePolicy",
        "DescribeCapacityReservation",
        "ModifyCapacityReservation",
        "ModifyIpPools",
    }
    assert not left_out & set(served.operations)
    assert "Trust stores and mutual TLS are not simulated" in served.left_out["GetResourcePolicy"]
    assert "capacity reservations" in served.left_out["ModifyCapacityReservation"]
    assert "IPAM pools are not simulated" in served.left_out["ModifyIpPools"]


@pytest.mark.filterwarnings("ignore::pytest_ecsmock.errors.EcsmockWarning")
@pytest.mark.parametrize(
    ("call", "request_", "reason"),
    [
        ("describe_trust_stores", {}, "Trust stores and mutual TLS are not simulated"),
        (
            "describe_capacity_reservation",
            {"LoadBalancerArn": "arn"},
            "Load balancer capacity reservations (reserved LCUs) are not simulated",
        ),
        ("modify_ip_pools", {"LoadBalancerArn": "arn"}, "IPAM pools are not simulated"),
    ],
)
def test_left_out_operations_answer_not_implemented_saying_why(
    elbv2, ecsmock, call, request_, reason
):
    with pytest.raises(ClientError) as caught:
        getattr(elbv2, call)(**request_)
    code, status, message = error_of(caught)
    assert (code, status) == ("NotImplemented", 501)
    assert reason in message
    assert [c.operation for c in ecsmock.unimplemented_calls()] == [
        "".join(part.capitalize() for part in call.split("_"))
    ]
