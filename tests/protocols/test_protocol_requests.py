"""Every operation's request, serialized by botocore, decodes to what the caller passed.

Parameters are drawn from the operation's input shape, put on the wire by botocore's own
serializer (with its parameter validation on, so they are parameters boto3 accepts),
and read back by our codec: ``identify`` must name the operation and ``decode_request``
must give back the parameters, as far as the wire can carry them (see ``wire_view``).
The serializer alone fills in no idempotency token (a client handler does that), and
no served operation has a host prefix, so neither needs setting aside here.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.model import OperationModel, Shape
from botocore_wire import all_operations, instants, model, request_for
from hypothesis import HealthCheck, assume, given, settings
from shape_strategies import values

from pytest_ecsmock.protocols import codec_for

EXAMPLES = {"iam": 5}
DEFAULT_EXAMPLES = 15
_ABSENT = object()


def wire_view(shape: Shape, params: dict[str, Any], protocol: str) -> dict[str, Any]:
    """What of ``params`` reaches the server.

    * query: an empty structure or map sends no field at all, so it arrives absent;
      an empty list is sent as ``Name=`` and arrives as ``[]``.
    * rest-json: an empty list in the query string sends nothing.
    * json: everything arrives.
    """
    if protocol == "query":
        view = _query_view(shape, params)
        view = {} if view is _ABSENT else view
        if any(name not in view for name in shape.required_members):
            raise _LostRequired
        return view  # type: ignore[no-any-return]
    if protocol == "rest-json":
        out = dict(params)
        for name, member in shape.members.items():  # type: ignore[attr-defined]
            if member.serialization.get("location") == "querystring" and out.get(name) == []:
                del out[name]
        return out
    return params


class _LostRequired(Exception):
    """The wire dropped a required member of a structure it did carry (an empty
    structure in a required place): AWS then rightly reports the member missing."""


def _query_view(shape: Shape, value: Any) -> Any:
    kind = shape.type_name
    if kind == "structure":
        members = shape.members  # type: ignore[attr-defined]
        out = {}
        for name, item in value.items():
            seen = _query_view(members[name], item)
            if seen is not _ABSENT:
                out[name] = seen
        if out and any(name not in out for name in shape.required_members):
            raise _LostRequired
        return out or _ABSENT
    if kind == "list":
        if not value:
            return []
        items = [_query_view(shape.member, item) for item in value]  # type: ignore[attr-defined]
        return [item for item in items if item is not _ABSENT] or _ABSENT
    if kind == "map":
        return {key: _query_view(shape.value, item) for key, item in value.items()} or _ABSENT  # type: ignore[attr-defined]
    return value


def _wire_for(operation: OperationModel) -> str:
    return "query-in" if operation.service_model.resolved_protocol == "query" else "json-in"


@pytest.mark.parametrize(("service", "name"), all_operations())
def test_request_round_trip(service: str, name: str) -> None:
    service_model = model(service)
    operation = service_model.operation_model(name)
    codec = codec_for(service_model)
    protocol = service_model.resolved_protocol
    shape = operation.input_shape
    if shape is None:
        request = request_for(operation, {})
        assert codec.identify(service_model, request) == name
        assert codec.decode_request(operation, request) == {}
        return

    @settings(
        max_examples=EXAMPLES.get(service, DEFAULT_EXAMPLES),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(values(shape, _wire_for(operation)))
    def round_trip(params: dict[str, Any]) -> None:
        try:
            expected = wire_view(shape, params, protocol)
        except _LostRequired:
            assume(False)
        request = request_for(operation, params)
        assert codec.identify(service_model, request) == name
        assert instants(codec.decode_request(operation, request)) == instants(expected)

    round_trip()
