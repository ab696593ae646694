from __future__ import annotations

import boto3
import pytest
from ecr_helpers import ACCOUNT, HOST, NAME_PATTERN, repository_arn

INVALID_NAME = (
    "Invalid parameter at 'repositoryName' failed to satisfy constraint: "
    f"'must satisfy regular expression '{NAME_PATTERN}''"
)


def test_a_new_repository_has_aws_defaults(ecr, ecsmock):
    repository = ecr.create_repository(repositoryName="web")["repository"]

    assert repository == {
        "repositoryArn": repository_arn("web"),
        "registryId": ACCOUNT,
        "repositoryName": "web",
        "repositoryUri": f"{HOST}/web",
        "createdAt": ecsmock.clock.now(),
        "imageTagMutability": "MUTABLE",
        "imageScanningConfiguration": {"scanOnPush": False},
        "encryptionConfiguration": {"encryptionType": "AES256"},
    }


def test_created_at_comes_from_the_simulated_clock(ecr, ecsmock):
    ecsmock.clock.advance(3600)

    repository = ecr.create_repository(repositoryName="later")["repository"]

    assert repository["createdAt"] == ecsmock.clock.now()


@pytest.mark.parametrize(
    "name", ["ab", "team/app", "a.b", "a_b", "a__b", "a--b", "1st", "a/b/c-d", "x" * 256]
)
def test_names_of_the_model_pattern_are_accepted(ecr, name):
    repository = ecr.create_repository(repositoryName=name)["repository"]

    assert repository["repositoryUri"] == f"{HOST}/{name}"
    assert repository["repositoryArn"] == repository_arn(name)


@pytest.mark.parametrize(
    "name", ["Web", "web_", "-web", "web/", "/web", "a//b", "a..b", "a_.b", "we b", "ab:1"]
)
def test_names_outside_the_pattern_are_refused(ecr, raises_aws, name):
    with raises_aws("InvalidParameterException", INVALID_NAME):
        ecr.create_repository(repositoryName=name)

    assert ecr.describe_repositories()["repositories"] == []


def test_a_name_longer_than_256_characters_is_refused(ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'repositoryName' failed to satisfy constraint: "
        "'must have length less than or equal to 256'",
    ):
        ecr.create_repository(repositoryName="x" * 257)


def test_a_one_character_name_is_refused_by_the_service_too(unchecked_ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'repositoryName' failed to satisfy constraint: "
        "'must have length greater than or equal to 2'",
    ):
        unchecked_ecr.create_repository(repositoryName="x")


def test_a_duplicate_name_is_refused_and_the_first_repository_kept(ecr, raises_aws, ecsmock):
    first = ecr.create_repository(repositoryName="web")["repository"]
    ecsmock.clock.advance(60)

    with raises_aws(
        "RepositoryAlreadyExistsException",
        f"The repository with name 'web' already exists in the registry with id '{ACCOUNT}'",
    ):
        ecr.create_repository(repositoryName="web", imageTagMutability="IMMUTABLE")

    assert ecr.describe_repositories()["repositories"] == [first]


def test_the_own_registry_id_may_be_given(ecr):
    repository = ecr.create_repository(repositoryName="web", registryId=ACCOUNT)["repository"]

    assert repository["registryId"] == ACCOUNT


def test_another_registry_is_not_supported_yet(ecr):
    with pytest.raises(ecr.exceptions.InvalidParameterException) as caught:
        ecr.create_repository(repositoryName="web", registryId="210987654321")

    message = caught.value.response["Error"]["Message"]
    assert message.startswith(
        "Access to the registry '210987654321' from account '123456789012' "
        "(cross-account registry access) is not supported by pytest-ecsmock yet."
    )
    assert ecr.describe_repositories()["repositories"] == []


def test_a_malformed_registry_id_is_refused(ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'registryId' failed to satisfy constraint: "
        "'must satisfy regular expression '[0-9]{12}''",
    ):
        ecr.create_repository(repositoryName="web", registryId="12345")


def test_scan_on_push_is_kept(ecr):
    repository = ecr.create_repository(
        repositoryName="web", imageScanningConfiguration={"scanOnPush": True}
    )["repository"]

    assert repository["imageScanningConfiguration"] == {"scanOnPush": True}


def test_an_empty_scanning_configuration_means_no_scan_on_push(ecr):
    repository = ecr.create_repository(repositoryName="web", imageScanningConfiguration={})[
        "repository"
    ]

    assert repository["imageScanningConfiguration"] == {"scanOnPush": False}


def test_tags_are_kept_on_the_repository(ecr):
    arn = ecr.create_repository(
        repositoryName="web",
        tags=[{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": ""}],
    )["repository"]["repositoryArn"]

    assert ecr.list_tags_for_resource(resourceArn=arn)["tags"] == [
        {"Key": "team", "Value": "platform"},
        {"Key": "env", "Value": ""},
    ]


def test_more_than_50_tags_are_refused_and_nothing_is_created(ecr, raises_aws):
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]

    with raises_aws(
        "TooManyTagsException",
        "The request would give the repository 'web' 51 tags; the maximum number of tags "
        "that can be applied to a repository is 50.",
    ):
        ecr.create_repository(repositoryName="web", tags=tags)

    assert ecr.describe_repositories()["repositories"] == []


def test_an_invalid_tag_is_refused_and_nothing_is_created(ecr, raises_aws):
    with raises_aws(
        "InvalidTagParameterException",
        f"The tag key '{'k' * 129}' is 129 characters long; tag keys can have a maximum "
        "character length of 128 characters (and at least 1).",
    ):
        ecr.create_repository(repositoryName="web", tags=[{"Key": "k" * 129, "Value": "v"}])

    assert ecr.describe_repositories()["repositories"] == []


def test_the_arn_and_uri_follow_the_partition_of_the_region(ecsmock):
    china = boto3.client("ecr", region_name="cn-north-1")

    repository = china.create_repository(repositoryName="web")["repository"]

    assert repository["repositoryArn"] == (f"arn:aws-cn:ecr:cn-north-1:{ACCOUNT}:repository/web")
    assert repository["repositoryUri"] == f"{ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com.cn/web"


def test_repositories_of_each_region_are_separate(ecr, ecsmock):
    ecr.create_repository(repositoryName="web")
    west = boto3.client("ecr", region_name="us-west-2")

    repository = west.create_repository(repositoryName="web")["repository"]

    assert repository["repositoryUri"] == f"{ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/web"
    assert [r["repositoryName"] for r in west.describe_repositories()["repositories"]] == ["web"]
