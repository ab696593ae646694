"""``strict_roles``: task roles must exist in IAM and trust ``ecs-tasks.amazonaws.com``.

The role is looked up where IAM is served for the test: pytest-ecsmock's own IAM, or
moto's when moto's ``mock_aws`` is active and IAM is left to it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from pytest_ecsmock import interceptor
from pytest_ecsmock.services.iam.trust import trusts_service

if TYPE_CHECKING:
    from pytest_ecsmock.mock import EcsMock

ECS_TASKS = "ecs-tasks.amazonaws.com"
#: (role exists, its trust policy lets the principal assume it)
RoleCheck = Callable[[str], "tuple[bool, bool]"]


def iam_is_motos(mock: EcsMock) -> bool:
    if "iam" not in mock.services:
        return True
    return not mock.services_chosen and interceptor.moto_is_active()


def role_check(mock: EcsMock, account_id: str, region: str) -> RoleCheck:
    def check(role: str) -> tuple[bool, bool]:
        if iam_is_motos(mock):
            return _moto_role_trusts(account_id, role)
        backend = mock.state.backend("iam", account_id, region)
        found: tuple[bool, bool] = backend.role_trusts(role, ECS_TASKS)
        return found

    return check


def _moto_role_trusts(account_id: str, role: str) -> tuple[bool, bool]:
    models = sys.modules.get("moto.iam.models")
    if models is None or not interceptor.moto_is_active():
        return False, False  # IAM is served by no one: no role can be found
    backend: Any = models.iam_backends[account_id]["global"]
    name = role.rsplit("/", 1)[-1]
    try:
        found = backend.get_role(name)
    except Exception:  # moto's NoSuchEntity
        return False, False
    if role.startswith("arn:") and found.arn != role:
        return False, False
    text = found.assume_role_policy_document
    document = json.loads(text if text.lstrip().startswith("{") else unquote(text))
    return True, trusts_service(document, ECS_TASKS)
