"""Target health when the health check settings change (ModifyTargetGroup), and the
test API that forces what checks answer."""

from __future__ import annotations

import pytest
from elbv2_helpers import error_of, forward_to, refused

from pytest_ecsmock import EcsmockUsageError

TARGET = {"Id": "10.0.0.5", "Port": 8080}


def health(elbv2, tg_arn, target=TARGET):
    found = elbv2.describe_target_health(TargetGroupArn=tg_arn, Targets=[target])
    return found["TargetHealthDescriptions"][0]["TargetHealth"]


def state(elbv2, tg_arn, target=TARGET):
    return health(elbv2, tg_arn, target)["State"]


@pytest.fixture
def backend(ecsmock):
    return ecsmock.backend("elbv2")


@pytest.fixture
def served(elbv2, load_balancer, target_group):
    """The ip target group of the conftest (interval 30 s, healthy 5, unhealthy 2),
    forwarded to by the load balancer."""
    tg_arn = target_group["TargetGroupArn"]
    elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(tg_arn),
    )
    return tg_arn


@pytest.fixture
def healthy(elbv2, ecsmock, served):
    """TARGET, registered at 0 s and healthy at 30 s (its checks are on a 30 s grid)."""
    elbv2.register_targets(TargetGroupArn=served, Targets=[TARGET])
    ecsmock.clock.advance(30)
    assert state(elbv2, served) == "healthy"
    return served


# ---------------------------------------------------------------------- new settings


def test_a_shorter_interval_applies_to_the_check_already_scheduled(
    elbv2, ecsmock, backend, healthy
):
    elbv2.modify_target_group(TargetGroupArn=healthy, HealthCheckIntervalSeconds=300)
    backend.fail_health_checks(healthy, "10.0.0.5")  # next check: at 300 s
    changed = elbv2.modify_target_group(
        TargetGroupArn=healthy, HealthCheckIntervalSeconds=10, UnhealthyThresholdCount=2
    )
    assert changed["TargetGroups"][0]["HealthCheckIntervalSeconds"] == 10

    ecsmock.clock.advance(19)  # one failed check, at 40 s
    assert state(elbv2, healthy) == "healthy"
    ecsmock.clock.advance(1)  # the second, at 50 s
    assert health(elbv2, healthy) == {
        "State": "unhealthy",
        "Reason": "Target.FailedHealthChecks",
        "Description": "Health checks failed",
    }


def test_a_longer_interval_applies_to_the_check_already_scheduled(elbv2, ecsmock, backend, healthy):
    backend.fail_health_checks(healthy, "10.0.0.5")  # next check: at 60 s
    elbv2.modify_target_group(TargetGroupArn=healthy, HealthCheckIntervalSeconds=120)

    ecsmock.clock.advance(89)  # 119 s: no check at 60 or 90 s any more
    assert health(elbv2, healthy) == {"State": "healthy"}
    ecsmock.clock.advance(1)  # one failed check, at 120 s
    ecsmock.clock.advance(119)
    assert state(elbv2, healthy) == "healthy"
    ecsmock.clock.advance(1)  # the second, at 240 s
    assert state(elbv2, healthy) == "unhealthy"


def test_a_lower_threshold_counts_from_the_next_check(elbv2, ecsmock, backend, healthy):
    elbv2.modify_target_group(TargetGroupArn=healthy, UnhealthyThresholdCount=4)
    backend.fail_health_checks(healthy, "10.0.0.5")
    ecsmock.clock.advance(90)  # three failed checks, at 60, 90 and 120 s
    assert state(elbv2, healthy) == "healthy"
    elbv2.modify_target_group(TargetGroupArn=healthy, UnhealthyThresholdCount=2)
    assert state(elbv2, healthy) == "healthy"
    ecsmock.clock.advance(29)
    assert state(elbv2, healthy) == "healthy"
    ecsmock.clock.advance(1)  # the fourth, at 150 s, is past the new threshold
    assert state(elbv2, healthy) == "unhealthy"


def test_a_new_target_follows_the_new_interval_before_its_first_check(elbv2, ecsmock, served):
    elbv2.register_targets(TargetGroupArn=served, Targets=[TARGET])
    ecsmock.clock.advance(5)
    elbv2.modify_target_group(TargetGroupArn=served, HealthCheckIntervalSeconds=10)
    ecsmock.clock.advance(4)
    assert health(elbv2, served)["Reason"] == "Elb.RegistrationInProgress"
    ecsmock.clock.advance(1)  # 10 s after its registration
    assert state(elbv2, served) == "healthy"


