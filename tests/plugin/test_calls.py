"""The mock's fast way to make a Call makes the very Call the dataclass makes."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

import boto3
import pytest

from pytest_ecsmock import mock_ecs
from pytest_ecsmock.calls import Call
from pytest_ecsmock.errors import ServiceError

WHEN = datetime(2026, 1, 2, tzinfo=timezone.utc)


def test_make_gives_what_the_constructor_gives() -> None:
    error = ServiceError("no")
    boom = RuntimeError("boom")
    common = ("ecs", "DescribeClusters", {"clusters": ["a"]}, "eu-west-1", "123456789012", WHEN)
    pairs = [
        (Call(*common, request_id="r1", result={"x": 1}), Call._make(*common, "r1", {"x": 1})),
        (Call(*common, request_id="r2", error=error), Call._make(*common, "r2", error=error)),
        (
            Call(*common, request_id="r3", error=error, internal_error=boom, traceback="tb"),
            Call._make(*common, "r3", error=error, internal_error=boom, traceback="tb"),
        ),
    ]
    for built, made in pairs:
        assert made == built
        assert repr(made) == repr(built)
        assert str(made) == str(built)
        assert vars(made) == {f.name: getattr(built, f.name) for f in dataclasses.fields(Call)}


def test_a_made_call_is_still_frozen() -> None:
    call = Call._make("ecs", "ListClusters", {}, "us-east-1", "123456789012", WHEN, "r", {})
    with pytest.raises(dataclasses.FrozenInstanceError):
        call.region = "eu-west-1"  # type: ignore[misc]
    assert dataclasses.replace(call, region="eu-west-1").region == "eu-west-1"


def test_a_call_list_compares_equal_to_a_list_of_the_same_calls():
    with mock_ecs() as m:
        boto3.client("ecs", region_name="us-east-1").create_cluster(clusterName="web")
    assert m.calls.filter(service="eks") == []
    assert m.calls == [m.calls.last]
    assert m.calls[:1] == m.calls
    assert m.calls != [m.calls.last, m.calls.last]
