from __future__ import annotations

import re

import pytest
from ecr_helpers import ACCOUNT, REGION

KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{KEY_ID}"
MADE_UP_KEY = re.compile(
    rf"arn:aws:kms:{REGION}:{ACCOUNT}:key/[0-9a-f]{{8}}-[0-9a-f]{{4}}-4[0-9a-f]{{3}}-"
    r"[89ab][0-9a-f]{3}-[0-9a-f]{12}"
)


def encryption_of(ecr, name, **config):
    repository = ecr.create_repository(repositoryName=name, encryptionConfiguration=config)
    return repository["repository"]["encryptionConfiguration"]


def test_aes256_has_no_key(ecr):
    assert encryption_of(ecr, "web", encryptionType="AES256") == {"encryptionType": "AES256"}


@pytest.mark.parametrize("kind", ["KMS", "KMS_DSSE"])
def test_kms_without_a_key_uses_the_registrys_aws_managed_key(ecr, kind):
    first = encryption_of(ecr, "one", encryptionType=kind)
    second = encryption_of(ecr, "two", encryptionType="KMS")

    assert first["encryptionType"] == kind
    assert MADE_UP_KEY.fullmatch(first["kmsKey"])
    assert second["kmsKey"] == first["kmsKey"]


def test_the_aws_managed_key_alias_names_the_same_key(ecr):
    default = encryption_of(ecr, "one", encryptionType="KMS")["kmsKey"]

    named = encryption_of(ecr, "two", encryptionType="KMS", kmsKey="alias/aws/ecr")

    assert named == {"encryptionType": "KMS", "kmsKey": default}


def test_a_key_id_is_shown_as_its_arn(ecr):
    config = encryption_of(ecr, "web", encryptionType="KMS", kmsKey=KEY_ID)

    assert config == {"encryptionType": "KMS", "kmsKey": KEY_ARN}


def test_a_key_arn_is_kept(ecr):
    config = encryption_of(ecr, "web", encryptionType="KMS_DSSE", kmsKey=KEY_ARN)

    assert config == {"encryptionType": "KMS_DSSE", "kmsKey": KEY_ARN}


def test_an_alias_stands_for_one_key(ecr):
    by_name = encryption_of(ecr, "one", encryptionType="KMS", kmsKey="alias/images")
    by_arn = encryption_of(
        ecr,
        "two",
        encryptionType="KMS",
        kmsKey=f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/images",
    )
    other = encryption_of(ecr, "three", encryptionType="KMS", kmsKey="alias/other")

    assert MADE_UP_KEY.fullmatch(by_name["kmsKey"])
    assert by_arn == by_name
    assert other["kmsKey"] != by_name["kmsKey"]


def test_a_key_of_another_region_is_refused(ecr, raises_aws):
    key = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/{KEY_ID}"

    with raises_aws(
        "KmsException",
        f"The KMS key '{key}' is not in the Region of the repository ({REGION}); "
        "ECR needs a key in the same Region.",
    ):
        ecr.create_repository(
            repositoryName="web",
            encryptionConfiguration={"encryptionType": "KMS", "kmsKey": key},
        )

    assert ecr.describe_repositories()["repositories"] == []


def test_something_that_names_no_key_is_refused(ecr, raises_aws):
    with raises_aws(
        "KmsException",
        "Invalid KMS key 'my key': name a key by its key id, key ARN, alias name "
        "(alias/...) or alias ARN.",
    ):
        ecr.create_repository(
            repositoryName="web",
            encryptionConfiguration={"encryptionType": "KMS", "kmsKey": "my key"},
        )


def test_a_key_with_aes256_is_refused(ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'encryptionConfiguration.kmsKey' failed to satisfy constraint: "
        "'kmsKey can only be specified when encryptionType is KMS or KMS_DSSE'",
    ):
        ecr.create_repository(
            repositoryName="web",
            encryptionConfiguration={"encryptionType": "AES256", "kmsKey": KEY_ID},
        )


def test_an_unknown_encryption_type_is_refused(ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'encryptionConfiguration.encryptionType' failed to satisfy "
        "constraint: 'Member must satisfy enum value set: [AES256, KMS, KMS_DSSE]'",
    ):
        ecr.create_repository(
            repositoryName="web", encryptionConfiguration={"encryptionType": "SSE"}
        )


def test_a_key_longer_than_2048_characters_is_refused(ecr, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        "Invalid parameter at 'encryptionConfiguration.kmsKey' failed to satisfy constraint: "
        "'Member must have length between 1 and 2048'",
    ):
        ecr.create_repository(
            repositoryName="web",
            encryptionConfiguration={"encryptionType": "KMS", "kmsKey": "k" * 2049},
        )


def test_the_encryption_is_shown_by_describe(ecr):
    ecr.create_repository(
        repositoryName="web", encryptionConfiguration={"encryptionType": "KMS", "kmsKey": KEY_ID}
    )

    repository = ecr.describe_repositories(repositoryNames=["web"])["repositories"][0]

    assert repository["encryptionConfiguration"] == {"encryptionType": "KMS", "kmsKey": KEY_ARN}
