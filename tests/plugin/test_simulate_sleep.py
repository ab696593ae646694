"""Deploy-script polling loops finish at once under ``simulate_sleep``."""

from __future__ import annotations

import time

import boto3
import pytest

from pytest_ecsmock import mock_ecs

VPC = {"subnetIds": ["subnet-0a1", "subnet-0b2"]}
ROLE = "arn:aws:iam::123456789012:role/eks"


def wait_for_status(eks, name, wanted, timeout=1800, interval=15):
    """The way deploy scripts poll: a wall-clock deadline and a sleep per round."""
    deadline = time.time() + timeout
    rounds = 0
    while time.time() < deadline:
        rounds += 1
        status = eks.describe_cluster(name=name)["cluster"]["status"]
        if status == wanted:
            return status, rounds
        time.sleep(interval)
    raise TimeoutError(f"{name} did not become {wanted} in {timeout} s")


def wait_monotonic(check, timeout, interval):
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return True
        time.sleep(interval)
    return False


@pytest.mark.ecsmock(simulate_sleep=True)
def test_a_polling_loop_sees_the_cluster_become_active_without_waiting(ecsmock):
    eks = boto3.client("eks", region_name="us-east-1")
    eks.create_cluster(name="prod", roleArn=ROLE, resourcesVpcConfig=VPC)
    real_start = time.perf_counter()
    status, rounds = wait_for_status(eks, "prod", "ACTIVE")
    assert status == "ACTIVE"
    assert rounds == 41  # 600 simulated seconds of creation at one look per 15 s
    assert ecsmock.clock.elapsed().total_seconds() == 600
    assert time.perf_counter() - real_start < 5


@pytest.mark.ecsmock(simulate_sleep=True)
def test_a_deadline_passes_in_simulated_time(ecsmock):
    eks = boto3.client("eks", region_name="us-east-1")
    eks.create_cluster(name="prod", roleArn=ROLE, resourcesVpcConfig=VPC)
    with pytest.raises(TimeoutError, match="did not become FAILED in 300 s"):
        wait_for_status(eks, "prod", "FAILED", timeout=300, interval=20)
    assert ecsmock.clock.elapsed().total_seconds() == 300


@pytest.mark.ecsmock(simulate_sleep=True)
def test_time_agrees_with_the_timestamps_the_mock_returns(ecsmock):
    eks = boto3.client("eks", region_name="us-east-1")
    time.sleep(3600)
    created = eks.create_cluster(name="prod", roleArn=ROLE, resourcesVpcConfig=VPC)
    assert created["cluster"]["createdAt"].timestamp() == pytest.approx(time.time(), abs=1)
    assert time.time() == pytest.approx(ecsmock.clock.now().timestamp())
    assert not wait_monotonic(lambda: False, timeout=120, interval=7)
    assert ecsmock.clock.elapsed().total_seconds() == pytest.approx(3600 + 126)


def test_without_the_option_sleep_is_real():
    with mock_ecs() as m:
        assert time.sleep.__module__ == "time"
        before = time.perf_counter()
        time.sleep(0.05)
        assert time.perf_counter() - before >= 0.05
    assert m.clock.elapsed().total_seconds() == 0


def test_the_real_functions_come_back_after_the_mock():
    real = (time.sleep, time.time, time.monotonic)
    with mock_ecs(simulate_sleep=True) as m:
        assert time.sleep is not real[0]
        with mock_ecs() as inner:  # an inner mock without the option: real time again
            before = time.perf_counter()
            time.sleep(0.02)
            assert time.perf_counter() - before >= 0.02
            assert inner.clock.elapsed().total_seconds() == 0
        time.sleep(30)
    assert (time.sleep, time.time, time.monotonic) == real
    assert m.clock.elapsed().total_seconds() == 30


def test_a_negative_sleep_is_refused_as_python_refuses_it():
    with mock_ecs(simulate_sleep=True), pytest.raises(ValueError, match="non-negative"):
        time.sleep(-1)
