from __future__ import annotations

import pytest
from ecr_helpers import ACCOUNT, PULL_FOR_ALL, not_found, policy, repository_arn

IMAGE_DIGEST = "sha256:" + "ab" * 32


def test_delete_answers_with_the_repository_and_removes_it(ecr, raises_aws):
    created = ecr.create_repository(repositoryName="web", imageTagMutability="IMMUTABLE")

    deleted = ecr.delete_repository(repositoryName="web")["repository"]

    assert deleted == created["repository"]
    assert ecr.describe_repositories()["repositories"] == []
    with raises_aws("RepositoryNotFoundException", not_found("web")):
        ecr.describe_repositories(repositoryNames=["web"])


def test_deleting_an_unknown_repository_fails(ecr, raises_aws):
    with raises_aws("RepositoryNotFoundException", not_found("ghost")):
        ecr.delete_repository(repositoryName="ghost")


def test_deleting_twice_fails_the_second_time(ecr, raises_aws):
    ecr.create_repository(repositoryName="web")
    ecr.delete_repository(repositoryName="web")

    with raises_aws("RepositoryNotFoundException", not_found("web")):
        ecr.delete_repository(repositoryName="web")


def test_a_repository_with_images_is_kept_without_force(ecr, ecr_backend, raises_aws):
    ecr.create_repository(repositoryName="web")
    ecr_backend.repositories.get("web").images[IMAGE_DIGEST] = object()

    with raises_aws(
        "RepositoryNotEmptyException",
        f"The repository with name 'web' in registry with id '{ACCOUNT}' cannot be deleted "
        "because it still contains images",
    ):
        ecr.delete_repository(repositoryName="web")

    assert [r["repositoryName"] for r in ecr.describe_repositories()["repositories"]] == ["web"]
    assert IMAGE_DIGEST in ecr_backend.repositories.get("web").images


def test_force_deletes_a_repository_with_its_images(ecr, ecr_backend):
    ecr.create_repository(repositoryName="web")
    ecr_backend.repositories.get("web").images[IMAGE_DIGEST] = object()

    deleted = ecr.delete_repository(repositoryName="web", force=True)["repository"]

    assert deleted["repositoryName"] == "web"
    assert ecr.describe_repositories()["repositories"] == []


def test_force_on_an_empty_repository_deletes_it(ecr):
    ecr.create_repository(repositoryName="web")

    ecr.delete_repository(repositoryName="web", force=True)

    assert ecr.describe_repositories()["repositories"] == []


def test_a_new_repository_of_the_same_name_starts_afresh(ecr, ecsmock, raises_aws):
    ecr.create_repository(repositoryName="web", tags=[{"Key": "team", "Value": "a"}])
    ecr.set_repository_policy(repositoryName="web", policyText=policy(PULL_FOR_ALL))
    ecr.delete_repository(repositoryName="web")
    ecsmock.clock.advance(60)

    again = ecr.create_repository(repositoryName="web")["repository"]

    assert again["createdAt"] == ecsmock.clock.now()
    assert ecr.list_tags_for_resource(resourceArn=repository_arn("web"))["tags"] == []
    with pytest.raises(ecr.exceptions.RepositoryPolicyNotFoundException):
        ecr.get_repository_policy(repositoryName="web")


def test_another_registry_is_not_supported_yet(ecr):
    ecr.create_repository(repositoryName="web")

    with pytest.raises(ecr.exceptions.InvalidParameterException):
        ecr.delete_repository(repositoryName="web", registryId="210987654321")

    assert len(ecr.describe_repositories()["repositories"]) == 1
