"""ECR state for one account and region: the registry and its repositories.

Every method checks the whole request before it changes anything, so a refused call
leaves the registry as it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.ecr import errors
from pytest_ecsmock.services.ecr.auth import Authorizations, AuthorizationToken
from pytest_ecsmock.services.ecr.encryption import KeyResolver, parse_encryption
from pytest_ecsmock.services.ecr.mutability import parse_mutability
from pytest_ecsmock.services.ecr.policies import locks_out, parse_repository_policy, policy_document
from pytest_ecsmock.services.ecr.repositories import Repositories, Repository, registry_host
from pytest_ecsmock.services.ecr.tags import check_count, check_key, parse_tags
from pytest_ecsmock.services.ecr.validation import (
    check_own_registry,
    check_registry_id,
    check_repository_name,
    invalid,
)

MAX_TOKEN_REGISTRIES = 10


class EcrBackend:
    def __init__(self, context: BackendContext) -> None:
        self.context = context
        self.repositories = Repositories(context)
        self.authorizations = Authorizations(context)
        self.kms_keys = KeyResolver(
            context.partition, context.region, context.account_id, context.ids.uuid
        )

    @property
    def registry_id(self) -> str:
        return self.context.account_id

    def repository(self, name: str, registry_id: str | None = None) -> Repository:
        check_own_registry(registry_id, self.registry_id)
        return self.repositories.get(name)

    # ---------------------------------------------------------------- repositories

    def create_repository(
        self,
        name: str,
        *,
        registry_id: str | None = None,
        tag_mutability: str | None = None,
        exclusion_filters: Sequence[Mapping[str, Any]] | None = None,
        scan_on_push: bool = False,
        encryption: Mapping[str, Any] | None = None,
        tags: Sequence[Mapping[str, Any]] | None = None,
    ) -> Repository:
        check_own_registry(registry_id, self.registry_id)
        check_repository_name(name)
        mutability = parse_mutability(tag_mutability, exclusion_filters)
        parsed_tags = parse_tags(tags)
        check_count(parsed_tags, f"the repository '{name}'")
        parsed_encryption = parse_encryption(encryption, self.kms_keys)
        repository = self.repositories.new(name)
        repository.encryption = parsed_encryption
        repository.mutability = mutability
        repository.scan_on_push = scan_on_push
        repository.tags = parsed_tags
        self.repositories.add(repository)
        return repository

    def describe_repositories(
        self,
        names: Sequence[str] | None = None,
        *,
        registry_id: str | None = None,
        max_results: int | None = None,
        next_token: str | None = None,
    ) -> tuple[list[Repository], str | None]:
        check_own_registry(registry_id, self.registry_id)
        return self.repositories.describe(names, max_results, next_token)

    def delete_repository(
        self, name: str, *, registry_id: str | None = None, force: bool = False
    ) -> Repository:
        repository = self.repository(name, registry_id)
        if repository.images and not force:
            raise errors.RepositoryNotEmptyException(
                f"The repository with name '{name}' in registry with id '{self.registry_id}' "
                "cannot be deleted because it still contains images"
            )
        self.repositories.remove(repository)
        return repository

    def put_image_tag_mutability(
        self,
        name: str,
        setting: str,
        exclusion_filters: Sequence[Mapping[str, Any]] | None = None,
        *,
        registry_id: str | None = None,
    ) -> Repository:
        mutability = parse_mutability(setting, exclusion_filters)
        repository = self.repository(name, registry_id)
        repository.mutability = mutability
        return repository

    def put_image_scanning_configuration(
        self, name: str, scan_on_push: bool, *, registry_id: str | None = None
    ) -> Repository:
        repository = self.repository(name, registry_id)
        repository.scan_on_push = scan_on_push
        return repository

    # ---------------------------------------------------------------- repository policies

    def set_repository_policy(
        self, name: str, text: str, *, force: bool = False, registry_id: str | None = None
    ) -> Repository:
        document = parse_repository_policy(text)
        repository = self.repository(name, registry_id)
        if not force and locks_out(document, self.registry_id):
            raise invalid(
                "PolicyText",
                "The policy denies ecr:SetRepositoryPolicy to every principal of the "
                "account, so it could not be changed afterwards; set force to apply it anyway",
            )
        repository.policy = policy_document(document)
        return repository

    def repository_policy(self, name: str, *, registry_id: str | None = None) -> Repository:
        repository = self.repository(name, registry_id)
        if repository.policy is None:
            raise errors.RepositoryPolicyNotFoundException(
                f"Repository policy does not exist for the repository with name '{name}' "
                f"in the registry with id '{self.registry_id}'"
            )
        return repository

    def delete_repository_policy(
        self, name: str, *, registry_id: str | None = None
    ) -> tuple[Repository, str]:
        repository = self.repository_policy(name, registry_id=registry_id)
        text = repository.policy
        assert text is not None
        repository.policy = None
        return repository, text

    # ---------------------------------------------------------------- tags

    def tag_resource(self, arn: str, tags: Sequence[Mapping[str, Any]]) -> None:
        repository = self.repositories.by_arn(arn)
        merged = {**repository.tags, **parse_tags(tags)}
        check_count(merged, f"the repository '{repository.name}'")
        repository.tags = merged

    def untag_resource(self, arn: str, keys: Sequence[str]) -> None:
        repository = self.repositories.by_arn(arn)
        for key in keys:
            check_key(key)
        removed = set(keys)
        repository.tags = {k: v for k, v in repository.tags.items() if k not in removed}

    def tags_of(self, arn: str) -> dict[str, str]:
        return dict(self.repositories.by_arn(arn).tags)

    # ---------------------------------------------------------------- registry

    def proxy_endpoint(self, registry_id: str) -> str:
        host = registry_host(registry_id, self.context.region, self.context.partition)
        return f"https://{host}"

    def get_authorization_token(
        self, registry_ids: Sequence[str] | None = None
    ) -> list[tuple[AuthorizationToken, str]]:
        """One token for the caller, with the proxy endpoint of each registry asked for."""
        wanted = list(registry_ids) if registry_ids is not None else [self.registry_id]
        if len(wanted) > MAX_TOKEN_REGISTRIES:
            raise invalid(
                "registryIds",
                f"Member must have length less than or equal to {MAX_TOKEN_REGISTRIES}",
            )
        for registry_id in wanted:
            check_registry_id(registry_id, "registryIds")
        token = self.authorizations.issue()
        return [(token, self.proxy_endpoint(registry_id)) for registry_id in wanted]
