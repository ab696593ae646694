"""Simulated target health: checks on the clock, thresholds, draining, the hooks other
backends use, waiters and the instant lifecycle."""

from __future__ import annotations

import boto3
import pytest
from elbv2_helpers import VPC, forward_to

from pytest_ecsmock import mock_ecs

TARGET = {"Id": "10.0.0.5", "Port": 8080}


def health(elbv2, tg_arn, target=TARGET):
    found = elbv2.describe_target_health(TargetGroupArn=tg_arn, Targets=[target])
    return found["TargetHealthDescriptions"][0]["TargetHealth"]


def state(elbv2, tg_arn, target=TARGET):
    return health(elbv2, tg_arn, target)["State"]


def serve(elbv2, load_balancer, tg_arn):
    elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(tg_arn),
    )


@pytest.fixture
def served(elbv2, load_balancer, target_group):
    """The ip target group of the conftest (port 8080, interval 30 s, healthy 5,
    unhealthy 2), forwarded to by the load balancer."""
    serve(elbv2, load_balancer, target_group["TargetGroupArn"])
    return target_group["TargetGroupArn"]


@pytest.fixture
def backend(ecsmock):
    return ecsmock.backend("elbv2")


@pytest.fixture
def healthy(elbv2, ecsmock, served):
    elbv2.register_targets(TargetGroupArn=served, Targets=[TARGET])
    ecsmock.clock.advance(30)
    assert state(elbv2, served) == "healthy"
    return served


def test_a_new_target_is_healthy_after_one_passing_check(elbv2, ecsmock, served):
    elbv2.register_targets(TargetGroupArn=served, Targets=[TARGET])
    assert health(elbv2, served) == {
        "State": "initial",
        "Reason": "Elb.RegistrationInProgress",
        "Description": "Target registration is in progress",
    }

    ecsmock.clock.advance(29)
    assert state(elbv2, served) == "initial"
    ecsmock.clock.advance(1)
    assert health(elbv2, served) == {"State": "healthy"}


def test_checks_begin_when_a_load_balancer_starts_using_the_group(
    elbv2, ecsmock, load_balancer, target_group
):
    tg_arn = target_group["TargetGroupArn"]
    elbv2.register_targets(TargetGroupArn=tg_arn, Targets=[TARGET])
    ecsmock.clock.advance(100)
    assert health(elbv2, tg_arn)["Reason"] == "Target.NotInUse"

    serve(elbv2, load_balancer, tg_arn)
    assert health(elbv2, tg_arn)["Reason"] == "Elb.RegistrationInProgress"
    ecsmock.clock.advance(29)
    assert state(elbv2, tg_arn) == "initial"
    ecsmock.clock.advance(1)
    assert state(elbv2, tg_arn) == "healthy"


def test_targets_are_unused_once_no_load_balancer_uses_the_group(
    elbv2, ecsmock, load_balancer, healthy
):
    listeners = elbv2.describe_listeners(LoadBalancerArn=load_balancer["LoadBalancerArn"])
    listener = listeners["Listeners"][0]
    elbv2.delete_listener(ListenerArn=listener["ListenerArn"])

    assert health(elbv2, healthy)["Reason"] == "Target.NotInUse"
    ecsmock.clock.settle()
    assert state(elbv2, healthy) == "unused"


def test_failing_checks_make_a_healthy_target_unhealthy_after_the_threshold(
    elbv2, ecsmock, backend, healthy
):
    backend.fail_health_checks(healthy, "10.0.0.5")
    ecsmock.clock.advance(30)
    assert state(elbv2, healthy) == "healthy"
    ecsmock.clock.advance(30)
    assert health(elbv2, healthy) == {
        "State": "unhealthy",
        "Reason": "Target.FailedHealthChecks",
        "Description": "Health checks failed",
    }


def test_a_new_target_failing_is_checking_then_unhealthy(elbv2, ecsmock, backend, served):
    backend.fail_health_checks(served, "10.0.0.5", reason="Target.Timeout")
    elbv2.register_targets(TargetGroupArn=served, Targets=[TARGET])

    ecsmock.clock.advance(30)
    assert health(elbv2, served) == {
        "State": "initial",
        "Reason": "Elb.InitialHealthChecking",
        "Description": "Initial health checks in progress",
    }
    ecsmock.clock.advance(30)
    assert health(elbv2, served) == {
        "State": "unhealthy",
        "Reason": "Target.Timeout",
        "Description": "Request timed out",
    }


