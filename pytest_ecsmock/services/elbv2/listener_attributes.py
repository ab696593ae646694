"""Attributes of listeners of application load balancers (DescribeListenerAttributes,
ModifyListenerAttributes): the names of the mTLS/TLS request headers (HTTPS listeners)
and the response headers the load balancer adds.

A listener that ModifyListener turns from HTTPS into another protocol forgets the
request header names it was given: if it becomes HTTPS again they are the defaults,
as on a new HTTPS listener (assumed: whether AWS keeps them is not known).
"""

from __future__ import annotations

import re
from typing import Any

from pytest_ecsmock.services.elbv2 import errors
from pytest_ecsmock.services.elbv2.attribute_values import (
    Check,
    boolean,
    free_text,
    given_pairs,
    header_name,
    integer,
    one_of,
    unrecognized,
)
from pytest_ecsmock.services.elbv2.listeners import Listener
from pytest_ecsmock.services.elbv2.store import Store
from pytest_ecsmock.services.elbv2.validation import validation_error

SUBJECT = "Listener"
FRAME_OPTIONS = re.compile(r"DENY|SAMEORIGIN|ALLOW-FROM \S+")
#: the request headers an HTTPS listener adds, whose names can be changed
REQUEST_HEADERS = {
    "x_amzn_mtls_clientcert_serial_number": "X-Amzn-Mtls-Clientcert-Serial-Number",
    "x_amzn_mtls_clientcert_issuer": "X-Amzn-Mtls-Clientcert-Issuer",
    "x_amzn_mtls_clientcert_subject": "X-Amzn-Mtls-Clientcert-Subject",
    "x_amzn_mtls_clientcert_validity": "X-Amzn-Mtls-Clientcert-Validity",
    "x_amzn_mtls_clientcert_leaf": "X-Amzn-Mtls-Clientcert-Leaf",
    "x_amzn_mtls_clientcert": "X-Amzn-Mtls-Clientcert",
    "x_amzn_tls_version": "X-Amzn-Tls-Version",
    "x_amzn_tls_cipher_suite": "X-Amzn-Tls-Cipher-Suite",
}
HTTPS_ONLY = {
    f"routing.http.request.{header}.header_name": (name, header_name)
    for header, name in REQUEST_HEADERS.items()
}


def _optional(check: Check) -> Check:
    """``check``, or nothing given (the header is not added)."""

    def check_given(key: str, value: str) -> None:
        if value:
            check(key, value)

    return check_given


def _frame_options(key: str, value: str) -> None:
    if not FRAME_OPTIONS.fullmatch(value):
        raise validation_error(
            f"The value '{value}' of attribute '{key}' is not valid: it must be 'DENY', "
            "'SAMEORIGIN' or 'ALLOW-FROM <origin>'"
        )


def _response(header: str) -> str:
    return f"routing.http.response.{header}.header_value"


#: key -> (default, check of a new value), in the order they are listed
RESPONSE_ATTRIBUTES: dict[str, tuple[str, Check]] = {
    "routing.http.response.server.enabled": ("true", boolean),
    _response("strict_transport_security"): ("", free_text(1024)),
    _response("access_control_allow_origin"): ("", free_text(1024)),
    _response("access_control_allow_methods"): ("", free_text(1024)),
    _response("access_control_allow_headers"): ("", free_text(1024)),
    _response("access_control_allow_credentials"): ("", _optional(one_of("true"))),
    _response("access_control_expose_headers"): ("", free_text(1024)),
    _response("access_control_max_age"): ("", _optional(integer(0, 2147483647))),
    _response("content_security_policy"): ("", free_text(1024)),
    _response("x_content_type_options"): ("", _optional(one_of("nosniff"))),
    _response("x_frame_options"): ("", _optional(_frame_options)),
}
#: keys AWS knows only for network or gateway load balancers
OTHER_TYPES_ONLY = ("tcp.idle_timeout.seconds", "send_tcp_reset.on_idle_timeout.enabled")


class ListenerAttributeOperations(Store):
    def describe_listener_attributes(self, arn: str) -> list[tuple[str, str]]:
        """All the attributes of the listener, as (key, value)."""
        return list(self._listener_attribute_values(self.listener(arn)).items())

    def modify_listener_attributes(
        self, arn: str, attributes: list[dict[str, Any]]
    ) -> list[tuple[str, str]]:
        """Change the attributes given (all checked first); returns all attributes."""
        listener = self.listener(arn)
        changes = given_pairs(attributes, SUBJECT)
        known = _attributes_of(listener)
        for key, value in changes.items():
            _check(listener, known, key, value)
        stored = self.listener_attributes.setdefault(listener.arn, {})
        for key, value in changes.items():
            if value == known[key][0]:
                stored.pop(key, None)
            else:
                stored[key] = value
        return list(self._listener_attribute_values(listener).items())

    def listener_modified(self, listener: Listener) -> None:
        super().listener_modified(listener)
        stored = self.listener_attributes.get(listener.arn)
        if stored is not None and listener.protocol != "HTTPS":
            for key in HTTPS_ONLY:
                stored.pop(key, None)

    def _listener_attribute_values(self, listener: Listener) -> dict[str, str]:
        stored = self.listener_attributes.get(listener.arn, {})
        return {
            key: stored.get(key, default) for key, (default, _) in _attributes_of(listener).items()
        }


def _attributes_of(listener: Listener) -> dict[str, tuple[str, Check]]:
    if listener.protocol == "HTTPS":
        return {**HTTPS_ONLY, **RESPONSE_ATTRIBUTES}
    return dict(RESPONSE_ATTRIBUTES)


def _check(listener: Listener, known: dict[str, tuple[str, Check]], key: str, value: str) -> None:
    if key in OTHER_TYPES_ONLY:
        raise errors.InvalidConfigurationRequestException(
            f"Listener attribute key '{key}' is not supported on load balancers with type "
            "'application'"
        )
    if key in HTTPS_ONLY and key not in known:
        raise errors.InvalidConfigurationRequestException(
            f"Listener attribute key '{key}' is supported only on HTTPS listeners; listener "
            f"'{listener.arn}' is {listener.protocol}"
        )
    if key not in known:
        raise unrecognized(key, SUBJECT)
    known[key][1](key, value)
