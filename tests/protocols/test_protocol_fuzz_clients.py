"""Garbage through real boto3 clients, with botocore's parameter validation off, to every
operation pytest-ecsmock implements (read at collection time: the table grows).

Whatever arrives, the answer is a parsed result or a ``ClientError`` with a code and a
4xx status (or 501 NotImplemented); never another exception, never InternalFailure.
What botocore's own serializer cannot put on the wire (it raises before sending) is
not ours to answer: such examples are discarded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.client import BaseClient
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore_wire import model
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from shape_strategies import garbage

from pytest_ecsmock import mock_ecs
from pytest_ecsmock.services.base import service_def

SERVED = ("ecs", "ecr", "eks", "elbv2")
UNCHECKED = Config(
    parameter_validation=False,
    retries={"total_max_attempts": 1},
    region_name="us-east-1",
)

pytestmark = pytest.mark.filterwarnings("ignore:pytest-ecsmock does not implement")


def _implemented() -> list[tuple[str, str]]:
    return [(svc, name) for svc in SERVED for name in sorted(service_def(svc).operations)]


IMPLEMENTED = _implemented()
# about 600 calls in all, so the run stays short as the services grow: 15 calls per
# operation while there are few, never fewer than 5
EXAMPLES = max(5, min(15, 600 // max(len(IMPLEMENTED), 1)))


@pytest.fixture(scope="module")
def clients() -> Iterator[dict[str, BaseClient]]:
    with mock_ecs():
        yield {svc: boto3.client(svc, config=UNCHECKED) for svc in SERVED}  # type: ignore[call-overload]


@pytest.mark.parametrize(("service", "name"), IMPLEMENTED)
def test_garbage_gets_an_aws_answer(
    clients: dict[str, BaseClient], service: str, name: str
) -> None:
    operation = model(service).operation_model(name)
    client = clients[service]
    method = getattr(client, _method(client, name))
    shape = operation.input_shape
    params = garbage(shape) if shape is not None else st.just({})

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
    )
    @given(params)
    def call(kwargs: dict[str, Any]) -> None:
        with mock_ecs(check_results=True) as handle:
            try:
                answer = method(**kwargs)
            except ClientError as error:
                answer = error.response
            except Exception:
                if not handle.calls:
                    reject()  # botocore's serializer refused before sending: not ours
                raise
        status = answer["ResponseMetadata"]["HTTPStatusCode"]
        if status == 200:
            assert "Error" not in answer
            assert handle.calls.last.error is None
            return
        code = answer["Error"]["Code"]
        assert code, answer
        assert code != "InternalFailure", handle.report()
        assert 400 <= status < 500 or (status, code) == (501, "NotImplemented"), answer

    call()


def _method(client: BaseClient, operation: str) -> str:
    for method, api in client.meta.method_to_api_mapping.items():
        if api == operation:
            return method
    raise LookupError(operation)
