"""Whether a role's trust policy lets a service principal assume the role.

The evaluation follows IAM's rules for the statements that name the principal: the
action must match (``*`` and ``?`` wildcards, case-insensitive; ``NotAction`` inverts
it), an explicit ``Deny`` wins over any ``Allow``, and with no ``Allow`` the answer is
no. ``Principal: "*"`` and ``{"AWS": "*"}`` match every principal.

Conditions: the simple operators (``String*``, ``Arn*``, ``Bool``, with the
``ForAnyValue:``/``ForAllValues:`` prefixes and ``IfExists``) are evaluated against the
``context`` keys the caller gives (such as ``aws:SourceAccount``); a condition on a key
that is not in ``context``, or with any other operator, is treated as satisfied.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from pytest_ecsmock.services.iam.policy_documents import as_list, statements

ContextValue = str | Sequence[str]
Context = Mapping[str, ContextValue]
ASSUME_ROLE = "sts:AssumeRole"


@lru_cache(maxsize=256)
def _wildcard(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    parts = (".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern)
    return re.compile("".join(parts), re.IGNORECASE if ignore_case else 0)


def wildcard_match(pattern: str, value: str, ignore_case: bool = True) -> bool:
    return _wildcard(pattern, ignore_case).fullmatch(value) is not None


def trusts_service(
    document: Mapping[str, Any],
    service_principal: str,
    action: str = ASSUME_ROLE,
    context: Context | None = None,
) -> bool:
    """Whether ``document`` (a parsed trust policy) allows ``service_principal`` to do
    ``action``: some ``Allow`` statement applies and no ``Deny`` statement does."""
    allowed = False
    for statement in statements(dict(document)):
        if not (
            _names_service(statement.get("Principal"), service_principal)
            and _covers(statement, action)
            and _conditions_hold(statement.get("Condition", {}), context or {})
        ):
            continue
        if statement.get("Effect") == "Deny":
            return False
        allowed = True
    return allowed


def _names_service(principal: Any, service: str) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    if "*" in as_list(principal.get("AWS", [])):
        return True
    return any(value.lower() == service.lower() for value in as_list(principal.get("Service", [])))


def _covers(statement: Mapping[str, Any], action: str) -> bool:
    if "NotAction" in statement:
        return not any(wildcard_match(p, action) for p in as_list(statement["NotAction"]))
    return any(wildcard_match(p, action) for p in as_list(statement.get("Action", [])))


# ---------------------------------------------------------------------------- conditions

_COMPARE: dict[str, Callable[[str, str], bool]] = {
    "StringEquals": lambda want, have: want == have,
    "StringEqualsIgnoreCase": lambda want, have: want.lower() == have.lower(),
    "StringLike": lambda want, have: wildcard_match(want, have, ignore_case=False),
    "ArnEquals": lambda want, have: want == have,
    "ArnLike": lambda want, have: wildcard_match(want, have, ignore_case=False),
    "Bool": lambda want, have: want.lower() == have.lower(),
}
_NEGATED = {
    "StringNotEquals": "StringEquals",
    "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
    "StringNotLike": "StringLike",
    "ArnNotEquals": "ArnEquals",
    "ArnNotLike": "ArnLike",
}


def _conditions_hold(condition: Mapping[str, Any], context: Context) -> bool:
    known = {key.lower(): value for key, value in context.items()}
    for operator, block in condition.items():
        qualifier, _, name = operator.rpartition(":")
        name = name.removesuffix("IfExists")
        negated = name in _NEGATED
        compare = _COMPARE.get(_NEGATED.get(name, name))
        if compare is None:
            continue  # not a simple operator: treated as satisfied
        for key, wanted in block.items():
            if key.lower() not in known:
                continue  # the caller did not give this key: treated as satisfied
            have = [str(v) for v in as_list(known[key.lower()])]
            want = [str(v).lower() if isinstance(v, bool) else str(v) for v in as_list(wanted)]

            hits = [any(compare(w, value) for w in want) for value in have]
            hit = all(hits) if qualifier == "ForAllValues" else any(hits)
            if hit == negated:
                return False
    return True
