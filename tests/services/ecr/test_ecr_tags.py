from __future__ import annotations

import pytest
from ecr_helpers import ACCOUNT, not_found, repository_arn

ARN = repository_arn("web")


@pytest.fixture
def web(ecr):
    ecr.create_repository(repositoryName="web", tags=[{"Key": "team", "Value": "platform"}])
    return ARN


def tags_of(ecr, arn=ARN):
    return ecr.list_tags_for_resource(resourceArn=arn)["tags"]


def test_tag_resource_adds_and_overwrites(ecr, web):
    ecr.tag_resource(
        resourceArn=web,
        tags=[{"Key": "team", "Value": "data"}, {"Key": "cost-center", "Value": "42"}],
    )

    assert tags_of(ecr) == [
        {"Key": "team", "Value": "data"},
        {"Key": "cost-center", "Value": "42"},
    ]


def test_untag_resource_removes_keys_and_ignores_absent_ones(ecr, web):
    ecr.tag_resource(resourceArn=web, tags=[{"Key": "env", "Value": "prod"}])

    ecr.untag_resource(resourceArn=web, tagKeys=["team", "never-set"])

    assert tags_of(ecr) == [{"Key": "env", "Value": "prod"}]


def test_a_repository_without_tags_lists_none(ecr):
    ecr.create_repository(repositoryName="bare")

    assert tags_of(ecr, repository_arn("bare")) == []


def test_keys_and_values_may_use_unicode_letters_spaces_and_symbols(ecr, web):
    tag = {"Key": "Équipe name_.:/=+-@", "Value": "données 2024"}

    ecr.tag_resource(resourceArn=web, tags=[tag])

    assert tag in tags_of(ecr)


def test_reaching_50_tags_is_allowed_but_not_more(ecr, web, raises_aws):
    ecr.tag_resource(resourceArn=web, tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)])
    assert len(tags_of(ecr)) == 50

    with raises_aws(
        "TooManyTagsException",
        "The request would give the repository 'web' 51 tags; the maximum number of tags "
        "that can be applied to a repository is 50.",
    ):
        ecr.tag_resource(resourceArn=web, tags=[{"Key": "one-more", "Value": "v"}])

    assert len(tags_of(ecr)) == 50


def test_overwriting_tags_does_not_count_twice(ecr, web):
    ecr.tag_resource(resourceArn=web, tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)])

    ecr.tag_resource(resourceArn=web, tags=[{"Key": "team", "Value": "new"}])

    assert len(tags_of(ecr)) == 50


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        (
            {"Key": "", "Value": "v"},
            "The tag key '' is 0 characters long; tag keys can have a maximum character "
            "length of 128 characters (and at least 1).",
        ),
        (
            {"Key": "k" * 129, "Value": "v"},
            f"The tag key '{'k' * 129}' is 129 characters long; tag keys can have a maximum "
            "character length of 128 characters (and at least 1).",
        ),
        (
            {"Key": "team", "Value": "v" * 257},
            "The value of tag 'team' is 257 characters long; tag values can have a maximum "
            "length of 256 characters.",
        ),
        (
            {"Key": "team!", "Value": "v"},
            "The tag key 'team!' contains characters that are not allowed; use letters, "
            "numbers, spaces and _ . : / = + - @.",
        ),
        (
            {"Key": "team", "Value": "a*b"},
            "The value of tag 'team' contains characters that are not allowed; use letters, "
            "numbers, spaces and _ . : / = + - @.",
        ),
        (
            {"Key": "aws:owner", "Value": "me"},
            "The tag key 'aws:owner' uses the prefix 'aws:', which is reserved for AWS use.",
        ),
    ],
)
def test_an_invalid_tag_is_refused_and_nothing_changes(ecr, web, raises_aws, tag, message):
    with raises_aws("InvalidTagParameterException", message):
        ecr.tag_resource(resourceArn=web, tags=[{"Key": "good", "Value": "v"}, tag])

    assert tags_of(ecr) == [{"Key": "team", "Value": "platform"}]


def test_a_key_given_twice_is_refused(ecr, web, raises_aws):
    with raises_aws(
        "InvalidTagParameterException",
        "The tag key 'env' appears more than once in the request.",
    ):
        ecr.tag_resource(
            resourceArn=web,
            tags=[{"Key": "env", "Value": "a"}, {"Key": "env", "Value": "b"}],
        )


def test_untagging_a_reserved_key_is_refused(ecr, web, raises_aws):
    with raises_aws(
        "InvalidTagParameterException",
        "The tag key 'aws:owner' uses the prefix 'aws:', which is reserved for AWS use.",
    ):
        ecr.untag_resource(resourceArn=web, tagKeys=["team", "aws:owner"])

    assert tags_of(ecr) == [{"Key": "team", "Value": "platform"}]


@pytest.mark.parametrize(
    "arn",
    [
        "web",
        f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/web",
        f"arn:aws:ecr:us-east-1:{ACCOUNT}:repo/web",
        f"arn:aws-cn:ecr:us-east-1:{ACCOUNT}:repository/web",
        "arn:aws:ecr:us-east-1:12345:repository/web",
    ],
)
@pytest.mark.parametrize("operation", ["tag", "untag", "list"])
def test_an_arn_that_names_no_repository_is_refused(ecr, web, raises_aws, arn, operation):
    calls = {
        "tag": lambda: ecr.tag_resource(resourceArn=arn, tags=[{"Key": "a", "Value": "b"}]),
        "untag": lambda: ecr.untag_resource(resourceArn=arn, tagKeys=["team"]),
        "list": lambda: ecr.list_tags_for_resource(resourceArn=arn),
    }

    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'",
    ):
        calls[operation]()


def test_an_unknown_repository_is_not_found(ecr, raises_aws):
    with raises_aws("RepositoryNotFoundException", not_found("ghost")):
        ecr.tag_resource(resourceArn=repository_arn("ghost"), tags=[{"Key": "a", "Value": "b"}])


def test_a_repository_arn_of_another_region_is_not_found_here(ecr, web, raises_aws):
    with raises_aws("RepositoryNotFoundException", not_found("web")):
        ecr.list_tags_for_resource(resourceArn=f"arn:aws:ecr:eu-west-1:{ACCOUNT}:repository/web")


def test_a_repository_arn_of_another_account_is_not_supported_yet(ecr, web):
    arn = "arn:aws:ecr:us-east-1:210987654321:repository/web"

    with pytest.raises(ecr.exceptions.InvalidParameterException) as caught:
        ecr.list_tags_for_resource(resourceArn=arn)

    assert "is not supported by pytest-ecsmock yet" in caught.value.response["Error"]["Message"]


def test_tags_of_a_nested_name_are_found_by_its_arn(ecr):
    ecr.create_repository(repositoryName="team/web", tags=[{"Key": "a", "Value": "b"}])

    assert tags_of(ecr, repository_arn("team/web")) == [{"Key": "a", "Value": "b"}]
