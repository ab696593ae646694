"""Conditions of listener rules (host-header, path-pattern, http-header,
http-request-method, query-string, source-ip): checked and described as AWS does."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pytest_ecsmock.services.elbv2.validation import check_length, not_supported, validation_error

#: the field of each condition and the member holding its configuration
CONFIG_MEMBERS = {
    "http-header": "HttpHeaderConfig",
    "http-request-method": "HttpRequestMethodConfig",
    "host-header": "HostHeaderConfig",
    "path-pattern": "PathPatternConfig",
    "query-string": "QueryStringConfig",
    "source-ip": "SourceIpConfig",
}
#: the fields a rule may use at most once
SINGLE_USE_FIELDS = ("host-header", "http-request-method", "path-pattern", "source-ip")
#: the fields that also take the older ``Values`` form (one value)
VALUES_FORM_FIELDS = ("host-header", "path-pattern")
MAX_VALUES_PER_RULE = 5
MAX_WILDCARDS_PER_RULE = 5
MAX_VALUE_LENGTH = 128
MAX_NAME_LENGTH = 40
HOST_CHARACTERS = re.compile(r"^[A-Za-z0-9\-_.*?]+\Z")
HOST_TOP_LABEL = re.compile(r"\.[A-Za-z]+\Z")
PATH_CHARACTERS = re.compile(r"^[A-Za-z0-9_\-.$/~\"'@:+&*?]+\Z")
HEADER_NAME_CHARACTERS = re.compile(r"^[A-Za-z0-9!#$%&'+\-.^_`|~]+\Z")
METHOD_CHARACTERS = re.compile(r"^[A-Z_\-]+\Z")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
UNESCAPED_WILDCARD = re.compile(r"(?<!\\)[*?]")


@dataclass(frozen=True)
class Condition:
    field: str
    #: host names, path patterns, header values, methods or CIDR blocks
    values: tuple[str, ...] = ()
    #: the header an ``http-header`` condition reads
    header_name: str | None = None
    #: ``query-string`` conditions: (key or None, value) pairs
    pairs: tuple[tuple[str | None, str], ...] = ()

    def value_count(self) -> int:
        return len(self.pairs) if self.field == "query-string" else len(self.values)

    def wildcard_count(self) -> int:
        if self.field in ("http-request-method", "source-ip"):
            return 0
        texts = [*self.values, *(key or "" for key, _ in self.pairs), *(v for _, v in self.pairs)]
        return sum(len(UNESCAPED_WILDCARD.findall(text)) for text in texts)

    def describe(self) -> dict[str, Any]:
        """As DescribeRules shows it: host-header and path-pattern conditions carry
        their values both in ``Values`` and in their config."""
        member = CONFIG_MEMBERS[self.field]
        described: dict[str, Any] = {"Field": self.field}
        if self.field in VALUES_FORM_FIELDS:
            described["Values"] = list(self.values)
        if self.field == "http-header":
            config: dict[str, Any] = {"HttpHeaderName": self.header_name}
            config["Values"] = list(self.values)
        elif self.field == "query-string":
            config = {
                "Values": [
                    {"Value": value} if key is None else {"Key": key, "Value": value}
                    for key, value in self.pairs
                ]
            }
        else:
            config = {"Values": list(self.values)}
        described[member] = config
        return described


def parse_conditions(raw: list[dict[str, Any]]) -> list[Condition]:
    """Check the conditions of a rule, one by one and then as a whole."""
    if not raw:
        raise validation_error("A rule must have at least one condition")
    conditions = [_parse(item, index) for index, item in enumerate(raw, start=1)]
    for field in SINGLE_USE_FIELDS:
        if sum(1 for c in conditions if c.field == field) > 1:
            raise validation_error(f"A rule can only have one '{field}' condition")
    if sum(c.value_count() for c in conditions) > MAX_VALUES_PER_RULE:
        raise validation_error(f"A rule can only have '{MAX_VALUES_PER_RULE}' condition values")
    if sum(c.wildcard_count() for c in conditions) > MAX_WILDCARDS_PER_RULE:
        raise validation_error(f"A rule can only have '{MAX_WILDCARDS_PER_RULE}' wildcards")
    return conditions


def _parse(item: dict[str, Any], index: int) -> Condition:
    if item.get("RegexValues") is not None:
        raise not_supported("Regular expression conditions (RegexValues)")
    field = item.get("Field")
    if field is None:
        raise validation_error("A condition field must be specified")
    check_length(field, 64, f"conditions.{index}.member.field")
    if field not in CONFIG_MEMBERS:
        raise validation_error(
            f"Condition field '{field}' must be one of '[{', '.join(CONFIG_MEMBERS)}]'"
        )
    member = CONFIG_MEMBERS[field]
    for other in CONFIG_MEMBERS.values():
        if other != member and item.get(other) is not None:
            raise validation_error(f"The '{other}' field is not compatible with '{field}'")
    values, config = item.get("Values"), item.get(member)
    if values is not None and field not in VALUES_FORM_FIELDS:
        raise validation_error(f"The 'Values' field is not compatible with '{field}'")
    if values is not None and config is not None:
        raise validation_error(
            f"You cannot provide both Values and '{member}' for a condition of type '{field}'"
        )
    if config is not None and config.get("RegexValues") is not None:
        raise not_supported("Regular expression conditions (RegexValues)")
    if values is not None and len(values) > 1:
        raise validation_error(f"The '{field}' field contains too many values; the limit is '1'")
    return PARSERS[field](field, values if values is not None else config or {})


def _strings(given: Any, field: str) -> tuple[str, ...]:
    """The values of a condition: a list (``Values`` form) or a config's ``Values``."""
    values = given if isinstance(given, list) else given.get("Values")
    if not values:
        raise validation_error(f"A condition value must be specified for '{field}'")
    for value in values:
        if len(value) > MAX_VALUE_LENGTH:
            raise validation_error(
                f"The '{field}' value is too long; the limit is '{MAX_VALUE_LENGTH}'"
            )
        if CONTROL_CHARACTERS.search(value):
            raise validation_error(
                f"The '{field}' value {value!r} contains control characters, which rules do "
                "not match"
            )
    return tuple(values)


