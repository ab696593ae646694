from __future__ import annotations

import pytest


def tags_of(iam, **kwargs):
    return iam.list_role_tags(RoleName="app", **kwargs)["Tags"]


@pytest.fixture
def tagged(iam, app):
    iam.tag_role(RoleName="app", Tags=[{"Key": "team", "Value": "web"}])


def test_tag_role_adds_and_overwrites_keys_whatever_their_case(iam, tagged):
    iam.tag_role(
        RoleName="app",
        Tags=[{"Key": "Team", "Value": "data"}, {"Key": "env", "Value": "prod"}],
    )

    assert tags_of(iam) == [{"Key": "env", "Value": "prod"}, {"Key": "Team", "Value": "data"}]
    assert iam.get_role(RoleName="app")["Role"]["Tags"] == tags_of(iam)


def test_untag_role_removes_keys_whatever_their_case_and_ignores_absent_ones(iam, tagged):
    iam.tag_role(RoleName="app", Tags=[{"Key": "env", "Value": "prod"}])

    iam.untag_role(RoleName="app", TagKeys=["TEAM", "never-set"])

    assert tags_of(iam) == [{"Key": "env", "Value": "prod"}]


def test_a_role_without_tags_lists_none_and_shows_none(iam, app):
    listed = iam.list_role_tags(RoleName="app")

    assert (listed["Tags"], listed["IsTruncated"]) == ([], False)
    assert "Tags" not in iam.get_role(RoleName="app")["Role"]


def test_list_role_tags_in_pages(iam, app):
    iam.tag_role(RoleName="app", Tags=[{"Key": f"k{i}", "Value": str(i)} for i in range(5)])

    first = iam.list_role_tags(RoleName="app", MaxItems=3)
    rest = iam.list_role_tags(RoleName="app", Marker=first["Marker"])

    assert [t["Key"] for t in first["Tags"]] == ["k0", "k1", "k2"]
    assert first["IsTruncated"] is True
    assert [t["Key"] for t in rest["Tags"]] == ["k3", "k4"]
    pages = iam.get_paginator("list_role_tags").paginate(
        RoleName="app", PaginationConfig={"PageSize": 2}
    )
    assert [t["Value"] for page in pages for t in page["Tags"]] == ["0", "1", "2", "3", "4"]


def test_a_role_holds_50_tags_and_a_refused_tag_role_changes_nothing(iam, tagged, raises_aws):
    iam.tag_role(RoleName="app", Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)])
    iam.tag_role(RoleName="app", Tags=[{"Key": "TEAM", "Value": "new"}])  # overwrites

    with raises_aws("LimitExceeded", "Cannot exceed quota for TagsPerRole: 50", 409):
        iam.tag_role(
            RoleName="app",
            Tags=[{"Key": "team", "Value": "newer"}, {"Key": "one-more", "Value": "v"}],
        )

    tags = tags_of(iam, MaxItems=100)
    assert len(tags) == 50
    assert {"Key": "TEAM", "Value": "new"} in tags


def test_tag_role_checks_each_tag(iam, tagged, raises_aws):
    with raises_aws(
        "InvalidInput",
        "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
    ):
        iam.tag_role(RoleName="app", Tags=[{"Key": "a", "Value": "1"}, {"Key": "A", "Value": "2"}])

    assert tags_of(iam) == [{"Key": "team", "Value": "web"}]


def test_untag_role_checks_the_keys(unchecked_iam, tagged, raises_aws):
    with raises_aws(
        "ValidationError",
        "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: "
        "Member must have length less than or equal to 50",
    ):
        unchecked_iam.untag_role(RoleName="app", TagKeys=[f"k{i}" for i in range(51)])


@pytest.mark.parametrize(
    ("operation", "kwargs"),
    [
        ("tag_role", {"Tags": [{"Key": "k", "Value": "v"}]}),
        ("untag_role", {"TagKeys": ["k"]}),
        ("list_role_tags", {}),
    ],
)
def test_tags_of_an_unknown_role(iam, raises_aws, operation, kwargs):
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found.", 404):
        getattr(iam, operation)(RoleName="ghost", **kwargs)
