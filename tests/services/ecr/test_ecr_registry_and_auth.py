from __future__ import annotations

import base64
from datetime import timedelta

import boto3
from ecr_helpers import ACCOUNT, HOST


def test_describe_registry_names_the_account_and_no_replication(ecr):
    answer = ecr.describe_registry()

    assert answer["registryId"] == ACCOUNT
    assert answer["replicationConfiguration"] == {"rules": []}


def test_a_token_is_the_base64_of_aws_and_a_password(ecr):
    data = ecr.get_authorization_token()["authorizationData"]

    assert len(data) == 1
    user, _, password = base64.b64decode(data[0]["authorizationToken"]).decode().partition(":")
    assert user == "AWS"
    assert len(password) > 100
    assert data[0]["proxyEndpoint"] == f"https://{HOST}"


def test_a_token_expires_12_hours_later_on_the_simulated_clock(ecr, ecsmock):
    ecsmock.clock.advance(300)

    data = ecr.get_authorization_token()["authorizationData"][0]

    assert data["expiresAt"] == ecsmock.clock.now() + timedelta(hours=12)


def test_each_call_gives_a_new_token(ecr):
    first = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    second = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]

    assert first != second


def test_one_entry_per_registry_asked_for(ecr):
    data = ecr.get_authorization_token(registryIds=[ACCOUNT, "210987654321"])["authorizationData"]

    assert [entry["proxyEndpoint"] for entry in data] == [
        f"https://{HOST}",
        "https://210987654321.dkr.ecr.us-east-1.amazonaws.com",
    ]
    assert data[0]["authorizationToken"] == data[1]["authorizationToken"]


def test_a_malformed_registry_id_is_refused(ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'registryIds' failed to satisfy constraint: "
        "'must satisfy regular expression '[0-9]{12}''",
    ):
        ecr.get_authorization_token(registryIds=["my-registry"])


def test_more_than_10_registries_are_refused(ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'registryIds' failed to satisfy constraint: "
        "'Member must have length less than or equal to 10'",
    ):
        ecr.get_authorization_token(registryIds=[f"{i:012}" for i in range(11)])


def test_the_registry_knows_its_tokens_until_they_expire(ecr, ecr_backend, ecsmock):
    token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]

    assert ecr_backend.authorizations.is_valid(token)
    assert not ecr_backend.authorizations.is_valid(base64.b64encode(b"AWS:guess").decode())

    ecsmock.clock.advance(12 * 3600 - 1)
    assert ecr_backend.authorizations.is_valid(token)
    ecsmock.clock.advance(1)
    assert not ecr_backend.authorizations.is_valid(token)


def test_the_proxy_endpoint_follows_the_region(ecsmock):
    client = boto3.client("ecr", region_name="eu-central-1")

    data = client.get_authorization_token()["authorizationData"][0]

    assert data["proxyEndpoint"] == f"https://{ACCOUNT}.dkr.ecr.eu-central-1.amazonaws.com"
