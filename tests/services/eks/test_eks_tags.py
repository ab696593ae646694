from __future__ import annotations

import pytest

ARN = "arn:aws:eks:us-east-1:123456789012:cluster/prod"


def test_tags_given_on_create_are_listed(new_cluster, eks):
    new_cluster("prod", tags={"team": "platform", "env": "prod"})

    assert eks.list_tags_for_resource(resourceArn=ARN)["tags"] == {
        "team": "platform",
        "env": "prod",
    }


def test_tag_resource_adds_and_overwrites(new_cluster, eks):
    new_cluster("prod", tags={"team": "platform"})

    eks.tag_resource(resourceArn=ARN, tags={"team": "data", "cost-center": "42"})

    assert eks.list_tags_for_resource(resourceArn=ARN)["tags"] == {
        "team": "data",
        "cost-center": "42",
    }
    assert eks.describe_cluster(name="prod")["cluster"]["tags"]["team"] == "data"


def test_untag_resource_removes_keys_and_ignores_absent_ones(new_cluster, eks):
    new_cluster("prod", tags={"team": "platform", "env": "prod"})

    eks.untag_resource(resourceArn=ARN, tagKeys=["env", "never-set"])

    assert eks.list_tags_for_resource(resourceArn=ARN)["tags"] == {"team": "platform"}


def test_a_cluster_with_no_tags_lists_none(new_cluster, eks):
    new_cluster("prod")

    assert eks.list_tags_for_resource(resourceArn=ARN)["tags"] == {}


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:eks:us-east-1:123456789012:cluster/ghost",
        "arn:aws:eks:eu-west-1:123456789012:cluster/prod",
        "arn:aws:eks:us-east-1:210987654321:cluster/prod",
        "arn:aws:eks:us-east-1:123456789012:nodegroup/prod/workers/0a1b",
    ],
)
def test_an_arn_of_no_resource_here_is_not_found(new_cluster, eks, raises_aws, arn):
    new_cluster("prod")

    with raises_aws("NotFoundException", 404, "Resource was not found"):
        eks.list_tags_for_resource(resourceArn=arn)
    with raises_aws("NotFoundException", 404, "Resource was not found"):
        eks.tag_resource(resourceArn=arn, tags={"a": "b"})
    with raises_aws("NotFoundException", 404, "Resource was not found"):
        eks.untag_resource(resourceArn=arn, tagKeys=["a"])


@pytest.mark.parametrize("arn", ["prod", "arn:aws:ecs:us-east-1:123456789012:cluster/prod"])
def test_something_not_an_eks_arn_is_a_bad_request(eks, raises_aws, arn):
    with raises_aws("BadRequestException", 400, f"{arn} is not a valid EKS resource ARN"):
        eks.list_tags_for_resource(resourceArn=arn)


def test_reserved_tag_keys_are_a_bad_request(new_cluster, eks, raises_aws):
    new_cluster("prod")

    with raises_aws(
        "BadRequestException",
        400,
        "Tag keys starting with 'aws:' are reserved for AWS use: aws:cloudformation:stack",
    ):
        eks.tag_resource(resourceArn=ARN, tags={"aws:cloudformation:stack": "x"})


def test_more_than_fifty_tags_in_all_is_a_bad_request_and_changes_nothing(
    new_cluster, eks, raises_aws
):
    new_cluster("prod", tags={f"k{i}": "v" for i in range(30)})

    with raises_aws(
        "BadRequestException",
        400,
        "1 validation error detected: Value '{...}' at 'tags' failed to satisfy constraint: "
        "Map value must have length less than or equal to 50",
    ):
        eks.tag_resource(resourceArn=ARN, tags={f"n{i}": "v" for i in range(21)})
    assert len(eks.list_tags_for_resource(resourceArn=ARN)["tags"]) == 30


def test_long_keys_and_values_are_a_bad_request(new_cluster, eks):
    new_cluster("prod")

    with pytest.raises(eks.exceptions.BadRequestException, match="between 1 and 128"):
        eks.tag_resource(resourceArn=ARN, tags={"k" * 129: "v"})
    with pytest.raises(eks.exceptions.BadRequestException, match="less than or equal to 256"):
        eks.tag_resource(resourceArn=ARN, tags={"k": "v" * 257})
    assert eks.list_tags_for_resource(resourceArn=ARN)["tags"] == {}
