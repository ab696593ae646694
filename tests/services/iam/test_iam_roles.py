from __future__ import annotations

import json
import re

import boto3
import pytest
from iam_helpers import (
    ECS_TASKS,
    ECS_TRUST,
    EXECUTION_POLICY,
    READ_BUCKET,
    role_arn,
    statement,
    trust_document,
    trust_policy,
)


def test_create_role_answers_the_role_with_its_defaults(iam, ecsmock):
    role = iam.create_role(RoleName="app", AssumeRolePolicyDocument=ECS_TRUST)["Role"]

    assert role.pop("RoleId").startswith("AROA")
    assert role == {
        "Path": "/",
        "RoleName": "app",
        "Arn": role_arn("app"),
        "CreateDate": ecsmock.clock.now(),
        "AssumeRolePolicyDocument": trust_document(),
        "MaxSessionDuration": 3600,
    }


def test_role_ids_are_aroa_and_17_upper_case_letters_or_digits(iam):
    ids = {
        iam.create_role(RoleName=f"r{i}", AssumeRolePolicyDocument=ECS_TRUST)["Role"]["RoleId"]
        for i in range(5)
    }

    assert len(ids) == 5
    assert all(re.fullmatch(r"AROA[A-Z0-9]{17}", role_id) for role_id in ids)


def test_create_role_with_every_option(iam):
    role = iam.create_role(
        RoleName="web+svc=1,a.b@c-d_e",
        Path="/teams/web/",
        AssumeRolePolicyDocument=ECS_TRUST,
        Description="Runs the web tasks",
        MaxSessionDuration=43200,
        PermissionsBoundary="arn:aws:iam::aws:policy/PowerUserAccess",
        Tags=[{"Key": "team", "Value": "web"}, {"Key": "cost", "Value": ""}],
    )["Role"]

    assert role["Arn"] == role_arn("web+svc=1,a.b@c-d_e", "/teams/web/")
    assert role["Path"] == "/teams/web/"
    assert role["Description"] == "Runs the web tasks"
    assert role["MaxSessionDuration"] == 43200
    assert role["PermissionsBoundary"] == {
        "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
        "PermissionsBoundaryArn": "arn:aws:iam::aws:policy/PowerUserAccess",
    }
    assert role["Tags"] == [{"Key": "cost", "Value": ""}, {"Key": "team", "Value": "web"}]


def test_get_role_shows_everything_and_finds_the_name_in_any_case(iam, ecsmock):
    created = iam.create_role(
        RoleName="App", AssumeRolePolicyDocument=ECS_TRUST, Tags=[{"Key": "k", "Value": "v"}]
    )["Role"]
    ecsmock.clock.advance(60)

    role = iam.get_role(RoleName="app")["Role"]

    assert role == {**created, "RoleLastUsed": {}}
    assert role["RoleName"] == "App"
    assert role["CreateDate"] == created["CreateDate"]


def test_get_role_of_an_unknown_name_is_no_such_entity_404(iam, raises_aws):
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found.", 404):
        iam.get_role(RoleName="ghost")


def test_a_second_role_of_the_same_name_in_any_case_already_exists(iam, app, raises_aws):
    with raises_aws("EntityAlreadyExists", "Role with name APP already exists.", 409):
        iam.create_role(RoleName="APP", AssumeRolePolicyDocument=ECS_TRUST)

    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == ["app"]


def test_the_trust_policy_reaches_the_caller_as_iam_sends_it(iam):
    """IAM sends documents URL-encoded as they were given, white space included;
    botocore decodes them into dicts."""
    text = '{"Version": "2012-10-17", "Statement": [' + json.dumps(statement()) + "]}"
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=text)
    bodies: list[bytes] = []
    iam.meta.events.register(
        "before-parse.iam.GetRole", lambda response_dict, **_: bodies.append(response_dict["body"])
    )

    role = iam.get_role(RoleName="app")["Role"]

    assert role["AssumeRolePolicyDocument"] == json.loads(text)
    wire = re.search(rb"<AssumeRolePolicyDocument>(.*)</AssumeRolePolicyDocument>", bodies[0])
    assert wire is not None
    assert wire.group(1).startswith(b"%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22Statement")


