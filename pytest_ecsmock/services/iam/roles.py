"""IAM roles: creation, lookup, changes, tags and deletion.

Role names are unique in an account whatever their case, and found whatever the case
of the name asked for (as in IAM); a role keeps the case it was created with.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.iam import errors
from pytest_ecsmock.services.iam.policy_documents import parse_trust_policy
from pytest_ecsmock.services.iam.validation import (
    MAX_TAGS,
    check_description,
    check_name,
    check_path,
    check_path_prefix,
    check_policy_arn,
    check_session_duration,
    check_tag_keys,
    parse_tags,
)

ROLE_ID_PREFIX = "AROA"
ID_ALPHABET = string.ascii_uppercase + string.digits
MAX_ROLES = 1000
DEFAULT_SESSION = 3600


def encoded_document(text: str) -> str:
    """A policy document as IAM gives it back: the text sent, URL-encoded (RFC 3986,
    spaces as ``%20``). botocore decodes it and parses the JSON into a dict."""
    return quote(text, safe="")


def tag_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    """Tags in key order (case-insensitive), as IAM lists them."""
    return [{"Key": key, "Value": tags[key]} for key in sorted(tags, key=str.lower)]


@dataclass
class Role:
    name: str
    path: str
    role_id: str
    arn: str
    created: datetime
    trust_policy: str
    trust: dict[str, Any]
    max_session_duration: int = DEFAULT_SESSION
    description: str | None = None
    permissions_boundary: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    #: inline policies: name -> the document as sent
    inline_policies: dict[str, str] = field(default_factory=dict)
    #: attached managed policies: ARN -> policy name
    attached_policies: dict[str, str] = field(default_factory=dict)

    def describe(self, listing: bool = False) -> dict[str, Any]:
        """The ``Role`` structure; ListRoles leaves out boundary and tags (as IAM does)."""
        described: dict[str, Any] = {
            "Path": self.path,
            "RoleName": self.name,
            "RoleId": self.role_id,
            "Arn": self.arn,
            "CreateDate": self.created,
            "AssumeRolePolicyDocument": encoded_document(self.trust_policy),
            "MaxSessionDuration": self.max_session_duration,
        }
        if self.description:
            described["Description"] = self.description
        if not listing:
            if self.permissions_boundary:
                described["PermissionsBoundary"] = {
                    "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                    "PermissionsBoundaryArn": self.permissions_boundary,
                }
            if self.tags:
                described["Tags"] = tag_list(self.tags)
        return described


class RoleOperations:
    def __init__(self, context: BackendContext) -> None:
        self.context = context
        #: lower-cased name -> role
        self.roles: dict[str, Role] = {}

    # ------------------------------------------------------------------ lookups

    def role(self, name: str) -> Role:
        """The role named ``name`` (any case), or IAM's ``NoSuchEntity``."""
        check_name(name, "roleName")
        found = self.roles.get(name.lower())
        if found is None:
            raise errors.NoSuchEntityException(f"The role with name {name} cannot be found.")
        return found

    def role_arn(self, path: str, name: str) -> str:
        return f"arn:{self.context.partition}:iam::{self.context.account_id}:role{path}{name}"

    # ------------------------------------------------------------------ operations

    def create_role(
        self,
        name: str,
        trust_policy: str,
        *,
        path: str | None = None,
        description: str | None = None,
        max_session_duration: int | None = None,
        permissions_boundary: str | None = None,
        tags: Iterable[Mapping[str, Any]] | None = None,
    ) -> Role:
        check_name(name, "roleName")
        path = "/" if path is None else path
        check_path(path)
        if description is not None:
            check_description(description)
        if max_session_duration is not None:
            check_session_duration(max_session_duration)
        if permissions_boundary is not None:
            check_policy_arn(permissions_boundary, self.context.partition, scope=True)
        parsed_tags = parse_tags(tags)
        trust = parse_trust_policy(trust_policy)
        if name.lower() in self.roles:
            raise errors.EntityAlreadyExistsException(f"Role with name {name} already exists.")
        if len(self.roles) >= MAX_ROLES:
            raise errors.LimitExceededException(
                f"Cannot exceed quota for RolesPerAccount: {MAX_ROLES}"
            )
        role = Role(
            name=name,
            path=path,
            role_id=ROLE_ID_PREFIX + self.context.ids.alnum(17, ID_ALPHABET),
            arn=self.role_arn(path, name),
            created=self.context.clock.now(),
            trust_policy=trust_policy,
            trust=trust,
            max_session_duration=max_session_duration or DEFAULT_SESSION,
            description=description or None,
            permissions_boundary=permissions_boundary,
            tags=parsed_tags,
        )
        self.roles[name.lower()] = role
        return role

    def delete_role(self, name: str) -> None:
        role = self.role(name)
        if role.attached_policies:
            raise errors.DeleteConflictException(
                "Cannot delete entity, must detach all policies first."
            )
        if role.inline_policies:
            raise errors.DeleteConflictException(
                "Cannot delete entity, must delete policies first."
            )
        del self.roles[role.name.lower()]

    def list_roles(self, path_prefix: str | None = None) -> list[Role]:
        """The roles under ``path_prefix`` (all by default), in name order."""
        prefix = "/" if path_prefix is None else path_prefix
        check_path_prefix(prefix)
        found = [role for role in self.roles.values() if role.path.startswith(prefix)]
        return sorted(found, key=lambda role: role.name.lower())

    def update_assume_role_policy(self, name: str, trust_policy: str) -> Role:
        role = self.role(name)
        role.trust = parse_trust_policy(trust_policy)
        role.trust_policy = trust_policy
        return role

    def update_role(
        self, name: str, description: str | None = None, max_session_duration: int | None = None
    ) -> Role:
        role = self.role(name)
        if description is not None:
            check_description(description)
        if max_session_duration is not None:
            check_session_duration(max_session_duration)
        if description is not None:
            role.description = description or None
        if max_session_duration is not None:
            role.max_session_duration = max_session_duration
        return role

    # ------------------------------------------------------------------ tags

    def tag_role(self, name: str, tags: Iterable[Mapping[str, Any]]) -> None:
        role = self.role(name)
        new = parse_tags(tags)
        lowered = {key.lower() for key in new}
        merged = {k: v for k, v in role.tags.items() if k.lower() not in lowered} | new
        if len(merged) > MAX_TAGS:
            raise errors.LimitExceededException(f"Cannot exceed quota for TagsPerRole: {MAX_TAGS}")
        role.tags = merged

    def untag_role(self, name: str, keys: Iterable[str]) -> None:
        role = self.role(name)
        gone = {key.lower() for key in check_tag_keys(keys)}
        role.tags = {k: v for k, v in role.tags.items() if k.lower() not in gone}
