"""A small deployment script of the kind pytest-ecsmock is for.

``ensure_cluster`` makes sure the cluster exists, ``register_revision`` registers a
Fargate task definition, and ``deploy`` rolls a new image out to an ECS service the way
a CI job does: it registers a new revision of the service's task definition with the
image changed, updates the service, and polls DescribeServices until the new
deployment is COMPLETED or FAILED (the deployment circuit breaker) or the time is up.

    python -m examples.deploy --cluster prod --service web --image registry/web:1.28
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import boto3

COMPLETED = "COMPLETED"
FAILED = "FAILED"
TIMED_OUT = "TIMED_OUT"
#: someone else deployed over ours before it finished
REPLACED = "REPLACED"

#: the members of a described task definition that RegisterTaskDefinition takes back;
#: the others (ARN, revision, status, requiresAttributes, compatibilities,
#: registeredAt/By, ...) are ECS's own and are refused when sent
REGISTER_FIELDS = (
    "family",
    "taskRoleArn",
    "executionRoleArn",
    "networkMode",
    "containerDefinitions",
    "volumes",
    "placementConstraints",
    "requiresCompatibilities",
    "cpu",
    "memory",
    "pidMode",
    "ipcMode",
    "proxyConfiguration",
    "inferenceAccelerators",
    "ephemeralStorage",
    "runtimePlatform",
    "enableFaultInjection",
    "trustedExecutionConfiguration",
)
ROLLING_BACK = "ECS deployment circuit breaker: rolling back"


class DeployError(Exception):
    """The deployment could not be started (nothing was changed)."""


def ensure_cluster(ecs: Any, name: str, tags: dict[str, str] | None = None) -> str:
    """Create the cluster if it is missing; return its ARN."""
    found = ecs.describe_clusters(clusters=[name])["clusters"]
    active = [c for c in found if c["status"] == "ACTIVE"]
    if active:
        return str(active[0]["clusterArn"])
    created = ecs.create_cluster(
        clusterName=name, tags=[{"key": k, "value": v} for k, v in (tags or {}).items()]
    )
    return str(created["cluster"]["clusterArn"])


def register_revision(
    ecs: Any,
    family: str,
    image: str,
    *,
    task_role: str,
    execution_role: str,
    cpu: str = "256",
    memory: str = "512",
    port: int = 8080,
) -> dict[str, Any]:
    """Register the next revision of a Fargate service's task definition."""
    response = ecs.register_task_definition(
        family=family,
        taskRoleArn=task_role,
        executionRoleArn=execution_role,
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu=cpu,
        memory=memory,
        containerDefinitions=[
            {
                "name": family,
                "image": image,
                "essential": True,
                "portMappings": [{"containerPort": port, "protocol": "tcp"}],
                "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {
                        "awslogs-group": f"/ecs/{family}",
                        "awslogs-region": ecs.meta.region_name,
                        "awslogs-stream-prefix": family,
                    },
                },
            }
        ],
    )
    definition: dict[str, Any] = response["taskDefinition"]
    return definition


# ---------------------------------------------------------------------- deploy


@dataclass(frozen=True)
class ServiceEvent:
    created_at: datetime
    message: str


@dataclass(frozen=True)
class DeployReport:
    cluster: str
    service: str
    image: str
    #: what the service ran before, and the revision registered for ``image``
    previous_task_definition: str
    task_definition: str
    deployment_id: str
    #: COMPLETED, FAILED, TIMED_OUT or REPLACED
    state: str
    #: the deployment's rolloutStateReason, or why the script stopped waiting
    reason: str
    #: the task definition the circuit breaker rolled back to, if it did
    rolled_back_to: str | None
    #: the service's events since the update, oldest first
    events: tuple[ServiceEvent, ...]
    #: seconds from the start of ``deploy`` to its answer
    elapsed: float

    @property
    def ok(self) -> bool:
        return self.state == COMPLETED

    @property
    def messages(self) -> list[str]:
        return [event.message for event in self.events]

    def summary(self) -> str:
        lines = [
            f"{self.service}: {self.state} after {self.elapsed:.0f}s ({self.deployment_id})",
            f"  {self.reason}",
            f"  task definition {self.previous_task_definition} -> {self.task_definition}",
        ]
        if self.rolled_back_to is not None:
            lines.append(f"  rolled back to {self.rolled_back_to}")
        lines += [f"  {e.created_at:%H:%M:%S} {e.message}" for e in self.events]
        return "\n".join(lines)


@dataclass
class _EventLog:
    """The service events not seen before the update, in the order they happened.

    DescribeServices gives the newest 100 events, newest first; a long deployment can
    push early ones out of that window, so each poll keeps what is new."""

    seen: set[str] = field(default_factory=set)
    events: list[ServiceEvent] = field(default_factory=list)

    def add(self, described: Iterable[dict[str, Any]], keep: bool = True) -> None:
        for event in reversed(list(described)):
            if event["id"] in self.seen:
                continue
            self.seen.add(event["id"])
            if keep:
                self.events.append(ServiceEvent(event["createdAt"], event["message"]))


