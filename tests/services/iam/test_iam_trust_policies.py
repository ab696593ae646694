"""The trust policy (AssumeRolePolicyDocument) grammar IAM enforces."""

from __future__ import annotations

import json

import pytest
from iam_helpers import ECS_TASKS, statement, trust_document, trust_policy


def create(iam, document: str):
    return iam.create_role(RoleName="app", AssumeRolePolicyDocument=document)["Role"]


def without(key: str) -> dict:
    found = statement()
    del found[key]
    return found


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("not json", "This policy contains invalid Json"),
        ('{"Version": "2012-10-17", "Statement": [}', "This policy contains invalid Json"),
        ("[]", "Syntax errors in policy."),
        (json.dumps({"Version": "2012-10-17"}), "Syntax errors in policy."),
        (json.dumps({"Version": "2012-10-17", "Statement": []}), "Syntax errors in policy."),
        (json.dumps({**trust_document(), "Extra": 1}), "Syntax errors in policy."),
        (trust_policy(version="2020-01-01"), "The policy must contain a valid version string"),
        (trust_policy(without("Effect")), "Missing required field Effect"),
        (trust_policy(statement(effect="Permit")), "Invalid effect: Permit"),
        (trust_policy(without("Principal")), "Missing required field Principal"),
        (trust_policy(without("Action")), "Missing required field Action"),
        (trust_policy(statement(action=[])), "Missing required field Action"),
        (
            trust_policy(statement(action="s3:GetObject")),
            "AssumeRole policy may only specify STS AssumeRole actions.",
        ),
        (trust_policy(statement(Resource="*")), "Has prohibited field Resource"),
        (trust_policy(statement(Unknown="x")), "Syntax errors in policy."),
        (trust_policy(statement(NotAction="sts:TagSession")), "Syntax errors in policy."),
        (
            trust_policy(statement({"Service": "lambda"})),
            'Invalid principal in policy: "SERVICE":"lambda"',
        ),
        (
            trust_policy(statement({"AWS": "someone"})),
            'Invalid principal in policy: "AWS":"someone"',
        ),
        (trust_policy(statement({"Group": "admins"})), 'Invalid principal in policy: "Group"'),
        (trust_policy(statement({"Service": 7})), "Syntax errors in policy."),
        (
            trust_policy(statement(Condition={"StringEquality": {"aws:SourceAccount": "1"}})),
            "Syntax errors in policy.",
        ),
        (
            trust_policy(statement(Sid="same"), statement(Sid="same")),
            "Statement IDs (SID) in a single policy must be unique.",
        ),
    ],
)
def test_a_malformed_trust_policy_is_refused(iam, raises_aws, document, message):
    with raises_aws("MalformedPolicyDocument", message):
        create(iam, document)

    assert iam.list_roles()["Roles"] == []


@pytest.mark.parametrize(
    "document",
    [
        trust_document(),
        {"Statement": statement()},  # one statement, no Version (2008-10-17 then)
        trust_document(version="2008-10-17"),
        trust_document(statement({"Service": [ECS_TASKS, "ec2.amazonaws.com"]})),
        trust_document(statement("*")),
        trust_document(statement({"AWS": "*"})),
        trust_document(statement({"AWS": "123456789012"})),
        trust_document(statement({"AWS": ["arn:aws:iam::210987654321:root"]})),
        trust_document(statement({"AWS": "arn:aws:iam::210987654321:role/deployer"})),
        trust_document(statement({"Service": "states.amazonaws.com.cn"})),
        trust_document(
            statement(
                {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.example.com"},
                action="sts:AssumeRoleWithWebIdentity",
            )
        ),
        trust_document(statement(action=["sts:AssumeRole", "sts:TagSession"])),
        trust_document(statement(action="sts:*")),
        trust_document(statement(action="*")),
        trust_document(
            {"Effect": "Allow", "Principal": {"Service": ECS_TASKS}, "NotAction": "sts:TagSession"}
        ),
        trust_document(
            statement(
                Sid="EcsTasks",
                Condition={
                    "StringEquals": {"aws:SourceAccount": "123456789012"},
                    "ArnLike": {"aws:SourceArn": "arn:aws:ecs:us-east-1:123456789012:*"},
                    "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["team", "env*"]},
                    "Bool": {"aws:SecureTransport": True},
                },
            ),
            statement({"Service": "ec2.amazonaws.com"}, effect="Deny"),
        ),
    ],
)
def test_valid_trust_policies_are_kept_as_sent(iam, document):
    text = json.dumps(document, indent=4)

    role = create(iam, text)

    assert role["AssumeRolePolicyDocument"] == document


def test_not_principal_in_a_trust_policy_is_not_supported_yet(iam):
    document = trust_policy(
        {"Effect": "Deny", "NotPrincipal": {"Service": ECS_TASKS}, "Action": "sts:AssumeRole"}
    )
    with pytest.raises(Exception) as caught:
        create(iam, document)

    error = caught.value.response["Error"]  # type: ignore[attr-defined]
    assert error["Code"] == "ValidationError"
    assert error["Message"].startswith(
        "NotPrincipal in a trust policy is not supported by pytest-ecsmock yet."
    )


def test_the_trust_policy_quota_counts_2048_characters_without_white_space(iam, raises_aws):
    def sized(length: int) -> str:
        def compact(sid: str) -> str:
            return json.dumps(trust_document(statement(Sid=sid)), separators=(",", ":"))

        return compact("s" * (length - len(compact(""))))

    at_quota = sized(2048).replace(",", ",\n        ")  # white space does not count
    assert create(iam, at_quota)["RoleName"] == "app"
    with raises_aws("LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048", 409):
        iam.update_assume_role_policy(RoleName="app", PolicyDocument=sized(2049))

    assert iam.get_role(RoleName="app")["Role"]["AssumeRolePolicyDocument"] == json.loads(at_quota)