def test_an_unhealthy_target_needs_the_healthy_threshold_of_passes(
    elbv2, ecsmock, backend, healthy
):
    backend.fail_health_checks(
        healthy, "10.0.0.5", 8080, reason="Target.ResponseCodeMismatch", response_code=500
    )
    ecsmock.clock.advance(60)
    assert health(elbv2, healthy)["Description"] == "Health checks failed with these codes: [500]"

    backend.pass_health_checks(healthy, "10.0.0.5")
    ecsmock.clock.advance(4 * 30)
    assert state(elbv2, healthy) == "unhealthy"
    ecsmock.clock.advance(30)
    assert state(elbv2, healthy) == "healthy"


def test_forcing_one_port_leaves_the_others(elbv2, ecsmock, backend, served):
    other = {"Id": "10.0.0.5", "Port": 9090}
    elbv2.register_targets(TargetGroupArn=served, Targets=[TARGET, other])
    backend.fail_health_checks(served, "10.0.0.5", 9090)
    ecsmock.clock.advance(60)
    assert (state(elbv2, served), state(elbv2, served, other)) == ("healthy", "unhealthy")

    backend.fail_health_checks(served, "10.0.0.5")
    ecsmock.clock.advance(60)
    assert (state(elbv2, served), state(elbv2, served, other)) == ("unhealthy", "unhealthy")


def test_checkers_decide_in_order_and_recheck_resumes_checks(elbv2, ecsmock, backend, healthy):
    answers = {"first": None, "second": True}
    backend.target_hooks.checkers.append(lambda *target: answers["first"])
    backend.target_hooks.checkers.append(lambda *target: answers["second"])
    asked = []
    backend.target_hooks.checkers.insert(0, lambda *target: asked.append(target))

    answers["first"] = False
    ecsmock.clock.advance(300)
    assert state(elbv2, healthy) == "healthy"  # nothing said the answer changed
    assert asked == []

    backend.recheck(healthy, "10.0.0.5", 8080)
    ecsmock.clock.advance(30)
    assert state(elbv2, healthy) == "healthy"
    ecsmock.clock.advance(30)
    assert state(elbv2, healthy) == "unhealthy"
    assert asked == [(healthy, "10.0.0.5", 8080)] * 2


def test_checks_stop_once_the_answer_cannot_change_the_state(elbv2, ecsmock, backend, served):
    elbv2.register_targets(TargetGroupArn=served, Targets=[TARGET])
    ecsmock.clock.settle()
    assert (state(elbv2, served), ecsmock.clock.pending()) == ("healthy", 0)

    failing_from = ecsmock.clock.now()
    backend.fail_health_checks(served, "10.0.0.5")
    settled_at = ecsmock.clock.settle()
    assert (state(elbv2, served), ecsmock.clock.pending()) == ("unhealthy", 0)
    assert (settled_at - failing_from).total_seconds() == 60  # two checks, 30 s apart


def test_the_checks_follow_the_interval_of_the_group(elbv2, ecsmock, served):
    elbv2.modify_target_group(TargetGroupArn=served, HealthCheckIntervalSeconds=10)
    elbv2.register_targets(TargetGroupArn=served, Targets=[TARGET])
    ecsmock.clock.advance(10)
    assert state(elbv2, served) == "healthy"


def test_health_changes_are_announced(elbv2, ecsmock, backend, served):
    changes = []
    backend.target_hooks.health_changed.append(lambda *change: changes.append(change))
    elbv2.modify_target_group_attributes(
        TargetGroupArn=served,
        Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "20"}],
    )

    elbv2.register_targets(TargetGroupArn=served, Targets=[TARGET])
    ecsmock.clock.advance(30)
    elbv2.deregister_targets(TargetGroupArn=served, Targets=[TARGET])
    ecsmock.clock.advance(20)

    assert changes == [
        (served, "10.0.0.5", 8080, "initial"),
        (served, "10.0.0.5", 8080, "healthy"),
        (served, "10.0.0.5", 8080, "draining"),
        (served, "10.0.0.5", 8080, None),
    ]
    assert backend.target_state(served, "10.0.0.5", 8080) is None


def test_draining_lasts_exactly_the_deregistration_delay(elbv2, ecsmock, healthy):
    elbv2.deregister_targets(TargetGroupArn=healthy, Targets=[TARGET])
    assert health(elbv2, healthy) == {
        "State": "draining",
        "Reason": "Target.DeregistrationInProgress",
        "Description": "Target deregistration is in progress",
    }

    ecsmock.clock.advance(299)
    assert state(elbv2, healthy) == "draining"
    ecsmock.clock.advance(1)
    assert elbv2.describe_target_health(TargetGroupArn=healthy)["TargetHealthDescriptions"] == []
    assert health(elbv2, healthy)["Reason"] == "Target.NotRegistered"


