from __future__ import annotations

import pytest
from ecs_helpers import raises_aws

from pytest_ecsmock.services.ecs.usage import ClusterUsage

NOT_ASSOCIATED = (
    "The specified capacity provider strategy cannot contain a capacity provider that is "
    "not associated with the cluster. Associate the capacity provider with the cluster or "
    "specify a valid capacity provider and try again."
)


def test_create_cluster_with_fargate_capacity_providers_and_a_strategy(ecs):
    cluster = ecs.create_cluster(
        clusterName="prod",
        capacityProviders=["FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategy=[
            {"capacityProvider": "FARGATE", "weight": 1, "base": 2},
            {"capacityProvider": "FARGATE_SPOT", "weight": 3},
        ],
    )["cluster"]

    assert cluster["capacityProviders"] == ["FARGATE", "FARGATE_SPOT"]
    assert cluster["defaultCapacityProviderStrategy"] == [
        {"capacityProvider": "FARGATE", "weight": 1, "base": 2},
        {"capacityProvider": "FARGATE_SPOT", "weight": 3, "base": 0},
    ]
    described = ecs.describe_clusters(clusters=["prod"])["clusters"][0]
    assert described["capacityProviders"] == ["FARGATE", "FARGATE_SPOT"]


def test_unknown_capacity_providers_are_refused(ecs):
    message = (
        "The specified capacity provider 'my-asg-provider' does not exist or is not ACTIVE. "
        "Specify a valid capacity provider and try again."
    )
    with raises_aws("InvalidParameterException", message):
        ecs.create_cluster(clusterName="prod", capacityProviders=["my-asg-provider"])
    assert ecs.list_clusters()["clusterArns"] == []


@pytest.mark.parametrize(
    ("providers", "strategy", "message"),
    [
        (["FARGATE"], [{"capacityProvider": "FARGATE_SPOT", "weight": 1}], NOT_ASSOCIATED),
        (
            ["FARGATE", "FARGATE"],
            [],
            "The capacity provider 'FARGATE' is listed more than once.",
        ),
        (
            ["FARGATE"],
            [
                {"capacityProvider": "FARGATE", "weight": 1},
                {"capacityProvider": "FARGATE", "weight": 2},
            ],
            "The capacity provider strategy lists 'FARGATE' more than once.",
        ),
        (
            ["FARGATE", "FARGATE_SPOT"],
            [
                {"capacityProvider": "FARGATE", "weight": 1, "base": 1},
                {"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 1},
            ],
            "Only one capacity provider in a capacity provider strategy can have a base.",
        ),
        (
            ["FARGATE", "FARGATE_SPOT"],
            [
                {"capacityProvider": "FARGATE", "weight": 0},
                {"capacityProvider": "FARGATE_SPOT", "weight": 0},
            ],
            "At least one capacity provider in a capacity provider strategy must have a "
            "weight greater than zero.",
        ),
        (
            ["FARGATE"],
            [{"capacityProvider": "FARGATE", "weight": 1001}],
            "1 validation error detected: Value '1001' at "
            "'defaultCapacityProviderStrategy.1.member.weight' failed to satisfy constraint: "
            "Member must have value between 0 and 1000",
        ),
        (
            ["FARGATE"],
            [{"capacityProvider": "FARGATE", "weight": 1, "base": 100001}],
            "1 validation error detected: Value '100001' at "
            "'defaultCapacityProviderStrategy.1.member.base' failed to satisfy constraint: "
            "Member must have value between 0 and 100000",
        ),
    ],
)
def test_a_strategy_that_breaks_a_rule_is_refused(ecs, providers, strategy, message):
    with raises_aws("InvalidParameterException", message):
        ecs.create_cluster(
            clusterName="prod",
            capacityProviders=providers,
            defaultCapacityProviderStrategy=strategy,
        )


def test_put_cluster_capacity_providers_replaces_both_lists(ecs):
    ecs.create_cluster(clusterName="prod", capacityProviders=["FARGATE"])

    cluster = ecs.put_cluster_capacity_providers(
        cluster="prod",
        capacityProviders=["FARGATE_SPOT"],
        defaultCapacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 1}],
    )["cluster"]

    assert cluster["capacityProviders"] == ["FARGATE_SPOT"]
    assert cluster["defaultCapacityProviderStrategy"] == [
        {"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}
    ]


def test_put_cluster_capacity_providers_can_clear_them(ecs):
    ecs.create_cluster(
        clusterName="prod",
        capacityProviders=["FARGATE"],
        defaultCapacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1}],
    )

    cluster = ecs.put_cluster_capacity_providers(
        cluster="prod", capacityProviders=[], defaultCapacityProviderStrategy=[]
    )["cluster"]

    assert cluster["capacityProviders"] == []
    assert cluster["defaultCapacityProviderStrategy"] == []


def test_a_strategy_must_use_the_providers_given_with_it(ecs):
    ecs.create_cluster(clusterName="prod", capacityProviders=["FARGATE", "FARGATE_SPOT"])

    with raises_aws("InvalidParameterException", NOT_ASSOCIATED):
        ecs.put_cluster_capacity_providers(
            cluster="prod",
            capacityProviders=["FARGATE"],
            defaultCapacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 1}],
        )
    cluster = ecs.describe_clusters(clusters=["prod"])["clusters"][0]
    assert cluster["capacityProviders"] == ["FARGATE", "FARGATE_SPOT"]


def test_a_capacity_provider_in_use_cannot_be_removed(ecsmock, ecs):
    ecs.create_cluster(clusterName="prod", capacityProviders=["FARGATE", "FARGATE_SPOT"])
    ecsmock.backend("ecs").usage.add_cluster_source(
        lambda cluster: ClusterUsage(capacity_providers_in_use={"FARGATE_SPOT"})
    )

    message = (
        "The capacity provider 'FARGATE_SPOT' is in use by services or tasks of the cluster "
        "and cannot be removed from it."
    )
    with raises_aws("ResourceInUseException", message):
        ecs.put_cluster_capacity_providers(
            cluster="prod", capacityProviders=["FARGATE"], defaultCapacityProviderStrategy=[]
        )
    kept = ecs.put_cluster_capacity_providers(
        cluster="prod", capacityProviders=["FARGATE_SPOT"], defaultCapacityProviderStrategy=[]
    )
    assert kept["cluster"]["capacityProviders"] == ["FARGATE_SPOT"]


def test_creating_again_with_the_same_capacity_providers_is_idempotent(ecs):
    arguments = {
        "clusterName": "prod",
        "capacityProviders": ["FARGATE"],
        "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}],
    }
    first = ecs.create_cluster(**arguments)["cluster"]

    assert ecs.create_cluster(**arguments)["cluster"] == first
