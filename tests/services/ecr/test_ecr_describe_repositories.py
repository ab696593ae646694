from __future__ import annotations

import boto3
import pytest
from ecr_helpers import not_found


def names_of(answer):
    return [repository["repositoryName"] for repository in answer["repositories"]]


def create(ecr, *names):
    for name in names:
        ecr.create_repository(repositoryName=name)


def test_no_repositories_give_an_empty_list(ecr):
    answer = ecr.describe_repositories()

    assert answer["repositories"] == []
    assert "nextToken" not in answer


def test_all_repositories_are_described_in_name_order(ecr):
    create(ecr, "web", "api", "team/worker")

    assert names_of(ecr.describe_repositories()) == ["api", "team/worker", "web"]


def test_named_repositories_come_in_the_order_asked_without_repeats(ecr):
    create(ecr, "web", "api", "db")

    answer = ecr.describe_repositories(repositoryNames=["web", "api", "web"])

    assert names_of(answer) == ["web", "api"]
    assert "nextToken" not in answer


def test_an_unknown_name_fails_the_whole_call(ecr, raises_aws):
    create(ecr, "web")

    with raises_aws("RepositoryNotFoundException", not_found("ghost")):
        ecr.describe_repositories(repositoryNames=["web", "ghost"])


def test_a_name_outside_the_pattern_is_refused(ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'repositoryNames' failed to satisfy constraint: 'must satisfy "
        "regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''",
    ):
        ecr.describe_repositories(repositoryNames=["Web"])


def test_more_than_100_names_are_refused(ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'repositoryNames' failed to satisfy constraint: "
        "'Member must have length less than or equal to 100'",
    ):
        ecr.describe_repositories(repositoryNames=[f"r{i}" for i in range(101)])


def test_max_results_cannot_be_combined_with_names(ecr, raises_aws):
    create(ecr, "web")

    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'maxResults' failed to satisfy constraint: "
        "'maxResults cannot be specified together with repositoryNames'",
    ):
        ecr.describe_repositories(repositoryNames=["web"], maxResults=1)


def test_next_token_cannot_be_combined_with_names(ecr, raises_aws):
    create(ecr, "web", "api")
    token = ecr.describe_repositories(maxResults=1)["nextToken"]

    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'nextToken' failed to satisfy constraint: "
        "'nextToken cannot be specified together with repositoryNames'",
    ):
        ecr.describe_repositories(repositoryNames=["web"], nextToken=token)


def test_max_results_above_1000_is_refused(ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'maxResults' failed to satisfy constraint: "
        "'Member must have value less than or equal to 1000'",
    ):
        ecr.describe_repositories(maxResults=1001)


def test_max_results_below_1_is_refused_by_the_service_too(unchecked_ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'maxResults' failed to satisfy constraint: "
        "'Member must have value greater than or equal to 1'",
    ):
        unchecked_ecr.describe_repositories(maxResults=0)


def test_pages_follow_max_results_and_the_token(ecr):
    create(ecr, "a1", "a2", "a3", "a4", "a5")

    first = ecr.describe_repositories(maxResults=2)
    second = ecr.describe_repositories(maxResults=2, nextToken=first["nextToken"])
    last = ecr.describe_repositories(maxResults=2, nextToken=second["nextToken"])

    assert names_of(first) == ["a1", "a2"]
    assert names_of(second) == ["a3", "a4"]
    assert names_of(last) == ["a5"]
    assert "nextToken" not in last


def test_without_max_results_a_page_holds_100(ecr):
    create(ecr, *(f"repo{i:03}" for i in range(150)))

    first = ecr.describe_repositories()
    rest = ecr.describe_repositories(nextToken=first["nextToken"])

    assert len(first["repositories"]) == 100
    assert names_of(rest) == [f"repo{i:03}" for i in range(100, 150)]
    assert "nextToken" not in rest


def test_the_paginator_walks_every_page(ecr):
    create(ecr, *(f"repo{i:02}" for i in range(25)))
    paginator = ecr.get_paginator("describe_repositories")

    pages = list(paginator.paginate(PaginationConfig={"PageSize": 10}))

    assert [len(page["repositories"]) for page in pages] == [10, 10, 5]
    assert [name for page in pages for name in names_of(page)] == [f"repo{i:02}" for i in range(25)]


def test_a_repository_deleted_between_pages_neither_repeats_nor_hides_others(ecr):
    create(ecr, "a1", "a2", "a3", "a4")
    first = ecr.describe_repositories(maxResults=2)

    ecr.delete_repository(repositoryName="a2")
    rest = ecr.describe_repositories(maxResults=2, nextToken=first["nextToken"])

    assert names_of(rest) == ["a3", "a4"]


def test_a_token_that_was_not_handed_out_is_refused(ecr, raises_aws):
    create(ecr, "web")

    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid pagination token'",
    ):
        ecr.describe_repositories(nextToken="not-a-token")


def test_the_own_registry_id_may_be_given(ecr):
    create(ecr, "web")

    assert names_of(ecr.describe_repositories(registryId="123456789012")) == ["web"]


def test_another_registry_is_not_supported_yet(ecr):
    with pytest.raises(ecr.exceptions.InvalidParameterException) as caught:
        ecr.describe_repositories(registryId="210987654321")

    assert "is not supported by pytest-ecsmock yet" in caught.value.response["Error"]["Message"]


def test_repositories_of_another_account_are_not_seen(ecr, ecsmock):
    other = boto3.client("ecr", region_name="us-east-1", **ecsmock.credentials("210987654321"))
    other.create_repository(repositoryName="theirs")
    create(ecr, "ours")

    assert names_of(ecr.describe_repositories()) == ["ours"]
    theirs = other.describe_repositories()["repositories"][0]
    assert theirs["registryId"] == "210987654321"
    assert theirs["repositoryUri"] == "210987654321.dkr.ecr.us-east-1.amazonaws.com/theirs"


def test_an_empty_list_of_names_is_refused_by_the_service_too(unchecked_ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'repositoryNames' failed to satisfy constraint: "
        "'Member must have length greater than or equal to 1'",
    ):
        unchecked_ecr.describe_repositories(repositoryNames=[])
