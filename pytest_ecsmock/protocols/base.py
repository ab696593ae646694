"""What every codec shares: the HTTP exchange types and the codec interface."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from botocore.model import OperationModel, ServiceModel

from pytest_ecsmock.errors import ServiceError


class HttpRequest:
    """A request as the codecs see it.  ``headers`` may be given as they came (values
    ``str`` or ``bytes``, any mapping): they are copied into a plain ``dict`` of
    ``str`` only when a codec first reads them, which the JSON codec does not once the
    operation is known."""

    __slots__ = ("_headers", "_raw_headers", "body", "method", "url")

    def __init__(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str | bytes],
        body: bytes = b"",
    ) -> None:
        self.method = method
        self.url = url
        self.body = body
        self._raw_headers = headers
        self._headers: dict[str, str] | None = None

    @property
    def headers(self) -> dict[str, str]:
        if self._headers is None:
            self._headers = {
                key: value.decode("latin-1") if isinstance(value, bytes) else str(value)
                for key, value in self._raw_headers.items()
            }
        return self._headers

    def header(self, name: str, default: str = "") -> str:
        lowered = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lowered:
                return value
        return default

    def __repr__(self) -> str:
        return f"HttpRequest({self.method!r}, {self.url!r}, {self.headers!r}, {self.body!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, HttpRequest):
            return NotImplemented
        return (self.method, self.url, self.headers, self.body) == (
            other.method,
            other.url,
            other.headers,
            other.body,
        )

    __hash__ = None  # type: ignore[assignment]


@dataclass
class HttpResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class DecodeError(ServiceError):
    """The request does not fit the operation's input shape."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


class UnknownOperationError(ServiceError):
    """The request names no operation of the service (each protocol has its code)."""

    code = "UnknownOperationException"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status


class Codec:
    """Turns wire requests into parameters and results or errors into wire responses.

    Everything is read from the botocore model: no operation is special-cased.
    """

    #: the error code a service gives for a missing required member
    missing_member_code = "ValidationException"
    #: the error code a service gives for a member of the wrong type
    wrong_type_code = "SerializationException"

    def identify(self, service_model: ServiceModel, request: HttpRequest) -> str:
        raise NotImplementedError

    def decode_request(self, operation: OperationModel, request: HttpRequest) -> dict[str, Any]:
        raise NotImplementedError

    def encode_result(
        self, operation: OperationModel, result: dict[str, Any], request_id: str
    ) -> HttpResponse:
        raise NotImplementedError

    def encode_error(
        self, service_model: ServiceModel, error: ServiceError, request_id: str
    ) -> HttpResponse:
        raise NotImplementedError


def error_wire(service_model: ServiceModel, error: ServiceError) -> tuple[str, int, bool]:
    """The wire code, HTTP status and sender fault the model declares for ``error``."""
    declared = _declared_errors(service_model).get(error.code)
    if declared is None:
        return error.code, error.status, error.status < 500
    return declared


_error_tables: dict[int, tuple[ServiceModel, dict[str, tuple[str, int, bool]]]] = {}


def _declared_errors(service_model: ServiceModel) -> dict[str, tuple[str, int, bool]]:
    cached = _error_tables.get(id(service_model))
    if cached is not None and cached[0] is service_model:
        return cached[1]
    table: dict[str, tuple[str, int, bool]] = {}
    for shape in service_model.error_shapes:
        meta = shape.metadata.get("error", {})
        status = int(meta.get("httpStatusCode", 400))
        table[shape.name] = (
            meta.get("code", shape.name),
            status,
            bool(meta.get("senderFault", status < 500)),
        )
    _error_tables[id(service_model)] = (service_model, table)
    return table
