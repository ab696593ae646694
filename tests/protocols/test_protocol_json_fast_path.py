"""The JSON decoder's fast path agrees with the checked walk it stands in for.

``decode_json`` first runs a compiled decoder without paths; only when it finds a
problem does the checked walk run, to raise the error with its path.  The two must
never drift apart: on every document, either both accept it with the same value, or
the fast path gives up and the checked walk raises.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from botocore_wire import model
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from shape_strategies import garbage

from pytest_ecsmock.protocols.base import DecodeError
from pytest_ecsmock.protocols.values import _INVALID, _decode_checked, _decoder

CODES = ("InvalidParameterException", "SerializationException")
JSON_OPERATIONS = [
    (service, name)
    for service in ("ecs", "ecr")
    for name in model(service).operation_names
    if model(service).operation_model(name).input_shape is not None
]


def on_the_wire(value: Any) -> Any:
    """What the JSON parser gives for ``value`` once botocore has sent it."""
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {key: on_the_wire(item) for key, item in value.items()}
    if isinstance(value, list):
        return [on_the_wire(item) for item in value]
    return value


@st.composite
def documents(draw: st.DrawFn) -> tuple[Any, Any]:
    service, name = draw(st.sampled_from(JSON_OPERATIONS))
    shape = model(service).operation_model(name).input_shape
    return shape, on_the_wire(draw(garbage(shape)))


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents())
def test_the_fast_path_accepts_exactly_what_the_checked_walk_accepts(
    drawn: tuple[Any, Any],
) -> None:
    shape, document = drawn
    fast = _decoder(shape)(document)
    try:
        checked = _decode_checked(shape, document, "", CODES)
    except DecodeError:
        event("refused")
        assert fast is _INVALID, "the fast path accepted what the checked walk refuses"
    else:
        event("accepted")
        assert fast is not _INVALID, "the fast path refused what the checked walk accepts"
        assert fast == checked
