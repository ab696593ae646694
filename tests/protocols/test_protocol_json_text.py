"""The JSON text written during the shape walk is the text of the two steps it stands
in for (``encode_json``, then ``json``): on every result, the same text, or the same
error when the two steps fail."""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from typing import Any

import pytest
from botocore.model import Shape
from botocore_wire import model
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from shape_strategies import garbage, values

from pytest_ecsmock.protocols.json_text import COMPACT, _writer, encode_json_text
from pytest_ecsmock.protocols.values import encode_json

OUTPUTS = [
    shape
    for service in ("ecs", "ecr", "eks")
    for name in model(service).operation_names
    if (shape := model(service).operation_model(name).output_shape) is not None
]


def two_steps(shape: Shape, value: Any) -> str:
    return COMPACT.encode(encode_json(shape, value))


def outcome(encode: Callable[[Shape, Any], str], shape: Shape, value: Any) -> tuple[str, Any]:
    try:
        return "text", encode(shape, value)
    except Exception as exc:  # the error itself is what is compared
        return "error", (type(exc), str(exc))


@st.composite
def results(draw: st.DrawFn) -> tuple[Shape, Any]:
    shape = draw(st.sampled_from(OUTPUTS))
    return shape, draw(values(shape, "json-out"))


@st.composite
def odd_results(draw: st.DrawFn) -> tuple[Shape, Any]:
    shape = draw(st.sampled_from(OUTPUTS))
    return shape, draw(garbage(shape))


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(results())
def test_a_result_is_written_as_the_two_steps_write_it(drawn: tuple[Shape, Any]) -> None:
    shape, result = drawn
    # by the compiled walk itself: a valid result never needs the two steps
    assert _writer(shape)(result) == two_steps(shape, result)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(odd_results())
def test_an_odd_result_gives_the_text_or_the_error_of_the_two_steps(
    drawn: tuple[Shape, Any],
) -> None:
    shape, result = drawn
    expected = outcome(two_steps, shape, result)
    event(expected[0])
    assert outcome(encode_json_text, shape, result) == expected


class Status(str, enum.Enum):
    ACTIVE = "ACTIVE"


class Count(enum.IntEnum):
    TWO = 2


def _ecs(operation: str) -> Shape:
    shape = model("ecs").operation_model(operation).output_shape
    assert shape is not None
    return shape


@pytest.mark.parametrize(
    "cluster",
    [
        lambda: {"clusterName": Status.ACTIVE, "runningTasksCount": Count.TWO},
        lambda: {"runningTasksCount": True, "pendingTasksCount": 1.5},
        lambda: {"runningTasksCount": 2**80, "activeServicesCount": -0.0},
        lambda: {"capacityProviders": ("FARGATE", "FARGATE_SPOT")},
        lambda: {"capacityProviders": (name for name in ["FARGATE"])},
        lambda: {"capacityProviders": ["FARGATE", None, 3]},
        lambda: {"tags": [{"key": "a", "value": "\u00e9\ud800\n"}], "status": "\x00"},
        lambda: {"statistics": [None]},
        lambda: {"clusterName": b"bytes"},
        lambda: {"notAMember": object(), "clusterName": "kept"},
    ],
)
def test_values_of_unexpected_types_are_written_as_the_two_steps_write_them(
    cluster: Callable[[], dict[str, Any]],
) -> None:
    shape = _ecs("DescribeClusters")
    # each side gets its own result: an iterator in it is used up by the first
    assert outcome(encode_json_text, shape, {"clusters": [cluster()]}) == outcome(
        two_steps, shape, {"clusters": [cluster()]}
    )


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf, 1e300, 0.1])
def test_floats_are_written_as_json_writes_them(number: float) -> None:
    # a member passed on as it is: whatever its shape says, json writes a float
    shape = _ecs("DescribeClusters")
    result = {"clusters": [{"runningTasksCount": number}]}
    assert encode_json_text(shape, result) == two_steps(shape, result)


def test_maps_keep_their_keys_and_values_as_json_writes_them() -> None:
    # ECS's task definition has map members: dockerLabels (string -> string)
    shape = _ecs("DescribeTaskDefinition")
    for labels in [{"a": "b", "\u00e9": ""}, {1: "int key"}, {"a": None}, {}]:
        result = {"taskDefinition": {"containerDefinitions": [{"dockerLabels": labels}]}}
        assert outcome(encode_json_text, shape, result) == outcome(two_steps, shape, result)
