"""botocore's side of the wire, for the codec tests: its serializer makes the requests
our codecs decode, its parser reads the responses our codecs encode."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from botocore.awsrequest import HeadersDict, create_request_object, prepare_request_dict
from botocore.model import OperationModel, ServiceModel, Shape
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

from pytest_ecsmock import _models
from pytest_ecsmock.interceptor import _http_request
from pytest_ecsmock.protocols import HttpRequest, HttpResponse

SERVICES = ("ecs", "ecr", "eks", "elbv2", "iam")
ENDPOINT = "https://service.us-east-1.amazonaws.com"

_serializers: dict[str, Any] = {}
_parsers: dict[str, Any] = {}


def model(service: str) -> ServiceModel:
    return _models.service_model(service)


def all_operations() -> list[tuple[str, str]]:
    return [(svc, name) for svc in SERVICES for name in model(svc).operation_names]


def request_for(operation: OperationModel, params: dict[str, Any]) -> HttpRequest:
    """``params`` on the wire exactly as a boto3 client sends them (validated first)."""
    protocol = operation.service_model.resolved_protocol
    serializer = _serializers.get(protocol)
    if serializer is None:
        serializer = _serializers[protocol] = create_serializer(protocol, True)
    request_dict = serializer.serialize_to_request(params, operation)
    prepare_request_dict(request_dict, endpoint_url=ENDPOINT)
    return _http_request(create_request_object(request_dict).prepare())


def parse(
    service_model: ServiceModel, response: HttpResponse, output: Shape | None
) -> dict[str, Any]:
    protocol = service_model.resolved_protocol
    parser = _parsers.get(protocol)
    if parser is None:
        parser = _parsers[protocol] = create_parser(protocol)
    parsed: dict[str, Any] = parser.parse(
        {
            "status_code": response.status,
            "headers": HeadersDict(response.headers),
            "body": response.body,
        },
        output,
    )
    return parsed


def instants(value: Any) -> Any:
    """``value`` with every datetime as its UTC instant, to compare across time zones."""
    if isinstance(value, dict):
        return {key: instants(item) for key, item in value.items()}
    if isinstance(value, list):
        return [instants(item) for item in value]
    if isinstance(value, datetime):
        return value.timestamp()
    return value