def describe_service(ecs: Any, cluster: str, service: str) -> dict[str, Any]:
    """The ACTIVE service, or DeployError."""
    answer = ecs.describe_services(cluster=cluster, services=[service])
    for found in answer["services"]:
        if found["status"] == "ACTIVE":
            return dict(found)
    reasons = [failure.get("reason", "") for failure in answer["failures"]]
    problem = reasons[0] if reasons else "INACTIVE"
    raise DeployError(f"service {service} in cluster {cluster}: {problem}")


def register_image(ecs: Any, task_definition: str, image: str, container: str | None = None) -> str:
    """Register the next revision of ``task_definition`` with ``container`` running
    ``image`` and everything else as it was (tags included); return its ARN."""
    described = ecs.describe_task_definition(taskDefinition=task_definition, include=["TAGS"])
    current = described["taskDefinition"]
    request = {k: copy.deepcopy(current[k]) for k in REGISTER_FIELDS if k in current}
    containers = request["containerDefinitions"]
    names = [c["name"] for c in containers]
    if container is None:
        if len(names) != 1:
            raise DeployError(
                f"{current['taskDefinitionArn']} has containers {', '.join(names)}: "
                "say which one runs the new image"
            )
        container = names[0]
    if container not in names:
        raise DeployError(f"{current['taskDefinitionArn']} has no container {container}")
    for definition in containers:
        if definition["name"] == container:
            definition["image"] = image
    if described.get("tags"):
        request["tags"] = described["tags"]
    registered = ecs.register_task_definition(**request)
    return str(registered["taskDefinition"]["taskDefinitionArn"])


def deploy(
    ecs: Any,
    cluster: str,
    service: str,
    image: str,
    *,
    container: str | None = None,
    timeout: float = 600.0,
    poll: float = 15.0,
) -> DeployReport:
    """Roll ``image`` out to ``service`` and wait for the outcome (see the module)."""
    started = time.monotonic()
    deadline = started + timeout
    previous = describe_service(ecs, cluster, service)["taskDefinition"]
    task_definition = register_image(ecs, previous, image, container)
    updated = ecs.update_service(cluster=cluster, service=service, taskDefinition=task_definition)
    [deployment] = [d for d in updated["service"]["deployments"] if d["status"] == "PRIMARY"]
    deployment_id = deployment["id"]
    log = _EventLog()
    log.add(updated["service"]["events"], keep=False)
    while True:
        described = describe_service(ecs, cluster, service)
        log.add(described["events"])
        outcome = _outcome(described, deployment_id, log.events)
        if outcome is not None:
            state, reason = outcome
            break
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            state = TIMED_OUT
            reason = f"{deployment_id} was still IN_PROGRESS after {timeout:.0f}s"
            break
        time.sleep(min(poll, remaining))
    primary = described["deployments"][0]
    rolled_back = str(primary.get("rolloutStateReason", "")).startswith(ROLLING_BACK)
    return DeployReport(
        cluster=cluster,
        service=service,
        image=image,
        previous_task_definition=previous,
        task_definition=task_definition,
        deployment_id=deployment_id,
        state=state,
        reason=reason,
        rolled_back_to=primary["taskDefinition"] if rolled_back else None,
        events=tuple(log.events),
        elapsed=time.monotonic() - started,
    )


def _outcome(
    described: dict[str, Any], deployment_id: str, events: list[ServiceEvent]
) -> tuple[str, str] | None:
    """(state, reason) once the deployment has finished, else None."""
    primary = described["deployments"][0]
    replaced = (REPLACED, f"{deployment_id} was replaced by {primary['id']}")
    for deployment in described["deployments"]:
        if deployment["id"] == deployment_id:
            state = deployment["rolloutState"]
            if state in (COMPLETED, FAILED):
                return state, deployment.get("rolloutStateReason", "")
            # someone updated the service again: ours will never finish
            return None if deployment["status"] == "PRIMARY" else replaced
    # Gone from the list: a newer deployment replaced it and its tasks have stopped.
    # The circuit breaker's rollback does that too; its event says why.
    failed = f"(deployment {deployment_id}) deployment failed"
    for event in events:
        if failed in event.message:
            return FAILED, event.message
    return replaced


# ---------------------------------------------------------------------- command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Roll a new image out to an ECS service.")
    parser.add_argument("--cluster", required=True)
    parser.add_argument("--service", required=True)
    parser.add_argument("--image", required=True)
    parser.add_argument("--container", help="the container to change (if there are several)")
    parser.add_argument("--region")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds (default 600)")
    parser.add_argument("--poll", type=float, default=15.0, help="seconds between checks")
    args = parser.parse_args(argv)
    ecs = boto3.client("ecs", region_name=args.region)
    try:
        report = deploy(
            ecs,
            args.cluster,
            args.service,
            args.image,
            container=args.container,
            timeout=args.timeout,
            poll=args.poll,
        )
    except DeployError as problem:
        print(f"deploy: {problem}", file=sys.stderr)
        return 2
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