def test_the_role_is_global_one_account_sees_it_from_every_region(iam, app):
    elsewhere = boto3.client("iam", region_name="eu-west-1")

    assert elsewhere.get_role(RoleName="app")["Role"]["Arn"] == role_arn("app")


# ---------------------------------------------------------------------- ListRoles


def _names(iam, **kwargs):
    return [role["RoleName"] for role in iam.list_roles(**kwargs)["Roles"]]


def test_list_roles_in_name_order_without_tags_or_boundary(iam):
    for name in ("b", "C", "a"):
        iam.create_role(
            RoleName=name,
            AssumeRolePolicyDocument=ECS_TRUST,
            Description=f"role {name}",
            PermissionsBoundary="arn:aws:iam::aws:policy/PowerUserAccess",
            Tags=[{"Key": "k", "Value": "v"}],
        )

    listed = iam.list_roles()

    assert [role["RoleName"] for role in listed["Roles"]] == ["a", "b", "C"]
    assert listed["IsTruncated"] is False
    assert "Marker" not in listed
    assert set(listed["Roles"][0]) == {
        "Path",
        "RoleName",
        "RoleId",
        "Arn",
        "CreateDate",
        "AssumeRolePolicyDocument",
        "Description",
        "MaxSessionDuration",
    }


def test_list_roles_by_path_prefix(iam):
    for name, path in (("root", "/"), ("web", "/teams/web/"), ("api", "/teams/api/")):
        iam.create_role(RoleName=name, Path=path, AssumeRolePolicyDocument=ECS_TRUST)

    assert _names(iam, PathPrefix="/teams/") == ["api", "web"]
    assert _names(iam, PathPrefix="/teams/web") == ["web"]
    assert _names(iam, PathPrefix="/") == ["api", "root", "web"]
    assert _names(iam, PathPrefix="/other/") == []


def test_list_roles_in_pages(iam):
    for i in range(5):
        iam.create_role(RoleName=f"r{i}", AssumeRolePolicyDocument=ECS_TRUST)

    first = iam.list_roles(MaxItems=2)
    second = iam.list_roles(MaxItems=2, Marker=first["Marker"])
    third = iam.list_roles(MaxItems=2, Marker=second["Marker"])

    assert [r["RoleName"] for r in first["Roles"]] == ["r0", "r1"]
    assert (first["IsTruncated"], second["IsTruncated"], third["IsTruncated"]) == (
        True,
        True,
        False,
    )
    assert [r["RoleName"] for r in second["Roles"]] == ["r2", "r3"]
    assert [r["RoleName"] for r in third["Roles"]] == ["r4"]
    assert "Marker" not in third


def test_the_list_roles_paginator_walks_every_page(iam):
    for i in range(7):
        iam.create_role(RoleName=f"r{i}", AssumeRolePolicyDocument=ECS_TRUST)
    pages = list(iam.get_paginator("list_roles").paginate(PaginationConfig={"PageSize": 3}))

    assert [len(page["Roles"]) for page in pages] == [3, 3, 1]
    assert [role["RoleName"] for page in pages for role in page["Roles"]] == [
        f"r{i}" for i in range(7)
    ]


def test_a_role_deleted_between_pages_does_not_hide_the_others(iam):
    for i in range(4):
        iam.create_role(RoleName=f"r{i}", AssumeRolePolicyDocument=ECS_TRUST)
    first = iam.list_roles(MaxItems=2)
    iam.delete_role(RoleName="r1")

    assert _names(iam, Marker=first["Marker"]) == ["r2", "r3"]


def test_list_roles_page_size_and_marker_rules(unchecked_iam, raises_aws):
    with raises_aws(
        "ValidationError",
        "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy "
        "constraint: Member must have value between 1 and 1000",
    ):
        unchecked_iam.list_roles(MaxItems=1001)
    with raises_aws("ValidationError", "The specified value for marker is invalid."):
        unchecked_iam.list_roles(Marker="not-ours")


# ---------------------------------------------------------------------- DeleteRole


