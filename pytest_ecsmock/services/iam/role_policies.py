"""The permissions of a role: inline policies and attached managed policies.

They are kept and shown, not evaluated (pytest-ecsmock grants every call); they matter
to DeleteRole, which refuses a role that still has any. Only AWS managed policies can
be attached: customer managed policies need CreatePolicy, not simulated yet.
"""

from __future__ import annotations

from pytest_ecsmock.services.iam import errors
from pytest_ecsmock.services.iam.policy_documents import (
    INLINE_POLICIES_MAX,
    parse_permissions_policy,
    size,
)
from pytest_ecsmock.services.iam.roles import Role, RoleOperations
from pytest_ecsmock.services.iam.validation import (
    AWS_MANAGED,
    CUSTOMER_MANAGED,
    MAX_POLICY_NAME,
    check_name,
    check_path_prefix,
    check_policy_arn,
    policy_name_and_path,
)

MAX_ATTACHED = 10


def _inline_name(role: Role, name: str) -> str | None:
    """The stored name of ``role``'s inline policy ``name`` (names ignore case)."""
    return next((known for known in role.inline_policies if known.lower() == name.lower()), None)


class RolePolicyOperations(RoleOperations):
    # ------------------------------------------------------------------ inline policies

    def put_role_policy(self, role_name: str, policy_name: str, document: str) -> None:
        check_name(policy_name, "policyName", MAX_POLICY_NAME)
        role = self.role(role_name)
        parse_permissions_policy(document)
        replaced = _inline_name(role, policy_name)
        others = [text for name, text in role.inline_policies.items() if name != replaced]
        if sum(map(size, others)) + size(document) > INLINE_POLICIES_MAX:
            raise errors.LimitExceededException(
                f"Maximum policy size of {INLINE_POLICIES_MAX} bytes exceeded for role {role.name}"
            )
        if replaced is not None:
            del role.inline_policies[replaced]
        role.inline_policies[policy_name] = document

    def role_policy(self, role_name: str, policy_name: str) -> tuple[Role, str]:
        """The role and the stored name of its inline policy ``policy_name``."""
        check_name(policy_name, "policyName", MAX_POLICY_NAME)
        role = self.role(role_name)
        found = _inline_name(role, policy_name)
        if found is None:
            raise errors.NoSuchEntityException(
                f"The role policy with name {policy_name} cannot be found."
            )
        return role, found

    def delete_role_policy(self, role_name: str, policy_name: str) -> None:
        role, found = self.role_policy(role_name, policy_name)
        del role.inline_policies[found]

    def list_role_policies(self, role_name: str) -> list[str]:
        return sorted(self.role(role_name).inline_policies, key=str.lower)

    # ------------------------------------------------------------------ managed policies

    def attach_role_policy(self, role_name: str, policy_arn: str) -> None:
        role = self.role(role_name)
        check_policy_arn(policy_arn, self.context.partition)
        if policy_arn in role.attached_policies:
            return  # attaching again changes nothing, as in IAM
        if len(role.attached_policies) >= MAX_ATTACHED:
            raise errors.LimitExceededException(
                f"Cannot exceed quota for PoliciesPerRole: {MAX_ATTACHED}"
            )
        role.attached_policies[policy_arn] = policy_name_and_path(policy_arn)[0]

    def detach_role_policy(self, role_name: str, policy_arn: str) -> None:
        role = self.role(role_name)
        if not (AWS_MANAGED.fullmatch(policy_arn) or CUSTOMER_MANAGED.fullmatch(policy_arn)):
            raise errors.InvalidInputException(f"ARN {policy_arn} is not valid.")
        if policy_arn not in role.attached_policies:
            raise errors.NoSuchEntityException(f"Policy {policy_arn} was not found.")
        del role.attached_policies[policy_arn]

    def list_attached_role_policies(
        self, role_name: str, path_prefix: str | None = None
    ) -> list[tuple[str, str]]:
        """``(name, ARN)`` of the policies attached to the role under ``path_prefix``,
        in name order."""
        role = self.role(role_name)
        prefix = "/" if path_prefix is None else path_prefix
        check_path_prefix(prefix, policy_path=True)
        found = [
            (name, arn)
            for arn, name in role.attached_policies.items()
            if policy_name_and_path(arn)[1].startswith(prefix)
        ]
        return sorted(found, key=lambda pair: (pair[0].lower(), pair[1]))
