"""ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions,
StopServiceDeployment and ContinueServiceDeployment.

The views are in :mod:`.service_deployments`. A service deployment or revision is
found by its ARN (``service-deployment/<cluster>/<service>/<id>``); those of a
deleted service (DRAINING or INACTIVE) are gone, as ECS deletes them with the service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.arns import parse_ecs_arn
from pytest_ecsmock.services.ecs.ecs_services import events
from pytest_ecsmock.services.ecs.ecs_services.model import ACTIVE, Deployment, Service
from pytest_ecsmock.services.ecs.ecs_services.service_deployments import (
    IN_PROGRESS,
    ONGOING,
    PENDING,
    STATUSES,
    ServiceHistory,
)
from pytest_ecsmock.services.ecs.params import check_at_most, check_enum, check_enums, page

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.backend import EcsBackend

MAX_DESCRIBE = 20
DEFAULT_PAGE = 20
STOP_TYPES = ("ABORT", "ROLLBACK")
HOOK_ACTIONS = ("ROLLBACK", "CONTINUE")
#: keys that sort the newest service deployment first (for the paging token)
_NEWEST_FIRST = 10**9
NOT_FOUND = "Service deployment not found."
ABORT_UNSUPPORTED = (
    "stopType ABORT is not supported by pytest-ecsmock yet; Amazon ECS documents ROLLBACK "
    "as the stop type to use."
)
CONTINUE_UNSUPPORTED = (
    "ContinueServiceDeployment is not supported by pytest-ecsmock yet: lifecycle hooks and "
    "bake time are not simulated, so no service deployment is ever paused at hook {}."
)
NOTHING_TO_ROLL_BACK_TO = (
    "The service deployment cannot be rolled back: the service has no earlier successful "
    "service deployment to roll back to."
)
FINISHED = "The service deployment is {} and cannot be stopped."
ROLLING_BACK = "ECS deployment rolling back to deploymentId {}: stopped by StopServiceDeployment."


class ServiceDeployments:
    """The service deployment operations of one account and region."""

    def __init__(self, ecs: EcsBackend) -> None:
        self.ecs = ecs
        self.clock = ecs.context.clock

    def history(self, service: Service) -> ServiceHistory:
        return ServiceHistory(service, self.clock)

    # ------------------------------------------------------------------ finding

    def _service_of(self, arn: str, resource_type: str) -> Service | None:
        parsed = parse_ecs_arn(arn)
        if parsed is None or parsed.resource_type != resource_type:
            return None
        parts = parsed.resource.split("/")
        if len(parts) != 3:
            return None
        cluster = self.ecs.clusters.lookup(parts[0])
        if cluster is None:
            return None
        service = self.ecs.services.services.get((cluster.arn, parts[1]))
        return service if service is not None and service.status == ACTIVE else None

    def find(self, arn: str) -> tuple[Service, Deployment] | None:
        """The service deployment ``arn`` names (never a rollback: it has no ARN of its own)."""
        service = self._service_of(arn, "service-deployment")
        if service is None:
            return None
        for deployment in service.history:
            if deployment.service_deployment_arn == arn and deployment.rolled_back_from is None:
                return service, deployment
        return None

    def find_revision(self, arn: str) -> tuple[Service, Deployment] | None:
        """The deployment that created the service revision ``arn``."""
        service = self._service_of(arn, "service-revision")
        if service is None:
            return None
        for deployment in service.history:
            if deployment.service_revision_arn == arn and deployment.rolled_back_from is None:
                return service, deployment
        return None

    def get(self, arn: str) -> tuple[Service, Deployment]:
        found = self.find(arn)
        if found is None:
            raise errors.ServiceDeploymentNotFoundException(NOT_FOUND)
        return found

    # ------------------------------------------------------------------ reading

    def list_deployments(self, params: dict[str, Any]) -> tuple[list[dict[str, Any]], str | None]:
        cluster = self.ecs.cluster(params.get("cluster"))
        statuses = params.get("status") or []
        check_enums(statuses, STATUSES, "status")
        created = params.get("createdAt") or {}
        before, after = created.get("before"), created.get("after")
        service = self.ecs.services.get(cluster, params["service"])
        if service.status != ACTIVE:
            return [], None
        history = self.history(service)
        deployments = history.service_deployments()
        chosen = [
            deployment
            for deployment in deployments
            if (before is None or deployment.created_at < before)
            and (after is None or deployment.created_at > after)
            and (not statuses or history.progress(deployment).status in statuses)
        ]
        position = {id(d): index for index, d in enumerate(service.history)}
        found, token = page(
            chosen,
            params,
            key=lambda d: f"{_NEWEST_FIRST - position[id(d)]:010d}",
            default=DEFAULT_PAGE,
        )
        return [history.brief(deployment) for deployment in found], token

    def describe(self, arns: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
        _check_arns(arns, "serviceDeploymentArns")
        found, failures = [], []
        for arn in arns:
            deployment = self.find(arn)
            if deployment is None:
                failures.append({"arn": arn, "reason": "MISSING"})
            else:
                found.append(self.history(deployment[0]).describe(deployment[1]))
        return found, failures

    def describe_revisions(
        self, arns: list[str]
    ) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
        _check_arns(arns, "serviceRevisionArns")
        found, failures = [], []
        for arn in arns:
            revision = self.find_revision(arn)
            if revision is None:
                failures.append({"arn": arn, "reason": "MISSING"})
            else:
                found.append(self.history(revision[0]).describe_revision(revision[1]))
        return found, failures

    # ------------------------------------------------------------------ changing

    def stop(self, params: dict[str, Any]) -> str:
        """StopServiceDeployment: roll an ongoing deployment back to the service's last
        successful deployment (as the circuit breaker's rollback does)."""
        arn: str = params["serviceDeploymentArn"]
        stop_type = params.get("stopType", "ROLLBACK")
        check_enum(stop_type, STOP_TYPES, "stopType")
        if stop_type == "ABORT":
            raise errors.InvalidParameterException(ABORT_UNSUPPORTED)
        service, deployment = self.get(arn)
        history = self.history(service)
        status = history.progress(deployment).status
        if status not in ONGOING:
            raise errors.ConflictException(FINISHED.format(status))
        if status not in (PENDING, IN_PROGRESS):
            return arn  # already rolling back: the rollback goes on
        last_good = history.last_successful(deployment)
        if last_good is None:
            raise errors.ConflictException(NOTHING_TO_ROLL_BACK_TO)
        deployment.stopped_at = self.clock.now()
        events.record(self.ecs.context, service, events.rolling_back(last_good.id))
        rollback = self.ecs.services.start_deployment(service, last_good.revision, deployment.id)
        rollback.rollout_state_reason = ROLLING_BACK.format(last_good.id)
        return arn

    def continue_deployment(self, params: dict[str, Any]) -> str:
        """ContinueServiceDeployment: no deployment ever waits at a lifecycle hook here."""
        action = params.get("action")
        if action is not None:
            check_enum(action, HOOK_ACTIONS, "action")
        self.get(params["serviceDeploymentArn"])
        raise errors.InvalidParameterException(CONTINUE_UNSUPPORTED.format(params["hookId"]))


def _check_arns(arns: list[str], name: str) -> None:
    if not arns:
        raise errors.InvalidParameterException(f"{name} cannot be empty.")
    check_at_most(arns, MAX_DESCRIBE, name)
