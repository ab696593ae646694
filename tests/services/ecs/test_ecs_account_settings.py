"""Account settings: PutAccountSetting(Default), DeleteAccountSetting, ListAccountSettings."""

from __future__ import annotations

import boto3
import pytest
from ecs_helpers import ACCOUNT, REGION, raises_aws

ROOT = f"arn:aws:iam::{ACCOUNT}:root"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/team/ecsInstanceRole"
DEFAULTS = {
    "serviceLongArnFormat": "enabled",
    "taskLongArnFormat": "enabled",
    "containerInstanceLongArnFormat": "enabled",
    "awsvpcTrunking": "disabled",
    "containerInsights": "disabled",
    "fargateFIPSMode": "disabled",
    "tagResourceAuthorization": "on",
    "fargateTaskRetirementWaitPeriod": "7",
    "guardDutyActivate": "off",
    "defaultLogDriverMode": "non-blocking",
    "fargateEventWindows": "disabled",
}
SETTABLE = [
    ("serviceLongArnFormat", "enabled"),
    ("awsvpcTrunking", "enabled"),
    ("awsvpcTrunking", "disabled"),
    ("containerInsights", "enhanced"),
    ("fargateFIPSMode", "enabled"),
    ("tagResourceAuthorization", "on"),
    ("fargateTaskRetirementWaitPeriod", "0"),
    ("fargateTaskRetirementWaitPeriod", "14"),
    ("defaultLogDriverMode", "blocking"),
    ("fargateEventWindows", "enabled"),
]


def effective(ecs, principal=None):
    """name -> (value, principalArn, type) of every effective setting, through the paginator."""
    request = {"effectiveSettings": True} | ({"principalArn": principal} if principal else {})
    pages = ecs.get_paginator("list_account_settings").paginate(**request)
    return {
        s["name"]: (s["value"], s["principalArn"], s["type"])
        for page in pages
        for s in page["settings"]
    }


def value_of(ecs, name, principal=None):
    return effective(ecs, principal)[name][0]


def test_every_setting_name_of_the_model_starts_at_aws_default(ecs):
    settings = effective(ecs)

    assert list(settings) == ecs.meta.service_model.shape_for("SettingName").enum
    assert {name: found[0] for name, found in settings.items()} == DEFAULTS
    assert {found[1] for found in settings.values()} == {ROOT}
    assert settings["guardDutyActivate"][2] == "aws_managed"
    assert {found[2] for name, found in settings.items() if name != "guardDutyActivate"} == {"user"}
    assert ecs.list_account_settings()["settings"] == []


@pytest.mark.parametrize(("name", "value"), SETTABLE)
def test_put_account_setting_default_sets_the_account_value(ecs, name, value):
    answer = ecs.put_account_setting_default(name=name, value=value)["setting"]

    assert answer == {"name": name, "value": value, "principalArn": ROOT, "type": "user"}
    assert effective(ecs)[name] == (value, ROOT, "user")
    assert ecs.list_account_settings(name=name)["settings"] == [answer]


def test_a_user_without_a_value_of_its_own_takes_the_account_value(ecs):
    ecs.put_account_setting_default(name="defaultLogDriverMode", value="blocking")
    assert effective(ecs, ALICE)["defaultLogDriverMode"] == ("blocking", ROOT, "user")

    mine = ecs.put_account_setting(
        name="defaultLogDriverMode", value="non-blocking", principalArn=ALICE
    )

    assert mine["setting"]["principalArn"] == ALICE
    assert effective(ecs, ALICE)["defaultLogDriverMode"] == ("non-blocking", ALICE, "user")
    assert value_of(ecs, "defaultLogDriverMode") == "blocking"
    assert value_of(ecs, "defaultLogDriverMode", ROLE) == "blocking"
    assert ecs.list_account_settings(principalArn=ALICE)["settings"] == [mine["setting"]]


def test_put_account_setting_for_the_root_user_is_the_account_default(ecs):
    ecs.put_account_setting(name="containerInsights", value="enabled", principalArn=ROOT)
    assert value_of(ecs, "containerInsights", ROLE) == "enabled"

    ecs.put_account_setting(name="containerInsights", value="enhanced")  # the caller: root

    assert effective(ecs, ROLE)["containerInsights"] == ("enhanced", ROOT, "user")


