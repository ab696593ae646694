"""IAM's grammar checks on policy documents: trust policies (who may assume a role)
and permissions policies (inline role policies).

Documents are kept as the text the caller sent, since IAM gives them back as sent
(URL-encoded on the wire; botocore decodes them into dicts). Each failed check is
``MalformedPolicyDocument`` with IAM's message. Existence of the principals a trust
policy names is not checked (IAM does check AWS principals; the mock knows no users).
"""

from __future__ import annotations

import json
import re
from typing import Any

from pytest_ecsmock.services.iam import errors
from pytest_ecsmock.services.iam.validation import not_supported

VERSIONS = ("2008-10-17", "2012-10-17")
DOCUMENT_KEYS = {"Version", "Id", "Statement"}
STATEMENT_KEYS = {
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
}
EFFECTS = ("Allow", "Deny")
PRINCIPAL_KINDS = ("AWS", "Service", "Federated", "CanonicalUser")
SERVICE_PRINCIPAL = re.compile(r"[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?")
AWS_PRINCIPAL = re.compile(
    r"\*|\d{12}|A[A-Z0-9]{3}[A-Z0-9]{13,}"
    r"|arn:(aws|aws-cn|aws-us-gov):(iam::\d{12}:(root|(user|role|federated-user)/.+)"
    r"|sts::\d{12}:assumed-role/.+)"
)
CONDITION_OPERATORS = {
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
}
#: IAM's quotas, counted without white space
TRUST_POLICY_MAX = 2048
INLINE_POLICIES_MAX = 10240


def malformed(message: str) -> errors.MalformedPolicyDocumentException:
    return errors.MalformedPolicyDocumentException(message)


def syntax_error() -> errors.MalformedPolicyDocumentException:
    return malformed("Syntax errors in policy.")


def size(text: str) -> int:
    """A document's size as IAM's quotas count it: white space is not counted."""
    return sum(1 for char in text if not char.isspace())


def statements(document: dict[str, Any]) -> list[dict[str, Any]]:
    found = document["Statement"]
    return [found] if isinstance(found, dict) else list(found)


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# ---------------------------------------------------------------------------- shared


