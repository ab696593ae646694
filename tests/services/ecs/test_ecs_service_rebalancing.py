"""Availability Zone rebalancing: a steady service whose tasks crowd one zone moves
them, one at a time, to the zone with the fewest."""

from __future__ import annotations

from collections import Counter

import pytest
from ecs_helpers import REGION, raises_aws
from service_helpers import describe, messages, service_tasks, web_definition


@pytest.fixture(autouse=True)
def default_cluster(ecs):
    ecs.create_cluster(clusterName="default")


def zones(ecs):
    return Counter(task["availabilityZone"] for task in service_tasks(ecs))


def crowd_zone_a(ecs, ecsmock, **service):
    """Four tasks on the only instance (zone a); then an instance joins in zone b."""
    backend = ecsmock.backend("ecs")
    backend.join_instance("", "m5.large", availability_zone=f"{REGION}a")
    web_definition(ecs)
    ecs.create_service(serviceName="web", taskDefinition="web", desiredCount=4, **service)
    ecsmock.clock.advance(90)
    assert zones(ecs) == {f"{REGION}a": 4}
    backend.join_instance("", "m5.large", availability_zone=f"{REGION}b")


def test_tasks_move_to_the_zone_with_the_fewest(ecs, ecsmock):
    crowd_zone_a(ecs, ecsmock)
    assert describe(ecs)["availabilityZoneRebalancing"] == "ENABLED"
    for _ in range(600):
        ecsmock.clock.advance(1)
        running = [t for t in service_tasks(ecs) if t["lastStatus"] == "RUNNING"]
        assert len(running) >= 4  # minimumHealthyPercent 100: start first, then stop
        if zones(ecs) == {f"{REGION}a": 2, f"{REGION}b": 2}:
            break
    else:
        pytest.fail(f"not rebalanced: {zones(ecs)}")
    ecsmock.clock.advance(60)
    said = messages(describe(ecs))
    assert (
        f"(service web) is not AZ balanced with 4 tasks in {REGION}a and 0 tasks in {REGION}b. "
        "AZ Rebalancing in progress."
    ) in said
    assert any(
        m.startswith(f"(service web) has started 1 tasks in Availability Zone {REGION}b to AZ")
        for m in said
    )
    assert any(
        m.startswith(f"(service web) has stopped 1 running tasks in Availability Zone {REGION}a")
        and "due to AZ rebalancing: (task " in m
        for m in said
    )
    assert said[-1] == (
        f"(service web) is AZ balanced with 2 tasks in {REGION}a and 2 tasks in {REGION}b."
    )
    assert describe(ecs)["runningCount"] == 4


def test_without_rebalancing_the_tasks_stay(ecs, ecsmock):
    crowd_zone_a(ecs, ecsmock, availabilityZoneRebalancing="DISABLED")
    ecsmock.clock.advance(600)
    assert zones(ecs) == {f"{REGION}a": 4}


def test_binpack_services_do_not_rebalance(ecs, ecsmock):
    binpack = [{"type": "binpack", "field": "memory"}]
    crowd_zone_a(ecs, ecsmock, placementStrategy=binpack)
    assert describe(ecs)["availabilityZoneRebalancing"] == "DISABLED"
    ecsmock.clock.advance(600)
    assert zones(ecs) == {f"{REGION}a": 4}
    with raises_aws(
        "InvalidParameterException",
        "Availability Zone rebalancing needs a REPLICA service with the ECS deployment "
        "controller whose first placement strategy, if any, is spread over "
        "attribute:ecs.availability-zone.",
    ):
        ecs.update_service(service="web", availabilityZoneRebalancing="ENABLED")
    assert describe(ecs)["availabilityZoneRebalancing"] == "DISABLED"