def test_delete_account_setting_answers_the_value_it_had_and_falls_back(ecs):
    ecs.put_account_setting_default(name="awsvpcTrunking", value="enabled")
    ecs.put_account_setting(name="awsvpcTrunking", value="disabled", principalArn=ROLE)

    deleted = ecs.delete_account_setting(name="awsvpcTrunking", principalArn=ROLE)["setting"]

    assert deleted == {
        "name": "awsvpcTrunking",
        "value": "disabled",
        "principalArn": ROLE,
        "type": "user",
    }
    assert effective(ecs, ROLE)["awsvpcTrunking"] == ("enabled", ROOT, "user")
    assert ecs.delete_account_setting(name="awsvpcTrunking")["setting"]["value"] == "enabled"
    assert value_of(ecs, "awsvpcTrunking", ROLE) == "disabled"
    assert ecs.list_account_settings()["settings"] == []


# ---------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "name", ["serviceLongArnFormat", "taskLongArnFormat", "containerInstanceLongArnFormat"]
)
def test_the_long_arn_formats_can_no_longer_be_disabled(ecs, name):
    with raises_aws("InvalidParameterException", "You can no longer disable Long Arn settings"):
        ecs.put_account_setting_default(name=name, value="disabled")
    with raises_aws("InvalidParameterException", "You can no longer disable Long Arn settings"):
        ecs.put_account_setting(name=name, value="disabled", principalArn=ALICE)

    assert value_of(ecs, name, ALICE) == "enabled"
    assert ecs.list_account_settings(principalArn=ALICE)["settings"] == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("taskLongArnFormat", "ENABLED"),
        ("awsvpcTrunking", "enhanced"),
        ("containerInsights", "on"),
        ("fargateTaskRetirementWaitPeriod", "3"),
        ("tagResourceAuthorization", "enabled"),
        ("defaultLogDriverMode", "nonblocking"),
    ],
)
def test_a_value_the_setting_does_not_take_is_refused(ecs, name, value):
    with raises_aws("InvalidParameterException", "Invalid setting 'value'"):
        ecs.put_account_setting_default(name=name, value=value)

    assert value_of(ecs, name) == DEFAULTS[name]


@pytest.mark.parametrize(
    "name", ["fargateTaskRetirementWaitPeriod", "fargateFIPSMode", "fargateEventWindows"]
)
def test_account_level_settings_take_the_root_user_only(ecs, name):
    message = (
        f"{name} is set for the whole account only: use PutAccountSettingDefault, "
        f"or the root user ({ROOT}) as principalArn."
    )
    value = "14" if name == "fargateTaskRetirementWaitPeriod" else "enabled"
    with raises_aws("InvalidParameterException", message):
        ecs.put_account_setting(name=name, value=value, principalArn=ROLE)
    with raises_aws("InvalidParameterException", message):
        ecs.delete_account_setting(name=name, principalArn=ROLE)

    ecs.put_account_setting(name=name, value=value, principalArn=ROOT)
    assert effective(ecs, ROLE)[name] == (value, ROOT, "user")


def test_guard_duty_activate_is_read_only(ecs):
    message = (
        "guardDutyActivate is read-only: GuardDuty manages it for the account "
        "(type aws_managed); it cannot be put or deleted."
    )
    with raises_aws("InvalidParameterException", message):
        ecs.put_account_setting_default(name="guardDutyActivate", value="on")
    with raises_aws("InvalidParameterException", message):
        ecs.put_account_setting(name="guardDutyActivate", value="on")
    with raises_aws("InvalidParameterException", message):
        ecs.delete_account_setting(name="guardDutyActivate")

    assert effective(ecs)["guardDutyActivate"] == ("off", ROOT, "aws_managed")


def test_tagging_authorization_can_no_longer_be_turned_off(ecs):
    message = (
        "You can no longer turn off tagResourceAuthorization: tagging authorization is on "
        "for every account."
    )
    with raises_aws("InvalidParameterException", message):
        ecs.put_account_setting_default(name="tagResourceAuthorization", value="off")

    assert value_of(ecs, "tagResourceAuthorization") == "on"


def test_fargate_event_windows_cannot_be_disabled_once_enabled(ecs):
    ecs.put_account_setting_default(name="fargateEventWindows", value="disabled")
    ecs.put_account_setting_default(name="fargateEventWindows", value="enabled")

    message = "fargateEventWindows is turned on once for an account: it cannot be disabled again."
    with raises_aws("InvalidParameterException", message):
        ecs.put_account_setting_default(name="fargateEventWindows", value="disabled")
    with raises_aws("InvalidParameterException", message):
        ecs.delete_account_setting(name="fargateEventWindows")

    assert value_of(ecs, "fargateEventWindows") == "enabled"


