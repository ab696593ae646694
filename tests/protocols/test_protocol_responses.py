"""Every operation's result, encoded by our codec, parses in botocore to what the
handler returned; every error shape of every model arrives with its wire code, its
HTTP status and its message."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.model import Shape
from botocore_wire import SERVICES, all_operations, instants, model, parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shape_strategies import values

from pytest_ecsmock.errors import GenericServiceError, ServiceError
from pytest_ecsmock.protocols import codec_for

EXAMPLES = {"iam": 5}
DEFAULT_EXAMPLES = 15


def _settings(service: str) -> settings:
    return settings(
        max_examples=EXAMPLES.get(service, DEFAULT_EXAMPLES),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def xml_view(shape: Shape, value: Any) -> Any:
    """What of a result XML carries: nothing tells an empty flattened list (no element
    at all) from an absent one, so botocore leaves it out."""
    kind = shape.type_name
    if kind == "structure":
        members = shape.members  # type: ignore[attr-defined]
        out = {}
        for name, item in value.items():
            member = members[name]
            if member.type_name == "list" and member.serialization.get("flattened") and not item:
                continue
            out[name] = xml_view(member, item)
        return out
    if kind == "list":
        return [xml_view(shape.member, item) for item in value]  # type: ignore[attr-defined]
    if kind == "map":
        return {key: xml_view(shape.value, item) for key, item in value.items()}  # type: ignore[attr-defined]
    return value


@pytest.mark.parametrize(("service", "name"), all_operations())
def test_response_round_trip(service: str, name: str) -> None:
    service_model = model(service)
    operation = service_model.operation_model(name)
    codec = codec_for(service_model)
    shape = operation.output_shape
    query = service_model.resolved_protocol == "query"
    if shape is None:
        response = codec.encode_result(operation, {}, "req-1")
        assert response.status == 200
        parsed = parse(service_model, response, None)
        assert parsed["ResponseMetadata"]["RequestId"] == "req-1"
        return

    @_settings(service)
    @given(values(shape, "query-out" if query else "json-out"))
    def round_trip(result: dict[str, Any]) -> None:
        response = codec.encode_result(operation, result, "req-1")
        parsed = parse(service_model, response, shape)
        metadata = parsed.pop("ResponseMetadata")
        assert metadata["RequestId"] == "req-1"
        assert metadata["HTTPStatusCode"] == int(operation.http.get("responseCode", 200))
        expected = xml_view(shape, result) if query else result
        assert instants(parsed) == instants(expected)

    round_trip()


def _error_shapes() -> list[tuple[str, str]]:
    return [(svc, shape.name) for svc in SERVICES for shape in model(svc).error_shapes]


@pytest.mark.parametrize(("service", "error"), _error_shapes())
def test_error_round_trip(service: str, error: str) -> None:
    service_model = model(service)
    shape = service_model.shape_for(error)
    declared = shape.metadata.get("error", {})
    wire_code = declared.get("code", error)
    status = int(declared.get("httpStatusCode", 400))
    codec = codec_for(service_model)
    query = service_model.resolved_protocol == "query"
    any_output = service_model.operation_model(service_model.operation_names[0]).output_shape

    @settings(max_examples=3, deadline=None, derandomize=True, database=None)
    @given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30))
    def round_trip(message: str) -> None:
        failure = type(error, (ServiceError,), {})(message)
        assert failure.code == error
        response = codec.encode_error(service_model, failure, "req-9")
        assert response.status == status
        parsed = parse(service_model, response, any_output)
        assert parsed["Error"]["Code"] == wire_code
        # XML cannot tell an empty <Message/> from none: botocore reads None
        assert parsed["Error"]["Message"] == (message or None if query else message)
        assert parsed["ResponseMetadata"]["HTTPStatusCode"] == status
        assert parsed["ResponseMetadata"]["RequestId"] == "req-9"

    round_trip()


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize(
    ("code", "status"),
    [("IncompleteSignature", 400), ("InternalFailure", 500), ("NotImplemented", 501)],
)
def test_undeclared_error_keeps_its_code_and_status(service: str, code: str, status: int) -> None:
    service_model = model(service)
    codec = codec_for(service_model)
    response = codec.encode_error(
        service_model, GenericServiceError(code, "a <b> & 'c'\r\nd", status), "req-2"
    )
    parsed = parse(service_model, response, None)
    assert (parsed["Error"]["Code"], parsed["Error"]["Message"]) == (code, "a <b> & 'c'\r\nd")
    assert parsed["ResponseMetadata"]["HTTPStatusCode"] == status
