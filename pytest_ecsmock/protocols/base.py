"""What every codec shares: the HTTP exchange types and the codec interface."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from botocore.model import OperationModel, ServiceModel

from pytest_ecsmock.errors import ServiceError


@dataclass
class HttpRequest:
    method: str
    url: str
    headers: dict[str, str]
    body: bytes = b""

    def header(self, name: str, default: str = "") -> str:
        lowered = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lowered:
                return value
        return default


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
