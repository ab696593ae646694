"""Operations we do not implement, and bugs of ours: AWS-style errors, warnings, no retries."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from plugin_helpers import REGION, unimplemented_ecs_operation

from pytest_ecsmock import EcsmockWarning, mock_ecs
from pytest_ecsmock.services.base import service_def

OPERATION, METHOD = unimplemented_ecs_operation()


@contextmanager
def ecsmock_warnings() -> Iterator[list[str]]:
    """The messages of the EcsmockWarnings raised inside the block."""
    messages: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield messages
    messages.extend(str(w.message) for w in caught if issubclass(w.category, EcsmockWarning))


def test_unimplemented_operation_is_an_aws_style_error_naming_it():
    with ecsmock_warnings() as warned, mock_ecs() as m:
        ecs = boto3.client("ecs", region_name=REGION)
        with pytest.raises(ClientError) as caught:
            getattr(ecs, METHOD)()
    assert warned == [
        f"pytest-ecsmock does not implement ecs:{OPERATION} yet; those calls failed with "
        "NotImplemented. See https://github.com/pytest-ecsmock/pytest-ecsmock/blob/main/docs/"
        "coverage.md"
    ]
    response = caught.value.response
    assert response["Error"]["Code"] == "NotImplemented"
    assert response["Error"]["Message"].startswith(
        f"ecs:{OPERATION} is not implemented by pytest-ecsmock yet, so this call did nothing."
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert response["ResponseMetadata"]["RetryAttempts"] == 0
    assert [c.operation for c in m.unimplemented_calls()] == [OPERATION]
    assert m.calls.last.error_code == "NotImplemented"


def test_the_warning_names_each_operation_once_even_after_a_reset():
    with ecsmock_warnings() as warned, mock_ecs() as m:
        ecs = boto3.client("ecs", region_name=REGION)
        for _ in range(2):
            with pytest.raises(ClientError):
                getattr(ecs, METHOD)()
        m.reset()
    assert len(warned) == 1
    assert warned[0].count(OPERATION) == 1
    assert len(m.calls) == 0  # the calls are forgotten, the report is not
    assert f"not implemented: ecs:{OPERATION}" in m.report()


def test_a_mock_without_problems_warns_nothing_and_reports_nothing():
    with ecsmock_warnings() as warned, mock_ecs() as m:
        boto3.client("ecs", region_name=REGION).list_clusters()
    assert warned == []
    assert m.report() == ""


@pytest.fixture
def broken_create_cluster(monkeypatch):
    """CreateCluster with a bug: it changes state, then fails."""
    ran: list[str] = []
    real = service_def("ecs").operations["CreateCluster"]

    def broken(backend, params):
        real(backend, params)
        ran.append(params["clusterName"])
        return {"cluster": {"clusterName": 1 / 0}}

    monkeypatch.setitem(service_def("ecs").operations, "CreateCluster", broken)
    return ran


@pytest.mark.parametrize("mode", ["legacy", "standard", "adaptive"])
def test_an_internal_error_is_internal_failure_and_is_not_retried(broken_create_cluster, mode):
    with ecsmock_warnings() as warned, mock_ecs() as m:
        ecs = boto3.client("ecs", region_name=REGION, config=Config(retries={"mode": mode}))
        with pytest.raises(ClientError) as caught:
            ecs.create_cluster(clusterName="once")

    assert broken_create_cluster == ["once"]  # the handler ran once, not five times
    response = caught.value.response
    assert response["Error"]["Code"] == "InternalFailure"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert response["ResponseMetadata"]["RetryAttempts"] == 0
    message = response["Error"]["Message"]
    assert message.startswith(
        "pytest-ecsmock failed while serving ecs:CreateCluster: ZeroDivisionError: "
        "division by zero. This is a bug in pytest-ecsmock"
    )
    assert len(m.calls) == 1
    call = m.internal_errors()[0]
    assert call.error_code == "InternalFailure"
    assert isinstance(call.internal_error, ZeroDivisionError)
    assert call.traceback is not None
    assert "1 / 0" in call.traceback
    assert "internal error in ecs:CreateCluster:" in m.report()
    assert len(warned) == 1
    assert warned[0].startswith(
        "pytest-ecsmock failed while serving ecs:CreateCluster (a bug in pytest-ecsmock):\n"
        "Traceback (most recent call last):"
    )
    assert warned[0].rstrip().endswith("ZeroDivisionError: division by zero")
