"""Repositories of one registry (one account in one region) and what each one holds."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.ecr import errors
from pytest_ecsmock.services.ecr.encryption import Encryption
from pytest_ecsmock.services.ecr.mutability import TagMutability
from pytest_ecsmock.services.ecr.validation import (
    check_max_results,
    check_repository_name,
    invalid,
    not_supported,
)
from pytest_ecsmock.services.paging import BadToken, paginate

DESCRIBE_PAGE = 100
DESCRIBE_MAX = 1000
DESCRIBE_NAMES_MAX = 100
REPOSITORY_ARN = re.compile(
    r"arn:(?P<partition>[a-z-]+):ecr:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"repository/(?P<name>.+)"
)


def registry_host(account_id: str, region: str, partition: str) -> str:
    suffix = "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com"
    return f"{account_id}.dkr.ecr.{region}.{suffix}"


@dataclass
class Repository:
    name: str
    arn: str
    registry_id: str
    uri: str
    created_at: datetime
    mutability: TagMutability = field(default_factory=TagMutability)
    scan_on_push: bool = False
    encryption: Encryption = field(default_factory=Encryption)
    tags: dict[str, str] = field(default_factory=dict)
    #: the policy text as ECR gives it back (see policies.policy_document)
    policy: str | None = None
    #: image digest -> image; filled by the image operations
    images: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        return {
            "repositoryArn": self.arn,
            "registryId": self.registry_id,
            "repositoryName": self.name,
            "repositoryUri": self.uri,
            "createdAt": self.created_at,
            **self.mutability.describe(),
            "imageScanningConfiguration": {"scanOnPush": self.scan_on_push},
            "encryptionConfiguration": self.encryption.describe(),
        }


class Repositories:
    """The repositories of a registry, by name."""

    def __init__(self, context: BackendContext) -> None:
        self.context = context
        self.by_name: dict[str, Repository] = {}

    @property
    def registry_id(self) -> str:
        return self.context.account_id

    def new(self, name: str) -> Repository:
        """A repository named ``name``, not yet added (the caller adds it when all is checked)."""
        if name in self.by_name:
            raise errors.RepositoryAlreadyExistsException(
                f"The repository with name '{name}' already exists in the registry "
                f"with id '{self.registry_id}'"
            )
        host = registry_host(self.registry_id, self.context.region, self.context.partition)
        return Repository(
            name=name,
            arn=self.context.arn(f"repository/{name}"),
            registry_id=self.registry_id,
            uri=f"{host}/{name}",
            created_at=self.context.clock.now(),
        )

    def add(self, repository: Repository) -> None:
        self.by_name[repository.name] = repository

    def get(self, name: str) -> Repository:
        check_repository_name(name)
        found = self.by_name.get(name)
        if found is None:
            raise self.not_found(name)
        return found

    def not_found(self, name: str) -> errors.RepositoryNotFoundException:
        return errors.RepositoryNotFoundException(
            f"The repository with name '{name}' does not exist in the registry "
            f"with id '{self.registry_id}'"
        )

    def remove(self, repository: Repository) -> None:
        del self.by_name[repository.name]

    def by_arn(self, arn: str) -> Repository:
        found = REPOSITORY_ARN.fullmatch(arn)
        if found is None or found["partition"] != self.context.partition:
            raise invalid("resourceArn", "Invalid ARN")
        if found["account"] != self.registry_id:
            raise not_supported(
                f"Tagging a repository of account '{found['account']}' from account "
                f"'{self.registry_id}' (cross-account access)"
            )
        if found["region"] != self.context.region:
            raise self.not_found(found["name"])
        return self.get(found["name"])

    def describe(
        self,
        names: Sequence[str] | None,
        max_results: int | None,
        next_token: str | None,
    ) -> tuple[list[Repository], str | None]:
        check_max_results(max_results, DESCRIBE_MAX)
        if names is not None:
            if max_results is not None:
                raise invalid(
                    "maxResults", "maxResults cannot be specified together with repositoryNames"
                )
            if next_token is not None:
                raise invalid(
                    "nextToken", "nextToken cannot be specified together with repositoryNames"
                )
            if not names:
                raise invalid(
                    "repositoryNames", "Member must have length greater than or equal to 1"
                )
            if len(names) > DESCRIBE_NAMES_MAX:
                raise invalid(
                    "repositoryNames",
                    f"Member must have length less than or equal to {DESCRIBE_NAMES_MAX}",
                )
            for name in names:
                check_repository_name(name, "repositoryNames")
            unique = list(dict.fromkeys(names))
            return [self.get(name) for name in unique], None
        ordered = [self.by_name[name] for name in sorted(self.by_name)]
        try:
            return paginate(
                ordered,
                max_results=max_results,
                token=next_token,
                default=DESCRIBE_PAGE,
                key=lambda repository: repository.name,
            )
        except BadToken:
            raise invalid("nextToken", "Invalid pagination token") from None
