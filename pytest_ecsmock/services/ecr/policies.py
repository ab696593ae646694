"""Repository policies: ECR's checks on the policy text, and the form it gives back.

ECR stores a policy re-serialised (two-space indents, ``"key" : value``, short arrays
on one line), which is what GetRepositoryPolicy shows; ``policy_document`` does the
same. Policies are kept and shown, not evaluated: pytest-ecsmock grants every call.
"""

from __future__ import annotations

import fnmatch
import json
import re
from typing import Any

from pytest_ecsmock.services.ecr import errors
from pytest_ecsmock.services.ecr.validation import invalid

POLICY_TEXT_MAX = 10240
VERSIONS = ("2012-10-17", "2008-10-17")
DOCUMENT_KEYS = {"Version", "Id", "Statement"}
STATEMENT_KEYS = {"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Condition"}
PRINCIPAL_KINDS = {"AWS", "Service", "Federated", "CanonicalUser"}
SET_POLICY_ACTION = "ecr:setrepositorypolicy"


class InvalidPolicy(Exception):
    """The policy text is not a repository policy ECR would take."""


def invalid_policy() -> errors.InvalidParameterException:
    return invalid("PolicyText", "Invalid repository policy provided")


def parse_repository_policy(text: str) -> dict[str, Any]:
    """The policy document of ``text``, or ECR's InvalidParameterException."""
    if len(text) > POLICY_TEXT_MAX:
        raise invalid(
            "policyText", f"Member must have length less than or equal to {POLICY_TEXT_MAX}"
        )
    try:
        document = json.loads(text)
        _check_document(document)
    except (ValueError, InvalidPolicy) as exc:
        raise invalid_policy() from exc
    return document  # type: ignore[no-any-return]


def _check_document(document: Any) -> None:
    if not isinstance(document, dict) or not set(document) <= DOCUMENT_KEYS:
        raise InvalidPolicy
    if document.get("Version") not in VERSIONS:
        raise InvalidPolicy
    statements = document.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        raise InvalidPolicy
    for statement in statements:
        _check_statement(statement)


def _check_statement(statement: Any) -> None:
    if not isinstance(statement, dict) or not set(statement) <= STATEMENT_KEYS:
        raise InvalidPolicy
    if statement.get("Effect") not in ("Allow", "Deny"):
        raise InvalidPolicy
    if ("Principal" in statement) == ("NotPrincipal" in statement):
        raise InvalidPolicy
    _check_principal(statement.get("Principal", statement.get("NotPrincipal")))
    if ("Action" in statement) == ("NotAction" in statement):
        raise InvalidPolicy
    actions = _strings(statement.get("Action", statement.get("NotAction")))
    if not actions or not all(a == "*" or _is_action(a) for a in actions):
        raise InvalidPolicy
    condition = statement.get("Condition", {})
    if not isinstance(condition, dict) or not all(isinstance(c, dict) for c in condition.values()):
        raise InvalidPolicy


def _is_action(action: str) -> bool:
    service, colon, name = action.partition(":")
    return bool(colon and service and name)


def _check_principal(principal: Any) -> None:
    if principal == "*":
        return
    if not isinstance(principal, dict) or not principal:
        raise InvalidPolicy
    for kind, names in principal.items():
        if kind not in PRINCIPAL_KINDS or not _strings(names):
            raise InvalidPolicy


def _strings(value: Any) -> list[str]:
    """A policy element that is a string or a list of strings, as a list (else [])."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    return []


def locks_out(document: dict[str, Any], account_id: str) -> bool:
    """Whether the policy denies, unconditionally, ecr:SetRepositoryPolicy to every
    principal of the account: the lock-out that SetRepositoryPolicy wants forced."""
    statements = document["Statement"]
    for statement in statements if isinstance(statements, list) else [statements]:
        if statement["Effect"] != "Deny" or "Condition" in statement:
            continue
        if not _covers_account(statement.get("Principal"), account_id):
            continue
        if "Action" in statement:
            denied = _matches(statement["Action"], SET_POLICY_ACTION)
        else:
            denied = not _matches(statement["NotAction"], SET_POLICY_ACTION)
        if denied:
            return True
    return False


def _covers_account(principal: Any, account_id: str) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    return any(
        name in ("*", account_id) or re.fullmatch(rf"arn:[a-z-]+:iam::{account_id}:root", name)
        for name in _strings(principal.get("AWS"))
    )


def _matches(patterns: Any, action: str) -> bool:
    return any(fnmatch.fnmatchcase(action, p.lower()) for p in _strings(patterns))


def policy_document(value: Any, depth: int = 0) -> str:
    """``value`` in the layout ECR gives back policy texts in."""
    if isinstance(value, dict):
        if not value:
            return "{ }"
        inner = "  " * (depth + 1)
        fields = [
            f"{inner}{json.dumps(key, ensure_ascii=False)} : {policy_document(item, depth + 1)}"
            for key, item in value.items()
        ]
        return "{\n" + ",\n".join(fields) + "\n" + "  " * depth + "}"
    if isinstance(value, list):
        if not value:
            return "[ ]"
        return "[ " + ", ".join(policy_document(item, depth) for item in value) + " ]"
    return json.dumps(value, ensure_ascii=False)
