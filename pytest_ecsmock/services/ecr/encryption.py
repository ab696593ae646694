"""Encryption at rest: AES256 by default, or a KMS key that ECR reports by its ARN.

pytest-ecsmock does not simulate KMS, so a key is not looked up: a key id or key ARN
is taken as it is, an alias stands for a key id made up once per alias, and KMS
without a key uses the registry's AWS managed key (``aws/ecr``), also made up once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pytest_ecsmock.services.ecr import errors
from pytest_ecsmock.services.ecr.validation import check_enum, invalid

AES256 = "AES256"
KMS_TYPES = ("KMS", "KMS_DSSE")
ENCRYPTION_TYPES = (AES256, *KMS_TYPES)
MANAGED_ALIAS = "alias/aws/ecr"
KMS_KEY_MAX = 2048
KEY_ID = re.compile(
    r"(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
)
KMS_ARN = re.compile(
    r"arn:(?P<partition>[a-z-]+):kms:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"(?P<kind>key|alias)/(?P<name>.+)"
)
ALIAS_NAME = re.compile(r"alias/[a-zA-Z0-9/_-]{1,250}")


@dataclass(frozen=True)
class Encryption:
    encryption_type: str = AES256
    kms_key: str | None = None

    def describe(self) -> dict[str, str]:
        described = {"encryptionType": self.encryption_type}
        if self.kms_key is not None:
            described["kmsKey"] = self.kms_key
        return described


class KeyResolver:
    """Turns what a request names (key id, key ARN, alias) into the key ARN ECR shows."""

    def __init__(self, partition: str, region: str, account: str, new_key_id: Callable[[], str]):
        self.partition = partition
        self.region = region
        self.account = account
        self._new_key_id = new_key_id
        self._aliases: dict[tuple[str, str], str] = {}

    def key_arn(self, key_id: str, account: str | None = None) -> str:
        return f"arn:{self.partition}:kms:{self.region}:{account or self.account}:key/{key_id}"

    def managed_key(self) -> str:
        return self._alias_key(self.account, MANAGED_ALIAS)

    def resolve(self, reference: str) -> str:
        if KEY_ID.fullmatch(reference):
            return self.key_arn(reference)
        if ALIAS_NAME.fullmatch(reference):
            return self._alias_key(self.account, reference)
        found = KMS_ARN.fullmatch(reference)
        if found is None:
            raise errors.KmsException(
                f"Invalid KMS key '{reference}': name a key by its key id, key ARN, alias "
                "name (alias/...) or alias ARN."
            )
        if found["partition"] != self.partition or found["region"] != self.region:
            raise errors.KmsException(
                f"The KMS key '{reference}' is not in the Region of the repository "
                f"({self.region}); ECR needs a key in the same Region."
            )
        if found["kind"] == "key":
            return reference
        return self._alias_key(found["account"], f"alias/{found['name']}")

    def _alias_key(self, account: str, alias: str) -> str:
        known = self._aliases.get((account, alias))
        if known is None:
            known = self.key_arn(self._new_key_id(), account)
            self._aliases[(account, alias)] = known
        return known


def parse_encryption(config: Mapping[str, Any] | None, keys: KeyResolver) -> Encryption:
    if config is None:
        return Encryption()
    encryption_type = config["encryptionType"]
    check_enum(encryption_type, ENCRYPTION_TYPES, "encryptionConfiguration.encryptionType")
    kms_key = config.get("kmsKey")
    if encryption_type == AES256:
        if kms_key is not None:
            raise invalid(
                "encryptionConfiguration.kmsKey",
                "kmsKey can only be specified when encryptionType is KMS or KMS_DSSE",
            )
        return Encryption()
    if kms_key is None:
        return Encryption(encryption_type, keys.managed_key())
    if not 1 <= len(kms_key) <= KMS_KEY_MAX:
        raise invalid(
            "encryptionConfiguration.kmsKey",
            f"Member must have length between 1 and {KMS_KEY_MAX}",
        )
    return Encryption(encryption_type, keys.resolve(kms_key))