def test_a_draining_target_still_drains_for_the_delay(elbv2, ecsmock, healthy):
    elbv2.modify_target_group_attributes(
        TargetGroupArn=healthy,
        Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "40"}],
    )
    elbv2.deregister_targets(TargetGroupArn=healthy, Targets=[TARGET])
    elbv2.modify_target_group(TargetGroupArn=healthy, HealthCheckIntervalSeconds=10)
    ecsmock.clock.advance(39)
    assert state(elbv2, healthy) == "draining"
    ecsmock.clock.advance(1)
    assert health(elbv2, healthy)["Reason"] == "Target.NotRegistered"


def test_targets_of_a_group_not_in_use_stay_unused(elbv2, ecsmock, target_group):
    tg_arn = target_group["TargetGroupArn"]
    elbv2.register_targets(TargetGroupArn=tg_arn, Targets=[TARGET])
    elbv2.modify_target_group(TargetGroupArn=tg_arn, HealthCheckIntervalSeconds=10)
    ecsmock.clock.settle()
    assert health(elbv2, tg_arn)["Reason"] == "Target.NotInUse"


def test_a_refused_change_leaves_the_checks_on_their_grid(elbv2, ecsmock, backend, healthy):
    backend.fail_health_checks(healthy, "10.0.0.5")  # checks at 60 and 90 s
    caught = refused(
        elbv2.modify_target_group,
        TargetGroupArn=healthy,
        HealthCheckIntervalSeconds=10,
        HealthCheckTimeoutSeconds=10,
    )
    assert error_of(caught) == (
        "ValidationError",
        400,
        "Health check interval must be greater than the timeout.",
    )
    ecsmock.clock.advance(59)
    assert state(elbv2, healthy) == "healthy"
    ecsmock.clock.advance(1)
    assert state(elbv2, healthy) == "unhealthy"


# ---------------------------------------------------------------------- forcing answers


@pytest.mark.parametrize("method", ["fail_health_checks", "pass_health_checks"])
@pytest.mark.parametrize("port", ["8080", 8080.0, True, 0, 65536])
def test_a_port_that_is_not_a_port_number_is_refused(
    elbv2, ecsmock, backend, healthy, method, port
):
    with pytest.raises(EcsmockUsageError) as caught:
        getattr(backend, method)(healthy, "10.0.0.5", port)
    assert str(caught.value).startswith(
        f"{method}: port must be None (every port) or an int from 1 to 65535, not {port!r} "
        "(see https://"
    )
    assert "services/elbv2.md#simulated-health" in str(caught.value)
    assert backend.forced_health_checks == {}
    ecsmock.clock.advance(300)
    assert health(elbv2, healthy) == {"State": "healthy"}


def test_a_refused_call_keeps_what_was_forced_before(elbv2, ecsmock, backend, healthy):
    backend.fail_health_checks(healthy, "10.0.0.5", 8080)
    with pytest.raises(EcsmockUsageError):
        backend.pass_health_checks(healthy, "10.0.0.5", "8080")
    ecsmock.clock.advance(60)
    assert state(elbv2, healthy) == "unhealthy"


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        ({"target_id": 5}, "target_id must be the Id of a target (a str), not 5"),
        ({"target_id": ""}, "target_id must be the Id of a target (a str), not ''"),
        ({"reason": "Target.Down"}, "reason must be one of Target.FailedHealthChecks, "),
        ({"response_code": "503"}, "response_code must be an HTTP status code (an int from "),
        ({"response_code": 99}, "response_code must be an HTTP status code (an int from "),
    ],
)
def test_other_arguments_are_checked(elbv2, ecsmock, backend, healthy, arguments, problem):
    given = {"target_id": "10.0.0.5", **arguments}
    with pytest.raises(EcsmockUsageError) as caught:
        backend.fail_health_checks(healthy, **given)
    assert str(caught.value).startswith(f"fail_health_checks: {problem}")
    ecsmock.clock.advance(300)
    assert health(elbv2, healthy) == {"State": "healthy"}


def test_a_port_given_as_an_int_is_matched(elbv2, ecsmock, backend, healthy):
    backend.fail_health_checks(
        healthy, "10.0.0.5", 8080, reason="Target.ResponseCodeMismatch", response_code=500
    )
    ecsmock.clock.advance(60)
    assert health(elbv2, healthy) == {
        "State": "unhealthy",
        "Reason": "Target.ResponseCodeMismatch",
        "Description": "Health checks failed with these codes: [500]",
    }