def test_an_unknown_setting_name_is_refused_everywhere(ecs):
    message = f"unknown should be one of [{','.join(DEFAULTS)}]"
    with raises_aws("InvalidParameterException", message):
        ecs.put_account_setting(name="unknown", value="enabled")
    with raises_aws("InvalidParameterException", message):
        ecs.delete_account_setting(name="unknown")
    with raises_aws("InvalidParameterException", message):
        ecs.list_account_settings(name="unknown")


def test_dual_stack_ipv6_is_not_supported_yet(ecs):
    with raises_aws(
        "InvalidParameterException",
        "The account setting dualStackIPv6 is not supported by pytest-ecsmock yet: "
        "botocore's ECS model does not list it, so no answer could name it.",
    ):
        ecs.put_account_setting_default(name="dualStackIPv6", value="enabled")


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:iam::210987654321:root",
        f"arn:aws:sts::{ACCOUNT}:assumed-role/admin/session",
        f"arn:aws-cn:iam::{ACCOUNT}:user/alice",
        f"arn:aws:iam::{ACCOUNT}:group/admins",
        "alice",
    ],
)
def test_principal_arn_must_be_a_user_role_or_root_of_the_account(ecs, arn):
    message = (
        f"principalArn '{arn}' is not a user, a role or the root user of this account: use "
        f"{ROOT}, or arn:aws:iam::{ACCOUNT}:user/<name> or :role/<name> (federated users "
        "take the root user's settings and cannot have their own)."
    )
    with raises_aws("InvalidParameterException", message):
        ecs.put_account_setting(name="awsvpcTrunking", value="enabled", principalArn=arn)
    with raises_aws("InvalidParameterException", message):
        ecs.list_account_settings(principalArn=arn)

    assert ecs.list_account_settings()["settings"] == []


# ---------------------------------------------------------------------- listing


def test_list_filters_by_name_and_value(ecs):
    ecs.put_account_setting_default(name="awsvpcTrunking", value="enabled")

    enabled = ecs.list_account_settings(name="awsvpcTrunking", value="enabled")
    disabled = ecs.list_account_settings(
        name="containerInsights", value="disabled", effectiveSettings=True
    )
    other = ecs.list_account_settings(name="awsvpcTrunking", value="disabled")

    assert [s["value"] for s in enabled["settings"]] == ["enabled"]
    assert [s["name"] for s in disabled["settings"]] == ["containerInsights"]
    assert other["settings"] == []
    with raises_aws(
        "InvalidParameterException", "value filters the settings of one name: give name too."
    ):
        ecs.list_account_settings(value="enabled")


def test_list_pages_hold_one_to_ten_settings(ecs):
    first = ecs.list_account_settings(effectiveSettings=True)
    rest = ecs.list_account_settings(effectiveSettings=True, nextToken=first["nextToken"])
    small = ecs.list_account_settings(effectiveSettings=True, maxResults=4)

    assert len(first["settings"]) == 10
    assert [s["name"] for s in rest["settings"]] == ["fargateEventWindows"]
    assert "nextToken" not in rest
    assert [s["name"] for s in small["settings"]] == list(DEFAULTS)[:4]
    for wrong in (0, 11):
        with raises_aws(
            "InvalidParameterException", f"maxResults must be between 1 and 10, not {wrong}."
        ):
            ecs.list_account_settings(maxResults=wrong)
    with raises_aws(
        "InvalidParameterException",
        "The nextToken is not valid; pass the nextToken of an earlier answer unchanged.",
    ):
        ecs.list_account_settings(effectiveSettings=True, nextToken="not-a-token")


def test_settings_belong_to_one_account_and_region(ecs, ecsmock):
    other_account = boto3.client("ecs", region_name=REGION, **ecsmock.credentials("210987654321"))
    other_region = boto3.client("ecs", region_name="eu-west-1")

    ecs.put_account_setting_default(name="containerInsights", value="enabled")

    assert value_of(other_account, "containerInsights") == "disabled"
    assert value_of(other_region, "containerInsights") == "disabled"
    assert effective(other_account)["awsvpcTrunking"][1] == "arn:aws:iam::210987654321:root"
    with raises_aws(
        "InvalidParameterException",
        f"principalArn '{ALICE}' is not a user, a role or the root user of this account: use "
        "arn:aws:iam::210987654321:root, or arn:aws:iam::210987654321:user/<name> or "
        ":role/<name> (federated users take the root user's settings and cannot have their "
        "own).",
    ):
        other_account.put_account_setting(
            name="awsvpcTrunking", value="enabled", principalArn=ALICE
        )
