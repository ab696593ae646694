from __future__ import annotations

import pytest
from ecr_helpers import ACCOUNT, not_found

FILTERS = "imageTagMutabilityExclusionFilters"
LATEST = [{"filterType": "WILDCARD", "filter": "latest"}]


def constraint(parameter: str, text: str) -> str:
    return f"Invalid parameter at '{parameter}' failed to satisfy constraint: '{text}'"


@pytest.mark.parametrize("setting", ["MUTABLE", "IMMUTABLE"])
def test_a_plain_setting_is_kept_at_creation(ecr, setting):
    repository = ecr.create_repository(repositoryName="web", imageTagMutability=setting)

    assert repository["repository"]["imageTagMutability"] == setting
    assert FILTERS not in repository["repository"]


@pytest.mark.parametrize("setting", ["IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"])
def test_a_setting_with_exclusions_keeps_its_filters(ecr, setting):
    filters = [
        {"filterType": "WILDCARD", "filter": "latest"},
        {"filterType": "WILDCARD", "filter": "dev-*"},
    ]

    ecr.create_repository(
        repositoryName="web", imageTagMutability=setting, imageTagMutabilityExclusionFilters=filters
    )

    repository = ecr.describe_repositories()["repositories"][0]
    assert repository["imageTagMutability"] == setting
    assert repository[FILTERS] == filters


@pytest.mark.parametrize("setting", ["IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"])
def test_a_setting_with_exclusions_needs_filters(ecr, raises_aws, setting):
    with raises_aws(
        "InvalidParameterException",
        constraint(
            FILTERS,
            "ImageTagMutabilityExclusionFilters can't be null when imageTagMutability "
            f"is set as {setting}",
        ),
    ):
        ecr.create_repository(repositoryName="web", imageTagMutability=setting)

    assert ecr.describe_repositories()["repositories"] == []


def test_filters_need_a_setting_with_exclusions(ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        constraint(
            FILTERS,
            "ImageTagMutabilityExclusionFilters must be null when imageTagMutability "
            "is set as IMMUTABLE",
        ),
    ):
        ecr.create_repository(
            repositoryName="web",
            imageTagMutability="IMMUTABLE",
            imageTagMutabilityExclusionFilters=LATEST,
        )


def test_filters_without_a_setting_are_refused_as_for_mutable(ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        constraint(
            FILTERS,
            "ImageTagMutabilityExclusionFilters must be null when imageTagMutability "
            "is set as MUTABLE",
        ),
    ):
        ecr.create_repository(repositoryName="web", imageTagMutabilityExclusionFilters=LATEST)


def test_an_unknown_setting_is_refused(ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        constraint(
            "imageTagMutability",
            "Member must satisfy enum value set: "
            "[MUTABLE, IMMUTABLE, IMMUTABLE_WITH_EXCLUSION, MUTABLE_WITH_EXCLUSION]",
        ),
    ):
        ecr.create_repository(repositoryName="web", imageTagMutability="FROZEN")


@pytest.mark.parametrize("value", ["latest tag", "v1/2", "x" * 129, "tag!"])
def test_a_filter_value_outside_the_pattern_is_refused(ecr, raises_aws, value):
    with raises_aws(
        "InvalidParameterException",
        constraint(
            f"{FILTERS}.1.member.filter",
            "Member must satisfy regular expression pattern: ^[0-9a-zA-Z._*-]{1,128}$",
        ),
    ):
        ecr.create_repository(
            repositoryName="web",
            imageTagMutability="IMMUTABLE_WITH_EXCLUSION",
            imageTagMutabilityExclusionFilters=[{"filterType": "WILDCARD", "filter": value}],
        )


def test_an_unknown_filter_type_is_refused(ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        constraint(
            f"{FILTERS}.1.member.filterType", "Member must satisfy enum value set: [WILDCARD]"
        ),
    ):
        ecr.create_repository(
            repositoryName="web",
            imageTagMutability="IMMUTABLE_WITH_EXCLUSION",
            imageTagMutabilityExclusionFilters=[{"filterType": "REGEX", "filter": "latest"}],
        )


