from __future__ import annotations

from typing import Any

import pytest
from elbv2_helpers import VPC


@pytest.fixture
def network(ecsmock):
    """Three subnets declared in VPC, one per zone, as EC2 would know them."""
    registry = ecsmock.backend("elbv2").network
    for letter in "abc":
        registry.add_subnet(
            f"subnet-0000000{letter}", vpc_id=VPC, availability_zone=f"us-east-1{letter}"
        )
    return ["subnet-0000000a", "subnet-0000000b", "subnet-0000000c"]


@pytest.fixture
def load_balancer(elbv2, network) -> dict[str, Any]:
    created = elbv2.create_load_balancer(Name="web", Subnets=network[:2])
    return created["LoadBalancers"][0]  # type: ignore[no-any-return]


@pytest.fixture
def target_group(elbv2) -> dict[str, Any]:
    created = elbv2.create_target_group(
        Name="web-targets", Protocol="HTTP", Port=8080, VpcId=VPC, TargetType="ip"
    )
    return created["TargetGroups"][0]  # type: ignore[no-any-return]
