"""CreateRole's checks on each parameter; a refused role is not created."""

from __future__ import annotations

import pytest
from iam_helpers import ECS_TRUST

NAME_RULE = (
    "The specified value for roleName is invalid. It must contain only alphanumeric "
    "characters and/or the following: +=,.@_-"
)
KEY_PATTERN = r"[\p{L}\p{Z}\p{N}_.:/=+\-@]+"
VALUE_PATTERN = r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*"
PATH_RULE = (
    "The specified value for path is invalid. It must begin and end with / and contain "
    "only alphanumeric characters and/or / characters."
)


def too_long(member: str, high: int) -> str:
    return (
        f"1 validation error detected: Value at '{member}' failed to satisfy constraint: "
        f"Member must have length less than or equal to {high}"
    )


def create(client, **kwargs):
    return client.create_role(
        **{"RoleName": "app", "AssumeRolePolicyDocument": ECS_TRUST, **kwargs}
    )["Role"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"RoleName": "has space"}, NAME_RULE),
        ({"RoleName": "a/b"}, NAME_RULE),
        ({"RoleName": "é"}, NAME_RULE),
        ({"RoleName": "x" * 65}, too_long("roleName", 64)),
        ({"Path": "teams/"}, PATH_RULE),
        ({"Path": "/teams"}, PATH_RULE),
        ({"Path": "/a b/"}, PATH_RULE),
        ({"Path": "/" + "a" * 511 + "/"}, too_long("path", 512)),
        ({"Description": "d" * 1001}, too_long("description", 1000)),
        (
            {"Description": "emoji \U0001f600"},
            "The specified value for description is invalid. It must contain only "
            "printable ASCII characters or Latin-1 letters.",
        ),
        (
            {"MaxSessionDuration": 43201},
            "1 validation error detected: Value at 'maxSessionDuration' failed to satisfy "
            "constraint: Member must have value less than or equal to 43200",
        ),
        (
            {"MaxSessionDuration": 3599},
            "1 validation error detected: Value at 'maxSessionDuration' failed to satisfy "
            "constraint: Member must have value greater than or equal to 3600",
        ),
    ],
)
def test_create_role_refuses_values_outside_the_model(unchecked_iam, raises_aws, kwargs, message):
    with raises_aws("ValidationError", message):
        create(unchecked_iam, **kwargs)

    assert unchecked_iam.list_roles()["Roles"] == []


def test_names_and_paths_at_their_limits_are_accepted(iam):
    role = create(iam, RoleName="x" * 64, Path="/" + "a" * 510 + "/")

    assert role["RoleName"] == "x" * 64
    assert len(role["Path"]) == 512


def test_description_may_use_latin_1_letters(iam):
    assert create(iam, Description="Équipe données")["Description"] == "Équipe données"


def test_session_durations_at_the_bounds(iam):
    assert create(iam, RoleName="short", MaxSessionDuration=3600)["MaxSessionDuration"] == 3600
    assert create(iam, RoleName="long", MaxSessionDuration=43200)["MaxSessionDuration"] == 43200


# ---------------------------------------------------------------------- permissions boundary


def test_a_customer_managed_boundary_is_not_simulated_yet(iam, raises_aws):
    arn = "arn:aws:iam::123456789012:policy/boundary"
    with pytest.raises(Exception) as caught:
        create(iam, PermissionsBoundary=arn)

    error = caught.value.response["Error"]  # type: ignore[attr-defined]
    assert error["Code"] == "NoSuchEntity"
    assert error["Message"].startswith(
        f"Scope ARN: {arn} does not exist or is not attachable. (Customer managed policies "
        "are not simulated by pytest-ecsmock yet"
    )
    assert iam.list_roles()["Roles"] == []


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:iam::aws:policy/",
        "arn:aws:s3:::bucket/some-object",
        "arn:aws-cn:iam::aws:policy/PowerUserAccess",
        "arn:aws:iam::aws:role/PowerUserAccess",
    ],
)
def test_a_boundary_that_is_no_policy_arn_is_invalid_input(iam, raises_aws, arn):
    with raises_aws("InvalidInput", f"ARN {arn} is not valid."):
        create(iam, PermissionsBoundary=arn)


# ---------------------------------------------------------------------- tags


def tags(count: int) -> list[dict[str, str]]:
    return [{"Key": f"k{i}", "Value": "v"} for i in range(count)]


def test_fifty_tags_are_accepted_but_not_51(iam, unchecked_iam, raises_aws):
    assert len(create(iam, Tags=tags(50))["Tags"]) == 50

    with raises_aws(
        "ValidationError",
        "1 validation error detected: Value at 'tags' failed to satisfy constraint: "
        "Member must have length less than or equal to 50",
    ):
        create(unchecked_iam, RoleName="other", Tags=tags(51))


@pytest.mark.parametrize(
    ("tag", "code", "message"),
    [
        (
            {"Key": "k" * 129, "Value": "v"},
            "ValidationError",
            too_long("tags.1.member.key", 128),
        ),
        (
            {"Key": "k", "Value": "v" * 257},
            "ValidationError",
            too_long("tags.1.member.value", 256),
        ),
        (
            {"Key": "bad#key", "Value": "v"},
            "ValidationError",
            "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: " + KEY_PATTERN,
        ),
        (
            {"Key": "k", "Value": "semi;colon"},
            "ValidationError",
            "1 validation error detected: Value at 'tags.1.member.value' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: " + VALUE_PATTERN,
        ),
        (
            {"Key": "aws:team", "Value": "v"},
            "InvalidInput",
            "The tag key 'aws:team' uses the prefix 'aws:', which is reserved for AWS use.",
        ),
    ],
)
def test_tag_keys_and_values_follow_iam_rules(unchecked_iam, raises_aws, tag, code, message):
    with raises_aws(code, message):
        create(unchecked_iam, Tags=[tag])

    assert unchecked_iam.list_roles()["Roles"] == []


def test_tag_keys_are_case_insensitive_so_a_repeat_is_a_duplicate(iam, raises_aws):
    with raises_aws(
        "InvalidInput",
        "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
    ):
        create(iam, Tags=[{"Key": "team", "Value": "a"}, {"Key": "Team", "Value": "b"}])


def test_tags_may_use_unicode_letters_spaces_and_symbols(iam):
    tag = {"Key": "Équipe name_.:/=+-@", "Value": "données 2024"}

    assert create(iam, Tags=[tag])["Tags"] == [tag]
