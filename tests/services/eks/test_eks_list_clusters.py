from __future__ import annotations

import pytest


def test_no_clusters_lists_nothing(eks):
    listed = eks.list_clusters()

    assert listed["clusters"] == []
    assert "nextToken" not in listed


def test_clusters_are_listed_by_name(new_cluster, eks):
    for name in ("prod", "dev", "staging"):
        new_cluster(name)

    assert eks.list_clusters()["clusters"] == ["dev", "prod", "staging"]


def test_pages_follow_max_results(new_cluster, eks):
    for index in range(5):
        new_cluster(f"c{index}")

    first = eks.list_clusters(maxResults=2)
    second = eks.list_clusters(maxResults=2, nextToken=first["nextToken"])
    last = eks.list_clusters(maxResults=2, nextToken=second["nextToken"])

    assert first["clusters"] == ["c0", "c1"]
    assert second["clusters"] == ["c2", "c3"]
    assert last["clusters"] == ["c4"]
    assert "nextToken" not in last


def test_the_botocore_paginator_walks_every_page(new_cluster, eks):
    for index in range(7):
        new_cluster(f"c{index}")

    pages = list(eks.get_paginator("list_clusters").paginate(PaginationConfig={"PageSize": 3}))

    assert [page["clusters"] for page in pages] == [["c0", "c1", "c2"], ["c3", "c4", "c5"], ["c6"]]


def test_a_cluster_gone_between_pages_does_not_upset_the_listing(new_cluster, eks, ecsmock):
    for index in range(4):
        new_cluster(f"c{index}")
    first = eks.list_clusters(maxResults=2)
    eks.delete_cluster(name="c1")
    ecsmock.clock.advance(300)

    rest = eks.list_clusters(maxResults=2, nextToken=first["nextToken"])

    assert first["clusters"] == ["c0", "c1"]
    assert rest["clusters"] == ["c2", "c3"]


def test_include_all_is_accepted(new_cluster, eks):
    new_cluster("prod")

    assert eks.list_clusters(include=["all"])["clusters"] == ["prod"]


def test_include_must_be_all_in_lowercase(eks, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        400,
        "1 validation error detected: Value 'ALL' at 'include' failed to satisfy constraint: "
        "Member must satisfy enum value set: [all]",
    ):
        eks.list_clusters(include=["ALL"])


def test_max_results_is_at_most_100(eks, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        400,
        "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: "
        "Member must have value less than or equal to 100",
    ):
        eks.list_clusters(maxResults=101)


@pytest.mark.parametrize("token", ["not-a-token", "ZWNzbW9jaw"])
def test_a_token_not_given_by_eks_is_refused(eks, raises_aws, token):
    with raises_aws("InvalidParameterException", 400, "The nextToken is not valid."):
        eks.list_clusters(nextToken=token)