def test_a_new_delay_applies_to_targets_that_start_draining_afterwards(elbv2, ecsmock, served):
    second = {"Id": "10.0.0.6", "Port": 8080}
    elbv2.register_targets(TargetGroupArn=served, Targets=[TARGET, second])
    elbv2.deregister_targets(TargetGroupArn=served, Targets=[TARGET])
    elbv2.modify_target_group_attributes(
        TargetGroupArn=served,
        Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "10"}],
    )
    elbv2.deregister_targets(TargetGroupArn=served, Targets=[second])

    ecsmock.clock.advance(10)
    assert state(elbv2, served) == "draining"
    assert state(elbv2, served, second) == "unused"
    ecsmock.clock.advance(290)
    assert state(elbv2, served) == "unused"


def test_no_delay_means_gone_at_once(elbv2, served):
    elbv2.modify_target_group_attributes(
        TargetGroupArn=served,
        Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "0"}],
    )
    elbv2.register_targets(TargetGroupArn=served, Targets=[TARGET])
    elbv2.deregister_targets(TargetGroupArn=served, Targets=[TARGET])
    assert health(elbv2, served)["Reason"] == "Target.NotRegistered"


def test_the_target_in_service_waiter_finishes_in_simulated_time(elbv2, ecsmock, served):
    elbv2.register_targets(TargetGroupArn=served, Targets=[TARGET])
    elbv2.get_waiter("target_in_service").wait(TargetGroupArn=served, Targets=[TARGET])
    assert ecsmock.clock.elapsed().total_seconds() == 30
    assert state(elbv2, served) == "healthy"


def test_the_target_deregistered_waiter_finishes_in_simulated_time(elbv2, ecsmock, healthy):
    started = ecsmock.clock.now()
    elbv2.deregister_targets(TargetGroupArn=healthy, Targets=[TARGET])
    elbv2.get_waiter("target_deregistered").wait(TargetGroupArn=healthy, Targets=[TARGET])
    assert (ecsmock.clock.now() - started).total_seconds() == 300


def test_the_instant_lifecycle_settles_targets_at_once():
    with mock_ecs(lifecycle="instant") as m:
        network = m.backend("network")
        network.add_subnet("subnet-0000000a", vpc_id=VPC, availability_zone="us-east-1a")
        network.add_subnet("subnet-0000000b", vpc_id=VPC, availability_zone="us-east-1b")
        elbv2 = boto3.client("elbv2", region_name="us-east-1")
        lb = elbv2.create_load_balancer(Name="web", Subnets=["subnet-0000000a", "subnet-0000000b"])
        tg_arn = elbv2.create_target_group(
            Name="web", Protocol="HTTP", Port=8080, VpcId=VPC, TargetType="ip"
        )["TargetGroups"][0]["TargetGroupArn"]
        serve(elbv2, lb["LoadBalancers"][0], tg_arn)

        elbv2.register_targets(TargetGroupArn=tg_arn, Targets=[TARGET])
        assert state(elbv2, tg_arn) == "healthy"

        m.backend("elbv2").fail_health_checks(tg_arn, "10.0.0.5")
        assert state(elbv2, tg_arn) == "unhealthy"

        elbv2.deregister_targets(TargetGroupArn=tg_arn, Targets=[TARGET])
        assert health(elbv2, tg_arn)["Reason"] == "Target.NotRegistered"
        assert m.clock.elapsed().total_seconds() == 0


def test_a_rule_forwarding_to_the_group_puts_its_targets_in_use(
    elbv2, ecsmock, load_balancer, target_group
):
    tg_arn = target_group["TargetGroupArn"]
    listener = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}],
    )["Listeners"][0]
    elbv2.register_targets(TargetGroupArn=tg_arn, Targets=[TARGET])
    assert health(elbv2, tg_arn)["Reason"] == "Target.NotInUse"

    rule = elbv2.create_rule(
        ListenerArn=listener["ListenerArn"],
        Priority=10,
        Conditions=[{"Field": "path-pattern", "Values": ["/api/*"]}],
        Actions=forward_to(tg_arn),
    )["Rules"][0]
    ecsmock.clock.advance(30)
    assert state(elbv2, tg_arn) == "healthy"

    elbv2.delete_rule(RuleArn=rule["RuleArn"])
    assert health(elbv2, tg_arn)["Reason"] == "Target.NotInUse"