def test_more_than_five_filters_are_refused(ecr, raises_aws):
    filters = [{"filterType": "WILDCARD", "filter": f"t{i}"} for i in range(6)]

    with raises_aws(
        "InvalidParameterException",
        constraint(FILTERS, "Member must have length less than or equal to 5"),
    ):
        ecr.create_repository(
            repositoryName="web",
            imageTagMutability="MUTABLE_WITH_EXCLUSION",
            imageTagMutabilityExclusionFilters=filters,
        )


def test_put_image_tag_mutability_changes_the_setting(ecr):
    ecr.create_repository(repositoryName="web")

    answer = ecr.put_image_tag_mutability(repositoryName="web", imageTagMutability="IMMUTABLE")

    assert answer["registryId"] == ACCOUNT
    assert answer["repositoryName"] == "web"
    assert answer["imageTagMutability"] == "IMMUTABLE"
    assert FILTERS not in answer
    described = ecr.describe_repositories()["repositories"][0]
    assert described["imageTagMutability"] == "IMMUTABLE"


def test_put_image_tag_mutability_sets_and_drops_filters(ecr):
    ecr.create_repository(repositoryName="web")

    answer = ecr.put_image_tag_mutability(
        repositoryName="web",
        imageTagMutability="IMMUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters=LATEST,
    )
    assert answer[FILTERS] == LATEST

    ecr.put_image_tag_mutability(repositoryName="web", imageTagMutability="MUTABLE")
    described = ecr.describe_repositories()["repositories"][0]
    assert described["imageTagMutability"] == "MUTABLE"
    assert FILTERS not in described


def test_a_refused_change_keeps_the_old_setting(ecr, raises_aws):
    ecr.create_repository(repositoryName="web", imageTagMutability="IMMUTABLE")

    with pytest.raises(ecr.exceptions.InvalidParameterException):
        ecr.put_image_tag_mutability(
            repositoryName="web", imageTagMutability="MUTABLE_WITH_EXCLUSION"
        )

    assert ecr.describe_repositories()["repositories"][0]["imageTagMutability"] == "IMMUTABLE"


def test_put_image_tag_mutability_of_an_unknown_repository(ecr, raises_aws):
    with raises_aws("RepositoryNotFoundException", not_found("ghost")):
        ecr.put_image_tag_mutability(repositoryName="ghost", imageTagMutability="IMMUTABLE")


@pytest.mark.parametrize(
    ("setting", "tag", "mutable"),
    [
        ("MUTABLE", "v1", True),
        ("IMMUTABLE", "latest", False),
        ("IMMUTABLE_WITH_EXCLUSION", "latest", True),
        ("IMMUTABLE_WITH_EXCLUSION", "dev-42", True),
        ("IMMUTABLE_WITH_EXCLUSION", "v1", False),
        ("MUTABLE_WITH_EXCLUSION", "latest", False),
        ("MUTABLE_WITH_EXCLUSION", "dev-42", False),
        ("MUTABLE_WITH_EXCLUSION", "v1", True),
    ],
)
def test_which_tags_may_move_follows_setting_and_filters(ecr, ecr_backend, setting, tag, mutable):
    filters = [
        {"filterType": "WILDCARD", "filter": "latest"},
        {"filterType": "WILDCARD", "filter": "dev-*"},
    ]
    options = {FILTERS: filters} if setting.endswith("_WITH_EXCLUSION") else {}
    ecr.create_repository(repositoryName="web", imageTagMutability=setting, **options)

    repository = ecr_backend.repositories.get("web")

    assert repository.mutability.tag_is_mutable(tag) is mutable


def test_scanning_configuration_can_be_changed(ecr):
    ecr.create_repository(repositoryName="web")

    answer = ecr.put_image_scanning_configuration(
        repositoryName="web", imageScanningConfiguration={"scanOnPush": True}
    )

    assert answer["registryId"] == ACCOUNT
    assert answer["repositoryName"] == "web"
    assert answer["imageScanningConfiguration"] == {"scanOnPush": True}
    described = ecr.describe_repositories()["repositories"][0]
    assert described["imageScanningConfiguration"] == {"scanOnPush": True}


def test_scanning_configuration_of_an_unknown_repository(ecr, raises_aws):
    with raises_aws("RepositoryNotFoundException", not_found("ghost")):
        ecr.put_image_scanning_configuration(
            repositoryName="ghost", imageScanningConfiguration={"scanOnPush": True}
        )