def _load(text: str, invalid_json: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except ValueError:
        raise malformed(invalid_json) from None
    if not isinstance(document, dict) or not set(document) <= DOCUMENT_KEYS:
        raise syntax_error()
    if "Version" in document and document["Version"] not in VERSIONS:
        raise malformed("The policy must contain a valid version string")
    if "Id" in document and not isinstance(document["Id"], str):
        raise syntax_error()
    found = document.get("Statement")
    if not isinstance(found, (dict, list)) or not found:
        raise syntax_error()
    for statement in statements(document):
        _check_statement_syntax(statement)
    sids = [s["Sid"] for s in statements(document) if s.get("Sid")]
    if len(sids) != len(set(sids)):
        raise malformed("Statement IDs (SID) in a single policy must be unique.")
    return document


def _strings(value: Any, empty_ok: bool = False) -> bool:
    """A string or a list of strings (IAM's ``string_or_list``)."""
    if isinstance(value, str):
        return True
    return (
        isinstance(value, list)
        and (empty_ok or bool(value))
        and all(isinstance(item, str) for item in value)
    )


def _check_statement_syntax(statement: Any) -> None:
    if not isinstance(statement, dict) or not set(statement) <= STATEMENT_KEYS:
        raise syntax_error()
    if "Sid" in statement and not isinstance(statement["Sid"], str):
        raise syntax_error()
    for pair in (("Action", "NotAction"), ("Resource", "NotResource")):
        if all(key in statement for key in pair):
            raise syntax_error()
    for key in ("Action", "NotAction", "Resource", "NotResource"):
        if key in statement and not _strings(statement[key], empty_ok=True):
            raise syntax_error()
    if "Effect" in statement and statement["Effect"] not in EFFECTS:
        effect = statement["Effect"]
        raise malformed(f"Invalid effect: {effect}") if isinstance(effect, str) else syntax_error()
    if "Condition" in statement:
        _check_condition(statement["Condition"])


def _check_condition(condition: Any) -> None:
    if not isinstance(condition, dict):
        raise syntax_error()
    for operator, block in condition.items():
        name = operator.split(":", 1)[1] if operator.startswith("ForA") else operator
        name = name.removesuffix("IfExists")
        if operator.startswith("ForA") and not operator.startswith(
            ("ForAnyValue:", "ForAllValues:")
        ):
            raise syntax_error()
        if name not in CONDITION_OPERATORS or not isinstance(block, dict):
            raise syntax_error()
        for value in block.values():
            items = as_list(value)
            if not items or not all(isinstance(item, (str, bool, int, float)) for item in items):
                raise syntax_error()


def _actions(statement: dict[str, Any]) -> list[str]:
    return as_list(statement.get("Action", statement.get("NotAction", [])))


# ---------------------------------------------------------------------------- trust policies


def parse_trust_policy(text: str) -> dict[str, Any]:
    """The trust policy of ``text`` (``AssumeRolePolicyDocument``), checked as IAM does."""
    document = _load(text, "This policy contains invalid Json")
    for statement in statements(document):
        if "Effect" not in statement:
            raise malformed("Missing required field Effect")
        if "NotPrincipal" in statement:
            raise not_supported("NotPrincipal in a trust policy")
        if "Principal" not in statement:
            raise malformed("Missing required field Principal")
        _check_principal(statement["Principal"])
        actions = _actions(statement)
        if not actions:
            raise malformed("Missing required field Action")
        if any(action != "*" and not action.lower().startswith("sts:") for action in actions):
            raise malformed("AssumeRole policy may only specify STS AssumeRole actions.")
        if "Resource" in statement:
            raise malformed("Has prohibited field Resource")
        if "NotResource" in statement:
            raise malformed("Has prohibited field NotResource")
    if size(text) > TRUST_POLICY_MAX:
        raise errors.LimitExceededException(
            f"Cannot exceed quota for ACLSizePerRole: {TRUST_POLICY_MAX}"
        )
    return document


def _check_principal(principal: Any) -> None:
    if principal == "*":
        return
    if not isinstance(principal, dict) or not principal:
        raise syntax_error()
    for kind, values in principal.items():
        if kind not in PRINCIPAL_KINDS:
            raise malformed(f'Invalid principal in policy: "{kind}"')
        if not _strings(values):
            raise syntax_error()
        for value in as_list(values):
            pattern = {"AWS": AWS_PRINCIPAL, "Service": SERVICE_PRINCIPAL}.get(kind)
            if not value or (pattern is not None and not pattern.fullmatch(value)):
                raise malformed(f'Invalid principal in policy: "{kind.upper()}":"{value}"')


# ---------------------------------------------------------------------------- permissions


def parse_permissions_policy(text: str) -> dict[str, Any]:
    """An identity-based (inline) policy: no principal, actions and resources required."""
    document = _load(text, "Syntax errors in policy.")
    for statement in statements(document):
        if "Effect" not in statement:
            raise syntax_error()
    if document.get("Version") != "2012-10-17":
        raise malformed("Policy document must be version 2012-10-17 or greater.")
    for statement in statements(document):
        if "Principal" in statement or "NotPrincipal" in statement:
            field = "Principal" if "Principal" in statement else "NotPrincipal"
            raise malformed(f"Has prohibited field {field}")
        if not _actions(statement):
            raise malformed("Policy statement must contain actions.")
        resources = as_list(statement.get("Resource", statement.get("NotResource", [])))
        if not resources:
            raise malformed("Policy statement must contain resources.")
        for action in _actions(statement):
            if action != "*" and ":" not in action:
                raise malformed(
                    "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
                )
        for resource in resources:
            if resource != "*" and ":" not in resource:
                raise malformed(f'Resource {resource} must be in ARN format or "*".')
    return document
