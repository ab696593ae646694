"""Service deployments and service revisions: the newer view of a service's history
that ListServiceDeployments, DescribeServiceDeployments and DescribeServiceRevisions
give, read from the deployments the scheduler keeps (:mod:`.model`).

Every deployment a service started (``Service.history``) is one service deployment
and has its own service revision, except a rollback: ECS creates no service revision
for a rollback (it runs the last successful one again) and reports it on the
deployment it rolls back (status ``ROLLBACK_*`` and ``rollback``), so a rollback
deployment appears in neither listing. Task counts are per service revision: the
tasks of every live deployment that runs it, a rollback included.

Everything here is read from the model at the current time; nothing changes state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs.ecs_services.config import circuit_breaker_threshold
from pytest_ecsmock.services.ecs.ecs_services.model import (
    COMPLETED,
    FAILED,
    INACTIVE,
    Deployment,
    Service,
    revision_fields,
)
from pytest_ecsmock.services.ecs.ecs_services.scheduler import PASS_DELAY_SECONDS

if TYPE_CHECKING:
    from pytest_ecsmock.clock import SimulatedClock

PENDING, IN_PROGRESS, SUCCESSFUL = "PENDING", "IN_PROGRESS", "SUCCESSFUL"
STOPPED, STOP_REQUESTED = "STOPPED", "STOP_REQUESTED"
ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS = "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS"
ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED = "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"
STATUSES = (
    PENDING,
    SUCCESSFUL,
    STOPPED,
    STOP_REQUESTED,
    IN_PROGRESS,
    ROLLBACK_REQUESTED,
    ROLLBACK_IN_PROGRESS,
    ROLLBACK_SUCCESSFUL,
    ROLLBACK_FAILED,
)
#: statuses StopServiceDeployment can act on (the others are finished)
ONGOING = (PENDING, IN_PROGRESS, STOP_REQUESTED, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS)
#: statusReason texts of the mock (AWS's wording is not documented)
SUPERSEDED = "Service deployment stopped: a newer service deployment ({}) started."
ROLLBACK_INTERRUPTED = (
    "Service deployment rollback stopped: a newer service deployment ({}) started."
)
STOPPED_BY_REQUEST = "Service deployment rolled back: StopServiceDeployment requested a rollback."


@dataclass(frozen=True)
class Progress:
    """Where one service deployment stands at the current time."""

    status: str
    reason: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    stopped_at: datetime | None = None
    #: the deployment that rolls this one back
    rollback: Deployment | None = None


class ServiceHistory:
    """The service deployments of one ACTIVE service, as they stand now."""

    def __init__(self, service: Service, clock: SimulatedClock) -> None:
        self.service = service
        self.clock = clock
        self.now = clock.now()
        self.history = service.history

    # ------------------------------------------------------------------ which deployments

    def service_deployments(self) -> list[Deployment]:
        """Newest first; rollbacks are part of the deployment they roll back."""
        return [d for d in reversed(self.history) if d.rolled_back_from is None]

    def _index(self, deployment: Deployment) -> int:
        return next(i for i, d in enumerate(self.history) if d is deployment)

    def revision_arn(self, deployment: Deployment) -> str:
        """The service revision a deployment runs: a rollback runs the one it restores."""
        while deployment.rolled_back_from is not None:
            restored = self._restored(deployment)
            if restored is None:
                break
            deployment = restored
        return deployment.service_revision_arn

    def _restored(self, rollback: Deployment) -> Deployment | None:
        earlier = self.history[: self._index(rollback)]
        same = [d for d in earlier if d.revision is rollback.revision]
        same = same or [d for d in earlier if d.revision == rollback.revision]
        return same[-1] if same else None

    def last_successful(self, deployment: Deployment) -> Deployment | None:
        """The newest deployment before ``deployment`` that completed (what a rollback
        of ``deployment`` runs again)."""
        earlier = self.history[: self._index(deployment)]
        return next((d for d in reversed(earlier) if d.rollout_state == COMPLETED), None)

    # ------------------------------------------------------------------ status

    def started_at(self, deployment: Deployment) -> datetime | None:
        """A deployment starts at the scheduler's first pass over it."""
        delay = 0.0 if self.clock.instant else PASS_DELAY_SECONDS
        when = deployment.created_at + timedelta(seconds=delay)
        return when if when <= self.now else None

    def progress(self, deployment: Deployment) -> Progress:
        later = self.history[self._index(deployment) + 1 :]
        rollback = next((d for d in later if d.rolled_back_from == deployment.id), None)
        started = self.started_at(deployment)
        if rollback is not None:
            return self._rolling_back(deployment, rollback, started)
        if deployment.rollout_state == COMPLETED:
            return Progress(SUCCESSFUL, None, started, deployment.finished_at)
        if deployment.rollout_state == FAILED:  # the circuit breaker, without a rollback
            when = deployment.finished_at
            return Progress(STOPPED, deployment.rollout_state_reason, started, when, when)
        if later:
            when = later[0].created_at
            return Progress(STOPPED, SUPERSEDED.format(later[0].id), started, when, when)
        return Progress(IN_PROGRESS if started else PENDING, None, started)

    def _rolling_back(
        self, deployment: Deployment, rollback: Deployment, started: datetime | None
    ) -> Progress:
        if deployment.stopped_at is not None:
            reason: str | None = STOPPED_BY_REQUEST
        else:
            reason = deployment.rollout_state_reason or None
        stopped = deployment.stopped_at
        later = self.history[self._index(rollback) + 1 :]
        if rollback.rollout_state in (COMPLETED, FAILED):
            status = ROLLBACK_SUCCESSFUL if rollback.rollout_state == COMPLETED else ROLLBACK_FAILED
            return Progress(status, reason, started, rollback.finished_at, stopped, rollback)
        if later:
            when = later[0].created_at
            reason = ROLLBACK_INTERRUPTED.format(later[0].id)
            return Progress(STOPPED, reason, started, when, stopped or when, rollback)
        status = ROLLBACK_IN_PROGRESS if self.started_at(rollback) else ROLLBACK_REQUESTED
        return Progress(status, reason, started, None, stopped, rollback)

    # ------------------------------------------------------------------ task counts

    def revision_summary(self, revision_arn: str) -> dict[str, Any]:
        """The tasks of a service revision: those of every live deployment running it."""
        live = [
            d for d in self.history if d.status != INACTIVE and self.revision_arn(d) == revision_arn
        ]
        return {
            "arn": revision_arn,
            "requestedTaskCount": sum(d.desired_count for d in live),
            "runningTaskCount": sum(d.running_count() for d in live),
            "pendingTaskCount": sum(d.pending_count() for d in live),
        }

    def source_revision_arns(self, deployment: Deployment) -> list[str]:
        """The revisions the service ran when ``deployment`` was created, newest first:
        those of the deployments that had not retired by then."""
        arns: list[str] = []
        for earlier in reversed(self.history[: self._index(deployment)]):
            retired_before = (
                earlier.status == INACTIVE
                and earlier.updated_at is not None
                and earlier.updated_at <= deployment.created_at
            )
            arn = self.revision_arn(earlier)
            if not retired_before and arn not in arns:
                arns.append(arn)
        return arns

    # ------------------------------------------------------------------ views

    def brief(self, deployment: Deployment) -> dict[str, Any]:
        """ListServiceDeployments' ServiceDeploymentBrief."""
        progress = self.progress(deployment)
        answer = self._identity(deployment)
        answer.update(
            createdAt=deployment.created_at,
            targetServiceRevisionArn=deployment.service_revision_arn,
            status=progress.status,
        )
        _put(answer, "startedAt", progress.started_at)
        _put(answer, "finishedAt", progress.finished_at)
        _put(answer, "statusReason", progress.reason)
        return answer

    def describe(self, deployment: Deployment) -> dict[str, Any]:
        """DescribeServiceDeployments' ServiceDeployment."""
        progress = self.progress(deployment)
        answer = self._identity(deployment)
        answer["createdAt"] = deployment.created_at
        _put(answer, "startedAt", progress.started_at)
        _put(answer, "finishedAt", progress.finished_at)
        _put(answer, "stoppedAt", progress.stopped_at)
        answer["updatedAt"] = self._updated_at(deployment, progress)
        answer["sourceServiceRevisions"] = [
            self.revision_summary(arn) for arn in self.source_revision_arns(deployment)
        ]
        answer["targetServiceRevision"] = self.revision_summary(deployment.service_revision_arn)
        answer["status"] = progress.status
        _put(answer, "statusReason", progress.reason)
        answer["deploymentConfiguration"] = self.service.configuration.describe()
        if progress.rollback is not None:
            answer["rollback"] = {
                "reason": progress.reason or "",
                "startedAt": progress.rollback.created_at,
                "serviceRevisionArn": self.revision_arn(progress.rollback),
            }
        answer["deploymentCircuitBreaker"] = self._circuit_breaker(deployment, progress)
        answer["alarms"] = {"status": "DISABLED"}
        return answer

    def _identity(self, deployment: Deployment) -> dict[str, Any]:
        return {
            "serviceDeploymentArn": deployment.service_deployment_arn,
            "serviceArn": self.service.arn,
            "clusterArn": self.service.cluster.arn,
        }

    def _updated_at(self, deployment: Deployment, progress: Progress) -> datetime:
        moments = [deployment.created_at, progress.started_at, progress.stopped_at]
        if progress.rollback is not None:
            moments += [progress.rollback.created_at, self.started_at(progress.rollback)]
        moments.append(progress.finished_at)
        return max(moment for moment in moments if moment is not None)

    def _circuit_breaker(self, deployment: Deployment, progress: Progress) -> dict[str, Any]:
        if not self.service.configuration.circuit_breaker:
            return {"status": "DISABLED"}
        if deployment.rollout_state == FAILED:
            status = "TRIGGERED"
        elif progress.status in (PENDING, IN_PROGRESS):
            status = "MONITORING"
        else:
            status = "MONITORING_COMPLETE"
        return {
            "status": status,
            "failureCount": deployment.failed_tasks,
            "threshold": circuit_breaker_threshold(self.service.desired_count),
        }

    def describe_revision(self, deployment: Deployment) -> dict[str, Any]:
        """DescribeServiceRevisions' ServiceRevision of a deployment's revision."""
        revision = deployment.revision
        answer: dict[str, Any] = {
            "serviceRevisionArn": deployment.service_revision_arn,
            "serviceArn": self.service.arn,
            "clusterArn": self.service.cluster.arn,
            "taskDefinition": revision.definition.arn,
        }
        answer.update(revision_fields(revision))
        answer["loadBalancers"] = [link.describe() for link in revision.load_balancers]
        answer["serviceRegistries"] = []
        answer["containerImages"] = [
            _container_image(spec.name, spec.image) for spec in revision.definition.containers
        ]
        answer["guardDutyEnabled"] = False
        answer["serviceConnectConfiguration"] = {"enabled": False}
        answer["createdAt"] = deployment.created_at
        return answer


def _container_image(name: str, image: str) -> dict[str, str]:
    """An image pinned by digest (``repo@sha256:...``) shows its digest; the mock does
    not resolve tags to digests."""
    answer = {"containerName": name, "image": image}
    _, at, digest = image.partition("@")
    if at and digest.startswith("sha256:"):
        answer["imageDigest"] = digest
    return answer


def _put(answer: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        answer[key] = value
