"""awsJson 1.0/1.1 (ECS, ECR): ``X-Amz-Target`` names the operation, the body is JSON."""

from __future__ import annotations

import json
from typing import Any

from botocore.model import OperationModel, ServiceModel

from pytest_ecsmock.errors import ServiceError
from pytest_ecsmock.protocols.base import (
    Codec,
    HttpRequest,
    HttpResponse,
    UnknownOperationError,
    error_wire,
)
from pytest_ecsmock.protocols.json_text import encode_json_text
from pytest_ecsmock.protocols.values import decode_json, operation_shapes, parse_json

_CONTENT_TYPES = {version: f"application/x-amz-json-{version}" for version in ("1.0", "1.1")}


class AwsJsonCodec(Codec):
    missing_member_code = "InvalidParameterException"
    wrong_type_code = "SerializationException"

    def identify(self, service_model: ServiceModel, request: HttpRequest) -> str:
        target = request.header("X-Amz-Target")
        prefix, _, operation = target.rpartition(".")
        if prefix != service_model.metadata.get("targetPrefix"):
            raise UnknownOperationError(f"Unknown target '{target}'.")
        if operation not in service_model.operation_names:
            raise UnknownOperationError(f"Unknown operation '{operation}'.")
        return operation

    def decode_request(self, operation: OperationModel, request: HttpRequest) -> dict[str, Any]:
        document = parse_json(request.body, self.wrong_type_code)
        shape = operation_shapes(operation)[0]
        if shape is None:
            return {}
        decoded = decode_json(shape, document, "", (self.missing_member_code, self.wrong_type_code))
        return decoded  # type: ignore[no-any-return]

    def _content_type(self, operation_or_service: OperationModel | ServiceModel) -> str:
        version = operation_or_service.metadata.get("jsonVersion", "1.1")
        return _CONTENT_TYPES.get(version) or f"application/x-amz-json-{version}"

    def encode_result(
        self, operation: OperationModel, result: dict[str, Any], request_id: str
    ) -> HttpResponse:
        shape = operation_shapes(operation)[1]
        text = encode_json_text(shape, result) if shape is not None else "{}"
        return HttpResponse(
            200,
            {"x-amzn-RequestId": request_id, "Content-Type": self._content_type(operation)},
            text.encode("utf-8"),
        )

    def encode_error(
        self, service_model: ServiceModel, error: ServiceError, request_id: str
    ) -> HttpResponse:
        code, status, _ = error_wire(service_model, error)
        body = {"__type": code, "message": error.message}
        return HttpResponse(
            status,
            {"x-amzn-RequestId": request_id, "Content-Type": self._content_type(service_model)},
            json.dumps(body).encode("utf-8"),
        )