def test_delete_role_forgets_it(iam, app, raises_aws):
    iam.delete_role(RoleName="APP")

    assert iam.list_roles()["Roles"] == []
    with raises_aws("NoSuchEntity", "The role with name app cannot be found.", 404):
        iam.delete_role(RoleName="app")


def test_delete_role_is_refused_while_policies_are_attached(iam, app, raises_aws):
    iam.attach_role_policy(RoleName="app", PolicyArn=EXECUTION_POLICY)
    with raises_aws("DeleteConflict", "Cannot delete entity, must detach all policies first.", 409):
        iam.delete_role(RoleName="app")

    iam.detach_role_policy(RoleName="app", PolicyArn=EXECUTION_POLICY)
    iam.delete_role(RoleName="app")
    assert iam.list_roles()["Roles"] == []


def test_delete_role_is_refused_while_it_has_inline_policies(iam, app, raises_aws):
    iam.put_role_policy(RoleName="app", PolicyName="read", PolicyDocument=READ_BUCKET)
    with raises_aws("DeleteConflict", "Cannot delete entity, must delete policies first.", 409):
        iam.delete_role(RoleName="app")

    assert iam.get_role(RoleName="app")["Role"]["RoleName"] == "app"
    iam.delete_role_policy(RoleName="app", PolicyName="read")
    iam.delete_role(RoleName="app")


# ---------------------------------------------------------------------- updates


def test_update_assume_role_policy_replaces_the_trust_policy(iam, app, iam_backend):
    lambda_trust = trust_policy(statement({"Service": "lambda.amazonaws.com"}))

    iam.update_assume_role_policy(RoleName="app", PolicyDocument=lambda_trust)

    assert iam.get_role(RoleName="app")["Role"]["AssumeRolePolicyDocument"] == json.loads(
        lambda_trust
    )
    assert iam_backend.role_trusts("app") == (True, False)
    assert iam_backend.role_trusts("app", "lambda.amazonaws.com") == (True, True)


def test_a_refused_trust_policy_leaves_the_old_one(iam, app, raises_aws):
    with raises_aws("MalformedPolicyDocument", "This policy contains invalid Json"):
        iam.update_assume_role_policy(RoleName="app", PolicyDocument="{")

    assert iam.get_role(RoleName="app")["Role"]["AssumeRolePolicyDocument"] == trust_document()


def test_update_assume_role_policy_of_an_unknown_role(iam, raises_aws):
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found.", 404):
        iam.update_assume_role_policy(RoleName="ghost", PolicyDocument=ECS_TRUST)


def test_update_role_changes_description_and_session_duration(iam, app):
    iam.update_role(RoleName="app", Description="web tasks", MaxSessionDuration=7200)
    role = iam.get_role(RoleName="app")["Role"]
    assert (role["Description"], role["MaxSessionDuration"]) == ("web tasks", 7200)

    iam.update_role(RoleName="app", Description="")
    role = iam.get_role(RoleName="app")["Role"]
    assert "Description" not in role
    assert role["MaxSessionDuration"] == 7200


def test_update_role_checks_everything_before_changing_anything(unchecked_iam, app, raises_aws):
    with raises_aws(
        "ValidationError",
        "1 validation error detected: Value at 'maxSessionDuration' failed to satisfy "
        "constraint: Member must have value less than or equal to 43200",
    ):
        unchecked_iam.update_role(RoleName="app", Description="new", MaxSessionDuration=50000)

    assert "Description" not in unchecked_iam.get_role(RoleName="app")["Role"]


def test_update_role_description_answers_the_role(iam, app):
    role = iam.update_role_description(RoleName="app", Description="described")["Role"]

    assert role["Description"] == "described"
    assert role["Arn"] == role_arn("app")


@pytest.mark.parametrize("operation", ["update_role", "delete_role", "list_role_tags"])
def test_role_operations_on_an_unknown_role(iam, raises_aws, operation):
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found.", 404):
        getattr(iam, operation)(RoleName="ghost")


def test_ecs_tasks_principal_is_what_the_default_trust_names(app):
    assert app["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": ECS_TASKS}