def _host_header(field: str, given: Any) -> Condition:
    values = _strings(given, field)
    for host in values:
        if not HOST_CHARACTERS.match(host):
            raise validation_error(
                f"The host header value '{host}' is not valid: it can contain only A-Z, a-z, "
                "0-9, '-', '_', '.', and the wildcards '*' and '?'"
            )
        if not HOST_TOP_LABEL.search(host):
            raise validation_error(
                f"The host header value '{host}' is not valid: it must include at least one "
                "'.' and only alphabetical characters after the final '.'"
            )
    return Condition(field, values)


def _path_pattern(field: str, given: Any) -> Condition:
    values = _strings(given, field)
    for path in values:
        if not PATH_CHARACTERS.match(path):
            raise validation_error(
                f"The path pattern '{path}' is not valid: it can contain only A-Z, a-z, 0-9, "
                "_ - . $ / ~ \" ' @ : + &, and the wildcards '*' and '?'"
            )
    return Condition(field, values)


def _http_header(field: str, given: Any) -> Condition:
    name = given.get("HttpHeaderName")
    if not name:
        raise validation_error("A 'HttpHeaderName' must be specified with 'http-header'")
    if len(name) > MAX_NAME_LENGTH:
        raise validation_error(
            f"The 'HttpHeaderName' value is too long; the limit is '{MAX_NAME_LENGTH}'"
        )
    if not HEADER_NAME_CHARACTERS.match(name):
        raise validation_error(
            f"The HTTP header name '{name}' is not valid: use the characters RFC 7230 allows "
            "in a header name, without wildcards"
        )
    if name.lower() == "host":
        raise validation_error(
            "An 'http-header' condition cannot match the host header; use a 'host-header' condition"
        )
    return Condition(field, _strings(given, field), header_name=name)


def _http_request_method(field: str, given: Any) -> Condition:
    values = _strings(given, field)
    for method in values:
        if len(method) > MAX_NAME_LENGTH:
            raise validation_error(
                f"The '{field}' value is too long; the limit is '{MAX_NAME_LENGTH}'"
            )
        if not METHOD_CHARACTERS.match(method):
            raise validation_error(
                f"The '{field}' value '{method}' is invalid; the allowed characters are A-Z, "
                "hyphen and underscore"
            )
    return Condition(field, values)


def _query_string(field: str, given: Any) -> Condition:
    raw_pairs = given.get("Values")
    if not raw_pairs:
        raise validation_error(f"A condition value must be specified for '{field}'")
    pairs: list[tuple[str | None, str]] = []
    for pair in raw_pairs:
        key, value = pair.get("Key") or None, pair.get("Value")
        if not value:
            raise validation_error("A 'Value' must be specified in 'QueryStringKeyValuePair'")
        for name, text in (("Key", key or ""), ("Value", value)):
            if len(text) > MAX_VALUE_LENGTH:
                raise validation_error(
                    f"The '{name}' value is too long; the limit is '{MAX_VALUE_LENGTH}'"
                )
            if CONTROL_CHARACTERS.search(text):
                raise validation_error(
                    f"The query string {name.lower()} {text!r} contains control characters, "
                    "which rules do not match"
                )
        pairs.append((key, value))
    return Condition(field, pairs=tuple(pairs))


def _source_ip(field: str, given: Any) -> Condition:
    if given.get("IpAddressType") is not None:
        raise validation_error(
            "IpAddressType can be specified only in 'source-ip' conditions of Network Load "
            "Balancer listener rules; give CIDR blocks in Values"
        )
    values = _strings(given, field)
    for cidr in values:
        try:
            ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            valid = False
        else:
            valid = "/" in cidr
        if not valid:
            raise validation_error(
                f"The 'source-ip' value '{cidr}' is not a valid CIDR block (such as "
                "'192.0.2.0/24' or '2001:db8::/32'); wildcards are not supported"
            )
    return Condition(field, values)


PARSERS: dict[str, Callable[[str, Any], Condition]] = {
    "http-header": _http_header,
    "http-request-method": _http_request_method,
    "host-header": _host_header,
    "path-pattern": _path_pattern,
    "query-string": _query_string,
    "source-ip": _source_ip,
}
