"""IAM state for one account (IAM is global: every Region of an account shares it).

Other backends reach it with ``context.sibling("iam")`` and use:

- :meth:`~IamBackend.find_role` (a role by name or ARN, or ``None``),
- :meth:`~IamBackend.role_trusts` (does the role exist, and does its trust policy let
  a service principal such as ``ecs-tasks.amazonaws.com`` assume it).
"""

from __future__ import annotations

import re

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.iam.role_policies import RolePolicyOperations
from pytest_ecsmock.services.iam.roles import Role
from pytest_ecsmock.services.iam.trust import ASSUME_ROLE, Context, trusts_service

ROLE_ARN = re.compile(
    r"arn:(?P<partition>[a-z-]+):iam::(?P<account>\d{12}):role(?P<path>/(?:.*/)?)(?P<name>[^/]+)"
)
ECS_TASKS = "ecs-tasks.amazonaws.com"


class IamBackend(RolePolicyOperations):
    def __init__(self, context: BackendContext) -> None:
        super().__init__(context)

    def find_role(self, role_arn_or_name: str) -> Role | None:
        """The role a name (any case) or a role ARN of this account names, if it exists.

        An ARN must match the role's path too; an ARN of another account or partition
        names no role here.
        """
        match = ROLE_ARN.fullmatch(role_arn_or_name)
        if match is None:
            if role_arn_or_name.startswith("arn:"):
                return None
            return self.roles.get(role_arn_or_name.lower())
        if (
            match["partition"] != self.context.partition
            or match["account"] != self.context.account_id
        ):
            return None
        role = self.roles.get(match["name"].lower())
        if role is None or role.path != match["path"]:
            return None
        return role

    def role_trusts(
        self,
        role_arn_or_name: str,
        service_principal: str = ECS_TASKS,
        *,
        action: str = ASSUME_ROLE,
        context: Context | None = None,
    ) -> tuple[bool, bool]:
        """``(exists, trusts)``: whether the role exists, and whether its trust policy
        allows ``service_principal`` to ``sts:AssumeRole`` it.

        ``Allow`` statements naming the service (or ``*``) for a matching action grant,
        an applicable ``Deny`` refuses. Conditions are evaluated only for the simple
        operators and the keys given in ``context`` (``{"aws:SourceAccount": ...}``);
        any other condition is treated as satisfied (see :mod:`.trust`).
        """
        role = self.find_role(role_arn_or_name)
        if role is None:
            return False, False
        return True, trusts_service(role.trust, service_principal, action, context)
