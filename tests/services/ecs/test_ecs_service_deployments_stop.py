"""StopServiceDeployment, ContinueServiceDeployment, and how rollbacks (asked for, or
started by the circuit breaker) show on the service deployment they roll back."""

from __future__ import annotations

import pytest
from ecs_helpers import raises_aws
from service_deployment_helpers import (
    SETTLE,
    cluster,  # noqa: F401  (fixture)
    counts,
    create_service,
    deploy,
    deployment_prefix,
    describe,
    listed,
    newest,
    primary_definition,
    statuses,
)

pytestmark = pytest.mark.usefixtures("cluster")
BREAKER = {"deploymentCircuitBreaker": {"enable": True, "rollback": True}}
BREAKER_WITHOUT_ROLLBACK = {"deploymentCircuitBreaker": {"enable": True, "rollback": False}}


def two_deployments(ecs, ecsmock, **settings):
    """web:1 deployed, web:2 in progress: their briefs, newest first."""
    create_service(ecs, **settings)
    ecsmock.clock.advance(SETTLE)
    deploy(ecs, "web:2")
    ecsmock.clock.advance(5)
    return listed(ecs)


def test_stop_rolls_an_in_progress_deployment_back_to_the_last_successful_one(ecs, ecsmock):
    new, old = two_deployments(ecs, ecsmock)
    arn = new["serviceDeploymentArn"]
    answer = ecs.stop_service_deployment(serviceDeploymentArn=arn, stopType="ROLLBACK")
    assert answer["serviceDeploymentArn"] == arn
    stopped_at = ecsmock.clock.now()
    found = describe(ecs, arn)
    assert (found["status"], found["stoppedAt"]) == ("ROLLBACK_REQUESTED", stopped_at)
    assert found["statusReason"] == (
        "Service deployment rolled back: StopServiceDeployment requested a rollback."
    )
    assert found["rollback"] == {
        "reason": found["statusReason"],
        "startedAt": stopped_at,
        "serviceRevisionArn": old["targetServiceRevisionArn"],
    }
    ecsmock.clock.advance(1)
    assert describe(ecs, arn)["status"] == "ROLLBACK_IN_PROGRESS"
    ecsmock.clock.advance(SETTLE)
    found = describe(ecs, arn)
    assert found["status"] == "ROLLBACK_SUCCESSFUL"
    assert found["finishedAt"] > stopped_at
    [source] = found["sourceServiceRevisions"]
    assert (source["arn"], counts(source)) == (old["targetServiceRevisionArn"], (2, 2, 0))
    assert counts(found["targetServiceRevision"]) == (0, 0, 0)
    assert primary_definition(ecs) == "web:1"
    # the rollback runs the old revision again: no new service deployment or revision
    assert statuses(ecs) == ["ROLLBACK_SUCCESSFUL", "SUCCESSFUL"]


def test_stop_is_rollback_by_default_and_a_rollback_goes_on_when_stopped_again(ecs, ecsmock):
    new, _ = two_deployments(ecs, ecsmock)
    arn = new["serviceDeploymentArn"]
    ecs.stop_service_deployment(serviceDeploymentArn=arn)
    ecsmock.clock.advance(1)
    deployments_before = ecs.describe_services(cluster="prod", services=["api"])["services"][0][
        "deployments"
    ]
    assert ecs.stop_service_deployment(serviceDeploymentArn=arn)["serviceDeploymentArn"] == arn
    [service] = ecs.describe_services(cluster="prod", services=["api"])["services"]
    assert [d["id"] for d in service["deployments"]] == [d["id"] for d in deployments_before]
    assert describe(ecs, arn)["status"] == "ROLLBACK_IN_PROGRESS"


def test_a_finished_deployment_cannot_be_stopped(ecs, ecsmock):
    create_service(ecs)
    ecsmock.clock.advance(SETTLE)
    [brief] = listed(ecs)
    with raises_aws(
        "ConflictException", "The service deployment is SUCCESSFUL and cannot be stopped."
    ):
        ecs.stop_service_deployment(serviceDeploymentArn=brief["serviceDeploymentArn"])


def test_the_first_deployment_has_nothing_to_roll_back_to_and_keeps_going(ecs, ecsmock):
    create_service(ecs)
    ecsmock.clock.advance(5)
    [brief] = listed(ecs)
    with raises_aws(
        "ConflictException",
        "The service deployment cannot be rolled back: the service has no earlier successful "
        "service deployment to roll back to.",
    ):
        ecs.stop_service_deployment(serviceDeploymentArn=brief["serviceDeploymentArn"])
    found = describe(ecs, brief["serviceDeploymentArn"])
    assert found["status"] == "IN_PROGRESS"
    assert "stoppedAt" not in found
    ecsmock.clock.advance(SETTLE)
    assert statuses(ecs) == ["SUCCESSFUL"]


