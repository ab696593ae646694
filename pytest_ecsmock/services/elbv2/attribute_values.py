"""Checks of attribute values shared by load balancer and listener attributes.

Each check takes the attribute's key and the value given, and raises a
``ValidationError`` naming both when the value is not one the attribute takes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pytest_ecsmock.errors import GenericServiceError
from pytest_ecsmock.services.elbv2.validation import validation_error

Check = Callable[[str, str], None]
#: ASCII digits only: ``str.isdigit`` also takes "²" (which ``int`` refuses) and "٣٠"
WHOLE_NUMBER = re.compile(r"[0-9]+")
BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]")
IP_ADDRESS = re.compile(r"[0-9]{1,3}(\.[0-9]{1,3}){3}")
#: what S3 reserves (its bucket naming rules)
RESERVED_BUCKET_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
RESERVED_BUCKET_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
HEADER_NAME = re.compile(r"[A-Za-z0-9\-_]{1,40}")


def is_whole_number(value: str) -> bool:
    """Whether ``value`` is a whole number written in ASCII digits (as AWS reads them)."""
    return WHOLE_NUMBER.fullmatch(value) is not None


def _refuse(key: str, value: str, expected: str) -> None:
    raise validation_error(f"The value '{value}' of attribute '{key}' is not valid: {expected}")


def boolean(key: str, value: str) -> None:
    if value not in ("true", "false"):
        _refuse(key, value, "it must be 'true' or 'false'")


def integer(low: int, high: int) -> Check:
    def check(key: str, value: str) -> None:
        if not is_whole_number(value) or not low <= int(value) <= high:
            _refuse(key, value, f"it must be a whole number from {low} to {high}")

    return check


def one_of(*choices: str) -> Check:
    def check(key: str, value: str) -> None:
        if value not in choices:
            _refuse(key, value, "it must be one of " + ", ".join(f"'{c}'" for c in choices))

    return check


def free_text(max_length: int) -> Check:
    def check(key: str, value: str) -> None:
        if len(value) > max_length:
            _refuse(key, value[:40] + "...", f"it can be at most {max_length} characters long")

    return check


def bucket_name(key: str, value: str) -> None:
    """S3's rules for the name of a general purpose bucket ("" is no bucket)."""
    if not value:
        return
    problem = _bucket_name_problem(value)
    if problem is not None:
        _refuse(key, value, problem)


def _bucket_name_problem(name: str) -> str | None:
    if not BUCKET_NAME.fullmatch(name):
        return (
            "an S3 bucket name is 3 to 63 lowercase letters, digits, dots and hyphens, "
            "beginning and ending with a letter or digit"
        )
    if ".." in name:
        return "an S3 bucket name cannot hold two adjacent dots"
    if ".-" in name or "-." in name:
        return "an S3 bucket name cannot hold a dot next to a hyphen"
    if IP_ADDRESS.fullmatch(name):
        return "an S3 bucket name cannot be formatted as an IP address"
    prefix = next((p for p in RESERVED_BUCKET_PREFIXES if name.startswith(p)), None)
    if prefix is not None:
        return f"S3 reserves bucket names beginning with '{prefix}'"
    suffix = next((s for s in RESERVED_BUCKET_SUFFIXES if name.endswith(s)), None)
    if suffix is not None:
        return f"S3 reserves bucket names ending with '{suffix}'"
    return None


def log_prefix(key: str, value: str) -> None:
    if "AWSLogs" in value:
        _refuse(key, value, "a log prefix cannot contain 'AWSLogs'")
    if value.startswith("/") or value.endswith("/"):
        _refuse(key, value, "a log prefix cannot begin or end with '/'")


def header_name(key: str, value: str) -> None:
    if not HEADER_NAME.fullmatch(value):
        _refuse(key, value, "a header name is 1 to 40 letters, digits, hyphens and underscores")


def given_pairs(attributes: list[dict[str, Any]], subject: str) -> dict[str, str]:
    """The ``Attributes`` parameter as key -> value (a key given twice: the last value);
    ``subject`` ("Load balancer", "Listener") starts the messages."""
    pairs: dict[str, str] = {}
    for attribute in attributes:
        key = attribute.get("Key")
        if not key:
            raise validation_error(f"A key must be specified for each {subject.lower()} attribute")
        pairs[key] = attribute.get("Value") or ""
    return pairs


def unrecognized(key: str, subject: str) -> GenericServiceError:
    return validation_error(f"{subject} attribute key '{key}' is not recognized")