def test_stop_errors_change_nothing(ecs, ecsmock):
    new, _ = two_deployments(ecs, ecsmock)
    arn = new["serviceDeploymentArn"]
    with raises_aws(
        "InvalidParameterException",
        "stopType ABORT is not supported by pytest-ecsmock yet; Amazon ECS documents ROLLBACK "
        "as the stop type to use.",
    ):
        ecs.stop_service_deployment(serviceDeploymentArn=arn, stopType="ABORT")
    with raises_aws(
        "InvalidParameterException",
        "1 validation error detected: Value 'PAUSE' at 'stopType' failed to satisfy constraint: "
        "Member must satisfy enum value set: [ABORT, ROLLBACK]",
    ):
        ecs.stop_service_deployment(serviceDeploymentArn=arn, stopType="PAUSE")
    for unknown in (deployment_prefix() + "1234567890123456789", "not-an-arn"):
        with raises_aws("ServiceDeploymentNotFoundException", "Service deployment not found."):
            ecs.stop_service_deployment(serviceDeploymentArn=unknown)
    assert statuses(ecs) == ["IN_PROGRESS", "SUCCESSFUL"]
    assert primary_definition(ecs) == "web:2"


def test_the_circuit_breaker_rollback_shows_on_the_failed_deployment(ecs, ecsmock):
    create_service(ecs, deploymentConfiguration=BREAKER)
    ecsmock.clock.advance(SETTLE)
    deploy(ecs, "web:3")  # its image cannot be pulled
    ecsmock.clock.advance(5)
    found = newest(ecs)
    assert found["deploymentCircuitBreaker"] == {
        "status": "MONITORING",
        "failureCount": 0,
        "threshold": 3,
    }
    ecsmock.clock.settle()
    failed, first = listed(ecs)
    assert (failed["status"], first["status"]) == ("ROLLBACK_SUCCESSFUL", "SUCCESSFUL")
    found = describe(ecs, failed["serviceDeploymentArn"])
    assert found["statusReason"] == "ECS deployment circuit breaker: tasks failed to start."
    assert found["deploymentCircuitBreaker"]["status"] == "TRIGGERED"
    assert found["deploymentCircuitBreaker"]["failureCount"] >= 3
    assert found["rollback"]["serviceRevisionArn"] == first["targetServiceRevisionArn"]
    assert "stoppedAt" not in found  # the rollback option was in use
    assert primary_definition(ecs) == "web:1"


def test_the_circuit_breaker_without_rollback_stops_the_deployment(ecs, ecsmock):
    create_service(ecs, deploymentConfiguration=BREAKER_WITHOUT_ROLLBACK)
    ecsmock.clock.advance(SETTLE)
    deploy(ecs, "web:3")
    ecsmock.clock.settle()
    failed, _ = listed(ecs)
    found = describe(ecs, failed["serviceDeploymentArn"])
    assert (found["status"], found["statusReason"]) == (
        "STOPPED",
        "ECS deployment circuit breaker: tasks failed to start.",
    )
    assert found["stoppedAt"] == found["finishedAt"]
    assert found["deploymentCircuitBreaker"]["status"] == "TRIGGERED"
    assert "rollback" not in found
    with raises_aws(
        "ConflictException", "The service deployment is STOPPED and cannot be stopped."
    ):
        ecs.stop_service_deployment(serviceDeploymentArn=failed["serviceDeploymentArn"])


def test_a_manual_rollback_of_a_deployment_with_the_breaker_leaves_it_untriggered(ecs, ecsmock):
    new, _ = two_deployments(ecs, ecsmock, deploymentConfiguration=BREAKER)
    ecs.stop_service_deployment(serviceDeploymentArn=new["serviceDeploymentArn"])
    ecsmock.clock.advance(SETTLE)
    found = describe(ecs, new["serviceDeploymentArn"])
    assert found["status"] == "ROLLBACK_SUCCESSFUL"
    assert found["deploymentCircuitBreaker"]["status"] == "MONITORING_COMPLETE"


def test_a_deployment_after_a_rollback_names_the_restored_revision_as_its_source(ecs, ecsmock):
    new, old = two_deployments(ecs, ecsmock)
    ecs.stop_service_deployment(serviceDeploymentArn=new["serviceDeploymentArn"])
    ecsmock.clock.advance(SETTLE)
    deploy(ecs, "web:2")
    [source] = newest(ecs)["sourceServiceRevisions"]
    assert (source["arn"], counts(source)) == (old["targetServiceRevisionArn"], (2, 2, 0))


def test_continue_service_deployment_is_refused_as_hooks_are_not_simulated(ecs, ecsmock):
    new, _ = two_deployments(ecs, ecsmock)
    with raises_aws(
        "InvalidParameterException",
        "ContinueServiceDeployment is not supported by pytest-ecsmock yet: lifecycle hooks and "
        "bake time are not simulated, so no service deployment is ever paused at hook hook-1.",
    ):
        ecs.continue_service_deployment(
            serviceDeploymentArn=new["serviceDeploymentArn"], hookId="hook-1", action="CONTINUE"
        )
    with raises_aws("ServiceDeploymentNotFoundException", "Service deployment not found."):
        ecs.continue_service_deployment(
            serviceDeploymentArn=deployment_prefix() + "1234567890123456789", hookId="hook-1"
        )
    assert statuses(ecs) == ["IN_PROGRESS", "SUCCESSFUL"]
